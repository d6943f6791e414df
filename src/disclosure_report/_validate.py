"""Validation: small named checks over a report, each returning findings; nothing raises for bad data.

:func:`validate` runs every check of the catalogue (:data:`disclosure_report.RULES`) and returns a frozen
:class:`Validation`. A relation over a blank cell is not checked (the blank is never taken as 0): a
``not-checked`` finding says so, beside the ``blank-cell`` or ``blank-total`` finding for the blank itself.
"""

from __future__ import annotations

import datetime
import functools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from ._form import (
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
    TableSpec,
    TemplateVersion,
    table_spec,
)
from ._model import AnnualReport, CellValue, _sum, _Table
from ._rules import RULES, Rule, Severity
from .exceptions import ReportErrorsFound

__all__ = ["CellRef", "Finding", "Location", "Validation", "validate"]

CellRef = tuple[TableKind, FormKey, FormKey]
"""A cell of a report: its table, row key and column key."""

PROBLEMS_MINIMUM: Final = 30
"""Fewer characters than this in section 五 is boilerplate-short."""
AMOUNT_PLACES: Final = 4
"""More decimal places than this in a 万元 amount is finer than one yuan."""


@attrs.frozen(kw_only=True)
class Location:
    """Where a finding is: a section, and within a table a row and/or a column; and where in the source.

    Attributes:
        section: The section of the report.
        table: The table, for findings about table cells.
        row: The row key, when the finding is about one row (or one cell).
        column: The column key, when the finding is about one column (or one cell).
        source: Where the report came from, when it was read from a file: ``Sheet!C5``, ``line 42``, ...
    """

    section: Section | None = None
    table: TableKind | None = None
    row: FormKey | None = None
    column: FormKey | None = None
    source: str | None = None

    def __str__(self) -> str:
        parts = [self.section.label if self.section else "report"]
        if self.row is not None:
            parts.append(self.row.label)
        if self.column is not None:
            parts.append(self.column.label)
        text = " / ".join(parts)
        return f"{text} ({self.source})" if self.source else text


@attrs.frozen(kw_only=True)
class Finding:
    """One thing validation found, with its rule's code and severity, a message and an exact location.

    Attributes:
        code: The rule's stable code (see :data:`disclosure_report.RULES`).
        severity: The rule's severity.
        message_zh: The message in Chinese.
        message_en: The message in English.
        location: Where in the report.
        expected: The value the rule expected (a computed total, last year's figure, ...), if any.
        actual: The value the report states, if any.
        cells: Every cell the finding involves (for highlighting), as ``(table, row, column)``.
        evidence: The quoted text a text-against-table finding rests on.
    """

    code: str
    severity: Severity
    message_zh: str
    message_en: str
    location: Location
    expected: object = None
    actual: object = None
    cells: tuple[CellRef, ...] = ()
    evidence: str | None = None

    @property
    def rule(self) -> Rule:
        """The catalogue entry of this finding's rule."""
        return RULES[self.code]

    @property
    def message(self) -> str:
        """The Chinese message followed by the English one."""
        return f"{self.message_zh} / {self.message_en}"

    def __str__(self) -> str:
        return f"{self.severity.value} [{self.code}] {self.location}: {self.message_zh} ({self.message_en})"

    def as_row(self) -> dict[str, str | int | None]:
        """The finding as one flat row (for CSV, tables and data frames); values are strings or ints."""
        where = self.location
        return {
            "code": self.code,
            "severity": self.severity.value,
            "section": where.section.key if where.section else None,
            "table": where.table.key if where.table else None,
            "row": where.row.key if where.row else None,
            "column": where.column.key if where.column else None,
            "source": where.source,
            "expected": _plain(self.expected),
            "actual": _plain(self.actual),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "evidence": self.evidence,
            "cells": ";".join(f"{t.key}.{r.key}.{c.key}" for t, r, c in self.cells),
        }


def _plain(value: object) -> str | int | None:
    if value is None or type(value) is int:
        return value
    return str(value)


FLAT_COLUMNS: Final = (
    "code",
    "severity",
    "section",
    "table",
    "row",
    "column",
    "source",
    "expected",
    "actual",
    "message_zh",
    "message_en",
    "evidence",
    "cells",
)
"""The keys of :meth:`Finding.as_row`, in order: the header of the flat (CSV) view."""


