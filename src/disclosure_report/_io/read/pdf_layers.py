"""What a PDF page holds for the reader: its characters and its rules, from pdfplumber or from PDFium.

The reader needs of a page its height, its characters (text, box, font name and size, text matrix) and
its ruling lines, in pdfplumber's convention (points, from the page's top left corner). pdfplumber gives
them by interpreting the page in Python with pdfminer, under the bounded decoders and counters of
:mod:`.pdf_limits`; PDFium gives the same for the files office suites write, several times faster
(docs/performance.md). PDFium is taken only where its characters are pdfminer's, and never reads the file:

- :func:`vet` walks each page and everything its resources reach through pdfminer, under the limits:
  every stream is decoded by the bounded decoders (a bomb is refused as before), and the fonts' descents
  are read as pdfminer reads them (PDFium takes its own when a font says 0, as LibreOffice's do). It
  writes those pages and objects, as pdfminer parsed and decoded them, into a new PDF with its own page
  tree and cross-reference table: where two parsers would disagree (a stream longer than its
  ``/Length``, an object defined twice, an untyped kid in the page tree, a damaged table), PDFium reads
  what pdfminer read. A file PDFium would read differently, or whose cost it could not bound, is left to
  pdfplumber: a Type3 font (a browser's print: PDFium drops its space glyphs and has no metrics for it),
  a rotated page or a crop box, replacement text (``ActualText``), a mapped standard font without
  widths, a form drawing forms, or a page whose content, its forms counted each time it draws them,
  exceeds :data:`MAX_PAGE_CONTENT`;
- :func:`pdfium_layers` then reads the rewritten pages with PDFium and charges what each page holds to
  the limits as pdfminer counts it; a character PDFium cannot give as pdfminer would (rotated, mirrored,
  unmapped, a control character such as PDFium's mark for a hyphen ending a line, right-to-left or
  combining, not drawn, two at one origin, a vertical run, a run of spaces, a text object of spaces only
  or drawn again near itself, an object's first character left out) sends the whole file back to
  pdfplumber (:class:`Unsupported`).

One difference is known and not detected: a character drawn again within a point of itself in another
font or size, inside a text object, is dropped by PDFium and kept by pdfminer (whose duplicates must
share font and size). No office suite draws text so. The PDF property tests, an adversary's files
(``tests/test_pdf.py``) and the real samples hold the two paths to the same characters, rules and
reports.
"""

from __future__ import annotations

import ctypes
import functools
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Final

import attrs

from .pdf_limits import charge, new_page

__all__ = ["MAX_PAGE_CONTENT", "PageLayer", "Unsupported", "Vetted", "is_rule", "pdfium_layers", "vet"]

MAX_PAGE_CONTENT: Final = 1024 * 1024
"""Bytes of content a page may have for PDFium to read it (a report's page has tens of kilobytes); a
larger page is read by pdfplumber, which counts its objects as it builds them."""
_RULE: Final = 3.0
"""Points: a filled rectangle thinner than this is a rule; a wider one is shading."""
_NESTING: Final = 64
"""Levels of resources walked (a report's are three deep: page, form, font)."""

Obj = dict[str, Any]
_DRAWN: Final = (0, 1, 2)
"""Text render modes that draw the text: filled, stroked, both (WPS sets bold by stroking)."""


class Unsupported(Exception):
    """PDFium would not give pdfminer's characters for this file: it is read by pdfplumber."""


@attrs.frozen
class PageLayer:
    """A page as the reader sees it: its height, its characters (as drawn) and its rules as edges."""

    height: float
    chars: list[Obj]
    rules: list[Obj]


@attrs.frozen
class Vetted:
    """A file as pdfminer read it, for PDFium: the pages and what they reach, rewritten; the fonts' descents.

    PDFium is given this rewriting, never the file itself: two parsers disagree on a damaged or crafted file
    (a stream longer than its ``/Length``, an object defined twice, a page tree with an untyped kid), and
    PDFium must not read what pdfminer did not vet.
    """

    pdf: bytes
    descents: dict[str, float]
    """Each font's descent in ems as pdfminer takes it, by name without subset tag."""


