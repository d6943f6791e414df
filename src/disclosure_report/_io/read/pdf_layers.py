"""What a PDF page holds for the reader: its characters and its rules, from pdfplumber or from PDFium.

The reader needs of a page its height, its characters (text, box, font name and size, text matrix) and
its ruling lines, in pdfplumber's convention (points, from the page's top left corner). pdfplumber gives
them by interpreting the page in Python with pdfminer, under the bounded decoders and counters of
:mod:`.pdf_limits`; PDFium gives the same for the files office suites write, several times faster
(docs/performance.md). PDFium is taken only where its characters are pdfminer's, and never reads the file:

- :func:`vet` walks each page and everything its resources reach through pdfminer, under the limits:
  every stream but an image is decoded by the bounded decoders (a bomb is refused as before; an image,
  which pdfminer does not decode either, is neither decoded nor given to PDFium), and each font is made
  into pdfminer's own font object, for its descent (PDFium takes the font program's when a font says 0,
  as LibreOffice's do) and its characters' texts and widths. It writes those pages and objects, as
  pdfminer parsed and decoded them and numbered afresh, into a new PDF with its own page tree and
  cross-reference table: where two parsers would disagree (a stream longer than its ``/Length``, an
  object defined twice, an untyped kid in the page tree, a damaged table), PDFium reads what pdfminer
  read. A file PDFium would read differently, or whose cost it could not bound, is left to pdfplumber:
  a Type3 font (a browser's print: PDFium drops its space glyphs and has no metrics for it), a rotated
  page or a crop box, replacement text (``ActualText``) or a name written with ``#`` escapes, a form
  drawing forms, or a page whose content, its forms counted each time it draws them, exceeds
  :data:`MAX_PAGE_CONTENT`;
- :func:`pdfium_layers` then reads the rewritten pages with PDFium and charges what each page holds to
  the limits as pdfminer counts it; a character PDFium cannot give as pdfminer would (rotated, mirrored,
  unmapped, a control character such as PDFium's mark for a hyphen ending a line, right-to-left or
  combining, not drawn, two at one origin, a vertical run, a run of spaces, a text object of spaces only
  or drawn again near itself, an object's first character left out, a text or width pdfminer's font
  gives otherwise) sends the whole file back to pdfplumber (:class:`Unsupported`), as does a limit
  reached (pdfminer's own counts decide).

PDFium is called under :data:`PDFIUM`, one thread at a time. One difference is known and not detected: a
character drawn again within a point of itself in another font or size, inside a text object, is dropped
by PDFium and kept by pdfminer (whose duplicates must share font and size). No office suite draws text
so. The PDF property tests, an adversary's and a reviewer's files (``tests/test_pdf.py``) and the real
samples hold the two paths to the same characters, rules and reports.
"""

from __future__ import annotations

import ctypes
import functools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Final

import attrs

from .pdf_limits import charge, new_page

__all__ = [
    "MAX_PAGE_CONTENT",
    "MAX_VETTED_OBJECTS",
    "MAX_VETTED_VISITS",
    "PDFIUM",
    "FontMetrics",
    "PageLayer",
    "Unsupported",
    "Vetted",
    "font_metrics",
    "font_metrics_asked",
    "is_rule",
    "pdfium_layers",
    "plumber_layer",
    "vet",
]

MAX_PAGE_CONTENT: Final = 1024 * 1024
"""Bytes of content a page may have for PDFium to read it (a report's page has tens of kilobytes); a
larger page is read by pdfplumber, which counts its objects as it builds them."""
_RULE: Final = 3.0
"""Points: a filled rectangle thinner than this is a rule; a wider one is shading."""
_NESTING: Final = 64
"""Levels of arrays and dictionaries within one object that are rewritten (a report's are a few)."""

Obj = dict[str, Any]
_SAME_WIDTH: Final = 0.001
"""Ems: widths closer than this are one (PDFium's are float32)."""
_DRAWN: Final = (0, 1, 2)
"""Text render modes that draw the text: filled, stroked, both (WPS sets bold by stroking)."""


