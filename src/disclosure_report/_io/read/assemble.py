"""The machinery every reader of published documents shares: from lines of cells to a report and findings.

A reader (text, HTML, DOCX, PDF, XLSX) turns its document into :class:`Line` objects: a paragraph is a line
of one cell, a table row is a line of cells, each with its source position. :func:`assemble` finds the
title and the six sections, aligns each table row to the form's rows and columns by its label, and returns
the report with reading findings and the position of every cell.

The one rule of alignment: a value is never moved into a neighbour's cell. A row whose cells cannot be
matched one to one with the form's columns is left blank and reported, with the reason.
"""

from __future__ import annotations

import datetime
import itertools
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from ..._form import (
    CURRENT_VERSION,
    REQUESTS_NOTE,
    CellKey,
    CellKind,
    FormKey,
    RequestRow,
    ReviewRow,
    RowSpec,
    Section,
    TableKind,
    TemplateVersion,
    labels,
    table_spec,
    version_spec,
    version_specs,
)
from ..._form.versions import VERSION_MARKERS, version_for_year
from ..._model import (
    AGENCY_DETAILS,
    FIRST_YEAR,
    LAST_YEAR,
    TABLE_CLASSES,
    AgencyLevel,
    AnnualReport,
    AnyTable,
    CellRef,
    CellValue,
    Metadata,
    SourcePosition,
    check_cell,
    is_division_code,
    plain,
)
from ..._rules import Code
from ..._validation import Finding, Location
from ...exceptions import FieldValueError, Problem, ReadError
from ..workbook import APPENDIX_MARK, FINDINGS_SHEET, META_FIELDS, META_SHEET
from .normalize import CellText, label_key, parse_cell
from .result import ReadResult
from .runs import all_figures, labelled_runs, run_of, split_run

__all__ = [
    "Line",
    "ReadResult",
    "Reader",
    "assemble",
    "check_content",
    "deprecated_content",
    "drop_notes",
    "is_row_label",
    "region_of",
    "split_row",
    "stated_details",
    "table_row",
]


@attrs.frozen
class Line:
    """A line of a document: a paragraph (one cell) or a table row (its cells, left to right).

    Attributes:
        cells: The cells' texts.
        position: Where the line is: ``line 12``, ``table 2, row 5``, ``'Sheet'!12``...
        in_table: Whether the line is a row of a table in the document (HTML, DOCX), as opposed to text.
        exact: Whether every cell of the row is a real cell (HTML, DOCX), so that an empty cell is a blank;
            in copied text, empty cells at the ends of a row may be tab artefacts.
        cell_positions: Each cell's position, when it is not the line's with the cell's number.
        apart: Whether the line is set apart from the text before it as a signature is: aligned or
            pushed to the right, or after an empty line in plain text.
        joined: For a row whose figures ran together and were split the only way possible, the run as
            printed (said with ``read-cells-joined``).
    """

    cells: tuple[str, ...]
    position: SourcePosition
    in_table: bool = False
    exact: bool = False
    cell_positions: tuple[SourcePosition, ...] | None = None
    apart: bool = False
    joined: str | None = None

    def cell_position(self, index: int) -> SourcePosition:
        """The position of one cell (``index`` from 0)."""
        if self.cell_positions is not None:
            return self.cell_positions[index]
        return self.position.with_cell(index + 1)


def check_content(value: object, function: str, file_reader: str, *, text: bool = False) -> None:
    """Refuse what is not content, such as a path given to a ``from_*`` function.

    The ``TypeError`` names the function that reads files.
    """
    kinds = (bytes, str) if text else (bytes,)
    if not isinstance(value, kinds):
        what = "the text or its bytes" if text else "the file's bytes"
        raise TypeError(
            f"{function}() takes {what}, not {type(value).__name__}; to read a file, use {file_reader}()"
        )


def deprecated_content(function: str, replacement: str) -> None:
    """Warn that a file reader was given content: ``read_*`` read files, ``from_*`` read content."""
    warnings.warn(
        f"{function}() given the document's content is deprecated: use {replacement}() for content "
        f"(read_* functions read files, from_* functions read content in memory)",
        DeprecationWarning,
        stacklevel=3,
    )


def table_row(texts: Sequence[str], table: int, row: int, *, page: int | None = None) -> Line:
    """A row of a document's table (HTML, DOCX, PDF), every cell real and numbered from 1 for its position.

    A PDF's rows name their page too: ``page 3, table 2, row 5, cell 4``.
    """
    return Line(tuple(texts), SourcePosition(page=page, table=table, row=row), in_table=True, exact=True)


# --- headings and metadata ---------------------------------------------------------------------------

HEADING_WORDS: Final = {
    Section.OVERVIEW: ("一", ("总体情况", "总体")),
    Section.ACTIVE_DISCLOSURE: ("二", ("主动公开",)),
    Section.REQUESTS: ("三", ("收到和处理", "依申请", "申请情况")),
    Section.REVIEW_LITIGATION: ("四", ("复议", "诉讼")),
    Section.PROBLEMS: ("五", ("问题",)),
    Section.OTHER_MATTERS: ("六", ("其他需要", "其他事项", "其他")),
}
"""What a section's heading starts with and one of the words it holds, as real reports word them."""
SECTIONS_BY_NUMBER: Final = tuple(HEADING_WORDS)
"""The sections in order: ``SECTIONS_BY_NUMBER[0]`` is section 一."""
_MAX_HEADING: Final = 40
_DATE_LINE: Final = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年")


def _heading(text: str) -> Section | None:
    """The section a line would open as its heading, if it reads like one."""
    key = label_key(text)
    if len(key) > _MAX_HEADING:
        return None
    for section, (numeral, words) in HEADING_WORDS.items():
        if re.match(numeral + r"[、.]", key) and any(w in key for w in words):
            return section
    return None


def _headings(candidates: Sequence[tuple[int, Section]]) -> dict[int, Section]:
    """The lines that open sections: the longest run of heading-like lines whose sections go up.

    A line of section 一 that reads like a later heading ("五、存在的主要问题及改进情况" quoted in the
    text) is then text, since taking it would skip the real headings after it. Among runs as long,
    the earliest lines are taken. Linear: six sections, one pass.
    """
    best: dict[int, tuple[int, int]] = {}  # section number -> (length of the best run ending there, line)
    previous: dict[int, int | None] = {}  # line -> the line before it in its run
    for line, section in candidates:
        before = max(
            ((length, at) for number, (length, at) in best.items() if number < section.number),
            key=lambda item: item[0],
            default=(0, None),
        )
        length = before[0] + 1
        if length > best.get(section.number, (0, 0))[0]:
            best[section.number] = (length, line)
            previous[line] = before[1]
    if not best:
        return {}
    chosen: dict[int, Section] = {}
    by_line = dict(candidates)
    last: int | None = max(best.values(), key=lambda item: (item[0], -item[1]))[1]
    while last is not None:
        chosen[last] = by_line[last]
        last = previous[last]
    return chosen


