"""Text in the cells of a CSV file that can never become a formula, and back.

Excel, WPS and LibreOffice take a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) for a formula, so a report's title ``=HYPERLINK(...)`` would become a live link when a
CSV export is opened. Such a text is written with a leading apostrophe, which the applications show as
text; a text already starting with an apostrophe gets one more, so :func:`unguard` restores every text
exactly. A plain number (``-5``, a signed count) is written as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final, TypeVar

__all__ = ["guard", "guard_row", "unguard"]

_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "'")
_NUMBER: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # ASCII digits: another script's are text

V = TypeVar("V")


def guard(text: str) -> str:
    """The text as a CSV cell that a spreadsheet shows as text."""
    if text.startswith(_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unguard(text: str) -> str:
    """The text :func:`guard` was given."""
    if text.startswith("'") and text[1:].startswith(_TRIGGERS):
        return text[1:]
    return text


def guard_row(row: Mapping[str, V]) -> dict[str, V | str]:
    """A row with every text guarded (numbers and ``None`` as they are)."""
    return {key: guard(value) if isinstance(value, str) else value for key, value in row.items()}
