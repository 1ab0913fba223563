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
from helpers.exercises.plain import Make, Unsupported

# ------------------------------------------------------------- test data


def labels_of_ten_classes(count: int, seed: int) -> np.ndarray:
    """``count`` digit labels 0-9 in roughly equal shares."""
    return np.random.default_rng(seed).integers(0, 10, size=count)


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


def _array(outcome: Outcome, shape: tuple[int, ...], hint: str) -> np.ndarray:
    """The returned value as a NumPy array of ``shape``, or a readable
    failure."""
    found = outcome.returned()
    what = outcome.run.describe()
    if not isinstance(found, np.ndarray):
        fail(
            f"{what} should return a NumPy array",
            found=found if isinstance(found, Unsupported) else type(found).__name__,
            hint="np.concatenate returns one.",
        )
    if found.dtype.kind not in "biuf":
        fail(f"{what} should hold numbers", found=str(found.dtype))
    if found.shape != shape:
        fail(
            f"{what} has the wrong shape",
            expected=shape,
            found=found.shape,
            hint=hint,
        )
    return found


def extended_array(shape: tuple[int, int], *, dtype: bool = False) -> Callable:
    """A judge: ``add_channels`` returned an array of ``shape`` (and, with
    ``dtype``, of float32)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = _array(
            outcome,
            shape,
            "append as many columns as the input has, along axis=1.",
        )
        if dtype and found.dtype != np.float32:
            fail(
                f"{outcome.run.describe()} has the wrong dtype",
                expected="float32",
                found=str(found.dtype),
                hint="ask for dtype=np.float32 (or convert with .astype(np.float32)).",
            )

    return judge


def keeps_front(*, atol: float = 0.0) -> Callable:
    """A judge: the first columns of ``add_channels``' result are the input
    images (within ``atol``)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        assert isinstance(outcome.run, Call)
        images = np.asarray(outcome.run.args[0], dtype=float)
        count, width = images.shape
        found = _array(
            outcome,
            (count, 2 * width),
            "append as many columns as the input has, along axis=1.",
        )
        if not np.allclose(found[:, :width], images, rtol=0, atol=atol):
            fail(
                f"{outcome.run.describe()}: the original columns changed or moved",
                hint="put the images first, the extra columns after them.",
            )

    return judge


def _extra_columns(outcome: Outcome) -> np.ndarray:
    assert isinstance(outcome.run, Call)
    count, width = np.shape(outcome.run.args[0])
    return _array(
        outcome,
        (count, 2 * width),
        "append as many columns as the input has, along axis=1.",
    )[:, width:]


def uniform_noise(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the extra columns lie in [0, 1] and are spread out."""
    noise = _extra_columns(outcome)
    if not (noise.min() >= 0 and noise.max() <= 1 and noise.std() > 0.2):
        fail(
            "the noise is not uniform in [0, 1)",
            found=f"min {noise.min():.3f}, max {noise.max():.3f}, "
            f"std {noise.std():.3f}",
            hint="use rng.random(...), not rng.normal or rng.integers.",
        )


def zero_columns(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the extra columns are exactly 0."""
    extra = _extra_columns(outcome)
    if not np.all(extra == 0):
        fail(
            "the extra columns for kind='zeros' are not all 0",
            found=f"{np.count_nonzero(extra)} nonzero values",
            hint="np.zeros(images.shape, dtype=np.float32).",
        )


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


def random_guess_accuracy_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    labels = labels_of_ten_classes(2_000, seed=1)
    call = Call("random_guess_accuracy", (labels,), {"seed": 0})
    # Ten classes: about 0.10. With 2,000 labels a random classifier lands
    # within 0.04 of that (6 standard deviations).
    return [
        case(
            "random guessing on 2,000 labels of ten classes scores about 0.10",
            call,
            judge=judges.close(
                0.10,
                tolerance=0.04,
                hint="guess among np.unique(labels), one guess per label, and "
                "return the fraction of hits (a float between 0 and 1).",
            ),
        ),
        case("the labels were left unchanged", call, judge=judges.unchanged()),
    ]


def add_channels_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    rng = np.random.default_rng(2)
    # 50 images of 784 pixels, mostly dark like MNIST digits.
    images = (rng.random((50, 784)) * (rng.random((50, 784)) < 0.2)).astype(np.float32)
    found = []
    for kind in ("noise", "zeros"):
        call = Call("add_channels", (images, kind), {"seed": 0})
        found += [
            case(
                f'add_channels(images, "{kind}") is an array of shape (50, 1568)',
                call,
                judge=extended_array((50, 1568)),
            ),
            case(
                f"{kind}: dtype float32",
                call,
                judge=extended_array((50, 1568), dtype=True),
            ),
            case(
                f"{kind}: the first 784 columns are the original pixels",
                call,
                judge=keeps_front(),
            ),
        ]
    noise = Call("add_channels", (images, "noise"), {"seed": 0})
    zeros = Call("add_channels", (images, "zeros"), {"seed": 0})
    return [
        *found,
        case("noise columns are spread over [0, 1)", noise, judge=uniform_noise),
        case("zero columns are exactly 0", zeros, judge=zero_columns),
        case(
            "the input images were left unchanged",
            noise,
            judge=judges.unchanged(hint="build a new array; never write into images."),
        ),
    ]


def final_accuracy_gap_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    # Two 3-epoch runs like the lesson's: the zeros run ends higher.
    zeros = {"accuracy": [0.91, 0.968, 0.978], "val_accuracy": [0.9512, 0.9688, 0.9751]}
    noise = {"accuracy": [0.89, 0.962, 0.981], "val_accuracy": [0.9023, 0.9475, 0.9652]}
    return [
        case(
            "final_accuracy_gap on two 3-epoch History objects: 0.9751 - 0.9652",
            Call(
                "final_accuracy_gap",
                (Make("history", zeros), Make("history", noise)),
            ),
            judge=judges.close(
                0.9751 - 0.9652,
                tolerance=1e-6,
                hint='use history.history["val_accuracy"][-1] of each run, zeros '
                "minus noise.",
            ),
        ),
    ]


def informative_columns_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
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
    "random_guess_accuracy_test": random_guess_accuracy_cases,
    "add_channels_test": add_channels_cases,
    "final_accuracy_gap_test": final_accuracy_gap_cases,
    "informative_columns_test": informative_columns_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_random_guess_accuracy(random_guess_accuracy: Callable) -> None:
    """Check Exercise 1, ``random_guess_accuracy(labels, seed=0)``."""
    run_public(
        random_guess_accuracy_cases(),
        {"random_guess_accuracy": random_guess_accuracy},
    )


def check_add_channels(add_channels: Callable) -> None:
    """Check Exercise 2, ``add_channels(images, kind, seed=0)``."""
    run_public(add_channels_cases(), {"add_channels": add_channels})


def check_final_accuracy_gap(final_accuracy_gap: Callable) -> None:
    """Check Exercise 3, ``final_accuracy_gap(history_zeros,
    history_noise)``."""
    run_public(final_accuracy_gap_cases(), {"final_accuracy_gap": final_accuracy_gap})


def check_informative_columns(informative_columns: Callable) -> None:
    """Check Exercise 4, ``informative_columns(features, labels,
    threshold=0.05)``."""
    run_public(
        informative_columns_cases(), {"informative_columns": informative_columns}
    )
