"""Maintain the lesson notebooks: headers, releases, drift checks.

    python -m tools.notebooks headers   rewrite badges and Colab setup cells
                                        in solutions/ from pyproject.toml
    python -m tools.notebooks release   regenerate notebooks/ from solutions/
                                        (nbgrader generate_assignment)
    python -m tools.notebooks check     fail if either of the above would
                                        change anything (used by the tests)

The repository URL lives in one place: ``[tool.course]`` in pyproject.toml.

Releases store the kernel metadata JupyterLab writes when it opens a notebook
with ipykernel's ``python3`` kernel (:func:`kernel_metadata`), so a release
opened and saved unchanged is not marked as modified, and saves byte for
byte as it was. Only ``language_info.version`` (the Python version) differs
between machines; the drift check ignores it, and ``course.py lab`` writes
the student's own version into their copies.
"""

from __future__ import annotations

import argparse
import copy
import filecmp
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from traitlets.config import Config, PyFileConfigLoader

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

from tools.lessons import RELEASES, ROOT, Lesson, LessonError, lessons

BADGES_START, BADGES_END = "<!-- badges -->", "<!-- /badges -->"
COLAB_SETUP_ID = "colab_setup"
DISTRIBUTION = "ml-fundamentals-course"
COLAB = "https://colab.research.google.com"
COLAB_BADGE = f"{COLAB}/assets/colab-badge.svg"
GITHUB_BADGE = "https://img.shields.io/badge/view%20on-GitHub-181717?logo=github"


