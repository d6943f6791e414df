"""Excel: the national layout, annotated output, the fill-in template, reading back, and safety."""

from __future__ import annotations

import functools
import io
import os
import re
import signal
import subprocess
import tempfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AgencyLevel,
    AnnualReport,
    Applicant,
    ReadError,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    SourcePosition,
    TableKind,
    TemplateVersion,
    from_pdf,
    from_xlsx,
    read_report,
    read_xlsx,
    render_template,
    render_xlsx,
    validate,
    write_template,
    write_xlsx,
)
from disclosure_report._io.workbook import (
    DEFINED_NAMES,
    FINDINGS_SHEET,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    OPENING_SHEET,
    STRUCTURE_SHEET,
    TABLE_SHEETS,
    TEXT_SHEET,
)
from disclosure_report._io.write.sheet_print import (
    LINE_HEIGHT,
    MAX_ROW_HEIGHT,
    PAGE_WIDTH,
    TYPED_LINES,
    lines_of,
    typed_text_rule,
)
from disclosure_report._io.write.xlsx import INPUT_FILL, LEGEND, SUSPECT_FILL, TEXT_ROWS
from disclosure_report.strategies import reports

from .applications import SOFFICE, needs_office, office_convert
from .archives import rewritten
from .test_pdf import FEW, PARAGRAPHS

HOSTILE = st.sampled_from(
    ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")', "_x0041_"]
)


@settings(max_examples=30, deadline=None)
@given(reports(consistent=False, blanks=True))
def test_round_trip_is_exact(report: AnnualReport) -> None:
    result = from_xlsx(render_xlsx(report))
    assert result.report == report
    assert result.findings == ()


@settings(max_examples=15, deadline=None)
@given(reports(), HOSTILE)
def test_text_never_becomes_a_formula(report: AnnualReport, text: str) -> None:
    info = attrs.evolve(report.metadata, agency=text, title=text, source=text)
    hostile = attrs.evolve(report, metadata=info, overview=text, problems=text + text, other_matters=text)
    data = render_xlsx(hostile, findings=validate(hostile))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
    assert from_xlsx(data).report == hostile


def _cell(data: bytes, kind: TableKind, row: object, column: object) -> openpyxl.cell.Cell:
    result = from_xlsx(data)
    where = result.sources[(kind, row, column)]  # type: ignore[index]
    return openpyxl.load_workbook(io.BytesIO(data))[where.sheet][where.address]


def test_layout_follows_the_form(seed: AnnualReport) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(seed)))
    # In the order of a printed report, the information as an appendix, the reader's index hidden.
    assert workbook.sheetnames == [
        OPENING_SHEET,
        *TABLE_SHEETS.values(),
        TEXT_SHEET,
        META_SHEET,
        STRUCTURE_SHEET,
    ]
    assert [s.title for s in workbook.worksheets if s.sheet_state == "hidden"] == [STRUCTURE_SHEET]
    sheet = workbook[TABLE_SHEETS[TableKind.REQUESTS]]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert "A2:C4" in merged  # the 勾稽关系 note over three header rows and three label columns
    assert "D2:J2" in merged  # 申请人情况 over the seven data columns
    assert "E3:I3" in merged  # 法人或其他组织 over its five columns
    assert "A7:A28" in merged  # 三、本年度办理结果 over the 22 rows of results
    assert sheet["A2"].value.startswith("（本列数据的勾稽关系为")
    assert sheet.freeze_panes == "D5"
    assert sheet.print_title_rows == "$2:$4"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4
    assert set(workbook.defined_names) == set(DEFINED_NAMES.values())
    assert [c.value for c in workbook[META_SHEET][5]] == ["格式版本", "2021"]
    assert workbook[OPENING_SHEET]["A1"].value == seed.metadata.title
    assert workbook[OPENING_SHEET]["A2"].value == seed.heading(Section.OVERVIEW)
    # Rows hold their wrapped text: a label of two lines gets a row of two lines.
    assert sheet.row_dimensions[8].height >= 2 * LINE_HEIGHT


def test_wrong_totals_and_blanks_are_written_as_stated(seed: AnnualReport) -> None:
    requests = seed.requests.replace(
        {(RequestRow.GRANTED, Applicant.TOTAL): 9, (RequestRow.NEW, Applicant.OTHER): None}
    )
    data = render_xlsx(attrs.evolve(seed, requests=requests))
    assert _cell(data, TableKind.REQUESTS, RequestRow.GRANTED, Applicant.TOTAL).value == 9
    assert _cell(data, TableKind.REQUESTS, RequestRow.NEW, Applicant.OTHER).value is None


