"""The indicator panel: one row per report, each indicator with its numerator and denominator.

Every indicator is a ratio of two sums of stated cells (:data:`INDICATORS`, the one source of truth: the
Python panel, the corpus view and the documentation all read it). A blank is never taken as 0, as
:class:`~disclosure_report.Ratio` treats it (the same parts, value and reasons; a test holds the
indicators that are also ratios of :func:`~disclosure_report.disclosure_rate` and the like equal to
them): an indicator over a blank cell has no value, and says so. A value over
fewer than ``minimum`` cases (a rate of 1 of 2 requests) is kept but flagged ``small``, and left out of
rankings and spreads unless asked for.

Rankings and spreads compare a report with its peers: the reports of the same year, level and region as
they state them (``Metadata.level`` and ``Metadata.region``; an unknown level or region is a group of its
own, never guessed). A group smaller than ``minimum_group`` has no percentile or spread, and says so.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Final, Literal

import attrs

from ._form import (
    Applicant,
    FormKey,
    Outcome,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    TableKind,
    TemplateVersion,
    table_spec,
)
from ._model import AnnualReport, CellRef

if TYPE_CHECKING:
    import pandas

__all__ = [
    "GROUPING",
    "INDICATORS",
    "MINIMUM_GROUP",
    "MINIMUM_SAMPLE",
    "Indicator",
    "IndicatorRow",
    "IndicatorValue",
    "Rank",
    "Spread",
    "indicators",
    "indicators_frame",
    "indicators_markdown",
    "indicators_sql",
    "rank",
    "spread",
]

MINIMUM_SAMPLE: Final = 10
"""The fewest cases (the denominator) a value is a rate of: below it the value is flagged ``small``."""
MINIMUM_GROUP: Final = 5
"""The fewest reports a group of peers needs for a percentile or a spread."""
Grouping = Literal["year", "level", "region", "version"]
"""A field reports are grouped by to compare them with their peers."""
GROUPING: Final[tuple[Grouping, ...]] = ("year", "level", "region")
"""The default peers of a report: the same year, level and region (as the reports state them)."""


@attrs.frozen
class Quantity:
    """A sum of stated cells, less another sum (``None`` when a cell it reads is blank)."""

    plus: tuple[CellRef, ...]
    minus: tuple[CellRef, ...] = ()

    def of(self, report: AnnualReport) -> int | None:
        """The quantity in a report: exact, ``None`` over a blank."""
        total = 0
        for cells, sign in ((self.plus, 1), (self.minus, -1)):
            for kind, row, column in cells:
                value = report.table(kind)[row, column]
                if value is None:
                    return None
                total += sign * int(value)
        return total


def _requests(rows: Iterable[FormKey], column: Applicant = Applicant.TOTAL) -> tuple[CellRef, ...]:
    return tuple((TableKind.REQUESTS, row, column) for row in rows)


def _outcome(version: TemplateVersion, *outcomes: Outcome) -> tuple[CellRef, ...]:
    """The rows of some outcome categories in a version (（六）其他处理 is one row in 2019, three in 2021)."""
    rows = table_spec(TableKind.REQUESTS, version).row_sums[RequestRow.TOTAL]
    return _requests(row for row in rows if isinstance(row, RequestRow) and row.outcome in outcomes)


def _review(groups: Iterable[ReviewRow], column: ReviewColumn) -> tuple[CellRef, ...]:
    return tuple((TableKind.REVIEW_LITIGATION, group, column) for group in groups)


_PROCESSED: Final = _requests([RequestRow.TOTAL])
_LITIGATION: Final = (ReviewRow.LITIGATION_DIRECT, ReviewRow.LITIGATION_AFTER_REVIEW)
_REVIEW: Final = (ReviewRow.ADMINISTRATIVE_REVIEW,)


@attrs.frozen
class Indicator:
    """One indicator of the panel: a ratio of two quantities of the form, defined once.

    Attributes:
        key: The stable snake_case key (the panel's column, the corpus view's column).
        title_zh: Its name in Chinese.
        title_en: Its name in English.
        formula: The numerator over the denominator, as the form labels them.
        basis: Where in the form the quantities come from, and why the ratio means what it says.
        numerator: The counted part, in a template version.
        denominator: The whole, in a template version.

    .. versionadded:: 0.1.0
    """

    key: str
    title_zh: str
    title_en: str
    formula: str
    basis: str
    numerator: Callable[[TemplateVersion], Quantity] = attrs.field(repr=False, eq=False)
    denominator: Callable[[TemplateVersion], Quantity] = attrs.field(repr=False, eq=False)

    def of(self, report: AnnualReport, *, minimum: int = MINIMUM_SAMPLE) -> IndicatorValue:
        """The indicator in a report, its parts and exact value as :class:`~disclosure_report.Ratio` has them.

        No value over a blank cell or a zero denominator, and the reason; ``small`` when the denominator is
        below ``minimum``.
        """
        over, under = _compiled(self, report.version)
        top, bottom = _evaluate(over, report), _evaluate(under, report)
        small = bottom is not None and bottom < minimum
        if top is None or bottom is None:
            return IndicatorValue(top, bottom, None, "a cell it needs is blank", small)
        if bottom == 0:
            return IndicatorValue(top, bottom, None, "the denominator is 0", small)
        return IndicatorValue(top, bottom, Fraction(top, bottom), None, small)


Positions = tuple[tuple[tuple[TableKind, int], ...], tuple[tuple[TableKind, int], ...]]
"""A quantity as the positions of its cells in their tables' values: those added, those taken away."""


