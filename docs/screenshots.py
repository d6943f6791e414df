"""Make the guides' screenshots from the library's own output, so that they show what it does today.

Run:  python docs/screenshots.py [OUT_DIR]      (default: docs/images)

Needs LibreOffice (``soffice``), Chromium and pypdfium2 (installed with the ``pdf`` extra's pdfplumber):

- ``template.png``: a filled-in template's table 三 printed by LibreOffice, its check row showing OK in
  green and a difference in red;
- ``batch-page.png``: the ``validate --html`` page of a small batch (a valid report, a failing one, one
  with a warning and a file that cannot be read);
- ``report-detail.png``: the same page for the failing report alone, its tables open with the cell to fix
  marked.

The test suite runs this script into a temporary folder (tests/test_docs.py), so it keeps working.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import attrs
import openpyxl

from disclosure_report import Applicant, RequestRow, TableKind, from_xlsx, render_template, write_json
from disclosure_report.examples import seed_report

__all__ = ["make"]

_SOFFICE = ("soffice", "libreoffice")
_CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def _found(names: tuple[str, ...]) -> str:
    for name in names:
        path = shutil.which(name)
        if path is not None:
            return path
    raise SystemExit(f"screenshots: none of {', '.join(names)} is installed")


def _filled_template() -> bytes:
    """The template with table 三 filled in as a person would: one column balances, one does not."""
    data = render_template(agency="某县人民政府", year=2024)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sources = from_xlsx(data).sources  # where each cell of the form is: its sheet and address
    typed = {
        (RequestRow.NEW, Applicant.NATURAL_PERSON): 12,
        (RequestRow.CARRIED_OVER, Applicant.NATURAL_PERSON): 1,
        (RequestRow.GRANTED, Applicant.NATURAL_PERSON): 8,
        (RequestRow.PARTIALLY_GRANTED, Applicant.NATURAL_PERSON): 2,
        (RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 2,
        (RequestRow.NEW, Applicant.COMMERCIAL_ENTERPRISE): 3,
        (RequestRow.GRANTED, Applicant.COMMERCIAL_ENTERPRISE): 2,
    }
    for (row, column), value in typed.items():
        where = sources[(TableKind.REQUESTS, row, column)]
        assert where.sheet is not None
        assert where.address is not None
        workbook[where.sheet][where.address] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _template_shot(soffice: str, work: Path, out: Path) -> None:
    import pypdfium2

    filled = work / "template.xlsx"
    filled.write_bytes(_filled_template())
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{work / 'office-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(filled),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    document = pypdfium2.PdfDocument(str(work / "template.pdf"))
    # The page of table 三: the first that prints its title.
    title = "收到和处理政府信息公开申请情况"
    number = next(i for i in range(len(document)) if title in document[i].get_textpage().get_text_range())
    # The table runs over two pages (its check row is on the second): both, each cut to what it prints.
    pages = [_inked(document[i].render(scale=1.4).to_pil()) for i in (number, number + 1)]
    from PIL import Image

    width = max(page.width for page in pages)
    sheet = Image.new("RGB", (width, sum(page.height for page in pages) + 24), "white")
    top = 0
    for page in pages:
        sheet.paste(page, (0, top))
        top += page.height + 24
    sheet.save(out / "template.png")


def _inked(image: Any) -> Any:
    """The image cut to what is printed on it, with a small margin."""
    from PIL import Image, ImageChops

    image = image.convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box is None:
        return image
    left, top, right, bottom = box
    return image.crop((max(left - 12, 0), max(top - 12, 0), right + 12, bottom + 12))


def _page_shot(chromium: str, page: Path, image: Path, height: int) -> None:
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={page.parent / 'browser-profile'}",
            f"--window-size=1200,{height}",
            f"--screenshot={image}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _batch_shots(chromium: str, work: Path, out: Path) -> None:
    seed = seed_report()
    reports = work / "reports"
    reports.mkdir()
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    warned = seed.with_table(seed.requests.replace({(RequestRow.NEW, Applicant.OTHER): None}))
    write_json(
        attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, agency="某县应急管理局")), reports / "1.json"
    )
    write_json(
        attrs.evolve(wrong, metadata=attrs.evolve(seed.metadata, agency="某县发展和改革局")),
        reports / "2.json",
    )
    write_json(
        attrs.evolve(warned, metadata=attrs.evolve(seed.metadata, agency="某县教育局")), reports / "3.json"
    )
    (reports / "4.json").write_text("{", encoding="utf-8")
    command = [sys.executable, "-m", "disclosure_report", "--lang", "zh", "validate", "--html"]
    page = work / "batch.html"
    # Run where the reports are, so that the page names them as a user's folder would.
    subprocess.run([*command, str(page), "reports"], capture_output=True, check=False, cwd=work)
    _page_shot(chromium, page, out / "batch-page.png", 900)
    single = work / "single.html"
    subprocess.run([*command, str(single), "reports/2.json"], capture_output=True, check=False, cwd=work)
    _page_shot(chromium, single, out / "report-detail.png", 1500)


def make(out: Path) -> list[Path]:
    """Make every screenshot into ``out``; the files made."""
    out.mkdir(parents=True, exist_ok=True)
    soffice, chromium = _found(_SOFFICE), _found(_CHROMIUM)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        _template_shot(soffice, work, out)
        _batch_shots(chromium, work, out)
    return [out / name for name in ("template.png", "batch-page.png", "report-detail.png")]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "images"
    for made in make(target):
        print(f"wrote {made}")
