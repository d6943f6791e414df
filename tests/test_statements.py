"""The statement reader against its specification, the sentence table; and what validation does with it.

``tests/data/statements.tsv`` holds realistic sentences, each with the reading of every number in it in
the report it names (``report``: the agency and year; a department no sentence names, and the sentence's
first year, when empty). ``tests/data/statements-heldout.tsv`` and ``statements-heldout-2.tsv`` to ``-11.tsv``
hold sentences kept apart from tuning: only the reader's precision and recall on them are asserted, and
those of its warnings (the sure statements).
``python benchmarks/statements.py`` prints them all.
"""

from __future__ import annotations

import collections
import csv
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    DisclosureTable,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TemplateVersion,
    TextCoverage,
    convert_report,
    text_coverage,
    text_figures,
    validate,
)
from disclosure_report._validation.statements import (
    UNSURE_REASONS,
    TextFigure,
    certainty,
    for_report,
    forget_texts,
    read_figures,
)
from disclosure_report._validation.text_claims import MAX_CONTRADICTIONS, MAX_LISTED, MAX_QUOTED
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

from .costs import assert_linear

TABLE = Path(__file__).parent / "data" / "statements.tsv"
HELD_OUT = Path(__file__).parent / "data" / "statements-heldout.tsv"
STATEMENT_KINDS = ("=", "~", "%=")
DEFAULT_AGENCY = "某县某局"
"""The agency of a row that names none: a department no sentence names (as benchmarks/statements.py)."""
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


@attrs.frozen
class Row:
    line: int
    sentence: str
    readings: tuple[str, ...]
    note: str
    agency: str = DEFAULT_AGENCY
    year: int = 2023

    @property
    def known(self) -> bool:
        """A reading the reader is known to get wrong, kept in the table with the right answer."""
        return self.note.startswith("KNOWN:")


def table(path: Path = TABLE) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["sentence", "readings", "note", "report"]
    found = []
    for number, (sentence, readings, note, *report) in enumerate(rows[1:], start=2):
        agency, _, year = (report[0] if report else "").rpartition(" ")
        first = _YEAR.search(sentence)
        found.append(
            Row(
                number,
                sentence,
                tuple(r.strip() for r in readings.split(" ; ") if r.strip()),
                note,
                agency or DEFAULT_AGENCY,
                int(year) if year else int(first.group(1)) if first else 2023,
            )
        )
    return found


def reading(figure: TextFigure) -> str:
    """A figure as the table writes it."""
    subject = figure.subject.id if figure.subject else ""
    return {
        "exact": f"{figure.number}={subject}",
        "approximate": f"{figure.number}{'%' if figure.reason == 'share' else ''}~{subject}",
        "share": f"{figure.number}%={subject}",
        "none": f"none={subject}",
        "other": f"{figure.number}=other",
        "unexplained": f"{figure.number}=?",
    }[figure.kind]


def read(sentence: str, agency: str = DEFAULT_AGENCY, year: int = 2023) -> tuple[str, ...]:
    """The readings of a sentence in a report of this agency and year."""
    figures = (for_report(f, agency, year) for f in read_figures(sentence))
    return tuple(reading(f) for f in figures if f.number or f.kind == "none")


def warned(sentence: str, agency: str = DEFAULT_AGENCY, year: int = 2023) -> tuple[str, ...]:
    """The readings that may warn: the statements checked (exact, shares, "none") that are sure."""
    figures = (for_report(f, agency, year) for f in read_figures(sentence))
    return tuple(reading(f) for f in figures if f.kind in ("exact", "share", "none") and not certainty(f))


def is_statement(entry: str) -> bool:
    return not entry.endswith(("=other", "=?"))


def scores(rows: list[Row]) -> dict[str, float]:
    """Precision and recall of the statements read (a number and its subject, exact, approximate, a share
    or "none"), and the share of other and unexplained numbers classed as the table says."""
    found = expected = right = sure = sure_right = 0
    others = others_right = 0
    for row in rows:
        got = collections.Counter(read(row.sentence, row.agency, row.year))
        warning = collections.Counter(warned(row.sentence, row.agency, row.year))
        want = collections.Counter(row.readings)
        got_statements = collections.Counter({k: v for k, v in got.items() if is_statement(k)})
        want_statements = collections.Counter({k: v for k, v in want.items() if is_statement(k)})
        found += sum(got_statements.values())
        expected += sum(want_statements.values())
        right += sum((got_statements & want_statements).values())
        sure += sum(warning.values())
        sure_right += sum((warning & want_statements).values())
        want_others = collections.Counter({k: v for k, v in want.items() if not is_statement(k)})
        others += sum(want_others.values())
        others_right += sum((want_others & got).values())
    return {
        "precision": right / found,
        "recall": right / expected,
        "others": others_right / others,
        "warning precision": sure_right / sure if sure else 1.0,
        "warning recall": sure_right / expected,
        "statements": expected,
        "sentences": len(rows),
    }


# --- the table --------------------------------------------------------------------------------------------


def test_the_table_is_large_and_covers_every_kind() -> None:
    rows = table()
    assert len(rows) >= 150
    entries = [entry for row in rows for entry in row.readings]
    kinds = collections.Counter(
        "none"
        if e.startswith("none=")
        else "other"
        if e.endswith("=other")
        else "?"
        if e.endswith("=?")
        else "share"
        if "%=" in e
        else "approximate"
        if "~" in e
        else "exact"
        for e in entries
    )
    assert kinds["exact"] >= 100 and kinds["other"] >= 50
    assert kinds["share"] >= 5 and kinds["approximate"] >= 10 and kinds["none"] >= 10
    assert sum(not row.readings for row in rows) >= 5  # sentences with table words and no figure
    for row in rows:
        for entry in row.readings:
            number = entry.partition("=")[0].partition("~")[0].removesuffix("%")
            assert number in ("none", "数十") or number in row.sentence, (row.line, entry)


@pytest.mark.parametrize("row", [r for r in table() if not r.known], ids=lambda r: f"line{r.line}")
def test_every_sentence_is_read_as_the_table_says(row: Row) -> None:
    assert sorted(read(row.sentence, row.agency, row.year)) == sorted(row.readings), row.note


@pytest.mark.parametrize("row", [r for r in table() if r.known], ids=lambda r: f"line{r.line}")
def test_known_misreadings_are_still_misread(row: Row) -> None:
    # When the reader learns one, this fails: move the row out of the known list (drop KNOWN: from its note).
    assert sorted(read(row.sentence, row.agency, row.year)) != sorted(row.readings), row.note


def test_precision_and_recall_on_the_table() -> None:
    measured = scores(table())
    assert measured["precision"] >= 0.97, measured
    assert measured["recall"] >= 0.95, measured


