"""What a page links that looks like the report, and whether the page is an empty application shell.

Agencies publish the report as a page, often with the same report attached (PDF, Word, WPS, a workbook,
images of the table pages). An attachment is a link to a file of one of those kinds whose link text,
title or file name says it is the report: 年度报告, 年报 or 附件 (attachment). A page is an application
shell when it shows almost no text, has scripts and no table, no image (a report printed as images of its
pages is no shell) and links nothing of the kind: its content is loaded by script, which this library
does not run.

Bounded: at most :data:`MAX_HTML_ELEMENTS` tags are looked at (the HTML reader's limit), and at most
:data:`MAX_ATTACHMENTS` attachments are taken from a page.
"""

from __future__ import annotations

import html.parser
import os
import urllib.parse
from typing import Final

import attrs

from ..read.decode import decode
from ..read.html import MAX_HTML_ELEMENTS

__all__ = [
    "ATTACHMENT_SUFFIXES",
    "MAX_ATTACHMENTS",
    "REPORT_WORDS",
    "SHELL_TEXT",
    "Page",
    "page_of",
]

REPORT_WORDS: Final = ("年度报告", "年报", "附件")
"""Words of a link's text, title or file name that say it is the report (or attached to it)."""
ATTACHMENT_SUFFIXES: Final = frozenset(
    {".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}
)
"""The kinds of file taken as attachments: documents, workbooks and images of table pages."""
MAX_ATTACHMENTS: Final = 20
"""Attachments taken from one page, in the page's order."""
SHELL_TEXT: Final = 200
"""A page with fewer characters of text than this (spaces, scripts and styles aside), with scripts, no
table and no attachment, is a shell. A report's text alone is thousands of characters; a shell's is its
title and a line asking for JavaScript."""
_MOST_LINK_TEXT: Final = 500
"""Characters of a link's text kept (enough for any title)."""
_SPACES: Final = (" ", "\t", "\n", "\r", "\f", "\xa0", "\u3000")
"""The spaces pages are full of (the rest are too rare to count)."""
_HIDDEN: Final = frozenset({"script", "style"})
"""Elements whose text is not shown (the parser reads them to their end tag, so none is left open)."""


@attrs.frozen
class Page:
    """What a page links and shows.

    Attributes:
        attachments: The attachments' addresses (absolute, without fragment), in the page's order.
        text: Characters of the page's text (spaces aside, scripts and styles not counted).
        scripts: ``<script>`` elements.
        tables: ``<table>`` elements.
        images: ``<img>`` elements.
    """

    attachments: tuple[str, ...] = ()
    text: int = 0
    scripts: int = 0
    tables: int = 0
    images: int = 0

    @property
    def shell(self) -> bool:
        """Whether the page is an empty application shell (its content loaded by script)."""
        shown = self.tables or self.images or self.attachments
        return self.text < SHELL_TEXT and self.scripts > 0 and not shown

    def describe_shell(self) -> str:
        """Why the page is taken for a shell, in words."""
        return (
            f"an application shell: {self.text} characters of text, {self.scripts} script(s), no table, "
            "no image and no attachment; its content is loaded by script (open it in a browser, or find "
            "the report's attachment)"
        )


class _Collector(html.parser.HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links: list[tuple[str, str]] = []  # (href, words: text and title)
        self.open_link: list[str] | None = None
        self.open_href = ""
        self.hidden = 0
        self.text = 0
        self.scripts = 0
        self.tables = 0
        self.images = 0
        self.elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements += 1
        if self.elements > MAX_HTML_ELEMENTS:
            raise _Enough
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and values.get("href"):
            self.base = urllib.parse.urljoin(self.base, values["href"].strip())
        elif tag == "script":
            self.scripts += 1
        elif tag == "table":
            self.tables += 1
        elif tag == "a" and values.get("href"):
            self._close_link()
            self.open_link = [values.get("title", "")]
            self.open_href = values["href"]
        elif tag == "img" and values.get("src"):
            self.images += 1
            self.links.append((values["src"], values.get("alt", "") + " " + values.get("title", "")))
        if tag in _HIDDEN:
            self.hidden += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in _HIDDEN:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "a":
            self._close_link()

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        self.text += len(data) - sum(map(data.count, _SPACES)) if not data.isspace() else 0
        if self.open_link is not None and sum(map(len, self.open_link)) < _MOST_LINK_TEXT:
            self.open_link.append(data)

    def _close_link(self) -> None:
        if self.open_link is not None:
            self.links.append((self.open_href, " ".join(self.open_link)[:_MOST_LINK_TEXT]))
        self.open_link = None


class _Enough(Exception):
    """The page has more elements than are looked at."""


def _suffix(text: str) -> str:
    return os.path.splitext(text.strip().lower())[1]


def _is_attachment(address: str, words: str) -> bool:
    """A link to a file of an attachment's kind, whose words or file name say it is the report."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(address).path, errors="replace")
    name = path.rpartition("/")[2]
    kind = _suffix(name) in ATTACHMENT_SUFFIXES or _suffix(words) in ATTACHMENT_SUFFIXES
    return kind and any(word in words or word in name for word in REPORT_WORDS)


def page_of(data: bytes, url: str, *, charset: str | None = None) -> Page:
    """What a page (its bytes, fetched from ``url``) links and shows.

    >>> page = page_of('<p>见<a href="/f/2023年报.pdf">附件</a></p>'.encode(), "http://x.gov.cn/a/b.html")
    >>> page.attachments
    ('http://x.gov.cn/f/2023年报.pdf',)
    >>> page_of(b'<div id="app"></div><script src="app.js"></script>', "http://x.gov.cn/").shell
    True
    """
    text = None
    if charset:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None  # declared wrongly: decoded as if nothing were declared
    if text is None:
        text = decode(data, html=True)
    collector = _Collector(url)
    try:
        collector.feed(text)
        collector.close()
    except _Enough:
        pass
    collector._close_link()
    found: list[str] = []
    for href, words in collector.links:
        address = urllib.parse.urljoin(collector.base, href.strip())
        address = urllib.parse.urldefrag(address)[0]
        if urllib.parse.urlsplit(address).scheme.lower() not in ("http", "https"):
            continue
        if address not in found and _is_attachment(address, words):
            found.append(address)
            if len(found) == MAX_ATTACHMENTS:
                break
    return Page(tuple(found), collector.text, collector.scripts, collector.tables, collector.images)
