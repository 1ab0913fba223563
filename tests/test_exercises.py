"""Every lesson's checks, judged in-process (no notebook, no sandbox).

For each lesson, with the same judges the grader uses:
* the reference answers score full marks on every autograded cell, for
  several students' hidden inputs;
* every alternative correct answer (``tests/alternatives/<lesson>.py``,
  ``ANSWERS``) keeps full marks;
* every plausible wrong answer (``WRONG``) loses its exercise's points
  (the other exercises keep the reference's answers, which score full marks);
* the unanswered stubs score 0 everywhere, with "not answered yet";
* every visible case passes in a notebook-style run on the reference.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import nbformat
import pytest

from helpers.exercises.core import run_public
from tests.conftest import ROOT
from tools import cells, notebooks
from tools.grading.checker import judge_namespace, lesson_cases
from tools.grading.reference import answer_namespace, reference_namespace

LESSONS = notebooks.lessons()


def _points(source: Path) -> dict[str, float]:
    return cells.test_points(nbformat.read(source, as_version=4))


def _alternatives(stem: str):
    path = ROOT / "tests" / "alternatives" / f"{stem}.py"
    spec = importlib.util.spec_from_file_location(f"alternatives_{stem}", path)
    assert spec and spec.loader, f"no alternatives for {stem}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _test_id(answer_id: str) -> str:
    return answer_id.removesuffix("_answer") + "_test"


def _scores(lesson, replace=None, seed=0, only=None) -> dict[str, float]:
    """Points per autograded cell (``only``: just these cells)."""
    ref = reference_namespace(lesson.source)
    namespace = answer_namespace(lesson.source, replace)
    points = _points(lesson.source)
    if only is not None:
        points = {grade_id: points[grade_id] for grade_id in only}
    verdicts = judge_namespace(lesson.notebook_id, namespace, points, ref, seed)
    return {grade_id: verdict.points for grade_id, verdict in verdicts.items()}


ids = [lesson.notebook_id for lesson in LESSONS]


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_reference_scores_full_marks_for_every_student(lesson):
    points = _points(lesson.source)
    for seed in (0, 1, 2):
        assert _scores(lesson, seed=seed) == points, f"seed {seed}"


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_alternative_answers_score_full_marks(lesson):
    answers = _alternatives(lesson.notebook_id).ANSWERS
    assert answers, "at least one alternative answer per lesson"
    assert _scores(lesson, answers, seed=5) == _points(lesson.source)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_wrong_answers_lose_their_own_points(lesson):
    wrong = getattr(_alternatives(lesson.notebook_id), "WRONG", {})
    assert wrong, "plausible wrong answers for the lesson's exercises"
    for answer_id, codes in wrong.items():
        target = _test_id(answer_id)
        for code in codes:
            scores = _scores(lesson, {answer_id: code}, seed=6, only=[target])
            assert scores == {target: 0.0}, f"{answer_id}:\n{code}"


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_unanswered_scores_zero_and_says_so(lesson):
    ref = reference_namespace(lesson.source)
    namespace = answer_namespace(lesson.release)  # the stubs students start from
    verdicts = judge_namespace(
        lesson.notebook_id, namespace, _points(lesson.source), ref, seed=0
    )
    for verdict in verdicts.values():
        assert verdict.points == 0
        assert all("not answered yet" in line for line in verdict.lines())


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_visible_cases_pass_in_a_notebook_on_the_reference(lesson, capsys):
    import numpy as np

    namespace = answer_namespace(lesson.source)
    cases = lesson_cases(
        lesson.notebook_id, sorted(_points(lesson.source)), np.random.default_rng(0)
    )
    for items in cases.values():
        run_public(items, namespace)
    printed = capsys.readouterr().out
    assert printed.count("✓") == sum(
        not item.hidden for items in cases.values() for item in items
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_every_graded_cell_has_hidden_cases(lesson):
    import numpy as np

    hidden = importlib.import_module(f"tools.grading.hidden.{lesson.notebook_id}")
    cases = hidden.cases(np.random.default_rng(0))
    assert set(cases) == set(_points(lesson.source))
    assert all(items and all(c.hidden for c in items) for items in cases.values())


def _answer_functions(lesson) -> set[str]:
    import ast

    notebook = nbformat.read(lesson.source, as_version=4)
    names = set()
    for cell in notebook.cells:
        if cells.is_solution(cell) and cell.cell_type == "code":
            tree = ast.parse(cell.source)
            names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return names


def test_helpers_ship_no_exercise_answers():
    """No module students install defines a function an exercise asks for."""
    import pkgutil

    import helpers

    wanted = set().union(*(_answer_functions(lesson) for lesson in LESSONS))
    assert wanted, "the lessons' exercises define functions"
    for module in pkgutil.walk_packages(helpers.__path__, "helpers."):
        found = importlib.import_module(module.name)
        shipped = {name for name in vars(found) if callable(getattr(found, name))}
        assert not shipped & wanted, f"{module.name} answers {shipped & wanted}"
