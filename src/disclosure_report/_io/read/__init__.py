"""Readers of published documents, and :func:`read_report`, which picks one by extension or content.

Which reader reads which files is the registry's to say (:mod:`..formats`, a row per format): a reader's
module is imported when a file of its format is read, so that reading JSON imports none of the others.

- :mod:`.result`: what a reader returns;
- :mod:`.decode`: bytes to text; :mod:`.normalize`: labels and cell values as people typed them;
- :mod:`.assemble`: from a document's lines to a report, the never-shift alignment, reading findings;
- one module per format: :mod:`.text`, :mod:`.html`, :mod:`.docx`, :mod:`.pdf`, :mod:`.xlsx`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Final, Literal, get_args

from ..._form import TemplateVersion
from ..files import read_file, read_head
from ..formats import EXTENSIONS, FileFormat, by_extension, by_name, detect, formats
from ..workers import DEFAULT_MEMORY, DEFAULT_TIMEOUT, run
from .result import ReadResult

__all__ = ["FORMATS", "OCR_CHOICES", "Format", "OcrChoice", "detect_format", "read_report"]

Format = Literal["json", "text", "html", "docx", "xlsx", "pdf", "image", "doc", "xls"]
"""The built-in formats :func:`read_report` reads, the names of the registry's rows (see :mod:`..formats`,
where each is described and others may be registered; a test holds the two the same)."""

OcrChoice = Literal["auto", "never", "always"]
"""When :func:`read_report` reads a PDF or a page image by OCR (see its ``ocr`` option)."""
OCR_CHOICES: Final[tuple[OcrChoice, ...]] = get_args(OcrChoice)

FORMATS: Final[Mapping[str, str]] = EXTENSIONS
"""File extensions and the format each means (the registry's, :mod:`..formats`)."""


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file, from its extension, else from its first bytes."""
    return detect(path, head).name


def _format(name: str, source: str) -> FileFormat:
    """The format of a name given by the caller, or a ``ValueError`` naming the ones there are."""
    try:
        return by_name(name)
    except KeyError:
        known = ", ".join(row.name for row in formats())
        raise ValueError(f"{source}: no format {name!r} (the formats are {known})") from None


def read_report(
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    ocr: OcrChoice = "auto",
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
        ocr: When a PDF or a page image is read by OCR (other formats ignore it): ``"auto"`` a PDF
            without a text layer (a scan) and every page image; ``"never"`` nothing, a scan is refused
            (code ``ocr-needed``) without loading the recogniser; ``"always"`` every PDF too, its pages
            recognised whatever its text layer holds (as :func:`from_scan` does).
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
        ValueError: ``ocr`` is not one of ``"auto"``, ``"never"``, ``"always"``.
    """
    if ocr not in OCR_CHOICES:  # the caller's mistake, told before any file is opened
        raise ValueError(f"ocr must be one of {', '.join(map(repr, OCR_CHOICES))}, not {ocr!r}")
    if isolated:
        task = (os.fspath(path), format, source, agency, year, version, ocr)
        return run(_read_task, task, source=source or os.fspath(path), timeout=timeout, memory=memory)
    file = Path(path)
    name = source or os.fspath(path)
    chosen = (
        _format(format, name) if format else by_extension(file) or detect(file, read_head(file, name=name))
    )
    # Each format's reader is imported here, when a file of it is read (see ..formats).
    if chosen.reads_path:  # the reader opens the file itself (a converter): its size is refused here first
        read_file(file, name=name, limit=chosen.limit, head=0)
        data: Path | bytes = file
    else:
        data = read_file(file, name=name, limit=chosen.limit)
    return chosen.read(data, source=name, agency=agency, year=year, version=version, ocr=ocr)


def _read_task(
    task: tuple[str, Format | None, str | None, str | None, int | None, TemplateVersion | None, OcrChoice],
) -> ReadResult:
    path, format, source, agency, year, version, ocr = task
    return read_report(path, format=format, source=source, agency=agency, year=year, version=version, ocr=ocr)
