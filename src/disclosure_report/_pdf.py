"""Reading reports from PDF files with a text layer (exported from Word, WPS, or printed from a browser).

pdfplumber finds each table by its ruling lines; a row's cells come in order, the parts of a merged cell
as ``None`` (skipped, as HTML leaves out what a ``rowspan`` covers), so the rows go through the same
alignment as every other reader and a value is never shifted. Text outside the tables is read line by line
in reading order; a line that runs to the right margin continues on the next (Chinese wraps without
spaces). Page numbers such as ``— 5 —`` are left out. A PDF without a text layer (a scan) is refused: it
cannot be read without OCR.

pdfplumber is imported only when a PDF is read (the ``pdf`` extra).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any, Final

from ._form import TemplateVersion
from ._reading import Line, ReadResult, assemble, input_bytes, table_row
from .exceptions import Problem, ReadError

__all__ = ["MAX_PDF_BYTES", "MAX_PDF_PAGES", "read_pdf"]

MAX_PDF_BYTES: Final = 50 * 1024 * 1024
"""The largest PDF read."""
MAX_PDF_PAGES: Final = 200
"""The most pages read (an annual report has a handful)."""
_PAGE_NUMBER: Final = re.compile(r"^[\s\-—–－·第页/]*\d+[\s\-—–－·页/共]*\d*[\s\-—–－·页]*$")


# Fonts embedded by browsers often map ideographs to the look-alike Kangxi radicals (⼀ U+2F00 for 一):
# the compatibility mapping gives the ideograph back. Nothing else is normalised.
_RADICALS: Final = {
    code: unicodedata.normalize("NFKC", chr(code))
    for code in (*range(0x2E80, 0x2F00), *range(0x2F00, 0x2FE0))
    if unicodedata.normalize("NFKC", chr(code)) != chr(code)
}


def _text(text: str) -> str:
    return text.translate(_RADICALS)


def _inside(box: tuple[float, float, float, float], line: dict[str, Any]) -> bool:
    x0, top, x1, bottom = box
    middle = (line["top"] + line["bottom"]) / 2
    inside: bool = top - 1 <= middle <= bottom + 1 and line["x0"] >= x0 - 2 and line["x1"] <= x1 + 2
    return inside


def _page_lines(page: Any, number: int, tables_seen: list[int]) -> list[tuple[float, Line]]:
    items: list[tuple[float, Line]] = []
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    for table in tables:
        tables_seen[0] += 1
        for row_number, row in enumerate(table.extract(), start=1):
            cells = [_text(cell).replace("\n", "") for cell in row if cell is not None]
            if cells:
                line = table_row(cells, tables_seen[0], row_number)
                items.append((table.bbox[1] + row_number * 0.001, _on_page(line, number)))
    text_lines = [line for line in page.extract_text_lines() if not any(_inside(box, line) for box in boxes)]
    right = max((line["x1"] for line in text_lines), default=0.0)
    paragraph: list[str] = []
    top = 0.0
    for line in text_lines:
        text = _text(line["text"]).strip()
        if not text or _PAGE_NUMBER.match(text):
            continue
        if not paragraph:
            top = line["top"]
        paragraph.append(text)
        size = (line["x1"] - line["x0"]) / max(len(text), 1)
        # A line that reaches the right margin wraps into the next one.
        if line["x1"] < right - 1.5 * size:
            items.append((top, Line(("".join(paragraph),), f"page {number}")))
            paragraph = []
    if paragraph:
        items.append((top, Line(("".join(paragraph),), f"page {number}")))
    items.sort(key=lambda item: item[0])
    return items


def _on_page(line: Line, page: int) -> Line:
    """The line with the page number in its positions."""
    sources = tuple(f"page {page}, {source}" for source in line.cell_sources or ())
    return Line(line.cells, f"page {page}, {line.source}", in_table=True, exact=True, cell_sources=sources)


def read_pdf(
    data: bytes | str | Path,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from a PDF file with a text layer.

    Args:
        data: The PDF's bytes, or its path.
        source: The input's name, for messages (the path by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.

    Raises:
        ReadError: The file is not a readable PDF, is too large, has no text layer (a scan: OCR would be
            needed), or holds no report.
    """
    import io

    name, raw = input_bytes(data, source=source, kind="pdf", limit=MAX_PDF_BYTES)
    if not raw.lstrip()[:5] == b"%PDF-":
        raise ReadError(name, [Problem("file", f"not a PDF file (it starts {raw[:8]!r})")])
    try:
        import pdfplumber
    except ModuleNotFoundError:  # pragma: no cover - the pdf extra is part of the test install
        raise ReadError(
            name, [Problem("file", "reading PDF needs pdfplumber: pip install 'disclosure-report[pdf]'")]
        ) from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged fonts are reported per glyph otherwise
    lines: list[Line] = []
    characters = 0
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            if len(pdf.pages) > MAX_PDF_PAGES:
                raise ReadError(
                    name, [Problem("file", f"{len(pdf.pages)} pages is more than {MAX_PDF_PAGES}")]
                )
            tables_seen = [0]
            for number, page in enumerate(pdf.pages, start=1):
                characters += len(page.chars)
                lines.extend(line for _, line in _page_lines(page, number, tables_seen))
    except ReadError:
        raise
    except RecursionError:
        raise ReadError(name, [Problem("file", "the PDF's objects nest too deeply to read")]) from None
    except Exception as error:  # pdfminer raises many kinds for damaged files
        raise ReadError(
            name, [Problem("file", f"not a readable PDF: {type(error).__name__}: {error}")]
        ) from None
    if characters == 0:
        raise ReadError(
            name,
            [Problem("file", "the PDF has no text layer (a scan?): its text cannot be read without OCR")],
        )
    return assemble(lines, source=name, agency=agency, year=year, version=version)
