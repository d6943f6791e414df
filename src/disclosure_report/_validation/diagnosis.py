"""The cell to fix: the fewest cells whose change makes every accounting relation of a table hold.

One mistyped cell breaks every relation that reads it (its row's total, its column's total, the balance),
and each broken relation is a finding of its own. The relations are linear equations with integer
coefficients, so the cause is an exact small problem: the smallest set of stated cells whose values can
change (to non-negative whole numbers, each a real change) so that every relation holds with one value for
each of them, blank cells being unknowns that a solution may fill. Sets of one to
:data:`MAX_CAUSE_CELLS` cells are searched, smallest first; every smallest set is found, so that several
equally small corrections are listed and none is picked.

How the search is bounded, by construction:

- The blank cells are eliminated once per table (exact arithmetic): at most *E* pivots, each combining at
  most *E* equations of at most *N* cells, so at most E²·N coefficient operations (table 三: E = 39
  relations, N = 175 cells). What is left are "rows", equations over stated cells each off by a residual,
  and the determined blanks, each a constant plus a combination of stated cells.
- A correction must put a cell in every violated row (nothing else changes it), a second cell in every
  holding row it puts one in (one alone would have to change by 0), and a cell under every determined
  blank that is negative or fractional. The search grows a set from what is unmet: it takes the unmet row
  with the fewest cells and tries each, those tried before it left out (so each set is reached once).
  With one cell left to place, that cell must meet every unmet row at once (their intersection).
- When nothing is unmet, the cells' changes are solved for. One solution whose values are counts is a
  cause. A consistent set that is not one cannot grow into one (any larger set has the same solution,
  with a change of 0, or none unique). An inconsistent set can only be repaired by a cell of the
  combination of rows that proves it inconsistent, which is what it grows by.
- A set with more unmet rows than its remaining cells can meet (each meets at most *D*, the most rows a
  cell is in) is dropped.

Each set examined is one unit of work: it costs at most O(E + N·D) (its rows, the solving of at most
three unknowns, and the look at each cell it may grow by: a last cell alone in a holding row is dismissed
there without being examined). Sizes 1, 2 and 3 examine at most 1 + B + B² + B³ sets each, *B* the most
cells a set may grow by (the cells of a row, or of a combination of two or three). The search stops after
:data:`WORK_BUDGET` units whatever the table: then it says so (``stopped``), with the sizes it ruled out,
and names no cell. The failing tables of ``benchmarks/diagnosis.py`` need at most 435 units (the median is
under 100); tables made to be hard (a few blanks and several random cells: long rows after elimination)
reach the budget in about 1 in 100, in 10–25 ms of CPU.

Two reading faults are named as such when a cause has their shape: a count's digits split across two
neighbouring cells (``1``, ``2`` for ``12``) and a count moved into its neighbour's cell.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Final, Literal

import attrs

from .._form import TableKind, TemplateVersion, table_spec
from .._model import AnnualReport, AnyTable, CellRef, CellValue
from .arithmetic import broken_rules, relations
from .findings import Finding, Location

__all__ = [
    "MAX_CAUSES",
    "MAX_CAUSE_CELLS",
    "WORK_BUDGET",
    "Cause",
    "Diagnosis",
    "System",
    "causes",
    "check_likely_cause",
    "diagnose",
    "diagnosis_finding",
    "explain",
    "fault",
    "likely_cause_findings",
    "search",
    "system_of",
    "table_equations",
]

MAX_CAUSE_CELLS: Final = 3
"""The most cells a likely cause may name: beyond that the table is too wrong to point at a few cells."""
MAX_CAUSES: Final = 5
"""The most equally small explanations listed (more are counted, not listed)."""
WORK_BUDGET: Final = 2_000
"""The most candidate sets the search examines for one table (its unit of work)."""

Equation = tuple[tuple[int, int], ...]
"""A relation as cell positions with integer coefficients: the sum of coefficient × value is 0."""
Number = int | Fraction
"""An exact coefficient or value: an int while the arithmetic stays whole, else a fraction."""
Outcome = Literal["consistent", "found", "none", "stopped"]
"""What a search ended with: nothing to explain; causes; no cause of at most three cells; out of work."""


@attrs.frozen
class Cause:
    """One explanation of a table's errors: cells with the values that would make every relation hold.

    Attributes:
        changes: Each stated cell to change: its position, stated value and the value it should have.
        fills: Each blank cell the explanation needs filled: its position and value.
    """

    changes: tuple[tuple[int, CellValue, int], ...]
    fills: tuple[tuple[int, int], ...] = ()


@attrs.frozen
class Diagnosis:
    """What the search for the fewest cells to fix found.

    Attributes:
        outcome: ``consistent`` (every relation can hold), ``found``, ``none`` (no correction of at most
            :data:`MAX_CAUSE_CELLS` cells) or ``stopped`` (the work budget ran out first).
        causes: Every smallest cause, in the order of their cells' positions (``found`` only).
        work: The candidate sets examined (at most the budget).
        ruled_out: The largest size searched in full without a cause: no correction has this many cells
            or fewer.
    """

    outcome: Outcome
    causes: tuple[Cause, ...] = ()
    work: int = 0
    ruled_out: int = 0


@functools.cache
def table_equations(kind: TableKind, version: TemplateVersion) -> tuple[Equation, ...]:
    """The relations of a table of this kind and version as equations (what the search solves)."""
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
class System:
    """The table's equations with the blank cells eliminated.

    ``rows[i]`` is an equation over the stated cells that no blank enters (after elimination), as a
    mapping of position to coefficient, with ``residuals[i]`` what it is off by at the stated values;
    ``pivots`` give each determined blank as a constant plus a combination of stated cells.
    """

    rows: tuple[dict[int, Number], ...]
    residuals: tuple[Number, ...]
    pivots: tuple[tuple[int, Number, dict[int, Number], bool], ...]
    """Each blank that is a pivot: its position, its value at the stated values, its coefficients on
    stated cells, and whether it is determined (no free blank in its row)."""


def system_of(equations: Sequence[Equation], values: Sequence[CellValue | None]) -> System:
    """The equations with the blank cells among ``values`` eliminated (what :func:`explain` solves)."""
    blanks = sorted({p for equation in equations for p, _ in equation if values[p] is None})
    # Each row: coefficients on blanks, on stated cells (the constant is the stated cells at their values).
    table: list[tuple[dict[int, Number], dict[int, Number]]] = []
    for equation in equations:
        on_blanks: dict[int, Number] = {p: c for p, c in equation if values[p] is None}
        on_stated: dict[int, Number] = {p: c for p, c in equation if values[p] is not None}
        table.append((on_blanks, on_stated))
    holding: dict[int, list[int]] = {}  # each blank: the rows it is in (kept up to date as rows combine)
    for index, (on_blanks, _) in enumerate(table):
        for blank in on_blanks:
            holding.setdefault(blank, []).append(index)
    pivot_rows: list[tuple[int, int]] = []  # (blank position, row index)
    used: set[int] = set()
    for blank in blanks:
        row = next((i for i in holding.get(blank, ()) if i not in used and table[i][0].get(blank)), None)
        if row is None:
            continue  # a free blank
        used.add(row)
        pivot_blanks, pivot_stated = table[row]
        factor = pivot_blanks[blank]
        pivot_blanks = {p: _quotient(c, factor) for p, c in pivot_blanks.items()}
        pivot_stated = {p: _quotient(c, factor) for p, c in pivot_stated.items()}
        table[row] = (pivot_blanks, pivot_stated)
        for other in list(holding[blank]):
            scale = table[other][0].get(blank) if other != row else None
            if not scale:
                continue
            other_blanks, other_stated = table[other]
            combined = _combine(other_blanks, pivot_blanks, scale)
            for entered in combined.keys() - other_blanks.keys():
                holding.setdefault(entered, []).append(other)
            table[other] = (combined, _combine(other_stated, pivot_stated, scale))
        pivot_rows.append((blank, row))
    rows: list[dict[int, Number]] = []
    residuals: list[Number] = []
    for index, (on_blanks, on_stated) in enumerate(table):
        if index in used or any(on_blanks.values()):
            continue
        rows.append(on_stated)
        residuals.append(sum(c * _value(values[p]) for p, c in on_stated.items()))
    pivots = []
    for blank, row in pivot_rows:
        on_blanks, on_stated = table[row]
        free = any(c for p, c in on_blanks.items() if p != blank)
        # blank + Σ stated coefficients × values = 0 (free blanks aside)
        value = -sum(c * _value(values[p]) for p, c in on_stated.items())
        pivots.append((blank, value, on_stated, not free))
    return System(tuple(rows), tuple(residuals), tuple(pivots))


def _quotient(numerator: Number, denominator: Number) -> Number:
    """An exact quotient, an int when it is whole (ints are many times faster than fractions)."""
    if type(numerator) is int and type(denominator) is int and numerator % denominator == 0:
        return numerator // denominator
    return Fraction(numerator) / denominator


def _combine(target: dict[int, Number], pivot: dict[int, Number], scale: Number) -> dict[int, Number]:
    combined = dict(target)
    for position, coefficient in pivot.items():
        value = combined.get(position, 0) - scale * coefficient
        if value:
            combined[position] = value
        else:
            combined.pop(position, None)
    return combined


def _value(value: CellValue | None) -> int:
    return value if isinstance(value, int) else 0


def _count(value: Number) -> bool:
    """Whether a value can be a count: a whole number, not negative."""
    return value >= 0 and (type(value) is int or value.denominator == 1)


# --- the search -----------------------------------------------------------------------------------------


def causes(table: AnyTable) -> tuple[tuple[Cause, ...], int]:
    """The smallest explanations of a table's errors (at most :data:`MAX_CAUSES`) and how many there are.

    Empty when every relation can hold (with non-negative whole numbers in the blank cells where they are
    determined), when no set of up to :data:`MAX_CAUSE_CELLS` cells explains the errors, or when the
    search ran out of work (:func:`diagnose` tells these apart).
    """
    found = diagnose(table).causes
    return found[:MAX_CAUSES], len(found)


def diagnose(table: AnyTable, *, budget: int = WORK_BUDGET) -> Diagnosis:
    """The smallest sets of cells whose change makes every relation of a table hold (see the module)."""
    return search(table_equations(table.kind, table.version), table.values, budget=budget)


def search(
    equations: Sequence[Equation],
    values: Sequence[CellValue | None],
    *,
    budget: int = WORK_BUDGET,
    max_cells: int = MAX_CAUSE_CELLS,
) -> Diagnosis:
    """Every smallest correction of at most ``max_cells`` cells of a system of relations, within ``budget``.

    Args:
        equations: The relations, each as positions with integer coefficients summing to 0.
        values: The stated values by position (``None`` for a blank).
        budget: The most candidate sets to examine.
        max_cells: The most cells a correction may change.
    """
    if not equations:
        return Diagnosis("consistent")
    system = system_of(equations, values)
    state = _Search(system, values, budget)
    if not state.violated and not state.invalid:
        return Diagnosis("consistent")
    ruled_out = 0
    try:
        for size in range(1, max_cells + 1):
            state.visit((), frozenset(), size)
            if state.found:
                found = tuple(cause for _, cause in sorted(state.found, key=lambda item: item[0]))
                return Diagnosis("found", found, state.work, ruled_out)
            ruled_out = size
    except _OutOfWork:
        return Diagnosis("stopped", (), budget, ruled_out)
    return Diagnosis("none", (), state.work, ruled_out)


class _OutOfWork(Exception):
    """The search examined as many sets as its budget allows."""


class _Search:
    """The state of one table's search: its rows, what must be met, the work done and the causes found."""

    def __init__(self, system: System, values: Sequence[CellValue | None], budget: int) -> None:
        self.rows = system.rows
        self.residuals = system.residuals
        self.values = values
        self.budget = budget
        self.work = 0
        self.found: list[tuple[tuple[int, ...], Cause]] = []
        self.cells = [frozenset(row) for row in system.rows]
        self.rows_of: dict[int, list[int]] = {}
        for index, row in enumerate(system.rows):
            for position in row:
                self.rows_of.setdefault(position, []).append(index)
        self.violated = [i for i, residual in enumerate(system.residuals) if residual]
        self.determined = [(blank, value, on) for blank, value, on, fixed in system.pivots if fixed]
        self.invalid = [frozenset(on) for _, value, on in self.determined if not _count(value)]
        self.blanks_of: dict[int, list[tuple[int, Number]]] = {}
        """Each stated cell: the determined blanks that depend on it, by index, with the coefficient."""
        for number, (_, _, on_stated) in enumerate(self.determined):
            for position, coefficient in on_stated.items():
                self.blanks_of.setdefault(position, []).append((number, coefficient))
        degree: dict[int, int] = {p: len(found) for p, found in self.rows_of.items()}
        for cells in self.invalid:
            for position in cells:
                degree[position] = degree.get(position, 0) + 1
        self.degree = max(degree.values(), default=0)
        """The most unmet rows (or blanks) one cell can meet."""

    def visit(self, chosen: tuple[int, ...], banned: frozenset[int], room: int) -> None:
        """Examine a set of cells (one unit of work), and the sets that grow from it by ``room`` cells."""
        self.work += 1
        if self.work > self.budget:
            raise _OutOfWork
        touched: dict[int, int] = {}
        rows_of = self.rows_of
        for position in chosen:
            for index in rows_of.get(position, ()):
                touched[index] = touched.get(index, 0) + 1
        cells = self.cells
        unmet = [cells[i] for i in self.violated if i not in touched]
        unmet += [cells[i] for i, times in touched.items() if times == 1 and not self.residuals[i]]
        if self.invalid:
            unmet += [found for found in self.invalid if found.isdisjoint(chosen)]
        if unmet:
            if not room or len(unmet) > room * self.degree:
                return  # too few cells left to meet them all
            if room == 1:  # the last cell must meet every unmet row at once
                self._grow(chosen, banned, set(unmet[0]).intersection(*unmet[1:]), room, touched)
                return
            shortest: frozenset[int] = min(unmet, key=len)  # try each cell of the shortest
            self._grow(chosen, banned, set(shortest), room, touched)
            return
        solved = _changes(self.rows, self.residuals, chosen, touched, certify=room > 0)
        if isinstance(solved, list):
            cause = self._cause(chosen, solved)
            if cause is not None:
                self.found.append((tuple(sorted(chosen)), cause))
        elif solved is not None and room:
            self._grow(chosen, banned, solved, room, touched)

    def _grow(
        self,
        chosen: tuple[int, ...],
        banned: frozenset[int],
        candidates: set[int],
        room: int,
        touched: dict[int, int],
    ) -> None:
        """Examine each set one of these cells larger, the cells tried before it left out of the next."""
        left_out = set(banned)
        residuals, rows_of = self.residuals, self.rows_of
        for position in sorted(candidates - banned - set(chosen)):
            # The last cell may not be alone in a holding row (its change would have to be 0): such a
            # set is dismissed here, as part of examining this one, without being examined itself.
            if room > 1 or all(i in touched or residuals[i] for i in rows_of.get(position, ())):
                self.visit((*chosen, position), frozenset(left_out), room - 1)
            left_out.add(position)

    def _cause(self, chosen: tuple[int, ...], deltas: list[Number]) -> Cause | None:
        """The cause these changes make, if every new value and every determined blank is a count."""
        values = self.values
        changes = []
        for position, delta in sorted(zip(chosen, deltas, strict=True)):
            stated = values[position]
            assert stated is not None
            new = _value(stated) + delta
            if not delta or not _count(new):
                return None
            changes.append((position, stated, int(new)))
        # Only the blanks that depend on a changed cell move (the others are counts already: a blank that
        # is not is met by a changed cell, or the set is not examined).
        filled: dict[int, Number] = {}
        for position, delta in zip(chosen, deltas, strict=True):
            for number, coefficient in self.blanks_of.get(position, ()):
                filled[number] = filled.get(number, self.determined[number][1]) - coefficient * delta
        if not all(_count(value) for value in filled.values()):
            return None
        fills = (
            (blank, int(filled.get(number, value)))
            for number, (blank, value, _) in enumerate(self.determined)
        )
        return Cause(tuple(changes), tuple(fills))


