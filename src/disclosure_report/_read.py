"""One entry point for every published format: choose the reader by file extension, or by content."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Final, Literal

from ._docx import read_docx
from ._excel import read_xlsx
from ._form import TemplateVersion
from ._html import MAX_HTML_BYTES, decode_html, read_html
from ._json import from_json
from ._pdf import read_pdf
from ._reading import ReadResult
from ._text import read_text
from .exceptions import Problem, ReadError

__all__ = ["FORMATS", "detect_format", "read_report"]

Format = Literal["json", "text", "html", "docx", "xlsx", "pdf"]

FORMATS: Final[dict[str, Format]] = {
    ".json": "json",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
}
"""File extensions and the format each means."""

MAX_TEXT_BYTES: Final = MAX_HTML_BYTES


def detect_format(path: Path, head: bytes) -> Format:
    """The format of a file, from its extension, else from its first bytes."""
    by_extension = FORMATS.get(path.suffix.lower())
    if by_extension is not None:
        return by_extension
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK"):
        # Both are zip archives; the first member's name usually tells them apart.
        return "xlsx" if b"xl/" in head else "docx"
    stripped = head.lstrip(codecs.BOM_UTF8).lstrip()
    if stripped.startswith(b"{"):
        return "json"
    if stripped[:1] == b"<":
        return "html"
    return "text"


def decode_text(data: bytes) -> str:
    """Decode a text file: a byte-order mark, else UTF-8, else GB18030 (which covers GBK and GB2312)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_report(
    path: str | Path,
    *,
    format: Format | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from a file in any supported format: JSON, plain text, HTML, DOCX, XLSX or PDF.

    Args:
        path: The file.
        format: The format, overriding the file's extension and content.
        agency: The agency, overriding what the document says (not for JSON and XLSX).
        year: The reporting year, overriding what the document says (not for JSON and XLSX).
        version: The template version, overriding what the labels show (not for JSON and XLSX).

    Returns:
        The report with its reading findings and cell positions (none for JSON, which is exact).

    Raises:
        ReadError: The file cannot be read or holds no report; the message names the file.
    """
    file = Path(path)
    name = str(path)
    try:
        size = file.stat().st_size
        with file.open("rb") as stream:
            head = stream.read(512)
    except OSError as error:
        raise ReadError(name, [Problem("file", error.strerror or str(error))]) from None
    chosen = format or detect_format(file, head)
    if chosen == "docx":
        return read_docx(file, source=name, agency=agency, year=year, version=version)
    if chosen == "xlsx":
        return read_xlsx(file, source=name)
    if chosen == "pdf":
        return read_pdf(file, source=name, agency=agency, year=year, version=version)
    if size > MAX_TEXT_BYTES:
        raise ReadError(name, [Problem("file", f"{size} bytes is more than the limit of {MAX_TEXT_BYTES}")])
    data = file.read_bytes()
    if chosen == "json":
        return ReadResult(from_json(data, source=name), (), {}, name)
    if chosen == "html":
        return read_html(decode_html(data), source=name, agency=agency, year=year, version=version)
    return read_text(decode_text(data), source=name, agency=agency, year=year, version=version)
