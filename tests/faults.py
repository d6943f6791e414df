"""An export killed at random points, as the out-of-memory killer or a person would kill it.

Shared by ``tests/test_corpus.py`` (a few kills) and ``benchmarks/faults.py`` (as many as asked for). Each
run is the command line in a process of its own, with its own temporary folder and a mark in its
environment that every process it starts inherits (the workers, confine, LibreOffice): after a kill, a
process with the mark that still runs is a process the run left behind.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

from disclosure_report import AnnualReport, render_docx, render_html, render_json, render_text
from disclosure_report._corpus import CORPUS_TABLES, open_corpus

MARK = "DISCLOSURE_REPORT_FAULT_RUN"
"""The environment variable that marks every process of a run."""


def make_inputs(folder: Path, reports: list[AnnualReport], *, legacy: Path | None = None) -> int:
    """A folder of the reports in several formats and a JSON-lines file, a copy and a broken file.

    ``legacy``: a ``.doc`` to add (read through LibreOffice). Returns the number of inputs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    writers: list[tuple[str, Callable[[AnnualReport], bytes]]] = [
        ("json", lambda report: render_json(report).encode()),
        ("txt", lambda report: render_text(report).encode()),
        ("html", lambda report: render_html(report).encode()),
        ("docx", render_docx),
    ]
    lines = []
    inputs = 0
    for number, report in enumerate(reports):
        if number % 2:
            lines.append(render_json(report, indent=None))
            continue
        extension, write = writers[number // 2 % len(writers)]
        (folder / f"r{number:04d}.{extension}").write_bytes(write(report))
        inputs += 1
    (folder / "lines.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    shutil.copy(folder / "r0000.json", folder / "copy.json")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    inputs += len(lines) + 2
    if legacy is not None:
        shutil.copy(legacy, folder / "legacy.doc")
        inputs += 1
    return inputs


@attrs.frozen
class Run:
    """One run of the export: whether it was killed, and what it left."""

    killed: bool
    seconds: float
    survivors: tuple[int, ...]
    """Processes of the run still running after the grace period."""
    left: tuple[str, ...]
    """What is in the run's temporary folder after it."""
    status: int | None
    said: str
    """What it wrote on standard error (when it was not killed)."""


def export(
    inputs: Path, target: Path, temporary: Path, *, kill_after: float | None = None, grace: float = 5.0
) -> Run:
    """Run the export (the command line); kill it (SIGKILL) after ``kill_after`` seconds if it is still
    running, and wait up to ``grace`` seconds for the processes it started to end."""
    mark = uuid.uuid4().hex
    temporary.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-m",
        "disclosure_report",
        "--lang",
        "en",
        "export",
        str(inputs),
        "--to",
        str(target),
    ]
    environment = {**os.environ, "TMPDIR": str(temporary), MARK: mark}
    started = time.monotonic()
    process = subprocess.Popen(
        [*command, "--jobs", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    killed = False
    said = ""
    try:
        said = process.communicate(timeout=kill_after)[1]
    except subprocess.TimeoutExpired:
        process.kill()
        killed = True
        try:  # its standard error ends when every process holding it does: a survivor would hold it
            process.communicate(timeout=grace)
        except subprocess.TimeoutExpired:
            process.wait()
    seconds = time.monotonic() - started
    ends = time.monotonic() + grace
    while (left := running(mark)) and time.monotonic() < ends:
        time.sleep(0.05)
    return Run(
        killed,
        seconds,
        tuple(left),
        tuple(sorted(path.name for path in temporary.iterdir())),
        None if killed else process.returncode,
        said,
    )


def running(mark: str) -> list[int]:
    """The processes running with ``mark`` in their environment (a zombie has ended: not counted)."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def tables(target: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of a corpus, rows sorted, without the time each input was exported."""
    with open_corpus(target) as connection:
        found = {}
        for name, spec in CORPUS_TABLES.items():
            columns = ", ".join(f'"{column}"' for column, _ in spec if column != "exported")
            rows = connection.execute(f"SELECT {columns} FROM {name}").fetchall()
            found[name] = sorted(rows, key=repr)
        return found


def leftovers(target: Path) -> list[str]:
    """Temporary files beside or in a corpus: parts being written, DuckDB's journal."""
    if target.is_dir():
        return sorted(str(path) for path in target.rglob("*.tmp"))
    return sorted(str(path) for path in target.parent.glob(f"{target.name}.*"))


def killed_runs(
    inputs: Path, target: Path, temporary: Path, kills: int, longest: float, rng: random.Random
) -> list[Run]:
    """Kill the export ``kills`` times, each at a random point of at most ``longest`` seconds, then
    let it finish; every run, the last (not killed) included."""
    runs = [export(inputs, target, temporary, kill_after=rng.uniform(0.0, longest)) for _ in range(kills)]
    runs.append(export(inputs, target, temporary))
    return runs
