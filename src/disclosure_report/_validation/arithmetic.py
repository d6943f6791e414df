"""The accounting relations (勾稽关系) of tables 三 and 四, blank cells, and the precision of amounts.

Each relation of a rule is compiled once per template version to cell positions, and a table with no blank
is tested by one generated function for all its rules (then, only when one fails, rule by rule and relation
by relation): validation runs tens of thousands of reports a second. A
relation over a blank cell is not checked (the blank is never taken as 0): a ``not-checked`` finding says
so, beside the ``blank-cell`` or ``blank-total`` finding for the blank itself.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from .._form import (
    Applicant,
    CellKey,
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
    version_spec,
)
from .._model import AnnualReport, AnyTable, Cell, CellRef, CellValue
from .._rules import Code
from .findings import Finding, Location, not_checked

__all__ = [
    "AMOUNT_PLACES",
    "BLANK_CODES",
    "Relation",
    "all_hold",
    "blank_findings",
    "check_amount_precision",
    "check_blanks",
    "check_relations_one_by_one",
    "check_requests_applicant_total",
    "check_requests_balance",
    "check_requests_outcome_total",
    "check_review_total",
    "consistent",
    "outcome_totals_with_a_stated_group",
    "relations",
    "without_unprinted_sub_rows",
]

AMOUNT_PLACES: Final = 4
"""More decimal places than this in a 万元 amount is finer than one yuan."""


@attrs.frozen
class Relation:
    """One instance of an accounting rule, compiled to cell positions: sum(left) must equal sum(right).

    Validation runs tens of thousands of these a second, so they read a table's ``values`` by position;
    findings (the slow path) are built only when a relation fails or meets a blank.
    """

    code: Code
    kind: TableKind
    location: Location
    place: str
    left: tuple[int, ...]
    right: tuple[int, ...]
    keys: tuple[CellKey, ...]
    """The keys of the ``left`` then the ``right`` cells; the stated cell comes last."""
    fields: tuple[tuple[str, str], ...]
    _left: Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _right: Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_left", _getter(self.left))
        object.__setattr__(self, "_right", _getter(self.right))

    def check(self, values: tuple[CellValue | None, ...]) -> Finding | None:
        try:
            expected = sum(self._left(values))
            actual = sum(self._right(values))
        except TypeError:  # a blank (None) among the cells: checked as far as non-negativity allows
            return self._over_blanks(values)
        if expected == actual:
            return None
        return Finding.of(
            self.code,
            self.location,
            expected=expected,
            actual=actual,
            cells=self._cells(),
            **dict(self.fields),
        )

    def _over_blanks(self, values: tuple[CellValue | None, ...]) -> Finding:
        """A relation that reads blank cells, decided where non-negative counts decide it.

        The filled cells of one side may not add up to more than a side without blanks (an error
        whatever the blanks hold); a relation with one blank says what that blank must hold; otherwise
        it cannot be checked.
        """
        cells = self._cells()
        keys = dict(zip((*self.left, *self.right), self.keys, strict=True))
        sides = []
        for positions in (self.left, self.right):
            known = sum(values[i] or 0 for i in positions)
            blank = [keys[i] for i in positions if values[i] is None]
            sides.append((known, blank))
        (left, left_blank), (right, right_blank) = sides
        blanks = [*left_blank, *right_blank]
        for (full, full_blank), (open_, open_blank) in ((sides[0], sides[1]), (sides[1], sides[0])):
            if not full_blank and open_ > full:
                names = "、".join(f"{row.label}/{column.label}" for row, column in open_blank)
                return Finding.of(
                    "relation-impossible",
                    self.location,
                    expected=full,
                    actual=open_,
                    cells=cells,
                    rule=self.code,
                    place=self.place,
                    blanks=names,
                )
        if len(blanks) == 1:
            (row, column) = blanks[0]
            value = abs(left - right)
            return Finding.of(
                "blank-determined",
                attrs.evolve(self.location, row=row, column=column),
                expected=value,
                cells=[(self.kind, row, column)],
                rule=self.code,
                place=self.place,
                row=row.label,
                column=column.label,
            )
        return not_checked(self.code, self.location, self.place, blanks, cells)

    def _cells(self) -> list[CellRef]:
        return [(self.kind, *key) for key in self.keys]


def _getter(indices: tuple[int, ...]) -> Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]]:
    if len(indices) == 1:
        (index,) = indices
        return lambda values: (values[index],)
    return operator.itemgetter(*indices)


def _compile(
    code: Code,
    spec: TableSpec,
    location: Location,
    place: str,
    left: Sequence[CellKey],
    right: Sequence[CellKey],
    **fields: str,
) -> Relation:
    index = spec.index
    return Relation(
        code,
        spec.kind,
        location,
        place,
        tuple(index[key] for key in left),
        tuple(index[key] for key in right),
        (*left, *right),
        tuple(fields.items()),
    )


@functools.cache
def relations(version: TemplateVersion) -> dict[Code, tuple[Relation, ...]]:
    """Every accounting relation of a version's tables 三 and 四, by rule code, in form order."""
    requests = table_spec(TableKind.REQUESTS, version)
    review = table_spec(TableKind.REVIEW_LITIGATION, version)
    where = Location(section=Section.REQUESTS, table=TableKind.REQUESTS)
    outcome_rows = requests.row_sums[RequestRow.TOTAL]
    applicants = requests.column_sums[Applicant.TOTAL]
    results = review.column_sums[ReviewColumn.TOTAL]
    return {
        # 一 + 二 = （七）总计 + 四: the relation the form prints, in each column.
        "requests-balance": tuple(
            _compile(
                "requests-balance",
                requests,
                attrs.evolve(where, column=column),
                column.label,
                [(RequestRow.NEW, column), (RequestRow.CARRIED_OVER, column)],
                [(RequestRow.TOTAL, column), (RequestRow.CARRIED_FORWARD, column)],
                column=column.label,
            )
            for column in Applicant
        ),
        "requests-outcome-total": tuple(
            _compile(
                "requests-outcome-total",
                requests,
                attrs.evolve(where, row=RequestRow.TOTAL, column=column),
                column.label,
                [(row, column) for row in outcome_rows],
                [(RequestRow.TOTAL, column)],
                column=column.label,
            )
            for column in Applicant
        ),
        "requests-applicant-total": tuple(
            _compile(
                "requests-applicant-total",
                requests,
                attrs.evolve(where, row=row.key, column=Applicant.TOTAL),
                row.label,
                [(row.key, column) for column in applicants],
                [(row.key, Applicant.TOTAL)],
                row=row.label,
            )
            for row in requests.rows
        ),
        "review-total": tuple(
            _compile(
                "review-total",
                review,
                Location(
                    section=Section.REVIEW_LITIGATION,
                    table=TableKind.REVIEW_LITIGATION,
                    row=row,
                    column=ReviewColumn.TOTAL,
                ),
                row.label,
                [(row, column) for column in results],
                [(row, ReviewColumn.TOTAL)],
                row=row.label,
            )
            for row in ReviewRow
        ),
    }


