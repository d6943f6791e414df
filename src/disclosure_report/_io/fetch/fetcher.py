""":func:`fetch_reports`: the reports at a list of web addresses, into a folder, with a manifest.

For each address of the list: the page, then the attachments it links that look like the report (see
:mod:`.links`), each saved under ``host/name`` in the folder and recorded in its manifest (see
:mod:`.manifest`). An address the manifest already has is not asked again unless ``refresh`` is given, and
then conditionally (its ``ETag`` and ``Last-Modified``); a page already saved is read from the folder to
find its attachments, so a run stopped at any point resumes where it was, and duplicates nothing.
"""

from __future__ import annotations

import hashlib
import os
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

import attrs

from ..files import read_file
from ..formats import by_name, formats
from ..read import FORMATS
from ..workers import DEFAULT_TIMEOUT
from . import DEFAULT_DELAY
from .links import Page, page_of
from .manifest import (
    DONE_OUTCOMES,
    SAVED_OUTCOMES,
    FetchRecord,
    ManifestWriter,
    Role,
    latest_records,
)
from .safety import NotFetched, file_name, save, suffix_of

if TYPE_CHECKING:
    from .client import Answer, Client

__all__ = ["DEFAULT_DELAY", "MAX_FETCH_BYTES", "FetchSummary", "fetch_reports"]

MAX_FETCH_BYTES: Final = max(row.limit for row in formats())
"""The size limit of a file whose format its address and content type do not tell; a file whose format
they tell is fetched up to its format's limit (see ``..formats``): a larger one could not be read anyway."""


@attrs.frozen
class FetchSummary:
    """What a fetch did.

    Attributes:
        folder: The folder written.
        manifest: The manifest's path.
        asked: Addresses asked for in this run (pages and attachments).
        saved: Files saved (new, or changed since the last run).
        not_modified: Files the server said had not changed (asked again with ``refresh``).
        skipped: Addresses the manifest already had, not asked for again.
        shells: Pages that are empty application shells (their content is loaded by script), not saved.
        not_fetched: Addresses that gave no file: refused, disallowed by robots.txt, too large, too slow,
            an error status, or failed.
        records: This run's manifest records, in order.

    .. versionadded:: 0.1.0
    """

    folder: str
    manifest: str
    asked: int = 0
    saved: int = 0
    not_modified: int = 0
    skipped: int = 0
    shells: int = 0
    not_fetched: int = 0
    records: tuple[FetchRecord, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every address gave its file (saved now, unchanged, or saved before)."""
        return not self.shells and not self.not_fetched


def _addresses(urls: Iterable[str]) -> Iterator[str]:
    """The addresses of a list, each once: blank lines and ``#`` comments passed over, fragments dropped."""
    seen: set[str] = set()
    for line in urls:
        address = line.strip()
        if not address or address.startswith("#"):
            continue
        address = urllib.parse.urldefrag(address)[0]
        if address not in seen:
            seen.add(address)
            yield address


def _limit(url: str, content_type: str | None, most: int | None) -> int:
    if most is not None:
        return most
    segment = urllib.parse.unquote(urllib.parse.urlsplit(url).path.rpartition("/")[2], errors="replace")
    format = FORMATS.get(suffix_of(segment, content_type))
    return MAX_FETCH_BYTES if format is None else by_name(format).limit


def _client(
    *, delay: float, timeout: float, retries: int, backoff: float, contact: str | None, allow_loopback: bool
) -> Client:
    try:
        from .client import Client
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            f"fetching needs requests and urllib3 ({error.name} is not installed): "
            "pip install 'disclosure-report[fetch]'",
            name=error.name,
        ) from None
    return Client(
        delay=delay,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        contact=contact,
        allow_loopback=allow_loopback,
    )


