"""Reading, in the worker processes: each input read within its own limits, validated, made into rows.

Inputs are stamped (what a later run compares) and grouped into tasks, each task read by one worker.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from .._io.batch import TASK_BYTES, TASK_FILES, TASK_LINES, Unit
from .._io.files import display_name, name_bytes
from .._io.read.assemble import ReadResult
from .._io.workers import (
    Failed,
    prepare_workers,
    run_grouped,
)
from ..examples import seed_report
from ..exceptions import ReadError
from .columns import Columns

if TYPE_CHECKING:
    import pyarrow


@attrs.frozen
class Input:
    """An input to export, with its stamp (what a later run compares), and a line's hash."""

    unit: Unit
    stamp: str
    size: int
    sha256: str | None = None
    """A JSON line's, hashed for its stamp; a file's is hashed by the worker that reads it."""
    key: str | None = None
    """What the input is, whatever the path it was given by: its file's resolved path (and ``:line``)."""

    @property
    def identity(self) -> str:
        return self.key or self.unit.name


@attrs.frozen
class Exported:
    """What a worker found for one input (picklable): its report's fingerprint, or why it has none."""

    file: str
    stamp: str
    size: int
    sha256: str | None
    fingerprint: str | None = None
    problem: str | None = None
    reason: str | None = None
    kept: bool = False
    """Whether the task's tables hold its report (not when another input of the task gave it first)."""
    origin: str | None = None
    """The web address a fetched file came from."""
    file_bytes: bytes | None = None
    """The name's bytes, when they are not UTF-8 (``file`` is then how it reads)."""


@attrs.frozen
class Done:
    """What a worker sends back for a task: each input, and the rows of the reports kept, by table.

    On a cluster the worker writes the rows itself, as staged parts of the chunk that only this run of
    the task writes (``staged`` names them, table by table): a run of the same task elsewhere, Dask's
    retry or a worker thought lost, writes parts of its own, never those the parent commits.
    """

    inputs: tuple[Exported, ...]
    tables: Mapping[str, pyarrow.Table] = attrs.field(factory=dict)
    chunk: str | None = None
    staged: Mapping[str, str] = attrs.field(factory=dict)


def stamped_input(unit: Unit, key: str | None = None) -> Input:
    if unit.line is not None:
        data = unit.line.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        return Input(unit, f"{len(data)}:{sha}", len(data), sha, key)
    try:
        status = os.stat(unit.name)
    except OSError:
        return Input(unit, "", 0, key=key)
    return Input(unit, f"{status.st_size}:{status.st_mtime_ns}", status.st_size, key=key)


def resolved_path(name: str) -> str:
    """A file's identity: its absolute path, links followed (the same file by any path given)."""
    return os.path.realpath(name)


