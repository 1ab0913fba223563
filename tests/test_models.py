"""helpers.models and helpers.training: architectures, compilation, output."""

from __future__ import annotations

import re

import keras
import numpy as np
import pytest
import scipy.sparse

from helpers import checks, models, settings, training


def test_mnist_classifier_is_the_books_model():
    model = models.mnist_classifier()
    assert checks.layer_summary(model) == [
        ("Dense", 512, "relu", None),
        ("Dense", 10, "softmax", None),
    ]
    assert checks.optimizer_summary(model) == ("RMSprop", pytest.approx(1e-3))
    assert model.count_params() == 784 * 512 + 512 + 512 * 10 + 10
    assert model.loss == "sparse_categorical_crossentropy"


def test_logistic_regression_and_wide_inputs():
    assert checks.layer_summary(models.logistic_regression()) == [
        ("Dense", 10, "softmax", None)
    ]
    assert (
        models.mnist_classifier(input_dim=1568).count_params()
        == 1568 * 512 + 512 + 5130
    )


def test_imdb_classifier_has_no_regularizer_options():
    """L2 and dropout models are exercises of lessons 5 and 6."""
    plain = models.imdb_classifier()
    assert checks.layer_summary(plain) == [
        ("Dense", 16, "relu", None),
        ("Dense", 16, "relu", None),
        ("Dense", 1, "sigmoid", None),
    ]
    assert plain.count_params() == 10000 * 16 + 16 + 16 * 16 + 16 + 17
    for option in ({"l2": 0.002}, {"dropout": 0.5}):
        with pytest.raises(TypeError):
            models.imdb_classifier(**option)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hidden_units": (0,)},
        {"hidden_units": (2.5,)},
        {"learning_rate": 0},
    ],
)
def test_bad_arguments_are_rejected(kwargs):
    with pytest.raises(ValueError):
        models.imdb_classifier(**kwargs)


