"""The corpus export on a real Dask cluster: the same tables as a local export, a lost worker losing and
duplicating nothing, a second run adding nothing, and clear errors for every way a cluster cannot serve."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

from disclosure_report import (
    AnnualReport,
    ClusterError,
    ExportSummary,
    copy_corpus,
    render_docx,
    render_html,
    render_json,
    render_text,
    render_xlsx,
)
from disclosure_report._cli import main
from disclosure_report._corpus import CORPUS_TABLES, export_corpus, open_corpus, read_corpus
from disclosure_report._corpus.cluster import (
    WorkerFacts,
    check_workers,
    cluster_task,
    cluster_tasks,
    worker_facts,
)
from disclosure_report._corpus.reading import stamped_input
from disclosure_report._corpus.schema import arrow_table
from disclosure_report._corpus.stores import ParquetStore
from disclosure_report._io.batch import units
from disclosure_report.examples import seed_report

from .conftest import DATA
from .test_corpus import _table, _variant

# A cluster of worker processes, and a folder of 218 files exported: made once, on one pytest worker.
pytestmark = pytest.mark.slow
pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")
dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")


_WRITERS: dict[str, Any] = {
    "json": lambda r: render_json(r).encode(),
    "html": lambda r: render_html(r).encode(),
    "docx": render_docx,
    "xlsx": render_xlsx,
    "txt": lambda r: render_text(r).encode(),
}
_MIX = {"json": 60, "html": 40, "docx": 32, "xlsx": 32, "txt": 24}
_PDF_COPIES = 5
_JSON_COPIES = 20
_UNREADABLE = 5
_FILES = sum(_MIX.values()) + _PDF_COPIES + _JSON_COPIES + _UNREADABLE  # 218: four tasks of 64 at most
_REPORTS = sum(_MIX.values()) + 1  # the PDFs are one report, the copies are duplicates


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """218 mixed files: every format the library writes, copies of a real PDF, copies, unreadable files."""
    root = tmp_path_factory.mktemp("downloads")
    seed = seed_report()
    number = 0
    for extension, count in _MIX.items():
        folder = root / extension
        folder.mkdir()
        for _ in range(count):
            number += 1
            (folder / f"r{number:04d}.{extension}").write_bytes(_WRITERS[extension](_variant(seed, number)))
    for copy in range(_PDF_COPIES):  # one report: the first read is kept, the others are duplicates
        (root / f"seed-{copy}.pdf").write_bytes((DATA / "seed.libreoffice.pdf").read_bytes())
    originals = sorted((root / "json").iterdir())
    for copy, original in enumerate(originals[:: len(originals) // _JSON_COPIES][:_JSON_COPIES]):
        shutil.copy(original, root / f"copy-{copy:02d}.json")
    for broken in range(_UNREADABLE):
        (root / f"broken-{broken}.docx").write_bytes(b"PK\x03\x04 not a zip")
    assert sum(1 for path in root.rglob("*") if path.is_file()) == _FILES == 218
    return root


def _tables(target: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows but the time of export, sorted: what two exports are compared by."""
    with open_corpus(target) as connection:
        return {name: _table(connection, name) for name in CORPUS_TABLES}


