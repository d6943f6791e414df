"""The fetcher, against sites served on 127.0.0.1 (tests/sites.py): nothing leaves this machine.

Grouped by behaviour: what is saved and recorded; the export of a fetched folder; politeness (robots.txt,
one request at a time, the delay, retries, no refetch, conditional requests, resuming); safety (schemes,
addresses, redirects, sizes, times, bombs, names, symbolic links); application shells; the command.
Timeouts and delays are tiny; no test asserts how long anything took (counts of requests instead, and the
delay only as a lower bound, which a busy machine cannot break).
"""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
import itertools
import json
import subprocess
import sys
import urllib.parse
import zlib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import FetchRecord, fetch_reports, read_report
from disclosure_report._cli import main
from disclosure_report._io.batch import input_files, units
from disclosure_report._io.fetch.client import AGENT, Client, HostSchedule
from disclosure_report._io.fetch.manifest import MANIFEST_NAME, Origins, latest_records, read_manifest
from disclosure_report._io.fetch.safety import (
    Inflater,
    NotFetched,
    Refused,
    TooLarge,
    address_problem,
    check_url,
    checked_addresses,
    file_name,
)

from .sites import (
    ODD_NAMES,
    ODD_PAGE,
    PORTAL_PAGE,
    PORTAL_PDF,
    R002_PAGE,
    R002_PDF,
    Site,
    serving,
)

FAST: dict[str, Any] = {"delay": 0, "timeout": 10, "retries": 1, "backoff": 0, "allow_loopback": True}
"""Options for tests: no delay, one retry at once; loopback allowed (the local site). The timeout is long
enough for a busy machine; the tests of timeouts give their own against servers that never finish."""


@pytest.fixture
def site() -> Any:
    with serving() as served:
        yield served


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST_NAME)


# --- what is saved and recorded -------------------------------------------------------------------------


def test_a_report_page_and_its_pdf_are_saved_and_recorded(site: Site, tmp_path: Path) -> None:
    summary = fetch_reports([site.url(R002_PAGE)], tmp_path, **FAST)
    assert (summary.asked, summary.saved, summary.not_fetched, summary.complete) == (2, 2, 0, True)
    page, pdf = summary.records
    assert (page.role, page.outcome, page.status, page.linked_from) == ("page", "saved", 200, None)
    assert page.content_type == "text/html; charset=utf-8" and page.etag == '"r002-1"'
    assert urllib.parse.unquote(pdf.url) == site.url(R002_PDF)  # the relative link, resolved
    assert (pdf.role, pdf.outcome, pdf.linked_from) == ("attachment", "saved", site.url(R002_PAGE))
    assert pdf.content_type == "application/pdf"
    for record in summary.records:
        assert record.file is not None and record.final_url == record.url
        data = (tmp_path / record.file).read_bytes()
        assert (record.size, record.sha256) == (len(data), hashlib.sha256(data).hexdigest())
        assert record.fetched.endswith("+00:00")
    assert (tmp_path / pdf.file).read_bytes() == (
        Path(__file__).parent / "data/r002.libreoffice.pdf"
    ).read_bytes()
    # The manifest: a JSON object per line, every field, the same records.
    lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert [FetchRecord.from_dict(json.loads(line)) for line in lines] == list(summary.records)
    assert set(json.loads(lines[0])) >= {
        "url", "final_url", "fetched", "status", "content_type", "size", "sha256", "linked_from", "file",
    }  # fmt: skip
    # robots.txt asked once for the host; every request names the library.
    assert site.asked("/robots.txt") == 1
    assert all(hit.headers["User-Agent"].startswith(f"{AGENT}/") for hit in site.hits)


def test_a_portal_page_links_its_pdf_by_title_and_a_redirect_is_followed(site: Site, tmp_path: Path) -> None:
    summary = fetch_reports([site.url(PORTAL_PAGE), site.url("/moved")], tmp_path, **FAST)
    urls = [urllib.parse.unquote(record.url) for record in summary.records]
    assert urls == [site.url(PORTAL_PAGE), site.url(PORTAL_PDF), site.url("/moved"), site.url(R002_PDF)]
    moved = summary.records[2]
    assert (moved.outcome, moved.final_url) == ("saved", site.url(R002_PAGE))
    assert summary.records[3].linked_from == site.url(R002_PAGE)  # linked from the page answered


