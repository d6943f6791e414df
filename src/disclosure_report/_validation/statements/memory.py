"""A report's figures from its texts, and what is remembered of texts already read.

The figures as statements of the report's agency and year (:func:`text_figures`, :func:`for_report`);
what is remembered of texts read, bounded by length; and the plain statements compiled for validation's
fast path (:func:`plain_statements`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

import attrs

from ..._form import Section, TableKind, TemplateVersion
from ..._model import AnnualReport, Metadata
from .bodies import IS_SELF, about_agency
from .certainty import none_certainty
from .figures import STATEMENTS, TextFigure
from .sentences import Read, read_figures, read_sentence, read_sentences

__all__ = [
    "REMEMBERED_TEXT",
    "Compiled",
    "Figures",
    "Scoped",
    "Statement",
    "for_report",
    "forget_texts",
    "plain_statements",
    "remembered_figures",
    "remembered_readings",
    "text_figures",
]


def text_figures(report: AnnualReport) -> tuple[TextFigure, ...]:
    """Every number the report's text states (sections 一, 五 and 六), read: what it is about, or what it is.

    Example:
        >>> from disclosure_report import text_figures
        >>> from disclosure_report.examples import seed_report
        >>> [(f.number, f.kind) for f in text_figures(seed_report()) if f.kind != "other"][:1]
        [('', 'none')]
    """
    found: tuple[TextFigure, ...] = ()
    for section, text in (
        (Section.OVERVIEW, report.overview),
        (Section.PROBLEMS, report.problems),
        (Section.OTHER_MATTERS, report.other_matters),
    ):
        if text:
            found += _for_report(*_section_figures(text, section), report.metadata)
    return found


def _for_report(
    figures: tuple[TextFigure, ...], scoped: tuple[int, ...], only_year: int | None, metadata: Metadata
) -> tuple[TextFigure, ...]:
    """The figures as statements of the report: each naming a body or a year (``scoped``) checked."""
    if not scoped or only_year == metadata.year:
        return figures  # the usual text: no body named, no other year (2023年，我局…)
    agency, year = metadata.agency, metadata.year
    resolved = list(figures)
    for index in scoped:
        resolved[index] = for_report(figures[index], agency, year)
    return tuple(resolved)


def _scoped(figures: tuple[TextFigure, ...]) -> tuple[tuple[int, ...], int | None]:
    """Where the statements naming a year or another body than the agency itself are, and their one year.

    The year is given when they name one and no body: such a text is decided by the report's year alone.
    """
    scoped = tuple(
        index
        for index, figure in enumerate(figures)
        if figure.kind in STATEMENTS
        and (figure.year is not None or (figure.body and not IS_SELF.match(figure.body)))
    )
    years = {figures[index].year for index in scoped}
    alone = all(not figures[index].body or IS_SELF.match(figures[index].body) for index in scoped)
    only_year = years.pop() if len(years) == 1 and alone else None
    return scoped, only_year


def for_report(figure: TextFigure, agency: str, year: int | None) -> TextFigure:
    """The figure as a statement of a report of ``agency`` for ``year``, or as ``other`` when it is not.

    A statement whose sentence names another year (``2022年共收到…`` in a 2023 report) or another body
    (``全区`` in a department's report, ``区政府办`` or ``市本级`` in a government's) is not a figure of
    the report's tables: it is read as ``other``, with ``another year`` or ``another body``. When the
    report's year is unknown (``None``), a sentence naming any year is not known to be about it either.
    """
    if figure.kind not in STATEMENTS:
        return figure
    if figure.year is not None and figure.year != year:
        return attrs.evolve(figure, kind="other", reason="another year")
    if figure.body and not about_agency(figure.body, agency):
        return attrs.evolve(figure, kind="other", reason="another body")
    return figure


REMEMBERED_TEXT: Final = 4_000
"""The longest text whose figures are remembered whole: boilerplate recurs across a corpus word for word
(本年度未收取信息处理费。, 无。), and a report is often validated more than once (read, then checked). The
bound keeps what is remembered small, whatever a batch holds."""


Figures = tuple[tuple[TextFigure, ...], tuple[int, ...], int | None]
"""A section's figures, where those naming a body or a year are, and the one year they name (see
:func:`_scoped`)."""


def _section_figures(text: str, section: Section) -> Figures:
    """A section's figures, and where those naming a body or a year are (see :func:`for_report`)."""
    if len(text) <= REMEMBERED_TEXT:
        return remembered_figures(text, section)
    figures = tuple(read_figures(text, section))
    return figures, *_scoped(figures)


