"""The lessons: one model for every tool (notebooks, grading, tests).

A lesson is a folder ``<source>/<name>/`` holding exactly one notebook; its
release is ``<release>/<name>/<notebook>``. By default the folders are this
repository's ``solutions/`` and ``notebooks/``; tests pass their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
RELEASES = ROOT / "notebooks"


class LessonError(ValueError):
    """The lesson folders are not as expected (unknown name, not one notebook)."""


@dataclass(frozen=True)
class Lesson:
    """One lesson (an nbgrader assignment): ``<source_root>/<name>/<notebook>``."""

    name: str
    notebook: str
    source_root: Path = SOLUTIONS
    release_root: Path = RELEASES

    @property
    def notebook_id(self) -> str:
        """The notebook's name without ``.ipynb`` (nbgrader's notebook id)."""
        return self.notebook.removesuffix(".ipynb")

    @property
    def source(self) -> Path:
        """The nbgrader source: reference answers and test cells."""
        return self.source_root / self.name / self.notebook

    @property
    def release(self) -> Path:
        """The student version generated from :attr:`source`."""
        return self.release_root / self.name / self.notebook


def lessons(
    names: list[str] | None = None,
    source: Path = SOLUTIONS,
    release: Path = RELEASES,
) -> list[Lesson]:
    """The lessons in ``source`` called ``names`` (default: all), in folder
    order. Each lesson folder holds exactly one notebook; dot-folders (such
    as ``.ipynb_checkpoints``) are not lessons."""
    if not source.is_dir():
        raise LessonError(f"no source folder {source}")
    folders = sorted(p for p in source.iterdir() if p.is_dir() and p.name[0] != ".")
    if names:
        unknown = sorted(set(names) - {f.name for f in folders})
        if unknown:
            known = ", ".join(f.name for f in folders) or "none yet"
            raise LessonError(
                f"no lesson {', '.join(unknown)} in {source} (lessons: {known})"
            )
        folders = [f for f in folders if f.name in names]
    found = []
    for folder in folders:
        notebooks = sorted(folder.glob("*.ipynb"))
        if len(notebooks) != 1:
            raise LessonError(
                f"{folder} must hold exactly one notebook, has {len(notebooks)}"
            )
        found.append(Lesson(folder.name, notebooks[0].name, source, release))
    return found
