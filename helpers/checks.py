"""Readable checks for exercises.

Each check prints ``✓ what was right`` when it passes. When it fails it
raises :class:`CheckFailed` (an ``AssertionError``, so nbgrader counts the
test as failed) whose message says what was expected, what was found, and
gives a hint.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any, NoReturn

import numpy as np


class CheckFailed(AssertionError):
    """An exercise check failed; the message explains what to fix.

    Jupyter shows only the message, without a traceback through this module
    (IPython calls :meth:`_render_traceback_`).
    """

    def __init__(
        self,
        problem: str,
        *,
        expected: Any = None,
        found: Any = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.expected = expected
        self.found = found
        self.hint = hint
        super().__init__(self.explain())

    def explain(self, *, show_values: bool = True) -> str:
        """The message; ``show_values=False`` leaves out expected and found
        values (feedback on hidden checks)."""
        lines = [f"✗ {self.problem}"]
        if show_values and self.expected is not None:
            lines.append(f"  expected: {_short(self.expected)}")
        if show_values and self.found is not None:
            lines.append(f"  found:    {_short(self.found)}")
        if self.hint:
            lines.append(f"  Hint: {self.hint}")
        return "\n".join(lines)

    def _render_traceback_(self) -> list[str]:
        return self.explain().splitlines()


class NotAnswered(CheckFailed):
    """The exercise has not been answered yet."""

    def explain(self, *, show_values: bool = True) -> str:
        """The message, marked as not answered rather than wrong."""
        return f"… {self.problem}"


def passed(message: str) -> None:
    """Print a passed check."""
    print(f"✓ {message}")


def fail(
    problem: str, *, expected: Any = None, found: Any = None, hint: str | None = None
) -> NoReturn:
    """Raise :class:`CheckFailed` with a readable explanation."""
    raise CheckFailed(problem, expected=expected, found=found, hint=hint)


def check(
    condition: bool,
    message: str,
    *,
    problem: str | None = None,
    expected: Any = None,
    found: Any = None,
    hint: str | None = None,
) -> None:
    """Pass with ``message`` if ``condition`` holds, else fail with ``problem``."""
    if condition:
        passed(message)
    else:
        fail(
            problem or f"not true: {message}", expected=expected, found=found, hint=hint
        )


def check_close(
    name: str,
    found: float,
    expected: float,
    *,
    tolerance: float,
    hint: str | None = None,
) -> None:
    """Check that a number is within ``tolerance`` of the expected value."""
    check_number(name, found)
    check(
        abs(float(found) - float(expected)) <= tolerance,
        f"{name} = {float(found):.6g} (expected {float(expected):.6g} ± {tolerance:g})",
        problem=f"{name} is off by more than {tolerance:g}",
        expected=expected,
        found=found,
        hint=hint,
    )


def check_number(name: str, value: Any) -> None:
    """Fail unless ``value`` is one finite real number (not text, an array or NaN)."""
    is_real = isinstance(value, (numbers.Real, np.number)) and not isinstance(
        value, (bool, np.bool_)
    )
    if isinstance(value, np.ndarray) and value.ndim == 0:
        is_real = np.issubdtype(value.dtype, np.number)
    if not (is_real and np.isfinite(float(value))):
        fail(
            f"{name} should be a single finite number",
            found=f"{value!r} ({type(value).__name__})",
            hint="return a float, e.g. float(np.max(values)).",
        )


def check_unchanged(
    name: str, before: np.ndarray, after: np.ndarray, hint: str | None = None
) -> None:
    """Check that an input array was not modified in place."""
    if np.array_equal(before, after):
        passed(f"{name} was left unchanged")
    else:
        fail(
            f"{name} was modified in place",
            expected=before[:8],
            found=after[:8],
            hint=hint or "work on a copy (array.copy()) instead of the input.",
        )


def check_raises(
    call: Callable[[], Any],
    error: type[BaseException],
    message: str,
    hint: str | None = None,
) -> None:
    """Check that ``call()`` raises ``error``."""
    try:
        call()
    except error:
        passed(message)
        return
    except Exception as other:  # the wrong kind of error
        fail(
            f"expected {error.__name__}, got {type(other).__name__}: {other}", hint=hint
        )
    fail(f"expected {error.__name__}, but nothing was raised", hint=hint)


def layer_summary(model) -> list[tuple]:
    """Describe a Keras model layer by layer, in a form easy to compare.

    ``Dense`` becomes ``("Dense", units, activation, l2_factor_or_None)``,
    ``Dropout`` becomes ``("Dropout", rate)``, any other layer its class name.
    """
    rows: list[tuple] = []
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":  # functional models list it; it has no weights
            continue
        if kind == "Dense":
            regularizer = layer.kernel_regularizer
            l2 = None
            if regularizer is not None:
                l2 = regularizer.get_config().get("l2")
                l2 = round(float(l2), 8) if l2 is not None else None
            activation = getattr(layer.activation, "__name__", str(layer.activation))
            rows.append((kind, layer.units, activation, l2))
        elif kind == "Dropout":
            rows.append((kind, float(layer.rate)))
        else:
            rows.append((kind,))
    return rows


def check_layers(model, expected: list[tuple], hint: str | None = None) -> None:
    """Check a model's layers against ``expected`` rows of :func:`layer_summary`."""
    found = layer_summary(model)
    if found == expected:
        passed(f"layers: {', '.join(describe_row(r) for r in expected)}")
        return
    if len(found) != len(expected):
        fail(
            f"the model has {len(found)} layers, expected {len(expected)}",
            expected=[describe_row(r) for r in expected],
            found=[describe_row(r) for r in found],
            hint=hint,
        )
    for index, (got, want) in enumerate(zip(found, expected, strict=True)):
        if got != want:
            fail(
                f"layer {index} differs",
                expected=describe_row(want),
                found=describe_row(got),
                hint=hint,
            )


