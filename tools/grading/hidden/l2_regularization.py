"""Hidden checks of lesson 5 (L2 regularization): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from the exercises' rules
(:func:`helpers.exercises.l2_regularization.hidden_penalty` computes the
penalty from a recipe's own weights), never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import check_number, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.l2_regularization import (
    STEP_HINT,
    decayed_weights,
    dense_recipe,
    hidden_penalty,
    is_compiled_as_asked,
    l2_model_judge,
    loss_is_cross_entropy_plus_penalty,
    observe_loss,
    penalty_is,
    step_is,
)


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


def _widths(rng: np.random.Generator, count: int) -> list[int]:
    return [int(w) for w in rng.integers(3, 13, count)]


def _doubles(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    check_number(first.run.describe(), a)
    check_number(second.run.describe(), b)
    if not abs(float(b) - 2 * float(a)) <= 1e-6 * abs(float(a)) + 1e-12:
        fail(
            "doubling factor should double the penalty",
            hint="multiply the sum of squares by factor.",
        )


def _l2_penalty(rng: np.random.Generator) -> list[Case]:
    factor = float(rng.choice([0.001, 0.003, 0.02]))
    n = int(rng.integers(20, 60))
    w1, w2, w3 = _widths(rng, 3)
    large_biases = dense_recipe(
        n,
        [[w1, "relu", factor], [w2, "relu", factor], [1, "sigmoid", None]],
        rng,
        bias=3.0,
    )
    with_dropout = dense_recipe(
        n,
        [
            [w1, "relu", factor],
            ["dropout", 0.2],
            [w2, "relu", factor],
            ["dropout", 0.2],
            [w3, "relu", factor],
            ["dropout", 0.2],
            [1, "sigmoid", None],
        ],
        rng,
    )
    plain = dense_recipe(
        n,
        [[w1, "relu", None], [w2, "relu", None], [1, "sigmoid", None]],
        rng,
        bias=-2.0,
    )
    softmax_output = dense_recipe(
        n, [[w1, "relu", None], [w2, "relu", None], [3, "softmax", None]], rng
    )
    one_hidden = dense_recipe(n, [[w3, "relu", 0.01], [1, "sigmoid", None]], rng)
    return _hidden(
        case(
            "biases do not count, even when large",
            Call("l2_penalty", (large_biases, factor)),
            judge=penalty_is(hidden_penalty(large_biases, factor)),
        ),
        case(
            "three hidden layers with Dropout layers in between",
            Call("l2_penalty", (with_dropout, factor)),
            judge=penalty_is(
                hidden_penalty(with_dropout, factor),
                hint="skip layers without a kernel (hasattr(layer, 'kernel')); "
                "leave out the last Dense layer only.",
            ),
        ),
        case(
            "a model without regularizers: the penalty l2(factor) would add",
            Call("l2_penalty", (plain, 2 * factor)),
            judge=penalty_is(
                hidden_penalty(plain, 2 * factor),
                hint="read the kernels yourself; model.losses is empty without "
                "regularizers.",
            ),
        ),
        case(
            "the factor passed in counts, not the model's own regularizer",
            Call("l2_penalty", (one_hidden, factor)),
            judge=penalty_is(
                hidden_penalty(one_hidden, factor),
                hint="multiply by the factor argument; do not use model.losses.",
            ),
        ),
        case(
            "an output layer with several units is left out too",
            Call("l2_penalty", (softmax_output, factor)),
            judge=penalty_is(
                hidden_penalty(softmax_output, factor),
                hint="leave out the last Dense layer, whatever its width.",
            ),
        ),
        case(
            "factor 0 gives 0",
            Call("l2_penalty", (plain, 0.0)),
            judge=judges.close(0.0, tolerance=1e-12),
        ),
        case(
            "doubling factor doubles the penalty",
            Call("l2_penalty", (plain, factor)),
            Call("l2_penalty", (plain, 2 * factor)),
            judge=_doubles,
        ),
    )


def _new_models(first: Outcome, second: Outcome, ref: Any = None) -> None:
    first.returned(), second.returned()
    if first.observed[0] == second.observed[0]:
        fail(
            "two calls returned the same model object",
            hint="create and compile the model inside the function, on every call.",
        )


def _build_l2_model(rng: np.random.Generator) -> list[Case]:
    factor = float(rng.choice([0.0003, 0.001, 0.004, 0.007]))
    return _hidden(
        *[
            case(
                f"build_l2_model({value:g}) uses the factor it is given",
                Call("build_l2_model", (value,)),
                judge=l2_model_judge(value),
            )
            for value in (0.01, 0.0005)
        ],
        case(
            "another factor: the loss holds exactly that penalty",
            Call("build_l2_model", (factor,), observe=observe_loss()),
            judge=judges.all_of(
                l2_model_judge(factor), loss_is_cross_entropy_plus_penalty(factor)
            ),
        ),
        case(
            "compiled as asked for any factor",
            Call("build_l2_model", (factor,)),
            judge=is_compiled_as_asked,
        ),
        case(
            "every call builds a new model",
            Call("build_l2_model", (0.002,), observe=(("identity", None),)),
            Call("build_l2_model", (0.002,), observe=(("identity", None),)),
            judge=_new_models,
        ),
    )


def _validation_penalty(rng: np.random.Generator) -> list[Case]:
    epochs = int(rng.integers(4, 25))
    plain = rng.uniform(0.25, 0.6, epochs)
    long_history = {
        "val_loss": plain + rng.uniform(0.05, 0.1, epochs),
        "val_cross_entropy": plain,
        "loss": rng.uniform(0.1, 0.5, epochs),
        "cross_entropy": rng.uniform(0.1, 0.5, epochs),
    }
    as_lists = {key: [float(v) for v in values] for key, values in long_history.items()}
    exact = judges.matches_reference(
        tolerance=1e-12,
        hint="val_loss - val_cross_entropy, epoch by epoch, as a float array.",
    )
    return _hidden(
        case(
            "validation_penalty leaves a history of lists unchanged",
            Call("validation_penalty", (as_lists,)),
            judge=judges.all_of(
                exact, judges.unchanged(hint="do not write into the history dict.")
            ),
        ),
        case(
            f"a {epochs}-epoch history of arrays, left unchanged",
            Call("validation_penalty", (long_history,)),
            judge=judges.all_of(
                exact,
                judges.unchanged(
                    hint="np.asarray returns the same array: subtract into a new "
                    "one, not with -=."
                ),
            ),
        ),
        case(
            "integer values give a float array",
            Call(
                "validation_penalty",
                ({"val_loss": [2, 3], "val_cross_entropy": [1, 1]},),
            ),
            judge=judges.all_of(
                exact,
                judges.satisfies(
                    lambda x: isinstance(x, np.ndarray) and x.dtype.kind == "f",
                    "the result should be a NumPy array of floats",
                ),
            ),
        ),
        case(
            "a one-epoch history",
            Call(
                "validation_penalty", ({"val_loss": [0.5], "val_cross_entropy": [0.4]},)
            ),
            judge=judges.all_of(
                exact,
                judges.satisfies(
                    lambda x: np.shape(x) == (1,), "one epoch gives one value"
                ),
            ),
        ),
    )


def _sgd_step_with_l2(rng: np.random.Generator) -> list[Case]:
    rows, columns = (int(n) for n in rng.integers(2, 9, 2))
    weights = rng.normal(0.0, 0.5, (rows, columns))
    gradient = rng.normal(0.0, 0.2, (rows, columns))
    learning_rate = float(rng.choice([0.01, 0.05, 0.2]))
    factor = float(rng.choice([0.001, 0.004, 0.03]))
    exact = judges.matches_reference(tolerance=1e-9, hint=STEP_HINT)
    vector = rng.normal(0.0, 1.0, int(rng.integers(3, 12)))
    return _hidden(
        case(
            f"a random ({rows}, {columns}) kernel and gradient, left unchanged",
            Call("sgd_step_with_l2", (weights, gradient, learning_rate, factor)),
            judge=judges.all_of(
                step_is(
                    decayed_weights(weights, gradient, learning_rate, factor),
                    problem="the step differs from gradient descent on the loss "
                    "plus the L2 penalty",
                ),
                judges.unchanged(
                    hint="build a new array, do not update weights in place."
                ),
            ),
        ),
        case(
            "a strong penalty and a large rate: the factor 2 matters",
            Call("sgd_step_with_l2", (weights, gradient, 0.5, 0.4)),
            judge=exact,
        ),
        case(
            "a bias-like vector of weights",
            Call("sgd_step_with_l2", (vector, np.zeros_like(vector), 0.1, 0.25)),
            judge=judges.all_of(
                exact,
                judges.satisfies(
                    lambda x: np.allclose(x, 0.95 * vector, rtol=0, atol=1e-9),
                    "with no data gradient every weight should shrink by the same "
                    "fraction, 1 - 2 * learning_rate * factor",
                    show_found=False,
                ),
            ),
        ),
        case(
            "float32 weights, as Keras keeps them",
            Call(
                "sgd_step_with_l2",
                (weights.astype("float32"), gradient.astype("float32"), 0.05, 0.01),
            ),
            judge=judges.matches_reference(tolerance=1e-6, hint=STEP_HINT),
        ),
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "l2_penalty_test": _l2_penalty(rng),
        "build_l2_model_test": _build_l2_model(rng),
        "validation_penalty_test": _validation_penalty(rng),
        "sgd_step_with_l2_test": _sgd_step_with_l2(rng),
    }
