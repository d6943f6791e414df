"""The ``disclosure-report`` command.

Exit status: 0 when every report is valid, 1 when any report has errors (or warnings with ``--strict``),
2 when an input could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import functools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, Literal, TextIO

import attrs

from . import _version
from ._corpus import copy_corpus, corpus_format, export_corpus, open_corpus
from ._form import TemplateVersion
from ._indicators import IndicatorRow, indicators
from ._io.batch import JSON_LINES, Unit, input_files, prepare_workers, units
from ._io.cells import guard_row
from ._io.fetch.fetcher import DEFAULT_DELAY, fetch_reports
from ._io.fetch.manifest import FETCH_OUTCOMES_ZH, MANIFEST_NAME, FetchRecord
from ._io.files import write_file
from ._io.json import from_json, render_json
from ._io.read import read_report
from ._io.read.assemble import ReadResult
from ._io.read.isolation import (
    DEFAULT_MEMORY,
    DEFAULT_TIMEOUT,
    Failed,
    available_jobs,
    run_grouped,
    run_many,
)
from ._io.schema import json_schema
from ._io.write.batch_page import BatchPage
from ._io.write.docx import render_docx
from ._io.write.html import render_html
from ._io.write.text import render_text
from ._io.write.xlsx import render_xlsx, write_template
from ._language import LANGUAGES, Language, default_language, is_language, said
from ._model import AnnualReport
from ._overview import overview_charts, render_overview
from ._reference_pages import rules_markdown
from ._rules import RULES
from ._similarity import find_copied_text
from ._validation import (
    FLAT_COLUMNS,
    Decision,
    Decisions,
    Finding,
    Validation,
    apply_decisions,
    finding_figure,
    finding_from_row,
    finding_key,
)
from .examples import SEED_TEXT_FILE, seed_report
from .exceptions import PROBLEM_CODES_ZH, ClusterError, ReadError

__all__ = ["main"]

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
EXAMPLE = "example:seed"

_Help = Callable[[str, str], str]

_MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "internal": (
        "内部错误：{error}（加 --debug 重新运行可看到回溯）",
        "internal error: {error} (rerun with --debug)",
    ),
    "wrote": ("已写入 {path}", "wrote {path}"),
    "no-format": (
        "{target}：无法从扩展名判断输出格式；请用 --to（{choices}）",
        "{target}: cannot tell the output format from the extension; use --to ({choices})",
    ),
    "is-directory": ("是文件夹", "is a directory"),
    "no-directory": ("没有这个文件夹：{folder}", "no such directory: {folder}"),
    "cannot-write-in": ("无法在 {folder} 中写入：没有权限", "cannot write in {folder}: permission denied"),
    "permission": ("没有权限", "permission denied"),
    "unreadable": (
        "{source}：无法读取（{what}）：{place}：{message}{more}",
        "{source}: {place}: {message}{more}",
    ),
    "more": ("（另有 {count} 个问题）", " (and {count} more problems)"),
    "not-read": ("{name}：未能读取（{what}）：{reason}", "{name}: not read: {reason}"),
    "bug": (
        "{name}：无法校验（这是本库的缺陷，请报告）：{error}",
        "{name}: could not be checked (a bug, please report it): {error}",
    ),
    "heading": (
        "{name}：{agency} {year}年（{version}年版格式）：{verdict}，错误 {errors} 个，警告 {warnings} 个，"
        "提示 {infos} 个",
        "{name}: {agency} {year} ({version} template): {verdict}, {errors} error(s), "
        "{warnings} warning(s), {infos} info",
    ),
    "exported": (
        "{target}：共 {inputs} 份输入：新增报告 {added} 份，重复 {duplicates} 份，无法读取 {unreadable} 份，"
        "已在库中 {skipped} 份",
        "{target}: {inputs} inputs: {added} reports added, {duplicates} duplicate(s), {unreadable} "
        "unreadable, {skipped} already there",
    ),
    "copied": ("{target}：已写入 {reports} 份报告", "{target}: {reports} reports written"),
    "fetched": (
        "{folder}：请求了 {asked} 个地址：保存文件 {saved} 个，未更改 {not_modified} 个，"
        "清单中已有 {skipped} 个，应用外壳页面 {shells} 个，未能抓取 {not_fetched} 个；清单：{manifest}",
        "{folder}: {asked} addresses asked: {saved} files saved, {not_modified} unchanged, {skipped} already "
        "there, {shells} application shell(s), {not_fetched} not fetched; manifest: {manifest}",
    ),
    "fetch-stopped": (
        "已中断；已保存的文件都记录在清单中，再次运行同一命令即从中断处继续",
        "stopped; every file saved is in the manifest: run the same command again to go on from here",
    ),
    "fetch-options": (
        "--delay、--retries 为 0 或更大，--timeout 大于 0，--max-mb 至少为 1",
        "--delay and --retries must be 0 or more, --timeout more than 0, --max-mb at least 1",
    ),
    "dask-duckdb": (
        "--dask 把语料库写成 Parquet 文件夹，不能写 DuckDB 文件；之后可用 disclosure-report copy "
        "把文件夹转成一个 DuckDB 文件",
        "--dask writes a Parquet folder, not a DuckDB file; make one from the folder afterwards with "
        "disclosure-report copy",
    ),
    "decided": ("{path}：已记录（{decision}）：{finding}", "{path}: recorded ({decision}): {finding}"),
    "decisions": ("{path}：{error}", "{path}: {error}"),
    "valid": ("通过", "valid"),
    "invalid": ("未通过", "INVALID"),
    "jobs": ("--jobs 至少为 1", "--jobs must be at least 1"),
    "timeout": ("--timeout 必须大于 0 秒", "--timeout must be more than 0 seconds"),
    "memory": ("--memory 为 0（不限）或正的兆字节数", "--memory must be 0 (no limit) or more megabytes"),
    "series-no-year": (
        "未能确定报告年度，无法放入逐年比对（可用 --year 指定）",
        "the reporting year is unknown: the report has no place in a series (give it with --year)",
    ),
    "series-ambiguous": (
        "{agency} {year} 年有多份报告（{files}），不与相邻年度比对",
        "{agency} has more than one report for {year} ({files}): none is compared with the years beside it",
    ),
    "example": (
        "没有给出报告文件，校验内置的示例：某应急管理中心 2023 年政府信息公开工作年度报告（2021 年版格式，"
        "发布的原文随本库附带：disclosure_report/{text}）。\n"
        "校验自己的报告：disclosure-report validate 文件或文件夹（JSON、文本、HTML、DOCX、XLSX、PDF）；"
        "生成空白填报模板：disclosure-report template -o 模板.xlsx；更多用法：disclosure-report --help\n",
        "No report given: checking the bundled example, the 2023 annual report on government information "
        "disclosure of an emergency-management center (2021 template; its published text comes with the "
        "library: disclosure_report/{text}).\n"
        "To check your own: disclosure-report validate FILE_OR_DIR (JSON, text, HTML, DOCX, XLSX, PDF); "
        "a blank form to fill in: disclosure-report template -o form.xlsx; more: disclosure-report --help\n",
    ),
}
"""What the command says, in Chinese and in English (``str.format`` fields)."""


def _message(lang: Language, key: str, **values: object) -> str:
    if key not in _MESSAGES:
        return said(lang, key, **values)  # the words the batch page says too
    zh, en = _MESSAGES[key]
    return (zh if lang == "zh" else en).format(**values)


def _parser(lang: Language) -> argparse.ArgumentParser:
    def h(zh: str, en: str) -> str:  # a help text in the language asked for
        return zh if lang == "zh" else en

    parser = argparse.ArgumentParser(
        prog="disclosure-report",
        description=h(
            "校验政府信息公开工作年度报告。",
            "Validate annual reports on government information disclosure (政府信息公开工作年度报告).",
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version.__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=h("出现内部错误时显示回溯", "show tracebacks of unexpected errors"),
    )
    _language_option(parser, h, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "validate", help=h("按格式的每条规则校验报告", "check reports against every rule of the form")
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="FILE_OR_DIR",
        help=h(
            "报告（JSON、JSON lines、文本、Markdown、HTML、DOCX、XLSX、PDF）或包含报告的文件夹（递归查找）；"
            f"{EXAMPLE}（或不给）为内置的示例报告",
            "reports (JSON, JSON lines, text, Markdown, HTML, DOCX, XLSX, PDF) or directories of them, "
            f"searched recursively; {EXAMPLE} (or nothing) is the bundled example report",
        ),
    )
    check.add_argument(
        "--format", choices=["text", "json", "csv"], default="text", help=h("输出格式", "output format")
    )
    check.add_argument(
        "--strict", action="store_true", help=h("有警告也以状态 1 退出", "exit 1 on warnings too")
    )
    check.add_argument(
        "--agency",
        metavar="NAME",
        help=h(
            "文件中没有写明机关名称时使用的名称", "the reporting agency, for documents that do not name it"
        ),
    )
    check.add_argument(
        "--year",
        type=int,
        metavar="YEAR",
        help=h(
            "文件中没有写明报告年度时使用的年度", "the reporting year, for documents that do not state it"
        ),
    )
    check.add_argument(
        "--summary",
        action="store_true",
        help=h(
            "每个文件一行（机关、年度、结果、错误数、警告数、首先要改的地方），含无法读取的文件",
            "one line per file (agency, year, status, errors, warnings, the first thing to fix), "
            "unreadable files included, instead of one per finding",
        ),
    )
    check.add_argument(
        "--previous",
        type=Path,
        metavar="FILE",
        help=h("上一年度的报告，用于跨年度规则", "last year's report, for cross-year rules"),
    )
    check.add_argument(
        "--series",
        action="store_true",
        help=h(
            "按机关把报告排成年度序列，每年与上一年比对",
            "treat the reports as series: each agency's years are checked against the year before",
        ),
    )
    check.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=h("工作进程数（默认每个 CPU 核一个）", "worker processes (default: one per CPU core)"),
    )
    _limit_options(check, h)
    _links_option(check, h)
    check.add_argument(
        "--html",
        type=Path,
        metavar="FILE",
        help=h(
            "另写一个独立的 HTML 页面：汇总表（可排序、筛选）和每份未通过报告的详情",
            "also write a self-contained HTML page: a summary table (sortable, filterable) and the "
            "detail of each failing report",
        ),
    )
    check.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE",
        help=h(
            "审核意见文件（TOML）：其中排除的问题不再计入，确认的问题标明；数字变了的问题照常列出并提示复核",
            "reviewers' decisions (a TOML file): the findings it dismisses are left out and listed as "
            "dismissed, those it confirms are marked; a finding whose figure changed is listed again",
        ),
    )
    check.add_argument(
        "--compare-texts",
        action="store_true",
        help=h(
            "比对各报告的文字：与同一机关上一年度的报告、与同年度其他机关的报告雷同的部分（提示）",
            "compare the reports' texts with each other: sections copied from the agency's report of the "
            "year before, or shared with other agencies' reports of the year (info)",
        ),
    )
    _language_option(check, h)
    decide = commands.add_parser(
        "decide",
        help=h(
            "在审核意见文件中记录对一个问题的决定（排除或确认）",
            "record a decision about a finding (dismiss or confirm) in a decisions file",
        ),
    )
    decide.add_argument(
        "key", metavar="KEY", help=h("问题的键（validate --decisions 输出的 key 列）", "the finding's key")
    )
    decide.add_argument(
        "--figure",
        required=True,
        help=h(
            "问题的数字（输出的 figure 列，如 ∅→∅）", "the finding's figure (the figure column, e.g. ∅→∅)"
        ),
    )
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--dismiss", action="store_true", help=h("排除（误报）", "dismiss (a false alarm)"))
    choice.add_argument("--confirm", action="store_true", help=h("确认（属实）", "confirm (right)"))
    decide.add_argument("--by", required=True, metavar="NAME", help=h("审核人", "who decides"))
    decide.add_argument("--reason", default="", help=h("理由", "why"))
    decide.add_argument(
        "--decisions", required=True, type=Path, metavar="FILE", help=h("审核意见文件", "the decisions file")
    )
    _language_option(decide, h)
    overview = commands.add_parser(
        "report",
        help=h(
            "语料库概览页：主要指标的分布和趋势、未通过的规则（静态 SVG 图表）",
            "an overview page of a corpus: the main indicators' spread and trends, failing rules (static "
            "SVG charts)",
        ),
    )
    overview.add_argument(
        "source", metavar="CORPUS", help=h("语料库（DuckDB 文件或 Parquet 文件夹）", "the corpus")
    )
    overview.add_argument(
        "--html", required=True, type=Path, metavar="FILE", help=h("要写入的 HTML 页面", "the page to write")
    )
    _language_option(overview, h)
    convert = commands.add_parser(
        "convert",
        help=h(
            "把报告（任何可读格式，包括 PDF）转换为 JSON、文本、HTML、DOCX 或 XLSX",
            "convert a report (any readable format, PDF too) to JSON, text, HTML, DOCX or XLSX",
        ),
    )
    convert.add_argument(
        "source",
        metavar="IN",
        help=h("要读取的报告（任何支持的格式）", "the report to read (any supported format)"),
    )
    convert.add_argument(
        "target",
        metavar="OUT",
        help=h("要写入的文件；'-' 写到标准输出", "the file to write; '-' writes to standard output"),
    )
    convert.add_argument(
        "--to",
        choices=["json", "text", "html", "docx", "xlsx"],
        help=h("输出格式（默认按 OUT 的扩展名）", "output format (default: from OUT's extension)"),
    )
    _limit_options(convert, h)
    _language_option(convert, h)
    export = commands.add_parser(
        "export",
        help=h(
            "把一批报告写入语料库：一个 DuckDB 文件，或一个存放 Parquet 文件的文件夹",
            "write reports into a corpus: a DuckDB file, or a folder of Parquet files",
        ),
    )
    export.add_argument(
        "paths",
        nargs="+",
        metavar="FILE_OR_DIR",
        help=h(
            "报告文件或文件夹（任何支持的格式；.jsonl 每行一份）",
            "report files or folders (any supported format; .jsonl a report per line)",
        ),
    )
    export.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="DB",
        help=h(
            "DuckDB 文件（如 corpus.duckdb），或 Parquet 文件夹；已有的内容不重复写入",
            "the DuckDB file (such as corpus.duckdb), or the Parquet folder; what it holds is not "
            "written again",
        ),
    )
    export.add_argument(
        "--format",
        choices=["duckdb", "parquet"],
        help=h(
            "语料库格式（默认：文件夹或没有扩展名的新名称为 Parquet，其他为 DuckDB）",
            "the corpus format (default: a folder, or a new name without extension, is Parquet; "
            "anything else DuckDB)",
        ),
    )
    export.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=h("并行读取的进程数（默认每个 CPU 一个）", "worker processes (default: one per CPU)"),
    )
    export.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help=h(
            "在 Dask 集群上读取：调度器地址（如 tcp://主机:8786），或 local（本机集群）；"
            "需要 disclosure-report[dask]，写入 Parquet 文件夹",
            "read on a Dask cluster: the scheduler's address (such as tcp://host:8786), or local (a "
            "cluster on this machine); needs disclosure-report[dask]; writes a Parquet folder",
        ),
    )
    _limit_options(export, h)
    _links_option(export, h)
    _language_option(export, h)
    copy = commands.add_parser(
        "copy",
        help=h(
            "把 Parquet 语料库（如集群导出的）写成一个新的 DuckDB 文件",
            "copy a Parquet corpus (such as a cluster writes) into a new DuckDB file",
        ),
    )
    copy.add_argument("source", metavar="CORPUS", help=h("Parquet 语料库文件夹", "the Parquet corpus folder"))
    copy.add_argument(
        "--to", dest="target", required=True, metavar="DB", help=h("新的 DuckDB 文件", "the new DuckDB file")
    )
    _language_option(copy, h)
    _fetch_parser(commands, h)
    template = commands.add_parser(
        "template", help=h("生成空白的填报模板（.xlsx）", "write a blank fill-in form (.xlsx)")
    )
    template.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help=h("要写入的 .xlsx 文件", "the .xlsx to write"),
    )
    template.add_argument(
        "--year", type=int, help=h("报告年度（默认上一年）", "the reporting year (default: last year)")
    )
    template.add_argument("--agency", default="", help=h("报告机关", "the reporting agency"))
    template.add_argument(
        "--version",
        choices=[v.value for v in TemplateVersion],
        default="2021",
        help=h("格式版本", "the template version"),
    )
    _language_option(template, h)
    schema = commands.add_parser(
        "schema", help=h("输出报告 JSON 文档的 JSON Schema", "print the JSON Schema of report documents")
    )
    _language_option(schema, h)
    rules = commands.add_parser("rules", help=h("输出规则目录", "print the rule catalogue"))
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    _language_option(rules, h)
    return parser


def _fetch_parser(commands: Any, h: _Help) -> None:
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
    _language_option(fetch, h)


def _language_option(command: argparse.ArgumentParser, h: _Help, *, top: bool = False) -> None:
    # Accepted before and after the command; the value given after it wins.
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None if top else argparse.SUPPRESS,
        help=h(
            "输出语言：zh 中文，en 英文（默认按系统语言环境，否则中文）",
            "the language of messages and pages: zh or en (default: from the locale, else Chinese)",
        ),
    )


def _language_asked(argv: Sequence[str]) -> Language:
    """The language named on the command line, for the help text (the parser is not built yet).

    The last ``--lang`` wins, as it does for the parser; so do the abbreviations it accepts (``--la en``).
    """
    asked: Language | None = None
    for number, argument in enumerate(argv):
        option, equals, value = argument.partition("=")
        if len(option) < 3 or not "--lang".startswith(option):
            continue
        if not equals:
            value = argv[number + 1] if number + 1 < len(argv) else ""
        if is_language(value):
            asked = value
    return asked if asked is not None else default_language()


def _links_option(command: argparse.ArgumentParser, h: _Help) -> None:
    command.add_argument(
        "--follow-links",
        action="store_true",
        help=h(
            "跟随文件夹中的符号链接（默认不跟随，与 find 相同；命令行上给出的链接总是跟随）",
            "follow symbolic links inside the folders given (by default none is followed, as find does; "
            "a link named on the command line is)",
        ),
    )


def _limit_options(command: argparse.ArgumentParser, h: _Help) -> None:
    command.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=h(
            f"读取一个文件可用的时间，超过即报告为无法读取（默认 {DEFAULT_TIMEOUT:g} 秒；"
            "扫描件逐页识别时逐页延长）",
            "the time reading one file may take before it is reported unreadable "
            f"(default {DEFAULT_TIMEOUT:g}; a scan read by OCR gets more, page by page)",
        ),
    )
    megabytes = DEFAULT_MEMORY // (1024 * 1024)
    command.add_argument(
        "--memory",
        type=int,
        default=megabytes,
        metavar="MB",
        help=h(
            f"读取一个文件可用的内存（MB），超过即报告为无法读取（默认 {megabytes}；0 为不限）",
            "the memory reading one file may use before it is reported unreadable "
            f"(default {megabytes}; 0 for no limit)",
        ),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(_language_asked(arguments))
    args = parser.parse_args(arguments)
    lang: Language = args.lang if is_language(args.lang) else default_language()
    try:
        if args.command == "schema":
            print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
            return EXIT_VALID
        if args.command == "rules":
            _print_rules(args.format, sys.stdout)
            return EXIT_VALID
        if args.command == "template":
            version = TemplateVersion(args.version)
            return _template_command(args.output, args.year, args.agency, version, lang)
        if args.command == "fetch":
            return _fetch_command(parser, args, lang)
        limits = (
            _limits(parser, args, lang) if args.command in ("validate", "convert", "export") else _Limits()
        )
        if args.command in ("validate", "export") and args.jobs is not None and args.jobs < 1:
            parser.error(_message(lang, "jobs"))
        if args.command in ("validate", "export") and args.follow_links:
            # The folders' files, links followed, named as if given: what follows reads them as given.
            args.paths = list(input_files(args.paths, follow_links=True)) or args.paths
        if args.command == "export":
            chosen = args.format or corpus_format(args.target)
            if args.dask is not None and chosen == "duckdb":
                parser.error(_message(lang, "dask-duckdb"))
            return _export_command(args, limits, lang)
        if args.command == "copy":
            return _copy_command(args.source, args.target, lang)
        if args.command == "decide":
            return _decide_command(args, lang)
        if args.command == "report":
            return _overview_command(args.source, args.html, lang)
        if args.command == "convert":
            return _convert_command(args.source, args.target, args.to, limits, lang)
        if args.command is None or (args.command == "validate" and not args.paths and args.format == "text"):
            # `python -m disclosure_report`: the main job, on the bundled example, said to be one.
            print(_message(lang, "example", text=SEED_TEXT_FILE))
        if args.command is None:
            return _validate_command([EXAMPLE], "text", strict=False, previous=None, limits=limits, lang=lang)
        return _validate_command(
            args.paths or [EXAMPLE],
            args.format,
            strict=args.strict,
            previous=args.previous,
            jobs=args.jobs,
            html=args.html,
            series=args.series,
            summary=args.summary,
            limits=limits,
            agency=args.agency,
            year=args.year,
            lang=lang,
            decisions=args.decisions,
            compare_texts=args.compare_texts,
        )
    except BrokenPipeError:  # pragma: no cover - output piped into head and the like
        return EXIT_VALID
    except Exception as error:  # a bug: what input and files can cause is reported where it happens
        if args.debug:
            raise
        _say(_message(lang, "internal", error=f"{type(error).__name__}: {error}"))
        return EXIT_UNREADABLE


@attrs.frozen
class _Limits:
    """What reading one file may cost in a worker process."""

    timeout: float = DEFAULT_TIMEOUT
    memory: int | None = DEFAULT_MEMORY


def _limits(parser: argparse.ArgumentParser, args: argparse.Namespace, lang: Language) -> _Limits:
    if args.timeout <= 0:
        parser.error(_message(lang, "timeout"))
    if args.memory < 0:
        parser.error(_message(lang, "memory"))
    return _Limits(args.timeout, args.memory * 1024 * 1024 if args.memory else None)


def _say(message: str) -> None:
    print(f"disclosure-report: {message}", file=sys.stderr)


def _load(name: str, limits: _Limits) -> ReadResult:
    if name == EXAMPLE:
        return ReadResult(seed_report(), (), name)
    return read_report(name, isolated=True, timeout=limits.timeout, memory=limits.memory)


_WRITERS: dict[str, str] = {
    ".json": "json",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
}


def _template_command(
    output: Path, year: int | None, agency: str, version: TemplateVersion, lang: Language
) -> int:
    try:
        write_template(output, agency=agency, year=year, version=version)
    except ValueError as error:  # an implausible year
        _say(f"template: {error}")
        return EXIT_UNREADABLE
    except OSError as error:
        _say(f"{output}: {error.strerror or error}")
        return EXIT_UNREADABLE
    print(_message(lang, "wrote", path=output))
    return EXIT_VALID


def _convert_command(source: str, target: str, chosen: str | None, limits: _Limits, lang: Language) -> int:
    output = chosen or _WRITERS.get(Path(target).suffix.lower())
    if output is None:
        choices = ", ".join(sorted(set(_WRITERS.values())))
        _say(_message(lang, "no-format", target=target, choices=choices))
        return EXIT_UNREADABLE
    problem = None if target == "-" else _unwritable(Path(target), lang)
    if problem is not None:
        _say(f"{target}: {problem}")
        return EXIT_UNREADABLE
    try:
        report = _load(source, limits).report
    except ReadError as error:
        _say(_one_line(error, lang))
        return EXIT_UNREADABLE
    data: bytes | str
    if output == "docx":
        data = render_docx(report)
    elif output == "xlsx":
        data = render_xlsx(report)
    else:
        data = {"json": lambda r: render_json(r) + "\n", "text": render_text, "html": render_html}[output](
            report
        )
    if target == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return EXIT_VALID
    try:
        write_file(target, data)  # whole or not at all: an existing file is never left cut short
    except OSError as error:
        _say(f"{target}: {error.strerror or error}")
        return EXIT_UNREADABLE
    return EXIT_VALID


def _export_command(args: argparse.Namespace, limits: _Limits, lang: Language) -> int:
    target: str = args.target
    progress = _Progress.on_terminal(args.paths)

    def step(message: str | None) -> None:
        if message is None:
            if progress is not None:
                progress.step()
        elif progress is not None:
            progress.say(message)
        else:
            _say(message)

    try:
        summary = export_corpus(
            args.paths,
            target,
            format=args.format or ("parquet" if args.dask else None),  # --dask with duckdb: refused above
            jobs=args.jobs,
            timeout=limits.timeout,
            memory=limits.memory,
            progress=step,
            dask=args.dask,
        )
    except (ModuleNotFoundError, ClusterError) as error:
        _say(str(error))
        return EXIT_UNREADABLE
    except OSError as error:  # writing the corpus: a full disk, a folder gone, no permission
        _say(f"{target}: {error.strerror or error}" if error.filename is None else str(error))
        return EXIT_UNREADABLE
    except ReadError as error:  # the target is no corpus
        _say(_one_line(error, lang))
        return EXIT_UNREADABLE
    finally:
        if progress is not None:
            progress.done()
    _say(_message(lang, "exported", target=target, **attrs.asdict(summary)))
    return EXIT_UNREADABLE if summary.unreadable else EXIT_VALID


def _fetch_command(parser: argparse.ArgumentParser, args: argparse.Namespace, lang: Language) -> int:
    if (
        args.delay < 0
        or args.timeout <= 0
        or args.retries < 0
        or (args.max_mb is not None and args.max_mb < 1)
    ):
        parser.error(_message(lang, "fetch-options"))
    try:
        if args.urls == "-":
            lines = sys.stdin.read().splitlines()
        else:
            lines = Path(args.urls).read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        _say(f"{args.urls}: {error.strerror or error}")
        return EXIT_UNREADABLE
    except UnicodeDecodeError as error:
        _say(f"{args.urls}: not UTF-8 text ({error.reason})")
        return EXIT_UNREADABLE

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
        _say(str(error))
        return EXIT_UNREADABLE
    except OSError as error:  # the folder or its manifest: no permission, another fetch writing it
        _say(f"{args.target}: {error.strerror or error}")
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        _say(_message(lang, "fetch-stopped"))
        return 130
    counts = attrs.asdict(summary, filter=lambda field, _: field.name != "records")
    _say(_message(lang, "fetched", **counts))
    return EXIT_VALID if summary.complete else EXIT_UNREADABLE


def _copy_command(source: str, target: str, lang: Language) -> int:
    try:
        copy_corpus(source, target)
        with open_corpus(target) as connection:
            (reports,) = connection.execute("SELECT count(*) FROM reports").fetchone() or (0,)
    except (ModuleNotFoundError, OSError) as error:
        _say(str(error))
        return EXIT_UNREADABLE
    except ReadError as error:
        _say(_one_line(error, lang))
        return EXIT_UNREADABLE
    _say(_message(lang, "copied", target=target, reports=reports))
    return EXIT_VALID


def _decide_command(args: argparse.Namespace, lang: Language) -> int:
    """Record a reviewer's decision about a finding in the decisions file (created if need be)."""
    path: Path = args.decisions
    kind: Literal["dismiss", "confirm"] = "dismiss" if args.dismiss else "confirm"
    try:
        decisions = Decisions.read(path)
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        decision = Decision(
            key=args.key, figure=args.figure, decision=kind, by=args.by, at=now, reason=args.reason
        )
        decisions.add(decision).write(path)
    except (ValueError, OSError) as error:
        _say(_message(lang, "decisions", path=path, error=error))
        return EXIT_UNREADABLE
    _say(_message(lang, "decided", path=path, decision=kind, finding=args.key))
    return EXIT_VALID


