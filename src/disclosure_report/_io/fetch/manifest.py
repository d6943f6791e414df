"""The manifest of a fetch: one JSON line per address asked, and where each saved file came from.

A fetch appends a line to ``fetch-manifest.jsonl`` in its folder after each address, once the file (if
any) is in place: a run stopped at any point has every line it wrote, and a file without a line is fetched
again, under the same name, by the next run. The last line for an address is the one that counts. An
export of the folder reads the manifest to give each file its origin (:func:`Origins.of`); a line that
is not a record (cut short by a crash, written by hand) is passed over, never fatal.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, Final, Literal

import attrs

__all__ = [
    "DONE_OUTCOMES",
    "FETCH_OUTCOMES",
    "FETCH_OUTCOMES_ZH",
    "MANIFEST_NAME",
    "SAVED_OUTCOMES",
    "FetchRecord",
    "ManifestWriter",
    "Origins",
    "latest_records",
    "now",
    "read_manifest",
]

MANIFEST_NAME: Final = "fetch-manifest.jsonl"
"""The manifest's name in the folder a fetch writes; a folder search for reports passes it over."""

FETCH_OUTCOMES: Final[Mapping[str, str]] = {
    "saved": "the file is saved (``file``)",
    "not-modified": "asked again with its ETag or date, the server said it has not changed: the file is kept",
    "app-shell": "a page that is an empty application shell (its content is loaded by script): not saved",
    "robots": "robots.txt does not allow this library to fetch it",
    "refused": "not fetched for safety: not http or https, or an address that is not public (loopback, "
    "private, link-local, multicast), asked or redirected to",
    "too-large": "larger than the limit, as sent or once decompressed",
    "timeout": "the server did not answer, or did not send the whole file, in time (after the retries)",
    "http-error": "the server answered with an error status (after the retries for 5xx)",
    "failed": "it could not be fetched: no connection, a damaged response, too many redirects, a file "
    "that could not be written",
}
"""What each ``outcome`` of a manifest line means; the codes are stable (never renamed or reused)."""

FETCH_OUTCOMES_ZH: Final[Mapping[str, str]] = {
    "saved": "已保存",
    "not-modified": "服务器表示未更改，保留原文件",
    "app-shell": "页面是空的应用外壳（内容由脚本加载），未保存",
    "robots": "robots.txt 不允许抓取",
    "refused": "出于安全未抓取（不是 http/https，或地址不是公网地址）",
    "too-large": "超过大小限制",
    "timeout": "超时",
    "http-error": "服务器返回错误状态",
    "failed": "无法抓取",
}
"""What each outcome means, in Chinese (for messages in Chinese)."""

SAVED_OUTCOMES: Final = frozenset({"saved", "not-modified"})
"""Outcomes with a file in the folder."""
DONE_OUTCOMES: Final = frozenset({*SAVED_OUTCOMES, "app-shell"})
"""Outcomes a later run does not ask again (unless asked to refresh); the others may be passing trouble."""

_MOST_LINE_BYTES: Final = 1024 * 1024
"""A manifest line longer than this is no record of this library's (which are a few hundred bytes)."""
_MANIFEST_DEPTH: Final = 2
"""Folders above a file where its manifest may be: a fetch saves ``host/name`` beside it."""

Role = Literal["page", "attachment"]


