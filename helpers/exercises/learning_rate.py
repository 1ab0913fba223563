"""Checks for lesson 3, the learning rate.

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
from helpers.exercises.core import Call, Case, Judge, Outcome, case, run_public
from helpers.exercises.plain import Unsupported

# ------------------------------------------------- Exercise 3: the model

PIXELS = 784
DIGIT_LAYERS = [["Dense", 512, "relu", None], ["Dense", 10, "softmax", None]]
"""``describe_model`` rows of the lesson's classifier."""
PARAMETERS = PIXELS * 512 + 512 + 512 * 10 + 10  # 407,050

LAYERS_HINT = 'Dense(512, activation="relu"), then Dense(10, activation="softmax").'
INPUT_HINT = "start the model with keras.Input(shape=(784,))."
COMPILE_HINT = (
    "call model.compile(optimizer=keras.optimizers.RMSprop(learning_rate="
    'learning_rate), loss="sparse_categorical_crossentropy", metrics=["accuracy"]) '
    "before returning the model."
)
LOSS_HINT = (
    'compile(..., loss="sparse_categorical_crossentropy"): the labels are the '
    "digits 0-9, not one-hot vectors."
)


def random_images(
    rng: np.random.Generator, count: int = 32
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` random 784-pixel images in [0, 1) and random digit labels."""
    images = rng.random((count, PIXELS), dtype=np.float32)
    labels = rng.integers(0, 10, size=count)
    return images, labels


def evaluated(learning_rate: float, images: np.ndarray, labels: np.ndarray) -> Call:
    """``build_classifier(learning_rate)``, then ``evaluate`` the returned
    model on ``images`` and ``labels`` where it was built."""
    return Call(
        "build_classifier",
        (learning_rate,),
        observe=(("evaluate", {"x": images, "y": labels}),),
    )


def _description(outcome: Outcome) -> dict:
    """The returned model's description, or a failure if it is no model."""
    found = outcome.returned()
    what = outcome.run.describe()
    if isinstance(found, Unsupported) and "could not be described" in found.type_name:
        fail(
            f"{what} returned a model whose setup could not be read",
            hint="use a plain number for the learning rate. " + COMPILE_HINT,
        )
    if not (
        isinstance(found, dict)
        and isinstance(found.get("layers"), list)
        and "optimizer" in found
    ):
        fail(
            f"{what} should return a Keras model",
            found=found,
            hint="build it with keras.Sequential([...]) (or keras.Model), compile "
            "it, then `return model`.",
        )
    return found


def is_model(outcome: Outcome, ref: Any = None) -> None:
    """Judge: the call returned a Keras model."""
    _description(outcome)


def has_digit_layers(outcome: Outcome, ref: Any = None) -> None:
    """Judge: Dense(512, relu) then Dense(10, softmax), nothing else."""
    layers = _description(outcome)["layers"]
    if judges.same(layers, DIGIT_LAYERS):
        return
    expected = [describe_row(r) for r in DIGIT_LAYERS]
    found = [describe_row(r) for r in layers]
    if len(layers) != len(DIGIT_LAYERS):
        fail(
            f"the model has {len(layers)} layers, expected 2",
            expected=expected,
            found=found,
            hint=LAYERS_HINT,
        )
    fail("the layers differ", expected=expected, found=found, hint=LAYERS_HINT)


def takes_784_pixels(outcome: Outcome, ref: Any = None) -> None:
    """Judge: built for 784 inputs, 407,050 parameters."""
    model = _description(outcome)
    if model.get("parameters") is None or model.get("input_shape") is None:
        fail(
            "the model is not built: it does not know its input size yet",
            hint=INPUT_HINT,
        )
    if model["input_shape"] != [None, PIXELS]:
        fail(
            "the model should take 784 pixels per image",
            expected=[None, PIXELS],
            found=model["input_shape"],
            hint=INPUT_HINT,
        )
    if model["parameters"] != PARAMETERS:
        fail(
            "the model has the wrong number of parameters",
            expected=PARAMETERS,
            found=model["parameters"],
            hint=LAYERS_HINT,
        )


def uses_rmsprop(learning_rate: float) -> Callable[..., None]:
    """Judge: compiled with RMSprop at ``learning_rate`` (relative
    tolerance 1e-6: Keras stores the rate as float32)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        optimizer = _description(outcome)["optimizer"]
        if optimizer is None:
            fail("the model is not compiled", hint=COMPILE_HINT)
        name, rate = optimizer
        good = name == "RMSprop" and np.isclose(rate, learning_rate, rtol=1e-6, atol=0)
        if not good:
            fail(
                "the optimizer differs",
                expected=f"RMSprop(learning_rate={learning_rate:g})",
                found=f"{name}(learning_rate={rate:g})",
                hint="optimizer=keras.optimizers.RMSprop(learning_rate=learning_rate): "
                "the rate must be the function's argument.",
            )

    return judge


def _normalized(name: Any) -> str:
    return str(name).lower().replace("_", "") if name is not None else ""


def compiled_for_digits(outcome: Outcome, ref: Any = None) -> None:
    """Judge: sparse categorical cross-entropy and the accuracy metric."""
    model = _description(outcome)
    if model["optimizer"] is None or model.get("loss") is None:
        fail("the model is not compiled with a loss", hint=COMPILE_HINT)
    if _normalized(model["loss"]) != "sparsecategoricalcrossentropy":
        fail(
            "the loss differs",
            expected="sparse_categorical_crossentropy",
            found=model["loss"],
            hint=LOSS_HINT,
        )
    if "accuracy" not in (model.get("metrics") or []):
        fail(
            "the model should report the 'accuracy' metric",
            expected=["accuracy"],
            found=model.get("metrics"),
            hint='compile(..., metrics=["accuracy"]): the lesson reads '
            "history['val_accuracy'].",
        )


def _evaluation(outcome: Outcome) -> tuple[dict, np.ndarray, np.ndarray]:
    """``(scores, predictions, labels)`` of the call's ``evaluate``
    observation, or a readable failure."""
    _description(outcome)
    assert isinstance(outcome.run, Call)
    spec = dict(outcome.run.observe)["evaluate"]
    labels = np.asarray(spec["y"])
    count = len(labels)
    observed = outcome.observed[0] if outcome.observed else Unsupported("nothing")
    if isinstance(observed, Unsupported):
        message = observed.type_name.removeprefix("error: ")
        if "compile" in message:
            fail("the model cannot be evaluated: it is not compiled", hint=COMPILE_HINT)
        fail(
            f"model.evaluate on {count} random images failed",
            found=message,
            hint=LOSS_HINT,
        )
    scores = observed.get("scores") if isinstance(observed, dict) else None
    predictions = observed.get("predictions") if isinstance(observed, dict) else None
    if not isinstance(scores, dict) or not isinstance(predictions, np.ndarray):
        fail(
            f"model.evaluate on {count} random images gave no scores",
            hint=COMPILE_HINT,
        )
    if predictions.shape != (count, 10):
        fail(
            "the model should give 10 probabilities per image",
            expected=(count, 10),
            found=predictions.shape,
            hint=LAYERS_HINT,
        )
    return scores, predictions, labels


def loss_is_cross_entropy(outcome: Outcome, ref: Any = None) -> None:
    """Judge: the loss Keras reports is the mean cross-entropy of the
    model's own predictions (float32: within 1e-3)."""
    scores, predictions, labels = _evaluation(outcome)
    picked = predictions[np.arange(len(labels)), labels].astype(float)
    cross_entropy = float(np.mean(-np.log(np.clip(picked, 1e-7, 1.0))))
    loss = scores.get("loss")
    if not isinstance(loss, (int, float)) or not abs(loss - cross_entropy) <= 1e-3:
        fail(
            f"the loss on {len(labels)} random images is not the cross-entropy of "
            "the model's predictions",
            expected=cross_entropy,
            found=loss,
            hint=LOSS_HINT + ' The last layer needs activation="softmax".',
        )


def reports_accuracy(outcome: Outcome, ref: Any = None) -> None:
    """Judge: ``evaluate`` reports ``accuracy``, the share of images whose
    most probable digit is the label."""
    scores, predictions, labels = _evaluation(outcome)
    if "accuracy" not in scores:
        fail(
            "the model does not report 'accuracy'",
            expected="accuracy",
            found=sorted(scores),
            hint='compile(..., metrics=["accuracy"]).',
        )
    hits = float(np.mean(predictions.argmax(axis=1) == labels))
    accuracy = scores["accuracy"]
    if not isinstance(accuracy, (int, float)) or not abs(accuracy - hits) <= 1e-6:
        fail(
            f"the accuracy on {len(labels)} random images does not match the "
            "model's predictions",
            expected=hits,
            found=accuracy,
            hint='metrics=["accuracy"] with the sparse loss compares the most '
            "probable digit with the label.",
        )


def new_model_each_call(first: Outcome, second: Outcome, ref: Any = None) -> None:
    """Judge on two calls with the ``identity`` observer: two objects."""
    _description(first)
    _description(second)
    if first.observed[0] == second.observed[0]:
        fail(
            "two calls returned the same model object",
            hint="create the model inside the function, not once outside it: "
            "every run of a sweep needs fresh weights.",
        )


def classifier_rules(learning_rate: float) -> Callable[..., None]:
    """Judge: every rule of the model's description at ``learning_rate``."""
    return judges.all_of(
        has_digit_layers,
        takes_784_pixels,
        uses_rmsprop(learning_rate),
        compiled_for_digits,
    )


def build_classifier_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    images, labels = random_images(np.random.default_rng(3))
    call = Call("build_classifier", (0.01,))
    scored = evaluated(0.01, images, labels)
    return [
        case("build_classifier(0.01) returns a Keras model", call, judge=is_model),
        case(
            "layers: Dense(512, relu), Dense(10, softmax)",
            call,
            judge=has_digit_layers,
        ),
        case(
            "the model takes 784 pixels (407,050 parameters)",
            call,
            judge=takes_784_pixels,
        ),
        case("optimizer: RMSprop(learning_rate=0.01)", call, judge=uses_rmsprop(0.01)),
        case(
            "loss: sparse categorical cross-entropy; metric: accuracy",
            call,
            judge=compiled_for_digits,
        ),
        case(
            "on 32 random images the loss is the cross-entropy of the predictions, "
            "and 'accuracy' matches them",
            scored,
            judge=judges.all_of(loss_is_cross_entropy, reports_accuracy),
        ),
    ]


# ------------------------------------- Exercise 1: descent on a quadratic

PATH_HINT = (
    "start the list with `start`; then repeat `steps` times: "
    "w = w - learning_rate * a * w (the gradient of a/2 * w**2 is a * w)."
)


def _as_path(outcome: Outcome, steps: int) -> np.ndarray:
    """The returned trajectory as a float array of ``steps + 1`` numbers, or
    a readable failure."""
    found = outcome.returned()
    what = outcome.run.describe()
    try:
        path = np.asarray(found, dtype=float)
    except (TypeError, ValueError):
        fail(
            f"{what} should return a list or array of numbers",
            found=found,
            hint=PATH_HINT,
        )
    if path.shape != (steps + 1,):
        fail(
            f"{what} should return {steps + 1} positions: the start and one per step",
            expected=(steps + 1,),
            found=path.shape,
            hint=PATH_HINT,
        )
    return path


def path_equals(expected: Any, *, hint: str = PATH_HINT) -> Judge:
    """Judge: the trajectory is ``expected`` (relative tolerance 1e-9), or,
    when ``expected`` is None, what the reference returns (grader only)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        assert isinstance(outcome.run, Call)
        steps = int(outcome.run.args[3])
        path = _as_path(outcome, steps)
        if expected is None:
            if ref is None:
                return
            target = np.asarray(judges.reference_value(outcome, ref), dtype=float)
        else:
            target = np.asarray(expected, dtype=float)
        if not np.allclose(path, target, rtol=1e-9, atol=1e-12):
            fail(
                f"{outcome.run.describe()} took other steps",
                expected=target,
                found=path,
                hint=hint,
            )

    return judge


def gradient_descent_path_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    return [
        case(
            "a=1, learning rate 0.5 from 4: every step halves w",
            Call("gradient_descent_path", (1.0, 0.5, 4.0, 3)),
            judge=path_equals([4.0, 2.0, 1.0, 0.5]),
        ),
        case(
            "a=2, learning rate 0.75: w overshoots the minimum but shrinks",
            Call("gradient_descent_path", (2.0, 0.75, 1.0, 4)),
            judge=path_equals(
                [1.0, -0.5, 0.25, -0.125, 0.0625],
                hint=PATH_HINT + " The step is learning_rate times the gradient "
                "a * w; with a=2 it is 1.5 * w, so w jumps past 0.",
            ),
        ),
        case(
            "a=2, learning rate 1.5: every step overshoots further, w diverges",
            Call("gradient_descent_path", (2.0, 1.5, 1.0, 3)),
            judge=path_equals([1.0, -2.0, 4.0, -8.0]),
        ),
        case(
            "steps=0 gives just the start",
            Call("gradient_descent_path", (3.0, 0.1, -2.0, 0)),
            judge=path_equals([-2.0]),
        ),
    ]


# ------------------------------------------ Exercise 2: the critical rate

CRITICAL_HINT = (
    "each step multiplies w by (1 - learning_rate * a); w shrinks while that "
    "factor lies strictly between -1 and 1. Solve 1 - learning_rate * a = -1."
)


def critical_learning_rate_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    return [
        case(
            f"a={a:g}: the critical learning rate is {2 / a:g}",
            Call("critical_learning_rate", (a,)),
            judge=judges.close(2 / a, tolerance=1e-12, hint=CRITICAL_HINT),
        )
        for a in (1.0, 4.0, 0.5)
    ] + [
        case(
            "a=0 (a flat line, no bowl) raises ValueError",
            Call("critical_learning_rate", (0.0,)),
            judge=judges.raises("ValueError", hint="check `if a <= 0:` first."),
        )
    ]


# --------------------------------------- Exercise 4: a learning-rate range test

BLOWUP_HINT = (
    "walk through the steps; step i blows up when losses[i] is not finite or "
    "losses[i] > factor * min(losses[:i]). Return rates[i - 1] for the first "
    "such step, or rates[-1] if no step blows up."
)

RANGE_RATES = [1e-4, 1e-3, 1e-2, 1e-1, 1.0]
"""Five rising learning rates of a visible range test."""


def rate_before_blowup_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
    nan = float("nan")
    return [
        case(
            "the loss falls, then jumps to 40: the rate before the jump",
            Call("rate_before_blowup", (RANGE_RATES, [2.3, 1.5, 0.6, 0.9, 40.0])),
            judge=judges.equals(0.1, hint=BLOWUP_HINT),
        ),
        case(
            "a NaN loss counts as a blow-up",
            Call("rate_before_blowup", (RANGE_RATES[:4], [2.3, 1.0, nan, nan])),
            judge=judges.equals(
                1e-3,
                hint="`nan > x` is False: test np.isfinite(loss) before comparing.",
            ),
        ),
        case(
            "compares with the lowest loss so far, not the first one",
            Call("rate_before_blowup", (RANGE_RATES, [2.3, 1.2, 0.3, 1.5, 3.0])),
            judge=judges.equals(
                1e-2,
                hint="1.5 is more than 4 x 0.3, the lowest loss before it: "
                "keep track of min(losses[:i]).",
            ),
        ),
        case(
            "no blow-up: the last rate",
            Call("rate_before_blowup", (RANGE_RATES, [2.3, 2.0, 1.0, 0.5, 0.4])),
            judge=judges.equals(1.0, hint=BLOWUP_HINT),
        ),
        case(
            "factor=2 is stricter",
            Call(
                "rate_before_blowup",
                (RANGE_RATES, [2.3, 1.5, 0.6, 1.3, 40.0]),
                {"factor": 2.0},
            ),
            judge=judges.equals(1e-2, hint="use the `factor` argument, not 4."),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "gradient_descent_path_test": gradient_descent_path_cases,
    "critical_learning_rate_test": critical_learning_rate_cases,
    "build_classifier_test": build_classifier_cases,
    "rate_before_blowup_test": rate_before_blowup_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_gradient_descent_path(gradient_descent_path: Callable) -> None:
    """Check Exercise 1, ``gradient_descent_path(a, learning_rate, start,
    steps)``: the positions of gradient descent on a/2 * w**2."""
    run_public(
        gradient_descent_path_cases(),
        {"gradient_descent_path": gradient_descent_path},
    )


def check_critical_learning_rate(critical_learning_rate: Callable) -> None:
    """Check Exercise 2, ``critical_learning_rate(a)``: the rate above which
    gradient descent on a/2 * w**2 diverges."""
    run_public(
        critical_learning_rate_cases(),
        {"critical_learning_rate": critical_learning_rate},
    )


def check_build_classifier(build_classifier: Callable) -> None:
    """Check Exercise 3, ``build_classifier(learning_rate)``: a new compiled
    Dense(512, relu) -> Dense(10, softmax) model on 784 pixels, RMSprop at
    ``learning_rate``, sparse categorical cross-entropy, accuracy."""
    run_public(build_classifier_cases(), {"build_classifier": build_classifier})


def check_rate_before_blowup(rate_before_blowup: Callable) -> None:
    """Check Exercise 4, ``rate_before_blowup(rates, losses, factor=4.0)``:
    the last rate of a range test before its loss blows up."""
    run_public(rate_before_blowup_cases(), {"rate_before_blowup": rate_before_blowup})