@attrs.frozen
class Validation:
    """The result of :func:`validate`: every finding, most serious first, in form order within a severity.

    Attributes:
        findings: The findings.
    """

    findings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """Whether the report has no error-level finding (warnings and info do not count)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The error-level findings."""
        return self.filter(severity=Severity.ERROR).findings

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """The warning-level findings."""
        return self.filter(severity=Severity.WARNING).findings

    @property
    def infos(self) -> tuple[Finding, ...]:
        """The info-level findings."""
        return self.filter(severity=Severity.INFO).findings

    def filter(
        self, *, code: str | Iterable[str] | None = None, severity: Severity | None = None
    ) -> Validation:
        """The findings with a code (or one of several codes) and/or a severity.

        Raises:
            KeyError: A code is not in the catalogue (a typo would otherwise match nothing, silently).
        """
        codes = {code} if isinstance(code, str) else set(code) if code is not None else None
        for name in codes or ():
            if name not in RULES:
                raise KeyError(f"no rule {name!r}; known codes: {', '.join(RULES)}")
        return Validation(
            tuple(
                f
                for f in self.findings
                if (codes is None or f.code in codes) and (severity is None or f.severity is severity)
            )
        )

    def codes(self) -> set[str]:
        """The codes found."""
        return {f.code for f in self.findings}

    def rows(self) -> list[dict[str, str | int | None]]:
        """The flat view: one dict per finding, keyed by :data:`FLAT_COLUMNS`."""
        return [f.as_row() for f in self.findings]

    def raise_for_errors(self) -> None:
        """Raise :class:`~disclosure_report.ReportErrorsFound` listing every error, if there is any.

        Meant for unit tests: ``validate(report).raise_for_errors()``.
        """
        errors = self.errors
        if errors:
            lines = [f"{len(errors)} error(s) in the report:"] + [f"  {e}" for e in errors]
            raise ReportErrorsFound("\n".join(lines), errors)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)


# --- building findings -------------------------------------------------------------------------------


def _finding(
    code: str,
    location: Location,
    *,
    expected: object = None,
    actual: object = None,
    cells: Sequence[CellRef] = (),
    evidence: str | None = None,
    **fields: Any,
) -> Finding:
    rule = RULES[code]
    values = {"expected": _shown(expected), "actual": _shown(actual), "evidence": evidence, **fields}
    return Finding(
        code=code,
        severity=rule.severity,
        message_zh=rule.message_zh.format(**values),
        message_en=rule.message_en.format(**values),
        location=location,
        expected=expected,
        actual=actual,
        cells=tuple(cells),
        evidence=evidence,
    )


def _shown(value: object) -> str:
    return "空白" if value is None else str(value)


def _not_checked(
    code: str,
    location: Location,
    place: str,
    blanks: Sequence[tuple[FormKey, FormKey]],
    cells: Sequence[CellRef],
) -> Finding:
    names = "、".join(f"{row.label}/{column.label}" for row, column in blanks)
    return _finding("not-checked", location, cells=cells, rule=code, place=place, blanks=names)


@attrs.frozen
class _Relation:
    """One instance of an accounting rule, compiled to cell positions: sum(left) must equal sum(right).

    Validation runs tens of thousands of these a second, so they read a table's ``values`` by position;
    findings (the slow path) are built only when a relation fails or meets a blank.
    """

    code: str
    kind: TableKind
    location: Location
    place: str
    left: tuple[int, ...]
    right: tuple[int, ...]
    keys: tuple[tuple[FormKey, FormKey], ...]
    """The keys of the ``left`` then the ``right`` cells; the stated cell comes last."""
    fields: tuple[tuple[str, str], ...]
    _left: Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _right: Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_left", _getter(self.left))
        object.__setattr__(self, "_right", _getter(self.right))

    def check(self, values: tuple[CellValue | None, ...]) -> Finding | None:
        try:
            expected = sum(self._left(values))
            actual = sum(self._right(values))
        except TypeError:  # a blank (None) among the cells: the relation cannot be checked
            blanks = [
                key for key, i in zip(self.keys, (*self.left, *self.right), strict=True) if values[i] is None
            ]
            return _not_checked(self.code, self.location, self.place, blanks, self._cells())
        if expected == actual:
            return None
        return _finding(
            self.code,
            self.location,
            expected=expected,
            actual=actual,
            cells=self._cells(),
            **dict(self.fields),
        )

    def _cells(self) -> list[CellRef]:
        return [(self.kind, *key) for key in self.keys]


