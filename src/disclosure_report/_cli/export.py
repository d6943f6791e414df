"""``export``: reports written into a corpus, a DuckDB file or a folder of Parquet files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .._language import Language
from ..exceptions import ClusterError, ReadError
from .exits import Exit, closing
from .messages import decisions_said, failed, in_language, message, one_line, os_said, say, unreadable_said
from .options import Help, batch_paths, jobs_option, language_option, limit_options, limits, links_option
from .parsing import Parser


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
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
    jobs_option(export, h)
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
    export.add_argument(
        "--decisions",
        type=Path,
        metavar="FILE",
        help=h(
            "审核意见文件（TOML）：成为语料库的审核意见，适用于其中所有问题（reviewed_findings 视图标明排除、"
            "确认或数字已变）；不给则保留语料库已有的",
            "reviewers' decisions (a TOML file): they become the corpus's, and mark every finding in it "
            "(the reviewed_findings view: dismissed, confirmed, or outdated); without it the corpus keeps "
            "those it has",
        ),
    )
    limit_options(export, h)
    links_option(export, h)
    language_option(export, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Export the reports given into the corpus."""
    import attrs

    from .._corpus import corpus_format, export_corpus
    from .progress import Progress

    limited = limits(parser, args, lang)
    paths = batch_paths(parser, args, lang)
    chosen = args.format or corpus_format(args.target)
    if args.dask is not None and chosen == "duckdb":
        parser.misuse(message(lang, "dask-duckdb"))
    target: str = args.target
    reviews = None
    if args.decisions is not None:  # said before any file is read
        from .._validation.decisions import Decisions

        try:
            reviews = Decisions.read(args.decisions)
        except (ValueError, OSError) as error:
            return failed(decisions_said(args.decisions, error, lang), lang)
    progress = Progress.on_terminal(paths)

    def step(said: str | None) -> None:
        if said is None:
            if progress is not None:
                progress.step()
        elif progress is not None:
            progress.say(unreadable_said(said, lang))
        else:
            say(unreadable_said(said, lang))

    try:
        summary = export_corpus(
            paths,
            target,
            format=args.format or ("parquet" if args.dask else None),  # --dask with duckdb: refused above
            jobs=args.jobs,
            timeout=limited.timeout,
            memory=limited.memory,
            progress=step,
            dask=args.dask,
            decisions=reviews,
        )
    except (ModuleNotFoundError, ClusterError) as error:
        return failed(in_language(str(error), lang), lang)
    except OSError as error:  # writing the corpus: a full disk, a folder gone, no permission
        return failed(os_said(error.filename or target, error, lang), lang)
    except ReadError as error:  # the target is no corpus
        return failed(one_line(error, lang), lang)
    finally:
        if progress is not None:
            progress.done()
    status = Exit.PART_DONE if summary.unreadable else Exit.DONE
    ending = "；" if lang == "zh" else "; "
    say(f"{message(lang, 'exported', target=target, **attrs.asdict(summary))}{ending}{closing(status, lang)}")
    return status
