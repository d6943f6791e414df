"""The inputs of a batch: files and folders given, found files, and the reports of JSON-lines files.

The command line's checks and the corpus export read the same inputs the same way: a folder is searched
for every supported format, a ``.jsonl`` file gives a report per line, read lazily so that memory stays
flat however many there are. A file fetched from the web carries the address it came from, as the
manifest of its fetch says (a folder's manifest is not an input).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Final

import attrs

from ..exceptions import Problem, ReadError
from .fetch.manifest import MANIFEST_NAME, Origins
from .files import SYSTEM_ERRORS, display_name, problem_code
from .formats import EXTENSIONS, by_name, formats_of
from .read import read_report
from .read.result import ReadResult

__all__ = [
    "JSON_LINES",
    "TASK_BYTES",
    "TASK_FILES",
    "TASK_LINES",
    "Unit",
    "batch_formats",
    "input_files",
    "units",
]

JSON_LINES: Final = ".jsonl"
"""The extension of a file with a JSON report on each line."""

TASK_FILES: Final = 64
"""Files read by one worker process, each within its own limits: starting a worker costs more than
reading a small file (forking a parent that holds a database copies its page tables: 30 ms), so small
files go to workers by the dozen (up to :data:`TASK_BYTES`; a larger file alone)."""
TASK_BYTES: Final = 4 * 1024 * 1024
"""The most bytes of input one worker is given at once."""
TASK_LINES: Final = 256
"""Lines of JSON-lines files read by one worker process, each within its own limits."""


@attrs.frozen
class Unit:
    """One report to read: a file, or a line of a JSON-lines file (its text, or why it has none).

    Attributes:
        name: The file, or ``file:line`` for a line. A file name whose bytes are not UTF-8 holds them as
            Python does (surrogate escapes): it opens the file; :attr:`shown` is what people read.
        line: The line's text, for a line of a JSON-lines file.
        problem: Why the line cannot be read (too long, not UTF-8, the file unreadable), if it cannot.
        origin: The web address a fetched file came from (its ``metadata.source``), if a manifest says.
        number: The line's number in its file, for a line.
    """

    name: str
    line: str | None = None
    problem: Problem | None = None
    origin: str | None = None
    number: int | None = None

    @property
    def file(self) -> str:
        """The file the unit is, or is a line of."""
        return self.name if self.number is None else self.name[: -len(f":{self.number}")]

    @property
    def size(self) -> int:
        """The bytes to read: a line's, or its file's (0 when the file cannot be looked at)."""
        if self.line is not None:
            return len(self.line.encode("utf-8", "surrogatepass"))
        try:
            return os.stat(self.name).st_size
        except OSError:
            return 0

    @property
    def shown(self) -> str:
        """The name as people read it (see :func:`~disclosure_report._io.files.display_name`)."""
        return display_name(self.name)

    def read(self, *, agency: str | None = None, year: int | None = None) -> ReadResult:
        """The report: a line read as JSON, a file by :func:`~disclosure_report.read_report`.

        ``agency`` and ``year`` override what a file's document says; a JSON line states both exactly. A
        fetched file's report has its web address as ``metadata.source``. Messages and the other reports'
        ``metadata.source`` name the file as :attr:`shown`: a name is not content, and one that is not
        UTF-8 never stops a batch.

        Raises:
            ReadError: The unit cannot be read (its problem, or the reader's); ``system-failure`` when
                the machine failed the read (no room left in the temporary folder, too many files open).
        """
        shown = self.shown
        if self.problem is not None:
            raise ReadError(shown, [self.problem])
        if self.line is not None:
            from .json import from_json  # imported when a line is read: a batch of PDFs never needs it

            return ReadResult(from_json(self.line, source=shown), (), shown)
        try:
            result = read_report(self.name, source=shown, agency=agency, year=year)
        except OSError as error:
            if error.errno not in SYSTEM_ERRORS:
                raise
            where = "" if error.filename is None else f" ({display_name(os.fsdecode(error.filename))})"
            message = f"not read: {error.strerror or error}{where}"
            raise ReadError(shown, [Problem("file", message, "system-failure")]) from None
        if self.origin is None:
            return result
        report = result.report
        found = attrs.evolve(report, metadata=attrs.evolve(report.metadata, source=self.origin))
        return attrs.evolve(result, report=found)


def batch_formats(files: Sequence[str]) -> frozenset[str] | None:
    """The formats a batch of these files reads, as :func:`~.formats.formats_of` tells them.

    A JSON-lines file's lines are JSON; ``None`` when a file's extension names no format (its content
    decides, which the batch does not read before its workers start).
    """
    return formats_of(files, {JSON_LINES: "json"})


def input_files(paths: Sequence[str], *, follow_links: bool = False) -> Iterator[str]:
    """The files given, and every file with a report's extension in the folders given (sorted).

    A symbolic link under a folder, to a file or to a folder, is not followed unless ``follow_links``
    (as ``find`` does, and ``find -L`` with it): a link in a downloaded folder may name any file on the
    machine. A path given is followed, link or not. Followed links to folders are entered once each, so
    a link to a folder above it ends.
    """
    suffixes = {*EXTENSIONS, JSON_LINES}  # the formats registered now
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(_found(path, suffixes, follow_links))
        else:
            yield name


def _found(root: Path, suffixes: set[str], follow_links: bool) -> Iterator[str]:
    """The files under a folder with one of the suffixes (each folder read once; no recursion)."""
    entered: set[tuple[int, int]] = set()
    pending = [str(root)]
    while pending:
        folder = pending.pop()
        try:
            if follow_links:  # a folder reached twice through links is read once: no loop
                status = os.stat(folder)
                if (status.st_dev, status.st_ino) in entered:
                    continue
                entered.add((status.st_dev, status.st_ino))
            with os.scandir(folder) as entries:
                found = list(entries)
        except OSError:
            continue  # a folder that cannot be read holds nothing to read, as before
        for entry in found:
            try:
                if entry.is_symlink() and not follow_links:
                    continue
                if entry.is_dir():
                    pending.append(entry.path)
                # Anything else with a report's extension, a FIFO too: it is then reported as not a
                # regular file rather than passed over in silence. A fetch's manifest is no report.
                elif os.path.splitext(entry.name)[1].lower() in suffixes and entry.name != MANIFEST_NAME:
                    yield entry.path
            except OSError:
                continue


def units(paths: Sequence[str]) -> Iterator[Unit]:
    """Each report to read, lazily: a file (with its origin, if fetched), or each line of a .jsonl file.

    Folders are searched as :func:`input_files` does, following no symbolic link inside them.
    """
    origins = Origins()
    for name in input_files(paths):
        if name.endswith(JSON_LINES):
            yield from _json_lines(name)
        else:
            yield Unit(name, origin=origins.of(name))


def _json_lines(name: str) -> Iterator[Unit]:
    most = by_name("json").limit  # a line is a JSON document, under the same limit
    try:
        stream = open(name, "rb")  # noqa: SIM115 - the file is read lazily, line by line
    except OSError as error:
        yield Unit(name, problem=Problem("file", error.strerror or str(error), problem_code(error)))
        return
    with stream:
        number = 0
        while True:
            try:
                raw = stream.readline(most + 1)
            except OSError as error:
                yield Unit(name, problem=Problem("file", error.strerror or str(error), problem_code(error)))
                return
            if not raw:
                return
            number += 1
            unit = f"{name}:{number}"
            if len(raw) > most:
                while raw and not raw.endswith(b"\n"):  # the rest of the over-long line
                    raw = stream.readline(most)
                message = f"a line of more than {most} bytes"
                problem = Problem(f"line {number}", message, "file-too-large")
                yield Unit(unit, problem=problem, number=number)
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                problem = Problem(f"line {number}", f"not UTF-8 text ({error.reason})", "text-encoding")
                yield Unit(unit, problem=problem, number=number)
                continue
            if text.strip():
                yield Unit(unit, text, number=number)
