"""The correspondence between the 2019 trial template and the 2021 template, and conversion where exact.

- Table 三: every row corresponds one to one, except that the 2021 format split （六）其他处理 into three
  sub-rows; their sum, column by column, is the 2019 row. So 2021 → 2019 is exact; 2019 → 2021 is not (the
  one number cannot be split).
- Table 四: identical in both versions.
- Table 二: the rows 规章, 规范性文件 (2021: 行政规范性文件), 行政许可, 行政处罚, 行政强制 and 行政事业性收费
  exist in both, but **no column corresponds**: 2019 counted documents made, published and published in
  total, and for the other items last year's item count, its change and the decisions; 2021 counts
  documents issued, repealed and in force, the decisions of the year, and the fees charged in 万元. None of
  these can be computed from the others, so table 二 is never converted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, NoReturn, overload

import attrs

from ._form import Applicant, DisclosureRow, RequestRow, TableKind, TemplateVersion, table_spec
from ._model import AnnualReport, CellValue, DisclosureTable, RequestTable, ReviewTable
from .exceptions import DisclosureReportError

__all__ = [
    "DISCLOSURE_ROWS",
    "REQUEST_ROWS_2021_TO_2019",
    "ConversionError",
    "convert_report",
    "convert_table",
]


class ConversionError(DisclosureReportError, ValueError):
    """A conversion between template versions that cannot be exact; the message says why."""


_OTHER_SUB_ROWS: Final = (RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER)

REQUEST_ROWS_2021_TO_2019: Final[Mapping[RequestRow, RequestRow]] = {
    row: RequestRow.OTHER_PROCESSING if row in _OTHER_SUB_ROWS else row
    for row in table_spec(TableKind.REQUESTS, TemplateVersion.V2021).row_keys()
    if isinstance(row, RequestRow)
}
"""Each row of the 2021 table 三 and the 2019 row it counts in."""

DISCLOSURE_ROWS: Final = (
    DisclosureRow.REGULATIONS,
    DisclosureRow.NORMATIVE_DOCUMENTS,
    DisclosureRow.LICENSING,
    DisclosureRow.PENALTY,
    DisclosureRow.COERCION,
    DisclosureRow.FEES,
)
"""The table 二 rows both versions have (their columns differ entirely; see the module's notes)."""

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
    if version is TemplateVersion.V2021:
        raise ConversionError(
            "table 三 cannot be converted from 2019 to 2021: the single row （六）其他处理 cannot be split "
            "into the 2021 format's three sub-rows"
        )
    cells: dict[tuple[RequestRow, Applicant], CellValue | None] = {}
    for row_2021, row_2019 in REQUEST_ROWS_2021_TO_2019.items():
        for applicant in Applicant:
            value = table[row_2021, applicant]
            key = (row_2019, applicant)
            if key not in cells:
                cells[key] = value
            else:
                before = cells[key]
                cells[key] = None if before is None or value is None else before + value
    return RequestTable.build(cells, version=version, default=None, compute_totals=False)


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
