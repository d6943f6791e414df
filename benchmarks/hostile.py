"""Hostile inputs against ``read_report``, each in a child process with a time and memory limit.

Run:  python benchmarks/hostile.py [--timeout 60] [--memory-mb 2048] [--only NAME ...]
                                    [--n issue|small|double]
      python benchmarks/hostile.py --call [--only NAME ...]      (the API-call shapes, tests/hostile.py CALLS)

For each shape of ``tests/hostile.py`` the bytes are written to a temporary file with the shape's suffix,
and a child process (``python -c``, its address space limited with ``RLIMIT_AS``) runs
``disclosure_report.read_report`` on it. One line per shape: name, size in bytes, outcome (``ok``,
``ReadError: <first problem>``, ``OTHER <type>: <message>``, ``TIMEOUT``, ``MEMORY``), wall seconds
and the child's peak resident memory in MB (``VmHWM`` of ``/proc/PID/status``, polled while it runs and
reported by the child at the end: ``ru_maxrss`` would include the parent's memory, inherited at fork).
Shapes run one at a time.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hostile import CALLS, SHAPES, SPECIAL  # noqa: E402

_CHILD = r"""
import json, resource, sys
limit = int(sys.argv[1]) * 1024 * 1024
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.path.insert(0, sys.argv[2])
mode, target = sys.argv[3], sys.argv[4]

def summary(value):
    if isinstance(value, (bytes, str)):
        return f"{type(value).__name__} of {len(value)}"
    text = repr(value)
    return text if len(text) <= 300 else text[:297] + "..."

try:
    import disclosure_report
    from disclosure_report import ReadError
    if mode == "file":
        result = disclosure_report.read_report(target)
        outcome = "ok"
        detail = f"{len(result.findings)} findings"
    else:
        from tests.hostile import CALLS
        outcome = "ok"
        detail = summary(CALLS[target]())
except MemoryError:
    outcome, detail = "MEMORY", "MemoryError"
except RecursionError as error:
    outcome, detail = "OTHER RecursionError", str(error)[:200]
except ReadError as error:
    first = error.problems[0] if error.problems else None
    outcome = "ReadError"
    detail = f"{first.place}: {first.message}"[:200] if first else str(error)[:200]
except BaseException as error:
    outcome, detail = f"OTHER {type(error).__name__}", str(error)[:200]
def high_water():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

sys.stdout.write(json.dumps({"outcome": outcome, "detail": detail, "hwm_kb": high_water()}) + "\n")
sys.stdout.flush()
"""


def _high_water(pid: int) -> int:
    """The process's peak resident memory so far, in KB (0 if it cannot be read)."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_child(mode: str, target: str, timeout: float, memory_mb: int) -> dict[str, object]:
    """Run one read or call in a child process; its outcome, seconds and peak RSS (MB)."""
    command = [sys.executable, "-c", _CHILD, str(memory_mb), str(ROOT), mode, target]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, start_new_session=True)
        timed_out = False
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _high_water(child.pid))
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                timed_out = True
                os.killpg(child.pid, signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting
        out.seek(0)
        err.seek(0)
        lines = out.read().decode("utf-8", "replace").strip().splitlines()
        error_tail = err.read().decode("utf-8", "replace").strip().splitlines()[-1:]
    del usage  # ru_maxrss counts the parent's resident memory at the fork: VmHWM is the child's own
    if timed_out:
        result = {"outcome": "TIMEOUT", "detail": f"killed after {timeout:g} s"}
    elif lines:
        try:
            result = json.loads(lines[-1])
        except ValueError:
            result = {"outcome": "OTHER output", "detail": lines[-1][:200]}
    elif os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        killed = number in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT)
        outcome = "MEMORY" if killed else "CRASH"
        result = {"outcome": outcome, "detail": f"killed by {signal.Signals(number).name}"}
    else:
        detail = error_tail[0][:200] if error_tail else f"exit status {child.returncode}"
        memory = "MemoryError" in detail or "Cannot allocate" in detail
        result = {"outcome": "MEMORY" if memory else "CRASH", "detail": detail}
    peak_kb = max(peak_kb, int(result.pop("hwm_kb", 0) or 0))
    result.update(seconds=round(seconds, 2), peak_mb=round(peak_kb / 1024, 1))
    return result


def _line(name: str, size: object, result: dict[str, object]) -> str:
    outcome = str(result["outcome"])
    if outcome not in ("TIMEOUT",) and result.get("detail"):
        outcome += f": {result['detail']}"
    return f"{name:34} {size!s:>10} {result['seconds']:>8.2f}s {result['peak_mb']:>8.1f} MB  {outcome}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per shape (default 60)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="address-space limit of the child")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these shapes (or calls)")
    parser.add_argument(
        "--n",
        choices=["issue", "small", "double"],
        default="issue",
        help="scale: issue_n, small_n, 2*small_n",
    )
    parser.add_argument("--call", action="store_true", help="run the API-call shapes (CALLS) instead")
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help="also append each result to FILE as JSON lines"
    )
    args = parser.parse_args(argv)

    names = args.only or (list(CALLS) if args.call else [*SHAPES, *SPECIAL])
    unknown = [n for n in names if n not in (CALLS if args.call else {**SHAPES, **SPECIAL})]
    if unknown:
        parser.error(f"unknown: {', '.join(unknown)}")
    print(f"{'shape':34} {'bytes':>10} {'seconds':>9} {'peak':>11}  outcome", flush=True)
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            if args.call:
                size: object = "call"
                n: object = None
                result = run_child("call", name, args.timeout, args.memory_mb)
            elif name in SPECIAL:
                path = Path(folder, "fifo.pdf")
                os.mkfifo(path)
                size, n = "fifo", None
                result = run_child("file", str(path), args.timeout, args.memory_mb)
            else:
                shape = SHAPES[name]
                n = {"issue": shape.issue_n, "small": shape.small_n, "double": 2 * shape.small_n}[args.n]
                data = shape.build(n)
                path = Path(folder, f"input{shape.suffix}")
                path.write_bytes(data)
                del data
                size = path.stat().st_size
                result = run_child("file", str(path), args.timeout, args.memory_mb)
        print(_line(name, size, result), flush=True)
        if args.json:
            with args.json.open("a", encoding="utf-8") as stream:
                record = {"name": name, "n": n, "scale": "call" if args.call else args.n, "bytes": size}
                stream.write(json.dumps(record | result, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