@functools.cache
def _compiled(indicator: Indicator, version: TemplateVersion) -> tuple[Positions, Positions]:
    """An indicator's numerator and denominator in a version, as cell positions (made once a version)."""

    def positions(quantity: Quantity) -> Positions:
        def of(cells: tuple[CellRef, ...]) -> tuple[tuple[TableKind, int], ...]:
            return tuple((kind, table_spec(kind, version).index[row, column]) for kind, row, column in cells)

        return of(quantity.plus), of(quantity.minus)

    return positions(indicator.numerator(version)), positions(indicator.denominator(version))


def _evaluate(positions: Positions, report: AnnualReport) -> int | None:
    """A quantity in a report: exact, ``None`` over a blank."""
    total = 0
    for cells, sign in ((positions[0], 1), (positions[1], -1)):
        for kind, index in cells:
            value = report.table(kind).values[index]
            if value is None:
                return None
            total += sign * int(value)
    return total


def _share_of_processed(outcomes: tuple[Outcome, ...]) -> Callable[[TemplateVersion], Quantity]:
    return lambda version: Quantity(_outcome(version, *outcomes))


def _processed(version: TemplateVersion) -> Quantity:
    return Quantity(_PROCESSED)


def _row(row: RequestRow) -> Callable[[TemplateVersion], Quantity]:
    return lambda version: Quantity(_requests([row]))


def _new_by(applicant: Applicant) -> Callable[[TemplateVersion], Quantity]:
    return lambda version: Quantity(_requests([RequestRow.NEW], applicant))


def _review_cells(
    groups: tuple[ReviewRow, ...], column: ReviewColumn
) -> Callable[[TemplateVersion], Quantity]:
    return lambda version: Quantity(_review(groups, column))


def _concluded(groups: tuple[ReviewRow, ...]) -> Callable[[TemplateVersion], Quantity]:
    # A pending case (尚未审结) is counted in 总计 but has no result yet: as correction_rate does.
    return lambda version: Quantity(
        _review(groups, ReviewColumn.TOTAL), _review(groups, ReviewColumn.PENDING)
    )


