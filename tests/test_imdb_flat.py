"""helpers.imdb_flat and the grader's copies of it (tools.grading.datacache):
the flat copy loads exactly what imdb.npz gives, is ignored when it does not
match, and sandboxes can read it but not change it."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from helpers import data, imdb_flat
from tests.grading_helpers import require_sandbox
from tools.grading import datacache, sandbox

LOADS = [
    {"num_words": 10},
    {"num_words": 50},
    {"num_words": 50, "train_samples": 7, "test_samples": 3},
]


def _same(first, second) -> None:
    for (x_a, y_a), (x_b, y_b) in zip(first, second, strict=True):
        assert x_a.shape == x_b.shape and x_a.dtype == x_b.dtype
        np.testing.assert_array_equal(x_a.indptr, x_b.indptr)
        np.testing.assert_array_equal(x_a.indices, x_b.indices)
        np.testing.assert_array_equal(x_a.data, x_b.data)
        assert y_a.dtype == y_b.dtype
        np.testing.assert_array_equal(y_a, y_b)


def _npz_reads(monkeypatch) -> list[Path]:
    """Record every read of an npz file by helpers.data."""
    reads: list[Path] = []
    original = data._read_npz

    def reading(path, *args, **kwargs):
        reads.append(path)
        return original(path, *args, **kwargs)

    monkeypatch.setattr(data, "_read_npz", reading)
    return reads


@pytest.mark.parametrize("arguments", LOADS)
def test_the_flat_copy_loads_exactly_what_the_npz_gives(
    tiny_data, tmp_path, monkeypatch, arguments
):
    monkeypatch.delenv(imdb_flat.CACHE_DIR_VARIABLE, raising=False)
    from_npz = data.load_imdb(data_dir=tiny_data, **arguments)
    imdb_flat.write(tiny_data / "imdb.npz", tmp_path)
    monkeypatch.setenv(imdb_flat.CACHE_DIR_VARIABLE, str(tmp_path))
    reads = _npz_reads(monkeypatch)
    _same(data.load_imdb(data_dir=tiny_data, **arguments), from_npz)
    assert reads == []  # the flat copy was used


def test_a_copy_of_another_file_is_ignored(tiny_data, tmp_path, monkeypatch):
    source = tiny_data / "imdb.npz"
    imdb_flat.write(source, tmp_path)
    monkeypatch.setenv(imdb_flat.CACHE_DIR_VARIABLE, str(tmp_path))
    status = source.stat()
    os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))
    reads = _npz_reads(monkeypatch)
    loaded = data.load_imdb(30, data_dir=tiny_data)
    assert len(reads) == 2  # both splits from the npz
    monkeypatch.delenv(imdb_flat.CACHE_DIR_VARIABLE)
    _same(loaded, data.load_imdb(30, data_dir=tiny_data))


@pytest.mark.parametrize("content", [b"", b"not an npz", b"PK\x03\x04broken"])
def test_an_unreadable_copy_is_ignored(tiny_data, tmp_path, monkeypatch, content):
    (tmp_path / imdb_flat.FILE).write_bytes(content)
    monkeypatch.setenv(imdb_flat.CACHE_DIR_VARIABLE, str(tmp_path))
    loaded = data.load_imdb(30, data_dir=tiny_data)
    monkeypatch.delenv(imdb_flat.CACHE_DIR_VARIABLE)
    _same(loaded, data.load_imdb(30, data_dir=tiny_data))


def test_select_picks_whole_reviews_in_the_given_order():
    words = np.array([5, 6, 7, 8, 9], dtype=np.int32)
    lengths = np.array([2, 0, 3])
    picked, picked_lengths = imdb_flat.select(words, lengths, np.array([2, 1, 0]))
    assert picked.tolist() == [7, 8, 9, 5, 6] and picked.dtype == np.int64
    assert picked_lengths.tolist() == [3, 0, 2]
    picked[:] = 0
    assert words.tolist() == [5, 6, 7, 8, 9]  # a fresh array


def test_the_grader_makes_one_copy_per_data_folder(tiny_data, tmp_path):
    folder = datacache.folder_for(tiny_data)
    assert folder is not None and (folder / imdb_flat.FILE).is_file()
    assert datacache.folder_for(tiny_data) == folder
    assert datacache.folder_for(tmp_path / "nothing-here") is None
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "imdb.npz").write_bytes(b"not an npz")
    assert datacache.folder_for(tmp_path / "bad") is None


def test_a_sandbox_reads_the_copy_but_cannot_change_it(tiny_data):
    require_sandbox()
    box = sandbox.find_sandbox()
    code = (
        "import os, numpy as np\n"
        "path = os.path.join(os.environ['COURSE_CACHE_DIR'], 'imdb-flat.npz')\n"
        "print('words', np.load(path)['words_train'].size)\n"
        "try:\n"
        "    open(path, 'ab').write(b'x')\n"
        "    print('written')\n"
        "except OSError as error:\n"
        "    print('refused', type(error).__name__)\n"
    )
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        scratch.chmod(0o755)
        for name in ("work", "in", "runner", "out"):
            (scratch / name).mkdir()
        done = sandbox.run(
            box,
            scratch,
            [sys.executable, "-c", code],
            data=tiny_data,
            limits=sandbox.Limits(),
        )
    copy = datacache.folder_for(tiny_data)
    assert copy is not None
    expected = np.load(copy / imdb_flat.FILE)["words_train"].size
    assert f"words {expected}" in done.output
    assert "refused" in done.output and "written" not in done.output
