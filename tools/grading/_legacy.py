"""Grade the lessons with nbgrader: one command per step of the cycle.

    python3 course.py grade release [LESSON ...]     register lessons + hidden tests
    python3 course.py grade collect LESSON [--from ZIP_OR_DIR]
                                                    import an LMS download
    python3 course.py grade autograde [LESSON ...]  repair, then autograde (fast mode)
    python3 course.py grade feedback [LESSON ...]   HTML feedback per student
    python3 course.py grade grades [--to FILE]      export grades.csv
    python3 course.py grade summary [LESSON ...]    per-question table + PNG
    python3 course.py grade bundle                  what to publish to students

(``python -m tools.grading ...`` is the same inside the virtual environment.)
Every step exits with 1 when something went wrong, after doing all it can;
nbgrader itself often logs an error and exits 0, so each step checks the
results (files written, gradebook entries) instead of trusting it.

State lives in the course root, all of it gitignored: the gradebook in
``.nbgrader/``, ``downloaded/``, ``submitted/``, ``autograded/``,
``feedback/``, ``grades.csv``, ``reports/`` (repair reports, score plots) and
``build/`` (the student bundle). See docs/instructors.md for a full cycle.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from tools import _bundle, notebooks
from tools._sanitize import SubmissionReport, sanitize_submission

ROOT = Path(__file__).resolve().parent.parent.parent
LMS_PATTERN = (
    r".*/(?P<student_id>[A-Za-z0-9.@+-]+)_(?:late_)?(?:\d+_)*(?P<file_id>[^/]+)$"
)
"""Default for ``collect``: files named ``<student>_<file>``, optionally
with ``late_`` and numeric ids between, as Canvas names them
(``doejane_late_12345_67890_noise_channels.ipynb``)."""
IOPUB_TIMEOUT = 30
"""Seconds nbclient waits for a cell's last outputs (default 4): on a busy
machine, and after interrupting an endless loop, 4 s is not always enough,
and nbgrader then fails the whole submission."""
TIMESTAMP_LOG = "%(created).3f [%(name)s | %(levelname)s] %(message)s"


class GradingError(Exception):
    """A step could not do its job; the message says what to do."""


@dataclass(frozen=True)
class Lesson:
    """One assignment: ``<source>/<name>/<notebook>``."""

    name: str
    notebook: str

    @property
    def notebook_id(self) -> str:
        return self.notebook[: -len(".ipynb")]


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
    def originals(self) -> Path:
        """Copies of submissions as handed in, before any repair."""
        return self.root / ".nbgrader" / "originals"

    @property
    def db_path(self) -> Path:
        return self.gradebook or self.root / ".nbgrader" / "gradebook.db"

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def nbgrader_options(self) -> list[str]:
        options = [
            f"--CourseDirectory.root={self.root}",
            f"--CourseDirectory.db_url={self.db_url}",
            f"--CourseDirectory.source_directory={self.source}",
            f"--CourseDirectory.release_directory={self.release}",
        ]
        if self.timeout is not None:
            options.append(f"--Execute.timeout={self.timeout}")
        return options


# --------------------------------------------------------------------------
# Running nbgrader


@dataclass
class NbgraderRun:
    """One nbgrader command: exit code and its log, one line per entry."""

    command: list[str]
    returncode: int
    lines: list[str]

    def errors(self) -> list[str]:
        return [
            line for line in self.lines if "| ERROR]" in line or "| CRITICAL]" in line
        ]


def nbgrader(
    course: Course,
    step: str,
    *arguments: str,
    echo: Callable[[str], None] | None = None,
) -> NbgraderRun:
    """Run ``nbgrader <step> <arguments>`` for ``course`` and collect its log.

    Each log line starts with a Unix timestamp (for timing autograding).
    Options in ``arguments`` win over the course's paths. ``echo`` is called
    with every line as it arrives.
    """
    course.db_path.parent.mkdir(parents=True, exist_ok=True)
    given = {argument.split("=")[0] for argument in arguments}
    defaults = [o for o in course.nbgrader_options() if o.split("=")[0] not in given]
    command = [
        sys.executable,
        "-m",
        "nbgrader",
        step,
        *arguments,
        *defaults,
        f"--Application.log_format={TIMESTAMP_LOG}",
    ]
    environment = dict(os.environ)
    # nbgrader shells out to `alembic`, which lives beside this Python.
    bin_dir = str(Path(sys.executable).parent)
    environment["PATH"] = bin_dir + os.pathsep + environment.get("PATH", "")
    # Autograding must run in fast mode, which nbgrader selects through
    # NBGRADER_EXECUTION; an instructor's COURSE_MODE=full would override it.
    environment.pop("COURSE_MODE", None)
    environment.setdefault("MPLBACKEND", "Agg")
    environment["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        command,
        cwd=course.config_dir,
        env=environment,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding="utf-8",
        errors="replace",
    )
    lines = []
    assert process.stdout is not None
    for line in process.stdout:
        line = line.rstrip("\n")
        lines.append(line)
        if echo:
            echo(line)
    return NbgraderRun(command, process.wait(), lines)


def _message(line: str) -> str:
    """A log line without its timestamp."""
    return re.sub(r"^\d+\.\d+ ", "", line)


def _fail_with_log(run: NbgraderRun, what: str) -> GradingError:
    shown = run.errors() or run.lines[-15:]
    details = "\n".join("    " + _message(line) for line in shown)
    return GradingError(f"{what} (nbgrader exit code {run.returncode}):\n{details}")


# --------------------------------------------------------------------------
# Lessons


def find_lessons(course: Course, names: Iterable[str] | None = None) -> list[Lesson]:
    """The lessons in ``course.source`` called ``names`` (default: all)."""
    if not course.source.is_dir():
        raise GradingError(f"no source folder {course.source}")
    try:
        found = notebooks.lessons(list(names or []) or None, source=course.source)
    except notebooks.LessonError as error:
        raise GradingError(str(error)) from None
    return [Lesson(lesson.name, lesson.notebook) for lesson in found]


@dataclass(frozen=True)
class Question:
    """A graded cell of a source notebook."""

    grade_id: str
    points: float
    autograded: bool  # False: a written answer graded by hand
    hidden_tests: bool


def questions(source: Path) -> list[Question]:
    """The graded cells of a source notebook, from its nbgrader metadata."""
    notebook = nbformat.read(source, as_version=4)
    found = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade"):
            found.append(
                Question(
                    meta["grade_id"],
                    float(meta.get("points", 0)),
                    autograded=not meta.get("solution", False),
                    hidden_tests="BEGIN HIDDEN TESTS" in cell.source,
                )
            )
    return found


# --------------------------------------------------------------------------
# release


def release(course: Course, names: list[str] | None = None) -> list[str]:
    """Register lessons (cells, points, hidden tests) in the gradebook.

    Runs ``nbgrader generate_assignment`` against the real gradebook and
    checks the result equals the committed release in ``notebooks/`` (a
    lesson without one gets it written). Returns the lines to print.
    """
    from nbgrader.api import Gradebook

    output = []
    with tempfile.TemporaryDirectory() as scratch:
        for lesson in find_lessons(course, names):
            run = nbgrader(
                course,
                "generate_assignment",
                lesson.name,
                "--force",
                f"--CourseDirectory.release_directory={scratch}",
            )
            fresh = Path(scratch) / lesson.name / lesson.notebook
            if run.returncode != 0 or run.errors() or not fresh.is_file():
                raise _fail_with_log(run, f"could not generate {lesson.name}")
            committed = course.release / lesson.name / lesson.notebook
            if not committed.is_file():
                committed.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(fresh, committed)
                output.append(
                    f"  wrote {committed.relative_to(course.root)} (was missing)"
                )
            elif committed.read_bytes() != fresh.read_bytes():
                raise GradingError(
                    f"{committed.relative_to(course.root)} differs from what "
                    f"{lesson.name}'s source generates, so students would be graded "
                    "against other tests than they see. Regenerate and commit it: "
                    f"python -m tools.notebooks release {lesson.name}"
                )
            with Gradebook(course.db_url) as gradebook:
                stored = {
                    c.name: c.source
                    for c in gradebook.find_notebook(
                        lesson.notebook_id, lesson.name
                    ).source_cells
                }
            graded = questions(course.source / lesson.name / lesson.notebook)
            for question in graded:
                if question.hidden_tests and "BEGIN HIDDEN TESTS" not in stored.get(
                    question.grade_id, ""
                ):
                    raise GradingError(
                        f"hidden tests of {lesson.name}:{question.grade_id} "
                        "are not in the gradebook"
                    )
            auto = sum(q.points for q in graded if q.autograded)
            manual = sum(q.points for q in graded if not q.autograded)
            hidden = sum(q.hidden_tests for q in graded)
            output.append(
                f"{lesson.name}: {len(graded)} graded cells, {auto:g} autograded + "
                f"{manual:g} manual points, {hidden} with hidden tests; registered"
            )
    return output


# --------------------------------------------------------------------------
# collect


def collect(
    course: Course,
    assignment: str,
    source: Path | None = None,
    pattern: str = LMS_PATTERN,
) -> list[str]:
    """Put submissions into ``submitted/<student>/<assignment>/``.

    ``source`` is an LMS download: a zip file or a folder (zips inside are
    extracted). Its files are copied to ``downloaded/<assignment>/archive``
    and sorted by student with ``nbgrader zip_collect``, the student id
    taken from each file name with ``pattern`` (a regular expression with
    the groups ``student_id`` and ``file_id``, matched against the full
    path). Without ``source``, an existing ``downloaded/<assignment>/archive``
    is collected, or else the submissions already in ``submitted/`` are
    listed. Returns the lines to print and False if some file was not
    collected.
    """
    find_lessons(course, [assignment])
    archive = course.downloaded / assignment / "archive"
    output = []
    unmatched: list[str] = []
    if source is not None:
        if not source.exists():
            raise GradingError(f"no such file or folder: {source}")
        if archive.exists():
            shutil.rmtree(archive)
        archive.mkdir(parents=True)
        if source.is_dir():
            shutil.copytree(source, archive, dirs_exist_ok=True)
        elif zipfile.is_zipfile(source):
            shutil.copy2(source, archive / source.name)
        else:
            raise GradingError(f"{source} is neither a zip file nor a folder")
    if archive.exists():
        run = nbgrader(
            course,
            "zip_collect",
            assignment,
            "--force",
            f"--FileNameCollectorPlugin.named_regexp={pattern}",
        )
        if run.returncode != 0 or run.errors():
            raise _fail_with_log(run, f"zip_collect failed for {assignment}")
        unmatched = [
            _message(line).split(" in: ")[-1]
            for line in run.lines
            if "did not match anything" in line and line.rstrip().endswith(".ipynb")
        ]
    students = sorted(
        p.parent.name for p in course.submitted.glob(f"*/{assignment}") if p.is_dir()
    )
    for student in students:
        files = sorted(
            p.name
            for p in (course.submitted / student / assignment).iterdir()
            if p.is_file() and p.name != "timestamp.txt"
        )
        output.append(f"  {student}: {', '.join(files) or '(no files)'}")
    output.insert(
        0,
        f"{assignment}: {len(students)} submissions in "
        f"{course.submitted.relative_to(course.root)}/",
    )
    for name in unmatched:
        output.append(f"  NOT COLLECTED (file name does not match the pattern): {name}")
    if not students:
        raise GradingError(
            f"no submissions for {assignment}: put them in "
            f"submitted/<student>/{assignment}/ or pass --from <LMS zip>"
        )
    if unmatched:
        output.append(
            "Some files were not collected; give --pattern a regular "
            "expression with (?P<student_id>...) and (?P<file_id>...)."
        )
    return output, not unmatched


# --------------------------------------------------------------------------
# autograde


@dataclass
class AutogradeResult:
    """All submissions of one assignment after an autograde run."""

    assignment: str
    reports: list[SubmissionReport] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and all(r.gradable for r in self.reports)

    def median_seconds(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


def _submission_folders(course: Course, assignment: str) -> list[Path]:
    return sorted(p for p in course.submitted.glob(f"*/{assignment}") if p.is_dir())


def _times_per_notebook(lines: list[str]) -> dict[str, float]:
    """Seconds from 'Sanitizing' to the end of each student's notebook,
    read from the timestamps of nbgrader's log."""
    starts: list[tuple[float, str]] = []
    end = None
    for line in lines:
        match = re.match(r"^(\d+\.\d+) .*Sanitizing (.+)$", line)
        stamp = re.match(r"^(\d+\.\d+) ", line)
        if match:
            starts.append((float(match.group(1)), match.group(2)))
        if stamp:
            end = float(stamp.group(1))
    times = {}
    for (start, path), following in zip(starts, [*starts[1:], (end, "")], strict=True):
        student = Path(path).parent.parent.name
        times[student] = (following[0] or start) - start
    return times


