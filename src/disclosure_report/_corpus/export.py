"""Exporting: the inputs found, what is new decided, the rows written in chunks (locally or on a cluster)."""

from __future__ import annotations

import datetime
import functools
import importlib.util
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._io.batch import batch_formats, input_files, units
from .._io.workers import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    available_jobs,
)
from .._validation.decisions import Decisions
from .cluster import check_workers, cluster_client, cluster_tasks
from .columns import append_row
from .parts import without_reports
from .reading import Done, Exported, Input, done_tasks, resolved_path, stamped_input
from .schema import CORPUS_TABLES, CorpusFormat, arrow_table
from .stores import RETRIED, ParquetStore, Store, corpus_format, input_key, not_a_corpus, open_store

if TYPE_CHECKING:
    import distributed
    import pyarrow


@attrs.frozen
class ExportSummary:
    """What an export did.

    Attributes:
        inputs: The inputs found (files, and lines of JSON-lines files).
        skipped: Inputs already in the corpus, not read again.
        added: Reports added.
        duplicates: Inputs whose report was already there (from another input, or earlier in the run).
        unreadable: Inputs that could not be read (recorded in ``files`` with why).
    """

    inputs: int = 0
    skipped: int = 0
    added: int = 0
    duplicates: int = 0
    unreadable: int = 0


CHUNK_INPUTS: Final = 500
"""Inputs written in one transaction (or Parquet chunk)."""
CHUNK_SECONDS: Final = 10.0
"""The longest a finished result waits to be written: an interrupted run loses at most this much work."""


def export_corpus(
    paths: Iterable[str | os.PathLike[str]],
    target: str | os.PathLike[str],
    *,
    format: CorpusFormat | None = None,
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
    progress: Callable[[str | None], None] | None = None,
    dask: str | distributed.Client | None = None,
    decisions: Decisions | None = None,
) -> ExportSummary:
    """Export every report of the files and folders given into a corpus (DuckDB or Parquet).

    Inputs are read in worker processes, each input (a file, a line of a ``.jsonl`` file) with the time
    and memory limits to itself (one that exceeds them is recorded as unreadable, the others of its task
    read all the same); folders are searched for every supported format and ``.jsonl`` files (a report
    per line). Inputs the corpus already holds, by their resolved path, are skipped, except those that
    failed for a reason of the moment (a limit, a killed worker, a full temporary folder), which are read
    again; a report already there from another input is recorded as a duplicate, never added twice.

    With ``dask``, the files are read as tasks on a Dask cluster, whose workers stage their rows in the
    Parquet folder themselves (it must be on a file system every worker and this process see, as must the
    files, which are given to the workers by their absolute names); this process only decides what is
    new and commits each task's staged parts. A worker lost mid-run has its tasks run again by Dask, and
    loses and duplicates nothing. One export at a time writes a Parquet folder (a second is refused).

    Args:
        paths: Files and folders.
        target: The DuckDB file, or the Parquet folder (created if need be).
        format: ``"duckdb"`` or ``"parquet"``; by default a folder (or a new name without extension) is
            Parquet and anything else DuckDB.
        jobs: Worker processes (one per CPU by default); with ``dask="local"``, the cluster's workers
            (ignored with a scheduler's address or a client: the cluster has the workers it has).
        timeout: Seconds reading (and validating) one input may take.
        memory: Bytes of memory a worker may add while reading one input (``None`` for no limit).
        progress: Called once per input done (``None``), and with a message to show: each unreadable
            input, the Dask dashboard's address.
        dask: A Dask scheduler's address (``"tcp://host:8786"``), ``"local"`` for a local cluster of
            ``jobs`` worker processes, or a ``distributed.Client``; the target must then be Parquet.
        decisions: Reviewers' decisions (:meth:`Decisions.read <disclosure_report.Decisions.read>`): they
            become the corpus's ``decisions``, in place of those it had, and apply to every finding of
            the corpus, those of reports exported earlier too (the ``reviewed_findings`` view). No
            finding is dropped: each is marked ``dismissed``, ``confirmed`` or, when its figure changed
            since the decision, ``outdated``. ``None`` keeps the corpus's decisions as they are.

    Returns:
        What was done: inputs found, skipped, added, duplicates, unreadable.

    Raises:
        ModuleNotFoundError: DuckDB or pyarrow (or, with ``dask``, Dask) is not installed (the message
            says what to install).
        ReadError: The target is no corpus, or a damaged part of it cannot be removed (code
            ``corpus-invalid``), or another export is writing it (``corpus-busy``).
        OSError: The corpus cannot be written (no room left on its disk: DuckDB's words, ``errno``
            ENOSPC).
        ValueError: ``dask`` was given with a DuckDB target.
        ClusterError: The Dask scheduler cannot be reached or was lost mid-run, or its workers cannot do
            the work (they cannot start processes, run another version of this library or none, or do
            not see the target folder); the message says what to change.
    """
    chosen = format or corpus_format(target)
    if dask is not None and chosen != "parquet":
        raise ValueError(
            f"{os.fspath(target)}: a cluster writes a Parquet folder, not a DuckDB file "
            "(make one from the folder afterwards with copy_corpus)"
        )
    corpus = _Corpus(Path(target), chosen, decisions, progress)
    # A new corpus holds nothing to skip: it is made while the workers read, not before they start
    # (DuckDB's import and the tables' making, a quarter of a second of a small batch's serial part).
    installed = all(importlib.util.find_spec(name) is not None for name in ("duckdb", "pyarrow"))
    if dask is not None or os.path.lexists(target) or not installed:
        corpus.open()  # what it holds decides what is read (and a missing extra is said at once)
    try:
        if dask is None:
            workers = jobs or available_jobs()
            inputs = list(input_files([os.fspath(path) for path in paths]))
            formats = batch_formats(inputs)  # the workers are warmed for these
            local = functools.partial(
                done_tasks, jobs=workers, timeout=timeout, memory=memory, formats=formats
            )
            return _export(inputs, corpus, local)
        with cluster_client(dask, jobs) as client:
            folder = os.path.abspath(target)
            check_workers(client, folder)
            # Workers do not share this process's directory: they are given every name in full.
            paths = [os.path.abspath(path) for path in paths]
            if progress:
                progress(f"Dask dashboard: {client.dashboard_link}")
            remote = functools.partial(cluster_tasks, client, folder, timeout=timeout, memory=memory)
            return _export(paths, corpus, remote)
    finally:
        corpus.close()