# --- tables ------------------------------------------------------------------------------------------


@attrs.frozen
class Row:
    """A table row split into its label and its value cells.

    ``near`` is set for a row matched by a label close to the form's, not equal to it: the number of edits
    between the two and between the label and the next closest row's.
    """

    key: FormKey
    label: str
    values: tuple[str, ...]
    line: Line
    first_value: int
    near: tuple[int, int] | None = None


def _label_index() -> dict[TableKind, dict[str, FormKey]]:
    index: dict[TableKind, dict[str, FormKey]] = {}
    for kind in TableKind:
        keys = index.setdefault(kind, {})
        for version in TemplateVersion:
            for row in table_spec(kind, version).rows:
                keys.setdefault(label_key(row.label), row.key)
    for key, variants in labels.REQUEST_ROW_VARIANTS.items():
        for variant in variants:
            index[TableKind.REQUESTS].setdefault(label_key(variant), RequestRow(key))
    return index


_LABELS: Final = _label_index()
_KEYS_BY_KIND: Final = {kind: tuple(keys.items()) for kind, keys in _LABELS.items()}
_RUN_KEYS: Final = {kind: tuple(keys) for kind, keys in _LABELS.items()}

MAX_LABEL_EDITS: Final = 4
"""A label matched by approximation differs from the form's in at most a quarter of its characters, and
never more than this many (insertions, deletions, substitutions over the normalised label)."""
LABEL_MARGIN: Final = 2
"""...and every other row's label is at least this many edits further away: a label two rows could
claim is never matched."""
_NEAR_ATTEMPTS: Final = 64
"""Rows per table whose label is looked for by approximation (a form has about forty rows): the work on
a hostile table with thousands of unknown rows stays bounded."""


def _edits(a: str, b: str, limit: int) -> int:
    """The edit distance of two labels, or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def near_row(line: Line, kind: TableKind) -> Row | None:
    """The row a line is, when its label is close to exactly one of the form's and far from the others.

    The label is the rightmost text cell followed by at least one number (a data row). It is matched
    when it differs from a row label in at most a quarter of its characters (and at most
    :data:`MAX_LABEL_EDITS` edits) and every other row's label is :data:`LABEL_MARGIN` edits further.
    """
    cells = line.cells
    for index in range(len(cells) - 1, -1, -1):
        text = cells[index].strip()
        if not text or parse_cell(text).readable:
            continue
        after = cells[index + 1 :]
        if not any(parse_cell(c).value is not None for c in after) or len(text) > 60:
            return None
        key = label_key(text)
        # Each row's nearest label, with that label's length: a quarter of the label matched is allowed
        # (a row's long label, its short variant aside).
        best: dict[FormKey, tuple[int, int]] = {}
        for label, row_key in _KEYS_BY_KIND[kind]:
            limit = min(MAX_LABEL_EDITS, len(label) // 4) + LABEL_MARGIN
            found = _edits(key, label, limit)
            if found <= limit and (found, len(label)) < best.get(row_key, (limit + 1, 0)):
                best[row_key] = (found, len(label))
        ranked = sorted(best.items(), key=lambda item: item[1][0])
        if not ranked:
            return None
        row_key, (distance, length) = ranked[0]
        runner_up = ranked[1][1][0] if len(ranked) > 1 else None
        allowed = min(MAX_LABEL_EDITS, max(1, length // 4))
        if distance == 0 or distance > allowed:
            return None
        if runner_up is not None and runner_up - distance < LABEL_MARGIN:
            return None
        shown = runner_up if runner_up is not None else distance + LABEL_MARGIN
        return Row(row_key, text, tuple(after), line, index + 1, (distance, shown))
    return None


_MARKERS: Final = {label_key(key.label): version for key, version in VERSION_MARKERS.items()}


def is_row_label(text: str) -> bool:
    """Whether the text is a row label of one of the form's tables, as the readers recognise them."""
    key = label_key(text)
    return any(key in keys for keys in _LABELS.values())


def split_row(line: Line, kind: TableKind) -> Row | None:
    """The row's label (its rightmost cell that is a row label of the table) and the cells after it.

    A row with no row label is a header, a caption or a note: ``None``.
    """
    cells = line.cells
    for index in range(len(cells) - 1, -1, -1):
        text = cells[index].strip()
        if not text:
            continue
        key = _LABELS[kind].get(label_key(text))
        if key is not None:
            return Row(key, text, tuple(cells[index + 1 :]), line, index + 1)
    return None


def _align(values: Sequence[str], count: int, exact: bool) -> int | None:
    """Where the row's ``count`` value cells start among its cells; ``None`` if they do not match one to one.

    The value cells must match the form's columns one to one.
    In copied text a row may carry empty cells at its ends that are only tab artefacts (merged label
    cells, a trailing tab). Surplus empty cells are dropped only when exactly one way of dropping them
    exists: if a blank value could be the one dropped, the row is ambiguous and is not guessed. Linear
    in the row's length: the empty cells at each end are counted once.
    """
    if exact or len(values) <= count:
        return 0 if len(values) == count else None
    surplus = len(values) - count
    leading = next((i for i, c in enumerate(values) if c.strip()), len(values))
    if leading == len(values):
        return 0  # every cell is empty: the first ones are the row's blanks
    trailing = next(i for i, c in enumerate(reversed(values)) if c.strip())
    # Dropping `lead` cells at the start and `surplus - lead` at the end must drop only empty cells.
    first, last = max(0, surplus - trailing), min(surplus, leading)
    return first if first == last else None


