"""The corpus export on a folder of generated reports in every format, interrupted and resumed.

Run:  python benchmarks/corpus.py [--reports 10000] [--jobs 2] [--pdfs 100] [--format duckdb|parquet]

Writes the reports (JSON, JSON lines, text, Markdown, HTML, DOCX, XLSX; PDFs made from DOCX by LibreOffice
when it is installed; a few copies and unreadable files) into a temporary folder, exports them, stops the
run half way (as a killed process would: the export runs in a child process, killed), resumes it, and
checks the counts: every input exactly once, every distinct report once, the unreadable ones recorded.
Prints reports per second into the database and its size, and the size per 100,000 reports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

from disclosure_report import render_docx, render_html, render_json, render_text, render_xlsx
from disclosure_report._corpus import export_corpus, open_corpus

sys.path.insert(0, str(Path(__file__).parent))
from run import corpus

WRITERS = {
    ".json": lambda report: render_json(report).encode(),
    ".txt": lambda report: render_text(report).encode(),
    ".md": lambda report: markdown(render_text(report, labels="repeated")).encode(),
    ".html": lambda report: render_html(report).encode(),
    ".docx": render_docx,
    ".xlsx": render_xlsx,
}


def markdown(text: str) -> str:
    """A text rendering as a Markdown dump has it: table rows as pipe rows, the title a heading."""
    lines = text.split("\n")
    rows = ["| " + " | ".join(line.split("\t")) + " |" if "\t" in line else line for line in lines[1:]]
    return "\n".join(["# " + lines[0], *rows])


def make_folder(root: Path, count: int, pdfs: int) -> tuple[int, int, int]:
    """The folder: ``count`` distinct reports, a few copies and unreadable files. Returns (inputs,
    distinct reports, unreadable)."""
    reports = list(corpus(count))
    extensions = list(WRITERS)
    lines: list[str] = []
    to_pdf: list[Path] = []
    for number, report in enumerate(reports):
        report = attrs.evolve(report, metadata=attrs.evolve(report.metadata, year=2021 + number % 3))
        folder = root / f"batch{number // 1000:02d}"
        folder.mkdir(exist_ok=True)
        if number % 8 == 7:
            lines.append(render_json(report, indent=None))  # an eighth as JSON lines
            continue
        if number < pdfs:
            path = folder / f"r{number:05d}.docx"
            path.write_bytes(render_docx(report))
            to_pdf.append(path)
            continue
        extension = extensions[number % len(extensions)]
        (folder / f"r{number:05d}{extension}").write_bytes(WRITERS[extension](report))
    (root / "lines.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if to_pdf:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            sys.exit("LibreOffice is needed to make the PDFs (or give --pdfs 0)")
        for folder in sorted({path.parent for path in to_pdf}):
            batch = [str(path) for path in to_pdf if path.parent == folder]
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), *batch],
                check=True,
                capture_output=True,
            )
        for path in to_pdf:
            path.unlink()
    copies = 0
    for path in sorted(root.rglob("r000[1-3]*")):
        shutil.copy(path, path.with_name("copy-" + path.name))
        copies += 1
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (root / "empty.txt").write_text("nothing\n", encoding="utf-8")
    return count + copies + 2, count, 2


def export_in_child(folder: Path, target: Path, jobs: int, fmt: str) -> subprocess.Popen[bytes]:
    """The export in a process of its own, which prints a dot for each input done."""
    code = (
        "from disclosure_report import export_corpus; "
        f"export_corpus([{str(folder)!r}], {str(target)!r}, format={fmt!r}, jobs={jobs}, "
        "progress=lambda said: said is None and print('.', end='', flush=True))"
    )
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, start_new_session=True)


def kill_half_way(child: subprocess.Popen[bytes], inputs: int) -> None:
    """Kill the export (and its workers) once half the inputs are done, as a machine going down would."""
    assert child.stdout is not None
    done = 0
    while done < inputs // 2 and child.stdout.read(1):
        done += 1
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(part.stat().st_size for part in path.rglob("*") if part.is_file())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pdfs", type=int, default=100)
    parser.add_argument("--format", choices=["duckdb", "parquet"], default="duckdb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "downloads"
        root.mkdir()
        start = time.perf_counter()
        inputs, distinct, unreadable = make_folder(root, args.reports, args.pdfs)
        print(f"made {inputs} inputs ({distinct} distinct reports) in {time.perf_counter() - start:.0f} s")
        target = Path(temporary) / ("corpus.duckdb" if args.format == "duckdb" else "corpus")

        # Interrupted: the export killed half way through.
        kill_half_way(export_in_child(root, target, args.jobs, args.format), inputs)
        with open_corpus(target) as connection:
            before = connection.execute("SELECT count(*) FROM files").fetchone()[0]
        print(f"killed half way: {before} inputs were written")

        start = time.perf_counter()
        summary = export_corpus([root], target, format=args.format, jobs=args.jobs)
        elapsed = time.perf_counter() - start
        print(f"resumed: {summary}")
        with open_corpus(target) as connection:
            files = connection.execute("SELECT count(*), count(DISTINCT file) FROM files").fetchone()
            reports = connection.execute(
                "SELECT count(*), count(DISTINCT fingerprint) FROM reports"
            ).fetchone()
            statuses = dict(
                connection.execute("SELECT status, count(*) FROM files GROUP BY status").fetchall()
            )
            cells = connection.execute("SELECT count(*) FROM cells").fetchone()[0]
        assert files == (inputs, inputs), files
        assert reports == (distinct, distinct), reports
        assert statuses.get("unreadable") == unreadable, statuses
        assert summary.skipped == before, (summary.skipped, before)
        print(f"checked: {inputs} inputs once each, {distinct} reports once each, {cells} cells")
        new = summary.added
        if new:
            print(
                f"export: {new / elapsed:.0f} reports/s with {args.jobs} worker(s) ({new} in {elapsed:.1f} s)"
            )
        size = size_of(target)
        print(f"size: {size / 1e6:.1f} MB; {size / distinct * 100_000 / 1e9:.2f} GB per 100,000 reports")

        # Again from scratch, uninterrupted, for the rate alone.
        shutil.rmtree(target) if target.is_dir() else target.unlink()
        start = time.perf_counter()
        export_corpus([root], target, format=args.format, jobs=args.jobs)
        elapsed = time.perf_counter() - start
        print(
            f"uninterrupted: {distinct / elapsed:.0f} reports/s with {args.jobs} worker(s) ({elapsed:.1f} s)"
        )


if __name__ == "__main__":
    main()
