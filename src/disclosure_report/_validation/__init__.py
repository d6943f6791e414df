"""Validation: small named checks over a report, each returning findings; nothing raises for bad data.

- :mod:`.findings`: what validation returns (findings, locations, the result);
- :mod:`.arithmetic`: the accounting relations, blank cells, amounts;
- :mod:`.form_checks`: template version, sections and headings, metadata;
- :mod:`.statements`: reading the figures the text states;
- :mod:`.text_claims`: those figures against the tables;
- :mod:`.history`: a report against the year before;
- :mod:`.checklist`: :func:`validate` and the list of checks.
"""

from .checklist import CHECKS, Check, validate
from .findings import (
    FLAT_COLUMNS,
    Finding,
    Location,
    Validation,
    cell_marks,
    finding_from_row,
    findings_by_cell,
    flat_columns,
)
from .statements import Subject, TextFigure, text_figures
from .text_claims import TextCoverage, text_coverage

__all__ = [
    "CHECKS",
    "FLAT_COLUMNS",
    "Check",
    "Finding",
    "Location",
    "Subject",
    "TextCoverage",
    "TextFigure",
    "Validation",
    "cell_marks",
    "finding_from_row",
    "findings_by_cell",
    "flat_columns",
    "text_coverage",
    "text_figures",
    "validate",
]
