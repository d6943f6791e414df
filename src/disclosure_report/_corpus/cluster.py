"""The export on a Dask cluster: the workers checked, tasks sent in order, each staging its rows."""

from __future__ import annotations

import collections
import contextlib
import gc
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._io.workers import (
    available_jobs,
)
from ..exceptions import ClusterError
from .parts import without_reports, write_parts
from .reading import Done, Exported, Input, done_tasks, failed_input, group_inputs

if TYPE_CHECKING:
    import distributed
    import pyarrow


_CLUSTER_FILES: Final = 64
"""Files in one Dask task (read in groups of :data:`TASK_FILES`, each group in a process of its own):
large enough that the scheduler's cost and the number of Parquet parts stay small, small enough that a
lost worker costs little. A file larger than :data:`_CLUSTER_BYTES` is a task of its own."""
_CLUSTER_BYTES: Final = 16 * 1024 * 1024
_CLUSTER_LINES: Final = 1024
_DAEMON_SETTING: Final = "distributed.worker.daemon"
CONNECT_SECONDS: Final = 30.0
"""How long to try reaching a Dask scheduler."""


@contextlib.contextmanager
def cluster_client(dask: str | distributed.Client, jobs: int | None) -> Iterator[Any]:
    """A client of the cluster named: a scheduler's address, ``"local"``, or the client given."""
    # Any: distributed's Client and Future are only partly typed.
    try:
        import dask as dask_library
        import distributed
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            f"an export on a Dask cluster needs Dask ({error.name} is not installed): "
            "pip install 'disclosure-report[dask]'",
            name=error.name,
        ) from None
    if isinstance(dask, distributed.Client):
        yield dask
        return
    # Workers must be free to start the processes that read each file (a nanny starts them as daemons,
    # which may not): for the workers of a local cluster, and for those its nannies start again.
    with dask_library.config.set({_DAEMON_SETTING: False}), contextlib.ExitStack() as stack:
        if dask == "local":
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=jobs or available_jobs(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                )
            )
            client = stack.enter_context(distributed.Client(cluster))
        else:
            failure = None
            try:
                client = stack.enter_context(distributed.Client(dask, timeout=CONNECT_SECONDS))
            except Exception as error:  # whatever distributed raises: the address was not reached
                # OSError or TimeoutError: nothing answers; ValueError: not an address.
                failure = str(error) or type(error).__name__
            if failure is not None:
                # The client that failed is closed by its __del__ when collected: collected here, once the
                # exception (whose traceback holds it) is gone, not at an allocation inside a later client's
                # start, where distributed deadlocked or raised a bare AssertionError.
                gc.collect()
                raise ClusterError(f"cannot reach the Dask scheduler at {dask}: {failure}")
        yield client


_OPTIONAL: Final = ("pyarrow", "pdfplumber")
"""What a worker needs from the extras: pyarrow to write its rows, pdfplumber to read PDFs."""


@attrs.frozen
class WorkerFacts:
    """What a worker is, as it finds itself (sent back to the parent, which decides)."""

    daemon: bool
    version: str
    seen: str | None
    """What it read in the token file the parent wrote in the corpus folder: the same folder, or not."""
    missing: tuple[str, ...]
    """The extras it lacks."""


def worker_facts(token: str) -> WorkerFacts:
    """What a worker must be to take part, as it finds itself."""
    import importlib.util
    import multiprocessing

    from .._version import __version__

    try:
        with open(token, encoding="utf-8") as stream:
            seen: str | None = stream.read()
    except OSError:
        seen = None
    missing = tuple(name for name in _OPTIONAL if importlib.util.find_spec(name) is None)
    return WorkerFacts(bool(multiprocessing.current_process().daemon), __version__, seen, missing)


def check_workers(client: Any, folder: str) -> None:
    """Refuse workers that could not do the work, before any is sent, saying what to change."""
    import importlib.util

    from .._version import __version__

    secret = uuid.uuid4().hex
    token = os.path.join(folder, f".workers-{secret}")
    with open(token, "w", encoding="utf-8") as stream:
        stream.write(secret)
    try:
        facts: dict[str, WorkerFacts] = client.run(worker_facts, token)
        if not facts:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            facts = client.run(worker_facts, token)
    except TimeoutError:
        raise ClusterError("the Dask scheduler has no worker (none joined it)") from None
    except Exception as error:  # whatever a worker raised: most likely, it lacks this library
        raise ClusterError(
            f"the Dask workers cannot run this library ({type(error).__name__}: {error}): install "
            f"disclosure-report[dask]=={__version__} where they run"
        ) from None
    finally:
        os.unlink(token)

    def workers(wrong: Callable[[WorkerFacts], bool]) -> str:
        return ", ".join(sorted(worker for worker, fact in facts.items() if wrong(fact)))

    if daemonic := workers(lambda fact: fact.daemon):
        raise ClusterError(
            f"the Dask workers {daemonic} are daemon processes, which cannot start the processes that "
            "read each file under its limits: start them with DASK_DISTRIBUTED__WORKER__DAEMON=False in "
            "their environment"
        )
    if other := workers(lambda fact: fact.version != __version__):
        versions = sorted({fact.version for fact in facts.values()})
        raise ClusterError(
            f"the Dask workers {other} run another version of this library ({', '.join(versions)}; "
            f"this is {__version__}): install the same everywhere"
        )
    if blind := workers(lambda fact: fact.seen != secret):
        raise ClusterError(
            f"the Dask workers {blind} do not see the corpus folder {folder} (or see another of that "
            "name): give a path on a file system every worker and this process share"
        )
    here = {name for name in _OPTIONAL if importlib.util.find_spec(name) is not None}
    if lacking := workers(lambda fact: bool(set(fact.missing) & here)):
        names = sorted({name for fact in facts.values() for name in fact.missing} & here)
        raise ClusterError(
            f"the Dask workers {lacking} lack {', '.join(names)}, which this process has: install "
            "disclosure-report[dask,pdf] where they run"
        )


