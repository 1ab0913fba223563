"""helpers.plots: figures carry the right lines, labels and styles."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots

HISTORY = {
    "loss": [3.0, 2.0, 1.0],
    "val_loss": [3.5, 2.5, 2.6],
    "accuracy": [0.5, 0.7, 0.9],
    "val_accuracy": [0.4, 0.6, 0.65],
}


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_history_training_solid_validation_dashed():
    figure, axes = plots.plot_history(HISTORY, "loss", title="Overfits after epoch 2")
    train, val = axes.get_lines()
    assert list(train.get_ydata()) == HISTORY["loss"] and train.get_linestyle() == "-"
    assert list(val.get_ydata()) == HISTORY["val_loss"] and val.get_linestyle() == "--"
    assert list(train.get_xdata()) == [1, 2, 3]
    assert all(float(tick).is_integer() for tick in axes.get_xticks())
    assert axes.get_title() == "Overfits after epoch 2"
    assert tuple(figure.get_size_inches()) == plots.FIGURE_SIZE


def test_plot_history_accepts_keras_history_objects():
    class FakeHistory:
        history = HISTORY

    _, axes = plots.plot_history(FakeHistory(), "accuracy")
    assert [line.get_label() for line in axes.get_lines()] == ["training", "validation"]


def test_missing_metric_names_the_available_keys():
    with pytest.raises(KeyError, match="accuracy, loss, val_accuracy, val_loss"):
        plots.plot_history(HISTORY, "mae")
    with pytest.raises(TypeError, match="History"):
        plots.plot_history([1, 2, 3])


def test_compare_runs_one_colour_per_run_with_legend():
    other = {key: [v * 2 for v in values] for key, values in HISTORY.items()}
    _, axes = plots.compare_runs(
        {"zeros": HISTORY, "noise": other}, "val_accuracy", with_training=True
    )
    lines = axes.get_lines()
    assert len(lines) == 4
    assert lines[0].get_color() == lines[1].get_color() != lines[2].get_color()
    assert [t.get_text() for t in axes.get_legend().get_texts()][
        0
    ] == "zeros (validation)"
    with pytest.raises(ValueError):
        plots.compare_runs({})


def test_validation_curve_draws_the_given_smoothed_curve():
    values = np.linspace(5, 1, 30)
    smoothed = np.linspace(4, 2, 20)
    _, axes = plots.plot_validation_curve(values, skip=10, smoothed=smoothed)
    raw, smooth = axes.get_lines()
    assert list(raw.get_xdata()) == list(range(11, 31))
    np.testing.assert_array_equal(smooth.get_ydata(), smoothed)
    assert "thousand dollars" in axes.get_ylabel()
    with pytest.raises(ValueError):
        plots.plot_validation_curve(values, skip=30)
    with pytest.raises(ValueError, match="smoothed has 5 values"):
        plots.plot_validation_curve(values, skip=10, smoothed=smoothed[:5])


def test_helpers_ship_no_exercise_answers():
    """The lessons' exercises are the student's to write."""
    assert not hasattr(plots, "exponential_moving_average")


def test_bars_with_reference_line():
    _, axes = plots.plot_bars(
        {"fold 1": 2.0, "fold 2": 2.5}, ylabel="MAE", reference=6.6
    )
    assert [p.get_height() for p in axes.patches] == [2.0, 2.5]
    assert axes.get_lines()[0].get_ydata()[0] == 6.6
