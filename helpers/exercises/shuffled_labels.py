"""Checks for lesson 2, shuffled labels.

Each ``check_<function>(function)`` runs the visible cases of one exercise
on your function and prints ``✓`` lines, or stops at the first problem with
a hint. The grader runs the same cases, and hidden ones, the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.checks import check_number, fail
from helpers.exercises import judges
from helpers.exercises.core import Call, Case, Outcome, case, run_public
from helpers.exercises.plain import Make, Unsupported

MNIST_CLASS_COUNTS = (59, 67, 59, 61, 58, 54, 59, 62, 58, 59)
"""MNIST's training-set class counts divided by 100 (596 labels with the
same class shares)."""


def digit_labels(seed: int = 2) -> np.ndarray:
    """596 ``uint8`` digit labels with MNIST's class shares, in an order
    fixed by ``seed`` (a small stand-in for ``train_labels``)."""
    labels = np.repeat(np.arange(10, dtype=np.uint8), MNIST_CLASS_COUNTS)
    return np.random.default_rng(seed).permutation(labels)


def _found(value: Any) -> Any:
    """What to show as "found" for a value of the wrong type."""
    if isinstance(value, Unsupported):
        return value
    return f"{value!r} ({type(value).__name__})"


# ------------------------------------------------- lesson-specific judges


def returned(outcome: Outcome, hint: str) -> Any:
    """The call's value; if the call raised, a failure with this exercise's
    ``hint`` (instead of the general one)."""
    judges.answered(outcome)
    if outcome.raised:
        fail(
            f"{outcome.run.describe()} raised {outcome.raised[0]}: {outcome.message}",
            hint=hint,
        )
    return outcome.returned()


def runs_without_error(hint: str) -> Callable[..., None]:
    """A judge: no call raised; if one did, say so with ``hint`` (put it
    first in :func:`~helpers.exercises.judges.all_of`)."""

    def judge(*outcomes: Outcome, ref: Any = None) -> None:
        for outcome in outcomes:
            returned(outcome, hint)

    return judge


LABELS_HINT = (
    "labels may be a list or an array of any kind of labels: start from "
    "np.asarray(labels)."
)
HISTORY_HINT = (
    "history may be a Keras History (its numbers are in history.history) or "
    'that dictionary itself: values = getattr(history, "history", history).'
)


def chance_level(expected: float) -> Callable[..., None]:
    """A judge: one finite number, just above 0.10 for digit labels, and
    within 1e-9 of ``expected``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, LABELS_HINT)
        check_number(outcome.run.describe(), found)
        hint = "square each class's share, then add the squares up."
        if not 0.0999 <= float(found) <= 0.105:
            fail(
                "the chance level of digit labels with MNIST's class shares is off",
                expected="just above 0.10",
                found=found,
                hint=hint,
            )
        if abs(float(found) - expected) > 1e-9:
            fail(
                f"{outcome.run.describe()} is off by more than 1e-09",
                expected=expected,
                found=found,
                hint=hint,
            )

    return judge


