"""Round trips through the grading tool: simulated students, exact scores.

Two temporary courses, graded side by side in the sandbox: the fixture
lesson (tests/fixtures, cells take milliseconds) with every kind of broken
submission, and lesson 7 with the real data. Expected scores come from the
source notebooks' points. The real gradebook (.nbgrader/) is never touched.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, real_data_dir
from tests.grading_helpers import (
    FIXTURE_LESSON,
    FIXTURES,
    LessonAnswers,
    answered,
    fixture_course,
    hand_in,
    lesson_of,
    make_course,
    require_sandbox,
    without,
)
from tools import _bundle, cells
from tools.grading import cli, sandbox, steps
from tools.grading.autograde import Options, autograde
from tools.grading.collect import collect
from tools.grading.course import Course, find_lessons
from tools.grading.release import release
from tools.grading.reports import write_report

pytestmark = pytest.mark.grading

REAL_LESSON = "07-kfold-validation"
SILENT: Callable[[str], None] = lambda _: None  # noqa: E731


def _alternatives(path: Path) -> dict[str, str]:
    spec = importlib.util.spec_from_file_location(path.stem + "_alternatives", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.ANSWERS)


@dataclass
class Case:
    """One simulated student: what they hand in, what they must score
    (None: flagged, not graded) and words their report must contain."""

    student: str
    build: Callable[[LessonAnswers], object]
    expected: Callable[[LessonAnswers], float | None]
    name: Callable[[str], str] = lambda notebook: notebook
    notes: list[str] = field(default_factory=list)


def _first(lesson: LessonAnswers) -> str:
    return next(iter(lesson.answers))


def _last(lesson: LessonAnswers) -> str:
    return list(lesson.answers)[-1]


def _with(lesson: LessonAnswers, answer_id: str, extra: str) -> nbformat.NotebookNode:
    return answered(
        lesson, {**lesson.answers, answer_id: lesson.answers[answer_id] + extra}
    )


def _tampered(lesson: LessonAnswers):
    notebook = answered(lesson, lesson.answers)
    tests = [c for c in notebook.cells if cells.is_test(c)]
    tests[0].source = 'raise AssertionError("I edited this test")'
    return without(notebook, cells.grade_id(tests[-1]) or "")


def _stripped(lesson: LessonAnswers):
    notebook = answered(lesson, lesson.answers)
    for cell in notebook.cells:
        cell.metadata = nbformat.NotebookNode()
    return notebook


def _invalid(lesson: LessonAnswers) -> str:
    text = nbformat.writes(answered(lesson, lesson.answers))
    return text[: len(text) // 2]  # cut off, as by an interrupted upload


def _points_without(*answer_ids: Callable[[LessonAnswers], str]):
    def expected(lesson: LessonAnswers) -> float:
        lost = {lesson.test_after(pick(lesson)) for pick in answer_ids}
        return lesson.total - sum(lesson.points[t] for t in lost)

    return expected


SLEEPY_LOOP = "\n\nimport time as _t\nwhile True:\n    _t.sleep(0.05)\n"
STUBBORN_LOOP = (
    "\n\nimport time as _t\nwhile True:\n    try:\n        _t.sleep(0.05)\n"
    "    except KeyboardInterrupt:\n        pass\n"
)
# Runs when the kernel exits, after the grader's runs wrote their outcomes.
DELETE_OUTCOMES_AT_EXIT = (
    "\n\nimport atexit as _a, glob as _g, os as _o\n"
    "_a.register(lambda: [_o.remove(p) for p in "
    "_g.glob('/grading/**/outcome-*.json', recursive=True)])\n"
)


def _looping_function(lesson: LessonAnswers) -> nbformat.NotebookNode:
    """The last answer's function never returns when the grader calls it."""
    last = _last(lesson)
    code = lesson.answers[last]
    name = code.split("def ", 1)[1].split("(", 1)[0]
    endless = (
        f"\n\ndef {name}(*args, **kwargs):\n"
        "    while True:\n        __import__('time').sleep(0.05)\n"
    )
    return answered(lesson, {**lesson.answers, last: code + endless})


