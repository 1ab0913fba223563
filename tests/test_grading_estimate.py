"""The class-scale estimate in benchmarks/grading.py."""

from __future__ import annotations

import json

import pytest

from benchmarks import grading


def _cost(lesson: str, cpu: float, speed: float | None = 6.2) -> grading.LessonCost:
    return grading.LessonCost(
        lesson,
        executed=2,
        cpu=2 * cpu,
        wall=cpu,
        scores=[5.0, 5.0],
        max_score=5.0,
        import_cpu=speed,
    )


def test_estimate_sums_each_lessons_cost_per_notebook():
    serial = grading.Mode("serial", wall=100.0, notebook_cpu=170.0, executed=10)
    # 150 CPU s in 100 s of two cores' time: busy 75 % of the time
    parallel = grading.Mode("parallel", wall=100.0, notebook_cpu=150.0, executed=10)
    costs = [_cost("01-a", 11.0), _cost("07-b", 15.0, speed=None)]
    hours_found, lines = grading.extrapolate(serial, parallel, costs, 0.2)
    text = "\n".join(lines)
    assert "| 01-a | 2 | 5, 5 (5) | 11.0 | 6.2 |" in text
    assert "| 07-b | 2 | 5, 5 (5) | 15.0 | not sampled |" in text
    # (11 + 15) / 2 lessons x 7 lessons x 1,000 students / (16 cores x 0.75)
    hours = (11 + 15) / 2 * 7 * 1000 / (16 * 0.75) / 3600
    assert f"**{hours:.2f} h**" in text and hours_found == pytest.approx(hours)
    assert "busy with notebooks 75% of the time" in text
    assert "15.0 CPU s each with `--workers 2` and 17.0 s" in text


def test_a_coordinator_slower_than_the_workers_bounds_the_estimate():
    mode = grading.Mode("parallel", wall=100.0, notebook_cpu=200.0, executed=10)
    hours, _ = grading.extrapolate(mode, mode, [_cost("07-b", 1.0)], 2.0)
    assert hours == pytest.approx(1000 * 7 * 2.0 / 3600)


def _figures() -> grading.Figures:
    scores = {"s00-correct": 12.0, "s03-broken": None}
    modes = [
        grading.Mode(name, wall=w, notebook_cpu=c, executed=2, scores=dict(scores))
        for name, w, c in (("one", 40.0, 30.0), ("two", 22.0, 32.0), ("dask", 23, 33))
    ]
    costs = [_cost("07-b", 15.0)]
    return grading.Figures(
        "2026-12-03T07:00:00+00:00", "vm: 2 cores", 3, modes, costs, (3.1, 3.4)
    )


def test_a_saved_run_renders_the_same_page(tmp_path):
    figures = _figures()
    page = grading.report(figures)
    raw = tmp_path / "grading.json"
    grading.save(raw, figures)
    output = tmp_path / "page.md"
    status = grading.main(
        ["--render-only", "--json", str(raw), "--output", str(output)]
    )
    assert status == 0
    assert output.read_text() == "\n".join(page) + "\n"
    assert "| s03-broken | not graded | not graded | not graded |" in page
    assert "took 3.1 CPU s before grading and 3.4 CPU s after" in "\n".join(page)


def test_a_run_saved_before_the_per_lesson_yardstick_still_renders(tmp_path):
    raw = tmp_path / "grading.json"
    grading.save(raw, _figures())
    saved = json.loads(raw.read_text())
    del saved["costs"][0]["import_cpu"]  # as runs before the field wrote them
    raw.write_text(json.dumps(saved))
    output = tmp_path / "page.md"
    assert (
        grading.main(["--render-only", "--json", str(raw), "--output", str(output)])
        == 0
    )
    assert "| 15.0 | not sampled |" in output.read_text()


def test_a_lesson_short_of_full_marks_fails_the_run(tmp_path):
    figures = _figures()
    figures.costs[0].scores = [5.0, 4.0]
    raw = tmp_path / "grading.json"
    grading.save(raw, figures)
    output = tmp_path / "page.md"
    assert (
        grading.main(["--render-only", "--json", str(raw), "--output", str(output)])
        == 1
    )


def test_render_only_without_figures_says_so(tmp_path, capsys):
    missing = tmp_path / "none.json"
    assert grading.main(["--render-only", "--json", str(missing)]) == 2
    assert "no raw figures" in capsys.readouterr().err


def test_the_benchmarks_page_shows_the_targets_of_the_saved_run(tmp_path):
    from benchmarks import report

    raw = tmp_path / "grading.json"
    assert "Not run yet" in report.grading_section(raw)
    figures = _figures()
    grading.save(raw, figures)
    section = report.grading_section(raw)
    assert "Run 2026-12-03T07:00:00+00:00 on vm: 2 cores." in section
    assert "| `--workers 2` ≤ 0.6× serial wall on 2 cores | 0.55× | met |" in section
    table = grading.targets(figures)
    assert table[-1] in section and table[-1] in grading.report(figures)
    raw.write_text("{}")
    assert "rerun" in report.grading_section(raw)
