"""The arithmetic floor counts what the lessons' Keras calls need."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse

from benchmarks import flops


@pytest.fixture
def counter(monkeypatch):
    keras = pytest.importorskip("keras")
    monkeypatch.setattr(
        flops,
        "_totals",
        {"training_macs": 0.0, "inference_macs": 0.0, "calls": 0, "uncounted": []},
    )
    for name in ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch"):
        monkeypatch.setattr(keras.Model, name, getattr(keras.Model, name))
    monkeypatch.setattr(keras.Model, "predict_on_batch", keras.Model.predict_on_batch)
    flops.install()
    return keras


def _model(keras, inputs: int):
    model = keras.Sequential(
        [
            keras.Input(shape=(inputs,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    return model


def test_fit_counts_training_and_validation_passes(counter):
    model = _model(counter, 20)
    x = np.random.default_rng(0).random((100, 20), dtype=np.float32)
    y = np.arange(100) % 3
    model.fit(x, y, epochs=2, batch_size=25, validation_split=0.3, verbose=0)
    per_sample = 20 * 8 + 8 * 3
    found = flops.summary()
    assert found["training_flops"] == 2 * 3 * per_sample * 70 * 2
    assert found["inference_flops"] == 2 * per_sample * 30 * 2  # once per epoch
    assert found["uncounted"] == []


def test_early_stopping_counts_only_the_epochs_run(counter):
    model = _model(counter, 4)
    x = np.ones((40, 4), dtype=np.float32)

    class StopAfterThree(counter.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = epoch == 2

    history = model.fit(
        x, np.zeros(40), epochs=50, verbose=0, callbacks=[StopAfterThree()]
    )
    assert len(history.epoch) == 3
    per_sample = 4 * 8 + 8 * 3
    assert flops.summary()["training_flops"] == 2 * 3 * per_sample * 40 * len(
        history.epoch
    )


def test_a_mostly_zero_first_layer_counts_as_a_sparse_product(counter):
    model = _model(counter, 1000)
    rows = scipy.sparse.random(50, 1000, density=0.01, format="csr", random_state=0)
    model.predict(rows.toarray().astype(np.float32), verbose=0)
    nonzeros = rows.nnz / 50
    expected = 2 * (nonzeros * 8 + 8 * 3) * 50
    assert flops.summary()["inference_flops"] == pytest.approx(expected)


def _results(walls: dict[int, float], flops_each: float, rate: float | None) -> dict:
    runs = [
        {
            "lesson": n,
            "kind": "ours",
            "mode": "full",
            "repeat": 0,
            "wall_s": wall,
            "arithmetic": {"flops": flops_each},
        }
        for n, wall in walls.items()
    ]
    gemm = {"best_gflops": rate, "gflops": {"square 2048": rate}} if rate else None
    return {"runs": runs, "lessons": list(walls), "gemm": gemm}


def test_floor_target_compares_wall_time_with_the_floor():
    from benchmarks import floor

    # 1 TFLOP at 100 GFLOP/s is a 10 s floor.
    met = floor.floor_target(_results({1: 25.0, 2: 29.0, 3: 12.0}, 1e12, 100.0))
    assert met is not None and met["verdict"] == "met"
    missed = floor.floor_target(_results({1: 25.0, 2: 31.0}, 1e12, 100.0))
    assert missed is not None and missed["verdict"] == "missed"
    assert "lesson 2 is 3.1×" in missed["why"]
    assert floor.floor_target(_results({1: 25.0}, 1e12, None)) is None


def test_floor_table_lists_each_lesson_run():
    from benchmarks import floor

    text = floor.floor_table(_results({1: 25.0, 7: 60.0}, 2e12, 200.0))
    assert "2.00" in text and "10.0 s" in text
    assert len([line for line in text.splitlines() if "| 1 " in line]) == 1
    assert "not measured" in floor.floor_table(_results({1: 1.0}, 1.0, None))


def test_the_course_fit_on_a_small_set_counts_like_plain_arrays(counter):
    """helpers.training.fit hands small sets to Keras as a tf.data dataset;
    the counter must still see every sample (last, partial batch included)."""
    from helpers import training

    x = np.random.default_rng(1).random((90, 20), dtype=np.float32)
    y = np.arange(90) % 3
    training.fit(
        _model(counter, 20),
        x,
        y,
        epochs=2,
        batch_size=16,
        validation_split=0.2,
        log_lines=None,
    )
    per_sample = 20 * 8 + 8 * 3
    found = flops.summary()
    assert found["training_flops"] == 2 * 3 * per_sample * 72 * 2
    assert found["inference_flops"] == 2 * per_sample * 18 * 2  # one call an epoch
    assert found["uncounted"] == []


def test_floor_table_gives_no_ratio_when_calls_went_uncounted():
    from benchmarks import floor

    results = _results({7: 60.0}, 1e9, 100.0)
    results["runs"][0]["arithmetic"]["uncounted"] = ["unsized input"] * 3
    row = next(ln for ln in floor.floor_table(results).splitlines() if "| 7 " in ln)
    assert "(3 calls not counted)" in row and "600.00×" not in row
