"""The options several commands share: language, limits of a worker, links, workers, output files.

Each is defined once here and added to the commands that take it, with its help in the language asked
for (``h(zh, en)``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Final

import attrs

from .._io.workers import DEFAULT_MEMORY, DEFAULT_TIMEOUT
from .._language import LANGUAGES, Language, default_language, is_language
from .messages import message
from .parsing import Parser

Help = Callable[[str, str], str]
"""A help text in the language asked for: ``h(zh, en)``."""

EXAMPLE: Final = "example:seed"
"""The name that stands for the bundled example report."""


def language_option(command: argparse.ArgumentParser, h: Help, *, top: bool = False) -> None:
    """``--lang``, accepted before and after the command; the value given after it wins."""
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None if top else argparse.SUPPRESS,
        help=h(
            "输出语言：zh 中文，en 英文（默认按系统语言环境，否则中文）",
            "the language of messages and pages: zh or en (default: from the locale, else Chinese)",
        ),
    )


def language_asked(argv: Sequence[str]) -> Language:
    """The language named on the command line, for the help text (the parser is not built yet).

    The last ``--lang`` wins, as it does for the parser; so do the abbreviations it accepts (``--la en``).
    """
    asked: Language | None = None
    for number, argument in enumerate(argv):
        option, equals, value = argument.partition("=")
        if len(option) < 3 or not "--lang".startswith(option):
            continue
        if not equals:
            value = argv[number + 1] if number + 1 < len(argv) else ""
        if is_language(value):
            asked = value
    return asked if asked is not None else default_language()


def links_option(command: argparse.ArgumentParser, h: Help) -> None:
    """``--follow-links``: whether symbolic links inside the folders given are followed."""
    command.add_argument(
        "--follow-links",
        action="store_true",
        help=h(
            "跟随文件夹中的符号链接（默认不跟随，与 find 相同；命令行上给出的链接总是跟随）",
            "follow symbolic links inside the folders given (by default none is followed, as find does; "
            "a link named on the command line is)",
        ),
    )


def limit_options(command: argparse.ArgumentParser, h: Help) -> None:
    """``--timeout`` and ``--memory``: what reading one file may cost in its worker process."""
    command.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=h(
            f"读取一个文件可用的时间，超过即报告为无法读取（默认 {DEFAULT_TIMEOUT:g} 秒；"
            "扫描件逐页识别时逐页延长）",
            "the time reading one file may take before it is reported unreadable "
            f"(default {DEFAULT_TIMEOUT:g}; a scan read by OCR gets more, page by page)",
        ),
    )
    megabytes = DEFAULT_MEMORY // (1024 * 1024)
    command.add_argument(
        "--memory",
        type=int,
        default=megabytes,
        metavar="MB",
        help=h(
            f"读取一个文件可用的内存（MB），超过即报告为无法读取（默认 {megabytes}；0 为不限）",
            "the memory reading one file may use before it is reported unreadable "
            f"(default {megabytes}; 0 for no limit)",
        ),
    )


def jobs_option(command: argparse.ArgumentParser, h: Help) -> None:
    """``--jobs``: how many worker processes read at once."""
    command.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help=h("工作进程数（默认每个 CPU 核一个）", "worker processes (default: one per CPU core)"),
    )


@attrs.frozen
class Limits:
    """What reading one file may cost in a worker process."""

    timeout: float = DEFAULT_TIMEOUT
    memory: int | None = DEFAULT_MEMORY


DEFAULT_LIMITS: Final = Limits()
"""The limits when none are given."""


def limits(parser: Parser, args: argparse.Namespace, lang: Language) -> Limits:
    """The limits given by ``--timeout`` and ``--memory`` (misuse said by the parser, exit status 3)."""
    if args.timeout <= 0:
        parser.misuse(message(lang, "timeout"))
    if args.memory < 0:
        parser.misuse(message(lang, "memory"))
    return Limits(args.timeout, args.memory * 1024 * 1024 if args.memory else None)


def batch_paths(parser: Parser, args: argparse.Namespace, lang: Language) -> list[str]:
    """The inputs of a batch command (``--jobs`` checked): with ``--follow-links``, the folders' files."""
    if args.jobs is not None and args.jobs < 1:
        parser.misuse(message(lang, "jobs"))
    if not args.follow_links:
        return list(args.paths)
    from .._io.batch import input_files

    # The folders' files, links followed, named as if given: what follows reads them as given.
    return list(input_files(args.paths, follow_links=True)) or list(args.paths)
