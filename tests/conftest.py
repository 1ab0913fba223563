"""Shared fixtures: tiny dataset files, the real data directory, fast mode."""

from __future__ import annotations

import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ROOT = Path(__file__).resolve().parent.parent
SHARED_OFFLINE = ROOT.parent / "shared" / "datasets" / "offline"


def real_data_dir() -> Path | None:
    """A directory with all three real dataset files, if this machine has one:
    ``COURSE_DATA_DIR``, else the course workspace's ``shared/datasets/offline``."""
    for candidate in (os.environ.get("COURSE_DATA_DIR"), SHARED_OFFLINE):
        if candidate and all(
            (Path(candidate) / name).is_file()
            for name in ("mnist.npz", "imdb.npz", "boston_housing.npz")
        ):
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real data directory; skips (or, in CI, fails) when there is none."""
    directory = real_data_dir()
    if directory is None:
        message = "no real dataset files; set COURSE_DATA_DIR to a directory with them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return directory


def _save_object_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write an npz the way Keras' IMDB file is stored (object arrays pickled)."""
    with zipfile.ZipFile(path, "w") as archive:
        for key, array in arrays.items():
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array(member, array, allow_pickle=True)


def ragged(rows: list[list[int]]) -> np.ndarray:
    array = np.empty(len(rows), dtype=object)
    for index, row in enumerate(rows):
        array[index] = [int(word) for word in row]  # plain ints, as in Keras
    return array


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    """A directory with small, valid files in Keras' three npz formats."""
    rng = np.random.default_rng(0)
    np.savez(
        tmp_path / "mnist.npz",
        x_train=rng.integers(0, 256, (30, 28, 28), dtype=np.uint8),
        y_train=rng.integers(0, 10, 30, dtype=np.uint8),
        x_test=rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        y_test=rng.integers(0, 10, 10, dtype=np.uint8),
    )

    def reviews(count: int) -> np.ndarray:
        # Stored word ranks start at 1 (no offsets), some beyond a small vocabulary.
        return ragged(
            [list(rng.integers(1, 60, rng.integers(3, 25))) for _ in range(count)]
        )

    _save_object_npz(
        tmp_path / "imdb.npz",
        {
            "x_train": reviews(40),
            "y_train": rng.integers(0, 2, 40).astype(np.int64),
            "x_test": reviews(20),
            "y_test": rng.integers(0, 2, 20).astype(np.int64),
        },
    )
    np.savez(
        tmp_path / "boston_housing.npz",
        x=rng.normal(5, 3, (50, 13)),
        y=rng.uniform(5, 50, 50),
    )
    return tmp_path


@pytest.fixture
def pickle_bomb(tmp_path: Path) -> Path:
    """An imdb.npz whose pickle would run code when loaded with allow_pickle."""

    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo pwned > /dev/null",))

    path = tmp_path / "imdb.npz"
    with zipfile.ZipFile(path, "w") as archive:
        for key in ("x_train", "y_train", "x_test", "y_test"):
            header = {"descr": "|O", "fortran_order": False, "shape": (1,)}
            with archive.open(f"{key}.npy", "w") as member:
                np.lib.format.write_array_header_1_0(member, header)
                member.write(pickle.dumps(Exploit()))
    return tmp_path
