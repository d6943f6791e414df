"""Reading what people typed: labels in any punctuation, width or script, and cell values in any notation.

Labels are compared by a *key*: NFKC (full-width to half-width), no whitespace, no quotes, traditional
characters folded to simplified, and list numbering unified (``1、`` and ``1．`` become ``1.``). Values are
parsed strictly: a cell is a number, a blank (empty, or a blank marker such as ``—``), or unreadable.

Only real digits are digits: ASCII and full-width ``0``–``9``. A character NFKC turns into a digit
(``①``, ``²``, ``½``, ``⑴``) or that Unicode counts as a number of another kind is a *mark*: never joined
into a number (``15①`` is not 151). Marks after a number are a footnote's (``15①``, ``15²``, ``15[¹]``):
the number before them is read and the marks are kept to be said; a mark anywhere else leaves the cell
unreadable.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from ..._form import labels

__all__ = [
    "BLANK_MARKERS",
    "REAL_DIGITS",
    "CellText",
    "is_mark",
    "label_key",
    "looks_like_value",
    "parse_cell",
    "split_footnote",
]

# Traditional forms of the characters used in the form's labels and headings (mirror sites publish in
# 繁體), each mapped to the simplified character the form prints: reading folds any traditional text
# (whatever converter made it) back to the form's. Writers print whole traditional labels instead (see
# the form's labels).
_TRADITIONAL: Final = (
    "開开資资訊讯請请數数結结轉转處处體体況况動动規规範范許许罰罚強强製制廢废現现決决費费額额萬万單单"
    "機机構构會会團团務务總总計计辦办審审維维糾纠議议訴诉訟讼經经復复後后與与門门關关錄录屬属國国護护"
    "權权類类內内過过執执詢询項项沒没補补確确訪访舉举報报複复無无當当認认獲获繳缴納纳負负據据係系為为"
    "於于條条發发區区題题進进並并問问業业組组織织態态穩稳應应歸归舊旧屆届徵征費费續续轄辖縣县鄉乡鎮镇"
    "區区達达為为實实責责價价協协統统戶户產产約约場场標标準准參参災灾衛卫醫医療疗環环樣样廳厅層层"
    "爲为祕秘覆复"
)


def _to_simplified() -> dict[str, str]:
    """Each traditional character and its simplified one.

    The list above, and every character of the form's traditional labels: whatever the writers print, the
    readers fold back.
    """
    pairs = {_TRADITIONAL[i]: _TRADITIONAL[i + 1] for i in range(0, len(_TRADITIONAL), 2)}
    for simplified, traditional in labels.TRADITIONAL.items():
        if len(simplified) == len(traditional):
            pairs.update((t, s) for s, t in zip(simplified, traditional, strict=True) if s != t)
    return pairs


_TO_SIMPLIFIED: Final = _to_simplified()
_FOLD: Final = str.maketrans(_TO_SIMPLIFIED)

_QUOTES: Final = str.maketrans("", "", "“”\"'‘’「」『』")
_NUMBERING: Final = re.compile(r"^(\d+)[、.．,，]")
_SPACE: Final = re.compile(r"\s+")


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """The comparison key of a label: what stays when width, spacing, quotes and script are ignored."""
    key = unicodedata.normalize("NFKC", text).translate(_FOLD)
    key = _SPACE.sub("", key).translate(_QUOTES).replace(",", "、")
    return _NUMBERING.sub(r"\1.", key)


BLANK_MARKERS: Final = frozenset(
    {"—", "——", "-", "--", "/", "／", "无", "無", "空", "－", "―", "─", "N/A", "n/a"}
)
"""Cell texts that mean "nothing stated": read as blank, with a finding naming the marker."""

# re.ASCII: \d is 0-9 only (full-width digits are made ASCII by NFKC first; other scripts' digits are not
# read as figures of a Chinese form).
_INTEGER: Final = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$", re.ASCII)
_DECIMAL: Final = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$", re.ASCII)

REAL_DIGITS: Final = frozenset("0123456789０１２３４５６７８９")
"""The characters that are digits of a figure: ASCII and full-width."""
_FOOTNOTE_BRACKETS: Final = frozenset("[]()（）【】〔〕")
"""Brackets around a footnote's mark (``15[¹]``, ``15（①）``): part of the mark, not of the number."""


@functools.lru_cache(maxsize=1024)
def is_mark(character: str) -> bool:
    """Whether a character looks like a digit but is not one: ``①``, ``²``, ``½``, ``⑴``, ``𝟏``...

    A character Unicode counts as a number of another kind (category No), or that NFKC turns into text
    holding a digit, when it is not a real digit (:data:`REAL_DIGITS`).
    """
    if character in REAL_DIGITS:
        return False
    if unicodedata.category(character) == "No":
        return True
    folded = unicodedata.normalize("NFKC", character)
    return folded != character and any("0" <= c <= "9" for c in folded)


