"""Checks for lesson 6, dropout.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.checks import describe_row, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public
from helpers.exercises.plain import Unsupported

IMDB_WORDS = 10_000
"""Input width of the lesson's IMDB model."""

DROPOUT_MODEL_PARAMETERS = 160_305
"""Weights of the (16, 16) IMDB model; Dropout layers add none."""


def imdb_parameters(hidden_units: int) -> int:
    """Weights of the IMDB model with two hidden layers of ``hidden_units``
    (160,305 for 16); Dropout layers add none."""
    return (
        (IMDB_WORDS + 1) * hidden_units
        + (hidden_units + 1) * hidden_units
        + (hidden_units + 1)
    )


# ------------------------------------------------- Exercise 1: inverted_dropout


def dropout_like(
    inputs: np.ndarray, rate: float, rng: np.random.Generator
) -> np.ndarray:
    """What a ``Dropout(rate)`` layer gives in training mode (NumPy, same
    dtype as ``inputs``): each entry zeroed with probability ``rate``, the
    others divided by ``1 - rate``."""
    keep = rng.random(inputs.shape) >= rate
    return (inputs * keep / (1 - rate)).astype(inputs.dtype)


def _result_array(outcome: Outcome, activations: np.ndarray) -> np.ndarray:
    """The returned value as a float array shaped like ``activations``, or
    a readable failure."""
    found = outcome.returned()
    what = outcome.run.describe()
    try:
        if not isinstance(found, (np.ndarray, list, tuple)):
            raise TypeError(type(found).__name__)
        array = np.asarray(found, dtype=float)
    except (TypeError, ValueError):
        fail(
            f"{what} should return a NumPy array",
            found=found if isinstance(found, Unsupported) else type(found).__name__,
            hint="return the dropped-out activations as an array, e.g. "
            "(activations * keep / (1 - rate)).astype(activations.dtype).",
        )
    if array.shape != activations.shape:
        fail(
            f"{what} returned an array of another shape",
            expected=activations.shape,
            found=array.shape,
            hint="keep the shape of activations: draw the mask with "
            "rng.random(activations.shape).",
        )
    return array


def same_shape_and_dtype(activations: np.ndarray) -> Callable[..., None]:
    """A judge: the result has the shape and dtype of ``activations``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        _result_array(outcome, activations)
        dtype = np.asarray(outcome.value).dtype
        if dtype != activations.dtype:
            fail(
                f"{outcome.run.describe()} returned {dtype} values, not "
                f"{activations.dtype}",
                expected=f"{activations.shape} {activations.dtype}",
                found=f"{np.shape(outcome.value)} {dtype}",
                hint=".astype(activations.dtype) keeps float32 as float32.",
            )

    return judge


def zeroes_a_fraction(activations: np.ndarray, rate: float) -> Callable[..., None]:
    """A judge: the fraction of zeros is within 6 sigma of ``rate``
    (``activations`` has no zeros)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        dropped = _result_array(outcome, activations)
        zeroed = float(np.mean(dropped == 0))
        tolerance = 6 * np.sqrt(rate * (1 - rate) / activations.size)
        if not abs(zeroed - rate) <= tolerance:
            fail(
                f"{outcome.run.describe()}: the fraction of zeros is not close to "
                f"rate (± {tolerance:.4f})",
                expected=rate,
                found=zeroed,
                hint="zero each entry with probability rate: keep it where "
                "rng.random(shape) >= rate.",
            )

    return judge