def is_array(shape: tuple[int, ...], dtype: str | None = None) -> Callable[..., None]:
    """A judge: the call returned a NumPy array of ``shape`` (and of
    ``dtype``, a NumPy dtype name, if given)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, LABELS_HINT)
        what = outcome.run.describe()
        if not isinstance(found, np.ndarray):
            fail(
                f"{what} should return a NumPy array",
                expected=f"an array of shape {shape}",
                found=_found(found),
                hint="np.random.default_rng(seed).permutation(labels) returns one; "
                "np.asarray(...) turns a list into one.",
            )
        if found.shape != shape:
            fail(
                f"{what} returned an array of the wrong shape",
                expected=shape,
                found=found.shape,
                hint="return every label, in a new order.",
            )
        if dtype is not None and found.dtype != np.dtype(dtype):
            fail(
                f"{what} changed the labels' dtype",
                expected=dtype,
                found=str(found.dtype),
                hint="keep the dtype of np.asarray(labels): do not convert the "
                "labels (e.g. with dtype=int or float(...)).",
            )

    return judge


def same_labels(labels: Any) -> Callable[..., None]:
    """A judge: the result holds the same labels as ``labels``, each as
    often, in any order."""
    expected = np.sort(np.asarray(labels))

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, LABELS_HINT)
        try:
            good = np.array_equal(np.sort(np.asarray(found)), expected)
        except Exception:  # a result of the wrong type or shape
            good = False
        if not good:
            fail(
                f"{outcome.run.describe()}: labels were lost, added or changed",
                hint="reorder the labels; do not draw new ones.",
            )

    return judge


def well_shuffled(labels: Any, *, at_most: float = 0.3) -> Callable[..., None]:
    """A judge: less than ``at_most`` of the labels kept their position.

    A random order leaves about 1 label in 10 of ten classes where it was;
    3 in 10 would mean the labels were hardly shuffled.
    """
    original = np.asarray(labels)

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, LABELS_HINT)
        if not isinstance(found, np.ndarray) or found.shape != original.shape:
            fail(
                f"{outcome.run.describe()} should return an array as long as labels",
                found=_found(found),
            )
        kept = float(np.mean(found == original))
        if kept >= at_most:
            fail(
                f"{outcome.run.describe()}: most labels kept their position",
                expected="about 10 %",
                found=f"{kept:.0%}",
                hint="shuffle the whole array, not a part of it.",
            )

    return judge


def orders_differ(first: Outcome, second: Outcome, ref: Any = None) -> None:
    """A judge on two calls with different seeds: their orders differ."""
    a, b = returned(first, LABELS_HINT), returned(second, LABELS_HINT)
    if isinstance(a, np.ndarray) and judges.same(a, b):
        fail(
            "two different seeds gave the same order",
            hint="shuffle with a generator made from the seed argument, "
            "np.random.default_rng(seed); sorting or reversing is no shuffle.",
        )


def verdict(expected: bool, problem: str, hint: str | None = None) -> Callable:
    """A judge: the call returned the bool ``expected``; ``problem`` says
    what is wrong otherwise."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, HISTORY_HINT)
        if not isinstance(found, bool):
            fail(
                f"{outcome.run.describe()} should return True or False",
                found=_found(found),
                hint="return the comparison itself, or wrap it in bool(...).",
            )
        if found != expected:
            fail(problem, expected=expected, found=found, hint=hint)

    return judge


def returns_bool(outcome: Outcome, ref: Any = None) -> None:
    """A judge: the call returned ``True`` or ``False`` (a NumPy bool
    counts)."""
    found = returned(outcome, HISTORY_HINT)
    if not isinstance(found, bool):
        fail(
            "looks_memorized should return True or False",
            found=_found(found),
            hint="return the comparison itself, or wrap it in bool(...).",
        )


def history(accuracy: list[float], val_accuracy: list[float]) -> Make:
    """A Keras ``History`` recipe with accuracies and made-up losses."""
    epochs = len(accuracy)
    loss = [round(2.3 - 1.9 * i / max(epochs - 1, 1), 3) for i in range(epochs)]
    val_loss = [round(2.3 + 7.0 * i / max(epochs - 1, 1), 3) for i in range(epochs)]
    return Make(
        "history",
        {
            "loss": loss,
            "accuracy": list(accuracy),
            "val_loss": val_loss,
            "val_accuracy": list(val_accuracy),
        },
    )


# ------------------------------------------------------------------ cases


def chance_accuracy_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
    labels = digit_labels()
    counts = np.asarray(MNIST_CLASS_COUNTS, dtype=float)
    expected = float(np.sum((counts / counts.sum()) ** 2))
    return [
        case(
            "the chance level of 596 digit labels with MNIST's class shares is "
            "just above 0.10",
            Call("chance_accuracy", (labels,)),
            judge=chance_level(expected),
        ),
        case(
            "chance_accuracy([1, 1, 2, 2]) is 0.5",
            Call("chance_accuracy", ([1, 1, 2, 2],)),
            judge=judges.close(
                0.5,
                tolerance=1e-9,
                hint="two classes with share 0.5 each: 0.5² + 0.5² = 0.5.",
            ),
        ),
    ]