def test_findings_are_annotated(seed: AnnualReport) -> None:
    wrong = attrs.evolve(seed, requests=seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    validation = validate(wrong)
    data = render_xlsx(wrong, findings=validation)
    # The cell to fix (其他 of （一）予以公开, 1 where every other figure says 0) stands out; the totals of
    # its row and column, which its error breaks, are marked lightly.
    suspect = _cell(data, TableKind.REQUESTS, RequestRow.GRANTED, Applicant.OTHER)
    assert suspect.fill.fgColor.rgb.endswith(SUSPECT_FILL)
    assert suspect.font.b and suspect.border.left.style == "thick"
    assert "likely-cause" in suspect.comment.text
    cell = _cell(data, TableKind.REQUESTS, RequestRow.GRANTED, Applicant.TOTAL)
    assert cell.fill.fgColor.rgb.endswith("FBE2D5") and not cell.font.b
    assert "requests-applicant-total" in cell.comment.text
    sheet = openpyxl.load_workbook(io.BytesIO(data))[FINDINGS_SHEET]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(validation)
    listed = next(r for r in rows if r[1] == "requests-applicant-total")
    # The relation's row, its parts and its stated total (J7), as one block of cells.
    assert listed[3] == f"'{TABLE_SHEETS[TableKind.REQUESTS]}'!D7:J7"
    assert (
        listed[0] == "错误"
        and listed[6] == next(iter(validation.filter(code="requests-applicant-total"))).message_zh
    )
    assert from_xlsx(data).report == wrong


@pytest.mark.parametrize("pattern", ["block", "checkerboard"])
def test_a_finding_s_many_cells_are_listed_as_blocks_short_enough_to_print(
    seed: AnnualReport, pattern: str
) -> None:
    from disclosure_report._io.write.xlsx import CELL_LIST_LENGTH

    # Table 三 left blank (a block, or every other cell): its not-checked finding names a hundred cells
    # or more, whose list in one cell ran over the next row in print (a row is at most 409 points high).
    keys = [(cell.row.key, cell.column.key) for cell in seed.requests.cells()]
    blank = keys if pattern == "block" else keys[::2]
    report = attrs.evolve(seed, requests=seed.requests.replace(dict.fromkeys(blank)))
    validation = validate(report)
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx(report, findings=validation)))[FINDINGS_SHEET]
    lists = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True) if row[3]]
    assert lists and all(len(text) <= CELL_LIST_LENGTH + 10 for text in lists)
    longest = max(lists, key=len)
    if pattern == "block":
        assert ":" in longest and "…" not in longest  # blocks of cells, every one listed
    else:
        assert longest.endswith(tuple(f"+{n}" for n in range(1, 200)))  # the rest counted


def test_a_cells_comment_lists_the_alternatives_of_an_ambiguous_cause(seed: AnnualReport) -> None:
    from disclosure_report import ReviewColumn, ReviewRow

    key = (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD)
    wrong = seed.with_table(seed.review_litigation.replace({key: 2}))
    validation = validate(wrong)
    (cause,) = validation.filter(code="likely-cause")
    comment = _cell(render_xlsx(wrong, findings=validation), TableKind.REVIEW_LITIGATION, *key).comment.text
    assert cause.message_zh in comment
    assert all(line in comment for line in cause.detail_for("zh")) and len(cause.detail_for("zh")) == 2


