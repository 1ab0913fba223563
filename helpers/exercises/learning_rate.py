"""Checks for lesson 3, the learning rate.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from helpers.checks import describe_row, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public
from helpers.exercises.plain import Unsupported

# ------------------------------------------------- Exercise 1: the model

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
    """Visible cases of Exercise 1."""
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
            "on 32 random images the loss is the cross-entropy of the predictions",
            scored,
            judge=loss_is_cross_entropy,
        ),
        case(
            "on 32 random images it reports 'accuracy', matching its predictions",
            scored,
            judge=reports_accuracy,
        ),
    ]


# ------------------------------------------ Exercise 2: choosing a rate


def sweep(runs: Mapping[float, Any]) -> dict[float, Any]:
    """A ``histories_by_rate`` argument: learning rate -> history (a dict,
    or a ``Make("history", ...)`` recipe for a Keras ``History``)."""
    return {float(rate): history for rate, history in runs.items()}


BEST_HINT = (
    "score every run by the highest value of its history's 'val_accuracy' and "
    "return that run's learning rate (its key in the dict)."
)

CLEAR_WIN = {
    1.0: {"val_accuracy": [0.21, 0.25, 0.19]},
    0.01: {"val_accuracy": [0.93, 0.96, 0.95]},
    1e-5: {"val_accuracy": [0.60, 0.80, 0.90]},
}
"""A sweep where 0.01 wins whichever way a run is scored."""

LIKE_THE_LESSON = {
    1.0: {
        "loss": [665.0, 2.9, 3.1],
        "accuracy": [0.21, 0.30, 0.33],
        "val_loss": [2.4, 2.3, 2.35],
        "val_accuracy": [0.24, 0.26, 0.20],
    },
    0.01: {
        "loss": [0.30, 0.12, 0.08],
        "accuracy": [0.91, 0.96, 0.975],
        "val_loss": [0.15, 0.10, 0.12],
        "val_accuracy": [0.955, 0.97, 0.974],
    },
    1e-5: {
        "loss": [1.6, 0.8, 0.5],
        "accuracy": [0.62, 0.83, 0.88],
        "val_loss": [1.2, 0.6, 0.4],
        "val_accuracy": [0.70, 0.86, 0.91],
    },
}
"""Histories shaped like the lesson's sweep (every key Keras records)."""


def best_learning_rate_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    peak_then_slide = {
        0.1: {"val_accuracy": [0.90, 0.97, 0.91]},
        0.001: {"val_accuracy": [0.90, 0.94, 0.95]},
    }
    return [
        case(
            "picks 0.01 from a sweep where it clearly wins",
            Call("best_learning_rate", (sweep(CLEAR_WIN),)),
            judge=judges.equals(0.01, hint=BEST_HINT),
        ),
        case(
            "scores a run by its best epoch, not its last",
            Call("best_learning_rate", (sweep(peak_then_slide),)),
            judge=judges.equals(
                0.1, hint="use max(val_accuracy), not val_accuracy[-1]."
            ),
        ),
        case(
            "picks 0.01 from histories shaped like the lesson's sweep",
            Call("best_learning_rate", (sweep(LIKE_THE_LESSON),)),
            judge=judges.equals(
                0.01,
                hint="look at 'val_accuracy' only; the other keys are there too.",
            ),
        ),
    ]


# ------------------------------------ Exercise 3: a run that failed to train

RULE_HINT = (
    "failed = some loss or val_loss value is NaN or infinite, or "
    "max(accuracy) < chance + min_gain."
)
READ_HINT = (
    'getattr(history, "history", history) gives the dict, and a history may '
    'have no "val_loss" (check `"val_loss" in values` first).'
)

HEALTHY = {
    "loss": [0.40, 0.15, 0.10],
    "accuracy": [0.88, 0.95, 0.97],
    "val_loss": [0.20, 0.14, 0.12],
    "val_accuracy": [0.94, 0.96, 0.97],
}
EXPLODED = {"loss": [650.0, float("nan"), float("nan")], "accuracy": [0.70, 0.10, 0.10]}
STUCK = {
    "loss": [2.4, 2.3, 2.3],
    "accuracy": [0.11, 0.21, 0.19],
    "val_loss": [2.3, 2.3, 2.3],
    "val_accuracy": [0.10, 0.20, 0.20],
}


def verdict(expected: bool, what: str, *, hint: str = RULE_HINT) -> Callable:
    """Judge: ``failed_to_train`` returns the bool ``expected``; ``what``
    names the situation in the failure message."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        judges.answered(outcome)
        if outcome.raised:
            fail(
                f"failed_to_train raised {outcome.raised[0]}: {what}",
                found=outcome.message,
                hint=READ_HINT,
            )
        found = outcome.value
        if not isinstance(found, bool):
            fail(
                f"failed_to_train should return True or False: {what}",
                found=found,
                hint="return a bool, e.g. bool(max(accuracy) < chance + min_gain).",
            )
        if found != expected:
            fail(f"wrong verdict: {what}", expected=expected, found=found, hint=hint)

    return judge


def failed_to_train_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    return [
        case(
            "a healthy run trained",
            Call("failed_to_train", (HEALTHY,)),
            judge=verdict(False, "a healthy run trained"),
        ),
        case(
            "a NaN loss means the run failed",
            Call("failed_to_train", (EXPLODED,)),
            judge=verdict(True, "a NaN loss means the run failed"),
        ),
        case(
            "accuracy stuck near chance means the run failed",
            Call("failed_to_train", (STUCK,)),
            judge=verdict(True, "accuracy stuck near chance means the run failed"),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "build_classifier_test": build_classifier_cases,
    "best_learning_rate_test": best_learning_rate_cases,
    "failed_to_train_test": failed_to_train_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_build_classifier(build_classifier: Callable) -> None:
    """Check Exercise 1, ``build_classifier(learning_rate)``: a new compiled
    Dense(512, relu) -> Dense(10, softmax) model on 784 pixels, RMSprop at
    ``learning_rate``, sparse categorical cross-entropy, accuracy."""
    run_public(build_classifier_cases(), {"build_classifier": build_classifier})


def check_best_learning_rate(best_learning_rate: Callable) -> None:
    """Check Exercise 2, ``best_learning_rate(histories_by_rate)``: the rate
    whose run reached the highest ``val_accuracy`` (ties: the smaller)."""
    run_public(best_learning_rate_cases(), {"best_learning_rate": best_learning_rate})


def check_failed_to_train(failed_to_train: Callable) -> None:
    """Check Exercise 3, ``failed_to_train(history, chance=0.1,
    min_gain=0.5)``: ``True`` for a non-finite loss or a best training
    accuracy below ``chance + min_gain``."""
    run_public(failed_to_train_cases(), {"failed_to_train": failed_to_train})
