"""Reading a report from an HTML page: the report inside a site's page, Word-pasted markup included.

The page is tokenised by one regular expression into a small tree, as tolerantly as the standard
library's ``html.parser`` and several times faster (no entity expansion beyond HTML's own, no network).
Tables that contain no other table are data tables: each row becomes a line of its cells
(:class:`~disclosure_report._io.read.assemble.Line`); everything else becomes paragraphs. Cells keep
their own sequence (a cell spanning columns is one cell), so an empty ``<td>`` is a blank, never skipped.
"""

from __future__ import annotations

import html as html_module
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

import attrs

from ..._form import TemplateVersion
from ..._model import SourcePosition
from ...exceptions import Problem, ReadError
from ..files import read_file
from .assemble import Line, ReadResult, assemble, check_content, deprecated_content, table_row
from .decode import text_of

__all__ = ["MAX_HTML_BYTES", "MAX_HTML_ELEMENTS", "from_html", "html_lines", "read_html"]

MAX_HTML_BYTES: Final = 20 * 1024 * 1024
"""The largest HTML input read, in bytes (a report page is well under 1 MB)."""
MAX_HTML_ELEMENTS: Final = 200_000
"""The most elements a page may have."""

_VOID: Final = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_SKIP: Final = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "button"}
)
_BLOCK: Final = frozenset(
    (
        "address article aside blockquote br caption dd div dl dt figure footer form h1 h2 h3 h4 h5 h6 "
        "header hr li main nav ol p pre section table tbody td tfoot th thead tr ul ucapcontent"
    ).split()
)
_CLOSES: Final = {
    "td": ("td", "th"),
    "th": ("td", "th"),
    "tr": ("tr", "td", "th"),
    "p": ("p",),
    "li": ("li",),
}
_BOUNDARY: Final = frozenset({"table", "tr", "tbody", "thead", "tfoot"})


@attrs.define(eq=False)
class _Node:
    tag: str
    children: list[_Node | str] = attrs.Factory(list)
    right: bool = False
    """Whether the element is aligned right (a signature), by its style, align or class."""
    has_table: bool = False
    """Whether a table is among the element's descendants (set once the page is read)."""


# Matched at each "<" of the page: comments, declarations (Word's <![if ...]> included) and processing
# instructions are skipped; an end tag is group 1, a start tag group 2 with its attributes in group 3
# (quoted values may hold ">"). A "<" that begins none of these is text, as browsers take it.
# Possessive quantifiers: a tag that never closes fails at once instead of being retried at every split
# of its name and attributes (which made a long unclosed tag take quadratic time).
_TOKEN: Final = re.compile(
    r"""<!--.*?(?:-->|\Z)
      | <![^>]*+>?
      | <\?[^>]*+>?
      | </([a-zA-Z][^\s/>]*+)[^>]*+>
      | <([a-zA-Z][^\s/>]*+)((?:[^>"']++|"[^"]*+"|'[^']*+')*+)>""",
    re.DOTALL | re.VERBOSE,
)
_TAG_START: Final = re.compile(r"</?[a-zA-Z]")
_RIGHT: Final = re.compile(
    r"""text-align\s*:\s*(?:right|end)|\balign\s*=\s*["']?right|\bclass\s*=\s*["'][^"'>]{0,200}?\bsignature\b""",
    re.IGNORECASE,
)


def _may_be_right(attributes: str) -> bool:
    # Most elements say nothing of alignment: the pattern runs only where a word of it is.
    return "ight" in attributes or "IGHT" in attributes or "ignature" in attributes


# Text pushed right by spaces written into the page (not the indentation of its markup, which holds a
# line break), or by non-breaking or ideographic spaces.
_PUSHED: Final = re.compile(r"[ \t]{4,}\S|(?:[ \t]*[\xa0\u3000]){2,}")
_RAW_TEXT: Final = frozenset({"script", "style"})
"""Elements whose content is not markup: it runs to their end tag."""


