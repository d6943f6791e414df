"""Copied text: each text section against the same agency's last report and the other reports of its year.

Official review notices name 内容雷同 (content copied from last year's report or another agency's) as a
fault. This compares reports with each other, so it is not a check of one report (:func:`validate` sees
one): :func:`find_copied_text` takes a batch or a corpus and gives each report its findings, info-level
(``text-copied-from-last-year``, ``text-shared-with-others``; scope ``comparison`` in the catalogue).

How, and what it costs. A section is compared as written, less its spaces, and with every run of digits
read as one placeholder (a report that copies last year's text and updates its figures is still a copy).
Its 5-character shingles are hashed once each and sketched by one-permutation MinHash (120 bins; an empty
bin takes the next one's value): O(L) for a section of L characters, whatever the corpus. Sketches are
banded (24 bands of 5 bins) into buckets (sorted arrays of keys): two sections whose shingles overlap by
a Jaccard similarity of 0.7 share a bucket with probability 0.99, of 0.3 with probability 0.06. Each
report looks at most :data:`MOST_CANDIDATES` other reports a section (taken from its buckets, each
bucket read only that far), estimates each from the sketches (120 comparisons), and verifies at most
:data:`MOST_VERIFIED` exactly on the shingle sets: so the work per report is bounded by a constant, and
only the bucket look-ups (binary searches: log N) and the sorting of the buckets (N log N in all) grow
with the corpus. Memory: a sketch (120 32-bit values) and 24 bucket entries (16 bytes each) per
section, about 3 KB a report; the texts only while a pair is verified.

A finding is made only from the exact similarity, never from the estimate: the estimate only chooses what
to verify. Sections shorter than :data:`MINIMUM_CHARACTERS` (a section 六 that says 无) are not compared:
short stock phrases are alike in every report.
"""

from __future__ import annotations

import array
import bisect
import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Final, Protocol

import attrs

from ._form import Section
from ._model import Metadata
from ._validation import Finding, Location, Validation

__all__ = [
    "COPY_THRESHOLD",
    "MINIMUM_CHARACTERS",
    "MOST_CANDIDATES",
    "MOST_VERIFIED",
    "SECTIONS_COMPARED",
    "TextIndex",
    "Texts",
    "find_copied_text",
    "similarity",
]

SECTIONS_COMPARED: Final = (Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS)
"""The text sections compared: 一、总体情况, 五 (problems and improvements) and 六 (other matters)."""
COPY_THRESHOLD: Final = Fraction(7, 10)
"""The Jaccard similarity of two sections' 5-character shingles from which one is said to copy the other.

A section copied with one character in thirty changed (at random places) scores about 0.7, one in fifty
about 0.8; two real reports of different agencies score under 0.01 (the sections of the seed report and
of sample r002 share almost no 5-character run), and a stock phrase or two is far from 0.7."""
MINIMUM_CHARACTERS: Final = 100
"""The shortest section compared (spaces left out)."""
MOST_CHARACTERS: Final = 20_000
"""The longest part of a section compared (its beginning): the cost of a section is bounded."""
MOST_CANDIDATES: Final = 50
"""The most other reports whose sketches a section is compared with."""
MOST_VERIFIED: Final = 5
"""The most other reports a section is compared with exactly (the closest by the estimate)."""
PASSAGE_SHOWN: Final = 120
"""The most characters of the shared passage a finding quotes."""

_SHINGLE: Final = 5
_BINS: Final = 120
_ROWS: Final = 5
_BANDS: Final = _BINS // _ROWS
_EMPTY: Final = 1 << 40
_MASK: Final = (1 << 32) - 1
_MIX: Final = 0x9E3779B1  # spreads a filled-in bin's value away from the values bins hold
# A section is compared exactly when its estimate is within this of the threshold: the estimate of 120 bins
# errs by about 0.04 either way, so a copy is missed this way about once in ten thousand.
_CANDIDATE: Final = COPY_THRESHOLD - Fraction(15, 100)
# Everything a report writes as spacing; and digits, ASCII and full-width, as one placeholder a run.
_SPACE: Final = re.compile(r"\s+")
_DIGITS: Final = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)?")


@attrs.frozen
class _Text:
    """A section prepared for comparison: its normalised text and where each character came from."""

    text: str
    origin: tuple[int, ...]
    """For each character of ``text``, its position in the section as written."""
    ends: tuple[int, ...]
    """For each character of ``text``, the end of what it stands for (a run of digits is one character)."""
    original: str


