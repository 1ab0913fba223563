"""Lesson 4's further claims: the polynomial U-curve, early stopping as
Keras does it (and as the student's function replays it), and the clock's
features.

Each function takes the lesson's own variables and returns a
:class:`~benchmarks.claims.ClaimResult`. Thresholds are constants with the
reason for their value, taken from the lecture's and the book's wording,
never from our runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from benchmarks.claims import (
    Check,
    ClaimResult,
    LessonClaim,
    MissingData,
    argmin_epoch,
    series,
)

LESSON = 4

UNDERFIT_RATIO_MIN = 5.0
"""Degree 1 "underfits": its validation error is at least five times the
best degree's. A straight line through a full cosine period leaves most of
the curve's variance (0.5) unexplained, while a good fit leaves only the
noise (0.04 at noise 0.2): a ratio near 10, so 5 leaves room for noise."""

OVERFIT_RATIO_MIN = 10.0
"""The highest degree "overfits": its validation error is at least ten
times the best degree's (an order of magnitude, not a wobble)."""

INTERPOLATION_ERROR_MAX = 1e-10
"""With as many coefficients as points the training error is zero up to
floating-point rounding (about 1e-20 for a stable fit)."""

GOOD_DEGREES = range(3, 9)
"""The lecture: degree 4 follows the true function closely. The best
validation degree lies in 3..8 (the curve is flat around there, so a few
noisy points may move the minimum by a degree or three)."""

ANGLES_ERROR_MAX = 1.0
"""Minutes: from the hour hand's angle the time is exactly linear
(2 minutes per degree), so a linear model reads it up to rounding."""

HARD_ERROR_MIN = 15.0
"""Minutes: a quarter of an hour, a reading no one would call right; the
pixels and the tips, which are not linear in the time, stay above it."""


def _floats(values: Any, name: str) -> list[float]:
    if not isinstance(values, Sequence) or isinstance(values, str) or not values:
        raise MissingData(f"{name} is not a non-empty list of numbers")
    return [float(v) for v in values]


def polynomial_degrees(
    degrees: Sequence[float], degree_errors: Sequence[Any], x_train: Sequence[float]
) -> ClaimResult:
    """Degree 1 underfits, the best validation degree is 3-8, the highest
    degree overfits, and with one coefficient per point it interpolates.
    ``degree_errors`` is what the student's function returned: (training
    errors, validation errors, best degree)."""
    if not isinstance(degree_errors, Sequence) or len(degree_errors) != 3:
        raise MissingData("degree_errors is not (train errors, val errors, best)")
    train_errors, val_errors, _ = degree_errors
    chosen = [int(d) for d in _floats(degrees, "degrees")]
    train = _floats(train_errors, "train_errors")
    val = _floats(val_errors, "val_errors")
    points = len(_floats(x_train, "x_train"))
    if not len(chosen) == len(train) == len(val) or 1 not in chosen:
        raise MissingData("degrees and errors do not match, or degree 1 is missing")
    best_index = min(range(len(val)), key=val.__getitem__)
    best_degree, best = chosen[best_index], val[best_index]
    top = max(range(len(chosen)), key=chosen.__getitem__)
    first = chosen.index(1)
    checks = [
        Check(
            f"degree 1 underfits: val error >= {UNDERFIT_RATIO_MIN:g} x the best",
            val[first] >= UNDERFIT_RATIO_MIN * best,
            f"{val[first]:.4g} vs {best:.4g} (x{val[first] / best:.1f})",
        ),
        Check(
            f"best validation degree in {GOOD_DEGREES.start}-{GOOD_DEGREES.stop - 1}",
            best_degree in GOOD_DEGREES,
            f"degree {best_degree}",
        ),
        Check(
            f"degree {chosen[top]} overfits: val error >= {OVERFIT_RATIO_MIN:g} x the "
            "best",
            val[top] >= OVERFIT_RATIO_MIN * best,
            f"{val[top]:.4g} (x{val[top] / best:.0f})",
        ),
        Check(
            f"{chosen[top] + 1} coefficients for {points} points: training error "
            f"<= {INTERPOLATION_ERROR_MAX:g}",
            chosen[top] + 1 == points and train[top] <= INTERPOLATION_ERROR_MAX,
            f"{train[top]:.3g}",
        ),
    ]
    numbers = {
        "best_degree": float(best_degree),
        "best_val_error": best,
        "degree1_val_error": val[first],
        "top_degree_val_error": val[top],
        "top_degree_train_error": train[top],
    }
    return ClaimResult(LESSON, "", checks, numbers)