def is_rule(obj: Obj) -> bool:
    """Whether a drawn object is a rule: a line or curve, a stroked rectangle, or a thin filled one."""
    if obj.get("object_type") != "rect":
        return True
    return bool(obj.get("stroke")) or min(obj["width"], obj["height"]) <= _RULE


def plumber_layer(page: Any) -> PageLayer:
    """A pdfplumber page's layer."""
    return PageLayer(float(page.height), page.chars, page.filter(is_rule).edges)


# --- vetting a file for PDFium ---------------------------------------------------------------------------


def _name(raw: object) -> str:
    """A font name without its subset tag (``ABCDEF+``), as PDFium gives it."""
    if isinstance(raw, bytes):
        raw = raw.split(b"\0", 1)[0].decode("utf-8", "replace")
    name = str(raw)
    return name[7:] if len(name) > 7 and name[6] == "+" and name[:6].isupper() else name


def _literal(value: object) -> str:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    return _name(value.name) if isinstance(value, PSLiteral) else _name(value)


def _subtype(value: object) -> str:
    """The ``/Subtype`` of a (referenced) dictionary, or ``""``."""
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return _literal(value.get("Subtype")) if isinstance(value, dict) else ""


def _font_descent(font: dict[str, Any]) -> tuple[list[str], float]:
    """The names a font (not Type3) is known by, and its descent in ems as pdfminer takes it."""
    from pdfminer.fontmetrics import FONT_METRICS
    from pdfminer.pdftypes import resolve1

    subtype, base = _literal(font.get("Subtype")), _literal(font.get("BaseFont"))
    spec = font
    if subtype == "Type0":
        descendants = resolve1(font.get("DescendantFonts")) or [{}]
        spec = resolve1(descendants[0]) if isinstance(descendants, list) and descendants else {}
        spec = spec if isinstance(spec, dict) else {}
    if subtype in ("Type1", "MMType1", "TrueType") and base in FONT_METRICS:
        descriptor: Any = FONT_METRICS[base][0]
    else:
        descriptor = resolve1(spec.get("FontDescriptor")) or {}
    raw = resolve1(descriptor.get("Descent", 0)) if isinstance(descriptor, dict) else 0
    value = -abs(float(raw)) / 1000 if isinstance(raw, int | float) else 0.0
    names = [base] if spec is font else [base, _literal(spec.get("BaseFont"))]
    return names, value


_KEPT: Final = ("Type", "MediaBox", "CropBox", "Rotate", "Resources", "Contents")
"""What of a page's dictionary PDFium is given (pdfminer's, inherited attributes included)."""
_IMAGE_FILTERS: Final = frozenset({"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode"})
"""Filters pdfminer leaves undone (images): such a stream is passed on as it is."""
MAX_VETTED_VISITS: Final = 1_000_000
"""Objects visited walking each page's resources (a report's pages visit a few hundred)."""


