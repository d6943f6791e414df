"""Reading untrusted files in worker processes, each with a wall-clock timeout and a memory limit.

A file that takes too long or too much memory, or that crashes its reader, costs one worker process: the
caller gets a ``ReadError`` (code ``resource-limit``) for it and goes on. :func:`run` does this for one
call; :func:`run_many` for a batch, several workers at a time, results in input order and memory flat.

On Linux a worker is forked (a few milliseconds) from a process with one thread; from a process with
several (a Dask worker), where a fork may copy a lock another thread holds, it is forked by a fork
server (see ``disclosure_report._workers``); elsewhere it is spawned. The memory limit is the
worker's address space (``RLIMIT_AS``), where the platform has one.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any, Final, Generic, TypeVar

import attrs

from ...exceptions import Problem, ReadError

__all__ = ["DEFAULT_MEMORY", "DEFAULT_TIMEOUT", "Failed", "extend", "run", "run_many"]

DEFAULT_TIMEOUT: Final = 60.0
"""Seconds a worker may take for one task."""
DEFAULT_MEMORY: Final = 2 * 1024 * 1024 * 1024
"""Bytes of address space a worker may use beyond what it starts with (its parent's, when forked)."""

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen
class Failed(Generic[T]):
    """A task whose worker ran out of time or memory, or ended without a result."""

    argument: T
    reason: str


PRELOAD_VARIABLE: Final = "DISCLOSURE_REPORT_PRELOAD"
"""How a fork server learns what the main module imported (it imports them, each allowed to fail)."""


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods or sys.platform == "darwin":
        return multiprocessing.get_context("spawn")
    if threading.active_count() == 1 or "forkserver" not in methods:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    # The server, started at the first worker, inherits the environment: what it should import too (this
    # process's, not a value inherited from the process that started it).
    os.environ[PRELOAD_VARIABLE] = ",".join(_imported_by_main())
    context.set_forkserver_preload(["disclosure_report._workers"])
    return context


def _imported_by_main() -> list[str]:
    """The modules the main module imported, which every worker of a fork server imports again.

    A worker started by a fork server runs the main module again (as ``__mp_main__``), and Python 3.11's
    server cannot import it once for all (its ``__main__`` preload never gets the path): with what the
    main module imports already in the server, running it again costs only its own statements, not
    half a second of importing Dask in every worker of a Dask worker. Modules, and the modules of the
    classes and functions it imported by name; the server imports each allowed to fail.
    """
    main = sys.modules.get("__main__")
    names = set()
    for value in list(vars(main).values()) if main is not None else ():
        if isinstance(value, types.ModuleType):
            name: object = value.__name__
        elif isinstance(value, type | types.FunctionType | types.BuiltinFunctionType):
            name = value.__module__
        else:
            continue
        if isinstance(name, str) and name in sys.modules and name not in ("__main__", "__mp_main__"):
            names.add(name)
    return sorted(names)


def _limit_memory(memory: int | None) -> None:
    """Limit the worker's address space to what it has now (inherited from its parent) plus ``memory``.

    A forked worker starts with its parent's mappings: a parent holding a database (DuckDB maps most of a
    gigabyte) would leave a worker limited in absolute terms too little room, and its allocator a slow
    path on every call. The limit is what the task may add.
    """
    if memory is None:
        return
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no address-space limit
        return
    limit = memory + _address_space()
    # The hard limit leaves room for one extension (see extend); a hard limit below ours cannot be
    # raised: then it is kept.
    ceiling = limit + EXTENSION_MEMORY
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit, ceiling = min(limit, hard), min(ceiling, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, ceiling))


def _address_space() -> int:
    """The bytes of address space this process has mapped (0 where the system does not say)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as status:
            return int(status.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 0


EXTENSION_MEMORY: Final = 2 * 1024 * 1024 * 1024
"""Bytes of address space a worker's reader may add to its limit, once (see :func:`extend`)."""

_PARENT: Connection | None = None
"""In a worker, the connection to the process that waits for it."""
_EXTENDED = False


def extend(seconds: float, memory: int = 0) -> None:
    """Ask for at least ``seconds`` more from now, and ``memory`` more bytes of address space.

    For a reader whose heavy work is bounded step by step, each step with its own time limit (a scan's
    pages): a worker's limits are set for reading a file, not for recognising thirty pages. Memory is
    raised once a worker, by at most :data:`EXTENSION_MEMORY` (the hard limit the worker was given).
    Outside a worker, nothing happens.
    """
    global _EXTENDED
    if _PARENT is None:
        return
    if memory and not _EXTENDED:
        _EXTENDED = True
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if soft != resource.RLIM_INFINITY:
                wanted = soft + min(memory, EXTENSION_MEMORY)
                resource.setrlimit(
                    resource.RLIMIT_AS,
                    (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard),
                )
    _PARENT.send(("more", seconds))


