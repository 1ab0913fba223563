"""Exercise checks as data: what to call, and how to judge what came back.

A :class:`Case` names one or more *runs* (a :class:`Call` of a student's
function on inputs the check chooses, or a :class:`Variable` the notebook
defined) and a *judge*. The judge looks only at :class:`Outcome` objects:
plain data (numbers, strings, lists, NumPy arrays, model descriptions), never
live objects from the student's code.

The same cases run in two places:

* in your notebook, when a check cell calls ``check_<function>(...)`` from
  the lesson's module (:func:`run_public` prints ``✓`` lines or explains
  what to fix);
* in the grader, where the runs happen in a sandbox and the judges run in
  the instructor's own process, so nothing a submission does can change how
  it is judged.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers.checks import CheckFailed, NotAnswered, fail, passed
from helpers.exercises.plain import (
    OBSERVERS,
    Make,
    Unsupported,
    materialize,
    to_plain,
)


@dataclass(frozen=True)
class Call:
    """Call ``function(*args, **kwargs)``; arguments are plain data or
    :class:`~helpers.exercises.plain.Make` recipes."""

    function: str
    args: tuple = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    observe: tuple[tuple[str, Any], ...] = ()
    """``(observer, spec)`` pairs from
    :data:`~helpers.exercises.plain.OBSERVERS`, applied to the returned
    object where it was made; their results land in ``Outcome.observed``."""

    def describe(self) -> str:
        """``name(arg, ...)`` with long arguments abbreviated."""
        parts = [_short_argument(a) for a in self.args]
        parts += [f"{k}={_short_argument(v)}" for k, v in self.kwargs.items()]
        return f"{self.function}({', '.join(parts)})"


@dataclass(frozen=True)
class Variable:
    """Read a variable the notebook defined (e.g. a number computed from a
    student's function during the lesson's experiment)."""

    name: str

    def describe(self) -> str:
        """The variable's name."""
        return self.name


Run = Call | Variable


@dataclass
class Outcome:
    """What one run gave, as plain data.

    Attributes:
        run: the call or variable this came from.
        value: the returned value (plain data; models are described).
        raised: names of the exception class and its bases, if it raised.
        message: the exception's message.
        args_after: the call's positional arguments after the call (to spot
            changes made in place).
        global_rng_changed: whether the call used NumPy's global random state.
        missing: the function or variable is not defined.
        observed: results of the call's observers (plain data, or the
            ``Outcome`` of an observer that raised).
    """

    run: Run
    value: Any = None
    raised: tuple[str, ...] = ()
    message: str = ""
    args_after: tuple = ()
    global_rng_changed: bool = False
    missing: bool = False
    observed: list = field(default_factory=list)

    def returned(self) -> Any:
        """The value, or a readable failure if there is none to judge."""
        what = self.run.describe()
        if self.missing:
            if isinstance(self.run, Variable):
                fail(f"`{self.run.name}` is not defined: run the cells above first")
            raise NotAnswered(
                f"`{self.run.function}` is not defined yet: write it in the answer "
                "cell above and run that cell"
            )
        if "NotImplementedError" in self.raised:
            raise NotAnswered(
                f"`{self.run.describe().split('(')[0]}` is not answered yet: replace "
                "the `raise NotImplementedError(...)` line with your code"
            )
        if self.raised:
            fail(
                f"{what} raised {self.raised[0]}: {self.message}",
                hint="read the exercise text again; the message above says what "
                "went wrong inside your function.",
            )
        return self.value


Judge = Callable[..., None]
"""``judge(outcome, ..., ref=reference)``: raise :class:`CheckFailed` (via
:func:`helpers.checks.fail`) when an outcome is wrong. ``ref`` is the
instructor's reference namespace in the grader and ``None`` in notebooks."""


@dataclass(frozen=True)
class Case:
    """One check: the runs to make and the judge of their outcomes.

    ``title`` is printed after ``✓`` when the case passes. A hidden case is
    graded but never run in notebooks, and its feedback omits expected values.
    """

    title: str
    runs: tuple[Run, ...]
    judge: Judge
    hidden: bool = False


def case(title: str, *runs: Run, judge: Judge, hidden: bool = False) -> Case:
    """Shorthand for :class:`Case` with the runs as positional arguments."""
    return Case(title, tuple(runs), judge, hidden)


def perform(
    run: Run, namespace: Mapping[str, Any], keep: list | None = None
) -> Outcome:
    """Make one run against ``namespace`` and describe the result as plain
    data. Never raises for anything the student's code does. Returned
    objects are appended to ``keep`` (so ``identity`` observations of one
    case never see a recycled ``id``)."""
    if isinstance(run, Variable):
        if run.name not in namespace:
            return Outcome(run, missing=True)
        return Outcome(run, value=to_plain(namespace[run.name]))
    function = namespace.get(run.function)
    if not callable(function):
        return Outcome(run, missing=True)
    args = tuple(materialize(copy.deepcopy(a)) for a in run.args)
    kwargs = {k: materialize(copy.deepcopy(v)) for k, v in run.kwargs.items()}
    state: Any = np.random.get_state()
    try:
        value = function(*args, **kwargs)
    except Exception as error:  # the student's error, reported as data
        return Outcome(
            run,
            raised=tuple(c.__name__ for c in type(error).__mro__[:-2]),
            message=" ".join(str(error).split())[:300],
            args_after=to_plain(args),
            global_rng_changed=_rng_changed(state),
        )
    changed = _rng_changed(state)
    if keep is not None:
        keep.append(value)
    return Outcome(
        run,
        value=to_plain(value),
        args_after=to_plain(args),
        global_rng_changed=changed,
        observed=[_observe(value, name, spec) for name, spec in run.observe],
    )


def _observe(value: Any, name: str, spec: Any) -> Any:
    try:
        return to_plain(OBSERVERS[name](value, materialize(copy.deepcopy(spec))))
    except Exception as error:  # the student's object misbehaved
        return Unsupported(f"error: {type(error).__name__}: {error}"[:300])


def judge_case(item: Case, outcomes: Sequence[Outcome], ref: Any = None) -> None:
    """Apply a case's judge; raise :class:`CheckFailed` if it fails."""
    item.judge(*outcomes, ref=ref)


def run_public(cases: Sequence[Case], namespace: Mapping[str, Any]) -> None:
    """Run visible cases in this kernel: print ``✓ title`` for each one that
    passes and stop at the first failure with a readable message."""
    for item in cases:
        if item.hidden:
            continue
        keep: list = []
        outcomes = [perform(run, namespace, keep) for run in item.runs]
        judge_case(item, outcomes)
        passed(item.title)


def _rng_changed(before: Any) -> bool:
    after: Any = np.random.get_state()
    return bool(after[2] != before[2] or not np.array_equal(after[1], before[1]))


def _short_argument(value: Any) -> str:
    if isinstance(value, Make):
        return value.describe()
    if isinstance(value, np.ndarray):
        if value.size <= 6:
            return repr(value.tolist())
        return f"<array {value.shape}>"
    text = repr(value)
    if len(text) <= 40:
        return text
    size = f" of {len(value)}" if hasattr(value, "__len__") else ""
    return f"<{type(value).__name__}{size}>"


__all__ = [
    "Call",
    "Case",
    "CheckFailed",
    "Outcome",
    "Variable",
    "case",
    "judge_case",
    "perform",
    "run_public",
]
