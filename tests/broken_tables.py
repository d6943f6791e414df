"""Tables 三 that do not add up, in the shapes sloppy and hostile reports give them (issue 35).

Shared by the diagnosis tests and ``benchmarks/diagnosis.py``: each family makes a 2021 table 三 from a
seeded ``random.Random``, so a failing case is reproduced from its seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from disclosure_report import Applicant, RequestRow, RequestTable, TemplateVersion, table_spec
from disclosure_report._form import TableKind

SPEC = table_spec(TableKind.REQUESTS, TemplateVersion.V2021)
APPLICANTS = [a for a in Applicant if a is not Applicant.TOTAL]
OUTCOME_ROWS = SPEC.row_sums[RequestRow.TOTAL]


def consistent(rng: random.Random, counts: tuple[int, ...] = (0, 0, 0, 1, 2, 5)) -> RequestTable:
    """A consistent, complete table with counts drawn from ``counts`` (mostly zeros, as real tables)."""
    cells: dict[tuple[object, object], int] = {}
    for applicant in APPLICANTS:
        processed = 0
        for row in OUTCOME_ROWS:
            cells[(row, applicant)] = count = rng.choice(counts)
            processed += count
        forward = rng.choice(counts)
        carried = rng.randint(0, processed + forward)
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
    return RequestTable.build(cells)  # type: ignore[arg-type]


def _with(table: RequestTable, changes: dict[int, int | None]) -> RequestTable:
    values = list(table.values)
    for position, value in changes.items():
        values[position] = value
    return RequestTable(table.version, tuple(values))


def every_cell_random(rng: random.Random) -> RequestTable:
    """Every cell a random count: nothing adds up anywhere."""
    return RequestTable(TemplateVersion.V2021, tuple(rng.randint(0, 50) for _ in SPEC.cells))


def total_column_random(rng: random.Random) -> RequestTable:
    """Only the 总计 column filled, with figures that disagree; every other cell blank."""
    values = tuple(rng.randint(0, 50) if column.key is Applicant.TOTAL else None for _, column in SPEC.cells)
    return RequestTable(TemplateVersion.V2021, values)


def one_column_random(rng: random.Random) -> RequestTable:
    """A consistent table but one applicant column of random counts."""
    table = consistent(rng)
    column = rng.choice(APPLICANTS)
    return table.replace({(row.key, column): rng.randint(0, 50) for row in SPEC.rows})


def blank_zeros(rng: random.Random) -> RequestTable:
    """Zeros left blank (as many agencies publish) and one to three outcome totals broken."""
    table = consistent(rng)
    values: list[int | None] = [None if value == 0 else value for value in table.values]  # type: ignore[misc]
    for column in rng.sample(list(Applicant), rng.randint(1, 3)):
        position = SPEC.index[(RequestRow.TOTAL, column)]
        values[position] = (values[position] or 0) + rng.randint(1, 9)
    return RequestTable(TemplateVersion.V2021, tuple(values))


def random_with_blanks(rng: random.Random) -> RequestTable:
    """Any counts, half the cells blank: what ``reports(consistent=False, blanks=True)`` draws."""
    return RequestTable(
        TemplateVersion.V2021, tuple(None if rng.random() < 0.5 else rng.randint(0, 50) for _ in SPEC.cells)
    )


def wrong_cells(rng: random.Random, count: int) -> tuple[RequestTable, dict[int, tuple[int, int]]]:
    """A consistent table (counts 0–29) with ``count`` cells changed: each position's (stated, right)."""
    table = consistent(rng, tuple(range(30)))
    changes: dict[int, tuple[int, int]] = {}
    for position in rng.sample(range(len(SPEC.cells)), count):
        right = table.values[position]
        assert isinstance(right, int)
        stated = right + rng.choice([-1, 1]) * rng.randint(1, 9)
        if stated < 0:
            stated = right + rng.randint(1, 9)
        changes[position] = (stated, right)
    return _with(table, {p: stated for p, (stated, _) in changes.items()}), changes


def one_wrong(rng: random.Random) -> RequestTable:
    """A complete, consistent table with one cell changed."""
    return wrong_cells(rng, 1)[0]