def _getter(indices: tuple[int, ...]) -> Callable[[tuple[CellValue | None, ...]], tuple[Any, ...]]:
    if len(indices) == 1:
        (index,) = indices
        return lambda values: (values[index],)
    return operator.itemgetter(*indices)


def _compile(
    code: str,
    spec: TableSpec,
    location: Location,
    place: str,
    left: Sequence[tuple[FormKey, FormKey]],
    right: Sequence[tuple[FormKey, FormKey]],
    **fields: str,
) -> _Relation:
    index = spec.index
    return _Relation(
        code,
        spec.kind,
        location,
        place,
        tuple(index[key] for key in left),
        tuple(index[key] for key in right),
        (*left, *right),
        tuple(fields.items()),
    )


@functools.cache
def _relations(version: TemplateVersion) -> dict[str, tuple[_Relation, ...]]:
    """Every accounting relation of a version's tables 三 and 四, by rule code, in form order."""
    requests = table_spec(TableKind.REQUESTS, version)
    review = table_spec(TableKind.REVIEW_LITIGATION, version)
    where = Location(section=Section.REQUESTS, table=TableKind.REQUESTS)
    outcome_rows = requests.row_sums[RequestRow.TOTAL]
    applicants = requests.column_sums[Applicant.TOTAL]
    results = review.column_sums[ReviewColumn.TOTAL]
    return {
        # 一 + 二 = （七）总计 + 四: the relation the form prints, in each column.
        "requests-balance": tuple(
            _compile(
                "requests-balance",
                requests,
                attrs.evolve(where, column=column),
                column.label,
                [(RequestRow.NEW, column), (RequestRow.CARRIED_OVER, column)],
                [(RequestRow.TOTAL, column), (RequestRow.CARRIED_FORWARD, column)],
                column=column.label,
            )
            for column in Applicant
        ),
        "requests-outcome-total": tuple(
            _compile(
                "requests-outcome-total",
                requests,
                attrs.evolve(where, row=RequestRow.TOTAL, column=column),
                column.label,
                [(row, column) for row in outcome_rows],
                [(RequestRow.TOTAL, column)],
                column=column.label,
            )
            for column in Applicant
        ),
        "requests-applicant-total": tuple(
            _compile(
                "requests-applicant-total",
                requests,
                attrs.evolve(where, row=row.key, column=Applicant.TOTAL),
                row.label,
                [(row.key, column) for column in applicants],
                [(row.key, Applicant.TOTAL)],
                row=row.label,
            )
            for row in requests.rows
        ),
        "review-total": tuple(
            _compile(
                "review-total",
                review,
                Location(
                    section=Section.REVIEW_LITIGATION,
                    table=TableKind.REVIEW_LITIGATION,
                    row=row,
                    column=ReviewColumn.TOTAL,
                ),
                row.label,
                [(row, column) for column in results],
                [(row, ReviewColumn.TOTAL)],
                row=row.label,
            )
            for row in ReviewRow
        ),
    }


@functools.cache
def _all_hold(version: TemplateVersion, code: str) -> Callable[[tuple[CellValue | None, ...]], bool]:
    """One function testing every relation of a rule at once, for a table with no blank.

    Most reports are consistent, so this is the common path: a single generated expression
    (``v[0] + v[1] == v[2] and ...``) instead of a call per relation. It is built from cell positions
    only, never from input.
    """

    def side(indices: tuple[int, ...]) -> str:
        return " + ".join(f"v[{index}]" for index in indices)

    terms = " and ".join(f"{side(r.left)} == {side(r.right)}" for r in _relations(version)[code])
    test: Callable[[tuple[CellValue | None, ...]], bool] = eval(f"lambda v: {terms}")
    return test


def _run(code: str, table: _Table[Any, Any]) -> Iterator[Finding]:
    values = table.values
    if table.complete and _all_hold(table.version, code)(values):
        return
    for relation in _relations(table.version)[code]:
        finding = relation.check(values)
        if finding is not None:
            yield finding


# --- the checks --------------------------------------------------------------------------------------


def check_requests_balance(report: AnnualReport) -> Iterator[Finding]:
    """一 + 二 = （七）总计 + 四 in each column of table 三: the relation the form prints."""
    return _run("requests-balance", report.requests)


def check_requests_outcome_total(report: AnnualReport) -> Iterator[Finding]:
    """（七）总计 is the sum of every outcome row, in each column of table 三."""
    return _run("requests-outcome-total", report.requests)


