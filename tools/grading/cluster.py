"""Grading tasks on a Dask distributed cluster (``autograde --scheduler``).

The coordinator (the instructor's process) sends each submission's task
(:class:`tools.grading.task.Task`: notebook bytes and the checks' runs, plain
data) to an existing cluster and gets a :class:`~tools.grading.task.TaskResult`
back, as data. Judging and the gradebook stay in the coordinator, exactly as
with local workers.

A task needs nothing of the instructor's files, but two of its arguments are
paths on the coordinator: the bwrap binary (:class:`~tools.grading.sandbox.Sandbox`)
and the datasets folder. On a worker where those paths do not exist, the
worker uses its own: :func:`~tools.grading.sandbox.find_sandbox` and its own
``COURSE_DATA_DIR`` (else its Keras download cache). So every worker needs the
course's virtual environment (with ``tools`` importable, i.e. started from
the course root or with it on ``PYTHONPATH``), bubblewrap with user
namespaces, and the datasets.

A worker that dies costs only the submission it was running (after Dask's
own retries, ``distributed.scheduler.allowed-failures``); a cluster that
returns nothing for longer than a submission may run (plus a margin) costs
the submissions still out. Both are reported with the reason.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tools.grading import sandbox
from tools.grading import task as tasks
from tools.grading.course import GradingError

if TYPE_CHECKING:
    from distributed import Client

    from tools.grading.autograde import Prepared

CONNECT_SECONDS = 30
WORKERS_SECONDS = 120  # how long to wait for a first worker to join
STALL_MARGIN = 300.0  # seconds beyond a submission's own limit

Remote = Callable[
    [tasks.Task, sandbox.Sandbox, "Path | None", sandbox.Limits], tasks.TaskResult
]


@functools.cache
def _own_sandbox() -> sandbox.Sandbox:
    return sandbox.find_sandbox()


def worker_sandbox(box: sandbox.Sandbox) -> sandbox.Sandbox:
    """On a worker: the coordinator's sandbox if its bwrap exists here, else
    this machine's own (raises :class:`~sandbox.SandboxUnavailable` if it
    has none). Unsafe mode stays unsafe: the instructor chose it."""
    if not box.safe or (box.program is not None and box.program.is_file()):
        return box
    return _own_sandbox()


def worker_data(data: Path | None) -> Path | None:
    """On a worker: the coordinator's datasets folder if it exists here,
    else this worker's ``COURSE_DATA_DIR`` or Keras cache."""
    if data is not None and data.is_dir():
        return data
    from tools.grading.autograde import data_folder

    return data_folder()


def execute_remote(
    task: tasks.Task,
    box: sandbox.Sandbox,
    data: Path | None,
    limits: sandbox.Limits,
) -> tasks.TaskResult:
    """What a Dask worker runs: :func:`tools.grading.task.execute` with this
    machine's sandbox and datasets."""
    return tasks.execute(task, worker_sandbox(box), worker_data(data), limits)


def probe_sandbox() -> sandbox.Sandbox | str:
    """On a worker: its sandbox, or why it has none."""
    try:
        return _own_sandbox()
    except sandbox.SandboxUnavailable as error:
        return str(error)


@dataclass
class DaskRunner:
    """Runs tasks on the Dask cluster behind ``client``."""

    client: Client
    address: str
    remote: Remote = execute_remote
    stall_margin: float = STALL_MARGIN

    @property
    def workers(self) -> int:
        """Tasks the cluster runs at once (its worker threads)."""
        return max(1, sum(self.client.nthreads().values()))

    def describe(self) -> str:
        """``4 Dask worker thread(s) at tcp://...``."""
        return f"{self.workers} Dask worker thread(s) at {self.address}"

    def find_sandbox(self) -> sandbox.Sandbox:
        """The workers' sandbox; raise :class:`~sandbox.SandboxUnavailable`
        naming the first worker that has none."""
        found = self.client.run(probe_sandbox)
        for worker, box in sorted(found.items()):
            if isinstance(box, str):
                raise sandbox.SandboxUnavailable(f"Dask worker {worker}: {box}")
        return next(iter(found.values()))

    def run_all(
        self,
        prepared: Sequence[Prepared],
        box: sandbox.Sandbox,
        data: Path | None,
        limits: sandbox.Limits,
        on_result: Callable[[Prepared, tasks.TaskResult], None],
    ) -> None:
        """Submit every task; hand each result to ``on_result`` in this
        thread as it arrives; report the tasks that fail or never return."""
        from distributed import wait

        # One notebook per worker thread, one worker thread per core.
        limits = dataclasses.replace(limits, threads=limits.threads or 1)
        futures = {
            self.client.submit(
                self.remote,
                item.task,
                box,
                data,
                limits,
                key=f"grade-{item.task.student}-{uuid.uuid4().hex[:8]}",
                pure=False,
            ): item
            for item in prepared
        }
        pending = set(futures)
        stall = limits.wall_seconds + self.stall_margin
        while pending:
            try:
                with self.client.as_current():
                    done, pending = wait(
                        pending, timeout=stall, return_when="FIRST_COMPLETED"
                    )
            except TimeoutError:
                for future in pending:
                    future.cancel()
                    futures[future].report.flag(
                        f"no result from the Dask cluster within {stall:.0f} s "
                        "(worker lost or cluster stalled): not graded"
                    )
                return
            for future in done:
                _hand_over(future, futures[future], on_result)


def _hand_over(
    future: Any,
    item: Prepared,
    on_result: Callable[[Prepared, tasks.TaskResult], None],
) -> None:
    """One finished future: its result to ``on_result``, or the reason it
    failed into the submission's report."""
    if future.status == "finished":
        on_result(item, future.result())
        return
    if future.status == "cancelled":
        item.report.flag("the Dask cluster cancelled this task: not graded")
        return
    error = future.exception()
    item.report.flag(
        f"could not run on the Dask cluster: {type(error).__name__}: {error}"
    )


@contextmanager
def connect(address: str) -> Iterator[DaskRunner]:
    """A :class:`DaskRunner` on the scheduler at ``address``, with at least
    one worker; raise :class:`GradingError` saying why not."""
    try:
        from distributed import Client
    except ImportError:
        raise GradingError(
            "--scheduler needs dask distributed: pip install -e '.[course]'"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise GradingError(
            f"cannot reach the Dask scheduler at {address}: {error}"
        ) from None
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise GradingError(
                f"the Dask scheduler at {address} has no workers "
                f"(waited {WORKERS_SECONDS} s)"
            ) from None
        yield DaskRunner(client, address)
    finally:
        client.close()
