"""Reading reports from Word documents (.docx), merged cells included.

The archive is opened with the checks of :mod:`disclosure_report._io.ooxml` and parsed with defusedxml;
the body is walked in order: paragraphs become lines of one cell, rows of tables become lines of their
cells. A cell continued by a vertical merge (``w:vMerge`` without ``restart``) is the same cell as the one
above, so it is skipped, as an HTML row leaves out the cells a ``rowspan`` covers; a cell spanning columns
(``w:gridSpan``) is one cell.
"""

from __future__ import annotations

import os
import re
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


_RAISED: Final = {
    "superscript": str.maketrans("0123456789０１２３４５６７８９", "⁰¹²³⁴⁵⁶⁷⁸⁹" * 2),
    "subscript": str.maketrans("0123456789０１２３４５６７８９", "₀₁₂₃₄₅₆₇₈₉" * 2),
}
"""Digits of a run set above or below the line (a footnote reference typed as a superscript) kept as
what they are, so that they are never joined into the number before them."""


def _paragraph_text(paragraph: Element) -> str:
    parts: list[str] = []
    raised: dict[Element, dict[int, int]] = {}
    for node in paragraph.iter():
        if node.tag == f"{_W}r":
            align = node.find(f"{_W}rPr/{_W}vertAlign")
            table = _RAISED.get(align.get(f"{_W}val", "")) if align is not None else None
            if table is not None:
                raised.update((text, table) for text in node.findall(f"{_W}t"))
        elif node.tag == f"{_W}t" and node.text:
            table = raised.get(node)
            parts.append(node.text if table is None else node.text.translate(table))
        elif node.tag == f"{_W}tab":
            parts.append("\t")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append(" ")
    return "".join(parts)


_PUSHED: Final = re.compile(r"\t|[ \u3000]{4,}")
_RIGHT: Final = frozenset({"right", "end"})


def _is_apart(paragraph: Element, text: str) -> bool:
    """Whether a paragraph is aligned or pushed to the right, as a signature is."""
    justification = paragraph.find(f"{_W}pPr/{_W}jc")
    if justification is not None and justification.get(f"{_W}val") in _RIGHT:
        return True
    return bool(_PUSHED.match(text))


def _cell_text(cell: Element) -> str:
    # The cell's own paragraphs: each paragraph's text includes what is nested in it (a text box), so
    # nested paragraphs are not read again (which made nested paragraphs quadratic).
    texts = (_paragraph_text(p).replace("\t", " ") for p in _blocks(cell) if p.tag == f"{_W}p")
    return " ".join(texts).strip()


_WRAPPERS: Final = (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml")


def _blocks(parent: Element) -> list[Element]:
    """The paragraphs and tables of a body or a cell, in order, inside content controls too."""
    blocks: list[Element] = []
    pending = list(reversed(list(parent)))
    while pending:
        element = pending.pop()
        if element.tag in _WRAPPERS:
            pending.extend(reversed(list(element)))
        else:
            blocks.append(element)
    return blocks


def _is_continuation(cell: Element) -> bool:
    properties = cell.find(f"{_W}tcPr")
    merge = properties.find(f"{_W}vMerge") if properties is not None else None
    return merge is not None and merge.get(f"{_W}val", "continue") != "restart"


def _lines(body: Element) -> list[Line]:
    """The document's paragraphs and data-table rows in order; linear in the document.

    A table whose cells hold tables is a layout table around the report: its cells' own paragraphs and
    tables are read in order, each once (only the table's own rows and cells are walked, never the
    tables nested in them, which made nested tables exponential).
    """
    lines: list[Line] = []
    tables = 0
    pending: list[Element] = list(reversed(_blocks(body)))
    while pending:
        element = pending.pop()
        if element.tag == f"{_W}p":
            raw = _paragraph_text(element)
            text = raw.replace("\t", " ").strip()
            if text:
                position = SourcePosition(paragraph=len(lines) + 1)
                lines.append(Line((text,), position, apart=_is_apart(element, raw)))
        elif element.tag == f"{_W}tbl":
            rows = [row for row in _blocks(element) if row.tag == f"{_W}tr"]
            cells = [[cell for cell in _blocks(row) if cell.tag == f"{_W}tc"] for row in rows]
            if any(block.tag == f"{_W}tbl" for row in cells for cell in row for block in _blocks(cell)):
                for cell in reversed([cell for row in cells for cell in row]):
                    pending.extend(reversed(_blocks(cell)))
                continue
            tables += 1
            for row_number, row_cells in enumerate(cells, start=1):
                texts = [_cell_text(cell) for cell in row_cells if not _is_continuation(cell)]
                lines.append(table_row(texts, tables, row_number))
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