def scales_survivors(activations: np.ndarray, rate: float) -> Callable[..., None]:
    """A judge: every non-zero entry is its input divided by ``1 - rate``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        dropped = _result_array(outcome, activations)
        inputs = activations.astype(float)
        kept = dropped != 0
        if not np.allclose(dropped[kept], inputs[kept] / (1 - rate), rtol=1e-5):
            fail(
                f"{outcome.run.describe()}: the kept entries are not "
                "input / (1 - rate)",
                expected=1 / (1 - rate),
                found=(dropped[kept] / inputs[kept])[:4],
                hint="divide the kept entries by 1 - rate (inverted dropout).",
            )

    return judge


def keeps_the_mean(activations: np.ndarray, rate: float) -> Callable[..., None]:
    """A judge: the mean after dropout is within 6 sigma of the mean
    before."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        dropped = _result_array(outcome, activations)
        inputs = activations.astype(float)
        spread = np.sqrt(np.mean(inputs**2) * rate / (1 - rate))
        tolerance = 6 * spread / np.sqrt(activations.size)
        if not abs(float(dropped.mean()) - float(inputs.mean())) <= tolerance:
            fail(
                f"{outcome.run.describe()}: the mean after dropout is off by more "
                f"than {tolerance:.4g}",
                expected=float(inputs.mean()),
                found=float(dropped.mean()),
                hint="inverted dropout keeps the expected value: zero with "
                "probability rate, divide the rest by 1 - rate.",
            )

    return judge


def dropout_rules(activations: np.ndarray, rate: float) -> Callable[..., None]:
    """A judge: fraction zeroed, survivor scaling and mean, all at once."""
    return judges.all_of(
        zeroes_a_fraction(activations, rate),
        scales_survivors(activations, rate),
        keeps_the_mean(activations, rate),
    )


def returns_input(
    activations: np.ndarray, hint: str, tolerance: float = 0.0
) -> Callable[..., None]:
    """A judge: the result equals ``activations`` (within a relative
    ``tolerance``)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = _result_array(outcome, activations)
        inputs = activations.astype(float)
        if not np.allclose(found, inputs, rtol=tolerance, atol=0):
            fail(
                f"{outcome.run.describe()} changed the activations",
                expected=activations,
                found=np.asarray(outcome.value),
                hint=hint,
            )

    return judge


def _activations() -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.uniform(0.5, 1.5, size=(200, 250)).astype("float32")


def inverted_dropout_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    activations = _activations()
    call = Call("inverted_dropout", (activations, 0.5), {"seed": 1})
    return [
        case(
            "same shape and dtype (float32) as the input",
            call,
            judge=same_shape_and_dtype(activations),
        ),
        case(
            "rate 0.5: about half of the 50,000 entries are zeroed (6-sigma)",
            call,
            judge=zeroes_a_fraction(activations, 0.5),
        ),
        case(
            "rate 0.5: survivors are scaled by 1 / (1 - rate)",
            call,
            judge=scales_survivors(activations, 0.5),
        ),
        case(
            "rate 0.5: the mean after dropout stays close to the mean before",
            call,
            judge=keeps_the_mean(activations, 0.5),
        ),
        case("activations are left unchanged", call, judge=judges.unchanged()),
        case(
            "training=False returns the activations unchanged",
            Call("inverted_dropout", (activations, 0.5), {"training": False}),
            judge=returns_input(
                activations,
                "at inference nothing is dropped and nothing is scaled.",
            ),
        ),
        case(
            "rate 1.0 raises ValueError",
            Call("inverted_dropout", (activations, 1.0)),
            judge=judges.raises(
                "ValueError", hint="raise ValueError unless 0 <= rate < 1."
            ),
        ),
    ]


# ----------------------------------------------- Exercise 2: dropout_statistics


def _pair(outcome: Outcome) -> tuple[float, float]:
    """The returned ``(fraction_dropped, survivor_scale)``, or a readable
    failure."""
    found = outcome.returned()
    what = outcome.run.describe()
    if not isinstance(found, (tuple, list)) or len(found) != 2:
        fail(
            f"{what} should return a pair (fraction_dropped, survivor_scale)",
            found=found,
            hint="return fraction_dropped, survivor_scale",
        )
    for name, value in zip(("fraction_dropped", "survivor_scale"), found, strict=True):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not np.isfinite(value)
        ):
            fail(
                f"{what}: {name} should be a single finite number",
                found=value,
                hint="return floats, e.g. float(np.mean(...)); survivor_scale "
                "averages over entries where both arrays are non-zero.",
            )
    return float(found[0]), float(found[1])


def statistic_close(
    index: int, expected: float, *, tolerance: float, hint: str | None = None
) -> Callable[..., None]:
    """A judge: item ``index`` of the returned pair is within ``tolerance``
    of ``expected``."""
    name = ("fraction_dropped", "survivor_scale")[index]

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = _pair(outcome)[index]
        if not abs(found - expected) <= tolerance:
            fail(
                f"{outcome.run.describe()}: {name} is off by more than {tolerance:g}",
                expected=expected,
                found=found,
                hint=hint,
            )

    return judge


def finite_pair(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the call returns two finite numbers."""
    _pair(outcome)


