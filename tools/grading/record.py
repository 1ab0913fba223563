"""Write what grading decided: the autograded notebook and the gradebook.

Only the instructor's process runs this. The autograded notebook is built
from the submission as handed in (after repair), not from whatever the
sandbox sent back: outputs are copied over only for cells whose source is
unchanged, only in safe formats, and every test cell shows the verdict of
the checks (messages and hints, never hidden code or expected values).
nbgrader then records the scores from those test cells through its own
``SaveAutoGrades`` preprocessor, as its autograde would.
"""

from __future__ import annotations

import copy
import warnings
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.api import Gradebook
from nbgrader.preprocessors import SaveAutoGrades
from sqlalchemy import event

from tools import cells
from tools.grading.checker import Verdict

SAFE_OUTPUT_TYPES = {"text/plain", "image/png", "image/jpeg"}
"""Rich outputs kept from a student's run: no HTML or JavaScript, which
would run in the instructor's formgrader."""
MAX_TEXT = 20_000


def _safe_output(output: dict) -> dict | None:
    kind = output.get("output_type")
    if kind == "stream":
        text = str(output.get("text", ""))
        return nbformat.v4.new_output(
            "stream", name=str(output.get("name", "stdout")), text=text[-MAX_TEXT:]
        )
    if kind == "error":
        traceback = [str(line)[:MAX_TEXT] for line in output.get("traceback", [])]
        return nbformat.v4.new_output(
            "error",
            ename=str(output.get("ename", ""))[:200],
            evalue=str(output.get("evalue", ""))[:MAX_TEXT],
            traceback=traceback[-30:],
        )
    if kind in ("display_data", "execute_result"):
        data = {
            key: value
            for key, value in dict(output.get("data", {})).items()
            if key in SAFE_OUTPUT_TYPES and isinstance(value, str)
        }
        if not data:
            return None
        if kind == "execute_result":
            return nbformat.v4.new_output(kind, data=data, execution_count=None)
        return nbformat.v4.new_output(kind, data=data)
    return None


def verdict_outputs(verdict: Verdict) -> list[NotebookNode]:
    """A test cell's outputs for a verdict: the ✓ lines, and an error (so
    nbgrader scores 0) listing what failed."""
    passed = [line for line in verdict.lines() if line.startswith("✓")]
    failed = [line for line in verdict.lines() if not line.startswith("✓")]
    outputs = []
    if passed:
        outputs.append(nbformat.v4.new_output("stream", text="\n".join(passed) + "\n"))
    if failed or not verdict.passed:
        unique = list(dict.fromkeys(failed)) or ["✗ no checks ran"]
        outputs.append(
            nbformat.v4.new_output(
                "error",
                ename="CheckFailed",
                evalue=unique[0].splitlines()[0],
                traceback=unique,
            )
        )
    return outputs


def autograded_notebook(
    submitted: NotebookNode,
    executed: NotebookNode | None,
    verdicts: dict[str, Verdict],
    notes: dict[int, str],
) -> NotebookNode:
    """The submission with safe outputs from its run, verdicts on the test
    cells, and ``notes`` (cell index: text) added as a stream output."""
    notebook = copy.deepcopy(submitted)
    ran = executed.cells if executed is not None else []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        name = cells.grade_id(cell)
        if cells.is_test(cell) and name in verdicts:
            cell.outputs = verdict_outputs(verdicts[name])
            continue
        if index < len(ran) and ran[index].get("source") == cell.source:
            kept = [_safe_output(o) for o in ran[index].get("outputs", [])]
            cell.outputs = [o for o in kept if o is not None]
        if index in notes:
            cell.outputs.append(
                nbformat.v4.new_output("stream", name="stderr", text=notes[index])
            )
    return notebook


class Recorder:
    """One gradebook connection for a whole autograde run, used only by the
    coordinating thread (SQLite stays single-writer).

    Commits skip SQLite's fsync (``PRAGMA synchronous=OFF``): a result costs
    a few milliseconds instead of tens of fsyncs. A crash of the machine
    itself mid-run could then leave the gradebook damaged; the snapshot
    taken before every run (``grade restore``) is the safety net.
    """

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.gradebook = Gradebook(db_url)
        if db_url.startswith("sqlite"):

            def no_fsync(connection: Any, _record: Any) -> None:
                connection.execute("PRAGMA synchronous=OFF")

            event.listen(self.gradebook.engine, "connect", no_fsync)
            self.gradebook.db.remove()
            self.gradebook.engine.dispose()  # reconnect with the pragma

    def close(self) -> None:
        self.gradebook.close()

    def __enter__(self) -> Recorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(
        self,
        assignment: str,
        notebook_id: str,
        student: str,
        notebook: NotebookNode,
        timestamp: datetime | None,
    ) -> None:
        """Record the autograded notebook's scores, the way ``nbgrader
        autograde`` does (manual scores are kept)."""
        gradebook = self.gradebook
        with warnings.catch_warnings():
            # nbgrader's own autograde triggers the same SQLAlchemy autoflush
            # warnings; they are harmless (scores() checks the result).
            warnings.simplefilter("ignore")
            gradebook.update_or_create_student(student)
            if timestamp is not None:
                gradebook.update_or_create_submission(
                    assignment, student, timestamp=timestamp
                )
            else:
                gradebook.update_or_create_submission(assignment, student)
            resources: dict[str, Any] = {
                "nbgrader": {
                    "notebook": notebook_id,
                    "assignment": assignment,
                    "student": student,
                    "db_url": self.db_url,
                }
            }
            SaveInto(gradebook).preprocess(copy.deepcopy(notebook), resources)

    def scores(
        self, assignment: str, notebook_id: str, student: str
    ) -> dict[str, float | None]:
        """The autograded scores the gradebook holds, by grade_id."""
        self.gradebook.db.expire_all()
        submission = self.gradebook.find_submission_notebook(
            notebook_id, assignment, student
        )
        return {grade.name: grade.auto_score for grade in submission.grades}


class SaveInto(SaveAutoGrades):
    """nbgrader's ``SaveAutoGrades``, writing through an open gradebook."""

    def __init__(self, gradebook: Gradebook) -> None:
        super().__init__()
        self.shared = gradebook

    def preprocess(self, nb: Any, resources: Any) -> Any:
        info = resources["nbgrader"]
        self.notebook_id = info["notebook"]
        self.assignment_id = info["assignment"]
        self.student_id = info["student"]
        self.db_url = info["db_url"]
        self.gradebook = self.shared
        # SaveAutoGrades.preprocess would open its own gradebook: skip it.
        return super(SaveAutoGrades, self).preprocess(nb, resources)


def submission_timestamp(folder: Path) -> datetime | None:
    """The hand-in time nbgrader's collect wrote, if any."""
    from nbgrader.utils import parse_utc

    stamp = folder / "timestamp.txt"
    if not stamp.is_file():
        return None
    try:
        return parse_utc(stamp.read_text().strip())
    except Exception:
        return None
