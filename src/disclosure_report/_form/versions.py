"""How the 2019 trial template and the 2021 template correspond, and how a document shows its version.

- Table 三: every row corresponds one to one, except that the 2021 format split （六）其他处理 into three
  sub-rows; their sum, column by column, is the 2019 row. So 2021 → 2019 is exact; 2019 → 2021 is not (the
  one number cannot be split).
- Table 四: identical in both versions.
- Table 二: the rows 规章, 规范性文件 (2021: 行政规范性文件), 行政许可, 行政处罚, 行政强制 and 行政事业性收费
  exist in both, but **no column corresponds**: 2019 counted documents made, published and published in
  total, and for the other items last year's item count, its change and the decisions; 2021 counts
  documents issued, repealed and in force, the decisions of the year, and the fees charged in 万元. None of
  these can be computed from the others, so table 二 is never converted.

The conversion itself, which builds tables, is :mod:`disclosure_report._conversion`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from .keys import DisclosureRow, FormKey, RequestRow, TemplateVersion
from .specs import VERSION_SPECS, version_spec

__all__ = [
    "DISCLOSURE_ROWS",
    "OTHER_SUB_ROWS",
    "REQUEST_ROWS_2021_TO_2019",
    "VERSION_MARKERS",
    "version_for_year",
]

OTHER_SUB_ROWS: Final = version_spec(TemplateVersion.V2021).split_groups[RequestRow.OTHER_PROCESSING]
"""The 2021 sub-rows of （六）其他处理, which the 2019 template counts in one row."""

REQUEST_ROWS_2021_TO_2019: Final[Mapping[RequestRow, RequestRow]] = {
    row: RequestRow.OTHER_PROCESSING if row in OTHER_SUB_ROWS else row
    for row in version_spec(TemplateVersion.V2021).requests.row_keys()
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

VERSION_MARKERS: Final[Mapping[FormKey, TemplateVersion]] = {
    key: spec.version for spec in VERSION_SPECS.values() for key in spec.markers
}
"""Labels that only one version prints (a column heading, a group caption, a row): a document that prints
one of them follows that version. Table 三's rows tell too (each spec's ``marker_rows``): （六）其他处理 with
values of its own is the 2019 layout, its sub-rows 1 and 2 the 2021 one."""


def version_for_year(year: int) -> TemplateVersion:
    """The version a report for this year should follow: the newest that applies by then, else the first.

    The 2021 format applies from the 2021 reports.
    """
    specs = list(VERSION_SPECS.values())
    return next((spec.version for spec in reversed(specs) if spec.first_year <= year), specs[0].version)
