"""The student repository: everything to publish, nothing to keep secret.

``build`` writes ``<out>/`` and ``<out>.zip``, the complete content of the
student repository (``student_repository`` in ``[tool.course]``):

* ``notebooks/<lesson>/<notebook>.ipynb``: the releases (no solutions);
* ``helpers/`` and a ``pyproject.toml`` naming only the student repository:
  so ``pip install .`` (and Colab's install cell) installs the course
  package; the visible checks are in ``helpers/exercises``;
* ``README.md``: how to start, with an "Open in Colab" link per lesson.

Before writing the zip it checks every file for leaks (:func:`leaks`):
nbgrader's markers, any line that appears in the sources only between
``BEGIN SOLUTION``/``END SOLUTION``, any line of the hidden checks
(``tools/grading/hidden``) that ``helpers`` does not also hold, and the
private repository's URL.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

import nbformat

from tools import notebooks

MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "END HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "END MARK SCHEME",
)
SECRET_BLOCK = re.compile(
    r"#*\s*BEGIN (SOLUTION|HIDDEN TESTS|MARK SCHEME)\b(?P<body>.*?)#*\s*END \1", re.S
)


STUDENT_GITIGNORE = """\
.venv/
__pycache__/
*.egg-info/
.ipynb_checkpoints/
# your own copy of the lessons (python3 course.py lab): never overwritten
/my-work/
"""


class LessonLike(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def notebook(self) -> str: ...


class LeakError(Exception):
    """The bundle would publish solution or hidden-test text."""


def _normalize(line: str) -> str:
    return " ".join(line.split())


def secret_lines(
    sources: Iterable[Path], public: Iterable[Path] = ()
) -> dict[str, str]:
    """Lines that occur in the source notebooks only inside solution or
    hidden-test blocks (mapped to where they come from). Lines also found
    outside those blocks, or in the ``public`` files, are not secret."""
    secret: dict[str, str] = {}
    visible: set[str] = set()
    for path in public:
        visible.update(_normalize(line) for line in path.read_text().splitlines())
    for source in sources:
        notebook = nbformat.read(source, as_version=4)
        for cell in notebook.cells:
            text = cell.source
            for block in SECRET_BLOCK.finditer(text):
                for line in block.group("body").splitlines():
                    if re.search(r"\w", line):
                        secret.setdefault(
                            _normalize(line), f"{source.name}: {line.strip()}"
                        )
            outside = SECRET_BLOCK.sub("", text)
            visible.update(_normalize(line) for line in outside.splitlines())
    return {line: origin for line, origin in secret.items() if line not in visible}


def hidden_lines(folder: Path, public: Iterable[Path]) -> dict[str, str]:
    """Distinctive lines of the hidden check modules that no public file
    also holds (mapped to where they come from)."""
    visible: set[str] = set()
    for path in public:
        visible.update(_normalize(line) for line in path.read_text().splitlines())
    secret: dict[str, str] = {}
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        for line in path.read_text().splitlines():
            normal = _normalize(line)
            if (
                len(normal) >= 20
                and normal not in visible
                and not normal.startswith("#")
            ):
                secret.setdefault(normal, f"{path.name}: {line.strip()}")
    return secret


def student_pyproject(root: Path) -> str:
    """The course's pyproject.toml with every mention of the private
    repository replaced by the student repository."""
    settings = notebooks.course_settings()
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^repository = .*\n", "", text)
    return text.replace(settings["private_repository"], settings["repository"])


def _text_lines(path: Path) -> list[str]:
    if path.suffix == ".ipynb":
        notebook = nbformat.read(path, as_version=4)
        return [line for cell in notebook.cells for line in cell.source.splitlines()]
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        return []


def leaks(folder: Path, secrets: dict[str, dict[str, str]]) -> list[str]:
    """Problems found in the files under ``folder``: nbgrader markers in any
    file, and in each file named in ``secrets`` (by its path relative to
    ``folder``) the secret lines of its own source."""
    problems = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder)
        if relative.parts[0] in ("solutions", "tests", "source"):
            problems.append(f"{relative}: instructor-only folder in the bundle")
        own = secrets.get(relative.as_posix(), {})
        for line in _text_lines(path):
            marker = next((m for m in MARKERS if m in line), None)
            if marker:
                problems.append(f"{relative}: nbgrader marker {marker!r}")
            elif _normalize(line) in own:
                problems.append(f"{relative}: secret line ({own[_normalize(line)]})")
    return problems


def lesson_title(path: Path) -> str:
    """The first heading of a notebook, e.g. 'Lesson 1 · ...'."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem.replace("_", " ")


