"""The real applications the tests drive headless: LibreOffice (as agencies use an office suite) and Chromium;
and the ``ocr`` extra, which reads scans.

All are required under CI (the tests fail, not skip, when they are missing there); elsewhere the tests
that need them are skipped.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from disclosure_report._io.read.scan import ocr_available

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

_NO_OFFICE = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-calc-nogui and -writer-nogui",
)
_NO_BROWSER = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="Chromium is not installed; CI installs the Debian package chromium",
)

needs_ocr = pytest.mark.skipif(
    not ocr_available() and not os.environ.get("CI"),
    reason="the ocr extra is not installed (pip install -e '.[test]' installs it)",
)
"""Mark a test (or, as ``pytestmark``, a module) that reads scans by OCR."""

Test = TypeVar("Test", bound=Callable[..., object])


def needs_office(test: Test) -> Test:
    """Mark a test that drives LibreOffice: skipped without it outside CI, and slow (seconds a document)."""
    return pytest.mark.slow(_NO_OFFICE(test))


def needs_browser(test: Test) -> Test:
    """Mark a test that drives Chromium: skipped without it outside CI, and slow (seconds a page)."""
    return pytest.mark.slow(_NO_BROWSER(test))


BROWSER_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


@functools.cache
def _profile(application: str) -> Path:
    # One profile per test run: LibreOffice takes seconds to create one.
    return Path(tempfile.mkdtemp(prefix=f"disclosure-report-{application}-"))


def office_convert(path: Path, target: str, out: Path, *, calc: bool = False) -> Path:
    """Convert ``path`` with LibreOffice (``target`` as ``--convert-to`` takes it); the converted file."""
    assert SOFFICE is not None, "CI must install LibreOffice"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{_profile('office')}",
            "--headless",
            *(["--calc"] if calc else []),
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / f"{path.stem}.{target.split(':')[0]}"


def browser(*args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with ``args``."""
    assert CHROMIUM is not None, "CI must install Chromium"
    return subprocess.run(
        [CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={_profile('browser')}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def print_to_pdf(page: Path, pdf: Path, *, headers: bool = False) -> Path:
    """Print an HTML file to PDF as a reader would from the browser.

    With ``headers``, the browser adds its own running header (date, title) and footer (address, page
    numbers), as it does unless told not to.
    """
    browser(*([] if headers else ["--no-pdf-header-footer"]), f"--print-to-pdf={pdf}", page.as_uri())
    return pdf
