"""The reference solution of a lesson as a namespace of functions.

Hidden checks compare a student's outputs with what the reference returns
on the same inputs. The reference is the solution notebook itself: its
setup cell and its answer cells, executed in the instructor's process.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import nbformat

from tools import cells


def answer_namespace(source: Path, replace: Mapping[str, str] | None = None) -> dict:
    """Execute the setup and answer cells of the solution notebook
    ``source`` (printing nothing) and return its namespace. ``replace`` maps
    an answer cell's grade_id to other code run in its place."""
    notebook = nbformat.read(source, as_version=4)
    replace = replace or {}
    namespace: dict = {"__name__": "__answers__"}
    for cell in notebook.cells:
        name = cells.grade_id(cell)
        if cell.cell_type != "code":
            continue
        if name == "setup" or cells.is_solution(cell):
            code = replace.get(name or "", cell.source)
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, f"{source.name}:{name}", "exec"), namespace)
    return namespace


@cache
def reference_namespace(source: Path) -> SimpleNamespace:
    """The reference answers of ``source``, as attributes."""
    return SimpleNamespace(**answer_namespace(source))
