"""Hypothesis strategies that generate reports, for this project's tests and for yours.

Install with the ``testing`` extra (``pip install disclosure-report[testing]``). Every strategy takes
keyword-only options; examples shrink towards small counts and short texts.

Example:
    >>> from hypothesis import given
    >>> from disclosure_report.strategies import reports
    >>> @given(reports())
    ... def test_year(report):
    ...     assert report.metadata.year >= 2019
    >>> test_year()
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

import attrs
from hypothesis import strategies as st

from ._form import (
    CURRENT_VERSION,
    Applicant,
    CellKind,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
    TemplateVersion,
    VersionSpec,
    table_spec,
    version_spec,
    version_specs,
)
from ._model import (
    MAX_COUNT,
    TABLE_CLASSES,
    AgencyLevel,
    AnnualReport,
    AnyTable,
    CellValue,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
)
from ._rules import RULES, Scope
from ._validation import Location
from ._validation.form_checks import PROBLEMS_MINIMUM

__all__ = [
    "BREAKABLE",
    "BrokenReport",
    "amounts",
    "broken_reports",
    "disclosure_tables",
    "metadata",
    "reports",
    "request_tables",
    "review_tables",
    "texts",
]


# Characters of real reports that form no statement about the tables (no digits, no 收到, 未, 办结, 件...),
# so that the text of a consistent report cannot contradict its tables.
_NEUTRAL_CHARACTERS = (
    "政府信息公开工作年度报告本机关主动依法规范管理平台建设监督保障问题改进情况其他事项，、：“”（）"
)

# Common characters of real reports, so that generated texts look like them and shrink readably.
_REPORT_CHARACTERS = (
    "政府信息公开工作年度报告本机关主动申请办理依法规范管理平台建设监督保障问题改进情况其他事项"
    "无年月日件万元，。、；：“”（）0123456789"
)


def texts(*, min_size: int = 0, max_size: int = 200, alphabet: str | None = None) -> st.SearchStrategy[str]:
    """Text for a section: report-like Chinese characters, digits and full-width punctuation by default.

    Example:
        >>> from hypothesis import given
        >>> @given(texts(max_size=20))
        ... def test_short(text):
        ...     assert len(text) <= 20
        >>> test_short()
    """
    _check_int("min_size", min_size, 0)
    _check_int("max_size", max_size, min_size)
    if alphabet is None:
        characters: st.SearchStrategy[str] = st.one_of(
            st.sampled_from(_REPORT_CHARACTERS), st.characters(codec="utf-8")
        )
        return st.text(characters, min_size=min_size, max_size=max_size)
    if not alphabet:
        raise ValueError("alphabet must have at least one character")
    # From an alphabet, the characters are decoded from one draw of bytes (one a character, two for an
    # alphabet of more than 256): a draw a character cost Hypothesis about 30 microseconds each. The zero
    # byte is the alphabet's first character, so texts shrink towards it, as sampled_from's do.
    width = 1 if len(alphabet) <= 256 else 2
    return st.binary(min_size=width * min_size, max_size=width * max_size + width - 1).map(
        functools.partial(_spelled, alphabet, width)
    )


def _spelled(alphabet: str, width: int, raw: bytes) -> str:
    """The text ``raw`` spells in ``alphabet``, ``width`` bytes a character."""
    if width == 1:
        return "".join(alphabet[byte % len(alphabet)] for byte in raw)
    return "".join(
        alphabet[int.from_bytes(raw[at : at + 2], "big") % len(alphabet)] for at in range(0, len(raw) - 1, 2)
    )


def amounts(*, max_value: Decimal = Decimal(100_000), places: int = 4) -> st.SearchStrategy[Decimal]:
    """Non-negative amounts in 万元 with at most ``places`` decimal places (4 places is one yuan).

    Example:
        >>> from decimal import Decimal
        >>> from hypothesis import given
        >>> @given(amounts(places=2))
        ... def test_fen(amount):
        ...     assert amount >= 0 and amount == amount.quantize(Decimal("0.01"))
        >>> test_fen()
    """
    _check_int("places", places, 0)
    return st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False)


# A table's counts come from one draw of bytes, a few a cell, decoded below: Hypothesis's engine costs
# about 30 microseconds a drawn value, and table 三 alone has some 150 cells, which made drawing reports
# most of the suite's property tests (a report took 14 ms, a report with blanks 28). Zero bytes decode to
# a blank (with blanks) or the simplest count, so examples still shrink towards blank and zero cells.
_COUNT_BYTES: Final = 2
"""Bytes a count is decoded from (:func:`_count`)."""
_CELL_BYTES: Final = 1 + _COUNT_BYTES
"""Bytes a cell is decoded from: whether it is blank (with blanks), then its count."""


def _count(raw: bytes, at: int, low: int, high: int) -> int:
    """A count in ``low..high`` from the :data:`_COUNT_BYTES` bytes at ``at``.

    The simplest (0, or ``low`` when 0 is out of range) a quarter of the time, either bound an eighth, a
    small count five sixteenths, else any: Hypothesis's own integers lean to small values and bounds too.
    """
    kind, value = raw[at], raw[at + 1]
    simplest = min(max(0, low), high)
    if kind < 64:
        return simplest
    if kind < 80:
        return high
    if kind < 96:
        return low
    if kind < 176:
        small = value % 11 - (5 if low < 0 else 0)
        return min(max(simplest + small, low), high)
    return low + ((kind - 176) * 256 + value) % (high - low + 1)


@functools.lru_cache(maxsize=256)
def _cells(kinds: tuple[CellKind, ...], max_count: int, blanks: bool) -> st.SearchStrategy[tuple[Any, ...]]:
    """The values of cells of these kinds: counts decoded from one draw of bytes, amounts drawn each."""
    money = [index for index, kind in enumerate(kinds) if kind is CellKind.MONEY]
    amount = st.one_of(st.none(), amounts()) if blanks else amounts()

    def decode(drawn: tuple[bytes, tuple[CellValue | None, ...]]) -> tuple[Any, ...]:
        raw, amounts_drawn = drawn
        values: list[CellValue | None] = []
        for index, kind in enumerate(kinds):
            at = index * _CELL_BYTES
            if kind is CellKind.MONEY:
                values.append(None)  # filled in below
            elif blanks and raw[at] < 128:  # a blank as often as Hypothesis's one_of(none, ...) gave one
                values.append(None)
            else:
                low = -max_count if kind is CellKind.SIGNED_COUNT else 0
                values.append(_count(raw, at + 1, low, max_count))
        for index, value in zip(money, amounts_drawn, strict=True):
            values[index] = value
        return tuple(values)

    size = _CELL_BYTES * len(kinds)
    return st.tuples(st.binary(min_size=size, max_size=size), st.tuples(*(amount for _ in money))).map(decode)


def _check_int(name: str, value: object, low: int) -> None:
    if type(value) is not int or value < low:
        raise TypeError(f"{name} must be an int >= {low}, got {value!r}")


def _check_version(version: object) -> None:
    if version is not None and not isinstance(version, TemplateVersion):
        raise TypeError(f"version must be a TemplateVersion or None, got {version!r}")


def _arbitrary_table(
    kind: TableKind, version: TemplateVersion, max_count: int, blanks: bool
) -> st.SearchStrategy[AnyTable]:
    spec = table_spec(kind, version)
    values = _cells(tuple(column.kind for _, column in spec.cells), max_count, blanks)
    return values.map(lambda cells: TABLE_CLASSES[kind](version, cells))


@st.composite
def _consistent_requests(draw: st.DrawFn, version: TemplateVersion, max_count: int) -> RequestTable:
    spec = table_spec(TableKind.REQUESTS, version)
    outcome_rows = spec.row_sums[RequestRow.TOTAL]
    applicants = spec.column_sums[Applicant.TOTAL]
    each = _COUNT_BYTES * (len(outcome_rows) + 2)  # the outcomes' counts, 四's and 二's share of the total
    raw = draw(st.binary(min_size=each * len(applicants), max_size=each * len(applicants)))
    cells: dict[tuple[FormKey, FormKey], CellValue | None] = {}
    at = 0
    for applicant in applicants:
        processed = 0
        for row in outcome_rows:
            cells[(row, applicant)] = count = _count(raw, at, 0, max_count)
            processed += count
            at += _COUNT_BYTES
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward = _count(raw, at, 0, max_count)
        at += _COUNT_BYTES
        # 一 + 二 = （七）总计 + 四: choose the carried-over part, the rest is new this year.
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried = _count(raw, at, 0, processed + forward)
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
        at += _COUNT_BYTES
    return RequestTable.build(cells, version=version)


def _consistent_table(kind: TableKind, version: TemplateVersion, max_count: int) -> st.SearchStrategy[Any]:
    if kind is TableKind.REQUESTS:
        return _consistent_requests(version, max_count)
    spec = table_spec(kind, version)
    parts = [(r.key, c) for r, c in spec.cells if c.key not in spec.column_sums]
    return _cells(tuple(column.kind for _, column in parts), max_count, False).map(
        lambda values: TABLE_CLASSES[kind].build(
            {(row, column.key): value for (row, column), value in zip(parts, values, strict=True)},
            version=version,
        )
    )


def _table_strategy(
    kind: TableKind, version: TemplateVersion, *, consistent: bool, blanks: bool, max_count: int
) -> st.SearchStrategy[Any]:
    _check_version(version)
    _check_int("max_count", max_count, 0)
    if max_count > MAX_COUNT:
        raise ValueError(f"max_count must be at most {MAX_COUNT}, got {max_count}")
    if consistent and blanks:
        raise ValueError("consistent tables have no blanks: pass consistent=False to allow blanks")
    if consistent:
        return _consistent_table(kind, version, max_count)
    return _arbitrary_table(kind, version, max_count, blanks)


def disclosure_tables(
    *,
    version: TemplateVersion = CURRENT_VERSION,
    consistent: bool = True,
    blanks: bool = False,
    max_count: int = 50,
) -> st.SearchStrategy[DisclosureTable]:
    """Table 二 of a version: any counts and amounts (``consistent`` only excludes blanks here).

    Example:
        >>> from hypothesis import given
        >>> from disclosure_report import TemplateVersion
        >>> @given(disclosure_tables(version=TemplateVersion.V2019))
        ... def test_old_table(table):
        ...     assert len(table.values) == 22
        >>> test_old_table()
    """
    return _table_strategy(
        TableKind.ACTIVE_DISCLOSURE, version, consistent=consistent, blanks=blanks, max_count=max_count
    )


def request_tables(
    *,
    version: TemplateVersion = CURRENT_VERSION,
    consistent: bool = True,
    blanks: bool = False,
    max_count: int = 50,
) -> st.SearchStrategy[RequestTable]:
    """Table 三 of a version.

    Args:
        version: The template version.
        consistent: Satisfy every accounting relation (totals are the sums of their parts, and
            一 + 二 = （七）总计 + 四 in every column); otherwise any counts, wrong totals included.
        blanks: Let cells be blank (``None``); only with ``consistent=False``.
        max_count: The largest count drawn for a cell that is not a total.

    Example:
        >>> from hypothesis import given
        >>> from disclosure_report import Applicant, RequestRow
        >>> @given(request_tables())
        ... def test_totals(table):
        ...     assert table[RequestRow.TOTAL, Applicant.TOTAL] == table.outcome_sum(Applicant.TOTAL)
        >>> test_totals()
    """
    return _table_strategy(
        TableKind.REQUESTS, version, consistent=consistent, blanks=blanks, max_count=max_count
    )


def review_tables(
    *,
    version: TemplateVersion = CURRENT_VERSION,
    consistent: bool = True,
    blanks: bool = False,
    max_count: int = 50,
) -> st.SearchStrategy[ReviewTable]:
    """Table 四: with ``consistent``, each group's 总计 is the sum of its four results.

    Example:
        >>> from hypothesis import given
        >>> from disclosure_report import ReviewRow
        >>> @given(review_tables())
        ... def test_review(table):
        ...     assert table.result_sum(ReviewRow.ADMINISTRATIVE_REVIEW) is not None
        >>> test_review()
    """
    return _table_strategy(
        TableKind.REVIEW_LITIGATION, version, consistent=consistent, blanks=blanks, max_count=max_count
    )


def metadata(
    *, version: TemplateVersion | None = None, years: tuple[int, int] | None = None
) -> st.SearchStrategy[Metadata]:
    """Metadata whose year fits its template version (2019–2020 for the trial template, 2021 on after).

    Args:
        version: Fix the template version; ``None`` draws either.
        years: The inclusive range of years to draw from, intersected with the version's years.

    Example:
        >>> from hypothesis import given
        >>> @given(metadata(years=(2019, 2020)))
        ... def test_trial_years(info):
        ...     assert info.version.value == "2019"
        >>> test_trial_years()
    """
    _check_version(version)
    if years is not None and not (
        isinstance(years, tuple) and len(years) == 2 and all(type(y) is int for y in years)
    ):
        raise TypeError(f"years must be a (first, last) tuple of ints, got {years!r}")
    low, high = years or (version_specs()[0].first_year, 2030)

    # Each version's years within the range asked for; a version with none is not drawn.
    specs = [version_spec(version)] if version is not None else version_specs()
    spans = {
        s.version: (max(low, s.first_year), high if s.last_year is None else min(high, s.last_year))
        for s in specs
    }
    spans = {v: (first, last) for v, (first, last) in spans.items() if first <= last}
    if not spans:
        wanted = version.value if version is not None else "either"
        raise ValueError(f"no year in {years} fits the {wanted} template")

    # The strategies are made once, not at every draw (making one costs Hypothesis more than drawing).
    versions = st.sampled_from(sorted(spans, key=lambda v: v.value))
    year_in = {chosen: st.integers(*span) for chosen, span in spans.items()}
    agencies = st.sampled_from(_AGENCIES)
    known = st.booleans()  # each field known or not (not known, None, is what an example shrinks to)
    days = st.integers(0, 90)

    @st.composite
    def build(draw: st.DrawFn) -> Metadata:
        chosen = draw(versions)
        year = draw(year_in[chosen])
        agency, region, code, level = draw(agencies)
        return Metadata(
            agency=agency,
            year=year,
            version=chosen,
            title=f"{agency}{year}年政府信息公开工作年度报告" if draw(known) else None,
            # Published in the first quarter of the next year (by 31 March, as the regulation asks).
            published=_first_quarter(year + 1, draw(days)) if draw(known) else None,
            source="https://www.example.gov.cn/xxgk/ndbg.html" if draw(known) else None,
            # Each known or not, as a corpus knows them.
            region=region if region and draw(known) else None,
            division_code=code if code and draw(known) else None,
            level=level if level and draw(known) else None,
        )

    return build()


def _first_quarter(year: int, days: int) -> datetime.date:
    """The day ``days`` after 1 January of ``year``, at the latest 31 March."""
    return min(datetime.date(year, 1, 1) + datetime.timedelta(days=days), datetime.date(year, 3, 31))


# Agencies, with their region as printed, division code and level where one is known.
_AGENCIES: Final[list[tuple[str, str | None, str | None, AgencyLevel | None]]] = [
    ("应急中心", None, None, None),
    ("某县人民政府", "某县", None, AgencyLevel.COUNTY),
    ("沭阳县发展和改革局", "江苏省宿迁市沭阳县", "321322", AgencyLevel.COUNTY_DEPARTMENT),
    ("某市教育局", "某市", None, AgencyLevel.MUNICIPAL_DEPARTMENT),
]


def reports(
    *,
    version: TemplateVersion | None = None,
    years: tuple[int, int] | None = None,
    consistent: bool = True,
    blanks: bool = False,
    max_count: int = 50,
    text: st.SearchStrategy[str] | None = None,
) -> st.SearchStrategy[AnnualReport]:
    """Whole reports.

    Args:
        version: Fix the template version; ``None`` draws either.
        years: The range of reporting years, intersected with the version's years.
        consistent: Tables satisfy every accounting relation; otherwise any counts.
        blanks: Let cells be blank and text sections be absent; only with ``consistent=False``.
        max_count: The largest count drawn for a cell that is not a total.
        text: The strategy for section texts. By default, consistent reports get texts that make no
            statement about the tables (so they validate with no warning), others any :func:`texts`.
    """
    if text is not None:
        section_text = problems_text = text
    elif consistent:
        section_text = texts(alphabet=_NEUTRAL_CHARACTERS)
        problems_text = texts(
            min_size=PROBLEMS_MINIMUM, max_size=PROBLEMS_MINIMUM + 100, alphabet=_NEUTRAL_CHARACTERS
        )
    else:
        section_text = problems_text = texts()
    optional_text = st.one_of(st.none(), section_text) if blanks else section_text
    optional_problems = st.one_of(st.none(), problems_text) if blanks else problems_text
    preamble = st.one_of(st.none(), section_text)
    # Made once, which also checks the options where they are passed, not at the first draw.
    info_of = metadata(version=version, years=years)
    table_of = {
        (kind, chosen): _table_strategy(
            kind, chosen, consistent=consistent, blanks=blanks, max_count=max_count
        )
        for kind in TableKind
        for chosen in TemplateVersion
    }

    @st.composite
    def build(draw: st.DrawFn) -> AnnualReport:
        info = draw(info_of)
        tables = [draw(table_of[(kind, info.version)]) for kind in TableKind]
        return AnnualReport(
            metadata=info,
            overview=draw(optional_text),
            active_disclosure=tables[0],
            requests=tables[1],
            review_litigation=tables[2],
            problems=draw(optional_problems),
            other_matters=draw(optional_text),
            preamble=draw(preamble),
        )

    return build()


# --- reports that break one rule ---------------------------------------------------------------------


@attrs.frozen
class BrokenReport:
    """A report that breaks exactly one rule, and where.

    Attributes:
        report: The report.
        code: The rule it breaks (a code of :data:`disclosure_report.RULES`).
        location: Where a finding of that rule must be (its section, table, row and column, as far as
            the rule locates).
        previous: Last year's report, for the cross-year rules (pass it to ``validate(previous=...)``).
        companions: Codes that necessarily come with this one (a blank cell is also a relation not
            checked); every other error and warning is absent.
    """

    report: AnnualReport
    code: str
    location: Location
    previous: AnnualReport | None = None
    companions: frozenset[str] = frozenset()


def _valid(version: TemplateVersion | None) -> st.SearchStrategy[AnnualReport]:
    return reports(version=version, max_count=20)


def _years_of(report: AnnualReport, year: int) -> AnnualReport:
    info = report.metadata
    title = None if info.title is None else info.title.replace(str(info.year), str(year))
    day = info.published
    published = None if day is None else datetime.date(year + 1, day.month, min(day.day, 28))
    return attrs.evolve(report, metadata=attrs.evolve(info, year=year, title=title, published=published))


def _plus(value: CellValue | None, amount: int) -> int:
    assert isinstance(value, int), "consistent reports have no blanks"
    return value + amount


def _finer_than_a_yuan(amount: Decimal) -> bool:
    exponent = amount.normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent < -4


Breaker = Callable[[st.DrawFn, AnnualReport, str], BrokenReport]
"""How to break one rule: from a draw function, a valid report and the code, a report breaking it."""

_BREAKERS: dict[str, Breaker] = {}


def _breaks(*codes: str) -> Callable[[Breaker], Breaker]:
    def register(breaker: Breaker) -> Breaker:
        for code in codes:
            _BREAKERS[code] = breaker
        return breaker

    return register


_SECTION: Final = Location(section=Section.REQUESTS, table=TableKind.REQUESTS)
_APPLICANTS: Final = [a for a in Applicant if a is not Applicant.TOTAL]


def _bump(table: Any, amount: int, *keys: tuple[FormKey, FormKey]) -> Any:
    return table.replace({key: table[key] + amount for key in keys})


@_breaks("requests-balance")
def _break_balance(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # 一 moves in one column and in 总计: every row still adds up, the balance does not.
    column, d = draw(st.sampled_from(_APPLICANTS)), draw(st.integers(1, 9))
    changed = _bump(report.requests, d, (RequestRow.NEW, column), (RequestRow.NEW, Applicant.TOTAL))
    return BrokenReport(attrs.evolve(report, requests=changed), code, attrs.evolve(_SECTION, column=column))


@_breaks("requests-outcome-total")
def _break_outcome_total(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    column, d = draw(st.sampled_from(_APPLICANTS)), draw(st.integers(1, 9))
    row = draw(st.sampled_from(report.requests.spec.row_sums[RequestRow.TOTAL]))
    changed = _bump(report.requests, d, (row, column), (row, Applicant.TOTAL))
    where = attrs.evolve(_SECTION, row=RequestRow.TOTAL, column=column)
    return BrokenReport(attrs.evolve(report, requests=changed), code, where)


@_breaks("requests-applicant-total")
def _break_applicant_total(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # 一 and 四 move together in one column: the balance holds, their 总计 cells no longer add up.
    column, d = draw(st.sampled_from(_APPLICANTS)), draw(st.integers(1, 9))
    changed = _bump(report.requests, d, (RequestRow.NEW, column), (RequestRow.CARRIED_FORWARD, column))
    where = attrs.evolve(_SECTION, row=RequestRow.NEW, column=Applicant.TOTAL)
    return BrokenReport(attrs.evolve(report, requests=changed), code, where)


@_breaks("review-total")
def _break_review_total(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    row, d = draw(st.sampled_from(list(ReviewRow))), draw(st.integers(1, 9))
    changed = _bump(report.review_litigation, d, (row, draw(st.sampled_from(list(ReviewColumn)[:4]))))
    where = Location(
        section=Section.REVIEW_LITIGATION,
        table=TableKind.REVIEW_LITIGATION,
        row=row,
        column=ReviewColumn.TOTAL,
    )
    return BrokenReport(attrs.evolve(report, review_litigation=changed), code, where)


@_breaks("blank-total", "blank-cell", "blank-determined")
def _break_blank(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # One blank in a consistent table: each relation over it says what it must hold.
    choices: list[AnyTable] = (
        list(report.tables()) if code == "blank-cell" else [report.requests, report.review_litigation]
    )
    table = draw(st.sampled_from(choices))
    spec = table.spec
    cells = [(r.key, c.key) for r, c in spec.cells if spec.is_total(r.key, c.key) == (code == "blank-total")]
    row_key, column_key = draw(st.sampled_from(cells))
    blanked = report.with_table(table.replace({(row_key, column_key): None}))
    where = Location(section=table.kind.section, table=table.kind, row=row_key, column=column_key)
    companions = frozenset({"blank-cell"}) if code == "blank-determined" else frozenset()
    return BrokenReport(blanked, code, where, None, companions)


@_breaks("not-checked")
def _break_undecided(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # Two blanks in one group of table 四: its total cannot tell how its parts split.
    row = draw(st.sampled_from(list(ReviewRow)))
    results = draw(st.lists(st.sampled_from(list(ReviewColumn)[:4]), min_size=2, max_size=2, unique=True))
    table = report.review_litigation.replace({(row, column): None for column in results})
    where = Location(section=Section.REVIEW_LITIGATION, table=TableKind.REVIEW_LITIGATION, row=row)
    return BrokenReport(report.with_table(table), code, where, None, frozenset({"blank-cell"}))


@_breaks("relation-impossible")
def _break_impossible(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # One result blank, another above the group's total: no count in the blank can make it add up.
    row = draw(st.sampled_from(list(ReviewRow)))
    blank, larger = draw(
        st.lists(st.sampled_from(list(ReviewColumn)[:4]), min_size=2, max_size=2, unique=True)
    )
    review = report.review_litigation
    total = review[row, ReviewColumn.TOTAL]
    assert isinstance(total, int)
    table = review.replace({(row, blank): None, (row, larger): total + draw(st.integers(1, 9))})
    where = Location(
        section=Section.REVIEW_LITIGATION,
        table=TableKind.REVIEW_LITIGATION,
        row=row,
        column=ReviewColumn.TOTAL,
    )
    return BrokenReport(report.with_table(table), code, where, None, frozenset({"blank-cell"}))


@_breaks("likely-cause")
def _break_one_cell(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # One detail cell of table 三 mistyped: its row's and its column's totals no longer add up.
    column, d = draw(st.sampled_from(_APPLICANTS)), draw(st.integers(1, 9))
    row = draw(st.sampled_from(report.requests.spec.row_sums[RequestRow.TOTAL]))
    changed = _bump(report.requests, d, (row, column))
    where = Location(section=Section.REQUESTS, table=TableKind.REQUESTS, row=row, column=column)
    companions = frozenset({"requests-outcome-total", "requests-applicant-total"})
    return BrokenReport(report.with_table(changed), code, where, None, companions)


@_breaks("amount-precision")
def _break_precision(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    amount = draw(st.decimals(0, 1000, places=6).filter(_finer_than_a_yuan))
    changed = report.active_disclosure.replace({key: amount})
    where = Location(
        section=Section.ACTIVE_DISCLOSURE, table=TableKind.ACTIVE_DISCLOSURE, row=key[0], column=key[1]
    )
    return BrokenReport(attrs.evolve(report, active_disclosure=changed), code, where)


@_breaks("carried-over-mismatch")
def _break_carried_over(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    column, d = draw(st.sampled_from(_APPLICANTS)), draw(st.integers(1, 9))
    report, previous = _with_previous(report, draw(st.integers(0, 20)))
    last = previous.requests
    keys = [
        (row, a) for row in (RequestRow.NEW, RequestRow.CARRIED_FORWARD) for a in (column, Applicant.TOTAL)
    ]
    previous = attrs.evolve(previous, requests=last.replace({key: _plus(last[key], d) for key in keys}))
    return BrokenReport(
        report, code, attrs.evolve(_SECTION, row=RequestRow.CARRIED_OVER, column=column), previous
    )


@_breaks("in-force-roll-forward")
def _break_roll_forward(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    d = draw(st.integers(1, 9))
    report, previous = _with_previous(report, draw(st.integers(0, 20)))
    row = draw(st.sampled_from([DisclosureRow.REGULATIONS, DisclosureRow.NORMATIVE_DOCUMENTS]))
    key = (row, DisclosureColumn.IN_FORCE)
    last_table = previous.active_disclosure
    previous = attrs.evolve(previous, active_disclosure=last_table.replace({key: _plus(last_table[key], d)}))
    where = Location(
        section=Section.ACTIVE_DISCLOSURE, table=TableKind.ACTIVE_DISCLOSURE, row=row, column=key[1]
    )
    return BrokenReport(report, code, where, previous)


@_breaks("template-outdated")
def _break_outdated(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    superseded = draw(st.sampled_from([s for s in version_specs() if s.last_year is not None]))
    assert superseded.last_year is not None  # as chosen
    year = draw(st.integers(superseded.last_year + 1, 2030))
    old = draw(reports(version=superseded.version, max_count=20))
    return BrokenReport(_years_of(old, year), code, Location())


@_breaks("template-premature")
def _break_premature(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    earlier = version_specs()[0].first_year, report.metadata.version.first_year - 1
    return BrokenReport(
        _years_of(report, draw(st.sampled_from(range(earlier[0], earlier[1] + 1)))), code, Location()
    )


@_breaks("section-missing")
def _break_section(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    section = draw(st.sampled_from([Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS]))
    return BrokenReport(report.with_text(section, None), code, Location(section=section))


@_breaks("heading-variant", "heading-nonstandard")
def _break_heading(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    variant = code == "heading-variant"
    heading = Section.PROBLEMS.heading_variants[0] if variant else "五、存在的主要问题及整改措施"
    changed = attrs.evolve(report, headings={Section.PROBLEMS: heading})
    return BrokenReport(changed, code, Location(section=Section.PROBLEMS))


@_breaks("problems-too-short")
def _break_problems(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    text = draw(st.sampled_from(["无", "", "暂无。", "无问题。"]))
    return BrokenReport(attrs.evolve(report, problems=text), code, Location(section=Section.PROBLEMS))


@_breaks("fee-statement-missing")
def _break_fee_statement(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    return BrokenReport(
        attrs.evolve(report, other_matters="无"), code, Location(section=Section.OTHER_MATTERS)
    )


@_breaks("title-not-annual-report")
def _break_title(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    info = report.metadata
    title = f"{info.agency}{info.year}年政府信息公开工作报告"
    return BrokenReport(attrs.evolve(report, metadata=attrs.evolve(info, title=title)), code, Location())


@_breaks("published-late")
def _break_published(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    info = report.metadata
    assert info.year is not None  # drawn by metadata(), which always states it
    late = datetime.date(info.year + 1, 4, 1) + datetime.timedelta(days=draw(st.integers(0, 200)))
    return BrokenReport(attrs.evolve(report, metadata=attrs.evolve(info, published=late)), code, Location())


@_breaks("year-unknown")
def _break_year(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    info = report.metadata
    return BrokenReport(attrs.evolve(report, metadata=attrs.evolve(info, year=None)), code, Location())


@_breaks("agency-missing")
def _break_agency(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    info = report.metadata
    return BrokenReport(
        attrs.evolve(report, metadata=attrs.evolve(info, agency="", title=None)), code, Location()
    )


@_breaks("text-contradicts-table")
def _break_text(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    column, d = draw(st.sampled_from(_APPLICANTS)), draw(st.integers(1, 9))
    rows = (RequestRow.NEW, RequestRow.GRANTED, RequestRow.TOTAL)
    changed = _bump(report.requests, d, *((row, a) for row in rows for a in (column, Applicant.TOTAL)))
    text = "本年度未收到政府信息公开申请。"
    return BrokenReport(
        attrs.evolve(report, requests=changed, overview=text), code, Location(section=Section.OVERVIEW)
    )


@_breaks("form-empty")
def _break_empty(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    for table in report.tables():
        report = report.with_table(type(table).build(version=table.version, default=None))
    return BrokenReport(report, code, Location())


@_breaks("text-figure-unsure")
def _break_unsure(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # A figure received and processed at once (收到并办理): what it counts is not sure, so its disagreement
    # with both the new and the received requests is an info, not a warning.
    table = report.requests
    received = sum(table[row, Applicant.TOTAL] or 0 for row in (RequestRow.NEW, RequestRow.CARRIED_OVER))
    text = f"全年共收到并办理政府信息公开申请{received + draw(st.integers(1, 9))}件。"
    return BrokenReport(attrs.evolve(report, overview=text), code, Location(section=Section.OVERVIEW))


@_breaks("text-figures-unexplained")
def _break_unexplained(draw: st.DrawFn, report: AnnualReport, code: str) -> BrokenReport:
    # A count with no word naming what it counts: neither a figure of the tables nor anything else. A
    # sentence of its own: after a text ending in a noun (网络问政, 公告) it would count that.
    before = report.overview or ""
    if before and not before.endswith(("。", "！", "？", "\n")):
        before += "。"
    text = f"{before}全年共计{draw(st.integers(1, 999))}件。"
    return BrokenReport(attrs.evolve(report, overview=text), code, Location(section=Section.OVERVIEW))


@st.composite
def _break(draw: st.DrawFn, code: str, version: TemplateVersion | None) -> BrokenReport:
    needs = _NEEDS.get(code)
    if needs is not None and (version is None or not needs(version_spec(version))):
        version = [s for s in version_specs() if needs(s)][-1].version  # the newest version it applies to
    report = draw(_valid(version))
    return _BREAKERS[code](draw, report, code)


def _with_previous(report: AnnualReport, stock: int) -> tuple[AnnualReport, AnnualReport]:
    """The report, and a last year's report that both cross-year rules agree with.

    Last year carried forward what this year carried over, and had ``stock`` more documents in force than
    this year repealed (this year's 现行有效件数 is set to roll forward from it).
    """
    requests = report.requests
    outcome_rows = requests.spec.row_sums[RequestRow.TOTAL]
    cells: dict[tuple[FormKey, FormKey], CellValue | None] = {}
    for applicant in (a for a in Applicant if a is not Applicant.TOTAL):
        for row in outcome_rows:
            cells[(row, applicant)] = requests[row, applicant]
        forward = requests[RequestRow.CARRIED_OVER, applicant]
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward
        cells[(RequestRow.CARRIED_OVER, applicant)] = 0
        cells[(RequestRow.NEW, applicant)] = _plus(forward, _plus(requests.outcome_sum(applicant), 0))
    last_requests = RequestTable.build(cells, version=report.version)
    disclosure = report.active_disclosure
    last_disclosure = disclosure
    if _has_in_force(version_spec(report.version)):
        now: dict[Any, CellValue | None] = {}
        before: dict[Any, CellValue | None] = {}
        for row in (DisclosureRow.REGULATIONS, DisclosureRow.NORMATIVE_DOCUMENTS):
            repealed = disclosure[row, DisclosureColumn.REPEALED]
            issued = disclosure[row, DisclosureColumn.ISSUED]
            before[(row, DisclosureColumn.IN_FORCE)] = _plus(repealed, stock)
            now[(row, DisclosureColumn.IN_FORCE)] = _plus(issued, stock)
        disclosure = disclosure.replace(now)
        last_disclosure = disclosure.replace(before)
    report = attrs.evolve(report, active_disclosure=disclosure)
    year = report.metadata.year
    assert year is not None  # drawn by metadata(), which always states it
    previous = attrs.evolve(
        _years_of(report, year - 1), requests=last_requests, active_disclosure=last_disclosure
    )
    return report, previous


def _has_in_force(spec: VersionSpec) -> bool:
    return (DisclosureRow.REGULATIONS, DisclosureColumn.IN_FORCE) in spec.disclosure.index


_NEEDS: Final[Mapping[str, Callable[[VersionSpec], bool]]] = {
    "amount-precision": lambda s: (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT) in s.disclosure.index,
    "in-force-roll-forward": _has_in_force,
    "fee-statement-missing": lambda s: s.fee_statement,
    "template-premature": lambda s: s.first_year > version_specs()[0].first_year,
}
"""The rules a report of some versions only can break, and which versions (by what their specs say)."""
BREAKABLE: Final = frozenset(code for code, rule in RULES.items() if rule.scope is Scope.REPORT)
"""The codes :func:`broken_reports` can break: every rule :func:`disclosure_report.validate` checks.

The rules about reading documents and about comparing reports are not about one report value."""
if set(_BREAKERS) != BREAKABLE:  # pragma: no cover - a new rule needs its breaker
    raise AssertionError(f"breakers and rules differ: {set(_BREAKERS) ^ BREAKABLE}")
_SUPPORT: Final = "it can break " + ", ".join(sorted(BREAKABLE))


def broken_reports(code: str, *, version: TemplateVersion | None = None) -> st.SearchStrategy[BrokenReport]:
    """Reports that break exactly one rule of the catalogue, at a known place.

    Each example is otherwise a valid report, so a consumer can check that its own checks catch this one
    problem where it is.

    Args:
        code: The rule to break (see :data:`BREAKABLE`).
        version: Fix the template version where the rule allows either.

    Example:
        >>> from hypothesis import given, settings
        >>> from disclosure_report import validate
        >>> from disclosure_report.strategies import broken_reports
        >>> @settings(max_examples=5)
        ... @given(broken_reports("requests-balance"))
        ... def test_balance_is_caught(broken):
        ...     assert "requests-balance" in validate(broken.report).codes()
        >>> test_balance_is_caught()
    """
    if not isinstance(code, str) or code not in BREAKABLE:
        raise ValueError(f"broken_reports: unknown or unbreakable rule {code!r}; {_SUPPORT}")
    _check_version(version)
    return _break(code, version)
