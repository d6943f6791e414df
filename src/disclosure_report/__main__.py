"""``python -m disclosure_report``: the command line (with no arguments, validate the bundled seed report)."""

from __future__ import annotations

from ._cli import main_entry

if __name__ == "__main__":
    main_entry()
