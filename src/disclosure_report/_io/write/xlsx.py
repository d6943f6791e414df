"""Writing reports as workbooks (.xlsx) in the national layout, and the fill-in template.

Each table has a sheet of its own, drawn from the shared layout (:mod:`disclosure_report._io.write.layout`),
with a workbook-level defined name over it; the report's information and its text sections have sheets
too (:mod:`disclosure_report._io.workbook`). With findings, the cells they involve are highlighted and a
sheet lists them.

Security: every text is written as a string cell with a quote prefix, so nothing a report says becomes a
formula; characters XML cannot hold and ``_xHHHH_`` look-alikes are escaped reversibly.

openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import datetime
import io
import os
import warnings
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from ..._form import (
    CURRENT_VERSION,
    Applicant,
    CellKind,
    RequestRow,
    Section,
    TableKind,
    TemplateVersion,
    version_spec,
)
from ..._language import Language
from ..._model import (
    AnnualReport,
    AnyTable,
    CellRef,
    CellValue,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
    plain,
)
from ..._rules import Severity
from ..._validation import Finding, Validation, cell_marks
from ..._version import __version__
from ..files import write_file
from ..workbook import (
    ABSENT,
    APPENDIX_MARK,
    DEFINED_NAMES,
    FINDINGS_SHEET,
    GENERATOR_LABEL,
    INSTRUCTIONS_SHEET,
    LINE_BREAK,
    META_FIELDS,
    META_HEADERS,
    META_SHEET,
    OPENING_SHEET,
    PRESENT,
    STRUCTURE_HEADERS,
    STRUCTURE_SHEET,
    TABLE_SHEETS,
    TEMPLATE_LABEL,
    TEXT_SHEET,
    escape,
    number_text,
    pieces,
)
from .layout import COLUMN_WEIGHTS, grid, table_layout, title_of
from .sheet_print import PAGE_WIDTH, apply_font, fit_rows, page, typed_text_rule

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["render_template", "render_xlsx", "template_bytes", "write_template", "write_xlsx", "xlsx_bytes"]


def _put_text(sheet: Worksheet, row: int, column: int, text: str) -> Any:
    """Write text that can never become a formula: a string cell with a quote prefix."""
    cell = sheet.cell(row=row, column=column)
    cell.value = escape(text)
    cell.data_type = "s"  # openpyxl would take "=..." as a formula
    cell.quotePrefix = True  # and Excel would re-read "=..." as one when the cell is edited
    return cell


def _put_value(sheet: Worksheet, row: int, column: int, value: CellValue | None) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        number = float(value)
        # An amount is a number when it reads back as written (its places too: 0.30 is not 0.3);
        # otherwise it is kept as text, which reads back exactly.
        if number_text(number) == plain(value):
            cell.value = number
        else:
            _put_text(sheet, row, column, plain(value))
    else:
        cell.value = value
    return cell


INPUT_FILL: Final = "FFF9DB"
"""The fill of a template's cells to fill in: pale yellow, apart from labels (none) and totals (grey)."""
SUSPECT_FILL: Final = "C00000"
"""The fill of a cell a likely cause names: the cell to fix."""


