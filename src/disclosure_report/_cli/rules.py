"""``rules``: the rule catalogue."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from .._language import Language
from .exits import Exit
from .options import Help, language_option
from .parsing import Parser


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
    rules = commands.add_parser("rules", help=h("输出规则目录", "print the rule catalogue"))
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    language_option(rules, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Print the catalogue."""
    print_rules(args.format, sys.stdout)
    return Exit.DONE


def print_rules(output: str, out: TextIO) -> None:
    """The catalogue as text, JSON or Markdown."""
    from .._reference_pages import rules_markdown
    from .._rules import RULES

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
