"""Batches on the command line: small files go to workers by the dozen, each with its own limits."""

from __future__ import annotations

import csv
import io
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from disclosure_report import AnnualReport, render_html, render_text, write_json
from disclosure_report._cli import checking, main
from disclosure_report._io import batch, workers

_real_check = checking.check


def _slow_or_killed(unit: Any, options: Any) -> Any:
    """Checking a file as a loaded machine may: too slow, or its worker killed."""
    if unit.name.endswith("slow.json"):
        time.sleep(30)
    elif unit.name.endswith("killed.json"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_check(unit, options)


def _folder(seed: AnnualReport, tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for number in range(count):
        match number % 3:
            case 0:
                write_json(seed, folder / f"r{number:03d}.json")
            case 1:
                (folder / f"r{number:03d}.txt").write_text(render_text(seed), encoding="utf-8")
            case _:
                (folder / f"r{number:03d}.html").write_text(render_html(seed), encoding="utf-8")
    return folder


def test_small_files_share_a_worker_and_keep_their_order(
    seed: AnnualReport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forked: None,
) -> None:
    # A worker started for each file cost 29-38 ms of CPU a file, more than reading it.
    folder = _folder(seed, tmp_path, 70)
    started: list[int] = []
    real_start = workers._start

    def counted(*arguments: Any) -> Any:
        started.append(len(arguments[4]))  # the inputs of the group the worker is given
        return real_start(*arguments)

    monkeypatch.setattr(workers, "_start", counted)
    status = main(["--lang", "en", "validate", "--summary", "--format", "csv", "--jobs", "2", str(folder)])
    said = capsys.readouterr()
    assert status == 0, said.err
    assert started == [batch.TASK_FILES, 70 - batch.TASK_FILES]  # two workers for 70 files
    files = [row["file"] for row in csv.DictReader(io.StringIO(said.out))]
    assert files == sorted(str(path) for path in folder.iterdir())


def test_a_file_in_a_task_keeps_its_own_limits(
    seed: AnnualReport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forked: None,
) -> None:
    folder = _folder(seed, tmp_path, 9)
    write_json(seed, folder / "r004-slow.json")
    write_json(seed, folder / "r007-killed.json")
    monkeypatch.setattr(checking, "check", _slow_or_killed)
    arguments = ["--lang", "en", "validate", "--summary", "--format", "csv", "--timeout", "1", str(folder)]
    status = main([*arguments[:-1], "--jobs", "1", arguments[-1]])
    said = capsys.readouterr()
    assert status == 2
    rows = {Path(row["file"]).name: row for row in csv.DictReader(io.StringIO(said.out))}
    assert len(rows) == 11
    assert "took longer than the limit of 1 s" in rows["r004-slow.json"]["first_en"]
    assert "killed by SIGKILL" in rows["r007-killed.json"]["first_en"]
    others = [row["status"] for name, row in rows.items() if "-" not in name]
    assert others == ["passed"] * 9


def test_series_read_in_tasks_too(
    seed: AnnualReport,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    forked: None,
) -> None:
    folder = _folder(seed, tmp_path, 5)
    started: list[int] = []
    real_start = workers._start

    def counted(*arguments: Any) -> Any:
        started.append(len(arguments[4]))
        return real_start(*arguments)

    monkeypatch.setattr(workers, "_start", counted)
    status = main(["--lang", "en", "validate", "--series", "--summary", "--format", "csv", str(folder)])
    said = capsys.readouterr()
    # Five reports of one agency and one year: none compared with another, all read in one worker.
    assert status == 0, said.err
    assert started == [5]
    assert len(list(csv.DictReader(io.StringIO(said.out)))) == 5


def _doubled(number: int) -> int:
    return 2 * number


def test_a_workers_first_input_has_its_time_from_when_the_worker_is_ready(
    monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    # A busy machine took longer to start a worker than its first input's limit: a quick input failed.
    real_limit = workers._limit_memory

    def slow_start(memory: int | None) -> None:  # runs in the worker, before it says it is ready
        time.sleep(1.5)
        real_limit(memory)

    monkeypatch.setattr(workers, "_limit_memory", slow_start)
    assert workers.run(_doubled, 21, source="quick", timeout=1.0) == 42
    # Starting a process has a bound of its own, not the input's.
    assert workers.STARTUP_SECONDS == 60.0