def _styles() -> dict[object, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    thick = Side(style="thick", color="600000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "label": Alignment(wrap_text=True, vertical="center", horizontal="left"),
        "paragraph": Alignment(wrap_text=True, vertical="top", horizontal="left"),
        "header": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "value": Alignment(vertical="center", horizontal="center"),
        "title": Font(bold=True, size=13),
        "bold": Font(bold=True),
        Severity.ERROR: PatternFill("solid", fgColor="F8CBAD"),
        Severity.WARNING: PatternFill("solid", fgColor="FFE699"),
        Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
        "mark-suspect": PatternFill("solid", fgColor=SUSPECT_FILL),
        "mark-error": PatternFill("solid", fgColor="FBE2D5"),
        "mark-warning": PatternFill("solid", fgColor="FFF2CC"),
        "mark-info": PatternFill("solid", fgColor="DDEBF7"),
        "suspect-font": Font(bold=True, color="FFFFFF"),
        "suspect-border": Border(left=thick, right=thick, top=thick, bottom=thick),
        "input": PatternFill("solid", fgColor=INPUT_FILL),
        "ok": PatternFill("solid", fgColor="C6EFCE"),
        "difference": PatternFill("solid", fgColor="FFC7CE"),
        "computed": PatternFill("solid", fgColor="EDEDED"),
    }


def _new_workbook() -> Workbook:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _meta_sheet(
    workbook: Workbook, report: AnnualReport, styles: dict[object, Any], *, template: bool
) -> set[int]:
    """An appendix: a two-column form, 项目 and 内容, in Chinese; the reader knows a field by its label.

    Returns the rows a person types in (a template's fields), which keep no stated height.
    """
    sheet = workbook.create_sheet(META_SHEET)
    info = report.metadata
    values: dict[str, object] = {
        "agency": info.agency,
        "year": info.year,
        "version": info.version.value,
        "title": info.title,
        "published": info.published.isoformat() if info.published else None,
        "source": info.source,
        "region": info.region,
        "division_code": info.division_code,
        "level": info.level.label if info.level else None,  # as a person reads it; the key reads too
        "generator": f"disclosure-report {__version__}",
        "template": "是" if template else None,
    }
    _put_text(sheet, 1, 1, APPENDIX_MARK + META_SHEET).font = styles["title"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=2)
    for column, header in enumerate(META_HEADERS, start=1):
        cell = _put_text(sheet, 2, column, header)
        cell.font, cell.border, cell.alignment = styles["bold"], styles["border"], styles["header"]
    fields = [*META_FIELDS, ("generator", GENERATOR_LABEL)]
    if template:
        fields.append(("template", TEMPLATE_LABEL))
    for number, (key, label) in enumerate(fields, start=3):
        _put_text(sheet, number, 1, label).font = styles["bold"]
        value = values[key]
        if isinstance(value, int):
            sheet.cell(row=number, column=2, value=value).alignment = styles["label"]
        elif value is not None:
            _put_text(sheet, number, 2, str(value)).alignment = styles["label"]
        for column in (1, 2):
            sheet.cell(row=number, column=column).border = styles["border"]
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = PAGE_WIDTH - 14
    page(sheet, landscape=False)
    return set(range(3, 3 + len(fields))) if template else set()


def _text_sheet(
    workbook: Workbook,
    report: AnnualReport,
    styles: dict[object, Any],
    name: str,
    sections: tuple[Section, ...],
    structure: list[tuple[str, int | None, str, str]],
    *,
    template: bool = False,
) -> set[int]:
    """Text parts as their headings and paragraphs, wrapped, in one column wide enough to read.

    The opening sheet starts with the report's title (which names its agency and year) and its
    preamble, as a printed report does. Only what a person reads is on the sheet: which row holds what
    is added to ``structure`` (sheet, row, part, mark), for the hidden sheet the reader reads.

    A template has :data:`TEXT_ROWS` pale yellow rows under each heading to type paragraphs in, each
    held to what a row prints (:func:`~.sheet_print.typed_text_rule`). Returns those rows: they keep no
    stated height, so that the application fits each to what is typed. They have no borders: LibreOffice
    fits a row a little short when it substitutes a font (SimSun on Linux), and a border would cross the
    last line's glyphs; without one the line prints whole, over the next row's top padding.
    """
    sheet = workbook.create_sheet(name)
    row = 1
    typed: set[int] = set()
    entries: list[tuple[str | None, str, str | None]] = []
    if Section.OVERVIEW in sections:
        title = title_of(report)
        cell = _put_text(sheet, row, 1, title)
        cell.font, cell.alignment = styles["title"], styles["header"]
        row += 1
        entries.append((None, "preamble", report.preamble))  # under the title, with no heading
    entries.extend((report.heading(s), s.key, report.text(s)) for s in sections)
    for heading, key, text in entries:
        mark = PRESENT if text is not None else ABSENT
        if heading is None or text is None:  # a part the report does not have prints nothing
            structure.append((name, None, key, mark))
        else:
            _put_text(sheet, row, 1, heading).font = styles["bold"]
            structure.append((name, row, key, mark))
            row += 1
        # An empty part keeps one empty row under its heading: the place to type its text.
        for piece, after_break in pieces(text or "") or ([("", False)] if text == "" else []):
            cell = _put_text(sheet, row, 1, piece)
            cell.alignment = styles["paragraph"]
            structure.append((name, row, key, LINE_BREAK if after_break else ""))
            if template and heading is not None:
                cell.fill = styles["input"]
                typed.add(row)
            row += 1
        if template and heading is not None:
            # More rows to type in, which the structure does not list: the reader keeps what is typed in
            # them as paragraphs, and skips them empty.
            for _ in range(TEXT_ROWS - 1):
                cell = sheet.cell(row=row, column=1)
                cell.alignment, cell.fill = styles["paragraph"], styles["input"]
                typed.add(row)
                row += 1
    sheet.column_dimensions["A"].width = PAGE_WIDTH
    if template:
        _typed_text_validation(sheet, f"A1:A{row + MORE_ROWS}")
    page(sheet, landscape=False)
    return typed


TEXT_ROWS: Final = 5
"""Rows to type in under each heading of a template: a few thousand characters, a paragraph a row."""
MORE_ROWS: Final = 500
"""Rows below a template's last text row that are held to what a row prints too (rows typed or inserted
there)."""


def _typed_text_validation(sheet: Worksheet, cells: str) -> None:
    """Hold every cell of ``cells`` (one column) to what a row prints, saying why when typing goes over."""
    from openpyxl.worksheet.datavalidation import DataValidation

    first = cells.split(":")[0]
    formula, budget, per_line = typed_text_rule(PAGE_WIDTH, first)
    rule = DataValidation(type="custom", formula1=formula, allow_blank=True)
    rule.errorTitle = "文字过长"
    rule.error = (
        f"一格最多约{budget}字（每个换行按{per_line}字计），这样打印时才能完整显示。"
        "请把后面的内容填在下一个浅黄色行（一段一行）。"
    )
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(cells)


def _structure_sheet(workbook: Workbook, structure: list[tuple[str, int | None, str, str]]) -> None:
    """The hidden sheet that tells the reader which row of the text sheets holds what."""
    sheet = workbook.create_sheet(STRUCTURE_SHEET)
    for column, header in enumerate(STRUCTURE_HEADERS, start=1):
        _put_text(sheet, 1, column, header)
    printed = {name: workbook[name] for name in {entry[0] for entry in structure}}
    for number, (name, row, key, mark) in enumerate(structure, start=2):
        _put_text(sheet, number, 1, name)
        if row is not None:
            sheet.cell(row=number, column=2, value=row)
        _put_text(sheet, number, 3, key)
        if mark:
            _put_text(sheet, number, 4, mark)
        if mark in (PRESENT, ABSENT) and row is not None:
            # The heading as printed: a reader finds it by its text if rows were inserted above it.
            _put_text(sheet, number, 5, str(printed[name].cell(row=row, column=1).value))
    sheet.sheet_state = "hidden"


def _table_sheet(
    workbook: Workbook,
    report: AnnualReport,
    kind: TableKind,
    styles: dict[object, Any],
    *,
    template: bool,
) -> dict[CellRef, str]:
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    sheet = workbook.create_sheet(TABLE_SHEETS[kind])
    table = report.table(kind)
    layout = table_layout(table.spec, table.values, lambda text: text)
    placed = list(grid(layout))
    width = max(p.column + p.cell.colspan for p in placed)
    _put_text(sheet, 1, 1, report.heading(kind.section)).font = styles["title"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    top = 2
    addresses: dict[CellRef, str] = {}
    for item in placed:
        if item.covered:
            continue
        row, column = top + item.row, 1 + item.column
        cell = item.cell
        if cell.header:
            target = _put_text(sheet, row, column, cell.text)
            target.alignment = styles["header"] if cell.scope in ("col", "colgroup") else styles["label"]
        else:
            target = _put_value(sheet, row, column, cell.value)
            target.alignment = styles["value"]
            assert cell.ref is not None
            addresses[cell.ref] = f"{get_column_letter(column)}{row}"
        if cell.colspan > 1 or cell.rowspan > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + cell.rowspan - 1,
                end_column=column + cell.colspan - 1,
            )
        for r in range(row, row + cell.rowspan):
            for c in range(column, column + cell.colspan):
                sheet.cell(row=r, column=c).border = styles["border"]
    bottom = top + len(layout) - 1
    weights = COLUMN_WEIGHTS[kind]
    for index, weight in enumerate(weights, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 9 * weight
    reference = f"'{sheet.title}'!$A${top}:${get_column_letter(width)}${bottom}"
    workbook.defined_names[DEFINED_NAMES[kind]] = DefinedName(DEFINED_NAMES[kind], attr_text=reference)
    header_rows = min(p.row for p in placed if not p.cell.header)
    sheet.freeze_panes = sheet.cell(row=top + header_rows, column=1 + _label_columns(kind))
    page(
        sheet,
        landscape=kind is not TableKind.ACTIVE_DISCLOSURE,
        title_rows=f"{top}:{top + header_rows - 1}",
    )
    if template:
        _template_cells(sheet, table, addresses, styles, bottom)
    return addresses


def _label_columns(kind: TableKind) -> int:
    return {TableKind.ACTIVE_DISCLOSURE: 1, TableKind.REQUESTS: 3, TableKind.REVIEW_LITIGATION: 0}[kind]


def _template_cells(
    sheet: Worksheet,
    table: AnyTable,
    addresses: dict[CellRef, str],
    styles: dict[object, Any],
    bottom: int,
) -> None:
    """Unlock the input cells with data validation, make totals live formulas, add the check cells."""
    from openpyxl.styles import Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = table.spec
    whole = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    whole.error, whole.errorTitle = "请填写不小于0的整数。", "数据有误"
    signed = DataValidation(
        type="whole", allow_blank=True, operator="between", formula1="-1000000000", formula2="1000000000"
    )
    signed.error, signed.errorTitle = "请填写整数。", "数据有误"
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    money.error, money.errorTitle = "请填写不小于0的金额（万元）。", "数据有误"
    for validation in (whole, signed, money):
        validation.showErrorMessage = True
        sheet.add_data_validation(validation)
    fills = ["input"]
    for row, column in spec.cells:
        ref = (spec.kind, row.key, column.key)
        address = addresses[ref]
        cell = sheet[address]
        formula = _total_formula(table, row.key, column.key, addresses)
        if formula is not None:
            cell.value = formula
            cell.fill = styles["computed"]
            fills[1:] = ["computed"]
            continue
        cell.protection = Protection(locked=False)
        cell.fill = styles["input"]
        {CellKind.COUNT: whole, CellKind.SIGNED_COUNT: signed, CellKind.MONEY: money}[column.kind].add(
            address
        )
    if spec.kind is TableKind.REQUESTS:
        _balance_checks(sheet, addresses, styles, bottom)
        bottom += 1
    _legend(sheet, styles, bottom + 2, fills)
    sheet.protection.sheet = True  # protected without a password: anyone can read, and unprotect to edit


def _legend(sheet: Worksheet, styles: dict[object, Any], row: int, fills: list[str]) -> None:
    """Under a template's table: what the fills it uses mean, a swatch and its text a row each.

    The text spans every other column of the table, so that it never runs under the next swatch.
    """
    last = sheet.max_column
    for number, fill in enumerate(fills):
        swatch = sheet.cell(row=row + number, column=1)
        swatch.fill, swatch.border = styles[fill], styles["border"]
        _put_text(sheet, row + number, 2, LEGEND[fill]).alignment = styles["label"]
        sheet.merge_cells(start_row=row + number, start_column=2, end_row=row + number, end_column=last)


LEGEND: Final = {"input": "填报单元格：填写数字，无数据填0", "computed": "总计：自动计算，无需填写"}
"""What a template's fills mean, by fill: each sheet explains the fills it has."""


def _total_formula(table: AnyTable, row: Any, column: Any, addresses: dict[CellRef, str]) -> str | None:
    parts = table.spec.parts(row, column)
    if parts is None:
        return None
    return f"=SUM({','.join(addresses[(table.kind, *part)] for part in parts)})"


CHECK_LABEL: Final = "勾稽校验（一+二-（七）总计-四）"


def _balance_checks(
    sheet: Worksheet, addresses: dict[CellRef, str], styles: dict[object, Any], bottom: int
) -> None:
    """Below table 三, one check cell per column: OK, or the difference 一 + 二 − （七）总计 − 四."""
    from openpyxl.formatting.rule import CellIsRule

    row = bottom + 1
    _put_text(sheet, row, 1, CHECK_LABEL).font = styles["bold"]
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    kind = TableKind.REQUESTS
    for applicant in Applicant:
        new, carried, total, forward = (
            addresses[(kind, r, applicant)]
            for r in (RequestRow.NEW, RequestRow.CARRIED_OVER, RequestRow.TOTAL, RequestRow.CARRIED_FORWARD)
        )
        column = sheet[new].column
        difference = f"({new}+{carried})-({total}+{forward})"
        cell = sheet.cell(row=row, column=column, value=f'=IF({difference}=0,"OK",{difference})')
        cell.alignment = styles["value"]
        cell.border = styles["border"]
    # OK in green, a difference in red, as the figures are typed.
    first, last = sheet.cell(row=row, column=4).coordinate, sheet.cell(row=row, column=3 + len(Applicant))
    span = f"{first}:{last.coordinate}"
    sheet.conditional_formatting.add(span, CellIsRule(operator="equal", formula=['"OK"'], fill=styles["ok"]))
    sheet.conditional_formatting.add(
        span, CellIsRule(operator="notEqual", formula=['"OK"'], fill=styles["difference"])
    )


def _findings_sheet(
    workbook: Workbook,
    findings: Iterable[Finding],
    addresses: Mapping[CellRef, str],
    styles: dict[object, Any],
    lang: Language,
) -> None:
    from openpyxl.comments import Comment

    sheet = workbook.create_sheet(FINDINGS_SHEET)
    _put_text(sheet, 1, 1, APPENDIX_MARK + FINDINGS_SHEET).font = styles["title"]
    headers = _FINDINGS_HEADERS[lang]
    other: Language = "en" if lang == "zh" else "zh"
    for column, header in enumerate(headers, start=1):
        cell = _put_text(sheet, 2, column, header)
        cell.font, cell.alignment, cell.border = styles["bold"], styles["header"], styles["border"]
    listed = list(findings)
    for number, finding in enumerate(listed, start=3):
        cells = [ref for ref in finding.cells if ref in addresses]
        where = _cell_list(cells, addresses)
        row = [
            finding.severity.label(lang),
            finding.code,
            finding.location.describe(lang),
            where,
            "" if finding.expected is None else str(finding.expected),
            "" if finding.actual is None else str(finding.actual),
            finding.message_for(lang),
            finding.message_for(other),
        ]
        for column, text in enumerate(row, start=1):
            cell = _put_text(sheet, number, column, text)
            cell.alignment, cell.border = styles["paragraph"], styles["border"]
        sheet.cell(row=number, column=1).fill = styles[finding.severity]
        if cells:
            # The link on the short code: an application shows a linked cell's text on one line, which a
            # list of cells would overrun.
            link = f"#'{TABLE_SHEETS[cells[0][0]]}'!{addresses[cells[0]]}"
            sheet.cell(row=number, column=2).hyperlink = link
    for ref, (mark, found) in cell_marks(listed).items():
        if ref not in addresses:
            continue
        # The cell to fix stands out (a dark fill, a thick border); the other cells of a failing
        # relation get the light fill of their worst finding.
        target = workbook[TABLE_SHEETS[ref[0]]][addresses[ref]]
        target.fill = styles[f"mark-{mark}"]
        if mark == "suspect":
            target.font = styles["suspect-font"]
            target.border = styles["suspect-border"]
        text = "\n".join(
            "\n".join([f"[{f.code}] {f.message_for(lang)}", *f.detail_for(lang)]) for f in found[:10]
        )
        target.comment = Comment(escape(text)[:30_000], "disclosure-report")
    for letter, width in zip("ABCDEFGH", (6, 25, 18, 16, 7, 7, 31, 31), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.column_dimensions["H"].hidden = True  # the message in the other language
    page(sheet, landscape=True, title_rows="2:2", columns="A:G")


_FINDINGS_HEADERS: Final[Mapping[Language, tuple[str, ...]]] = {
    "zh": ("严重程度", "代码", "位置", "单元格", "期望", "实际", "说明", "Message"),
    "en": ("Severity", "Code", "Location", "Cells", "Expected", "Actual", "Message", "说明"),
}

INSTRUCTIONS: Final = (
    "1. 在各表的浅黄色单元格中填写数字：件数填整数，收费金额以万元为单位；没有数据的填0，不要留空。",
    "2. 灰色的总计栏由公式自动计算，无需填写；表三下方的勾稽校验显示 OK（绿色）即一、二项之和"
    "等于（七）总计与四之和，否则显示差额（红色）。",
    "3. 在“一、总体情况”和“文字部分”工作表各标题下的浅黄色行中填写文字，每段一行，行高随文字自动增加；"
    f"一格最多{typed_text_rule(PAGE_WIDTH, 'A1')[1]}字，更长的段落请分在几行填写，行不够时可插入行。",
    "4. 填好后保存，用 disclosure-report validate 校验；校验结果会指出需要修改的单元格。",
)


def _instructions(workbook: Workbook, styles: dict[object, Any]) -> None:
    """The template's first sheet: how to fill it in, in four lines."""
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    _put_text(sheet, 1, 1, INSTRUCTIONS_SHEET).font = styles["title"]
    for number, line in enumerate(INSTRUCTIONS, start=2):
        _put_text(sheet, number, 1, line).alignment = styles["paragraph"]
    sheet.column_dimensions["A"].width = PAGE_WIDTH
    page(sheet, landscape=False)


CELL_LIST_LENGTH: Final = 300
"""Characters of a finding's list of cells on the findings sheet, at most: a row prints at most 409
points high (the applications' limit), and a longer list in its column's width ran over the next row.
What is left out is counted; every cell of a finding is marked in its table anyway."""


def _cell_list(cells: Iterable[CellRef], addresses: Mapping[CellRef, str]) -> str:
    """Cells as a reader of the sheet finds them: each table's sheet named once, then its cells.

    A block of cells is one range (``D6:J15``, as the applications write one), and the list stops at
    :data:`CELL_LIST_LENGTH` characters with the count of the cells not listed.
    """
    by_sheet: dict[str, list[str]] = {}
    for ref in cells:
        by_sheet.setdefault(TABLE_SHEETS[ref[0]], []).append(addresses[ref])
    parts: list[str] = []
    length = left = 0
    for sheet, found in by_sheet.items():
        listed: list[str] = []
        length += len(sheet) + 5  # the sheet's name, quoted, its "!" and the "; " after it
        for block, size in _blocks(found):
            if length + len(block) + 2 > CELL_LIST_LENGTH:
                left += size
                continue
            listed.append(block)
            length += len(block) + 2
        if listed:
            parts.append(f"'{sheet}'!{', '.join(listed)}")
    return "; ".join(parts) + (f" … +{left}" if left else "")


def _blocks(addresses: Iterable[str]) -> list[tuple[str, int]]:
    """Addresses as blocks of cells (``D6:J15``, or ``D6`` alone), each with its count of cells.

    In the order the blocks start on the sheet. Cells side by side in a row are a run; a run of the same
    columns in the row below extends its block. Sorting is the cost: n log n for n addresses.
    """
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

    places = sorted(
        {(row, column_index_from_string(letter)) for letter, row in map(coordinate_from_string, addresses)}
    )
    runs: list[list[int]] = []  # each: its row, first and last column
    for row, column in places:
        if runs and runs[-1][0] == row and runs[-1][2] == column - 1:
            runs[-1][2] = column
        else:
            runs.append([row, column, column])
    blocks: list[list[int]] = []  # each: its top and bottom row, first and last column
    by_columns: dict[tuple[int, int], list[int]] = {}  # the last block of each pair of columns
    for row, first, last in runs:
        block = by_columns.get((first, last))
        if block is not None and block[1] == row - 1:
            block[1] = row
        else:
            by_columns[(first, last)] = block = [row, row, first, last]
            blocks.append(block)
    found = []
    for top, bottom, first, last in blocks:
        start, end = f"{get_column_letter(first)}{top}", f"{get_column_letter(last)}{bottom}"
        found.append((start if start == end else f"{start}:{end}", (bottom - top + 1) * (last - first + 1)))
    return found


def _workbook(
    report: AnnualReport,
    *,
    findings: Validation | Iterable[Finding] | None,
    template: bool,
    lang: Language = "zh",
) -> Workbook:
    # In the order of a printed report: title, preamble and 一; the tables; 五 and 六; then appendices.
    workbook = _new_workbook()
    styles = _styles()
    if template:
        _instructions(workbook, styles)
    structure: list[tuple[str, int | None, str, str]] = []
    typed: dict[str, set[int]] = {}
    typed[OPENING_SHEET] = _text_sheet(
        workbook, report, styles, OPENING_SHEET, (Section.OVERVIEW,), structure, template=template
    )
    addresses: dict[CellRef, str] = {}
    for kind in TableKind:
        addresses.update(_table_sheet(workbook, report, kind, styles, template=template))
    later = (Section.PROBLEMS, Section.OTHER_MATTERS)
    typed[TEXT_SHEET] = _text_sheet(workbook, report, styles, TEXT_SHEET, later, structure, template=template)
    typed[META_SHEET] = _meta_sheet(workbook, report, styles, template=template)
    if findings is not None:
        _findings_sheet(workbook, list(findings), addresses, styles, lang)
    apply_font(workbook)
    for sheet in workbook.worksheets:
        fit_rows(sheet, typed=typed.get(sheet.title, ()))
    _structure_sheet(workbook, structure)
    return workbook


def render_xlsx(
    report: AnnualReport,
    *,
    findings: Validation | Iterable[Finding] | None = None,
    lang: Language = "zh",
) -> bytes:
    """The report as an .xlsx workbook in the national layout, as bytes (see :func:`write_xlsx`).

    .. versionadded:: 0.1.0
    """
    buffer = io.BytesIO()
    _workbook(report, findings=findings, template=False, lang=lang).save(buffer)
    return buffer.getvalue()


def write_xlsx(
    report: AnnualReport,
    path: str | os.PathLike[str],
    *,
    findings: Validation | Iterable[Finding] | None = None,
    lang: Language = "zh",
) -> None:
    """Write the report as a workbook in the national layout.

    Every stated value is written as a value (wrong totals included), blanks stay blank, and every text is
    a string cell that can never become a formula.

    Args:
        report: The report.
        path: The .xlsx file to write.
        findings: Findings to annotate, e.g. ``validate(report)``: each involved cell is highlighted by its
            worst severity with the messages as a comment, and a sheet lists every finding with its cells.
        lang: The language of the findings sheet and the comments, ``"zh"`` or ``"en"`` (the form itself is
            in Chinese, as published).
    """
    write_file(path, render_xlsx(report, findings=findings, lang=lang))


def render_template(
    *,
    agency: str = "",
    year: int | None = None,
    version: TemplateVersion = CURRENT_VERSION,
) -> bytes:
    """A blank fill-in form, as the bytes of an .xlsx workbook (see :func:`write_template`).

    .. versionadded:: 0.1.0
    """
    # Default: last year; for a superseded version, the last year it applies to.
    last_year = version_spec(version).last_year
    default_year = last_year if last_year is not None else datetime.date.today().year - 1
    chosen_year = year if year is not None else default_year
    blank = AnnualReport.from_tables(
        Metadata(agency=agency, year=chosen_year, version=version),
        [cls.build(version=version, default=None) for cls in (DisclosureTable, RequestTable, ReviewTable)],
        overview="",
        problems="",
        other_matters="",
    )
    buffer = io.BytesIO()
    _workbook(blank, findings=None, template=True).save(buffer)
    return buffer.getvalue()


def write_template(
    path: str | os.PathLike[str],
    *,
    agency: str = "",
    year: int | None = None,
    version: TemplateVersion = CURRENT_VERSION,
) -> None:
    """Write a blank form to fill in, in Excel, WPS or LibreOffice.

    Input cells are unlocked and validated (whole numbers >= 0; amounts >= 0 in 万元); every total is a
    formula computed live; below table 三 a check cell per column shows OK or the difference of the printed
    勾稽关系; everything else is protected, without a password. :func:`read_xlsx` reads the filled form.

    Args:
        path: The .xlsx file to write.
        agency: The agency, filled in on the information sheet.
        year: The reporting year (default: last year).
        version: The template version.
    """
    write_file(path, render_template(agency=agency, year=year, version=version))


def xlsx_bytes(report: AnnualReport, *, findings: Validation | Iterable[Finding] | None = None) -> bytes:
    """Deprecated name of :func:`render_xlsx`.

    .. deprecated:: 0.1.0
        Use :func:`render_xlsx` (``render_*`` give content in memory, ``write_*`` write files).
    """
    warnings.warn("xlsx_bytes() is deprecated: use render_xlsx()", DeprecationWarning, stacklevel=2)
    return render_xlsx(report, findings=findings)


def template_bytes(
    *, agency: str = "", year: int | None = None, version: TemplateVersion = CURRENT_VERSION
) -> bytes:
    """Deprecated name of :func:`render_template`.

    .. deprecated:: 0.1.0
        Use :func:`render_template` (``render_*`` give content in memory, ``write_*`` write files).
    """
    warnings.warn("template_bytes() is deprecated: use render_template()", DeprecationWarning, stacklevel=2)
    return render_template(agency=agency, year=year, version=version)
