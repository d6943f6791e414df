"""The command line starts light: the parser imports no command's work, a single file's check no page.

Start-up time is measured by ``benchmarks/startup.py`` (figures in docs/performance.md); here, what each
invocation imports, which is what its time is made of, counted in a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from disclosure_report import AnnualReport, write_json

_IMPORTED = """
import json, sys
from disclosure_report._cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

_READ = """
import json, sys
from disclosure_report import read_report
read_report(PATH)
print(json.dumps(sorted(sys.modules)))
"""

# What no command's parser needs: the corpus, the batch and its readers, the writers, validation, the
# pages, worker processes, and the third-party code they bring.
_HEAVY = (
    "disclosure_report._corpus",
    "disclosure_report._io.batch",
    "disclosure_report._io.read",
    "disclosure_report._io.write",
    "disclosure_report._io.json",
    "disclosure_report._validation",
    "disclosure_report._overview",
    "disclosure_report._indicators",
    "multiprocessing",
    "cattrs",
    "openpyxl",
    "duckdb",
    "pyarrow",
    "tqdm",
    "csv",
)


def _imported(*args: str) -> set[str]:
    said = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *args], capture_output=True, text=True, check=False, timeout=120
    )
    modules: list[str] = json.loads(said.stderr.strip().splitlines()[-1])
    return set(modules)


def _heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if any(name == h or name.startswith(h + ".") for h in _HEAVY)}


def test_the_help_imports_no_command_s_work() -> None:
    asked = (["--help"], ["validate", "--help"], ["export", "--help"], ["--lang", "zh", "fetch", "--help"])
    for args in asked:
        assert not _heavy(_imported(*args)), args


def test_each_reader_is_imported_when_a_file_of_its_format_is_read(
    seed: AnnualReport, tmp_path: Path
) -> None:
    from disclosure_report import render_text

    one = tmp_path / "one.txt"
    one.write_text(render_text(seed), encoding="utf-8")
    # The command reads in a worker process: here, what read_report imports, in a process of its own.
    program = _READ.replace("PATH", repr(str(one)))
    said = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    modules = set(json.loads(said.stdout))
    assert "disclosure_report._io.read.text" in modules
    others = ("pdf", "html", "docx", "xlsx", "scan", "ocr", "legacy")
    assert not {f"disclosure_report._io.read.{name}" for name in others} & modules
    assert not {"openpyxl", "pdfplumber", "pypdfium2", "defusedxml"} & modules


def test_a_single_file_s_check_imports_what_checking_needs_and_no_more(
    seed: AnnualReport, tmp_path: Path
) -> None:
    one = tmp_path / "one.json"
    write_json(seed, one)
    modules = _imported("validate", str(one))
    assert {"disclosure_report._io.read", "disclosure_report._validation"} <= modules  # its work
    # A JSON document is read by the JSON reader alone: none of the readers of published documents, nor
    # their machinery (lines, alignment), nor the registry's other rows' code.
    readers = {m for m in modules if m.startswith("disclosure_report._io.read.")}
    assert readers == {"disclosure_report._io.read.result"}
    # Neither the page, the writers, the corpus, the charts nor the progress bar (not on a terminal).
    unneeded = ("_corpus", "_io.write", "_overview", "_indicators", "_similarity", "_io.fetch.fetcher")
    assert not {m for m in modules for u in unneeded if m.startswith(f"disclosure_report.{u}")}
    assert not {"openpyxl", "duckdb", "pyarrow", "tqdm", "csv"} & modules
    assert "tomllib" not in modules  # reviewers' decisions are parsed only when a file of them is given


def test_a_well_formed_json_document_is_read_without_cattrs_or_msgspec(
    seed: AnnualReport, tmp_path: Path
) -> None:
    # A single document does not repay importing cattrs (needed only to say what is wrong) or msgspec
    # and its typed decoder (worth it from a process's second document on): 25 ms of a check's start.
    one = tmp_path / "one.json"
    write_json(seed, one)
    program = _READ.replace("PATH", repr(str(one)))
    said = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    modules = set(json.loads(said.stdout))
    assert "disclosure_report._io.json" in modules
    assert not {m for m in modules if m.split(".")[0] in ("cattrs", "msgspec")}
    # What is wrong is still said, by cattrs' exception groups.
    broken = tmp_path / "broken.json"
    broken.write_text(
        one.read_text(encoding="utf-8").replace('"year": 2023', '"year": true'), encoding="utf-8"
    )
    program = _READ.replace("PATH", repr(str(broken))).replace("read_report(", "print_problems(")
    program = program.replace(
        "from disclosure_report import read_report",
        "from disclosure_report import ReadError, read_report\n"
        "def print_problems(path):\n"
        "    try:\n"
        "        read_report(path)\n"
        "    except ReadError as error:\n"
        "        print([problem.place for problem in error.problems])",
    )
    said = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    places, modules_said = said.stdout.strip().splitlines()
    assert places == "['$.metadata.year']"
    assert "cattrs" in json.loads(modules_said)


def test_a_batch_s_workers_start_with_cattrs_and_msgspec() -> None:
    # What a single document is spared, a batch's workers inherit from the warm-up rather than import
    # each (a task of 64 files with one broken JSON document would import cattrs for it).
    program = (
        "import json, sys\n"
        "from disclosure_report._io.json import taken_paths\n"
        "from disclosure_report._io.workers import prepare_workers\n"
        "prepare_workers()\n"
        "print(json.dumps([list(taken_paths()), sorted(sys.modules)]))"
    )
    said = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    taken, modules = json.loads(said.stdout)
    assert "cattrs" in modules
    assert ("msgspec" in modules) == ("msgspec" in taken)
