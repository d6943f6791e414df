"""Reading paged documents (PDFs and page images): by their text layer or by OCR, as the caller asks.

The choice is made here, in the readers' dispatcher, so that the PDF reader (:mod:`.pdf`) never imports
the scan reader (:mod:`.scan`), which is built on it: :func:`.pdf.from_pdf` reads a text layer and raises
:class:`.pdf.NoTextLayer` for a PDF without one, and this module turns that into OCR when asked to. The
registry's ``pdf`` and ``image`` rows (:mod:`..formats`) read through :func:`read_pdf_or_scan` and
:func:`read_image`, which :func:`read_report` gives its ``ocr`` option.
"""

from __future__ import annotations

from typing import Literal

from ..._form import TemplateVersion
from ...exceptions import Problem, ReadError
from . import OcrChoice, scan
from .pdf import NoTextLayer, from_pdf
from .result import ReadResult

__all__ = ["from_paged", "read_image", "read_pdf_or_scan"]


def from_paged(
    data: bytes,
    kind: Literal["pdf", "image"],
    *,
    ocr: OcrChoice = "auto",
    source: str,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a PDF (``kind="pdf"``) or a page image (``"image"``) by its text layer or by OCR, as ``ocr`` says.

    Raises:
        ReadError: As :func:`.pdf.from_pdf` and :func:`.scan.from_scan` raise; code ``ocr-needed`` for a
            scan read with ``ocr="never"``, or without the ``ocr`` extra.
    """
    if kind == "image" or ocr == "always":
        if ocr == "never":
            message = "a page image: its text cannot be read without OCR, and ocr='never' was asked"
            raise ReadError(source, [Problem("file", message, "ocr-needed")])
        return scan.from_scan(data, source=source, agency=agency, year=year, version=version)
    try:
        return from_pdf(data, source=source, agency=agency, year=year, version=version)
    except NoTextLayer:
        if ocr == "never":
            raise
    # A scan: the PDF reader has parsed it within its limits already, so the OCR reader starts at once.
    if not scan.ocr_available():
        raise scan.missing_extra(source, "the PDF has no text layer (a scan?)") from None
    return scan.read_checked(data, "pdf", source, agency=agency, year=year, version=version)


def read_pdf_or_scan(
    data: bytes,
    *,
    source: str,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    ocr: OcrChoice = "auto",
) -> ReadResult:
    """The ``pdf`` format's reader (:mod:`..formats`): its text layer, or OCR as ``ocr`` says."""
    return from_paged(data, "pdf", ocr=ocr, source=source, agency=agency, year=year, version=version)


def read_image(
    data: bytes,
    *,
    source: str,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    ocr: OcrChoice = "auto",
) -> ReadResult:
    """The ``image`` format's reader (:mod:`..formats`): a page image, by OCR unless ``ocr="never"``."""
    return from_paged(data, "image", ocr=ocr, source=source, agency=agency, year=year, version=version)
