"""Reading scanned reports by OCR: PDFs without a text layer, and PNG, JPEG and TIFF page images.

Each page is rendered (PDF pages at :data:`SCAN_DPI` with PDFium) and read by :mod:`.ocr`: the tables from
their ruling lines in the image, each cell recognised alone, the running text line by line. The pages
then go through the PDF reader's assembly, so labels are matched and values aligned as for every other
document, and a value can only land in its own cell. A number is taken only when every digit is sure;
an uncertain cell, one under a seal that hides print, or one a stroke across its ruling line marks (a
handwritten correction), is left blank with a finding (``read-ocr-uncertain``, ``read-ocr-seal``,
``read-ocr-marked``) at its place on the page, and the report carries
``read-ocr``, so nobody takes its figures for a text layer's.

Bounded like every reader: the file's size, its pages, each page's pixels, each page's cells and time;
in a worker process (``isolated``, the CLI's batches) a scan asks for more time page by page and once
for the memory the recogniser needs, within those bounds.

Needs the ``ocr`` extra (``pip install 'disclosure-report[ocr]'``): the recogniser, and pdfplumber and
PDFium, whose cell functions build a scan's tables and which render a scanned PDF.
"""

from __future__ import annotations

import importlib.util
import io
import math
import numbers
import os
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ..._form import TemplateVersion
from ..._model import SourcePosition
from ..._validation.findings import Finding, Location
from ...exceptions import Problem, ReadError
from ..budget import EXTENSION_MEMORY, extend
from ..files import read_file
from ..formats import IMAGE_SIGNATURES, PDF_MARK
from .assemble import ReadResult, assemble, check_content
from .geometry import Page, document_lines
from .pdf import text_layer
from .pdf_layers import PDFIUM
from .pdf_limits import LimitReached

if TYPE_CHECKING:
    from .ocr import CellReading, Image

__all__ = [
    "MAX_PAGE_PIXELS",
    "MAX_SCAN_BYTES",
    "MAX_SCAN_PAGES",
    "SCAN_DPI",
    "from_scan",
    "image_pages",
    "ocr_available",
    "page_resolution",
    "read_scan",
]

MAX_SCAN_BYTES: Final = 50 * 1024 * 1024
"""The largest scan read (a PDF or an image file)."""
MAX_SCAN_PAGES: Final = 30
"""The most pages read by OCR (a report has three to eight; each takes seconds)."""
MAX_PAGE_PIXELS: Final = 40_000_000
"""Pixels of one page image (A4 at 600 dpi has 35 million); more is refused before it is decoded."""
MIN_PAGE_SIDE: Final = 400
"""Pixels on the shorter side of the smallest page image read (fewer cannot hold a table's text)."""
MAX_ASPECT: Final = 3.0
"""A page's longer side at most this many times its shorter: paper is at most about 1:3 (A4 is 1:1.41)."""
SCAN_DPI: Final = 300
"""The resolution PDF pages are rendered at (150 reads clean pages too, but loses more under a seal), and
the most a page image is read at: one of more dots per inch is scaled down first."""
MAX_READ_PIXELS: Final = 12_000_000
"""Pixels a page is read at, at most (A4 at 300 dpi has 8.7 million): a larger sheet is scaled down to
them, so that the recogniser's memory and time are bounded whatever the image's size."""
OCR_MEMORY: Final = EXTENSION_MEMORY
"""Bytes of address space a worker adds for the recogniser (its models and arenas take about 1.5 GB)."""
_PAGE_SECONDS: Final = 330.0
"""Seconds a worker asks for before each page: the page's own limit, and rendering it."""

_EXTRA: Final = "pip install 'disclosure-report[ocr]'"
_OCR_PYTHONS: Final = ((3, 11), (3, 12))
"""The Pythons the ``ocr`` extra installs on (its recogniser, rapidocr-onnxruntime 1.4, has no later one)."""
_SIGNATURES: Final = {PDF_MARK: "pdf", **IMAGE_SIGNATURES}  # the format registry's marks


_NEEDED: Final = ("rapidocr_onnxruntime", "cv2", "numpy", "PIL", "pdfplumber", "pypdfium2")
"""What the ``ocr`` extra installs and a scan needs: the recogniser, OpenCV, numpy, Pillow (images),
pdfplumber (the cells are built by its table functions) and PDFium (a scanned PDF's pages)."""


def ocr_available() -> bool:
    """Whether the ``ocr`` extra is installed (its recogniser, OpenCV, numpy, Pillow, pdfplumber, PDFium)."""
    return all(importlib.util.find_spec(name) is not None for name in _NEEDED)


