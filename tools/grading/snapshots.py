"""Snapshots of the gradebook and the submissions, taken before every
autograde run, and the restore command.

``.nbgrader/snapshots/<UTC time>-<lesson>/`` holds ``gradebook.db`` (an
SQLite online backup) and ``submitted/<student>/<lesson>/`` as handed in
(before repairs). ``grade restore [SNAPSHOT]`` puts both back (the newest
snapshot by default), after snapshotting the current state, so a restore
can itself be undone.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path


def _backup(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
        live.backup(copy)


def take(state: Path, gradebook: Path, submitted: Path, lesson: str) -> Path:
    """Snapshot the gradebook and ``submitted/*/<lesson>``; return its folder."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S.%fZ")
    folder = state / "snapshots" / f"{stamp}-{lesson}"
    folder.mkdir(parents=True)
    if gradebook.exists():
        _backup(gradebook, folder / "gradebook.db")
    for student_folder in sorted(submitted.glob(f"*/{lesson}")):
        if student_folder.is_dir():
            target = folder / "submitted" / student_folder.parent.name / lesson
            shutil.copytree(student_folder, target, symlinks=True)
    return folder


def available(state: Path) -> list[Path]:
    """Snapshot folders, oldest first."""
    root = state / "snapshots"
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []


def restore(state: Path, gradebook: Path, submitted: Path, name: str | None) -> str:
    """Put a snapshot back; return what was done, in one line."""
    found = available(state)
    if not found:
        raise FileNotFoundError(f"no snapshots in {state / 'snapshots'}")
    chosen = found[-1] if name is None else state / "snapshots" / name
    if not chosen.is_dir():
        names = ", ".join(p.name for p in found[-5:])
        raise FileNotFoundError(f"no snapshot {name!r} (newest: {names})")
    lesson = chosen.name.split("-", 1)[1]
    undo = take(state, gradebook, submitted, lesson)
    if (chosen / "gradebook.db").exists():
        _backup(chosen / "gradebook.db", gradebook)
    restored = 0
    for student_folder in sorted((chosen / "submitted").glob(f"*/{lesson}")):
        target = submitted / student_folder.parent.name / lesson
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(student_folder, target, symlinks=True)
        restored += 1
    return (
        f"restored {chosen.name}: gradebook and {restored} submission(s) of "
        f"{lesson}; the state before the restore is in {undo.name}"
    )
