"""Run nbgrader's command-line steps for a course and read their logs.

nbgrader often logs an error and exits 0, so callers check the results
(files written, gradebook entries) instead of trusting its exit code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.grading.course import Course, GradingError

TIMESTAMP_LOG = "%(created).3f [%(name)s | %(levelname)s] %(message)s"


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


def message(line: str) -> str:
    """A log line without its timestamp."""
    return re.sub(r"^\d+\.\d+ ", "", line)


def fail_with_log(run: NbgraderRun, what: str) -> GradingError:
    shown = run.errors() or run.lines[-15:]
    details = "\n".join("    " + message(line) for line in shown)
    return GradingError(f"{what} (nbgrader exit code {run.returncode}):\n{details}")
