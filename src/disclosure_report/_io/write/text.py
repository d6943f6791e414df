"""Writing a report as plain text, as reports are copied from documents: table cells separated by tabs.

The tables are the shared layout's rows (:mod:`disclosure_report._io.write.layout`), a row's cells joined by
tabs; :func:`disclosure_report.from_text` reads the text back to the same report.
"""

from __future__ import annotations

import os
from typing import Final, Literal

from ..._form import Section, TableKind
from ..._model import AnnualReport
from ..files import write_file
from .layout import Label, Punctuation, Script, labeller, signature_lines, table_layout, title_of

__all__ = ["render_text", "write_text"]

GroupLabels = Literal["own-line", "repeated"]
"""How table 三 prints the labels of its groups: each on a line of its own, or repeated in every row."""

_TABLES: Final = {kind.section: kind for kind in TableKind}


def render_text(
    report: AnnualReport,
    *,
    labels: GroupLabels = "own-line",
    punctuation: Punctuation = "full",
    script: Script = "simplified",
) -> str:
    """The report as plain text, table cells separated by tabs, as reports are copied from documents.

    Args:
        report: The report.
        labels: How table 三 shows its group labels: each on a line of its own (``own-line``), or repeated
            at the start of every row they cover (``repeated``).
        punctuation: Labels with the form's full-width punctuation, or ASCII brackets and colons.
        script: Labels and headings in simplified or traditional characters (as mirror sites show them);
            the report's own texts are written as they are.

    Returns:
        The text. :func:`disclosure_report.from_text` reads it back to the same report (with a title when
        the report has none, and each text section's lines stripped).
    """
    label = labeller(punctuation, script)
    out: list[str] = [title_of(report), ""]
    if report.preamble:
        out += [*report.preamble.split("\n"), ""]
    for section in Section:
        kind = _TABLES.get(section)
        text = report.text(section) if kind is None else ""
        if text is None:
            continue
        out += [label(report.heading(section)), ""]
        out += _table_lines(report, kind, label, labels) if kind is not None else text.split("\n")
        out.append("")
    out += signature_lines(report)
    return "\n".join(out).rstrip("\n") + "\n"


def _table_lines(report: AnnualReport, kind: TableKind, label: Label, labels: GroupLabels) -> list[str]:
    table = report.table(kind)
    layout = table_layout(table.spec, table.values, label, merged=labels == "own-line")
    lines: list[str] = []
    for row in layout:
        cells = list(row)
        if labels == "own-line" and any(cell.ref is not None for cell in cells):
            # A group label spanning rows opens its group on a line of its own.
            while cells and cells[0].header and cells[0].rowspan > 1:
                lines.append(cells.pop(0).text)
        lines.append("\t".join(cell.text for cell in cells))
    return lines


def write_text(
    report: AnnualReport,
    path: str | os.PathLike[str],
    *,
    labels: GroupLabels = "own-line",
    punctuation: Punctuation = "full",
    script: Script = "simplified",
) -> None:
    """Write the report to a UTF-8 text file (the options are those of :func:`render_text`).

    .. versionadded:: 0.1.0
    """
    text = render_text(report, labels=labels, punctuation=punctuation, script=script)
    write_file(path, text)
