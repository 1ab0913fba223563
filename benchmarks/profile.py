"""Where a lesson's time and memory go: run it once in a fresh kernel and
print every code cell's wall time, kernel CPU seconds, resident memory after
it and the peak so far (``benchmarks/execute.py`` measures them).

    python benchmarks/profile.py 7 --mode full --data-dir ../shared/datasets/offline
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.lessons import LESSONS  # noqa: E402

GB = 1e9


def format_profile(profile: list[dict], *, top: int | None = None) -> str:
    """A table of the cells, with each cell's share of the lesson's CPU time;
    ``top`` keeps only that many cells, the most expensive first."""
    total_cpu = sum(row["cpu_s"] or 0 for row in profile) or 1.0
    rows = sorted(profile, key=lambda r: -(r["cpu_s"] or 0)) if top else profile
    lines = [
        f"{'cell':>4} {'wall s':>7} {'CPU s':>7} {'CPU %':>6} "
        f"{'RSS GB':>7} {'peak GB':>7}  first line"
    ]
    for row in rows[:top] if top else rows:
        cpu = row["cpu_s"] or 0
        lines.append(
            f"{row['cell']:>4} {row['seconds']:>7.2f} {cpu:>7.2f} "
            f"{100 * cpu / total_cpu:>5.1f}% "
            f"{(row['rss_after_bytes'] or 0) / GB:>7.2f} "
            f"{(row['peak_rss_bytes'] or 0) / GB:>7.2f}  {row['first_line']}"
        )
    return "\n".join(lines)


def _label(row: dict) -> str:
    if row["cell"] < 0:
        return "importing Keras (the counter's cell, run first)"
    text = row["first_line"].replace("|", "/").replace("`", "'")
    return f"#{row['cell']} `{text[:48]}`"


def where_time_goes(runs: list[dict]) -> str:
    """Markdown: for each full-mode run with a cell profile, its CPU seconds
    in cells, the three costliest cells with their share, and the cell during
    which the kernel's memory peaked."""
    rows = []
    for run in runs:
        profile = run.get("cell_profile") or []
        if not profile:
            continue
        total = sum(row["cpu_s"] or 0 for row in profile) or 1.0
        costly = sorted(profile, key=lambda row: -(row["cpu_s"] or 0))[:3]
        top = "; ".join(
            f"{_label(row)} {row['cpu_s']:.0f} s ({100 * row['cpu_s'] / total:.0f} %)"
            for row in costly
        )
        highest = max(row["peak_rss_bytes"] or 0 for row in profile)
        peak_row = next(r for r in profile if (r["peak_rss_bytes"] or 0) == highest)
        rows.append(
            f"| {run['lesson']} | {total:.0f} s | {top} | "
            f"{highest / GB:.2f} GB in {_label(peak_row)} |"
        )
    if not rows:
        return "No run in these results kept a cell profile."
    header = (
        "| lesson | CPU in cells | costliest cells (CPU, share) | memory peak |\n"
        "|---|---|---|---|"
    )
    return "\n".join([header, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lesson", type=int, choices=range(1, 8))
    parser.add_argument("--mode", choices=("full", "fast"), default="full")
    parser.add_argument("--data-dir", type=Path, help="sets COURSE_DATA_DIR")
    parser.add_argument("--top", type=int, help="only the N most expensive cells")
    parser.add_argument("--json", type=Path, help="also keep the raw result here")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(arguments.json or Path(scratch) / "profile.json")
        command = [
            sys.executable,
            str(ROOT / "benchmarks" / "execute.py"),
            str(LESSONS[arguments.lesson - 1].notebook),
            "--mode",
            arguments.mode,
            "--json",
            str(output),
        ]
        if arguments.data_dir:
            command += ["--data-dir", str(arguments.data_dir)]
        subprocess.run(command, check=True)
        result = json.loads(output.read_text(encoding="utf-8"))
    print(format_profile(result["cell_profile"], top=arguments.top))
    cpu = sum(row["cpu_s"] or 0 for row in result["cell_profile"])
    print(
        f"lesson {arguments.lesson} ({arguments.mode}): wall {result['wall_s']:.1f} s, "
        f"kernel start {result['kernel_start_s']:.1f} s, CPU in cells {cpu:.1f} s, "
        f"peak RSS {(result['peak_rss_bytes'] or 0) / GB:.2f} GB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