def early_stopping(
    history_early: Any,
    history_dense: Any,
    stopped_after: float,
    restored_epoch: float,
    predicted_epochs: Sequence[float],
) -> ClaimResult:
    """Keras stops the 96-96 run before its epoch budget and restores its
    lowest-val-loss epoch; the student's function, replayed on the full
    run's val loss, names the same two epochs."""
    early = series(history_early, "val_loss")
    budget = len(series(history_dense, "val_loss"))
    keras_epochs = (int(stopped_after), int(restored_epoch))
    if not isinstance(predicted_epochs, Sequence) or len(predicted_epochs) != 2:
        raise MissingData("predicted_epochs is not (stop, restored)")
    predicted = (int(predicted_epochs[0]), int(predicted_epochs[1]))
    checks = [
        Check(
            f"Keras stops before the {budget}-epoch budget",
            keras_epochs[0] < budget and len(early) == keras_epochs[0],
            f"ran {len(early)} epochs",
        ),
        Check(
            "the restored epoch is the stopped run's lowest val loss",
            keras_epochs[1] == argmin_epoch(early),
            f"restored {keras_epochs[1]}, lowest at {argmin_epoch(early)}",
        ),
        Check(
            "the student's early_stopping_epoch on the full run agrees with Keras",
            predicted == keras_epochs,
            f"predicted {predicted}, Keras {keras_epochs}",
        ),
    ]
    numbers = {
        "stopped_after": float(keras_epochs[0]),
        "restored": float(keras_epochs[1]),
    }
    return ClaimResult(LESSON, "", checks, numbers)


def imdb_early_stopping(
    imdb_histories: Mapping[str, Any], imdb_stops: Mapping[str, Sequence[float]]
) -> ClaimResult:
    """The student's early_stopping_epoch (patience 2) restores each IMDB
    run's best epoch, and what it saves over the last epoch grows with the
    network: 4-4 < 16-16 < 512-512."""
    names = ("4-4", "16-16", "512-512")
    saved, restored = {}, {}
    try:
        for name in names:
            curve = series(imdb_histories[name], "val_loss")
            stop = imdb_stops[name]
            restored[name] = (int(stop[1]), argmin_epoch(curve))
            saved[name] = curve[-1] - curve[int(stop[1]) - 1]
    except (KeyError, IndexError, TypeError) as error:
        raise MissingData(f"IMDB histories or stops incomplete: {error}") from None
    checks = [
        Check(
            "each run restores its lowest-val-loss epoch",
            all(found == best for found, best in restored.values()),
            ", ".join(f"{n} {r[0]} (best {r[1]})" for n, r in restored.items()),
        ),
        Check(
            "val loss saved over the last epoch grows with size",
            saved["4-4"] < saved["16-16"] < saved["512-512"],
            ", ".join(f"{n} {v:.3f}" for n, v in saved.items()),
        ),
    ]
    return ClaimResult(LESSON, "", checks, {f"saved_{n}": v for n, v in saved.items()})


def clock_features(time_errors: Mapping[str, float]) -> ClaimResult:
    """A linear model reads the time from the hands' angles to within a
    minute, and is off by more than a quarter hour from pixels or tips."""
    if not isinstance(time_errors, Mapping):
        raise MissingData("time_errors is not a dict")
    try:
        angles = float(time_errors["hand angles"])
        others = {k: float(time_errors[k]) for k in ("pixels", "hand tips")}
    except KeyError as error:
        raise MissingData(f"time_errors has no {error}") from None
    checks = [
        Check(
            f"hand angles: error <= {ANGLES_ERROR_MAX:g} minute",
            angles <= ANGLES_ERROR_MAX,
            f"{angles:.3g} minutes",
        ),
        Check(
            f"pixels and hand tips: error >= {HARD_ERROR_MIN:g} minutes",
            all(v >= HARD_ERROR_MIN for v in others.values()),
            ", ".join(f"{k} {v:.1f}" for k, v in others.items()),
        ),
    ]
    return ClaimResult(LESSON, "", checks, {"angles": angles, **others})


CLAIMS = [
    LessonClaim(
        LESSON,
        "polynomials on noisy cos(x): degree 1 underfits, best validation degree "
        "3-8, the highest degree overfits while interpolating its points",
        polynomial_degrees,
        {
            "degrees": ("degrees",),
            "degree_errors": ("degree_errors",),
            "x_train": ("x_train",),
        },
    ),
    LessonClaim(
        LESSON,
        "EarlyStopping(patience=2) stops 96-96 early, restores its best epoch, and "
        "the student's early_stopping_epoch predicts both",
        early_stopping,
        {
            "history_early": ("history_early",),
            "history_dense": ("history_dense",),
            "stopped_after": ("stopped_after",),
            "restored_epoch": ("restored_epoch",),
            "predicted_epochs": ("predicted_epochs",),
        },
    ),
    LessonClaim(
        LESSON,
        "IMDB, patience 2: the student's early_stopping_epoch restores each run's "
        "best epoch; the val loss it saves grows from 4-4 to 16-16 to 512-512",
        imdb_early_stopping,
        {"imdb_histories": ("imdb_histories",), "imdb_stops": ("imdb_stops",)},
    ),
    LessonClaim(
        LESSON,
        "clocks: a linear model reads the time from hand angles within a minute, "
        "not from pixels or hand tips",
        clock_features,
        {"time_errors": ("time_errors",)},
    ),
]
