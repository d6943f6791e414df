"""The examples in the docstrings run as written, in every module of the package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import disclosure_report

MODULES = sorted(
    module.name
    for module in pkgutil.walk_packages(disclosure_report.__path__, "disclosure_report.")
    if module.name != "disclosure_report.__main__"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_public_modules_have_examples() -> None:
    for name in (
        "disclosure_report._io.json",
        "disclosure_report._io.read.text",
        "disclosure_report._validation.checklist",
        "disclosure_report.examples",
        "disclosure_report.strategies",
    ):
        assert doctest.testmod(importlib.import_module(name)).attempted > 0, name