def _overview_command(source: str, html: Path, lang: Language) -> int:
    """Write the overview page of a corpus."""
    problem = _unwritable(html, lang)
    if problem is not None:
        _say(f"{html}: {problem}")
        return EXIT_UNREADABLE
    try:
        with open_corpus(source) as connection:
            page = render_overview(connection, source=source, lang=lang)
        write_file(html, page)
    except (ModuleNotFoundError, OSError) as error:  # no corpus there, no DuckDB, the page not written
        _say(str(error))
        return EXIT_UNREADABLE
    except ReadError as error:  # not a corpus
        _say(_one_line(error, lang))
        return EXIT_UNREADABLE
    print(_message(lang, "wrote", path=html))
    return EXIT_VALID


def _unwritable(path: Path, lang: Language) -> str | None:
    """Why a file cannot be written there, if it plainly cannot (checked before any work is done)."""
    if path.is_dir():
        return _message(lang, "is-directory")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return _message(lang, "no-directory", folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return _message(lang, "cannot-write-in", folder=folder)
    if path.exists() and not os.access(path, os.W_OK):
        return _message(lang, "permission")
    return None


@attrs.frozen
class _Checked:
    """What checking one report gives the parent process (picklable: workers send it back)."""

    name: str
    error: str | None = None
    valid: bool = True
    failed: bool = False
    rows: tuple[dict[str, Any], ...] = ()
    text: str = ""
    report_json: str | None = None
    identity: tuple[str, int | None, str] = ("", None, "")
    """The report's agency, year and template version."""
    reviewed: tuple[dict[str, Any], ...] = ()
    """The findings reviewers' decisions are about, each row with its decision (``--decisions``)."""
    panel: IndicatorRow | None = None
    """The report's indicators, for the page's charts."""

    @classmethod
    def of(
        cls,
        name: str,
        report: AnnualReport,
        validation: Validation,
        failed: bool,
        text: str,
        kept: str | None,
        *,
        keyed: bool = False,
        lang: Language = "zh",
    ) -> _Checked:
        """What checking a report gave; with ``keyed`` (decisions in use), each row has its key and figure."""
        info = report.metadata
        identity = (info.agency, info.year, info.version.value)
        rows = validation.rows()
        reviewed: tuple[dict[str, Any], ...] = ()
        if keyed:
            status = {id(r.finding): r for r in validation.reviewed}
            rows = [
                {**row, **_decision_fields(report, finding, status.get(id(finding)), lang)}
                for row, finding in zip(rows, validation.findings, strict=True)
            ]
            reviewed = tuple(
                {**r.finding.as_row(), **_decision_fields(report, r.finding, r, lang)}
                for r in validation.reviewed
            )
        panel = indicators([report])[0] if kept is not None else None
        return cls(name, None, validation.valid, failed, tuple(rows), text, kept, identity, reviewed, panel)

    def summary(self, lang: Language) -> dict[str, Any]:
        """One row for the file: who reported, whether it passed, its errors and warnings, what to fix.

        What to fix first is the likely cause, else the first error, else the first warning; for a file
        that could not be read, why.
        """
        agency, year, version = self.identity
        status = "unreadable" if self.error is not None else "failed" if self.failed else "passed"
        severities = [row["severity"] for row in self.rows]
        first = (
            next((r for r in self.rows if r["code"] == "likely-cause"), None)
            or next((r for r in self.rows if r["severity"] == "error"), None)
            or next((r for r in self.rows if r["severity"] == "warning"), None)
        )
        return {
            "file": self.name,
            "agency": agency,
            "year": year,
            "version": version,
            "status": status,
            "errors": severities.count("error"),
            "warnings": severities.count("warning"),
            "first": _without_name(self.error, self.name)
            if self.error is not None
            else (first[f"message_{lang}"] if first else ""),
        }


DECISION_COLUMNS: Final = ("key", "figure", "decision", "decided_by", "decided_at", "decision_reason")
"""The columns ``--decisions`` adds to each finding's row: its key and figure, and the decision about it."""


def _decision_fields(report: AnnualReport, finding: Finding, reviewed: Any, lang: Language) -> dict[str, Any]:
    decision: Decision | None = reviewed.decision if reviewed is not None else None
    return {
        "key": finding_key(report, finding),
        "figure": finding_figure(finding),
        "decision": reviewed.status if reviewed is not None else "",
        "decided_by": decision.by if decision else "",
        "decided_at": decision.at.isoformat() if decision else "",
        "decision_reason": decision.reason if decision else "",
        "where": finding.location.describe(lang),
    }


def _without_name(said: str, name: str) -> str:
    """Why a file could not be read, without its name in front (the row names it)."""
    for separator in (": ", "："):
        if said.startswith(name + separator):
            return said[len(name) + len(separator) :]
    return said


@attrs.frozen
class _Options:
    output: str
    strict: bool
    previous: AnnualReport | None
    keep_reports: bool
    limits: _Limits = _Limits()
    agency: str | None = None
    year: int | None = None
    lang: Language = "zh"
    decisions: Decisions | None = None


_LINES_PER_TASK: Final = 256
"""JSON lines checked by one worker process (a file is a task of its own)."""


def _one_line(error: ReadError, lang: Language) -> str:
    """The first problem of an input that could not be read, in one line (what it is, in Chinese too)."""
    first = error.problems[0]
    more = _message(lang, "more", count=len(error.problems) - 1) if len(error.problems) > 1 else ""
    what = PROBLEM_CODES_ZH[first.code]
    return _message(
        lang,
        "unreadable",
        source=error.source,
        what=what,
        place=first.place,
        message=first.message,
        more=more,
    )


def _check(unit: Unit, options: _Options) -> _Checked:
    """What a worker process does for each report: read it, check it (a top-level function)."""
    name = unit.shown
    try:
        result = _load_task(unit, options.agency, options.year)  # already in a worker with limits
        validation = result.validate(previous=options.previous)
        if options.decisions is not None:
            validation = apply_decisions(result.report, validation, options.decisions)
    except ReadError as error:
        return _Checked(name, _one_line(error, options.lang))
    except ValueError as error:  # last year's report is not for the year before
        return _Checked(name, f"{name}: {error}")
    except MemoryError:  # the worker's to judge: read again on its own, or over the memory limit
        raise
    except Exception as error:  # a bug, met on this file: the batch goes on, and says so
        return _Checked(name, _message(options.lang, "bug", name=name, error=_error(error)))
    failed = not validation.valid or (options.strict and bool(validation.warnings))
    text = (
        _render_validation(name, result.report, validation, options.lang) if options.output == "text" else ""
    )
    kept = render_json(result.report, indent=None) if options.keep_reports else None
    keyed = options.decisions is not None
    return _Checked.of(name, result.report, validation, failed, text, kept, keyed=keyed, lang=options.lang)


def _error(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:200]}"


