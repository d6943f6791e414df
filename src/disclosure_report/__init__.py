"""disclosure-report: China's annual government-information-disclosure reports as typed, validated values.

A 政府信息公开工作年度报告 becomes an immutable :class:`AnnualReport`; :func:`to_json` and :func:`from_json`
write and read it losslessly. The form itself (sections, tables, rows, columns and their exact labels, for
the 2021 template and the 2019 trial template) is described by the enumerations and :func:`table_spec`.

Importing this package is light: it does not import openpyxl or hypothesis.
"""

from ._form import (
    Applicant,
    ArticleItem,
    CellKind,
    ColumnSpec,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    Outcome,
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
from ._json import SCHEMA_VERSION, from_dict, from_json, read_json, to_dict, to_json, write_json
from ._model import (
    MAX_AMOUNT,
    MAX_COUNT,
    AnnualReport,
    Cell,
    CellValue,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
)
from ._schema import json_schema
from ._version import __version__
from .exceptions import (
    DisclosureReportError,
    FieldValueError,
    Problem,
    ReadError,
    ReportErrorsFound,
)

__all__ = [
    "MAX_AMOUNT",
    "MAX_COUNT",
    "SCHEMA_VERSION",
    "AnnualReport",
    "Applicant",
    "ArticleItem",
    "Cell",
    "CellKind",
    "CellValue",
    "ColumnSpec",
    "DisclosureColumn",
    "DisclosureReportError",
    "DisclosureRow",
    "DisclosureTable",
    "FieldValueError",
    "FormKey",
    "Metadata",
    "Outcome",
    "Problem",
    "ReadError",
    "ReportErrorsFound",
    "RequestRow",
    "RequestTable",
    "ReviewColumn",
    "ReviewRow",
    "ReviewTable",
    "RowSpec",
    "Section",
    "TableKind",
    "TableSpec",
    "TemplateVersion",
    "__version__",
    "from_dict",
    "from_json",
    "json_schema",
    "read_json",
    "table_spec",
    "to_dict",
    "to_json",
    "write_json",
]