def _changes(
    rows: Sequence[dict[int, Number]],
    residuals: Sequence[Number],
    chosen: Sequence[int],
    touched: dict[int, int],
    certify: bool,
) -> list[Number] | set[int] | None:
    """The one change of each chosen cell that makes every row it touches hold.

    Returns the changes when there is exactly one solution (a change of 0 among them is for the caller to
    refuse); ``None`` when there are several (in this set and every larger one); else, the rows having no
    solution, the cells of the combination of rows that shows it, a larger set needing one of them (an
    empty set unless asked to ``certify``).
    """
    if len(chosen) == 1:  # the usual case, by hand: each row it is in says what its change must be
        (cell,) = chosen
        first: tuple[int, Number, Number] | None = None
        for index in touched:
            coefficient = rows[index][cell]
            change = _quotient(-residuals[index], coefficient)
            if first is None:
                first = (index, coefficient, change)
            elif change != first[2]:
                if not certify:
                    return set()
                # These two rows, scaled to cancel the cell, leave what a second cell must be in.
                combined = {p: c * coefficient for p, c in rows[first[0]].items()}
                for position, c in rows[index].items():
                    combined[position] = combined.get(position, 0) - c * first[1]
                return {position for position, c in combined.items() if c}
        return None if first is None else [first[2]]  # in no row: not a single value
    order = list(touched)
    width = len(chosen)
    # Each touched row: coefficients on the chosen cells, the target, and (to certify) the rows it combines.
    matrix: list[list[Number]] = []
    for k, index in enumerate(order):
        coefficients = rows[index]
        line = [coefficients.get(p, 0) for p in chosen]
        line.append(-residuals[index])
        if certify:
            line += [int(j == k) for j in range(len(order))]
        matrix.append(line)
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
        if pivot is None:
            return None  # not a single value for this cell, in this set or any larger one
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][column]
        if lead != 1:
            matrix[rank] = [_quotient(entry, lead) for entry in matrix[rank]]
        for r in range(len(matrix)):
            factor = matrix[r][column]
            if r != rank and factor:
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    for row in matrix[rank:]:
        if row[width]:
            if not certify:
                return set()
            # No solution: this combination of rows is zero on the chosen cells but not on the target.
            combined = {}
            for weight, index in zip(row[width + 1 :], order, strict=True):
                if weight:
                    for position, coefficient in rows[index].items():
                        combined[position] = combined.get(position, 0) + weight * coefficient
            return {position for position, coefficient in combined.items() if coefficient}
    return [matrix[r][width] for r in range(width)]


