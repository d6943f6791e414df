"""``report``: the overview page of a corpus (the main indicators' spread and trends, failing rules)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .._language import Language
from ..exceptions import ReadError
from .exits import Exit
from .messages import failed, in_language, message, one_line, os_said, unwritable
from .options import Help, language_option
from .parsing import Parser


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


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Write the overview page of a corpus."""
    from .._corpus import open_corpus
    from .._io.files import write_file
    from .._overview import render_overview

    source: str = args.source
    html: Path = args.html
    problem = unwritable(html, lang)
    if problem is not None:
        return failed(f"{html}: {problem}", lang)
    try:
        with open_corpus(source) as connection:
            page = render_overview(connection, source=source, lang=lang)
        write_file(html, page)
    except FileNotFoundError as error:  # no corpus there, or the page's folder gone
        said = (
            message(lang, "no-corpus", path=source) if error.filename is None else os_said(html, error, lang)
        )
        return failed(said, lang)
    except ModuleNotFoundError as error:  # no DuckDB: what to install, said as the library says it
        return failed(in_language(str(error), lang), lang)
    except OSError as error:  # the page not written
        return failed(os_said(error.filename or html, error, lang), lang)
    except ReadError as error:  # not a corpus
        return failed(one_line(error, lang), lang)
    print(message(lang, "wrote", path=html))
    return Exit.DONE
