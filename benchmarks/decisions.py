"""Benchmark: the corpus's ``reviewed_findings`` view (findings marked with reviewers' decisions) as it grows.

Run:  python benchmarks/decisions.py [--sizes 100000 1000000 4000000] [--threads 1]

Tables of the corpus's schema are filled in DuckDB (in memory) with ten findings a report, and one
decision per hundred findings, a third of them about another figure (so ``outdated``); the view is then
read whole, grouped by decision. The figure is the process's CPU seconds for that query, best of three:
two window passes over the decisions and two hash joins, so it grows with the findings and the
decisions, once each. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import time

import duckdb

from disclosure_report._corpus import CORPUS_TABLES
from disclosure_report._corpus.schema import REVIEWED_FINDINGS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000, 4_000_000])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    connection = duckdb.connect()
    connection.execute(f"SET threads = {int(args.threads)}")
    for name in ("findings", "decisions"):
        columns = ", ".join(f'"{column}" {kind}' for column, kind in CORPUS_TABLES[name])
        connection.execute(f"CREATE TABLE {name} ({columns})")
    print("findings  decisions  CPU s  by decision")
    for findings in args.sizes:
        decisions = findings // 100
        connection.execute("DELETE FROM findings")
        connection.execute("DELETE FROM decisions")
        connection.execute(
            "INSERT INTO findings (fingerprint, ordinal, code, key, figure) "
            f"SELECT 'r' || (i // 10), i % 10, 'blank-cell', 'k' || i, 'f' FROM range({findings}) t(i)"
        )
        connection.execute(
            f"INSERT INTO decisions SELECT 'k' || (i * 97 % {findings}), "
            "CASE WHEN i % 3 = 0 THEN 'another' ELSE 'f' END, 'dismiss', '王审核', "
            "TIMESTAMPTZ '2024-03-01 10:00:00+08', '', i, TIMESTAMP '2024-03-02' "
            f"FROM range({decisions}) t(i)"
        )
        query = f"SELECT decision, count(*) FROM ({REVIEWED_FINDINGS}) GROUP BY ALL ORDER BY ALL"
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            found = connection.execute(query).fetchall()
            best = min(best, time.process_time() - start)
        print(f"{findings:>9,}  {decisions:>9,}  {best:5.2f}  {dict(found)}")


if __name__ == "__main__":
    main()
