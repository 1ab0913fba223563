"""The benchmark's claims check, on synthetic histories (no training, no timing).

Each claim of the curriculum's results table gets a history that satisfies
it and one that breaks exactly one part of it; the variable lookup is checked
against the names the lesson notebooks and the book-style listings really use.
"""

from __future__ import annotations

import math
import re

import pytest

from benchmarks import claims, probe, report, run
from benchmarks.execute import listing_notebook
from benchmarks.lessons import LESSONS, select


def curve(start: float, step: float, epochs: int = 20) -> list[float]:
    return [start + step * epoch for epoch in range(epochs)]


def valley(minimum: float, at: int, slope: float, epochs: int = 20) -> list[float]:
    """A val-loss curve falling to ``minimum`` at 1-based epoch ``at``, then
    rising by ``slope`` per epoch."""
    return [minimum + slope * abs(epoch + 1 - at) for epoch in range(epochs)]


def jagged(values: list[float], amplitude: float) -> list[float]:
    return [v + (amplitude if i % 2 else -amplitude) for i, v in enumerate(values)]


# ------------------------------------------------------------------ lesson 1


def test_noise_channels_holds_when_zeros_end_higher():
    result = claims.noise_channels(
        {"val_accuracy": [0.95, 0.981]}, {"val_accuracy": [0.96, 0.972]}
    )
    assert result.holds is True
    assert result.numbers["gap"] == pytest.approx(0.009)


def test_noise_channels_uses_the_last_epoch_not_the_best():
    # The zeros run was better at epoch 1 but ends lower: the claim fails.
    result = claims.noise_channels(
        {"val_accuracy": [0.99, 0.970]}, {"val_accuracy": [0.90, 0.975]}
    )
    assert result.holds is False
    assert "zeros" in result.describe() and "✗" in result.describe()


# ------------------------------------------------------------------ lesson 2


def test_shuffled_labels_memorization_holds():
    history = {
        "accuracy": curve(0.10, 0.008, 100),  # 0.10 -> 0.89
        "val_accuracy": jagged([0.10] * 100, 0.01),
    }
    assert claims.shuffled_labels(history).holds is True


@pytest.mark.parametrize(
    ("train_end", "val_spike", "broken"),
    [(0.25, 0.10, "best train acc"), (0.9, 0.14, "val acc within")],
)
def test_shuffled_labels_fails_on_weak_fit_or_one_val_epoch_off(
    train_end, val_spike, broken
):
    val = [0.10] * 100
    val[57] = val_spike
    history = {"accuracy": [0.10] * 99 + [train_end], "val_accuracy": val}
    result = claims.shuffled_labels(history)
    assert result.holds is False
    assert [c.requirement for c in result.failures()][0].startswith(broken)


# ------------------------------------------------------------------ lesson 3


def test_learning_rate_holds_and_tolerates_nan_in_the_failed_run():
    high = {"val_accuracy": [0.11, math.nan, 0.21, 0.19], "loss": [1e9] * 4}
    good = {"val_accuracy": [0.93, 0.96, 0.97, 0.975]}
    result = claims.learning_rate(high, good)
    assert result.holds is True
    assert result.numbers["best_val_acc_lr1"] == pytest.approx(0.21)


@pytest.mark.parametrize(
    ("high_best", "good_best"),
    [(0.65, 0.97), (0.55, 0.80)],
    ids=["high-too-good", "good-run-below-0.9"],
)
def test_learning_rate_fails(high_best, good_best):
    result = claims.learning_rate(
        {"val_accuracy": [0.1, high_best]}, {"val_accuracy": [0.5, good_best]}
    )
    assert result.holds is False


def test_learning_rate_all_nan_high_run_is_not_a_pass():
    result = claims.learning_rate(
        {"val_accuracy": [math.nan, math.nan]}, {"val_accuracy": [0.98]}
    )
    assert result.holds is False


# ------------------------------------------------------------------ lesson 4


def capacity_runs(**changes):
    runs = {
        "history_logistic": {"val_loss": curve(0.40, -0.005)},  # min at epoch 20
        "history_96": {"val_loss": valley(0.09, 7, 0.004)},  # +0.052 by the end
        "history_small": {
            "loss": curve(0.6, -0.02),
            "val_loss": valley(0.28, 18, 0.01),
        },
        "history_reference": {
            "loss": curve(0.5, -0.024),
            "val_loss": valley(0.28, 4, 0.018),
        },
        "history_large": {
            "loss": curve(0.4, -0.0199),
            "val_loss": jagged(valley(0.30, 2, 0.02), 0.06),
        },
    }
    runs.update(changes)
    return runs