def _prepare(original: str) -> _Text:
    characters: list[str] = []
    origin: list[int] = []
    ends: list[int] = []
    position = 0
    limit = len(original)
    while position < limit and len(characters) < MOST_CHARACTERS:
        character = original[position]
        if character.isspace():
            position += 1
            continue
        digits = _DIGITS.match(original, position)
        if digits is not None:
            characters.append("#")
            origin.append(position)
            ends.append(digits.end())
            position = digits.end()
            continue
        characters.append(character)
        origin.append(position)
        ends.append(position + 1)
        position += 1
    return _Text("".join(characters), tuple(origin), tuple(ends), original)


def _normalized(original: str) -> str:
    """What :func:`_prepare` makes of a text, without the positions (the sketch needs only this)."""
    return _SPACE.sub("", _DIGITS.sub("#", original))[:MOST_CHARACTERS]


def _shingles(text: str) -> set[str]:
    return {text[i : i + _SHINGLE] for i in range(len(text) - _SHINGLE + 1)}


def _sketch(shingles: Iterable[str]) -> array.array[int]:
    """One-permutation MinHash: each shingle hashed once into one of the bins, the least value a bin kept."""
    bins = [_EMPTY] * _BINS
    for shingle in shingles:
        value, slot = divmod(zlib.crc32(shingle.encode("utf-8")), _BINS)
        if value < bins[slot]:
            bins[slot] = value
    # An empty bin takes the next filled bin's value (rotation), mixed with how far it looked: two
    # sections with the same shingles fill their empty bins alike. One pass backwards, twice round.
    result = array.array("I", (value & _MASK for value in bins))
    following, distance = None, 0
    for i in reversed(range(2 * _BINS)):
        slot = i % _BINS
        if bins[slot] != _EMPTY:
            following, distance = bins[slot], 0
        else:
            distance += 1
            if following is not None and i < _BINS:
                result[slot] = (following + distance * _MIX) & _MASK
    return result


def _estimate(one: array.array[int], other: array.array[int]) -> Fraction:
    return Fraction(sum(map(int.__eq__, one, other)), _BINS)


def similarity(one: str, other: str) -> Fraction:
    """The Jaccard similarity of two texts' 5-character shingles, as the copied-text findings compute it.

    Spaces are left out and each run of digits counts as one character; only the first
    :data:`MOST_CHARACTERS` characters of each are compared. ``0`` when either is too short to have a
    shingle.

    .. versionadded:: 0.1.0
    """
    a, b = _shingles(_normalized(one)), _shingles(_normalized(other))
    if not a or not b:
        return Fraction(0)
    return Fraction(len(a & b), len(a | b))


def _passage(one: _Text, other_shingles: set[str]) -> str:
    """The longest stretch of ``one`` whose every shingle is also the other's, as ``one`` writes it."""
    text = one.text
    best_start = best_end = 0
    start = None
    for i in range(len(text) - _SHINGLE + 1):
        if text[i : i + _SHINGLE] in other_shingles:
            if start is None:
                start = i
            end = i + _SHINGLE
            if end - start > best_end - best_start:
                best_start, best_end = start, end
        else:
            start = None
    if best_end == 0:
        return ""
    quoted = one.original[one.origin[best_start] : one.ends[best_end - 1]]
    quoted = _SPACE.sub(" ", quoted).strip()
    return quoted if len(quoted) <= PASSAGE_SHOWN else quoted[: PASSAGE_SHOWN - 1] + "…"


class Texts(Protocol):
    """What the comparison reads of a report: who and when, its content's fingerprint, and its texts.

    An :class:`~disclosure_report.AnnualReport` is one; so is a corpus's row of texts.
    """

    @property
    def metadata(self) -> Metadata: ...

    @property
    def fingerprint(self) -> str: ...

    def text(self, section: Section) -> str | None: ...


def _name(report: Texts) -> str:
    info = report.metadata
    agency = info.agency or info.title or "?"
    where = f"（{info.region}）" if info.region and not agency.startswith(info.region) else ""
    return f"{agency}{where} {info.year}"


def _identity(report: Texts) -> tuple[str, str | None]:
    return report.metadata.agency, report.metadata.region


