"""PDF: reports exported by a real office suite and printed by a real browser read back equal.

Generated reports go to PDF the two ways agencies make them (a Word document exported by LibreOffice, a
web page printed by Chromium), in several layouts and page sizes, so that tables split across pages and
labels wrap over several lines; the samples go the same way. Scans, damaged and hostile files get a clear
error in bounded time.
"""

from __future__ import annotations

import io
import os
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
from disclosure_report._io.read.pdf import MAX_PDF_BYTES, MAX_PDF_PAGES, MAX_PDF_STREAM, _document_lines, _Row
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


def _assert_read_back(pdf: bytes, report: AnnualReport) -> None:
    result = from_pdf(pdf)
    assert result.findings == ()
    assert result.report == _as_published(report)


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
    _assert_read_back(_docx_to_pdf(report, folder, repeat_headings=repeat_headings, **options), report)


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


def _page(content: bytes, resources: bytes = b"<</Font<</F1 5 0 R>>>>") -> bytes:
    return _pdf(
        CATALOGUE,
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Resources %s/Contents 4 0 R>>" % resources,
        _stream(content),
        FONT,
    )


def test_not_a_pdf_and_a_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ReadError, match="not a PDF"):
        from_pdf(b"<html>", source="x.pdf")
    # A PDF without a text layer is read by OCR (tests/test_scan.py); without the ocr extra it is refused,
    # naming the extra.
    from disclosure_report._io.read import scan

    monkeypatch.setattr(scan, "ocr_available", lambda: False)
    with pytest.raises(ReadError, match=r"no text layer.*disclosure-report\[ocr\]"):
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


def test_a_page_with_too_many_objects_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("disclosure_report._io.read.pdf_limits.MAX_PAGE_OBJECTS", 100)
    content = b"".join(b"%d 10 1 1 re f\n" % x for x in range(101))
    with pytest.raises(ReadError, match="page 1 has more than 100 characters and shapes"):
        from_pdf(_page(content), source="busy.pdf")


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

    from disclosure_report._io.read.pdf import _unique_chars

    # The same characters kept, in the same order (the same objects: exact copies included).
    assert [id(c) for c in _unique_chars(chars)] == [id(c) for c in dedupe_chars(chars)]


@pytest.mark.parametrize(
    "path",
    [*sorted(DATA.glob("*.pdf")), *(path for n in (5, 6, 7) if (path := SHARED / f"r01{n}.pdf").exists())],
    ids=lambda path: path.name,
)
def test_the_pages_characters_are_those_pdfplumber_keeps(path: Path) -> None:
    import pdfplumber

    from disclosure_report._io.read.pdf import _unique_chars

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            assert [id(c) for c in _unique_chars(page.chars)] == [id(c) for c in page.dedupe_chars().chars]


# --- a row cut by a page break --------------------------------------------------------------------------


def _row(page: int, *cells: tuple[float, str], cut_top: bool = False, cut_bottom: bool = False) -> _Row:
    top = 700.0 if page == 1 else 40.0
    boxes = tuple(((x, top, x + 40, top + 40), text) for x, text in cells)
    return _Row(page, page, 1, boxes, cut_top=cut_top, cut_bottom=cut_bottom)  # a table part per page


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
    lines = _document_lines([(first_page, []), (second_page, [])], {1: 842.0, 2: 842.0})
    assert [line.cells for line in lines] == [
        ("自然人", "总计"),
        ("1.本机关不掌握相关政府信息", "0"),
        ("5.要求行政机关确认或重新出具已获取信息", value),
        ("自然人", "总计"),  # the repeated headings stay, and are no row of the form
    ]
