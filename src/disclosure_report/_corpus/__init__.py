"""The corpus: every report of a folder of downloaded files in DuckDB or Parquet tables, and back.

:func:`export_corpus` reads each file in a worker process (the batch's limits and isolation), validates
it, and writes the report, its cells, its findings and where each cell was printed. The run is
incremental and resumable: what a database already holds is skipped (a file by its name, size and
modification time, a JSON line by its content), a report already there from another file is recorded as a
duplicate of it (by fingerprint), and rows are written in transactions (DuckDB) or in chunks whose file
list is written last (Parquet), so an interrupted run loses nothing and duplicates nothing when run again.
:func:`open_corpus` gives a DuckDB connection with the tables and the views that answer the usual
questions; :func:`read_corpus` gives the reports back, equal to those read.

DuckDB and pyarrow are optional: ``pip install 'disclosure-report[corpus]'``.

One module per concern, imports one way (``tests/test_architecture.py`` keeps the order): ``schema``
(tables, views, Arrow types); ``columns`` (a report's rows) and ``parts`` (a Parquet folder's files);
``reading`` (what a worker does, and its tasks); ``stores`` (a DuckDB file or a Parquet folder) and
``cluster`` (Dask); ``export`` and ``connection`` (a corpus opened, copied); ``read_back``. This module
re-exports what the package and the CLI use.
"""

from __future__ import annotations

from .connection import copy_corpus, open_corpus
from .export import ExportSummary, export_corpus
from .read_back import read_corpus
from .schema import CORPUS_TABLES, CORPUS_VIEWS, CorpusFormat
from .stores import corpus_format

__all__ = [
    "CORPUS_TABLES",
    "CORPUS_VIEWS",
    "CorpusFormat",
    "ExportSummary",
    "copy_corpus",
    "corpus_format",
    "export_corpus",
    "open_corpus",
    "read_corpus",
]