def explain(system: System, values: Sequence[CellValue | None], cells: Sequence[int]) -> Cause | None:
    """The values these cells should have for every relation to hold, if there is exactly one.

    The reference the search is tested against: every row solved for, whatever the cells touch.
    """
    columns = [[Fraction(row.get(p, 0)) for row in system.rows] for p in cells]
    targets = [-Fraction(residual) for residual in system.residuals]
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


# --- the finding ---------------------------------------------------------------------------------------

Fault = Literal["split-digits", "moved-value"]
"""A reading fault a cause has the shape of: a count's digits split across two neighbouring cells, or a
count printed in its neighbour's cell."""

_FAULT_ZH: Final[dict[Fault, str]] = {
    "moved-value": "数字错填入相邻单元格",
    "split-digits": "数字被拆到相邻两格",
}
_FAULT_EN: Final[dict[Fault, str]] = {
    "moved-value": "a count moved into its neighbour's cell",
    "split-digits": "a count's digits split across neighbouring cells",
}

_FILLS_INLINE: Final = 2
"""The most blank cells a cause's sentence names; more are counted there and listed in the detail."""


def _cell_name(table: AnyTable, position: int) -> str:
    row, column = table.spec.cells[position]
    return f"“{row.label}”/“{column.label}”"


@functools.cache
def _places(kind: TableKind, version: TemplateVersion) -> tuple[tuple[int, int], ...]:
    """Each cell's row and column number in the printed table, by position."""
    return tuple(
        (r, c) for r, row in enumerate(table_spec(kind, version).rows) for c, _ in enumerate(row.columns)
    )


