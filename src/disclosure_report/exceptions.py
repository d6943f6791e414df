"""The library's exceptions.

Exceptions are for input that cannot become a report and for misuse. A report that states wrong numbers is
not an exception: it loads, and :func:`disclosure_report.validate` returns findings about it.

Each class also inherits the builtin a caller would naturally catch (:class:`ValueError`,
:class:`AssertionError`), so ``except ValueError`` keeps working for code that does not know this library.
"""

from __future__ import annotations

import errno
import functools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import attrs

__all__ = [
    "PROBLEM_CODES",
    "PROBLEM_CODES_ZH",
    "ClusterError",
    "DisclosureReportError",
    "FieldValueError",
    "Problem",
    "ReadError",
    "ReportErrorsFound",
]

PROBLEM_CODES: Final[Mapping[str, str]] = {
    "file-unreadable": "the file cannot be opened or read (missing, a directory, no permission, not a "
    "regular file)",
    "file-too-large": "the file is larger than the limit for its format",
    "format-mismatch": "the content is not of the format expected (not a PDF, not a zip archive...)",
    "text-encoding": "the text cannot be decoded",
    "archive-limit": "an Office file's archive breaks a limit: members, decompressed size, compression ratio",
    "archive-damaged": "an Office file's archive or one of its members is damaged or missing",
    "xml-unsafe": "XML that declares a DTD or entities (refused, never expanded)",
    "xml-malformed": "XML that is not well-formed",
    "document-limit": "a document breaks a limit on its structure: elements, pages, objects, nesting, "
    "decompressed streams",
    "document-damaged": "a document its parser cannot read (a damaged PDF or workbook)",
    "resource-limit": "reading took longer or more memory than allowed (isolated reading)",
    "ocr-needed": "a PDF without a text layer (a scan): its text cannot be read without OCR",
    "dependency-missing": "reading the format needs an optional dependency that is not installed",
    "no-report": "the input holds nothing of an annual report (no section, no table)",
    "no-year": "no reporting year can be found",
    "json-syntax": "the text is not JSON",
    "json-key": "a key that is unknown, or a required key that is missing",
    "duplicate-key": "a key written twice in one JSON object (JSON readers disagree on which one wins)",
    "json-value": "a value of the wrong type or out of range, at its JSON path",
    "metadata-invalid": "report information (agency, year, version, dates) that cannot be a report's",
    "tidy-invalid": "a tidy row that names an unknown table, row or column, or holds what its cell cannot",
    "corpus-invalid": "a corpus row naming an unknown table, row or column, or holding what its cell cannot",
    "corpus-busy": "a corpus another export is writing at the same time",
    "reader-bug": "the reader met an error it did not expect (a bug in this library: please report it)",
    "system-failure": "the machine, not the file, stopped the reading: its worker killed from outside, the "
    "temporary folder full (an export reads the input again on its next run)",
}
"""Every code a :class:`Problem` may have, with what it means; codes are stable (never renamed or reused)."""

PROBLEM_CODES_ZH: Final[Mapping[str, str]] = {
    "file-unreadable": "文件无法打开或读取（不存在、是文件夹、没有权限或不是普通文件）",
    "file-too-large": "文件超过该格式的大小限制",
    "format-mismatch": "内容不是预期的格式（不是 PDF、不是 zip 压缩包……）",
    "text-encoding": "文本无法解码",
    "archive-limit": "Office 文件的压缩包超出限制（成员数、解压后大小、压缩比）",
    "archive-damaged": "Office 文件的压缩包或其中的成员损坏或缺失",
    "xml-unsafe": "XML 声明了 DTD 或实体（拒绝读取，从不展开）",
    "xml-malformed": "XML 格式不正确",
    "document-limit": "文档结构超出限制（元素、页数、对象、嵌套层数、解压后的数据流）",
    "document-damaged": "文档已损坏，解析器无法读取（PDF 或工作簿）",
    "resource-limit": "读取超出了时间或内存限制",
    "ocr-needed": "PDF 没有文字层（扫描件），不经 OCR 无法读取文字",
    "dependency-missing": "读取该格式需要一个未安装的可选依赖",
    "no-report": "内容中没有年度报告的任何部分（没有章节，没有表格）",
    "no-year": "找不到报告年度",
    "json-syntax": "文本不是 JSON",
    "json-key": "未知的键，或缺少必需的键",
    "duplicate-key": "同一 JSON 对象中的键重复出现（不同的 JSON 读取程序对取哪一个看法不一）",
    "json-value": "JSON 路径处的值类型错误或超出范围",
    "metadata-invalid": "报告信息（机关、年度、格式版本、日期）不可能属于一份报告",
    "tidy-invalid": "整洁数据的一行指向未知的表、行或列，或其值不能放入该单元格",
    "corpus-invalid": "语料库的一行指向未知的表、行或列，或其值不能放入该单元格",
    "corpus-busy": "另一个导出正在写入该语料库",
    "reader-bug": "读取时出现了意外的错误（本库的缺陷，请报告）",
    "system-failure": "读取因机器而非文件本身中断：工作进程被外部终止，或临时文件夹已满"
    "（导出下次运行时会重新读取）",
}
"""What each code of :data:`PROBLEM_CODES` means, in Chinese (for messages in Chinese)."""


