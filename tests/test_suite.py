"""The suite's own machinery: the Hypothesis profiles give each property test the examples they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent

# A property test that asks for 40 examples and counts the ones it is given, under this suite's conftest.
COUNTED = """
from pathlib import Path

from hypothesis import given, settings, strategies as st

CALLS = Path(__file__).with_name("calls")


@settings(max_examples=40, database=None)
@given(st.integers())
def test_counted(number):
    with CALLS.open("a") as calls:
        calls.write("x")
"""


@pytest.mark.parametrize(("profile", "examples"), [("dev", 40), ("quick", 10), ("thorough", 400)])
def test_each_profile_gives_a_test_its_share_of_the_examples_it_asks_for(
    tmp_path: Path, profile: str, examples: int
) -> None:
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n", encoding="utf-8")
    (tmp_path / "test_counted.py").write_text(COUNTED, encoding="utf-8")
    environment = {**os.environ, "HYPOTHESIS_PROFILE": profile, "PYTHONPATH": str(ROOT)}
    environment.pop("PYTEST_XDIST_WORKER", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    command.append(str(tmp_path))
    done = subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len((tmp_path / "calls").read_text(encoding="utf-8")) == examples
