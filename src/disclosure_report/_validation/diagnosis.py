"""The cell to fix: the fewest cells whose change makes every accounting relation of a table hold.

One mistyped cell breaks every relation that reads it (its row's total, its column's total, the balance),
and each broken relation is a finding of its own. The relations are linear equations with integer
coefficients, so the cause is an exact small problem: the smallest set of cells whose values can change
(to non-negative whole numbers) so that every relation holds, blank cells being unknowns that a solution
may fill. It is searched by increasing size, one to three cells, among the cells the failing relations
read; a set is kept only when it fixes every relation with a single value for each of its cells.

The blank cells are eliminated once per table (exact fractions), so that each candidate set costs a tiny
system of as many unknowns as it has cells; a candidate set must touch every violated equation that is
left, which prunes almost all of them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Final

import attrs

from .._form import TableKind, TemplateVersion
from .._model import AnnualReport, AnyTable, CellRef, CellValue
from .arithmetic import broken_rules, relations
from .findings import Finding, Location

__all__ = ["MAX_CAUSE_CELLS", "Cause", "causes", "check_likely_cause"]

MAX_CAUSE_CELLS: Final = 3
"""The most cells a likely cause may name: beyond that the table is too wrong to point at a few cells."""
MAX_CAUSES: Final = 5
"""The most equally small explanations listed (more are counted, not listed)."""

Equation = tuple[tuple[int, int], ...]
"""A relation as cell positions with integer coefficients: the sum of coefficient × value is 0."""


@attrs.frozen
class Cause:
    """One explanation of a table's errors: cells with the values that would make every relation hold.

    Attributes:
        changes: Each stated cell to change: its position, stated value and the value it should have.
        fills: Each blank cell the explanation needs filled: its position and value.
    """

    changes: tuple[tuple[int, CellValue, int], ...]
    fills: tuple[tuple[int, int], ...] = ()


@functools.cache
def _equations(kind: TableKind, version: TemplateVersion) -> tuple[Equation, ...]:
    found: list[Equation] = []
    for group in relations(version).values():
        for relation in group:
            if relation.kind is not kind:
                continue
            coefficients: dict[int, int] = {}
            for position in relation.left:
                coefficients[position] = coefficients.get(position, 0) + 1
            for position in relation.right:
                coefficients[position] = coefficients.get(position, 0) - 1
            found.append(tuple(sorted(coefficients.items())))
    return tuple(found)


@attrs.frozen
class _System:
    """The table's equations with the blank cells eliminated.

    ``rows[i]`` is an equation over the stated cells that no blank enters (after elimination), as a
    mapping of position to coefficient, with ``residuals[i]`` what it is off by at the stated values;
    ``pivots`` give each determined blank as a constant plus a combination of stated cells.
    """

    rows: tuple[dict[int, Fraction], ...]
    residuals: tuple[Fraction, ...]
    pivots: tuple[tuple[int, Fraction, dict[int, Fraction], bool], ...]
    """Each blank that is a pivot: its position, its value at the stated values, its coefficients on
    stated cells, and whether it is determined (no free blank in its row)."""


def _system(equations: Sequence[Equation], values: Sequence[CellValue | None]) -> _System:
    blanks = sorted({p for equation in equations for p, _ in equation if values[p] is None})
    # Each row: coefficients on blanks, on stated cells, and the constant (stated cells at their values).
    table: list[tuple[dict[int, Fraction], dict[int, Fraction]]] = []
    for equation in equations:
        on_blanks = {p: Fraction(c) for p, c in equation if values[p] is None}
        on_stated = {p: Fraction(c) for p, c in equation if values[p] is not None}
        table.append((on_blanks, on_stated))
    pivot_rows: list[tuple[int, int]] = []  # (blank position, row index)
    used: set[int] = set()
    for blank in blanks:
        row = next((i for i, (b, _) in enumerate(table) if i not in used and b.get(blank)), None)
        if row is None:
            continue  # a free blank
        used.add(row)
        pivot_blanks, pivot_stated = table[row]
        factor = pivot_blanks[blank]
        pivot_blanks = {p: c / factor for p, c in pivot_blanks.items()}
        pivot_stated = {p: c / factor for p, c in pivot_stated.items()}
        table[row] = (pivot_blanks, pivot_stated)
        for other, (other_blanks, other_stated) in enumerate(table):
            scale = other_blanks.get(blank) if other != row else None
            if not scale:
                continue
            table[other] = (
                _combine(other_blanks, pivot_blanks, scale),
                _combine(other_stated, pivot_stated, scale),
            )
        pivot_rows.append((blank, row))
    rows: list[dict[int, Fraction]] = []
    residuals: list[Fraction] = []
    for index, (on_blanks, on_stated) in enumerate(table):
        if index in used or any(on_blanks.values()):
            continue
        rows.append(on_stated)
        residuals.append(sum((c * _value(values[p]) for p, c in on_stated.items()), Fraction(0)))
    pivots = []
    for blank, row in pivot_rows:
        on_blanks, on_stated = table[row]
        free = any(c for p, c in on_blanks.items() if p != blank)
        # blank + Σ stated coefficients × values = 0 (free blanks aside)
        value = -sum((c * _value(values[p]) for p, c in on_stated.items()), Fraction(0))
        pivots.append((blank, value, on_stated, not free))
    return _System(tuple(rows), tuple(residuals), tuple(pivots))


def _combine(target: dict[int, Fraction], pivot: dict[int, Fraction], scale: Fraction) -> dict[int, Fraction]:
    combined = dict(target)
    for position, coefficient in pivot.items():
        value = combined.get(position, Fraction(0)) - scale * coefficient
        if value:
            combined[position] = value
        else:
            combined.pop(position, None)
    return combined


def _value(value: CellValue | None) -> Fraction:
    return Fraction(value) if value is not None else Fraction(0)


def _solve(columns: Sequence[Sequence[Fraction]], targets: Sequence[Fraction]) -> list[Fraction] | None:
    """The one solution of ``Σ columns[j][i] × d[j] = targets[i]`` for every row ``i``, if there is one."""
    unknowns = len(columns)
    matrix = [[column[i] for column in columns] + [targets[i]] for i in range(len(targets))]
    rank = 0
    for column in range(unknowns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
        if pivot is None:
            return None  # not determined: not a single value for this cell
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [entry / lead for entry in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column]:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    if any(row[-1] for row in matrix[rank:]):
        return None  # inconsistent: these cells cannot fix every relation
    return [matrix[r][-1] for r in range(unknowns)]


def causes(table: AnyTable) -> tuple[tuple[Cause, ...], int]:
    """The smallest explanations of a table's errors (at most :data:`MAX_CAUSES`) and how many there are.

    Empty when every relation can hold (with non-negative whole numbers in the blank cells where they are
    determined), or when no set of up to :data:`MAX_CAUSE_CELLS` cells explains the errors.
    """
    equations = _equations(table.kind, table.version)
    if not equations:
        return (), 0
    values = table.values
    system = _system(equations, values)
    violated = [i for i, residual in enumerate(system.residuals) if residual]
    invalid = [pivot for pivot in system.pivots if pivot[3] and not _count(pivot[1])]
    if not violated and not invalid:
        return (), 0
    stated = {p for equation in equations for p, _ in equation if values[p] is not None}
    candidates = sorted(
        {p for i in violated for p in system.rows[i]} | {p for pivot in invalid for p in pivot[2]} or stated
    )
    touches = {p: {i for i in violated if system.rows[i].get(p)} for p in candidates}
    for size in range(1, MAX_CAUSE_CELLS + 1):
        found: list[Cause] = []
        total = 0
        for cells in itertools.combinations(candidates, size):
            if not set(violated) <= set().union(*(touches[p] for p in cells)):
                continue  # a violated equation none of these cells enters
            cause = _explain(system, values, cells)
            if cause is not None:
                total += 1
                if len(found) < MAX_CAUSES:
                    found.append(cause)
        if total:
            return tuple(found), total
    return (), 0


def _count(value: Fraction) -> bool:
    return value.denominator == 1 and value >= 0


def _explain(system: _System, values: Sequence[CellValue | None], cells: Sequence[int]) -> Cause | None:
    """The values these cells should have for every relation to hold, if there is exactly one."""
    columns = [[row.get(p, Fraction(0)) for row in system.rows] for p in cells]
    targets = [-residual for residual in system.residuals]
    deltas = _solve(columns, targets)
    if deltas is None or any(not delta for delta in deltas):
        return None  # no single change; or a cell that need not change, so a smaller set exists
    changes = []
    for position, delta in zip(cells, deltas, strict=True):
        new = _value(values[position]) + delta
        if not _count(new):
            return None
        stated = values[position]
        assert stated is not None
        changes.append((position, stated, int(new)))
    fills = []
    by_position = dict(zip(cells, deltas, strict=True))
    for blank, value, on_stated, determined in system.pivots:
        if not determined:
            continue
        filled = value - sum((c * by_position.get(p, Fraction(0)) for p, c in on_stated.items()), Fraction(0))
        if not _count(filled):
            return None
        fills.append((blank, int(filled)))
    return Cause(tuple(changes), tuple(fills))


# --- the finding ---------------------------------------------------------------------------------------


def _cell_name(table: AnyTable, position: int) -> str:
    row, column = table.spec.cells[position]
    return f"“{row.label}”/“{column.label}”"


def _describe(table: AnyTable, cause: Cause) -> tuple[str, str]:
    changes_zh = "，".join(
        f"{_cell_name(table, p)}填报{stated}，应为{new}" for p, stated, new in cause.changes
    )
    changes_en = "; ".join(
        f"{_cell_name(table, p)} states {stated}, should be {new}" for p, stated, new in cause.changes
    )
    if cause.fills:
        changes_zh += "（空白" + "，".join(f"{_cell_name(table, p)}应为{v}" for p, v in cause.fills) + "）"
        filled = "; ".join(f"{_cell_name(table, p)} should be {v}" for p, v in cause.fills)
        changes_en += f" (blank {filled})"
    return changes_zh, changes_en


def _cells(table: AnyTable, positions: Sequence[int]) -> list[CellRef]:
    cells = table.spec.cells
    return [(table.kind, cells[p][0].key, cells[p][1].key) for p in positions]


def check_likely_cause(report: AnnualReport) -> Iterable[Finding]:
    """For each of tables 三 and 四 whose relations fail, the fewest cells to fix, and their values."""
    requests, review = report.requests, report.review_litigation
    if requests.complete and review.complete and not broken_rules(requests) and not broken_rules(review):
        return ()  # the usual report: every relation holds, nothing to explain
    return _likely_causes(report)


def _likely_causes(report: AnnualReport) -> Iterator[Finding]:
    for table in (report.requests, report.review_litigation):
        if table.complete and not broken_rules(table):
            continue  # the common case: every relation holds
        found, total = causes(table)
        if not found:
            continue
        described = [_describe(table, cause) for cause in found]
        if total == 1:
            cause_zh = f"{described[0][0]}。其余数字相互一致。"
            cause_en = f"{described[0][1]}; every other figure agrees with the rest."
        else:
            more = f"（另有{total - len(found)}种）" if total > len(found) else ""
            listed = "；".join(d[0] for d in described)
            cause_zh = f"以下{total}种改法同样能使全表一致，无法确定是哪一种：{listed}{more}"
            more_en = f" (and {total - len(found)} more)" if total > len(found) else ""
            cause_en = (
                f"any of {total} equally small changes makes the table consistent, so which one is "
                "wrong cannot be told: " + " | ".join(d[1] for d in described) + more_en
            )
        suspects = sorted(
            {p for cause in found for p, _, _ in cause.changes}
            | {p for cause in found for p, _ in cause.fills}
        )
        first = found[0].changes[0]
        row, column = table.spec.cells[first[0]]
        location = Location(section=table.kind.section, table=table.kind)
        if total == 1 and len(found[0].changes) == 1:
            location = attrs.evolve(location, row=row.key, column=column.key)
        yield Finding.of(
            "likely-cause",
            location,
            expected=first[2] if total == 1 and len(found[0].changes) == 1 else None,
            actual=first[1] if total == 1 and len(found[0].changes) == 1 else None,
            cells=_cells(table, suspects),
            table=table.kind.label,
            table_en=_TABLE_EN[table.kind],
            cause_zh=cause_zh,
            cause_en=cause_en,
            causes=tuple(_as_cells(table, cause) for cause in found),
            count=total,
        )


def _as_cells(table: AnyTable, cause: Cause) -> tuple[tuple[object, ...], tuple[object, ...]]:
    """A cause with its cells as ``(table, row, column)``, as a finding's parameters keep it."""
    changes = tuple((_cells(table, [p])[0], stated, new) for p, stated, new in cause.changes)
    fills = tuple((_cells(table, [p])[0], value) for p, value in cause.fills)
    return changes, fills


_TABLE_EN: Final = {
    TableKind.REQUESTS: "table 三 (requests)",
    TableKind.REVIEW_LITIGATION: "table 四 (review and litigation)",
}
