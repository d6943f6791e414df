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
    print_rules(args.format, sys.stdout, lang)
    return Exit.DONE


def print_rules(output: str, out: TextIO, lang: Language = "en") -> None:
    """The catalogue as text (its titles in ``lang``), JSON (both languages) or Markdown (the docs' page)."""
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
    width = 6 if lang == "zh" else 8  # a Chinese severity's two characters are each as wide as two letters
    for r in RULES.values():
        title = r.title_zh if lang == "zh" else r.title_en
        out.write(f"{r.code:<26} {r.severity.label(lang):<{width}} {r.basis.value:<10} {title}\n")
