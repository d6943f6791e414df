"""Every Python example in the documentation runs as a test (Sybil), so the docs cannot go stale.

The examples of one page share a namespace (a later one uses what an earlier one made): under pytest-xdist
each page's examples go to one worker, in order (``--dist loadgroup``).
"""

import pytest
from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()], patterns=["*.md"], excludes=["generated/*"]
).pytest()


# tryfirst: xdist's worker reads the group in its own hook of the same name.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("docs/"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))
