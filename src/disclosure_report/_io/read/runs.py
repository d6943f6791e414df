"""Table rows whose cells ran together, as crawlers and copy-paste save them, split only where one way exists.

A page saved as text loses its table's separators: ``一、本年新收政府信息公开申请数量3000025`` is a label
and the seven cells of its row, with nothing between them. This module finds the form's row labels in
such a line (:func:`labelled_runs`) and splits each label's run of figures into the row's cells
(:func:`split_run`), by the run's own structure alone:

- whitespace and blank markers (``—``, ``/``, ``无``) are boundaries between cells;
- a figure is written without leading zeros, so a ``0`` is a cell of its own unless a figure before it
  continues through it (``30`` is one cell or two, ``03`` is always two);
- a run of as many digits as the row has cells is one digit a cell, the only split there is.

A split is taken only when exactly one exists. The relations between the figures (a total the sum of its
parts) are never used to choose one: when the table is wrong, the split that makes it balance is a wrong
value that hides the error (a row ``11 0 0 0 0 0 2`` run together as ``11000002`` would be read as the
balanced ``1 1 0 0 0 0 2``). An ambiguous run is left to the caller, which keeps the row blank and says so.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from .normalize import BLANK_MARKERS, is_mark, label_key

__all__ = ["MAX_RUN", "Split", "all_figures", "labelled_runs", "run_of", "split_run"]

MAX_RUN: Final = 120
"""The longest run of figures split (a row of seven cells of six digits is 42 characters): a longer run is
not a row's, and the work to split one stays bounded (``MAX_RUN`` × cells × digits a cell)."""
_MAX_FIGURE: Final = 10
"""The most digits a cell of the form holds (the model's counts are below 10⁹)."""

_MARKS: Final = "".join(sorted({m for m in BLANK_MARKERS if len(m) == 1}))
_RUN_CHARACTERS: Final = re.compile(rf"[0-9０-９\s\u3000{re.escape(_MARKS)}]*")
"""What a run of figures is made of: digits (ASCII and full-width), whitespace and one-character blank
markers. Figures with separators or decimals (``1,234``, ``12.5``) are read from separated cells only."""


@attrs.frozen
class Split:
    """A run of figures split into a row's cells.

    Attributes:
        cells: The cells' texts, in order.
        joined: Whether figures that ran together were split (not only whitespace and markers): said.
    """

    cells: tuple[str, ...]
    joined: bool


def _digit(character: str) -> bool:
    return "0" <= character <= "9" or "０" <= character <= "９"


def _pieces(run: str) -> list[str] | None:
    """The run's pieces: each blank marker, and each stretch of digits between whitespace or markers.

    ``None`` for a run that is not of figures, or whose markers cannot be told apart: two marks side by
    side that also make one marker (``——`` is one blank or two).
    """
    pieces: list[str] = []
    current = ""
    for index, character in enumerate(run):
        if _digit(character):
            current += character
            continue
        if current:
            pieces.append(current)
            current = ""
        if character in _MARKS:
            if index and run[index - 1] + character in BLANK_MARKERS:
                return None
            pieces.append(character)
        elif not character.isspace():
            return None
    if current:
        pieces.append(current)
    return pieces


def _splits(digits: str, parts: int) -> list[tuple[str, ...]]:
    """Up to two ways of writing the digits as ``parts`` figures, none with a leading zero."""
    found: list[tuple[str, ...]] = []

    @functools.cache
    def ways(start: int, left: int) -> int:
        """How many ways the digits from ``start`` make ``left`` figures (counted to 2)."""
        if left == 0:
            return 1 if start == len(digits) else 0
        remaining = len(digits) - start
        if remaining < left or remaining > left * _MAX_FIGURE:
            return 0
        longest = 1 if digits[start] in "0０" else min(_MAX_FIGURE, remaining - left + 1)
        return min(2, sum(ways(start + size, left - 1) for size in range(1, longest + 1)))

    def walk(start: int, left: int, taken: tuple[str, ...]) -> None:
        if len(found) >= 2 or ways(start, left) == 0:
            return
        if left == 0:
            found.append(taken)
            return
        longest = 1 if digits[start] in "0０" else min(_MAX_FIGURE, len(digits) - start - left + 1)
        for size in range(1, longest + 1):
            walk(start + size, left - 1, (*taken, digits[start : start + size]))

    walk(0, parts, ())
    return found


