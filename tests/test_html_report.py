"""``validate --html``: a batch page a review office can work through, in a real browser too."""

from __future__ import annotations

import json
import random
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from disclosure_report import AnnualReport, Applicant, RequestRow, TableKind, render_json, write_json

from .applications import browser, needs_browser
from .test_cli import run


class _Page(HTMLParser):
    """What a page holds: the summary rows, the ids, the links, the scripts and what they load."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.cells: list[list[str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.external: list[str] = []
        self.scripts = 0
        self._in_summary = False
        self._cell: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attributes}
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "table" and found.get("id") == "summary":
            self._in_summary = True
        if tag == "script":
            self.scripts += 1
            if "src" in found:
                self.external.append(found["src"])
        if tag in ("link", "img", "iframe") and (found.get("href") or found.get("src")):
            self.external.append(found.get("href") or found.get("src") or "")
        if tag == "a":
            self.links.append(found.get("href", ""))
        if self._in_summary and tag == "tr" and "data-status" in found:
            self.rows.append(found)
            self.cells.append([])
        if self._in_summary and tag == "td":
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_summary = False
        if tag == "td" and self._cell is not None:
            self.cells[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture
def batch(seed: AnnualReport, tmp_path: Path) -> Path:
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    write_json(seed, tmp_path / "good.json")
    write_json(wrong, tmp_path / "wrong.json")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    target = tmp_path / "page.html"
    files = [str(tmp_path / name) for name in ("good.json", "wrong.json", "broken.json")]
    result = run("validate", "--html", str(target), *files, lang="zh")
    assert result.returncode == 2
    return target


def test_the_summary_comes_first_with_every_file(batch: Path) -> None:
    text = batch.read_text(encoding="utf-8")
    page = _Page(text)
    assert [row["data-status"] for row in page.rows] == ["passed", "failed", "unreadable"]
    good, wrong, broken = page.cells
    assert good[0].endswith("good.json") and good[4] == "通过"
    assert wrong[1:5] == ["应急中心", "2023", "2021", "未通过"] and wrong[5] == "2"
    assert "应为0" in wrong[7]  # the likely cause: the cell to fix
    assert broken[4] == "无法读取" and "JSON" in broken[7]  # why it could not be read
    assert text.index('id="summary"') < text.index('class="detail"')
    assert "共 3 份报告：1 份通过，1 份未通过，1 份无法读取" in text
    # Only the failing report has a detail, reached from its row; the valid one is not rendered in full.
    assert page.links[0] == "#d2" and "d2" in page.ids and "d1" not in page.ids
    # Every link to a cell names a cell of that report's tables.
    cells = {link for link in page.links if link.startswith("#d2-")}
    assert "#d2-requests.granted.other" in cells
    # Self-contained: one inline script, nothing loaded from anywhere.
    assert page.scripts == 1 and page.external == []
    assert "http://" not in text and "https://" not in text


def test_the_detail_carries_each_cell_and_its_mark(batch: Path, seed: AnnualReport) -> None:
    text = batch.read_text(encoding="utf-8")
    match = re.search(r'id="d2-tables"[^>]*data-values="([^"]*)"[^>]*data-marks=\'([^\']*)\'', text)
    assert match is not None
    values = match.group(1).split("|")
    assert values.count("1") == 1 and len(values) == sum(len(seed.table(kind).values) for kind in TableKind)
    marks = json.loads(match.group(2))
    # Each marked cell names its findings by their place in the report's list (the likely cause first).
    assert marks["requests.granted.other"][0] == "suspect" and 0 in marks["requests.granted.other"][1]
    assert marks["requests.granted.total"][0] == "error"


def test_the_page_is_in_the_language_asked_for(seed: AnnualReport, tmp_path: Path) -> None:
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    write_json(wrong, tmp_path / "wrong.json")
    target = tmp_path / "page.html"
    run("validate", "--html", str(target), str(tmp_path / "wrong.json"), lang="en")
    text = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "1 report(s): 0 passed, 1 failed, 0 unreadable" in text
    assert "the applicant types add up to 1" in text and "各类申请人之和为1" not in text
    assert ">error</span>" in text and ">错误</span>" not in text
    # One report checked: its tables open at once.
    assert '<details open class="tables"' in text


def _batch_of(count: int, seed: AnnualReport, path: Path) -> None:
    """``count`` reports as JSON lines: a third with a wrong cell, one in fifty not JSON, the rest valid."""
    picker = random.Random(7)
    cells = list(seed.requests.spec.index)
    lines = []
    for number in range(count):
        report = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, agency=f"第{number}号单位"))
        if number % 3 == 1:
            changed = report.requests.replace({picker.choice(cells): picker.randint(1, 99)})
            report = report.with_table(changed)
        lines.append("{" if number % 50 == 49 else render_json(report, indent=None))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_page_for_a_thousand_reports_stays_small(seed: AnnualReport, tmp_path: Path) -> None:
    source = tmp_path / "reports.jsonl"
    _batch_of(1000, seed, source)
    target = tmp_path / "page.html"
    result = run("validate", "--html", str(target), "--summary", "--format", "csv", str(source))
    assert result.stderr.strip().endswith("1000 report(s): 654 passed, 326 failed, 20 unreadable")
    size = target.stat().st_size
    assert size < 3_000_000, size
    page = _Page(target.read_text(encoding="utf-8"))
    statuses = [row["data-status"] for row in page.rows]
    assert (statuses.count("passed"), statuses.count("failed"), statuses.count("unreadable")) == (
        654,
        326,
        20,
    )
    assert len([i for i in page.ids if re.fullmatch(r"d\d+", i)]) == 326


@needs_browser
def test_the_browser_draws_the_tables_of_a_failing_report(batch: Path, tmp_path: Path) -> None:
    dom = browser("--dump-dom", batch.as_uri() + "#d2-requests.granted.other").stdout
    dom = dom[: dom.index("</main>")]  # the page, without the layouts it copies from
    assert dom.count("<table") == 1 + 3  # the summary, and the opened report's three tables

    def marked(mark: str) -> set[str]:
        found = re.findall(r"<td[^>]*>", dom)
        return {
            re.search(r'data-cell="([^"]+)"', td).group(1)  # type: ignore[union-attr]
            for td in found
            if f'class="{mark}"' in td and "data-cell" in td
        }

    assert marked("suspect") == {"requests.granted.other"}
    cells = marked("error")
    assert {"requests.granted.total", "requests.total.other"} <= cells
    assert all(cell.startswith("requests.") for cell in cells)
    assert 'id="d2-requests.granted.other"' in dom  # the link's target exists once drawn
    # The cell's hover text is made of its findings' messages.
    cell = re.search(r'<td[^>]*id="d2-requests.granted.other"[^>]*>', dom)
    assert cell is not None and "likely-cause" in cell.group(0) and "应为0" in cell.group(0)


@needs_browser
def test_the_browser_filters_and_sorts_from_the_address(batch: Path) -> None:
    dom = browser("--dump-dom", batch.as_uri() + "?status=failed").stdout
    rows = re.findall(r'<tr class="(\w+)" data-status="\w+"( hidden="")?', dom)
    assert [(status, bool(hidden)) for status, hidden in rows] == [
        ("passed", True),
        ("failed", False),
        ("unreadable", True),
    ]
    dom = browser("--dump-dom", batch.as_uri() + "?sort=errors&order=desc").stdout
    order = re.findall(r'<tr class="(\w+)" data-status=', dom)
    assert order[0] == "failed"  # two errors first
    assert 'aria-sort="descending"' in dom
    dom = browser("--dump-dom", batch.as_uri() + "?q=broken").stdout
    shown = re.findall(r'<tr class="(\w+)" data-status="\w+">', dom)
    assert shown == ["unreadable"]


@needs_browser
def test_the_browser_paints_the_cell_to_fix(seed: AnnualReport, tmp_path: Path) -> None:
    from PIL import Image

    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    write_json(wrong, tmp_path / "wrong.json")
    target = tmp_path / "page.html"
    run("validate", "--html", str(target), str(tmp_path / "wrong.json"))
    shot = tmp_path / "shot.png"
    browser(f"--screenshot={shot}", "--window-size=1280,5000", target.as_uri())
    image = Image.open(shot).convert("RGB")
    raw = image.tobytes()
    pixels = list(zip(raw[0::3], raw[1::3], raw[2::3], strict=True))
    suspect_fill = sum(1 for r, g, b in pixels if abs(r - 192) < 8 and g < 10 and b < 10)
    error_fill = sum(1 for r, g, b in pixels if abs(r - 251) < 6 and abs(g - 226) < 6 and abs(b - 213) < 6)
    ink = sum(1 for r, g, b in pixels if r < 80 and g < 80 and b < 80)
    assert suspect_fill > 300, "the cell to fix is painted dark"
    assert error_fill > 500, "the other cells of the failing relations are painted light"
    assert ink > 20_000, "the tables and text are drawn"


@needs_browser
def test_a_crafted_address_does_not_stop_the_page_s_script(batch: Path) -> None:
    # A quote in the sort field once broke the selector built from it, and the whole script with it.
    dom = browser("--dump-dom", batch.as_uri() + "?sort=%22&q=broken").stdout
    shown = re.findall(r'<tr class="(\w+)" data-status="\w+">', dom)
    assert shown == ["unreadable"]  # the filter still applies


def _ambiguous(seed: AnnualReport) -> AnnualReport:
    """Table 四 with one result changed: the result or the group's total, which cannot be told."""
    from disclosure_report import ReviewColumn, ReviewRow

    key = (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD)
    return seed.with_table(seed.review_litigation.replace({key: 2}))


def test_equally_small_corrections_are_one_line_first_and_listed_in_the_detail(seed: AnnualReport) -> None:
    from disclosure_report import validate
    from disclosure_report._cli.checking import Checked
    from disclosure_report._io.write.batch_page import BatchPage

    wrong = _ambiguous(seed)
    validation = validate(wrong)
    page = BatchPage("zh")
    summary = Checked.of("wrong.json", wrong, validation, True, "", None).summary("zh")
    page.add(summary, wrong, validation)
    page.add({**summary, "file": "long.json", "first": "很长的说明" * 40})
    text = page.render()
    first, long = (cells[7] for cells in _Page(text).cells)
    assert "2种同样少的改法" in first and "填报" not in first  # the summary, not the alternatives
    assert len(long) == 80 and long.endswith("…") and f'title="{"很长的说明" * 40}"' in text
    (listed,) = re.findall(r'<ul class="detail">(.*?)</ul>', text)
    assert listed.count("<li>") == 2 and listed.count("填报") == 2
