"""Reading reports from PDF files with a text layer (exported from Word, WPS, or printed from a browser).

A PDF has no tables, only characters and lines at positions, so the tables are rebuilt from their ruling
lines:

- a rule is a stroked line or a thin rectangle; wider filled rectangles are cell shading and are ignored;
- where a table continues on the next page, browsers and office suites often leave the cut edge without
  a rule: the open ends of the vertical rules are closed with a rule of their own;
- a cell holding other cells, or more text than any cell of the form, is a frame (a web page's layout
  table) and its text is read as running text;
- each cell appears once, in the row where it starts, as HTML leaves out what a ``rowspan`` covers; the
  rows then go through the same alignment as every other reader, so a value is never shifted;
- a row cut by a page break is joined again cell by cell with its part on the next page (found after
  the column headings that page may repeat): when the break left both parts open, as browsers print, or
  when the parts' labels make a row label together, as office suites print with a rule on each side.

Text outside the tables is read line by line (characters grouped by baseline) in reading order; a line
continues into the next when it reaches the right margin, within what begins the next line and could not
have ended it, and the next line is neither indented, set apart by a gap, in another size, nor a section
heading (Chinese wraps without spaces). Running headers and footers (the same text at the same place on
several pages) and page numbers such as ``— 5 —`` are left out. A PDF without a text layer (a scan) is
read by OCR (:mod:`.scan`). Every stream is decoded by bounded decoders (:mod:`.pdf_limits`), so that a
decompression bomb is refused.

A page's characters and rules come from PDFium for the files office suites write, and from pdfplumber
otherwise; both give the same (:mod:`.pdf_layers`). pdfplumber and PDFium are imported only when a PDF is
read (the ``pdf`` extra).
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, Final

import attrs

from ..._form import TemplateVersion
from ..._model import SourcePosition
from ...exceptions import Problem, ReadError
from ..files import read_file
from .assemble import Line, ReadResult, assemble, check_content, deprecated_content, is_row_label, table_row
from .normalize import parse_cell
from .pdf_layers import PDFIUM, PageLayer, pdfium_layers, plumber_layer, vet
from .pdf_limits import (
    MAX_PAGE_OBJECTS,
    MAX_PDF_EXPANDED,
    MAX_PDF_OBJECTS,
    MAX_PDF_STREAM,
    LimitReached,
    limits,
    new_page,
)

__all__ = [
    "MAX_PAGE_OBJECTS",
    "MAX_PDF_BYTES",
    "MAX_PDF_EXPANDED",
    "MAX_PDF_OBJECTS",
    "MAX_PDF_PAGES",
    "MAX_PDF_STREAM",
    "from_pdf",
    "read_pdf",
]

MAX_PDF_BYTES: Final = 50 * 1024 * 1024
"""The largest PDF read."""
MAX_PDF_PAGES: Final = 200
"""The most pages read (an annual report has a handful)."""
MAX_LINE: Final = 1024 * 1024
"""Bytes without a line break: pdfminer reads a line in quadratic time, and PDF writers break lines."""
MAX_RULE_PAIRS: Final = 250_000
"""Horizontal rules times vertical rules on a page (a report's table has a few hundred)."""
MAX_CROSSINGS: Final = 5_000
"""Points where a page's rules cross (pdfplumber builds cells in time quadratic in them)."""

_TOLERANCE: Final = 3.0
"""Points: cells whose edges are this close line up."""
_SNAP: Final = 2.0
"""Points: rules this close are one rule (the two sides of a thin rectangle); a blank row is taller."""
_FRAME_TEXT: Final = 80
"""Characters: more than any cell of the form holds (the longest label has 35), so a layout frame."""
_MARGIN_ZONE: Final = 0.12
"""The top and bottom share of a page where running headers, footers and page numbers are."""
# A page number as printed: "— 5 —", "- 5 -", "第5页", "第 5 页 共 9 页", "5/9". A bare number is one
# only when it recurs at the same place on other pages (see _running): it may be the text's own.
# Possessive: a long line of spaces is refused in one pass, not retried at every split.
_PAGE_NUMBER: Final = re.compile(
    r"^(?=.*[\-—–－·第页/])[\s\-—–－·第页/]*+\d{1,4}+[\s\-—–－·页/共]*+\d{0,4}+[\s\-—–－·页]*+$"
)
_SECTION_START: Final = re.compile(r"^[一二三四五六七八九十]+[、.．]")

Box = tuple[float, float, float, float]
"""``(x0, top, x1, bottom)`` in points from the page's top left corner."""


# Fonts embedded by browsers often map ideographs to look-alike radicals (⼀ U+2F00 for 一, ⺠ U+2EA0 for
# 民). The Kangxi radicals decompose to their ideograph under NFKC; the supplement's do not, so their
# equivalents are listed (Unicode's EquivalentUnifiedIdeograph.txt, U+2E81 to U+2EF3). Nothing else is
# normalised.
_SUPPLEMENT: Final = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺕𫜹⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母"
    "⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿"
    "⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨"
    "⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)
_RADICALS: Final = {
    **{ord(pair[0]): pair[1] for pair in zip(_SUPPLEMENT[::2], _SUPPLEMENT[1::2], strict=True)},
    **{code: unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)},
}


