"""Dataset loaders for the course: MNIST, IMDB and Boston housing.

Every loader returns ``(train_x, train_y), (test_x, test_y)`` as float32 data
in a fresh copy, so changing the result never changes another caller's data.

Where the data comes from:

* By default, Keras downloads (and caches) the files, exactly like
  ``keras.datasets.<name>.load_data()``.
* Offline, point the loaders at a directory holding the files in Keras' npz
  formats (``mnist.npz``, ``imdb.npz``, ``boston_housing.npz``), either with
  the ``data_dir`` argument or the ``COURSE_DATA_DIR`` environment variable.
  Then no network is touched. The files are processed exactly as Keras
  processes its own (same shuffling seeds, same IMDB word-index offsets).

IMDB reviews come back as a SciPy CSR sparse matrix of multi-hot rows: the
same values as the book's dense ``vectorize_sequences`` matrix, but about
40 MB instead of 2 GB for train and test. Keras trains on it directly
(``model.fit(x_train, y_train, ...)``); ``x_train[:5].toarray()`` shows rows.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
import pickle
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse

from helpers import imdb_flat

DATA_DIR_VARIABLE = "COURSE_DATA_DIR"
"""Environment variable naming a directory with offline dataset files."""

FILES = {
    "mnist": "mnist.npz",
    "imdb": "imdb.npz",
    "boston_housing": "boston_housing.npz",
}
"""File name Keras uses for each dataset."""

EXPECTED_KEYS = {
    "mnist": ("x_train", "y_train", "x_test", "y_test"),
    "imdb": ("x_train", "y_train", "x_test", "y_test"),
    "boston_housing": ("x", "y"),
}

# Keras' conventions for IMDB: 0 pads, 1 starts a review, 2 marks a word
# outside the vocabulary, real words start at 3. Shuffling seed 113 is also
# Keras' (for IMDB and for Boston housing's train/test split).
IMDB_START, IMDB_OOV, IMDB_INDEX_FROM = 1, 2, 3
KERAS_SHUFFLE_SEED = 113
BOSTON_TEST_SPLIT = 0.2


class DatasetUnavailableError(RuntimeError):
    """Raised when a dataset can be neither found locally nor downloaded."""


def data_directory(data_dir: str | os.PathLike | None = None) -> Path | None:
    """The offline data directory in effect: the argument, else the
    ``COURSE_DATA_DIR`` environment variable, else ``None`` (download)."""
    chosen = data_dir if data_dir is not None else os.environ.get(DATA_DIR_VARIABLE)
    if chosen is None or str(chosen).strip() == "":
        return None
    return Path(chosen).expanduser()


def _local_file(name: str, data_dir: str | os.PathLike | None) -> Path | None:
    """Path of the offline file for ``name``, or None to use Keras' download."""
    directory = data_directory(data_dir)
    if directory is None:
        return None
    path = directory / FILES[name]
    if not path.is_file():
        raise DatasetUnavailableError(
            f"The {name} dataset needs the file {path}, which does not exist.\n"
            f"Put Keras' {FILES[name]} (keys: {', '.join(EXPECTED_KEYS[name])}) "
            f"in {directory}, or point {DATA_DIR_VARIABLE} / data_dir at the "
            "directory that has it. Unset both to download through Keras instead."
        )
    return path


def _download_failed(name: str, error: Exception) -> DatasetUnavailableError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    return DatasetUnavailableError(
        f"Could not download the {name} dataset through Keras ({reason}).\n"
        f"Offline? Get the file {FILES[name]} (Keras' npz format, keys: "
        f"{', '.join(EXPECTED_KEYS[name])}), put it in a directory, and set "
        f"{DATA_DIR_VARIABLE}=/path/to/that/directory before starting Jupyter, "
        "or pass data_dir='/path/to/that/directory' to the loader."
    )


class _NumpyOnlyUnpickler(pickle.Unpickler):
    """Unpickles NumPy arrays of Python lists and nothing else (IMDB files
    store ragged reviews as object arrays). Refuses any other object, so a
    tampered file cannot run code."""

    _ALLOWED = {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }

    def find_class(self, module: str, name: str):  # noqa: D102
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"refusing to load {module}.{name} from a dataset file"
        )


