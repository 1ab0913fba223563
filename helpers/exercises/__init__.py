"""Exercise checks, one module per lesson.

* :mod:`helpers.exercises.core`: cases (what to call, how to judge it) and
  :func:`~helpers.exercises.core.run_public`, which runs them in a notebook.
* :mod:`helpers.exercises.judges`: ready-made judges.
* :mod:`helpers.exercises.plain`: the plain data that crosses between your
  code and the grader.
* one module per lesson (e.g. :mod:`helpers.exercises.kfold_validation`)
  with a ``check_<function>`` per exercise, used by the notebooks' check
  cells.
"""
