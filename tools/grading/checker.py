"""Judge a submission's outcomes in the instructor's process.

For each autograded cell of a lesson the checker gathers the visible cases
(``helpers.exercises.<notebook>.CASES``) and the hidden ones
(``tools.grading.hidden.<notebook>.cases(rng)``, inputs drawn for this
student). The runs of all cases go to the sandbox as plain data; their
outcomes come back as plain data; the judges run here, against the
reference solution. Nothing the submission does can reach this code.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from helpers.checks import CheckFailed, NotAnswered
from helpers.exercises.core import Case, Outcome, Run, perform


class CheckerError(Exception):
    """The lesson's checks are incomplete (an instructor's problem)."""


@dataclass
class CaseVerdict:
    """One case: its title, and the message shown when it failed."""

    title: str
    passed: bool
    message: str = ""
    hidden: bool = False


@dataclass
class Verdict:
    """The verdict on one autograded cell."""

    grade_id: str
    max_points: float
    cases: list[CaseVerdict] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def points(self) -> float:
        return self.max_points if self.passed else 0.0

    def lines(self) -> list[str]:
        """What feedback shows: one line per case, hints on failures."""
        shown = []
        for item in self.cases:
            label = "hidden check: " if item.hidden else ""
            shown.append(f"✓ {label}{item.title}" if item.passed else item.message)
        return shown


CHECKS = ("helpers.exercises", "tools.grading.hidden")
"""Packages of the visible and the hidden check modules (one per lesson,
named like its notebook)."""


def lesson_cases(
    notebook_id: str,
    grade_ids: Sequence[str],
    rng: np.random.Generator,
    packages: tuple[str, str] = CHECKS,
) -> dict[str, list[Case]]:
    """Visible and hidden cases for each autograded cell of a lesson."""
    public = importlib.import_module(f"{packages[0]}.{notebook_id}").CASES
    hidden = importlib.import_module(f"{packages[1]}.{notebook_id}").cases(rng)
    found = {}
    for grade_id in grade_ids:
        if grade_id not in public and grade_id not in hidden:
            raise CheckerError(f"{notebook_id}: no checks for graded cell {grade_id}")
        visible = public[grade_id]() if grade_id in public else []
        found[grade_id] = [*visible, *hidden.get(grade_id, [])]
    return found


def all_runs(cases: Mapping[str, list[Case]]) -> list[Run]:
    """Every run of every case, in a fixed order (see :func:`_indexed`)."""
    return [run for _, item, _ in _indexed(cases) for run in item.runs]


def _indexed(cases: Mapping[str, list[Case]]) -> Iterator[tuple[str, Case, int]]:
    """``(grade_id, case, index of its first run)`` for every case."""
    index = 0
    for grade_id in sorted(cases):
        for item in cases[grade_id]:
            yield grade_id, item, index
            index += len(item.runs)


def judge_all(
    cases: Mapping[str, list[Case]],
    outcomes: Sequence[Outcome | None],
    points: Mapping[str, float],
    ref: Any,
) -> dict[str, Verdict]:
    """Apply every judge. ``outcomes[i]`` belongs to run ``i`` of
    :func:`all_runs`; ``None`` means the run never came back (the code
    crashed the kernel or ran too long)."""
    verdicts = {g: Verdict(g, points[g]) for g in cases}
    for grade_id, item, start in _indexed(cases):
        mine = list(outcomes[start : start + len(item.runs)])
        verdicts[grade_id].cases.append(_judge_one(item, mine, ref))
    return verdicts


def _judge_one(item: Case, outcomes: list[Outcome | None], ref: Any) -> CaseVerdict:
    if any(o is None for o in outcomes):
        return CaseVerdict(
            item.title,
            False,
            f"✗ {item.title}: your code stopped before this check could run "
            "(it crashed, or ran too long)",
            item.hidden,
        )
    try:
        item.judge(*outcomes, ref=ref)
    except NotAnswered as error:
        return CaseVerdict(item.title, False, error.explain(), item.hidden)
    except CheckFailed as error:
        message = error.explain(show_values=not item.hidden)
        if item.hidden:
            message = message.replace("✗ ", f"✗ hidden check: {item.title}: ", 1)
        return CaseVerdict(item.title, False, message, item.hidden)
    except Exception as error:  # a result of a shape the judge cannot read
        return CaseVerdict(
            item.title,
            False,
            f"✗ {item.title}: the result could not be checked "
            f"({type(error).__name__}); check its type and shape",
            item.hidden,
        )
    return CaseVerdict(item.title, True, hidden=item.hidden)


def judge_namespace(
    notebook_id: str,
    namespace: Mapping[str, Any],
    points: Mapping[str, float],
    ref: Any,
    seed: int = 0,
    packages: tuple[str, str] = CHECKS,
) -> dict[str, Verdict]:
    """Run and judge every case directly against ``namespace`` (no sandbox):
    for developing checks and for the reference solution itself."""
    rng = np.random.default_rng(seed)
    cases = lesson_cases(notebook_id, sorted(points), rng, packages)
    outcomes: list[Outcome | None] = []
    for _, item, _ in _indexed(cases):
        keep: list = []
        outcomes += [perform(run, namespace, keep) for run in item.runs]
    return judge_all(cases, outcomes, points, ref)
