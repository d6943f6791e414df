"""JSON: the report as a readable, lossless document, through a cattrs converter.

The converter turns reports into plain data and back; :func:`to_json` and :func:`from_json` add the bytes.
Plain data is strict: an integer is never read from a string or a float, an amount is a decimal string so no
digit is lost, every key is required and unknown keys are refused. Every problem in a document is reported
at once, each with its JSON path.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from ._form import CellKind, Section, TableKind, TemplateVersion, table_spec
from ._model import (
    AnnualReport,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
    _Table,
    check_cell,
)
from .exceptions import FieldValueError, Problem, ReadError

__all__ = [
    "SCHEMA_VERSION",
    "from_dict",
    "from_json",
    "read_json",
    "to_dict",
    "to_json",
    "write_json",
]

SCHEMA_VERSION: Final = 1
"""The version of the JSON document layout; written as ``schema_version`` and checked on reading."""

DOCUMENT_KEYS: Final = (
    "schema_version",
    "metadata",
    "overview",
    "active_disclosure",
    "requests",
    "review_litigation",
    "problems",
    "other_matters",
    "headings",
    "preamble",
)
_TEXT_SECTIONS: Final = ("overview", "problems", "other_matters", "preamble")
_TABLES: Final[Mapping[str, type[_Table[Any, Any]]]] = {
    "active_disclosure": DisclosureTable,
    "requests": RequestTable,
    "review_litigation": ReviewTable,
}
DECIMAL_PATTERN: Final = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
_DECIMAL_RE: Final = re.compile(DECIMAL_PATTERN)

T = TypeVar("T")


class _WrongValue(ValueError):
    """A plain value of the wrong type or form; the message says what was expected."""


def _strict(kind: type[T], expected: str) -> Callable[[object, type], T]:
    def structure(value: object, _: type) -> T:
        # type() rather than isinstance(): True is not an int here.
        if type(value) is not kind:
            raise _WrongValue(f"expected {expected}, got {_show(value)}")
        return value

    return structure


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        raise _WrongValue(f"expected a date string YYYY-MM-DD, got {_show(value)}")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise _WrongValue(f"expected a date string YYYY-MM-DD, got {_show(value)}") from None


def _structure_version(value: object, _: type) -> TemplateVersion:
    try:
        return TemplateVersion(value)
    except ValueError:
        choices = ", ".join(repr(v.value) for v in TemplateVersion)
        raise _WrongValue(f"expected one of {choices}, got {_show(value)}") from None


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True)
    converter.register_structure_hook(int, _strict(int, "a whole number"))
    converter.register_structure_hook(str, _strict(str, "a string"))
    converter.register_structure_hook(datetime.date, _structure_date)
    converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
    converter.register_structure_hook(TemplateVersion, _structure_version)
    converter.register_unstructure_hook(TemplateVersion, lambda value: value.value)
    for table_class in _TABLES.values():
        converter.register_unstructure_hook(table_class, _unstructure_table)
    converter.register_unstructure_hook(AnnualReport, _unstructure_report)
    return converter


def _unstructure_cell(value: int | Decimal | None) -> int | str | None:
    return str(value) if isinstance(value, Decimal) else value


def _unstructure_table(table: _Table[Any, Any]) -> dict[str, dict[str, int | str | None]]:
    values = iter(table.values)
    return {
        row: {column: _unstructure_cell(next(values)) for column in columns}
        for row, columns in table.spec.keys
    }


def _unstructure_report(report: AnnualReport) -> dict[str, Any]:
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    document["metadata"] = _CONVERTER.unstructure(report.metadata)
    document["overview"] = report.overview
    for name in _TABLES:
        document[name] = _unstructure_table(getattr(report, name))
    document["problems"] = report.problems
    document["other_matters"] = report.other_matters
    document["headings"] = {section.key: heading for section, heading in report.headings}
    document["preamble"] = report.preamble
    return document


_CONVERTER: Final = _make_converter()


def to_dict(report: AnnualReport) -> dict[str, Any]:
    """The report as plain JSON-compatible data (dicts, lists, strings, ints, ``None``).

    Amounts are decimal strings, dates ISO strings; keys follow the form's keys (see the JSON Schema).
    """
    return _CONVERTER.unstructure(report, AnnualReport)  # type: ignore[no-any-return]


def to_json(report: AnnualReport, *, indent: int | None = 2) -> str:
    """The report as a JSON document: UTF-8 text with Chinese unescaped, keys in form order.

    Args:
        report: The report to write.
        indent: Indentation; ``None`` writes one line (for JSON lines).

    Example:
        >>> from disclosure_report import from_json, to_json
        >>> from disclosure_report.examples import seed_report
        >>> from_json(to_json(seed_report())) == seed_report()
        True
    """
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


def write_json(report: AnnualReport, path: str | Path) -> None:
    """Write the report to a JSON file (UTF-8)."""
    Path(path).write_text(to_json(report) + "\n", encoding="utf-8")


def from_json(text: str | bytes, *, source: str = "<string>") -> AnnualReport:
    """Read a report from a JSON document written by :func:`to_json` (or by hand, following the schema).

    Args:
        text: The document.
        source: How to name the input in error messages, such as its file name.

    Raises:
        ReadError: The text is not JSON, or the document does not describe a report; the error lists every
            problem with its JSON path and what was expected.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReadError(
            source, [Problem(f"line {error.lineno} column {error.colno}", f"not JSON: {error.msg}")]
        ) from None
    except (ValueError, RecursionError) as error:
        # Over-long integers (ValueError) and absurd nesting (RecursionError) are refused by the decoder.
        raise ReadError(source, [Problem("$", f"not readable JSON: {error}")]) from None
    return from_dict(data, source=source)