def check_requests_applicant_total(report: AnnualReport) -> Iterator[Finding]:
    """总计 is the sum of the six applicant columns, in every row of table 三."""
    return _run("requests-applicant-total", report.requests)


def check_review_total(report: AnnualReport) -> Iterator[Finding]:
    """总计 is the sum of the four results, in each group of table 四."""
    return _run("review-total", report.review_litigation)


def check_blanks(report: AnnualReport) -> Iterator[Finding]:
    """Every blank cell; a blank total is an error, a blank detail a warning."""
    for table in report.tables():
        if table.complete:
            continue
        spec = table.spec
        for cell in table.blanks():
            row, column = cell.row.key, cell.column.key
            is_total = row in spec.row_sums or column in spec.column_sums
            yield _finding(
                "blank-total" if is_total else "blank-cell",
                Location(section=table.kind.section, table=table.kind, row=row, column=column),
                cells=[(table.kind, row, column)],
                row=cell.row.label,
                column=cell.column.label,
            )


def check_amount_precision(report: AnnualReport) -> Iterator[Finding]:
    """Amounts in 万元 have at most four decimal places: finer than one yuan is suspicious."""
    table = report.active_disclosure
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    position = table.spec.index.get(key)
    value = None if position is None else table.values[position]
    if not isinstance(value, Decimal):
        return
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_PLACES:
        row, column = table.spec.cells[position]  # type: ignore[index]
        yield _finding(
            "amount-precision",
            Location(section=Section.ACTIVE_DISCLOSURE, table=table.kind, row=key[0], column=key[1]),
            actual=value,
            cells=[(table.kind, *key)],
            row=row.label,
            column=column.label,
        )


def check_template_version(report: AnnualReport) -> Iterator[Finding]:
    """The template version fits the reporting year."""
    year, version = report.metadata.year, report.version
    first_year = TemplateVersion.V2021.first_year
    if version is TemplateVersion.V2019 and year >= first_year:
        yield _finding("template-outdated", Location(), expected="2021", actual=version.value, year=year)
    if version is TemplateVersion.V2021 and year < first_year:
        yield _finding("template-premature", Location(), expected="2019", actual=version.value, year=year)


def check_sections(report: AnnualReport) -> Iterator[Finding]:
    """The text sections are present, their headings follow the form, and section 五 says something."""
    for section in (Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS):
        if report.text(section) is None:
            yield _finding("section-missing", Location(section=section), section=section.label)
    for section, heading in report.headings:
        code = "heading-variant" if heading in section.heading_variants else "heading-nonstandard"
        yield _finding(code, Location(section=section), expected=section.label, actual=heading)
    problems = report.problems
    if problems is not None:
        length = len("".join(problems.split()))
        if length < PROBLEMS_MINIMUM:
            yield _finding(
                "problems-too-short",
                Location(section=Section.PROBLEMS),
                expected=PROBLEMS_MINIMUM,
                actual=length,
                minimum=PROBLEMS_MINIMUM,
            )
    other = report.other_matters
    if other is not None and report.version is TemplateVersion.V2021 and "信息处理费" not in other:
        yield _finding("fee-statement-missing", Location(section=Section.OTHER_MATTERS))


def check_metadata(report: AnnualReport) -> Iterator[Finding]:
    """The agency is named, the title says 年度报告, and the report was published in time."""
    info = report.metadata
    if not info.agency.strip():
        yield _finding("agency-missing", Location())
    if info.title is not None and "年度报告" not in "".join(info.title.split()):
        yield _finding("title-not-annual-report", Location(), actual=info.title)
    deadline = datetime.date(info.year + 1, 3, 31)
    if info.published is not None and info.published > deadline:
        yield _finding("published-late", Location(), expected=deadline, actual=info.published)


# --- text against tables -----------------------------------------------------------------------------

_SENTENCE_END: Final = re.compile(r"[。；;！!？?\n]")
_NUMBER: Final = r"(\d[\d,]*(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"
# "未" alone is not a negation ("未来"): a verb must follow it.
_NONE: Final = r"(?:未|没有)(?:发生|收到|出现|涉及|被|接到|产生|有|办理|作出)"


