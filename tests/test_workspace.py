"""The student's workspace and JupyterLab set-up in course.py.

`course.py lab` copies the releases to a git-ignored folder on the first run,
never overwrites the student's files there, offers a newer release beside
them, and opens JupyterLab without nbgrader's instructor tools.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import course
from tests.conftest import ROOT
from tools import notebooks
from tools.lessons import lessons

LESSON = "07-kfold-validation/kfold_validation.ipynb"


@pytest.fixture
def releases(tmp_path: Path) -> Path:
    """A copy of the real releases the test may change (under a dot-folder,
    as in ~/.local/..., which must not matter)."""
    copy = tmp_path / ".hidden" / "notebooks"
    shutil.copytree(ROOT / "notebooks", copy)
    (copy / ".ipynb_checkpoints").mkdir()
    (copy / ".ipynb_checkpoints" / "x-checkpoint.ipynb").write_text("{}")
    return copy


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_first_run_copies_every_release(releases, tmp_path):
    workspace = tmp_path / "my-work"
    messages = course.sync_workspace(releases, workspace, today="2026-12-02")
    assert len(messages) == 1 and "Made your copy" in messages[0]
    copied = snapshot(workspace)
    copied.pop(course.MANIFEST)
    released = snapshot(releases)
    released.pop(".ipynb_checkpoints/x-checkpoint.ipynb")
    assert copied == released and len(copied) == len(lessons())


def test_second_run_keeps_the_students_edits(releases, tmp_path):
    workspace = tmp_path / "my-work"
    course.sync_workspace(releases, workspace)
    answer = workspace / LESSON
    answer.write_text(answer.read_text().replace("YOUR CODE HERE", "my answer"))
    edited = snapshot(workspace)
    assert course.sync_workspace(releases, workspace) == []
    assert snapshot(workspace) == edited


def test_a_newer_release_is_saved_beside_the_students_file_once(releases, tmp_path):
    workspace = tmp_path / "my-work"
    course.sync_workspace(releases, workspace)
    (workspace / LESSON).write_text("the student's own work")
    release = releases / LESSON
    release.write_text(release.read_text().replace("Lesson 7", "Lesson 7 (fixed)"))

    messages = course.sync_workspace(releases, workspace, today="2026-12-02")

    assert (workspace / LESSON).read_text() == "the student's own work"
    beside = (
        workspace / "07-kfold-validation/kfold_validation (release 2026-12-02).ipynb"
    )
    assert beside.read_bytes() == release.read_bytes()
    assert len(messages) == 1 and "\n" not in messages[0]
    assert beside.name in messages[0] and "unchanged" in messages[0]
    before = snapshot(workspace)
    assert course.sync_workspace(releases, workspace, today="2026-12-03") == []
    assert snapshot(workspace) == before


def test_an_unopened_lesson_is_not_overwritten_either(releases, tmp_path):
    """Even a file the student never changed stays: updates go beside it."""
    workspace = tmp_path / "my-work"
    course.sync_workspace(releases, workspace)
    original = (workspace / LESSON).read_bytes()
    release = releases / LESSON
    release.write_text(release.read_text().replace("Lesson 7", "Lesson 7 (v2)"))
    course.sync_workspace(releases, workspace, today="2026-12-02")
    release.write_text(release.read_text().replace("(v2)", "(v3)"))
    messages = course.sync_workspace(releases, workspace, today="2026-12-02")
    assert (workspace / LESSON).read_bytes() == original
    third = (
        workspace / "07-kfold-validation/kfold_validation (release 2026-12-02, 2).ipynb"
    )
    assert "(v3)" in third.read_text() and third.name in messages[0]


def test_a_new_lesson_is_added(releases, tmp_path):
    workspace = tmp_path / "my-work"
    course.sync_workspace(releases, workspace)
    new = releases / "08-new-lesson" / "new.ipynb"
    new.parent.mkdir()
    new.write_text("{}")
    messages = course.sync_workspace(releases, workspace)
    assert (workspace / "08-new-lesson" / "new.ipynb").read_text() == "{}"
    assert messages == ["Added to your copy: my-work/08-new-lesson/new.ipynb"]


def test_copies_carry_the_kernel_metadata_jupyterlab_writes(releases, tmp_path):
    kernel = course.kernel_metadata(Path(sys.executable))
    assert kernel == notebooks.kernel_metadata()
    workspace = tmp_path / "my-work"
    course.sync_workspace(releases, workspace, kernel=kernel)
    copy = nbformat.read(workspace / LESSON, as_version=4)
    release = nbformat.read(releases / LESSON, as_version=4)
    assert {key: copy.metadata[key] for key in kernel} == kernel
    assert copy.cells == release.cells
    # nbformat's own layout, so a save from JupyterLab changes no byte:
    assert (workspace / LESSON).read_text() == nbformat.writes(copy) + "\n"


def test_the_workspace_is_git_ignored_and_no_instructor_tool_reads_it():
    assert course.WORKSPACE == ROOT / "my-work"
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "my-work/07-kfold-validation/x.ipynb"], cwd=ROOT
    )
    assert ignored.returncode == 0, ".gitignore must list /my-work/"
    config = notebooks.nbgrader_config().CourseDirectory
    nbgrader_folders = {
        config[name]
        for name in (
            "source_directory",
            "release_directory",
            "submitted_directory",
            "autograded_directory",
            "feedback_directory",
        )
        if name in config
    } | {"source", "release", "submitted", "autograded", "feedback"}
    assert course.WORKSPACE.name not in nbgrader_folders
    assert course.WORKSPACE.name not in {lesson.name for lesson in lessons()}


# ------------------------------------------------------------------ JupyterLab


def test_student_lab_serves_the_workspace_without_instructor_extensions(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(course, "is_root", lambda: False)
    arguments = course.lab_arguments(instructor=False, workspace=tmp_path)
    assert f"--ServerApp.root_dir={tmp_path}" in arguments
    for name in course.STUDENT_DISABLED_SERVER_EXTENSIONS:
        assert f"--ServerApp.jpserver_extensions={name}=False" in arguments
    assert not any("validate_assignment" in a for a in arguments)
    instructor = course.lab_arguments(instructor=True)
    assert f"--ServerApp.root_dir={ROOT}" in instructor
    assert not any("jpserver_extensions" in a for a in instructor)


def test_hidden_plugins_exist_and_validate_stays(tmp_path):
    environment = course.jupyter_settings(Path(sys.executable), tmp_path, student=True)
    page_config = tmp_path / "student" / "labconfig" / "page_config.json"
    disabled = json.loads(page_config.read_text())["disabledExtensions"]
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    assert "@jupyter/nbgrader:formgrader" in disabled
    labextension = Path(sys.prefix, "share/jupyter/labextensions/@jupyter/nbgrader")
    code = "".join(p.read_text() for p in labextension.glob("static/*.js"))
    for plugin in disabled:
        if plugin.startswith("@jupyter/nbgrader:"):
            assert plugin in code, f"nbgrader has no plugin {plugin} any more"
    paths = environment["JUPYTER_CONFIG_PATH"].split(os.pathsep)
    assert paths[0] == str(tmp_path / "student")
    kernel = json.loads(
        (tmp_path / "share/jupyter/kernels/python3/kernel.json").read_text()
    )
    assert "--IPKernelApp.extensions=helpers.quiet" in kernel["argv"]
    assert kernel["env"]["TF_CPP_MIN_LOG_LEVEL"] == "2"
    assert environment["JUPYTER_PATH"].split(os.pathsep)[0] == str(
        tmp_path / "share" / "jupyter"
    )
    instructor = course.jupyter_settings(
        Path(sys.executable), tmp_path / "i", student=False
    )
    assert "JUPYTER_CONFIG_PATH" not in instructor


def test_as_root_lab_allows_root_and_warns_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 0, raising=False)
    arguments = course.lab_arguments(instructor=False, workspace=tmp_path)
    assert arguments.count("--allow-root") == 1
    warning = capsys.readouterr().err
    assert warning.count("\n") == 1 and "root" in warning
    again = course.lab_arguments(
        instructor=False, workspace=tmp_path, extra=["--allow-root"]
    )
    assert again.count("--allow-root") == 1


def test_as_a_normal_user_lab_adds_nothing(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(os, "geteuid", lambda: 1000, raising=False)
    arguments = course.lab_arguments(instructor=False, workspace=tmp_path)
    assert "--allow-root" not in arguments
    assert capsys.readouterr().err == ""


def test_help_names_the_student_and_instructor_commands():
    result = subprocess.run(
        [sys.executable, str(ROOT / "course.py"), "--help"],
        capture_output=True,
        text=True,
    )
    assert "course.py lab --instructor" in result.stdout
    assert "my-work/" in result.stdout


def test_a_damaged_manifest_loses_no_work(releases, tmp_path):
    workspace = tmp_path / "my-work"
    course.sync_workspace(releases, workspace)
    (workspace / LESSON).write_text("the student's own work")
    (workspace / course.MANIFEST).write_text("{not json")
    messages = course.sync_workspace(releases, workspace, today="2026-12-02")
    assert (workspace / LESSON).read_text() == "the student's own work"
    assert len(messages) == 1 and "release 2026-12-02" in messages[0]
    assert course.sync_workspace(releases, workspace) == []
