"""The statement reader's regular expressions, compiled when first used, and words made one pattern.

The reader has about a hundred patterns; compiling them all at import cost ~20 ms that validating a report
with no running text never needs. A :class:`LazyPattern` is written where its pattern was, and compiles on its
first search.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final

__all__ = ["LazyPattern", "trie"]

_METHODS: Final = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub")


class LazyPattern:
    """A regular expression compiled on first use, with the methods of :class:`re.Pattern` the reader calls.

    Args:
        source: The pattern, as :func:`re.compile` takes it.
    """

    def __init__(self, source: str) -> None:
        self.source = source

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; from its first use on, its methods are the ones called."""
        compiled = re.compile(self.source)
        # From now on the compiled pattern's own methods answer: set on the instance, they are found before
        # the class's. The reader calls them often enough that a call passed through would cost it ~10%.
        vars(self).update({name: getattr(compiled, name) for name in _METHODS})
        return compiled

    @property
    def is_compiled(self) -> bool:
        """Whether it has been used, and so compiled."""
        return "search" in vars(self)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As :meth:`re.Pattern.search`."""
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As :meth:`re.Pattern.match`."""
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """As :meth:`re.Pattern.fullmatch`."""
        return self.compiled.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        """As :meth:`re.Pattern.finditer`."""
        return self.compiled.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """As :meth:`re.Pattern.findall`."""
        return self.compiled.findall(string, pos, endpos)

    def split(self, string: str, maxsplit: int = 0) -> list[Any]:
        """As :meth:`re.Pattern.split`."""
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """As :meth:`re.Pattern.sub`."""
        return self.compiled.sub(repl, string, count)

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
