"""Worker processes, in one place: untrusted files read each with a timeout and a memory limit, warm.

A file that takes too long or too much memory, or that crashes its reader, costs one worker process: the
caller gets a ``ReadError`` (code ``resource-limit``) for it and goes on. :func:`run` does this for one
call; :func:`run_many` for a batch, several workers at a time, results in input order and memory flat;
:func:`run_grouped` for a batch of small inputs given to each worker by the dozen or the hundred, the
limits still applying to each input on its own. The command line and the corpus export both use them.

On Linux a worker is forked (a few milliseconds) from a process with one thread; from a process with
several (a Dask worker), where a fork may copy a lock another thread holds, it is forked by a fork
server; elsewhere it is spawned. Either way it starts warm: the process it is forked from has run the
batch's warm-up (:func:`prepare_workers`, and what the caller adds, such as the corpus's Arrow columns)
before its first fork; a fork server runs it when it starts, as it imports this module. The memory limit
is the worker's address space (``RLIMIT_AS``), where the platform has one. A worker ends when the process
that started it does (a parent-death signal on Linux, else a thread watching its parent): a parent killed
(by the out-of-memory killer, say) leaves no worker behind, blocked on a pipe no one reads.

A reader's side of the limits (the time its input has left, asking for more) is :mod:`.budget`, which
this module sets for each input and re-exports: the readers import that, never this module, which warms
workers for every format the registry has.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import heapq
import importlib
import itertools
import os
import signal
import sys
import threading
import time
import types
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

import attrs

from ..exceptions import Problem, ReadError
from .budget import EXTENSION_MEMORY, enter_worker, extend, start_input, time_left

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from .._model import AnnualReport

__all__ = [
    "DEFAULT_MEMORY",
    "DEFAULT_TIMEOUT",
    "EXTENSION_MEMORY",
    "Failed",
    "available_jobs",
    "die_with_parent",
    "extend",
    "prepare_workers",
    "run",
    "run_grouped",
    "run_many",
    "time_left",
]

DEFAULT_TIMEOUT: Final = 60.0
"""Seconds a worker may take for one input (a file, or a line of a JSON-lines file)."""
DEFAULT_MEMORY: Final = 2 * 1024 * 1024 * 1024
"""Bytes of address space a worker may use beyond what it starts with (its parent's, when forked)."""

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M")


@attrs.frozen
class Failed(Generic[T]):
    """An input whose worker ran out of time or memory, or ended without a result.

    Attributes:
        argument: The input.
        reason: What happened, in a few words (``it took longer than the limit of 60 s``).
        code: The problem code it is: ``resource-limit`` (a time or memory limit, or a crash a memory
            limit may explain), ``system-failure`` (its worker was killed from outside, by a signal no
            reader sends itself), or ``reader-bug`` (its result could not be sent back).
    """

    argument: T
    reason: str
    code: str = "resource-limit"


PRELOAD_VARIABLE: Final = "DISCLOSURE_REPORT_PRELOAD"
"""How a fork server learns what the main module imported (it imports them, each allowed to fail)."""
SERVER_VARIABLE: Final = "DISCLOSURE_REPORT_FORK_SERVER"
"""Set only in the environment a fork server starts with: the warm-ups it runs (``module:function``)."""

WarmUp = Callable[[], object]
"""What makes a worker start warm: a top-level function (a fork server finds it by module and name), or
a ``functools.partial`` of one, such as ``prepare_workers`` for a batch's formats (a fork server runs
its function without the arguments: for every format)."""


def _context() -> Any:
    # Imported when a worker is started: a process that reads nothing in one never needs it.
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" not in methods or sys.platform == "darwin":
        return multiprocessing.get_context("spawn")
    if threading.active_count() == 1 or "forkserver" not in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver")


def _warm(context: Any, warm: WarmUp | None) -> None:
    """Have the workers ``context`` starts begin warm: this process warmed, or the fork server started.

    A forked worker is a copy of this process: the warm-up runs here, once a process. A fork server is
    started here (if it is not running yet) with this module to import and the warm-ups to run, and
    what the main module imported (which every worker would import again, see :func:`_imported_by_main`).
    """
    method = context.get_start_method()
    if method == "fork" and warm is not None:  # a partial once for each of its arguments
        _warmed(repr(warm) if isinstance(warm, functools.partial) else _name(warm), warm)
    if method != "forkserver":
        return
    from multiprocessing import forkserver

    warm_ups = [_name(prepare_workers)]
    if warm is not None:
        warm_ups.append(_name(warm))
    # The server inherits the environment: what it should import too (this process's, not a value
    # inherited from the process that started it), and, it alone, what to warm.
    os.environ[PRELOAD_VARIABLE] = ",".join(_imported_by_main())
    context.set_forkserver_preload([__name__])
    os.environ[SERVER_VARIABLE] = ",".join(dict.fromkeys(warm_ups))
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(SERVER_VARIABLE, None)


def _name(warm: WarmUp) -> str:
    """A warm-up's function as a fork server finds it, ``module:function`` (a partial's function)."""
    function = warm.func if isinstance(warm, functools.partial) else warm
    return f"{function.__module__}:{function.__qualname__}"


_WARMED: dict[str, object] = {}
"""The warm-ups this process ran (a forked worker inherits the list with what they did)."""


def _warmed(name: str, warm: WarmUp) -> None:
    if name not in _WARMED:
        _WARMED[name] = warm()


def _warm_server(names: str) -> None:
    """In a fork server starting: run its warm-ups, import what the main module imported, freeze."""
    for name in filter(None, names.split(",")):
        module, _, function = name.partition(":")
        with contextlib.suppress(ModuleNotFoundError):  # the corpus's, without its extra: the readers alone
            _warmed(name, getattr(importlib.import_module(module), function))
    # What the parent's main module imported, which each worker would import again (see
    # _imported_by_main). Each may fail (a script's neighbour that exits when imported, say): a worker
    # then imports it, or not.
    for module in filter(None, os.environ.get(PRELOAD_VARIABLE, "").split(",")):
        with contextlib.suppress(BaseException):
            importlib.import_module(module)
    # What is here now lives as long as the server: out of the collector's sight, so that a worker's
    # collections neither walk it nor write to its pages (which a fork shares until written).
    gc.freeze()


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


FLUSH_SECONDS: Final = 0.25
"""The longest a worker keeps finished results of a group before it sends them: a worker that dies loses
at most this much finished work (those inputs are read again)."""


_PR_SET_PDEATHSIG: Final = 1


def die_with_parent(parent: int | None, sent: signal.Signals = signal.SIGKILL) -> None:
    """Have this process sent ``sent`` when the process that started it ends (``parent``, its id).

    Linux's parent-death signal; elsewhere a thread that watches the parent. If the parent has already
    ended (this process then belongs to another), this process ends at once.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        armed = sys.platform == "linux" and libc.prctl(_PR_SET_PDEATHSIG, int(sent), 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        armed = False
    if parent is not None and os.getppid() != parent:  # it ended before the signal was armed
        os._exit(1)
    if not armed and parent is not None:  # pragma: no cover - not Linux

        def watch() -> None:
            while os.getppid() == parent:
                time.sleep(0.5)
            os.kill(os.getpid(), sent)

        threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def _release(descriptors: Sequence[int]) -> None:
    """Let go of the read ends of the parent's pipes that a forked worker inherited.

    A worker holding the read end of its own pipe would block forever writing a large result into it once
    its parent is gone, instead of failing. Each is pointed at ``/dev/null`` rather than closed: the
    number stays taken, so the parent's connection object, collected in the worker, closes nothing else.
    """
    if not descriptors:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for descriptor in descriptors:
            with contextlib.suppress(OSError):
                os.dup2(null, descriptor)
    finally:
        os.close(null)


@attrs.frozen
class _Task:
    """What a worker is given: the inputs of its group, what to do with each, and its limits."""

    function: Callable[[Any], Any]
    merge: Callable[[list[Any]], Any]
    group: tuple[Any, ...]
    timeout: float
    """The seconds each input has, from when it starts."""
    memory: int | None
    parent: int | None
    inherited: tuple[int, ...] = ()


def _work(connection: Connection, task: _Task) -> None:
    """In the worker: run the function on each input, sending what each gave.

    Messages: ``("next", 0)`` once the worker has started, ``("next", n)`` after the first ``n`` inputs
    are done (their results kept here for a while); ``("results", n, merged)`` with the results of those
    kept and the ones done since, up to the first ``n``; ``("failed", n, reason, code)`` and
    ``("raised", n, error)`` for input ``n`` alone (the results kept before it sent first);
    ``("more", seconds)`` from :func:`extend`.
    """
    die_with_parent(task.parent)
    _release(task.inherited)
    enter_worker(connection)
    _limit_memory(task.memory)
    kept: list[Any] = []
    try:
        # Ready: the first input's time starts now, not while a busy machine started this process.
        connection.send(("next", 0))
        sent_at = time.monotonic()
        for number, argument in enumerate(task.group):
            start_input(task.timeout)
            try:
                outcome: tuple[Any, ...] = ("ok", task.function(argument))
            except MemoryError:
                outcome = ("failed", number, "it needed more memory than the limit", "resource-limit")
            except BaseException as error:  # sent to the caller, who raises it as if the call were local
                outcome = ("raised", number, error)
            done = number + 1
            if outcome[0] == "ok":
                kept.append(outcome[1])
                if done == len(task.group) or time.monotonic() - sent_at >= FLUSH_SECONDS:
                    _send(connection, ("results", done, kept), task.merge)
                    kept, sent_at = [], time.monotonic()
                else:
                    connection.send(("next", done))
                continue
            if kept:
                _send(connection, ("results", number, kept), task.merge)
                kept, sent_at = [], time.monotonic()
            try:
                connection.send(outcome)
            except Exception as error:  # an exception that cannot be pickled
                reason = f"its error could not be sent back ({type(error).__name__})"
                connection.send(("failed", number, reason, "reader-bug"))
    finally:
        connection.close()


def _send(
    connection: Connection, message: tuple[str, int, list[Any]], merge: Callable[[list[Any]], Any]
) -> None:
    kind, done, kept = message
    try:
        connection.send((kind, done, merge(kept)))
    except Exception as error:  # an unpicklable result: say so rather than die silently
        reason = f"its result could not be sent back ({type(error).__name__})"
        connection.send(("lost", done, reason))


@attrs.define
class _Running:
    base: int
    """The index, among all inputs, of the group's first."""
    group: tuple[Any, ...]
    process: Any
    connection: Connection
    deadline: float
    alone: bool
    """Whether the group is one input read again on its own (after its worker died)."""
    sent: int = 0
    """Inputs whose outcome the parent has (results sent, or failed)."""
    done: int = 0
    """Inputs the worker has finished (their results sent, or kept in the worker)."""


STARTUP_SECONDS: Final = 60.0
"""How long a worker may take to start (fork, or spawn and import) before its first input's time starts."""


def _start(
    context: Any,
    function: Callable[[Any], Any],
    merge: Callable[[list[Any]], Any],
    base: int,
    group: tuple[Any, ...],
    limits: tuple[float, int | None],
    running: Iterable[_Running],
    alone: bool,
) -> _Running:
    timeout, memory = limits
    receiving, sending = context.Pipe(duplex=False)
    forked = context.get_start_method() == "fork"
    # Until the worker says it is ready, the time to start a process counts too, with a bound of its own.
    deadline = time.monotonic() + timeout + STARTUP_SECONDS
    inherited = (receiving.fileno(), *(task.connection.fileno() for task in running)) if forked else ()
    parent = os.getpid() if context.get_start_method() != "forkserver" else None
    task = _Task(function, merge, group, timeout, memory, parent, inherited)
    process = context.Process(target=_work, args=(sending, task), daemon=True)
    # A forked worker's collections walk (and so copy, page by page) every object it inherits, unless
    # they are frozen: frozen for the fork, and thawed at once here (unless the caller froze them).
    freeze = forked and gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        process.start()
    finally:
        if freeze:
            gc.unfreeze()
    sending.close()
    return _Running(base, group, process, receiving, deadline, alone)


_KILLED: Final = frozenset({signal.SIGKILL, signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT})
"""Signals that end a process from outside (a reader never sends them to itself)."""


def _ended(task: _Running, memory: int | None) -> tuple[str, str]:
    """Why a worker ended without a result: its reason and problem code, from how it ended."""
    task.process.join(5)
    if task.process.is_alive():  # its pipe closed, yet it goes on: it is stopped
        task.process.kill()
        task.process.join()
    status = task.process.exitcode
    megabytes = memory // (1024 * 1024) if memory else None
    if status is not None and status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        if -status in _KILLED:
            by = " (by the system's out-of-memory killer, or by hand)" if -status == signal.SIGKILL else ""
            return f"its worker was killed by {name}{by}", "system-failure"
        if megabytes is not None:  # a library that aborts when an allocation is refused, say
            return f"its worker crashed ({name}; a memory limit of {megabytes} MB?)", "resource-limit"
        return f"its worker crashed ({name})", "reader-bug"
    return f"its worker ended without a result (exit status {status})", "system-failure"


def run_grouped(
    function: Callable[[T], R],
    groups: Iterable[Sequence[T]],
    *,
    merge: Callable[[list[R]], M],
    jobs: int,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
    warm: WarmUp | None = None,
) -> Iterator[M | Failed[T]]:
    """Run ``function`` on each input, a group of inputs to a worker process, ``jobs`` workers at a time.

    The limits apply to each input on its own: an input has ``timeout`` seconds from when it starts, and
    one that runs out of time or memory is a :class:`Failed` of its own, the others of its group read
    all the same. Results of finished inputs are kept (a worker sends them, merged by ``merge`` in the
    worker, at least every :data:`FLUSH_SECONDS`); when a worker dies, the input it was reading is read
    again alone in a new worker (it fails only if that one dies too: a worker may die of what earlier
    inputs left in its memory) and those after it, and those finished but not yet sent, in another. The
    work is bounded: an input runs once, or twice when a worker died reading it (the second time alone,
    and last); a death costs besides only the inputs its worker finished in the last
    :data:`FLUSH_SECONDS`, read again.

    Yields, in the order of the inputs, ``merge`` of consecutive inputs' results and :class:`Failed` for
    single inputs. An exception the function raises is raised here, in order. At most ``jobs`` workers
    run, and at most a few times that many groups wait for an earlier one: memory stays flat.

    With ``warm``, each worker starts warm: ``warm`` has run in the process it is forked from (once a
    process; see :func:`prepare_workers`).

    The functions and the inputs must be picklable when workers are spawned (not forked).

    .. versionadded:: 0.1.0
    """
    from multiprocessing.connection import wait

    context = _context()
    _warm(context, warm)
    pending = iter(groups)
    # Groups read again (parts of groups started): before any new one, by the index of their first input.
    again: list[tuple[int, int, tuple[T, ...], bool]] = []
    order = itertools.count()
    running: dict[int, _Running] = {}
    done: dict[int, tuple[str, Any, int]] = {}  # by the index of the first input each covers
    ends: collections.deque[int] = collections.deque()  # where each group started and not given ends
    following = emitted = 0
    exhausted = False
    window = max(4 * jobs, 16)
    limits = (timeout, memory)

    def retry(base: int, group: tuple[T, ...], alone: bool = False) -> None:
        if group:
            heapq.heappush(again, (base, next(order), group, alone))

    def died(task: _Running, reason: str, code: str, timed_out: bool) -> None:
        """What a worker that ended early leaves: its results kept, its culprit failed or read again."""
        culprit = task.done
        retry(task.base + task.sent, task.group[task.sent : culprit])  # finished, not sent: again
        if culprit < len(task.group):
            if timed_out or task.alone or (culprit == 0 and len(task.group) == 1):
                failed = Failed(task.group[culprit], reason, code)
                done[task.base + culprit] = ("failed", failed, task.base + culprit + 1)
            else:
                retry(task.base + culprit, task.group[culprit : culprit + 1], alone=True)
            retry(task.base + culprit + 1, task.group[culprit + 1 :])

    def receive(task: _Running) -> bool:
        """Take one message from a worker; whether the worker has ended (its pipe closed)."""
        try:
            message: tuple[Any, ...] = task.connection.recv()
        except (EOFError, OSError):
            if task.sent < len(task.group):
                reason, code = _ended(task, memory)
                died(task, reason, code, timed_out=False)
            return True
        kind = message[0]
        now = time.monotonic()
        if kind == "more":
            task.deadline = max(task.deadline, now + float(message[1]))
            return False
        number = message[1]
        if kind == "next":
            task.done = number
        elif kind == "results":
            done[task.base + task.sent] = ("ok", message[2], task.base + number)
            task.sent = task.done = number
        elif kind == "lost":  # results that could not be sent: each input failed, with why
            for index in range(task.sent, number):
                failed = Failed(task.group[index], message[2], "reader-bug")
                done[task.base + index] = ("failed", failed, task.base + index + 1)
            task.sent = task.done = number
        elif kind == "failed" and message[3] == "resource-limit" and not task.alone and number > 0:
            # Out of memory after other inputs: perhaps theirs, still held; read again on its own.
            retry(task.base + number, task.group[number : number + 1], alone=True)
            task.sent = task.done = number + 1
        else:
            value: Any = (
                Failed(task.group[number], message[2], message[3]) if kind == "failed" else message[2]
            )
            done[task.base + number] = (kind, value, task.base + number + 1)
            task.sent = task.done = number + 1
        task.deadline = now + timeout  # the next input's time starts now
        return False

    try:
        while True:
            while len(running) < jobs:
                if again:
                    base, _, group, alone = heapq.heappop(again)
                elif not exhausted and len(ends) < window:
                    try:
                        group = tuple(next(pending))
                    except StopIteration:
                        exhausted = True
                        break
                    base, alone = following, False
                    following += len(group)
                    ends.append(following)
                    if not group:
                        continue
                else:
                    break
                running[base] = _start(context, function, merge, base, group, limits, running.values(), alone)
            while emitted in done:
                kind, value, end = done.pop(emitted)
                emitted = end
                if kind == "raised":
                    raise value
                yield value
            while ends and ends[0] <= emitted:
                ends.popleft()
            if not running:
                if exhausted and not again:
                    return
                continue
            nearest = min(task.deadline for task in running.values())
            ready = wait(
                [task.connection for task in running.values()], timeout=max(0.0, nearest - time.monotonic())
            )
            for task in list(running.values()):
                if task.connection in ready and receive(task):
                    _finish(task)
                    del running[task.base]
                elif (
                    task.connection not in ready
                    and task.deadline <= time.monotonic()
                    and not task.connection.poll()  # a message just in: taken first, next round
                ):
                    _finish(task)
                    del running[task.base]
                    died(task, f"it took longer than the limit of {timeout:g} s", "resource-limit", True)
    finally:  # the caller stopped early, or a task raised: no worker outlives the batch
        for task in running.values():
            _finish(task)


def _finish(task: _Running) -> None:
    if task.process.is_alive():
        task.process.kill()
    task.process.join()
    task.connection.close()


def _first(results: list[R]) -> R:
    return results[0]


def run_many(
    function: Callable[[T], R],
    arguments: Iterable[T],
    *,
    jobs: int,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
    warm: WarmUp | None = None,
) -> Iterator[R | Failed[T]]:
    """Run ``function`` on each argument, each in a worker process of its own, ``jobs`` at a time.

    Yields the results in the order of the arguments; a task that runs out of time or memory, or whose
    worker dies, yields :class:`Failed`. An exception the function raises is raised here, in order.
    At most ``jobs`` workers run, and at most a few times that many finished results wait for an
    earlier one, so memory stays flat however many arguments there are. ``warm`` as for
    :func:`run_grouped`.

    The function and its arguments must be picklable when workers are spawned (not forked).
    """
    groups = ((argument,) for argument in arguments)
    return run_grouped(function, groups, merge=_first, jobs=jobs, timeout=timeout, memory=memory, warm=warm)


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
            ``resource-limit``, or ``system-failure`` when it was killed from outside; naming
            ``source``); or whatever the function raised.
    """
    for outcome in run_many(function, [argument], jobs=1, timeout=timeout, memory=memory):
        if isinstance(outcome, Failed):
            raise ReadError(source, [Problem("file", f"not read: {outcome.reason}", outcome.code)])
        return outcome
    raise AssertionError("unreachable: one argument gives one outcome")  # pragma: no cover


def available_jobs() -> int:
    """The worker processes worth running at once: one per CPU this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@functools.cache
