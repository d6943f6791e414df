"""disclosure-report: China's annual government-information-disclosure reports as typed, validated values.

A 政府信息公开工作年度报告 becomes an immutable :class:`AnnualReport`; :func:`to_json` and :func:`from_json`
write and read it losslessly; :func:`validate` checks it against every rule of the catalogue
(:data:`RULES`). The form itself (sections, tables, rows, columns and their exact labels, for the 2021
template and the 2019 trial template) is described by the enumerations and :func:`table_spec`.

Importing this package is light: the readers, writers and analysis load on first use (PEP 562), and
openpyxl, defusedxml and hypothesis are never imported by ``import disclosure_report``.
"""

import importlib
from typing import TYPE_CHECKING, Any

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
from ._version import __version__
from .exceptions import (
    DisclosureReportError,
    FieldValueError,
    Problem,
    ReadError,
    ReportErrorsFound,
)

if TYPE_CHECKING:
    from ._analysis import (
        TIDY_COLUMNS,
        Aggregate,
        Ratio,
        Series,
        aggregate,
        compare_with_children,
        correction_rate,
        disclosure_rate,
        from_tidy,
        read_tidy_csv,
        refusal_rate,
        tidy_rows,
        to_dataframe,
        write_tidy_csv,
    )
    from ._docx import read_docx, render_docx, write_docx
    from ._excel import (
        read_xlsx,
        template_bytes,
        write_template,
        write_xlsx,
        xlsx_bytes,
    )
    from ._html import read_html
    from ._json import (
        SCHEMA_VERSION,
        from_dict,
        from_json,
        read_json,
        to_dict,
        to_json,
        write_json,
    )
    from ._pdf import read_pdf
    from ._read import read_report
    from ._reading import ReadResult
    from ._render import render_html, render_text
    from ._rules import RULES, Basis, Rule, Severity
    from ._schema import json_schema
    from ._text import read_text
    from ._validate import FLAT_COLUMNS, CellRef, Finding, Location, Validation, validate
    from ._versions import (
        REQUEST_ROWS_2021_TO_2019,
        ConversionError,
        convert_report,
        convert_table,
    )

_LAZY: dict[str, str] = {
    "FLAT_COLUMNS": "._validate",
    "CellRef": "._validate",
    "Finding": "._validate",
    "Location": "._validate",
    "Validation": "._validate",
    "validate": "._validate",
    "RULES": "._rules",
    "Basis": "._rules",
    "Rule": "._rules",
    "Severity": "._rules",
    "TIDY_COLUMNS": "._analysis",
    "Aggregate": "._analysis",
    "Ratio": "._analysis",
    "Series": "._analysis",
    "aggregate": "._analysis",
    "compare_with_children": "._analysis",
    "correction_rate": "._analysis",
    "disclosure_rate": "._analysis",
    "from_tidy": "._analysis",
    "read_tidy_csv": "._analysis",
    "refusal_rate": "._analysis",
    "tidy_rows": "._analysis",
    "to_dataframe": "._analysis",
    "write_tidy_csv": "._analysis",
    "read_docx": "._docx",
    "render_docx": "._docx",
    "write_docx": "._docx",
    "read_xlsx": "._excel",
    "template_bytes": "._excel",
    "write_template": "._excel",
    "write_xlsx": "._excel",
    "xlsx_bytes": "._excel",
    "read_html": "._html",
    "SCHEMA_VERSION": "._json",
    "from_dict": "._json",
    "from_json": "._json",
    "read_json": "._json",
    "to_dict": "._json",
    "to_json": "._json",
    "write_json": "._json",
    "read_report": "._read",
    "read_pdf": "._pdf",
    "ReadResult": "._reading",
    "render_html": "._render",
    "render_text": "._render",
    "json_schema": "._schema",
    "read_text": "._text",
    "REQUEST_ROWS_2021_TO_2019": "._versions",
    "ConversionError": "._versions",
    "convert_report": "._versions",
    "convert_table": "._versions",
}
"""Public names loaded on first use, and the module that defines each."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "FLAT_COLUMNS",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "REQUEST_ROWS_2021_TO_2019",
    "RULES",
    "SCHEMA_VERSION",
    "TIDY_COLUMNS",
    "Aggregate",
    "AnnualReport",
    "Applicant",
    "ArticleItem",
    "Basis",
    "Cell",
    "CellKind",
    "CellRef",
    "CellValue",
    "ColumnSpec",
    "ConversionError",
    "DisclosureColumn",
    "DisclosureReportError",
    "DisclosureRow",
    "DisclosureTable",
    "FieldValueError",
    "Finding",
    "FormKey",
    "Location",
    "Metadata",
    "Outcome",
    "Problem",
    "Ratio",
    "ReadError",
    "ReadResult",
    "ReportErrorsFound",
    "RequestRow",
    "RequestTable",
    "ReviewColumn",
    "ReviewRow",
    "ReviewTable",
    "RowSpec",
    "Rule",
    "Section",
    "Series",
    "Severity",
    "TableKind",
    "TableSpec",
    "TemplateVersion",
    "Validation",
    "__version__",
    "aggregate",
    "compare_with_children",
    "convert_report",
    "convert_table",
    "correction_rate",
    "disclosure_rate",
    "from_dict",
    "from_json",
    "from_tidy",
    "json_schema",
    "read_docx",
    "read_html",
    "read_json",
    "read_pdf",
    "read_report",
    "read_text",
    "read_tidy_csv",
    "read_xlsx",
    "refusal_rate",
    "render_docx",
    "render_html",
    "render_text",
    "table_spec",
    "template_bytes",
    "tidy_rows",
    "to_dataframe",
    "to_dict",
    "to_json",
    "validate",
    "write_docx",
    "write_json",
    "write_template",
    "write_tidy_csv",
    "write_xlsx",
    "xlsx_bytes",
]
