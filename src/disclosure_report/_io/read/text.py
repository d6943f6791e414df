"""Reading a report from plain text, as copied from a web page or a document, and from Markdown.

Table cells are separated by tabs; where a line has no tab, by runs of two or more spaces, or (for a row
that ends in numbers) by the single spaces before its trailing numbers. Markdown, as OCR and
document-conversion pipelines write it, reads the same way: a pipe-table row (``| 规章 | 0 | 0 | 0 |``) is a
row of real cells (an empty cell between two pipes is a blank, and values are aligned with the form's
columns one to one, never shifted), its delimiter row (``|---|---|``) is passed over, and heading and
emphasis marks (``## 一、总体情况``, ``**…**``) are not part of the text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

from ..._form import TemplateVersion
from ..._model import SourcePosition
from ...exceptions import Problem, ReadError
from ..files import read_file
from .assemble import (
    HEADING_WORDS,
    SECTIONS_BY_NUMBER,
    Line,
    ReadResult,
    assemble,
    check_content,
    deprecated_content,
)
from .decode import text_of
from .normalize import split_footnote

__all__ = ["MAX_TEXT_BYTES", "from_text", "read_text", "text_lines"]

MAX_TEXT_BYTES: Final = 20 * 1024 * 1024
"""The largest text read, in bytes (a report is well under 1 MB)."""

MAX_TEXT_LINES: Final = 100_000
"""The most lines a text may have (a report has a few hundred; a crawled page with its navigation a few
thousand): counted before any line is read, so that a file of millions of short lines is refused at once
rather than read for minutes."""

_MAX_RUN_IN_HEADINGS: Final = 60
"""A flattened page has six section headings (a few more where its text quotes one); a line with more is
not a flattened report and is left whole."""

_WIDE_GAP: Final = re.compile(r" {2,}|\u3000+")
_VALUE: Final = re.compile(r"\d[\d,]*(?:\.\d+)?(?:万?元)?|—|-|/|无")
"""A word that is a cell's value, once the footnote marks after it are set aside (an amount may say its
unit)."""


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
    while first_value > 1 and _VALUE.fullmatch(split_footnote(words[first_value - 1])[0]):
        first_value -= 1
    label = " ".join(words[:first_value])
    if first_value < len(words) and label and not label[-1].isdigit():
        return (label, *words[first_value:])
    return (text,)


_PUSHED: Final = re.compile(r"^(?:\t| {4,}|\u3000{2,})")
"""A line pushed to the right, as a signature is in copied text."""

_PIPE_ROW: Final = re.compile(r"^\s*\|.*\|\s*$")
_DELIMITER_CELL: Final = re.compile(r"^\s*:?-{3,}:?\s*$")
_HEADING_MARK: Final = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS: Final = re.compile(r"^(\*{1,3}|_{1,3})(\S(?:.*\S)?)\1$")


def _pipe_cells(line: str) -> tuple[str, ...] | None:
    """The cells of a Markdown pipe-table row (``None`` for a delimiter row); a backslashed pipe is text."""
    inner = line.strip()[1:-1]
    cells = tuple(cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", inner))
    if all(_DELIMITER_CELL.match(cell) for cell in cells):
        return None
    return tuple(_EMPHASIS.sub(r"\2", cell) for cell in cells)


def _without_marks(line: str) -> str:
    """A line without Markdown heading marks and the emphasis around it."""
    text = _HEADING_MARK.sub("", line)
    stripped = text.strip()
    emphasised = _EMPHASIS.match(stripped)
    return emphasised.group(2) if emphasised else text


_FLATTENED_LINE: Final = 300
"""A line this long holding two section headings or more is a page's body flattened onto one line."""
_RUN_IN_HEADING: Final = re.compile(r"[一二三四五六][、.][\u4e00-\u9fff、]{0,28}(?:情况|事项|措施)")
"""A section heading run into the text around it: the numeral, then the longest run of words (no digit,
no punctuation) up to 30 characters that ends as headings end."""
_NUMERALS: Final = "一二三四五六"
_MIN_RUN_IN_HEADINGS: Final = 3
"""A flattened page shows at least three of its section headings in order; fewer may be a paragraph that
lists its points (一、…情况 二、…情况), which is text."""
_RUN_IN_TITLE: Final = re.compile(r"(?:19|20)\d{2}\s*年度?政府信息公开(?:工作)?年度报告")


