"""One batch, three ways: one worker, two workers, a two-worker Dask cluster.

A temporary course with the fixture lesson and five submissions (correct,
wrong, unanswered, invalid JSON, a kernel that dies)
is graded three times with ``--force``. Every mode must give the same
scores and record them in the gradebook, and every student must get the
same hidden inputs each time (and other inputs than anyone else). Then the
cluster loses a worker in the middle of a batch, and a task that never
returns: each costs its own submission only, with the reason.
"""

from __future__ import annotations

import importlib
import os
import time
from types import SimpleNamespace

import dask
import nbformat
import pytest

from tests.grading_helpers import (
    FIXTURE_CHECKS,
    FIXTURE_LESSON,
    answered,
    fixture_course,
    grades_of,
    hand_in,
    lesson_of,
    require_sandbox,
)
from tools import cells
from tools._sanitize import SubmissionReport
from tools.grading import autograde as autograde_module
from tools.grading import checker, cluster, sandbox, secret
from tools.grading import task as tasks
from tools.grading.autograde import Options, autograde
from tools.grading.release import release

pytestmark = pytest.mark.grading

distributed = pytest.importorskip("distributed")

WRONG_SCALED = "def scaled(values, factor):\n    return list(values)\n"
SILENT = lambda _: None  # noqa: E731
MODES = ("workers-1", "workers-2", "dask")


def _submissions(lesson) -> dict[str, object]:
    text = nbformat.writes(answered(lesson, lesson.answers))
    dies = {**lesson.answers}
    dies["spread_answer"] += "\n\nimport os\nos._exit(3)\n"
    return {
        "correct": answered(lesson, lesson.answers),
        "wrong": answered(lesson, {**lesson.answers, "scaled_answer": WRONG_SCALED}),
        "unanswered": lesson.release,
        "broken_json": text[: len(text) // 2],
        "kernel_dies": answered(lesson, dies),
    }


@pytest.fixture(scope="module")
def local_cluster():
    """Two worker processes, one thread each, one task at a time each; a
    dead worker's task is not retried (so the test sees the failure at
    once)."""
    settings = {
        "distributed.scheduler.allowed-failures": 0,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with dask.config.set(settings):
        with distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
        ) as running:
            yield running


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory, local_cluster):
    require_sandbox()
    course = fixture_course(tmp_path_factory.mktemp("parallel"))
    release(course, [FIXTURE_LESSON])
    lesson = lesson_of(course, FIXTURE_LESSON)
    for student, content in _submissions(lesson).items():
        hand_in(course, lesson, student, content)
    options = {
        "workers-1": Options(workers=1, cell_timeout=60, force=True),
        "workers-2": Options(workers=2, cell_timeout=60, force=True),
        "dask": Options(
            cell_timeout=60, force=True, scheduler=local_cluster.scheduler_address
        ),
    }
    runs: dict[str, dict[str, list]] = {mode: {} for mode in MODES}
    results, gradebooks, lines = {}, {}, {}
    real_prepare = autograde_module.prepare
    with pytest.MonkeyPatch.context() as patch:
        for mode in MODES:

            def recording(*args, mode=mode, **kwargs):
                prepared = real_prepare(*args, **kwargs)
                runs[mode][prepared.report.student] = prepared.task.runs
                return prepared

            patch.setattr(autograde_module, "prepare", recording)
            echoed: list[str] = []
            results[mode] = autograde(
                course, FIXTURE_LESSON, options[mode], echo=echoed.append
            )
            lines[mode] = echoed
            gradebooks[mode] = {
                r.student: grades_of(course, lesson, r.student)
                for r in results[mode].reports
                if r.score is not None
            }
    return SimpleNamespace(
        course=course,
        lesson=lesson,
        results=results,
        runs=runs,
        gradebooks=gradebooks,
        lines=lines,
    )


def _scores(result) -> dict[str, float | None]:
    return {r.student: r.score for r in result.reports}


def test_the_batch_scores_what_each_student_earned(three_runs):
    lesson = three_runs.lesson
    expected = {
        "correct": lesson.total,
        "wrong": lesson.points["spread_test"],
        "unanswered": 0.0,
        "broken_json": None,
        "kernel_dies": lesson.points["scaled_test"],
    }
    assert _scores(three_runs.results["workers-1"]) == expected


