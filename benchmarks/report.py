"""Turn a benchmark run's results (``benchmarks/run.py``) into markdown:
machine and data, targets met or missed (and why), per-lesson tables for both
modes, our lessons next to the book's code, and the claims."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from pathlib import Path

from benchmarks import floor, profile
from benchmarks.claims import CLAIMS
from benchmarks.lessons import LESSONS

RSS_TARGET_GB = 1.2
"""Issue 14: every lesson ≤ 1.2 GB kernel peak RSS in full mode (before it,
only the IMDB lessons had a target, 1.5 GB)."""
FULL_TOTAL_TARGET_MIN = 15.0
"""All seven lessons in full mode ≤ 15 min of wall time, from before issue 14;
issue 14 does not list it but does not replace it either, so it stays."""
BOOK_CPU_RATIO_TARGET = 0.4
"""Issue 14: the whole course ≤ 0.4x the book code's CPU time, both measured
in one run (before it: 0.6x of the wall time). CPU seconds, because the
2-core machine is shared; the wall ratio is reported beside it."""
KFOLD_LESSON = 7
"""The lesson ``KFOLD_CPU_RATIO_TARGET`` is for: k-fold validation on Boston."""
KFOLD_CPU_RATIO_TARGET = 0.15
"""Issue 14: lesson 7 ≤ 0.15x the book code's CPU time (Boston's tiny model is
all per-step framework overhead, so this is where the most can be saved)."""
FAST_MEDIAN_TARGET_S = 15.0
"""Issue 14: fast mode ≤ 15 s median wall time per lesson, kernel start
included, what every autograded submission costs (before it: 20 s median and
40 s worst; see ``fast_target`` for why the worst case is gone)."""
CONTENDED = 0.10
"""A run is flagged when other processes used more than this share of the
machine's CPU while it ran: its wall time is then inflated."""

GB = 1e9
GRADING_RAW = Path(__file__).resolve().parent / "results" / "grading.json"
"""Written by ``benchmarks/grading.py`` (a separate, 15-minute run)."""


# ------------------------------------------------------------------ lookups


def runs(results: dict, *, kind: str, mode: str, lesson: int | None = None) -> list:
    return [
        run
        for run in results["runs"]
        if run["kind"] == kind
        and run["mode"] == mode
        and (lesson is None or run["lesson"] == lesson)
        and not run.get("missing")
    ]


def first(results: dict, **query) -> dict | None:
    found = runs(results, **query)
    return found[0] if found else None


def wall(run: dict | None) -> float | None:
    return None if run is None or run.get("aborted") else run.get("wall_s")


def peak(run: dict | None) -> float | None:
    value = None if run is None else run.get("peak_rss_bytes")
    return value / GB if value else None


def cpu(run: dict | None) -> float | None:
    resources = (run or {}).get("resources") or {}
    if "cpu_user_s" not in resources:
        return None
    return resources["cpu_user_s"] + resources["cpu_system_s"]


def contended(run: dict | None) -> bool:
    if not run:
        return False
    return run.get("other_load", 0) > CONTENDED


def lesson_numbers(results: dict) -> list[int]:
    return list(results.get("lessons") or [lesson.number for lesson in LESSONS])


# --------------------------------------------------------------- formatting


def seconds(value: float | None, run: dict | None = None) -> str:
    if value is None:
        return "–"
    return f"{value:.1f} s" + (" †" if contended(run) else "")


def minutes(value: float | None) -> str:
    return "–" if value is None else f"{value / 60:.1f} min"


def gigabytes(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} GB"


def ratio(ours: float | None, book: float | None) -> str:
    return "–" if ours is None or not book else f"{ours / book:.2f}×"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(str(v)) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def lesson_name(number: int) -> str:
    return next(lesson.title for lesson in LESSONS if lesson.number == number)


# ------------------------------------------------------------------ targets


def load_summary(results: dict) -> tuple[float, float] | None:
    """Median and maximum share of the CPU other processes used during runs."""
    shares = [r["other_load"] for r in results["runs"] if "other_load" in r]
    return (statistics.median(shares), max(shares)) if shares else None


def contention_note(results: dict) -> str:
    load = load_summary(results)
    if load is None or load[0] <= CONTENDED:
        return ""
    return (
        f"timings inflated: other processes used {load[0]:.0%} of the machine's "
        f"CPU during the median run (up to {load[1]:.0%}); re-run on a quiet machine"
    )


