"""Reading what is really out there (issue 36): footnote marks, amounts in 元, crawler text, identity."""

from __future__ import annotations

import datetime
import io
import zipfile
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
    RequestRow,
    from_docx,
    from_html,
    from_text,
    render_docx,
    render_html,
    render_json,
    render_text,
)
from disclosure_report._io.read import normalize

GRANTED_PERSON = '<td data-cell="requests.granted.natural_person">0</td>'


def _page(seed: AnnualReport, cell: str) -> str:
    page = render_html(seed)
    assert GRANTED_PERSON in page
    return page.replace(GRANTED_PERSON, f"<td>{cell}</td>", 1)


# --- footnote marks are never digits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "mark"),
    [
        ("15①", "①"),
        ("15²", "²"),
        ("15 ①", "①"),
        ("15⑴", "⑴"),
        ("15⒈", "⒈"),
        ("15❶", "❶"),
        ("15¹²", "¹²"),
        ("15[¹]", "[¹]"),
        ("15<sup>1</sup>", "¹"),
        ("15<sup>[1]</sup>", "[¹]"),
        ("１５①", "①"),
    ],
)
def test_a_footnote_mark_after_a_number_is_not_a_digit(seed: AnnualReport, cell: str, mark: str) -> None:
    result = from_html(_page(seed, cell))
    # NFKC makes ① a 1 and ² a 2: joined, 15① was read as 151, silently.
    assert result.report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] == 15
    said = [f for f in result.findings if f.code == "read-footnote-mark"]
    assert len(said) == 1
    assert said[0].params["mark"] == mark and said[0].params["value"] == "15"
    assert said[0].location.column is Applicant.NATURAL_PERSON and said[0].location.source is not None


@pytest.mark.parametrize("cell", ["①15", "1①5", "1²5", "①", "15½", "١٥", "𝟏𝟓"])
def test_a_mark_anywhere_else_leaves_the_cell_blank_and_said(seed: AnnualReport, cell: str) -> None:
    result = from_html(_page(seed, cell))
    assert result.report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] is None
    assert [f.code for f in result.findings] == ["read-unreadable-cell"]


def test_footnote_marks_in_copied_text_and_space_separated_rows(seed: AnnualReport) -> None:
    row = "（一）予以公开\t0\t0\t0\t0\t0\t0\t0"
    text = render_text(seed)
    assert row in text
    tabbed = from_text(text.replace(row, "（一）予以公开\t15①\t0\t0\t0\t0\t0\t15②"))
    assert tabbed.report.requests.row(RequestRow.GRANTED)[Applicant.NATURAL_PERSON] == 15
    assert tabbed.report.requests.row(RequestRow.GRANTED)[Applicant.TOTAL] == 15
    assert [f.code for f in tabbed.findings] == ["read-footnote-mark"] * 2
    spaced = from_text(text.replace(row, "（一）予以公开 15² 0 0 0 0 0 15"))
    assert spaced.report.requests.row(RequestRow.GRANTED)[Applicant.NATURAL_PERSON] == 15
    assert [f.code for f in spaced.findings] == ["read-footnote-mark"]


def test_a_superscript_run_in_a_word_table_is_a_mark(seed: AnnualReport) -> None:
    document = render_docx(seed)
    archive = zipfile.ZipFile(io.BytesIO(document))
    xml = archive.read("word/document.xml").decode("utf-8")
    # The 予以公开 row's natural-person cell: 15, then a footnote reference typed as a superscript run.
    start = xml.index("（一）予以公开")
    zero = '<w:t xml:space="preserve">0</w:t>'
    cell = xml.index(zero, start)
    raised = '<w:t>15</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>1</w:t>'
    xml = xml[:cell] + raised + xml[cell + len(zero) :]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for item in archive.infolist():
            data = xml.encode("utf-8") if item.filename == "word/document.xml" else archive.read(item)
            copy.writestr(item, data)
    result = from_docx(out.getvalue())
    assert result.report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] == 15
    assert [(f.code, f.params["mark"]) for f in result.findings] == [("read-footnote-mark", "¹")]


