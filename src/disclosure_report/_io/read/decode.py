"""Bytes to text, as Chinese sites and office suites encode them: one decoder for every text format.

A byte-order mark decides; else a charset the page declares (HTML); else UTF-8; else GB18030, a superset of
GBK and GB2312 that can decode any byte sequence. Nothing raises: bytes no encoding accepts become U+FFFD.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

__all__ = ["decode", "text_of"]

_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
# Names pages declare for GB2312 and GBK: GB18030 is a superset (pages declared GB2312 often hold GBK).
_GB: Final = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn"})


def text_of(content: str | bytes, *, html: bool = False) -> str:
    """The text of content given as text or bytes.

    A lone surrogate in text becomes U+FFFD, as an undecodable byte does: no file can hold it, so no
    report can.
    """
    if isinstance(content, bytes):
        return decode(content, html=html)
    return _SURROGATE.sub("\ufffd", content) if _SURROGATE.search(content) else content


_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def decode(data: bytes, *, html: bool = False) -> str:
    """Decode a text file or, with ``html``, a web page (which may declare its charset)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if html:
        declared = _META_CHARSET.search(data[:8192])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            declared_encoding = "gb18030" if name in _GB else _codec(name)
            if declared_encoding is not None and declared_encoding.startswith(("utf-16", "utf-32")):
                # A charset declared in ASCII bytes cannot be UTF-16 or UTF-32: browsers read UTF-8.
                declared_encoding = "utf-8"
            if declared_encoding is not None:
                try:
                    return data.decode(declared_encoding)
                except (UnicodeError, ValueError):  # `undefined` and its kind raise UnicodeError
                    pass  # declared wrongly: the page is decoded as if it had declared nothing
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _codec(name: str) -> str | None:
    """The codec of a declared charset, if it is a text encoding Python has.

    Not, say, ``undefined`` (which refuses everything) or a codec that turns bytes into bytes.
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None
