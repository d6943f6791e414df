"""The report as an immutable value: metadata, the three text sections and the three tables.

The model stores what a report *states*: its stated totals, and blank cells as ``None``. Totals that can be
computed are computed on demand (:meth:`RequestTable.applicant_sum`, ...); validation compares the two.
Construction checks only local facts (types, signs, ranges, keys); the accounting relations are checked by
:func:`disclosure_report.validate`, so that a wrong published report still loads and can be diagnosed.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import functools
import hashlib
import json
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, ClassVar, Final, Generic, Literal, Self, TypeVar, cast, overload

import attrs

from ._form import (
    CURRENT_VERSION,
    Applicant,
    CellKey,
    CellKind,
    ColumnSpec,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    RowSpec,
    Section,
    TableKind,
    TableSpec,
    TemplateVersion,
    table_spec,
)
from .exceptions import FieldValueError

__all__ = [
    "AGENCY_DETAILS",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "METADATA_DETAILS",
    "TABLE_CLASSES",
    "TABLE_KINDS",
    "AgencyLevel",
    "AnnualReport",
    "AnyTable",
    "Cell",
    "CellRef",
    "CellValue",
    "DisclosureTable",
    "Metadata",
    "RequestTable",
    "ReviewTable",
    "SourcePosition",
    "Table",
    "check_cell",
    "detail_from_text",
    "detail_text",
    "is_division_code",
    "plain",
    "sum_cells",
    "table_of_checked_values",
]

CellValue = int | Decimal
"""What a data cell holds when it is not blank: a count, or a :class:`~decimal.Decimal` amount."""
CellRef = tuple[TableKind, FormKey, FormKey]
"""A cell of a report: its table, row key and column key."""

MAX_COUNT: Final = 10**9
"""The largest count a cell may hold; larger numbers are refused as implausible for one agency in a year."""
MAX_AMOUNT: Final = Decimal(10**12)
"""The largest amount a money cell may hold."""
MAX_AMOUNT_EXPONENT: Final = 12
"""The largest exponent an amount may be written with (``1E+12``; ``MAX_AMOUNT`` bounds its value)."""
MAX_AMOUNT_DIGITS: Final = 40
"""The most digits an amount may have (far more than a 万元 amount to the fen needs): sums stay exact."""
# Amounts are added exactly: wide enough for any two amounts the model accepts.
_EXACT: Final = decimal.Context(prec=2 * MAX_AMOUNT_DIGITS + 20)
FIRST_YEAR: Final = 2008
"""The first reporting year: annual reports began under the 2007 regulation, in force from 2008."""
LAST_YEAR: Final = 2099

R = TypeVar("R", bound=FormKey)
C = TypeVar("C", bound=FormKey)


_POSITION_PART: Final = r"(?:page|line|paragraph|table|row|cell) [0-9]+"
_POSITION: Final = re.compile(
    r"^(?:(?P<file>.+?): )?(?:'(?P<sheet>(?:[^']|'')*)'!(?:(?P<address>[A-Z]+[0-9]+)|(?P<sheet_row>[0-9]+))"
    rf"|(?P<parts>{_POSITION_PART}(?:, {_POSITION_PART})*))$",
    re.DOTALL,
)


@attrs.frozen(kw_only=True)
class SourcePosition:
    """Where something stands in the document it was read from; the fields that apply are set.

    ``str()`` gives the position as messages print it: ``line 42``, ``table 2, row 6, cell 9``,
    ``page 3, table 2, row 5, cell 4``, ``paragraph 12``, ``'三、依申请公开'!C5`` (a sheet's cell) or
    ``'三、依申请公开'!12`` (a sheet's row); with the file first when it is set.

    Attributes:
        file: The file, when the position is to be read apart from its report.
        page: The page (PDF), from 1.
        sheet: The worksheet's title (XLSX).
        address: The cell's address on the sheet, such as ``C5`` (XLSX).
        line: The line (plain text), from 1.
        paragraph: The paragraph (HTML, DOCX), from 1.
        table: The table of the document (HTML, DOCX, PDF), from 1.
        row: The row of that table or sheet, from 1.
        cell: The cell of that row or line, from 1.

    .. versionadded:: 0.1.0
    """

    file: str | None = None
    page: int | None = None
    sheet: str | None = None
    address: str | None = None
    line: int | None = None
    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            where = self.address if self.address is not None else str(self.row)
            # As spreadsheets quote a sheet's title: a quote inside it is doubled.
            text = f"'{self.sheet.replace(chr(39), chr(39) * 2)}'!{where}"
        else:
            text = ", ".join(
                f"{name} {number}"
                for name, number in (
                    ("page", self.page),
                    ("line", self.line),
                    ("paragraph", self.paragraph),
                    ("table", self.table),
                    ("row", self.row),
                    ("cell", self.cell),
                )
                if number is not None
            )
        return f"{self.file}: {text}" if self.file is not None else text

    def with_cell(self, cell: int) -> SourcePosition:
        """The position of a cell of this line or row."""
        # Built directly: attrs.evolve inspects the class at every call, and readers place every cell.
        return SourcePosition(
            file=self.file,
            page=self.page,
            sheet=self.sheet,
            address=self.address,
            line=self.line,
            paragraph=self.paragraph,
            table=self.table,
            row=self.row,
            cell=cell,
        )

    @classmethod
    def parse(cls, text: str) -> SourcePosition:
        """The position whose ``str()`` is ``text``.

        Raises:
            ValueError: The text is not a position as ``str()`` writes it.
        """
        match = _POSITION.match(text)
        if match is None:
            raise ValueError(f"not a source position: {text!r}")
        file = match.group("file")
        if match.group("sheet") is not None:
            sheet = match.group("sheet").replace("''", "'")
            row = match.group("sheet_row")
            return cls(file=file, sheet=sheet, address=match.group("address"), row=int(row) if row else None)
        numbers: dict[str, int] = {}
        for part in match.group("parts").split(", "):
            name, number = part.split(" ")
            numbers[name] = int(number)
        return cls(
            file=file,
            page=numbers.get("page"),
            line=numbers.get("line"),
            paragraph=numbers.get("paragraph"),
            table=numbers.get("table"),
            row=numbers.get("row"),
            cell=numbers.get("cell"),
        )


def check_cell(field: str, kind: CellKind, value: object) -> None:
    """Refuse a value a cell of this kind cannot hold, naming the cell.

    Raises:
        FieldValueError: The value has the wrong type, sign or size.
    """
    if value is None:
        return
    if kind is CellKind.MONEY:
        if not isinstance(value, Decimal) or not value.is_finite():
            raise FieldValueError(field, value, "a finite decimal.Decimal amount or None")
        if value < 0 or value > MAX_AMOUNT:
            raise FieldValueError(field, value, f"an amount from 0 to {MAX_AMOUNT}")
        _, digits, exponent = value.as_tuple()
        if len(digits) > MAX_AMOUNT_DIGITS:
            raise FieldValueError(field, value, f"an amount of at most {MAX_AMOUNT_DIGITS} digits")
        # Written in plain notation, an exponent is as many characters: "1e-999999999" is 12 bytes to
        # read and a gigabyte to write.
        if not -MAX_AMOUNT_DIGITS <= exponent <= MAX_AMOUNT_EXPONENT:  # type: ignore[operator]
            places, zeros = MAX_AMOUNT_DIGITS, MAX_AMOUNT_EXPONENT
            expected = f"an amount of at most {places} decimal places and {zeros} trailing zeros"
            raise FieldValueError(field, value, expected)
        return
    # bool is an int subclass; True is never a count.
    if type(value) is not int:
        raise FieldValueError(field, value, "a whole number (int) or None")
    low = -MAX_COUNT if kind is CellKind.SIGNED_COUNT else 0
    if not low <= value <= MAX_COUNT:
        raise FieldValueError(field, value, f"a whole number from {low} to {MAX_COUNT}")


@attrs.frozen
class Cell(Generic[R, C]):
    """One data cell of a table, with its place in the form and its stated value (``None`` if blank)."""

    row: RowSpec
    column: ColumnSpec
    value: CellValue | None

    @property
    def row_key(self) -> R:
        """The row's key."""
        # A spec holds FormKeys; the table's kind fixes which enumeration they are of.
        return cast(R, self.row.key)

    @property
    def column_key(self) -> C:
        """The column's key."""
        return cast(C, self.column.key)


def _check_values(instance: Table[Any, Any], attribute: attrs.Attribute[Any], values: object) -> None:
    spec = instance.spec
    values = _check_shape(spec, values)
    counts, others = _cells_by_kind(spec.kind, instance.version)
    # The common case in one comprehension: every count cell blank or a whole number in range (every
    # table is built through here, 200 cells a report). Then only the other cells are checked one by one;
    # or, when a count is wrong, every cell, so that the first wrong one in form order is named.
    cells = values if counts is None else counts(values)
    wrong = [v for v in cells if v is not None and (type(v) is not int or v < 0 or v > MAX_COUNT)]
    for index in range(spec.size) if wrong else others:
        value = values[index]
        if value is not None:
            row, column = spec.cells[index]
            check_cell(f"{spec.kind.key}[{row.key.key}, {column.key.key}]", column.kind, value)


def _check_shape(spec: TableSpec, values: object) -> tuple[Any, ...]:
    """The values, if they are a tuple of as many cells as the table has."""
    if not isinstance(values, tuple) or len(values) != spec.size:
        raise FieldValueError(
            f"{spec.kind.key}.values", values, f"a tuple of {spec.size} cell values in form order"
        )
    return values


@functools.cache
def _cells_by_kind(
    kind: TableKind, version: TemplateVersion
) -> tuple[Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]] | None, tuple[int, ...]]:
    """A table's count cells (a picker; ``None`` when every cell is a count) and its other cells."""
    kinds = table_spec(kind, version).kinds
    counts = [i for i, cell in enumerate(kinds) if cell is CellKind.COUNT]
    others = tuple(i for i, cell in enumerate(kinds) if cell is not CellKind.COUNT)
    if not others:
        return None, ()
    picker = operator.itemgetter(*counts) if len(counts) > 1 else lambda values: (values[counts[0]],)
    return picker, others


