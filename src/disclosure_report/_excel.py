"""Excel: the report as a workbook in the national layout, a fill-in template, and reading both back.

Each table has a sheet of its own, drawn from the shared layout (:mod:`disclosure_report._layout`), with a
workbook-level defined name over it; the metadata and the text sections have sheets too. Reading finds each
table by its defined name, else by its row labels on any sheet (users insert rows, rename and reorder
sheets), and aligns rows with the same machinery as the readers of published documents.

Security: every text is written as a string cell with a quote prefix, so nothing a report says becomes a
formula; characters XML cannot hold and ``_xHHHH_`` look-alikes are escaped reversibly. Untrusted
workbooks are checked (size, zip bomb, DTDs and entities) before openpyxl parses them, and external links
are not loaded.

openpyxl is imported only when a workbook is read or written.
"""

from __future__ import annotations

import datetime
import io
import posixpath
import re
from collections.abc import Iterable, Mapping, Sequence
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ._archive import DEFAULT_LIMITS, ArchiveLimits, open_archive, read_member, read_xml
from ._form import (
    Applicant,
    CellKind,
    FormKey,
    RequestRow,
    Section,
    TableKind,
    TemplateVersion,
)
from ._layout import COLUMN_WEIGHTS, grid, table_layout
from ._model import (
    TABLE_CLASSES,
    AnnualReport,
    CellValue,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
    _Table,
)
from ._reading import Line, ReadResult, _detect_version, _Reader, _table_lines, input_bytes
from ._rules import Severity
from ._validate import CellRef, Finding, Location, Validation, findings_by_cell
from ._version import __version__
from .exceptions import Problem, ReadError

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["read_xlsx", "template_bytes", "write_template", "write_xlsx", "xlsx_bytes"]

META_SHEET: Final = "报告信息"
TEXT_SHEET: Final = "文字部分"
FINDINGS_SHEET: Final = "校验结果"
TABLE_SHEETS: Final = {
    TableKind.ACTIVE_DISCLOSURE: "二、主动公开",
    TableKind.REQUESTS: "三、依申请公开",
    TableKind.REVIEW_LITIGATION: "四、复议诉讼",
}
DEFINED_NAMES: Final = {kind: f"disclosure_{kind.key}" for kind in TableKind}
"""The workbook-level name over each table's range (labels and values)."""

_META_FIELDS: Final = (
    ("agency", "报告机关"),
    ("year", "报告年度"),
    ("version", "格式版本"),
    ("title", "标题"),
    ("published", "发布日期"),
    ("source", "来源"),
)
_GENERATOR_LABEL: Final = "生成工具"
_TEMPLATE_LABEL: Final = "填报模板"

# --- text safety ---------------------------------------------------------------------------------------

