"""Shared code for the "Fundamentals of machine learning" notebooks.

Modules (import the ones you need, e.g. ``from helpers import data, plots``):

* :mod:`helpers.settings`: run mode (full/fast), experiment sizes, seeding.
* :mod:`helpers.data`: MNIST, IMDB and Boston housing loaders.
* :mod:`helpers.models`: compiled Keras models used in the lessons.
* :mod:`helpers.training`: ``fit`` with compact output.
* :mod:`helpers.plots`: training curves and comparisons, one look throughout.
* :mod:`helpers.checks`: readable checks for exercises.
* :mod:`helpers.quiet`: keeps TensorFlow's start-up logs out of the output.
* :mod:`helpers.deferred`: loads Keras' scikit-learn wrappers only when used.
* :mod:`helpers.import_hooks`: the import finder those two build on.
* :mod:`helpers.imdb_flat`: a flat copy of IMDB that the grader reads fast
  (students never need it).

Importing the package quiets TensorFlow (:func:`helpers.quiet.install`) and
defers Keras' scikit-learn wrappers (:func:`helpers.deferred.install`) if they
are not imported yet; ``python3 course.py lab`` does it in every kernel before
the first cell, so there the import order does not matter.
"""

from helpers import deferred as _deferred
from helpers import quiet as _quiet

_quiet.install()
_deferred.install()

__version__ = "0.1.0"