def shuffled_copy_cases() -> list[Case]:
    """Visible cases of Exercise 2."""
    labels = digit_labels()
    call = Call("shuffled_copy", (labels,), {"seed": 0})
    return [
        case(
            f"shuffled_copy returns an array of shape {labels.shape}",
            call,
            judge=is_array(labels.shape),
        ),
        case(
            "the labels passed in were left unchanged",
            call,
            judge=judges.unchanged(
                hint="labels[:] is a view, so shuffling it shuffles the original; "
                "shuffle labels.copy() or use rng.permutation(labels)."
            ),
        ),
        case(
            "the same labels with the same counts, in another order",
            call,
            judge=same_labels(labels),
        ),
        case(
            "about 1 label in 10 kept its position, as in a random order",
            call,
            judge=well_shuffled(labels),
        ),
        case(
            "seeds 0 and 1 give different orders",
            call,
            Call("shuffled_copy", (labels,), {"seed": 1}),
            judge=orders_differ,
        ),
    ]


MEMORIZED_RUN = history([0.10, 0.46, 0.69, 0.89], [0.104, 0.108, 0.111, 0.106])
"""The full-mode run as a History: 0.89 training, 0.106 validation."""


def looks_memorized_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    short_run = history([0.10, 0.17, 0.24, 0.29, 0.33], [0.1, 0.1, 0.11, 0.1, 0.1])
    memorizing = {"accuracy": [0.15, 0.6, 0.95], "val_accuracy": [0.1, 0.11, 0.09]}
    generalizing = {"accuracy": [0.9, 0.97, 0.99], "val_accuracy": [0.95, 0.97, 0.98]}
    hint = (
        'use the last epoch: history.history["accuracy"][-1] and '
        '["val_accuracy"][-1] (history may also be the dictionary itself).'
    )
    return [
        case(
            "looks_memorized returns a bool",
            Call("looks_memorized", (MEMORIZED_RUN,)),
            judge=returns_bool,
        ),
        case(
            "a Keras History like the lesson's run (training 0.89, validation "
            "0.106) looks memorized",
            Call("looks_memorized", (MEMORIZED_RUN,)),
            judge=verdict(
                True,
                "training 0.89 with validation 0.106 (a History) should give True",
                hint,
            ),
        ),
        case(
            "a History that only reached training 0.33 does not (yet)",
            Call("looks_memorized", (short_run,)),
            judge=verdict(
                False,
                "training 0.33 is less than chance + 0.30 = 0.40: should give False",
                hint,
            ),
        ),
        case(
            "a memorizing run is recognised",
            Call("looks_memorized", (memorizing,)),
            judge=verdict(
                True, "training 0.95 with validation 0.09 should give True", hint
            ),
        ),
        case(
            "a run that generalizes is not memorization",
            Call("looks_memorized", (generalizing,)),
            judge=verdict(
                False,
                "training 0.99 with validation 0.98 should give False",
                "validation 0.98 is far from chance (0.10).",
            ),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "chance_accuracy_test": chance_accuracy_cases,
    "shuffled_copy_test": shuffled_copy_cases,
    "looks_memorized_test": looks_memorized_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_chance_accuracy(chance_accuracy: Callable) -> None:
    """Check Exercise 1, ``chance_accuracy(labels)``."""
    run_public(chance_accuracy_cases(), {"chance_accuracy": chance_accuracy})


def check_shuffled_copy(shuffled_copy: Callable) -> None:
    """Check Exercise 2, ``shuffled_copy(labels, seed=0)``."""
    run_public(shuffled_copy_cases(), {"shuffled_copy": shuffled_copy})


def check_looks_memorized(looks_memorized: Callable) -> None:
    """Check Exercise 3, ``looks_memorized(history, chance=0.10)``."""
    run_public(looks_memorized_cases(), {"looks_memorized": looks_memorized})
