"""``report``: the overview page of a corpus (the main indicators' spread and trends, failing rules)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .._language import Language
from ..exceptions import ReadError
from .exits import EXIT_UNREADABLE, EXIT_VALID
from .messages import message, one_line, say, unwritable
from .options import Help, language_option


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
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
    language_option(overview, h)


def run(parser: argparse.ArgumentParser, args: argparse.Namespace, lang: Language) -> int:
    """Write the overview page of a corpus."""
    from .._corpus import open_corpus
    from .._io.files import write_file
    from .._overview import render_overview

    source: str = args.source
    html: Path = args.html
    problem = unwritable(html, lang)
    if problem is not None:
        say(f"{html}: {problem}")
        return EXIT_UNREADABLE
    try:
        with open_corpus(source) as connection:
            page = render_overview(connection, source=source, lang=lang)
        write_file(html, page)
    except (ModuleNotFoundError, OSError) as error:  # no corpus there, no DuckDB, the page not written
        say(str(error))
        return EXIT_UNREADABLE
    except ReadError as error:  # not a corpus
        say(one_line(error, lang))
        return EXIT_UNREADABLE
    print(message(lang, "wrote", path=html))
    return EXIT_VALID
