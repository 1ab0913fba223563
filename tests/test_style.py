"""Style: ruff lints every Python file and notebook, and formats .py files."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def ruff(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *arguments, str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_ruff_lint_is_clean():
    result = ruff("check", "--output-format", "concise")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = ruff("format", "--check")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    """Types of helpers, tools and benchmarks ([tool.mypy] in pyproject)."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