def vet(pages: Sequence[Any]) -> Vetted | None:
    """The file of these pdfminer pages rewritten for PDFium, and its fonts' descents; or ``None``.

    Runs under :func:`.pdf_limits.limits`: every stream a page reaches (its content, fonts, forms, images)
    is decoded by the bounded decoders, so a bomb is refused here, before PDFium reads anything.
    """
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    if not pages or pages[0].doc.decipher is not None:
        return None  # none, or encrypted: left to pdfminer
    writer = _Writer(pages[0].doc)
    descents: dict[str, float] = {}
    clashes: set[str] = set()
    visits = 0
    for page in pages:
        x0, y0, x1, y1 = page.mediabox
        if page.rotate or page.cropbox != page.mediabox or not (x0 < x1 and y0 < y1):
            return None  # pdfminer turns or crops the page, PDFium gives its characters as drawn
        fonts = resolve1(page.resources.get("Font")) if isinstance(page.resources, dict) else None
        if isinstance(fonts, dict) and any(_subtype(font) == "Type3" for font in fonts.values()):
            return None  # a browser's print, known before any stream is decoded (the walk finds the others)
        contents = [resolve1(stream) for stream in page.contents]
        if not all(isinstance(stream, PDFStream) for stream in contents):
            return None
        drawn = [stream.get_data() for stream in contents]
        forms: dict[int, int] = {}  # the forms the page reaches, and their sizes
        # Every object the page reaches through its resources, each once a page.
        seen: set[int] = set()
        pending: list[object] = [page.resources]
        while pending:
            visits += 1
            if visits > MAX_VETTED_VISITS:
                return None
            item = pending.pop()
            if isinstance(item, PDFObjRef):
                if item.objid in seen:
                    continue
                seen.add(item.objid)
                item = resolve1(item)
            if isinstance(item, PDFStream):
                data = item.get_data()
                if _literal(item.get("Subtype")) == "Form":
                    forms[id(item)] = len(data)
                    drawn.append(data)
                item = item.attrs
            if isinstance(item, dict):
                subtype = _literal(item.get("Subtype"))
                if subtype == "Type3":
                    return None  # pdfminer's box comes from its FontMatrix and FontBBox, PDFium's does not
                if "BaseFont" in item and subtype in _FONTS:
                    if subtype != "Type0" and "ToUnicode" in item and "Widths" not in item:
                        return None  # pdfminer takes a standard font's widths by the mapped character
                    names, value = _font_descent(item)
                    for name in names:
                        if descents.setdefault(name, value) != value:
                            clashes.add(name)
                pending += [value for key, value in item.items() if key != "Parent"]
            elif isinstance(item, list):
                pending += item
        if any(b"Do" in data for data in drawn[len(contents) :]):
            return None  # a form drawing forms (or images): its cost multiplies; pdfminer counts as it goes
        if any(b"ActualText" in data for data in drawn):
            return None  # PDFium gives the replacement text, pdfminer the characters drawn
        uses = sum(data.count(b"Do") for data in drawn[: len(contents)])
        if sum(map(len, drawn[: len(contents)])) + uses * sum(forms.values()) > MAX_PAGE_CONTENT:
            return None
        writer.page({key: page.attrs[key] for key in _KEPT if key in page.attrs})
    return Vetted(writer.finish(), {name: value for name, value in descents.items() if name not in clashes})


_FONTS: Final = frozenset({"Type0", "Type1", "MMType1", "TrueType"})


