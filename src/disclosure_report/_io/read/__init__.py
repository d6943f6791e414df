"""Readers of published documents, and :func:`read_report`, which picks one by extension or content.

- :mod:`.decode`: bytes to text; :mod:`.normalize`: labels and cell values as people typed them;
- :mod:`.assemble`: from a document's lines to a report, the never-shift alignment, reading findings;
- one module per format: :mod:`.text`, :mod:`.html`, :mod:`.docx`, :mod:`.pdf`, :mod:`.xlsx`.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Final, Literal

from ..._form import TemplateVersion
from ..files import read_file, read_head
from ..json import MAX_JSON_BYTES, from_json
from ..workers import DEFAULT_MEMORY, DEFAULT_TIMEOUT, run
from .assemble import ReadResult
from .docx import from_docx
from .html import MAX_HTML_BYTES, from_html
from .legacy import MAX_LEGACY_BYTES, read_legacy
from .pdf import MAX_PDF_BYTES, from_pdf
from .scan import MAX_SCAN_BYTES, from_scan, kind_of
from .text import MAX_TEXT_BYTES, from_text
from .xlsx import from_xlsx

__all__ = ["FORMATS", "Format", "detect_format", "read_report"]

Format = Literal["json", "text", "html", "docx", "xlsx", "pdf", "image", "doc", "xls"]
"""The formats :func:`read_report` reads."""

FORMATS: Final[dict[str, Format]] = {
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
    # Scanned pages, read by OCR (the ocr extra).
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    # Binary office files, read through LibreOffice when it is installed (see .legacy).
    ".doc": "doc",
    ".wps": "doc",
    ".rtf": "doc",
    ".xls": "xls",
    ".et": "xls",
}
"""File extensions and the format each means."""

_LIMITS: Final[dict[Format, int]] = {
    "json": MAX_JSON_BYTES,
    "text": MAX_TEXT_BYTES,
    "html": MAX_HTML_BYTES,
    "docx": 50 * 1024 * 1024,
    "xlsx": 50 * 1024 * 1024,
    "pdf": MAX_PDF_BYTES,
    "image": MAX_SCAN_BYTES,
    "doc": MAX_LEGACY_BYTES,
    "xls": MAX_LEGACY_BYTES,
}


def detect_format(path: Path, head: bytes) -> Format:
    """The format of a file, from its extension, else from its first bytes."""
    by_extension = FORMATS.get(path.suffix.lower())
    if by_extension is not None:
        return by_extension
    scanned = kind_of(head)  # PDF, or a page image's signature
    if scanned is not None:
        return "pdf" if scanned == "pdf" else "image"
    if head.startswith(b"PK"):
        # Both are zip archives; the first member's name usually tells them apart.
        return "xlsx" if b"xl/" in head else "docx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith(b"{"):
        return "json"
    if stripped[:1] == b"<":
        return "html"
    return "text"


def read_report(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    isolated: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    memory: int | None = DEFAULT_MEMORY,
) -> ReadResult:
    """Read a report from a file in any supported format.

    JSON, plain text, Markdown, HTML, DOCX, XLSX or PDF; scanned PDFs and PNG, JPEG or TIFF page images
    by OCR when the ``ocr`` extra is installed (see :func:`from_scan`); Word 97–2003, WPS and RTF
    documents (.doc, .wps, .rtf) and Excel 97–2003 and WPS spreadsheets (.xls, .et) when LibreOffice is
    installed (converted in a private folder, then read as .docx or .xlsx).

    Args:
        path: The file.
        format: The format, overriding the file's extension and content.
        source: The input's name, for messages (the path by default).
        agency: The agency, overriding what the document says.
        year: The reporting year, overriding what the document says.
        version: The template version, overriding what the labels show (for JSON, which states its version
            exactly, the document must be of this version).
        isolated: Read in a worker process of its own, with a wall-clock ``timeout`` (seconds) and a
            ``memory`` limit (bytes of address space; ``None`` for none): for files from untrusted sources,
            so that one hostile file costs one worker, not the caller's process. Every reader is bounded
            anyway (sizes, counts, depths; see the performance page), but only a process can bound time
            and memory exactly.
        timeout: With ``isolated``, the seconds the read may take. A scan read by OCR is given more, page
            by page (up to 330 s a page, 30 pages), as it recognises them.
        memory: With ``isolated``, the bytes of memory it may use (a scan adds up to 2 GiB once, for the
            recogniser's models).

    Returns:
        The report with its reading findings and cell positions (none for JSON, which is exact).

    Raises:
        ReadError: The file cannot be read or holds no report; the message names the file. With
            ``isolated``, also when the read ran out of time or memory (code ``resource-limit``).
    """
    if isolated:
        task = (os.fspath(path), format, source, agency, year, version)
        return run(_read_task, task, source=source or os.fspath(path), timeout=timeout, memory=memory)
    file = Path(path)
    name = source or os.fspath(path)
    chosen = format or FORMATS.get(file.suffix.lower()) or detect_format(file, read_head(file, name=name))
    if chosen in ("doc", "xls"):
        return read_legacy(file, chosen, source=name, agency=agency, year=year, version=version)
    data = read_file(file, name=name, limit=_LIMITS[chosen])
    if chosen == "json":
        report = from_json(data, source=name, agency=agency, year=year, version=version)
        return ReadResult(report, (), name)
    reader = {
        "docx": from_docx,
        "xlsx": from_xlsx,
        "pdf": from_pdf,
        "image": from_scan,
        "html": from_html,
        "text": from_text,
    }
    return reader[chosen](data, source=name, agency=agency, year=year, version=version)


def _read_task(
    task: tuple[str, Format | None, str | None, str | None, int | None, TemplateVersion | None],
) -> ReadResult:
    path, format, source, agency, year, version = task
    return read_report(path, format=format, source=source, agency=agency, year=year, version=version)
