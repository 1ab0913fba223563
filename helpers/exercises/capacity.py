"""Checks for lesson 4, capacity.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from helpers.checks import describe_row, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public
from helpers.exercises.plain import Unsupported

IMDB_WORDS = 10_000
"""Width of a multi-hot IMDB review."""

POLYNOMIAL_HINT = (
    "for each degree: polynomial = np.polynomial.Polynomial.fit(x_train, "
    "y_train, degree), then np.mean((polynomial(x) - y) ** 2) on each set."
)
BEST_DEGREE_HINT = (
    "pick the degree whose VALIDATION error is lowest: "
    "degrees[int(np.argmin(val_errors))] (the degree itself, not its index)."
)
STABLE_HINT = (
    "np.polyfit on raw x loses digits at high degree; "
    "np.polynomial.Polynomial.fit rescales x to [-1, 1] first."
)
STOPPING_HINT = (
    "track the best loss and its epoch; an epoch improves only if its loss is "
    "strictly lower (<) than the best so far; stop once epoch - best_epoch >= "
    "patience on an epoch that does not improve."
)
ANGLE_HINT = (
    "np.degrees(np.arctan2(x, y)) % 360 for each hand: x first, so that "
    "the angle runs clockwise from 12 o'clock."
)
ANGLE_TOLERANCE = 1e-6
"""Degrees: far below any mistake, far above float rounding."""


# ------------------------------------------------------------------ rules


def dense_parameters(layer_widths: Sequence[int]) -> int:
    """Weights plus biases of Dense layers of these widths (the rule)."""
    widths = [int(w) for w in layer_widths]
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:], strict=True))


def polynomial_errors(
    x_train: np.ndarray,
    y_train: np.ndarray,
    x_val: np.ndarray,
    y_val: np.ndarray,
    degrees: Sequence[int],
) -> tuple[list[float], list[float], int]:
    """The rule behind Exercise 1: least-squares fits (rescaled x), their
    mean squared errors on both sets, and the degree of the lowest
    validation error (first on a tie)."""
    train, val = [], []
    for degree in degrees:
        fitted = np.polynomial.Polynomial.fit(x_train, y_train, int(degree))
        train.append(float(np.mean((fitted(x_train) - y_train) ** 2)))
        val.append(float(np.mean((fitted(x_val) - y_val) ** 2)))
    return train, val, int(list(degrees)[int(np.argmin(val))])


def keras_early_stopping(val_losses: Sequence[float], patience: int) -> tuple[int, int]:
    """The rule of ``keras.callbacks.EarlyStopping(monitor="val_loss",
    patience=patience, restore_best_weights=True)`` with ``min_delta=0``:
    (epoch after which training stops, epoch restored), from 1
    (``tests/test_capacity_extra.py`` replays Keras' own callback)."""
    best_loss, best_epoch = math.inf, 1
    for epoch, loss in enumerate(val_losses, start=1):
        if epoch == 1 or loss < best_loss:
            best_loss, best_epoch = float(loss), epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses), best_epoch


def clock_tips(minutes: np.ndarray) -> np.ndarray:
    """Hour and minute hand tips (x, y, y up) of clocks showing ``minutes``
    after 12:00 (hand lengths 0.5 and 0.9), shape (n, 4)."""
    hour = np.radians(0.5 * np.asarray(minutes, dtype=float))
    minute = np.radians(6.0 * (np.asarray(minutes, dtype=float) % 60))
    return np.stack(
        [
            0.5 * np.sin(hour),
            0.5 * np.cos(hour),
            0.9 * np.sin(minute),
            0.9 * np.cos(minute),
        ],
        axis=1,
    )


def clock_angles(minutes: np.ndarray) -> np.ndarray:
    """The hands' angles in degrees clockwise from 12 (the rule), (n, 2)."""
    minutes = np.asarray(minutes, dtype=float)
    return np.stack([(0.5 * minutes) % 360, (6.0 * (minutes % 60)) % 360], axis=1)


