"""Hidden checks of lesson 7 (K-fold validation): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from rules, never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.kfold_validation import (
    fold_features,
    follows_kfold_rules,
    normalized_with_training_statistics,
)


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


def _baseline(rng: np.random.Generator) -> list[Case]:
    train = rng.normal(20, 5, int(rng.integers(30, 80)))
    val = rng.normal(30, 8, int(rng.integers(10, 30)))
    low, high = (float(x) for x in rng.integers(1, 20, 2))
    return _hidden(
        case(
            "learns from the training targets only",
            Call("baseline_mae", ([high, high], [0.0, 2.0 * low])),
            judge=judges.matches_reference(
                tolerance=1e-9,
                hint="predict the mean of train_targets, never of val_targets.",
            ),
        ),
        case(
            "predicts the mean, not the median",
            Call("baseline_mae", ([0.0, 0.0, 3.0 * high], [high])),
            judge=judges.matches_reference(
                tolerance=1e-9, hint="the baseline predicts the mean, not the median."
            ),
        ),
        case(
            "works on integer arrays",
            Call("baseline_mae", (np.array([1, 2]), np.array([0]))),
            judge=judges.matches_reference(
                tolerance=1e-9, hint="convert to float before averaging."
            ),
        ),
        case(
            "random prices, inputs left unchanged",
            Call("baseline_mae", (train, val)),
            judge=judges.all_of(
                judges.matches_reference(tolerance=1e-9), judges.unchanged()
            ),
        ),
    )


def _kfold(rng: np.random.Generator) -> list[Case]:
    sizes = [(10, 3), (404, 5)]
    sizes += [(int(n), int(rng.integers(2, n + 1))) for n in rng.integers(2, 60, 6)]
    found = [
        case(
            f"kfold_indices({n}, {k}) follows every rule",
            Call("kfold_indices", (n, k)),
            judge=judges.all_of(follows_kfold_rules(n, k), judges.matches_reference()),
        )
        for n, k in sizes
    ]
    found += [
        case(
            f"kfold_indices(10, {bad}) raises ValueError",
            Call("kfold_indices", (10, bad)),
            judge=judges.raises("ValueError"),
        )
        for bad in (1, 0, -2, 11)
    ]
    return _hidden(*found)


def _normalize(rng: np.random.Generator) -> list[Case]:
    found = []
    for train_houses, val_houses, features in [
        (int(rng.integers(20, 320)), int(rng.integers(5, 110)), 13),
        (2, 1, int(rng.integers(1, 6))),
        (int(rng.integers(3, 12)), int(rng.integers(2, 12)), 1),
    ]:
        train, val = fold_features(rng, train_houses, val_houses, features)
        found.append(
            case(
                f"{train_houses} training and {val_houses} validation houses with "
                f"{features} features, inputs left unchanged",
                Call("normalize_fold", (train, val)),
                judge=judges.all_of(
                    normalized_with_training_statistics(train, val),
                    judges.matches_reference(tolerance=1e-9),
                    judges.unchanged(),
                ),
            )
        )
    integers = rng.integers(0, 50, (6, 3))
    integers[0] += 1 + integers[1:].max(axis=0)  # no constant column
    found.append(
        case(
            "integer features give float results",
            Call("normalize_fold", (integers[:4], integers[4:])),
            judge=judges.all_of(
                judges.matches_reference(
                    tolerance=1e-9, hint="convert to float before normalizing."
                ),
                judges.satisfies(
                    lambda pair: all(
                        np.asarray(part).dtype.kind == "f" for part in pair
                    ),
                    "both parts should hold floats",
                ),
            ),
        )
    )
    train, val = fold_features(rng, 8, 3, 2)
    found.append(
        case(
            "lists of lists work too",
            Call("normalize_fold", (train.tolist(), val.tolist())),
            judge=normalized_with_training_statistics(train, val),
        )
    )
    return _hidden(*found)


def _ema(rng: np.random.Generator) -> list[Case]:
    long_curve = rng.normal(2.5, 0.3, int(rng.integers(100, 500)))
    factor = float(rng.choice([0.8, 0.9, 0.95]))
    close = judges.matches_reference(tolerance=1e-9)
    return _hidden(
        case(
            "a step from 0 to 1 approaches 1 as 1 - factor**n",
            Call("exponential_moving_average", ([0.0] + [1.0] * 30, factor)),
            judge=close,
        ),
        case(
            "a constant curve stays constant",
            Call("exponential_moving_average", ([4.0] * 7, 0.7)),
            judge=close,
        ),
        case(
            "integer input gives float output",
            Call("exponential_moving_average", ([1, 2, 3], 0.5)),
            judge=judges.all_of(
                close,
                judges.satisfies(
                    lambda x: np.asarray(x).dtype.kind == "f",
                    "the result should hold floats",
                ),
            ),
        ),
        case(
            "an empty curve gives an empty result",
            Call("exponential_moving_average", ([], 0.9)),
            judge=judges.satisfies(lambda x: len(x) == 0, "expected an empty result"),
        ),
        case(
            "a long random curve, input left unchanged",
            Call("exponential_moving_average", (long_curve, factor)),
            judge=judges.all_of(close, judges.unchanged()),
        ),
        case(
            "a list passed in is left unchanged",
            Call("exponential_moving_average", ([5.0, 1.0, 3.0], 0.5)),
            judge=judges.unchanged(),
        ),
        *[
            case(
                f"factor {bad} raises ValueError",
                Call("exponential_moving_average", ([1.0, 2.0], bad)),
                judge=judges.raises("ValueError"),
            )
            for bad in (1.0, 1.5, -0.1)
        ],
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _best_epoch(rng: np.random.Generator) -> list[Case]:
    bottom = int(rng.integers(60, 400))
    epochs = np.arange(1, 501)
    u_curve = 2.4 + ((epochs - bottom) / 200.0) ** 2
    u_curve[:10] += 20.0
    exact = judges.matches_reference()
    return _hidden(
        case(
            "a tie goes to the earliest epoch, as an integer",
            Call("best_epoch", ([3.0, 1.0, 2.0, 1.0],)),
            judge=judges.all_of(
                exact, judges.satisfies(_is_int, "the result should be an integer")
            ),
        ),
        case(
            "a 500-epoch U-shaped curve, input left unchanged",
            Call("best_epoch", (u_curve,), {"skip": 10}),
            judge=judges.all_of(exact, judges.unchanged()),
        ),
        case(
            "skip = len(values) - 1 leaves only the last epoch",
            Call("best_epoch", (np.array([1.0, 5.0, 4.0, 6.0]),), {"skip": 3}),
            judge=exact,
        ),
        case(
            "a plain list works",
            Call("best_epoch", ([2.0, 1.0, 3.0],), {"skip": 0}),
            judge=exact,
        ),
        case(
            "skip = len(values) raises ValueError",
            Call("best_epoch", ([1.0, 2.0, 3.0],), {"skip": 3}),
            judge=judges.raises("ValueError"),
        ),
        case(
            "a negative skip raises ValueError",
            Call("best_epoch", ([1.0, 2.0, 3.0],), {"skip": -1}),
            judge=judges.raises("ValueError"),
        ),
    )


def _distinct_first_folds(outcome: Outcome, ref: Any = None) -> None:
    folds = outcome.returned()
    firsts = {tuple(np.sort(np.asarray(pair[1]))) for pair in folds[::4]}
    if len(firsts) <= 20:
        fail("30 repetitions should give (almost) 30 different first folds")


def _iterated(rng: np.random.Generator) -> list[Case]:
    seed = int(rng.integers(0, 1000))
    n = int(rng.integers(20, 40))
    return _hidden(
        case(
            "different seeds give different folds",
            Call("iterated_kfold_indices", (404, 4, 1), {"seed": seed}),
            Call("iterated_kfold_indices", (404, 4, 1), {"seed": seed + 1}),
            judge=_seeds_differ,
        ),
        case(
            f"{n} samples, k=4, 5 repetitions follow every rule, shuffled",
            Call("iterated_kfold_indices", (n, 4, 5), {"seed": seed}),
            judge=judges.all_of(
                follows_kfold_rules(n, 4, shuffled=True, repeats=5),
                judges.satisfies(
                    lambda folds: (
                        not np.array_equal(
                            np.sort(folds[0][1]), np.arange(len(folds[0][1]))
                        )
                        or not np.array_equal(
                            np.sort(folds[4][1]), np.arange(len(folds[4][1]))
                        )
                    ),
                    "the folds are consecutive blocks, not shuffled",
                    show_found=False,
                ),
                judges.keeps_global_rng(),
            ),
        ),
        case(
            "30 repetitions give (almost) 30 different first folds",
            Call("iterated_kfold_indices", (20, 4, 30), {"seed": seed}),
            judge=_distinct_first_folds,
        ),
        *[
            case(
                f"{what} raises ValueError",
                Call("iterated_kfold_indices", args, {"seed": 0}),
                judge=judges.raises("ValueError"),
            )
            for what, args in [
                ("repeats=0", (10, 2, 0)),
                ("k=1", (10, 1, 2)),
                ("k > num_samples", (10, 11, 2)),
            ]
        ],
    )


def _seeds_differ(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    if np.array_equal(np.sort(a[0][1]), np.sort(b[0][1])):
        fail("two different seeds gave the same folds", hint="pass seed to the rng.")


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "baseline_mae_test": _baseline(rng),
        "kfold_indices_test": _kfold(rng),
        "normalize_fold_test": _normalize(rng),
        "exponential_moving_average_test": _ema(rng),
        "best_epoch_test": _best_epoch(rng),
        "iterated_kfold_indices_test": _iterated(rng),
    }
