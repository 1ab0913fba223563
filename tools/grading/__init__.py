"""Trusted grading with nbgrader: see :mod:`tools.grading.cli` for the
commands and docs/instructors.md for a full cycle.

Modules, one job each:

* :mod:`~tools.grading.course`: where a course's files and gradebook are;
* :mod:`~tools.grading.release`, :mod:`~tools.grading.collect`,
  :mod:`~tools.grading.autograde`, :mod:`~tools.grading.steps`: the steps;
* :mod:`~tools.grading.sandbox`: the bubblewrap sandbox;
* :mod:`~tools.grading.task`, :mod:`~tools.grading.runner`,
  :mod:`~tools.grading.probe`: one submission as a sandboxed task;
* :mod:`~tools.grading.checker`, :mod:`~tools.grading.reference`,
  ``tools/grading/hidden/``: verdicts, in the instructor's process;
* :mod:`~tools.grading.record`: the autograded notebook and the gradebook;
* :mod:`~tools.grading.secret`, :mod:`~tools.grading.snapshots`;
* :mod:`~tools.grading.reports`, :mod:`~tools.grading.cli`.
"""
