"""Reading reports from workbooks (.xlsx): the library's own, a filled template, or a workbook of the form.

Each table is found by its defined name, else by its row labels on any sheet (users insert rows, rename and
reorder sheets), and its rows are aligned with the same machinery as the readers of published documents.
Formula cells give their cached results; a total formula without one (a workbook never opened in a
spreadsheet application) is computed from its parts, and a finding says so.

Untrusted workbooks are checked (size, zip bomb, DTDs and entities, merged areas) before openpyxl parses
them, and external links are not loaded. openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import attrs

from ..._form import RequestRow, ReviewRow, Section, TableKind, TemplateVersion
from ..._model import AnnualReport, AnyTable, Metadata, SourcePosition, plain, sum_cells
from ..._validation import Location
from ...exceptions import Problem, ReadError
from ..files import read_file
from ..ooxml import DEFAULT_LIMITS, ArchiveLimits, declares_dtd, open_archive, read_member, read_xml
from ..workbook import (
    ABSENT,
    DEFINED_NAMES,
    GENERATOR_LABEL,
    META_FIELDS,
    META_SHEET,
    PRESENT,
    STRUCTURE_SHEET,
    TEMPLATE_LABEL,
    TEXT_SHEET,
    number_text,
    unescape,
)
from .assemble import (
    Line,
    Reader,
    ReadResult,
    check_content,
    choose_version,
    deprecated_content,
    drop_notes,
    split_row,
    stated_details,
)

__all__ = [
    "MAX_MERGED_CELLS",
    "MAX_SHEET_COLUMNS",
    "MAX_SHEET_ROWS",
    "MAX_TEXT_ROWS",
    "from_xlsx",
    "read_xlsx",
]

# Whether the workbook being read keeps its strings shared (as Excel and LibreOffice save them), which
# changes how their escapes read (see unescape).
_SHARED_STRINGS: ContextVar[bool] = ContextVar("shared_strings", default=False)


def _unescape(text: str) -> str:
    return unescape(text, shared=_SHARED_STRINGS.get())


MAX_SHEET_ROWS: Final = 1_000
"""Rows of a sheet read at most when looking for a table (table 三 has 25 rows and 3 header rows)."""
MAX_SHEET_COLUMNS: Final = 60
"""Columns of a sheet read at most when looking for a table (table 四 is 15 wide)."""
MAX_TEXT_ROWS: Final = 10_000
"""Rows of the text sheet read at most (a long text takes one row per 30,000 characters)."""


# The attributes before ref are bounded, so that a sheet of unclosed "<mergeCell" is scanned in linear time.
_MERGE_REF: Final = re.compile(
    rb'<mergeCell[^>]{0,200}?\sref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"'
)
MAX_MERGED_CELLS: Final = 100_000
"""The most cells a sheet's merged ranges may cover (openpyxl materialises every one of them)."""


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


Range = tuple[int, int, int, int]
"""A merged range: ``(min_row, min_col, max_row, max_col)``."""


def _merged_ranges(xml: bytes, name: str, source: str) -> list[Range]:
    """A sheet's merged ranges, refused when together they cover more than :data:`MAX_MERGED_CELLS`."""
    ranges: list[Range] = []
    covered = 0
    for first_column, first_row, last_column, last_row in _MERGE_REF.findall(xml):
        merged = (int(first_row), _column_number(first_column), int(last_row), _column_number(last_column))
        covered += max(merged[3] - merged[1] + 1, 1) * max(merged[2] - merged[0] + 1, 1)
        if covered > MAX_MERGED_CELLS:
            problem = f"refused: merged ranges cover more than {MAX_MERGED_CELLS} cells"
            raise ReadError(source, [Problem(name, problem, "document-limit")])
        ranges.append(merged)
    return ranges


