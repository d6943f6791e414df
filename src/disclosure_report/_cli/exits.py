"""The exit status of every command: one scheme, said in the closing line.

=====  ======================================================================================
0      done: every input read, nothing found of the severity asked about
1      done, and a report has findings of that severity (errors; warnings too with --strict)
2      done in part: some input could not be read (or an output not written), the rest was done
3      nothing done: the command was misused, or what it needs cannot be used (its one input,
       its target, the corpus), or an internal error stopped it
130    stopped by Ctrl-C (``fetch``: what it saved is kept, and the next run goes on from there)
=====  ======================================================================================

When more than one applies, the highest is the status (a batch with invalid reports and an
unreadable file exits 2). Batch commands (``validate``, ``export``, ``fetch``) end with a line of
counts that names the status; the others say it when it is not 0.
"""

from __future__ import annotations

import enum
from typing import Final

from .._language import Language


class Exit(enum.IntEnum):
    """The exit statuses of the command line."""

    DONE = 0
    FINDINGS = 1
    PART_DONE = 2
    NOTHING_DONE = 3
    INTERRUPTED = 130


MEANINGS: Final[dict[Exit, tuple[str, str]]] = {
    Exit.DONE: ("全部完成", "all done"),
    Exit.FINDINGS: (
        "已完成，有报告存在所要求级别的问题（错误；加 --strict 时警告也算）",
        "done, and some report has findings of the severity asked about (errors; warnings too with --strict)",
    ),
    Exit.PART_DONE: (
        "部分完成：有输入无法读取（或有输出无法写入），其余已完成",
        "done in part: some input could not be read (or an output not written), the rest was done",
    ),
    Exit.NOTHING_DONE: (
        "未做任何事：命令用法有误，或所需的输入、目标或语料库无法使用",
        "nothing done: the command was misused, or what it needs (its input, its target, the corpus) "
        "cannot be used",
    ),
    Exit.INTERRUPTED: (
        "已中断（Ctrl-C）：已完成的部分保留",
        "stopped by Ctrl-C: what was done is kept",
    ),
}
"""What each status means, in Chinese and in English: the closing line, ``--help`` and the docs say it.

An internal error (a bug) exits 3 too; its own message says it is one, not the closing line, so that a
run's words mention an internal error only when there was one."""


def meaning(status: int, lang: Language) -> str:
    """What the exit status means, in ``lang``."""
    zh, en = MEANINGS[Exit(status)]
    return zh if lang == "zh" else en


def closing(status: int, lang: Language) -> str:
    """The words that end a run: the exit status and what it means (``exit status 2: done in part…``)."""
    if lang == "zh":
        return f"退出状态 {int(status)}：{meaning(status, lang)}"
    return f"exit status {int(status)}: {meaning(status, lang)}"


def epilog(lang: Language) -> str:
    """The list of exit statuses, for the end of ``--help``."""
    heading = "退出状态：" if lang == "zh" else "exit status:"
    return "\n".join([heading, *(f"  {int(status):<4} {meaning(status, lang)}" for status in Exit)])
