"""Accuracy and speed of reading scans by OCR, cell by cell, on generated and real reports.

    python3 benchmarks/ocr_accuracy.py [--conditions 300-clean,300-ink,150-ink,300-opaque,...]
                                       [--documents g1,r015]

Generated reports (tests/scans.py: counts of every length and digit, blank cells, a fee with decimals)
are printed to PDF by LibreOffice (DOCX) and Chromium (HTML); the real PDFs r015-r017 are taken from
../shared/samples. Every page is rendered at the condition's resolution, clean (PNG) or with defects:

- scanned (grey paper, a red seal over the largest table, a turn up to 1.5 degrees, blur, noise, JPEG),
  the seal as stamp ink ("ink") or painted over the print ("opaque");
- "seals": one to three seals of 2.5 to 4.5 cm, light to dark red, over numbers of the tables;
- "corrections": two to four numbers corrected by hand above the print, reaching across the rule;
- "photoN": a phone's photo turned N degrees either way, in perspective (a keystone of 3-8 %), shaded;
- "turned": scanned as "ink", then turned a quarter, half or three quarters round, page by page;
- "unturned": the turned pages left upright (the same seals in the same places): what the turn costs;

then read back with ``from_scan``. The truth is the generated report, or the real PDF's text layer as
``read_pdf`` reads it (a corrected cell's truth is its printed number).

Prints, per condition, the report cells right, blank (left blank with a finding, or a row the reader
could not align) and wrong -- the goal is none wrong -- and the CPU seconds a page (the process's own
time, all threads: a busy machine does not inflate it). Needs the ocr and pdf extras, LibreOffice and
Chromium. Takes about 5 s of CPU a page: the default set (7 documents, 26 pages, 11 conditions) about
25 minutes on a quiet core.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.scans import (  # noqa: E402
    as_pdf,
    defected_pages,
    make_report,
    print_report,
    scanned_pages,
    score,
)

from disclosure_report import AnnualReport, from_scan, read_pdf  # noqa: E402

SAMPLES = ROOT.parent / "shared" / "samples"
GENERATED = {"g1": ("docx", 1, 0), "g2": ("docx", 2, 6), "g3": ("html", 3, 0), "g4": ("html", 4, 4)}
REAL = ("r015", "r016", "r017")
CONDITIONS = (
    "300-clean",
    "300-ink",
    "150-ink",
    "300-opaque",
    "200-seals",
    "200-corrections",
    "200-photo1.5",
    "200-photo2.5",
    "200-photo3.5",
    "300-turned",
    "300-unturned",
)


def documents(names: list[str], folder: Path) -> dict[str, tuple[AnnualReport, bytes]]:
    """Each document's truth and printed PDF."""
    out = {}
    for name in names:
        if name in GENERATED:
            how, seed, blanks = GENERATED[name]
            truth = make_report(seed, blanks=blanks)
            work = folder / name
            work.mkdir()
            out[name] = (truth, print_report(truth, how, work).read_bytes())  # type: ignore[arg-type]
        else:
            path = SAMPLES / f"{name}.pdf"
            out[name] = (read_pdf(path).report, path.read_bytes())
    return out


def page_images(pdf: bytes, dpi: int, defect: str, seed: str) -> list[bytes]:
    """The document's pages with the condition's defect."""
    if defect in ("clean", "ink", "opaque"):
        seal = None if defect == "clean" else defect
        return list(scanned_pages(pdf, dpi, seed=seed, seal=seal, defects=defect != "clean"))  # type: ignore[arg-type]
    if defect.startswith("photo"):
        return list(defected_pages(pdf, dpi, "photo", seed=seed, angle=float(defect[len("photo") :])))
    return list(defected_pages(pdf, dpi, defect, seed=seed))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--documents", default=",".join([*GENERATED, *REAL]))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = documents(args.documents.split(","), Path(folder))
    print("| condition | document | pages | right | blank | wrong | CPU s/page | findings |")
    print("|---|---|---|---|---|---|---|---|")
    totals: dict[str, Counter[str]] = {}
    for condition in args.conditions.split(","):
        dpi_text, defect = condition.split("-")
        dpi = int(dpi_text)
        total = totals.setdefault(condition, Counter())
        for name, (truth, pdf) in corpus.items():
            pages = list(page_images(pdf, dpi, defect, f"{name}-{condition}"))
            started = time.process_time()
            result = from_scan(as_pdf(pages, dpi), source=f"{name}-{condition}.pdf")
            seconds = time.process_time() - started
            right, blank, wrong = score(result.report, truth)
            codes = Counter(
                f.code
                for f in result.findings
                if f.code.startswith("read-ocr-") or "row" in f.code or f.code == "read-unreadable-cell"
            )
            total.update(right=right, blank=blank, wrong=len(wrong), pages=len(pages))
            total["centiseconds"] += round(100 * seconds)
            shown = ", ".join(f"{code} {n}" for code, n in sorted(codes.items())) or "-"
            print(
                f"| {condition} | {name} | {len(pages)} | {right} | {blank} | **{len(wrong)}** | "
                f"{seconds / len(pages):.1f} | {shown} |",
                flush=True,
            )
            for cell in wrong:
                print(f"|  | wrong: {cell} |", flush=True)
    print()
    print("| condition | pages | cells right | left blank | **wrong** | CPU s/page |")
    print("|---|---|---|---|---|---|")
    for condition, total in totals.items():
        print(
            f"| {condition} | {total['pages']} | {total['right']} | {total['blank']} | "
            f"**{total['wrong']}** | {total['centiseconds'] / 100 / max(total['pages'], 1):.1f} |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