@attrs.define
class _Corpus:
    """The corpus an export writes: its store, opened once (see :meth:`open`), and what it held then."""

    target: Path
    format: CorpusFormat
    decisions: Decisions | None
    progress: Callable[[str | None], None] | None
    store: Store | None = None
    done: dict[tuple[str, str], str | None] = attrs.field(factory=dict)
    """The inputs it held, as :meth:`Store.inputs` gives them (filled when it is opened)."""
    known: set[str] = attrs.field(factory=set)
    """The reports it held, and those added since."""

    def open(self) -> Store:
        """The store, opened (or made) the first time: what it holds read, the decisions taken."""
        if self.store is not None:
            return self.store
        with not_a_corpus(self.target):
            store = open_store(self.target, self.format)
            try:
                self.done.update(store.inputs())
                self.known.update(store.fingerprints())
            except BaseException:
                store.close()
                raise
        self.store = store
        if self.progress:
            for said in store.repaired:
                self.progress(said)
        if self.decisions is not None:
            store.decide(_decisions_table(self.decisions))
        return store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _decisions_table(decisions: Decisions) -> pyarrow.Table:
    """The rows of the ``decisions`` table: each decision, its precedence, and when the export took it."""
    recorded = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    rows: dict[str, list[object]] = {column: [] for column, _ in CORPUS_TABLES["decisions"]}
    for precedence, decision in enumerate(decisions.in_order()):
        append_row(
            rows,
            key=decision.key,
            figure=decision.figure,
            decision=decision.decision,
            decided_by=decision.by,
            decided_at=decision.at,
            reason=decision.reason,
            precedence=precedence,
            recorded=recorded,
        )
    return arrow_table("decisions", rows)


