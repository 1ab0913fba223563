"""The seven lessons: structure, releases in sync, and nbgrader-style runs.

Executing tests run each notebook in fast mode on real data (COURSE_DATA_DIR
or the workspace's offline files); they skip without data (fail in CI).
"""

from __future__ import annotations

import importlib
import re
import urllib.parse

import nbformat
import pytest

from tests.conftest import ROOT
from tools import notebooks, validate

LESSONS = notebooks.lessons()
EXPECTED_LESSONS = [
    "01-noise-channels",
    "02-shuffled-labels",
    "03-learning-rate",
    "04-capacity",
    "05-l2-regularization",
    "06-dropout",
    "07-kfold-validation",
]
ids = [lesson.name for lesson in LESSONS]


def nbgrader_cells(notebook):
    return [(c, c.metadata.get("nbgrader", {})) for c in notebook.cells]


def read(path):
    return nbformat.read(path, as_version=4)


def test_all_seven_lessons_exist():
    assert [lesson.name for lesson in LESSONS] == EXPECTED_LESSONS


# ------------------------------------------------------------ structure


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_source_structure(lesson):
    notebook = read(lesson.source)
    cells = nbgrader_cells(notebook)
    tests = [m for c, m in cells if m.get("grade") and not m.get("solution")]
    reflections = [
        m
        for c, m in cells
        if m.get("grade") and m.get("solution") and c.cell_type == "markdown"
    ]
    assert len(tests) >= 3, "at least three autograded items"
    assert all(m.get("points", 0) > 0 and m.get("locked") for m in tests)
    assert len(reflections) >= 1, "one written reflection, graded by hand"
    grade_ids = [m["grade_id"] for _, m in cells if m]
    assert len(grade_ids) == len(set(grade_ids)), "grade_ids must be unique"
    for cell, meta in cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, (
                "source notebooks are stored without outputs"
            )
        if meta.get("solution") and cell.cell_type == "code":
            assert "### BEGIN SOLUTION" in cell.source
    assert not any("BEGIN HIDDEN TESTS" in c.source for c, _ in cells), (
        "hidden checks live in tools/grading/hidden/, never in a notebook"
    )
    for cell, meta in cells:
        if meta.get("grade") and not meta.get("solution"):
            lines = cell.source.strip().splitlines()
            assert len(lines) <= 3, f"{meta['grade_id']}: a check cell is a few lines"
            assert "tests.check_" in cell.source, meta["grade_id"]


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_release_has_no_solutions_or_hidden_tests(lesson):
    text = lesson.release.read_text(encoding="utf-8")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS"):
        assert marker not in text
    hidden = ROOT / "tools" / "grading" / "hidden" / lesson.notebook
    for line in hidden.with_suffix(".py").read_text().splitlines():
        if len(line.strip()) > 30:  # distinctive lines only
            assert line.strip() not in text


def test_releases_are_generated_from_solutions():
    """notebooks/ equals a fresh nbgrader generation (fails on hand edits)."""
    stale = notebooks.write_headers(check_only=True)
    assert not stale, (
        f"badges/Colab cells out of date in {stale}; run tools.notebooks release"
    )
    assert notebooks.release_differences() == []


# ------------------------------------------------------------- badges


BADGE = re.compile(
    r"\]\((https://colab\.research\.google\.com/github/[^)]+|https://github\.com/[^)]+)\)"
)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_badges_target_existing_notebooks(lesson):
    settings = notebooks.course_settings()
    for path in (lesson.source, lesson.release):
        title = read(path).cells[0].source
        links = BADGE.findall(title)
        assert len(links) == 2, (
            f"{path}: expected Colab and GitHub badges in the first cell"
        )
        for link in links:
            parsed = urllib.parse.urlparse(link)
            prefix = f"/{settings['slug']}/blob/{settings['branch']}/"
            route = parsed.path.removeprefix("/github")
            assert route.startswith(prefix), link
            target = route.removeprefix(prefix)
            assert target == f"notebooks/{lesson.name}/{lesson.notebook}"
            assert (ROOT / target).is_file()


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_colab_setup_installs_without_replacing_tensorflow(lesson):
    cell = next(
        c
        for c in read(lesson.release).cells
        if c.metadata.get("nbgrader", {}).get("grade_id") == notebooks.COLAB_SETUP_ID
    )
    assert '"google.colab" in sys.modules' in cell.source
    assert "--no-deps" in cell.source
    assert notebooks.course_settings()["repository"] in cell.source


# ----------------------------------------------------------- execution


@pytest.fixture
def fast_mode(real_data, monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "fast")
    monkeypatch.setenv("COURSE_DATA_DIR", str(real_data))


@pytest.mark.notebooks
@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_solution_passes_all_its_tests(lesson, fast_mode):
    """What `nbgrader validate` checks: the reference runs clean, tests pass."""
    run = validate.execute(lesson.source)
    assert validate.solution_problems(run) == []
    assert [c for c in run.cells if c.autograded], "no test cells ran"


@pytest.mark.notebooks
@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_unanswered_release_fails_every_test_and_nothing_else(lesson, fast_mode):
    """What `nbgrader validate --invert` checks, plus: lesson cells never error."""
    run = validate.execute(lesson.release)
    assert validate.release_problems(run) == []


def alternative_answers(lesson) -> dict[str, str]:
    module_name = f"tests.alternatives.{lesson.notebook.removesuffix('.ipynb')}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError:
        return {}
    return module.ANSWERS


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_every_lesson_has_an_alternative_answer(lesson):
    answers = alternative_answers(lesson)
    assert answers, (
        f"add tests/alternatives/{lesson.notebook.removesuffix('.ipynb')}.py"
    )
    answer_ids = {
        m.get("grade_id")
        for _, m in nbgrader_cells(read(lesson.source))
        if m.get("solution")
    }
    assert set(answers) <= answer_ids


@pytest.mark.notebooks
@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_alternative_correct_answers_get_full_marks(lesson, fast_mode):
    """Answers written differently from the reference pass every test."""
    answers = alternative_answers(lesson)
    notebook = read(lesson.source)
    replaced = 0
    for cell, meta in nbgrader_cells(notebook):
        if meta.get("grade_id") in answers:
            assert cell.source != answers[meta["grade_id"]]
            cell.source = answers[meta["grade_id"]]
            replaced += 1
    assert replaced == len(answers) > 0
    run = validate.execute(notebook, workdir=lesson.source.parent)
    assert validate.solution_problems(run) == []
