"""``template``: a blank fill-in form (.xlsx)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .._form import TemplateVersion
from .._language import Language
from .._model import FIRST_YEAR, LAST_YEAR
from .exits import Exit
from .messages import failed, message, os_said
from .options import Help, language_option
from .parsing import Parser


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
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
    language_option(template, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Write a blank form."""
    from .._io.write.xlsx import write_template

    output: Path = args.output
    year: int | None = args.year
    agency: str = args.agency
    version = TemplateVersion(args.version)
    try:
        write_template(output, agency=agency, year=year, version=version)
    except ValueError:  # an implausible year
        return failed(message(lang, "template-year", year=year, first=FIRST_YEAR, last=LAST_YEAR), lang)
    except OSError as error:
        return failed(os_said(output, error, lang), lang)
    print(message(lang, "wrote", path=output))
    return Exit.DONE
