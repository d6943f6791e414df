"""Hostile inputs for the readers: the open robustness issue's shapes, and more found by reading the source.

A plain module (no tests here): tests and ``benchmarks/hostile.py`` import it.

- :data:`SHAPES`: files. ``shape.build(n)`` gives the bytes to save with ``shape.suffix`` and pass to
  ``read_report``. ``issue_n`` is the scale at which the issue (or, for shapes found later, the
  benchmark) reports the bad figure; ``small_n`` is a scale that runs well under a second once the reader
  is fixed, for complexity tests at ``small_n`` and ``2 * small_n``.
- :data:`CALLS`: API calls rather than files, each a function of no arguments that makes the call and
  returns its result (an exception other than ``ReadError`` / ``ValueError`` from a writer is the bug).
- :data:`SPECIAL`: inputs that are not bytes (a FIFO), described for the benchmark script to build.

Only the standard library and the library's own public functions are used; every builder is
deterministic and fast (well under a second at ``issue_n``, except ``xlsx-text-many-rows`` at its issue
size, which writes about 40 MB).
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

__all__ = ["CALLS", "SHAPES", "SPECIAL", "Shape"]


@dataclasses.dataclass(frozen=True)
class Shape:
    """A hostile input: its bytes at scale ``n``, the suffix to save them with, and what it attacks."""

    name: str
    suffix: str
    build: Callable[[int], bytes]
    issue_n: int
    small_n: int
    note: str


# --- valid base documents ----------------------------------------------------------------------------


def _seed():  # type: ignore[no-untyped-def]
    from disclosure_report.examples import seed_report

    return seed_report()


def _seed_text() -> str:
    from disclosure_report import render_text

    return render_text(_seed())


def _seed_html() -> str:
    from disclosure_report import render_html

    return render_html(_seed())


def _rewrite_zip(
    archive: bytes,
    changes: dict[str, Callable[[bytes], bytes]],
    *,
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """The archive with the named members passed through their change (members in ``stored`` not
    compressed: a stored member has ratio 1, so it passes the zip-bomb ratio check whatever it holds)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            change = changes.get(item.filename)
            if change is not None:
                data = change(data)
            kind = zipfile.ZIP_STORED if item.filename in stored else zipfile.ZIP_DEFLATED
            target.writestr(item.filename, data, compress_type=kind)
    return buffer.getvalue()


def _seed_docx() -> bytes:
    from disclosure_report import render_docx

    return render_docx(_seed())


def _seed_xlsx() -> bytes:
    from disclosure_report import render_xlsx

    return render_xlsx(_seed())


# --- PDF helpers ---------------------------------------------------------------------------------------


