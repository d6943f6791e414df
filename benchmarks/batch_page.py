"""Benchmark: the ``validate --html`` batch page for a large batch: its size and how fast a browser opens it.

Run:  python benchmarks/batch_page.py [--reports 1000] [--failing 0.33] [--one-wrong-cell]

A batch of generated reports (consistent 2021 reports, a share of them broken, one in fifty not JSON at
all) is checked by the command line with ``--html``; the page's size is printed, and the time headless
Chromium takes to load it and run its script (the time to dump the page's DOM, less the same for an empty
page: the browser's own start-up). The broken reports take turns among the ways of
``tests/broken_tables.py`` (every cell random, only the totals, one column random, zeros blank and totals
broken, half blank, one or two wrong cells: up to 39 errors a report); with ``--one-wrong-cell``, each has
one wrong cell. Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import corpus

from disclosure_report import render_json

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.broken_tables import FAMILIES

_BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def _batch(count: int, failing: float, path: Path, *, one_wrong_cell: bool) -> None:
    picker = random.Random(11)
    families = list(FAMILIES.values())
    lines = []
    for number, report in enumerate(corpus(count)):
        if picker.random() < failing:
            if one_wrong_cell:
                cells = list(report.requests.spec.index)
                changed = report.requests.replace({picker.choice(cells): picker.randint(1, 99)})
            else:
                changed = families[number % len(families)](picker)
            report = report.with_table(changed)
        lines.append("{" if number % 50 == 49 else render_json(report, indent=None))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


_PROBE = (
    "<script>addEventListener('load', () => setTimeout(() => console.log("
    "'OPENED ' + performance.now()), 0));</script>"
)


def _open_time(browser: str, page: Path) -> float:
    """The best of five: seconds from navigation to the page loaded, laid out and its script run.

    A copy of the page reports ``performance.now()`` just after its load event (a probe script written
    into the copy, not into the page itself); the browser's own start-up is not counted.
    """
    probed = page.with_name("probed.html")
    text = page.read_text(encoding="utf-8")
    probed.write_text(text.replace("<head>", "<head>" + _PROBE, 1), encoding="utf-8")
    best = float("inf")
    for _ in range(5):
        run = subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                probed.as_uri(),
            ],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        found = re.search(r"OPENED ([0-9.]+)", run.stderr)
        if found is None:
            raise RuntimeError("the browser did not report the page opened")
        best = min(best, float(found.group(1)) / 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--failing", type=float, default=0.33, help="the share of reports broken")
    parser.add_argument("--one-wrong-cell", action="store_true", help="break each with one wrong cell")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "batch.jsonl"
        _batch(args.reports, args.failing, source, one_wrong_cell=args.one_wrong_cell)
        page = Path(folder) / "page.html"
        start = time.perf_counter()
        command = [sys.executable, "-m", "disclosure_report", "--lang", "zh", "validate"]
        subprocess.run(
            [*command, "--html", str(page), "--summary", "--format", "csv", str(source)],
            capture_output=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        size = page.stat().st_size
        print(f"{'reports in the batch':<44} {args.reports:>10}")
        broken = "with a wrong cell" if args.one_wrong_cell else "broken in several ways"
        print(f"{'share ' + broken:<44} {args.failing:>10.0%}")
        print(f"{'CLI validate --html, whole run':<44} {elapsed:>10.1f} s")
        print(f"{'page size':<44} {size / 1e6:>10.2f} MB ({size / args.reports:.0f} bytes a report)")
        browser = next((found for name in _BROWSERS if (found := shutil.which(name))), None)
        if browser is None:
            print("open in a browser: no Chromium found")
            return
        print(f"{'headless Chromium: page opened (load event)':<44} {_open_time(browser, page):>10.2f} s")


if __name__ == "__main__":
    main()
