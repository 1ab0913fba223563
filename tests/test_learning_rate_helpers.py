"""helpers.plots.plot_curves, added for lesson 3's range test."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_plot_curves_draws_each_curve_over_the_shared_x():
    rates = np.geomspace(1e-4, 1.0, 5)
    figure, axes = plots.plot_curves(
        rates,
        {"loss": [2.3, 1.0, 0.5, 0.7, 9.0], "smoothed": [2.3, 1.2, 0.6, 0.6, 5.0]},
        xlabel="learning rate",
        ylabel="training loss (nats)",
        title="Range test",
        log_x=True,
        log_y=True,
    )
    lines = axes.get_lines()
    assert [line.get_label() for line in lines] == ["loss", "smoothed"]
    assert np.allclose(lines[0].get_xdata(), rates)
    assert np.allclose(lines[1].get_ydata(), [2.3, 1.2, 0.6, 0.6, 5.0])
    assert lines[0].get_color() != lines[1].get_color()
    assert axes.get_xscale() == "log" and axes.get_yscale() == "log"
    assert axes.get_xlabel() == "learning rate" and axes.get_title() == "Range test"


def test_plot_curves_rejects_mismatched_or_missing_curves():
    with pytest.raises(ValueError, match="3 values for 2"):
        plots.plot_curves([1, 2], {"w": [1, 2, 3]}, xlabel="step", ylabel="w")
    with pytest.raises(ValueError, match="at least one"):
        plots.plot_curves([1, 2], {}, xlabel="step", ylabel="w")
