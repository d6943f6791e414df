"""A report's rows for the corpus tables, column by column, each report once."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from .._form import TableKind, TemplateVersion, table_spec
from .._io.read.assemble import ReadResult
from .._io.tidy import numeric_amount
from .._model import (
    detail_text,
    plain,
)
from .._rules import Severity
from .._validation.decisions import finding_figure, finding_key
from .schema import CORPUS_TABLES, POSITION_FIELDS, arrow_table

if TYPE_CHECKING:
    import pyarrow


class Columns:
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
        append_row(
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
            append_row(
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
            append_row(
                positions,
                fingerprint=fingerprint,
                table_key=kind.key,
                row_key=row_key.key,
                column_key=column_key.key,
                position=str(position),
                **{column: getattr(position, field) for field, column in POSITION_FIELDS},
            )
        return True

    def extend(self, other: Columns, fingerprint: str) -> bool:
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
            name: arrow_table(name, columns)
            for name, columns in self.columns.items()
            if name != "files" and any(columns.values())
        }


def append_row(columns: Mapping[str, list[object]], **values: object) -> None:
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