def test_precision_and_recall_on_sentences_kept_apart() -> None:
    # Never tuned on: a reading learnt from one of these sentences goes into statements.tsv instead.
    # Before issue 44 the reader read them at 77.8% precision and 92.0% recall.
    measured = scores(table(HELD_OUT))
    assert measured["precision"] >= 0.99, measured
    assert measured["recall"] >= 0.92, measured


# The later held-out rounds (issue 44, second part), each written fresh and measured once: (precision, recall)
# at least. Rounds 4-6 were measured before the classes they showed were fixed (90.0%/81.8%, 94.1%/82.7%,
# 96.4%/85.9%, 95.9%/90.7%); round 8 was measured once (95.1%/86.0%) before its classes were fixed (what is
# left of it is three conventions its labels do not share with the older rounds: docs/performance.md).
LATER_ROUNDS = {
    "statements-heldout-2.tsv": (0.99, 0.94),
    "statements-heldout-3.tsv": (0.99, 0.91),
    "statements-heldout-4.tsv": (0.99, 0.91),
    "statements-heldout-5.tsv": (0.99, 0.93),
    "statements-heldout-6.tsv": (0.98, 0.91),
    # Rounds 9-11: real published reports' sentences, each frozen before the reader was run on it and
    # measured once (79.1% / 68.0%, 86.8% / 83.6%, 84.8% / 75.7%), then its classes fixed.
    "statements-heldout-7.tsv": (0.98, 0.80),
    "statements-heldout-8.tsv": (0.99, 0.83),
    "statements-heldout-9.tsv": (0.96, 0.78),
    # Round 12: after round 11's fixes, measured once and left untouched (100.0% / 100.0%, 14 statements).
    "statements-heldout-10.tsv": (0.99, 0.99),
    # Round 13: frozen before the certainty of statements, measured once with it and left untouched
    # (92.9% / 81.2% of statements; of warnings 100.0% / 75.0%, 36 sure of 42 read).
    "statements-heldout-11.tsv": (0.92, 0.81),
}


@pytest.mark.parametrize("name", LATER_ROUNDS)
def test_precision_and_recall_on_later_rounds_kept_apart(name: str) -> None:
    least_precision, least_recall = LATER_ROUNDS[name]
    measured = scores(table(HELD_OUT.parent / name))
    assert measured["precision"] >= least_precision, measured
    assert measured["recall"] >= least_recall, measured


# What a reviewer sees (issue 44, "warn only when sure"): only sure statements warn. Their precision on every
# table, and their recall (sure and right, of the statements the table holds) at least as measured when
# certainty came in; the measured-once readers of rounds 9-11 with certainty gave 100.0%, 95.7% and 100.0%.
WARNING_RECALL = {
    "statements.tsv": 0.82,
    "statements-heldout.tsv": 0.88,
    "statements-heldout-2.tsv": 0.85,
    "statements-heldout-3.tsv": 0.82,
    "statements-heldout-4.tsv": 0.86,
    "statements-heldout-5.tsv": 0.86,
    "statements-heldout-6.tsv": 0.84,
    "statements-heldout-7.tsv": 0.74,
    "statements-heldout-8.tsv": 0.81,
    "statements-heldout-9.tsv": 0.67,
    "statements-heldout-10.tsv": 0.99,
    "statements-heldout-11.tsv": 0.75,  # measured once, untouched: the honest untuned figure
}


@pytest.mark.parametrize("name", WARNING_RECALL)
def test_only_sure_statements_warn_and_they_are_right(name: str) -> None:
    measured = scores(table(HELD_OUT.parent / name))
    assert measured["warning precision"] == 1.0, measured
    assert measured["warning recall"] >= WARNING_RECALL[name], measured


# --- certainty --------------------------------------------------------------------------------------------


_ISSUE_FALSE_WARNINGS = (
    "统一受理平台接入53个部门2261项事项。",
    "办理相关案件74件。",
    "受理复议申请3件，均为非政府信息公开类。",
    "收到涉及征地拆迁的申请20件。",
    "收到申请30件，已全部办结，其中2件于2024年1月办结。",
    "依据《条例》第36条第（三）项答复18件。",
    "无法提供8件，其中本机关不掌握6件、没有现成信息2件。",
    "予以公开18件，部分公开4件，二者合计占73%。",
)


@pytest.mark.parametrize("sentence", _ISSUE_FALSE_WARNINGS)
def test_the_issues_false_warnings_do_not_warn(seed: AnnualReport, sentence: str) -> None:
    # Tables that agree with what each sentence means (issue 44): none of them may warn.
    report = _requests(
        seed,
        new=30,
        granted=18,
        partially_granted=4,
        unavailable_not_held=6,
        unavailable_needs_creation=2,
        total=30,
    )
    assert _contradictions(report, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("本年度新收政府信息公开申请99条。", "measure word"),
        ("全区各部门收到政府信息公开申请99件。", "area"),
        ("镇街共收到政府信息公开申请99件。", "area"),
        ("全年共收到和办理政府信息公开申请99件。", "two subjects"),
        ("全年受理有效信件99件，已办结3件。", "other matter"),
        ("共受理申请99件，不予受理2件。", "own categories"),
        ("予以公开和部分公开合计占99%。", "combined share"),
    ],
)
def test_a_statement_is_unsure_for_its_reason(sentence: str, reason: str) -> None:
    found = [
        certainty(f) for f in read_figures(sentence) if f.number == "99" and f.kind in ("exact", "share")
    ]
    assert found == [reason]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("本年度新收政府信息公开申请99条。", "measure word"),
        ("全年共收到和办理政府信息公开申请99件。", "two subjects"),
        ("共受理申请99件，不予受理2件。", "own categories"),
    ],
)
def test_an_unsure_statement_says_why_instead_of_warning(
    seed: AnnualReport, sentence: str, reason: str
) -> None:
    report = _requests(seed, new=26, granted=20, partially_granted=6, total=26)
    assert _contradictions(report, sentence) == []
    assert _unsure(report, sentence) == [(99, 26, reason)]
    (finding,) = validate(attrs.evolve(report, overview=sentence)).filter(code="text-figure-unsure").findings
    assert UNSURE_REASONS[reason][0] in finding.message_zh and UNSURE_REASONS[reason][1] in finding.message_en
    assert finding.severity.value == "info" and finding.evidence == sentence.rstrip("。")


def test_labels_listed_then_respectively_are_sure_one_by_one() -> None:
    sentence = "予以公开、部分公开分别为12件、15件。"
    found = [(f.number, f.subject.id, certainty(f)) for f in read_figures(sentence) if f.subject]
    assert found == [("12", "granted", ""), ("15", "partially_granted", "")]


