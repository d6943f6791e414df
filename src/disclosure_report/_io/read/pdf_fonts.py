"""What pdfminer reads of a PDF's fonts, read at less cost and within the limits.

pdfminer reads a font's ToUnicode map, and the encoding a Type 1 font program declares, with its
PostScript parser, a token at a time (a CJK font's map of a few hundred characters costs it 2 to 8 ms),
and makes a CID font's widths into a table of every code its ranges cover (WPS writes a range of 27,704
codes for a font of 200 characters). While a PDF is read under :func:`.pdf_limits.limits`, pdfminer's
font classes use instead (:func:`install`):

- :func:`tokens`: the tokens pdfminer's tokenizer gives, found by one regular expression, for the
  PostScript fonts hold (literal strings without escapes or nested brackets, no hexadecimal string left
  open at the end); a stream beyond that is read by pdfminer's own parser;
- :class:`CMapParser` and :class:`Type1FontHeaderParser`: pdfminer's parsers of the same names (their
  stack, their keywords, their quirks) run over those tokens, a Type 1 encoding's runs of entries
  (``dup 32 /space put``) each taken as one item (:func:`header_tokens`, :class:`Entries`);
- :func:`get_widths`: a CID font's widths, its long ranges kept as ranges and looked up where they are.

Each gives what pdfminer's own gives (``tests/test_pdf_fonts.py`` holds them to it on generated maps,
headers and width arrays), and outside the limits pdfminer's own run. Within the limits the tokens are
counted as pdfminer's tokenizer counts them (:data:`.pdf_limits.MAX_PDF_TOKENS`), and so is every code
a map or a width array spells out by a range (pdfminer's own would spend minutes and gigabytes building
a range of four billion codes; here the first code beyond the document's budget stops it). The cost of
a map, a header or a width array is linear in its bytes and the codes it maps: a regular expression's
pass over the stream, then a constant amount of work a token and a code.
"""

from __future__ import annotations

import binascii
import contextlib
import functools
import itertools
import re
from collections.abc import Iterable, Iterator
from io import BytesIO
from typing import Any, Final

from .pdf_limits import LimitReached, charge_tokens, tokens_left, within_limits

__all__ = [
    "CMapParser",
    "Entries",
    "NotPdfminers",
    "ParserStack",
    "Type1FontHeaderParser",
    "get_widths",
    "get_widths2",
    "header_tokens",
    "install",
    "scan",
    "tokens",
]

