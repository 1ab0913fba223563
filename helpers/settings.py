"""Run modes, experiment sizes and seeding: the one place that decides them.

Two modes exist:

* ``full``: the book's data sizes and epochs. The default for students.
* ``fast``: a few thousand samples and a few epochs, so a whole lesson runs
  in seconds. Used by the test suite and, automatically, while nbgrader
  autogrades or validates (it sets ``NBGRADER_EXECUTION`` in the kernel).

Choose explicitly with the environment variable ``COURSE_MODE=full|fast``
(set it before starting Jupyter). Notebooks never hard-code epochs or sample
counts; they ask :func:`plan` for them.
"""

from __future__ import annotations

import os
from typing import NamedTuple

MODE_VARIABLE = "COURSE_MODE"
"""Environment variable that selects the run mode (``full`` or ``fast``)."""

MODES = ("full", "fast")

DEFAULT_SEED = 42
"""The seed every lesson uses unless it says otherwise."""


class Plan(NamedTuple):
    """How big one experiment is in the current mode.

    Attributes:
        epochs: number of training epochs.
        train_samples: how many training samples to load (``None``: all).
        test_samples: how many test samples to load (``None``: all).
    """

    epochs: int
    train_samples: int | None = None
    test_samples: int | None = None


# The book's numbers (full) and the smallest runs that still show the idea
# (fast). Fast runs only need to execute every cell and keep relations the
# graded exercises rely on; their numbers are not the lesson's claims.
PLANS: dict[str, dict[str, Plan]] = {
    "noise_channels": {"full": Plan(10), "fast": Plan(2, 2000, 1000)},
    "shuffled_labels": {"full": Plan(100), "fast": Plan(5, 1000, 500)},
    "shuffled_labels_nn": {"full": Plan(0, 10000, 1000), "fast": Plan(0, 1000, 200)},
    "learning_rate": {"full": Plan(10), "fast": Plan(2, 2000, 1000)},
    "capacity_mnist": {"full": Plan(20), "fast": Plan(3, 1000, 500)},
    "capacity_imdb": {"full": Plan(20), "fast": Plan(2, 500, 100)},
    "l2_regularization": {"full": Plan(20), "fast": Plan(4, 2000, 500)},
    "dropout": {"full": Plan(20), "fast": Plan(4, 2000, 500)},
    "dropout_large": {"full": Plan(20), "fast": Plan(1, 2000, 500)},
    "kfold": {"full": Plan(100), "fast": Plan(5)},
    "kfold_long": {"full": Plan(500), "fast": Plan(6)},
}


def current_mode() -> str:
    """Return ``"full"`` or ``"fast"``.

    ``COURSE_MODE`` wins when set. Otherwise the mode is ``fast`` while
    nbgrader executes the notebook and ``full`` everywhere else.

    Raises:
        ValueError: if ``COURSE_MODE`` holds anything but ``full`` or ``fast``.
    """
    requested = os.environ.get(MODE_VARIABLE, "").strip().lower()
    if requested:
        if requested not in MODES:
            raise ValueError(
                f"{MODE_VARIABLE}={os.environ[MODE_VARIABLE]!r} is not a run mode; "
                f"use one of {', '.join(MODES)} (or unset it)."
            )
        return requested
    if os.environ.get("NBGRADER_EXECUTION"):
        return "fast"
    return "full"


def plan(experiment: str) -> Plan:
    """Epochs and sample counts for ``experiment`` in the current mode.

    Args:
        experiment: one of the keys of :data:`PLANS`, e.g. ``"noise_channels"``.

    Example:
        >>> plan("noise_channels").epochs  # 10 in full mode, 2 in fast mode
    """
    if experiment not in PLANS:
        raise KeyError(
            f"Unknown experiment {experiment!r}; known: {', '.join(sorted(PLANS))}."
        )
    return PLANS[experiment][current_mode()]


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and the Keras backend so runs are reproducible.

    On a CPU, two runs with the same seed give bit-identical histories.
    """
    import keras  # imported here so that reading the mode stays cheap

    keras.utils.set_random_seed(seed)


def device() -> str:
    """Where Keras trains: ``"GPU (Tesla T4)"``, or ``"CPU (no GPU found)"``.

    Asks the Keras backend (TensorFlow in this course), so the answer is
    what training will actually use; importing it the first time takes a
    few seconds.
    """
    import keras  # imported here so that reading the mode stays cheap

    backend = keras.config.backend()
    if backend != "tensorflow":
        return f"the {backend} backend's default device"
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return "CPU (no GPU found)"
    names = []
    for gpu in gpus:
        details = tf.config.experimental.get_device_details(gpu)
        names.append(details.get("device_name") or gpu.name)
    return f"GPU ({', '.join(names)})"


def describe(*, with_device: bool = True) -> str:
    """Which mode is active and how to change it, and (unless
    ``with_device`` is false) the device training runs on: two lines."""
    mode = current_mode()
    reason = (
        f"{MODE_VARIABLE} is set"
        if os.environ.get(MODE_VARIABLE)
        else "nbgrader is running"
        if mode == "fast"
        else "the default"
    )
    text = f"Run mode: {mode} ({reason}; set {MODE_VARIABLE}=full|fast to change)."
    return f"{text}\nTraining on: {device()}." if with_device else text
