"""JSON: the report as a readable, lossless document, through a cattrs converter.

The converter (:func:`converter`) turns reports into plain data and back and never touches bytes;
:func:`render_json` and :func:`from_json` add them. Every class is structured by a hook registered on the
converter: metadata by cattrs' generated code with strict hooks for its fields, the report and its tables by
hooks of this module, which check a table shaped as the form in one pass and diagnose anything else cell
by cell. Every failure is a cattrs exception group whose notes name the attribute or key it occurred at;
:func:`from_dict` walks the group into one :class:`~disclosure_report.Problem` per failure, at its JSON path
(``$.requests.new.natural_person``). cattrs is imported when a document has something wrong to say (or
the converter is asked for): a well-formed document's metadata is read and written by the converter's own
hooks without it (:func:`plain_metadata`), as its tables always are.

Plain data is strict: an integer is never read from a string or a float, an amount is a decimal string so no
digit is lost, every key of the report and its tables is required and unknown keys are refused.

The standard library and cattrs are the reference. Fast paths sit beside it behind one interface
(:data:`JsonPath`): msgspec reads a document of the current version against a typed schema, orjson reads
any document's value and writes the text; each gives the reference's result or declines and the reference
decides. One switch takes them or not: :data:`PATHS_VARIABLE` for a process
(``DISCLOSURE_REPORT_JSON=reference``), :func:`json_paths` for a block of code (the property tests').
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import importlib.util
import itertools
import json
import operator
import os
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, TypeVar, get_args, get_type_hints

import attrs

from .._form import CURRENT_VERSION, CellKind, Section, TableKind, TableSpec, TemplateVersion, table_spec
from .._model import (
    AGENCY_DETAILS,
    MAX_COUNT,
    TABLE_CLASSES,
    TABLE_KINDS,
    AgencyLevel,
    AnnualReport,
    AnyTable,
    CellValue,
    Metadata,
    check_cell,
    plain,
    table_of_checked_values,
)
from ..exceptions import FieldValueError, Problem, ReadError
from .files import read_file, write_file

if TYPE_CHECKING:
    import cattrs
    from cattrs.errors import ClassValidationError

__all__ = [
    "MAX_JSON_BYTES",
    "READ_SCHEMA_VERSIONS",
    "SCHEMA_VERSION",
    "converter",
    "from_dict",
    "from_json",
    "read_json",
    "render_json",
    "to_dict",
    "to_json",
    "write_json",
]

SCHEMA_VERSION: Final = 2
"""The version of the JSON document layout; written as ``schema_version`` and checked on reading.

