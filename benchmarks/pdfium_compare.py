"""Benchmark: PDFium (pypdfium2) against pdfplumber for what the PDF reader takes from a page (issue #23).

Run:  python3 benchmarks/pdfium_compare.py [--repeat 5] [--generated DIR] [--no-generate]
                                            [--only NAME ...] [--hostile] [--details]

The PDF reader (``src/disclosure_report/_io/read/pdf.py``) takes two things from each page through
pdfplumber: its characters, ``page.chars`` without those drawn twice (text, x0, x1, top, bottom, size,
the text matrix's ``f`` as the baseline, upright; fontname and size for the dedupe), and its rules,
``page.filter(_is_rule).edges`` (pdfminer's lines, rectangles and curves as edges; stroke, width and
height for the filter). This script extracts the same from each page with PDFium through pypdfium2 (which
pdfplumber installs), in pdfplumber's convention (top-left origin; x0, x1, top, bottom), and compares:

- characters: the same text in the same order (PDFium's generated spaces and line breaks left out), and
  the largest difference of x0, x1, top, bottom, size and baseline over all characters (agreement: 0.5 pt
  or less), before and after the dedupe;
- rules: the edges left by the reader's filter (``_is_rule``, then ``filter_edges(min_length=1)`` as
  ``_cells`` does), matched one to one (orientation, and coordinates within 0.5 pt); then the cells and
  cut rules that ``_cells`` builds from each;
- the whole document: the reader's own code (``_page_tables``, ``_page_text``, ``_document_lines``,
  ``assemble``) run on PDFium's pages, its result compared with ``from_pdf``'s (report, findings,
  positions).

Timings (``time.process_time``; the median of ``--repeat`` runs; one process), per page: pdfplumber's
extraction as the reader does it (under the reader's ``limits()``; a fresh page object each time),
PDFium's, the whole ``from_pdf`` (divided by the pages), the reader's own work on extracted pages, and two
ways of keeping the safety limits in front of PDFium: the full pdfminer parse under ``limits()`` (which is
the extraction above) and a pre-scan that parses the file's objects and decodes every stream with the
reader's bounded decoders, interpreting no content stream.

The documents: the real samples ``../shared/samples/r015.pdf``, ``r016.pdf`` and ``r017.pdf`` (read in
place, never copied), the PDFs kept in ``tests/data``, and PDFs made as the tests make them (LibreOffice
exporting ``render_docx``'s document, Chromium printing ``render_html``'s page, in several layouts and
page sizes) when ``soffice`` and ``chromium`` are installed. Those are written to ``--generated`` (by
default a folder under the system's temporary folder, reused on the next run), never into the repository.

With ``--hostile``, each PDF shape of ``tests/hostile.py`` (at the size its issue reported) is also opened
and extracted by PDFium alone, in a child process limited to 60 s and 2 GB, one at a time: what the limits
would still have to guard. With ``--details``, the first differences of each page are printed.

Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import ctypes
import io
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.utils import curve_to_edges, dedupe_chars, line_to_edge, rect_to_edges
from pdfplumber.utils.geometry import filter_edges

from disclosure_report import from_json, from_pdf, render_docx, render_html
from disclosure_report._io.read import pdf as reader
from disclosure_report._io.read.assemble import ReadResult, assemble
from disclosure_report._io.read.pdf_layers import _matrix, _name, _operations, _shapes, _times, is_rule
from disclosure_report._io.read.pdf_limits import limits, new_page
from disclosure_report.examples import seed_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = ROOT / "tests" / "data"
TOLERANCE = 0.5
"""Points: the largest difference of a coordinate for two extractions to agree."""

Obj = dict[str, Any]


# --- the pages, as the reader sees them -------------------------------------------------------------------


class Extracted:
    """A page's characters and drawn objects, standing in for the pdfplumber page the reader is given.

    The reader calls ``page.filter(_is_rule).edges`` (in ``_cells``) and uses ``page.height``,
    ``len(page.chars)`` and ``page.dedupe_chars().chars``: the same are offered here.
    """

    def __init__(
        self,
        height: float,
        chars: list[Obj],
        objects: dict[str, list[Obj]],
        dedupe: Callable[[list[Obj]], list[Obj]] = dedupe_chars,
    ) -> None:
        self.height = height
        self.raw_chars = chars
        self.chars = dedupe(chars)
        self.objects = objects

    def filter(self, test: Callable[[Obj], bool]) -> _Filtered:
        return _Filtered({kind: [o for o in objs if test(o)] for kind, objs in self.objects.items()})


class _Filtered:
    def __init__(self, objects: dict[str, list[Obj]]) -> None:
        self.objects = objects

    @property
    def edges(self) -> list[Obj]:
        # As pdfplumber's Container.edges: lines, then the rectangles' sides, then the curves' segments.
        edges = [line_to_edge(line) for line in self.objects["line"]]
        edges += [edge for rect in self.objects["rect"] for edge in rect_to_edges(rect)]
        edges += [edge for curve in self.objects["curve"] for edge in curve_to_edges(curve)]
        return edges


# The reader's own removal of characters drawn twice: pdfplumber's ``dedupe_chars`` (tolerance 1, fontname
# and size), in its order, without its last step's quadratic ``sorted(key=chars.index)``.
dedupe_linear = reader.unique_chars


def _plumber_pages(pdf: Any) -> Iterator[Any]:
    """The document's pdfplumber pages, one at a time, each page's objects counted as its own."""
    from pdfplumber.page import Page

    top = 0.0
    for number, page_object in enumerate(reader._page_objects(pdf), start=1):
        new_page(number)
        page = Page(pdf, page_object, page_number=number, initial_doctop=top)
        top += float(page.height)
        yield page


def plumber_pages(data: bytes) -> tuple[list[Extracted], str | None]:
    """Each page's characters and objects as pdfplumber gives them to the reader (under its limits)."""
    pages = []
    with limits(), pdfplumber.open(io.BytesIO(data)) as pdf:
        title = reader.info_title(pdf)
        for number, page in enumerate(_plumber_pages(pdf), start=1):
            new_page(number)
            objects = {kind: list(page.objects.get(kind, [])) for kind in ("line", "rect", "curve")}
            pages.append(Extracted(float(page.height), page.chars, objects))
    return pages, title


