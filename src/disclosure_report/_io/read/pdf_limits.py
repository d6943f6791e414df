"""Limits on what a PDF may cost, enforced while pdfminer parses it, never after.

pdfminer inflates each stream whole, in memory, and builds every character and shape of a page before
anyone can count them. While a PDF is read under :func:`limits`, its decoders are replaced by bounded
ones and its layout device counts what it builds:

- every stream, whatever its filters (a chain of filters, a stream keyword ended by a lone CR, the bytes
  ``endstream`` inside compressed data), is decoded by a bounded Flate, LZW or run-length decoder that
  stops at :data:`MAX_PDF_STREAM` bytes, and all streams together at :data:`MAX_PDF_EXPANDED`; a damaged
  Flate stream is inflated in one linear pass (pdfminer's recovery took quadratic time);
- LZW is decoded in linear time with the standard 4,096-entry table (pdfminer's grows without end and
  copies the table for a debug message at every code);
- the characters, shapes and images of a page are counted as they are made: a page stops at
  :data:`MAX_PAGE_OBJECTS`, the document at :data:`MAX_PDF_OBJECTS`;
- the tokens parsed are counted, the document stopping at :data:`MAX_PDF_TOKENS`, and so are the codes a
  font's ToUnicode map or widths spell out by ranges (:mod:`.pdf_fonts`, which also reads fonts' maps,
  encodings and widths faster than pdfminer's own parsers, giving what they give; :mod:`.pdf_objects`
  parses the file's objects so).

The replacements are installed once, into pdfminer's modules, and act only inside :func:`limits` (a
context variable holds the budget): pdfminer used elsewhere in the process behaves as it always does.
The faster parsers of :mod:`.pdf_fonts` and :mod:`.pdf_objects` are installed by the PDF reader
(:func:`.pdf.text_layer`), which uses this module, as they do: this module imports neither.
"""

from __future__ import annotations

import contextlib
import functools
import zlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, Final

import attrs

__all__ = [
    "MAX_PAGE_OBJECTS",
    "MAX_PDF_EXPANDED",
    "MAX_PDF_OBJECTS",
    "MAX_PDF_STREAM",
    "MAX_PDF_TOKENS",
    "LimitReached",
    "charge",
    "charge_tokens",
    "limits",
    "new_page",
    "tokens_left",
    "within_limits",
]

MAX_PDF_STREAM: Final = 64 * 1024 * 1024
"""The most bytes one stream may decode to (a page's content, a font, an image)."""
MAX_PDF_EXPANDED: Final = 256 * 1024 * 1024
"""The most bytes all streams of a document together may decode to."""
MAX_PAGE_OBJECTS: Final = 20_000
"""The most characters, lines, rectangles, curves and images on one page (a report's page has under a
thousand; pdfplumber spends about 0.25 ms on each)."""
MAX_PDF_OBJECTS: Final = 100_000
"""The most characters, shapes and images in a whole document."""
MAX_PDF_TOKENS: Final = 2_000_000
"""The most tokens pdfminer may parse in a document (a report of six pages has about 40,000; a page tree
of a million pages, or an array of millions of numbers, has more, and costs seconds a hundred thousand)."""

_CHUNK: Final = 1 << 16


class LimitReached(Exception):
    """A PDF went beyond a limit while it was parsed; the message says which."""


@attrs.define
class _Budget:
    decoded: int = 0
    tokens: int = 0
    objects: int = 0
    page_objects: int = 0
    page: int = 0

    def parse(self, tokens: int) -> None:
        self.tokens += tokens
        if self.tokens > MAX_PDF_TOKENS:
            raise LimitReached(f"the PDF has more than {MAX_PDF_TOKENS} tokens to parse")

    def decode(self, size: int) -> None:
        self.decoded += size
        if self.decoded > MAX_PDF_EXPANDED:
            raise LimitReached(f"the streams decode to more than {MAX_PDF_EXPANDED} bytes")

    def count(self, objects: int = 1) -> None:
        self.objects += objects
        self.page_objects += objects
        if self.page_objects > MAX_PAGE_OBJECTS:
            raise LimitReached(f"page {self.page} has more than {MAX_PAGE_OBJECTS} characters and shapes")
        if self.objects > MAX_PDF_OBJECTS:
            raise LimitReached(f"the PDF has more than {MAX_PDF_OBJECTS} characters and shapes")