def _catalogue() -> tuple[Indicator, ...]:
    processed = RequestRow.TOTAL.label
    share = (
        "table 三, 总计 column: the outcome rows counted over （七）总计 (the requests processed this year)"
    )
    found: list[Indicator] = [
        Indicator(
            "granted_share",
            f"{Outcome.GRANTED.short_label}比例",
            "Share granted",
            f"（一）{Outcome.GRANTED.short_label} / {processed}",
            share,
            _share_of_processed((Outcome.GRANTED,)),
            _processed,
        ),
        Indicator(
            "disclosed_share",
            f"{Outcome.GRANTED.short_label}及{Outcome.PARTIALLY_GRANTED.short_label}比例",
            "Share granted in full or in part",
            f"（（一）+（二）） / {processed}",
            share + "; the same as disclosure_rate",
            _share_of_processed((Outcome.GRANTED, Outcome.PARTIALLY_GRANTED)),
            _processed,
        ),
        Indicator(
            "withheld_share",
            f"{Outcome.WITHHELD.short_label}比例",
            "Share withheld",
            f"Σ（三）1–8 / {processed}",
            share + "; the same as refusal_rate",
            _share_of_processed((Outcome.WITHHELD,)),
            _processed,
        ),
    ]
    withheld = [row for row in RequestRow if row.outcome is Outcome.WITHHELD]
    for number, row in enumerate(withheld, 1):
        reason = row.name.removeprefix("WITHHELD_").lower()
        found.append(
            Indicator(
                f"withheld_{reason}_share",
                f"{Outcome.WITHHELD.short_label}（{row.label}）比例",
                f"Share withheld: reason {number} ({reason.replace('_', ' ')})",
                f"（三）{number} / {processed}",
                share + "; the eight reasons add up to withheld_share",
                _row(row),
                _processed,
            )
        )
    found += [
        Indicator(
            "unavailable_share",
            f"{Outcome.UNAVAILABLE.short_label}比例",
            "Share unavailable",
            f"Σ（四）1–3 / {processed}",
            share,
            _share_of_processed((Outcome.UNAVAILABLE,)),
            _processed,
        ),
        Indicator(
            "not_held_part",
            f"{Outcome.UNAVAILABLE.short_label}中本机关不掌握的部分",
            "Part of unavailable: not held by the agency",
            "（四）1 / Σ（四）1–3",
            "table 三, 总计 column: of the requests answered 无法提供, those whose information the agency "
            "does not hold",
            _row(RequestRow.UNAVAILABLE_NOT_HELD),
            _share_of_processed((Outcome.UNAVAILABLE,)),
        ),
        Indicator(
            "not_processed_share",
            f"{Outcome.NOT_PROCESSED.short_label}比例",
            "Share not processed",
            f"Σ（五）1–5 / {processed}",
            share,
            _share_of_processed((Outcome.NOT_PROCESSED,)),
            _processed,
        ),
        Indicator(
            "other_processing_share",
            f"{Outcome.OTHER_PROCESSING.short_label}比例",
            "Share otherwise processed",
            f"Σ（六） / {processed}",
            share + "; （六） is one row in the 2019 form, three in the 2021 form",
            _share_of_processed((Outcome.OTHER_PROCESSING,)),
            _processed,
        ),
        Indicator(
            "carry_forward_rate",
            "结转下年度比例",
            "Share carried forward",
            "四、结转下年度继续办理 / （一、本年新收 + 二、上年结转）",
            "table 三, 总计 column: of the year's requests (new and carried over), those still open at its "
            "end; the printed relation 一 + 二 = （七）总计 + 四 makes the denominator the year's workload",
            _row(RequestRow.CARRIED_FORWARD),
            lambda version: Quantity(_requests([RequestRow.NEW, RequestRow.CARRIED_OVER])),
        ),
    ]
    for applicant in Applicant:
        if applicant is Applicant.TOTAL:
            continue
        found.append(
            Indicator(
                f"{applicant.key}_share",
                f"新收申请中{applicant.label}比例",
                f"Share of new requests from: {applicant.key.replace('_', ' ')}",
                f"一、本年新收 {applicant.label} / 一、本年新收 总计",
                "table 三, row 一: the applicant mix of the year's new requests",
                _new_by(applicant),
                _row(RequestRow.NEW),
            )
        )
    found += [
        Indicator(
            "review_per_processed",
            "每件办理申请的行政复议数",
            "Administrative reviews per processed request",
            f"行政复议 总计 / {processed}",
            "table 四 行政复议 总计 over table 三 （七）总计: how often a processed request ends in review "
            "(a review may concern a request of an earlier year)",
            _review_cells(_REVIEW, ReviewColumn.TOTAL),
            _processed,
        ),
        Indicator(
            "litigation_per_processed",
            "每件办理申请的行政诉讼数",
            "Lawsuits per processed request",
            f"（未经复议直接起诉 总计 + 复议后起诉 总计） / {processed}",
            "table 四, both litigation groups, over table 三 （七）总计 (a lawsuit may concern a request of "
            "an earlier year)",
            _review_cells(_LITIGATION, ReviewColumn.TOTAL),
            _processed,
        ),
        Indicator(
            "review_correction_rate",
            "行政复议结果纠正率",
            "Administrative reviews corrected",
            "行政复议 结果纠正 / （总计 − 尚未审结）",
            "table 四 行政复议: corrected over decided cases (pending cases have no result yet); the same "
            "as correction_rate",
            _review_cells(_REVIEW, ReviewColumn.CORRECTED),
            _concluded(_REVIEW),
        ),
        Indicator(
            "litigation_correction_rate",
            "行政诉讼结果纠正率",
            "Lawsuits corrected",
            "Σ 结果纠正 / Σ（总计 − 尚未审结）, both litigation groups",
            "table 四, both litigation groups: corrected over decided cases",
            _review_cells(_LITIGATION, ReviewColumn.CORRECTED),
            _concluded(_LITIGATION),
        ),
    ]
    return tuple(found)


