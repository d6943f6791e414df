"""What the command says: its messages in Chinese and in English, on standard error or output.

Each command reads its words from :data:`MESSAGES` (or, for the words the batch page says too, from
:func:`~disclosure_report._language.said`): one source for each, in both languages.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Final

from .._language import Language, said
from ..exceptions import PROBLEM_CODES_ZH, ReadError, in_chinese, place_for
from .exits import Exit, closing

MESSAGES: Final[dict[str, tuple[str, str]]] = {
    "internal": (
        "内部错误：{error}（加 --debug 重新运行可看到回溯）",
        "internal error: {error} (rerun with --debug)",
    ),
    "wrote": ("已写入 {path}", "wrote {path}"),
    "no-format": (
        "{target}：无法从扩展名判断输出格式；请用 --to（{choices}）",
        "{target}: cannot tell the output format from the extension; use --to ({choices})",
    ),
    "is-directory": ("是文件夹", "is a directory"),
    "no-directory": ("没有这个文件夹：{folder}", "no such directory: {folder}"),
    "cannot-write-in": ("无法在 {folder} 中写入：没有权限", "cannot write in {folder}: permission denied"),
    "permission": ("没有权限", "permission denied"),
    "unreadable": (
        "{source}：无法读取（{what}）：{place}：{message}{more}",
        "{source}: {place}: {message}{more}",
    ),
    "json-deprecated": (
        "--format json 输出的是每个输入一行 JSON（不是单个 JSON 文档），这个名称已不推荐使用："
        "请改用 --format jsonl",
        "--format json writes JSON Lines (a line per input) and is deprecated: use --format jsonl",
    ),
    "unreadable-kind": ("{source}：无法读取（{what}）：{place}{more}", "{source}: {place}{more}"),
    "export-unreadable": (
        "{source}：无法读取：{place}：{message}{more}",
        "{source}: {place}: {message}{more}",
    ),
    "no-corpus": ("{path}：这里没有语料库", "{path}: no corpus there"),
    "template-year": (
        "--year {year} 不是报告年度（应为 {first} 至 {last}）",
        "--year {year} is not a reporting year (from {first} to {last})",
    ),
    "more": ("（另有 {count} 个问题）", " (and {count} more problems)"),
    "not-read": ("未能读取（{what}）：{reason}", "not read: {reason}"),
    "bug": (
        "无法校验（这是本库的缺陷，请报告）：{error}",
        "could not be checked (a bug, please report it): {error}",
    ),
    "not-after": (
        "作为上一年度报告给出的（--previous）是 {previous} 年的报告，而本报告是 {year} 年的：不是它的上一年",
        "the report given as last year's (--previous) is for {previous}, but this report is for {year}: "
        "not the year before",
    ),
    "heading": (
        "{name}：{agency} {year}年（{version}年版格式）：{verdict}，错误 {errors} 个，警告 {warnings} 个，"
        "提示 {infos} 个",
        "{name}: {agency} {year} ({version} template): {verdict}, {errors} error(s), "
        "{warnings} warning(s), {infos} info",
    ),
    "exported": (
        "{target}：共 {inputs} 份输入：新增报告 {added} 份，重复 {duplicates} 份，无法读取 {unreadable} 份，"
        "已在库中 {skipped} 份",
        "{target}: {inputs} inputs: {added} reports added, {duplicates} duplicate(s), {unreadable} "
        "unreadable, {skipped} already there",
    ),
    "copied": ("{target}：已写入 {reports} 份报告", "{target}: {reports} reports written"),
    "fetched": (
        "{folder}：请求了 {asked} 个地址：保存文件 {saved} 个，未更改 {not_modified} 个，"
        "清单中已有 {skipped} 个，应用外壳页面 {shells} 个，未能抓取 {not_fetched} 个；清单：{manifest}",
        "{folder}: {asked} addresses asked: {saved} files saved, {not_modified} unchanged, {skipped} already "
        "there, {shells} application shell(s), {not_fetched} not fetched; manifest: {manifest}",
    ),
    "fetch-stopped": (
        "已中断；已保存的文件都记录在清单中，再次运行同一命令即从中断处继续",
        "stopped; every file saved is in the manifest: run the same command again to go on from here",
    ),
    "fetch-options": (
        "--delay、--retries 为 0 或更大，--timeout 大于 0，--max-mb 至少为 1",
        "--delay and --retries must be 0 or more, --timeout more than 0, --max-mb at least 1",
    ),
    "dask-duckdb": (
        "--dask 把语料库写成 Parquet 文件夹，不能写 DuckDB 文件；之后可用 disclosure-report copy "
        "把文件夹转成一个 DuckDB 文件",
        "--dask writes a Parquet folder, not a DuckDB file; make one from the folder afterwards with "
        "disclosure-report copy",
    ),
    "decided": ("{path}：已记录（{decision}）：{finding}", "{path}: recorded ({decision}): {finding}"),
    "decisions": ("{path}：{error}", "{path}: {error}"),
    "valid": ("通过", "valid"),
    "invalid": ("未通过", "INVALID"),
    "jobs": ("--jobs 至少为 1", "--jobs must be at least 1"),
    "timeout": ("--timeout 必须大于 0 秒", "--timeout must be more than 0 seconds"),
    "memory": ("--memory 为 0（不限）或正的兆字节数", "--memory must be 0 (no limit) or more megabytes"),
    "series-no-year": (
        "未能确定报告年度，无法放入逐年比对（可用 --year 指定）",
        "the reporting year is unknown: the report has no place in a series (give it with --year)",
    ),
    "series-ambiguous": (
        "{agency} {year} 年有多份报告（{files}），不与相邻年度比对",
        "{agency} has more than one report for {year} ({files}): none is compared with the years beside it",
    ),
    "example": (
        "没有给出报告文件，校验内置的示例：某应急管理中心 2023 年政府信息公开工作年度报告（2021 年版格式，"
        "发布的原文随本库附带：disclosure_report/{text}）。\n"
        "校验自己的报告：disclosure-report validate 文件或文件夹（JSON、文本、HTML、DOCX、XLSX、PDF）；"
        "生成空白填报模板：disclosure-report template -o 模板.xlsx；更多用法：disclosure-report --help\n",
        "No report given: checking the bundled example, the 2023 annual report on government information "
        "disclosure of an emergency-management center (2021 template; its published text comes with the "
        "library: disclosure_report/{text}).\n"
        "To check your own: disclosure-report validate FILE_OR_DIR (JSON, text, HTML, DOCX, XLSX, PDF); "
        "a blank form to fill in: disclosure-report template -o form.xlsx; more: disclosure-report --help\n",
    ),
}
"""What the command says, in Chinese and in English (``str.format`` fields)."""


def message(lang: Language, key: str, **values: object) -> str:
    """One of :data:`MESSAGES` (or of the batch page's words) in ``lang``, its fields filled in."""
    if key not in MESSAGES:
        return said(lang, key, **values)  # the words the batch page says too
    zh, en = MESSAGES[key]
    return (zh if lang == "zh" else en).format(**values)


def say(text: str) -> None:
    """A line on standard error, after the command's name."""
    print(f"disclosure-report: {text}", file=sys.stderr)


def failed(text: str, lang: Language) -> int:
    """Say why nothing could be done, and the closing line; exit status 3."""
    say(text)
    say(closing(Exit.NOTHING_DONE, lang))
    return Exit.NOTHING_DONE


def one_line(error: ReadError, lang: Language) -> str:
    """The first problem of an input that could not be read, in one line, in ``lang``.

    In Chinese, what kind of problem it is comes first; its message follows when its words are known in
    Chinese (else the kind alone says it).
    """
    first = error.problems[0]
    more = message(lang, "more", count=len(error.problems) - 1) if len(error.problems) > 1 else ""
    what = PROBLEM_CODES_ZH[first.code]
    said = first.message_for(lang)
    key = "unreadable-kind" if lang == "zh" and said == what else "unreadable"
    return message(
        lang,
        key,
        source=error.source,
        what=what,
        place=first.place_for(lang),
        message=said,
        more=more,
    )


def error_text(error: BaseException) -> str:
    """An unexpected error in a few words: its type and the start of its message."""
    return f"{type(error).__name__}: {str(error)[:200]}"


def without_name(text: str, name: str) -> str:
    """Why a file could not be read, without its name in front (the row names it)."""
    for separator in (": ", "："):
        if text.startswith(name + separator):
            return text[len(name) + len(separator) :]
    return text


def unwritable(path: Path, lang: Language) -> str | None:
    """Why a file cannot be written there, if it plainly cannot (checked before any work is done)."""
    if path.is_dir():
        return message(lang, "is-directory")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return message(lang, "no-directory", folder=folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        return message(lang, "cannot-write-in", folder=folder)
    if path.exists() and not os.access(path, os.W_OK):
        return message(lang, "permission")
    return None


_READ_ERROR: Final = re.compile(r"(?P<source>.+): cannot read: (?P<count>\d+) problem\(s\)")


def unreadable_said(text: str, lang: Language) -> str:
    """A read error's text (``str(ReadError)``, as the export records it) in one line, in ``lang``.

    The export gives the CLI an unreadable input's reason as the corpus records it: its words, not its
    problems. Its first problem is said (the others counted); the work is a match on each of its first two
    lines.
    """
    head, _, rest = text.partition("\n")
    match = _READ_ERROR.fullmatch(head)
    first = rest.partition("\n")[0].strip()
    place, separator, said = first.partition(": ")
    if match is None or not separator:  # not a read error's text: a bug's, said as it is
        return text if lang == "en" else in_chinese(text) or text
    count = int(match["count"]) - 1
    more = message(lang, "more", count=count) if count else ""
    words = said if lang == "en" else in_chinese(said) or said
    return message(
        lang,
        "export-unreadable",
        source=match["source"],
        place=place_for(place, lang),
        message=words,
        more=more,
    )


def in_language(text: str, lang: Language) -> str:
    """One of the library's messages in ``lang``: in Chinese where its words are known, else as it is."""
    return text if lang == "en" else in_chinese(text) or text


def decisions_said(path: object, error: Exception, lang: Language) -> str:
    """Why a decisions file cannot be used, in ``lang``, named once."""
    if isinstance(error, OSError):
        return os_said(path, error, lang)
    text = str(error)
    said = in_language(text, lang)
    return said if text.startswith(f"{path}: ") else message(lang, "decisions", path=path, error=said)


def os_said(name: object, error: OSError, lang: Language) -> str:
    """What the system said about a file (``No such file or directory``) in ``lang``, its name first."""
    words = str(error.strerror or error)
    if lang == "zh":
        return f"{name}：{in_chinese(words) or words}"
    return f"{name}: {words}"
