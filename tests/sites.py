"""Agencies' websites as the fetcher meets them, served on 127.0.0.1 by the standard library's server.

Copies of the real samples as sites serve them: r002's page (a county bureau's, saved from its site) linking
the same report as PDF; the bundled example inside a portal's template, linking its PDF; and every way a
site goes wrong: redirects (one to a private address), a slow server, one that sends a byte now and then,
huge bodies, gzip and deflate bombs, a robots.txt that forbids a path, a 500 that recovers, file names
with ``../`` and odd characters, an application shell. Nothing leaves the machine.

Every request is logged (path, headers, arrival time) and the most handled at once is kept, so tests count
what was asked rather than time it.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
import time
import urllib.parse
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import attrs

from disclosure_report import render_html
from disclosure_report.examples import seed_report

DATA = Path(__file__).parent / "data"

R002_PAGE = "/sygfj/gknb/202401/2ecfb31a335f4d689220a3a23e24a986.shtml"
R002_PDF = "/sygfj/uploads/附件：沭阳县发展和改革局2023年政府信息公开年度报告.pdf"
PORTAL_PAGE = "/col/col1234/art/2024/art_5678.html"
PORTAL_PDF = "/attach/0/P020240117.pdf"
ODD_PAGE = "/odd/index.html"
ODD_NAMES = ("/odd/..%2F..%2F%E5%B9%B4%E6%8A%A5%20%3Cv2%3E%3A%2A%7C.pdf", "/dl?file=../../etc/passwd")
HTML = "text/html; charset=utf-8"
PDF = "application/pdf"
BOMB_BYTES = 64 * 1024 * 1024
"""What a bomb inflates to: more than a page's limit (20 MB), from about 64 KB."""


def _r002_page() -> bytes:
    page = (DATA / "r002.html").read_text(encoding="utf-8")
    # Relative, as the site writes it: from /sygfj/gknb/202401/ up to /sygfj/uploads/.
    name = R002_PDF.rpartition("/")[2]
    link = f'<p>附件：<a href="../../uploads/{name}">沭阳县发展和改革局2023年政府信息公开年度报告</a></p>'
    return page.replace("</article>", link + "</article>", 1).encode("utf-8")


def _portal_page() -> bytes:
    """The bundled example's page inside a portal's template: menus, a breadcrumb, scripts, a footer."""
    body = re.search(r"<body[^>]*>(.*)</body>", render_html(seed_report()), re.DOTALL)
    assert body is not None
    menu = "".join(f'<li><a href="/col/col{n}/index.html">栏目{n}</a></li>' for n in range(40))
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开</title>'
        '<script src="/js/jquery.min.js"></script><script>var siteId = 1;</script></head><body>'
        f'<div class="header"><ul class="menu">{menu}</ul></div>'
        '<div class="crumb">首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>'
        f'<div class="article"><div class="content">{body.group(1)}</div>'
        f'<p class="attach">附件：<a href="{PORTAL_PDF}" title="应急中心2023年政府信息公开工作年度报告">'
        "下载</a></p></div>"
        '<div class="footer">主办单位：某应急管理中心 备案号 <a href="https://beian.invalid/">ICP备0000号</a>'
        "<script>document.write('');</script></div></body></html>"
    ).encode()


def _odd_page() -> bytes:
    links = "".join(f'<a href="{name}">附件：2023年报.pdf</a>' for name in ODD_NAMES)
    return f"<html><body><h1>2023年政府信息公开工作年度报告</h1>{links}</body></html>".encode()


SHELL = (
    b'<!DOCTYPE html><html><head><meta charset="utf-8"><title>2023\xe5\xb9\xb4\xe6\x8a\xa5</title>'
    b'<script src="/static/js/app.8c1d.js"></script></head><body><div id="app"></div>'
    b"<noscript>We're sorry but this site doesn't work properly without JavaScript.</noscript></body></html>"
)