# One token of pdfminer's tokenizer (psparser.PSBaseParser), after any white space, NUL and comments:
# a literal name, a number, a keyword, a literal string, "<<" or ">>", a hexadecimal string (its ">" is
# the next match, as pdfminer leaves it: "<00>>" is a string and ">>"), a lone ">" (which pdfminer
# drops), or any other byte (pdfminer's keyword of one byte: "[", "]", "{", "}", ")", ...).
_DELIMITED: Final = rb"[^#/%\[\]()<>{}\s]*+"
_TOKEN: Final = re.compile(
    rb"(?:[\s\x00]|%[^\r\n]*+)*+"  # pdfminer skips white space, a NUL between tokens, and comments
    rb"(?:"
    rb"/(?P<literal>(?:[^#/%\[\]()<>{}\s]++|#[0-9A-Fa-f]{0,2}+)*+)"  # "#" and up to two digits: a byte
    rb"|(?P<number>(?=[+\-.0-9])[+\-]?+[0-9]*+(?P<point>\.[0-9]*+)?+)"
    rb"|(?P<keyword>[A-Za-z]" + _DELIMITED + rb")"
    rb"|\((?P<string>[^()\\]*+)\)"
    rb"|(?P<dict><<|>>)"
    rb"|<(?P<hex>[0-9A-Fa-f\s]*+)(?=[^0-9A-Fa-f\s])"
    rb"|(?P<close>>)"
    rb"|(?P<byte>[^\s\x00%/+\-.0-9A-Za-z(<>])"
    rb")"
)
_ESCAPE: Final = re.compile(rb"#([0-9A-Fa-f]{0,2})")
_LAST_ESCAPE: Final = re.compile(rb"#[0-9A-Fa-f]{0,2}\Z")
_END: Final = re.compile(rb"(?:[\s\x00]|%[^\r\n]*+)*+\Z")
_SPACE: Final = re.compile(rb"\s")
_RUN_MOST: Final = 1024
"""Tokens of one run found at once (below): a run is made whole before its tokens are counted, so this is
the most made beyond a limit of tokens (two million entries of a Type 1 encoding, 42 MB, were made whole,
1.5 s and 600 MB, before the limit refused them). A longer run is read as several: the same tokens."""
# A run of hexadecimal strings apart by white space, none followed by ">" (as a map's body is written):
# the same tokens as one at a time, found at once.
_HEX_RUN: Final = re.compile(rb"(?:\s*+<[0-9A-Fa-f]*+>(?!>)){1,%d}+" % _RUN_MOST)
_HEX_STRING: Final = re.compile(rb"<([0-9A-Fa-f]*)>")
# After a number, a run of unsigned integers apart by white space (a simple font's /Widths, a width array):
# the same tokens as one at a time, found at once. An integer followed by "." is a real: the run ends before.
_INTEGER_RUN: Final = re.compile(rb"(?:\s++[0-9]++(?!\.)){1,%d}+" % _RUN_MOST)
_INTEGER: Final = re.compile(rb"[0-9]++")
# After a keyword "dup", a run of a Type 1 encoding's entries as its programs write them ("dup 32 /space
# put", a line each): each entry's code, name and "put", and the "dup" of the next, apart by white space
# only. Their tokens are a number, a name of regular characters and two keywords, found at once.
_ENTRY: Final = rb"\s++([0-9]++)\s++/([A-Za-z0-9._]++)\s++put(?=\s)"
# A dup between two entries: four tokens an entry, the run's last without it.
_ENTRIES: Final = re.compile(_ENTRY + rb"(?:\s++dup" + _ENTRY + rb"){0,%d}+" % (_RUN_MOST // 4 - 1))
_ENTRY_PARTS: Final = re.compile(rb"([0-9]++)\s++/([A-Za-z0-9._]++)")

_RANGE_KEPT: Final = 256
"""Codes a range of CID widths covers beyond which it is kept as a range, not spelt out code by code."""
_RANGES_KEPT: Final = 64
"""Ranges of widths kept as ranges in one font (each looked up in turn; WPS writes one or two)."""


class NotPdfminers(Exception):
    """What the fast way does not read as pdfminer would: pdfminer's own parser reads it."""


def tokens(data: bytes, most: int | None = None) -> list[Any] | None:
    """The tokens pdfminer's tokenizer makes of ``data``, or ``None`` where they may not be those.

    Each token is what pdfminer makes: ``int``, ``float``, ``bool``, ``bytes``, ``PSLiteral`` or
    ``PSKeyword`` (interned as pdfminer interns them). ``None`` too beyond ``most`` tokens: no more are
    made (pdfminer's parser, counting, stops at the limit).
    """
    try:
        found = list(itertools.islice(scan(data), most + 1 if most is not None else None))
    except NotPdfminers:
        return None
    return None if most is not None and len(found) > most else found


class Entries:
    """A run of a Type 1 encoding's entries (``dup 32 /space put dup 33 /exclam put``) as one token.

    One item of :func:`header_tokens` for the tokens it stands for: what each ``put`` takes off the
    stack, in turn. The run begins after a ``dup`` and ends at a ``put``: each code and name pushed is
    taken by the ``put`` after it, and ``dup`` does nothing in pdfminer's header parser, so the run
    leaves the stack as it found it.
    """

    __slots__ = ("entries",)

    def __init__(self, entries: list[tuple[int, str]]) -> None:
        self.entries = entries

    @property
    def count(self) -> int:
        """The tokens pdfminer's tokenizer makes of the run: three an entry, and the ``dup`` between two."""
        return 4 * len(self.entries) - 1


def header_tokens(data: bytes, most: int) -> tuple[list[Any], int] | None:
    """:func:`tokens` of a Type 1 program's header, and the number of tokens pdfminer's tokenizer makes.

    Each run of the encoding's entries is one :class:`Entries`. ``None`` where :func:`tokens` gives
    ``None`` (beyond ``most`` tokens too).
    """
    found: list[Any] = []
    count = 0
    try:
        for token in scan(data, runs=True):
            found.append(token)
            count += token.count if type(token) is Entries else 1
            if count > most:
                return None
    except NotPdfminers:
        return None
    return found, count


def scan(
    data: bytes, position: int = 0, where: list[int] | None = None, *, runs: bool = False
) -> Iterator[Any]:
    """The tokens of :func:`tokens` one at a time from ``position``, to the end of ``data``.

    ``where[0]``, when given, is set to where each keyword begins as it is given. With ``runs``, a run of a
    Type 1 encoding's entries after a ``dup`` is given as one :class:`Entries`.

    Raises:
        NotPdfminers: Where the tokens may not be pdfminer's (before any token beyond that place is given).
    """
    from pdfminer.psparser import KWD, LIT

    end = len(data)
    match = _TOKEN.match
    while position < end:
        token = match(data, position)
        if token is None or token.end() == position:
            if _END.match(data, position) is None:
                raise NotPdfminers("a token the fast way does not read")
            return
        position = token.end()
        kind = token.lastgroup
        if kind == "keyword":
            word = token.group("keyword")
            if where is not None:
                where[0] = token.start("keyword")
            yield True if word == b"true" else False if word == b"false" else KWD(word)
            if runs and word == b"dup":
                run = _ENTRIES.match(data, position)
                if run is not None:
                    parts = _ENTRY_PARTS.findall(run.group())  # each entry's code and name
                    yield Entries([(int(code), str(name, "ascii")) for code, name in parts])
                    position = run.end()
                    continue
            run = _HEX_RUN.match(data, position)
            if run is not None:
                yield from map(_hex, _HEX_STRING.findall(run.group()))
                position = run.end()
        elif kind == "hex":
            yield _hex(token.group("hex"))
        elif kind == "literal":
            raw = token.group("literal")
            if b"#" in raw:
                if position == end and _LAST_ESCAPE.search(raw):
                    raise NotPdfminers("a name ending in an escape at the end")  # pdfminer loses it
                raw = _ESCAPE.sub(_escaped, raw)
            try:
                yield LIT(str(raw, "utf-8"))
            except UnicodeDecodeError:
                yield LIT(raw)
        elif kind == "number" or kind == "point":
            text = token.group("number")
            try:
                number: int | float = float(text) if token.group("point") is not None else int(text)
            except ValueError:  # pdfminer drops what is no number ("-", ".")
                continue
            yield number
            run = _INTEGER_RUN.match(data, position)
            if run is not None:
                yield from map(int, _INTEGER.findall(run.group()))
                position = run.end()
        elif kind == "string":
            yield token.group("string")
        elif kind == "dict" or kind == "byte":
            yield KWD(token.group(kind))


def _escaped(escape: re.Match[bytes]) -> bytes:
    """A name's ``#xx`` as pdfminer reads it: the byte of its digits (a ``#`` without digits: nothing)."""
    return bytes((int(escape.group(1), 16),)) if escape.group(1) else b""


def _hex(digits: bytes) -> bytes:
    """A hexadecimal string's bytes as pdfminer reads them: an odd last digit is a byte of its own."""
    try:
        return binascii.unhexlify(digits)
    except binascii.Error:  # white space within, or an odd number of digits
        digits = _SPACE.sub(b"", digits)
    if len(digits) % 2:
        return binascii.unhexlify(digits[:-1]) + bytes((int(digits[-1:], 16),))
    return binascii.unhexlify(digits)


class ParserStack:
    """The stack of pdfminer's ``PSStackParser``, run over a list of tokens.

    Arrays, dictionaries and procedures are built as pdfminer builds them, and each keyword is given to
    :meth:`keyword` with the stack pdfminer's ``do_keyword`` would see.
    """

    def __init__(self) -> None:
        self.context: list[tuple[str | None, list[Any]]] = []
        self.curtype: str | None = None
        self.curstack: list[Any] = []
        self.taken = 0  # tokens taken
        self.finished = False  # set by a keyword that ends the parse (as pdfminer's results do)

    def run(self, found: Iterable[Any]) -> None:
        """Take the tokens in turn, as pdfminer's ``nextobject`` takes them, to the end or till finished."""
        from pdfminer import settings
        from pdfminer.psparser import (
            KEYWORD_ARRAY_BEGIN,
            KEYWORD_ARRAY_END,
            KEYWORD_DICT_BEGIN,
            KEYWORD_DICT_END,
            KEYWORD_PROC_BEGIN,
            KEYWORD_PROC_END,
            PSLiteral,
            literal_name,
        )

        if settings.STRICT:
            raise NotPdfminers("pdfminer's strict mode")
        plain = (int, float, bool, str, bytes, PSLiteral)
        opened = {KEYWORD_ARRAY_BEGIN: "a", KEYWORD_DICT_BEGIN: "d", KEYWORD_PROC_BEGIN: "p"}
        closed = {KEYWORD_ARRAY_END: "a", KEYWORD_DICT_END: "d", KEYWORD_PROC_END: "p"}
        for token in found:
            self.taken += 1
            if not self.taken & 4095:
                self.spend()
            if isinstance(token, plain):
                self.curstack.append(token)
            elif token in opened:
                self.context.append((self.curtype, self.curstack))
                self.curtype, self.curstack = opened[token], []
            elif token in closed:
                if self.curtype != closed[token]:
                    continue  # pdfminer ignores a closing bracket of another kind (not strict)
                objects = self.curstack
                self.curtype, self.curstack = self.context.pop()
                if closed[token] == "d":
                    if len(objects) % 2:
                        raise NotPdfminers("a dictionary of an odd number of objects")  # pdfminer raises
                    pairs = zip(objects[::2], objects[1::2], strict=True)
                    built = {literal_name(key): value for key, value in pairs if value is not None}
                    self.curstack.append(built)
                else:
                    self.curstack.append(objects)
            else:
                self.keyword(token)
                if self.finished:
                    return

    def keyword(self, token: Any) -> None:
        """What the parser does at a keyword."""
        raise NotImplementedError

    def spend(self) -> None:
        """Every 4,096 tokens taken: a parser counting tokens as it goes counts them here."""

    def pop(self, count: int) -> list[Any]:
        """The top ``count`` objects, taken off the stack (pdfminer's ``pop``)."""
        objects = self.curstack[-count:]
        self.curstack[-count:] = []
        return objects

    def popall(self) -> list[Any]:
        """Every object, taken off the stack (pdfminer's ``popall``)."""
        objects, self.curstack = self.curstack, []
        return objects


# --- ToUnicode maps ------------------------------------------------------------------------------------


class _Map(ParserStack):
    """``cmapdb.CMapParser.do_keyword`` over the tokens, into a ``FileUnicodeMap``."""

    def __init__(self, cmap: Any) -> None:
        super().__init__()
        self.cmap = cmap
        self.in_cmap = True

    def keyword(self, token: Any) -> None:
        name = token.name
        if name == b"begincmap":
            self.in_cmap = True
            self.popall()
            return
        if name == b"endcmap":
            self.in_cmap = False
            return
        if not self.in_cmap:
            return
        if name == b"def":
            from pdfminer.psparser import literal_name

            if len(self.curstack) < 2:
                raise NotPdfminers("def with an empty stack")  # pdfminer raises
            key, value = self.pop(2)
            self.cmap.set_attr(literal_name(key), value)
            return
        if name == b"usecmap":
            raise NotPdfminers("usecmap")  # a predefined map is looked up: pdfminer's way
        if name in _BEGINNINGS:
            self.popall()
            return
        if name == b"endcidrange":
            objects = self.popall()
            for start_byte, end_byte, cid in _triples(objects):
                if not (isinstance(start_byte, bytes) and isinstance(end_byte, bytes)):
                    continue
                if not isinstance(cid, int) or len(start_byte) != len(end_byte):
                    continue
                if start_byte[:-4] != end_byte[:-4]:
                    continue
                start, end = int.from_bytes(start_byte[-4:], "big"), int.from_bytes(end_byte[-4:], "big")
                prefix, width = start_byte[:-4], len(start_byte[-4:])
                self._spelt(end - start + 1)
                for offset in range(end - start + 1):
                    self._add(cid + offset, prefix + (start + offset).to_bytes(4, "big")[-width:])
            return
        if name == b"endcidchar":
            objects = self.popall()
            for cid, code in zip(objects[::2], objects[1::2], strict=False):
                if isinstance(code, bytes) and isinstance(cid, int):
                    self._add(cid, code)
            return
        if name == b"endbfrange":
            objects = self.popall()
            for start_byte, end_byte, code in _triples(objects):
                if not (isinstance(start_byte, bytes) and isinstance(end_byte, bytes)):
                    continue
                if len(start_byte) != len(end_byte):
                    continue
                start, end = int.from_bytes(start_byte, "big"), int.from_bytes(end_byte, "big")
                if isinstance(code, list):
                    for cid, value in zip(range(start, end + 1), code, strict=False):
                        self._add(cid, value)
                    continue
                if not isinstance(code, bytes):
                    raise NotPdfminers("a range to something not a string")  # pdfminer asserts
                base, prefix, width = int.from_bytes(code[-4:], "big"), code[:-4], len(code[-4:])
                self._spelt(end - start + 1)  # first: pdfminer spells a range out until it overflows
                if base + end - start >= 1 << 32:
                    raise NotPdfminers("a range beyond four bytes")  # pdfminer's struct.pack raises
                for offset in range(end - start + 1):
                    self._add(start + offset, prefix + (base + offset).to_bytes(4, "big")[-width:])
            return
        if name == b"endbfchar":
            objects = self.popall()
            for cid, code in zip(objects[::2], objects[1::2], strict=False):
                if isinstance(cid, bytes) and isinstance(code, bytes):
                    self._add(int.from_bytes(cid, "big"), code)
            return
        self.curstack.append(token)

    def _spelt(self, codes: int) -> None:
        """Count the codes a range spells out before any is made (a range of billions is refused)."""
        if codes > 0:
            charge_tokens(codes)

    def _add(self, cid: int, code: Any) -> None:
        if type(code) is not bytes:
            self.cmap.add_cid2unichr(cid, code)
            return
        # FileUnicodeMap.add_cid2unichr for a string: UTF-16BE, a no-break space not over a space.
        text = code.decode("UTF-16BE", "ignore")
        mapped = self.cmap.cid2unichr
        if text != "\u00a0" or mapped.get(cid) != " ":
            mapped[cid] = text


_BEGINNINGS: Final = frozenset(
    {
        b"begincodespacerange",
        b"endcodespacerange",
        b"begincidrange",
        b"begincidchar",
        b"beginbfrange",
        b"beginbfchar",
        b"beginnotdefrange",
        b"endnotdefrange",
    }
)
"""The keywords at which pdfminer's ToUnicode parser empties its stack (and does nothing else)."""


def _triples(objects: list[Any]) -> Iterator[tuple[Any, Any, Any]]:
    """The objects three at a time, a short last group left out (pdfminer's ``choplist(3, ...)``)."""
    return zip(objects[::3], objects[1::3], objects[2::3], strict=False)


def _original(name: str) -> Any:
    """The class or function of that name in pdfminer, as it was before :func:`install`."""
    return _ORIGINALS[name]


_ORIGINALS: dict[str, Any] = {}


class CMapParser:
    """The ToUnicode parser pdfminer's fonts use: faster and bounded within the limits, pdfminer's outside."""

    def __init__(self, cmap: Any, fp: Any) -> None:
        self.cmap, self.fp = cmap, fp

    def run(self) -> None:
        """Read the map into ``cmap``, as pdfminer's ``CMapParser(cmap, fp).run()`` does."""
        from pdfminer.cmapdb import FileUnicodeMap

        original = _original("CMapParser")
        fresh = type(self.cmap) is FileUnicodeMap and not self.cmap.cid2unichr and not self.cmap.attrs
        if not within_limits() or not fresh or not isinstance(self.fp, BytesIO):
            original(self.cmap, self.fp).run()
            return
        data = self.fp.getvalue()
        found = tokens(data, tokens_left())
        if found is not None:
            made = FileUnicodeMap()
            try:
                _Map(made).run(found)
            except LimitReached:
                raise
            except Exception:  # anything pdfminer's own may read otherwise (or fail on) is left to it
                pass
            else:
                charge_tokens(len(found) + 1)  # as pdfminer's tokenizer counts: each token, and the end
                self.cmap.cid2unichr, self.cmap.attrs = made.cid2unichr, made.attrs
                return
        counted = _counted_map()()
        original(counted, BytesIO(data)).run()
        self.cmap.cid2unichr, self.cmap.attrs = counted.cid2unichr, counted.attrs


@functools.cache
def _counted_map() -> Any:
    """A ``FileUnicodeMap`` counting each code given it (pdfminer's parser spells ranges out unbounded)."""
    from pdfminer.cmapdb import FileUnicodeMap

    class CountedMap(FileUnicodeMap):
        def add_cid2unichr(self, cid: int, code: Any) -> None:
            charge_tokens(1)
            super().add_cid2unichr(cid, code)

    return CountedMap


# --- the encoding of a Type 1 font program ------------------------------------------------------------


class _Header(ParserStack):
    """``pdffont.Type1FontHeaderParser.do_keyword`` over the tokens: each ``code /name put``."""

    def __init__(self) -> None:
        super().__init__()
        self.results: list[tuple[int, str]] = []

    def keyword(self, token: Any) -> None:
        if type(token) is Entries:
            self.results += token.entries  # each put's code and name, the stack as it was
            return
        if token.name != b"put":
            return  # the most of a header's keywords (the import below is paid only at a put)
        from pdfminer.psparser import PSLiteral, literal_name

        if len(self.curstack) < 2:
            raise NotPdfminers("put with an empty stack")  # pdfminer raises
        key, value = self.pop(2)
        if isinstance(key, int) and isinstance(value, PSLiteral):
            self.results.append((key, literal_name(value)))


class Type1FontHeaderParser:
    """The reader of a Type 1 font program's encoding pdfminer's fonts use: faster within the limits."""

    def __init__(self, data: Any) -> None:
        self.data = data

    def get_encoding(self) -> dict[int, str]:
        """Each code's text by the glyph name the program's ``/Encoding`` gives it, as pdfminer's."""
        from pdfminer.encodingdb import name2unicode

        original = _original("Type1FontHeaderParser")
        if not within_limits() or not isinstance(self.data, BytesIO):
            return dict(original(self.data).get_encoding())
        data = self.data.getvalue()
        read = header_tokens(data, tokens_left())
        if read is not None:
            found, count = read
            header = _Header()
            try:
                header.run(found)
                encoding: dict[int, str] = {}
                for code, name in header.results:
                    with contextlib.suppress(KeyError):
                        encoding[code] = name2unicode(name)
            except Exception:  # anything pdfminer's own may read otherwise (or fail on) is left to it
                pass
            else:
                charge_tokens(count + 1)  # as pdfminer's tokenizer counts: each token, and the end
                return encoding
        return dict(original(BytesIO(data)).get_encoding())


# --- the widths of CID fonts ---------------------------------------------------------------------------


_SHADOWED: Final = object()
"""A code's width given before a range kept as a range: the range's."""


class _Widths:
    """A CID font's widths as pdfminer's ``get_widths`` makes them, its long ranges kept as ranges.

    Only ``get`` is asked of it (``PDFFont.char_width``): a code's width is the last given for it, a
    range's or an array's.
    """

    def __init__(self, spelt: dict[Any, Any], ranges: list[tuple[int, int, float]]) -> None:
        self.spelt = spelt
        self.ranges = ranges

    def get(self, key: Any, default: Any = None) -> Any:
        value = self.spelt.get(key, _SHADOWED)
        if value is not _SHADOWED:
            return value
        if isinstance(key, int):
            for first, last, width in reversed(self.ranges):
                if first <= key <= last:
                    return width
        return default


def get_widths(seq: Iterable[object]) -> Any:
    """A CID font's widths as pdfminer's ``get_widths`` gives them; within the limits, long ranges kept."""
    from pdfminer.pdftypes import resolve1, resolve_all

    if not within_limits():
        return _original("get_widths")(seq)
    spelt: dict[Any, Any] = {}
    ranges: list[tuple[int, int, float]] = []
    pending: list[Any] = []
    for value in seq:
        value = resolve1(value)
        if isinstance(value, list):
            if pending:
                first = pending[-1]
                for offset, width in enumerate(value):
                    spelt[first + offset] = width
                pending = []
        elif isinstance(value, int | float):
            pending.append(value)
            if len(pending) == 3:
                first, last, width = pending
                if isinstance(first, int) and isinstance(last, int):
                    if last - first + 1 > _RANGE_KEPT and len(ranges) < _RANGES_KEPT:
                        # The codes given a width before are shadowed by the range, where they are
                        # (pdfminer's table keeps each code where it was first given a width).
                        for code in spelt:
                            if first <= code <= last:
                                spelt[code] = _SHADOWED
                        ranges.append((first, last, width))
                    else:
                        charge_tokens(max(last - first + 1, 0))
                        for code in range(first, last + 1):
                            spelt[code] = width
                pending = []
    # pdfminer resolves every width where it is referenced (PDFFont's resolve_all), in the table's order.
    for code, width in spelt.items():
        if width is not _SHADOWED:
            spelt[code] = resolve_all(width)
    return _Widths(spelt, ranges)


def get_widths2(seq: Iterable[object]) -> Any:
    """A vertical CID font's widths by pdfminer's ``get_widths2``, within the limits counted first."""
    original = _original("get_widths2")
    if within_limits():
        values = list(seq)
        pending: list[Any] = []
        codes = 0
        for value in values:
            if isinstance(value, list):
                codes += len(value) // 3 if pending else 0
                pending = []
            elif isinstance(value, int | float):
                pending.append(value)
                if len(pending) == 5:
                    codes += max(int(pending[1]) - int(pending[0]) + 1, 0)
                    pending = []
        charge_tokens(codes)
        seq = values
    return original(seq)


def install() -> None:
    """Put these into pdfminer's font module, once (they act as pdfminer's own outside the limits)."""
    from pdfminer import pdffont

    if _ORIGINALS:
        return
    for name in ("CMapParser", "Type1FontHeaderParser", "get_widths", "get_widths2"):
        _ORIGINALS[name] = getattr(pdffont, name)
    replacements = {
        "CMapParser": CMapParser,
        "Type1FontHeaderParser": Type1FontHeaderParser,
        "get_widths": get_widths,
        "get_widths2": get_widths2,
    }
    for name, replacement in replacements.items():
        setattr(pdffont, name, replacement)