@attrs.define
class Reader:
    """The state of one assembly: findings and cell positions gathered as the document is read."""

    findings: list[Finding] = attrs.Factory(list)
    positions: dict[CellRef, SourcePosition] = attrs.Factory(dict)

    def add(self, code: Code, location: Location, **params: Any) -> None:
        """Record a reading finding (``params`` as for :meth:`Finding.of`)."""
        self.findings.append(Finding.of(code, location, **params))

    def table(self, kind: TableKind, version: TemplateVersion, lines: Sequence[Line]) -> AnyTable:
        """A table read from its lines: each row found by its label, its values aligned to the columns."""
        spec = table_spec(kind, version)
        section = kind.section
        if not lines:
            self.add("read-table-missing", Location(section=section, table=kind), table=kind.label)
            return TABLE_CLASSES[kind](version, (None,) * spec.size)
        rows: dict[FormKey, Row] = {}
        near: dict[FormKey, list[Row]] = {}
        data_line = _review_data_line(lines) if kind is TableKind.REVIEW_LITIGATION else None
        if kind is not TableKind.REVIEW_LITIGATION:
            lines = _rows_run_together(lines, kind, version)
            attempts = 0
            for line in lines:
                row = split_row(line, kind)
                if row is None:
                    if attempts < _NEAR_ATTEMPTS:
                        attempts += 1
                        close = near_row(line, kind)
                        if close is not None:
                            near.setdefault(close.key, []).append(close)
                    continue
                if row.key in rows:
                    self.add(
                        "read-duplicate-row",
                        Location(section=section, table=kind, row=row.key, source=line.position),
                        label=row.label,
                        first=str(rows[row.key].line.position),
                    )
                    continue
                rows[row.key] = row
            # A label matched by approximation fills a row nothing else claims, and only when no other
            # line's label is as close to it.
            for key, claims in near.items():
                if key not in rows and len(claims) == 1:
                    rows[key] = claims[0]
        values: dict[CellKey, CellValue | None] = {}
        said_group = self._one_row_for_the_group(kind, version, rows)
        sub_rows = version_spec(version).sub_rows(RequestRow.OTHER_PROCESSING) if said_group else ()
        for row_spec in spec.rows:
            row = rows.get(row_spec.key)
            if kind is TableKind.REVIEW_LITIGATION and data_line is not None:
                row = _review_row(data_line, row_spec)
                if row is None:
                    self.add(
                        "read-row-misaligned",
                        Location(section=section, table=kind, row=row_spec.key, source=data_line.position),
                        row=row_spec.label,
                        expected=15,
                        actual=len(data_line.cells),
                        found=_shown_cells(data_line.cells),
                    )
                    continue
            if row is None and row_spec.key in sub_rows:
                continue  # said once for the group, with what its one row states
            if row is None:
                self.add(
                    "read-row-missing",
                    Location(section=section, table=kind, row=row_spec.key),
                    row=row_spec.label,
                )
                continue
            if row.near is not None:
                self.add(
                    "read-label-near",
                    Location(section=section, table=kind, row=row_spec.key, source=row.line.position),
                    expected=row_spec.label,
                    actual=row.label,
                    distance=row.near[0],
                    runner_up=row.near[1],
                )
            elif (
                label_key(row.label) != label_key(row_spec.label) and kind is not TableKind.REVIEW_LITIGATION
            ):
                self.add(
                    "read-label-variant",
                    Location(section=section, table=kind, row=row_spec.key, source=row.line.position),
                    expected=row_spec.label,
                    actual=row.label,
                )
            if row.line.joined is not None and (kind is not TableKind.REVIEW_LITIGATION or not values):
                review = kind is TableKind.REVIEW_LITIGATION  # its one run holds all three groups
                cells_read = row.line.cells if review else row.line.cells[row.first_value :]
                self.add(
                    "read-cells-joined",
                    Location(section=section, table=kind, row=row_spec.key, source=row.line.position),
                    row=kind.label if review else row_spec.label,
                    run=row.line.joined,
                    split=" | ".join(cells_read),
                    basis_zh="数字位数与单元格数、数字不以0开头",
                    basis_en="the count of digits and cells allows (no figure starts with 0)",
                )
            values.update(self._row_values(kind, row_spec, row))
        cells = tuple(values.get((r.key, c.key)) for r, c in spec.cells)
        return TABLE_CLASSES[kind](version, cells)

    def _one_row_for_the_group(
        self, kind: TableKind, version: TemplateVersion, rows: Mapping[FormKey, Row]
    ) -> bool:
        """A 2021 table 三 printing （六）其他处理 as one row, as the 2019 form did: said, with its figures.

        Its sub-rows 1–3 stay blank (what each holds is not stated); the finding keeps the row's figures,
        column by column, so that nothing the document states is lost.
        """
        group = rows.get(RequestRow.OTHER_PROCESSING)
        sub_rows = version_spec(version).sub_rows(RequestRow.OTHER_PROCESSING)
        if kind is not TableKind.REQUESTS or not sub_rows or group is None:
            return False
        if any(key in rows for key in sub_rows):
            return False
        if not any(parse_cell(value).value is not None for value in group.values):
            return False  # the group's heading alone, its rows lost: they are reported missing
        columns = (
            table_spec(kind, version).row(sub_rows[0]).columns
        )  # the one row's are its sub-rows' columns
        start = _align(group.values, len(columns), group.line.exact)
        if start is None:
            start = _align(group.values, len(columns), False)
        stated: dict[str, int | Decimal | None] = {}
        if start is not None:
            for position, column in enumerate(columns):
                stated[column.key.key] = parse_cell(group.values[start + position]).value
        shown = "、".join(
            f"{column.label} {'空白' if stated.get(column.key.key) is None else stated[column.key.key]}"
            for column in columns
        )
        self.add(
            "read-group-one-row",
            Location(
                section=kind.section, table=kind, row=RequestRow.OTHER_PROCESSING, source=group.line.position
            ),
            label=group.label,
            figures=shown if stated else _shown_cells(group.values),
            stated=stated,
        )
        return True

    def _row_values(self, kind: TableKind, row_spec: RowSpec, row: Row) -> dict[CellKey, CellValue | None]:
        section = kind.section
        count = len(row_spec.columns)
        row_at = Location(section=section, table=kind, row=row_spec.key, source=row.line.position)
        facts = {
            "row": row_spec.label,
            "expected": count,
            "actual": len(row.values),
            "found": _shown_cells(row.values),
        }
        start = _align(row.values, count, row.line.exact)
        if start is None and row.line.exact:
            # A cell too many in a real table (a heading cell shifted, a label column split in two):
            # taken only when the surplus cells are empty and exactly one way of dropping them exists.
            start = _align(row.values, count, False)
            if start is not None:
                trailing = len(row.values) - count - start
                self.add("read-row-shifted", row_at, leading=start, trailing=trailing, **facts)
        if start is None:
            self.add("read-row-misaligned", row_at, **facts)
            return {}
        values: dict[CellKey, CellValue | None] = {}
        for position, column in enumerate(row_spec.columns):
            text = row.values[start + position]
            ref = (kind, row_spec.key, column.key)
            where = row.line.cell_position(row.first_value + start + position)
            self.positions[ref] = where
            location = Location(
                section=section, table=kind, row=row_spec.key, column=column.key, source=where
            )
            parsed = parse_cell(text, money=column.kind is CellKind.MONEY)
            values[(row_spec.key, column.key)] = self._value(
                parsed, column.kind, location, row_spec, column.label
            )
        return values

    def _value(
        self, parsed: CellText, kind: CellKind, location: Location, row: RowSpec, column: str
    ) -> CellValue | None:
        if parsed.marker is not None:
            self.add("read-blank-marker", location, actual=parsed.marker, row=row.label, column=column)
            return None
        if parsed.blank:
            return None
        value = parsed.value
        readable = value is not None and (
            (kind is CellKind.MONEY and value >= 0)
            or (kind is CellKind.COUNT and isinstance(value, int) and value >= 0)
            or (kind is CellKind.SIGNED_COUNT and isinstance(value, int))
        )
        if value is None or not readable:
            self.add("read-unreadable-cell", location, actual=parsed.text, row=row.label, column=column)
            return None
        stored: CellValue = Decimal(value) if kind is CellKind.MONEY and isinstance(value, int) else value
        try:
            check_cell("", kind, stored)
        except FieldValueError:  # a number the model cannot hold (above its maximum): not guessed
            self.add("read-unreadable-cell", location, actual=parsed.text, row=row.label, column=column)
            return None
        said = {"actual": parsed.text, "row": row.label, "column": column, "value": plain(stored)}
        if parsed.footnote is not None:
            self.add("read-footnote-mark", location, mark=parsed.footnote, **said)
        if parsed.unit is not None:
            self.add("read-amount-yuan", location, **said)
        return stored