def test_likely_cause_no_longer_blames_the_agency_for_a_joined_mark(seed: AnnualReport) -> None:
    requests = seed.requests.replace(
        {
            (RequestRow.NEW, Applicant.NATURAL_PERSON): 15,
            (RequestRow.NEW, Applicant.TOTAL): 15,
            (RequestRow.GRANTED, Applicant.TOTAL): 15,
            (RequestRow.TOTAL, Applicant.NATURAL_PERSON): 15,
            (RequestRow.TOTAL, Applicant.TOTAL): 15,
        }
    )
    page = _page(attrs.evolve(seed, requests=requests), "15①")
    validation = from_html(page).validate()
    assert validation.valid
    assert not validation.filter(code="likely-cause")


def test_what_is_a_mark() -> None:
    assert all(normalize.is_mark(c) for c in "①²½⑴⒈❶𝟏₃")
    assert not any(normalize.is_mark(c) for c in "0123456789０１２３４５６７８９〇一a,.")


# --- amounts in 元 in a column of 万元 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("251000元", Decimal("25.1")),
        ("251,000元", Decimal("25.1")),
        ("251000 元", Decimal("25.1")),
        ("1234.56元", Decimal("0.123456")),
        ("2500000元", Decimal("250")),
        ("0元", Decimal("0")),
    ],
)
def test_an_amount_in_yuan_is_converted_exactly(seed: AnnualReport, cell: str, amount: Decimal) -> None:
    fee = '<td colspan="3" data-cell="active_disclosure.fees.fee_amount">0</td>'
    page = render_html(seed)
    assert fee in page
    result = from_html(page.replace(fee, f"<td>{cell}</td>", 1))
    read = result.report.active_disclosure[DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT]
    assert read == amount and str(read) == str(amount)  # never rounded, no zeros added
    said = [f for f in result.findings if f.code == "read-amount-yuan"]
    assert len(said) == 1 and said[0].severity.value == "info"
    assert cell in said[0].message_zh and str(amount) in said[0].message_en


def test_yuan_in_a_count_column_is_not_a_count(seed: AnnualReport) -> None:
    result = from_html(_page(seed, "251000元"))
    assert result.report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] is None
    assert [f.code for f in result.findings] == ["read-unreadable-cell"]


def test_parse_cell_keeps_what_it_set_aside() -> None:
    parsed = normalize.parse_cell("251000元", money=True)
    assert (parsed.value, parsed.unit, parsed.exact) == (Decimal("25.1"), "元", False)
    assert normalize.parse_cell("25.1万元", money=True).exact
    assert normalize.parse_cell("15①").footnote == "①" and not normalize.parse_cell("15①").exact


# --- identity: who reported is part of the report ------------------------------------------------------


def _county_bureau(seed: AnnualReport, region: str | None, code: str | None) -> AnnualReport:
    info = attrs.evolve(seed.metadata, agency="县财政局", title=None, region=region, division_code=code)
    return attrs.evolve(seed, metadata=info)


def test_two_agencies_of_one_short_name_are_two_reports(seed: AnnualReport) -> None:
    hongze = _county_bureau(seed, "洪泽区", "320813")
    zhongmou = _county_bureau(seed, "中牟县", "410122")
    assert hongze.fingerprint != zhongmou.fingerprint
    # The region alone, or the code alone, tells them apart too.
    assert (
        _county_bureau(seed, "洪泽区", None).fingerprint != _county_bureau(seed, "中牟县", None).fingerprint
    )
    assert (
        _county_bureau(seed, None, "320813").fingerprint != _county_bureau(seed, None, "410122").fingerprint
    )
    assert _county_bureau(seed, None, "320813").fingerprint != _county_bureau(seed, None, None).fingerprint


def test_what_a_catalogue_adds_later_is_not_identity(seed: AnnualReport) -> None:
    from disclosure_report import AgencyLevel

    hongze = _county_bureau(seed, "洪泽区", "320813")
    levelled = attrs.evolve(hongze, metadata=attrs.evolve(hongze.metadata, level=AgencyLevel.parse("县级")))
    assert levelled.fingerprint == hongze.fingerprint
    # A region printed at the head of the agency's name is in the name already: nothing changes.
    named = attrs.evolve(seed.metadata, agency="淮安市洪泽区人民政府")
    plain_report = attrs.evolve(seed, metadata=named)
    with_region = attrs.evolve(seed, metadata=attrs.evolve(named, region="淮安市洪泽区"))
    assert with_region.fingerprint == plain_report.fingerprint
    # ...and a report that states none keeps the fingerprint it always had.
    assert seed.fingerprint == "98068dc84b21b836cc3fd9aa675daef7c340ea42fc78d2bcd814850a85e75274"


