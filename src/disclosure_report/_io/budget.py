"""What the input a worker reads now may still use, as its reader sees it: the time left, and asking for more.

The reader's side of :mod:`.workers`, kept apart from the process machinery so that a reader (LibreOffice's
conversion asks for the time left, the scan reader for more time and memory a page) imports this small
module, never the pool that starts workers and warms them for every format. :mod:`.workers` sets the
budget as a worker starts and as each input starts; outside a worker there is none, and nothing happens.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = ["EXTENSION_MEMORY", "enter_worker", "extend", "start_input", "time_left"]

EXTENSION_MEMORY: Final = 2 * 1024 * 1024 * 1024
"""Bytes of address space a worker's reader may add to its limit, once (see :func:`extend`)."""

_PARENT: Connection | None = None
"""In a worker, the connection to the process that waits for it."""
_EXTENDED = False
_DEADLINE: float | None = None
"""In a worker, when the input it reads now must be done (``time.monotonic()``, a clock all processes of
the machine share)."""


def enter_worker(parent: Connection) -> None:
    """In a worker starting: where :func:`extend` sends its requests (the process that waits for it)."""
    global _PARENT
    _PARENT = parent


def start_input(seconds: float) -> None:
    """In a worker: the input it reads now has ``seconds`` from now."""
    global _DEADLINE
    _DEADLINE = time.monotonic() + seconds


def extend(seconds: float, memory: int = 0) -> None:
    """Ask for at least ``seconds`` more from now, and ``memory`` more bytes of address space.

    For a reader whose heavy work is bounded step by step, each step with its own time limit (a scan's
    pages): a worker's limits are set for reading a file, not for recognising thirty pages. Memory is
    raised once a worker, by at most :data:`EXTENSION_MEMORY` (the hard limit the worker was given).
    Outside a worker, nothing happens.
    """
    global _EXTENDED, _DEADLINE
    if _PARENT is None:
        return
    if memory and not _EXTENDED:
        _EXTENDED = True
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            if soft != resource.RLIM_INFINITY:
                wanted = soft + min(memory, EXTENSION_MEMORY)
                resource.setrlimit(
                    resource.RLIMIT_AS,
                    (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard),
                )
    if _DEADLINE is not None:
        _DEADLINE = max(_DEADLINE, time.monotonic() + seconds)
    _PARENT.send(("more", seconds))


def time_left() -> float | None:
    """The seconds the input a worker reads now has left before its worker is stopped.

    ``None`` outside a worker (no limit). For a reader that starts a program of its own (LibreOffice):
    given no more than this, the program stops before its worker is killed, not after.

    .. versionadded:: 0.1.0
    """
    if _PARENT is None or _DEADLINE is None:
        return None
    return max(0.0, _DEADLINE - time.monotonic())
