"""The command-line reference page of the documentation, generated from the parser so that it cannot drift.

``docs/conf.py`` writes it to ``docs/generated/cli.md`` at every build: each command's ``--help``, and the
exit statuses from :data:`.exits.MEANINGS`.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator

from .._language import Language
from .exits import MEANINGS, Exit

WIDTH = "100"
"""The width the help is wrapped to on the page (the terminal's otherwise)."""


def _commands(built: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    for action in built._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def cli_markdown(lang: Language = "en") -> str:
    """The reference page: the exit statuses, then the program's and each command's ``--help``."""
    from . import parser

    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = WIDTH  # argparse wraps to the terminal's width: the page has one of its own
    try:
        built = parser(lang)
        helps = [("disclosure-report", built.format_help())]
        helps += [(f"disclosure-report {name}", command.format_help()) for name, command in _commands(built)]
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before
    lines = [
        "# Command-line reference",
        "",
        "Generated from the command line's parser (`disclosure-report --help`, and each command's). "
        "Every message is said in the language of `--lang` (`zh` or `en`; by default the locale's, else "
        "Chinese); machine outputs (`--format csv`, `--format jsonl`, `rules --format json`, `schema`) "
        "carry stable codes and both languages whatever the language asked for.",
        "",
        "## Exit status",
        "",
        "Every command exits with the same scheme. When more than one applies, the highest is the status "
        "(a batch with invalid reports and an unreadable file exits 2). Batch commands (`validate`, "
        "`export`, `fetch`) end with a line of counts that names the status; the others say it when it is "
        "not 0.",
        "",
        "| status | meaning | 意义 |",
        "|---|---|---|",
        *(f"| {int(status)} | {MEANINGS[status][1]} | {MEANINGS[status][0]} |" for status in Exit),
        "",
        "An internal error (a bug in this library) exits 3 too, after a message that says it is one.",
        "",
        "`validate --format json` is the old name of `--format jsonl` (a JSON line per input, not one JSON "
        "document): it still works, and says on standard error that it is deprecated.",
        "",
    ]
    for title, text in helps:
        lines += [f"## `{title}`", "", "```text", text.rstrip(), "```", ""]
    return "\n".join(lines)