def _text(text: str) -> str:
    return text.translate(_RADICALS)


@attrs.frozen
class _TextLine:
    """A line of running text at its place on its page, and its font size."""

    page: int
    box: Box
    text: str
    size: float
    lead: float
    """The width of what begins the line and could not have ended the line before: a word, or one
    Chinese character with the punctuation that may not be parted from it."""


@attrs.frozen
class _Row:
    """A table row: its cells left to right, and whether its top or bottom edge was cut by a page break."""

    page: int
    table: int
    number: int
    cells: tuple[tuple[Box, str], ...]
    cut_top: bool
    cut_bottom: bool

    @property
    def top(self) -> float:
        return min(box[1] for box, _ in self.cells)

    @property
    def is_heading(self) -> bool:
        """Whether the row holds neither a row label nor a value (column headings, or nothing)."""
        return not any(is_row_label(text) or _is_value(text) for _, text in self.cells)

    def line(self) -> Line:
        return table_row([text for _, text in self.cells], self.table, self.number, page=self.page)

    def joined(self, rest: _Row) -> _Row | None:
        """This row with its part on the next page, or ``None`` if the parts' cells do not line up.

        The parts line up from the right: the next page may draw again the cells of the row's groups
        (their labels stay on the first page), which must then be empty. A value on both parts means two
        rows, not one.
        """
        extra = len(rest.cells) - len(self.cells)
        if extra < 0 or any(text for _, text in rest.cells[:extra]):
            return None
        pairs = list(zip(self.cells, rest.cells[extra:], strict=True))
        if any(abs(a[0] - b[0]) > _TOLERANCE or abs(a[2] - b[2]) > _TOLERANCE for (a, _), (b, _) in pairs):
            return None
        if any(_is_value(first) and _is_value(more) for (_, first), (_, more) in pairs):
            return None
        cells = tuple((box, text + more) for (box, text), (_, more) in pairs)
        return attrs.evolve(self, cells=cells, cut_bottom=rest.cut_bottom)

    def continued_by(self, rest: _Row) -> _Row | None:
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
    for point in sorted(values):
        if group and point[0] - group[-1][0] > _SNAP:
            yield group
            group = []
        group.append(point)
    if group:
        yield group


def _cells(rules: Sequence[dict[str, Any]]) -> tuple[list[Box], set[float]]:
    """The table cells a page's rules make, and the y of the rules added where a page break cut a table."""
    from pdfplumber.table import merge_edges
    from pdfplumber.utils.geometry import filter_edges

    # The rules, snapped and joined where they nearly meet, then those of 3 points or more: pdfplumber's
    # "lines" strategy, without the table finding this reader does its own way.
    strokes = filter_edges(list(rules), min_length=1)
    edges: list[dict[str, Any]] = filter_edges(merge_edges(strokes, _SNAP, _SNAP, _SNAP, _SNAP), min_length=3)
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
                h["x0"] - _SNAP <= x <= h["x1"] + _SNAP and abs(h["top"] - y) <= _SNAP for h in horizontal
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
    intersections = _intersections(edges, _SNAP, _SNAP)
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


@attrs.frozen
class _Chars:
    """A page's characters, sorted by their centre's height so that those in a box are found quickly."""

    chars: list[dict[str, Any]]
    middles: list[float]

    @classmethod
    def of(cls, chars: Sequence[dict[str, Any]]) -> _Chars:
        ordered = sorted(chars, key=lambda c: c["top"] + c["bottom"])
        return cls(ordered, [(c["top"] + c["bottom"]) / 2 for c in ordered])

    def within(self, box: Box) -> list[dict[str, Any]]:
        start, end = bisect_left(self.middles, box[1]), bisect_right(self.middles, box[3])
        return [c for c in self.chars[start:end] if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]]


