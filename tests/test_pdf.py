"""PDF: reports exported by a real office suite and printed by a real browser read back equal.

Generated reports go to PDF the two ways agencies make them (a Word document exported by LibreOffice, a
web page printed by Chromium), in several layouts and page sizes, so that tables split across pages and
labels wrap over several lines; the samples go the same way. Scans, damaged and hostile files get a clear
error in bounded time.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    DisclosureRow,
    ReadError,
    from_json,
    from_pdf,
    read_pdf,
    read_report,
    render_docx,
    render_html,
    write_docx,
)
from disclosure_report._io.read.geometry import Row, document_lines
from disclosure_report._io.read.pdf import (
    MAX_PDF_BYTES,
    MAX_PDF_PAGES,
    MAX_PDF_STREAM,
    NoTextLayer,
    TextLayer,
    text_layer,
)
from disclosure_report._io.read.pdf_engines import ENGINE_VARIABLE, Engine
from disclosure_report._io.read.pdf_layers import MAX_PAGE_CONTENT, MAX_VETTED_OBJECTS
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports, texts

from .applications import needs_browser, needs_office, office_convert, print_to_pdf
from .archives import rewritten
from .conftest import DATA
from .test_render import _as_published

SHARED = Path(__file__).resolve().parents[2] / "shared" / "samples"

# Section text as published: paragraphs of words (no spaces, which a PDF does not keep apart from layout).
WORDS = "政府信息公开工作主动依法规范管理平台建设监督保障问题改进情况其他事项，、：“”（）0123456789abcXYZ"
PARAGRAPHS = st.lists(texts(alphabet=WORDS, min_size=1, max_size=160), min_size=1, max_size=3).map("\n".join)
REPORTS = reports(consistent=False, blanks=True, text=PARAGRAPHS)
# Each example drives a real application for a second or more: few examples, and no shrinking (which
# would take minutes; a failing example is printed whole).
FEW = settings(
    max_examples=int(os.environ.get("PDF_EXAMPLES", "6")),  # a longer run: PDF_EXAMPLES=100
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)

SCRIPTS = ["simplified", "traditional"]
PAGES = {
    "Letter": "",
    "A4": "@page { size: A4 }",
    "A5": "@page { size: A5; margin: 10mm }",
    "A4 landscape": "@page { size: A4 landscape; margin: 15mm }",
}
PAGE_NAMES = sorted(PAGES)


def _docx_to_pdf(
    report: AnnualReport, folder: Path, *, repeat_headings: bool = True, **options: object
) -> bytes:
    document = render_docx(report, **options)  # type: ignore[arg-type]
    if not repeat_headings:  # as many agencies' documents are: the headings only on the first page
        document = rewritten(document, lambda name, xml: (name, xml.replace(REPEAT, b"")))
    source = folder / "report.docx"
    source.write_bytes(document)
    return office_convert(source, "pdf", folder).read_bytes()


REPEAT = b"<w:trPr><w:tblHeader/></w:trPr>"


def _html_to_pdf(page: str, folder: Path, css: str = "", *, repeat_headings: bool = True) -> bytes:
    if not repeat_headings:
        page = page.replace("<thead>", "<tbody>").replace("</thead>", "</tbody>")
    source = folder / "report.html"
    source.write_text(page.replace("</style>", f"{css}\n</style>", 1), encoding="utf-8")
    return print_to_pdf(source, folder / "report.pdf").read_bytes()


def _assert_read_back(pdf: bytes, report: AnnualReport, *, engine: Engine | None = None) -> None:
    result = from_pdf(pdf)
    assert result.findings == ()
    assert result.report == _as_published(report)
    # Both ways of reading the pages give the same layer (PDFium where it gives pdfminer's characters),
    # and the same report: the fast engine forced where it is expected, each document deciding otherwise.
    fast, general = text_layer(pdf, "p.pdf", engine=engine), text_layer(pdf, "p.pdf", engine="pdfplumber")
    assert engine is None or fast.engine == engine
    _assert_same_layer(fast, general)
    assert _read_by(pdf, "pdfplumber") == result


def _close(a: object, b: object) -> bool:
    """Whether two values are equal, numbers within half a point (PDFium's are float32)."""
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 0.5
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if attrs.has(type(a)) and type(a) is type(b):
        return _close(attrs.astuple(a, recurse=False), attrs.astuple(b, recurse=False))
    return a == b


def _assert_same_layer(fast: TextLayer, general: TextLayer) -> None:
    assert general.engine == "pdfplumber"
    assert (fast.characters, fast.title, len(fast.pages)) == (
        general.characters,
        general.title,
        len(general.pages),
    )
    assert _close(fast.heights, general.heights) or fast.heights.keys() == general.heights.keys()
    for number, (ours, theirs) in enumerate(zip(fast.pages, general.pages, strict=True), start=1):
        assert _close(ours, theirs), f"page {number}"
    assert document_lines(fast.pages, fast.heights) == document_lines(general.pages, general.heights)


@needs_office
@FEW
@given(REPORTS, st.booleans(), st.sampled_from(["full", "ascii"]), st.sampled_from(SCRIPTS), st.booleans())
def test_reports_exported_by_libreoffice_read_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    report: AnnualReport,
    merged: bool,
    punctuation: str,
    script: str,
    repeat_headings: bool,
) -> None:
    folder = tmp_path_factory.mktemp("office")
    options = {"merged": merged, "punctuation": punctuation, "script": script}
    pdf = _docx_to_pdf(report, folder, repeat_headings=repeat_headings, **options)
    _assert_read_back(pdf, report, engine="pdfium")