INDICATORS: Final[Mapping[str, Indicator]] = {indicator.key: indicator for indicator in _catalogue()}
"""Every indicator of the panel, by key, in the panel's order.

.. versionadded:: 0.1.0
"""


# --- the panel -------------------------------------------------------------------------------------------


@attrs.frozen
class IndicatorValue:
    """One indicator of one report: the ratio with its parts, whether its sample is small, and its change.

    Attributes:
        numerator: The counted part (``None`` over a blank cell).
        denominator: The whole (``None`` over a blank cell).
        value: The exact ratio, or ``None`` (``reason`` says why).
        reason: Why there is no value: a blank cell, or a zero denominator.
        small: Whether the denominator is below the minimum sample (the value is not a rate to compare).
        change: This value less the same agency's value the year before, when both are there.

    .. versionadded:: 0.1.0
    """

    numerator: int | None
    denominator: int | None
    value: Fraction | None
    reason: str | None = None
    small: bool = False
    change: Fraction | None = None


@attrs.frozen
class IndicatorRow:
    """The panel's row of one report: who, when, and every indicator.

    Attributes:
        fingerprint: The report's fingerprint (which report this row is).
        agency: The agency, as the report names it.
        year: The reporting year; ``None`` when the document states none.
        version: The template version.
        level: The agency's level (its key), as the report states it; ``None`` when unknown.
        region: The agency's region, as printed; ``None`` when unknown.
        division_code: The region's division code, when stated.
        values: Each indicator, by key, in the order of :data:`INDICATORS`.
        previous: The fingerprint of last year's report the changes are from, if one was found.

    .. versionadded:: 0.1.0
    """

    fingerprint: str
    agency: str
    year: int | None
    version: str
    level: str | None
    region: str | None
    division_code: str | None
    values: Mapping[str, IndicatorValue]
    previous: str | None = None

    def __getitem__(self, key: str) -> IndicatorValue:
        return self.values[key]

    def as_row(self) -> dict[str, object]:
        """The row flat, for CSV and data frames.

        Each indicator ``k`` gives ``k`` (the value as a float, ``None`` without one), ``k_numerator``,
        ``k_denominator``, ``k_small`` and ``k_change`` (a float).
        """
        row: dict[str, object] = {
            "fingerprint": self.fingerprint,
            "agency": self.agency,
            "year": self.year,
            "version": self.version,
            "level": self.level,
            "region": self.region,
            "division_code": self.division_code,
            "previous": self.previous,
        }
        for key, value in self.values.items():
            row[key] = None if value.value is None else float(value.value)
            row[f"{key}_numerator"] = value.numerator
            row[f"{key}_denominator"] = value.denominator
            row[f"{key}_small"] = value.small
            row[f"{key}_change"] = None if value.change is None else float(value.change)
        return row


