"""Reading reports from Word documents (.docx), merged cells included.

The archive is opened with the checks of :mod:`disclosure_report._io.ooxml` and parsed with defusedxml;
the body is walked in order: paragraphs become lines of one cell, rows of tables become lines of their
cells. A cell continued by a vertical merge (``w:vMerge`` without ``restart``) is the same cell as the one
above, so it is skipped, as an HTML row leaves out the cells a ``rowspan`` covers; a cell spanning columns
(``w:gridSpan``) is one cell.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..._form import TemplateVersion
from ..._model import SourcePosition
from ...exceptions import Problem, ReadError
from ..files import read_file
from ..ooxml import DEFAULT_LIMITS, W_NAMESPACE, ArchiveLimits, open_archive, read_member, read_xml
from .assemble import Line, ReadResult, assemble, check_content, deprecated_content, table_row

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["from_docx", "read_docx"]

_W: Final = "{" + W_NAMESPACE + "}"


def _paragraph_text(paragraph: Element) -> str:
    parts: list[str] = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t" and node.text:
            parts.append(node.text)
        elif node.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    return "".join(parts)


def _cell_text(cell: Element) -> str:
    return " ".join(_paragraph_text(p) for p in cell.iter(f"{_W}p")).strip()


def _is_continuation(cell: Element) -> bool:
    properties = cell.find(f"{_W}tcPr")
    merge = properties.find(f"{_W}vMerge") if properties is not None else None
    return merge is not None and merge.get(f"{_W}val", "continue") != "restart"


def _lines(body: Element) -> list[Line]:
    lines: list[Line] = []
    tables = 0
    pending: list[Element] = list(reversed(list(body)))
    while pending:
        element = pending.pop()
        if element.tag == f"{_W}p":
            text = _paragraph_text(element).strip()
            if text:
                lines.append(Line((text,), SourcePosition(paragraph=len(lines) + 1)))
        elif element.tag == f"{_W}tbl":
            if element.find(f".//{_W}tc/{_W}tbl") is not None:
                # A layout table around the report: read what its cells hold, in order.
                for cell in reversed(list(element.iter(f"{_W}tc"))):
                    pending.extend(reversed(list(cell)))
                continue
            tables += 1
            for row_number, row in enumerate(element.iter(f"{_W}tr"), start=1):
                cells = [cell for cell in row.findall(f"{_W}tc") if not _is_continuation(cell)]
                lines.append(table_row([_cell_text(cell) for cell in cells], tables, row_number))
        elif element.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            pending.extend(reversed(list(element)))
    return lines


def from_docx(
    data: bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read a report from a Word document (.docx) given as bytes.

    Args:
        data: The document's bytes.
        source: The input's name, for messages (``<docx>`` by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.
        limits: Size, member and compression limits for the archive.

    Raises:
        ReadError: The data is not a DOCX, breaks a limit, holds unsafe XML, or holds no report.

    .. versionadded:: 0.1.0
    """
    check_content(data, "from_docx", "read_docx")
    name = source or "<docx>"
    with open_archive(data, source=name, kind="DOCX", limits=limits) as archive:
        document = read_xml(
            read_member(archive, "word/document.xml", source=name, limits=limits),
            source=name,
            name="word/document.xml",
        )
    body = document.find(f"{_W}body")
    if body is None:
        raise ReadError(name, [Problem("word/document.xml", "no document body (w:body)", "no-report")])
    return assemble(_lines(body), source=name, agency=agency, year=year, version=version)


def read_docx(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read a report from a Word document (.docx) file.

    The options are those of :func:`from_docx`; ``source`` defaults to the path.

    Raises:
        ReadError: The file cannot be read, is not a DOCX, breaks a limit, holds unsafe XML, or holds no
            report.

    .. deprecated:: 0.1.0
        Passing the document's bytes: use :func:`from_docx`.
    """
    if isinstance(path, bytes):
        deprecated_content("read_docx", "from_docx")
        return from_docx(path, source=source, agency=agency, year=year, version=version, limits=limits)
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=limits.max_file_bytes)
    return from_docx(data, source=name, agency=agency, year=year, version=version, limits=limits)
