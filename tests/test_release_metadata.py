"""Releases store the kernel metadata JupyterLab writes, so a release opened
and saved unchanged is neither marked as modified nor changed on disk."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from tools import notebooks

LESSON = "07-kfold-validation"


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("release")
    notebooks.generate_releases(target, [LESSON])
    (path,) = (target / LESSON).glob("*.ipynb")
    return path


def test_kernel_metadata_is_what_ipykernel_reports():
    from ipykernel.ipkernel import IPythonKernel
    from ipykernel.kernelspec import get_kernel_dict

    metadata = notebooks.kernel_metadata()
    assert metadata["kernelspec"] == {
        "display_name": get_kernel_dict()["display_name"],
        "language": "python",
        "name": "python3",
    }
    assert metadata["language_info"] == IPythonKernel.language_info
    assert metadata["language_info"]["version"]  # JupyterLab compares it too


def test_a_fresh_release_stores_it_in_jupyters_own_layout(fresh_release):
    text = fresh_release.read_text(encoding="utf-8")
    notebook = nbformat.reads(text, as_version=4)
    for key, value in notebooks.kernel_metadata().items():
        assert notebook.metadata[key] == value
    # What Jupyter's server writes when JupyterLab saves it unchanged:
    assert text == nbformat.writes(notebook) + "\n"


def test_drift_check_ignores_only_the_python_version(fresh_release, tmp_path):
    other = tmp_path / fresh_release.name
    notebook = json.loads(fresh_release.read_text(encoding="utf-8"))
    notebook["metadata"]["language_info"]["version"] = "3.99.0"
    other.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    assert notebooks.same_release(fresh_release, other)
    notebook["cells"][0]["source"] = "changed"
    other.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    assert not notebooks.same_release(fresh_release, other)