def _work(connection: Connection, function: Callable[[Any], Any], argument: Any, memory: int | None) -> None:
    """In the worker: run the task and send back ``("ok", result)`` or ``("raised", exception)``."""
    global _PARENT
    _PARENT = connection
    _limit_memory(memory)
    try:
        outcome: tuple[str, Any] = ("ok", function(argument))
    except MemoryError:
        outcome = ("failed", "it needed more memory than the limit")
    except BaseException as error:  # sent to the caller, who raises it as if the call were local
        outcome = ("raised", error)
    try:
        connection.send(outcome)
    except Exception as error:  # an unpicklable result: say so rather than die silently
        connection.send(("failed", f"its result could not be sent back ({type(error).__name__})"))
    finally:
        connection.close()


@attrs.define
class _Running:
    index: int
    argument: Any
    process: Any
    connection: Connection
    deadline: float


def _start(
    context: Any,
    index: int,
    function: Callable[[Any], Any],
    argument: Any,
    timeout: float,
    memory: int | None,
) -> _Running:
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(sending, function, argument, memory), daemon=True)
    # A forked worker's collections walk (and so copy, page by page) every object it inherits, unless
    # they are frozen: frozen for the fork, and thawed at once here (unless the caller froze them).
    freeze = context.get_start_method() == "fork" and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        process.start()
    finally:
        if freeze:
            gc.unfreeze()
    sending.close()
    return _Running(index, argument, process, receiving, time.monotonic() + timeout)


def _receive(task: _Running, memory: int | None) -> tuple[str, Any]:
    """What the worker sent: its outcome, or ``("more", seconds)`` (see :func:`extend`)."""
    try:
        message: tuple[str, Any] = task.connection.recv()
    except (EOFError, OSError):
        megabytes = f" (a memory limit of {memory // (1024 * 1024)} MB?)" if memory else ""
        return ("failed", f"its worker ended without a result{megabytes}")
    if message[0] == "more":
        task.deadline = max(task.deadline, time.monotonic() + float(message[1]))
    return message


def _finish(task: _Running, outcome: tuple[str, Any] | None, timeout: float) -> tuple[str, Any]:
    if outcome is None:
        outcome = ("failed", f"it took longer than the limit of {timeout:g} s")
    if task.process.is_alive():
        task.process.kill()
    task.process.join()
    task.connection.close()
    return outcome


def run_many(
    function: Callable[[T], R],
    arguments: Iterable[T],
    *,
    jobs: int,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
) -> Iterator[R | Failed[T]]:
    """Run ``function`` on each argument, each in a worker process of its own, ``jobs`` at a time.

    Yields the results in the order of the arguments; a task that runs out of time or memory, or whose
    worker dies, yields :class:`Failed`. An exception the function raises is raised here, in order.
    At most ``jobs`` workers run, and at most a few times that many finished results wait for an
    earlier one, so memory stays flat however many arguments there are.

    The function and its arguments must be picklable when workers are spawned (not forked).
    """
    context = _context()
    pending = iter(arguments)
    running: dict[int, _Running] = {}
    done: dict[int, tuple[str, Any]] = {}
    arguments_by_index: dict[int, Any] = {}
    started = emitted = 0
    exhausted = False
    window = max(4 * jobs, 16)
    try:
        while True:
            while not exhausted and len(running) < jobs and started - emitted < window:
                try:
                    argument = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                arguments_by_index[started] = argument
                running[started] = _start(context, started, function, argument, timeout, memory)
                started += 1
            while emitted in done:
                kind, value = done.pop(emitted)
                argument = arguments_by_index.pop(emitted)
                emitted += 1
                if kind == "ok":
                    yield value
                elif kind == "raised":
                    raise value
                else:
                    yield Failed(argument, value)
            if not running:
                if exhausted:
                    return
                continue
            now = time.monotonic()
            nearest = min(task.deadline for task in running.values())
            ready = wait([task.connection for task in running.values()], timeout=max(0.0, nearest - now))
            now = time.monotonic()
            for task in list(running.values()):
                outcome = _receive(task, memory) if task.connection in ready else None
                if outcome is not None and outcome[0] == "more":
                    continue  # the worker asked for more time
                if outcome is not None or task.deadline <= now:
                    done[task.index] = _finish(task, outcome, timeout)
                    del running[task.index]
    finally:  # the caller stopped early, or a task raised: no worker outlives the batch
        for task in running.values():
            task.process.kill()
            task.process.join()
            task.connection.close()


def run(
    function: Callable[[T], R],
    argument: T,
    *,
    source: str,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
) -> R:
    """Run ``function(argument)`` in a worker process with a timeout and a memory limit.

    Raises:
        ReadError: The worker ran out of time or memory, or ended without a result (code
            ``resource-limit``, naming ``source``); or whatever the function raised.
    """
    for outcome in run_many(function, [argument], jobs=1, timeout=timeout, memory=memory):
        if isinstance(outcome, Failed):
            raise ReadError(source, [Problem("file", f"not read: {outcome.reason}", "resource-limit")])
        return outcome
    raise AssertionError("unreachable: one argument gives one outcome")  # pragma: no cover


def available_jobs() -> int:
    """The worker processes worth running at once: one per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1
