"""Reading the real samples: per sample, cells read right, left blank with a finding, and wrong.

Run:  python benchmarks/samples_read.py

Every cell of the three tables is compared with the sample's hand-checked values (tests/data: the seed
and r002's models, the LibreOffice PDFs', and r015–r017's cells, whose PDFs are read from
../shared/samples and never committed). A cell is "right" when it reads as checked; "blank, said" when
it reads blank and a finding names its cell or row; "blank, silent" when it reads blank and nothing says
so; "wrong" when it holds another value (must be 0). Figures are printed, not asserted: the golden tests
assert the samples themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from disclosure_report import AnnualReport, TableKind, from_dict, read_report
from disclosure_report._model import plain
from disclosure_report.examples import seed_report

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SHARED = ROOT.parent / "shared" / "samples"


def _cells(report: AnnualReport) -> dict[str, str | None]:
    return {
        f"{kind.key}.{row.key.key}.{column.key.key}": None if value is None else plain(value)
        for kind in TableKind
        for (row, column), value in zip(report.table(kind).spec.cells, report.table(kind).values, strict=True)
    }


def _model(name: str) -> dict[str, str | None]:
    return _cells(from_dict(json.loads((DATA / name).read_text(encoding="utf-8"))))


def main() -> None:
    samples: list[tuple[str, Path, dict[str, Any]]] = [
        ("seed (text)", DATA / "seed-2023-emergency-center.txt", _cells(seed_report())),
        ("r002.html", DATA / "r002.html", _model("r002.expected.json")),
        ("seed.libreoffice.pdf", DATA / "seed.libreoffice.pdf", _cells(seed_report())),
        ("r002.libreoffice.pdf", DATA / "r002.libreoffice.pdf", _model("r002.expected.json")),
        ("cut-row.libreoffice.pdf", DATA / "cut-row.libreoffice.pdf", _model("cut-row.expected.json")),
    ]
    for name in ("r015", "r016", "r017"):
        cells = json.loads((DATA / f"{name}.cells.json").read_text(encoding="utf-8"))["cells"]
        samples.append((f"{name}.pdf", SHARED / f"{name}.pdf", cells))
    print(f"{'sample':26} {'right':>6} {'blank, said':>12} {'blank, silent':>14} {'wrong':>6}  findings")
    for label, path, expected in samples:
        if not path.exists():
            print(f"{label:26} (not found: {path})")
            continue
        result = read_report(path)
        read = _cells(result.report)
        said_cells = {(f.location.table, f.location.row, f.location.column) for f in result.findings}
        said_rows = {(f.location.table, f.location.row) for f in result.findings}
        counts = {"right": 0, "said": 0, "silent": 0, "wrong": 0}
        for kind in TableKind:
            table = result.report.table(kind)
            for row, column in table.spec.cells:
                key = f"{kind.key}.{row.key.key}.{column.key.key}"
                if read[key] == expected[key]:
                    counts["right"] += 1
                elif read[key] is not None:
                    counts["wrong"] += 1
                elif (kind, row.key, column.key) in said_cells or (kind, row.key) in said_rows:
                    counts["said"] += 1
                else:
                    counts["silent"] += 1
        codes = ", ".join(sorted({f.code for f in result.findings})) or "none"
        right, said, silent, wrong = counts["right"], counts["said"], counts["silent"], counts["wrong"]
        print(f"{label:26} {right:6} {said:12} {silent:14} {wrong:6}  {codes}")


if __name__ == "__main__":
    main()
