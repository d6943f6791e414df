"""What a test may measure of cost: CPU time of the code alone, compared in interleaved repeats.

Never wall-clock time: on a busy machine a process waits for a core, and a test that reads the clock
fails for a reason that is not a bug. CPU time (``time.process_time``: this process's user and system time,
every thread) counts only the time the code ran. Cache and frequency effects of other load remain, so a
growth is compared in turns (small, large, small, large…, the best of each), which a disturbance slows alike,
and the bound keeps the room that linear against quadratic leaves: 4× the input is 4× linear and 16×
quadratic, and a test allows 8×.
"""

from __future__ import annotations

import contextlib
import gc
import time
from collections.abc import Callable, Iterator

LINEAR_BOUND = 8.0
"""The most a quadrupled input may cost, as a multiple of the original: linear is 4, quadratic 16."""
SLACK = 0.05
"""CPU seconds of constant cost (imports, caches) a small input may not show."""

Run = Callable[[], object]


def cpu_seconds(run: Run) -> float:
    """The CPU time ``run()`` takes in this process, after the garbage of earlier runs is collected."""
    gc.collect()
    start = time.process_time()
    run()
    return time.process_time() - start


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """What is alive now frozen (:func:`gc.freeze`), so that a collection looks at the objects made since,
    not at the whole test process: a full collection of a worker's heap took ~0.1 s, seven times a growth."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def growth(small: Run, large: Run, *, repeat: int = 3) -> tuple[float, float]:
    """The best CPU time of ``small`` and of ``large``, measured in turns after a warm-up run of ``small``."""
    with _frozen_heap():
        small()
        smalls, larges = [], []
        for _ in range(repeat):
            smalls.append(cpu_seconds(small))
            larges.append(cpu_seconds(large))
    return min(smalls), min(larges)


def assert_linear(small: Run, large: Run, *, label: object = None) -> None:
    """Assert that ``large`` (four times the input of ``small``) costs at most LINEAR_BOUND times as much."""
    first, second = growth(small, large)
    assert second <= LINEAR_BOUND * first + SLACK, (label, first, second)
