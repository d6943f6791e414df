"""Word 97–2003, WPS, RTF and Excel 97–2003 files, read through LibreOffice.

Many agencies publish ``.doc``, ``.wps``, ``.rtf``, ``.xls`` or ``.et`` attachments, formats no Python
library reads dependably. When LibreOffice is installed (``soffice``), the file is converted to ``.docx`` or
``.xlsx`` in a private temporary folder, with a fresh LibreOffice profile and a time limit, and read by the
DOCX or XLSX reader with the original file's name in every position and message. Without LibreOffice the
file is refused with an error that says what to install.

The converter is a program reading a hostile file, and is treated as one (see :mod:`.confine`): it has
no network (a ``.doc`` that is HTML or flat ODF links stylesheets and images, which LibreOffice would
fetch: a published file could tell who reads it, or make the reading machine call internal addresses),
it ends with the worker that started it and no later than the time that worker has left, and its
temporary files stay in the private folder. A folder a killed worker left is removed by the next run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Final, Literal

from ..._form import TemplateVersion
from ...exceptions import Problem, ReadError
from ..budget import time_left
from ..files import SYSTEM_ERRORS, read_file
from .assemble import ReadResult

__all__ = ["MAX_LEGACY_BYTES", "clean_leftovers", "read_legacy", "soffice"]

MAX_LEGACY_BYTES: Final = 50 * 1024 * 1024
"""The largest binary office file converted."""

CONVERSION_TIMEOUT: Final = 45.0
"""The seconds LibreOffice may take to convert one file (it starts afresh each time: a few seconds). In a
worker, never more than the time the worker has left for the file (less a second to read the result)."""

_TARGETS: Final = {"doc": ("docx", "MS Word 2007 XML"), "xls": ("xlsx", "Calc MS Excel 2007 XML")}
_PREFIX: Final = "disclosure-report-convert-"
_MAKING: Final = "disclosure-report-making-"
"""A private folder's name until its lock is held: a cleaner never takes a folder being made for one left."""
_LOCK: Final = ".lock"
_ORPHAN_SECONDS: Final = 600.0
"""A private folder without a lock (made by an older version, or killed while being made) is removed this
old."""
_LOW_ROOM: Final = 16 * 1024 * 1024
"""Free bytes below which a failed conversion is put down to a full temporary folder."""
_NOWHERE: Final = ("127.0.0.1", 9)
"""The proxy LibreOffice is told to use, where it has a network: the discard port of this machine."""
_CONFINE: Final = Path(__file__).with_name("confine.py")
_CONFINEMENT: Literal["namespaces", "session", "none"] = "namespaces" if sys.platform == "linux" else "none"
"""How the converter is run: by :mod:`.confine` in namespaces of its own where the system allows, or in a
session of its own (its network then denied by the proxies and LibreOffice's settings alone); or, where
there is no ``prctl`` (not Linux), directly, in a session of its own."""


