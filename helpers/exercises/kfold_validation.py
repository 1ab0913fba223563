"""Checks for lesson 7, K-fold validation.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.checks import fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public


def block_sizes(num_samples: int, k: int) -> list[int]:
    """The K-fold block sizes the lesson asks for: the first
    ``num_samples % k`` blocks are one larger."""
    return [num_samples // k + (fold < num_samples % k) for fold in range(k)]


def follows_kfold_rules(
    num_samples: int, k: int, *, shuffled: bool = False, repeats: int = 1
) -> Callable[..., None]:
    """A judge: ``repeats`` rounds of ``k`` (train, val) pairs whose
    validation blocks have :func:`block_sizes`, cover every sample once per
    round and whose training part is the rest; unshuffled blocks are
    consecutive and in order."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        folds = outcome.returned()
        what = outcome.run.describe()
        if not isinstance(folds, (list, tuple)) or len(folds) != k * repeats:
            found = len(folds) if isinstance(folds, (list, tuple)) else folds
            fail(f"{what} should return {k * repeats} pairs", found=found)
        everything = np.arange(num_samples)
        for start in range(0, k * repeats, k):
            _check_round(folds[start : start + k], num_samples, k, what)
            blocks = [np.asarray(pair[1]) for pair in folds[start : start + k]]
            if not shuffled and not np.array_equal(np.concatenate(blocks), everything):
                fail(
                    f"{what}: the validation blocks are not consecutive and in order",
                    hint="fold i validates on the i-th block of consecutive indices.",
                )

    return judge


def _check_round(pairs: Any, num_samples: int, k: int, what: str) -> None:
    everything = np.arange(num_samples)
    try:
        trains = [np.asarray(pair[0]) for pair in pairs]
        vals = [np.asarray(pair[1]) for pair in pairs]
    except (TypeError, IndexError, KeyError):
        fail(f"{what}: every fold should be a pair (train_idx, val_idx)")
    if not all(a.dtype.kind in "iu" for a in trains + vals):
        fail(f"{what}: indices should be integer arrays", hint="np.arange gives them.")
    sizes = [len(v) for v in vals]
    if sizes != block_sizes(num_samples, k):
        fail(
            f"{what}: the validation blocks have the wrong sizes",
            expected=block_sizes(num_samples, k),
            found=sizes,
            hint="the first num_samples % k blocks get one extra sample.",
        )
    if not np.array_equal(np.sort(np.concatenate(vals)), everything):
        fail(f"{what}: the validation blocks do not cover every sample exactly once")
    for train, val in zip(trains, vals, strict=True):
        if not np.array_equal(np.sort(train), np.setdiff1d(everything, val)):
            fail(
                f"{what}: a training part is not exactly the samples outside its "
                "validation block",
                hint="build train_idx from every index not in val_idx.",
            )


def normalized_with_training_statistics(
    train: np.ndarray, val: np.ndarray
) -> Callable[..., None]:
    """A judge: ``(train_normalized, val_normalized)`` as the lesson asks,
    with a prepared message for each common way of getting it wrong."""
    mean, std = train.mean(axis=0), train.std(axis=0)
    expected_train, expected_val = (train - mean) / std, (val - mean) / std
    pooled = np.concatenate([train, val])
    with np.errstate(divide="ignore", invalid="ignore"):  # one-house parts
        own_val = (val - val.mean(axis=0)) / val.std(axis=0)
        pooled_train = (train - pooled.mean(axis=0)) / pooled.std(axis=0)
        unbiased_train = (train - mean) / train.std(axis=0, ddof=1)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        what = outcome.run.describe()
        if not isinstance(found, (list, tuple)) or len(found) != 2:
            fail(
                f"{what} should return a pair (train_normalized, val_normalized)",
                hint="return both parts: `return train_part, val_part`.",
            )
        try:
            found_train = np.asarray(found[0], dtype=float)
            found_val = np.asarray(found[1], dtype=float)
        except (TypeError, ValueError):
            fail(f"{what} should return two arrays of numbers")
        if found_train.shape != train.shape or found_val.shape != val.shape:
            fail(
                f"{what}: the normalized parts should keep their shapes",
                expected=[train.shape, val.shape],
                found=[found_train.shape, found_val.shape],
            )
        if _close(found_train, expected_train) and _close(found_val, expected_val):
            return
        if _close(found_val, own_val):
            fail(
                f"{what}: the validation part was normalized with its own statistics",
                hint="use the training part's mean and standard deviation for "
                "both parts: the validation houses stand in for unseen ones.",
            )
        if _close(found_train, pooled_train):
            fail(
                f"{what}: the statistics include the validation part",
                hint="compute the mean and standard deviation from "
                "train_features only, not from both parts together.",
            )
        if _close(found_train, unbiased_train):
            fail(
                f"{what}: the standard deviation uses ddof=1",
                hint="use NumPy's default, train_features.std(axis=0).",
            )
        if not _close(found_train, expected_train):
            fail(
                f"{what}: the training part does not have mean 0 and standard "
                "deviation 1 in every column",
                hint="normalize column by column: mean(axis=0) and std(axis=0).",
            )
        fail(
            f"{what}: the validation part is not shifted and scaled with the "
            "training part's mean and standard deviation",
            hint="(val_features - train_mean) / train_std.",
        )

    return judge


