"""Turn a benchmark run's results (``benchmarks/run.py``) into markdown:
machine and data, targets met or missed (and why), per-lesson tables for both
modes, our lessons next to the book's code, and the claims."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from benchmarks import floor
from benchmarks.claims import CLAIMS
from benchmarks.lessons import LESSONS

IMDB_RSS_TARGET_GB = 1.5
FULL_TOTAL_TARGET_MIN = 15.0
BOOK_RATIO_TARGET = 0.6
BOOK_NOMINAL_MIN = 9.0  # the book code's full run as first measured for the issue
FAST_MEDIAN_TARGET_S = 20.0
FAST_WORST_TARGET_S = 40.0
CONTENDED = 0.10
"""A run is flagged when other processes used more than this share of the
machine's CPU while it ran: its wall time is then inflated."""

GB = 1e9


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


def targets(results: dict) -> list[dict]:
    """Each target with what was measured and ``met``/``missed``/``not measured``.

    ``why`` explains a miss (or an unmeasured target) from the numbers."""
    numbers = lesson_numbers(results)
    everything = set(numbers) == {lesson.number for lesson in LESSONS}
    noisy = contention_note(results)
    rows = []

    def add(target, measured, met, why=""):
        verdict = "not measured" if met is None else ("met" if met else "missed")
        rows.append(
            {"target": target, "measured": measured, "verdict": verdict, "why": why}
        )

    # Peak RSS of the IMDB lessons, full mode (the largest data).
    imdb = [lesson.number for lesson in LESSONS if lesson.uses_imdb]
    peaks = {n: peak(first(results, kind="ours", mode="full", lesson=n)) for n in imdb}
    measured = {n: v for n, v in peaks.items() if v is not None}
    if measured:
        worst = max(measured.values())
        over = [n for n, v in measured.items() if v > IMDB_RSS_TARGET_GB]
        book_peaks = {
            n: peak(first(results, kind="book", mode="full", lesson=n))
            for n in measured
        }
        unmeasured = [n for n in imdb if n not in measured]
        why = []
        if over:
            why.append(
                "over in lesson(s) "
                + ", ".join(
                    f"{n} ({gigabytes(measured[n])}; "
                    f"book code {gigabytes(book_peaks[n])})"
                    for n in over
                )
            )
        if unmeasured:
            why.append(
                "not run in full mode: lesson(s) " + ", ".join(map(str, unmeasured))
            )
        add(
            f"IMDB lessons: kernel peak RSS ≤ {IMDB_RSS_TARGET_GB} GB (full mode)",
            ", ".join(f"lesson {n}: {gigabytes(v)}" for n, v in measured.items()),
            False if worst > IMDB_RSS_TARGET_GB else (None if unmeasured else True),
            "; ".join(why),
        )
    else:
        add(
            f"IMDB lessons: kernel peak RSS ≤ {IMDB_RSS_TARGET_GB} GB",
            "–",
            None,
            "no IMDB lesson ran in full mode",
        )

    # Total full-mode time, and its ratio to the book's code.
    full = {n: first(results, kind="ours", mode="full", lesson=n) for n in numbers}
    book = {n: first(results, kind="book", mode="full", lesson=n) for n in numbers}
    ours_walls = {n: wall(r) for n, r in full.items()}
    book_walls = {n: wall(r) for n, r in book.items()}
    ours_times = {n: t for n, t in ours_walls.items() if t is not None}
    book_times = {n: t for n, t in book_walls.items() if t is not None}
    if full and len(ours_times) == len(ours_walls):
        total = sum(ours_times.values())
        slowest = sorted(ours_times.items(), key=lambda item: -item[1])[:2]
        why = []
        if total > FULL_TOTAL_TARGET_MIN * 60:
            why.append(
                "slowest: " + ", ".join(f"lesson {n} {minutes(t)}" for n, t in slowest)
            )
            why.append(slowest_cells(full[slowest[0][0]], slowest[0][0]))
            if noisy:
                why.append(noisy)
        if not everything:
            why.append("only lessons " + ", ".join(map(str, numbers)) + " ran")
        add(
            f"all seven lessons, full mode: ≤ {FULL_TOTAL_TARGET_MIN:.0f} min in total",
            minutes(total),
            total <= FULL_TOTAL_TARGET_MIN * 60 if everything else None,
            "; ".join(why),
        )
        if len(book_times) == len(book_walls) and book_times:
            book_total = sum(book_times.values())
            share = total / book_total
            why = []
            if share > BOOK_RATIO_TARGET:
                per_lesson = sorted(
                    ((ours_times[n] / book_times[n], n) for n in numbers), reverse=True
                )
                why.append(
                    "largest ratios: "
                    + ", ".join(f"lesson {n} {r:.2f}×" for r, n in per_lesson[:3])
                )
                ours_cpu = sum(cpu(full[n]) or 0 for n in numbers)
                book_cpu = sum(cpu(book[n]) or 0 for n in numbers)
                if ours_cpu and book_cpu:
                    why.append(f"CPU-time ratio {ours_cpu / book_cpu:.2f}×")
                if noisy:
                    why.append("both sides ran under the same contention")
            add(
                f"full mode total ≤ {BOOK_RATIO_TARGET}× the book code's, measured "
                f"in the same run (nominally ~{BOOK_NOMINAL_MIN:.0f} min)",
                f"{minutes(total)} / {minutes(book_total)} = {share:.2f}× "
                f"({total / 60 / BOOK_NOMINAL_MIN:.2f}× of {BOOK_NOMINAL_MIN:.0f} min)",
                share <= BOOK_RATIO_TARGET if everything else None,
                "; ".join(why),
            )
        else:
            add(
                f"full mode total ≤ {BOOK_RATIO_TARGET}× the book code's",
                "–",
                None,
                "the book-style baselines did not run (or failed)",
            )
    else:
        add(
            f"all seven lessons, full mode: ≤ {FULL_TOTAL_TARGET_MIN:.0f} min",
            "–",
            None,
            "full mode did not run for every selected lesson",
        )

    # Fast mode, per lesson: median and worst.
    fast_walls = {
        n: [wall(r) for r in runs(results, kind="ours", mode="fast", lesson=n)]
        for n in numbers
    }
    fast = {n: [t for t in times if t is not None] for n, times in fast_walls.items()}
    if any(fast.values()):
        medians = {n: statistics.median(t) for n, t in fast.items() if t}
        worsts = {n: max(t) for n, t in fast.items() if t}
        for label, values, limit in (
            ("median", medians, FAST_MEDIAN_TARGET_S),
            ("worst", worsts, FAST_WORST_TARGET_S),
        ):
            over_limit = {n: v for n, v in values.items() if v > limit}
            top = max(values.items(), key=lambda item: item[1])
            why = []
            if over_limit:
                why.append(
                    "over in lesson(s) "
                    + ", ".join(f"{n} ({v:.1f} s)" for n, v in over_limit.items())
                )
                starts = [
                    r.get("kernel_start_s")
                    for r in runs(results, kind="ours", mode="fast")
                    if r.get("kernel_start_s")
                ]
                if starts:
                    why.append(f"kernel start alone {statistics.median(starts):.1f} s")
                worst_run = max(
                    runs(results, kind="ours", mode="fast", lesson=top[0]),
                    key=lambda r: wall(r) or 0,
                )
                why.append(slowest_cells(worst_run, top[0]))
                if noisy:
                    why.append(noisy)
            add(
                f"fast mode: every lesson ≤ {limit:.0f} s {label} "
                "(kernel start included)",
                f"highest {label}: lesson {top[0]}, {top[1]:.1f} s",
                not over_limit,
                "; ".join(why),
            )
    else:
        add(
            "fast mode: ≤ 20 s median, ≤ 40 s worst", "–", None, "fast mode did not run"
        )

    # Claims, full mode.
    verdicts: dict[int, bool | None] = {}
    for n in numbers:
        run = first(results, kind="ours", mode="full", lesson=n)
        if run is None:
            verdicts[n] = None
            continue
        every = [run.get("claim", {}), *run.get("further_claims", [])]
        holds = [claim.get("holds") for claim in every]
        verdicts[n] = False if False in holds else None if None in holds else True
    ran = [n for n in numbers if first(results, kind="ours", mode="full", lesson=n)]
    if ran:
        held = [n for n in ran if verdicts[n] is True]
        failed = [n for n in ran if verdicts[n] is not True]
        why = []
        if failed:
            why.append(
                "not holding: "
                + ", ".join(
                    f"lesson {n} "
                    f"({'not evaluated' if verdicts[n] is None else 'fails'})"
                    for n in failed
                )
            )
        complete = len(ran) == len(LESSONS)
        if not complete:
            why.append("full mode ran for lesson(s) " + ", ".join(map(str, ran)))
        add(
            "every claim of 7/7 lessons holds in full mode",
            f"{len(held)}/{len(ran)}",
            False if failed else (True if complete else None),
            "; ".join(why),
        )
    else:
        add(
            "every claim of 7/7 lessons holds in full mode",
            "–",
            None,
            "full mode did not run",
        )
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
        "everything on this page (roughly 30-40 minutes on a quiet 2-core machine):",
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
        "## Fast mode (`COURSE_MODE=fast`)",
        "",
        fast_table(results),
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