def _tasks(units: Iterable[Unit]) -> Iterator[tuple[Unit, ...]]:
    """The work in tasks of a sensible size: a file alone, JSON lines by the hundred."""
    lines: list[Unit] = []
    for unit in units:
        if unit.line is None and unit.problem is None:
            if lines:
                yield tuple(lines)
                lines = []
            yield (unit,)
            continue
        lines.append(unit)
        if len(lines) == _LINES_PER_TASK:
            yield tuple(lines)
            lines = []
    if lines:
        yield tuple(lines)


def _checked(units: Iterable[Unit], options: _Options, jobs: int) -> Iterator[_Checked]:
    """Each report checked in a worker process with the time and memory limits, in input order.

    The limits apply to each report, a line of a JSON-lines file too: a slow line is reported as such,
    the others of its task checked all the same.
    """
    limits = options.limits
    check = functools.partial(_check, options=options)
    outcomes = run_grouped(
        check, _tasks(units), merge=list, jobs=jobs, timeout=limits.timeout, memory=limits.memory
    )
    for outcome in outcomes:
        if isinstance(outcome, Failed):
            unit = outcome.argument
            yield _Checked(unit.shown, _not_read(unit.shown, outcome, options.lang))
        else:
            yield from outcome


def _not_read(name: str, failed: Failed[Any], lang: Language) -> str:
    """Why a worker gave no result for an input: its limits, or the machine."""
    return _message(lang, "not-read", name=name, what=PROBLEM_CODES_ZH[failed.code], reason=failed.reason)