def test_cross_entropy_metric_excludes_the_penalty_and_accepts_flat_labels():
    """val_loss includes the L2 penalty; cross_entropy does not."""
    settings.seed_everything(0)
    rng = np.random.default_rng(0)
    x = scipy.sparse.random(
        64, 50, density=0.2, format="csr", dtype=np.float32, random_state=1
    )
    y = rng.integers(0, 2, 64).astype("float32")  # shape (n,), as the loader returns
    model = keras.Sequential(
        [
            keras.Input(shape=(50,)),
            keras.layers.Dense(
                8, activation="relu", kernel_regularizer=keras.regularizers.l2(1.0)
            ),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(
        optimizer="rmsprop",
        loss="binary_crossentropy",
        metrics=["accuracy", models.cross_entropy_metric()],
    )
    model.fit(x, y, epochs=1, batch_size=32, verbose=0)
    loss, _, cross_entropy = model.evaluate(x, y, verbose=0)
    p = np.clip(model.predict(x, verbose=0).ravel().astype(float), 1e-7, 1 - 1e-7)
    manual = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert cross_entropy == pytest.approx(manual, abs=1e-4)
    assert loss == pytest.approx(manual + float(sum(model.losses)), abs=1e-3)


def test_boston_regressor():
    model = models.boston_regressor()
    assert checks.layer_summary(model) == [
        ("Dense", 64, "relu", None),
        ("Dense", 64, "relu", None),
        ("Dense", 1, "linear", None),
    ]
    assert model.loss == "mse"


def test_fit_is_compact_and_reproducible(capsys):
    rng = np.random.default_rng(0)
    x, y = rng.random((100, 13)).astype("float32"), rng.random(100).astype("float32")
    histories = []
    for _ in range(2):
        settings.seed_everything(1)
        model = models.boston_regressor()
        histories.append(
            training.fit(
                model,
                x,
                y,
                label="demo",
                epochs=10,
                batch_size=16,
                validation_split=0.2,
                log_lines=2,
            ).history
        )
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 4  # epochs 5 and 10, twice
    assert lines[0].startswith("demo: epoch  5/10") and "val_mae" in lines[0]
    assert histories[0] == histories[1]  # bit-identical on CPU
    with pytest.raises(TypeError, match="verbose"):
        training.fit(model, x, y, epochs=1, verbose=1)


@pytest.mark.parametrize("validation", ["validation_data", "validation_split"])
def test_fit_gives_the_history_keras_gives(validation):
    """Unshuffled, training.fit's input pipeline and one-call validation must
    reproduce Keras' own history (same batches, same split, same scores)."""
    rng = np.random.default_rng(0)
    x, y = rng.random((160, 13)).astype("float32"), rng.random(160).astype("float32")
    arguments = {"epochs": 6, "batch_size": 16, "shuffle": False}
    if validation == "validation_data":
        arguments["validation_data"] = (x[120:], y[120:])
        x, y = x[:120], y[:120]
    else:
        arguments["validation_split"] = 0.3  # Keras cuts at int(160 * 0.7)
    settings.seed_everything(2)
    keras_history = models.boston_regressor().fit(x, y, verbose=0, **arguments)
    settings.seed_everything(2)
    ours = training.fit(models.boston_regressor(), x, y, log_lines=None, **arguments)
    assert sorted(ours.history) == sorted(keras_history.history)
    for key, values in keras_history.history.items():
        np.testing.assert_allclose(ours.history[key], values, rtol=1e-4, err_msg=key)


def test_fit_traces_a_new_models_train_step_once_with_keras_own_variables():
    """Keras would build the optimizer and the metrics inside the traced
    step, which makes TensorFlow trace it twice; training.fit builds them
    first, from the inputs' shapes."""
    x, y = np.zeros((64, 13), "float32"), np.zeros(64, "float32")

    def traced_model():
        model = models.boston_regressor()
        step, traces = model.train_step, []
        model.train_step = lambda data: traces.append(1) or step(data)
        return model, traces

    keras_model, keras_traces = traced_model()
    keras_model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    ours, our_traces = traced_model()
    training.fit(ours, x, y, epochs=2, batch_size=16, log_lines=None)
    # NumPy arrays above the small-set limit reach Keras as they are
    large, large_traces = traced_model()
    n = training.SMALL_TRAINING_SET + 1
    training.fit(
        large,
        np.zeros((n, 13), "float32"),
        np.zeros(n),
        epochs=1,
        batch_size=4096,
        log_lines=None,
    )
    assert len(large_traces) == 1
    assert (len(keras_traces), len(our_traces)) == (2, 1)

    def described(variables):  # names without the instances' numbers
        return [(re.sub(r"_\d+", "", v.path), v.shape) for v in variables]

    assert described(ours.optimizer.variables) == described(
        keras_model.optimizer.variables
    )
    assert described(ours.metrics_variables) == described(keras_model.metrics_variables)


def test_array_dataset_shows_every_sample_once_per_epoch_in_new_orders():
    x = np.arange(50, dtype="float32").reshape(25, 2)
    y = np.arange(25, dtype="float32")
    dataset = training.array_dataset(x, y, batch_size=8)
    epochs = []
    for _ in range(3):
        batches = list(dataset.as_numpy_iterator())
        assert [len(batch_y) for _, batch_y in batches] == [8, 8, 8, 1]
        order = np.concatenate([batch_y for _, batch_y in batches])
        assert sorted(order) == list(range(25))
        for batch_x, batch_y in batches:  # rows stay with their targets
            np.testing.assert_array_equal(batch_x[:, 0], 2 * batch_y)
        epochs.append(order.tolist())
    assert epochs[0] != epochs[1] or epochs[1] != epochs[2]
    unshuffled = training.array_dataset(x, y, batch_size=8, shuffle=False)
    flat = np.concatenate([batch_y for _, batch_y in unshuffled.as_numpy_iterator()])
    assert flat.tolist() == list(range(25))


def test_only_small_numpy_training_sets_take_the_dataset_path(monkeypatch, capsys):
    taken = []
    original = training.array_dataset
    monkeypatch.setattr(
        training,
        "array_dataset",
        lambda *a, **k: taken.append(len(a[0])) or original(*a, **k),
    )
    monkeypatch.setattr(training, "SMALL_TRAINING_SET", 50)
    rng = np.random.default_rng(3)
    for samples in (50, 51):
        x = rng.random((samples, 13)).astype("float32")
        y = rng.random(samples).astype("float32")
        training.fit(models.boston_regressor(), x, y, epochs=1, log_lines=None)
    assert taken == [50]
    assert capsys.readouterr().out == ""  # log_lines=None prints nothing
    with pytest.raises(ValueError, match="validation_split"):
        training.fit(models.boston_regressor(), x[:10], y[:10], validation_split=1.5)


def test_early_stopping_sees_one_call_validation():
    """EarlyStopping stops only if it reads val_loss. With a huge min_delta no
    epoch after the first counts as an improvement, so it stops after epoch
    1 + patience; without val_loss in the logs it would never stop."""
    import keras

    rng = np.random.default_rng(1)
    x, y = rng.random((60, 13)).astype("float32"), rng.random(60).astype("float32")
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", min_delta=1e6, patience=2)
    settings.seed_everything(0)
    history = training.fit(
        models.boston_regressor(),
        x,
        y,
        epochs=30,
        batch_size=16,
        validation_data=(x[:20], y[:20]),
        callbacks=[stop],
        log_lines=0,
    )
    assert len(history.history["val_loss"]) == 3


def test_small_sparse_inputs_train_as_their_dense_rows(monkeypatch):
    """A small SciPy matrix is made dense (same history as the dense rows);
    above SMALL_DENSE_BYTES it reaches Keras' sparse path untouched."""
    import scipy.sparse

    rng = np.random.default_rng(4)
    dense = (rng.random((90, 40)) < 0.1).astype("float32")
    y = rng.integers(0, 2, 90).astype("float32")
    histories = []
    for x in (dense, scipy.sparse.csr_matrix(dense)):
        settings.seed_everything(5)
        model = models.imdb_classifier((4,), input_dim=40)
        histories.append(
            training.fit(
                model,
                x,
                y,
                epochs=3,
                batch_size=16,
                validation_split=0.3,
                log_lines=None,
            ).history
        )
    assert histories[0] == histories[1]
    seen = []
    monkeypatch.setattr(training, "SMALL_DENSE_BYTES", 90 * 40 * 4 - 1)
    monkeypatch.setattr(
        training, "_fast_input", lambda x, y, arguments: seen.append(x) or None
    )
    sparse = scipy.sparse.csr_matrix(dense)
    training.fit(
        models.imdb_classifier((4,), input_dim=40), sparse, y, epochs=1, log_lines=None
    )
    assert seen[0] is sparse
