"""Execute lesson notebooks and judge them the way nbgrader would.

    python -m tools.validate solutions/01-noise-channels/noise_channels.ipynb
    python -m tools.validate --release notebooks/01-noise-channels/noise_channels.ipynb

A *solution* passes when every cell runs without error (``nbgrader validate``).
A *release* passes when every autograded test cell fails and no other cell
errors (``nbgrader validate --invert``): students can run the lesson before
answering anything, and no test passes by accident.

Notebooks run in fast mode (``COURSE_MODE=fast``) unless the environment says
otherwise; ``nbgrader validate`` itself exits 0 even on failure, so this is
what the test suite uses.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CELL_TIMEOUT = 120  # seconds, as in nbgrader_config.py


@dataclass
class CellResult:
    """The outcome of one code cell."""

    index: int
    grade_id: str | None
    autograded: bool
    error: str | None  # "ExceptionName: message", or None when it ran cleanly
    output: str


@dataclass
class Run:
    """All code cells of one executed notebook."""

    path: Path
    cells: list[CellResult]
    seconds: float

    def errors(self) -> list[CellResult]:
        return [c for c in self.cells if c.error]


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def execute(
    notebook: nbformat.NotebookNode | str | Path,
    *,
    workdir: str | Path | None = None,
    mode: str = "fast",
) -> Run:
    """Run every cell (continuing after errors) and collect per-cell results."""
    path = (
        Path(notebook)
        if not isinstance(notebook, nbformat.NotebookNode)
        else Path("<memory>")
    )
    nb = (
        nbformat.read(path, as_version=4)
        if isinstance(notebook, (str, Path))
        else notebook
    )
    cwd = Path(workdir) if workdir else (path.parent if path.exists() else Path.cwd())
    os.environ.setdefault("COURSE_MODE", mode)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
    )
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    results = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        error, texts = None, []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                error = f"{output.get('ename')}: {output.get('evalue')}"
            elif output.get("output_type") == "stream":
                texts.append(output.get("text", ""))
        meta = _nbgrader(cell)
        results.append(
            CellResult(
                index,
                meta.get("grade_id"),
                bool(meta.get("grade")),
                error,
                "".join(texts),
            )
        )
    return Run(path, results, seconds)


def solution_problems(run: Run) -> list[str]:
    """Why a solution notebook fails validation (empty list: it passes)."""
    return [
        f"cell {c.index} ({c.grade_id or 'no id'}) raised {c.error}"
        for c in run.errors()
    ]


UNANSWERED = "NotImplementedError"
"""What the release's answer stub raises (nbgrader_config.py)."""


def release_problems(run: Run) -> list[str]:
    """Why a release notebook fails inverted validation (empty: it passes).

    Every test cell must fail with "not answered yet". A lesson cell may
    fail only because it runs a student's unanswered function (the stub's
    ``NotImplementedError``), or, after that, on a name such a cell would
    have defined.
    """
    problems = []
    graded = [c for c in run.cells if c.autograded]
    if not graded:
        problems.append("no autograded test cells found")
    for cell in graded:
        if not cell.error:
            problems.append(f"test cell {cell.grade_id} passes without an answer")
        elif not cell.error.startswith("NotAnswered"):
            problems.append(f"test cell {cell.grade_id} raised {cell.error}")
    unanswered_before = False
    for cell in run.cells:
        if not cell.error or cell.autograded:
            continue
        if cell.error.startswith(UNANSWERED):
            unanswered_before = True
            continue
        if unanswered_before and cell.error.startswith("NameError"):
            continue
        name = cell.grade_id or "no id"
        problems.append(f"non-test cell {cell.index} ({name}) raised {cell.error}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--release", action="store_true", help="judge as an unanswered release"
    )
    arguments = parser.parse_args(argv)
    failed = 0
    for path in arguments.notebooks:
        run = execute(path)
        problems = (
            release_problems(run) if arguments.release else solution_problems(run)
        )
        verdict = "FAIL" if problems else "ok"
        print(f"{verdict}  {path}  ({run.seconds:.1f} s)")
        for problem in problems:
            print(f"      {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
