"""The examples in the public docstrings run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "disclosure_report._json",
    "disclosure_report._text",
    "disclosure_report._validate",
    "disclosure_report.examples",
    "disclosure_report.strategies",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