_SHOWN_CELLS: Final = 20


def _shown_cells(cells: Sequence[str]) -> str:
    """The cells of a row as a message quotes them: a long row is cut, saying how many cells it has."""
    shown = " | ".join(c.strip() or "∅" for c in cells[:_SHOWN_CELLS])
    return shown if len(cells) <= _SHOWN_CELLS else f"{shown} | … ({len(cells)} cells)"


def _review_data_line(lines: Sequence[Line]) -> Line | None:
    """Table 四's one data row: the last row whose cells are all numbers or blanks.

    A copy may break the row over several lines; when the all-number lines hold exactly 15 stated cells
    between them, they are joined.
    """
    # A row of fifteen blanks is still the data row: its cells are there, only empty.
    candidates = [
        line
        for line in lines
        if (len(line.cells) >= 15 or any(c.strip() for c in line.cells))
        and all(parse_cell(c).readable for c in line.cells)
    ]
    if not candidates:
        return _review_run(lines)
    last = [c.strip() for c in candidates[-1].cells if c.strip()]
    if len(last) == 1 and len(last[0]) >= 15 and all_figures(last):
        return _review_run(candidates[-1:])  # the fifteen figures run together: no count is that long
    if len(candidates) > 1 and sum(len([c for c in line.cells if c.strip()]) for line in candidates) == 15:
        cells = tuple(c for line in candidates for c in line.cells if c.strip())
        positions = tuple(
            line.cell_position(i) for line in candidates for i, c in enumerate(line.cells) if c.strip()
        )
        return Line(cells, candidates[0].position, exact=True, cell_positions=positions)
    return candidates[-1]


_TRAILING_RUN: Final = re.compile(r"[0-9０-９\s\u3000—/]+$")


def _review_run(lines: Sequence[Line]) -> Line | None:
    """Table 四's fifteen figures run together at the end of its headings' text (a crawler's copy).

    Taken only when the run splits into fifteen cells one way (see :mod:`.runs`).
    """
    for line in reversed(lines):
        filled = [c for c in line.cells if c.strip()]
        if len(filled) != 1 or line.exact:
            continue
        text = filled[0].rstrip()
        run = _TRAILING_RUN.search(text)
        before = text[: run.start()].rstrip() if run is not None else ""
        # The run follows the headings' words (…总计), not a figure's mark or part: else it may be only
        # the end of the figures.
        if run is None or (before and not "\u4e00" <= before[-1] <= "\u9fff"):
            return None
        split = split_run(run.group().strip(), 15)
        if split is None:
            return None
        return Line(
            split.cells, line.position, exact=True, joined=run.group().strip() if split.joined else None
        )
    return None


def _rows_run_together(lines: Sequence[Line], kind: TableKind, version: TemplateVersion) -> list[Line]:
    """A table's lines, each line that holds rows run together (a crawler's text) as those rows.

    A line of one text (not a real table's row) in which the form's row labels are found is read as the
    rows they start, each with the figures after it split into the row's cells when exactly one way
    exists (:func:`~.runs.split_run`); an ambiguous run is kept as one cell, so that the row is reported
    and left blank. What stands before the first label (the column headings) stays a line of its own.
    Linear in the lines' length.
    """
    spec = table_spec(kind, version)
    keys = _RUN_KEYS[kind]
    out: list[Line] = []
    for line in lines:
        filled = [c for c in line.cells if c.strip()]
        if line.exact or len(filled) != 1 or split_row(line, kind) is not None:
            out.append(line)
            continue
        found = labelled_runs(filled[0], keys)
        if found is None:
            out.append(line)
            continue
        text = filled[0]
        head = text[: text.find(found[0][0])].strip() if found[0][0] in text else ""
        if head:
            out.append(Line((head,), line.position, apart=line.apart))
        for label, key, following in found:
            row_key = _LABELS[kind][key]
            count = next((len(row.columns) for row in spec.rows if row.key is row_key), 0)
            if count == 0:
                out.append(Line((label,), line.position))
                continue
            run, whole = run_of(following, count)
            split = split_run(run, count) if whole and run.strip() else None
            if split is None:
                shown = following.strip()[:60]
                out.append(Line((label, shown) if shown else (label,), line.position, exact=True))
                continue
            joined = run.strip() if split.joined else None
            out.append(Line((label, *split.cells), line.position, exact=True, joined=joined))
    return out


def _review_row(line: Line, row_spec: RowSpec) -> Row | None:
    """A group's five cells of table 四's data row; ``None`` when the row's cells are not its fifteen.

    The data row has no label: its fifteen cells are the three groups of five, in form order. A row of
    other cells is never read group by group (a row of five cells would be read into every group).
    """
    start = _align(line.cells, 15, line.exact)
    group = list(ReviewRow).index(ReviewRow(row_spec.key.key))
    if start is None:
        return None
    first = start + group * 5
    return Row(row_spec.key, row_spec.label, line.cells[first : first + 5], line, first)