_SURE_LEADS = ("", "2023年，", "本年度", "全年", "我局", "本机关全年")
_SURE_WORDS = ("收到政府信息公开申请", "新收政府信息公开申请", "受理依申请公开", "共收到申请", "收到")


@given(st.sampled_from(_SURE_LEADS), st.sampled_from(_SURE_WORDS), st.integers(0, 99_999))
def test_a_plain_statement_is_sure_and_any_unsure_mark_makes_it_unsure(
    lead: str, words: str, number: int
) -> None:
    sentence = f"{lead}{words}{number}件。"
    (figure,) = [f for f in read_figures(sentence) if f.kind == "exact"]
    assert certainty(figure) == ""
    # The same statement, with what makes it unsure: each is enough alone. The reader may read the number
    # as no statement at all (通过信函…, …件人大建议 are "other"); it is never a sure one.
    for changed, reason, shift in (
        (f"{lead}{words}{number}条。", "measure word", 0),
        (f"全区{words}{number}件。", "area", 2 - len(lead)),
        (f"{lead}通过信函{words}{number}件。", "part", 4),
        (f"{lead}{words}{number}件人大建议。", "other matter", 0),
    ):
        read = [f for f in read_figures(changed) if f.number == str(number)]
        assert read, changed
        found = [certainty(f) for f in read if f.kind in ("exact", "share", "none")]
        assert set(found) <= {reason, "term apart"}, (changed, found)
        # And the certainty alone, given the plain statement's reading in the changed sentence.
        moved = attrs.evolve(figure, sentence=changed.rstrip("。"), at=figure.at + shift)
        assert moved.sentence[moved.at : moved.at + len(moved.number)] == str(number)
        assert certainty(moved) in {reason, "term apart"}, (changed, certainty(moved))


@given(
    st.text(alphabet="收到申请受理办结件条全区其中予以公开占%和及、，。年月0123456789复议信件", max_size=60)
)
def test_certainty_is_a_reason_or_sure_for_any_text(text: str) -> None:
    for figure in read_figures(text):
        assert certainty(figure) in ("", *UNSURE_REASONS)


# --- reading ----------------------------------------------------------------------------------------------


def test_figures_keep_the_sentence_and_the_number_as_written() -> None:
    (figure,) = read_figures("前言。本年度共收到政府信息公开申请２６件；其他。", Section.OVERVIEW)
    assert (figure.number, figure.value, figure.kind, figure.section) == (
        "２６",
        26,
        "exact",
        Section.OVERVIEW,
    )
    assert figure.sentence == "本年度共收到政府信息公开申请２６件"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("收到申请1,234件", 1234),
        ("收到申请一万二千件", 12000),
        ("收到申请一百零五件", 105),
        ("收到申请二十件", 20),
        ("收到申请1.2万件", Decimal("12000.0")),
        ("收取行政事业性收费3000元", Decimal("0.3")),
        ("收取行政事业性收费0.3万元", Decimal("0.3")),
    ],
)
def test_numbers_in_every_notation(text: str, value: object) -> None:
    (figure,) = read_figures(text)
    assert figure.value == value and figure.kind == "exact"


def test_a_long_number_is_exact() -> None:
    digits = "9" * 40
    (figure,) = read_figures(f"收到申请{digits}件")
    assert figure.value == int(digits) or figure.value == Decimal(digits)


# --- checking ---------------------------------------------------------------------------------------------


@pytest.fixture
def seed() -> AnnualReport:
    return seed_report()


def _requests(seed: AnnualReport, **figures: int) -> AnnualReport:
    """The seed with table 三's natural-person column and total set to these figures (a consistent table)."""
    cells: dict[tuple[RequestRow, Applicant], int] = {}
    for name, value in figures.items():
        row = RequestRow[name.upper()]
        cells |= {(row, Applicant.NATURAL_PERSON): value, (row, Applicant.TOTAL): value}
    report = attrs.evolve(seed, requests=seed.requests.replace(cells))
    assert validate(report).valid
    return report


def _contradictions(report: AnnualReport, text: str) -> list[tuple[object, object]]:
    found = validate(attrs.evolve(report, overview=text)).filter(code="text-contradicts-table").findings
    return [(f.expected, f.actual) for f in found]


def _unsure(report: AnnualReport, text: str) -> list[tuple[object, object, object]]:
    found = validate(attrs.evolve(report, overview=text)).filter(code="text-figure-unsure").findings
    return [(f.expected, f.actual, f.params["reason"]) for f in found]


def test_the_issue_case_new_requests_stated_against_the_table(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=26, total=26)
    found = validate(attrs.evolve(report, overview="本年度新收政府信息公开申请30件。")).filter(
        code="text-contradicts-table"
    )
    (finding,) = found.findings
    assert (finding.expected, finding.actual) == (30, 26)
    assert finding.evidence == "本年度新收政府信息公开申请30件"
    assert finding.cells == ((seed.requests.kind, RequestRow.NEW, Applicant.TOTAL),)
    assert "“一、本年新收政府信息公开申请数量”总计" in finding.message_zh


def test_categories_combined_and_sub_reasons(seed: AnnualReport) -> None:
    report = _requests(seed, new=10, granted=6, partially_granted=3, unavailable_not_held=1, total=10)
    assert (
        _contradictions(report, "予以公开及部分公开共9件，无法提供1件，其中本机关不掌握相关政府信息1件。")
        == []
    )
    assert _contradictions(report, "予以公开和部分公开共10件。") == [(10, 9)]
    assert _contradictions(report, "因信息不存在告知申请人2件。") == [(2, 1)]


def test_shares_are_checked_to_the_places_written(seed: AnnualReport) -> None:
    report = _requests(seed, new=3, granted=1, partially_granted=2, total=3)
    assert _contradictions(report, "予以公开1件，占33.3%；部分公开2件，占66.7%。") == []
    assert _contradictions(report, "予以公开1件，占33%。") == []
    assert _contradictions(report, "予以公开占比33.33%。") == []
    assert _contradictions(report, "予以公开1件，占50%。") == [("50%", "33%")]
    assert _contradictions(report, "予以公开1件，占35.0%。") == [("35.0%", "33.3%")]


def test_applicant_types(seed: AnnualReport) -> None:
    report = _requests(seed, new=5, granted=5, total=5)
    assert _contradictions(report, "共收到申请5件，其中自然人申请5件，法人或其他组织申请0件。") == []
    assert _contradictions(report, "共收到申请5件，其中自然人申请4件，法人或其他组织申请1件。") == [
        (4, 5),
        (1, 0),
    ]