class _Writer:
    """A PDF of the given pages and every object they reach, as pdfminer parsed and decoded them."""

    def __init__(self, document: Any) -> None:
        self.document = document
        numbers = [number for xref in document.xrefs for number in xref.get_objids()]
        self.tree = max(numbers, default=0) + 1  # the page tree and the catalogue: numbers of their own
        self.objects: dict[int, bytes] = {}
        self.pages: list[int] = []
        self.pending: list[int] = []

    def page(self, attrs: dict[str, Any]) -> None:
        """Add a page: its dictionary as pdfminer has it, inherited attributes included."""
        number = self.tree + 2 + len(self.pages)
        self.pages.append(number)
        page = self._value({key: value for key, value in attrs.items() if key != "Type"})
        self.objects[number] = b"<</Type/Page/Parent %d 0 R" % self.tree + page[2:]

    def finish(self) -> bytes:
        """The PDF: the pages, what they reach, the page tree and the catalogue."""
        from pdfminer.pdftypes import PDFObjectNotFound, PDFStream

        while self.pending:
            number = self.pending.pop()
            if number in self.objects:
                continue
            try:
                value = self.document.getobj(number)
            except PDFObjectNotFound:
                value = None
            self.objects[number] = b""  # taken, before its own references are followed
            self.objects[number] = self._stream(value) if isinstance(value, PDFStream) else self._value(value)
        kids = b" ".join(b"%d 0 R" % number for number in self.pages)
        self.objects[self.tree] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, len(self.pages))
        self.objects[self.tree + 1] = b"<</Type/Catalog/Pages %d 0 R>>" % self.tree
        out = bytearray(b"%PDF-1.7\n")
        offsets: dict[int, int] = {}
        for number, body in self.objects.items():
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n"
        out += b"".join(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]) for number in sorted(offsets))
        size = max(offsets) + 1
        out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (size, self.tree + 1, xref)
        return bytes(out)

    def _stream(self, stream: Any) -> bytes:
        attrs = {key: value for key, value in stream.attrs.items() if key not in _STREAM_KEYS}
        data = stream.get_data()
        filters = stream.get_filters()
        images = [index for index, (name, _) in enumerate(filters) if _literal(name) in _IMAGE_FILTERS]
        if images:  # pdfminer decoded up to the image's own filter: it is passed on with that one
            if images != [len(filters) - 1]:
                raise Unsupported("an image filter before another filter")
            name, parameters = filters[-1]
            attrs["Filter"] = name
            if parameters:
                attrs["DecodeParms"] = parameters
        attrs["Length"] = len(data)
        return self._value(attrs) + b"\nstream\n" + bytes(data) + b"\nendstream"

    def _value(self, value: object, depth: int = 0) -> bytes:
        from pdfminer.pdftypes import PDFObjRef, PDFStream
        from pdfminer.psparser import PSLiteral

        if value is True or value is False:
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, float):
            finite = value == value and abs(value) < 1e15
            return (b"%.6f" % value).rstrip(b"0").rstrip(b".") or b"0" if finite else b"0"
        if isinstance(value, bytes):
            return b"<" + value.hex().encode() + b">"
        if isinstance(value, PSLiteral):
            return _pdf_name(value.name)
        if isinstance(value, PDFObjRef):
            if not isinstance(value.objid, int) or value.objid >= self.tree:
                raise Unsupported("an object number beyond the file's")
            self.pending.append(value.objid)
            return b"%d 0 R" % value.objid
        if depth > _NESTING:
            raise Unsupported("objects nested too deeply")  # pdfminer reads them without recursion
        if isinstance(value, list):
            return b"[" + b" ".join(self._value(item, depth + 1) for item in value) + b"]"
        if isinstance(value, dict):
            # A reference up the tree (a /Parent) is left out: PDFium is given this file's own page tree.
            items = (
                _pdf_name(str(key)) + b" " + (b"null" if key == "Parent" else self._value(item, depth + 1))
                for key, item in value.items()
            )
            return b"<<" + b"".join(items) + b">>"
        if isinstance(value, PDFStream):
            raise Unsupported("a stream inside another object")
        return b"null"  # None, and keywords pdfminer keeps


_STREAM_KEYS: Final = frozenset({"Length", "Filter", "DecodeParms", "F", "FFilter", "FDecodeParms", "DL"})


def _pdf_name(name: str | bytes) -> bytes:
    """A PDF name, every byte outside the regular characters written as ``#xx``."""
    raw = name.encode("utf-8", "surrogateescape") if isinstance(name, str) else name
    regular = (
        bytes((byte,)) if 0x21 <= byte <= 0x7E and byte not in b"#%()/<>[]{}" else b"#%02X" % byte
        for byte in raw
    )
    return b"/" + b"".join(regular)


# --- PDFium's characters and rules ------------------------------------------------------------------------


def _box(x0: float, x1: float, y0: float, y1: float, height: float) -> Obj:
    """A box in pdfminer's and pdfplumber's fields (PDF space, and from the page's top)."""
    return {
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": height - y1,  # within the page: the reader compares characters of one page only
    }


def _reordered(char: str) -> bool:
    """Whether PDFium's text page moves the character: right-to-left scripts and combining marks."""
    return unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.combining(char) != 0


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