def test_the_findings_sheet_and_comments_in_english(seed: AnnualReport) -> None:
    wrong = attrs.evolve(seed, requests=seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    validation = validate(wrong)
    data = render_xlsx(wrong, findings=validation, lang="en")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook[FINDINGS_SHEET]
    assert [c.value for c in sheet[2]] == [
        "Severity",
        "Code",
        "Location",
        "Cells",
        "Expected",
        "Actual",
        "Message",
        "说明",
    ]
    listed = next(
        r for r in sheet.iter_rows(min_row=3, values_only=True) if r[1] == "requests-applicant-total"
    )
    finding = next(iter(validation.filter(code="requests-applicant-total")))
    assert (listed[0], listed[6], listed[7]) == ("error", finding.message_en, finding.message_zh)
    assert sheet.column_dimensions["H"].hidden  # the other language, kept but not printed
    suspect = _cell(data, TableKind.REQUESTS, RequestRow.GRANTED, Applicant.OTHER)
    assert "every other figure agrees" in suspect.comment.text
    assert from_xlsx(data).report == wrong  # the language changes nothing the reader reads


def test_tables_are_found_by_label_when_names_and_places_change(seed: AnnualReport) -> None:
    report = attrs.evolve(
        seed,
        review_litigation=seed.review_litigation.replace(
            {
                (ReviewRow.LITIGATION_DIRECT, ReviewColumn.PENDING): 2,
                (ReviewRow.LITIGATION_DIRECT, ReviewColumn.TOTAL): 2,
            }
        ),
    )
    workbook = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    for name in list(workbook.defined_names):
        del workbook.defined_names[name]
    for sheet in workbook.worksheets:
        ranges = list(sheet.merged_cells.ranges)
        for merged in ranges:
            sheet.unmerge_cells(str(merged))
        sheet.insert_rows(1, 3)
        for merged in ranges:
            merged.shift(0, 3)
            sheet.merge_cells(str(merged))
        sheet.title = "表" + sheet.title
    workbook.move_sheet(workbook.worksheets[3], offset=-3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = from_xlsx(buffer.getvalue())
    assert result.report.tables() == report.tables()
    assert result.sources[(TableKind.REQUESTS, RequestRow.NEW, Applicant.NATURAL_PERSON)] == SourcePosition(
        sheet="表三、依申请公开", address="D8"
    )


def test_wrong_dimensions_and_sheets_kept_elsewhere_are_read(seed: AnnualReport) -> None:
    # Some writers state a wrong used range ("A1"), or keep sheets under other names and absolute paths.
    moved = b"/xl/worksheets/moved/requests.xml"

    def change(name: str, data: bytes) -> tuple[str, bytes]:
        if name.startswith("xl/worksheets/"):
            data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
        data = data.replace(b"/xl/worksheets/sheet3.xml", moved)
        data = data.replace(b'Target="worksheets/sheet3.xml"', b'Target="' + moved + b'"')
        return (moved.decode()[1:] if name == "xl/worksheets/sheet3.xml" else name), data

    result = from_xlsx(rewritten(render_xlsx(seed), change))
    assert result.findings == ()
    assert result.report == seed
    # The moved sheet's merged label cells were still skipped: its cells have their real addresses.
    where = result.sources[(TableKind.REQUESTS, RequestRow.NEW, Applicant.NATURAL_PERSON)]
    assert str(where) == "'三、依申请公开'!D5"


def test_a_workbook_that_is_not_a_report(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "预算"
    workbook.active["A1"] = "收入"
    path = tmp_path / "other.xlsx"
    workbook.save(path)
    with pytest.raises(ReadError, match=r"expected the tables of an annual report .* found sheets: 预算"):
        read_xlsx(path)


# --- the template -------------------------------------------------------------------------------------


def test_template_cells(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    write_template(path, agency="某局", year=2024)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[TABLE_SHEETS[TableKind.REQUESTS]]
    assert sheet.protection.sheet and not sheet.protection.password
    assert sheet["D5"].protection.locked is False  # 一、本年新收 / 自然人: input
    assert sheet["J5"].value == "=SUM(D5,E5,F5,G5,H5,I5)"  # its 总计: a formula
    assert sheet["J5"].protection.locked is True
    assert sheet["D30"].value.startswith("=IF(")
    rules = {str(v.sqref): v.type for v in sheet.data_validations.dataValidation}
    assert any("D5" in ref.split() for ref in rules) and "whole" in rules.values()
    disclosure = workbook[TABLE_SHEETS[TableKind.ACTIVE_DISCLOSURE]]
    assert "decimal" in {v.type for v in disclosure.data_validations.dataValidation}
    blank = read_xlsx(path).report
    assert blank.metadata.agency == "某局" and blank.metadata.year == 2024
    # The cells to fill are blank; the totals are formulas, 0 over blank parts as the spreadsheet shows.
    spec = blank.requests.spec
    for (row, column), value in zip(spec.cells, blank.requests.values, strict=True):
        assert value == (None if spec.parts(row.key, column.key) is None else 0)
    # Cells to fill stand apart from totals, a legend under each table says so, the checks turn green or
    # red, and the first sheet says how to fill the form in.
    assert sheet["D5"].fill.fgColor.rgb.endswith(INPUT_FILL) and sheet["J5"].fill.fgColor.rgb.endswith(
        "EDEDED"
    )
    legend = [
        c.value for row in sheet.iter_rows(min_row=31, max_row=33) for c in row if isinstance(c.value, str)
    ]
    assert any("填报单元格" in text for text in legend) and any("自动计算" in text for text in legend)
    checks = {str(rule.sqref): [r.operator for r in rule.rules] for rule in sheet.conditional_formatting}
    assert checks == {"D30:J30": ["equal", "notEqual"]}
    assert workbook.sheetnames[0] == INSTRUCTIONS_SHEET
    assert "浅黄色单元格" in workbook[INSTRUCTIONS_SHEET]["A2"].value


def _fill(data: bytes, values: dict[tuple[TableKind, object, object], object]) -> bytes:
    sources = from_xlsx(data).sources
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for ref, value in values.items():
        where = sources[ref]  # type: ignore[index]
        workbook[where.sheet][where.address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_formulas_without_cached_results_are_computed_and_said() -> None:
    filled = _fill(
        render_template(year=2024),
        {
            (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, column): 1
            for column in list(ReviewColumn)[:4]
        },
    )
    result = from_xlsx(filled)
    assert result.report.review_litigation[ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL] == 4
    computed = [f for f in result.findings if f.code == "read-formula-computed"]
    assert [(f.location.row, f.actual) for f in computed if f.actual] == [
        (ReviewRow.ADMINISTRATIVE_REVIEW, 4)
    ]
    # Every other total is a formula too, over blank parts: computed as the spreadsheet would (0), never
    # reported as a blank total to fill in; the blank parts are reported, each as a blank.
    codes = result.validate().codes()
    assert "blank-total" not in codes and "blank-cell" in codes
    assert all(f.actual == 0 for f in computed if f.location.row is not ReviewRow.ADMINISTRATIVE_REVIEW)


# --- a real spreadsheet application --------------------------------------------------------------------


@needs_office
def test_libreoffice_computes_the_template(tmp_path: Path) -> None:
    values = {
        (TableKind.REQUESTS, RequestRow.NEW, Applicant.NATURAL_PERSON): 5,
        (TableKind.REQUESTS, RequestRow.CARRIED_OVER, Applicant.NATURAL_PERSON): 0,
        (TableKind.REQUESTS, RequestRow.GRANTED, Applicant.NATURAL_PERSON): 3,
        (TableKind.REQUESTS, RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 1,
        (TableKind.REQUESTS, RequestRow.NEW, Applicant.COMMERCIAL_ENTERPRISE): 2,
        (TableKind.REQUESTS, RequestRow.GRANTED, Applicant.COMMERCIAL_ENTERPRISE): 2,
    }
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_fill(render_template(year=2024), values))
    saved = office_convert(path, "xlsx", tmp_path / "out", calc=True)
    sheet = openpyxl.load_workbook(saved, data_only=True)[TABLE_SHEETS[TableKind.REQUESTS]]
    assert sheet["J5"].value == 7  # 一、本年新收 / 总计 = 5 + 2
    assert (
        sheet["D30"].value == 1
    )  # 自然人: (5 + 0) - (3 + 1): the wrong entry is flagged with its difference
    assert sheet["E30"].value == "OK"  # 商业企业 balances
    result = read_xlsx(saved)
    assert not [f for f in result.findings if f.code == "read-formula-computed"]
    # Blank inputs are not zeros: only the columns whose four cells are all stated are checked.
    balance = result.validate().filter(code="requests-balance").findings
    assert [(f.location.column, f.expected, f.actual) for f in balance] == [
        (Applicant.NATURAL_PERSON, 5, 4),
        (Applicant.TOTAL, 7, 6),
    ]


def _as_excel_saves(
    data: bytes, computed: openpyxl.Workbook, changed: dict[tuple[str, str], object] | None = None
) -> bytes:
    """The workbook as Excel and WPS save it: every formula with its result cached beside it.

    The results are those of ``computed`` (the same workbook recalculated by LibreOffice), by sheet and
    address; ``changed`` puts other results in some cells (a cache left stale by manual calculation).
    Results that are text are marked ``t="str"``, as Excel marks them.
    """
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    results = dict(changed or {})

    def cache(name: str, xml: bytes) -> tuple[str, bytes]:
        found = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", name)
        if found is None:
            return name, xml
        sheet = names[int(found.group(1)) - 1]

        def cached(match: re.Match[str]) -> str:
            address, style, formula = match.group(1), match.group(2), match.group(3)
            value = results.get((sheet, address), computed[sheet][address].value)
            kind = ' t="str"' if isinstance(value, str) else ""
            return f'<c r="{address}"{style}{kind}><f>{formula}</f><v>{value}</v></c>'

        text = re.sub(r'<c r="([A-Z]+\d+)"((?: s="\d+")?)><f>([^<]*)</f><v ?/></c>', cached, xml.decode())
        return name, text.encode()

    return rewritten(data, cache)


@needs_office
def test_a_template_saved_by_excel_or_wps_reads_as_libreoffice_computes_it(tmp_path: Path) -> None:
    values = {
        (TableKind.REQUESTS, RequestRow.NEW, Applicant.NATURAL_PERSON): 5,
        (TableKind.REQUESTS, RequestRow.GRANTED, Applicant.NATURAL_PERSON): 3,
        (TableKind.REQUESTS, RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 1,
        (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): 2,
    }
    filled = _fill(render_template(year=2024), values)
    path = tmp_path / "filled.xlsx"
    path.write_bytes(filled)
    by_office = office_convert(path, "xlsx", tmp_path / "out", calc=True)
    computed = openpyxl.load_workbook(by_office, data_only=True)
    from_office = read_xlsx(by_office)
    # Saved by Excel or WPS: the cached results are read, as LibreOffice's are, with nothing computed.
    from_excel = from_xlsx(_as_excel_saves(filled, computed))
    assert from_excel.report == from_office.report
    assert "read-formula-computed" not in {f.code for f in from_excel.findings}
    assert from_excel.validate().codes() == from_office.validate().codes()
    # Saved without recalculating (by a script): the same totals, computed, each said.
    from_script = from_xlsx(filled)
    assert from_script.report == from_office.report
    assert "read-formula-computed" in {f.code for f in from_script.findings}
    # A result left stale (calculation set to manual, a part changed after): the total is read as the
    # spreadsheet shows it, never quietly recomputed, and validation names it.
    where = from_office.sources[(TableKind.REQUESTS, RequestRow.NEW, Applicant.TOTAL)]
    assert where.sheet is not None and where.address is not None
    stale = from_xlsx(_as_excel_saves(filled, computed, {(where.sheet, where.address): 3}))
    assert stale.report.requests[RequestRow.NEW, Applicant.TOTAL] == 3
    # 3 in all, though 自然人 alone is 5: whatever the blank cells hold, the total cannot be right.
    found = stale.validate().filter(code="relation-impossible").findings
    assert any(f.location.row is RequestRow.NEW and f.location.column is Applicant.TOTAL for f in found)


@needs_office
def test_a_workbook_saved_again_by_libreoffice_reads_back_equal(tmp_path: Path) -> None:
    report = _varied_report()
    path = tmp_path / "report.xlsx"
    write_xlsx(report, path, findings=validate(report))
    saved = office_convert(path, "xlsx", tmp_path / "out", calc=True)
    assert read_report(saved).report == report


@needs_office
def test_pdf_export_renders_pages(tmp_path: Path, seed: AnnualReport) -> None:
    path = tmp_path / "seed.xlsx"
    write_xlsx(seed, path)
    pdf = office_convert(path, "pdf", tmp_path / "out", calc=True).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 4


def _varied_report() -> AnnualReport:
    from decimal import Decimal

    from disclosure_report import DisclosureColumn, DisclosureRow
    from disclosure_report.examples import seed_report

    seed = seed_report()
    requests = seed.requests.replace(
        {
            (RequestRow.NEW, Applicant.NATURAL_PERSON): 12,
            (RequestRow.NEW, Applicant.TOTAL): 13,  # stated wrong on purpose
            (RequestRow.GRANTED, Applicant.OTHER): None,
        }
    )
    fees = seed.active_disclosure.replace(
        {(DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT): Decimal("12.3456")}
    )
    return attrs.evolve(
        seed, requests=requests, active_disclosure=fees, problems="=SUM(1)\n第二行", preamble="前言"
    )


# --- untrusted workbooks --------------------------------------------------------------------------------


def test_not_an_xlsx() -> None:
    with pytest.raises(ReadError, match="not a XLSX file"):
        from_xlsx(b"<html></html>", source="x.xlsx")


def test_size_limit(seed: AnnualReport) -> None:
    from disclosure_report._io.ooxml import ArchiveLimits

    with pytest.raises(ReadError, match="more than the limit"):
        from_xlsx(render_xlsx(seed), limits=ArchiveLimits(max_file_bytes=1000))


def test_zip_bomb_is_refused(seed: AnnualReport) -> None:
    bomb = rewritten(
        render_xlsx(seed), members={"xl/bomb.xml": b"<a>" + b"0" * (120 * 1024 * 1024) + b"</a>"}
    )
    with pytest.raises(ReadError, match=r"zip bomb|decompress"):
        from_xlsx(bomb)


def test_billion_laughs_is_refused(seed: AnnualReport) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b"<sst>&lol2;</sst>"
    )
    with pytest.raises(ReadError, match="DTD or entities"):
        from_xlsx(rewritten(render_xlsx(seed), members={"xl/sharedStrings.xml": laughs}))


def test_2019_template_round_trip() -> None:
    data = render_template(year=2020, version=TemplateVersion.V2019)
    result = from_xlsx(data)
    assert result.report.version is TemplateVersion.V2019
    assert result.report.metadata.year == 2020


# --- printed: every sheet as a person prints it -------------------------------------------------------


def _overprinted(pdf: bytes) -> list[tuple[int, str, str]]:
    """Characters printed on top of each other: pairs whose boxes share more than a third of the smaller."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            grid: dict[tuple[int, int], list[dict]] = {}  # type: ignore[type-arg]
            for char in page.chars:
                if not char["text"].strip():
                    continue
                x0, top, x1, bottom = char["x0"], char["top"], char["x1"], char["bottom"]
                for other in grid.get((int(x0 // 20), int(top // 20)), []):
                    width = min(x1, other["x1"]) - max(x0, other["x0"])
                    height = min(bottom, other["bottom"]) - max(top, other["top"])
                    smaller = min(
                        (x1 - x0) * (bottom - top),
                        (other["x1"] - other["x0"]) * (other["bottom"] - other["top"]),
                    )
                    if width > 0 and height > 0 and width * height > smaller / 3:
                        found.append((number, other["text"], char["text"]))
                for gx in range(int(x0 // 20) - 1, int(x1 // 20) + 2):
                    for gy in range(int(top // 20) - 1, int(bottom // 20) + 2):
                        grid.setdefault((gx, gy), []).append(char)
    return found


def _printed(data: bytes, folder: Path) -> bytes:
    source = folder / "report.xlsx"
    source.write_bytes(data)
    return office_convert(source, "pdf", folder).read_bytes()


PRINTED = reports(consistent=False, blanks=True, text=PARAGRAPHS)


@needs_office
@FEW
@given(PRINTED, st.sampled_from(["workbook", "annotated"]))
def test_a_printed_workbook_reads_back_equal_and_nothing_overprints(
    tmp_path_factory: pytest.TempPathFactory, report: AnnualReport, kind: str
) -> None:
    data = render_xlsx(report, findings=validate(report) if kind == "annotated" else None)
    pdf = _printed(data, tmp_path_factory.mktemp("print"))
    result = from_pdf(pdf)
    # What a page cannot show: an empty preamble is no preamble.
    assert result.report == attrs.evolve(report, preamble=report.preamble or None)
    assert result.findings == ()
    assert _overprinted(pdf) == []


_WHITE = (None, (1,), (1, 1, 1), (1.0,), (1.0, 1.0, 1.0))


def _legends_covered(pdf: bytes) -> list[tuple[int, str]]:
    """Legend texts that do not print whole, or whose characters lie on a filled cell (a swatch)."""
    import pdfplumber

    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            fills = [r for r in page.rects if r.get("fill") and r.get("non_stroking_color") not in _WHITE]
            for legend in LEGEND.values():
                if legend[:4] not in (page.extract_text() or ""):
                    continue  # not on this page
                matches = page.search(legend, regex=False, return_chars=True)
                if not matches:
                    found.append((number, legend))  # cut short, or run together with something
                for char in (c for match in matches for c in match["chars"]):
                    area = (char["x1"] - char["x0"]) * (char["bottom"] - char["top"])
                    for rect in fills:
                        width = min(char["x1"], rect["x1"]) - max(char["x0"], rect["x0"])
                        height = min(char["bottom"], rect["bottom"]) - max(char["top"], rect["top"])
                        if width > 0 and height > 0 and width * height > area / 3:
                            found.append((number, char["text"]))
    return found


def _page_texts(pdf: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


@needs_office
def test_the_printed_template_reads_back_as_the_blank_form(tmp_path: Path) -> None:
    data = render_template(agency="应急中心", year=2023)
    pdf = _printed(data, tmp_path)
    # The totals print as the application computes them (0 over blank cells): read back, the page is the
    # template as that application saves it.
    saved = office_convert(tmp_path / "report.xlsx", "xlsx", tmp_path / "saved")
    assert from_pdf(pdf).report == from_xlsx(saved.read_bytes()).report
    assert _overprinted(pdf) == []
    # Each legend prints whole beside its swatch, never under the next one; a sheet explains only the
    # fills it has (table 二 has no totals).
    assert _legends_covered(pdf) == []
    pages = _page_texts(pdf)
    disclosure = next(text for text in pages if text.startswith("二、"))
    assert LEGEND["input"] in disclosure and LEGEND["computed"] not in disclosure
    review = next(text for text in pages if text.startswith("四、"))
    assert LEGEND["input"] in review and LEGEND["computed"] in review


# --- what staff type prints whole ---------------------------------------------------------------------

_TYPING_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1"
 script:language="StarBasic">
Sub TypeAndPrint(source As String, target As String, listing As String)
  On Error GoTo Failed
  Dim hidden(0) As New com.sun.star.beans.PropertyValue
  hidden(0).Name = &quot;Hidden&quot;
  hidden(0).Value = True
  document = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, hidden())
  number = FreeFile
  Open listing For Input As #number
  Do While Not EOF(number)
    Line Input #number, sheet
    Line Input #number, address
    Line Input #number, codes
    text = &quot;&quot;
    For Each code In Split(codes, &quot; &quot;)
      text = text &amp; Chr(CLng(code))
    Next
    document.Sheets.getByIndex(CLng(sheet)).getCellRangeByName(address).setString(text)
  Loop
  Close #number
  Dim pdf(0) As New com.sun.star.beans.PropertyValue
  pdf(0).Name = &quot;FilterName&quot;
  pdf(0).Value = &quot;calc_pdf_Export&quot;
  document.storeToURL(ConvertToURL(target), pdf())
Failed:
  On Error Resume Next
  document.close(True)
End Sub
</script:module>
"""


@functools.cache
def _typing_profile() -> Path:
    """A LibreOffice profile whose macro types texts into a workbook's cells and prints it."""
    assert SOFFICE is not None, "CI must install LibreOffice"
    profile = Path(tempfile.mkdtemp(prefix="disclosure-report-typing-"))
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--terminate_after_init"],
        check=True,
        capture_output=True,
        timeout=180,
    )
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(_TYPING_MACRO, encoding="utf-8")
    return profile


def _typed_and_printed(data: bytes, typed: dict[tuple[int, str], str], folder: Path) -> bytes:
    """The workbook with ``typed`` entered as a person enters it in LibreOffice, printed to PDF.

    Each text goes in through LibreOffice's own cell input (``setString``), which fits the cell's row to
    the text when the row's height is not fixed, as typing does. Converting a workbook filled by openpyxl
    measures something else: LibreOffice sizes no row of an .xlsx it converts, and the rows it sizes on
    reading an .ods are a line short for some texts (measured: 15 of 15 and 8 of 15 of the texts below
    clipped, none typed). ``typed`` is keyed by (sheet index, cell address); the texts are passed as
    code points, whatever the locale.
    """
    assert SOFFICE is not None, "CI must install LibreOffice"
    source, target, listing = folder / "form.xlsx", folder / "form.pdf", folder / "typed.txt"
    source.write_bytes(data)
    listing.write_text(
        "".join(
            f"{sheet}\n{address}\n{' '.join(str(ord(c)) for c in text)}\n"
            for (sheet, address), text in typed.items()
        ),
        encoding="ascii",
    )
    call = f'macro:///Standard.Module1.TypeAndPrint("{source}","{target}","{listing}")'
    command = [SOFFICE, f"-env:UserInstallation={_typing_profile().as_uri()}", "--headless", call]
    # A session of its own: should the macro stop on a dialog nobody sees, the office goes with it.
    with subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL) as office:
        try:
            office.wait(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, signal.SIGKILL)
            raise
    assert target.exists(), "the macro stopped before printing"
    return target.read_bytes()


def _paragraph(number: int, length: int, breaks: int) -> str:
    """A paragraph no other repeats, of ``length`` characters with ``breaks`` line breaks among them."""
    words = "".join(
        f"第{number}段第{i}句：本机关坚持以公开为常态、不公开为例外，全年主动公开政府信息{1000 + i}条。"
        for i in range(length // 20 + 1)
    )[: length - breaks]
    cuts = [len(words) * (i + 1) // (breaks + 1) for i in range(breaks)]
    for cut in reversed(cuts):
        words = words[:cut] + "\n" + words[cut:]
    return words


def _typed_rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[int]:
    return [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).fill.fgColor.rgb.endswith(INPUT_FILL)]


@needs_office
def test_what_staff_type_prints_whole_on_as_many_pages_as_it_needs(tmp_path: Path) -> None:
    import pdfplumber

    data = render_template(agency="某县人民政府", year=2024)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    _, budget, per_line = typed_text_rule(PAGE_WIDTH, "A1")
    typed: dict[tuple[int, str], str] = {}
    sections = {OPENING_SHEET: 1, TEXT_SHEET: 2}
    for name, count in sections.items():
        rows = _typed_rows(workbook[name])
        # Rows to type a few thousand characters in under each heading, each as long as the form allows.
        assert len(rows) == count * TEXT_ROWS
        for index, row in enumerate(rows):
            breaks = [0, 3, 0, 10, 0][index % 5]
            length = [budget, budget - per_line * 3, 300, budget - per_line * 10, budget][index % 5]
            text = _paragraph(len(typed), length, breaks)
            assert len(text) + per_line * text.count("\n") <= budget  # what the cell's validation allows
            typed[(workbook.sheetnames.index(name), f"A{row}")] = text
    meta = workbook[META_SHEET]
    title_row = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "标题")
    typed[(workbook.sheetnames.index(META_SHEET), f"B{title_row}")] = "某县人民政府关于" * 20 + "的年度报告"
    pdf = _typed_and_printed(data, typed, tmp_path)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        printed = "".join((page.extract_text() or "").replace("\n", "") for page in document.pages)
        for page in document.pages:
            if any(text[:12] in (page.extract_text() or "").replace("\n", "") for text in typed.values()):
                assert all(
                    c["x0"] >= 0 and c["x1"] <= page.width and c["top"] >= 0 and c["bottom"] <= page.height
                    for c in page.chars
                ), "typed text inside the page"
    # Every text prints whole, wrapped on as many lines and pages as it needs, each paragraph once.
    clipped = [text[:12] for text in typed.values() if text.replace("\n", "") not in printed]
    assert clipped == []
    assert _overprinted(pdf) == []
    # And what is typed reads back, a paragraph a row.
    for (sheet, address), text in typed.items():
        workbook.worksheets[sheet][address] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = from_xlsx(buffer.getvalue()).report
    overview = [
        text for (sheet, _), text in typed.items() if sheet == workbook.sheetnames.index(OPENING_SHEET)
    ]
    assert report.overview == "\n".join(overview)
    assert report.metadata.title == typed[(workbook.sheetnames.index(META_SHEET), f"B{title_row}")]


def test_a_typed_cell_is_held_to_what_a_row_prints() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render_template(year=2024)))
    formula, budget, _ = typed_text_rule(PAGE_WIDTH, "A1")
    for name in (OPENING_SHEET, TEXT_SHEET):
        sheet = workbook[name]
        rows = _typed_rows(sheet)
        assert len(rows) >= TEXT_ROWS
        # No stated height: the application fits each row to what is typed (a stated height is fixed).
        assert all(sheet.row_dimensions[r].height is None for r in rows)
        (rule,) = [v for v in sheet.data_validations.dataValidation if v.type == "custom"]
        assert rule.formula1 == formula and rule.showErrorMessage and str(budget) in rule.error
        covered = rule.sqref
        assert all(f"A{r}" in covered for r in rows) and f"A{rows[-1] + 100}" in covered  # inserted rows too
    meta = workbook[META_SHEET]
    assert all(meta.row_dimensions[r].height is None for r in range(3, meta.max_row + 1))
    assert f"{budget}字" in workbook[INSTRUCTIONS_SHEET]["A4"].value


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("公开a1\n，"), max_size=1200))
def test_what_the_typing_rule_allows_fits_a_row(text: str) -> None:
    _, budget, per_line = typed_text_rule(PAGE_WIDTH, "A1")
    if len(text) + per_line * text.count("\n") <= budget:  # the formula, for this text
        assert lines_of(text, PAGE_WIDTH) <= TYPED_LINES
        assert TYPED_LINES * LINE_HEIGHT + 4 <= MAX_ROW_HEIGHT