# XML cannot hold most control characters, and a parser turns \r into \n: both are escaped.
_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE: Final = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPED: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _escape(text: str) -> str:
    """Text as an XLSX string: ``_xHHHH_`` look-alikes guarded, characters XML cannot hold escaped."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


# openpyxl returns inline strings (ours) as written, but shared strings (what Excel and LibreOffice save)
# with "_x005F_" already turned into "_": in those only the escapes of unwritable characters remain.
_SHARED_STRINGS: ContextVar[bool] = ContextVar("shared_strings", default=False)


def _unescape(text: str) -> str:
    if _SHARED_STRINGS.get():
        return _ESCAPED.sub(lambda m: _control(m.group(0), int(m.group(1), 16)), text)
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _control(escape: str, code: int) -> str:
    character = chr(code)
    return character if _ILLEGAL.fullmatch(character) else escape


def _put_text(sheet: Worksheet, row: int, column: int, text: str) -> Any:
    """Write text that can never become a formula: a string cell with a quote prefix."""
    cell = sheet.cell(row=row, column=column)
    cell.value = _escape(text)
    cell.data_type = "s"  # openpyxl would take "=..." as a formula
    cell.quotePrefix = True  # and Excel would re-read "=..." as one when the cell is edited
    return cell


def _put_value(sheet: Worksheet, row: int, column: int, value: CellValue | None) -> Any:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Decimal):
        number = float(value)
        # A float cannot hold every decimal; an amount it cannot hold exactly is kept as text.
        if Decimal(repr(number)) == value:
            cell.value = number
        else:
            _put_text(sheet, row, column, str(value))
    else:
        cell.value = value
    return cell


# --- writing -------------------------------------------------------------------------------------------


def _styles() -> dict[object, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "label": Alignment(wrap_text=True, vertical="center", horizontal="left"),
        "header": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "value": Alignment(vertical="center", horizontal="center"),
        "title": Font(bold=True, size=13),
        "bold": Font(bold=True),
        Severity.ERROR: PatternFill("solid", fgColor="F8CBAD"),
        Severity.WARNING: PatternFill("solid", fgColor="FFE699"),
        Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
        "input": PatternFill("solid", fgColor="FFFFFF"),
        "computed": PatternFill("solid", fgColor="EDEDED"),
    }


def _new_workbook() -> Workbook:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def _meta_sheet(
    workbook: Workbook, report: AnnualReport, styles: dict[object, Any], *, template: bool
) -> None:
    sheet = workbook.create_sheet(META_SHEET)
    info = report.metadata
    values: dict[str, object] = {
        "agency": info.agency,
        "year": info.year,
        "version": info.version.value,
        "title": info.title,
        "published": info.published.isoformat() if info.published else None,
        "source": info.source,
    }
    _put_text(sheet, 1, 1, "政府信息公开工作年度报告").font = styles["title"]
    for number, (key, label) in enumerate(_META_FIELDS, start=2):
        _put_text(sheet, number, 1, label).font = styles["bold"]
        _put_text(sheet, number, 2, key)
        value = values[key]
        if isinstance(value, int):
            sheet.cell(row=number, column=3, value=value)
        elif value is not None:
            _put_text(sheet, number, 3, str(value))
    generator_row = len(_META_FIELDS) + 2
    _put_text(sheet, generator_row, 1, _GENERATOR_LABEL).font = styles["bold"]
    _put_text(sheet, generator_row, 2, "generator")
    _put_text(sheet, generator_row, 3, f"disclosure-report {__version__}")
    if template:
        _put_text(sheet, generator_row + 1, 1, _TEMPLATE_LABEL).font = styles["bold"]
        _put_text(sheet, generator_row + 1, 2, "template")
        _put_text(sheet, generator_row + 1, 3, "是")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 60


def _text_sheet(workbook: Workbook, report: AnnualReport, styles: dict[object, Any]) -> None:
    """One row per text part (more rows for a text too long for one cell): its heading, presence and text."""
    sheet = workbook.create_sheet(TEXT_SHEET)
    for column, header in enumerate(("部分", "键", "标题", "有无", "内容"), start=1):
        _put_text(sheet, 1, column, header).font = styles["bold"]
    row = 2
    entries: list[tuple[str, str, str | None]] = [("前言", "preamble", report.preamble)]
    for section in (Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS):
        entries.append((section.label, section.key, report.text(section)))
    for name, key, text in entries:
        _put_text(sheet, row, 1, name)
        _put_text(sheet, row, 2, key)
        if key != "preamble":
            _put_text(sheet, row, 3, report.heading(Section(key)))
        # An empty cell cannot tell an empty text from an absent one: say which.
        _put_text(sheet, row, 4, _PRESENT if text is not None else _ABSENT)
        for index, chunk in enumerate(_chunks(text or "")):
            if index:
                row += 1
                _put_text(sheet, row, 2, key)
            _put_text(sheet, row, 5, chunk).alignment = styles["label"]
        row += 1
    for letter, width in zip("ABCDE", (22, 14, 30, 6, 100), strict=True):
        sheet.column_dimensions[letter].width = width


_PRESENT: Final = "有"
_ABSENT: Final = "无"
_CHUNK: Final = 30_000  # below Excel's 32,767 characters a cell


def _chunks(text: str) -> list[str]:
    return [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]


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
    sheet.print_title_rows = f"{top}:{top + header_rows - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if kind is TableKind.REVIEW_LITIGATION else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if template:
        _template_cells(sheet, table, addresses, styles, bottom)
    return addresses


def _label_columns(kind: TableKind) -> int:
    return {TableKind.ACTIVE_DISCLOSURE: 1, TableKind.REQUESTS: 3, TableKind.REVIEW_LITIGATION: 0}[kind]


def _template_cells(
    sheet: Worksheet,
    table: _Table[Any, Any],
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
    for row, column in spec.cells:
        ref = (spec.kind, row.key, column.key)
        address = addresses[ref]
        cell = sheet[address]
        formula = _total_formula(spec, row.key, column.key, addresses)
        if formula is not None:
            cell.value = formula
            cell.fill = styles["computed"]
            continue
        cell.protection = Protection(locked=False)
        cell.fill = styles["input"]
        {CellKind.COUNT: whole, CellKind.SIGNED_COUNT: signed, CellKind.MONEY: money}[column.kind].add(
            address
        )
    if spec.kind is TableKind.REQUESTS:
        _balance_checks(sheet, addresses, styles, bottom)
    sheet.protection.sheet = True  # protected without a password: anyone can read, and unprotect to edit


def _total_formula(spec: Any, row: FormKey, column: FormKey, addresses: dict[CellRef, str]) -> str | None:
    kind = spec.kind
    if column in spec.column_sums and row not in spec.row_sums:
        parts = [addresses[(kind, row, part)] for part in spec.column_sums[column]]
        return f"=SUM({','.join(parts)})"
    if row in spec.row_sums:
        parts = [addresses[(kind, part, column)] for part in spec.row_sums[row]]
        return f"=SUM({','.join(parts)})"
    return None


CHECK_LABEL: Final = "勾稽校验（一+二-（七）总计-四）"


def _balance_checks(
    sheet: Worksheet, addresses: dict[CellRef, str], styles: dict[object, Any], bottom: int
) -> None:
    """Below table 三, one check cell per column: OK, or the difference 一 + 二 − （七）总计 − 四."""
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


def _findings_sheet(
    workbook: Workbook,
    findings: Iterable[Finding],
    addresses: Mapping[CellRef, str],
    styles: dict[object, Any],
) -> None:
    from openpyxl.comments import Comment

    sheet = workbook.create_sheet(FINDINGS_SHEET)
    headers = ("严重程度", "代码", "位置", "单元格", "期望", "实际", "说明", "Message")
    for column, header in enumerate(headers, start=1):
        _put_text(sheet, 1, column, header).font = styles["bold"]
    listed = list(findings)
    for number, finding in enumerate(listed, start=2):
        cells = [ref for ref in finding.cells if ref in addresses]
        where = ", ".join(f"'{TABLE_SHEETS[ref[0]]}'!{addresses[ref]}" for ref in cells)
        row = [
            finding.severity.value,
            finding.code,
            str(finding.location),
            where,
            "" if finding.expected is None else str(finding.expected),
            "" if finding.actual is None else str(finding.actual),
            finding.message_zh,
            finding.message_en,
        ]
        for column, text in enumerate(row, start=1):
            _put_text(sheet, number, column, text)
        sheet.cell(row=number, column=1).fill = styles[finding.severity]
        if cells:
            sheet.cell(
                row=number, column=4
            ).hyperlink = f"#'{TABLE_SHEETS[cells[0][0]]}'!{addresses[cells[0]]}"
    for ref, found in findings_by_cell(listed).items():
        if ref not in addresses:
            continue
        target = workbook[TABLE_SHEETS[ref[0]]][addresses[ref]]
        worst = min(found, key=lambda f: f.severity.rank)
        target.fill = styles[worst.severity]
        text = "\n".join(f"[{f.code}] {f.message_zh}" for f in found[:10])
        target.comment = Comment(_escape(text)[:30_000], "disclosure-report")
    for letter, width in zip("ABCDEFGH", (10, 26, 40, 24, 10, 10, 60, 60), strict=True):
        sheet.column_dimensions[letter].width = width


def _workbook(
    report: AnnualReport, *, findings: Validation | Iterable[Finding] | None, template: bool
) -> Workbook:
    workbook = _new_workbook()
    styles = _styles()
    _meta_sheet(workbook, report, styles, template=template)
    addresses: dict[CellRef, str] = {}
    for kind in TableKind:
        addresses.update(_table_sheet(workbook, report, kind, styles, template=template))
    _text_sheet(workbook, report, styles)
    if findings is not None:
        _findings_sheet(workbook, list(findings), addresses, styles)
    return workbook


def xlsx_bytes(report: AnnualReport, *, findings: Validation | Iterable[Finding] | None = None) -> bytes:
    """The report as an .xlsx workbook in the national layout (see :func:`write_xlsx`)."""
    buffer = io.BytesIO()
    _workbook(report, findings=findings, template=False).save(buffer)
    return buffer.getvalue()


def write_xlsx(
    report: AnnualReport, path: str | Path, *, findings: Validation | Iterable[Finding] | None = None
) -> None:
    """Write the report as a workbook in the national layout.

    Every stated value is written as a value (wrong totals included), blanks stay blank, and every text is
    a string cell that can never become a formula.

    Args:
        report: The report.
        path: The .xlsx file to write.
        findings: Findings to annotate, e.g. ``validate(report)``: each involved cell is highlighted by its
            worst severity with the messages as a comment, and a sheet lists every finding with its cells.
    """
    Path(path).write_bytes(xlsx_bytes(report, findings=findings))


def template_bytes(
    *,
    agency: str = "",
    year: int | None = None,
    version: TemplateVersion = TemplateVersion.V2021,
) -> bytes:
    """A blank fill-in form (see :func:`write_template`)."""
    chosen_year = (
        year
        if year is not None
        else (2020 if version is TemplateVersion.V2019 else datetime.date.today().year - 1)
    )
    blank = AnnualReport(
        metadata=Metadata(agency=agency, year=chosen_year, version=version),
        overview="",
        active_disclosure=DisclosureTable.build(version=version, default=None),
        requests=RequestTable.build(version=version, default=None),
        review_litigation=ReviewTable.build(version=version, default=None),
        problems="",
        other_matters="",
    )
    buffer = io.BytesIO()
    _workbook(blank, findings=None, template=True).save(buffer)
    return buffer.getvalue()


def write_template(
    path: str | Path,
    *,
    agency: str = "",
    year: int | None = None,
    version: TemplateVersion = TemplateVersion.V2021,
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
    Path(path).write_bytes(template_bytes(agency=agency, year=year, version=version))


# --- reading -------------------------------------------------------------------------------------------

MAX_SHEET_ROWS: Final = 1_000
"""Rows of a sheet read at most when looking for a table (table 三 has 25 rows and 3 header rows)."""
MAX_SHEET_COLUMNS: Final = 60
"""Columns of a sheet read at most when looking for a table (table 四 is 15 wide)."""
MAX_TEXT_ROWS: Final = 10_000
"""Rows of the text sheet read at most (a long text takes one row per 30,000 characters)."""


# The attributes before ref are bounded, so that a sheet of unclosed "<mergeCell" is scanned in linear time.
_MERGE_REF: Final = re.compile(
    rb'<mergeCell[^>]{0,200}?\sref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"'
)
MAX_MERGED_CELLS: Final = 100_000
"""The most cells a sheet's merged ranges may cover (openpyxl materialises every one of them)."""


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


