"""The figures the text states, against the tables: "收到申请30件" with 26 in table 三, "占50%" of 15 in 40.

The text is read by :mod:`.statements`; this module checks what it read. An exact figure must equal the
table's (or what else its words may mean: new requests, or new and carried over); a figure in 万 with
decimals and a share are checked at the precision stated; an approximate figure is not checked, nor is
one of another body or year than the report's (:func:`.statements.for_report`). A figure whose stated
total is blank is compared with the total its printed parts give, said to be computed. Only a sure
statement warns (:func:`.statements.certainty`); one that is not and disagrees is an info, saying why it
was not checked. Numbers the
reader could not explain are listed in an info finding, so that a reviewer sees what was not checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

import attrs

from .._form import CellKey, FormKey, Section, TableKind
from .._model import AnnualReport, AnyTable, plain, sum_cells
from .findings import Finding, Location
from .statements import UNSURE_REASONS, TextFigure, certainty, plain_statements, text_figures

__all__ = ["TextCoverage", "check_text_against_tables", "contradictions", "text_coverage"]

_CHECKED: Final = frozenset(("exact", "none", "share"))
MAX_QUOTED: Final = 200
"""The longest sentence quoted whole as evidence; a longer one is quoted around the number."""
MAX_CONTRADICTIONS: Final = 200
"""The most contradictions reported for one report's text, and apart from them the most figures reported as
not sure (a text of thousands of wrong figures is one problem, and its findings must not outgrow it; a
text of many unsure figures must not push a sure contradiction out)."""
MAX_LISTED: Final = 20
"""The most unexplained numbers a section's note lists (it counts them all)."""


def check_text_against_tables(report: AnnualReport) -> Iterable[Finding]:
    """Every figure sections 一, 五 and 六 state that contradicts the tables; the numbers left unexplained."""
    if _plainly_agrees(report):
        return ()  # the usual text: every figure it states is its usual reading's sum
    return contradictions(report)


def _plainly_agrees(report: AnnualReport) -> bool:
    """Whether every figure the text states is plain and its usual reading's sum: one addition each.

    Then :func:`contradictions`, the general path, finds nothing: no figure contradicts the tables and
    no number is unexplained. Counts only (``type(usual) is int``), as in :func:`_check`.
    """
    statements = plain_statements(report)
    if statements is None:
        return False
    for kind, usual_sum, stated in statements:
        try:
            usual = usual_sum(getattr(report, kind._value_).values)  # report.table(kind), without a call
        except TypeError:  # a blank among the cells
            return False
        if type(usual) is not int or usual != stated:  # a blank cell alone is None: not int
            return False
    return True


def contradictions(report: AnnualReport) -> Iterator[Finding]:
    """The general path of :func:`check_text_against_tables`: each figure read and checked."""
    if not (report.overview or report.problems or report.other_matters):
        return
    figures = text_figures(report)
    reported = {True: 0, False: 0}  # by whether the figure is sure
    for figure in figures:
        if figure.kind in _CHECKED:
            finding = _check(report, figure)
            if finding is not None:
                unsure = certainty(figure)
                if reported[not unsure] < MAX_CONTRADICTIONS:
                    yield _not_checked(finding, unsure) if unsure else finding
                    reported[not unsure] += 1
                if min(reported.values()) == MAX_CONTRADICTIONS:
                    break
    if any(figure.kind == "unexplained" for figure in figures):
        yield from _unexplained(figures)


def _not_checked(contradiction: Finding, unsure: str) -> Finding:
    """A contradiction of a statement that is not sure, reported as not checked, and why (an info).

    Only a sure statement warns (see :func:`.statements.certainty`): what the sentence counts may be
    something else than the cells it was read as, and a false warning costs a reviewer's trust.
    """
    params = contradiction.params
    reason_zh, reason_en = UNSURE_REASONS[unsure]
    return Finding.of(
        "text-figure-unsure",
        contradiction.location,
        expected=contradiction.expected,
        actual=contradiction.actual,
        cells=contradiction.cells,
        evidence=contradiction.evidence,
        number=params["number"] or 0,
        table_zh=params["table_zh"],
        table_en=params["table_en"],
        subject=params["subject"],
        reason=unsure,
        reason_zh=reason_zh,
        reason_en=reason_en,
    )


def _quote(figure: TextFigure) -> str:
    """The sentence a figure was read in, whole when it is short, else the part around the number."""
    sentence = figure.sentence
    if len(sentence) <= MAX_QUOTED:
        return sentence
    half = (MAX_QUOTED - len(figure.number)) // 2
    start, end = max(0, figure.at - half), figure.at + len(figure.number) + half
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")