def student_readme(release: Path, lessons: Sequence[LessonLike]) -> str:
    """README.md for students: Colab links and local set-up."""
    settings = notebooks.course_settings()
    repository, branch = settings["repository"], settings["branch"]
    rows = []
    for lesson in lessons:
        path = f"notebooks/{lesson.name}/{lesson.notebook}"
        colab = f"{notebooks.COLAB}/github/{settings['slug']}/blob/{branch}/{path}"
        title = lesson_title(release / lesson.name / lesson.notebook)
        rows.append(f"| {title} | [Open in Colab]({colab}) | [`{path}`]({path}) |")
    table = "\n".join(rows)
    return f"""# Fundamentals of machine learning

Seven short lessons, each a Jupyter notebook with graded exercises.

| lesson | run in the browser | file |
|---|---|---|
{table}

## In Colab (nothing to install)

Click *Open in Colab*. The first code cell installs this course's `helpers`
package; then run the cells top to bottom. Save a copy to your Drive
(*File → Save a copy in Drive*) before you write your answers.

## On your computer

With Python 3.10 or newer, in this folder:

```bash
python3 course.py lab
```

The first run installs everything into `.venv/` (a few minutes), then opens
JupyterLab on `my-work/`, your own copy of the lessons. Later versions of a
lesson never overwrite your work: a changed lesson is saved beside yours as
`<notebook> (release <date>).ipynb`. (By hand: `python -m venv .venv`,
`pip install .`, `pip install jupyterlab`, then open a copy of `notebooks/`.)

Lessons train for real (a few minutes each on a laptop CPU). To try a lesson
quickly with small data and few epochs, set `COURSE_MODE=fast` before
starting Jupyter; `COURSE_MODE=full` (the default) gives the lesson's numbers.

## Handing in

Write your answers in the cells that say `YOUR CODE HERE` or `YOUR ANSWER
HERE`, run the test cell under each exercise, and upload the notebook file
with its original name (e.g. `{lessons[0].notebook if lessons else "lesson.ipynb"}`).
The check cells run the visible checks; your instructor's grader runs
them again, with more cases, on your functions. Editing a check cell changes
nothing (it is restored before grading).

Source: {repository} (branch `{branch}`).
"""


def build(
    root: Path, release: Path, lessons: Sequence[LessonLike], out: Path
) -> list[str]:
    """Write the bundle to ``out`` and ``out.zip``; raise LeakError if any
    file would publish solutions or hidden tests. Returns lines to print."""
    if not lessons:
        raise LeakError("no lessons to bundle")
    for needed in ("helpers", "pyproject.toml"):
        if not (root / needed).exists():
            raise LeakError(f"no {needed} in {root}: bundle from the course repository")
    missing = [
        f"{lesson.name}/{lesson.notebook}"
        for lesson in lessons
        if not (release / lesson.name / lesson.notebook).is_file()
    ]
    if missing:
        raise LeakError(
            f"no release for {', '.join(missing)}: "
            "run python -m tools.notebooks release"
        )
    if out.exists():
        shutil.rmtree(out)
    (out / "notebooks").mkdir(parents=True)
    for lesson in lessons:
        target = out / "notebooks" / lesson.name
        target.mkdir()
        shutil.copy2(release / lesson.name / lesson.notebook, target / lesson.notebook)
    shutil.copytree(
        root / "helpers",
        out / "helpers",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    (out / "pyproject.toml").write_text(student_pyproject(root), encoding="utf-8")
    shutil.copy2(root / "course.py", out / "course.py")
    (out / ".gitignore").write_text(STUDENT_GITIGNORE, encoding="utf-8")
    (out / "README.md").write_text(student_readme(release, lessons), encoding="utf-8")
    public = list((out / "helpers").rglob("*.py"))
    secrets = {
        f"notebooks/{lesson.name}/{lesson.notebook}": secret_lines(
            [root / "solutions" / lesson.name / lesson.notebook], public
        )
        for lesson in lessons
    }
    hidden = hidden_lines(root / "tools" / "grading" / "hidden", public)
    for path in out.rglob("*"):
        if path.is_file():
            key = path.relative_to(out).as_posix()
            secrets[key] = {**secrets.get(key, {}), **hidden}
    problems = leaks(out, secrets)
    private = notebooks.course_settings()["private_repository"]
    named = re.compile(re.escape(private) + r"(?![\w.-])")
    problems += [
        f"{p.relative_to(out)}: names the private repository {private}"
        for p in out.rglob("*")
        if p.is_file() and named.search(p.read_text(errors="replace"))
    ]
    if problems:
        shutil.rmtree(out)
        raise LeakError(
            "the bundle would leak instructor material:\n  " + "\n  ".join(problems)
        )
    archive = out.with_suffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            bundle.write(path, Path(out.name) / path.relative_to(out))
    files = sum(1 for p in out.rglob("*") if p.is_file())
    checked = sum(len(lines) for lines in secrets.values())
    return [
        f"bundle: {out} ({files} files: {len(lessons)} lesson notebook(s), helpers/, "
        "pyproject.toml, course.py, .gitignore, README.md)",
        f"zip:    {archive}",
        f"checked: no nbgrader markers, none of {checked} solution or hidden-test "
        "lines",
    ]