class _Run:
    """One fetch: the manifest so far, the client, and what was done."""

    def __init__(
        self,
        folder: Path,
        client: Client,
        writer: ManifestWriter,
        *,
        refresh: bool,
        max_bytes: int | None,
        progress: Callable[[FetchRecord], None] | None,
    ) -> None:
        self.folder = folder
        self.client = client
        self.writer = writer
        self.refresh = refresh
        self.max_bytes = max_bytes
        self.progress = progress
        self.known = latest_records(folder)
        self.seen: set[str] = set()
        self.records: list[FetchRecord] = []
        self.skipped = 0
        self.parsed: dict[str, Page] = {}
        """Pages read as they were fetched, by address: not read again from the folder."""

    def page(self, url: str) -> None:
        """An address of the list, then the attachments it links."""
        record = self.visit(url, "page", None)
        if record is None or record.file is None or FORMATS.get(suffix_of(record.file)) != "html":
            return
        page = self.parsed.pop(url, None)
        if page is None:  # saved by an earlier run (or unchanged since): read from the folder
            try:
                data = read_file(self.folder / record.file, name=record.file, limit=by_name("html").limit)
            except ValueError:  # gone, or grown past the limit, since: its attachments are not looked for
                return
            page = page_of(data, record.origin)
        for attachment in page.attachments:
            self.visit(attachment, "attachment", record.origin)

    def visit(self, url: str, role: Role, linked_from: str | None) -> FetchRecord | None:
        """Fetch one address, unless the manifest has it; its record (the old one when skipped)."""
        if url in self.seen:
            return None
        self.seen.add(url)
        previous = self.known.get(url)
        kept = previous is not None and (previous.file is None or (self.folder / previous.file).is_file())
        if previous is not None and kept and previous.outcome in DONE_OUTCOMES and not self.refresh:
            self.skipped += 1
            return previous
        headers = {}
        if previous is not None and kept and previous.file is not None:
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        base = FetchRecord(url=url, role=role, linked_from=linked_from, outcome="failed")
        try:
            answer = self.client.get(url, limit=_limit(url, None, self.max_bytes), headers=headers)
        except NotFetched as error:
            record = attrs.evolve(
                base,
                final_url=error.final_url,
                outcome=error.outcome,
                status=error.status,
                reason=error.reason,
            )
        else:
            record = self._answered(base, answer, previous if headers else None)
        self.writer.add(record)
        self.known[url] = record
        self.records.append(record)
        if self.progress is not None:
            self.progress(record)
        return record

    def _answered(self, base: FetchRecord, answer: Answer, asked_again: FetchRecord | None) -> FetchRecord:
        content_type = answer.headers.get("content-type")
        record = attrs.evolve(
            base,
            final_url=answer.url,
            status=answer.status,
            content_type=content_type,
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
        )
        if answer.status == 304 and asked_again is not None:
            return attrs.evolve(
                record,
                outcome="not-modified",
                file=asked_again.file,
                size=asked_again.size,
                sha256=asked_again.sha256,
                content_type=content_type or asked_again.content_type,
                etag=record.etag or asked_again.etag,
                last_modified=record.last_modified or asked_again.last_modified,
            )
        if answer.body is None:
            return attrs.evolve(record, outcome="http-error", reason=f"{answer.url}: status {answer.status}")
        body = answer.body
        record = attrs.evolve(record, size=len(body), sha256=hashlib.sha256(body).hexdigest())
        limit = _limit(answer.url, content_type, self.max_bytes)
        if len(body) > limit:  # its content type told a smaller limit than its address did
            said = f"{answer.url}: {len(body)} bytes is more than the limit of {limit}"
            return attrs.evolve(record, outcome="too-large", reason=said)
        name = file_name(base.url, content_type, body[:2048])
        if FORMATS.get(suffix_of(name)) == "html":
            charset = _charset(content_type)
            page = page_of(body, answer.url, charset=charset)
            if page.shell:
                said = f"{answer.url}: {page.describe_shell()}"
                return attrs.evolve(record, outcome="app-shell", reason=said)
            if base.role == "page":
                self.parsed[base.url] = page
        try:
            save(self.folder, name, body)
        except OSError as error:
            said = f"{answer.url}: cannot be written to {name}: {error.strerror or error}"
            return attrs.evolve(record, outcome="failed", reason=said)
        return attrs.evolve(record, outcome="saved", file=name)

    def summary(self) -> FetchSummary:
        outcomes = [record.outcome for record in self.records]
        return FetchSummary(
            folder=os.fspath(self.folder),
            manifest=os.fspath(self.writer.path),
            asked=len(self.records),
            saved=outcomes.count("saved"),
            not_modified=outcomes.count("not-modified"),
            skipped=self.skipped,
            shells=outcomes.count("app-shell"),
            not_fetched=sum(1 for outcome in outcomes if outcome not in {*SAVED_OUTCOMES, "app-shell"}),
            records=tuple(self.records),
        )