def split_run(run: str, count: int) -> Split | None:
    """The run split into ``count`` cells when exactly one split exists; ``None`` when none or several do.

    Linear in the run's length for each way of dividing its cells among its pieces, and bounded by
    :data:`MAX_RUN`.
    """
    if len(run) > MAX_RUN:
        return None
    pieces = _pieces(run)
    if pieces is None or not pieces:
        return None
    if len(pieces) == count:
        return Split(tuple(pieces), joined=False)
    if len(pieces) > count:
        return None
    # Each stretch of digits gives one cell or more; how many each gives must add up to ``count``, and
    # exactly one division, and one split of each stretch, may exist.
    options: list[list[tuple[str, ...]]] = []
    for piece in pieces:
        if not _digit(piece[0]):
            options.append([(piece,)])
            continue
        options.append([way for parts in range(1, count + 1) for way in _splits(piece, parts)])
    # ways[i][t]: how many ways pieces i… make the cells t… (counted to 2).
    ways = [[0] * (count + 1) for _ in range(len(options) + 1)]
    ways[len(options)][count] = 1
    for index in range(len(options) - 1, -1, -1):
        for total in range(count + 1):
            ways[index][total] = min(
                2,
                sum(
                    ways[index + 1][total + len(option)]
                    for option in options[index]
                    if total + len(option) <= count
                ),
            )
    if ways[0][0] != 1:
        return None
    cells: list[str] = []
    for index, choices in enumerate(options):
        option = next(
            o for o in choices if len(cells) + len(o) <= count and ways[index + 1][len(cells) + len(o)]
        )
        cells.extend(option)
    return Split(tuple(cells), joined=True)


@functools.lru_cache(maxsize=16)
def _label_pattern(keys: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern finding any of the labels' keys in a normalised text, the longest first."""
    ordered = sorted(keys, key=len, reverse=True)
    return re.compile("|".join(re.escape(key) for key in ordered))


_QUOTES: Final = frozenset("“”\"'‘’「」『』")


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text as :func:`label_key` compares it, character by character, with each one's place in the text.

    Numbering after a digit (``1、`` ``1．``) becomes ``1.``, as label keys write it.
    """
    out: list[str] = []
    places: list[int] = []
    for place, character in enumerate(text):
        if character.isspace() or character in _QUOTES:
            continue
        for folded in label_key(character) if not character.isspace() else "":
            out.append(folded)
            places.append(place)
    normalised = "".join(out)
    numbering = re.compile(r"(?<=[0-9])[、.](?=[^0-9])")
    return numbering.sub(".", normalised), places


_AFTER_RUN: Final = re.compile(r"[\u4e00-\u9fff（(【〔第]")
"""What may follow a row's run of figures: the next heading's words (a group's heading, 第二十条…)."""
_ONE_CELL: Final = re.compile(r"[^\u4e00-\u9fff（(【〔]*(?:万?元)?")
"""A row of one cell: whatever stands before the next words is that cell (an amount's point and unit too)."""


def labelled_runs(text: str, keys: Sequence[str]) -> list[tuple[str, str, str]] | None:
    """The text read as rows run together: each label found, as printed, with what follows it.

    Returns ``[(label, key, following), …]``: the label as printed, its key, and the text after it up to
    the next label (:func:`run_of` takes the figures from it). ``None`` when no label is found. Linear
    in the text's length (one pass of one pattern).
    """
    normalised, places = _normalised(text)
    matches = list(_label_pattern(tuple(keys)).finditer(normalised))
    if not matches:
        return None
    found: list[tuple[str, str, str]] = []
    for number, match in enumerate(matches):
        start = places[match.start()]
        end = places[match.end() - 1] + 1
        following = places[matches[number + 1].start()] if number + 1 < len(matches) else len(text)
        while end < following and text[end] in _QUOTES:  # a closing quote the key leaves out
            end += 1
        found.append((text[start:end], match.group(), text[end:following]))
    return found


def run_of(following: str, count: int) -> tuple[str, bool]:
    """The run of figures at the start of a label's following text, and whether it ends cleanly.

    A row of one cell gets whatever stands before the next words (an amount's point and unit too). A
    longer row's run is its digits, whitespace and blank markers. A run ends cleanly when what follows
    it up to the next label holds no figure: nothing, or words (a group's heading, 第二十条…) without a
    digit or a mark. Otherwise (``12.5``, ``3%``, ``1①4``, ``约14``) the row's figures may go on past
    the run, and it must not be split.
    """
    if count == 1:
        match = _ONE_CELL.match(following)
        figures = match.group() if match else ""
    else:
        run = _RUN_CHARACTERS.match(following)
        figures = run.group() if run else ""
    rest = following[len(figures) :]
    clean = not any(_digit(c) or is_mark(c) for c in rest) and (
        not rest.strip() or bool(_AFTER_RUN.match(rest.lstrip()))
    )
    return figures.strip() if count == 1 else figures, clean


def all_figures(texts: Iterable[str]) -> bool:
    """Whether every text is a run of figures only (digits, whitespace, blank markers), some digit in it."""
    listed = list(texts)
    return any(any(_digit(c) for c in t) for t in listed) and all(
        _RUN_CHARACTERS.fullmatch(t) for t in listed
    )
