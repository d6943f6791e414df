"""The ``validate --html`` page: the reports' tables with every finding on its cells.

Each report's tables in the national layout, each cell involved in a finding highlighted with its messages
on hover, and the list of findings below, linking to the cells.

The page is self-contained (inline CSS, no script, no network) so it can be mailed or archived.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Final

from ..._form import TableKind
from ..._model import AnnualReport, CellRef
from ..._validation import Validation, cell_marks
from .html import STYLE, table_html

__all__ = ["findings_page"]

_EXTRA_STYLE: Final = """
td.suspect { background: #c00000; color: #fff; font-weight: bold; outline: 3px solid #600000; }
td.error { background: #fbe2d5; outline: 1px dashed #c00000; }
td.warning { background: #fff2cc; outline: 1px dashed #bf8f00; }
td.info { background: #ddebf7; }
.verdict-valid { color: #2e7d32; } .verdict-invalid { color: #c00000; }
ol.findings li { margin: 0.3rem 0; } .code { font-family: monospace; }
section.report { border-top: 2px solid #333; margin-top: 2rem; }
""".strip()


def findings_page(results: Sequence[tuple[str, AnnualReport, Validation]]) -> str:
    """The page for several checked reports: ``(name, report, validation)`` each."""
    e = html.escape
    body: list[str] = ["<h1>政府信息公开工作年度报告校验结果 / Validation results</h1>"]
    for number, (name, report, validation) in enumerate(results, start=1):
        anchor = f"r{number}-"
        # The cell to fix stands out; the other cells of a failing relation are marked lightly.
        marks: dict[CellRef, tuple[str, str]] = {
            cell: (mark, "\n".join(f"[{f.code}] {f.message_zh}" for f in found))
            for cell, (mark, found) in cell_marks(validation).items()
        }
        verdict = "valid" if validation.valid else "invalid"
        info = report.metadata
        body.append(f'<section class="report" id="{anchor}report">')
        said = "通过 / valid" if validation.valid else "未通过 / invalid"
        body.append(
            f"<h2>{e(name)}: {e(info.agency)} {info.year}（{info.version.value}年版格式）"
            f' <span class="verdict-{verdict}">{said}</span></h2>'
        )
        body.append(
            f"<p>{len(validation.errors)} error(s), {len(validation.warnings)} warning(s), "
            f"{len(validation.infos)} info</p>"
        )
        for kind in TableKind:
            body.append(f"<h3>{e(kind.section.label)}</h3>")
            body += table_html(report, kind, lambda text: text, True, marks=marks, anchor=anchor)
        body.append('<ol class="findings">')
        for finding in sorted(validation, key=lambda f: f.code != "likely-cause"):
            target = finding.cells[-1] if finding.cells else None
            link = (
                f' <a href="#{anchor}{target[0].key}.{target[1].key}.{target[2].key}">→ 单元格 / cell</a>'
                if target is not None
                else ""
            )
            body.append(
                f'<li class="{finding.severity.value}"><span class="code">{e(finding.severity.value)} '
                f"{e(finding.code)}</span> {e(str(finding.location))}: {e(finding.message_zh)} "
                f"<br><small>{e(finding.message_en)}</small>{link}</li>"
            )
        body.append("</ol></section>")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        "<title>校验结果 / Validation results</title>\n"
        f"<style>\n{STYLE}\n{_EXTRA_STYLE}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )
