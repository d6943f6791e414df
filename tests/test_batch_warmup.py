"""A batch's serial part: what its parent warms before the first worker, and what it leaves till after.

A batch warms the readers of its inputs' formats alone; a new corpus is made while the workers read.
What the parent had imported when it forked its first worker is seen through ``os.register_at_fork``
in a child process running the command line.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from disclosure_report import AnnualReport, export_corpus, render_text, write_json, write_xlsx
from disclosure_report._io.formats import by_name, formats_of

# The command line run as ``python -m disclosure_report``, the modules it had imported when it forked its
# first worker written to the file named first (``[]`` if it never forked).
_AT_FIRST_FORK = """
import atexit, json, os, runpy, sys
seen = []
os.register_at_fork(before=lambda: seen or seen.append(sorted(sys.modules)))
where = sys.argv.pop(1)
atexit.register(lambda: open(where, "w").write(json.dumps(seen[0] if seen else [])))
sys.argv[0] = "disclosure-report"
runpy.run_module("disclosure_report", run_name="__main__")
"""


def _at_first_fork(tmp_path: Path, *arguments: str) -> set[str]:
    """The modules the command had imported when it forked its first worker."""
    modules = tmp_path / "modules.json"
    said = subprocess.run(
        [sys.executable, "-c", _AT_FIRST_FORK, str(modules), "--lang", "en", *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert said.returncode == 0, said.stderr
    seen: list[str] = json.loads(modules.read_text())
    assert seen, "no worker was forked"
    return set(seen)


def _folder(seed: AnnualReport, tmp_path: Path, kinds: str, count: int = 6) -> Path:
    """A folder of ``count`` copies of the seed report, in turn of each kind (``j`` JSON, ``t`` text,
    ``x`` XLSX)."""
    folder = tmp_path / f"reports-{kinds}"
    folder.mkdir()
    for number in range(count):
        match kinds[number % len(kinds)]:
            case "j":
                write_json(seed, folder / f"r{number:03d}.json")
            case "t":
                (folder / f"r{number:03d}.txt").write_text(render_text(seed), encoding="utf-8")
            case _:
                write_xlsx(seed, folder / f"r{number:03d}.xlsx")
    return folder


def test_the_formats_of_files_are_their_extensions_or_none(tmp_path: Path) -> None:
    assert formats_of(["a.json", "b.TXT", "c.md", "d.xlsx"]) == {"json", "text", "xlsx"}
    assert formats_of(["lines.jsonl", "a.html"], {".jsonl": "json"}) == {"json", "html"}
    assert formats_of([]) == frozenset()
    # An extension that names no format: the file's content decides, so every format is warmed.
    assert formats_of(["a.json", "copied.dat"]) is None
    assert formats_of(["lines.jsonl"]) is None  # without the batch's word for JSON lines


def test_the_xlsx_row_is_warmed_without_a_workbook_written() -> None:
    row = by_name("xlsx")
    assert not row.read_back and row.warm == "openpyxl"
    assert all(other.read_back for other in (by_name("json"), by_name("text"), by_name("docx")))


def test_a_batch_of_json_files_warms_no_workbook_or_pdf_reader(seed: AnnualReport, tmp_path: Path) -> None:
    folder = _folder(seed, tmp_path, "j")
    modules = _at_first_fork(tmp_path, "validate", "--format", "csv", "--jobs", "1", str(folder))
    assert "disclosure_report._io.json" in modules
    assert not {
        "openpyxl",
        "pdfplumber",
        "disclosure_report._io.read.xlsx",
        "disclosure_report._io.read.html",
    } & (modules)


def test_a_batch_with_workbooks_warms_their_reader_and_writes_none(
    seed: AnnualReport, tmp_path: Path
) -> None:
    folder = _folder(seed, tmp_path, "jx")
    modules = _at_first_fork(tmp_path, "validate", "--format", "csv", "--jobs", "1", str(folder))
    assert {"openpyxl", "disclosure_report._io.read.xlsx"} <= modules
    assert not {"pdfplumber", "disclosure_report._io.write.xlsx"} & modules


def test_a_file_of_no_known_extension_warms_every_format(seed: AnnualReport, tmp_path: Path) -> None:
    folder = _folder(seed, tmp_path, "j", count=2)
    copied = tmp_path / "copied.dat"  # told by its content, which the parent never reads
    copied.write_text(render_text(seed), encoding="utf-8")
    arguments = ("validate", "--format", "csv", "--jobs", "1", str(folder), str(copied))
    modules = _at_first_fork(tmp_path, *arguments)
    assert {"openpyxl", "disclosure_report._io.read.xlsx", "disclosure_report._io.read.html"} <= modules


def test_a_new_corpus_is_made_after_the_first_worker_an_existing_one_before(
    seed: AnnualReport, tmp_path: Path
) -> None:
    pytest.importorskip("duckdb")
    folder = _folder(seed, tmp_path, "jt")
    target = tmp_path / "corpus.duckdb"
    modules = _at_first_fork(tmp_path, "export", "--jobs", "1", "--to", str(target), str(folder))
    assert "duckdb" not in modules and "pyarrow" in modules  # the workers' Arrow columns, warm
    assert target.exists()
    # Again, with one more file: what the corpus holds decides what is read, so it is opened first.
    more = _folder(seed, tmp_path, "t", count=1)
    arguments = ("export", "--jobs", "1", "--to", str(target), str(folder), str(more))
    modules = _at_first_fork(tmp_path, *arguments)
    assert "duckdb" in modules


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_a_new_corpus_holds_what_one_made_before_the_workers_holds(
    seed: AnnualReport, tmp_path: Path, format: str
) -> None:
    pytest.importorskip("duckdb")
    from disclosure_report import open_corpus

    folder = _folder(seed, tmp_path, "jtx", count=9)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    new = tmp_path / ("new.duckdb" if format == "duckdb" else "new")
    made = tmp_path / ("made.duckdb" if format == "duckdb" else "made")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert export_corpus([empty], made, jobs=1).inputs == 0  # made, holding nothing
    assert made.exists()
    summaries = [export_corpus([folder], target, jobs=2) for target in (new, made)]
    assert summaries[0] == summaries[1]
    assert (summaries[0].inputs, summaries[0].unreadable) == (10, 1)
    for table in ("reports", "cells", "positions", "findings", "files"):
        rows = []
        for target in (new, made):
            connection = open_corpus(target)
            columns = "* EXCLUDE (exported)" if table == "files" else "*"
            rows.append(sorted(map(repr, connection.execute(f"SELECT {columns} FROM {table}").fetchall())))
            connection.close()
        assert rows[0] == rows[1], table
        assert rows[0] or table in ("positions", "findings"), table  # the seed's: from JSON, and valid


def test_an_export_of_nothing_still_makes_its_corpus(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    empty = tmp_path / "empty"
    empty.mkdir()
    target = tmp_path / "corpus.duckdb"
    assert export_corpus([empty], target, jobs=1).inputs == 0
    assert target.exists()


_THREADED = """
import functools, sys, threading, time
from disclosure_report._io.workers import prepare_workers, run_many
def facts(_):
    return 'disclosure_report._io.read.xlsx' in sys.modules
if __name__ == '__main__':
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    warm = functools.partial(prepare_workers, frozenset({"json"}))
    print(list(run_many(facts, range(2), jobs=1, warm=warm)))
"""


def test_a_fork_server_runs_a_batch_s_warm_up_for_every_format(tmp_path: Path) -> None:
    # A threaded process's workers come from a fork server, which finds a warm-up by its name: a
    # partial's function, run without its arguments (every format).
    main = tmp_path / "main.py"
    main.write_text(_THREADED, encoding="utf-8")
    said = subprocess.run(
        [sys.executable, str(main)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert said.returncode == 0, said.stderr
    assert said.stdout.strip() == "[True, True]"