def detect_version(table_lines: Iterable[Line]) -> TemplateVersion | None:
    """The version the document's labels show, if they show exactly one."""
    marker_rows: dict[FormKey, TemplateVersion] = {
        row: spec.version for spec in version_specs() for row in spec.marker_rows
    }
    found: dict[TemplateVersion, str] = {}
    for line in table_lines:
        for cell in line.cells:
            version = _MARKERS.get(label_key(cell))
            if version is not None:
                found.setdefault(version, cell.strip())
        row = split_row(line, TableKind.REQUESTS)
        if row is None or row.key not in marker_rows:
            continue
        if _tells_alone(row.key) or any(value.strip() for value in row.values):
            found.setdefault(marker_rows[row.key], row.label)
    return next(iter(found)) if len(found) == 1 else None


def _tells_alone(row: FormKey) -> bool:
    # A row whose label is also a group caption (（六）其他处理, 2019's one row, is 2021's caption) tells
    # its version only with figures of its own.
    return not (isinstance(row, RequestRow) and row.outcome is not None and row.label == row.outcome.label)


def choose_version(
    given: TemplateVersion | None, table_lines: Iterable[Line], year: int | None, reader: Reader
) -> TemplateVersion:
    """The version to read the tables in: as given, else as the labels show, else guessed from the year.

    A guess is reported as a ``read-version-guessed`` finding.
    """
    if given is not None:
        return given
    detected = detect_version(table_lines)
    if detected is not None:
        return detected
    guessed = version_for_year(year) if year is not None else CURRENT_VERSION
    reader.add(
        "read-version-guessed", Location(), actual=guessed.value, year=year if year is not None else "?"
    )
    return guessed


def drop_notes(lines: Iterable[Line]) -> list[Line]:
    """A table's lines without the 勾稽关系 note, which is a header cell, not a row."""
    note = label_key(REQUESTS_NOTE)
    return [line for line in lines if not any(label_key(c) == note for c in line.cells)]


def _table_at_end(lines: Sequence[Line]) -> int:
    """How many lines at the end are rows of one real table (cells all real, as many in each)."""
    count = 0
    while count < len(lines):
        line = lines[len(lines) - 1 - count]
        if not (line.in_table and line.exact) or len(line.cells) != len(lines[-1].cells):
            break
        count += 1
    return count


def _table_at_start(lines: Sequence[Line]) -> int:
    """How many lines at the start are rows of one real table (cells all real, as many in each)."""
    count = 0
    while count < len(lines):
        line = lines[count]
        if not (line.in_table and line.exact) or len(line.cells) != len(lines[0].cells):
            break
        count += 1
    return count


def _rows_of(lines: Sequence[Line], kind: TableKind | None) -> bool:
    """Whether any of the lines is a row of a table of this kind (labelled tables only)."""
    if kind is None or kind is TableKind.REVIEW_LITIGATION:
        return False
    return any(split_row(line, kind) is not None for line in lines)


_TABLE_OF: Final = {kind.section: kind for kind in TableKind}


def _rejoin_tables(parts: dict[Section, list[Line]]) -> None:
    """Join to a table the small table that continues it across a section heading (in place).

    OCR and conversion pipelines sometimes put some rows of a table in a separate small table just above
    or below it, on the far side of a heading (rows 一, 二, （一）, （二） of table 三 above its section's
    heading). Such a small table is moved to the table it continues when it is next to it (only the
    heading between), its columns agree with the table's (as many cells a row), it holds rows of that
    table, and none of the section it stands in. Linear in the lines.
    """
    order = [section for section in SECTIONS_BY_NUMBER if section in parts]
    for above, below in itertools.pairwise(order):
        upper, lower = parts[above], parts[below]
        tail, head = _table_at_end(upper), _table_at_start(lower)
        if not tail or not head or len(upper[-1].cells) != len(lower[0].cells):
            continue
        small_above, small_below = upper[len(upper) - tail :], lower[:head]
        kind_above, kind_below = _TABLE_OF.get(above), _TABLE_OF.get(below)
        if _rows_of(small_above, kind_below) and not _rows_of(small_above, kind_above):
            parts[below] = [*small_above, *lower]
            del upper[len(upper) - tail :]
        elif _rows_of(small_below, kind_above) and not _rows_of(small_below, kind_below):
            parts[above] = [*upper, *small_below]
            del lower[:head]


# --- assembling a report -----------------------------------------------------------------------------


def assemble(
    lines: Sequence[Line],
    *,
    source: str = "<string>",
    title: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    published: datetime.date | None = None,
) -> ReadResult:
    """Turn a document's lines into a report, with reading findings and cell positions.

    Args:
        lines: The document, paragraph by paragraph and row by row.
        source: The input's name, for messages and ``metadata.source``.
        title: The document's title when the format has one apart from the text (an HTML ``<title>``).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.
        published: The publication date, overriding the date under the report.

    Raises:
        ReadError: The document has none of the report's sections, or no reporting year can be found.
    """
    reader = Reader()
    parts: dict[Section, list[Line]] = {}
    headings: dict[Section, str] = {}
    before: list[Line] = []
    current: Section | None = None
    kept: list[tuple[Line, list[str]]] = []
    candidates: list[tuple[int, Section]] = []
    appendix: dict[str, str] | None = None
    for line in lines:
        filled = [c.strip() for c in line.cells if c.strip()]
        if not filled and len(line.cells) < 2:
            continue  # an empty line; a row of empty cells is kept: its cells are blanks
        if len(filled) == 1 and filled[0] in _APPENDICES:
            # The library's own workbook, printed: its appendices follow the report, and the first
            # states the report's information exactly.
            appendix = _appendix(lines, line) if filled[0] == _INFORMATION else appendix
            break
        section = _heading(filled[0]) if len(filled) == 1 else None
        if section is not None:
            candidates.append((len(kept), section))
        kept.append((line, filled))
    opening = _headings(candidates)
    for number, (line, filled) in enumerate(kept):
        section = opening.get(number)
        if section is not None:
            current = section
            parts[section] = []
            if label_key(filled[0]) != label_key(section.label):
                headings[section] = filled[0]
            continue
        if current is None:
            before.append(line)
        else:
            parts[current].append(line)
    if not parts:
        raise ReadError(
            source,
            [
                Problem(
                    "document",
                    "no section of an annual report found (一、总体情况 … 六、其他需要报告的事项)",
                    "no-report",
                )
            ],
        )
    _rejoin_tables(parts)

    header, before = _crawler_header(before)
    title_line, preamble_lines = _title(before, title if title is not None else header.get("标题"))
    if appendix is not None:
        agency = agency if agency is not None else appendix.get("agency")
        year = year if year is not None else _appendix_year(appendix.get("year"))
        if version is None and appendix.get("version") in {v.value for v in TemplateVersion}:
            version = TemplateVersion(appendix["version"])
        title_line = appendix.get("title", "")
        published = published if published is not None else _appendix_date(appendix.get("published"))
    last_section = max(parts, key=lambda section: section.number)
    signature, published_found = _signature(parts[last_section])
    if published_found is None:
        published_found = _date(header.get("发布日期") or header.get("发布时间") or "")
    if year is None:
        first_line = parts.get(Section.OVERVIEW, [])[:1]
        stated = published if published is not None else published_found
        year = _year(title_line, lines, source, reader, opening=first_line, published=stated)
    if agency is not None:
        agency_found = agency
    else:
        first_lines = [*preamble_lines, *parts.get(Section.OVERVIEW, [])[:3]]
        elsewhere = [*_named_in_header(header), *_named_elsewhere(before, first_lines, signature)]
        agency_found = _agency(title_line, year, elsewhere, reader)
    if not agency_found:
        reader.add("read-metadata-missing", Location(), field="agency")
    if appendix is not None:
        details = stated_details(appendix, reader)
    else:
        details = {"region": region_of(agency_found or ""), **_page_details(before, reader)}

    table_lines = [
        line
        for section in (Section.ACTIVE_DISCLOSURE, Section.REQUESTS, Section.REVIEW_LITIGATION)
        for line in parts.get(section, [])
    ]
    version = choose_version(version, table_lines, year, reader)
    tables = [reader.table(kind, version, drop_notes(parts.get(kind.section, []))) for kind in TableKind]
    texts: dict[Section, str | None] = {}
    for section in (Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS):
        body = parts.get(section)
        if section is last_section and body is not None:
            body = body[: len(body) - len(signature)]
        texts[section] = None if body is None else _text(body)
    metadata = Metadata(
        agency=agency_found or "",
        year=year,
        version=version,
        title=title_line or None,
        published=published if published is not None else published_found,
        source=_stated_source(appendix, source),
        **details,
    )
    report = AnnualReport.from_tables(
        metadata,
        tables,
        overview=texts[Section.OVERVIEW],
        problems=texts[Section.PROBLEMS],
        other_matters=texts[Section.OTHER_MATTERS],
        headings=headings,
        preamble=_text(preamble_lines) or None,
        positions=reader.positions,
    )
    return ReadResult(report, tuple(reader.findings), source)


