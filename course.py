#!/usr/bin/env python3
"""One entry point for the course: set up, open, test, grade.

    python3 course.py lab        set up (first run only) and open JupyterLab
    python3 course.py test       set up (first run only) and run the test suite
    python3 course.py setup      only set up
    python3 course.py grade ...  instructor commands (docs/instructors.md)

Setting up means: a virtual environment in `.venv/` with the `helpers`
package (editable) and the course tools from `pyproject.toml`. It is redone
only when `pyproject.toml` or the Python version changes, so every command is
safe to re-run. Only the standard library is used here, so this file runs on
any Python 3.10+ before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".course-setup"
MIN_PYTHON = (3, 10)


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


def main(argv: list[str]) -> None:
    command, *rest = argv or ["--help"]
    if command in ("-h", "--help", "help"):
        print(__doc__)
        return
    if command not in ("setup", "lab", "test", "grade"):
        sys.exit(f"Unknown command {command!r}. Try: python3 course.py --help")
    python = set_up()
    if command == "lab":
        exec_in_venv(
            python,
            [
                "-m",
                "jupyter",
                "lab",
                f"--ServerApp.root_dir={ROOT}",
                "--LabApp.default_url=/lab/tree/notebooks",
                *rest,
            ],
        )
    elif command == "test":
        exec_in_venv(python, ["-m", "pytest", *rest])
    elif command == "grade":
        exec_in_venv(python, ["-m", "tools.grading", *rest])


if __name__ == "__main__":
    main(sys.argv[1:])