@functools.cache
def all_hold(version: TemplateVersion, code: Code) -> Callable[[tuple[CellValue | None, ...]], bool]:
    """One function testing every relation of a rule at once, for a table with no blank.

    A single generated expression (``v[0] + v[1] == v[2] and ...``) instead of a call per relation; asked
    only of a table :func:`consistent` finds inconsistent. It is built from cell positions only, never
    from input.
    """
    terms = _equalities(relations(version)[code], "v[{}]".format)
    test: Callable[[tuple[CellValue | None, ...]], bool] = eval(f"lambda v: {terms}")
    return test


@functools.cache
def consistent(kind: TableKind, version: TemplateVersion) -> Callable[[tuple[CellValue | None, ...]], bool]:
    """One function testing every relation of every rule of a table at once, for a table with no blank.

    Most reports are consistent, so this is the common path: one call decides a table, and only a table
    it finds inconsistent is tested rule by rule (:func:`all_hold`). The values are unpacked into locals
    once (a local is read faster than an item, and table 三's relations read 372 cells). It is built from
    cell positions only, never from input.
    """
    found = [relation for code in _rules_of(kind, version) for relation in relations(version)[code]]
    if not found:
        return lambda values: True

    cells = "".join(f"c{index}, " for index in range(len(table_spec(kind, version).cells)))
    terms = _equalities(found, "c{}".format)
    namespace: dict[str, Any] = {}
    exec(f"def test(values):\n    {cells}= values\n    return {terms}\n", namespace)
    test: Callable[[tuple[CellValue | None, ...]], bool] = namespace["test"]
    return test