PDFIUM: Final = threading.Lock()
"""Held while PDFium is called: it must never be called from two threads at once, even on two documents
(pypdfium2's documentation). The PDF reader, finding it taken, reads with pdfplumber; the OCR's rendering
waits for it."""


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
    """A file as pdfminer read it, for PDFium: the pages and what they reach, rewritten; the fonts' metrics.

    PDFium is given this rewriting, never the file itself: two parsers disagree on a damaged or crafted file
    (a stream longer than its ``/Length``, an object defined twice, a page tree with an untyped kid), and
    PDFium must not read what pdfminer did not vet.
    """

    pdf: bytes
    fonts: dict[tuple[str, bool], FontMetrics]
    """Each font's metrics as pdfminer takes them, by its name without subset tag (as PDFium names it) and
    whether it is vertical (WPS writes a vertical font by the name of a horizontal one)."""


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
    """A (referenced) name's text without a subset tag, or the value's text."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    value = resolve1(value)
    return _name(value.name) if isinstance(value, PSLiteral) else _name(value)


def _subtype(value: object) -> str:
    """The ``/Subtype`` of a (referenced) dictionary, or ``""``."""
    from pdfminer.pdftypes import resolve1

    value = resolve1(value)
    return _literal(value.get("Subtype")) if isinstance(value, dict) else ""


@attrs.frozen
class FontMetrics:
    """What pdfminer takes from a font for its characters' boxes."""

    descent: float
    """Below the baseline, in ems (negative)."""
    widths: dict[str, float] | None
    """Each character's advance in ems, by the text pdfminer gives it (NaN where codes of different widths
    give one text); ``None`` for a vertical font, whose characters PDFium places itself."""


def font_metrics(font: dict[str, Any]) -> FontMetrics:
    """A font's metrics as pdfminer makes them (its own font object: the same descent, widths, texts).

    The same as :func:`font_metrics_asked` gives, without asking the font code by code: a CID font's
    texts are its ToUnicode map's own, and a code's width is looked up in the font's table directly
    (``char_width``'s looks, in its order).
    """
    from pdfminer.pdffont import PDFCIDFont

    made = _pdfminer_font(font)
    if made.is_vertical():
        return FontMetrics(made.get_descent(), None)
    if not isinstance(made, PDFCIDFont):
        return FontMetrics(made.get_descent(), _widths(made, _texts(made, _simple_codes(made))))
    unicode_map = getattr(made, "unicode_map", None)
    mapped = _mapped(unicode_map)
    if mapped is None:  # no map, or one of another kind: asked code by code
        texts: Iterable[tuple[int, str]] = _texts(made, list(getattr(unicode_map, "cid2unichr", {})))
    else:
        texts = mapped.items()  # to_unichr(code) is mapped[code]
    return FontMetrics(made.get_descent(), _widths(made, texts))


def font_metrics_asked(font: dict[str, Any]) -> FontMetrics:
    """:func:`font_metrics` by pdfminer's font object asked code by code (``to_unichr``, ``char_width``).

    The reference the fast way is held to (``tests/test_pdf_fonts.py``).
    """
    from pdfminer.pdffont import PDFCIDFont

    made = _pdfminer_font(font)
    if made.is_vertical():
        return FontMetrics(made.get_descent(), None)
    if isinstance(made, PDFCIDFont):
        unicode_map = getattr(made, "unicode_map", None)
        codes = list(getattr(unicode_map, "cid2unichr", {}))  # a CID font's texts come from its ToUnicode
    else:
        codes = _simple_codes(made)
    widths: dict[str, float] = {}
    for code, text in _texts(made, codes):
        width = made.char_width(code)
        if widths.setdefault(text, width) != width:
            widths[text] = math.nan  # two codes, one text, two widths: PDFium's width of the text is a guess
    return FontMetrics(made.get_descent(), widths)


def _mapped(unicode_map: Any) -> dict[int, str] | None:
    """A ToUnicode map's texts by code, where its ``get_unichr`` is that table's lookup; else ``None``."""
    from pdfminer.cmapdb import UnicodeMap

    if unicode_map is None or type(unicode_map).get_unichr is not UnicodeMap.get_unichr:
        return None
    mapped: dict[int, str] = unicode_map.cid2unichr
    return mapped


def _pdfminer_font(font: dict[str, Any]) -> Any:
    """The font object pdfminer makes of a font dictionary (afresh: the caller keeps it once a file)."""
    from pdfminer.pdfinterp import PDFResourceManager

    return PDFResourceManager(caching=False).get_font(None, font)


def _simple_codes(made: Any) -> list[int]:
    """The codes of a simple font's texts: those it gives widths for, else every byte.

    A code beyond them still maps by the base encoding, but only these codes have ever been taken.
    """
    return [code for code in range(256) if code in made.widths] or list(range(256))


def _texts(made: Any, codes: Iterable[int]) -> Iterator[tuple[int, str]]:
    """Each code the font gives a text, and the text (pdfminer's ``to_unichr``)."""
    from pdfminer.pdffont import PDFUnicodeNotDefined

    for code in codes:
        try:
            yield code, made.to_unichr(code)
        except (PDFUnicodeNotDefined, KeyError, ValueError):
            continue


