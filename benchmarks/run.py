"""Benchmarks: speed and memory of the main jobs on a generated corpus.

Run:  python benchmarks/run.py [--reports N] [--cli N]

Figures are printed, not asserted: timings belong here, not in the test suite. The corpus is generated
deterministically (seeded), consistent reports of the 2021 template with report-like texts. Each rate is
the best of three runs.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from disclosure_report import (
    AnnualReport,
    Applicant,
    DisclosureTable,
    FormKey,
    Metadata,
    RequestRow,
    RequestTable,
    ReviewColumn,
    ReviewRow,
    ReviewTable,
    TableKind,
    TemplateVersion,
    from_html,
    from_json,
    from_xlsx,
    render_html,
    render_json,
    render_xlsx,
    table_spec,
    validate,
)
from disclosure_report.examples import seed_report

OVERVIEW = (
    "{year}年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年共收到政府信息公开申请{new}件，"
    "均已按时办结。未发生行政复议、行政诉讼。"
)


def make_report(rng: random.Random, number: int) -> AnnualReport:
    """A consistent 2021 report with small random counts and a text that agrees with them."""
    spec = table_spec(TableKind.REQUESTS, TemplateVersion.V2021)
    cells: dict[tuple[FormKey, FormKey], int] = {}
    applicants = [a for a in Applicant if a is not Applicant.TOTAL]
    for applicant in applicants:
        processed = 0
        for row in spec.row_sums[RequestRow.TOTAL]:
            count = rng.choice((0, 0, 0, 1, 2, 5))
            cells[(row, applicant)] = count
            processed += count
        forward = rng.randint(0, 3)
        carried = rng.randint(0, processed + forward)
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
    requests = RequestTable.build(cells)  # type: ignore[arg-type]
    new = requests[RequestRow.NEW, Applicant.TOTAL]
    review = ReviewTable.build({(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): 0})
    return AnnualReport(
        metadata=Metadata(agency=f"某县第{number}局", year=2023),
        overview=OVERVIEW.format(year=2023, new=new),
        active_disclosure=DisclosureTable.build(),
        requests=requests,
        review_litigation=review,
        problems="一是公开内容不够全面；二是解读形式较为单一。下一步将完善目录，丰富解读形式，提升公开质量。",
        other_matters="本年度未收取信息处理费。",
    )


def corpus(count: int) -> Iterator[AnnualReport]:
    rng = random.Random(2023)
    for number in range(count):
        yield make_report(rng, number)


def rate(label: str, items: list[object], job: Callable[[object], object], unit: str = "/s") -> None:
    """Time the job over the items, best of three runs (the machine is shared: the best run is the one
    least disturbed)."""
    elapsed = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for item in items:
            job(item)
        elapsed = min(elapsed, time.perf_counter() - start)
    if unit == "ms":
        print(f"{label:<42} {elapsed / len(items) * 1000:10.1f} ms each ({len(items)} items)")
    else:
        print(f"{label:<42} {len(items) / elapsed:10.0f} {unit} ({len(items)} items)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument(
        "--cli", type=int, default=0, metavar="N", help="also time the CLI on about N reports"
    )
    args = parser.parse_args()
    reports = list(corpus(args.reports))
    assert all(validate(r).valid for r in reports[:100])

    rate("validate() (generated, with text)", reports, validate)  # type: ignore[arg-type]
    rate("validate() (the seed report)", [seed_report()] * 2000, validate)  # type: ignore[arg-type]
    # The seed again, its text read afresh each time (validation remembers recent texts and sentences).
    from disclosure_report._validation.statements import forget_texts

    def afresh(report: object) -> object:
        forget_texts()
        return validate(report)  # type: ignore[arg-type]

    rate("validate() (the seed, read afresh)", [seed_report()] * 2000, afresh)
    lines = [render_json(r, indent=None) for r in reports]
    rate("from_json() + validate() per JSON line", lines, lambda line: validate(from_json(line)))  # type: ignore[arg-type]

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        tracemalloc.start()
        with path.open(encoding="utf-8") as stream:
            for line in stream:
                validate(from_json(line))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{'peak memory, streaming a JSON-lines file':<42} {peak / 1e6:10.1f} MB ({len(lines)} reports)"
        )
        if args.cli:
            repeats = max(1, args.cli // len(lines))
            big = Path(folder) / "year.jsonl"
            with big.open("w", encoding="utf-8") as out:
                for _ in range(repeats):
                    out.write(path.read_text(encoding="utf-8"))
            command = [
                sys.executable,
                "-m",
                "disclosure_report",
                "validate",
                "--jobs",
                "2",
                "--format",
                "csv",
            ]
            start = time.perf_counter()
            subprocess.run([*command, str(big)], stdout=subprocess.DEVNULL, check=False)
            elapsed = time.perf_counter() - start
            total = repeats * len(lines)
            label = "CLI validate, JSON lines, 2 workers"
            print(f"{label:<42} {total / elapsed:10.0f} /s ({total} reports, {elapsed:.1f} s)")

    pages = [render_html(r) for r in reports[:300]]
    rate("from_html()", pages, from_html)  # type: ignore[arg-type]
    sample = reports[:40]
    rate("write_xlsx() (render_xlsx)", sample, render_xlsx, unit="ms")  # type: ignore[arg-type]
    workbooks = [render_xlsx(r) for r in sample]
    rate("from_xlsx()", workbooks, from_xlsx, unit="ms")  # type: ignore[arg-type]

    kept_pdf = Path(__file__).parents[1] / "tests" / "data" / "seed.libreoffice.pdf"
    try:
        from disclosure_report import from_pdf

        rate("from_pdf() (the seed, 2 pages)", [kept_pdf.read_bytes()] * 10, from_pdf, unit="ms")  # type: ignore[arg-type]
    except ImportError:  # pragma: no cover - the pdf extra is not installed
        print("from_pdf(): pdfplumber is not installed (pip install 'disclosure-report[pdf]')")

    timings = []
    for _ in range(5):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import disclosure_report; print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        timings.append(float(out.stdout))
    print(f"{'import disclosure_report (best of 5)':<42} {min(timings) * 1000:10.1f} ms")


if __name__ == "__main__":
    main()
