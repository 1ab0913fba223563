"""helpers.data: formats, equivalence with Keras' loaders, offline behaviour."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from helpers import data
from tests.conftest import ROOT


def book_vectorize(sequences, dimension: int) -> np.ndarray:
    """The book's dense multi-hot encoding, as the reference to match."""
    results = np.zeros((len(sequences), dimension))
    for index, sequence in enumerate(sequences):
        results[index, sequence] = 1.0
    return results


def keras_loader_on(monkeypatch, module: str, path) -> None:
    """Make Keras' own loader read ``path`` instead of downloading."""
    monkeypatch.setattr(
        f"keras.src.datasets.{module}.get_file", lambda *a, **k: str(path)
    )


# ------------------------------------------------------------------ MNIST


def test_mnist_is_flat_float32_in_unit_range(tiny_data):
    (train_x, train_y), (test_x, test_y) = data.load_mnist(data_dir=tiny_data)
    assert train_x.shape == (30, 784) and test_x.shape == (10, 784)
    assert train_x.dtype == np.float32
    assert 0.0 <= train_x.min() and train_x.max() <= 1.0
    raw = np.load(tiny_data / "mnist.npz")
    np.testing.assert_array_equal(train_x * 255, raw["x_train"].reshape(30, -1))
    np.testing.assert_array_equal(train_y, raw["y_train"])
    np.testing.assert_array_equal(test_y, raw["y_test"])


def test_mnist_sample_limits_keep_the_first_samples(tiny_data):
    (all_x, all_y), _ = data.load_mnist(data_dir=tiny_data)
    (some_x, some_y), (test_x, _) = data.load_mnist(
        train_samples=7, test_samples=3, data_dir=tiny_data
    )
    np.testing.assert_array_equal(some_x, all_x[:7])
    np.testing.assert_array_equal(some_y, all_y[:7])
    assert len(test_x) == 3
    with pytest.raises(ValueError, match="at least 1"):
        data.load_mnist(train_samples=0, data_dir=tiny_data)


@pytest.mark.parametrize("save", [np.savez, np.savez_compressed])
def test_mnist_limits_decompress_only_the_leading_rows(tmp_path, monkeypatch, save):
    rng = np.random.default_rng(1)
    arrays = {
        "x_train": rng.integers(0, 256, (50, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, 50, dtype=np.uint8),
        "x_test": rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, 20, dtype=np.uint8),
    }
    save(tmp_path / "mnist.npz", **arrays)
    (all_x, _), _ = data.load_mnist(data_dir=tmp_path)
    # With limits, no array may be read whole (ZipFile.read is the whole read).
    monkeypatch.setattr(data.zipfile.ZipFile, "read", None)
    (x, y), (tx, ty) = data.load_mnist(
        train_samples=7, test_samples=500, data_dir=tmp_path
    )
    np.testing.assert_array_equal(x, all_x[:7])
    np.testing.assert_array_equal(y, arrays["y_train"][:7])
    assert x.flags.writeable and y.flags.writeable
    assert len(tx) == len(ty) == 20  # a limit above the size keeps every sample


def test_mnist_truncated_array_is_reported_not_padded(tmp_path):
    import zipfile

    header = {"descr": "|u1", "fortran_order": False, "shape": (30, 28, 28)}
    with zipfile.ZipFile(tmp_path / "mnist.npz", "w") as archive:
        for key in ("x_train", "x_test"):
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array_header_1_0(member, header)
                member.write(bytes(10 * 28 * 28))  # 10 rows of the 30 it claims
        for key in ("y_train", "y_test"):
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array(member, np.zeros(30, np.uint8))
    (x, _), _ = data.load_mnist(train_samples=10, test_samples=5, data_dir=tmp_path)
    assert x.shape == (10, 784)
    with pytest.raises(data.DatasetUnavailableError, match="stops after 7840 of 15680"):
        data.load_mnist(train_samples=20, data_dir=tmp_path)


