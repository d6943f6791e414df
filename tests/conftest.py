"""Shared fixtures. Hypothesis uses its built-in ``ci`` profile when the ``CI`` variable is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure_report import AnnualReport
from disclosure_report.examples import seed_report

DATA = Path(__file__).parent / "data"


@pytest.fixture
def seed() -> AnnualReport:
    return seed_report()