def _check_version(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, TemplateVersion):
        raise FieldValueError(attribute.name, value, "a TemplateVersion")


@attrs.frozen
class Table(Generic[R, C]):
    """A table of one template version: its stated cell values in form order, blanks as ``None``.

    The base of :class:`DisclosureTable`, :class:`RequestTable` and :class:`ReviewTable`, which fix the
    table kind and the key types of rows (``R``) and columns (``C``); the layout (rows, columns, labels,
    cell kinds, totals) comes from :func:`disclosure_report.table_spec`.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[TableKind]

    version: TemplateVersion = attrs.field(validator=_check_version)
    values: tuple[CellValue | None, ...] = attrs.field(validator=_check_values, repr=False)
    complete: bool = attrs.field(init=False, eq=False, repr=False)
    """Whether every cell is stated (no blank); computed once, as validation asks it often."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "complete", None not in self.values)

    @property
    def spec(self) -> TableSpec:
        """The layout of this table in its version."""
        return table_spec(self.kind, self.version)

    @classmethod
    def build(
        cls,
        cells: Mapping[tuple[R, C], CellValue | None] | Mapping[CellKey, CellValue | None] | None = None,
        *,
        version: TemplateVersion = CURRENT_VERSION,
        default: CellValue | None = 0,
        compute_totals: bool = True,
    ) -> Self:
        """Build a table from the cells you have, in any order.

        Args:
            cells: Values by ``(row, column)``; ``None`` is a blank cell.
            version: The template version whose layout to use.
            default: The value of each cell not given (``0``; ``None`` leaves it blank). Money cells get
                it as a :class:`~decimal.Decimal`.
            compute_totals: Compute each total cell (总计 column, （七）总计 row) that is not given from its
                parts; a total over a blank part is blank.

        Raises:
            FieldValueError: A key is not a cell of this table in this version, or a value is refused.
        """
        spec = table_spec(cls.kind, version)
        given: dict[Any, CellValue | None] = dict(cells or {})
        for key, value in given.items():
            if key not in spec.index:
                raise FieldValueError(
                    f"{cls.kind.key} cells",
                    key,
                    f"a (row, column) of the {version.value} {cls.kind.key} table",
                )
            row, column = spec.cells[spec.index[key]]
            check_cell(f"{cls.kind.key}[{row.key.key}, {column.key.key}]", column.kind, value)
        values: dict[CellKey, CellValue | None] = {}
        computed: list[tuple[CellKey, tuple[CellKey, ...]]] = []
        for row, column in spec.cells:
            key = (row.key, column.key)
            parts = spec.parts(*key) if compute_totals and key not in given else None
            if parts is not None:
                computed.append((key, parts))
            else:
                values[key] = given[key] if key in given else _default_for(column.kind, default)
        # The totals of a row's columns first: a total row sums them too (its corner cell included).
        computed.sort(key=lambda item: item[0][0] in spec.row_sums)
        for key, parts in computed:
            values[key] = sum_cells(values[part] for part in parts)
        return cls(version, tuple(values[(r.key, c.key)] for r, c in spec.cells))

    def __getitem__(self, key: tuple[R, C] | CellKey) -> CellValue | None:
        """The stated value of a cell, ``None`` if blank.

        Raises:
            KeyError: The table has no such cell in its version.
        """
        try:
            return self.values[self.spec.index[key]]
        except KeyError:
            raise KeyError(f"{self.kind.key} table ({self.version.value}) has no cell {key!r}") from None

    def get(self, row: R | FormKey, column: C | FormKey) -> CellValue | None:
        """The stated value of a cell, ``None`` if blank; :class:`KeyError` if the table has no such cell."""
        return self[row, column]

    def cells(self) -> Iterator[Cell[R, C]]:
        """Every data cell, row by row in form order, with its row and column specs."""
        for (row, column), value in zip(self.spec.cells, self.values, strict=True):
            yield Cell(row, column, value)

    def row(self, row: R | FormKey) -> dict[C, CellValue | None]:
        """The cells of one row, by column, in form order."""
        spec = self.spec
        index = spec.index
        # A spec holds FormKeys; the table's kind fixes which enumeration they are of.
        return {
            cast(C, column.key): self.values[index[(row, column.key)]] for column in spec.row(row).columns
        }

    def rows(self) -> Iterator[tuple[RowSpec, dict[C, CellValue | None]]]:
        """The rows in form order, each with its spec (key, label, group) and its cells by column."""
        for row in self.spec.rows:
            yield row, self.row(row.key)

    def blanks(self) -> Iterator[Cell[R, C]]:
        """The cells the report left blank."""
        return (cell for cell in self.cells() if cell.value is None)

    def replace(
        self, cells: Mapping[tuple[R, C], CellValue | None] | Mapping[CellKey, CellValue | None]
    ) -> Self:
        """A copy with some cells changed (nothing is recomputed: totals stay as stated).

        Raises:
            KeyError: A key is not a cell of this table.
            FieldValueError: A value is refused.
        """
        values = list(self.values)
        for key, value in cells.items():
            try:
                values[self.spec.index[key]] = value
            except KeyError:
                raise KeyError(f"{self.kind.key} table ({self.version.value}) has no cell {key!r}") from None
        return attrs.evolve(self, values=tuple(values))

    def sum_of(self, cells: Iterable[CellKey]) -> int | Decimal | None:
        """The exact sum of some cells, given by ``(row, column)``; ``None`` if any of them is blank."""
        index = self.spec.index
        return sum_cells(self.values[index[key]] for key in cells)

    def computed(self, row: R | FormKey, column: C | FormKey) -> int | Decimal | None:
        """What a total cell should state: the exact sum of its parts (``None`` over a blank part).

        Raises:
            KeyError: The cell is not a total (see :meth:`TableSpec.parts`) or not in the table.
        """
        parts = self.spec.parts(row, column)
        if parts is None:
            raise KeyError(f"{row.label} / {column.label} is not a total")
        return self.sum_of(parts)