Range = tuple[int, int, int, int]
"""A merged range: ``(min_row, min_col, max_row, max_col)``."""


def _merged_ranges(xml: bytes, name: str, source: str) -> list[Range]:
    """A sheet's merged ranges, refused when together they cover more than :data:`MAX_MERGED_CELLS`."""
    ranges: list[Range] = []
    covered = 0
    for first_column, first_row, last_column, last_row in _MERGE_REF.findall(xml):
        merged = (int(first_row), _column_number(first_column), int(last_row), _column_number(last_column))
        covered += max(merged[3] - merged[1] + 1, 1) * max(merged[2] - merged[0] + 1, 1)
        if covered > MAX_MERGED_CELLS:
            raise ReadError(
                source, [Problem(name, f"refused: merged ranges cover more than {MAX_MERGED_CELLS} cells")]
            )
        ranges.append(merged)
    return ranges


def _check_xml_members(archive: Any, source: str, limits: ArchiveLimits) -> dict[str, list[Range]]:
    """Refuse a workbook whose XML declares a DTD or entities, before openpyxl parses anything.

    Returns:
        Each worksheet member's merged ranges (openpyxl's read-only mode, which is much faster, does not
        read them).
    """
    merges: dict[str, list[Range]] = {}
    for member in archive.infolist():
        if member.filename.endswith((".xml", ".rels", ".vml")):
            head = read_member(archive, member.filename, source=source, limits=limits)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise ReadError(
                    source,
                    [
                        Problem(
                            member.filename, "refused: declares a DTD or entities (not allowed in a workbook)"
                        )
                    ],
                )
            if member.filename.startswith("xl/worksheets/"):
                merges[member.filename] = _merged_ranges(head, member.filename, source)
    return merges