class TextIndex:
    """The sketches of many reports' sections, and their buckets: what :func:`find_copied_text` compares.

    Holds no text, and little else: per section, a sketch of 120 32-bit values; per section and band, the
    bucket keys of every report sorted (two arrays of 8-byte numbers), made when candidates are first
    asked for. About 3 KB a report with its three sections compared. Add reports one at a time
    (:meth:`add`), then ask for the pairs worth verifying (:meth:`candidates`).
    """

    def __init__(self) -> None:
        self.sketches: dict[Section, list[array.array[int] | None]] = {s: [] for s in SECTIONS_COMPARED}
        self.years = array.array("h")
        self.agencies = array.array("l")
        """Each report's agency (name and region), as a number: two reports of one agency are not others."""
        self.contents: list[str] = []
        """Each report's fingerprint (its first 16 hex digits): the same report given twice is not another."""
        self._agency_numbers: dict[tuple[str, str | None], int] = {}
        self._buckets: dict[tuple[Section, int], tuple[array.array[int], array.array[int]]] = {}

    def add(self, report: Texts) -> int:
        """Sketch a report's sections; its number (from 0, in the order added)."""
        number = len(self.years)
        year = report.metadata.year
        # A report whose year is unknown is of no year, the last or the same: it is compared with none.
        self.years.append(-1 if year is None else year)
        self.agencies.append(self._agency_numbers.setdefault(_identity(report), len(self._agency_numbers)))
        self.contents.append(report.fingerprint[:16])
        for section in SECTIONS_COMPARED:
            text = _normalized(report.text(section) or "")
            compared = year is not None and len(text) >= MINIMUM_CHARACTERS
            self.sketches[section].append(_sketch(_shingles(text)) if compared else None)
        self._buckets.clear()  # made again, with this report, when candidates are asked for
        return number

    def sketch(self, report: int, section: Section) -> array.array[int] | None:
        """A report's sketch of a section, ``None`` when the section was too short to compare."""
        return self.sketches[section][report]

    def _key(self, report: int, sketch: array.array[int], band: int) -> int:
        # Python's hash of a tuple of ints is the same in every process (only str and bytes are salted).
        return hash((self.years[report], *sketch[band * _ROWS : (band + 1) * _ROWS]))

    def _bucket(self, section: Section, band: int) -> tuple[array.array[int], array.array[int]]:
        """The band's keys of every report, sorted, and the reports in that order."""
        made = self._buckets.get((section, band))
        if made is None:
            sketches = self.sketches[section]
            pairs = sorted(
                (self._key(number, sketch, band), number)
                for number, sketch in enumerate(sketches)
                if sketch is not None
            )
            made = array.array("q", (key for key, _ in pairs)), array.array("l", (n for _, n in pairs))
            self._buckets[(section, band)] = made
        return made

    def candidates(self, report: int, section: Section) -> list[tuple[Fraction, int]]:
        """The other reports of the same year worth verifying against this section, closest first.

        Other agencies only (another name or region), not the same report given twice; at most
        :data:`MOST_CANDIDATES` looked at, at most :data:`MOST_VERIFIED` returned, each with its estimate.
        """
        sketch = self.sketches[section][report]
        if sketch is None:
            return []
        seen: set[int] = {report}
        found: list[tuple[Fraction, int]] = []
        looked = 0
        for band in range(_BANDS):
            keys, numbers = self._bucket(section, band)
            key = self._key(report, sketch, band)
            position = bisect.bisect_left(keys, key)
            # A bucket is read only so far: a section copied a thousand times costs no more than ten.
            for place in range(position, min(position + MOST_CANDIDATES + 1, len(keys))):
                if keys[place] != key:
                    break
                other = numbers[place]
                if other in seen:
                    continue
                seen.add(other)
                if (
                    self.agencies[other] == self.agencies[report]
                    or self.contents[other] == self.contents[report]
                ):
                    continue
                looked += 1
                theirs = self.sketches[section][other]
                assert theirs is not None
                estimate = _estimate(sketch, theirs)
                if estimate >= _CANDIDATE:
                    found.append((estimate, other))
                if looked >= MOST_CANDIDATES:
                    break
            if looked >= MOST_CANDIDATES:
                break
        found.sort(key=lambda item: (-item[0], item[1]))
        return found[:MOST_VERIFIED]


