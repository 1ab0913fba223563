"""Round trips through the grading tool: simulated students, exact scores.

For the fixture lesson (tests/fixtures/solutions/00-fixture) and two real
lessons, a temporary course gets the lesson's source, is released into a
temporary gradebook, receives one submission per case below, and is
autograded in ONE nbgrader run per lesson (the batches of different lessons
run side by side). Every expected score is derived from the source
notebook's metadata: the sum of the points of the autograded test cells
that follow each answer cell. Written reflections are graded by hand and
never count here.

The real gradebook (.nbgrader/) is never touched.
"""

from __future__ import annotations

import ast
import copy
import csv
import importlib.util
import json
import os
import shutil
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, real_data_dir
from tools import _bundle, _sanitize, grading

pytestmark = pytest.mark.grading

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_LESSON = "00-fixture"
REAL_LESSONS = ["01-noise-channels", "07-kfold-validation"]
FIXTURE_TIMEOUT = 5  # seconds per cell: the fixture's cells take milliseconds
REAL_TIMEOUT = (
    60  # seconds per cell: fast-mode cells take a few seconds, more when busy
)
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


# ------------------------------------------------------------ lesson facts


@dataclass
class Exercise:
    """An answer cell and the autograded test cells after it."""

    answer_id: str
    functions: list[str]
    test_ids: list[str]
    points: float


@dataclass
class LessonFacts:
    name: str
    source: Path
    exercises: list[Exercise]
    reference: dict[str, str]  # answer grade_id -> the reference answer
    alternatives: dict[str, str] | None

    @property
    def total(self) -> float:
        return sum(exercise.points for exercise in self.exercises)

    @property
    def notebook(self) -> str:
        return self.source.name


def _meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def _functions(source: str) -> list[str]:
    tree = ast.parse(source)
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]


def lesson_facts(name: str, source_root: Path) -> LessonFacts:
    [source] = sorted((source_root / name).glob("*.ipynb"))
    notebook = nbformat.read(source, as_version=4)
    exercises: list[Exercise] = []
    reference = {}
    for cell in notebook.cells:
        meta = _meta(cell)
        if meta.get("solution") and not meta.get("grade") and cell.cell_type == "code":
            answer = "\n".join(
                line for line in cell.source.splitlines() if line.strip() not in MARKERS
            )
            reference[meta["grade_id"]] = answer
            exercises.append(Exercise(meta["grade_id"], _functions(answer), [], 0.0))
        elif meta.get("grade") and not meta.get("solution"):
            assert exercises, (
                f"{source}: test cell {meta['grade_id']} before any answer"
            )
            exercises[-1].test_ids.append(meta["grade_id"])
            exercises[-1].points += float(meta["points"])
    assert len(exercises) >= 2, f"{source}: the cases need two exercises"
    return LessonFacts(name, source, exercises, reference, _alternatives(source.stem))


