"""The fast readers of PDF fonts (``pdf_fonts``): what pdfminer's own give, in work bounded by the limits.

Each reader is held to pdfminer's on generated input (ToUnicode maps, Type 1 encodings, CID width arrays,
and the PostScript tokens under them, well formed and not), and to linear growth on hostile input (CPU
time of four times the input, ``tests/costs.py``; never the clock). A range of billions of codes is
refused before any code is made, or kept as a range.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfminer.cmapdb import CMapParser as MinerCMapParser
from pdfminer.cmapdb import FileUnicodeMap
from pdfminer.psparser import PSEOF, PSBaseParser

from disclosure_report._io.read import pdf_fonts, pdf_objects
from disclosure_report._io.read.pdf_engines import Engine
from disclosure_report._io.read.pdf_limits import LimitReached, limits

from .costs import assert_linear

FEW = settings(max_examples=int(os.environ.get("FONT_EXAMPLES", "60")), deadline=None)  # longer: 2000

pdf_fonts.install()  # the fast readers into pdfminer, as the PDF reader does (its own kept)
pdf_objects.install()


def _outcome(run: Callable[[], Any]) -> tuple[str, Any]:
    """What a call gives, or the class of what it raises (pdfminer raises on some maps: so must the fast)."""
    try:
        return ("value", run())
    except LimitReached:
        raise
    except Exception as error:
        return ("raised", type(error))


# --- PostScript tokens ----------------------------------------------------------------------------------


def _miner_tokens(data: bytes) -> list[Any]:
    parser = PSBaseParser(BytesIO(data))
    found = []
    while True:
        try:
            _, token = parser.nexttoken()
        except PSEOF:
            return found
        found.append(token)


def _typed(found: list[Any]) -> list[tuple[type, Any]]:
    return [(type(token), token) for token in found]  # True is not 1, 1.0 is not 1


FRAGMENTS = [
    *(b" ", b"\n", b"\r", b"\r\n", b"\t", b"\x00", b"\x0c", b"%c\n", b"%", b"%%EOF"),
    *(b"/", b"/Name", b"/a#20b", b"/\xe4\xb8\x80", b"/\xff", b"#", b"1", b"-2", b"+3", b".5", b"4.", b"-"),
    *(b"/#e9#bb#91", b"/A#2", b"/A#g", b"/#", b"/a#", b"#4", b"##", b"/#ff#"),
    *(b".", b"+", b"1.2.3", b"x", b"e5", b"true", b"false", b"def", b"put", b"beginbfchar", b"endbfchar"),
    *(b"(", b")", b"(ab)", b"(a\\)b)", b"()", b"\\", b"<", b">", b"<<", b">>", b"<0041>", b"<4 1>"),
    *(b"<abc>", b"<g>", b"<>", b"[", b"]", b"{", b"}", b"\xff", b"\xe4", b"*", b"'"),
    *(b"12", b"007", b" 3 45 6", b"\n1000 1000", b"0 R"),  # runs of integers (a simple font's /Widths)
]
POSTSCRIPT = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(b"".join),
    st.binary(max_size=40),
)


@FEW
@given(POSTSCRIPT)
def test_the_tokens_are_pdfminers_or_none(data: bytes) -> None:
    found = pdf_fonts.tokens(data)
    if found is not None:
        assert _typed(found) == _typed(_miner_tokens(data))


# --- ToUnicode maps -------------------------------------------------------------------------------------

SEPARATORS = st.sampled_from([" ", "\n", "\r\n", "  ", "\t"])
TEXTS = st.one_of(
    st.sampled_from(["\u00a0", " ", "A", "政", "\U0001f600", "ff"]),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=2),
).map(lambda text: text.encode("utf-16-be"))


def _hex(data: bytes, upper: bool) -> str:
    digits = data.hex()
    return "<" + (digits.upper() if upper else digits) + ">"


@st.composite
def unicode_maps(draw: st.DrawFn) -> bytes:
    """A ToUnicode map as office suites write them, its sections and spacing drawn."""
    width = draw(st.sampled_from([1, 2, 2, 4]))
    upper = draw(st.booleans())
    space = draw(SEPARATORS)
    top = 256**width - 1
    lowest, highest = _hex(bytes(width), upper), _hex(b"\xff" * width, upper)
    code = st.integers(0, top).map(lambda n: n.to_bytes(width, "big"))
    parts = [
        "%!PS-Adobe-3.0 Resource-CMap\n/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def",
        f"1 begincodespacerange {lowest} {highest} endcodespacerange",
    ]
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["bfchar", "bfrange", "bfrange-array", "cidrange", "cidchar"]))
        entries = []
        for _ in range(draw(st.integers(0, 6))):
            if kind == "bfchar":
                entries.append(f"{_hex(draw(code), upper)}{space}{_hex(draw(TEXTS), upper)}")
                continue
            if kind == "cidchar":
                entries.append(f"{_hex(draw(code), upper)}{space}{draw(st.integers(0, 70000))}")
                continue
            start = draw(st.integers(0, top))
            end = min(max(start + draw(st.integers(-2, 40)), 0), top)
            bounds = f"{_hex(start.to_bytes(width, 'big'), upper)} {_hex(end.to_bytes(width, 'big'), upper)}"
            if kind == "bfrange":
                last = draw(st.binary(min_size=1, max_size=4))  # near 0xFF..: the last bytes wrap
                entries.append(f"{bounds}{space}{_hex(draw(TEXTS)[:-1] + last, upper)}")
            elif kind == "bfrange-array":
                texts = draw(st.lists(TEXTS, max_size=4))
                entries.append(f"{bounds} [{' '.join(_hex(text, upper) for text in texts)}]")
            else:
                entries.append(f"{bounds}{space}{draw(st.integers(0, 70000))}")
        name = kind.removesuffix("-array")
        parts.append(f"{len(entries)} begin{name}\n" + "\n".join(entries) + f"\nend{name}")
    parts.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
    return draw(SEPARATORS).join(parts).encode("latin-1")


def _fast_map(data: bytes) -> FileUnicodeMap:
    made = FileUnicodeMap()
    with limits():
        pdf_fonts.CMapParser(made, BytesIO(data)).run()
    return made


def _miner_map(data: bytes) -> FileUnicodeMap:
    made = FileUnicodeMap()
    MinerCMapParser(made, BytesIO(data)).run()
    return made


def _contents(cmap: FileUnicodeMap) -> tuple[dict[int, str], dict[str, Any]]:
    return cmap.cid2unichr, cmap.attrs


@FEW
@given(unicode_maps())
def test_a_unicode_map_is_read_as_pdfminer_reads_it(data: bytes) -> None:
    found = pdf_fonts.tokens(data)
    assert found is not None  # as office suites write them: the fast way reads them
    fast = FileUnicodeMap()
    pdf_fonts._Map(fast).run(found)  # the fast parser itself, not pdfminer's behind it
    assert _contents(fast) == _contents(_miner_map(data))
    assert _contents(_fast_map(data)) == _contents(_miner_map(data))


MAP_FRAGMENTS = [
    *(b" ", b"\n", b"%c\n", b"<00>", b"<0041>", b"<00410042>", b"<d83dde00>", b"<ff>", b"<0 4 1>", b"<abc>"),
    *(b"1", b"65", b"-1", b"2.5", b"/Name", b"(x)", b"[", b"]", b"<<", b">>", b"def", b"usecmap"),
    *(b"begincmap", b"endcmap", b"beginbfchar", b"endbfchar", b"beginbfrange", b"endbfrange"),
    *(b"begincidrange", b"endcidrange", b"begincidchar", b"endcidchar", b"begincodespacerange"),
    *(b"endcodespacerange", b"beginnotdefrange", b"endnotdefrange", b"(a\\)b)", b"<"),
]


@FEW
@given(st.lists(st.sampled_from(MAP_FRAGMENTS), max_size=40).map(b" ".join))
def test_a_unicode_map_out_of_order_is_read_as_pdfminer_reads_it(data: bytes) -> None:
    fast = _outcome(lambda: _contents(_fast_map(data)))
    assert fast == _outcome(lambda: _contents(_miner_map(data)))


def test_a_unicode_map_over_billions_of_codes_is_refused_before_any_is_made() -> None:
    for section in (
        b"1 beginbfrange <00000000> <fffffffe> <0000> endbfrange",
        b"1 beginbfrange <00000000> <fffffffe> <0041> endbfrange",  # beyond four bytes: pdfminer raises
        b"1 begincidrange <00000000> <fffffffe> 0 endcidrange",
    ):
        made = FileUnicodeMap()
        with limits(), pytest.raises(LimitReached):
            pdf_fonts.CMapParser(made, BytesIO(b"begincmap " + section + b" endcmap")).run()
        assert made.cid2unichr == {}


def _big_map(n: int) -> bytes:
    chars = "".join(f"<{code:04x}> <{0x4E00 + code:04x}>\n" for code in range(n))
    ranges = "".join(f"<{code:04x}> <{code + 3:04x}> <{0x4E00 + code:04x}>\n" for code in range(0, n, 4))
    return (
        f"begincmap {n} beginbfchar\n{chars}endbfchar {n} beginbfrange\n{ranges}endbfrange endcmap".encode()
    )


HOSTILE_POSTSCRIPT: dict[str, Callable[[int], bytes]] = {
    "a map of many codes": _big_map,
    "hex strings never closed": lambda n: b"<0" * n,
    "literal strings never closed": lambda n: b"(" * n,
    "comments": lambda n: b"%" * n + b"\n1",
    "names": lambda n: b"/" * n,
    "numbers run together": lambda n: b"1." * n,
    "arrays never closed": lambda n: b"[" * n + b" 1 endbfchar",
    "dictionaries never closed": lambda n: b"<<" * n + b" 1 def",
    "keywords each after hex strings": lambda n: b"<00> <41> x " * n,
}


@pytest.mark.slow  # a growth measurement
@pytest.mark.parametrize("shape", sorted(HOSTILE_POSTSCRIPT))
def test_a_hostile_unicode_map_is_read_in_linear_time(shape: str) -> None:
    build = HOSTILE_POSTSCRIPT[shape]
    small, large = build(2_500), build(10_000)
    assert_linear(
        lambda: _outcome(lambda: _fast_map(small)), lambda: _outcome(lambda: _fast_map(large)), label=shape
    )


# --- Type 1 encodings -----------------------------------------------------------------------------------

GLYPHS = [
    "A",
    "a",
    "space",
    "zero",
    "period",
    "uni4E00",
    "uni4E004E01",
    "u1F600",
    "g123",
    ".notdef",
    "afii10017",
]


@st.composite
def type1_headers(draw: st.DrawFn) -> bytes:
    """The clear-text part of a Type 1 font program, its encoding's entries drawn."""
    puts = draw(
        st.lists(st.tuples(st.integers(0, 255), st.sampled_from([*GLYPHS, "nosuchglyph"])), max_size=12)
    )
    space = draw(SEPARATORS)
    lines = [
        "%!PS-AdobeFont-1.0: Font 001.000",
        "11 dict begin",
        "/FontInfo 7 dict dup begin /version (001.000) readonly def end readonly def",
        "/FontName /ABCDEF+Font def",
        "/Encoding 256 array",
        "0 1 255 {1 index exch /.notdef put} for",
        *(f"dup{space}{code}{space}/{name}{space}put" for code, name in puts),
        "readonly def",
        "/FontMatrix [0.001 0 0 0.001 0 0] readonly def",
        "currentdict end",
        "currentfile eexec",
    ]
    return "\n".join(lines).encode()