@attrs.frozen
class _Claim:
    """A pattern of statement about a table figure, and the cells that hold the figure."""

    pattern: re.Pattern[str]
    claim_zh: str
    claim_en: str
    table_zh: str
    table_en: str
    table: TableKind
    keys: tuple[tuple[FormKey, FormKey], ...]
    """The cells whose sum the statement is about (those the report's version has)."""
    says_none: bool
    words: tuple[str, ...] = ()
    """Words the pattern cannot match without: a sentence without any is not searched."""
    also: tuple[tuple[FormKey, FormKey], ...] = ()
    """Cells that, added to ``keys``, give another figure the statement may mean (new + carried over)."""

    positions: Mapping[TemplateVersion, tuple[tuple[int, ...], tuple[int, ...]]] = attrs.field(
        init=False, eq=False, repr=False
    )
    """For each version, the positions of the ``keys`` and of the ``also`` cells it has."""

    def __attrs_post_init__(self) -> None:
        if not self.words:
            raise ValueError("a claim needs the words its pattern requires, or it would never be searched")
        positions = {}
        for version in TemplateVersion:
            index = table_spec(self.table, version).index
            positions[version] = (
                tuple(index[key] for key in self.keys if key in index),
                tuple(index[key] for key in self.also if key in index),
            )
        object.__setattr__(self, "positions", positions)

    def _present(self, report: AnnualReport, keys: Sequence[tuple[FormKey, FormKey]]) -> list[Any]:
        index = report.table(self.table).spec.index
        return [key for key in keys if key in index]

    def cells(self, report: AnnualReport) -> list[CellRef]:
        return [(self.table, *key) for key in self._present(report, (*self.keys, *self.also))]


_NEW: Final = ((RequestRow.NEW, Applicant.TOTAL),)
_CARRIED: Final = ((RequestRow.CARRIED_OVER, Applicant.TOTAL),)
_PROCESSED: Final = ((RequestRow.TOTAL, Applicant.TOTAL),)
_REVIEW: Final = ((ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL),)
_LITIGATION: Final = (
    (ReviewRow.LITIGATION_DIRECT, ReviewColumn.TOTAL),
    (ReviewRow.LITIGATION_AFTER_REVIEW, ReviewColumn.TOTAL),
)
_DOCUMENTS: Final = tuple(
    (row, column)
    for row in (DisclosureRow.REGULATIONS, DisclosureRow.NORMATIVE_DOCUMENTS)
    for column in (DisclosureColumn.ISSUED, DisclosureColumn.NEWLY_MADE)
)
_FEES: Final = ((DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT),)
_R, _V, _D = TableKind.REQUESTS, TableKind.REVIEW_LITIGATION, TableKind.ACTIVE_DISCLOSURE
_RECEIVE: Final = r"(?:收到|受理|接收|接到)"
_GAP: Final = r"[^。；;，,\d]{0,16}?"
_NOT_REVIEW: Final = r"(?:(?!复议|诉讼)[^。；;\d]){0,20}?"

_CLAIMS: Final = (
    _Claim(
        re.compile(r"(?:未|没有)" + _RECEIVE + r"[^。；;]{0,20}?(?:信息公开|依申请)[^。；;]{0,12}?申请"),
        "未收到政府信息公开申请",
        "no requests were received",
        "“一、本年新收政府信息公开申请数量”总计",
        "new requests (total)",
        _R,
        _NEW,
        says_none=True,
        words=("申请",),
    ),
    _Claim(
        re.compile(_RECEIVE + _NOT_REVIEW + r"申请" + _GAP + _NUMBER + r"\s*(?:件|个|份|条)"),
        "收到申请{number}件",
        "{number} requests were received",
        "“一、本年新收政府信息公开申请数量”总计",
        "new requests (total)",
        _R,
        _NEW,
        says_none=False,
        words=("申请",),
        also=_CARRIED,
    ),
    _Claim(
        re.compile(r"办结" + _GAP + _NUMBER + r"\s*(?:件|个|份|条)"),
        "办结申请{number}件",
        "{number} requests were processed",
        "“（七）总计”总计",
        "total processed (total)",
        _R,
        _PROCESSED,
        says_none=False,
        words=("办结",),
    ),
    _Claim(
        re.compile(_NONE + r"[^。；;，,]{0,20}?行政复议"),
        "未发生行政复议",
        "there was no administrative review",
        "“行政复议”总计",
        "administrative review (total)",
        _V,
        _REVIEW,
        says_none=True,
        words=("行政复议",),
    ),
    _Claim(
        re.compile(_NONE + r"[^。；;，,]{0,20}?行政诉讼"),
        "未发生行政诉讼",
        "there was no administrative litigation",
        "“行政诉讼”两项总计之和",
        "administrative litigation (both totals)",
        _V,
        _LITIGATION,
        says_none=True,
        words=("行政诉讼",),
    ),
    _Claim(
        re.compile(r"(?:未|没有)(?:制定|制发|出台|印发|发布)[^。；;]{0,10}?(?:规章|规范性文件)"),
        "未制发规章和规范性文件",
        "no regulations or normative documents were issued",
        "规章和规范性文件的本年制发件数之和",
        "documents issued this year",
        _D,
        _DOCUMENTS,
        says_none=True,
        words=("规章", "规范性文件"),
    ),
    _Claim(
        re.compile(r"(?:未|没有)(?:设置|收取|设立)[^。；;，,]{0,10}?行政事业性收费"),
        "未收取行政事业性收费",
        "no administrative fees were charged",
        "“行政事业性收费”本年收费金额",
        "the fee amount",
        _D,
        _FEES,
        says_none=True,
        words=("行政事业性收费",),
    ),
    _Claim(
        re.compile(r"行政事业性收费" + _GAP + _NUMBER + r"\s*万元"),
        "行政事业性收费{number}万元",
        "administrative fees of {number} 万元",
        "“行政事业性收费”本年收费金额",
        "the fee amount",
        _D,
        _FEES,
        says_none=False,
        words=("行政事业性收费",),
    ),
)

