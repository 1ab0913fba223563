"""helpers.plots: figures carry the right lines, labels and styles."""

from __future__ import annotations

import itertools
import re

import matplotlib.colors
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


# ------------------------------------------------ colour blindness and layout
#
# Colour-vision deficiency is simulated with Machado, Oliveira & Fernandes
# (2009), "A physiologically-based model for simulation of color vision
# deficiency", severity 1.0, applied in linear sRGB. Colours are compared with
# CIEDE2000 (Sharma, Wu & Dalal 2005) in CIELAB under D65.
#
# Threshold: two different colours in one plot must stay MIN_DELTA_E = 15
# apart after simulation. A just-noticeable difference is about 2 to 3 for
# large patches; thin lines need far more. The palette this replaced put red
# #d62728 and green #2ca02c 4.6 apart (the complaint); Okabe-Ito's
# colours keep at least 20.5 (deuteranopia) and 18.2 (protanopia) here.

MIN_DELTA_E = 15.0
DEUTERANOPIA = np.array(
    [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ]
)
PROTANOPIA = np.array(
    [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ]
)
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
D65_WHITE = np.array([0.95047, 1.0, 1.08883])


def linear_rgb(srgb) -> np.ndarray:
    srgb = np.asarray(srgb, dtype=float)
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def lab(linear) -> np.ndarray:
    xyz = (SRGB_TO_XYZ @ np.clip(linear, 0, 1)) / D65_WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def seen(srgb, deficiency: np.ndarray | None = DEUTERANOPIA) -> np.ndarray:
    """CIELAB of what a viewer with ``deficiency`` sees for an sRGB colour."""
    linear = linear_rgb(srgb)
    return lab(linear if deficiency is None else deficiency @ linear)


