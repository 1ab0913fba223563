"""Execute one notebook (or a ``# %%`` listing) in a fresh Jupyter kernel and
measure it. ``benchmarks/run.py`` starts this script once per run, as its own
process, so that no run shares memory or warm caches with another.

    python benchmarks/execute.py solutions/01-noise-channels/noise_channels.ipynb \
        --mode fast --json result.json

What is measured:

* ``wall_s``: from just before the kernel is started until the notebook's
  last cell has finished, as "Restart kernel and run all" feels to a student
  (kernel start included, kernel shutdown excluded).
* Peak RSS of the kernel process, the only process that runs lesson code: its
  own high-water mark ``VmHWM`` from ``/proc/self/status``, read by an extra
  cell appended after the lesson's last cell (``benchmarks/probe.py``), and
  read again from ``/proc/<kernel pid>/status`` by this script before the
  kernel is shut down, as a cross-check.
* CPU seconds (user + system, all threads) of the kernel.
* The lesson's history-like and numeric variables, for the claims check.
* The arithmetic its Keras calls need (``benchmarks/flops.py``), counted by
  a cell run before the lesson's first.

The result is written as JSON. The notebook runs with ``COURSE_MODE`` set to
``--mode``, ``COURSE_DATA_DIR`` set to ``--data-dir`` if given, and
Matplotlib's default (inline) backend, as in JupyterLab.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402
from nbclient.exceptions import CellTimeoutError, DeadKernelError  # noqa: E402

from benchmarks.probe import MARKER  # noqa: E402

COUNTING_CELL = f"""\
import sys as _benchmark_sys
_benchmark_sys.path.insert(0, {str(ROOT)!r})
from benchmarks import flops as _benchmark_flops
_benchmark_flops.install()
del _benchmark_sys, _benchmark_flops
"""
"""Runs first: counts the arithmetic of the lesson's Keras calls
(``benchmarks/flops.py``). It imports Keras, which the lesson's own first
cells would do; its time is part of the run's."""

PROBE_CELL = f"""\
import sys as _benchmark_sys
_benchmark_sys.path.insert(0, {str(ROOT)!r})
from benchmarks import probe as _benchmark_probe
print(_benchmark_probe.MARKER + _benchmark_probe.report(globals()))
"""