# Every claim pattern contains one of its words: a sentence is searched only for the claims whose words
# it holds (most sentences hold none).
_CLAIMS_BY_WORD: Final = {
    word: tuple(number for number, claim in enumerate(_CLAIMS) if word in claim.words)
    for word in dict.fromkeys(word for claim in _CLAIMS for word in claim.words)
}
_CLAIM_WORDS: Final = re.compile("|".join(sorted(_CLAIMS_BY_WORD, key=len, reverse=True)))


def _claims_in(sentence: str) -> list[_Claim]:
    """The claims whose words the sentence holds, in catalogue order."""
    words = _CLAIM_WORDS.findall(sentence)
    if not words:
        return []
    if len(words) == 1:
        return [_CLAIMS[number] for number in _CLAIMS_BY_WORD[words[0]]]
    return [_CLAIMS[number] for number in sorted({n for word in words for n in _CLAIMS_BY_WORD[word]})]


_DIGITS: Final = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS: Final = {"十": 10, "百": 100, "千": 1000}


def _number(text: str) -> int | Decimal | None:
    """A number written in Arabic digits (with thousands separators) or in Chinese numerals up to 9999."""
    if text[0].isdigit():
        digits = text.replace(",", "")
        return Decimal(digits) if "." in digits else int(digits)
    total, digit = 0, None
    for character in text:
        if character in _DIGITS:
            digit = _DIGITS[character]
        elif character in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[character]
            digit = None
        else:  # pragma: no cover - the pattern admits only the characters above
            return None
    return total + (digit or 0)


# Full-width ASCII (digits, punctuation) and the ideographic space, one for one into ASCII: the part of
# NFKC the patterns need, at a fraction of its cost, and keeping every character at its place.
_HALF_WIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH_DIGIT: Final = re.compile("[０-９]")


def check_text_against_tables(report: AnnualReport) -> Iterator[Finding]:
    """Statements in sections 一, 五 and 六 that contradict the tables ("未收到申请" with requests, ...)."""
    for section, text in (
        (Section.OVERVIEW, report.overview),
        (Section.PROBLEMS, report.problems),
        (Section.OTHER_MATTERS, report.other_matters),
    ):
        if not text or not _CLAIM_WORDS.search(text):
            continue  # most texts say nothing about the tables: skip the sentence-by-sentence reading
        # The patterns take full-width and ASCII punctuation alike; full-width digits are made ASCII.
        normalized = text.translate(_HALF_WIDTH) if _FULL_WIDTH_DIGIT.search(text) else text
        sentences = _SENTENCE_END.split(normalized)
        for number, sentence in enumerate(sentences):
            for claim in _claims_in(sentence):
                for match in claim.pattern.finditer(sentence):
                    contradiction = _contradiction(report, claim, match)
                    if contradiction is None:
                        continue
                    stated, figure = contradiction
                    number_text = match.group(1) if match.groups() else ""
                    yield _finding(
                        "text-contradicts-table",
                        Location(section=section),
                        expected=stated,
                        actual=figure,
                        cells=claim.cells(report),
                        # Quoted as written: the translation kept every character at its place.
                        evidence=_SENTENCE_END.split(text)[number].strip(),
                        claim_zh=claim.claim_zh.format(number=number_text),
                        claim_en=claim.claim_en.format(number=number_text),
                        table_zh=claim.table_zh,
                        table_en=claim.table_en,
                    )


