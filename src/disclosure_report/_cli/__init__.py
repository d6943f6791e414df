"""The ``disclosure-report`` command: a module per command around a module of shared options.

Each command's module defines its options (``define``) and runs it (``run``); :mod:`.options` holds the
options several share, :mod:`.messages` what the command says in each language. The parser imports only
what the options need: each command's work (readers, validation, writers, the corpus) is imported when
that command runs, so that ``--help`` and a single file's check start as fast as the library's import
allows (``tests/test_cli.py`` checks what ``--help`` imports).

Every command exits with the same scheme of statuses (see :mod:`.exits`): 0 done, 1 findings of the
severity asked about, 2 done in part (some input unreadable), 3 nothing done (misuse, or an input, target
or corpus that cannot be used).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from types import ModuleType

from .. import _version
from .._language import Language, default_language, is_language
from . import convert, copy, decide, export, fetch, report, rules, schema, template, validate
from .exits import Exit, epilog
from .messages import failed, message
from .options import language_asked, language_option
from .parsing import Parser, parser_class

__all__ = ["main", "main_entry"]

COMMANDS: dict[str, ModuleType] = {
    "validate": validate,
    "decide": decide,
    "report": report,
    "convert": convert,
    "export": export,
    "copy": copy,
    "fetch": fetch,
    "template": template,
    "schema": schema,
    "rules": rules,
}
"""Each command's module, in the order ``--help`` lists them."""


def parser(lang: Language) -> Parser:
    """The command line's parser, its help in ``lang``."""

    def h(zh: str, en: str) -> str:  # a help text in the language asked for
        return zh if lang == "zh" else en

    built = parser_class(lang)(
        prog="disclosure-report",
        description=h(
            "校验政府信息公开工作年度报告。",
            "Validate annual reports on government information disclosure (政府信息公开工作年度报告).",
        ),
        epilog=epilog(lang),
    )
    built.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {_version.__version__}",
        help=h("显示版本号并退出", "show the version and exit"),
    )
    built.add_argument(
        "--debug",
        action="store_true",
        help=h("出现内部错误时显示回溯", "show tracebacks of unexpected errors"),
    )
    language_option(built, h, top=True)
    commands = built.add_subparsers(
        dest="command", metavar=h("命令", "COMMAND"), parser_class=parser_class(lang)
    )
    for command in COMMANDS.values():
        command.define(commands, h)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    built = parser(language_asked(arguments))
    args = built.parse_args(arguments)
    lang: Language = args.lang if is_language(args.lang) else default_language()
    try:
        if args.command is None:
            return validate.run_example(lang)
        status: int = COMMANDS[args.command].run(built, args, lang)
        return status
    except BrokenPipeError:  # pragma: no cover - output piped into head and the like
        return Exit.DONE
    except Exception as error:  # a bug: what input and files can cause is reported where it happens
        if args.debug:
            raise
        return failed(message(lang, "internal", error=f"{type(error).__name__}: {error}"), lang)


def main_entry() -> None:
    """The console script's entry point (and ``python -m disclosure_report``'s): run, then end the process."""
    try:
        sys.exit(main())
    finally:
        # The process ends here. What it made (modules, patterns, the report) is frozen, out of the sight
        # of the interpreter's last collections, which would walk all of it once more: 20 ms of a single
        # file's check. atexit's functions still run and objects are still freed as the modules are
        # cleared; what only a reference cycle holds is left to the process's end (every file the
        # commands write is closed before it).
        gc.freeze()
