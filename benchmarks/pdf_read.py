"""Benchmark: reading PDF reports, pages by PDFium against pages by pdfplumber (issue #23).

Run:  python3 benchmarks/pdf_read.py [--repeat 5] [--no-generate] [--batch 160] [--jobs 1 2]

Per document, ``from_pdf`` whole (limits, pages, tables, text, assembly), per page, in process time (the
median of ``--repeat`` runs, the two ways taking turns, one process): as the reader runs now (PDFium
where it gives pdfminer's characters, :mod:`disclosure_report._io.read.pdf_layers`) and with every page
read by pdfplumber (the reader before session 10). Which way each document took is printed: WPS and
LibreOffice files take PDFium; browsers' prints (Type3 fonts) stay on pdfplumber. The documents are those of
``benchmarks/pdfium_compare.py``: the real samples ``../shared/samples/r015.pdf``–``r017.pdf`` (read in
place), the PDFs kept in ``tests/data``, and LibreOffice exports and Chromium prints made when those
applications are installed (``--no-generate`` skips them).

With ``--batch N``, the command line ``validate --jobs J --format csv`` is timed whole on a folder of N
PDFs (copies of the real samples and the kept LibreOffice PDFs, in turn), for each J of ``--jobs``, both
ways: in a child process, with the PDFium path turned off in the child for "pdfplumber".

Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from pdfium_compare import DATA, SAMPLES, documents, generate

from disclosure_report import from_pdf
from disclosure_report._io.read import pdf as reader
from disclosure_report._io.read.pdf_engines import ENGINE_VARIABLE


def _medians(actions: Sequence[Callable[[], object]], repeat: int) -> list[float]:
    """The median process time of each action, the actions taking turns (a disturbance falls on all)."""
    for action in actions:
        action()  # warm: imports, fonts
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for action, taken in zip(actions, times, strict=True):
            start = time.process_time()
            action()
            taken.append(time.process_time() - start)
    return [statistics.median(taken) for taken in times]


def _plumber_only(data: bytes) -> object:
    os.environ[ENGINE_VARIABLE] = "pdfplumber"  # the documented switch: the reference engine
    try:
        return from_pdf(data)
    finally:
        del os.environ[ENGINE_VARIABLE]


def per_page(found: Sequence[tuple[str, Path]], repeat: int) -> None:
    print(f"{'document':44} {'pages':>5} {'way':>10} {'now':>9} {'pdfplumber':>11} {'ratio':>6}")
    ratios: dict[str, list[float]] = {"pdfium": [], "pdfplumber": []}
    for name, path in found:
        data = path.read_bytes()
        layer = reader.text_layer(data, name)
        pages = len(layer.pages)
        now, before = (
            seconds / pages * 1000
            for seconds in _medians(
                [functools.partial(from_pdf, data), functools.partial(_plumber_only, data)], repeat
            )
        )
        ratios[layer.engine].append(before / now)
        print(f"{name:44} {pages:5} {layer.engine:>10} {now:7.1f}ms {before:9.1f}ms {before / now:5.1f}x")
    for engine, values in ratios.items():
        if values:
            low, high, middle = min(values), max(values), statistics.median(values)
            print(f"{engine}: {len(values)} documents, {low:.1f}-{high:.1f}x (median {middle:.1f}x)")


def batch(count: int, jobs: Sequence[int]) -> None:
    sources = [*sorted(SAMPLES.glob("r01[567].pdf")), *sorted(DATA.glob("*.libreoffice.pdf"))]
    with tempfile.TemporaryDirectory() as folder:
        inputs = Path(folder) / "inputs"
        inputs.mkdir()
        for number in range(count):
            source = sources[number % len(sources)]
            shutil.copyfile(source, inputs / f"{number:04d}-{source.name}")
        pages = sum(len(reader.text_layer(source.read_bytes(), source.name).pages) for source in sources)
        print(f"\n{count} PDFs ({pages / len(sources):.1f} pages each on average), validate --format csv:")
        for workers in jobs:
            for way, forced in (("now", {}), ("pdfplumber", {ENGINE_VARIABLE: "pdfplumber"})):
                arguments = ["validate", str(inputs), "--jobs", str(workers), "--format", "csv"]
                script = (
                    f"import sys\nfrom disclosure_report._cli import main\nsys.exit(main({arguments!r}))\n"
                )
                start = time.perf_counter()
                environment = {**os.environ, **forced}
                subprocess.run(
                    [sys.executable, "-c", script], stdout=subprocess.DEVNULL, check=False, env=environment
                )
                elapsed = time.perf_counter() - start
                print(f"  {workers} worker(s), {way:10}: {elapsed:6.1f} s ({count / elapsed:5.1f} PDFs/s)")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--generated", type=Path, default=Path(tempfile.gettempdir()) / "pdfium-compare")
    parser.add_argument("--no-generate", action="store_true")
    parser.add_argument("--batch", type=int, default=0, help="time validate --jobs on this many PDFs")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args(argv)
    generated = None
    if not args.no_generate:
        args.generated.mkdir(parents=True, exist_ok=True)
        generate(args.generated)
        generated = args.generated
    per_page(documents(generated), args.repeat)
    if args.batch:
        batch(args.batch, args.jobs)


if __name__ == "__main__":
    main()