def _is_fraction(character: str) -> bool:
    return "\u2044" in unicodedata.normalize("NFKC", character)  # ½ is 1⁄2: a fraction slash


def split_footnote(text: str) -> tuple[str, str | None]:
    """A cell's text before the footnote marks at its end, and those marks (``None`` if it has none).

    The marks at the end are footnote marks (with the brackets and spaces around them) when at least one
    is a mark; the text before them is returned as it is. Linear in the text's length.
    """
    end = len(text)
    marks = False
    while end > 0:
        character = text[end - 1]
        if is_mark(character):
            marks = True
        elif not (character in _FOOTNOTE_BRACKETS or character.isspace()):
            break
        end -= 1
    if not marks:
        return text, None
    return text[:end], text[end:].strip()


@attrs.frozen
class CellText:
    """A cell's text, parsed.

    Attributes:
        text: The text as found (stripped).
        value: The number, if the text is one.
        blank: Whether the cell states nothing (empty, or a blank marker).
        marker: The blank marker found, if any.
        footnote: The footnote marks after the number (``①`` of ``15①``), if any: the value is the number
            before them.
        unit: ``"元"`` for an amount written in 元 (``251000元``), whose value is converted to 万元.
    """

    text: str
    value: int | Decimal | None
    blank: bool
    marker: str | None = None
    footnote: str | None = None
    unit: str | None = None

    @property
    def exact(self) -> bool:
        """Whether the text is the value exactly as a data file states it: no marker, mark or unit."""
        return self.marker is None and self.footnote is None and self.unit is None

    @property
    def readable(self) -> bool:
        """Whether the text is a number or a blank."""
        return self.blank or self.value is not None


@functools.lru_cache(maxsize=8192)
def parse_cell(text: str, *, money: bool = False) -> CellText:
    """Parse a cell's text: a whole number (or a decimal for money), a blank, or unreadable text.

    Full-width digits and thousands separators are accepted; ``1.0`` is not a count. Footnote marks after
    the number are not part of it (``15①`` is 15, said in :attr:`CellText.footnote`); a mark anywhere else
    leaves the cell unreadable. An amount may say its unit: ``25.1万元`` is 25.1, and ``251000元`` is
    converted exactly to 25.1 (万元, the form's unit; said in :attr:`CellText.unit`).
    """
    stripped = text.strip()
    number, footnote = split_footnote(stripped)
    if footnote is not None and (not number.strip() or any(_is_fraction(c) for c in footnote)):
        # Marks alone are not a number (nor a blank); 15½ may mean fifteen and a half: not guessed.
        return CellText(stripped, None, False)
    if any(is_mark(character) for character in number):
        return CellText(stripped, None, False)  # a mark inside a number is never joined into it
    compact = _SPACE.sub("", unicodedata.normalize("NFKC", number)).replace("，", ",")
    if not compact:
        return CellText(stripped, None, True)
    if footnote is None and (compact in BLANK_MARKERS or stripped in BLANK_MARKERS):
        return CellText(stripped, None, True, stripped)
    if money:
        amount, unit = _amount(compact)
        if amount is not None:
            return CellText(stripped, amount, False, footnote=footnote, unit=unit)
        return CellText(stripped, None, False)
    if _INTEGER.match(compact) and len(compact) <= 30:
        return CellText(stripped, int(compact.replace(",", "")), False, footnote=footnote)
    return CellText(stripped, None, False)


_YUAN_PER_WAN: Final = 4
"""万元 is 10⁴ 元: an amount in 元 is the same digits with the point four places to the left."""


def _amount(compact: str) -> tuple[Decimal | None, str | None]:
    """An amount in 万元 and the unit it was written in (``None`` for 万元 or none), or ``(None, None)``.

    An amount in 元 is converted exactly (the decimal point moved, never rounded); trailing zeros the
    conversion adds are dropped (251000元 is 25.1, not 25.1000).
    """
    unit: str | None = None
    digits = compact.removesuffix("万元")
    if digits == compact and compact.endswith("元"):
        digits, unit = compact.removesuffix("元"), "元"
    if not _DECIMAL.match(digits):
        return None, None
    try:
        amount = Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None, None
    if unit is None:
        return amount, None
    converted = amount.scaleb(-_YUAN_PER_WAN)
    if not converted:
        return Decimal(0), unit
    sign, places, exponent = converted.as_tuple()
    assert isinstance(exponent, int)
    while exponent < 0 and len(places) > 1 and places[-1] == 0:  # exact: only zeros are dropped
        places, exponent = places[:-1], exponent + 1
    return Decimal((sign, places, exponent)), unit


def looks_like_value(text: str) -> bool:
    """Whether a cell's text is a number or a blank (not a label)."""
    return parse_cell(text, money=True).readable
