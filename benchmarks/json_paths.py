"""JSON's fast paths against their reference, each taken alone by the switch (``json_paths``).

Run:  python benchmarks/json_paths.py [--reports 1000] [--rounds 9]

Reads (``from_json``) and writes (``render_json``, one line and indented) the same generated reports
(``run.py``'s generator, both template versions) with the reference alone (the standard library and
cattrs), with orjson, with msgspec, and with both (as installed). Each job's time is CPU time per report,
the median of the rounds; the jobs take turns a round each, so what disturbs the shared machine for a while
falls on all alike, and the figures compared are ratios to the reference within one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from disclosure_report import from_json, render_json
from disclosure_report._io.json import INSTALLED_PATHS, JSON_PATHS, JsonPath, json_paths

sys.path.insert(0, str(Path(__file__).parent))
from run import corpus

Job = tuple[Callable[[Any], object], list[Any], tuple[JsonPath, ...]]


def medians(jobs: dict[str, Job], rounds: int) -> dict[str, float]:
    """CPU seconds per item of each job, the median of ``rounds``, the jobs taking turns a round each."""
    times: dict[str, list[float]] = {label: [] for label in jobs}
    for _ in range(rounds):
        for label, (job, items, paths) in jobs.items():
            with json_paths(*paths):
                start = time.process_time()
                for item in items:
                    job(item)
                times[label].append((time.process_time() - start) / len(items))
    return {label: statistics.median(found) for label, found in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    reports = list(corpus(args.reports))
    documents = [render_json(report, indent=None) for report in reports]
    choices: dict[str, tuple[JsonPath, ...]] = {"reference": ()}
    choices.update({path: (path,) for path in INSTALLED_PATHS})
    if INSTALLED_PATHS == JSON_PATHS:
        choices["msgspec+orjson"] = JSON_PATHS
    jobs: dict[str, Job] = {}
    for name, paths in choices.items():
        jobs[f"from_json, {name}"] = (from_json, documents, paths)
        if "msgspec" not in paths:  # msgspec only reads: writing with it is writing without it
            jobs[f"render_json one line, {name}"] = (lambda r: render_json(r, indent=None), reports, paths)
            jobs[f"render_json indented, {name}"] = (render_json, reports, paths)
    timings = medians(jobs, args.rounds)
    print(f"{len(reports)} generated reports, {args.rounds} rounds, CPU time per report (median)")
    for label, seconds in timings.items():
        task = label.split(", ")[0]
        ratio = seconds / timings[f"{task}, reference"]
        print(f"{label:<36} {seconds * 1e6:8.1f} µs  {ratio:5.2f}× the reference")


if __name__ == "__main__":
    main()
