"""How pytest-xdist shares the suite among its workers (``-n auto``, in pyproject's ``addopts``).

Each test goes to whichever worker is free, except the units that must stay whole, which run on one
worker in order: a documentation page's examples (they share one namespace: a later example uses what an
earlier one made) and the modules whose fixtures are costly to make twice (LibreOffice, a Dask cluster).
The units are decided here from the test's file, not by ``xdist_group`` marks: xdist's ``loadgroup``
renames node ids to carry the group, which stopped working with pytest 9.2 (pytest-xdist issue 1386),
and the examples then failed on another worker.
"""

from __future__ import annotations

from typing import Any

import pytest

WHOLE_MODULES = frozenset({"tests/test_legacy.py", "tests/test_cluster.py"})


def _unit(nodeid: str) -> str:
    path = nodeid.split("::", 1)[0]
    return path if path.startswith("docs/") or path in WHOLE_MODULES else nodeid


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """The scheduler of whole units: xdist's load-scope one, with the units above."""
    from xdist.scheduler import LoadScopeScheduling

    class WholeUnits(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    return WholeUnits(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The units holding a slow test first, the rest after, each unit in its own order.

    Longest first is how a pool of workers finishes together: a slow unit started last keeps one worker busy
    while the other waits (a minute of LibreOffice or OCR at the end of a run is a minute of one idle core).
    """
    slow_units = {_unit(item.nodeid) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: _unit(item.nodeid) not in slow_units)