class DisclosureReportError(Exception):
    """Base class of every exception this library raises on purpose."""


class FieldValueError(DisclosureReportError, ValueError):
    """A value given to a model class cannot be stored: wrong type, out of range, or unknown key.

    Attributes:
        field: Where the value was given, e.g. ``requests[new, natural_person]`` or ``metadata.year``.
        value: The refused value.
    """

    def __init__(self, field: str, value: object, expected: str) -> None:
        self.field = field
        self.value = value
        self.expected = expected
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"{field}: expected {expected}, got {shown} ({type(value).__name__})")

    def __reduce__(self) -> tuple[type, tuple[str, object, str]]:
        return (type(self), (self.field, self.value, self.expected))


def _check_code(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in PROBLEM_CODES:
        raise ValueError(f"unknown problem code {value!r}; known codes: {', '.join(PROBLEM_CODES)}")


@attrs.frozen
class Problem:
    """One reason an input could not be read, and where it is.

    Attributes:
        place: Where in the input: a JSON path (``$.requests.new.natural_person``), a sheet and cell,
            a line, or a table/row/cell of a document.
        message: What was expected and what was found.
        code: What kind of problem it is: a stable code of :data:`PROBLEM_CODES`.
    """

    place: str
    message: str
    code: str = attrs.field(validator=_check_code)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    def message_for(self, lang: str) -> str:
        """The message in ``lang`` (``"zh"`` or ``"en"``).

        In Chinese: the message's words in Chinese where this library knows them (its own messages, the
        JSON decoder's, the operating system's), names, numbers and keys kept; else what the problem's
        code means (:data:`PROBLEM_CODES_ZH`), never the English words.

        .. versionadded:: 0.1.0
        """
        if lang != "zh":
            return self.message
        return in_chinese(self.message) or PROBLEM_CODES_ZH[self.code]

    def place_for(self, lang: str) -> str:
        """The place in ``lang``: ``line 3`` is ``第 3 行``; JSON paths, sheets and members are kept.

        .. versionadded:: 0.1.0
        """
        return place_for(self.place, lang)


class ReadError(DisclosureReportError, ValueError):
    """An input (a file or a string) cannot become a report.

    Attributes:
        source: The file name, or a description of the input such as ``<string>``.
        problems: Every problem found, each with its place; there is at least one.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("ReadError needs at least one problem")
        self.source = source
        self.problems = tuple(problems)
        lines = [f"{source}: cannot read: {len(self.problems)} problem(s)"]
        lines.extend(f"  {problem}" for problem in self.problems[:50])
        if len(self.problems) > 50:
            lines.append(f"  ... and {len(self.problems) - 50} more")
        super().__init__("\n".join(lines))

    def __reduce__(self) -> tuple[type, tuple[str, tuple[Problem, ...]]]:
        return (type(self), (self.source, self.problems))


class ReportErrorsFound(DisclosureReportError, AssertionError):
    """Raised by :meth:`disclosure_report.Validation.raise_for_errors` when a report has errors.

    It is an :class:`AssertionError`, so a failed check reads as a failed assertion in a test suite.

    Attributes:
        findings: The error-level findings, each with code, location and message.
    """

    def __init__(self, message: str, findings: Sequence[object]) -> None:
        self.findings = tuple(findings)
        super().__init__(message)

    def __reduce__(self) -> tuple[type, tuple[str, tuple[object, ...]]]:
        return (type(self), (str(self), self.findings))


class ClusterError(DisclosureReportError, RuntimeError):
    """A Dask cluster cannot run an export.

    Its scheduler cannot be reached, or its workers cannot start the processes that read each file under
    its limits. The message says what to do.
    """


# --- the problems' words in Chinese ---------------------------------------------------------------------
#
# Readers word their problems in English (the ``message`` of the API, stable for programs); people who read
# Chinese get them in Chinese here. Each pattern is matched whole; a part it captures is put in the Chinese
# text as it is (numbers, names, keys, bytes), or in Chinese when a table knows it (a ``_``-suffixed
# group: the JSON decoder's and the UTF-8 codec's reasons, a worker's end). A message no pattern knows
# is said by what its code means: in Chinese, never in English.

_JSON_DECODER: Final[Mapping[str, str]] = {
    "Expecting value": "此处应有一个值",
    "Expecting ',' delimiter": "此处应有逗号",
    "Expecting ':' delimiter": "此处应有冒号",
    "Expecting property name enclosed in double quotes": "此处应有用双引号括起的键名",
    "Unterminated string starting at": "字符串没有结束",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义",
    "Invalid \\uXXXX escape": "无效的 \\u 转义",
    "Extra data": "JSON 值之后还有多余的内容",
    "Illegal trailing comma before end of object": "对象末尾多了一个逗号",
    "Illegal trailing comma before end of array": "数组末尾多了一个逗号",
}
"""The standard library's JSON decoder's reasons (``json.JSONDecodeError.msg``)."""

_CODEC: Final[Mapping[str, str]] = {
    "invalid start byte": "无效的起始字节",
    "invalid continuation byte": "无效的后续字节",
    "unexpected end of data": "数据意外结束",
    "invalid byte": "无效的字节",
}
"""The UTF-8 codec's reasons (``UnicodeDecodeError.reason``)."""

_OS_ERRORS: Final[Mapping[str, str]] = {
    os.strerror(number): text
    for name, text in (
        ("ENOENT", "没有这个文件或文件夹"),
        ("EACCES", "没有权限"),
        ("EPERM", "不允许的操作"),
        ("EISDIR", "是文件夹"),
        ("ENOTDIR", "路径中有一部分不是文件夹"),
        ("ELOOP", "符号链接层数过多"),
        ("ENAMETOOLONG", "文件名过长"),
        ("EMFILE", "打开的文件过多"),
        ("ENFILE", "系统中打开的文件过多"),
        ("ENOSPC", "设备上没有剩余空间"),
        ("EDQUOT", "超出磁盘配额"),
        ("ENOMEM", "内存不足"),
        ("EIO", "输入/输出错误"),
        ("EROFS", "只读文件系统"),
        ("EBUSY", "设备或资源忙"),
        ("ENXIO", "没有这个设备或地址"),
        ("EFBIG", "文件过大"),
        ("EINVAL", "无效的参数"),
    )
    if (number := getattr(errno, name, None)) is not None
}
"""What the operating system says (``OSError.strerror``), by its English words."""

_ENDS: Final[Mapping[str, str]] = {
    " (by the system's out-of-memory killer, or by hand)": "（由系统的内存不足终止程序或手动终止）",
    "": "",
}

_Rule = tuple["re.Pattern[str]", str]

_MESSAGES: Final[tuple[tuple[str, str], ...]] = (
    # JSON documents
    (r"not JSON: (?P<json_>.+)", "不是 JSON：{json_}"),
    (r"not UTF-8 text: (?P<codec_>.+)", "不是 UTF-8 文本：{codec_}"),
    (r"not UTF-8 text \((?P<codec_>.+)\)", "不是 UTF-8 文本（{codec_}）"),
    (r"not readable JSON: .*", "无法读取的 JSON（整数过长或嵌套过深）"),
    (r"missing \(required\)", "缺少（必需）"),
    (
        r"missing \(every key is required; use null for an absent section\)",
        "缺少（每个键都是必需的；没有的部分写 null）",
    ),
    (r"missing \(use null for a blank cell\)", "缺少（空白的单元格写 null）"),
    (
        r"unknown key; expected only: (?P<keys>[^()]+) \(and (?P<more>\d+) more unknown keys, not listed\)",
        "未知的键；只能是：{keys}（另有 {more} 个未知的键，未列出）",
    ),
    (r"unknown key; expected only: (?P<keys>[^()]+)", "未知的键；只能是：{keys}"),
    (r"expected a JSON object \(a report\), got .+", "应为一个 JSON 对象（一份报告）"),
    (
        r"the key (?P<key>'.*') appears twice in one object: JSON readers disagree on which wins",
        "键 {key} 在同一个对象中出现两次：不同的 JSON 读取程序对取哪一个看法不一",
    ),
    (r"a key appears twice in one object", "同一个对象中有重复的键"),
    # files
    (r"not a regular file", "不是普通文件"),
    (r"(?P<size>\d+) bytes is more than the limit of (?P<limit>\d+)", "{size} 字节，超过 {limit} 字节的上限"),
    (r"more than the limit of (?P<limit>\d+) bytes", "超过 {limit} 字节的上限"),
    (r"a line of more than (?P<limit>\d+) bytes", "这一行超过 {limit} 字节"),
    (r"not read: (?P<reason_>.+?)(?P<file> \(.*\))?", "未能读取：{reason_}{file}"),
    # worker processes
    (r"it took longer than the limit of (?P<seconds>[0-9.]+) s", "用时超过 {seconds} 秒的上限"),
    (r"it needed more memory than the limit", "所需内存超过上限"),
    (r"its worker was killed by (?P<signal>\S+)(?P<end_>.*)", "其工作进程被 {signal} 终止{end_}"),
    (
        r"its worker crashed \((?P<signal>[^;()]+); a memory limit of (?P<mb>\d+) MB\?\)",
        "其工作进程崩溃（{signal}；也许是 {mb} MB 的内存上限所致）",
    ),
    (r"its worker crashed \((?P<signal>[^()]+)\)", "其工作进程崩溃（{signal}）"),
    (
        r"its worker ended without a result \(exit status (?P<status>-?\d+)\)",
        "其工作进程结束而没有给出结果（退出状态 {status}）",
    ),
    (r"its result could not be sent back \((?P<kind>\w+)\)", "其结果无法传回（{kind}）"),
    (r"its error could not be sent back \((?P<kind>\w+)\)", "其错误无法传回（{kind}）"),
    (r"its Dask workers died each time", "读取它的 Dask 工作进程每次都终止了"),
    # documents
    (
        r"no section of an annual report found \((?P<sections>.+)\)",
        "没有找到年度报告的任何部分（{sections}）",
    ),
    (
        r"the document names the year (?P<year>\d+), which is not a reporting year \((?P<first>\d+) to "
        r"(?P<last>\d+)\); give it: year= in Python, --year on the command line",
        "文档写明的年度 {year} 不是报告年度（{first} 至 {last}）；请指定：Python 中用 year=，命令行用 --year",
    ),
    (r"not a PDF file \(it starts (?P<start>.+)\)", "不是 PDF 文件（开头为 {start}）"),
    (r"not a readable (?P<kind>PDF|PNG|JPEG|TIFF): .*", "{kind} 已损坏，无法读取"),
    (r"the PDF has no pages \(or its page tree is broken\)", "PDF 没有页面（或页面树已损坏）"),
    (r"the document has no pages", "文档没有页面"),
    (r"the PDF's objects nest too deeply to read", "PDF 的对象嵌套过深，无法读取"),
    (r"the page images need more memory than there is", "页面图像所需的内存超过可用内存"),
    # reviewers' decisions files
    (r"(?P<source>.+): not TOML: .*", "{source}：不是 TOML 文件"),
    (r"(?P<source>.+): \[\[decision\]\] tables expected", "{source}：应为 [[decision]] 表"),
    (
        r"(?P<source>.+): decision (?P<number>\d+): (?P<inner_>.+)",
        "{source}：第 {number} 条审核意见：{inner_}",
    ),
    (
        r"(?P<source>.+): more than (?P<limit>\d+) bytes: not a decisions file",
        "{source}：超过 {limit} 字节，不是审核意见文件",
    ),
    (r"(?P<source>.+): not UTF-8 text \((?P<codec_>.+)\)", "{source}：不是 UTF-8 文本（{codec_}）"),
    (r"'(?P<field>\w+)'", "缺少字段 {field}"),
    (r"unknown field\(s\) (?P<fields>.+)", "未知的字段：{fields}"),
    (
        r"a decision is (?P<first>\w+) or (?P<second>\w+), got (?P<value>.+)",
        "decision 只能是 {first} 或 {second}，实为 {value}",
    ),
    (r"a decision's (?P<field>\w+) is text(?: \(not empty\))?", "{field} 应为（非空的）文本"),
    (r"a decision's time is a date and time, got (?P<value>.+)", "at 应为日期和时间，实为 {value}"),
    (r"a \[\[decision\]\] table expected", "应为 [[decision]] 表"),
    # extras not installed
    (
        r"fetching needs requests and urllib3 \((?P<name>\S+) is not installed\): "
        r"pip install (?P<extra>'.+')",
        "抓取需要 requests 和 urllib3（未安装 {name}）：pip install {extra}",
    ),
    (
        r"a corpus needs DuckDB and pyarrow \((?P<name>\S+) is not installed\): pip install (?P<extra>'.+')",
        "语料库需要 DuckDB 和 pyarrow（未安装 {name}）：pip install {extra}",
    ),
    (
        r"an export on a Dask cluster needs Dask \((?P<name>\S+) is not installed\): "
        r"pip install (?P<extra>'.+')",
        "在 Dask 集群上导出需要 Dask（未安装 {name}）：pip install {extra}",
    ),
    (
        r"reading PDF needs pdfplumber: pip install (?P<extra>'.+')",
        "读取 PDF 需要 pdfplumber：pip install {extra}",
    ),
    (r"no document body \(w:body\)", "没有文档正文（w:body）"),
    (
        r"(?P<lines>[0-9,]+) lines or more \(a report has a few hundred\)",
        "{lines} 行或更多（一份报告只有几百行）",
    ),
    (
        r"LibreOffice could not convert it to (?P<target>\S+) \(a damaged or password-protected file\?\)",
        "LibreOffice 无法把它转换为 {target}（文件已损坏或有密码保护？）",
    ),
)
"""The library's problems in English, each with its Chinese wording."""

_PLACES: Final[tuple[tuple[str, str], ...]] = (
    (r"file", "文件"),
    (r"document", "文档"),
    (r"title", "标题"),
    (r"workbook", "工作簿"),
    (r"corpus", "语料库"),
    (r"(?P<kept>\$.*|'.*'.*|[\w./-]+\.xml)", "{kept}"),
)
"""Where a problem is, in Chinese: JSON paths, sheets and archive members are kept as they are."""

_PLACE_PARTS: Final[Mapping[str, str]] = {
    "page": "第 {} 页",
    "line": "第 {} 行",
    "column": "第 {} 列",
    "paragraph": "第 {} 段",
    "table": "表 {}",
    "row": "第 {} 行",
    "cell": "第 {} 格",
}
"""The parts of a position in a document (``page 3, table 2, row 5, cell 4``), in Chinese."""

_NAMES: Final = "|".join(_PLACE_PARTS)


@functools.cache
def _compiled(places: bool) -> tuple[_Rule, ...]:
    """The patterns, compiled when a message is first said in Chinese (not when the library is imported)."""
    pairs = _PLACES if places else _MESSAGES
    return tuple((re.compile(pattern, re.DOTALL), text) for pattern, text in pairs)


@functools.cache
def _positions() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A part of a position (``row 5``), and a whole position (``page 3, table 2, row 5, cell 4``)."""
    part = re.compile(rf"(?P<name>{_NAMES}) (?P<number>\d+)")
    whole = re.compile(rf"(?:{_NAMES}) \d+(?:,? (?:{_NAMES}) \d+)*")
    return part, whole


def place_for(place: str, lang: str) -> str:
    """A place in ``lang``: ``page 3, table 2, row 5, cell 4`` is ``第 3 页，表 2，第 5 行，第 4 格``.

    JSON paths, a sheet's cells and archive members are kept as they are; a place not known here too.
    The work is a few matches on the text, each once.

    .. versionadded:: 0.1.0
    """
    if lang != "zh":
        return place
    part, whole = _positions()
    if whole.fullmatch(place):
        said = part.sub(lambda found: _PLACE_PARTS[found["name"]].format(found["number"]), place)
        return said.replace(", ", "，").replace(" 第", "第").replace(" 表", "表")
    return in_chinese(place, places=True) or place


_TABLES: Final[Mapping[str, Callable[[str], str | None]]] = {
    "json_": lambda text: _JSON_DECODER.get(text),
    "codec_": lambda text: _CODEC.get(text),
    "reason_": lambda text: _OS_ERRORS.get(text) or in_chinese(text),
    "end_": lambda text: _ENDS.get(text),
    "inner_": lambda text: in_chinese(text),
}


def in_chinese(text: str, *, places: bool = False) -> str | None:
    """``text``, one of this library's messages (or, with ``places``, places) in Chinese; ``None`` if unknown.

    The operating system's words alone (``No such file or directory``) are known too. The work is one
    match per pattern (a few dozen), each on the text once.
    """
    if not places and text in _OS_ERRORS:
        return _OS_ERRORS[text]
    for pattern, template in _compiled(places):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        values: dict[str, str] = {}
        for name, value in match.groupdict(default="").items():
            if name.endswith("_"):
                said = _TABLES[name](value)
                if said is None:
                    return None  # a part no table knows: not said half in English
                value = said
            values[name] = value
        return template.format(**values)
    return None