def _outcome(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in FETCH_OUTCOMES:
        raise ValueError(f"unknown fetch outcome {value!r}; known: {', '.join(FETCH_OUTCOMES)}")


def now() -> str:
    """The time now, as a manifest writes it: ISO 8601 in UTC, to the second."""
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@attrs.frozen(kw_only=True)
class FetchRecord:
    """One address asked by :func:`~disclosure_report.fetch_reports`: a line of its manifest.

    Attributes:
        url: The address asked (from the list, or a link on a page).
        final_url: The address answered after redirects (the one refused, for a refused redirect).
        fetched: When, in ISO 8601 UTC.
        role: ``page`` (an address of the list) or ``attachment`` (linked from a page).
        outcome: What happened: a code of :data:`FETCH_OUTCOMES`.
        status: The HTTP status of the last response, if there was one.
        content_type: Its ``Content-Type``.
        size: Bytes of the body (decompressed), if it was read whole.
        sha256: The SHA-256 of those bytes.
        linked_from: The page that linked an attachment.
        file: Where it is saved, relative to the folder (``/`` between parts), when it is.
        reason: Why it was not saved, in words.
        etag: The response's ``ETag``, for a conditional request later.
        last_modified: The response's ``Last-Modified``, likewise.

    .. versionadded:: 0.1.0
    """

    url: str
    final_url: str | None = None
    fetched: str = attrs.field(factory=now)
    role: Role = "page"
    outcome: str = attrs.field(validator=_outcome)
    status: int | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    linked_from: str | None = None
    file: str | None = None
    reason: str | None = None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def origin(self) -> str:
        """Where the file was found: the address answered, else the one asked."""
        return self.final_url or self.url

    def to_dict(self) -> dict[str, Any]:
        """The record as its manifest line's JSON object."""
        return attrs.asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> FetchRecord | None:
        """A record from a manifest line's JSON object; ``None`` when it is not one."""
        if not isinstance(data, dict) or not isinstance(data.get("url"), str):
            return None
        fields = attrs.fields_dict(cls)
        values = {name: value for name, value in data.items() if name in fields}
        for name, value in values.items():
            expected = int if name in ("status", "size") else str
            if value is not None and (type(value) is not expected):
                return None
        if values.get("role", "page") not in ("page", "attachment"):
            return None
        try:
            return cls(**values)
        except (TypeError, ValueError):  # a missing outcome, an unknown one
            return None


def read_manifest(folder: str | os.PathLike[str]) -> Iterator[FetchRecord]:
    """The records of a folder's manifest, in order (none when there is none); other lines passed over."""
    try:
        stream = open(Path(folder) / MANIFEST_NAME, "rb")  # noqa: SIM115 - read lazily, line by line
    except OSError:
        return
    with stream:
        while raw := stream.readline(_MOST_LINE_BYTES + 1):
            if len(raw) > _MOST_LINE_BYTES:
                while raw and not raw.endswith(b"\n"):  # the rest of the over-long line
                    raw = stream.readline(_MOST_LINE_BYTES)
                continue
            try:
                record = FetchRecord.from_dict(json.loads(raw))
            except ValueError:  # not JSON, not UTF-8: a line cut short by a crash
                continue
            if record is not None:
                yield record


def latest_records(folder: str | os.PathLike[str]) -> dict[str, FetchRecord]:
    """The last record of each address in a folder's manifest."""
    return {record.url: record for record in read_manifest(folder)}


class ManifestWriter:
    """Appends records to a folder's manifest, each durable before the next address is asked.

    The manifest is locked for the run: two fetches into one folder at once would fetch everything twice.
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST_NAME
        self.stream: IO[bytes] = open(self.path, "a+b")  # noqa: SIM115 - held open for the run
        try:
            _lock(self.stream, self.path)
            self.stream.seek(0, os.SEEK_END)
            if self.stream.tell():
                self.stream.seek(-1, os.SEEK_END)
                if self.stream.read(1) != b"\n":  # a line cut short by a crash: the next starts afresh
                    self.stream.write(b"\n")
        except BaseException:
            self.stream.close()
            raise

    def add(self, record: FetchRecord) -> None:
        """Append one record, and wait until it is on disk."""
        line = json.dumps(record.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n"
        self.stream.write(line.encode("utf-8"))
        self.stream.flush()
        os.fsync(self.stream.fileno())

    def close(self) -> None:
        """Finish (and release the lock)."""
        self.stream.close()


def _lock(stream: IO[bytes], path: Path) -> None:
    try:
        import fcntl
    except ModuleNotFoundError:  # pragma: no cover - not on POSIX: no lock
        return
    try:
        fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise BlockingIOError(errno.EAGAIN, "another fetch is writing this folder now", str(path)) from None


class Origins:
    """Where each fetched file came from, by the manifest of the folder it was fetched into.

    Each manifest is read once, when a file below its folder is first asked about.
    """

    def __init__(self) -> None:
        self.folders: dict[str, dict[str, str] | None] = {}

    def of(self, name: str) -> str | None:
        """The address a file was fetched from, if a manifest beside it or above it says.

        >>> Origins().of("no/such/file.pdf") is None
        True
        """
        path = os.path.abspath(name)
        folder = os.path.dirname(path)
        for _ in range(_MANIFEST_DEPTH):
            origins = self._origins(folder)
            if origins is not None:
                return origins.get(os.path.relpath(path, folder).replace(os.sep, "/"))
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
        return None

    def _origins(self, folder: str) -> dict[str, str] | None:
        if folder not in self.folders:
            found = None
            with contextlib.suppress(OSError):
                if os.path.isfile(os.path.join(folder, MANIFEST_NAME)):
                    found = {}
                    for record in read_manifest(folder):
                        if record.file is not None and record.outcome in SAVED_OUTCOMES:
                            found[record.file] = record.origin
            self.folders[folder] = found
        return self.folders[folder]