def _close(found: np.ndarray, expected: np.ndarray) -> bool:
    return found.shape == expected.shape and bool(
        np.allclose(found, expected, rtol=1e-6, atol=1e-6)
    )


# ------------------------------------------------------------------ cases


def baseline_mae_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    rng = np.random.default_rng(7)
    train, val = rng.normal(20, 5, 50), rng.normal(30, 8, 20)
    return [
        case(
            "baseline_mae([1, 2, 3], [0, 4]) is 2",
            Call("baseline_mae", ([1.0, 2.0, 3.0], [0.0, 4.0])),
            judge=judges.close(
                2.0,
                tolerance=1e-9,
                hint="predict mean([1, 2, 3]) = 2 for both houses: errors 2 and 2.",
            ),
        ),
        case(
            "baseline_mae on 50 random training prices and 20 validation prices",
            Call("baseline_mae", (train, val)),
            judge=judges.close(
                float(np.mean(np.abs(val - train.mean()))),
                tolerance=1e-9,
                hint="the prediction is train_targets.mean(), the same for every "
                "house.",
            ),
        ),
    ]


def kfold_indices_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    return [
        case(
            "kfold_indices(404, 4): 4 consecutive blocks of 101 houses",
            Call("kfold_indices", (404, 4)),
            judge=follows_kfold_rules(404, 4),
        ),
        case(
            "fold 1 of kfold_indices(404, 4) validates on houses 0-100",
            Call("kfold_indices", (404, 4)),
            judge=judges.satisfies(
                lambda folds: np.array_equal(folds[0][1], np.arange(101)),
                "fold 1 should validate on houses 0-100",
                hint="the i-th fold validates on the i-th block of consecutive "
                "indices.",
                show_found=False,
            ),
        ),
    ]


def fold_features(
    rng: np.random.Generator, train_houses: int, val_houses: int, features: int
) -> tuple[np.ndarray, np.ndarray]:
    """Features of one fold on different scales, the validation part shifted
    so that its own statistics differ clearly from the training part's."""
    scale = rng.uniform(0.5, 100.0, features)
    train = rng.normal(3.0, 1.0, (train_houses, features)) * scale
    val = rng.normal(4.0, 2.0, (val_houses, features)) * scale
    return train, val


def normalize_fold_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    train, val = fold_features(np.random.default_rng(3), 303, 101, 13)
    small_train = np.array([[0.0, 10.0], [2.0, 30.0]])
    small_val = np.array([[4.0, 20.0], [0.0, 0.0]])
    return [
        case(
            "training houses [[0, 10], [2, 30]] and validation houses "
            "[[4, 20], [0, 0]] give [[-1, -1], [1, 1]] and [[3, 0], [-1, -2]]",
            Call("normalize_fold", (small_train, small_val)),
            judge=normalized_with_training_statistics(small_train, small_val),
        ),
        case(
            "a fold of 303 + 101 houses with 13 features, inputs left unchanged",
            Call("normalize_fold", (train, val)),
            judge=judges.all_of(
                normalized_with_training_statistics(train, val), judges.unchanged()
            ),
        ),
    ]


def exponential_moving_average_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
    curve = (
        3 + np.exp(-np.arange(60) / 10) + np.random.default_rng(0).normal(0, 0.2, 60)
    )
    smoothed = [float(curve[0])]
    for value in curve[1:]:
        smoothed.append(0.9 * smoothed[-1] + 0.1 * float(value))
    return [
        case(
            "smoothing [10, 0, 0] with factor 0.5 gives [10, 5, 2.5]",
            Call("exponential_moving_average", ([10.0, 0.0, 0.0], 0.5)),
            judge=judges.equals(
                np.array([10.0, 5.0, 2.5]),
                hint="start from the first value, then factor * previous + "
                "(1 - factor) * value.",
            ),
        ),
        case(
            "factor 0 leaves a curve unchanged",
            Call("exponential_moving_average", (curve, 0.0)),
            judge=judges.equals(
                curve, hint="with factor 0 each point is 0 * previous + 1 * value."
            ),
        ),
        case(
            "factor 0.9 on a noisy 60-epoch curve matches the definition",
            Call("exponential_moving_average", (curve, 0.9)),
            judge=judges.all_of(
                judges.satisfies(
                    lambda found: np.allclose(found, smoothed, rtol=0, atol=1e-9),
                    "factor 0.9 on a noisy 60-epoch curve differs from the definition",
                ),
                judges.unchanged(),
            ),
        ),
    ]


