"""The language of what a person reads: Chinese or English.

Findings carry both languages; pages, sheets, the command line's messages and ``Validation.rows(lang=)``
show one. The default follows the locale, falling back to Chinese, the language of the form.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final, Literal, TypeGuard

__all__ = ["LANGUAGES", "Language", "default_language", "is_language", "said"]

Language = Literal["zh", "en"]
"""``"zh"`` for Chinese, ``"en"`` for English."""

LANGUAGES: Final[tuple[Language, ...]] = ("zh", "en")

# The variables that name the language of messages, in the order POSIX and GNU gettext consult them.
_LOCALE_VARIABLES: Final = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def is_language(value: object) -> TypeGuard[Language]:
    """Whether ``value`` is one of :data:`LANGUAGES`."""
    return value in LANGUAGES


def default_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language the locale asks for: English for an ``en`` locale, else Chinese.

    The first of ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set decides (``LANGUAGE`` may
    list several, ``en:zh``; its first is taken). ``C``, ``POSIX`` and any other locale give Chinese, the
    language of the form.
    """
    variables = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = variables.get(name, "")
        if value:
            first = value.split(":")[0].lower()
            return "en" if first.startswith("en") else "zh"
    return "zh"


_SAID: Final[Mapping[str, tuple[str, str]]] = {
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "unreadable": ("无法读取", "unreadable"),
    "counts": (
        "共 {total} 份报告：{passed} 份通过，{failed} 份未通过，{unreadable} 份无法读取",
        "{total} report(s): {passed} passed, {failed} failed, {unreadable} unreadable",
    ),
}
"""What the command line and the batch page both say: a batch's statuses and its closing count."""


def said(lang: Language, key: str, **values: object) -> str:
    """One of the shared texts (``passed``, ``failed``, ``unreadable``, ``counts``) in ``lang``."""
    zh, en = _SAID[key]
    return (zh if lang == "zh" else en).format(**values)