def _read_header(
    stream, version: tuple[int, int]
) -> tuple[tuple[int, ...], bool, np.dtype]:
    """Read the ``.npy`` header after the magic string: ``(shape,
    fortran_order, dtype)``; the 1.0 layout, or else the 2.0 one."""
    if version == (1, 0):
        return np.lib.format.read_array_header_1_0(stream)
    return np.lib.format.read_array_header_2_0(stream)


def _read_leading_rows(stream, rows: int) -> np.ndarray | None:
    """The first ``rows`` rows of the ``.npy`` array in ``stream``, reading
    (and so decompressing) only those; ``None`` if the array is not a plain
    C-ordered one (the caller then reads it whole)."""
    version = np.lib.format.read_magic(stream)
    if version not in ((1, 0), (2, 0)):
        return None
    shape, fortran_order, dtype = _read_header(stream, version)
    if fortran_order or dtype.hasobject or not shape:
        return None
    shape = (min(rows, shape[0]), *shape[1:])
    size = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    data = stream.read(size)
    if len(data) != size:
        raise ValueError(f"the array stops after {len(data)} of {size} bytes")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()


def _read_member(archive: zipfile.ZipFile, member: str, rows: int | None) -> np.ndarray:
    """One array of the archive; only its first ``rows`` rows if given."""
    if rows is not None:
        with archive.open(member) as stream:
            leading = _read_leading_rows(stream, rows)
        if leading is not None:
            return leading
    buffer = io.BytesIO(archive.read(member))
    try:
        return np.lib.format.read_array(buffer, allow_pickle=False)
    except ValueError:  # an object array: unpickle NumPy types only
        buffer.seek(0)
        _read_header(buffer, np.lib.format.read_magic(buffer))
        return _NumpyOnlyUnpickler(buffer).load()


def _read_npz(
    path: Path,
    name: str,
    keys: Sequence[str] | None = None,
    rows: dict[str, int | None] | None = None,
) -> dict[str, np.ndarray]:
    """Read the arrays ``keys`` (default: all) of a Keras dataset file;
    of an array named in ``rows``, only that many leading rows (at least 1)."""
    wanted = tuple(keys) if keys is not None else EXPECTED_KEYS[name]
    limits = rows or {}
    arrays: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                key = member.removesuffix(".npy")
                if key in wanted:
                    arrays[key] = _read_member(archive, member, limits.get(key))
    except (zipfile.BadZipFile, pickle.UnpicklingError, EOFError, ValueError) as error:
        raise DatasetUnavailableError(
            f"{path} is not a readable {FILES[name]} in Keras' format ({error})."
        ) from None
    missing = [key for key in wanted if key not in arrays]
    if missing:
        raise DatasetUnavailableError(
            f"{path} lacks the arrays {', '.join(missing)}; Keras' {FILES[name]} "
            f"has {', '.join(EXPECTED_KEYS[name])}."
        )
    return arrays


def _keras_shuffle(count: int, rng: np.random.RandomState) -> np.ndarray:
    indices = np.arange(count)
    rng.shuffle(indices)
    return indices


def _check_limit(limit: int | None) -> None:
    if limit is not None and limit < 1:
        raise ValueError(f"sample limits must be at least 1, got {limit}")


def _first(array, limit: int | None):
    _check_limit(limit)
    return array if limit is None else array[:limit]


# ---------------------------------------------------------------- MNIST