def test_wider_applicant_words_and_shares_after_a_list(seed: AnnualReport) -> None:
    # Issue 44, round 7: 企业及其他组织 was read as 商业企业, and every share after 分别占 as the first
    # outcome's. The table: 8 requests, all from natural persons; 4 granted, 2 partly, 2 not held.
    report = _requests(seed, new=8, granted=4, partially_granted=2, unavailable_not_held=2, total=8)
    assert _contradictions(report, "自然人申请8件，企业及其他组织申请0件。") == []
    assert _contradictions(report, "企业、社会组织等提出申请0件。") == []
    assert _contradictions(report, "企业和社会组织申请1件。") == []  # some legal persons: not sure
    assert _contradictions(report, "企业及其他组织申请1件。") == [(1, 0)]
    assert _contradictions(report, "予以公开、部分公开、无法提供分别占50%、25%、25%。") == []
    assert _contradictions(report, "予以公开、部分公开、无法提供分别占50%、20%、30%。") == [
        ("20%", "25%"),
        ("30%", "25%"),
    ]


def test_a_sum_to_process_is_not_what_was_processed(seed: AnnualReport) -> None:
    # Issue 44, rounds 6 and 7: 共需处理 and 加上…共处理 count what there was to process, not a row.
    for text in (
        "加上上年结转的2件，本年度共需处理10件，已办结9件。",
        "新收申请8件，连同上年结转的2件，共处理10件。",
    ):
        (total,) = [f for f in read_figures(text) if f.number == "10"]
        assert total.kind == "other", text
    report = _requests(seed, new=8, carried_over=2, granted=9, carried_forward=1, total=9)
    assert _contradictions(report, "加上上年结转的2件，本年度共需处理10件，已办结9件。") == []


def test_round_eight_figures_of_the_area_parts_and_other_reports_are_not_checked(seed: AnnualReport) -> None:
    # Issue 44, round 8: the area's figure beside the government's own, a share among a part, a figure said
    # not to be counted in the report. The table: 8 requests, 4 granted, 2 partly, 2 not held.
    report = _requests(seed, new=8, granted=4, partially_granted=2, unavailable_not_held=2, total=8)
    assert _contradictions(report, "全区共收到申请860件，区政府本级收到8件。") == []
    assert _contradictions(report, "无法提供的2件中，本机关不掌握的占60%。") == []
    assert _contradictions(report, "所属单位另行受理申请30件，未计入本报告统计。") == []
    assert _contradictions(report, "共收到申请30件。") == [(30, 8)]


def test_review_and_litigation_by_result(seed: AnnualReport) -> None:
    table = seed.review_litigation.replace(
        {
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): 2,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.CORRECTED): 1,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL): 3,
        }
    )
    report = attrs.evolve(seed, review_litigation=table, overview="")
    assert validate(report).valid
    assert _contradictions(report, "发生行政复议3件，其中维持2件，纠正1件；行政诉讼0件。") == []
    assert _contradictions(report, "发生行政复议3件，其中维持1件，纠正2件。") == [(1, 2), (2, 1)]
    assert _contradictions(report, "行政复议和行政诉讼各3件。") == [(3, 0)]
    assert _contradictions(report, "未发生行政复议。") == [(0, 3)]


def test_documents_decisions_and_fees(seed: AnnualReport) -> None:
    table = seed.active_disclosure.replace(
        {
            (DisclosureRow.NORMATIVE_DOCUMENTS, DisclosureColumn.ISSUED): 3,
            (DisclosureRow.NORMATIVE_DOCUMENTS, DisclosureColumn.IN_FORCE): 12,
            (DisclosureRow.PENALTY, DisclosureColumn.DECIDED): 36,
            (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT): Decimal("0.5"),
        }
    )
    report = attrs.evolve(seed, active_disclosure=table)
    text = "本年制发规范性文件3件，现行有效规范性文件12件；作出行政处罚36件；收取行政事业性收费5000元。"
    assert _contradictions(report, text) == []
    assert _contradictions(report, "收取行政事业性收费0.6万元。") == [(Decimal("0.6"), Decimal("0.5"))]
    assert _contradictions(report, "本年废止规范性文件2件。") == [(2, 0)]
    assert _contradictions(report, "本年度行政处罚35件。") == [(35, 36)]


def test_approximate_figures_are_not_checked_as_exact(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=26, total=26)
    for text in (
        "收到申请约30件。",
        "收到申请近30件。",
        "收到申请20余件。",
        "收到申请数十件。",
        "收到申请30件左右。",
    ):
        assert _contradictions(report, text) == [], text


def test_figures_in_ten_thousands_are_checked_to_their_precision(seed: AnnualReport) -> None:
    report = _requests(seed, new=12034, granted=12034, total=12034)
    assert _contradictions(report, "收到申请1.2万件。") == []
    assert _contradictions(report, "收到申请1.3万件。") == [(Decimal("13000.0"), 12034)]


def test_what_is_not_a_figure_of_the_tables_is_never_checked(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=26, total=26)
    text = (
        "2023年1月1日至12月31日，依据第二十条第（一）项，在20个工作日内答复，平均办结时间3.5天；"
        "主动公开政府信息3260条，开展培训5次，按时办结率100%，同比增长15.2%；尚未办结3件；"
        "办理人大代表建议35件；依照国办公开办函〔2021〕30号。"
    )
    assert _contradictions(report, text) == []
    assert TextCoverage.of(read_figures(text)) == TextCoverage(read=0, approximate=0, other=17, unexplained=0)


def test_numbers_left_unexplained_are_listed(seed: AnnualReport) -> None:
    report = attrs.evolve(seed, overview="2023年，全年共计30件；收到申请0件。", problems="无")
    (finding,) = validate(report).filter(code="text-figures-unexplained").findings
    assert finding.location.section is Section.OVERVIEW
    assert finding.actual == 1 and finding.params["figures"] == (("30", "2023年，全年共计30件"),)
    assert (finding.params["read"], finding.params["other"], finding.params["total"]) == (1, 1, 3)
    assert "30（“2023年，全年共计30件”）" in finding.message_zh
    assert text_coverage(report) == TextCoverage(read=1, approximate=0, other=1, unexplained=1)


def test_the_seed_text_is_read_whole() -> None:
    figures = text_figures(seed_report())
    assert [f.subject.id for f in figures if f.kind == "none" and f.subject] == [
        "regulations+normative_documents/issued",
        "new",
        "review",
        "litigation",
        "fees",
    ]
    assert text_coverage(seed_report()).unexplained == 0