def _identity(report: AnnualReport) -> tuple[str, str | None]:
    return report.metadata.agency, report.metadata.region


def indicators(reports: Iterable[AnnualReport], *, minimum: int = MINIMUM_SAMPLE) -> list[IndicatorRow]:
    """The indicator panel: one row per report, in the order given, every indicator with its parts.

    A year's change is computed where the same agency (the same name and region, the division codes not
    disagreeing) has exactly one report for the year before among ``reports``, as
    ``validate --series`` pairs them; two reports of one agency for one year are compared with neither
    year beside them.

    Args:
        reports: The reports (any template version: each indicator reads its version's rows).
        minimum: The fewest cases a value is a rate of; a smaller denominator flags the value ``small``.

    Returns:
        A row per report (:class:`IndicatorRow`), each indicator an :class:`IndicatorValue`.

    Raises:
        ValueError: ``minimum`` is below 1.

    Example:
        >>> from disclosure_report import indicators
        >>> from disclosure_report.examples import seed_report
        >>> row = indicators([seed_report()])[0]
        >>> row["disclosed_share"].reason
        'the denominator is 0'

    .. versionadded:: 0.1.0
    """
    if type(minimum) is not int or minimum < 1:
        raise ValueError(f"minimum must be a whole number of at least 1, got {minimum!r}")
    given = list(reports)
    by_agency: dict[tuple[str, str | None], dict[int | None, list[int]]] = {}
    for position, report in enumerate(given):
        by_agency.setdefault(_identity(report), {}).setdefault(report.metadata.year, []).append(position)
    ratios = [
        [indicator.of(report, minimum=minimum) for indicator in INDICATORS.values()] for report in given
    ]
    rows = []
    for position, report in enumerate(given):
        info = report.metadata
        years = by_agency[_identity(report)]
        # A report of an unknown year has no year before it.
        before = [] if info.year is None else years.get(info.year - 1, [])
        previous = before[0] if len(before) == 1 and len(years[info.year]) == 1 else None
        if previous is not None and not _same_division(given[previous], report):
            previous = None
        values = {}
        for number, (key, ratio) in enumerate(zip(INDICATORS, ratios[position], strict=True)):
            change = None
            if previous is not None:
                old = ratios[previous][number].value
                change = None if old is None or ratio.value is None else ratio.value - old
            values[key] = attrs.evolve(ratio, change=change) if change is not None else ratio
        rows.append(
            IndicatorRow(
                fingerprint=report.fingerprint,
                agency=info.agency,
                year=info.year,
                version=info.version.value,
                level=None if info.level is None else info.level.key,
                region=info.region,
                division_code=info.division_code,
                values=values,
                previous=None if previous is None else given[previous].fingerprint,
            )
        )
    return rows


def _same_division(before: AnnualReport, after: AnnualReport) -> bool:
    codes = before.metadata.division_code, after.metadata.division_code
    return None in codes or codes[0] == codes[1]


def indicators_frame(rows: Iterable[IndicatorRow]) -> pandas.DataFrame:
    """The panel as a pandas data frame (the ``pandas`` extra), one row per report.

    Values are ``Float64``, numerators and denominators nullable ``Int64``, flags ``boolean``: a blank is
    ``<NA>``, never 0.

    Raises:
        ModuleNotFoundError: pandas is not installed (the message says what to install).

    .. versionadded:: 0.1.0
    """
    try:
        import pandas as pd
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "indicators_frame needs pandas: pip install 'disclosure-report[pandas]'", name=error.name
        ) from None
    records = [row.as_row() for row in rows]
    frame = pd.DataFrame.from_records(records, columns=_frame_columns())
    types: dict[str, str] = {"year": "Int64"}
    for key in INDICATORS:
        types.update(
            {
                key: "Float64",
                f"{key}_numerator": "Int64",
                f"{key}_denominator": "Int64",
                f"{key}_small": "boolean",
                f"{key}_change": "Float64",
            }
        )
    return frame.astype(types)


