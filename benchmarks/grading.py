"""Grading throughput: one batch of lesson 7, three ways, in one run.

    PYTHONPATH=. .venv/bin/python benchmarks/grading.py [--submissions 24]

A temporary course (never ``.nbgrader/``) gets a mix of correct, wrong and
broken submissions of ``07-kfold-validation`` (real data: set
``COURSE_DATA_DIR``). The batch is autograded with ``--workers 1``,
``--workers 2`` and a two-worker ``distributed.LocalCluster``. For each mode:
wall time, the CPU seconds of the sandboxed notebooks (children's rusage; on
the Dask workers, read there) and of the coordinator, the load average. The
scores must be identical in all three modes. Then two correct submissions
of every lesson are graded with ``--workers 2``: each lesson's CPU seconds
per graded notebook. The figures, and an extrapolation to 1,000 students x
7 lessons on 16 cores, are printed and written to
``docs/grading-benchmarks.md``. This is a script, not a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from tests.grading_helpers import answered, hand_in, lesson_of, make_course
from tools.grading.autograde import Options, autograde, usable_cores
from tools.grading.course import Course
from tools.grading.release import release

ROOT = Path(__file__).resolve().parents[1]
LESSON = "07-kfold-validation"
OUTPUT = ROOT / "docs" / "grading-benchmarks.md"
RAW = ROOT / "benchmarks" / "results" / "grading.json"
CLASS, LESSONS, CORES = 1000, 7, 16
COPIES = 2
"""Correct submissions graded per lesson for its cost (both cores busy)."""
NOBODY = 65534


def _answers(name: str) -> dict:
    namespace: dict = {}
    path = ROOT / "tests" / "alternatives" / f"{name}.py"
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def submissions(lesson, count: int) -> dict[str, object]:
    """``count`` submissions: a quarter correct, a third wrong (one
    plausible wrong answer each), the rest broken (empty, cut-off JSON, a
    kernel that dies, a syntax error)."""
    extra = _answers("kfold_validation")
    wrong = [(k, code) for k, codes in extra["WRONG"].items() for code in codes]
    last = list(lesson.answers)[-1]
    broken: list[Callable[[], object]] = [
        lambda: lesson.release,
        lambda: nbformat.writes(answered(lesson, lesson.answers))[:5000],
        lambda: answered(
            lesson,
            {
                **lesson.answers,
                last: lesson.answers[last] + "\nimport os\nos._exit(3)\n",
            },
        ),
        lambda: answered(lesson, {**lesson.answers, last: "def best_epoch(:\n"}),
    ]
    made: dict[str, object] = {}
    for index in range(count):
        kind = ("correct", "wrong", "wrong", "broken")[index % 4]
        if kind == "correct" and index % 8 == 0:
            made[f"s{index:02d}-correct"] = answered(lesson, lesson.answers)
        elif kind == "correct":
            made[f"s{index:02d}-alternative"] = answered(
                lesson, {**lesson.answers, **extra["ANSWERS"]}
            )
        elif kind == "wrong":
            key, code = wrong[index % len(wrong)]
            made[f"s{index:02d}-wrong"] = answered(
                lesson, {**lesson.answers, key: code}
            )
        else:
            made[f"s{index:02d}-broken"] = broken[(index // 4) % len(broken)]()
    return made


@dataclass
class Mode:
    """One way of grading the batch, and what it cost."""

    name: str
    wall: float = 0.0
    notebook_cpu: float = 0.0  # sandboxed notebooks, all of them
    coordinator_cpu: float = 0.0
    executed: int = 0
    median_seconds: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before, after
    scores: dict[str, float | None] = field(default_factory=dict)


@dataclass
class LessonCost:
    """``COPIES`` correct submissions of one lesson, graded together with
    ``--workers 2``: what a notebook of that lesson costs to grade."""

    lesson: str
    executed: int = 0
    cpu: float = 0.0  # sandboxed notebooks, all of them
    wall: float = 0.0
    scores: list[float | None] = field(default_factory=list)
    max_score: float = 0.0
    import_cpu: float | None = None  # the yardstick just before (None: not taken)

    @property
    def per_notebook(self) -> float:
        """CPU seconds per graded notebook."""
        return self.cpu / max(1, self.executed)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class SandboxCPU:
    """CPU seconds of the sandboxed processes, wherever they run on this
    machine (here or in a LocalCluster's workers). Graded as root, they run
    as ``nobody``: their /proc times are sampled twice a second (bubblewrap's
    PID namespace keeps them out of this process's children's rusage).
    Otherwise: this process's children's rusage."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.running = False
        self.thread: threading.Thread | None = None
        self.start_children = 0.0

    def _sample(self) -> None:
        ticks = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            try:
                if not entry.name.isdigit() or entry.stat().st_uid != NOBODY:
                    continue
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                seconds = (int(fields[11]) + int(fields[12])) / ticks
            except (OSError, IndexError, ValueError):
                continue
            pid = int(entry.name)
            self.seen[pid] = max(self.seen.get(pid, 0.0), seconds)

    def _loop(self) -> None:
        while self.running:
            self._sample()
            time.sleep(0.5)

    def __enter__(self) -> SandboxCPU:
        self.start_children = _children_cpu()
        if os.geteuid() == 0:
            self.running = True
            self.thread = threading.Thread(target=self._loop, daemon=True)
            self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.running = False
        if self.thread:
            self.thread.join()

    @property
    def seconds(self) -> float:
        if os.geteuid() == 0:
            return sum(self.seen.values())
        return _children_cpu() - self.start_children


def grade(
    course: Course,
    mode: Mode,
    options: Options,
    echo: Callable[[str], None],
    lesson: str = LESSON,
) -> Mode:
    """Autograde every submission of ``lesson`` once; fill in ``mode``."""
    before_load, before_self = os.getloadavg()[0], _self_cpu()
    started = time.monotonic()
    with SandboxCPU() as cpu:
        result = autograde(course, lesson, options, echo)
    mode.wall = time.monotonic() - started
    mode.notebook_cpu = cpu.seconds
    mode.coordinator_cpu = _self_cpu() - before_self
    mode.executed = len(result.seconds)
    mode.median_seconds = result.median_seconds() or 0.0
    mode.load = (before_load, os.getloadavg()[0])
    mode.scores = {r.student: r.score for r in result.reports}
    return mode


def run_modes(course: Course, echo: Callable[[str], None]) -> list[Mode]:
    """``--workers 1``, ``--workers 2``, a two-worker LocalCluster."""
    import distributed

    modes = [
        grade(course, Mode("--workers 1"), Options(workers=1, force=True), echo),
        grade(course, Mode("--workers 2"), Options(workers=2, force=True), echo),
    ]
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        options = Options(force=True, scheduler=cluster.scheduler_address)
        modes.append(grade(course, Mode("Dask LocalCluster, 2 workers"), options, echo))
    return modes


def lesson_costs(folder: Path, echo: Callable[[str], None]) -> list[LessonCost]:
    """Grade ``COPIES`` correct submissions of every lesson with
    ``--workers 2``, each lesson in a scratch course of its own."""
    costs = []
    names = sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir())
    for name in names:
        course = make_course(folder / name, name, ROOT / "solutions")
        release(course, [name])
        lesson = lesson_of(course, name)
        for index in range(COPIES):
            hand_in(course, lesson, f"c{index}", answered(lesson, lesson.answers))
        speed = import_cpu()  # the machine drifts: sample it before each lesson
        mode = grade(course, Mode(name), Options(workers=2), echo, lesson=name)
        costs.append(
            LessonCost(
                name,
                executed=mode.executed,
                cpu=mode.notebook_cpu,
                wall=mode.wall,
                scores=list(mode.scores.values()),
                max_score=lesson.total,
                import_cpu=speed,
            )
        )
    return costs