def _default_for(kind: CellKind, default: CellValue | None) -> CellValue | None:
    if default is not None and kind is CellKind.MONEY and not isinstance(default, Decimal):
        return Decimal(default)
    return default


def sum_cells(values: Iterable[CellValue | None]) -> int | Decimal | None:
    """The exact sum of some values, ``None`` if any of them is blank (a blank is never taken as 0).

    Amounts are added exactly, not to the 28 digits of Python's default decimal context.
    """
    total: int | Decimal = 0
    for value in values:
        if value is None:
            return None
        total = total + value if type(value) is int and type(total) is int else _EXACT.add(total, value)
    return total


def _canonical(value: CellValue | None) -> str | None:
    """A cell value for the fingerprint: equal values (``Decimal("1.5")``, ``Decimal("1.50")``) alike."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _who_beyond_the_name(info: Metadata) -> list[str | None] | None:
    """What the document states about who reported beyond the agency's name: region and division code.

    ``None`` when it states nothing more (no region, or only the one printed at the head of the name, and
    no division code), so that such a report's fingerprint is what it was before these took part.
    """
    region = info.region
    if region is not None and info.agency.replace(" ", "").startswith(region.replace(" ", "")):
        region = None
    if region is None and info.division_code is None:
        return None
    return ["who", region, info.division_code]


def _iso(day: datetime.date | None) -> str | None:
    return None if day is None else day.isoformat()


def plain(value: CellValue) -> str:
    """A cell value as every writer prints it.

    A count as digits, an amount in plain notation with the places it has (``Decimal("0E-8")`` is
    ``0.00000000``, ``Decimal("1E+3")`` is ``1000``): never scientific notation, which no reader of a
    form takes for a number.
    """
    return format(value, "f") if isinstance(value, Decimal) else str(value)


@attrs.frozen
class DisclosureTable(Table[DisclosureRow, DisclosureColumn]):
    """Table 二, 主动公开政府信息情况: documents, decisions and fees under Art. 20.

    In the 2021 template: 10 cells, counts except 本年收费金额（单位：万元）, a :class:`~decimal.Decimal`.
    In the 2019 trial template: 22 cells, including the signed 本年增/减 and the amount 采购总金额.
    """

    kind: ClassVar[TableKind] = TableKind.ACTIVE_DISCLOSURE


@attrs.frozen
class RequestTable(Table[RequestRow, Applicant]):
    """Table 三, 收到和处理政府信息公开申请情况: requests by applicant type and outcome.

    25 rows (23 in the 2019 trial template) by 7 columns; every cell a count.
    """

    kind: ClassVar[TableKind] = TableKind.REQUESTS

    def applicant_sum(self, row: RequestRow) -> int | None:
        """The computed 总计 of a row: the sum of its six applicant columns, ``None`` over a blank."""
        parts = self.spec.column_sums[Applicant.TOTAL]
        return _int_or_none(self.sum_of((row, column) for column in parts))

    def outcome_sum(self, column: Applicant) -> int | None:
        """The computed （七）总计 of a column: the sum of every outcome row, ``None`` over a blank."""
        parts = self.spec.row_sums[RequestRow.TOTAL]
        return _int_or_none(self.sum_of((row, column) for row in parts))


@attrs.frozen
class ReviewTable(Table[ReviewRow, ReviewColumn]):
    """Table 四, 政府信息公开行政复议、行政诉讼情况: three groups of five counts, alike in both versions."""

    kind: ClassVar[TableKind] = TableKind.REVIEW_LITIGATION

    def result_sum(self, row: ReviewRow) -> int | None:
        """The computed 总计 of a group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结, ``None`` over a blank."""
        parts = self.spec.column_sums[ReviewColumn.TOTAL]
        return _int_or_none(self.sum_of((row, column) for column in parts))


_TEXT_SECTIONS: Final = frozenset({Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS})

AnyTable = DisclosureTable | RequestTable | ReviewTable
"""Any of the three tables."""


def table_of_checked_values(
    kind: TableKind, version: TemplateVersion, values: tuple[CellValue | None, ...]
) -> AnyTable:
    """A table of values already checked cell by cell, built without checking them again.

    Only for values checked against :func:`check_cell`'s rules by a decoder holding the same rules (the
    JSON reader's typed decoder, at C speed); anything else goes through the constructor.
    """
    _check_shape(table_spec(kind, version), values)  # the shape, at least, costs nothing to check
    table = object.__new__(TABLE_CLASSES[kind])
    object.__setattr__(table, "version", version)
    object.__setattr__(table, "values", values)
    table.__attrs_post_init__()
    return table


TABLE_CLASSES: Final[Mapping[TableKind, type[AnyTable]]] = {
    TableKind.ACTIVE_DISCLOSURE: DisclosureTable,
    TableKind.REQUESTS: RequestTable,
    TableKind.REVIEW_LITIGATION: ReviewTable,
}
"""The class of each table kind."""
TABLE_KINDS: Final = tuple(TableKind)
"""The table kinds in form order (a tuple: iterating an Enum runs Python code each time)."""


def _int_or_none(value: int | Decimal | None) -> int | None:
    return None if value is None else int(value)


# A lone surrogate is not a character: no file (UTF-8, XML, a workbook) can hold it.
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_TEXT: Final = "a string of Unicode text (no lone surrogate)"


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or _SURROGATE.search(value)):
        raise FieldValueError(attribute.name, value, f"{_TEXT} or None")


def _check_required_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or _SURROGATE.search(value):
        raise FieldValueError(f"metadata.{attribute.name}", value, _TEXT)


def _check_year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or not FIRST_YEAR <= value <= LAST_YEAR):
        raise FieldValueError(
            "metadata.year", value, f"a reporting year from {FIRST_YEAR} to {LAST_YEAR}, or None (unknown)"
        )


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # datetime is a date subclass, but a publication date has no time of day.
    if value is not None and (type(value) is not datetime.date):
        raise FieldValueError(f"metadata.{attribute.name}", value, "a datetime.date or None")


def _check_optional_metadata_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or _SURROGATE.search(value)):
        raise FieldValueError(f"metadata.{attribute.name}", value, f"{_TEXT} or None")


class AgencyLevel(enum.Enum):
    """The level of government a reporting agency belongs to, as that government or one of its departments.

    A national corpus compares like with like: county governments with county governments. The value is a
    stable snake_case key; :attr:`label` is the usual Chinese name of the level. The format
    does not define levels: these are the ones every report belongs to (State Council departments report as
    departments; a province's, a city's, a county's government and departments; a township or street
    office).

    .. versionadded:: 0.1.0
    """

    STATE_COUNCIL_DEPARTMENT = "state_council_department"
    PROVINCIAL = "provincial"
    PROVINCIAL_DEPARTMENT = "provincial_department"
    MUNICIPAL = "municipal"
    MUNICIPAL_DEPARTMENT = "municipal_department"
    COUNTY = "county"
    COUNTY_DEPARTMENT = "county_department"
    TOWNSHIP = "township"

    @property
    def key(self) -> str:
        """The stable snake_case key."""
        value: str = self.value
        return value

    @property
    def label(self) -> str:
        """The level in Chinese (省级, 县级部门…)."""
        return _LEVEL_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> AgencyLevel:
        """The level named by its key or its Chinese label (surrounding spaces ignored).

        Raises:
            ValueError: The text names no level; the message lists them.
        """
        wanted = text.strip()
        for level in cls:
            if wanted in (level.value, _LEVEL_LABELS[level]):
                return level
        choices = "、".join(_LEVEL_LABELS.values())
        raise ValueError(f"expected an agency level ({choices}, or its key), got {text!r}")

    __hash__ = object.__hash__


_LEVEL_LABELS: Final = {
    AgencyLevel.STATE_COUNCIL_DEPARTMENT: "国务院部门",
    AgencyLevel.PROVINCIAL: "省级",
    AgencyLevel.PROVINCIAL_DEPARTMENT: "省级部门",
    AgencyLevel.MUNICIPAL: "市级",
    AgencyLevel.MUNICIPAL_DEPARTMENT: "市级部门",
    AgencyLevel.COUNTY: "县级",
    AgencyLevel.COUNTY_DEPARTMENT: "县级部门",
    AgencyLevel.TOWNSHIP: "乡镇",
}

# The first two digits of an administrative division code name a province (GB/T 2260): 11–15 north,
# 21–23 north-east, 31–37 east, 41–46 centre and south, 50–54 south-west, 61–65 north-west, 71 Taiwan,
# 81–82 Hong Kong and Macao.
_PROVINCE_CODES: Final = frozenset(
    [
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        *(71, 81, 82),
    ]
)
_DIVISION_CODE: Final = re.compile(r"[0-9]{6}", re.ASCII)


def is_division_code(value: object) -> bool:
    """Whether a value has the form of a division code: six digits, the first two a province's."""
    return (
        isinstance(value, str) and bool(_DIVISION_CODE.fullmatch(value)) and int(value[:2]) in _PROVINCE_CODES
    )


