"""Checks for lesson 5, L2 regularization.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from helpers.checks import check_number, describe_row, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public
from helpers.exercises.plain import Make, Unsupported

IMDB_WORDS = 10_000
PARAMETERS = 160_305
"""Parameters of the (16, 16) IMDB model, with or without a penalty."""

# ------------------------------------------------ small models as inputs


def dense_recipe(
    input_dim: int,
    layers: Sequence[Sequence[Any]],
    rng: np.random.Generator,
    *,
    bias: float | None = None,
    scale: float = 0.4,
) -> Make:
    """A recipe for a small Sequential model with random float32 weights.

    ``layers`` are rows ``[units, activation, l2_or_None]`` (Dense) or
    ``["dropout", rate]``; biases are ``bias`` everywhere when given, else
    random too.
    """
    weights, width = [], int(input_dim)
    for row in layers:
        if row[0] == "dropout":
            continue
        units = int(row[0])
        weights.append(rng.normal(0.0, scale, (width, units)).astype("float32"))
        biases = rng.normal(0.0, scale, units) if bias is None else np.full(units, bias)
        weights.append(biases.astype("float32"))
        width = units
    rows = [list(row) for row in layers]
    return Make(
        "dense_model", {"input": int(input_dim), "layers": rows, "weights": weights}
    )


def hidden_penalty(recipe: Make, factor: float) -> float:
    """What ``l2(factor)`` on every hidden Dense kernel of ``recipe`` adds:
    ``factor`` times the sum of squares of every kernel but the last, in
    float64 (the rule the exercise states)."""
    kernels = [np.asarray(w, dtype=np.float64) for w in recipe.spec["weights"]]
    kernels = [k for k in kernels if k.ndim == 2]
    return float(factor * sum(np.sum(k**2) for k in kernels[:-1]))


PENALTY_HINT = (
    "sum factor * w ** 2 over the kernels of the hidden Dense layers (not the "
    "output layer, not the biases), read from layer.kernel."
)


def penalty_is(expected: float, *, hint: str = PENALTY_HINT) -> Callable[..., None]:
    """A judge: one finite number within a relative 1e-5 of ``expected``
    (float32 sums)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        what = outcome.run.describe()
        check_number(what, found)
        if not abs(float(found) - expected) <= 1e-5 * abs(expected) + 1e-9:
            fail(
                f"{what} differs from the penalty l2(factor) would add",
                expected=expected,
                found=found,
                hint=hint,
            )

    return judge


# ------------------------------------------------ the (16, 16) L2 model


def _reviews() -> tuple[np.ndarray, np.ndarray]:
    """Six multi-hot "reviews" and labels of shape (6,), as in the lesson."""
    rng = np.random.default_rng(11)
    reviews = (rng.random((6, IMDB_WORDS)) < 0.02).astype("float32")
    return reviews, np.array([1.0, 0.0, 1.0, 0.0, 1.0, 0.0], dtype="float32")


def l2_model_rows(factor: float) -> list[list]:
    """The layer rows (:func:`helpers.checks.layer_summary`) asked for."""
    return [
        ["Dense", 16, "relu", factor],
        ["Dense", 16, "relu", factor],
        ["Dense", 1, "sigmoid", None],
    ]


def _model(outcome: Outcome) -> dict:
    """The description of the returned model, or a readable failure."""
    found = outcome.returned()
    if not isinstance(found, dict) or "layers" not in found:
        fail(
            f"{outcome.run.describe()} should return a Keras model",
            found=found,
            hint="build it with keras.Sequential([...]), compile it, and "
            "`return model`.",
        )
    return found


def _same_rows(found: Sequence[Any], expected: Sequence[Any]) -> bool:
    if len(found) != len(expected):
        return False
    for got, want in zip(found, expected, strict=True):
        if list(got[:3]) != list(want[:3]) or len(got) != 4:
            return False
        if (got[3] is None) != (want[3] is None):
            return False
        if want[3] is not None and not np.isclose(got[3], want[3], rtol=1e-6):
            return False
    return True


