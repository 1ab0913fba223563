"""A ``sys.meta_path`` entry that finds some modules as usual and then
changes how they load: the base of :mod:`helpers.quiet` and
:mod:`helpers.deferred`."""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType


class LoaderWrappingFinder(importlib.abc.MetaPathFinder):
    """Finds each module named in :attr:`names` with the other finders and
    hands its spec to :meth:`wrap`; leaves every other module alone."""

    names: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self._finding = False

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> ModuleSpec | None:
        """The usual spec of a module in :attr:`names`, through :meth:`wrap`."""
        if fullname not in self.names or self._finding:
            return None
        self._finding = True  # let the other finders find it
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            self._finding = False
        if spec is None or spec.loader is None:
            return None
        return self.wrap(spec)

    def wrap(self, spec: ModuleSpec) -> ModuleSpec:
        """Change ``spec`` (its loader) and return it."""
        raise NotImplementedError

    @classmethod
    def install(cls) -> None:
        """Put one finder of this class first on ``sys.meta_path``, unless
        one is there already or every module it wraps is imported (then it
        would change nothing)."""
        if all(name in sys.modules for name in cls.names):
            return
        if not any(isinstance(finder, cls) for finder in sys.meta_path):
            sys.meta_path.insert(0, cls())