@pytest.mark.parametrize("mode", MODES[1:])
def test_every_mode_gives_the_same_scores(three_runs, mode):
    serial = three_runs.results["workers-1"]
    assert _scores(three_runs.results[mode]) == _scores(serial)
    assert three_runs.gradebooks[mode] == three_runs.gradebooks["workers-1"]
    notes = {r.student: r.notes for r in three_runs.results[mode].reports}
    assert any("stopped the Python kernel" in n for n in notes["kernel_dies"])
    assert any("not valid JSON" in n for n in notes["broken_json"])


def test_the_modes_say_where_the_tasks_ran(three_runs):
    results, lines = three_runs.results, three_runs.lines
    assert [results[m].workers for m in MODES] == [1, 2, 2]
    assert "with 1 worker(s)" in lines["workers-1"][1]
    assert "2 Dask worker thread(s) at tcp://" in lines["dask"][1]
    assert results["dask"].sandbox.startswith("bubblewrap")
    progress = [line for line in lines["dask"] if line.startswith("  [")]
    assert len(progress) == 4 and progress[-1].startswith("  [4/4]")


def test_hidden_inputs_are_stable_across_regrades(three_runs):
    runs = three_runs.runs
    assert set(runs["workers-1"]) == set(runs["dask"])
    for student, first in runs["workers-1"].items():
        assert runs["workers-2"][student] == first
        assert runs["dask"][student] == first


def test_hidden_inputs_differ_between_students(three_runs):
    runs = three_runs.runs["dask"]
    hidden = {student: repr(r) for student, r in runs.items()}
    assert len(set(hidden.values())) == len(hidden), hidden
    key = secret.course_secret(three_runs.course.state)
    points = cells.test_points(three_runs.lesson.release)
    for student in ("correct", "wrong"):
        rng = secret.student_rng(key, FIXTURE_LESSON, student)
        cases = checker.lesson_cases("fixture", sorted(points), rng, FIXTURE_CHECKS)
        assert checker.all_runs(cases) == runs[student]


def _fake_result(task: tasks.Task) -> tasks.TaskResult:
    return tasks.TaskResult(task.student, sandbox.Completed(0, 0.0, False, ""))


def dies_or_hangs(task, box, data, limits) -> tasks.TaskResult:
    """Stands in for :func:`cluster.execute_remote` on the workers."""
    if task.student == "dies":
        time.sleep(5)  # the others are done by then (see below)
        os._exit(1)  # the whole worker process
    if task.student == "hangs":
        time.sleep(120)  # until the cluster closes
    return _fake_result(task)


def _items(students: list[str]) -> list:
    return [
        SimpleNamespace(
            task=tasks.Task(s, "fixture.ipynb", b"{}", [], []),
            report=SubmissionReport(s, FIXTURE_LESSON, "fixture.ipynb"),
        )
        for s in students
    ]


def _warm(runner: cluster.DaskRunner) -> None:
    """Every worker imports this module first (slow on a busy machine)."""
    runner.client.wait_for_workers(2, timeout=60)
    runner.client.run(importlib.import_module, __name__)


def test_a_worker_that_dies_costs_only_its_submission(local_cluster):
    # Dask fails every task the dying worker held; on a real cluster it
    # retries them elsewhere (allowed-failures), here it is set not to.
    items = _items(["dies", "a", "b", "c"])
    arrived: list[str] = []
    with cluster.connect(local_cluster.scheduler_address) as runner:
        runner.remote = dies_or_hangs
        _warm(runner)
        limits = sandbox.Limits(wall_seconds=30)
        runner.run_all(
            items,
            sandbox.Sandbox("none"),
            None,
            limits,
            lambda i, r: arrived.append(r.student),
        )
        runner.client.wait_for_workers(2, timeout=60)
    notes = {i.task.student: i.report.notes for i in items}
    assert sorted(arrived) == ["a", "b", "c"], notes
    [dead] = [i.report for i in items if i.task.student == "dies"]
    assert dead.status == "flagged"
    assert "could not run on the Dask cluster: KilledWorker" in dead.notes[0]


