"""Shared code for the "Fundamentals of machine learning" notebooks.

Modules (import the ones you need, e.g. ``from helpers import data, plots``):

* :mod:`helpers.settings`: run mode (full/fast), experiment sizes, seeding.
* :mod:`helpers.data`: MNIST, IMDB and Boston housing loaders.
* :mod:`helpers.models`: compiled Keras models used in the lessons.
* :mod:`helpers.training`: ``fit`` with compact output.
* :mod:`helpers.plots`: training curves and comparisons, one look throughout.
* :mod:`helpers.checks`: readable checks for exercises.
"""

import os as _os

# Keep TensorFlow's C++ start-up chatter (oneDNN, CUDA probes) out of notebooks.
_os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"