@needs_browser
@FEW
@given(REPORTS, st.booleans(), st.sampled_from(["full", "ascii"]), st.sampled_from(PAGE_NAMES), st.booleans())
def test_reports_printed_by_chromium_read_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    report: AnnualReport,
    merged: bool,
    punctuation: str,
    page: str,
    repeat_headings: bool,
) -> None:
    folder = tmp_path_factory.mktemp("browser")
    html = render_html(report, merged=merged, punctuation=punctuation)  # type: ignore[arg-type]
    _assert_read_back(_html_to_pdf(html, folder, PAGES[page], repeat_headings=repeat_headings), report)


def test_the_renderings_repeat_the_column_headings_of_tables_three_and_four(seed: AnnualReport) -> None:
    # What the tests above take away for "without repeated headings" is there to take.
    assert render_html(seed).count("<thead>") == 2
    document = zipfile.ZipFile(io.BytesIO(render_docx(seed))).read("word/document.xml")
    assert document.count(REPEAT) == 6  # three heading rows each


# --- the samples ----------------------------------------------------------------------------------------


@needs_office
def test_the_seed_exported_by_libreoffice_reads_back_equal(seed: AnnualReport, tmp_path: Path) -> None:
    source = tmp_path / "seed.docx"
    write_docx(seed, source)
    result = read_report(office_convert(source, "pdf", tmp_path))
    assert result.findings == ()
    assert attrs.evolve(result.report, metadata=attrs.evolve(result.report.metadata, source=None)) == seed
    # The tables run over two pages; every cell keeps its page.
    assert {source.page for source in result.sources.values()} == {1, 2}


@needs_browser
def test_the_seed_printed_by_chromium_reads_back_equal(seed: AnnualReport, tmp_path: Path) -> None:
    source = tmp_path / "seed.html"
    source.write_text(render_html(seed), encoding="utf-8")
    result = from_pdf(print_to_pdf(source, tmp_path / "seed.pdf", headers=True).read_bytes())
    assert result.findings == ()
    assert result.report == seed


@needs_browser
@pytest.mark.parametrize("headers", [False, True])
def test_the_published_page_printed_by_chromium_reads_as_its_html(tmp_path: Path, headers: bool) -> None:
    # The agency's own web page, navigation and layout tables included, printed as a reviewer would,
    # with or without the browser's running header and footer (date, title, address, "1/9").
    source = tmp_path / "r002.html"
    source.write_bytes((DATA / "r002.html").read_bytes())
    result = read_pdf(print_to_pdf(source, tmp_path / "r002.pdf", headers=headers), source="r002.html")
    assert result.report == from_json((DATA / "r002.expected.json").read_text(encoding="utf-8"))
    found = [(f.code, f.location.row) for f in result.findings]
    assert found == [("read-label-variant", DisclosureRow.NORMATIVE_DOCUMENTS)]
    assert result.findings[0].location.source is not None
    assert result.findings[0].location.source.page is not None


@needs_office
def test_the_published_report_exported_by_libreoffice_reads_back_equal(tmp_path: Path) -> None:
    expected = from_json((DATA / "r002.expected.json").read_text(encoding="utf-8"))
    result = from_pdf(_docx_to_pdf(expected, tmp_path), source="r002.html")
    assert result.findings == ()
    assert result.report == expected


@pytest.mark.parametrize(
    ("pdf", "expected"),
    [
        ("seed.libreoffice.pdf", seed_report()),
        ("r002.libreoffice.pdf", from_json((DATA / "r002.expected.json").read_text(encoding="utf-8"))),
        ("cut-row.libreoffice.pdf", from_json((DATA / "cut-row.expected.json").read_text(encoding="utf-8"))),
    ],
)
def test_kept_pdfs_read_back_equal(pdf: str, expected: AnnualReport) -> None:
    # Fixed files (tests/data/DERIVED.md), read without any office suite installed.
    result = from_pdf((DATA / pdf).read_bytes(), source=expected.metadata.source)
    assert result.findings == ()
    assert result.report == expected


REAL_PDFS = [
    *sorted(DATA.glob("*.pdf")),
    *(path for n in (5, 6, 7) if (path := SHARED / f"r01{n}.pdf").exists()),
]


