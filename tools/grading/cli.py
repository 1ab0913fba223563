"""Grade the lessons: one command per step of the cycle.

    python3 course.py grade release [LESSON ...]     register lessons in the gradebook
    python3 course.py grade collect LESSON [--from ZIP_OR_DIR]
                                                    import an LMS download
    python3 course.py grade autograde [LESSON ...]  repair, run sandboxed, judge
    python3 course.py grade feedback [LESSON ...]   HTML feedback per student
    python3 course.py grade grades [--to FILE]      export grades.csv
    python3 course.py grade summary [LESSON ...]    per-question table + PNG
    python3 course.py grade restore [SNAPSHOT]      undo an autograde run
    python3 course.py grade bundle                  the student repository

(``python -m tools.grading ...`` is the same inside the virtual environment.)
Every step exits with 1 when something went wrong, after doing all it can.

Student code runs only in a sandbox (bubblewrap), as an unprivileged user,
without network, and sees neither the gradebook, nor other submissions, nor
the reference solutions and hidden checks; the scores are decided in this
process. State lives in the course root, all of it gitignored: the gradebook,
the course secret and snapshots in ``.nbgrader/``, ``downloaded/``,
``submitted/``, ``autograded/``, ``feedback/``, ``grades.csv``, ``reports/``
and ``build/``. See docs/instructors.md for a full cycle.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tools import _bundle
from tools.grading import steps
from tools.grading.autograde import Options, autograde
from tools.grading.collect import collect
from tools.grading.course import ROOT, Course, GradingError, find_lessons
from tools.grading.release import release
from tools.grading.reports import format_autograde, write_report
from tools.grading.sandbox import Limits, SandboxUnavailable


def _autograde_options(step: argparse.ArgumentParser) -> None:
    step.add_argument("lessons", nargs="*", help="lessons (default: all submitted)")
    step.add_argument(
        "--force", action="store_true", help="grade again what was already graded"
    )
    step.add_argument(
        "--student", action="append", default=None, help="only this student (repeat)"
    )
    step.add_argument(
        "--workers",
        type=int,
        default=0,
        help="submissions graded at once (default: one per usable core)",
    )
    step.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run the submissions on this Dask cluster (tcp://host:8786) "
        "instead of local workers; see docs/instructors.md",
    )
    step.add_argument(
        "--timeout", type=int, default=120, help="seconds per cell (default: 120)"
    )
    step.add_argument(
        "--submission-timeout",
        type=float,
        default=Limits.wall_seconds,
        help="seconds per submission in all (default: %(default)s)",
    )
    step.add_argument(
        "--memory-gb",
        type=float,
        default=Limits.memory_bytes / 1024**3,
        help="address space per submission (default: %(default)s)",
    )
    step.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="run student code unconfined where no sandbox exists (flagged)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.grading",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--root", type=Path, default=ROOT, help="course directory")
    parser.add_argument(
        "--gradebook", type=Path, default=None, help="default: .nbgrader/gradebook.db"
    )
    commands = parser.add_subparsers(dest="step", required=True, metavar="STEP")
    step = commands.add_parser("release", help="register lessons in the gradebook")
    step.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
    step = commands.add_parser("collect", help="import submissions from an LMS")
    step.add_argument("lesson")
    step.add_argument("--from", dest="source", type=Path, help="zip file or folder")
    step.add_argument(
        "--pattern", default=None, help="regular expression for the file paths"
    )
    _autograde_options(commands.add_parser("autograde", help="grade submissions"))
    step = commands.add_parser("feedback", help="HTML feedback per submission")
    step.add_argument("lessons", nargs="*")
    step = commands.add_parser("grades", help="export all grades as CSV")
    step.add_argument("--to", type=Path, default=None, help="default: grades.csv")
    step = commands.add_parser("summary", help="per-question scores and a PNG")
    step.add_argument("lessons", nargs="*")
    step = commands.add_parser("restore", help="put back a snapshot")
    step.add_argument("snapshot", nargs="?", help="snapshot name (default: newest)")
    step.add_argument("--list", action="store_true", help="list the snapshots")
    step = commands.add_parser("bundle", help="build the student repository")
    step.add_argument("--out", type=Path, default=None, help="default: build/student")
    return parser


def _autograde(course: Course, arguments: argparse.Namespace) -> bool:
    names = arguments.lessons or sorted(
        {p.name for p in course.submitted.glob("*/*") if p.is_dir()}
    )
    if not names:
        raise GradingError(f"no submissions in {course.submitted}/")
    options = Options(
        force=arguments.force,
        students=arguments.student,
        workers=arguments.workers,
        scheduler=arguments.scheduler,
        cell_timeout=arguments.timeout,
        unsafe_no_sandbox=arguments.unsafe_no_sandbox,
        limits=Limits(
            memory_bytes=int(arguments.memory_gb * 1024**3),
            wall_seconds=arguments.submission_timeout,
        ),
    )
    ok = True
    for assignment in names:
        result = autograde(course, assignment, options)
        write_report(course, result)
        print("\n".join(format_autograde(result, course)))
        ok = ok and result.ok
    return ok


def _run_step(course: Course, arguments: argparse.Namespace) -> bool:
    step = arguments.step
    if step == "autograde":
        return _autograde(course, arguments)
    if step == "collect":
        lines, ok = collect(
            course, arguments.lesson, arguments.source, arguments.pattern
        )
        print("\n".join(lines))
        return ok
    if step == "release":
        lines = release(course, arguments.lessons)
    elif step == "feedback":
        lines = steps.feedback(course, arguments.lessons)
    elif step == "grades":
        target = (arguments.to or course.root / "grades.csv").resolve()
        lines = steps.export_grades(course, target)
    elif step == "summary":
        lines = steps.summary(course, arguments.lessons)
    elif step == "restore":
        if arguments.list:
            lines = steps.list_snapshots(course)
        else:
            lines = steps.restore(course, arguments.snapshot)
    else:
        out = arguments.out or course.root / "build" / "student"
        lines = _bundle.build(course.root, course.release, find_lessons(course), out)
    print("\n".join(lines))
    return True


def main(argv: list[str] | None = None) -> int:
    """Run one step; print its report; return the exit code."""
    arguments = _parser().parse_args(argv)
    course = Course(
        root=arguments.root.resolve(),
        gradebook=arguments.gradebook.resolve() if arguments.gradebook else None,
    )
    started = time.perf_counter()
    try:
        ok = _run_step(course, arguments)
    except (GradingError, SandboxUnavailable, _bundle.LeakError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"({arguments.step} took {time.perf_counter() - started:.0f} s)")
    return 0 if ok else 1