def test_the_corpus_keeps_both_county_bureaus(seed: AnnualReport, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    from disclosure_report._corpus import export_corpus, open_corpus

    lines = tmp_path / "bureaus.jsonl"
    bureaus = [_county_bureau(seed, "洪泽区", "320813"), _county_bureau(seed, "中牟县", "410122")]
    lines.write_text("\n".join(render_json(r, indent=None) for r in bureaus) + "\n", encoding="utf-8")
    target = tmp_path / "corpus.duckdb"
    summary = export_corpus([lines], target, jobs=1)
    assert (summary.added, summary.duplicates) == (2, 0)
    with open_corpus(target) as connection:
        rows = connection.execute("SELECT region, division_code FROM reports ORDER BY region").fetchall()
    assert sorted(rows) == [("中牟县", "410122"), ("洪泽区", "320813")]


# --- symbolic links under an input folder --------------------------------------------------------------


@pytest.fixture
def linked(seed: AnnualReport, tmp_path: Path) -> Path:
    """A folder with a report, a link to a file outside it, a link to a folder outside, and a loop."""
    folder, elsewhere = tmp_path / "downloads", tmp_path / "elsewhere"
    (folder / "sub").mkdir(parents=True)
    (elsewhere / "deep").mkdir(parents=True)
    (folder / "own.json").write_text(render_json(seed), encoding="utf-8")
    (elsewhere / "secret.json").write_text(render_json(seed), encoding="utf-8")
    (elsewhere / "deep" / "other.txt").write_text(render_text(seed), encoding="utf-8")
    (folder / "link.json").symlink_to(elsewhere / "secret.json")
    (folder / "sub" / "outside").symlink_to(elsewhere / "deep", target_is_directory=True)
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def test_links_under_a_folder_are_not_followed_unless_asked(linked: Path) -> None:
    from disclosure_report._io.batch import input_files

    assert list(input_files([str(linked)])) == [str(linked / "own.json")]
    followed = list(input_files([str(linked)], follow_links=True))
    # Each file once, the loop back to the folder entered once.
    assert sorted(Path(name).name for name in followed) == ["link.json", "other.txt", "own.json"]
    # A link named as an input is followed, as find does with the paths it is given.
    assert list(input_files([str(linked / "link.json")])) == [str(linked / "link.json")]
    assert list(input_files([str(linked / "sub" / "outside")])) == [
        str(linked / "sub" / "outside" / "other.txt")
    ]


def test_validate_and_export_follow_links_only_with_the_option(
    linked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from disclosure_report._cli import main

    main(["validate", "--summary", "--format", "csv", "--jobs", "1", str(linked)])
    assert "secret" not in capsys.readouterr().out
    main(["validate", "--summary", "--format", "csv", "--jobs", "1", "--follow-links", str(linked)])
    out = capsys.readouterr().out
    assert "link.json" in out and "other.txt" in out and "own.json" in out
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    from disclosure_report._corpus import open_corpus

    for option, files in (([], 1), (["--follow-links"], 3)):
        target = tmp_path / f"corpus{len(option)}.duckdb"
        main(["export", *option, "--jobs", "1", "--to", str(target), str(linked)])
        with open_corpus(target) as connection:
            assert connection.execute("SELECT count(*) FROM files").fetchone()[0] == files


# --- crawler text: rows whose cells ran together -------------------------------------------------------

NEW_ROW = "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0"


def test_the_issue_s_joined_row_is_read_one_digit_a_cell(seed: AnnualReport) -> None:
    text = render_text(seed)
    assert NEW_ROW in text
    result = from_text(text.replace(NEW_ROW, "一、本年新收政府信息公开申请数量3000025"))
    row = result.report.requests.row(RequestRow.NEW)
    assert list(row.values()) == [3, 0, 0, 0, 0, 2, 5]
    (said,) = [f for f in result.findings if f.code == "read-cells-joined"]
    assert said.params["run"] == "3000025" and said.location.row is RequestRow.NEW
    assert "3 | 0 | 0 | 0 | 0 | 2 | 5" in said.message_zh
    assert not result.validate().filter(code="requests-applicant-total").findings  # 3 + 2 is 5


def test_a_joined_row_with_a_real_error_keeps_the_error(seed: AnnualReport) -> None:
    # 3 + 2 = 5 but the total says 4: the run splits one way only, and the error is reported, not hidden.
    result = from_text(render_text(seed).replace(NEW_ROW, "一、本年新收政府信息公开申请数量3000024"))
    assert list(result.report.requests.row(RequestRow.NEW).values()) == [3, 0, 0, 0, 0, 2, 4]
    assert result.validate().filter(code="requests-applicant-total").findings


@pytest.mark.parametrize(
    "run",
    [
        "11000002",  # 11|0|0|0|0|0|2 or 1|1|0|0|0|0|2: the balanced one is not chosen for balancing
        "230 000023",
        "12.5000012",  # a point: not a run of counts
        "300002",  # too few digits
    ],
)
def test_an_ambiguous_run_is_blank_and_said(seed: AnnualReport, run: str) -> None:
    result = from_text(render_text(seed).replace(NEW_ROW, f"一、本年新收政府信息公开申请数量{run}"))
    assert all(value is None for value in result.report.requests.row(RequestRow.NEW).values())
    assert [f.code for f in result.findings] == ["read-row-misaligned"]


@pytest.mark.parametrize(
    ("run", "count", "cells"),
    [
        ("3000025", 7, ("3", "0", "0", "0", "0", "2", "5")),
        ("3 0 0 0 0 2 5", 7, ("3", "0", "0", "0", "0", "2", "5")),
        ("100", 2, ("10", "0")),  # no figure starts with 0
        ("3—0025", 5, ("3", "—", "0", "0", "25")),
        ("20 0 0 0 0 0 20", 7, ("20", "0", "0", "0", "0", "0", "20")),
    ],
)
def test_a_run_splits_by_its_own_structure(run: str, count: int, cells: tuple[str, ...]) -> None:
    from disclosure_report._io.read.runs import split_run

    split = split_run(run, count)
    assert split is not None and split.cells == cells


@pytest.mark.parametrize(
    ("run", "count"), [("120", 2), ("11000002", 7), ("", 3), ("1" * 200, 7), ("3——57", 4)]
)
def test_a_run_that_splits_several_ways_or_none_is_not_split(run: str, count: int) -> None:
    from disclosure_report._io.read.runs import split_run

    assert split_run(run, count) is None


def test_a_page_saved_one_row_a_line_reads_every_table(seed: AnnualReport) -> None:
    lines = [
        line.replace("\t", "") if any(c.isdigit() for c in line) else line
        for line in render_text(seed).split("\n")
    ]
    result = from_text("\n".join(lines))
    assert result.report.tables() == seed.tables()
    assert {f.code for f in result.findings} == {"read-cells-joined"}


# --- crawler headers and where the year is stated --------------------------------------------------------

_HEADER = (
    "标题: 平潭综合实验区2023年政府信息公开工作年度报告\n"
    "本地目录: zwgk/xxgkml/2024_平潭综合实验区\n"
    "来源: https://www.pingtan.gov.cn/zwgk/2024/0120.html\n"
    "发布机构: 平潭综合实验区管理委员会\n"
    "发布日期: 2024-01-20\n"
    "索引号: 000000-00-2024-0001\n"
)


def _body(seed: AnnualReport, *, title: str | None = None) -> str:
    """The seed's text under another title line (none with ``""``)."""
    text = render_text(seed)
    first, rest = text.split("\n", 1)
    return rest if title == "" else f"{title or first}\n{rest}"


def test_a_crawler_s_header_is_metadata_never_the_agency_or_text(seed: AnnualReport) -> None:
    result = from_text(_HEADER + _body(seed, title=""))
    info = result.report.metadata
    # The folder path (本地目录) was read as the agency; the title field names it.
    assert info.agency == "平潭综合实验区"
    assert info.title == "平潭综合实验区2023年政府信息公开工作年度报告"
    assert (info.year, info.published) == (2023, datetime.date(2024, 1, 20))
    assert result.report.preamble is None
    assert result.report.tables() == seed.tables()


def test_without_a_title_field_the_agency_is_the_publisher(seed: AnnualReport) -> None:
    header = "\n".join(line for line in _HEADER.splitlines() if not line.startswith("标题")) + "\n"
    result = from_text(header + _body(seed, title="政府信息公开工作年度报告"))
    info = result.report.metadata
    assert info.agency == "平潭综合实验区管理委员会"
    assert "zwgk" not in info.agency and "zwgk" not in (result.report.preamble or "")
    said = {f.code: f for f in result.findings}
    assert "发布机构" in said["read-agency-source"].message_zh


@pytest.mark.parametrize(
    ("title", "opening", "year", "where"),
    [
        ("某县财政局政府信息公开工作年度报告", "2022年度，我局……", 2022, "2022年度"),
        ("某县财政局政府信息公开工作年度报告", "今年，我局……", 2023, "2024-03-01"),
    ],
)
def test_a_title_without_a_year_takes_it_from_where_the_document_states_it(
    seed: AnnualReport, title: str, opening: str, year: int, where: str
) -> None:
    report = attrs.evolve(
        seed,
        overview=opening + "\n" + (seed.overview or ""),
        metadata=attrs.evolve(seed.metadata, title=title),
    )
    text = render_text(report) + "\n\n某县财政局\n2024年3月1日\n"
    result = from_text(text)
    assert result.report.metadata.year == year
    (said,) = [f for f in result.findings if f.code == "read-year-source"]
    assert where in said.message_zh


# --- Markdown: a table continued by a small table across its heading ------------------------------------


def _markdown_with_a_small_table(seed: AnnualReport, where: str) -> str:
    """The seed's text with table 三 as a Markdown table, four of its rows in a small table of their own
    just above its section's heading (``above``), or its last rows just below the next heading."""
    lines = render_text(seed).split("\n")
    start, end = (
        lines.index("三、收到和处理政府信息公开申请情况"),
        lines.index("四、政府信息公开行政复议、行政诉讼情况"),
    )
    rows = [line.split("\t") for line in lines[start + 1 : end] if line.strip()]

    def pipe(cells: list[str]) -> str:
        return "| " + " | ".join(cells + [""] * (8 - len(cells))) + " |"

    table = [pipe(row) for row in rows]
    rule = pipe(["---"] * 8)
    if where == "above":
        small, main = table[3:7], [*table[:3], *table[7:]]
        return "\n".join(
            [
                *lines[:start],
                "",
                small[0],
                rule,
                *small[1:],
                "",
                lines[start],
                "",
                main[0],
                rule,
                *main[1:],
                "",
                *lines[end:],
            ]
        )
    main, small = table[:-3], table[-3:]
    return "\n".join(
        [
            *lines[: start + 1],
            "",
            main[0],
            rule,
            *main[1:],
            "",
            lines[end],
            "",
            small[0],
            rule,
            *small[1:],
            "",
            *lines[end + 1 :],
        ]
    )


@pytest.mark.parametrize("where", ["above", "below"])
def test_a_markdown_table_continued_by_a_small_table_is_joined(seed: AnnualReport, where: str) -> None:
    result = from_text(_markdown_with_a_small_table(seed, where))
    assert result.report.tables() == seed.tables()
    assert "read-row-missing" not in {f.code for f in result.findings}


def test_a_small_table_of_other_columns_is_not_joined(seed: AnnualReport) -> None:
    text = _markdown_with_a_small_table(seed, "above").replace(
        "| 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "| 0 | 0 | 0 | 0 | 0 | 0 | 0 | |", 2
    )
    result = from_text(text)
    assert [f.code for f in result.findings].count("read-row-missing") == 2


# --- a document that states no year -------------------------------------------------------------------


def _yearless(seed: AnnualReport) -> str:
    """The seed's text with every year taken out: no title year, no 2023年 in its texts, no date."""
    return (
        render_text(seed)
        .replace("2023 年", "本年")
        .replace("2023", "本年")
        .replace("应急中心 本年", "应急中心")
    )


def test_a_document_that_states_no_year_is_read_with_its_year_unknown(seed: AnnualReport) -> None:
    text = _yearless(seed)
    assert "2023" not in text
    result = from_text(text)  # refused before (no-year): every cell was lost
    report = result.report
    assert report.metadata.year is None
    assert report.tables() == seed.tables()
    # Validation says so, and checks what does not depend on the year, and nothing that does.
    validation = result.validate()
    (said,) = validation.filter(code="year-unknown").findings
    assert said.severity.value == "warning" and "--year" in said.message_en
    assert not validation.filter(code="template-outdated").findings


def test_an_unknown_year_round_trips_through_json_excel_and_tidy(seed: AnnualReport) -> None:
    from disclosure_report import from_json, from_tidy, from_xlsx, render_xlsx, tidy_rows
    from disclosure_report._io.json import json_paths

    unknown = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, year=None, title=None))
    document = render_json(unknown)
    assert '"year": null' in document
    assert from_json(document) == unknown
    with json_paths():  # the reference alone
        assert from_json(document) == unknown
    read = from_xlsx(render_xlsx(unknown))
    assert read.report == unknown and not read.findings
    assert "year-unknown" in read.validate().codes()
    assert from_tidy(list(tidy_rows([unknown]))) == [unknown]
    # Text states a year where the report's own words do (the seed's 2023 年，…): one whose words do not.
    yearless = from_text(_yearless(seed)).report
    assert from_text(render_text(yearless)).report == yearless