def _neighbours(table: AnyTable, first: int, second: int) -> bool:
    places = _places(table.kind, table.version)
    (r1, c1), (r2, c2) = places[first], places[second]
    return abs(r1 - r2) + abs(c1 - c2) == 1


def _digits(count: int) -> str:
    return str(count) if count else ""


def fault(table: AnyTable, cause: Cause) -> tuple[Fault, int, int] | None:
    """The reading fault a cause has the shape of, if any, with the cells it moved from and to.

    A count moved into its neighbour's cell: one cell's count should be in its neighbour (stated 0 or
    blank), which should be 0. Digits split: two neighbouring cells whose digits, read together, are
    those of the corrected pair (``1`` and ``2`` for ``12`` and ``0``; a 0 has no digit to show).
    """
    values = table.values
    if len(cause.changes) == 1:
        ((source, stated, new),) = cause.changes
        for blank, filled in cause.fills:
            if new == 0 and filled == stated and stated and _neighbours(table, source, blank):
                return "moved-value", source, blank
        return None
    if len(cause.changes) != 2:
        return None
    (first, a, new_a), (second, b, new_b) = cause.changes
    if not _neighbours(table, first, second) or not isinstance(a, int) or not isinstance(b, int):
        return None
    for (source, was, now), (target, _, should) in itertools.permutations(cause.changes):
        if now == 0 and should == was and not values[target]:
            return "moved-value", source, target
    if _digits(a) + _digits(b) == _digits(new_a) + _digits(new_b):
        return "split-digits", first, second
    return None