def _unique_chars(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A page's characters without those drawn twice (the same text, font and size within a point).

    pdfplumber's ``dedupe_chars`` with its defaults, in its order, but in n log n time: it orders what it
    keeps by ``chars.index``, a search of the page's list for each character (20 ms for a page of 900
    characters; 25 s for 20,000, which the limits allow). Its clustering is done here in place (its
    general ``cluster_objects`` cost more than the rest of the reading of a page): characters of one text,
    font and size are grouped by ``doctop`` where each is within a point of the one before, those by
    ``x0`` likewise, and of each group the topmost, leftmost, first drawn is kept. A character alone of
    its text, font and size (most are) is kept without sorting.
    """
    groups: dict[tuple[Any, ...], list[int]] = {}
    for index, char in enumerate(chars):
        key = (char["upright"], char["text"], char["fontname"], char["size"])
        if key[3] != key[3]:  # a NaN size: groups as pdfplumber's sort makes them, not by equality
            return _unique_chars_sorted(chars)
        groups.setdefault(key, []).append(index)
    kept: list[int] = []
    for indices in groups.values():
        if len(indices) == 1:
            kept.append(indices[0])
            continue
        group = [chars[index] for index in indices]
        order = {id(char): index for index, char in zip(indices, group, strict=True)}
        for line in _runs(group, "doctop"):
            for cluster in _runs(line, "x0"):
                first = min(cluster, key=lambda c: (c["doctop"], c["x0"], order[id(c)]))
                kept.append(order[id(first)])
    kept.sort()
    return [chars[index] for index in kept]


def _unique_chars_sorted(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`_unique_chars` by pdfplumber's grouping: sorted by text, font and size, then grouped."""
    order = {id(char): index for index, char in enumerate(chars)}
    key = itemgetter("upright", "text", "fontname", "size")
    kept: list[dict[str, Any]] = []
    for _, same in itertools.groupby(sorted(chars, key=key), key=key):
        group = list(same)
        if len(group) == 1:
            kept += group
            continue
        for line in _runs(group, "doctop"):
            for cluster in _runs(line, "x0"):
                kept.append(min(cluster, key=lambda c: (c["doctop"], c["x0"], order[id(c)])))
    return sorted(kept, key=lambda char: order[id(char)])


def _runs(chars: list[dict[str, Any]], field: str) -> Iterator[list[dict[str, Any]]]:
    """The characters in runs by ``field``, each value within a point of the one before (sorted)."""
    ordered = sorted(chars, key=itemgetter(field))
    run = [ordered[0]]
    for char in ordered[1:]:
        if char[field] <= run[-1][field] + 1:
            run.append(char)
        else:
            yield run
            run = [char]
    yield run


def _is_cjk(text: str) -> bool:
    return "\u2e80" <= text <= "\u9fff" or "\uf900" <= text <= "\uffef"


def _baseline(char: dict[str, Any]) -> float:
    # From the text matrix: characters of different fonts on one line (a Latin "2023" in a Chinese
    # title) share the baseline, not the top.
    return -float(char["matrix"][5]) if char.get("upright", True) else float(char["top"])


_OPENING: Final = "（([【《“‘〈「『"
_CLOSING: Final = "）)]】》”’〉」』、。，．,.：:；;！!？?"


def _lead(chars: Sequence[dict[str, Any]]) -> float:
    """The width of the line's first unit that cannot be broken (chars in order, without leading spaces)."""
    end = 0
    while end < len(chars) and chars[end]["text"] in _OPENING:
        end += 1
    if end < len(chars) and not _is_cjk(chars[end]["text"]):
        while end < len(chars) and not _is_cjk(chars[end]["text"]) and not chars[end]["text"].isspace():
            end += 1
    else:
        end += 1
    while end < len(chars) and chars[end]["text"] in _CLOSING:
        end += 1
    end = min(end, len(chars))
    return float(chars[end - 1]["x1"] - chars[0]["x0"]) if end else 0.0


