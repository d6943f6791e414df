"""What a reader returns: the report, its reading findings and the input's name.

A module of its own, importing no reader: a JSON document's result, which every batch and the command
line make, needs neither the readers of published documents nor their machinery (:mod:`.assemble`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from ..._model import AnnualReport, CellRef, SourcePosition

if TYPE_CHECKING:
    from ..._validation import Finding, Validation

__all__ = ["ReadResult"]


@attrs.frozen
class ReadResult:
    """A report read from a published document, with what reading found and where each value came from.

    Attributes:
        report: The report as read; its :attr:`~disclosure_report.AnnualReport.positions` say where each
            cell was printed, so ``validate(result.report)`` places findings in the document too.
        findings: Reading findings (codes ``read-…``): blank markers, label variants, rows that could not
            be aligned, parts not found.
        source: The name of the input (file name or ``<string>``).
    """

    report: AnnualReport
    findings: tuple[Finding, ...] = ()
    source: str = "<string>"

    @property
    def sources(self) -> Mapping[CellRef, SourcePosition]:
        """The document position of each cell that was read, by ``(table, row, column)``."""
        return self.report.positions

    def validate(self, *, previous: AnnualReport | None = None) -> Validation:
        """Validate the report, with the reading findings: the same as ``validate(result)``.

        Every finding about a cell carries the cell's position in ``location.source``.
        """
        from ..._validation import validate

        return validate(self, previous=previous)
