"""Count the arithmetic a lesson's Keras runs need: the floor of its cost.

``benchmarks/execute.py`` runs :func:`install` in the kernel before the
lesson's first cell. It wraps ``keras.Model``'s ``fit``, ``evaluate``,
``predict`` and their ``*_on_batch`` variants; each call adds the
multiply-adds its samples need. :func:`summary` reports the total, which
``benchmarks/probe.py`` prints with the lesson's variables.

The count is a floor, not a model of what Keras does:

* a sample's forward pass costs the multiply-adds of its Dense (and
  convolution) layers; activations, losses and optimizer updates are free;
* a training sample costs three forward passes (forward, gradients with
  respect to activations, gradients with respect to weights);
* a first layer whose inputs are mostly zeros (under 5 % non-zero, IMDB's
  multi-hot reviews) costs its non-zeros times its units, a sparse product;
* validation inside ``fit`` is counted by the ``evaluate`` call Keras makes;
* NumPy arithmetic outside Keras is not counted.

One multiply-add is two floating-point operations.
"""

from __future__ import annotations

import functools
from typing import Any

SPARSE_DENSITY = 0.05
"""Inputs with fewer non-zeros than this fraction count as a sparse product."""

TRAINING_PASSES = 3
"""A training sample: forward, backward to activations, backward to weights."""

_totals: dict[str, Any] = {
    "training_macs": 0.0,
    "inference_macs": 0.0,
    "calls": 0,
    "uncounted": [],
}


def _dataset_rows(dataset: Any) -> int | None:
    """Samples in one pass over a finite ``tf.data`` dataset of batches (as
    ``helpers.training.fit`` feeds small sets), counted in the graph."""
    import tensorflow as tf

    if int(dataset.cardinality()) < 0:  # infinite or unknown: do not iterate
        return None
    return int(
        dataset.reduce(
            tf.constant(0, tf.int64),
            lambda total, batch: (
                total + tf.shape(tf.nest.flatten(batch)[0], out_type=tf.int64)[0]
            ),
        )
    )


def _rows(x: Any) -> int | None:
    if hasattr(x, "element_spec") and hasattr(x, "reduce"):
        return _dataset_rows(x)
    if isinstance(x, (list, tuple)) and x:
        x = x[0]
    if isinstance(x, dict) and x:
        x = next(iter(x.values()))
    shape = getattr(x, "shape", None)
    if shape is not None and len(shape) and shape[0] is not None:
        return int(shape[0])
    return None


def _density(x: Any) -> float:
    """Fraction of non-zero inputs, on at most 2,000 rows."""
    import numpy as np

    nnz = getattr(x, "nnz", None)  # SciPy sparse
    if nnz is None and hasattr(x, "dense_shape") and hasattr(x, "values"):
        nnz = int(x.values.shape[0])  # tf.SparseTensor
    if nnz is not None:
        rows, columns = (int(size) for size in x.shape)
        return float(nnz) / max(rows * columns, 1)
    try:
        sample = np.asarray(x[:2000])
    except Exception:  # a dataset or a tensor we cannot slice: assume dense
        return 1.0
    return float(np.count_nonzero(sample)) / max(sample.size, 1)


def forward_macs(model: Any, x: Any) -> float:
    """Multiply-adds of one sample's forward pass through ``model``."""
    total, first = 0.0, True
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Dense":
            inputs, units = layer.kernel.shape
            if first and x is not None and _density(x) < SPARSE_DENSITY:
                inputs = _density(x) * int(inputs)
            total += float(inputs) * int(units)
        elif kind.startswith("Conv"):
            kernel = layer.kernel.shape  # (*window, in, out)
            outputs = layer.output.shape[1:-1]  # spatial positions
            positions = 1
            for size in outputs:
                positions *= int(size)
            window = 1
            for size in kernel:
                window *= int(size)
            total += float(window) * positions
        elif layer.weights and kind not in ("BatchNormalization", "Normalization"):
            entry = f"{kind} {layer.name}"
            if entry not in _totals["uncounted"]:
                _totals["uncounted"].append(entry)
            continue
        else:
            continue
        first = False
    return total


def _samples(x: Any, kwargs: dict[str, Any], training: bool) -> int | None:
    rows = _rows(x)
    if rows is None:
        return None
    split = kwargs.get("validation_split") or 0.0
    if training and split and kwargs.get("validation_data") is None:
        rows = int(rows * (1 - split))  # as Keras splits
    return rows


def _wrap(method: Any, training: bool) -> Any:
    @functools.wraps(method)
    def counted(self: Any, x: Any = None, *args: Any, **kwargs: Any) -> Any:
        result = method(self, x, *args, **kwargs)
        try:
            _count(self, x, kwargs, result, training)
        except Exception as error:  # counting must never break a lesson
            _totals["uncounted"].append(f"{method.__name__}: {error}")
        return result

    counted.__wrapped_for_flops__ = True  # type: ignore[attr-defined]
    return counted


def _count(
    model: Any, x: Any, kwargs: dict[str, Any], result: Any, training: bool
) -> None:
    samples = _samples(x, kwargs, training)
    if samples is None:
        _totals["uncounted"].append(f"{type(model).__name__} call on unsized input")
        return
    macs = forward_macs(model, x) * samples
    _totals["calls"] += 1
    if not training:
        _totals["inference_macs"] += macs
        return
    epochs = len(getattr(result, "epoch", [])) or 1  # early stopping included
    _totals["training_macs"] += macs * TRAINING_PASSES * epochs


def install() -> None:
    """Wrap ``keras.Model``'s training and inference methods (once)."""
    try:
        import helpers.quiet  # noqa: F401  (the lessons' quiet TF import)
    except ImportError:
        pass
    import keras

    methods = {
        "fit": True,
        "train_on_batch": True,
        "evaluate": False,
        "predict": False,
        "test_on_batch": False,
        "predict_on_batch": False,
    }
    for name, training in methods.items():
        method = getattr(keras.Model, name)
        if not getattr(method, "__wrapped_for_flops__", False):
            setattr(keras.Model, name, _wrap(method, training))


def summary() -> dict[str, Any]:
    """Training and inference FLOPs so far (two per multiply-add)."""
    training = 2 * _totals["training_macs"]
    inference = 2 * _totals["inference_macs"]
    return {
        "training_flops": training,
        "inference_flops": inference,
        "flops": training + inference,
        "calls": _totals["calls"],
        "uncounted": list(_totals["uncounted"])[:20],
    }