def install_hint(version: tuple[int, int] | None = None) -> str:
    """What to do to read scans: install the ``ocr`` extra, or, on a Python it cannot install on, say so.

    >>> install_hint((3, 12))
    "pip install 'disclosure-report[ocr]'"
    >>> install_hint((3, 13)).split(" (")[0]
    'reading scans needs Python 3.11 or 3.12'
    """
    version = version or (sys.version_info[0], sys.version_info[1])
    if version in _OCR_PYTHONS:
        return _EXTRA
    pythons = " or ".join(f"{major}.{minor}" for major, minor in _OCR_PYTHONS)
    this = f"{version[0]}.{version[1]}"
    return (
        f"reading scans needs Python {pythons} (the ocr extra's recogniser has no release for {this}), "
        f"then {_EXTRA}"
    )


def missing_extra(name: str, what: str) -> ReadError:
    """The error for a scan read without the ``ocr`` extra, naming the extra (and the Pythons it needs)."""
    message = f"{what}: its text cannot be read without OCR: {install_hint()}"
    return ReadError(name, [Problem("file", message, "ocr-needed")])


def kind_of(data: bytes) -> str | None:
    """``pdf``, ``png``, ``jpeg`` or ``tiff`` from the first bytes, or ``None``."""
    head = data[:16]
    stripped = data[:1024].lstrip()  # a PDF may follow white space
    return next(
        (
            kind
            for mark, kind in _SIGNATURES.items()
            if (stripped if kind == "pdf" else head).startswith(mark)
        ),
        None,
    )


def from_scan(
    data: bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    threshold: float | None = None,
) -> ReadResult:
    """Read a report from a scan by OCR: a PDF of page images, or a PNG, JPEG or (multi-page) TIFF image.

    Every page of a PDF is recognised, whether or not it has a text layer (:func:`from_pdf` reads the
    text layer; :func:`read_report` comes here for a PDF without one, or for any with ``ocr="always"``).

    Args:
        data: The file's bytes.
        source: The input's name, for messages (``<scan>`` by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.
        threshold: The least confidence of every character of a number for it to be taken (0 to 1; 0.8
            by default, the lowest at which no value was wrong in the accuracy tests). A light print's
            numbers (a thin typeface, a pale toner) are held to halfway between it and 1.

    Returns:
        The report, with the reading findings (``read-ocr`` always; ``read-ocr-uncertain``,
        ``read-ocr-seal`` and ``read-ocr-marked`` for each cell left blank) and every cell's page,
        table, row and cell.

    Raises:
        ReadError: The data is not a PDF or image, is too large, has too many pages or pixels, the ``ocr``
            extra is not installed (code ``ocr-needed``), or it holds no report.

    .. versionadded:: 0.1.0
    """
    check_content(data, "from_scan", "read_scan")
    name = source or "<scan>"
    if len(data) > MAX_SCAN_BYTES:
        problem = Problem(
            "file", f"{len(data)} bytes is more than the limit of {MAX_SCAN_BYTES}", "file-too-large"
        )
        raise ReadError(name, [problem])
    kind = kind_of(data)
    if kind is None:
        message = f"not a PDF, PNG, JPEG or TIFF file (it starts {data[:8]!r})"
        raise ReadError(name, [Problem("file", message, "format-mismatch")])
    if not ocr_available():
        raise missing_extra(name, "a scanned document")
    if kind == "pdf":
        text_layer(data, name)  # every limit of the PDF reader, before PDFium renders anything
    return read_checked(data, kind, name, agency=agency, year=year, version=version, threshold=threshold)


