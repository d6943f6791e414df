"""A corpus opened for queries (DuckDB file or Parquet folder), and copied into one DuckDB file."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import Problem, ReadError
from .parts import committed_chunks, committed_parts, damaged_parts
from .schema import CORPUS_TABLES, define_views
from .stores import missing_extra, not_a_corpus

if TYPE_CHECKING:
    import duckdb


def open_corpus(source: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to a corpus (a DuckDB file, opened read-only, or a Parquet folder).

    The tables of :data:`CORPUS_TABLES` and the views of :data:`CORPUS_VIEWS` are there to query. The
    parts of a Parquet folder are checked first (each one's footer, a small read a part).

    Raises:
        FileNotFoundError: There is no corpus there.
        ReadError: A part of a Parquet folder is damaged (code ``corpus-invalid``, naming the part; an
            export to the folder repairs it, reading the inputs of its chunk again).
        ModuleNotFoundError: DuckDB is not installed.
    """
    try:
        import duckdb
    except ModuleNotFoundError as error:
        raise missing_extra(error) from None
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no corpus there")
    if path.is_file():
        with not_a_corpus(path):
            return duckdb.connect(str(path), read_only=True)
    damaged = damaged_parts(path)
    if damaged:
        part, why = min(damaged.items())
        message = f"damaged ({why}); an export to this folder drops its chunk and reads its inputs again"
        more = [
            Problem("corpus", f"{other}: damaged", "corpus-invalid")
            for other in sorted(damaged)
            if other != part
        ]
        raise ReadError(str(part), [Problem("corpus", message, "corpus-invalid"), *more])
    connection = duckdb.connect()
    chunks = committed_chunks(path)  # once: a chunk committed meanwhile is left out of every table
    for name, columns in CORPUS_TABLES.items():
        parts = committed_parts(path, name, chunks)  # not those of a chunk being written
        if parts:
            listed = ", ".join("'" + str(part).replace("'", "''") + "'" for part in parts)
            rows = f"read_parquet([{listed}], union_by_name = true)"
            # Parts written before a column was added have none: it is NULL there.
            present = {row[0] for row in connection.execute(f"DESCRIBE SELECT * FROM {rows}").fetchall()}
            selected = ", ".join(
                f'"{column}"' if column in present else f'CAST(NULL AS {kind}) AS "{column}"'
                for column, kind in columns
            )
            # An input read again has a later row, which replaces the earlier until the run ends.
            latest = (
                " QUALIFY row_number() OVER (PARTITION BY file, file_bytes, stamp ORDER BY exported DESC) = 1"
                if name == "files"
                else ""
            )
            connection.execute(f"CREATE VIEW {name} AS SELECT {selected} FROM {rows}{latest}")
        else:
            definition = ", ".join(f'"{column}" {kind}' for column, kind in columns)
            connection.execute(f"CREATE TABLE {name} ({definition})")
    define_views(connection)
    return connection


def copy_corpus(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy a corpus into a new DuckDB file: a Parquet folder (as a cluster writes it) into one file.

    The source may be a DuckDB file too. Only committed chunks are copied (not the parts of a run still
    writing); rows are streamed, never all in memory. The file appears whole or not at all.

    Raises:
        FileExistsError: The target is already there.
        FileNotFoundError: There is no corpus at the source.
        ReadError: The source is no corpus (code ``corpus-invalid``).
        OSError: The target cannot be written (its folder is missing, or not writable).
        ModuleNotFoundError: DuckDB is not installed.
    """
    try:
        import duckdb
    except ModuleNotFoundError as error:
        raise missing_extra(error) from None
    path = Path(target)
    if path.exists():
        raise FileExistsError(f"{path}: already there (a copy is written to a new file)")
    temporary = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        try:
            copy = duckdb.connect(str(temporary))
        except duckdb.Error as error:
            raise OSError(f"{path}: cannot be written: {error}") from None
        with copy, open_corpus(source) as connection:
            for name, columns in CORPUS_TABLES.items():
                definition = ", ".join(f'"{column}" {kind}' for column, kind in columns)
                copy.execute(f"CREATE TABLE {name} ({definition})")
                with not_a_corpus(source):
                    # A corpus older than a column has none: it is NULL in the copy.
                    present = {row[0] for row in connection.execute(f"DESCRIBE {name}").fetchall()}
                    listed = ", ".join(
                        f'"{column}"' if column in present else f'CAST(NULL AS {kind}) AS "{column}"'
                        for column, kind in columns
                    )
                    relation: Any = connection.sql(f"SELECT {listed} FROM {name}")
                    # A stream of record batches: DuckDB 2 names it to_arrow_reader, DuckDB 1 otherwise.
                    stream = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
                    rows = stream()
                copy.register("copied_rows", rows)
                copy.execute(f"INSERT INTO {name} SELECT * FROM copied_rows")
                copy.unregister("copied_rows")
            define_views(copy)
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
