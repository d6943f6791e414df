"""The machinery every reader of published documents shares: from lines of cells to a report and findings.

A reader (text, HTML, DOCX) turns its document into :class:`Line` objects: a paragraph is a line of one
cell, a table row is a line of cells, each with its source position. :func:`assemble` finds the title and
the six sections, aligns each table row to the form's rows and columns by its label, and returns the
report with reading findings and the position of every cell.

The one rule of alignment: a value is never moved into a neighbour's cell. A row whose cells cannot be
matched one to one with the form's columns is left blank and reported, with the reason.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from ._form import (
    REQUESTS_NOTE,
    CellKind,
    DisclosureColumn,
    FormKey,
    RequestRow,
    ReviewRow,
    RowSpec,
    Section,
    TableKind,
    TemplateVersion,
    table_spec,
)
from ._model import (
    TABLE_CLASSES,
    AnnualReport,
    CellValue,
    Metadata,
    _Table,
)
from ._normalize import CellText, label_key, parse_cell
from ._validate import CellRef, Finding, Location, Validation, _finding, validate
from .exceptions import Problem, ReadError

__all__ = ["Line", "ReadResult", "assemble", "input_bytes", "is_row_label", "table_row"]


@attrs.frozen
class Line:
    """A line of a document: a paragraph (one cell) or a table row (its cells, left to right).

    Attributes:
        cells: The cells' texts.
        source: Where the line is, e.g. ``line 12`` or ``table 2, row 5``.
        in_table: Whether the line is a row of a table in the document (HTML, DOCX), as opposed to text.
        exact: Whether every cell of the row is a real cell (HTML, DOCX), so that an empty cell is a blank;
            in copied text, empty cells at the ends of a row may be tab artefacts.
        cell_sources: Each cell's position, when it differs from the line's.
    """

    cells: tuple[str, ...]
    source: str
    in_table: bool = False
    exact: bool = False
    cell_sources: tuple[str, ...] | None = None

    def cell_source(self, index: int) -> str:
        """The position of one cell."""
        if self.cell_sources is not None:
            return self.cell_sources[index]
        return f"{self.source}, cell {index + 1}"


def input_bytes(data: bytes | str | Path, *, source: str | None, kind: str, limit: int) -> tuple[str, bytes]:
    """A reader's input as bytes, with the name to report it by.

    A file over ``limit`` is refused before it is read.

    Raises:
        ReadError: The file cannot be read, or is larger than ``limit``.
    """
    if isinstance(data, bytes):
        name = source or f"<{kind}>"
        size = len(data)
    else:
        name = source or str(data)
        try:
            size = Path(data).stat().st_size
        except OSError as error:
            raise ReadError(name, [Problem("file", error.strerror or str(error))]) from None
    if size > limit:
        raise ReadError(name, [Problem("file", f"{size} bytes is more than the limit of {limit}")])
    if isinstance(data, bytes):
        return name, data
    try:
        return name, Path(data).read_bytes()
    except OSError as error:
        raise ReadError(name, [Problem("file", error.strerror or str(error))]) from None


def table_row(texts: Sequence[str], table: int, row: int, *, page: int | None = None) -> Line:
    """A row of a document's table (HTML, DOCX, PDF), every cell real and numbered from 1 for its position.

    A PDF's rows name their page too: ``page 3, table 2, row 5, cell 4``.
    """
    where = f"table {table}, row {row}" if page is None else f"page {page}, table {table}, row {row}"
    sources = tuple(f"{where}, cell {number}" for number in range(1, len(texts) + 1))
    return Line(tuple(texts), where, in_table=True, exact=True, cell_sources=sources)


@attrs.frozen
class ReadResult:
    """A report read from a published document, with what reading found and where each value came from.

    Attributes:
        report: The report as read.
        findings: Reading findings (codes ``read-…``): blanks markers, label variants, rows that could not
            be aligned, parts not found.
        sources: The document position of each cell that was read, by ``(table, row, column)``.
        source: The name of the input (file name or ``<string>``).
    """

    report: AnnualReport
    findings: tuple[Finding, ...]
    sources: Mapping[CellRef, str] = attrs.field(factory=dict)
    source: str = "<string>"

    def validate(self, *, previous: AnnualReport | None = None) -> Validation:
        """Validate the report, with the reading findings and each cell's document position.

        Every finding about a cell carries the cell's position in ``location.source``.
        """
        validation = validate(self.report, previous=previous, sources=self.sources)
        combined = sorted((*self.findings, *validation.findings), key=lambda f: f.severity.rank)
        return Validation(tuple(combined))


# --- headings and metadata ---------------------------------------------------------------------------

_HEADING_WORDS: Final = {
    Section.OVERVIEW: ("一", ("总体情况", "总体")),
    Section.ACTIVE_DISCLOSURE: ("二", ("主动公开",)),
    Section.REQUESTS: ("三", ("收到和处理", "依申请", "申请情况")),
    Section.REVIEW_LITIGATION: ("四", ("复议", "诉讼")),
    Section.PROBLEMS: ("五", ("问题",)),
    Section.OTHER_MATTERS: ("六", ("其他需要", "其他事项", "其他")),
}
_MAX_HEADING: Final = 40
_DATE_LINE: Final = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_YEAR: Final = re.compile(r"((?:19|20)\d{2})\s*年")


def _heading(text: str, after: int) -> Section | None:
    """The section a heading line opens, if it is one and comes after section number ``after``."""
    key = label_key(text)
    if len(key) > _MAX_HEADING:
        return None
    for section, (numeral, words) in _HEADING_WORDS.items():
        if section.number > after and re.match(numeral + r"[、.]", key) and any(w in key for w in words):
            return section
    return None


# --- tables ------------------------------------------------------------------------------------------


@attrs.frozen
class _Row:
    """A table row split into its label and its value cells."""

    key: FormKey
    label: str
    values: tuple[str, ...]
    line: Line
    first_value: int


def _label_index() -> dict[TableKind, dict[str, list[tuple[FormKey, TemplateVersion]]]]:
    index: dict[TableKind, dict[str, list[tuple[FormKey, TemplateVersion]]]] = {}
    for kind in TableKind:
        labels = index.setdefault(kind, {})
        for version in TemplateVersion:
            for row in table_spec(kind, version).rows:
                labels.setdefault(label_key(row.label), []).append((row.key, version))
    # Variants seen in real reports: the partial-disclosure row without its printed counting rule.
    index[TableKind.REQUESTS].setdefault(label_key("（二）部分公开"), []).extend(
        (RequestRow.PARTIALLY_GRANTED, v) for v in TemplateVersion
    )
    return index


_LABELS: Final = _label_index()


def is_row_label(text: str) -> bool:
    """Whether the text is a row label of one of the form's tables, as the readers recognise them."""
    key = label_key(text)
    return any(key in labels for labels in _LABELS.values())


