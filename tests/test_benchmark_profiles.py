"""The per-cell profile and the levers table (benchmarks/profile.py and
benchmarks/levers.py) on made-up measurements; no notebook is run."""

from __future__ import annotations

from benchmarks import levers, profile


def _cell(number, cpu, peak, line="x = 1"):
    return {
        "cell": number,
        "first_line": line,
        "seconds": cpu,
        "cpu_s": cpu,
        "rss_after_bytes": peak,
        "peak_rss_bytes": peak,
    }


def test_where_time_goes_names_costliest_cells_and_the_peak():
    cells = [
        _cell(-1, 5.0, 0.8e9),
        _cell(3, 60.0, 1.9e9, "history = fit(model | data)"),
        _cell(4, 30.0, 1.9e9),
        _cell(5, 5.0, 1.9e9),
    ]
    text = profile.where_time_goes([{"lesson": 2, "cell_profile": cells}])
    row = text.splitlines()[-1]
    assert row.startswith("| 2 | 100 s | #3 `history = fit(model / data)` 60 s (60 %)")
    assert "#4 `x = 1` 30 s (30 %)" in row
    assert row.endswith("1.90 GB in #3 `history = fit(model / data)` |")
    assert "importing Keras" in profile.where_time_goes(
        [{"lesson": 1, "cell_profile": [_cell(-1, 5.0, 1e9)]}]
    )
    assert profile.where_time_goes([{"lesson": 1}]).startswith("No run")


def test_format_profile_top_sorts_by_cpu():
    table = profile.format_profile([_cell(1, 1.0, 1e9), _cell(2, 3.0, 1e9)], top=1)
    lines = table.splitlines()
    assert len(lines) == 2 and lines[1].split()[0] == "2"
    assert "75.0%" in lines[1]


def test_levers_take_the_median_run_and_report_failures(monkeypatch):
    results = iter(
        [
            {"first_epoch_cpu_s": 3.0, "later_epoch_cpu_ms": 30.0, "val_loss": 1.0},
            {"error": "boom"},
            {"first_epoch_cpu_s": 1.0, "later_epoch_cpu_ms": 10.0, "val_loss": 1.0},
            {"first_epoch_cpu_s": 2.0, "later_epoch_cpu_ms": 20.0, "val_loss": 1.0},
        ]
    )
    monkeypatch.setattr(levers, "_run_one", lambda *a: next(results))
    chosen = levers._median_run("boston", "baseline (the course)", None, 4)
    assert chosen["later_epoch_cpu_ms"] == 20.0
    assert chosen["first_epoch_cpu_s"] == 2.0
    monkeypatch.setattr(levers, "_run_one", lambda *a: {"error": "no jax"})
    failed = levers._median_run("mnist", "JAX backend", None, 2)
    assert "failed: no jax" in levers._row("mnist", "JAX backend", failed)
    row = levers._row("imdb", "no validation", {**chosen, "val_loss": None})
    assert row == "| imdb | no validation | 2.00 | 20 | – |"