COMMON = [
    Case("reference", lambda x: answered(x, x.answers), lambda x: x.total),
    Case("unanswered", lambda x: copy.deepcopy(x.release), lambda x: 0.0),
    Case(
        "partial",
        lambda x: answered(x, {_first(x): x.answers[_first(x)]}),
        lambda x: x.points[x.test_after(_first(x))],
    ),
    Case(
        "deleted_answer_and_endless_function",
        lambda x: without(_looping_function(x), _first(x)),
        _points_without(_first, _last),
        notes=["was deleted: inserted the empty stub", "when the checks called it"],
    ),
]


def _ends_with_code(lesson: LessonAnswers) -> nbformat.NotebookNode:
    notebook = answered(lesson, lesson.answers)
    notebook.cells.append(nbformat.v4.new_code_cell('print("my last cell ran")'))
    return notebook


FIXTURE_CASES = [
    *COMMON,
    Case("ends_with_code", _ends_with_code, lambda x: x.total),
    Case(
        "alternative",
        lambda x: answered(
            x, {**x.answers, **_alternatives(FIXTURES / "alternatives" / "fixture.py")}
        ),
        lambda x: x.total,
    ),
    Case(
        "tests_tampered",
        _tampered,
        lambda x: x.total,
        notes=["was edited: restored", "was deleted: restored"],
    ),
    Case(
        "stripped_copy",
        _stripped,
        lambda x: x.total,
        name=lambda n: f"Copy of {n}",
        notes=["renamed to", "lost its nbgrader metadata"],
    ),
    Case("invalid_json", _invalid, lambda x: None, notes=["not valid JSON"]),
    Case(
        "cell_runs_forever",
        lambda x: _with(x, _last(x), SLEEPY_LOOP),
        lambda x: x.total,
        notes=["ran longer than the time limit"],
    ),
    Case(
        "cell_ignores_interrupt",
        lambda x: _with(x, _last(x), STUBBORN_LOOP),
        _points_without(_last),  # the cell is left out of the fresh kernel
        notes=["ignored the interrupt"],
    ),
    Case(
        "deletes_outcomes_at_exit",  # the kernel is killed, not shut down
        lambda x: _with(x, _last(x), DELETE_OUTCOMES_AT_EXIT),
        lambda x: x.total,
    ),
    Case(
        "raises_keyboard_interrupt",
        lambda x: _with(x, _last(x), "\n\nraise KeyboardInterrupt\n"),
        lambda x: x.total,
    ),
    Case(
        "kernel_dies",
        lambda x: _with(x, _last(x), "\n\nimport os\nos._exit(3)\n"),
        _points_without(_last),
        notes=["stopped the Python kernel"],
    ),
]
REAL_CASES = [
    *COMMON,
    Case(
        "alternative",
        lambda x: answered(
            x,
            {
                **x.answers,
                **_alternatives(
                    ROOT / "tests" / "alternatives" / "kfold_validation.py"
                ),
            },
        ),
        lambda x: x.total,
    ),
]


@dataclass
class Batch:
    course: Course
    lesson: LessonAnswers
    cases: list[Case]
    result: object = None
    error: BaseException | None = None

    def report(self, student: str):
        if self.error:
            raise self.error
        return next(r for r in self.result.reports if r.student == student)


def _grade(course: Course, name: str, cases: list[Case], timeout: int) -> Batch:
    try:
        release(course, [name])
        lesson = lesson_of(course, name)
        batch = Batch(course, lesson, cases)
        for case in cases:
            hand_in(
                course,
                lesson,
                case.student,
                case.build(lesson),
                case.name(lesson.notebook),
            )
        options = Options(workers=2, cell_timeout=timeout)
        batch.result = autograde(course, name, options, echo=SILENT)
        return batch
    except BaseException as error:  # reported by each test of the batch
        return Batch(course, None, cases, error=error)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def batches(tmp_path_factory) -> dict[str, Batch]:
    require_sandbox()
    fixture = fixture_course(tmp_path_factory.mktemp("fixture"))
    planned = [(fixture, FIXTURE_LESSON, FIXTURE_CASES, 5)]
    data = real_data_dir()
    if data is not None:
        real = make_course(
            tmp_path_factory.mktemp("real"), REAL_LESSON, ROOT / "solutions"
        )
        planned.append((real, REAL_LESSON, REAL_CASES, 45))
    with pytest.MonkeyPatch.context() as patch:
        if data is not None:
            patch.setenv("COURSE_DATA_DIR", str(data))
        with ThreadPoolExecutor(max_workers=len(planned)) as pool:
            done = list(pool.map(lambda p: _grade(*p), planned))
    return {name: batch for (_, name, _, _), batch in zip(planned, done, strict=True)}