def _lines(chars: Sequence[dict[str, Any]], page: int = 0) -> list[_TextLine]:
    """Characters as lines of text, top to bottom, each with its box and its commonest font size.

    A space is added only where characters stand far apart, and never between two Chinese characters.
    """
    return [_line(group, page) for group in _baselines(chars)]


def _baselines(chars: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The characters by line, as :func:`_lines` groups them: 0.3 em below the last baseline begins a line."""
    group: list[dict[str, Any]] = []
    last = 0.0
    for baseline, char in sorted([(_baseline(char), char) for char in chars], key=_FIRST):
        if group and baseline - last > 0.3 * max(char["size"], 1.0):
            yield group
            group = []
        group.append(char)
        last = baseline
    if group:
        yield group


def _cell_text(chars: Sequence[dict[str, Any]]) -> str:
    """A cell's text: its lines' texts joined (a wrapped label is one label: Chinese wraps without spaces).

    The text of ``_lines(chars)`` joined, without the boxes, sizes and leads a cell does not use.
    """
    return "".join(_line_text(sorted(group, key=_X0)) for group in _baselines(chars))


_FIRST: Final = itemgetter(0)
_X0: Final = itemgetter("x0")


def _line(group: list[dict[str, Any]], page: int) -> _TextLine:
    """A line of text of its characters (one baseline), as :func:`_lines` makes it."""
    ordered = sorted(group, key=_X0)
    x0, top, x1, bottom = group[0]["x0"], group[0]["top"], group[0]["x1"], group[0]["bottom"]
    sizes: dict[float, int] = {}
    for c in group:
        x0, top = min(x0, c["x0"]), min(top, c["top"])
        x1, bottom = max(x1, c["x1"]), max(bottom, c["bottom"])
        size = round(c["size"], 1)
        sizes[size] = sizes.get(size, 0) + 1
    commonest = max(sizes, key=sizes.__getitem__)  # the first of the commonest, as Counter.most_common
    visible = [c for c in ordered if not c["text"].isspace()]
    return _TextLine(page, (x0, top, x1, bottom), _line_text(ordered), commonest, _lead(visible))


def _line_text(ordered: list[dict[str, Any]]) -> str:
    """The text of a line's characters, ordered left to right."""
    # Office suites and browsers write spaces as characters. Gaps are not spaces: justification
    # spreads a line's gaps alike, and a quarter of an em is set between Chinese and Latin text
    # ("为2023年"). Only a gap wider than half an em beyond the line's usual one is taken for a space
    # (words placed apart by a writer that leaves spaces out).
    gaps = [after["x0"] - before["x1"] for before, after in itertools.pairwise(ordered)]
    usual = max(_median(gaps), 0.0) if gaps else 0.0
    text = ordered[0]["text"]
    for gap, before, after in zip(gaps, ordered, ordered[1:], strict=False):
        if (
            gap - usual > 0.6 * after["size"]
            and not (_is_cjk(after["text"]) and _is_cjk(before["text"]))
            and not after["text"].isspace()
            and not before["text"].isspace()
        ):
            text += " "
        text += after["text"]
    return _text(text).strip()


def _median(values: Sequence[float]) -> float:
    """``statistics.median``, the same float (the mean of the two middle values of an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _frames(cells: Sequence[Box]) -> set[Box]:
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


def _page_tables(
    rules: Sequence[dict[str, Any]], chars: _Chars, number: int, first_table: int
) -> tuple[list[_Row], list[Box]]:
    """The page's table rows in order, and the boxes of its tables (their text is not running text)."""
    cells, cut = _cells(rules)
    texts = {cell: _cell_text(chars.within(cell)) for cell in cells}
    frames = _frames(cells)
    kept = [cell for cell in cells if len(texts[cell].replace(" ", "")) <= _FRAME_TEXT and cell not in frames]
    return _table_rows(kept, texts, cut, number, first_table)


def _table_rows(
    cells: Sequence[Box],
    texts: Mapping[Box, str],
    cut: set[float],
    number: int,
    first_table: int,
    *,
    row_tolerance: float = 1.0,
    least_cells: int = 1,
) -> tuple[list[_Row], list[Box]]:
    """A page's cells as table rows, and the boxes of its tables; shared with the OCR reader.

    Cells whose tops are within ``row_tolerance`` points form a row (a scan's rules jitter by a pixel);
    a group of fewer than ``least_cells`` cells is not a table (a scan's lone box around a page number).
    """
    from pdfplumber.table import cells_to_tables

    rows: list[_Row] = []
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
                _Row(
                    page=number,
                    table=table_number,
                    number=row_number,
                    cells=tuple((c, texts[c]) for c in ordered),
                    cut_top=row_number == 1 and any(abs(box[1] - y) <= _TOLERANCE for y in cut),
                    cut_bottom=max(c[3] for c in ordered) >= box[3] - 1.0
                    and any(abs(box[3] - y) <= _TOLERANCE for y in cut),
                )
            )
    return rows, boxes