def plumber_page_work(pdf: Any, page_object: Any, number: int, top: float) -> tuple[int, int]:
    """What the reader asks of one pdfplumber page, on a fresh page object: characters, dedupe, rules."""
    from pdfplumber.page import Page

    page = Page(pdf, page_object, page_number=number, initial_doctop=top)
    new_page(number)
    raw = len(page.chars)
    reader.unique_chars(page.chars)  # the work measured: what the reader does since session 9
    return raw, len(page.filter(is_rule).edges)


# --- PDFium -------------------------------------------------------------------------------------------------


def _surrogates(chars: list[Obj]) -> list[Obj]:
    """Characters beyond the BMP, which PDFium gives as two UTF-16 halves, as one character."""
    out: list[Obj] = []
    for char in chars:
        if out and "\ud800" <= out[-1]["text"][-1:] <= "\udbff" and "\udc00" <= char["text"] <= "\udfff":
            pair = out[-1]["text"][-1] + char["text"]
            out[-1]["text"] = out[-1]["text"][:-1] + pair.encode("utf-16", "surrogatepass").decode("utf-16")
            out[-1]["x1"] = max(out[-1]["x1"], char["x1"])
            continue
        out.append(char)
    return out


def _box(x0: float, x1: float, y0: float, y1: float, height: float, doctop: float) -> Obj:
    """An object's box in pdfminer's and pdfplumber's fields (PDF space, and top-left for the page)."""
    return {
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": doctop + height - y1,
    }