def _fast_encoding(data: bytes) -> dict[int, str]:
    with limits():
        return pdf_fonts.Type1FontHeaderParser(BytesIO(data)).get_encoding()


def _miner_encoding(data: bytes) -> dict[int, str]:
    return dict(pdf_fonts._original("Type1FontHeaderParser")(BytesIO(data)).get_encoding())


@FEW
@given(type1_headers())
def test_a_type1_encoding_is_read_as_pdfminer_reads_it(data: bytes) -> None:
    found = pdf_fonts.tokens(data)
    assert found is not None
    header = pdf_fonts._Header()
    header.run(found)  # the fast parser itself, without error
    assert _fast_encoding(data) == _miner_encoding(data)
    read = pdf_fonts.header_tokens(data, 10**6)  # its runs of entries taken at once, counted as tokens
    assert read is not None and read[1] == len(found)
    entries = data.split(b"} for", 1)[1]  # after the loop filling the encoding with .notdef
    assert any(type(token) is pdf_fonts.Entries for token in read[0]) == (b"dup" in entries)


@FEW
@given(
    st.lists(st.sampled_from([*MAP_FRAGMENTS, b"dup", b"put", b"/A", b"/uni4E00", b"{", b"}"]), max_size=40)
)
def test_a_type1_header_out_of_order_is_read_as_pdfminer_reads_it(parts: list[bytes]) -> None:
    data = b" ".join(parts)
    assert _outcome(lambda: _fast_encoding(data)) == _outcome(lambda: _miner_encoding(data))