def _read_by(data: bytes, engine: Engine) -> Any:
    """``from_pdf`` with ``engine`` forced by the documented switch, the environment variable."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENGINE_VARIABLE, engine)
        return from_pdf(data)


@pytest.mark.parametrize("path", REAL_PDFS, ids=lambda path: path.name)
def test_pdfium_reads_the_pages_of_office_suites_as_pdfplumber_does(path: Path) -> None:
    # The real samples (WPS) and LibreOffice's exports take the fast path, and give what pdfplumber gives:
    # the same characters, rules, cells and lines, to within PDFium's float32, and the same report.
    data = path.read_bytes()
    fast, general = (
        text_layer(data, path.name, engine="pdfium"),
        text_layer(data, path.name, engine="pdfplumber"),
    )
    assert (fast.engine, general.engine) == ("pdfium", "pdfplumber")
    assert text_layer(data, path.name).engine == "pdfium"  # and it is the one chosen by default
    _assert_same_layer(fast, general)
    assert _read_by(data, "pdfium") == _read_by(data, "pdfplumber")


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_the_switch_forces_an_engine_for_every_read(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> None:
    data = (DATA / "seed.libreoffice.pdf").read_bytes()
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    assert text_layer(data, "seed.pdf").engine == engine
    # The keyword wins over the variable.
    other: Engine = "pdfplumber" if engine == "pdfium" else "pdfium"
    assert text_layer(data, "seed.pdf", engine=other).engine == other
    monkeypatch.setenv(ENGINE_VARIABLE, " Auto ")
    assert text_layer(data, "seed.pdf").engine == "pdfium"


def test_forced_pdfium_refuses_what_it_cannot_read_as_pdfminer_does(monkeypatch: pytest.MonkeyPatch) -> None:
    rotated = _pdf(*_page_objects(TEXT, page=b"/Rotate 90"))
    assert text_layer(rotated, "rotated.pdf").engine == "pdfplumber"  # each document decides
    monkeypatch.setenv(ENGINE_VARIABLE, "pdfium")
    with pytest.raises(ReadError) as raised:
        from_pdf(rotated, source="rotated.pdf")
    assert raised.value.problems[0].code == "format-mismatch"
    assert ENGINE_VARIABLE in str(raised.value) and "rotated.pdf" in str(raised.value)


def test_a_switch_naming_no_engine_is_warned_of_and_the_reference_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As the JSON paths' switch: a mistyped setting slows reading down, it does not stop it.
    data = (DATA / "seed.libreoffice.pdf").read_bytes()
    monkeypatch.setenv(ENGINE_VARIABLE, "pdfminer")
    with pytest.warns(RuntimeWarning, match=f"{ENGINE_VARIABLE}='pdfminer' names no engine"):
        assert text_layer(data, "seed.pdf").engine == "pdfplumber"
    # A keyword naming none is the caller's mistake.
    with pytest.raises(ValueError, match="engine must be"):
        text_layer(data, "seed.pdf", engine="auto")  # type: ignore[arg-type]


# --- what is not a readable report ----------------------------------------------------------------------


def _pdf(*objects: bytes) -> bytes:
    """A PDF of the given objects (numbered from 1, the first the catalogue), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<</Length %d%s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


CATALOGUE = b"<</Type/Catalog/Pages 2 0 R>>"
FONT = b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"


def _page_objects(
    content: bytes,
    resources: bytes = b"<</Font<</F1 5 0 R>>>>",
    *,
    page: bytes = b"",
    box: bytes = b"[0 0 595 842]",
    font: bytes = FONT,
) -> list[bytes]:
    """A one-page PDF's objects: catalogue, pages, page (``page`` added to its dictionary), content, font."""
    return [
        CATALOGUE,
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]%s/Resources %s/Contents 4 0 R>>"
        % (page, resources),
        _stream(content),
        font,
    ]


def _page(content: bytes, resources: bytes = b"<</Font<</F1 5 0 R>>>>") -> bytes:
    return _pdf(*_page_objects(content, resources))


def test_not_a_pdf_and_a_scan() -> None:
    with pytest.raises(ReadError, match="not a PDF"):
        from_pdf(b"<html>", source="x.pdf")
    # A PDF without a text layer is refused by the PDF reader, for read_report to read by OCR
    # (tests/test_ocr_choice.py, tests/test_scan_reports.py).
    with pytest.raises(NoTextLayer, match=r"(?s)scan\.pdf.*no text layer"):
        from_pdf(_page(b"0 0 595 842 re f"), source="scan.pdf")
    with pytest.raises(ReadError, match=r"not a readable PDF|no text layer"):
        from_pdf(b"%PDF-1.7\n" + b"\x00" * 100, source="broken.pdf")


