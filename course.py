#!/usr/bin/env python3
"""One entry point for the course: set up, open, test, grade.

    python3 course.py lab               set up (first run only) and open
                                        JupyterLab on your own copy of the
                                        lessons, my-work/
    python3 course.py lab --instructor  JupyterLab on the course folder, with
                                        nbgrader's instructor tools
    python3 course.py test              set up (first run only), run the tests
    python3 course.py setup             only set up
    python3 course.py grade ...         instructor commands (docs/instructors.md)

`lab` copies `notebooks/` (the releases) to `my-work/` on the first run and
opens JupyterLab there. Later releases never overwrite your work: a changed
lesson is saved beside yours as `<notebook> (release <date>).ipynb`, with a
one-line message. Students' JupyterLab has nbgrader's Validate button but no
instructor tools (Formgrader, Create Assignment, Assignment List). Options
after `lab` go to JupyterLab (e.g. `--port 8890`).

Setting up means: a virtual environment in `.venv/` with the `helpers`
package (editable) and the course tools from `pyproject.toml`. It is redone
only when `pyproject.toml` or the Python version changes, so every command is
safe to re-run. Only the standard library is used here, so this file runs on
any Python 3.10+ before anything is installed.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-setup"
MIN_PYTHON = (3, 10)

RELEASES = ROOT / "notebooks"
WORKSPACE = ROOT / "my-work"
"""The student's own copy of the lessons (git-ignored; no tool writes there
except `lab`, which only adds files)."""
MANIFEST = ".releases.json"
"""In the workspace: for each file, the release it was copied from and the
newer releases already offered beside it (SHA-256 of their bytes)."""
JUPYTER_DIR = VENV / "course-jupyter"
"""Generated Jupyter settings: the course kernel and the students' lab config."""

KERNEL_NAME = "python3"
KERNEL_DISPLAY_NAME = "Python 3 (ipykernel)"
"""As ipykernel names its kernel, and as the releases store it (tools/notebooks.py):
JupyterLab rewrites a notebook's kernelspec with these on open."""
KERNEL_LANGUAGE_INFO = (
    "import json; from ipykernel.ipkernel import IPythonKernel; "
    "print(json.dumps(IPythonKernel.language_info))"
)
"""Prints what the kernel reports as ``language_info`` (run by its Python)."""
KERNEL_ENVIRONMENT = {"TF_CPP_MIN_LOG_LEVEL": "2"}
"""Must be set before TensorFlow is imported (see helpers/quiet.py)."""
STUDENT_DISABLED_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:assignment-list",
    "@jupyter/nbgrader:course-list",
    "@jupyter/nbgrader:menu",
    "@jupyterlab/apputils-extension:announcements",
)
"""nbgrader's instructor and exchange UI (its validate-assignment plugin
stays), and JupyterLab's "get notified about Jupyter news?" pop-up."""
STUDENT_DISABLED_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
)
"""The server side of the same; validate_assignment stays."""


def venv_python() -> Path:
    """Path of the virtual environment's interpreter on this platform."""
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def setup_fingerprint() -> str:
    """What the installed environment depends on: pyproject and Python."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def set_up() -> Path:
    """Create and fill `.venv/` unless it is already up to date."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(
            f"This course needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
            f"this is {sys.version.split()[0]}."
        )
    python = venv_python()
    fingerprint = setup_fingerprint()
    if python.exists() and STAMP.exists() and STAMP.read_text() == fingerprint:
        return python
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except Exception as error:  # ensurepip missing on some Linux distributions
            sys.exit(
                f"Could not create {VENV}: {error}\n"
                "On Debian/Ubuntu install the venv module first: "
                "sudo apt install python3-venv"
            )
    print("Installing the course (first run: a few minutes) ...", flush=True)
    install = [str(python), "-m", "pip", "install", "--quiet", "--progress-bar", "off"]
    run(install + ["--upgrade", "pip"])
    run(install + ["--editable", f"{ROOT}[course]"])
    STAMP.write_text(fingerprint)
    print("Set-up complete.", flush=True)
    return python


