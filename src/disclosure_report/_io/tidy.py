"""The tidy export: every report as rows of strings (one per cell, metadata field and text), and back.

:func:`tidy_rows` and :func:`from_tidy` are exact inverses, so a corpus can live in CSV files or data frames
and come back as reports. A blank cell is the empty string; an absent text or field is marked ``∅``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .._form import CellKey, CellKind, Section, TableKind, TemplateVersion, table_spec
from .._model import (
    METADATA_DETAILS,
    TABLE_CLASSES,
    AnnualReport,
    AnyTable,
    CellValue,
    Metadata,
    detail_from_text,
    detail_text,
    plain,
)
from ..exceptions import Problem, ReadError
from .cells import guard_row, unguard
from .files import read_file, write_file
from .read.normalize import parse_cell

if TYPE_CHECKING:
    import pandas

__all__ = [
    "AMOUNT_PLACES",
    "TIDY_COLUMNS",
    "from_tidy",
    "numeric_amount",
    "read_tidy_csv",
    "tidy_rows",
    "to_dataframe",
    "write_tidy_csv",
]

MAX_TIDY_BYTES: Final = 1024 * 1024 * 1024
"""The largest tidy CSV file read (about 50,000 reports; a larger corpus is read file by file)."""

TIDY_COLUMNS: Final = ("report", "agency", "year", "version", "table", "row", "column", "value", "label")
"""The columns of the tidy export: one row per report and cell (and per metadata field and text).