def _widths(made: Any, texts: Iterable[tuple[int, str]]) -> dict[str, float]:
    """Each text's advance in ems, NaN where codes of different widths give it (pdfminer's ``char_width``)."""
    from pdfminer.casting import safe_float

    get, scale = made.widths.get, made.hscale
    widths: dict[str, float] = {}
    for code, text in texts:
        # char_width's looks in turn, each value converted by its safe_float: the code's width, the
        # text's (a standard font's table is by text), the font's default (most of a CID font's codes:
        # no exception raised and caught for them).
        value = get(code)
        if type(value) is not float:
            value = None if value is None else safe_float(value)
            if value is None:
                value = get(text)
                if type(value) is not float:
                    value = None if value is None else safe_float(value)
        width = made.default_width * scale if value is None else value * scale
        if widths.setdefault(text, width) != width:
            widths[text] = math.nan  # two codes, one text, two widths: PDFium's width of the text is a guess
    return widths


def _merged(known: FontMetrics | None, metrics: FontMetrics) -> FontMetrics:
    """The metrics of two fonts of one name and direction (PDFium names a font without its subset tag)."""
    if known is None:
        return metrics
    if known.descent != metrics.descent:
        return FontMetrics(math.nan, None)  # two descents: neither is sure
    if known.widths is None or metrics.widths is None:
        return known
    widths = dict(known.widths)
    for text, width in metrics.widths.items():
        if widths.setdefault(text, width) != width:
            widths[text] = math.nan
    return FontMetrics(known.descent, widths)


_KEPT: Final = ("MediaBox", "CropBox", "Rotate", "Resources", "Contents")
"""What of a page's dictionary PDFium is given (pdfminer's, inherited attributes included)."""
_FONTS: Final = frozenset({"Type0", "Type1", "MMType1", "TrueType"})
_IMAGE_FILTERS: Final = frozenset({"DCTDecode", "DCT", "JPXDecode", "JBIG2Decode"})
"""Filters pdfminer leaves undone (images): such a stream is passed on as it is."""
MAX_VETTED_VISITS: Final = 1_000_000
"""Dictionaries, arrays and references visited walking the pages' resources (a report visits hundreds)."""
MAX_VETTED_OBJECTS: Final = 10_000
"""Objects of the file parsed walking the pages' resources (a report's pages reach 30 to 50 each); a file
reaching more is read by pdfplumber, which parses only what its pages draw."""
# A name written with a #xx escape: pdfminer and PDFium may not read it alike (ActualText spelt so).
_ESCAPED_NAME: Final = re.compile(rb"/[^\s/<>\[\](){}%]*#")


