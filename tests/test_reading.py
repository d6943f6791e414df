"""Reading published reports: golden tests on real samples, alignment that never shifts, hostile input."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    ReadError,
    RequestRow,
    ReviewRow,
    Section,
    SourcePosition,
    TableKind,
    TemplateVersion,
    from_dict,
    from_html,
    from_text,
    render_html,
    render_text,
)
from disclosure_report._io.read.assemble import is_row_label
from disclosure_report._io.read.html import html_lines
from disclosure_report.examples import seed_report, seed_text

from .conftest import DATA
from .costs import assert_linear, cpu_seconds

LEGAL_PERSONS = [a for a in Applicant if a.is_legal_person]


# --- golden: the real samples ------------------------------------------------------------------------


def test_seed_text_reads_to_the_seed_report() -> None:
    text = (DATA / "seed-2023-emergency-center.txt").read_text(encoding="utf-8")
    assert text == seed_text()
    result = from_text(text)
    assert result.report == seed_report()
    assert result.findings == ()
    assert result.sources[
        (TableKind.REQUESTS, RequestRow.OTHER_OTHER, Applicant.NATURAL_PERSON)
    ] == SourcePosition(line=53, cell=3)
    validation = result.validate()
    assert validation.valid and not validation.warnings


def test_r002_reads_to_its_hand_checked_model() -> None:
    result = from_html((DATA / "r002.html").read_bytes(), source="r002.html")
    expected = from_dict(json.loads((DATA / "r002.expected.json").read_text(encoding="utf-8")))
    assert result.report == expected
    # Hand-checked against the page (see tests/data/SAMPLES.md).
    report = result.report
    assert (report.metadata.agency, report.metadata.year, str(report.metadata.published)) == (
        "沭阳县发展和改革局",
        2023,
        "2024-01-17",
    )
    requests = report.requests
    assert requests[RequestRow.NEW, Applicant.NATURAL_PERSON] == 26
    assert requests[RequestRow.GRANTED, Applicant.TOTAL] == 26
    assert requests[RequestRow.TOTAL, Applicant.TOTAL] == 26
    assert requests[RequestRow.CARRIED_FORWARD, Applicant.TOTAL] == 0
    assert list(report.review_litigation.row(ReviewRow.ADMINISTRATIVE_REVIEW).values()) == [0, 0, 0, 1, 1]
    assert report.active_disclosure.row(DisclosureRow.NORMATIVE_DOCUMENTS) == {
        DisclosureColumn.ISSUED: 8,
        DisclosureColumn.REPEALED: 0,
        DisclosureColumn.IN_FORCE: 18,
    }
    assert report.heading(Section.PROBLEMS) == "五、存在的主要问题及整改措施"
    assert report.preamble is not None and report.preamble.startswith(
        "根据《中华人民共和国政府信息公开条例》"
    )
    assert report.other_matters == "2023年度，县发展和改革局政府信息公开未发生收费情况。"
    # Its findings: the 规范性文件 label, 125 blank legal-person cells, and no arithmetic error.
    assert [(f.code, f.location.row, f.location.source) for f in result.findings] == [
        ("read-label-variant", DisclosureRow.NORMATIVE_DOCUMENTS, SourcePosition(table=2, row=4))
    ]
    validation = result.validate()
    # One finding for the table's blank totals, one for its other blank cells, each listing its cells.
    found = validation.filter(code={"blank-cell", "blank-total"}).findings
    assert len(found) == 2
    blanks = {(row, column) for f in found for _, row, column in f.cells}
    assert blanks == {(row.key, column) for row in requests.spec.rows for column in LEGAL_PERSONS}
    (blank_total,) = validation.filter(code="blank-total").findings
    assert [column for _, _, column in blank_total.cells] == LEGAL_PERSONS
    assert str(report.positions[blank_total.cells[0]]) == "table 3, row 27, cell 3"
    assert not validation.filter(code={"requests-balance", "requests-outcome-total", "review-total"})
    assert not validation.filter(code="text-contradicts-table")
    assert validation.codes() == {
        "read-label-variant",
        "blank-cell",
        "blank-total",
        "not-checked",
        "heading-nonstandard",
        "fee-statement-missing",
    }


# --- alignment -----------------------------------------------------------------------------------------


def _html_with(seed: AnnualReport, old: str, new: str) -> str:
    page = render_html(seed)
    assert old in page
    return page.replace(old, new, 1)


def test_a_missing_cell_leaves_its_row_blank_and_shifts_nothing(seed: AnnualReport) -> None:
    requests = seed.requests.replace({(RequestRow.NEW, a): 1 for a in Applicant if a is not Applicant.TOTAL})
    requests = requests.replace({(RequestRow.NEW, Applicant.TOTAL): 6})
    page = render_html(attrs.evolve(seed, requests=requests))
    cell = '<td data-cell="requests.new.research_institution">1</td>'
    result = from_html(page.replace(cell, "", 1))
    misaligned = [f for f in result.findings if f.code == "read-row-misaligned"]
    assert [(f.location.row, f.expected, f.actual) for f in misaligned] == [(RequestRow.NEW, 7, 6)]
    assert all(v is None for v in result.report.requests.row(RequestRow.NEW).values())
    assert result.report.requests.row(RequestRow.CARRIED_OVER) == seed.requests.row(RequestRow.CARRIED_OVER)


def test_ambiguous_text_rows_are_not_guessed(seed: AnnualReport) -> None:
    text = render_text(seed).replace(
        "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
        "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t5\t\t",
    )
    result = from_text(text)
    assert [f.code for f in result.findings] == ["read-row-misaligned"]
    assert "5 | 0 | 0 | 0 | 0 | 5" in result.findings[0].message_zh.replace("∅ | ", "")


def test_tab_artefacts_are_dropped_when_unambiguous(seed: AnnualReport) -> None:
    text = render_text(seed).replace(
        "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
        "一、本年新收政府信息公开申请数量\t\t5\t0\t0\t0\t0\t0\t5\t",
    )
    report = from_text(text).report
    assert report.requests[RequestRow.NEW, Applicant.NATURAL_PERSON] == 5
    assert report.requests[RequestRow.NEW, Applicant.TOTAL] == 5


@pytest.mark.parametrize("marker", ["—", "/", "无", "－"])
def test_blank_markers_are_blank_never_zero(seed: AnnualReport, marker: str) -> None:
    page = _html_with(seed, '<td data-cell="requests.granted.other">0</td>', f"<td>{marker}</td>")
    result = from_html(page)
    assert result.report.requests[RequestRow.GRANTED, Applicant.OTHER] is None
    assert [(f.code, f.actual) for f in result.findings] == [("read-blank-marker", marker)]


def test_unreadable_cells_are_reported(seed: AnnualReport) -> None:
    page = _html_with(seed, '<td data-cell="requests.granted.other">0</td>', "<td>约3</td>")
    result = from_html(page)
    assert result.report.requests[RequestRow.GRANTED, Applicant.OTHER] is None
    assert [(f.code, f.actual) for f in result.findings] == [("read-unreadable-cell", "约3")]


def test_full_width_digits_and_thousands_separators(seed: AnnualReport) -> None:
    page = _html_with(seed, '<td data-cell="requests.granted.natural_person">0</td>', "<td>１,２３４</td>")
    assert from_html(page).report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] == 1234


def test_space_separated_text(seed: AnnualReport) -> None:
    text = render_text(seed).replace("规章\t0\t0\t0", "规章 3 0 3").replace("行政许可\t0", "行政许可  7")
    table = from_text(text).report.active_disclosure
    assert table[DisclosureRow.REGULATIONS, DisclosureColumn.ISSUED] == 3
    assert table[DisclosureRow.LICENSING, DisclosureColumn.DECIDED] == 7


# --- version, metadata, structure ----------------------------------------------------------------------


def test_the_2019_template_is_detected_from_its_labels(seed: AnnualReport) -> None:
    from disclosure_report import DisclosureTable, RequestTable, ReviewTable

    old = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, version=TemplateVersion.V2019, year=2020, title=None),
        active_disclosure=DisclosureTable.build(version=TemplateVersion.V2019),
        requests=RequestTable.build(version=TemplateVersion.V2019),
        review_litigation=ReviewTable.build(version=TemplateVersion.V2019),
    )
    for text in (render_text(old), render_html(old)):
        result = from_text(text) if text.startswith("应急") else from_html(text)
        assert result.report.version is TemplateVersion.V2019
        assert result.report == attrs.evolve(
            old, metadata=attrs.evolve(old.metadata, title=result.report.metadata.title)
        )


def test_a_page_without_a_report_is_a_clear_error() -> None:
    with pytest.raises(ReadError, match="no section of an annual report"):
        from_html("<html><body><p>你好</p></body></html>", source="x.html")
    # No year anywhere: read with its year unknown, and said (issue 36), not refused.
    unknown = from_text("一、总体情况\n无\n")
    assert unknown.report.metadata.year is None and "year-unknown" in unknown.validate().codes()
    assert from_text("一、总体情况\n无\n", year=2023).report.metadata.year == 2023


def test_missing_tables_are_reported(seed: AnnualReport) -> None:
    result = from_text(f"{seed.metadata.title}\n一、总体情况\n无\n五、存在的主要问题及改进情况\n无\n")
    assert {f.code for f in result.findings} >= {"read-table-missing"}
    assert all(v is None for v in result.report.requests.values)
    assert result.report.other_matters is None


def test_encodings(seed: AnnualReport) -> None:
    page = render_html(seed)
    gbk = page.replace(
        '<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    )
    assert from_html(gbk.encode("gbk")).report == seed
    assert from_html(page.replace('<meta charset="utf-8">', "").encode("gb18030")).report == seed
    assert from_html(page.encode("utf-8")).report == seed


@pytest.mark.parametrize(
    ("markup", "cells"),
    [
        # What is not markup stays out of the cells; what is text stays in, entities decoded.
        ("<td>1<script>var s = '</td><td>9';</script></td><td>2</td>", ["1", "2"]),
        ("<td>1<!-- <td>9</td> --></td><td>2</td>", ["1", "2"]),
        ("<td>1<![if !supportLists]>x<![endif]></td><td>2</td>", ["1x", "2"]),
        ("<td title=\"a>b\">1</td><td class='c'>2</td>", ["1", "2"]),
        ("<TD>1<TD>2", ["1", "2"]),
        ("<td>1 &amp; 2 &lt; 3</td><td>&#50;</td>", ["1 & 2 < 3", "2"]),
        ("<td>1 < 2</td><td/><td>3</td>", ["1 < 2", "", "3"]),
        ("<td><style>td { content: '<td>' }</style>1</td><td>2</td>", ["1", "2"]),
        ("<td>1</td><td>2<!-- never closed", ["1", "2"]),
    ],
)
def test_html_markup_that_is_not_text(markup: str, cells: list[str]) -> None:
    lines, _ = html_lines(f"<table><tr>{markup}</tr></table>")
    assert [list(line.cells) for line in lines] == [cells]


# --- hostile input ---------------------------------------------------------------------------------------


def test_huge_html_is_refused() -> None:
    with pytest.raises(ReadError, match="limit"):
        from_html(b"<p>" + b"x" * (21 * 1024 * 1024))


def test_too_many_elements_are_refused() -> None:
    with pytest.raises(ReadError, match="elements"):
        from_html("<i>" * 250_000)


def test_deep_nesting_finishes_in_bounded_time(seed: AnnualReport) -> None:
    page = "<div>" * 100_000 + render_html(seed) + "</div>" * 100_000
    assert cpu_seconds(lambda: from_html(page)) < 30
    assert from_html(page).report == seed


def test_a_table_split_in_two_and_several_tables_per_page(seed: AnnualReport) -> None:
    requests = seed.requests.replace({(RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 3})
    report = seed.with_table(requests)
    page = render_html(report)
    # A page break in the middle of table 三: the second half is a table of its own, headers repeated.
    split_at = page.index("<tr><th", page.index("（五）不予处理") - 400)
    header = page[
        page.index('<table data-table="requests">') : page.index('<tr><th colspan="3" scope="row">一、')
    ]
    page = page[:split_at] + "</table><p>— 5 —</p>" + header + page[split_at:]
    result = from_html(page)
    assert result.report == report
    assert result.findings == ()
    assert (
        result.sources[(TableKind.REQUESTS, RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON)].table == 3
    )


# --- the agency and the title, as real documents print them ------------------------------------------

SHARED_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
needs_samples = pytest.mark.skipif(
    not SHARED_SAMPLES.is_dir() and not os.environ.get("CI"),
    reason="the real PDFs are read from ../shared/samples (beside the checkout in CI)",
)


@needs_samples
@pytest.mark.parametrize(
    ("name", "agency", "year"),
    [
        ("r015.pdf", "洪泽区人民政府", 2023),
        ("r016.pdf", "淮安市洪泽区人民政府", 2024),
        ("r017.pdf", "淮安市人民政府", 2024),
    ],
)
def test_real_pdfs_whose_title_is_printed_over_two_lines(name: str, agency: str, year: int) -> None:
    # Made by WPS: the agency alone on the first line, the year and 政府信息公开工作年度报告 on the second.
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf

    result = read_pdf(SHARED_SAMPLES / name)
    info = result.report.metadata
    assert (info.agency, info.year) == (agency, year)
    assert info.title == f"{agency}{year}年政府信息公开工作年度报告"
    assert "read-metadata-missing" not in {f.code for f in result.findings}
    # The opening sentence (本报告由淮安市洪泽区人民政府办公室…编制) agrees: no disagreement is reported.
    assert "read-agency-differs" not in {f.code for f in result.findings}
    assert result.report.preamble is not None and result.report.preamble.startswith("本报告由")


@needs_samples
def test_a_pdf_title_in_utf16_little_endian_is_read() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    from disclosure_report._io.read.pdf import info_title

    with pdfplumber.open(SHARED_SAMPLES / "r015.pdf") as pdf:
        assert info_title(pdf) == "洪泽区人民政府2023年政府信息公开工作年度报告"


_BODY = (
    "一、总体情况\n本年度无。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n"
)


@pytest.mark.parametrize(
    ("opening", "agency", "title"),
    [
        # The agency on a line of its own above the year and title, as WPS and Word centre it.
        ("某县应急管理局\n2023年政府信息公开工作年度报告\n", "某县应急管理局", None),
        # Over three lines: the name itself broken (淮安市洪泽区 / 人民政府).
        ("淮安市洪泽区\n人民政府\n2023年政府信息公开工作年度报告\n", "淮安市洪泽区人民政府", None),
        # The reverse: the year and title first, the agency below.
        (
            "2023年政府信息公开工作年度报告\n某县教育局\n",
            "某县教育局",
            "某县教育局2023年政府信息公开工作年度报告",
        ),
        # A Markdown heading: its marks are no part of the name.
        ("# 某县人民政府 2023 年 政府信息公开工作年度报告\n", "某县人民政府", None),
        ("**某县人民政府2023年政府信息公开工作年度报告**\n", "某县人民政府", None),
        # A dump whose first page reads 正文, then the title broken in the middle of a word.
        ("正文\n某县人民政府2023年政府信息公开工作年\n度报告\n", "某县人民政府", None),
        # A site's own heading above the title is not taken for the agency.
        ("政府信息公开年报\n某县财政局2023年政府信息公开工作年度报告\n", "某县财政局", None),
    ],
)
def test_the_agency_as_titles_are_printed(opening: str, agency: str, title: str | None) -> None:
    result = from_text(opening + _BODY)
    info = result.report.metadata
    assert (info.agency, info.year) == (agency, 2023)
    assert info.title is not None  # as printed, spaces and all, without the marks around it
    assert info.title.replace(" ", "") == (title or f"{agency}2023年政府信息公开工作年度报告")
    assert "read-metadata-missing" not in {f.code for f in result.findings}


def test_the_agency_from_what_else_the_document_says() -> None:
    # No agency in the title: the opening sentence names the office that compiled it, for its government.
    opening = "2023年政府信息公开工作年度报告\n本报告由某县人民政府办公室根据《条例》要求编制。\n"
    result = from_text(opening + _BODY)
    assert result.report.metadata.agency == "某县人民政府"
    (said,) = [f for f in result.findings if f.code == "read-agency-source"]
    assert "opening sentence" in said.message_en and "某县人民政府" in said.message_zh
    # A government page's 发布机构 field.
    page = (
        "<html><body><p>发布机构：某县应急管理局　发布日期：2024-01-10</p>"
        "<h1>2023年政府信息公开工作年度报告</h1>"
        + "".join(f"<p>{line}</p>" for line in _BODY.splitlines())
        + "</body></html>"
    )
    result = from_html(page)
    assert result.report.metadata.agency == "某县应急管理局"
    assert "发布机构" in next(f for f in result.findings if f.code == "read-agency-source").message_en
    # When they disagree, the title wins, and the other is reported.
    titled = page.replace("<h1>2023年", "<h1>某县财政局2023年")
    result = from_html(titled)
    assert result.report.metadata.agency == "某县财政局"
    (differs,) = [f for f in result.findings if f.code == "read-agency-differs"]
    assert "某县应急管理局" in differs.message_zh
    # Names that differ only by the region in front agree.
    regional = titled.replace("某县财政局2023年", "某县应急管理局2023年").replace(
        "发布机构：某县", "发布机构：某省某县"
    )
    assert "read-agency-differs" not in {f.code for f in from_html(regional).findings}


@pytest.mark.parametrize(
    "field",
    [
        "来源：某县人民政府门户网站",
        "信息来源：某县政务服务网",
        "发布机构：某县政府信息公开专栏",
    ],
)
def test_a_website_named_as_the_source_is_not_the_agency(field: str) -> None:
    # Government pages name the site they come from as often as the agency: 门户网站 ends in 站, as
    # a 气象站 does, but names no agency; every part of the document that can name one says the same.
    page = (
        f"<html><body><p>{field}　发布日期：2024-01-10</p>"
        "<h1>2023年政府信息公开工作年度报告</h1>"
        + "".join(f"<p>{line}</p>" for line in _BODY.splitlines())
        + "</body></html>"
    )
    result = from_html(page)
    assert result.report.metadata.agency == ""
    assert "read-agency-source" not in {f.code for f in result.findings}
    opening = f"2023年政府信息公开工作年度报告\n本报告由{field.split('：')[1]}编制。\n"
    assert from_text(opening + _BODY).report.metadata.agency == ""


@pytest.mark.parametrize(
    ("agency", "region"),
    [
        ("江苏省淮安市洪泽区人民政府", "江苏省淮安市洪泽区"),
        ("洪泽区市场监督管理局", "洪泽区"),  # 市场 is no city
        ("杭州市市场监督管理局", "杭州市"),
        ("荆州市沙市区人民政府", "荆州市沙市区"),  # 沙市区 is a district
        ("内蒙古自治区阿拉善盟行政公署", "内蒙古自治区阿拉善盟"),
        ("上海市浦东新区人民政府", "上海市浦东新区"),
        ("某县某镇人民政府", "某县某镇"),
        ("某街道办事处", "某街道"),
        # No region printed: none is guessed.
        ("国家发展和改革委员会", None),
        ("省教育厅", None),
        ("应急中心", None),
    ],
)
def test_the_region_is_what_is_printed_before_the_agency(agency: str, region: str | None) -> None:
    result = from_text(f"{agency}2023年政府信息公开工作年度报告\n" + _BODY)
    info = result.report.metadata
    assert (info.agency, info.region, info.division_code, info.level) == (agency, region, None, None)


def test_a_division_code_stated_by_the_page() -> None:
    def page(field: str) -> str:
        return (
            f"<html><body><p>{field}</p><h1>某县应急管理局2023年政府信息公开工作年度报告</h1>"
            + "".join(f"<p>{line}</p>" for line in _BODY.splitlines())
            + "</body></html>"
        )

    assert from_html(page("行政区划代码：320813")).report.metadata.division_code == "320813"
    # Not of its form: left out and said, never mended.
    for wrong in ("32081", "990813", "3208130001"):
        result = from_html(page(f"行政区划代码：{wrong}"))
        assert result.report.metadata.division_code is None
        (said,) = [f for f in result.findings if f.code == "read-metadata-invalid"]
        assert wrong in said.message_zh and "行政区划代码" in said.message_zh
    # A code in the report's text is not the page's field.
    text = _BODY.replace("一、总体情况\n", "一、总体情况\n行政区划代码：320813。\n", 1)
    assert text != _BODY
    assert (
        from_text("某县应急管理局2023年政府信息公开工作年度报告\n" + text).report.metadata.division_code
        is None
    )


# --- labels with typos -------------------------------------------------------------------------------


def _with_label(report: AnnualReport, printed: str, misprinted: str) -> str:
    """The report as text, one row label misprinted (the label at the start of its table line only)."""
    lines = render_text(report).splitlines()
    changed = [
        misprinted + line[len(printed) :] if line.startswith(printed + "\t") else line for line in lines
    ]
    assert changed != lines
    return "\n".join(changed) + "\n"


@pytest.mark.parametrize(
    ("printed", "misprinted", "kind", "row", "edits"),
    [
        # Three characters dropped, as in the real r015.pdf and r016.pdf.
        (
            "2.其他法律行政法规禁止公开",
            "2.其他法律行政止公开",
            TableKind.REQUESTS,
            RequestRow.WITHHELD_PROHIBITED_BY_LAW,
            3,
        ),
        # A character dropped, one added, one replaced, variant punctuation left aside.
        ("（一）予以公开", "（一）予以公", TableKind.REQUESTS, RequestRow.GRANTED, 1),
        (
            "3.危及“三安全一稳定”",
            "3.危及“三安全一稳定”的",
            TableKind.REQUESTS,
            RequestRow.WITHHELD_SECURITY_STABILITY,
            1,
        ),
        (
            "5.属于三类内部事务信息",
            "5.属于三类内部事物信息",
            TableKind.REQUESTS,
            RequestRow.WITHHELD_INTERNAL_AFFAIRS,
            1,
        ),
        ("行政事业性收费", "行政事业收费", TableKind.ACTIVE_DISCLOSURE, DisclosureRow.FEES, 1),
        (
            # A long label's allowance is a quarter of its own length, not of its row's short variant
            # (（二）部分公开): OCR read both commas as full stops (r017 scanned).
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "（二）部分公开（区分处理的。只计这一情形。不计其他情形)",
            TableKind.REQUESTS,
            RequestRow.PARTIALLY_GRANTED,
            2,
        ),
    ],
)
def test_a_misspelt_label_is_read_as_its_closest_row(
    printed: str, misprinted: str, kind: TableKind, row: FormKey, edits: int
) -> None:
    seed = seed_report()
    table = seed.table(kind)
    column = next(c.key for r, c in table.spec.cells if r.key is row)
    value = Decimal(7) if kind is TableKind.ACTIVE_DISCLOSURE and row is DisclosureRow.FEES else 7
    marked = seed.with_table(table.replace({(row, column): value}))  # type: ignore[dict-item]
    result = from_text(_with_label(marked, printed, misprinted))
    assert result.report.table(kind)[row, column] == value  # type: ignore[index]
    (near,) = [f for f in result.findings if f.code == "read-label-near"]
    assert near.location.row is row and near.params["distance"] == edits
    assert near.params["runner_up"] - edits >= 2  # the margin over the next closest row
    assert misprinted in near.message_zh and printed.replace("“", "").replace("”", "")[:4] in near.message_zh
    assert "read-row-missing" not in {f.code for f in result.findings}


def test_a_label_two_rows_could_claim_is_not_matched() -> None:
    seed = seed_report()
    # 行政处可 is one edit from 行政许可 and one from 行政处罚: which row it is cannot be told.
    result = from_text(_with_label(seed, "行政许可", "行政处可"))
    assert "read-label-near" not in {f.code for f in result.findings}
    missing = [f for f in result.findings if f.code == "read-row-missing"]
    assert [f.location.row for f in missing] == [DisclosureRow.LICENSING]
    assert result.report.active_disclosure[DisclosureRow.LICENSING, DisclosureColumn.DECIDED] is None
    # Too far from any label: not matched either (a quarter of the characters at most).
    far = from_text(_with_label(seed, "（一）予以公开", "（一）已公开的"))
    assert "read-label-near" not in {f.code for f in far.findings}


def test_a_row_the_form_already_has_is_not_claimed_again() -> None:
    seed = seed_report()
    text = render_text(seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1})))
    # A second line whose label is close to （一）予以公开, which the table already has.
    text = text.replace("（一）予以公开\t", "（一）予以公开的\t9\t9\t9\t9\t9\t9\t54\n（一）予以公开\t", 1)
    result = from_text(text)
    assert result.report.requests[RequestRow.GRANTED, Applicant.OTHER] == 1
    assert "read-label-near" not in {f.code for f in result.findings}


def test_looking_for_close_labels_is_bounded() -> None:
    # Thousands of data rows with unknown labels: a bounded number are looked at, so reading stays linear.
    def text(rows: int) -> str:
        filler = "".join(f"某某未知事项{n}\t1\t2\t3\n" for n in range(rows))
        return render_text(seed_report()).replace("（一）予以公开\t", filler + "（一）予以公开\t", 1)

    small, large = text(1_000), text(4_000)
    assert_linear(lambda: from_text(small), lambda: from_text(large))


@needs_samples
@pytest.mark.parametrize("name", ["r015.pdf", "r016.pdf"])
def test_the_real_typo_in_r015_and_r016_is_read_as_its_row(name: str) -> None:
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf

    result = read_pdf(SHARED_SAMPLES / name)
    (near,) = [f for f in result.findings if f.code == "read-label-near"]
    assert near.location.row is RequestRow.WITHHELD_PROHIBITED_BY_LAW
    assert "2.其他法律行政止公开" in near.message_zh and near.params["distance"] == 3
    missing = {f.location.row for f in result.findings if f.code == "read-row-missing"}
    assert RequestRow.WITHHELD_PROHIBITED_BY_LAW not in missing
    row = result.report.requests.row(RequestRow.WITHHELD_PROHIBITED_BY_LAW)
    assert set(row.values()) == {0}  # as printed: 0 in every column


# --- a cell too many in a real table -----------------------------------------------------------------


def _total_row_page(before: str, after: str, *, values: tuple[str, ...] | None = None) -> str:
    """The seed's page with cells added before and after the values of table 三's （七）总计 row."""
    seed = seed_report()
    report = seed.with_table(seed.requests.replace({(RequestRow.TOTAL, Applicant.NATURAL_PERSON): 5}))
    page = render_html(report)
    start = page.index('<th colspan="2" scope="row">（七）总计</th>') + len(
        '<th colspan="2" scope="row">（七）总计</th>'
    )
    end = page.index("</tr>", start)
    return page[:start] + before + page[start:end] + after + page[end:]


@pytest.mark.parametrize(
    ("before", "after", "dropped"),
    [
        ("<td></td>", "", (1, 0)),  # r016.pdf: a heading cell shifted, an empty cell in front of the values
        ("", "<td> </td>", (0, 1)),
        ("<td></td>", "<td></td>", (1, 1)),  # two too many: one empty at each end, one way only
    ],
)
def test_an_empty_cell_too_many_is_dropped_when_only_one_way_exists(
    before: str, after: str, dropped: tuple[int, int]
) -> None:
    result = from_html(_total_row_page(before, after))
    assert result.report.requests[RequestRow.TOTAL, Applicant.NATURAL_PERSON] == 5
    (shifted,) = [f for f in result.findings if f.code == "read-row-shifted"]
    assert (shifted.params["leading"], shifted.params["trailing"]) == dropped
    assert shifted.location.row is RequestRow.TOTAL


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("<td>3</td>", ""),  # the cell too many holds a number: which is extra cannot be told
        ("<td></td>", "<td>1</td>"),
    ],
)
def test_a_cell_too_many_that_cannot_be_told_is_refused(before: str, after: str) -> None:
    result = from_html(_total_row_page(before, after))
    assert result.report.requests[RequestRow.TOTAL, Applicant.NATURAL_PERSON] is None
    assert "read-row-misaligned" in {f.code for f in result.findings}
    assert "read-row-shifted" not in {f.code for f in result.findings}


def test_a_blank_at_the_end_and_an_empty_cell_too_many_is_refused() -> None:
    # The last value is blank: the empty cell too many could be the first or the last, so neither.
    seed = seed_report()
    report = seed.with_table(seed.requests.replace({(RequestRow.TOTAL, Applicant.TOTAL): None}))
    page = render_html(report)
    marker = '<th colspan="2" scope="row">（七）总计</th>'
    page = page.replace(marker, marker + "<td></td>", 1)
    result = from_html(page)
    assert "read-row-misaligned" in {f.code for f in result.findings}
    assert all(v is None for v in result.report.requests.row(RequestRow.TOTAL).values())


@needs_samples
def test_r016_total_row_under_a_shifted_heading_is_read() -> None:
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf

    result = read_pdf(SHARED_SAMPLES / "r016.pdf")
    row = result.report.requests.row(RequestRow.TOTAL)
    assert (row[Applicant.NATURAL_PERSON], row[Applicant.TOTAL]) == (95, 95)
    assert "read-row-shifted" in {f.code for f in result.findings}


# --- a 2021 table that keeps the 2019 layout's single row （六）其他处理 -----------------------------------


def _with_one_other_row(text: str, figures: str) -> str:
    start = text.index("（六）其他处理\n")
    end = text.index("（七）总计")
    return text[:start] + f"（六）其他处理\t{figures}\n" + text[end:]


def test_one_row_for_other_processing_in_a_2021_table_is_said_with_its_figures() -> None:
    text = _with_one_other_row(render_text(seed_report()), "2\t0\t0\t0\t0\t1\t3")
    result = from_text(text)
    (group,) = [f for f in result.findings if f.code == "read-group-one-row"]
    assert group.params["stated"] == {
        "natural_person": 2,
        "commercial_enterprise": 0,
        "research_institution": 0,
        "social_welfare_organization": 0,
        "legal_service_institution": 0,
        "other": 1,
        "total": 3,
    }
    assert "自然人 2" in group.message_zh and "sub-rows 1–3" in group.message_en
    # Not three findings of rows missing: one, for the group, and its sub-rows stay blank (never guessed).
    missing = {f.location.row for f in result.findings if f.code == "read-row-missing"}
    assert not missing & {RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER}
    assert all(v is None for v in result.report.requests.row(RequestRow.OTHER_OTHER).values())
    assert result.report.version is TemplateVersion.V2021


def test_a_2021_table_with_its_sub_rows_is_not_said_to_have_one_row() -> None:
    result = from_text(render_text(seed_report()))
    assert "read-group-one-row" not in {f.code for f in result.findings}


@needs_samples
def test_r015_keeps_the_one_row_of_the_2019_layout() -> None:
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf

    result = read_pdf(SHARED_SAMPLES / "r015.pdf")
    (group,) = [f for f in result.findings if f.code == "read-group-one-row"]
    assert set(group.params["stated"].values()) == {0}
    assert "read-row-missing" not in {f.code for f in result.findings}


# --- Markdown, as OCR and conversion pipelines write it -----------------------------------------------


def _seed_markdown() -> str:
    from .test_render import as_markdown

    return as_markdown(render_text(seed_report(), labels="repeated"), empty_merged=True)


def test_a_markdown_file_reads_with_line_positions(tmp_path: Path) -> None:
    from disclosure_report import read_report

    path = tmp_path / "report.md"
    path.write_text(_seed_markdown(), encoding="utf-8")
    result = read_report(path)
    assert result.report == attrs.evolve(
        seed_report(), metadata=attrs.evolve(seed_report().metadata, source=str(path))
    )
    where = result.sources[(TableKind.REQUESTS, RequestRow.GRANTED, Applicant.NATURAL_PERSON)]
    assert where.line is not None and where.cell == 3  # the line of the file, and the cell in it
    assert (
        path.read_text(encoding="utf-8")
        .split("\n")[where.line - 1]
        .startswith("| 三、本年度办理结果 | （一）予以公开 |")
    )


def test_a_markdown_row_with_a_value_too_many_is_refused_never_shifted() -> None:
    text = _seed_markdown().replace("| （一）予以公开 | 0 | 0 |", "| （一）予以公开 | 5 | 0 | 0 |", 1)
    result = from_text(text)
    (refused,) = [f for f in result.findings if f.code == "read-row-misaligned"]
    assert refused.location.row is RequestRow.GRANTED and refused.location.source is not None
    assert str(refused.location.source).startswith("line ")
    assert all(v is None for v in result.report.requests.row(RequestRow.GRANTED).values())


def test_markdown_marks_in_cells_and_headings_are_not_text() -> None:
    text = _seed_markdown().replace("| 规章 | 0 |", "| **规章** | 0 |", 1).replace("## 五、", "### **五、", 1)
    text = text.replace("### **五、存在的主要问题及改进情况", "### **五、存在的主要问题及改进情况**", 1)
    assert "| **规章** | 0 |" in text and "### **五、存在的主要问题及改进情况**\n" in text
    result = from_text(text)
    assert result.report.active_disclosure == seed_report().active_disclosure
    assert result.report.problems == seed_report().problems
    assert not result.findings


# --- a page's body flattened onto one line -------------------------------------------------------------


def test_a_body_flattened_onto_one_line_gives_its_texts_back() -> None:
    seed = seed_report()
    # As a crawler saves a page: navigation, then the whole body on one line, table cells run together.
    flat = "首页 > 政务公开 > 政府信息公开年报 " + render_text(seed).replace("\n", "").replace("\t", "")
    result = from_text(flat)
    report = result.report
    assert report.metadata.year == 2023
    assert (report.overview, report.problems, report.other_matters) == (
        seed.overview,
        seed.problems,
        seed.other_matters,
    )
    # The tables' cells ran together: every row is found by its label, and its run of figures split the
    # only way it can be (one digit a cell: the seed's figures are all 0), each said (issue 36).
    assert report.tables() == seed.tables()
    assert "read-row-missing" not in {f.code for f in result.findings}
    joined = [f for f in result.findings if f.code == "read-cells-joined"]
    # Rows of one cell are that cell; table 四's fifteen figures are one run, said once.
    rows = [row for table in report.tables()[:2] for row in table.spec.rows if len(row.columns) > 1]
    assert len(joined) == len(rows) + 1


def test_the_issue_s_flattened_page_is_read() -> None:
    page = (
        "首页 政务公开 信息公开年报 某区人民政府2021年政府信息公开工作年度报告 发布时间：2022-01-20 "
        "一、总体情况2021年，我区认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1200条。"
        "二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章000"
        "三、收到和处理政府信息公开申请情况本列数据的勾稽关系一、本年新收政府信息公开申请数量230 000023"
        "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正0000"
        "五、存在的主要问题及改进情况一是公开内容不够全面；二是解读形式单一。下一步将加强培训。"
        "六、其他需要报告的事项本年度未收取信息处理费。"
    )
    result = from_text(page)
    report = result.report
    assert report.metadata.year == 2021
    assert report.overview is not None and report.overview.startswith("2021年，我区认真贯彻落实")
    assert report.problems == "一是公开内容不够全面；二是解读形式单一。下一步将加强培训。"
    assert report.other_matters == "本年度未收取信息处理费。"
    assert report.requests[RequestRow.NEW, Applicant.TOTAL] is None  # "230 000023" is not guessed


def test_an_ordinary_long_paragraph_is_not_broken() -> None:
    seed = seed_report()
    # A long paragraph of section 一 that mentions one heading is text, not a flattened page.
    long_text = seed.overview + "详见下文“五、存在的主要问题及改进情况”。" + seed.overview
    assert len(long_text) > 300
    result = from_text(render_text(attrs.evolve(seed, overview=long_text)))
    assert result.report.overview == long_text


# --- never shifted: the new matching, attacked ---------------------------------------------------------


def _distinct() -> AnnualReport:
    """The seed with every table cell a different number: a value read into another cell would show."""
    seed = seed_report()
    tables = []
    start = 1
    for table in seed.tables():
        values = []
        for offset, (_, column) in enumerate(table.spec.cells):
            number = start + offset
            values.append(Decimal(number) if column.kind.name == "MONEY" else number)
        start += len(values)
        tables.append(type(table)(table.version, tuple(values)))
    return AnnualReport.from_tables(
        seed.metadata,
        tables,
        overview=seed.overview,
        problems=seed.problems,
        other_matters=seed.other_matters,
    )


_LABEL_CHARACTERS = (
    "".join(
        sorted({c for kind in TableKind for row in seed_report().table(kind).spec.rows for c in row.label})
    )
    + "0123456789.、（）() "
)


def _own_or_blank(read: AnnualReport, original: AnnualReport) -> None:
    for kind in TableKind:
        for (row, column), got, own in zip(
            read.table(kind).spec.cells, read.table(kind).values, original.table(kind).values, strict=True
        ):
            assert got is None or got == own, (
                f"{kind.key} {row.label} / {column.label}: {got} (its own: {own})"
            )


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_a_misprinted_label_never_puts_a_value_in_another_cell(data: st.DataObject) -> None:
    original = _distinct()
    lines = render_text(original, labels=data.draw(st.sampled_from(["own-line", "repeated"]))).split("\n")  # type: ignore[arg-type]
    rows = [i for i, line in enumerate(lines) if "\t" in line and is_row_label(line.split("\t")[0])]
    for index in data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=3, unique=True)):
        cells = lines[index].split("\t")
        label = list(cells[0])
        for action, where, character in data.draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["delete", "insert", "replace"]),
                    st.integers(0, 60),
                    st.sampled_from(_LABEL_CHARACTERS),
                ),
                min_size=1,
                max_size=5,
            )
        ):
            at = where % (len(label) + 1)
            if action == "insert":
                label.insert(at, character)
            elif label and at < len(label):
                if action == "delete":
                    del label[at]
                else:
                    label[at] = character
        lines[index] = "\t".join(["".join(label) or "?", *cells[1:]])
    result = from_text("\n".join(lines))
    _own_or_blank(result.report, original)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_cells_added_to_a_real_table_never_move_a_value(data: st.DataObject) -> None:
    original = _distinct()
    page = render_html(original)
    rows = page.split("<tr>")
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(1, len(rows) - 1))
        cells = rows[index].split("<td")
        at = data.draw(st.integers(1, len(cells)))
        extra = data.draw(st.sampled_from(["<td></td>", "<td> </td>", "<td>0</td>", "<td>—</td>"]))
        cells.insert(at, extra[3:])
        rows[index] = "<td".join(cells)
    result = from_html("<tr>".join(rows))
    _own_or_blank(result.report, original)


_MARKS = ["①", "②", "²", "¹²", "⑴", "⒈", "❶", "[¹]", "（③）", "½", "𝟏"]
_CRAWLER_HEADERS = [
    "标题: 应急中心2023年政府信息公开工作年度报告",
    "本地目录: zwgk/2024/0120_某县财政局_320813",
    "来源: http://example.invalid/a/1234567.html",
    "发布机构: 某县应急管理局",
    "发布日期: 2024-01-20",
    "索引号: 11320813-2024-000123",
]


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_marks_joined_runs_and_crawler_headers_never_put_a_value_in_another_cell(
    data: st.DataObject,
) -> None:
    # Issue 36: a footnote mark after, before or inside a figure; a row's cells run together, whole or
    # in part, with or without the label; table 四's run; a crawler's header above it all. Small figures
    # (0 to 12, no blank: a blank left no trace in a run) make runs that do split, and tables that do
    # not balance, so that a split chosen to balance them would show.
    original = _distinct()
    if data.draw(st.booleans()):
        figures = st.integers(0, 12)
        tables = []
        for table in original.tables():
            values = [
                Decimal(data.draw(figures)) if column.kind.name == "MONEY" else data.draw(figures)
                for _, column in table.spec.cells
            ]
            tables.append(type(table)(table.version, tuple(values)))
        original = AnnualReport.from_tables(
            original.metadata,
            tables,
            overview=original.overview,
            problems=original.problems,
            other_matters=original.other_matters,
        )
    lines = render_text(original).split("\n")
    rows = [i for i, line in enumerate(lines) if "\t" in line and any(c.isdigit() for c in line)]
    for index in data.draw(st.lists(st.sampled_from(rows), min_size=1, max_size=6, unique=True)):
        cells = lines[index].split("\t")
        numbers = [i for i, cell in enumerate(cells) if cell.strip().isdigit()]
        action = data.draw(st.sampled_from(["mark", "join", "join-some", "join-label"]))
        if action == "mark":
            at = data.draw(st.sampled_from(numbers))
            mark = data.draw(st.sampled_from(_MARKS))
            place = data.draw(st.sampled_from(["after", "before", "inside"]))
            figure = cells[at]
            cells[at] = {
                "after": figure + mark,
                "before": mark + figure,
                "inside": figure[:1] + mark + figure[1:],
            }[place]
            lines[index] = "\t".join(cells)
        elif action == "join":
            first = numbers[0]
            lines[index] = "\t".join(cells[:first]) + ("\t" if first else "") + "".join(cells[first:])
        elif action == "join-some":
            glue = [data.draw(st.sampled_from(["", " ", "\t"])) for _ in cells[1:]]
            lines[index] = cells[0] + "".join(g + c for g, c in zip(glue, cells[1:], strict=True))
        else:
            lines[index] = "".join(cells)
    text = "\n".join(lines)
    if data.draw(st.booleans()):
        header = data.draw(st.lists(st.sampled_from(_CRAWLER_HEADERS), min_size=1, max_size=6, unique=True))
        text = "\n".join(header) + "\n" + text
    if data.draw(st.booleans()):
        text = text.replace("\n", "").replace("\t", "")  # a page's body flattened onto one line
    try:
        result = from_text(text)
    except ReadError:
        return  # refused whole (no year left, say): nothing read, nothing wrong
    _own_or_blank(result.report, original)


@needs_samples
@pytest.mark.parametrize("name", ["r015", "r016", "r017"])
def test_real_pdfs_read_every_cell_as_printed(name: str) -> None:
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf
    from disclosure_report._model import plain

    expected = json.loads((DATA / f"{name}.cells.json").read_text(encoding="utf-8"))
    result = read_pdf(SHARED_SAMPLES / f"{name}.pdf")
    report = result.report
    info = report.metadata
    assert (info.agency, info.year, info.version.value) == (
        expected["agency"],
        expected["year"],
        expected["version"],
    )
    read = {
        f"{kind.key}.{row.key.key}.{column.key.key}": None if value is None else plain(value)
        for kind in TableKind
        for (row, column), value in zip(report.table(kind).spec.cells, report.table(kind).values, strict=True)
    }
    assert read == expected["cells"]
    # No row missing: what a document leaves out is said as what it is.
    assert "read-row-missing" not in {f.code for f in result.findings}


@needs_samples
def test_r015_table_four_keeps_its_two_real_errors() -> None:
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf

    found = read_pdf(SHARED_SAMPLES / "r015.pdf").validate().filter(code="review-total").findings
    assert sorted((f.location.row.key, f.expected, f.actual) for f in found) == [  # type: ignore[union-attr]
        ("administrative_review", 11, 0),
        ("litigation_after_review", 5, 0),
    ]


def test_the_one_row_s_figures_check_the_total_of_outcomes() -> None:
    seed = seed_report()
    # 自然人: 2 processed otherwise, (六) states 2 in one row: （七）总计 must be 4 (other columns 0).
    report = seed.with_table(
        seed.requests.replace(
            {
                (RequestRow.NEW, Applicant.NATURAL_PERSON): 4,
                (RequestRow.NEW, Applicant.TOTAL): 4,
                (RequestRow.GRANTED, Applicant.NATURAL_PERSON): 2,
                (RequestRow.GRANTED, Applicant.TOTAL): 2,
                (RequestRow.TOTAL, Applicant.NATURAL_PERSON): 4,
                (RequestRow.TOTAL, Applicant.TOTAL): 4,
            }
        )
    )
    right = _with_one_other_row(render_text(report), "2\t0\t0\t0\t0\t0\t2")
    codes = [(f.code, f.params.get("rule")) for f in from_text(right).validate()]
    # Checked with the group's figure: no relation of （七）总计 is left unchecked, and it holds.
    assert ("not-checked", "requests-outcome-total") not in codes
    assert ("requests-outcome-total", None) not in codes
    wrong = _with_one_other_row(render_text(report), "3\t0\t0\t0\t0\t0\t3")
    found = from_text(wrong).validate().filter(code="requests-outcome-total").findings
    assert [(f.location.column, f.expected, f.actual) for f in found] == [
        (Applicant.NATURAL_PERSON, 5, 4),
        (Applicant.TOTAL, 5, 4),
    ]
    assert found[0].evidence == "（六）其他处理 stated as one row: 3"


def test_a_text_of_too_many_lines_is_refused_before_it_is_read() -> None:
    from disclosure_report._io.read.text import MAX_TEXT_LINES

    text = render_text(seed_report()) + "未知事项\t1\n" * MAX_TEXT_LINES
    with pytest.raises(ReadError) as raised:
        from_text(text)
    (problem,) = raised.value.problems
    assert problem.code == "document-limit" and f"{MAX_TEXT_LINES:,}" in problem.message
    # One line fewer than the limit is read.
    fewer = render_text(seed_report()) + "未知事项\t1\n" * (MAX_TEXT_LINES - 200)
    assert from_text(fewer).report.requests == seed_report().requests


def test_a_line_of_countless_headings_is_not_taken_for_a_flattened_page() -> None:
    # Thousands of headings on one line is no report (a flattened page has six): left whole, and refused.
    with pytest.raises(ReadError) as raised:
        from_text("一、总体情况" * 100_000)
    assert raised.value.problems[0].code in ("no-report", "no-year")


def test_a_paragraph_that_lists_its_points_is_not_broken() -> None:
    seed = seed_report()
    listing = (
        "本年度工作情况如下。一、主动公开政府信息情况。全年主动公开政府信息1200条，"
        + "其中政策文件50件，规划计划20件，财政预决算10件，" * 10
        + "二、依申请公开政府信息情况。全年收到申请0件。"
        + "三、存在问题情况。无。" * 3
    )
    assert len(listing) > 300
    result = from_text(render_text(attrs.evolve(seed, overview=listing)))
    assert result.report.overview == listing


def test_a_lone_group_heading_is_not_taken_for_the_one_row() -> None:
    # A 2021 table whose three rows of （六）其他处理 were lost: the heading alone states nothing.
    text = render_text(seed_report())
    start = text.index("（六）其他处理\n") + len("（六）其他处理\n")
    text = text[:start] + text[text.index("（七）总计") :]
    result = from_text(text)
    assert "read-group-one-row" not in {f.code for f in result.findings}
    missing = {f.location.row for f in result.findings if f.code == "read-row-missing"}
    assert {RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER} <= missing


def test_a_website_s_name_above_the_title_is_not_the_agency() -> None:
    result = from_text("某某市人民政府门户网站\n2023年政府信息公开工作年度报告\n" + _BODY)
    assert result.report.metadata.agency == ""
    assert "read-metadata-missing" in {f.code for f in result.findings}


def test_the_agency_from_the_opening_sentence_is_kept_as_printed() -> None:
    opening = "2023年政府信息公开工作年度报告\n本报告由某县ＡＢ测绘院根据《条例》编制。\n"
    assert from_text(opening + _BODY).report.metadata.agency == "某县ＡＢ测绘院"