def best_epoch_cases() -> list[Case]:
    """Visible cases of Exercise 5."""
    return [
        case(
            "best_epoch([5, 4, 3, 4, 5]) is epoch 3",
            Call("best_epoch", ([5.0, 4.0, 3.0, 4.0, 5.0],)),
            judge=judges.equals(
                3, hint="epochs count from 1: the value at index 2 belongs to epoch 3."
            ),
        ),
        case(
            "with skip=1, best_epoch([0.1, 9, 8, 7, 8]) is epoch 4",
            Call("best_epoch", ([0.1, 9.0, 8.0, 7.0, 8.0],), {"skip": 1}),
            judge=judges.equals(
                4,
                hint="ignore the first `skip` values, but keep counting epochs from "
                "the start of the full curve.",
            ),
        ),
        case(
            "without skip the same curve is best at epoch 1",
            Call("best_epoch", ([0.1, 9.0, 8.0, 7.0, 8.0],)),
            judge=judges.equals(1),
        ),
    ]


def _differ(first: int, second: int, problem: str, hint: str) -> Callable[..., None]:
    """A judge on one outcome: validation block ``first`` and ``second``
    (as sets) must differ."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        folds = outcome.returned()
        if np.array_equal(np.sort(folds[first][1]), np.sort(folds[second][1])):
            fail(problem, hint=hint)

    return judge


def _same_folds(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    if len(a) != len(b) or not all(
        np.array_equal(x[1], y[1]) for x, y in zip(a, b, strict=True)
    ):
        fail(
            "two calls with the same seed gave different folds",
            hint="use np.random.default_rng(seed).",
        )


def iterated_kfold_indices_cases() -> list[Case]:
    """Visible cases of Exercise 6."""
    call = Call("iterated_kfold_indices", (404, 4, 3), {"seed": 0})
    return [
        case(
            "3 repetitions of 4 folds: 12 pairs, each round covers all 404 houses",
            call,
            judge=follows_kfold_rules(404, 4, shuffled=True, repeats=3),
        ),
        case(
            "the second repetition shuffles differently from the first",
            call,
            judge=_differ(
                0,
                4,
                "the second repetition repeats the first one's folds",
                "create the generator once, before the loop, and draw a new "
                "permutation for every repetition.",
            ),
        ),
        case("the same seed gives the same folds", call, call, judge=_same_folds),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "baseline_mae_test": baseline_mae_cases,
    "kfold_indices_test": kfold_indices_cases,
    "normalize_fold_test": normalize_fold_cases,
    "exponential_moving_average_test": exponential_moving_average_cases,
    "best_epoch_test": best_epoch_cases,
    "iterated_kfold_indices_test": iterated_kfold_indices_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_baseline_mae(baseline_mae: Callable) -> None:
    """Check Exercise 1, ``baseline_mae(train_targets, val_targets)``."""
    run_public(baseline_mae_cases(), {"baseline_mae": baseline_mae})


def check_kfold_indices(kfold_indices: Callable) -> None:
    """Check Exercise 2, ``kfold_indices(num_samples, k)``."""
    run_public(kfold_indices_cases(), {"kfold_indices": kfold_indices})


def check_normalize_fold(normalize_fold: Callable) -> None:
    """Check Exercise 3, ``normalize_fold(train_features, val_features)``."""
    run_public(normalize_fold_cases(), {"normalize_fold": normalize_fold})


def check_exponential_moving_average(exponential_moving_average: Callable) -> None:
    """Check Exercise 4, ``exponential_moving_average(values, factor)``."""
    run_public(
        exponential_moving_average_cases(),
        {"exponential_moving_average": exponential_moving_average},
    )


def check_best_epoch(best_epoch: Callable) -> None:
    """Check Exercise 5, ``best_epoch(values, skip=0)``."""
    run_public(best_epoch_cases(), {"best_epoch": best_epoch})


def check_iterated_kfold_indices(iterated_kfold_indices: Callable) -> None:
    """Check Exercise 6, ``iterated_kfold_indices(num_samples, k, repeats,
    seed)``."""
    run_public(
        iterated_kfold_indices_cases(),
        {"iterated_kfold_indices": iterated_kfold_indices},
    )
