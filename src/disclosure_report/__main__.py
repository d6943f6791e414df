"""``python -m disclosure_report``: the command line (with no arguments, validate the bundled seed report)."""

from __future__ import annotations

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