Version 1 documents (before the metadata's ``region``, ``division_code`` and ``level``) are still read."""
READ_SCHEMA_VERSIONS: Final = (1, 2)
"""The document layouts read: version 1 has the same keys but those three metadata fields."""
MAX_JSON_BYTES: Final = 20 * 1024 * 1024
"""The largest JSON document read (a report is about 10 KB)."""

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
_DOCUMENT_KEY_SET: Final = frozenset(DOCUMENT_KEYS)
_DICT: Final = {dict}
_TEXT_SECTIONS: Final = ("overview", "problems", "other_matters", "preamble")
DECIMAL_PATTERN: Final = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
_DECIMAL_RE: Final = re.compile(DECIMAL_PATTERN)

T = TypeVar("T")


class _WrongValue(ValueError):
    """A plain value of the wrong type or form; the message says what was expected."""


MAX_UNKNOWN_KEYS: Final = 20
"""Unknown keys of one object named one by one; the last problem counts the rest (a hostile document of
400,000 unknown keys made as many problems)."""


def _unknown(keys: Iterable[object], message: str) -> list[tuple[str, Exception]]:
    """An error for each unknown key, up to :data:`MAX_UNKNOWN_KEYS`, the last counting the rest."""
    errors: list[tuple[str, Exception]] = []
    rest = 0
    for key in keys:
        if len(errors) < MAX_UNKNOWN_KEYS:
            errors.append((str(key), _WrongValue(message)))
        else:
            rest += 1
    if rest:
        errors[-1] = (errors[-1][0], _WrongValue(f"{message} (and {rest} more unknown keys, not listed)"))
    return errors


class _Missing(KeyError):
    """A required key that is not there; the message says what to write instead."""

    def __str__(self) -> str:
        return str(self.args[0])


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


def _group(errors: list[tuple[str, Exception]], cls: type) -> ClassValidationError:
    """Errors at the named attributes or keys of a value, as cattrs groups them."""
    from cattrs.errors import AttributeValidationNote, ClassValidationError  # what is wrong, said

    for name, error in errors:
        error.__notes__ = [*getattr(error, "__notes__", []), AttributeValidationNote(name, name, cls)]
    return ClassValidationError(f"While structuring {cls.__name__}", [e for _, e in errors], cls)


def _object(value: object, what: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise _WrongValue(f"expected {what}, got {_show(value)}")
    return value


def _structure_level(value: object, _: type) -> AgencyLevel:
    if not isinstance(value, str):
        raise _WrongValue(f"expected an agency level's key, got {_show(value)}")
    try:
        return AgencyLevel(value)
    except ValueError:
        choices = ", ".join(repr(level.key) for level in AgencyLevel)
        raise _WrongValue(f"expected one of {choices}, got {_show(value)}") from None


_STRUCTURE_HOOKS: Final[dict[type, Callable[[object, type], Any]]] = {
    int: _strict(int, "a whole number"),
    str: _strict(str, "a string"),
    datetime.date: _structure_date,
    TemplateVersion: _structure_version,
    AgencyLevel: _structure_level,
}
"""How a metadata field's value is read, by its type: the converter's hooks, and :func:`plain_metadata`'s."""
_UNSTRUCTURE_HOOKS: Final[dict[type, Callable[[Any], object]]] = {
    datetime.date: lambda value: value.isoformat(),
    TemplateVersion: lambda value: value.value,
    AgencyLevel: lambda value: value.key,
}
"""How a metadata field's value is written, by its type (any other type is written as it is)."""


@functools.cache
def converter() -> cattrs.Converter:
    """The cattrs converter of reports: ``converter().structure(data, AnnualReport)`` and ``unstructure``.

    The reference for metadata (its fields' hooks are :data:`_STRUCTURE_HOOKS`), and what turns a
    document's problems into an exception group. Made when first needed: a well-formed document is read
    and written without it (:func:`plain_metadata`), and cattrs is most of this module's import.
    """
    import cattrs
    import cattrs.gen
    from cattrs.errors import AttributeValidationNote, ClassValidationError

    made = cattrs.Converter(forbid_extra_keys=True)
    for kind, structure in _STRUCTURE_HOOKS.items():
        made.register_structure_hook(kind, structure)
    for kind, unstructure in _UNSTRUCTURE_HOOKS.items():
        made.register_unstructure_hook(kind, unstructure)
    metadata = cattrs.gen.make_dict_structure_fn(Metadata, made)

    def structure_metadata(value: object, cls: type) -> Metadata:
        fields = _object(value, "an object with the report's metadata")
        try:
            return metadata(fields, cls)
        except FieldValueError as error:  # a value the model refuses (a year out of range...)
            raise _group([(error.field.removeprefix("metadata."), error)], Metadata) from None
        except ClassValidationError as group:
            # cattrs groups what the class refused without saying where: the model's error names it.
            for refused in group.exceptions:
                notes = getattr(refused, "__notes__", ())
                if isinstance(refused, FieldValueError) and not any(
                    isinstance(note, AttributeValidationNote) for note in notes
                ):
                    name = refused.field.removeprefix("metadata.")
                    refused.__notes__ = [*notes, AttributeValidationNote(name, name, Metadata)]
            raise

    made.register_structure_hook(Metadata, structure_metadata)
    for table_class in TABLE_CLASSES.values():
        made.register_unstructure_hook(table_class, _unstructure_table)
    made.register_unstructure_hook(AnnualReport, _unstructure_report)
    made.register_structure_hook(AnnualReport, lambda value, _: _structure_report(value))
    return made


def _metadata_fields() -> tuple[tuple[str, type, bool, bool], ...]:
    """Each metadata field: its name, its value's type, whether ``None`` is allowed, whether required."""
    hints = get_type_hints(Metadata)
    fields = []
    for field in attrs.fields(Metadata):
        declared = get_args(hints[field.name]) or (hints[field.name],)  # X | None, or X alone
        kinds = [kind for kind in declared if kind is not type(None)]
        optional = len(kinds) < len(declared)
        (kind,) = kinds
        fields.append((field.name, kind, optional, field.default is attrs.NOTHING))
    return tuple(fields)


_METADATA_FIELDS: Final = _metadata_fields()
_METADATA_KEYS: Final = frozenset(name for name, *_ in _METADATA_FIELDS)
_REQUIRED_METADATA: Final = frozenset(name for name, _, _, required in _METADATA_FIELDS if required)
_METADATA_HOOKS: Final = {
    name: (_STRUCTURE_HOOKS[kind], kind, optional) for name, kind, optional, _ in _METADATA_FIELDS
}


def plain_metadata(value: object) -> Metadata | None:
    """A document's metadata read without cattrs, if it is well formed; ``None``: the converter decides.

    The converter's result for every value it takes (each field by the converter's own hook, the model's
    rules), and ``None`` for anything else (a key missing or unknown, a value refused), which the
    converter then reads and says what is wrong with. A property test holds the two to the same result.
    """
    if type(value) is not dict or not _REQUIRED_METADATA <= value.keys() <= _METADATA_KEYS:
        return None
    fields: dict[str, Any] = {}
    try:
        for name, item in value.items():
            structure, kind, optional = _METADATA_HOOKS[name]
            fields[name] = None if item is None and optional else structure(item, kind)
        return Metadata(**fields)
    except (_WrongValue, FieldValueError, ValueError, TypeError):
        return None


def _metadata_dict(info: Metadata) -> dict[str, object]:
    """The metadata as plain data, as the converter unstructures it (each field by its value's type)."""
    written: dict[str, object] = {}
    for name, *_ in _METADATA_FIELDS:
        value = getattr(info, name)
        unstructure = _UNSTRUCTURE_HOOKS.get(type(value))
        written[name] = value if unstructure is None else unstructure(value)
    return written


def _structure_metadata(value: object) -> Metadata:
    """The metadata read plainly, or by the converter (which raises what is wrong)."""
    found = plain_metadata(value)
    if found is not None:
        return found
    metadata: Metadata = converter().structure(value, Metadata)
    return metadata


def _unstructure_cell(value: CellValue | None) -> int | str | None:
    return plain(value) if isinstance(value, Decimal) else value


def _unstructure_table(table: AnyTable) -> dict[str, dict[str, object]]:
    spec = table.spec
    found = _ROW_SPANS.get((spec.kind, spec.version))
    spans, amounts = found if found is not None else _row_spans(spec)
    values: Sequence[object] = table.values
    if amounts:  # only table 二 has amounts (万元): they are written as decimal strings
        values = [_unstructure_cell(value) for value in table.values]
    # Each row's cells taken as a slice and zipped with its keys: C speed, no call a cell.
    return {row: dict(zip(columns, values[start:end], strict=True)) for row, columns, start, end in spans}


_RowSpans = tuple[tuple[tuple[str, tuple[str, ...], int, int], ...], bool]
_ROW_SPANS: dict[tuple[TableKind, TemplateVersion | None], _RowSpans] = {}


def _row_spans(spec: TableSpec) -> _RowSpans:
    """Each row's key, its columns' keys and where its cells lie in ``values``; whether any is an amount."""
    spans = []
    start = 0
    for row, columns in spec.keys:
        spans.append((row, columns, start, start + len(columns)))
        start += len(columns)
    found = _ROW_SPANS[spec.kind, spec.version] = (tuple(spans), CellKind.MONEY in spec.kinds)
    return found


def _unstructure_report(
    report: AnnualReport, write_table: Callable[[AnyTable], object] = _unstructure_table
) -> dict[str, Any]:
    document: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    document["metadata"] = _metadata_dict(report.metadata)
    document["overview"] = report.overview
    for kind in TABLE_KINDS:
        document[kind.key] = write_table(report.table(kind))
    document["problems"] = report.problems
    document["other_matters"] = report.other_matters
    document["headings"] = {section.key: heading for section, heading in report.headings}
    document["preamble"] = report.preamble
    return document


# --- structuring the report --------------------------------------------------------------------------


def _structure_report(data: object) -> AnnualReport:
    document = _object(data, "a JSON object (a report)")
    errors: list[tuple[str, Exception]] = []
    if document.keys() != _DOCUMENT_KEY_SET:
        unknown = document.keys() - _DOCUMENT_KEY_SET
        if unknown:
            from cattrs.errors import ForbiddenExtraKeysError  # what is wrong, said

            errors.append(("", ForbiddenExtraKeysError("", AnnualReport, {str(key) for key in unknown})))
        for key in DOCUMENT_KEYS:
            if key not in document:
                missing = _Missing("missing (every key is required; use null for an absent section)")
                errors.append((key, missing))
    layout = document.get("schema_version")
    if "schema_version" in document and (type(layout) is not int or layout not in READ_SCHEMA_VERSIONS):
        expected = " or ".join(str(v) for v in READ_SCHEMA_VERSIONS)
        errors.append(("schema_version", _WrongValue(f"expected {expected}, got {_show(layout)}")))
    metadata: Metadata | None = None
    if "metadata" in document:
        try:
            raw = document["metadata"]
            if layout == 1 and isinstance(raw, dict):
                # Version 1 had no such fields: one written there is not of that version.
                newer = sorted(set(raw) & set(AGENCY_DETAILS))
                if newer:
                    from cattrs.errors import ForbiddenExtraKeysError  # what is wrong, said

                    raise ForbiddenExtraKeysError("", Metadata, set(newer))
            metadata = _structure_metadata(raw)
        except Exception as error:
            errors.append(("metadata", error))
    texts: dict[str, str | None] = {}
    for name in _TEXT_SECTIONS:
        value = document.get(name)
        if value is not None and not isinstance(value, str):
            errors.append((name, _WrongValue(f"expected a string or null, got {_show(value)}")))
        else:
            texts[name] = value
    headings: dict[Section, str] = {}
    try:
        headings = _structure_headings(document.get("headings", {}))
    except Exception as error:
        errors.append(("headings", error))
    # The tables' layout depends only on the version: check them even when other metadata is wrong.
    raw_metadata = document.get("metadata")
    version = _version_or_none(raw_metadata.get("version") if isinstance(raw_metadata, dict) else None)
    tables: list[AnyTable] = []
    for kind in TABLE_KINDS:
        if kind.key not in document:
            continue
        if version is None:
            errors.append((kind.key, _WrongValue("not checked: needs a valid $.metadata.version")))
            continue
        try:
            tables.append(_structure_table(kind, document[kind.key], version))
        except Exception as error:
            errors.append((kind.key, error))
    if errors:
        raise _group(errors, AnnualReport)
    assert metadata is not None
    try:
        return AnnualReport.from_tables(
            metadata,
            tables,
            overview=texts["overview"],
            problems=texts["problems"],
            other_matters=texts["other_matters"],
            headings=headings,
            preamble=texts["preamble"],
        )
    except FieldValueError as error:  # a text the model refuses
        raise _group([(error.field, error)], AnnualReport) from None


def _version_or_none(value: object) -> TemplateVersion | None:
    try:
        return TemplateVersion(value)
    except ValueError:
        return None


_SECTION_KEYS: Final = frozenset(section.value for section in Section)


def _structure_headings(value: object) -> dict[Section, str]:
    headings = _object(value, "an object of section key to heading")
    errors: list[tuple[str, Exception]] = []
    found: dict[Section, str] = {}
    unknown = [key for key in headings if key not in _SECTION_KEYS]
    if unknown:
        choices = ", ".join(s.key for s in Section)
        errors += _unknown(unknown, f"unknown section; expected one of: {choices}")
    for key, heading in headings.items():
        if key not in _SECTION_KEYS:
            continue
        section = Section(key)
        if not isinstance(heading, str):
            errors.append((str(key), _WrongValue(f"expected a string, got {_show(heading)}")))
            continue
        found[section] = heading
    if errors:
        raise _group(errors, dict)
    return found


def _structure_table(kind: TableKind, value: object, version: TemplateVersion) -> AnyTable:
    rows = _object(value, "an object of rows")
    shape = _shape(kind, version)
    if len(rows) == len(shape.rows):
        # A table shaped as the form, read at C speed: every row by its key, each row's size, and its
        # cells picked in form order (a row that is not an object, or lacks a column, raises).
        try:
            cells = tuple(map(rows.__getitem__, shape.rows))
            if set(map(type, cells)) == _DICT and tuple(map(len, cells)) == shape.widths:
                values = list(itertools.chain.from_iterable(map(operator.call, shape.pickers, cells)))
                table = _shaped_table(TABLE_CLASSES[kind], kind, values, version)
                if table is not None:
                    return table
        except (KeyError, TypeError):
            pass
    # The slow path diagnoses every problem of the table, keys and cells, each at its key.
    raise _table_errors(kind, rows, version)


def _shaped_table(
    table_class: type[AnyTable], kind: TableKind, values: list[Any], version: TemplateVersion
) -> AnyTable | None:
    """A table whose rows and columns are those of the form: its cells are checked by the model at once.

    Amounts come as decimal strings and are read first; anything the model refuses sends the table to
    the slow path, which names each problem's JSON path.
    """
    try:
        _read_amounts(values, kind, version)
        return table_class(version, tuple(values))
    except (FieldValueError, _WrongValue, TypeError):
        return None


def _read_amounts(values: list[Any], kind: TableKind, version: TemplateVersion) -> None:
    """Read a table's amounts, given as decimal strings, in place (refusing any other form)."""
    for position in _money_positions(kind, version):
        values[position] = _structure_cell(values[position], CellKind.MONEY)


@attrs.frozen
class _Shape:
    """A table's rows as JSON writes them, for the fast path of a table shaped as the form.

    Each row's key, its number of cells, and a function picking its cells in form order.
    """

    rows: tuple[str, ...]
    widths: tuple[int, ...]
    pickers: tuple[Callable[[dict[str, Any]], tuple[Any, ...]], ...]


@functools.cache
def _shape(kind: TableKind, version: TemplateVersion) -> _Shape:
    keys = table_spec(kind, version).keys
    pickers = []
    for _, columns in keys:
        getter = operator.itemgetter(*columns)
        pickers.append(getter if len(columns) > 1 else functools.partial(_one_cell, getter))
    return _Shape(
        rows=tuple(row for row, _ in keys),
        widths=tuple(len(columns) for _, columns in keys),
        pickers=tuple(pickers),
    )


def _one_cell(getter: Callable[[dict[str, Any]], Any], cells: dict[str, Any]) -> tuple[Any, ...]:
    return (getter(cells),)


@functools.cache
def _money_positions(kind: TableKind, version: TemplateVersion) -> tuple[int, ...]:
    kinds = table_spec(kind, version).kinds
    return tuple(position for position, cell_kind in enumerate(kinds) if cell_kind is CellKind.MONEY)


def _table_errors(kind: TableKind, rows: dict[Any, Any], version: TemplateVersion) -> ClassValidationError:
    """Every key and cell problem of a table that is not shaped as the form."""
    layout = table_spec(kind, version)
    errors = _key_errors(rows, [row for row, _ in layout.keys], f"row of the {version.value} template")
    for row_spec in layout.rows:
        row = row_spec.key.key
        if row not in rows:
            continue
        cells = rows[row]
        if not isinstance(cells, dict):
            what = f"an object of cells ({row_spec.label})"
            errors.append((row, _WrongValue(f"expected {what}, got {_show(cells)}")))
            continue
        cell_errors = _key_errors(cells, [c.key.key for c in row_spec.columns], f"column of {row_spec.label}")
        for column in row_spec.columns:
            if column.key.key in cells:
                try:
                    _structure_cell(cells[column.key.key], column.kind)
                except (_WrongValue, FieldValueError) as error:
                    cell_errors.append((column.key.key, error))
        if cell_errors:
            errors.append((row, _group(cell_errors, dict)))
    return _group(errors, TABLE_CLASSES[kind])


def _key_errors(value: dict[Any, Any], keys: list[str], what: str) -> list[tuple[str, Exception]]:
    known = set(keys)
    errors = _unknown(
        (key for key in value if key not in known), f"unknown {what}; expected: " + ", ".join(keys)
    )
    for key in keys:
        if key not in value:
            errors.append((key, _Missing("missing (use null for a blank cell)")))
    return errors


_EXPECTED_CELL: Final = {
    CellKind.COUNT: "a whole number >= 0 or null",
    CellKind.SIGNED_COUNT: "a whole number or null",
    CellKind.MONEY: 'a decimal string such as "12.5" or null',
}


def _structure_cell(value: object, kind: CellKind) -> CellValue | None:
    cell: CellValue
    if value is None:
        return None
    if kind is CellKind.MONEY:
        if not isinstance(value, str) or len(value) > 40 or not _DECIMAL_RE.fullmatch(value):
            raise _WrongValue(f"expected {_EXPECTED_CELL[kind]}, got {_show(value)}")
        try:
            cell = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            raise _WrongValue(f"expected {_EXPECTED_CELL[kind]}, got {_show(value)}") from None
    elif type(value) is int:
        cell = value
    else:
        raise _WrongValue(f"expected {_EXPECTED_CELL[kind]}, got {_show(value)}")
    try:
        check_cell("", kind, cell)
    except FieldValueError as error:
        raise _WrongValue(f"expected {error.expected}, got {_show(value)}") from None
    return cell


# --- problems from the converter's exception groups -----------------------------------------------


def _problems(error: BaseException, path: str) -> Iterator[Problem]:
    """One problem per failure in a cattrs exception group, at its JSON path (from the groups' notes)."""
    from cattrs.errors import ForbiddenExtraKeysError

    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _problems(inner, _child_path(inner, path))
    elif isinstance(error, ForbiddenExtraKeysError):
        expected = error.cl.__name__
        if attrs.has(error.cl):
            expected = ", ".join(a.name for a in attrs.fields(error.cl) if a.init and a.name != "positions")
        if error.cl is AnnualReport:
            expected = ", ".join(DOCUMENT_KEYS)
        for key, unknown in _unknown(sorted(error.extra_fields), f"unknown key; expected only: {expected}"):
            yield Problem(f"{path}.{key}", str(unknown), "json-key")
    elif isinstance(error, _Missing):
        yield Problem(path, str(error), "json-key")
    elif isinstance(error, KeyError):
        yield Problem(path, "missing (required)", "json-key")
    elif isinstance(error, FieldValueError):
        yield Problem(path, f"expected {error.expected}, got {_show(error.value)}", "json-value")
    else:
        yield Problem(path, str(error), "json-value")


def _child_path(error: BaseException, path: str) -> str:
    from cattrs.errors import AttributeValidationNote, IterableValidationNote

    for note in getattr(error, "__notes__", ()):
        if isinstance(note, AttributeValidationNote):
            return f"{path}.{note.name}" if note.name else path
        if isinstance(note, IterableValidationNote):
            return f"{path}[{note.index}]"
    return path


# --- the public functions ------------------------------------------------------------------------


def to_dict(report: AnnualReport) -> dict[str, Any]:
    """The report as plain JSON-compatible data (dicts, lists, strings, ints, ``None``).

    Amounts are decimal strings, dates ISO strings; keys follow the form's keys (see the JSON Schema).
    """
    return _unstructure_report(report)


def from_dict(data: object, *, source: str = "<data>") -> AnnualReport:
    """Build a report from plain data as :func:`to_dict` writes it.

    Raises:
        ReadError: The data does not describe a report; the error lists every problem with its JSON path.
    """
    try:
        report = _structure_report(data)
    except Exception as error:
        raise ReadError(source, list(_problems(error, "$"))) from None
    return report


def render_json(report: AnnualReport, *, indent: int | None = 2) -> str:
    """The report as a JSON document: UTF-8 text with Chinese unescaped, keys in form order.

    Args:
        report: The report to write.
        indent: Indentation; ``None`` writes one line (for JSON lines).

    Example:
        >>> from disclosure_report import from_json, render_json
        >>> from disclosure_report.examples import seed_report
        >>> from_json(render_json(seed_report())) == seed_report()
        True

    .. versionadded:: 0.1.0
    """
    fast = orjson_text(report, indent)
    return fast if fast is not None else reference_text(to_dict(report), indent)


def reference_text(document: dict[str, Any], indent: int | None) -> str:
    """The document as the standard library writes it: one line without spaces, or indented."""
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(document, ensure_ascii=False, indent=indent, separators=separators)


def orjson_text(report: AnnualReport, indent: int | None) -> str | None:
    """The document as orjson writes it, if it is installed and writes this layout; else ``None``.

    orjson writes one line, or two spaces of indent, exactly as the standard library does: the same
    escapes, Chinese unescaped, keys in order. Each table is written into it whole (an orjson fragment):
    its skeleton, the keys and punctuation the standard library writes around its cells, made once per
    layout, with the cells' values in between, written at once as an array. No dict is built for a
    table: this is most of the work. A property test holds the document to the standard library's,
    character for character, for every report; what orjson refuses (nothing a report holds) the standard
    library writes.
    """
    orjson = _TAKEN.orjson
    if orjson is None or indent not in (None, 2):
        return None
    try:
        document = _unstructure_report(
            report, lambda table: orjson.Fragment(_table_text(orjson, table, indent))
        )
        written: bytes = orjson.dumps(document, option=orjson.OPT_INDENT_2 if indent else 0)
    except TypeError:  # orjson's JSONEncodeError
        return None
    return written.decode("utf-8")


def _table_text(orjson: Any, table: AnyTable, indent: int | None) -> bytes:
    """A table's JSON text, as the standard library writes it at its place in the document."""
    kind, version = table.kind, table.version
    values: Sequence[object] = table.values
    if _money_positions(kind, version):  # amounts are written as decimal strings
        values = [_unstructure_cell(value) for value in table.values]
    # Counts, nulls and decimal strings: no value's text holds a comma.
    cells = orjson.dumps(values)[1:-1].split(b",")
    text: list[Any] = list(_skeleton(kind, version, indent))
    if len(cells) != len(text) // 2:
        raise TypeError("a cell's text holds a comma")  # cannot happen: written the standard way then
    text[1::2] = cells  # each cell in its slot
    return b"".join(text)


_MARK: Final = re.compile(r'"@[0-9]+@"')


@functools.cache
def _skeleton(kind: TableKind, version: TemplateVersion, indent: int | None) -> tuple[bytes | None, ...]:
    """The text the standard library writes around a table's cells, with a slot (``None``) for each cell.

    n + 1 pieces of text for n cells, a slot between each two. Made by writing the table with a mark in
    each cell (``"@12@"``), as a key of a document (at the indentation a table has), and cutting the text
    at the marks.
    """
    marked: dict[str, dict[str, str]] = {}
    position = 0
    for row, columns in table_spec(kind, version).keys:
        marked[row] = {}
        for column in columns:
            marked[row][column] = f"@{position}@"
            position += 1
    text = reference_text({"t": marked}, indent)
    head, tail = ('{"t":', "}") if indent is None else ('{\n  "t": ', "\n}")
    assert text.startswith(head)
    assert text.endswith(tail)
    pieces = _MARK.split(text[len(head) : -len(tail)])
    assert len(pieces) == position + 1
    skeleton: list[bytes | None] = [None] * (2 * position + 1)
    skeleton[0::2] = [piece.encode("utf-8") for piece in pieces]
    return tuple(skeleton)


def to_json(report: AnnualReport, *, indent: int | None = 2) -> str:
    """Deprecated name of :func:`render_json`.

    .. deprecated:: 0.1.0
        Use :func:`render_json` (``render_*`` give content in memory, ``write_*`` write files).
    """
    warnings.warn("to_json() is deprecated: use render_json()", DeprecationWarning, stacklevel=2)
    return render_json(report, indent=indent)


def write_json(report: AnnualReport, path: str | os.PathLike[str]) -> None:
    """Write the report to a JSON file (UTF-8)."""
    write_file(path, render_json(report) + "\n")


def from_json(
    text: str | bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> AnnualReport:
    """Read a report from a JSON document written by :func:`render_json` (or by hand, following the schema).

    JSON states a report exactly, so the report itself is returned (the document readers return a
    :class:`~disclosure_report.ReadResult`, with what reading found).

    Args:
        text: The document.
        source: How to name the input in error messages, such as its file name.
        agency: The agency, replacing the document's.
        year: The reporting year, replacing the document's.
        version: The template version the document must have.

    Raises:
        ReadError: The text is not JSON, or the document does not describe a report; the error lists every
            problem with its JSON path and what was expected.
        TypeError: ``text`` is not text or bytes, such as a path: the message names :func:`read_json`.
    """
    if not isinstance(text, str | bytes):
        # The readers' refusal, message and all (imported here: the readers import this module).
        from .read.assemble import check_content

        check_content(text, "from_json", "read_json", text=True)
    name = source or "<string>"
    if len(text) > MAX_JSON_BYTES:
        problem = f"{len(text)} bytes is more than the limit of {MAX_JSON_BYTES}"
        raise ReadError(name, [Problem("$", problem, "file-too-large")])
    report = typed_report(text) if _typed_due() else None
    if report is None:
        fast = orjson_value(text)
        value = reference_value(text, name) if fast is None else fast
        try:
            report = from_dict(value, source=name)
        except ReadError:
            # A key written twice is said as what it is, whatever else its document breaks.
            if not _unique_keys(text, *_tally(value)):
                raise ReadError(name, _duplicate_keys(text, name)) from None
            if fast is None:
                raise
            # What the model refuses is said as the standard library's value shows it (orjson reads an
            # integer of more than 64 bits as a float): the document is read again the standard way.
            report = from_dict(reference_value(text, name), source=name)
        else:
            if not _unique_keys(text, *_document_tally(value, report.version)):
                raise ReadError(name, _duplicate_keys(text, name))
    if version is not None and report.version is not version:
        problem = f"expected a report of the {version.value} template, got {report.version.value}"
        raise ReadError(name, [Problem("$.metadata.version", problem, "json-value")])
    if agency is not None or year is not None:
        info = report.metadata
        try:
            changed = attrs.evolve(
                info,
                agency=info.agency if agency is None else agency,
                year=info.year if year is None else year,
            )
        except FieldValueError as error:
            raise ReadError(name, [Problem(f"$.{error.field}", str(error), "json-value")]) from None
        report = attrs.evolve(report, metadata=changed)
    return report


# --- duplicate keys ------------------------------------------------------------------------------------

# A JSON string: the unrolled form of "(?:[^"\\]|\\.)*", linear and without backtracking.
_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_STRING_BYTES: Final = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_ESCAPED_COLON: Final = re.compile(r"\\u003[aA]")
_ESCAPED_COLON_BYTES: Final = re.compile(rb"\\u003[aA]")


def _unique_keys(text: str | bytes, keys: int, colons: int) -> bool:
    r"""Whether no object of a JSON text writes a key twice, given its decoded value's tally.

    ``keys`` is the number of keys of every object of the decoded value, and ``colons`` the colons in
    its strings (keys and values). Outside strings, a colon separates a key from its value and nothing
    else, so the text's colons less its strings' are its members; a key written twice is one key in the
    value (and the member dropped takes its strings' colons with it), so the two agree only when no key is
    written twice. A colon escaped in a string (``\\u003a``) is a colon in the value but not in the text:
    such a text is counted exactly, its strings taken out by a pattern. Linear in the text's length.
    """
    if isinstance(text, bytes):
        if _ESCAPED_COLON_BYTES.search(text):
            return _STRING_BYTES.sub(b"", text).count(b":") == keys
        return text.count(b":") - colons == keys
    if _ESCAPED_COLON.search(text):
        return _STRING.sub("", text).count(":") == keys
    return text.count(":") - colons == keys


def _tally(value: object) -> tuple[int, int]:
    """The keys of every object of a decoded JSON value, and the colons in its strings (iterative)."""
    keys = colons = 0
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            colons += item.count(":")
        elif isinstance(item, dict):
            keys += len(item)
            for key, child in item.items():
                colons += key.count(":") if isinstance(key, str) else 0
                pending.append(child)
        elif isinstance(item, list):
            pending.extend(item)
    return keys, colons


def _document_tally(document: dict[str, Any], version: TemplateVersion) -> tuple[int, int]:
    """:func:`_tally` of a document :func:`from_dict` has taken, from its few free parts alone.

    A document taken is of the schema's shape: its tables have every row and cell of the form's version
    and nothing else, and their cells hold no colon (numbers, null, decimal strings). Only the metadata,
    the headings and the texts are counted, not the two hundred cells.
    """
    free = [document["metadata"], document["headings"], *(document[key] for key in _TEXT_KEYS)]
    keys, colons = _tally(free)
    return len(document) + _table_members(version) + keys, colons


_TEXT_KEYS: Final = ("overview", "problems", "other_matters", "preamble")


@functools.cache
def _table_members(version: TemplateVersion) -> int:
    """The members the tables of a document of a version write: each row, and each of its cells."""
    return sum(len(row.columns) + 1 for kind in TABLE_KINDS for row in table_spec(kind, version).rows)


def _duplicate_keys(text: str | bytes, name: str) -> list[Problem]:
    """Each key written twice in one object, at its JSON path (``duplicate-key``).

    Called only when the text writes more members than its value has keys: decoders keep one of two
    members with the same key (the last, for the standard library, orjson and msgspec alike; the first
    for others), so a document with a duplicated key means two things to two readers and is refused.
    """

    class _Pairs(list[tuple[str, Any]]):
        """An object's members, in order, duplicates kept."""

    try:
        tree = json.loads(text, object_pairs_hook=_Pairs)
    except (ValueError, RecursionError):  # pragma: no cover - the text was already read as JSON
        return [Problem("$", "a key appears twice in one object", "duplicate-key")]
    problems: list[Problem] = []
    pending: list[tuple[object, str]] = [(tree, "$")]
    while pending:
        item, path = pending.pop()
        if isinstance(item, _Pairs):
            seen: set[str] = set()
            for key, _ in item:
                if key in seen:
                    message = (
                        f"the key {key!r} appears twice in one object: JSON readers disagree on which wins"
                    )
                    problems.append(Problem(f"{path}.{key}", message, "duplicate-key"))
                seen.add(key)
            pending.extend((child, f"{path}.{key}") for key, child in reversed(item))
        elif isinstance(item, list):
            pending.extend((child, f"{path}[{index}]") for index, child in reversed(list(enumerate(item))))
    return problems or [Problem("$", "a key appears twice in one object", "duplicate-key")]


# --- the fast paths beside the reference, and the switch -------------------------------------------------

JsonPath = Literal["msgspec", "orjson"]
"""A fast path beside the reference (the standard library's :mod:`json` and cattrs, always there).

``msgspec`` (:func:`typed_report`) reads a document of the current template version against its typed
schema, every cell checked in C; ``orjson`` reads any document's JSON value (:func:`orjson_value`) and
writes a report's text (:func:`orjson_text`). Each has its reference's signature and gives its result, or
declines (``None``) and the reference decides: property tests hold each path equal to the reference,
document for document and character for character (``tests/test_json.py``, by :func:`json_paths`).
"""

JSON_PATHS: Final[tuple[JsonPath, ...]] = ("msgspec", "orjson")
"""Every fast path, in the order reading tries them."""

PATHS_VARIABLE: Final = "DISCLOSURE_REPORT_JSON"
"""The switch, for a process: ``reference`` takes no fast path (JSON read and written by the standard
library and cattrs alone, though the ``fast`` extra is installed); paths named, comma-separated
(``orjson``), are taken alone; unset or empty, every path installed is taken. Read when this module is
imported, so worker processes take what their parent was given; any other value is warned about and
taken as ``reference``. :func:`json_paths` is the same switch for a block of code."""


def _installed(module: str) -> bool:
    """Whether an accelerator of the ``fast`` extra is installed (found, not imported)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def _library(path: JsonPath) -> Any:
    """A fast path's library, imported when first taken (msgspec alone is 8 ms of a process's start)."""
    return importlib.import_module(path)


_INSTALLED: Final[dict[JsonPath, bool]] = {path: _installed(path) for path in JSON_PATHS}

INSTALLED_PATHS: Final[tuple[JsonPath, ...]] = tuple(path for path in JSON_PATHS if _INSTALLED[path])
"""The fast paths whose library is installed (the ``fast`` extra brings both)."""


@attrs.frozen
class _Taken:
    """The fast paths taken: whether msgspec is (imported when its decoder is made), orjson's module."""

    msgspec: bool = False
    orjson: Any = None
    """``None`` when it is not taken or not installed."""
    loads: Callable[[str | bytes], Any] | None = None
    """orjson's reader, looked up once."""


def _take(paths: Iterable[JsonPath]) -> _Taken:
    chosen = {path for path in paths if _INSTALLED[path]}
    orjson = _library("orjson") if "orjson" in chosen else None
    return _Taken("msgspec" in chosen, orjson, None if orjson is None else orjson.loads)


def _named(value: str) -> tuple[JsonPath, ...]:
    """The paths a value of :data:`PATHS_VARIABLE` names: every one installed when empty.

    Raises:
        ValueError: It names no path, or a path not in :data:`JSON_PATHS`.
    """
    value = value.strip()
    if not value:
        return JSON_PATHS
    if value == "reference":
        return ()
    names = [name.strip() for name in value.split(",")]
    unknown = [name for name in names if name not in JSON_PATHS]
    if unknown:
        given = ", ".join(map(repr, unknown))
        raise ValueError(f"{given} is no JSON path (give 'reference', or any of {', '.join(JSON_PATHS)})")
    return tuple(path for path in JSON_PATHS if path in names)


def _from_environment() -> _Taken:
    try:
        return _take(_named(os.environ.get(PATHS_VARIABLE, "")))
    except ValueError as error:
        # The reference is right for every document: a mistyped switch costs speed, never a result.
        warnings.warn(f"{PATHS_VARIABLE}: {error}: taking the reference alone", RuntimeWarning, stacklevel=2)
        return _take(())


_TAKEN: _Taken = _from_environment()
"""The fast paths taken now: each path reads it, :func:`json_paths` sets it (one record, swapped whole)."""


def taken_paths() -> tuple[JsonPath, ...]:
    """The fast paths JSON reading and writing take now: those switched on and installed."""
    return tuple(path for path in JSON_PATHS if getattr(_TAKEN, path) not in (None, False))


@contextlib.contextmanager
def json_paths(*paths: JsonPath) -> Iterator[tuple[JsonPath, ...]]:
    """Take only the fast paths named (those installed) within the block; none named: the reference alone.

    :data:`PATHS_VARIABLE`'s switch, for a block of code: the property tests read and write with a path
    and without it. The choice is the process's (not a thread's), as the variable's is.

    Args:
        paths: Paths of :data:`JSON_PATHS`.

    Yields:
        The paths taken (those named that are installed).

    Raises:
        ValueError: A path named is not one of :data:`JSON_PATHS`.

    Example:
        >>> from disclosure_report._io.json import json_paths, render_json
        >>> from disclosure_report.examples import seed_report
        >>> with json_paths():  # the standard library alone
        ...     reference = render_json(seed_report())
        >>> reference == render_json(seed_report())
        True
    """
    global _TAKEN
    unknown = [path for path in paths if path not in JSON_PATHS]
    if unknown:
        raise ValueError(f"{', '.join(map(repr, unknown))} is no JSON path (any of {', '.join(JSON_PATHS)})")
    before = _TAKEN
    _TAKEN = _take(paths)
    try:
        yield taken_paths()
    finally:
        _TAKEN = before


# --- the typed fast path (msgspec) ---------------------------------------------------------------------


def typed_report(text: str | bytes) -> AnnualReport | None:
    """The report read by msgspec against the document's typed schema; ``None``: read it the standard way.

    The schema holds the model's rules for every cell (a whole number, not a boolean, from 0 or
    -:data:`MAX_COUNT` to :data:`MAX_COUNT`, or null; an amount a decimal string, then checked as every
    amount is), and every key of the 2021 layout, each required and no other: the cells are checked once,
    in C, and the tables built without checking them again. The metadata, headings and texts are
    structured as on the standard path. Any document this path does not take whole (another layout or
    version, a value it refuses, anything else) is read the standard way, which says what is wrong: a
    property test holds the two paths to the same result for every document.
    """
    if not _TAKEN.msgspec:
        return None
    msgspec = _library("msgspec")
    try:
        document = _typed_decoder().decode(text)
    except (msgspec.MsgspecError, UnicodeError, RecursionError):  # deep nesting in metadata or headings
        return None
    # msgspec, like every fast decoder, keeps the last of a key given twice: the standard path says where.
    keys, colons = _tally([document.metadata, document.headings])
    texts = (document.overview, document.problems, document.other_matters, document.preamble)
    colons += sum(text.count(":") for text in texts if text)  # the tables' cells hold no colon
    if not _unique_keys(text, _TYPED_MEMBERS + keys, colons):
        return None
    version = CURRENT_VERSION  # the typed decoder is the current version's; others take the standard path
    try:
        metadata = plain_metadata(document.metadata)
        if metadata is None or metadata.version is not version:
            return None
        tables = [_typed_table(kind, version, getattr(document, kind.key)) for kind in TABLE_KINDS]
        return AnnualReport.from_tables(
            metadata,
            tables,
            overview=document.overview,
            problems=document.problems,
            other_matters=document.other_matters,
            headings=_structure_headings(document.headings),
            preamble=document.preamble,
        )
    except (
        ExceptionGroup,
        FieldValueError,
        ValueError,
        TypeError,
        KeyError,
        RecursionError,
    ):  # cattrs' groups
        return None


def _typed_table(kind: TableKind, version: TemplateVersion, rows: Any) -> AnyTable:
    astuple = _library("msgspec").structs.astuple
    values = list(itertools.chain.from_iterable(map(astuple, astuple(rows))))
    _read_amounts(values, kind, version)  # strings of the schema's pattern, read and checked as amounts
    return table_of_checked_values(kind, version, tuple(values))


_READ_BEFORE = False
"""Whether this process has read a document before (the typed path's decoder is worth making)."""


def _typed_due() -> bool:
    """Whether the typed path reads the next document: once its decoder is made, or from a process's second.

    A process that reads one document (``validate one.json``) is spared importing msgspec and making the
    decoder (11 ms), more than the path saves on a document (0.13 ms); a batch's workers start with the
    decoder made (:func:`warm_up`, the JSON format's warm-up).
    """
    global _READ_BEFORE
    due = _READ_BEFORE or _typed_decoder.cache_info().currsize > 0
    _READ_BEFORE = True
    return due


def warm_up() -> None:
    """Warm this process for a batch, whose workers are forked from it (the JSON format's warm-up).

    The typed path's decoder, if the path is taken, and the converter that says what is wrong with a
    document: each worker of a batch starts with both, rather than importing msgspec or cattrs itself.
    """
    if _TAKEN.msgspec:
        _typed_decoder()
    converter()


@functools.cache
def _typed_decoder() -> Any:
    """The decoder of a document in the current version, typed from its spec and the model's limits."""
    msgspec = _library("msgspec")
    version = CURRENT_VERSION
    cell_types: dict[CellKind, Any] = {
        CellKind.COUNT: Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)] | None,
        CellKind.SIGNED_COUNT: Annotated[int, msgspec.Meta(ge=-MAX_COUNT, le=MAX_COUNT)] | None,
        CellKind.MONEY: Annotated[str, msgspec.Meta(max_length=40, pattern=DECIMAL_PATTERN)] | None,
    }
    tables: dict[TableKind, Any] = {}
    for kind in TABLE_KINDS:
        rows = []
        for row in table_spec(kind, version).rows:
            cells = [(column.key.key, cell_types[column.kind]) for column in row.columns]
            name = f"{kind.key}_{row.key.key}"
            rows.append((row.key.key, msgspec.defstruct(name, cells, forbid_unknown_fields=True, gc=False)))
        tables[kind] = msgspec.defstruct(kind.key, rows, forbid_unknown_fields=True, gc=False)
    text = str | None
    fields = [
        ("schema_version", Literal[2]),
        ("metadata", dict[str, Any]),
        ("overview", text),
        *((kind.key, tables[kind]) for kind in TABLE_KINDS),
        ("problems", text),
        ("other_matters", text),
        ("headings", dict[str, Any]),
        ("preamble", text),
    ]
    assert [name for name, _ in fields] == list(DOCUMENT_KEYS)
    document = msgspec.defstruct("document", fields, forbid_unknown_fields=True)
    return msgspec.json.Decoder(document)


