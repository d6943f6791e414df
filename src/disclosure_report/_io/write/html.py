"""Writing a report as a self-contained, accessible HTML page in the national layout.

The tables are drawn from the shared layout (:mod:`disclosure_report._io.write.layout`), with ``<thead>``
column headings that print again on every page; :func:`disclosure_report.from_html` reads the page back to
the same report.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from typing import Final

from ..._form import Section, TableKind
from ..._model import AnnualReport, AnyTable, CellRef
from ..files import write_file
from .layout import (
    Label,
    Punctuation,
    Script,
    heading_rows,
    labeller,
    signature_lines,
    table_layout,
    title_of,
)

__all__ = ["STYLE", "render_html", "table_html", "write_html"]

_TABLES: Final = {kind.section: kind for kind in TableKind}

STYLE: Final = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #111; }
h1 { font-size: 1.5rem; text-align: center; }
h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #333; padding: 0.3rem 0.4rem; }
th { font-weight: normal; background: #f3f3f3; }
td { text-align: center; min-width: 2.5rem; height: 1.5em; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
.signature { text-align: right; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  table { font-size: 9pt; }
  th, td { padding: 0.2em; }
  td { min-width: 0; }
}
""".strip()


def render_html(
    report: AnnualReport,
    *,
    merged: bool = True,
    punctuation: Punctuation = "full",
    script: Script = "simplified",
) -> str:
    """The report as a self-contained, accessible HTML page in the national layout.

    Args:
        report: The report.
        merged: Merge group label cells over the rows they cover (``rowspan``), as the form does; or repeat
            them in every row.
        punctuation: Labels with full-width punctuation, or ASCII brackets and colons.
        script: Labels and headings in simplified or traditional characters.

    Returns:
        The page. :func:`disclosure_report.read_html` reads it back to the same report.
    """
    label = labeller(punctuation, script)
    e = html.escape
    title = title_of(report)
    body: list[str] = [f"<h1>{e(title)}</h1>"]
    if report.preamble:
        body += [f"<p>{e(line)}</p>" for line in report.preamble.split("\n")]
    for section in Section:
        kind = _TABLES.get(section)
        text = report.text(section) if kind is None else ""
        if text is None:
            continue
        body.append(f'<h2 id="{section.key}">{e(label(report.heading(section)))}</h2>')
        if kind is not None:
            body += table_html(report.table(kind), label, merged)
        else:
            body += [f"<p>{e(line)}</p>" for line in text.split("\n")]
    body += [f'<p class="signature">{e(line)}</p>' for line in signature_lines(report)]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def table_html(
    table: AnyTable,
    label: Label,
    merged: bool,
    *,
    marks: Mapping[CellRef, tuple[str, str]] | None = None,
    anchor: str = "",
) -> list[str]:
    """A table as HTML rows; ``marks`` gives a cell a CSS class and a hover text, ``anchor`` an id prefix."""
    e = html.escape
    kind = table.spec.kind
    out = [f'<table data-table="{kind.key}">', f"<caption>{e(label(kind.label))}</caption>"]
    layout = table_layout(table.spec, table.values, label, merged=merged)
    # Column headings in <thead>: a browser prints them again on every page the table runs over.
    headings = heading_rows(kind, layout)
    for number, row in enumerate(layout):
        if number == 0 and headings:
            out.append("<thead>")
        if number == headings:
            out.append("<tbody>")
        cells = []
        for cell in row:
            spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (
                f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            )
            if cell.header:
                scope = f' scope="{cell.scope}"' if cell.scope else ""
                cells.append(f"<th{spans}{scope}>{e(cell.text)}</th>")
                continue
            assert cell.ref is not None
            _, row_key, column_key = cell.ref
            key = f"{kind.key}.{row_key.key}.{column_key.key}"
            extra = f' id="{anchor}{key}"' if anchor else ""
            mark = marks.get(cell.ref) if marks else None
            if mark is not None:
                extra += f' class="{mark[0]}" title="{e(mark[1])}"'
            cells.append(f'<td{spans} data-cell="{key}"{extra}>{e(cell.text)}</td>')
        out.append(f"<tr>{''.join(cells)}</tr>")
        if number == headings - 1:
            out.append("</thead>")
    out += ["</tbody>", "</table>"]
    return out


def write_html(
    report: AnnualReport,
    path: str | os.PathLike[str],
    *,
    merged: bool = True,
    punctuation: Punctuation = "full",
    script: Script = "simplified",
) -> None:
    """Write the report to a UTF-8 HTML file (the options are those of :func:`render_html`).

    .. versionadded:: 0.1.0
    """
    page = render_html(report, merged=merged, punctuation=punctuation, script=script)
    write_file(path, page)
