"""Warms the process that imports it: the fork server that starts reading workers.

In a process with several threads (a Dask worker) workers are started by a fork server, not forked from
the process itself (a fork there may copy a lock another thread holds). The server imports this module
first, so that each worker starts with the readers, validation and the corpus's Arrow columns imported
and warm, as a forking parent is warmed before a batch, and with what the parent's main module imported.
"""

import contextlib
import gc
import importlib
import os

from ._corpus import prepare_export_workers
from ._io.batch import prepare_workers
from ._io.read.isolation import PRELOAD_VARIABLE

prepare_workers()
with contextlib.suppress(ModuleNotFoundError):  # without the corpus extra: the readers alone
    prepare_export_workers()
# What the parent's main module imported, which each worker would import again (see _imported_by_main).
# Each may fail (a script's neighbour that exits when imported, say): a worker then imports it, or not.
for name in filter(None, os.environ.get(PRELOAD_VARIABLE, "").split(",")):
    with contextlib.suppress(BaseException):
        importlib.import_module(name)
# What is here now lives as long as the server: out of the collector's sight, so that a worker's
# collections neither walk it nor write to its pages (which a fork shares until written).
gc.freeze()