def vet(pages: Sequence[Any]) -> Vetted | None:
    """The file of these pdfminer pages rewritten for PDFium, and its fonts' metrics; or ``None``.

    Runs under :func:`.pdf_limits.limits`: every stream a page reaches but its images (its content, fonts,
    forms) is decoded by the bounded decoders, so a bomb is refused here, before PDFium reads anything.
    Images are neither decoded here nor given to PDFium (pdfminer does not decode them either).
    """
    from pdfminer.pdftypes import PDFObjRef, PDFStream, resolve1

    if not pages or pages[0].doc.decipher is not None:
        return None  # none, or encrypted: left to pdfminer
    writer = _Writer(pages[0].doc)
    fonts: dict[tuple[str, bool], FontMetrics] = {}
    made: dict[int, FontMetrics] = {}  # by font dictionary
    parsed: set[int] = set()  # the objects the walk has resolved, in the whole file
    visits = 0
    for page in pages:
        x0, y0, x1, y1 = page.mediabox
        if page.rotate or page.cropbox != page.mediabox or not (x0 < x1 and y0 < y1):
            return None  # pdfminer turns or crops the page, PDFium gives its characters as drawn
        used = resolve1(page.resources.get("Font")) if isinstance(page.resources, dict) else None
        if isinstance(used, dict) and any(_subtype(font) == "Type3" for font in used.values()):
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
            item = pending.pop()
            if not isinstance(item, PDFObjRef | PDFStream | dict | list):
                continue
            visits += 1
            if visits > MAX_VETTED_VISITS:
                return None
            if isinstance(item, PDFObjRef):
                if item.objid in seen:
                    continue
                seen.add(item.objid)
                parsed.add(item.objid)
                if len(parsed) > MAX_VETTED_OBJECTS:
                    return None  # resources no page needs this many of: not parsed here for nothing
                item = resolve1(item)
            if isinstance(item, PDFStream):
                subtype = _literal(item.get("Subtype"))
                if subtype != "Image":
                    data = item.get_data()
                    if subtype == "Form":
                        forms[id(item)] = len(data)
                        drawn.append(data)
                item = item.attrs
            if isinstance(item, dict):
                subtype = _literal(item.get("Subtype"))
                if subtype == "Type3":
                    return None  # pdfminer's box comes from its FontMatrix and FontBBox, PDFium's does not
                if "ActualText" in item:
                    return None  # PDFium gives the replacement text, pdfminer the characters drawn
                if "BaseFont" in item and subtype in _FONTS and id(item) not in made:
                    # Made once a file (pdfminer keeps each object it parsed: one dictionary a font).
                    metrics = made[id(item)] = font_metrics(item)
                    name = (_literal(item.get("BaseFont")), metrics.widths is None)
                    fonts[name] = _merged(fonts.get(name), metrics)
                pending += [value for key, value in item.items() if key != "Parent"]
            elif isinstance(item, list):
                pending += item
        if any(b"Do" in data for data in drawn[len(contents) :]):
            return None  # a form drawing forms (or images): its cost multiplies; pdfminer counts as it goes
        if any(b"ActualText" in data or (b"#" in data and _ESCAPED_NAME.search(data)) for data in drawn):
            return None  # PDFium gives the replacement text, pdfminer the characters drawn
        uses = sum(data.count(b"Do") for data in drawn[: len(contents)])
        if sum(map(len, drawn[: len(contents)])) + uses * sum(forms.values()) > MAX_PAGE_CONTENT:
            return None
        writer.page({key: page.attrs[key] for key in _KEPT if key in page.attrs})
    return Vetted(writer.finish(), fonts)


