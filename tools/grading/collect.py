"""The collect step: sort an LMS download into ``submitted/<student>/``.

The download (a zip or a folder, zips inside extracted safely) is copied to
``downloaded/<lesson>/archive`` and sorted by ``nbgrader zip_collect``.
Two layouts are recognised: LMS file names (``<student>_..._<file>``, as
Canvas names them) and one folder per student (``alice/<notebook>``).
Before nbgrader runs, every notebook is attributed to a student here, so a
file nobody can be attributed to, or two files for the same student, are
named in the report instead of stopping the batch.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

from tools._sanitize import _normalized_stem
from tools.grading.course import Course, GradingError, find_lessons
from tools.grading.nbgrader_run import fail_with_log, message, nbgrader

LMS_PATTERN = (
    r".*/(?P<student_id>[A-Za-z0-9.@+-]+)_(?:late_)?(?:\d+_)*(?P<file_id>[^/]+)$"
)
"""Files named ``<student>_<file>``, optionally with ``late_`` and numeric
ids between, as Canvas names them (``doejane_late_12345_67890_x.ipynb``)."""
FOLDER_PATTERN = r".*/(?P<student_id>[A-Za-z0-9.@+_-]+)/(?P<file_id>[^/]+)$"
"""One folder per student: ``alice/<notebook>``."""
MAX_ARCHIVE_BYTES = 2 * 1024**3


def _extract(source: Path, archive: Path) -> None:
    """Copy a folder, or extract a zip, into ``archive`` (zips nested in a
    folder are extracted too). Entries that would land outside are refused."""
    if source.is_dir():
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = archive / path.relative_to(source)
                if zipfile.is_zipfile(path):
                    _unzip(path, target.parent / path.stem)
                else:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
    elif zipfile.is_zipfile(source):
        _unzip(source, archive)
    else:
        raise GradingError(f"{source} is neither a zip file nor a folder")


def _unzip(path: Path, target: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        if sum(i.file_size for i in archive.infolist()) > MAX_ARCHIVE_BYTES:
            raise GradingError(f"{path.name} unpacks to more than 2 GB")
        for info in archive.infolist():
            name = PurePosixPath(info.filename)
            if info.is_dir() or name.is_absolute() or ".." in name.parts:
                continue
            if name.parts[0] == "__MACOSX":
                continue
            destination = target.joinpath(*name.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as read, open(destination, "wb") as write:
                shutil.copyfileobj(read, write)


def choose_pattern(archive: Path, notebook: str) -> str:
    """The folder layout if every notebook sits in a folder and is named
    like the lesson's notebook; the LMS file-name layout otherwise."""
    wanted = _normalized_stem(notebook)
    found = [p for p in archive.rglob("*.ipynb") if p.is_file()]
    if found and all(
        p.parent != archive and _normalized_stem(p.name) == wanted for p in found
    ):
        return FOLDER_PATTERN
    return LMS_PATTERN


def attribute(archive: Path, pattern: str) -> tuple[list[str], list[str]]:
    """Notes on what cannot be collected: files nobody can be attributed
    to, and older duplicates (removed: the newest file of a student wins)."""
    regex = re.compile(pattern)
    unmatched, duplicates = [], []
    by_student: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(archive.rglob("*.ipynb")):
        match = regex.match(str(path))
        if not match:
            unmatched.append(str(path.relative_to(archive)))
        else:
            by_student[match.group("student_id")].append(path)
    for student, paths in sorted(by_student.items()):
        if len(paths) > 1:
            paths.sort(key=lambda p: p.stat().st_mtime)
            for older in paths[:-1]:
                older.unlink()
            names = ", ".join(str(p.relative_to(archive)) for p in paths)
            kept = paths[-1].relative_to(archive)
            duplicates.append(
                f"{student} handed in {len(paths)} files ({names}); "
                f"kept the newest, {kept}"
            )
    return unmatched, duplicates


def collect(
    course: Course,
    assignment: str,
    source: Path | None = None,
    pattern: str | None = None,
) -> tuple[list[str], bool]:
    """Put submissions into ``submitted/<student>/<assignment>/``. Returns
    the lines to print and False if some file was not collected."""
    [lesson] = find_lessons(course, [assignment])
    archive = course.downloaded / assignment / "archive"
    unmatched: list[str] = []
    notes: list[str] = []
    if source is not None:
        if not source.exists():
            raise GradingError(f"no such file or folder: {source}")
        shutil.rmtree(archive, ignore_errors=True)
        shutil.rmtree(archive.parent / "extracted", ignore_errors=True)
        archive.mkdir(parents=True)
        _extract(source, archive)
    if archive.exists():
        chosen = pattern or choose_pattern(archive, lesson.notebook)
        unmatched, notes = attribute(archive, chosen)
        run = nbgrader(
            course,
            "zip_collect",
            assignment,
            "--force",
            f"--FileNameCollectorPlugin.named_regexp={chosen}",
        )
        if run.returncode != 0 or run.errors():
            raise fail_with_log(run, f"zip_collect failed for {assignment}")
        unmatched += [
            message(line).split(" in: ")[-1]
            for line in run.lines
            if "did not match anything" in line and line.rstrip().endswith(".ipynb")
        ]
    return _listing(course, assignment, sorted(set(unmatched)), notes)


def _listing(
    course: Course, assignment: str, unmatched: list[str], notes: list[str]
) -> tuple[list[str], bool]:
    students = sorted(
        p.parent.name for p in course.submitted.glob(f"*/{assignment}") if p.is_dir()
    )
    output = [
        f"{assignment}: {len(students)} submissions in "
        f"{course.submitted.relative_to(course.root)}/"
    ]
    for student in students:
        files = sorted(
            p.name
            for p in (course.submitted / student / assignment).iterdir()
            if p.is_file() and p.name != "timestamp.txt"
        )
        output.append(f"  {student}: {', '.join(files) or '(no files)'}")
    output += [f"  NOTE: {note}" for note in notes]
    output += [
        f"  NOT COLLECTED (no student in its name or folder): {name}"
        for name in unmatched
    ]
    if not students:
        raise GradingError(
            f"no submissions for {assignment}: put them in "
            f"submitted/<student>/{assignment}/ or pass --from <LMS zip>"
        )
    if unmatched:
        output.append(
            "Some files were not collected; name them <student>_<file>.ipynb or "
            "put each in a folder named after its student, or give --pattern a "
            "regular expression with (?P<student_id>...) and (?P<file_id>...)."
        )
    return output, not unmatched