def slowest_cells(run: dict | None, lesson: int) -> str:
    """E.g. "lesson 4's slowest cells: #19 28.4 s, #2 14.5 s" (cells are
    counted from 0 over the whole notebook; #2 is usually the imports; the
    Keras import of the arithmetic counter, run first, is "import")."""
    cells = (run or {}).get("slowest_cells") or []
    listed = ", ".join(
        f"{'import' if c['cell'] < 0 else '#' + str(c['cell'])} {c['seconds']:.1f} s"
        for c in cells[:3]
    )
    return f"lesson {lesson}'s slowest cells: {listed}" if listed else ""


def target_row(
    target: str, measured: str, met: bool | None, why: str | Iterable[str] = ""
) -> dict:
    """One row of the targets table: ``met`` None means "not measured"; ``why``
    is one reason or several (empty ones are dropped)."""
    verdict = "not measured" if met is None else ("met" if met else "missed")
    reasons = [why] if isinstance(why, str) else list(why)
    return {
        "target": target,
        "measured": measured,
        "verdict": verdict,
        "why": "; ".join(reason for reason in reasons if reason),
    }


def all_lessons() -> list[int]:
    return [lesson.number for lesson in LESSONS]


def full_pairs(results: dict) -> dict[int, tuple[dict | None, dict | None]]:
    """Per selected lesson: our full-mode run and the book code's."""
    return {
        n: (
            first(results, kind="ours", mode="full", lesson=n),
            first(results, kind="book", mode="full", lesson=n),
        )
        for n in lesson_numbers(results)
    }


def rss_target(results: dict) -> dict:
    """Every lesson's kernel peak RSS in full mode, against ``RSS_TARGET_GB``."""
    target = f"every lesson: kernel peak RSS ≤ {RSS_TARGET_GB} GB (full mode)"
    pairs = full_pairs(results)
    peaks = {n: value for n, (ours, _) in pairs.items() if (value := peak(ours))}
    if not peaks:
        return target_row(target, "–", None, "no lesson ran in full mode")
    over = {n: value for n, value in peaks.items() if value > RSS_TARGET_GB}
    unmeasured = [n for n in all_lessons() if n not in peaks]
    why = []
    if over:
        why.append(
            "over in lesson(s) "
            + ", ".join(
                f"{n} ({gigabytes(value)}; book code {gigabytes(peak(pairs[n][1]))})"
                for n, value in over.items()
            )
        )
    if unmeasured:
        why.append("not run in full mode: lesson(s) " + ", ".join(map(str, unmeasured)))
    top = max(peaks, key=lambda n: peaks[n])
    return target_row(
        target,
        f"highest: lesson {top}, {gigabytes(peaks[top])}; "
        f"{len(peaks) - len(over)}/{len(peaks)} lessons within",
        False if over else (None if unmeasured else True),
        why,
    )


def full_total_target(results: dict) -> dict:
    """All seven lessons' full-mode wall time, against ``FULL_TOTAL_TARGET_MIN``."""
    target = f"all seven lessons, full mode: ≤ {FULL_TOTAL_TARGET_MIN:.0f} min in total"
    pairs = full_pairs(results)
    times = {n: wall(ours) for n, (ours, _) in pairs.items()}
    if not times or None in times.values():
        return target_row(
            target, "–", None, "full mode did not run for every selected lesson"
        )
    total = sum(t for t in times.values() if t is not None)
    complete = set(times) == set(all_lessons())
    why = []
    if total > FULL_TOTAL_TARGET_MIN * 60:
        slowest = sorted(times, key=lambda n: -(times[n] or 0))[:2]
        why.append(
            "slowest: " + ", ".join(f"lesson {n} {minutes(times[n])}" for n in slowest)
        )
        why.append(slowest_cells(pairs[slowest[0]][0], slowest[0]))
        why.append(contention_note(results))
    if not complete:
        why.append("only lessons " + ", ".join(map(str, times)) + " ran")
    met = total <= FULL_TOTAL_TARGET_MIN * 60 if complete else None
    return target_row(target, minutes(total), met, why)


