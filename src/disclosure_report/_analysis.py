"""Many reports: sums, summaries against their parts, series over the years, tidy data and ratios.

Aggregate reports, check a summary against its parts, follow an agency over the years, export tidy data,
and compute the ratios reviewers and researchers use.

All arithmetic is exact (integers, and :class:`~decimal.Decimal` for 万元). A blank is never taken as 0:
a sum over a blank is blank, and says which input left it blank.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ._form import (
    Applicant,
    FormKey,
    Outcome,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
    TemplateVersion,
    table_spec,
)
from ._model import (
    TABLE_CLASSES,
    AnnualReport,
    CellValue,
    Metadata,
    RequestTable,
    ReviewTable,
    _Table,
)
from ._validate import CellRef, Finding, Location, Validation, _finding, validate
from .exceptions import Problem, ReadError

if TYPE_CHECKING:
    import pandas

__all__ = [
    "TIDY_COLUMNS",
    "Aggregate",
    "Ratio",
    "Series",
    "aggregate",
    "compare_with_children",
    "correction_rate",
    "disclosure_rate",
    "from_tidy",
    "read_tidy_csv",
    "refusal_rate",
    "tidy_rows",
    "to_dataframe",
    "write_tidy_csv",
]


def _name(report: AnnualReport) -> str:
    return report.metadata.agency or report.metadata.title or f"report for {report.metadata.year}"


# --- aggregation -------------------------------------------------------------------------------------


@attrs.frozen
class Aggregate:
    """The cell-wise sum of several reports (a government's 汇总 of its departments and towns).

    Attributes:
        report: The sum, as a report of the given agency; text sections are empty.
        contributors: The agencies summed, in order.
        blanks: For each cell left blank by the sum, the contributors whose cell was blank.
    """

    report: AnnualReport
    contributors: tuple[str, ...]
    blanks: Mapping[CellRef, tuple[str, ...]]


def aggregate(reports: Iterable[AnnualReport], *, agency: str, year: int | None = None) -> Aggregate:
    """Sum reports cell by cell: every table cell of the result is the exact sum of the inputs' cells.

    A cell blank in any input is blank in the sum (the sum is unknown), and :attr:`Aggregate.blanks` names
    the inputs that left it blank. Totals are summed like every other cell, so the sum of consistent
    reports is consistent.

    Args:
        reports: The reports to sum: one template version and one year.
        agency: The agency the sum reports for.
        year: The year (default: the inputs' year).

    Raises:
        ValueError: No reports, or reports of different versions or years.
    """
    inputs = list(reports)
    if not inputs:
        raise ValueError("aggregate() needs at least one report")
    versions = {r.version for r in inputs}
    years = {r.metadata.year for r in inputs}
    if len(versions) > 1:
        raise ValueError(
            f"cannot sum reports of different template versions: {sorted(v.value for v in versions)}"
        )
    if len(years) > 1 and year is None:
        raise ValueError(f"cannot sum reports of different years {sorted(years)} without year=")
    version = inputs[0].version
    names = tuple(_name(r) for r in inputs)
    blanks: dict[CellRef, tuple[str, ...]] = {}
    tables: dict[TableKind, _Table[Any, Any]] = {}
    for kind in TableKind:
        spec = table_spec(kind, version)
        values: list[CellValue | None] = []
        for index, (row, column) in enumerate(spec.cells):
            cells = [r.table(kind).values[index] for r in inputs]
            missing = tuple(name for name, value in zip(names, cells, strict=True) if value is None)
            if missing:
                blanks[(kind, row.key, column.key)] = missing
                values.append(None)
            else:
                values.append(sum(cells, Decimal(0) if isinstance(cells[0], Decimal) else 0))  # type: ignore[arg-type]
        tables[kind] = TABLE_CLASSES[kind](version, tuple(values))
    summed = AnnualReport(
        metadata=Metadata(agency=agency, year=year if year is not None else years.pop(), version=version),
        overview="",
        active_disclosure=tables[TableKind.ACTIVE_DISCLOSURE],  # type: ignore[arg-type]
        requests=tables[TableKind.REQUESTS],  # type: ignore[arg-type]
        review_litigation=tables[TableKind.REVIEW_LITIGATION],  # type: ignore[arg-type]
        problems="",
        other_matters="",
    )
    return Aggregate(summed, names, blanks)


def compare_with_children(parent: AnnualReport, children: Sequence[AnnualReport]) -> Validation:
    """Check a summary report against the sum of the reports it summarises, cell by cell.

    Returns:
        One ``aggregate-mismatch`` finding per cell where the parent states another number than the sum of
        its children, naming the children and their values; cells where the parent or a child is blank
        are not compared.

    Raises:
        ValueError: The children cannot be summed, or are of another version than the parent.
    """
    total = aggregate(children, agency=parent.metadata.agency, year=parent.metadata.year)
    if total.report.version is not parent.version:
        raise ValueError("the parent and its children follow different template versions")
    findings: list[Finding] = []
    for kind in TableKind:
        stated, summed = parent.table(kind), total.report.table(kind)
        for index, (row, column) in enumerate(stated.spec.cells):
            actual, expected = stated.values[index], summed.values[index]
            if actual is None or expected is None or actual == expected:
                continue
            parts = "、".join(f"{_name(c)} {c.table(kind).values[index]}" for c in children)
            findings.append(
                _finding(
                    "aggregate-mismatch",
                    Location(section=kind.section, table=kind, row=row.key, column=column.key),
                    expected=expected,
                    actual=actual,
                    cells=[(kind, row.key, column.key)],
                    row=row.label,
                    column=column.label,
                    count=len(children),
                    children=parts,
                )
            )
    return Validation(tuple(findings))


# --- series ------------------------------------------------------------------------------------------


def _by_year(reports: Iterable[AnnualReport]) -> tuple[AnnualReport, ...]:
    return tuple(sorted(reports, key=lambda r: r.metadata.year))


@attrs.frozen
class Series:
    """The reports of one agency, ordered by year.

    Attributes:
        reports: The reports, oldest first, one per year.
    """

    reports: tuple[AnnualReport, ...] = attrs.field(converter=_by_year)

    def __attrs_post_init__(self) -> None:
        years = [r.metadata.year for r in self.reports]
        if len(set(years)) != len(years):
            raise ValueError(f"a series has one report per year; got years {years}")

    def validate(self) -> dict[int, Validation]:
        """Each year's validation, with the cross-year rules against the year before where there is one."""
        results: dict[int, Validation] = {}
        by_year = {r.metadata.year: r for r in self.reports}
        for report in self.reports:
            results[report.metadata.year] = validate(report, previous=by_year.get(report.metadata.year - 1))
        return results

    def changes(self) -> Iterator[dict[str, object]]:
        """Year-over-year change of every cell both consecutive reports have (same template version).

        Each row: ``table``, ``row``, ``column``, ``year``, ``previous``, ``value`` and ``change`` (``None``
        when either value is blank).
        """
        for before, after in zip(self.reports, self.reports[1:], strict=False):
            if after.metadata.year != before.metadata.year + 1:
                continue
            for kind in TableKind:
                old, new = before.table(kind), after.table(kind)
                for (row, column), value in zip(new.spec.cells, new.values, strict=True):
                    key = (row.key, column.key)
                    if key not in old.spec.index:
                        continue
                    previous = old[key]
                    change = None if value is None or previous is None else value - previous
                    yield {
                        "table": kind.key,
                        "row": row.key.key,
                        "column": column.key.key,
                        "year": after.metadata.year,
                        "previous": previous,
                        "value": value,
                        "change": change,
                    }


# --- tidy export -------------------------------------------------------------------------------------

TIDY_COLUMNS: Final = ("agency", "year", "version", "table", "row", "column", "value", "label")
"""The columns of the tidy export: one row per report and cell (and per metadata field and text)."""

_META: Final = "metadata"
_TEXT: Final = "text"
_TEXTS: Final = ("preamble", "overview", "problems", "other_matters")


def tidy_rows(reports: Iterable[AnnualReport]) -> Iterator[dict[str, str]]:
    """Every report as tidy rows: every table cell, every metadata field and every text, as strings.

    A blank cell has the value ``""``; so has a metadata field or text that is absent, whose ``label`` is
    then ``∅`` (absent, as opposed to empty). :func:`from_tidy` rebuilds the reports exactly.
    """
    for report in reports:
        info = report.metadata
        base = {"agency": info.agency, "year": str(info.year), "version": info.version.value}
        for field in ("title", "published", "source"):
            value = getattr(info, field)
            text = value.isoformat() if isinstance(value, datetime.date) else value
            yield {
                **base,
                "table": _META,
                "row": field,
                "column": "",
                "value": text or "",
                "label": _absent(value),
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
                    "value": "" if cell.value is None else str(cell.value),
                    "label": f"{cell.row.label} / {cell.column.label}",
                }


def _absent(value: object) -> str:
    return "∅" if value is None else ""


def from_tidy(rows: Iterable[Mapping[str, str]], *, source: str = "<tidy>") -> list[AnnualReport]:
    """Rebuild reports from tidy rows (as :func:`tidy_rows` writes them), in the order they first appear.

    Raises:
        ReadError: A row names an unknown table, row or column, or holds a value its cell cannot hold.
    """
    grouped: dict[tuple[str, str, str], list[tuple[int, Mapping[str, str]]]] = {}
    for number, row in enumerate(rows, start=2):
        key = (row.get("agency", ""), row.get("year", ""), row.get("version", ""))
        grouped.setdefault(key, []).append((number, row))
    reports: list[AnnualReport] = []
    problems: list[Problem] = []
    for (agency, year_text, version_text), items in grouped.items():
        try:
            version = TemplateVersion(version_text)
            year = int(year_text)
        except ValueError:
            problems.append(
                Problem(
                    f"row {items[0][0]}",
                    f"expected a year and a version 2019/2021, got {year_text!r} {version_text!r}",
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
    year: int,
    version: TemplateVersion,
    items: list[tuple[int, Mapping[str, str]]],
    problems: list[Problem],
) -> AnnualReport | None:
    from ._normalize import parse_cell

    meta: dict[str, str | None] = {}
    texts: dict[str, str | None] = dict.fromkeys(_TEXTS)
    headings: dict[Section, str] = {}
    cells: dict[TableKind, dict[tuple[FormKey, FormKey], CellValue | None]] = {kind: {} for kind in TableKind}
    before = len(problems)
    for number, row in items:
        table, row_key, column, value = (
            row.get("table"),
            row.get("row", ""),
            row.get("column", ""),
            row.get("value", ""),
        )
        absent = row.get("label") == "∅"
        if table == _META:
            meta[row_key] = None if absent else value
        elif table == _TEXT and column == "heading":
            headings[Section(row_key)] = value
        elif table == _TEXT:
            texts[row_key] = None if absent else value
        else:
            try:
                kind = TableKind(table)
            except ValueError:
                problems.append(Problem(f"row {number}", f"unknown table {table!r}"))
                continue
            spec = table_spec(kind, version)
            keys = {(r.key.key, c.key.key): (r, c) for r, c in spec.cells}
            if (row_key, column) not in keys:
                problems.append(
                    Problem(
                        f"row {number}", f"no cell {row_key}/{column} in the {version.value} {kind.key} table"
                    )
                )
                continue
            spec_row, spec_column = keys[(row_key, column)]
            parsed = parse_cell(value, money=spec_column.kind.value == "money")
            if not parsed.readable or parsed.marker is not None:
                problems.append(Problem(f"row {number}", f"not a number: {value!r}"))
                continue
            number_value = parsed.value
            if spec_column.kind.value == "money" and isinstance(number_value, int):
                number_value = Decimal(number_value)
            cells[kind][(spec_row.key, spec_column.key)] = number_value
    if len(problems) > before:
        return None
    published = meta.get("published")
    try:
        tables = {
            kind: TABLE_CLASSES[kind](
                version, tuple(cells[kind].get((r.key, c.key)) for r, c in table_spec(kind, version).cells)
            )
            for kind in TableKind
        }
        return AnnualReport(
            metadata=Metadata(
                agency=agency,
                year=year,
                version=version,
                title=meta.get("title"),
                published=datetime.date.fromisoformat(published) if published else None,
                source=meta.get("source"),
            ),
            overview=texts["overview"],
            active_disclosure=tables[TableKind.ACTIVE_DISCLOSURE],  # type: ignore[arg-type]
            requests=tables[TableKind.REQUESTS],  # type: ignore[arg-type]
            review_litigation=tables[TableKind.REVIEW_LITIGATION],  # type: ignore[arg-type]
            problems=texts["problems"],
            other_matters=texts["other_matters"],
            headings=headings,
            preamble=texts["preamble"],
        )
    except ValueError as error:
        problems.append(Problem(f"rows {items[0][0]}–{items[-1][0]}", str(error)))
        return None


def write_tidy_csv(reports: Iterable[AnnualReport], path: str | Path) -> None:
    """Write the tidy rows of reports to a CSV file (UTF-8 with a byte-order mark, which Excel needs)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, TIDY_COLUMNS)
        writer.writeheader()
        writer.writerows(tidy_rows(reports))


def read_tidy_csv(path: str | Path) -> list[AnnualReport]:
    """Read reports back from a tidy CSV file.

    Raises:
        ReadError: The file is not a tidy export of reports; every problem is listed with its row.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise ReadError(str(path), [Problem("file", str(error))]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or list(reader.fieldnames) != list(TIDY_COLUMNS):
        raise ReadError(str(path), [Problem("row 1", f"expected the columns {', '.join(TIDY_COLUMNS)}")])
    return from_tidy(reader, source=str(path))


def to_dataframe(reports: Iterable[AnnualReport]) -> pandas.DataFrame:
    """The tidy rows of reports as a pandas DataFrame (install the ``pandas`` extra).

    Table values are numbers (``int`` or ``Decimal`` objects), blanks ``None``; one row per cell.

    Raises:
        ModuleNotFoundError: pandas is not installed.
    """
    import pandas

    rows = []
    for report in reports:
        for cell in (row for row in tidy_rows([report]) if row["table"] not in (_META, _TEXT)):
            kind = TableKind(cell["table"])
            value = report.table(kind)[_keys(kind, report.version, cell["row"], cell["column"])]
            rows.append({**cell, "year": int(cell["year"]), "value": value})
    return pandas.DataFrame(rows, columns=list(TIDY_COLUMNS))


def _keys(kind: TableKind, version: TemplateVersion, row: str, column: str) -> tuple[FormKey, FormKey]:
    spec = table_spec(kind, version)
    for r, c in spec.cells:
        if r.key.key == row and c.key.key == column:
            return r.key, c.key
    raise KeyError((row, column))  # pragma: no cover - rows come from the same report


# --- ratios ------------------------------------------------------------------------------------------


@attrs.frozen
class Ratio:
    """A ratio with its parts; ``value`` is ``None`` when it cannot be computed, and ``reason`` says why.

    Attributes:
        numerator: The counted part (``None`` if a cell it needs is blank).
        denominator: The whole (``None`` if a cell it needs is blank).
        value: The exact ratio, or ``None``.
        reason: Why ``value`` is ``None``: a blank cell, or a zero denominator.
    """

    numerator: int | None
    denominator: int | None
    value: Fraction | None
    reason: str | None = None

    def __float__(self) -> float:
        if self.value is None:
            raise ValueError(f"no ratio: {self.reason}")
        return float(self.value)


def _ratio(numerator: int | Decimal | None, denominator: int | Decimal | None) -> Ratio:
    top = None if numerator is None else int(numerator)
    bottom = None if denominator is None else int(denominator)
    if top is None or bottom is None:
        return Ratio(top, bottom, None, "a cell it needs is blank")
    if bottom == 0:
        return Ratio(top, bottom, None, "the denominator is 0")
    return Ratio(top, bottom, Fraction(top, bottom))


def _outcome_rows(table: RequestTable, outcomes: Iterable[Outcome]) -> list[RequestRow]:
    wanted = set(outcomes)
    return [
        row
        for row in table.spec.row_sums[RequestRow.TOTAL]
        if isinstance(row, RequestRow) and row.outcome in wanted
    ]


def disclosure_rate(table: RequestTable, *, applicant: Applicant = Applicant.TOTAL) -> Ratio:
    """Share of processed requests answered with 予以公开 or 部分公开: （一）+（二） over （七）总计."""
    rows = _outcome_rows(table, (Outcome.GRANTED, Outcome.PARTIALLY_GRANTED))
    return _ratio(table.sum_of((row, applicant) for row in rows), table[RequestRow.TOTAL, applicant])


def refusal_rate(table: RequestTable, *, applicant: Applicant = Applicant.TOTAL) -> Ratio:
    """Share of processed requests refused (不予公开, all eight reasons) over （七）总计."""
    rows = _outcome_rows(table, (Outcome.WITHHELD,))
    return _ratio(table.sum_of((row, applicant) for row in rows), table[RequestRow.TOTAL, applicant])


def correction_rate(table: ReviewTable, group: ReviewRow) -> Ratio:
    """Share of concluded cases whose result was corrected (结果纠正): over 总计 less 尚未审结.

    The form counts pending cases (尚未审结) in 总计; a case still pending has no result yet, so it is left
    out of the denominator.
    """
    total, pending = table[group, ReviewColumn.TOTAL], table[group, ReviewColumn.PENDING]
    concluded = None if total is None or pending is None else total - pending
    return _ratio(table[group, ReviewColumn.CORRECTED], concluded)
