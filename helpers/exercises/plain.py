"""Plain data: what may cross between a student's code and the grader.

Plain data is ``None``, booleans, numbers, strings, tuples, lists, dicts
(keys: strings, numbers, booleans or tuples), and NumPy arrays of numbers,
booleans or strings. :func:`to_plain`
turns what a student's function returns into plain data (a Keras model
becomes its :func:`~helpers.checks.describe_model` dict, a ``History`` its
``history`` dict; anything else becomes :class:`Unsupported`).

:func:`dump` and :func:`load` store plain data as JSON beside an ``.npz``
file of arrays, read back without pickle and within a size limit, so a
hostile file can at worst be rejected.

:class:`Make` is a recipe for an *input* that is not plain data (a Keras
``History``, a small model with given weights): checks send the recipe and
:func:`materialize` builds the object where the student's code runs.
"""

from __future__ import annotations

import json
import math
import numbers
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_BYTES = 64 * 1024 * 1024
"""Largest JSON or ``.npz`` file :func:`load` accepts."""


@dataclass(frozen=True)
class Unsupported:
    """A value that is not plain data, described by its type's name."""

    type_name: str

    def __repr__(self) -> str:
        return f"<a {self.type_name}>"


@dataclass(frozen=True)
class Make:
    """A recipe for an input object: ``kind`` names a builder in
    :data:`BUILDERS`, ``spec`` is plain data."""

    kind: str
    spec: Any

    def describe(self) -> str:
        """A short name for messages, e.g. ``<history: loss, val_loss>``."""
        if isinstance(self.spec, dict):
            return f"<{self.kind}: {', '.join(map(str, self.spec))}>"
        return f"<{self.kind}>"


def _history(spec: dict) -> Any:
    import keras

    history = keras.callbacks.History()
    history.history = {key: [float(v) for v in values] for key, values in spec.items()}
    length = max((len(v) for v in history.history.values()), default=0)
    history.epoch = list(range(length))
    return history


def _dense_model(spec: dict) -> Any:
    """``{"input": n, "layers": [[units, activation, l2_or_None], ...],
    "weights": [array, ...]}``: a Sequential of Dense layers; a row
    ``["dropout", rate]`` adds a Dropout layer."""
    import keras

    layers: list[Any] = [keras.Input(shape=(int(spec["input"]),))]
    for row in spec["layers"]:
        if row[0] == "dropout":
            layers.append(keras.layers.Dropout(float(row[1])))
            continue
        units, activation, l2 = row
        regularizer = keras.regularizers.l2(float(l2)) if l2 is not None else None
        layers.append(
            keras.layers.Dense(
                int(units), activation=activation, kernel_regularizer=regularizer
            )
        )
    model = keras.Sequential(layers)
    if spec.get("weights") is not None:
        model.set_weights([np.asarray(w, dtype="float32") for w in spec["weights"]])
    return model


BUILDERS: dict[str, Callable[[Any], Any]] = {
    "history": _history,
    "dense_model": _dense_model,
}


def _evaluate(model: Any, spec: dict) -> dict:
    x, y = np.asarray(spec["x"]), np.asarray(spec["y"])
    scores = model.evaluate(x, y, verbose=0, return_dict=True)
    return {"scores": scores, "predictions": model.predict(x, verbose=0)}


def _call(layer: Any, spec: dict) -> Any:
    inputs = np.asarray(spec["inputs"], dtype="float32")
    return np.asarray(layer(inputs, training=bool(spec.get("training", False))))


OBSERVERS: dict[str, Callable[[Any, Any], Any]] = {
    "evaluate": _evaluate,
    "predict": lambda model, spec: model.predict(np.asarray(spec["x"]), verbose=0),
    "call": _call,
    "identity": lambda value, spec: id(value),
    "attribute": lambda value, spec: getattr(value, str(spec)),
}
"""What a check may ask about a returned object where it lives, by name:
``evaluate`` (``{"x", "y"}``: Keras scores and predictions), ``predict``,
``call`` (a layer on ``inputs``), ``identity`` (``id()``, to tell objects
apart) and ``attribute``."""


def materialize(value: Any) -> Any:
    """Build the objects :class:`Make` recipes stand for, recursively."""
    if isinstance(value, Make):
        return BUILDERS[value.kind](value.spec)
    if isinstance(value, tuple):
        return tuple(materialize(v) for v in value)
    if isinstance(value, list):
        return [materialize(v) for v in value]
    if isinstance(value, dict):
        return {k: materialize(v) for k, v in value.items()}
    return value


