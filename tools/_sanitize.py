"""Repair submitted notebooks before nbgrader autogrades them.

nbgrader restores test cells that still carry their metadata, but a batch
from real students also holds files that were renamed ("Copy of x.ipynb",
"x (1).ipynb"), cut off or otherwise not valid JSON, cells whose metadata an
editor stripped, and deleted cells. :func:`sanitize_submission` brings one
submission folder back into the shape of the release, using the release
notebook (``notebooks/<lesson>/<name>.ipynb``) as the template:

* the notebook file is found under another name and renamed;
* a file that is not a notebook is flagged (the caller leaves it out of the
  batch); trailing garbage after a complete JSON document is cut off;
* every cell that nbgrader grades or locks is recognised, by its grade_id,
  or, when its metadata is gone, by the function its answer defines, by its
  content (tests, locked cells) or by its position after the prompt
  (written answers); its metadata is restored from the release;
* test and locked cells get the release's source back (nbgrader then adds
  the hidden tests from the gradebook); deleted ones are inserted again
  where they were; a deleted answer cell is replaced by the empty stub, so
  the exercise scores 0 and the rest is graded as usual.

Everything done is written down in plain words in the report's notes.
"""

from __future__ import annotations

import ast
import copy
import difflib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from tools.cells import nbgrader_meta

CONTENT_SIMILARITY = 0.6
"""How alike (difflib ratio) a cell without metadata must be to a test or
locked cell of the release to be taken for it."""

COPY_PATTERNS = (
    r"^copy of\s+",  # Google Colab / Drive: "Copy of x.ipynb"
    r"\s*\(\d+\)$",  # browsers: "x (1).ipynb"
    r"[-_ ]copy\d*$",  # Jupyter: "x-Copy1.ipynb"
    r"[-_ ]\d+$",  # LMS re-submissions: "x-1.ipynb"
)


@dataclass
class SubmissionReport:
    """What happened to one student's submission of one assignment.

    ``status`` is ``ok`` (graded as submitted), ``repaired`` (graded after
    the repairs listed in ``notes``) or ``flagged`` (not gradable: left out
    of the batch, see ``notes``). Scores are filled in after autograding.
    """

    student: str
    assignment: str
    notebook: str
    status: str = "ok"
    notes: list[str] = field(default_factory=list)
    score: float | None = None
    max_score: float | None = None
    seconds: float | None = None

    def repaired(self, note: str) -> None:
        """Record a repair (the submission is still graded)."""
        self.notes.append(note)
        if self.status == "ok":
            self.status = "repaired"

    def flag(self, note: str) -> None:
        """Record why the submission cannot be graded."""
        self.notes.append(note)
        self.status = "flagged"

    @property
    def gradable(self) -> bool:
        return self.status != "flagged"


def cell_kind(cell: NotebookNode) -> str | None:
    """``answer``, ``written`` (manually graded answer), ``test``, ``locked``,
    ``task`` or None for a cell nbgrader neither grades nor locks."""
    meta = nbgrader_meta(cell)
    if not meta.get("grade_id"):
        return None
    if meta.get("solution"):
        return "written" if meta.get("grade") else "answer"
    if meta.get("grade"):
        return "test"
    if meta.get("task"):
        return "task"
    if meta.get("locked"):
        return "locked"
    return None


def _normalized_stem(name: str) -> str:
    stem = name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name
    stem = stem.strip().lower()
    changed = True
    while changed:
        changed = False
        for pattern in COPY_PATTERNS:
            shorter = re.sub(pattern, "", stem)
            if shorter != stem:
                stem, changed = shorter.strip(), True
    return stem