def _validate_command(
    paths: Sequence[str],
    output: str,
    *,
    strict: bool,
    previous: Path | None,
    jobs: int | None = None,
    html: Path | None = None,
    series: bool = False,
    summary: bool = False,
    limits: _Limits = _Limits(),
    agency: str | None = None,
    year: int | None = None,
    lang: Language = "zh",
    decisions: Path | None = None,
    compare_texts: bool = False,
) -> int:
    reviews = None
    if decisions is not None:
        try:
            reviews = Decisions.read(decisions)
        except (ValueError, OSError) as error:  # said before any report is checked
            _say(_message(lang, "decisions", path=decisions, error=error))
            return EXIT_UNREADABLE
    if html is not None:
        problem = _unwritable(html, lang)
        if problem is not None:  # said before any report is checked, not after all of them
            _say(f"{html}: {problem}")
            return EXIT_UNREADABLE
    last_year = None
    if previous is not None:
        try:
            last_year = _load(str(previous), limits).report
        except ReadError as error:
            _say(_one_line(error, lang))
            return EXIT_UNREADABLE
    workers = jobs if jobs is not None else available_jobs()
    if len(paths) > 1 or any(Path(p).is_dir() or p.endswith(JSON_LINES) for p in paths):
        prepare_workers()  # a batch: each worker forked from here then starts warm
    if series:
        return _series_command(
            paths,
            output,
            strict=strict,
            html=html,
            jobs=workers,
            limits=limits,
            summary=summary,
            agency=agency,
            year=year,
            lang=lang,
            decisions=reviews,
            compare_texts=compare_texts,
        )
    keep = html is not None or compare_texts
    options = _Options(output, strict, last_year, keep, limits, agency, year, lang, reviews)
    progress = _Progress.on_terminal(paths)
    checked: Iterable[_Checked] = _checked(units(paths), options, workers)
    if compare_texts:  # every report is read first: each is compared with the others
        checked = _with_copied_text(list(checked), options)
    return _report(checked, output, html, progress, summary=summary, lang=lang, keyed=reviews is not None)


