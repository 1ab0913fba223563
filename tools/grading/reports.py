"""What autograding reports: one line per submission, a JSON report, and
the warning when every submission failed the same way."""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field

from tools._sanitize import SubmissionReport
from tools.grading.course import Course


@dataclass
class AutogradeResult:
    """All submissions of one assignment after an autograde run."""

    assignment: str
    reports: list[SubmissionReport] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    sandbox: str = ""
    wall_seconds: float = 0.0
    workers: int = 1

    @property
    def ok(self) -> bool:
        return not self.failures and all(r.gradable for r in self.reports)

    def median_seconds(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


def flag_environment(result: AutogradeResult) -> None:
    """Every graded submission failed in the same lesson cell: that is the
    grading machine (data, packages), not the students."""
    graded = [r for r in result.reports if r.score is not None]
    lesson_notes = [
        next((n for n in r.notes if n.startswith("lesson cell")), None) for r in graded
    ]
    if len(graded) >= 2 and all(lesson_notes) and len(set(lesson_notes)) == 1:
        result.failures.append(
            f"every submission failed the same way ({lesson_notes[0]}): that is the "
            "grading environment (data, packages, COURSE_DATA_DIR), not the "
            f"students. Fix it, then rerun: grade autograde {result.assignment} --force"
        )


def write_report(course: Course, result: AutogradeResult) -> None:
    """``reports/<assignment>-submissions.json``."""
    course.reports.mkdir(parents=True, exist_ok=True)
    path = course.reports / f"{result.assignment}-submissions.json"
    content = {
        "assignment": result.assignment,
        "sandbox": result.sandbox,
        "workers": result.workers,
        "wall_seconds": round(result.wall_seconds, 1),
        "median_seconds_per_notebook": result.median_seconds(),
        "failures": result.failures,
        "submissions": [asdict(r) for r in result.reports],
    }
    path.write_text(json.dumps(content, indent=2) + "\n")


def format_autograde(result: AutogradeResult, course: Course) -> list[str]:
    """The per-submission report as lines of text."""
    width = max([len(r.student) for r in result.reports] + [7])
    lines = [f"  {'student':<{width}}  {'status':<8}  {'score':>9}  {'time':>6}"]
    for report in result.reports:
        score = "-"
        if report.score is not None:
            score = f"{report.score:g}/{report.max_score:g}"
        seconds = f"{report.seconds:.1f}s" if report.seconds is not None else "-"
        lines.append(
            f"  {report.student:<{width}}  {report.status:<8}  {score:>9}  {seconds:>6}"
        )
        lines += [f"  {'':<{width}}    - {note}" for note in report.notes]
    median = result.median_seconds()
    if median is not None:
        count = len(result.seconds)
        rate = count / result.wall_seconds * 60 if result.wall_seconds else 0.0
        core_hours = result.wall_seconds * result.workers / 3600
        lines.append(
            f"  median {median:.1f} s per notebook ({count} run); {rate:.1f} "
            f"submissions per minute, {count / core_hours if core_hours else 0:.0f} "
            f"per core-hour ({result.workers} worker(s))"
        )
    lines.append(f"  sandbox: {result.sandbox}")
    flagged = [r for r in result.reports if not r.gradable]
    if flagged:
        lines.append(
            f"  NOT GRADED: {', '.join(r.student for r in flagged)} "
            "(see notes; the rest of the batch was graded)"
        )
    lines += [f"  FAILED: {failure}" for failure in result.failures]
    path = course.reports / f"{result.assignment}-submissions.json"
    lines.append(f"  report: {path.relative_to(course.root)}")
    return lines