def _check_division_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_division_code(value):
        raise FieldValueError(
            "metadata.division_code",
            value,
            "six digits, the administrative division code (GB/T 2260, such as 320813), its first two a "
            "province's, or None",
        )


def _check_level(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, AgencyLevel):
        raise FieldValueError("metadata.level", value, "an AgencyLevel or None")


@attrs.frozen(kw_only=True)
class Metadata:
    """Who reports, for which year, in which template version, and where the report came from.

    Attributes:
        agency: The reporting agency (报告机关), as named in the report; ``""`` when unknown.
        year: The reporting year (the calendar year the statistics cover); ``None`` when the document
            does not state it (a reader says so with ``year-unknown``), as a blank cell is ``None``.
        version: The template version the tables follow.
        title: The report's title as published, if known.
        published: The publication date, if known.
        source: Where the report was found (a URL or a file name), if known.
        region: The administrative region the agency belongs to, as printed (江苏省淮安市洪泽区), if known.
        division_code: The region's administrative division code (six digits, GB/T 2260), if known.
        level: The agency's level of government, if known.

    ``region``, ``division_code`` and ``level`` describe the agency for a corpus; readers fill them only from
    what a document prints, never by guessing (a region from the names in front of the agency's, a code from
    a 行政区划代码 field). ``region`` and ``division_code`` say who reported, and are part of
    :attr:`AnnualReport.fingerprint`; ``level``, which a catalogue may add later, is not.

    .. versionchanged:: 0.1.0
       ``region``, ``division_code`` and ``level``; ``year`` may be ``None`` (not stated).
    """

    agency: str = attrs.field(validator=_check_required_text)
    year: int | None = attrs.field(validator=_check_year)
    version: TemplateVersion = attrs.field(default=CURRENT_VERSION, validator=_check_version)
    title: str | None = attrs.field(default=None, validator=_check_optional_metadata_text)
    published: datetime.date | None = attrs.field(default=None, validator=_check_date)
    source: str | None = attrs.field(default=None, validator=_check_optional_metadata_text)
    region: str | None = attrs.field(default=None, validator=_check_optional_metadata_text)
    division_code: str | None = attrs.field(default=None, validator=_check_division_code)
    level: AgencyLevel | None = attrs.field(default=None, validator=_check_level)


