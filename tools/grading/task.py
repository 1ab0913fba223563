"""One submission as a self-contained task: bytes and runs in, data out.

:func:`execute` needs nothing of the instructor's files: the submission's
notebook, the runs the checks want made (plain data), and the lesson's
datasets. It runs the notebook and the runs in the sandbox and returns what
came out (untrusted data, decoded without pickle). Judging happens later,
in the instructor's process (:mod:`tools.grading.checker`).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from helpers.exercises import plain
from helpers.exercises.core import Outcome, Run, Variable
from tools.grading import sandbox

RUNNER_FILES = ("runner.py", "probe.py")
MAX_NOTEBOOK_BYTES = 32 * 1024**2


@dataclass
class Task:
    """What grading one submission needs."""

    student: str
    notebook_name: str
    notebook: bytes
    runs: list[Run]
    groups: list[list[list[int]]]  # per autograded cell, per case: run indices
    cell_timeout: int = 120


@dataclass
class TaskResult:
    """What came back from the sandbox (all of it untrusted)."""

    student: str
    completed: sandbox.Completed
    executed: Any = None  # the executed notebook, if it came back valid
    info: dict = field(default_factory=dict)  # the runner's run.json
    raw_outcomes: dict[int, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def cpu_seconds(self) -> float | None:
        """CPU seconds the runner reported (for throughput figures only)."""
        value = self.info.get("cpu_seconds")
        return float(value) if isinstance(value, (int, float)) else None


def encode_run(run: Run) -> dict[str, Any]:
    """A run as plain data (the probe's ``decode_run`` reads it)."""
    if isinstance(run, Variable):
        return {"kind": "variable", "name": run.name}
    return {
        "kind": "call",
        "function": run.function,
        "args": tuple(run.args),
        "kwargs": dict(run.kwargs),
        "observe": tuple(run.observe),
    }


def _prepare(task: Task, scratch: Path) -> None:
    for name in ("work", "in", "runner", "out"):
        (scratch / name).mkdir()
    (scratch / "work" / task.notebook_name).write_bytes(task.notebook)
    plain.dump([encode_run(r) for r in task.runs], scratch / "in" / "runs.json")
    (scratch / "in" / "groups.json").write_text(json.dumps(task.groups))
    here = Path(__file__).resolve().parent
    for name in RUNNER_FILES:
        shutil.copy2(here / name, scratch / "runner" / name)


def execute(
    task: Task,
    box: sandbox.Sandbox,
    data: Path | None,
    limits: sandbox.Limits,
) -> TaskResult:
    """Run ``task`` in a fresh scratch folder and collect its results."""
    with tempfile.TemporaryDirectory(prefix="grading-") as folder:
        scratch = Path(folder)
        scratch.chmod(0o755)
        _prepare(task, scratch)
        inside = sandbox.INSIDE
        argv = [
            sys.executable,
            str(inside / "runner" / "runner.py"),
            str(inside / "work" / task.notebook_name),
            str(inside / "in"),
            str(inside / "out"),
            str(task.cell_timeout),
        ]
        completed = sandbox.run(box, scratch, argv, data=data, limits=limits)
        result = TaskResult(task.student, completed)
        _collect(scratch / "out", len(task.runs), result)
    return result


def _collect(outbox: Path, count: int, result: TaskResult) -> None:
    executed = outbox / "executed.ipynb"
    if executed.is_file() and executed.stat().st_size <= MAX_NOTEBOOK_BYTES:
        try:
            result.executed = nbformat.reads(
                executed.read_text(errors="replace"), as_version=4
            )
        except Exception:
            result.problems.append("the executed notebook came back unreadable")
    info = outbox / "run.json"
    if info.is_file() and info.stat().st_size <= 1024**2:
        try:
            loaded = json.loads(info.read_text())
            result.info = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            result.problems.append("the run report came back unreadable")
    for index in range(count):
        path = outbox / f"outcome-{index}.json"
        if path.is_file():
            try:
                result.raw_outcomes[index] = plain.load(path)
            except Exception:
                result.problems.append(f"outcome {index} was not plain data")


def outcome(run: Run, raw: Any) -> Outcome | None:
    """Rebuild an :class:`Outcome` of ``run`` from what the sandbox wrote;
    ``None`` if it is missing or malformed."""
    if not isinstance(raw, dict):
        return None
    raised = raw.get("raised", [])
    if not isinstance(raised, list) or not all(isinstance(r, str) for r in raised):
        return None
    observed = raw.get("observed", [])
    args_after = raw.get("args_after", ())
    return Outcome(
        run,
        value=raw.get("value"),
        raised=tuple(raised),
        message=str(raw.get("message", ""))[:500],
        args_after=tuple(args_after) if isinstance(args_after, (list, tuple)) else (),
        global_rng_changed=raw.get("global_rng_changed") is True,
        missing=raw.get("missing") is True,
        observed=list(observed) if isinstance(observed, list) else [],
    )


def outcomes(runs: list[Run], result: TaskResult) -> list[Outcome | None]:
    """One outcome (or ``None``) per run, in order."""
    return [outcome(run, result.raw_outcomes.get(i)) for i, run in enumerate(runs)]


__all__ = ["Task", "TaskResult", "encode_run", "execute", "outcomes"]