def find_notebook(folder: Path, expected: str, report: SubmissionReport) -> Path | None:
    """The submitted notebook in ``folder``, renamed to ``expected`` if it was
    saved under another name. None (and the report flagged) if there is none
    or it is ambiguous."""
    target = folder / expected
    if target.is_file():
        return target
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    wanted = _normalized_stem(expected)
    matching = [
        p
        for p in notebooks
        if _normalized_stem(p.name) == wanted
        or wanted in p.name.lower().replace(" ", "_")
    ]
    if not matching and len(notebooks) == 1:
        matching = notebooks
    if not matching:
        found = ", ".join(p.name for p in notebooks) or "no notebook at all"
        report.flag(f"no notebook {expected} in the submission (found: {found})")
        return None
    # Several copies: the one saved last is what the student meant to hand in.
    chosen = max(matching, key=lambda p: (p.stat().st_mtime, p.name))
    others = [p.name for p in matching if p != chosen]
    chosen.rename(target)
    note = f"notebook saved as {chosen.name!r}: renamed to {expected}"
    if others:
        note += f" (newest of {len(matching)}; ignored {', '.join(others)})"
    report.repaired(note)
    return target


def read_notebook(path: Path, report: SubmissionReport) -> NotebookNode | None:
    """Parse ``path`` as a notebook; flag the report and return None if it is
    not one. A complete notebook followed by junk is accepted (noted)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.flag(f"{path.name} is not UTF-8 text ({error.reason}): not graded")
        return None
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        try:
            content, end = json.JSONDecoder().raw_decode(text.lstrip())
        except json.JSONDecodeError:
            where = f"line {error.lineno}, column {error.colno}"
            report.flag(
                f"{path.name} is not valid JSON ({error.msg} at {where}): not graded"
            )
            return None
        report.repaired(
            f"{path.name} had {len(text.lstrip()) - end} characters of junk "
            "after the notebook: removed"
        )
    if not isinstance(content, dict) or not isinstance(content.get("cells"), list):
        report.flag(
            f"{path.name} is JSON but not a notebook (no list of cells): not graded"
        )
        return None
    try:
        notebook = nbformat.reads(json.dumps(content), as_version=4)
    except Exception as error:  # nbformat raises several kinds
        report.flag(
            f"{path.name} could not be read as a notebook ({error}): not graded"
        )
        return None
    for cell in notebook.cells:
        if not isinstance(cell.get("source"), str):
            cell["source"] = "".join(cell.get("source") or [])
        cell.setdefault("metadata", NotebookNode())
    return notebook


def _defined_functions(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set(re.findall(r"^\s*def\s+(\w+)\s*\(", source, flags=re.M))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


def _similarity(first: str, second: str) -> float:
    return difflib.SequenceMatcher(None, first.strip(), second.strip()).ratio()


def _set_cell_type(cell: NotebookNode, cell_type: str) -> None:
    if cell.cell_type == cell_type:
        return
    cell.cell_type = cell_type
    if cell_type == "code":
        cell.outputs, cell.execution_count = [], None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)


class _Matcher:
    """Pairs the release's graded/locked cells with a submission's cells."""

    def __init__(
        self, template: NotebookNode, notebook: NotebookNode, report: SubmissionReport
    ) -> None:
        self.template, self.notebook, self.report = template, notebook, report
        self.wanted = {
            nbgrader_meta(c)["grade_id"]: c for c in template.cells if cell_kind(c)
        }
        self.matched: dict[str, NotebookNode] = {}  # grade_id -> submission cell

    def _taken(self, cell: NotebookNode) -> bool:
        return any(cell is other for other in self.matched.values())

    def _free_cells(self, cell_type: str) -> list[NotebookNode]:
        return [
            c
            for c in self.notebook.cells
            if c.cell_type == cell_type and not nbgrader_meta(c) and not self._taken(c)
        ]

    def by_grade_id(self) -> None:
        for cell in self.notebook.cells:
            meta = nbgrader_meta(cell)
            grade_id = meta.get("grade_id")
            if not meta:
                continue
            if (
                isinstance(grade_id, str)
                and grade_id in self.wanted
                and grade_id not in self.matched
            ):
                self.matched[grade_id] = cell
                continue
            del cell.metadata["nbgrader"]
            if grade_id in self.wanted:
                self.report.repaired(f"a second cell {grade_id!r} (copy): not graded")
            elif grade_id:
                self.report.repaired(
                    f"cell {grade_id!r} is not in the release: not graded"
                )

    def by_content(self) -> None:
        for grade_id, original in self.wanted.items():
            if grade_id in self.matched:
                continue
            kind = cell_kind(original)
            found = None
            if kind == "answer" and original.cell_type == "code":
                found = self._by_function(original)
                how = "the function it defines"
            elif kind in ("test", "locked", "task"):
                found = self._by_similarity(original)
                how = "its content"
            if found is None:
                found = self._by_position(original)
                how = "its place after the preceding cell"
            if found is not None:
                self.matched[grade_id] = found
                self.report.repaired(
                    f"cell {grade_id!r} had lost its nbgrader metadata: recognised by "
                    f"{how}, metadata restored"
                )

    def _by_function(self, original: NotebookNode) -> NotebookNode | None:
        names = _defined_functions(original.source)
        if not names:
            return None
        for cell in self._free_cells("code"):
            if names <= _defined_functions(cell.source):
                return cell
        return None

    def _by_similarity(self, original: NotebookNode) -> NotebookNode | None:
        scored = [
            (_similarity(c.source, original.source), i, c)
            for i, c in enumerate(self._free_cells(original.cell_type))
        ]
        best = max(scored, default=None, key=lambda item: item[:2])
        return best[2] if best and best[0] >= CONTENT_SIMILARITY else None

    def _by_position(self, original: NotebookNode) -> NotebookNode | None:
        """The free cell right after the submission's copy of the release cell
        that precedes ``original`` (e.g. the written answer after its prompt)."""
        index = _index(self.template.cells, original)
        if index == 0:
            return None
        anchor = self.locate(self.template.cells[index - 1])
        if anchor is None or anchor + 1 >= len(self.notebook.cells):
            return None
        candidate = self.notebook.cells[anchor + 1]
        plain_sources = {
            c.source.strip() for c in self.template.cells if not cell_kind(c)
        }
        if (
            candidate.cell_type == original.cell_type
            and not nbgrader_meta(candidate)
            and not self._taken(candidate)
            and candidate.source.strip() not in plain_sources
        ):
            return candidate
        return None

    def locate(self, template_cell: NotebookNode) -> int | None:
        """Index in the submission of a release cell (graded: by grade_id;
        other cells: by identical source), or None."""
        meta = nbgrader_meta(template_cell)
        if cell_kind(template_cell):
            cell = self.matched.get(meta["grade_id"])
            return None if cell is None else _index(self.notebook.cells, cell)
        for index, cell in enumerate(self.notebook.cells):
            if cell.cell_type == template_cell.cell_type and (
                cell.source.strip() == template_cell.source.strip()
            ):
                return index
        return None


def _index(cells: list[NotebookNode], cell: NotebookNode) -> int:
    return next(i for i, other in enumerate(cells) if other is cell)


def restore_cells(
    notebook: NotebookNode, template: NotebookNode, report: SubmissionReport
) -> None:
    """Make ``notebook`` hold every graded and locked cell of ``template``
    (the release), with the release's metadata, and the release's source for
    tests and locked cells. Changes are noted in ``report``."""
    matcher = _Matcher(template, notebook, report)
    matcher.by_grade_id()
    matcher.by_content()
    for grade_id, original in matcher.wanted.items():
        cell = matcher.matched.get(grade_id)
        if cell is None:
            continue
        kind = cell_kind(original)
        if cell.cell_type != original.cell_type:
            report.repaired(
                f"cell {grade_id!r} was turned into a {cell.cell_type} cell: "
                f"back to {original.cell_type}"
            )
            _set_cell_type(cell, original.cell_type)
        if kind in ("test", "locked", "task") and cell.source != original.source:
            if nbgrader_meta(cell) and cell.source.strip() != original.source.strip():
                report.repaired(
                    f"{kind} cell {grade_id!r} was edited: restored from the release"
                )
            cell.source = original.source
        for key in ("editable", "deletable"):
            if key in original.metadata:
                cell.metadata[key] = original.metadata[key]
            else:
                cell.metadata.pop(key, None)
        given = nbgrader_meta(cell).get("points")
        wanted = nbgrader_meta(original).get("points")
        if given is not None and wanted is not None and given != wanted:
            report.repaired(
                f"cell {grade_id!r} claimed {given} points: reset to the "
                f"release's {wanted}"
            )
        cell.metadata["nbgrader"] = copy.deepcopy(original.metadata["nbgrader"])
    _insert_missing(notebook, template, matcher, report)
    _ensure_cell_ids(notebook)


def _insert_missing(
    notebook: NotebookNode,
    template: NotebookNode,
    matcher: _Matcher,
    report: SubmissionReport,
) -> None:
    for position, original in enumerate(template.cells):
        kind = cell_kind(original)
        if not kind:
            continue
        grade_id = nbgrader_meta(original)["grade_id"]
        if grade_id in matcher.matched:
            continue
        restored = copy.deepcopy(original)
        restored.pop("id", None)
        insert_at = 0
        for earlier in reversed(template.cells[:position]):
            anchor = matcher.locate(earlier)
            if anchor is not None:
                insert_at = anchor + 1
                break
        notebook.cells.insert(insert_at, restored)
        matcher.matched[grade_id] = restored
        if kind == "answer":
            report.repaired(
                f"answer cell {grade_id!r} was deleted: inserted the empty "
                "stub from the release (its exercise scores 0)"
            )
        elif kind == "written":
            report.repaired(
                f"written answer {grade_id!r} was deleted: inserted the empty "
                "stub from the release (scores 0)"
            )
        else:
            report.repaired(
                f"{kind} cell {grade_id!r} was deleted: restored from the release"
            )


def _ensure_cell_ids(notebook: NotebookNode) -> None:
    """nbformat 4.5+ wants a unique id on every cell."""
    if (notebook.nbformat, notebook.get("nbformat_minor", 0)) < (4, 5):
        for cell in notebook.cells:
            cell.pop("id", None)
        return
    seen: set[str] = set()
    for number, cell in enumerate(notebook.cells):
        cell_id = cell.get("id")
        if not cell_id or cell_id in seen:
            cell_id = f"cell-{number}"
            while cell_id in seen:
                cell_id += "-x"
            cell["id"] = cell_id
        seen.add(cell_id)


def sanitize_submission(
    folder: Path, template_path: Path, assignment: str, backup: Path
) -> SubmissionReport:
    """Repair the submission in ``folder`` (``submitted/<student>/<assignment>``)
    in place against the release ``template_path``. The file as the student
    handed it in is copied to ``backup`` first. Never raises for a bad
    submission: problems end up in the returned report."""
    expected = template_path.name
    report = SubmissionReport(folder.parent.name, assignment, expected)
    path = find_notebook(folder, expected, report)
    if path is None:
        return report
    backup.mkdir(parents=True, exist_ok=True)
    if not (backup / expected).exists():
        shutil.copy2(path, backup / expected)
    notebook = read_notebook(path, report)
    if notebook is None:
        return report
    template = nbformat.read(template_path, as_version=4)
    try:
        restore_cells(notebook, template, report)
        nbformat.validate(notebook)
    except Exception as error:  # a bug here must not stop the batch
        report.flag(
            f"could not repair {expected} ({type(error).__name__}: {error}): not graded"
        )
        return report
    if report.status == "repaired":
        nbformat.write(notebook, path)
    return report