def statistics_of(inputs: np.ndarray, outputs: np.ndarray) -> tuple[float, float]:
    """The lesson's definition, for expected values of visible cases."""
    active = inputs != 0
    survived = active & (outputs != 0)
    fraction = 1 - survived.sum() / active.sum()
    scale = np.mean(outputs[survived].astype(float) / inputs[survived])
    return float(fraction), float(scale)


def dropout_statistics_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    small = Call(
        "dropout_statistics",
        (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[0.0, 4.0], [6.0, 0.0]])),
    )
    ones = np.ones((200, 250), dtype="float32")
    outputs = dropout_like(ones, 0.25, np.random.default_rng(7))
    fraction, _ = statistics_of(ones, outputs)
    layer = Call("dropout_statistics", (ones, outputs))
    return [
        case(
            "fraction_dropped of a 2x2 example is 0.5",
            small,
            judge=statistic_close(
                0,
                0.5,
                tolerance=1e-12,
                hint="two of the four non-zero inputs became 0.",
            ),
        ),
        case(
            "survivor_scale of a 2x2 example is 2",
            small,
            judge=statistic_close(
                1,
                2.0,
                tolerance=1e-12,
                hint="the survivors are 4 / 2 and 6 / 3: average outputs / inputs "
                "where both are non-zero.",
            ),
        ),
        case(
            f"a Dropout(0.25) output of 50,000 ones: fraction dropped {fraction:.4f}",
            layer,
            judge=statistic_close(
                0,
                fraction,
                tolerance=1e-9,
                hint="count the entries where inputs != 0 and outputs == 0.",
            ),
        ),
        case(
            "a Dropout(0.25) output of 50,000 ones: survivor scale 1 / 0.75",
            layer,
            judge=statistic_close(1, 1 / 0.75, tolerance=1e-5),
        ),
    ]


# ---------------------------------------------- Exercise 3: build_dropout_model


def expected_layers(rate: float, hidden_units: int = 16) -> list[list]:
    """Rows of :func:`helpers.checks.layer_summary` for the exercise's
    model."""
    return [
        ["Dense", hidden_units, "relu", None],
        ["Dropout", float(rate)],
        ["Dense", hidden_units, "relu", None],
        ["Dropout", float(rate)],
        ["Dense", 1, "sigmoid", None],
    ]


def _model(outcome: Outcome) -> dict:
    """The returned model's description, or a readable failure."""
    found = outcome.returned()
    if not isinstance(found, dict) or "layers" not in found:
        fail(
            f"{outcome.run.describe()} should return a Keras model",
            found=found if isinstance(found, Unsupported) else type(found).__name__,
            hint="build the model, compile it, and `return model`.",
        )
    return found