@pytest.fixture(scope="module")
def local(downloads: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[Any, ...]]]:
    """The tables a local export writes for the downloads."""
    target = tmp_path_factory.mktemp("local") / "corpus"
    summary = export_corpus([downloads], target, format="parquet", jobs=2)
    assert (summary.inputs, summary.added, summary.unreadable) == (_FILES, _REPORTS, _UNREADABLE)
    return _tables(target)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A real LocalCluster of two worker processes, whose workers may start processes of their own."""
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@attrs.frozen
class _ClusterRun:
    target: Path
    summary: ExportSummary
    said: list[str]
    workers_before: set[int]
    killed: list[int]


@pytest.fixture(scope="module")
def on_cluster(downloads: Path, client: Any, tmp_path_factory: pytest.TempPathFactory) -> _ClusterRun:
    """The downloads exported on the cluster, one of its two workers killed (SIGKILL) during the run."""
    before = set(client.run(os.getpid).values())
    killed: list[int] = []
    said: list[str] = []

    def kill_one_worker(message: str | None) -> None:
        if message is not None:
            said.append(message)
        elif not killed:  # the first input done: the other tasks are under way
            pid = next(iter(client.run(os.getpid).values()))
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    target = tmp_path_factory.mktemp("cluster") / "corpus"
    summary = export_corpus([downloads], target, dask=client, progress=kill_one_worker)
    return _ClusterRun(target, summary, said, before, killed)


def test_a_cluster_writes_the_tables_a_local_export_writes(
    on_cluster: _ClusterRun, local: dict[str, Any]
) -> None:
    assert attrs.asdict(on_cluster.summary) == {
        "inputs": _FILES,
        "skipped": 0,
        "added": _REPORTS,
        "duplicates": _PDF_COPIES - 1 + _JSON_COPIES,
        "unreadable": _UNREADABLE,
    }
    assert _tables(on_cluster.target) == local
    assert on_cluster.said[0].startswith("Dask dashboard: http")
    # Staged by the workers, committed by this process with their file list. What a lost run staged may
    # be left (the killed worker's, if it wrote before it died): never committed, removed by the next run.
    target = on_cluster.target
    chunks = {part.stem for part in (target / "files").glob("*.parquet")}
    assert len(chunks) > 2
    for name in CORPUS_TABLES:
        parts = [part for part in (target / name).iterdir() if not part.name.endswith(".staged.parquet")]
        assert {part.stem for part in parts} <= chunks, name
    back = {report.fingerprint for report in read_corpus(target)}
    assert len(back) == _REPORTS


def test_a_worker_killed_mid_run_loses_nothing_and_duplicates_nothing(
    on_cluster: _ClusterRun, local: dict[str, Any], client: Any
) -> None:
    # Every input once, every report once (the tables equal the local export's, above and here).
    assert on_cluster.killed
    assert _tables(on_cluster.target) == local
    # The worker was really lost, and its nanny started another.
    client.wait_for_workers(2, timeout=60)
    now = set(client.run(os.getpid).values())
    assert on_cluster.killed[0] in on_cluster.workers_before and on_cluster.killed[0] not in now


def test_a_second_run_on_the_cluster_adds_nothing(
    on_cluster: _ClusterRun, local: dict[str, Any], downloads: Path, client: Any
) -> None:
    again = export_corpus([downloads], on_cluster.target, dask=client)
    assert (again.inputs, again.skipped, again.added) == (_FILES, _FILES, 0)
    assert _tables(on_cluster.target) == local
    assert not list(on_cluster.target.rglob("*.staged.parquet"))


def test_each_run_of_a_task_stages_parts_of_its_own(seed: AnnualReport, tmp_path: Path) -> None:
    # Dask may run a task twice (a worker lost after it wrote, or thought lost and still running): each
    # run stages its own parts; the parent commits one run's, and no other run can touch them.
    import pyarrow.parquet as pq

    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(20):
        (folder / f"r{number:02d}.json").write_text(render_json(_variant(seed, number)), encoding="utf-8")
    shutil.copy(folder / "r00.json", folder / "r19.json")  # in the same task, another group of files
    items = tuple(stamped_input(unit) for unit in units([str(folder)]))
    target = tmp_path / "corpus"
    store = ParquetStore(target)
    first = cluster_task(items, str(target), "chunk", 60.0, None)
    second = cluster_task(items, str(target), "chunk", 60.0, None)
    assert first.inputs == second.inputs and first.chunk == second.chunk == "chunk"
    assert first.staged.keys() == second.staged.keys() == {"reports", "cells", "findings"}
    for name, part in first.staged.items():
        assert part != second.staged[name]
        assert pq.read_table(target / name / part).equals(pq.read_table(target / name / second.staged[name]))
    assert len(_tables(target)["reports"]) == 0  # staged, not committed: not part of the corpus
    # The report read twice within the task is kept once: the second input is not its source.
    kept = [exported for exported in first.inputs if exported.kept]
    assert len(kept) == 19 and not first.inputs[-1].kept
    assert first.inputs[-1].fingerprint == first.inputs[0].fingerprint
    store.commit("chunk", first.staged, arrow_table("files", {c: [] for c, _ in CORPUS_TABLES["files"]}), [])
    assert len(_tables(target)["reports"]) == 19
    late = cluster_task(items, str(target), "chunk", 60.0, None)  # a run Dask had given up for lost
    assert len(_tables(target)["reports"]) == 19
    store.close()
    ParquetStore(target).close()  # the next run: what no commit took is removed
    assert {path.name for path in (target / "reports").iterdir()} == {"chunk.parquet"}
    assert late.staged["reports"] != first.staged["reports"]


def test_a_corpus_being_written_shows_only_its_committed_chunks(
    on_cluster: _ClusterRun, tmp_path: Path
) -> None:
    target = tmp_path / "corpus"
    shutil.copytree(on_cluster.target, target)
    reports = len(_tables(target)["reports"])
    # A task's parts written by a worker, not yet committed (no file list): not part of the corpus.
    one = next((target / "reports").glob("*.parquet"))
    shutil.copy(one, target / "reports" / "staged.parquet")
    assert len(_tables(target)["reports"]) == reports == _REPORTS
    copy_corpus(target, tmp_path / "copy.duckdb")
    assert len(_tables(tmp_path / "copy.duckdb")["reports"]) == reports
    # The next run removes them.
    export_corpus([], target, format="parquet")
    assert not (target / "reports" / "staged.parquet").exists()


def test_a_parquet_corpus_copies_into_one_duckdb_file(
    on_cluster: _ClusterRun, local: dict[str, Any], tmp_path: Path
) -> None:
    copy_corpus(on_cluster.target, tmp_path / "corpus.duckdb")
    assert _tables(tmp_path / "corpus.duckdb") == local
    with open_corpus(tmp_path / "corpus.duckdb") as connection:  # the views are there too
        (rated,) = connection.execute("SELECT count(*) FROM disclosure_rates").fetchone()
        assert rated == _REPORTS
    with pytest.raises(FileExistsError, match="already there"):
        copy_corpus(on_cluster.target, tmp_path / "corpus.duckdb")
    assert not list(tmp_path.glob("*.tmp"))


def test_the_command_line_on_a_local_cluster(
    seed: AnnualReport, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(6):
        (folder / f"r{number}.json").write_text(render_json(_variant(seed, number)), encoding="utf-8")
    shutil.copy(folder / "r5.json", folder / "r5-again.json")  # a duplicate
    target = tmp_path / "corpus"
    monkeypatch.chdir(tmp_path)  # a relative name: the workers are given it in full
    arguments = ["export", "in", "--to", "corpus", "--dask", "local", "--jobs", "2"]
    status = main([*arguments, "--lang", "en"])
    said = capsys.readouterr().err
    assert status == 0, said
    assert "Dask dashboard: http" in said
    assert "corpus: 7 inputs: 6 reports added, 1 duplicate(s), 0 unreadable, 0 already there" in said
    assert {row[0] for row in _tables(target)["files"]} == {str(path) for path in folder.iterdir()}
    assert main(["copy", str(target), "--to", str(tmp_path / "c.duckdb"), "--lang", "en"]) == 0
    assert f"{tmp_path / 'c.duckdb'}: 6 reports written" in capsys.readouterr().err
    assert _tables(tmp_path / "c.duckdb") == _tables(target)
    # Copying over an existing file is refused, naming it.
    assert main(["copy", str(target), "--to", str(tmp_path / "c.duckdb"), "--lang", "en"]) == 3
    assert "c.duckdb: already there" in capsys.readouterr().err


def test_a_cluster_writes_parquet_and_says_so_for_a_duckdb_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError, match=r"a cluster writes a Parquet folder.*copy_corpus"):
        export_corpus([tmp_path], tmp_path / "corpus.duckdb", dask="local")
    with pytest.raises(SystemExit):
        main(["export", str(tmp_path), "--to", str(tmp_path / "c.duckdb"), "--dask", "local", "--lang", "en"])
    assert "--dask writes a Parquet folder" in capsys.readouterr().err


def test_daemonic_workers_are_refused_with_what_to_set(tmp_path: Path) -> None:
    # Dask's default: a nanny starts its worker as a daemon, which may not start processes.
    with (
        dask.config.set({"distributed.worker.daemon": True}),
        distributed.LocalCluster(n_workers=1, processes=True, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as daemonic,
        pytest.raises(ClusterError, match="DASK_DISTRIBUTED__WORKER__DAEMON=False"),
    ):
        export_corpus([tmp_path], tmp_path / "corpus", dask=daemonic)


def test_workers_of_another_version_are_refused(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import disclosure_report._version as version

    monkeypatch.setattr(version, "__version__", "9.9.9")
    with pytest.raises(ClusterError, match=r"another version of this library \(0\..*; this is 9\.9\.9\)"):
        export_corpus([tmp_path], tmp_path / "corpus", dask=client)
    assert not list((tmp_path / "corpus" / "files").iterdir())  # refused before any work
    assert not list((tmp_path / "corpus").glob(".workers-*"))


class _Workers:
    """A client whose workers say what the test makes them say (what they are is checked by the
    parent before any work: here, the decisions it takes on what they say)."""

    def __init__(self, *facts: WorkerFacts) -> None:
        self.facts = facts

    def run(self, function: Any, token: str) -> dict[str, WorkerFacts]:
        secret = Path(token).read_text(encoding="utf-8")
        return {
            f"tcp://w{n}": attrs.evolve(fact, seen=secret) if fact.seen == "token" else fact
            for n, fact in enumerate(self.facts)
        }


@pytest.mark.parametrize(
    ("facts", "said"),
    [
        ((False, "token", ()), None),
        ((True, "token", ()), "tcp://w1 are daemon processes"),
        ((False, None, ()), "tcp://w1 do not see the corpus folder"),
        ((False, "another", ()), r"tcp://w1 do not see the corpus folder .*\(or see another"),
        ((False, "token", ("pyarrow",)), r"tcp://w1 lack pyarrow.*disclosure-report\[dask,pdf\]"),
    ],
)
def test_what_workers_are_is_checked_before_any_work(
    tmp_path: Path, facts: tuple[bool, str | None, tuple[str, ...]], said: str | None
) -> None:
    from disclosure_report import __version__

    daemon, seen, missing = facts
    workers = _Workers(
        WorkerFacts(False, __version__, "token", ()), WorkerFacts(daemon, __version__, seen, missing)
    )
    if said is None:
        check_workers(workers, str(tmp_path))
    else:
        with pytest.raises(ClusterError, match=said):
            check_workers(workers, str(tmp_path))
    assert not list(tmp_path.iterdir())  # the token file is gone
    # What a real worker says of itself.
    (tmp_path / "token").write_text("secret", encoding="utf-8")
    found = worker_facts(str(tmp_path / "token"))
    assert (found.daemon, found.version, found.seen) == (False, __version__, "secret")
    assert worker_facts(str(tmp_path / "nowhere")).seen is None


def test_an_address_that_is_no_scheduler_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The dashboard's address given for the scheduler's: said, not an internal error.
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at http://127\.0\.0\.1:8787"):
        export_corpus([tmp_path], tmp_path / "corpus", dask="http://127.0.0.1:8787")
    arguments = ["export", str(tmp_path), "--to", str(tmp_path / "c"), "--dask", "http://127.0.0.1:8787"]
    assert main([*arguments, "--lang", "en"]) == 3
    assert "cannot reach the Dask scheduler at http://127.0.0.1:8787" in capsys.readouterr().err


def test_whatever_the_client_raises_while_connecting_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # distributed raised a bare AssertionError on a second attempt (its failed client of the first closing
    # meanwhile): it was an internal error of the command line, not "cannot reach".
    class Failing(distributed.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            raise AssertionError

    monkeypatch.setattr(distributed, "Client", Failing)
    with pytest.raises(
        ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9: AssertionError"
    ):
        export_corpus([tmp_path], tmp_path / "corpus", dask="tcp://127.0.0.1:9")
    arguments = ["export", str(tmp_path), "--to", str(tmp_path / "c"), "--dask", "tcp://127.0.0.1:9"]
    assert main([*arguments, "--lang", "en"]) == 3
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_a_client_that_failed_to_connect_is_gone_before_the_error_is_raised(tmp_path: Path) -> None:
    import gc

    # Left in a reference cycle, it was closed by its __del__ at some later collection: inside the next
    # client's start, where distributed deadlocked (a CI run hung) or raised a bare AssertionError.
    def clients() -> set[int]:  # the module's cluster fixture may have one of its own
        return {id(o) for o in gc.get_objects() if isinstance(o, distributed.Client)}

    before = clients()
    with pytest.raises(ClusterError, match="cannot reach"):
        export_corpus([tmp_path], tmp_path / "corpus", dask="http://127.0.0.1:8787")
    assert clients() <= before


def test_an_unreachable_scheduler_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from disclosure_report._corpus import cluster

    # Given up after the time allowed (a second here), whatever the machine's load: the client is asked to.
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 1.0)
    asked: list[float] = []

    class Spy(distributed.Client):
        def __init__(self, *args: Any, timeout: float, **kwargs: Any) -> None:
            asked.append(timeout)
            super().__init__(*args, timeout=timeout, **kwargs)

    monkeypatch.setattr(distributed, "Client", Spy)
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        export_corpus([tmp_path], tmp_path / "corpus", dask="tcp://127.0.0.1:9")
    assert asked == [1.0]


def test_without_dask_the_error_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'disclosure-report\[dask\]'"):
        export_corpus([tmp_path], tmp_path / "corpus", dask="local")


def test_a_cluster_run_goes_on_from_a_local_one(downloads: Path, client: Any, tmp_path: Path) -> None:
    # Both stamp an input alike: what one exported, the other skips, and each report is there once.
    target = tmp_path / "corpus"
    first = sorted(str(path) for path in (downloads / "json").iterdir())[:30]
    then = sorted(str(path) for path in (downloads / "txt").iterdir())[:20]
    export_corpus(first, target, format="parquet", jobs=1)
    summary = export_corpus([*first, *then], target, dask=client)
    assert (summary.skipped, summary.added) == (30, 20)
    reports = _tables(target)["reports"]
    assert len(reports) == len({row[0] for row in reports}) == 50


class _LostScheduler:
    """A client whose scheduler was killed: every task cancelled, and nothing to cancel them with."""

    def nthreads(self) -> dict[str, int]:
        return {"tcp://w0": 1}

    def submit(self, *arguments: Any, **options: Any) -> Any:
        return self

    def result(self) -> Any:
        from distributed.client import FutureCancelledError

        raise FutureCancelledError(
            "disclosure-report-0", "scheduler-connection-lost", "Client lost the connection"
        )

    def cancel(self, futures: Any) -> None:
        raise OSError("the scheduler is gone")


def test_a_scheduler_killed_mid_run_is_said_so(downloads: Path, tmp_path: Path) -> None:
    # A killed scheduler gave "internal error: FutureCancelledError: ... cancelled for reason:
    # scheduler-connection-lost".

    items = [stamped_input(unit) for unit in units([str(downloads / "json")])][:3]
    with pytest.raises(
        ClusterError, match=r"the Dask scheduler was lost mid-run \(scheduler-connection-lost\)"
    ):
        list(cluster_tasks(_LostScheduler(), str(tmp_path), items, timeout=10, memory=None))
