"""disclosure-report: China's annual government-information-disclosure reports as typed, validated values.

A 政府信息公开工作年度报告 becomes an immutable :class:`AnnualReport`; :func:`render_json` and
:func:`from_json` write and read it losslessly; :func:`validate` checks it against every rule of the catalogue
(:data:`RULES`). The form itself (sections, tables, rows, columns and their exact labels, for the 2021
template and the 2019 trial template) is described by the enumerations and :func:`table_spec`.

Every format follows one naming rule: ``from_<format>`` reads content in memory and ``read_<format>`` a
file; ``render_<format>`` gives content and ``write_<format>`` writes a file.

Importing this package is light: the readers, writers and analysis load on first use (PEP 562), and
openpyxl, defusedxml, hypothesis and the HTTP client (requests) are never imported by
``import disclosure_report``.
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
from ._language import LANGUAGES, Language, default_language
from ._model import (
    MAX_AMOUNT,
    MAX_COUNT,
    AgencyLevel,
    AnnualReport,
    AnyTable,
    Cell,
    CellRef,
    CellValue,
    DisclosureTable,
    Metadata,
    RequestTable,
    ReviewTable,
    SourcePosition,
    Table,
)
from ._version import __version__
from .exceptions import (
    PROBLEM_CODES,
    ClusterError,
    DisclosureReportError,
    FieldValueError,
    Problem,
    ReadError,
    ReportErrorsFound,
)

if TYPE_CHECKING:
    from ._analysis import (
        Aggregate,
        Ratio,
        Series,
        aggregate,
        compare_with_children,
        correction_rate,
        disclosure_rate,
        refusal_rate,
    )
    from ._conversion import (
        ConversionError,
        convert_report,
        convert_table,
    )
    from ._corpus import (
        CORPUS_TABLES,
        CORPUS_VIEWS,
        ExportSummary,
        copy_corpus,
        export_corpus,
        open_corpus,
        read_corpus,
    )
    from ._form.versions import (
        REQUEST_ROWS_2021_TO_2019,
    )
    from ._indicators import (
        INDICATORS,
        Indicator,
        IndicatorRow,
        IndicatorValue,
        Rank,
        Spread,
        indicators,
        indicators_frame,
        rank,
        spread,
    )
    from ._io.fetch.fetcher import (
        FetchSummary,
        fetch_reports,
    )
    from ._io.fetch.manifest import (
        FetchRecord,
    )
    from ._io.json import (
        SCHEMA_VERSION,
        from_dict,
        from_json,
        read_json,
        render_json,
        to_dict,
        to_json,
        write_json,
    )
    from ._io.read import (
        read_report,
    )
    from ._io.read.docx import (
        from_docx,
        read_docx,
    )
    from ._io.read.html import (
        from_html,
        read_html,
    )
    from ._io.read.pdf import (
        from_pdf,
        read_pdf,
    )
    from ._io.read.result import (
        ReadResult,
    )
    from ._io.read.scan import (
        from_scan,
        read_scan,
    )
    from ._io.read.text import (
        from_text,
        read_text,
    )
    from ._io.read.xlsx import (
        from_xlsx,
        read_xlsx,
    )
    from ._io.schema import (
        json_schema,
    )
    from ._io.tidy import (
        TIDY_COLUMNS,
        from_tidy,
        read_tidy_csv,
        tidy_rows,
        to_dataframe,
        write_tidy_csv,
    )
    from ._io.write.charts import (
        Chart,
        ChartSeries,
    )
    from ._io.write.docx import (
        render_docx,
        write_docx,
    )
    from ._io.write.html import (
        render_html,
        write_html,
    )
    from ._io.write.text import (
        render_text,
        write_text,
    )
    from ._io.write.xlsx import (
        render_template,
        render_xlsx,
        template_bytes,
        write_template,
        write_xlsx,
        xlsx_bytes,
    )
    from ._overview import (
        overview_charts,
        plot_chart,
        render_overview,
    )
    from ._rules import (
        RULES,
        Basis,
        Code,
        Rule,
        Scope,
        Severity,
    )
    from ._similarity import (
        find_copied_text,
    )
    from ._validation import (
        CHECKS,
        FLAT_COLUMNS,
        Check,
        Decision,
        Decisions,
        Finding,
        Location,
        Reviewed,
        Subject,
        TextCoverage,
        TextFigure,
        Validation,
        apply_decisions,
        finding_figure,
        finding_key,
        flat_columns,
        text_coverage,
        text_figures,
        validate,
    )

_LAZY: dict[str, str] = {
    "Aggregate": "._analysis",
    "Ratio": "._analysis",
    "Series": "._analysis",
    "aggregate": "._analysis",
    "compare_with_children": "._analysis",
    "correction_rate": "._analysis",
    "disclosure_rate": "._analysis",
    "refusal_rate": "._analysis",
    "ConversionError": "._conversion",
    "convert_report": "._conversion",
    "convert_table": "._conversion",
    "CORPUS_TABLES": "._corpus",
    "CORPUS_VIEWS": "._corpus",
    "ExportSummary": "._corpus",
    "copy_corpus": "._corpus",
    "export_corpus": "._corpus",
    "open_corpus": "._corpus",
    "read_corpus": "._corpus",
    "REQUEST_ROWS_2021_TO_2019": "._form.versions",
    "INDICATORS": "._indicators",
    "Indicator": "._indicators",
    "IndicatorRow": "._indicators",
    "IndicatorValue": "._indicators",
    "Rank": "._indicators",
    "Spread": "._indicators",
    "indicators": "._indicators",
    "indicators_frame": "._indicators",
    "rank": "._indicators",
    "spread": "._indicators",
    "find_copied_text": "._similarity",
    "FetchSummary": "._io.fetch.fetcher",
    "fetch_reports": "._io.fetch.fetcher",
    "FetchRecord": "._io.fetch.manifest",
    "SCHEMA_VERSION": "._io.json",
    "from_dict": "._io.json",
    "from_json": "._io.json",
    "read_json": "._io.json",
    "render_json": "._io.json",
    "to_dict": "._io.json",
    "to_json": "._io.json",
    "write_json": "._io.json",
    "read_report": "._io.read",
    "ReadResult": "._io.read.result",
    "from_docx": "._io.read.docx",
    "read_docx": "._io.read.docx",
    "from_html": "._io.read.html",
    "read_html": "._io.read.html",
    "from_pdf": "._io.read.pdf",
    "read_pdf": "._io.read.pdf",
    "from_scan": "._io.read.scan",
    "read_scan": "._io.read.scan",
    "from_text": "._io.read.text",
    "read_text": "._io.read.text",
    "from_xlsx": "._io.read.xlsx",
    "read_xlsx": "._io.read.xlsx",
    "json_schema": "._io.schema",
    "TIDY_COLUMNS": "._io.tidy",
    "from_tidy": "._io.tidy",
    "read_tidy_csv": "._io.tidy",
    "tidy_rows": "._io.tidy",
    "to_dataframe": "._io.tidy",
    "write_tidy_csv": "._io.tidy",
    "Chart": "._io.write.charts",
    "ChartSeries": "._io.write.charts",
    "overview_charts": "._overview",
    "plot_chart": "._overview",
    "render_overview": "._overview",
    "render_docx": "._io.write.docx",
    "write_docx": "._io.write.docx",
    "render_html": "._io.write.html",
    "write_html": "._io.write.html",
    "render_text": "._io.write.text",
    "write_text": "._io.write.text",
    "render_template": "._io.write.xlsx",
    "render_xlsx": "._io.write.xlsx",
    "template_bytes": "._io.write.xlsx",
    "write_template": "._io.write.xlsx",
    "write_xlsx": "._io.write.xlsx",
    "xlsx_bytes": "._io.write.xlsx",
    "RULES": "._rules",
    "Basis": "._rules",
    "Code": "._rules",
    "Rule": "._rules",
    "Scope": "._rules",
    "Severity": "._rules",
    "CHECKS": "._validation",
    "FLAT_COLUMNS": "._validation",
    "Check": "._validation",
    "Decision": "._validation",
    "Decisions": "._validation",
    "Reviewed": "._validation",
    "apply_decisions": "._validation",
    "finding_figure": "._validation",
    "finding_key": "._validation",
    "Finding": "._validation",
    "Location": "._validation",
    "Subject": "._validation",
    "TextCoverage": "._validation",
    "TextFigure": "._validation",
    "flat_columns": "._validation",
    "text_coverage": "._validation",
    "text_figures": "._validation",
    "Validation": "._validation",
    "validate": "._validation",
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
    "CHECKS",
    "CORPUS_TABLES",
    "CORPUS_VIEWS",
    "FLAT_COLUMNS",
    "INDICATORS",
    "LANGUAGES",
    "MAX_AMOUNT",
    "MAX_COUNT",
    "PROBLEM_CODES",
    "REQUEST_ROWS_2021_TO_2019",
    "RULES",
    "SCHEMA_VERSION",
    "TIDY_COLUMNS",
    "AgencyLevel",
    "Aggregate",
    "AnnualReport",
    "AnyTable",
    "Applicant",
    "ArticleItem",
    "Basis",
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
    "FetchRecord",
    "FetchSummary",
    "FieldValueError",
    "Finding",
    "FormKey",
    "Indicator",
    "IndicatorRow",
    "IndicatorValue",
    "Language",
    "Location",
    "Metadata",
    "Outcome",
    "Problem",
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
    "Scope",
    "Section",
    "Series",
    "Severity",
    "SourcePosition",
    "Spread",
    "Subject",
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