def test_mnist_matches_keras_loader(tiny_data, monkeypatch):
    import keras

    keras_loader_on(monkeypatch, "mnist", tiny_data / "mnist.npz")
    (kx, ky), (ktx, kty) = keras.datasets.mnist.load_data()
    (x, y), (tx, ty) = data.load_mnist(data_dir=tiny_data)
    np.testing.assert_array_equal(x, kx.reshape(len(kx), 784).astype("float32") / 255)
    np.testing.assert_array_equal(ty, kty)


def test_results_are_fresh_copies(tiny_data):
    """Changing what one call returned never changes what the next returns."""
    (first, labels), _ = data.load_mnist(data_dir=tiny_data)
    original = labels.copy()
    first[:] = 7
    labels[:] = 0
    (second, labels_again), _ = data.load_mnist(data_dir=tiny_data)
    assert second.max() <= 1.0
    np.testing.assert_array_equal(labels_again, original)


# ------------------------------------------------------------------- IMDB


@pytest.mark.parametrize("num_words", [10, 30, 100])
def test_imdb_matches_keras_loader_and_book_vectorization(
    tiny_data, monkeypatch, num_words
):
    import keras

    keras_loader_on(monkeypatch, "imdb", tiny_data / "imdb.npz")
    (k_train, k_ytrain), (k_test, k_ytest) = keras.datasets.imdb.load_data(
        num_words=num_words
    )
    (x_train, y_train), (x_test, y_test) = data.load_imdb(num_words, data_dir=tiny_data)
    np.testing.assert_array_equal(x_train.toarray(), book_vectorize(k_train, num_words))
    np.testing.assert_array_equal(x_test.toarray(), book_vectorize(k_test, num_words))
    np.testing.assert_array_equal(y_train, k_ytrain.astype("float32"))
    np.testing.assert_array_equal(y_test, k_ytest.astype("float32"))
    assert x_train.dtype == np.float32 and y_train.dtype == np.float32


def test_imdb_online_path_uses_the_same_encoding(tiny_data, monkeypatch):
    """Without a data directory, Keras' loader is used and encoded identically."""
    keras_loader_on(monkeypatch, "imdb", tiny_data / "imdb.npz")
    monkeypatch.delenv(data.DATA_DIR_VARIABLE, raising=False)
    (online, _), _ = data.load_imdb(30)
    (offline, _), _ = data.load_imdb(30, data_dir=tiny_data)
    np.testing.assert_array_equal(online.toarray(), offline.toarray())


def test_imdb_sample_limits(tiny_data):
    (full, labels), _ = data.load_imdb(50, data_dir=tiny_data)
    (some, some_labels), (test, _) = data.load_imdb(
        50, train_samples=5, test_samples=4, data_dir=tiny_data
    )
    np.testing.assert_array_equal(some.toarray(), full[:5].toarray())
    np.testing.assert_array_equal(some_labels, labels[:5])
    assert test.shape == (4, 50)


def test_multi_hot_marks_presence_once_and_rejects_bad_indices():
    matrix = data.multi_hot([[1, 3, 3, 1], [], [0, 4]], num_words=5)
    np.testing.assert_array_equal(
        matrix.toarray(), [[0, 1, 0, 1, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 1]]
    )
    with pytest.raises(ValueError, match=r"\[0, 5\)"):
        data.multi_hot([[5]], num_words=5)
    with pytest.raises(ValueError):
        data.multi_hot([[-1]], num_words=5)


def test_imdb_refuses_pickled_code(pickle_bomb):
    with pytest.raises(data.DatasetUnavailableError, match="not a readable"):
        data.load_imdb(data_dir=pickle_bomb)


# --------------------------------------------------------- Boston housing