def _with_copied_text(checked: list[_Checked], options: _Options) -> list[_Checked]:
    """The checked reports, each with the copied-text findings of comparing it with the others."""
    read = [(number, from_json(item.report_json)) for number, item in enumerate(checked) if item.report_json]
    found = find_copied_text([report for _, report in read])
    for (number, report), copied in zip(read, found, strict=True):
        if not copied.findings:
            continue
        item = checked[number]
        if options.decisions is not None:
            copied = apply_decisions(report, copied, options.decisions)
        before = validate_again(report, item.rows)
        both = Validation(before.findings + copied.findings, copied.reviewed)
        text = _render_validation(item.name, report, both, options.lang) if options.output == "text" else ""
        added = _Checked.of(
            item.name, report, copied, False, "", None, keyed=options.decisions is not None, lang=options.lang
        )
        checked[number] = attrs.evolve(
            item, rows=item.rows + added.rows, reviewed=item.reviewed + added.reviewed, text=text or item.text
        )
    return checked


SUMMARY_COLUMNS: Final = ("file", "agency", "year", "version", "status", "errors", "warnings", "first")
"""The columns of ``--summary``: one row per file, whether it passed, failed or could not be read."""
IDENTITY_COLUMNS: Final = ("file", "agency", "year", "version")


def _report(
    checked: Iterable[_Checked],
    output: str,
    html: Path | None,
    progress: _Progress | None,
    *,
    summary: bool = False,
    lang: Language = "zh",
    keyed: bool = False,
) -> int:
    status = EXIT_VALID
    counts = {"reports": 0, "invalid": 0, "unreadable": 0}
    columns = SUMMARY_COLUMNS if summary else (*IDENTITY_COLUMNS, *FLAT_COLUMNS)
    if keyed and not summary:
        columns = (*columns, *DECISION_COLUMNS)
    writer = csv.DictWriter(sys.stdout, columns, extrasaction="ignore") if output == "csv" else None
    if writer is not None:
        writer.writeheader()
    page = BatchPage(lang) if html is not None else None
    panel: list[IndicatorRow] = []
    page_findings: dict[str, set[tuple[str, str]]] = {}
    for item in checked:
        if progress is not None:
            progress.step()
        if page is not None:
            _add_to_page(page, item, lang)
            if item.panel is not None:
                panel.append(item.panel)
                page_findings[item.panel.fingerprint] = {
                    (str(r["code"]), str(r["severity"])) for r in item.rows
                }
        if item.error is not None:
            if progress is not None:
                progress.say(item.error)
            else:
                _say(item.error)
            counts["unreadable"] += 1
            status = EXIT_UNREADABLE
            if summary:
                _summary_line(item, output, writer, lang)
            continue
        counts["reports"] += 1
        if item.failed:
            counts["invalid"] += 1
            status = max(status, EXIT_INVALID)
        if summary:
            _summary_line(item, output, writer, lang)
        elif writer is not None:
            agency, year, version = item.identity
            dismissed = [row for row in item.reviewed if row["decision"] == "dismissed"]
            for row in [*item.rows, *dismissed]:
                # A report's texts in a CSV file never become formulas in a spreadsheet.
                identity = {"file": item.name, "agency": agency, "year": year, "version": version}
                writer.writerow(guard_row({**identity, **row}))
        elif output == "json":
            document: dict[str, Any] = {"file": item.name, "valid": item.valid, "findings": list(item.rows)}
            if keyed:
                document["reviewed"] = list(item.reviewed)
            print(json.dumps(document, ensure_ascii=False))
        else:
            sys.stdout.write(item.text + _reviewed_text(item.reviewed, lang))
    if progress is not None:
        progress.done()
    if page is not None and panel:
        page.add_charts(overview_charts(panel, page_findings, lang=lang))
    if page is not None and html is not None:
        try:
            write_file(html, page.render())
        except OSError as error:
            _say(f"{html}: {error.strerror or error}")
            status = EXIT_UNREADABLE
    # The counts add up to the reports given: each passed, failed, or could not be read.
    line = _message(
        lang,
        "counts",
        total=counts["reports"] + counts["unreadable"],
        passed=counts["reports"] - counts["invalid"],
        failed=counts["invalid"],
        unreadable=counts["unreadable"],
    )
    # The summary always ends the run: on standard output beside the text, on standard error beside
    # machine-readable output.
    print(line, file=sys.stdout if output == "text" and not summary else sys.stderr)
    return status


