"""Writing reports as Word documents (.docx), in the national layout with merged cells.

The tables are drawn from the shared layout (:mod:`disclosure_report._io.write.layout`) as a minimal
WordprocessingML package that Word, WPS and LibreOffice open, and :func:`disclosure_report.read_docx`
reads back to the same report.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from html import escape as _escape
from typing import Final

from ..._form import Section, TableKind
from ..._model import AnnualReport
from ..files import write_file
from ..ooxml import W_NAMESPACE, XML_ILLEGAL
from .layout import (
    COLUMN_WEIGHTS,
    LayoutCell,
    Punctuation,
    Script,
    grid,
    heading_rows,
    labeller,
    signature_lines,
    table_layout,
    title_of,
)

__all__ = ["render_docx", "write_docx"]

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
    return XML_ILLEGAL.sub("", text)


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
    label = labeller(punctuation, script)
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
    body += [_paragraph(line, align="right") for line in signature_lines(report)]
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NAMESPACE}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" '
        'w:header="720" w:footer="720" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/footer1.xml", _FOOTER)
    return buffer.getvalue()


def write_docx(
    report: AnnualReport,
    path: str | os.PathLike[str],
    *,
    merged: bool = True,
    punctuation: Punctuation = "full",
    script: Script = "simplified",
) -> None:
    """Write the report to a .docx file (the options are those of :func:`render_docx`)."""
    write_file(path, render_docx(report, merged=merged, punctuation=punctuation, script=script))
