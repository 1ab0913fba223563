"""Measure the performance levers one at a time on the course's three kinds of
training run, each in a fresh process, and print a table.

    python benchmarks/levers.py --data-dir ../shared/datasets/offline

Workloads (the lessons' models and batch sizes, real data):

* ``mnist``: Dense(512) on 48,000 images, 12,000 held out, batch 128;
* ``imdb``: 16-16 on 15,000 multi-hot reviews, 10,000 held out, batch 512;
* ``boston``: 64-64 on 303 houses, 101 held out, batch 16.

The baseline is what the course does (``helpers.training.fit``: 32 steps
per call, no XLA, one-call validation and a ``tf.data`` pipeline for small
sets, float32, TensorFlow). Each other row changes one thing. Columns: CPU
seconds of the first epoch (tracing included: what fast mode pays per model)
and the median CPU milliseconds of the later epochs (what full mode pays),
plus the last validation loss, to show the lever changes speed, not results.
Each cell is the median of ``--repeats`` fresh processes (default 3): single
runs on a shared 2-core machine vary by up to 25 %.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

EPOCHS = {"mnist": 3, "imdb": 4, "boston": 60}

LEVERS: dict[str, dict] = {
    "baseline (the course)": {},
    "steps_per_execution=1": {"steps": 1},
    "steps_per_execution=8": {"steps": 8},
    "steps_per_execution=128": {"steps": 128},
    "jit_compile=True (XLA)": {"jit": True},
    "NumPy arrays straight to Keras": {"input": "numpy"},
    "tf.data pipeline at any size": {"input": "tf.data"},
    "Keras' own validation loop": {"validation": "keras"},
    "no validation": {"validation": "none"},
    "float64 inputs (the book's)": {"dtype": "float64"},
    "JAX backend": {"backend": "jax"},
}


def _data(workload: str, dtype: str):
    from helpers import data

    if workload == "mnist":
        (x, y), _ = data.load_mnist()
        cut = 48_000
    elif workload == "imdb":
        (x, y), _ = data.load_imdb()
        cut = 15_000
    else:
        (x, y), _ = data.load_boston_housing()
        x = (x - x.mean(axis=0)) / x.std(axis=0)
        cut = 303
    return x[:cut].astype(dtype), y[:cut], x[cut:].astype(dtype), y[cut:]


def _model(workload: str, steps: int, jit: bool):
    from helpers import models

    model = {
        "mnist": models.mnist_classifier,
        "imdb": models.imdb_classifier,
        "boston": models.boston_regressor,
    }[workload]()
    model.compile(
        optimizer=model.optimizer.__class__(learning_rate=1e-3),
        loss=model.loss,
        metrics=["mae"] if workload == "boston" else ["accuracy"],
        steps_per_execution=steps,
        jit_compile=jit,
    )
    return model


def measure(workload: str, lever: dict) -> dict:
    """Run one workload with one lever, in this process; CPU per epoch."""
    import time

    import keras
    import numpy as np

    from helpers import settings, training

    x, y, x_val, y_val = _data(workload, lever.get("dtype", "float32"))
    settings.seed_everything()
    model = _model(workload, lever.get("steps", 32), lever.get("jit", False))
    stamps = [time.process_time()]
    clock = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda *_: stamps.append(time.process_time())
    )
    batch = {"mnist": 128, "imdb": 512, "boston": 16}[workload]
    source = lever.get("input", "course")
    if source == "course":  # what helpers.training.fit picks
        small = len(y) <= training.SMALL_TRAINING_SET
        source = "tf.data" if small and not hasattr(x, "toarray") else "numpy"
    arguments: dict = {"epochs": EPOCHS[workload], "batch_size": batch}
    if source == "tf.data" and not hasattr(x, "toarray"):
        x, y = training.array_dataset(x, y, batch_size=batch), None
        arguments = {"epochs": EPOCHS[workload], "shuffle": False}
    callbacks = [clock]
    validation = lever.get("validation", "one-call")
    if validation == "one-call" and isinstance(x_val, np.ndarray):
        callbacks.insert(0, training.OneCallValidation(x_val, y_val))
    elif validation != "none":  # Keras' loop; the course's too for sparse sets
        arguments["validation_data"] = (x_val, y_val)
    history = model.fit(x, y, verbose=0, callbacks=callbacks, **arguments)
    times = list(np.diff(stamps))
    later = sorted(times[1:])
    return {
        "first_epoch_cpu_s": times[0],
        "later_epoch_cpu_ms": 1000 * later[len(later) // 2],
        "val_loss": history.history.get("val_loss", [None])[-1],
    }


def _run_one(workload: str, name: str, data_dir: Path | None) -> dict:
    lever = LEVERS[name]
    environment = dict(os.environ, PYTHONPATH=str(ROOT))
    environment["KERAS_BACKEND"] = lever.get("backend", "tensorflow")
    if data_dir:
        environment["COURSE_DATA_DIR"] = str(data_dir.resolve())
    completed = subprocess.run(
        [sys.executable, __file__, "--one", workload, name],
        capture_output=True,
        text=True,
        env=environment,
    )
    lines = completed.stdout.strip().splitlines()
    if completed.returncode or not lines:
        return {"error": (completed.stderr.strip().splitlines() or ["?"])[-1][:80]}
    return json.loads(lines[-1])


def _median_run(workload: str, name: str, data_dir: Path | None, repeats: int):
    """The run with the median later-epoch time of ``repeats`` runs."""
    results = [_run_one(workload, name, data_dir) for _ in range(repeats)]
    good = [r for r in results if "error" not in r]
    if not good:
        return results[0]
    good.sort(key=lambda r: r["later_epoch_cpu_ms"])
    chosen = dict(good[len(good) // 2])
    chosen["first_epoch_cpu_s"] = sorted(r["first_epoch_cpu_s"] for r in good)[
        len(good) // 2
    ]
    return chosen


def _row(workload: str, name: str, result: dict) -> str:
    if "error" in result:
        return f"| {workload} | {name} | failed: {result['error']} | | |"
    loss = result["val_loss"]
    return (
        f"| {workload} | {name} | {result['first_epoch_cpu_s']:.2f} | "
        f"{result['later_epoch_cpu_ms']:.0f} | "
        f"{'–' if loss is None else f'{loss:.3f}'} |"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="sets COURSE_DATA_DIR")
    parser.add_argument(
        "--workloads", nargs="*", default=list(EPOCHS), choices=list(EPOCHS)
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs per cell; medians shown"
    )
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.one:
        workload, name = arguments.one
        print(json.dumps(measure(workload, LEVERS[name])))
        return 0
    print("| workload | lever | first epoch, CPU s | later epochs, CPU ms | val loss |")
    print("|---|---|---|---|---|")
    for workload in arguments.workloads:
        for name in LEVERS:
            result = _median_run(workload, name, arguments.data_dir, arguments.repeats)
            print(_row(workload, name, result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