def _contradiction(
    report: AnnualReport, claim: _Claim, match: re.Match[str]
) -> tuple[int | Decimal, int | Decimal] | None:
    """The number stated and the table's figure, when they differ (and the figure is not blank)."""
    table = report.table(claim.table)
    values = table.values
    positions, also = claim.positions[table.version]
    figure = _sum(values[i] for i in positions)
    if figure is None:
        return None  # a blank figure is reported as a blank; the text cannot contradict it
    stated = 0 if claim.says_none else _number(match.group(1))
    if stated is None or stated == figure:
        return None
    if also and stated == _sum(values[i] for i in (*positions, *also)):
        return None
    return stated, figure


# --- year over year ----------------------------------------------------------------------------------


def check_against_previous(report: AnnualReport, previous: AnnualReport) -> Iterator[Finding]:
    """This year's 上年结转 against last year's 结转下年度继续办理, and the 现行有效件数 roll-forward."""
    for column in Applicant:
        now = report.requests[RequestRow.CARRIED_OVER, column]
        before = previous.requests[RequestRow.CARRIED_FORWARD, column]
        location = Location(
            section=Section.REQUESTS, table=TableKind.REQUESTS, row=RequestRow.CARRIED_OVER, column=column
        )
        cells = [(TableKind.REQUESTS, RequestRow.CARRIED_OVER, column)]
        if now is None or before is None:
            blanks: list[tuple[FormKey, FormKey]] = []
            if now is None:
                blanks.append((RequestRow.CARRIED_OVER, column))
            if before is None:
                blanks.append((RequestRow.CARRIED_FORWARD, column))
            yield _not_checked("carried-over-mismatch", location, column.label, blanks, cells)
        elif now != before:
            yield _finding(
                "carried-over-mismatch",
                location,
                expected=before,
                actual=now,
                cells=cells,
                column=column.label,
            )
    both_2021 = report.version is previous.version is TemplateVersion.V2021
    if not both_2021:
        return
    now_table, before_table = report.active_disclosure, previous.active_disclosure
    for row in (DisclosureRow.REGULATIONS, DisclosureRow.NORMATIVE_DOCUMENTS):
        keys = [
            (row, c) for c in (DisclosureColumn.ISSUED, DisclosureColumn.REPEALED, DisclosureColumn.IN_FORCE)
        ]
        in_force_before = before_table[row, DisclosureColumn.IN_FORCE]
        issued, repealed, in_force = (now_table[key] for key in keys)
        location = Location(
            section=Section.ACTIVE_DISCLOSURE,
            table=TableKind.ACTIVE_DISCLOSURE,
            row=row,
            column=DisclosureColumn.IN_FORCE,
        )
        involved: list[CellRef] = [(TableKind.ACTIVE_DISCLOSURE, *key) for key in keys]
        if None in (in_force_before, issued, repealed, in_force):
            missing: list[tuple[FormKey, FormKey]] = [key for key in keys if now_table[key] is None]
            if in_force_before is None:
                missing.append((row, DisclosureColumn.IN_FORCE))
            yield _not_checked("in-force-roll-forward", location, row.label, missing, involved)
            continue
        expected = in_force_before + issued - repealed  # type: ignore[operator]
        if expected != in_force:
            yield _finding(
                "in-force-roll-forward",
                location,
                expected=expected,
                actual=in_force,
                cells=involved,
                row=row.label,
                previous=in_force_before,
            )


CHECKS: Final[tuple[Callable[[AnnualReport], Iterator[Finding]], ...]] = (
    check_metadata,
    check_template_version,
    check_sections,
    check_blanks,
    check_amount_precision,
    check_requests_balance,
    check_requests_outcome_total,
    check_requests_applicant_total,
    check_review_total,
    check_text_against_tables,
)
"""The checks of a single report, in the order their findings are listed."""