def _add_to_page(page: BatchPage, item: _Checked, lang: Language) -> None:
    """A file's row on the HTML page, and its detail when it has errors or warnings."""
    worth = item.reviewed or any(r["severity"] in ("error", "warning") for r in item.rows)
    if item.report_json is None or not worth:
        page.add(item.summary(lang))
        return
    report = from_json(item.report_json)
    page.add(item.summary(lang), report, validate_again(report, item.rows), item.reviewed)


_STATUS_WORDS: Final = {
    "dismissed": ("已排除", "dismissed"),
    "confirmed": ("已确认", "confirmed"),
    "outdated": ("需复核（数字已变）", "look again (the figure changed)"),
}


def _reviewed_text(reviewed: Sequence[dict[str, Any]], lang: Language) -> str:
    """The reviewers' decisions about a report's findings, under its findings in the text output."""
    lines = []
    for row in reviewed:
        zh, en = _STATUS_WORDS[row["decision"]]
        reason = f": {row['decision_reason']}" if row["decision_reason"] else ""
        lines.append(f"  {zh if lang == 'zh' else en:<8} {row['code']:<24} {row['where']}")
        lines.append(f"          {row['decided_by']} {row['decided_at']}{reason}  [{row['key']}]")
    return "\n".join(lines) + "\n" if lines else ""