def test_gzip_bodies_are_decoded(site: Site, tmp_path: Path) -> None:
    record = fetch_reports([site.url("/gzip.html")], tmp_path, **FAST).records[0]
    assert record.outcome == "saved"
    assert (tmp_path / (record.file or "")).read_bytes().startswith(b"<!doctype html>")


# --- the export of a fetched folder ----------------------------------------------------------------------


@pytest.mark.slow  # worker processes read four documents
def test_export_gives_the_reports_read_directly_each_with_its_origin(site: Site, tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    from disclosure_report import export_corpus, open_corpus, read_corpus

    folder = tmp_path / "downloads"
    fetch_reports([site.url(R002_PAGE), site.url(PORTAL_PAGE)], folder, **FAST)
    origins = {record.file: record.origin for record in read_manifest(folder)}
    assert len(origins) == 4
    # Read directly, each file's report has its address as source (the first of equal reports kept).
    direct: dict[str, Any] = {}
    for name in input_files([str(folder)]):
        report = read_report(name).report
        relative = Path(name).relative_to(folder).as_posix()
        report = attrs.evolve(report, metadata=attrs.evolve(report.metadata, source=origins[relative]))
        direct.setdefault(report.fingerprint, report)
    assert len(direct) >= 2
    database = tmp_path / "corpus.duckdb"
    summary = export_corpus([folder], database, jobs=1)
    assert (summary.inputs, summary.unreadable) == (4, 0)  # the manifest is not an input
    exported = {report.fingerprint: report for report in read_corpus(database)}
    assert exported == direct
    with open_corpus(database) as connection:
        rows = connection.execute("SELECT file, origin FROM files").fetchall()
    assert {Path(file).relative_to(folder).as_posix(): origin for file, origin in rows} == origins


def test_units_carry_the_origin_their_manifest_gives(tmp_path: Path) -> None:
    (tmp_path / "h").mkdir()
    (tmp_path / "h" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "h" / "b.txt").write_text("x", encoding="utf-8")
    good = FetchRecord(url="http://a.invalid/a", outcome="saved", file="h/a.txt").to_dict()
    lines = [json.dumps(good), "{not json", json.dumps({"url": 3}), '{"url": "x", "outcome": "made-up"}', ""]
    (tmp_path / MANIFEST_NAME).write_text("\n".join(lines), encoding="utf-8")
    assert [record.url for record in read_manifest(tmp_path)] == ["http://a.invalid/a"]
    found = {Path(unit.name).name: unit.origin for unit in units([str(tmp_path)])}
    assert found == {"a.txt": "http://a.invalid/a", "b.txt": None}  # the manifest itself is no input
    assert Origins().of(str(tmp_path / "elsewhere.txt")) is None


# --- politeness ------------------------------------------------------------------------------------------


def test_robots_txt_forbids_a_path_which_is_never_asked(site: Site, tmp_path: Path) -> None:
    summary = fetch_reports([site.url("/private/report.html"), site.url(R002_PAGE)], tmp_path, **FAST)
    assert [record.outcome for record in summary.records] == ["robots", "saved", "saved"]
    assert "robots.txt" in (summary.records[0].reason or "")
    assert site.asked("/private/report.html") == 0
    assert not summary.complete


def test_robots_txt_that_cannot_be_read_forbids_everything_and_a_missing_one_nothing(tmp_path: Path) -> None:
    # RFC 9309: a robots.txt the server fails to give (5xx) disallows everything; one it does not have
    # (4xx) allows everything.
    with serving(Site(robots_status=503)) as site:
        (record,) = fetch_reports([site.url(R002_PAGE)], tmp_path / "a", **FAST).records
        assert record.outcome == "robots" and "status 503" in (record.reason or "")
        assert (site.asked("/robots.txt"), site.asked(R002_PAGE)) == (2, 0)  # retried once, as a 5xx is
    with serving(Site(robots_status=404)) as site:
        summary = fetch_reports([site.url(R002_PAGE)], tmp_path / "b", **FAST)
        assert [record.outcome for record in summary.records] == ["saved", "saved"]
    # One past its limit (512 KiB) is read to the limit, and honoured.
    long = b"User-agent: *\nDisallow: /private/\n" + b"# padding\n" * 60_000
    with serving(Site(robots=long)) as site:
        (record,) = fetch_reports([site.url("/private/report.html")], tmp_path / "c", **FAST).records
        assert record.outcome == "robots" and "disallows" in (record.reason or "")


def test_one_request_at_a_time_and_the_delay_between_them(site: Site, tmp_path: Path) -> None:
    delay = 0.05
    urls = [site.url(path) for path in (R002_PAGE, "/moved", "/nope", PORTAL_PAGE)]
    fetch_reports(urls, tmp_path, **{**FAST, "delay": delay})
    arrivals = [hit.arrived for hit in site.hits]
    # robots.txt, a page and its PDF, a redirect to the page (its PDF had been fetched), a 404, the
    # portal's page and its PDF: after a redirect or an error as after a file, the delay is kept.
    assert [hit.path for hit in site.hits][3:6] == ["/moved", R002_PAGE, "/nope"]
    assert len(arrivals) == 8
    assert site.most_busy == 1
    # A lower bound only: each request is sent no sooner than the delay after the last one ended.
    assert all(later - earlier >= delay for earlier, later in itertools.pairwise(arrivals))


def test_hosts_wait_their_delay_and_a_crawl_delay_up_to_a_minute() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    hosts = HostSchedule(2.0, lambda: now[0], sleep)
    hosts.wait("a")  # never asked: no wait
    hosts.done("a")
    hosts.wait("b")  # another host: no wait
    hosts.wait("a")
    hosts.slow_down("a", 3600)
    hosts.done("a")
    hosts.wait("a")
    assert slept == [2.0, 60.0]


def test_a_crawl_delay_is_honoured(tmp_path: Path) -> None:
    slept: list[float] = []
    with serving(Site(robots=b"User-agent: disclosure-report\nCrawl-delay: 7\n")) as site:
        client = Client(delay=0, timeout=2, retries=0, backoff=0, allow_loopback=True, sleep=slept.append)
        try:
            client.get(site.url("/shell.html"), limit=10**6)
            client.get(site.url("/shell.html"), limit=10**6)
        finally:
            client.close()
    assert slept and all(6.9 < seconds <= 7 for seconds in slept)


def test_a_retry_after_is_honoured_up_to_two_minutes() -> None:
    from urllib3.response import HTTPResponse

    from disclosure_report._io.fetch.client import MAX_RETRY_AFTER, PoliteRetry

    retry = PoliteRetry(total=3, respect_retry_after_header=True)
    assert retry.get_retry_after(HTTPResponse(headers={"Retry-After": "86400"})) == MAX_RETRY_AFTER == 120
    assert retry.get_retry_after(HTTPResponse(headers={"Retry-After": "3"})) == 3


def test_a_500_that_recovers_is_retried(site: Site, tmp_path: Path) -> None:
    summary = fetch_reports([site.url("/flaky.html")], tmp_path, **{**FAST, "retries": 3})
    assert summary.records[0].outcome == "saved" and site.asked("/flaky.html") == 3
    with serving() as other:
        summary = fetch_reports([other.url("/flaky.html")], tmp_path / "b", **{**FAST, "retries": 1})
        assert (summary.records[0].outcome, summary.records[0].status) == ("http-error", 500)
        assert other.asked("/flaky.html") == 2


def test_what_the_manifest_has_is_not_asked_again_unless_refreshed_then_conditionally(
    site: Site, tmp_path: Path
) -> None:
    fetch_reports([site.url(R002_PAGE)], tmp_path, **FAST)
    again = fetch_reports([site.url(R002_PAGE)], tmp_path, **FAST)
    assert (again.asked, again.skipped) == (0, 2)
    assert (site.asked(R002_PAGE), site.asked(R002_PDF)) == (1, 1)
    refreshed = fetch_reports([site.url(R002_PAGE)], tmp_path, **{**FAST, "refresh": True})
    assert [record.outcome for record in refreshed.records] == ["not-modified", "saved"]
    assert site.hits[-2].headers["If-None-Match"] == '"r002-1"'
    page = refreshed.records[0]
    assert (
        page.file is not None
        and page.sha256 == hashlib.sha256((tmp_path / page.file).read_bytes()).hexdigest()
    )
    assert len(_files(tmp_path)) == 2


def test_an_interrupted_run_resumes_without_duplicates(site: Site, tmp_path: Path) -> None:
    def stop(record: FetchRecord) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fetch_reports([site.url(R002_PAGE), site.url(PORTAL_PAGE)], tmp_path, progress=stop, **FAST)
    assert [record.role for record in read_manifest(tmp_path)] == ["page"]
    summary = fetch_reports([site.url(R002_PAGE), site.url(PORTAL_PAGE)], tmp_path, **FAST)
    assert (summary.skipped, summary.saved) == (1, 3)  # the page saved before; its PDF found in it
    # Stopped between a file and its manifest line: the file is fetched again under the same name.
    lines = (tmp_path / MANIFEST_NAME).read_bytes().splitlines(keepends=True)
    (tmp_path / MANIFEST_NAME).write_bytes(b"".join(lines[:-1]) + lines[-1][:20])  # a line cut short
    again = fetch_reports([site.url(R002_PAGE), site.url(PORTAL_PAGE)], tmp_path, **FAST)
    assert (again.saved, again.skipped) == (1, 3)
    records = list(read_manifest(tmp_path))
    assert len(records) == 4 == len({record.url for record in records})  # the cut line passed over
    assert len(_files(tmp_path)) == 4 == len(latest_records(tmp_path))
    assert site.asked(R002_PAGE) == 1


def test_two_fetches_into_one_folder_at_once_are_refused(site: Site, tmp_path: Path) -> None:
    def second(record: FetchRecord) -> None:
        with pytest.raises(BlockingIOError, match="another fetch"):
            fetch_reports([site.url(PORTAL_PAGE)], tmp_path, **FAST)

    fetch_reports([site.url(R002_PAGE)], tmp_path, progress=second, **FAST)


# --- safety ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("10.1.2.3", "a private address"),
        ("192.168.1.1", "a private address"),
        ("172.16.0.1", "a private address"),
        ("fc00::1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("ff02::1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "a reserved address, not a public one"),
        ("::ffff:10.0.0.1", "a private address"),
        ("64:ff9b::a00:1", "a private address"),
        ("2002:a00:1::", "a private address"),
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
    ],
)
def test_only_public_addresses_are_asked_for(address: str, problem: str | None) -> None:
    assert address_problem(ipaddress.ip_address(address)) == problem


