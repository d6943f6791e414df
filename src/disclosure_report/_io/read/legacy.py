"""Word 97–2003, WPS, RTF and Excel 97–2003 files, read through LibreOffice.

Many agencies publish ``.doc``, ``.wps``, ``.rtf``, ``.xls`` or ``.et`` attachments, formats no Python
library reads dependably. When LibreOffice is installed (``soffice``), the file is converted to ``.docx`` or
``.xlsx`` in a private temporary folder, with a fresh LibreOffice profile and a time limit, and read by the
DOCX or XLSX reader with the original file's name in every position and message. Without LibreOffice the
file is refused with an error that says what to install.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Final, Literal

from ..._form import TemplateVersion
from ...exceptions import Problem, ReadError
from ..files import read_file
from .assemble import ReadResult

__all__ = ["MAX_LEGACY_BYTES", "read_legacy", "soffice"]

MAX_LEGACY_BYTES: Final = 50 * 1024 * 1024
"""The largest binary office file converted."""

CONVERSION_TIMEOUT: Final = 45.0
"""The seconds LibreOffice may take to convert one file (it starts afresh each time: a few seconds); less
than a batch worker's own limit, so that the conversion is stopped here, with its whole process group."""

_TARGETS: Final = {"doc": ("docx", "MS Word 2007 XML"), "xls": ("xlsx", "Calc MS Excel 2007 XML")}


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
    target, filter_name = _TARGETS[kind]
    with tempfile.TemporaryDirectory(prefix="disclosure-report-convert-") as folder:
        work = Path(folder)
        # The file under a plain name of our own: nothing of the user's file name reaches the command.
        original = work / f"input.{kind}"
        original.write_bytes(data)
        process = subprocess.Popen(
            [
                command,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                f"{target}:{filter_name}",
                "--outdir",
                str(work / "out"),
                str(original),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # A session of its own: on a timeout the converter (soffice.bin, which the soffice script
            # starts) is stopped with it, not left running on a deleted folder.
            start_new_session=True,
        )
        try:
            process.wait(timeout=CONVERSION_TIMEOUT)
        except subprocess.TimeoutExpired:
            _stop(process)
            message = f"LibreOffice did not convert it within {CONVERSION_TIMEOUT:g} s"
            raise ReadError(name, [Problem("file", message, "resource-limit")]) from None
        except BaseException:  # interrupted: the converter does not outlive the call
            _stop(process)
            raise
        converted = work / "out" / f"input.{target}"
        if not converted.is_file():
            message = f"LibreOffice could not convert it to {target} (a damaged or password-protected file?)"
            raise ReadError(name, [Problem("file", message, "document-damaged")])
        if kind == "doc":
            from .docx import from_docx

            return from_docx(converted.read_bytes(), source=name, agency=agency, year=year, version=version)
        from .xlsx import from_xlsx

        return from_xlsx(converted.read_bytes(), source=name, agency=agency, year=year, version=version)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice's whole process group and wait for it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
