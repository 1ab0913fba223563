"""The steps after autograding: feedback, grades, the per-question summary,
and restoring a snapshot."""

from __future__ import annotations

import csv
import html
import importlib.util
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from tools.grading import snapshots
from tools.grading.course import Course, GradingError, find_lessons
from tools.grading.nbgrader_run import fail_with_log, nbgrader


def _assignments_with_submissions(course: Course, names: list[str] | None) -> list[str]:
    if names:
        return [lesson.name for lesson in find_lessons(course, names)]
    found = sorted({p.name for p in course.autograded.glob("*/*") if p.is_dir()})
    if not found:
        raise GradingError("nothing autograded yet: run `grade autograde` first")
    return found


def feedback(course: Course, names: list[str] | None = None) -> list[str]:
    """Generate ``feedback/<student>/<assignment>/<notebook>.html`` and check
    every autograded submission got one."""
    output = []
    missing = []
    for assignment in _assignments_with_submissions(course, names):
        run = nbgrader(course, "generate_feedback", assignment, "--force")
        if run.returncode != 0 or run.errors():
            raise fail_with_log(run, f"generate_feedback failed for {assignment}")
        graded = sorted(p for p in course.autograded.glob(f"*/{assignment}/*.ipynb"))
        for notebook in graded:
            student = notebook.parent.parent.name
            html = course.feedback / student / assignment / (notebook.stem + ".html")
            if not html.is_file():
                missing.append(str(html.relative_to(course.root)))
        leaked = hidden_text_in(course, assignment)
        if leaked:
            raise GradingError(
                "feedback would show hidden checks; not sent:\n  " + "\n  ".join(leaked)
            )
        output.append(
            f"{assignment}: feedback for {len(graded) - len(missing)} of "
            f"{len(graded)} submissions in {course.feedback.relative_to(course.root)}/"
        )
    if missing:
        raise GradingError("no feedback written for: " + ", ".join(missing))
    return output


def _hidden_lines(package: str, notebook_id: str) -> set[str]:
    """Distinctive code lines of a lesson's hidden checks."""
    spec = importlib.util.find_spec(f"{package}.{notebook_id}")
    if spec is None or spec.origin is None:
        return set()
    path = Path(spec.origin)
    lines = {" ".join(line.split()) for line in path.read_text().splitlines()}
    return {line for line in lines if len(line) >= 30 and not line.startswith("#")}


def hidden_text_in(course: Course, assignment: str) -> list[str]:
    """Feedback files of ``assignment`` that show a line of its hidden
    checks (the check for nbgrader's habit of including hidden tests)."""
    [lesson] = find_lessons(course, [assignment])
    secret = _hidden_lines(course.checks[1], lesson.notebook_id)
    found = []
    for page in sorted(course.feedback.glob(f"*/{assignment}/*.html")):
        text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(errors="replace")))
        shown = {" ".join(line.split()) for line in text.splitlines()}
        for line in sorted(secret & shown):
            found.append(f"{page.relative_to(course.root)}: {line[:80]}")
    return found


def restore(course: Course, name: str | None) -> list[str]:
    """Put back a snapshot of the gradebook and submissions."""
    try:
        return [snapshots.restore(course.state, course.db_path, course.submitted, name)]
    except FileNotFoundError as error:
        raise GradingError(str(error)) from None


def list_snapshots(course: Course) -> list[str]:
    """The snapshots there are, newest last."""
    found = snapshots.available(course.state)
    if not found:
        return [f"no snapshots in {course.state / 'snapshots'}"]
    return [f"  {p.name}" for p in found]


def export_grades(course: Course, target: Path) -> list[str]:
    """Write the gradebook's grades as CSV (``nbgrader export``)."""
    run = nbgrader(course, "export", f"--CsvExportPlugin.to={target}")
    if run.returncode != 0 or run.errors() or not target.is_file():
        raise fail_with_log(run, f"could not export grades to {target}")
    with open(target, newline="") as file:
        rows = list(csv.DictReader(file))
    if not rows:
        raise GradingError(f"{target} holds no grades: autograde something first")
    assignments = sorted({row["assignment"] for row in rows})
    students = {row["student_id"] for row in rows}
    return [
        f"wrote {target}: {len(rows)} rows, {len(students)} students, "
        f"assignments {', '.join(assignments)}"
    ]