def book_cpu_target(results: dict) -> dict:
    """The whole course's CPU seconds over the book code's, both from the same
    run, against ``BOOK_CPU_RATIO_TARGET``. The wall-time ratio is reported
    beside it for information only: on a shared machine other processes
    inflate wall time, CPU time much less."""
    target = (
        f"whole course, full mode: ≤ {BOOK_CPU_RATIO_TARGET}× the book code's "
        "CPU time, measured in one run"
    )
    pairs = full_pairs(results)
    cpus = {
        n: (ours_cpu, book_cpu)
        for n, (ours, book) in pairs.items()
        if (ours_cpu := cpu(ours)) and (book_cpu := cpu(book))
    }
    if not cpus or len(cpus) < len(pairs):
        return target_row(
            target, "–", None, "not every selected lesson ran, ours and the book code's"
        )
    ours_cpu = sum(ours for ours, _ in cpus.values())
    book_cpu = sum(book for _, book in cpus.values())
    share = ours_cpu / book_cpu
    walls = [(wall(ours), wall(book)) for ours, book in pairs.values()]
    wall_ratio = (
        ratio(sum(o or 0 for o, _ in walls), sum(b or 0 for _, b in walls))
        if all(o and b for o, b in walls)
        else "–"
    )
    complete = set(cpus) == set(all_lessons())
    why = []
    if share > BOOK_CPU_RATIO_TARGET:
        largest = sorted(cpus, key=lambda n: -cpus[n][0] / cpus[n][1])
        why.append(
            "largest ratios: "
            + ", ".join(f"lesson {n} {ratio(*cpus[n])}" for n in largest[:3])
        )
    if not complete:
        why.append("only lessons " + ", ".join(map(str, cpus)) + " ran")
    if results.get("merged_from"):
        why.append(f"results merged from {results['merged_from']} runs")
    return target_row(
        target,
        f"CPU {ours_cpu:.0f} / {book_cpu:.0f} s = {share:.2f}× "
        f"(wall {wall_ratio}, for information)",
        share <= BOOK_CPU_RATIO_TARGET if complete else None,
        why,
    )


def kfold_cpu_target(results: dict) -> dict:
    """Lesson 7's CPU seconds over the book code's, against
    ``KFOLD_CPU_RATIO_TARGET`` (Boston's tiny model is all per-step overhead)."""
    n = KFOLD_LESSON
    target = (
        f"lesson {n}, full mode: ≤ {KFOLD_CPU_RATIO_TARGET}× the book code's CPU time"
    )
    ours = first(results, kind="ours", mode="full", lesson=n)
    book = first(results, kind="book", mode="full", lesson=n)
    ours_cpu, book_cpu = cpu(ours), cpu(book)
    if not ours_cpu or not book_cpu:
        return target_row(
            target, "–", None, f"lesson {n} and its book code did not both run"
        )
    share = ours_cpu / book_cpu
    met = share <= KFOLD_CPU_RATIO_TARGET
    return target_row(
        target,
        f"CPU {ours_cpu:.0f} / {book_cpu:.0f} s = {share:.2f}× "
        f"(wall {ratio(wall(ours), wall(book))}, for information)",
        met,
        "" if met else slowest_cells(ours, n),
    )


def fast_target(results: dict) -> dict:
    """Each lesson's median fast-mode wall time (kernel start included),
    against ``FAST_MEDIAN_TARGET_S``.

    Issue 14 sets no worst-case target, and this report no longer has one
    (it was 40 s): with a few repeats on a shared machine, the worst run
    measures the other processes more than the lesson, and 40 s is well
    above 15 s medians anyway. The fast-mode table still shows each lesson's
    worst run."""
    target = (
        f"fast mode: every lesson ≤ {FAST_MEDIAN_TARGET_S:.0f} s median "
        "(kernel start included)"
    )
    fast = {n: runs(results, kind="ours", mode="fast", lesson=n) for n in all_lessons()}
    medians = {
        n: statistics.median(times)
        for n, found in fast.items()
        if (times := [t for t in map(wall, found) if t is not None])
    }
    if not medians:
        return target_row(target, "–", None, "fast mode did not run")
    over = {n: value for n, value in medians.items() if value > FAST_MEDIAN_TARGET_S}
    top = max(medians, key=lambda n: medians[n])
    why = []
    if over:
        why.append(
            "over in lesson(s) "
            + ", ".join(f"{n} ({value:.1f} s)" for n, value in over.items())
        )
        starts = [r.get("kernel_start_s") for f in fast.values() for r in f]
        starts = [start for start in starts if start]
        if starts:
            why.append(f"kernel start alone {statistics.median(starts):.1f} s")
        why.append(slowest_cells(max(fast[top], key=lambda r: wall(r) or 0), top))
        why.append(contention_note(results))
    unmeasured = [n for n in all_lessons() if n not in medians]
    if unmeasured:
        why.append("fast mode did not run lesson(s) " + ", ".join(map(str, unmeasured)))
    return target_row(
        target,
        f"highest median: lesson {top}, {medians[top]:.1f} s",
        False if over else (None if unmeasured else True),
        why,
    )


