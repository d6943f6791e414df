"""What a fetch may ask for and write, whatever a server sends.

- Addresses: only ``http`` and ``https``, and only public addresses. A host name is resolved and *every*
  address it resolves to is checked, when the address is asked for and again when each connection is made
  (so a name that resolves to a public address for the check and a private one for the connection is
  still refused); an IPv6 address that carries an IPv4 one (mapped, NAT64, 6to4, Teredo) is checked as
  that one too.
- Files: the name comes from the address, sanitised to letters, digits and ``-_.()``, with a hash of the
  whole address that keeps it unique; it lands in a folder named after the host, inside the target folder,
  written whole (a temporary file renamed over it), never through a symbolic link.
- Bodies: a gzip or deflate body is decompressed a bounded slice at a time, and refused as soon as it
  passes the limit.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import os
import re
import socket
import stat
import tempfile
import unicodedata
import urllib.parse
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Final

from ..read import FORMATS

__all__ = [
    "SCHEMES",
    "Inflater",
    "NotFetched",
    "Refused",
    "TooLarge",
    "address_problem",
    "check_url",
    "checked_addresses",
    "file_name",
    "save",
    "suffix_of",
]

SCHEMES: Final = ("http", "https")
"""The only schemes asked for, and followed in redirects."""

_IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64: Final = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """An address the fetcher does not ask for: its reason is in the message."""


class TooLarge(Exception):
    """A body larger than the limit, as sent or once decompressed."""


class NotFetched(Exception):
    """An address that gave no file: why, as a manifest's outcome and in words, and where it ended."""

    def __init__(self, outcome: str, reason: str, final_url: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.outcome = outcome
        self.reason = reason
        self.final_url = final_url
        self.status = status


def _embedded(address: ipaddress.IPv6Address) -> Iterator[ipaddress.IPv4Address]:
    if address.ipv4_mapped is not None:
        yield address.ipv4_mapped
    if address.sixtofour is not None:
        yield address.sixtofour
    if address.teredo is not None:
        yield from address.teredo
    if address in _NAT64:
        yield ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)


def address_problem(address: _IPAddress, *, allow_loopback: bool = False) -> str | None:
    """Why an address is not asked for (``None`` when it may be): what kind of address it is.

    >>> address_problem(ipaddress.ip_address("10.1.2.3"))
    'a private address'
    >>> address_problem(ipaddress.ip_address("::ffff:127.0.0.1"), allow_loopback=True) is None
    True
    """
    if isinstance(address, ipaddress.IPv6Address):
        for inner in _embedded(address):
            problem = address_problem(inner, allow_loopback=allow_loopback)
            if problem is not None:
                return problem
        if address.ipv4_mapped is not None:
            return None  # the IPv4 address it maps was checked
    if address.is_loopback:
        return None if allow_loopback else "a loopback address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_private:
        return "a private address"
    if address.is_reserved or not address.is_global:
        return "a reserved address, not a public one"
    return None


def checked_addresses(host: str, port: int, *, allow_loopback: bool = False) -> list[tuple[str, int]]:
    """The addresses a host resolves to, each checked: the ones to connect to.

    Raises:
        Refused: An address it resolves to is not public (each is checked: one is enough to refuse).
        OSError: It does not resolve.
    """
    bare = host.strip("[]")
    found: list[tuple[str, int]] = []
    for family, _, _, _, sockaddr in socket.getaddrinfo(bare, port, type=socket.SOCK_STREAM):
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        text = str(sockaddr[0]).partition("%")[0]  # an IPv6 scope (fe80::1%eth0) is not the address
        problem = address_problem(ipaddress.ip_address(text), allow_loopback=allow_loopback)
        if problem is not None:
            said = host if host == text else f"{host} ({text})"
            raise Refused(f"{said} is {problem}: not fetched")
        if (text, port) not in found:
            found.append((text, port))
    if not found:
        raise OSError(f"{host} has no IPv4 or IPv6 address")
    return found