def _frame_columns() -> list[str]:
    columns = ["fingerprint", "agency", "year", "version", "level", "region", "division_code", "previous"]
    for key in INDICATORS:
        columns += [key, f"{key}_numerator", f"{key}_denominator", f"{key}_small", f"{key}_change"]
    return columns


# --- peers: ranks, percentiles and spreads ----------------------------------------------------------------


@attrs.frozen
class Rank:
    """Where one report stands among its peers on one indicator.

    Attributes:
        row: The report's panel row.
        group: The group's key: the values of the grouping fields, in order.
        size: How many reports of the group have a value compared (small samples left out, unless asked).
        rank: 1 for the highest value; equal values share the best rank (1, 2, 2, 4); ``None`` when the
            report has no value compared (no value, or a small sample).
        percentile: The share of the group's values below this one, ties counting half, in percent
            (0 to 100); ``None`` without a rank or in a group too small.
        too_small: Whether the group has fewer reports than the minimum for a percentile.

    .. versionadded:: 0.1.0
    """

    row: IndicatorRow
    group: tuple[object, ...]
    size: int
    rank: int | None
    percentile: Fraction | None
    too_small: bool


@attrs.frozen
class Spread:
    """The spread of one indicator in one group of peers.

    Attributes:
        group: The group's key: the values of the grouping fields, in order.
        size: How many values were compared.
        p10: The 10th percentile (linear between the two nearest values); ``None`` in a group too small.
        p50: The median.
        p90: The 90th percentile.
        too_small: Whether the group has fewer values than the minimum.

    .. versionadded:: 0.1.0
    """

    group: tuple[object, ...]
    size: int
    p10: Fraction | None
    p50: Fraction | None
    p90: Fraction | None
    too_small: bool


def _check_peers(indicator: str, by: Sequence[str], minimum_group: int) -> tuple[str, ...]:
    if indicator not in INDICATORS:
        raise KeyError(f"no indicator {indicator!r}; known: {', '.join(INDICATORS)}")
    fields = tuple(by)
    for field in fields:
        if field not in ("year", "level", "region", "version"):
            raise ValueError(f"cannot group by {field!r}: by year, level, region or version")
    if type(minimum_group) is not int or minimum_group < 1:
        raise ValueError(f"minimum_group must be a whole number of at least 1, got {minimum_group!r}")
    return fields


def _groups(
    rows: Iterable[IndicatorRow], indicator: str, by: tuple[str, ...], small: bool
) -> dict[tuple[object, ...], tuple[list[IndicatorRow], list[IndicatorRow]]]:
    """Each group's rows with a value compared, and those without, in a fixed order."""
    groups: dict[tuple[object, ...], tuple[list[IndicatorRow], list[IndicatorRow]]] = {}
    for row in rows:
        key = tuple(getattr(row, field) for field in by)
        compared, others = groups.setdefault(key, ([], []))
        value = row.values[indicator]
        (compared if value.value is not None and (small or not value.small) else others).append(row)
    return groups


def rank(
    rows: Iterable[IndicatorRow],
    indicator: str,
    *,
    by: Sequence[Grouping] = GROUPING,
    minimum_group: int = MINIMUM_GROUP,
    small: bool = False,
) -> list[Rank]:
    """Rank every report among its peers on one indicator: rank and percentile within its group.

    The result depends on the values alone, not on the order of ``rows``: equal values share a rank,
    and the list is sorted by group, then rank, then fingerprint.

    Args:
        rows: Panel rows (:func:`indicators`).
        indicator: The indicator's key (see :data:`INDICATORS`).
        by: The grouping fields: ``year``, ``level``, ``region``, ``version`` (default: year, level and
            region). An unknown level or region (``None``) is a group of its own.
        minimum_group: The fewest values a group needs for percentiles; smaller groups are flagged
            ``too_small`` (their ranks are still given).
        small: Compare values over small samples too (by default they get no rank).

    Raises:
        KeyError: No such indicator.
        ValueError: An unknown grouping field, or ``minimum_group`` below 1.

    .. versionadded:: 0.1.0
    """
    fields = _check_peers(indicator, by, minimum_group)
    ranked: list[Rank] = []
    for group, (compared, others) in sorted(
        _groups(rows, indicator, fields, small).items(), key=_group_order
    ):
        # Sorted once; each rank and percentile is then two binary searches: O(n log n) a group.
        values = sorted(_value(row, indicator) for row in compared)
        size = len(values)
        too_small = size < minimum_group
        for row in compared:
            value = _value(row, indicator)
            below, up_to = bisect.bisect_left(values, value), bisect.bisect_right(values, value)
            place = size - up_to + 1  # 1 for the highest; equal values share the best place
            percentile = None if too_small else (below + Fraction(up_to - below - 1, 2)) / size * 100
            ranked.append(Rank(row, group, size, place, percentile, too_small))
        ranked += [Rank(row, group, size, None, None, too_small) for row in others]
    ranked.sort(key=lambda r: (_group_order((r.group, None)), r.rank is None, r.rank or 0, r.row.fingerprint))
    return ranked