def claim_verdict(run: dict | None) -> bool | None:
    """True if the run's table claim and further claims all hold, False if
    one fails, None if the run is missing or a claim could not be judged."""
    if run is None:
        return None
    holds = [
        c.get("holds") for c in [run.get("claim", {}), *run.get("further_claims", [])]
    ]
    return False if False in holds else None if None in holds else True


def claims_target(results: dict) -> dict:
    """Every claim (the table's and the further ones) of all seven lessons,
    judged on the full-mode runs."""
    target = "every claim of 7/7 lessons holds in full mode"
    ran = {
        n: claim_verdict(ours) for n, (ours, _) in full_pairs(results).items() if ours
    }
    if not ran:
        return target_row(target, "–", None, "full mode did not run")
    failed = [n for n, verdict in ran.items() if verdict is not True]
    why = []
    if failed:
        why.append(
            "not holding: "
            + ", ".join(
                f"lesson {n} ({'not evaluated' if ran[n] is None else 'fails'})"
                for n in failed
            )
        )
    complete = len(ran) == len(LESSONS)
    if not complete:
        why.append("full mode ran for lesson(s) " + ", ".join(map(str, ran)))
    return target_row(
        target,
        f"{len(ran) - len(failed)}/{len(ran)}",
        False if failed else (True if complete else None),
        why,
    )


def targets(results: dict) -> list[dict]:
    """Each target with what was measured and ``met``/``missed``/``not measured``;
    ``why`` explains a miss (or an unmeasured target) from the numbers. The
    arithmetic-floor target (``benchmarks/floor.py``) comes last when the run
    measured it."""
    rows = [
        rss_target(results),
        full_total_target(results),
        book_cpu_target(results),
        kfold_cpu_target(results),
        fast_target(results),
        claims_target(results),
    ]
    floor_row = floor.floor_target(results)
    if floor_row is not None:
        rows.append(floor_row)
    return rows


# ------------------------------------------------------------------ tables


def full_table(results: dict) -> str:
    rows = []
    totals = {"ours": 0.0, "book": 0.0, "ours_cpu": 0.0, "book_cpu": 0.0}
    complete = True
    for n in lesson_numbers(results):
        ours = first(results, kind="ours", mode="full", lesson=n)
        book = first(results, kind="book", mode="full", lesson=n)
        if ours is None and book is None:
            continue
        for key, run in (("ours", ours), ("book", book)):
            elapsed = wall(run)
            if elapsed is None:
                complete = False
            else:
                totals[key] += elapsed
                totals[f"{key}_cpu"] += cpu(run) or 0
        rows.append(
            [
                lesson_name(n),
                seconds(wall(ours), ours),
                seconds(wall(book), book),
                ratio(wall(ours), wall(book)),
                gigabytes(peak(ours)),
                gigabytes(peak(book)),
                ratio(peak(ours), peak(book)),
                f"{cpu(ours):.0f} / {cpu(book):.0f} s"
                if cpu(ours) and cpu(book)
                else "–",
                ", ".join(f"{r.get('other_load', 0):.0%}" for r in (ours, book) if r),
            ]
        )
    if rows and complete:
        rows.append(
            [
                "**all**",
                f"**{minutes(totals['ours'])}**",
                f"**{minutes(totals['book'])}**",
                f"**{ratio(totals['ours'], totals['book'])}**",
                "",
                "",
                "",
                f"{totals['ours_cpu']:.0f} / {totals['book_cpu']:.0f} s",
                "",
            ]
        )
    return table(
        [
            "lesson",
            "ours: wall",
            "book code: wall",
            "wall ours/book",
            "ours: peak RSS",
            "book code: peak RSS",
            "RSS ours/book",
            "CPU ours / book",
            "other load",
        ],
        rows,
    )


