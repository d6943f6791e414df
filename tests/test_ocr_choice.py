"""``read_report(..., ocr=...)``: the readers' dispatcher decides between a PDF's text layer and OCR.

The PDF reader never reads by OCR itself: a PDF without a text layer raises ``NoTextLayer`` (code
``ocr-needed``), which ``read_report`` turns into OCR with ``ocr="auto"``, passes on with ``"never"``, and
``"always"`` sends every PDF to OCR. The recogniser is replaced here by a recorder (reading a scan for
real is tests/test_scan_reports.py's), so each choice is checked for what it calls, not only for what it
returns.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from disclosure_report import ReadError, ReadResult, from_pdf, read_report
from disclosure_report._io.read import OCR_CHOICES, scan
from disclosure_report._io.read.pdf import NoTextLayer
from disclosure_report.examples import seed_report

from .conftest import DATA

TEXT_PDF = DATA / "seed.libreoffice.pdf"


def _page_image() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (600, 800), 255).save(out, "PNG")
    return out.getvalue()


def _image_only_pdf() -> bytes:
    from .scans import as_pdf

    return as_pdf([_page_image()], 72)


class _Recogniser:
    """Stands in for the OCR reader: records each call, returns the seed report."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, installed: bool = True) -> None:
        self.calls: list[tuple[str, ...]] = []
        monkeypatch.setattr(scan, "ocr_available", lambda: installed)
        monkeypatch.setattr(scan, "from_scan", self._from_scan)
        monkeypatch.setattr(scan, "read_checked", self._read_checked)

    def _from_scan(self, data: bytes, *, source: str | None = None, **_: Any) -> ReadResult:
        self.calls.append(("from_scan", source or ""))
        return ReadResult(seed_report(), (), source or "")

    def _read_checked(self, data: bytes, kind: str, name: str, **_: Any) -> ReadResult:
        self.calls.append(("read_checked", kind, name))
        return ReadResult(seed_report(), (), name)


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def test_the_choices_are_the_documented_three() -> None:
    assert OCR_CHOICES == ("auto", "never", "always")


def test_from_pdf_reads_no_scan_it_raises_a_typed_error() -> None:
    with pytest.raises(NoTextLayer) as raised:
        from_pdf(_image_only_pdf(), source="scan.pdf")
    assert isinstance(raised.value, ReadError)
    assert raised.value.problems[0].code == "ocr-needed"
    assert "scan.pdf" in str(raised.value) and "no text layer" in str(raised.value)


def test_auto_reads_a_scanned_pdf_by_ocr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recogniser = _Recogniser(monkeypatch)
    path = _file(tmp_path, "scan.pdf", _image_only_pdf())
    result = read_report(path)  # "auto" by default
    # Straight to the recogniser: the PDF reader's limits have been applied once, not again.
    assert recogniser.calls == [("read_checked", "pdf", str(path))]
    assert result.report == seed_report()


def test_auto_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recogniser = _Recogniser(monkeypatch, installed=False)
    with pytest.raises(ReadError) as raised:
        read_report(_file(tmp_path, "scan.pdf", _image_only_pdf()), ocr="auto")
    assert raised.value.problems[0].code == "ocr-needed"
    assert "no text layer" in str(raised.value) and "disclosure-report[ocr]" in str(raised.value)
    assert recogniser.calls == []


def test_never_refuses_a_scan_without_the_recogniser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recogniser = _Recogniser(monkeypatch)
    with pytest.raises(NoTextLayer) as raised:
        read_report(_file(tmp_path, "scan.pdf", _image_only_pdf()), ocr="never")
    assert raised.value.problems[0].code == "ocr-needed"
    with pytest.raises(ReadError) as image:
        read_report(_file(tmp_path, "page.png", _page_image()), ocr="never")
    assert image.value.problems[0].code == "ocr-needed"
    assert "page.png" in str(image.value)
    assert recogniser.calls == []


@pytest.mark.parametrize("ocr", ["auto", "never"])
def test_a_text_layer_is_read_as_text_unless_ocr_is_always(monkeypatch: pytest.MonkeyPatch, ocr: Any) -> None:
    recogniser = _Recogniser(monkeypatch)
    result = read_report(TEXT_PDF, ocr=ocr)
    assert recogniser.calls == []
    assert result.report == read_report(TEXT_PDF).report
    assert not any(finding.code == "read-ocr" for finding in result.findings)


def test_always_recognises_a_pdf_with_a_text_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    recogniser = _Recogniser(monkeypatch)
    read_report(TEXT_PDF, ocr="always")
    assert recogniser.calls == [("from_scan", str(TEXT_PDF))]


@pytest.mark.parametrize("ocr", ["auto", "always"])
def test_a_page_image_is_recognised_unless_ocr_is_never(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ocr: Any
) -> None:
    recogniser = _Recogniser(monkeypatch)
    path = _file(tmp_path, "page.png", _page_image())
    read_report(path, ocr=ocr)
    assert recogniser.calls == [("from_scan", str(path))]


def test_other_formats_ignore_the_choice(tmp_path: Path) -> None:
    from disclosure_report.examples import seed_text

    path = _file(tmp_path, "report.txt", seed_text().encode())
    assert read_report(path, ocr="always").report == read_report(path, ocr="never").report


@pytest.mark.parametrize("wrong", ["yes", "", None, True, "AUTO"])
def test_an_unknown_choice_is_the_caller_s_error_before_any_reading(wrong: Any) -> None:
    with pytest.raises(ValueError, match="ocr must be one of 'auto', 'never', 'always'"):
        read_report("no-such-file.pdf", ocr=wrong)


def test_an_isolated_read_keeps_the_choice(tmp_path: Path) -> None:
    # In a worker of its own the choice still holds: "never" refuses the scan there too.
    with pytest.raises(ReadError) as raised:
        read_report(_file(tmp_path, "scan.pdf", _image_only_pdf()), ocr="never", isolated=True)
    assert raised.value.problems[0].code == "ocr-needed"
    # The text layer's refusal, not a missing extra's (which "auto" would also give without the ocr extra).
    assert "read it with from_scan" in str(raised.value)