@functools.lru_cache(maxsize=1024)
def remembered_figures(text: str, section: Section) -> Figures:
    figures = tuple(
        TextFigure(section, sentence, *reading)
        for sentence, readings in remembered_readings(text)
        for reading in readings
    )
    return figures, *_scoped(figures)


@functools.lru_cache(maxsize=1024)
def remembered_readings(text: str) -> tuple[Read, ...]:
    """A text's sentences read, whatever its section: the figures of :func:`plain_statements` need none."""
    return tuple(read_sentences(text))


Statement = tuple[TableKind, Callable[[tuple[Any, ...]], Any], int | Decimal]
"""A figure stated exactly, compiled: its table, the sum of its usual reading's cells in the table's values,
and the value stated."""


def plain_statements(report: AnnualReport) -> tuple[Statement, ...] | None:
    """The figures the report's text states (sections 一, 五 and 六), compiled, when each is plain.

    A plain figure is an exact figure or a "none" statement. None when a figure is more than that (a share,
    a figure in 万 with decimals, cells the version lacks) or a number is left unexplained, or when a text is
    too long to be remembered: then the figures are checked one by one. Approximate figures and numbers
    that are not figures of the tables are left out. Remembered, as the sentences read are.
    """
    overview, problems, other_matters = report.overview, report.problems, report.other_matters
    if max(len(overview or ""), len(problems or ""), len(other_matters or "")) > REMEMBERED_TEXT:
        return None
    info = report.metadata
    found = _plain_statements(overview, problems, other_matters, info.version)
    if found is None:
        return None
    statements, scoped, only_year = found
    if not scoped or only_year == info.year:
        return statements  # the usual text: no other year, no body named (2023年，本机关…)
    agency, year = info.agency, info.year
    left_out = [
        index
        for index, body, named_year in scoped
        if (named_year is not None and named_year != year) or (body and not about_agency(body, agency))
    ]
    return tuple(s for index, s in enumerate(statements) if index not in left_out)


Scoped = tuple[tuple[int, str, int | None], ...]
"""The statements that name a body or a year: their place among the statements, the body and the year."""
Compiled = tuple[tuple[Statement, ...], Scoped, int | None]
"""A text's plain statements, those that name a body or a year, and the one year they name when they name
one and no body (the report's year or not: decided at once)."""


@functools.lru_cache(maxsize=1024)
def _plain_statements(
    overview: str | None, problems: str | None, other_matters: str | None, version: TemplateVersion
) -> Compiled | None:
    found: list[Statement] = []
    scoped: list[tuple[int, str, int | None]] = []
    for text in (overview, problems, other_matters):
        if not text:
            continue
        for _, readings in remembered_readings(text):  # not too long: see plain_statements
            for reading in readings:
                if reading.kind in ("unexplained", "share"):
                    return None
                if reading.kind not in ("exact", "none"):
                    continue  # approximate, or not a figure of the tables: not checked
                body = "" if IS_SELF.match(reading.body) else reading.body  # 我局: always the agency
                if body or reading.year is not None:
                    # Whether it is another body's or year's depends on the report (see for_report).
                    scoped.append((len(found), body, reading.year))
                assert reading.subject is not None
                assert reading.value is not None
                positions = reading.subject.positions(version)
                if reading.places is not None or not positions:
                    return None
                found.append((reading.subject.table, _sum_of(positions[0][1]), reading.value))
    years = {year for _, body, year in scoped if not body}
    only_year = (
        years.pop() if len(years) == 1 and all(not body and year for _, body, year in scoped) else None
    )
    return tuple(found), tuple(scoped), only_year


@functools.cache
def _sum_of(positions: tuple[int, ...]) -> Callable[[tuple[Any, ...]], Any]:
    """The sum of the values at these places, as one generated expression (``v[9] + v[14]``).

    A tenth of ``sum(map(...))``'s cost on one or two cells. Built from places only, never from input.
    """
    adder: Callable[[tuple[Any, ...]], Any] = eval("lambda v: " + " + ".join(f"v[{p}]" for p in positions))
    return adder


def forget_texts() -> None:
    """Forget the texts and sentences read so far (for benchmarks and tests that time reading afresh)."""
    remembered_figures.cache_clear()
    remembered_readings.cache_clear()
    read_sentence.cache_clear()
    _plain_statements.cache_clear()
    none_certainty.cache_clear()