_INFORMATION: Final = APPENDIX_MARK + META_SHEET
_APPENDICES: Final = frozenset({_INFORMATION, APPENDIX_MARK + FINDINGS_SHEET})
_INFORMATION_LABELS: Final = {label: key for key, label in META_FIELDS}


def _appendix(lines: Sequence[Line], start: Line) -> dict[str, str]:
    """The report's information from the appendix that states it: one row per field, label and value."""
    found: dict[str, str] = {}
    seen = False
    for line in lines:
        if line is start:
            seen = True
            continue
        if not seen:
            continue
        filled = [c.strip() for c in line.cells if c.strip()]
        if len(filled) == 1 and filled[0] in _APPENDICES:
            break
        if filled and filled[0] in _INFORMATION_LABELS:
            found[_INFORMATION_LABELS[filled[0]]] = " ".join(filled[1:])
    return found


def _stated_source(appendix: Mapping[str, str] | None, source: str) -> str | None:
    """Where the report came from: what the appendix states, else the file read (not a placeholder)."""
    if appendix is not None:
        return appendix.get("source") or None
    return None if source.startswith("<") else source


def _appendix_year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) == 4 else None


def _appendix_date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _text(lines: Sequence[Line]) -> str:
    return "\n".join(" ".join(c.strip() for c in line.cells if c.strip()) for line in lines)


def _title(before: Sequence[Line], title: str | None) -> tuple[str, list[Line]]:
    """The report's title and the preamble: the lines between the title and section 一.

    The title is the last short line before section 一 that says 年度报告 (pages put navigation and the
    site's own headings before it), or two lines that say it together (a title broken in the middle of
    a word); the agency's name on a line of its own just above it (or just below it) is part of it, as a
    title printed over two or three centred lines has it. Failing that, the document's own title (an
    HTML ``<title>``, a PDF's title, whose site suffix "-某某局" is dropped), with no preamble, since what
    precedes section 一 is then page chrome. Markdown heading marks are not part of a title.
    """
    texts = [_plain_line(line) for line in before]
    for index in range(len(before) - 1, -1, -1):
        if before[index].in_table:
            continue
        first, last = index, index
        text = texts[index]
        if "年度报告" not in label_key(text) and index + 1 < len(before) and not before[index + 1].in_table:
            joined = text + texts[index + 1]
            if "年度报告" in label_key(joined) and "年度报告" not in label_key(texts[index + 1]):
                text, last = joined, index + 1
        if "年度报告" not in label_key(text) or len(text) > 80:
            continue
        # The agency printed alone above the year and title, on one or two lines (or alone below): only
        # a name that ends as an organisation's does, so that a site's own heading is not taken for one.
        if not _named(text):
            for above in (1, 2):
                lines = before[first - above : first]
                if len(lines) == above and all(_name_part(line) for line in lines):
                    name = "".join(texts[first - above : first])
                    # 人民政府 alone is the end of a name broken over two lines (淮安市洪泽区 / 人民政府).
                    if _names_an_agency(name) and not _GENERIC_NAME.match(name):
                        first, text = first - above, name + text
                        break
            else:
                if last + 1 < len(before) and _is_name(texts[last + 1], before[last + 1]):
                    last += 1
                    text = texts[last] + text
        return text, list(before[last + 1 :])
    if title:
        return _plain(re.split(r"[-_|–—]", title.strip())[0].strip()), []
    return "", [line for line in before if not line.in_table]


_MARKDOWN_MARKS: Final = re.compile(r"^\s*#{1,6}\s+|^\s*[*_]{1,3}|[*_]{1,3}\s*$")


def _plain(text: str) -> str:
    """Text without the marks of a Markdown heading or emphasis (``# 标题``, ``**标题**``)."""
    return _MARKDOWN_MARKS.sub("", text).strip()


def _plain_line(line: Line) -> str:
    return _plain(" ".join(c.strip() for c in line.cells if c.strip()))


def _named(title: str) -> bool:
    """Whether a title names someone before its year: ``某局2023年…`` does, ``2023年…`` does not."""
    year = _YEAR.search(title)
    return year is not None and bool(title[: year.start()].strip(" ：:"))


def _name_part(line: Line) -> bool:
    """Whether a line can be (part of) an agency's name printed above a title."""
    text = _plain_line(line)
    return bool(text) and not line.in_table and len(text) <= 40 and not _SENTENCE.search(text)