def read_checked(
    data: bytes,
    kind: str,
    name: str,
    *,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    threshold: float | None = None,
) -> ReadResult:
    """:func:`from_scan` after its checks (the PDF reader's, for a PDF that has no text layer)."""
    try:
        from . import ocr_engine

        ocr_engine.recognizer()  # the models load (or say why not) before the page geometry's import
        from . import ocr
    except (ImportError, OSError) as error:  # OpenCV without libGL, a damaged install
        message = (
            f"the ocr extra is installed but cannot load ({type(error).__name__}: {error}); OpenCV needs "
            "libGL (Debian: apt-get install libgl1 libglib2.0-0)"
        )
        raise ReadError(name, [Problem("file", message, "dependency-missing")]) from None

    least = ocr.THRESHOLD if threshold is None else threshold
    if not 0.0 <= least <= 1.0:
        raise ValueError(f"threshold must be between 0 and 1, not {least}")
    pages: list[Page] = []
    heights: dict[int, float] = {}
    cells: dict[tuple[int, int, int, int], CellReading] = {}
    resolutions: set[int] = set()
    try:
        tables = 0
        for number, (image, dpi) in enumerate(_page_images(data, kind), start=1):
            extend(_PAGE_SECONDS, OCR_MEMORY if number == 1 else 0)
            read = ocr.read_page(image, dpi, number, tables + 1, threshold=least)
            del image
            tables += len(read.tables)
            pages.append(read.page)
            heights[number] = read.height
            resolutions.add(round(dpi))
            cells.update({(number, *place): cell for place, cell in read.cells.items()})
    except LimitReached as reached:
        raise ReadError(name, [Problem("file", str(reached), "document-limit")]) from None
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(
            name, [Problem("file", "the page images need more memory than there is", "document-limit")]
        ) from None
    except ImportError as error:  # a part of the extra missing: the install's fault, not the document's
        message = f"a package the ocr extra installs cannot be imported ({error}): {install_hint()}"
        raise ReadError(name, [Problem("file", message, "dependency-missing")]) from None
    except Exception as error:  # PDFium and Pillow raise many kinds for damaged files
        message = f"not a readable {kind.upper()}: {type(error).__name__}: {error}"
        raise ReadError(name, [Problem("file", message, "document-damaged")]) from None
    if not pages:
        raise ReadError(name, [Problem("file", "the document has no pages", "document-damaged")])
    result = assemble(document_lines(pages, heights), source=name, agency=agency, year=year, version=version)
    engine = ocr_engine.recognizer().name
    dpi_text = "/".join(str(d) for d in sorted(resolutions))
    summary = Finding.of(
        "read-ocr", Location(), pages=len(pages), engine=f"{engine}, {dpi_text} dpi", threshold=least
    )
    return attrs.evolve(result, findings=(summary, *result.findings, *_withheld(result, cells, least)))


def _withheld(
    result: ReadResult, cells: dict[tuple[int, int, int, int], CellReading], threshold: float
) -> Iterator[Finding]:
    """A finding for each cell with ink that was given blank, at its cell of the report when it has one."""
    by_place = {
        (where.page, where.table, where.row, where.cell): ref
        for ref, where in result.report.positions.items()
    }
    for (page, table, row, cell), reading in sorted(cells.items()):
        reason = reading.withheld
        if reason is None:
            continue
        where = SourcePosition(page=page, table=table, row=row, cell=cell)
        ref = by_place.get((page, table, row, cell))
        if ref is None:
            location = Location(source=where)
            place = str(where)
        else:
            kind, row_key, column_key = ref
            location = Location(
                section=kind.section, table=kind, row=row_key, column=column_key, source=where
            )
            place = f"“{row_key.label}”/“{column_key.label}”"
        shown = reading.digits if reading.digits else reading.text
        if reason == "seal":
            yield Finding.of("read-ocr-seal", location, actual=shown, place=place)
        elif reason == "marked":
            yield Finding.of("read-ocr-marked", location, actual=shown, place=place)
        else:
            confidence = reading.digits_confidence if reading.digits is not None else reading.confidence
            yield Finding.of(
                "read-ocr-uncertain",
                location,
                actual=shown,
                place=place,
                confidence=f"{confidence:.2f}",
                threshold=threshold,
            )


def _page_images(data: bytes, kind: str) -> Iterator[tuple[Image, float]]:
    """The document's pages as RGB images with their resolutions, one at a time."""
    if kind == "pdf":
        yield from _pdf_pages(data)
    else:
        yield from image_pages(data)


def _pdf_pages(data: bytes) -> Iterator[tuple[Image, float]]:
    import numpy as np
    import pypdfium2

    # PDFium is called under its lock (one thread at a time, whatever the document), never across a yield.
    with PDFIUM:
        document = pypdfium2.PdfDocument(data)
        try:
            count = len(document)
            sizes = [document[index].get_size() for index in range(min(count, MAX_SCAN_PAGES + 1))]
        except BaseException:
            document.close()
            raise
    try:
        if count > MAX_SCAN_PAGES:
            raise LimitReached(f"the scan has {count} pages, more than {MAX_SCAN_PAGES}")
        # Every page's size before any is rendered, so that a page beyond the limits is refused before
        # the others cost their recognition.
        for index, (width, height) in enumerate(sizes):
            _check_size(index + 1, width * SCAN_DPI / 72, height * SCAN_DPI / 72)
        for index, (width, height) in enumerate(sizes):
            dpi = reading_dpi(width * SCAN_DPI / 72, height * SCAN_DPI / 72, SCAN_DPI)
            with PDFIUM:
                page = document[index]
                bitmap = page.render(scale=dpi / 72)
                image = np.asarray(bitmap.to_pil().convert("RGB"))
                bitmap.close()
                page.close()
            yield image, dpi
    finally:
        with PDFIUM:
            document.close()