def cluster_tasks(
    client: Any, folder: str, items: Iterable[Input], *, timeout: float, memory: int | None
) -> Iterator[Done]:
    """Each task read and written by a Dask worker; what it found, in the order of the tasks.

    In order, so that of two inputs with the same report the first is the one kept, as in a local run.
    A few times as many tasks as the cluster has threads are sent ahead (the cluster works on all of
    them while the oldest is awaited), so memory stays flat; those not done when the run stops are
    cancelled.
    """
    window = max(8 * sum(client.nthreads().values()), 32)
    groups = group_inputs(items, _CLUSTER_FILES, _CLUSTER_BYTES, _CLUSTER_LINES)
    sent: collections.deque[tuple[tuple[Input, ...], Any]] = collections.deque()

    def submit(group: tuple[Input, ...]) -> Any:
        chunk = uuid.uuid4().hex  # a task's key and its chunk: this run's, never another's
        return client.submit(
            cluster_task, group, folder, chunk, timeout, memory, key=f"disclosure-report-{chunk}"
        )

    try:
        while True:
            while len(sent) < window and (group := next(groups, None)) is not None:
                sent.append((group, submit(group)))
            if not sent:
                return
            group, future = sent.popleft()
            done = _cluster_outcome(future)
            if done is not None:
                yield done
                continue
            for item in group:  # its workers died, again and again: each input on its own
                alone = _cluster_outcome(submit((item,)))
                yield (
                    alone
                    if alone is not None
                    else failed_input(item, "its Dask workers died each time", "system-failure")
                )
    finally:  # stopped early, or failed: no task of this run goes on writing
        with contextlib.suppress(Exception):  # the scheduler may be gone: then so are its tasks
            client.cancel([future for _, future in sent])


def _cluster_outcome(future: Any) -> Done | None:
    """What a task found; ``None`` if Dask gave it up, its workers dying each time it ran.

    Raises:
        ClusterError: The scheduler was lost (killed, or its connection cut): the tasks are gone with it.
    """
    import concurrent.futures

    from distributed import KilledWorker

    try:
        done: Done = future.result()  # waits, if its worker was lost and Dask runs it again
    except KilledWorker:
        return None
    except concurrent.futures.CancelledError as error:
        reason = getattr(error, "reason", None) or "its tasks were cancelled"
        raise ClusterError(
            f"the Dask scheduler was lost mid-run ({reason}): what was written is kept; start a scheduler "
            "and run the export again to go on"
        ) from None
    return done


def cluster_task(
    items: tuple[Input, ...], folder: str, chunk: str, timeout: float, memory: int | None
) -> Done:
    """What a Dask task does: read its inputs as a local export does, stage their rows as the chunk's parts.

    Reports read twice within the task are kept once. The parts are staged under names of this run of
    the task alone; the parent commits them (and the chunk's ``files`` part).
    """
    import pyarrow as pa

    inputs: list[Exported] = []
    parts: dict[str, list[pyarrow.Table]] = {}
    kept: set[str] = set()
    for done in done_tasks(items, jobs=1, timeout=timeout, memory=memory):
        again = {e.fingerprint for e in done.inputs if e.kept and e.fingerprint in kept}
        for exported in done.inputs:
            fingerprint = exported.fingerprint
            if exported.kept and fingerprint is not None:
                if fingerprint in again:
                    exported = attrs.evolve(exported, kept=False)
                kept.add(fingerprint)
            inputs.append(exported)
        for name, table in done.tables.items():
            parts.setdefault(name, []).append(without_reports(table, sorted(again)))
    tables = {name: pa.concat_tables(tables) for name, tables in parts.items()}
    attempt = f"{chunk}.{uuid.uuid4().hex}.staged"
    written = {name: table for name, table in tables.items() if table.num_rows}
    write_parts(Path(folder), attempt, written)
    return Done(tuple(inputs), chunk=chunk, staged=dict.fromkeys(written, f"{attempt}.parquet"))
