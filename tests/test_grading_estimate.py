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
    parallel = grading.Mode("parallel", wall=50.0, notebook_cpu=150.0, executed=10)
    hours_found, lines = grading.extrapolate(serial, parallel, 0.2)
    text = "\n".join(lines)
    assert "Grading adds 3.0 CPU s per notebook" in text  # 15 - 12
    assert "| 1 | 8.0 s | 11.0 s |" in text
    # (11 + 15) / 2 lessons x 7 lessons x 1,000 students / 16 cores / 3600
    hours = (11 + 15) / 2 * 7 * 1000 / 16 / 3600
    assert f"**{hours:.2f} h**" in text and hours_found == pytest.approx(hours)
    # the serial run's 17 s per notebook, shown beside it
    assert f"{(13 + 17) / 2 * 7 * 1000 / 16 / 3600:.2f} h;" in text