def _validated_seed() -> AnnualReport:
    """The seed report, validated once a process (validation's imports and caches, for every format)."""
    from .._validation import validate
    from ..examples import seed_report

    report = seed_report()
    validate(report)
    return report


_WARMED_FORMATS: set[str] = set()
"""The formats whose readers this process has warmed (a forked worker inherits them warm)."""


def prepare_workers(formats: Collection[str] | None = None) -> None:
    """Warm this process before it forks workers: import what reading and validation need, fill caches.

    A forked worker starts as a copy of its parent. Where the parent never read a document, every worker
    imports the readers (and what they import) and compiles their patterns itself: most of a second for
    each task, more than reading a hundred reports takes. Each format is warmed once per process; doing
    so also removes the private folders LibreOffice conversions of killed workers left (see
    ``clean_leftovers``, the DOC and XLS rows' warm-up). The warm-up of every batch
    (``warm=prepare_workers``); a fork server always runs it, for every format.

    Args:
        formats: The names of the formats to warm (a batch's inputs', see
            :func:`~disclosure_report._io.formats.formats_of`); ``None`` for every format. A batch that
            warms only its own formats spares the time before its first worker (openpyxl's import for
            a folder with no workbook, pdfplumber's for one with no PDF).
    """
    # Imported here: the readers import this module, and a process that never starts a batch never
    # needs the writers.
    from .formats import formats as every_format
    from .formats import warm_up

    report = _validated_seed()
    for row in every_format():  # each format's warm-up (see .formats), its reader and writer imported
        if row.name in _WARMED_FORMATS or (formats is not None and row.name not in formats):
            continue
        _WARMED_FORMATS.add(row.name)
        # Warming only saves time: a row whose warm-up fails (a format registered by another package) is
        # read cold, and its own files report what is wrong; it never stops a batch of other formats.
        with contextlib.suppress(Exception):
            warm_up(row, report)


# A fork server imports this module first (see _warm): it alone has the variable, and takes it away, so
# that the workers it forks (and the programs they start) never see it.
if SERVER_VARIABLE in os.environ:
    _warm_server(os.environ.pop(SERVER_VARIABLE))
