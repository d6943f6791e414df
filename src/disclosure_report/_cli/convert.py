"""``convert``: a report (any readable format, PDF too) written as JSON, text, HTML, DOCX or XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._io.formats import by_name, formats
from .._language import Language
from ..exceptions import ReadError
from .exits import Exit
from .messages import failed, message, one_line, unwritable
from .options import Help, language_option, limit_options, limits
from .parsing import Parser


def writers() -> dict[str, str]:
    """The output format of a file to write, by its extension (the formats with a writer, see ``formats``)."""
    return {extension: row.name for row in formats() for extension in row.output_extensions}


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
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
        choices=list(dict.fromkeys(writers().values())),
        help=h("输出格式（默认按输出文件的扩展名）", "output format (default: from OUT's extension)"),
    )
    limit_options(convert, h)
    language_option(convert, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Read a report and write it in another format."""
    from .._io.files import write_file
    from .inputs import load

    limited = limits(parser, args, lang)
    source: str = args.source
    target: str = args.target
    chosen: str | None = args.to
    output = chosen or writers().get(Path(target).suffix.lower())
    if output is None:
        choices = ", ".join(sorted(set(writers().values())))
        return failed(message(lang, "no-format", target=target, choices=choices), lang)
    problem = None if target == "-" else unwritable(Path(target), lang)
    if problem is not None:
        return failed(f"{target}: {problem}", lang)
    try:
        report = load(source, limited).report
    except ReadError as error:
        return failed(one_line(error, lang), lang)
    data = by_name(output).write(report)  # the format's writer, imported now
    if target == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return Exit.DONE
    try:
        write_file(target, data)  # whole or not at all: an existing file is never left cut short
    except OSError as error:
        return failed(f"{target}: {error.strerror or error}", lang)
    return Exit.DONE
