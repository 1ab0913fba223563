"""Benchmark every lesson in full and fast mode, next to the book's code, and
check the curriculum's claims. Regenerates docs/benchmarks.md entirely.

    .venv/bin/python benchmarks/run.py --data-dir ../shared/datasets/offline
    .venv/bin/python benchmarks/run.py --modes fast --lessons 1 5 --repeats 3

Every run is its own process (``benchmarks/execute.py``) with a fresh Jupyter
kernel: wall time from kernel start to the last cell, the kernel's peak RSS
(VmHWM), its CPU seconds, and the lesson's variables for the claims check.
In full mode each lesson is followed by its book-style baseline
(``benchmarks/book/``, same data, same machine, minutes apart), so their
ratio is measured side by side. Fast mode runs each lesson ``--repeats``
times (median and worst). Data: ``--data-dir`` (Keras-format files), else
``COURSE_DATA_DIR``, else Keras downloads.

Exit status: 0 when every claim holds in full mode (or full mode was not
run) and no notebook raised; 1 otherwise. ``--render-only [JSON ...]``
rewrites the markdown from saved results (merging several runs, e.g. a full
and a fast one) without running anything.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import claims, report  # noqa: E402
from benchmarks.lessons import select  # noqa: E402

EXECUTE = ROOT / "benchmarks" / "execute.py"
DEFAULT_OUTPUT = ROOT / "docs" / "benchmarks.md"
DEFAULT_JSON = ROOT / "benchmarks" / "results" / "last_run.json"


# --------------------------------------------------------------- measuring


def busy_cpu_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_notebook(
    path: Path, mode: str, *, cwd: Path | None, data_dir: Path | None, timeout: int
) -> dict:
    """Execute one notebook in its own process; return execute.py's result plus
    the share of the machine that other processes used meanwhile."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "result.json"
        command = [
            sys.executable,
            str(EXECUTE),
            str(path),
            "--mode",
            mode,
            "--timeout",
            str(timeout),
            "--json",
            str(output),
        ]
        if cwd is not None:
            command += ["--cwd", str(cwd)]
        if data_dir is not None:
            command += ["--data-dir", str(data_dir)]
        busy_before, ours_before = busy_cpu_seconds(), children_cpu_seconds()
        start = time.perf_counter()
        completed = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, check=False
        )
        elapsed = time.perf_counter() - start
        busy_after, ours_after = busy_cpu_seconds(), children_cpu_seconds()
        if completed.returncode == 0 and output.is_file():
            result = json.loads(output.read_text(encoding="utf-8"))
        else:
            tail = completed.stderr.strip().splitlines()[-5:]
            result = {
                "notebook": str(path),
                "aborted": f"driver exited {completed.returncode}: " + " | ".join(tail),
                "errors": [],
                "variables": None,
                "resources": {},
            }
    result["outer_wall_s"] = elapsed
    if busy_before is not None and busy_after is not None:
        others = (busy_after - busy_before) - (ours_after - ours_before)
        result["other_load"] = max(0.0, others) / (elapsed * (os.cpu_count() or 1))
    return result


# ------------------------------------------------------------ the whole run