def _is_name(text: str, line: Line) -> bool:
    return _name_part(line) and _names_an_agency(text)


_SITE: Final = re.compile(r"(网站|门户|网|平台|专栏|频道|客户端|公众号)$")


def _names_an_agency(text: str) -> bool:
    """Whether a name ends as an agency's does, and not as a website's (…门户网站 ends in 站)."""
    key = label_key(text)
    return bool(_ORGANIZATION_END.search(key)) and not _SITE.search(key)


_GENERIC_NAME: Final = re.compile(r"(人民政府|政府|办公室|委员会|管理委员会|办事处|街道办事处)$")
"""What names no agency by itself: the end of a name whose first part is on the line above."""

_SENTENCE: Final = re.compile(r"[。，；：:;,！？!?>》]|\d")


def _year(
    title: str,
    lines: Sequence[Line],
    source: str,
    reader: Reader,
    *,
    opening: Sequence[Line] = (),
    published: datetime.date | None = None,
) -> int | None:
    """The reporting year, from where the document states it, the title first; ``None`` if nowhere.

    The title's first year that can be one; else the statistics period's (统计期限…2023年); else the first
    year the document calls its year (``2023年度``, in a heading or its opening lines); else the year
    section 一 opens with (``2023年，我局…``); else the year before the publication date (reports are
    published by 31 January of the next year, 条例 第五十条). A year not read from the title is said
    (``read-year-source``); a document that states none is read with its year unknown (validation
    says so: ``year-unknown``): refused, it would lose every cell.

    Raises:
        ReadError: The document names only years that cannot be one (such as 2007, before the first
            reports): what it states is not taken for unknown.
    """
    found: list[tuple[int, str, str]] = [(int(match.group(1)), "", "") for match in _YEAR.finditer(title)]
    for line in lines[:50]:
        period = re.search(r"统计(?:期限|时限|期间)[^0-9]{0,6}(\d{4})年", " ".join(line.cells))
        if period:
            found.append((int(period.group(1)), "", ""))
            break
    for line in lines[:_YEAR_LINES]:
        stated = _YEAR_STATED.search(" ".join(line.cells))
        if stated:
            found.append((int(stated.group(1)), f"“{stated.group()}”", f"“{stated.group()}”"))
            break
    for line in opening:
        opens = _YEAR_OPENING.match(" ".join(c.strip() for c in line.cells if c.strip()))
        if opens:
            found.append(
                (
                    int(opens.group(1)),
                    f"第一部分开头“{opens.group()}”",
                    f"section 一's opening “{opens.group()}”",
                )
            )
    if published is not None:
        iso = published.isoformat()
        found.append(
            (published.year - 1, f"发布日期{iso}的上一年", f"the year before its publication date {iso}")
        )
    for candidate, where_zh, where_en in found:
        if FIRST_YEAR <= candidate <= LAST_YEAR:
            if where_zh:
                reader.add(
                    "read-year-source", Location(), year=candidate, where_zh=where_zh, where_en=where_en
                )
            return candidate
    if not found:
        return None  # read with its year unknown: validation says so (year-unknown)
    message = (
        f"the document names the year {found[0][0]}, which is not a reporting year "
        f"({FIRST_YEAR} to {LAST_YEAR}); give it: year= in Python, --year on the command line"
    )
    raise ReadError(source, [Problem("title", message, "no-year")])


_YEAR_LINES: Final = 80
"""The lines looked at for the year a document calls its own (a flattened page's body is one of them)."""
_YEAR_STATED: Final = re.compile(r"((?:19|20)\d{2})\s*年度")
_YEAR_OPENING: Final = re.compile(r"^((?:19|20)\d{2})\s*年(?=[，,])")

# --- a crawler's header ---------------------------------------------------------------------------------

_CRAWLER_FIELDS: Final = (
    "标题|本地目录|来源|信息来源|发布机构|发布单位|发布日期|发布时间|索引号|文号|网址|链接|原文链接|原文地址"
    "|URL|url|采集时间|抓取时间|爬取时间"
)
_CRAWLER_LINE: Final = re.compile(rf"^(?:{_CRAWLER_FIELDS})\s*[:：]")
_CRAWLER_FIELD: Final = re.compile(rf"(?:^|(?<=\s))({_CRAWLER_FIELDS})\s*[:：]\s*")
"""A field of the header crawlers write above a page's text (``标题: …``, ``本地目录: …``); a line may
hold several (``发布机构：某局　发布日期：2024-01-10``)."""


def _crawler_header(before: Sequence[Line]) -> tuple[dict[str, str], list[Line]]:
    """The fields of a crawler's header at the top of the document, and the lines after it.

    The header is the run of ``field: value`` lines the document starts with: what it says about the
    page (its title, publisher, date) is metadata, never text; a local folder (本地目录) says nothing
    about who reported. A document without one is returned as it is.
    """
    fields: dict[str, str] = {}
    count = 0
    for line in before:
        text = _plain_line(line)
        if line.in_table or not _CRAWLER_LINE.match(text):
            if text:
                break
            count += 1
            continue
        found = list(_CRAWLER_FIELD.finditer(text))
        for number, match in enumerate(found):
            end = found[number + 1].start() if number + 1 < len(found) else len(text)
            fields.setdefault(match.group(1), text[match.end() : end].strip())
        count += 1
    if not fields:
        return {}, list(before)
    return fields, list(before[count:])


