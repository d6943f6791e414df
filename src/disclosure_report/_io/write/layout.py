"""The printed layout of the three tables, as rows of cells with their spans: one layout for every writer.

Text, HTML, DOCX and Excel draw the tables from these layouts, so that the merged header cells, the group
labels that span rows and the data cells are the same everywhere. Labels come from the form, in either
script and either punctuation (:func:`labeller`); the title and signature every writer prints are here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Final, Literal

import attrs

from ..._form import (
    DISCLOSURE_FIRST_HEADER,
    REQUESTS_APPLICANTS_HEADER,
    REQUESTS_LEGAL_PERSONS_HEADER,
    REQUESTS_NOTE,
    REQUESTS_RESULTS_GROUP,
    REVIEW_LITIGATION_HEADER,
    Applicant,
    FormKey,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    TableKind,
    TableSpec,
    labels,
)
from ..._model import AnnualReport, CellRef, CellValue, plain

__all__ = [
    "COLUMN_WEIGHTS",
    "Label",
    "Layout",
    "LayoutCell",
    "Punctuation",
    "Script",
    "grid",
    "heading_rows",
    "labeller",
    "signature_lines",
    "table_layout",
    "title_of",
]

Punctuation = Literal["full", "ascii"]
"""Labels with the form's full-width punctuation, or with ASCII brackets, colons, commas and quotes."""
Script = Literal["simplified", "traditional"]
"""Labels in simplified characters, as the form prints them, or in traditional ones, as mirror sites do."""

_ASCII: Final = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "“": '"', "”": '"'})


def labeller(punctuation: Punctuation, script: Script) -> Callable[[str], str]:
    """How to print the form's texts: in a script, with a punctuation (other texts are printed as given)."""

    def label(text: str) -> str:
        if script == "traditional":
            text = labels.traditional(text)
        return text.translate(_ASCII) if punctuation == "ascii" else text

    return label


def title_of(report: AnnualReport) -> str:
    """The report's title as published, or the usual title when it has none."""
    info = report.metadata
    year = "" if info.year is None else f"{info.year}年"  # a year not stated is not made up
    return info.title or f"{info.agency}{year}政府信息公开工作年度报告"


def signature_lines(report: AnnualReport) -> list[str]:
    """The lines that close a report: the agency (when a date follows it) and the publication date."""
    info = report.metadata
    lines = [info.agency] if info.agency.strip() and info.published is not None else []
    if info.published is not None:
        lines.append(f"{info.published.year}年{info.published.month}月{info.published.day}日")
    return lines


@attrs.frozen
class LayoutCell:
    """A cell of a printed table.

    Attributes:
        text: The text printed (a label, or a value; empty for a blank).
        colspan: Columns covered.
        rowspan: Rows covered.
        header: Whether it is a label (header) cell rather than a data cell.
        scope: For header cells, what they label: ``row``, ``col``, ``colgroup`` or ``None``.
        ref: For data cells, the report cell it shows.
        value: For data cells, the value it shows.
    """

    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = True
    scope: str | None = None
    ref: CellRef | None = None
    value: CellValue | None = None


Layout = list[list[LayoutCell]]
Label = Callable[[str], str]


def _data(
    kind: TableKind, row: FormKey, column: FormKey, value: CellValue | None, colspan: int = 1
) -> LayoutCell:
    return LayoutCell(
        "" if value is None else plain(value), colspan, 1, False, None, (kind, row, column), value
    )


