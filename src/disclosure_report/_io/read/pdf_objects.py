"""A PDF file's objects, parsed as pdfminer parses them at less cost, within the limits.

pdfminer parses an object a token at a time through its Python tokenizer (a call, a debug log call and
the limits' count a token); vetting a file for PDFium parses every object its pages reach: 1,200 to
1,500 tokens for a report, 8-9% of a read. While a PDF is read under :func:`.pdf_limits.limits`,
pdfminer's ``PDFDocument._getobj_parse`` is :func:`getobj_parse` (:func:`install`): the tokens of
:func:`.pdf_fonts.scan` (pdfminer's own, found by one regular expression) taken by the rules of
pdfminer's ``PSStackParser.nextobject`` and ``PDFParser.do_keyword`` (``R``, ``null``, ``endobj``)
until the object is complete, and counted against :data:`.pdf_limits.MAX_PDF_TOKENS` as pdfminer's
tokenizer counts them. A stream, a token the fast way does not read, another keyword that ends a parse
(``xref``, ``startxref``), an object numbered otherwise than asked, or the file's end is parsed by
pdfminer's own from the object's start. The work is linear in the tokens read: a regular expression's
match and a constant amount of work a token. ``tests/test_pdf_fonts.py`` holds it to pdfminer's.
"""

from __future__ import annotations

import re
from io import BytesIO
from typing import Any, Final

from .pdf_fonts import NotPdfminers, ParserStack, scan
from .pdf_limits import charge_tokens, within_limits

__all__ = ["getobj_parse", "install"]

_ORIGINAL: list[Any] = []
_DATA: Final = "_disclosure_report_data"
"""The attribute of a pdfminer document holding its file's bytes (read once, not once an object)."""


class _Object(ParserStack):
    """``PDFParser.do_keyword`` over the tokens after ``n g obj``: what ``nextobject`` gives."""

    def __init__(self, document: Any) -> None:
        super().__init__()
        self.document = document
        self.results: list[Any] = []
        self.charged = 0

    def spend(self) -> None:
        """Count the tokens taken so far (an object of millions of tokens stops at the limit)."""
        charge_tokens(self.taken - self.charged)
        self.charged = self.taken

    def keyword(self, token: Any) -> None:
        name = token.name
        if name == b"endobj":
            self.results = self.pop(4)  # pdfminer's results: the last four objects (the first is given)
            self.finished = bool(self.results)
        elif name == b"null":
            self.curstack.append(None)
        elif name == b"R":
            from pdfminer.casting import safe_int
            from pdfminer.pdftypes import PDFObjRef

            if len(self.curstack) >= 2:
                number, _ = self.pop(2)
                objid = safe_int(number)
                if objid is not None:
                    self.curstack.append(PDFObjRef(self.document, objid))
        elif name == b"stream":
            popped = self.pop(1)
            if len(popped) != 1:
                raise NotPdfminers("a stream without its dictionary")  # pdfminer raises
            raise _StreamFound(popped[0])
        elif name in (b"xref", b"startxref"):
            raise NotPdfminers(name)  # pdfminer's results: what was before it
        else:
            self.curstack.append(token)


class _StreamFound(Exception):
    """The keyword ``stream`` after its dictionary (pdfminer reads the data by ``/Length`` and lines)."""

    def __init__(self, dictionary: Any) -> None:
        super().__init__()
        self.dictionary = dictionary


_EOL: Final = re.compile(rb"[\r\n]")


def _stream(document: Any, data: bytes, dictionary: Any, at: int) -> tuple[Any, int] | None:
    """The stream whose keyword begins at ``at``, and where pdfminer's parser goes on after its data.

    As ``PDFParser.do_keyword`` reads it: the line of ``stream`` (to a carriage return, a line feed or
    both) ends before the data, ``/Length`` bytes of which are the stream's; the parse goes on at the
    first ``endstream`` after them (pdfminer reads line by line for it). ``None`` where pdfminer would
    meet the file's end, is in its fallback mode, or reads otherwise (a negative length): its own parser
    reads the object.
    """
    from pdfminer.pdftypes import PDFStream, dict_value, int_value

    if getattr(getattr(document, "_parser", None), "fallback", True):
        return None
    dic = dict_value(dictionary)
    try:
        length = int_value(dic["Length"])
    except KeyError:  # pdfminer takes none as 0 (not strict)
        length = 0
    eol = _EOL.search(data, at)
    if eol is None or length < 0:
        return None
    start = eol.end()
    if eol.group() == b"\r":
        if start >= len(data):
            return None  # pdfminer looks for a line feed beyond the end
        if data[start : start + 1] == b"\n":
            start += 1
    end = data.find(b"endstream", start + length)
    if start + length > len(data) or end < 0:
        return None
    return PDFStream(dic, data[start : start + length], document.decipher), end


def _data(document: Any) -> bytes | None:
    """The file's bytes, when pdfminer reads them from memory."""
    data = getattr(document, _DATA, None)
    if data is None:
        parser = getattr(document, "_parser", None)
        fp = getattr(parser, "fp", None)
        if not isinstance(fp, BytesIO):
            return None
        data = fp.getvalue()
        setattr(document, _DATA, data)
    return data if isinstance(data, bytes) else None


def _parsed(document: Any, pos: int, objid: int) -> tuple[Any, int] | None:
    """The object at ``pos`` as pdfminer's parser gives it and the tokens read; ``None``: left to it."""
    from pdfminer.psparser import KWD

    data = _data(document)
    if data is None or not 0 <= pos < len(data):
        return None
    where = [pos]
    found = scan(data, pos, where)
    parser = _Object(document)
    try:
        header = [next(found, None) for _ in range(3)]
        if header[0] != objid or type(header[0]) is not int or header[2] is not KWD(b"obj"):
            return None  # pdfminer looks further, or raises: its way
        while not parser.finished:
            try:
                parser.run(found)
            except _StreamFound as stream:
                read = _stream(document, data, stream.dictionary, where[0])
                if read is None:
                    return None
                # pdfminer's parser seeks past the data, which empties its stack, and pushes the stream.
                parser.context, parser.curtype, parser.curstack = [], None, [read[0]]
                found = scan(data, read[1], where)
                continue
            if not parser.finished:
                return None  # the file's end before the object's: pdfminer's way
    except NotPdfminers:
        return None
    return parser.results[0], 3 + parser.taken - parser.charged


def getobj_parse(document: Any, pos: int, objid: int) -> object:
    """``PDFDocument._getobj_parse``: the object at ``pos``, faster within the limits, pdfminer's outside."""
    original = _ORIGINAL[0]
    if within_limits():
        from pdfminer import settings

        parsed = None if settings.STRICT else _parsed(document, pos, objid)
        if parsed is not None:
            obj, taken = parsed
            charge_tokens(taken)
            return obj
    return original(document, pos, objid)


def install() -> None:
    """Put :func:`getobj_parse` into pdfminer's document class, once."""
    from pdfminer.pdfdocument import PDFDocument

    if _ORIGINAL:
        return
    _ORIGINAL.append(PDFDocument._getobj_parse)
    setattr(PDFDocument, "_getobj_parse", getobj_parse)  # noqa: B010 (a method replaced, as pdfminer calls it)
