"""The parts of a Parquet corpus: written whole and durably, committed by chunk, checked for damage."""

from __future__ import annotations

import errno
import os
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..exceptions import Problem, ReadError
from .schema import CORPUS_TABLES

if TYPE_CHECKING:
    import pyarrow


def part_rows(part: Path, columns: Sequence[str]) -> list[tuple[Any, ...]]:
    """A part's rows, the columns asked for (``None`` for a column the part is older than)."""
    import pyarrow.parquet as pq

    present = set(pq.read_schema(part).names)
    table = pq.read_table(part, columns=[column for column in columns if column in present])
    values = [
        table.column(column).to_pylist() if column in present else [None] * table.num_rows
        for column in columns
    ]
    return list(zip(*values, strict=True))


def sync(path: Path) -> None:
    """Flush a file, or a folder's entries, to the disk (where the platform can)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) * path.is_dir()
    try:
        descriptor = os.open(path, flags)
    except OSError:  # pragma: no cover - a folder cannot be opened on Windows
        return
    try:
        os.fsync(descriptor)
    except OSError as error:  # pragma: no cover - a file system that cannot sync folders
        if error.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):
            raise
    finally:
        os.close(descriptor)


def write_parts(folder: Path, chunk: str, tables: Mapping[str, pyarrow.Table]) -> None:
    """Write each table as the chunk's part in its table's folder, each whole or not at all, durably.

    Each file is flushed to the disk before it is renamed into place, and each folder after: a part
    that is there is whole, even after a power cut.
    """
    import pyarrow.parquet as pq

    for name, table in tables.items():
        final = folder / name / f"{chunk}.parquet"
        temporary = final.with_name(f"{final.name}.{uuid.uuid4().hex}.tmp")  # writers never share one
        try:
            pq.write_table(table, temporary)
            sync(temporary)
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    for name in tables:
        sync(folder / name)


def committed_chunks(folder: Path) -> set[str]:
    """The chunks of a Parquet corpus that are committed: those whose ``files`` part is there."""
    return {part.stem for part in (folder / "files").glob("*.parquet")}


def committed_parts(folder: Path, name: str, chunks: set[str]) -> list[Path]:
    """The parts of a table in a Parquet corpus whose chunk is committed."""
    return sorted(part for part in (folder / name).glob("*.parquet") if part.stem in chunks)


def damaged_parts(folder: Path) -> dict[Path, str]:
    """The committed parts of a Parquet corpus that cannot be read, and why.

    Each part's footer (its schema and row groups) is read and its columns compared with the table's:
    one small read a part, whatever its size. A part cut short, or another file under a part's name,
    fails it.
    """
    import pyarrow
    import pyarrow.parquet as pq

    chunks = committed_chunks(folder)
    found = {}
    for name, columns in CORPUS_TABLES.items():
        expected = {column for column, _ in columns}
        for part in committed_parts(folder, name, chunks):
            try:
                names = set(pq.read_metadata(part).schema.names)
            except (OSError, pyarrow.ArrowException) as error:
                found[part] = str(error)
                continue
            if not names <= expected or not names:
                found[part] = f"columns {sorted(names)} are not the {name} table's"
    return found


def drop_damaged(folder: Path) -> tuple[str, ...]:
    """Remove each chunk with a damaged part, its ``files`` part first: uncommitted, its inputs read again.

    Returns:
        What was dropped, a line for each damaged part.

    Raises:
        ReadError: A damaged part cannot be removed (code ``corpus-invalid``, naming it).
    """
    said = []
    for part, why in sorted(damaged_parts(folder).items()):
        chunk = part.stem
        try:
            (folder / "files" / f"{chunk}.parquet").unlink(missing_ok=True)
            sync(folder / "files")
            for name in CORPUS_TABLES:
                (folder / name / f"{chunk}.parquet").unlink(missing_ok=True)
        except OSError as error:
            message = f"damaged ({why}), and cannot be removed: {error.strerror or error}"
            raise ReadError(str(part), [Problem("corpus", message, "corpus-invalid")]) from None
        said.append(f"{part}: damaged ({why}): its chunk is dropped, its inputs read again")
    return tuple(said)


def without_reports(table: pyarrow.Table, fingerprints: Sequence[str]) -> pyarrow.Table:
    """The rows of a table that are not of the reports named."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not fingerprints:
        return table
    return table.filter(pc.invert(pc.is_in(table["fingerprint"], value_set=pa.array(fingerprints))))