def pdfium_chars(
    textpage: Any, height: float, doctop: float, descents: dict[str, float] | None = None
) -> tuple[list[Obj], dict[str, int]]:
    """The page's characters in pdfplumber's convention; counts of what was left out or is unusual.

    pdfminer's box of a horizontal character runs across from the origin to the end of its advance, and up
    from the font's descent (its descriptor's ``/Descent``, 0 if the descriptor says 0) to the descent
    plus the font size. PDFium's loose box has the same left and right; its bottom uses the font's own
    descent when the descriptor says 0 (LibreOffice writes 0), so the descent is taken from ``descents``
    (font name to descent in ems, read by :func:`prescan` as pdfminer reads it) where it is known. A
    vertical font's box (a CJK column) is pdfminer's: the origin PDFium gives is its bottom left corner,
    the font size across and the vertical advance up. Font, size and matrix are read once a text object.
    """
    tp = textpage.raw
    count = pdfium_c.FPDFText_CountChars(tp)
    matrix = pdfium_c.FS_MATRIX()
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(512)
    width = ctypes.c_float()
    objects: dict[int, tuple[Any, ...]] = {}
    fonts: dict[int, tuple[str, float, float | None]] = {}
    advances: dict[tuple[str, int], float] = {}
    notes = {"generated": 0, "rotated": 0, "vertical": 0, "descent from PDFium": 0}
    chars: list[Obj] = []
    for index in range(count):
        if pdfium_c.FPDFText_IsGenerated(tp, index):  # a space or line break PDFium added
            notes["generated"] += 1
            continue
        obj = pdfium_c.FPDFText_GetTextObject(tp, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        code = pdfium_c.FPDFText_GetUnicode(tp, index)
        state = objects.get(key)
        if state is None:
            size = pdfium_c.FPDFText_GetFontSize(tp, index)
            pdfium_c.FPDFText_GetMatrix(tp, index, matrix)
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            fkey = ctypes.cast(font, ctypes.c_void_p).value or 0
            if fkey not in fonts:
                pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
                fontname = _name(name.raw)
                pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1000.0), width)
                fonts[fkey] = (fontname, width.value, (descents or {}).get(fontname))
            fontname, advance, known = fonts[fkey]
            state = (fontname, size, matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            state = objects[key] = (*state, advance < 0, known)
        fontname, size, a, b, c, d, e, f, vertical, known = state
        pdfium_c.FPDFText_GetCharOrigin(tp, index, x, y)
        if b != 0 or c != 0:  # rotated or skewed: PDFium's loose box (none in the reports here)
            notes["rotated"] += 1
            pdfium_c.FPDFText_GetLooseCharBox(tp, index, box)
            x0, x1, y0, y1, origin = box.left, box.right, box.bottom, box.top, (x.value, y.value)
        elif vertical:
            notes["vertical"] += 1
            pdfium_c.FPDFFont_GetGlyphWidth(
                pdfium_c.FPDFTextObj_GetFont(obj), code, ctypes.c_float(size), width
            )
            x0, y0 = x.value, y.value
            x1, y1 = x0 + size * abs(a), y0 + abs(width.value * d)
            origin = (e, f)  # the text object's: exact when each character is its own object, as WPS writes
        else:
            # The advance: the font's width of the character (the loose box is wider for some glyphs).
            advance = advances.get((fontname, code))
            if advance is None:
                font = pdfium_c.FPDFTextObj_GetFont(obj)
                pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1.0), width)
                advance = advances[(fontname, code)] = width.value
            pdfium_c.FPDFText_GetLooseCharBox(tp, index, box)
            x0 = box.left
            x1 = x0 + advance * size * a
            if known is None:
                notes["descent from PDFium"] += 1
                y0 = box.bottom
            else:
                y0 = y.value + known * size * d
            y1 = y0 + size * abs(d)
            origin = (x.value, y.value)
        chars.append(
            {
                "object_type": "char",
                "text": chr(code),
                "fontname": fontname,
                "size": (x1 - x0) if vertical else (y1 - y0),
                "matrix": (a, b, c, d, *origin),
                "upright": a * d > 0 and b * c <= 0,
                **_box(x0, x1, y0, y1, height, doctop),
            }
        )
    return _surrogates(chars), notes


def pdfium_objects(page: Any, height: float, doctop: float) -> dict[str, list[Obj]]:
    """The page's lines, rectangles and curves as pdfplumber's objects (Form XObjects followed into)."""
    found: dict[str, list[tuple[str, list[tuple[float, float]], bool, bool]]] = {
        "line": [],
        "rect": [],
        "curve": [],
    }
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()

    def walk(count: int, get: Callable[[int], Any], outer: tuple[float, ...] | None) -> None:
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                matrix = _times(_matrix(obj), outer)  # type: ignore[arg-type]
                pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke)
                for shape in _shapes(_operations(obj), matrix, bool(stroke.value), fillmode.value != 0):
                    found[shape[0]].append(shape)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                matrix = _times(_matrix(obj), outer)  # type: ignore[arg-type]
                walk(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                    matrix,
                )

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), None)
    objects: dict[str, list[Obj]] = {"line": [], "rect": [], "curve": []}
    for kind, shapes in found.items():
        for _, pts, is_stroke, is_fill in shapes:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
            objects[kind].append(
                {
                    "object_type": kind,
                    **_box(x0, x1, y0, y1, height, doctop),
                    "pts": [(x, height - y) for x, y in pts],
                    "stroke": is_stroke,
                    "fill": is_fill,
                }
            )
    return objects


def pdfium_pages(
    data: bytes,
    descents: dict[str, float] | None = None,
    dedupe: Callable[[list[Obj]], list[Obj]] = dedupe_chars,
) -> tuple[list[Extracted], str | None, dict[str, int]]:
    """Each page's characters and objects as PDFium gives them, in pdfplumber's convention."""
    document = pdfium.PdfDocument(data)
    pages = []
    notes: dict[str, int] = {}
    top = 0.0
    try:
        title = document.get_metadata_value("Title") or None
        for index in range(len(document)):
            page = document[index]
            height = page.get_height()
            textpage = page.get_textpage()
            chars, page_notes = pdfium_chars(textpage, height, top, descents)
            objects = pdfium_objects(page, height, top)
            pages.append(Extracted(height, chars, objects, dedupe))
            for key, value in page_notes.items():
                notes[key] = notes.get(key, 0) + value
            textpage.close()
            page.close()
            top += height
    finally:
        document.close()
    return pages, title, notes


