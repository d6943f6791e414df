"""Validation: small named checks over a report, each returning findings; nothing raises for bad data.

- :mod:`.findings`: what validation returns (findings, locations, the result);
- :mod:`.arithmetic`: the accounting relations, blank cells, amounts;
- :mod:`.form_checks`: template version, sections and headings, metadata;
- :mod:`.statements`: reading the figures the text states;
- :mod:`.text_claims`: those figures against the tables;
- :mod:`.history`: a report against the year before;
- :mod:`.checklist`: :func:`validate` and the list of checks;
- :mod:`.decisions`: reviewers' decisions about findings, applied on every rerun.
"""

from .checklist import CHECKS, Check, validate
from .decisions import Decision, Decisions, Reviewed, apply_decisions, finding_figure, finding_key
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
    "Decision",
    "Decisions",
    "Finding",
    "Location",
    "Reviewed",
    "Subject",
    "TextCoverage",
    "TextFigure",
    "Validation",
    "apply_decisions",
    "cell_marks",
    "finding_figure",
    "finding_from_row",
    "finding_key",
    "findings_by_cell",
    "flat_columns",
    "text_coverage",
    "text_figures",
    "validate",
]