def test_capacity_holds_on_book_like_curves():
    result = claims.capacity(**capacity_runs())
    assert result.holds is True, result.describe()
    assert result.numbers["imdb4x4_min_epoch"] == 18


@pytest.mark.parametrize(
    ("changes", "broken"),
    [
        ({"history_logistic": {"val_loss": valley(0.26, 12, 0.0005)}}, "logistic"),
        ({"history_logistic": {"val_loss": valley(0.26, 17, 0.02)}}, "final - lowest"),
        ({"history_96": {"val_loss": curve(0.2, -0.005)}}, "96-96"),
        (
            {
                "history_small": {
                    "loss": curve(0.6, -0.04),
                    "val_loss": valley(0.3, 4, 0.01),
                }
            },
            "lowest final training loss",
        ),
        (
            {
                "history_small": {
                    "loss": curve(0.6, -0.02),
                    "val_loss": valley(0.28, 3, 0.01),
                }
            },
            "4-4 reaches",
        ),
        (
            {
                "history_large": {
                    "loss": curve(0.4, -0.0199),
                    "val_loss": valley(0.3, 2, 0.017),
                }
            },
            "noisiest",
        ),
    ],
    ids=[
        "logistic-min-early",
        "logistic-upturn",
        "96-no-overfit",
        "512-not-lowest",
        "4-4-early",
        "512-smooth",
    ],
)
def test_capacity_fails_when_one_part_breaks(changes, broken):
    result = claims.capacity(**capacity_runs(**changes))
    assert result.holds is False
    assert any(broken in check.requirement for check in result.failures())


# ------------------------------------------------------------------ lesson 5


def test_l2_holds_on_penalty_free_metric_even_if_val_loss_is_higher():
    reference = {"val_cross_entropy": valley(0.28, 4, 0.015), "val_loss": [0.3] * 20}
    l2 = {"val_cross_entropy": valley(0.29, 6, 0.004), "val_loss": [5.0] * 20}
    result = claims.l2_regularization(reference, l2)
    assert result.holds is True
    assert "epochs 11-20" in result.checks[0].requirement


def test_l2_fails_when_the_margin_is_small():
    reference = {"val_cross_entropy": [0.40] * 20}
    l2 = {"val_cross_entropy": [0.36] * 20}  # 0.04 < 0.05
    assert claims.l2_regularization(reference, l2).holds is False


def test_l2_without_the_plain_metric_is_missing_data():
    with pytest.raises(claims.MissingData):
        claims.l2_regularization({"val_loss": [0.3]}, {"val_loss": [0.4]})


# ------------------------------------------------------------------ lesson 6


def test_dropout_holds_with_equal_minimum():
    reference = {"val_loss": valley(0.278, 4, 0.012)}
    dropped = {"val_loss": valley(0.278, 7, 0.008)}
    assert claims.dropout(reference, dropped).holds is True


def test_dropout_fails_when_its_minimum_is_higher():
    reference = {"val_loss": valley(0.274, 4, 0.012)}
    dropped = {"val_loss": valley(0.280, 7, 0.005)}
    result = claims.dropout(reference, dropped)
    assert result.holds is False
    assert result.failures()[0].requirement.startswith("min val loss")


def test_second_half_is_epochs_11_to_20():
    values = list(range(1, 21))
    assert claims.second_half_mean(values) == pytest.approx(15.5)
    assert claims.second_half_label(values) == "epochs 11-20"


# ------------------------------------------------------------------ lesson 7


def test_kfold_holds_on_book_numbers():
    result = claims.kfold([1.84, 2.49, 2.31, 2.44], 6.65)
    assert result.holds is True


@pytest.mark.parametrize(
    ("scores", "baseline"),
    [([2.30, 2.35, 2.40, 2.32], 6.65), ([2.0, 2.9, 2.5, 2.4], 4.0)],
    ids=["folds-agree", "small-margin"],
)
def test_kfold_fails(scores, baseline):
    assert claims.kfold(scores, baseline).holds is False


# ----------------------------------------------------------- finding inputs


