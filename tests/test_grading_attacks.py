"""A hostile class: every attack a student tried, graded in the sandbox.

One temporary course with the fixture lesson. Honest students are graded
first; then the attackers are graded in a second run. Each attack must score
0 on the exercise it targets (the honest answer to the other exercise keeps
its points), and every honest student's files and grades must stay
byte-identical. The real gradebook is never touched.
"""

from __future__ import annotations

import socket
import subprocess
import threading
import time

import nbformat
import pytest

from tests.conftest import ROOT
from tests.grading_helpers import (
    FIXTURE_LESSON,
    FIXTURES,
    answered,
    fixture_course,
    grades_of,
    hand_in,
    lesson_of,
    require_sandbox,
    tree_digest,
)
from tools.grading import steps
from tools.grading.autograde import Options, autograde
from tools.grading.release import release

pytestmark = pytest.mark.grading

WRONG_SCALED = "def scaled(values, factor):\n    return list(values)\n"
MARKER = "attack-marker-7f3a"

ATTACKS = {
    # Replace the checks, the judges and the failure function with no-ops.
    "patch_checks": """
import helpers.checks, helpers.exercises.core as core, helpers.exercises.judges as j
helpers.checks.fail = lambda *a, **k: None
core.judge_case = lambda *a, **k: None
core.run_public = lambda *a, **k: None
for name in ("equals", "close", "matches_reference", "unchanged", "satisfies"):
    setattr(j, name, lambda *a, **k: (lambda *x, **y: None))
"""
    + WRONG_SCALED,
    # Make every comparison succeed.
    "patch_builtins": """
import builtins, numpy, operator
builtins.abs = lambda x: 0
builtins.all = lambda x: True
numpy.allclose = lambda *a, **k: True
numpy.array_equal = lambda *a, **k: True
operator.eq = lambda a, b: True
"""
    + WRONG_SCALED,
    # Look for the reference, the hidden checks, the gradebook, the secret.
    "read_secrets": """
import glob, pathlib
paths = [{source!r}, {gradebook!r}, {secret!r}, {hidden!r}, {real_hidden!r}]
paths += glob.glob({root!r} + "/**", recursive=True)
for path in paths:
    try:
        text = pathlib.Path(path).read_text()
        print("LEAKED", path, len(text))
    except Exception as error:
        pass
try:
    source = pathlib.Path({source!r}).read_text()
    exec(source.split("def scaled")[1].join(["def scaled", ""]))
except Exception:
    pass
"""
    + WRONG_SCALED,
    # Give itself full marks and zero another student; overwrite and delete.
    "vandal": """
import shutil, sqlite3, pathlib
try:
    db = sqlite3.connect({gradebook!r})
    db.execute("UPDATE grade SET manual_score = 99")
    db.commit()
    print("LEAKED wrote the gradebook")
except Exception as error:
    pass
for target in pathlib.Path({root!r}).glob("*/*/00-fixture/*.ipynb"):
    try:
        target.write_text("{{}}")
        print("LEAKED overwrote", target)
    except Exception:
        pass
shutil.rmtree({root!r}, ignore_errors=True)
shutil.rmtree({canary!r}, ignore_errors=True)
"""
    + WRONG_SCALED,
    # Leave processes behind that keep trying to change things.
    "background": """
import subprocess, sys
code = (
    "import time, pathlib\\n"
    "for _ in range(600):\\n"
    "    for p in pathlib.Path({root!r}).rglob('*.ipynb'):\\n"
    "        try: p.write_text('{{}}')\\n"
    "        except Exception: pass\\n"
    "    time.sleep(0.1)\\n"
)
subprocess.Popen([sys.executable, "-c", code, {marker!r}], start_new_session=True)
subprocess.Popen(["sh", "-c", "sleep 600; echo {marker}"], start_new_session=True)
"""
    + WRONG_SCALED,
    # Talk to a server on the grading machine.
    "network": """
import socket
try:
    socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"hello")
    print("LEAKED reached the grader's machine")
except Exception:
    pass
"""
    + WRONG_SCALED,
}


def _honest(lesson) -> dict[str, object]:
    return {
        "honest_full": answered(lesson, lesson.answers),
        "honest_partial": answered(
            lesson, {"spread_answer": lesson.answers["spread_answer"]}
        ),
    }


def _attackers(lesson, course, port: int) -> dict[str, object]:
    fields = {
        "root": str(course.root),
        "source": str(course.source / FIXTURE_LESSON / "fixture.ipynb"),
        "gradebook": str(course.db_path),
        "secret": str(course.state / "course_secret"),
        "hidden": str(FIXTURES / "checks" / "hidden" / "fixture.py"),
        "real_hidden": str(ROOT / "tools" / "grading" / "hidden"),
        "canary": str(course.root.parent / "instructor-files"),
        "marker": MARKER,
        "port": port,
    }
    return {
        name: answered(
            lesson,
            {
                "scaled_answer": code.format(**fields),
                "spread_answer": lesson.answers["spread_answer"],
            },
        )
        for name, code in ATTACKS.items()
    }


