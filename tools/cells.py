"""nbgrader's cell metadata, read in one place.

Every tool that asks "is this a graded test? an answer? locked?" asks here,
the way nbgrader's own ``utils.is_grade`` does.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    """The cell's ``nbgrader`` metadata (empty for a plain cell)."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: NotebookNode) -> str | None:
    """The cell's grade_id, if nbgrader knows it."""
    value = nbgrader_meta(cell).get("grade_id")
    return str(value) if value else None


def is_grade(cell: NotebookNode) -> bool:
    """A cell that carries points (a test or a written answer)."""
    return bool(nbgrader_meta(cell).get("grade"))


def is_solution(cell: NotebookNode) -> bool:
    """A cell the student writes (code answer or written answer)."""
    return bool(nbgrader_meta(cell).get("solution"))


def is_locked(cell: NotebookNode) -> bool:
    """A cell the student may not edit."""
    return bool(nbgrader_meta(cell).get("locked"))


def is_test(cell: NotebookNode) -> bool:
    """An autograded test: a graded code cell that is not an answer."""
    return cell.cell_type == "code" and is_grade(cell) and not is_solution(cell)


def is_written_answer(cell: NotebookNode) -> bool:
    """A written answer graded by hand (a graded markdown answer)."""
    return is_grade(cell) and is_solution(cell) and cell.cell_type == "markdown"


def points(cell: NotebookNode) -> float:
    """The cell's points (0 for a cell without grade)."""
    return float(nbgrader_meta(cell).get("points", 0) or 0)


def test_points(notebook: NotebookNode) -> dict[str, float]:
    """Points of every autograded test cell, by grade_id, in notebook order."""
    return {
        grade_id(cell) or "": points(cell) for cell in notebook.cells if is_test(cell)
    }