AGENCY_DETAILS: Final = ("region", "division_code", "level")
"""The fields of :class:`Metadata` that describe the agency for a corpus (JSON schema version 2 added
them); readers fill them only from what a document states."""
METADATA_DETAILS: Final = ("title", "published", "source", *AGENCY_DETAILS)
"""The optional fields of :class:`Metadata`, in order: what tidy rows, the workbook's information sheet and
the corpus tables write as text (:func:`detail_text`) and read back (:func:`detail_from_text`)."""


def detail_text(info: Metadata, name: str) -> str | None:
    """An optional metadata field as text (a date in ISO form, a level by its key); ``None`` when absent."""
    value = getattr(info, name)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, AgencyLevel):
        return value.key
    assert value is None or isinstance(value, str)
    return value


def detail_from_text(name: str, text: str | None) -> object:
    """An optional metadata field from its text (:func:`detail_text`'s), ``None`` for ``None``.

    Raises:
        ValueError: The text is not of the field's form (a date, a level); the message says what is.
    """
    if text is None:
        return None
    if name == "published":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if name == "level":
        return AgencyLevel.parse(text)
    return text


def _headings(
    value: Mapping[Section, str] | Iterable[tuple[Section, str]],
) -> tuple[tuple[Section, str], ...]:
    if isinstance(value, tuple | dict) and not value:
        return ()  # most reports: every heading as the form prints it
    pairs = list(value.items()) if isinstance(value, Mapping) else list(value)
    order = list(Section)
    return tuple(sorted(pairs, key=lambda pair: order.index(pair[0]) if isinstance(pair[0], Section) else -1))


