"""Plots with one look for the whole course, readable with colour blindness.

Training curves are solid, validation curves dashed; each run keeps one
colour from the Okabe–Ito palette (:data:`COLORS`), and from the third run on
also a marker (:data:`MARKERS`), so runs differ by more than hue. Epoch axes
are ticked from the first plotted epoch, every value axis names its unit,
and legends sit below the axes, off the data. Every function returns a
:class:`Plot` (``figure, axes``) so you can add to it, and tests can inspect
it; ``axes.legend()`` keeps the placement. In Jupyter the figure shows by
itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import ScaledTranslation

FIGURE_SIZE = (7.0, 4.0)
COLORS = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#000000",  # black
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
)
"""Okabe & Ito's colour-blind-safe palette (yellow left out: too pale on
white), ordered so that any of the first five stay apart under simulated
deuteranopia and protanopia (``tests/test_plots.py`` measures it)."""
MARKERS = (None, None, "o", "s", "^", "D", "v", "P")
"""One per run: none for the first two, a marker from the third on."""
TRAINING_STYLE: dict[str, Any] = {"linestyle": "-", "linewidth": 1.4}
VALIDATION_STYLE: dict[str, Any] = {"linestyle": "--", "linewidth": 1.8}

LABELS = {
    "loss": "loss",
    "accuracy": "accuracy",
    "cross_entropy": "cross-entropy, no penalty",
    "mae": "mean absolute error",
    "mse": "mean squared error",
}
UNITS = {
    "accuracy": "fraction correct",
    "binary_accuracy": "fraction correct",
    "cross_entropy": "nats",
    "mae": "target units",
    "mse": "squared target units",
}
"""Default units by metric. ``loss`` is cross-entropy in nats for a
classifier and squared target units for a regressor (a history with ``mae``
or ``mse``); pass ``unit=`` where a default is wrong, e.g. "thousand dollars"."""


class Plot(NamedTuple):
    """A figure and its axes, e.g. ``fig, ax = plot_history(history)``."""

    figure: Figure
    axes: Axes

    def _ipython_display_(self) -> None:
        # Jupyter's inline backend already shows the figure at the end of the
        # cell; showing this tuple's text as well would only add noise.
        pass


History = Any  # a keras.callbacks.History or its .history dict


def _points(size: Any) -> float:
    return FontProperties(size=size).get_size_in_points()


class CourseAxes(Axes):
    """Axes whose :meth:`legend` goes below the x-axis label by default."""

    name = "course"

    def legend(self, *args: Any, **kwargs: Any) -> Legend:
        """Like :meth:`matplotlib.axes.Axes.legend`, placed below the axes
        (in up to three columns) unless ``loc`` is given."""
        if "loc" not in kwargs:
            # Below the tick labels and the axis label, whatever their size.
            drop = (
                rcParams["xtick.major.size"]
                + rcParams["xtick.major.pad"]
                + 1.3 * _points(rcParams["xtick.labelsize"])
                + rcParams["axes.labelpad"]
                + 1.3 * _points(rcParams["axes.labelsize"])
            ) / 72
            entries = len(self.get_legend_handles_labels()[1])
            kwargs = {
                "loc": "upper center",
                "bbox_to_anchor": (0.5, 0.0),
                "bbox_transform": self.transAxes
                + ScaledTranslation(0, -drop, self.figure.dpi_scale_trans),
                "ncols": max(1, min(3, entries)),
                "frameon": False,
                **kwargs,
            }
        return super().legend(*args, **kwargs)


class EpochLocator(MaxNLocator):
    """Whole-epoch ticks that start at the first plotted epoch (1, 5, 10,
    15, 20 rather than 0, 5, 10, ...) and never fall between epochs."""

    def __init__(self, first: int = 1) -> None:
        super().__init__(nbins=10, integer=True, steps=[1, 5, 10])
        self.first = first

    def tick_values(self, vmin: float, vmax: float) -> list[float]:
        """The first epoch, then round ticks at least half a step after it."""
        ticks = [float(tick) for tick in super().tick_values(vmin, vmax)]
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        later = [tick for tick in ticks if tick >= self.first + step / 2]
        return [float(self.first), *later]


def _as_dict(history: History) -> dict[str, list[float]]:
    values = getattr(history, "history", history)
    if not isinstance(values, Mapping):
        raise TypeError(
            "expected a Keras History (what model.fit returns) or its .history "
            f"dict, got {type(history).__name__}"
        )
    return dict(values)


def _series(history: dict[str, list[float]], key: str) -> list[float]:
    if key not in history:
        raise KeyError(
            f"this history has no {key!r}; it has {', '.join(sorted(history))}"
        )
    return list(history[key])


def metric_label(metric: str, unit: str | None = None, keys: Iterable[str] = ()) -> str:
    """Axis label with unit for ``metric``, e.g. ``"accuracy (fraction correct)"``.

    Args:
        metric: a history key; a ``val_`` prefix is ignored.
        unit: the unit; by default taken from :data:`UNITS`.
        keys: the history's keys, which tell a regressor's ``loss`` (mean
            squared error) from a classifier's (cross-entropy).
    """
    base = metric.removeprefix("val_")
    name = LABELS.get(base, base.replace("_", " "))
    if unit is None and base == "loss":
        regression = {"mae", "mse"} & {k.removeprefix("val_") for k in keys}
        unit = "squared target units" if regression else "nats"
    unit = unit if unit is not None else UNITS.get(base)
    return f"{name} ({unit})" if unit else name


def _new_axes(title: str | None, xlabel: str, ylabel: str) -> Plot:
    figure, axes = plt.subplots(
        figsize=FIGURE_SIZE,
        layout="constrained",
        subplot_kw={"axes_class": CourseAxes},
    )
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(True, alpha=0.3)
    if title:
        axes.set_title(title)
    return Plot(figure, axes)


def _epochs(values: Sequence[float] | np.ndarray, start: int = 1) -> np.ndarray:
    return np.arange(start, start + len(values))


def _tick_epochs(axes: Axes, first: int) -> None:
    axes.xaxis.set_major_locator(EpochLocator(first))


def _run_style(index: int, length: int) -> dict[str, Any]:
    """Colour and (from the third run on) marker of run number ``index``."""
    style: dict[str, Any] = {"color": COLORS[index % len(COLORS)]}
    marker = MARKERS[index % len(MARKERS)]
    if marker:
        style.update(marker=marker, markersize=5, markevery=max(1, length // 8))
    return style


def plot_history(
    history: History,
    metric: str = "loss",
    *,
    title: str | None = None,
    unit: str | None = None,
) -> Plot:
    """Training (solid) and validation (dashed) ``metric`` per epoch.

    Args:
        history: what ``model.fit`` returned, or its ``.history`` dict.
        metric: e.g. ``"loss"``, ``"accuracy"``, ``"mae"``.
        title: a title that states the finding.
        unit: the metric's unit, if the default (:func:`metric_label`) is wrong.
    """
    values = _as_dict(history)
    plot = _new_axes(title, "epoch", metric_label(metric, unit, values))
    train = _series(values, metric)
    plot.axes.plot(
        _epochs(train), train, color=COLORS[0], label="training", **TRAINING_STYLE
    )
    if f"val_{metric}" in values:
        val = values[f"val_{metric}"]
        plot.axes.plot(
            _epochs(val), val, color=COLORS[1], label="validation", **VALIDATION_STYLE
        )
    _tick_epochs(plot.axes, 1)
    plot.axes.legend()
    return plot


def compare_runs(
    histories: Mapping[str, History],
    metric: str = "val_loss",
    *,
    title: str | None = None,
    with_training: bool = False,
    unit: str | None = None,
) -> Plot:
    """Overlay one metric from several runs, one colour (and from the third
    run on one marker) per run, with a legend below.

    Args:
        histories: ``{"run name": history, ...}``.
        metric: the key to plot, e.g. ``"val_loss"`` or ``"val_accuracy"``.
        with_training: also draw the matching training curve (solid) for
            each run when ``metric`` is a validation metric.
        unit: the metric's unit, if the default (:func:`metric_label`) is wrong.
    """
    if not histories:
        raise ValueError("compare_runs needs at least one history")
    runs = {name: _as_dict(history) for name, history in histories.items()}
    base = metric.removeprefix("val_")
    keys = [key for values in runs.values() for key in values]
    plot = _new_axes(title, "epoch", metric_label(metric, unit, keys))
    validation = metric.startswith("val_")
    for index, (name, values) in enumerate(runs.items()):
        series = _series(values, metric)
        run = _run_style(index, len(series))
        style = VALIDATION_STYLE if validation else TRAINING_STYLE
        kind = " (validation)" if with_training and validation else ""
        plot.axes.plot(_epochs(series), series, label=f"{name}{kind}", **run, **style)
        if with_training and validation:
            train = _series(values, base)
            plot.axes.plot(
                _epochs(train),
                train,
                label=f"{name} (training)",
                **run,
                **TRAINING_STYLE,
            )
    _tick_epochs(plot.axes, 1)
    plot.axes.legend(ncols=min(3, len(runs)))  # a run's two lines in one column
    return plot


def plot_validation_curve(
    values: Sequence[float],
    *,
    skip: int = 0,
    smoothed: Sequence[float] | None = None,
    ylabel: str = "validation MAE (thousand dollars)",
    title: str | None = None,
) -> Plot:
    """Plot a per-epoch curve such as the K-fold average validation MAE.

    Args:
        values: one value per epoch (epoch 1 first).
        skip: leave out the first ``skip`` epochs (they dwarf the rest).
        smoothed: if given, a smoothed version of ``values[skip:]`` (one
            value per kept epoch), drawn over the raw curve, which is then
            faded.
        ylabel: the y-axis label, with its unit.
    """
    if not 0 <= skip < len(values):
        raise ValueError(f"skip must lie in [0, {len(values)}), got {skip}")
    kept = np.asarray(values, dtype=float)[skip:]
    epochs = _epochs(kept, start=skip + 1)
    plot = _new_axes(title, "epoch", ylabel)
    if smoothed is not None and len(smoothed) != len(kept):
        raise ValueError(
            f"smoothed has {len(smoothed)} values; values[skip:] has {len(kept)}"
        )
    alpha = 0.45 if smoothed is not None else 1.0
    plot.axes.plot(
        epochs,
        kept,
        color=COLORS[1],
        alpha=alpha,
        label="per epoch",
        **VALIDATION_STYLE,
    )
    if smoothed is not None:
        plot.axes.plot(
            epochs,
            np.asarray(smoothed, dtype=float),
            color=COLORS[0],
            label="smoothed",
            linewidth=2.2,
        )
    _tick_epochs(plot.axes, skip + 1)
    plot.axes.legend()
    return plot


def plot_bars(
    values: Mapping[str, float],
    *,
    ylabel: str,
    title: str | None = None,
    reference: float | None = None,
    reference_label: str = "baseline",
) -> Plot:
    """Bar chart of one number per name (e.g. per-fold MAE), with an optional
    horizontal reference line (e.g. a baseline).

    Args:
        values: ``{"name": number, ...}``, one bar each, in this order.
        ylabel: the y-axis label, with its unit, e.g.
            ``"validation MAE (thousand dollars)"``.
        reference: where to draw the reference line, if anywhere.
        reference_label: the reference line's legend entry.
    """
    plot = _new_axes(title, "", ylabel)
    names = list(values)
    plot.axes.bar(names, [values[n] for n in names], color=COLORS[0], alpha=0.8)
    if reference is not None:
        plot.axes.axhline(
            reference, color=COLORS[1], linestyle="--", label=reference_label
        )
        plot.axes.legend()
    return plot


def plot_curves(
    x: Sequence[float] | np.ndarray,
    curves: Mapping[str, Sequence[float] | np.ndarray],
    *,
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    log_x: bool = False,
    log_y: bool = False,
) -> Plot:
    """Several curves over one shared x axis that is not epochs (e.g. the
    loss of a learning-rate range test against the rate, or a weight's
    distance from the minimum against the step), one colour (and from the
    third curve on one marker) per curve, with a legend below.

    Args:
        x: the shared x values.
        curves: ``{"name": y values, ...}``, each as long as ``x``.
        xlabel, ylabel: axis labels, with units.
        log_x, log_y: logarithmic axes (for rates spread over powers of ten,
            or values that grow or shrink geometrically).
    """
    if not curves:
        raise ValueError("plot_curves needs at least one curve")
    positions = np.asarray(x, dtype=float)
    plot = _new_axes(title, xlabel, ylabel)
    for index, (name, values) in enumerate(curves.items()):
        series = np.asarray(values, dtype=float)
        if series.shape != positions.shape:
            raise ValueError(
                f"curve {name!r} has {series.size} values for {positions.size} x values"
            )
        plot.axes.plot(
            positions,
            series,
            label=name,
            **_run_style(index, len(series)),
            **TRAINING_STYLE,
        )
    if log_x:
        plot.axes.set_xscale("log")
    if log_y:
        plot.axes.set_yscale("log")
    plot.axes.legend(ncols=min(3, len(curves)))
    return plot
