"""``decide``: record a reviewer's decision about a finding (dismiss or confirm) in a decisions file."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any, Literal

from .._language import Language
from .exits import Exit
from .messages import decisions_said, failed, message, say
from .options import Help, language_option
from .parsing import Parser


def define(commands: Any, h: Help) -> None:
    """The command and its options."""
    decide = commands.add_parser(
        "decide",
        help=h(
            "在审核意见文件中记录对一个问题的决定（排除或确认）",
            "record a decision about a finding (dismiss or confirm) in a decisions file",
        ),
    )
    decide.add_argument(
        "key", metavar="KEY", help=h("问题的键（validate --decisions 输出的 key 列）", "the finding's key")
    )
    decide.add_argument(
        "--figure",
        required=True,
        help=h(
            "问题的数字（输出的 figure 列，如 ∅→∅）", "the finding's figure (the figure column, e.g. ∅→∅)"
        ),
    )
    choice = decide.add_mutually_exclusive_group(required=True)
    choice.add_argument("--dismiss", action="store_true", help=h("排除（误报）", "dismiss (a false alarm)"))
    choice.add_argument("--confirm", action="store_true", help=h("确认（属实）", "confirm (right)"))
    decide.add_argument("--by", required=True, metavar="NAME", help=h("审核人", "who decides"))
    decide.add_argument("--reason", default="", help=h("理由", "why"))
    decide.add_argument(
        "--decisions", required=True, type=Path, metavar="FILE", help=h("审核意见文件", "the decisions file")
    )
    language_option(decide, h)


def run(parser: Parser, args: argparse.Namespace, lang: Language) -> int:
    """Record a reviewer's decision about a finding in the decisions file (created if need be)."""
    from .._validation import Decision, Decisions

    path: Path = args.decisions
    kind: Literal["dismiss", "confirm"] = "dismiss" if args.dismiss else "confirm"
    try:
        decisions = Decisions.read(path)
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        decision = Decision(
            key=args.key, figure=args.figure, decision=kind, by=args.by, at=now, reason=args.reason
        )
        decisions.add(decision).write(path)
    except (ValueError, OSError) as error:
        return failed(decisions_said(path, error, lang), lang)
    say(message(lang, "decided", path=path, decision=kind, finding=args.key))
    return Exit.DONE