def two_wrong(rng: random.Random) -> RequestTable:
    """A complete, consistent table with two cells changed."""
    return wrong_cells(rng, 2)[0]


def neighbours(rng: random.Random) -> tuple[int, int]:
    """Two neighbouring outcome cells of table 三 (same row, next applicant; or same applicant, next row)."""
    while True:
        row, column = rng.randrange(len(OUTCOME_ROWS)), rng.randrange(len(APPLICANTS))
        other_row, other_column = (row, column + 1) if rng.random() < 0.5 else (row + 1, column)
        if other_row < len(OUTCOME_ROWS) and other_column < len(APPLICANTS):
            return (
                SPEC.index[(OUTCOME_ROWS[row], APPLICANTS[column])],
                SPEC.index[(OUTCOME_ROWS[other_row], APPLICANTS[other_column])],
            )


def split_digits(rng: random.Random) -> tuple[RequestTable, tuple[int, int], tuple[int, int]]:
    """A two-digit count read as its digits in two neighbouring cells (12 → 1 and 2, the neighbour 0)."""
    while True:
        table = consistent(rng)
        first, second = neighbours(rng)
        if table.values[second] == 0:
            break
    tens, units = rng.randint(1, 9), rng.randint(1, 9)
    right = _with(table, {first: 10 * tens + units})
    right = _recomputed(right)
    return _with(right, {first: tens, second: units}), (first, second), (10 * tens + units, 0)


def moved_value(rng: random.Random) -> tuple[RequestTable, tuple[int, int], tuple[int, int]]:
    """A count printed in its neighbour's cell (which holds 0), its own cell left 0."""
    while True:
        table = consistent(rng)
        first, second = neighbours(rng)
        value = table.values[first]
        if table.values[second] == 0 and isinstance(value, int) and value > 0:
            return _with(table, {first: 0, second: value}), (first, second), (value, 0)


def _recomputed(table: RequestTable) -> RequestTable:
    """The table with its totals (总计 column, （七）总计 row, 一 from the balance) made to agree again."""
    cells = {
        (row.key, column.key): value for (row, column), value in zip(SPEC.cells, table.values, strict=True)
    }
    for applicant in APPLICANTS:
        processed = sum(cells[(row, applicant)] for row in OUTCOME_ROWS)  # type: ignore[misc]
        carried = cells[(RequestRow.CARRIED_OVER, applicant)]
        forward = cells[(RequestRow.CARRIED_FORWARD, applicant)]
        cells[(RequestRow.NEW, applicant)] = max(0, processed + forward - carried)  # type: ignore[operator]
        cells[(RequestRow.CARRIED_OVER, applicant)] = processed + forward - cells[(RequestRow.NEW, applicant)]  # type: ignore[operator]
    for key in [key for key in cells if key[0] is RequestRow.TOTAL or key[1] is Applicant.TOTAL]:
        del cells[key]
    return RequestTable.build(cells)  # type: ignore[arg-type]


def hard(rng: random.Random) -> RequestTable:
    """Tables made to be hard to diagnose: some cells blank, up to five random (long rows once blanks go)."""
    table = consistent(rng, tuple(range(rng.choice([2, 3, 6, 30]))))
    share = rng.choice([0, 0.1, 0.3, 0.6, 0.8, 0.9])
    values: list[int | None] = [None if rng.random() < share else v for v in table.values]  # type: ignore[misc]
    for position in rng.sample(range(len(values)), rng.randint(0, 5)):
        values[position] = rng.randint(0, 12)
    return RequestTable(TemplateVersion.V2021, tuple(values))


FAMILIES: dict[str, Callable[[random.Random], RequestTable]] = {
    "every cell random": every_cell_random,
    "only the 总计 column": total_column_random,
    "one applicant column random": one_column_random,
    "zeros blank, outcome totals broken": blank_zeros,
    "any counts, half blank": random_with_blanks,
    "one wrong cell": one_wrong,
    "two wrong cells": two_wrong,
}
"""The families of issue 35 (and what ``reports(consistent=False, blanks=True)`` draws), by name."""