def _failure_reasons(lines: list[str]) -> dict[str, str]:
    """Students whose submission nbgrader failed on, with the last line of
    the traceback it logged (e.g. 'CellTimeoutError: ...')."""
    reasons: dict[str, str] = {}
    student = None
    for line in map(_message, lines):
        start = re.search(r"error processing assignment: .*/([^/]+)/[^/]+/?$", line)
        end = re.search(
            r"error processing assignment '[^']+' for student '([^']+)'", line
        )
        if start:
            student = start.group(1)
            reasons[student] = "see the log"
        elif end:
            reasons.setdefault(end.group(1), "see the log")
        elif student and re.match(r"^\s*[\w.]+(Error|Exception)\b", line):
            reasons[student] = line.strip()[:200]
    return reasons


def _score(course: Course, lesson: Lesson, student: str) -> tuple[float, float] | None:
    """Autograded points and their maximum for one graded submission."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(course.db_url) as gradebook:
        try:
            submission = gradebook.find_submission_notebook(
                lesson.notebook_id, lesson.name, student
            )
        except MissingEntry:
            return None
        written = {c.name for c in submission.notebook.solution_cells}
        grades = [g for g in submission.grades if g.name not in written]
        if any(g.auto_score is None and g.manual_score is None for g in grades):
            return None
        return sum(g.score for g in grades), sum(g.max_score for g in grades)


INTERRUPTED = ("KeyboardInterrupt", "CellTimeoutError", "TimeoutError")


def _inspect(notebook_path: Path) -> tuple[list[str], str | None]:
    """What went wrong in an autograded notebook: the cells interrupted for
    running too long (grade_id or cell number), and the first error in a
    lesson cell (neither an answer nor a test: setup, data, experiments)."""
    notebook = nbformat.read(notebook_path, as_version=4)
    timeouts, lesson_error = [], None
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        name = meta.get("grade_id") or f"cell {index}"
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(o.get("ename") in INTERRUPTED for o in errors):
            timeouts.append(name)
        elif (
            errors
            and lesson_error is None
            and not (meta.get("solution") or meta.get("grade"))
        ):
            evalue = " ".join(str(errors[0].get("evalue", "")).split())[:120]
            lesson_error = f"lesson {name} raised {errors[0].get('ename')}: {evalue}"
    return timeouts, lesson_error


def autograde(
    course: Course,
    assignment: str,
    force: bool = False,
    echo: Callable[[str], None] = print,
    students: list[str] | None = None,
) -> AutogradeResult:
    """Repair every submission of ``assignment`` (or only those of
    ``students``), autograde the gradable ones in one nbgrader run (fast
    mode), and report per submission."""
    from nbgrader.api import Gradebook, MissingEntry

    [lesson] = find_lessons(course, [assignment])
    template = course.release / lesson.name / lesson.notebook
    if not template.is_file():
        raise GradingError(
            f"no release {template}: run `grade release {assignment}` first"
        )
    with Gradebook(course.db_url) as gradebook:
        try:
            gradebook.find_notebook(lesson.notebook_id, assignment)
        except MissingEntry:
            raise GradingError(
                f"{assignment} is not in the gradebook {course.db_path}: "
                f"run `grade release {assignment}` first"
            ) from None
    result = AutogradeResult(assignment)
    folders = _submission_folders(course, assignment)
    if students:
        unknown = sorted(set(students) - {f.parent.name for f in folders})
        if unknown:
            raise GradingError(f"no submission of {assignment} by {', '.join(unknown)}")
        folders = [f for f in folders if f.parent.name in students]
    if not folders:
        raise GradingError(
            f"no submissions in {course.submitted}/*/{assignment}/: "
            f"run `grade collect {assignment}` first"
        )
    for folder in folders:
        student = folder.parent.name
        report = sanitize_submission(
            folder, template, assignment, course.originals / assignment / student
        )
        result.reports.append(report)
    excluded = [r.student for r in result.reports if not r.gradable]
    arguments = [assignment, f"--Execute.iopub_timeout={IOPUB_TIMEOUT}"]
    arguments += ["--force"] if force else []
    if students:
        arguments.append(f"--CourseDirectory.student_id={','.join(students)}")
    if excluded:
        arguments.append(f"--CourseDirectory.student_id_exclude={','.join(excluded)}")
    if len(excluded) < len(folders):
        graded = len(folders) - len(excluded)
        echo(f"{assignment}: autograding {graded} submission(s) in fast mode ...")

        def progress(line: str) -> None:
            match = re.search(r"Sanitizing .*/([^/]+)/[^/]+/[^/]+\.ipynb$", line)
            if match:
                echo(f"  {match.group(1)}")

        run = nbgrader(course, "autograde", *arguments, echo=progress)
        course.reports.mkdir(parents=True, exist_ok=True)
        log = course.reports / f"{assignment}-autograde.log"
        log.write_text("\n".join(_message(line) for line in run.lines) + "\n")
        failed = _failure_reasons(run.lines)
        times = _times_per_notebook(run.lines)
        lesson_errors: list[str] = []
        for report in result.reports:
            if not report.gradable:
                continue
            report.seconds = times.get(report.student)
            notebook = course.autograded / report.student / assignment / lesson.notebook
            score = _score(course, lesson, report.student)
            if report.student in failed or score is None or not notebook.is_file():
                reason = failed.get(report.student) or "no grades recorded"
                report.flag(
                    f"nbgrader could not grade it ({reason}); see "
                    f"{log.relative_to(course.root)}, then rerun: grade autograde "
                    f"{assignment} --force --student {report.student}"
                )
                continue
            report.score, report.max_score = score
            if report.seconds is not None:
                result.seconds.append(report.seconds)
            timeouts, lesson_error = _inspect(notebook)
            for cell in timeouts:
                report.notes.append(f"{cell} ran too long and was stopped (scores 0)")
            if lesson_error:
                report.notes.append(lesson_error)
                lesson_errors.append(lesson_error)
        graded = [r for r in result.reports if r.score is not None]
        if (
            graded
            and len(lesson_errors) == len(graded)
            and len(set(lesson_errors)) == 1
        ):
            result.failures.append(
                f"every submission failed the same way ({lesson_errors[0]}): "
                "that is the grading environment (data, packages, COURSE_DATA_DIR), "
                f"not the students. Fix it, then rerun: grade autograde {assignment} "
                "--force"
            )
        if run.returncode != 0 and not failed:
            result.failures.append(
                f"nbgrader autograde exited with {run.returncode}; "
                f"see {log.relative_to(course.root)}"
            )
    _write_report(course, result)
    return result


def _write_report(course: Course, result: AutogradeResult) -> None:
    course.reports.mkdir(parents=True, exist_ok=True)
    path = course.reports / f"{result.assignment}-submissions.json"
    content = {
        "assignment": result.assignment,
        "median_seconds_per_notebook": result.median_seconds(),
        "failures": result.failures,
        "submissions": [asdict(r) for r in result.reports],
    }
    path.write_text(json.dumps(content, indent=2) + "\n")


def format_autograde(result: AutogradeResult, course: Course) -> list[str]:
    """The per-submission report as lines of text."""
    width = max([len(r.student) for r in result.reports] + [7])
    lines = [f"  {'student':<{width}}  {'status':<8}  {'score':>9}  {'time':>6}"]
    for report in result.reports:
        score = (
            f"{report.score:g}/{report.max_score:g}"
            if report.score is not None
            else "-"
        )
        seconds = f"{report.seconds:.1f}s" if report.seconds is not None else "-"
        lines.append(
            f"  {report.student:<{width}}  {report.status:<8}  {score:>9}  {seconds:>6}"
        )
        lines += [f"  {'':<{width}}    - {note}" for note in report.notes]
    median = result.median_seconds()
    if median is not None:
        lines.append(
            f"  median {median:.1f} s per notebook ({len(result.seconds)} executed)"
        )
    flagged = [r for r in result.reports if not r.gradable]
    if flagged:
        lines.append(
            f"  NOT GRADED: {', '.join(r.student for r in flagged)} "
            "(see notes; the rest of the batch was graded)"
        )
    lines += [f"  FAILED: {failure}" for failure in result.failures]
    path = course.reports / f"{result.assignment}-submissions.json"
    lines.append(f"  report: {path.relative_to(course.root)}")
    return lines


# --------------------------------------------------------------------------
# feedback, grades, summary


def _assignments_with_submissions(course: Course, names: list[str] | None) -> list[str]:
    if names:
        return [lesson.name for lesson in find_lessons(course, names)]
    found = sorted({p.name for p in course.autograded.glob("*/*") if p.is_dir()})
    if not found:
        raise GradingError("nothing autograded yet: run `grade autograde` first")
    return found


def feedback(course: Course, names: list[str] | None = None) -> list[str]:
    """Generate ``feedback/<student>/<assignment>/<notebook>.html`` and check
    every autograded submission got one."""
    output = []
    missing = []
    for assignment in _assignments_with_submissions(course, names):
        run = nbgrader(course, "generate_feedback", assignment, "--force")
        if run.returncode != 0 or run.errors():
            raise _fail_with_log(run, f"generate_feedback failed for {assignment}")
        graded = sorted(p for p in course.autograded.glob(f"*/{assignment}/*.ipynb"))
        for notebook in graded:
            student = notebook.parent.parent.name
            html = course.feedback / student / assignment / (notebook.stem + ".html")
            if not html.is_file():
                missing.append(str(html.relative_to(course.root)))
        output.append(
            f"{assignment}: feedback for {len(graded) - len(missing)} of "
            f"{len(graded)} submissions in {course.feedback.relative_to(course.root)}/"
        )
    if missing:
        raise GradingError("no feedback written for: " + ", ".join(missing))
    return output


def export_grades(course: Course, target: Path) -> list[str]:
    """Write the gradebook's grades as CSV (``nbgrader export``)."""
    run = nbgrader(course, "export", f"--CsvExportPlugin.to={target}")
    if run.returncode != 0 or run.errors() or not target.is_file():
        raise _fail_with_log(run, f"could not export grades to {target}")
    with open(target, newline="") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        raise GradingError(f"{target} holds no grades: autograde something first")
    assignments = sorted({row["assignment"] for row in rows})
    students = {row["student_id"] for row in rows}
    return [
        f"wrote {target}: {len(rows)} rows, {len(students)} students, "
        f"assignments {', '.join(assignments)}"
    ]