def _check_size(number: int, width: float, height: float) -> None:
    """Refuse a page of more pixels than the limit, too few to hold a table's text, or not paper's shape."""
    if width * height > MAX_PAGE_PIXELS:
        message = f"page {number} is {width:.0f} × {height:.0f} pixels, more than {MAX_PAGE_PIXELS}"
        raise LimitReached(message)
    if min(width, height) < MIN_PAGE_SIDE:
        raise LimitReached(
            f"page {number} is {width:.0f} × {height:.0f} pixels: too small to read ({MIN_PAGE_SIDE} or more "
            "on each side; an A4 page at 72 dpi is 595 × 842)"
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise LimitReached(
            f"page {number} is {width:.0f} × {height:.0f} pixels: longer than a sheet of paper (at most "
            f"1:{MAX_ASPECT:g}; A4 is 1:1.41)"
        )


def reading_dpi(width: float, height: float, dpi: float) -> float:
    """The resolution a page of ``width`` × ``height`` pixels at ``dpi`` is read at.

    At most :data:`SCAN_DPI`, and low enough for the page to have at most :data:`MAX_READ_PIXELS`.
    """
    fits = dpi * math.sqrt(MAX_READ_PIXELS / max(width * height, 1.0))
    return min(dpi, float(SCAN_DPI), fits)


def image_pages(data: bytes) -> Iterator[tuple[Image, float]]:
    """The pages of an image file (PNG, JPEG, TIFF): each an RGB array at the reading dpi, and that dpi."""
    import numpy as np
    from PIL import Image as Pillow
    from PIL import ImageOps

    with warnings.catch_warnings():
        # Pillow's own guard against decompression bombs warns first: here that is the limit reached.
        warnings.simplefilter("error", Pillow.DecompressionBombWarning)
        try:
            picture: Any = Pillow.open(io.BytesIO(data))
        except (Pillow.DecompressionBombWarning, Pillow.DecompressionBombError) as error:
            raise LimitReached(f"the image is too large: {error}") from None
    with picture:
        # Only a TIFF has pages; a JPEG's other frames are previews. A TIFF's pages are counted by walking
        # to the next one at most MAX_SCAN_PAGES times (Pillow's n_frames walks them all, in time
        # quadratic in them), every page's size checked, before any is read.
        sizes = [picture.size]
        while picture.format == "TIFF":
            try:
                picture.seek(len(sizes))
            except EOFError:
                break
            sizes.append(picture.size)
            if len(sizes) > MAX_SCAN_PAGES:
                raise LimitReached(f"the image has more than {MAX_SCAN_PAGES} pages")
        for number, (width, height) in enumerate(sizes, start=1):
            _check_size(number, width, height)
        for frame, (width, height) in enumerate(sizes):
            picture.seek(frame)
            stated = page_resolution(width, height, picture.info.get("dpi", (None,))[0])
            dpi = reading_dpi(width, height, stated)
            size = (max(1, round(width * dpi / stated)), max(1, round(height * dpi / stated)))
            if picture.format == "JPEG" and dpi < stated:
                picture.draft("RGB", size)  # decoded at a half, a quarter or an eighth of its size
            # Turned as the camera says; transparency is paper (white), not black.
            upright = ImageOps.exif_transpose(picture)
            if upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info:
                rgba = upright.convert("RGBA")
                paper = Pillow.new("RGBA", rgba.size, (255, 255, 255, 255))
                upright = Pillow.alpha_composite(paper, rgba)
            rgb = upright.convert("RGB")
            if dpi < stated:  # to the reading resolution, whatever the draft and the EXIF turn made of it
                factor = min(size) / min(rgb.size)
                rgb = rgb.resize(
                    (max(1, round(rgb.width * factor)), max(1, round(rgb.height * factor))),
                    Pillow.Resampling.BOX,
                )
            yield np.asarray(rgb), dpi


def page_resolution(width: int, height: int, stated: object) -> float:
    """The image's dots per inch: as stated when that makes a page of paper's size, else from A4's width.

    Many cameras and scanners write 72 whatever the resolution: a stated value is taken only when the
    page it gives is 4 to 13 inches on its shorter side.
    """
    dpi = float(stated) if isinstance(stated, numbers.Real) else 0.0
    if dpi > 0 and 4 <= min(width, height) / dpi <= 13:
        return dpi
    return min(width, height) / 8.27


def read_scan(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    threshold: float | None = None,
) -> ReadResult:
    """Read a report from a scanned PDF or a PNG, JPEG or TIFF file by OCR.

    The options are those of :func:`from_scan`; ``source`` defaults to the path.

    .. versionadded:: 0.1.0
    """
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_SCAN_BYTES)
    return from_scan(data, source=name, agency=agency, year=year, version=version, threshold=threshold)
