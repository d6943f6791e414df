"""Page geometry shared by the PDF and OCR readers: from a page's cells and lines to a document's lines.

Both readers find on each page its ruling lines and its text, the PDF reader from the text layer
(:mod:`.pdf`), the OCR reader from the image (:mod:`.ocr`). From there the work is the same, and is here:

- the cells the rules make (:func:`ruled_cells`), with the open ends of a table cut by a page break
  closed; the frames among them (:func:`frame_cells`: a cell holding another is a web page's layout
  table, not a table of the form); the cells grouped into table rows (:func:`table_rows`);
- the document in reading order (:func:`document_lines`): each page's rows and lines of running text
  (:data:`Page`), running headers, footers and page numbers left out, wrapped lines joined into
  paragraphs, and a row cut by a page break joined again with its part on the next page.

The distances that decide what lines up are one settings object, :data:`TOLERANCES`. Nothing here reads
a file or knows how its page was drawn: pdfplumber's edge functions are imported when cells are built.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from operator import itemgetter
from typing import Any, Final

import attrs

from ..._model import SourcePosition
from .assemble import Line, is_row_label, table_row
from .normalize import parse_cell
from .pdf_limits import LimitReached

__all__ = [
    "FRAME_TEXT",
    "MAX_CROSSINGS",
    "MAX_RULE_PAIRS",
    "PAGE_NUMBER",
    "TOLERANCES",
    "Box",
    "Page",
    "Row",
    "TextLine",
    "Tolerances",
    "document_lines",
    "frame_cells",
    "ruled_cells",
    "table_rows",
]


@attrs.frozen
class Tolerances:
    """The distances within which a page's rules, cells and lines are taken as one (points, but the zone)."""

    align: float = 3.0
    """Cells whose edges are this close line up (a row's parts on two pages, a table's cut edge)."""
    snap: float = 2.0
    """Rules this close are one rule (the two sides of a thin rectangle); a blank row is taller."""
    row: float = 1.0
    """Cells whose tops are this close form a row (a scan's reader asks for more: its rules jitter)."""
    margin_zone: float = 0.12
    """The share of a page's height, at its top and at its bottom, where running headers, footers and page
    numbers are."""


TOLERANCES: Final = Tolerances()
"""The tolerances both readers use."""
FRAME_TEXT: Final = 80
"""Characters: more than any cell of the form holds (the longest label has 35), so a layout frame."""
MAX_RULE_PAIRS: Final = 250_000
"""Horizontal rules times vertical rules on a page (a report's table has a few hundred)."""
MAX_CROSSINGS: Final = 5_000
"""Points where a page's rules cross (pdfplumber builds cells in time quadratic in them)."""


# A page number as printed: "— 5 —", "- 5 -", "第5页", "第 5 页 共 9 页", "5/9". A bare number is one
# only when it recurs at the same place on other pages (see _running): it may be the text's own.
# Possessive: a long line of spaces is refused in one pass, not retried at every split.
PAGE_NUMBER: Final = re.compile(
    r"^(?=.*[\-—–－·第页/])[\s\-—–－·第页/]*+\d{1,4}+[\s\-—–－·页/共]*+\d{0,4}+[\s\-—–－·页]*+$"
)
_SECTION_START: Final = re.compile(r"^[一二三四五六七八九十]+[、.．]")

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in points from the page's top left corner."""


@attrs.frozen
class TextLine:
    """A line of running text at its place on its page, and its font size."""

    page: int
    box: Box
    text: str
    size: float
    lead: float
    """The width of what begins the line and could not have ended the line before: a word, or one
    Chinese character with the punctuation that may not be parted from it."""


