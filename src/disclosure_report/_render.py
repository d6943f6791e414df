"""Rendering a report back to the layouts agencies publish: plain text and an accessible HTML page.

Every label comes from the form (:mod:`disclosure_report._form`); a blank cell is rendered empty, never as
0. What the renderers write, the readers read back to the same report (see the layout options).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Final, Literal

from ._form import (
    DISCLOSURE_FIRST_HEADER,
    REQUESTS_APPLICANTS_HEADER,
    REQUESTS_LEGAL_PERSONS_HEADER,
    REQUESTS_NOTE,
    REQUESTS_RESULTS_GROUP,
    REVIEW_LITIGATION_HEADER,
    Applicant,
    FormKey,
    Outcome,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
)
from ._layout import heading_rows, table_layout
from ._model import AnnualReport, CellValue
from ._normalize import to_traditional

__all__ = ["render_html", "render_text", "title_of"]

Punctuation = Literal["full", "ascii"]
Script = Literal["simplified", "traditional"]

_ASCII: Final = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "“": '"', "”": '"'})


def title_of(report: AnnualReport) -> str:
    """The report's title as published, or the usual title when it has none."""
    info = report.metadata
    return info.title or f"{info.agency}{info.year}年政府信息公开工作年度报告"


def _labeller(punctuation: Punctuation, script: Script) -> Callable[[str], str]:
    def label(text: str) -> str:
        if punctuation == "ascii":
            text = text.translate(_ASCII)
        return to_traditional(text) if script == "traditional" else text

    return label


def _cell(value: CellValue | None) -> str:
    return "" if value is None else str(value)


def _signature(report: AnnualReport) -> list[str]:
    info = report.metadata
    lines = [info.agency] if info.agency.strip() and info.published is not None else []
    if info.published is not None:
        lines.append(f"{info.published.year}年{info.published.month}月{info.published.day}日")
    return lines


def _text_lines(text: str) -> list[str]:
    return text.split("\n")


# --- text --------------------------------------------------------------------------------------------


def render_text(
    report: AnnualReport,
    *,
    labels: Literal["own-line", "repeated"] = "own-line",
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
        The text. :func:`disclosure_report.read_text` reads it back to the same report (with a title when
        the report has none, and each text section's lines stripped).
    """
    label = _labeller(punctuation, script)
    out: list[str] = [title_of(report), ""]
    if report.preamble:
        out += [*_text_lines(report.preamble), ""]
    for section in Section:
        text = report.text(section) if section in _TEXT_SECTIONS else ""
        if text is None:
            continue
        out += [label(report.heading(section)), ""]
        if section is Section.ACTIVE_DISCLOSURE:
            out += _disclosure_rows(report, label)
        elif section is Section.REQUESTS:
            out += _request_rows(report, label, repeated=labels == "repeated")
        elif section is Section.REVIEW_LITIGATION:
            out += _review_rows(report, label)
        else:
            out += _text_lines(text)
        out.append("")
    out += _signature(report)
    return "\n".join(out).rstrip("\n") + "\n"


_TEXT_SECTIONS: Final = (Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS)
_TABLE_SECTIONS: Final = {kind.section: kind for kind in TableKind}


def _disclosure_rows(report: AnnualReport, label: Callable[[str], str]) -> list[str]:
    lines: list[str] = []
    group: FormKey | None = None
    for row, cells in report.active_disclosure.rows():
        if row.group is not group:
            group = row.group
            lines.append(label(group.label) if group is not None else "")
            lines.append("\t".join([label(DISCLOSURE_FIRST_HEADER), *(label(c.label) for c in row.columns)]))
        lines.append("\t".join([label(row.label), *(_cell(v) for v in cells.values())]))
    return lines


def _request_rows(report: AnnualReport, label: Callable[[str], str], *, repeated: bool) -> list[str]:
    legal = [a for a in Applicant if a.is_legal_person]
    lines = [
        "\t".join([label(REQUESTS_NOTE), label(REQUESTS_APPLICANTS_HEADER)]),
        "\t".join(
            [
                label(Applicant.NATURAL_PERSON.label),
                label(REQUESTS_LEGAL_PERSONS_HEADER),
                label(Applicant.TOTAL.label),
            ]
        ),
        "\t".join(label(a.label) for a in legal),
    ]
    current: Outcome | None = None
    results_open = False
    for row, cells in report.requests.rows():
        values = [_cell(v) for v in cells.values()]
        key = row.key
        outcome = key.outcome if isinstance(key, RequestRow) else None
        groups: list[str] = []
        if outcome is not None:
            if not results_open:
                results_open = True
                if not repeated:
                    lines.append(label(REQUESTS_RESULTS_GROUP))
            is_category_row = row.label == outcome.label
            if outcome is not current:
                current = outcome
                if not is_category_row and not repeated:
                    lines.append(label(outcome.label))
            if repeated:
                groups = [label(REQUESTS_RESULTS_GROUP)]
                if not is_category_row:
                    groups.append(label(outcome.label))
        elif key is RequestRow.TOTAL and repeated:
            groups = [label(REQUESTS_RESULTS_GROUP)]
        lines.append("\t".join([*groups, label(row.label), *values]))
    return lines


def _review_rows(report: AnnualReport, label: Callable[[str], str]) -> list[str]:
    results = [label(c.label) for c in ReviewColumn]
    lines = [
        "\t".join([label(ReviewRow.ADMINISTRATIVE_REVIEW.label), label(REVIEW_LITIGATION_HEADER)]),
        "\t".join(
            [
                *results,
                label(ReviewRow.LITIGATION_DIRECT.label),
                label(ReviewRow.LITIGATION_AFTER_REVIEW.label),
            ]
        ),
        "\t".join(results * 2),
        "\t".join(_cell(v) for v in report.review_litigation.values),
    ]
    return lines


# --- HTML --------------------------------------------------------------------------------------------

_STYLE: Final = """
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
    label = _labeller(punctuation, script)
    e = html.escape
    title = title_of(report)
    body: list[str] = [f"<h1>{e(title)}</h1>"]
    if report.preamble:
        body += [f"<p>{e(line)}</p>" for line in _text_lines(report.preamble)]
    for section in Section:
        text = report.text(section) if section in _TEXT_SECTIONS else ""
        if text is None:
            continue
        body.append(f'<h2 id="{section.key}">{e(label(report.heading(section)))}</h2>')
        if section in _TABLE_SECTIONS:
            body += _table_html(report, _TABLE_SECTIONS[section], label, merged)
        else:
            body += [f"<p>{e(line)}</p>" for line in _text_lines(text)]
    body += [f'<p class="signature">{e(line)}</p>' for line in _signature(report)]
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def _table_html(
    report: AnnualReport,
    kind: TableKind,
    label: Callable[[str], str],
    merged: bool,
    *,
    marks: Mapping[tuple[TableKind, FormKey, FormKey], tuple[str, str]] | None = None,
    anchor: str = "",
) -> list[str]:
    """A table as HTML rows; ``marks`` gives a cell a CSS class and a hover text, ``anchor`` an id prefix."""
    e = html.escape
    table = report.table(kind)
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
