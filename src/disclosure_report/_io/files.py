"""Files: read only regular files, up to a limit checked before reading; write whole or not at all."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Final

from ..exceptions import Problem, ReadError

__all__ = [
    "SYSTEM_ERRORS",
    "display_name",
    "name_bytes",
    "problem_code",
    "read_file",
    "read_head",
    "write_file",
]

SYSTEM_ERRORS: Final = frozenset(
    getattr(errno, name)
    for name in ("ENOSPC", "EDQUOT", "EMFILE", "ENFILE", "ENOMEM")
    if hasattr(errno, name)
)
"""Errors of the machine, not of the file: no room left, too many files open, no memory."""


def problem_code(error: OSError) -> str:
    """The problem code an operating-system error reading a file is: the machine's, or the file's."""
    return "system-failure" if error.errno in SYSTEM_ERRORS else "file-unreadable"


def name_bytes(name: str) -> bytes | None:
    """A file name's bytes when they are not UTF-8 (``None`` when the name is text as it stands).

    Python holds a name's undecodable bytes as lone surrogates (``surrogateescape``): the name opens the
    file, but no text file, database or report can hold it. These are the bytes the name stands for.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name)
    return None


def display_name(name: str) -> str:
    r"""A file name as a person reads it, text a report, a table or a terminal can hold.

    A name that is text is itself. One whose bytes are not UTF-8 (a Chinese archive's GBK names, which
    ``unzip`` writes as they are) is shown folder by folder: UTF-8 where a part is, else GB18030 (of
    which GBK and GB2312 are parts) where it decodes, else with each stray byte as ``\xNN``. Two names
    may look alike: :func:`name_bytes` tells them apart.
    """
    raw = name_bytes(name)
    if raw is None:
        return name
    return os.fsdecode(b"/").join(_shown(part) for part in raw.split(b"/"))


def _shown(part: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return part.decode(encoding)
        except UnicodeDecodeError:
            continue
    return part.decode("utf-8", "backslashreplace")


def read_head(path: Path, *, name: str, size: int = 512) -> bytes:
    """The first bytes of a regular file (to tell its format).

    Raises:
        ReadError: The file cannot be opened or is not a regular file.
    """
    return read_file(path, name=name, limit=None, head=size)


def read_file(path: Path, *, name: str, limit: int | None, head: int | None = None) -> bytes:
    """A regular file's bytes, or its first ``head`` bytes; refused unread when larger than ``limit``.

    Raises:
        ReadError: The file cannot be opened, is not a regular file, or is too large.
    """
    try:
        # Opened without blocking, then checked: a FIFO would otherwise block the open itself.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ReadError(name, [Problem("file", error.strerror or str(error), problem_code(error))]) from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):  # checked before Python's file object refuses a folder itself
        os.close(descriptor)
        raise ReadError(name, [Problem("file", "not a regular file", "file-unreadable")])
    with open(descriptor, "rb", closefd=True) as stream:
        if limit is not None and status.st_size > limit:
            raise ReadError(
                name,
                [
                    Problem(
                        "file", f"{status.st_size} bytes is more than the limit of {limit}", "file-too-large"
                    )
                ],
            )
        try:
            amount = head if head is not None else -1 if limit is None else limit + 1
            data = stream.read(amount)
        except OSError as error:
            raise ReadError(
                name, [Problem("file", error.strerror or str(error), problem_code(error))]
            ) from None
    if head is None and limit is not None and len(data) > limit:  # the file grew while it was read
        raise ReadError(name, [Problem("file", f"more than the limit of {limit} bytes", "file-too-large")])
    return data


def write_file(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write a file whole or not at all: into a temporary file beside it, then renamed over it.

    A failure (no room, no permission, a directory in the way) leaves an existing file as it was.

    Raises:
        OSError: The file cannot be written; an existing file is untouched.
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
    content = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
        if target.exists():
            os.chmod(temporary, stat.S_IMODE(target.stat().st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