def _chars(
    textpage: Any, height: float, origin: tuple[float, float], vetted: Vetted, drawn: set[int]
) -> list[Obj]:
    """The page's characters as pdfminer makes them, from the text objects ``drawn`` on it.

    pdfminer's box of a horizontal character runs across from its origin by its advance, and up from the
    font's descent to the descent plus the font size. PDFium's loose box begins at the origin too; its
    right is wider for some glyphs (息 心 急 in Noto Serif CJK) and its bottom uses the font program's
    descent when the descriptor says 0, so the box is made here from the origin, the font's width of the
    character and pdfminer's descent (:func:`vet`). A vertical character (WPS writes a rotated label one
    character a text object) has its origin at the box's bottom left, the font size across and its
    advance up. Font, size and matrix are read once a text object.

    PDFium leaves out what pdfminer keeps in these cases, which send the file to pdfplumber: a text object
    of spaces only, or drawn again within a few points of itself (it gives no character of it, or not its
    first); and a run of spaces (it keeps the first), seen as a gap after a space, or a text object whose
    bounds go on beyond its last space.
    """
    import pypdfium2.raw as pdfium_c

    page = textpage.raw
    shift_x, shift_y = origin
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    name = ctypes.create_string_buffer(512)
    width = ctypes.c_float()
    objects: dict[int, tuple[Any, ...]] = {}
    fonts: dict[int, tuple[str, bool, float | None]] = {}
    advances: dict[tuple[int, int], float] = {}
    chars: list[Obj] = []
    last = (0, 0.0, 0.0)  # the last character's text object and origin
    started: set[int] = set()  # the text objects of the characters so far
    after_space: dict[int, tuple[Any, float, float]] = {}  # by text object: it, its last space's x, advance
    is_generated, unmapped = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_HasUnicodeMapError
    text_object, unicode = pdfium_c.FPDFText_GetTextObject, pdfium_c.FPDFText_GetUnicode
    for index in range(pdfium_c.FPDFText_CountChars(page)):
        if is_generated(page, index):
            continue  # a space or line break PDFium inferred; pdfminer has none
        if unmapped(page, index):
            raise Unsupported("a character without a Unicode mapping")  # pdfminer writes "(cid:n)"
        obj = text_object(page, index)
        if not obj:
            raise Unsupported("a character of no text object")
        key = ctypes.addressof(obj.contents)  # the object's address (ctypes.cast costs eight times as much)
        code = unicode(page, index)
        if code < 0x20 or 0x7F <= code < 0xA0:
            raise Unsupported("a control character")  # PDFium writes a hyphen ending a line as U+0002
        if 0x0300 <= code < 0x2E80 and _reordered(chr(code)):
            raise Unsupported("right-to-left or combining text")  # PDFium reorders it
        state = objects.get(key)
        if state is None:
            if pdfium_c.FPDFTextObj_GetTextRenderMode(obj) not in _DRAWN:
                raise Unsupported("text not drawn (invisible over a scan, or a clipping path)")
            font = pdfium_c.FPDFTextObj_GetFont(obj)
            font_key = ctypes.addressof(font.contents) if font else 0
            if font_key not in fonts:
                pdfium_c.FPDFFont_GetBaseFontName(font, name, len(name))
                fontname = _name(name.raw)
                pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1.0), width)
                fonts[font_key] = (fontname, width.value < 0, vetted.descents.get(fontname))
            fontname, vertical, descent = fonts[font_key]
            if descent is None:
                raise Unsupported(f"no descent known for the font {fontname!r}")
            size = pdfium_c.FPDFText_GetFontSize(page, index)
            pdfium_c.FPDFText_GetMatrix(page, index, matrix)
            if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
                raise Unsupported("rotated, skewed or mirrored text")  # pdfminer's box turns with it
            placed = (matrix.a, matrix.d, matrix.e, matrix.f)
            state = objects[key] = (font, font_key, fontname, vertical, descent, size, *placed)
        font, font_key, fontname, vertical, descent, size, a, d, e, f = state
        pdfium_c.FPDFText_GetCharOrigin(page, index, x, y)
        if (key, x.value, y.value) == last:
            raise Unsupported("two characters at one origin")  # one glyph read as several: PDFium repeats it
        last = (key, x.value, y.value)
        first = key not in started
        started.add(key)
        if vertical:
            if not first:
                raise Unsupported("a vertical run of characters")  # each its own object, as WPS writes
            pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(size), width)
            x0, y0 = x.value, y.value
            x1, y1 = x0 + size * abs(a), y0 + abs(width.value * d)
            baseline = (e, f)
            char_size = x1 - x0
        else:
            if first and (abs(x.value - e) > 0.01 or abs(y.value - f) > 0.01):
                # PDFium left out the object's first character (drawn again near itself in another size)
                raise Unsupported("a text object's first character left out")
            advance = advances.get((font_key, code))
            if advance is None:
                pdfium_c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(1.0), width)
                advance = advances[(font_key, code)] = width.value
            x0 = x.value  # the origin, as pdfminer's box begins (PDFium's loose box: the same in float32)
            x1 = x0 + advance * size * a
            space = after_space.pop(key, None)
            if space is not None and x.value - (space[1] + space[2]) > space[2] / 2:
                raise Unsupported("a run of spaces")
            if code == 0x20:
                after_space[key] = (obj, x.value, advance * size * a)
            y0 = y.value + descent * size * d
            y1 = y0 + size * abs(d)
            baseline = (x.value, y.value)
            char_size = y1 - y0
        chars.append(
            {
                "object_type": "char",
                "text": chr(code),
                "fontname": fontname,
                "size": char_size,
                "matrix": (a, 0.0, 0.0, d, baseline[0] - shift_x, baseline[1] - shift_y),
                "upright": a * d > 0,
                **_box(x0 - shift_x, x1 - shift_x, y0 - shift_y, y1 - shift_y, height),
            }
        )
    charge(len(chars))  # once the page's characters are known: PDFium made them within the bounded content
    if drawn - started:
        raise Unsupported("a text object without characters (spaces only, or drawn again near itself)")
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj, space_x, space_advance in after_space.values():
        pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        if right.value - space_x > space_advance / 2:
            raise Unsupported("a run of spaces ending a text object")
    return _surrogates(chars)


Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
_Shape = tuple[str, list[Point], bool, bool]


