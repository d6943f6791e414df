"""Each template version as data: its tables' layouts (rows, columns, cell kinds, totals) and its other facts.

The document and years of a version are kept beside :class:`TemplateVersion` (``VERSION_FACTS`` in
:mod:`disclosure_report._form.keys`, which this module's keys come from); a spec reads them from there.

A :class:`TableSpec` numbers a table's cells row by row in form order; that number is the position of the
cell's value in a table's ``values``. Labels come from :mod:`disclosure_report._form.labels` through the
keys, so none is written here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

import attrs

from . import labels
from .keys import (
    VERSION_FACTS,
    Applicant,
    ArticleItem,
    CellKind,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    TableKind,
    TemplateVersion,
    VersionFacts,
)

__all__ = [
    "COLUMN_KEYS",
    "CURRENT_VERSION",
    "REVIEW_TABLE",
    "ROW_KEYS",
    "VERSION_SPECS",
    "CellKey",
    "ColumnSpec",
    "RowSpec",
    "TableSpec",
    "VersionSpec",
    "table_spec",
    "version_spec",
    "version_specs",
]

CellKey = tuple[FormKey, FormKey]
"""A cell of a table: its row key and its column key."""


@attrs.frozen
class ColumnSpec:
    """A data column of a table row: its key, its label in this version, and what its cells hold."""

    key: FormKey
    label: str
    kind: CellKind = CellKind.COUNT


@attrs.frozen
class RowSpec:
    """A data row: its key, its label in this version, its group caption (if any) and its columns."""

    key: FormKey
    label: str
    columns: tuple[ColumnSpec, ...]
    group: FormKey | None = None


@attrs.frozen
class TableSpec:
    """The layout of one table in one template version.

    Cells are numbered row by row in form order; :attr:`index` maps ``(row, column)`` to that number, which
    is also the position of the cell's value in a table's ``values``.
    """

    kind: TableKind
    version: TemplateVersion | None
    rows: tuple[RowSpec, ...]
    row_sums: Mapping[FormKey, tuple[FormKey, ...]] = attrs.field(factory=dict)
    """Rows whose stated value is the sum of other rows, column by column (（七）总计)."""
    column_sums: Mapping[FormKey, tuple[FormKey, ...]] = attrs.field(factory=dict)
    """Columns whose stated value is the sum of other columns, row by row (总计)."""
    index: Mapping[tuple[FormKey, FormKey], int] = attrs.field(init=False, eq=False, repr=False)
    cells: tuple[tuple[RowSpec, ColumnSpec], ...] = attrs.field(init=False, eq=False, repr=False)
    kinds: tuple[CellKind, ...] = attrs.field(init=False, eq=False, repr=False)
    """The kind of every cell, in form order (what a hot loop reads instead of the specs)."""
    keys: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(init=False, eq=False, repr=False)
    """Every row's key and its columns' keys, as strings, in form order."""
    _by_key: Mapping[tuple[str, str], CellKey] = attrs.field(init=False, eq=False, repr=False)
    inputs: tuple[int, ...] = attrs.field(init=False, eq=False, repr=False)
    """The positions of the cells to fill in: every cell but the totals, in form order."""

    def __attrs_post_init__(self) -> None:
        cells = tuple((row, column) for row in self.rows for column in row.columns)
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "index", {(r.key, c.key): i for i, (r, c) in enumerate(cells)})
        object.__setattr__(self, "kinds", tuple(column.kind for _, column in cells))
        keys = tuple((row.key.key, tuple(column.key.key for column in row.columns)) for row in self.rows)
        object.__setattr__(self, "keys", keys)
        object.__setattr__(self, "_by_key", {(r.key.key, c.key.key): (r.key, c.key) for r, c in cells})
        totals = (i for i, (r, c) in enumerate(cells) if r.key in self.row_sums or c.key in self.column_sums)
        object.__setattr__(self, "inputs", tuple(sorted(set(range(len(cells))) - set(totals))))

    @property
    def size(self) -> int:
        """The number of data cells."""
        return len(self.cells)

    def row(self, key: FormKey) -> RowSpec:
        """The row with this key; :class:`KeyError` if the table has no such row."""
        for row in self.rows:
            if row.key is key:
                return row
        raise KeyError(key)

    def row_keys(self) -> Iterator[FormKey]:
        """The row keys in form order."""
        return (row.key for row in self.rows)

    def is_total(self, row: FormKey, column: FormKey) -> bool:
        """Whether the cell is a total (a 总计 column or the （七）总计 row): its value is a sum of others."""
        return row in self.row_sums or column in self.column_sums

    def parts(self, row: FormKey, column: FormKey) -> tuple[CellKey, ...] | None:
        """The cells whose sum a total cell states, or ``None`` for a cell that is not a total.

        A cell of a total row sums the outcome rows in its column (the corner cell （七）总计 / 总计 too);
        any other cell of a total column sums the columns of its row.

        Example:
            >>> from disclosure_report import Applicant, RequestRow, TableKind, TemplateVersion, table_spec
            >>> spec = table_spec(TableKind.REQUESTS, TemplateVersion.V2021)
            >>> len(spec.parts(RequestRow.NEW, Applicant.TOTAL))
            6
        """
        if (row, column) not in self.index:
            raise KeyError(f"{self.kind.key} table has no cell {(row, column)!r}")
        if row in self.row_sums:
            return tuple((part, column) for part in self.row_sums[row])
        if column in self.column_sums:
            return tuple((row, part) for part in self.column_sums[column])
        return None

    def cell_key(self, row: str, column: str) -> CellKey:
        """The keys of a cell given by its key strings, such as ``("new", "total")``.

        Raises:
            KeyError: The table has no such cell in this version.
        """
        try:
            return self._by_key[(row, column)]
        except KeyError:
            version = self.version.value if self.version is not None else "any"
            raise KeyError(f"no cell {row}/{column} in the {version} {self.kind.key} table") from None


V2019, V2021 = TemplateVersion.V2019, TemplateVersion.V2021


def _disclosure_row(
    version: TemplateVersion, key: DisclosureRow, columns: tuple[ColumnSpec, ...], group: ArticleItem
) -> RowSpec:
    label = labels.VERSION_DISCLOSURE_ROWS.get(version.value, {}).get(key.key, key.label)
    return RowSpec(key, label, columns, group)


def _columns(*keys: DisclosureColumn, kind: CellKind = CellKind.COUNT) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(key, key.label, kind) for key in keys)


_DOCUMENT_COLUMNS_2021: Final = _columns(
    DisclosureColumn.ISSUED, DisclosureColumn.REPEALED, DisclosureColumn.IN_FORCE
)
_DECIDED_2021: Final = _columns(DisclosureColumn.DECIDED)

_DISCLOSURE_2021: Final = TableSpec(
    TableKind.ACTIVE_DISCLOSURE,
    V2021,
    (
        _disclosure_row(V2021, DisclosureRow.REGULATIONS, _DOCUMENT_COLUMNS_2021, ArticleItem.ITEM_1),
        _disclosure_row(V2021, DisclosureRow.NORMATIVE_DOCUMENTS, _DOCUMENT_COLUMNS_2021, ArticleItem.ITEM_1),
        _disclosure_row(V2021, DisclosureRow.LICENSING, _DECIDED_2021, ArticleItem.ITEM_5),
        _disclosure_row(V2021, DisclosureRow.PENALTY, _DECIDED_2021, ArticleItem.ITEM_6),
        _disclosure_row(V2021, DisclosureRow.COERCION, _DECIDED_2021, ArticleItem.ITEM_6),
        _disclosure_row(
            V2021,
            DisclosureRow.FEES,
            _columns(DisclosureColumn.FEE_AMOUNT, kind=CellKind.MONEY),
            ArticleItem.ITEM_8,
        ),
    ),
)

_DOCUMENT_COLUMNS_2019: Final = _columns(
    DisclosureColumn.NEWLY_MADE, DisclosureColumn.NEWLY_PUBLISHED, DisclosureColumn.TOTAL_PUBLISHED
)
_PREVIOUS_AND_CHANGE: Final = (
    ColumnSpec(DisclosureColumn.PREVIOUS_ITEMS, DisclosureColumn.PREVIOUS_ITEMS.label),
    ColumnSpec(DisclosureColumn.CHANGE, DisclosureColumn.CHANGE.label, CellKind.SIGNED_COUNT),
)
_ITEMS_2019: Final = (*_PREVIOUS_AND_CHANGE, *_columns(DisclosureColumn.DECISIONS))

_DISCLOSURE_2019: Final = TableSpec(
    TableKind.ACTIVE_DISCLOSURE,
    V2019,
    (
        _disclosure_row(V2019, DisclosureRow.REGULATIONS, _DOCUMENT_COLUMNS_2019, ArticleItem.ITEM_1),
        _disclosure_row(V2019, DisclosureRow.NORMATIVE_DOCUMENTS, _DOCUMENT_COLUMNS_2019, ArticleItem.ITEM_1),
        _disclosure_row(V2019, DisclosureRow.LICENSING, _ITEMS_2019, ArticleItem.ITEM_5),
        _disclosure_row(V2019, DisclosureRow.OTHER_SERVICES, _ITEMS_2019, ArticleItem.ITEM_5),
        _disclosure_row(V2019, DisclosureRow.PENALTY, _ITEMS_2019, ArticleItem.ITEM_6),
        _disclosure_row(V2019, DisclosureRow.COERCION, _ITEMS_2019, ArticleItem.ITEM_6),
        _disclosure_row(V2019, DisclosureRow.FEES, _PREVIOUS_AND_CHANGE, ArticleItem.ITEM_8),
        _disclosure_row(
            V2019,
            DisclosureRow.PROCUREMENT,
            (
                ColumnSpec(DisclosureColumn.PROCUREMENT_ITEMS, DisclosureColumn.PROCUREMENT_ITEMS.label),
                ColumnSpec(
                    DisclosureColumn.PROCUREMENT_AMOUNT,
                    DisclosureColumn.PROCUREMENT_AMOUNT.label,
                    CellKind.MONEY,
                ),
            ),
            ArticleItem.ITEM_9,
        ),
    ),
)

_APPLICANT_COLUMNS: Final = tuple(ColumnSpec(a, a.label) for a in Applicant)
_APPLICANT_PARTS: Final = tuple(a for a in Applicant if a is not Applicant.TOTAL)


def _request_spec(version: TemplateVersion, omitted: frozenset[RequestRow]) -> TableSpec:
    rows = tuple(
        RowSpec(row, row.label, _APPLICANT_COLUMNS, row.outcome) for row in RequestRow if row not in omitted
    )
    outcome_rows = tuple(row.key for row in rows if isinstance(row.key, RequestRow) and row.key.is_outcome)
    return TableSpec(
        TableKind.REQUESTS,
        version,
        rows,
        row_sums={RequestRow.TOTAL: outcome_rows},
        column_sums={Applicant.TOTAL: _APPLICANT_PARTS},
    )


_REVIEW_COLUMNS: Final = tuple(ColumnSpec(c, c.label) for c in ReviewColumn)

REVIEW_TABLE: Final = TableSpec(
    TableKind.REVIEW_LITIGATION,
    None,
    tuple(RowSpec(row, row.label, _REVIEW_COLUMNS) for row in ReviewRow),
    column_sums={ReviewColumn.TOTAL: tuple(c for c in ReviewColumn if c is not ReviewColumn.TOTAL)},
)
"""Table 四: identical in both versions."""


@attrs.frozen
class VersionSpec:
    """One version of the national template as data: everything the other layers ask about a version.

    The model, validation, readers, writers and strategies ask a version's spec (through
    :func:`version_spec` and :func:`version_specs`), never the version itself, so a new national format is
    a new spec in :data:`VERSION_SPECS` plus its labels.
    """

    version: TemplateVersion
    disclosure: TableSpec
    requests: TableSpec
    review: TableSpec
    split_groups: Mapping[RequestRow, tuple[RequestRow, ...]] = attrs.field(factory=dict)
    """Table 三 groups this version counts in sub-rows that another version (or a document printed in its
    layout) counts in one row: the row, and this version's sub-rows whose sum it is, column by column."""
    markers: tuple[FormKey, ...] = ()
    """Labels only this version prints (a column heading, a group caption, a row of table 二): a document
    that prints one follows this version."""
    marker_rows: tuple[RequestRow, ...] = ()
    """Rows of table 三 only this version prints (one whose label is also a group caption of another version
    tells only with figures of its own)."""
    fee_statement: bool = False
    """Whether section 六 must state the 信息处理费 charged (the 2021 format's note to table 二)."""

    @property
    def facts(self) -> VersionFacts:
        """The version's document and years, kept beside :class:`TemplateVersion` (the one record)."""
        return VERSION_FACTS[self.version]

    @property
    def document(self) -> str:
        """The document that issued this version of the format."""
        return self.facts.document

    @property
    def first_year(self) -> int:
        """The first reporting year this version applies to."""
        return self.facts.first_year

    @property
    def last_year(self) -> int | None:
        """The last reporting year it applies to; ``None`` while it is the format in force."""
        return self.facts.last_year

    def sub_rows(self, group: RequestRow) -> tuple[RequestRow, ...]:
        """The sub-rows this version splits a group of table 三 into; none where the group is one row."""
        return self.split_groups.get(group, ())

    def table(self, kind: TableKind) -> TableSpec:
        """The layout of a table in this version."""
        if kind is TableKind.ACTIVE_DISCLOSURE:
            return self.disclosure
        if kind is TableKind.REQUESTS:
            return self.requests
        return self.review