_RELATIONSHIP_ID: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_members(archive: Any, source: str, limits: ArchiveLimits) -> dict[str, str]:
    """Each sheet's title and the archive member holding it, from the workbook and its relationships."""

    def parsed(member: str) -> Any:
        data = read_member(archive, member, source=source, limits=limits)
        return read_xml(data, source=source, name=member)

    try:
        workbook, relations = parsed("xl/workbook.xml"), parsed("xl/_rels/workbook.xml.rels")
    except ReadError:
        return {}  # openpyxl reports a workbook it cannot open
    targets = {r.get("Id"): r.get("Target") or "" for r in relations.iter() if r.tag.endswith("Relationship")}
    members: dict[str, str] = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name") is not None:
            target = targets.get(sheet.get(_RELATIONSHIP_ID), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            members[str(sheet.get("name"))] = path
    return members


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return _unescape(str(value))


def _sheet_lines(
    sheet: Any, merges: Sequence[Range], bounds: tuple[int, int, int, int] | None = None
) -> list[Line]:
    """A sheet's rows as lines of cells, skipping the cells a merged range covers (as HTML does).

    Within a table's defined name every cell is a real cell (``exact``); on a sheet scanned whole, cells
    right of the table may be empty padding, so rows are aligned as leniently as copied text.
    """
    from openpyxl.utils import get_column_letter

    covered: set[tuple[int, int]] = set()
    for min_row, min_col, max_row, max_col in merges:
        # Only the part of a merged range that can be read matters (a hostile range may be huge).
        for row in range(min_row, min(max_row, MAX_SHEET_ROWS * 2) + 1):
            for column in range(min_col, min(max_col, MAX_SHEET_COLUMNS * 2) + 1):
                if (row, column) != (min_row, min_col):
                    covered.add((row, column))
    # A sheet's stated dimensions may be wrong or huge: it is read to its last row, within the limits.
    first_row, first_col, last_row, last_col = bounds or (1, 1, MAX_SHEET_ROWS, MAX_SHEET_COLUMNS)
    last_row = min(last_row, first_row + MAX_SHEET_ROWS - 1)
    last_col = min(last_col, first_col + MAX_SHEET_COLUMNS - 1)
    lines: list[Line] = []
    rows = sheet.iter_rows(
        min_row=first_row,
        max_row=last_row,
        min_col=first_col,
        max_col=last_col if bounds else None,
        values_only=True,
    )
    for row_number, row in enumerate(rows, start=first_row):
        cells: list[str] = []
        sources: list[str] = []
        for column_number, value in enumerate(row[: last_col - first_col + 1], start=first_col):
            if (row_number, column_number) not in covered:
                cells.append(_cell_text(value))
                sources.append(f"'{sheet.title}'!{get_column_letter(column_number)}{row_number}")
        where = f"'{sheet.title}'!{row_number}"
        lines.append(
            Line(tuple(cells), where, in_table=True, exact=bounds is not None, cell_sources=tuple(sources))
        )
    return lines


def _named_range(workbook: Any, kind: TableKind) -> tuple[Any, tuple[int, int, int, int]] | None:
    from openpyxl.utils.cell import range_boundaries

    name = workbook.defined_names.get(DEFINED_NAMES[kind])
    if name is None:
        return None
    for title, reference in name.destinations:
        if title in workbook.sheetnames:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(reference.replace("$", ""))
            except (ValueError, TypeError):
                return None
            return workbook[title], (min_row, min_col, max_row, max_col)
    return None


def _find_table_lines(workbook: Any, kind: TableKind, merges: Mapping[str, Sequence[Range]]) -> list[Line]:
    found = _named_range(workbook, kind)
    if found is not None:
        sheet, bounds = found
        return _sheet_lines(sheet, merges.get(sheet.title, ()), bounds)
    # No defined name (a copied sheet, another tool): the sheet whose rows carry this table's labels.
    from ._reading import _split

    best: list[Line] = []
    best_score = 0
    for sheet in workbook.worksheets:
        lines = _sheet_lines(sheet, merges.get(sheet.title, ()))
        if kind is TableKind.REVIEW_LITIGATION:
            score = sum(
                1
                for line in lines
                if any(c.strip() in ("未经复议直接起诉", "复议后起诉") for c in line.cells)
            )
        else:
            score = sum(1 for line in lines if _split(line, kind) is not None)
        if score > best_score:
            best, best_score = lines, score
    return best


def _metadata(workbook: Any, source: str) -> dict[str, object]:
    values: dict[str, object] = {}
    if META_SHEET in workbook.sheetnames:
        sheet = workbook[META_SHEET]
    else:
        sheet = next((s for s in workbook.worksheets if _has_meta_keys(s)), None)
    if sheet is None:
        return values
    for row in sheet.iter_rows(min_row=1, max_row=50, max_col=3, values_only=True):
        if len(row) >= 2 and isinstance(row[1], str):
            values[_unescape(row[1])] = row[2] if len(row) > 2 else None
    return values


def _has_meta_keys(sheet: Any) -> bool:
    keys = {
        row[1] for row in sheet.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True) if len(row) > 1
    }
    return {"agency", "year", "version"} <= keys