class _TreeBuilder:
    """A tolerant tree builder: unknown end tags are ignored, implied end tags are closed.

    Linear in the page: where each tag is open is kept by tag (``open``), so an end tag or an implied
    end finds its element without walking the open elements (which made a page of many unclosed
    elements and stray end tags quadratic); each element is pushed and popped once.
    """

    def __init__(self) -> None:
        self.root = _Node("#document")
        self.stack: list[_Node] = [self.root]
        self.open: dict[str, list[int]] = {}
        """For each tag, the places in ``stack`` where it is open, deepest last."""
        self.boundaries: list[int] = []
        """The places in ``stack`` of the open table boundaries (table, tr, tbody...), deepest last."""
        self.skipping = 0
        self.title: list[str] = []
        self.in_title = False
        self.elements = 0

    def feed(self, page: str) -> None:
        position = 0
        length = len(page)
        while position < length:
            start = page.find("<", position)
            if start < 0:
                self.data(page[position:])
                return
            if start > position:
                self.data(page[position:start])
            match = _TOKEN.match(page, start)
            if match is None:
                if _TAG_START.match(page, start):
                    # A tag (or a quoted value in it) that never closes runs to the end of the page: a
                    # browser drops the rest, and so does this reader (every "<" is tried once).
                    return
                self.data("<")  # "a < b", "1<2": text
                position = start + 1
                continue
            position = match.end()
            end_tag, start_tag = match.group(1), match.group(2)
            if end_tag is not None:
                self.end(end_tag.lower())
            elif start_tag is not None:
                tag = start_tag.lower()
                attributes = match.group(3)
                right = tag in _BLOCK and _may_be_right(attributes) and bool(_RIGHT.search(attributes))
                self.start(tag, right)
                if attributes.rstrip().endswith("/"):
                    self.self_closed(tag)
                elif tag in _RAW_TEXT:
                    closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE).search(page, position)
                    position = closing.end() if closing else length
                    self.end(tag)

    def data(self, text: str) -> None:
        if self.skipping:
            return
        if "&" in text:
            text = html_module.unescape(text)
        if self.in_title:
            self.title.append(text)
            return
        self.stack[-1].children.append(text)

    def start(self, tag: str, right: bool = False) -> None:
        if self.skipping:
            if tag in _SKIP:
                self.skipping += 1
            return
        if tag in _SKIP:
            self.skipping = 1
            return
        if tag == "title":
            self.in_title = True
            return
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise _TooLarge(f"more than {MAX_HTML_ELEMENTS} elements")
        closes = _CLOSES.get(tag)
        if closes:
            # The deepest element this tag closes implicitly, unless a table boundary is deeper.
            closed = self._deepest(closes)
            if closed > (self.boundaries[-1] if self.boundaries else 0):
                self._close(closed)
        node = _Node(tag, right=right)
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.open.setdefault(tag, []).append(len(self.stack))
            if tag in _BOUNDARY:
                self.boundaries.append(len(self.stack))
            self.stack.append(node)

    def _deepest(self, tags: Iterable[str]) -> int:
        """The place of the deepest open element with one of these tags (0, the root, if none)."""
        deepest = 0
        for tag in tags:
            places = self.open.get(tag)
            if places and places[-1] > deepest:
                deepest = places[-1]
        return deepest

    def _close(self, index: int) -> None:
        """Close the element at ``index`` and every element inside it.

        A closed element that is or holds a table tells its parent so: every element learns whether it
        holds a table as it closes, each once.
        """
        stack = self.stack
        for place in range(len(stack) - 1, index - 1, -1):
            node = stack[place]
            self.open[node.tag].pop()
            if node.tag in _BOUNDARY:
                self.boundaries.pop()
            if node.has_table or node.tag == "table":
                stack[place - 1].has_table = True
        del stack[index:]

    def finish(self) -> None:
        """Close what the page left open."""
        self._close(1)

    def self_closed(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag not in _VOID and not self.skipping and self.stack[-1].tag == tag:
            self._close(len(self.stack) - 1)

    def end(self, tag: str) -> None:
        if self.skipping:
            if tag in _SKIP:
                self.skipping -= 1
            return
        if tag == "title":
            self.in_title = False
            return
        places = self.open.get(tag)
        if not places:
            return  # an end tag that closes nothing is ignored
        index = places[-1]
        if tag in ("td", "th", "tr") and self._deepest(("table",)) > index:
            return  # a stray cell end tag does not close the table around it
        self._close(index)


class _TooLarge(Exception):
    pass


_RAISED: Final = {
    "sup": str.maketrans("0123456789０１２３４５６７８９", "⁰¹²³⁴⁵⁶⁷⁸⁹" * 2),
    "sub": str.maketrans("0123456789０１２３４５６７８９", "₀₁₂₃₄₅₆₇₈₉" * 2),
}
"""Digits set above or below the line (a footnote reference, ``15<sup>1</sup>``) kept as what they are, so
that they are never joined into the number before them."""


def _text_of(node: _Node) -> str:
    """A cell's text: inline pieces joined, block boundaries and line breaks as spaces.

    Digits in ``<sup>`` and ``<sub>`` become superscript and subscript digits: marks, not digits.
    """
    parts: list[str] = []
    pending: list[tuple[_Node | str, dict[int, int] | None]] = [(node, None)]
    while pending:
        item, raised = pending.pop()
        if isinstance(item, str):
            parts.append(item if raised is None else item.translate(raised))
        else:
            if item.tag in _BLOCK and item is not node:
                parts.append(" ")
            raised = _RAISED.get(item.tag, raised)
            pending.extend((child, raised) for child in reversed(item.children))
    return re.sub(r"[ \t\r\n\xa0\u3000]+", " ", "".join(parts)).strip()


def _rows(table: _Node) -> list[_Node]:
    rows: list[_Node] = []
    pending: list[_Node | str] = list(reversed(table.children))
    while pending:
        item = pending.pop()
        if not isinstance(item, _Node):
            continue
        if item.tag == "tr":
            rows.append(item)
        elif item.tag in ("tbody", "thead", "tfoot") or item.tag not in ("td", "th", "table"):
            pending.extend(reversed(item.children))
    return rows


def _cells(row: _Node) -> list[_Node]:
    cells: list[_Node] = []
    pending: list[_Node | str] = list(reversed(row.children))
    while pending:
        item = pending.pop()
        if isinstance(item, _Node):
            if item.tag in ("td", "th"):
                cells.append(item)
            elif item.tag != "tr":
                pending.extend(reversed(item.children))
    return cells


def html_lines(html: str) -> tuple[list[Line], str | None]:
    """The page's paragraphs and data-table rows in document order, and its ``<title>``.

    Raises:
        ReadError: The page has more than :data:`MAX_HTML_ELEMENTS` elements.
    """
    builder = _TreeBuilder()
    try:
        builder.feed(html)
    except _TooLarge as error:
        raise ReadError("<html>", [Problem("document", str(error), "document-limit")]) from None
    builder.finish()
    lines: list[Line] = []
    paragraph: list[str] = []
    table_number = 0

    right = [False]  # whether each open block is aligned right

    def flush() -> None:
        raw = "".join(paragraph)
        text = re.sub(r"[ \t\r\n\xa0\u3000]+", " ", raw).strip()
        paragraph.clear()
        if text:
            apart = right[-1] or bool(_PUSHED.match(raw))
            lines.append(Line((text,), SourcePosition(paragraph=len(lines) + 1), apart=apart))

    pending: list[_Node | str | None] = [builder.root]
    while pending:
        item = pending.pop()
        if item is None:  # the end of a block
            flush()
            right.pop()
            continue
        if isinstance(item, str):
            paragraph.append(item)
            continue
        if item.tag == "table" and not item.has_table:
            flush()
            table_number += 1
            for row_number, row in enumerate(_rows(item), start=1):
                cells = _cells(row)
                if not cells:
                    continue
                lines.append(table_row([_text_of(cell) for cell in cells], table_number, row_number))
            continue
        if item.tag in _BLOCK:
            flush()
            pending.append(None)
            right.append(item.right or right[-1])
        pending.extend(reversed(item.children))
    flush()
    title = "".join(builder.title).strip() or None
    return lines, title


def from_html(
    html: str | bytes,
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from an HTML page in memory (the whole saved page, or just the report's markup).

    Args:
        html: The page, as text or as bytes in any of the encodings Chinese sites use.
        source: The input's name, for messages (``<string>`` by default).
        agency: The agency, overriding what the title says.
        year: The reporting year, overriding what the title says.
        version: The template version, overriding what the labels show.

    Raises:
        ReadError: The page is too large, or holds no report.

    .. versionadded:: 0.1.0
    """
    check_content(html, "from_html", "read_html", text=True)
    name = source or "<string>"
    size = len(html.encode("utf-8", errors="surrogatepass") if isinstance(html, str) else html)
    if size > MAX_HTML_BYTES:
        raise ReadError(
            name,
            [
                Problem(
                    "document", f"{size} bytes is more than the limit of {MAX_HTML_BYTES}", "file-too-large"
                )
            ],
        )
    text = text_of(html, html=True)
    try:
        lines, title = html_lines(text)
    except ReadError as error:
        raise ReadError(name, error.problems) from None
    return assemble(lines, source=name, title=title, agency=agency, year=year, version=version)


def read_html(
    path: str | os.PathLike[str],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a report from an HTML file (a saved page, in any of the encodings Chinese sites use).

    The options are those of :func:`from_html`; ``source`` defaults to the path.

    Raises:
        ReadError: The file cannot be read, is too large, or holds no report.

    .. deprecated:: 0.1.0
        Passing the page itself (bytes, or a string holding markup): use :func:`from_html`.
    """
    if isinstance(path, bytes) or (isinstance(path, str) and ("<" in path or "\n" in path)):
        deprecated_content("read_html", "from_html")
        return from_html(path, source=source, agency=agency, year=year, version=version)
    name = source or os.fspath(path)
    data = read_file(Path(path), name=name, limit=MAX_HTML_BYTES)
    return from_html(data, source=name, agency=agency, year=year, version=version)
