"""The autograde step: snapshot, repair, run sandboxed, judge, record.

For one lesson, every submission goes through:

1. a snapshot of the gradebook and the submissions (``grade restore``);
2. repair against the release (:mod:`tools._sanitize`);
3. a task (:mod:`tools.grading.task`) run in the sandbox by one of
   ``workers`` threads, or by a Dask cluster's workers
   (:mod:`tools.grading.cluster`, ``scheduler``): the notebook, then the
   checks' runs, with this student's hidden inputs;
4. in this process: the judges (:mod:`tools.grading.checker`), the
   autograded notebook and the gradebook (:mod:`tools.grading.record`).

Only step 4 writes anything that counts, and only this process does it.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import nbformat

from tools import cells
from tools._sanitize import SubmissionReport, sanitize_submission
from tools.grading import checker, record, sandbox, secret, snapshots
from tools.grading import task as tasks
from tools.grading.course import Course, GradingError, find_lessons
from tools.grading.reference import reference_namespace
from tools.grading.reports import AutogradeResult, flag_environment
from tools.lessons import Lesson


@dataclass
class Options:
    """How to autograde (the command line's flags)."""

    force: bool = False
    students: list[str] | None = None
    workers: int = 0  # 0: one per usable core
    cell_timeout: int = 120
    unsafe_no_sandbox: bool = False
    limits: sandbox.Limits = field(default_factory=sandbox.Limits)
    scheduler: str | None = None  # a Dask scheduler's address: run tasks there


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def choose_sandbox(
    options: Options, find: Callable[[], sandbox.Sandbox] = sandbox.find_sandbox
) -> sandbox.Sandbox:
    """The sandbox (as ``find`` sees it where the tasks run), or unsafe mode
    if the instructor asked for it; raise ``SandboxUnavailable`` (with what
    to do) otherwise."""
    try:
        return find()
    except sandbox.SandboxUnavailable as error:
        if options.unsafe_no_sandbox:
            return sandbox.Sandbox("none")
        raise sandbox.SandboxUnavailable(
            f"{error}. Student code would run with your rights, so autograde "
            "stops here. Grade on a Linux machine with bubblewrap, or accept the "
            "risk with --unsafe-no-sandbox (every result is then flagged unsafe)."
        ) from None


def data_folder() -> Path | None:
    """Where the sandbox finds the datasets: ``COURSE_DATA_DIR``, else
    Keras' download cache."""
    given = os.environ.get("COURSE_DATA_DIR")
    if given:
        return Path(given)
    keras_home = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    cache = keras_home / "datasets"
    return cache if cache.is_dir() else None


@dataclass
class Prepared:
    """A repaired submission ready to run, with its checks."""

    report: SubmissionReport
    folder: Path
    notebook: nbformat.NotebookNode
    cases: dict[str, list]
    task: tasks.Task


def groups_of(cases: dict[str, list]) -> list[list[list[int]]]:
    """Run indices per autograded cell and case, in :func:`checker.all_runs`
    order."""
    groups, index = [], 0
    for grade_id in sorted(cases):
        group = []
        for item in cases[grade_id]:
            group.append(list(range(index, index + len(item.runs))))
            index += len(item.runs)
        groups.append(group)
    return groups


def prepare(
    report: SubmissionReport,
    folder: Path,
    notebook_id: str,
    points: dict[str, float],
    key: bytes,
    options: Options,
    packages: tuple[str, str],
) -> Prepared:
    """The task for one repaired submission (its own hidden inputs)."""
    path = folder / report.notebook
    rng = secret.student_rng(key, report.assignment, report.student)
    cases = checker.lesson_cases(notebook_id, sorted(points), rng, packages)
    runs = checker.all_runs(cases)
    task = tasks.Task(
        report.student,
        report.notebook,
        path.read_bytes(),
        runs,
        groups_of(cases),
        options.cell_timeout,
    )
    notebook = nbformat.read(path, as_version=4)
    return Prepared(report, folder, notebook, cases, task)


def run_notes(
    notebook: nbformat.NotebookNode,
    result: tasks.TaskResult,
    limits: sandbox.Limits,
    prepared_ids: list[str],
) -> tuple[list[str], dict[int, str]]:
    """Plain-words notes on what happened in the sandbox, for the report
    and (per cell) for the autograded notebook."""
    notes: list[str] = []
    per_cell: dict[int, str] = {}
    statuses = result.info.get("cells", {}) if isinstance(result.info, dict) else {}
    for key, status in sorted(statuses.items(), key=lambda kv: int(kv[0])):
        index = int(key)
        if index >= len(notebook.cells):
            continue
        name = cells.grade_id(notebook.cells[index]) or f"cell {index + 1}"
        if status == "timeout":
            text = f"{name} ran longer than the time limit and was stopped"
        elif status == "killed":
            text = (
                f"{name} ran too long, ignored the interrupt and was stopped; the "
                "other cells were graded in a fresh kernel"
            )
        elif status == "died":
            text = (
                f"{name} stopped the Python kernel (os._exit, a crash or too much "
                "memory); the other cells were graded in a fresh kernel"
            )
        else:
            continue
        notes.append(text)
        per_cell[index] = f"[grader] {text}\n"
    groups = result.info.get("groups", []) if isinstance(result.info, dict) else []
    for grade_id, status in zip(sorted(prepared_ids), groups, strict=False):
        if status in ("timeout", "killed", "died"):
            what = "crashed" if status == "died" else "ran longer than the time limit"
            notes.append(
                f"{grade_id}: your code {what} when the checks called it; the "
                "checks that did not finish score 0"
            )
    if result.completed.timed_out:
        notes.append(
            f"the submission ran longer than {limits.wall_seconds:.0f} s in all "
            "and was stopped; checks that had not run score 0"
        )
    elif not statuses:
        tail = result.completed.output.strip().splitlines()[-1:] or ["no output"]
        notes.append(f"the submission did not run ({tail[0][:200]})")
    notes += result.problems
    error = _first_lesson_error(result.executed, statuses)
    if error:
        notes.append(error)
    return notes, per_cell


def _first_lesson_error(executed: Any, statuses: dict) -> str | None:
    """``lesson cell N raised Error: ...`` for the first lesson cell (neither
    an answer nor a test) that failed, as the executed notebook shows it."""
    if executed is None:
        return None
    for key, status in sorted(statuses.items(), key=lambda kv: int(kv[0])):
        index = int(key)
        if status != "error" or index >= len(executed.cells):
            continue
        cell = executed.cells[index]
        if cells.is_solution(cell) or cells.is_grade(cell):
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                value = " ".join(str(output.get("evalue", "")).split())[:120]
                return f"lesson cell {index + 1} raised {output.get('ename')}: {value}"
    return None


def finish(
    prepared: Prepared,
    result: tasks.TaskResult,
    points: dict[str, float],
    ref: object,
    recorder: record.Recorder,
    autograded: Path,
    limits: sandbox.Limits,
) -> None:
    """Judge, write the autograded notebook, record the grades."""
    report = prepared.report
    outcomes = tasks.outcomes(prepared.task.runs, result)
    verdicts = checker.judge_all(prepared.cases, outcomes, points, ref)
    notes, per_cell = run_notes(
        prepared.notebook, result, limits, sorted(prepared.cases)
    )
    report.notes += notes
    notebook = record.autograded_notebook(
        prepared.notebook, result.executed, verdicts, per_cell
    )
    target = autograded / report.student / report.assignment / report.notebook
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    notebook_id = report.notebook.removesuffix(".ipynb")
    recorder.record(
        report.assignment,
        notebook_id,
        report.student,
        notebook,
        record.submission_timestamp(prepared.folder),
    )
    stored = recorder.scores(report.assignment, notebook_id, report.student)
    for grade_id, verdict in verdicts.items():
        if stored.get(grade_id) != verdict.points:
            report.flag(f"the gradebook holds another score for {grade_id}")
    report.score = sum(v.points for v in verdicts.values())
    report.max_score = sum(points.values())
    report.seconds = round(result.completed.seconds, 1)


def load_reference(source: Path) -> object:
    """The reference namespace of ``source``; a :class:`GradingError` that
    names the notebook if running its answers fails."""
    try:
        return reference_namespace(source)
    except Exception as error:
        raise GradingError(
            f"the reference solution {source} fails when run: "
            f"{type(error).__name__}: {error}"
        ) from error


def run_all(
    prepared: list[Prepared],
    execute: Callable[[tasks.Task], tasks.TaskResult],
    workers: int,
    on_result: Callable[[Prepared, tasks.TaskResult], None],
) -> None:
    """Execute every task on ``workers`` threads; hand each result to
    ``on_result`` in this thread, as it arrives."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(execute, p.task): p for p in prepared}
        try:
            for future in as_completed(futures):
                item = futures[future]
                try:
                    result = future.result()
                except Exception as error:  # the grader's own failure, per task
                    item.report.flag(f"could not run: {type(error).__name__}: {error}")
                    continue
                on_result(item, result)
        except BaseException:
            # Judging failed (or Ctrl-C): start no more sandboxes.
            pool.shutdown(wait=True, cancel_futures=True)
            raise


class Runner(Protocol):
    """Where tasks run: threads here (:class:`LocalRunner`) or a Dask
    cluster (:class:`tools.grading.cluster.DaskRunner`)."""

    @property
    def workers(self) -> int: ...

    def describe(self) -> str: ...

    def find_sandbox(self) -> sandbox.Sandbox: ...

    def run_all(
        self,
        prepared: Sequence[Prepared],
        box: sandbox.Sandbox,
        data: Path | None,
        limits: sandbox.Limits,
        on_result: Callable[[Prepared, tasks.TaskResult], None],
    ) -> None: ...


@dataclass
class LocalRunner:
    """Tasks on ``workers`` threads of this process, each waiting for one
    sandboxed submission."""

    workers: int

    def describe(self) -> str:
        return f"{self.workers} worker(s)"

    def find_sandbox(self) -> sandbox.Sandbox:
        return sandbox.find_sandbox()

    def run_all(
        self,
        prepared: Sequence[Prepared],
        box: sandbox.Sandbox,
        data: Path | None,
        limits: sandbox.Limits,
        on_result: Callable[[Prepared, tasks.TaskResult], None],
    ) -> None:
        # Each notebook gets its share of the cores (see Limits.threads).
        share = max(1, usable_cores() // max(1, self.workers))
        limits = dataclasses.replace(limits, threads=limits.threads or share)

        def execute(task: tasks.Task) -> tasks.TaskResult:
            return tasks.execute(task, box, data, limits)

        run_all(list(prepared), execute, self.workers, on_result)


@contextmanager
def open_runner(options: Options) -> Iterator[Runner]:
    """Local threads, or the Dask cluster at ``options.scheduler``."""
    if not options.scheduler:
        yield LocalRunner(options.workers or usable_cores())
        return
    from tools.grading import cluster

    with cluster.connect(options.scheduler) as runner:
        yield runner


def progress_line(
    done: int, total: int, started: float, report: SubmissionReport
) -> str:
    """``[3/24] alice  ok  7/7  12.3 s  ETA 2 min``."""
    elapsed = time.monotonic() - started
    eta = elapsed / done * (total - done)
    score = (
        f"{report.score:g}/{report.max_score:g}" if report.score is not None else "-"
    )
    seconds = f"{report.seconds:.1f} s" if report.seconds is not None else "-"
    return (
        f"  [{done}/{total}] {report.student}  {report.status}  {score}  {seconds}"
        f"  ETA {eta / 60:.1f} min"
    )


def _lesson_and_release(course: Course, assignment: str) -> tuple[Lesson, Path]:
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
    return lesson, template


def _folders(course: Course, assignment: str, students: list[str] | None) -> list[Path]:
    folders = sorted(p for p in course.submitted.glob(f"*/{assignment}") if p.is_dir())
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
    return folders


def _ready(
    course: Course,
    assignment: str,
    lesson: Lesson,
    template: Path,
    points: dict[str, float],
    options: Options,
    result: AutogradeResult,
) -> list[Prepared]:
    """Repair every submission (reports into ``result``); the tasks of
    those to grade now."""
    key = secret.course_secret(course.state)
    ready = []
    for folder in _folders(course, assignment, options.students):
        report = sanitize_submission(
            folder,
            template,
            assignment,
            course.originals / assignment / folder.parent.name,
        )
        result.reports.append(report)
        done = course.autograded / report.student / assignment / report.notebook
        if report.gradable and done.exists() and not options.force:
            report.notes.append("already autograded: kept (use --force to regrade)")
            report.status = "kept"
            continue
        if report.gradable:
            ready.append(
                prepare(
                    report,
                    folder,
                    lesson.notebook_id,
                    points,
                    key,
                    options,
                    course.checks,
                )
            )
    return ready


def autograde(
    course: Course,
    assignment: str,
    options: Options,
    echo: Callable[[str], None] = print,
) -> AutogradeResult:
    """Autograde every submission of ``assignment`` (or ``options.students``)."""
    lesson, template = _lesson_and_release(course, assignment)
    _folders(course, assignment, options.students)  # nothing to grade: stop here
    with open_runner(options) as runner:
        box = choose_sandbox(options, runner.find_sandbox)
        result = AutogradeResult(assignment, sandbox=box.describe())
        taken = snapshots.take(
            course.state, course.db_path, course.submitted, assignment
        )
        echo(f"{assignment}: snapshot {taken.relative_to(course.root)} (grade restore)")
        source = course.source / lesson.name / lesson.notebook
        points = cells.test_points(nbformat.read(source, as_version=4))
        ready = _ready(course, assignment, lesson, template, points, options, result)
        echo(
            f"{assignment}: autograding {len(ready)} submission(s) with "
            f"{runner.describe()}; sandbox: {box.describe()}"
        )
        started, finished = time.monotonic(), 0
        # The reference (a TensorFlow import, about 5 s) loads while the
        # first submissions run. It silences stdout while it loads, so
        # nothing is echoed before it is there.
        loading = ThreadPoolExecutor(1, thread_name_prefix="reference")
        ref = loading.submit(load_reference, source.resolve()) if ready else None

        def on_result(item: Prepared, outcome: tasks.TaskResult) -> None:
            nonlocal finished
            assert ref is not None
            finish(
                item,
                outcome,
                points,
                ref.result(),
                recorder,
                course.autograded,
                options.limits,
            )
            if not box.safe:
                item.report.notes.append("UNSAFE: graded without a sandbox")
            finished += 1
            result.seconds.append(outcome.completed.seconds)
            echo(progress_line(finished, len(ready), started, item.report))

        with loading, record.Recorder(course.db_url) as recorder:
            runner.run_all(ready, box, data_folder(), options.limits, on_result)
        result.wall_seconds = time.monotonic() - started
        result.workers = runner.workers
    flag_environment(result)
    return result
