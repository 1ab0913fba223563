"""Hidden checks of lesson 4 (capacity): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from rules, never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import check_number, fail
from helpers.exercises import judges
from helpers.exercises.capacity import (
    COUNT_HINT,
    binary_cross_entropy_loss,
    dense_parameters,
    epoch_is,
    has_layers,
    model_description,
    multi_hot_reviews,
    reports_accuracy,
    returns_int,
    run_history,
    takes_reviews,
    uses_rmsprop,
)
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.plain import Make


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


# ------------------------------------------------------------- Exercise 1


def _count(rng: np.random.Generator) -> list[Case]:
    exact = judges.all_of(
        returns_int(hint="return int(total)."),
        judges.matches_reference(hint=COUNT_HINT),
    )
    found = [
        case(
            f"Keras' count for {what}",
            Call("count_dense_parameters", (widths,)),
            judge=exact,
        )
        for what, widths in [
            ("the 16-16 IMDB model", [10_000, 16, 16, 1]),
            ("the 512-512 IMDB model, widths as a tuple", (10_000, 512, 512, 1)),
            ("lesson 1's 512-unit MNIST model", [784, 512, 10]),
            ("a single unit on three inputs", [3, 1]),
        ]
    ]
    for number in range(3):
        widths = [int(w) for w in rng.integers(1, 40, size=int(rng.integers(2, 6)))]
        found.append(
            case(
                f"random widths {number + 1}: Keras' count for {len(widths) - 1} "
                "Dense layers",
                Call("count_dense_parameters", (widths,)),
                judge=judges.all_of(
                    returns_int(hint="return int(total)."),
                    # the rule Keras follows, so no reference is needed
                    _count_of(dense_parameters(widths)),
                ),
            )
        )
    found.append(
        case(
            "layer_widths is left unchanged",
            Call("count_dense_parameters", ([784, 96, 96, 10],)),
            judge=judges.unchanged(hint="read the widths; do not change the list."),
        )
    )
    found += [
        case(
            f"{what} raises ValueError",
            Call("count_dense_parameters", (bad,)),
            judge=judges.raises(
                "ValueError",
                hint="check len(layer_widths) >= 2 and every width >= 1 first.",
            ),
        )
        for what, bad in [
            ("a lone input width", [784]),
            ("an empty list", []),
            ("a layer of 0 units", [784, 0, 10]),
            ("a negative width", [784, -5]),
        ]
    ]
    return _hidden(*found)


def _count_of(expected: int) -> Any:
    def judge(outcome: Outcome, ref: Any = None) -> None:
        if outcome.returned() != expected:
            fail("wrong parameter count", hint=COUNT_HINT)

    return judge


# ------------------------------------------------------------- Exercise 2


def _raises_clear_key_error(outcome: Outcome, ref: Any = None) -> None:
    judges.answered(outcome)
    if "KeyError" not in outcome.raised:
        fail(
            "a history without val_loss should raise KeyError",
            hint='check `"val_loss" in logs` and raise KeyError(...) yourself.',
        )
    if "val_loss" not in outcome.message or "accuracy" not in outcome.message:
        fail(
            "the KeyError's message should name val_loss and the keys the history "
            "does have",
            hint='e.g. raise KeyError(f"no val_loss; the history has {list(logs)}").',
        )


def _epoch(rng: np.random.Generator) -> list[Case]:
    epochs = int(rng.integers(8, 40))
    bottom = int(rng.integers(2, epochs))
    curve = 0.3 + 0.002 * (np.arange(1, epochs + 1) - bottom) ** 2
    curve += rng.normal(0, 0.001, epochs)
    random_history = run_history(curve)
    tied = [0.3, 0.2, 0.2, 0.4]
    exact = epoch_is()
    return _hidden(
        case(
            "a tie goes to the earliest epoch",
            Call("epoch_of_min_val_loss", ({"val_loss": tied},)),
            judge=exact,
        ),
        case(
            "a tie in a Keras History goes to the earliest epoch",
            Call(
                "epoch_of_min_val_loss",
                (Make("history", {"loss": [0.5] * 4, "val_loss": tied}),),
            ),
            judge=exact,
        ),
        case(
            "a single epoch",
            Call("epoch_of_min_val_loss", ({"val_loss": [0.7]},)),
            judge=exact,
        ),
        case(
            "the last epoch can be the best",
            Call("epoch_of_min_val_loss", ({"val_loss": [0.9, 0.8, 0.7]},)),
            judge=exact,
        ),
        case(
            "accepts a NumPy array and looks at val_loss, not loss",
            Call(
                "epoch_of_min_val_loss",
                ({"loss": [0.1, 0.2], "val_loss": np.array([0.4, 0.5])},),
            ),
            judge=exact,
        ),
        case(
            "accepts a Keras History object",
            Call(
                "epoch_of_min_val_loss",
                (Make("history", {"loss": [1.0, 0.5], "val_loss": [0.8, 0.6]}),),
            ),
            judge=exact,
        ),
        case(
            f"a random {epochs}-epoch run, as a Keras History",
            Call("epoch_of_min_val_loss", (Make("history", random_history),)),
            judge=exact,
        ),
        case(
            f"the same {epochs}-epoch run as a dict, left unchanged",
            Call("epoch_of_min_val_loss", (random_history,)),
            judge=judges.all_of(exact, judges.unchanged()),
        ),
        case(
            "a missing val_loss raises a KeyError that names it and the keys there are",
            Call(
                "epoch_of_min_val_loss",
                ({"loss": [0.5, 0.4], "accuracy": [0.8, 0.9]},),
            ),
            judge=_raises_clear_key_error,
        ),
        case(
            "an empty val_loss raises ValueError",
            Call("epoch_of_min_val_loss", ({"val_loss": []},)),
            judge=judges.raises("ValueError", hint="check for an empty list first."),
        ),
    )


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


def _one_number(outcome: Outcome, ref: Any = None) -> None:
    check_number(outcome.run.describe(), outcome.returned())


def _noisiness(rng: np.random.Generator) -> list[Case]:
    curve = rng.random(int(rng.integers(10, 30)))
    exact = judges.matches_reference(tolerance=1e-9, hint="np.mean(np.abs(np.diff(v)))")
    return _hidden(
        case(
            "a steady decline, as a NumPy array",
            Call("curve_noisiness", (np.array([1.0, 0.9, 0.8, 0.7]),)),
            judge=judges.all_of(_one_number, exact),
        ),
        case(
            "two values",
            Call("curve_noisiness", ([2.0, 1.0],)),
            judge=judges.all_of(_one_number, exact),
        ),
        case(
            "integers work",
            Call("curve_noisiness", ([1, 3, 2],)),
            judge=judges.all_of(_one_number, exact),
        ),
        case(
            "shifting a random curve does not change it",
            Call("curve_noisiness", (curve + 3.0,)),
            judge=judges.all_of(_one_number, exact),
        ),
        case(
            "reversing a random curve (as a list) does not change it",
            Call("curve_noisiness", (curve[::-1].tolist(),)),
            judge=judges.all_of(_one_number, exact),
        ),
        case(
            "a random curve is left unchanged",
            Call("curve_noisiness", (curve,)),
            judge=judges.all_of(exact, judges.unchanged()),
        ),
        case(
            "a random curve, as a list, is left unchanged",
            Call("curve_noisiness", (curve.tolist(),)),
            judge=judges.all_of(exact, judges.unchanged()),
        ),
        *[
            case(
                f"{what} raises ValueError",
                Call("curve_noisiness", (bad,)),
                judge=judges.raises(
                    "ValueError", hint="check for fewer than two values first."
                ),
            )
            for what, bad in [("a single value", [0.4]), ("an empty curve", [])]
        ],
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "count_dense_parameters_test": _count(rng),
        "epoch_of_min_val_loss_test": _epoch(rng),
        "build_imdb_model_test": _imdb(rng),
        "curve_noisiness_test": _noisiness(rng),
    }