def _equalities(found: Iterable[Relation], cell: Callable[[int], str]) -> str:
    """Relations as one generated condition (``v[0] + v[1] == v[2] and ...``), ``cell`` naming a place."""

    def side(indices: tuple[int, ...]) -> str:
        return " + ".join(map(cell, indices))

    return " and ".join(f"{side(r.left)} == {side(r.right)}" for r in found)


@functools.cache
def _rules_of(kind: TableKind, version: TemplateVersion) -> tuple[Code, ...]:
    """The rules whose relations are in a table of this kind."""
    return tuple(code for code, found in relations(version).items() if found and found[0].kind is kind)


_LAST_TESTED: dict[TableKind, tuple[AnyTable, frozenset[Code]]] = {}


def broken_rules(table: AnyTable) -> frozenset[Code]:
    """The rules a table with no blank breaks: none when :func:`consistent` says so, else by :func:`all_hold`.

    Validation asks this of the same table once per rule and again for the likely cause: the answer for
    the last table of each kind is kept (by identity; an immutable table's answer cannot change).
    """
    last = _LAST_TESTED.get(table.kind)
    if last is not None and last[0] is table:
        return last[1]
    kind, version, values = table.kind, table.version, table.values
    broken = (
        _NONE_BROKEN
        if consistent(kind, version)(values)
        else frozenset(code for code in _rules_of(kind, version) if not all_hold(version, code)(values))
    )
    _LAST_TESTED[kind] = (table, broken)
    return broken


_NONE_BROKEN: Final[frozenset[Code]] = frozenset()


def _run(code: Code, table: AnyTable) -> Iterable[Finding]:
    if table.complete and code not in broken_rules(table):
        return ()  # the usual table: no blank, and every relation of the rule holds
    return check_relations_one_by_one(code, table)


def check_relations_one_by_one(code: Code, table: AnyTable) -> Iterator[Finding]:
    """Each relation of a rule, checked one by one: the general path, which finds what is wrong."""
    values = table.values
    for relation in relations(table.version)[code]:
        finding = relation.check(values)
        if finding is not None:
            yield finding


def places(amount: Decimal) -> int:
    """The decimal places an amount needs, trailing zeros aside, counted exactly.

    ``normalize()`` would first round an amount of more than 28 digits to the context's precision.
    """
    _, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0 or not any(digits):
        return 0
    needed = -exponent
    for digit in reversed(digits):
        if digit != 0 or needed == 0:
            break
        needed -= 1
    return needed


# --- the checks --------------------------------------------------------------------------------------


def check_requests_balance(report: AnnualReport) -> Iterable[Finding]:
    """一 + 二 = （七）总计 + 四 in each column of table 三: the relation the form prints."""
    return _run("requests-balance", report.requests)


def check_requests_outcome_total(report: AnnualReport) -> Iterable[Finding]:
    """（七）总计 is the sum of every outcome row, in each column of table 三."""
    return _run("requests-outcome-total", report.requests)


def check_requests_applicant_total(report: AnnualReport) -> Iterable[Finding]:
    """总计 is the sum of the six applicant columns, in every row of table 三."""
    return _run("requests-applicant-total", report.requests)


def check_review_total(report: AnnualReport) -> Iterable[Finding]:
    """总计 is the sum of the four results, in each group of table 四."""
    return _run("review-total", report.review_litigation)


def check_blanks(report: AnnualReport) -> Iterable[Finding]:
    """The blank cells of each table, one finding for its blank totals and one for its other blanks.

    A blank total is an error, another blank cell a warning; each finding counts its cells and lists them.
    When every cell to fill is blank (a template nobody filled), one ``form-empty`` finding says so,
    with the number of cells to fill, instead.
    """
    if report.active_disclosure.complete and report.requests.complete and report.review_litigation.complete:
        return ()  # the usual report: no blank
    return blank_findings(report)


BLANK_CODES: Final = frozenset(("blank-total", "blank-cell"))