# Column labels that only one version prints: how a reader tells the versions apart (format.md §6).
_VERSION_MARKERS: Final = {
    label_key(text): version
    for version, texts in {
        TemplateVersion.V2019: (
            DisclosureColumn.NEWLY_MADE.label,
            DisclosureColumn.PREVIOUS_ITEMS.label,
            "第二十条第（九）项",
            "政府集中采购",
        ),
        TemplateVersion.V2021: (DisclosureColumn.ISSUED.label, DisclosureColumn.FEE_AMOUNT.label),
    }.items()
    for text in texts
}


def _split(line: Line, kind: TableKind) -> _Row | None:
    """The row's label (its rightmost cell that is a row label of the table) and the cells after it.

    A row with no row label is a header, a caption or a note: ``None``.
    """
    cells = line.cells
    for index in range(len(cells) - 1, -1, -1):
        text = cells[index].strip()
        if not text:
            continue
        matches = _LABELS[kind].get(label_key(text))
        if matches:
            return _Row(matches[0][0], text, tuple(cells[index + 1 :]), line, index + 1)
    return None


def _align(values: tuple[str, ...], count: int, exact: bool) -> tuple[str, ...] | None:
    """The row's value cells, one per column, or ``None`` when they cannot be matched one to one.

    In copied text a row may carry empty cells at its ends that are only tab artefacts (merged label
    cells, a trailing tab). Surplus empty cells are dropped only when exactly one way of dropping them
    exists: if a blank value could be the one dropped, the row is ambiguous and is not guessed.
    """
    cells = list(values)
    if exact or len(cells) <= count:
        return tuple(cells) if len(cells) == count else None
    if not any(c.strip() for c in cells):
        return tuple(cells[:count])
    surplus = len(cells) - count
    ways = [
        lead
        for lead in range(surplus + 1)
        if not any(c.strip() for c in cells[:lead])
        and not any(c.strip() for c in cells[len(cells) - (surplus - lead) :])
    ]
    if len(ways) != 1:
        return None
    return tuple(cells[ways[0] : ways[0] + count])


