"""Plots with one look for the whole course.

Training curves are solid, validation curves dashed; each run keeps one
colour. Every function returns a :class:`Plot` (``figure, axes``) so you can
add to it, and tests can inspect it. In Jupyter the figure shows by itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

FIGURE_SIZE = (7.0, 4.0)
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
TRAINING_STYLE = {"linestyle": "-", "linewidth": 1.8}
VALIDATION_STYLE = {"linestyle": "--", "linewidth": 1.8}

LABELS = {
    "loss": "loss",
    "accuracy": "accuracy",
    "cross_entropy": "cross-entropy (no penalty)",
    "mae": "mean absolute error",
}


class Plot(NamedTuple):
    """A figure and its axes, e.g. ``fig, ax = plot_history(history)``."""

    figure: Figure
    axes: Axes

    def _ipython_display_(self) -> None:
        # Jupyter's inline backend already shows the figure at the end of the
        # cell; showing this tuple's text as well would only add noise.
        pass


History = Any  # a keras.callbacks.History or its .history dict


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


def _new_axes(title: str | None, xlabel: str, ylabel: str) -> Plot:
    figure, axes = plt.subplots(figsize=FIGURE_SIZE, layout="constrained")
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    axes.grid(True, alpha=0.3)
    if xlabel == "epoch":  # whole epochs only, never 2.5
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if title:
        axes.set_title(title)
    return Plot(figure, axes)


def _epochs(values: Sequence[float], start: int = 1) -> np.ndarray:
    return np.arange(start, start + len(values))


def plot_history(
    history: History,
    metric: str = "loss",
    *,
    title: str | None = None,
) -> Plot:
    """Training (solid) and validation (dashed) ``metric`` per epoch.

    Args:
        history: what ``model.fit`` returned, or its ``.history`` dict.
        metric: e.g. ``"loss"``, ``"accuracy"``, ``"mae"``.
        title: a title that states the finding.
    """
    values = _as_dict(history)
    plot = _new_axes(title, "epoch", LABELS.get(metric, metric))
    train = _series(values, metric)
    plot.axes.plot(
        _epochs(train), train, color=COLORS[0], label="training", **TRAINING_STYLE
    )
    if f"val_{metric}" in values:
        val = values[f"val_{metric}"]
        plot.axes.plot(
            _epochs(val), val, color=COLORS[1], label="validation", **VALIDATION_STYLE
        )
    plot.axes.legend()
    return plot


def compare_runs(
    histories: Mapping[str, History],
    metric: str = "val_loss",
    *,
    title: str | None = None,
    with_training: bool = False,
) -> Plot:
    """Overlay one metric from several runs, one colour per run, with a legend.

    Args:
        histories: ``{"run name": history, ...}``.
        metric: the key to plot, e.g. ``"val_loss"`` or ``"val_accuracy"``.
        with_training: also draw the matching training curve (solid) for
            each run when ``metric`` is a validation metric.
    """
    if not histories:
        raise ValueError("compare_runs needs at least one history")
    base = metric.removeprefix("val_")
    plot = _new_axes(title, "epoch", LABELS.get(base, base))
    for index, (name, history) in enumerate(histories.items()):
        values = _as_dict(history)
        color = COLORS[index % len(COLORS)]
        series = _series(values, metric)
        style = VALIDATION_STYLE if metric.startswith("val_") else TRAINING_STYLE
        kind = " (validation)" if with_training and metric.startswith("val_") else ""
        plot.axes.plot(
            _epochs(series), series, color=color, label=f"{name}{kind}", **style
        )
        if with_training and metric.startswith("val_"):
            train = _series(values, base)
            plot.axes.plot(
                _epochs(train),
                train,
                color=color,
                alpha=0.6,
                label=f"{name} (training)",
                **TRAINING_STYLE,
            )
    plot.axes.legend()
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
    alpha = 0.35 if smoothed is not None else 1.0
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
    horizontal reference line (e.g. a baseline)."""
    plot = _new_axes(title, "", ylabel)
    names = list(values)
    plot.axes.bar(names, [values[n] for n in names], color=COLORS[0], alpha=0.8)
    if reference is not None:
        plot.axes.axhline(
            reference, color=COLORS[1], linestyle="--", label=reference_label
        )
        plot.axes.legend()
    return plot
