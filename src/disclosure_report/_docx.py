"""DOCX: reading reports from Word documents and writing them, merged cells included.

Reading uses the archive checks of :mod:`disclosure_report._archive` and defusedxml; the body is walked in
order: paragraphs become lines of one cell, rows of tables become lines of their cells. A cell continued by
a vertical merge (``w:vMerge`` without ``restart``) is the same cell as the one above, so it is skipped, as
an HTML row leaves out the cells a ``rowspan`` covers; a cell spanning columns (``w:gridSpan``) is one cell.

Writing draws the tables from the shared layout (:mod:`disclosure_report._layout`) as a minimal
WordprocessingML package that Word, WPS and LibreOffice open.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from html import escape as _escape
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ._archive import DEFAULT_LIMITS, ArchiveLimits, open_archive, read_member, read_xml
from ._form import Section, TableKind, TemplateVersion
from ._layout import COLUMN_WEIGHTS, LayoutCell, grid, heading_rows, table_layout
from ._model import AnnualReport
from ._reading import Line, ReadResult, assemble, input_bytes, table_row
from ._render import Punctuation, Script, _labeller, _signature, title_of
from .exceptions import Problem, ReadError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

__all__ = ["read_docx", "render_docx", "write_docx"]

_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


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
                lines.append(Line((text,), f"paragraph {len(lines) + 1}"))
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


def read_docx(
    data: bytes | str | Path,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read a report from a Word document (.docx).

    Args:
        data: The document's bytes, or its path.
        source: The input's name, for messages (the path by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.
        limits: Size, member and compression limits for the archive.

    Raises:
        ReadError: The file is not a DOCX, breaks a limit, holds unsafe XML, or holds no report.
    """
    name, raw = input_bytes(data, source=source, kind="docx", limit=limits.max_file_bytes)
    with open_archive(raw, source=name, kind="DOCX", limits=limits) as archive:
        document = read_xml(
            read_member(archive, "word/document.xml", source=name, limits=limits),
            source=name,
            name="word/document.xml",
        )
    body = document.find(f"{_W}body")
    if body is None:
        raise ReadError(name, [Problem("word/document.xml", "no document body (w:body)")])
    return assemble(_lines(body), source=name, agency=agency, year=year, version=version)


# --- writing -----------------------------------------------------------------------------------------

_CONTENT_TYPES: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    "</Types>"
)
_DOCUMENT_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdFooter" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" '
    'Target="footer1.xml"/></Relationships>'
)
# Pages numbered as official documents number them: "— 5 —", centred in the footer.
_FOOTER: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
    '<w:r><w:t xml:space="preserve">— </w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:t xml:space="preserve"> —</w:t></w:r></w:p></w:ftr>'
)
_RELS: Final = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_FONT: Final = '<w:rFonts w:ascii="SimSun" w:hAnsi="SimSun" w:eastAsia="SimSun"/>'
_PAGE_WIDTH_TWIPS: Final = 9000  # A4 less margins, in twentieths of a point


def escape(text: str) -> str:
    """Text escaped for XML character data."""
    return _escape(text, quote=False)


def _run(text: str, *, bold: bool = False, size: int = 21) -> str:
    properties = f'<w:rPr>{_FONT}{"<w:b/>" if bold else ""}<w:sz w:val="{size}"/></w:rPr>'
    return f'<w:r>{properties}<w:t xml:space="preserve">{escape(_xml_safe(text))}</w:t></w:r>'


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot hold most control characters; they are dropped from the document, not the report.
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)


def _paragraph(text: str, *, bold: bool = False, align: str | None = None, size: int = 21) -> str:
    justify = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    return f"<w:p>{justify}{_run(text, bold=bold, size=size)}</w:p>"


def _body_paragraph(text: str) -> str:
    # As official documents set running text: justified, the first line indented by two characters.
    properties = '<w:pPr><w:ind w:firstLineChars="200" w:firstLine="420"/><w:jc w:val="both"/></w:pPr>'
    return f"<w:p>{properties}{_run(text)}</w:p>"


def _table(report: AnnualReport, kind: TableKind, label: Callable[[str], str], merged: bool) -> str:
    table = report.table(kind)
    layout = table_layout(table.spec, table.values, label, merged=merged)
    weights = COLUMN_WEIGHTS[kind]
    widths = [int(_PAGE_WIDTH_TWIPS * w / sum(weights)) for w in weights]
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    borders = "".join(
        border.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    out = [
        f'<w:tbl><w:tblPr><w:tblW w:w="{_PAGE_WIDTH_TWIPS}" w:type="dxa"/>'
        f"<w:tblBorders>{borders}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>'
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        + "</w:tblGrid>"
    ]
    rows: dict[int, list[str]] = {}
    for placed in grid(layout):
        cell: LayoutCell = placed.cell
        merge = ""
        if cell.rowspan > 1:
            merge = "<w:vMerge/>" if placed.covered else '<w:vMerge w:val="restart"/>'
        span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
        text = "" if placed.covered else cell.text
        paragraph = _paragraph(text, align=None if cell.header else "center", size=18)
        rows.setdefault(placed.row, []).append(
            f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths[placed.column : placed.column + cell.colspan])}" '
            f'w:type="dxa"/>{span}{merge}</w:tcPr>'
            f"{paragraph}</w:tc>"
        )
    # Column headings repeat on every page the table runs over, as Word's "repeat as header row".
    headings = heading_rows(kind, layout)
    out.extend(
        f"<w:tr>{'<w:trPr><w:tblHeader/></w:trPr>' if number < headings else ''}{''.join(cells)}</w:tr>"
        for number, cells in sorted(rows.items())
    )
    out.append("</w:tbl>")
    return "".join(out)


def render_docx(
    report: AnnualReport,
    *,
    merged: bool = True,
    punctuation: Punctuation = "full",
    script: Script = "simplified",
) -> bytes:
    """The report as a Word document (.docx), in the national layout with merged cells as the form has them.

    The options are those of :func:`disclosure_report.render_html`; :func:`read_docx` reads the document
    back to the same report.
    """
    label = _labeller(punctuation, script)
    body: list[str] = [_paragraph(title_of(report), bold=True, align="center", size=32)]
    if report.preamble:
        body += [_body_paragraph(line) for line in report.preamble.split("\n")]
    for section in Section:
        kind = next((k for k in TableKind if k.section is section), None)
        text = None if kind is not None else report.text(section)
        if kind is None and text is None:
            continue
        body.append(_paragraph(label(report.heading(section)), bold=True))
        if kind is not None:
            body.append(_table(report, kind, label, merged))
            body.append("<w:p/>")
        else:
            assert text is not None
            body += [_body_paragraph(line) for line in text.split("\n")]
    body += [_paragraph(line, align="right") for line in _signature(report)]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="720" w:footer="720" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/footer1.xml", _FOOTER)
    return buffer.getvalue()


def write_docx(report: AnnualReport, path: str | Path, **options: object) -> None:
    """Write the report to a .docx file (options as :func:`render_docx`)."""
    Path(path).write_bytes(render_docx(report, **options))  # type: ignore[arg-type]
