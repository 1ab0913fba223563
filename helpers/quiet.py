"""Keep TensorFlow's start-up noise out of lesson output.

On a CPU-only machine, TensorFlow 2.16 to 2.21 prints these into every lesson;
none of them is about the student's code:

* ``WARNING: All log messages before absl::InitializeLog() is called ...``
  and ``I0000 ... cudart_stub.cc ... Could not find cuda drivers``: C++
  (absl) logging while TensorFlow's shared libraries load, i.e. during
  ``import tensorflow``, which ``import keras`` does. Two libraries each log
  once, hence two blocks. They are written straight to file descriptor 2
  before TensorFlow reads ``TF_CPP_MIN_LOG_LEVEL``, so no setting hides them;
  only catching descriptor 2 during the import does.
* ``cpu_feature_guard.cc ... rebuild TensorFlow with the appropriate compiler
  flags``: C++ INFO at import, hidden by ``TF_CPP_MIN_LOG_LEVEL`` >= 1 if
  that is in the environment *before* TensorFlow is imported.
* ``E0000 ... failed call to cuInit ... (303)``: C++ ERROR the first time
  TensorFlow lists its devices (the first operation), when no GPU driver
  answers. Only level 3, which hides every C++ error, would silence it; so
  instead the devices are listed once while descriptor 2 is still caught.
* ``WARNING:tensorflow:5 out of the last 5 calls to ... triggered
  tf.function retracing``: Python logging (logger ``tensorflow``) when Keras
  traces a fresh train or predict function for each of several new models,
  which lessons that compare models do on purpose.

:func:`install` handles all four, whatever order modules are imported in,
as long as it runs before TensorFlow is imported: ``course.py lab`` loads
this module as an IPython extension in every kernel it starts, and
``import helpers`` calls it too. Anything else written to descriptor 2 during
the import (real errors, Python warnings) is passed on to ``sys.stderr``. A
GPU is never hidden: :func:`helpers.settings.describe` names the device used.

What is written is kept in a temporary file, not a pipe, so a flood of log
lines can never block TensorFlow (it loads its libraries holding the GIL, so
no thread could drain a pipe). The price: if TensorFlow crashes during the
import (e.g. a CPU without AVX), its last words are lost with the process;
``python -c "import tensorflow"`` in a terminal shows them.
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.util
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from importlib.machinery import ModuleSpec
from types import ModuleType
from typing import Any

from helpers.import_hooks import LoaderWrappingFinder

ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "2"}
"""Set (unless already set) before TensorFlow is imported: C++ INFO and
WARNING lines off, C++ errors still shown."""

NOISE = tuple(
    re.compile(pattern)
    for pattern in (
        r"^WARNING: All log messages before absl::InitializeLog\(\) is called",
        r"^[IW]\d{4} [\d:. ]+\d+ \S+:\d+\] ",  # C++ INFO/WARNING (absl format)
        r"^E\d{4} [\d:. ]+\d+ \S+\] failed call to cuInit",
        r"^E\d{4} [\d:. ]+\d+ \S+\] Unable to register cu(DNN|FFT|BLAS) factory",
        r"^To enable the following instructions: .* rebuild TensorFlow",
        r"^oneDNN custom operations are on\.",
    )
)
"""Lines TensorFlow writes to descriptor 2 on import that say nothing about
the student's code (see the module docstring)."""

RETRACING = "triggered tf.function retracing"
"""Part of the message of TensorFlow's retracing warning."""


def is_noise(line: str) -> bool:
    """Whether ``line`` is one of TensorFlow's start-up messages (:data:`NOISE`)."""
    return any(pattern.search(line) for pattern in NOISE)


def without_noise(text: str) -> str:
    """``text`` without the lines :func:`is_noise` recognises."""
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not is_noise(line))


@contextlib.contextmanager
def caught_stderr() -> Iterator[list[str]]:
    """Catch everything written to file descriptor 2, by C++ code too.

    Yields a list that holds the caught text (one string) once the block
    ends. Descriptor 2 is restored even if the block raises. Where no
    temporary file can be made, nothing is caught (the list gets ``""``).
    """
    caught: list[str] = []
    try:
        sink = tempfile.TemporaryFile(mode="w+b")
    except OSError:
        caught.append("")
        yield caught
        return
    with sink:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield caught
        finally:
            with contextlib.suppress(Exception):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            caught.append(sink.read().decode("utf-8", errors="replace"))


class RetracingFilter(logging.Filter):
    """Drops TensorFlow's "triggered tf.function retracing" warning."""

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        return RETRACING not in record.getMessage()


def _list_devices(tensorflow: ModuleType) -> None:
    """List devices once, so the CUDA probe logs now (while descriptor 2 is
    caught)."""
    with contextlib.suppress(Exception):
        tensorflow.config.list_physical_devices()


class _QuietLoader(importlib.abc.Loader):
    """Runs another loader's ``exec_module`` with descriptor 2 caught."""

    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> Any:  # noqa: D102
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:  # noqa: D102
        with caught_stderr() as caught:
            self._loader.exec_module(module)
            _list_devices(module)
        sys.stderr.write(without_noise(caught[0]))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


class TensorFlowImportHook(LoaderWrappingFinder):
    """A ``sys.meta_path`` entry that imports ``tensorflow`` quietly.

    It finds the package as usual and wraps its loader in one that catches
    descriptor 2 during the import and the first device listing, then
    passes on whatever is not :data:`NOISE`.
    """

    names = frozenset({"tensorflow"})

    def wrap(self, spec: ModuleSpec) -> ModuleSpec:
        """Give ``tensorflow`` the quiet loader."""
        spec.loader = _QuietLoader(spec.loader)
        return spec


def install() -> None:
    """Quiet TensorFlow from now on. Safe to call more than once.

    Sets :data:`ENVIRONMENT` (values already set are kept), filters the
    retracing warning, and, if TensorFlow is not imported yet, makes its
    import catch and filter descriptor 2 (:class:`TensorFlowImportHook`).
    If TensorFlow is already imported, its start-up lines are already out.
    """
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    logger = logging.getLogger("tensorflow")
    if not any(isinstance(f, RetracingFilter) for f in logger.filters):
        logger.addFilter(RetracingFilter())
    TensorFlowImportHook.install()


def load_ipython_extension(ipython: Any) -> None:
    """IPython extension entry point (``--IPKernelApp.extensions=helpers.quiet``):
    quiet TensorFlow in this kernel before any cell runs."""
    install()