@attrs.frozen
class Row:
    """A table row: its cells left to right, and whether its top or bottom edge was cut by a page break."""

    page: int
    table: int
    number: int
    cells: tuple[tuple[Box, str], ...]
    cut_top: bool
    cut_bottom: bool

    @property
    def top(self) -> float:
        """The top of the row's highest cell."""
        return min(box[1] for box, _ in self.cells)

    @property
    def is_heading(self) -> bool:
        """Whether the row holds neither a row label nor a value (column headings, or nothing)."""
        return not any(is_row_label(text) or _is_value(text) for _, text in self.cells)

    def line(self) -> Line:
        """The row as a line of the document, for the shared assembly."""
        return table_row([text for _, text in self.cells], self.table, self.number, page=self.page)

    def joined(self, rest: Row) -> Row | None:
        """This row with its part on the next page, or ``None`` if the parts' cells do not line up.

        The parts line up from the right: the next page may draw again the cells of the row's groups
        (their labels stay on the first page), which must then be empty. A value on both parts means two
        rows, not one.
        """
        extra = len(rest.cells) - len(self.cells)
        if extra < 0 or any(text for _, text in rest.cells[:extra]):
            return None
        pairs = list(zip(self.cells, rest.cells[extra:], strict=True))
        align = TOLERANCES.align
        if any(abs(a[0] - b[0]) > align or abs(a[2] - b[2]) > align for (a, _), (b, _) in pairs):
            return None
        if any(_is_value(first) and _is_value(more) for (_, first), (_, more) in pairs):
            return None
        cells = tuple((box, text + more) for (box, text), (_, more) in pairs)
        return attrs.evolve(self, cells=cells, cut_bottom=rest.cut_bottom)

    def continued_by(self, rest: Row) -> Row | None:
        """This row joined with the first row of the next page, if that row is its continuation.

        A continuation has no row label of its own. It is one when the page break cut both parts open (no
        rule at the break, as browsers print), or when the two parts together have a row label (a label
        wrapped over the break, as office suites print, with a rule on each side).
        """
        if rest.page <= self.page or any(is_row_label(text) for _, text in rest.cells):
            return None
        joined = self.joined(rest)
        if joined is None:
            return None
        if (self.cut_bottom and rest.cut_top) or any(is_row_label(text) for _, text in joined.cells):
            return joined
        return None


def _is_value(text: str) -> bool:
    return bool(text) and parse_cell(text).value is not None


# --- the tables of a page -------------------------------------------------------------------------------


def _clusters(values: Sequence[tuple[float, float]]) -> Iterator[list[tuple[float, float]]]:
    """``(y, x)`` points grouped by y, points closer than the tolerance together."""
    group: list[tuple[float, float]] = []
    snap = TOLERANCES.snap
    for point in sorted(values):
        if group and point[0] - group[-1][0] > snap:
            yield group
            group = []
        group.append(point)
    if group:
        yield group


def ruled_cells(rules: Sequence[dict[str, Any]]) -> tuple[list[Box], set[float]]:
    """The table cells a page's rules make, and the y of the rules added where a page break cut a table."""
    from pdfplumber.table import merge_edges
    from pdfplumber.utils.geometry import filter_edges

    # The rules, snapped and joined where they nearly meet, then those of 3 points or more: pdfplumber's
    # "lines" strategy, without the table finding this reader does its own way.
    snap = TOLERANCES.snap
    strokes = filter_edges(list(rules), min_length=1)
    edges: list[dict[str, Any]] = filter_edges(merge_edges(strokes, snap, snap, snap, snap), min_length=3)
    horizontal = [edge for edge in edges if edge["orientation"] == "h"]
    pairs = len(horizontal) * (len(edges) - len(horizontal))
    if pairs > MAX_RULE_PAIRS:
        raise LimitReached(f"a page has {pairs} crossings of rules to test, more than {MAX_RULE_PAIRS}")
    open_ends: list[tuple[float, float]] = []
    for edge in edges:
        if edge["orientation"] != "v":
            continue
        x = edge["x0"]
        for y in (edge["top"], edge["bottom"]):
            if not any(
                h["x0"] - snap <= x <= h["x1"] + snap and abs(h["top"] - y) <= snap for h in horizontal
            ):
                open_ends.append((y, x))
    cut: set[float] = set()
    for group in _clusters(open_ends):
        if len(group) < 2:
            continue  # a lone rule is not a table's cut edge
        y = group[0][0]
        left, right = min(x for _, x in group), max(x for _, x in group)
        edges.append(
            {"x0": left, "x1": right, "top": y, "bottom": y, "width": right - left, "height": 0.0}
            | {"orientation": "h", "object_type": "line"}
        )
        cut.add(y)
    intersections = _intersections(edges, snap, snap)
    if len(intersections) > MAX_CROSSINGS:
        raise LimitReached(f"a page's rules cross at more than {MAX_CROSSINGS} points")
    return _intersection_cells(intersections), cut


