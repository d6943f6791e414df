"""The library's exceptions.

Exceptions are for input that cannot become a report and for misuse. A report that states wrong numbers is
not an exception: it loads, and :func:`disclosure_report.validate` returns findings about it.

Each class also inherits the builtin a caller would naturally catch (:class:`ValueError`,
:class:`AssertionError`), so ``except ValueError`` keeps working for code that does not know this library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