def delta_e_2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    h1, h2 = np.degrees(np.arctan2(b1, a1)) % 360, np.degrees(np.arctan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    big_dh = 2 * np.sqrt(c1 * c2) * np.sin(np.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * np.cos(np.radians(h_mean - 30))
        + 0.24 * np.cos(np.radians(2 * h_mean))
        + 0.32 * np.cos(np.radians(3 * h_mean + 6))
        - 0.20 * np.cos(np.radians(4 * h_mean - 63))
    )
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / np.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_c = 2 * np.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    r_t = -np.sin(np.radians(60 * np.exp(-(((h_mean - 275) / 25) ** 2)))) * r_c
    dl, dc, dh_term = (l2 - l1) / s_l, (c2 - c1) / s_c, big_dh / s_h
    return float(np.sqrt(dl**2 + dc**2 + dh_term**2 + r_t * dc * dh_term))


def test_colour_science_matches_published_values():
    # Sharma, Wu & Dalal (2005), test pairs 1, 7 and 17.
    assert delta_e_2000((50, 2.6772, -79.7751), (50, 0, -82.7485)) == pytest.approx(
        2.0425, abs=1e-4
    )
    assert delta_e_2000((50, 0, 0), (50, -1, 2)) == pytest.approx(2.3669, abs=1e-4)
    assert delta_e_2000((50, 2.5, 0), (73, 25, -18)) == pytest.approx(27.1492, abs=1e-4)
    # Machado's matrices keep greys grey, and white is L* = 100.
    for matrix in (DEUTERANOPIA, PROTANOPIA):
        np.testing.assert_allclose(matrix.sum(axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(seen((1, 1, 1)), (100, 0, 0), atol=0.01)
    # The complaint, reproduced: the old red and green merge.
    old_red, old_green = (0.839, 0.153, 0.157), (0.173, 0.627, 0.173)
    assert delta_e_2000(seen(old_red, None), seen(old_green, None)) > 60
    assert delta_e_2000(seen(old_red), seen(old_green)) < 6


def five_runs(epochs: int = 20) -> dict[str, dict[str, list[float]]]:
    epoch = np.arange(1, epochs + 1)
    return {
        f"run {n}": {
            "loss": list(0.7 * np.exp(-epoch / (4 + n))),
            "val_loss": list(0.6 * np.exp(-epoch / (5 + n)) + 0.01 * n * epoch),
            "accuracy": list(1 - 0.5 * np.exp(-epoch / (3 + n))),
            "val_accuracy": list(0.9 - 0.3 * np.exp(-epoch / (2 + n))),
        }
        for n in range(1, 6)
    }


def every_plot():
    runs = five_runs()
    curve = list(np.linspace(6, 2, 100))
    return {
        "compare_runs": plots.compare_runs(runs, "val_loss"),
        "compare_runs with training": plots.compare_runs(
            runs, "val_accuracy", with_training=True
        ),
        "compare_runs training": plots.compare_runs(runs, "loss"),
        "plot_history": plots.plot_history(runs["run 1"], "accuracy"),
        "plot_validation_curve": plots.plot_validation_curve(
            curve, skip=10, smoothed=curve[10:]
        ),
        "plot_bars": plots.plot_bars(
            {f"fold {n}": n for n in range(1, 6)},
            ylabel="validation MAE (thousand dollars)",
            reference=6.6,
        ),
    }


def drawn_colours(axes) -> list[tuple[tuple[float, ...], np.ndarray]]:
    """(base RGB, RGB as painted over the white background) of every line and
    bar in ``axes``; a transparent colour is blended with white as drawn."""
    colours = []
    for artist in [*axes.get_lines(), *axes.patches]:
        if hasattr(artist, "get_color"):
            rgba = matplotlib.colors.to_rgba(artist.get_color(), artist.get_alpha())
        else:
            rgba = artist.get_facecolor()
        rgb, alpha = np.array(rgba[:3]), rgba[3]
        colours.append((tuple(rgb), alpha * rgb + (1 - alpha)))
    return colours


@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia"])
def test_every_plot_keeps_its_colours_apart_with_colour_blindness(deficiency):
    matrix = {"deuteranopia": DEUTERANOPIA, "protanopia": PROTANOPIA}[deficiency]
    closest = {}
    for name, (figure, axes) in every_plot().items():
        figure.canvas.draw()
        colours = drawn_colours(axes)
        assert len({base for base, _ in colours}) >= 2, name
        pairs = [
            delta_e_2000(seen(first, matrix), seen(second, matrix))
            for (base1, first), (base2, second) in itertools.combinations(colours, 2)
            if base1 != base2  # one run's training and validation share a colour
        ]
        against_white = [
            delta_e_2000(seen(rgb, matrix), seen((1, 1, 1))) for _, rgb in colours
        ]
        closest[name] = (round(min(pairs), 1), round(min(against_white), 1))
    print(f"closest colours under {deficiency} (pair, against white):", closest)
    assert all(pair >= MIN_DELTA_E for pair, _ in closest.values()), closest
    assert all(white >= MIN_DELTA_E for _, white in closest.values()), closest


def test_runs_from_the_third_on_differ_by_more_than_colour():
    _, axes = plots.compare_runs(five_runs(), "val_loss")
    lines = axes.get_lines()
    assert [line.get_marker() for line in lines[:2]] == ["None", "None"]
    looks = [(line.get_linestyle(), line.get_marker()) for line in lines]
    assert len(set(looks[1:])) == 4, looks  # runs 2 to 5: each its own look
    assert all(marker != "None" for _, marker in looks[2:])


@pytest.mark.parametrize("epochs, first", [(3, 1), (6, 1), (20, 1), (100, 1)])
def test_epoch_ticks_start_at_the_first_epoch(epochs, first):
    history = {"loss": list(np.linspace(1, 0, epochs))}
    figure, axes = plots.plot_history(history)
    figure.canvas.draw()
    low, high = axes.get_xlim()
    ticks = [t for t in axes.get_xticks() if low <= t <= high]
    assert ticks[0] == first and all(float(t).is_integer() for t in ticks)
    assert ticks[-1] >= epochs - (ticks[-1] - ticks[-2]), ticks


def test_validation_curve_ticks_start_at_the_first_kept_epoch():
    figure, axes = plots.plot_validation_curve(np.linspace(5, 1, 100), skip=10)
    figure.canvas.draw()
    low, high = axes.get_xlim()
    assert [t for t in axes.get_xticks() if low <= t <= high][:2] == [11, 20]


def test_every_value_axis_names_its_unit():
    for name, (_, axes) in every_plot().items():
        assert re.search(r"\(.+\)$", axes.get_ylabel()), (name, axes.get_ylabel())
    assert plots.plot_history(HISTORY).axes.get_ylabel() == "loss (nats)"
    regression = {"loss": [30.0, 20.0], "mae": [4.0, 3.0]}
    assert "squared target units" in plots.plot_history(regression).axes.get_ylabel()
    _, axes = plots.compare_runs(
        {"a": regression}, "mae", unit="thousand dollars", title="MAE"
    )
    assert axes.get_ylabel() == "mean absolute error (thousand dollars)"


def test_legends_stay_off_the_data_even_when_called_again():
    for name, (figure, axes) in every_plot().items():
        axes.axhline(0.5, label="a reference line")  # as lesson 2 does ...
        axes.legend()  # ... and asks for the legend again
        figure.canvas.draw()
        legend = axes.get_legend().get_window_extent()
        plot_area = axes.get_window_extent()
        label = axes.xaxis.label.get_window_extent()
        ticks = axes.xaxis.get_tightbbox()
        assert legend.y1 <= plot_area.y0 and legend.y1 <= ticks.y0 + 1, name
        if axes.get_xlabel():
            assert legend.y1 <= label.y0, name
        assert figure.bbox.contains(legend.x0, legend.y0), f"{name}: legend cut off"
