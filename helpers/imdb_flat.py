"""A flat copy of ``imdb.npz``'s reviews, for machines that load it often.

Keras' ``imdb.npz`` stores each review as a pickled list of Python ints:
unpickling both splits takes about 1.3 CPU s, even when a fast-mode lesson
keeps 2,000 reviews. The grader pays that in every graded IMDB notebook, so
it writes this copy once (:func:`write`: every split's words in one int32
array, with the reviews' lengths and labels) and shows it to the sandboxed
notebooks through ``COURSE_CACHE_DIR``. :func:`helpers.data.load_imdb` then
reads it (:func:`read`) and gives exactly what it gives from the npz.

Students never need it. A copy that is missing, unreadable or made from
another ``imdb.npz`` (size or modification time differ) is ignored.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np

CACHE_DIR_VARIABLE = "COURSE_CACHE_DIR"
"""Environment variable naming the folder that holds the flat copy."""

FILE = "imdb-flat.npz"
SPLITS = ("train", "test")


def _stamp(source: Path) -> np.ndarray:
    status = source.stat()
    return np.array([status.st_size, status.st_mtime_ns], dtype=np.int64)


def write(source: Path, folder: Path) -> Path:
    """Write the flat copy of ``source`` (an ``imdb.npz``) into ``folder``.

    Raises:
        helpers.data.DatasetUnavailableError: if ``source`` is not a
            readable IMDB file in Keras' format.
    """
    from helpers import data  # its npz reader; data imports this module

    arrays: dict[str, np.ndarray] = {"stamp": _stamp(source)}
    for split in SPLITS:
        stored = data._read_npz(source, "imdb", keys=(f"x_{split}", f"y_{split}"))
        words, lengths = data._flatten(list(stored[f"x_{split}"]))
        arrays[f"words_{split}"] = words.astype(np.int32)
        arrays[f"lengths_{split}"] = lengths
        arrays[f"labels_{split}"] = np.asarray(stored[f"y_{split}"])
    target = folder / FILE
    partial = folder / f".{FILE}.partial"
    with open(partial, "wb") as file:
        np.savez(file, **arrays)  # type: ignore[arg-type]  # stubs: allow_pickle
    partial.chmod(0o644)
    partial.replace(target)
    return target


def read(source: Path, split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``(words, lengths, labels)`` of ``split`` from the flat copy of
    ``source`` in ``COURSE_CACHE_DIR``; ``None`` if there is no usable one."""
    folder = os.environ.get(CACHE_DIR_VARIABLE, "").strip()
    path = Path(folder) / FILE if folder else None
    if path is None or not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            if not np.array_equal(stored["stamp"], _stamp(source)):
                return None
            words = stored[f"words_{split}"]
            lengths = stored[f"lengths_{split}"]
            labels = stored[f"labels_{split}"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    if words.ndim != 1 or lengths.ndim != 1 or lengths.sum() != words.size:
        return None
    return words, lengths, labels


def select(
    words: np.ndarray, lengths: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The words (int64, a fresh array) and lengths of the reviews ``order``
    picks, in that order (all of one review, then the next)."""
    starts = np.cumsum(lengths) - lengths
    chosen = lengths[order]
    first_of_each = np.repeat(np.cumsum(chosen) - chosen, chosen)
    within = np.arange(int(chosen.sum())) - first_of_each
    return words[np.repeat(starts[order], chosen) + within].astype(np.int64), chosen
