"""Word 97–2003, WPS and Excel 97–2003 files, read through a real LibreOffice."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import attrs
import pytest

from disclosure_report import AnnualReport, ReadError, read_report, write_docx, write_xlsx

from .applications import needs_office, office_convert
from .test_cli import run

# The legacy files are made by LibreOffice once, on one pytest worker.


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed report as .doc and .xls (saved by LibreOffice), and the same bytes as .wps and .et."""
    from disclosure_report.examples import seed_report

    folder = tmp_path_factory.mktemp("legacy")
    write_docx(seed_report(), folder / "seed.docx")
    write_xlsx(seed_report(), folder / "seed.xlsx")
    doc = office_convert(folder / "seed.docx", "doc:MS Word 97", folder / "out")
    rtf = office_convert(folder / "seed.docx", "rtf", folder / "out")
    xls = office_convert(folder / "seed.xlsx", "xls:MS Excel 97", folder / "out", calc=True)
    files = {"doc": doc, "xls": xls, "rtf": rtf}
    # WPS saves its documents and spreadsheets in the same binary formats under its own extensions.
    for name, original in (("wps", doc), ("et", xls)):
        files[name] = folder / "out" / f"seed.{name}"
        shutil.copyfile(original, files[name])
    return files


@needs_office
@pytest.mark.parametrize("kind", ["doc", "wps", "rtf", "xls", "et"])
def test_binary_office_files_read_to_the_report(
    legacy_files: dict[str, Path], seed: AnnualReport, kind: str
) -> None:
    path = legacy_files[kind]
    result = read_report(path)
    assert attrs.evolve(
        result.report, metadata=attrs.evolve(result.report.metadata, source=None)
    ) == attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, source=None))
    assert result.findings == ()
    assert result.source == str(path)  # messages name the user's file, not the converted copy


@needs_office
def test_the_command_line_checks_them_in_a_batch(legacy_files: dict[str, Path]) -> None:
    folder = legacy_files["doc"].parent
    result = run("validate", "--summary", "--format", "csv", str(folder))
    assert result.returncode == 0, result.stderr
    checked = {Path(line.split(",")[0]).suffix for line in result.stdout.splitlines()[1:]}
    assert {".doc", ".wps", ".rtf", ".xls", ".et"} <= checked


@needs_office
def test_a_damaged_binary_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an OLE header, then nothing
    with pytest.raises(ReadError) as raised:
        read_report(path)
    assert raised.value.source == str(path)


def test_without_libreoffice_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from disclosure_report._io.read import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / "report.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(ReadError) as raised:
        read_report(path)
    (problem,) = raised.value.problems
    assert problem.code == "dependency-missing"
    assert "LibreOffice" in problem.message and "libreoffice-calc-nogui" in problem.message
    assert ".xlsx" in problem.message


@needs_office
def test_a_conversion_that_takes_too_long_is_stopped_whole(
    legacy_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    from disclosure_report._io.read import legacy

    monkeypatch.setattr(legacy, "CONVERSION_TIMEOUT", 0.5)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # this test's converters: named by it
    with pytest.raises(ReadError) as raised:
        read_report(legacy_files["doc"])
    assert raised.value.problems[0].code == "resource-limit"
    # Not only the soffice script: the converter it starts is stopped too, not left running.
    assert _gone(str(tmp_path))
    assert list(tmp_path.iterdir()) == []


# --- the converter treated as a program reading a hostile file ------------------------------------------


def _converters(marker: str) -> list[int]:
    """The processes whose command line holds ``marker`` (a private folder's prefix, confine's name)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if marker.encode() in command:
            found.append(int(entry.name))
    return found


def _command_line(pid: int) -> bytes:
    """A process's command line; empty once it has ended."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _gone(marker: str, seconds: float = 5.0) -> bool:
    """Whether no process holds ``marker`` in its command line within ``seconds``."""
    ends = time.monotonic() + seconds
    while _converters(marker):
        if time.monotonic() > ends:
            return False
        time.sleep(0.1)
    return True


def _alive(pid: int) -> bool:
    """Whether a process is running (a zombie is not: it has ended, and waits for a parent to reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


class _Listener:
    """A loopback TCP listener that records each connection it is offered."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.received: list[bytes] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(1)
                try:
                    self.received.append(connection.recv(200))
                except OSError:
                    self.received.append(b"")

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()  # a thread left running would make this process's workers come from a fork server
        self.socket.close()


@needs_office
@pytest.mark.skipif(sys.platform != "linux", reason="confinement by namespaces and prctl is Linux's")
@pytest.mark.parametrize("confinement", ["namespaces", "session", "none"])
def test_the_converter_fetches_nothing_a_document_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, confinement: str
) -> None:
    # A .doc that is HTML: LibreOffice's HTML filter fetched its stylesheet and images (6 and 2
    # connections to a loopback listener): a published file could tell who reads it, or make the
    # reading machine call internal addresses. With namespaces there is no network at all; without, the
    # proxies point nowhere and LibreOffice's own settings block links.
    from disclosure_report._io.read import legacy

    monkeypatch.setattr(legacy, "_CONFINEMENT", confinement)
    listener = _Listener()
    try:
        here = f"127.0.0.1:{listener.port}"
        page = (
            f'<html><head><link rel="stylesheet" href="http://{here}/style.css"></head><body>'
            f'<h1>某局2023年政府信息公开工作年度报告</h1><img src="http://{here}/a.png">'
            f'<img src="http://localhost:{listener.port}/b.png"><img src="https://{here}/c.png"></body></html>'
        )
        path = tmp_path / "linked.doc"
        path.write_text(page, encoding="utf-8")
        with pytest.raises(ReadError) as raised:
            read_report(path)
        assert raised.value.problems[0].code == "no-report"  # converted, and read: it holds no report
    finally:
        listener.close()
    assert listener.received == []