def _check(report: AnnualReport, figure: TextFigure) -> Finding | None:
    subject, stated = figure.subject, figure.value
    assert subject is not None
    assert stated is not None
    table = report.table(subject.table)
    values = table.values
    if figure.kind != "share" and figure.places is None:
        # The usual case, decided at C speed: an exact figure that is its usual reading's sum. Counts
        # only: sum() adds amounts at the context's 28 digits, so a Decimal total goes the exact way.
        positions = subject.positions(table.version)
        usual: object = None
        if positions:
            cells: Iterator[Any] = map(values.__getitem__, positions[0][1])
            try:
                usual = sum(cells)
            except TypeError:  # a blank among the cells
                usual = None
        if type(usual) is int and usual == stated:
            return None

    def sums(shares: bool) -> list[tuple[tuple[CellKey, ...], int | Decimal | None]]:
        return [
            (keys, sum_cells(map(values.__getitem__, positions)))
            for keys, positions in subject.positions(table.version, shares=shares)
        ]

    readings = sums(False)
    if not readings:
        return None  # the report's version has none of these cells
    keys, figure_value = readings[0]
    if figure.kind == "share":
        if figure_value is None:
            return None  # a blank figure is reported as a blank; the text cannot contradict it
        return _check_share(report, figure, readings, sums(True))
    computed = False
    if figure_value is None:
        # A stated total left blank hides nothing its printed parts state: 办结26件 against the parts of
        # a blank （七）总计 (the form defines a total as the sum of its parts), said to be computed.
        readings = [(found, _with_totals_computed(table, found)) for found, _ in readings]
        keys, figure_value = readings[0]
        if figure_value is None:
            return None  # blank beyond what its parts give: reported as a blank, not contradicted
        computed = True
    if any(value is not None and _agrees(stated, value, figure.places) for _, value in readings):
        return None
    described = _describe(subject.table, keys)
    if computed:
        described = (
            f"{described[0]}（表中未填，按所列各项计算）",
            f"{described[1]} (left blank; computed from its printed parts)",
        )
    return Finding.of(
        "text-contradicts-table",
        Location(section=figure.section),
        expected=stated,
        actual=figure_value,
        cells=[(subject.table, *key) for key in keys],
        evidence=_quote(figure),
        claim_zh=f"{described[0]}为{figure.number or 0}",
        claim_en=f"{described[1]} = {figure.number or 0}",
        table_zh=described[0],
        table_en=described[1],
        subject=subject.id,
        number=figure.number,
        computed=computed,
    )


_DEPTH: Final = 2
"""How many levels of totals a blank total is computed through: （七）总计/总计 from the 总计 column's outcome
rows, each of them from its applicant columns; the work is bounded by the table's cells."""


def _with_totals_computed(table: AnyTable, keys: Sequence[CellKey]) -> int | Decimal | None:
    """The sum of these cells, a blank total among them taken as the sum of its parts when they are stated.

    ``None`` when a blank is not a total, or a part is blank too (beyond :data:`_DEPTH` levels of totals).
    """

    def value(key: CellKey, depth: int) -> int | Decimal | None:
        found = table[key]
        if found is not None or depth == _DEPTH:
            return found
        parts = table.spec.parts(*key)
        return None if parts is None else sum_cells(value(part, depth + 1) for part in parts)

    return sum_cells(value(key, 0) for key in keys)


def _agrees(stated: int | Decimal, value: int | Decimal, places: int | None) -> bool:
    """Whether a stated figure is the table's: exactly, or for "1.2万" to the 万 and decimals written."""
    if places is None:
        return stated == value
    return bool(abs(Decimal(stated) - Decimal(value)) <= Decimal(5000) / 10**places)