def read_json(path: str | Path) -> AnnualReport:
    """Read a report from a JSON file.

    Raises:
        ReadError: The file cannot be read or is not a report; the message names the file.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ReadError(str(path), [Problem("file", error.strerror or str(error))]) from None
    return from_json(data, source=str(path))


def from_dict(data: object, *, source: str = "<data>") -> AnnualReport:
    """Build a report from plain data as :func:`to_dict` writes it.

    Raises:
        ReadError: The data does not describe a report; the error lists every problem with its JSON path.
    """
    problems: list[Problem] = []
    report = _structure_report(data, problems)
    if report is None:
        raise ReadError(source, problems)
    return report


def _structure_report(data: object, problems: list[Problem]) -> AnnualReport | None:
    if not isinstance(data, dict):
        problems.append(Problem("$", f"expected a JSON object (a report), got {_show(data)}"))
        return None
    for key in data:
        if key not in DOCUMENT_KEYS:
            problems.append(Problem(f"$.{key}", "unknown key; expected only: " + ", ".join(DOCUMENT_KEYS)))
    for key in DOCUMENT_KEYS:
        if key not in data:
            problems.append(
                Problem(f"$.{key}", "missing (every key is required; use null for an absent section)")
            )
    if "schema_version" in data and data["schema_version"] != SCHEMA_VERSION:
        problems.append(
            Problem("$.schema_version", f"expected {SCHEMA_VERSION}, got {_show(data['schema_version'])}")
        )
    metadata = _structure_metadata(data.get("metadata"), problems) if "metadata" in data else None
    texts: dict[str, str | None] = {}
    for name in _TEXT_SECTIONS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(Problem(f"$.{name}", f"expected a string or null, got {_show(value)}"))
        else:
            texts[name] = value
    headings = _structure_headings(data.get("headings", {}), problems)
    # The tables' layout depends only on the version: check them even when other metadata is wrong.
    raw_metadata = data.get("metadata")
    version = _version_or_none(raw_metadata.get("version") if isinstance(raw_metadata, dict) else None)
    tables: dict[str, _Table[Any, Any]] = {}
    for name, table_class in _TABLES.items():
        if name not in data:
            continue
        if version is None:
            problems.append(Problem(f"$.{name}", "not checked: needs a valid $.metadata.version"))
            continue
        table = _structure_table(table_class, data[name], version, f"$.{name}", problems)
        if table is not None:
            tables[name] = table
    if problems or metadata is None:
        return None
    return AnnualReport(
        metadata=metadata,
        overview=texts["overview"],
        active_disclosure=tables["active_disclosure"],  # type: ignore[arg-type]
        requests=tables["requests"],  # type: ignore[arg-type]
        review_litigation=tables["review_litigation"],  # type: ignore[arg-type]
        problems=texts["problems"],
        other_matters=texts["other_matters"],
        headings=headings,
        preamble=texts["preamble"],
    )


def _version_or_none(value: object) -> TemplateVersion | None:
    try:
        return TemplateVersion(value)
    except ValueError:
        return None


def _structure_metadata(value: object, problems: list[Problem]) -> Metadata | None:
    try:
        return _CONVERTER.structure(value, Metadata)
    except (ClassValidationError, ForbiddenExtraKeysError) as error:
        for message in cattrs.transform_error(error, "$.metadata", _format_exception):
            text, _, place = message.rpartition(" @ ")
            problems.append(Problem(place, text))
    except FieldValueError as error:
        problems.append(Problem(f"$.{error.field}", f"expected {error.expected}, got {_show(error.value)}"))
    except Exception as error:  # a non-object metadata raises from inside cattrs
        problems.append(Problem("$.metadata", f"expected an object with the report's metadata ({error})"))
    return None


def _format_exception(error: BaseException, kind: type | None) -> str:
    if isinstance(error, _WrongValue):
        return str(error)
    if isinstance(error, ForbiddenExtraKeysError):
        keys = ", ".join(sorted(error.extra_fields))
        allowed = ", ".join(a.name for a in attrs.fields(Metadata))
        return f"unknown key(s) {keys}; expected only: {allowed}"
    if isinstance(error, KeyError):
        return "missing (required)"
    return cattrs.v.format_exception(error, kind)


def _structure_headings(value: object, problems: list[Problem]) -> dict[Section, str]:
    if not isinstance(value, dict):
        problems.append(
            Problem("$.headings", f"expected an object of section key to heading, got {_show(value)}")
        )
        return {}
    headings: dict[Section, str] = {}
    for key, heading in value.items():
        try:
            section = Section(key)
        except ValueError:
            choices = ", ".join(s.key for s in Section)
            problems.append(Problem(f"$.headings.{key}", f"unknown section; expected one of: {choices}"))
            continue
        if not isinstance(heading, str):
            problems.append(Problem(f"$.headings.{key}", f"expected a string, got {_show(heading)}"))
            continue
        headings[section] = heading
    return headings


def _structure_table(
    table_class: type[_Table[Any, Any]],
    value: object,
    version: TemplateVersion,
    path: str,
    problems: list[Problem],
) -> _Table[Any, Any] | None:
    layout = table_spec(table_class.kind, version)
    if not isinstance(value, dict):
        problems.append(Problem(path, f"expected an object of rows, got {_show(value)}"))
        return None
    if len(value) == len(layout.keys):
        values: list[Any] = []
        try:
            for row, columns in layout.keys:
                cells = value[row]
                if type(cells) is not dict or len(cells) != len(columns):
                    break
                values.extend([cells[column] for column in columns])
        except KeyError:
            pass
        else:
            if len(values) == layout.size:
                table = _shaped_table(table_class, layout, values, version, path, problems)
                if table is not None:
                    return table
    # The slow path reports every problem of the table, keys and cells, each at its path.
    _table_problems(layout, value, path, version, problems)
    return None


def _shaped_table(
    table_class: type[_Table[Any, Any]],
    layout: Any,
    values: list[Any],
    version: TemplateVersion,
    path: str,
    problems: list[Problem],
) -> _Table[Any, Any] | None:
    """A table whose rows and columns are those of the form: its cells are checked by the model at once.

    Amounts come as decimal strings and are read first; anything the model refuses sends the table to
    the slow path, which names each problem's JSON path.
    """
    before = len(problems)
    for position in _money_positions(layout.kind, version):
        row, column = layout.cells[position]
        values[position] = _structure_cell(
            values[position], CellKind.MONEY, f"{path}.{row.key.key}.{column.key.key}", problems
        )
    if len(problems) > before:
        del problems[before:]
        return None
    try:
        return table_class(version, tuple(values))
    except (FieldValueError, TypeError):
        return None


@functools.cache
def _money_positions(kind: TableKind, version: TemplateVersion) -> tuple[int, ...]:
    kinds = table_spec(kind, version).kinds
    return tuple(position for position, cell_kind in enumerate(kinds) if cell_kind is CellKind.MONEY)


def _table_problems(
    layout: Any, value: dict[Any, Any], path: str, version: TemplateVersion, problems: list[Problem]
) -> None:
    """The slow path, for a table that is not shaped as the form: report every key and cell problem."""
    row_keys = [row for row, _ in layout.keys]
    _check_keys(value, row_keys, path, f"row of the {version.value} template", problems)
    for row_spec in layout.rows:
        row = row_spec.key.key
        if row not in value:
            continue
        cells = value[row]
        row_path = f"{path}.{row}"
        if not isinstance(cells, dict):
            problems.append(
                Problem(row_path, f"expected an object of cells ({row_spec.label}), got {_show(cells)}")
            )
            continue
        _check_keys(
            cells, [c.key.key for c in row_spec.columns], row_path, f"column of {row_spec.label}", problems
        )
        for column in row_spec.columns:
            if column.key.key in cells:
                _structure_cell(cells[column.key.key], column.kind, f"{row_path}.{column.key.key}", problems)
    return None


def _check_keys(
    value: dict[Any, Any], keys: list[str], path: str, what: str, problems: list[Problem]
) -> None:
    for key in value:
        if key not in keys:
            problems.append(Problem(f"{path}.{key}", f"unknown {what}; expected: " + ", ".join(keys)))
    for key in keys:
        if key not in value:
            problems.append(Problem(f"{path}.{key}", "missing (use null for a blank cell)"))


_EXPECTED_CELL: Final = {
    CellKind.COUNT: "a whole number >= 0 or null",
    CellKind.SIGNED_COUNT: "a whole number or null",
    CellKind.MONEY: 'a decimal string such as "12.5" or null',
}


def _structure_cell(
    value: object, kind: CellKind, path: str, problems: list[Problem]
) -> int | Decimal | None:
    cell: int | Decimal | None
    if value is None:
        return None
    if kind is CellKind.MONEY:
        if not isinstance(value, str) or not _DECIMAL_RE.match(value) or len(value) > 40:
            problems.append(Problem(path, f"expected {_EXPECTED_CELL[kind]}, got {_show(value)}"))
            return None
        try:
            cell = Decimal(value)
        except InvalidOperation:
            problems.append(Problem(path, f"expected {_EXPECTED_CELL[kind]}, got {_show(value)}"))
            return None
    elif type(value) is int:
        cell = value
    else:
        problems.append(Problem(path, f"expected {_EXPECTED_CELL[kind]}, got {_show(value)}"))
        return None
    try:
        check_cell(path, kind, cell)
    except FieldValueError as error:
        problems.append(Problem(path, f"expected {error.expected}, got {_show(value)}"))
        return None
    return cell


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str | int | float) else repr(value)
    return shown if len(shown) <= 60 else shown[:57] + "..."