_BUDGET: ContextVar[_Budget | None] = ContextVar("pdf_budget", default=None)


@contextlib.contextmanager
def limits() -> Iterator[None]:
    """Parse PDFs under the limits within this block."""
    _install()
    token = _BUDGET.set(_Budget())
    try:
        yield
    finally:
        _BUDGET.reset(token)


def new_page(number: int) -> None:
    """Start counting the objects of another page."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.page, budget.page_objects = number, 0


def charge(objects: int) -> None:
    """Count objects of the page that a reader other than pdfminer built (PDFium), against the limits."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.count(objects)


def charge_tokens(tokens: int) -> None:
    """Count tokens parsed, or codes a font's map or widths spell out, other than by pdfminer's tokenizer."""
    budget = _BUDGET.get()
    if budget is not None:
        budget.parse(tokens)


def tokens_left() -> int:
    """How many more tokens the document being read may have (unbounded outside :func:`limits`)."""
    budget = _BUDGET.get()
    return MAX_PDF_TOKENS - budget.tokens if budget is not None else 1 << 62


def within_limits() -> bool:
    """Whether a PDF is being read under :func:`limits` (pdfminer's own parsers run otherwise)."""
    return _BUDGET.get() is not None


def _room() -> int:
    """How many more bytes the stream being decoded may have (unbounded outside :func:`limits`)."""
    budget = _BUDGET.get()
    if budget is None:
        return -1
    return min(MAX_PDF_STREAM, MAX_PDF_EXPANDED - budget.decoded)


def _produced(data: bytes) -> bytes:
    budget = _BUDGET.get()
    if budget is not None:
        if len(data) > MAX_PDF_STREAM:
            raise LimitReached(f"a stream decodes to more than {MAX_PDF_STREAM} bytes")
        budget.decode(len(data))
    return data


# --- bounded decoders ------------------------------------------------------------------------------


def _inflate(data: bytes, room: int) -> bytes:
    """Inflate zlib data, at most ``room`` bytes (``-1``: no bound); ``zlib.error`` when damaged."""
    if room < 0:
        return zlib.decompress(data)
    inflater = zlib.decompressobj()
    out = inflater.decompress(data, room + 1)
    if len(out) > room:
        raise LimitReached(f"a stream decodes to more than {room} bytes")
    if not inflater.eof:
        raise zlib.error("incomplete or truncated stream")
    return out


def _inflate_damaged(data: bytes) -> bytes:
    """What a damaged zlib stream holds up to its damage, in one linear pass.

    pdfminer's own recovery inflates one byte at a time into a growing bytes object (quadratic); like it,
    a damage in the last bytes (the checksum) is forgiven and anything earlier is an error.
    """
    room = _room()
    inflater = zlib.decompressobj()
    pieces: list[bytes] = []
    size = 0
    for start in range(0, len(data), _CHUNK):
        try:
            piece = inflater.decompress(data[start : start + _CHUNK], room + 1 - size if room >= 0 else 0)
        except zlib.error:
            if start + _CHUNK < len(data) - 3:
                raise
            break
        pieces.append(piece)
        size += len(piece)
        if room >= 0 and size > room:
            raise LimitReached(f"a stream decodes to more than {room} bytes")
        if inflater.unconsumed_tail:  # the bound stopped it: more output than room
            raise LimitReached(f"a stream decodes to more than {room} bytes")
    return b"".join(pieces)


