"""The export killed (SIGKILL) at random points, many times: nothing left running, nothing lost.

Run:  python benchmarks/faults.py [--kills 50] [--reports 120] [--format duckdb|parquet] [--seed N]
                                  [--no-legacy]

Makes a folder of generated reports (JSON, text, HTML, DOCX, a JSON-lines file, a copy, a broken file,
and a ``.doc`` read through LibreOffice when it is installed), exports it once uninterrupted, then into
a new corpus kills the export at a random point (uniform over the length of an uninterrupted run) until
it has been killed ``--kills`` times, and lets the last run finish. A run done before its kill point is
checked (the corpus equals the uninterrupted one) and the corpus started afresh, so that the kills fall
in runs with work to do. After each run: no process of the run (the workers, confine, LibreOffice) still
running after 5 s, nothing in its temporary folder but the private folder of a killed conversion
(removed by the next run). At the end: the corpus equals the uninterrupted one, table by table, and no
temporary file is left. Prints a line per run and a summary; exits 1 on a
failure. The test suite runs the same with two kills (``tests/test_corpus.py``, ``tests/faults.py``).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import faults  # noqa: E402
from tests.applications import SOFFICE, office_convert  # noqa: E402

from disclosure_report import write_docx  # noqa: E402
from disclosure_report.examples import seed_report  # noqa: E402


def check(number: int, run: faults.Run, failures: list[str], *, last: bool) -> None:
    """What a run must leave: no process running, nothing in its temporary folder but (after a kill) a
    killed conversion's private folder, which the next run removes."""
    if run.survivors:
        failures.append(f"run {number}: processes left running {run.survivors}")
    stray = [name for name in run.left if last or not name.startswith("disclosure-report-convert-")]
    if stray:
        failures.append(f"run {number}: left in the temporary folder {stray}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--reports", type=int, default=120)
    parser.add_argument("--format", choices=["duckdb", "parquet"], default="parquet")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--no-legacy", action="store_true", help="no .doc (LibreOffice) among the inputs")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import corpus

    rng = random.Random(options.seed)
    with tempfile.TemporaryDirectory(prefix="disclosure-report-faults-") as folder:
        root = Path(folder)
        legacy = None
        if SOFFICE is not None and not options.no_legacy:
            write_docx(seed_report(), root / "seed.docx")
            legacy = office_convert(root / "seed.docx", "doc:MS Word 97", root / "office")
        reports = [
            attrs.evolve(report, metadata=attrs.evolve(report.metadata, year=2021 + number % 3))
            for number, report in enumerate(corpus(options.reports))
        ]
        count = faults.make_inputs(root / "inputs", reports, legacy=legacy)
        suffix = ".duckdb" if options.format == "duckdb" else ""
        clean = faults.export(root / "inputs", root / f"clean{suffix}", root / "tmp-clean")
        expected = faults.tables(root / f"clean{suffix}")
        print(f"{count} inputs; an uninterrupted run takes {clean.seconds:.1f} s; seed {options.seed}")
        target = root / f"corpus{suffix}"
        failures = []
        kills = finished = number = 0
        while kills < options.kills and number < 3 * options.kills:
            point = rng.uniform(0.0, clean.seconds)
            run = faults.export(root / "inputs", target, root / "tmp", kill_after=point)
            check(number, run, failures, last=False)
            if run.killed:
                kills += 1
                said = f"killed at {point:.2f} s"
            else:  # done before its kill point: checked, and the next kills start from nothing again
                finished += 1
                same = faults.tables(target) == expected
                said = f"finished before {point:.2f} s ({'the same corpus' if same else 'ANOTHER CORPUS'})"
                if not same:
                    failures.append(f"run {number}: the corpus differs from the uninterrupted run's")
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink()
            print(f"run {number:3d}: {said}; running after 5 s {list(run.survivors)}; left {list(run.left)}")
            number += 1
        run = faults.export(root / "inputs", target, root / "tmp")
        check(number, run, failures, last=True)
        print(f"run {number:3d}: finished; running after 5 s {list(run.survivors)}; left {list(run.left)}")
        if faults.leftovers(target):
            failures.append(f"temporary files left: {faults.leftovers(target)}")
        if faults.tables(target) != expected:
            failures.append("the corpus differs from the uninterrupted run's")
        print(
            f"{kills} runs killed; {finished} finished before their kill point (checked, and started again)"
        )
        for failure in failures:
            print("FAILED:", failure)
        if not failures:
            print("every run left nothing running; the corpus equals the uninterrupted run's")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