def _pdf(objects: list[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF with the objects numbered from 1 (object 1 the catalog) and a correct cross-reference table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, entries: bytes = b"", *, keyword: bytes = b"stream\n") -> bytes:
    return b"<< /Length %d %s >>\n" % (len(data), entries) + keyword + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_RESOURCES = b"/Resources << /Font << /F1 3 0 R >> >>"


def _one_page_pdf(content_object: bytes, *, pages: int = 1, size: tuple[int, int] = (595, 842)) -> bytes:
    """A PDF of ``pages`` pages (A4, Helvetica as /F1) that all draw the one content stream object given."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    box = b"/MediaBox [0 0 %d %d]" % size
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d %s %s >>" % (kids, pages, box, _RESOURCES),
        _FONT,
        content_object,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"] * pages
    return _pdf(objects)


_MIB = 1 << 20


def _deflate_spaces(megabytes: int, *, prefix: bytes = b"") -> bytes:
    """A zlib stream of ``prefix`` then ``megabytes`` MiB of spaces, built without compressing it all.

    A full flush makes each compressed MiB independent of what came before, so one compressed MiB is
    repeated; ``prefix`` (if any) goes first as a stored (uncompressed) block, so its bytes appear
    verbatim in the compressed data.
    """
    chunk = b" " * _MIB
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "a full flush should make every compressed MiB the same"
    final = compressor.flush()  # the last (empty) block
    checksum = zlib.adler32(prefix)
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    stored = b""
    if prefix:
        stored = b"\x00" + struct.pack("<HH", len(prefix), len(prefix) ^ 0xFFFF) + prefix
    return b"\x78\xda" + stored + block * megabytes + final + struct.pack(">I", checksum)


def _compressed_mib_per_kb(hexed: bool = False) -> float:
    size = len(_deflate_spaces(1)) * (2 if hexed else 1)
    return 1024 / size


def _lzw_spaces(codes: int) -> bytes:
    """LZW data (as pdfminer decodes it) whose codes expand to ever longer runs of spaces, up to ~3.8 KB
    a 12-bit code once the table is full."""
    bits = 0
    nbits = 0
    out = bytearray()

    def emit(code: int, width: int) -> None:
        nonlocal bits, nbits
        bits = (bits << width) | code
        nbits += width
        while nbits >= 8:
            nbits -= 8
            out.append((bits >> nbits) & 0xFF)
        bits &= (1 << nbits) - 1

    emit(256, 9)  # clear
    emit(32, 9)  # " "
    table, width = 258, 9
    for _ in range(codes):
        code = table if table < 4096 else 4095
        emit(code, width)
        table += 1
        if table == 511:
            width = 10
        elif table == 1023:
            width = 11
        elif table == 2047:
            width = 12
    emit(257, width)  # end of data
    if nbits:
        out.append((bits << (8 - nbits)) & 0xFF)
    return bytes(out)


# --- the issue's shapes: PDF ---------------------------------------------------------------------------


def pdf_stream_keywords(n: int) -> bytes:
    return b"%PDF-1.4\n" + b"stream\n" * n


def pdf_pages(n: int) -> bytes:
    content = zlib.compress(b"BT /F1 12 Tf 72 720 Td (2023) Tj ET")
    return _one_page_pdf(_stream(content, b"/Filter /FlateDecode"), pages=n)


def _bomb_kb_to_mib(n: int, hexed: bool = False) -> int:
    return max(1, round(n * _compressed_mib_per_kb(hexed)))


def pdf_bomb_filter_chain(n: int) -> bytes:
    data = _deflate_spaces(_bomb_kb_to_mib(n, hexed=True)).hex().encode() + b">"
    return _one_page_pdf(_stream(data, b"/Filter [/ASCIIHexDecode /FlateDecode]"))


def pdf_bomb_lone_cr(n: int) -> bytes:
    data = _deflate_spaces(_bomb_kb_to_mib(n))
    return _one_page_pdf(_stream(data, b"/Filter /FlateDecode", keyword=b"stream\r"))


def pdf_bomb_endstream_inside(n: int) -> bytes:
    data = _deflate_spaces(_bomb_kb_to_mib(n), prefix=b"%endstream\n")
    assert data.find(b"endstream") < 20
    return _one_page_pdf(_stream(data, b"/Filter /FlateDecode"))


def pdf_long_string(n: int) -> bytes:
    content = zlib.compress(b"BT /F1 1 Tf 0 0 Td (" + b"A" * n + b") Tj ET", 9)
    return _one_page_pdf(_stream(content, b"/Filter /FlateDecode"))


# --- the issue's shapes: DOCX, HTML, text ----------------------------------------------------------------


def _docx_with_body_xml(extra: str, *, stored: bool = False) -> bytes:
    """The seed report's DOCX with ``extra`` (WordprocessingML) added at the end of the body."""

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        return text.replace("<w:sectPr>", extra + "<w:sectPr>", 1).encode("utf-8")

    members = frozenset({"word/document.xml"}) if stored else frozenset()
    return _rewrite_zip(_seed_docx(), {"word/document.xml": change}, stored=members)


def docx_nested_tables(n: int) -> bytes:
    inner = "<w:p><w:r><w:t>嵌套</w:t></w:r></w:p>"
    for _ in range(n):
        inner = f"<w:tbl><w:tr><w:tc>{inner}<w:p/></w:tc></w:tr></w:tbl>"
    return _docx_with_body_xml(inner + "<w:p/>")


def html_unmatched_end_tags(n: int) -> bytes:
    return ("<div>" * n + "</x>" * n).encode()


def html_implied_end_tags(n: int) -> bytes:
    return ("<div>" * n + "<p><li>" * n).encode()


def _replace_line(text: str, start: str, new: str) -> str:
    lines = text.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[index] = new
    return "\n".join(lines)


def text_tab_padded_row(n: int) -> bytes:
    label = "（一）予以公开"
    row = label + "\t" * n + "5" + "\t" * n
    return _replace_line(_seed_text(), label, row).encode("utf-8")


def html_meta_charset(charset: str) -> Callable[[int], bytes]:
    def build(n: int) -> bytes:
        page = _seed_html()
        page = re.sub(r"<meta charset=[^>]*>", f'<meta charset="{charset}">', page, count=1)
        if f'charset="{charset}"' not in page:
            page = page.replace("<head>", f'<head><meta charset="{charset}">', 1)
        data = page.encode("utf-8")
        return data if len(data) % 2 == 0 else data + b"\n"  # even: UTF-16 decodes it (to mojibake)

    return build


def html_ascii_idna(n: int) -> bytes:
    """The seed page in ASCII (every other character a numeric reference), declared ``idna``, naming a
    site ``www.xn--a.cn``: the IDNA codec decodes ASCII, and raises UnicodeError on a bad ``xn--`` label."""
    page = _seed_html().replace("</body>", "<p>www.xn--a.cn</p></body>", 1)
    page = re.sub(r"<meta charset=[^>]*>", '<meta charset="idna">', page, count=1)
    return page.encode("ascii", "xmlcharrefreplace")


def json_unknown_keys(where: str) -> Callable[[int], bytes]:
    """The seed report's JSON with ``n`` unknown keys in its headings, or in table 三's rows."""

    def build(n: int) -> bytes:
        import json

        from disclosure_report import render_json

        document = json.loads(render_json(_seed()))
        extra = {f"k{i}": "x" for i in range(n)}
        if where == "headings":
            document["headings"] = extra
        else:
            document["requests"].update(extra)
        return json.dumps(document, ensure_ascii=False).encode("utf-8")

    return build


def png_bomb(n: int) -> bytes:
    """A 1-bit PNG of ``n`` × ``n`` white pixels: a few kilobytes that decode to n² bytes."""
    rows = zlib.compress(b"".join(b"\x00" + b"\xff" * ((n + 7) // 8) for _ in range(n)), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", n, n, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def tiff_pages(n: int) -> bytes:
    """A TIFF of ``n`` tiny pages, each with its own directory (uncompressed 1 × 1 grey)."""
    out = bytearray(b"II*\x00")
    out += struct.pack("<I", 8)
    for index in range(n):
        start = len(out)
        entries = [
            (256, 3, 1, 1),
            (257, 3, 1, 1),
            (258, 3, 1, 8),
            (262, 3, 1, 1),
            (273, 4, 1, 0),
            (277, 3, 1, 1),
            (278, 3, 1, 1),
            (279, 4, 1, 1),
        ]
        size = 2 + 12 * len(entries) + 4
        pixel = start + size
        out += struct.pack("<H", len(entries))
        for tag, kind, count, value in entries:
            out += struct.pack("<HHII", tag, kind, count, pixel if tag == 273 else value)
        following = pixel + 1 if index < n - 1 else 0
        out += struct.pack("<I", following)
        out += b"\xff"
    return bytes(out)


def jsonl_invalid_utf8(n: int) -> bytes:
    from disclosure_report import render_json

    line = render_json(_seed(), indent=None).encode("utf-8")
    bad = line.replace("应急中心".encode(), b"\xff\xfe\xc3(", 1)
    return b"\n".join([line] * n + [bad] + [line] * n) + b"\n"


# --- the issue's shapes: XLSX ----------------------------------------------------------------------------

_REQUESTS_SHEET = "xl/worksheets/sheet3.xml"  # 三、依申请公开
_META = "xl/worksheets/sheet1.xml"  # 报告信息


def _xlsx(changes: dict[str, Callable[[bytes], bytes]], *, stored: frozenset[str] = frozenset()) -> bytes:
    return _rewrite_zip(_seed_xlsx(), changes, stored=stored)


def _sub_once(pattern: bytes, replacement: bytes) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        new, count = re.subn(pattern, replacement, data, count=1)
        assert count == 1, pattern
        return new

    return change


def xlsx_truncated_sheet(n: int) -> bytes:
    return _xlsx({_REQUESTS_SHEET: lambda data: data[: len(data) // 2]})


def xlsx_non_number(n: int) -> bytes:
    return _xlsx({_REQUESTS_SHEET: _sub_once(rb'(<c r="D5"[^>]*>)<v>0</v>', rb"\1<v>abc</v>")})


def xlsx_shared_string_index(n: int) -> bytes:
    return _xlsx(
        {
            _REQUESTS_SHEET: _sub_once(
                rb'<c r="D5" s="(\d+)" t="n"><v>0</v>', rb'<c r="D5" s="\1" t="s"><v>999</v>'
            )
        }
    )


def xlsx_cell_reference(n: int) -> bytes:
    return _xlsx({_REQUESTS_SHEET: _sub_once(rb'<c r="D5"', rb'<c r="ZZZZ5"')})


def xlsx_bad_date(n: int) -> bytes:
    return _xlsx(
        {
            _REQUESTS_SHEET: _sub_once(
                rb'<c r="D5" s="(\d+)" t="n"><v>0</v>', rb'<c r="D5" s="\1" t="d"><v>not-a-date</v>'
            )
        }
    )


def xlsx_defined_name_ref(n: int) -> bytes:
    return _xlsx(
        {"xl/workbook.xml": _sub_once(rb'(<definedName name="disclosure_requests">)[^<]*', rb"\1#REF!")}
    )


def xlsx_defined_name_ref_range(n: int) -> bytes:
    """The table's defined name ``'三、依申请公开'!$A$2:#REF!`` (a range whose end was deleted)."""
    return _xlsx(
        {
            "xl/workbook.xml": _sub_once(
                rb"(<definedName name=\"disclosure_requests\">'[^']*'!\$A\$2:)[^<]*", rb"\1#REF!"
            )
        }
    )


def xlsx_quoted_title_blank(n: int) -> bytes:
    """Table 三's sheet titled ``'三、依申请公开'`` (quotes part of the title) and one of its cells blank."""
    title = "三、依申请公开".encode()
    quoted = b"&apos;" + title + b"&apos;"
    return _xlsx(
        {
            "xl/workbook.xml": lambda data: data.replace(
                b'<sheet name="' + title + b'"', b'<sheet name="' + quoted + b'"'
            ).replace(b"'" + title + b"'!", b"'''" + title + b"'''!"),
            _REQUESTS_SHEET: _sub_once(rb'(<c r="D5" s="\d+" t="n")><v>0</v></c>', rb"\1/>"),
        }
    )


# --- shapes found by reading the source ------------------------------------------------------------------


def text_tab_padded_review_row(n: int) -> bytes:
    """Table 四's data row (15 zeros) between ``n`` empty tab cells on each side."""
    zeros = "\t".join(["0"] * 15)
    text = _seed_text().replace("\n" + zeros + "\n", "\n" + "\t" * n + zeros + "\t" * n + "\n", 1)
    assert "\t" * n + zeros in text
    return text.encode("utf-8")


def docx_nested_paragraphs(n: int) -> bytes:
    """One table cell holding ``n`` paragraphs nested in one another (stored, so the ratio check passes)."""
    nested = "<w:p><w:r><w:t>x</w:t></w:r>" * n + "</w:p>" * n
    table = f"<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl><w:p/>"
    return _docx_with_body_xml(table, stored=True)


def xlsx_text_many_rows(n: int) -> bytes:
    """The text sheet with section 一 continued over ``n`` rows of 4,000 characters (stored member)."""
    piece = ("总体情况" + "abcdefghijklmnopqrstuvwxyz0123456789" * 111)[:4000].encode()

    def change(data: bytes) -> bytes:
        head, _, _ = data.partition(b"<sheetData>")
        rows = [
            b'<row r="1"><c r="B1" t="inlineStr"><is><t>key</t></is></c></row>',
            b'<row r="2"><c r="B2" t="inlineStr"><is><t>overview</t></is></c>'
            b'<c r="D2" t="inlineStr"><is><t>\xe6\x9c\x89</t></is></c>'
            b'<c r="E2" t="inlineStr"><is><t>' + piece + b"</t></is></c></row>",
        ]
        for row in range(3, n + 3):
            rows.append(
                b'<row r="%d"><c r="B%d" t="inlineStr"><is><t>overview</t></is></c>'
                b'<c r="E%d" t="inlineStr"><is><t>%s</t></is></c></row>' % (row, row, row, piece)
            )
        return head + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"

    sheet = "xl/worksheets/sheet5.xml"  # 文字部分
    return _xlsx({sheet: change}, stored=frozenset({sheet}))


def pdf_long_line(n: int) -> bytes:
    """``%PDF-1.4`` then ``n`` bytes with no line break: pdfminer reads the file's lines (looking for
    ``startxref`` backwards, then rebuilding the cross-reference table forwards) by adding 4 KB pieces to
    a bytes object, which copies the whole line each time."""
    return b"%PDF-1.4\n" + b"A" * n


def pdf_ruled_grid(n: int) -> bytes:
    """One page ruled by ``n`` horizontal and ``n`` vertical lines: ``n**2`` crossings, and pdfplumber's
    ``intersections_to_cells`` copies the rest of the sorted points for each point (O(n**4))."""
    ops = [b"0.5 w"]
    step = 500 / n
    for i in range(n + 1):
        y = 50 + i * step
        ops.append(b"50 %.3f m 550 %.3f l S" % (y, y))
        ops.append(b"%.3f 50 m %.3f 550 l S" % (y, y))
    content = zlib.compress(b"\n".join(ops) + b"\nBT /F1 12 Tf 60 600 Td (2023) Tj ET", 9)
    return _one_page_pdf(_stream(content, b"/Filter /FlateDecode"))


def pdf_many_chars(n: int) -> bytes:
    """One page of ``n`` characters, each at its own place: pdfplumber's ``dedupe_chars`` orders what it
    keeps by ``chars.index``, a search of the page's characters for each (O(n^2))."""
    ops = [b"BT /F1 4 Tf"]
    for i in range(n):
        row, column = divmod(i, 150)
        ops.append(b"1 0 0 1 %.1f %.1f Tm (%d) Tj" % (10 + column * 3.8, 830 - row * 4.1, i % 10))
    content = zlib.compress(b"\n".join([*ops, b"ET"]), 9)
    return _one_page_pdf(_stream(content, b"/Filter /FlateDecode"))


def pdf_many_boxes(n: int) -> bytes:
    """One page with ``n`` small separate ruled boxes: ``4n`` crossings (``intersections_to_cells`` is
    quadratic in them) and ``n`` one-cell tables (``cells_to_tables`` is quadratic in them)."""
    ops = [b"0.5 w"]
    columns = 100
    for i in range(n):
        x, y = 20 + (i % columns) * 5.5, 20 + (i // columns) * 5.5
        ops.append(b"%.2f %.2f 4 4 re S" % (x, y))
    content = zlib.compress(b"\n".join(ops) + b"\nBT /F1 12 Tf 60 800 Td (2023) Tj ET", 9)
    return _one_page_pdf(_stream(content, b"/Filter /FlateDecode"))


def pdf_disjoint_rules(n: int) -> bytes:
    """``n`` short horizontal rules and ``n`` short vertical rules that never meet, on one large page: the
    reader's open-end test in ``ruled_cells`` and pdfplumber's ``edges_to_intersections`` compare every
    vertical with every horizontal (O(n^2)); the open ends then add cut edges, and cells."""
    ops = [b"0.5 w"]
    for i in range(n):
        row, column = divmod(i, 100)
        x, y = column * 10, 10 + row * 10
        ops.append(b"%d %d m %d %d l S" % (x, y, x + 4, y))
        ops.append(b"%d %d m %d %d l S" % (6000 + x, y, 6000 + x, y + 4))
    content = zlib.compress(b"\n".join(ops) + b"\nBT /F1 12 Tf 60 800 Td (2023) Tj ET", 9)
    side = 12_000 + 10 * (n // 100)
    return _one_page_pdf(_stream(content, b"/Filter /FlateDecode"), size=(side, side))


def pdf_pages_share_heavy_content(n: int) -> bytes:
    """``n`` pages (at most 200 are read) drawing one compressed content stream of 150,000 characters,
    just under the per-page object limit: the limit is per page, so the document costs ``n`` times it."""
    text = (
        b"BT /F1 1 Tf "
        + b"".join(
            b"1 0 0 1 %d %d Tm (%s) Tj " % (20 + (i % 50) * 11, 20 + (i // 50) * 2, b"A" * 500)
            for i in range(300)
        )
        + b"ET"
    )
    return _one_page_pdf(_stream(zlib.compress(text, 9), b"/Filter /FlateDecode"), pages=n)


def pdf_bomb_lzw(n: int) -> bytes:
    """A page content stream in LZW (``/LZWDecode``, which the decompression-bomb check does not inflate):
    ``n`` KB of codes expand ~2,500 times, and pdfminer's decoder copies its whole table for a debug
    message at every code (quadratic)."""
    codes = n * 1024 * 8 // 12
    return _one_page_pdf(_stream(_lzw_spaces(codes), b"/Filter /LZWDecode"))


# --- the table ----------------------------------------------------------------------------------------------


def _shapes(*shapes: Shape) -> dict[str, Shape]:
    return {shape.name: shape for shape in shapes}


SHAPES: dict[str, Shape] = _shapes(
    # The issue's shapes.
    Shape(
        "pdf-stream-keywords",
        ".pdf",
        pdf_stream_keywords,
        150_000,
        5_000,
        "bomb pre-scan: each 'stream' keyword finds no 'endstream' and copies the rest of the file (O(n^2))",
    ),
    Shape(
        "docx-nested-tables",
        ".docx",
        docx_nested_tables,
        22,
        8,
        "tables nested in table cells: each layout table re-reads every nested cell (O(2^n) time and lines)",
    ),
    Shape(
        "html-unmatched-end-tags",
        ".html",
        html_unmatched_end_tags,
        20_000,
        1_000,
        "each unmatched end tag walks the whole open-element stack (O(n^2))",
    ),
    Shape(
        "html-implied-end-tags",
        ".html",
        html_implied_end_tags,
        20_000,
        1_000,
        "<div>*n then <p><li>*n: each <li> looks for an open <li> through every <div> (O(n^2))",
    ),
    Shape(
        "text-tab-padded-row",
        ".txt",
        text_tab_padded_row,
        20_000,
        1_000,
        "a table-三 row with one value between n empty tab cells on each side: "
        "_align tries every lead (O(n^2))",
    ),
    Shape(
        "pdf-pages",
        ".pdf",
        pdf_pages,
        300_000,
        1_000,
        "page count limit checked after pdfplumber built every page object",
    ),
    Shape(
        "pdf-bomb-filter-chain",
        ".pdf",
        pdf_bomb_filter_chain,
        300,
        100,
        "n KB: /Filter [/ASCIIHexDecode /FlateDecode]: "
        "the bomb check inflates hex text as zlib, fails, counts 0",
    ),
    Shape(
        "pdf-bomb-lone-cr",
        ".pdf",
        pdf_bomb_lone_cr,
        300,
        100,
        "n KB: 'stream' ended by a lone CR, which the bomb check's pattern (stream\\r?\\n) does not match",
    ),
    Shape(
        "pdf-bomb-endstream-inside",
        ".pdf",
        pdf_bomb_endstream_inside,
        300,
        100,
        "n KB: a stored deflate block holding 'endstream' first: the check inflates only up to it",
    ),
    Shape(
        "pdf-long-string",
        ".pdf",
        pdf_long_string,
        1_000_000,
        10_000,
        "one (AAA...)Tj of n characters: "
        "the per-page object limit is checked after pdfplumber built them all",
    ),
    Shape(
        "xlsx-truncated-sheet",
        ".xlsx",
        xlsx_truncated_sheet,
        1,
        1,
        "table 三's sheet cut in half: openpyxl parses sheets lazily, after read_xlsx's try (ParseError)",
    ),
    Shape(
        "xlsx-non-number", ".xlsx", xlsx_non_number, 1, 1, "a numeric cell holding <v>abc</v> (ValueError)"
    ),
    Shape(
        "xlsx-shared-string-index",
        ".xlsx",
        xlsx_shared_string_index,
        1,
        1,
        "a shared-string cell whose index is out of range (IndexError)",
    ),
    Shape("xlsx-cell-reference", ".xlsx", xlsx_cell_reference, 1, 1, "a cell reference ZZZZ5 (ValueError)"),
    Shape("xlsx-bad-date", ".xlsx", xlsx_bad_date, 1, 1, 'a t="d" cell holding not-a-date (ValueError)'),
    Shape(
        "xlsx-defined-name-ref",
        ".xlsx",
        xlsx_defined_name_ref,
        1,
        1,
        "the table's defined name pointing at #REF!",
    ),
    Shape(
        "xlsx-quoted-title-blank",
        ".xlsx",
        xlsx_quoted_title_blank,
        1,
        1,
        "table 三's sheet titled 'with quotes' and a blank cell: _formulas strips the quotes (KeyError)",
    ),
    Shape(
        "html-meta-charset-undefined",
        ".html",
        html_meta_charset("undefined"),
        1,
        1,
        '<meta charset="undefined">: bytes.decode("undefined") raises UnicodeError, not caught',
    ),
    Shape(
        "jsonl-invalid-utf8",
        ".jsonl",
        jsonl_invalid_utf8,
        3,
        1,
        "JSON lines, one with invalid UTF-8 (read_report reads .jsonl as one JSON document; the CLI's "
        "line reader is the CALL cli-validate-jsonl-invalid-utf8)",
    ),
    Shape(
        "json-unknown-headings",
        ".json",
        json_unknown_keys("headings"),
        400_000,
        20_000,
        "400,000 unknown keys in headings: a problem each, 20-24 s (found by the session 7 review)",
    ),
    Shape(
        "json-unknown-rows",
        ".json",
        json_unknown_keys("rows"),
        400_000,
        20_000,
        "400,000 unknown row keys in table 三: a problem each",
    ),
    Shape(
        "png-bomb",
        ".png",
        png_bomb,
        20_000,
        2_000,
        "a 20,000 × 20,000 PNG in 60 KB: 400 million pixels to decode for OCR",
    ),
    Shape(
        "tiff-many-pages",
        ".tiff",
        tiff_pages,
        100_000,
        5_000,
        "100,000 pages of one pixel in a TIFF: a page each for OCR",
    ),
    # Found by reading the source.
    Shape(
        "html-meta-charset-idna",
        ".html",
        html_ascii_idna,
        1,
        1,
        'an ASCII page (numeric references) declared <meta charset="idna"> holding "www.xn--a.cn": '
        "bytes.decode('idna') raises UnicodeError, not caught",
    ),
    Shape(
        "html-meta-charset-utf16",
        ".html",
        html_meta_charset("utf-16"),
        1,
        1,
        'a UTF-8 page declaring <meta charset="utf-16"> (browsers read such a page as UTF-8, as the '
        "HTML standard says): decoded as UTF-16 it is mojibake, and no report is found",
    ),
    Shape(
        "xlsx-defined-name-ref-range",
        ".xlsx",
        xlsx_defined_name_ref_range,
        1,
        1,
        "the table's defined name '三、依申请公开'!$A$2:#REF!: openpyxl's destinations raises TokenizerError",
    ),
    Shape(
        "text-tab-padded-review-row",
        ".txt",
        text_tab_padded_review_row,
        20_000,
        1_000,
        "table 四's data row between n empty tab cells on each side: _align, three times (O(n^2))",
    ),
    Shape(
        "docx-nested-paragraphs",
        ".docx",
        docx_nested_paragraphs,
        20_000,
        1_000,
        "n paragraphs nested in one table cell: _cell_text joins every nested paragraph's full text "
        "(O(n^2) time and memory)",
    ),
    Shape(
        "xlsx-text-many-rows",
        ".xlsx",
        xlsx_text_many_rows,
        9_999,
        300,
        "section 一 continued over n rows of the text sheet: _texts rebuilds the whole text per row (O(n^2))",
    ),
    Shape(
        "pdf-long-line",
        ".pdf",
        pdf_long_line,
        20_000_000,
        1_000_000,
        "n bytes without a line break: pdfminer's line readers grow a bytes object by 4 KB pieces (O(n^2))",
    ),
    Shape(
        "pdf-ruled-grid",
        ".pdf",
        pdf_ruled_grid,
        150,
        15,
        "an (n+1)x(n+1) grid of ruling lines: pdfplumber's intersections_to_cells is O(points^2) = O(n^4)",
    ),
    Shape(
        "pdf-many-chars",
        ".pdf",
        pdf_many_chars,
        20_000,
        200,
        "n characters on one page (the most the limits allow): pdfplumber's dedupe_chars orders them by "
        "list.index (O(n^2): 25 s at 20,000)",
    ),
    Shape(
        "pdf-many-boxes",
        ".pdf",
        pdf_many_boxes,
        10_000,
        200,
        "n separate small boxes on a page: intersections_to_cells and cells_to_tables are O(n^2)",
    ),
    Shape(
        "pdf-disjoint-rules",
        ".pdf",
        pdf_disjoint_rules,
        5_000,
        300,
        "n horizontal and n vertical rules that never meet: every pair is compared (O(n^2)), in ruled_cells "
        "(open ends) and in pdfplumber's edges_to_intersections",
    ),
    Shape(
        "pdf-pages-share-heavy-content",
        ".pdf",
        pdf_pages_share_heavy_content,
        200,
        1,
        "n pages sharing one 150,000-character content stream: per-page limit, no per-document limit",
    ),
    Shape(
        "pdf-bomb-lzw",
        ".pdf",
        pdf_bomb_lzw,
        128,
        2,
        "n KB of /LZWDecode data: not inflated by the bomb check; expands ~2,500x; decoder is O(codes^2)",
    ),
)


# --- special inputs (not bytes) ---------------------------------------------------------------------------

SPECIAL: dict[str, str] = {
    "pdf-fifo": (
        "a FIFO (named pipe) with a .pdf suffix and no writer: read_report opens it to read its head and "
        "blocks forever (any suffix does). benchmarks/hostile.py makes one with os.mkfifo and runs "
        "read_report on it under the timeout."
    ),
}


# --- API calls ---------------------------------------------------------------------------------------------


def _surrogate_report():  # type: ignore[no-untyped-def]
    import attrs

    return attrs.evolve(_seed(), overview="x\ud800y")


def _call_read_html_surrogate() -> object:
    from disclosure_report import from_html

    return from_html(_seed_html().replace("</body>", "\ud800</body>"))


def _call_render_html_surrogate() -> object:
    from disclosure_report import render_html

    return render_html(_surrogate_report())


def _call_render_text_surrogate() -> object:
    from disclosure_report import render_text

    return render_text(_surrogate_report())


def _call_render_docx_surrogate() -> object:
    from disclosure_report import render_docx

    return render_docx(_surrogate_report())


def _call_to_json_surrogate() -> object:
    from disclosure_report import render_json

    return render_json(_surrogate_report())


def _call_write_json_surrogate() -> object:
    from disclosure_report import write_json

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "report.json")
        write_json(_surrogate_report(), path)
        return path.stat().st_size


def _call_xlsx_bytes_surrogate() -> object:
    from disclosure_report import render_xlsx

    return render_xlsx(_surrogate_report())


def _call_xlsx_surrogate_round_trip() -> object:
    """render_xlsx writes a lone surrogate as an XML character reference no parser accepts: read it back."""
    from disclosure_report import from_xlsx, render_xlsx

    return from_xlsx(render_xlsx(_surrogate_report()))


def _document(change: Callable[[dict], None]) -> str:  # type: ignore[type-arg]
    import json

    from disclosure_report import to_dict

    document = to_dict(_seed())
    change(document)
    return json.dumps(document, ensure_ascii=False)


def _call_from_json_year_2007() -> object:
    from disclosure_report import from_json

    return from_json(_document(lambda d: d["metadata"].__setitem__("year", 2007)))


def _call_from_json_count_over_max() -> object:
    from disclosure_report import from_json

    return from_json(_document(lambda d: d["requests"]["new"].__setitem__("natural_person", 10**9 + 1)))


def _call_from_json_amount_over_max() -> object:
    from disclosure_report import from_json

    def change(document: dict) -> None:  # type: ignore[type-arg]
        row = document["active_disclosure"]["fees"]
        column = next(iter(row))
        row[column] = str(10**12 + 1)

    return from_json(_document(change))


def _call_validate_long_number() -> object:
    import attrs

    from disclosure_report import validate

    report = attrs.evolve(_seed(), overview="本年度收到申请" + "1" * 5000 + "件。")
    return validate(report)


def _call_text_round_trip_problems_line_in_overview() -> object:
    """render_text then read_text when a section-一 line reads like section 五's heading: the tables?"""
    import attrs

    from disclosure_report import from_text, render_text

    report = attrs.evolve(_seed(), overview=_seed().overview + "\n五、存在的主要问题及改进情况")
    result = from_text(render_text(report))
    lost = [
        t.kind.key
        for t in (result.report.active_disclosure, result.report.requests, result.report.review_litigation)
        if all(v is None for v in t.values)
    ]
    return {
        "blank_tables": lost,
        "same": result.report == report,
        "codes": sorted({f.code for f in result.findings}),
    }


def _call_docx_layout_table() -> object:
    """A DOCX whose whole body sits in one layout table's single cell: do table cells leak into 六's text?"""
    from disclosure_report import from_docx

    def change(data: bytes) -> bytes:
        text = data.decode("utf-8")
        start = text.index("<w:body>") + len("<w:body>")
        end = text.index("<w:sectPr>")
        body = text[start:end]
        wrapped = f"<w:tbl><w:tr><w:tc>{body}<w:p/></w:tc></w:tr></w:tbl>"
        return (text[:start] + wrapped + text[end:]).encode("utf-8")

    result = from_docx(_rewrite_zip(_seed_docx(), {"word/document.xml": change}))
    other = result.report.other_matters or ""
    return {
        "other_matters_chars": len(other),
        "other_matters_head": other[:120],
        "same_tables": result.report.requests == _seed().requests,
    }


def _call_cli_validate_jsonl() -> object:
    """The CLI on a .jsonl file with one line of invalid UTF-8 among valid lines."""
    import contextlib

    from disclosure_report._cli import main

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "reports.jsonl")
        path.write_bytes(jsonl_invalid_utf8(3))
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(["validate", "--jobs", "1", str(path)])
        return {
            "status": status,
            "stderr": err.getvalue()[-300:],
            "stdout_lines": len(out.getvalue().splitlines()),
        }


CALLS: dict[str, Callable[[], object]] = {
    "read-html-surrogate": _call_read_html_surrogate,
    "render-html-surrogate": _call_render_html_surrogate,
    "render-text-surrogate": _call_render_text_surrogate,
    "render-docx-surrogate": _call_render_docx_surrogate,
    "to-json-surrogate": _call_to_json_surrogate,
    "write-json-surrogate": _call_write_json_surrogate,
    "xlsx-bytes-surrogate": _call_xlsx_bytes_surrogate,
    "xlsx-surrogate-round-trip": _call_xlsx_surrogate_round_trip,
    "from-json-year-2007": _call_from_json_year_2007,
    "from-json-count-over-max": _call_from_json_count_over_max,
    "from-json-amount-over-max": _call_from_json_amount_over_max,
    "validate-long-number": _call_validate_long_number,
    "text-round-trip-heading-in-overview": _call_text_round_trip_problems_line_in_overview,
    "docx-layout-table": _call_docx_layout_table,
    "cli-validate-jsonl-invalid-utf8": _call_cli_validate_jsonl,
}
