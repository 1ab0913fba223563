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
    history,
    is_array,
    orders_differ,
    returned,
    returns_bool,
    runs_without_error,
    same_labels,
    well_shuffled,
)


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


# ------------------------------------------------------------ Exercise 1


def _is_float(value: Any) -> bool:
    return isinstance(value, float)


def _chance(rng: np.random.Generator) -> list[Case]:
    shares = rng.dirichlet(np.full(10, 20.0))
    digits = rng.choice(10, size=int(rng.integers(300, 600)), p=shares)
    digits = digits.astype(np.uint8)
    common, rare = (int(x) for x in rng.choice(10, 2, replace=False))
    words = [str(w) for w in rng.choice(["cat", "dog", "bird", "fish"], 8)]
    exact = judges.all_of(
        runs_without_error(LABELS_HINT),
        judges.matches_reference(
            tolerance=1e-9, hint="square each class's share, then add the squares up."
        ),
    )
    any_labels = "np.unique works on strings too; do not use np.bincount."
    return _hidden(
        case(
            "the exact chance level of random digit labels, labels left unchanged",
            Call("chance_accuracy", (digits,)),
            judge=judges.all_of(exact, judges.unchanged()),
        ),
        case(
            "three labels of one class and one of another",
            Call("chance_accuracy", (np.array([common, common, common, rare]),)),
            judge=judges.all_of(
                runs_without_error(LABELS_HINT),
                judges.matches_reference(
                    tolerance=1e-9, hint="0.75 squared plus 0.25 squared."
                ),
            ),
        ),
        case(
            "labels as strings",
            Call("chance_accuracy", (words,)),
            judge=judges.all_of(
                runs_without_error(any_labels),
                judges.matches_reference(tolerance=1e-9, hint=any_labels),
            ),
        ),
        case(
            "a single label, as a float",
            Call("chance_accuracy", ([int(rng.integers(0, 10))],)),
            judge=judges.all_of(
                exact,
                judges.satisfies(
                    _is_float,
                    "chance_accuracy should return a float",
                    hint="wrap the sum in float(...).",
                ),
            ),
        ),
        case(
            "classes 10 and 20, outside range(10)",
            Call("chance_accuracy", ([10, 20, 20, 20, 20],)),
            judge=exact,
        ),
        case(
            "negative labels",
            Call("chance_accuracy", ([-1, -1, 3],)),
            judge=judges.all_of(
                runs_without_error(any_labels),
                judges.matches_reference(tolerance=1e-9, hint=any_labels),
            ),
        ),
        case(
            "empty labels raise ValueError",
            Call("chance_accuracy", ([],)),
            judge=judges.raises(
                "ValueError", hint="check for an empty input before dividing."
            ),
        ),
        case(
            "an empty array raises ValueError",
            Call("chance_accuracy", (np.zeros(0, dtype=np.uint8),)),
            judge=judges.raises("ValueError"),
        ),
    )


# ------------------------------------------------------------ Exercise 2


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


# ------------------------------------------------------------ Exercise 3


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


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "chance_accuracy_test": _chance(rng),
        "shuffled_copy_test": _shuffled(rng),
        "looks_memorized_test": _memorized(rng),
    }