def fast_table(results: dict) -> str:
    rows = []
    for n in lesson_numbers(results):
        found = runs(results, kind="ours", mode="fast", lesson=n)
        if not found:
            continue
        times = [t for t in map(wall, found) if t is not None]
        starts = [r["kernel_start_s"] for r in found if r.get("kernel_start_s")]
        peaks = [p for p in map(peak, found) if p]
        cpus = [c for c in map(cpu, found) if c]
        rows.append(
            [
                lesson_name(n),
                str(len(found)),
                f"{statistics.median(times):.1f} s" if times else "–",
                f"{max(times):.1f} s" if times else "–",
                f"{statistics.median(starts):.1f} s" if starts else "–",
                gigabytes(max(peaks)) if peaks else "–",
                f"{statistics.median(cpus):.1f} s" if cpus else "–",
                ", ".join(f"{r.get('other_load', 0):.0%}" for r in found),
            ]
        )
    return table(
        [
            "lesson",
            "runs",
            "median wall",
            "worst wall",
            "kernel start",
            "peak RSS",
            "CPU (median)",
            "other load per run",
        ],
        rows,
    )


def claims_table(results: dict) -> str:
    rows = []
    for n in lesson_numbers(results):
        ours = first(results, kind="ours", mode="full", lesson=n)
        book = first(results, kind="book", mode="full", lesson=n)
        if ours is None and book is None:
            continue

        def judged(run):
            if run is None:
                return "did not run"
            claim = run.get("claim")
            if not claim:
                return "not evaluated"
            return judged_claim(claim)

        rows.append([lesson_name(n), CLAIMS[n], judged(ours), judged(book)])
        for further in (ours or {}).get("further_claims", []):
            rows.append([lesson_name(n), further["claim"], judged_claim(further), "–"])
    return table(["lesson", "claim", "our lesson", "book-style code"], rows)


def judged_claim(claim: dict) -> str:
    """A claim's verdict with one line per check."""
    verdict = {
        True: "**holds**",
        False: "**FAILS**",
        None: "**not evaluated**",
    }[claim["holds"]]
    if claim.get("missing"):
        return f"{verdict}: {claim['missing']}"
    lines = [
        f"{'✓' if c['holds'] else '✗'} {c['requirement']}: {c['found']}"
        for c in claim["checks"]
    ]
    return "\n".join([verdict, *lines])


def problems(results: dict) -> list[str]:
    found = []
    for run in results["runs"]:
        where = (
            f"{run['mode']} lesson {run['lesson']} "
            f"({run['kind']}, run {run['repeat'] + 1})"
        )
        if run.get("missing"):
            found.append(f"{where}: {run['missing']}")
        if run.get("aborted"):
            found.append(f"{where}: aborted: {run['aborted']}")
        for error in run.get("errors") or []:
            found.append(f"{where}: {error}")
    return found


# ------------------------------------------------------------------ render


def _checkout(results: dict) -> str:
    checkout = results.get("checkout")
    if not checkout or not checkout.get("commit"):
        return ""
    text = f", at commit {checkout['commit']}"
    if checkout.get("modified"):
        text += " with uncommitted changes to " + ", ".join(
            line[3:] for line in checkout["modified"]
        )
    return text


def _command(results: dict) -> str:
    if results.get("merged_from"):
        return f"merged from {results['merged_from']} runs ({results['command']})"
    return f"`{results['command']}`"


def grading_section(raw: Path = GRADING_RAW) -> str:
    """The targets of the last grading benchmark, from its raw figures."""
    from benchmarks import grading  # imports the grader; only needed here

    link = "[grading-benchmarks.md](grading-benchmarks.md)"
    if not raw.exists():
        return f"Not run yet: `benchmarks/grading.py` writes {link}."
    try:
        figures = grading.load(raw)
        table = grading.targets(figures)
    except (ValueError, KeyError, TypeError) as error:
        return f"{raw.name} is unreadable ({error}): rerun `benchmarks/grading.py`."
    return (
        "Autograding one batch of lesson-7 submissions with `--workers 1`, "
        "`--workers 2` and a two-worker Dask `LocalCluster` "
        f"(`benchmarks/grading.py`, a separate run; details in {link}). "
        f"Run {figures.started} on {figures.machine}.\n\n" + "\n".join(table)
    )