def test_evaluate_finds_the_lessons_variables():
    by_rate = {
        "1.0": {"val_accuracy": [0.1, 0.2]},
        "0.01": {"val_accuracy": [0.9, 0.97]},
        "1e-05": {"val_accuracy": [0.2, 0.3]},
    }
    assert claims.evaluate(3, {"histories_by_rate": by_rate}).holds is True
    folds = {"fold 1": 1.9, "fold 2": 2.5, "fold 3": 2.3, "fold 4": 2.4}
    result = claims.evaluate(7, {"fold_scores": folds, "fold_baseline": 6.6})
    assert result.holds is True and result.numbers["fold_mae_max"] == 2.5
    runs = capacity_runs()
    variables = {
        "history_logistic": runs["history_logistic"],
        "history_dense": runs["history_96"],
        "imdb_histories": {
            "4-4": runs["history_small"],
            "16-16": runs["history_reference"],
            "512-512": runs["history_large"],
        },
    }
    assert claims.evaluate(4, variables).holds is True


def test_evaluate_reports_missing_variables_instead_of_passing():
    result = claims.evaluate(1, {"history_zeros": {"val_accuracy": [0.98]}})
    assert result.holds is None and "history_noise" in result.missing
    assert claims.evaluate(2, None).holds is None
    assert claims.evaluate(5, {"history_reference": {}, "history_l2": {}}).holds is None


def test_numeric_dict_keys_match_by_value():
    assert claims.lookup({"h": {1e-2: "good"}}, "h[0.01]") == "good"
    with pytest.raises(KeyError):
        claims.lookup({"h": {"1.0": 1}}, "h[2.0]")


def _assigned_names(text: str) -> set[str]:
    return set(re.findall(r"\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*=[^=]", text))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.folder)
def test_claim_variables_exist_in_lesson_and_book_listing(lesson):
    """A renamed variable in a notebook would make the claim unverifiable."""
    _, arguments = claims.SOURCES[lesson.number]
    sources = [lesson.book]
    if lesson.notebook.exists():
        sources.append(lesson.notebook)
    for path in sources:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            import nbformat

            text = "\n".join(c.source for c in nbformat.reads(text, as_version=4).cells)
        names = _assigned_names(text)
        for paths in arguments.values():
            bases = {p.partition("[")[0] for p in paths}
            assert bases & names, f"{path.name}: none of {sorted(bases)} assigned"


# -------------------------------------------------------- probe and report


def test_probe_keeps_histories_and_numbers_only():
    import numpy as np

    class History:  # stands in for keras.callbacks.History
        history = {"loss": [np.float32(0.5), float("nan")]}

    namespace = {
        "history_a": History(),
        "scores": np.array([1.5, 2.5]),
        "images": np.zeros((100, 100)),  # too large: data, not a claim number
        "label": "text",
        "flag": True,
        "_hidden": 1.0,
        "by_rate": {1.0: {"val_accuracy": [0.1]}},
    }
    found = probe.variables(namespace)
    assert found == {
        "history_a": {"loss": [0.5, "nan"]},
        "scores": [1.5, 2.5],
        "flag": True,  # a claim may need a yes/no found by the lesson
        "by_rate": {"1.0": {"val_accuracy": [0.1]}},
    }
    assert probe.kernel_resources()["peak_rss_bytes"] > 0


def test_book_listings_become_notebooks():
    notebook = listing_notebook(LESSONS[0].book)
    assert notebook.cells[0].cell_type == "markdown"
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert len(code) >= 4 and not any(s.startswith("# %%") for s in code)


def _run(lesson, kind, mode, *, holds=True, wall=10.0, rss=1e9, **extra):
    entry = {
        "lesson": lesson,
        "kind": kind,
        "mode": mode,
        "repeat": 0,
        "wall_s": wall,
        "peak_rss_bytes": rss,
        "errors": [],
        "aborted": None,
        "other_load": 0.0,
        "resources": {"cpu_user_s": wall, "cpu_system_s": 0.0},
    }
    if mode == "full":
        entry["claim"] = {"holds": holds, "checks": [], "missing": None}
    entry.update(extra)
    return entry


def test_exit_status_and_targets_follow_the_claims():
    results = {
        "lessons": [1, 2, 3, 4, 5, 6, 7],
        "modes": ["full"],
        "runs": [_run(n, "ours", "full") for n in range(1, 8)]
        + [_run(n, "book", "full", wall=20.0) for n in range(1, 8)],
    }
    assert run.exit_status(results) == 0
    verdicts = {t["target"]: t["verdict"] for t in report.targets(results)}
    assert verdicts["every claim of 7/7 lessons holds in full mode"] == "met"
    assert list(verdicts.values()) == [
        "met",  # peak RSS: 1 GB everywhere
        "met",  # 70 s in total
        "missed",  # CPU: 0.5x the book code's
        "missed",  # lesson 7: 0.5x
        "not measured",  # fast mode did not run
        "met",  # claims
    ]
    results["runs"][3]["claim"]["holds"] = False
    assert run.exit_status(results) == 1
    verdicts = {t["target"]: t["verdict"] for t in report.targets(results)}
    assert verdicts["every claim of 7/7 lessons holds in full mode"] == "missed"
    results["runs"][3]["claim"]["holds"] = None  # could not be evaluated
    assert run.exit_status(results) == 1
    results["runs"][3]["claim"]["holds"] = True
    results["runs"].append(_run(2, "ours", "fast", errors=["cell 3: ValueError: x"]))
    assert run.exit_status(results) == 1


