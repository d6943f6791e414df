"""The public surface: what ``import disclosure_report`` offers, and what it does not import."""

from __future__ import annotations

import subprocess
import sys

import disclosure_report
from disclosure_report import exceptions


def test_public_names_exist() -> None:
    # Their order is ruff's RUF022 (constants, classes, functions), checked by `ruff check`.
    for name in disclosure_report.__all__:
        assert hasattr(disclosure_report, name), name


def test_public_surface() -> None:
    assert set(disclosure_report.__all__) == {
        "FLAT_COLUMNS", "RULES", "Basis", "CellRef", "Finding", "Location", "Rule", "Severity", "Validation",
        "validate", "MAX_AMOUNT", "MAX_COUNT", "SCHEMA_VERSION", "AnnualReport", "Applicant", "ArticleItem", "Cell",
        "CellKind", "CellValue", "ColumnSpec", "DisclosureColumn", "DisclosureReportError", "DisclosureRow",
        "DisclosureTable", "FieldValueError", "FormKey", "Metadata", "Outcome", "Problem", "ReadError",
        "ReportErrorsFound", "RequestRow", "RequestTable", "ReviewColumn", "ReviewRow", "ReviewTable",
        "RowSpec", "Section", "TableKind", "TableSpec", "TemplateVersion", "__version__", "from_dict",
        "from_json", "json_schema", "read_json", "table_spec", "to_dict", "to_json", "write_json",
    }  # fmt: skip


def test_exceptions_are_also_builtin_exceptions() -> None:
    assert issubclass(exceptions.FieldValueError, ValueError)
    assert issubclass(exceptions.ReadError, ValueError)
    assert issubclass(exceptions.ReportErrorsFound, AssertionError)
    for name in exceptions.__all__:
        error = getattr(exceptions, name)
        assert error is exceptions.Problem or issubclass(error, exceptions.DisclosureReportError)


def test_import_is_light() -> None:
    heavy = "{'openpyxl', 'hypothesis', 'defusedxml'}"
    names = "(m for m in sys.modules if m.partition('.')[0] in " + heavy + ")"
    code = f"import sys, disclosure_report; print(sorted({names}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