@dataclass
class QuestionScores:
    """Scores of all graded submissions on one graded cell."""

    assignment: str
    grade_id: str
    max_score: float
    autograded: bool
    scores: list[float | None]  # None: still to be graded by hand


def question_scores(course: Course, assignment: str) -> list[QuestionScores]:
    """Per graded cell, the scores of every submission in the gradebook."""
    from nbgrader.api import Gradebook

    result = []
    with Gradebook(course.db_url) as gradebook:
        for notebook in gradebook.find_assignment(assignment).notebooks:
            written = {c.name for c in notebook.solution_cells}
            for cell in notebook.grade_cells:
                scores = []
                for submission in notebook.submissions:
                    grade = gradebook.find_grade(
                        cell.name, notebook.name, assignment, submission.student.id
                    )
                    pending = grade.auto_score is None and grade.manual_score is None
                    scores.append(None if pending else float(grade.score))
                result.append(
                    QuestionScores(
                        assignment,
                        cell.name,
                        float(cell.max_score),
                        cell.name not in written,
                        scores,
                    )
                )
    return result


def summary(course: Course, names: list[str] | None = None) -> list[str]:
    """Print per-question statistics and save the score distributions as
    ``reports/<assignment>-scores.png``."""
    output = []
    for assignment in _assignments_with_submissions(course, names):
        rows = question_scores(course, assignment)
        if not rows or not rows[0].scores:
            raise GradingError(
                f"no graded submissions of {assignment} in the gradebook"
            )
        output.append(f"{assignment}: {len(rows[0].scores)} submissions")
        width = max(len(row.grade_id) for row in rows) + len(" (written)")
        output.append(
            f"  {'question':<{width}} {'max':>4} {'mean':>5} {'median':>6} "
            f"{'full':>5} {'zero':>5} {'to grade':>8}"
        )
        for row in rows:
            known = [s for s in row.scores if s is not None]
            mean = f"{statistics.mean(known):.2f}" if known else "-"
            median = f"{statistics.median(known):g}" if known else "-"
            full = sum(s == row.max_score for s in known)
            zero = sum(s == 0 for s in known)
            kind = "" if row.autograded else " (written)"
            output.append(
                f"  {row.grade_id + kind:<{width}} {row.max_score:>4g} {mean:>5} "
                f"{median:>6} {full:>5} {zero:>5} {len(row.scores) - len(known):>8}"
            )
        png = course.reports / f"{assignment}-scores.png"
        plot_distribution(rows, png)
        output.append(f"  plot: {png.relative_to(course.root)}")
    return output


