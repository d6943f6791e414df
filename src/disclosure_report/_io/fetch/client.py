"""The HTTP client of a fetch: requests and urllib3 (the ``fetch`` extra), polite and safe.

- Every connection is made to an address checked just before (:func:`.safety.checked_addresses`), by
  connection classes of urllib3's own: the check cannot be bypassed by a redirect, a name that resolves
  differently the second time, or a proxy (the environment's proxies are not used).
- Redirects are followed here, at most :data:`MAX_REDIRECTS`, each address checked as the first was, and
  robots.txt asked for each host.
- One request at a time (this client has one thread), and to each host no sooner than ``delay`` seconds
  after the last one ended (or the host's robots.txt ``Crawl-delay``, up to :data:`MAX_CRAWL_DELAY`).
- Retries on 5xx, 429 and timeouts, with urllib3's :class:`~urllib3.util.Retry`: its backoff, and the
  server's ``Retry-After`` up to :data:`MAX_RETRY_AFTER`. A response not retried is closed, not read.
- A body is read a socket read at a time, each given only the time left: a server that sends a byte now
  and then cannot hold a file past its ``timeout``; its size is checked as sent and as decompressed.
"""

from __future__ import annotations

import socket
import time
import urllib.parse
import urllib.robotparser
from collections.abc import Callable, Mapping
from typing import Any, Final

import attrs
import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NameResolutionError, NewConnectionError
from urllib3.exceptions import TimeoutError as LateError
from urllib3.response import BaseHTTPResponse
from urllib3.util import connection as urllib3_connection
from urllib3.util.retry import Retry

from ..._version import __version__
from .safety import Inflater, NotFetched, Refused, TooLarge, check_url, checked_addresses

__all__ = [
    "AGENT",
    "MAX_CRAWL_DELAY",
    "MAX_REDIRECTS",
    "MAX_RETRY_AFTER",
    "ROBOTS_BYTES",
    "Answer",
    "Client",
    "HostSchedule",
    "PoliteRetry",
    "user_agent",
]

AGENT: Final = "disclosure-report"
"""The name this library gives in its User-Agent, and looks for in robots.txt."""
MAX_REDIRECTS: Final = 10
MAX_CRAWL_DELAY: Final = 60.0
"""The longest ``Crawl-delay`` of a robots.txt honoured (seconds): a longer one is taken as this."""
MAX_RETRY_AFTER: Final = 120.0
"""The longest ``Retry-After`` honoured (seconds)."""
MAX_BACKOFF: Final = 60.0
ROBOTS_BYTES: Final = 512 * 1024
"""The bytes of a robots.txt read (RFC 9309 asks for at least 500 KiB); the rest is passed over."""
_READ_BYTES: Final = 64 * 1024
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_RETRIED: Final = frozenset({429, 500, 502, 503, 504})


def user_agent(contact: str | None = None) -> str:
    """The User-Agent header: this library and its version, and whom to contact if given.

    >>> user_agent("research@example.edu")[: len(AGENT)] == AGENT
    True
    """
    said = f"{AGENT}/{__version__} (annual reports on government information disclosure"
    return said + (f"; +{contact})" if contact else ")")


@attrs.frozen
class Answer:
    """A server's last answer to an address: the body read whole when it was a success."""

    url: str
    status: int
    headers: Mapping[str, str]
    body: bytes | None = None


class PoliteRetry(Retry):
    """urllib3's retry, with a server's ``Retry-After`` honoured up to :data:`MAX_RETRY_AFTER`."""

    def get_retry_after(self, response: BaseHTTPResponse) -> float | None:
        """The seconds the server asks to wait, at most :data:`MAX_RETRY_AFTER` (``None``: it asks none)."""
        after = super().get_retry_after(response)
        return None if after is None else min(after, MAX_RETRY_AFTER)


# --- connections to checked addresses only ---------------------------------------------------------------


