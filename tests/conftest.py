"""Shared fixtures. Hypothesis uses its built-in ``ci`` profile when the ``CI`` variable is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from disclosure_report import AnnualReport
from disclosure_report.examples import seed_report

DATA = Path(__file__).parent / "data"

# One scan at a time here: the recogniser may use two cores (a batch would run a process a core instead).
os.environ.setdefault("DISCLOSURE_REPORT_OCR_THREADS", "2")


@pytest.fixture
def seed() -> AnnualReport:
    return seed_report()
