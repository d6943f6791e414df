"""The progress bar of a long batch, on a terminal's standard error only."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .._io.batch import JSON_LINES, input_files


class Progress:
    """A progress bar on a terminal's standard error: done/total, rate and time left.

    Only on a terminal: piped or redirected output stays free of carriage returns.
    """

    def __init__(self, total: int | None, stream: TextIO) -> None:
        from tqdm import tqdm  # imported when a bar is drawn: the library's import stays light

        # No monitor thread: a process with one thread forks its reading workers (see isolation).
        tqdm.monitor_interval = 0
        self.bar = tqdm(total=total, unit=" report", file=stream, mininterval=0.2, leave=False)

    @classmethod
    def on_terminal(cls, paths: Sequence[str]) -> Progress | None:
        """A bar for the inputs given, if standard error is a terminal."""
        if not sys.stderr.isatty():
            return None
        return cls(count(paths), sys.stderr)

    def step(self) -> None:
        """One more input done."""
        self.bar.update(1)

    def say(self, message: str) -> None:
        """A line above the bar, which is drawn again below it."""
        self.bar.write(f"disclosure-report: {message}", file=sys.stderr)

    def done(self) -> None:
        """Take the bar away."""
        self.bar.close()


def count(paths: Sequence[str]) -> int:
    """How many reports there are to check, for the progress bar: files, and lines of JSON-lines files.

    Lines are counted in chunks (a file of one huge line is never held whole); blank lines are counted too,
    so the total may be a little high for such files.
    """
    total = 0
    for name in input_files(paths):
        if not name.endswith(JSON_LINES) or not Path(name).is_file():
            total += 1  # a FIFO is never read here: its lines would be gone before they are checked
            continue
        try:
            with open(name, "rb") as stream:
                ending = b"\n"
                while chunk := stream.read(1 << 20):
                    total += chunk.count(b"\n")
                    ending = chunk[-1:]
                total += ending != b"\n"
        except OSError:
            total += 1  # reported as one unreadable unit
    return total