ENCODING_FRAGMENTS = st.sampled_from(
    [
        b"dup 1 /A put",
        b"dup 0032 /uni4E00 put",
        b"dup",
        b"put",
        b"/A",
        b"7",
        b"{",
        b"}",
        b"[",
        b"]",
        b"%c\n",
        b"\0",
    ]
)


@FEW
@given(st.lists(st.tuples(ENCODING_FRAGMENTS, SEPARATORS), max_size=30))
def test_a_type1_encodings_runs_of_entries_are_pdfminers_tokens(parts: list[tuple[bytes, str]]) -> None:
    # A run of entries ("dup 1 /A put dup 2 /B put") taken at once stands for the tokens pdfminer makes
    # of it, however the run begins, ends or is broken (a comment, a NUL, a bracket, a lone "dup").
    data = b"".join(part + space.encode() for part, space in parts)
    found = pdf_fonts.tokens(data)
    read = pdf_fonts.header_tokens(data, 10**6)
    assert (read is None) == (found is None)
    if read is not None and found is not None:
        assert read[1] == len(found)
    assert _outcome(lambda: _fast_encoding(data)) == _outcome(lambda: _miner_encoding(data))


@pytest.mark.slow  # a growth measurement
def test_a_long_type1_header_is_read_in_linear_time() -> None:
    small, large = (b"dup 65 /A put\n" * n for n in (2_500, 10_000))
    assert_linear(lambda: _fast_encoding(small), lambda: _fast_encoding(large))


