"""Peak memory of loading IMDB and fitting the 16-16-1 model (20 epochs).

    python benchmarks/imdb_memory.py            the course's sparse multi-hot
    python benchmarks/imdb_memory.py --book     the book's dense float64 matrix

Prints wall time and the process's peak resident set size (RSS). Needs the
IMDB data (COURSE_DATA_DIR or a Keras download).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time


def peak_rss_gb() -> float:
    """Peak RSS of this process in GB (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e9 if sys.platform == "darwin" else peak * 1024 / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--book", action="store_true", help="dense float64, as the book"
    )
    parser.add_argument("--epochs", type=int, default=20)
    book = parser.parse_args().book
    start = time.perf_counter()
    import numpy as np

    from helpers import data, models, settings, training

    settings.seed_everything()
    (x_train, y_train), (x_test, y_test) = data.load_imdb()
    if book:  # what vectorize_sequences produces: float64 dense rows
        x_train, x_test = (
            x_train.toarray().astype(np.float64),
            x_test.toarray().astype(np.float64),
        )
    loaded = time.perf_counter()
    model = models.imdb_classifier((16, 16))
    history = training.fit(
        model,
        x_train,
        y_train,
        epochs=parser.parse_args().epochs,
        batch_size=512,
        validation_split=0.4,
        log_lines=0,
    )
    end = time.perf_counter()
    print(
        f"encoding: {'dense float64 (book)' if book else 'sparse CSR float32 (course)'}"
    )
    print(f"load+encode: {loaded - start:.1f} s, fit: {end - loaded:.1f} s")
    print(f"min val_loss: {min(history.history['val_loss']):.4f}")
    print(f"peak RSS: {peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
