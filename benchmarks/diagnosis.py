"""The likely-cause diagnosis on failing tables 三: CPU time per table, and what it names.

Run:  python benchmarks/diagnosis.py [--tables 200] [--cap 10] [--quality 600] [--seed 35] [--cli 10000]
                                     [--only WORD ...] [--no-quality]

For each family of ``tests/broken_tables.py`` (every cell random; only the 总计 column; one applicant
column random; zeros left blank with outcome totals broken; any counts with half the cells blank; one and
two wrong cells in complete tables), ``--tables`` seeded tables, each in the seed report: the CPU time of
the diagnosis (``check_likely_cause``, the whole check) per table, median and worst, in ms and as a ratio
to ``json.loads`` of the same report's JSON timed in the same run (the machine is shared and its speed
varies: the ratio is what compares across runs; each time is a mean over at least 20 ms of repeats, as
the virtual machine's CPU clock advances in steps). A table whose diagnosis takes more than ``--cap``
seconds of CPU is stopped and counted at the cap (``>``): the search before issue 35 took minutes on some.

Then the quality, on ``--quality`` tables of each kind: one changed cell named with its value whenever it
is the only smallest explanation; two changed cells both named (among the explanations listed); a count
split across two neighbouring cells and a count moved into its neighbour's cell named as such.

With ``--cli N``, the command line's ``validate --jobs 2 --format csv`` on N JSON lines of valid reports,
then on the same lines with every third replaced by a failing table of each family in turn: the wall time
of each run.

Figures are printed, not asserted. To measure another checkout (before and after), put its ``src`` first
on ``PYTHONPATH``; the quality part needs the causes' API of the checkout measured (``--no-quality``
skips it).
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.broken_tables import FAMILIES, consistent, hard, moved_value, split_digits, wrong_cells  # noqa: E402

from disclosure_report import AnnualReport, render_json  # noqa: E402
from disclosure_report._validation.diagnosis import check_likely_cause  # noqa: E402
from disclosure_report.examples import seed_report  # noqa: E402


class _Capped(Exception):
    pass


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Capped


def _cpu(job: Callable[[], object], cap: float) -> tuple[float, bool]:
    """The CPU seconds of ``job``, and whether it was stopped at ``cap``.

    A job shorter than 20 ms is repeated until 20 ms have passed and the mean taken: the virtual
    machine's CPU clock advances in steps of up to a few milliseconds.
    """
    signal.setitimer(signal.ITIMER_PROF, cap)
    start = time.process_time()
    runs = 0
    try:
        while True:
            job()
            runs += 1
            elapsed = time.process_time() - start
            if elapsed >= 0.02:
                return elapsed / runs, False
    except _Capped:
        return cap, True
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _json_time(text: str) -> float:
    """The CPU seconds of one ``json.loads`` of ``text``: the mean over 20 ms of them."""
    start = time.process_time()
    runs = 0
    while (elapsed := time.process_time() - start) < 0.02:
        json.loads(text)
        runs += 1
    return elapsed / runs


def speed(tables: int, cap: float, seed: int, only: list[str] | None = None) -> None:
    signal.signal(signal.SIGPROF, _stop)
    base = seed_report()
    columns = ("median", "worst", "median ×", "worst ×", "capped", "stopped")
    print(f"{'family':<36} " + " ".join(f"{c:>9}" for c in columns))
    for name, make in {**FAMILIES, "made hard (not all failing)": hard}.items():
        if only and not any(word in name for word in only):
            continue
        rng = random.Random(seed)
        times: list[float] = []
        ratios: list[float] = []
        capped = out_of_work = 0
        for _ in range(tables):
            report = base.with_table(make(rng))
            loads = _json_time(render_json(report, indent=None))
            elapsed, stopped = _cpu(lambda report=report: list(check_likely_cause(report)), cap)  # type: ignore[misc]
            capped += stopped
            said = [] if stopped else list(check_likely_cause(report))
            out_of_work += any(f.params.get("outcome") == "stopped" for f in said)
            times.append(elapsed)
            ratios.append(elapsed / loads)
        print(
            f"{name:<36} {statistics.median(times) * 1000:8.2f}ms {max(times) * 1000:8.1f}ms "
            f"{statistics.median(ratios):8.0f}× {max(ratios):8.0f}× {capped:>9} {out_of_work:>9}"
        )


def quality(count: int, seed: int) -> None:
    from disclosure_report._validation.diagnosis import causes

    def named(report: AnnualReport, wanted: set[tuple[int, int, int]]) -> tuple[bool, bool]:
        found, total = causes(report.requests)
        listed = [set(cause.changes) for cause in found]
        return total == 1 and listed == [wanted], wanted in listed

    base = seed_report()
    rng = random.Random(seed)
    unique = one_named = one_unique_named = 0
    two_named = 0
    for _ in range(count):
        table, changes = wrong_cells(rng, 1)
        wanted = {(p, stated, right) for p, (stated, right) in changes.items()}
        alone, among = named(base.with_table(table), wanted)
        one_named += among
        unique += alone or (not among and causes(table)[1] == 1)
        one_unique_named += alone
        table, changes = wrong_cells(rng, 2)
        wanted = {(p, stated, right) for p, (stated, right) in changes.items()}
        two_named += named(base.with_table(table), wanted)[1]
    print(f"one changed cell: named with its value in {one_unique_named}/{unique} tables where it is the")
    print(f"  only smallest explanation ({one_named}/{count} named at all)")
    print(f"two changed cells: both named in {two_named}/{count}")
    for label, make in (("split digits", split_digits), ("moved value", moved_value)):
        among = labelled = 0
        for _ in range(count):
            table, cells, _ = make(rng)
            findings = list(check_likely_cause(base.with_table(table)))
            listed = [{p for p, _, _ in cause.changes} for cause in causes(table)[0]]
            among += set(cells) in listed
            if findings:
                faults = findings[0].params.get("faults") or (findings[0].params.get("fault"),)
                spec = table.spec.cells
                wanted = {(spec[p][0].key, spec[p][1].key) for p in cells}
                shown = [
                    {(ref[1], ref[2]) for ref, _, _ in changes} for changes, _ in findings[0].params["causes"]
                ]
                labelled += any(f and found == wanted for f, found in zip(faults, shown, strict=False))
        print(f"{label}: both cells among the causes listed in {among}/{count},", end=" ")
        print(f"named as such in {labelled}/{count}")


def batch(count: int, seed: int) -> None:
    """``validate --jobs 2`` on ``count`` JSON lines: valid reports, then a third broken (each family)."""
    import subprocess
    import tempfile

    rng = random.Random(seed)
    base = seed_report()
    valid = [render_json(base.with_table(consistent(rng)), indent=None) for _ in range(count)]
    makers = list(FAMILIES.values())
    broken = [
        render_json(base.with_table(makers[n % len(makers)](rng)), indent=None) if n % 3 == 0 else line
        for n, line in enumerate(valid)
    ]
    command = [sys.executable, "-m", "disclosure_report", "validate", "--jobs", "2", "--format", "csv"]
    with tempfile.TemporaryDirectory() as folder:
        for label, lines in (("valid", valid), ("a third broken", broken)):
            path = Path(folder) / "batch.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            start = time.perf_counter()
            subprocess.run([*command, str(path)], stdout=subprocess.DEVNULL, check=False)
            print(f"validate --jobs 2, {count} JSON lines, {label}: {time.perf_counter() - start:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--cap", type=float, default=10.0, help="CPU seconds at which a table is stopped")
    parser.add_argument("--quality", type=int, default=600)
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--seed", type=int, default=35)
    parser.add_argument("--only", nargs="*", metavar="WORD", help="the families whose name has one of these")
    parser.add_argument("--cli", type=int, default=0, metavar="N", help="also time the CLI on N JSON lines")
    args = parser.parse_args()
    speed(args.tables, args.cap, args.seed, args.only)
    if not args.no_quality:
        quality(args.quality, args.seed)
    if args.cli:
        batch(args.cli, args.seed)


if __name__ == "__main__":
    main()
