"""The command line's start-up: ``--help`` and a single file's check against ``import disclosure_report``.

Run:  python benchmarks/startup.py [--repeat N] [--src PATH]

CPU time (user + system, the worker processes included), the best of N runs of each command in a fresh
interpreter, with bytecode cached (in a folder of its own: an installed package has its ``.pyc`` files,
and a run under ``PYTHONDONTWRITEBYTECODE`` would compile every module each time). Ratios are to
``import disclosure_report`` measured the same way in the same run. The floors say what the work itself
costs in one process: reading the JSON document and validating it, through ``read_json`` and through
``read_report`` (which imports every reader), and the latter in a worker process as the command reads.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path


def _cpu(command: list[str], env: dict[str, str], repeat: int) -> float:
    """Best CPU seconds of ``repeat`` runs (after one that writes the bytecode)."""
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    best = float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        best = min(best, used)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = args.src
        env["PYTHONPYCACHEPREFIX"] = os.path.join(folder, "pycache")
        one = os.path.join(folder, "one.json")
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from disclosure_report import write_json; "
                "from disclosure_report.examples import seed_report; write_json(seed_report(), sys.argv[1])",
                one,
            ],
            env=env,
            check=True,
        )
        python = [sys.executable]
        commands = {
            "python -c pass": [*python, "-c", "pass"],
            "import disclosure_report": [*python, "-c", "import disclosure_report"],
            "disclosure-report --help": [*python, "-m", "disclosure_report", "--help"],
            "disclosure-report validate one.json": [*python, "-m", "disclosure_report", "validate", one],
            "floor: validate(read_json(one))": [
                *python,
                "-c",
                "import sys; from disclosure_report import read_json, validate; "
                "validate(read_json(sys.argv[1]))",
                one,
            ],
            "floor: read_report(one).validate()": [
                *python,
                "-c",
                "import sys; from disclosure_report import read_report; read_report(sys.argv[1]).validate()",
                one,
            ],
            "floor: the same, isolated": [
                *python,
                "-c",
                "import sys; from disclosure_report import read_report; "
                "read_report(sys.argv[1], isolated=True).validate()",
                one,
            ],
        }
        measured = {name: _cpu(command, env, args.repeat) for name, command in commands.items()}
    base = measured["import disclosure_report"]
    print(f"{args.src}, best of {args.repeat}, CPU time with children:")
    for name, seconds in measured.items():
        print(f"  {name:<40} {seconds * 1000:6.0f} ms  {seconds / base:5.2f}x import")


if __name__ == "__main__":
    main()
