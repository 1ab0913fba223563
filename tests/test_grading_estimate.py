"""The class-scale estimate in benchmarks/grading.py."""

from __future__ import annotations

import json

import pytest

from benchmarks import grading


def _run(lesson: int, mode: str, cpu: float) -> dict:
    resources = {"cpu_user_s": cpu - 1.0, "cpu_system_s": 1.0}
    return {"lesson": lesson, "kind": "ours", "mode": mode, "resources": resources}


def test_fast_cpu_is_the_median_of_each_lessons_fast_runs(tmp_path):
    runs = [_run(7, "fast", c) for c in (10.0, 12.0, 30.0)]
    runs += [_run(1, "fast", 8.0), _run(1, "full", 99.0)]
    path = tmp_path / "results.json"
    path.write_text(json.dumps({"runs": runs}))
    assert grading.fast_cpu(path) == {1: 8.0, 7: 12.0}


def test_estimate_adds_the_graders_overhead_to_each_lesson(monkeypatch):
    monkeypatch.setattr(grading, "fast_cpu", lambda: {1: 8.0, 7: 12.0})
    serial = grading.Mode("serial", wall=100.0, notebook_cpu=170.0, executed=10)
    # 150 CPU s in 100 s of two cores' time: busy 75 % of the time
    parallel = grading.Mode("parallel", wall=100.0, notebook_cpu=150.0, executed=10)
    hours_found, lines = grading.extrapolate(serial, parallel, 0.2)
    text = "\n".join(lines)
    assert "Grading adds 3.0 CPU s per notebook" in text  # 15 - 12
    assert "| 1 | 8.0 s | 11.0 s |" in text
    # (11 + 15) / 2 lessons x 7 lessons x 1,000 students / (16 cores x 0.75)
    hours = (11 + 15) / 2 * 7 * 1000 / (16 * 0.75) / 3600
    assert f"**{hours:.2f} h**" in text and hours_found == pytest.approx(hours)
    # the serial run's 17 s per notebook, shown beside it
    assert f"{(13 + 17) / 2 * 7 * 1000 / (16 * 0.75) / 3600:.2f} h;" in text
    assert "busy with notebooks 75% of the time" in text


def test_a_saved_run_renders_the_same_page(tmp_path, monkeypatch):
    monkeypatch.setattr(grading, "fast_cpu", lambda: {7: 12.0})
    scores = {"s00-correct": 12.0, "s03-broken": None}
    modes = [
        grading.Mode(name, wall=w, notebook_cpu=c, executed=2, scores=dict(scores))
        for name, w, c in (("one", 40.0, 30.0), ("two", 22.0, 32.0), ("dask", 23, 33))
    ]
    page = grading.report(modes, 3, "2026-12-03T07:00:00+00:00", "vm: 2 cores")
    raw = tmp_path / "grading.json"
    grading.save(raw, modes, 3, "2026-12-03T07:00:00+00:00", "vm: 2 cores")
    output = tmp_path / "page.md"
    status = grading.main(
        ["--render-only", "--json", str(raw), "--output", str(output)]
    )
    assert status == 0
    assert output.read_text() == "\n".join(page) + "\n"
    assert "| s03-broken | not graded | not graded | not graded |" in page


def test_render_only_without_figures_says_so(tmp_path, capsys):
    missing = tmp_path / "none.json"
    assert grading.main(["--render-only", "--json", str(missing)]) == 2
    assert "no raw figures" in capsys.readouterr().err