def _batch(batches, name: str) -> Batch:
    if name not in batches:
        if os.environ.get("CI"):
            pytest.fail(f"{name} was not graded (no real data)")
        pytest.skip(f"{name}: no real data")
    return batches[name]


ROUND_TRIPS = [(FIXTURE_LESSON, c) for c in FIXTURE_CASES] + [
    (REAL_LESSON, c) for c in REAL_CASES
]


@pytest.mark.parametrize(
    ("name", "case"), ROUND_TRIPS, ids=[f"{n}-{c.student}" for n, c in ROUND_TRIPS]
)
def test_round_trip_score(batches, name: str, case: Case) -> None:
    batch = _batch(batches, name)
    report = batch.report(case.student)
    joined = "\n".join(report.notes)
    for note in case.notes:
        assert note in joined, f"{case.student}: no {note!r} in\n{joined}"
    expected = case.expected(batch.lesson)
    if expected is None:
        assert report.status == "flagged" and report.score is None, report
        return
    assert report.status != "flagged", joined
    assert report.max_score == batch.lesson.total
    assert report.score == expected, f"{case.student}: {report.score}\n{joined}"
    if case.student == "raises_keyboard_interrupt":
        assert "ran longer" not in joined and "ran too long" not in joined


@pytest.mark.parametrize("name", [FIXTURE_LESSON, REAL_LESSON])
def test_batch_continues_after_a_bad_submission(batches, name: str) -> None:
    batch = _batch(batches, name)
    batch.report("reference")
    flagged = [r.student for r in batch.result.reports if not r.gradable]
    assert flagged == (["invalid_json"] if name == FIXTURE_LESSON else [])
    assert batch.result.failures == []
    assert "bubblewrap" in batch.result.sandbox
    write_report(batch.course, batch.result)
    path = batch.course.reports / f"{name}-submissions.json"
    report = json.loads(path.read_text())
    assert {s["student"] for s in report["submissions"]} == {
        c.student for c in batch.cases
    }
    assert "bubblewrap" in report["sandbox"]
    assert report["median_seconds_per_notebook"] > 0


def test_grading_runs_in_fast_mode_and_keeps_originals(batches) -> None:
    batch = _batch(batches, FIXTURE_LESSON)
    course = batch.course
    graded = course.autograded / "reference" / FIXTURE_LESSON / batch.lesson.notebook
    notebook = nbformat.read(graded, as_version=4)
    setup = next(c for c in notebook.cells if cells.grade_id(c) == "setup")
    assert "Run mode: fast (nbgrader is running" in setup.outputs[0]["text"]
    original = (
        course.originals / FIXTURE_LESSON / "stripped_copy" / batch.lesson.notebook
    )
    assert not any(cells.nbgrader_meta(c) for c in nbformat.read(original, 4).cells)


def test_the_last_cell_keeps_its_own_output(batches) -> None:
    """The grader's runs after the notebook must not take its last cell."""
    batch = _batch(batches, FIXTURE_LESSON)
    graded = (
        batch.course.autograded
        / "ends_with_code"
        / FIXTURE_LESSON
        / batch.lesson.notebook
    )
    last = nbformat.read(graded, as_version=4).cells[-1]
    assert last.source == 'print("my last cell ran")'
    assert [o.get("text") for o in last.outputs] == ["my last cell ran\n"]


def test_rerunning_some_students_keeps_the_others(batches) -> None:
    batch = _batch(batches, FIXTURE_LESSON)
    course = batch.course
    students = ["partial", "reference"]
    result = autograde(
        course,
        FIXTURE_LESSON,
        Options(workers=2, cell_timeout=5, students=students, force=True),
        echo=SILENT,
    )
    assert sorted(r.student for r in result.reports) == students
    assert {r.student: r.score for r in result.reports} == {
        s: batch.report(s).score for s in students
    }
    kept = autograde(
        course, FIXTURE_LESSON, Options(students=["unanswered"]), echo=SILENT
    )
    assert kept.reports[0].status == "kept"


