"""Benchmarks of the course: per-lesson time, memory and claims, and the
book-style baseline they are compared with. Entry point: ``benchmarks/run.py``."""