def _summary_line(item: _Checked, output: str, writer: csv.DictWriter[str] | None, lang: Language) -> None:
    row = item.summary(lang)
    if writer is not None:
        writer.writerow(guard_row(row))
    elif output == "json":
        print(json.dumps(row, ensure_ascii=False))
    else:
        year = "" if row["year"] is None else row["year"]
        shown = said(lang, row["status"])
        print(
            f"{shown}\t{row['file']}\t{row['agency']}\t{year}\t{row['errors']}\t{row['warnings']}\t{row['first']}"
        )


def validate_again(report: AnnualReport, rows: Sequence[dict[str, Any]]) -> Validation:
    """The findings of a checked report, rebuilt for the HTML page (workers send rows, not objects)."""
    return Validation(tuple(finding_from_row(row) for row in rows))


def _load_task(unit: Unit, agency: str | None = None, year: int | None = None) -> ReadResult:
    """What a worker process does: read one report, the bundled example too (a top-level function)."""
    if unit.name == EXAMPLE and unit.line is None:
        return ReadResult(seed_report(), (), unit.name)
    return unit.read(agency=agency, year=year)


def _series_command(
    paths: Sequence[str],
    output: str,
    *,
    strict: bool,
    html: Path | None,
    jobs: int,
    limits: _Limits,
    summary: bool = False,
    agency: str | None = None,
    year: int | None = None,
    lang: Language = "zh",
    decisions: Decisions | None = None,
    compare_texts: bool = False,
) -> int:
    """Validate the reports of each agency as a series: every year against the year before."""
    loaded: list[tuple[str, ReadResult]] = []
    failures: list[_Checked] = []
    given = list(units(paths))
    read = functools.partial(_loaded_or_error, agency=agency, year=year, lang=lang)
    outcomes = run_many(read, given, jobs=jobs, timeout=limits.timeout, memory=limits.memory)
    progress = _Progress.on_terminal(paths)  # reading is the slow part: the years are checked at once
    for unit, outcome in zip(given, outcomes, strict=True):
        if progress is not None:
            progress.step()
        if isinstance(outcome, Failed):
            failures.append(_Checked(unit.shown, _not_read(unit.shown, outcome, lang)))
        elif isinstance(outcome, str):
            failures.append(_Checked(unit.shown, outcome))
        else:
            loaded.append((unit.shown, outcome))
    if progress is not None:
        progress.done()
    by_agency: dict[str, list[tuple[str, ReadResult]]] = {}
    checked: list[_Checked] = list(failures)
    years: dict[str, int] = {}
    for name, result in loaded:
        stated = result.report.metadata.year
        if stated is None:  # a report whose year is unknown has no place in a series
            checked.append(_Checked(name, f"{name}: {_message(lang, 'series-no-year')}"))
            continue
        years[name] = stated
        by_agency.setdefault(result.report.metadata.agency, []).append((name, result))
    for agency_name, items in by_agency.items():
        items.sort(key=lambda item: years[item[0]])
        files_by_year: dict[int, list[str]] = {}
        for name, _ in items:
            files_by_year.setdefault(years[name], []).append(name)
        # Two reports of one name for one year (a republished report, or two agencies of the same
        # name): which one the year before or after is compared with cannot be told, so neither is.
        for year_given, names in files_by_year.items():
            if len(names) > 1:
                said = _message(
                    lang, "series-ambiguous", agency=agency_name, year=year_given, files=", ".join(names)
                )
                if output == "text" and not summary:
                    print(said)
                else:
                    _say(said)
        by_year = {
            years[name]: result.report for name, result in items if len(files_by_year[years[name]]) == 1
        }
        for name, result in items:
            try:
                year_of = years[name]
                alone = len(files_by_year[year_of]) == 1
                validation = result.validate(previous=by_year.get(year_of - 1) if alone else None)
                if decisions is not None:
                    validation = apply_decisions(result.report, validation, decisions)
            except ValueError as error:
                checked.append(_Checked(name, f"{name}: {error}"))
                continue
            failed = not validation.valid or (strict and bool(validation.warnings))
            text = _render_validation(name, result.report, validation, lang) if output == "text" else ""
            keep = html is not None or compare_texts
            kept = render_json(result.report, indent=None) if keep else None
            keyed = decisions is not None
            checked.append(
                _Checked.of(name, result.report, validation, failed, text, kept, keyed=keyed, lang=lang)
            )
    if compare_texts:
        options = _Options(output, strict, None, True, limits, agency, year, lang, decisions)
        checked = _with_copied_text(checked, options)
    return _report(checked, output, html, None, summary=summary, lang=lang, keyed=decisions is not None)