def test_a_pdf_with_text_but_no_report() -> None:
    with pytest.raises(ReadError, match="no section of an annual report"):
        from_pdf(_page(b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"), source="letter.pdf")


def test_truncated_pdfs_get_a_clear_error() -> None:
    data = (DATA / "seed.libreoffice.pdf").read_bytes()
    for size in (10, 1000, len(data) // 3, len(data) - 100):
        with pytest.raises(ReadError) as caught:
            from_pdf(data[:size], source="cut.pdf")
        assert caught.value.source == "cut.pdf"


def test_a_decompression_bomb_is_refused_before_it_is_inflated() -> None:
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(MAX_PDF_STREAM // len(chunk) + 1))
    bomb += compressor.flush()
    assert len(bomb) < 200_000  # tiny on disk
    data = _page(b"", b"<<>>").replace(_stream(b""), _stream(bomb, b"/Filter/FlateDecode"))
    with pytest.raises(ReadError, match=r"decodes? to more than"):
        from_pdf(data, source="bomb.pdf")


def test_deeply_nested_objects_get_a_clear_error() -> None:
    depth = 100_000
    resources = b"<</Font<</F1 5 0 R>>/X " + b"[" * depth + b"]" * depth + b">>"
    # pdfminer parses nesting without recursion: the file is read, and is no report.
    with pytest.raises(ReadError, match="no section"):
        from_pdf(_page(b"BT /F1 12 Tf 72 700 Td (x) Tj ET", resources), source="nested.pdf")


def test_a_page_tree_that_loops_gets_a_clear_error() -> None:
    looping = _pdf(CATALOGUE, b"<</Type/Pages/Kids[2 0 R]/Count 1>>")
    with pytest.raises(ReadError, match="no pages"):
        from_pdf(looping, source="loop.pdf")


def test_too_many_pages_and_too_large_files_are_refused(tmp_path: Path) -> None:
    count = MAX_PDF_PAGES + 1
    kids = b" ".join(b"%d 0 R" % (3 + n) for n in range(count))
    pages = [b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"] * count
    many = _pdf(CATALOGUE, b"<</Type/Pages/Kids[%s]/Count %d>>" % (kids, count), *pages)
    with pytest.raises(ReadError, match=f"more than {MAX_PDF_PAGES} pages"):
        from_pdf(many, source="many.pdf")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as file:
        file.truncate(MAX_PDF_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(ReadError, match="more than the limit"):
        read_pdf(huge)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize(
    ("drawn", "end"),
    [
        (b"%d 10 1 1 re f\n", b""),
        (b"BT /F1 9 Tf 1 0 0 1 %d 500 Tm (x) Tj ET\n", b""),
        (b"%d 10 1 1 re\n", b"f\n"),  # one path of many subpaths: pdfminer counts each
    ],
    ids=["shapes", "chars", "subpaths"],
)
def test_a_page_with_too_many_objects_is_refused(
    monkeypatch: pytest.MonkeyPatch, engine: Engine, drawn: bytes, end: bytes
) -> None:
    monkeypatch.setattr("disclosure_report._io.read.pdf_limits.MAX_PAGE_OBJECTS", 100)
    layer = text_layer(
        _page(b"".join(drawn % (5 * x) for x in range(49)) + end),
        "fine.pdf",
        engine=engine,
    )
    assert layer.engine == engine
    with pytest.raises(ReadError, match="page 1 has more than 100 characters and shapes"):
        text_layer(
            _page(b"".join(drawn % (5 * x) for x in range(101)) + end),
            "busy.pdf",
            engine=engine,
        )


# --- which pages PDFium reads ----------------------------------------------------------------------------

TEXT = b"BT /F1 12 Tf 72 700 Td (Hello, world) Tj ET 72 690 m 300 690 l S 72 600 200 50 re S"
DESCENT = (
    b"<</Type/Font/Subtype/TrueType/BaseFont/ABCDEF+Face/FirstChar 32/LastChar 126/Widths[%s]"
    b"/FontDescriptor<</Type/FontDescriptor/FontName/ABCDEF+Face/Flags 32/FontBBox[0 -200 1000 900]"
    b"/ItalicAngle 0/Ascent 880/Descent -212/CapHeight 700/StemV 80>>>>" % b" ".join([b"500"] * 95)
)


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("plain text and rules", _page(TEXT)),
        ("a media box off the origin", _pdf(*_page_objects(TEXT, box=b"[10 20 605 862]"))),
        ("a crop box as the media box", _pdf(*_page_objects(TEXT, page=b"/CropBox[0 0 595 842]"))),
        ("an embedded font's descent", _pdf(*_page_objects(TEXT, font=DESCENT))),
    ],
)
def test_pdfium_reads_plain_pages_as_pdfplumber_does(case: str, data: bytes) -> None:
    fast, general = text_layer(data, "p.pdf"), text_layer(data, "p.pdf", engine="pdfplumber")
    assert (case, fast.engine) == (case, "pdfium")
    _assert_same_layer(fast, general)


TWO = TEXT + b" BT /F2 12 Tf 72 650 Td (x) Tj ET"
FONTS = b"<</Font<</F1 5 0 R/F2 6 0 R>>>>"


def _xref_stream(objects: list[bytes], entries: int) -> bytes:
    """The objects with a cross-reference stream claiming ``entries`` more objects than the file has."""
    out = bytearray(b"%PDF-1.5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    count = len(objects) + 1
    at = len(out)
    rows = b"\x00\x00\x00\x00\x00\xff" + b"".join(b"\x01" + struct.pack(">I", o) + b"\x00" for o in offsets)
    rows += b"\x01" + struct.pack(">I", at) + b"\x00"
    head = b"<</Type/XRef/Size %d/W[1 4 1]/Index[0 %d %d %d]/Root 1 0 R/Length %d>>" % (
        count + 1,
        count + 1,
        count + 1,
        entries,
        len(rows),
    )
    out += b"%d 0 obj\n" % count + head + b"\nstream\n" + rows + b"\nendstream\nendobj\n"
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % at)


def _wrong_startxref(data: bytes) -> bytes:
    """The file with its ``startxref`` pointing beyond its end: readers rebuild the table by scanning."""
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    end = data.index(b"\n", start)
    return data[:start] + b"9" * (end - start) + data[end:]


BIGGER = b"BT /F1 13 Tf 1 0 0 1 %.1f 700 Tm (12) Tj ET "
WIDE_FONT = FONT.replace(
    b">>", b"/FirstChar 32/LastChar 126/Widths[%s]/ToUnicode 6 0 R>>" % b" ".join([b"500"] * 95)
)
MAPPED = FONT.replace(b">>", b"/ToUnicode 6 0 R>>")
# A form whose /Length ends before it draws another form (what PDFium would read on to ``endstream``).
HIDDEN = [
    b"<</Type/XObject/Subtype/Form/BBox[0 0 595 842]/Resources<</XObject<</Y 7 0 R>>>>/Length 6>>\n"
    b"stream\n0 0 m S\n/Y Do /Y Do /Y Do\nendstream",
    _stream(b"0 0 m 1 1 l S", b"/Type/XObject/Subtype/Form/BBox[0 0 595 842]"),
]


def _to_unicode(pairs: dict[int, str]) -> bytes:
    """A ToUnicode CMap stream mapping one-byte codes to text."""
    chars = b"".join(
        b"<%02X> <%s>\n" % (code, text.encode("utf-16-be").hex().encode()) for code, text in pairs.items()
    )
    return _stream(
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Mapped def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n%d beginbfchar\n%sendbfchar\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end" % (len(pairs), chars)
    )


IMAGES = b"<</Font<</F1 5 0 R>>/XObject<</I 6 0 R>>>>"
IMAGE = _stream(
    zlib.compress(b"\0" * (7000 * 3400 * 3), 9),
    b"/Type/XObject/Subtype/Image/Width 7000/Height 3400/ColorSpace/DeviceRGB/BitsPerComponent 8"
    b"/Filter/FlateDecode",
)  # 71 MB decoded, more than a stream may decode to: pdfminer never decodes it, nor may the PDFium path
WIDTHS = b" ".join([b"1000"] * 95)
OWN_WIDTHS = (
    b"<</Type/Font/Subtype/TrueType/BaseFont/Helvetica/FirstChar 32/LastChar 126/Widths[%s]>>" % WIDTHS
)
SUBSET = DESCENT.replace(b"ABCDEF+Face", b"ABCDEF+Helvetica")
TWO_CODES = (
    b"<</Type/Font/Subtype/Type1/BaseFont/ABCDEF+Face/FirstChar 65/LastChar 66/Widths[500 900]%s>>"
    % (b"/ToUnicode 6 0 R")
)
FORM_KEYS = b"/Type/XObject/Subtype/Form/BBox[0 0 595 842]"
PROPERTIES = b"<</Font<</F1 5 0 R>>/Properties<</P0<</ActualText(B)>>>>>>"
TYPE3 = (
    b"<</Type/Font/Subtype/Type3/FontBBox[0 0 750 750]/FontMatrix[0.001 0 0 0.001 0 0]/CharProcs<</x 6 0 R>>"
    b"/Encoding<</Type/Encoding/Differences[120/x]>>/FirstChar 120/LastChar 120/Widths[1000]>>"
)
FORM = _stream(b"/Y Do", b"/Type/XObject/Subtype/Form/BBox[0 0 595 842]/Resources<</XObject<</Y 7 0 R>>>>")
FORMS = b"<</Font<</F1 5 0 R>>/XObject<</X 6 0 R>>>>"
AGAIN = b"BT /F1 12 Tf 1 0 0 1 %d 700 Tm (12) Tj ET "


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("a Type3 font (a browser's print)", _pdf(*_page_objects(TEXT)[:4], TYPE3, _stream(b"750 0 d0"))),
        ("a rotated page", _pdf(*_page_objects(TEXT, page=b"/Rotate 90"))),
        ("a crop box", _pdf(*_page_objects(TEXT, page=b"/CropBox[0 0 300 300]"))),
        ("rotated text", _page(TEXT.replace(b"72 700 Td", b"0 1 -1 0 300 400 Tm"))),
        ("mirrored text", _page(TEXT.replace(b"72 700 Td", b"1 0 0 -1 72 700 Tm"))),
        ("invisible text over a scan", _page(TEXT.replace(b"BT ", b"BT 3 Tr "))),
        (
            "one font name, two descents",
            _pdf(*_page_objects(TWO, FONTS, font=DESCENT), DESCENT.replace(b"-2", b"-1")),
        ),
        ("content beyond the bound", _page(TEXT + b"\n" + b"0 0 m\n" * (MAX_PAGE_CONTENT // 6 + 1))),
        (
            "a form drawing forms",
            _pdf(*_page_objects(TEXT + b" /X Do", FORMS)[:5], FORM, _stream(b"0 0 m 1 1 l S")),
        ),
        ("a text object of a space", _page(TEXT + b" BT /F1 12 Tf 150 650 Td ( ) Tj ET")),
        ("a run of spaces", _page(TEXT.replace(b"(Hello, world)", b"(Hello,   world)"))),
        ("spaces ending a text object", _page(TEXT.replace(b"(Hello, world)", b"(Hello,   ) Tj (world)"))),
        ("a text object drawn again 2 points on", _page(TEXT + b" " + AGAIN % 100 + AGAIN % 102)),
        ("its first character again, another size", _page(TEXT + b" " + AGAIN % 100 + BIGGER % 100.5)),
        ("a hyphen ending a line", _page(b"BT /F1 12 Tf 72 700 Td (Hello wor-) Tj 0 -14 Td (ld) Tj ET")),
        ("replacement text", _page(b"/Span<</ActualText (XYZ)>> BDC " + TEXT + b" EMC")),
        (
            "replacement text named in the resources",
            _pdf(*_page_objects(b"/Span /P0 BDC " + TEXT + b" EMC", PROPERTIES)),
        ),
        ("replacement text, its name escaped", _page(b"/Span<</Actual#54ext (XYZ)>> BDC " + TEXT + b" EMC")),
        (
            "a name that is not UTF-8",
            _pdf(
                *_page_objects(TEXT + b" /X#FF Do", FORMS.replace(b"/X ", b"/X#FF "))[:5],
                _stream(b"0 0 m 9 9 l S", FORM_KEYS),
            ),
        ),
        ("a Type3 font without /Type", _pdf(*_page_objects(TEXT)[:4], TYPE3.replace(b"/Type/Font", b""))),
        ("a ligature", _pdf(*_page_objects(TEXT, font=WIDE_FONT), _to_unicode({0x6C: "fi"}))),
        ("right-to-left text", _pdf(*_page_objects(TEXT, font=WIDE_FONT), _to_unicode({0x6C: "\u05d0"}))),
        (
            "a standard font's letters mapped",
            _pdf(*_page_objects(TEXT, font=MAPPED), _to_unicode({0x6C: "W"})),
        ),
    ],
)
def test_what_pdfium_would_read_otherwise_is_read_by_pdfplumber(case: str, data: bytes) -> None:
    layer = text_layer(data, "p.pdf")
    assert (case, layer.engine) == (case, "pdfplumber")
    assert layer.characters > 0


def _pdf_with_duplicate(objects: list[bytes], number: int, again: bytes, entry: bytes) -> bytes:
    """A PDF of the objects whose xref entries are written as ``entry``, with object ``number`` defined again
    after them (unreferenced): a reader that rebuilds the cross-reference table takes the later one."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % index + body + b"\nendobj\n"
    out += b"%d 0 obj\n" % number + again + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(entry % o for o in offsets)
    return bytes(
        out + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )


HELLO = b"BT /F1 12 Tf 72 700 Td (Hello) Tj ET"
OTHER = _stream(b"BT /F1 12 Tf 72 700 Td (Other text) Tj ET")
UNTYPED = b"<</Parent 2 0 R/MediaBox[0 0 595 842]/Resources<</Font<</F1 5 0 R>>>>/Contents 7 0 R>>"
SHORT = b"<</Length %d>>\nstream\n%s\nBT /F1 12 Tf 72 650 Td (Hidden) Tj ET\nendstream" % (len(HELLO), HELLO)


@pytest.mark.parametrize(
    ("case", "data"),
    [
        (
            "a page tree with an untyped kid",
            _pdf(
                CATALOGUE,
                b"<</Type/Pages/Kids[6 0 R 3 0 R]/Count 1>>",
                *_page_objects(TEXT)[2:],
                UNTYPED,
                OTHER,
            ),
        ),
        ("a stream longer than its /Length", _pdf(*_page_objects(b"")[:3], SHORT, FONT)),
        ("a damaged cross-reference table", _wrong_startxref(_page(TEXT))),
        ("forms hidden past a stream's length", _pdf(*_page_objects(TEXT + b" /X Do", FORMS)[:5], *HIDDEN)),
        (
            "a page of a large image (not decoded)",
            _pdf(*_page_objects(TEXT + b" q 595 0 0 842 0 0 cm /I Do Q", IMAGES)[:5], IMAGE),
        ),
        ("a cross-reference stream of five million entries", _xref_stream(_page_objects(TEXT), 5_000_000)),
        (
            "an object defined twice, its xref entries a byte short",
            _pdf_with_duplicate(_page_objects(HELLO), 4, OTHER, b"%010d 00000 n\n"),
        ),
    ],
)
def test_pdfium_is_given_the_file_as_pdfminer_read_it(case: str, data: bytes) -> None:
    # PDFium reads a rewriting of the objects pdfminer parsed, never the file: where the two parsers would
    # disagree, PDFium sees what pdfminer saw (and what the limits vetted).
    fast, general = text_layer(data, "p.pdf"), text_layer(data, "p.pdf", engine="pdfplumber")
    assert (case, fast.engine) == (case, "pdfium")
    _assert_same_layer(fast, general)


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("a standard font with its own widths", _pdf(*_page_objects(TEXT, font=OWN_WIDTHS))),
        ("a subset of a standard font, its own descent", _pdf(*_page_objects(TEXT, font=SUBSET))),
        (
            "two codes of one text, two widths",
            _pdf(
                *_page_objects(b"BT /F1 12 Tf 72 700 Td (BAB) Tj ET", font=TWO_CODES),
                _to_unicode({0x41: "A", 0x42: "A"}),
            ),
        ),
        (
            "a form drawn many times",
            _pdf(*_page_objects(TEXT + b" /X Do" * 60, FORMS)[:5], _stream(b"0 0 m 9 9 l S", FORM_KEYS)),
        ),
    ],
)
def test_pdfium_and_pdfplumber_agree(monkeypatch: pytest.MonkeyPatch, case: str, data: bytes) -> None:
    # Whichever way the file goes, the layer is the same (and PDFium refuses nothing pdfplumber reads).
    monkeypatch.setattr("disclosure_report._io.read.pdf_limits.MAX_PAGE_OBJECTS", 100)
    _assert_same_layer(text_layer(data, "p.pdf"), text_layer(data, "p.pdf", engine="pdfplumber"))


def test_a_file_whose_resources_reach_too_many_objects_is_read_by_pdfplumber() -> None:
    # Vetting parses what the pages' resources reach, pdfplumber only what the pages draw: a chain of
    # objects no page draws is not parsed past the bound (a chain of 50,000 took 4 s to vet, 0.2 s to read).
    chain = [b"<</Next %d 0 R>>" % (7 + index) for index in range(MAX_VETTED_OBJECTS)] + [b"<<>>"]
    data = _pdf(*_page_objects(TEXT, b"<</Font<</F1 5 0 R>>/X 6 0 R>>"), *chain)
    layer = text_layer(data, "chain.pdf")
    assert layer.engine == "pdfplumber"
    _assert_same_layer(layer, text_layer(data, "chain.pdf", engine="pdfplumber"))
    shorter = _pdf(*_page_objects(TEXT, b"<</Font<</F1 5 0 R>>/X 6 0 R>>"), *chain[-100:])
    assert text_layer(shorter, "chain.pdf").engine == "pdfium"


def test_a_thread_that_finds_pdfium_taken_reads_with_pdfplumber() -> None:
    # PDFium must never be called from two threads at once.
    from disclosure_report._io.read.pdf_layers import PDFIUM

    data = (DATA / "seed.libreoffice.pdf").read_bytes()
    with PDFIUM:
        taken = text_layer(data, "seed.pdf")
    assert (taken.engine, text_layer(data, "seed.pdf").engine) == ("pdfplumber", "pdfium")
    _assert_same_layer(text_layer(data, "seed.pdf"), taken)


def test_a_bomb_in_a_page_content_array_is_refused() -> None:
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(MAX_PDF_STREAM // len(chunk) + 1))
    bomb += compressor.flush()
    objects = _page_objects(b"")
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents[4 0 R]")
    objects[3] = _stream(bomb, b"/Filter/FlateDecode")
    with pytest.raises(ReadError, match=r"decodes? to more than"):
        text_layer(_pdf(*objects), "array-bomb.pdf")


def test_a_bomb_in_a_font_is_refused_before_pdfium_reads_the_file() -> None:
    # Only a page's content is interpreted by pdfminer; PDFium would read the font program too.
    compressor = zlib.compressobj(9)
    chunk = b"\0" * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(MAX_PDF_STREAM // len(chunk) + 1))
    bomb += compressor.flush()
    font = FONT.replace(
        b">>", b"/FontDescriptor<</Type/FontDescriptor/FontName/Helvetica/FontFile2 6 0 R>>>>"
    )
    data = _pdf(*_page_objects(TEXT)[:4], font, _stream(bomb, b"/Filter/FlateDecode"))
    with pytest.raises(ReadError, match=r"decodes? to more than"):
        text_layer(data, "font-bomb.pdf")


# --- characters drawn twice ------------------------------------------------------------------------------

_CHAR = st.fixed_dictionaries(
    {
        "upright": st.booleans(),
        "text": st.sampled_from("12一"),
        "fontname": st.sampled_from(["A", "B"]),
        "size": st.sampled_from([9.0, 10.5]),
        "doctop": st.floats(0, 6).map(lambda v: round(v, 1)),
        "x0": st.floats(0, 6).map(lambda v: round(v, 1)),
    }
)


@given(
    st.lists(_CHAR, max_size=40).flatmap(
        lambda chars: st.permutations(chars + [dict(c) for c in chars[: len(chars) // 3]])  # exact copies
    )
)
def test_characters_drawn_twice_are_removed_as_pdfplumber_removes_them(chars: list[dict[str, Any]]) -> None:
    from pdfplumber.utils import dedupe_chars

    from disclosure_report._io.read.pdf import unique_chars

    # The same characters kept, in the same order (the same objects: exact copies included).
    assert [id(c) for c in unique_chars(chars)] == [id(c) for c in dedupe_chars(chars)]


_COORDINATE = st.one_of(st.floats(0, 60).map(lambda v: round(v, 1)), st.sampled_from([0.0, 10.0, 20.0]))


@st.composite
def _placed_char(draw: st.DrawFn) -> dict[str, Any]:
    x0, top = draw(_COORDINATE), draw(_COORDINATE)
    x1, bottom = x0 + draw(st.sampled_from([5.0, 10.0])), top + 10.0
    return {
        "text": draw(st.sampled_from("1一 ")),
        "size": 10.0,
        "upright": True,
        "matrix": (1.0, 0.0, 0.0, 1.0, x0, 100.0 - bottom),
        **{"x0": x0, "x1": x1, "top": top, "bottom": bottom},
    }


@given(
    st.lists(_placed_char(), max_size=30),
    st.lists(st.tuples(_COORDINATE, _COORDINATE, _COORDINATE, _COORDINATE), max_size=4),
)
def test_running_text_is_what_no_table_holds(
    chars: list[dict[str, Any]], corners: list[tuple[float, ...]]
) -> None:
    from disclosure_report._io.read.pdf import Chars, lines_of_chars, page_text

    tables = [(min(a, c), min(b, d), max(a, c), max(b, d)) for a, b, c, d in corners]

    def in_a_table(c: dict[str, Any]) -> bool:  # every character tested against every table, as before
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for box in tables)

    ordered = Chars.of(chars)
    expected = [
        line for line in lines_of_chars([c for c in ordered.chars if not in_a_table(c)], 3) if line.text
    ]
    assert page_text(ordered, 3, tables) == expected


@given(st.lists(_placed_char(), max_size=30))
def test_a_cells_text_is_its_lines_texts_joined(chars: list[dict[str, Any]]) -> None:
    from disclosure_report._io.read.pdf import cell_text, lines_of_chars

    assert cell_text(chars) == "".join(line.text for line in lines_of_chars(chars))


@pytest.mark.parametrize(
    "path",
    [*sorted(DATA.glob("*.pdf")), *(path for n in (5, 6, 7) if (path := SHARED / f"r01{n}.pdf").exists())],
    ids=lambda path: path.name,
)
def test_the_pages_characters_are_those_pdfplumber_keeps(path: Path) -> None:
    import pdfplumber

    from disclosure_report._io.read.pdf import unique_chars

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            assert [id(c) for c in unique_chars(page.chars)] == [id(c) for c in page.dedupe_chars().chars]


# --- a row cut by a page break --------------------------------------------------------------------------


def _row(page: int, *cells: tuple[float, str], cut_top: bool = False, cut_bottom: bool = False) -> Row:
    top = 700.0 if page == 1 else 40.0
    boxes = tuple(((x, top, x + 40, top + 40), text) for x, text in cells)
    return Row(page, page, 1, boxes, cut_top=cut_top, cut_bottom=cut_bottom)  # a table part per page


LABEL_START, LABEL_END = "5.要求行政机关确认或重新", "出具已获取信息"


def test_a_label_cut_by_a_bordered_page_break_is_joined() -> None:
    # As LibreOffice prints: a rule on each side of the break; the next page draws the group cells again.
    first = _row(1, (100, LABEL_START), (140, "3"), (180, ""))
    rest = _row(2, (20, ""), (60, ""), (100, LABEL_END), (140, ""), (180, "4"))
    joined = first.continued_by(rest)
    assert joined is not None
    assert [text for _, text in joined.cells] == ["5.要求行政机关确认或重新出具已获取信息", "3", "4"]


def test_rows_are_joined_only_when_they_are_one_row() -> None:
    labelled = _row(1, (100, "4.无正当理由大量反复申请"), (140, "3"), cut_bottom=True)
    next_labelled = _row(2, (100, "5.要求行政机关确认或重新出具已获取信息"), (140, ""), cut_top=True)
    assert labelled.continued_by(next_labelled) is None  # two rows, even with no rule between them
    start = _row(1, (100, LABEL_START), (140, "3"))
    assert start.continued_by(_row(2, (100, LABEL_END), (140, "4"))) is None  # a value on both parts
    assert start.continued_by(_row(2, (100, "第一"), (140, ""))) is None  # no label when joined, no cut
    assert start.continued_by(_row(2, (110, LABEL_END), (150, ""))) is None  # cells do not line up
    assert start.continued_by(_row(1, (100, LABEL_END), (140, ""))) is None  # the same page
    cut = _row(1, (100, "第一"), (140, "3"), cut_bottom=True)
    joined = cut.continued_by(_row(2, (100, "第二"), (140, ""), cut_top=True))
    assert joined is not None  # cut open on both sides, as browsers print
    assert [text for _, text in joined.cells] == ["第一第二", "3"]


@pytest.mark.parametrize("value", ["3", ""])
def test_a_row_continued_after_the_repeated_headings_is_joined(value: str) -> None:
    # With or without a value: a cut row whose cells are all blank still is a row, not a heading.
    headings = ((20, "自然人"), (60, "总计"))
    first_page = [_row(1, *headings), _row(1, (100, "1.本机关不掌握相关政府信息"), (140, "0"))]
    first_page.append(_row(1, (100, LABEL_START), (140, value)))
    second_page = [_row(2, *headings), _row(2, (100, LABEL_END), (140, ""))]
    lines = document_lines([(first_page, []), (second_page, [])], {1: 842.0, 2: 842.0})
    assert [line.cells for line in lines] == [
        ("自然人", "总计"),
        ("1.本机关不掌握相关政府信息", "0"),
        ("5.要求行政机关确认或重新出具已获取信息", value),
        ("自然人", "总计"),  # the repeated headings stay, and are no row of the form
    ]