def blank_findings(report: AnnualReport, unprinted: Collection[CellRef] = ()) -> Iterator[Finding]:
    """The blank-cell findings of :func:`check_blanks`, leaving out cells the document did not print."""
    tables = report.tables()
    # The cells to fill: every cell but the totals (which a template computes, 0 over blank parts). A
    # table without a blank is filled: the usual case is decided without looking at a cell.
    empty = not any(table.complete for table in tables) and all(
        table.values[position] is None for table in tables for position in table.spec.inputs
    )
    if empty:
        yield Finding.of("form-empty", Location(), count=sum(len(table.spec.inputs) for table in tables))
        return
    for table in tables:
        if table.complete:
            continue
        spec, kind = table.spec, table.kind
        totals: list[Cell[Any, Any]] = []
        details: list[Cell[Any, Any]] = []
        for cell in table.blanks():
            if unprinted and (kind, cell.row.key, cell.column.key) in unprinted:
                continue
            (totals if spec.is_total(cell.row.key, cell.column.key) else details).append(cell)
        kinds: tuple[tuple[Code, list[Cell[Any, Any]]], ...] = (
            ("blank-total", totals),
            ("blank-cell", details),
        )
        for code, cells in kinds:
            if cells:
                yield _blank_finding(code, table, cells)


def _blank_finding(code: Code, table: AnyTable, cells: Sequence[Cell[Any, Any]]) -> Finding:
    """One finding for a table's blank cells of one kind: their number, and which, in the message."""
    kind = table.kind
    where = Location(section=kind.section, table=kind)
    single: dict[str, str] = {}
    if len(cells) == 1:  # located at its cell, as a single finding always was
        (cell,) = cells
        where = attrs.evolve(where, row=cell.row.key, column=cell.column.key)
        single = {"row": cell.row.label, "column": cell.column.label}
    named_zh, named_en = _named_cells(table.spec, cells)
    ordinal = kind.section.label.partition("、")[0]  # 三
    return Finding.of(
        code,
        where,
        cells=[(kind, cell.row.key, cell.column.key) for cell in cells],
        table_zh=f"表{ordinal}",
        table_en=f"table {ordinal}",
        count=len(cells),
        blanks=tuple(f"{cell.row.label}/{cell.column.label}" for cell in cells),
        blanks_zh=named_zh,
        blanks_en=named_en,
        **single,
    )


def _named_cells(spec: TableSpec, cells: Sequence[Cell[Any, Any]]) -> tuple[str, str]:
    """Blank cells named for a person, in Chinese and English.

    Consecutive rows blank in the same columns are named once, as a run: “一、本年新收…”至“3.其他”（23行）
    的“商业企业”、“科研机构”.
    """
    order = {row.key: number for number, row in enumerate(spec.rows)}
    runs: list[tuple[list[RowSpec], tuple[ColumnSpec, ...]]] = []
    by_row: dict[FormKey, tuple[RowSpec, list[ColumnSpec]]] = {}
    for cell in cells:
        by_row.setdefault(cell.row.key, (cell.row, []))[1].append(cell.column)
    for row, blank in by_row.values():
        if runs and runs[-1][1] == tuple(blank) and order[runs[-1][0][-1].key] + 1 == order[row.key]:
            runs[-1][0].append(row)
        else:
            runs.append(([row], tuple(blank)))
    zh, en = [], []
    for rows, columns in runs:
        if len(rows) > 2:
            rows_zh = f"“{rows[0].label}”至“{rows[-1].label}”（{len(rows)}行）"
            rows_en = f"{rows[0].label} to {rows[-1].label} ({len(rows)} rows)"
        else:
            rows_zh = "、".join(f"“{row.label}”" for row in rows)
            rows_en = " and ".join(row.label for row in rows)
        if all(len(columns) == len(row.columns) for row in rows):
            zh.append(f"{rows_zh}整行")
            en.append(f"{rows_en}, every column")
        else:
            zh.append(f"{rows_zh}的" + "、".join(f"“{column.label}”" for column in columns))
            en.append(f"{rows_en}: " + ", ".join(column.label for column in columns))
    return "；".join(zh), "; ".join(en)


_FEE_KEY: Final = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)


@functools.cache
def _fee_amount(version: TemplateVersion) -> int | None:
    """The place of the fee amount in table 二's values (None: the version's table 二 has none, as 2019's)."""
    return version_spec(version).disclosure.index.get(_FEE_KEY)


def check_amount_precision(report: AnnualReport) -> Iterable[Finding]:
    """Amounts in 万元 have at most four decimal places: finer than one yuan is suspicious."""
    table = report.active_disclosure
    position = _fee_amount(table.version)
    if position is None:
        return ()  # the 2019 table 二 has no fee amount
    value = table.values[position]
    if not isinstance(value, Decimal) or places(value) <= AMOUNT_PLACES:
        return ()
    row, column = table.spec.cells[position]
    return [
        Finding.of(
            "amount-precision",
            Location(section=Section.ACTIVE_DISCLOSURE, table=table.kind, row=row.key, column=column.key),
            actual=value,
            cells=[(table.kind, row.key, column.key)],
            row=row.label,
            column=column.label,
        )
    ]


