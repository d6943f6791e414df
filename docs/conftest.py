"""Every Python example in the documentation runs as a test (Sybil), so the docs cannot go stale."""

from sybil import Sybil
from sybil.parsers.myst import PythonCodeBlockParser

pytest_collect_file = Sybil(
    parsers=[PythonCodeBlockParser()], patterns=["*.md"], excludes=["generated/*"]
).pytest()