@dataclass
class QuestionScores:
    """Scores of all graded submissions on one graded cell."""

    assignment: str
    grade_id: str
    max_score: float
    autograded: bool
    scores: list[float | None]  # None: still to be graded by hand


def question_scores(course: Course, assignment: str) -> list[QuestionScores]:
    """Per graded cell, the scores of every submission in the gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    result = []
    with Gradebook(course.db_url) as gradebook:
        try:
            found = gradebook.find_assignment(assignment)
        except MissingEntry:
            raise GradingError(
                f"{assignment} is in autograded/ but not in the gradebook "
                f"{course.db_path}: run `grade release {assignment}` and "
                f"`grade autograde {assignment}`, or remove autograded/*/{assignment}"
            ) from None
        for notebook in found.notebooks:
            written = {c.name for c in notebook.solution_cells}
            for cell in notebook.grade_cells:
                scores = []
                for submission in notebook.submissions:
                    grade = gradebook.find_grade(
                        cell.name, notebook.name, assignment, submission.student.id
                    )
                    pending = grade.auto_score is None and grade.manual_score is None
                    scores.append(None if pending else float(grade.score))
                result.append(
                    QuestionScores(
                        assignment,
                        cell.name,
                        float(cell.max_score),
                        cell.name not in written,
                        scores,
                    )
                )
    return result


def summary(course: Course, names: list[str] | None = None) -> list[str]:
    """Print per-question statistics and save the score distributions as
    ``reports/<assignment>-scores.png``."""
    output = []
    for assignment in _assignments_with_submissions(course, names):
        rows = question_scores(course, assignment)
        if not rows or not rows[0].scores:
            raise GradingError(
                f"no graded submissions of {assignment} in the gradebook"
            )
        output.append(f"{assignment}: {len(rows[0].scores)} submissions")
        width = max(len(row.grade_id) for row in rows) + len(" (written)")
        output.append(
            f"  {'question':<{width}} {'max':>4} {'mean':>5} {'median':>6} "
            f"{'full':>5} {'zero':>5} {'to grade':>8}"
        )
        for row in rows:
            known = [s for s in row.scores if s is not None]
            mean = f"{statistics.mean(known):.2f}" if known else "-"
            median = f"{statistics.median(known):g}" if known else "-"
            full = sum(s == row.max_score for s in known)
            zero = sum(s == 0 for s in known)
            kind = "" if row.autograded else " (written)"
            output.append(
                f"  {row.grade_id + kind:<{width}} {row.max_score:>4g} {mean:>5} "
                f"{median:>6} {full:>5} {zero:>5} {len(row.scores) - len(known):>8}"
            )
        png = course.reports / f"{assignment}-scores.png"
        plot_distribution(rows, png)
        output.append(f"  plot: {png.relative_to(course.root)}")
    return output


def plot_distribution(rows: list[QuestionScores], target: Path) -> None:
    """One panel per question: how many submissions got each score."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    columns = min(len(rows), 3)
    lines = (len(rows) + columns - 1) // columns
    figure, axes = plt.subplots(
        lines, columns, figsize=(4 * columns, 3 * lines), squeeze=False
    )
    for axis, row in zip(axes.flat, rows, strict=False):
        known = [s for s in row.scores if s is not None]
        values = sorted(set(known) | {0.0, row.max_score})
        counts = [sum(s == v for s in known) for v in values]
        axis.bar([f"{v:g}" for v in values], counts, color="#4477aa")
        pending = len(row.scores) - len(known)
        note = f", {pending} to grade by hand" if pending else ""
        axis.set_title(f"{row.grade_id} (max {row.max_score:g}{note})", fontsize=9)
        axis.set_xlabel("score")
        axis.set_ylabel("submissions")
        axis.yaxis.get_major_locator().set_params(integer=True)
    for axis in list(axes.flat)[len(rows) :]:
        axis.set_visible(False)
    figure.suptitle(f"{rows[0].assignment}: score distribution per question")
    figure.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(target, dpi=100)
    plt.close(figure)