def test_boston_matches_keras_split_and_uses_training_statistics(
    tiny_data, monkeypatch
):
    import keras

    keras_loader_on(monkeypatch, "boston_housing", tiny_data / "boston_housing.npz")
    (kx, ky), (ktx, kty) = keras.datasets.boston_housing.load_data()
    (x, y), (tx, ty) = data.load_boston_housing(data_dir=tiny_data)
    mean, std = kx.mean(axis=0), kx.std(axis=0)
    np.testing.assert_allclose(x, (kx - mean) / std, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tx, (ktx - mean) / std, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(y, ky, rtol=1e-6)
    assert len(x) == 40 and len(tx) == 10
    assert x.dtype == np.float32
    # Training statistics only: the test features are not standardized.
    assert np.abs(tx.mean(axis=0)).max() > 1e-3


# ------------------------------------------------------- errors, offline


def test_missing_file_names_the_file_and_the_setting(tmp_path):
    with pytest.raises(data.DatasetUnavailableError) as caught:
        data.load_mnist(data_dir=tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "mnist.npz") in message
    assert data.DATA_DIR_VARIABLE in message


def test_environment_variable_points_at_the_data(tiny_data, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tiny_data))
    (x, _), _ = data.load_boston_housing()
    assert x.shape == (40, 13)


def test_corrupt_file_gives_a_clear_error(tmp_path):
    (tmp_path / "mnist.npz").write_bytes(b"not a zip file")
    with pytest.raises(data.DatasetUnavailableError, match="not a readable mnist.npz"):
        data.load_mnist(data_dir=tmp_path)


def test_file_with_wrong_keys_is_rejected(tmp_path):
    np.savez(tmp_path / "boston_housing.npz", features=np.zeros((3, 13)))
    with pytest.raises(data.DatasetUnavailableError, match="lacks the arrays x, y"):
        data.load_boston_housing(data_dir=tmp_path)


def test_offline_without_data_prints_the_clear_message(tmp_path):
    """No data directory and no network: a short message, no urllib trace."""
    env = {
        key: value for key, value in os.environ.items() if key != data.DATA_DIR_VARIABLE
    }
    # An unreachable proxy makes every download fail at once, network or not.
    env.update(
        KERAS_HOME=str(tmp_path / "keras"),
        HTTPS_PROXY="http://127.0.0.1:9",
        HTTP_PROXY="http://127.0.0.1:9",
        https_proxy="http://127.0.0.1:9",
        http_proxy="http://127.0.0.1:9",
        TF_CPP_MIN_LOG_LEVEL="3",
    )
    result = subprocess.run(
        [sys.executable, "-c", "from helpers import data; data.load_mnist()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DatasetUnavailableError" in result.stderr
    assert "mnist.npz" in result.stderr and data.DATA_DIR_VARIABLE in result.stderr
    assert "urllib" not in result.stderr


# --------------------------------------------------------------- real data


def test_real_files_load_with_the_expected_shapes(real_data):
    (x, y), (tx, ty) = data.load_mnist(data_dir=real_data)
    assert x.shape == (60000, 784) and tx.shape == (10000, 784)
    assert abs(float(x.mean()) * 255 - 33.318421) < 1e-3  # the known pixel mean
    (ix, iy), (itx, ity) = data.load_imdb(data_dir=real_data)
    assert ix.shape == (25000, 10000) and itx.shape == (25000, 10000)
    # Published outputs of Keras' loader: the first labels and review lengths.
    np.testing.assert_array_equal(iy[:10], [1, 0, 0, 1, 0, 0, 1, 0, 1, 0])
    (bx, by), (btx, bty) = data.load_boston_housing(data_dir=real_data)
    assert bx.shape == (404, 13) and btx.shape == (102, 13)
    np.testing.assert_allclose(by[:3], [15.2, 42.3, 50.0])


def test_real_boston_targets_equal_keras_exactly(real_data, monkeypatch):
    """Keras' own loader (hash-checked) and ours give the same targets, bit
    for bit (the features differ on purpose: ours are standardized)."""
    import keras

    keras_loader_on(monkeypatch, "boston_housing", real_data / "boston_housing.npz")
    (_, ky), (_, kty) = keras.datasets.boston_housing.load_data()
    (_, y), (_, ty) = data.load_boston_housing(data_dir=real_data)
    assert y.tobytes() == np.asarray(ky, dtype=y.dtype).tobytes()
    assert ty.tobytes() == np.asarray(kty, dtype=ty.dtype).tobytes()
