"""The command line's start-up: ``--help`` and a single file's check against ``import disclosure_report``.

Run:  python benchmarks/startup.py [--repeat N] [--src PATH ...]

CPU time (user + system, the worker processes included) of each command in a fresh interpreter, with
bytecode cached (in a folder of its own: an installed package has its ``.pyc`` files, and a run under
``PYTHONDONTWRITEBYTECODE`` would compile every module each time). The runs are interleaved (each round
runs every command of every tree once, in turn), so that the machine's load falls on all of them alike;
the figure is the median of the rounds. Ratios are to ``import disclosure_report`` of the same tree in the
same run. Several ``--src`` trees (a branch and ``main``, say) are measured in the same rounds, which is
how a before and after are compared on a loaded machine. The floors say what the work itself costs in one
process: reading the JSON document and validating it, through ``read_json`` and through ``read_report``,
and the latter in a worker process as the command reads.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def _cpu(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds of one run, its children's included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _commands(one: str) -> dict[str, list[str]]:
    python = [sys.executable]
    return {
        "python -c pass": [*python, "-c", "pass"],
        "import disclosure_report": [*python, "-c", "import disclosure_report"],
        "disclosure-report --help": [*python, "-m", "disclosure_report", "--help"],
        "disclosure-report validate one.json": [*python, "-m", "disclosure_report", "validate", one],
        "floor: validate(read_json(one))": [
            *python,
            "-c",
            "import sys; from disclosure_report import read_json, validate; validate(read_json(sys.argv[1]))",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="rounds (default 15)")
    parser.add_argument(
        "--src",
        action="append",
        help="a tree's src folder, given once per tree (default: this checkout's)",
    )
    args = parser.parse_args()
    trees: list[str] = args.src or [str(Path(__file__).resolve().parents[1] / "src")]
    with tempfile.TemporaryDirectory() as folder:
        base_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        envs = {
            tree: {
                **base_env,
                "PYTHONPATH": tree,
                "PYTHONPYCACHEPREFIX": os.path.join(folder, f"pycache{number}"),
            }
            for number, tree in enumerate(trees)
        }
        one = os.path.join(folder, "one.json")
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from disclosure_report import write_json; "
                "from disclosure_report.examples import seed_report; write_json(seed_report(), sys.argv[1])",
                one,
            ],
            env=envs[trees[0]],
            check=True,
        )
        commands = _commands(one)
        for tree in trees:  # a first run of each writes its bytecode
            for command in commands.values():
                _cpu(command, envs[tree])
        runs: dict[tuple[str, str], list[float]] = {(t, n): [] for t in trees for n in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                for tree in trees:
                    runs[tree, name].append(_cpu(command, envs[tree]))
    print(f"median of {args.repeat} interleaved rounds, CPU time with children:")
    for tree in trees:
        base = statistics.median(runs[tree, "import disclosure_report"])
        print(tree)
        for name in commands:
            seconds = statistics.median(runs[tree, name])
            print(f"  {name:<40} {seconds * 1000:6.0f} ms  {seconds / base:5.2f}x import")


if __name__ == "__main__":
    main()
