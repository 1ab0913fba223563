"""Hidden checks of lesson 6 (dropout): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from rules, never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.dropout import (
    dropout_like,
    dropout_model_rules,
    dropout_rules,
    evaluate_on_reviews,
    finite_pair,
    has_layers,
    has_parameters,
    returns_input,
    same_shape_and_dtype,
    scales_survivors,
)
from helpers.exercises.plain import Unsupported


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


# ------------------------------------------------------------ Exercise 1


def _same_arrays(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    if not judges.same(np.asarray(a, dtype=float), np.asarray(b, dtype=float)):
        fail(
            "two calls with the same seed dropped different entries",
            hint="draw the mask from np.random.default_rng(seed).",
        )


def _different_arrays(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    if judges.same(np.asarray(a, dtype=float), np.asarray(b, dtype=float)):
        fail(
            "two different seeds dropped the same entries",
            hint="draw the mask from np.random.default_rng(seed), with the seed "
            "you were given.",
        )


def _independent(outcome: Outcome, ref: Any = None) -> None:
    zeros = np.asarray(outcome.returned(), dtype=float) == 0
    if zeros.ndim != 2 or zeros.all(axis=1).any() or zeros.all(axis=0).any():
        fail(
            f"{outcome.run.describe()}: whole rows or columns were dropped",
            hint="draw one random number per entry: rng.random(activations.shape).",
        )


def _inverted_dropout(rng: np.random.Generator) -> list[Case]:
    rows = int(rng.integers(150, 250))
    activations = rng.uniform(0.5, 1.5, size=(rows, 200)).astype("float32")
    low = float(rng.choice([0.1, 0.2, 0.25]))
    high = float(rng.choice([0.7, 0.75, 0.8]))
    seed = int(rng.integers(0, 1000))
    ones = np.ones((400, 50))
    flat = rng.normal(size=int(rng.integers(4000, 6000)))
    return _hidden(
        *[
            case(
                f"rate {rate}: fraction zeroed, survivor scaling and mean",
                Call("inverted_dropout", (activations, rate), {"seed": seed + i}),
                judge=dropout_rules(activations, rate),
            )
            for i, rate in enumerate((low, high, 0.4))
        ],
        case(
            "activations are left unchanged",
            Call("inverted_dropout", (activations, high), {"seed": seed}),
            judge=judges.unchanged(),
        ),
        case(
            "the same seed gives the same mask",
            Call("inverted_dropout", (activations, 0.3), {"seed": seed}),
            Call("inverted_dropout", (activations, 0.3), {"seed": seed}),
            judge=_same_arrays,
        ),
        case(
            "another seed gives another mask",
            Call("inverted_dropout", (activations, 0.3), {"seed": seed}),
            Call("inverted_dropout", (activations, 0.3), {"seed": seed + 1}),
            judge=_different_arrays,
        ),
        case(
            "rate 0 changes nothing",
            Call("inverted_dropout", (activations, 0.0), {"seed": seed}),
            judge=returns_input(
                activations, "with rate 0 every entry is kept.", tolerance=1e-6
            ),
        ),
        case(
            "NumPy's global random state is left alone",
            Call("inverted_dropout", (activations, 0.5), {"seed": seed + 100}),
            judge=judges.keeps_global_rng(),
        ),
        case(
            "entries are dropped independently, not whole rows or columns",
            Call("inverted_dropout", (ones, 0.5), {"seed": seed}),
            judge=judges.all_of(dropout_rules(ones, 0.5), _independent),
        ),
        case(
            "1-D float64 input keeps its shape and dtype",
            Call("inverted_dropout", (flat, 0.4), {"seed": seed}),
            judge=judges.all_of(
                same_shape_and_dtype(flat), scales_survivors(flat, 0.4)
            ),
        ),
        *[
            case(
                f"rate {rate} with training={training} raises ValueError",
                Call("inverted_dropout", (activations, rate), {"training": training}),
                judge=judges.raises(
                    "ValueError",
                    hint="check the rate first, whatever training is: raise "
                    "ValueError unless 0 <= rate < 1.",
                ),
            )
            for rate, training in ((-0.1, True), (1.5, False), (1.0, False))
        ],
    )


# ------------------------------------------------------------ Exercise 2


def _dropout_statistics(rng: np.random.Generator) -> list[Case]:
    size = int(rng.integers(30, 60))
    inputs = rng.normal(size=size)
    inputs[rng.random(size) < 0.3] = 0.0
    inputs[0], inputs[1] = 0.0, 1.0  # at least one zero input and one survivor
    kept = rng.random(size) >= 0.4
    kept[1] = True
    outputs = inputs * kept * rng.uniform(1.5, 2.5, size)
    uniform = rng.uniform(0.1, 2.0, size=(int(rng.integers(150, 250)), 200))
    uniform = uniform.astype("float32")
    exact = judges.matches_reference(tolerance=1e-9)
    return _hidden(
        case(
            "entries whose input is 0 are ignored; scale averaged entry by entry",
            Call("dropout_statistics", (inputs, outputs)),
            judge=judges.all_of(
                finite_pair,
                judges.matches_reference(
                    tolerance=1e-9,
                    hint="count only entries where inputs != 0, and average "
                    "outputs / inputs over the survivors, entry by entry.",
                ),
            ),
        ),
        case(
            "a negative input that survives",
            Call(
                "dropout_statistics",
                (np.array([0.0, 1.0, 2.0, 0.0, -1.0]), np.array([0, 0, 4, 0, -2.0])),
            ),
            judge=judges.matches_reference(
                tolerance=1e-12, hint="divide outputs by inputs entry by entry."
            ),
        ),
        case(
            "the arrays are left unchanged",
            Call("dropout_statistics", (inputs, outputs)),
            judge=judges.unchanged(),
        ),
        case(
            "inference (outputs equal inputs): nothing dropped, scale 1",
            Call("dropout_statistics", (uniform, uniform.copy())),
            judge=judges.all_of(finite_pair, exact),
        ),
        case(
            "a Dropout(0.6) output of random inputs",
            Call(
                "dropout_statistics",
                (uniform, dropout_like(uniform, 0.6, rng)),
            ),
            judge=judges.all_of(finite_pair, exact),
        ),
        case(
            "integer arrays work",
            Call(
                "dropout_statistics",
                (np.array([[1, 2], [3, 4]]), np.array([[0, 4], [6, 0]])),
            ),
            judge=judges.all_of(finite_pair, exact),
        ),
    )


# ------------------------------------------------------------ Exercise 3


def _different_models(first: Outcome, second: Outcome, ref: Any = None) -> None:
    first.returned()
    second.returned()
    if first.observed[0] == second.observed[0]:
        fail(
            "two calls returned the same model object",
            hint="create the model inside the function, on every call.",
        )


def _dropout_in_training_only(outcome: Outcome, ref: Any = None) -> None:
    outcome.returned()
    results = outcome.observed
    if any(isinstance(r, Unsupported) for r in results) or len(results) != 3:
        fail(
            "the model could not be called on a few reviews",
            hint="keras.Input(shape=(10_000,)), then the layers of the exercise.",
        )
    inference, again, training = (np.asarray(r, dtype=float) for r in results)
    if not np.allclose(inference, again):
        fail(
            "two predictions in inference mode differ",
            hint="use keras.layers.Dropout, which drops nothing at inference.",
        )
    if np.allclose(inference, training):
        fail(
            "training mode gives the same outputs as inference: nothing is dropped",
            hint="keras.layers.Dropout(rate) after each hidden Dense layer.",
        )


def _build_dropout_model(rng: np.random.Generator) -> list[Case]:
    rates = [float(r) for r in rng.choice([0.1, 0.2, 0.3, 0.4, 0.6], 2, False)]
    width = int(rng.choice([8, 24, 32, 48, 64]))
    probe = (rng.random((4, 10_000)) < 0.05).astype("float32")
    calls = [
        ("call", {"inputs": probe, "training": False}),
        ("call", {"inputs": probe, "training": False}),
        ("call", {"inputs": probe, "training": True}),
    ]
    identity = Call("build_dropout_model", (0.5,), observe=(("identity", None),))
    return _hidden(
        *[
            case(
                f"build_dropout_model({rate}) follows every rule",
                Call("build_dropout_model", (rate,), observe=evaluate_on_reviews()),
                judge=dropout_model_rules(rate),
            )
            for rate in rates
        ],
        case(
            f"build_dropout_model({rates[0]}, hidden_units={width}) follows every rule",
            Call(
                "build_dropout_model",
                (rates[0],),
                {"hidden_units": width},
                observe=evaluate_on_reviews(),
            ),
            judge=dropout_model_rules(rates[0], width),
        ),
        case(
            f"build_dropout_model({rates[1]}, {width}) with hidden_units by position",
            Call("build_dropout_model", (rates[1], width)),
            judge=judges.all_of(has_layers(rates[1], width), has_parameters(width)),
        ),
        case(
            "every call builds a new model",
            identity,
            identity,
            judge=_different_models,
        ),
        case(
            "dropout acts in training mode only",
            Call("build_dropout_model", (0.5,), observe=tuple(calls)),
            judge=_dropout_in_training_only,
        ),
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "inverted_dropout_test": _inverted_dropout(rng),
        "dropout_statistics_test": _dropout_statistics(rng),
        "build_dropout_model_test": _build_dropout_model(rng),
    }