# --- the reader's own work on extracted pages --------------------------------------------------------------


def read_extracted(pages: Sequence[Extracted], title: str | None, name: str) -> ReadResult:
    """``text_layer`` and ``from_pdf`` after the extraction: the reader's geometry and assembly."""
    done: list[reader._Page] = []
    heights: dict[int, float] = {}
    tables = 0
    for number, page in enumerate(pages, start=1):
        heights[number] = page.height
        chars = reader.Chars.of(page.chars)
        rows, boxes = reader.page_tables(page.filter(is_rule).edges, chars, number, tables + 1)
        tables += len(boxes)
        done.append((rows, reader.page_text(chars, number, boxes)))
    return assemble(reader._document_lines(done, heights), source=name, title=title)


# --- comparing ----------------------------------------------------------------------------------------------

_CHAR_KEYS = ("x0", "x1", "top", "bottom", "size")


def compare_chars(ours: list[Obj], theirs: list[Obj]) -> dict[str, Any]:
    """Whether the texts agree character for character, in order, and the largest difference of place."""
    text_a = [c["text"] for c in ours]
    text_b = [c["text"] for c in theirs]
    result: dict[str, Any] = {"count": (len(ours), len(theirs)), "same_text": text_a == text_b}
    if text_a != text_b:
        first = next((i for i, (x, y) in enumerate(zip(text_a, text_b, strict=False)) if x != y), None)
        first = min(len(text_a), len(text_b)) if first is None else first
        result["first"] = (first, "".join(text_a[first : first + 12]), "".join(text_b[first : first + 12]))
        return result
    worst = 0.0
    beyond = 0
    fonts = 0
    for a, b in zip(ours, theirs, strict=True):
        delta = max(abs(float(a[key]) - float(b[key])) for key in _CHAR_KEYS)
        delta = max(delta, abs(float(a["matrix"][5]) - float(b["matrix"][5])))
        worst = max(worst, delta)
        beyond += delta > TOLERANCE
        fonts += _name(a["fontname"]) != b["fontname"] or a["upright"] != b["upright"]
    result.update(worst=worst, beyond=beyond, fonts=fonts)
    return result


def _edge_key(edge: Obj) -> tuple[str, float, float, float, float]:
    return (edge["orientation"], edge["x0"], edge["top"], edge["x1"], edge["bottom"])


def compare_edges(ours: list[Obj], theirs: list[Obj]) -> dict[str, Any]:
    """The two sets of edges matched one to one: orientation the same, coordinates within the tolerance."""
    left = sorted(map(_edge_key, ours))
    right = sorted(map(_edge_key, theirs))
    unmatched = list(right)
    worst = 0.0
    missing = []
    for edge in left:
        best = None
        for index, other in enumerate(unmatched):
            if other[0] != edge[0]:
                continue
            delta = max(abs(p - q) for p, q in zip(edge[1:], other[1:], strict=True))
            if delta <= TOLERANCE and (best is None or delta < best[1]):
                best = (index, delta)
        if best is None:
            missing.append(edge)
        else:
            worst = max(worst, best[1])
            unmatched.pop(best[0])
    return {"count": (len(left), len(right)), "missing": missing, "extra": unmatched, "worst": worst}


def compare_cells(ours: Extracted, theirs: Extracted) -> dict[str, Any]:
    cells_a, cut_a = reader._cells(ours.filter(is_rule).edges)
    cells_b, cut_b = reader._cells(theirs.filter(is_rule).edges)
    boxes_a, boxes_b = sorted(cells_a), sorted(cells_b)
    same = len(boxes_a) == len(boxes_b) and all(
        max(abs(p - q) for p, q in zip(x, y, strict=True)) <= TOLERANCE
        for x, y in zip(boxes_a, boxes_b, strict=True)
    )
    same_cut = len(cut_a) == len(cut_b) and all(
        abs(p - q) <= TOLERANCE for p, q in zip(sorted(cut_a), sorted(cut_b), strict=True)
    )
    return {"count": (len(boxes_a), len(boxes_b)), "same": same and same_cut}


def rules(page: Extracted) -> list[Obj]:
    return filter_edges(page.filter(is_rule).edges, min_length=1)


# --- timing -------------------------------------------------------------------------------------------------