# --- CID widths -----------------------------------------------------------------------------------------

WIDTH = st.one_of(st.integers(0, 2000), st.floats(0, 2000, allow_nan=False).map(lambda w: round(w, 2)))
WIDTH_ITEMS = st.one_of(
    st.tuples(st.integers(0, 3000), st.lists(WIDTH, max_size=5)),  # a first code and its widths
    st.tuples(st.integers(0, 3000), st.integers(-2, 700), WIDTH),  # a range: the first, its length, a width
    st.tuples(st.sampled_from([1.5, -1, True])),  # what pdfminer skips or takes as a number
)


def _widths_array(items: list[tuple[Any, ...]]) -> list[Any]:
    array: list[Any] = []
    for item in items:
        if len(item) == 3:
            array += [item[0], item[0] + item[1], item[2]]
        else:
            array += list(item)
    return array


@FEW
@given(st.lists(WIDTH_ITEMS, max_size=8).map(_widths_array))
def test_cid_widths_are_pdfminers(array: list[Any]) -> None:
    with limits():
        fast = pdf_fonts.get_widths(array)
    miner = pdf_fonts._original("get_widths")(array)
    for code in range(-2, 3800):
        assert fast.get(code) == miner.get(code), code
    assert fast.get("A") is None


def test_cid_widths_of_a_long_range_are_kept_as_a_range() -> None:
    array = [0, [500, 600], 1, 10**9, 1000, 5, [700]]
    with limits():
        widths = pdf_fonts.get_widths(array)
    expected = {0: 500, 1: 1000, 5: 700, 6: 1000, 10**9: 1000, 10**9 + 1: None, -1: None}
    assert {code: widths.get(code) for code in expected} == expected


def test_cid_widths_of_many_long_ranges_are_refused() -> None:
    array = [value for first in range(0, 10**10, 10**8) for value in (first, first + 10**8 - 1, 1000)]
    with limits(), pytest.raises(LimitReached):
        pdf_fonts.get_widths(array)
    with limits(), pytest.raises(LimitReached):
        pdf_fonts.get_widths2([0, 10**9, -1000, 500, 880])