def model_built(outcome: Outcome, ref: Any = None) -> None:
    """A judge: a built Keras model with a 10,000-feature input."""
    model = _model(outcome)
    what = outcome.run.describe()
    if model["input_shape"] is None:
        fail(
            f"the model of {what} is not built: Keras does not know its input size",
            hint="start with keras.Input(shape=(10_000,)).",
        )
    if list(model["input_shape"]) != [None, IMDB_WORDS]:
        fail(
            f"the model of {what} has the wrong input width",
            expected=[None, IMDB_WORDS],
            found=model["input_shape"],
            hint="keras.Input(shape=(10_000,)): one feature per word.",
        )


def has_layers(factor: float) -> Callable[..., None]:
    """A judge: Dense(16, relu) + l2(factor) twice, then Dense(1, sigmoid)."""
    expected = l2_model_rows(factor)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        model = _model(outcome)
        found = model["layers"]
        if _same_rows(found, expected):
            return
        hint = (
            "kernel_regularizer=keras.regularizers.l2(factor) on the two hidden "
            "layers only, with the factor passed in."
        )
        what = f"the layers of {outcome.run.describe()}"
        if len(found) != len(expected):
            fail(
                f"{what}: {len(found)} layers, expected {len(expected)}",
                expected=[describe_row(r) for r in expected],
                found=[describe_row(r) for r in found],
                hint=hint,
            )
        for index, (got, want) in enumerate(zip(found, expected, strict=True)):
            if not _same_rows([got], [want]):
                fail(
                    f"{what}: layer {index} differs",
                    expected=describe_row(want),
                    found=describe_row(got),
                    hint=hint,
                )

    return judge


def has_reference_size(outcome: Outcome, ref: Any = None) -> None:
    """A judge: as many parameters as the reference model."""
    model = _model(outcome)
    if model["parameters"] != PARAMETERS:
        fail(
            f"the model of {outcome.run.describe()} has a different parameter count",
            expected=PARAMETERS,
            found=model["parameters"],
            hint="10,000 -> 16 -> 16 -> 1 Dense layers; a penalty adds no parameters.",
        )


def is_compiled_as_asked(outcome: Outcome, ref: Any = None) -> None:
    """A judge: RMSprop(1e-3), an accuracy metric and ``cross_entropy``."""
    model = _model(outcome)
    what = f"the model of {outcome.run.describe()}"
    optimizer = model["optimizer"]
    if optimizer is None:
        fail(
            f"{what} is not compiled",
            hint="call model.compile(optimizer=..., loss=..., metrics=...) and "
            "return the model.",
        )
    name, rate = optimizer
    if name != "RMSprop" or not np.isclose(rate, 1e-3, rtol=1e-6):
        fail(
            f"{what}: the optimizer differs",
            expected="RMSprop(learning_rate=0.001)",
            found=f"{name}(learning_rate={rate:g})",
            hint="optimizer=keras.optimizers.RMSprop(learning_rate=1e-3).",
        )
    metrics = [str(m) for m in model["metrics"]]
    if not any("accuracy" in m for m in metrics) or "cross_entropy" not in metrics:
        fail(
            f"{what}: the metrics differ",
            expected=["accuracy", "cross_entropy"],
            found=metrics,
            hint='metrics=["accuracy", models.cross_entropy_metric()]: the '
            "experiment compares the runs on cross_entropy.",
        )


def _cross_entropy(labels: np.ndarray, scores: np.ndarray) -> float:
    scores = np.clip(np.asarray(scores, dtype=np.float64).reshape(-1), 1e-7, 1 - 1e-7)
    labels = np.asarray(labels, dtype=np.float64).reshape(-1)
    return float(np.mean(-labels * np.log(scores) - (1 - labels) * np.log(1 - scores)))