def course_settings() -> dict[str, str]:
    """``[tool.course]`` from pyproject.toml. ``repository`` and ``slug``
    name the student repository (what badges, Colab links and the Colab
    install cell use); ``private_repository`` the one with ``solutions/``."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        settings = tomllib.load(file)["tool"]["course"]
    found = {}
    for key in ("repository", "student_repository"):
        url = str(settings[key]).rstrip("/")
        match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+)", url)
        if not match:
            raise SystemExit(f"[tool.course] {key} must be a GitHub URL, got {url}")
        found[key] = (url, match.group(1))
    if found["repository"][0] == found["student_repository"][0]:
        raise SystemExit(
            "[tool.course] student_repository must differ from repository, which "
            "holds the solutions"
        )
    return {
        "repository": found["student_repository"][0],
        "slug": found["student_repository"][1],
        "branch": settings["branch"],
        "private_repository": found["repository"][0],
    }


def badge_row(lesson: Lesson, settings: dict[str, str]) -> str:
    """Markdown for the 'Open in Colab' and 'View on GitHub' badges."""
    path = f"notebooks/{lesson.name}/{lesson.notebook}"
    blob = f"blob/{settings['branch']}/{path}"
    colab = f"{COLAB}/github/{settings['slug']}/{blob}"
    github = f"{settings['repository']}/{blob}"
    return (
        f"[![Open in Colab]({COLAB_BADGE})]({colab}) "
        f"[![View on GitHub]({GITHUB_BADGE})]({github})"
    )


def colab_setup_source(settings: dict[str, str]) -> str:
    """The first code cell: installs `helpers` on Colab only, without
    touching Colab's own TensorFlow and Keras (``--no-deps``)."""
    requirement = f"{DISTRIBUTION} @ git+{settings['repository']}@{settings['branch']}"
    return (
        "# On Colab only: install the course's `helpers` package. --no-deps keeps\n"
        "# Colab's own TensorFlow and Keras. Elsewhere this cell does nothing.\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        "    subprocess.run(\n"
        '        [sys.executable, "-m", "pip", "install", "-q", "--no-deps",\n'
        f'         "{requirement}"],\n'
        "        check=True,\n"
        "    )"
    )


def updated_headers(lesson: Lesson, settings: dict[str, str]) -> nbformat.NotebookNode:
    """The lesson's source notebook with badges and Colab cell regenerated."""
    notebook = nbformat.read(lesson.source, as_version=4)
    pattern = re.compile(re.escape(BADGES_START) + ".*?" + re.escape(BADGES_END), re.S)
    badges = f"{BADGES_START}\n{badge_row(lesson, settings)}\n{BADGES_END}"
    title_cells = [
        c
        for c in notebook.cells
        if c.cell_type == "markdown" and pattern.search(c.source)
    ]
    if len(title_cells) != 1:
        raise SystemExit(
            f"{lesson.source}: expected one cell with {BADGES_START} ... {BADGES_END}"
        )
    title_cells[0].source = pattern.sub(lambda _: badges, title_cells[0].source)
    setup_cells = [
        c
        for c in notebook.cells
        if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == COLAB_SETUP_ID
    ]
    if len(setup_cells) != 1:
        raise SystemExit(
            f"{lesson.source}: expected one code cell with grade_id {COLAB_SETUP_ID!r}"
        )
    setup_cells[0].source = colab_setup_source(settings)
    return notebook


def write_headers(check_only: bool, names: list[str] | None = None) -> list[Path]:
    """Rewrite (or, with ``check_only``, list) notebooks whose headers differ."""
    settings = course_settings()
    stale = []
    for lesson in lessons(names):
        text = nbformat.writes(updated_headers(lesson, settings)) + "\n"
        if lesson.source.read_text(encoding="utf-8") != text:
            stale.append(lesson.source)
            if not check_only:
                lesson.source.write_text(text, encoding="utf-8")
    return stale


def nbgrader_config(**overrides: str) -> Config:
    """The course's nbgrader_config.py, with ``Section.option`` overrides."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    for key, value in overrides.items():
        section, option = key.split(".")
        setattr(config[section], option, value)
    return config


def kernel_metadata() -> dict[str, dict]:
    """The ``kernelspec`` and ``language_info`` JupyterLab writes into a
    notebook's metadata once ipykernel's ``python3`` kernel is running (it
    copies the kernel spec's names and the kernel's ``language_info`` reply)."""
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.kernelspec import KERNEL_NAME, get_kernel_dict

    spec = get_kernel_dict()
    return {
        "kernelspec": {
            "display_name": spec["display_name"],
            "language": spec["language"],
            "name": KERNEL_NAME,
        },
        "language_info": copy.deepcopy(IPythonKernel.language_info),
    }


def store_kernel_metadata(path: Path) -> None:
    """Give the notebook at ``path`` the metadata of :func:`kernel_metadata`."""
    notebook = nbformat.read(path, as_version=4)
    notebook.metadata.update(copy.deepcopy(kernel_metadata()))
    nbformat.write(notebook, path)


def generate_releases(target: Path, names: list[str] | None = None) -> None:
    """Run nbgrader generate_assignment for the lessons into ``target``,
    with a throwaway gradebook so the instructor's is never touched, and
    store the kernel metadata JupyterLab would write (:func:`kernel_metadata`)."""
    from nbgrader.apps import NbGraderAPI

    with tempfile.TemporaryDirectory() as scratch:
        config = nbgrader_config(
            **{
                "CourseDirectory.root": str(ROOT),
                "CourseDirectory.release_directory": str(target),
                "CourseDirectory.db_url": f"sqlite:///{Path(scratch) / 'gradebook.db'}",
                "Exchange.root": scratch,
            }
        )
        # nbgrader shells out to `alembic`, which lives beside this Python.
        bin_dir = str(Path(sys.executable).parent)
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
        api = NbGraderAPI(config=config)
        for lesson in lessons(names):
            result = api.generate_assignment(lesson.name, force=True)
            if not result["success"]:
                log = result.get("log", "") + result.get("error", "")
                raise SystemExit(f"nbgrader failed for {lesson.name}:\n{log}")
            store_kernel_metadata(target / lesson.name / lesson.notebook)


def release_differences() -> list[str]:
    """Paths under notebooks/ that differ from a fresh generation."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "release"
        generate_releases(fresh)
        return _compare_trees(fresh, RELEASES)


def _without_python_version(path: Path) -> object:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        data.get("metadata", {}).get("language_info", {}).pop("version", None)
    return data


def same_release(fresh: Path, committed: Path) -> bool:
    """Whether two release files match, ignoring the Python version a
    notebook's ``language_info`` records (it is the generating machine's)."""
    if filecmp.cmp(fresh, committed, shallow=False):
        return True
    if fresh.suffix != ".ipynb":
        return False
    try:
        return _without_python_version(fresh) == _without_python_version(committed)
    except ValueError:  # not JSON
        return False


def _compare_trees(fresh: Path, committed: Path) -> list[str]:
    fresh_files = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
    committed_files = {
        p.relative_to(committed)
        for p in committed.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }
    differences = [
        f"missing: notebooks/{p}" for p in sorted(fresh_files - committed_files)
    ]
    differences += [
        f"not generated: notebooks/{p}" for p in sorted(committed_files - fresh_files)
    ]
    differences += [
        f"differs: notebooks/{p}"
        for p in sorted(fresh_files & committed_files)
        if not same_release(fresh / p, committed / p)
    ]
    return differences


def write_releases(names: list[str] | None = None) -> None:
    """Replace notebooks/<lesson>/ with a fresh generation from solutions/
    (all lessons by default; then stale lesson folders are removed too)."""
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "release"
        generate_releases(fresh, names)
        if not names and RELEASES.exists():
            shutil.rmtree(RELEASES)
        for folder in sorted(fresh.iterdir()):
            shutil.rmtree(RELEASES / folder.name, ignore_errors=True)
            shutil.copytree(folder, RELEASES / folder.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["headers", "release", "check"])
    parser.add_argument("lessons", nargs="*", help="lesson folders (default: all)")
    arguments = parser.parse_args(argv)
    command, names = arguments.command, arguments.lessons or None
    if command == "headers":
        for path in write_headers(check_only=False, names=names):
            print(f"updated {path.relative_to(ROOT)}")
    elif command == "release":
        write_headers(check_only=False, names=names)
        write_releases(names)
        print(f"regenerated {', '.join(names or ['all lessons'])} in notebooks/")
    else:
        problems = [
            f"headers out of date: {p.relative_to(ROOT)}"
            for p in write_headers(check_only=True)
        ]
        problems += release_differences()
        if problems:
            print("\n".join(problems))
            print("Fix with: python -m tools.notebooks release")
            return 1
        print("notebooks/ matches solutions/")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except LessonError as error:
        sys.exit(str(error))
