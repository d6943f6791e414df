"""``validate --html``: the page renders in a real browser, with the right cells highlighted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from disclosure_report import AnnualReport, Applicant, RequestRow, write_json

from .applications import browser, needs_browser
from .test_cli import run


@pytest.fixture
def page(seed: AnnualReport, tmp_path: Path) -> Path:
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    write_json(seed, tmp_path / "good.json")
    write_json(wrong, tmp_path / "wrong.json")
    target = tmp_path / "findings.html"
    result = run("validate", "--html", str(target), str(tmp_path / "good.json"), str(tmp_path / "wrong.json"))
    assert result.returncode == 1
    return target


def test_page_is_self_contained(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert "<script" not in text and "http://" not in text and "https://" not in text
    assert text.count('<section class="report"') == 2
    # The cell changed is the likely cause, marked as the cell to fix; the stated totals of the relations
    # it breaks are marked as errors, lightly.
    suspect = "requests.granted.other"
    assert re.search(rf'data-cell="{suspect}" id="r2-{suspect}" class="suspect" title="\[requests-', text)
    for cell in ("requests.granted.total", "requests.total.other"):
        assert re.search(rf'data-cell="{cell}" id="r2-{cell}" class="error" title="\[requests-', text), cell
    assert 'href="#r2-requests.granted.total"' in text
    # The likely cause comes first among the findings.
    findings = text[text.index('<ol class="findings">', text.index('id="r2-report"')) :]
    assert findings.index("likely-cause") < findings.index("requests-outcome-total")


@needs_browser
def test_the_browser_renders_the_tables_and_highlights(page: Path, tmp_path: Path) -> None:
    dom = browser("--dump-dom", page.as_uri()).stdout
    assert dom.count("<table") == 6

    def marked(mark: str) -> set[str]:
        found = re.findall(
            rf'<td[^>]*class="{mark}"[^>]*data-cell="([^"]+)"|<td[^>]*data-cell="([^"]+)"[^>]*class="{mark}"',
            dom,
        )
        return {a or b for a, b in found}

    assert marked("suspect") == {"requests.granted.other"}
    cells = marked("error")
    assert {"requests.granted.total", "requests.total.other"} <= cells
    assert all(cell.startswith("requests.") for cell in cells)

    from PIL import Image

    shot = tmp_path / "shot.png"
    browser(f"--screenshot={shot}", "--window-size=1280,6000", page.as_uri())
    image = Image.open(shot).convert("RGB")
    raw = image.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    suspect_fill = sum(1 for r, g, b in pixels if abs(r - 192) < 8 and g < 10 and b < 10)
    error_fill = sum(1 for r, g, b in pixels if abs(r - 251) < 6 and abs(g - 226) < 6 and abs(b - 213) < 6)
    ink = sum(1 for r, g, b in pixels if r < 80 and g < 80 and b < 80)
    assert suspect_fill > 300, "the cell to fix is painted dark"
    assert error_fill > 500, "the other cells of the failing relations are painted light"
    assert ink > 20_000, "the tables and text are drawn"