def _export(
    paths: Iterable[str | os.PathLike[str]],
    corpus: _Corpus,
    tasks_done: Callable[[Iterable[Input]], Iterator[Done]],
) -> ExportSummary:
    done, known, progress = corpus.done, corpus.known, corpus.progress
    counts = {"inputs": 0, "skipped": 0, "added": 0, "duplicates": 0, "unreadable": 0}
    given = False  # every input given to a worker: what comes back is written at once, not at the end

    def pending() -> Iterator[Input]:
        nonlocal given
        resolved = ("", "")  # the last file resolved, for the lines of a JSON-lines file
        for unit in units([os.fspath(path) for path in paths]):
            counts["inputs"] += 1
            if unit.file != resolved[0]:
                resolved = (unit.file, resolved_path(unit.file))
            key = resolved[1] if unit.number is None else f"{resolved[1]}:{unit.number}"
            item = stamped_input(unit, key)
            if (key, item.stamp) in done and done[key, item.stamp] not in RETRIED:
                counts["skipped"] += 1
                if progress:
                    progress(None)
                continue
            yield item
        given = True

    files: dict[str, list[object]] = {column: [] for column, _ in CORPUS_TABLES["files"]}
    replaced: list[Exported] = []  # inputs read again: their earlier rows go
    parts: dict[str, list[pyarrow.Table]] = {}
    started = time.monotonic()
    for task in tasks_done(pending()):
        store = corpus.open()  # a new corpus: now, its workers started (before its first rows are counted)
        now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
        dropped = []  # reports of this task already in the corpus: their rows are not written again
        for exported in task.inputs:
            fingerprint = exported.fingerprint
            if fingerprint is None:
                status, counted = "unreadable", "unreadable"
            elif fingerprint in known or not exported.kept:
                status, counted = "duplicate", "duplicates"
                if exported.kept:
                    dropped.append(fingerprint)
            else:
                status, counted = "read", "added"
                known.add(fingerprint)
            counts[counted] += 1
            if (input_key(exported.file, exported.file_bytes), exported.stamp) in done:
                replaced.append(exported)
            append_row(
                files,
                file=exported.file,
                stamp=exported.stamp,
                size=exported.size,
                sha256=exported.sha256,
                status=status,
                fingerprint=fingerprint,
                problem=exported.problem,
                reason=exported.reason,
                exported=now,
                origin=exported.origin,
                file_bytes=exported.file_bytes,
            )
            if progress:
                if exported.reason is not None:
                    progress(exported.reason)
                progress(None)
        if task.chunk is not None:  # its rows are written: commit them, in a chunk of their own
            assert isinstance(store, ParquetStore)
            store.commit(task.chunk, task.staged, arrow_table("files", files), dropped, _replaced(replaced))
            files = {column: [] for column in files}
            replaced = []
            continue
        for name, table in task.tables.items():
            parts.setdefault(name, []).append(without_reports(table, dropped))
        # Once every input is given, a DuckDB file takes the last tasks' rows as each comes, while the
        # other workers read: the run ends with one task's write, not the whole last chunk's. (A Parquet
        # chunk is files of its own: not made smaller.)
        at_once = given and corpus.format == "duckdb"
        if at_once or len(files["file"]) >= CHUNK_INPUTS or time.monotonic() - started >= CHUNK_SECONDS:
            store.write(_chunk(files, parts), _replaced(replaced))
            files = {column: [] for column in files}
            replaced = []
            parts = {}
            started = time.monotonic()
    store = corpus.open()  # made even when there was nothing to read
    if files["file"]:
        store.write(_chunk(files, parts), _replaced(replaced))
    return ExportSummary(**counts)


def _replaced(inputs: Sequence[Exported]) -> pyarrow.Table | None:
    """The ``files`` rows of inputs read again, as the store looks them up (name, bytes, stamp)."""
    import pyarrow as pa

    if not inputs:
        return None
    return pa.table(
        {
            "file": pa.array([exported.file for exported in inputs], pa.string()),
            "file_bytes": pa.array([exported.file_bytes for exported in inputs], pa.binary()),
            "stamp": pa.array([exported.stamp for exported in inputs], pa.string()),
        }
    )


def _chunk(files: Mapping[str, list[object]], parts: Mapping[str, list[pyarrow.Table]]) -> dict[str, Any]:
    import pyarrow as pa

    tables = {name: pa.concat_tables(tables) for name, tables in parts.items()}
    return {
        **{name: table for name, table in tables.items() if table.num_rows},
        "files": arrow_table("files", files),
    }
