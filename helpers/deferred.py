"""Load Keras' scikit-learn wrappers only when a program uses them.

``import keras`` imports ``keras.wrappers`` (``SKLearnClassifier`` and
friends), which imports ``sklearn.base`` and through it SciPy's statistics:
about 1.5 of the 5-9 CPU seconds of the import here, and 58 MB, in every
lesson, although only lesson 1 uses scikit-learn (directly, not through
Keras). Every kernel pays the import, and the grader pays it once per
submission.

:func:`install` makes ``keras.wrappers`` a lazy module
(:class:`importlib.util.LazyLoader`): the name exists as before, and the
first attribute a program reads from it (``keras.wrappers.SKLearnRegressor``)
runs the real module, scikit-learn included. Nothing else changes: a program
that imports scikit-learn itself gets it as usual.
"""

from __future__ import annotations

import importlib.util
from importlib.machinery import ModuleSpec

from helpers.import_hooks import LoaderWrappingFinder

DEFERRED = frozenset({"keras.wrappers"})
"""Modules loaded on first use instead of at import."""


class DeferredImportHook(LoaderWrappingFinder):
    """A ``sys.meta_path`` entry that makes the modules in :data:`DEFERRED`
    lazy: it finds each as usual and wraps its loader in a
    :class:`importlib.util.LazyLoader`."""

    names = DEFERRED

    def wrap(self, spec: ModuleSpec) -> ModuleSpec:
        """Make the module lazy (if its loader can be: it needs ``exec_module``)."""
        loader = spec.loader
        if loader is not None and hasattr(loader, "exec_module"):
            spec.loader = importlib.util.LazyLoader(loader)
        return spec


def install() -> None:
    """Defer :data:`DEFERRED` from now on. Safe to call more than once; has
    no effect on a module that is already imported."""
    DeferredImportHook.install()
