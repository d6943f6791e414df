"""The corpus: every report of a folder of downloaded files in DuckDB or Parquet tables, and back.

:func:`export_corpus` reads each file in a worker process (the batch's limits and isolation), validates
it, and writes the report, its cells, its findings and where each cell was printed. The run is
incremental and resumable: what a database already holds is skipped (a file by its name, size and
modification time, a JSON line by its content), a report already there from another file is recorded as a
duplicate of it (by fingerprint), and rows are written in transactions (DuckDB) or in chunks whose file
list is written last (Parquet), so an interrupted run loses nothing and duplicates nothing when run again.
:func:`open_corpus` gives a DuckDB connection with the tables and the views that answer the usual
questions; :func:`read_corpus` gives the reports back, equal to those read.

DuckDB and pyarrow are optional: ``pip install 'disclosure-report[corpus]'``.
"""

from __future__ import annotations

import collections
import contextlib
import datetime
import errno
import functools
import hashlib
import json
import os
import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from ._form import CellKind, Section, TableKind, TemplateVersion, table_spec
from ._indicators import indicators_sql
from ._io.batch import TASK_BYTES, TASK_FILES, TASK_LINES, Unit, units
from ._io.files import display_name, name_bytes
from ._io.read.assemble import ReadResult
from ._io.tidy import AMOUNT_PLACES, numeric_amount
from ._io.workers import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    Failed,
    available_jobs,
    prepare_workers,
    run_grouped,
)
from ._model import (
    METADATA_DETAILS,
    TABLE_CLASSES,
    AnnualReport,
    AnyTable,
    CellValue,
    Metadata,
    SourcePosition,
    detail_from_text,
    detail_text,
    plain,
)
from ._rules import BALANCE_CODES, Severity
from ._validation.decisions import Decisions, finding_figure, finding_key
from .examples import seed_report
from .exceptions import ClusterError, Problem, ReadError

if TYPE_CHECKING:
    import distributed
    import duckdb
    import pyarrow

__all__ = [
    "CORPUS_TABLES",
    "CORPUS_VIEWS",
    "CorpusFormat",
    "ExportSummary",
    "copy_corpus",
    "export_corpus",
    "open_corpus",
    "read_corpus",
]

CorpusFormat = Literal["duckdb", "parquet"]
"""Where a corpus is written: one DuckDB file, or a folder of Parquet files (one folder per table)."""

AMOUNT_TYPE: Final = f"DECIMAL(38,{AMOUNT_PLACES})"
"""The numeric type of amounts (万元): exact to 18 decimal places, far beyond the fen. An amount with
more decimals has no ``amount`` (its exact text is in ``value``)."""

