"""``validate --html``: a batch page a review office can work through, in a real browser too."""

from __future__ import annotations

import random
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from disclosure_report import (
    AnnualReport,
    Applicant,
    RequestRow,
    TableKind,
    render_json,
    validate,
    write_json,
)
from disclosure_report._io.write.batch_page import LISTED_PER_REPORT, LISTED_PER_RULE

from .applications import browser, needs_browser
from .broken_tables import FAMILIES
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
    # What needs attention first: the failed, then the unreadable, then the passed.
    assert [row["data-status"] for row in page.rows] == ["failed", "unreadable", "passed"]
    wrong, broken, good = page.cells
    assert good[0].endswith("good.json") and good[4] == "通过"
    assert wrong[1:5] == ["应急中心", "2023", "2021", "未通过"] and wrong[5] == "2"
    assert "应为0" in wrong[7]  # the likely cause: the cell to fix
    assert broken[4] == "无法读取" and "JSON" in broken[7]  # why it could not be read
    assert text.index('id="summary"') < text.index('class="detail"')
    assert "共 3 份报告：1 份通过，1 份未通过，1 份无法读取" in text
    # Above the table, for each rule, the reports failing it, each count filtering the table by it.
    assert text.index('id="rules"') < text.index('id="summary"')
    rules = re.search(r'<p id="rules">(.*?)</p>', text)
    assert rules is not None and "各规则未通过的报告数" in rules.group(1)
    assert re.search(
        r'href="\?q=requests-applicant-total"[^>]*><code>requests-applicant-total</code> 1<', text
    )
    assert page.rows[0]["data-codes"] == "requests-applicant-total requests-outcome-total"
    # Only the failing report has a detail, reached from its row; the valid one is not rendered in full.
    assert "#d2" in page.links and "d2" in page.ids and "d1" not in page.ids
    # Every link to a cell names a cell of that report's tables.
    cells = {link for link in page.links if link.startswith("#d2-")}
    assert "#d2-requests.granted.other" in cells
    # Self-contained: one inline script, nothing loaded from anywhere.
    assert page.scripts == 1 and page.external == []
    assert "http://" not in text and "https://" not in text


def _marks(text: str, detail: str) -> tuple[list[str], dict[int, tuple[str, list[int]]]]:
    """A detail's values, and its marks by the place of the cell in them: (mark's initial, findings)."""
    match = re.search(rf'id="{detail}-tables"[^>]*data-values="([^"]*)"[^>]*data-marks="([^"]*)"', text)
    assert match is not None
    marks = {}
    for group in filter(None, match.group(2).split(";")):
        named, cells = group.split(":")
        for cell in cells.split(","):
            marks[int(cell)] = (named[0], [int(n) for n in named[1:].split(",") if n])
    return match.group(1).split("|"), marks


def test_the_detail_carries_each_cell_and_its_mark(batch: Path, seed: AnnualReport) -> None:
    text = batch.read_text(encoding="utf-8")
    values, marks = _marks(text, "d2")
    assert values.count("1") == 1 and len(values) == sum(len(seed.table(kind).values) for kind in TableKind)
    # Each marked cell names its findings by their place in the report's list (the likely cause first);
    # cells marked alike are one group.
    granted_other = values.index("1")
    assert marks[granted_other][0] == "s" and 0 in marks[granted_other][1]
    assert {mark for mark, _ in marks.values()} == {"s", "e"}


def test_the_page_is_in_the_language_asked_for(seed: AnnualReport, tmp_path: Path) -> None:
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    write_json(wrong, tmp_path / "wrong.json")
    target = tmp_path / "page.html"
    run("validate", "--html", str(target), str(tmp_path / "wrong.json"), lang="en")
    text = target.read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "1 report(s): 0 passed, 1 failed, 0 unreadable" in text
    assert "the applicant types add up to 1" in text and "各类申请人之和为1" not in text
    assert "<b>error</b>" in text and "<b>错误</b>" not in text
    assert "Reports failing each rule" in text and "各规则" not in text
    # One report checked: its tables open at once, with no charts of a batch above them.
    assert '<details open class="tables"' in text and "charts-section" not in text


