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

import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

DEFERRED = frozenset({"keras.wrappers"})
"""Modules loaded on first use instead of at import."""


class DeferredImportHook(importlib.abc.MetaPathFinder):
    """A ``sys.meta_path`` entry that makes the modules in :data:`DEFERRED`
    lazy: it finds each as usual and wraps its loader in a
    :class:`importlib.util.LazyLoader`."""

    def __init__(self) -> None:
        self._finding = False

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        """Wrap the loader of a deferred module; leave other modules alone."""
        if fullname not in DEFERRED or self._finding:
            return None
        self._finding = True  # let the other finders find it
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self._finding = False
        if spec is None or spec.loader is None:
            return None
        if not hasattr(spec.loader, "exec_module"):
            return spec  # LazyLoader needs exec_module: load it as usual
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


def _hook_installed() -> bool:
    return any(isinstance(finder, DeferredImportHook) for finder in sys.meta_path)


def install() -> None:
    """Defer :data:`DEFERRED` from now on. Safe to call more than once; has
    no effect on a module that is already imported."""
    if all(name in sys.modules for name in DEFERRED) or _hook_installed():
        return
    sys.meta_path.insert(0, DeferredImportHook())