@functools.cache
def bomb(coding: str) -> bytes:
    """:data:`BOMB_BYTES` of zeros, compressed (``gzip`` or ``deflate``)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if coding == "gzip" else 15)
    zeros = bytes(1024 * 1024)
    return b"".join(compressor.compress(zeros) for _ in range(BOMB_BYTES // len(zeros))) + compressor.flush()


@attrs.define
class Hit:
    path: str
    headers: dict[str, str]
    arrived: float


@attrs.define
class Site:
    """The server's state: what was asked, and what it should answer."""

    address: str = ""
    hits: list[Hit] = attrs.Factory(list)
    busy: int = 0
    most_busy: int = 0
    stop: threading.Event = attrs.Factory(threading.Event)
    lock: threading.Lock = attrs.Factory(threading.Lock)
    robots: bytes = b"User-agent: *\nDisallow: /private/\n"
    robots_status: int = 200
    failures: dict[str, int] = attrs.Factory(lambda: {"/flaky.html": 2})
    extra: dict[str, bytes] = attrs.Factory(dict)
    """Files added by a test or a benchmark (path: content, served as PDF when it is one, else HTML)."""

    def url(self, path: str) -> str:
        return self.address + path

    def asked(self, path: str) -> int:
        """How often a path (as the handler decoded it) was asked for."""
        with self.lock:
            return sum(1 for hit in self.hits if hit.path == path)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet

    def do_GET(self) -> None:
        site = self.site
        path = urllib.parse.unquote(self.path)
        with site.lock:
            site.hits.append(Hit(path, dict(self.headers), time.monotonic()))
            site.busy += 1
            site.most_busy = max(site.most_busy, site.busy)
        try:
            self._answer(path)
        finally:
            with site.lock:
                site.busy -= 1

    def _send(
        self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, path: str) -> None:
        site = self.site
        routes: dict[str, Callable[[], None]] = {
            "/robots.txt": lambda: self._send(site.robots_status, site.robots, "text/plain"),
            R002_PAGE: lambda: self._conditional(_r002_page(), "text/html; charset=utf-8"),
            R002_PDF: lambda: self._send(
                200, (DATA / "r002.libreoffice.pdf").read_bytes(), "application/pdf"
            ),
            PORTAL_PAGE: lambda: self._send(200, _portal_page()),
            PORTAL_PDF: lambda: self._send(
                200, (DATA / "seed.libreoffice.pdf").read_bytes(), "application/pdf"
            ),
            ODD_PAGE: lambda: self._send(200, _odd_page()),
            "/moved": lambda: self._send(301, b"", Location=R002_PAGE),
            "/to-private": lambda: self._send(302, b"", Location="http://10.255.255.1/report.pdf"),
            "/to-ftp": lambda: self._send(302, b"", Location="ftp://files.invalid/report.pdf"),
            "/loop": lambda: self._send(302, b"", Location="/loop"),
            "/private/report.html": lambda: self._send(200, _r002_page()),
            "/shell.html": lambda: self._send(200, SHELL),
            "/gzip.html": lambda: self._send(200, gzip.compress(_r002_page()), Content_Encoding="gzip"),
            "/bomb.html": lambda: self._send(200, bomb("gzip"), Content_Encoding="gzip"),
            "/deflate-bomb.html": lambda: self._send(200, bomb("deflate"), Content_Encoding="deflate"),
            "/brotli.html": lambda: self._send(200, b"\x1b\x00", Content_Encoding="br"),
            "/huge.pdf": self._huge,
            "/endless.pdf": self._endless,
            "/slow.pdf": self._slow,
            "/drip.pdf": self._drip,
            "/flaky.html": self._flaky,
        }
        if path in site.extra:
            body = site.extra[path]
            self._send(200, body, PDF if body.startswith(b"%PDF") else HTML)
        elif path in routes:
            routes[path]()
        elif path.startswith(("/odd/", "/dl?")):
            self._send(200, (DATA / "seed.libreoffice.pdf").read_bytes(), "application/pdf")
        else:
            self._send(404, b"<html><body>404</body></html>")

    def _conditional(self, body: bytes, content_type: str) -> None:
        etag = '"r002-1"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self._send(200, body, content_type, ETag=etag, Last_Modified="Wed, 17 Jan 2024 08:00:00 GMT")

    def _huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(10 * 1024**3))
        self.end_headers()
        self.wfile.write(b"%PDF-1.7\n")
        self.close_connection = True

    def _endless(self) -> None:
        """A body without a length that goes on (8 MB at most, or until the client goes)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        block = b"%PDF" + bytes(64 * 1024 - 4)
        try:
            for _ in range(128):
                self.wfile.write(block)
        except OSError:
            pass

    def _slow(self) -> None:
        if not self.site.stop.wait(2.0):
            self._send(200, b"%PDF-1.7 late", "application/pdf")

    def _drip(self) -> None:
        """A byte now and then: each read gets something, the file never comes."""
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.close_connection = True
        try:
            for _ in range(100):
                self.wfile.write(b"%")
                self.wfile.flush()
                if self.site.stop.wait(0.05):
                    return
        except OSError:
            pass

    def _flaky(self) -> None:
        with self.site.lock:
            left = self.site.failures.get("/flaky.html", 0)
            self.site.failures["/flaky.html"] = left - 1
        if left > 0:
            self._send(500, b"<html><body>busy</body></html>")
        else:
            self._send(200, _r002_page())


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@contextmanager
def serving(site: Site | None = None) -> Iterator[Site]:
    """A site on 127.0.0.1 (a free port), for the time of the block."""
    site = site or Site()
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = _Server(("127.0.0.1", 0), handler)
    site.address = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
