"""PDF: reports exported by a real office suite read back equal; scans and non-PDFs get a clear error."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from disclosure_report import AnnualReport, ReadError, read_pdf, read_report, write_docx

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed; CI installs it",
)


def _pdf_from_docx(report: AnnualReport, folder: Path) -> Path:
    assert SOFFICE is not None, "CI must install LibreOffice"
    source = folder / "report.docx"
    write_docx(report, source)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / "report.pdf"


@needs_office
def test_the_seed_exported_by_libreoffice_reads_back_equal(seed: AnnualReport, tmp_path: Path) -> None:
    path = _pdf_from_docx(seed, tmp_path)
    result = read_report(path)
    assert result.findings == ()
    assert result.report.tables() == seed.tables()
    assert result.report.overview == seed.overview
    assert result.report.problems == seed.problems
    assert result.report.metadata.agency == seed.metadata.agency
    # The tables run over two pages; every cell keeps its page.
    assert any(source.startswith("page 2") for source in result.sources.values())


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