def is_built(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the model knows its input size."""
    if _model(outcome)["parameters"] is None:
        fail(
            "the model is not built: Keras does not know its input size",
            hint="start with keras.Input(shape=(10_000,)).",
        )


def has_layers(rate: float, hidden_units: int = 16) -> Callable[..., None]:
    """A judge: Dense(hidden_units), Dropout(rate), Dense(hidden_units),
    Dropout(rate), Dense(1, sigmoid), without regularizers."""
    expected = expected_layers(rate, hidden_units)
    hint = (
        "a Dropout(rate) right after each hidden Dense layer, none after the "
        "output layer, and no regularizers."
    )

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = _model(outcome)["layers"]
        if judges.same(found, expected, tolerance=1e-9):
            return
        widths = [row[1] for row in found if row and row[0] == "Dense"]
        if len(widths) == 3 and widths[:2] != [hidden_units] * 2:
            fail(
                f"the hidden layers have {widths[0]} and {widths[1]} units, "
                f"expected {hidden_units} each",
                expected=[describe_row(r) for r in expected],
                found=[describe_row(r) for r in found],
                hint="use hidden_units for the width of both hidden Dense layers "
                "(16 when it is not given).",
            )
        if len(found) != len(expected):
            fail(
                f"the model has {len(found)} layers, expected {len(expected)}",
                expected=[describe_row(r) for r in expected],
                found=[describe_row(r) for r in found],
                hint=hint,
            )
        for index, (got, want) in enumerate(zip(found, expected, strict=True)):
            if not judges.same(got, want, tolerance=1e-9):
                fail(
                    f"layer {index} differs",
                    expected=describe_row(want),
                    found=describe_row(got),
                    hint=hint,
                )

    return judge


def reads_imdb_reviews(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the input has 10,000 features."""
    shape = _model(outcome)["input_shape"]
    if not judges.same(shape, [None, IMDB_WORDS]):
        fail(
            "the input width differs",
            expected=(None, IMDB_WORDS),
            found=tuple(shape) if shape else shape,
            hint="keras.Input(shape=(10_000,)).",
        )


def has_parameters(hidden_units: int = 16) -> Callable[..., None]:
    """A judge: as many parameters as the same model without dropout
    (160,305 for 16 hidden units)."""
    expected = imdb_parameters(hidden_units)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = _model(outcome)["parameters"]
        if found != expected:
            fail(
                "the parameter count differs",
                expected=expected,
                found=found,
                hint=f"Dense({hidden_units}), Dense({hidden_units}), Dense(1) on "
                "10,000 inputs; Dropout adds no weights.",
            )

    return judge


has_reference_parameters = has_parameters(16)
"""A judge: 160,305 parameters, as the (16, 16) model without dropout."""


def uses_rmsprop(outcome: Outcome, ref: Any = None) -> None:
    """A judge: compiled with RMSprop(learning_rate=1e-3)."""
    optimizer = _model(outcome)["optimizer"]
    if optimizer is None:
        fail(
            "the model is not compiled",
            hint="call model.compile(optimizer=..., loss=..., metrics=[...]).",
        )
    name, rate = optimizer
    if name != "RMSprop" or not np.isclose(rate, 1e-3, rtol=1e-6):
        fail(
            "the optimizer differs",
            expected="RMSprop(learning_rate=0.001)",
            found=f"{name}(learning_rate={rate:g})",
            hint="optimizer=keras.optimizers.RMSprop(learning_rate=1e-3).",
        )


def _labels() -> tuple[np.ndarray, np.ndarray]:
    """Three small multi-hot reviews and their labels."""
    reviews = np.random.default_rng(6).random((3, IMDB_WORDS)) < 0.02
    return reviews.astype("float32"), np.array([[1.0], [0.0], [1.0]], "float32")


def evaluate_on_reviews() -> tuple[tuple[str, Any], ...]:
    """The ``observe`` argument of a call whose loss is judged by
    :func:`uses_cross_entropy`."""
    x, y = _labels()
    return (("evaluate", {"x": x, "y": y}),)


def uses_cross_entropy(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the loss Keras reports on three reviews is the binary
    cross-entropy of the model's own predictions (needs the call to observe
    :func:`evaluate_on_reviews`)."""
    _model(outcome)
    observed = outcome.observed[0] if outcome.observed else None
    if isinstance(observed, Unsupported) or not isinstance(observed, dict):
        fail(
            "the model could not be evaluated on three reviews",
            found=observed,
            hint='compile it with loss="binary_crossentropy" and metrics=["accuracy"].',
        )
    _, labels = _labels()
    try:
        loss = float(observed["scores"]["loss"])
        scores = np.asarray(observed["predictions"], dtype=float)
        scores = np.clip(scores.reshape(labels.shape), 1e-7, 1 - 1e-7)
    except (KeyError, TypeError, ValueError):
        fail(
            "the model's evaluation gave no loss or predictions of the right shape",
            hint='one sigmoid output per review: Dense(1, activation="sigmoid").',
        )
    expected = float(
        np.mean(-labels * np.log(scores) - (1 - labels) * np.log(1 - scores))
    )
    if not abs(loss - expected) <= 1e-4:
        fail(
            "the loss on three reviews is not the binary cross-entropy of the "
            "predictions",
            expected=expected,
            found=loss,
            hint='loss="binary_crossentropy".',
        )


def records_accuracy(outcome: Outcome, ref: Any = None) -> None:
    """A judge: accuracy is among the compiled metrics."""
    metrics = _model(outcome)["metrics"]
    if not any("acc" in str(name) for name in metrics or []):
        fail(
            "the model does not record accuracy",
            found=metrics,
            hint='metrics=["accuracy"] in compile().',
        )


def dropout_model_rules(rate: float, hidden_units: int = 16) -> Callable[..., None]:
    """A judge: every rule of Exercise 3 for ``build_dropout_model(rate,
    hidden_units)`` (the call must observe :func:`evaluate_on_reviews`)."""
    return judges.all_of(
        is_built,
        has_layers(rate, hidden_units),
        reads_imdb_reviews,
        has_parameters(hidden_units),
        uses_rmsprop,
        uses_cross_entropy,
        records_accuracy,
    )


def build_dropout_model_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    call = Call("build_dropout_model", (0.5,))
    return [
        case("the model is built", call, judge=is_built),
        case(
            "layers: Dense(16, relu), Dropout(0.5), Dense(16, relu), Dropout(0.5), "
            "Dense(1, sigmoid)",
            call,
            judge=has_layers(0.5),
        ),
        case("input: 10,000 multi-hot features", call, judge=reads_imdb_reviews),
        case(
            "160,305 parameters: dropout adds none",
            call,
            judge=has_reference_parameters,
        ),
        case("optimizer: RMSprop(learning_rate=0.001)", call, judge=uses_rmsprop),
        case(
            "loss: binary cross-entropy (checked on three reviews)",
            Call("build_dropout_model", (0.5,), observe=evaluate_on_reviews()),
            judge=uses_cross_entropy,
        ),
        case(
            f"build_dropout_model(0.3, hidden_units=32): two Dense(32) layers, "
            f"{imdb_parameters(32):,} parameters",
            Call("build_dropout_model", (0.3,), {"hidden_units": 32}),
            judge=judges.all_of(has_layers(0.3, 32), has_parameters(32)),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "inverted_dropout_test": inverted_dropout_cases,
    "dropout_statistics_test": dropout_statistics_cases,
    "build_dropout_model_test": build_dropout_model_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_inverted_dropout(inverted_dropout: Callable) -> None:
    """Check Exercise 1, ``inverted_dropout(activations, rate, training=True,
    seed=0)``."""
    run_public(inverted_dropout_cases(), {"inverted_dropout": inverted_dropout})


def check_dropout_statistics(dropout_statistics: Callable) -> None:
    """Check Exercise 2, ``dropout_statistics(inputs, outputs)``."""
    run_public(dropout_statistics_cases(), {"dropout_statistics": dropout_statistics})


def check_build_dropout_model(build_dropout_model: Callable) -> None:
    """Check Exercise 3, ``build_dropout_model(rate, hidden_units=16)``."""
    run_public(
        build_dropout_model_cases(), {"build_dropout_model": build_dropout_model}
    )
