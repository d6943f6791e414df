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
several pages) and page numbers such as ``— 5 —`` are left out (:mod:`.geometry`). A PDF without a text
layer (a scan) raises :class:`NoTextLayer`, which the readers' dispatcher turns into OCR (:mod:`.paged`).
Every stream is decoded by bounded decoders (:mod:`.pdf_limits`), so that a decompression bomb is refused.

A page's characters and rules come from PDFium for the files office suites write, and from pdfplumber
otherwise; both give the same (:mod:`.pdf_layers`), and either can be forced (:mod:`.pdf_engines`).
pdfplumber and PDFium are imported only when a PDF is read (the ``pdf`` extra).
"""

from __future__ import annotations

import io
import itertools
import logging
import os
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any, Final

import attrs

from ..._form import TemplateVersion
from ...exceptions import Problem, ReadError
from ..files import read_file
from . import pdf_fonts, pdf_objects
from .assemble import ReadResult, assemble, check_content, deprecated_content
from .geometry import (
    FRAME_TEXT,
    Box,
    Page,
    Row,
    TextLine,
    document_lines,
    frame_cells,
    ruled_cells,
    table_rows,
)
from .pdf_engines import ENGINE_VARIABLE, Engine, forced_engine, page_layers
from .pdf_layers import Unsupported
from .pdf_limits import (
    MAX_PAGE_OBJECTS,
    MAX_PDF_EXPANDED,
    MAX_PDF_OBJECTS,
    MAX_PDF_STREAM,
    LimitReached,
    limits,
)

__all__ = [
    "MAX_PAGE_OBJECTS",
    "MAX_PDF_BYTES",
    "MAX_PDF_EXPANDED",
    "MAX_PDF_OBJECTS",
    "MAX_PDF_PAGES",
    "MAX_PDF_STREAM",
    "Chars",
    "NoTextLayer",
    "cell_text",
    "from_pdf",
    "info_title",
    "lines_of_chars",
    "page_tables",
    "page_text",
    "read_pdf",
    "unique_chars",
]

MAX_PDF_BYTES: Final = 50 * 1024 * 1024
"""The largest PDF read."""
MAX_PDF_PAGES: Final = 200
"""The most pages read (an annual report has a handful)."""
MAX_LINE: Final = 1024 * 1024
"""Bytes without a line break: pdfminer reads a line in quadratic time, and PDF writers break lines."""


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
class Chars:
    """A page's characters, sorted by their centre's height so that those in a box are found quickly."""

    chars: list[dict[str, Any]]
    middles: list[float]

    @classmethod
    def of(cls, chars: Sequence[dict[str, Any]]) -> Chars:
        """The characters of a page, sorted."""
        ordered = sorted(chars, key=lambda c: c["top"] + c["bottom"])
        return cls(ordered, [(c["top"] + c["bottom"]) / 2 for c in ordered])

    def within(self, box: Box) -> list[dict[str, Any]]:
        """The characters whose centre is in ``box``."""
        start, end = bisect_left(self.middles, box[1]), bisect_right(self.middles, box[3])
        return [c for c in self.chars[start:end] if box[0] <= (c["x0"] + c["x1"]) / 2 <= box[2]]


def unique_chars(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A page's characters without those drawn twice (the same text, font and size within a point).

    pdfplumber's ``dedupe_chars`` with its defaults, in its order, but in n log n time: it orders what it
    keeps by ``chars.index``, a search of the page's list for each character (20 ms for a page of 900
    characters; 25 s for 20,000, which the limits allow). Its clustering is done here in place (its
    general ``cluster_objects`` cost more than the rest of the reading of a page): characters of one text,
    font and size are grouped by ``doctop`` where each is within a point of the one before, those by
    ``x0`` likewise, and of each group the topmost, leftmost, first drawn is kept. A character alone of
    its text, font and size (most are) is kept without sorting.
    """
    kept = [index for indices in _groups(chars) for index in _kept(chars, indices)]
    kept.sort()
    return [chars[index] for index in kept]


