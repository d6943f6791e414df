"""Reading a report from plain text, as copied from a web page or a document.

Table cells are separated by tabs; where a line has no tab, by runs of two or more spaces, or (for a row
that ends in numbers) by the single spaces before its trailing numbers.
"""

from __future__ import annotations

import re
from typing import Final

from ._form import TemplateVersion
from ._reading import Line, ReadResult, assemble

__all__ = ["read_text", "text_lines"]

_WIDE_GAP: Final = re.compile(r" {2,}|\u3000+")
_VALUE: Final = re.compile(r"\d[\d,]*(?:\.\d+)?|—|-|/|无")


def _cells(text: str) -> tuple[str, ...]:
    if "\t" in text:
        return tuple(text.split("\t"))
    cells = _WIDE_GAP.split(text.strip())
    if len(cells) > 1:
        return tuple(cells)
    # Single spaces only: a label followed by values ("（一）予以公开 5 0 0"), read from the right (a
    # pattern with a lazy label took quadratic time on a long line of values).
    words = text.strip().split(" ")
    first_value = len(words)
    while first_value > 1 and _VALUE.fullmatch(words[first_value - 1]):
        first_value -= 1
    label = " ".join(words[:first_value])
    if first_value < len(words) and label and not label[-1].isdigit():
        return (label, *words[first_value:])
    return (text,)


def text_lines(text: str) -> list[Line]:
    """The document's lines, with their cells and line numbers."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Line(_cells(line), f"line {number}") for number, line in enumerate(lines, start=1)]


def read_text(
    text: str,
    *,
    source: str = "<string>",
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from plain text (tab- or space-separated table cells).

    Args:
        text: The report's text.
        source: The input's name, for messages.
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.

    Returns:
        The report, the reading findings and each cell's line.

    Raises:
        ReadError: The text has no section of a report, or no reporting year.

    Example:
        >>> from disclosure_report import read_text
        >>> from disclosure_report.examples import seed_text
        >>> result = read_text(seed_text())
        >>> result.report.metadata.agency, result.findings
        ('应急中心', ())
    """
    return assemble(text_lines(text), source=source, agency=agency, year=year, version=version)