def test_feedback_grades_and_summary(batches) -> None:
    batch = _batch(batches, FIXTURE_LESSON)
    course = batch.course
    graded = sorted(r.student for r in batch.result.reports if r.gradable)
    lines = steps.feedback(course, [FIXTURE_LESSON])
    assert f"feedback for {len(graded)} of {len(graded)} submissions" in lines[0]
    page = course.feedback / "unanswered" / FIXTURE_LESSON / "fixture.html"
    assert "not answered yet" in page.read_text()
    assert "scaled_values" not in page.read_text()  # no reference answer

    target = course.root / "grades.csv"
    steps.export_grades(course, target)
    with open(target, newline="") as file:
        rows = {row["student_id"]: row for row in csv.DictReader(file)}
    for case in batch.cases:
        expected = case.expected(batch.lesson)
        if expected is not None:
            assert float(rows[case.student]["raw_score"]) == expected, case.student

    lines = steps.summary(course, [FIXTURE_LESSON])
    table = {line.split()[0]: line.split() for line in lines[2:-1]}
    for test_id, points in batch.lesson.points.items():
        assert table[test_id][1] == f"{points:g}"
    png = course.reports / f"{FIXTURE_LESSON}-scores.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_summary_of_a_lesson_missing_from_the_gradebook_says_so(batches, capsys):
    course = _batch(batches, FIXTURE_LESSON).course
    stray = course.autograded / "someone" / "99-unknown"
    stray.mkdir(parents=True)
    try:
        code = cli.main(
            ["--root", str(course.root), "--gradebook", str(course.db_path), "summary"]
        )
    finally:
        stray.rmdir()
    assert code == 1
    error = capsys.readouterr().err
    assert "99-unknown" in error and "Traceback" not in error


def test_without_a_sandbox_grading_refuses_unless_told(batches, monkeypatch):
    course = _batch(batches, FIXTURE_LESSON).course

    def unavailable():
        raise sandbox.SandboxUnavailable("no user namespaces here")

    monkeypatch.setattr(sandbox, "find_sandbox", unavailable)
    options = Options(students=["reference"], force=True, cell_timeout=5)
    with pytest.raises(sandbox.SandboxUnavailable, match="--unsafe-no-sandbox"):
        autograde(course, FIXTURE_LESSON, options, echo=SILENT)
    options.unsafe_no_sandbox = True
    result = autograde(course, FIXTURE_LESSON, options, echo=SILENT)
    assert "NO SANDBOX" in result.sandbox
    assert any("UNSAFE" in note for note in result.reports[0].notes)
    assert result.reports[0].score == _batch(batches, FIXTURE_LESSON).lesson.total


# ------------------------------------------------------------ collect


def _notebook_text() -> str:
    return (FIXTURES / "solutions" / FIXTURE_LESSON / "fixture.ipynb").read_text()


def test_collect_from_an_lms_zip(tmp_path: Path) -> None:
    course = fixture_course(tmp_path)
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("doejane_1234_5678_fixture.ipynb", _notebook_text())
        archive.writestr(
            "roeric_late_1234_5679_Copy of fixture.ipynb", _notebook_text()
        )
        archive.writestr("not a submission.ipynb", _notebook_text())
        archive.writestr("../escape.ipynb", _notebook_text())
    lines, ok = collect(course, FIXTURE_LESSON, download)
    assert not ok
    assert any(
        "NOT COLLECTED" in line and "not a submission.ipynb" in line for line in lines
    )
    assert sorted(
        p.parent.name for p in course.submitted.glob(f"*/{FIXTURE_LESSON}")
    ) == [
        "doejane",
        "roeric",
    ]
    assert not (tmp_path.parent / "escape.ipynb").exists()


def test_collect_one_folder_per_student(tmp_path: Path) -> None:
    course = fixture_course(tmp_path)
    download = tmp_path / "download.zip"
    with zipfile.ZipFile(download, "w") as archive:
        archive.writestr("alice/fixture.ipynb", _notebook_text())
        archive.writestr("bob_smith/Copy of fixture.ipynb", _notebook_text())
    lines, ok = collect(course, FIXTURE_LESSON, download)
    assert ok, lines
    assert sorted(
        p.parent.name for p in course.submitted.glob(f"*/{FIXTURE_LESSON}")
    ) == [
        "alice",
        "bob_smith",
    ]