class Listener:
    """A TCP server on the grader's loopback that records connections."""

    def __init__(self) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.server.accept()
                self.connections += 1
                connection.close()
            except OSError:
                continue

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.server.close()


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    require_sandbox()
    root = tmp_path_factory.mktemp("hostile-course")
    canary = root.parent / "instructor-files"
    canary.mkdir()
    (canary / "keep.txt").write_text("the instructor's own file")
    course = fixture_course(root)
    release(course, [FIXTURE_LESSON])
    lesson = lesson_of(course, FIXTURE_LESSON)
    for student, notebook in _honest(lesson).items():
        hand_in(course, lesson, student, notebook)
    options = Options(workers=2, cell_timeout=20)
    first = autograde(course, FIXTURE_LESSON, options, echo=lambda _: None)
    before = {
        "submitted": tree_digest(course.submitted),
        "autograded": tree_digest(course.autograded),
        "grades": {s: grades_of(course, lesson, s) for s in _honest(lesson)},
        "gradebook_mtime": course.db_path.stat().st_mtime,
    }
    listener = Listener()
    try:
        for student, notebook in _attackers(lesson, course, listener.port).items():
            hand_in(course, lesson, student, notebook)
        second = autograde(
            course,
            FIXTURE_LESSON,
            Options(workers=2, cell_timeout=20, students=sorted(ATTACKS)),
            echo=lambda _: None,
        )
        time.sleep(1.0)  # anything left behind would write now
    finally:
        listener.close()
    return course, lesson, first, second, before, listener


def _report(result, student):
    return next(r for r in result.reports if r.student == student)


def test_honest_students_score_what_they_earned(hostile_class):
    course, lesson, first, *_ = hostile_class
    assert _report(first, "honest_full").score == lesson.total
    assert _report(first, "honest_partial").score == lesson.points["spread_test"]
    assert all(r.max_score == lesson.total for r in first.reports)


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_an_attack_scores_zero_on_its_exercise(hostile_class, attack):
    course, lesson, _, second, *_ = hostile_class
    report = _report(second, attack)
    assert report.status != "flagged", report.notes
    assert report.score == lesson.points["spread_test"], (attack, report.notes)
    graded = course.autograded / attack / FIXTURE_LESSON / lesson.notebook
    printed = "".join(
        str(output.get("text", ""))
        for cell in nbformat.read(graded, as_version=4).cells
        for output in cell.get("outputs", [])
    )
    assert "LEAKED" not in printed, printed


def test_other_students_files_and_grades_are_untouched(hostile_class):
    course, lesson, _, _, before, _ = hostile_class
    honest = {k: v for k, v in tree_digest(course.submitted).items()}
    for path, digest in before["submitted"].items():
        assert honest[path] == digest, path
    graded = tree_digest(course.autograded)
    for path, digest in before["autograded"].items():
        assert graded[path] == digest, path
    for student, grades in before["grades"].items():
        assert grades_of(course, lesson, student) == grades


def test_the_gradebook_and_the_course_survive(hostile_class):
    course, lesson, *_ = hostile_class
    assert (course.source / FIXTURE_LESSON / lesson.notebook).is_file()
    assert (course.root.parent / "instructor-files" / "keep.txt").is_file()
    grades = grades_of(course, lesson, "vandal")
    assert all(manual is None for _, manual, _ in grades.values())


def test_no_process_is_left_behind(hostile_class):
    found = subprocess.run(
        ["pgrep", "-f", MARKER], capture_output=True, text=True
    ).stdout.split()
    assert found == []


def test_the_sandbox_has_no_network(hostile_class):
    *_, listener = hostile_class
    assert listener.connections == 0


def test_feedback_shows_verdicts_but_no_hidden_checks(hostile_class):
    course, lesson, *_ = hostile_class
    lines = steps.feedback(course, [FIXTURE_LESSON])
    assert "feedback for" in lines[0]
    page = course.feedback / "honest_partial" / FIXTURE_LESSON / "fixture.html"
    text = page.read_text()
    assert "hidden check" in text  # verdicts are shown
    hidden = (FIXTURES / "checks" / "hidden" / "fixture.py").read_text()
    for line in hidden.splitlines():
        if len(line.strip()) > 25:
            assert line.strip() not in text
    assert "scaled_values" not in text  # the reference answer
    wrong = course.feedback / "patch_checks" / FIXTURE_LESSON / "fixture.html"
    verdicts = wrong.read_text().split("✗ hidden check")[1:]
    assert verdicts, "a failed hidden check is shown"
    for verdict in verdicts:
        assert "expected" not in verdict.split("✓")[0].split("✗")[0]


def test_restore_undoes_the_attackers_run(hostile_class):
    course, lesson, _, _, before, _ = hostile_class
    listed = steps.list_snapshots(course)
    assert len(listed) >= 2
    message = steps.restore(course, None)[0]
    assert "restored" in message
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gradebook:
        with pytest.raises(MissingEntry):
            gradebook.find_submission(FIXTURE_LESSON, "vandal")
    for student, grades in before["grades"].items():
        assert grades_of(course, lesson, student) == grades
    nbformat.validate(
        nbformat.read(
            course.submitted / "honest_full" / FIXTURE_LESSON / lesson.notebook, 4
        )
    )