def run(command: list[str]) -> None:
    """Run a command; stop with its exit code if it fails."""
    completed = subprocess.run(command, cwd=ROOT)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def exec_in_venv(python: Path, arguments: list[str]) -> None:
    """Replace this process with `python arguments...` from the course root."""
    os.chdir(ROOT)
    # Tools such as nbgrader call sibling executables (alembic) by name.
    bin_dir = str(python.parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    os.environ["VIRTUAL_ENV"] = str(VENV)
    if os.name == "nt":  # os.exec* does not forward exit codes well on Windows
        sys.exit(subprocess.run([str(python), *arguments]).returncode)
    os.execv(str(python), [str(python), *arguments])


# ------------------------------------------------------------------ workspace


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _copy_release(source: Path, target: Path, kernel: dict | None) -> None:
    """Copy a release file. A notebook gets the ``kernel`` metadata (see
    :func:`kernel_metadata`), so JupyterLab finds nothing to rewrite on open."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.suffix != ".ipynb" or not kernel:
        shutil.copyfile(source, target)
        return
    notebook = json.loads(source.read_text(encoding="utf-8"))
    metadata = notebook.setdefault("metadata", {})
    if all(metadata.get(key) == value for key, value in kernel.items()):
        shutil.copyfile(source, target)
        return
    metadata.update(kernel)
    text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False)
    target.write_text(text + "\n", encoding="utf-8")  # nbformat's layout


def _beside(target: Path, today: str) -> Path:
    """A free name next to ``target`` for a newer release of it."""
    stem, suffix = target.stem, target.suffix
    candidate = target.with_name(f"{stem} (release {today}){suffix}")
    number = 2
    while candidate.exists():
        candidate = target.with_name(f"{stem} (release {today}, {number}){suffix}")
        number += 1
    return candidate


def _release_files(releases: Path) -> list[Path]:
    """Files under ``releases``, relative to it; no dot-files or dot-folders
    (such as ``.ipynb_checkpoints``)."""
    found = (p.relative_to(releases) for p in releases.rglob("*") if p.is_file())
    return sorted(p for p in found if not any(s.startswith(".") for s in p.parts))


def sync_workspace(
    releases: Path = RELEASES,
    workspace: Path = WORKSPACE,
    kernel: dict | None = None,
    today: str | None = None,
) -> list[str]:
    """Bring the student's workspace up to date with the releases, never
    overwriting a file in it; return one message line per change.
    Notebooks get the ``kernel`` metadata (:func:`kernel_metadata`).

    * First run: the workspace is made as a copy of ``releases``.
    * A release file missing from the workspace (a new lesson) is copied.
    * A release newer than the one a workspace file was copied from is
      saved beside it as ``<name> (release <today>).ipynb``, once.
    """
    today = today or datetime.date.today().isoformat()
    first_run = not workspace.exists()
    manifest_path = workspace / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):  # none yet, or damaged: files are still kept
        manifest = {}
    messages = []
    for relative in _release_files(releases):
        source, target = releases / relative, workspace / relative
        digest, key = _digest(source), relative.as_posix()
        entry = manifest.setdefault(key, {"release": None, "offered": []})
        if not target.exists():
            _copy_release(source, target, kernel)
            entry.update(release=digest, offered=[])
            if not first_run:
                messages.append(f"Added to your copy: {workspace.name}/{key}")
        elif digest != entry["release"] and digest not in entry["offered"]:
            if entry["release"] is None and _digest(target) == digest:
                entry["release"] = digest  # an exact copy made before the manifest
                continue
            newer = _beside(target, today)
            _copy_release(source, newer, kernel)
            entry["offered"].append(digest)
            messages.append(
                f"Newer release of {key}: saved beside yours as "
                f"{workspace.name}/{newer.relative_to(workspace).as_posix()} "
                "(your file is unchanged)"
            )
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    if first_run:
        shown = (
            workspace.relative_to(ROOT) if workspace.is_relative_to(ROOT) else workspace
        )
        messages.insert(
            0,
            f"Made your copy of the lessons in {shown}/ (from "
            f"{releases.name}/): work there; updates never overwrite it.",
        )
    return messages


# -------------------------------------------------------------------- jupyter


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _prepend_path(variable: str, directory: Path) -> str:
    """``directory`` first in a search-path variable, the current value after."""
    return os.pathsep.join(filter(None, [str(directory), os.environ.get(variable)]))


def jupyter_settings(python: Path, directory: Path, *, student: bool) -> dict[str, str]:
    """Write the course's Jupyter settings under ``directory``; return the
    environment variables that make Jupyter (and its kernels) use them.

    * ``share/jupyter/kernels/python3``: the course kernel. It replaces the
      default ``python3`` kernel for this server (``JUPYTER_PATH`` comes
      first) and for nbgrader's Validate, sets :data:`KERNEL_ENVIRONMENT`
      and loads ``helpers.quiet`` before the first cell.
    * ``student/labconfig/page_config.json`` (students only): hides
      :data:`STUDENT_DISABLED_PLUGINS` (``JUPYTER_CONFIG_PATH``).
    """
    kernel_environment = {
        name: os.environ.get(name, value) for name, value in KERNEL_ENVIRONMENT.items()
    }
    kernel_argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {
        "argv": [*kernel_argv, "--IPKernelApp.extensions=helpers.quiet"],
        "display_name": KERNEL_DISPLAY_NAME,
        "language": "python",
        "env": kernel_environment,
        "metadata": {"debugger": True},
    }
    data = directory / "share" / "jupyter"
    _write_json(data / "kernels" / KERNEL_NAME / "kernel.json", kernel)
    environment = {
        **kernel_environment,
        "JUPYTER_PATH": _prepend_path("JUPYTER_PATH", data),
    }
    if student:
        config = directory / "student"
        disabled = dict.fromkeys(STUDENT_DISABLED_PLUGINS, True)
        _write_json(
            config / "labconfig" / "page_config.json", {"disabledExtensions": disabled}
        )
        environment["JUPYTER_CONFIG_PATH"] = _prepend_path(
            "JUPYTER_CONFIG_PATH", config
        )
    return environment


def is_root() -> bool:
    """Whether this process runs as root (never on Windows)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


def lab_arguments(
    *, instructor: bool, workspace: Path = WORKSPACE, extra: list[str] | None = None
) -> list[str]:
    """The ``python -m jupyter lab ...`` arguments for the student's lab
    (on ``workspace``, no instructor server extensions) or the instructor's
    (on the course root). As root, adds ``--allow-root`` and warns."""
    extra = list(extra or [])
    arguments = ["-m", "jupyter", "lab"]
    if instructor:
        arguments += [f"--ServerApp.root_dir={ROOT}", "--LabApp.default_url=/lab"]
    else:
        arguments += [f"--ServerApp.root_dir={workspace}", "--LabApp.default_url=/lab"]
        arguments += [
            f"--ServerApp.jpserver_extensions={name}=False"
            for name in STUDENT_DISABLED_SERVER_EXTENSIONS
        ]
    if is_root() and "--allow-root" not in extra:
        print(
            "Warning: running as root; JupyterLab gets --allow-root "
            "(a normal user account is safer).",
            file=sys.stderr,
            flush=True,
        )
        arguments.append("--allow-root")
    return [*arguments, *extra]


def kernel_metadata(python: Path) -> dict | None:
    """The notebook metadata JupyterLab writes for the course kernel run by
    ``python``: ``kernelspec`` and ipykernel's ``language_info`` (which holds
    the Python version). ``None`` if ipykernel cannot say."""
    completed = subprocess.run(
        [str(python), "-c", KERNEL_LANGUAGE_INFO],
        capture_output=True,
        text=True,
    )
    if completed.returncode != 0:
        return None
    return {
        "kernelspec": {
            "display_name": KERNEL_DISPLAY_NAME,
            "language": "python",
            "name": KERNEL_NAME,
        },
        "language_info": json.loads(completed.stdout),
    }


def open_lab(python: Path, options: list[str]) -> None:
    """``course.py lab [--instructor] [jupyter options]``."""
    instructor = "--instructor" in options
    extra = [option for option in options if option != "--instructor"]
    if not instructor:
        for message in sync_workspace(kernel=kernel_metadata(python)):
            print(message, flush=True)
    os.environ.update(jupyter_settings(python, JUPYTER_DIR, student=not instructor))
    exec_in_venv(python, lab_arguments(instructor=instructor, extra=extra))


MISSING_PART = {
    "test": (
        "tests",
        "This copy of the course has no tests/ folder (the students' copy): "
        "`test` runs in the course repository only.",
    ),
    "grade": (
        "tools/grading",
        "This copy of the course has no grading tools (the students' copy): "
        "instructors grade from the course repository (docs/instructors.md).",
    ),
}
"""Commands that need a part the students' copy of the course leaves out."""


def main(argv: list[str]) -> None:
    command, *rest = argv or ["--help"]
    if command in ("-h", "--help", "help"):
        print(__doc__)
        return
    if command not in ("setup", "lab", "test", "grade"):
        sys.exit(f"Unknown command {command!r}. Try: python3 course.py --help")
    missing = MISSING_PART.get(command)
    if missing and not (ROOT / missing[0]).exists():
        sys.exit(missing[1])
    python = set_up()
    if command == "lab":
        open_lab(python, rest)
    elif command == "test":
        exec_in_venv(python, ["-m", "pytest", *rest])
    elif command == "grade":
        exec_in_venv(python, ["-m", "tools.grading", *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
