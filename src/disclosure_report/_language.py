"""The language of what a person reads: Chinese or English.

Findings carry both languages; pages, sheets, the command line's messages and ``Validation.rows(lang=)``
show one. The default follows the locale, falling back to Chinese, the language of the form.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Final, Literal, TypeGuard

__all__ = ["LANGUAGES", "Language", "default_language", "is_language"]

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
