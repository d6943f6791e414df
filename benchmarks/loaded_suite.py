"""The whole test suite on a busy machine: it must pass while other processes keep every core busy.

Run:  python benchmarks/loaded_suite.py [--runs 3] [--load N] [-- PYTEST ARGS]

Starts ``--load`` processes (one a core by default) that spin without end, then runs the README's test
command (``python3 -m pytest``) ``--runs`` times in a row, and prints each run's wall and CPU time and
outcome. The load is stopped whatever happens. Exit status 0 only when every run passed. This proves the
promise of the suite (no test depends on the machine being quiet); the figures go in the README and
``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _spin() -> None:
    while True:
        pass


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="suite runs in a row (default 3)")
    parser.add_argument("--load", type=int, default=os.cpu_count() or 1, help="busy processes (one a core)")
    parser.add_argument("pytest_args", nargs="*", help="more arguments for pytest (after --)")
    options = parser.parse_args()

    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(options.load)]
    for spinner in spinners:
        spinner.start()
    print(f"load: {options.load} busy process(es) on {os.cpu_count()} core(s)", flush=True)
    failures = 0
    try:
        for run in range(1, options.runs + 1):
            cpu_before, start = _children_cpu(), time.monotonic()
            result = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options.pytest_args],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            wall, cpu = time.monotonic() - start, _children_cpu() - cpu_before
            last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-500:]
            said = f"run {run}: exit {result.returncode}, wall {wall:.0f} s, CPU {cpu:.0f} s: {last}"
            print(said, flush=True)
            if result.returncode != 0:
                failures += 1
                print(result.stdout[-8000:], result.stderr[-2000:], sep="\n", flush=True)
    finally:
        for spinner in spinners:
            spinner.terminate()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
