"""Book-style baselines: the chapter's experiments written as plain listings
(dense float64 NumPy data, default ``compile``/``fit``), one per lesson, by us
in the book's style. ``benchmarks/run.py`` runs each as a notebook next to the
lesson it mirrors, to compare wall time, peak memory and the claims."""