def test_a_table_four_row_of_five_cells_is_not_read_into_every_group(seed: AnnualReport) -> None:
    # Found by the property test: table 四's data row copied as five cells (ten figures run together
    # into one) was read group by group, each group taking the same five cells.
    from disclosure_report import ReviewColumn, ReviewRow

    row = "\t".join(["0"] * 15)
    text = render_text(seed)
    assert row in text
    result = from_text(text.replace(row, "0000000000\t1\t2\t34\t5", 1))
    assert all(value is None for value in result.report.review_litigation.values)
    misaligned = [f for f in result.findings if f.code == "read-row-misaligned"]
    assert [f.location.row for f in misaligned] == list(ReviewRow)
    assert result.report.review_litigation[ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.CORRECTED] is None


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_a_report_of_unknown_year_goes_into_a_corpus_and_back(
    seed: AnnualReport, tmp_path: Path, format: str
) -> None:
    pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    from disclosure_report._corpus import export_corpus, read_corpus

    unknown = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, year=None, title=None))
    lines = tmp_path / "reports.jsonl"
    lines.write_text(
        render_json(unknown, indent=None) + "\n" + render_json(seed, indent=None) + "\n", encoding="utf-8"
    )
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    summary = export_corpus([lines], target, format=format, jobs=1)  # type: ignore[arg-type]
    assert summary.added == 2
    assert sorted(read_corpus(target), key=lambda r: r.metadata.year or 0) == [unknown, seed]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 10_000) | st.sampled_from(["—", "/"]), min_size=1, max_size=15),
    st.data(),
)
def test_a_run_is_split_into_its_own_cells_or_not_at_all(cells: list[int | str], data: st.DataObject) -> None:
    from disclosure_report._io.read.runs import split_run

    texts = [str(cell) for cell in cells]
    glue = [data.draw(st.sampled_from(["", "", " "])) for _ in texts[1:]]
    run = texts[0] + "".join(g + t for g, t in zip(glue, texts[1:], strict=True))
    split = split_run(run, len(texts))
    assert split is None or list(split.cells) == texts


def test_a_page_s_source_field_above_the_title_still_names_the_agency(seed: AnnualReport) -> None:
    body = _body(seed, title="2023年政府信息公开工作年度报告")
    result = from_text("来源：某县发展和改革局\n" + body)
    assert result.report.metadata.agency == "某县发展和改革局"
    # A website is not an agency.
    assert from_text("来源: https://www.example.gov.cn/a.html\n" + body).report.metadata.agency == ""