CORPUS_TABLES: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    "files": (
        ("file", "VARCHAR"),
        ("stamp", "VARCHAR"),
        ("size", "BIGINT"),
        ("sha256", "VARCHAR"),
        ("status", "VARCHAR"),
        ("fingerprint", "VARCHAR"),
        ("problem", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("exported", "TIMESTAMP"),
        ("origin", "VARCHAR"),
        ("file_bytes", "BLOB"),
    ),
    "reports": (
        ("fingerprint", "VARCHAR"),
        ("file", "VARCHAR"),
        ("agency", "VARCHAR"),
        ("year", "SMALLINT"),
        ("version", "VARCHAR"),
        ("title", "VARCHAR"),
        ("published", "DATE"),
        ("source", "VARCHAR"),
        ("region", "VARCHAR"),
        ("division_code", "VARCHAR"),
        ("level", "VARCHAR"),
        ("preamble", "VARCHAR"),
        ("overview", "VARCHAR"),
        ("problems", "VARCHAR"),
        ("other_matters", "VARCHAR"),
        ("headings", "VARCHAR"),
        ("valid", "BOOLEAN"),
        ("errors", "INTEGER"),
        ("warnings", "INTEGER"),
    ),
    "cells": (
        ("fingerprint", "VARCHAR"),
        ("table_key", "VARCHAR"),
        ("row_key", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("row_label", "VARCHAR"),
        ("column_label", "VARCHAR"),
        ("value", "VARCHAR"),
        ("count", "BIGINT"),
        ("amount", AMOUNT_TYPE),
    ),
    "findings": (
        ("fingerprint", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("code", "VARCHAR"),
        ("severity", "VARCHAR"),
        ("section", "VARCHAR"),
        ("table_key", "VARCHAR"),
        ("row_key", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("source", "VARCHAR"),
        ("expected", "VARCHAR"),
        ("actual", "VARCHAR"),
        ("message_zh", "VARCHAR"),
        ("message_en", "VARCHAR"),
        ("evidence", "VARCHAR"),
        ("key", "VARCHAR"),
        ("figure", "VARCHAR"),
    ),
    "positions": (
        ("fingerprint", "VARCHAR"),
        ("table_key", "VARCHAR"),
        ("row_key", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("position", "VARCHAR"),
        ("file", "VARCHAR"),
        ("page", "INTEGER"),
        ("sheet", "VARCHAR"),
        ("address", "VARCHAR"),
        ("line", "INTEGER"),
        ("paragraph", "INTEGER"),
        ("table_number", "INTEGER"),
        ("row_number", "INTEGER"),
        ("cell_number", "INTEGER"),
    ),
    "decisions": (
        ("key", "VARCHAR"),
        ("figure", "VARCHAR"),
        ("decision", "VARCHAR"),
        ("decided_by", "VARCHAR"),
        ("decided_at", "TIMESTAMPTZ"),
        ("reason", "VARCHAR"),
        ("precedence", "INTEGER"),
        ("recorded", "TIMESTAMP"),
    ),
}
"""The corpus's tables, their columns and SQL types, in order.

``files``: every input (a file, or a line of a JSON-lines file) with its ``status``: ``read`` (its report
is in ``reports``), ``duplicate`` (its report was already there from another input: ``fingerprint`` names
it), or ``unreadable`` (``problem`` is the problem code, ``reason`` says why). ``file`` is the file's
resolved path (absolute, links followed; ``:line`` for a line): the same input by another path is the same
input. A name whose bytes are not UTF-8 (GBK names from a Chinese archive) is kept as its bytes in
``file_bytes``, ``file`` then showing it as text (see the batch's display of names); ``file_bytes`` is
``NULL`` for every other name. ``stamp`` is what a later run compares to skip an input already exported
(size and modification time; a JSON line's size and hash); an input unreadable for a reason of the moment
(``resource-limit``, ``system-failure``) is read again by the next run, its row replaced. ``origin`` is the
web address a fetched file came from, as its fetch's manifest says (also its report's ``source``).
``reports``: one row per distinct report (by :attr:`~disclosure_report.AnnualReport.fingerprint`), its
metadata, texts, headings (a JSON object) and validation counts (as validated, before any reviewer's
decision). ``cells``: every cell of the three tables, blank ones too, with the form's labels; ``value`` is the
exact text (``NULL`` when blank), ``count`` or ``amount`` the number. ``findings``: what reading and
validation found, as :meth:`Validation.rows` gives them, every one (none is dropped for a reviewer's
decision), each with its ``key`` and ``figure`` (:func:`~disclosure_report.finding_key`,
:func:`~disclosure_report.finding_figure`): the view ``reviewed_findings`` marks each with the decision about
it. ``positions``: where each cell was printed in its file. ``decisions``: the reviewers' decisions of the
last export given a decisions file (``export_corpus(decisions=...)``), as the file states them (``decided_by``
and ``decided_at`` are its ``by`` and ``at``), ``precedence`` their order (the latest about a finding
prevails) and ``recorded`` when the export took them; an export without one keeps them.
"""

_POSITION_FIELDS: Final = (
    ("file", "file"),
    ("page", "page"),
    ("sheet", "sheet"),
    ("address", "address"),
    ("line", "line"),
    ("paragraph", "paragraph"),
    ("table", "table_number"),
    ("row", "row_number"),
    ("cell", "cell_number"),
)
""":class:`SourcePosition`'s fields and their columns in ``positions``."""


def _request_cell(alias: str, row: str) -> str:
    return (
        f"LEFT JOIN cells {alias} ON {alias}.fingerprint = r.fingerprint AND {alias}.table_key = 'requests' "
        f"AND {alias}.row_key = '{row}' AND {alias}.column_key = 'total'"
    )


_REVIEWED_FINDINGS: Final = """
    WITH taken AS (
        SELECT * FROM decisions QUALIFY recorded = max(recorded) OVER ()
    ), fitting AS (  -- the latest decision about a finding's key and figure
        SELECT * FROM taken QUALIFY row_number() OVER (PARTITION BY key, figure ORDER BY precedence DESC) = 1
    ), latest AS (  -- the latest about its key, whatever the figure: what an outdated finding shows
        SELECT * FROM taken QUALIFY row_number() OVER (PARTITION BY key ORDER BY precedence DESC) = 1
    )
    SELECT f.*,
           CASE WHEN m.decision = 'dismiss' THEN 'dismissed' WHEN m.decision = 'confirm' THEN 'confirmed'
                WHEN l.key IS NOT NULL THEN 'outdated' END AS decision,
           CASE WHEN m.key IS NOT NULL THEN m.decided_by ELSE l.decided_by END AS decided_by,
           CASE WHEN m.key IS NOT NULL THEN m.decided_at ELSE l.decided_at END AS decided_at,
           CASE WHEN m.key IS NOT NULL THEN m.reason ELSE l.reason END AS decision_reason
    FROM findings f
    LEFT JOIN fitting m ON m.key = f.key AND m.figure = f.figure
    LEFT JOIN latest l ON l.key = f.key
"""
"""Each finding with the decision about it, as :func:`~disclosure_report.apply_decisions` applies it: the
latest decision about its key and figure (``dismissed`` or ``confirmed``), else ``outdated`` with the latest
about its key (its figure changed since), else none. Two hash joins: the cost grows with the findings and
the decisions, once each."""


CORPUS_VIEWS: Final[Mapping[str, str]] = {
    "reviewed_findings": _REVIEWED_FINDINGS,
    "disclosure_rates": f"""
        SELECT r.fingerprint, r.agency, r.region, r.division_code, r.level, r.year,
               g.count AS granted, p.count AS partially_granted, t.count AS handled,
               CASE WHEN t.count > 0 THEN (g.count + p.count) / t.count END AS rate
        FROM reports r
        {_request_cell("g", "granted")}
        {_request_cell("p", "partially_granted")}
        {_request_cell("t", "total")}
    """,
    "disclosure_rate_by_year_level": """
        SELECT year, level, count(*) AS reports, count(rate) AS reports_with_a_rate,
               sum(granted + partially_granted) FILTER (WHERE rate IS NOT NULL)
                 / sum(handled) FILTER (WHERE rate IS NOT NULL) AS rate
        FROM disclosure_rates
        GROUP BY year, level
        ORDER BY year, level NULLS LAST
    """,
    "unbalanced_reports": f"""
        SELECT r.fingerprint, r.file, r.agency, r.region, r.year, count(*) AS errors,
               list(DISTINCT f.code ORDER BY f.code) AS codes
        FROM reports r JOIN reviewed_findings f ON f.fingerprint = r.fingerprint
        WHERE f.severity = 'error' AND f.decision IS DISTINCT FROM 'dismissed'
          AND f.code IN ({", ".join(repr(code) for code in BALANCE_CODES)})
        GROUP BY r.fingerprint, r.file, r.agency, r.region, r.year
        ORDER BY r.year, r.agency, r.file
    """,
    "carry_over_mismatches": """
        SELECT now.agency, now.region, now.year, c.column_key,
               last.count AS carried_forward_last_year, c.count AS carried_over_this_year,
               now.fingerprint, before.fingerprint AS previous_fingerprint
        FROM reports now
        JOIN reports before
          ON before.agency = now.agency AND before.year = now.year - 1
         AND before.region IS NOT DISTINCT FROM now.region
         AND (before.division_code IS NULL OR now.division_code IS NULL
              OR before.division_code = now.division_code)
        JOIN cells c
          ON c.fingerprint = now.fingerprint AND c.table_key = 'requests' AND c.row_key = 'carried_over'
        JOIN cells last
          ON last.fingerprint = before.fingerprint AND last.table_key = 'requests'
         AND last.row_key = 'carried_forward' AND last.column_key = c.column_key
        WHERE c.count IS NOT NULL AND last.count IS NOT NULL AND c.count <> last.count
        QUALIFY count(*) OVER (PARTITION BY now.fingerprint, c.column_key) = 1
        ORDER BY now.year, now.agency, c.column_key
    """,
    "indicators": indicators_sql(),
}
"""The views :func:`open_corpus` and a DuckDB export define, by name.

``reviewed_findings``: every finding with the reviewers' decision about it (the columns ``validate
--decisions`` adds): ``decision`` is ``dismissed``, ``confirmed``, ``outdated`` (a decision about its key,
but its figure changed since: it is not dismissed) or ``NULL``; ``decided_by``, ``decided_at`` and
``decision_reason`` say who, when and why. ``disclosure_rates``: each report's 予以公开 and 部分公开
over （七）总计 (all applicants), ``NULL`` when a cell is blank or nothing was handled.
``disclosure_rate_by_year_level``: the same, summed by year and agency level. ``unbalanced_reports``:
reports whose tables break a printed or layout relation (a total not the sum of its parts, table 三's
勾稽关系), findings reviewers dismissed left out. ``carry_over_mismatches``: a report whose 上年结转
differs from the same agency's 结转下年度 of the year before (the same name and region, the division
codes not disagreeing; an agency with two reports that year is not compared). ``indicators``: the
indicator panel (:data:`disclosure_report.INDICATORS`), one row per report, each indicator with its
numerator, denominator, small-sample flag and change from last year's report (``previous``), ``NULL``
over a blank cell: the values :func:`~disclosure_report.indicators` gives for the same reports.
"""


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


# --- reading, in the workers ---------------------------------------------------------------------------


@attrs.frozen
class _Input:
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
class _Exported:
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
class _Done:
    """What a worker sends back for a task: each input, and the rows of the reports kept, by table.

    On a cluster the worker writes the rows itself, as staged parts of the chunk that only this run of
    the task writes (``staged`` names them, table by table): a run of the same task elsewhere, Dask's
    retry or a worker thought lost, writes parts of its own, never those the parent commits.
    """

    inputs: tuple[_Exported, ...]
    tables: Mapping[str, pyarrow.Table] = attrs.field(factory=dict)
    chunk: str | None = None
    staged: Mapping[str, str] = attrs.field(factory=dict)


def _stamp(unit: Unit, key: str | None = None) -> _Input:
    if unit.line is not None:
        data = unit.line.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        return _Input(unit, f"{len(data)}:{sha}", len(data), sha, key)
    try:
        status = os.stat(unit.name)
    except OSError:
        return _Input(unit, "", 0, key=key)
    return _Input(unit, f"{status.st_size}:{status.st_mtime_ns}", status.st_size, key=key)


def _resolved(name: str) -> str:
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


def _read_one(item: _Input) -> tuple[_Exported, ReadResult | None]:
    name, raw = display_name(item.identity), name_bytes(item.identity)
    sha = item.sha256 if item.unit.line is not None else _file_hash(item.unit.name)
    exported = _Exported(name, item.stamp, item.size, sha, origin=item.unit.origin, file_bytes=raw)
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

    exported: _Exported
    columns: _Columns | None


def _export_input(item: _Input) -> _Read:
    """What a worker process does for each input: read it, validate it, make its rows.

    A top-level function, for spawned workers. All of it within the input's own limits (validation too:
    a report slow to diagnose is that report's problem alone). The parent only decides what is new, and
    writes.
    """
    exported, result = _read_one(item)
    if result is None or exported.fingerprint is None:
        return _Read(exported, None)
    columns = _Columns()
    columns.add(result, exported.file, exported.fingerprint)
    return _Read(exported, columns)


def _merged(reads: list[_Read]) -> _Done:
    """Inputs a worker read, their rows as Arrow columns, each report once (made in the worker)."""
    columns = _Columns()
    inputs = []
    for read in reads:
        exported = read.exported
        if read.columns is not None and exported.fingerprint is not None:
            exported = attrs.evolve(exported, kept=columns.extend(read.columns, exported.fingerprint))
        inputs.append(exported)
    return _Done(tuple(inputs), columns.tables())


class _Columns:
    """The rows of reports for the corpus tables, column by column, each report once."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, list[object]]] = {
            name: {column: [] for column, _ in spec} for name, spec in CORPUS_TABLES.items()
        }
        self.seen: set[str] = set()

    def add(self, result: ReadResult, name: str, fingerprint: str) -> bool:
        """Add a report's rows (its fingerprint given), unless it was added already; whether it was."""
        report = result.report
        if fingerprint in self.seen:
            return False
        self.seen.add(fingerprint)
        info = report.metadata
        validation = result.validate()
        severities = [finding.severity for finding in validation]
        headings = {section.key: text for section, text in report.headings}
        _append(
            self.columns["reports"],
            fingerprint=fingerprint,
            file=name,
            agency=info.agency,
            year=info.year,
            version=info.version.value,
            title=info.title,
            published=info.published,
            source=info.source,
            region=info.region,
            division_code=info.division_code,
            level=detail_text(info, "level"),
            preamble=report.preamble,
            overview=report.overview,
            problems=report.problems,
            other_matters=report.other_matters,
            headings=json.dumps(headings, ensure_ascii=False),
            valid=validation.valid,
            errors=severities.count(Severity.ERROR),
            warnings=severities.count(Severity.WARNING),
        )
        cells = self.columns["cells"]
        for table in report.tables():
            layout = _layout(table.kind, table.version)
            for column, values in layout.items():
                cells[column].extend(values)
            cells["fingerprint"].extend([fingerprint] * len(table.values))
            for value in table.values:
                cells["value"].append(None if value is None else plain(value))
                cells["count"].append(value if isinstance(value, int) else None)
                cells["amount"].append(numeric_amount(value) if isinstance(value, Decimal) else None)
        findings = self.columns["findings"]
        for ordinal, (row, finding) in enumerate(zip(validation.rows(), validation, strict=True)):
            _append(
                findings,
                fingerprint=fingerprint,
                ordinal=ordinal,
                code=row["code"],
                severity=row["severity"],
                section=row["section"],
                table_key=row["table"],
                row_key=row["row"],
                column_key=row["column"],
                source=row["source"],
                expected=None if row["expected"] is None else str(row["expected"]),
                actual=None if row["actual"] is None else str(row["actual"]),
                message_zh=row["message_zh"],
                message_en=row["message_en"],
                evidence=row["evidence"],
                key=finding_key(report, finding),
                figure=finding_figure(finding),
            )
        positions = self.columns["positions"]
        for (kind, row_key, column_key), position in report.positions.items():
            _append(
                positions,
                fingerprint=fingerprint,
                table_key=kind.key,
                row_key=row_key.key,
                column_key=column_key.key,
                position=str(position),
                **{column: getattr(position, field) for field, column in _POSITION_FIELDS},
            )
        return True

    def extend(self, other: _Columns, fingerprint: str) -> bool:
        """Add the rows of another's report, unless it was added already; whether it was."""
        if fingerprint in self.seen:
            return False
        self.seen.add(fingerprint)
        for name, columns in other.columns.items():
            for column, values in columns.items():
                self.columns[name][column].extend(values)
        return True

    def tables(self) -> dict[str, pyarrow.Table]:
        return {
            name: _arrow_table(name, columns)
            for name, columns in self.columns.items()
            if name != "files" and any(columns.values())
        }


def _append(columns: Mapping[str, list[object]], **values: object) -> None:
    for column, value in values.items():
        columns[column].append(value)


@functools.cache
def _layout(kind: TableKind, version: TemplateVersion) -> dict[str, tuple[str, ...]]:
    """The columns of ``cells`` that are the same for every report of a version: keys and labels."""
    cells = table_spec(kind, version).cells
    return {
        "table_key": (kind.key,) * len(cells),
        "row_key": tuple(row.key.key for row, _ in cells),
        "column_key": tuple(column.key.key for _, column in cells),
        "row_label": tuple(row.label for row, _ in cells),
        "column_label": tuple(column.label for _, column in cells),
    }


# --- the stores ------------------------------------------------------------------------------------------


def _arrow_table(name: str, columns: Mapping[str, Sequence[Any]]) -> pyarrow.Table:
    import pyarrow as pa

    schema = _arrow_schema(name)
    return pa.Table.from_arrays(
        [pa.array(columns[field.name], type=field.type) for field in schema], schema=schema
    )


def _arrow_schema(name: str) -> pyarrow.Schema:
    import pyarrow as pa

    types = {
        "VARCHAR": pa.string(),
        "BIGINT": pa.int64(),
        "INTEGER": pa.int32(),
        "SMALLINT": pa.int16(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
        AMOUNT_TYPE: pa.decimal128(38, AMOUNT_PLACES),
        "BLOB": pa.binary(),
    }
    return pa.schema([(column, types[kind]) for column, kind in CORPUS_TABLES[name]])


_RETRIED: Final = frozenset({"resource-limit", "system-failure"})
"""Problems of the moment, not of the file (a time or memory limit, a killed worker, a full temporary
folder): an input recorded with one is read again by the next export, and its row replaced."""


def _key(file: str, file_bytes: bytes | None) -> str:
    """An input's identity from its row: its name's bytes when it has them, made absolute.

    Names recorded relative (by earlier versions) are taken relative to the current folder.
    """
    name = os.fsdecode(file_bytes) if file_bytes is not None else file
    if os.path.isabs(name):
        return name
    line = re.fullmatch(r"(.*\.jsonl):(\d+)", name, flags=re.DOTALL)
    if line is not None:
        return f"{_resolved(line[1])}:{line[2]}"
    return _resolved(name)


class _Store:
    """Where a corpus is kept: what it already holds, and a chunk of rows written all or nothing."""

    repaired: tuple[str, ...] = ()
    """What was found damaged and dropped when the store was opened (said to the user)."""

    def inputs(self) -> dict[tuple[str, str], str | None]:
        """The inputs already exported, (identity, stamp), with their problem code (``None`` if read)."""
        raise NotImplementedError

    def fingerprints(self) -> set[str]:
        """The reports already there."""
        raise NotImplementedError

    def write(self, tables: Mapping[str, pyarrow.Table], replaced: pyarrow.Table | None = None) -> None:
        """Write one chunk of rows (``files`` always among them), all of it or none.

        ``replaced``: the ``files`` rows (``file``, ``file_bytes``, ``stamp``) of inputs read again,
        whose earlier row the new one replaces.
        """
        raise NotImplementedError

    def decide(self, decisions: pyarrow.Table) -> None:
        """Make these the corpus's decisions (the ``decisions`` table's rows), in place of those it had."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish writing."""


def _inputs(rows: Iterable[tuple[Any, ...]]) -> dict[tuple[str, str], str | None]:
    """Rows (file, file_bytes, stamp, problem, exported) by input; the latest row of each wins."""
    latest: dict[tuple[str, str], tuple[Any, str | None]] = {}
    for file, file_bytes, stamp, problem, exported in rows:
        key = (_key(file, file_bytes), stamp)
        if key not in latest or (exported is not None and exported >= latest[key][0]):
            latest[key] = (exported, problem)
    return {key: problem for key, (_, problem) in latest.items()}


_INPUT_COLUMNS: Final = ("file", "file_bytes", "stamp", "problem", "exported")


class _DuckDBStore(_Store):
    """A DuckDB file, held by this run alone (a lock on the file, as a Parquet folder has one)."""

    def __init__(self, path: Path) -> None:
        import duckdb

        self.path = path
        # Locked before it is opened when it is there; else once DuckDB has made it.
        self.lock = _lock(path, path) if path.exists() else None
        try:
            try:
                self.connection = duckdb.connect(str(path))
            except duckdb.Error:
                if self.lock is None and path.exists():
                    self.lock = _lock(path, path)  # another export made it a moment ago: corpus-busy
                raise
            if self.lock is None:
                self.lock = _lock(path, path)
            with _written(path):
                for name, columns in CORPUS_TABLES.items():
                    definition = ", ".join(f'"{column}" {kind}' for column, kind in columns)
                    self.connection.execute(f"CREATE TABLE IF NOT EXISTS {name} ({definition})")
                    for column, kind in columns:  # a column added since the file was made (origin, ...)
                        self.connection.execute(
                            f'ALTER TABLE {name} ADD COLUMN IF NOT EXISTS "{column}" {kind}'
                        )
                _define_views(self.connection)
        except BaseException:
            if self.lock is not None:
                self.lock.close()
            raise

    def inputs(self) -> dict[tuple[str, str], str | None]:
        listed = ", ".join(_INPUT_COLUMNS)
        return _inputs(self.connection.execute(f"SELECT {listed} FROM files").fetchall())

    def fingerprints(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT fingerprint FROM reports").fetchall()}

    def write(self, tables: Mapping[str, pyarrow.Table], replaced: pyarrow.Table | None = None) -> None:
        import duckdb

        connection = self.connection
        with _written(self.path):
            connection.execute("BEGIN TRANSACTION")
            try:
                if replaced is not None and replaced.num_rows:
                    connection.register("replaced", replaced)
                    connection.execute(
                        "DELETE FROM files f USING replaced r WHERE f.file = r.file AND f.stamp = r.stamp "
                        "AND f.file_bytes IS NOT DISTINCT FROM r.file_bytes"
                    )
                    connection.unregister("replaced")
                for name, chunk in tables.items():
                    connection.register("chunk", chunk)
                    connection.execute(f"INSERT INTO {name} SELECT * FROM chunk")
                    connection.unregister("chunk")
                connection.execute("COMMIT")
            except BaseException:
                # A failed commit (no room left) has ended the transaction already: its error is the one
                # to tell, not the rollback's.
                with contextlib.suppress(duckdb.Error):
                    connection.execute("ROLLBACK")
                raise

    def decide(self, decisions: pyarrow.Table) -> None:
        import duckdb

        connection = self.connection
        with _written(self.path):
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute("DELETE FROM decisions")
                connection.register("taken", decisions)
                connection.execute("INSERT INTO decisions SELECT * FROM taken")
                connection.unregister("taken")
                connection.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(duckdb.Error):
                    connection.execute("ROLLBACK")
                raise

    def close(self) -> None:
        try:
            with _written(self.path):
                self.connection.close()
        finally:
            if self.lock is not None:
                self.lock.close()  # after DuckDB's own handle: closing a file drops its locks


@contextlib.contextmanager
def _written(path: Path) -> Iterator[None]:
    """DuckDB's failures to write a corpus (no room left, an I/O error) said as such.

    Raises:
        OSError: What DuckDB could not write, with DuckDB's words (``errno`` ENOSPC when no room is left).
    """
    import duckdb

    try:
        yield
    except (duckdb.IOException, duckdb.FatalException, duckdb.TransactionException) as error:
        said = str(error)
        number = errno.ENOSPC if "No space left" in said else errno.EIO
        raise OSError(number, f"cannot be written: {said}") from None


class _ParquetStore(_Store):
    """A folder with a folder per table; each chunk a file per table, named by the chunk, ``files`` last.

    A chunk is there when its ``files`` part is: parts of a chunk without one (a run stopped while writing
    it) are removed when the folder is opened again, and so is a chunk with a damaged part (its inputs
    are then read again). Each part is written durably (the file and its folder flushed to the disk
    before the chunk is committed).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        for name in CORPUS_TABLES:
            (path / name).mkdir(parents=True, exist_ok=True)
        self.lock = _lock(path / ".lock", path)
        self.superseded = False
        try:
            self.repaired = _drop_damaged(path)
            chunks = _committed_chunks(path)
            for name in CORPUS_TABLES:
                kept = set(_committed(path, name, chunks))
                for part in (path / name).iterdir():
                    if part.name.endswith(".tmp") or (part.suffix == ".parquet" and part not in kept):
                        part.unlink()
            _drop_superseded(path)
        except BaseException:
            self.lock.close()
            raise

    def close(self) -> None:
        try:
            if self.superseded:
                _drop_superseded(self.path)
        finally:
            self.lock.close()  # and with it, the lock

    def _read(self, name: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for part in _committed(self.path, name, _committed_chunks(self.path)):
            rows.extend(_part_rows(part, columns))
        return rows

    def inputs(self) -> dict[tuple[str, str], str | None]:
        return _inputs(self._read("files", _INPUT_COLUMNS))

    def fingerprints(self) -> set[str]:
        return {row[0] for row in self._read("reports", ("fingerprint",))}

    def write(self, tables: Mapping[str, pyarrow.Table], replaced: pyarrow.Table | None = None) -> None:
        chunk = uuid.uuid4().hex
        _write_parts(self.path, chunk, {name: table for name, table in tables.items() if name != "files"})
        _write_parts(self.path, chunk, {"files": tables["files"]})  # last: the chunk is there once it is
        # The rows replaced stay in their parts until the run ends (open_corpus shows the latest only).
        self.superseded |= replaced is not None and replaced.num_rows > 0

    def commit(
        self,
        chunk: str,
        staged: Mapping[str, str],
        files: pyarrow.Table,
        dropped: Sequence[str],
        replaced: pyarrow.Table | None = None,
    ) -> None:
        """Commit the parts a worker staged as the chunk's, without the rows of the reports ``dropped``.

        Raises:
            OSError: A staged part is not there (the worker wrote where this process does not see).
        """
        import pyarrow.parquet as pq

        for name, staged_name in staged.items():
            part = self.path / name / staged_name
            if dropped:
                kept = _without(pq.read_table(part), dropped)
                if kept.num_rows:
                    _write_parts(self.path, chunk, {name: kept})
                part.unlink()
            else:
                os.replace(part, self.path / name / f"{chunk}.parquet")
                _sync(self.path / name)
        _write_parts(self.path, chunk, {"files": files})
        self.superseded |= replaced is not None and replaced.num_rows > 0

    def decide(self, decisions: pyarrow.Table) -> None:
        """The decisions as a chunk of their own (an empty ``files`` part commits it), the earlier ones gone.

        The earlier decisions go first: a run stopped between the two has a corpus without decisions
        (every finding shown, as undecided) until the next export given the file, never one with
        decisions the reviewers have since withdrawn.
        """
        import pyarrow.parquet as pq

        chunks = _committed_chunks(self.path)
        for part in _committed(self.path, "decisions", chunks):
            part.unlink()
            files = self.path / "files" / part.name
            if pq.read_metadata(files).num_rows == 0:  # the chunk held the decisions alone
                files.unlink()
        _sync(self.path / "decisions")
        _sync(self.path / "files")
        if decisions.num_rows:
            chunk = uuid.uuid4().hex
            _write_parts(self.path, chunk, {"decisions": decisions})
            nothing: dict[str, list[object]] = {column: [] for column, _ in CORPUS_TABLES["files"]}
            _write_parts(self.path, chunk, {"files": _arrow_table("files", nothing)})


def _part_rows(part: Path, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """A part's rows, the columns asked for (``None`` for a column the part is older than)."""
    import pyarrow.parquet as pq

    present = set(pq.read_schema(part).names)
    table = pq.read_table(part, columns=[column for column in columns if column in present])
    values = [
        table.column(column).to_pylist() if column in present else [None] * table.num_rows
        for column in columns
    ]
    return list(zip(*values, strict=True))


def _sync(path: Path) -> None:
    """Flush a file, or a folder's entries, to the disk (where the platform can)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) * path.is_dir()
    try:
        descriptor = os.open(path, flags)
    except OSError:  # pragma: no cover - a folder cannot be opened on Windows
        return
    try:
        os.fsync(descriptor)
    except OSError as error:  # pragma: no cover - a file system that cannot sync folders
        if error.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
            raise
    finally:
        os.close(descriptor)


def _write_parts(folder: Path, chunk: str, tables: Mapping[str, pyarrow.Table]) -> None:
    """Write each table as the chunk's part in its table's folder, each whole or not at all, durably.

    Each file is flushed to the disk before it is renamed into place, and each folder after: a part
    that is there is whole, even after a power cut.
    """
    import pyarrow.parquet as pq

    for name, table in tables.items():
        final = folder / name / f"{chunk}.parquet"
        temporary = final.with_name(f"{final.name}.{uuid.uuid4().hex}.tmp")  # writers never share one
        try:
            pq.write_table(table, temporary)
            _sync(temporary)
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    for name in tables:
        _sync(folder / name)


def _committed_chunks(folder: Path) -> set[str]:
    """The chunks of a Parquet corpus that are committed: those whose ``files`` part is there."""
    return {part.stem for part in (folder / "files").glob("*.parquet")}


def _committed(folder: Path, name: str, chunks: set[str]) -> list[Path]:
    """The parts of a table in a Parquet corpus whose chunk is committed."""
    return sorted(part for part in (folder / name).glob("*.parquet") if part.stem in chunks)


def _damaged(folder: Path) -> dict[Path, str]:
    """The committed parts of a Parquet corpus that cannot be read, and why.

    Each part's footer (its schema and row groups) is read and its columns compared with the table's:
    one small read a part, whatever its size. A part cut short, or another file under a part's name,
    fails it.
    """
    import pyarrow
    import pyarrow.parquet as pq

    chunks = _committed_chunks(folder)
    found = {}
    for name, columns in CORPUS_TABLES.items():
        expected = {column for column, _ in columns}
        for part in _committed(folder, name, chunks):
            try:
                names = set(pq.read_metadata(part).schema.names)
            except (OSError, pyarrow.ArrowException) as error:
                found[part] = str(error)
                continue
            if not names <= expected or not names:
                found[part] = f"columns {sorted(names)} are not the {name} table's"
    return found


def _drop_damaged(folder: Path) -> tuple[str, ...]:
    """Remove each chunk with a damaged part, its ``files`` part first: uncommitted, its inputs read again.

    Returns:
        What was dropped, a line for each damaged part.

    Raises:
        ReadError: A damaged part cannot be removed (code ``corpus-invalid``, naming it).
    """
    said = []
    for part, why in sorted(_damaged(folder).items()):
        chunk = part.stem
        try:
            (folder / "files" / f"{chunk}.parquet").unlink(missing_ok=True)
            _sync(folder / "files")
            for name in CORPUS_TABLES:
                (folder / name / f"{chunk}.parquet").unlink(missing_ok=True)
        except OSError as error:
            message = f"damaged ({why}), and cannot be removed: {error.strerror or error}"
            raise ReadError(str(part), [Problem("corpus", message, "corpus-invalid")]) from None
        said.append(f"{part}: damaged ({why}): its chunk is dropped, its inputs read again")
    return tuple(said)


def _drop_superseded(folder: Path) -> None:
    """Rewrite the ``files`` parts that hold rows a later row of the same input replaced.

    An input read again (its first reading failed for a reason of the moment) has a row in a later
    chunk; its earlier row goes. Each part rewritten is written whole and durably.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    latest: dict[tuple[str, str], tuple[Any, Path, int]] = {}
    older: dict[Path, set[int]] = {}
    for part in _committed(folder, "files", _committed_chunks(folder)):
        for row, (file, file_bytes, stamp, _, exported) in enumerate(_part_rows(part, _INPUT_COLUMNS)):
            key = (_key(file, file_bytes), stamp)
            if key in latest:
                before = latest[key]
                if exported is not None and before[0] is not None and exported < before[0]:
                    older.setdefault(part, set()).add(row)
                    continue
                older.setdefault(before[1], set()).add(before[2])
            latest[key] = (exported, part, row)
    for part, rows in older.items():
        table = pq.read_table(part)
        keep = pa.array([row not in rows for row in range(table.num_rows)])
        _write_parts(folder, part.stem, {"files": table.filter(keep)})


def _lock(path: Path, corpus: Path) -> Any:
    """Hold the corpus for this run, by a lock on ``path`` (a Parquet folder's ``.lock``, a DuckDB file).

    A second export at once would remove what this one stages, or add its reports again.

    Raises:
        ReadError: Another export holds it (code ``corpus-busy``).
    """
    stream = open(path, "a+b")  # noqa: SIM115 - held open until the run ends
    try:
        import fcntl

        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ModuleNotFoundError:  # pragma: no cover - not on POSIX: no lock
        pass
    except BlockingIOError:
        stream.close()
        problem = Problem("corpus", "another export is writing this corpus now", "corpus-busy")
        raise ReadError(str(corpus), [problem]) from None
    return stream


def _without(table: pyarrow.Table, fingerprints: Sequence[str]) -> pyarrow.Table:
    """The rows of a table that are not of the reports named."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not fingerprints:
        return table
    return table.filter(pc.invert(pc.is_in(table["fingerprint"], value_set=pa.array(fingerprints))))


def _missing_extra(error: ModuleNotFoundError) -> ModuleNotFoundError:
    return ModuleNotFoundError(
        f"a corpus needs DuckDB and pyarrow ({error.name} is not installed): "
        "pip install 'disclosure-report[corpus]'",
        name=error.name,
    )


@contextlib.contextmanager
def _not_a_corpus(target: str | os.PathLike[str]) -> Iterator[None]:
    """A file or folder that is no corpus (not a DuckDB database, a damaged Parquet part) said as such.

    Raises:
        ReadError: What DuckDB or pyarrow could not open, named (code ``corpus-invalid``).
    """
    try:
        import duckdb
        import pyarrow
    except ModuleNotFoundError as error:
        raise _missing_extra(error) from None
    try:
        yield
    except (OSError, duckdb.Error, pyarrow.ArrowException) as error:
        problem = Problem("corpus", f"not a corpus this library can open: {error}", "corpus-invalid")
        raise ReadError(os.fspath(target), [problem]) from None


def _store(target: Path, format: CorpusFormat) -> _Store:
    try:
        return _DuckDBStore(target) if format == "duckdb" else _ParquetStore(target)
    except ModuleNotFoundError as error:
        raise _missing_extra(error) from None


def corpus_format(target: str | os.PathLike[str]) -> CorpusFormat:
    """The format a target names: a folder (or a new name without extension) is Parquet, else DuckDB."""
    path = Path(target)
    if path.is_dir() or (not path.exists() and not path.suffix):
        return "parquet"
    return "duckdb"


# --- exporting -------------------------------------------------------------------------------------------

_CHUNK_INPUTS: Final = 500
"""Inputs written in one transaction (or Parquet chunk)."""
_CHUNK_SECONDS: Final = 10.0
"""The longest a finished result waits to be written: an interrupted run loses at most this much work."""
_TASK_FILES: Final = TASK_FILES
"""Files read by one worker process, each within its own limits."""
_TASK_BYTES: Final = TASK_BYTES
_TASK_LINES: Final = TASK_LINES


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
    with _not_a_corpus(target):
        store = _store(Path(target), chosen)
        try:
            done, known = store.inputs(), store.fingerprints()
        except BaseException:
            store.close()
            raise
    try:
        if progress:
            for said in store.repaired:
                progress(said)
        if decisions is not None:
            store.decide(_decisions_table(decisions))
        if dask is None:
            workers = jobs or available_jobs()
            local = functools.partial(_done_tasks, jobs=workers, timeout=timeout, memory=memory)
            return _export(paths, store, done, known, local, progress)
        with _cluster(dask, jobs) as client:
            folder = os.path.abspath(target)
            _check_workers(client, folder)
            # Workers do not share this process's directory: they are given every name in full.
            paths = [os.path.abspath(path) for path in paths]
            if progress:
                progress(f"Dask dashboard: {client.dashboard_link}")
            remote = functools.partial(_cluster_tasks, client, folder, timeout=timeout, memory=memory)
            return _export(paths, store, done, known, remote, progress)
    finally:
        store.close()


def _decisions_table(decisions: Decisions) -> pyarrow.Table:
    """The rows of the ``decisions`` table: each decision, its precedence, and when the export took it."""
    recorded = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    rows: dict[str, list[object]] = {column: [] for column, _ in CORPUS_TABLES["decisions"]}
    for precedence, decision in enumerate(decisions.in_order()):
        _append(
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
    return _arrow_table("decisions", rows)


def prepare_export_workers() -> None:
    """Warm this process for the export's workers, which start as copies of it (the export's warm-up).

    They are forked from it, or from the fork server that ran this: they start with the readers,
    validation and the Arrow columns (pyarrow imports pandas) imported and their caches filled.
    """
    prepare_workers()
    warm = _Columns()
    warm.add(ReadResult(seed_report(), (), "<warm-up>"), "<warm-up>", seed_report().fingerprint)
    warm.tables()


def _export(
    paths: Iterable[str | os.PathLike[str]],
    store: _Store,
    done: Mapping[tuple[str, str], str | None],
    known: set[str],
    tasks_done: Callable[[Iterable[_Input]], Iterator[_Done]],
    progress: Callable[[str | None], None] | None,
) -> ExportSummary:
    counts = {"inputs": 0, "skipped": 0, "added": 0, "duplicates": 0, "unreadable": 0}

    def pending() -> Iterator[_Input]:
        resolved = ("", "")  # the last file resolved, for the lines of a JSON-lines file
        for unit in units([os.fspath(path) for path in paths]):
            counts["inputs"] += 1
            if unit.file != resolved[0]:
                resolved = (unit.file, _resolved(unit.file))
            key = resolved[1] if unit.number is None else f"{resolved[1]}:{unit.number}"
            item = _stamp(unit, key)
            if (key, item.stamp) in done and done[key, item.stamp] not in _RETRIED:
                counts["skipped"] += 1
                if progress:
                    progress(None)
                continue
            yield item

    files: dict[str, list[object]] = {column: [] for column, _ in CORPUS_TABLES["files"]}
    replaced: list[_Exported] = []  # inputs read again: their earlier rows go
    parts: dict[str, list[pyarrow.Table]] = {}
    started = time.monotonic()
    for task in tasks_done(pending()):
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
            if (_key(exported.file, exported.file_bytes), exported.stamp) in done:
                replaced.append(exported)
            _append(
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
            assert isinstance(store, _ParquetStore)
            store.commit(task.chunk, task.staged, _arrow_table("files", files), dropped, _replaced(replaced))
            files = {column: [] for column in files}
            replaced = []
            continue
        for name, table in task.tables.items():
            parts.setdefault(name, []).append(_without(table, dropped))
        if len(files["file"]) >= _CHUNK_INPUTS or time.monotonic() - started >= _CHUNK_SECONDS:
            store.write(_chunk(files, parts), _replaced(replaced))
            files = {column: [] for column in files}
            replaced = []
            parts = {}
            started = time.monotonic()
    if files["file"]:
        store.write(_chunk(files, parts), _replaced(replaced))
    return ExportSummary(**counts)


def _replaced(inputs: Sequence[_Exported]) -> pyarrow.Table | None:
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
        "files": _arrow_table("files", files),
    }


def _tasks(
    items: Iterable[_Input], most_files: int, most_bytes: int, most_lines: int
) -> Iterator[tuple[_Input, ...]]:
    """Inputs in tasks of at most so many files (a larger file alone) and so many JSON lines."""
    files: list[_Input] = []
    lines: list[_Input] = []
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


def _done_tasks(items: Iterable[_Input], *, jobs: int, timeout: float, memory: int | None) -> Iterator[_Done]:
    """Each input read in a worker process, tasks of inputs to a worker; the limits apply to each input.

    An input that runs out of time or memory is recorded unreadable on its own; one whose worker died
    is read again alone first (see :func:`run_grouped`); the others of its task are read all the same.
    """
    tasks = _tasks(items, _TASK_FILES, _TASK_BYTES, _TASK_LINES)
    outcomes = run_grouped(
        _export_input,
        tasks,
        merge=_merged,
        jobs=jobs,
        timeout=timeout,
        memory=memory,
        warm=prepare_export_workers,
    )
    for outcome in outcomes:
        yield (
            _failed(outcome.argument, outcome.reason, outcome.code)
            if isinstance(outcome, Failed)
            else outcome
        )


def _failed(item: _Input, reason: str, code: str) -> _Done:
    name = display_name(item.identity)
    said = f"{name}: {reason}"
    exported = _Exported(
        name,
        item.stamp,
        item.size,
        None,
        problem=code,
        reason=said,
        origin=item.unit.origin,
        file_bytes=name_bytes(item.identity),
    )
    return _Done((exported,))


# --- on a Dask cluster ------------------------------------------------------------------------------------

_CLUSTER_FILES: Final = 64
"""Files in one Dask task (read in groups of :data:`_TASK_FILES`, each group in a process of its own):
large enough that the scheduler's cost and the number of Parquet parts stay small, small enough that a
lost worker costs little. A file larger than :data:`_CLUSTER_BYTES` is a task of its own."""
_CLUSTER_BYTES: Final = 16 * 1024 * 1024
_CLUSTER_LINES: Final = 1024
_DAEMON_SETTING: Final = "distributed.worker.daemon"
_CONNECT_SECONDS: Final = 30.0
"""How long to try reaching a Dask scheduler."""


@contextlib.contextmanager
def _cluster(dask: str | distributed.Client, jobs: int | None) -> Iterator[Any]:
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
            try:
                client = stack.enter_context(distributed.Client(dask, timeout=_CONNECT_SECONDS))
            except (OSError, TimeoutError, ValueError) as error:  # ValueError: not an address
                raise ClusterError(f"cannot reach the Dask scheduler at {dask}: {error}") from None
        yield client


_OPTIONAL: Final = ("pyarrow", "pdfplumber")
"""What a worker needs from the extras: pyarrow to write its rows, pdfplumber to read PDFs."""


@attrs.frozen
class _WorkerFacts:
    """What a worker is, as it finds itself (sent back to the parent, which decides)."""

    daemon: bool
    version: str
    seen: str | None
    """What it read in the token file the parent wrote in the corpus folder: the same folder, or not."""
    missing: tuple[str, ...]
    """The extras it lacks."""


def _worker_facts(token: str) -> _WorkerFacts:
    """What a worker must be to take part, as it finds itself."""
    import importlib.util
    import multiprocessing

    from ._version import __version__

    try:
        with open(token, encoding="utf-8") as stream:
            seen: str | None = stream.read()
    except OSError:
        seen = None
    missing = tuple(name for name in _OPTIONAL if importlib.util.find_spec(name) is None)
    return _WorkerFacts(bool(multiprocessing.current_process().daemon), __version__, seen, missing)


def _check_workers(client: Any, folder: str) -> None:
    """Refuse workers that could not do the work, before any is sent, saying what to change."""
    import importlib.util

    from ._version import __version__

    secret = uuid.uuid4().hex
    token = os.path.join(folder, f".workers-{secret}")
    with open(token, "w", encoding="utf-8") as stream:
        stream.write(secret)
    try:
        facts: dict[str, _WorkerFacts] = client.run(_worker_facts, token)
        if not facts:
            client.wait_for_workers(1, timeout=_CONNECT_SECONDS)
            facts = client.run(_worker_facts, token)
    except TimeoutError:
        raise ClusterError("the Dask scheduler has no worker (none joined it)") from None
    except Exception as error:  # whatever a worker raised: most likely, it lacks this library
        raise ClusterError(
            f"the Dask workers cannot run this library ({type(error).__name__}: {error}): install "
            f"disclosure-report[dask]=={__version__} where they run"
        ) from None
    finally:
        os.unlink(token)

    def workers(wrong: Callable[[_WorkerFacts], bool]) -> str:
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


def _cluster_tasks(
    client: Any, folder: str, items: Iterable[_Input], *, timeout: float, memory: int | None
) -> Iterator[_Done]:
    """Each task read and written by a Dask worker; what it found, in the order of the tasks.

    In order, so that of two inputs with the same report the first is the one kept, as in a local run.
    A few times as many tasks as the cluster has threads are sent ahead (the cluster works on all of
    them while the oldest is awaited), so memory stays flat; those not done when the run stops are
    cancelled.
    """
    window = max(8 * sum(client.nthreads().values()), 32)
    groups = _tasks(items, _CLUSTER_FILES, _CLUSTER_BYTES, _CLUSTER_LINES)
    sent: collections.deque[tuple[tuple[_Input, ...], Any]] = collections.deque()

    def submit(group: tuple[_Input, ...]) -> Any:
        chunk = uuid.uuid4().hex  # a task's key and its chunk: this run's, never another's
        return client.submit(
            _cluster_task, group, folder, chunk, timeout, memory, key=f"disclosure-report-{chunk}"
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
                    else _failed(item, "its Dask workers died each time", "system-failure")
                )
    finally:  # stopped early, or failed: no task of this run goes on writing
        with contextlib.suppress(Exception):  # the scheduler may be gone: then so are its tasks
            client.cancel([future for _, future in sent])


def _cluster_outcome(future: Any) -> _Done | None:
    """What a task found; ``None`` if Dask gave it up, its workers dying each time it ran.

    Raises:
        ClusterError: The scheduler was lost (killed, or its connection cut): the tasks are gone with it.
    """
    import concurrent.futures

    from distributed import KilledWorker

    try:
        done: _Done = future.result()  # waits, if its worker was lost and Dask runs it again
    except KilledWorker:
        return None
    except concurrent.futures.CancelledError as error:
        reason = getattr(error, "reason", None) or "its tasks were cancelled"
        raise ClusterError(
            f"the Dask scheduler was lost mid-run ({reason}): what was written is kept; start a scheduler "
            "and run the export again to go on"
        ) from None
    return done


def _cluster_task(
    items: tuple[_Input, ...], folder: str, chunk: str, timeout: float, memory: int | None
) -> _Done:
    """What a Dask task does: read its inputs as a local export does, stage their rows as the chunk's parts.

    Reports read twice within the task are kept once. The parts are staged under names of this run of
    the task alone; the parent commits them (and the chunk's ``files`` part).
    """
    import pyarrow as pa

    inputs: list[_Exported] = []
    parts: dict[str, list[pyarrow.Table]] = {}
    kept: set[str] = set()
    for done in _done_tasks(items, jobs=1, timeout=timeout, memory=memory):
        again = {e.fingerprint for e in done.inputs if e.kept and e.fingerprint in kept}
        for exported in done.inputs:
            fingerprint = exported.fingerprint
            if exported.kept and fingerprint is not None:
                if fingerprint in again:
                    exported = attrs.evolve(exported, kept=False)
                kept.add(fingerprint)
            inputs.append(exported)
        for name, table in done.tables.items():
            parts.setdefault(name, []).append(_without(table, sorted(again)))
    tables = {name: pa.concat_tables(tables) for name, tables in parts.items()}
    attempt = f"{chunk}.{uuid.uuid4().hex}.staged"
    written = {name: table for name, table in tables.items() if table.num_rows}
    _write_parts(Path(folder), attempt, written)
    return _Done(tuple(inputs), chunk=chunk, staged=dict.fromkeys(written, f"{attempt}.parquet"))


# --- reading a corpus back ---------------------------------------------------------------------------


def _define_views(connection: duckdb.DuckDBPyConnection) -> None:
    for name, query in CORPUS_VIEWS.items():
        connection.execute(f"CREATE OR REPLACE VIEW {name} AS {query}")


def open_corpus(source: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to a corpus (a DuckDB file, opened read-only, or a Parquet folder).

    The tables of :data:`CORPUS_TABLES` and the views of :data:`CORPUS_VIEWS` are there to query. The
    parts of a Parquet folder are checked first (each one's footer, a small read a part).

    Raises:
        FileNotFoundError: There is no corpus there.
        ReadError: A part of a Parquet folder is damaged (code ``corpus-invalid``, naming the part; an
            export to the folder repairs it, reading the inputs of its chunk again).
        ModuleNotFoundError: DuckDB is not installed.
    """
    try:
        import duckdb
    except ModuleNotFoundError as error:
        raise _missing_extra(error) from None
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no corpus there")
    if path.is_file():
        with _not_a_corpus(path):
            return duckdb.connect(str(path), read_only=True)
    damaged = _damaged(path)
    if damaged:
        part, why = min(damaged.items())
        message = f"damaged ({why}); an export to this folder drops its chunk and reads its inputs again"
        more = [
            Problem("corpus", f"{other}: damaged", "corpus-invalid")
            for other in sorted(damaged)
            if other != part
        ]
        raise ReadError(str(part), [Problem("corpus", message, "corpus-invalid"), *more])
    connection = duckdb.connect()
    chunks = _committed_chunks(path)  # once: a chunk committed meanwhile is left out of every table
    for name, columns in CORPUS_TABLES.items():
        parts = _committed(path, name, chunks)  # not those of a chunk being written
        if parts:
            listed = ", ".join("'" + str(part).replace("'", "''") + "'" for part in parts)
            rows = f"read_parquet([{listed}], union_by_name = true)"
            # Parts written before a column was added have none: it is NULL there.
            present = {row[0] for row in connection.execute(f"DESCRIBE SELECT * FROM {rows}").fetchall()}
            selected = ", ".join(
                f'"{column}"' if column in present else f'CAST(NULL AS {kind}) AS "{column}"'
                for column, kind in columns
            )
            # An input read again has a later row, which replaces the earlier until the run ends.
            latest = (
                " QUALIFY row_number() OVER (PARTITION BY file, file_bytes, stamp ORDER BY exported DESC) = 1"
                if name == "files"
                else ""
            )
            connection.execute(f"CREATE VIEW {name} AS SELECT {selected} FROM {rows}{latest}")
        else:
            definition = ", ".join(f'"{column}" {kind}' for column, kind in columns)
            connection.execute(f"CREATE TABLE {name} ({definition})")
    _define_views(connection)
    return connection


def copy_corpus(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy a corpus into a new DuckDB file: a Parquet folder (as a cluster writes it) into one file.

    The source may be a DuckDB file too. Only committed chunks are copied (not the parts of a run still
    writing); rows are streamed, never all in memory. The file appears whole or not at all.

    Raises:
        FileExistsError: The target is already there.
        FileNotFoundError: There is no corpus at the source.
        ReadError: The source is no corpus (code ``corpus-invalid``).
        OSError: The target cannot be written (its folder is missing, or not writable).
        ModuleNotFoundError: DuckDB is not installed.
    """
    try:
        import duckdb
    except ModuleNotFoundError as error:
        raise _missing_extra(error) from None
    path = Path(target)
    if path.exists():
        raise FileExistsError(f"{path}: already there (a copy is written to a new file)")
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        try:
            copy = duckdb.connect(str(temporary))
        except duckdb.Error as error:
            raise OSError(f"{path}: cannot be written: {error}") from None
        with copy, open_corpus(source) as connection:
            for name, columns in CORPUS_TABLES.items():
                definition = ", ".join(f'"{column}" {kind}' for column, kind in columns)
                copy.execute(f"CREATE TABLE {name} ({definition})")
                with _not_a_corpus(source):
                    # A corpus older than a column has none: it is NULL in the copy.
                    present = {row[0] for row in connection.execute(f"DESCRIBE {name}").fetchall()}
                    listed = ", ".join(
                        f'"{column}"' if column in present else f'CAST(NULL AS {kind}) AS "{column}"'
                        for column, kind in columns
                    )
                    relation: Any = connection.sql(f"SELECT {listed} FROM {name}")
                    # A stream of record batches: DuckDB 2 names it to_arrow_reader, DuckDB 1 otherwise.
                    stream = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
                    rows = stream()
                copy.register("copied_rows", rows)
                copy.execute(f"INSERT INTO {name} SELECT * FROM copied_rows")
                copy.unregister("copied_rows")
            _define_views(copy)
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)


_REPORT_COLUMNS: Final = tuple(column for column, _ in CORPUS_TABLES["reports"])
_BATCH: Final = 10_000


def read_corpus(source: str | os.PathLike[str]) -> Iterator[AnnualReport]:
    """The reports of a corpus, as they were read (cells, blanks, texts, metadata, cell positions).

    In the order of the files they came from; one row at a time from the database, so memory stays flat.

    Raises:
        ReadError: A row holds what its report cannot (the corpus was changed by hand); it names the
            report's file, table, row and column.
    """
    connection = open_corpus(source)
    try:
        reports = connection.execute(f"SELECT {', '.join(_REPORT_COLUMNS)} FROM reports ORDER BY file")
        order = "ORDER BY r.file, x.fingerprint"
        cells = connection.cursor().execute(
            "SELECT x.fingerprint, x.table_key, x.row_key, x.column_key, x.value "
            f"FROM cells x JOIN reports r ON r.fingerprint = x.fingerprint {order}"
        )
        columns = ", ".join(f"x.{column}" for _, column in _POSITION_FIELDS)
        positions = connection.cursor().execute(
            f"SELECT x.fingerprint, x.table_key, x.row_key, x.column_key, {columns} "
            f"FROM positions x JOIN reports r ON r.fingerprint = x.fingerprint {order}"
        )
        cell_rows = _Grouped(cells)
        position_rows = _Grouped(positions)
        while batch := reports.fetchmany(_BATCH):
            for row in batch:
                record = dict(zip(_REPORT_COLUMNS, row, strict=True))
                fingerprint = record["fingerprint"]
                yield _report(record, cell_rows.take(fingerprint), position_rows.take(fingerprint))
    finally:
        connection.close()


class _Grouped:
    """Rows ordered as the reports are, taken a report's worth at a time."""

    def __init__(self, cursor: Any) -> None:
        self.rows = _fetched(cursor)
        self.next: tuple[Any, ...] | None = next(self.rows, None)

    def take(self, fingerprint: str) -> list[tuple[Any, ...]]:
        taken = []
        while self.next is not None and self.next[0] == fingerprint:
            taken.append(self.next)
            self.next = next(self.rows, None)
        return taken


def _fetched(cursor: Any) -> Iterator[tuple[Any, ...]]:
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def _report(
    record: Mapping[str, Any], cells: Sequence[tuple[Any, ...]], positions: Sequence[tuple[Any, ...]]
) -> AnnualReport:
    file = record["file"]
    problems: list[Problem] = []
    try:
        version = TemplateVersion(record["version"])
        details = {field: detail_from_text(field, _text_of(record[field])) for field in METADATA_DETAILS}
        metadata = Metadata(
            agency=record["agency"],
            year=record["year"],
            version=version,
            **details,  # type: ignore[arg-type]
        )
    except ValueError as error:
        raise ReadError(file, [Problem("reports", str(error), "corpus-invalid")]) from None
    values: dict[TableKind, list[CellValue | None]] = {
        kind: [None] * len(table_spec(kind, version).cells) for kind in TableKind
    }
    for _, table_key, row_key, column_key, value in cells:
        place = f"cells {table_key}.{row_key}.{column_key}"
        try:
            kind = TableKind(table_key)
            spec = table_spec(kind, version)
            index = spec.index[spec.cell_key(row_key, column_key)]
            money = spec.kinds[index] is CellKind.MONEY
            values[kind][index] = None if value is None else Decimal(value) if money else int(value)
        except (ValueError, KeyError, InvalidOperation) as error:
            problems.append(
                Problem(place, f"not a cell of the form, or not its value: {error}", "corpus-invalid")
            )
    placed = {}
    for _, table_key, row_key, column_key, *fields in positions:
        try:
            kind = TableKind(table_key)
            row, column = table_spec(kind, version).cell_key(row_key, column_key)
        except (ValueError, KeyError) as error:
            problems.append(
                Problem(f"positions {table_key}.{row_key}.{column_key}", str(error), "corpus-invalid")
            )
            continue
        placed[kind, row, column] = SourcePosition(
            **{field: value for (field, _), value in zip(_POSITION_FIELDS, fields, strict=True)}
        )
    if problems:
        raise ReadError(file, problems)
    try:
        headings = {Section(key): text for key, text in json.loads(record["headings"] or "{}").items()}
        tables: list[AnyTable] = [TABLE_CLASSES[kind](version, tuple(values[kind])) for kind in TableKind]
        return AnnualReport.from_tables(
            metadata,
            tables,
            overview=record["overview"],
            problems=record["problems"],
            other_matters=record["other_matters"],
            headings=headings,
            preamble=record["preamble"],
            positions=placed,
        )
    except (ValueError, AttributeError) as error:  # headings not a JSON object of sections; a text not text
        raise ReadError(file, [Problem("reports", str(error), "corpus-invalid")]) from None


def _text_of(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