def test_a_2019_report_is_checked_against_its_own_columns(seed: AnnualReport) -> None:
    table = DisclosureTable.build(
        {(DisclosureRow.NORMATIVE_DOCUMENTS, DisclosureColumn.NEWLY_MADE): 2}, version=TemplateVersion.V2019
    )
    old = convert_report(seed, TemplateVersion.V2019, active_disclosure=table)
    assert _contradictions(old, "本年制发规范性文件2件。") == []
    assert _contradictions(old, "本年制发规范性文件3件。") == [(3, 2)]
    assert _contradictions(old, "收取行政事业性收费0.5万元。") == []  # 2019 has no fee amount


# --- what a number is about: the false warnings of issue 44 -----------------------------------------------

# Each sentence a reviewer found warned about, with a table that agrees with what the sentence means.
ISSUE_44_CASES = {
    # A real 2019 municipal report: the platform connects 53 departments.
    "platform": ("统一受理平台接入53个部门2261项事项。", {"new": 10, "granted": 10, "total": 10}),
    # A real 2025 county report: review and litigation cases (61 + 3 + 10), not requests.
    "cases": ("办理相关案件74件。", {"new": 20, "granted": 20, "total": 20}),
    "review applications": ("受理复议申请3件，均为非政府信息公开类。", {"new": 5, "granted": 5, "total": 5}),
    "a topic": ("收到涉及征地拆迁的申请20件。", {"new": 26, "granted": 26, "total": 26}),
    "a part after 其中": (
        "收到申请30件，已全部办结，其中2件于2024年1月办结。",
        {"new": 30, "granted": 30, "total": 30},
    ),
    "an article": ("依据《条例》第36条第（三）项答复18件。", {"new": 25, "granted": 25, "total": 25}),
    "a short form": (
        "无法提供8件，其中本机关不掌握6件、没有现成信息2件。",
        {"new": 8, "unavailable_not_held": 6, "unavailable_needs_creation": 2, "total": 8},
    ),
    "a combined share": (
        "予以公开18件，部分公开4件，二者合计占73%。",
        {"new": 30, "granted": 18, "partially_granted": 4, "unavailable_not_held": 8, "total": 30},
    ),
    # Round 9 (real reports' sentences): received and handled, not their sum (a real 2023 city office's).
    "received and handled": (
        "全年共收到和办理依申请公开9件，全部为自然人申请。",
        {"new": 9, "partially_granted": 2, "unavailable_not_held": 5, "total": 7, "carried_forward": 2},
    ),
    "letters at a mailbox": (
        "“县长信箱”共受理有效信件3件，已办结3件。",
        {"new": 5, "granted": 5, "total": 5},
    ),
    "requests made to another body": (
        "受理公民、法人和其他组织向市政府及市政府办公室提出的政府信息公开申请5件。",
        {"new": 2, "granted": 2, "total": 2},
    ),
    "a suit the requests led to": (
        "未收到因政府信息公开申请引起的行政诉讼。",
        {"new": 3, "granted": 3, "total": 3},
    ),
    # Round 10: a document kept after a review is not one issued (a real 2023 city commission's).
    "kept after a review": (
        "2023年度新发布的行政规范性文件0件，确定继续有效的行政规范性文件33件。",
        {"new": 1, "granted": 1, "total": 1},
    ),
    "letters received and processed": (
        "2024年共受理群众网上来访信件34件，办结34件，办结率100%。",
        {"new": 2, "granted": 2, "total": 2},
    ),
    # Round 11: not accepted (不予受理) is not received; proposals handled are not requests processed.
    "not accepted": ("共受理申请9件，不予受理2件。", {"new": 9, "granted": 9, "total": 9}),
    "proposals handled": ("高质量办理10件人大建议和28件政协提案。", {"new": 3, "granted": 3, "total": 3}),
    "carried over and handled": (
        "上年度结转办理2件。",
        {"new": 8, "carried_over": 2, "granted": 10, "total": 10},
    ),
}


@pytest.mark.parametrize("case", ISSUE_44_CASES)
def test_no_false_warning_on_what_a_number_is_about(seed: AnnualReport, case: str) -> None:
    text, figures = ISSUE_44_CASES[case]
    assert _contradictions(_requests(seed, **figures), text) == []


def test_a_figure_of_another_body_is_not_checked(seed: AnnualReport) -> None:
    # r016: the government's office received 17 requests for the government; the district's table says 95.
    report = _requests(seed, new=95, granted=95, total=95)
    office = "2024年，区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。"
    district = attrs.evolve(
        report, metadata=attrs.evolve(report.metadata, agency="淮安市洪泽区人民政府", year=2024)
    )
    assert _contradictions(district, office) == []
    # The whole district is not checked, in its government's report (whether the government's tables count
    # its area or itself varies between reports: issue 44's decision) or in a department's.
    assert _contradictions(district, "2024年全区受理政府信息公开申请90件。") == []
    assert _contradictions(district, "全区各职能部门、镇街共收到政府信息公开申请1,499件。") == []
    # A part after a semicolon that names no body is still the area's (round 10).
    assert _contradictions(district, "全区共受理申请90件，予以公开60件；无法提供30件。") == []
    assert _contradictions(district, "本机关共受理申请90件；予以公开90件。") == [(90, 95), (90, 95)]
    whole_area = text_figures(attrs.evolve(district, overview="全区共收到申请90件。"))
    assert [f.reason for f in whole_area if f.number == "90"] == ["another body"]
    # A township's government is its area's one reporting body: its whole area is its own.
    township = attrs.evolve(district, metadata=attrs.evolve(district.metadata, agency="洪泽区黄集镇人民政府"))
    assert _contradictions(township, "2024年全镇受理政府信息公开申请90件。") == [(90, 95)]
    assert _contradictions(township, "2024年，黄集镇共受理政府信息公开申请90件。") == [(90, 95)]
    department = attrs.evolve(district, metadata=attrs.evolve(district.metadata, agency="洪泽区教育局"))
    assert _contradictions(department, "2024年全区受理政府信息公开申请90件。") == []
    # The agency named by its own name is checked.
    assert _contradictions(department, "2024年，洪泽区教育局共收到政府信息公开申请90件。") == [(90, 95)]
    assert [
        f.reason for f in text_figures(attrs.evolve(department, overview=office)) if f.number == "17"
    ] == ["another body"]


def test_what_round_nine_showed_is_still_checked_when_it_is_the_agencys(seed: AnnualReport) -> None:
    report = _requests(seed, new=9, granted=9, total=9)
    # Received and processed at once: not sure which, so not a warning (issue 44), but said not checked.
    assert _contradictions(report, "全年共收到并办理政府信息公开申请12件。") == []
    assert _unsure(report, "全年共收到并办理政府信息公开申请12件。") == [(12, 9, "two subjects")]
    assert _contradictions(report, "受理向本机关提出的政府信息公开申请12件。") == [(12, 9)]
    assert _contradictions(report, "通过市长信箱转来的政府信息公开申请5件，收到申请12件。") == [(12, 9)]