def _batch_of(count: int, seed: AnnualReport, path: Path) -> Counter[str]:
    """``count`` reports as JSON lines: a third broken in several ways, one in fifty not JSON, the rest valid.

    The broken ones take turns among the ways tables are broken (every cell random, only totals, one
    column random, zeros blank and totals broken, half blank, one or two wrong cells: up to 39 errors a
    report); their text then contradicts the tables too. Returns the statuses, counted.
    """
    picker = random.Random(7)
    families = list(FAMILIES.values())
    lines = []
    statuses: Counter[str] = Counter()
    for number in range(count):
        report = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, agency=f"第{number}号单位"))
        if number % 3 == 1:
            report = report.with_table(families[(number // 3) % len(families)](picker))
        if number % 50 == 49:
            lines.append("{")
            statuses["unreadable"] += 1
            continue
        lines.append(render_json(report, indent=None))
        statuses["passed" if validate(report).valid else "failed"] += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return statuses


def test_a_page_for_a_thousand_reports_a_third_failing_stays_under_two_megabytes(
    seed: AnnualReport, tmp_path: Path
) -> None:
    source = tmp_path / "reports.jsonl"
    statuses = _batch_of(1000, seed, source)
    assert statuses["failed"] > 300
    target = tmp_path / "page.html"
    result = run("validate", "--html", str(target), "--summary", "--format", "csv", str(source))
    assert result.stderr.strip().endswith(
        f"1000 report(s): {statuses['passed']} passed, {statuses['failed']} failed, "
        f"{statuses['unreadable']} unreadable; exit status 2: done in part: some input could not be read "
        "(or an output not written), the rest was done"
    )
    size = target.stat().st_size
    assert size < 2_000_000, size
    text = target.read_text(encoding="utf-8")
    page = _Page(text)
    listed = [row["data-status"] for row in page.rows]
    assert Counter(listed) == statuses
    # The failed first, most errors first; then the unreadable; then the passed.
    order = {"failed": 0, "unreadable": 1, "passed": 2}
    assert listed == sorted(listed, key=order.__getitem__)
    errors = [int(cells[5]) for cells, status in zip(page.cells, listed, strict=True) if status == "failed"]
    assert errors == sorted(errors, reverse=True) and errors[0] >= 30
    assert len([i for i in page.ids if re.fullmatch(r"d\d+", i)]) == statuses["failed"]
    # A detail lists a few findings of each rule, a few in all, and counts the rest.
    for section in re.findall(r'<section class="detail".*?</section>', text, re.DOTALL):
        findings = re.findall(r'<li class="\w+"><b>[^<]*</b> <code>([^<]*)</code>', section)
        assert 0 < len(findings) <= LISTED_PER_REPORT
        assert max(Counter(findings).values()) <= LISTED_PER_RULE


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
    rows = re.findall(r'<tr class="(\w+)" data-status="\w+"[^>]*?( hidden="")?>', dom)
    assert [(status, bool(hidden)) for status, hidden in rows] == [
        ("failed", False),
        ("unreadable", True),
        ("passed", True),
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


_FIRST_SCREEN = """<script>
addEventListener("load", function () {
  const rows = [];
  for (const row of document.querySelectorAll("#summary tbody tr")) {
    const box = row.getBoundingClientRect();
    if (box.bottom > innerHeight) break;
    const line = parseFloat(getComputedStyle(row.cells[7]).lineHeight);
    rows.push([row.dataset.status, box.height, line, Number(row.cells[5].textContent || 0)]);
  }
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    screen: innerHeight, wide: document.documentElement.scrollWidth <= innerWidth,
    rules: document.getElementById("rules").getBoundingClientRect().bottom, rows: rows,
  });
  document.body.append(probe);
});
</script>"""


@needs_browser
def test_the_page_opens_on_the_failures_a_line_each(seed: AnnualReport, tmp_path: Path) -> None:
    import json

    # As in a batch of 211 files with 32 failures: named so that, in file order, they all come last.
    folder = tmp_path / "reports"
    folder.mkdir()
    picker = random.Random(3)
    families = list(FAMILIES.values())
    for number in range(180):
        write_json(seed, folder / f"a{number:03d}.json")
    for number in range(32):
        broken = seed.with_table(families[number % len(families)](picker))
        write_json(broken, folder / f"z{number:03d}-某县某某局2023年度报告（修订后再次报送）.json")
    target = tmp_path / "page.html"
    run("validate", "--html", str(target), str(folder), lang="zh")
    # The page as the browser lays it out on a 1280 × 800 screen, measured by a probe added to a copy.
    probed = tmp_path / "probed.html"
    probed.write_text(
        target.read_text(encoding="utf-8").replace("</body>", _FIRST_SCREEN + "</body>"), encoding="utf-8"
    )
    dom = browser("--window-size=1280,800", "--dump-dom", probed.as_uri()).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom)
    assert found is not None
    seen = json.loads(found.group(1).replace("&quot;", '"'))
    # The count per rule, then a screen of failures, most errors first, each row one line high.
    assert seen["rules"] < seen["screen"] / 3
    rows = seen["rows"]
    assert len(rows) >= 12
    assert {status for status, *_ in rows} == {"failed"}
    assert [errors for *_, errors in rows] == sorted((errors for *_, errors in rows), reverse=True)
    assert all(height < 2 * line for _, height, line, _ in rows), rows
    assert seen["wide"], "no row is wider than the screen"