@attrs.define
class _Reader:
    """The state of one assembly: findings and cell positions gathered as the document is read."""

    findings: list[Finding] = attrs.Factory(list)
    sources: dict[CellRef, str] = attrs.Factory(dict)

    def add(self, code: str, location: Location, **fields: Any) -> None:
        self.findings.append(_finding(code, location, **fields))

    def table(
        self,
        kind: TableKind,
        version: TemplateVersion,
        lines: Sequence[Line],
        table_class: type[_Table[Any, Any]],
    ) -> _Table[Any, Any]:
        spec = table_spec(kind, version)
        section = kind.section
        if not lines:
            self.add("read-table-missing", Location(section=section, table=kind), table=kind.label)
            return table_class(version, (None,) * spec.size)
        rows: dict[FormKey, _Row] = {}
        data_line = _review_data_line(lines) if kind is TableKind.REVIEW_LITIGATION else None
        if kind is not TableKind.REVIEW_LITIGATION:
            for line in lines:
                row = _split(line, kind)
                if row is None:
                    continue
                if row.key in rows:
                    self.add(
                        "read-duplicate-row",
                        Location(section=section, table=kind, row=row.key, source=line.source),
                        label=row.label,
                        first=rows[row.key].line.source,
                    )
                    continue
                rows[row.key] = row
        values: dict[tuple[FormKey, FormKey], CellValue | None] = {}
        for row_spec in spec.rows:
            row = rows.get(row_spec.key)
            if kind is TableKind.REVIEW_LITIGATION and data_line is not None:
                row = _review_row(data_line, row_spec)
            if row is None:
                self.add(
                    "read-row-missing",
                    Location(section=section, table=kind, row=row_spec.key),
                    row=row_spec.label,
                )
                continue
            if label_key(row.label) != label_key(row_spec.label) and kind is not TableKind.REVIEW_LITIGATION:
                self.add(
                    "read-label-variant",
                    Location(section=section, table=kind, row=row_spec.key, source=row.line.source),
                    expected=row_spec.label,
                    actual=row.label,
                )
            values.update(self._row_values(kind, row_spec, row))
        cells = tuple(values.get((r.key, c.key)) for r, c in spec.cells)
        return table_class(version, cells)

    def _row_values(
        self, kind: TableKind, row_spec: RowSpec, row: _Row
    ) -> dict[tuple[FormKey, FormKey], CellValue | None]:
        section = kind.section
        aligned = _align(row.values, len(row_spec.columns), row.line.exact)
        if aligned is None:
            self.add(
                "read-row-misaligned",
                Location(section=section, table=kind, row=row_spec.key, source=row.line.source),
                row=row_spec.label,
                expected=len(row_spec.columns),
                actual=len(row.values),
                found=" | ".join(c.strip() or "∅" for c in row.values),
            )
            return {}
        offset = _offset(row, aligned)
        values: dict[tuple[FormKey, FormKey], CellValue | None] = {}
        for position, (column, text) in enumerate(zip(row_spec.columns, aligned, strict=True)):
            ref = (kind, row_spec.key, column.key)
            where = row.line.cell_source(offset + position)
            self.sources[ref] = where
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
        if value is None or (kind is not CellKind.MONEY and isinstance(value, Decimal)):
            self.add("read-unreadable-cell", location, actual=parsed.text, row=row.label, column=column)
            return None
        if kind is CellKind.COUNT and isinstance(value, int) and value < 0:
            self.add("read-unreadable-cell", location, actual=parsed.text, row=row.label, column=column)
            return None
        if kind is CellKind.MONEY and isinstance(value, Decimal) and value < 0:
            self.add("read-unreadable-cell", location, actual=parsed.text, row=row.label, column=column)
            return None
        if kind is CellKind.MONEY and isinstance(value, int):
            return Decimal(value)
        return value