# --- running text ---------------------------------------------------------------------------------------


def _page_text(chars: _Chars, number: int, tables: Sequence[Box]) -> list[_TextLine]:
    """The page's lines of running text: its characters whose centre is in no table."""
    outside = chars.chars
    if tables and all(middle == middle for middle in chars.middles):  # no NaN: the order is a true one
        # Each table's characters found among those of its height (as a cell's are), not every character
        # tested against every table: a character's cost is the tables at its height, not all of them.
        inside: set[int] = set()
        for box in tables:
            start, end = bisect_left(chars.middles, box[1]), bisect_right(chars.middles, box[3])
            for place in range(start, end):
                c = chars.chars[place]
                if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]:
                    inside.add(place)
        outside = [c for place, c in enumerate(chars.chars) if place not in inside]
    elif tables:
        outside = []
        for c in chars.chars:
            x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
            if not any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for box in tables):
                outside.append(c)
    return [line for line in _lines(outside, number) if line.text]


def _in_margin(line: _TextLine, height: float) -> bool:
    return line.box[3] < height * _MARGIN_ZONE or line.box[1] > height * (1 - _MARGIN_ZONE)


def _running(lines: Sequence[_TextLine], heights: dict[int, float]) -> set[_TextLine]:
    """Page numbers, and headers and footers repeated at the same place on several pages."""
    # A line's shape: its place, and its text with the numbers (page numbers, dates) left out.
    shapes = {
        line: (round(line.box[1]), re.sub(r"\d+", "#", line.text))
        for line in lines
        if _in_margin(line, heights[line.page])
    }
    recurring = Counter(shapes.values())
    return {line for line, shape in shapes.items() if _PAGE_NUMBER.match(line.text) or recurring[shape] > 1}


def _continues(before: _TextLine, after: _TextLine, left: float, right: float, gap: float) -> bool:
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


_Page = tuple[list[_Row], list[_TextLine]]


def _document_lines(pages: Sequence[_Page], heights: dict[int, float]) -> list[Line]:
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

    items: list[_Row | _TextLine] = []
    for rows, page_text in pages:
        page_items: list[_Row | _TextLine] = [*rows, *(line for line in page_text if line not in running)]
        page_items.sort(key=lambda item: item.top if isinstance(item, _Row) else item.box[1])
        items.extend(page_items)

    lines: list[Line] = []
    paragraph: list[_TextLine] = []
    # The last table row (not a column heading) and its line: a row on a later page may continue it,
    # after the column headings that page repeats. Column headings are the rows at the top of a table
    # before any row holding a label or a value.
    last: tuple[int, _Row] | None = None
    headings: set[tuple[str, ...]] = set()
    started: set[int] = set()
    for item in items:
        if isinstance(item, _TextLine):
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
    line: _TextLine, margins: dict[int, tuple[float, float]], heights: dict[int, float]
) -> tuple[float, float]:
    return margins.get(round(heights[line.page]), (0.0, 0.0))


def _paragraph(lines: Sequence[_TextLine], left: float, right: float) -> Line:
    # A paragraph that starts well right of the margin is set apart, as a signature is.
    apart = lines[0].box[0] - left > 0.3 * (right - left)
    return Line(("".join(line.text for line in lines),), SourcePosition(page=lines[0].page), apart=apart)


def _long_line(raw: bytes) -> bool:
    """Whether the file has a run of bytes with no line break longer than allowed.

    A run of twice :data:`MAX_LINE` holds an aligned window of that size with no line break, which one
    pass of ``in`` over the windows finds.
    """
    return any(
        b"\n" not in raw[start : start + MAX_LINE] and b"\r" not in raw[start : start + MAX_LINE]
        for start in range(0, len(raw) - MAX_LINE + 1, MAX_LINE)
    )