def to_plain(value: Any, depth: int = 0) -> Any:
    """``value`` as plain data (see the module's docstring)."""
    if depth > 20:
        return Unsupported("structure nested too deeply")
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (numbers.Integral, np.integer)):
        return int(value)
    if isinstance(value, (numbers.Real, np.floating)):
        return float(value)
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "biufU":
            return np.array(value)
        return Unsupported(f"array of {value.dtype}")
    if isinstance(value, (tuple, list)):
        items = [to_plain(v, depth + 1) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    if isinstance(value, dict):
        keys = [to_plain(k, depth + 1) for k in value]
        if not all(isinstance(k, (str, int, float, bool, tuple)) for k in keys):
            return Unsupported("dict with keys that are not plain")
        return {
            key: to_plain(item, depth + 1)
            for key, item in zip(keys, value.values(), strict=True)
        }
    return _to_plain_object(value, depth)


def _to_plain_object(value: Any, depth: int) -> Any:
    kind = type(value)
    names = {c.__name__ for c in kind.__mro__}
    if "History" in names and isinstance(getattr(value, "history", None), dict):
        return to_plain(value.history, depth + 1)
    if "Model" in names and hasattr(value, "layers"):
        from helpers.checks import describe_model

        try:
            return describe_model(value)
        except Exception:
            return Unsupported(f"{kind.__name__} that could not be described")
    if hasattr(value, "__array__") and not isinstance(value, type):
        try:
            return to_plain(np.asarray(value), depth + 1)
        except Exception:
            pass
    return Unsupported(kind.__name__)


# ----------------------------------------------------------------- files


def dump(value: Any, path: Path) -> None:
    """Write plain data to ``path`` (JSON) and ``path.npz`` (arrays)."""
    arrays: dict[str, np.ndarray] = {}
    document = _encode(value, arrays)
    path.write_text(json.dumps(document, allow_nan=True))
    if arrays:
        np.savez(path.with_suffix(".npz"), **arrays)  # type: ignore[arg-type]


def load(path: Path) -> Any:
    """Read what :func:`dump` wrote; raise ``ValueError`` on anything else."""
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_BYTES} bytes")
    document = json.loads(path.read_text())
    arrays: dict[str, np.ndarray] = {}
    npz = path.with_suffix(".npz")
    if npz.exists():
        if npz.stat().st_size > MAX_BYTES:
            raise ValueError(f"{npz.name} is larger than {MAX_BYTES} bytes")
        with np.load(npz, allow_pickle=False) as stored:
            arrays = {key: stored[key] for key in stored.files}
    return _decode(document, arrays)


def _encode(value: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(value, np.ndarray):
        key = f"a{len(arrays)}"
        arrays[key] = value
        return {"__array__": key}
    if isinstance(value, float) and not math.isfinite(value):
        return {"__float__": repr(value)}
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(v, arrays) for v in value]}
    if isinstance(value, list):
        return [_encode(v, arrays) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"__dict__": {k: _encode(v, arrays) for k, v in value.items()}}
        pairs = [[_encode(k, arrays), _encode(v, arrays)] for k, v in value.items()]
        return {"__pairs__": pairs}
    if isinstance(value, Unsupported):
        return {"__unsupported__": value.type_name}
    if isinstance(value, Make):
        return {"__make__": value.kind, "spec": _encode(value.spec, arrays)}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return {"__unsupported__": type(value).__name__}


def _decode(document: Any, arrays: dict[str, np.ndarray]) -> Any:
    if isinstance(document, list):
        return [_decode(v, arrays) for v in document]
    if not isinstance(document, dict):
        return document
    if "__array__" in document:
        array = arrays[str(document["__array__"])]
        if array.dtype.kind not in "biufU":
            raise ValueError(f"array of {array.dtype} is not plain data")
        return array
    if "__float__" in document:
        return float(document["__float__"])
    if "__tuple__" in document:
        return tuple(_decode(v, arrays) for v in document["__tuple__"])
    if "__dict__" in document:
        return {str(k): _decode(v, arrays) for k, v in document["__dict__"].items()}
    if "__pairs__" in document:
        pairs = [
            (_decode(k, arrays), _decode(v, arrays)) for k, v in document["__pairs__"]
        ]
        if not all(isinstance(k, (str, int, float, bool, tuple)) for k, _ in pairs):
            raise ValueError("dict keys must be plain")
        return dict(pairs)
    if "__unsupported__" in document:
        return Unsupported(str(document["__unsupported__"]))
    if "__make__" in document:
        kind = str(document["__make__"])
        if kind not in BUILDERS:
            raise ValueError(f"unknown input recipe {kind!r}")
        return Make(kind, _decode(document.get("spec"), arrays))
    raise ValueError("not plain data")