_OTHER_SUB_ROWS: Final = (RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER)

VERSION_SPECS: Final[dict[TemplateVersion, VersionSpec]] = {
    spec.version: spec
    for spec in (
        VersionSpec(
            V2019,
            disclosure=_DISCLOSURE_2019,
            requests=_request_spec(V2019, frozenset(_OTHER_SUB_ROWS)),
            review=REVIEW_TABLE,
            markers=(
                DisclosureColumn.NEWLY_MADE,
                DisclosureColumn.PREVIOUS_ITEMS,
                ArticleItem.ITEM_9,
                DisclosureRow.PROCUREMENT,
            ),
            marker_rows=(RequestRow.OTHER_PROCESSING,),
        ),
        VersionSpec(
            V2021,
            disclosure=_DISCLOSURE_2021,
            # The 2021 format split （六）其他处理 into three sub-rows; the trial format had it as one row.
            requests=_request_spec(V2021, frozenset({RequestRow.OTHER_PROCESSING})),
            review=REVIEW_TABLE,
            split_groups={RequestRow.OTHER_PROCESSING: _OTHER_SUB_ROWS},
            markers=(DisclosureColumn.ISSUED, DisclosureColumn.FEE_AMOUNT),
            # Sub-row 3 is 3.其他, printed under other groups too.
            marker_rows=_OTHER_SUB_ROWS[:2],
            fee_statement=True,
        ),
    )
}
"""Every template version's spec, oldest first: the one list that tables, rules, readers, writers and the
property tests go through (tests may add a fictional version to it)."""