def test_loopback_is_allowed_only_when_asked_for_tests() -> None:
    assert address_problem(ipaddress.ip_address("127.0.0.1"), allow_loopback=True) is None
    assert address_problem(ipaddress.ip_address("10.0.0.1"), allow_loopback=True) == "a private address"
    with pytest.raises(Refused, match=r"localhost \(127\.0\.0\.1\) is a loopback address"):
        checked_addresses("localhost", 80)  # a name, resolved (from /etc/hosts), then checked
    assert checked_addresses("127.0.0.1", 80, allow_loopback=True) == [("127.0.0.1", 80)]


def test_only_http_and_https(site: Site, tmp_path: Path) -> None:
    for address in ("ftp://files.invalid/r.pdf", "file:///etc/passwd", "javascript:alert(1)", "http://"):
        with pytest.raises(Refused):
            check_url(address)
    urls = ["file:///etc/passwd", "ftp://files.invalid/r.pdf", site.url("/to-ftp")]
    summary = fetch_reports(urls, tmp_path, **FAST)
    assert [record.outcome for record in summary.records] == ["refused"] * 3
    assert summary.records[2].final_url == "ftp://files.invalid/report.pdf"


def test_no_request_to_a_private_address_even_by_redirect(site: Site, tmp_path: Path) -> None:
    urls = ["http://10.255.255.1/report.pdf", "http://[::ffff:192.168.0.1]/r.pdf", site.url("/to-private")]
    summary = fetch_reports(urls, tmp_path, **FAST)
    assert [record.outcome for record in summary.records] == ["refused"] * 3
    redirected = summary.records[2]
    assert redirected.final_url == "http://10.255.255.1/report.pdf"
    assert "10.255.255.1 is a private address" in (redirected.reason or "")
    assert site.asked("/to-private") == 1


