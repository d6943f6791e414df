"""Run a program confined: no network, no longer than a deadline, never outliving the process that asked.

Run as a script by its path, ``python -I -S confine.py [--session] PARENT SECONDS PROGRAM [ARGUMENT...]``,
with the standard library alone: it starts in a few milliseconds and imports nothing of the caller's.
On Linux:

- **Tied to its parent.** It is sent SIGTERM when ``PARENT`` (the worker process that started it) ends,
  however it ends (killed at its time limit, by the out-of-memory killer, with the whole batch); it then
  stops the program, all of it. The program is sent SIGKILL if this process ends first.
- **No network.** The program runs in a network namespace of its own where the system allows (under a
  user namespace of its own when not privileged): no interface but a loopback that is down, so that no
  connection leaves it, to this machine neither. Its first process is the first of a PID namespace of its
  own too: when it ends, or is killed, the kernel ends every process it started.
- **Stopped whole.** Where namespaces are not allowed (or with ``--session``), the program runs in a
  session of its own and this process, the subreaper of everything it starts, kills each one left when
  the program ends, at the deadline, and on SIGTERM.
- **A deadline.** After ``SECONDS`` the program is stopped, all of it.

Exit status: the program's (128 and the signal's number if a signal ended it); 124 when it was stopped at
the deadline, 143 when on SIGTERM, 125 when the parent had ended before this started, 127 when the
program could not be started. Elsewhere than Linux the program is only run and waited for.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import sys
import time
from collections.abc import Sequence
from typing import Any, Final

_PR_SET_PDEATHSIG: Final = 1
_PR_SET_CHILD_SUBREAPER: Final = 36
_CLONE_NEWUSER: Final = 0x10000000
_CLONE_NEWNET: Final = 0x40000000
_CLONE_NEWPID: Final = 0x20000000

STOPPED_AT_DEADLINE: Final = 124
STOPPED_BY_SIGNAL: Final = 143
PARENT_GONE: Final = 125
NOT_STARTED: Final = 127
CONFINED_VARIABLE: Final = "DISCLOSURE_REPORT_CONFINED"
"""Set for the program: ``namespaces`` (network and PID namespaces of its own), else ``session``."""


class _Stopped(Exception):
    """SIGTERM: the parent ended, or asked this process to stop."""


def _stop(signum: int, frame: Any) -> None:
    raise _Stopped


def _isolate(libc: Any) -> bool:
    """Enter a network and a PID namespace (the PID one for the program); whether it could."""
    if libc.unshare(_CLONE_NEWNET | _CLONE_NEWPID) == 0:  # privileged
        return True
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET | _CLONE_NEWPID) != 0:
        return False
    # This process's own user and group, the same inside: files are its own in either.
    for name, value in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with contextlib.suppress(OSError), open(f"/proc/self/{name}", "w", encoding="ascii") as stream:
            stream.write(value)
    return True


def _children() -> list[int]:
    """This process's children now (the subreaper's: orphans of the program's tree come here)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{os.getpid()}/task")
    except OSError:
        return []
    for task in tasks:
        path = f"/proc/{os.getpid()}/task/{task}/children"
        with contextlib.suppress(OSError, ValueError), open(path, encoding="ascii") as stream:
            found.extend(int(pid) for pid in stream.read().split())
    return found


def _kill_all(first: int) -> None:
    """Kill the program's session, then every process left under this one, and reap them all."""
    with contextlib.suppress(OSError):
        os.killpg(
            first, signal.SIGKILL
        )  # its session's group (a group's number is not reused while it lives)
    for _ in range(200):  # each round kills what the last one's deaths handed to this subreaper
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0] > 0:
                pass
        left = _children()
        if not left:
            return
        for pid in left:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.01)


def _wait(pid: int, deadline: float) -> int | None:
    """The program's wait status, or ``None`` at the deadline."""
    watch: int | None = None
    with contextlib.suppress(AttributeError, OSError):
        watch = os.pidfd_open(pid)
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return status
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            if watch is not None:
                select.select([watch], [], [], left)
            else:  # pragma: no cover - Linux before 5.3
                time.sleep(min(left, 0.05))
    finally:
        if watch is not None:
            os.close(watch)


def main(arguments: Sequence[str]) -> int:
    """Run the program as the module says; its exit status."""
    session = bool(arguments) and arguments[0] == "--session"
    parent, seconds, *program = arguments[session:]
    deadline = time.monotonic() + float(seconds)
    if sys.platform != "linux":  # pragma: no cover - no namespaces, no parent-death signal
        import subprocess

        try:
            return subprocess.run(program, timeout=max(0.0, float(seconds)), check=False).returncode
        except subprocess.TimeoutExpired:
            return STOPPED_AT_DEADLINE
    libc = ctypes.CDLL(None, use_errno=True)
    signal.signal(signal.SIGTERM, _stop)
    first = 0
    reaped = False
    try:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != int(parent):
            return PARENT_GONE
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        confined = not session and _isolate(libc)
        launcher = os.getpid()
        first = os.fork()
        if first == 0:  # the program
            try:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
                # The first of a PID namespace sees no parent (0): its parent is outside.
                if os.getppid() not in (launcher, 0):
                    os._exit(PARENT_GONE)
                if not confined:
                    os.setsid()
                os.environ[CONFINED_VARIABLE] = "namespaces" if confined else "session"
                os.execvp(program[0], program)
            finally:
                os._exit(NOT_STARTED)
        status = _wait(first, deadline)
        if status is None:
            return STOPPED_AT_DEADLINE
        reaped = True
        return os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status)
    except _Stopped:
        return STOPPED_BY_SIGNAL
    finally:
        if first > 0:
            # A namespace ends with its first process; what a session leaves comes to this subreaper.
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            if not reaped:  # once reaped, its number may be another's
                with contextlib.suppress(OSError):
                    os.kill(first, signal.SIGKILL)
            _kill_all(first)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