_TYPED_MEMBERS: Final = len(DOCUMENT_KEYS) + _table_members(CURRENT_VERSION)
"""The members a document in the current version writes outside its metadata and headings: its keys, each
table's rows and each row's cells."""


def orjson_value(text: str | bytes) -> Any | None:
    """The document's JSON value read by orjson, if that path is taken and reads it; else ``None``.

    For every document orjson reads, its value is the standard library's but where the library's would
    be refused anyway (an integer of more than 64 bits, which orjson reads as a float; no float is ever
    accepted): :func:`from_json` reads a refused document again the standard way, so that what it says
    is the same with or without orjson. A property test holds the two paths to the same result.
    """
    loads = _TAKEN.loads
    if loads is None:
        return None
    try:
        return loads(text)
    except Exception:  # whatever orjson refuses, the standard library decides
        return None


def reference_value(text: str | bytes, name: str) -> Any:
    """The document's JSON value as the standard library reads it.

    Raises:
        ReadError: The text is not JSON (code ``json-syntax``) or not UTF-8 (``text-encoding``).
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno} column {error.colno}"
        raise ReadError(name, [Problem(where, f"not JSON: {error.msg}", "json-syntax")]) from None
    except UnicodeDecodeError as error:
        raise ReadError(name, [Problem("$", f"not UTF-8 text: {error.reason}", "text-encoding")]) from None
    except (ValueError, RecursionError) as error:
        # Over-long integers (ValueError) and absurd nesting (RecursionError) are refused by the decoder.
        raise ReadError(name, [Problem("$", f"not readable JSON: {error}", "json-syntax")]) from None


def read_json(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> AnnualReport:
    """Read a report from a JSON file (the options are those of :func:`from_json`).

    Raises:
        ReadError: The file cannot be read or is not a report; the message names the file.
    """
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_JSON_BYTES)
    return from_json(data, source=name, agency=agency, year=year, version=version)


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
