"""The reference solution of a lesson as a namespace of functions.

Hidden checks compare a student's outputs with what the reference returns
on the same inputs. The reference is the solution notebook itself: its
setup cell and its answer cells, executed in the instructor's process.
"""

from __future__ import annotations

import contextlib
import io
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import nbformat

from tools import cells


@cache
def reference_namespace(source: Path) -> SimpleNamespace:
    """Execute the setup and answer cells of the solution notebook
    ``source`` and return what they define (printing nothing)."""
    notebook = nbformat.read(source, as_version=4)
    namespace: dict = {"__name__": "reference"}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if cells.grade_id(cell) == "setup" or cells.is_solution(cell):
            with contextlib.redirect_stdout(io.StringIO()):
                exec(
                    compile(
                        cell.source, f"{source.name}:{cells.grade_id(cell)}", "exec"
                    ),
                    namespace,
                )
    return SimpleNamespace(**namespace)
