"""Warms the process that imports it: the fork server that starts reading workers.

In a process with several threads (a Dask worker) workers are started by a fork server, not forked from
the process itself (a fork there may copy a lock another thread holds). The server imports this module
first, so that each worker starts with the readers, validation and the corpus's Arrow columns imported
and warm, as a forking parent is warmed before a batch.
"""

import contextlib
import gc

from ._corpus import prepare_export_workers
from ._io.batch import prepare_workers

prepare_workers()
with contextlib.suppress(ModuleNotFoundError):  # without the corpus extra: the readers alone
    prepare_export_workers()
# What is here now lives as long as the server: out of the collector's sight, so that a worker's
# collections neither walk it nor write to its pages (which a fork shares until written).
gc.freeze()
