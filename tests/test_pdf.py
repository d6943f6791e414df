"""PDF: reports exported by a real office suite and printed by a real browser read back equal.

Generated reports go to PDF the two ways agencies make them (a Word document exported by LibreOffice, a
web page printed by Chromium), in several layouts and page sizes, so that tables split across pages and
labels wrap over several lines; the samples go the same way. Scans, damaged and hostile files get a clear
error in bounded time.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    DisclosureRow,
    ReadError,
    from_json,
    read_pdf,
    read_report,
    render_html,
    write_docx,
)
from disclosure_report.strategies import reports, texts

from .applications import needs_browser, needs_office, office_convert, print_to_pdf
from .conftest import DATA
from .test_render import _as_published

# Section text as published: paragraphs of words (no spaces, which a PDF does not keep apart from layout).
WORDS = "政府信息公开工作主动依法规范管理平台建设监督保障问题改进情况其他事项，、：“”（）"
PARAGRAPHS = st.lists(texts(alphabet=WORDS, min_size=1, max_size=160), min_size=1, max_size=3).map("\n".join)
REPORTS = reports(consistent=False, blanks=True, text=PARAGRAPHS)
# Each example drives a real application for a second or more: few examples, and no shrinking (which
# would take minutes; a failing example is printed whole).
FEW = settings(
    max_examples=6,
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


def _docx_to_pdf(report: AnnualReport, folder: Path, **options: object) -> bytes:
    source = folder / "report.docx"
    write_docx(report, source, **options)
    return office_convert(source, "pdf", folder).read_bytes()


def _html_to_pdf(page: str, folder: Path, css: str = "") -> bytes:
    source = folder / "report.html"
    source.write_text(page.replace("</style>", f"{css}\n</style>", 1), encoding="utf-8")
    return print_to_pdf(source, folder / "report.pdf").read_bytes()


def _assert_read_back(pdf: bytes, report: AnnualReport) -> None:
    result = read_pdf(pdf)
    assert result.findings == ()
    assert result.report == _as_published(report)


@needs_office
@FEW
@given(REPORTS, st.booleans(), st.sampled_from(["full", "ascii"]), st.sampled_from(SCRIPTS))
def test_reports_exported_by_libreoffice_read_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    report: AnnualReport,
    merged: bool,
    punctuation: str,
    script: str,
) -> None:
    options = {"merged": merged, "punctuation": punctuation, "script": script}
    _assert_read_back(_docx_to_pdf(report, tmp_path_factory.mktemp("office"), **options), report)


@needs_browser
@FEW
@given(REPORTS, st.booleans(), st.sampled_from(["full", "ascii"]), st.sampled_from(sorted(PAGES)))
def test_reports_printed_by_chromium_read_back_equal(
    tmp_path_factory: pytest.TempPathFactory, report: AnnualReport, merged: bool, punctuation: str, page: str
) -> None:
    folder = tmp_path_factory.mktemp("browser")
    html = render_html(report, merged=merged, punctuation=punctuation)  # type: ignore[arg-type]
    _assert_read_back(_html_to_pdf(html, folder, PAGES[page]), report)


# --- the samples ----------------------------------------------------------------------------------------


@needs_office
def test_the_seed_exported_by_libreoffice_reads_back_equal(seed: AnnualReport, tmp_path: Path) -> None:
    source = tmp_path / "seed.docx"
    write_docx(seed, source)
    result = read_report(office_convert(source, "pdf", tmp_path))
    assert result.findings == ()
    assert attrs.evolve(result.report, metadata=attrs.evolve(result.report.metadata, source=None)) == seed
    # The tables run over two pages; every cell keeps its page.
    assert {source.split(",")[0] for source in result.sources.values()} == {"page 1", "page 2"}


@needs_browser
def test_the_seed_printed_by_chromium_reads_back_equal(seed: AnnualReport, tmp_path: Path) -> None:
    result = read_pdf(_html_to_pdf(render_html(seed), tmp_path))
    assert result.findings == ()
    assert result.report == seed


@needs_browser
def test_the_published_page_printed_by_chromium_reads_as_its_html(tmp_path: Path) -> None:
    # The agency's own web page, navigation and layout tables included, printed as a reviewer would.
    source = tmp_path / "r002.html"
    source.write_bytes((DATA / "r002.html").read_bytes())
    result = read_pdf(print_to_pdf(source, tmp_path / "r002.pdf"), source="r002.html")
    assert result.report == from_json((DATA / "r002.expected.json").read_text(encoding="utf-8"))
    found = [(f.code, f.location.row) for f in result.findings]
    assert found == [("read-label-variant", DisclosureRow.NORMATIVE_DOCUMENTS)]
    assert result.findings[0].location.source is not None
    assert result.findings[0].location.source.startswith("page ")


# --- what is not a readable report ----------------------------------------------------------------------


def test_not_a_pdf_and_a_scan() -> None:
    with pytest.raises(ReadError, match="not a PDF"):
        read_pdf(b"<html>", source="x.pdf")
    blank_page = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    with pytest.raises(ReadError, match="no text layer"):
        read_pdf(blank_page, source="scan.pdf")
    with pytest.raises(ReadError, match=r"not a readable PDF|no text layer"):
        read_pdf(b"%PDF-1.7\n" + b"\x00" * 100, source="broken.pdf")
