"""Statements in the text against the tables: "未收到申请" with requests counted, "收到申请26件" with 25.

Each kind of statement is a pattern with the words it cannot match without, so a sentence is searched only
for the patterns whose words it holds (most sentences hold none). Numbers may be written in Arabic digits
or in Chinese numerals.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

import attrs

from .._form import (
    Applicant,
    CellKey,
    DisclosureColumn,
    DisclosureRow,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
    TemplateVersion,
    labels,
    table_spec,
)
from .._model import AnnualReport, CellRef, sum_cells
from .findings import Finding, Location

__all__ = ["check_text_against_tables"]

_SENTENCE_END: Final = re.compile(r"[。；;！!？?\n]")
# A number as written, in Arabic digits (with thousands separators, maybe in 万) or in Chinese numerals.
# Approximate numbers state no figure: "约20件", "近百件", "数十件", "20余件", "十多件" are not read.
_NUMBER: Final = (
    r"(?<![约近逾超数几])(\d[\d,]*(?:\.\d+)?(?:\s*万)?|[零〇一二两三四五六七八九十百千万亿]+)(?![\d余多来几])"
)
# What is counted in requests: 件 (a 个 of days or hours is a time limit: "20个工作日内予以答复").
_COUNTED: Final = r"\s*(?:件|份|条|个(?!工作日|自然日|日|月|小时|天|星期|周|季度|年))"
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
    keys: tuple[CellKey, ...]
    """The cells whose sum the statement is about (those the report's version has)."""
    says_none: bool
    words: tuple[str, ...] = ()
    """Words the pattern cannot match without: a sentence without any is not searched."""
    also: tuple[CellKey, ...] = ()
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

    def _present(self, report: AnnualReport, keys: Sequence[CellKey]) -> list[Any]:
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
# 规范性文件: the 2019 label, also found inside the 2021 one (行政规范性文件).
_NORMATIVE: Final = table_spec(_D, TemplateVersion.V2019).row(DisclosureRow.NORMATIVE_DOCUMENTS).label
_RECEIVE: Final = r"(?:收到|受理|接收|接到)"
_GAP: Final = r"[^。；;，,\d]{0,16}?"
_NOT_REVIEW: Final = r"(?:(?!复议|诉讼)[^。；;\d]){0,20}?"
_NOT_REVIEW_TEXT: Final = r"(?:(?!复议|诉讼)[^。；;]){0,20}?"

_CLAIMS: Final = (
    _Claim(
        # "未收到政府信息公开和行政复议申请" lists requests among what was not received; "未收到因政府
        # 信息公开工作引起的行政复议申请" is about review only.
        re.compile(
            r"(?:未|没有)"
            + _RECEIVE
            + _NOT_REVIEW_TEXT
            + r"(?:信息公开|依申请)(?:"
            + _NOT_REVIEW_TEXT
            + r"申请|(?:申请)?[和及与、或][^。；;]{0,12}?申请)"
        ),
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
        re.compile(_RECEIVE + _NOT_REVIEW + r"申请" + _GAP + _NUMBER + _COUNTED),
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
        # Not "尚未办结3件": what is still open is not what was processed.
        re.compile(r"(?<!未)办结" + _GAP + _NUMBER + _COUNTED),
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
        words=(ReviewRow.ADMINISTRATIVE_REVIEW.label,),
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
        words=(labels.REVIEW_LITIGATION_HEADER,),
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
        words=(DisclosureRow.REGULATIONS.label, _NORMATIVE),
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
        words=(DisclosureRow.FEES.label,),
    ),
    _Claim(
        re.compile(DisclosureRow.FEES.label + _GAP + _NUMBER + r"\s*万元"),
        "行政事业性收费{number}万元",
        "administrative fees of {number} 万元",
        "“行政事业性收费”本年收费金额",
        "the fee amount",
        _D,
        _FEES,
        says_none=False,
        words=(DisclosureRow.FEES.label,),
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
_LARGE: Final = (("亿", 10**8), ("万", 10**4))


def _number(text: str) -> int | Decimal:
    """A number written in Arabic digits (with thousands separators, maybe in 万) or in Chinese numerals.

    Exact whatever its length (a long number of digits is a ``Decimal``, not an ``int`` beyond Python's
    limit on converting digits).
    """
    if text[0].isdigit():
        digits, tens_of_thousands = text.replace(",", ""), False
        if digits.endswith("万"):
            digits, tens_of_thousands = digits[:-1].strip(), True
        value: int | Decimal = Decimal(digits) if "." in digits or len(digits) > 18 else int(digits)
        return value * 10_000 if tens_of_thousands else value
    return _chinese(text)


def _chinese(text: str) -> int:
    """A number in Chinese numerals: 二十三, 一百零五, 一万二千, 三亿五千万."""
    for unit, size in _LARGE:
        if unit in text:
            high, _, low = text.rpartition(unit)
            return (_chinese(high) if high else 1) * size + (_chinese(low) if low else 0)
    total, digit = 0, None
    for character in text:
        if character in _DIGITS:
            digit = _DIGITS[character]
        else:  # 十, 百 or 千: the pattern admits nothing else
            total += (1 if digit is None else digit) * _UNITS[character]
            digit = None
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
                    yield Finding.of(
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
    figure = sum_cells(values[i] for i in positions)
    if figure is None:
        return None  # a blank figure is reported as a blank; the text cannot contradict it
    stated = 0 if claim.says_none else _number(match.group(1))
    if stated == figure:
        return None
    if also and stated == sum_cells(values[i] for i in (*positions, *also)):
        return None
    return stated, figure
