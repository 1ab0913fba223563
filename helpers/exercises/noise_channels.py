"""Checks for lesson 1, noise channels.

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
from helpers.exercises.plain import Unsupported

# ------------------------------------------------------------- test data


def digit_like_images(
    rng: np.random.Generator,
    count: int = 300,
    pixels: int = 128,
    blank: int = 8,
    noise: int = 128,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Synthetic digits with noise columns appended, for Exercise 4.

    Every digit 0-9 has its own shape: the pixel columns it usually inks
    (values above 0.5) while other digits leave them mostly dark. ``blank``
    pixel columns are never inked. ``noise`` uniform columns follow the
    ``pixels`` pixel columns.

    Returns:
        ``(features, labels, blank_columns)``: float32 features of shape
        ``(count, pixels + noise)`` in [0, 1], integer labels, and the
        indices of the blank pixel columns.
    """
    labels = rng.integers(0, 10, size=count)
    shapes = rng.random((10, pixels)) < 0.35
    inked = rng.random((count, pixels)) < np.where(shapes[labels], 0.8, 0.08)
    dark = rng.uniform(0.0, 0.45, (count, pixels)) * (rng.random((count, pixels)) < 0.3)
    values = np.where(inked, rng.uniform(0.55, 1.0, (count, pixels)), dark)
    blank_columns = np.sort(rng.choice(pixels, size=blank, replace=False))
    values[:, blank_columns] = 0.0
    features = np.concatenate([values, rng.random((count, noise))], axis=1)
    return features.astype(np.float32), labels, blank_columns


INFORMATIVE_SEED = 7
"""Seed of the visible Exercise 4 data: 300 digits, 128 pixel columns (8 of
them blank), then 128 noise columns. With it, exact counting keeps all 120
pixel columns with ink (lowest score 0.105) and no noise column (highest
score 0.035)."""


# ---------------------------------------------------------------- judges


def _returned_labels(outcome: Outcome) -> tuple[np.ndarray, np.ndarray]:
    """The call's input labels and what ``corrupt_labels`` returned, both as
    1-D arrays of the same length, or a readable failure."""
    assert isinstance(outcome.run, Call)
    labels = np.asarray(outcome.run.args[0])
    found = outcome.returned()
    what = outcome.run.describe()
    if not isinstance(found, np.ndarray):
        fail(
            f"{what} should return a NumPy array",
            found=found if isinstance(found, Unsupported) else type(found).__name__,
            hint="start from noisy = np.array(labels) (a copy) and return it.",
        )
    if found.shape != labels.shape:
        fail(
            f"{what} should return one label per input label",
            expected=labels.shape,
            found=found.shape,
        )
    strange = ~np.isin(found, np.unique(labels))
    if np.any(strange):
        fail(
            f"{what} returned labels that are not classes of the input",
            found=np.unique(found[strange])[:5],
            hint="draw the new labels from np.unique(labels), the classes present.",
        )
    return labels, found


def labels_of_input_classes(outcome: Outcome, ref: Any = None) -> None:
    """A judge: ``corrupt_labels`` returned an array of as many labels as it
    was given, each a class of the input."""
    _returned_labels(outcome)


def _fraction(outcome: Outcome) -> float:
    assert isinstance(outcome.run, Call)
    if len(outcome.run.args) > 1:
        return float(outcome.run.args[1])
    return float(outcome.run.kwargs["fraction"])


def changes_exactly(outcome: Outcome, ref: Any = None) -> None:
    """A judge: exactly ``round(fraction * n)`` labels differ from the input."""
    labels, found = _returned_labels(outcome)
    fraction = _fraction(outcome)
    expected = round(fraction * len(labels))
    changed = int(np.sum(found != labels))
    if changed == expected:
        return
    if changed == int(fraction * len(labels)):
        hint = (
            f"{fraction} * {len(labels)} is {fraction * len(labels)!r} in floating "
            "point: round it with round(...), int(...) cuts it down."
        )
    elif changed < expected:
        hint = (
            "every chosen position must get a *different* class (draw among the "
            "other classes), and no position may be chosen twice "
            "(rng.choice(n, size=count, replace=False))."
        )
    else:
        hint = "change round(fraction * len(labels)) labels, no more."
    fail(
        f"{outcome.run.describe()} changed the wrong number of labels",
        expected=expected,
        found=changed,
        hint=hint,
    )