def spread(
    rows: Iterable[IndicatorRow],
    indicator: str,
    *,
    by: Sequence[Grouping] = GROUPING,
    minimum_group: int = MINIMUM_GROUP,
    small: bool = False,
) -> list[Spread]:
    """P10, P50 and P90 of one indicator in each group of peers.

    Percentiles are exact (fractions), linear between the two nearest values (the method numpy and
    pandas use by default). A group with fewer values than ``minimum_group`` is listed with its size and
    ``too_small``, and no percentile.

    Args:
        rows: Panel rows (:func:`indicators`).
        indicator: The indicator's key.
        by: The grouping fields (see :func:`rank`).
        minimum_group: The fewest values a group needs.
        small: Count values over small samples too.

    Raises:
        KeyError: No such indicator.
        ValueError: An unknown grouping field, or ``minimum_group`` below 1.

    .. versionadded:: 0.1.0
    """
    fields = _check_peers(indicator, by, minimum_group)
    found = []
    for group, (compared, _) in sorted(_groups(rows, indicator, fields, small).items(), key=_group_order):
        values = sorted(_value(row, indicator) for row in compared)
        if len(values) < minimum_group or not values:
            found.append(Spread(group, len(values), None, None, None, True))
            continue
        p10, p50, p90 = (_quantile(values, Fraction(q, 100)) for q in (10, 50, 90))
        found.append(Spread(group, len(values), p10, p50, p90, False))
    return found


def _value(row: IndicatorRow, indicator: str) -> Fraction:
    value = row.values[indicator].value
    assert value is not None
    return value


def _quantile(values: Sequence[Fraction], q: Fraction) -> Fraction:
    position = q * (len(values) - 1)
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)


def _group_order(item: tuple[tuple[object, ...], object]) -> tuple[tuple[bool, str], ...]:
    # Groups sort by their values, an unknown (None) last; values of mixed types compare as text.
    return tuple((value is None, "" if value is None else f"{value:>12}") for value in item[0])


# --- the same in SQL, for the corpus -------------------------------------------------------------------


def _cell_condition(cells: Iterable[CellRef]) -> str:
    keys = sorted({f"('{kind.key}', '{row.key}', '{column.key}')" for kind, row, column in cells})
    return f"(c.table_key, c.row_key, c.column_key) IN ({', '.join(keys)})"


def _sql_quantity(get: Callable[[TemplateVersion], Quantity]) -> str:
    """A quantity as SQL over the ``cells`` rows of a report (aliased ``c``), for either version.

    Each version reads its own rows (a row of the other version is not in its report), so one condition
    serves both; ``NULL`` when a cell it reads is blank.
    """
    plus = [cell for version in TemplateVersion for cell in get(version).plus]
    minus = [cell for version in TemplateVersion for cell in get(version).minus]
    terms = []
    for cells in (plus, minus):
        if not cells:
            continue
        condition = _cell_condition(cells)
        terms.append(
            f"CASE WHEN bool_and(c.count IS NOT NULL) FILTER (WHERE {condition}) "
            f"THEN sum(c.count) FILTER (WHERE {condition}) END"
        )
    return " - ".join(f"({term})" for term in terms)