def _connect(connection: HTTPConnection, allow_loopback: bool) -> socket.socket:
    """A socket to one of the host's addresses, each checked (what urllib3's ``_new_conn`` does, safely)."""
    try:
        addresses = checked_addresses(connection.host, connection.port, allow_loopback=allow_loopback)
    except socket.gaierror as error:
        raise NameResolutionError(connection.host, connection, error) from error
    except OSError as error:
        raise NewConnectionError(connection, str(error)) from error
    last: OSError | None = None
    for address in addresses:
        try:
            return urllib3_connection.create_connection(
                address,
                connection.timeout,
                source_address=connection.source_address,
                socket_options=connection.socket_options,
            )
        except TimeoutError as error:
            raise ConnectTimeoutError(connection, f"connecting to {connection.host} timed out") from error
        except OSError as error:
            last = error
    raise NewConnectionError(connection, f"cannot connect to {connection.host}: {last}")


def _adapter(allow_loopback: bool) -> HTTPAdapter:
    """An adapter of requests whose connections are made to checked addresses only."""

    class Connection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, allow_loopback)

    class TLSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, allow_loopback)

    class Pool(HTTPConnectionPool):
        ConnectionCls = Connection

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = TLSConnection

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": Pool, "https": TLSPool}

    return Adapter(max_retries=0)  # retried by the client, which closes what it does not read


# --- politeness ------------------------------------------------------------------------------------------


