"""Run one submission inside the sandbox: its notebook, then the probes.

    python runner.py NOTEBOOK INBOX OUTBOX CELL_TIMEOUT

Executes every code cell of NOTEBOOK except the autograded test cells (the
grader judges those itself), continuing after errors. A cell that runs too
long is interrupted; one that ignores the interrupt, or a kernel that dies
(``os._exit``, out of memory), costs only that cell: a fresh kernel replays
the other cells and grading goes on. Then, for each autograded cell, the
grader's runs are made in the kernel by ``probe.run_group``.

Writes to OUTBOX: ``executed.ipynb``, ``run.json`` (what happened to each
cell and probe group) and the probes' ``outcome-<i>.json`` files. This file
runs with the student's rights: the grader trusts none of its output.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

# jsonschema (under nbformat) loads rfc3987_syntax for its "iri" format if
# it is installed, compiling a grammar for 1.5 CPU s; notebooks never use
# that format, and every graded submission would pay it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import DeadKernelError  # noqa: E402
from nbclient.util import ensure_async  # noqa: E402

MAX_KERNELS = 4
"""Fresh kernels a submission may use up after its kernel died."""


class Client(NotebookClient):
    """A client that interrupts a cell that runs too long and kills the
    kernel if the cell still has not stopped one timeout later."""

    timed_out: set[int]
    killed: set[int]
    current: int = -1

    async def _async_handle_timeout(self, timeout: int, cell: Any = None) -> Any:
        if self.current in self.timed_out:
            self.killed.add(self.current)
            assert self.km is not None
            await ensure_async(self.km.shutdown_kernel(now=True))
            raise DeadKernelError("the cell ignored the interrupt")
        self.timed_out.add(self.current)
        return await super()._async_handle_timeout(timeout, cell)


def is_test(cell: Any) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def probe_source(group: int, runner: Path, inbox: Path, outbox: Path) -> str:
    return (
        f"import sys as _s; _s.path.insert(0, {str(runner)!r})\n"
        "import probe as _course_probe\n"
        f"_course_probe.run_group({group}, {str(inbox)!r}, {str(outbox)!r})\n"
        "del _s, _course_probe\n"
    )


def session(
    notebook: Any, state: dict, timeout: int, runner: Path, inbox: Path, outbox: Path
) -> bool:
    """One kernel: replay the notebook's cells (except those that killed a
    kernel), then the probe groups not done yet. False if the kernel died."""
    # "immediate": kill the kernel when done. A graceful shutdown lets
    # TensorFlow tear itself down for 2-3 s (1.5-3 CPU s) per submission,
    # and lets the student's atexit handlers run; the grader needs neither.
    client = Client(
        notebook,
        timeout=timeout,
        allow_errors=True,
        kernel_name="python3",
        shutdown_kernel="immediate",
    )
    client.interrupt_on_timeout = True
    client.timed_out, client.killed = set(), set()
    cells = state["cells"]
    with client.setup_kernel():
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code" or is_test(cell):
                continue
            if cells.get(index) in ("died", "killed"):
                continue
            client.current = index
            started = time.monotonic()
            try:
                client.execute_cell(cell, index)
            except DeadKernelError:
                cells[index] = "killed" if index in client.killed else "died"
                return False
            status = "timeout" if index in client.timed_out else "ok"
            if status == "ok" and any(
                o.get("output_type") == "error" for o in cell.get("outputs", [])
            ):
                status = "error"
            cells[index] = status
            state["seconds"][index] = round(time.monotonic() - started, 3)
        groups = state["groups"]
        for group in range(len(groups)):
            if groups[group] is not None:
                continue
            probe = nbformat.v4.new_code_cell(
                probe_source(group, runner, inbox, outbox)
            )
            client.current = -(group + 1)
            started = time.monotonic()
            # nbclient stores the cell at its index: a temporary last cell,
            # so the submission's own last cell is not overwritten.
            notebook.cells.append(probe)
            try:
                client.execute_cell(probe, len(notebook.cells) - 1, store_history=False)
            except DeadKernelError:
                groups[group] = "killed" if client.current in client.killed else "died"
                return False
            finally:
                notebook.cells.pop()
            groups[group] = "timeout" if client.current in client.timed_out else "ok"
            state["probe_seconds"][group] = round(time.monotonic() - started, 3)
    return True


def cpu_seconds() -> float:
    """CPU time of this runner and the kernels it started and reaped."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def main(argv: list[str]) -> int:
    notebook_path, inbox, outbox, timeout = argv
    inbox_path, outbox_path = Path(inbox), Path(outbox)
    runner = Path(__file__).resolve().parent
    notebook = nbformat.read(notebook_path, as_version=4)
    count = len(json.loads((inbox_path / "groups.json").read_text()))
    state: dict = {
        "cells": {},
        "seconds": {},
        "probe_seconds": {},
        "groups": [None] * count,
        "kernels": 0,
    }
    started = time.monotonic()
    while state["kernels"] < MAX_KERNELS:
        state["kernels"] += 1
        if session(notebook, state, int(timeout), runner, inbox_path, outbox_path):
            break
    state["groups"] = [g or "not run" for g in state["groups"]]
    state["cpu_seconds"] = round(cpu_seconds(), 2)
    state["runner_seconds"] = round(time.monotonic() - started, 3)
    nbformat.write(notebook, outbox_path / "executed.ipynb")
    (outbox_path / "run.json").write_text(json.dumps(state))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
