"""Validation's fast paths give what its general paths give, finding for finding.

Each check decides the usual report (no blank, every relation holding, every figure of the text its usual
reading's sum) without building anything, and falls back to the general path otherwise. These tests hold
each fast path to its general path over consistent reports, reports with a cell changed or blanked, and
texts that state the tables' figures rightly or wrongly.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    Finding,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
    TemplateVersion,
    TextFigure,
    text_figures,
    validate,
)
from disclosure_report._validation.arithmetic import (
    all_hold,
    blank_findings,
    check_blanks,
    check_relations_one_by_one,
    check_requests_applicant_total,
    check_requests_balance,
    check_requests_outcome_total,
    check_review_total,
    consistent,
    relations,
)
from disclosure_report._validation.diagnosis import check_likely_cause, likely_cause_findings
from disclosure_report._validation.statements import (
    DATE,
    PART_OF_YEAR,
    REMEMBERED_TEXT,
    date_part,
    for_report,
    forget_texts,
    part_of_year,
    plain_statements,
    read_figures,
    remembered_readings,
)
from disclosure_report._validation.text_claims import check_text_against_tables, contradictions
from disclosure_report.strategies import reports, texts

from .conftest import DATA

FAST_AND_GENERAL: dict[str, tuple[Callable[[AnnualReport], Iterable[Finding]], ...]] = {
    "requests-balance": (
        check_requests_balance,
        lambda report: check_relations_one_by_one("requests-balance", report.requests),
    ),
    "requests-outcome-total": (
        check_requests_outcome_total,
        lambda report: check_relations_one_by_one("requests-outcome-total", report.requests),
    ),
    "requests-applicant-total": (
        check_requests_applicant_total,
        lambda report: check_relations_one_by_one("requests-applicant-total", report.requests),
    ),
    "review-total": (
        check_review_total,
        lambda report: check_relations_one_by_one("review-total", report.review_litigation),
    ),
    "blanks": (check_blanks, blank_findings),
    "likely-cause": (check_likely_cause, likely_cause_findings),
    "text": (check_text_against_tables, contradictions),
}
SENTENCES = [
    row["sentence"]
    for row in csv.DictReader(
        (DATA / "statements.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"
    )
]


def _same_findings(report: AnnualReport) -> None:
    for name, (fast, general) in FAST_AND_GENERAL.items():
        assert list(fast(report)) == list(general(report)), name


@st.composite
def changed_reports(draw: st.DrawFn) -> AnnualReport:
    """A consistent report, or one with a cell of table 三 or 四 changed or blanked."""
    report = draw(reports())
    how = draw(st.sampled_from(["as is", "changed", "blanked"]))
    if how == "as is":
        return report
    table = draw(st.sampled_from([report.requests, report.review_litigation]))
    cell = draw(st.sampled_from(list(table.cells())))
    assert isinstance(cell.value, int)
    value = None if how == "blanked" else cell.value + draw(st.integers(-cell.value, 50))
    return report.with_table(table.replace({(cell.row_key, cell.column_key): value}))


def _stating(report: AnnualReport, draw: st.DrawFn) -> str:
    """A text stating figures of the report's tables, each right or off, or sentences of real reports."""
    requests, review = report.requests, report.review_litigation
    figures = {
        "收到政府信息公开申请{}件": requests[RequestRow.NEW, Applicant.TOTAL],
        "上年结转政府信息公开申请{}件": requests[RequestRow.CARRIED_OVER, Applicant.TOTAL],
        "予以公开{}件": requests[RequestRow.GRANTED, Applicant.TOTAL],
        "自然人申请{}件": requests[RequestRow.NEW, Applicant.NATURAL_PERSON],
        "行政复议{}件": review[ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL],
        "其中维持{}件": review[ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD],
        "予以公开{}件，占{}%": None,
    }
    sentences = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["figure", "none", "real", "any"]))
        if kind == "figure":
            template = draw(st.sampled_from(sorted(figures)))
            value = figures[template]
            stated = (value or 0) + draw(st.sampled_from([0, 0, 0, 1, -1]))
            sentences.append(template.format(stated, draw(st.integers(0, 100))))
        elif kind == "none":
            sentences.append(draw(st.sampled_from(["未发生行政复议、行政诉讼", "未收到政府信息公开申请"])))
        elif kind == "real":
            sentences.append(draw(st.sampled_from(SENTENCES)))
        else:
            sentences.append(draw(texts(max_size=40)))
    return "。".join(sentences) + ("。" if sentences else "")


@st.composite
def reports_stating_figures(draw: st.DrawFn) -> AnnualReport:
    report = draw(changed_reports())
    return attrs.evolve(
        report,
        overview=_stating(report, draw),
        problems=draw(st.one_of(st.none(), st.just(_stating(report, draw)))),
        other_matters=draw(st.sampled_from([None, "", "本年度未收取信息处理费。", _stating(report, draw)])),
    )


# --- the accounting relations --------------------------------------------------------------------------


@settings(deadline=None)  # validation is timed by the benchmarks, not here
@given(changed_reports())
def test_one_test_of_a_table_agrees_with_each_rule_and_each_relation(report: AnnualReport) -> None:
    for table in (report.requests, report.review_litigation):
        if not table.complete:
            continue
        codes = [code for code, found in relations(table.version).items() if found[0].kind is table.kind]
        by_rule = all(all_hold(table.version, code)(table.values) for code in codes)
        by_relation = all(
            relation.check(table.values) is None
            for code in codes
            for relation in relations(table.version)[code]
        )
        assert consistent(table.kind, table.version)(table.values) is by_rule is by_relation


