"""Reading paged documents (PDFs and page images): by their text layer or by OCR, as the caller asks.

The choice is made here, in the readers' dispatcher, so that the PDF reader (:mod:`.pdf`) never imports
the scan reader (:mod:`.scan`), which is built on it: :func:`.pdf.from_pdf` reads a text layer and raises
:class:`.pdf.NoTextLayer` for a PDF without one, and this module turns that into OCR when asked to.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from ..._form import TemplateVersion
from ...exceptions import Problem, ReadError
from . import scan
from .pdf import NoTextLayer, from_pdf
from .result import ReadResult

__all__ = ["OCR_CHOICES", "OcrChoice", "check_ocr", "from_paged", "read_image", "read_pdf_or_scan"]

OcrChoice = Literal["auto", "never", "always"]
"""When a PDF or a page image is read by OCR: ``auto`` a PDF without a text layer (a scan) and every page
image, ``never`` nothing (a scan is refused, code ``ocr-needed``), ``always`` every page of a PDF too,
whatever its text layer says."""
OCR_CHOICES: Final[tuple[OcrChoice, ...]] = get_args(OcrChoice)


def check_ocr(ocr: object) -> OcrChoice:
    """``ocr`` if it is one of :data:`OCR_CHOICES`.

    Raises:
        ValueError: It is not (a caller's mistake, not the document's).
    """
    for choice in OCR_CHOICES:
        if ocr == choice:
            return choice
    raise ValueError(f"ocr must be one of {', '.join(map(repr, OCR_CHOICES))}, not {ocr!r}")


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
