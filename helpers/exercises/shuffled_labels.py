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


def shuffled_copy_cases() -> list[Case]:
    """Visible cases of Exercise 1."""
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
    """Visible cases of Exercise 2."""
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


# ------------------------------------------ nearest neighbours (Ex. 3, 4)

NEIGHBOUR_HINT = (
    "images are 2-D arrays (one row per image); labels may be any NumPy array: "
    "start from np.asarray(...)."
)


def clusters(
    rng: np.random.Generator,
    *,
    num_train: int,
    num_test: int,
    pixels: int = 40,
    classes: int = 5,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Images around ``classes`` far-apart centres, labelled by their centre:
    every test image's nearest training image has the test image's label.

    Returns ``train_images, train_labels, test_images, test_labels`` (float32
    images, integer labels); each class has at least one training image.
    """
    centres = rng.uniform(0, 1, (classes, pixels)).astype(np.float32) * 8
    train_labels = np.concatenate(
        [np.arange(classes), rng.integers(0, classes, num_train - classes)]
    )
    test_labels = rng.integers(0, classes, num_test)
    train_images = centres[train_labels] + rng.uniform(0, 0.1, (num_train, pixels))
    test_images = centres[test_labels] + rng.uniform(0, 0.1, (num_test, pixels))
    return (
        train_images.astype(np.float32),
        train_labels,
        test_images.astype(np.float32),
        test_labels,
    )


def accuracy_value(expected: float, problem: str, hint: str) -> Callable[..., None]:
    """A judge: one number within 1e-9 of ``expected``; ``problem`` and
    ``hint`` say what is wrong otherwise."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, NEIGHBOUR_HINT)
        check_number(outcome.run.describe(), found)
        if isinstance(found, bool) or not isinstance(found, float):
            fail(
                f"{outcome.run.describe()} should return a float",
                found=_found(found),
                hint="return a fraction: float(correct / len(test_images)).",
            )
        if abs(float(found) - expected) > 1e-9:
            if float(found) > 1:
                hint = "return the fraction of correct test images, not their count."
            fail(problem, expected=expected, found=found, hint=hint)

    return judge


def distances_close(
    expected: np.ndarray, tolerance: float, problem: str, hint: str
) -> Callable[..., None]:
    """A judge: an array of floats of ``expected``'s shape, with no ``nan``,
    within ``tolerance`` of ``expected`` everywhere."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = returned(outcome, NEIGHBOUR_HINT)
        what = outcome.run.describe()
        if not isinstance(found, np.ndarray) or found.dtype.kind != "f":
            fail(
                f"{what} should return a NumPy array of floats",
                found=_found(found),
                hint="np.sqrt(...) of a float array is one.",
            )
        if found.shape != expected.shape:
            fail(
                f"{what} returned an array of the wrong shape",
                expected=expected.shape,
                found=found.shape,
                hint="one distance per image: take the minimum over axis 1 "
                "(the training images), for every block.",
            )
        if np.isnan(found).any():
            fail(
                f"{what} returned nan",
                hint="a squared distance can come out slightly negative through "
                "rounding: np.sqrt(np.maximum(squared, 0)).",
            )
        if not np.allclose(found, expected, rtol=0, atol=tolerance):
            squared = np.allclose(found, expected**2, rtol=0, atol=max(tolerance, 1e-4))
            fail(
                problem,
                expected=expected,
                found=found,
                hint="these look like squared distances: take the square root."
                if squared
                else hint,
            )

    return judge


def nearest_neighbour_accuracy_cases() -> list[Case]:
    """Visible cases of Exercise 3."""
    line = np.array([[0.0, 0.0], [10.0, 0.0]])
    two = np.array([0, 1])
    points = np.array([[1.0, 0.0], [9.0, 0.0], [6.0, 0.0]])
    ruler = np.array([[0.0, 0.0], [3.1, 1.2]])
    rng = np.random.default_rng(7)
    stored, stored_labels, _, _ = clusters(rng, num_train=300, num_test=1)
    shuffled = np.random.default_rng(8).permutation(stored_labels)
    many = clusters(rng, num_train=60, num_test=2500)
    relabelled = many[3].copy()
    relabelled[2000:] = (relabelled[2000:] + 1) % 5  # the last 500 now wrong
    return [
        case(
            "three points on a line: (1, 0) and (9, 0) right, (6, 0) wrong: 2/3",
            Call(
                "nearest_neighbour_accuracy", (line, two, points, np.array([0, 1, 0]))
            ),
            judge=accuracy_value(
                2 / 3,
                "(6, 0) is nearer to (10, 0), labelled 1, than to (0, 0): "
                "2 of the 3 test points get their label",
                "label each test point with its nearest training point's label, "
                "then compare with test_labels.",
            ),
        ),
        case(
            "the distance is Euclidean: (2, 0) is nearer to (3.1, 1.2) than to (0, 0)",
            Call(
                "nearest_neighbour_accuracy",
                (ruler, two, np.array([[2.0, 0.0]]), np.array([1])),
            ),
            judge=accuracy_value(
                1.0,
                "Euclidean distance: 1.63 to (3.1, 1.2), 2 to (0, 0)",
                "square the pixel differences and add them up "
                "(sum of absolute differences is another distance).",
            ),
        ),
        case(
            "300 stored images asked about themselves, with shuffled labels: "
            "1.0 (each is its own nearest neighbour)",
            Call("nearest_neighbour_accuracy", (stored, shuffled, stored, shuffled)),
            judge=accuracy_value(
                1.0,
                "an image that is stored is its own nearest neighbour (distance 0)",
                "do not leave the image itself out: the classifier stores "
                "its training images, so it knows their labels.",
            ),
        ),
        case(
            "2,500 test images (more than one block), the last 500 labelled "
            "wrongly: 0.8",
            Call("nearest_neighbour_accuracy", (many[0], many[1], many[2], relabelled)),
            judge=accuracy_value(
                0.8,
                "2,000 of 2,500 test images carry their cluster's label",
                "go through all test images, block after block, and divide the "
                "correct ones by the number of all test images.",
            ),
        ),
        case(
            "the arguments were left unchanged",
            Call(
                "nearest_neighbour_accuracy", (line, two, points, np.array([0, 1, 0]))
            ),
            judge=judges.unchanged(),
        ),
        case(
            "3 training images with 2 labels raise ValueError",
            Call("nearest_neighbour_accuracy", (points, two, line, two)),
            judge=judges.raises(
                "ValueError",
                hint="compare len(train_images) with len(train_labels) first.",
            ),
        ),
    ]


def far_apart(
    rng: np.random.Generator, num_images: int, num_train: int = 100
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``images, train_images, distances``: training images 30 apart along
    one axis; each image sits a known distance (0 to 10) from one of them
    along other axes, so that distance is its distance to the nearest."""
    pixels = 12
    train_images = np.zeros((num_train, pixels))
    train_images[:, 0] = 30.0 * np.arange(num_train)
    which = rng.integers(0, num_train, num_images)
    offsets = rng.normal(size=(num_images, pixels - 1))
    distances = rng.uniform(0, 10, num_images)
    offsets *= (distances / np.linalg.norm(offsets, axis=1))[:, None]
    images = train_images[which].copy()
    images[:, 1:] += offsets
    return images, train_images, distances


def stored_members(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``images, train_images``: 784-pixel float32 images in [0, 1], and 40
    of the training images themselves (their distance is 0)."""
    train_images = (rng.uniform(0, 1, (200, 784)) ** 3).astype(np.float32)
    return train_images[rng.permutation(200)[:40]], train_images


def distance_to_nearest_cases() -> list[Case]:
    """Visible cases of Exercise 4."""
    train_images = np.array([[0.0, 0.0], [3.0, 4.0]])
    images = np.array([[0.0, 0.0], [6.0, 8.0], [3.0, 0.0]])
    rng = np.random.default_rng(11)
    members, stored = stored_members(rng)
    many, spread, expected = far_apart(rng, 2500)
    return [
        case(
            "(0, 0), (6, 8) and (3, 0) lie 0, 5 and 3 from the nearer of "
            "(0, 0) and (3, 4)",
            Call("distance_to_nearest", (images, train_images)),
            judge=distances_close(
                np.array([0.0, 5.0, 3.0]),
                1e-6,
                "distances to the nearest training point: 0, 5 and 3",
                "for each image, the smallest distance over all training images.",
            ),
        ),
        case(
            "40 training images themselves are at distance 0 (no nan)",
            Call("distance_to_nearest", (members, stored)),
            judge=distances_close(
                np.zeros(len(members)),
                0.05,
                "a training image is at distance 0 from itself",
                "do not leave an image out when it is a training image; clip "
                "the squared distances at 0 before the square root.",
            ),
        ),
        case(
            "2,500 images (more than one block) at known distances",
            Call("distance_to_nearest", (many, spread)),
            judge=distances_close(
                expected,
                1e-4,
                "the distances of 2,500 images are off",
                "fill in the result for every block of images, and take the "
                "minimum over the training images (axis 1).",
            ),
        ),
        case(
            "the arguments were left unchanged",
            Call("distance_to_nearest", (images, train_images)),
            judge=judges.unchanged(),
        ),
    ]


CASES: dict[str, Callable[[], list[Case]]] = {
    "shuffled_copy_test": shuffled_copy_cases,
    "looks_memorized_test": looks_memorized_cases,
    "nearest_neighbour_accuracy_test": nearest_neighbour_accuracy_cases,
    "distance_to_nearest_test": distance_to_nearest_cases,
}
"""Visible cases per graded cell (``grade_id``)."""


# ------------------------------------------------------- what cells call


def check_shuffled_copy(shuffled_copy: Callable) -> None:
    """Check Exercise 1, ``shuffled_copy(labels, seed=0)``."""
    run_public(shuffled_copy_cases(), {"shuffled_copy": shuffled_copy})


def check_looks_memorized(looks_memorized: Callable) -> None:
    """Check Exercise 2, ``looks_memorized(history, chance=0.10)``."""
    run_public(looks_memorized_cases(), {"looks_memorized": looks_memorized})


def check_nearest_neighbour_accuracy(nearest_neighbour_accuracy: Callable) -> None:
    """Check Exercise 3, ``nearest_neighbour_accuracy(train_images,
    train_labels, test_images, test_labels)``."""
    run_public(
        nearest_neighbour_accuracy_cases(),
        {"nearest_neighbour_accuracy": nearest_neighbour_accuracy},
    )


def check_distance_to_nearest(distance_to_nearest: Callable) -> None:
    """Check Exercise 4, ``distance_to_nearest(images, train_images)``."""
    run_public(
        distance_to_nearest_cases(), {"distance_to_nearest": distance_to_nearest}
    )
