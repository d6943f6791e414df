"""``fetch``: reports downloaded from agencies' websites, each file's origin recorded in a manifest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._io.fetch import DEFAULT_DELAY
from .._io.fetch.manifest import MANIFEST_NAME
from .._io.workers import DEFAULT_TIMEOUT
from .._language import Language
from .exits import Exit, closing
from .messages import failed, in_language, message, os_said, say
from .options import Help, language_option
from .parsing import Parser

if TYPE_CHECKING:
    from .._io.fetch.manifest import FetchRecord


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
    fetch = commands.add_parser(
        "fetch",
        help=h(
            "从机关网站下载报告（网页及其附件），并在清单中记录每个文件的来源",
            "download reports (pages and their attachments) from agencies' websites, recording where each "
            "file came from",
        ),
        description=h(
            "下载每个网址的网页，以及网页链接的、看起来是报告的附件（PDF、Word、WPS、表格、"
            "表格页的图片；链接文字、标题或文件名含“年度报告”“年报”或“附件”）。文件按网站存入"
            f"子文件夹，每个地址在 {MANIFEST_NAME} 中记一行（请求的和最终的地址、时间、状态、"
            "类型、大小、SHA-256、链接它的网页）；export 读取清单，把来源写入每份报告。"
            "礼貌：对同一网站一次一个请求，间隔 --delay 秒；遵守 robots.txt；User-Agent 写明本库；"
            "清单中已有的不再请求（--refresh 时按 ETag/日期有条件地请求）；5xx 和超时按退避重试；"
            "中断后再次运行即继续，不会重复。安全：只请求 http/https；不请求回环、私有、链路本地"
            "或组播地址（重定向和域名解析之后也检查）；每个文件有大小和时间限制（解压后也检查）；"
            "只写入目标文件夹，文件名经过清理，不经过符号链接；内容由脚本加载的空应用外壳页面会被"
            "指出，不作为报告保存。需要 disclosure-report[fetch]。",
            "Downloads the page at each address, and the attachments it links that look like the report "
            "(PDF, Word, WPS, workbooks, images of table pages, whose link text, title or file name says "
            f"年度报告, 年报 or 附件). Files are saved in a folder per site, and each address gets a line in "
            f"{MANIFEST_NAME} (the address asked and answered, time, status, content type, size, SHA-256, "
            "the page that linked it); export reads it and gives each report its origin. Polite: one "
            "request at a time to a site, --delay seconds apart; robots.txt honoured; a User-Agent that "
            "names this library; what the manifest has is not asked again (with --refresh, asked "
            "conditionally by ETag and date); 5xx and timeouts retried with backoff; a run stopped at any "
            "point goes on when run again, without duplicates. Safe: http and https only; no request to a "
            "loopback, private, link-local or multicast address (checked after redirects and name "
            "resolution too); a size and a time limit on each file (decompressed too); files written only "
            "inside the folder, under cleaned names, never through a symbolic link; a page that is an "
            "empty application shell (content loaded by script) is said, not saved as a report. Needs "
            "disclosure-report[fetch].",
        ),
    )
    fetch.add_argument(
        "urls",
        metavar="URLS.txt",
        help=h(
            "网址列表文件，每行一个（空行和 # 开头的行略过）；'-' 为标准输入",
            "a file of web addresses, one per line (blank lines and lines starting with # passed over); "
            "'-' reads standard input",
        ),
    )
    fetch.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="DIR",
        help=h(
            f"保存到的文件夹（每个网站一个子文件夹；清单为其中的 {MANIFEST_NAME}）",
            f"the folder to save into (a subfolder per site; the manifest is its {MANIFEST_NAME})",
        ),
    )
    fetch.add_argument(
        "--delay",
        type=float,
        default=DEFAULT_DELAY,
        metavar="SECONDS",
        help=h(
            f"对同一网站两次请求之间的秒数（默认 {DEFAULT_DELAY:g}；robots.txt 的 Crawl-delay "
            "更长时从之，最多 60）",
            f"seconds between two requests to one site (default {DEFAULT_DELAY:g}; a longer Crawl-delay "
            "of its robots.txt wins, up to 60)",
        ),
    )
    fetch.add_argument(
        "--refresh",
        action="store_true",
        help=h(
            "清单中已有的地址也再请求（有条件地：未更改的不重新下载）",
            "ask again for what the manifest has (conditionally: what has not changed is not sent again)",
        ),
    )
    fetch.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=h(
            f"每次尝试等待连接和答复的秒数，整个文件也须在此时间内收完（默认 {DEFAULT_TIMEOUT:g}）",
            "seconds one try may wait to connect and for the answer; the whole file must arrive within it "
            f"too (default {DEFAULT_TIMEOUT:g})",
        ),
    )
    fetch.add_argument(
        "--max-mb",
        type=int,
        metavar="MB",
        help=h(
            "每个文件的大小上限（MB；默认按格式取读取器的上限：网页 20，PDF 50）",
            "the size limit of each file (MB; default: its format's reader's, 20 for a page, 50 for a PDF)",
        ),
    )
    fetch.add_argument(
        "--retries",
        type=int,
        default=3,
        metavar="N",
        help=h("5xx 和超时后的重试次数（默认 3）", "tries after the first on 5xx and timeouts (default 3)"),
    )
    fetch.add_argument(
        "--contact",
        metavar="EMAIL_OR_URL",
        help=h(
            "网站管理者可联系的邮箱或网页，写入 User-Agent",
            "whom site owners may contact, added to the User-Agent",
        ),
    )
    fetch.add_argument("--allow-loopback", action="store_true", help=argparse.SUPPRESS)  # tests only
    language_option(fetch, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Download the reports of the addresses given."""
    import attrs

    from .._io.fetch.fetcher import fetch_reports
    from .._io.fetch.manifest import FETCH_OUTCOMES_ZH

    if (
        args.delay < 0
        or args.timeout <= 0
        or args.retries < 0
        or (args.max_mb is not None and args.max_mb < 1)
    ):
        parser.misuse(message(lang, "fetch-options"))
    try:
        if args.urls == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = Path(args.urls).read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        return failed(os_said(args.urls, error, lang), lang)
    except UnicodeDecodeError as error:
        return failed(f"{args.urls}: {in_language(f'not UTF-8 text ({error.reason})', lang)}", lang)

    def show(record: FetchRecord) -> None:
        if record.file is not None and record.outcome != "app-shell":
            detail = record.file
        else:
            detail = record.reason or ""
            if lang == "zh":
                detail = f"{FETCH_OUTCOMES_ZH[record.outcome]}：{detail}"
        print(f"{record.outcome}\t{record.url}\t{detail}", flush=True)

    try:
        summary = fetch_reports(
            lines,
            args.target,
            delay=args.delay,
            refresh=args.refresh,
            timeout=args.timeout,
            max_bytes=None if args.max_mb is None else args.max_mb * 1024 * 1024,
            retries=args.retries,
            contact=args.contact,
            allow_loopback=args.allow_loopback,
            progress=show,
        )
    except ModuleNotFoundError as error:
        return failed(in_language(str(error), lang), lang)
    except OSError as error:  # the folder or its manifest: no permission, another fetch writing it
        return failed(os_said(args.target, error, lang), lang)
    except KeyboardInterrupt:
        say(f"{message(lang, 'fetch-stopped')}; {closing(Exit.INTERRUPTED, lang)}")
        return Exit.INTERRUPTED
    counts = attrs.asdict(summary, filter=lambda field, _: field.name != "records")
    status = Exit.DONE if summary.complete else Exit.PART_DONE
    say(f"{message(lang, 'fetched', **counts)}; {closing(status, lang)}")
    return status
