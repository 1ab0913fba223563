"""Per-student hidden inputs: a course secret and the seeds drawn from it.

The secret lives beside the gradebook (``.nbgrader/course_secret``, never
in the repository). A student's hidden inputs come from
``HMAC(secret, lesson, student)``: the same student always gets the same
inputs (regrading is stable), and inputs that leak help nobody else.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import numpy as np

from tools.grading.course import GradingError

SECRET_BYTES = 32


def course_secret(folder: Path) -> bytes:
    """The course's secret, created (readable by its owner only) on first
    use; a :class:`GradingError` if the file is damaged."""
    path = folder / "course_secret"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(SECRET_BYTES))
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError:  # not hex, or not text (UnicodeDecodeError)
        key = b""
    if len(key) != SECRET_BYTES:
        # Never replace it silently: a new secret gives every student new
        # hidden inputs, so regrades would no longer match earlier grades.
        raise GradingError(
            f"{path} is damaged (expected {2 * SECRET_BYTES} hex digits). "
            "Restore it from your backup of .nbgrader/; delete it only to "
            "give every student new hidden inputs from now on."
        )
    return key


def student_rng(secret: bytes, lesson: str, student: str) -> np.random.Generator:
    """The generator of one student's hidden inputs for one lesson."""
    digest = hmac.new(secret, f"{lesson}\0{student}".encode(), hashlib.sha256)
    return np.random.default_rng(int.from_bytes(digest.digest()[:8], "big"))