@settings(deadline=None)  # validation is timed by the benchmarks, not here
@given(changed_reports())
def test_the_arithmetic_fast_paths_give_the_general_paths_findings(report: AnnualReport) -> None:
    _same_findings(report)


@settings(deadline=None, max_examples=30)  # the likely cause of a table of any counts is searched for long
@given(reports(consistent=False, blanks=True))
def test_fast_paths_agree_on_any_counts_and_blanks(report: AnnualReport) -> None:
    _same_findings(report)


@pytest.mark.parametrize("version", list(TemplateVersion))
def test_a_table_without_relations_is_consistent(version: TemplateVersion) -> None:
    assert consistent(TableKind.ACTIVE_DISCLOSURE, version)(()) is True


# --- the text ------------------------------------------------------------------------------------------


@settings(deadline=None)  # validation is timed by the benchmarks, not here
@given(reports_stating_figures())
def test_the_text_fast_path_gives_the_general_paths_findings(report: AnnualReport) -> None:
    _same_findings(report)
    forget_texts()  # and when read afresh
    _same_findings(report)


@settings(deadline=None)  # validation is timed by the benchmarks, not here
@given(reports(text=texts(max_size=300)))
def test_the_text_fast_path_agrees_on_any_text(report: AnnualReport) -> None:
    _same_findings(report)


def test_a_text_too_long_to_remember_goes_the_general_way(seed: AnnualReport) -> None:
    long = seed.overview + "。" * (REMEMBERED_TEXT + 1 - len(seed.overview))  # type: ignore[operator]
    assert plain_statements(attrs.evolve(seed, overview=long)) is None
    assert validate(attrs.evolve(seed, overview=long)) == validate(seed)


def test_a_wrong_figure_is_still_found(seed: AnnualReport) -> None:
    stated = seed.requests[RequestRow.NEW, Applicant.TOTAL]
    assert stated is not None
    right = attrs.evolve(seed, overview=f"本年度收到政府信息公开申请{stated}件。")
    wrong = attrs.evolve(seed, overview=f"本年度收到政府信息公开申请{stated + 1}件。")
    assert plain_statements(right) is not None  # both plain: the fast path decides the right one
    assert plain_statements(wrong) is not None
    assert "text-contradicts-table" not in validate(right).codes()
    assert "text-contradicts-table" in validate(wrong).codes()


# --- reading the text ----------------------------------------------------------------------------------

# Pieces of dates and of parts of the year, digits (a full-width and an Arabic-Indic one among them: \d
# matches both), separators alone, and what surrounds them.
DATE_PIECES = st.sampled_from(
    [
        *("2023", "2024", "1", "12", "06", "１", "٣", "3", "19", "20"),
        *(".", "/", "-", "至", "到", "月", "年", "日", "份", "季", "度", "半", "上", "下"),
        *("月份", "季度", "三季度", "上半年", "下半年", "1至6月", "2023.12.31", "2024-01-15", "2023/1/1"),
        *("3-5月", "10月到12月", "，", "。", "收到申请", "件"),
        *("截至", "截止", "1月至12月", "2月至11月", "9月底"),
    ]
)
DATE_TEXTS = st.lists(DATE_PIECES, max_size=12).map("".join)


@given(DATE_TEXTS, st.data())
def test_a_date_is_found_as_without_the_look_for_a_separator(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    spans = [(start, data.draw(st.integers(start, len(text))))]
    spans += [m.span() for m in re.finditer(r"\d+", text)]  # and each number of the text
    for start, end in spans:
        low, high = max(0, start - 8), end + 6
        general = any(m.start() <= start and end <= m.end() for m in DATE.finditer(text, low, high))
        assert date_part(text, start, end) is general, (text, start, end)


def _whole_year(part: re.Match[str]) -> bool:
    """1月至12月, 截至12月: the pattern's matches that are the whole year, not a part of it."""
    first, until = part.group("first"), part.group("until")
    return (first is not None and (int(first), int(part.group("last"))) == (1, 12)) or (
        until is not None and int(until) == 12
    )


@given(DATE_TEXTS)
def test_a_part_of_the_year_is_found_as_by_the_pattern_alone(text: str) -> None:
    part = next((m for m in PART_OF_YEAR.finditer(text) if not _whole_year(m)), None)
    assert part_of_year(text) == (part.start() if part else len(text))


@settings(deadline=None)  # validation is timed by the benchmarks, not here
@given(reports_stating_figures())
def test_the_readings_compiled_are_the_figures_read(report: AnnualReport) -> None:
    # plain_statements compiles the readings remembered without their section; text_figures gives them
    # as figures of their section. Both are one reading, afresh or remembered.
    for afresh in (True, False):
        if afresh:
            forget_texts()
        sections = [(Section.OVERVIEW, report.overview), (Section.PROBLEMS, report.problems)]
        sections.append((Section.OTHER_MATTERS, report.other_matters))
        figures = tuple(f for section, text in sections if text for f in read_figures(text, section))
        info = report.metadata
        assert text_figures(report) == tuple(for_report(f, info.agency, info.year) for f in figures)
        readings = [
            TextFigure(section, sentence, *reading)
            for section, text in sections
            if text
            for sentence, readings in remembered_readings(text)
            for reading in readings
        ]
        assert tuple(readings) == figures
