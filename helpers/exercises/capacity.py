"""Checks for lesson 4, capacity.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from helpers.checks import describe_row, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public
from helpers.exercises.plain import Make, Unsupported

IMDB_WORDS = 10_000
"""Width of a multi-hot IMDB review."""

COUNT_HINT = "each layer adds n_in * n_out weights + n_out biases."
EPOCH_HINT = "np.argmin gives a 0-based index; epochs start at 1."
HISTORY_HINT = (
    'a Keras History keeps its dict in .history: getattr(history, "history", '
    "history) gives the dict for both kinds of input."
)
NOISINESS_HINT = "np.mean(np.abs(np.diff(values)))"


# ------------------------------------------------------------------ rules


def dense_parameters(layer_widths: Sequence[int]) -> int:
    """Weights plus biases of Dense layers of these widths (the rule)."""
    widths = [int(w) for w in layer_widths]
    return sum(a * b + b for a, b in zip(widths[:-1], widths[1:], strict=True))


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


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ----------------------------------------------------------------- judges


def returns_int(*, hint: str) -> Callable[..., None]:
    """A judge: the call returns an ``int`` (not a float, bool or array)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        if not _is_int(found):
            fail(
                f"{outcome.run.describe()} should return an int",
                found=f"{found!r} ({type(found).__name__})",
                hint=hint,
            )

    return judge


def parameter_count(expected: int) -> Callable[..., None]:
    """A judge: ``count_dense_parameters`` returns the int ``expected``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        returns_int(hint="return int(total); the count is a whole number.")(outcome)
        found = outcome.returned()
        if found != expected:
            fail(
                f"wrong count for {outcome.run.describe()}",
                expected=expected,
                found=found,
                hint=COUNT_HINT,
            )

    return judge


def _history_answer(outcome: Outcome) -> Any:
    """The returned value; an error raised on a good history gets a hint on
    reading both kinds of input."""
    if outcome.raised and not (
        "NotImplementedError" in outcome.raised or outcome.missing
    ):
        fail(
            f"{outcome.run.describe()} raised {outcome.raised[0]}: {outcome.message}",
            hint=HISTORY_HINT,
        )
    return outcome.returned()


def epoch_is(expected: int | None = None) -> Callable[..., None]:
    """A judge: ``epoch_of_min_val_loss`` returns the int epoch ``expected``
    (``None``: the reference's answer, grader only)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = _history_answer(outcome)
        what = outcome.run.describe()
        if not _is_int(found):
            fail(
                f"{what} should return an int epoch",
                found=f"{found!r} ({type(found).__name__})",
                hint="wrap it in int(...).",
            )
        wanted = expected
        if wanted is None:
            if ref is None:
                return
            wanted = judges.reference_value(outcome, ref)
        if found != wanted:
            fail(
                f"wrong epoch from {what}",
                expected=wanted,
                found=found,
                hint=EPOCH_HINT,
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


def noisiness(expected: float) -> Callable[..., None]:
    """A judge: ``curve_noisiness`` returns one number within 1e-9 of
    ``expected``."""
    return judges.close(expected, tolerance=1e-9, hint=NOISINESS_HINT)


# ------------------------------------------------------------------ cases


def run_history(val_loss: Sequence[float] | np.ndarray) -> dict[str, list[float]]:
    """A Keras-style history dict around ``val_loss``: training loss falling
    steadily, accuracies beside both losses (4 decimals, like a log)."""
    epochs = np.arange(1, len(val_loss) + 1)
    loss = 0.3 * np.exp(-epochs / 3) + 0.02
    val = np.asarray(val_loss, dtype=float)
    return {
        "accuracy": [round(float(a), 4) for a in 1 - loss / 3],
        "loss": [round(float(v), 4) for v in loss],
        "val_accuracy": [round(float(a), 4) for a in 1 - val / 3],
        "val_loss": [round(float(v), 4) for v in val],
    }


def count_dense_parameters_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    return [
        case(
            "[784, 10]: 7,850 parameters, as Keras counts for logistic regression",
            Call("count_dense_parameters", ([784, 10],)),
            judge=parameter_count(dense_parameters([784, 10])),
        ),
        case(
            "[784, 96, 96, 10]: 85,642 parameters, as Keras counts for 96-96",
            Call("count_dense_parameters", ([784, 96, 96, 10],)),
            judge=parameter_count(dense_parameters([784, 96, 96, 10])),
        ),
    ]


def epoch_of_min_val_loss_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    epochs = np.arange(1, 21)
    logistic = run_history(0.26 + 0.1 / epochs)
    falling = 0.106 + 0.2 * np.exp(-(epochs - 1) / 1.5)
    dense = run_history(
        np.where(epochs > 6, falling[5] + 0.004 * (epochs - 6), falling)
    )
    return [
        case(
            "[0.50, 0.40, 0.45, 0.60] has its minimum at epoch 2",
            Call("epoch_of_min_val_loss", ({"val_loss": [0.50, 0.40, 0.45, 0.60]},)),
            judge=epoch_is(2),
        ),
        case(
            "a Keras History like your logistic run's: lowest at its last epoch, 20",
            Call("epoch_of_min_val_loss", (Make("history", logistic),)),
            judge=epoch_is(int(np.argmin(logistic["val_loss"])) + 1),
        ),
        case(
            "a Keras History like your 96-96 run's: lowest at epoch 6, then rising",
            Call("epoch_of_min_val_loss", (Make("history", dense),)),
            judge=epoch_is(int(np.argmin(dense["val_loss"])) + 1),
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


def curve_noisiness_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
    rng = np.random.default_rng(16)
    epochs = np.arange(20)
    val_loss = 0.28 + 0.012 * (epochs - 4) ** 2 / 4 + rng.normal(0, 0.02, 20)
    return [
        case(
            "[0.5, 0.7, 0.4] -> 0.25",
            Call("curve_noisiness", ([0.5, 0.7, 0.4],)),
            judge=noisiness(0.25),
        ),
        case(
            "a flat curve has noisiness 0",
            Call("curve_noisiness", ([0.3, 0.3, 0.3],)),
            judge=noisiness(0.0),
        ),
        case(
            "matches the definition on a 20-epoch validation loss like a 16-16 run's",
            Call("curve_noisiness", (val_loss,)),
            judge=noisiness(float(np.mean(np.abs(np.diff(val_loss))))),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "count_dense_parameters_test": count_dense_parameters_cases,
    "epoch_of_min_val_loss_test": epoch_of_min_val_loss_cases,
    "build_imdb_model_test": build_imdb_model_cases,
    "curve_noisiness_test": curve_noisiness_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_count_dense_parameters(count_dense_parameters: Callable) -> None:
    """Check Exercise 1, ``count_dense_parameters(layer_widths)``."""
    run_public(
        count_dense_parameters_cases(),
        {"count_dense_parameters": count_dense_parameters},
    )


def check_epoch_of_min_val_loss(epoch_of_min_val_loss: Callable) -> None:
    """Check Exercise 2, ``epoch_of_min_val_loss(history)``."""
    run_public(
        epoch_of_min_val_loss_cases(),
        {"epoch_of_min_val_loss": epoch_of_min_val_loss},
    )


def check_build_imdb_model(build_imdb_model: Callable) -> None:
    """Check Exercise 3, ``build_imdb_model(hidden_units)``."""
    run_public(build_imdb_model_cases(), {"build_imdb_model": build_imdb_model})


def check_curve_noisiness(curve_noisiness: Callable) -> None:
    """Check Exercise 4, ``curve_noisiness(values)``."""
    run_public(curve_noisiness_cases(), {"curve_noisiness": curve_noisiness})