def median_time(action: Callable[[], object], repeat: int) -> float:
    """The median process time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def time_plumber_pages(data: bytes, repeat: int) -> tuple[float, list[float]]:
    """pdfplumber: opening the document (page tree included), then each page's work, per page."""

    def opened() -> None:
        with limits(), pdfplumber.open(io.BytesIO(data)) as pdf:
            reader.info_title(pdf)
            list(pdfplumber_page_objects(pdf))

    opening = median_time(opened, repeat)
    per_page: list[list[float]] = []
    with limits(), pdfplumber.open(io.BytesIO(data)) as pdf:
        page_objects = list(pdfplumber_page_objects(pdf))
        per_page = [[] for _ in page_objects]
        top = 0.0
        tops = []
        for page_object in page_objects:
            tops.append(top)
            top += float(page_object.mediabox[3]) - float(page_object.mediabox[1])
        for _ in range(repeat):
            for index, page_object in enumerate(page_objects):
                start = time.process_time()
                plumber_page_work(pdf, page_object, index + 1, tops[index])
                per_page[index].append(time.process_time() - start)
    return opening, [statistics.median(times) for times in per_page]


def pdfplumber_page_objects(pdf: Any) -> Iterator[Any]:
    from pdfminer.pdfpage import PDFPage

    yield from PDFPage.create_pages(pdf.doc)


def time_pdfium_pages(
    data: bytes, repeat: int, descents: dict[str, float], dedupe: Callable[[list[Obj]], list[Obj]]
) -> tuple[float, list[float]]:
    """PDFium: opening the document, then each page's loading and extraction, per page."""

    def opened() -> None:
        document = pdfium.PdfDocument(data)
        document.get_metadata_value("Title")
        len(document)
        document.close()

    opening = median_time(opened, repeat)
    document = pdfium.PdfDocument(data)
    per_page: list[list[float]] = [[] for _ in range(len(document))]
    for _ in range(repeat):
        top = 0.0
        for index in range(len(document)):
            start = time.process_time()
            page = document[index]
            height = page.get_height()
            textpage = page.get_textpage()
            chars, _ = pdfium_chars(textpage, height, top, descents)
            extracted = Extracted(height, chars, pdfium_objects(page, height, top), dedupe)
            extracted.filter(is_rule).edges  # noqa: B018 - the work measured
            textpage.close()
            page.close()
            per_page[index].append(time.process_time() - start)
            top += height
    document.close()
    return opening, [statistics.median(times) for times in per_page]


def prescan(data: bytes) -> tuple[int, dict[str, float]]:
    """The safety limits without interpreting a page: every object parsed, every stream decoded, bounded.

    The checks before parsing (size, ``%PDF-``, a line of a megabyte) are the reader's; then pdfminer's
    parser reads the cross-reference table and each object under ``limits()`` (the token count applies)
    and each stream is decoded by the bounded decoders (the per-stream and per-document bounds apply).

    Returns the decoded bytes of the streams that are neither fonts nor images (the pages' content, for a
    per-page bound), and each font's descent in ems as pdfminer reads it (the descriptor's ``/Descent``,
    made negative; the standard fonts' from pdfminer's metrics; a Type0 font's from its descendant),
    by name without the subset tag; a name with two different descents is left out.
    """
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import PDFObjectNotFound, PDFStream, resolve1
    from pdfminer.psparser import PSLiteral

    def literal(value: object) -> str:
        value = resolve1(value)
        return value.name if isinstance(value, PSLiteral) else str(value)

    if len(data) > reader.MAX_PDF_BYTES or reader._long_line(data):
        raise ValueError("refused before parsing")
    content = 0
    descents: dict[str, float] = {}
    clashes: set[str] = set()

    def note(name: str, value: float) -> None:
        name = _name(name)
        if descents.setdefault(name, value) != value:
            clashes.add(name)

    with limits():
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        seen: set[int] = set()
        for xref in document.xrefs:
            for objid in xref.get_objids():
                if objid in seen:
                    continue
                seen.add(objid)
                try:
                    obj = document.getobj(objid)
                except PDFObjectNotFound:
                    continue
                if isinstance(obj, PDFStream):
                    decoded = obj.get_data()
                    if obj.get("Type") is None and obj.get("Subtype") is None and "Length1" not in obj:
                        content += len(decoded)
                elif isinstance(obj, dict) and literal(obj.get("Type")) == "Font":
                    subtype, base = literal(obj.get("Subtype")), literal(obj.get("BaseFont"))
                    spec = obj
                    if subtype == "Type0":
                        descendants = resolve1(obj.get("DescendantFonts")) or [{}]
                        spec = resolve1(descendants[0]) or {}
                    elif subtype == "Type3":
                        continue  # pdfminer takes a Type3 font's descent from its bounding box
                    if subtype in ("Type1", "MMType1", "TrueType") and base in FONT_METRICS:
                        descriptor = FONT_METRICS[base][0]
                    else:
                        descriptor = resolve1(spec.get("FontDescriptor")) or {}
                    value = float(resolve1(descriptor.get("Descent", 0)) or 0)
                    value = -abs(value) / 1000
                    note(base, value)
                    if spec is not obj:
                        note(literal(spec.get("BaseFont")), value)
    for name in clashes:
        del descents[name]
    return content, descents


