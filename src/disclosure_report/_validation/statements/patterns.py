"""The statement reader's regular expressions, compiled when first used, and words made one pattern.

The reader has about a hundred patterns; compiling them all at import cost ~20 ms that validating a report
with no running text never needs. A :class:`LazyPattern` is written where its pattern was, and compiles on its
first search.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

__all__ = ["LazyPattern", "trie"]

_METHODS: Final = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")


class LazyPattern:
    """A regular expression compiled on first use, with the methods of :class:`re.Pattern` the reader calls.

    ``search``, ``match``, ``fullmatch``, ``finditer``, ``findall``, ``split`` and ``sub`` take what those of
    :class:`re.Pattern` take; from the first call of any, they are the compiled pattern's own.

    Args:
        source: The pattern, as :func:`re.compile` takes it.
    """

    # The methods are held in slots: read from a slot, the compiled pattern's method costs a search no more
    # than read from the pattern itself, where a method of this class calling through adds ~10% to each.
    __slots__ = ("_compiled", "findall", "finditer", "fullmatch", "match", "search", "source", "split", "sub")
    search: Callable[..., re.Match[str] | None]
    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    split: Callable[..., list[Any]]
    sub: Callable[..., str]

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None
        for name in _METHODS:
            setattr(self, name, functools.partial(self._first_use, name))

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled now, if this is its first use)."""
        if self._compiled is None:
            self._compiled = re.compile(self.source)
            for name in _METHODS:
                setattr(self, name, getattr(self._compiled, name))
        return self._compiled

    @property
    def is_compiled(self) -> bool:
        """Whether it has been used, and so compiled."""
        return self._compiled is not None

    def _first_use(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return getattr(self.compiled, method)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"LazyPattern({self.source!r})"


def trie(words: Iterable[str]) -> str:
    """One pattern matching the longest of these words at a place, as a trie (``办(?:结|理(?:完毕)?)``).

    Python's regular expressions try the branches of an alternation one after the other at every place; a
    trie tries one character per level.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer words first, then this one
            return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else body + "?"
        return body

    return pattern(root)