def _limit_in(error: BaseException) -> LimitReached | None:
    """The limit reached beneath an exception that wraps it, if any."""
    seen: set[int] = set()
    pending: list[object] = [error]
    while pending:
        item = pending.pop()
        if isinstance(item, LimitReached):
            return item
        if isinstance(item, BaseException) and id(item) not in seen:
            seen.add(id(item))
            pending += [*item.args, item.__cause__, item.__context__]
    return None


def _page_objects(pdf: Any) -> list[Any]:
    """The document's pages as pdfminer finds them in its page tree (their content not yet interpreted).

    A tree of too many pages is refused at the first page beyond the limit, before the others are built.
    """
    from pdfminer.pdfpage import PDFPage

    pages = []
    for index, page_object in enumerate(PDFPage.create_pages(pdf.doc)):
        if index >= MAX_PDF_PAGES:
            raise LimitReached(f"the PDF has more than {MAX_PDF_PAGES} pages")
        pages.append(page_object)
    return pages


def _plumber_layers(pdf: Any, page_objects: Sequence[Any]) -> Iterator[PageLayer]:
    """Each page's layer through pdfplumber, built one at a time, each page's objects counted as its own."""
    from pdfplumber.page import Page

    top = 0.0
    for number, page_object in enumerate(page_objects, start=1):
        new_page(number)
        page = Page(pdf, page_object, page_number=number, initial_doctop=top)
        top += float(page.height)
        yield plumber_layer(page)


def _pdfium_layers(page_objects: Sequence[Any]) -> list[PageLayer] | None:
    """Each page's layer through PDFium, or ``None`` where it is not pdfminer's (:mod:`.pdf_layers`)."""
    try:
        import pypdfium2  # noqa: F401  (installed with pdfplumber; checked, not assumed)
    except ModuleNotFoundError:  # pragma: no cover - pdfplumber depends on it
        return None
    try:
        vetted = vet(page_objects)  # under the document's limits: a bomb is refused here
    except (LimitReached, RecursionError):
        raise
    except Exception:  # a damaged object pdfminer may not need to read: its own way decides
        return None
    if vetted is None or not PDFIUM.acquire(blocking=False):  # another thread is in PDFium
        return None
    try:
        with limits():  # counted afresh: pdfplumber refuses by its own counts where PDFium would
            return pdfium_layers(page_objects, vetted)
    except Exception:  # Unsupported, a limit reached, anything PDFium's way cannot take: pdfminer's way
        return None
    finally:
        PDFIUM.release()


@attrs.frozen
class TextLayer:
    """A PDF's text layer as the reader takes it: each page's table rows and lines of text."""

    pages: list[_Page]
    heights: dict[int, float]
    characters: int
    """Characters drawn in the whole document (none: a scan)."""
    title: str | None
    """The title in the document information."""
    engine: str
    """What read the pages: ``"pdfium"`` or ``"pdfplumber"``."""