# --- the documents ------------------------------------------------------------------------------------------


def _office(docx: dict[str, bytes], folder: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    missing = {name: data for name, data in docx.items() if not (folder / f"{name}.pdf").exists()}
    if soffice is None or not missing:
        return
    for name, data in missing.items():
        (folder / f"{name}.docx").write_bytes(data)
    profile = folder / "office-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(folder / f"{name}.docx") for name in missing),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )


def _browser(pages: dict[str, tuple[str, bool]], folder: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        return
    for name, (html, headers) in pages.items():
        target = folder / f"{name}.pdf"
        if target.exists():
            continue
        source = folder / f"{name}.html"
        source.write_text(html, encoding="utf-8")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
        flags += ["--disable-background-networking", "--disable-component-update", "--hide-scrollbars"]
        subprocess.run(
            [chromium, *flags, f"--user-data-dir={folder / 'browser-profile'}"]
            + ([] if headers else ["--no-pdf-header-footer"])
            + [f"--print-to-pdf={target}", source.as_uri()],
            check=True,
            capture_output=True,
            timeout=180,
        )


def generate(folder: Path) -> None:
    """PDFs made as the tests make them: LibreOffice from ``render_docx``, Chromium from ``render_html``."""
    folder.mkdir(parents=True, exist_ok=True)
    seed = seed_report()
    r002 = from_json((DATA / "r002.expected.json").read_text(encoding="utf-8"))
    _office(
        {
            "office-seed": render_docx(seed),
            "office-seed-merged-ascii-traditional": render_docx(
                seed, merged=True, punctuation="ascii", script="traditional"
            ),
            "office-r002": render_docx(r002),
            "office-r002-merged": render_docx(r002, merged=True),
        },
        folder,
    )

    def css(html: str, rule: str) -> str:
        return html.replace("</style>", f"{rule}\n</style>", 1)

    seed_page = render_html(seed)
    _browser(
        {
            "chromium-seed-headers": (seed_page, True),
            "chromium-seed-a5": (css(seed_page, "@page { size: A5; margin: 10mm }"), False),
            "chromium-seed-merged-landscape": (
                css(render_html(seed, merged=True), "@page { size: A4 landscape; margin: 15mm }"),
                False,
            ),
            "chromium-r002-page": ((DATA / "r002.html").read_text(encoding="utf-8"), True),
            "chromium-r002-ascii-a4": (
                css(render_html(r002, punctuation="ascii"), "@page { size: A4 }"),
                False,
            ),
        },
        folder,
    )


def documents(generated: Path | None) -> list[tuple[str, Path]]:
    found = [(path.name, path) for path in sorted(SAMPLES.glob("r01[567]*.pdf"))]
    found += [(path.name, path) for path in sorted(DATA.glob("*.pdf"))]
    if generated is not None:
        generate(generated)
        found += [(path.name, path) for path in sorted(generated.glob("*.pdf"))]
    return found


# --- hostile files ------------------------------------------------------------------------------------------

_CHILD = r"""
import json, resource, sys, time
limit = int(sys.argv[1]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.path.insert(0, sys.argv[2])
start = time.process_time()
try:
    import pdfium_compare
    pages, _, _ = pdfium_compare.pdfium_pages(open(sys.argv[3], "rb").read())
    outcome = f"read {len(pages)} pages, {sum(len(p.raw_chars) for p in pages)} chars, " + str(
        sum(len(objs) for p in pages for objs in p.objects.values())) + " shapes"
except MemoryError:
    outcome = "MEMORY"
except BaseException as error:
    outcome = f"{type(error).__name__}: {str(error)[:120]}"
hwm = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        hwm = int(line.split()[1])
print(json.dumps({"outcome": outcome, "cpu": time.process_time() - start, "hwm_mb": hwm // 1024}))
"""


def hostile(timeout: float = 60.0, memory_mb: int = 2048) -> None:
    """Each PDF shape of tests/hostile.py, opened and extracted by PDFium alone in a limited child."""
    sys.path.insert(0, str(ROOT))
    from tests.hostile import SHAPES

    print("\nHostile PDF shapes, PDFium alone (no pre-check), child limited to 60 s and 2 GB:")
    for shape in SHAPES.values() if isinstance(SHAPES, dict) else SHAPES:
        if shape.suffix != ".pdf":
            continue
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            data = shape.build(shape.issue_n)
            file.write(data)
            file.flush()
            command = [sys.executable, "-c", _CHILD, str(memory_mb), str(Path(__file__).parent), file.name]
            start = time.perf_counter()
            child = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
            )
            try:
                out, err = child.communicate(timeout=timeout)
                seconds = time.perf_counter() - start
                lines = out.decode("utf-8", "replace").strip().splitlines()
                if lines:
                    result = json.loads(lines[-1])
                    text = f"{result['outcome']}; {seconds:.1f} s, peak {result['hwm_mb']} MB"
                else:
                    tail = err.decode("utf-8", "replace").strip().splitlines()[-1:]
                    text = f"CRASH (status {child.returncode}) {tail}; {seconds:.1f} s"
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.communicate()
                text = f"TIMEOUT after {timeout:g} s"
        print(f"  {shape.name:40} {len(data):>10,} B  {text}")


# --- the run ------------------------------------------------------------------------------------------------


def _same_result(ours: ReadResult, theirs: ReadResult) -> str:
    if ours.report == theirs.report and ours.findings == theirs.findings:
        return "identical"
    parts = []
    if ours.report != theirs.report:
        parts.append("report differs")
    if ours.findings != theirs.findings:
        parts.append(f"findings {len(ours.findings)} vs {len(theirs.findings)}")
    return ", ".join(parts)


def _page_line(number: int, ours: Extracted, theirs: Extracted, details: bool) -> bool:
    raw = compare_chars(ours.raw_chars, theirs.raw_chars)
    deduped = compare_chars(ours.chars, theirs.chars)
    edges = compare_edges(rules(ours), rules(theirs))
    cells = compare_cells(ours, theirs)
    agree = (
        deduped["same_text"]
        and deduped["worst"] <= TOLERANCE
        and not edges["missing"]
        and not edges["extra"]
        and cells["same"]
    )
    chars_text = (
        f"chars {raw['count'][0]}/{raw['count'][1]} raw {'same' if raw['same_text'] else 'DIFFER'}, "
        f"{deduped['count'][0]}/{deduped['count'][1]} deduped "
        + (
            f"same, worst {deduped['worst']:.4f} pt ({deduped['beyond']} beyond), "
            f"{deduped['fonts']} of other font"
            if deduped["same_text"]
            else f"DIFFER at {deduped['first']}"
        )
    )
    edges_text = (
        f"edges {edges['count'][0]}/{edges['count'][1]} "
        f"({len(edges['missing'])} missing, {len(edges['extra'])} extra, worst {edges['worst']:.4f} pt)"
    )
    cells_text = f"cells {cells['count'][0]}/{cells['count'][1]} {'same' if cells['same'] else 'DIFFER'}"
    print(f"  p{number}: {'AGREE' if agree else 'differ'}; {chars_text}; {edges_text}; {cells_text}")
    if details and not agree:
        for edge in edges["missing"][:5]:
            print(f"      pdfplumber only: {edge}")
        for edge in edges["extra"][:5]:
            print(f"      PDFium only:     {edge}")
        if not raw["same_text"]:
            print(f"      raw chars first difference: {raw['first']}")
        worst = sorted(
            zip(ours.chars, theirs.chars, strict=False),
            key=lambda pair: -max(abs(float(pair[0][k]) - float(pair[1][k])) for k in _CHAR_KEYS),
        )
        for a, b in worst[:3] if deduped["same_text"] and deduped["worst"] > TOLERANCE else []:
            print(f"      {a['text']!r}: " + ", ".join(f"{k} {a[k]:.3f}/{b[k]:.3f}" for k in _CHAR_KEYS))
    return agree


def study(name: str, path: Path, repeat: int, details: bool) -> dict[str, Any]:
    data = path.read_bytes()
    plumber, title = plumber_pages(data)
    content, descents = prescan(data)
    pdfium_extracted, pdfium_title, notes = pdfium_pages(data, descents)
    row: dict[str, Any] = {"name": name, "pages": len(plumber), "notes": notes}
    notes_text = ", ".join(f"{value} {key}" for key, value in notes.items())
    print(f"\n{name}: {len(plumber)} pages; PDFium's characters: {notes_text}", end="")
    print(f"; same title: {title == pdfium_title}")
    row["agree"] = [
        _page_line(number, ours, theirs, details)
        for number, (ours, theirs) in enumerate(zip(plumber, pdfium_extracted, strict=True), start=1)
    ]
    linear = all(dedupe_linear(page.raw_chars) == page.chars for page in [*plumber, *pdfium_extracted])
    expected = from_pdf(data, source=name)
    row["result"] = _same_result(expected, read_extracted(pdfium_extracted, title, name))
    if pdfium_title != title:
        row["result"] += f" (with pdfplumber's title; PDFium's is {pdfium_title!r}, the reader's {title!r})"
    # Without the pre-scan's descents (PDFium's own font metrics): how far the boxes move, and the result.
    own, _, _ = pdfium_pages(data)
    own_worst = max(
        (
            compare_chars(a.chars, b.chars).get("worst", float("inf"))
            for a, b in zip(plumber, own, strict=True)
        ),
        default=0.0,
    )
    own_result = _same_result(expected, read_extracted(own, title, name))
    print(f"  reader on PDFium's pages: {row['result']}; linear dedupe gives pdfplumber's: {linear}")
    print(f"  with PDFium's own descents: worst {own_worst:.3f} pt, reader {own_result}")
    row.update(own_worst=own_worst, own_result=own_result, linear=linear)

    pages = len(plumber)
    whole = median_time(lambda: from_pdf(data, source=name), repeat)
    plumber_open, plumber_per_page = time_plumber_pages(data, repeat)
    pdfium_open, pdfium_per_page = time_pdfium_pages(data, repeat, descents, dedupe_chars)
    _, pdfium_linear = time_pdfium_pages(data, repeat, descents, dedupe_linear)
    rest = median_time(lambda: read_extracted(plumber, title, name), repeat)
    scan = median_time(lambda: prescan(data), repeat)

    def after() -> None:
        _, table = prescan(data)
        read_extracted(pdfium_pages(data, table, dedupe_linear)[0], title, name)

    total = median_time(after, repeat)
    row.update(
        whole=whole / pages,
        plumber=(plumber_open + sum(plumber_per_page)) / pages,
        pdfium=(pdfium_open + sum(pdfium_per_page)) / pages,
        pdfium_linear=(pdfium_open + sum(pdfium_linear)) / pages,
        rest=rest / pages,
        prescan=scan / pages,
        content_kb=content / 1024 / pages,
        after=total / pages,
    )
    print(
        f"  per page, ms: from_pdf {1000 * row['whole']:.1f};"
        f" extraction: pdfplumber {1000 * row['plumber']:.1f}"
        f" (open {1000 * plumber_open / pages:.1f}), PDFium {1000 * row['pdfium']:.1f}"
        f" (open {1000 * pdfium_open / pages:.2f}), with the linear dedupe {1000 * row['pdfium_linear']:.1f};"
        f" reader's rest {1000 * row['rest']:.1f}; pre-scan {1000 * row['prescan']:.1f}"
        f" ({row['content_kb']:.0f} KB of other streams a page);"
        f" pre-scan + PDFium + reader {1000 * row['after']:.1f}"
    )
    print(
        "  each page, ms (pdfplumber / PDFium / PDFium with the linear dedupe): "
        + ", ".join(
            f"{1000 * a:.0f}/{1000 * b:.1f}/{1000 * c:.1f}"
            for a, b, c in zip(plumber_per_page, pdfium_per_page, pdfium_linear, strict=True)
        )
    )
    return row


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs of each timing (the median is kept)")
    parser.add_argument(
        "--generated",
        type=Path,
        default=Path(tempfile.gettempdir()) / "disclosure-report-pdfium-compare",
        help="where the PDFs made by LibreOffice and Chromium are written (and reused)",
    )
    parser.add_argument("--no-generate", action="store_true", help="only the samples and tests/data")
    parser.add_argument("--only", nargs="*", help="documents whose name contains one of these")
    parser.add_argument(
        "--hostile", action="store_true", help="also open tests/hostile.py's PDFs with PDFium"
    )
    parser.add_argument("--details", action="store_true", help="print the first differences of each page")
    args = parser.parse_args(argv)
    versions = pdfium.version
    print(f"pdfplumber {pdfplumber.__version__}, pypdfium2 {versions.PYPDFIUM_INFO}", end="")
    print(f", PDFium {versions.PDFIUM_INFO}")
    rows = []
    for name, path in documents(None if args.no_generate else args.generated):
        if args.only and not any(part in name for part in args.only):
            continue
        rows.append(study(name, path, args.repeat, args.details))
    print(
        "\n| document | pages | pages agreeing | reader on PDFium | from_pdf | pdfplumber extraction"
        " | PDFium extraction | ratio | PDFium, linear dedupe | reader's rest | pre-scan"
        " | pre-scan + PDFium + reader | ratio to from_pdf |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['name']} | {row['pages']} | {sum(row['agree'])}/{row['pages']} | {row['result']} "
            f"| {1000 * row['whole']:.0f} | {1000 * row['plumber']:.0f} | {1000 * row['pdfium']:.1f} "
            f"| {row['plumber'] / row['pdfium']:.1f}x | {1000 * row['pdfium_linear']:.1f} "
            f"| {1000 * row['rest']:.1f} | {1000 * row['prescan']:.1f} | {1000 * row['after']:.1f} "
            f"| {row['whole'] / row['after']:.1f}x |"
        )
    print("(ms a page, process time, median of the runs)")
    if args.hostile:
        hostile()


if __name__ == "__main__":
    main()