def test_carried_from_one_year_into_the_next_is_the_next_years_carried_over(seed: AnnualReport) -> None:
    report = _requests(seed, new=24, carried_over=2, granted=26, total=26)  # a 2023 report
    assert _contradictions(report, "2022年结转至2023年2件，2023年共受理24件。") == []
    assert _contradictions(report, "2022年结转至2023年3件。") == [(3, 2)]
    assert _contradictions(report, "2023年结转至2024年办理的申请3件。") == []  # the 2024 report's


def test_a_figure_of_another_year_is_not_checked(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=26, total=26)  # a 2023 report
    assert _contradictions(report, "2022年，本机关共收到政府信息公开申请20件。") == []
    assert _contradictions(report, "上年度共收到申请20件，本年度收到26件。") == []
    assert _contradictions(report, "2023年，本机关共收到政府信息公开申请20件。") == [(20, 26)]


def test_a_part_of_the_year_is_not_checked(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=26, total=26)
    for text in ("2月至11月，共受理政府信息公开申请22件。", "截至9月底，共受理申请11件。"):
        assert _contradictions(report, text) == [], text
    assert _contradictions(report, "2023年1月至12月，共受理政府信息公开申请22件。") == [(22, 26)]


def test_a_rate_is_a_share_only_when_its_definition_is_stated(seed: AnnualReport) -> None:
    report = _requests(seed, new=4, granted=1, partially_granted=1, unavailable_not_held=2, total=4)
    assert _contradictions(report, "予以公开率为65%。") == []
    assert _contradictions(report, "予以公开率（予以公开件数占办结总数的比例）为65%。") == [("65%", "25%")]


def test_a_stated_total_left_blank_is_computed_from_its_printed_parts(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=20, partially_granted=6, total=26)
    blank = report.requests.replace({(RequestRow.TOTAL, Applicant.TOTAL): None})
    report = attrs.evolve(report, requests=blank)
    # Before: a blank total was never compared, and the wrong figure went unnoticed.
    assert _contradictions(report, "本年度办结政府信息公开申请26件。") == []
    found = validate(attrs.evolve(report, overview="本年度办结政府信息公开申请30件。"))
    (finding,) = found.filter(code="text-contradicts-table").findings
    assert (finding.expected, finding.actual, finding.params["computed"]) == (30, 26, True)
    assert "按所列各项计算" in finding.message_zh and "computed from its printed parts" in finding.message_en
    # A part blank too: nothing to compare with, nothing said.
    blanker = report.requests.replace({(RequestRow.GRANTED, Applicant.TOTAL): None})
    blanker = blanker.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): None})
    assert _contradictions(attrs.evolve(report, requests=blanker), "本年度办结政府信息公开申请30件。") == []


def test_short_forms_of_every_sub_reason_come_from_the_labels() -> None:
    from disclosure_report._form import RequestRow, labels

    for key, aliases in labels.REQUEST_ROW_ALIASES.items():
        row = RequestRow[key.upper()]
        for alias in aliases:
            (figure,) = [f for f in read_figures(f"{alias}的申请3件") if f.number == "3"]
            assert figure.subject is not None and figure.subject.id == row.key, (alias, figure)


SHARED_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
needs_samples = pytest.mark.skipif(
    not SHARED_SAMPLES.is_dir() and not os.environ.get("CI"),
    reason="the real PDFs are read from ../shared/samples (beside the checkout in CI)",
)


@needs_samples
@pytest.mark.parametrize("name", ["r015.pdf", "r016.pdf", "r017.pdf", "seed-2023-emergency-center.txt"])
def test_no_false_warning_on_a_real_sample(name: str) -> None:
    # r016 said "区政府办代表区政府受理…17件" of the government itself; its table counts the district's 95.
    if name.endswith(".pdf"):
        pytest.importorskip("pdfplumber")
    from disclosure_report import read_report

    assert not read_report(SHARED_SAMPLES / name).validate().filter(code="text-contradicts-table")


def test_no_false_warning_on_the_real_web_page() -> None:
    from disclosure_report import read_report

    assert (
        not read_report(Path(__file__).parent / "data" / "r002.html")
        .validate()
        .filter(code="text-contradicts-table")
    )


# --- properties -------------------------------------------------------------------------------------------


def _statements(report: AnnualReport) -> str:
    """Section 一 as an agency writes it from its tables."""
    requests, review = report.requests, report.review_litigation
    total = requests.get(RequestRow.TOTAL, Applicant.TOTAL)
    granted = requests.get(RequestRow.GRANTED, Applicant.TOTAL)
    text = (
        f"本年度新收政府信息公开申请{requests.get(RequestRow.NEW, Applicant.TOTAL)}件，"
        f"其中自然人申请{requests.get(RequestRow.NEW, Applicant.NATURAL_PERSON)}件；"
        f"上年结转{requests.get(RequestRow.CARRIED_OVER, Applicant.TOTAL)}件，"
        f"办结{total}件，其中予以公开{granted}件"
    )
    if isinstance(total, int) and isinstance(granted, int) and total:
        text += f"，占{Decimal(granted * 100) / total:.1f}%"
    return (
        text + f"；结转下年度继续办理{requests.get(RequestRow.CARRIED_FORWARD, Applicant.TOTAL)}件。"
        f"发生行政复议{review.get(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL)}件，"
        f"其中维持{review.get(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD)}件。"
    )


@given(reports(), st.data())
def test_a_text_written_from_the_tables_agrees_until_a_figure_changes(
    report: AnnualReport, data: st.DataObject
) -> None:
    report = attrs.evolve(report, overview=_statements(report))
    assert not validate(report).filter(code="text-contradicts-table")
    assert text_coverage(report).unexplained == 0
    row = data.draw(st.sampled_from([RequestRow.NEW, RequestRow.CARRIED_OVER, RequestRow.CARRIED_FORWARD]))
    value = report.requests.get(row, Applicant.TOTAL)
    if isinstance(value, int):
        changed = attrs.evolve(report, requests=report.requests.replace({(row, Applicant.TOTAL): value + 1}))
        text = _statements(attrs.evolve(report, requests=changed.requests))
        found = validate(attrs.evolve(report, overview=text)).filter(code="text-contradicts-table").findings
        # 收到申请N件 may count the requests carried over too: when that reading of the table gives the
        # changed figure, the text agrees with the table and nothing is said.
        carried_over = report.requests.get(RequestRow.CARRIED_OVER, Applicant.TOTAL)
        if row is RequestRow.NEW and carried_over == 1:
            assert found == ()
        else:
            assert [(f.expected, f.actual) for f in found] == [(value + 1, value)]