def load_mnist(
    *,
    train_samples: int | None = None,
    test_samples: int | None = None,
    data_dir: str | os.PathLike | None = None,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load MNIST as flat float32 images in [0, 1] and integer labels.

    Args:
        train_samples: keep only the first this many training samples.
        test_samples: keep only the first this many test samples.
        data_dir: directory with ``mnist.npz`` (default: ``COURSE_DATA_DIR``,
            else download through Keras).

    Returns:
        ``(train_images, train_labels), (test_images, test_labels)``: images of
        shape ``(n, 784)`` float32, labels of shape ``(n,)`` uint8 (0-9).
    """
    for limit in (train_samples, test_samples):
        _check_limit(limit)  # before reading only that many rows
    path = _local_file("mnist", data_dir)
    if path is not None:
        split_rows = {"train": train_samples, "test": test_samples}
        rows = {
            f"{kind}_{split}": n for split, n in split_rows.items() for kind in "xy"
        }
        arrays = _read_npz(path, "mnist", rows=rows)
        (x_train, y_train) = arrays["x_train"], arrays["y_train"]
        (x_test, y_test) = arrays["x_test"], arrays["y_test"]
    else:
        import keras

        try:
            (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
        except Exception as error:
            raise _download_failed("mnist", error) from None

    def images(pixels: np.ndarray, limit: int | None) -> np.ndarray:
        pixels = _first(pixels, limit)
        return pixels.reshape(len(pixels), -1).astype(np.float32) / np.float32(255)

    return (
        (images(x_train, train_samples), np.array(_first(y_train, train_samples))),
        (images(x_test, test_samples), np.array(_first(y_test, test_samples))),
    )


# ---------------------------------------------------------------- IMDB


def multi_hot(
    sequences: Sequence[Sequence[int]], num_words: int
) -> scipy.sparse.csr_matrix:
    """Multi-hot encode word-index sequences as a float32 CSR matrix.

    Row ``i`` has a 1.0 in column ``w`` for every word index ``w`` in
    ``sequences[i]`` (repeats count once) and zeros elsewhere: the same
    values as a dense ``zeros((n, num_words)); row[sequence] = 1``.

    Raises:
        ValueError: if an index is negative or not below ``num_words``.
    """
    flat, lengths = _flatten(sequences)
    if flat.size and (flat.min() < 0 or flat.max() >= num_words):
        raise ValueError(
            f"word indices must lie in [0, {num_words}); found {flat.min()} "
            f"to {flat.max()}"
        )
    return _presence_matrix(flat, lengths, num_words)


def _flatten(sequences: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """All word indices in one int64 array, and each sequence's length."""
    lengths = np.fromiter((len(words) for words in sequences), dtype=np.int64)
    flat = np.fromiter(
        itertools.chain.from_iterable(sequences), dtype=np.int64, count=lengths.sum()
    )
    return flat, lengths


def _presence_matrix(
    flat: np.ndarray, lengths: np.ndarray, num_words: int
) -> scipy.sparse.csr_matrix:
    """CSR rows of consecutive ``lengths`` runs of ``flat``, 1.0 where a word
    occurs (once or more) and 0 elsewhere."""
    row_starts = np.concatenate([[0], np.cumsum(lengths)])
    matrix = scipy.sparse.csr_matrix(
        (np.ones(flat.size, dtype=np.float32), flat.astype(np.int32), row_starts),
        shape=(len(lengths), num_words),
    )
    matrix.sum_duplicates()  # repeated words add up here ...
    matrix.data[:] = 1.0  # ... but multi-hot only marks presence
    return matrix


def _stored_imdb_split(
    path: Path, split: str
) -> tuple[int, Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], np.ndarray]:
    """One split of ``imdb.npz``: its review count, a function giving the
    flattened word indices and lengths of the reviews an index array picks,
    and the labels. Reads the flat copy (:mod:`helpers.imdb_flat`) if there
    is one for this file, else the npz."""
    flat = imdb_flat.read(path, split)
    if flat is not None:
        words, lengths, labels = flat
        return len(lengths), functools.partial(imdb_flat.select, words, lengths), labels
    arrays = _read_npz(path, "imdb", keys=(f"x_{split}", f"y_{split}"))
    reviews = arrays[f"x_{split}"]
    return len(reviews), lambda order: _flatten(reviews[order]), arrays[f"y_{split}"]