def _course(*, ours=None, book=None, lessons=range(1, 8)) -> dict:
    """Full-mode results of ours and the book code for ``lessons``; ``ours`` and
    ``book`` map a lesson to ``_run`` keywords that differ from the defaults."""
    ours, book = ours or {}, book or {}
    return {
        "lessons": list(lessons),
        "modes": ["full"],
        "runs": [_run(n, "ours", "full", **ours.get(n, {})) for n in lessons]
        + [_run(n, "book", "full", **book.get(n, {"wall": 40.0})) for n in lessons],
    }


def _cpu(seconds: float) -> dict:
    return {"resources": {"cpu_user_s": seconds, "cpu_system_s": 0.0}}


def _target(results: dict, starts: str) -> dict:
    found = [t for t in report.targets(results) if t["target"].startswith(starts)]
    assert len(found) == 1, [t["target"] for t in report.targets(results)]
    return found[0]


def test_rss_target_covers_every_lesson_and_names_the_ones_over():
    assert _target(_course(), "every lesson: kernel peak RSS")["verdict"] == "met"
    results = _course(
        ours={1: {"rss": 2.06e9}, 4: {"rss": 1.25e9}, 7: {"rss": 1.2e9}},
        book={1: {"rss": 3.53e9}, 4: {"rss": 6.07e9}},
    )
    row = _target(results, "every lesson: kernel peak RSS ≤ 1.2 GB")
    assert row["verdict"] == "missed"
    assert "lesson 1, 2.06 GB" in row["measured"] and "5/7" in row["measured"]
    assert "1 (2.06 GB; book code 3.53 GB)" in row["why"]
    assert "4 (1.25 GB; book code 6.07 GB)" in row["why"]
    assert "7 (" not in row["why"]  # exactly 1.2 GB is within
    partial = _target(_course(lessons=[1, 2]), "every lesson: kernel peak RSS")
    assert partial["verdict"] == "not measured" and "3, 4, 5" in partial["why"]


def test_full_total_target_is_kept():
    assert _target(_course(), "all seven lessons, full mode")["verdict"] == "met"
    slow = _course(ours={n: {"wall": 150.0} for n in range(1, 8)})  # 17.5 min
    row = _target(slow, "all seven lessons, full mode: ≤ 15 min")
    assert row["verdict"] == "missed" and row["measured"] == "17.5 min"


def test_course_cpu_target_judges_cpu_time_and_reports_wall_time():
    # Wall 0.9x the book's, CPU 0.3x: the CPU ratio is the verdict.
    fast_cpu = {n: {"wall": 36.0, **_cpu(12.0)} for n in range(1, 8)}
    row = _target(_course(ours=fast_cpu), "whole course, full mode: ≤ 0.4×")
    assert row["verdict"] == "met", row
    assert "= 0.30×" in row["measured"] and "wall 0.90×" in row["measured"]
    # CPU 0.5x in total; lesson 3 is the worst, then 2.
    slow_cpu = {n: _cpu(20.0) for n in range(1, 8)} | {
        2: _cpu(30.0),
        3: _cpu(36.0),
    }
    row = _target(_course(ours=slow_cpu), "whole course")
    assert row["verdict"] == "missed"
    assert row["why"].startswith("largest ratios: lesson 3 0.90×, lesson 2 0.75×")
    partial = _target(_course(ours=fast_cpu, lessons=[1, 2]), "whole course")
    assert partial["verdict"] == "not measured"
    no_book = _course()
    no_book["runs"] = [
        r for r in no_book["runs"] if r["lesson"] != 4 or r["kind"] == "ours"
    ]
    assert _target(no_book, "whole course")["verdict"] == "not measured"


def test_lesson_7_cpu_target():
    row = _target(_course(ours={7: _cpu(4.0)}), "lesson 7, full mode: ≤ 0.15×")
    assert row["verdict"] == "met" and "CPU 4 / 40 s = 0.10×" in row["measured"]
    cells = {"slowest_cells": [{"cell": 18, "seconds": 110.8}]}
    row = _target(_course(ours={7: {**_cpu(8.0), **cells}}), "lesson 7")
    assert row["verdict"] == "missed" and "#18 110.8 s" in row["why"]
    row = _target(_course(lessons=[1, 2]), "lesson 7")
    assert row["verdict"] == "not measured"