@needs_office
def test_the_printed_seed_reads_back_equal_and_each_sheet_prints_as_a_person_expects(
    seed: AnnualReport, tmp_path: Path
) -> None:
    import pdfplumber

    pdf = _printed(render_xlsx(seed, findings=validate(seed)), tmp_path)
    assert from_pdf(pdf).report == seed
    assert _overprinted(pdf) == []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [(page.width > page.height, page.extract_text() or "", page) for page in document.pages]
        for _, _, page in pages:
            assert all(c["x0"] >= 0 and c["x1"] <= page.width for c in page.chars), "nothing off the page"
    texts = [text for _, text, _ in pages]
    assert texts[0].startswith(seed.metadata.title or "")  # the title opens the printed report
    assert [landscape for landscape, text, _ in pages if "三、收到和处理" in text] == [True]
    assert any("附：报告信息" in text and "项目" in text and "agency" not in text for text in texts)
    assert any(
        "附：校验结果" in text and "提示" in text and "info" not in text.split("附：校验结果")[1]
        for text in texts
    )


def test_text_typed_into_the_template_is_kept_even_with_rows_inserted() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(render_template(agency="应急中心", year=2023)))
    opening, later = workbook[OPENING_SHEET], workbook[TEXT_SHEET]
    assert opening["A2"].value.startswith("一、")
    opening.insert_rows(2)
    opening["A2"] = "前言：本报告依据条例编制。"  # a preface, typed above section 一
    opening["A4"] = "全年主动公开信息120条。"
    opening["A5"] = "第二段。"
    later.insert_rows(1, 2)  # rows inserted above the heading of 五
    later["A1"] = "（说明）"
    headings = [
        row for row in range(1, 10) if str(later.cell(row=row, column=1).value).startswith(("五", "六"))
    ]
    later.cell(row=headings[0] + 1, column=1).value = "一是问题。"
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = from_xlsx(buffer.getvalue()).report
    assert report.preamble == "前言：本报告依据条例编制。"
    assert report.overview == "全年主动公开信息120条。\n第二段。"
    assert report.problems == "（说明）\n一是问题。"  # typed above the heading, and kept
    assert report.other_matters == ""