def _keras_imdb_split(
    path: Path,
    split: str,
    num_words: int,
    rng: np.random.RandomState,
    limit: int | None,
) -> tuple[scipy.sparse.csr_matrix, np.ndarray]:
    """Process one stored split as ``keras.datasets.imdb.load_data`` does
    (shuffle with Keras' seed, prepend the start marker, shift word indices
    by 3, map words outside the vocabulary to the OOV marker), then
    multi-hot encode the first ``limit`` reviews."""
    count, reviews, labels = _stored_imdb_split(path, split)
    order = _first(_keras_shuffle(count, rng), limit)
    words, lengths = reviews(order)
    words += IMDB_INDEX_FROM
    words[words >= num_words] = IMDB_OOV
    # Insert the start marker in front of every review.
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    words = np.insert(words, starts, IMDB_START)
    matrix = _presence_matrix(words, lengths + 1, num_words)
    return matrix, np.asarray(labels[order], dtype=np.float32)


def load_imdb(
    num_words: int = 10_000,
    *,
    train_samples: int | None = None,
    test_samples: int | None = None,
    data_dir: str | os.PathLike | None = None,
) -> tuple[
    tuple[scipy.sparse.csr_matrix, np.ndarray],
    tuple[scipy.sparse.csr_matrix, np.ndarray],
]:
    """Load IMDB reviews as multi-hot vectors over the ``num_words`` most
    frequent words, with float32 labels (1.0 = positive).

    Args:
        num_words: vocabulary size (the book uses 10,000).
        train_samples: keep only the first this many training reviews.
        test_samples: keep only the first this many test reviews.
        data_dir: directory with ``imdb.npz`` (default: ``COURSE_DATA_DIR``,
            else download through Keras).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x`` is a float32 CSR
        matrix of shape ``(n, num_words)``, ``y`` float32 of shape ``(n,)``.
    """
    if num_words < IMDB_INDEX_FROM + 1:
        raise ValueError(f"num_words must be at least 4, got {num_words}")
    path = _local_file("imdb", data_dir)
    if path is None:
        import keras

        try:
            (train_seqs, y_train), (test_seqs, y_test) = keras.datasets.imdb.load_data(
                num_words=num_words
            )
        except Exception as error:
            raise _download_failed("imdb", error) from None
        return (
            (
                multi_hot(_first(train_seqs, train_samples), num_words),
                np.asarray(_first(y_train, train_samples), dtype=np.float32),
            ),
            (
                multi_hot(_first(test_seqs, test_samples), num_words),
                np.asarray(_first(y_test, test_samples), dtype=np.float32),
            ),
        )
    # Offline: read and encode one split at a time to keep memory low.
    rng = np.random.RandomState(KERAS_SHUFFLE_SEED)  # one stream, as in Keras
    splits = []
    for split, limit in (("train", train_samples), ("test", test_samples)):
        splits.append(_keras_imdb_split(path, split, num_words, rng, limit))
    return splits[0], splits[1]


# ------------------------------------------------------- Boston housing


def load_boston_housing(
    *, data_dir: str | os.PathLike | None = None
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Load Boston housing with features normalized by training statistics.

    Keras' split is used (404 training, 102 test houses). Each feature is
    shifted and scaled with the *training* mean and standard deviation only,
    test data included, so nothing about the test set leaks into training.

    Returns:
        ``(train_data, train_targets), (test_data, test_targets)``: features
        float32 ``(n, 13)``, targets float32 ``(n,)`` in thousands of dollars.
    """
    path = _local_file("boston_housing", data_dir)
    if path is not None:
        arrays = _read_npz(path, "boston_housing")
        order = _keras_shuffle(
            len(arrays["x"]), np.random.RandomState(KERAS_SHUFFLE_SEED)
        )
        features, targets = arrays["x"][order], arrays["y"][order]
        split = int(len(features) * (1 - BOSTON_TEST_SPLIT))
        x_train, y_train = features[:split], targets[:split]
        x_test, y_test = features[split:], targets[split:]
    else:
        import keras

        try:
            (x_train, y_train), (x_test, y_test) = (
                keras.datasets.boston_housing.load_data()
            )
        except Exception as error:
            raise _download_failed("boston_housing", error) from None

    mean = x_train.mean(axis=0)
    std = x_train.std(axis=0)
    return (
        ((x_train - mean) / std).astype(np.float32),
        np.asarray(y_train, dtype=np.float32),
    ), (
        ((x_test - mean) / std).astype(np.float32),
        np.asarray(y_test, dtype=np.float32),
    )
