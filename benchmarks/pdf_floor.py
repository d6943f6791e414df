"""Benchmark: a PDF page's full read against PDFium's own text extraction of the same page (issue #40).

Run:  python3 benchmarks/pdf_floor.py [--repeat 7] [--no-generate] [--instructions] [--only NAME ...]

The floor is what pypdfium2 takes to give a page's text: the document opened from its bytes, and each page
loaded, its text page built and its whole text taken (``get_textpage().get_text_range()``). The read is
``from_pdf`` whole: the limits, vetting the file for PDFium, the characters and rules, the tables, the text
and the assembly. For each document both are timed per page in process time, the two taking turns run by
run in one process (a disturbance of the shared machine falls on both), median of ``--repeat``; the ratio
read / floor is the figure. With ``--instructions`` each is also counted in instructions under ``valgrind
--tool=callgrind`` (a child process per count, ``PYTHONHASHSEED=0``; a job run three times less the same
job run once, so that start-up and warming cancel), which does not depend on the machine being quiet.

The documents are those the PDFium way reads: the real WPS samples ``../shared/samples/r015.pdf`` to
``r017.pdf`` (read in place, never copied), the LibreOffice PDFs kept in ``tests/data``, and the
LibreOffice exports ``benchmarks/pdfium_compare.py`` makes (``--no-generate`` skips them). Chromium's
prints (Type3 fonts, read by pdfplumber) are listed with ``--all``, for information.

Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pdf_read import _medians
from pdfium_compare import documents

_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, {benchmarks!r})
import pdf_floor
data = Path({path!r}).read_bytes()
job = {{"floor": pdf_floor.floor, "read": pdf_floor.read}}[{job!r}]
for _ in range(2 + {times}):
    job(data)
"""


def floor(data: bytes) -> int:
    """PDFium's text of every page, as pypdfium2 gives it; the number of pages."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


def read(data: bytes) -> object:
    """The reader's whole work on the file."""
    from disclosure_report import from_pdf

    return from_pdf(data)


def _instructions(path: Path, job: str, times: int) -> int:
    """Instructions of a child that runs the job ``2 + times`` times (callgrind's total)."""
    script = _CHILD.format(benchmarks=str(Path(__file__).parent), path=str(path), job=job, times=times)
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(done.stderr[-2000:])
    return int(found.group(1))


def per_job(path: Path, job: str) -> int:
    """Instructions of one run of the job: three runs less one, start-up and warming cancelled."""
    return (_instructions(path, job, 3) - _instructions(path, job, 1)) // 2


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--generated", type=Path, default=Path(tempfile.gettempdir()) / "pdfium-compare")
    parser.add_argument("--no-generate", action="store_true")
    parser.add_argument("--instructions", action="store_true", help="count instructions with callgrind")
    parser.add_argument("--all", action="store_true", help="Chromium's prints too")
    parser.add_argument("--only", nargs="+", default=[])
    args = parser.parse_args(argv)
    if args.instructions and shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind")
    found = documents(None if args.no_generate else args.generated)
    found = [(name, path) for name, path in found if args.all or not name.startswith("chromium")]
    if args.only:
        found = [(name, path) for name, path in found if any(part in name for part in args.only)]
    header = f"{'document':42} {'pages':>5} {'floor':>8} {'read':>8} {'ratio':>6}"
    print(header + ("   floor Mi/page  read Mi/page  ratio" if args.instructions else ""))
    ratios: list[float] = []
    counted: list[float] = []
    for name, path in found:
        data = path.read_bytes()
        pages = floor(data)
        low, high = (
            seconds / pages * 1000
            for seconds in _medians(
                [functools.partial(floor, data), functools.partial(read, data)], args.repeat
            )
        )
        ratios.append(high / low)
        line = f"{name:42} {pages:5} {low:6.2f}ms {high:6.2f}ms {high / low:5.1f}x"
        if args.instructions:
            base, full = (per_job(path, job) / pages / 1e6 for job in ("floor", "read"))
            counted.append(full / base)
            line += f"   {base:13.1f}  {full:12.1f}  {full / base:4.1f}x"
        print(line, flush=True)
    for what, values in (("process time", ratios), ("instructions", counted)):
        if values:
            low, high, middle = min(values), max(values), statistics.median(values)
            print(f"ratio, {what}: {low:.1f}-{high:.1f}x (median {middle:.1f}x)")


if __name__ == "__main__":
    main()
