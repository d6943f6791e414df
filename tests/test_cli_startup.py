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


def test_a_single_file_s_check_imports_what_checking_needs_and_no_more(
    seed: AnnualReport, tmp_path: Path
) -> None:
    one = tmp_path / "one.json"
    write_json(seed, one)
    modules = _imported("validate", str(one))
    assert {"disclosure_report._io.read", "disclosure_report._validation"} <= modules  # its work
    # Neither the page, the writers, the corpus, the charts nor the progress bar (not on a terminal).
    unneeded = ("_corpus", "_io.write", "_overview", "_indicators", "_similarity", "_io.fetch.fetcher")
    assert not {m for m in modules for u in unneeded if m.startswith(f"disclosure_report.{u}")}
    assert not {"openpyxl", "duckdb", "pyarrow", "tqdm", "csv"} & modules