def plot_distribution(rows: list[QuestionScores], target: Path) -> None:
    """One panel per question: how many submissions got each score."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = min(len(rows), 3)
    lines = (len(rows) + columns - 1) // columns
    figure, axes = plt.subplots(
        lines, columns, figsize=(4 * columns, 3 * lines), squeeze=False
    )
    for axis, row in zip(axes.flat, rows, strict=False):
        known = [s for s in row.scores if s is not None]
        values = sorted(set(known) | {0.0, row.max_score})
        counts = [sum(s == v for s in known) for v in values]
        axis.bar([f"{v:g}" for v in values], counts, color="#4477aa")
        pending = len(row.scores) - len(known)
        note = f", {pending} to grade by hand" if pending else ""
        axis.set_title(f"{row.grade_id} (max {row.max_score:g}{note})", fontsize=9)
        axis.set_xlabel("score")
        axis.set_ylabel("submissions")
        axis.yaxis.get_major_locator().set_params(integer=True)
    for axis in list(axes.flat)[len(rows) :]:
        axis.set_visible(False)
    figure.suptitle(f"{rows[0].assignment}: score distribution per question")
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=100)
    plt.close(figure)


# --------------------------------------------------------------------------
# Command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.grading",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="course directory (default: this repository)",
    )
    parser.add_argument(
        "--gradebook",
        type=Path,
        default=None,
        help="gradebook file (default: <root>/.nbgrader/gradebook.db)",
    )
    steps = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    step = steps.add_parser("release", help="register lessons and hidden tests")
    step.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
    step = steps.add_parser("collect", help="import submissions from an LMS download")
    step.add_argument("lesson")
    step.add_argument(
        "--from",
        dest="source",
        type=Path,
        help="zip file or folder downloaded from the LMS",
    )
    step.add_argument(
        "--pattern",
        default=LMS_PATTERN,
        help="regular expression for the file names (default: %(default)s)",
    )
    step = steps.add_parser("autograde", help="repair and autograde submissions")
    step.add_argument(
        "lessons", nargs="*", help="lessons (default: all with submissions)"
    )
    step.add_argument(
        "--force",
        action="store_true",
        help="grade again submissions that were already autograded",
    )
    step.add_argument(
        "--student",
        action="append",
        default=None,
        help="only this student (repeat for several)",
    )
    step.add_argument(
        "--timeout",
        type=int,
        default=None,
        help="seconds per cell (default: nbgrader_config.py)",
    )
    step = steps.add_parser("feedback", help="HTML feedback for each submission")
    step.add_argument("lessons", nargs="*")
    step = steps.add_parser("grades", help="export all grades as CSV")
    step.add_argument(
        "--to", type=Path, default=None, help="default: <root>/grades.csv"
    )
    step = steps.add_parser("summary", help="per-question scores and a PNG")
    step.add_argument("lessons", nargs="*")
    step = steps.add_parser("bundle", help="build what to publish to students")
    step.add_argument(
        "--out",
        type=Path,
        default=None,
        help="default: <root>/build/student (and .zip beside it)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one step; print its report; return the exit code."""
    arguments = _parser().parse_args(argv)
    course = Course(
        root=arguments.root.resolve(),
        gradebook=arguments.gradebook.resolve() if arguments.gradebook else None,
        timeout=getattr(arguments, "timeout", None),
    )
    started = time.perf_counter()
    try:
        ok = _run_step(course, arguments)
    except GradingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"({arguments.step} took {time.perf_counter() - started:.0f} s)")
    return 0 if ok else 1


