"""Across years: a report against the same agency's report for the year before."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from .._form import (
    Applicant,
    CellKey,
    DisclosureColumn,
    RequestRow,
    Section,
    TableKind,
)
from .._model import AnnualReport, CellRef
from .findings import Finding, Location, not_checked

__all__ = ["check_against_previous"]

_ROLL_FORWARD: Final = (DisclosureColumn.ISSUED, DisclosureColumn.REPEALED, DisclosureColumn.IN_FORCE)
"""现行有效件数 = last year's + 本年制发件数 − 本年废止件数: the columns, in the order the rule reads them."""


def check_against_previous(report: AnnualReport, previous: AnnualReport) -> Iterator[Finding]:
    """This year's 上年结转 against last year's 结转下年度继续办理, and the 现行有效件数 roll-forward."""
    for column in Applicant:
        now = report.requests[RequestRow.CARRIED_OVER, column]
        before = previous.requests[RequestRow.CARRIED_FORWARD, column]
        location = Location(
            section=Section.REQUESTS, table=TableKind.REQUESTS, row=RequestRow.CARRIED_OVER, column=column
        )
        cells = [(TableKind.REQUESTS, RequestRow.CARRIED_OVER, column)]
        if now is None or before is None:
            blanks: list[CellKey] = []
            if now is None:
                blanks.append((RequestRow.CARRIED_OVER, column))
            if before is None:
                blanks.append((RequestRow.CARRIED_FORWARD, column))
            yield not_checked("carried-over-mismatch", location, column.label, blanks, cells)
        elif now != before:
            yield Finding.of(
                "carried-over-mismatch",
                location,
                expected=before,
                actual=now,
                cells=cells,
                column=column.label,
            )
    now_table, before_table = report.active_disclosure, previous.active_disclosure
    now_cells, before_cells = now_table.spec.index, before_table.spec.index
    # The rows that count documents issued, repealed and in force this year, and in force last year (the
    # 2021 format's 规章 and 行政规范性文件; no row of the 2019 format does).
    for row in now_table.spec.row_keys():
        keys: list[CellKey] = [(row, column) for column in _ROLL_FORWARD]
        if not all(key in now_cells for key in keys) or (row, DisclosureColumn.IN_FORCE) not in before_cells:
            continue
        in_force_before = before_table[row, DisclosureColumn.IN_FORCE]
        issued, repealed, in_force = (now_table[key] for key in keys)
        location = Location(
            section=Section.ACTIVE_DISCLOSURE,
            table=TableKind.ACTIVE_DISCLOSURE,
            row=row,
            column=DisclosureColumn.IN_FORCE,
        )
        involved: list[CellRef] = [(TableKind.ACTIVE_DISCLOSURE, *key) for key in keys]
        if in_force_before is None or issued is None or repealed is None or in_force is None:
            missing: list[CellKey] = [key for key in keys if now_table[key] is None]
            if in_force_before is None:
                missing.append((row, DisclosureColumn.IN_FORCE))
            yield not_checked("in-force-roll-forward", location, row.label, missing, involved)
            continue
        expected = in_force_before + issued - repealed
        if expected != in_force:
            yield Finding.of(
                "in-force-roll-forward",
                location,
                expected=expected,
                actual=in_force,
                cells=involved,
                row=row.label,
                previous=in_force_before,
            )