``report`` identifies the report the row belongs to: the first 16 hex digits of its fingerprint
(:attr:`AnnualReport.fingerprint`), followed by ``-2``, ``-3``… for the second and later copies of the same
report in one export. Two reports of agencies with the same name and year are never merged.
"""

_OLD_COLUMNS: Final = TIDY_COLUMNS[1:]
"""The columns before ``report`` was added: such files are still read, each report keyed by its agency,
year and version."""

_META: Final = "metadata"
_TEXT: Final = "text"
_TEXTS: Final = ("preamble", "overview", "problems", "other_matters")
_SECTION_KEYS: Final = frozenset(section.key for section in Section)


def tidy_rows(reports: Iterable[AnnualReport]) -> Iterator[dict[str, str]]:
    """Every report as tidy rows: every table cell, every metadata field and every text, as strings.

    A blank cell has the value ``""``; so has a metadata field or text that is absent, whose ``label`` is
    then ``∅`` (absent, as opposed to empty). Each row names its report (``report``: see
    :data:`TIDY_COLUMNS`). :func:`from_tidy` rebuilds the reports exactly, every one of them, in order.
    """
    seen: dict[str, int] = {}
    for report in reports:
        info = report.metadata
        short = report.fingerprint[:16]
        seen[short] = seen.get(short, 0) + 1
        identity = short if seen[short] == 1 else f"{short}-{seen[short]}"
        base = {
            "report": identity,
            "agency": info.agency,
            "year": "" if info.year is None else str(info.year),
            "version": info.version.value,
        }
        for field in METADATA_DETAILS:
            text = detail_text(info, field)
            yield {
                **base,
                "table": _META,
                "row": field,
                "column": "",
                "value": text or "",
                "label": _absent(text),
            }
        for name in _TEXTS:
            text = getattr(report, name)
            yield {
                **base,
                "table": _TEXT,
                "row": name,
                "column": "",
                "value": text or "",
                "label": _absent(text),
            }
        for section, heading in report.headings:
            yield {
                **base,
                "table": _TEXT,
                "row": section.key,
                "column": "heading",
                "value": heading,
                "label": "",
            }
        for table in report.tables():
            for cell in table.cells():
                yield {
                    **base,
                    "table": table.kind.key,
                    "row": cell.row.key.key,
                    "column": cell.column.key.key,
                    "value": "" if cell.value is None else plain(cell.value),
                    "label": f"{cell.row.label} / {cell.column.label}",
                }


def _absent(value: object) -> str:
    return "∅" if value is None else ""


def from_tidy(rows: Iterable[Mapping[str, str]], *, source: str = "<tidy>") -> list[AnnualReport]:
    """Rebuild reports from tidy rows (as :func:`tidy_rows` writes them), in the order they first appear.

    Rows are grouped into reports by their ``report`` column; rows without one (written before it was
    added) by agency, year and version.

    Raises:
        ReadError: A row names an unknown table, row or column, or holds a value its cell cannot hold, or
            the rows of one report disagree on its agency, year or version.
    """
    grouped: dict[object, list[tuple[int, Mapping[str, str]]]] = {}
    whose: dict[object, tuple[str, str, str]] = {}
    problems: list[Problem] = []
    for number, row in enumerate(rows, start=2):
        triple = (row.get("agency", ""), row.get("year", ""), row.get("version", ""))
        identity: object = row.get("report") or triple
        first = whose.setdefault(identity, triple)
        if first != triple:
            said = f"report {identity}: agency, year and version {triple} differ from its first row's {first}"
            problems.append(Problem(f"row {number}", said, "tidy-invalid"))
            continue
        grouped.setdefault(identity, []).append((number, row))
    reports: list[AnnualReport] = []
    for key, items in grouped.items():
        agency, year_text, version_text = whose[key]
        try:
            version = TemplateVersion(version_text)
            year = int(year_text) if year_text else None  # a year not stated
        except ValueError:
            problems.append(
                Problem(
                    f"row {items[0][0]}",
                    f"expected a year and a version 2019/2021, got {year_text!r} {version_text!r}",
                    "tidy-invalid",
                )
            )
            continue
        report = _report_from_rows(agency, year, version, items, problems)
        if report is not None:
            reports.append(report)
    if problems:
        raise ReadError(source, problems)
    return reports


def _report_from_rows(
    agency: str,
    year: int | None,
    version: TemplateVersion,
    items: list[tuple[int, Mapping[str, str]]],
    problems: list[Problem],
) -> AnnualReport | None:
    meta: dict[str, str | None] = {}
    texts: dict[str, str | None] = dict.fromkeys(_TEXTS)
    headings: dict[Section, str] = {}
    cells: dict[TableKind, dict[CellKey, CellValue | None]] = {kind: {} for kind in TableKind}
    before = len(problems)
    for number, row in items:
        table, row_key, column, value = (
            row.get("table"),
            row.get("row", ""),
            row.get("column", ""),
            row.get("value", ""),
        )
        absent = row.get("label") == "∅"
        if table == _META and row_key in METADATA_DETAILS:
            meta[row_key] = None if absent else value
        elif table == _TEXT and column == "heading" and row_key in _SECTION_KEYS:
            headings[Section(row_key)] = value
        elif table == _TEXT and row_key in _TEXTS:
            texts[row_key] = None if absent else value
        elif table in (_META, _TEXT):
            problems.append(Problem(f"row {number}", f"unknown {table} row {row_key!r}", "tidy-invalid"))
        else:
            try:
                kind = TableKind(table)
            except ValueError:
                problems.append(Problem(f"row {number}", f"unknown table {table!r}", "tidy-invalid"))
                continue
            spec = table_spec(kind, version)
            try:
                key = spec.cell_key(row_key, column)
            except KeyError as error:
                problems.append(Problem(f"row {number}", str(error.args[0]), "tidy-invalid"))
                continue
            money = spec.kinds[spec.index[key]] is CellKind.MONEY
            parsed = parse_cell(value, money=money)
            if not parsed.readable or not parsed.exact:
                problems.append(Problem(f"row {number}", f"not a number: {value!r}", "tidy-invalid"))
                continue
            number_value = parsed.value
            if money and isinstance(number_value, int):
                number_value = Decimal(number_value)
            cells[kind][key] = number_value
    if len(problems) > before:
        return None
    details: dict[str, object] = {}
    for field, text in meta.items():
        try:
            details[field] = detail_from_text(field, text)
        except ValueError as error:
            where = f"rows {items[0][0]}–{items[-1][0]}"
            problems.append(Problem(where, f"{field}: {error}", "tidy-invalid"))
    if len(problems) > before:
        return None
    try:
        tables: list[AnyTable] = [
            TABLE_CLASSES[kind](
                version, tuple(cells[kind].get((r.key, c.key)) for r, c in table_spec(kind, version).cells)
            )
            for kind in TableKind
        ]
        return AnnualReport.from_tables(
            Metadata(agency=agency, year=year, version=version, **details),  # type: ignore[arg-type]
            tables,
            overview=texts["overview"],
            problems=texts["problems"],
            other_matters=texts["other_matters"],
            headings=headings,
            preamble=texts["preamble"],
        )
    except ValueError as error:
        problems.append(Problem(f"rows {items[0][0]}–{items[-1][0]}", str(error), "tidy-invalid"))
        return None


def write_tidy_csv(reports: Iterable[AnnualReport], path: str | os.PathLike[str]) -> None:
    """Write the tidy rows of reports to a CSV file (UTF-8 with a byte-order mark, which Excel needs).

    A text that a spreadsheet would take for a formula (``=HYPERLINK(...)``) is written with a leading
    apostrophe; :func:`read_tidy_csv` reads every text back exactly.
    """
    stream = io.StringIO(newline="")
    writer = csv.DictWriter(stream, TIDY_COLUMNS)
    writer.writeheader()
    writer.writerows(guard_row(row) for row in tidy_rows(reports))
    write_file(path, "\ufeff" + stream.getvalue())


def read_tidy_csv(path: str | os.PathLike[str]) -> list[AnnualReport]:
    """Read reports back from a tidy CSV file.

    Raises:
        ReadError: The file is not a tidy export of reports; every problem is listed with its row.
    """
    name = os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_TIDY_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(name, [Problem("file", f"not UTF-8 text: {error.reason}", "text-encoding")]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or tuple(reader.fieldnames) not in (TIDY_COLUMNS, _OLD_COLUMNS):
        problem = Problem("row 1", f"expected the columns {', '.join(TIDY_COLUMNS)}", "tidy-invalid")
        raise ReadError(name, [problem])
    # Texts were guarded against becoming formulas on the way out (see write_tidy_csv).
    rows = (
        {key: unguard(value) if isinstance(value, str) else value for key, value in row.items()}
        for row in reader
    )
    return from_tidy(rows, source=name)


AMOUNT_PLACES: Final = 18
"""The decimal places of amounts in numeric columns (DECIMAL(38, 18)): exact far beyond the fen."""


def numeric_amount(value: Decimal) -> Decimal | None:
    """An amount as a numeric column holds it: itself when it fits exactly, else ``None``."""
    exponent = value.as_tuple().exponent
    return value if isinstance(exponent, int) and exponent >= -AMOUNT_PLACES else None


def to_dataframe(reports: Iterable[AnnualReport]) -> pandas.DataFrame:
    """The table cells of reports as a pandas DataFrame (install the ``pandas`` extra): one row per cell.

    The columns of :data:`TIDY_COLUMNS` (``value`` the exact text, missing when blank; ``year`` a whole
    number), then ``count`` and ``amount``: the cell's number in a numeric dtype, missing when blank or of
    the other kind. Counts are nullable 64-bit integers (``Int64``); amounts are exact decimals (pyarrow's
    ``decimal128(38, 18)`` when pyarrow is installed, else :class:`~decimal.Decimal` objects), never
    floats. An amount with more than 18 decimal places has no ``amount``: its exact text is in ``value``.

    Raises:
        ModuleNotFoundError: pandas is not installed.
    """
    import pandas

    columns: dict[str, list[object]] = {name: [] for name in (*TIDY_COLUMNS, "count", "amount")}
    for row in tidy_rows(reports):
        if row["table"] in (_META, _TEXT):
            continue
        kind = TableKind(row["table"])
        spec = table_spec(kind, TemplateVersion(row["version"]))
        money = spec.kinds[spec.index[spec.cell_key(row["row"], row["column"])]] is CellKind.MONEY
        text = row["value"]
        for name in TIDY_COLUMNS:
            columns[name].append(row[name] if name != "value" or text else None)
        columns["count"].append(int(text) if text and not money else None)
        columns["amount"].append(numeric_amount(Decimal(text)) if text and money else None)
    frame = pandas.DataFrame({name: values for name, values in columns.items() if name != "amount"})
    frame = frame.astype({"year": "int64", "value": "string", "count": "Int64"})
    try:
        import pyarrow

        decimal = pandas.ArrowDtype(pyarrow.decimal128(38, AMOUNT_PLACES))
        frame["amount"] = pandas.array(columns["amount"], dtype=decimal)
    except ModuleNotFoundError:
        frame["amount"] = pandas.Series(columns["amount"], dtype=object)
    return frame