def test_outside_the_limits_pdfminer_reads_fonts_its_own_way() -> None:
    from pdfminer import pdffont

    # pdfplumber used elsewhere in the process is not changed: its own table of widths, its own parser.
    assert pdffont.get_widths is pdf_fonts.get_widths  # installed
    assert type(pdffont.get_widths([0, 300, 500])) is dict
    with limits():
        assert type(pdffont.get_widths([0, 300, 500])) is pdf_fonts._Widths
    made = FileUnicodeMap()
    pdffont.CMapParser(made, BytesIO(b"begincmap 1 beginbfchar <01> <0041> endbfchar endcmap")).run()
    assert made.cid2unichr == {1: "A"}


@pytest.mark.slow  # a growth measurement
def test_long_width_arrays_are_read_in_linear_time() -> None:
    def read(n: int) -> Callable[[], object]:
        # Short ranges (spelt out), long ones (kept as ranges, up to a number per font, then spelt out)
        array = [value for first in range(0, 3 * n, 3) for value in (first, first + 2, 500)]
        starts = range(10_000, 10_000 + 300 * n, 300)
        array += [value for first in starts for value in (first, first + 299, 600)]

        def run() -> object:
            with limits():
                return pdf_fonts.get_widths(array)

        return run

    assert_linear(read(500), read(2_000))


# Runs of tokens found at once, each far longer than the limit given: integers after a number (a width
# array), hexadecimal strings after a keyword (a map's body), a Type 1 encoding's entries after a "dup".
_LONG_RUNS = {
    "integers": (pdf_fonts.tokens, b"[0" + b" 1" * 400_000 + b"]"),
    "hexadecimal strings": (pdf_fonts.tokens, b"beginbfchar" + b" <0001>" * 400_000),
    "encoding entries": (pdf_fonts.header_tokens, b"dup" + b" 32 /space put\ndup" * 100_000 + b" 0 /a put"),
}


@pytest.mark.parametrize("shape", sorted(_LONG_RUNS))
def test_a_long_run_is_refused_at_the_limit_before_it_is_made_whole(shape: str) -> None:
    import tracemalloc

    read, data = _LONG_RUNS[shape]
    tracemalloc.start()
    try:
        assert read(data, 1_000) is None  # beyond the limit: refused
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Made whole, each run's tokens took 16 MB or more before being counted; a thousand-odd tokens less
    # than a megabyte.
    assert peak < 2_000_000, peak
    assert read(data, 2_000_000) is not None  # within it: read whole, run after run


@FEW
@given(st.lists(st.one_of(st.integers(0, 300), WIDTH, st.lists(WIDTH, max_size=6)), max_size=12))
def test_vertical_cid_widths_are_pdfminers(array: list[Any]) -> None:
    with limits():
        fast = _outcome(lambda: pdf_fonts.get_widths2(array))
    assert fast == _outcome(lambda: pdf_fonts._original("get_widths2")(array))


# --- a whole file -------------------------------------------------------------------------------------


def _pdf_with_font(to_unicode: bytes, widths: bytes) -> bytes:
    """One page drawing a character in a CID font with the given ToUnicode map and ``/W`` array."""
    from .hostile import _pdf, _stream

    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >> >>",
            _stream(b"BT /F1 12 Tf 72 720 Td <0001> Tj ET"),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [6 0 R]"
            b" /ToUnicode 7 0 R >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /FontDescriptor 8 0 R /W " + widths + b""
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>",
            _stream(b"begincmap " + to_unicode + b" endcmap"),
            b"<< /Type /FontDescriptor /FontName /X /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0"
            b" /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
        ]
    )


@pytest.mark.parametrize("engine", [None, "pdfplumber"], ids=["each-decides", "pdfplumber"])
def test_a_font_mapping_billions_of_codes_gets_a_clear_error(engine: Engine | None) -> None:
    from disclosure_report import ReadError
    from disclosure_report._io.read.pdf import text_layer

    huge = b"1 beginbfrange <00000000> <fffffffe> <0000> endbfrange"
    with pytest.raises(ReadError, match="tokens to parse"):  # pdfminer's own spelt it out for minutes
        text_layer(_pdf_with_font(huge, b"[1 [500]]"), "huge-map.pdf", engine=engine)
    # A width range of billions of codes is no cost: kept as a range, the character read.
    fair = b"1 beginbfchar <0001> <4E00> endbfchar"
    layer = text_layer(_pdf_with_font(fair, b"[0 4294967294 1000]"), "wide.pdf", engine=engine)
    assert layer.characters == 1


