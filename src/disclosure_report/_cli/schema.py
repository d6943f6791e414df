"""``schema``: the JSON Schema of report documents."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .._language import Language
from .exits import Exit
from .options import Help, language_option
from .parsing import Parser


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
    schema = commands.add_parser(
        "schema", help=h("输出报告 JSON 文档的 JSON Schema", "print the JSON Schema of report documents")
    )
    language_option(schema, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Print the schema."""
    from .._io.schema import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return Exit.DONE