def _alternatives(slug: str) -> dict[str, str] | None:
    for folder in (ROOT / "tests" / "alternatives", FIXTURES / "alternatives"):
        path = folder / f"{slug}.py"
        if path.is_file():
            spec = importlib.util.spec_from_file_location(f"alternatives_{slug}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return dict(module.ANSWERS)
    return None


# ------------------------------------------------------------ submissions


def answered(release, answers: dict[str, str]):
    """The release with the given answer cells filled in."""
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        if _meta(cell).get("grade_id") in answers:
            cell.source = answers[_meta(cell)["grade_id"]]
    return notebook


def without(notebook, *grade_ids: str):
    notebook.cells = [
        c for c in notebook.cells if _meta(c).get("grade_id") not in grade_ids
    ]
    return notebook


def looping(answer: str, functions: list[str], busy: bool = True) -> str:
    """``answer`` followed by versions of its functions that never return:
    a busy loop, or (``busy=False``) one that sleeps, so that the batches
    running beside it keep the CPU while it waits for the timeout."""
    body = "pass" if busy else "__import__('time').sleep(0.05)"
    endless = "".join(
        f"\n\ndef {name}(*args, **kwargs):\n    while True:\n        {body}\n"
        for name in functions
    )
    return answer + endless


@dataclass
class Case:
    """One simulated student: what they hand in and what they must score
    (None: the submission must be flagged and left out of the batch)."""

    student: str
    build: Callable[[nbformat.NotebookNode, LessonFacts], object]
    expected: Callable[[LessonFacts], float | None]
    file_name: Callable[[str], str] = lambda name: name
    notes: list[str] = field(default_factory=list)  # expected in the report


def _tampered(release, facts: LessonFacts):
    notebook = answered(release, facts.reference)
    first_test = facts.exercises[0].test_ids[0]
    for cell in notebook.cells:
        if _meta(cell).get("grade_id") == first_test:
            cell.source = 'raise AssertionError("I edited this test")'
    return without(notebook, facts.exercises[-1].test_ids[-1])


def _cheater(release, facts: LessonFacts):
    notebook = copy.deepcopy(release)
    for cell in notebook.cells:
        if _meta(cell).get("grade") and not _meta(cell).get("solution"):
            cell.source = 'print("all tests passed")'
    return without(notebook, facts.exercises[-1].test_ids[-1])


def _stripped(release, facts: LessonFacts):
    notebook = answered(release, facts.reference)
    for cell in notebook.cells:
        cell.metadata = nbformat.NotebookNode()
    return notebook


def _deleted_and_looping(release, facts: LessonFacts):
    first, last = facts.exercises[0], facts.exercises[-1]
    answers = dict(facts.reference)
    answers[last.answer_id] = looping(
        answers[last.answer_id], last.functions, busy=False
    )
    return without(answered(release, answers), first.answer_id)


def _invalid(release, facts: LessonFacts) -> str:
    text = nbformat.writes(answered(release, facts.reference))
    return text[: len(text) // 2]  # cut off, as by an interrupted upload


def _loop_last(release, facts: LessonFacts):
    last = facts.exercises[-1]
    answers = dict(facts.reference)
    answers[last.answer_id] = looping(answers[last.answer_id], last.functions)
    return answered(release, answers)


def _alternative(release, facts: LessonFacts):
    return answered(release, {**facts.reference, **(facts.alternatives or {})})


COMMON_CASES = [
    Case("reference", lambda r, f: answered(r, f.reference), lambda f: f.total),
    Case("unanswered", lambda r, f: copy.deepcopy(r), lambda f: 0.0),
    Case(
        "partial",
        lambda r, f: answered(
            r, {f.exercises[0].answer_id: f.reference[f.exercises[0].answer_id]}
        ),
        lambda f: f.exercises[0].points,
    ),
    Case("alternative", _alternative, lambda f: f.total),
    Case(
        "tests_tampered",
        _tampered,
        lambda f: f.total,
        notes=["was edited: restored", "was deleted: restored"],
    ),
    Case(
        "stripped_copy",
        _stripped,
        lambda f: f.total,
        file_name=lambda name: f"Copy of {name}",
        notes=["renamed to", "lost its nbgrader metadata"],
    ),
    Case("invalid_json", _invalid, lambda f: None, notes=["not valid JSON"]),
]
REAL_CASES = [
    *COMMON_CASES,
    Case(
        "deleted_answer_and_loop",
        _deleted_and_looping,
        lambda f: f.total - f.exercises[0].points - f.exercises[-1].points,
        notes=["was deleted: inserted the empty stub", "ran too long"],
    ),
]
FIXTURE_CASES = [
    *COMMON_CASES,
    Case("cheater", _cheater, lambda f: 0.0, notes=["was deleted: restored"]),
    Case(
        "deleted_answer",
        lambda r, f: without(answered(r, f.reference), f.exercises[0].answer_id),
        lambda f: f.total - f.exercises[0].points,
        notes=["was deleted: inserted the empty stub"],
    ),
    Case(
        "infinite_loop",
        _loop_last,
        lambda f: f.total - f.exercises[-1].points,
        notes=["ran too long"],
    ),
    Case(
        "browser_copy",
        lambda r, f: answered(r, f.reference),
        lambda f: f.total,
        file_name=lambda name: name.replace(".ipynb", " (1).ipynb"),
        notes=["renamed to"],
    ),
]


# ------------------------------------------------------------ batches


@dataclass
class Batch:
    facts: LessonFacts
    course: grading.Course
    cases: list[Case]
    result: grading.AutogradeResult | None = None
    error: BaseException | None = None
    seconds: float = 0.0

    def report(self, student: str):
        if self.error:
            raise self.error
        assert self.result is not None
        return next(r for r in self.result.reports if r.student == student)


def make_course(
    root: Path, lesson: str, source_root: Path, timeout: int
) -> grading.Course:
    """A course directory with one lesson's source and a fresh gradebook."""
    shutil.copytree(source_root / lesson, root / "solutions" / lesson)
    return grading.Course(root=root, gradebook=root / "gradebook.db", timeout=timeout)


def hand_in(batch: Batch) -> None:
    """Write every case's submission into the batch's submitted/ folder."""
    facts, course = batch.facts, batch.course
    release = nbformat.read(course.release / facts.name / facts.notebook, as_version=4)
    for case in batch.cases:
        folder = course.submitted / case.student / facts.name
        folder.mkdir(parents=True)
        content = case.build(release, facts)
        text = content if isinstance(content, str) else nbformat.writes(content)
        (folder / case.file_name(facts.notebook)).write_text(text, encoding="utf-8")


def run_batch(batch: Batch) -> Batch:
    started = time.perf_counter()
    try:
        grading.release(batch.course, [batch.facts.name])
        hand_in(batch)
        batch.result = grading.autograde(
            batch.course, batch.facts.name, echo=lambda _: None
        )
    except BaseException as error:  # reported by each test of this lesson
        batch.error = error
    batch.seconds = time.perf_counter() - started
    return batch


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> dict[str, Batch]:
    """All lessons released and autograded, the batches side by side."""
    planned = []
    root = tmp_path_factory.mktemp("fixture-course")
    facts = lesson_facts(FIXTURE_LESSON, FIXTURES / "solutions")
    course = make_course(root, FIXTURE_LESSON, FIXTURES / "solutions", FIXTURE_TIMEOUT)
    planned.append(Batch(facts, course, FIXTURE_CASES))
    data = real_data_dir()
    for lesson in REAL_LESSONS:
        if data is None or not (ROOT / "solutions" / lesson).is_dir():
            continue
        root = tmp_path_factory.mktemp(lesson)
        course = make_course(root, lesson, ROOT / "solutions", REAL_TIMEOUT)
        planned.append(
            Batch(lesson_facts(lesson, ROOT / "solutions"), course, REAL_CASES)
        )
    with pytest.MonkeyPatch.context() as patch:
        if data is not None:  # the lessons' kernels read it
            patch.setenv("COURSE_DATA_DIR", str(data))
        with ThreadPoolExecutor(max_workers=len(planned)) as pool:
            done = list(pool.map(run_batch, planned))
    for batch in done:
        median = batch.result.median_seconds() if batch.result else None
        shown = f"{median:.1f} s" if median is not None else "-"
        print(
            f"\n{batch.facts.name}: batch {batch.seconds:.0f} s, "
            f"median {shown} per notebook"
        )
    return {batch.facts.name: batch for batch in done}


def _batch(batches: dict[str, Batch], lesson: str) -> Batch:
    if lesson not in batches:
        if os.environ.get("CI"):
            pytest.fail(f"{lesson} was not graded (no lesson source or no real data)")
        pytest.skip(f"{lesson}: no lesson source yet, or no real data")
    return batches[lesson]


ROUND_TRIPS = [(FIXTURE_LESSON, case) for case in FIXTURE_CASES] + [
    (lesson, case) for lesson in REAL_LESSONS for case in REAL_CASES
]


@pytest.mark.parametrize(
    ("lesson", "case"),
    ROUND_TRIPS,
    ids=[f"{name}-{c.student}" for name, c in ROUND_TRIPS],
)
def test_round_trip_score(batches, lesson: str, case: Case) -> None:
    batch = _batch(batches, lesson)
    if case.student == "alternative" and batch.facts.alternatives is None:
        pytest.skip(f"no alternative answers for {lesson} yet")
    report = batch.report(case.student)
    expected = case.expected(batch.facts)
    joined = "\n".join(report.notes)
    for note in case.notes:
        assert note in joined, f"report for {case.student} lacks {note!r}:\n{joined}"
    if expected is None:
        assert report.status == "flagged" and report.score is None, report
        return
    assert report.status != "flagged", joined
    assert report.max_score == batch.facts.total
    assert report.score == expected, (
        f"{case.student}: {report.score} != {expected}\n{joined}"
    )


@pytest.mark.parametrize("lesson", [FIXTURE_LESSON, *REAL_LESSONS])
def test_batch_continues_after_a_bad_submission(batches, lesson: str) -> None:
    batch = _batch(batches, lesson)
    batch.report("reference")  # re-raises a batch failure
    flagged = [r.student for r in batch.result.reports if not r.gradable]
    assert flagged == ["invalid_json"]
    assert not batch.result.ok  # an ungraded submission makes the step fail
    assert batch.result.failures == []
    graded = [r for r in batch.result.reports if r.score is not None]
    assert len(graded) == len(batch.cases) - 1
    assert len(batch.result.seconds) == len(graded)


def test_autograde_runs_in_fast_mode_with_hidden_tests(batches) -> None:
    batch = _batch(batches, FIXTURE_LESSON)
    course = batch.course
    batch.report("reference")
    graded = course.autograded / "reference" / FIXTURE_LESSON / batch.facts.notebook
    notebook = nbformat.read(graded, as_version=4)
    setup = next(c for c in notebook.cells if _meta(c).get("grade_id") == "setup")
    assert "Run mode: fast (nbgrader is running" in setup.outputs[0]["text"]
    tests = [
        c for c in notebook.cells if _meta(c).get("grade") and c.cell_type == "code"
    ]
    assert all("BEGIN HIDDEN TESTS" in c.source for c in tests)
    report = json.loads(
        (course.reports / f"{FIXTURE_LESSON}-submissions.json").read_text()
    )
    assert {s["student"] for s in report["submissions"]} == {
        c.student for c in batch.cases
    }
    assert report["median_seconds_per_notebook"] > 0


def test_originals_are_kept_and_release_is_checked(batches) -> None:
    batch = _batch(batches, FIXTURE_LESSON)
    course = batch.course
    batch.report("reference")
    original = (
        course.originals / FIXTURE_LESSON / "stripped_copy" / batch.facts.notebook
    )
    assert original.is_file()
    kept = nbformat.read(original, as_version=4)
    assert not any(_meta(cell) for cell in kept.cells), "the original is unrepaired"
    # A release that no longer matches its source is refused.
    release = course.release / FIXTURE_LESSON / batch.facts.notebook
    saved = release.read_text()
    try:
        release.write_text(saved.replace("Exercise 1", "Exercise One"))
        with pytest.raises(grading.GradingError, match="differs"):
            grading.release(course, [FIXTURE_LESSON])
    finally:
        release.write_text(saved)


def test_feedback_grades_and_summary(batches) -> None:
    batch = _batch(batches, FIXTURE_LESSON)
    course = batch.course
    batch.report("reference")
    graded = sorted(r.student for r in batch.result.reports if r.gradable)

    lines = grading.feedback(course, [FIXTURE_LESSON])
    assert f"feedback for {len(graded)} of {len(graded)} submissions" in lines[0]
    html = course.feedback / "reference" / FIXTURE_LESSON / "fixture.html"
    assert "scaled" in html.read_text()

    target = course.root / "grades.csv"
    grading.export_grades(course, target)
    with open(target, newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    for case in batch.cases:
        expected = case.expected(batch.facts)
        if expected is not None:  # graded: autograded points, reflections still 0
            assert float(rows[case.student]["raw_score"]) == expected, case.student

    lines = grading.summary(course, [FIXTURE_LESSON])
    table = {line.split()[0]: line.split() for line in lines[2:-1]}
    for exercise in batch.facts.exercises:
        [test_id] = exercise.test_ids
        full = sum(
            1
            for r in batch.result.reports
            if r.gradable and _full_on(course, r.student, test_id, exercise.points)
        )
        assert table[test_id][1] == f"{exercise.points:g}"
        assert table[test_id][4] == str(full)
    png = course.reports / f"{FIXTURE_LESSON}-scores.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _full_on(course: grading.Course, student: str, test_id: str, points: float) -> bool:
    """Whether nbgrader's gradebook gives ``student`` full points on a test."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gradebook:
        grade = gradebook.find_grade(test_id, "fixture", FIXTURE_LESSON, student)
        return float(grade.score) == points


def test_collect_from_an_lms_zip(tmp_path: Path) -> None:
    course = make_course(
        tmp_path, FIXTURE_LESSON, FIXTURES / "solutions", FIXTURE_TIMEOUT
    )
    release = nbformat.writes(
        nbformat.read(
            FIXTURES / "solutions" / FIXTURE_LESSON / "fixture.ipynb", as_version=4
        )
    )
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("doejane_1234_5678_fixture.ipynb", release)
        archive.writestr("roeric_late_1234_5679_Copy of fixture.ipynb", release)
        archive.writestr("not a submission.ipynb", release)
    lines, ok = grading.collect(course, FIXTURE_LESSON, download)
    assert not ok, "a file the pattern does not match must be reported"
    assert any(
        "NOT COLLECTED" in line and "not a submission.ipynb" in line for line in lines
    )
    assert sorted(
        p.parent.name for p in course.submitted.glob(f"*/{FIXTURE_LESSON}")
    ) == ["doejane", "roeric"]
    assert list((course.submitted / "doejane" / FIXTURE_LESSON).glob("*fixture.ipynb"))
    # Without a download, the submissions already in submitted/ are accepted.
    shutil.rmtree(course.downloaded)
    lines, ok = grading.collect(course, FIXTURE_LESSON)
    assert ok and "2 submissions" in lines[0]


def test_bundle_has_no_solutions_or_hidden_tests(tmp_path: Path) -> None:
    lessons = grading.find_lessons(grading.Course())
    released = [
        lesson
        for lesson in lessons
        if (ROOT / "notebooks" / lesson.name / lesson.notebook).is_file()
    ]
    if not released:
        pytest.skip("no released lesson yet")
    out = tmp_path / "student"
    _bundle.build(ROOT, ROOT / "notebooks", released, out)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "helpers/__init__.py"} <= files
    assert not any(f.startswith(("solutions/", "tests/")) for f in files)
    text = "\n".join(
        line for p in out.rglob("*") if p.is_file() for line in _bundle._text_lines(p)
    )
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    for lesson in released:
        source = ROOT / "solutions" / lesson.name / lesson.notebook
        secrets = _bundle.secret_lines([source], (out / "helpers").rglob("*.py"))
        assert secrets, f"{source} must have solution lines to look for"
        path = out / "notebooks" / lesson.name / lesson.notebook
        published = {" ".join(line.split()) for line in _bundle._text_lines(path)}
        assert not published & set(secrets), lesson.name
    readme = (out / "README.md").read_text()
    for lesson in released:
        assert f"blob/main/notebooks/{lesson.name}/{lesson.notebook}" in readme
    with zipfile.ZipFile(out.with_suffix(".zip")) as archive:
        assert len(archive.namelist()) == len(files)


def test_bundle_refuses_to_publish_solutions(tmp_path: Path) -> None:
    # Bundling the sources instead of the releases must be caught.
    lessons = [grading.Lesson(FIXTURE_LESSON, "fixture.ipynb")]
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "solutions", root / "solutions")
    shutil.copytree(ROOT / "helpers", root / "helpers")
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    stripped = root / "stripped"
    notebook = nbformat.read(root / "solutions" / FIXTURE_LESSON / "fixture.ipynb", 4)
    for cell in notebook.cells:
        cell.source = "\n".join(
            line
            for line in cell.source.splitlines()
            if "BEGIN" not in line and "END" not in line
        )
    (stripped / FIXTURE_LESSON).mkdir(parents=True)
    nbformat.write(notebook, stripped / FIXTURE_LESSON / "fixture.ipynb")
    with pytest.raises(_bundle.LeakError, match="scaled_values = "):
        _bundle.build(root, stripped, lessons, tmp_path / "student")
    assert not (tmp_path / "student").exists()


# ------------------------------------------------------------ without nbgrader


def _fixture_release() -> nbformat.NotebookNode:
    """The fixture's release as nbgrader makes it (solutions and hidden
    tests cut), built here without running nbgrader."""
    notebook = nbformat.read(
        FIXTURES / "solutions" / FIXTURE_LESSON / "fixture.ipynb", 4
    )
    for cell in notebook.cells:
        for begin, end in (
            ("BEGIN SOLUTION", "END SOLUTION"),
            ("BEGIN HIDDEN", "END HIDDEN"),
        ):
            if begin in cell.source:
                head, rest = cell.source.split(f"### {begin}", 1)
                cell.source = head + rest.split(f"### {end}", 1)[1].split("\n", 1)[-1]
    return notebook


def _sanitized(tmp_path: Path, files: dict[str, str]) -> tuple[object, Path]:
    template = tmp_path / "release" / "fixture.ipynb"
    template.parent.mkdir(parents=True)
    nbformat.write(_fixture_release(), template)
    folder = tmp_path / "submitted" / "student" / FIXTURE_LESSON
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    report = _sanitize.sanitize_submission(
        folder, template, FIXTURE_LESSON, tmp_path / "originals"
    )
    return report, folder


def test_sanitize_picks_the_newest_of_several_copies(tmp_path: Path) -> None:
    text = nbformat.writes(_fixture_release())
    report, folder = _sanitized(
        tmp_path, {"Copy of fixture.ipynb": text, "fixture-Copy1.ipynb": text}
    )
    assert report.status == "repaired"
    assert [p.name for p in folder.glob("*.ipynb")].count("fixture.ipynb") == 1
    assert "ignored" in report.notes[0]


def test_sanitize_flags_what_it_cannot_grade(tmp_path: Path) -> None:
    report, _ = _sanitized(tmp_path / "a", {"homework.txt": "my answers"})
    assert report.status == "flagged" and "no notebook fixture.ipynb" in report.notes[0]
    report, _ = _sanitized(tmp_path / "b", {"fixture.ipynb": '{"cells": 3}'})
    assert report.status == "flagged" and "not a notebook" in report.notes[0]
    report, _ = _sanitized(tmp_path / "c", {"fixture.ipynb": "\x00\x01garbage"})
    assert report.status == "flagged" and "not valid JSON" in report.notes[0]


def test_sanitize_cuts_junk_after_the_notebook(tmp_path: Path) -> None:
    text = nbformat.writes(_fixture_release()) + "\n}}garbage"
    report, folder = _sanitized(tmp_path, {"fixture.ipynb": text})
    assert report.status == "repaired" and "junk" in report.notes[0]
    nbformat.validate(nbformat.read(folder / "fixture.ipynb", 4))


def test_sanitize_restores_moved_metadata_and_cell_types(tmp_path: Path) -> None:
    notebook = _fixture_release()
    reflection = next(
        c for c in notebook.cells if _meta(c).get("grade_id") == "reflection"
    )
    reflection.metadata = nbformat.NotebookNode()
    reflection.source = "Because callers keep using their data."
    test = next(c for c in notebook.cells if _meta(c).get("grade_id") == "scaled_test")
    test.metadata.nbgrader["points"] = 100  # a student raising their points
    report, folder = _sanitized(tmp_path, {"fixture.ipynb": nbformat.writes(notebook)})
    repaired = nbformat.read(folder / "fixture.ipynb", 4)
    by_id = {_meta(c).get("grade_id"): c for c in repaired.cells if _meta(c)}
    assert by_id["reflection"].source == "Because callers keep using their data."
    assert by_id["scaled_test"].metadata.nbgrader["points"] == 2
    assert report.status == "repaired"


def test_a_lesson_cell_failing_everywhere_is_reported(tmp_path: Path) -> None:
    notebook = _fixture_release()
    setup = next(c for c in notebook.cells if _meta(c).get("grade_id") == "setup")
    setup.outputs = [
        nbformat.v4.new_output(
            "error", ename="DatasetUnavailableError", evalue="no data"
        )
    ]
    loop = next(c for c in notebook.cells if _meta(c).get("grade_id") == "spread_test")
    loop.outputs = [
        nbformat.v4.new_output("error", ename="KeyboardInterrupt", evalue="")
    ]
    path = tmp_path / "graded.ipynb"
    nbformat.write(notebook, path)
    timeouts, lesson_error = grading._inspect(path)
    assert timeouts == ["spread_test"]
    assert lesson_error == "lesson setup raised DatasetUnavailableError: no data"
