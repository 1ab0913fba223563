"""Hidden checks of lesson 1 (noise channels): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from rules, never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.noise_channels import (
    changes_exactly,
    column_indices,
    digit_like_images,
    majority_share,
    returned_indices,
    same_arrays,
    spread_positions,
    uniform_new_classes,
)


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


# ------------------------------------------------------------ Exercise 1


def _majority(rng: np.random.Generator) -> list[Case]:
    classes = int(rng.integers(3, 8))
    shares = rng.dirichlet(np.ones(classes))
    train = rng.choice(classes, size=int(rng.integers(300, 900)), p=shares)
    test = rng.choice(classes, size=int(rng.integers(200, 600)))
    # The most common training class is rare among the test labels: a
    # baseline that peeks at the test labels scores higher.
    common = int(np.argmax(np.bincount(train, minlength=classes)))
    rare_test = np.where(rng.random(len(test)) < 0.5, test, (common + 1) % classes)
    skew = round(float(rng.uniform(0.8, 0.97)), 2)
    rare = (rng.random(5_000) > skew).astype(np.int64)
    words = ["cat", "dog", "bird"]
    pets_train = [words[i] for i in rng.choice(3, size=60, p=[0.2, 0.5, 0.3])]
    pets_test = [words[i] for i in rng.choice(3, size=40)]
    exact = judges.matches_reference(
        tolerance=1e-9,
        hint="pick the most common class of train_labels (the smallest on ties) "
        "and return the share of test_labels equal to it.",
    )
    return _hidden(
        case(
            f"{classes} classes in unequal shares",
            Call("majority_baseline", (train, test)),
            judge=judges.all_of(exact, judges.unchanged()),
        ),
        case(
            "the class comes from the training labels only",
            Call("majority_baseline", (train, rare_test)),
            judge=exact,
        ),
        case(
            "a two-class problem scores its majority share, not 0.5",
            Call("majority_baseline", (rare, rare)),
            judge=judges.all_of(
                judges.close(
                    majority_share(rare, rare),
                    tolerance=1e-9,
                    hint="always answer the majority class: its share is the bar.",
                ),
                judges.unchanged(),
            ),
        ),
        case(
            "a tie goes to the smallest class",
            Call("majority_baseline", ([5, 5, 2, 2, 9], [2, 2, 5, 1])),
            judge=judges.close(
                0.5,
                tolerance=1e-9,
                hint="on a tie take the smallest class (np.argmax returns the "
                "first of equal counts, and np.unique sorts the classes).",
            ),
        ),
        case(
            "string labels given as lists",
            Call("majority_baseline", (pets_train, pets_test)),
            judge=exact,
        ),
    )


# ------------------------------------------------------------ Exercise 3


def _different_labels(*outcomes: Outcome, ref: Any = None) -> None:
    found = [np.asarray(outcome.returned()) for outcome in outcomes]
    if all(np.array_equal(found[0], other) for other in found[1:]):
        fail(
            f"{len(found)} different seeds gave the same labels",
            hint="seed the generator with the seed argument.",
        )


def _corrupt(rng: np.random.Generator) -> list[Case]:
    count = int(rng.integers(3_000, 6_000))
    labels = rng.integers(0, 10, size=count)
    seed = int(rng.integers(0, 1_000))
    # A fraction whose product with the count ends in .7: round and int differ.
    awkward = (int(rng.integers(50, 150)) + 0.7) / 300
    odd_classes = np.array([3, 5, 8, 11, 20])[rng.integers(0, 5, size=1_000)]
    as_list = [int(x) for x in rng.integers(0, 4, size=400)]
    half = Call("corrupt_labels", (labels, 0.5), {"seed": seed})
    return _hidden(
        case("the same seed gives the same labels", half, half, judge=same_arrays),
        case(
            "different seeds give different labels",
            *[
                Call("corrupt_labels", (labels, 0.5), {"seed": seed + s})
                for s in range(3)
            ],
            judge=_different_labels,
        ),
        case(
            f"half of {count} labels: exactly that many change, spread out, and "
            "the input is left unchanged",
            half,
            judge=judges.all_of(
                changes_exactly,
                spread_positions,
                judges.unchanged(hint="work on a copy: np.array(labels)."),
                judges.keeps_global_rng(),
            ),
        ),
        # About count / 2 changes over 9 other classes: each share's standard
        # deviation is below 0.007; 0.035 is over 5 of them.
        case(
            "new labels are uniform over the other classes",
            half,
            judge=uniform_new_classes(tolerance=0.035),
        ),
        case(
            "round(fraction * n) labels change, not int(...)",
            Call("corrupt_labels", (labels[:300], awkward), {"seed": seed}),
            judge=changes_exactly,
        ),
        case(
            "fraction 1 changes every label",
            Call("corrupt_labels", (labels[:500], 1.0), {"seed": seed}),
            judge=changes_exactly,
        ),
        case(
            "fraction 0 changes none",
            Call("corrupt_labels", (labels[:500], 0), {"seed": seed}),
            judge=changes_exactly,
        ),
        case(
            "classes 3, 5, 8, 11, 20: new labels stay among them",
            Call("corrupt_labels", (odd_classes, 0.4), {"seed": seed}),
            judge=judges.all_of(changes_exactly, judges.unchanged()),
        ),
        case(
            "labels given as a list",
            Call("corrupt_labels", (as_list, 0.25), {"seed": seed}),
            judge=judges.all_of(changes_exactly, judges.unchanged()),
        ),
        *[
            case(
                f"fraction {fraction} raises ValueError",
                Call("corrupt_labels", (labels[:100], fraction), {"seed": 0}),
                judge=judges.raises(
                    "ValueError", hint="fraction must lie between 0 and 1."
                ),
            )
            for fraction in (1.0001, -0.5, 2)
        ],
    )


# ------------------------------------------------------------ Exercise 2


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
        "majority_baseline_test": _majority(rng),
        "informative_columns_test": _informative(rng),
        "corrupt_labels_test": _corrupt(rng),
    }