class _BoundedZlib:
    """What pdfminer's stream decoder uses of ``zlib``, bounded."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes) -> bytes:
        return _produced(_inflate(data, _room()))

    @staticmethod
    def decompressobj() -> Any:
        return zlib.decompressobj()


def _lzw(data: bytes) -> bytes:
    """LZW as PDF writes it (9 to 12 bits, early change), linear, within the budget."""
    room = _room()
    out = bytearray()
    table: list[bytes] = [bytes((code,)) for code in range(256)] + [b"", b""]
    width, previous = 9, b""
    buffer = bits = 0
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            buffer &= (1 << bits) - 1
            if code == 256:  # clear
                del table[258:]
                width, previous = 9, b""
                continue
            if code == 257:  # end of data
                return _produced(bytes(out))
            if code < len(table):
                entry = table[code]
                if previous and len(table) < 4096:
                    table.append(previous + entry[:1])
            elif code == len(table) and previous:
                entry = previous + previous[:1]
                if len(table) < 4096:
                    table.append(entry)
            else:
                return _produced(bytes(out))  # damaged: what was decoded, as pdfminer does
            out += entry
            if 0 <= room < len(out):
                raise LimitReached(f"a stream decodes to more than {room} bytes")
            previous = entry
            if len(table) + 1 >= 1 << width and width < 12:
                width += 1
    return _produced(bytes(out))


def _run_length(data: bytes) -> bytes:
    """RunLength as PDF writes it, within the budget (a run of 128 bytes per 2 bytes of input)."""
    room = _room()
    out = bytearray()
    position = 0
    while position < len(data):
        length = data[position]
        if length == 128:
            break
        if length < 128:
            out += data[position + 1 : position + 2 + length]
            position += 2 + length
        else:
            out += data[position + 1 : position + 2] * (257 - length)
            position += 2
        if 0 <= room < len(out):
            raise LimitReached(f"a stream decodes to more than {room} bytes")
    return _produced(bytes(out))


def _bounded_ccitt(original: Callable[[bytes, Any], bytes]) -> Callable[[bytes, Any], bytes]:
    def decode(data: bytes, params: Any) -> bytes:
        room = _room()
        if room >= 0:
            columns, rows = _param(params, "Columns", 1728), _param(params, "Rows", 0)
            if rows <= 0 or columns <= 0 or columns * rows // 8 > room:
                raise LimitReached("a fax image without a bounded size")
        return _produced(original(data, params))

    return decode


def _param(params: object, key: str, default: int) -> int:
    value = params.get(key, default) if isinstance(params, dict) else default
    return value if type(value) is int else 0


# --- counting what pdfminer parses and builds ---------------------------------------------------------


def _counting_tokens(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def counted(*args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        if budget is not None:
            budget.tokens += 1  # inline, not budget.parse(1): a call a token is a cost of every file
            if budget.tokens > MAX_PDF_TOKENS:
                raise LimitReached(f"the PDF has more than {MAX_PDF_TOKENS} tokens to parse")
        return method(*args, **kwargs)

    return counted


def _counting(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def counted(*args: Any, **kwargs: Any) -> Any:
        budget = _BUDGET.get()
        if budget is not None:
            budget.count()
        return method(*args, **kwargs)

    return counted


_INSTALLED: list[bool] = []


def _install() -> None:
    """Put the bounded decoders and the counting device into pdfminer, once."""
    if _INSTALLED:
        return
    from pdfminer import ccitt, converter, pdftypes, psparser

    replacements: dict[str, object] = {
        "zlib": _BoundedZlib,
        "decompress_corrupted": lambda data: _produced(_inflate_damaged(data)),
        "lzwdecode": _lzw,
        "rldecode": _run_length,
        "ccittfaxdecode": _bounded_ccitt(ccitt.ccittfaxdecode),
    }
    for name, replacement in replacements.items():
        setattr(pdftypes, name, replacement)
    parser = psparser.PSBaseParser
    parser.nexttoken = _counting_tokens(parser.nexttoken)  # type: ignore[method-assign]
    analyzer = converter.PDFLayoutAnalyzer
    for name in ("render_char", "paint_path", "render_image"):
        setattr(analyzer, name, _counting(getattr(analyzer, name)))
    _INSTALLED.append(True)