_Crossings = dict[tuple[float, float], tuple[set[Box], set[Box]]]
"""Where rules cross: each point, and the boxes of the vertical and horizontal rules through it."""


def _intersections(edges: Sequence[dict[str, Any]], x_tolerance: float, y_tolerance: float) -> _Crossings:
    """Where the rules cross, as pdfplumber's ``edges_to_intersections`` finds it, each rule as its box.

    The same points in the same order: the vertical rules by x and top, each with the horizontal rules
    by top and x that it meets (those whose top is near its span, found by bisection, then tested as
    pdfplumber tests them), instead of every horizontal rule sorted again for each vertical one.
    """
    vertical = sorted((e for e in edges if e["orientation"] == "v"), key=itemgetter("x0", "top"))
    horizontal = sorted((e for e in edges if e["orientation"] == "h"), key=itemgetter("top", "x0"))
    tops = [h["top"] for h in horizontal]
    crossings: _Crossings = {}
    for v in vertical:
        # A margin of a point beyond the test: the bisection only narrows, the test decides.
        low = bisect_left(tops, v["top"] - y_tolerance - 1.0)
        high = bisect_right(tops, v["bottom"] + y_tolerance + 1.0)
        for h in horizontal[low:high]:
            if (
                (v["top"] <= (h["top"] + y_tolerance))
                and (v["bottom"] >= (h["top"] - y_tolerance))
                and (v["x0"] >= (h["x0"] - x_tolerance))
                and (v["x0"] <= (h["x1"] + x_tolerance))
            ):
                vertex = (v["x0"], h["top"])
                through = crossings.get(vertex)
                if through is None:
                    through = crossings[vertex] = (set(), set())
                through[0].add((v["x0"], v["top"], v["x1"], v["bottom"]))
                through[1].add((h["x0"], h["top"], h["x1"], h["bottom"]))
    return crossings