def imdb_layers(hidden_units: Sequence[int]) -> list[list]:
    """The layer rows (``describe_model``) of the IMDB model for
    ``hidden_units``."""
    rows = [["Dense", int(w), "relu", None] for w in hidden_units]
    return [*rows, ["Dense", 1, "sigmoid", None]]


def multi_hot_reviews(
    rng: np.random.Generator, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` random multi-hot reviews (2 % of the words) and 0/1
    sentiments, float32."""
    reviews = (rng.random((count, IMDB_WORDS)) < 0.02).astype(np.float32)
    sentiments = rng.integers(0, 2, size=count).astype(np.float32)
    return reviews, sentiments


def noisy_cosine(
    rng: np.random.Generator, train: int, val: int, noise: float = 0.2
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The lesson's kind of data: ``train`` evenly spaced and ``val`` random
    points of cos(x) on [0, 2 pi] with Gaussian noise."""
    x_train = np.linspace(0, 2 * np.pi, train)
    y_train = np.cos(x_train) + rng.normal(0, noise, size=train)
    x_val = rng.uniform(0, 2 * np.pi, size=val)
    y_val = np.cos(x_val) + rng.normal(0, noise, size=val)
    return x_train, y_train, x_val, y_val


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _close(found: Sequence[float], expected: Sequence[float]) -> bool:
    return bool(
        np.allclose(np.asarray(found, dtype=float), expected, rtol=1e-6, atol=1e-9)
    )


# ----------------------------------------------------------------- judges


def _three_results(outcome: Outcome, count: int) -> tuple[list, list, Any]:
    """(training errors, validation errors, best degree) from a returned
    triple, or a readable failure."""
    found = outcome.returned()
    what = outcome.run.describe().split("(")[0]
    hint = "return train_errors, val_errors, best_degree (two lists and an int)."
    if not isinstance(found, (tuple, list)) or len(found) != 3:
        fail(f"{what} should return three things", found=found, hint=hint)
    train, val, best = found
    for name, values in (("training errors", train), ("validation errors", val)):
        if isinstance(values, np.ndarray):
            values = values.tolist()
        if not isinstance(values, (list, tuple)) or len(values) != count:
            fail(
                f"{what}: the {name} should be a list with one error per degree "
                f"({count})",
                found=values,
                hint=hint,
            )
        if not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            for v in values
        ):
            fail(
                f"{what}: the {name} should be finite numbers", found=values, hint=hint
            )
    return (
        list(np.asarray(train, dtype=float)),
        list(np.asarray(val, dtype=float)),
        best,
    )


def degree_errors(
    expected: tuple[list[float], list[float], int], *, check_best: bool = True
) -> Callable[..., None]:
    """A judge: the errors per degree are the least-squares fits' mean
    squared errors (relative 1e-6), and the best degree is the one of the
    lowest validation error."""
    train_expected, val_expected, best_expected = expected

    def judge(outcome: Outcome, ref: Any = None) -> None:
        train, val, best = _three_results(outcome, len(val_expected))
        what = outcome.run.describe()
        if _close(train, val_expected) and not _close(train, train_expected):
            fail(
                f"{what}: the training errors are the validation errors",
                hint="measure the training error on x_train, y_train.",
            )
        if not _close(val, val_expected):
            swapped = _close(val, train_expected)
            fail(
                f"{what}: wrong validation errors",
                expected=np.round(val_expected, 6),
                found=np.round(val, 6),
                hint="fit on the training points, measure on x_val, y_val."
                if swapped
                else POLYNOMIAL_HINT,
            )
        if not _close(train, train_expected):
            fail(
                f"{what}: wrong training errors",
                expected=np.round(train_expected, 6),
                found=np.round(train, 6),
                hint=POLYNOMIAL_HINT,
            )
        if check_best and (not _is_int(best) or best != best_expected):
            fail(
                f"{what}: wrong best degree",
                expected=best_expected,
                found=best,
                hint=BEST_DEGREE_HINT,
            )

    return judge


def interpolates(points: int) -> Callable[..., None]:
    """A judge: with as many coefficients as points (the last degree), the
    training error is (numerically) zero."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        train, _, _ = _three_results(outcome, 2)
        if not train[-1] <= 1e-10:
            fail(
                f"degree {points - 1} has {points} coefficients for {points} points, "
                "so its training error should be about 0",
                expected="<= 1e-10",
                found=train[-1],
                hint=STABLE_HINT,
            )

    return judge


def stopping_epochs(expected: tuple[int, int]) -> Callable[..., None]:
    """A judge: ``early_stopping_epoch`` returns the two int epochs
    ``expected`` (stop, restored)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        what = outcome.run.describe()
        if (
            not isinstance(found, (tuple, list))
            or len(found) != 2
            or not all(_is_int(v) for v in found)
        ):
            fail(
                f"{what} should return two ints (stop epoch, restored epoch)",
                found=found,
                hint="return stop_epoch, best_epoch (counted from 1).",
            )
        if tuple(found) != tuple(expected):
            stop, restored = expected
            if tuple(found) == (stop - 1, restored - 1):
                hint = "epochs count from 1: enumerate(val_losses, start=1)."
            elif found[0] != stop:
                hint = STOPPING_HINT
            else:
                hint = "restore the epoch of the best loss (the first one on a tie)."
            fail(
                f"wrong epochs from {what}",
                expected=tuple(expected),
                found=tuple(found),
                hint=hint,
            )

    return judge


def angles_of(minutes: np.ndarray) -> Callable[..., None]:
    """A judge: ``hand_angles`` returns the (n, 2) angles of clocks showing
    ``minutes``, in degrees clockwise from 12, each in [0, 360)."""
    expected = clock_angles(minutes)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        what = outcome.run.describe()
        try:
            angles = np.asarray(found, dtype=float)
        except (TypeError, ValueError):
            fail(f"{what} should return an array of angles", found=found)
        if angles.shape != expected.shape:
            fail(
                f"{what} should return one row of two angles per clock",
                expected=expected.shape,
                found=angles.shape,
                hint="stack the hour and minute angles as columns: shape (n, 2).",
            )
        if not np.all(np.isfinite(angles)):
            fail(f"{what} returned NaN or infinite angles", hint=ANGLE_HINT)
        if np.max(np.abs(angles)) <= 2 * np.pi + 1e-9 < np.max(expected):
            fail(
                f"{what} returned radians",
                expected=np.round(expected[:3], 3),
                found=np.round(angles[:3], 3),
                hint="convert with np.degrees(...).",
            )
        if np.any(angles < 0) or np.any(angles >= 360):
            fail(
                f"{what}: every angle should lie in [0, 360)",
                found=np.round(angles[(angles < 0) | (angles >= 360)][:4], 3),
                hint="np.arctan2 gives -180..180 degrees; % 360 maps them to 0..360.",
            )
        wrapped = np.abs((angles - expected + 180) % 360 - 180)
        if np.max(wrapped) > ANGLE_TOLERANCE:
            swapped = np.abs((angles[:, ::-1] - expected + 180) % 360 - 180)
            hint = (
                "the hour hand comes first: tips[:, 0:2] is the hour hand."
                if np.max(swapped) <= ANGLE_TOLERANCE
                else ANGLE_HINT
            )
            fail(
                f"{what}: wrong angles",
                expected=np.round(expected[:3], 3),
                found=np.round(angles[:3], 3),
                hint=hint,
            )

    return judge


def model_description(outcome: Outcome) -> dict:
    """The returned model's description, or a readable failure."""
    found = outcome.returned()
    what = outcome.run.describe()
    if isinstance(found, Unsupported) and "could not be described" in found.type_name:
        fail(
            f"{what} returned a model that could not be inspected",
            found=repr(found),
            hint="build it with keras.Sequential([keras.Input(shape=(10_000,)), "
            "...]) and compile it.",
        )
    if not isinstance(found, dict) or not isinstance(found.get("layers"), list):
        shown = repr(found) if isinstance(found, Unsupported) else type(found).__name__
        fail(
            f"{what} should return a Keras model",
            found=shown,
            hint="end the function with `return model` (the compiled model).",
        )
    return found


def has_layers(hidden_units: Sequence[int]) -> Callable[..., None]:
    """A judge: the model's layers are ``Dense(w, relu)`` per width, then
    ``Dense(1, sigmoid)``."""
    expected = imdb_layers(hidden_units)
    hint = "one Dense(width, activation='relu') per width, then Dense(1, sigmoid)."

    def judge(outcome: Outcome, ref: Any = None) -> None:
        rows = model_description(outcome)["layers"]
        what = outcome.run.describe()
        want = [describe_row(r) for r in expected]
        got = [describe_row(r) for r in rows]
        if len(rows) != len(expected):
            fail(
                f"{what}: the model has {len(rows)} layer(s) after the input, "
                f"expected {len(expected)}",
                expected=want,
                found=got,
                hint=hint,
            )
        for index, (row, wanted) in enumerate(zip(rows, expected, strict=True)):
            if list(row) != wanted:
                fail(
                    f"{what}: layer {index + 1} differs",
                    expected=describe_row(wanted),
                    found=describe_row(row),
                    hint=hint,
                )

    return judge


def takes_reviews(hidden_units: Sequence[int]) -> Callable[..., None]:
    """A judge: the model is built for 10,000 inputs and has the parameter
    count of its layers."""
    parameters = dense_parameters([IMDB_WORDS, *hidden_units, 1])

    def judge(outcome: Outcome, ref: Any = None) -> None:
        model = model_description(outcome)
        what = outcome.run.describe()
        if model.get("parameters") is None:
            fail(
                f"{what}: the model is not built, so it has no weights yet",
                hint="start with keras.Input(shape=(10_000,)).",
            )
        if model.get("input_shape") != [None, IMDB_WORDS]:
            fail(
                f"{what}: the model should take 10,000 inputs per review",
                expected=[None, IMDB_WORDS],
                found=model.get("input_shape"),
                hint="start with keras.Input(shape=(10_000,)).",
            )
        if model["parameters"] != parameters:
            fail(
                f"{what} has the wrong number of parameters",
                expected=parameters,
                found=model["parameters"],
                hint="10,000 inputs, one Dense layer per width, then Dense(1).",
            )

    return judge


def uses_rmsprop(outcome: Outcome, ref: Any = None) -> None:
    """A judge: compiled with ``RMSprop(learning_rate=1e-3)``."""
    optimizer = model_description(outcome).get("optimizer")
    what = outcome.run.describe()
    if optimizer is None:
        fail(
            f"{what}: the model is not compiled",
            hint="call model.compile(optimizer=..., loss=..., metrics=...) before "
            "returning it.",
        )
    name, rate = optimizer
    if name != "RMSprop" or not np.isclose(rate, 1e-3, rtol=1e-6, atol=0):
        fail(
            f"{what}: the optimizer differs",
            expected="RMSprop(learning_rate=0.001)",
            found=f"{name}(learning_rate={rate:g})",
            hint="optimizer=keras.optimizers.RMSprop(learning_rate=1e-3).",
        )


def _scores(outcome: Outcome) -> tuple[dict, np.ndarray]:
    """Keras' scores and predictions from the ``evaluate`` observation."""
    model_description(outcome)
    what = outcome.run.describe()
    observed = outcome.observed[0] if outcome.observed else None
    if isinstance(observed, Unsupported):
        fail(
            f"evaluating the model from {what} on reviews failed",
            found=observed.type_name.removeprefix("error: "),
            hint="compile with a loss and metrics=['accuracy'], and build the model "
            "for 10,000 inputs.",
        )
    scores = observed.get("scores") if isinstance(observed, dict) else None
    predictions = observed.get("predictions") if isinstance(observed, dict) else None
    if not isinstance(scores, dict) or not isinstance(predictions, np.ndarray):
        fail(
            f"the model from {what} gave no scores on reviews",
            hint="compile it with a loss and metrics=['accuracy'].",
        )
    return scores, predictions


def reports_accuracy(outcome: Outcome, ref: Any = None) -> None:
    """A judge: ``evaluate`` reports an ``accuracy`` score."""
    scores, _ = _scores(outcome)
    if "accuracy" not in scores:
        fail(
            f"the model from {outcome.run.describe()} reports no 'accuracy'",
            found=sorted(scores),
            hint='compile(..., metrics=["accuracy"]).',
        )


def binary_cross_entropy_loss(sentiments: np.ndarray) -> Callable[..., None]:
    """A judge: the loss ``evaluate`` reports is the binary cross-entropy of
    the model's own predictions for ``sentiments`` (float32: within 1e-3)."""
    hint = 'loss="binary_crossentropy".'

    def judge(outcome: Outcome, ref: Any = None) -> None:
        scores, predictions = _scores(outcome)
        what = outcome.run.describe()
        if predictions.shape != (len(sentiments), 1):
            fail(
                f"the model from {what} should predict one probability per review",
                expected=(len(sentiments), 1),
                found=predictions.shape,
                hint="end with Dense(1, activation='sigmoid').",
            )
        p = np.clip(predictions[:, 0].astype(float), 1e-7, 1 - 1e-7)
        expected = float(
            np.mean(-(sentiments * np.log(p) + (1 - sentiments) * np.log(1 - p)))
        )
        loss = scores.get("loss")
        if not isinstance(loss, (int, float)) or not np.isfinite(loss):
            fail(f"the model from {what} reports no finite loss", found=loss, hint=hint)
        if abs(float(loss) - expected) > 1e-3:
            fail(
                f"the loss of the model from {what} is not binary cross-entropy",
                expected=expected,
                found=loss,
                hint=hint,
            )

    return judge


# ------------------------------------------------------------------ cases


def validation_error_by_degree_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    rng = np.random.default_rng(4)
    line_x = np.linspace(-1.0, 3.0, 6)
    x_train, y_train, x_val, y_val = noisy_cosine(rng, 16, 50)
    few_x, few_y, _, _ = noisy_cosine(rng, 16, 10)
    degrees = [1, 3, 5, 9]
    unordered = [5, 1, 3]
    shuffled = Call(
        "validation_error_by_degree", (x_train, y_train, x_val, y_val, unordered)
    )
    lesson = Call(
        "validation_error_by_degree", (x_train, y_train, x_val, y_val, degrees)
    )
    return [
        case(
            "points on a straight line: a degree-1 fit has no error on either set",
            Call(
                "validation_error_by_degree",
                (line_x, 2 * line_x + 1, line_x + 0.5, 2 * line_x + 2, [1]),
            ),
            judge=degree_errors(([0.0], [0.0], 1)),
        ),
        case(
            "16 noisy points of cos(x), degrees [1, 3, 5, 9]: the least-squares "
            "errors and the best validation degree",
            lesson,
            judge=degree_errors(
                polynomial_errors(x_train, y_train, x_val, y_val, degrees)
            ),
        ),
        case(
            "degrees [5, 1, 3] keep their order, and the best is a degree, not "
            "an index",
            shuffled,
            judge=degree_errors(
                polynomial_errors(x_train, y_train, x_val, y_val, unordered)
            ),
        ),
        case(
            "16 points, degree 15 (16 coefficients): the fit passes through "
            "every training point",
            Call("validation_error_by_degree", (few_x, few_y, x_val, y_val, [1, 15])),
            judge=interpolates(16),
        ),
        case(
            "the inputs are left unchanged",
            lesson,
            judge=judges.unchanged(hint="read the arrays; do not change them."),
        ),
    ]


def early_stopping_epoch_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    epochs = np.arange(1, 21)
    falling = 0.106 + 0.2 * np.exp(-(epochs - 1) / 1.5)
    turned = np.where(epochs > 6, falling[5] + 0.004 * (epochs - 6), falling)
    dense = [round(float(v), 4) for v in turned + 0.003 * np.sin(3 * epochs)]
    examples: list[tuple[str, list[float], int]] = [
        (
            "the example: [0.5, 0.4, 0.45, 0.41, 0.6], patience 2",
            [0.5, 0.4, 0.45, 0.41, 0.6],
            2,
        ),
        ("a loss that keeps falling never stops early", [0.5, 0.4, 0.3, 0.25], 2),
        ("not stopped, yet the best (earlier) epoch is restored", [0.5, 0.3, 0.35], 2),
        ("a tie with the best is no improvement", [0.5, 0.4, 0.4, 0.4, 0.3], 2),
        (
            "patience 0 stops at the first epoch that does not improve",
            [0.5, 0.4, 0.45, 0.3],
            0,
        ),
        ("a 20-epoch curve like the 96-96 run's, patience 2", dense, 2),
        ("the same curve, patience 5", dense, 5),
    ]
    found = [
        case(
            f"{title} -> {keras_early_stopping(losses, patience)}",
            Call("early_stopping_epoch", (losses, patience)),
            judge=stopping_epochs(keras_early_stopping(losses, patience)),
        )
        for title, losses, patience in examples
    ]
    found.append(
        case(
            "val_losses is left unchanged",
            Call("early_stopping_epoch", (dense, 2)),
            judge=judges.unchanged(hint="read val_losses; do not sort or change it."),
        )
    )
    return found


def hand_angles_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
    rng = np.random.default_rng(12)
    three, half_past_nine = np.array([180]), np.array([570])
    clocks = rng.integers(0, 720, size=50)
    return [
        case(
            "3:00 -> hour hand 90, minute hand 0",
            Call("hand_angles", (clock_tips(three),)),
            judge=angles_of(three),
        ),
        case(
            "9:30 -> hour hand 285, minute hand 180",
            Call("hand_angles", (clock_tips(half_past_nine),)),
            judge=angles_of(half_past_nine),
        ),
        case(
            "50 random clocks: angles clockwise from 12, in [0, 360)",
            Call("hand_angles", (clock_tips(clocks),)),
            judge=angles_of(clocks),
        ),
        case(
            "tips is left unchanged",
            Call("hand_angles", (clock_tips(clocks),)),
            judge=judges.unchanged(hint="compute new arrays; do not write into tips."),
        ),
    ]


def build_imdb_model_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    reviews, sentiments = multi_hot_reviews(np.random.default_rng(5), 32)
    call = Call("build_imdb_model", ((16, 16),))
    scored = Call(
        "build_imdb_model",
        ((16, 16),),
        observe=(("evaluate", {"x": reviews, "y": sentiments}),),
    )
    return [
        case(
            "build_imdb_model((16, 16)): Dense(16, relu), Dense(16, relu), "
            "Dense(1, sigmoid)",
            call,
            judge=has_layers((16, 16)),
        ),
        case(
            "the model takes 10,000 inputs (160,305 parameters)",
            call,
            judge=takes_reviews((16, 16)),
        ),
        case("optimizer: RMSprop(learning_rate=0.001)", call, judge=uses_rmsprop),
        case("the model reports 'accuracy'", scored, judge=reports_accuracy),
        case(
            "its loss on 32 random reviews is binary cross-entropy",
            scored,
            judge=binary_cross_entropy_loss(sentiments),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "validation_error_by_degree_test": validation_error_by_degree_cases,
    "early_stopping_epoch_test": early_stopping_epoch_cases,
    "build_imdb_model_test": build_imdb_model_cases,
    "hand_angles_test": hand_angles_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_validation_error_by_degree(validation_error_by_degree: Callable) -> None:
    """Check Exercise 1, ``validation_error_by_degree(...)``."""
    run_public(
        validation_error_by_degree_cases(),
        {"validation_error_by_degree": validation_error_by_degree},
    )


def check_early_stopping_epoch(early_stopping_epoch: Callable) -> None:
    """Check Exercise 2, ``early_stopping_epoch(val_losses, patience)``."""
    run_public(
        early_stopping_epoch_cases(), {"early_stopping_epoch": early_stopping_epoch}
    )


def check_build_imdb_model(build_imdb_model: Callable) -> None:
    """Check Exercise 3, ``build_imdb_model(hidden_units)``."""
    run_public(build_imdb_model_cases(), {"build_imdb_model": build_imdb_model})


def check_hand_angles(hand_angles: Callable) -> None:
    """Check Exercise 4, ``hand_angles(tips)``."""
    run_public(hand_angles_cases(), {"hand_angles": hand_angles})