def _offset(row: _Row, aligned: tuple[str, ...]) -> int:
    """The index in the line of the first aligned value cell (for its source position)."""
    values = list(row.values)
    for start in range(len(values) - len(aligned) + 1):
        if tuple(values[start : start + len(aligned)]) == aligned:
            return row.first_value + start
    return row.first_value  # pragma: no cover - aligned is always a run of the row's values


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
        return None
    if len(candidates) > 1 and sum(len([c for c in line.cells if c.strip()]) for line in candidates) == 15:
        cells = tuple(c for line in candidates for c in line.cells if c.strip())
        sources = tuple(
            line.cell_source(i) for line in candidates for i, c in enumerate(line.cells) if c.strip()
        )
        return Line(cells, candidates[0].source, exact=True, cell_sources=sources)
    return candidates[-1]


def _review_row(line: Line, row_spec: RowSpec) -> _Row:
    # Table 四's data row has no label: its fifteen cells are the three groups of five, in form order.
    aligned = _align(line.cells, 15, line.exact)
    group = list(ReviewRow).index(row_spec.key)  # type: ignore[arg-type]
    if aligned is None:
        return _Row(row_spec.key, row_spec.label, line.cells, line, 0)
    start = _offset(_Row(row_spec.key, "", line.cells, line, 0), aligned) + group * 5
    return _Row(row_spec.key, row_spec.label, line.cells[start : start + 5], line, start)


def _detect_version(table_lines: Iterable[Line]) -> TemplateVersion | None:
    """The version the document's labels show, if they show exactly one."""
    found: dict[TemplateVersion, str] = {}
    for line in table_lines:
        for cell in line.cells:
            version = _VERSION_MARKERS.get(label_key(cell))
            if version is not None:
                found.setdefault(version, cell.strip())
        row = _split(line, TableKind.REQUESTS)
        if row is not None and row.key is RequestRow.OTHER_PROCESSING and any(v.strip() for v in row.values):
            found.setdefault(TemplateVersion.V2019, row.label)
        if row is not None and row.key in (RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID):
            found.setdefault(TemplateVersion.V2021, row.label)
    return next(iter(found)) if len(found) == 1 else None


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
    reader = _Reader()
    parts: dict[Section, list[Line]] = {}
    headings: dict[Section, str] = {}
    before: list[Line] = []
    current: Section | None = None
    for line in lines:
        filled = [c.strip() for c in line.cells if c.strip()]
        if not filled and len(line.cells) < 2:
            continue  # an empty line; a row of empty cells is kept: its cells are blanks
        is_one_text = len(filled) == 1
        section = _heading(filled[0], current.number if current else 0) if is_one_text else None
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
                    "document", "no section of an annual report found (一、总体情况 … 六、其他需要报告的事项)"
                )
            ],
        )

    title_line, preamble_lines = _title(before, title)
    last_section = max(parts, key=lambda section: section.number)
    signature, published_found = _signature(parts[last_section])
    year = year if year is not None else _year(title_line, lines)
    if year is None:
        raise ReadError(
            source,
            [Problem("title", "no reporting year found (such as 2023年) in the title or text; pass year=")],
        )
    agency_found = agency if agency is not None else _agency(title_line, year, signature)
    if not agency_found:
        reader.add("read-metadata-missing", Location(), field="agency")

    table_lines = [
        line
        for section in (Section.ACTIVE_DISCLOSURE, Section.REQUESTS, Section.REVIEW_LITIGATION)
        for line in parts.get(section, [])
    ]
    detected = _detect_version(table_lines)
    if version is None:
        if detected is None:
            version = TemplateVersion.V2021 if year >= 2021 else TemplateVersion.V2019
            reader.add("read-version-guessed", Location(), actual=version.value, year=year)
        else:
            version = detected

    tables = {
        kind: reader.table(kind, version, _table_lines(parts.get(kind.section, [])), TABLE_CLASSES[kind])
        for kind in TableKind
    }
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
        source=None if source.startswith("<") else source,
    )
    report = AnnualReport(
        metadata=metadata,
        overview=texts[Section.OVERVIEW],
        active_disclosure=tables[TableKind.ACTIVE_DISCLOSURE],  # type: ignore[arg-type]
        requests=tables[TableKind.REQUESTS],  # type: ignore[arg-type]
        review_litigation=tables[TableKind.REVIEW_LITIGATION],  # type: ignore[arg-type]
        problems=texts[Section.PROBLEMS],
        other_matters=texts[Section.OTHER_MATTERS],
        headings=headings,
        preamble=_text(preamble_lines) or None,
    )
    return ReadResult(report, tuple(reader.findings), reader.sources, source)