def _class_hours(per_student: float, utilization: float) -> float:
    """Wall hours for the whole class (``per_student``: CPU seconds of all
    seven lessons) on ``CORES`` cores kept busy ``utilization`` of the time."""
    return CLASS * per_student / (CORES * utilization) / 3600


def _cost_rows(costs: list[LessonCost]) -> list[str]:
    lines = [
        "| lesson | notebooks graded | scores (of max) | CPU s per notebook "
        "| `import tensorflow` CPU s just before |",
        "|---|---|---|---|---|",
    ]
    for cost in costs:
        scores = ", ".join(_score(s) for s in cost.scores)
        speed = "not sampled" if cost.import_cpu is None else f"{cost.import_cpu:.1f}"
        lines.append(
            f"| {cost.lesson} | {cost.executed} | {scores} ({_score(cost.max_score)}) "
            f"| {cost.per_notebook:.1f} | {speed} |"
        )
    return lines


def extrapolate(
    serial: Mode,
    parallel: Mode,
    costs: list[LessonCost],
    coordinator_per_notebook: float,
) -> tuple[float, list[str]]:
    """1,000 students x 7 lessons on 16 cores: the estimate in hours and its
    lines. A student costs the CPU per graded notebook of each lesson
    (``costs``, both cores busy); the cores are busy with notebooks as the
    2 workers were in the batch (notebook CPU over cores x wall)."""
    utilization = min(1.0, parallel.notebook_cpu / (2 * max(parallel.wall, 1e-9)))
    per_student = sum(c.per_notebook for c in costs) * LESSONS / max(1, len(costs))
    workers_hours = _class_hours(per_student, utilization)
    coordinator_hours = CLASS * LESSONS * coordinator_per_notebook / 3600
    hours = max(workers_hours, coordinator_hours)
    batch_parallel = parallel.notebook_cpu / max(1, parallel.executed)
    batch_serial = serial.notebook_cpu / max(1, serial.executed)
    return hours, [
        f"Each lesson's cost: {COPIES} correct submissions graded together with "
        "`--workers 2` (both cores busy, as on a loaded grading machine), "
        "sandboxed notebook CPU per notebook:",
        "",
        *_cost_rows(costs),
        "",
        f"- all seven lessons: {per_student:.1f} CPU s per student; {CLASS:,} "
        f"students: {CLASS * per_student / 3600:.1f} CPU hours in the sandboxes;",
        f"- on {CORES} cores, busy with notebooks {utilization:.0%} of the time as "
        f"the 2 workers were in the batch: **{workers_hours:.2f} h** of wall time;",
        f"- the coordinator judges and records every submission in one thread: "
        f"{coordinator_per_notebook:.2f} CPU s each here, {coordinator_hours:.2f} h "
        f"for {CLASS * LESSONS:,} submissions, overlapping the workers (a bound only "
        "if it exceeded them);",
        f"- the batch's notebooks cost {batch_parallel:.1f} CPU s each with "
        f"`--workers 2` and {batch_serial:.1f} s with `--workers 1`;",
        f"- estimate: **{hours:.2f} h** (target: under 2 h); {CORES} concurrent "
        f"notebooks need about {CORES * 0.8:.0f}-{CORES * 1.0:.0f} GB of RAM "
        "(0.8-1.0 GB peak each in fast mode).",
    ]


