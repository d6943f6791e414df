"""The reports a command reads: a file given, an input of a batch, or the bundled example."""

from __future__ import annotations

from .._io.batch import Unit
from .._io.read import read_report
from .._io.read.result import ReadResult
from ..examples import seed_report
from .options import EXAMPLE, Limits


def load(name: str, limits: Limits) -> ReadResult:
    """A report given on the command line, read in a worker process with the limits (or the example)."""
    if name == EXAMPLE:
        return ReadResult(seed_report(), (), name)
    return read_report(name, isolated=True, timeout=limits.timeout, memory=limits.memory)


def load_task(unit: Unit, agency: str | None = None, year: int | None = None) -> ReadResult:
    """What a worker process does: read one report, the bundled example too (a top-level function)."""
    if unit.name == EXAMPLE and unit.line is None:
        return ReadResult(seed_report(), (), unit.name)
    return unit.read(agency=agency, year=year)
