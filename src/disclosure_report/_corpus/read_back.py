"""The reports of a corpus read back, equal to those read, one row at a time."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from .._form import CellKind, Section, TableKind, TemplateVersion, table_spec
from .._model import (
    METADATA_DETAILS,
    TABLE_CLASSES,
    AnnualReport,
    AnyTable,
    CellValue,
    Metadata,
    SourcePosition,
    detail_from_text,
)
from ..exceptions import Problem, ReadError
from .connection import open_corpus
from .schema import CORPUS_TABLES, POSITION_FIELDS

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
        columns = ", ".join(f"x.{column}" for _, column in POSITION_FIELDS)
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
            **{field: value for (field, _), value in zip(POSITION_FIELDS, fields, strict=True)}
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
