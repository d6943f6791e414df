"""Reading the figures a report's text states: every number in its sections, and what it is about.

A number is read in its clause, as a reviewer reads it: the unit after it (件, %, 万元, 个工作日...), the
words right before it (第, 约, 占), and the nearest term before it that names something: a row, column or
category of the tables (新收, 予以公开, 自然人, 行政复议, 规范性文件...) or something the tables do not count
(主动公开, 培训, 建议提案...). A number that names a figure of the tables is a statement about it, when its
clause's subject is what the tables count: not a part of it (by topic, channel, article, or after 其中),
not cases of any kind, not a combined share or a rate whose base varies; a statement carries the body its
clause names and the year named before it, which :func:`text_figures` checks against the report's agency
and year. One that is a date, a duration, an article, a rate or a count of something else is recognised
as such; the rest are left unexplained, and said so, rather than guessed. The reader's specification is
the table of sentences in ``tests/data/statements.tsv``; ``tests/data/statements-heldout.tsv`` measures it.

The reader's modules, each importing only those before it: ``patterns`` (regular expressions compiled on
first use), ``figures`` (what the reader gives), ``numbers`` (how numbers are written), ``terms`` (the words
that name what the tables count), ``bodies`` (who counts), ``clauses`` (the words around a number),
``sentences`` (reading a sentence), ``certainty`` (whether a statement is sure), ``memory`` (a report's
figures, and what is remembered of texts read). This module gathers what the rest of the package uses.
"""

from __future__ import annotations

from .certainty import UNSURE_REASONS, certainty
from .figures import Subject, TextFigure
from .memory import (
    REMEMBERED_TEXT,
    Statement,
    forget_texts,
    plain_statements,
    remembered_figures,
    remembered_readings,
    text_figures,
)
from .memory import for_report as for_report
from .numbers import DATE, PART_OF_YEAR, date_part, part_of_year
from .sentences import REMEMBERED_SENTENCE, read_figures, read_sentence

__all__ = [
    "DATE",
    "PART_OF_YEAR",
    "REMEMBERED_SENTENCE",
    "REMEMBERED_TEXT",
    "UNSURE_REASONS",
    "Statement",
    "Subject",
    "TextFigure",
    "certainty",
    "date_part",
    "forget_texts",
    "part_of_year",
    "plain_statements",
    "read_figures",
    "read_sentence",
    "remembered_figures",
    "remembered_readings",
    "text_figures",
]