def text_layer(data: bytes, name: str, *, pdfium: bool = True) -> TextLayer:
    """A PDF's pages parsed within the limits: each page's rows and lines, heights, its characters, title.

    Every limit of the reader applies (size, line length, streams, objects, pages), so the OCR reader
    parses a scan here first: a decompression bomb is refused before PDFium renders it. The pages are
    read by PDFium where it gives pdfminer's characters (``pdfium=False``: always by pdfplumber).

    Raises:
        ReadError: The data is too large, not a PDF, damaged, or beyond a limit.
    """
    if len(data) > MAX_PDF_BYTES:
        problem = Problem(
            "file", f"{len(data)} bytes is more than the limit of {MAX_PDF_BYTES}", "file-too-large"
        )
        raise ReadError(name, [problem])
    if data.lstrip()[:5] != b"%PDF-":
        problem = Problem("file", f"not a PDF file (it starts {data[:8]!r})", "format-mismatch")
        raise ReadError(name, [problem])
    if _long_line(data):
        message = f"more than {MAX_LINE} bytes without a line break (not a PDF an office suite writes)"
        raise ReadError(name, [Problem("file", message, "document-limit")])
    try:
        import pdfplumber
    except ModuleNotFoundError:  # pragma: no cover - the pdf extra is part of the test install
        raise ReadError(
            name,
            [
                Problem(
                    "file",
                    "reading PDF needs pdfplumber: pip install 'disclosure-report[pdf]'",
                    "dependency-missing",
                )
            ],
        ) from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged fonts are reported per glyph otherwise
    pages: list[_Page] = []
    heights: dict[int, float] = {}
    characters = 0
    title: str | None = None
    engine = "pdfium"
    try:
        with limits(), pdfplumber.open(io.BytesIO(data)) as pdf:
            title = _info_title(pdf)
            page_objects = _page_objects(pdf)
            layers: Iterable[PageLayer] | None = _pdfium_layers(page_objects) if pdfium else None
            if layers is None:
                engine, layers = "pdfplumber", _plumber_layers(pdf, page_objects)
            tables = 0
            for number, layer in enumerate(layers, start=1):
                characters += len(layer.chars)
                heights[number] = layer.height
                chars = _Chars.of(_unique_chars(layer.chars))
                rows, boxes = _page_tables(layer.rules, chars, number, tables + 1)
                tables += len(boxes)
                pages.append((rows, _page_text(chars, number, boxes)))
    except ReadError:
        raise
    except LimitReached as reached:
        raise ReadError(name, [Problem("file", str(reached), "document-limit")]) from None
    except RecursionError:
        raise ReadError(
            name, [Problem("file", "the PDF's objects nest too deeply to read", "document-limit")]
        ) from None
    except Exception as error:  # pdfminer raises many kinds for damaged files
        limit = _limit_in(error)
        if limit is not None:  # pdfplumber wraps what pdfminer raises
            raise ReadError(name, [Problem("file", str(limit), "document-limit")]) from None
        raise ReadError(
            name,
            [Problem("file", f"not a readable PDF: {type(error).__name__}: {error}", "document-damaged")],
        ) from None
    if not pages:
        problem = Problem("file", "the PDF has no pages (or its page tree is broken)", "document-damaged")
        raise ReadError(name, [problem])
    return TextLayer(pages, heights, characters, title, engine)


def from_pdf(
    data: bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from a PDF with a text layer, given as bytes.

    Args:
        data: The PDF's bytes.
        source: The input's name, for messages (``<pdf>`` by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.

    Raises:
        ReadError: The data is not a readable PDF, is too large, has no text layer (a scan: OCR would be
            needed), or holds no report.

    .. versionadded:: 0.1.0
    """
    check_content(data, "from_pdf", "read_pdf")
    name = source or "<pdf>"
    layer = text_layer(data, name)
    if layer.characters == 0:  # a scan: read by OCR when the extra is installed
        from .scan import missing_extra, ocr_available, read_checked

        if not ocr_available():
            raise missing_extra(name, "the PDF has no text layer (a scan?)")
        return read_checked(data, "pdf", name, agency=agency, year=year, version=version)
    lines = _document_lines(layer.pages, layer.heights)
    return assemble(lines, source=name, title=layer.title, agency=agency, year=year, version=version)


def _info_title(pdf: Any) -> str | None:
    """The title in the PDF's document information, if it has one that reads as text.

    Text strings there are PDFDocEncoding, or UTF-16 after a byte-order mark: big-endian as the standard
    has it, little-endian as some Chinese PDF tools write it (which pdfminer does not decode).
    """
    try:
        raw: Any = pdf.doc.info[0].get("Title") if pdf.doc.info else None
        if hasattr(raw, "resolve"):  # an indirect object
            raw = raw.resolve()
    except Exception:  # a damaged information dictionary: no title, the document itself still reads
        return None
    if not isinstance(raw, bytes) or len(raw) > 1000:
        return None
    for mark, encoding in ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le")):
        if raw.startswith(mark):
            try:
                text = raw[2:].decode(encoding)
            except UnicodeDecodeError:
                return None
            break
    else:
        text = raw.decode("latin-1")
    text = text.replace("\x00", "").strip()
    return text if text and text.isprintable() else None


def read_pdf(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from a PDF file with a text layer.

    The options are those of :func:`from_pdf`; ``source`` defaults to the path.

    Raises:
        ReadError: The file cannot be read, is not a readable PDF, is too large, has no text layer (a
            scan: OCR would be needed), or holds no report.

    .. deprecated:: 0.1.0
        Passing the PDF's bytes: use :func:`from_pdf`.
    """
    if isinstance(path, bytes):
        deprecated_content("read_pdf", "from_pdf")
        return from_pdf(path, source=source, agency=agency, year=year, version=version)
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_PDF_BYTES)
    return from_pdf(data, source=name, agency=agency, year=year, version=version)