def loss_is_cross_entropy_plus_penalty(factor: float) -> Callable[..., None]:
    """A judge of a call observed with ``evaluate`` on :func:`_reviews` and
    the model's ``weights``: Keras' loss is the binary cross-entropy of the
    predictions plus ``factor`` times the squares of the two hidden kernels,
    and ``cross_entropy`` is the cross-entropy alone."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        _model(outcome)
        what = outcome.run.describe()
        evaluated, weights = outcome.observed
        if isinstance(evaluated, Unsupported):
            fail(
                f"model.evaluate on six reviews failed for the model of {what}",
                found=evaluated.type_name,
                hint='loss="binary_crossentropy" and metrics=["accuracy", '
                "models.cross_entropy_metric()] work with labels of shape (n,).",
            )
        if isinstance(weights, Unsupported) or not isinstance(weights, list):
            fail(f"the weights of the model of {what} could not be read")
        labels = _reviews()[1]
        scores = evaluated["scores"]
        if np.shape(evaluated["predictions"]) != (len(labels), 1):
            fail(
                f"the model of {what} should give one score per review",
                expected=(len(labels), 1),
                found=np.shape(evaluated["predictions"]),
                hint="end with keras.layers.Dense(1, activation='sigmoid').",
            )
        plain = _cross_entropy(labels, evaluated["predictions"])
        kernels = [np.asarray(w, dtype=np.float64) for w in weights]
        kernels = [k for k in kernels if k.ndim == 2]
        penalty = factor * sum(float(np.sum(k**2)) for k in kernels[:2])
        found = float(scores["loss"])
        if (
            "cross_entropy" in scores
            and not abs(scores["cross_entropy"] - plain) < 1e-4
        ):
            fail(
                f"the cross_entropy metric of {what} is not the plain binary "
                "cross-entropy",
                expected=plain,
                found=scores["cross_entropy"],
                hint="use models.cross_entropy_metric() as given.",
            )
        if not abs(found - (plain + penalty)) <= 1e-4 * (1 + abs(plain + penalty)):
            problem = (
                "the loss holds no L2 penalty"
                if abs(found - plain) < 1e-4
                else "the loss is not binary cross-entropy plus the L2 penalty of "
                "the two hidden kernels"
            )
            fail(
                f"{what}: {problem}",
                expected=plain + penalty,
                found=found,
                hint='loss="binary_crossentropy", and '
                "kernel_regularizer=keras.regularizers.l2(factor) on the hidden "
                "layers (no other regularizer).",
            )

    return judge


def observe_loss() -> tuple[tuple[str, Any], ...]:
    """Observers for :func:`loss_is_cross_entropy_plus_penalty`."""
    reviews, labels = _reviews()
    return (("evaluate", {"x": reviews, "y": labels}), ("attribute", "weights"))


def l2_model_judge(factor: float) -> Callable[..., None]:
    """Every rule of Exercise 2 on one call, except the loss check."""
    return judges.all_of(
        model_built, has_layers(factor), has_reference_size, is_compiled_as_asked
    )


# ------------------------------------------------ arrays


def array_close(
    expected: Any, *, tolerance: float, problem: str, hint: str | None = None
) -> Callable[..., None]:
    """A judge: a NumPy array of ``expected``'s shape within ``tolerance``."""
    expected = np.asarray(expected, dtype=float)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        try:
            values = np.asarray(found, dtype=float)
            good = values.shape == expected.shape and bool(
                np.allclose(values, expected, rtol=0, atol=tolerance)
            )
        except (TypeError, ValueError):
            good = False
        if not good:
            fail(problem, expected=expected, found=found, hint=hint)

    return judge


