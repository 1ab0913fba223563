"""Hidden checks of lesson 3 (the learning rate): instructor side only.

``cases(rng)`` draws this student's inputs from ``rng``; expected values
come from the reference solution (``ref``) or from the exercise's rules,
never from here.
"""

from __future__ import annotations

import numpy as np

from helpers.exercises import judges
from helpers.exercises.core import Call, Case, case
from helpers.exercises.learning_rate import (
    BLOWUP_HINT,
    CRITICAL_HINT,
    PATH_HINT,
    classifier_rules,
    evaluated,
    loss_is_cross_entropy,
    new_model_each_call,
    path_equals,
    random_images,
    reports_accuracy,
)


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


def _gradient_descent_path(rng: np.random.Generator) -> list[Case]:
    a = float(rng.uniform(0.5, 5.0))
    start = float(rng.uniform(-3.0, 3.0))
    steps = int(rng.integers(5, 12))
    # One factor (1 - rate * a) of each kind: shrinking without a sign
    # change, overshooting but shrinking, and overshooting further each step.
    factors = [rng.uniform(0.2, 0.9), rng.uniform(-0.9, -0.2), rng.uniform(-2.5, -1.2)]
    kinds = ["creeps towards 0", "overshoots and shrinks", "diverges"]
    found = [
        case(
            f"random a, start and steps; w {kind}",
            Call("gradient_descent_path", (a, float((1 - f) / a), start, steps)),
            judge=path_equals(None),
        )
        for kind, f in zip(kinds, factors, strict=True)
    ]
    found.append(
        case(
            "an integer start and whole-number inputs",
            Call("gradient_descent_path", (2, 0.25, 3, 4)),
            judge=path_equals(
                None,
                hint=PATH_HINT + " Work in floats: 3 * 0.5 is 1.5, not 1.",
            ),
        )
    )
    found.append(
        case(
            "learning rate exactly 1/a lands on the minimum in one step",
            Call("gradient_descent_path", (4.0, 0.25, 5.0, 3)),
            judge=path_equals(None),
        )
    )
    return _hidden(*found)


def _critical_learning_rate(rng: np.random.Generator) -> list[Case]:
    a = float(rng.uniform(0.1, 20.0))
    return _hidden(
        case(
            "a random curvature a",
            Call("critical_learning_rate", (a,)),
            judge=judges.matches_reference(tolerance=1e-12, hint=CRITICAL_HINT),
        ),
        case(
            "a steep bowl, a=1000",
            Call("critical_learning_rate", (1000.0,)),
            judge=judges.matches_reference(tolerance=1e-15, hint=CRITICAL_HINT),
        ),
        case(
            "a negative a raises ValueError",
            Call("critical_learning_rate", (-a,)),
            judge=judges.raises(
                "ValueError",
                hint="a/2 * w**2 with a <= 0 has no minimum: check `if a <= 0:`.",
            ),
        ),
    )


def _range_test(rng: np.random.Generator) -> tuple[list[float], list[float]]:
    """A range test's rates and losses: the loss falls with noise, then
    jumps past 10 x its lowest value at a random step."""
    steps = int(rng.integers(12, 30))
    rates = [float(r) for r in np.geomspace(1e-5, 10.0, steps)]
    blowup = int(rng.integers(steps // 2, steps - 1))
    falling = np.linspace(2.3, float(rng.uniform(0.2, 0.6)), blowup)
    falling = falling * rng.uniform(0.95, 1.05, blowup)
    rest = float(np.min(falling)) * rng.uniform(10.0, 1000.0, steps - blowup)
    return rates, [float(v) for v in np.concatenate([falling, rest])]


def _rate_before_blowup(rng: np.random.Generator) -> list[Case]:
    exact = judges.matches_reference(hint=BLOWUP_HINT)
    rates, losses = _range_test(rng)
    inf_rates, inf_losses = _range_test(rng)
    jump = next(
        i for i in range(1, len(inf_losses)) if inf_losses[i] > 4 * min(inf_losses[:i])
    )
    inf_losses[jump] = float("inf")
    rates_array = np.array(rates)
    return _hidden(
        case(
            "a random range test",
            Call("rate_before_blowup", (rates, losses)),
            judge=exact,
        ),
        case(
            "NumPy arrays instead of lists",
            Call("rate_before_blowup", (rates_array, np.array(losses))),
            judge=exact,
        ),
        case(
            "an infinite loss counts as a blow-up",
            Call("rate_before_blowup", (inf_rates, inf_losses)),
            judge=judges.matches_reference(
                hint="test np.isfinite(loss): an infinite loss is a blow-up."
            ),
        ),
        case(
            "factor=20 with a random range test",
            Call("rate_before_blowup", (rates, losses), {"factor": 20.0}),
            judge=exact,
        ),
        case(
            "a loss exactly factor x the lowest is not yet a blow-up",
            Call("rate_before_blowup", ([0.1, 0.2, 0.3, 0.4], [1.0, 0.5, 2.0, 2.5])),
            judge=judges.matches_reference(
                hint="blow-up means strictly more than factor x the lowest loss."
            ),
        ),
        case(
            "the loss falls all the way: the last rate",
            Call("rate_before_blowup", (rates[:5], [2.3, 1.9, 1.4, 0.9, 0.5])),
            judge=exact,
        ),
        case(
            "the inputs are left unchanged",
            Call("rate_before_blowup", (rates, losses)),
            judge=judges.unchanged(hint="read the lists; do not sort or change them."),
        ),
        case(
            "a non-finite first loss raises ValueError",
            Call("rate_before_blowup", ([0.1, 0.2], [float("nan"), 1.0])),
            judge=judges.raises(
                "ValueError",
                hint="if the very first loss is not finite there is no rate "
                "before the blow-up: raise ValueError.",
            ),
        ),
        case(
            "rates and losses of different lengths raise ValueError",
            Call("rate_before_blowup", (rates, losses[:-1])),
            judge=judges.raises(
                "ValueError", hint="check len(rates) == len(losses) first."
            ),
        ),
    )


def cases(rng: np.random.Generator) -> dict[str, list[Case]]:
    """Hidden cases per graded cell, with inputs drawn from ``rng``."""
    return {
        "gradient_descent_path_test": _gradient_descent_path(rng),
        "critical_learning_rate_test": _critical_learning_rate(rng),
        "build_classifier_test": _build_classifier(rng),
        "rate_before_blowup_test": _rate_before_blowup(rng),
    }