def describe_machine() -> dict:
    import platform
    from importlib import metadata

    info: dict = {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": platform.processor() or platform.machine(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.partition(":")[2].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["ram_bytes"] = int(line.split()[1]) * 1024
    except OSError:
        pass
    for package in ("tensorflow", "keras", "numpy", "scipy", "nbclient", "ipykernel"):
        try:
            info[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            info[package] = None
    return info


def describe_checkout() -> dict:
    """The commit measured, and whether lesson notebooks differ from it."""

    def git(*arguments: str) -> str:
        completed = subprocess.run(
            ["git", *arguments], capture_output=True, text=True, cwd=ROOT, check=False
        )
        return completed.stdout.strip() if completed.returncode == 0 else ""

    return {
        "commit": git("rev-parse", "--short", "HEAD") or None,
        "modified": git(
            "status", "--porcelain", "solutions", "benchmarks/book"
        ).splitlines(),
    }


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def describe_data(data_dir: Path | None) -> dict:
    import hashlib

    if data_dir is None:
        return {"source": "Keras downloads (~/.keras/datasets)", "files": []}
    files: list[dict[str, str | int | None]] = []
    for name in ("mnist.npz", "imdb.npz", "boston_housing.npz"):
        path = data_dir / name
        if path.is_file():
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            files.append({"name": name, "bytes": path.stat().st_size, "sha256": digest})
        else:
            files.append({"name": name, "bytes": None, "sha256": None})
    return {"source": str(data_dir), "files": files}


def measure_gemm() -> dict:
    """The machine's float32 matrix-product rate (``benchmarks/gemm.py``), in
    its own process; ``{"error": ...}`` if that fails."""
    _progress("measuring the float32 matrix-product rate ...")
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "gemm.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    try:
        found = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (done.stderr or done.stdout).strip()[-300:]}
    _progress(f"best float32 matrix product: {found['best_gflops']:.0f} GFLOP/s")
    return found


def _progress(message: str) -> None:
    print(message, flush=True)


def _summary(result: dict) -> str:
    peak = result.get("peak_rss_bytes")
    parts = [
        f"{result.get('wall_s', float('nan')):.1f} s",
        f"{peak / 1e9:.2f} GB" if peak else "RSS ?",
        f"other load {result.get('other_load', 0):.0%}",
    ]
    if result.get("aborted"):
        parts.append(f"ABORTED: {result['aborted']}")
    if result.get("errors"):
        parts.append(f"{len(result['errors'])} cell error(s): {result['errors'][0]}")
    return ", ".join(parts)


def _finish(result: dict, lesson: int, kind: str) -> dict:
    """Judge the claim and drop the bulky variables. Fast-mode verdicts are
    kept only to show that the claim's variables are found; fast numbers are
    not the lesson's claims, and the report ignores them."""
    variables = result.pop("variables", None)
    result["claim"] = claims.evaluate(lesson, variables).to_json()
    if kind == "ours":
        further = claims.evaluate_further(lesson, variables)
        result["further_claims"] = [claim.to_json() for claim in further]
    return result


def benchmark(arguments: argparse.Namespace) -> dict:
    lessons = select(arguments.lessons)
    data_dir = arguments.data_dir
    if data_dir is None and os.environ.get("COURSE_DATA_DIR", "").strip():
        data_dir = Path(os.environ["COURSE_DATA_DIR"])
    data_dir = data_dir.resolve() if data_dir is not None else None
    started = datetime.datetime.now(datetime.timezone.utc)
    results: dict = {
        "command": " ".join(["benchmarks/run.py", *arguments.argv]),
        "started": started.isoformat(timespec="seconds"),
        "machine": describe_machine(),
        "data": describe_data(data_dir),
        "checkout": describe_checkout(),
        "lessons": [lesson.number for lesson in lessons],
        "modes": list(arguments.modes),
        "repeats": arguments.repeats,
        "runs": [],
        "gemm": measure_gemm(),
    }

    def record(lesson, kind, mode, repeat, path, cwd):
        if not path.is_file():
            entry = {"missing": f"{path.relative_to(ROOT)} does not exist"}
            _progress(f"[{mode}] lesson {lesson.number} {kind}: missing ({path})")
        else:
            digest = _sha256(path)[:12]  # which version of the notebook ran
            entry = run_notebook(
                path, mode, cwd=cwd, data_dir=data_dir, timeout=arguments.timeout
            )
            entry["sha256"] = digest
            entry = _finish(entry, lesson.number, kind)
            claim = entry["claim"]
            if claim["missing"]:
                claim = f", claim variables MISSING: {claim['missing']}"
            elif mode == "fast":
                claim = ", claim variables found"
            else:
                claim = f", claim {'holds' if claim['holds'] else 'FAILS'}"
                further = entry.get("further_claims", [])
                if further:
                    held = sum(c["holds"] is True for c in further)
                    claim += f", further claims {held}/{len(further)} hold"
            _progress(
                f"[{mode}] lesson {lesson.number} {kind} #{repeat + 1}: "
                f"{_summary(entry)}{claim}"
            )
        entry.update(lesson=lesson.number, kind=kind, mode=mode, repeat=repeat)
        results["runs"].append(entry)

    for mode in arguments.modes:
        repeats = arguments.repeats if mode == "fast" else arguments.full_repeats
        for repeat in range(repeats):
            for lesson in lessons:
                record(lesson, "ours", mode, repeat, lesson.notebook, None)
                if mode == "full" and not arguments.no_book:
                    record(lesson, "book", mode, repeat, lesson.book, ROOT)
    results["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(
        timespec="seconds"
    )
    return results


def merge(parts: list[dict]) -> dict:
    """One results dict from several runs (e.g. full mode and fast mode run
    separately): lessons and modes united; runs of a lesson in a later file
    replace that lesson's runs of the same kind and mode in earlier ones."""
    if len(parts) == 1:
        return parts[0]
    merged = dict(parts[0])
    merged["command"] = " + ".join(f"`{part['command']}`" for part in parts)
    merged["started"] = min(part["started"] for part in parts)
    merged["finished"] = max(part.get("finished", "") for part in parts)
    merged["lessons"] = sorted({n for part in parts for n in part["lessons"]})
    merged["modes"] = [
        mode for mode in ("full", "fast") if any(mode in p["modes"] for p in parts)
    ]
    runs: list[dict] = []
    for part in parts:  # a later run replaces earlier ones of the same kind
        fresh = {(r["lesson"], r["kind"], r["mode"]) for r in part["runs"]}
        runs = [r for r in runs if (r["lesson"], r["kind"], r["mode"]) not in fresh]
        runs += part["runs"]
    merged["runs"] = runs
    merged["gemm"] = next((p["gemm"] for p in reversed(parts) if p.get("gemm")), None)
    merged["merged_from"] = len(parts)
    return merged


def exit_status(results: dict) -> int:
    """1 if a full-mode claim of ours fails or cannot be judged, or any of our
    notebooks raised or aborted; else 0."""
    for run in results["runs"]:
        if run["kind"] != "ours":
            continue
        if run.get("missing") or run.get("errors") or run.get("aborted"):
            return 1
        if run["mode"] == "full" and run.get("claim", {}).get("holds") is not True:
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--modes", nargs="+", choices=("full", "fast"), default=["full", "fast"]
    )
    parser.add_argument(
        "--lessons",
        nargs="+",
        metavar="N",
        help="lesson numbers or folder names (default: all seven)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="directory with mnist.npz, imdb.npz, boston_housing.npz",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs per lesson in fast mode (default 3)",
    )
    parser.add_argument(
        "--full-repeats",
        type=int,
        default=1,
        help="runs per lesson in full mode (default 1)",
    )
    parser.add_argument(
        "--no-book", action="store_true", help="skip the book-style baselines"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=3600,
        help="seconds allowed per cell (default 3600)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="markdown report (default docs/benchmarks.md)",
    )
    parser.add_argument(
        "--json",
        type=Path,
        default=DEFAULT_JSON,
        help="raw results (default benchmarks/results/last_run.json)",
    )
    parser.add_argument(
        "--render-only",
        nargs="*",
        type=Path,
        metavar="JSON",
        help="run nothing: rewrite the markdown from these results files "
        "(default: --json), merging their runs",
    )
    arguments = parser.parse_args(argv)
    arguments.argv = argv
    if arguments.render_only is not None:
        results = merge(
            [
                json.loads(path.read_text(encoding="utf-8"))
                for path in arguments.render_only or [arguments.json]
            ]
        )
        if results.get("merged_from"):  # keep the merged results next to the report
            arguments.json.parent.mkdir(parents=True, exist_ok=True)
            arguments.json.write_text(
                json.dumps(results, indent=1) + "\n", encoding="utf-8"
            )
    else:
        results = benchmark(arguments)
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        arguments.json.write_text(
            json.dumps(results, indent=1) + "\n", encoding="utf-8"
        )
    text = report.render(results)
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_text(text, encoding="utf-8")
    print()
    print(report.summary_tables(results))
    status = exit_status(results)
    print(f"\nwrote {arguments.output}; exit status {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())
