"""Every Python example in the documentation runs as a test (Sybil), so the docs cannot go stale.

The examples of one page share a namespace (a later one uses what an earlier one made): under pytest-xdist
each page's examples go to one worker, in order (the root ``conftest.py``).
"""

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()], patterns=["*.md"], excludes=["generated/*"]
).pytest()