def spread_positions(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the changed positions are spread over the whole array (about
    half of them in each half), not bunched at one end."""
    labels, found = _returned_labels(outcome)
    changed = np.flatnonzero(found != labels)
    first_half = int(np.sum(changed < len(labels) / 2))
    # Hypergeometric spread: with hundreds of changes, 40-60 % in the first
    # half is more than 5 standard deviations wide.
    if not 0.4 * len(changed) <= first_half <= 0.6 * len(changed):
        fail(
            "the changed labels are not spread at random over the array",
            found=f"{first_half} of {len(changed)} changes in the first half",
            hint="choose the positions at random: "
            "rng.choice(len(labels), size=count, replace=False).",
        )


def uniform_new_classes(tolerance: float) -> Callable:
    """A judge: a changed label moves to each of the other classes about
    equally often (each class's offset ``(new - old) mod k`` within
    ``tolerance`` of its expected share of the changes)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        labels, found = _returned_labels(outcome)
        classes = np.unique(labels)
        changed = found != labels
        old = np.searchsorted(classes, labels[changed])
        new = np.searchsorted(classes, found[changed])
        offsets = (new - old) % len(classes)
        shares = np.bincount(offsets, minlength=len(classes))[1:] / max(1, len(offsets))
        expected = 1 / (len(classes) - 1)
        if np.any(np.abs(shares - expected) > tolerance):
            fail(
                "the new labels are not drawn uniformly among the other classes",
                expected=f"each other class about {expected:.3f} of the changes",
                found=f"shares from {shares.min():.3f} to {shares.max():.3f}",
                hint="pick each new label at random among the classes that differ "
                "from the old one (not always the next class).",
            )

    return judge


def same_arrays(first: Outcome, second: Outcome, ref: Any = None) -> None:
    """A judge: two calls returned identical arrays."""
    a, b = first.returned(), second.returned()
    if not np.array_equal(np.asarray(a), np.asarray(b)):
        fail(
            "two calls with the same seed gave different labels",
            hint="draw everything from one np.random.default_rng(seed).",
        )


def majority_share(train_labels: Any, test_labels: Any) -> float:
    """The rule of Exercise 1: the share of ``test_labels`` equal to the
    most common class of ``train_labels`` (the smallest one on ties)."""
    classes, counts = np.unique(np.asarray(train_labels), return_counts=True)
    return float(np.mean(np.asarray(test_labels) == classes[np.argmax(counts)]))


def column_indices(width: int) -> Callable:
    """A judge: ``informative_columns`` returned a 1-D array of distinct
    integer indices below ``width``, in increasing order."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        kept = returned_indices(outcome)
        if kept.size and (kept.min() < 0 or kept.max() >= width):
            fail(
                f"column indices should lie between 0 and {width - 1}",
                found=kept,
            )
        if not np.all(np.diff(kept) > 0):
            fail(
                "indices are unsorted or repeated",
                found=kept,
                hint="np.flatnonzero returns them in increasing order, once each.",
            )

    return judge


def returned_indices(outcome: Outcome) -> np.ndarray:
    """What ``informative_columns`` returned, as a 1-D integer array, or a
    readable failure."""
    found = outcome.returned()
    try:
        kept = np.asarray(found)
    except Exception:  # not array-like at all
        kept = np.asarray(None)
    if isinstance(found, (list, tuple)) and len(found) == 0:
        kept = np.zeros(0, dtype=int)
    if kept.ndim != 1 or kept.dtype.kind not in "iu":
        fail(
            "informative_columns should return a 1-D array of integer column indices",
            found=f"{type(found).__name__} of {kept.dtype}, shape {kept.shape}",
            hint="np.flatnonzero(scores > threshold) gives the indices of the "
            "True entries (a boolean mask is not enough).",
        )
    return kept


def keeps_no_column_from(first: int, what: str, hint: str) -> Callable:
    """A judge: no kept index is ``first`` or above (``what`` names those
    columns)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        kept = returned_indices(outcome)
        if np.any(kept >= first):
            fail(f"{what} were kept", found=kept[kept >= first], hint=hint)

    return judge


def keeps_at_least(count: int, below: int) -> Callable:
    """A judge: at least ``count`` kept indices are below ``below``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        kept = returned_indices(outcome)
        found = int(np.sum(kept < below))
        if found < count:
            fail(
                "too few pixel columns were kept",
                expected=f"at least {count}",
                found=found,
                hint="binarize with features > 0.5, score with "
                "mutual_info_classif(..., discrete_features=True) and keep the "
                "scores strictly above threshold.",
            )

    return judge


# ------------------------------------------------------------------ cases


def majority_baseline_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    rng = np.random.default_rng(1)
    # A rare-defect detector: 90 % of the parts are fine (0), 10 % faulty (1).
    parts_train = rng.permutation(np.repeat([0, 1], [900, 100]))
    parts_test = rng.permutation(np.repeat([0, 1], [450, 50]))
    # Ten digits in unequal shares: 3 is the most common in training, but 7
    # is the most common among the test labels.
    digits_train = rng.permutation(
        np.repeat(np.arange(10), [90] * 3 + [150] + [95] * 6)
    )
    digits_test = rng.permutation(np.repeat(np.arange(10), [40] * 7 + [80] + [40] * 2))
    hint = (
        "find the most common class of train_labels (np.unique(..., "
        "return_counts=True)) and return the share of test_labels equal to it."
    )
    return [
        case(
            "90 % fine parts, 10 % faulty: always answering 'fine' scores 0.9",
            Call("majority_baseline", (parts_train, parts_test)),
            judge=judges.all_of(
                judges.close(0.9, tolerance=1e-9, hint=hint), judges.unchanged()
            ),
        ),
        case(
            "the class is chosen on the training labels (3), not the test labels (7)",
            Call("majority_baseline", (digits_train, digits_test)),
            judge=judges.close(
                majority_share(digits_train, digits_test),
                tolerance=1e-9,
                hint="pick the class from train_labels only: the test labels are "
                "what the baseline is scored on, it must not peek at them.",
            ),
        ),
        case(
            "plain lists work too",
            Call("majority_baseline", ([2, 2, 2, 9], [9, 2, 9, 9, 2])),
            judge=judges.close(0.4, tolerance=1e-9, hint=hint),
        ),
    ]


def corrupt_labels_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    labels = np.random.default_rng(3).integers(0, 10, size=2_000)
    call = Call("corrupt_labels", (labels, 0.3), {"seed": 0})
    return [
        case(
            "corrupt_labels(labels, 0.3) returns 2,000 labels, all of them digits "
            "0-9, and leaves labels unchanged",
            call,
            judge=judges.all_of(
                labels_of_input_classes,
                judges.unchanged(
                    hint="work on a copy: noisy = np.array(labels); "
                    "np.asarray(labels) is the same array."
                ),
            ),
        ),
        case("exactly 600 of the 2,000 labels changed", call, judge=changes_exactly),
        case(
            "29 % of 100 labels changes exactly 29 of them",
            Call("corrupt_labels", (labels[:100], 0.29), {"seed": 1}),
            judge=changes_exactly,
        ),
        case(
            "the changed labels are spread over the array", call, judge=spread_positions
        ),
        # 600 changes over 9 other classes: a share of 1/9 each, with a
        # standard deviation of about 0.013; 0.06 is over 4 of them.
        case(
            "each changed label moves to one of the 9 other digits, about "
            "equally often",
            call,
            judge=uniform_new_classes(tolerance=0.06),
        ),
        case("the same seed gives the same labels", call, call, judge=same_arrays),
        case(
            "fraction 0 changes nothing",
            Call("corrupt_labels", (labels, 0.0), {"seed": 0}),
            judge=changes_exactly,
        ),
        *[
            case(
                f"fraction {fraction} raises ValueError",
                Call("corrupt_labels", (labels, fraction), {"seed": 0}),
                judge=judges.raises(
                    "ValueError",
                    hint="check 0 <= fraction <= 1 first and raise ValueError "
                    "otherwise.",
                ),
            )
            for fraction in (1.5, -0.1)
        ],
    ]


def informative_columns_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    features, labels, _ = digit_like_images(np.random.default_rng(INFORMATIVE_SEED))
    call = Call("informative_columns", (features, labels), {"threshold": 0.05})
    # Scoring 256 columns takes a moment: two runs, several rules each.
    return [
        case(
            "informative_columns returns increasing integer column indices and "
            "leaves its inputs unchanged",
            call,
            judge=judges.all_of(column_indices(features.shape[1]), judges.unchanged()),
        ),
        case(
            "no noise column survives, and at least 100 of the 120 pixel columns "
            "with ink do",
            call,
            judge=judges.all_of(
                keeps_no_column_from(
                    128,
                    "noise columns (128 and above)",
                    "binarize with features > 0.5 and use discrete_features=True.",
                ),
                keeps_at_least(100, below=128),
            ),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "majority_baseline_test": majority_baseline_cases,
    "informative_columns_test": informative_columns_cases,
    "corrupt_labels_test": corrupt_labels_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_majority_baseline(majority_baseline: Callable) -> None:
    """Check Exercise 1, ``majority_baseline(train_labels, test_labels)``."""
    run_public(majority_baseline_cases(), {"majority_baseline": majority_baseline})


def check_informative_columns(informative_columns: Callable) -> None:
    """Check Exercise 2, ``informative_columns(features, labels,
    threshold=0.05)``."""
    run_public(
        informative_columns_cases(), {"informative_columns": informative_columns}
    )


def check_corrupt_labels(corrupt_labels: Callable) -> None:
    """Check Exercise 3, ``corrupt_labels(labels, fraction, seed=0)``."""
    run_public(corrupt_labels_cases(), {"corrupt_labels": corrupt_labels})
