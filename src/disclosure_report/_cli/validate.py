"""``validate``: check reports against every rule of the form, alone, in a batch or as series.

Each input is read and checked in a worker process with the time and memory limits (see
:mod:`.checking`); what is written of them is :mod:`.results`' to say.
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._language import Language
from ..examples import SEED_TEXT_FILE
from .messages import decisions_said, failed, message, one_line, say, unwritable
from .options import (
    DEFAULT_LIMITS,
    EXAMPLE,
    Help,
    Limits,
    batch_paths,
    jobs_option,
    language_option,
    limit_options,
    limits,
    links_option,
)
from .parsing import Parser

if TYPE_CHECKING:
    from .._io.workers import WarmUp
    from .checking import Checked


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
    check = commands.add_parser(
        "validate", help=h("按格式的每条规则校验报告", "check reports against every rule of the form")
    )
    check.add_argument(
        "paths",
        nargs="*",
        metavar="FILE_OR_DIR",
        help=h(
            "报告（JSON、每行一份的 JSON（.jsonl）、文本、Markdown、HTML、DOCX、XLSX、PDF）"
            "或包含报告的文件夹（递归查找）；"
            f"{EXAMPLE}（或不给）为内置的示例报告",
            "reports (JSON, JSON lines, text, Markdown, HTML, DOCX, XLSX, PDF) or directories of them, "
            f"searched recursively; {EXAMPLE} (or nothing) is the bundled example report",
        ),
    )
    check.add_argument(
        "--format",
        choices=["text", "jsonl", "csv", "json"],
        default="text",
        help=h(
            "输出格式：text 供人阅读；jsonl 每个输入一行 JSON，csv 每个问题一行（没有问题的报告和无法读取的"
            "输入也各占一行）；json 是 jsonl 的旧名，已不推荐使用",
            "output format: text for people; jsonl a JSON line per input, csv a row per finding (a report "
            "without findings, and an input that could not be read, a row each); json is jsonl's old name, "
            "deprecated",
        ),
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
    jobs_option(check, h)
    limit_options(check, h)
    links_option(check, h)
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
    language_option(check, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Check the reports given (the bundled example when none is)."""
    limited = limits(parser, args, lang)
    paths = batch_paths(parser, args, lang)
    if args.format == "json":  # JSON lines under the name of a single document: said, and kept for now
        say(message(lang, "json-deprecated"))
        args.format = "jsonl"
    if not paths and args.format == "text":
        # The main job, on the bundled example, said to be one.
        print(message(lang, "example", text=SEED_TEXT_FILE))
    return check_reports(
        paths or [EXAMPLE],
        args.format,
        strict=args.strict,
        previous=args.previous,
        jobs=args.jobs,
        html=args.html,
        series=args.series,
        summary=args.summary,
        limits=limited,
        agency=args.agency,
        year=args.year,
        lang=lang,
        decisions=args.decisions,
        compare_texts=args.compare_texts,
    )


def run_example(lang: Language) -> int:
    """``python -m disclosure_report`` with no command: the bundled example checked, said to be one."""
    print(message(lang, "example", text=SEED_TEXT_FILE))
    return check_reports([EXAMPLE], "text", strict=False, previous=None, limits=Limits(), lang=lang)


def check_reports(
    paths: Sequence[str],
    output: str,
    *,
    strict: bool,
    previous: Path | None,
    jobs: int | None = None,
    html: Path | None = None,
    series: bool = False,
    summary: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    agency: str | None = None,
    year: int | None = None,
    lang: Language = "zh",
    decisions: Path | None = None,
    compare_texts: bool = False,
) -> int:
    """Check each report and write what was found; the exit status."""
    from .._io.batch import JSON_LINES, batch_formats, input_files, units
    from .._io.workers import available_jobs, prepare_workers
    from .._validation import Decisions
    from ..exceptions import ReadError
    from .checking import Options, checked, with_copied_text
    from .inputs import load
    from .progress import Progress
    from .results import write_results
    from .series import check_series

    reviews = None
    if decisions is not None:
        try:
            reviews = Decisions.read(decisions)
        except (ValueError, OSError) as error:  # said before any report is checked
            return failed(decisions_said(decisions, error, lang), lang)
    if html is not None:
        problem = unwritable(html, lang)
        if problem is not None:  # said before any report is checked, not after all of them
            return failed(f"{html}: {problem}", lang)
    last_year = None
    if previous is not None:
        try:
            last_year = load(str(previous), limits).report
        except ReadError as error:
            return failed(one_line(error, lang), lang)
    workers = jobs if jobs is not None else available_jobs()
    batch = len(paths) > 1 or any(Path(p).is_dir() or p.endswith(JSON_LINES) for p in paths)
    warm: WarmUp | None = None  # a file's reads alone
    if batch:  # a batch's workers start warm for the formats its files are of, listed once here
        listed = list(input_files(paths))
        warm = functools.partial(prepare_workers, batch_formats(listed))
        paths = listed or paths  # read as given (as --follow-links's are); none found, the folders said
    if series:
        return check_series(
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
            warm=warm,
        )
    keep = html is not None or compare_texts
    options = Options(output, strict, last_year, keep, limits, agency, year, lang, reviews)
    progress = Progress.on_terminal(paths)
    found: Iterable[Checked] = checked(units(paths), options, workers, warm)
    if compare_texts:  # every report is read first: each is compared with the others
        found = with_copied_text(list(found), options)
    return write_results(found, output, html, progress, summary=summary, lang=lang, keyed=reviews is not None)