def _table_lines(lines: list[Line]) -> list[Line]:
    # The 勾稽关系 note is a header cell, not a row; everything else is left to the label matcher.
    note = label_key(REQUESTS_NOTE)
    return [line for line in lines if not any(label_key(c) == note for c in line.cells)]


def _text(lines: Sequence[Line]) -> str:
    return "\n".join(" ".join(c.strip() for c in line.cells if c.strip()) for line in lines)


def _title(before: Sequence[Line], title: str | None) -> tuple[str, list[Line]]:
    """The report's title and the preamble: the lines between the title and section 一.

    The title is the last short line before section 一 that says 年度报告 (pages put navigation and the
    site's own headings before it); failing that, the document's own title (an HTML ``<title>``, whose
    site suffix "-某某局" is dropped), with no preamble, since what precedes section 一 is then page chrome.
    """
    for index in range(len(before) - 1, -1, -1):
        text = " ".join(c.strip() for c in before[index].cells if c.strip())
        if "年度报告" in label_key(text) and len(text) <= 80 and not before[index].in_table:
            return text, list(before[index + 1 :])
    if title:
        return re.split(r"[-_|–—]", title.strip())[0].strip(), []
    return "", [line for line in before if not line.in_table]


def _year(title: str, lines: Sequence[Line]) -> int | None:
    match = _YEAR.search(title)
    if match:
        return int(match.group(1))
    for line in lines[:50]:
        found = re.search(r"统计(?:期限|时限|期间)[^0-9]{0,6}(\d{4})年", " ".join(line.cells))
        if found:
            return int(found.group(1))
    return None


def _agency(title: str, year: int, signature: Sequence[Line]) -> str:
    name = title.split(str(year))[0].strip() if str(year) in title else ""
    if name:
        return name
    for line in signature[:-1]:
        return " ".join(line.cells).strip()
    return ""


_ORGANIZATION_END: Final = re.compile(
    r"(局|委|办|院|府|中心|厅|部|会|所|处|室|站|队|馆|组|司|署|镇|街道|乡|社区|公司|集团|政府|办公室|管委会)$"
)


def _signature(lines: Sequence[Line]) -> tuple[list[Line], datetime.date | None]:
    """The agency name and date that close the report (under its last section), if it ends with them."""
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
    named = len(texts) >= 2 and len(texts[-2]) <= 30 and _ORGANIZATION_END.search(label_key(texts[-2]))
    return list(lines[-2:] if named else lines[-1:]), date
