"""Converting tables and reports between the 2019 trial template and the 2021 template, where exact.

How the versions correspond, and why table 二 never converts, is :mod:`disclosure_report._form.versions`.
"""

from __future__ import annotations

from typing import Final, NoReturn, overload

import attrs

from ._form import Applicant, FormKey, RequestRow, TemplateVersion, version_spec
from ._model import AnnualReport, CellValue, DisclosureTable, RequestTable, ReviewTable
from .exceptions import DisclosureReportError

__all__ = ["ConversionError", "convert_report", "convert_table"]


class ConversionError(DisclosureReportError, ValueError):
    """A conversion between template versions that cannot be exact; the message says why."""


_DISCLOSURE_REASON: Final = (
    "table 二 cannot be converted between template versions: no column corresponds "
    "(2019: 本年新制作数量/本年新公开数量/对外公开总数量, 上一年项目数量/本年增/减/处理决定数量, 采购; "
    "2021: 本年制发件数/本年废止件数/现行有效件数, 本年处理决定数量, 本年收费金额（单位：万元）)"
)


@overload
def convert_table(table: RequestTable, version: TemplateVersion) -> RequestTable: ...
@overload
def convert_table(table: ReviewTable, version: TemplateVersion) -> ReviewTable: ...
@overload
def convert_table(table: DisclosureTable, version: TemplateVersion) -> NoReturn: ...
def convert_table(
    table: DisclosureTable | RequestTable | ReviewTable, version: TemplateVersion
) -> RequestTable | ReviewTable:
    """The same table in another template version's shape, where that is exact.

    Table 三 converts from 2021 to 2019 (the three （六） sub-rows summed; blank if any of them is blank);
    table 四 converts either way.

    Raises:
        ConversionError: The conversion is not exact: table 二 in any direction, table 三 from 2019 to 2021.
    """
    if table.version is version:
        if isinstance(table, DisclosureTable):
            raise ConversionError("table 二 is already in the requested version; nothing to convert")
        return table
    if isinstance(table, ReviewTable):
        return ReviewTable(version, table.values)
    if isinstance(table, DisclosureTable):
        raise ConversionError(_DISCLOSURE_REASON)
    parts = _request_row_parts(table.version, version)
    cells: dict[tuple[RequestRow, Applicant], CellValue | None] = {}
    for row, sources in parts.items():
        for applicant in Applicant:
            values = [table[source, applicant] for source in sources]
            cells[(row, applicant)] = None if None in values else sum(v for v in values if v is not None)
    return RequestTable.build(cells, version=version, default=None, compute_totals=False)


_COUNT_WORDS: Final = ("no", "one", "two", "three", "four", "five", "six")


def _request_row_parts(
    source: TemplateVersion, target: TemplateVersion
) -> dict[RequestRow, tuple[FormKey, ...]]:
    """Each row of the target's table 三 and the source rows whose sum it is.

    The same row, or the sub-rows the source splits it into (the versions' specs say which).

    Raises:
        ConversionError: A row of either version has no exact counterpart in the other.
    """
    have, want = version_spec(source), version_spec(target)
    rows = set(have.requests.row_keys())
    parts: dict[RequestRow, tuple[FormKey, ...]] = {}
    for row in want.requests.row_keys():
        assert isinstance(row, RequestRow)
        found = (row,) if row in rows else have.sub_rows(row)
        if not found:
            group = next((g for g, subs in want.split_groups.items() if row in subs), None)
            if group is not None:
                count = len(want.sub_rows(group))
                words = _COUNT_WORDS[count] if count < len(_COUNT_WORDS) else str(count)
                raise ConversionError(
                    f"table 三 cannot be converted from {source.value} to {target.value}: the single row "
                    f"{group.label} cannot be split into the {target.value} format's {words} sub-rows"
                )
            raise ConversionError(
                f"table 三 cannot be converted from {source.value} to {target.value}: its row {row.label} "
                f"has no counterpart in the {source.value} format"
            )
        parts[row] = found
    unused = rows.difference(*parts.values())
    if unused:
        labels = "、".join(row.label for row in have.requests.row_keys() if row in unused)
        raise ConversionError(
            f"table 三 cannot be converted from {source.value} to {target.value}: the {source.value} "
            f"format's rows {labels} have no counterpart in the {target.value} format"
        )
    return parts


def convert_report(
    report: AnnualReport, version: TemplateVersion, *, active_disclosure: DisclosureTable | None = None
) -> AnnualReport:
    """The report in another template version's shape, for comparison across years.

    Table 二 has no exact counterpart, so you pass the target version's table 二 yourself (for example one
    read from the same agency's report in that version, or a blank one: ``DisclosureTable.build(version=V,
    default=None)``); tables 三 and 四 are converted by :func:`convert_table`.

    Raises:
        ConversionError: Table 二 was not given, or table 三 cannot be converted in that direction.
    """
    if report.version is version:
        return report
    if active_disclosure is None or active_disclosure.version is not version:
        raise ConversionError(_DISCLOSURE_REASON + f"; pass active_disclosure=, a {version.value} table 二")
    return attrs.evolve(
        report,
        metadata=attrs.evolve(report.metadata, version=version),
        active_disclosure=active_disclosure,
        requests=convert_table(report.requests, version),
        review_litigation=convert_table(report.review_litigation, version),
    )