def _describe(table: AnyTable, cause: Cause) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """A cause in a sentence (Chinese, English), and the blank cells it fills when too many to name there."""
    shape = fault(table, cause)
    name = functools.partial(_cell_name, table)
    if shape is not None and shape[0] == "moved-value":
        _, source, target = shape
        count = table.values[source]
        zh = f"{name(source)}填报的{count}似应填在相邻的{name(target)}：前者应为0，后者应为{count}"
        en = f"the {count} stated in {name(source)} seems to belong in its neighbour {name(target)}"
        en += f": the first should be 0, the second {count}"
    elif shape is not None:
        (first, a, new_a), (second, b, new_b) = cause.changes
        zh = f"{name(first)}填报{a}、相邻的{name(second)}填报{b}，"
        zh += f"似为数字在两格间分错了位置：应为{new_a}和{new_b}"
        en = (
            f"{name(first)} states {a} and its neighbour {name(second)} {b}: the digits look divided "
            f"between the two cells at the wrong place; they should be {new_a} and {new_b}"
        )
    else:
        zh = "，".join(f"{name(p)}填报{stated}，应为{new}" for p, stated, new in cause.changes)
        en = "; ".join(f"{name(p)} states {stated}, should be {new}" for p, stated, new in cause.changes)
    moved_to = {shape[2]} if shape is not None and shape[0] == "moved-value" else set()
    named = [(p, v) for p, v in cause.fills if p not in moved_to]
    if not named:
        return zh, en, (), ()
    if len(named) <= _FILLS_INLINE:
        zh += "（空白" + "，".join(f"{name(p)}应为{v}" for p, v in named) + "）"
        en += " (blank " + "; ".join(f"{name(p)} should be {v}" for p, v in named) + ")"
        return zh, en, (), ()
    zh += f"（另有{len(named)}个空白单元格随之确定）"
    en += f" ({len(named)} blank cells follow from it)"
    return (
        zh,
        en,
        tuple(f"空白{name(p)}应为{v}" for p, v in named),
        tuple(f"blank {name(p)} should be {v}" for p, v in named),
    )


