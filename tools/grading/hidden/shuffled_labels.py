"""Hidden checks of lesson 2 (shuffled labels): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from rules, never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.checks import fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case
from helpers.exercises.plain import Unsupported
from helpers.exercises.shuffled_labels import (
    HISTORY_HINT,
    LABELS_HINT,
    NEIGHBOUR_HINT,
    clusters,
    distances_close,
    far_apart,
    history,
    is_array,
    orders_differ,
    returned,
    returns_bool,
    runs_without_error,
    same_labels,
    stored_members,
    well_shuffled,
)


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


# ------------------------------------------------------------ Exercise 1


def _not_a_view(outcome: Outcome, ref: Any = None) -> None:
    """The returned array's ``base`` (observed) is not the input's memory."""
    returned(outcome, LABELS_HINT)
    base = outcome.observed[0] if outcome.observed else None
    if isinstance(base, Unsupported):
        fail(
            "the result could not be checked for shared memory",
            hint="return a plain NumPy array.",
        )
    if base is not None and judges.same(base, outcome.args_after[0]):
        fail(
            f"{outcome.run.describe()}: the result is a view of the input",
            hint="return a copy, not labels[:] or labels itself.",
        )


def _same_order(first: Outcome, second: Outcome, ref: Any = None) -> None:
    a, b = returned(first, LABELS_HINT), returned(second, LABELS_HINT)
    if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
        fail("shuffled_copy should return a NumPy array", found=type(a).__name__)
    if not judges.same(a, b):
        fail(
            "two calls with the same seed gave different orders",
            hint="seed the generator with the seed argument: "
            "np.random.default_rng(seed).",
        )


def _string_array(words: list[str]) -> Any:
    """A judge: the same strings, reordered, in an array of strings."""
    expected = np.asarray(words)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, LABELS_HINT)
        if not isinstance(found, np.ndarray) or found.dtype != expected.dtype:
            fail(
                f"{outcome.run.describe()} should return a NumPy array of the "
                "strings, with the dtype of np.asarray(labels)",
                hint="np.random.default_rng(seed).permutation(np.asarray(labels)).",
            )
        if not np.array_equal(np.sort(found), np.sort(expected)):
            fail(
                f"{outcome.run.describe()} should hold the same labels, reordered",
                hint=LABELS_HINT,
            )

    return judge


def _shuffled(rng: np.random.Generator) -> list[Case]:
    size = int(rng.integers(400, 700))
    bigger = rng.integers(0, 10, size).astype(np.uint8)
    start = int(rng.integers(50, 150))
    part = bigger[start : start + 300].copy()
    seed = int(rng.integers(0, 1000))
    numbers = [int(x) for x in rng.integers(0, 10, 11)]
    words = ["cat", "dog", "bird", "fish"] * 25
    floats = np.linspace(0, 1, 50, dtype=np.float32)
    unchanged = judges.unchanged(
        hint="labels[:] is a view, so shuffling it shuffles the original; "
        "shuffle labels.copy() or use rng.permutation(labels)."
    )
    return _hidden(
        case(
            "a whole label array is left unchanged and well shuffled",
            Call("shuffled_copy", (bigger,), {"seed": 1}),
            judge=judges.all_of(unchanged, same_labels(bigger), well_shuffled(bigger)),
        ),
        case(
            "a part of a label array (300 labels) is left unchanged",
            Call("shuffled_copy", (part,), {"seed": 2}),
            judge=judges.all_of(unchanged, same_labels(part)),
        ),
        case(
            "the result shares no memory with the input",
            Call("shuffled_copy", (bigger,), {"seed": 3}, (("attribute", "base"),)),
            judge=judges.all_of(unchanged, is_array(bigger.shape), _not_a_view),
        ),
        case(
            "the same seed gives the same order",
            Call("shuffled_copy", (bigger,), {"seed": seed}),
            Call("shuffled_copy", (bigger,), {"seed": seed}),
            judge=_same_order,
        ),
        case(
            "different seeds give different orders",
            Call("shuffled_copy", (bigger,), {"seed": seed}),
            Call("shuffled_copy", (bigger,), {"seed": seed + 1}),
            judge=orders_differ,
        ),
        case(
            "the dtype of the labels is kept",
            Call("shuffled_copy", (bigger,), {"seed": 4}),
            judge=is_array(bigger.shape, "uint8"),
        ),
        case(
            "a list is shuffled into a new array and left unchanged",
            Call("shuffled_copy", (numbers,), {"seed": 0}),
            judge=judges.all_of(
                is_array((len(numbers),)), same_labels(numbers), judges.unchanged()
            ),
        ),
        case(
            "string labels give an array with their dtype kept",
            Call("shuffled_copy", (words,), {"seed": 5}),
            judge=_string_array(words),
        ),
        case(
            "float32 labels keep their dtype and values",
            Call("shuffled_copy", (floats,), {"seed": 6}),
            judge=judges.all_of(is_array(floats.shape, "float32"), same_labels(floats)),
        ),
    )


# ------------------------------------------------------------ Exercise 2


def _run(train: float, val: float) -> dict[str, list[float]]:
    return {
        "accuracy": [0.1, train],
        "val_accuracy": [0.1, val],
        "loss": [2.3, 1.0],
        "val_loss": [2.3, 2.5],
    }


def _memorized(rng: np.random.Generator) -> list[Case]:
    same = judges.all_of(
        returns_bool,
        judges.matches_reference(
            hint="at the last epoch: training >= chance + 0.30 and "
            "abs(validation - chance) <= 0.03."
        ),
    )
    fixed = [
        (0.12, 0.10, "no learning at all"),
        (0.38, 0.10, "training only 0.28 above chance"),
        (0.45, 0.125, "validation 0.025 above chance"),
        (0.45, 0.075, "validation 0.025 below chance"),
        (0.45, 0.14, "validation 0.04 above chance"),
        (0.45, 0.06, "validation 0.04 below chance"),
    ]
    found = [
        case(
            f"training {train}, validation {val} ({why})",
            Call("looks_memorized", (_run(train, val),)),
            judge=same,
        )
        for train, val, why in fixed
    ]
    chance = round(float(rng.uniform(0.05, 0.5)), 3)
    for train_offset, val_offset in [
        (rng.uniform(0.32, 0.45), rng.uniform(-0.025, 0.025)),
        (rng.uniform(0.1, 0.28), rng.uniform(-0.025, 0.025)),
        (rng.uniform(0.32, 0.45), rng.uniform(0.035, 0.2)),
        (rng.uniform(0.32, 0.45), -rng.uniform(0.035, 0.05)),
    ]:
        train = round(chance + float(train_offset), 3)
        val = round(chance + float(val_offset), 3)
        found.append(
            case(
                f"chance={chance}: training {train}, validation {val}",
                Call("looks_memorized", (_run(train, val),), {"chance": chance}),
                judge=same,
            )
        )
    train = round(float(rng.uniform(0.5, 0.95)), 3)
    val = round(float(rng.uniform(0.08, 0.12)), 3)
    found.append(
        case(
            f"a Keras History (training {train}, validation {val})",
            Call("looks_memorized", (history([0.1, 0.3, train], [0.1, 0.1, val]),)),
            judge=judges.all_of(same, judges.unchanged()),
        )
    )
    late_drop = {"accuracy": [0.9, 0.2], "val_accuracy": [0.1, 0.1]}
    late_rise = {"accuracy": [0.2, 0.9], "val_accuracy": [0.5, 0.1]}
    found += [
        case(
            "only the last epoch counts",
            Call("looks_memorized", (late_drop,)),
            judge=judges.all_of(
                runs_without_error(HISTORY_HINT),
                judges.matches_reference(
                    hint="use [-1], not the best epoch: training fell at the last one."
                ),
            ),
        ),
        case(
            "an early validation peak is ignored",
            Call("looks_memorized", (late_rise,)),
            judge=judges.all_of(
                runs_without_error(HISTORY_HINT),
                judges.matches_reference(hint="use [-1], not the best epoch."),
            ),
        ),
        case(
            "the history was left unchanged",
            Call("looks_memorized", (late_rise,)),
            judge=judges.unchanged(
                hint="read the lists; do not pop, sort or append to them."
            ),
        ),
        case(
            "chance=0.5: training 0.85, validation 0.52",
            Call("looks_memorized", (_run(0.85, 0.52),), {"chance": 0.5}),
            judge=judges.all_of(
                runs_without_error(HISTORY_HINT),
                judges.matches_reference(hint="the chance argument is ignored."),
            ),
        ),
        case(
            "chance=0.5: validation 0.10 is far from chance",
            Call("looks_memorized", (_run(0.85, 0.10),), {"chance": 0.5}),
            judge=judges.all_of(
                runs_without_error(HISTORY_HINT),
                judges.matches_reference(hint="the chance argument is ignored."),
            ),
        ),
    ]
    return _hidden(*found)


# ------------------------------------------------------------ Exercise 3


def _pixels(rng: np.random.Generator, count: int) -> np.ndarray:
    """``count`` MNIST-like 784-pixel float32 images: mostly dark, some ink."""
    return (rng.uniform(0, 1, (count, 784)) ** 4).astype(np.float32)


def _neighbours(rng: np.random.Generator) -> list[Case]:
    same = judges.all_of(
        runs_without_error(NEIGHBOUR_HINT),
        judges.matches_reference(
            tolerance=1e-9,
            hint="the label of the nearest training image (Euclidean distance), "
            "compared with the test label, averaged over all test images.",
        ),
    )
    train = _pixels(rng, int(rng.integers(150, 250)))
    train_labels = rng.integers(0, 10, len(train)).astype(np.uint8)
    test = _pixels(rng, int(rng.integers(1100, 1600)))
    test_labels = rng.integers(0, 10, len(test)).astype(np.uint8)
    blobs = clusters(rng, num_train=80, num_test=int(rng.integers(1200, 2200)))
    flipped = blobs[3].copy()
    wrong = rng.random(len(flipped)) < rng.uniform(0.1, 0.5)
    flipped[wrong] = (flipped[wrong] + 1) % 5
    words = np.array(["three", "seven"])
    word_train, word_test = words[blobs[1] % 2], words[flipped % 2]
    stored = _pixels(rng, 120)
    stored_labels = rng.integers(0, 10, 120)
    return _hidden(
        case(
            "random 784-pixel images and random labels, arguments unchanged",
            Call(
                "nearest_neighbour_accuracy", (train, train_labels, test, test_labels)
            ),
            judge=judges.all_of(same, judges.unchanged()),
        ),
        case(
            "clusters with some test labels changed (several blocks)",
            Call("nearest_neighbour_accuracy", (blobs[0], blobs[1], blobs[2], flipped)),
            judge=same,
        ),
        case(
            "labels as strings",
            Call(
                "nearest_neighbour_accuracy",
                (blobs[0], word_train, blobs[2], word_test),
            ),
            judge=same,
        ),
        case(
            "stored images asked about themselves score 1.0",
            Call(
                "nearest_neighbour_accuracy",
                (stored, stored_labels, stored, stored_labels),
            ),
            judge=same,
        ),
        case(
            "a single test image",
            Call(
                "nearest_neighbour_accuracy",
                (train, train_labels, test[:1], test_labels[:1]),
            ),
            judge=same,
        ),
        case(
            "more test labels than test images raise ValueError",
            Call(
                "nearest_neighbour_accuracy",
                (train, train_labels, test[:5], test_labels[:6]),
            ),
            judge=judges.raises("ValueError"),
        ),
        case(
            "more training labels than training images raise ValueError",
            Call(
                "nearest_neighbour_accuracy",
                (train[:9], train_labels[:10], test[:5], test_labels[:5]),
            ),
            judge=judges.raises("ValueError"),
        ),
    )


# ------------------------------------------------------------ Exercise 4


def _distances(rng: np.random.Generator) -> list[Case]:
    def same(tolerance: float) -> Any:
        return judges.all_of(
            runs_without_error(NEIGHBOUR_HINT),
            judges.satisfies(
                lambda found: (
                    isinstance(found, np.ndarray)
                    and found.dtype.kind == "f"
                    and not np.isnan(found).any()
                ),
                "distance_to_nearest should return a NumPy array of floats, "
                "without nan",
                hint="np.sqrt(np.maximum(squared, 0)) of a float array.",
                show_found=False,
            ),
            judges.matches_reference(
                tolerance=tolerance,
                hint="the smallest Euclidean distance to any training image, "
                "for every image (not squared).",
            ),
        )

    images, train = _pixels(rng, int(rng.integers(1100, 1500))), _pixels(rng, 150)
    members, stored = stored_members(rng)
    spread = far_apart(rng, int(rng.integers(1200, 2000)))
    return _hidden(
        case(
            "random 784-pixel images, arguments unchanged",
            Call("distance_to_nearest", (images, train)),
            judge=judges.all_of(same(1e-3), judges.unchanged()),
        ),
        case(
            "images at known distances (several blocks)",
            Call("distance_to_nearest", (spread[0], spread[1])),
            judge=same(1e-4),
        ),
        case(
            "training images themselves are at distance 0",
            Call("distance_to_nearest", (members, stored)),
            judge=judges.all_of(
                runs_without_error(NEIGHBOUR_HINT),
                distances_close(
                    np.zeros(len(members)),
                    0.05,
                    "a training image is at distance 0 from itself",
                    "do not leave an image out when it is a training image.",
                ),
            ),
        ),
        case(
            "a single image",
            Call("distance_to_nearest", (images[:1], train)),
            judge=same(1e-3),
        ),
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "shuffled_copy_test": _shuffled(rng),
        "looks_memorized_test": _memorized(rng),
        "nearest_neighbour_accuracy_test": _neighbours(rng),
        "distance_to_nearest_test": _distances(rng),
    }