def test_fast_target_judges_the_median_only():
    def fast(walls: dict[int, list[float]]) -> dict:
        return {
            "lessons": list(range(1, 8)),
            "modes": ["fast"],
            "runs": [
                _run(n, "ours", "fast", wall=t, kernel_start_s=0.8)
                for n in range(1, 8)
                for t in walls.get(n, [10.0, 11.0, 12.0])
            ],
        }

    # A 40 s outlier does not count against a 15 s median.
    row = _target(fast({4: [15.0, 14.0, 40.0]}), "fast mode: every lesson ≤ 15 s")
    assert row["verdict"] == "met" and row["measured"].endswith("lesson 4, 15.0 s")
    assert not any("worst" in t["target"] for t in report.targets(fast({})))
    row = _target(fast({4: [25.2, 23.0, 27.2], 5: [16.0] * 3}), "fast mode")
    assert row["verdict"] == "missed"
    assert row["why"].startswith("over in lesson(s) 4 (25.2 s), 5 (16.0 s)")
    assert "kernel start alone 0.8 s" in row["why"]
    partial = fast({})
    partial["runs"] = [r for r in partial["runs"] if r["lesson"] != 7]
    assert _target(partial, "fast mode")["verdict"] == "not measured"
    assert _target(_course(), "fast mode")["why"] == "fast mode did not run"


def test_floor_target_comes_last():
    results = _course(ours={n: {"arithmetic": {"flops": 1e12}} for n in (1, 2, 3)})
    results["gemm"] = {"best_gflops": 100.0}  # floor 10 s, wall 10 s: 1x
    last = report.targets(results)[-1]
    assert last["target"].startswith("MNIST lessons within")
    assert last["verdict"] == "met"
    assert len(report.targets(_course())) == len(report.targets(results)) - 1


def test_lessons_select_by_number_or_folder():
    assert [lesson.number for lesson in select(["4", "01-noise-channels"])] == [1, 4]
    with pytest.raises(SystemExit):
        select(["8"])


def test_merging_runs_lets_a_later_run_replace_a_lesson():
    def part(started, runs):
        return {
            "command": "c",
            "started": started,
            "finished": started,
            "lessons": sorted({r["lesson"] for r in runs}),
            "modes": sorted({r["mode"] for r in runs}),
            "runs": runs,
        }

    first_run = part("1", [_run(1, "ours", "full", wall=60.0), _run(2, "ours", "full")])
    rerun = part("2", [_run(1, "ours", "full", wall=50.0)])
    fast = part("3", [_run(1, "ours", "fast")])
    merged = run.merge([first_run, rerun, fast])
    assert merged["lessons"] == [1, 2] and merged["modes"] == ["full", "fast"]
    lesson_1_full = report.runs(merged, kind="ours", mode="full", lesson=1)
    assert [r["wall_s"] for r in lesson_1_full] == [50.0]
    assert len(merged["runs"]) == 3


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.folder)
def test_further_claim_variables_exist_in_lesson(lesson):
    """Each further claim names variables that the lesson assigns."""
    import nbformat

    notebook = nbformat.read(lesson.notebook, as_version=4)
    names = _assigned_names("\n".join(c.source for c in notebook.cells))
    for claim in claims.lesson_claims(lesson.number):
        assert claim.lesson == lesson.number, claim.text
        for paths in claim.arguments.values():
            bases = {p.partition("[")[0] for p in paths}
            assert bases & names, f"{claim.text}: none of {sorted(bases)} assigned"


def test_further_claims_are_judged_or_reported_missing(monkeypatch):
    def rises(values):
        holds = values[-1] > values[0]
        check = claims.Check("last above first", holds, f"{values}")
        return claims.ClaimResult(1, "?", checks=[check])

    claim = claims.LessonClaim(1, "values rise", rises, {"values": ("rising",)})
    monkeypatch.setattr(claims, "lesson_claims", lambda lesson: [claim])
    held, failed, missing = (
        claims.evaluate_further(1, variables)[0]
        for variables in ({"rising": [1, 2]}, {"rising": [2, 1]}, {"other": 1})
    )
    assert (held.holds, failed.holds, missing.holds) == (True, False, None)
    assert held.claim == "values rise"
    assert "rising" in missing.missing
    assert claims.evaluate_further(1, None)[0].holds is None