def _intersection_cells(crossings: _Crossings) -> list[Box]:
    """The cells the crossings make, as pdfplumber's ``intersections_to_cells``: each point's smallest.

    The same search (the points below it, then those right of it, joined by a rule to it, and the
    point closing the cell joined to both), each point's rules made into sets once rather than at every
    test, and the points below and right of it found among those of its column and row.
    """
    points = sorted(crossings)
    columns: dict[float, list[tuple[float, float]]] = {}
    rows: dict[float, list[tuple[float, float]]] = {}
    places: list[tuple[int, int]] = []  # each point's place in its column and its row
    for point in points:  # each list in the points' order
        column, row = columns.setdefault(point[0], []), rows.setdefault(point[1], [])
        places.append((len(column), len(row)))
        column.append(point)
        row.append(point)

    def joined(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        if p1[0] == p2[0] and not crossings[p1][0].isdisjoint(crossings[p2][0]):
            return True
        return p1[1] == p2[1] and not crossings[p1][1].isdisjoint(crossings[p2][1])

    cells: list[Box] = []
    for point, (in_column, in_row) in zip(points, places, strict=True):
        below = columns[point[0]][in_column + 1 :]
        right = rows[point[1]][in_row + 1 :]
        cell = _smallest_cell(point, below, right, crossings, joined)
        if cell is not None:
            cells.append(cell)
    return cells


def _smallest_cell(
    point: tuple[float, float],
    below: Sequence[tuple[float, float]],
    right: Sequence[tuple[float, float]],
    crossings: _Crossings,
    joined: Any,
) -> Box | None:
    for below_point in below:
        if not joined(point, below_point):
            continue
        for right_point in right:
            if not joined(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in crossings and joined(corner, right_point) and joined(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


def frame_cells(cells: Sequence[Box]) -> set[Box]:
    """The cells holding another cell's centre: frames around a table, not cells of it."""
    centres = sorted(((c[0] + c[2]) / 2, (c[1] + c[3]) / 2, c) for c in cells)
    across = [x for x, _, _ in centres]
    return {
        cell
        for cell in cells
        if any(
            other != cell and cell[1] <= y <= cell[3]
            for _, y, other in centres[bisect_left(across, cell[0]) : bisect_right(across, cell[2])]
        )
    }


def table_rows(
    cells: Sequence[Box],
    texts: Mapping[Box, str],
    cut: set[float],
    number: int,
    first_table: int,
    *,
    row_tolerance: float = TOLERANCES.row,
    least_cells: int = 1,
) -> tuple[list[Row], list[Box]]:
    """A page's cells as table rows, and the boxes of its tables; shared with the OCR reader.

    Cells whose tops are within ``row_tolerance`` points form a row (a scan's rules jitter by a pixel);
    a group of fewer than ``least_cells`` cells is not a table (a scan's lone box around a page number).
    """
    from pdfplumber.table import cells_to_tables

    rows: list[Row] = []
    boxes: list[Box] = []
    for table in cells_to_tables(list(cells)):
        if len(table) < least_cells:
            continue
        table_number = first_table + len(boxes)
        box = (
            min(c[0] for c in table),
            min(c[1] for c in table),
            max(c[2] for c in table),
            max(c[3] for c in table),
        )
        boxes.append(box)
        grouped: list[list[Box]] = []
        for cell in sorted(table, key=lambda c: (c[1], c[0])):
            if grouped and cell[1] - grouped[-1][0][1] <= row_tolerance:
                grouped[-1].append(cell)
            else:
                grouped.append([cell])
        for row_number, row_cells in enumerate(grouped, start=1):
            ordered = sorted(row_cells)
            rows.append(
                Row(
                    page=number,
                    table=table_number,
                    number=row_number,
                    cells=tuple((c, texts[c]) for c in ordered),
                    cut_top=row_number == 1 and any(abs(box[1] - y) <= TOLERANCES.align for y in cut),
                    cut_bottom=max(c[3] for c in ordered) >= box[3] - 1.0
                    and any(abs(box[3] - y) <= TOLERANCES.align for y in cut),
                )
            )
    return rows, boxes


def _in_margin(line: TextLine, height: float) -> bool:
    zone = TOLERANCES.margin_zone
    return line.box[3] < height * zone or line.box[1] > height * (1 - zone)


def _running(lines: Sequence[TextLine], heights: dict[int, float]) -> set[TextLine]:
    """Page numbers, and headers and footers repeated at the same place on several pages."""
    # A line's shape: its place, and its text with the numbers (page numbers, dates) left out.
    shapes = {
        line: (round(line.box[1]), re.sub(r"\d+", "#", line.text))
        for line in lines
        if _in_margin(line, heights[line.page])
    }
    recurring = Counter(shapes.values())
    return {line for line, shape in shapes.items() if PAGE_NUMBER.match(line.text) or recurring[shape] > 1}


def _continues(before: TextLine, after: TextLine, left: float, right: float, gap: float) -> bool:
    """Whether ``after`` is the next line of ``before``'s paragraph."""
    size = before.size
    if abs(after.size - size) > 0.1 * size:
        return False  # a title over its text
    # A wrapped line ends short of the margin by no more than what begins the next line (a word, or a
    # character with punctuation that may not begin a line) and a little spacing.
    if before.box[2] < right - 2.5 * size and before.box[2] + after.lead < right - size:
        return False
    if _SECTION_START.match(after.text):
        return False
    indent = after.box[0] - left
    centred = before.box[0] <= left + size and abs(indent - (right - after.box[2])) <= size
    if indent > 0.5 * size and not centred:
        return False  # indented (a centred line goes on a centred line that filled the width: a title)
    # Not set apart by paragraph spacing (a page break is no paragraph break).
    return after.page != before.page or after.box[1] - before.box[3] <= gap + 0.3 * size


Page = tuple[list[Row], list[TextLine]]


def document_lines(pages: Sequence[Page], heights: dict[int, float]) -> list[Line]:
    """The document's paragraphs and table rows in reading order, for the shared assembly."""
    texts = [line for _, page_text in pages for line in page_text]
    running = _running(texts, heights)
    body = [line for line in texts if line not in running]
    # The text's margins, for each shape of page: a document may mix portrait and landscape pages (a
    # printed workbook does), and a line fills the width of its own page.
    margins: dict[int, tuple[float, float]] = {}
    for line in body:
        shape = round(heights[line.page])
        low, high = margins.get(shape, (line.box[0], line.box[2]))
        margins[shape] = (min(low, line.box[0]), max(high, line.box[2]))
    # The commonest space between two lines on a page: the one between lines of a paragraph.
    gaps = Counter(round(b.box[1] - a.box[3], 1) for a, b in itertools.pairwise(body) if a.page == b.page)
    gap = gaps.most_common(1)[0][0] if gaps else 0.0

    items: list[Row | TextLine] = []
    for rows, page_text in pages:
        page_items: list[Row | TextLine] = [*rows, *(line for line in page_text if line not in running)]
        page_items.sort(key=lambda item: item.top if isinstance(item, Row) else item.box[1])
        items.extend(page_items)

    lines: list[Line] = []
    paragraph: list[TextLine] = []
    # The last table row (not a column heading) and its line: a row on a later page may continue it,
    # after the column headings that page repeats. Column headings are the rows at the top of a table
    # before any row holding a label or a value.
    last: tuple[int, Row] | None = None
    headings: set[tuple[str, ...]] = set()
    started: set[int] = set()
    for item in items:
        if isinstance(item, TextLine):
            left, right = margins.get(round(heights[item.page]), (0.0, 0.0))
            if paragraph and not _continues(paragraph[-1], item, left, right, gap):
                lines.append(_paragraph(paragraph, *_margins_of(paragraph[0], margins, heights)))
                paragraph = []
            paragraph.append(item)
            last = None
            continue
        shown = tuple(text for _, text in item.cells)
        if last is not None and item.page > last[1].page and shown not in headings:
            joined = last[1].continued_by(item)
            if joined is not None:
                lines[last[0]] = joined.line()
                last = (last[0], joined)
                continue
        if paragraph:
            lines.append(_paragraph(paragraph, *_margins_of(paragraph[0], margins, heights)))
            paragraph = []
        lines.append(item.line())
        if shown in headings or (item.is_heading and item.table not in started):
            headings.add(shown)
        else:
            started.add(item.table)
            last = (len(lines) - 1, item)
    if paragraph:
        lines.append(_paragraph(paragraph, *_margins_of(paragraph[0], margins, heights)))
    return lines


def _margins_of(
    line: TextLine, margins: dict[int, tuple[float, float]], heights: dict[int, float]
) -> tuple[float, float]:
    return margins.get(round(heights[line.page]), (0.0, 0.0))


def _paragraph(lines: Sequence[TextLine], left: float, right: float) -> Line:
    # A paragraph that starts well right of the margin is set apart, as a signature is.
    apart = lines[0].box[0] - left > 0.3 * (right - left)
    return Line(("".join(line.text for line in lines),), SourcePosition(page=lines[0].page), apart=apart)