class _Writer:
    """A PDF of the given pages and every object they reach, as pdfminer parsed and decoded them.

    The objects are numbered afresh in the order they are met (the file's own numbers may be anything).
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self.numbers: dict[int, int] = {}  # the file's number of each object written: its number here
        self.objects: dict[int, bytes] = {1: b"", 2: b""}  # the catalogue and the page tree, at the end
        self.pages: list[int] = []
        self.pending: list[int] = []

    def _number(self, objid: int) -> int:
        number = self.numbers.get(objid)
        if number is None:
            number = self.numbers[objid] = len(self.objects) + len(self.pending) + 1
            self.pending.append(objid)
        return number

    def page(self, attrs: dict[str, Any]) -> None:
        """Add a page: its dictionary as pdfminer has it, inherited attributes included."""
        number = len(self.objects) + len(self.pending) + 1
        self.objects[number] = b""  # its number taken before what it reaches is numbered
        body = self._value(attrs)
        self.objects[number] = b"<</Type/Page/Parent 2 0 R" + body[2:]
        self.pages.append(number)
        self._write_pending()

    def _write_pending(self) -> None:
        from pdfminer.pdftypes import PDFObjectNotFound, PDFStream

        while self.pending:
            objid = self.pending.pop(0)
            number = self.numbers[objid]
            self.objects[number] = b""
            try:
                value = self.document.getobj(objid)
            except PDFObjectNotFound:
                value = None
            self.objects[number] = self._stream(value) if isinstance(value, PDFStream) else self._value(value)

    def finish(self) -> bytes:
        """The PDF: the catalogue, the page tree, the pages and what they reach."""
        kids = b" ".join(b"%d 0 R" % number for number in self.pages)
        self.objects[1] = b"<</Type/Catalog/Pages 2 0 R>>"
        self.objects[2] = b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, len(self.pages))
        # The parts joined once at the end: a font program of megabytes is copied once, not at each step.
        parts = [b"%PDF-1.7\n"]
        at = len(parts[0])
        offsets: list[int] = []
        for number in range(1, len(self.objects) + 1):
            offsets.append(at)
            parts += (b"%d 0 obj\n" % number, self.objects[number], b"\nendobj\n")
            at += len(parts[-3]) + len(parts[-2]) + len(parts[-1])
        parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
        parts += (b"%010d 00000 n \n" % offset for offset in offsets)
        parts.append(b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, at))
        return b"".join(parts)

    def _stream(self, stream: Any) -> bytes:
        attrs = {key: value for key, value in stream.attrs.items() if key not in _STREAM_KEYS}
        if _literal(stream.get("Subtype")) == "Image":
            data = b""  # not decoded, nor needed: PDFium draws no image to give characters and rules
        else:
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
        return b"".join((self._value(attrs), b"\nstream\n", data, b"\nendstream"))  # the data copied once

    def _value(self, value: object, depth: int = 0) -> bytes:
        from pdfminer.pdftypes import PDFObjRef, PDFStream
        from pdfminer.psparser import PSLiteral

        if value is True or value is False:
            return b"true" if value else b"false"
        if isinstance(value, int):
            return b"%d" % value
        if isinstance(value, float):
            if not math.isfinite(value) or abs(value) >= 1e12:
                raise Unsupported("a number PDF cannot write as it was read")
            return (b"%.10f" % value).rstrip(b"0").rstrip(b".") or b"0"
        if isinstance(value, bytes):
            return b"<" + value.hex().encode() + b">"
        if isinstance(value, PSLiteral):
            return _pdf_name(value.name)
        if isinstance(value, PDFObjRef):
            if not isinstance(value.objid, int):
                raise Unsupported("a reference without a number")
            return b"%d 0 R" % self._number(value.objid)
        if depth > _NESTING:
            raise Unsupported("objects nested too deeply")  # pdfminer reads them without recursion
        if isinstance(value, list):
            if all(type(item) is int for item in value):  # a font's widths: each written as _value writes it
                return b"[" + b" ".join([b"%d" % item for item in value]) + b"]"
            return b"[" + b" ".join(self._value(item, depth + 1) for item in value) + b"]"
        if isinstance(value, dict):
            # A reference up the tree (a /Parent) is left out: PDFium is given this file's own page tree.
            items = []
            for key, item in value.items():
                if not isinstance(key, str) or key.startswith(("b'", 'b"')):
                    raise Unsupported("a name that is not UTF-8")  # pdfminer keeps it as the bytes' repr
                written = b"null" if key == "Parent" else self._value(item, depth + 1)
                items.append(_pdf_name(key) + b" " + written)
            return b"<<" + b"".join(items) + b">>"
        if isinstance(value, PDFStream):
            raise Unsupported("a stream inside another object")
        return b"null"  # None, and keywords pdfminer keeps


_REGULAR_NAME: Final = re.compile(rb"[^\x00-\x20\x7f-\xff#%()/<>\[\]{}]*")
"""A name of regular characters only (0x21 to 0x7E, no delimiter nor ``#``): written as it is."""
_STREAM_KEYS: Final = frozenset({"Length", "Filter", "DecodeParms", "F", "FFilter", "FDecodeParms", "DL"})


def _pdf_name(name: str | bytes) -> bytes:
    """A PDF name, every byte outside the regular characters written as ``#xx``."""
    raw = name.encode("utf-8", "surrogateescape") if isinstance(name, str) else name
    if _REGULAR_NAME.fullmatch(raw):
        return b"/" + raw  # a name as office suites write them: nothing to escape
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


def _direct(function: Any) -> Any:
    """A PDFium function called with handles and out-parameters as plain addresses, and giving them so.

    pypdfium2's bindings type every handle as a pointer: each call converts its arguments and makes a
    pointer object of a handle it returns (a microsecond, the most of a character's cost when called
    five times a character). The same C function, with each pointer typed as ``void *``, takes and gives
    integers.
    """

    def plain(kind: Any) -> Any:
        return ctypes.c_void_p if isinstance(kind, type) and issubclass(kind, ctypes._Pointer) else kind

    prototype = ctypes.CFUNCTYPE(plain(function.restype), *map(plain, function.argtypes))
    return prototype(_address(function))


def _untyped(function: Any) -> Any:
    """A PDFium function of handles, indices and out-parameters only, called without argument types.

    With argument types, ctypes converts each argument a call (an address to a pointer object: an
    allocation); without, it passes a ``c_void_p`` made once as the pointer it holds, an ``int`` as a C
    ``int`` and a ``byref`` as its address, converting nothing (the text page's calls a character cost
    0.19 µs instead of 0.31, its origin's 0.22 instead of 0.4). Only its result is typed (a handle given
    as an integer, as :func:`_direct`'s).
    """
    restype = function.restype
    if isinstance(restype, type) and issubclass(restype, ctypes._Pointer):
        restype = ctypes.c_void_p
    return ctypes.CFUNCTYPE(restype)(_address(function))


class _Handle(ctypes.c_void_p):
    """A handle PDFium gives only to be given back to it, kept as the ctypes object it comes as.

    ctypes makes a result typed ``c_void_p`` into an integer, but not one typed as a subclass of it: this
    one goes to the next untyped call as it is.
    """


@functools.cache
def _pdfium_untyped() -> Any:
    """PDFium's functions called for each character, text object and path segment, by :func:`_untyped`."""
    import types

    import pypdfium2.raw as pdfium_c

    functions = {name: _untyped(getattr(pdfium_c, f"FPDF{name}")) for name in _UNTYPED}
    functions["Path_GetPathSegment"].restype = _Handle  # a segment only goes back to PDFium
    return types.SimpleNamespace(**functions)


_UNTYPED: Final = (
    *("Text_GetUnicode", "Text_IsGenerated", "Text_HasUnicodeMapError", "Text_GetTextObject"),
    *("Text_GetCharOrigin", "Text_GetFontSize", "Text_GetMatrix"),
    *("TextObj_GetTextRenderMode", "TextObj_GetFont"),
    *("Path_GetPathSegment", "PathSegment_GetType", "PathSegment_GetPoint", "PathSegment_GetClose"),
)
"""PDFium's functions :func:`_pdfium_untyped` gives: each takes a text page, a page object or a path
segment, an index and out-parameters, nothing else (never a float)."""


@functools.cache
def _pdfium() -> Any:
    """PDFium's functions called for each font, page object and path, taking addresses."""
    import types

    import pypdfium2.raw as pdfium_c

    return types.SimpleNamespace(**{name: _direct(getattr(pdfium_c, f"FPDF{name}")) for name in _CALLED})


_CALLED: Final = (
    *("Text_CountChars", "Font_GetBaseFontName", "Font_GetGlyphWidth"),
    *("Page_CountObjects", "Page_GetObject", "PageObj_GetType", "PageObj_GetMatrix", "PageObj_GetBounds"),
    *("FormObj_CountObjects", "FormObj_GetObject", "Path_GetDrawMode", "Path_CountSegments"),
)
"""PDFium's functions :func:`_pdfium` gives, by their names without ``FPDF`` (those of each character,
text object and path segment are :data:`_UNTYPED`'s)."""
_MAYBE_GENERATED: Final = frozenset({0x20, 0x0D, 0x0A})
"""What PDFium's generated characters are: a space, or a line break (its text page makes no other)."""


def _address(handle: Any) -> int:
    """A pypdfium2 handle's address."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


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
    advance up. Font, size and matrix are read once a text object; a character costs four calls of
    PDFium (its text, whether it is mapped, its object and its origin), and a fifth for a space or a line
    break (whether PDFium generated it).

    PDFium leaves out what pdfminer keeps in these cases, which send the file to pdfplumber: a text object
    of spaces only, or drawn again within a few points of itself (it gives no character of it, or not its
    first); and a run of spaces (it keeps the first), seen as a gap after a space, or a text object whose
    bounds go on beyond its last space.
    """
    call, fast = _pdfium(), _pdfium_untyped()
    page = ctypes.c_void_p(_address(textpage.raw))  # made once: passed as it is to the untyped calls
    shift_x, shift_y = origin
    matrix = (ctypes.c_float * 6)()  # FS_MATRIX's six floats, read at once
    at_matrix = ctypes.byref(matrix)
    x, y = ctypes.c_double(), ctypes.c_double()
    at_x, at_y = ctypes.byref(x), ctypes.byref(y)
    name = ctypes.create_string_buffer(512)
    width = ctypes.c_float()
    at_width = ctypes.addressof(width)
    objects: dict[int, tuple[Any, ...]] = {}  # by text object: its font, size and matrix
    fonts: dict[int, tuple[str, bool, FontMetrics, dict[int, float]]] = {}  # with its advances by code
    chars: list[Obj] = []
    last_key, last_x, last_y = 0, 0.0, 0.0  # the last character's text object and origin
    after_space: dict[int, tuple[int, float, float]] = {}  # by text object: its last space's x, advance
    is_generated, unmapped = fast.Text_IsGenerated, fast.Text_HasUnicodeMapError
    text_object, unicode, char_origin = fast.Text_GetTextObject, fast.Text_GetUnicode, fast.Text_GetCharOrigin
    render_mode, get_font = fast.TextObj_GetTextRenderMode, fast.TextObj_GetFont
    font_size, text_matrix = fast.Text_GetFontSize, fast.Text_GetMatrix
    for index in range(call.Text_CountChars(page.value)):
        code = unicode(page, index)
        if code in _MAYBE_GENERATED and is_generated(page, index):
            continue  # a space or line break PDFium inferred; pdfminer has none
        if unmapped(page, index):
            raise Unsupported("a character without a Unicode mapping")  # pdfminer writes "(cid:n)"
        key = text_object(page, index)  # the object's address
        if not key:
            raise Unsupported("a character of no text object")
        if code < 0x20 or 0x7F <= code < 0xA0:
            raise Unsupported("a control character")  # PDFium writes a hyphen ending a line as U+0002
        if 0x0300 <= code < 0x2E80 and _reordered(chr(code)):
            raise Unsupported("right-to-left or combining text")  # PDFium reorders it
        state = objects.get(key)
        if state is None:
            handle = ctypes.c_void_p(key)
            if render_mode(handle) not in _DRAWN:
                raise Unsupported("text not drawn (invisible over a scan, or a clipping path)")
            font = get_font(handle) or 0
            if font not in fonts:
                if call.Font_GetBaseFontName(font, name, len(name)) > len(name):
                    raise Unsupported("a font name too long to read")
                fontname = _name(name.raw)
                call.Font_GetGlyphWidth(font, code, ctypes.c_float(1.0), at_width)
                vertical = width.value < 0
                metrics = vetted.fonts.get((fontname, vertical))
                if metrics is None or math.isnan(metrics.descent):
                    raise Unsupported(f"the font {fontname!r} is not known as pdfminer knows it")
                fonts[font] = (fontname, vertical, metrics, {})
            fontname, vertical, metrics, advances = fonts[font]
            size = font_size(page, index)
            text_matrix(page, index, at_matrix)
            a, b, c, d, e, f = matrix[:]
            if b != 0 or c != 0 or a <= 0 or d <= 0:
                raise Unsupported("rotated, skewed or mirrored text")  # pdfminer's box turns with it
            # The parts of a horizontal box the same for the object's characters, computed as before
            # they were kept (the same floats): below the baseline, and the box's height.
            below, tall = metrics.descent * size * d, size * abs(d)
            objects[key] = (font, fontname, vertical, metrics, advances, size, a, d, e, f, below, tall)
            first = True  # the object's first character
        else:
            font, fontname, vertical, metrics, advances, size, a, d, e, f, below, tall = state
            first = False
        char_origin(page, index, at_x, at_y)
        here_x, here_y = x.value, y.value
        if key == last_key and here_x == last_x and here_y == last_y:
            raise Unsupported("two characters at one origin")  # one glyph read as several: PDFium repeats it
        last_key, last_x, last_y = key, here_x, here_y
        if vertical:
            if not first:
                raise Unsupported("a vertical run of characters")  # each its own object, as WPS writes
            call.Font_GetGlyphWidth(font, code, ctypes.c_float(size), at_width)
            x0, y0 = here_x, here_y
            x1, y1 = x0 + size * abs(a), y0 + abs(width.value * d)
            baseline_x, baseline_y = e, f
            char_size = x1 - x0
        else:
            if first and (abs(here_x - e) > 0.01 or abs(here_y - f) > 0.01):
                # PDFium left out the object's first character (drawn again near itself in another size)
                raise Unsupported("a text object's first character left out")
            advance = advances.get(code)
            if advance is None:
                # PDFium places the characters by its widths, pdfminer by its own: they must agree (a
                # standard font's own widths, a text given by two codes of different widths, a character
                # pdfminer reads as another text or not at all: they do not).
                call.Font_GetGlyphWidth(font, code, ctypes.c_float(1.0), at_width)
                assert metrics.widths is not None  # horizontal
                mined = metrics.widths.get(chr(code))
                if mined is None or not abs(mined - width.value) <= _SAME_WIDTH:
                    raise Unsupported("a character pdfminer reads or places otherwise")
                advance = advances[code] = mined
            x0 = here_x  # the origin, as pdfminer's box begins (PDFium's loose box: the same in float32)
            across = advance * size * a
            x1 = x0 + across
            if after_space:
                space = after_space.pop(key, None)
                if space is not None and here_x - (space[1] + space[2]) > space[2] / 2:
                    raise Unsupported("a run of spaces")
            if code == 0x20:
                after_space[key] = (key, here_x, across)
            y0 = here_y + below
            y1 = y0 + tall
            baseline_x, baseline_y = here_x, here_y
            char_size = y1 - y0
        if len(chars) % 256 == 255:
            charge(256)  # as the page's characters are made (a page of a million is stopped early)
        left, right, low, high = x0 - shift_x, x1 - shift_x, y0 - shift_y, y1 - shift_y
        top = height - high
        chars.append(
            {
                "object_type": "char",
                "text": chr(code),
                "fontname": fontname,
                "size": char_size,
                "matrix": (a, 0.0, 0.0, d, baseline_x - shift_x, baseline_y - shift_y),
                "upright": a * d > 0,
                "x0": left,
                "x1": right,
                "y0": low,
                "y1": high,
                "width": right - left,
                "height": high - low,
                "top": top,
                "bottom": height - low,
                "doctop": top,  # within the page: the reader compares characters of one page only
            }
        )
    charge(len(chars) % 256)
    if drawn.difference(objects):  # the text objects of no character (each is in objects from its first)
        raise Unsupported("a text object without characters (spaces only, or drawn again near itself)")
    left_, bottom_, right_, top_ = (ctypes.c_float() for _ in range(4))
    for obj, space_x, space_advance in after_space.values():
        call.PageObj_GetBounds(obj, *map(ctypes.addressof, (left_, bottom_, right_, top_)))
        if right_.value - space_x > space_advance / 2:
            raise Unsupported("a run of spaces ending a text object")
    return chars


Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
_Shape = tuple[str, list[Point], bool, bool]


def _matrix(obj: Any) -> Matrix:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    _pdfium().PageObj_GetMatrix(obj, ctypes.addressof(m))
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

    call, fast = _pdfium(), _pdfium_untyped()
    x, y = ctypes.c_float(), ctypes.c_float()
    at_x, at_y = ctypes.byref(x), ctypes.byref(y)
    operations: list[tuple[str, list[Point]]] = []
    start = (0.0, 0.0)
    pending: list[Point] = []
    moves = 0
    path = ctypes.c_void_p(obj)  # made once, and each segment kept as PDFium's handle: nothing converted
    get_segment, get_type, get_point, get_close = (
        fast.Path_GetPathSegment,
        fast.PathSegment_GetType,
        fast.PathSegment_GetPoint,
        fast.PathSegment_GetClose,
    )
    move, line, bezier = (
        pdfium_c.FPDF_SEGMENT_MOVETO,
        pdfium_c.FPDF_SEGMENT_LINETO,
        pdfium_c.FPDF_SEGMENT_BEZIERTO,
    )
    for index in range(call.Path_CountSegments(obj)):
        segment = get_segment(path, index)
        kind = get_type(segment)
        get_point(segment, at_x, at_y)
        point = (x.value, y.value)
        closes = bool(get_close(segment))
        if kind == move:
            moves += 1
            if operations and operations[-1][0] != "m":
                charge(1)  # pdfminer counts a path of several subpaths once, and each subpath drawn again
            operations.append(("m", [point]))
            start = point
        elif kind == line:
            if closes and point == start:
                operations.append(("h", [start]))
                continue
            operations.append(("l", [point]))
        elif kind == bezier:
            pending.append(point)
            if len(pending) < 3:
                continue
            operations.append(("c", pending))
            pending = []
        if closes:
            operations.append(("h", [start]))
    if moves > 1 and operations[-1][0] != "m":
        charge(1)  # the last subpath
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

    call = _pdfium()
    shapes: list[_Shape] = []
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    at_fill_mode, at_stroke = ctypes.addressof(fill_mode), ctypes.addressof(stroke)
    texts: set[int] = set()
    text, path, image, form = (
        pdfium_c.FPDF_PAGEOBJ_TEXT,
        pdfium_c.FPDF_PAGEOBJ_PATH,
        pdfium_c.FPDF_PAGEOBJ_IMAGE,
        pdfium_c.FPDF_PAGEOBJ_FORM,
    )
    get_type = call.PageObj_GetType

    def walk(total: int, get: Callable[[int, int], Any], owner: int, outer: Matrix | None) -> None:
        # A report's page holds thousands of objects (WPS writes a text object a character): the
        # common case, a text object, costs one call of PDFium and a set's addition.
        for index in range(total):
            obj = get(owner, index)
            kind = get_type(obj)
            if kind == text:
                texts.add(obj or 0)
                continue
            if kind in (path, image):
                charge(1)  # as pdfminer counts: each path and image (characters one by one, forms not)
            if kind == path:
                call.Path_GetDrawMode(obj, at_fill_mode, at_stroke)
                matrix = _times(_matrix(obj), outer)
                shapes.extend(_shapes(_operations(obj), matrix, bool(stroke.value), fill_mode.value != 0))
            elif kind == form:
                walk(call.FormObj_CountObjects(obj), call.FormObj_GetObject, obj, _times(_matrix(obj), outer))

    handle = _address(page)
    walk(call.Page_CountObjects(handle), call.Page_GetObject, handle, None)
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
