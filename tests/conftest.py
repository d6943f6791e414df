"""Shared fixtures and the Hypothesis profiles.

Profiles (``HYPOTHESIS_PROFILE`` picks one; without it, ``ci`` when the ``CI`` variable is set, else ``dev``):

- ``dev``: random examples, remembered in the local example database, so that every run on a developer's
  machine tries new ones and replays the failures it found;
- ``ci``: Hypothesis's own ``ci`` profile (derandomized: the same examples on every run, no database);
- ``quick``: ``dev`` with a quarter of each property test's examples (at least five, or all the test asks
  for when it asks for fewer), for the quick loop (``HYPOTHESIS_PROFILE=quick python3 -m pytest -m "not
  slow"``);
- ``thorough``: ten times the examples, for a long run before a release
  (``HYPOTHESIS_PROFILE=thorough python3 -m pytest -m property``).

A profile's share of examples applies to every property test, to the examples its own ``@settings`` ask for
as well (Hypothesis itself would let a test's ``max_examples`` win over the profile's).

In every profile the suite never fails because the machine is busy: no test is timed by Hypothesis
(``deadline=None``: speed is measured by ``benchmarks/``, not by the tests) and the "too slow" health check,
which judges generation by the clock, is off (generation that is large by design is sized by the strategies'
own bounds instead).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from disclosure_report import AnnualReport
from disclosure_report.examples import seed_report

DATA = Path(__file__).parent / "data"

_UNTIMED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", _UNTIMED)
settings.register_profile("ci", settings.get_profile("ci"))  # Hypothesis's own is untimed already
settings.register_profile("quick", _UNTIMED)
settings.register_profile("thorough", _UNTIMED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

# What share of each property test's own examples a profile runs.
EXAMPLES_SHARE = {"quick": 0.25, "thorough": 10.0}
FEWEST_EXAMPLES = 5


def examples_in_profile(asked: int, profile: str) -> int:
    """The examples a test that asks for ``asked`` runs under ``profile``."""
    share = EXAMPLES_SHARE.get(profile, 1.0)
    return max(min(asked, FEWEST_EXAMPLES), round(asked * share))


def pytest_configure(config: pytest.Config) -> None:
    """The recogniser's threads, unless the environment says: one in each pytest-xdist worker (as a batch
    runs one process a core), two in a single test process (one scan at a time, both cores).

    Decided here, not at import: the controlling process of an xdist run imports this module too, and what
    it set, its workers inherited: each worker's recogniser took two threads on the two cores (they wait
    for work spinning), and a whole report read by OCR cost 1.6-1.8 times its CPU alone.
    """
    worker = hasattr(config, "workerinput")
    controller = not worker and bool(getattr(config.option, "numprocesses", None))
    if not controller:
        # The name ocr_engine.THREADS_VARIABLE holds (the module imports OpenCV: not here).
        os.environ.setdefault("DISCLOSURE_REPORT_OCR_THREADS", "1" if worker else "2")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every Hypothesis test is a property test: ``-m property`` runs them alone (with a profile of choice).
    # None may be timed by the clock, whatever its own settings say: that is what made a busy machine fail.
    # The profile's share of examples is applied here, once a test (parametrized items share a function).
    timed = []
    profile = settings.get_current_profile_name()
    scaled: set[int] = set()
    for item in items:
        test = getattr(item, "obj", None)
        if not getattr(test, "is_hypothesis_test", False):
            continue
        item.add_marker(pytest.mark.property)
        chosen = test._hypothesis_internal_use_settings
        if chosen.deadline is not None or HealthCheck.too_slow not in chosen.suppress_health_check:
            timed.append(item.nodeid)
        if id(test) not in scaled:
            scaled.add(id(test))
            examples = examples_in_profile(chosen.max_examples, profile)
            test._hypothesis_internal_use_settings = settings(chosen, max_examples=examples)
    if timed:
        raise pytest.UsageError(
            "property tests judged by the clock (give them deadline=None and suppress HealthCheck.too_slow, "
            "or leave both to the profile): " + ", ".join(timed)
        )


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers forked from this process, whatever threads it has: they see what a test changed here.

    Without it, a process with a thread left by an earlier test (a server, a client) takes its workers from
    a fork server, which never sees a monkeypatch: a test would pass alone and fail in the full suite.
    """
    import multiprocessing

    from disclosure_report._io import workers

    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("fork"))


@pytest.fixture
def seed() -> AnnualReport:
    return seed_report()
