"""Ready-made judges for :class:`~helpers.exercises.core.Case`.

Each function returns a judge: ``judge(outcome, ..., ref=None)`` raises
:class:`~helpers.checks.CheckFailed` when the outcome is wrong. Judges see
plain data only (see :mod:`helpers.exercises.plain`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np

from helpers.checks import check_number, fail
from helpers.exercises.core import Call, Judge, Outcome
from helpers.exercises.plain import materialize, to_plain


def same(found: Any, expected: Any, tolerance: float = 0.0) -> bool:
    """Whether two pieces of plain data agree (numbers within
    ``tolerance``; arrays by shape and values; tuples equal lists)."""
    if isinstance(expected, np.ndarray) or isinstance(found, np.ndarray):
        try:
            found_array = np.asarray(found, dtype=float)
            expected_array = np.asarray(expected, dtype=float)
        except (TypeError, ValueError):
            return False
        return found_array.shape == expected_array.shape and bool(
            np.allclose(found_array, expected_array, rtol=0, atol=tolerance)
        )
    if isinstance(expected, (list, tuple)):
        return (
            isinstance(found, (list, tuple))
            and len(found) == len(expected)
            and all(same(f, e, tolerance) for f, e in zip(found, expected, strict=True))
        )
    if isinstance(expected, dict):
        return (
            isinstance(found, dict)
            and found.keys() == expected.keys()
            and all(same(found[k], expected[k], tolerance) for k in expected)
        )
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return type(found) is type(expected) and found == expected
    if isinstance(expected, (int, float)):
        if isinstance(found, bool) or not isinstance(found, (int, float)):
            return False
        return abs(found - expected) <= tolerance or found == expected
    return bool(found == expected)


def answered(outcome: Outcome) -> None:
    """Raise "not answered yet" if the function is missing or still the
    stub (for judges that do not need the returned value)."""
    if outcome.missing or "NotImplementedError" in outcome.raised:
        outcome.returned()


def equals(expected: Any, *, hint: str | None = None) -> Judge:
    """The call returns exactly ``expected``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        if not same(found, expected):
            fail(
                f"{outcome.run.describe()} returned something else",
                expected=expected,
                found=found,
                hint=hint,
            )

    return judge


def close(expected: float, *, tolerance: float, hint: str | None = None) -> Judge:
    """The call returns one finite number within ``tolerance`` of
    ``expected``."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        check_number(outcome.run.describe(), found)
        if not abs(float(found) - expected) <= tolerance:
            fail(
                f"{outcome.run.describe()} is off by more than {tolerance:g}",
                expected=expected,
                found=found,
                hint=hint,
            )

    return judge


def raises(error: str, *, hint: str | None = None) -> Judge:
    """The call raises ``error`` (an exception class name) or a subclass."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        answered(outcome)
        if error not in outcome.raised:
            found = outcome.raised[0] if outcome.raised else "nothing was raised"
            fail(
                f"{outcome.run.describe()} should raise {error}",
                expected=error,
                found=found,
                hint=hint,
            )

    return judge


def satisfies(
    predicate: Callable[[Any], bool],
    problem: str,
    *,
    hint: str | None = None,
    show_found: bool = True,
) -> Judge:
    """The returned value makes ``predicate`` true; ``problem`` says what is
    wrong otherwise."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        try:
            good = bool(predicate(found))
        except Exception:  # a value of the wrong shape or type
            good = False
        if not good:
            fail(problem, found=found if show_found else None, hint=hint)

    return judge


def unchanged(*, hint: str | None = None) -> Judge:
    """The call left its positional arguments as they were."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        answered(outcome)
        assert isinstance(outcome.run, Call)
        before = to_plain(materialize(copy.deepcopy(outcome.run.args)))
        if not same(outcome.args_after, before):
            fail(
                f"{outcome.run.describe()} changed its input in place",
                hint=hint or "work on a copy (np.array(x) or x.copy()).",
            )

    return judge


def keeps_global_rng(*, hint: str | None = None) -> Judge:
    """The call did not draw from NumPy's global random state."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        outcome.returned()
        if outcome.global_rng_changed:
            fail(
                f"{outcome.run.describe()} used NumPy's global random state",
                hint=hint or "use np.random.default_rng(seed) instead.",
            )

    return judge


def all_of(*judges: Judge) -> Judge:
    """Every judge passes (checked in order)."""

    def judge(*outcomes: Outcome, ref: Any = None) -> None:
        for each in judges:
            each(*outcomes, ref=ref)

    return judge


def reference_value(outcome: Outcome, ref: Any) -> Any:
    """What the reference solution returns for the same call, as plain data
    (grader only: ``ref`` is the reference namespace)."""
    assert isinstance(outcome.run, Call)
    function = getattr(ref, outcome.run.function)
    args = materialize(copy.deepcopy(outcome.run.args))
    kwargs = materialize(copy.deepcopy(dict(outcome.run.kwargs)))
    return to_plain(function(*args, **kwargs))


def matches_reference(*, tolerance: float = 0.0, hint: str | None = None) -> Judge:
    """The call returns what the reference solution returns (grader only)."""

    def judge(outcome: Outcome, ref: Any = None) -> None:
        found = outcome.returned()
        if ref is None:
            return
        expected = reference_value(outcome, ref)
        if not same(found, expected, tolerance):
            fail(
                f"{outcome.run.describe()} differs from a correct answer",
                expected=expected,
                found=found,
                hint=hint,
            )

    return judge