def _matrix(obj: Any) -> Matrix:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _times(m: Matrix, n: Matrix | None) -> Matrix:
    """The matrix ``m`` then ``n`` (PDF's row vectors: m × n)."""
    if n is None:
        return m
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _operations(obj: Any) -> list[tuple[str, list[Point]]]:
    """The path's operations as pdfminer records them (``m``, ``l``, ``c``, ``h``), in the object's space.

    PDFium keeps a path as points (move, line, Bézier), with a flag on the point that closes a subpath,
    and closes a subpath open at ``h`` with a line back to its start: a closing line back to the start is
    pdfminer's ``h``; any other closing point is followed by one.
    """
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    operations: list[tuple[str, list[Point]]] = []
    start = (0.0, 0.0)
    pending: list[Point] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (x.value, y.value)
        closes = bool(pdfium_c.FPDFPathSegment_GetClose(segment))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if operations:
                charge(1)  # pdfminer counts a path of several subpaths once and each subpath again
            operations.append(("m", [point]))
            start = point
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            if closes and point == start:
                operations.append(("h", [start]))
                continue
            operations.append(("l", [point]))
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            pending.append(point)
            if len(pending) < 3:
                continue
            operations.append(("c", pending))
            pending = []
        if closes:
            operations.append(("h", [start]))
    return operations


def _shapes(
    operations: list[tuple[str, list[Point]]], matrix: Matrix, stroke: bool, fill: bool
) -> Iterator[_Shape]:
    """The path's subpaths as pdfminer's ``paint_path`` makes them: lines, rectangles, curves, on the page."""
    a, b, c, d, e, f = matrix
    subpaths: list[list[tuple[str, list[Point]]]] = []
    for operation in operations:
        if operation[0] == "m" or not subpaths:
            subpaths.append([])
        subpaths[-1].append(operation)
    for path in subpaths:
        if path[0][0] != "m" or len(path) < 2:
            continue  # a lone move: pdfminer's "m[^m]+" finds no subpath
        shape = "".join(op for op, _ in path)
        pts = [(a * px + c * py + e, b * px + d * py + f) for _, points in path for px, py in points[-1:]]
        every = [(a * px + c * py + e, b * px + d * py + f) for _, points in path for px, py in points]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in {"mlh", "ml"}:
            yield ("line", pts[:2], stroke, fill)
        elif shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                yield ("rect", [pts[0], pts[2]], stroke, fill)
            else:
                yield ("curve", pts, stroke, fill)
        else:
            # pdfminer's curve keeps every point, control points too (an "h" adds the start).
            if shape.endswith("h") and not path[-1][1]:
                every.append(pts[0])
            yield ("curve", every if "c" in shape else pts, stroke, fill)