def listing_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook from a ``# %%``-separated Python listing: one code cell per
    block; text before the first marker becomes a markdown cell."""
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n# %%")
    notebook = nbformat.v4.new_notebook()
    head, cells = blocks[0], blocks[1:]
    if head.strip():
        notebook.cells.append(nbformat.v4.new_markdown_cell(head.strip()))
    for block in cells:
        _, _, body = block.partition("\n")  # drop the rest of the marker line
        if body.strip():
            notebook.cells.append(nbformat.v4.new_code_cell(body.strip("\n")))
    return notebook


def load(path: Path) -> nbformat.NotebookNode:
    if path.suffix == ".py":
        return listing_notebook(path)
    return nbformat.read(path, as_version=4)


def _vm_hwm(pid: int | None) -> int | None:
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _kernel_usage(pid: int | None) -> tuple[float | None, int | None, int | None]:
    """CPU seconds (all threads), current RSS and peak RSS of process ``pid``."""
    if pid is None:
        return None, None, None
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        cpu = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
        memory = {}
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    memory[line.split(":")[0]] = int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None, None, None
    return cpu, memory.get("VmRSS"), memory.get("VmHWM")


def _first_line(cell: nbformat.NotebookNode) -> str:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    return lines[0][:70] if lines else ""


def _kernel_pid(client: NotebookClient) -> int | None:
    provisioner = getattr(client.km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    return getattr(process, "pid", None)


def _cell_errors(notebook: nbformat.NotebookNode) -> list[str]:
    errors = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") == "error":
                errors.append(
                    f"cell {index}: {output.get('ename')}: {output.get('evalue')}"
                )
    return errors


def _probe_output(cell: nbformat.NotebookNode) -> dict | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            for line in output.get("text", "").splitlines():
                if line.startswith(MARKER):
                    return json.loads(line[len(MARKER) :])
    return None


def execute(path: Path, *, timeout: int, cwd: Path) -> dict:
    """Run the notebook at ``path`` plus the probe cell; return measurements."""
    notebook = load(path)
    lesson_cells = len(notebook.cells)
    # Counting first, the lesson's cells (numbered from 0 in the report), probe.
    notebook.cells.insert(0, nbformat.v4.new_code_cell(COUNTING_CELL))
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE_CELL))
    client = NotebookClient(
        notebook,
        timeout=timeout,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )
    result: dict = {"notebook": str(path), "cells": lesson_cells, "aborted": None}
    cell_seconds: list[tuple[float, int]] = []
    profile: list[dict] = []  # per code cell: where the time and memory go
    client.reset_execution_trackers()
    start = time.perf_counter()
    probe = None
    with client.setup_kernel():
        result["kernel_start_s"] = time.perf_counter() - start
        pid = _kernel_pid(client)
        try:
            for index, cell in enumerate(notebook.cells[:-1]):
                before = time.perf_counter()
                cpu_before = _kernel_usage(pid)[0]
                client.execute_cell(
                    cell, index, execution_count=client.code_cells_executed + 1
                )
                seconds = time.perf_counter() - before
                cell_seconds.append((seconds, index - 1))
                if cell.cell_type == "code":
                    cpu_after, rss, hwm = _kernel_usage(pid)
                    profile.append(
                        {
                            "cell": index - 1,
                            "first_line": _first_line(cell),
                            "seconds": round(seconds, 3),
                            "cpu_s": None
                            if cpu_after is None or cpu_before is None
                            else round(cpu_after - cpu_before, 2),
                            "rss_after_bytes": rss,
                            "peak_rss_bytes": hwm,
                        }
                    )
            result["wall_s"] = time.perf_counter() - start
            client.execute_cell(notebook.cells[-1], len(notebook.cells) - 1)
            probe = _probe_output(notebook.cells[-1])
        except (CellTimeoutError, DeadKernelError) as error:
            result["aborted"] = f"{type(error).__name__}: {str(error)[:300]}"
            result["wall_s"] = time.perf_counter() - start
        result["driver_vm_hwm_bytes"] = _vm_hwm(pid)
    result["process_wall_s"] = time.perf_counter() - start
    result["kernel_pid"] = pid
    del notebook.cells[0]  # errors and slowest cells name the lesson's cells
    result["errors"] = _cell_errors(notebook)
    result["cell_profile"] = profile
    result["slowest_cells"] = [
        {"cell": index, "seconds": round(seconds, 2)}
        for seconds, index in sorted(cell_seconds, reverse=True)[:5]
    ]
    if probe is None:
        result["resources"], result["versions"], result["variables"] = {}, {}, None
        if result["aborted"] is None:
            result["aborted"] = "the probe cell printed no result"
    else:
        result.update(probe)
    peak = result["resources"].get("peak_rss_bytes") or result["driver_vm_hwm_bytes"]
    result["peak_rss_bytes"] = peak
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--mode", choices=("full", "fast"), required=True)
    parser.add_argument("--data-dir", type=Path, help="sets COURSE_DATA_DIR")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per cell")
    parser.add_argument(
        "--cwd", type=Path, help="kernel's working directory (default: its folder)"
    )
    parser.add_argument("--json", type=Path, help="write the result here")
    arguments = parser.parse_args(argv)
    os.environ["COURSE_MODE"] = arguments.mode
    os.environ.pop("MPLBACKEND", None)  # plots render inline, as in JupyterLab
    if arguments.data_dir is not None:
        os.environ["COURSE_DATA_DIR"] = str(arguments.data_dir.resolve())
    path = arguments.notebook.resolve()
    result = execute(
        path,
        timeout=arguments.timeout,
        cwd=(arguments.cwd or path.parent).resolve(),
    )
    text = json.dumps(result)
    if arguments.json:
        arguments.json.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
