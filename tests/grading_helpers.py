"""Shared pieces of the grading tests: temporary courses and submissions."""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT
from tools import cells
from tools.grading.course import Course

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_LESSON = "00-fixture"
FIXTURE_CHECKS = ("tests.fixtures.checks", "tests.fixtures.checks.hidden")


@dataclass
class LessonAnswers:
    """What the tests need to know of one lesson."""

    name: str
    notebook: str
    release: nbformat.NotebookNode
    answers: dict[str, str]  # answer grade_id: reference code
    points: dict[str, float]  # test grade_id: points

    @property
    def total(self) -> float:
        return sum(self.points.values())

    def test_after(self, answer_id: str) -> str:
        return answer_id.removesuffix("_answer") + "_test"


def make_course(root: Path, lesson: str, source_root: Path, checks=None) -> Course:
    """A course folder with one lesson's source and a gradebook of its own."""
    shutil.copytree(source_root / lesson, root / "solutions" / lesson)
    state = root / ".nbgrader"
    if checks:
        return Course(root=root, gradebook=state / "gradebook.db", checks=checks)
    return Course(root=root, gradebook=state / "gradebook.db")


def fixture_course(root: Path) -> Course:
    """A course with the fixture lesson and its checks (tests/fixtures)."""
    return make_course(root, FIXTURE_LESSON, FIXTURES / "solutions", FIXTURE_CHECKS)


def require_sandbox() -> None:
    """Skip without a sandbox; under CI a missing sandbox is a failure."""
    from tools.grading import sandbox

    try:
        sandbox.find_sandbox()
    except sandbox.SandboxUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have a sandbox: {error}")
        pytest.skip(str(error))


def lesson_of(course: Course, name: str) -> LessonAnswers:
    [source] = sorted((course.source / name).glob("*.ipynb"))
    notebook = nbformat.read(source, as_version=4)
    answers = {
        cells.grade_id(c) or "": c.source
        for c in notebook.cells
        if cells.is_solution(c) and c.cell_type == "code"
    }
    points = cells.test_points(notebook)
    release = nbformat.read(course.release / name / source.name, as_version=4)
    return LessonAnswers(name, source.name, release, answers, points)


def answered(lesson: LessonAnswers, answers: dict[str, str]) -> nbformat.NotebookNode:
    """The release with the given answer cells filled in."""
    notebook = copy.deepcopy(lesson.release)
    for cell in notebook.cells:
        if cells.grade_id(cell) in answers:
            cell.source = answers[cells.grade_id(cell) or ""]
    return notebook


def without(notebook: nbformat.NotebookNode, *grade_ids: str) -> nbformat.NotebookNode:
    notebook.cells = [c for c in notebook.cells if cells.grade_id(c) not in grade_ids]
    return notebook


def hand_in(
    course: Course, lesson: LessonAnswers, student: str, content, name=None
) -> Path:
    """Write one submission into ``submitted/<student>/<lesson>/``."""
    folder = course.submitted / student / lesson.name
    folder.mkdir(parents=True, exist_ok=True)
    text = content if isinstance(content, str) else nbformat.writes(content)
    path = folder / (name or lesson.notebook)
    path.write_text(text, encoding="utf-8")
    return path


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (relative path: digest)."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def grades_of(course: Course, lesson: LessonAnswers, student: str) -> dict[str, tuple]:
    """Every grade of one submission: (auto, manual, extra credit)."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        submission = gradebook.find_submission_notebook(
            lesson.notebook.removesuffix(".ipynb"), lesson.name, student
        )
        return {
            g.name: (g.auto_score, g.manual_score, g.extra_credit)
            for g in submission.grades
        }