@given(reports(), st.data())
def test_what_validation_remembers_gives_what_reading_afresh_gives(
    report: AnnualReport, data: st.DataObject
) -> None:
    # Texts and sentences are remembered across reports: the second report's findings must be those of
    # a validator that never saw the first, whatever the two share.
    first = attrs.evolve(report, overview=_statements(report))
    row = data.draw(st.sampled_from([RequestRow.NEW, RequestRow.CARRIED_OVER]))
    value = report.requests.get(row, Applicant.TOTAL)
    second = first
    if isinstance(value, int):
        second = attrs.evolve(first, requests=first.requests.replace({(row, Applicant.TOTAL): value + 1}))
    forget_texts()
    afresh = validate(second)
    forget_texts()
    validate(first)
    assert validate(second) == afresh
    sections = {Section.OVERVIEW: second.overview, Section.PROBLEMS: second.problems}
    sections[Section.OTHER_MATTERS] = second.other_matters
    afresh_figures = tuple(f for s, t in sections.items() if t for f in read_figures(t, s))
    assert text_figures(second) == afresh_figures


def test_what_is_remembered_is_bounded_by_length(seed: AnnualReport) -> None:
    from disclosure_report._validation.statements import (
        REMEMBERED_SENTENCE,
        REMEMBERED_TEXT,
        read_sentence,
        remembered_figures,
    )

    forget_texts()
    long_sentence = "本机关收到政府信息公开申请3件" + "，并认真办理" * REMEMBERED_SENTENCE
    long_text = "收到申请3件。" + "本机关认真办理。" * (REMEMBERED_TEXT // 8 + 1)
    found = validate(attrs.evolve(seed, overview=long_sentence, problems=long_text, other_matters="无。"))
    # Both long texts are still read whole: the seed's table 三 has no new request, not 3.
    stated = [f.location.section for f in found.filter(code="text-contradicts-table").findings]
    assert stated.count(Section.OVERVIEW) == 1
    assert stated.count(Section.PROBLEMS) == 1
    # The short text is remembered with its sentences; neither long one, nor the long sentence.
    assert remembered_figures.cache_info().currsize == 1
    assert read_sentence.cache_info().currsize == 2  # 收到申请3件 and 无


# --- hostile text -----------------------------------------------------------------------------------------

HOSTILE = {
    "numbers after one term": lambda n: "予以公开" + "1件" * n,
    "a chain of conjunctions": lambda n: "予以公开和部分公开和" * n + "1件" * n,
    "a run of numerals": lambda n: "一" * (4 * n),
    "results after a group": lambda n: "行政复议" + "维持1件" * n,
    "documents and actions": lambda n: "规范性文件" + "制发1件规章" * n,
    "neutral words": lambda n: "答复期限" * n + "1件" * n,
    "negations": lambda n: "未收到" * n + "政府信息公开申请",
    "shares": lambda n: "予以公开1件" + "占1%" * n,
    "changes and years": lambda n: "2023年" + "比2022年增加1件" * n,
    "respectively": lambda n: "予以公开、部分公开分别为" + "1件、" * n,
    "many sentences": lambda n: "收到申请1件，予以公开1件。" * n,
    "bodies named": lambda n: "2023年，县政府办公室收到申请1件" * n,
    "topics": lambda n: "收到涉及征地的申请" + "1件，" * n,
    "a part after 其中": lambda n: "其中" + "收到申请1件" * n,
    "shares in order": lambda n: "予以公开1件、" * n + "分别占" + "1%、" * n,
    "applicants counted": lambda n: "自然人" + "1人，提出申请1件，" * n,
    "a term before other numbers": lambda n: "不予公开" + "1件、涉及某某" * n,
    "reasons before a category": lambda n: "依据第1条，对某某的，" * n + "不予处理1件",
    "bodies as parts": lambda n: "全县收到1件，其中，县政府（含县政府办公室）收到1件，" * n,
    "ranges": lambda n: "1至" * n + "2件",
    "negations of fees and carried forward": lambda n: "不收取行政事业性收费，无结转下年度，" * n,
    "words in brackets": lambda n: "作出行政许可决定（含变更）1件，" * n,
    "those named before": lambda n: "对要求提供公开出版物的，告知获取途径1件，" * n,
    "carried over by year": lambda n: "2023年结转的申请1件，" * n,
    "open after a review": lambda n: "行政复议" + "1件正在办理中，" * n,
    "reasons in a clause before": lambda n: "本机关不掌握的，告知申请人1件，" * n,
    "none of an applicant type": lambda n: "未收到自然人申请，" * n,
    "a breakdown by bodies": lambda n: "县直部门收到1件，县政府收到1件，" * n,
    "carried forward after processed": lambda n: "办结1件，结转1件，" * n,
    "other business": lambda n: "办理登记业务1件，" * n,
    "names with particles": lambda n: "无法提供的" * n + "本机关未收到申请",
    "applicants and other bodies": lambda n: "企业、社会组织" * n + "等申请1件",
    "applicants and the rest": lambda n: "企业及其他组织申请1件，" * n,
    "shares after a list": lambda n: "予以公开、部分公开分别占" + "1%、" * n,
    "applications for other business": lambda n: "受理专利申请1件，" * n,
    "a kind as a predicate": lambda n: "行政诉讼1件，均为直接起诉，维持1件，" * n,
    "sums to process": lambda n: "加上上年结转的1件，共处理1件，" * n,
    "the area beside its own level": lambda n: "全区收到1件，区政府本级收到1件，" * n,
    "own levels after 其中": lambda n: "全区收到1件，其中，区政府本级收到1件，" * n,
    "shares among a part": lambda n: "不予公开的1件中，" * n + "过程性信息占1%，" * n,
    "figures not counted": lambda n: "另行受理1件，" * n + "未计入本报告统计",
    "the area's bodies listed": lambda n: "全区各" + "部门、" * n + "共收到申请1件",
    "requests made to a body": lambda n: "向区政府提出的申请1件，" * n,
    "letters at a mailbox": lambda n: "县长信箱受理信件1件，办结1件，" * n,
    "requests in 条": lambda n: "收到" + "申请1条，" * n,
    "bodies after semicolons": lambda n: "全区收到1件；予以公开1件；" * n,
    "documents kept after a review": lambda n: "新发布规范性文件1件，" + "继续有效1件，失效1件，" * n,
}


def _read(text: str) -> None:
    forget_texts()
    sum(1 for _ in read_figures(text))


@pytest.mark.slow
@pytest.mark.parametrize("name", HOSTILE)
def test_four_times_the_text_takes_about_four_times_the_time(name: str) -> None:
    small, large = HOSTILE[name](1_000), HOSTILE[name](4_000)
    assert_linear(lambda: _read(small), lambda: _read(large), label=name)


@pytest.mark.parametrize("name", HOSTILE)
def test_findings_on_a_hostile_text_stay_small(name: str, seed: AnnualReport) -> None:
    # A thousand repeats pass every cap (as many findings, each as long, as at 5,000).
    report = attrs.evolve(seed, overview=HOSTILE[name](1_000))
    found = validate(report)
    assert len(found.filter(code="text-contradicts-table").findings) <= MAX_CONTRADICTIONS
    for finding in found.findings:
        assert len(finding.message_zh) < 3 * MAX_QUOTED * (MAX_LISTED + 1), finding.code
        assert finding.evidence is None or len(finding.evidence) <= MAX_QUOTED + 2


ALPHABET = (
    "0123456789０５,.%％万亿一二十百千零两第（）未无各均分别占约余多件个条元年月日"
    "予以公开部分行政复议诉讼维持规章制发废止，。、和及 "
)


@given(st.text(alphabet=ALPHABET, max_size=80))
def test_any_text_is_read_without_an_error(text: str) -> None:
    for figure in read_figures(text, Section.OVERVIEW):
        assert figure.number in text and figure.sentence in text
        assert figure.kind != "exact" or figure.value is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "未收到政府信息公开申请方面的投诉。",
        "本年度未收到对政府信息公开申请工作的投诉举报。",
        "无政府信息公开申请被提起行政诉讼。",
        "无政府信息公开申请被提起行政诉讼，无收费情况。",  # another clause's plain "none" says nothing here
    ],
)
def test_none_of_another_matter_never_warns(seed: AnnualReport, sentence: str) -> None:
    # Complaints, letters and suits about requests are denied, not the requests: with 26 new requests in
    # the table, no warning (a review office's commonest sentences).
    report = _requests(seed, new=26, granted=26, total=26)
    assert _contradictions(report, sentence) == []
    assert [reason for _, _, reason in _unsure(report, sentence)] == ["other matter"]