def _rules(page: Any, height: float, origin: tuple[float, float]) -> tuple[list[Obj], set[int]]:
    """The page's rules as pdfplumber's edges (Form XObjects followed into), and its text objects.

    Every object is charged to the limits as it is met.
    """
    import pypdfium2.raw as pdfium_c
    from pdfplumber.utils.geometry import curve_to_edges, line_to_edge, rect_to_edges

    shapes: list[_Shape] = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    texts: set[int] = set()

    def walk(total: int, get: Callable[[int], Any], outer: Matrix | None) -> None:
        for index in range(total):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                texts.add(ctypes.addressof(obj.contents))
            else:
                charge(1)  # as pdfminer counts: each shape and image (characters are counted one by one)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                pdfium_c.FPDFPath_GetDrawMode(obj, fill_mode, stroke)
                matrix = _times(_matrix(obj), outer)
                shapes.extend(_shapes(_operations(obj), matrix, bool(stroke.value), fill_mode.value != 0))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    functools.partial(pdfium_c.FPDFFormObj_GetObject, obj),
                    _times(_matrix(obj), outer),
                )

    walk(pdfium_c.FPDFPage_CountObjects(page), functools.partial(pdfium_c.FPDFPage_GetObject, page), None)
    shift_x, shift_y = origin
    edges: list[Obj] = []
    for kind, points, is_stroke, is_fill in shapes:
        pts = [(px - shift_x, py - shift_y) for px, py in points]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        obj = {
            "object_type": kind,
            **_box(min(xs), max(xs), min(ys), max(ys), height),
            "pts": [(px, height - py) for px, py in pts],
            "stroke": is_stroke,
            "fill": is_fill,
        }
        if not is_rule(obj):
            continue
        if kind == "line":
            edges.append(line_to_edge(obj))
        elif kind == "rect":
            edges += rect_to_edges(obj)
        else:
            edges += curve_to_edges(obj)
    # As pdfplumber's edges: the lines', then the rectangles', then the curves'.
    order = {"line": 0, "rect_edge": 1, "curve_edge": 2}
    edges.sort(key=lambda edge: order[edge["object_type"]])
    return edges, texts


def pdfium_layers(pages: Sequence[Any], vetted: Vetted) -> list[PageLayer]:
    """The layers of the given pdfminer pages as PDFium reads them in the file :func:`vet` wrote.

    Each page's characters and drawn objects are charged to the limits as the page is loaded; the content
    PDFium parses to load a page is bounded by :func:`vet`.

    Raises:
        Unsupported: PDFium would not give pdfminer's characters here, or does not see the same pages.
        LimitReached: A page or the file holds more characters and shapes than allowed.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(vetted.pdf)
    except pdfium.PdfiumError as error:
        raise Unsupported(f"PDFium cannot open the file: {error}") from None
    layers: list[PageLayer] = []
    try:
        if len(document) != len(pages):
            raise Unsupported("PDFium finds other pages than pdfminer")
        for index, miner in enumerate(pages):
            new_page(index + 1)
            x0, y0, _, y1 = (float(value) for value in miner.mediabox)
            height = y1 - y0
            page = document[index]
            textpage = page.get_textpage()
            try:
                rules, texts = _rules(page.raw, height, (x0, y0))
                chars = _chars(textpage, height, (x0, y0), vetted, texts)
                layers.append(PageLayer(height, chars, rules))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    return layers