def _cells(table: AnyTable, positions: Sequence[int]) -> list[CellRef]:
    cells = table.spec.cells
    return [(table.kind, cells[p][0].key, cells[p][1].key) for p in positions]


def check_likely_cause(report: AnnualReport) -> Iterable[Finding]:
    """For each of tables 三 and 四 whose relations fail, the fewest cells to fix, and their values.

    When no correction of at most :data:`MAX_CAUSE_CELLS` cells exists, or the search ran out of work
    first, one finding says so: the table needs re-checking as a whole.
    """
    requests, review = report.requests, report.review_litigation
    if requests.complete and review.complete and not broken_rules(requests) and not broken_rules(review):
        return ()  # the usual report: every relation holds, nothing to explain
    return likely_cause_findings(report)


def likely_cause_findings(report: AnnualReport) -> Iterator[Finding]:
    """The ``likely-cause`` findings by the general path (the fast path is tested equal to it)."""
    for table in (report.requests, report.review_litigation):
        if table.complete and not broken_rules(table):
            continue  # the common case: every relation holds
        diagnosis = diagnose(table)
        if diagnosis.outcome != "consistent":
            yield diagnosis_finding(table, diagnosis)


def diagnosis_finding(table: AnyTable, diagnosis: Diagnosis) -> Finding:
    """The ``likely-cause`` finding of a table: its cause, its equally small causes, or why there is none."""
    location = Location(section=table.kind.section, table=table.kind)
    found = diagnosis.causes
    if not found:
        smaller = diagnosis.ruled_out
        if diagnosis.outcome == "none":
            zh = f"没有{MAX_CAUSE_CELLS}个以内单元格的改法能使全表一致：多于三个单元格相互矛盾，需要整体复核"
            en = "more than three cells disagree: the table needs re-checking as a whole"
        else:
            ruled = f"没有{smaller}个以内单元格的改法，" if smaller else ""
            zh = f"查找要改的单元格到{WORK_BUDGET}步上限时停止（{ruled}未能查完）：需要整体复核"
            ruled_en = f" (no correction of {smaller} cell(s) or fewer exists)" if smaller else ""
            en = (
                f"the search for the cells to fix stopped at its limit of {WORK_BUDGET} steps{ruled_en}: "
                "the table needs re-checking as a whole"
            )
        return Finding.of(
            "likely-cause",
            location,
            cause_zh=zh + "。",
            cause_en=en + ".",
            outcome=diagnosis.outcome,
            ruled_out=smaller,
            count=0,
            causes=(),
            table=table.kind.label,
            table_en=_TABLE_EN[table.kind],
            work=diagnosis.work,
        )
    # The causes with a reading fault's shape first: a fault of reading is likelier than two typos that
    # happen to cancel, but that is for the reader to judge, so they are listed first, not chosen.
    shapes = {cause: fault(table, cause) for cause in found}
    shaped = [cause for cause in found if shapes[cause] is not None]
    listed = [*shaped, *(cause for cause in found if shapes[cause] is None)][:MAX_CAUSES]
    described = [_describe(table, cause) for cause in listed]
    suspects = sorted(
        {p for cause in listed for p, _, _ in cause.changes} | {p for cause in listed for p, _ in cause.fills}
    )
    faults = tuple(shape[0] if (shape := shapes[cause]) else None for cause in listed)
    if len(found) == 1:
        (zh, en, detail_zh, detail_en), cause = described[0], found[0]
        single = len(cause.changes) == 1
        position, stated, new = cause.changes[0]
        row, column = table.spec.cells[position]
        if single:
            location = attrs.evolve(location, row=row.key, column=column.key)
        return Finding.of(
            "likely-cause",
            location,
            expected=new if single else None,
            actual=stated if single else None,
            cells=_cells(table, suspects),
            cause_zh=f"{zh}。其余数字相互一致。",
            cause_en=f"{en}; every other figure agrees with the rest.",
            outcome="found",
            count=1,
            causes=(_as_cells(table, cause),),
            fault=faults[0],
            detail_zh=detail_zh,
            detail_en=detail_en,
            table=table.kind.label,
            table_en=_TABLE_EN[table.kind],
            work=diagnosis.work,
        )
    shared = set.intersection(*({p for p, _, _ in cause.changes} for cause in found))
    names = "、".join(_cell_name(table, p) for p in sorted(shared))
    zh = f"{len(found)}种同样少的改法都能使全表一致，无法确定是哪一种"
    en = f"{len(found)} equally small corrections make the table consistent, so which one cannot be told"
    if shared:
        zh += f"；每种都改{names}"
        en += f"; each changes {names.replace('、', ', ')}"
    if shaped:
        kinds = {shapes[cause][0] for cause in shaped}  # type: ignore[index]
        label_zh = "、".join(_FAULT_ZH[k] for k in sorted(kinds))
        label_en = " or ".join(_FAULT_EN[k] for k in sorted(kinds))
        if len(shaped) == 1:
            zh += f"；第1种像是{label_zh}"
            en += f"; the first looks like {label_en}"
        else:
            zh += f"；前{len(shaped)}种像是{label_zh}"
            en += f"; the first {len(shaped)} look like {label_en}"
    lines_zh = [f"{n}. {d[0]}" for n, d in enumerate(described, start=1)]
    lines_en = [f"{n}. {d[1]}" for n, d in enumerate(described, start=1)]
    if len(found) > len(listed):
        lines_zh.append(f"另有{len(found) - len(listed)}种改法未列出")
        lines_en.append(f"and {len(found) - len(listed)} more not listed")
    return Finding.of(
        "likely-cause",
        location,
        cells=_cells(table, suspects),
        cause_zh=f"{zh}（见详细说明）。",
        cause_en=f"{en} (see the detail).",
        outcome="found",
        count=len(found),
        causes=tuple(_as_cells(table, cause) for cause in listed),
        faults=faults,
        detail_zh=tuple(lines_zh),
        detail_en=tuple(lines_en),
        table=table.kind.label,
        table_en=_TABLE_EN[table.kind],
        work=diagnosis.work,
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
