"""The fetcher against a local site: pages per second with the politeness delay at 0.

Run:  python benchmarks/fetch.py [--pages 300] [--repeat 3]

A site on 127.0.0.1 (tests/sites.py, in a process of its own so that server and fetcher do not share a
core) serves copies of r002's page (111 KB, saved from a county bureau's site), each at its own address;
in the second pass each page links its own copy of the report as PDF (186 KB). Measured: a fresh fetch of
the pages alone, of the pages with their PDFs, and a run again over the same folder, which asks for nothing
(the manifest has every address) but reads each saved page to find its attachments. Nothing leaves the
machine; the figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from tests.sites import DATA, R002_PDF, Site, _r002_page, serving

from disclosure_report import fetch_reports


def _site(pages: int, attached: bool) -> Site:
    site = Site(robots=b"User-agent: *\nAllow: /\n")
    page = _r002_page()
    pdf = (DATA / "r002.libreoffice.pdf").read_bytes()
    name = R002_PDF.rpartition("/")[2].encode("utf-8")
    for number in range(pages):
        own = page.replace(b"../../uploads/" + name, f"/pdf/{number}/".encode() + name)
        site.extra[f"/page/{number}.shtml"] = own if attached else page.replace(name, b"none.html")
        site.extra[f"/pdf/{number}/{name.decode('utf-8')}"] = pdf
    return site


def _serve(pages: int, attached: bool, port_file: str) -> None:
    with serving(_site(pages, attached)) as site:
        Path(port_file).write_text(site.address, encoding="utf-8")
        while Path(port_file).exists():
            time.sleep(0.1)


def _measure(pages: int, attached: bool, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        port_file = os.path.join(folder, "address")
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(pages), "--port-file", port_file]
            + (["--attached"] if attached else [])
        )
        try:
            while not os.path.exists(port_file) or not Path(port_file).read_text(encoding="utf-8"):
                time.sleep(0.05)
            address = Path(port_file).read_text(encoding="utf-8")
            urls = [f"{address}/page/{number}.shtml" for number in range(pages)]
            options = {"delay": 0, "timeout": 30, "allow_loopback": True}
            fresh = resumed = float("inf")
            for attempt in range(repeat):  # the best of so many runs, each into a new folder
                target = Path(folder) / f"downloads-{attempt}"
                started = time.perf_counter()
                summary = fetch_reports(urls, target, **options)  # type: ignore[arg-type]
                fresh = min(fresh, time.perf_counter() - started)
                assert summary.complete, summary
                assert summary.saved == pages * (2 if attached else 1), summary
                started = time.perf_counter()
                again = fetch_reports(urls, target, **options)  # type: ignore[arg-type]
                resumed = min(resumed, time.perf_counter() - started)
                assert again.asked == 0
                assert again.skipped == summary.saved
            megabytes = sum(record.size or 0 for record in summary.records) / 1e6
            what = "pages with a PDF each" if attached else "pages alone"
            print(
                f"{what:22}: {pages / fresh:7.1f} pages/s fresh ({summary.asked / fresh:6.1f} requests/s, "
                f"{megabytes / fresh:5.1f} MB/s); {pages / resumed:7.1f} pages/s run again (nothing asked)"
            )
        finally:
            os.unlink(port_file)
            server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each, the best kept")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port-file", help=argparse.SUPPRESS)
    parser.add_argument("--attached", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        _serve(args.serve, args.attached, args.port_file)
        return
    print(f"{args.pages} pages, politeness delay 0, server and fetcher apart, best of {args.repeat}")
    _measure(args.pages, attached=False, repeat=args.repeat)
    _measure(args.pages, attached=True, repeat=args.repeat)


if __name__ == "__main__":
    main()
