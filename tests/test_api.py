"""The public surface: what ``import disclosure_report`` offers, and what it does not import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import disclosure_report
from disclosure_report import exceptions


def test_public_names_exist() -> None:
    # Their order is ruff's RUF022 (constants, classes, functions), checked by `ruff check`.
    for name in disclosure_report.__all__:
        assert hasattr(disclosure_report, name), name


def test_public_surface() -> None:
    # Adding or removing a public name is a deliberate change: update this list and the CHANGELOG.
    assert sorted(disclosure_report.__all__) == [
        "AgencyLevel",
        "Aggregate",
        "AnnualReport",
        "AnyTable",
        "Applicant",
        "ArticleItem",
        "Basis",
        "CHECKS",
        "CORPUS_TABLES",
        "CORPUS_VIEWS",
        "Cell",
        "CellKind",
        "CellRef",
        "CellValue",
        "Chart",
        "ChartSeries",
        "Check",
        "ClusterError",
        "Code",
        "ColumnSpec",
        "ConversionError",
        "Decision",
        "Decisions",
        "DisclosureColumn",
        "DisclosureReportError",
        "DisclosureRow",
        "DisclosureTable",
        "ExportSummary",
        "FLAT_COLUMNS",
        "FetchRecord",
        "FetchSummary",
        "FieldValueError",
        "Finding",
        "FormKey",
        "INDICATORS",
        "Indicator",
        "IndicatorRow",
        "IndicatorValue",
        "LANGUAGES",
        "Language",
        "Location",
        "MAX_AMOUNT",
        "MAX_COUNT",
        "Metadata",
        "Outcome",
        "PROBLEM_CODES",
        "Problem",
        "REQUEST_ROWS_2021_TO_2019",
        "RULES",
        "Rank",
        "Ratio",
        "ReadError",
        "ReadResult",
        "ReportErrorsFound",
        "RequestRow",
        "RequestTable",
        "ReviewColumn",
        "ReviewRow",
        "ReviewTable",
        "Reviewed",
        "RowSpec",
        "Rule",
        "SCHEMA_VERSION",
        "Scope",
        "Section",
        "Series",
        "Severity",
        "SourcePosition",
        "Spread",
        "Subject",
        "TIDY_COLUMNS",
        "Table",
        "TableKind",
        "TableSpec",
        "TemplateVersion",
        "TextCoverage",
        "TextFigure",
        "Validation",
        "__version__",
        "aggregate",
        "apply_decisions",
        "compare_with_children",
        "convert_report",
        "convert_table",
        "copy_corpus",
        "correction_rate",
        "default_language",
        "disclosure_rate",
        "export_corpus",
        "fetch_reports",
        "find_copied_text",
        "finding_figure",
        "finding_key",
        "flat_columns",
        "from_dict",
        "from_docx",
        "from_html",
        "from_json",
        "from_pdf",
        "from_scan",
        "from_text",
        "from_tidy",
        "from_xlsx",
        "indicators",
        "indicators_frame",
        "json_schema",
        "open_corpus",
        "overview_charts",
        "plot_chart",
        "rank",
        "read_corpus",
        "read_docx",
        "read_html",
        "read_json",
        "read_pdf",
        "read_report",
        "read_scan",
        "read_text",
        "read_tidy_csv",
        "read_xlsx",
        "refusal_rate",
        "render_docx",
        "render_html",
        "render_json",
        "render_overview",
        "render_template",
        "render_text",
        "render_xlsx",
        "spread",
        "table_spec",
        "template_bytes",
        "text_coverage",
        "text_figures",
        "tidy_rows",
        "to_dataframe",
        "to_dict",
        "to_json",
        "validate",
        "write_docx",
        "write_html",
        "write_json",
        "write_template",
        "write_text",
        "write_tidy_csv",
        "write_xlsx",
        "xlsx_bytes",
    ]


def test_exceptions_are_also_builtin_exceptions() -> None:
    assert issubclass(exceptions.FieldValueError, ValueError)
    assert issubclass(exceptions.ReadError, ValueError)
    assert issubclass(exceptions.ReportErrorsFound, AssertionError)
    for name in exceptions.__all__:
        error = getattr(exceptions, name)
        if isinstance(error, type) and error is not exceptions.Problem:
            assert issubclass(error, exceptions.DisclosureReportError)


def test_import_is_light() -> None:
    heavy = (
        "{'openpyxl', 'hypothesis', 'defusedxml', 'pandas', 'pdfplumber', 'pypdfium2', 'pdfminer', "
        "'requests', 'urllib3', 'matplotlib', 'numpy', 'duckdb'}"
    )
    names = "(m for m in sys.modules if m.partition('.')[0] in " + heavy + ")"
    code = f"import sys, disclosure_report; print(sorted({names}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_panel_and_the_comparison_of_texts_need_no_heavy_library() -> None:
    code = (
        "import sys, disclosure_report as d\n"
        "from disclosure_report.examples import seed_report\n"
        "rows = d.indicators([seed_report()]); d.find_copied_text([seed_report()]); d.overview_charts(rows)\n"
        "print(sorted(m for m in ('matplotlib', 'pandas', 'numpy', 'duckdb') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_readers_and_writers_load_on_first_use() -> None:
    code = (
        "import sys, disclosure_report as d\n"
        "assert 'disclosure_report._io.read.xlsx' not in sys.modules\n"
        "assert d.read_xlsx.__module__ == 'disclosure_report._io.read.xlsx'\n"
        "assert 'disclosure_report._io.read.xlsx' in sys.modules\n"
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "ok"
    assert set(disclosure_report.__all__) <= set(dir(disclosure_report))


def test_read_report_imports_a_format_s_reader_when_a_file_of_it_is_read(tmp_path: Path) -> None:
    from disclosure_report import render_json
    from disclosure_report.examples import seed_report

    one = tmp_path / "one.json"
    one.write_text(render_json(seed_report()), encoding="utf-8")
    code = (
        "import sys, disclosure_report as d\n"
        "readers = lambda: sorted(m for m in sys.modules if m.startswith('disclosure_report._io.read.'))\n"
        "d.read_report\n"
        "print(readers())\n"
        f"d.read_report({str(one)!r})\n"
        "print(readers())"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # The registry of formats (disclosure_report._io.formats) names each reader; none is imported for JSON.
    assert out.splitlines() == ["['disclosure_report._io.read.result']"] * 2