def test_loopback_is_refused_by_default_before_any_request(site: Site, tmp_path: Path) -> None:
    summary = fetch_reports(
        [site.url(R002_PAGE), f"http://localhost:{site.address.rsplit(':', 1)[1]}/"], tmp_path
    )
    assert [record.outcome for record in summary.records] == ["refused", "refused"]
    assert site.hits == []


def test_a_redirect_loop_ends(site: Site, tmp_path: Path) -> None:
    (record,) = fetch_reports([site.url("/loop")], tmp_path, **FAST).records
    assert record.outcome == "failed" and "more than 10 redirects" in (record.reason or "")
    assert site.asked("/loop") == 11


def test_a_slow_server_times_out_after_its_retries(site: Site, tmp_path: Path) -> None:
    (record,) = fetch_reports([site.url("/slow.pdf")], tmp_path, **{**FAST, "timeout": 0.2}).records
    assert record.outcome == "timeout" and "2 tries" in (record.reason or "")
    assert site.asked("/slow.pdf") == 2


def test_a_server_that_sends_a_byte_now_and_then_cannot_hold_a_file(site: Site, tmp_path: Path) -> None:
    # The headers come at once, then a byte every 50 ms for 5 s: every read gets something in time.
    (record,) = fetch_reports([site.url("/drip.pdf")], tmp_path, **{**FAST, "timeout": 1}).records
    assert record.outcome == "timeout" and "not sent whole" in (record.reason or "")
    assert _files(tmp_path) == []