# --- a font's metrics ------------------------------------------------------------------------------------

FONT_WIDTH = st.sampled_from([b"500", b"600", b"600.25", b"0", b"(x)", b"/N", b"null", b"9" * 400, b"[1]"])
FONT_TEXT = st.sampled_from(["A", "B", " ", "\u00a0", "\u4e2d", "AB", ""])


def _to_unicode(pairs: list[tuple[int, str]], width: int) -> bytes:
    body = b" ".join(
        b"<%0*X> <%s>" % (width, code, text.encode("utf-16-be").hex().encode()) for code, text in pairs
    )
    return b"begincmap %d beginbfchar %s endbfchar endcmap" % (len(pairs), body)


@st.composite
def font_files(draw: st.DrawFn) -> bytes:
    """A file whose object 5 is a font: CID (horizontal or vertical) or simple, a standard one or not, its
    widths given by code (numbers or not), by default or not at all, its texts by a ToUnicode map or not."""
    from .hostile import _pdf, _stream

    kind = draw(st.sampled_from(["cid", "vertical", "simple", "standard"]))
    cid = kind in ("cid", "vertical")
    codes = st.integers(0, 40) if cid else st.integers(0, 255)
    mapped = draw(st.lists(st.tuples(codes, FONT_TEXT), max_size=12))
    to_unicode = _stream(_to_unicode(mapped, 4 if cid else 2))
    has_map = b" /ToUnicode 7 0 R" if draw(st.booleans()) else b""
    descent = draw(st.sampled_from([b"-120", b"200", b"0", b"(x)"]))
    descriptor = b"<< /Type /FontDescriptor /FontName /X /Flags 4 /FontBBox [0 -120 1000 880] /Descent %s >>"
    descriptor %= descent
    widths = b" ".join(draw(st.lists(FONT_WIDTH, max_size=10)))
    first = draw(st.integers(0, 40))
    if cid:
        array = b"[%d [%s] %d %d %s]" % (first, widths, first + 20, first + 30, draw(FONT_WIDTH))
        default = draw(st.sampled_from([b"", b" /DW 700", b" /DW (x)"]))
        encoding = b"/Identity-V" if kind == "vertical" else b"/Identity-H"
        font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding %s /DescendantFonts [6 0 R]%s >>" % (
            encoding,
            has_map,
        )
        descendant = b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /FontDescriptor 8 0 R /W %s%s" % (
            array,
            default,
        )
        descendant += b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>"
    else:
        name = b"/Helvetica" if kind == "standard" else b"/ABCDEF+Face"
        subtype = draw(st.sampled_from([b"/Type1", b"/TrueType"]))
        encoding = draw(st.sampled_from([b"", b" /Encoding /WinAnsiEncoding"]))
        own = b" /FirstChar %d /Widths [%s]" % (first, widths) if draw(st.booleans()) else b""
        font = b"<< /Type /Font /Subtype %s /BaseFont %s /FontDescriptor 8 0 R%s%s%s >>" % (
            subtype,
            name,
            own,
            encoding,
            has_map,
        )
        descendant = b"<< >>"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< >>",
            font,
            descendant,
            to_unicode,
            descriptor,
        ]
    )


@FEW
@given(font_files())
def test_a_fonts_metrics_are_those_pdfminers_font_object_gives(data: bytes) -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from disclosure_report._io.read.pdf_layers import font_metrics, font_metrics_asked

    font = PDFDocument(PDFParser(BytesIO(data))).getobj(5)
    with limits():
        fast = _outcome(lambda: font_metrics(font))
        asked = _outcome(lambda: font_metrics_asked(font))
    assert repr(fast) == repr(asked)  # NaN where two codes of one text have two widths, in both


