"""Where a course's files and gradebook are, and the lessons it grades."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tools import lessons as lesson_folders
from tools.grading.checker import CHECKS
from tools.lessons import Lesson

ROOT = Path(__file__).resolve().parent.parent.parent


class GradingError(Exception):
    """A step could not do its job; the message says what to do."""


@dataclass(frozen=True)
class Course:
    """Where the course's files and gradebook are.

    The defaults are this repository and its real gradebook; the tests build
    a course in a temporary directory. nbgrader always runs from
    ``config_dir`` so that ``nbgrader_config.py`` (stubs, timeout) applies;
    the paths given here override the ones it sets.
    """

    root: Path = ROOT
    gradebook: Path | None = None
    timeout: int | None = None
    config_dir: Path = ROOT
    checks: tuple[str, str] = CHECKS

    @property
    def source(self) -> Path:
        return self.root / "solutions"

    @property
    def release(self) -> Path:
        return self.root / "notebooks"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def downloaded(self) -> Path:
        return self.root / "downloaded"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def state(self) -> Path:
        """The instructor's private state: gradebook, secret, snapshots."""
        return self.gradebook.parent if self.gradebook else self.root / ".nbgrader"

    @property
    def originals(self) -> Path:
        """Copies of submissions as handed in, before any repair."""
        return self.state / "originals"

    @property
    def db_path(self) -> Path:
        return self.gradebook or self.state / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def nbgrader_options(self) -> list[str]:
        """Command-line options that point nbgrader at this course."""
        options = [
            f"--CourseDirectory.root={self.root}",
            f"--CourseDirectory.db_url={self.db_url}",
            f"--CourseDirectory.source_directory={self.source}",
            f"--CourseDirectory.release_directory={self.release}",
        ]
        if self.timeout is not None:
            options.append(f"--Execute.timeout={self.timeout}")
        return options


def find_lessons(course: Course, names: Iterable[str] | None = None) -> list[Lesson]:
    """The lessons in ``course.source`` called ``names`` (default: all)."""
    try:
        return lesson_folders.lessons(
            list(names or []) or None, source=course.source, release=course.release
        )
    except lesson_folders.LessonError as error:
        raise GradingError(str(error)) from None