def this_machine() -> str:
    """Host, usable cores, Python and platform, for the page."""
    return (
        f"{platform.node() or 'this machine'}: {usable_cores()} usable cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )


@dataclass
class Figures:
    """One run of this script: everything the page is drawn from."""

    started: str
    machine: str  # from :func:`this_machine`
    count: int  # submissions in the batch
    modes: list[Mode]
    costs: list[LessonCost]
    import_cpu: tuple[float, float] = (0.0, 0.0)  # before and after grading


def save(path: Path, figures: Figures) -> None:
    """The run's raw figures, so the page can be rendered again."""
    path.write_text(
        json.dumps(dataclasses.asdict(figures), indent=1) + "\n", encoding="utf-8"
    )


def load(path: Path) -> Figures:
    """What :func:`save` wrote."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    modes = []
    for fields in raw["modes"]:
        mode = Mode(**fields)
        mode.load = tuple(mode.load)  # type: ignore[assignment]
        modes.append(mode)
    costs = [LessonCost(**fields) for fields in raw["costs"]]
    speed = tuple(raw["import_cpu"])
    return Figures(raw["started"], raw["machine"], raw["count"], modes, costs, speed)


def _mode_rows(modes: list[Mode]) -> list[str]:
    lines = [
        "| mode | wall | speed-up | notebooks run | median s per notebook | "
        "notebook CPU s (per notebook) | coordinator CPU s | load avg before → after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for mode in modes:
        per = mode.notebook_cpu / max(1, mode.executed)
        lines.append(
            f"| {mode.name} | {mode.wall:.0f} s | {modes[0].wall / mode.wall:.2f}× | "
            f"{mode.executed} | {mode.median_seconds:.1f} | {mode.notebook_cpu:.0f} "
            f"({per:.1f}) | {mode.coordinator_cpu:.0f} | "
            f"{mode.load[0]:.1f} → {mode.load[1]:.1f} |"
        )
    return lines


def targets(figures: Figures) -> list[str]:
    """The issue's three targets as a markdown table, measured and judged."""
    serial, parallel, dask = figures.modes
    ratio = parallel.wall / serial.wall
    same = serial.scores == parallel.scores == dask.scores
    coordinator = serial.coordinator_cpu / max(1, serial.executed)
    hours, _ = extrapolate(serial, parallel, figures.costs, coordinator)
    return [
        "| target | measured | verdict |",
        "|---|---|---|",
        f"| `--workers 2` ≤ 0.6× serial wall on 2 cores | {ratio:.2f}× | "
        f"{'met' if ratio <= 0.6 else '**missed**'} |",
        "| identical scores in all three modes | "
        f"{'identical' if same else 'DIFFERENT'} | {'met' if same else '**missed**'} |",
        f"| 1,000 × 7 estimate on 16 cores < 2 h | {hours:.2f} h | "
        f"{'met' if hours < 2 else '**missed**'} |",
    ]


def report(figures: Figures) -> list[str]:
    """The markdown page."""
    modes, count = figures.modes, figures.count
    serial, parallel, _ = modes
    coordinator = serial.coordinator_cpu / max(1, serial.executed)
    lines = [
        "# Grading benchmarks",
        "",
        "Generated by `benchmarks/grading.py`; do not edit by hand. Rerun with "
        "`PYTHONPATH=. .venv/bin/python benchmarks/grading.py` (about 20-25 min on "
        "2 cores).",
        "",
        f"Run {figures.started} on {figures.machine}.",
        "",
        "This machine's speed drifts (a shared VM); as a yardstick, `import "
        f"tensorflow` in a fresh process took {figures.import_cpu[0]:.1f} CPU s "
        f"before grading and {figures.import_cpu[1]:.1f} CPU s after.",
        "",
        f"One batch: {count} submissions of `{LESSON}` (real data, fast mode as "
        "in grading): a quarter correct (reference or alternative answers), half "
        "wrong (one plausible wrong answer each, `tests/alternatives`), a quarter "
        "broken (empty, cut-off JSON that is not run, a kernel that dies, a "
        "syntax error). Graded three times with `--force`.",
        "",
        *_mode_rows(modes),
        "",
        "Notebook CPU is the sandboxes' own (their processes' /proc times, "
        "sampled twice a second, so a process's last half second can be "
        "missed; they run as `nobody` when grading as root); "
        "the coordinator's covers repairs, hidden "
        "inputs, the reference, judging and gradebook writes. A load average "
        f"above {usable_cores()} means other jobs shared the machine: wall times "
        "are then inflated, CPU seconds much less.",
        "",
        "## Targets",
        "",
        *targets(figures),
        "",
        "## Extrapolation: 1,000 students × 7 lessons, 16 cores",
        "",
        *extrapolate(serial, parallel, figures.costs, coordinator)[1],
        "",
        "## Scores",
        "",
        "| student | " + " | ".join(m.name for m in modes) + " |",
        "|---|" + "---|" * len(modes),
    ]
    for student in sorted(serial.scores):
        cells = [_score(m.scores.get(student)) for m in modes]
        lines.append(f"| {student} | " + " | ".join(cells) + " |")
    return lines


def _score(value: float | None) -> str:
    return "not graded" if value is None else f"{value:g}"


def main(argv: list[str] | None = None) -> int:
    """Grade the batch three ways and every lesson once; print and write
    the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=24)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--json", type=Path, default=RAW, help="raw figures")
    parser.add_argument(
        "--render-only",
        action="store_true",
        help="write the page again from --json, without grading",
    )
    arguments = parser.parse_args(argv)
    if arguments.render_only:
        if not arguments.json.exists():
            print(f"no raw figures at {arguments.json}", file=sys.stderr)
            return 2
        figures = load(arguments.json)
    else:
        if not os.environ.get("COURSE_DATA_DIR"):
            print("set COURSE_DATA_DIR to the datasets folder", file=sys.stderr)
            return 2
        figures = measure(arguments.submissions)
        save(arguments.json, figures)
    lines = report(figures)
    arguments.output.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    modes = figures.modes
    same = modes[0].scores == modes[1].scores == modes[2].scores
    full = all(s == c.max_score for c in figures.costs for s in c.scores)
    return 0 if same and full else 1


def _echo(line: str) -> None:
    print(line, flush=True)


def measure(count: int) -> Figures:
    """Build a batch of ``count`` submissions in a scratch course and grade
    it three ways; then grade every lesson's correct submissions."""
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    before = import_cpu()
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as folder:
        course = make_course(Path(folder) / "batch", LESSON, ROOT / "solutions")
        release(course, [LESSON])
        lesson = lesson_of(course, LESSON)
        made = submissions(lesson, count)
        for student, content in made.items():
            hand_in(course, lesson, student, content)
        modes = run_modes(course, _echo)
        costs = lesson_costs(Path(folder) / "lessons", _echo)
    speed = (before, import_cpu())
    return Figures(started, this_machine(), len(made), modes, costs, speed)


def import_cpu() -> float:
    """CPU seconds of ``import tensorflow`` in a fresh process."""
    before = _children_cpu()
    subprocess.run(
        [sys.executable, "-c", "import tensorflow"],
        check=True,
        stderr=subprocess.DEVNULL,  # TensorFlow's C++ start-up lines
    )
    return _children_cpu() - before


if __name__ == "__main__":
    sys.exit(main())
