"""Hidden checks of lesson 1 (noise channels): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from rules, never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import check_number, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.noise_channels import (
    column_indices,
    digit_like_images,
    extended_array,
    keeps_front,
    returned_indices,
)
from helpers.exercises.plain import Make


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


def _numbers(outcomes: tuple[Outcome, ...]) -> list[float]:
    found = []
    for outcome in outcomes:
        value = outcome.returned()
        check_number(outcome.run.describe(), value)
        found.append(float(value))
    return found


# ------------------------------------------------------------ Exercise 1


def _same_accuracy(*outcomes: Outcome, ref: Any = None) -> None:
    if len(set(_numbers(outcomes))) > 1:
        fail(
            "two calls with the same seed gave different results",
            hint="draw every guess from np.random.default_rng(seed).",
        )


def _some_accuracies_differ(*outcomes: Outcome, ref: Any = None) -> None:
    if len(set(_numbers(outcomes))) == 1:
        fail(
            f"{len(outcomes)} different seeds gave the same accuracy",
            hint="seed the generator with the seed argument.",
        )


def _random_guess(rng: np.random.Generator) -> list[Case]:
    labels = rng.integers(0, 10, size=int(rng.integers(1_000, 3_000)))
    seed = int(rng.integers(0, 1_000))
    # 20,000 labels: standard deviation about 0.0035, so 0.03 is over 8 of
    # them; 30,000 labels of three classes: about 0.0027.
    balanced = rng.integers(0, 2, size=20_000)
    skewed = (rng.random(20_000) < 0.1).astype(np.int64)  # 90 % zeros
    odd_classes = [int(c) for c in rng.choice([5, 7, 9], size=30_000)]
    single = int(rng.integers(0, 10))
    same = Call("random_guess_accuracy", (labels,), {"seed": seed})
    return _hidden(
        case("the same seed gives the same accuracy", same, same, judge=_same_accuracy),
        case(
            "different seeds give different guesses",
            *[
                Call("random_guess_accuracy", (labels,), {"seed": seed + s})
                for s in range(6)
            ],
            judge=_some_accuracies_differ,
        ),
        case(
            "two balanced classes",
            Call("random_guess_accuracy", (balanced, int(rng.integers(0, 100)))),
            judge=judges.close(0.5, tolerance=0.03),
        ),
        case(
            "two classes, 90 % zeros (guesses are uniform)",
            Call("random_guess_accuracy", (skewed, int(rng.integers(0, 100)))),
            judge=judges.all_of(
                judges.close(
                    0.5,
                    tolerance=0.03,
                    hint="each class present is guessed equally often, whatever "
                    "its share of the labels.",
                ),
                judges.unchanged(),
            ),
        ),
        case(
            "classes 5, 7, 9 given as a list",
            Call("random_guess_accuracy", (odd_classes, int(rng.integers(0, 100)))),
            judge=judges.all_of(
                judges.close(
                    1 / 3,
                    tolerance=0.03,
                    hint="guess among the classes that occur, not range(10).",
                ),
                judges.unchanged(),
            ),
        ),
        case(
            "a single class is always guessed right",
            Call("random_guess_accuracy", ([single] * 50, 0)),
            judge=judges.close(1.0, tolerance=1e-12),
        ),
        case(
            "the labels are left unchanged after several calls",
            same,
            judge=judges.unchanged(),
        ),
    )


# ------------------------------------------------------------ Exercise 2


def _equal_arrays(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
        fail("add_channels should return NumPy arrays")
    if not np.array_equal(a, b):
        fail(
            "two calls with the same seed gave different noise",
            hint="seed the generator with the seed argument.",
        )


def _different_arrays(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = first.returned(), second.returned()
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and np.array_equal(a, b):
        fail(
            "two different seeds gave identical noise",
            hint="seed the generator with the seed argument.",
        )


def _rows_differ(outcome: Outcome, ref: Any = None) -> None:
    assert isinstance(outcome.run, Call)
    count, width = np.shape(outcome.run.args[0])
    extended_array((count, 2 * width))(outcome)
    noise = outcome.returned()[:, width:]
    if len(np.unique(noise, axis=0)) != count:
        fail(
            "some rows share the same noise values",
            hint="draw an (n, d) block, not one row repeated.",
        )


def _noise_statistic(
    name: str, statistic: Any, expected: float, hint: str | None = None
) -> Any:
    def judge(outcome: Outcome, ref: Any = None) -> None:
        assert isinstance(outcome.run, Call)
        count, width = np.shape(outcome.run.args[0])
        extended_array((count, 2 * width))(outcome)
        found = float(statistic(outcome.returned()[:, width:]))
        if not abs(found - expected) <= 0.01:
            fail(f"the {name} of the noise is off", found=found, hint=hint)

    return judge


def _message_names_kinds(outcome: Outcome, ref: Any = None) -> None:
    judges.raises("ValueError")(outcome)
    message = outcome.message.lower()
    if "noise" not in message or "zeros" not in message:
        fail(
            "the ValueError's message should name the valid kinds",
            found=outcome.message,
            hint='e.g. ValueError(f\'kind must be "noise" or "zeros", got {kind!r}\').',
        )


def _float32_zeros(outcome: Outcome, ref: Any = None) -> None:
    assert isinstance(outcome.run, Call)
    count, width = np.shape(outcome.run.args[0])
    extended_array((count, 2 * width), dtype=True)(outcome)
    if not np.all(outcome.returned()[:, width:] == 0):
        fail("the extra columns for kind='zeros' are not all 0")


def _add_channels(rng: np.random.Generator) -> list[Case]:
    count, width = int(rng.integers(20, 80)), int(rng.integers(30, 120))
    images = (rng.random((count, width)) * (rng.random((count, width)) < 0.3)).astype(
        np.float32
    )
    seed = int(rng.integers(0, 1_000))
    many = rng.random((200, 784)).astype(np.float32)
    statistics = Call("add_channels", (many, "noise"), {"seed": seed + 2})
    small = np.linspace(0, 1, 35, dtype=np.float64).reshape(7, 5)
    small_noise = Call("add_channels", (small, "noise"), {"seed": seed})
    small_zeros = Call("add_channels", (small, "zeros"), {"seed": seed})
    twice = Call("add_channels", (images, "noise"), {"seed": seed})
    return _hidden(
        *[
            case(
                f"kind={kind!r} raises ValueError",
                Call("add_channels", (images, kind), {"seed": 0}),
                judge=judges.raises(
                    "ValueError",
                    hint="raise ValueError unless kind is 'noise' or 'zeros'.",
                ),
            )
            for kind in ("gaussian", "", "ones")
        ],
        case(
            "the ValueError's message names the valid kinds",
            Call("add_channels", (images, "gaussian"), {"seed": 0}),
            judge=_message_names_kinds,
        ),
        case("the same seed gives the same noise", twice, twice, judge=_equal_arrays),
        case(
            "different seeds give different noise",
            twice,
            Call("add_channels", (images, "noise"), {"seed": seed + 1}),
            judge=_different_arrays,
        ),
        case(
            f"every one of {count} rows gets its own noise",
            twice,
            judge=_rows_differ,
        ),
        # 156,800 uniform values: mean 0.5 and std 0.2887, each within 0.01
        # (over 10 standard errors); a quarter of them below 0.25.
        case(
            "mean of uniform noise",
            statistics,
            judge=_noise_statistic(
                "mean", np.mean, 0.5, hint="uniform in [0, 1): rng.random."
            ),
        ),
        case(
            "spread of uniform noise",
            statistics,
            judge=_noise_statistic(
                "standard deviation", np.std, 12**-0.5, hint="uniform in [0, 1)."
            ),
        ),
        case(
            "share of noise below 0.25",
            statistics,
            judge=_noise_statistic(
                "share below 0.25", lambda noise: np.mean(noise < 0.25), 0.25
            ),
        ),
        case(
            "a (7, 5) float64 input gives a (7, 10) float32 result",
            small_noise,
            judge=extended_array((7, 10), dtype=True),
        ),
        case(
            "a float64 input is kept in front",
            small_noise,
            judge=judges.all_of(keeps_front(atol=1e-6), judges.unchanged()),
        ),
        case(
            "zeros for a float64 input: float32, extra columns 0",
            small_zeros,
            judge=judges.all_of(_float32_zeros, judges.unchanged()),
        ),
        case(
            f"random ({count}, {width}) images are kept in front, unchanged",
            twice,
            judge=judges.all_of(
                keeps_front(),
                judges.unchanged(hint="return a new array; never write into images."),
            ),
        ),
    )


# ------------------------------------------------------------ Exercise 3


def _curve(rng: np.random.Generator, length: int, best: float) -> list[float]:
    """Validation accuracies whose best epoch is neither the first nor the
    last."""
    values = rng.uniform(0.80, 0.97, length)
    values[int(rng.integers(1, length - 1))] = best
    return [round(float(v), 4) for v in values]


def _final_gap(rng: np.random.Generator) -> list[Case]:
    length = int(rng.integers(4, 9))
    zeros = {
        "accuracy": _curve(rng, length, 0.995),
        "val_accuracy": _curve(rng, length, 0.99),
    }
    noise = {
        "accuracy": _curve(rng, length, 0.998),
        "val_accuracy": _curve(rng, length, 0.985),
    }
    low = round(float(rng.uniform(0.6, 0.9)), 4)
    exact = judges.matches_reference(
        tolerance=1e-9, hint="compare the last epochs, not the best or the first."
    )
    return _hidden(
        case(
            "gap from dictionaries",
            Call("final_accuracy_gap", (zeros, noise)),
            judge=judges.all_of(
                exact,
                judges.unchanged(hint="read the lists; do not pop or sort them."),
            ),
        ),
        case(
            "swapped arguments flip the sign",
            Call("final_accuracy_gap", (noise, zeros)),
            judge=exact,
        ),
        case(
            "noise better than zeros gives a negative gap",
            Call(
                "final_accuracy_gap",
                ({"val_accuracy": [low]}, {"val_accuracy": [low + 0.05]}),
            ),
            judge=exact,
        ),
        case(
            "gap from History objects",
            Call(
                "final_accuracy_gap", (Make("history", zeros), Make("history", noise))
            ),
            judge=judges.all_of(
                exact,
                judges.unchanged(hint="read the lists; do not pop or sort them."),
            ),
        ),
        case(
            "one History object and one dictionary",
            Call("final_accuracy_gap", (zeros, Make("history", noise))),
            judge=exact,
        ),
    )


# ------------------------------------------------------------ Exercise 4


def _drops_columns(columns: np.ndarray) -> Any:
    def judge(outcome: Outcome, ref: Any = None) -> None:
        kept = returned_indices(outcome)
        if np.intersect1d(kept, columns).size:
            fail(
                "a column that never has ink was kept",
                hint="binarize with features > 0.5 first: a column that is never "
                "above 0.5 tells nothing about the label.",
            )

    return judge


def _informative(rng: np.random.Generator) -> list[Case]:
    features, labels, blank = digit_like_images(rng)
    toy_labels = rng.permutation(np.repeat(np.arange(4), 100))  # equal shares
    toy = rng.random((400, 10))
    toy[:, 0] = (toy_labels == 1) * 0.9  # MI about 0.56 nats
    toy[:, 1] = (toy_labels >= 2) * 1.0  # MI about 0.69 nats
    exact = judges.matches_reference(
        hint="binarize with features > 0.5, use discrete_features=True and keep "
        "the scores strictly above threshold."
    )
    digits = Call("informative_columns", (features, labels), {"threshold": 0.05})
    return _hidden(
        case(
            "300 random digits with noise columns; pixels that never have ink "
            "are dropped",
            digits,
            judge=judges.all_of(
                column_indices(features.shape[1]),
                _drops_columns(blank),
                exact,
                judges.unchanged(),
            ),
        ),
        case(
            "toy data: keeps exactly the informative columns (labels as a list)",
            Call("informative_columns", (toy, [int(x) for x in toy_labels], 0.05)),
            judge=judges.all_of(column_indices(10), exact, judges.unchanged()),
        ),
        case(
            "a higher threshold keeps fewer columns",
            Call("informative_columns", (toy, toy_labels, 0.6)),
            judge=exact,
        ),
        case(
            "the default threshold is 0.05",
            Call("informative_columns", (toy, toy_labels)),
            judge=exact,
        ),
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "random_guess_accuracy_test": _random_guess(rng),
        "add_channels_test": _add_channels(rng),
        "final_accuracy_gap_test": _final_gap(rng),
        "informative_columns_test": _informative(rng),
    }