def _loaded_or_error(unit: Unit, agency: str | None, year: int | None, lang: Language) -> ReadResult | str:
    """A report read, or the one-line reason it could not be (a top-level function, for workers)."""
    try:
        return _load_task(unit, agency, year)
    except ReadError as error:
        return _one_line(error, lang)
    except MemoryError:  # the worker's to judge: over the memory limit
        raise
    except Exception as error:  # a bug, met on this file: the batch goes on, and says so
        return _message(lang, "bug", name=unit.shown, error=_error(error))


class _Progress:
    """A progress bar on a terminal's standard error: done/total, rate and time left.

    Only on a terminal: piped or redirected output stays free of carriage returns.
    """

    def __init__(self, total: int | None, stream: TextIO) -> None:
        from tqdm import tqdm  # imported when a bar is drawn: the library's import stays light

        # No monitor thread: a process with one thread forks its reading workers (see isolation).
        tqdm.monitor_interval = 0
        self.bar = tqdm(total=total, unit=" report", file=stream, mininterval=0.2, leave=False)

    @classmethod
    def on_terminal(cls, paths: Sequence[str]) -> _Progress | None:
        if not sys.stderr.isatty():
            return None
        return cls(_count(paths), sys.stderr)

    def step(self) -> None:
        self.bar.update(1)

    def say(self, message: str) -> None:
        """A line above the bar, which is drawn again below it."""
        self.bar.write(f"disclosure-report: {message}", file=sys.stderr)

    def done(self) -> None:
        self.bar.close()


def _count(paths: Sequence[str]) -> int:
    """How many reports there are to check, for the progress bar: files, and lines of JSON-lines files.

    Lines are counted in chunks (a file of one huge line is never held whole); blank lines are counted too,
    so the total may be a little high for such files.
    """
    total = 0
    for name in input_files(paths):
        if not name.endswith(JSON_LINES) or not Path(name).is_file():
            total += 1  # a FIFO is never read here: its lines would be gone before they are checked
            continue
        try:
            with open(name, "rb") as stream:
                ending = b"\n"
                while chunk := stream.read(1 << 20):
                    total += chunk.count(b"\n")
                    ending = chunk[-1:]
                total += ending != b"\n"
        except OSError:
            total += 1  # reported as one unreadable unit
    return total


def _render_validation(name: str, report: AnnualReport, validation: Validation, lang: Language) -> str:
    info = report.metadata
    heading = _message(
        lang,
        "heading",
        name=name,
        agency=info.agency,
        year=info.year if info.year is not None else "?",
        version=info.version.value,
        verdict=_message(lang, "valid" if validation.valid else "invalid"),
        errors=len(validation.errors),
        warnings=len(validation.warnings),
        infos=len(validation.infos),
    )
    lines = [heading]
    # The likely cause first: it names the cell to fix that the errors after it are symptoms of.
    ordered = sorted(validation, key=lambda finding: finding.code != "likely-cause")
    # Chinese severities are two characters, each as wide as two letters.
    width = 5 if lang == "zh" else 7
    for finding in ordered:
        severity = finding.severity.label(lang)
        lines.append(f"  {severity:<{width}} {finding.code:<24} {finding.location.describe(lang)}")
        lines.append(f"          {finding.message_for(lang)}")
        lines.extend(f"            {line}" for line in finding.detail_for(lang))
    return "\n".join(lines) + "\n"


def _print_rules(output: str, out: TextIO) -> None:
    if output == "markdown":
        out.write(rules_markdown() + "\n")
        return
    if output == "json":
        rows = [
            {
                "code": r.code,
                "severity": r.severity.value,
                "basis": r.basis.value,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "formula": r.formula,
                "reads": r.reads,
            }
            for r in RULES.values()
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for r in RULES.values():
        out.write(f"{r.code:<26} {r.severity.value:<8} {r.basis.value:<10} {r.title_zh} / {r.title_en}\n")


def main_entry() -> None:
    """The console script's entry point."""
    sys.exit(main())