def _check_headings(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    assert isinstance(value, tuple)
    seen: set[Section] = set()
    for pair in value:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise FieldValueError("headings", pair, "a (Section, heading) pair")
        section, heading = pair
        if not isinstance(section, Section) or section in seen:
            raise FieldValueError("headings", section, "a Section, each at most once")
        if not isinstance(heading, str) or _SURROGATE.search(heading):
            raise FieldValueError(f"headings[{section.key}]", heading, _TEXT)
        seen.add(section)


def _check_positions(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Mapping):
        raise FieldValueError("positions", value, "a mapping of cells to their SourcePosition")


def _table_validator(cls: type[AnyTable]) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise FieldValueError(attribute.name, value, f"a {cls.__name__}")

    return check


@attrs.frozen(kw_only=True)
class AnnualReport:
    """A 政府信息公开工作年度报告: metadata and the six sections, as the report states them.

    A text section is ``None`` when the report does not have it at all, and ``""`` when it has the heading
    but no text. All three tables follow ``metadata.version``; construction refuses a mix.

    Attributes:
        metadata: Agency, year, template version and provenance.
        overview: Section 一, 总体情况 (text).
        active_disclosure: Section 二, table 二.
        requests: Section 三, table 三.
        review_litigation: Section 四, table 四.
        problems: Section 五, 存在的主要问题及改进情况 (text).
        other_matters: Section 六, 其他需要报告的事项 (text).
        headings: Section headings as printed, where they differ from the form's; empty when all follow it.
        preamble: The text before section 一 (the opening paragraph most reports have), if any.
        positions: Where each cell was printed in the document the report was read from (empty when it
            was not read from a document). Provenance, not content: it takes no part in equality, so two
            reports with the same content are equal wherever they were read; :func:`validate` gives each
            finding about a cell its position.
    """

    metadata: Metadata = attrs.field(validator=attrs.validators.instance_of(Metadata))
    overview: str | None = attrs.field(validator=_check_text)
    active_disclosure: DisclosureTable = attrs.field(validator=_table_validator(DisclosureTable))
    requests: RequestTable = attrs.field(validator=_table_validator(RequestTable))
    review_litigation: ReviewTable = attrs.field(validator=_table_validator(ReviewTable))
    problems: str | None = attrs.field(validator=_check_text)
    other_matters: str | None = attrs.field(validator=_check_text)
    headings: tuple[tuple[Section, str], ...] = attrs.field(
        default=(), converter=_headings, validator=_check_headings
    )
    preamble: str | None = attrs.field(default=None, validator=_check_text)
    positions: Mapping[CellRef, SourcePosition] = attrs.field(
        factory=dict, eq=False, repr=False, validator=_check_positions
    )

    def __attrs_post_init__(self) -> None:
        for table in self.tables():
            if table.version is not self.metadata.version:
                raise FieldValueError(
                    f"{table.kind.key}.version",
                    table.version,
                    f"the report's template version {self.metadata.version.value}",
                )

    @property
    def version(self) -> TemplateVersion:
        """The template version of the report's tables."""
        return self.metadata.version

    @property
    def fingerprint(self) -> str:
        """A stable hash of the report's content (64 hex digits, SHA-256).

        The same for the same figures, texts, headings and metadata however the report was read (a report
        read from its web page and from its PDF, when they read to the same content); another for a report
        republished with a corrected figure. Provenance takes no part: where it was found
        (``metadata.source``) and where each cell was printed (:attr:`positions`). Amounts count by value
        (``1.5`` and ``1.50`` 万元 are one amount), as equality does.

        Who reported is part of it as the document says it: the agency, and the region and division code
        as printed, so that two agencies of the same short name (县财政局 of 洪泽区, 320813, and of 中牟县,
        410122) filing the same boilerplate are two reports. A region printed at the head of the agency's
        name (淮安市洪泽区 of 淮安市洪泽区人民政府) is already in the name, and adds nothing. What a
        catalogue adds about the agency later (``metadata.level``) takes no part: the report is the same.

        .. versionchanged:: 0.1.0
           The region and division code are part of it (a report without them keeps its fingerprint).

        .. versionadded:: 0.1.0
        """
        info = self.metadata
        content: list[object] = [
            "disclosure-report/1",
            [info.agency, info.year, info.version.value, info.title, _iso(info.published)],
            [self.preamble, self.overview, self.problems, self.other_matters],
            [[section.key, heading] for section, heading in self.headings],
            [[_canonical(value) for value in table.values] for table in self.tables()],
        ]
        stated = _who_beyond_the_name(info)
        if stated is not None:
            content.append(stated)
        encoded = json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()

    def tables(self) -> tuple[DisclosureTable, RequestTable, ReviewTable]:
        """The three tables, in form order."""
        return (self.active_disclosure, self.requests, self.review_litigation)

    @overload
    def table(self, kind: Literal[TableKind.ACTIVE_DISCLOSURE]) -> DisclosureTable: ...
    @overload
    def table(self, kind: Literal[TableKind.REQUESTS]) -> RequestTable: ...
    @overload
    def table(self, kind: Literal[TableKind.REVIEW_LITIGATION]) -> ReviewTable: ...
    @overload
    def table(self, kind: TableKind) -> AnyTable: ...
    def table(self, kind: TableKind) -> AnyTable:
        """The table of a kind."""
        # Each table's field is named by its key (read as _value_: Enum's value property costs a call).
        table: AnyTable = getattr(self, kind._value_)
        return table

    @classmethod
    def from_tables(
        cls,
        metadata: Metadata,
        tables: Iterable[AnyTable],
        *,
        overview: str | None = None,
        problems: str | None = None,
        other_matters: str | None = None,
        headings: Mapping[Section, str] | Iterable[tuple[Section, str]] = (),
        preamble: str | None = None,
        positions: Mapping[CellRef, SourcePosition] | None = None,
    ) -> AnnualReport:
        """A report from its metadata and its three tables given in any order (each placed by its kind).

        Raises:
            FieldValueError: A table kind is missing or given twice, or a table's version is not the
                metadata's.

        .. versionadded:: 0.1.0
        """
        by_kind: dict[TableKind, AnyTable] = {}
        for table in tables:
            if not isinstance(table, Table):
                raise FieldValueError("tables", table, "a DisclosureTable, RequestTable or ReviewTable")
            if table.kind in by_kind:
                raise FieldValueError("tables", table, f"one {table.kind.key} table")
            by_kind[table.kind] = table
        if len(by_kind) != len(TABLE_KINDS):
            missing = ", ".join(kind.key for kind in TABLE_KINDS if kind not in by_kind)
            raise FieldValueError("tables", tuple(by_kind), f"the three tables (missing: {missing})")
        disclosure, requests, review = map(by_kind.__getitem__, TABLE_KINDS)
        assert isinstance(disclosure, DisclosureTable)
        assert isinstance(requests, RequestTable)
        assert isinstance(review, ReviewTable)
        return cls(
            metadata=metadata,
            overview=overview,
            active_disclosure=disclosure,
            requests=requests,
            review_litigation=review,
            problems=problems,
            other_matters=other_matters,
            headings=headings,
            preamble=preamble,
            positions=positions or {},
        )

    def text(self, section: Section) -> str | None:
        """The text of section 一, 五 or 六 (``None`` if absent); :class:`KeyError` for a table section."""
        if section not in _TEXT_SECTIONS:
            raise KeyError(f"{section.label} is a table, not a text section")
        text: str | None = getattr(self, section._value_)  # each text's field is named by its key
        return text

    def with_table(self, table: DisclosureTable | RequestTable | ReviewTable) -> AnnualReport:
        """A copy with one table replaced by one of the same version: ``with_table(t.replace(...))``."""
        changes: dict[str, Any] = {table.kind.key: table}
        return attrs.evolve(self, **changes)

    def with_text(self, section: Section, text: str | None) -> AnnualReport:
        """A copy with the text of section 一, 五 or 六 replaced (``None`` removes the section)."""
        self.text(section)  # a KeyError for a table section
        changes: dict[str, Any] = {section.key: text}
        return attrs.evolve(self, **changes)

    def heading(self, section: Section) -> str:
        """A section's heading as printed in the report, or the form's heading if it did not differ."""
        return dict(self.headings).get(section, section.label)