def _charset(content_type: str | None) -> str | None:
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'")
    return None


def fetch_reports(
    urls: Iterable[str],
    to: str | os.PathLike[str],
    *,
    delay: float = DEFAULT_DELAY,
    refresh: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int | None = None,
    retries: int = 3,
    backoff: float = 1.0,
    contact: str | None = None,
    allow_loopback: bool = False,
    progress: Callable[[FetchRecord], None] | None = None,
) -> FetchSummary:
    """Download the reports at web addresses into a folder, and record where each file came from.

    For each address: the page, then the attachments it links that look like the report (PDF, Word, WPS,
    workbooks, images of table pages, whose link text, title or file name says 年度报告, 年报 or 附件).
    Each file is saved as ``host/name-hash.ext`` in the folder, and each address asked gets a line in the
    folder's manifest, ``fetch-manifest.jsonl`` (a :class:`FetchRecord`: the address asked and answered,
    the time, status, content type, size, SHA-256, the page that linked it). :func:`export_corpus` and the
    ``export`` command read the manifest: each report's ``metadata.source`` is the address it came from.

    Polite: one request at a time, to each host ``delay`` seconds apart (longer if its robots.txt asks,
    up to a minute); robots.txt is honoured; the User-Agent names this library (and ``contact``);
    retries on 5xx, 429 and timeouts back off. An address the manifest already has is not asked again
    unless ``refresh``, and then conditionally (unchanged files are not sent again). A run stopped at any
    point resumes without duplicates when run again.

    Safe: only ``http`` and ``https``; no request to a loopback, private, link-local or multicast address,
    whatever a name resolves to and wherever a redirect points; every file within the size limit of its
    format's reader (as sent and once decompressed) and sent within ``timeout``; every file written
    inside the folder, under a name made safe, never through a symbolic link. A page that is an empty
    application shell (its content loaded by script) is said in its record, not saved.

    Args:
        urls: The addresses, one per item; blank items and items starting with ``#`` are passed over.
        to: The folder (created if need be).
        delay: Seconds between two requests to one host.
        refresh: Ask again for what the manifest already has, conditionally.
        timeout: Seconds one try may wait for the server (to connect, and for the answer); the whole
            file must arrive within this time of the request.
        max_bytes: The size limit of every file (by default, each format's reader's: 20 MB for a page,
            50 MB for a PDF).
        retries: Tries after the first, on 5xx, 429 and timeouts.
        backoff: The backoff factor of retries: the second retry waits ``backoff * 2`` seconds, the third
            ``backoff * 4``... (at most a minute), besides ``delay``.
        contact: Whom site owners may contact about these requests (an e-mail address or web page), added
            to the User-Agent.
        allow_loopback: Allow loopback addresses (127.0.0.1, ::1): for tests against a local server only.
        progress: Called with each record as it is written.

    Returns:
        What was done, and this run's records.

    Raises:
        ModuleNotFoundError: requests or urllib3 is not installed
            (``pip install 'disclosure-report[fetch]'``).
        BlockingIOError: Another fetch is writing the folder now.
        OSError: The folder or its manifest cannot be written.
        ValueError: An option out of range.
        TypeError: ``urls`` is one string rather than a list of addresses.

    .. versionadded:: 0.1.0
    """
    if isinstance(urls, str | bytes):
        raise TypeError("urls: give a list of addresses (one string is not a list)")
    if delay < 0 or timeout <= 0 or retries < 0 or backoff < 0 or (max_bytes is not None and max_bytes < 1):
        raise ValueError(
            "delay, retries and backoff must be 0 or more, timeout more than 0, max_bytes 1 or more"
        )
    folder = Path(to)
    folder.mkdir(parents=True, exist_ok=True)
    client = _client(
        delay=delay,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        contact=contact,
        allow_loopback=allow_loopback,
    )
    try:
        writer = ManifestWriter(folder)
        try:
            run = _Run(folder, client, writer, refresh=refresh, max_bytes=max_bytes, progress=progress)
            for url in _addresses(urls):
                run.page(url)
            return run.summary()
        finally:
            writer.close()
    finally:
        client.close()