def render(results: dict) -> str:
    machine, data = results["machine"], results["data"]
    load = load_summary(results)
    numbers = lesson_numbers(results)
    partial = []
    if set(numbers) != {lesson.number for lesson in LESSONS}:
        partial.append("lessons " + ", ".join(map(str, numbers)) + " only")
    if set(results["modes"]) != {"full", "fast"}:
        partial.append("mode " + ", ".join(results["modes"]) + " only")
    lines = [
        "# Benchmarks",
        "",
        "Generated by `benchmarks/run.py`; do not edit by hand. To regenerate "
        "everything on this page (about an hour on a quiet 2-core machine):",
        "",
        "```bash",
        ".venv/bin/python benchmarks/run.py --data-dir ../shared/datasets/offline",
        "```",
        "",
        f"This run: {_command(results)}, {results['started']} to "
        f"{results.get('finished', '?')} (UTC)"
        + _checkout(results)
        + "."
        + (f" **Partial run: {'; '.join(partial)}.**" if partial else ""),
        "",
    ]
    if contention_note(results):
        lines += [
            f"**Not a clean measurement: {contention_note(results)}.** Memory and "
            "claims are unaffected, CPU seconds only a little; wall times are "
            "inflated.",
            "",
        ]
    lines += [
        "## Machine",
        "",
        table(
            ["", ""],
            [
                [
                    "CPU",
                    f"{machine.get('cpu')}, {machine.get('cores')} cores "
                    f"({machine.get('usable_cores')} usable)",
                ],
                [
                    "RAM",
                    f"{gigabytes(machine.get('ram_bytes', 0) / GB)} "
                    f"({machine.get('ram_bytes', 0) / 2**30:.1f} GiB)",
                ],
                ["OS", machine.get("platform")],
                ["Python", machine.get("python")],
                [
                    "TensorFlow / Keras",
                    f"{machine.get('tensorflow')} / {machine.get('keras')}",
                ],
                ["NumPy / SciPy", f"{machine.get('numpy')} / {machine.get('scipy')}"],
                [
                    "nbclient / ipykernel",
                    f"{machine.get('nbclient')} / {machine.get('ipykernel')}",
                ],
                [
                    "other load during runs",
                    "–"
                    if load is None
                    else f"median {load[0]:.0%}, max {load[1]:.0%} "
                    "of all CPU time ("
                    + (
                        "quiet"
                        if load[0] <= CONTENDED
                        else "**contended: timings inflated**"
                    )
                    + ")",
                ],
            ],
        ),
        "",
        "## Data",
        "",
        f"Source: `{data['source']}`.",
        "",
    ]
    if data["files"]:
        lines += [
            table(
                ["file", "bytes", "sha256"],
                [
                    [
                        f["name"],
                        f"{f['bytes']:,}" if f["bytes"] else "missing",
                        f"`{f['sha256'][:16]}…`" if f["sha256"] else "–",
                    ]
                    for f in data["files"]
                ],
            ),
            "",
        ]
    lines += [
        "## Targets",
        "",
        table(
            ["target", "measured", "verdict", "why"],
            [
                [t["target"], t["measured"], f"**{t['verdict']}**", t["why"]]
                for t in targets(results)
            ],
        ),
        "",
        "Why a missed target is missed, and each speed-up tried: "
        "[performance.md](performance.md).",
        "",
        "## Full mode: our lessons next to the book's code",
        "",
        "Each lesson's solution notebook (exercises and hidden tests included) ran "
        "right before a book-style listing of the same experiments "
        "(`benchmarks/book/`: dense float64 NumPy inputs, default `compile` and "
        "`fit`, `verbose=0`), on the same data.",
        "",
        full_table(results),
        "",
        "† other processes used more than "
        f"{CONTENDED:.0%} of the machine's CPU during that run: its wall time is "
        "inflated (CPU seconds are less affected).",
        "",
        "## Arithmetic floor (full mode)",
        "",
        "What each run's Keras calls need at this machine's best float32 "
        "matrix-product rate, "
        + gemm_summary(results)
        + " Counted by `benchmarks/flops.py` (Dense and convolution "
        "multiply-adds, 2 FLOP each; a training sample costs three forward "
        "passes; a first layer fed under 5 % non-zeros, IMDB's multi-hot "
        "reviews, is a sparse product; NumPy work outside Keras is not "
        "counted).",
        "",
        floor.floor_table(results),
        "",
        "## Where the time goes (full mode)",
        "",
        "Per cell of each of our lessons, measured from outside the kernel "
        "after every cell (`benchmarks/profile.py` prints one lesson's whole "
        "profile; `benchmarks/levers.py` measures the levers, "
        "`docs/performance.md` says what was kept).",
        "",
        profile.where_time_goes(runs(results, kind="ours", mode="full")),
        "",
        "## Fast mode (`COURSE_MODE=fast`)",
        "",
        fast_table(results),
        "",
        "## Grading a class",
        "",
        grading_section(),
        "",
        "## Claims (full mode)",
        "",
        "The curriculum's results table, checked on each run's own histories "
        '(`benchmarks/claims.py`; the thresholds that make "far above" and '
        '"well below" precise are constants there).',
        "",
        claims_table(results),
        "",
        "## How it is measured",
        "",
        "- Every run is a separate process (`benchmarks/execute.py`) that starts a "
        'fresh Jupyter kernel with nbclient and runs all cells, as "Restart and '
        'run all" does; plots render inline as in JupyterLab.',
        "- **Wall time**: from just before the kernel starts until the last cell "
        "has finished (kernel start included, shutdown excluded).",
        "- **Peak RSS**: the kernel process's high-water mark, `VmHWM` in "
        "`/proc/<pid>/status`, read inside the kernel by one cell appended after "
        "the lesson (`benchmarks/probe.py`) and cross-checked from outside before "
        "shutdown. The kernel is the only process that runs lesson code. "
        "GB = 10⁹ bytes.",
        "- **CPU**: user + system seconds of the kernel, all threads.",
        "- **Targets** (issue 14; constants at the top of `benchmarks/report.py`): "
        "the comparisons with the book code judge CPU seconds, ours and the "
        "book's from the same run, because the machine is shared and other "
        "processes inflate wall time; wall ratios are shown for information. "
        "Peak RSS and the fast-mode median (kernel start included) are judged "
        "per lesson.",
        "- **Other load**: CPU time the whole machine spent busy during a run "
        "(`/proc/stat`) minus the run's own, as a share of all cores: how much "
        "other processes competed. It counts CPU only: waiting for the disk "
        "(e.g. a slow first `import tensorflow`, the setup cell #2, which "
        "normally takes about 5 s) is not captured.",
        "- **Claims**: the same appended cell dumps the lesson's histories and "
        "numbers; `benchmarks/claims.py` judges them. Missing variables count as "
        "a failed claim. `tests/test_benchmarks.py` exercises that logic on "
        "synthetic histories (passing and failing cases).",
        "- Options: `--modes full fast`, `--lessons 4 5`, `--repeats N` (fast-mode "
        "runs per lesson, default 3), `--no-book`, `--data-dir DIR` (else "
        "`COURSE_DATA_DIR`, else Keras downloads), `--render-only [JSON ...]` "
        "(rewrite this page from saved results, merging several runs). Raw "
        "results: `benchmarks/results/last_run.json`. The run exits 1 if a "
        "full-mode claim fails or a notebook raises.",
        "",
    ]
    found = problems(results)
    if found:
        lines += ["## Problems", ""] + [f"- {cell(p)}" for p in found] + [""]
    return "\n".join(lines)


def gemm_summary(results: dict) -> str:
    """E.g. "measured in this run: 152 GFLOP/s (square 2048: 152, ...)."."""
    gemm = results.get("gemm") or {}
    if not gemm.get("gflops"):
        return "not measured in this run."
    shapes = ", ".join(f"{name}: {rate:.0f}" for name, rate in gemm["gflops"].items())
    return (
        f"measured in this run: {gemm['best_gflops']:.0f} GFLOP/s "
        f"(`benchmarks/gemm.py`; {shapes})."
    )


def summary_tables(results: dict) -> str:
    """The tables printed at the end of a run."""
    return "\n\n".join(
        [
            table(
                ["target", "measured", "verdict"],
                [[t["target"], t["measured"], t["verdict"]] for t in targets(results)],
            ),
            full_table(results),
            floor.floor_table(results),
            fast_table(results),
            claims_table(results),
        ]
    )
