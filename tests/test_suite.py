"""The suite's own machinery: the Hypothesis profiles give each property test the examples they promise."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
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


def _run_suite_conftest(
    folder: Path, options: list[str], settings: dict[str, str], unset: Sequence[str] = ()
) -> None:
    """Run pytest in a fresh process on the tests written in ``folder``, under this suite's conftest."""
    (folder / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n", encoding="utf-8")
    environment = {**os.environ, **settings, "PYTHONPATH": str(ROOT)}
    for name in ("PYTEST_XDIST_WORKER", *unset):  # what this run's own process was given
        environment.pop(name, None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options, str(folder)]
    done = subprocess.run(command, cwd=folder, env=environment, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("profile", "examples"), [("dev", 40), ("quick", 10), ("thorough", 400)])
def test_each_profile_gives_a_test_its_share_of_the_examples_it_asks_for(
    tmp_path: Path, profile: str, examples: int
) -> None:
    (tmp_path / "test_counted.py").write_text(COUNTED, encoding="utf-8")
    _run_suite_conftest(tmp_path, ["-p", "no:xdist"], {"HYPOTHESIS_PROFILE": profile})
    assert len((tmp_path / "calls").read_text(encoding="utf-8")) == examples


# A test that writes the recogniser's threads its process was given, under this suite's conftest.
THREADS = """
import os
from pathlib import Path


def test_threads():
    name = os.environ.get("PYTEST_XDIST_WORKER", "single")
    Path(__file__).with_name(name).write_text(os.environ["DISCLOSURE_REPORT_OCR_THREADS"])
"""


@pytest.mark.parametrize(("workers", "threads"), [("2", {"gw0": "1", "gw1": "1"}), ("0", {"single": "2"})])
def test_each_worker_reads_scans_with_one_thread_and_a_single_process_with_two(
    tmp_path: Path, workers: str, threads: dict[str, str]
) -> None:
    # The controlling process of an xdist run imports the conftest too: what it set, the workers inherited
    # (two threads each on two cores, a whole report's OCR 1.6-1.8 times its CPU alone).
    for number in range(2):  # a test for each worker
        (tmp_path / f"test_threads_{number}.py").write_text(THREADS, encoding="utf-8")
    _run_suite_conftest(tmp_path, ["-n", workers], {}, unset=["DISCLOSURE_REPORT_OCR_THREADS"])
    said = {
        name: (tmp_path / name).read_text(encoding="utf-8") for name in threads if (tmp_path / name).exists()
    }
    assert said == threads
