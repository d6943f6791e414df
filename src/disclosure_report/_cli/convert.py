"""``convert``: a report (any readable format, PDF too) written as JSON, text, HTML, DOCX or XLSX."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Final

from .._language import Language
from ..exceptions import ReadError
from .exits import Exit
from .messages import failed, message, one_line, unwritable
from .options import Help, language_option, limit_options, limits
from .parsing import Parser

WRITERS: Final[dict[str, str]] = {
    ".json": "json",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
}
"""The output format of a file to write, by its extension."""


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
        choices=["json", "text", "html", "docx", "xlsx"],
        help=h("输出格式（默认按输出文件的扩展名）", "output format (default: from OUT's extension)"),
    )
    limit_options(convert, h)
    language_option(convert, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Read a report and write it in another format."""
    from .._io.files import write_file
    from .._io.json import render_json
    from .._io.write.docx import render_docx
    from .._io.write.html import render_html
    from .._io.write.text import render_text
    from .._io.write.xlsx import render_xlsx
    from .inputs import load

    limited = limits(parser, args, lang)
    source: str = args.source
    target: str = args.target
    chosen: str | None = args.to
    output = chosen or WRITERS.get(Path(target).suffix.lower())
    if output is None:
        choices = ", ".join(sorted(set(WRITERS.values())))
        return failed(message(lang, "no-format", target=target, choices=choices), lang)
    problem = None if target == "-" else unwritable(Path(target), lang)
    if problem is not None:
        return failed(f"{target}: {problem}", lang)
    try:
        report = load(source, limited).report
    except ReadError as error:
        return failed(one_line(error, lang), lang)
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
        return Exit.DONE
    try:
        write_file(target, data)  # whole or not at all: an existing file is never left cut short
    except OSError as error:
        return failed(f"{target}: {error.strerror or error}", lang)
    return Exit.DONE
