"""The fuzz run (``tests/fuzz_readers.py``), in a child process under a memory limit.

Every reader is fed random and mutated input there; here the whole run must pass within the limit, so a
reader that would take gigabytes on some input fails the test rather than exhaust the machine. The number
of examples is ``FUZZ_EXAMPLES`` (40 in the test suite; a long run: ``FUZZ_EXAMPLES=20000``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

MEMORY = 1536 * 1024 * 1024
"""The address space the fuzz run may use (far more than any reader needs on any of its inputs)."""


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.slow
def test_every_reader_is_fuzzed_under_a_memory_limit() -> None:
    module = Path(__file__).parent / "fuzz_readers.py"
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0", "-x", str(module)]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, preexec_fn=_limit, env=dict(os.environ)
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout
