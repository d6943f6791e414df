"""``copy``: a Parquet corpus (such as a cluster writes) copied into a new DuckDB file."""

from __future__ import annotations

import argparse
from typing import Any

from .._language import Language
from ..exceptions import ReadError
from .exits import Exit
from .messages import failed, in_language, message, one_line, say
from .options import Help, language_option
from .parsing import Parser


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
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
    language_option(copy, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Copy a Parquet corpus into a new DuckDB file."""
    from .._corpus import copy_corpus, open_corpus

    source: str = args.source
    target: str = args.target
    try:
        copy_corpus(source, target)
        with open_corpus(target) as connection:
            (reports,) = connection.execute("SELECT count(*) FROM reports").fetchone() or (0,)
    except (ModuleNotFoundError, OSError) as error:
        return failed(in_language(str(error), lang), lang)
    except ReadError as error:
        return failed(one_line(error, lang), lang)
    say(message(lang, "copied", target=target, reports=reports))
    return Exit.DONE