def _check_xml_members(archive: Any, source: str, limits: ArchiveLimits) -> dict[str, list[Range]]:
    """Refuse a workbook whose XML declares a DTD or entities, before openpyxl parses anything.

    Returns:
        Each worksheet member's merged ranges (openpyxl's read-only mode, which is much faster, does not
        read them).
    """
    merges: dict[str, list[Range]] = {}
    for member in archive.infolist():
        if member.filename.endswith((".xml", ".rels", ".vml")):
            head = read_member(archive, member.filename, source=source, limits=limits)
            if declares_dtd(head):
                raise ReadError(
                    source,
                    [
                        Problem(
                            member.filename,
                            "refused: declares a DTD or entities (not allowed in a workbook)",
                            "xml-unsafe",
                        )
                    ],
                )
            if member.filename.startswith("xl/worksheets/"):
                merges[member.filename] = _merged_ranges(head, member.filename, source)
    return merges


_RELATIONSHIP_ID: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_members(archive: Any, source: str, limits: ArchiveLimits) -> dict[str, str]:
    """Each sheet's title and the archive member holding it, from the workbook and its relationships."""

    def parsed(member: str) -> Any:
        data = read_member(archive, member, source=source, limits=limits)
        return read_xml(data, source=source, name=member)

    try:
        workbook, relations = parsed("xl/workbook.xml"), parsed("xl/_rels/workbook.xml.rels")
    except ReadError:
        return {}  # openpyxl reports a workbook it cannot open
    targets = {r.get("Id"): r.get("Target") or "" for r in relations.iter() if r.tag.endswith("Relationship")}
    members: dict[str, str] = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name") is not None:
            target = targets.get(sheet.get(_RELATIONSHIP_ID), "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            members[str(sheet.get("name"))] = path
    return members


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return _unescape(str(value))


def _sheet_lines(
    sheet: Any, merges: Sequence[Range], bounds: tuple[int, int, int, int] | None = None
) -> list[Line]:
    """A sheet's rows as lines of cells, skipping the cells a merged range covers (as HTML does).

    Within a table's defined name every cell is a real cell (``exact``); on a sheet scanned whole, cells
    right of the table may be empty padding, so rows are aligned as leniently as copied text.
    """
    from openpyxl.utils import get_column_letter

    title = sheet.title
    covered: set[tuple[int, int]] = set()
    for min_row, min_col, max_row, max_col in merges:
        # Only the part of a merged range that can be read matters (a hostile range may be huge).
        for row in range(min_row, min(max_row, MAX_SHEET_ROWS * 2) + 1):
            for column in range(min_col, min(max_col, MAX_SHEET_COLUMNS * 2) + 1):
                if (row, column) != (min_row, min_col):
                    covered.add((row, column))
    # A sheet's stated dimensions may be wrong or huge: it is read to its last row, within the limits.
    first_row, first_col, last_row, last_col = bounds or (1, 1, MAX_SHEET_ROWS, MAX_SHEET_COLUMNS)
    last_row = min(last_row, first_row + MAX_SHEET_ROWS - 1)
    last_col = min(last_col, first_col + MAX_SHEET_COLUMNS - 1)
    lines: list[Line] = []
    rows = sheet.iter_rows(
        min_row=first_row,
        max_row=last_row,
        min_col=first_col,
        max_col=last_col if bounds else None,
        values_only=True,
    )
    for row_number, row in enumerate(rows, start=first_row):
        cells: list[str] = []
        positions: list[SourcePosition] = []
        for column_number, value in enumerate(row[: last_col - first_col + 1], start=first_col):
            if (row_number, column_number) not in covered:
                cells.append(_cell_text(value))
                address = f"{get_column_letter(column_number)}{row_number}"
                positions.append(SourcePosition(sheet=title, address=address))
        where = SourcePosition(sheet=title, row=row_number)
        lines.append(
            Line(
                tuple(cells), where, in_table=True, exact=bounds is not None, cell_positions=tuple(positions)
            )
        )
    return lines


def _named_range(workbook: Any, kind: TableKind) -> tuple[Any, tuple[int, int, int, int]] | None:
    from openpyxl.utils.cell import range_boundaries

    name = workbook.defined_names.get(DEFINED_NAMES[kind])
    if name is None:
        return None
    try:
        destinations = list(name.destinations)
    except Exception:  # a name over "#REF!" or a broken formula: the table is found by its labels
        return None
    for title, reference in destinations:
        if title in workbook.sheetnames:
            try:
                min_col, min_row, max_col, max_row = range_boundaries(reference.replace("$", ""))
            except (ValueError, TypeError):
                return None
            return workbook[title], (min_row, min_col, max_row, max_col)
    return None


def _find_table_lines(workbook: Any, kind: TableKind, merges: Mapping[str, Sequence[Range]]) -> list[Line]:
    found = _named_range(workbook, kind)
    if found is not None:
        sheet, bounds = found
        return _sheet_lines(sheet, merges.get(sheet.title, ()), bounds)
    # No defined name (a copied sheet, another tool): the sheet whose rows carry this table's labels.
    litigation = {ReviewRow.LITIGATION_DIRECT.label, ReviewRow.LITIGATION_AFTER_REVIEW.label}
    best: list[Line] = []
    best_score = 0
    for sheet in workbook.worksheets:
        lines = _sheet_lines(sheet, merges.get(sheet.title, ()))
        if kind is TableKind.REVIEW_LITIGATION:
            score = sum(1 for line in lines if any(c.strip() in litigation for c in line.cells))
        else:
            score = sum(1 for line in lines if split_row(line, kind) is not None)
        if score > best_score:
            best, best_score = lines, score
    return best


_META_KEYS: Final = frozenset({*(key for key, _ in META_FIELDS), "generator", "template"})
_META_LABELS: Final = {label: key for key, label in (*META_FIELDS, ("generator", GENERATOR_LABEL))} | {
    TEMPLATE_LABEL: "template"
}


def _metadata(workbook: Any) -> dict[str, object]:
    """The information sheet's values by key.

    Rows hold a label and a value (the layout written since 0.2), or a label, a key and a value.
    """
    values: dict[str, object] = {}
    if META_SHEET in workbook.sheetnames:
        sheet = workbook[META_SHEET]
    else:
        sheet = next((s for s in workbook.worksheets if _has_meta_keys(s)), None)
    if sheet is None:
        return values
    for row in sheet.iter_rows(min_row=1, max_row=50, max_col=3, values_only=True):
        label, second, third = (*row, None, None, None)[:3]
        if isinstance(second, str) and _unescape(second) in _META_KEYS:
            values[_unescape(second)] = third
        elif isinstance(label, str) and _unescape(label) in _META_LABELS:
            values[_META_LABELS[_unescape(label)]] = second
    return values


def _has_meta_keys(sheet: Any) -> bool:
    """Whether a sheet (renamed) is the information sheet: its fields' labels, or keys, are there."""
    found = {
        _META_LABELS.get(cell, cell) if index == 0 else cell
        for row in sheet.iter_rows(min_row=1, max_row=20, max_col=2, values_only=True)
        for index, cell in enumerate(row)
        if isinstance(cell, str)
    }
    return {"agency", "year", "version"} <= found


def _texts(workbook: Any) -> tuple[dict[str, str | None], dict[Section, str]]:
    if STRUCTURE_SHEET in workbook.sheetnames:
        return _texts_by_structure(workbook)
    if TEXT_SHEET in workbook.sheetnames:
        return _texts_in_columns(workbook[TEXT_SHEET])
    return {}, {}


def _texts_by_structure(workbook: Any) -> tuple[dict[str, str | None], dict[Section, str]]:
    """The text parts as written since 0.2, the hidden structure sheet saying which row holds what.

    A part is every row below its heading down to the next heading (the preamble: below the title).
    Headings are found by their text, so rows inserted above them move them without harm. Rows the
    structure lists join as it marks them; a row it does not list is text someone typed into the sheet,
    kept as a paragraph of its own: nothing typed is dropped.
    """
    entries = [
        (*row, None, None, None, None, None)[:5]
        for row in workbook[STRUCTURE_SHEET].iter_rows(
            min_row=2, max_row=MAX_TEXT_ROWS, max_col=5, values_only=True
        )
    ]
    columns: dict[str, dict[int, object]] = {}
    for name in {e[0] for e in entries if isinstance(e[0], str) and e[0] in workbook.sheetnames}:
        rows = workbook[name].iter_rows(min_row=1, max_row=MAX_TEXT_ROWS, max_col=1, values_only=True)
        columns[name] = {number: values[0] if values else None for number, values in enumerate(rows, 1)}
    present: dict[str, bool] = {}
    regions: dict[str, list[tuple[int, str, int]]] = {}  # by sheet: (first row, part, rows moved by)
    headings: dict[Section, str] = {}
    keys = {s.key: s for s in Section}
    found_until: dict[str, int] = {}
    for name, row, key, mark, heading in entries:
        if mark not in (PRESENT, ABSENT) or not isinstance(key, str) or name not in columns:
            continue
        present[key] = mark == PRESENT
        column = columns[name]
        if isinstance(row, int):
            at = _heading_row(column, row, heading, found_until.get(name, 0))
            found_until[name] = at
            regions.setdefault(name, []).append((at + 1, key, at - row))
            shown = column.get(at)
            section = keys.get(key)
            if section is not None and isinstance(shown, str) and _unescape(shown) != section.label:
                headings[section] = _unescape(shown)
        elif key == "preamble":
            regions.setdefault(name, []).append((2, key, 0))  # below the title
    marks = {
        (name, row): str(mark or "")
        for name, row, key, mark, _ in entries
        if isinstance(row, int) and isinstance(name, str) and mark not in (PRESENT, ABSENT)
    }
    texts: dict[str, str | None] = {key: "" if has else None for key, has in present.items()}
    for name, found in regions.items():
        column = columns[name]
        found.sort()
        last = max(column, default=0)
        for index, (start, key, moved) in enumerate(found):
            end = found[index + 1][0] - 2 if index + 1 < len(found) else last  # above the next heading
            parts: list[str] = []
            written = False
            # Rows above a sheet's first heading (typed there) open its first part: nothing is dropped.
            above = range(1, start - 1) if index == 0 and key != "preamble" else range(0)
            for number in (*above, *range(start, end + 1)):
                value = column.get(number)
                mark = marks.get((name, number - moved))
                if mark is None and (value is None or not str(value).strip()):
                    continue  # an empty row nobody wrote in
                # A piece joins the one before without a break only when both are the writer's own.
                if parts and (mark != "" or not written):
                    parts.append("\n")
                parts.append(_cell_text(value))
                written = mark is not None
            if parts or texts.get(key) is not None:
                texts[key] = "".join(parts)
    return texts, headings


def _heading_row(column: Mapping[int, object], row: int, heading: object, after: int) -> int:
    """Where a heading is now: at its row, or (rows inserted above it) the next row holding its text."""
    if not isinstance(heading, str) or column.get(row) == heading:
        return row
    return next((n for n in sorted(column) if n > after and column[n] == heading), row)


def _texts_in_columns(sheet: Any) -> tuple[dict[str, str | None], dict[Section, str]]:
    """The text sheet as written before 0.2: one row per part (more for a long text), in five columns."""
    pieces: dict[str, list[str] | None] = {}
    headings: dict[Section, str] = {}
    keys = {s.key: s for s in Section}
    for row in sheet.iter_rows(min_row=2, max_row=MAX_TEXT_ROWS, max_col=5, values_only=True):
        padded = (*row, None, None, None, None, None)
        _, key, heading, present, chunk = padded[:5]
        if not isinstance(key, str):
            continue
        piece = _cell_text(chunk)
        if key in pieces:  # a continuation row of a long text (joined once at the end: linear)
            parts = pieces[key]
            if parts is None:
                pieces[key] = parts = []
            parts.append(piece)
            continue
        pieces[key] = None if present == ABSENT else [piece]
        section = keys.get(key)
        if section is not None and isinstance(heading, str) and _unescape(heading) != section.label:
            headings[section] = _unescape(heading)
    return {key: None if parts is None else "".join(parts) for key, parts in pieces.items()}, headings


def from_xlsx(
    data: bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read a report from a workbook given as bytes: one :func:`write_xlsx` wrote, or a filled template.

    Tables are found by their defined names, else by their labels on any sheet, so inserted rows and
    renamed or reordered sheets do not matter. Formula cells give their cached results; a total formula
    without one (a workbook never opened in a spreadsheet application) is computed from its parts, and a
    finding says so.

    Args:
        data: The workbook's bytes.
        source: The input's name, for messages (``<xlsx>`` by default).
        agency: The agency, overriding what the workbook says.
        year: The reporting year, overriding what the workbook says.
        version: The template version, overriding what the workbook says.
        limits: Size, member and compression limits.

    Returns:
        The report, the reading findings, and each cell's sheet and address.

    Raises:
        ReadError: The data is not a workbook, is unsafe, or is not a report workbook; the message says
            what was expected and what was found.

    .. versionadded:: 0.1.0
    """
    check_content(data, "from_xlsx", "read_xlsx")
    from openpyxl import load_workbook

    name = source or "<xlsx>"
    with open_archive(data, source=name, kind="XLSX", limits=limits) as archive:
        member_merges = _check_xml_members(archive, name, limits)
        members = _sheet_members(archive, name, limits)
        shared = "xl/sharedStrings.xml" in archive.namelist()
    merges = {title: member_merges.get(member, []) for title, member in members.items()}
    token = _SHARED_STRINGS.set(shared)
    try:
        with _parsing(name):
            # Read-only: cells are streamed, not bound to styles and merged ranges (three times faster).
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False
            )
            try:
                content = _content(workbook, merges)
            finally:
                workbook.close()
    finally:
        _SHARED_STRINGS.reset(token)
    return _assemble(content, data, name, agency=agency, year=year, version=version)


def read_xlsx(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> ReadResult:
    """Read a report from a workbook file (.xlsx): one :func:`write_xlsx` wrote, or a filled template.

    The options are those of :func:`from_xlsx`; ``source`` defaults to the path.

    Raises:
        ReadError: The file cannot be read, is not a workbook, is unsafe, or is not a report workbook.

    .. deprecated:: 0.1.0
        Passing the workbook's bytes: use :func:`from_xlsx`.
    """
    if isinstance(path, bytes):
        deprecated_content("read_xlsx", "from_xlsx")
        return from_xlsx(path, source=source, agency=agency, year=year, version=version, limits=limits)
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=limits.max_file_bytes)
    return from_xlsx(data, source=name, agency=agency, year=year, version=version, limits=limits)


@contextlib.contextmanager
def _parsing(name: str) -> Iterator[None]:
    """Turn whatever openpyxl raises for a damaged workbook into a ``ReadError``.

    openpyxl parses sheets lazily, while they are read, and raises many kinds of error (``ParseError``,
    ``ValueError``, ``IndexError``, ``KeyError``, ``TypeError``...): everything taken from a workbook is
    taken inside this guard, and the report is built from plain values outside it.
    """
    try:
        yield
    except ReadError:
        raise
    except Exception as error:
        problem = f"not a readable XLSX workbook: {type(error).__name__}: {error}"
        raise ReadError(name, [Problem("file", problem[:500], "document-damaged")]) from None


@attrs.frozen
class _Content:
    """What a workbook holds, as plain values: its information, tables' rows, texts and headings."""

    sheets: tuple[str, ...]
    meta: dict[str, object]
    table_lines: dict[TableKind, list[Line]]
    texts: dict[str, str | None]
    headings: dict[Section, str]


def _content(workbook: Any, merges: Mapping[str, Sequence[Range]]) -> _Content:
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()  # the stated dimensions may be wrong: rows are read as they are
    table_lines = {kind: drop_notes(_find_table_lines(workbook, kind, merges)) for kind in TableKind}
    texts, headings = _texts(workbook)
    return _Content(tuple(workbook.sheetnames), _metadata(workbook), table_lines, texts, headings)


def _assemble(
    content: _Content,
    raw: bytes,
    name: str,
    *,
    agency: str | None,
    year: int | None,
    version: TemplateVersion | None,
) -> ReadResult:
    meta, table_lines = content.meta, content.table_lines
    if not any(table_lines.values()):
        found = ", ".join(content.sheets) or "no sheets"
        problem = (
            "expected the tables of an annual report (sheets with rows such as "
            f"“{RequestRow.NEW.label}”), found sheets: {found}"
        )
        raise ReadError(name, [Problem("workbook", problem, "no-report")])
    stated_year = year if year is not None else meta.get("year")
    reader = Reader()
    # A year left blank is unknown (validation says so: year-unknown); anything else must be a year.
    if stated_year is not None and (not isinstance(stated_year, int) or isinstance(stated_year, bool)):
        problem = f"expected the reporting year as a whole number, found {stated_year!r}"
        raise ReadError(name, [Problem(f"'{META_SHEET}' (报告年度)", problem, "no-year")])
    version = choose_version(
        version or _version(meta.get("version")),
        (line for lines in table_lines.values() for line in lines),
        stated_year,
        reader,
    )
    with _parsing(name):
        tables = _compute_uncached_formulas(
            [reader.table(kind, version, table_lines[kind]) for kind in TableKind], raw, reader
        )
    texts, headings = content.texts, content.headings
    try:
        metadata = Metadata(
            agency=agency if agency is not None else _unescape(str(meta.get("agency") or "")),
            year=stated_year,
            version=version,
            title=_optional_text(meta.get("title")),
            published=_date(meta.get("published")),
            source=_optional_text(meta.get("source")),
            **stated_details({k: _unescape(v) if isinstance(v, str) else v for k, v in meta.items()}, reader),
        )
        report = AnnualReport.from_tables(
            metadata,
            tables,
            overview=texts.get("overview"),
            problems=texts.get("problems"),
            other_matters=texts.get("other_matters"),
            headings=headings,
            preamble=texts.get("preamble"),
            positions=reader.positions,
        )
    except ValueError as error:
        raise ReadError(name, [Problem(f"'{META_SHEET}'", str(error), "metadata-invalid")]) from None
    return ReadResult(report, tuple(reader.findings), name)


def _version(value: object) -> TemplateVersion | None:
    try:
        return TemplateVersion(str(value)) if value is not None else None
    except ValueError:
        return None


def _optional_text(value: object) -> str | None:
    return None if value is None else _unescape(str(value))


def _date(value: object) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def _compute_uncached_formulas(tables: list[AnyTable], raw: bytes, reader: Reader) -> list[AnyTable]:
    """Compute the totals whose formula has no cached result, from the values read; say so."""
    blank_totals = [
        (index, cell.row.key, cell.column.key, position)
        for index, table in enumerate(tables)
        for cell in table.blanks()
        if table.spec.parts(cell.row.key, cell.column.key) is not None
        and (position := reader.positions.get((table.kind, cell.row.key, cell.column.key))) is not None
    ]
    if not blank_totals:
        return tables
    formulas = _formulas(raw, [position for *_, position in blank_totals])
    result = list(tables)
    for index, row, column, position in blank_totals:
        formula = formulas.get(position)
        if not (isinstance(formula, str) and formula.startswith("=")):
            continue
        table = result[index]
        # As the spreadsheet computes the formula: SUM counts a blank part as 0. The total is then no
        # blank to fill in; its blank parts are still reported, each as a blank.
        parts = table.spec.parts(row, column) or ()
        value = sum_cells(v for v in (table[part] for part in parts) if v is not None)
        if value is None:
            continue
        result[index] = table.replace({(row, column): value})
        kind = table.kind
        reader.add(
            "read-formula-computed",
            Location(section=kind.section, table=kind, row=row, column=column, source=position),
            actual=value,
            formula=formula,
        )
    return result


def _formulas(raw: bytes, positions: Iterable[SourcePosition]) -> dict[SourcePosition, object]:
    """The formulas (or values) of some cells, read in one pass per sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    wanted: dict[str, dict[tuple[int, int], SourcePosition]] = {}
    for where in positions:
        assert where.sheet is not None
        assert where.address is not None
        letters, row = coordinate_from_string(where.address)
        wanted.setdefault(where.sheet, {})[(row, column_index_from_string(letters))] = where
    found: dict[SourcePosition, object] = {}
    workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=False, keep_links=False)
    try:
        for sheet_name, cells in wanted.items():
            sheet = workbook[sheet_name]
            sheet.reset_dimensions()
            first_row, last_row = min(r for r, _ in cells), max(r for r, _ in cells)
            first_col, last_col = min(c for _, c in cells), max(c for _, c in cells)
            rows = sheet.iter_rows(
                min_row=first_row, max_row=last_row, min_col=first_col, max_col=last_col, values_only=True
            )
            for row_number, row in enumerate(rows, start=first_row):
                for column_number, value in enumerate(row, start=first_col):
                    position = cells.get((row_number, column_number))
                    if position is not None:
                        found[position] = value
    finally:
        workbook.close()
    return found