def _named_in_header(header: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """The agency as a crawler's header names it: its 发布机构 field, else its title's, before the year."""
    for field in ("发布机构", "发布单位"):
        name = header.get(field, "")
        if _names_an_agency(name):
            return [(name, f"页面的“{field}”栏", f"the page's {field} field")]
    title = header.get("标题", "")
    year = _YEAR.search(title)
    name = title[: year.start()].strip(" ：:") if year else ""
    if name and _names_an_agency(name):
        return [(name, "页面的“标题”栏", "the page's 标题 field")]
    for field in ("信息来源", "来源"):  # a source may be a website or a paper: only an agency's name
        match = _FIELD.match(f"{field}：{header.get(field, '')}")
        if match and _names_an_agency(match.group(2)):
            return [(match.group(2), f"页面的“{field}”栏", f"the page's {field} field")]
    return []


_DATE: Final = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _date(text: str) -> datetime.date | None:
    """A date as a page writes it (2024-01-20, 2024/1/20, 2024年1月20日), or ``None``."""
    match = _DATE.search(text)
    if match is None:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


_Named = tuple[str, str, str]
"""An agency's name as a part of the document states it, and that part in Chinese and in English."""


def _agency(title: str, year: int | None, elsewhere: Sequence[_Named], reader: Reader) -> str:
    """The agency: the title's, else the first other part's that names one, said (and a disagreement too).

    Names that differ only by the region in front (淮安市洪泽区人民政府, 洪泽区人民政府) agree.
    """
    if year is not None and str(year) in title:
        name = title.split(str(year))[0].strip(" ：:")
    else:  # a title without its year: the name before the report's own words
        name = title.split("政府信息公开")[0].strip(" ：:") if "政府信息公开" in title else ""
        name = name if _names_an_agency(name) else ""
    if name:
        for other, where_zh, where_en in elsewhere:
            if not (other.endswith(name) or name.endswith(other)):
                reader.add(
                    "read-agency-differs",
                    Location(),
                    agency=name,
                    other=other,
                    where_zh=where_zh,
                    where_en=where_en,
                )
                break
        return name
    if not elsewhere:
        return ""
    found, where_zh, where_en = elsewhere[0]
    reader.add("read-agency-source", Location(), agency=found, where_zh=where_zh, where_en=where_en)
    return found


_OPENING: Final = re.compile(r"本报告由(.{2,40}?)(?:根据|依据|按照|遵照|负责|编制|制作)")
_FIELD: Final = re.compile(r"(发布机构|发布单位|信息来源|来源)\s*[:：]\s*([^\s:：|]{2,40})")


def _named_elsewhere(
    before: Sequence[Line], opening: Sequence[Line], signature: Sequence[Line]
) -> list[_Named]:
    """The agency as parts of the document other than its title name it, most trustworthy first.

    The opening sentence (本报告由某县人民政府办公室…编制: the government its office compiles for), a
    government page's 发布机构/来源 field, the signature.
    """
    found: list[_Named] = []
    for line in opening:
        match = _OPENING.search(_plain_line(line))
        if match:
            name = match.group(1).replace(" ", "")  # as printed, without the spaces of a broken line
            # The office compiles the report of the agency it belongs to.
            if name.endswith("办公室") and _names_an_agency(name[: -len("办公室")]):
                name = name[: -len("办公室")]
            if _names_an_agency(name):
                found.append((name, "开头的说明（本报告由……编制）", "the opening sentence (本报告由…编制)"))
            break
    for line in before:
        match = _FIELD.search(_plain_line(line))
        if match and _names_an_agency(match.group(2)):
            label = match.group(1)
            found.append((match.group(2), f"页面的“{label}”栏", f"the page's {label} field"))
            break
    for line in signature[:-1]:
        name = " ".join(line.cells).strip()
        if name:
            found.append((name, "落款", "the signature"))
        break
    return found


# A region as printed in front of an agency's name: names of divisions, each ending as one does (省, 市,
# 自治州, 县, 区, 旗, 乡, 镇, 街道…). A name neither starts with such an end (杭州市|市场监督管理局, not
# 杭州|市市) nor holds 政府; what follows is the agency, and does not start with one either, but for the
# 市 of 市场监督管理局 (荆州市沙市区|人民政府, not 荆州市沙市|区人民政府).
_DIVISION_END: Final = r"(?:特别行政区|自治区|自治州|自治县|自治旗|新区|地区|街道|省|市|州|盟|县|区|旗|乡|镇)"
_REGION: Final = re.compile(
    rf"((?:(?![省市州盟县区旗乡镇])(?:(?!政府)[\u4e00-\u9fff]){{1,12}}?{_DIVISION_END}){{1,6}})"
    r"(?![省州盟县区旗乡镇]|市(?!场))(?=[\u4e00-\u9fff（）()]{2,}$)"
)


def region_of(agency: str) -> str | None:
    """The region printed in front of an agency's name (江苏省淮安市洪泽区 of 江苏省淮安市洪泽区人民政府).

    ``None`` when the name starts with none, or is not an agency's: a region is read, never guessed.
    """
    name = agency.replace(" ", "")
    match = _REGION.match(name) if len(name) <= 60 else None
    if match is None or not _names_an_agency(name[match.end() :]):
        return None
    return match.group(1)


_CODE_FIELD: Final = re.compile(r"(?:行政区划代码|区划代码)\s*[:：]\s*([0-9]+)")
_DETAIL_LABELS: Final = dict(META_FIELDS)


def _page_details(before: Sequence[Line], reader: Reader) -> dict[str, Any]:
    """The division code a government page states in a field above the report (行政区划代码：320813)."""
    for line in before:
        match = _CODE_FIELD.search(_plain_line(line))
        if match:
            return stated_details({"division_code": match.group(1)}, reader)
    return {}


def stated_details(stated: Mapping[str, object], reader: Reader) -> dict[str, Any]:
    """The region, division code and level a document or workbook states, by field key.

    A value not of its field's form is left out, and said (``read-metadata-invalid``).
    """
    details: dict[str, Any] = {}
    for field in AGENCY_DETAILS:
        value = stated.get(field)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        if field == "region" or (field == "division_code" and is_division_code(text)):
            details[field] = text
            continue
        if field == "level":
            try:
                details[field] = AgencyLevel.parse(text)
                continue
            except ValueError:
                levels = [level.label for level in AgencyLevel]
                expected = (", ".join(levels), "、".join(levels))
        else:
            expected = ("six digits, the first two a province's", "六位数字，前两位为省级代码")
        reader.add(
            "read-metadata-invalid",
            Location(),
            field=field,
            field_zh=_DETAIL_LABELS[field],
            value=text[:40],
            expected=expected[0],
            expected_zh=expected[1],
        )
    return details


_ORGANIZATION_END: Final = re.compile(
    r"(局|委|办|院|府|中心|厅|部|会|所|处|室|站|队|馆|组|司|署|镇|街道|乡|社区|公司|集团|政府|办公室|管委会)$"
)


def _signature(lines: Sequence[Line]) -> tuple[list[Line], datetime.date | None]:
    """The agency name and date that close the report (under its last section), if it ends with them.

    A signature is an agency's name over a date, or a date set apart from the text (aligned or pushed
    to the right, or after an empty line): a date that ends the text of section 六 on a line of its own
    is text, not the publication date.
    """
    texts = [" ".join(c.strip() for c in line.cells if c.strip()) for line in lines]
    if not texts:
        return [], None
    match = _DATE_LINE.match(label_key(texts[-1]))
    if not match:
        return [], None
    try:
        date = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return [], None
    named = len(texts) >= 2 and len(texts[-2]) <= 30 and _names_an_agency(texts[-2])
    if not named and not lines[-1].apart:
        return [], None
    return list(lines[-2:] if named else lines[-1:]), date
