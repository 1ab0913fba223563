"""Hidden checks of lesson 4 (capacity): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the rules in ``helpers.exercises.capacity`` (least squares on
rescaled x, Keras' early-stopping rule, the clock's geometry), never from
here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import fail
from helpers.exercises import judges
from helpers.exercises.capacity import (
    angles_of,
    binary_cross_entropy_loss,
    clock_tips,
    degree_errors,
    has_layers,
    interpolates,
    keras_early_stopping,
    model_description,
    multi_hot_reviews,
    noisy_cosine,
    polynomial_errors,
    reports_accuracy,
    stopping_epochs,
    takes_reviews,
    uses_rmsprop,
)
from helpers.exercises.core import Call, Case, Outcome, case


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


# ------------------------------------------------------------- Exercise 1


def _degrees(rng: np.random.Generator) -> list[Case]:
    points = int(rng.integers(14, 21))
    noise = float(rng.uniform(0.1, 0.3))
    x_train, y_train, x_val, y_val = noisy_cosine(rng, points, 120, noise)
    degrees = [int(d) for d in rng.permutation(np.arange(1, points - 2))[:5]]
    lists = [v.tolist() for v in (x_train, y_train, x_val, y_val)]
    found = [
        case(
            f"{points} noisy points of cos(x), degrees {degrees}",
            Call(
                "validation_error_by_degree", (x_train, y_train, x_val, y_val, degrees)
            ),
            judge=degree_errors(
                polynomial_errors(x_train, y_train, x_val, y_val, degrees)
            ),
        ),
        case(
            "the same data as lists, degrees as a tuple",
            Call("validation_error_by_degree", (*lists, tuple(degrees))),
            judge=degree_errors(
                polynomial_errors(x_train, y_train, x_val, y_val, degrees)
            ),
        ),
        case(
            "degrees as a NumPy array",
            Call(
                "validation_error_by_degree",
                (x_train, y_train, x_val, y_val, np.array(degrees)),
            ),
            judge=degree_errors(
                polynomial_errors(x_train, y_train, x_val, y_val, degrees),
                check_best=False,
            ),
        ),
        case(
            f"{points} points, degree {points - 1}: training error about 0",
            Call(
                "validation_error_by_degree",
                (x_train, y_train, x_val, y_val, [2, points - 1]),
            ),
            judge=interpolates(points),
        ),
        case(
            "the best degree is chosen on validation error, where training error "
            "would pick the largest",
            Call(
                "validation_error_by_degree",
                (x_train, y_train, x_val, y_val, [1, 4, points - 1]),
            ),
            judge=degree_errors(
                polynomial_errors(x_train, y_train, x_val, y_val, [1, 4, points - 1])
            ),
        ),
        case(
            "the inputs are left unchanged",
            Call(
                "validation_error_by_degree", (x_train, y_train, x_val, y_val, degrees)
            ),
            judge=judges.unchanged(),
        ),
    ]
    return _hidden(*found)


# ------------------------------------------------------------- Exercise 2


def _random_curve(rng: np.random.Generator, epochs: int) -> list[float]:
    """A validation loss that falls, turns and rises with noise, 4 decimals
    (ties happen, as in a log)."""
    turn = int(rng.integers(2, epochs))
    steps = np.arange(1, epochs + 1)
    curve = 0.3 + 0.002 * (steps - turn) ** 2 + rng.normal(0, 0.004, epochs)
    return [round(float(v), 3) for v in curve]


def _stopping(rng: np.random.Generator) -> list[Case]:
    found = []
    for number in range(4):
        losses = _random_curve(rng, int(rng.integers(8, 30)))
        patience = int(rng.integers(0, 6))
        expected = keras_early_stopping(losses, patience)
        found.append(
            case(
                f"random curve {number + 1} ({len(losses)} epochs), patience "
                f"{patience}",
                Call("early_stopping_epoch", (losses, patience)),
                judge=stopping_epochs(expected),
            )
        )
    array = np.array(_random_curve(rng, 15))
    flat = [0.4, 0.4, 0.4, 0.4]
    found += [
        case(
            "a NumPy array of losses",
            Call("early_stopping_epoch", (array, 3)),
            judge=stopping_epochs(keras_early_stopping(array.tolist(), 3)),
        ),
        case(
            "a flat curve: epoch 1 stays the best",
            Call("early_stopping_epoch", (flat, 2)),
            judge=stopping_epochs(keras_early_stopping(flat, 2)),
        ),
        case(
            "a single epoch",
            Call("early_stopping_epoch", ([0.7], 2)),
            judge=stopping_epochs((1, 1)),
        ),
        case(
            "patience longer than the run",
            Call("early_stopping_epoch", ([0.5, 0.6, 0.7, 0.8], 10)),
            judge=stopping_epochs((4, 1)),
        ),
        case(
            "a late improvement resets the count",
            Call("early_stopping_epoch", ([0.5, 0.6, 0.45, 0.5, 0.55, 0.6], 2)),
            judge=stopping_epochs(
                keras_early_stopping([0.5, 0.6, 0.45, 0.5, 0.55, 0.6], 2)
            ),
        ),
        case(
            "val_losses is left unchanged",
            Call("early_stopping_epoch", (array, 2)),
            judge=judges.unchanged(),
        ),
    ]
    return _hidden(*found)


# ------------------------------------------------------------- Exercise 3


def _is_imdb_model(hidden_units: Any) -> Any:
    return judges.all_of(
        has_layers(hidden_units),
        takes_reviews(hidden_units),
        uses_rmsprop,
        _only_accuracy,
    )


def _only_accuracy(outcome: Outcome, ref: Any = None) -> None:
    metrics = model_description(outcome).get("metrics")
    if metrics != ["accuracy"]:
        fail(
            "the model should be compiled with metrics=['accuracy'] and nothing else",
            hint="write the layers and the compile call yourself (not "
            "models.imdb_classifier).",
        )


def _new_models(first: Outcome, second: Outcome, ref: Any = None) -> None:
    first.returned()
    second.returned()
    if first.observed and first.observed == second.observed:
        fail(
            "two calls returned the same model object",
            hint="build and compile a new model inside the function on every call.",
        )


def _imdb(rng: np.random.Generator) -> list[Case]:
    drawn = tuple(int(u) for u in rng.integers(2, 64, size=int(rng.integers(1, 4))))
    reviews, sentiments = multi_hot_reviews(rng, 24)
    scored = Call(
        "build_imdb_model",
        (drawn,),
        observe=(("evaluate", {"x": reviews, "y": sentiments}),),
    )
    found = [
        case(
            f"build_imdb_model({units}) is the model the exercise asks for",
            Call("build_imdb_model", (units,)),
            judge=_is_imdb_model(units),
        )
        for units in [(4, 4), (512, 512), (8,), (), (32, 8, 4), (16, 16), drawn]
    ]
    found += [
        case(
            f"build_imdb_model({drawn}) on random reviews: accuracy and "
            "binary cross-entropy",
            scored,
            judge=judges.all_of(
                reports_accuracy, binary_cross_entropy_loss(sentiments)
            ),
        ),
        case(
            "a list of widths works and is left unchanged",
            Call("build_imdb_model", ([16, 16],)),
            judge=judges.all_of(
                _is_imdb_model((16, 16)),
                judges.unchanged(hint="read hidden_units; do not change it."),
            ),
        ),
        case(
            "every call builds a new model",
            Call("build_imdb_model", ((16, 16),), observe=(("identity", None),)),
            Call("build_imdb_model", ((16, 16),), observe=(("identity", None),)),
            judge=_new_models,
        ),
    ]
    return _hidden(*found)


# ------------------------------------------------------------- Exercise 4


def _angles(rng: np.random.Generator) -> list[Case]:
    clocks = rng.integers(0, 720, size=int(rng.integers(20, 80)))
    quarter = np.array([0, 15, 30, 45, 180, 360, 540, 719])
    tips = clock_tips(clocks)
    longer = tips * rng.uniform(0.5, 3.0, size=(len(clocks), 1))
    return _hidden(
        case(
            "the hour and the quarter hours, and 11:59",
            Call("hand_angles", (clock_tips(quarter),)),
            judge=angles_of(quarter),
        ),
        case(
            f"{len(clocks)} random clocks",
            Call("hand_angles", (tips,)),
            judge=angles_of(clocks),
        ),
        case(
            "hands of other lengths point the same way",
            Call("hand_angles", (longer,)),
            judge=angles_of(clocks),
        ),
        case(
            "tips as a list of lists",
            Call("hand_angles", (tips.tolist(),)),
            judge=angles_of(clocks),
        ),
        case(
            "a single clock",
            Call("hand_angles", (clock_tips(clocks[:1]),)),
            judge=angles_of(clocks[:1]),
        ),
        case(
            "tips is left unchanged",
            Call("hand_angles", (tips,)),
            judge=judges.unchanged(),
        ),
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "validation_error_by_degree_test": _degrees(rng),
        "early_stopping_epoch_test": _stopping(rng),
        "build_imdb_model_test": _imdb(rng),
        "hand_angles_test": _angles(rng),
    }