def one_value_per_epoch(epochs: int) -> Callable[..., None]:
    """A judge: a float NumPy array of shape ``(epochs,)``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        if not (isinstance(found, np.ndarray) and found.shape == (epochs,)):
            shape = np.shape(found) if not isinstance(found, Unsupported) else "?"
            fail(
                f"{outcome.run.describe()} should return a NumPy array, one value "
                "per epoch",
                expected=f"a NumPy array of shape ({epochs},)",
                found=f"{type(found).__name__} {shape}",
                hint="return np.asarray(...) - np.asarray(...).",
            )
        if found.dtype.kind != "f":
            fail(
                f"{outcome.run.describe()} should hold floats",
                found=f"dtype {found.dtype}",
                hint="np.asarray(..., dtype=float).",
            )

    return judge


# ------------------------------------------------------------------ cases


def l2_penalty_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    tiny = dense_recipe(
        50,
        [[8, "relu", 0.01], [4, "relu", 0.01], [1, "sigmoid", None]],
        np.random.default_rng(5),
        scale=0.3,
    )
    return [
        case(
            "l2_penalty matches Keras' penalty for a tiny (8, 4) model with l2(0.01)",
            Call("l2_penalty", (tiny, 0.01)),
            judge=penalty_is(hidden_penalty(tiny, 0.01)),
        ),
    ]


def build_l2_model_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    call = Call("build_l2_model", (0.002,))
    return [
        case(
            "build_l2_model(0.002) is built for 10,000 multi-hot features",
            call,
            judge=model_built,
        ),
        case(
            "layers: Dense(16, relu) + l2(0.002) twice, then Dense(1, sigmoid)",
            call,
            judge=has_layers(0.002),
        ),
        case(
            "160,305 parameters, as many as the reference model",
            call,
            judge=has_reference_size,
        ),
        case(
            "compiled with RMSprop(learning_rate=1e-3), accuracy and cross_entropy",
            call,
            judge=is_compiled_as_asked,
        ),
        case(
            "the loss is binary cross-entropy plus the penalty on the hidden kernels",
            Call("build_l2_model", (0.002,), observe=observe_loss()),
            judge=loss_is_cross_entropy_plus_penalty(0.002),
        ),
    ]


def validation_penalty_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    synthetic = {
        "val_loss": [0.9, 0.7, 0.65],
        "val_cross_entropy": [0.6, 0.45, 0.5],
        "loss": [1.0, 0.8, 0.7],
    }
    # Like a run without regularizer: Keras' two numbers differ by float32
    # rounding only.
    rng = np.random.default_rng(3)
    plain_ce = 0.28 + 0.3 * np.linspace(0, 1, 8) ** 2
    rounding = rng.normal(0, 2e-8, 8)
    reference_run = {
        "loss": list(np.linspace(0.5, 0.05, 8)),
        "val_loss": list(plain_ce + rounding),
        "val_cross_entropy": list(plain_ce),
    }
    l2_run = {
        "loss": list(np.linspace(0.6, 0.2, 8)),
        "val_loss": list(plain_ce + 0.07 + rng.uniform(0, 0.01, 8)),
        "val_cross_entropy": list(plain_ce),
    }
    return [
        case(
            "validation_penalty returns one float per epoch, as a NumPy array",
            Call("validation_penalty", (synthetic,)),
            judge=one_value_per_epoch(3),
        ),
        case(
            "validation_penalty is val_loss - val_cross_entropy",
            Call("validation_penalty", (synthetic,)),
            judge=array_close(
                [0.3, 0.25, 0.15],
                tolerance=1e-12,
                problem="wrong penalties for a three-epoch history",
                hint="subtract val_cross_entropy from val_loss, epoch by epoch "
                "(the validation keys, not loss).",
            ),
        ),
        case(
            "a run without regularizer carries no penalty",
            Call("validation_penalty", (reference_run,)),
            judge=judges.satisfies(
                lambda found: bool(
                    np.all(np.abs(np.asarray(found, dtype=float)) < 1e-4)
                    and len(found) == 8
                ),
                "a run without regularizer should show no penalty (all below 1e-4)",
                hint="subtract val_cross_entropy from val_loss, epoch by epoch.",
            ),
        ),
        case(
            "an L2 run pays a positive penalty at every epoch",
            Call("validation_penalty", (l2_run,)),
            judge=judges.satisfies(
                lambda found: bool(
                    np.all(np.asarray(found, dtype=float) > 0) and len(found) == 8
                ),
                "an L2 run should show a positive penalty at every epoch",
                hint="val_loss includes the penalty, val_cross_entropy does not: "
                "val_loss - val_cross_entropy.",
            ),
        ),
    ]


def decayed_weights(
    weights: np.ndarray, gradient: np.ndarray, learning_rate: float, factor: float
) -> np.ndarray:
    """What one plain gradient-descent step on loss + ``factor`` * sum(w ** 2)
    gives, written as weight decay: shrink, then step along ``gradient``."""
    weights = np.asarray(weights, dtype=np.float64)
    gradient = np.asarray(gradient, dtype=np.float64)
    return (1 - 2 * learning_rate * factor) * weights - learning_rate * gradient


STEP_HINT = (
    "the gradient of factor * w ** 2 is 2 * factor * w: subtract learning_rate "
    "times (gradient + 2 * factor * weights) from the weights."
)


def step_is(
    expected: np.ndarray, *, problem: str, hint: str = STEP_HINT
) -> Callable[..., None]:
    """A judge: a NumPy array of ``expected``'s shape, within 1e-9, with a
    prepared message for the common mistakes (no factor 2, sign, a step
    without the penalty, shrinking after the step)."""
    expected = np.asarray(expected, dtype=np.float64)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        what = outcome.run.describe()
        if not isinstance(found, np.ndarray):
            fail(
                f"{what} should return a NumPy array",
                expected=f"an array of shape {expected.shape}",
                found=type(found).__name__,
                hint="compute with NumPy arrays and return the result.",
            )
        try:
            values = np.asarray(found, dtype=np.float64)
        except (TypeError, ValueError):
            values = None
        if values is None or values.shape != expected.shape:
            fail(
                f"{what} should return new weights of the same shape",
                expected=expected.shape,
                found=np.shape(found),
                hint=hint,
            )
        assert values is not None
        if not np.allclose(values, expected, rtol=0, atol=1e-9):
            fail(f"{what}: {problem}", expected=expected, found=values, hint=hint)

    return judge


def l2_step_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
    weights = np.array([[0.5, -1.0], [2.0, 0.0]])
    gradient = np.array([[0.1, 0.2], [-0.3, 0.0]])
    no_gradient = np.zeros((2, 2))
    rng = np.random.default_rng(8)
    kernel = rng.normal(0.0, 0.3, (6, 3))
    kernel_gradient = rng.normal(0.0, 0.1, (6, 3))
    return [
        case(
            "factor 0: a plain gradient step, weights - learning_rate * gradient",
            Call("sgd_step_with_l2", (weights, gradient, 0.1, 0.0)),
            judge=step_is(
                weights - 0.1 * gradient,
                problem="without a penalty the step is weights - learning_rate * "
                "gradient",
                hint="subtract learning_rate * gradient from the weights (not add).",
            ),
        ),
        case(
            "no data gradient: the penalty alone shrinks every weight by "
            "1 - 2 * 0.1 * 0.5 = 0.9",
            Call("sgd_step_with_l2", (weights, no_gradient, 0.1, 0.5)),
            judge=step_is(
                0.9 * weights,
                problem="with a zero gradient the penalty's step should multiply "
                "every weight by 1 - 2 * learning_rate * factor",
            ),
        ),
        case(
            "a (6, 3) kernel: learning rate 0.05, factor 0.01",
            Call("sgd_step_with_l2", (kernel, kernel_gradient, 0.05, 0.01)),
            judge=judges.all_of(
                step_is(
                    decayed_weights(kernel, kernel_gradient, 0.05, 0.01),
                    problem="the step differs from gradient descent on the loss "
                    "plus the L2 penalty",
                ),
                judges.unchanged(
                    hint="build a new array (weights - ...), do not update "
                    "weights with -= or *=."
                ),
            ),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "l2_penalty_test": l2_penalty_cases,
    "build_l2_model_test": build_l2_model_cases,
    "validation_penalty_test": validation_penalty_cases,
    "sgd_step_with_l2_test": l2_step_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_l2_penalty(l2_penalty: Callable) -> None:
    """Check Exercise 1, ``l2_penalty(model, factor)``."""
    run_public(l2_penalty_cases(), {"l2_penalty": l2_penalty})


def check_build_l2_model(build_l2_model: Callable) -> None:
    """Check Exercise 2, ``build_l2_model(factor)``."""
    run_public(build_l2_model_cases(), {"build_l2_model": build_l2_model})


def check_validation_penalty(validation_penalty: Callable) -> None:
    """Check Exercise 3, ``validation_penalty(history)`` (a history dict)."""
    run_public(validation_penalty_cases(), {"validation_penalty": validation_penalty})


def check_sgd_step_with_l2(sgd_step_with_l2: Callable) -> None:
    """Check Exercise 4, ``sgd_step_with_l2(weights, gradient, learning_rate,
    factor)``."""
    run_public(l2_step_cases(), {"sgd_step_with_l2": sgd_step_with_l2})
