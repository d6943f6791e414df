"""Check: two checkouts of the library read the same PDFs alike (issue #40: a faster read, nothing else).

Run, once with each checkout's source first, then compare the two outputs::

    PYTHONPATH=/work/main/src python3 benchmarks/pdf_same.py --out /tmp/before.txt
    PYTHONPATH=src python3 benchmarks/pdf_same.py --out /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt && echo identical

Each document of ``benchmarks/pdf_floor.py`` (the real samples ``../shared/samples/r015.pdf`` to ``r017.pdf``
read in place, the PDFs in ``tests/data``, and with ``--generated DIR`` the LibreOffice and Chromium
exports ``benchmarks/pdfium_compare.py`` wrote there) is written out as: what read its pages (PDFium or
pdfplumber), each page's table rows and lines of text (text and boxes, every float written exactly by
``repr``), the same as pdfplumber reads them (``engine="pdfplumber"``), the report read (its JSON, positions
included), the reading findings and the findings of ``validate``. Nothing is asserted: the diff is the figure.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from disclosure_report import from_pdf, to_json, validate
from disclosure_report._io.read.pdf import text_layer

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
DATA = ROOT / "tests" / "data"


def describe(path: Path) -> list[str]:
    """What the reader makes of one PDF, a line a thing, floats exact."""
    data = path.read_bytes()
    out = [f"== {path.name}"]
    layer = text_layer(data, path.name)
    out.append(f"engine {layer.engine} characters {layer.characters} title {layer.title!r}")
    out.append(f"heights {sorted(layer.heights.items())!r}")
    for page in layer.pages:
        out.append(repr(page))
    plumbed = text_layer(
        data, path.name, engine="pdfplumber"
    )  # pdfminer's fonts, read by the fast parsers too
    out.append(f"pdfplumber: characters {plumbed.characters}")
    for page in plumbed.pages:
        out.append(repr(page))
    try:
        result = from_pdf(data, source=path.name)
    except Exception as error:  # a file that holds no report: the message is the result
        out.append(f"error {type(error).__name__}: {error}")
        return out
    out.append(to_json(result.report))
    out.extend(repr(finding) for finding in result.findings)
    out.extend(repr(finding) for finding in validate(result).findings)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--generated", type=Path, help="a folder of PDFs pdfium_compare.py made")
    args = parser.parse_args(argv)
    paths = sorted(SAMPLES.glob("r01[567].pdf")) + sorted(DATA.glob("*.pdf"))
    if args.generated is not None:
        paths += sorted(args.generated.glob("*.pdf"))
    lines: list[str] = []
    for path in paths:
        lines += describe(path)
        print(path.name, file=sys.stderr, flush=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