def soffice() -> str | None:
    """LibreOffice's command, if it is installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy(
    path: str | os.PathLike[str],
    kind: Literal["doc", "xls"],
    *,
    source: str | None = None,
    agency: str | None = None,
    year: int | None = None,
    version: TemplateVersion | None = None,
) -> ReadResult:
    """Read a document or spreadsheet in a format LibreOffice converts.

    ``kind="doc"`` for ``.doc``, ``.wps`` and ``.rtf``; ``kind="xls"`` for ``.xls`` and ``.et``.

    Raises:
        ReadError: LibreOffice is not installed (``dependency-missing``), the file is too large, LibreOffice
            does not convert it in time (``resource-limit``) or cannot convert it (``document-damaged``);
            or the converted document holds no report.
    """
    name = source or os.fspath(path)
    command = soffice()
    if command is None:
        package = "libreoffice-writer-nogui" if kind == "doc" else "libreoffice-calc-nogui"
        message = (
            f"reading {Path(path).suffix or kind} files needs LibreOffice (soffice) to convert them; "
            f"install it (Debian and Ubuntu: apt install {package}), or save the file as "
            f"{'.docx' if kind == 'doc' else '.xlsx'}"
        )
        raise ReadError(name, [Problem("file", message, "dependency-missing")])
    data = read_file(Path(path), name=name, limit=MAX_LEGACY_BYTES)
    clean_leftovers()
    seconds = _budget(name)
    target, filter_name = _TARGETS[kind]
    try:
        with _private_folder() as work:
            # The file under a plain name of our own: nothing of the user's file name reaches the command.
            original = work / f"input.{kind}"
            original.write_bytes(data)
            _write_settings(work / "profile")
            (work / "tmp").mkdir()
            converted = _convert(command, work, original, f"{target}:{filter_name}", seconds, name)
            if converted is None:
                free = shutil.disk_usage(work).free
                if free < _LOW_ROOM:
                    message = (
                        f"LibreOffice could not convert it, with {free // 1024} KB free in the temporary "
                        f"folder {work.parent}: no room left?"
                    )
                    raise ReadError(name, [Problem("file", message, "system-failure")])
                message = (
                    f"LibreOffice could not convert it to {target} (a damaged or password-protected file?)"
                )
                raise ReadError(name, [Problem("file", message, "document-damaged")])
            converted_data = converted.read_bytes()
    except OSError as error:
        if error.errno not in SYSTEM_ERRORS:
            raise
        message = f"not converted: {error.strerror or error} (the temporary folder {tempfile.gettempdir()})"
        raise ReadError(name, [Problem("file", message, "system-failure")]) from None
    if kind == "doc":
        from .docx import from_docx

        return from_docx(converted_data, source=name, agency=agency, year=year, version=version)
    from .xlsx import from_xlsx

    return from_xlsx(converted_data, source=name, agency=agency, year=year, version=version)


def _budget(name: str) -> float:
    """The seconds the conversion may take: its own limit, or the time the worker has left if less.

    Raises:
        ReadError: Too little time is left to start LibreOffice at all (code ``resource-limit``).
    """
    left = time_left()
    if left is None:
        return CONVERSION_TIMEOUT
    seconds = min(CONVERSION_TIMEOUT, left - 1.0)
    if seconds < 1.0:
        message = f"not converted: {left:.1f} s of the time limit left, too little to start LibreOffice"
        raise ReadError(name, [Problem("file", message, "resource-limit")])
    return seconds


def _convert(command: str, work: Path, original: Path, target: str, seconds: float, name: str) -> Path | None:
    """Run LibreOffice on the file, confined; the converted file, or ``None`` if it made none.

    Raises:
        ReadError: It did not finish in ``seconds`` (code ``resource-limit``).
    """
    program = [
        command,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(work / "out"),
        str(original),
    ]
    if _CONFINEMENT != "none":  # tied to this process, no network, stopped whole (see confine)
        how = [] if _CONFINEMENT == "namespaces" else ["--session"]
        program = [
            sys.executable,
            "-I",
            "-S",
            str(_CONFINE),
            *how,
            str(os.getpid()),
            f"{seconds:.3f}",
            *program,
        ]
    process = subprocess.Popen(
        program,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_environment(work),
        # A session of its own: stopped with everything it started, not left running on a deleted folder.
        start_new_session=True,
    )
    try:
        status = process.wait(timeout=seconds + 5.0)  # confine stops it at the deadline itself
    except subprocess.TimeoutExpired:
        status = None
    except BaseException:  # interrupted: the converter does not outlive the call
        _stop(process)
        raise
    if status is None or (_CONFINEMENT != "none" and status == _STOPPED_AT_DEADLINE):
        _stop(process)
        message = f"LibreOffice did not convert it within {seconds:.3g} s"
        raise ReadError(name, [Problem("file", message, "resource-limit")]) from None
    converted = work / "out" / f"{original.stem}.{target.split(':')[0]}"
    return converted if converted.is_file() else None


_STOPPED_AT_DEADLINE: Final = 124
"""confine's exit status when it stopped the program at the deadline (as ``timeout`` has it)."""