def _disclosure(spec: TableSpec, values: dict[CellRef, CellValue | None], label: Label) -> Layout:
    width = max(len(row.columns) for row in spec.rows)
    rows: Layout = []
    group: FormKey | None = None
    for row in spec.rows:
        # Rows with fewer columns than the widest spread them over its width; the last takes the remainder.
        count = len(row.columns)
        spans = [width // count] * (count - 1) + [width - (width // count) * (count - 1)]
        if row.group is not group:
            group = row.group
            rows.append([LayoutCell(label(group.label) if group else "", width + 1, scope="colgroup")])
            heads = [
                LayoutCell(label(c.label), s, scope="col") for c, s in zip(row.columns, spans, strict=True)
            ]
            rows.append([LayoutCell(label(DISCLOSURE_FIRST_HEADER), scope="col"), *heads])
        cells = [
            _data(spec.kind, row.key, c.key, values[(spec.kind, row.key, c.key)], s)
            for c, s in zip(row.columns, spans, strict=True)
        ]
        rows.append([LayoutCell(label(row.label), scope="row"), *cells])
    return rows


def _requests(spec: TableSpec, values: dict[CellRef, CellValue | None], label: Label, merged: bool) -> Layout:
    legal = [a for a in Applicant if a.is_legal_person]
    rows: Layout = [
        [
            LayoutCell(label(REQUESTS_NOTE), 3, 3),
            LayoutCell(label(REQUESTS_APPLICANTS_HEADER), 7, scope="colgroup"),
        ],
        [
            LayoutCell(label(Applicant.NATURAL_PERSON.label), 1, 2, scope="col"),
            LayoutCell(label(REQUESTS_LEGAL_PERSONS_HEADER), 5, scope="colgroup"),
            LayoutCell(label(Applicant.TOTAL.label), 1, 2, scope="col"),
        ],
        [LayoutCell(label(a.label), scope="col") for a in legal],
    ]
    outcome_rows = [r for r in spec.rows if isinstance(r.key, RequestRow) and r.key.is_outcome]
    for row in spec.rows:
        key = row.key
        assert isinstance(key, RequestRow)
        heads: list[LayoutCell] = []
        outcome = key.outcome
        if outcome is None and key is not RequestRow.TOTAL:
            heads.append(LayoutCell(label(row.label), 3, scope="row"))
        elif key is RequestRow.TOTAL:
            if not merged:
                heads.append(LayoutCell(label(REQUESTS_RESULTS_GROUP)))
            heads.append(LayoutCell(label(row.label), 2, scope="row"))
        else:
            assert outcome is not None
            members = [r for r in outcome_rows if isinstance(r.key, RequestRow) and r.key.outcome is outcome]
            if row is outcome_rows[0] or not merged:
                heads.append(
                    LayoutCell(label(REQUESTS_RESULTS_GROUP), 1, len(outcome_rows) + 1 if merged else 1)
                )
            if row.label == outcome.label:
                heads.append(LayoutCell(label(row.label), 2, scope="row"))
            else:
                if row is members[0] or not merged:
                    heads.append(LayoutCell(label(outcome.label), 1, len(members) if merged else 1))
                heads.append(LayoutCell(label(row.label), scope="row"))
        cells = [_data(spec.kind, key, c.key, values[(spec.kind, key, c.key)]) for c in row.columns]
        rows.append([*heads, *cells])
    return rows


def _review(spec: TableSpec, values: dict[CellRef, CellValue | None], label: Label) -> Layout:
    results = [LayoutCell(label(c.label), scope="col") for c in ReviewColumn]
    return [
        [
            LayoutCell(label(ReviewRow.ADMINISTRATIVE_REVIEW.label), 5, scope="colgroup"),
            LayoutCell(label(REVIEW_LITIGATION_HEADER), 10, scope="colgroup"),
        ],
        [
            *(LayoutCell(label(c.label), 1, 2, scope="col") for c in ReviewColumn),
            LayoutCell(label(ReviewRow.LITIGATION_DIRECT.label), 5, scope="colgroup"),
            LayoutCell(label(ReviewRow.LITIGATION_AFTER_REVIEW.label), 5, scope="colgroup"),
        ],
        [*results, *results],
        [_data(spec.kind, r.key, c.key, values[(spec.kind, r.key, c.key)]) for r, c in spec.cells],
    ]


def table_layout(
    spec: TableSpec, values: tuple[CellValue | None, ...], label: Label, *, merged: bool = True
) -> Layout:
    """The printed layout of a table with these values, rows top to bottom.

    Args:
        spec: The table's layout in its version.
        values: The table's values in form order.
        label: How to print a label (punctuation and script variants).
        merged: Merge the group labels of table 三 over their rows, as the form does, or repeat them.
    """
    by_ref = {(spec.kind, r.key, c.key): v for (r, c), v in zip(spec.cells, values, strict=True)}
    if spec.kind is TableKind.ACTIVE_DISCLOSURE:
        return _disclosure(spec, by_ref, label)
    if spec.kind is TableKind.REQUESTS:
        return _requests(spec, by_ref, label, merged)
    return _review(spec, by_ref, label)


def heading_rows(kind: TableKind, layout: Layout) -> int:
    """How many rows at the top of a table are its column headings, to repeat on every printed page.

    Tables 三 and 四 have one set of columns; table 二 is a stack of small tables with their own headings,
    so none of its rows is repeated.
    """
    if kind is TableKind.ACTIVE_DISCLOSURE:
        return 0
    count = 0
    for row in layout:
        if any(cell.ref is not None for cell in row):
            break
        count += 1
    return count


@attrs.frozen
class Placed:
    """A layout cell at its grid position; ``covered`` marks the rows a row-spanning cell continues into."""

    row: int
    column: int
    cell: LayoutCell
    covered: bool = False


def grid(layout: Layout) -> Iterator[Placed]:
    """Every cell at its (row, column) position in the grid, row by row, left to right.

    A cell spanning rows appears again, marked ``covered``, at the start of each row it continues into
    (DOCX draws such continuations as cells of their own).
    """
    taken: dict[tuple[int, int], LayoutCell] = {}
    for row_number, cells in enumerate(layout):
        column = 0
        pending = list(cells)
        placed: list[Placed] = []
        while pending or (row_number, column) in taken:
            if (row_number, column) in taken:
                above = taken[(row_number, column)]
                placed.append(Placed(row_number, column, above, covered=True))
                column += above.colspan
                continue
            cell = pending.pop(0)
            placed.append(Placed(row_number, column, cell))
            for extra in range(1, cell.rowspan):
                taken[(row_number + extra, column)] = cell
            column += cell.colspan
        yield from placed


COLUMN_WEIGHTS: Final = {
    TableKind.ACTIVE_DISCLOSURE: (2.0, 1.0, 1.0, 1.0),
    TableKind.REQUESTS: (1.1, 1.1, 3.6, *(1.0,) * 7),
    TableKind.REVIEW_LITIGATION: (1.0,) * 15,
}
"""Relative widths of each table's grid columns as printed: label columns wider than number columns."""