def _check_share(
    report: AnnualReport,
    figure: TextFigure,
    readings: Sequence[tuple[tuple[CellKey, ...], int | Decimal | None]],
    totals: Sequence[tuple[tuple[CellKey, ...], int | Decimal | None]],
) -> Finding | None:
    """A percentage stated for a subject, right if it is its share of one of its totals.

    Right to the places written, rounded or cut: 33.3% and 33.4% are both one third.
    """
    assert figure.subject is not None
    assert figure.value is not None
    places = figure.places or 0
    step = Decimal(1).scaleb(-places)
    stated = Decimal(figure.value)
    computed = [
        (keys, total_keys, Decimal(part) * 100 / Decimal(total))
        for keys, part in readings
        if part is not None
        for total_keys, total in totals
        if total  # neither blank nor zero
    ]
    if not computed or any(abs(stated - share) < step for _, _, share in computed):
        return None
    keys, total_keys, share = computed[0]
    table = figure.subject.table
    part, whole = _describe(table, keys), _describe(table, total_keys)
    shown = f"{plain(share.quantize(step, rounding=ROUND_HALF_UP))}%"
    return Finding.of(
        "text-contradicts-table",
        Location(section=figure.section),
        expected=f"{figure.number}%",
        actual=shown,
        cells=[(table, *key) for key in (*keys, *total_keys)],
        evidence=_quote(figure),
        claim_zh=f"{part[0]}占{whole[0]}的{figure.number}%",
        claim_en=f"{part[1]} is {figure.number}% of {whole[1]}",
        table_zh=f"{part[0]}占{whole[0]}的比例",
        table_en=f"the share of {part[1]} in {whole[1]}",
        subject=figure.subject.id,
        number=figure.number,
    )


def _describe(table: TableKind, keys: Sequence[CellKey]) -> tuple[str, str]:
    """The cells named as the form names them, in Chinese and in English: “（一）予以公开”总计."""
    rows = list(dict.fromkeys(row for row, _ in keys))
    columns = list(dict.fromkeys(column for _, column in keys))
    many = len(keys) > 1

    def names(members: list[FormKey]) -> tuple[str, str]:
        if len(members) > 3:
            return f"“{members[0].label}”至“{members[-1].label}”", f"{members[0].key} … {members[-1].key}"
        return "、".join(f"“{m.label}”" for m in members), " + ".join(m.key for m in members)

    if len(columns) == 1:
        zh, en = names(rows)
        column = columns[0]
        return f"{zh}{column.label}{'之和' if many else ''}", f"{en} / {column.key}"
    if len(rows) == 1:
        zh, en = names(columns)
        return f"“{rows[0].label}”{zh}{'之和' if many else ''}", f"{rows[0].key} / {en}"
    zh = "、".join(f"“{row.label}”/“{column.label}”" for row, column in keys)
    return f"{zh}之和", " + ".join(f"{row.key} / {column.key}" for row, column in keys)


def _unexplained(figures: Iterable[TextFigure]) -> Iterator[Finding]:
    """For each section, the numbers neither read as figures of the tables nor recognised as other things."""
    by_section: dict[Section | None, list[TextFigure]] = {}
    for figure in figures:
        if figure.number:
            by_section.setdefault(figure.section, []).append(figure)
    for section, found in by_section.items():
        left = [f for f in found if f.kind == "unexplained"]
        if not left:
            continue
        coverage = TextCoverage.of(found)
        listed = "；".join(f"{f.number}（“{_quote(f)}”）" for f in left[:MAX_LISTED])
        if len(left) > MAX_LISTED:
            listed += f"；…（另有{len(left) - MAX_LISTED}个）"
        yield Finding.of(
            "text-figures-unexplained",
            Location(section=section),
            actual=len(left),
            numbers=listed,
            figures=tuple((f.number, _quote(f)) for f in left[:MAX_LISTED]),
            total=coverage.total,
            read=coverage.read,
            approximate=coverage.approximate,
            other=coverage.other,
            unexplained=coverage.unexplained,
        )


@attrs.frozen
class TextCoverage:
    """How many numbers of a text were read as figures of the tables, recognised as other things, or not.

    Attributes:
        read: Numbers read as figures of the tables (exact or shares), checked.
        approximate: Numbers read as approximate figures of the tables (约, 余...), not checked.
        other: Numbers recognised as dates, durations, articles, rates or counts of other things.
        unexplained: Numbers neither read nor recognised.
    """

    read: int
    approximate: int
    other: int
    unexplained: int

    @classmethod
    def of(cls, figures: Iterable[TextFigure]) -> TextCoverage:
        """The counts of these figures' numbers ("none" statements have none)."""
        counts = dict.fromkeys(("exact", "share", "approximate", "other", "unexplained", "none"), 0)
        for figure in figures:
            if figure.number:
                counts[figure.kind] += 1
        return cls(
            counts["exact"] + counts["share"], counts["approximate"], counts["other"], counts["unexplained"]
        )

    @property
    def total(self) -> int:
        """Every number of the text."""
        return self.read + self.approximate + self.other + self.unexplained


def text_coverage(report: AnnualReport) -> TextCoverage:
    """How many numbers of the report's text were checked against the tables, recognised, or left unexplained.

    Example:
        >>> from disclosure_report import text_coverage
        >>> from disclosure_report.examples import seed_report
        >>> text_coverage(seed_report()).unexplained
        0
    """
    return TextCoverage.of(text_figures(report))
