"""The exit status of every command."""

from __future__ import annotations

from typing import Final

EXIT_VALID: Final = 0
"""Every report is valid (and whatever else was asked was done)."""
EXIT_INVALID: Final = 1
"""Some report has errors (or warnings, with ``--strict``)."""
EXIT_UNREADABLE: Final = 2
"""An input could not be read, or the command was misused."""
