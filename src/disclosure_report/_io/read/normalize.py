"""Reading what people typed: labels in any punctuation, width or script, and cell values in any notation.

Labels are compared by a *key*: NFKC (full-width to half-width), no whitespace, no quotes, traditional
characters folded to simplified, and list numbering unified (``1、`` and ``1．`` become ``1.``). Values are
parsed strictly: a cell is a number, a blank (empty, or a blank marker such as ``—``), or unreadable.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Final

import attrs

from ..._form import labels

__all__ = ["BLANK_MARKERS", "CellText", "label_key", "looks_like_value", "parse_cell"]

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

_INTEGER: Final = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$|^[+-]?\d+$")
_DECIMAL: Final = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


@attrs.frozen
class CellText:
    """A cell's text, parsed.

    Attributes:
        text: The text as found (stripped).
        value: The number, if the text is one.
        blank: Whether the cell states nothing (empty, or a blank marker).
        marker: The blank marker found, if any.
    """

    text: str
    value: int | Decimal | None
    blank: bool
    marker: str | None = None

    @property
    def readable(self) -> bool:
        """Whether the text is a number or a blank."""
        return self.blank or self.value is not None


@functools.lru_cache(maxsize=8192)
def parse_cell(text: str, *, money: bool = False) -> CellText:
    """Parse a cell's text: a whole number (or a decimal for money), a blank, or unreadable text.

    Full-width digits and thousands separators are accepted; ``1.0`` is not a count.
    """
    stripped = text.strip()
    compact = _SPACE.sub("", unicodedata.normalize("NFKC", stripped)).replace("，", ",")
    if not compact:
        return CellText(stripped, None, True)
    if compact in BLANK_MARKERS or stripped in BLANK_MARKERS:
        return CellText(stripped, None, True, stripped)
    if money:
        unit = compact.removesuffix("万元")
        if _DECIMAL.match(unit):
            try:
                return CellText(stripped, Decimal(unit.replace(",", "")), False)
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                pass
        return CellText(stripped, None, False)
    if _INTEGER.match(compact) and len(compact) <= 30:
        return CellText(stripped, int(compact.replace(",", "")), False)
    return CellText(stripped, None, False)


def looks_like_value(text: str) -> bool:
    """Whether a cell's text is a number or a blank (not a label)."""
    return parse_cell(text, money=True).readable
