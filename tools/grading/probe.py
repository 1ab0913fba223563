"""Make the grader's runs in the student's kernel (inside the sandbox).

The runner copies this file into the sandbox and, after the notebook has
run, executes ``run_group(g, inbox, outbox)`` in the student's kernel for
each autograded cell ``g``. Each run's outcome is written as plain data to
``outbox/outcome-<i>.json`` (+ ``.npz``). Nothing here is trusted: the
student's code could change any of it, and would only change its own
outcomes, which the instructor's process then judges.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers.exercises import plain
from helpers.exercises.core import Call, Outcome, Run, Variable, perform


def decode_run(item: dict) -> Run:
    """A run from its plain-data form (see ``tools.grading.task``)."""
    if item["kind"] == "variable":
        return Variable(str(item["name"]))
    return Call(
        str(item["function"]),
        tuple(item.get("args", ())),
        dict(item.get("kwargs", {})),
        tuple(tuple(pair) for pair in item.get("observe", ())),
    )


def encode_outcome(outcome: Outcome) -> dict[str, Any]:
    """An outcome as plain data, without its run (the grader has that)."""
    return {
        "value": outcome.value,
        "raised": list(outcome.raised),
        "message": outcome.message,
        "args_after": outcome.args_after,
        "global_rng_changed": outcome.global_rng_changed,
        "missing": outcome.missing,
        "observed": outcome.observed,
    }


def run_group(group: int, inbox: str, outbox: str) -> None:
    """Make the runs of group ``group`` against the notebook's namespace."""
    import __main__

    runs = plain.load(Path(inbox) / "runs.json")
    groups = json.loads((Path(inbox) / "groups.json").read_text())
    namespace = vars(__main__)
    for case in groups[group]:
        keep: list = []
        for index in case:
            outcome = perform(decode_run(runs[index]), namespace, keep)
            plain.dump(encode_outcome(outcome), Path(outbox) / f"outcome-{index}.json")
