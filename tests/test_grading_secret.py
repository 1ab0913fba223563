"""The course secret and the per-student generators drawn from it."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tools.grading.course import GradingError
from tools.grading.secret import course_secret, student_rng


def test_secret_is_created_once_for_its_owner_only(tmp_path: Path) -> None:
    first = course_secret(tmp_path / ".nbgrader")
    path = tmp_path / ".nbgrader" / "course_secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert course_secret(tmp_path / ".nbgrader") == first
    assert course_secret(tmp_path / "other") != first


def test_a_student_gets_the_same_inputs_and_others_get_their_own(
    tmp_path: Path,
) -> None:
    key = course_secret(tmp_path)

    def draw(lesson: str, student: str) -> list[float]:
        return student_rng(key, lesson, student).random(4).tolist()

    assert draw("07", "ada") == draw("07", "ada")
    assert draw("07", "ada") != draw("07", "alan")
    assert draw("07", "ada") != draw("06", "ada")


@pytest.mark.parametrize("content", [b"", b"not hex at all", b"abcd", b"\xff\xfe" * 40])
def test_a_damaged_secret_is_reported_not_replaced(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "course_secret"
    path.write_bytes(content)
    with pytest.raises(GradingError, match="damaged.*backup"):
        course_secret(tmp_path)
    assert path.read_bytes() == content
