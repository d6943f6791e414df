"""How a written workbook prints: a CJK font, row heights for wrapped text, A4 pages with their titles.

Spreadsheet applications do not size rows for wrapped text in merged cells, and LibreOffice does not
size them at all when it converts a file it did not save: a row keeps the height the file states. So the
writer states every row's height, from the text each cell holds and the width it has.

Rows a person types in are the exception: a stated height is fixed (Excel, WPS and LibreOffice never
grow it, so a typed paragraph printed as one clipped line), while a row without one is fitted to its
text as it is typed. A row cannot be taller than :data:`MAX_ROW_HEIGHT` nor break across pages, so a
typed cell is held to what such a row prints (:func:`typed_text_rule`).

openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "FONT_NAME",
    "FONT_SIZE",
    "LINE_HEIGHT",
    "MAX_ROW_HEIGHT",
    "TYPED_LINES",
    "apply_font",
    "fit_rows",
    "page",
    "typed_text_rule",
    "width_of",
]

FONT_NAME: Final = "SimSun"
"""宋体, the font of printed government documents; where it is missing (LibreOffice on Linux), the
application substitutes a CJK font, helped by the GB2312 character set the font entry names."""
FONT_SIZE: Final = 10.5
"""五号, the size of body text in government documents."""
LINE_HEIGHT: Final = 15.0
"""Points per line of wrapped text at :data:`FONT_SIZE`, with the leading applications add."""
PAGE_WIDTH: Final = 72
"""Column-width units that fit an A4 portrait page in Excel and in LibreOffice alike: LibreOffice on
Linux measures a unit about a third wider than Excel, and does not shrink a page of wrapped text to fit."""
LANDSCAPE_WIDTH: Final = 110
"""The same for an A4 landscape page."""
MAX_ROW_HEIGHT: Final = 409.0
"""The tallest row a spreadsheet application keeps (Excel's limit)."""
TYPED_LINES: Final = 26
"""The most lines a typed cell may print: 26 × :data:`LINE_HEIGHT` and the padding stay within
:data:`MAX_ROW_HEIGHT`, the tallest row Excel keeps (and far within an A4 page)."""
_PADDING: Final = 4.0
_DEFAULT_WIDTH: Final = 8.43
_CHARSET_GB2312: Final = 134


def width_of(text: str) -> int:
    """The width of a line of text in column-width units: 2 for a CJK (wide) character, 1 for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def lines_of(text: str, width: float) -> int:
    """How many lines a text wraps to in a cell this wide (column-width units)."""
    usable = max(width - 1.0, 2.0)
    return sum(max(1, math.ceil(width_of(line) / usable)) for line in text.split("\n"))


def apply_font(workbook: Workbook) -> None:
    """Every written cell in the CJK body font, keeping its weight and colour."""
    from openpyxl.styles import Font

    fonts: dict[tuple[Any, ...], Any] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                old = cell.font
                size = old.sz if old.sz and old.sz > 11 else FONT_SIZE  # a title keeps its size
                key = (bool(old.b), old.color.rgb if old.color is not None else None, size)
                font = fonts.get(key)
                if font is None:
                    font = fonts[key] = Font(
                        name=FONT_NAME, size=size, bold=old.b, color=old.color, charset=_CHARSET_GB2312
                    )
                cell.font = font


def typed_text_rule(width: float, cell: str) -> tuple[str, int, int]:
    """The data validation formula that holds a typed cell this wide to :data:`TYPED_LINES` lines.

    A line holds ``per_line`` wide characters (the narrowest an application renders them: two units
    each); a line break can end a line early, so it counts as a whole line. The formula allows
    ``LEN + per_line × breaks ≤ budget``: the printed lines are at most ``(LEN − breaks) / per_line +
    breaks + 1 ≤ budget / per_line + 1 = TYPED_LINES``. Narrow characters only make fewer lines.

    Args:
        width: The cell's width in column-width units.
        cell: The address the formula is relative to (the first cell of the range it validates).

    Returns:
        The formula (without ``=``), the characters a cell holds without line breaks, and ``per_line``.
    """
    per_line = int(max(width - 1.0, 2.0) // 2)
    budget = per_line * (TYPED_LINES - 1)
    breaks = f'LEN({cell})-LEN(SUBSTITUTE({cell},CHAR(10),""))'
    return f"LEN({cell})+{per_line}*({breaks})<={budget}", budget, per_line


def fit_rows(sheet: Worksheet, *, typed: Collection[int] = ()) -> None:
    """Set each row's height to hold the wrapped text of its cells, merged cells included.

    Rows in ``typed`` are where a person types: they get no stated height, so that the application
    fits them to what is typed.
    """
    from openpyxl.utils import get_column_letter

    widths: dict[int, float] = {}

    def width(column: int) -> float:
        if column not in widths:
            stated = sheet.column_dimensions[get_column_letter(column)].width
            widths[column] = stated if stated else _DEFAULT_WIDTH
        return widths[column]

    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        spans[(merged.min_row, merged.min_col)] = (merged.max_row - merged.min_row + 1, merged.max_col)
    needed: dict[int, float] = {}
    tall: list[tuple[int, int, float]] = []
    for row in sheet.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or cell.value.startswith("="):
                continue
            rows, last_column = spans.get((cell.row, cell.column), (1, cell.column))
            available = sum(width(c) for c in range(cell.column, last_column + 1))
            # Text that does not wrap runs on over empty neighbours: one line per line break.
            wrapped = cell.alignment is not None and cell.alignment.wrap_text
            lines = lines_of(cell.value, available) if wrapped else cell.value.count("\n") + 1
            height = lines * _line_height(cell) + _PADDING
            if rows == 1:
                needed[cell.row] = max(needed.get(cell.row, LINE_HEIGHT), height)
            else:
                tall.append((cell.row, rows, height))
    # A cell spanning rows shares its height among them: the rows grow evenly by what they lack.
    for first, rows, height in tall:
        have = sum(needed.get(r, LINE_HEIGHT + _PADDING) for r in range(first, first + rows))
        if height > have:
            extra = (height - have) / rows
            for r in range(first, first + rows):
                needed[r] = needed.get(r, LINE_HEIGHT + _PADDING) + extra
    for row, height in needed.items():
        if row in typed:
            continue
        sheet.row_dimensions[row].height = min(MAX_ROW_HEIGHT, math.ceil(height))


def _line_height(cell: Any) -> float:
    size = cell.font.sz if cell.font is not None and cell.font.sz else FONT_SIZE
    return LINE_HEIGHT * max(1.0, float(size) / FONT_SIZE)


def page(
    sheet: Worksheet,
    *,
    landscape: bool,
    title_rows: str | None = None,
    columns: str | None = None,
    fit_width: bool = True,
) -> None:
    """A4 in the orientation given, fitted to the page width, its title rows repeated on every page.

    ``columns`` (``"A:B"``) limits what prints to the columns a person reads: the reader's facts in
    hidden columns would otherwise be laid out beside them.
    """
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    if fit_width:
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.print_options.horizontalCentered = True
    if columns:
        sheet.print_area = f"{columns.replace(':', '1:')}{max(sheet.max_row, 1)}"