def test_collect_names_duplicates_and_keeps_the_newest(tmp_path: Path) -> None:
    course = fixture_course(tmp_path)
    folder = tmp_path / "download"
    (folder / "alice").mkdir(parents=True)
    old, new = (
        folder / "alice" / "fixture.ipynb",
        folder / "alice" / "fixture (1).ipynb",
    )
    old.write_text(_notebook_text())
    new.write_text(_notebook_text().replace("Fixture lesson", "Newest"))
    os.utime(old, (1_000_000, 1_000_000))
    (folder / "bob").mkdir()
    (folder / "bob" / "fixture.ipynb").write_text(_notebook_text())
    lines, ok = collect(course, FIXTURE_LESSON, folder)
    assert ok, lines
    assert any("alice handed in 2 files" in line for line in lines)
    [kept] = (course.submitted / "alice" / FIXTURE_LESSON).glob("*.ipynb")
    assert "Newest" in kept.read_text()


# ------------------------------------------------------------ bundle


def test_bundle_has_no_solutions_or_hidden_checks(tmp_path: Path) -> None:
    lessons = find_lessons(Course())
    out = tmp_path / "student"
    _bundle.build(ROOT, ROOT / "notebooks", lessons, out)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert {"README.md", "pyproject.toml", "helpers/__init__.py"} <= files
    assert not any(f.startswith(("solutions/", "tests/", "tools/")) for f in files)
    text = "\n".join(
        line for p in out.rglob("*") if p.is_file() for line in _bundle._text_lines(p)
    )
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    public = {
        line.strip() for p in (ROOT / "helpers").rglob("*.py") for line in p.open()
    }
    shown = {line.strip() for line in text.splitlines()}
    for hidden in (ROOT / "tools" / "grading" / "hidden").glob("*.py"):
        for line in hidden.read_text().splitlines():
            if len(line.strip()) > 30 and line.strip() not in public:
                assert line.strip() not in shown, (hidden.name, line)
    with zipfile.ZipFile(out.with_suffix(".zip")) as archive:
        assert len(archive.namelist()) == len(files)


def test_bundle_keeps_students_work_in_their_own_copy(tmp_path: Path) -> None:
    """Students get course.py lab (my-work/, never overwritten, git-ignored);
    the instructor commands say they are not part of this copy."""
    out = tmp_path / "student"
    _bundle.build(ROOT, ROOT / "notebooks", find_lessons(Course()), out)
    assert "/my-work/" in (out / ".gitignore").read_text().splitlines()
    assert "python3 course.py lab" in (out / "README.md").read_text()
    for command, words in (("grade", "no grading tools"), ("test", "no tests/")):
        done = subprocess.run(
            [sys.executable, str(out / "course.py"), command],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode != 0 and words in done.stderr, done.stderr
        assert not (out / ".venv").exists()  # refused before any set-up


# ------------------------------------------------------------ reports


def _graded(student: str, *notes: str):
    from tools._sanitize import SubmissionReport

    report = SubmissionReport(student, "07-kfold-validation", "x.ipynb")
    report.notes += list(notes)
    report.score, report.max_score = 0.0, 10.0
    return report


def test_a_lesson_cell_failing_in_every_submission_is_blamed_on_the_machine():
    from tools.grading.reports import AutogradeResult, flag_environment

    broken = "lesson cell 6 raised DatasetUnavailableError: no boston_housing.npz"
    everyone = AutogradeResult(
        "07-kfold-validation", [_graded(s, broken) for s in ("a", "b", "c")]
    )
    flag_environment(everyone)
    assert len(everyone.failures) == 1
    assert "grading environment" in everyone.failures[0]
    assert "DatasetUnavailableError" in everyone.failures[0]

    some = AutogradeResult(
        "07-kfold-validation",
        [_graded("a", broken), _graded("b", broken), _graded("c")],
    )
    flag_environment(some)
    assert some.failures == []
    different = AutogradeResult(
        "07-kfold-validation",
        [_graded("a", broken), _graded("b", "lesson cell 9 raised NameError: x")],
    )
    flag_environment(different)
    assert different.failures == []


def test_the_sandboxed_runner_skips_jsonschemas_iri_grammar():
    """Every graded notebook starts runner.py: importing nbformat must not
    compile rfc3987_syntax's grammar (1.5 CPU s) when it is installed."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import runner, nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "print(sys.modules.get('rfc3987_syntax') is None)"
    )
    found = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "tools" / "grading")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.strip() == "True"
