"""What the statement reader gives: a number of the text read, and what the tables count that it is about.

:class:`TextFigure` is a number (or a "none" statement) read in its sentence; :class:`Subject` is a row,
column or category of the tables (or a sum of them) that a statement is about, with its cells per version.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal

import attrs

from ..._form import CellKey, Section, TableKind, TemplateVersion, table_spec

__all__ = ["STATEMENTS", "FigureKind", "Positions", "Subject", "TextFigure"]


FigureKind = Literal["exact", "approximate", "share", "none", "other", "unexplained"]


@attrs.frozen(cache_hash=True)  # a key of the positions it is placed at: hashed once
class Subject:
    """Something the tables count, as the text names it: its cells, and what a share of it is of.

    Attributes:
        id: A stable name: a row or category (``new``, ``granted``), an applicant type
            (``natural_person``), a group and result (``review/upheld``), a row and column
            (``normative_documents/issued``); ``+`` joins what one statement sums
            (``granted+partially_granted``).
        table: The table that holds it.
        readings: The cells whose sum it is, first as it is usually meant, then what else it may mean
            ("收到申请30件" may count last year's requests too); cells a version lacks are left out.
        shares_of: The totals a share of it may be of (``占50%``), likewise.
    """

    id: str
    table: TableKind
    readings: tuple[tuple[CellKey, ...], ...]
    shares_of: tuple[tuple[CellKey, ...], ...] = ()

    def positions(self, version: TemplateVersion, *, shares: bool = False) -> Positions:
        """Each reading (or each total, with ``shares``) as the cells of it the version has, and their places.

        The places are in the table's values; a reading the version lacks entirely is left out. Computed once
        per version: every checked figure of every report goes through it.
        """
        key = (self, version, shares)
        found = _POSITIONS.get(key)
        if found is None:
            index = table_spec(self.table, version).index
            present = (
                tuple(key for key in reading if key in index)
                for reading in (self.shares_of if shares else self.readings)
            )
            found = tuple((keys, tuple(index[key] for key in keys)) for keys in present if keys)
            if len(_POSITIONS) >= 4096:  # joined subjects are as many as texts make: kept bounded
                _POSITIONS.clear()
            _POSITIONS[key] = found
        return found


Positions = tuple[tuple[tuple[CellKey, ...], tuple[int, ...]], ...]
"""Cells and their places in a table's values: see :meth:`Subject.positions`."""
_POSITIONS: dict[tuple[Subject, TemplateVersion, bool], Positions] = {}


@attrs.frozen
class TextFigure:
    """A number in the text (or a "none" statement), read.

    Attributes:
        section: The section whose text holds it.
        sentence: The sentence, as written.
        number: The number as written (``"26"``, ``"２６"``, ``"二十六"``, ``"1.2万"``); empty for a
            "none" statement (``未发生行政复议``).
        kind: ``exact`` (states a figure of the tables), ``approximate`` (约, 近, 余, 多...: not checked
            as a figure), ``share`` (a percentage of a total), ``none`` (says there was none), ``other``
            (a date, duration, article, rate, or a count of something the tables do not hold) or
            ``unexplained``.
        subject: What it is about, for the first four kinds.
        value: The number's value (in 万元 for an amount in 元); 0 for a "none" statement.
        places: For a share or a number in 万 with decimals, the decimal places stated: checked to that
            precision.
        reason: For ``other``, what it was recognised as (``date``, ``duration``, ``article``, ``rate``,
            ``change``, ``another year``, ``part of the year``, ``other count``, ``money``, ``still open``,
            ``identifier``, ``sum``: what there was to process, new and carried over; ``part``: a part
            of a figure, by topic, channel or article, or after 其中;
            ``cases``: cases of any kind; ``reviewing body``: review applications the agency decides;
            ``not disclosure``: things said not to be about disclosure; ``combined share``: a share of
            figures named before it; ``another body``: a figure of another body than the report's agency,
            in :func:`text_figures`).
        at: Where the number is in the sentence (its first character's offset).
        body: For a statement, the body its clause names as what counts (``全区``, ``区政府办``,
            ``市本级``, ``我局``), or ``""`` when none is named: :func:`text_figures` checks it against the
            report's agency.
        year: For a statement, the year named before it in its sentence (``2022年共收到…``), if any:
            :func:`text_figures` checks it against the report's year.
    """

    section: Section | None
    sentence: str
    number: str
    kind: FigureKind
    subject: Subject | None = None
    value: int | Decimal | None = None
    places: int | None = None
    reason: str = ""
    at: int = 0
    body: str = ""
    year: int | None = None


STATEMENTS: Final = frozenset(("exact", "approximate", "share", "none"))
