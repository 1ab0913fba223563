"""Runs inside a lesson's kernel after its last cell: reports the kernel's
resource use and the variables the claims are read from.

``benchmarks/execute.py`` appends one cell that calls :func:`report` with the
notebook's ``globals()`` and prints the result after :data:`MARKER`.
"""

from __future__ import annotations

import json
import math
import os
import resource
import sys
from collections.abc import Mapping
from typing import Any

MARKER = "BENCHMARK-PROBE-JSON:"
MAX_ITEMS = 5000  # longer sequences (datasets, weights) are not claim numbers
_SKIP = object()


def kernel_resources() -> dict[str, Any]:
    """Peak and current RSS and CPU seconds of this process (the kernel).

    Peak RSS is the kernel's high-water mark, ``VmHWM`` in /proc/self/status
    (Linux); elsewhere ``ru_maxrss``. CPU time sums all threads.
    """
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result: dict[str, Any] = {
        "pid": os.getpid(),
        "cpu_user_s": usage.ru_utime,
        "cpu_system_s": usage.ru_stime,
        "ru_maxrss_bytes": usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024),
    }
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    result[f"{key}_bytes"] = int(value.split()[0]) * 1024
    except OSError:
        pass
    result["peak_rss_bytes"] = result.get("VmHWM_bytes", result["ru_maxrss_bytes"])
    return result


def plain(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON data if it is history-like or numeric, else _SKIP.

    Keras ``History`` objects become their ``.history`` dicts; dicts, lists,
    tuples and NumPy arrays of numbers (at most MAX_ITEMS) become lists;
    booleans stay booleans; numbers become floats (non-finite ones become
    strings "nan", "inf").
    """
    if depth > 4:
        return _SKIP
    if type(value).__name__ == "History" and hasattr(value, "history"):
        return plain(value.history, depth + 1)
    if isinstance(value, bool):
        return value  # before int: True is an int too
    if isinstance(value, (int, float)) or _is_numpy_scalar(value):
        number = float(value)
        return number if math.isfinite(number) else str(number)
    if _is_numpy_array(value):
        if value.size > MAX_ITEMS or value.dtype.kind not in "iuf":
            return _SKIP
        return plain(value.tolist(), depth + 1)
    if isinstance(value, Mapping):
        if len(value) > MAX_ITEMS:
            return _SKIP
        converted = {str(k): plain(v, depth + 1) for k, v in value.items()}
        kept = {k: v for k, v in converted.items() if v is not _SKIP}
        return kept if kept or not value else _SKIP
    if isinstance(value, (list, tuple)):
        if len(value) > MAX_ITEMS:
            return _SKIP
        items = [plain(v, depth + 1) for v in value]
        if any(v is _SKIP for v in items):
            return _SKIP
        return items
    return _SKIP


def _is_numpy_scalar(value: Any) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, (numpy.integer, numpy.floating))


def _is_numpy_array(value: Any) -> bool:
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)


def variables(namespace: Mapping[str, Any]) -> dict[str, Any]:
    """The history-like and numeric variables of a notebook namespace."""
    found = {}
    for name, value in list(namespace.items()):
        if name.startswith("_") or name in ("In", "Out"):
            continue
        converted = plain(value)
        if converted is not _SKIP:
            found[name] = converted
    return found


def report(namespace: Mapping[str, Any]) -> str:
    """JSON with the kernel's resources (measured first) and its variables."""
    resources = kernel_resources()
    versions = {}
    for module in ("tensorflow", "keras", "numpy"):
        if module in sys.modules:
            versions[module] = getattr(sys.modules[module], "__version__", "?")
    counted = sys.modules.get("benchmarks.flops")
    return json.dumps(
        {
            "resources": resources,
            "versions": versions,
            "variables": variables(namespace),
            "arithmetic": counted.summary() if counted is not None else None,
        }
    )