def version_spec(version: TemplateVersion) -> VersionSpec:
    """The spec of a template version."""
    return VERSION_SPECS[version]


def version_specs() -> tuple[VersionSpec, ...]:
    """Every version's spec, oldest first."""
    return tuple(VERSION_SPECS.values())


CURRENT_VERSION: Final = next(reversed(VERSION_SPECS.values())).version
"""The newest version: the format in force, and the default where none is given."""


def table_spec(kind: TableKind, version: TemplateVersion) -> TableSpec:
    """The layout of a table in a template version."""
    return VERSION_SPECS[version].table(kind)


def _keys_by_string(row: bool) -> dict[TableKind, dict[str, FormKey]]:
    found: dict[TableKind, dict[str, FormKey]] = {}
    for kind in TableKind:
        keys = found.setdefault(kind, {})
        for spec in VERSION_SPECS.values():
            for spec_row, spec_column in spec.table(kind).cells:
                key = spec_row.key if row else spec_column.key
                keys[key.key] = key
    return found


ROW_KEYS: Final[Mapping[TableKind, Mapping[str, FormKey]]] = _keys_by_string(row=True)
"""Each table's row keys by their strings, over every version (``ROW_KEYS[TableKind.REQUESTS]["new"]``)."""
COLUMN_KEYS: Final[Mapping[TableKind, Mapping[str, FormKey]]] = _keys_by_string(row=False)
"""Each table's column keys by their strings, over every version."""