def test_who_the_agency_is_as_a_person_fills_it_in(seed: AnnualReport) -> None:
    described = attrs.evolve(
        seed,
        metadata=attrs.evolve(
            seed.metadata, region="某市", division_code="320813", level=AgencyLevel.COUNTY_DEPARTMENT
        ),
    )
    data = render_xlsx(described)
    rows = {
        row[0].value: row[1].value for row in openpyxl.load_workbook(io.BytesIO(data))[META_SHEET].iter_rows()
    }
    # The level as a person reads it, the code as text (a number loses nothing here, but a cell of
    # digits typed as text stays text).
    assert (rows["地区"], rows["行政区划代码"], rows["机构层级"]) == ("某市", "320813", "县级部门")
    assert from_xlsx(data).report == described

    def filled(code: object, level: object) -> bytes:
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        sheet = workbook[META_SHEET]
        for row in sheet.iter_rows():
            if row[0].value == "行政区划代码":
                row[1].value = code
            if row[0].value == "机构层级":
                row[1].value = level
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    # Typed as a number, and the level by its key: both read.
    result = from_xlsx(filled(320813, "county_department"))
    assert (result.report.metadata.division_code, result.report.metadata.level) == (
        "320813",
        AgencyLevel.COUNTY_DEPARTMENT,
    )
    # Not of their form: left out, each said.
    result = from_xlsx(filled("32081", "县"))
    info = result.report.metadata
    assert (info.division_code, info.level, info.region) == (None, None, "某市")
    said = [f for f in result.findings if f.code == "read-metadata-invalid"]
    assert [f.params["field"] for f in said] == ["division_code", "level"]
    assert "县级部门" in said[1].message_zh
