"""The corpus's tables and views: their columns and SQL types, as Arrow schemas too, and the views' SQL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

from .._indicators import indicators_sql
from .._io.tidy import AMOUNT_PLACES
from .._rules import BALANCE_CODES

if TYPE_CHECKING:
    import duckdb
    import pyarrow


CorpusFormat = Literal["duckdb", "parquet"]
"""Where a corpus is written: one DuckDB file, or a folder of Parquet files (one folder per table)."""

AMOUNT_TYPE: Final = f"DECIMAL(38,{AMOUNT_PLACES})"
"""The numeric type of amounts (万元): exact to 18 decimal places, far beyond the fen. An amount with
more decimals has no ``amount`` (its exact text is in ``value``)."""

CORPUS_TABLES: Final[Mapping[str, tuple[tuple[str, str], ...]]] = {
    "files": (
        ("file", "VARCHAR"),
        ("stamp", "VARCHAR"),
        ("size", "BIGINT"),
        ("sha256", "VARCHAR"),
        ("status", "VARCHAR"),
        ("fingerprint", "VARCHAR"),
        ("problem", "VARCHAR"),
        ("reason", "VARCHAR"),
        ("exported", "TIMESTAMP"),
        ("origin", "VARCHAR"),
        ("file_bytes", "BLOB"),
    ),
    "reports": (
        ("fingerprint", "VARCHAR"),
        ("file", "VARCHAR"),
        ("agency", "VARCHAR"),
        ("year", "SMALLINT"),
        ("version", "VARCHAR"),
        ("title", "VARCHAR"),
        ("published", "DATE"),
        ("source", "VARCHAR"),
        ("region", "VARCHAR"),
        ("division_code", "VARCHAR"),
        ("level", "VARCHAR"),
        ("preamble", "VARCHAR"),
        ("overview", "VARCHAR"),
        ("problems", "VARCHAR"),
        ("other_matters", "VARCHAR"),
        ("headings", "VARCHAR"),
        ("valid", "BOOLEAN"),
        ("errors", "INTEGER"),
        ("warnings", "INTEGER"),
    ),
    "cells": (
        ("fingerprint", "VARCHAR"),
        ("table_key", "VARCHAR"),
        ("row_key", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("row_label", "VARCHAR"),
        ("column_label", "VARCHAR"),
        ("value", "VARCHAR"),
        ("count", "BIGINT"),
        ("amount", AMOUNT_TYPE),
    ),
    "findings": (
        ("fingerprint", "VARCHAR"),
        ("ordinal", "INTEGER"),
        ("code", "VARCHAR"),
        ("severity", "VARCHAR"),
        ("section", "VARCHAR"),
        ("table_key", "VARCHAR"),
        ("row_key", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("source", "VARCHAR"),
        ("expected", "VARCHAR"),
        ("actual", "VARCHAR"),
        ("message_zh", "VARCHAR"),
        ("message_en", "VARCHAR"),
        ("evidence", "VARCHAR"),
        ("key", "VARCHAR"),
        ("figure", "VARCHAR"),
    ),
    "positions": (
        ("fingerprint", "VARCHAR"),
        ("table_key", "VARCHAR"),
        ("row_key", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("position", "VARCHAR"),
        ("file", "VARCHAR"),
        ("page", "INTEGER"),
        ("sheet", "VARCHAR"),
        ("address", "VARCHAR"),
        ("line", "INTEGER"),
        ("paragraph", "INTEGER"),
        ("table_number", "INTEGER"),
        ("row_number", "INTEGER"),
        ("cell_number", "INTEGER"),
    ),
    "decisions": (
        ("key", "VARCHAR"),
        ("figure", "VARCHAR"),
        ("decision", "VARCHAR"),
        ("decided_by", "VARCHAR"),
        ("decided_at", "TIMESTAMPTZ"),
        ("reason", "VARCHAR"),
        ("precedence", "INTEGER"),
        ("recorded", "TIMESTAMP"),
    ),
}
"""The corpus's tables, their columns and SQL types, in order.