def validate(
    report: AnnualReport,
    *,
    previous: AnnualReport | None = None,
    sources: Mapping[CellRef, str] | None = None,
) -> Validation:
    """Check a report against every rule of the catalogue.

    Args:
        report: The report to check.
        previous: The same agency's report for the year before, for the cross-year rules.
        sources: The position in the source file of each cell (as readers return it); findings about a
            cell then carry it in ``location.source``.

    Returns:
        The findings, errors first; ``validation.valid`` is true when there is no error.

    Raises:
        TypeError: ``report`` or ``previous`` is not an :class:`~disclosure_report.AnnualReport`.
        ValueError: ``previous`` is not for the year before ``report``.

    Example:
        >>> from disclosure_report import validate
        >>> from disclosure_report.examples import seed_report
        >>> validate(seed_report()).valid
        True
    """
    if not isinstance(report, AnnualReport):
        raise TypeError(f"validate() needs an AnnualReport, got {type(report).__name__}")
    findings: list[Finding] = []
    for check in CHECKS:
        findings.extend(check(report))
    if previous is not None:
        if not isinstance(previous, AnnualReport):
            raise TypeError(f"previous must be an AnnualReport, got {type(previous).__name__}")
        if previous.metadata.year != report.metadata.year - 1:
            raise ValueError(
                f"previous is the report for {previous.metadata.year}, "
                f"but the year before {report.metadata.year} is {report.metadata.year - 1}"
            )
        findings.extend(check_against_previous(report, previous))
    if sources:
        findings = [_with_source(f, sources) for f in findings]
    findings.sort(key=lambda f: f.severity.rank)  # stable: form order within a severity
    return Validation(tuple(findings))


def _with_source(finding: Finding, sources: Mapping[CellRef, str]) -> Finding:
    where = finding.location
    if where.source is not None or where.table is None:
        return finding
    if where.row is not None and where.column is not None:
        ref: CellRef | None = (where.table, where.row, where.column)
    else:
        # A relation's stated cell comes last among its cells.
        ref = finding.cells[-1] if finding.cells else None
    position = sources.get(ref) if ref is not None else None
    if position is None:
        return finding
    return attrs.evolve(finding, location=attrs.evolve(where, source=position))


def _form_key(table: TableKind | None, key: str | None, *, row: bool) -> FormKey | None:
    if key is None:
        return None
    for version in TemplateVersion:
        kinds = [table] if table is not None else list(TableKind)
        for kind in kinds:
            for spec_row, spec_column in table_spec(kind, version).cells:
                candidate = spec_row.key if row else spec_column.key
                if candidate.key == key:
                    return candidate
    raise ValueError(f"unknown {'row' if row else 'column'} key {key!r}")


def finding_from_row(row: Mapping[str, Any]) -> Finding:
    """A finding rebuilt from its flat row (:meth:`Finding.as_row`), e.g. after crossing a process boundary.

    Expected and actual values come back as the row holds them (ints, or strings for other values).

    Raises:
        ValueError: The row names an unknown code or key.
    """
    code = str(row["code"])
    if code not in RULES:
        raise ValueError(f"unknown finding code {code!r}")
    table = TableKind(row["table"]) if row.get("table") else None
    cells: list[CellRef] = []
    for ref in filter(None, str(row.get("cells") or "").split(";")):
        table_key, row_key, column_key = ref.split(".")
        kind = TableKind(table_key)
        cells.append(
            (kind, _form_key(kind, row_key, row=True), _form_key(kind, column_key, row=False))  # type: ignore[arg-type]
        )
    return Finding(
        code=code,
        severity=RULES[code].severity,
        message_zh=str(row["message_zh"]),
        message_en=str(row["message_en"]),
        location=Location(
            section=Section(row["section"]) if row.get("section") else None,
            table=table,
            row=_form_key(table, row.get("row"), row=True),
            column=_form_key(table, row.get("column"), row=False),
            source=row.get("source"),
        ),
        expected=row.get("expected"),
        actual=row.get("actual"),
        cells=tuple(cells),
        evidence=row.get("evidence"),
    )


def findings_by_cell(findings: Iterable[Finding]) -> dict[CellRef, list[Finding]]:
    """The findings that involve each cell, in the order given (for highlighting cells)."""
    cells: dict[CellRef, list[Finding]] = {}
    for finding in findings:
        for cell in finding.cells:
            cells.setdefault(cell, []).append(finding)
    return cells
