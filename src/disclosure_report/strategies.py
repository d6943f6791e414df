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
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from ._form import (
    Applicant,
    CellKind,
    FormKey,
    RequestRow,
    TableKind,
    TemplateVersion,
    table_spec,
)
from ._model import (
    MAX_COUNT,
    AnnualReport,
    CellValue,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
    _Table,
)
from ._validate import PROBLEMS_MINIMUM

__all__ = [
    "amounts",
    "disclosure_tables",
    "metadata",
    "reports",
    "request_tables",
    "review_tables",
    "texts",
]

_TABLE_CLASSES: dict[TableKind, type[_Table[Any, Any]]] = {
    TableKind.ACTIVE_DISCLOSURE: DisclosureTable,
    TableKind.REQUESTS: RequestTable,
    TableKind.REVIEW_LITIGATION: ReviewTable,
}

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
    """Text for a section: report-like Chinese characters, digits and full-width punctuation by default."""
    _check_int("min_size", min_size, 0)
    _check_int("max_size", max_size, min_size)
    if alphabet is None:
        characters: st.SearchStrategy[str] = st.one_of(
            st.sampled_from(_REPORT_CHARACTERS), st.characters(codec="utf-8")
        )
    else:
        characters = st.sampled_from(alphabet)
    return st.text(characters, min_size=min_size, max_size=max_size)


def amounts(*, max_value: Decimal = Decimal(100_000), places: int = 4) -> st.SearchStrategy[Decimal]:
    """Non-negative amounts in 万元 with at most ``places`` decimal places (4 places is one yuan)."""
    _check_int("places", places, 0)
    return st.decimals(min_value=0, max_value=max_value, places=places, allow_nan=False, allow_infinity=False)


@functools.lru_cache(maxsize=256)
def _cell(kind: CellKind, max_count: int, blanks: bool) -> st.SearchStrategy[CellValue | None]:
    value: st.SearchStrategy[CellValue]
    if kind is CellKind.MONEY:
        value = amounts()
    elif kind is CellKind.SIGNED_COUNT:
        value = st.integers(-max_count, max_count)
    else:
        value = st.integers(0, max_count)
    return st.one_of(st.none(), value) if blanks else value


def _check_int(name: str, value: object, low: int) -> None:
    if type(value) is not int or value < low:
        raise TypeError(f"{name} must be an int >= {low}, got {value!r}")


def _check_version(version: object) -> None:
    if version is not None and not isinstance(version, TemplateVersion):
        raise TypeError(f"version must be a TemplateVersion or None, got {version!r}")


def _arbitrary_table(
    kind: TableKind, version: TemplateVersion, max_count: int, blanks: bool
) -> st.SearchStrategy[_Table[Any, Any]]:
    spec = table_spec(kind, version)
    values = st.tuples(*(_cell(column.kind, max_count, blanks) for _, column in spec.cells))
    return values.map(lambda cells: _TABLE_CLASSES[kind](version, cells))


@st.composite
def _consistent_requests(draw: st.DrawFn, version: TemplateVersion, max_count: int) -> RequestTable:
    spec = table_spec(TableKind.REQUESTS, version)
    outcome_rows = spec.row_sums[RequestRow.TOTAL]
    cells: dict[tuple[FormKey, FormKey], CellValue | None] = {}
    for applicant in spec.column_sums[Applicant.TOTAL]:
        processed = 0
        for row in outcome_rows:
            cells[(row, applicant)] = count = draw(st.integers(0, max_count))
            processed += count
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward = draw(st.integers(0, max_count))
        # 一 + 二 = （七）总计 + 四: choose the carried-over part, the rest is new this year.
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried = draw(st.integers(0, processed + forward))
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
    return RequestTable.build(cells, version=version)  # type: ignore[arg-type]


def _consistent_table(kind: TableKind, version: TemplateVersion, max_count: int) -> st.SearchStrategy[Any]:
    if kind is TableKind.REQUESTS:
        return _consistent_requests(version, max_count)
    spec = table_spec(kind, version)
    parts = [(r.key, c) for r, c in spec.cells if c.key not in spec.column_sums]
    return st.tuples(*(_cell(column.kind, max_count, False) for _, column in parts)).map(
        lambda values: _TABLE_CLASSES[kind].build(
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
    version: TemplateVersion = TemplateVersion.V2021,
    consistent: bool = True,
    blanks: bool = False,
    max_count: int = 50,
) -> st.SearchStrategy[DisclosureTable]:
    """Table 二 of a version: any counts and amounts (``consistent`` only excludes blanks here)."""
    return _table_strategy(
        TableKind.ACTIVE_DISCLOSURE, version, consistent=consistent, blanks=blanks, max_count=max_count
    )


def request_tables(
    *,
    version: TemplateVersion = TemplateVersion.V2021,
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
    """
    return _table_strategy(
        TableKind.REQUESTS, version, consistent=consistent, blanks=blanks, max_count=max_count
    )


def review_tables(
    *,
    version: TemplateVersion = TemplateVersion.V2021,
    consistent: bool = True,
    blanks: bool = False,
    max_count: int = 50,
) -> st.SearchStrategy[ReviewTable]:
    """Table 四: with ``consistent``, each group's 总计 is the sum of its four results."""
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
    """
    _check_version(version)
    if years is not None and not (
        isinstance(years, tuple) and len(years) == 2 and all(type(y) is int for y in years)
    ):
        raise TypeError(f"years must be a (first, last) tuple of ints, got {years!r}")
    low, high = years or (2019, 2030)

    @st.composite
    def build(draw: st.DrawFn) -> Metadata:
        chosen = version if version is not None else draw(st.sampled_from(TemplateVersion))
        first = max(low, chosen.first_year)
        last = min(high, 2020) if chosen is TemplateVersion.V2019 else high
        if first > last:
            raise ValueError(f"no year in {years} fits the {chosen.value} template")
        year = draw(st.integers(first, last))
        agency = draw(st.sampled_from(["应急中心", "某县人民政府", "沭阳县发展和改革局", "某市教育局"]))
        return Metadata(
            agency=agency,
            year=year,
            version=chosen,
            title=draw(st.none() | st.just(f"{agency}{year}年政府信息公开工作年度报告")),
            published=draw(
                st.none() | st.dates(datetime.date(year + 1, 1, 1), datetime.date(year + 1, 3, 31))
            ),
            source=draw(st.none() | st.just("https://www.example.gov.cn/xxgk/ndbg.html")),
        )

    return build()


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

    @st.composite
    def build(draw: st.DrawFn) -> AnnualReport:
        info = draw(metadata(version=version, years=years))
        tables = [
            draw(
                _table_strategy(kind, info.version, consistent=consistent, blanks=blanks, max_count=max_count)
            )
            for kind in TableKind
        ]
        return AnnualReport(
            metadata=info,
            overview=draw(optional_text),
            active_disclosure=tables[0],
            requests=tables[1],
            review_litigation=tables[2],
            problems=draw(optional_problems),
            other_matters=draw(optional_text),
            preamble=draw(st.one_of(st.none(), section_text)),
        )

    # Check the options now, so that a wrong argument fails where it is passed, not at the first draw.
    _table_strategy(
        TableKind.REQUESTS, TemplateVersion.V2021, consistent=consistent, blanks=blanks, max_count=max_count
    )
    return build()