def test_huge_bodies_are_refused(site: Site, tmp_path: Path) -> None:
    declared, endless = fetch_reports(
        [site.url("/huge.pdf"), site.url("/endless.pdf")], tmp_path, **{**FAST, "max_bytes": 1024 * 1024}
    ).records
    assert declared.outcome == "too-large" and str(10 * 1024**3) in (declared.reason or "")  # unread
    assert endless.outcome == "too-large" and "as sent" in (endless.reason or "")
    assert _files(tmp_path) == []


def test_gzip_and_deflate_bombs_are_refused_within_the_limit(site: Site, tmp_path: Path) -> None:
    urls = [site.url("/bomb.html"), site.url("/deflate-bomb.html"), site.url("/brotli.html")]
    gzipped, deflated, brotli = fetch_reports(urls, tmp_path, **FAST).records  # a page's limit: 20 MB
    for bomb in (gzipped, deflated):
        assert bomb.outcome == "too-large" and "once decompressed" in (bomb.reason or "")
    assert brotli.outcome == "failed" and "content coding" in (brotli.reason or "")
    assert _files(tmp_path) == []


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=3000),
    limit=st.integers(0, 4000),
    coding=st.sampled_from(["gzip", "deflate", "raw-deflate", None]),
    pieces=st.integers(1, 50),
)
def test_a_body_is_decompressed_whole_or_refused_at_its_limit(
    data: bytes, limit: int, coding: str | None, pieces: int
) -> None:
    sent = {
        "gzip": lambda: gzip.compress(data),
        "deflate": lambda: zlib.compress(data),
        "raw-deflate": lambda: zlib.compress(data, wbits=-15),
        None: lambda: data,
    }[coding]()
    inflater = Inflater(None if coding is None else coding.removeprefix("raw-"), limit)
    step = max(1, len(sent) // pieces)
    try:
        out = b"".join(inflater.feed(sent[i : i + step]) for i in range(0, len(sent), step))
        out += inflater.finish()
    except TooLarge:
        assert len(data) > limit
    else:
        assert out == data and len(data) <= limit


def test_a_body_cut_short_is_said() -> None:
    inflater = Inflater("gzip", 1000)
    inflater.feed(gzip.compress(b"x" * 100)[:-12])
    with pytest.raises(ValueError, match="cut short"):
        inflater.finish()
    assert Inflater("gzip", 10).feed(gzip.compress(b"ab") + gzip.compress(b"cd")) == b"abcd"  # two members


def test_odd_names_from_addresses_stay_inside_the_folder(site: Site, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    summary = fetch_reports([site.url(ODD_PAGE)], folder, **FAST)
    assert [record.outcome for record in summary.records] == ["saved"] * 3
    names = [record.file or "" for record in summary.records[1:]]
    assert [urllib.parse.unquote(r.url) for r in summary.records[1:]] == [
        site.url(urllib.parse.unquote(name)) for name in ODD_NAMES
    ]
    host = site.address.removeprefix("http://").replace(":", "_")
    assert names[0].startswith(f"{host}/年报_v2-") and names[0].endswith(".pdf")
    assert names[1].startswith(f"{host}/dl-") and names[1].endswith(".pdf")  # the link text's kind
    assert {path.parent for path in _files(folder)} == {folder / host}
    assert sorted(tmp_path.iterdir()) == [folder]


@settings(max_examples=200, deadline=None)
@given(path=st.text(max_size=300), query=st.text(max_size=20), port=st.none() | st.integers(1, 65535))
def test_every_name_from_an_address_is_one_safe_name_in_one_folder(
    path: str, query: str, port: int | None
) -> None:
    address = f"http://Host.example{'' if port is None else f':{port}'}/{urllib.parse.quote(path)}"
    if query:
        address += "?" + urllib.parse.quote(query)
    name = file_name(address, "application/octet-stream")
    parts = name.split("/")
    assert len(parts) == 2 and all(parts) and not any(part.startswith(".") for part in parts)
    assert parts[0] == "host.example" + ("" if port is None else f"_{port}")
    assert "\\" not in name and "\0" not in name and ".." not in parts
    assert len(parts[1].encode("utf-8")) < 255
    assert file_name(address, "application/octet-stream") == name  # the same in every run


def test_nothing_is_written_through_a_symbolic_link(site: Site, tmp_path: Path) -> None:
    folder, outside = tmp_path / "downloads", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    host = site.address.removeprefix("http://").replace(":", "_")
    (folder / host).symlink_to(outside, target_is_directory=True)
    (record,) = fetch_reports([site.url("/shell.html"), site.url("/gzip.html")], folder, **FAST).records[1:]
    assert record.outcome == "failed" and "not a folder" in (record.reason or "")
    assert list(outside.iterdir()) == []


# --- application shells ---------------------------------------------------------------------------------


def test_an_application_shell_is_said_not_saved(site: Site, tmp_path: Path) -> None:
    (record,) = fetch_reports([site.url("/shell.html")], tmp_path, **FAST).records
    assert (record.outcome, record.file, record.status) == ("app-shell", None, 200)
    assert "loaded by script" in (record.reason or "") and record.sha256 is not None
    assert _files(tmp_path) == []
    # A page of text, or with a table, an image (a report printed as images) or an attachment, is no shell
    # however many scripts it has.
    site.extra["/short.html"] = b"<script></script><table><tr><td>0</td></tr></table>"
    site.extra["/scanned.html"] = b'<script></script><p>2023</p><img src="/u/1.jpg"><img src="/u/2.jpg">'
    short, scanned = fetch_reports(
        [site.url("/short.html"), site.url("/scanned.html")], tmp_path, **FAST
    ).records
    assert (short.outcome, scanned.outcome) == ("saved", "saved")


# --- the command -----------------------------------------------------------------------------------------


def test_the_fetch_command(site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# the county's page\n{site.url(R002_PAGE)}\n\n", encoding="utf-8")
    options = ["--to", str(tmp_path / "out"), "--delay", "0", "--retries", "0", "--allow-loopback"]
    assert main(["fetch", str(urls), *options, "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert [line.split("\t")[0] for line in out.splitlines()] == ["saved", "saved"]
    assert "2 files saved" in err and MANIFEST_NAME in err
    urls.write_text(f"{site.url('/to-private')}\n", encoding="utf-8")
    assert main(["fetch", str(urls), *options]) == 2
    out, err = capsys.readouterr()
    assert out.startswith("refused\t") and "出于安全未抓取" in out and "未能抓取 1 个" in err
    assert main(["fetch", str(tmp_path / "missing.txt"), *options]) == 3
    with pytest.raises(SystemExit) as done:
        main(["fetch", "--help", "--lang", "en"])
    assert done.value.code == 0
    assert "robots.txt" in capsys.readouterr().out


def test_no_other_command_and_no_import_touches_the_http_client() -> None:
    code = (
        "import sys\n"
        "from disclosure_report._cli import main\n"
        "main(['rules']); main(['schema'])\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in ('requests', 'urllib3')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_without_the_extra_the_message_says_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['requests'] = None\n"
        "from disclosure_report import fetch_reports\n"
        "try:\n"
        f"    fetch_reports(['http://a.invalid/'], {str(tmp_path)!r})\n"
        "except ModuleNotFoundError as error:\n"
        "    print(error)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install 'disclosure-report[fetch]'" in out


def test_misuse_is_refused() -> None:
    with pytest.raises(TypeError, match="list of addresses"):
        fetch_reports("http://a.invalid/", "x")
    with pytest.raises(ValueError, match="timeout"):
        fetch_reports([], "x", timeout=0)
    with pytest.raises(ValueError, match="unknown fetch outcome"):
        FetchRecord(url="x", outcome="fine")
    assert NotFetched("failed", "why", "http://a.invalid/").outcome == "failed"


def test_the_environment_s_proxies_are_not_used(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A proxy would connect where no check sees: none is used (this one, on loopback, listens nowhere).
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    summary = fetch_reports([site.url(R002_PAGE)], tmp_path, **FAST)
    assert summary.complete and summary.saved == 2
