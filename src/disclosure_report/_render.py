"""Rendering a report back to the layouts agencies publish: plain text and an accessible HTML page.

Every label comes from the form (:mod:`disclosure_report._form`); a blank cell is rendered empty, never as
0. What the renderers write, the readers read back to the same report (see the layout options).
"""

from __future__ import annotations

import html
from collections.abc import Callable
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
td { text-align: center; min-width: 2.5rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
.signature { text-align: right; }
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
        if section is Section.ACTIVE_DISCLOSURE:
            body += _disclosure_html(report, label)
        elif section is Section.REQUESTS:
            body += _requests_html(report, label, merged=merged)
        elif section is Section.REVIEW_LITIGATION:
            body += _review_html(report, label)
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


def _td(value: CellValue | None, ref: tuple[TableKind, FormKey, FormKey]) -> str:
    table, row, column = ref
    return f'<td data-cell="{table.key}.{row.key}.{column.key}">{html.escape(_cell(value))}</td>'


def _disclosure_html(report: AnnualReport, label: Callable[[str], str]) -> list[str]:
    e = html.escape
    table = report.active_disclosure
    out = [f'<table data-table="{table.kind.key}">', f"<caption>{e(label(table.kind.label))}</caption>"]
    width = max(len(row.columns) for row in table.spec.rows)
    group: FormKey | None = None
    for row, cells in table.rows():
        if row.group is not group:
            group = row.group
            caption = label(group.label) if group is not None else ""
            out.append(f'<tr><th colspan="{width + 1}" scope="colgroup">{e(caption)}</th></tr>')
            span = width // len(row.columns)
            headers = "".join(
                f'<th scope="col" colspan="{span}">{e(label(c.label))}</th>' for c in row.columns
            )
            out.append(f'<tr><th scope="col">{e(label(DISCLOSURE_FIRST_HEADER))}</th>{headers}</tr>')
        span = width // len(row.columns)
        values = "".join(
            _td(value, (table.kind, row.key, column)).replace(
                "<td ", f'<td colspan="{span}" ' if span > 1 else "<td "
            )
            for column, value in cells.items()
        )
        out.append(f'<tr><th scope="row">{e(label(row.label))}</th>{values}</tr>')
    out.append("</table>")
    return out


def _requests_html(report: AnnualReport, label: Callable[[str], str], *, merged: bool) -> list[str]:
    e = html.escape
    table = report.requests
    legal = [a for a in Applicant if a.is_legal_person]
    out = [
        f'<table data-table="{table.kind.key}">',
        f"<caption>{e(label(table.kind.label))}</caption>",
        f'<tr><th colspan="3" rowspan="3">{e(label(REQUESTS_NOTE))}</th>'
        f'<th colspan="7" scope="colgroup">{e(label(REQUESTS_APPLICANTS_HEADER))}</th></tr>',
        f'<tr><th rowspan="2" scope="col">{e(label(Applicant.NATURAL_PERSON.label))}</th>'
        f'<th colspan="5" scope="colgroup">{e(label(REQUESTS_LEGAL_PERSONS_HEADER))}</th>'
        f'<th rowspan="2" scope="col">{e(label(Applicant.TOTAL.label))}</th></tr>',
        "<tr>" + "".join(f'<th scope="col">{e(label(a.label))}</th>' for a in legal) + "</tr>",
    ]
    rows = list(table.rows())
    outcome_rows = [r for r, _ in rows if isinstance(r.key, RequestRow) and r.key.is_outcome]
    for row, cells in rows:
        key = row.key
        assert isinstance(key, RequestRow)
        heads: list[str] = []
        outcome = key.outcome
        if outcome is None:
            heads.append(f'<th colspan="3" scope="row">{e(label(row.label))}</th>')
        else:
            members = [r for r in outcome_rows if isinstance(r.key, RequestRow) and r.key.outcome is outcome]
            first_of_all = row is outcome_rows[0]
            first_of_group = row is members[0]
            if first_of_all or not merged:
                span = f' rowspan="{len(outcome_rows) + 1}"' if merged else ""
                heads.append(f"<th{span}>{e(label(REQUESTS_RESULTS_GROUP))}</th>")
            if row.label == outcome.label:
                heads.append(f'<th colspan="2" scope="row">{e(label(row.label))}</th>')
            else:
                if first_of_group or not merged:
                    span = f' rowspan="{len(members)}"' if merged else ""
                    heads.append(f"<th{span}>{e(label(outcome.label))}</th>")
                heads.append(f'<th scope="row">{e(label(row.label))}</th>')
        if key is RequestRow.TOTAL:
            heads = (
                [f'<th colspan="2" scope="row">{e(label(row.label))}</th>']
                if merged
                else [
                    f"<th>{e(label(REQUESTS_RESULTS_GROUP))}</th>",
                    f'<th colspan="2" scope="row">{e(label(row.label))}</th>',
                ]
            )
        values = "".join(_td(v, (table.kind, key, c)) for c, v in cells.items())
        out.append(f"<tr>{''.join(heads)}{values}</tr>")
    out.append("</table>")
    return out


def _review_html(report: AnnualReport, label: Callable[[str], str]) -> list[str]:
    e = html.escape
    table = report.review_litigation
    results = "".join(f'<th scope="col">{e(label(c.label))}</th>' for c in ReviewColumn)
    spanned = "".join(f'<th rowspan="2" scope="col">{e(label(c.label))}</th>' for c in ReviewColumn)
    values = "".join(_td(cell.value, (table.kind, cell.row_key, cell.column_key)) for cell in table.cells())
    return [
        f'<table data-table="{table.kind.key}">',
        f"<caption>{e(label(table.kind.label))}</caption>",
        f'<tr><th colspan="5" scope="colgroup">{e(label(ReviewRow.ADMINISTRATIVE_REVIEW.label))}</th>'
        f'<th colspan="10" scope="colgroup">{e(label(REVIEW_LITIGATION_HEADER))}</th></tr>',
        f'<tr>{spanned}<th colspan="5" scope="colgroup">{e(label(ReviewRow.LITIGATION_DIRECT.label))}</th>'
        f'<th colspan="5" scope="colgroup">{e(label(ReviewRow.LITIGATION_AFTER_REVIEW.label))}</th></tr>',
        f"<tr>{results}{results}</tr>",
        f"<tr>{values}</tr>",
        "</table>",
    ]
