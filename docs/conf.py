"""Sphinx configuration: furo theme, MyST Markdown, and reference pages generated from the code."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "src"))

import disclosure_report  # noqa: E402
from disclosure_report._cli.reference import cli_markdown  # noqa: E402
from disclosure_report._indicators import indicators_markdown  # noqa: E402
from disclosure_report._reference_pages import format_markdown, rules_markdown  # noqa: E402

# The rule page and the format reference are generated from the single sources of truth at every build.
GENERATED = HERE / "generated"
GENERATED.mkdir(exist_ok=True)
(GENERATED / "rules.md").write_text(rules_markdown() + "\n", encoding="utf-8")
(GENERATED / "format.md").write_text(format_markdown() + "\n", encoding="utf-8")
(GENERATED / "indicators.md").write_text(indicators_markdown() + "\n", encoding="utf-8")
(GENERATED / "cli.md").write_text(cli_markdown() + "\n", encoding="utf-8")

project = "disclosure-report"
author = "disclosure-report developers"
release = disclosure_report.__version__
language = "en"

extensions = ["myst_parser", "sphinx.ext.autodoc", "sphinx.ext.napoleon"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "conftest.py"]
html_theme = "furo"
html_title = "disclosure-report"
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
suppress_warnings = ["myst.xref_missing"]
nitpicky = False