def _groups(chars: list[dict[str, Any]]) -> Iterable[list[int]]:
    """The indices of the characters of each text, font and size, in the order they were drawn."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    for index, char in enumerate(chars):
        key = (char["upright"], char["text"], char["fontname"], char["size"])
        if key[3] != key[3]:  # a NaN size: groups as pdfplumber's sort makes them, not by equality
            key_of = itemgetter("upright", "text", "fontname", "size")
            ordered = sorted(range(len(chars)), key=lambda i: key_of(chars[i]))
            return [list(same) for _, same in itertools.groupby(ordered, key=lambda i: key_of(chars[i]))]
        group = groups.get(key)
        if group is None:
            groups[key] = [index]
        else:
            group.append(index)
    return groups.values()


def _kept(chars: list[dict[str, Any]], indices: list[int]) -> list[int]:
    """Of one group's characters, the topmost, leftmost, first drawn of each cluster within a point.

    By index, in the order the characters were drawn: a group or run of one (most of them: the same
    character elsewhere on the page) is kept as it is, without sorting nor choosing.
    """
    if len(indices) == 1:
        return indices
    kept: list[int] = []
    for line in _runs(chars, indices, "doctop"):
        if len(line) == 1:
            kept.append(line[0])
            continue
        for cluster in _runs(chars, line, "x0"):
            if len(cluster) == 1:
                kept.append(cluster[0])
                continue
            kept.append(min(cluster, key=lambda i: (chars[i]["doctop"], chars[i]["x0"], i)))
    return kept


def _runs(chars: list[dict[str, Any]], indices: list[int], field: str) -> list[list[int]]:
    """The characters at these indices, by index, in runs by ``field`` (sorted stably).

    Each value of a run is within a point of the one before.
    """
    ordered = sorted(indices, key=lambda index: chars[index][field])
    runs = [[ordered[0]]]
    last = chars[ordered[0]][field]
    for index in ordered[1:]:
        value = chars[index][field]
        if value <= last + 1:
            runs[-1].append(index)
        else:
            runs.append([index])
        last = value
    return runs


def _is_cjk(text: str) -> bool:
    return "\u2e80" <= text <= "\u9fff" or "\uf900" <= text <= "\uffef"


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


def lines_of_chars(chars: Sequence[dict[str, Any]], page: int = 0) -> list[TextLine]:
    """Characters as lines of text, top to bottom, each with its box and its commonest font size.

    A space is added only where characters stand far apart, and never between two Chinese characters.
    """
    return [_line(group, page) for group in _baselines(chars)]


def _baselines(chars: Sequence[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """The characters by line, as :func:`lines_of_chars` groups them.

    A character 0.3 em below the last baseline begins a line.
    """
    group: list[dict[str, Any]] = []
    last = 0.0
    # Each character's baseline from its text matrix: characters of different fonts on one line (a Latin
    # "2023" in a Chinese title) share the baseline, not the top.
    placed = [
        (-float(char["matrix"][5]) if char.get("upright", True) else float(char["top"]), char)
        for char in chars
    ]
    for baseline, char in sorted(placed, key=_FIRST):
        if group and baseline - last > 0.3 * max(char["size"], 1.0):
            yield group
            group = []
        group.append(char)
        last = baseline
    if group:
        yield group


def cell_text(chars: Sequence[dict[str, Any]]) -> str:
    """A cell's text: its lines' texts joined (a wrapped label is one label: Chinese wraps without spaces).

    The text of ``lines_of_chars(chars)`` joined, without the boxes, sizes and leads a cell does not use.
    """
    if len(chars) < 2:  # most cells: nothing to group, order nor space (a fifth of them are empty)
        return _text(chars[0]["text"]).strip() if chars else ""
    return "".join(_line_text(sorted(group, key=_X0)) for group in _baselines(chars))


_FIRST: Final = itemgetter(0)
_X0: Final = itemgetter("x0")


def _line(group: list[dict[str, Any]], page: int) -> TextLine:
    """A line of text of its characters (one baseline), as :func:`lines_of_chars` makes it."""
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
    return TextLine(page, (x0, top, x1, bottom), _line_text(ordered), commonest, _lead(visible))


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


def page_tables(
    rules: Sequence[dict[str, Any]], chars: Chars, number: int, first_table: int
) -> tuple[list[Row], list[Box]]:
    """The page's table rows in order, and the boxes of its tables (their text is not running text)."""
    cells, cut = ruled_cells(rules)
    texts = {cell: cell_text(chars.within(cell)) for cell in cells}
    frames = frame_cells(cells)
    kept = [cell for cell in cells if len(texts[cell].replace(" ", "")) <= FRAME_TEXT and cell not in frames]
    return table_rows(kept, texts, cut, number, first_table)


# --- running text ---------------------------------------------------------------------------------------