class HostSchedule:
    """When each host may be asked next: ``delay`` seconds after its last request ended."""

    def __init__(self, delay: float, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self.next: dict[str, float] = {}
        self.delays: dict[str, float] = {}

    def slow_down(self, host: str, seconds: float) -> None:
        """A host's own delay (its robots.txt's ``Crawl-delay``), when longer than the one given."""
        self.delays[host] = max(self.delay, min(seconds, MAX_CRAWL_DELAY))

    def wait(self, host: str) -> None:
        """Sleep until ``host`` may be asked again."""
        left = self.next.get(host, 0.0) - self.clock()
        if left > 0:
            self.sleep(left)

    def done(self, host: str) -> None:
        """A request to ``host`` ended now: the next may start after its delay."""
        self.next[host] = self.clock() + self.delays.get(host, self.delay)


@attrs.frozen
class _Robots:
    """A host's robots.txt, or why everything is disallowed there."""

    parser: urllib.robotparser.RobotFileParser | None
    disallowed: str | None = None

    def allows(self, url: str) -> bool:
        if self.disallowed is not None:
            return False
        return self.parser is None or self.parser.can_fetch(AGENT, url)


# --- the client ------------------------------------------------------------------------------------------


class Client:
    """Asks for addresses one at a time, politely and safely (see the module's description).

    Args:
        delay: Seconds between the end of one request to a host and the start of the next.
        timeout: Seconds one try may wait to connect, and for the answer; the whole body must arrive
            within this time of the request too (so a try takes at most twice this).
        retries: Tries after the first, on 5xx, 429 and timeouts.
        backoff: urllib3's backoff factor: the n-th retry after the first waits ``backoff * 2**(n-1)``
            seconds (at most a minute), on top of ``delay``.
        contact: Whom to contact about these requests (an e-mail address or a web page), in the
            User-Agent.
        allow_loopback: Allow loopback addresses (for tests against a local server).
    """

    def __init__(
        self,
        *,
        delay: float,
        timeout: float,
        retries: int,
        backoff: float,
        contact: str | None = None,
        allow_loopback: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.allow_loopback = allow_loopback
        self.clock = clock
        self.hosts = HostSchedule(delay, clock, sleep)
        self.sent = 0.0
        """When the last request was sent: its body must arrive within ``timeout`` of it."""
        self.robots: dict[str, _Robots] = {}
        self.retry = PoliteRetry(
            total=retries,
            redirect=0,
            allowed_methods=frozenset({"GET"}),
            status_forcelist=_RETRIED,
            backoff_factor=backoff,
            backoff_max=MAX_BACKOFF,
            raise_on_status=False,
            respect_retry_after_header=True,
        )
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy (it would connect where no check sees), no .netrc
        self.session.headers.update({"User-Agent": user_agent(contact), "Accept-Encoding": "gzip, deflate"})
        adapter = _adapter(allow_loopback)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

    def close(self) -> None:
        """Close every connection."""
        self.session.close()

    def get(self, url: str, *, limit: int, headers: Mapping[str, str] | None = None) -> Answer:
        """Ask for an address, following redirects; the body is read when the answer is a success.

        Raises:
            NotFetched: Refused (an address not http/https or not public, asked or redirected to),
                disallowed by robots.txt, too large, too slow, or failed.
        """
        return self._get(url, limit=limit, headers=headers or {}, robots=True)

    def _get(self, url: str, *, limit: int, headers: Mapping[str, str], robots: bool) -> Answer:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                parts = check_url(current)
                host = parts.hostname or ""
                checked_addresses(host, parts.port or _port(parts.scheme), allow_loopback=self.allow_loopback)
            except Refused as error:
                raise NotFetched("refused", f"{current}: {error}", current) from None
            except OSError as error:
                said = f"{current}: {host} cannot be resolved ({error})"
                raise NotFetched("failed", said, current) from None
            if robots:
                rules = self._robots(parts)
                if not rules.allows(current):
                    said = rules.disallowed or f"robots.txt of {parts.scheme}://{parts.netloc} disallows it"
                    raise NotFetched("robots", f"{current}: {said}", current)
            response = self._send(current, host, headers)
            status = response.status_code
            location = response.headers.get("Location")
            if status in _REDIRECTS and location:
                response.close()
                self.hosts.done(host)
                current = urllib.parse.urldefrag(urllib.parse.urljoin(current, location.strip()))[0]
                continue
            answered = {name.lower(): value for name, value in response.headers.items()}
            if not 200 <= status < 300:
                response.close()
                self.hosts.done(host)
                return Answer(current, status, answered)
            try:
                body = self._read(response, limit, truncate=not robots)
            except TooLarge as error:
                raise NotFetched("too-large", f"{current}: {error}", current, status) from None
            finally:
                response.close()
            return Answer(current, status, answered, body)
        raise NotFetched("failed", f"{url}: more than {MAX_REDIRECTS} redirects", current)

    def _send(self, url: str, host: str, headers: Mapping[str, str]) -> requests.Response:
        """One answer (its headers: the body is not read yet), with the retries."""
        retry: Retry = self.retry
        tries = 0
        while True:
            self.hosts.wait(host)
            tries += 1
            self.sent = self.clock()
            try:
                response = self.session.get(
                    url,
                    headers=dict(headers),
                    stream=True,
                    allow_redirects=False,
                    timeout=(self.timeout, self.timeout),
                )
            except Refused as error:  # from the connection's own check
                self.hosts.done(host)
                raise NotFetched("refused", f"{url}: {error}", url) from None
            except (requests.Timeout, requests.ConnectionError) as error:
                self.hosts.done(host)
                timed_out = isinstance(error, requests.Timeout)
                try:
                    retry = retry.increment("GET", url, error=error)
                except MaxRetryError:
                    outcome, said = ("timeout", "no answer in time") if timed_out else ("failed", str(error))
                    raise NotFetched(outcome, f"{url}: {said} ({tries} tries)", url) from None
                retry.sleep()
                continue
            except requests.RequestException as error:  # an address requests cannot ask for, and the like
                self.hosts.done(host)
                raise NotFetched("failed", f"{url}: {error}", url) from None
            retried = retry.is_retry("GET", response.status_code, "Retry-After" in response.headers)
            if not retried:
                return response
            try:
                retry = retry.increment("GET", url, response=response.raw)
            except MaxRetryError:
                return response  # the last answer, an error status: said as it is
            response.close()
            self.hosts.done(host)
            retry.sleep(response.raw)

    def _read(self, response: requests.Response, limit: int, *, truncate: bool = False) -> bytes:
        """The body, within ``limit`` bytes (as sent and once decompressed) and the time left.

        Raises:
            TooLarge: It is larger (unless ``truncate``: then its first ``limit`` bytes).
            NotFetched: It did not arrive in time, or it is damaged.
        """
        url = response.url
        host = urllib.parse.urlsplit(url).hostname or ""
        deadline = self.sent + self.timeout
        try:
            length = int(response.headers.get("Content-Length", ""))
        except ValueError:
            length = None
        if length is not None and length > limit and not truncate:
            self.hosts.done(host)
            raise TooLarge(f"{length} bytes is more than the limit of {limit}")
        try:
            inflater = Inflater(response.headers.get("Content-Encoding"), limit)
        except ValueError as error:
            self.hosts.done(host)
            raise NotFetched("failed", f"{url}: {error}", url, response.status_code) from None
        pieces: list[bytes] = []
        raw = response.raw
        try:
            while True:
                left = deadline - self.clock()
                if left <= 0:
                    raise NotFetched("timeout", f"{url}: not sent whole in {self.timeout:g} s", url)
                _give_time(raw, left)
                data = raw.read1(_READ_BYTES, decode_content=False)
                if not data:
                    break
                if inflater.sent + len(data) > limit and truncate and inflater.coding is None:
                    pieces.append(inflater.feed(data[: limit - inflater.sent]))
                    return b"".join(pieces)
                if inflater.sent + len(data) > limit:
                    raise TooLarge(f"more than the limit of {limit} bytes as sent")
                pieces.append(inflater.feed(data))
            pieces.append(inflater.finish())
        except TooLarge:
            if truncate:  # the first bytes, short of the limit
                return b"".join(pieces)
            raise
        except NotFetched:
            raise
        except ValueError as error:
            raise NotFetched("failed", f"{url}: {error}", url, response.status_code) from None
        except Exception as error:  # the connection's, while reading: a timeout, a damaged chunk, a reset
            if isinstance(error, TimeoutError | LateError | requests.Timeout):  # the time left ran out
                raise NotFetched("timeout", f"{url}: not sent whole in {self.timeout:g} s", url) from None
            raise NotFetched("failed", f"{url}: the body was cut short ({error})", url) from None
        finally:
            self.hosts.done(host)
        return b"".join(pieces)

    def _robots(self, parts: urllib.parse.SplitResult) -> _Robots:
        """The host's robots.txt, asked for once (RFC 9309: 4xx allows all; 5xx or no answer, nothing)."""
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self.robots.get(origin)
        if rules is not None:
            return rules
        address = f"{origin}/robots.txt"
        try:
            answer = self._get(address, limit=ROBOTS_BYTES, headers={}, robots=False)
        except NotFetched as error:
            said = f"its robots.txt could not be read ({error.reason}): nothing is fetched there"
            rules = _Robots(None, said)
        else:
            if 400 <= answer.status < 500:
                rules = _Robots(None)
            elif answer.body is None:
                said = f"its robots.txt could not be read (status {answer.status}): nothing is fetched there"
                rules = _Robots(None, said)
            else:
                parser = urllib.robotparser.RobotFileParser(address)
                parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
                parser.modified()
                delay = parser.crawl_delay(AGENT)
                if delay is not None:
                    self.hosts.slow_down(parts.hostname or "", float(delay))
                rules = _Robots(parser)
        self.robots[origin] = rules
        return rules


def _port(scheme: str) -> int:
    return 443 if scheme.lower() == "https" else 80


def _give_time(raw: Any, seconds: float) -> None:
    """Give the next socket read only the time left (urllib3 keeps the connection's socket as ``sock``)."""
    connection = getattr(raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        sock.settimeout(max(seconds, 0.001))