@pytest.mark.skipif(sys.platform != "linux", reason="confine is Linux's")
@pytest.mark.slow
@pytest.mark.parametrize("confinement", ["namespaces", "session"])
def test_the_converter_gets_the_time_its_worker_has_left_and_is_stopped_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None, confinement: str
) -> None:
    # A worker limit under LibreOffice's own 45 s killed the worker first, and LibreOffice ran on, with
    # no limit, for minutes. Now the converter gets the time left, and is stopped with all it started.
    # A stand-in that never converts, and starts a process of its own (as soffice starts soffice.bin).
    from disclosure_report._io.read import legacy

    marker = f"{tmp_path}/never-converts"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/bash\nbash -c 'exec -a {marker} sleep 300' &\nexec -a {marker} sleep 300\n")
    fake.chmod(0o755)
    monkeypatch.setattr(legacy, "soffice", lambda: str(fake))
    monkeypatch.setattr(legacy, "_CONFINEMENT", confinement)
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(ReadError) as raised:
        read_report(path, isolated=True, timeout=3.5)
    (problem,) = raised.value.problems
    assert problem.code == "resource-limit"
    said = re.fullmatch(r"LibreOffice did not convert it within ([0-9.]+) s", problem.message)
    assert said is not None and 1 <= float(said[1]) <= 2.5, problem.message  # not the worker's 3.5 s
    assert _gone(marker)


_KILLED_MID_CONVERSION = """
import sys
from disclosure_report import read_report
read_report(sys.argv[1], isolated=True)
"""


@needs_office
@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
@pytest.mark.parametrize("confinement", ["namespaces", "session"])
def test_a_converter_ends_with_its_killed_worker_and_the_next_run_removes_its_folder(
    legacy_files: dict[str, Path], tmp_path: Path, confinement: str
) -> None:
    # A worker killed while LibreOffice converted (its limit, the batch killed, the OOM killer) left the
    # converter reparented to init, running with no limit (95% CPU, 1.67 GB, 160 s after the batch), and
    # its folder, with a copy of the input; LibreOffice's own lu*.tmp folders were in the shared /tmp.
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    setting = f"from disclosure_report._io.read import legacy; legacy._CONFINEMENT = {confinement!r}\n"
    process = subprocess.Popen(
        [sys.executable, "-c", setting + _KILLED_MID_CONVERSION, str(legacy_files["doc"])],
        env={**os.environ, "TMPDIR": str(temporary)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ends = time.monotonic() + 60
        # This test's processes (the machine is shared): their command lines name its temporary folder.
        # Confine, and LibreOffice under it: the program's process holds confine's command line until it
        # has started LibreOffice (a busy machine may show it between the two).
        while True:
            started = _converters(str(temporary))
            confines = [pid for pid in started if b"confine.py" in _command_line(pid)]
            if len(confines) == 1 and len(started) >= 2:
                break
            assert time.monotonic() < ends and process.poll() is None, "LibreOffice never started"
            time.sleep(0.05)
        (confine,) = confines
        worker = int(Path(f"/proc/{confine}/stat").read_text().rsplit(")", 1)[1].split()[1])
        os.kill(worker, signal.SIGKILL)
        assert _gone(str(temporary)), "the converter outlived its worker"
        assert not any(_alive(pid) for pid in started)
    finally:
        process.kill()
        process.wait()
    left = [path.name for path in temporary.iterdir()]
    assert len(left) == 1 and left[0].startswith("disclosure-report-convert-")  # no lu*.tmp beside it
    from disclosure_report._io.read.legacy import clean_leftovers

    assert clean_leftovers(str(temporary)) == 1
    assert list(temporary.iterdir()) == []


def test_a_folder_in_use_is_never_taken_for_a_leftover(tmp_path: Path) -> None:
    from disclosure_report._io.read import legacy

    with legacy._private_folder() as mine:
        assert legacy.clean_leftovers(str(mine.parent)) == 0 or mine.exists()
        assert mine.exists()
    fresh = tmp_path / "disclosure-report-convert-fresh"  # no lock yet: being made, perhaps
    fresh.mkdir()
    assert legacy.clean_leftovers(str(tmp_path)) == 0 and fresh.exists()
    stale = tmp_path / "disclosure-report-convert-stale"
    stale.mkdir()
    os.utime(stale, (0, 0))
    legacy._cleaned.discard(str(tmp_path))
    assert legacy.clean_leftovers(str(tmp_path)) == 1 and not stale.exists() and fresh.exists()


@needs_office
def test_a_full_temporary_folder_is_said_so_not_a_damaged_file(
    legacy_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil as shell

    from disclosure_report._io.read import legacy

    # LibreOffice, out of room, makes no file: that was "a damaged or password-protected file?".
    usage = shell.disk_usage("/")
    monkeypatch.setattr(legacy.shutil, "disk_usage", lambda path: usage._replace(free=4096))
    monkeypatch.setattr(legacy, "_convert", lambda *arguments: None)
    with pytest.raises(ReadError) as raised:
        read_report(legacy_files["doc"])
    (problem,) = raised.value.problems
    assert problem.code == "system-failure" and "4 KB free in the temporary folder" in problem.message
    assert "damaged" not in problem.message
    # No room to write the copy at all.

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(ReadError) as raised:
        read_report(legacy_files["xls"])
    (problem,) = raised.value.problems
    assert problem.code == "system-failure" and "No space left on device" in problem.message