def describe_row(row: Any) -> str:
    """One row of :func:`layer_summary` (a tuple, or a list in a model
    description) as text: ``Dense(16, relu) + l2(0.002)``, ``Dropout(0.5)``."""
    if not isinstance(row, (list, tuple)) or not row:
        return repr(row)
    if row[0] == "Dense" and len(row) == 4:
        text = f"Dense({row[1]}, {row[2]})"
        return text if row[3] is None else f"{text} + l2({row[3]:g})"
    if row[0] == "Dropout" and len(row) == 2:
        return f"Dropout({row[1]:g})"
    return str(row[0])


def optimizer_summary(model) -> tuple[str, float]:
    """``(optimizer class name, learning rate)`` of a compiled model."""
    optimizer = model.optimizer
    if optimizer is None:
        fail(
            "the model is not compiled", hint="call model.compile(optimizer=..., ...)."
        )
    rate = float(np.asarray(optimizer.learning_rate))
    return type(optimizer).__name__, rate


def describe_model(model) -> dict[str, Any]:
    """A Keras model as plain data, the form the exercise checks compare.

    Returns a dict with ``layers`` (rows of :func:`layer_summary` as lists),
    ``optimizer`` (``[class name, learning rate]`` or ``None`` before
    ``compile``), ``loss`` (a name), ``metrics`` (names), ``input_shape``,
    ``parameters`` and ``weights_digest`` (a fingerprint of the weights;
    both ``None`` while the model is not built).
    """
    optimizer = None
    if getattr(model, "optimizer", None) is not None:
        optimizer = list(optimizer_summary(model))
    config: dict[str, Any] = {}
    if getattr(model, "compiled", False):
        config = model.get_compile_config() or {}
    built = bool(getattr(model, "built", False))
    shape = None
    if built and getattr(model, "inputs", None):
        shape = [None if d is None else int(d) for d in model.inputs[0].shape]
    return {
        "class": type(model).__name__,
        "layers": [list(row) for row in layer_summary(model)],
        "optimizer": optimizer,
        "loss": _name_of(config.get("loss")),
        "metrics": [_name_of(m) for m in _flat(config.get("metrics"))],
        "input_shape": shape,
        "parameters": int(model.count_params()) if built else None,
        "weights_digest": _weights_digest(model) if built else None,
    }


def _weights_digest(model) -> str:
    """A fingerprint of the weights' values (to tell whether they changed)."""
    import hashlib

    digest = hashlib.sha256()
    for weights in model.get_weights():
        digest.update(np.ascontiguousarray(weights, dtype=np.float32).tobytes())
    return digest.hexdigest()[:16]


def _flat(items: Any) -> list:
    if items is None:
        return []
    if isinstance(items, dict) and "class_name" not in items:
        return [m for value in items.values() for m in _flat(value)]
    if isinstance(items, (list, tuple)):
        return [m for item in items for m in _flat(item)]
    return [items]


def _name_of(item: Any) -> str | None:
    """The name of a loss or metric in any of the forms Keras stores."""
    if item is None:
        return None
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        config = item.get("config")
        if isinstance(config, dict) and config.get("name"):
            return str(config["name"])
        if isinstance(config, str):
            return config
        return str(item.get("class_name"))
    return str(getattr(item, "name", None) or getattr(item, "__name__", item))


def check_optimizer(
    model, name: str, learning_rate: float, hint: str | None = None
) -> None:
    """Check the optimizer's class and learning rate (relative tolerance 1e-6)."""
    found_name, found_rate = optimizer_summary(model)
    check(
        found_name == name and bool(np.isclose(found_rate, learning_rate, rtol=1e-6)),
        f"optimizer: {name}(learning_rate={learning_rate:g})",
        problem="the optimizer differs",
        expected=f"{name}(learning_rate={learning_rate:g})",
        found=f"{found_name}(learning_rate={found_rate:g})",
        hint=hint,
    )


def _short(value: Any, limit: int = 160) -> str:
    if isinstance(value, np.generic):  # show 6.53, not np.float32(6.53)
        value = value.item()
    if isinstance(value, np.ndarray):
        text = np.array2string(value, precision=4, threshold=10, edgeitems=4)
    else:
        text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"
