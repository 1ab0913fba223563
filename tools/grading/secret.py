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


def course_secret(folder: Path) -> bytes:
    """The course's secret, created (readable by its owner only) on first
    use."""
    path = folder / "course_secret"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())


def student_rng(secret: bytes, lesson: str, student: str) -> np.random.Generator:
    """The generator of one student's hidden inputs for one lesson."""
    digest = hmac.new(secret, f"{lesson}\0{student}".encode(), hashlib.sha256)
    return np.random.default_rng(int.from_bytes(digest.digest()[:8], "big"))
