"""Flat copies of the lesson data, made once per grading process and shown
read-only to every sandbox (:mod:`helpers.imdb_flat`): each graded IMDB
notebook then reads its reviews in 0.06 instead of 1.7 CPU s.

Only the grader writes them, from the instructor's data; a sandbox can read
them but not change them. If one cannot be made, notebooks read the
original files as before.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from helpers import data, imdb_flat

_lock = threading.Lock()
_made: dict[Path, Path | None] = {}


def folder_for(data_dir: Path) -> Path | None:
    """The folder with the flat copies of ``data_dir``'s files, made on the
    first call for it (then reused); ``None`` if there is nothing to copy
    or the copy failed."""
    key = data_dir.resolve()
    with _lock:
        if key not in _made:
            _made[key] = _make(key)
        return _made[key]


def _make(data_dir: Path) -> Path | None:
    source = data_dir / data.FILES["imdb"]
    if not source.is_file():
        return None
    folder = Path(tempfile.mkdtemp(prefix="course-data-cache-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    try:
        imdb_flat.write(source, folder)
    except (data.DatasetUnavailableError, OSError):
        return None  # the notebooks report the bad file themselves
    folder.chmod(0o755)  # sandboxes run as nobody when grading as root
    return folder