def check_url(url: str) -> urllib.parse.SplitResult:
    """An address split into its parts, if it is one this fetcher asks for.

    Raises:
        Refused: Not ``http`` or ``https``, or no host.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as error:
        raise Refused(f"not a web address ({error})") from None
    if parts.scheme.lower() not in SCHEMES:
        shown = parts.scheme or "no scheme"
        raise Refused(f"only http and https addresses are fetched, not {shown}")
    if not parts.hostname:
        raise Refused("an address without a host")
    return parts


# --- file names ------------------------------------------------------------------------------------------

_NAME_CHARACTERS: Final = re.compile(r"[^\w\-.()]+")
_MOST_NAME_CHARACTERS: Final = 60
"""Characters kept of a name from an address: 180 bytes of UTF-8 at most, with room for the hash."""
_HASH_CHARACTERS: Final = 10

_CONTENT_TYPES: Final = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.ms-works": ".wps",
    "application/kswps": ".wps",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/tiff": ".tif",
}
"""The extension a file is saved with when its address has none this library reads."""

_SIGNATURES: Final = (
    (b"%PDF-", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"II*\x00", ".tif"),
    (b"MM\x00*", ".tif"),
)


def _safe(text: str) -> str:
    """A part of a file name: letters, digits and ``-_.()`` only, no leading dot, not empty."""
    text = unicodedata.normalize("NFC", text)
    kept = _NAME_CHARACTERS.sub("_", text).strip("._ ")
    return kept[:_MOST_NAME_CHARACTERS].rstrip("._ ") or "file"


def _sniffed(head: bytes) -> str | None:
    """The extension the first bytes of a file show, when they show one."""
    for signature, suffix in _SIGNATURES:
        if head.startswith(signature):
            return suffix
    if head.startswith(b"PK\x03\x04"):
        return ".xlsx" if b"xl/" in head[:2048] else ".docx"
    if head.lstrip()[:1] == b"<":
        return ".html"
    return None


def suffix_of(segment: str, content_type: str | None = None, head: bytes = b"") -> str:
    """The extension a file is saved with: the address's, unless the content shows another kind.

    The address's when a reader reads it and the content does not contradict it (a page of HTML sent for
    a ``.pdf`` is saved as ``.html``); else the content type's; else what the first bytes show; else
    ``.bin`` (kept, but not read as a report: what it is cannot be told).

    >>> suffix_of("2023年报.pdf", "text/html", b"<!doctype html>")
    '.html'
    >>> suffix_of("show.jsp", "application/pdf")
    '.pdf'
    """
    by_address = os.path.splitext(segment)[1].lower()
    by_content = _sniffed(head)
    if by_address in FORMATS and (by_content is None or FORMATS[by_address] == FORMATS[by_content]):
        return by_address
    if by_address in (".docx", ".xlsx") and by_content in (".docx", ".xlsx"):
        return by_address  # both are zip archives: the first bytes cannot always tell them apart
    if by_content is not None:
        return by_content
    media = (content_type or "").partition(";")[0].strip().lower()
    return _CONTENT_TYPES.get(media, ".bin")


def file_name(url: str, content_type: str | None = None, head: bytes = b"") -> str:
    """Where a file fetched from an address is saved, relative to the folder: ``host/name-hash.ext``.

    The name is the address's last path segment, sanitised; the extension is the address's when it is one
    a reader reads, else the content type's, else the content's. The hash (of the whole address) keeps two
    addresses apart and gives one address the same name in every run.

    >>> file_name("http://www.example.gov.cn/gk/../a/%E5%B9%B4%E6%8A%A5%20(2023).pdf")
    'www.example.gov.cn/年报_(2023)-d259d16f18.pdf'
    >>> file_name("https://x.gov.cn:8443/show?id=7", "text/html; charset=gbk")
    'x.gov.cn_8443/show-1f138bf553.html'
    """
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "host").lower()
    folder = _safe(host if parts.port is None else f"{host}_{parts.port}")
    segment = urllib.parse.unquote(parts.path.rstrip("/").rpartition("/")[2], errors="replace")
    suffix = suffix_of(segment, content_type, head)
    stem = segment[: -len(os.path.splitext(segment)[1]) or None] if os.path.splitext(segment)[1] else segment
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARACTERS]
    name = f"{_safe(stem or 'index')}-{digest}{suffix}"
    return f"{folder}/{name}"


def save(folder: Path, relative: str, data: bytes) -> Path:
    """Write a file at ``folder/relative`` whole (a temporary file renamed over it), and make it durable.

    Raises:
        OSError: It cannot be written, or its place is not a plain folder inside the target (a symbolic
            link, a file in the way, a name that leaves the folder): nothing is written then.
    """
    parts = relative.split("/")
    if len(parts) != 2 or any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
        raise OSError(f"{relative}: not a name inside the folder")
    host_folder = folder / parts[0]
    try:
        status = os.lstat(host_folder)
    except FileNotFoundError:
        host_folder.mkdir()
    else:
        if not stat.S_ISDIR(status.st_mode):
            said = "not a folder (a symbolic link or a file): nothing is written there"
            raise OSError(f"{host_folder}: {said}")
    target = host_folder / parts[1]
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISDIR(os.lstat(target).st_mode):
            raise IsADirectoryError(f"{target}: a folder is in the way")
    real_folder = os.path.realpath(folder)
    if os.path.commonpath([real_folder, os.path.realpath(host_folder)]) != real_folder:
        raise OSError(f"{host_folder}: outside {folder}: nothing is written there")
    descriptor, temporary = tempfile.mkstemp(dir=host_folder, prefix=f".{parts[1][:40]}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)  # a link in the way is replaced, never followed
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return target


# --- bodies ----------------------------------------------------------------------------------------------

_GZIP_MAGIC: Final = b"\x1f\x8b"


class Inflater:
    """A body's bytes as sent, made into the file's, never more than ``limit`` bytes of them.

    ``Content-Encoding`` ``gzip`` (members one after another too) and ``deflate`` (zlib or raw, as
    servers send it) are decompressed a slice at a time: the output is bounded before it is made, so a
    body of zeros that inflates a thousandfold costs ``limit`` bytes of memory and no more.

    Raises (from its methods):
        TooLarge: The content passes the limit.
        ValueError: The encoding is not one of those, or the compressed body is damaged or cut short.
    """

    def __init__(self, encoding: str | None, limit: int) -> None:
        codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise ValueError(f"more than one content coding ({encoding})")
        self.coding = codings[0] if codings else None
        if self.coding not in (None, "gzip", "x-gzip", "deflate"):
            raise ValueError(f"a content coding this fetcher does not decode ({self.coding})")
        self.limit = limit
        self.size = 0
        self.sent = 0
        self.decompressor: zlib._Decompress | None = None
        self.ended = False
        self.head = b""
        """The first byte of a deflate body, kept until the second tells zlib's format from raw deflate."""

    def _new(self, head: bytes) -> zlib._Decompress:
        if self.coding == "deflate":
            # RFC 9110's deflate is zlib's format; many servers send raw deflate instead.
            raw = not (len(head) >= 2 and head[0] & 0x0F == 8 and int.from_bytes(head[:2], "big") % 31 == 0)
            return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(f"more than the limit of {self.limit} bytes once decompressed")
        return data

    def feed(self, data: bytes) -> bytes:
        """The file's bytes in the next piece of the body."""
        self.sent += len(data)
        if self.coding is None:
            return self._count(data)
        out: list[bytes] = []
        if self.coding == "deflate" and self.decompressor is None and not self.ended:
            data = self.head + data
            if len(data) < 2:
                self.head = data
                return b""
            self.head = b""
        while data:
            if self.decompressor is None:
                if self.ended and not data.startswith(_GZIP_MAGIC[: len(data)]):
                    return b"".join(out)  # bytes after the last member (padding): not content
                self.decompressor = self._new(data)
            try:
                piece = self.decompressor.decompress(data, self.limit - self.size + 1)
            except zlib.error as error:
                raise ValueError(f"a damaged compressed body ({error})") from None
            out.append(self._count(piece))
            data = self.decompressor.unconsumed_tail
            if self.decompressor.eof:
                data = self.decompressor.unused_data
                self.decompressor = None
                self.ended = True
                if self.coding == "deflate":
                    return b"".join(out)  # deflate has one stream; bytes after it are not content
        return b"".join(out)

    def finish(self) -> bytes:
        """The last bytes, once the body has been sent whole.

        Raises:
            ValueError: A compressed body that was cut short, or empty.
        """
        if self.coding is None:
            return b""
        if self.head:  # a deflate body of one byte: no stream is that short
            raise ValueError("a compressed body cut short")
        if self.decompressor is not None:
            # What zlib still holds once every byte sent is consumed: at most a window (32 KiB).
            piece = self._count(self.decompressor.flush())
            if not self.decompressor.eof:
                raise ValueError("a compressed body cut short")
            return piece
        if not self.ended:
            raise ValueError("an empty compressed body")
        return b""
