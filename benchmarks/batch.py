"""Batches on the command line: the cost per file outside the readers, and two workers against one.

Run:  python benchmarks/batch.py [--files 192] [--pdfs 0] [--repeat 3] [--src PATH] [--skip-export]

Makes a folder of small generated reports in every format (JSON, text, Markdown, HTML, DOCX, XLSX in
turn; with ``--pdfs``, that many DOCX made PDF by LibreOffice), and a second with twice as many.

- **Per file outside the readers**: the CPU time (the workers' included) of ``validate FOLDER --jobs 1
  --format csv`` on the larger folder less that on the smaller, per file added, less what reading and
  validating those files costs in one warm process (``read_report(path).validate()``): what the batch
  adds to each file (starting workers, sending results back, writing the output).
- **Two workers**: wall-clock time of ``validate`` and of ``export`` (into a new DuckDB file) on the
  larger folder with ``--jobs 1`` and ``--jobs 2``, the best of ``--repeat`` runs each, and their ratio.
  The CPU time of each run is printed beside it: on a machine others use, a ratio is only as good as
  the cores were free (the load average is printed too).
- **The serial part**: with ``--jobs 1`` on the larger folder, the parent's CPU time before it forks its
  first worker (its warm-up), its CPU time in all, and its workers' (the median of ``--repeat`` runs),
  and the ceiling two free cores give, (P + W) / (P + W/2), P the parent's time before its first worker
  and W the rest (the parent's later work overlaps its workers'). CPU time changes little with the load.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import attrs

sys.path.insert(0, str(Path(__file__).parent))
from corpus import WRITERS
from run import corpus


def make_folder(root: Path, count: int, pdfs: int, offset: int = 0) -> None:
    """``count`` distinct small reports in every format in turn (``pdfs`` of them as PDFs)."""
    root.mkdir(parents=True)
    extensions = list(WRITERS)
    to_pdf: list[Path] = []
    for number, report in enumerate(corpus(offset + count)):
        if number < offset:
            continue
        report = attrs.evolve(report, metadata=attrs.evolve(report.metadata, year=2021 + number % 3))
        if number - offset < pdfs:
            path = root / f"r{number:05d}.docx"
            path.write_bytes(WRITERS[".docx"](report))
            to_pdf.append(path)
            continue
        extension = extensions[number % len(extensions)]
        (root / f"r{number:05d}{extension}").write_bytes(WRITERS[extension](report))
    if to_pdf:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            sys.exit("LibreOffice is needed to make the PDFs (or give --pdfs 0)")
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(root), *map(str, to_pdf)],
            check=True,
            capture_output=True,
        )
        for path in to_pdf:
            path.unlink()


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (children included) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(command: list[str], env: dict[str, str], repeat: int) -> tuple[float, float]:
    """The best wall-clock time of ``repeat`` runs, with that run's CPU time."""
    return min((run(command, env) for _ in range(repeat)), key=lambda measured: measured[0])


_IN_PROCESS = """
import resource, sys
from pathlib import Path
from disclosure_report import read_report
try:
    from disclosure_report._io.workers import prepare_workers
except ImportError:  # before issue 40
    from disclosure_report._io.batch import prepare_workers
prepare_workers()
paths = sorted(str(p) for p in Path(sys.argv[1]).iterdir())
for path in paths:  # warm: each reader's first file
    read_report(path).validate()
usage = resource.getrusage(resource.RUSAGE_SELF)
start = usage.ru_utime + usage.ru_stime
for path in paths:
    read_report(path).validate()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime - start)
"""


# The command line, with the parent's CPU time when it first forks (its warm-up before the first worker).
_FIRST_FORK = """
import atexit, os, resource, sys, time
first = []
os.register_at_fork(before=lambda: first or first.append(time.process_time()))
def said():
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = workers.ru_utime + workers.ru_stime
    print(first[0] if first else -1, time.process_time(), spent, file=sys.stderr)
atexit.register(said)
sys.argv[0] = "disclosure-report"
import runpy
runpy.run_module("disclosure_report", run_name="__main__")
"""


def serial(arguments: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """CPU seconds of a command: the parent's before its first fork, the parent's in all, the workers'."""
    said = subprocess.run(
        [sys.executable, "-c", _FIRST_FORK, *arguments], env=env, capture_output=True, text=True, check=False
    )
    before, parent, workers = map(float, said.stderr.strip().splitlines()[-1].split())
    return before, parent, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=192)
    parser.add_argument("--pdfs", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--src", default=str(Path(__file__).resolve().parents[1] / "src"))
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": args.src}
    python = [sys.executable, "-m", "disclosure_report", "--lang", "en"]
    with tempfile.TemporaryDirectory() as folder:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(folder, "pycache")
        small, large = Path(folder) / "small", Path(folder) / "large"
        make_folder(small, args.files, args.pdfs)
        shutil.copytree(small, large)
        make_folder(large / "more", args.files, args.pdfs, offset=args.files)
        print(f"{args.src}: {args.files} and {2 * args.files} files, load average {os.getloadavg()[0]:.1f}")

        said = subprocess.run(
            [sys.executable, "-c", _IN_PROCESS, str(large / "more")],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        reading = float(said.stdout) / args.files
        validate = [*python, "validate", "--format", "csv", "--jobs", "1"]
        _, fewer = best([*validate, str(small)], env, args.repeat)
        _, more = best([*validate, str(large)], env, args.repeat)
        per_file = (more - fewer) / args.files
        print(
            f"  validate --jobs 1, CPU per file: {per_file * 1000:.1f} ms, of which reading and validating "
            f"{reading * 1000:.1f} ms: {(per_file - reading) * 1000:.1f} ms outside the readers"
        )

        commands = {"validate": lambda jobs: [*validate[:-1], str(jobs), str(large)]}
        measured = {"validate": lambda: serial([*validate[3:], str(large)], env)}
        if not args.skip_export:
            target = Path(folder) / "corpus.duckdb"

            def export(jobs: int) -> list[str]:
                if target.exists():
                    target.unlink()
                return [*python, "export", "--jobs", str(jobs), "--to", str(target), str(large)]

            commands["export"] = export
            measured["export"] = lambda: serial(export(1)[3:], env)
        for name, measure in measured.items():
            measure()  # the first run fills the bytecode cache (PYTHONPYCACHEPREFIX) for its modules
            runs = [measure() for _ in range(args.repeat)]
            before, parent, workers = (statistics.median(values) for values in zip(*runs, strict=True))
            rest = parent - before + workers
            print(
                f"  {name} --jobs 1: parent {before:.2f} s CPU before its first worker, {parent:.2f} s "
                f"in all; workers {workers:.2f} s: ceiling {(before + rest) / (before + rest / 2):.2f}x"
            )
        for name, command in commands.items():
            timed = {}
            for jobs in (1, 2):
                runs = []
                for _ in range(args.repeat):
                    runs.append(run(command(jobs), env))
                timed[jobs] = min(runs)
            (one, one_cpu), (two, two_cpu) = timed[1], timed[2]
            print(
                f"  {name}: --jobs 1 {one:.2f} s ({one_cpu:.2f} s CPU), --jobs 2 {two:.2f} s "
                f"({two_cpu:.2f} s CPU): {one / two:.2f}x (load average {os.getloadavg()[0]:.1f})"
            )


if __name__ == "__main__":
    main()
