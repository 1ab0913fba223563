"""Packaging: one source of truth for dependencies, and the bootstrap script."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib


def pyproject() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)


def conda_pip_requirements() -> list[str]:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_lists = [d["pip"] for d in environment["dependencies"] if isinstance(d, dict)]
    assert len(pip_lists) == 1, "environment.yml needs exactly one pip: list"
    return [r for r in pip_lists[0] if not r.startswith("-")]


def test_environment_yml_installs_exactly_the_pyproject_dependencies():
    project = pyproject()["project"]
    expected = project["dependencies"] + project["optional-dependencies"]["course"]
    assert sorted(conda_pip_requirements()) == sorted(expected)


def test_environment_yml_python_matches_requires_python():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    minimum = re.fullmatch(
        r">=(\d+\.\d+)", pyproject()["project"]["requires-python"]
    ).group(1)
    assert f"python>={minimum}" in environment["dependencies"]


def test_tensorflow_not_tensorflow_cpu():
    """Colab's preinstalled TensorFlow must not be replaced."""
    names = [
        re.split(r"[<>=;\s]", r)[0] for r in pyproject()["project"]["dependencies"]
    ]
    assert "tensorflow" in names and "tensorflow-cpu" not in names


def test_helpers_is_installed_from_this_checkout():
    import helpers

    assert (ROOT / "helpers").resolve() == __import__("pathlib").Path(
        helpers.__file__
    ).parent.resolve()


def test_bootstrap_rejects_unknown_commands_and_documents_itself():
    result = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "--help"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "course.py lab" in result.stdout
    result = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "tset"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "Unknown command 'tset'" in result.stderr


@pytest.mark.skipif(not (ROOT / ".venv").exists(), reason="no course .venv here")
def test_bootstrap_setup_is_skipped_when_up_to_date():
    """Once set up, `course.py setup` finds its stamp and installs nothing."""
    command = [sys.executable, str(ROOT / "course.py"), "setup"]
    first = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0
    assert "Installing" not in again.stdout