def _run_step(course: Course, arguments: argparse.Namespace) -> bool:
    step = arguments.step
    if step == "release":
        lines = release(course, arguments.lessons)
    elif step == "collect":
        lines, ok = collect(
            course, arguments.lesson, arguments.source, arguments.pattern
        )
        print("\n".join(lines))
        return ok
    elif step == "autograde":
        ok = True
        names = arguments.lessons or sorted(
            {p.name for p in course.submitted.glob("*/*") if p.is_dir()}
        )
        if not names:
            raise GradingError(f"no submissions in {course.submitted}/")
        for assignment in names:
            result = autograde(
                course, assignment, force=arguments.force, students=arguments.student
            )
            print("\n".join(format_autograde(result, course)))
            ok = ok and result.ok
        return ok
    elif step == "feedback":
        lines = feedback(course, arguments.lessons)
    elif step == "grades":
        lines = export_grades(
            course, (arguments.to or course.root / "grades.csv").resolve()
        )
    elif step == "summary":
        lines = summary(course, arguments.lessons)
    else:
        lessons = find_lessons(course)
        lines = _bundle.build(
            course.root,
            course.release,
            lessons,
            arguments.out or course.root / "build" / "student",
        )
    print("\n".join(lines))
    return True


if __name__ == "__main__":
    sys.exit(main())
