"""The seven lessons as the benchmarks see them: notebook, book-style
baseline, data set."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tools.lessons import Lesson

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BenchmarkedLesson:
    """A lesson (:class:`tools.lessons.Lesson`) with what the benchmarks
    add: its number, data set and book-style baseline."""

    number: int
    folder: str
    slug: str
    data: str

    @property
    def lesson(self) -> Lesson:
        return Lesson(self.folder, f"{self.slug}.ipynb")

    @property
    def notebook(self) -> Path:
        return self.lesson.source

    @property
    def book(self) -> Path:
        return ROOT / "benchmarks" / "book" / f"{self.number:02d}_{self.slug}.py"

    @property
    def uses_imdb(self) -> bool:
        return "IMDB" in self.data

    @property
    def title(self) -> str:
        return f"{self.number} {self.slug.replace('_', ' ')}"


LESSONS = (
    BenchmarkedLesson(1, "01-noise-channels", "noise_channels", "MNIST"),
    BenchmarkedLesson(2, "02-shuffled-labels", "shuffled_labels", "MNIST"),
    BenchmarkedLesson(3, "03-learning-rate", "learning_rate", "MNIST"),
    BenchmarkedLesson(4, "04-capacity", "capacity", "MNIST, IMDB"),
    BenchmarkedLesson(5, "05-l2-regularization", "l2_regularization", "IMDB"),
    BenchmarkedLesson(6, "06-dropout", "dropout", "IMDB"),
    BenchmarkedLesson(7, "07-kfold-validation", "kfold_validation", "Boston housing"),
)


def select(names: Sequence[str] | None) -> list[BenchmarkedLesson]:
    """Lessons by number ("4"), folder ("04-capacity") or slug; all if None."""
    if not names:
        return list(LESSONS)
    chosen: list[BenchmarkedLesson] = []
    for name in names:
        matches = [
            lesson
            for lesson in LESSONS
            if name
            in (str(lesson.number), f"{lesson.number:02d}", lesson.folder, lesson.slug)
        ]
        if not matches:
            known = ", ".join(lesson.folder for lesson in LESSONS)
            raise SystemExit(f"unknown lesson {name!r}; known: {known}")
        chosen.extend(m for m in matches if m not in chosen)
    return sorted(chosen, key=lambda lesson: lesson.number)