def page_text(chars: Chars, number: int, tables: Sequence[Box]) -> list[TextLine]:
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
    return [line for line in lines_of_chars(outside, number) if line.text]


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


class NoTextLayer(ReadError):
    """A PDF without a text layer (a scan), code ``ocr-needed``: its text can be read only by OCR.

    :func:`from_pdf` raises it; :func:`read_report` catches it and reads the scan by OCR (``ocr="auto"``).
    """


@attrs.frozen
class TextLayer:
    """A PDF's text layer as the reader takes it: each page's table rows and lines of text."""

    pages: list[Page]
    heights: dict[int, float]
    characters: int
    """Characters drawn in the whole document (none: a scan)."""
    title: str | None
    """The title in the document information."""
    engine: str
    """What read the pages: ``"pdfium"`` or ``"pdfplumber"``."""


def text_layer(data: bytes, name: str, *, engine: Engine | None = None) -> TextLayer:
    """A PDF's pages parsed within the limits: each page's rows and lines, heights, its characters, title.

    Every limit of the reader applies (size, line length, streams, objects, pages), so the OCR reader
    parses a scan here first: a decompression bomb is refused before PDFium renders it. The pages are
    read by PDFium where it gives pdfminer's characters, else by pdfplumber; ``engine`` (else the
    environment variable :data:`.pdf_engines.ENGINE_VARIABLE`) forces one (:mod:`.pdf_engines`).

    Raises:
        ReadError: The data is too large, not a PDF, damaged, or beyond a limit; or ``pdfium`` was forced
            and PDFium cannot read it as pdfminer does (code ``format-mismatch``).
        ValueError: ``engine`` names no engine.
    """
    forced = forced_engine(engine)
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
    pdf_fonts.install()  # fonts' maps, encodings and widths, and objects: parsed faster, as pdfminer does
    pdf_objects.install()
    pages: list[Page] = []
    heights: dict[int, float] = {}
    characters = 0
    title: str | None = None
    used: Engine = "pdfplumber"
    try:
        with limits(), pdfplumber.open(io.BytesIO(data)) as pdf:
            title = info_title(pdf)
            page_objects = _page_objects(pdf)
            used, layers = page_layers(pdf, page_objects, forced)
            tables = 0
            for number, layer in enumerate(layers, start=1):
                characters += len(layer.chars)
                heights[number] = layer.height
                chars = Chars.of(unique_chars(layer.chars))
                rows, boxes = page_tables(layer.rules, chars, number, tables + 1)
                tables += len(boxes)
                pages.append((rows, page_text(chars, number, boxes)))
    except ReadError:
        raise
    except Unsupported as refused:  # only where PDFium was forced: each document decides otherwise
        message = f"{ENGINE_VARIABLE} or engine='pdfium' forces PDFium, which cannot read this PDF: {refused}"
        raise ReadError(name, [Problem("file", message, "format-mismatch")]) from None
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
    return TextLayer(pages, heights, characters, title, used)


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
        NoTextLayer: The PDF has no text layer (a scan: :func:`read_report` and :func:`from_scan` read
            it by OCR); a :class:`ReadError` of code ``ocr-needed``.
        ReadError: The data is not a readable PDF, is too large, or holds no report.

    .. versionadded:: 0.1.0
    """
    check_content(data, "from_pdf", "read_pdf")
    name = source or "<pdf>"
    layer = text_layer(data, name)
    if layer.characters == 0:  # a scan: the dispatcher reads it by OCR (read_report, ocr="auto")
        message = (
            "the PDF has no text layer (a scan?): its text cannot be read without OCR: read it with "
            "from_scan, or read_report with ocr='auto'"
        )
        raise NoTextLayer(name, [Problem("file", message, "ocr-needed")])
    lines = document_lines(layer.pages, layer.heights)
    return assemble(lines, source=name, title=layer.title, agency=agency, year=year, version=version)


def info_title(pdf: Any) -> str | None:
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
        NoTextLayer: The PDF has no text layer (a scan: :func:`read_report` reads it by OCR).
        ReadError: The file cannot be read, is not a readable PDF, is too large, or holds no report.

    .. deprecated:: 0.1.0
        Passing the PDF's bytes: use :func:`from_pdf`.
    """
    if isinstance(path, bytes):
        deprecated_content("read_pdf", "from_pdf")
        return from_pdf(path, source=source, agency=agency, year=year, version=version)
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_PDF_BYTES)
    return from_pdf(data, source=name, agency=agency, year=year, version=version)
