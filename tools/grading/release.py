"""The release step: register lessons in the gradebook, checked.

``nbgrader generate_assignment`` records each lesson's cells and points.
Before that, the lesson must be gradable the trusted way: no hidden tests
in its cells (they live in ``tools/grading/hidden/``, which students never
see), and checks for every autograded cell. After it, the generated release
must equal the committed one, so students are graded on what they see.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import nbformat
import numpy as np

from tools import cells, notebooks
from tools.grading.checker import CheckerError, lesson_cases
from tools.grading.course import Course, GradingError, find_lessons
from tools.grading.nbgrader_run import fail_with_log, nbgrader
from tools.lessons import Lesson

HIDDEN_MARKER = "BEGIN HIDDEN TESTS"


def check_source(course: Course, lesson: Lesson) -> tuple[float, float, int]:
    """Autograded points, manual points and checks of a lesson's source;
    raise :class:`GradingError` if it cannot be graded safely."""
    notebook = nbformat.read(lesson.source, as_version=4)
    if any(HIDDEN_MARKER in cell.source for cell in notebook.cells):
        raise GradingError(
            f"{lesson.name}: a cell holds hidden tests; hidden checks belong in "
            f"{course.checks[1]}.{lesson.notebook_id}, never in a notebook"
        )
    points = cells.test_points(notebook)
    manual = sum(cells.points(c) for c in notebook.cells if cells.is_written_answer(c))
    try:
        found = lesson_cases(
            lesson.notebook_id,
            list(points),
            np.random.default_rng(0),
            course.checks,
        )
    except (CheckerError, ModuleNotFoundError) as error:
        raise GradingError(f"{lesson.name}: {error}") from None
    count = sum(len(items) for items in found.values())
    return sum(points.values()), manual, count


def _generate(course: Course, lesson: Lesson, scratch: Path) -> Path:
    run = nbgrader(
        course,
        "generate_assignment",
        lesson.name,
        "--force",
        f"--CourseDirectory.release_directory={scratch}",
    )
    fresh = scratch / lesson.name / lesson.notebook
    if run.returncode != 0 or run.errors() or not fresh.is_file():
        raise fail_with_log(run, f"could not generate {lesson.name}")
    notebooks.store_kernel_metadata(fresh)
    return fresh


def _compare(course: Course, lesson: Lesson, fresh: Path) -> str | None:
    committed = course.release / lesson.name / lesson.notebook
    shown = committed.relative_to(course.root)
    if not committed.is_file():
        committed.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(fresh, committed)
        return f"  wrote {shown} (was missing)"
    if not notebooks.same_release(fresh, committed):
        raise GradingError(
            f"{shown} differs from what {lesson.name}'s source generates, so "
            "students would be graded on other cells than they see. Regenerate "
            f"and commit it: python -m tools.notebooks release {lesson.name}"
        )
    return None


def release(course: Course, names: list[str] | None = None) -> list[str]:
    """Register lessons in the gradebook; return the lines to print."""
    output = []
    with tempfile.TemporaryDirectory() as scratch:
        for lesson in find_lessons(course, names):
            auto, manual, checks = check_source(course, lesson)
            fresh = _generate(course, lesson, Path(scratch))
            note = _compare(course, lesson, fresh)
            if note:
                output.append(note)
            output.append(
                f"{lesson.name}: {auto:g} autograded + {manual:g} hand-graded "
                f"points, {checks} checks (visible and hidden); registered"
            )
    return output
