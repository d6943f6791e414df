"""Many reports: sums, summaries against their parts, series over the years, and ratios.

Aggregate reports, check a summary against its parts, follow an agency over the years, and compute the
ratios reviewers and researchers use (the tidy export is :mod:`disclosure_report._io.tidy`).

All arithmetic is exact (integers, and :class:`~decimal.Decimal` for 万元). A blank is never taken as 0:
a sum over a blank is blank, and says which input left it blank.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs

from ._form import Applicant, Outcome, RequestRow, ReviewColumn, ReviewRow, TableKind, table_spec
from ._model import (
    TABLE_CLASSES,
    AnnualReport,
    AnyTable,
    CellRef,
    CellValue,
    Metadata,
    RequestTable,
    ReviewTable,
    sum_cells,
)
from ._validation import Finding, Location, Validation, validate

__all__ = [
    "Aggregate",
    "Ratio",
    "Series",
    "aggregate",
    "compare_with_children",
    "correction_rate",
    "disclosure_rate",
    "refusal_rate",
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
        duplicates: The inputs that are the same report (the same fingerprint), as groups of their
            positions (from 0): each was summed as often as it was given, and this says so.
    """

    report: AnnualReport
    contributors: tuple[str, ...]
    blanks: Mapping[CellRef, tuple[str, ...]]
    duplicates: tuple[tuple[int, ...], ...] = ()


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
        shown = sorted("unknown" if y is None else str(y) for y in years)
        raise ValueError(f"cannot sum reports of different years {shown} without year=")
    version = inputs[0].version
    names = tuple(_name(r) for r in inputs)
    blanks: dict[CellRef, tuple[str, ...]] = {}
    tables: list[AnyTable] = []
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
                values.append(sum_cells(cells))
        tables.append(TABLE_CLASSES[kind](version, tuple(values)))
    summed = AnnualReport.from_tables(
        Metadata(agency=agency, year=year if year is not None else years.pop(), version=version),
        tables,
        overview="",
        problems="",
        other_matters="",
    )
    by_content: dict[str, list[int]] = {}
    for position, report in enumerate(inputs):
        by_content.setdefault(report.fingerprint, []).append(position)
    duplicates = tuple(tuple(group) for group in by_content.values() if len(group) > 1)
    return Aggregate(summed, names, blanks, duplicates)


def compare_with_children(parent: AnnualReport, children: Sequence[AnnualReport]) -> Validation:
    """Check a summary report against the sum of the reports it summarises, cell by cell.

    Returns:
        One ``aggregate-mismatch`` finding per cell where the parent states another number than the sum of
        its children, naming the children and their values; cells where the parent or a child is blank
        are not compared. One ``aggregate-duplicate`` finding for each report given more than once.

    Raises:
        ValueError: The children cannot be summed, or are of another version than the parent.
    """
    total = aggregate(children, agency=parent.metadata.agency, year=parent.metadata.year)
    if total.report.version is not parent.version:
        raise ValueError("the parent and its children follow different template versions")
    findings: list[Finding] = [
        Finding.of(
            "aggregate-duplicate",
            Location(),
            positions="、".join(str(position + 1) for position in group),
            names="、".join(total.contributors[position] for position in group),
            count=len(group),
        )
        for group in total.duplicates
    ]
    for kind in TableKind:
        stated, summed = parent.table(kind), total.report.table(kind)
        for index, (row, column) in enumerate(stated.spec.cells):
            actual, expected = stated.values[index], summed.values[index]
            if actual is None or expected is None or actual == expected:
                continue
            parts = "、".join(f"{_name(c)} {c.table(kind).values[index]}" for c in children)
            findings.append(
                Finding.of(
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


def _year_of(report: AnnualReport) -> int:
    """A report's year, for a series: a report whose year is unknown has no place in one."""
    year = report.metadata.year
    if year is None:
        raise ValueError(f"a series needs each report's year; the year of {_name(report)!r} is unknown")
    return year


def _by_year(reports: Iterable[AnnualReport]) -> tuple[AnnualReport, ...]:
    return tuple(sorted(reports, key=_year_of))


@attrs.frozen
class Series:
    """The reports of one agency, ordered by year.

    Attributes:
        reports: The reports, oldest first, one per year.
    """

    reports: tuple[AnnualReport, ...] = attrs.field(converter=_by_year)

    def __attrs_post_init__(self) -> None:
        years = [_year_of(r) for r in self.reports]
        if len(set(years)) != len(years):
            raise ValueError(f"a series has one report per year; got years {years}")

    def validate(self) -> dict[int, Validation]:
        """Each year's validation, with the cross-year rules against the year before where there is one."""
        results: dict[int, Validation] = {}
        by_year = {_year_of(r): r for r in self.reports}
        for year, report in by_year.items():
            results[year] = validate(report, previous=by_year.get(year - 1))
        return results

    def changes(self) -> Iterator[dict[str, object]]:
        """Year-over-year change of every cell both consecutive reports have (same template version).

        Each row: ``table``, ``row``, ``column``, ``year``, ``previous``, ``value`` and ``change`` (``None``
        when either value is blank).
        """
        for before, after in zip(self.reports, self.reports[1:], strict=False):
            if _year_of(after) != _year_of(before) + 1:
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


def correction_rate(
    table: ReviewTable, _group: ReviewRow | None = None, /, *, group: ReviewRow | None = None
) -> Ratio:
    """Share of concluded cases whose result was corrected (结果纠正): over 总计 less 尚未审结.

    The form counts pending cases (尚未审结) in 总计; a case still pending has no result yet, so it is left
    out of the denominator.

    Args:
        table: Table 四.
        group: The group: administrative review, or one of the two kinds of litigation.

    .. deprecated:: 0.1.0
        Passing ``group`` by position: pass ``group=`` (as :func:`disclosure_rate` takes ``applicant=``).
    """
    if _group is not None:
        warnings.warn(
            "correction_rate(table, group) is deprecated: use correction_rate(table, group=...)",
            DeprecationWarning,
            stacklevel=2,
        )
        group = _group
    if group is None:
        raise TypeError("correction_rate() needs group=")
    total, pending = table[group, ReviewColumn.TOTAL], table[group, ReviewColumn.PENDING]
    concluded = None if total is None or pending is None else total - pending
    return _ratio(table[group, ReviewColumn.CORRECTED], concluded)
