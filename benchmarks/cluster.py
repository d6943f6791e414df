"""The corpus export on a Dask cluster against the local export, on the same folder of mixed files.

Run:  python benchmarks/cluster.py [--reports 2000] [--pdfs 50] [--workers 1 2]

Makes the folder as benchmarks/corpus.py does (every format, PDFs by LibreOffice when installed, copies,
unreadable files), then exports it into a new Parquet folder: locally with 1 and 2 worker processes, and
on a Dask LocalCluster of 1 and 2 worker processes (started before the clock, as a running cluster would
be). Checks that every run wrote the same tables, and prints documents per second, the scaling from 1 to
2 workers, and the CPU time per document by format (read, validated and made rows of in this process),
from which the docs estimate the time of a national corpus on a cluster.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import distributed

from disclosure_report._corpus import CORPUS_TABLES, export_corpus, open_corpus
from disclosure_report._corpus.columns import Columns
from disclosure_report._corpus.reading import prepare_export_workers, read_one, stamped_input
from disclosure_report._io.batch import units

sys.path.insert(0, str(Path(__file__).parent))
from corpus import make_folder


def tables(target: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows but the time of export, sorted: what two exports are compared by."""
    with open_corpus(target) as connection:
        found = {}
        for name, spec in CORPUS_TABLES.items():
            columns = [column for column, _ in spec if column != "exported"]
            rows = connection.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall()
            found[name] = sorted(rows, key=repr)
        return found


@contextlib.contextmanager
def cluster(workers: int) -> Iterator[Any]:
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0") as local,
        distributed.Client(local) as client,
    ):
        yield client


def timed(paths: list[Path], target: Path, **how: Any) -> float:
    if target.exists():
        shutil.rmtree(target)
    start = time.perf_counter()
    export_corpus(paths, target, format="parquet", **how)
    return time.perf_counter() - start


def per_format(root: Path) -> None:
    """CPU time per document of each format, in this process: reading, validating and building its rows
    (what a worker spends on it, without the cost of starting workers)."""
    prepare_export_workers()
    by_extension: dict[str, list[float]] = {}
    for unit in units([str(root)]):
        if unit.line is not None or not Path(unit.name).name.startswith("r"):
            continue
        start = time.process_time()
        exported, result = read_one(stamped_input(unit))
        if result is not None and exported.fingerprint is not None:
            columns = Columns()
            columns.add(result, exported.file, exported.fingerprint)
            columns.tables()
        by_extension.setdefault(Path(unit.name).suffix, []).append(time.process_time() - start)
    for extension, costs in sorted(by_extension.items()):
        median = statistics.median(costs) * 1000
        print(f"  {extension:6} {median:7.1f} ms a document (median of {len(costs)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2_000)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        temporary = Path(name)
        root = temporary / "downloads"
        root.mkdir()
        inputs, distinct, _ = make_folder(root, args.reports, args.pdfs)
        kinds = Counter(path.suffix for path in root.rglob("*") if path.is_file())
        print(f"{inputs} inputs ({distinct} distinct reports): {dict(sorted(kinds.items()))}")
        results: dict[tuple[str, int], float] = {}
        reference = None
        for workers in args.workers:
            elapsed = timed([root], temporary / "local", jobs=workers)
            results["local", workers] = elapsed
            reference = reference or tables(temporary / "local")
            assert tables(temporary / "local") == reference
            started = time.perf_counter()
            with cluster(workers) as client:
                startup = time.perf_counter() - started
                elapsed = timed([root], temporary / "dask", dask=client)
            results["dask", workers] = elapsed
            assert tables(temporary / "dask") == reference, "the cluster wrote other tables"
            print(f"(a LocalCluster of {workers} took {startup:.1f} s to start, not counted)")
        for (where, workers), elapsed in results.items():
            first = results[where, args.workers[0]]
            print(
                f"{where:5} {workers} worker(s): {inputs / elapsed:6.1f} documents/s ({elapsed:.1f} s), "
                f"{first / elapsed:.2f}x the rate of {args.workers[0]}"
            )
        for workers in args.workers:
            ratio = results["dask", workers] / results["local", workers]
            print(f"dask / local with {workers} worker(s): {ratio:.2f}x the time")
        print("CPU time per document, by format:")
        per_format(root)


if __name__ == "__main__":
    main()
