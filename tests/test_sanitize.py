"""Repairing submissions before grading (no notebook is executed)."""

from __future__ import annotations

from pathlib import Path

import nbformat

from tests.conftest import ROOT
from tools import _sanitize
from tools.cells import nbgrader_meta as _meta

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_LESSON = "00-fixture"


def _fixture_release() -> nbformat.NotebookNode:
    """The fixture's release as nbgrader makes it (solutions and hidden
    tests cut), built here without running nbgrader."""
    notebook = nbformat.read(
        FIXTURES / "solutions" / FIXTURE_LESSON / "fixture.ipynb", 4
    )
    for cell in notebook.cells:
        for begin, end in (
            ("BEGIN SOLUTION", "END SOLUTION"),
            ("BEGIN HIDDEN", "END HIDDEN"),
        ):
            if begin in cell.source:
                head, rest = cell.source.split(f"### {begin}", 1)
                cell.source = head + rest.split(f"### {end}", 1)[1].split("\n", 1)[-1]
    return notebook


def _sanitized(tmp_path: Path, files: dict[str, str]) -> tuple[object, Path]:
    template = tmp_path / "release" / "fixture.ipynb"
    template.parent.mkdir(parents=True)
    nbformat.write(_fixture_release(), template)
    folder = tmp_path / "submitted" / "student" / FIXTURE_LESSON
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    report = _sanitize.sanitize_submission(
        folder, template, FIXTURE_LESSON, tmp_path / "originals"
    )
    return report, folder


def test_sanitize_picks_the_newest_of_several_copies(tmp_path: Path) -> None:
    text = nbformat.writes(_fixture_release())
    report, folder = _sanitized(
        tmp_path, {"Copy of fixture.ipynb": text, "fixture-Copy1.ipynb": text}
    )
    assert report.status == "repaired"
    assert [p.name for p in folder.glob("*.ipynb")].count("fixture.ipynb") == 1
    assert "ignored" in report.notes[0]


def test_sanitize_flags_what_it_cannot_grade(tmp_path: Path) -> None:
    report, _ = _sanitized(tmp_path / "a", {"homework.txt": "my answers"})
    assert report.status == "flagged" and "no notebook fixture.ipynb" in report.notes[0]
    report, _ = _sanitized(tmp_path / "b", {"fixture.ipynb": '{"cells": 3}'})
    assert report.status == "flagged" and "not a notebook" in report.notes[0]
    report, _ = _sanitized(tmp_path / "c", {"fixture.ipynb": "\x00\x01garbage"})
    assert report.status == "flagged" and "not valid JSON" in report.notes[0]


def test_sanitize_cuts_junk_after_the_notebook(tmp_path: Path) -> None:
    text = nbformat.writes(_fixture_release()) + "\n}}garbage"
    report, folder = _sanitized(tmp_path, {"fixture.ipynb": text})
    assert report.status == "repaired" and "junk" in report.notes[0]
    nbformat.validate(nbformat.read(folder / "fixture.ipynb", 4))


def test_sanitize_restores_moved_metadata_and_cell_types(tmp_path: Path) -> None:
    notebook = _fixture_release()
    reflection = next(
        c for c in notebook.cells if _meta(c).get("grade_id") == "reflection"
    )
    reflection.metadata = nbformat.NotebookNode()
    reflection.source = "Because callers keep using their data."
    test = next(c for c in notebook.cells if _meta(c).get("grade_id") == "scaled_test")
    test.metadata.nbgrader["points"] = 100  # a student raising their points
    report, folder = _sanitized(tmp_path, {"fixture.ipynb": nbformat.writes(notebook)})
    repaired = nbformat.read(folder / "fixture.ipynb", 4)
    by_id = {_meta(c).get("grade_id"): c for c in repaired.cells if _meta(c)}
    assert by_id["reflection"].source == "Because callers keep using their data."
    assert by_id["scaled_test"].metadata.nbgrader["points"] == 2
    assert report.status == "repaired"
    assert any("claimed 100 points: reset" in note for note in report.notes)