def _file_hash(name: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(name, "rb") as stream:
            while block := stream.read(1 << 20):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def read_one(item: Input) -> tuple[Exported, ReadResult | None]:
    name, raw = display_name(item.identity), name_bytes(item.identity)
    sha = item.sha256 if item.unit.line is not None else _file_hash(item.unit.name)
    exported = Exported(name, item.stamp, item.size, sha, origin=item.unit.origin, file_bytes=raw)
    try:
        result = item.unit.read()
    except ReadError as error:
        first = error.problems[0]
        return attrs.evolve(exported, problem=first.code, reason=str(error)), None
    except MemoryError:  # the worker's to judge: read again on its own, or over the memory limit
        raise
    except Exception as error:  # a bug, met on this file: the run goes on, and records it
        reason = f"{type(error).__name__}: {str(error)[:200]}"
        return attrs.evolve(exported, problem="reader-bug", reason=reason), None
    return attrs.evolve(exported, fingerprint=result.report.fingerprint), result


@attrs.frozen
class _Read:
    """One input read in a worker: what it is, and its report's rows (validated within its limits)."""

    exported: Exported
    columns: Columns | None


def _export_input(item: Input) -> _Read:
    """What a worker process does for each input: read it, validate it, make its rows.

    A top-level function, for spawned workers. All of it within the input's own limits (validation too:
    a report slow to diagnose is that report's problem alone). The parent only decides what is new, and
    writes.
    """
    exported, result = read_one(item)
    if result is None or exported.fingerprint is None:
        return _Read(exported, None)
    columns = Columns()
    columns.add(result, exported.file, exported.fingerprint)
    return _Read(exported, columns)


def _merged(reads: list[_Read]) -> Done:
    """Inputs a worker read, their rows as Arrow columns, each report once (made in the worker)."""
    columns = Columns()
    inputs = []
    for read in reads:
        exported = read.exported
        if read.columns is not None and exported.fingerprint is not None:
            exported = attrs.evolve(exported, kept=columns.extend(read.columns, exported.fingerprint))
        inputs.append(exported)
    return Done(tuple(inputs), columns.tables())


def prepare_export_workers(formats: Collection[str] | None = None) -> None:
    """Warm this process for the export's workers, which start as copies of it (the export's warm-up).

    They are forked from it, or from the fork server that ran this: they start with the readers of
    ``formats`` (every format's when ``None``, see :func:`prepare_workers`), validation and the Arrow
    columns (pyarrow imports pandas) imported and their caches filled. What only this process needs
    (DuckDB, the store) is not here.
    """
    prepare_workers(formats)
    _warm_columns()


@functools.cache
def _warm_columns() -> None:
    warm = Columns()
    warm.add(ReadResult(seed_report(), (), "<warm-up>"), "<warm-up>", seed_report().fingerprint)
    warm.tables()


def group_inputs(
    items: Iterable[Input], most_files: int, most_bytes: int, most_lines: int
) -> Iterator[tuple[Input, ...]]:
    """Inputs in tasks of at most so many files (a larger file alone) and so many JSON lines."""
    files: list[Input] = []
    lines: list[Input] = []
    size = lines_size = 0
    for item in items:
        if item.unit.line is not None or item.unit.problem is not None:
            if lines and (len(lines) == most_lines or lines_size + item.size > most_bytes):
                yield tuple(lines)
                lines, lines_size = [], 0
            lines.append(item)
            lines_size += item.size
            continue
        if files and (len(files) == most_files or size + item.size > most_bytes):
            yield tuple(files)
            files, size = [], 0
        files.append(item)
        size += item.size
    if files:
        yield tuple(files)
    if lines:
        yield tuple(lines)


def done_tasks(
    items: Iterable[Input],
    *,
    jobs: int,
    timeout: float,
    memory: int | None,
    formats: Collection[str] | None = None,
) -> Iterator[Done]:
    """Each input read in a worker process, tasks of inputs to a worker; the limits apply to each input.

    An input that runs out of time or memory is recorded unreadable on its own; one whose worker died
    is read again alone first (see :func:`run_grouped`); the others of its task are read all the same.
    The workers start warm for ``formats``, the inputs' formats (every format's when ``None``).
    """
    tasks = group_inputs(items, TASK_FILES, TASK_BYTES, TASK_LINES)
    outcomes = run_grouped(
        _export_input,
        tasks,
        merge=_merged,
        jobs=jobs,
        timeout=timeout,
        memory=memory,
        warm=functools.partial(prepare_export_workers, formats),
    )
    for outcome in outcomes:
        yield (
            failed_input(outcome.argument, outcome.reason, outcome.code)
            if isinstance(outcome, Failed)
            else outcome
        )


def failed_input(item: Input, reason: str, code: str) -> Done:
    name = display_name(item.identity)
    said = f"{name}: {reason}"
    exported = Exported(
        name,
        item.stamp,
        item.size,
        None,
        problem=code,
        reason=said,
        origin=item.unit.origin,
        file_bytes=name_bytes(item.identity),
    )
    return Done((exported,))