_DECIDED_BY_THE_GROUP: Final = frozenset({"not-checked", "blank-determined", "relation-impossible"})


def _group_sub_rows(version: TemplateVersion) -> tuple[RequestRow, ...]:
    # The sub-rows of （六）其他处理 (the 2021 format's 1–3); a document may print them as the row （六）.
    return version_spec(version).sub_rows(RequestRow.OTHER_PROCESSING)


@functools.cache
def _unprinted_sub_rows(version: TemplateVersion) -> frozenset[CellRef]:
    # The cells of those sub-rows: a table printed with the single row （六） does not have them.
    return frozenset(
        (TableKind.REQUESTS, row, column) for row in _group_sub_rows(version) for column in Applicant
    )


def without_unprinted_sub_rows(report: AnnualReport, findings: Sequence[Finding]) -> list[Finding]:
    """The findings, none of them about the sub-rows of （六）其他处理 a document did not print.

    A 2021 table 三 printed with the 2019 layout's single row （六）其他处理 has no sub-rows 1–3: their
    cells are blank because they do not exist in the document, not because the agency left them empty.
    Neither their blanks nor their rows' totals (总计 = the applicant columns, over nothing printed) are
    findings; the blank-cell findings are made again without them, in their place.
    """
    sub_rows = _group_sub_rows(report.version)
    if not sub_rows:
        return list(findings)
    blanks = list(blank_findings(report, _unprinted_sub_rows(report.version)))
    kept: list[Finding] = []
    for finding in findings:
        if finding.code in BLANK_CODES:
            kept.extend(blanks)  # the first blank finding's place: the same order as before
            blanks = []
        elif not (
            finding.code == "not-checked"
            and finding.params.get("rule") == "requests-applicant-total"
            and finding.location.row in sub_rows
        ):
            kept.append(finding)
    return kept


def outcome_totals_with_a_stated_group(
    report: AnnualReport, stated: Mapping[str, CellValue | None], findings: Sequence[Finding]
) -> list[Finding]:
    """The findings, with （七）总计 checked using the one stated row of （六）其他处理 (sub-rows blank).

    A 2021 table 三 printed with the 2019 layout's single （六） row states the group's sum, not its parts
    (the reader says so: ``read-group-one-row``). In each column where every other outcome row is filled and
    the group's sum is stated, the （七）总计 relation is checked with that sum: its findings over the blank
    sub-rows (not checked, a blank determined, a relation impossible) give way to the exact result, an
    ``requests-outcome-total`` error naming the group's stated figure when the totals disagree.
    """
    sub_rows = _group_sub_rows(report.version)
    if not sub_rows:
        return list(findings)
    table = report.requests
    spec = table.spec
    group_rows = set(sub_rows)
    decided: set[FormKey] = set()
    extra: list[Finding] = []
    for column in Applicant:
        group = stated.get(column.key)
        total = table[RequestRow.TOTAL, column]
        others = [table[row, column] for row in spec.row_sums[RequestRow.TOTAL] if row not in group_rows]
        parts = [table[row, column] for row in sub_rows]
        if (
            group is None
            or total is None
            or any(v is None for v in others)
            or any(p is not None for p in parts)
        ):
            continue
        decided.add(column)
        expected = sum(v for v in others if v is not None) + group
        if expected != total:
            extra.append(
                Finding.of(
                    "requests-outcome-total",
                    Location(
                        section=Section.REQUESTS,
                        table=TableKind.REQUESTS,
                        row=RequestRow.TOTAL,
                        column=column,
                    ),
                    expected=expected,
                    actual=total,
                    cells=[(TableKind.REQUESTS, RequestRow.TOTAL, column)],
                    evidence=f"（六）其他处理 stated as one row: {group}",
                    column=column.label,
                )
            )
    kept = [
        f
        for f in findings
        if not (
            f.code in _DECIDED_BY_THE_GROUP
            and f.params.get("rule") == "requests-outcome-total"
            and f.location.column in decided
        )
    ]
    return kept + extra