def find_copied_text(
    reports: Sequence[Texts],
    *,
    last_year: bool = True,
    same_year: bool = True,
) -> list[Validation]:
    """Compare each report's text sections with its agency's report of the year before and its year's others.

    Args:
        reports: The reports (a batch, a corpus); read again by position for the pairs verified, so a
            sequence that makes each report on demand keeps memory flat.
        last_year: Compare each section with the same section of the same agency's report for the year
            before (the same name and region; only when each year has one report of that agency).
        same_year: Compare each section with the same section of the other agencies' reports of its year.

    Returns:
        One :class:`~disclosure_report.Validation` per report, in the order given: its
        ``text-copied-from-last-year`` and ``text-shared-with-others`` findings (info), each quoting the
        longest passage the two share, the similarity and the threshold.

    Example:
        >>> import attrs
        >>> from disclosure_report import find_copied_text
        >>> from disclosure_report.examples import seed_report
        >>> this = seed_report()
        >>> last = attrs.evolve(this, metadata=attrs.evolve(this.metadata, year=2022))
        >>> [v.codes() for v in find_copied_text([last, this])][1]
        {'text-copied-from-last-year'}

    .. versionadded:: 0.1.0
    """
    index = TextIndex()
    for report in reports:
        index.add(report)
    count = len(index.years)
    by_agency: dict[int, dict[int, list[int]]] = {}
    for number in range(count):
        years = by_agency.setdefault(index.agencies[number], {})
        years.setdefault(index.years[number], []).append(number)
    findings: list[list[Finding]] = [[] for _ in range(count)]
    for number in range(count):
        years = by_agency[index.agencies[number]]
        year = index.years[number]
        before = years.get(year - 1, [])
        previous = before[0] if last_year and len(before) == 1 and len(years[year]) == 1 else None
        for section in SECTIONS_COMPARED:
            if previous is not None:
                findings[number] += _against_last_year(reports, index, number, previous, section)
            if same_year:
                findings[number] += _against_others(reports, index, number, section)
    return [Validation(tuple(found)) for found in findings]


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.0f}%"


def _verified(reports: Sequence[Texts], one: int, other: int, section: Section) -> tuple[Fraction, str]:
    """The exact similarity of a section of two reports, and the passage of the first the second shares."""
    mine, theirs = reports[one].text(section) or "", reports[other].text(section) or ""
    shingles_a, shingles_b = _shingles(_normalized(mine)), _shingles(_normalized(theirs))
    if not shingles_a or not shingles_b:
        return Fraction(0), ""
    exact = Fraction(len(shingles_a & shingles_b), len(shingles_a | shingles_b))
    # Where each character came from is needed only to quote the passage of a copy.
    return exact, _passage(_prepare(mine), shingles_b) if exact >= COPY_THRESHOLD else ""


def _against_last_year(
    reports: Sequence[Texts], index: TextIndex, number: int, previous: int, section: Section
) -> Iterator[Finding]:
    mine, theirs = index.sketch(number, section), index.sketch(previous, section)
    # The estimate only spares the exact comparison of sections far apart (it errs by about 0.04).
    if mine is None or theirs is None or _estimate(mine, theirs) < _CANDIDATE:
        return
    exact, passage = _verified(reports, number, previous, section)
    if exact < COPY_THRESHOLD:
        return
    yield Finding.of(
        "text-copied-from-last-year",
        Location(section=section),
        actual=_percent(exact),
        section=section.label,
        similarity=_percent(exact),
        threshold=_percent(COPY_THRESHOLD),
        previous=_name(reports[previous]),
        passage=passage,
    )


def _against_others(
    reports: Sequence[Texts], index: TextIndex, number: int, section: Section
) -> Iterator[Finding]:
    matches = []
    for _, other in index.candidates(number, section):
        exact, passage = _verified(reports, number, other, section)
        if exact >= COPY_THRESHOLD:
            matches.append((exact, other, passage))
    if not matches:
        return
    matches.sort(key=lambda match: (-match[0], match[1]))
    exact, other, passage = matches[0]
    yield Finding.of(
        "text-shared-with-others",
        Location(section=section),
        actual=_percent(exact),
        section=section.label,
        similarity=_percent(exact),
        threshold=_percent(COPY_THRESHOLD),
        count=len(matches),
        other=_name(reports[other]),
        others="、".join(_name(reports[o]) for _, o, _ in matches),
        passage=passage,
    )