def test_a_plain_none_in_its_own_clause_still_warns(seed: AnnualReport) -> None:
    report = _requests(seed, new=26, granted=26, total=26)
    assert _contradictions(report, "本年度未收到政府信息公开申请。") == [(0, 26)]
    assert _contradictions(report, "无收费情况，本年度未收到政府信息公开申请。") == [(0, 26)]
    # Requests and review applications denied together: no requests either (the seed's own sentence).
    assert _contradictions(report, "未收到政府信息公开和行政复议申请。") == [(0, 26)]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("未收到涉及征地拆迁的政府信息公开申请。", "part"),  # none of a part
        ("未收到对政府信息公开申请答复不服的投诉。", "other matter"),  # the complaints are denied
    ],
)
def test_none_of_a_part_or_of_what_requests_qualify_is_unsure(
    seed: AnnualReport, sentence: str, reason: str
) -> None:
    report = _requests(seed, new=26, granted=26, total=26)
    assert _contradictions(report, sentence) == []
    assert [found for _, _, found in _unsure(report, sentence)] == [reason]


def test_none_of_reviews_and_suits_is_sure_whatever_they_are_called() -> None:
    for sentence in ("未发生行政复议、行政诉讼事项。", "未发生针对政府信息公开事务的行政诉讼。"):
        assert [certainty(f) for f in read_figures(sentence) if f.kind == "none"], sentence
        assert all(certainty(f) == "" for f in read_figures(sentence) if f.kind == "none"), sentence
    (complaint,) = [f for f in read_figures("未收到行政复议方面的投诉。") if f.kind == "none"] or [None]
    assert complaint is None or certainty(complaint) == "other matter"


def test_unsure_figures_never_push_a_sure_contradiction_out(seed: AnnualReport) -> None:
    # More unsure figures than the cap, then one sure contradiction: each kind has a cap of its own.
    report = _requests(seed, new=26, granted=26, total=26)
    text = "".join(f"本年度收到并办理政府信息公开申请{n}件。" for n in range(30, 31 + MAX_CONTRADICTIONS))
    found = validate(attrs.evolve(report, overview=text + "本年度新收政府信息公开申请5件。"))
    assert [(f.expected, f.actual) for f in found.filter(code="text-contradicts-table").findings] == [(5, 26)]
    assert len(found.filter(code="text-figure-unsure").findings) == MAX_CONTRADICTIONS


def test_a_lazy_pattern_finds_what_the_compiled_pattern_finds() -> None:
    from disclosure_report._validation.statements.patterns import LazyPattern

    source, text = r"(?P<n>\d+)\s*件", "收到申请3件，办结 12 件。"
    compiled = re.compile(source)
    lazy = LazyPattern(source)
    assert not lazy.is_compiled
    assert lazy.search(text) is not None
    assert lazy.is_compiled
    for method, arguments in (
        ("search", (text, 5)),
        ("match", (text, 4)),
        ("fullmatch", ("3件",)),
        ("findall", (text,)),
        ("split", (text,)),
        ("sub", ("N", text)),
    ):
        got, want = getattr(lazy, method)(*arguments), getattr(compiled, method)(*arguments)
        assert (got and got.group() if isinstance(got, re.Match) else got) == (
            want and want.group() if isinstance(want, re.Match) else want
        ), method
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]


def test_validating_a_report_without_text_compiles_none_of_the_readers_patterns() -> None:
    # Each pattern is compiled on first use: a report with no running text pays nothing for them.
    code = (
        "import sys, attrs\n"
        "from disclosure_report import validate\n"
        "from disclosure_report.examples import seed_report\n"
        "from disclosure_report._validation.statements.patterns import LazyPattern\n"
        "def compiled():\n"
        "    modules = [m for n, m in sys.modules.items() if n.startswith('disclosure_report._valid')]\n"
        "    found = [v for m in modules for v in vars(m).values() if isinstance(v, LazyPattern)]\n"
        "    return len(found), sum(p.is_compiled for p in found)\n"
        "seed = seed_report()\n"
        "validate(attrs.evolve(seed, overview='', problems='', other_matters=''))\n"
        "print(*compiled())\n"
        "validate(seed)\n"
        "print(*compiled())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    (patterns, before), (_, after) = (map(int, line.split()) for line in out.splitlines())
    assert patterns > 50
    assert before == 0
    assert after > 0
