"""The parser, in the language asked for: its help, its usage line and its complaints.

argparse says ``usage:``, ``options:`` and its complaints in English; here each parser says them in
``lang``, and misuse exits with status 3 (nothing done), the closing line saying so.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
import textwrap
import unicodedata
from collections.abc import Iterable
from typing import Any, Final, NoReturn

from .._language import Language
from .exits import Exit, closing

METAVARS_ZH: Final[dict[str, str]] = {
    "FILE": "文件",
    "FILE_OR_DIR": "文件或文件夹",
    "DIR": "文件夹",
    "SECONDS": "秒数",
    "MB": "兆字节数",
    "N": "个数",
    "NAME": "名称",
    "YEAR": "年度",
    "KEY": "键",
    "DB": "数据库文件",
    "CORPUS": "语料库",
    "SCHEDULER": "调度器地址",
    "IN": "输入文件",
    "OUT": "输出文件",
    "URLS.txt": "网址列表文件",
    "EMAIL_OR_URL": "邮箱或网址",
    "AGENCY": "机关名称",
    "FIGURE": "数字",
    "REASON": "理由",
    "FORMAT": "格式",
}
"""The placeholders of ``--help`` (``FILE``, ``SECONDS``...) in Chinese."""


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with the usage line in the parser's language and each paragraph wrapped alone.

    A description is one paragraph, wrapped to the width; an epilog (the exit statuses) keeps its lines.
    """

    lang: Language = "en"

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = "用法：" if self.lang == "zh" else "usage: "
        super().add_usage(usage, actions, groups, prefix)

    def _metavar_formatter(self, action: argparse.Action, default_metavar: str) -> Any:
        if self.lang == "zh" and isinstance(action.metavar, str):
            said = METAVARS_ZH.get(action.metavar, action.metavar)
            return lambda size: (said,) * size
        return super()._metavar_formatter(action, default_metavar)

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        default = super()._get_default_metavar_for_optional(action)
        return METAVARS_ZH.get(default, default) if self.lang == "zh" else default

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        default = super()._get_default_metavar_for_positional(action)
        return METAVARS_ZH.get(default, default) if self.lang == "zh" else default

    def format_help(self) -> str:
        text = super().format_help()
        if self.lang != "zh":
            return text
        # argparse ends a section's title with an ASCII colon: Chinese has its own.
        return re.sub(r"^(\S[^\n:]*):$", r"\1：", text, flags=re.MULTILINE)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        if self.lang != "zh":
            return text
        # argparse pads an option to the help's column by its length: a Chinese placeholder is wider.
        invocation = self._format_action_invocation(action)
        extra = sum(unicodedata.east_asian_width(char) in "WF" for char in invocation)
        padded = re.compile(rf"(\s*{re.escape(invocation)})( {{2,}})")
        first, newline, rest = text.partition("\n")
        match = padded.match(first)
        if extra and match is not None:
            spaces = max(2, len(match[2]) - extra)
            first = match[1] + " " * spaces + first[match.end() :]
        return first + newline + rest

    def _split_lines(self, text: str, width: int) -> list[str]:
        if self.lang != "zh":
            return super()._split_lines(text, width)
        return wrap_wide(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            body = line.lstrip(" ")
            hanging = indent + " " * (len(line) - len(body))
            if self.lang == "zh":
                wrapped = wrap_wide(body, max(width - len(hanging) - 2, 20))
                lines += [hanging + (" " * 2 if number else "") + part for number, part in enumerate(wrapped)]
            else:
                lines.append(
                    textwrap.fill(body, width, initial_indent=hanging, subsequent_indent=hanging + "  ")
                )
        return "\n".join(lines)


_TOKENS: Final = re.compile(r"[!-~]+|\s+|[^\s!-~]")
"""A run of printable ASCII (a word, an option, a number), a run of spaces, or any other character."""
_NO_LINE_START: Final = frozenset("，。；：、）」》！？")
"""Chinese punctuation a line does not start with: it stays at the end of the line before."""


def wrap_wide(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns, a Chinese character taking two.

    Lines break between Chinese characters and at spaces, never inside a word (a word longer than the
    width has a line of its own); a punctuation mark that does not fit stays at the end of its line, one
    column pair past the width. The work is one pass over the text.
    """
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKENS.findall(text):
        if token.isspace():
            if used:
                line, used = line + " ", used + 1
            continue
        wide = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in token)
        kept = token in _NO_LINE_START and used + wide <= width + 2  # a mark ends the line it follows
        if used and used + wide > width and not kept:
            lines.append(line.rstrip())
            line, used = "", 0
        line, used = line + token, used + wide
    if line.strip():
        lines.append(line.rstrip())
    return lines


class Parser(argparse.ArgumentParser):
    """A parser that speaks :attr:`lang`: help, usage, section titles and complaints; misuse exits 3.

    Make one with :func:`parser_class`, whose subclass for a language its subparsers are of too.
    """

    lang: Language = "en"

    def __init__(self, *args: Any, **options: Any) -> None:
        options["add_help"] = False  # its own, in its language
        options.setdefault("formatter_class", _formatter(self.lang))
        super().__init__(*args, **options)
        zh = self.lang == "zh"
        self._positionals.title = "位置参数" if zh else "positional arguments"
        self._optionals.title = "选项" if zh else "options"
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help="显示此帮助并退出" if zh else "show this help and exit",
        )

    def error(self, message: str) -> NoReturn:
        """Argparse's complaint (in English), said in the parser's language; exit status 3."""
        self.misuse(_argparse_words(message) if self.lang == "zh" else message)

    def misuse(self, message: str) -> NoReturn:
        """Say what is wrong with the command line (already in the parser's language); exit status 3."""
        self.print_usage(sys.stderr)
        said = "错误" if self.lang == "zh" else "error"
        print(f"{self.prog}: {said}: {message}", file=sys.stderr)
        command_line = self.prog.split(" ")[0]  # the closing line is the program's, as every command's is
        print(f"{command_line}: {closing(Exit.NOTHING_DONE, self.lang)}", file=sys.stderr)
        sys.exit(Exit.NOTHING_DONE)


@functools.cache
def parser_class(lang: Language) -> type[Parser]:
    """The parser (and subparser) class that speaks ``lang``."""
    return type(f"Parser_{lang}", (Parser,), {"lang": lang})


@functools.cache
def _formatter(lang: Language) -> type[HelpFormatter]:
    return type(f"HelpFormatter_{lang}", (HelpFormatter,), {"lang": lang})


_TYPES: Final = {"int": "整数", "float": "数", "Path": "路径"}

_ARGPARSE: Final = tuple(
    (re.compile(pattern, re.DOTALL), text)
    for pattern, text in (
        (r"the following arguments are required: (?P<names>.+)", "缺少以下参数：{names}"),
        (r"unrecognized arguments: (?P<names>.+)", "无法识别的参数：{names}"),
        (r"one of the arguments (?P<names>.+) is required", "参数 {names} 中必须给出一个"),
        (
            r"ambiguous option: (?P<option>\S+) could match (?P<names>.+)",
            "有歧义的选项：{option} 可以是 {names}",
        ),
        (r"argument (?P<name>[^:]+): (?P<inner>.+)", "参数 {name}：{inner}"),
        (
            r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
            "无效的选择：{value}（可选：{choices}）",
        ),
        (r"invalid (?P<type>\w+) value: (?P<value>.+)", "无效的值：{value}（应为{type}）"),
        (r"expected one argument", "需要一个值"),
        (r"expected at least one argument", "至少需要一个值"),
        (r"expected at most one argument", "至多给一个值"),
        (r"not allowed with argument (?P<name>.+)", "不能与参数 {name} 同时使用"),
        (r"ignored explicit argument (?P<value>.+)", "多余的值：{value}"),
    )
)
"""argparse's complaints (Python 3.11 to 3.13), each with its Chinese wording."""


def _argparse_words(message: str) -> str:
    """Argparse's complaint in Chinese; one it words in a way not known here is said without its words."""
    for pattern, template in _ARGPARSE:
        match = pattern.fullmatch(message)
        if match is None:
            continue
        values = match.groupdict()
        if "inner" in values:
            values["inner"] = _argparse_words(values["inner"])
        if "type" in values:
            values["type"] = _TYPES.get(values["type"], "其他类型")
        return template.format(**values)
    return "命令行参数有误（见 --help）"