``files``: every input (a file, or a line of a JSON-lines file) with its ``status``: ``read`` (its report
is in ``reports``), ``duplicate`` (its report was already there from another input: ``fingerprint`` names
it), or ``unreadable`` (``problem`` is the problem code, ``reason`` says why). ``file`` is the file's
resolved path (absolute, links followed; ``:line`` for a line): the same input by another path is the same
input. A name whose bytes are not UTF-8 (GBK names from a Chinese archive) is kept as its bytes in
``file_bytes``, ``file`` then showing it as text (see the batch's display of names); ``file_bytes`` is
``NULL`` for every other name. ``stamp`` is what a later run compares to skip an input already exported
(size and modification time; a JSON line's size and hash); an input unreadable for a reason of the moment
(``resource-limit``, ``system-failure``) is read again by the next run, its row replaced. ``origin`` is the
web address a fetched file came from, as its fetch's manifest says (also its report's ``source``).
``reports``: one row per distinct report (by :attr:`~disclosure_report.AnnualReport.fingerprint`), its
metadata, texts, headings (a JSON object) and validation counts (as validated, before any reviewer's
decision). ``cells``: every cell of the three tables, blank ones too, with the form's labels; ``value`` is the
exact text (``NULL`` when blank), ``count`` or ``amount`` the number. ``findings``: what reading and
validation found, as :meth:`Validation.rows` gives them, every one (none is dropped for a reviewer's
decision), each with its ``key`` and ``figure`` (:func:`~disclosure_report.finding_key`,
:func:`~disclosure_report.finding_figure`): the view ``reviewed_findings`` marks each with the decision about
it. ``positions``: where each cell was printed in its file. ``decisions``: the reviewers' decisions of the
last export given a decisions file (``export_corpus(decisions=...)``), as the file states them (``decided_by``
and ``decided_at`` are its ``by`` and ``at``), ``precedence`` their order (the latest about a finding
prevails) and ``recorded`` when the export took them; an export without one keeps them.
"""

POSITION_FIELDS: Final = (
    ("file", "file"),
    ("page", "page"),
    ("sheet", "sheet"),
    ("address", "address"),
    ("line", "line"),
    ("paragraph", "paragraph"),
    ("table", "table_number"),
    ("row", "row_number"),
    ("cell", "cell_number"),
)
""":class:`SourcePosition`'s fields and their columns in ``positions``."""


def _request_cell(alias: str, row: str) -> str:
    return (
        f"LEFT JOIN cells {alias} ON {alias}.fingerprint = r.fingerprint AND {alias}.table_key = 'requests' "
        f"AND {alias}.row_key = '{row}' AND {alias}.column_key = 'total'"
    )


REVIEWED_FINDINGS: Final = """
    WITH taken AS (
        SELECT * FROM decisions QUALIFY recorded = max(recorded) OVER ()
    ), fitting AS (  -- the latest decision about a finding's key and figure
        SELECT * FROM taken QUALIFY row_number() OVER (PARTITION BY key, figure ORDER BY precedence DESC) = 1
    ), latest AS (  -- the latest about its key, whatever the figure: what an outdated finding shows
        SELECT * FROM taken QUALIFY row_number() OVER (PARTITION BY key ORDER BY precedence DESC) = 1
    )
    SELECT f.*,
           CASE WHEN m.decision = 'dismiss' THEN 'dismissed' WHEN m.decision = 'confirm' THEN 'confirmed'
                WHEN l.key IS NOT NULL THEN 'outdated' END AS decision,
           CASE WHEN m.key IS NOT NULL THEN m.decided_by ELSE l.decided_by END AS decided_by,
           CASE WHEN m.key IS NOT NULL THEN m.decided_at ELSE l.decided_at END AS decided_at,
           CASE WHEN m.key IS NOT NULL THEN m.reason ELSE l.reason END AS decision_reason
    FROM findings f
    LEFT JOIN fitting m ON m.key = f.key AND m.figure = f.figure
    LEFT JOIN latest l ON l.key = f.key
"""
"""Each finding with the decision about it, as :func:`~disclosure_report.apply_decisions` applies it: the
latest decision about its key and figure (``dismissed`` or ``confirmed``), else ``outdated`` with the latest
about its key (its figure changed since), else none. Two hash joins: the cost grows with the findings and
the decisions, once each."""


CORPUS_VIEWS: Final[Mapping[str, str]] = {
    "reviewed_findings": REVIEWED_FINDINGS,
    "disclosure_rates": f"""
        SELECT r.fingerprint, r.agency, r.region, r.division_code, r.level, r.year,
               g.count AS granted, p.count AS partially_granted, t.count AS handled,
               CASE WHEN t.count > 0 THEN (g.count + p.count) / t.count END AS rate
        FROM reports r
        {_request_cell("g", "granted")}
        {_request_cell("p", "partially_granted")}
        {_request_cell("t", "total")}
    """,
    "disclosure_rate_by_year_level": """
        SELECT year, level, count(*) AS reports, count(rate) AS reports_with_a_rate,
               sum(granted + partially_granted) FILTER (WHERE rate IS NOT NULL)
                 / sum(handled) FILTER (WHERE rate IS NOT NULL) AS rate
        FROM disclosure_rates
        GROUP BY year, level
        ORDER BY year, level NULLS LAST
    """,
    "unbalanced_reports": f"""
        SELECT r.fingerprint, r.file, r.agency, r.region, r.year, count(*) AS errors,
               list(DISTINCT f.code ORDER BY f.code) AS codes
        FROM reports r JOIN reviewed_findings f ON f.fingerprint = r.fingerprint
        WHERE f.severity = 'error' AND f.decision IS DISTINCT FROM 'dismissed'
          AND f.code IN ({", ".join(repr(code) for code in BALANCE_CODES)})
        GROUP BY r.fingerprint, r.file, r.agency, r.region, r.year
        ORDER BY r.year, r.agency, r.file
    """,
    "carry_over_mismatches": """
        SELECT now.agency, now.region, now.year, c.column_key,
               last.count AS carried_forward_last_year, c.count AS carried_over_this_year,
               now.fingerprint, before.fingerprint AS previous_fingerprint
        FROM reports now
        JOIN reports before
          ON before.agency = now.agency AND before.year = now.year - 1
         AND before.region IS NOT DISTINCT FROM now.region
         AND (before.division_code IS NULL OR now.division_code IS NULL
              OR before.division_code = now.division_code)
        JOIN cells c
          ON c.fingerprint = now.fingerprint AND c.table_key = 'requests' AND c.row_key = 'carried_over'
        JOIN cells last
          ON last.fingerprint = before.fingerprint AND last.table_key = 'requests'
         AND last.row_key = 'carried_forward' AND last.column_key = c.column_key
        WHERE c.count IS NOT NULL AND last.count IS NOT NULL AND c.count <> last.count
        QUALIFY count(*) OVER (PARTITION BY now.fingerprint, c.column_key) = 1
        ORDER BY now.year, now.agency, c.column_key
    """,
    "indicators": indicators_sql(),
}
"""The views :func:`open_corpus` and a DuckDB export define, by name.

``reviewed_findings``: every finding with the reviewers' decision about it (the columns ``validate
--decisions`` adds): ``decision`` is ``dismissed``, ``confirmed``, ``outdated`` (a decision about its key,
but its figure changed since: it is not dismissed) or ``NULL``; ``decided_by``, ``decided_at`` and
``decision_reason`` say who, when and why. ``disclosure_rates``: each report's 予以公开 and 部分公开
over （七）总计 (all applicants), ``NULL`` when a cell is blank or nothing was handled.
``disclosure_rate_by_year_level``: the same, summed by year and agency level. ``unbalanced_reports``:
reports whose tables break a printed or layout relation (a total not the sum of its parts, table 三's
勾稽关系), findings reviewers dismissed left out. ``carry_over_mismatches``: a report whose 上年结转
differs from the same agency's 结转下年度 of the year before (the same name and region, the division
codes not disagreeing; an agency with two reports that year is not compared). ``indicators``: the
indicator panel (:data:`disclosure_report.INDICATORS`), one row per report, each indicator with its
numerator, denominator, small-sample flag and change from last year's report (``previous``), ``NULL``
over a blank cell: the values :func:`~disclosure_report.indicators` gives for the same reports.
"""


def arrow_table(name: str, columns: Mapping[str, Sequence[Any]]) -> pyarrow.Table:
    import pyarrow as pa

    schema = _arrow_schema(name)
    return pa.Table.from_arrays(
        [pa.array(columns[field.name], type=field.type) for field in schema], schema=schema
    )


def _arrow_schema(name: str) -> pyarrow.Schema:
    import pyarrow as pa

    types = {
        "VARCHAR": pa.string(),
        "BIGINT": pa.int64(),
        "INTEGER": pa.int32(),
        "SMALLINT": pa.int16(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "TIMESTAMP": pa.timestamp("us"),
        "TIMESTAMPTZ": pa.timestamp("us", tz="UTC"),
        AMOUNT_TYPE: pa.decimal128(38, AMOUNT_PLACES),
        "BLOB": pa.binary(),
    }
    return pa.schema([(column, types[kind]) for column, kind in CORPUS_TABLES[name]])


def define_views(connection: duckdb.DuckDBPyConnection) -> None:
    for name, query in CORPUS_VIEWS.items():
        connection.execute(f"CREATE OR REPLACE VIEW {name} AS {query}")