def _unflattened(line: str) -> list[str]:
    """A page's body flattened onto one line (as crawlers save pages), broken at its headings and title.

    Each section heading goes on a line of its own, so that the sections' texts are found; tables whose
    cells ran together stay unread (their rows are reported missing). Other lines are returned as they are.
    Linear: one scan per pattern.
    """
    if len(line) < _FLATTENED_LINE:
        return [line]
    # Each heading with its own section's words (一 with 总体, 二 with 主动公开…), the sections in order.
    cuts: list[tuple[int, int]] = []
    last = -1
    for match in _RUN_IN_HEADING.finditer(line):
        number = _NUMERALS.index(match.group()[0])
        section = SECTIONS_BY_NUMBER[number]
        if number > last and any(word in match.group() for word in HEADING_WORDS[section][1]):
            cuts.append((match.start(), match.end()))
            last = number
        if len(cuts) > _MAX_RUN_IN_HEADINGS:
            return [line]
    if len(cuts) < _MIN_RUN_IN_HEADINGS:
        return [line]
    title = _RUN_IN_TITLE.search(line, 0, cuts[0][0])
    if title is not None:
        cuts.insert(0, (title.start(), title.end()))
    pieces: list[str] = []
    position = 0
    for start, end in cuts:
        pieces += [line[position:start], line[start:end]]
        position = end
    pieces.append(line[position:])
    return [piece for piece in pieces if piece.strip()]


def text_lines(text: str) -> list[Line]:
    """The document's lines, with their cells and line numbers.

    A line after an empty line, or pushed right by a tab or spaces, is set apart (as a signature is). A
    page's body flattened onto one line is broken at its section headings and title (each piece keeps the
    line's number).
    """
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines: list[Line] = []
    after_empty = False
    for number, line in enumerate(raw, start=1):
        apart = after_empty or bool(_PUSHED.match(line))
        after_empty = not line.strip()
        if _PIPE_ROW.match(line) and line.count("|") >= 3:
            cells = _pipe_cells(line)
            if cells is not None:  # a delimiter row is not a row of the table
                lines.append(Line(cells, SourcePosition(line=number), in_table=True, exact=True))
            continue
        for piece in _unflattened(line):
            lines.append(Line(_cells(_without_marks(piece)), SourcePosition(line=number), apart=apart))
    return lines


def from_text(
    text: str | bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from plain text in memory (tab- or space-separated table cells).

    Args:
        text: The report's text, or its bytes in any encoding Chinese documents use.
        source: The input's name, for messages (``<string>`` by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.

    Returns:
        The report, the reading findings and each cell's line.

    Raises:
        ReadError: The text has no section of a report, or no reporting year, or
            :data:`MAX_TEXT_LINES` lines or more.

    Example:
        >>> from disclosure_report import from_text
        >>> from disclosure_report.examples import seed_text
        >>> result = from_text(seed_text())
        >>> result.report.metadata.agency, result.findings
        ('应急中心', ())

    .. versionadded:: 0.1.0
    """
    check_content(text, "from_text", "read_text", text=True)
    content = text_of(text)
    breaks = content.count("\n") + content.count("\r") - content.count("\r\n")
    lines = breaks + (not content.endswith(("\n", "\r")))
    if lines >= MAX_TEXT_LINES:
        message = f"{MAX_TEXT_LINES:,} lines or more (a report has a few hundred)"
        raise ReadError(source or "<string>", [Problem("file", message, "document-limit")])
    return assemble(
        text_lines(content), source=source or "<string>", agency=agency, year=year, version=version
    )


def read_text(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from a plain-text file (UTF-8, GB18030/GBK, or UTF-16 with a byte-order mark).

    The options are those of :func:`from_text`; ``source`` defaults to the path.

    Raises:
        ReadError: The file cannot be read or is larger than :data:`MAX_TEXT_BYTES`, or holds no report.

    .. deprecated:: 0.1.0
        Passing the text itself (a string of several lines, or bytes): use :func:`from_text`.
    """
    if isinstance(path, bytes) or (isinstance(path, str) and ("\n" in path or "\r" in path)):
        deprecated_content("read_text", "from_text")
        return from_text(path, source=source, agency=agency, year=year, version=version)
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_TEXT_BYTES)
    return from_text(data, source=name, agency=agency, year=year, version=version)
