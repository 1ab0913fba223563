"""Hidden checks of lesson 3 (the learning rate): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from the exercise's rules,
never from here.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from helpers.exercises import judges
from helpers.exercises.core import Call, Case, case
from helpers.exercises.learning_rate import (
    BEST_HINT,
    CLEAR_WIN,
    EXPLODED,
    HEALTHY,
    LIKE_THE_LESSON,
    READ_HINT,
    RULE_HINT,
    STUCK,
    classifier_rules,
    evaluated,
    loss_is_cross_entropy,
    new_model_each_call,
    random_images,
    reports_accuracy,
    sweep,
    verdict,
)
from helpers.exercises.plain import Make


def _hidden(*items: Case) -> list[Case]:
    return [Case(c.title, c.runs, c.judge, hidden=True) for c in items]


def _build_classifier(rng: np.random.Generator) -> list[Case]:
    rate = float(10 ** rng.uniform(-5, -1))
    images, labels = random_images(rng, int(rng.integers(20, 48)))
    positive = "check `learning_rate > 0` before building the model."
    return _hidden(
        case(
            "another learning rate: same layers, 784 inputs, RMSprop at that "
            "rate, same loss and metric",
            Call("build_classifier", (rate,)),
            judge=classifier_rules(rate),
        ),
        case(
            "learning rate 1.0: the same model, RMSprop at 1.0",
            Call("build_classifier", (1.0,)),
            judge=classifier_rules(1.0),
        ),
        case(
            "every call builds a new model",
            Call("build_classifier", (0.01,), observe=(("identity", None),)),
            Call("build_classifier", (0.01,), observe=(("identity", None),)),
            judge=new_model_each_call,
        ),
        case(
            "on other random images: the loss is the cross-entropy of the "
            "predictions, and accuracy matches them",
            evaluated(rate, images, labels),
            judge=judges.all_of(loss_is_cross_entropy, reports_accuracy),
        ),
        *[
            case(
                f"{what} raises ValueError",
                Call("build_classifier", (bad,)),
                judge=judges.raises("ValueError", hint=positive),
            )
            for what, bad in [
                ("build_classifier(0)", 0.0),
                ("build_classifier(-0.01)", -0.01),
                ("a small negative learning rate", -rate),
            ]
        ],
    )


def _random_sweep(rng: np.random.Generator) -> dict[float, Any]:
    """3-6 runs at powers of ten, random validation accuracies (no ties)."""
    exponents = rng.choice(np.arange(0, 7), size=int(rng.integers(3, 7)), replace=False)
    epochs = int(rng.integers(2, 8))
    return sweep(
        {
            float(10.0 ** -int(e)): {
                "val_accuracy": [float(v) for v in rng.uniform(0.1, 0.99, epochs)]
            }
            for e in exponents
        }
    )


def _best_learning_rate(rng: np.random.Generator) -> list[Case]:
    exact = judges.matches_reference(hint=BEST_HINT)
    tie = {
        0.5: {"val_accuracy": [0.8, 0.9]},
        0.05: {"val_accuracy": [0.9, 0.7]},
        5.0: {"val_accuracy": [0.3, 0.9]},
    }
    as_objects = {rate: Make("history", run) for rate, run in LIKE_THE_LESSON.items()}
    low_loss_not_best = {
        0.1: {"val_loss": [0.30, 0.20], "val_accuracy": [0.90, 0.95]},
        0.001: {"val_loss": [0.25, 0.18], "val_accuracy": [0.89, 0.93]},
    }
    # Keys as text: plain data keeps a dict's contents only with str keys,
    # and this case needs them to see whether the call changed its input.
    labelled = {
        "0.1": {"val_accuracy": [0.97, 0.90, 0.91]},
        "0.001": {"val_accuracy": [0.95, 0.90, 0.94]},
    }
    return _hidden(
        case(
            "a tie goes to the smaller rate",
            Call("best_learning_rate", (sweep(tie),)),
            judge=judges.matches_reference(
                hint="when two runs reach the same best val_accuracy, return the "
                "smaller learning rate."
            ),
        ),
        case(
            "a single run is the best one",
            Call("best_learning_rate", (sweep({0.3: {"val_accuracy": [0.4]}}),)),
            judge=exact,
        ),
        case(
            "accepts Keras History objects",
            Call("best_learning_rate", (sweep(as_objects),)),
            judge=judges.matches_reference(
                hint='getattr(history, "history", history) gives the dict.'
            ),
        ),
        case(
            "the order of the dict does not matter",
            Call("best_learning_rate", (sweep(dict(reversed(CLEAR_WIN.items()))),)),
            judge=exact,
        ),
        case(
            "scores runs by val_accuracy, not val_loss",
            Call("best_learning_rate", (sweep(low_loss_not_best),)),
            judge=judges.matches_reference(
                hint="the score of a run is its highest 'val_accuracy'."
            ),
        ),
        case(
            "a random sweep of several runs",
            Call("best_learning_rate", (_random_sweep(rng),)),
            judge=exact,
        ),
        case(
            "the histories are left unchanged",
            Call("best_learning_rate", (labelled,)),
            judge=judges.unchanged(
                hint="read the values without sorting or popping them: "
                "max(values) leaves the list as it was."
            ),
        ),
        case(
            "an empty dict raises ValueError",
            Call("best_learning_rate", ({},)),
            judge=judges.raises(
                "ValueError", hint="check `if not histories_by_rate:` first."
            ),
        ),
    )


def _random_history(rng: np.random.Generator, threshold: float) -> dict:
    """A random history whose best accuracy is clearly above or below
    ``threshold``; sometimes without validation, sometimes with a NaN or an
    infinite loss."""
    epochs = int(rng.integers(2, 7))
    gap = float(rng.uniform(0.03, 0.3)) * (1 if rng.random() < 0.5 else -1)
    best = float(np.clip(threshold + gap, 0.01, 0.999))
    accuracy = [float(v) for v in rng.uniform(0.0, best, epochs)]
    accuracy[int(rng.integers(epochs))] = best
    history = {"loss": [float(v) for v in rng.uniform(0.05, 3.0, epochs)]}
    history["accuracy"] = accuracy
    if rng.random() < 0.6:
        history["val_loss"] = [float(v) for v in rng.uniform(0.05, 3.0, epochs)]
        history["val_accuracy"] = [float(v) for v in rng.uniform(0.0, 1.0, epochs)]
    if rng.random() < 0.3:
        key = "val_loss" if "val_loss" in history and rng.random() < 0.5 else "loss"
        history[key][int(rng.integers(epochs))] = float(
            rng.choice([np.nan, np.inf, -np.inf])
        )
    return history


def _failed_to_train(rng: np.random.Generator) -> list[Case]:
    inf_validation = {**HEALTHY, "val_loss": [0.20, float("inf"), 0.12]}
    nan_validation = {**HEALTHY, "val_loss": [0.20, 0.14, float("nan")]}
    memorizer = {
        "loss": [2.0, 0.5, 0.1],
        "accuracy": [0.30, 0.85, 0.99],
        "val_loss": [2.3, 2.9, 3.5],
        "val_accuracy": [0.10, 0.09, 0.11],
    }
    binary = {"loss": [0.69, 0.6], "accuracy": [0.55, 0.65]}
    high_rate_run = LIKE_THE_LESSON[1.0]
    slow_run = LIKE_THE_LESSON[1e-5]
    fixed = [
        ("an infinite val_loss means the run failed", (inf_validation,), {}),
        ("a NaN val_loss means the run failed", (nan_validation,), {}),
        (
            "a run that fits its training data but not validation trained",
            (memorizer,),
            {},
        ),
        (
            "no validation, best training accuracy just below chance + min_gain",
            ({"loss": [1.0, 0.5], "accuracy": [0.40, 0.59]},),
            {},
        ),
        (
            "no validation, best training accuracy just above chance + min_gain",
            ({"loss": [1.0, 0.5], "accuracy": [0.40, 0.61]},),
            {},
        ),
        (
            "the best epoch counts, not the first",
            ({"loss": [2.3, 2.2, 0.3], "accuracy": [0.10, 0.12, 0.91]},),
            {},
        ),
        (
            "the best epoch counts, not the last",
            ({"loss": [1.2, 0.6, 0.9], "accuracy": [0.40, 0.80, 0.45]},),
            {},
        ),
        (
            "a binary task with chance=0.5, min_gain=0.2",
            (binary,),
            {"chance": 0.5, "min_gain": 0.2},
        ),
        (
            "a binary task with chance=0.5, min_gain=0.1",
            (binary,),
            {"chance": 0.5, "min_gain": 0.1},
        ),
        ("a run like the lesson's learning rate 1.0", (high_rate_run,), {}),
        ("a run like the lesson's slow learning rate 1e-5", (slow_run,), {}),
    ]
    found = [
        case(
            title,
            Call("failed_to_train", args, kwargs),
            judge=judges.matches_reference(hint=RULE_HINT),
        )
        for title, args, kwargs in fixed
    ]
    found.append(
        case(
            "accepts a Keras History object",
            Call("failed_to_train", (Make("history", EXPLODED),)),
            judge=verdict(True, "accepts a Keras History object", hint=READ_HINT),
        )
    )
    found.append(
        case(
            "the history is left unchanged",
            Call("failed_to_train", (STUCK,)),
            judge=judges.unchanged(hint="read the history; do not change its lists."),
        )
    )
    for number in range(1, 7):
        chance = float(rng.choice([0.1, 0.5]))
        min_gain = float(rng.choice([0.2, 0.3, 0.5])) if chance < 0.5 else 0.2
        history = _random_history(rng, chance + min_gain)
        found.append(
            case(
                f"random history {number}, chance={chance:g}, min_gain={min_gain:g}",
                Call(
                    "failed_to_train",
                    (history,),
                    {"chance": chance, "min_gain": min_gain},
                ),
                judge=judges.matches_reference(hint=RULE_HINT),
            )
        )
    return _hidden(*found)


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "build_classifier_test": _build_classifier(rng),
        "best_learning_rate_test": _best_learning_rate(rng),
        "failed_to_train_test": _failed_to_train(rng),
    }