def _environment(work: Path) -> dict[str, str]:
    """LibreOffice's environment: its temporary files in the private folder, every proxy nowhere.

    The proxies matter where it has a network (no namespace could be made for it): an address on this
    machine where nothing listens, so that a linked resource fails at once instead of being fetched.
    """
    host, port = _NOWHERE
    nowhere = f"http://{host}:{port}"
    environment = dict(os.environ)
    environment.update({"TMPDIR": str(work / "tmp"), "TMP": str(work / "tmp"), "TEMP": str(work / "tmp")})
    for variable in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy"):
        environment[variable] = environment[variable.upper()] = nowhere
    environment["no_proxy"] = environment["NO_PROXY"] = ""
    return environment


def _write_settings(profile: Path) -> None:
    """LibreOffice's own settings for the fresh profile: every proxy nowhere, links from documents blocked."""
    host, port = _NOWHERE
    items = [("/org.openoffice.Inet/Settings", "ooInetProxyType", "2")]  # 2: the proxies given here
    for protocol in ("HTTP", "HTTPS", "FTP"):
        items.append(("/org.openoffice.Inet/Settings", f"ooInet{protocol}ProxyName", host))
        items.append(("/org.openoffice.Inet/Settings", f"ooInet{protocol}ProxyPort", str(port)))
    items.append(("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""))
    items.append(("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"))
    lines = "".join(
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for path, name, value in items
    )
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        f"{lines}</oor:items>\n",
        encoding="utf-8",
    )


@contextlib.contextmanager
def _private_folder() -> Iterator[Path]:
    """A folder of this call's own, locked while it is in use, removed after.

    It is made under another name, and takes its own once its lock is held: a run cleaning leftovers
    never meets it unlocked.
    """
    making = Path(tempfile.mkdtemp(prefix=_MAKING))
    folder = making
    try:
        lock = open(making / _LOCK, "wb")  # noqa: SIM115 - held while the folder is in use
        try:
            _hold(lock, wait=True)
            folder = making.with_name(_PREFIX + making.name[len(_MAKING) :])
            os.rename(making, folder)
            yield folder
        finally:
            lock.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _hold(stream: object, *, wait: bool) -> bool:
    """Lock a file for this process alone; whether it could (``False`` when another holds it)."""
    try:
        import fcntl
    except ModuleNotFoundError:  # pragma: no cover - not on POSIX: a folder is never taken for a leftover
        return wait
    try:
        fcntl.flock(stream, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))  # type: ignore[arg-type]
    except BlockingIOError:
        return False
    return True


_cleaned: set[str] = set()


def clean_leftovers(folder: str | None = None) -> int:
    """Remove the private folders of conversions whose worker was killed; how many were removed.

    A folder is in use while its lock is held (a lock ends with the process that holds it, however it
    ends). Done once per process and temporary folder: a batch's workers start as copies of a parent
    that has done it.
    """
    where = folder or tempfile.gettempdir()
    if where in _cleaned:
        return 0
    _cleaned.add(where)
    removed = 0
    try:
        entries = [entry for entry in os.scandir(where) if entry.name.startswith((_PREFIX, _MAKING))]
    except OSError:
        return 0
    for entry in entries:
        path = Path(entry.path)
        with contextlib.suppress(OSError):
            if not entry.is_dir(follow_symlinks=False):
                continue
            if entry.name.startswith(_PREFIX) and (path / _LOCK).exists():
                with open(path / _LOCK, "rb") as stream:
                    if not _hold(stream, wait=False):
                        continue  # in use
                    shutil.rmtree(path, ignore_errors=True)
            elif time.time() - entry.stat(follow_symlinks=False).st_mtime >= _ORPHAN_SECONDS:
                shutil.rmtree(path, ignore_errors=True)  # killed while being made, or an older version's
            else:
                continue
            removed += 1
    return removed


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the converter, all of it, and wait for it.

    confine, asked to stop (SIGTERM), kills everything the converter started; a converter run directly
    (not on Linux) is killed with its session.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGTERM if _CONFINEMENT != "none" else signal.SIGKILL)
    try:
        process.wait(timeout=5.0)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
