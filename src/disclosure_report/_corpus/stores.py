"""Where a corpus is kept, a DuckDB file or a Parquet folder: what it holds, and chunks written whole.

One export at a time writes a store (a lock); a Parquet folder is repaired when opened.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..exceptions import Problem, ReadError
from .parts import (
    committed_chunks,
    committed_parts,
    drop_damaged,
    part_rows,
    sync,
    without_reports,
    write_parts,
)
from .reading import resolved_path
from .schema import CORPUS_TABLES, CorpusFormat, arrow_table, define_views

if TYPE_CHECKING:
    import pyarrow


RETRIED: Final = frozenset({"resource-limit", "system-failure"})
"""Problems of the moment, not of the file (a time or memory limit, a killed worker, a full temporary
folder): an input recorded with one is read again by the next export, and its row replaced."""


def input_key(file: str, file_bytes: bytes | None) -> str:
    """An input's identity from its row: its name's bytes when it has them, made absolute.

    Names recorded relative (by earlier versions) are taken relative to the current folder.
    """
    name = os.fsdecode(file_bytes) if file_bytes is not None else file
    if os.path.isabs(name):
        return name
    line = re.fullmatch(r"(.*\.jsonl):(\d+)", name, flags=re.DOTALL)
    if line is not None:
        return f"{resolved_path(line[1])}:{line[2]}"
    return resolved_path(name)


class Store:
    """Where a corpus is kept: what it already holds, and a chunk of rows written all or nothing."""

    repaired: tuple[str, ...] = ()
    """What was found damaged and dropped when the store was opened (said to the user)."""

    def inputs(self) -> dict[tuple[str, str], str | None]:
        """The inputs already exported, (identity, stamp), with their problem code (``None`` if read)."""
        raise NotImplementedError

    def fingerprints(self) -> set[str]:
        """The reports already there."""
        raise NotImplementedError

    def write(self, tables: Mapping[str, pyarrow.Table], replaced: pyarrow.Table | None = None) -> None:
        """Write one chunk of rows (``files`` always among them), all of it or none.

        ``replaced``: the ``files`` rows (``file``, ``file_bytes``, ``stamp``) of inputs read again,
        whose earlier row the new one replaces.
        """
        raise NotImplementedError

    def decide(self, decisions: pyarrow.Table) -> None:
        """Make these the corpus's decisions (the ``decisions`` table's rows), in place of those it had."""
        raise NotImplementedError

    def close(self) -> None:
        """Finish writing."""


def _inputs(rows: Iterable[tuple[Any, ...]]) -> dict[tuple[str, str], str | None]:
    """Rows (file, file_bytes, stamp, problem, exported) by input; the latest row of each wins."""
    latest: dict[tuple[str, str], tuple[Any, str | None]] = {}
    for file, file_bytes, stamp, problem, exported in rows:
        key = (input_key(file, file_bytes), stamp)
        if key not in latest or (exported is not None and exported >= latest[key][0]):
            latest[key] = (exported, problem)
    return {key: problem for key, (_, problem) in latest.items()}


_INPUT_COLUMNS: Final = ("file", "file_bytes", "stamp", "problem", "exported")


class DuckDBStore(Store):
    """A DuckDB file, held by this run alone (a lock on the file, as a Parquet folder has one)."""

    def __init__(self, path: Path) -> None:
        import duckdb

        self.path = path
        # Locked before it is opened when it is there; else once DuckDB has made it.
        self.lock = _lock(path, path) if path.exists() else None
        try:
            try:
                self.connection = duckdb.connect(str(path))
            except duckdb.Error:
                if self.lock is None and path.exists():
                    self.lock = _lock(path, path)  # another export made it a moment ago: corpus-busy
                raise
            if self.lock is None:
                self.lock = _lock(path, path)
            with _written(path):
                for name, columns in CORPUS_TABLES.items():
                    definition = ", ".join(f'"{column}" {kind}' for column, kind in columns)
                    self.connection.execute(f"CREATE TABLE IF NOT EXISTS {name} ({definition})")
                    for column, kind in columns:  # a column added since the file was made (origin, ...)
                        self.connection.execute(
                            f'ALTER TABLE {name} ADD COLUMN IF NOT EXISTS "{column}" {kind}'
                        )
                define_views(self.connection)
        except BaseException:
            if self.lock is not None:
                self.lock.close()
            raise

    def inputs(self) -> dict[tuple[str, str], str | None]:
        listed = ", ".join(_INPUT_COLUMNS)
        return _inputs(self.connection.execute(f"SELECT {listed} FROM files").fetchall())

    def fingerprints(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT fingerprint FROM reports").fetchall()}

    def write(self, tables: Mapping[str, pyarrow.Table], replaced: pyarrow.Table | None = None) -> None:
        import duckdb

        connection = self.connection
        with _written(self.path):
            connection.execute("BEGIN TRANSACTION")
            try:
                if replaced is not None and replaced.num_rows:
                    connection.register("replaced", replaced)
                    connection.execute(
                        "DELETE FROM files f USING replaced r WHERE f.file = r.file AND f.stamp = r.stamp "
                        "AND f.file_bytes IS NOT DISTINCT FROM r.file_bytes"
                    )
                    connection.unregister("replaced")
                for name, chunk in tables.items():
                    connection.register("chunk", chunk)
                    connection.execute(f"INSERT INTO {name} SELECT * FROM chunk")
                    connection.unregister("chunk")
                connection.execute("COMMIT")
            except BaseException:
                # A failed commit (no room left) has ended the transaction already: its error is the one
                # to tell, not the rollback's.
                with contextlib.suppress(duckdb.Error):
                    connection.execute("ROLLBACK")
                raise

    def decide(self, decisions: pyarrow.Table) -> None:
        import duckdb

        connection = self.connection
        with _written(self.path):
            connection.execute("BEGIN TRANSACTION")
            try:
                connection.execute("DELETE FROM decisions")
                connection.register("taken", decisions)
                connection.execute("INSERT INTO decisions SELECT * FROM taken")
                connection.unregister("taken")
                connection.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(duckdb.Error):
                    connection.execute("ROLLBACK")
                raise

    def close(self) -> None:
        try:
            with _written(self.path):
                self.connection.close()
        finally:
            if self.lock is not None:
                self.lock.close()  # after DuckDB's own handle: closing a file drops its locks


@contextlib.contextmanager
def _written(path: Path) -> Iterator[None]:
    """DuckDB's failures to write a corpus (no room left, an I/O error) said as such.

    Raises:
        OSError: What DuckDB could not write, with DuckDB's words (``errno`` ENOSPC when no room is left).
    """
    import duckdb

    try:
        yield
    except (duckdb.IOException, duckdb.FatalException, duckdb.TransactionException) as error:
        said = str(error)
        number = errno.ENOSPC if "No space left" in said else errno.EIO
        raise OSError(number, f"cannot be written: {said}") from None


class ParquetStore(Store):
    """A folder with a folder per table; each chunk a file per table, named by the chunk, ``files`` last.

    A chunk is there when its ``files`` part is: parts of a chunk without one (a run stopped while writing
    it) are removed when the folder is opened again, and so is a chunk with a damaged part (its inputs
    are then read again). Each part is written durably (the file and its folder flushed to the disk
    before the chunk is committed).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        for name in CORPUS_TABLES:
            (path / name).mkdir(parents=True, exist_ok=True)
        self.lock = _lock(path / ".lock", path)
        self.superseded = False
        try:
            self.repaired = drop_damaged(path)
            chunks = committed_chunks(path)
            for name in CORPUS_TABLES:
                kept = set(committed_parts(path, name, chunks))
                for part in (path / name).iterdir():
                    if part.name.endswith(".tmp") or (part.suffix == ".parquet" and part not in kept):
                        part.unlink()
            _drop_superseded(path)
        except BaseException:
            self.lock.close()
            raise

    def close(self) -> None:
        try:
            if self.superseded:
                _drop_superseded(self.path)
        finally:
            self.lock.close()  # and with it, the lock

    def _read(self, name: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        for part in committed_parts(self.path, name, committed_chunks(self.path)):
            rows.extend(part_rows(part, columns))
        return rows

    def inputs(self) -> dict[tuple[str, str], str | None]:
        return _inputs(self._read("files", _INPUT_COLUMNS))

    def fingerprints(self) -> set[str]:
        return {row[0] for row in self._read("reports", ("fingerprint",))}

    def write(self, tables: Mapping[str, pyarrow.Table], replaced: pyarrow.Table | None = None) -> None:
        chunk = uuid.uuid4().hex
        write_parts(self.path, chunk, {name: table for name, table in tables.items() if name != "files"})
        write_parts(self.path, chunk, {"files": tables["files"]})  # last: the chunk is there once it is
        # The rows replaced stay in their parts until the run ends (open_corpus shows the latest only).
        self.superseded |= replaced is not None and replaced.num_rows > 0

    def commit(
        self,
        chunk: str,
        staged: Mapping[str, str],
        files: pyarrow.Table,
        dropped: Sequence[str],
        replaced: pyarrow.Table | None = None,
    ) -> None:
        """Commit the parts a worker staged as the chunk's, without the rows of the reports ``dropped``.

        Raises:
            OSError: A staged part is not there (the worker wrote where this process does not see).
        """
        import pyarrow.parquet as pq

        for name, staged_name in staged.items():
            part = self.path / name / staged_name
            if dropped:
                kept = without_reports(pq.read_table(part), dropped)
                if kept.num_rows:
                    write_parts(self.path, chunk, {name: kept})
                part.unlink()
            else:
                os.replace(part, self.path / name / f"{chunk}.parquet")
                sync(self.path / name)
        write_parts(self.path, chunk, {"files": files})
        self.superseded |= replaced is not None and replaced.num_rows > 0

    def decide(self, decisions: pyarrow.Table) -> None:
        """The decisions as a chunk of their own (an empty ``files`` part commits it), the earlier ones gone.

        The earlier decisions go first: a run stopped between the two has a corpus without decisions
        (every finding shown, as undecided) until the next export given the file, never one with
        decisions the reviewers have since withdrawn.
        """
        import pyarrow.parquet as pq

        chunks = committed_chunks(self.path)
        for part in committed_parts(self.path, "decisions", chunks):
            part.unlink()
            files = self.path / "files" / part.name
            if pq.read_metadata(files).num_rows == 0:  # the chunk held the decisions alone
                files.unlink()
        sync(self.path / "decisions")
        sync(self.path / "files")
        if decisions.num_rows:
            chunk = uuid.uuid4().hex
            write_parts(self.path, chunk, {"decisions": decisions})
            nothing: dict[str, list[object]] = {column: [] for column, _ in CORPUS_TABLES["files"]}
            write_parts(self.path, chunk, {"files": arrow_table("files", nothing)})


def _drop_superseded(folder: Path) -> None:
    """Rewrite the ``files`` parts that hold rows a later row of the same input replaced.

    An input read again (its first reading failed for a reason of the moment) has a row in a later
    chunk; its earlier row goes. Each part rewritten is written whole and durably.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    latest: dict[tuple[str, str], tuple[Any, Path, int]] = {}
    older: dict[Path, set[int]] = {}
    for part in committed_parts(folder, "files", committed_chunks(folder)):
        for row, (file, file_bytes, stamp, _, exported) in enumerate(part_rows(part, _INPUT_COLUMNS)):
            key = (input_key(file, file_bytes), stamp)
            if key in latest:
                before = latest[key]
                if exported is not None and before[0] is not None and exported < before[0]:
                    older.setdefault(part, set()).add(row)
                    continue
                older.setdefault(before[1], set()).add(before[2])
            latest[key] = (exported, part, row)
    for part, rows in older.items():
        table = pq.read_table(part)
        keep = pa.array([row not in rows for row in range(table.num_rows)])
        write_parts(folder, part.stem, {"files": table.filter(keep)})


def _lock(path: Path, corpus: Path) -> Any:
    """Hold the corpus for this run, by a lock on ``path`` (a Parquet folder's ``.lock``, a DuckDB file).

    A second export at once would remove what this one stages, or add its reports again.

    Raises:
        ReadError: Another export holds it (code ``corpus-busy``).
    """
    stream = open(path, "a+b")  # noqa: SIM115 - held open until the run ends
    try:
        import fcntl

        fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ModuleNotFoundError:  # pragma: no cover - not on POSIX: no lock
        pass
    except BlockingIOError:
        stream.close()
        problem = Problem("corpus", "another export is writing this corpus now", "corpus-busy")
        raise ReadError(str(corpus), [problem]) from None
    return stream


def missing_extra(error: ModuleNotFoundError) -> ModuleNotFoundError:
    return ModuleNotFoundError(
        f"a corpus needs DuckDB and pyarrow ({error.name} is not installed): "
        "pip install 'disclosure-report[corpus]'",
        name=error.name,
    )


@contextlib.contextmanager
def not_a_corpus(target: str | os.PathLike[str]) -> Iterator[None]:
    """A file or folder that is no corpus (not a DuckDB database, a damaged Parquet part) said as such.

    Raises:
        ReadError: What DuckDB or pyarrow could not open, named (code ``corpus-invalid``).
    """
    try:
        import duckdb
        import pyarrow
    except ModuleNotFoundError as error:
        raise missing_extra(error) from None
    try:
        yield
    except (OSError, duckdb.Error, pyarrow.ArrowException) as error:
        problem = Problem("corpus", f"not a corpus this library can open: {error}", "corpus-invalid")
        raise ReadError(os.fspath(target), [problem]) from None


def open_store(target: Path, format: CorpusFormat) -> Store:
    try:
        return DuckDBStore(target) if format == "duckdb" else ParquetStore(target)
    except ModuleNotFoundError as error:
        raise missing_extra(error) from None


def corpus_format(target: str | os.PathLike[str]) -> CorpusFormat:
    """The format a target names: a folder (or a new name without extension) is Parquet, else DuckDB."""
    path = Path(target)
    if path.is_dir() or (not path.exists() and not path.suffix):
        return "parquet"
    return "duckdb"
