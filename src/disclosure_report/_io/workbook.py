"""The library's own workbook layout, shared by the XLSX writer and reader: sheets, names, fields, escaping.

Each table has a sheet of its own with a workbook-level defined name over it; the report's information and
its text sections have sheets too. Text is escaped reversibly on its way into a cell: characters XML cannot
hold, and look-alikes of the ``_xHHHH_`` escapes spreadsheet applications use themselves.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Final

from .._form import Section, TableKind
from .._model import plain

__all__ = [
    "ABSENT",
    "APPENDIX_MARK",
    "CHUNK",
    "DEFINED_NAMES",
    "FINDINGS_SHEET",
    "GENERATOR_LABEL",
    "INSTRUCTIONS_SHEET",
    "LINE_BREAK",
    "MAX_PIECE",
    "META_FIELDS",
    "META_HEADERS",
    "META_SHEET",
    "OPENING_SHEET",
    "PRESENT",
    "STRUCTURE_HEADERS",
    "STRUCTURE_SHEET",
    "TABLE_SHEETS",
    "TEMPLATE_LABEL",
    "TEXT_SHEET",
    "escape",
    "number_text",
    "pieces",
    "unescape",
]

META_SHEET: Final = "报告信息"
OPENING_SHEET: Final = Section.OVERVIEW.label
"""The first sheet: the report's title, its preamble and section 一, as a printed report opens."""
TEXT_SHEET: Final = "文字部分"
"""Sections 五 and 六, after the tables (before 0.2: every text part)."""
FINDINGS_SHEET: Final = "校验结果"
APPENDIX_MARK: Final = "附："
"""Heads the sheets that follow the report (附：报告信息, 附：校验结果): a reader of the printed workbook
ends the report's text there."""
TABLE_SHEETS: Final = {
    TableKind.ACTIVE_DISCLOSURE: "二、主动公开",
    TableKind.REQUESTS: "三、依申请公开",
    TableKind.REVIEW_LITIGATION: "四、复议诉讼",
}
DEFINED_NAMES: Final = {kind: f"disclosure_{kind.key}" for kind in TableKind}
"""The workbook-level name over each table's range (labels and values)."""

META_FIELDS: Final = (
    ("agency", "报告机关"),
    ("year", "报告年度"),
    ("version", "格式版本"),
    ("title", "标题"),
    ("published", "发布日期"),
    ("source", "来源"),
    ("region", "地区"),
    ("division_code", "行政区划代码"),
    ("level", "机构层级"),
)
META_HEADERS: Final = ("项目", "内容")
"""The information sheet: a title row, the 项目/内容 header, then one row per field (label, value)."""
INSTRUCTIONS_SHEET: Final = "填报说明"
"""The template's first sheet: how to fill it in."""
STRUCTURE_SHEET: Final = "文字结构"
"""A hidden sheet: which row of the text sheets holds which part's heading or paragraph. The text sheets
hold only what a person reads (a reader's facts in hidden columns still print in some applications)."""
STRUCTURE_HEADERS: Final = ("工作表", "行", "部分", "标记", "标题")
LINE_BREAK: Final = "换行"
"""The mark of a paragraph that a line break comes before."""
MAX_PIECE: Final = 1_000
"""Characters of a paragraph per cell: a row of about twenty lines, within the height a row can have."""
GENERATOR_LABEL: Final = "生成工具"
TEMPLATE_LABEL: Final = "填报模板"
PRESENT: Final = "有"
"""Written beside a text section that the report has (its text may be empty)."""
ABSENT: Final = "无"
"""Written beside a text section that the report does not have: an empty cell cannot tell the two apart."""
CHUNK: Final = 30_000
"""Characters of a text per cell (below Excel's 32,767): a longer text takes several rows."""

# XML cannot hold most control characters, and a parser turns \r into \n: both are escaped.
_ILLEGAL: Final = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LIKE: Final = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ESCAPED: Final = re.compile(r"_x([0-9A-Fa-f]{4})_")


def pieces(text: str) -> list[tuple[str, bool]]:
    """A text as the text sheet's rows: its paragraphs (long ones in pieces), line breaks marked.

    Each piece comes with whether a line break comes before it.

    Joined back, with a line break where marked, they are the text exactly.
    """
    found: list[tuple[str, bool]] = []
    for number, paragraph in enumerate(text.split("\n")):
        parts = [paragraph[i : i + MAX_PIECE] for i in range(0, len(paragraph), MAX_PIECE)] or [""]
        found.extend((part, number > 0 and index == 0) for index, part in enumerate(parts))
    return found if text else []


def number_text(value: float) -> str:
    """A number cell's value as the reader reads it.

    A whole number as digits, else the shortest decimal that is the float, in plain notation
    (``0.00001``, not ``1e-05``).
    """
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return plain(Decimal(repr(value))) if math.isfinite(value) else repr(value)


def escape(text: str) -> str:
    """Text as an XLSX string: ``_xHHHH_`` look-alikes guarded, characters XML cannot hold escaped."""
    text = _ESCAPE_LIKE.sub(r"_x005F_\1", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def unescape(text: str, *, shared: bool) -> str:
    """The text :func:`escape` wrote.

    openpyxl returns inline strings (the library's own) as written, but shared strings (what Excel and
    LibreOffice save) with ``_x005F_`` already turned into ``_``: in those only the escapes of unwritable
    characters remain (``shared``).
    """
    if shared:
        return _ESCAPED.sub(lambda m: _control(m.group(0), int(m.group(1), 16)), text)
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def _control(escaped: str, code: int) -> str:
    character = chr(code)
    return character if _ILLEGAL.fullmatch(character) else escaped