def _texts(workbook: Any) -> tuple[dict[str, str | None], dict[Section, str]]:
    texts: dict[str, str | None] = {}
    headings: dict[Section, str] = {}
    if TEXT_SHEET not in workbook.sheetnames:
        return texts, headings
    keys = {s.key: s for s in Section}
    for row in workbook[TEXT_SHEET].iter_rows(min_row=2, max_row=MAX_TEXT_ROWS, max_col=5, values_only=True):
        padded = (*row, None, None, None, None, None)
        _, key, heading, present, chunk = padded[:5]
        if not isinstance(key, str):
            continue
        piece = _cell_text(chunk)
        if key in texts:  # a continuation row of a long text
            texts[key] = (texts[key] or "") + piece
            continue
        texts[key] = None if present == _ABSENT else piece
        section = keys.get(key)
        if section is not None and isinstance(heading, str) and _unescape(heading) != section.label:
            headings[section] = _unescape(heading)
    return texts, headings


def read_xlsx(
    data: bytes | str | Path,
    *,
    source: str | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read a report from a workbook written by :func:`write_xlsx`, or a filled :func:`write_template`.

    Tables are found by their defined names, else by their labels on any sheet, so inserted rows and
    renamed or reordered sheets do not matter. Formula cells give their cached results; a total formula
    without one (a workbook never opened in a spreadsheet application) is computed from its parts, and a
    finding says so.

    Args:
        data: The workbook's bytes, or its path.
        source: The input's name, for messages (the path by default).
        limits: Size, member and compression limits.

    Returns:
        The report, the reading findings, and each cell's sheet and address.

    Raises:
        ReadError: The file is not a workbook, is unsafe, or is not a report workbook; the message says what
            was expected and what was found.
    """
    from openpyxl import load_workbook

    name, raw = input_bytes(data, source=source, kind="xlsx", limit=limits.max_file_bytes)
    with open_archive(raw, source=name, kind="XLSX", limits=limits) as archive:
        member_merges = _check_xml_members(archive, name, limits)
        members = _sheet_members(archive, name, limits)
        shared = "xl/sharedStrings.xml" in archive.namelist()
    merges = {title: member_merges.get(member, []) for title, member in members.items()}
    try:
        # Read-only: cells are streamed, not bound to styles and merged ranges (three times faster).
        workbook = load_workbook(
            io.BytesIO(raw), read_only=True, data_only=True, keep_links=False, keep_vba=False
        )
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # the stated dimensions may be wrong: rows are read as they are
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ReadError(
            name, [Problem("file", f"not a readable XLSX workbook: {type(error).__name__}: {error}")]
        ) from None
    token = _SHARED_STRINGS.set(shared)
    try:
        return _read_workbook(workbook, raw, name, merges)
    finally:
        _SHARED_STRINGS.reset(token)
        workbook.close()


def _read_workbook(workbook: Any, raw: bytes, name: str, merges: Mapping[str, Sequence[Range]]) -> ReadResult:
    meta = _metadata(workbook, name)
    table_lines = {kind: _table_lines(_find_table_lines(workbook, kind, merges)) for kind in TableKind}
    if not any(table_lines.values()):
        found = ", ".join(workbook.sheetnames) or "no sheets"
        raise ReadError(
            name,
            [
                Problem(
                    "workbook",
                    "expected the tables of an annual report (sheets with rows such as "
                    f"“{RequestRow.NEW.label}”), found sheets: {found}",
                )
            ],
        )
    reader = _Reader()
    version = _version(meta.get("version")) or _detect_version(
        line for lines in table_lines.values() for line in lines
    )
    year = meta.get("year")
    if version is None:
        version = (
            TemplateVersion.V2021 if not isinstance(year, int) or year >= 2021 else TemplateVersion.V2019
        )
        reader.add("read-version-guessed", Location(), actual=version.value, year=year)
    tables = {kind: reader.table(kind, version, table_lines[kind], TABLE_CLASSES[kind]) for kind in TableKind}
    tables = _compute_uncached_formulas(tables, raw, reader)
    if not isinstance(year, int) or isinstance(year, bool):
        raise ReadError(
            name,
            [Problem(f"'{META_SHEET}'!C3", f"expected the reporting year as a whole number, found {year!r}")],
        )
    texts, headings = _texts(workbook)
    published = meta.get("published")
    try:
        metadata = Metadata(
            agency=_unescape(str(meta.get("agency") or "")),
            year=year,
            version=version,
            title=_optional_text(meta.get("title")),
            published=_date(published),
            source=_optional_text(meta.get("source")),
        )
        report = AnnualReport(
            metadata=metadata,
            overview=texts.get("overview"),
            active_disclosure=tables[TableKind.ACTIVE_DISCLOSURE],  # type: ignore[arg-type]
            requests=tables[TableKind.REQUESTS],  # type: ignore[arg-type]
            review_litigation=tables[TableKind.REVIEW_LITIGATION],  # type: ignore[arg-type]
            problems=texts.get("problems"),
            other_matters=texts.get("other_matters"),
            headings=headings,
            preamble=texts.get("preamble"),
        )
    except ValueError as error:
        raise ReadError(name, [Problem(f"'{META_SHEET}'", str(error))]) from None
    return ReadResult(report, tuple(reader.findings), reader.sources, name)


def _version(value: object) -> TemplateVersion | None:
    try:
        return TemplateVersion(str(value)) if value is not None else None
    except ValueError:
        return None


def _optional_text(value: object) -> str | None:
    return None if value is None else _unescape(str(value))


def _date(value: object) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _compute_uncached_formulas(
    tables: dict[TableKind, _Table[Any, Any]], raw: bytes, reader: _Reader
) -> dict[TableKind, _Table[Any, Any]]:
    """Compute the totals whose formula has no cached result, from the values read; say so."""
    blanks = [(kind, cell) for kind, table in tables.items() for cell in table.blanks()]
    if not blanks:
        return tables
    positions = [reader.sources.get((kind, cell.row.key, cell.column.key)) for kind, cell in blanks]
    formulas = _formulas(raw, positions)
    result = dict(tables)
    for kind, cell in blanks:
        position = reader.sources.get((kind, cell.row.key, cell.column.key))
        formula = formulas.get(position) if position is not None else None
        if not (isinstance(formula, str) and formula.startswith("=")):
            continue
        table = result[kind]
        spec = table.spec
        if cell.column.key in spec.column_sums and cell.row.key not in spec.row_sums:
            value = table.sum_of((cell.row.key, part) for part in spec.column_sums[cell.column.key])
        elif cell.row.key in spec.row_sums:
            value = table.sum_of((part, cell.column.key) for part in spec.row_sums[cell.row.key])
        else:
            continue
        if value is None:
            continue
        result[kind] = table.replace({(cell.row.key, cell.column.key): value})
        reader.add(
            "read-formula-computed",
            Location(
                section=kind.section,
                table=kind,
                row=cell.row.key,
                column=cell.column.key,
                source=position,
            ),
            actual=value,
            formula=formula,
        )
    return result


def _formulas(raw: bytes, positions: Iterable[str | None]) -> dict[str, object]:
    """The formulas (or values) of some cells, given as ``'sheet'!A1``, read in one pass per sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    wanted: dict[str, dict[tuple[int, int], str]] = {}
    for position in positions:
        if position is None:
            continue
        sheet_name, _, address = position.rpartition("!")
        letters, row = coordinate_from_string(address)
        wanted.setdefault(sheet_name.strip("'"), {})[(row, column_index_from_string(letters))] = position
    found: dict[str, object] = {}
    workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    try:
        for sheet_name, cells in wanted.items():
            sheet = workbook[sheet_name]
            sheet.reset_dimensions()
            first_row, last_row = min(r for r, _ in cells), max(r for r, _ in cells)
            first_col, last_col = min(c for _, c in cells), max(c for _, c in cells)
            rows = sheet.iter_rows(
                min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col, values_only=True
            )
            for row_number, row in enumerate(rows, start=first_row):
                for column_number, value in enumerate(row, start=first_col):
                    position = cells.get((row_number, column_number))
                    if position is not None:
                        found[position] = value
    finally:
        workbook.close()
    return found