def test_a_task_that_never_returns_costs_only_its_submission(local_cluster):
    items = _items(["a", "hangs"])
    arrived: list[str] = []
    with cluster.connect(local_cluster.scheduler_address) as runner:
        runner.remote = dies_or_hangs
        runner.stall_margin = 20.0
        _warm(runner)
        limits = sandbox.Limits(wall_seconds=1)
        runner.run_all(
            items,
            sandbox.Sandbox("none"),
            None,
            limits,
            lambda i, r: arrived.append(r.student),
        )
    assert arrived == ["a"]
    [stuck] = [i.report for i in items if i.task.student == "hangs"]
    assert stuck.status == "flagged"
    assert "no result from the Dask cluster within 21 s" in stuck.notes[0]


def test_an_unreachable_scheduler_is_an_error(monkeypatch):
    from tools.grading.course import GradingError

    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 2)
    with pytest.raises(GradingError, match="cannot reach the Dask scheduler"):
        with cluster.connect("tcp://127.0.0.1:9"):
            pass


def test_a_judging_failure_starts_no_more_sandboxes():
    started: list[str] = []

    def execute(task: tasks.Task) -> tasks.TaskResult:
        started.append(task.student)
        return _fake_result(task)

    def judge(item, result) -> None:
        raise RuntimeError("judging failed")

    items = _items([f"s{i}" for i in range(10)])
    with pytest.raises(RuntimeError, match="judging failed"):
        autograde_module.run_all(items, execute, 1, judge)
    assert len(started) <= 2, started  # the first, and one already taken


def test_a_reference_that_fails_is_a_clear_error(tmp_path, monkeypatch):
    from tools.grading.course import GradingError

    require_sandbox()
    course = fixture_course(tmp_path)
    release(course, [FIXTURE_LESSON])
    lesson = lesson_of(course, FIXTURE_LESSON)
    for student in ("a", "b", "c"):
        hand_in(course, lesson, student, answered(lesson, lesson.answers))
    source = course.source / FIXTURE_LESSON / lesson.notebook
    notebook = nbformat.read(source, as_version=4)
    [setup] = [c for c in notebook.cells if cells.grade_id(c) == "setup"]
    setup.source += "\nraise ValueError('broken on purpose')\n"
    nbformat.write(notebook, source)
    monkeypatch.setattr(
        autograde_module.tasks, "execute", lambda task, *_: _fake_result(task)
    )
    with pytest.raises(GradingError, match="reference solution .* broken on purpose"):
        autograde(course, FIXTURE_LESSON, Options(workers=1), echo=SILENT)
    assert not list(course.autograded.rglob("*.ipynb"))


def test_sandboxed_notebooks_get_their_share_of_the_cores():
    assert "TF_NUM_INTRAOP_THREADS" not in sandbox.environment(None)
    env = sandbox.environment(None, 3)
    assert env["TF_NUM_INTRAOP_THREADS"] == env["TF_NUM_INTEROP_THREADS"] == "3"


@pytest.mark.parametrize(("workers", "threads", "expected"), [(1, 0, None), (2, 5, 5)])
def test_local_workers_split_the_cores(monkeypatch, workers, threads, expected):
    cores = autograde_module.usable_cores()
    seen: list[int] = []

    def execute(task, box, data, limits) -> tasks.TaskResult:
        seen.append(limits.threads)
        return _fake_result(task)

    monkeypatch.setattr(autograde_module.tasks, "execute", execute)
    runner = autograde_module.LocalRunner(workers)
    limits = sandbox.Limits(threads=threads)
    runner.run_all(
        _items(["a", "b"]), sandbox.Sandbox("none"), None, limits, lambda *_: None
    )
    assert seen == [expected or max(1, cores // workers)] * 2


def threads_of(task, box, data, limits) -> tasks.TaskResult:
    """Stands in for :func:`cluster.execute_remote`: the threads it got."""
    result = _fake_result(task)
    result.info = {"threads": limits.threads}
    return result


def test_dask_workers_give_each_notebook_one_thread(local_cluster):
    found: list[int] = []
    with cluster.connect(local_cluster.scheduler_address) as runner:
        runner.remote = threads_of
        _warm(runner)
        runner.run_all(
            _items(["a"]),
            sandbox.Sandbox("none"),
            None,
            sandbox.Limits(),
            lambda i, r: found.append(r.info["threads"]),
        )
    assert found == [1]