def test_a_fonts_metrics_are_found_without_asking_code_by_code() -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdffont import PDFFont
    from pdfminer.pdfparser import PDFParser

    from disclosure_report._io.read.pdf_layers import font_metrics

    data = _pdf_with_font(_to_unicode([(1, "A"), (2, "B"), (3, "A")], 4)[10:-7], b"[1 [500 600 700]]")
    font = PDFDocument(PDFParser(BytesIO(data))).getobj(5)
    asked = []
    original = PDFFont.char_width

    def counted(self: Any, cid: int) -> float:
        asked.append(cid)
        return original(self, cid)

    with limits(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(PDFFont, "char_width", counted)
        metrics = font_metrics(font)
    assert asked == []
    assert metrics.widths is not None
    assert metrics.widths["B"] == 0.6
    assert math.isnan(metrics.widths["A"])  # codes 1 and 3, two widths


# --- a file's objects ------------------------------------------------------------------------------------

NAMES = st.sampled_from([b"/Type", b"/Font", b"/A#20B", b"/#e9#bb#91", b"/Length", b"/W", b"/X#g", b"/#"])
ATOMS = st.one_of(
    st.integers(-5, 70000).map(lambda n: b"%d" % n),
    st.sampled_from([b"0.5", b"-3.25", b".5", b"true", b"false", b"null", b"(text)", b"<4E00>", b"<>"]),
    NAMES,
    st.integers(1, 6).map(lambda n: b"%d 0 R" % n),
)
VALUES = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6).map(lambda items: b"[" + b" ".join(items) + b"]"),
        st.lists(st.tuples(NAMES, inner), max_size=4).map(
            lambda pairs: b"<<" + b" ".join(key + b" " + value for key, value in pairs) + b">>"
        ),
    ),
    max_leaves=12,
)


@st.composite
def pdf_objects(draw: st.DrawFn) -> list[bytes]:
    """The bodies of a file's objects: values, and streams with their lengths right, wrong or referenced."""
    bodies = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            bodies.append(draw(VALUES) + draw(st.sampled_from([b"", b" 7", b" endstream"])))
            continue
        data = draw(st.binary(max_size=40))
        length = draw(
            st.sampled_from(
                [b"%d" % len(data), b"%d" % (len(data) + 2), b"0", b"2 0 R", b"3 0 R", b"-1", b""]
            )
        )
        end_of_line = draw(st.sampled_from([b"\n", b"\r\n", b"\r", b" \n"]))
        entry = b"/Length " + length if length else b""
        bodies.append(b"<< " + entry + b" >>\nstream" + end_of_line + data + b"\nendstream")
    return [b"<< /Type /Catalog >>", *bodies]


def _plain(value: Any) -> Any:
    """A parsed object as plain data, to compare two parses (references by number, streams by content)."""
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    if isinstance(value, PDFObjRef):
        return ("ref", value.objid)
    if isinstance(value, PDFStream):
        return ("stream", _plain(value.attrs), value.rawdata, value.objid)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return (type(value), value)


def _objects(data: bytes, count: int, *, fast: bool) -> list[Any]:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    document = PDFDocument(PDFParser(BytesIO(data)))
    found = []
    with limits() if fast else contextlib.nullcontext():
        for number in range(1, count + 1):
            found.append(_outcome(lambda number=number: _plain(document.getobj(number))))
    return found


@FEW
@given(pdf_objects())
def test_a_files_objects_are_parsed_as_pdfminer_parses_them(bodies: list[bytes]) -> None:
    from .hostile import _pdf

    data = _pdf(bodies)
    assert _objects(data, len(bodies), fast=True) == _objects(data, len(bodies), fast=False)


@pytest.mark.slow  # a growth measurement
def test_a_long_object_is_parsed_in_linear_time_and_stopped_at_the_limit() -> None:
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from .hostile import _pdf

    def parse(count: int) -> Callable[[], object]:
        data = _pdf([b"<< /Type /Catalog >>", b"[" + b"1 /A (b) " * count + b"]"])

        def run() -> object:
            with limits():
                return PDFDocument(PDFParser(BytesIO(data))).getobj(2)

        return run

    assert_linear(parse(5_000), parse(20_000))
    with pytest.raises(LimitReached):  # counted as it goes: stopped at the limit, not after the object
        parse(700_000)()