def indicators_sql(minimum: int = MINIMUM_SAMPLE) -> str:
    """The panel as a query over a corpus's ``reports`` and ``cells`` (the ``indicators`` view).

    One row per report: its identity, ``previous`` (the fingerprint of last year's report the changes are
    from) and for each indicator ``k``: ``k_numerator``, ``k_denominator``, ``k`` (a DOUBLE, ``NULL``
    over a blank cell or a zero denominator), ``k_small`` and ``k_change``: the values :func:`indicators`
    gives for the same reports, last year's report paired as it pairs them.
    """
    columns = []
    for key, indicator in INDICATORS.items():
        columns.append(f"{_sql_quantity(indicator.numerator)} AS {key}_numerator")
        columns.append(f"{_sql_quantity(indicator.denominator)} AS {key}_denominator")
    derived = []
    for key in INDICATORS:
        top, bottom = f"{key}_numerator", f"{key}_denominator"
        # Any denominator but 0 gives a value, as Ratio has it (a negative one too: the report's to explain).
        derived.append(f"CASE WHEN {bottom} <> 0 THEN {top}::DOUBLE / {bottom} END AS {key}")
        derived.append(f"coalesce({bottom} < {int(minimum)}, false) AS {key}_small")
    identity = "r.fingerprint, r.agency, r.year, r.version, r.level, r.region, r.division_code"
    panel = (
        f"SELECT p.*, {', '.join(derived)}, "
        "count(*) OVER (PARTITION BY p.agency, p.region, p.year) AS reports_that_year FROM ("
        f"SELECT {identity}, {', '.join(columns)} "
        "FROM reports r LEFT JOIN cells c ON c.fingerprint = r.fingerprint "
        f"GROUP BY {identity}) p"
    )
    return (
        f"WITH panel AS ({panel}) "
        f"SELECT now.* EXCLUDE (reports_that_year), before.fingerprint AS previous, "
        f"{', '.join(_sql_change(key) for key in INDICATORS)} "
        "FROM panel now LEFT JOIN panel before ON "
        # Paired as indicators() pairs them: one report of the agency each year, divisions not disagreeing.
        "before.agency IS NOT DISTINCT FROM now.agency AND before.region IS NOT DISTINCT FROM now.region "
        "AND before.year = now.year - 1 AND before.reports_that_year = 1 AND now.reports_that_year = 1 "
        "AND (before.division_code IS NULL OR now.division_code IS NULL "
        "OR before.division_code = now.division_code)"
    )


def _sql_change(key: str) -> str:
    """An indicator's change from last year's report: one division of exact integers, rounded once."""
    top, bottom = f"{key}_numerator::HUGEINT", f"{key}_denominator::HUGEINT"
    return (
        f"CASE WHEN now.{key} IS NOT NULL AND before.{key} IS NOT NULL "
        f"THEN (now.{top} * before.{bottom} - before.{top} * now.{bottom})::DOUBLE "
        f"/ (now.{bottom} * before.{bottom})::DOUBLE END AS {key}_change"
    )


def indicators_markdown() -> str:
    """The indicator catalogue as a Markdown page (the documentation's, generated at every build)."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = [
        "# Indicator catalogue",
        "",
        "Generated from `disclosure_report.INDICATORS`: each indicator of the panel "
        "(`indicators(reports)`, the corpus's `indicators` view), its formula over the form's cells and its "
        "basis in the form. Every indicator has its numerator and denominator beside its value; a blank "
        "cell leaves it without a value (never taken as 0), as does a denominator of 0, and the reason is "
        f"given. A denominator under {MINIMUM_SAMPLE} (the default `minimum`) flags the value `small`: it "
        "is kept, and left out of ranks, spreads and charts. Peers are the reports of the same year, level "
        f"and region; a group of fewer than {MINIMUM_GROUP} reports has no percentile or spread.",
        "",
        "| key | 指标 | indicator | formula | basis |",
        "|---|---|---|---|---|",
        *(
            f"| `{i.key}` | {cell(i.title_zh)} | {cell(i.title_en)} | {cell(i.formula)} | {cell(i.basis)} |"
            for i in INDICATORS.values()
        ),
    ]
    return "\n".join(lines)
