"""Reading the figures a report's text states: every number in its sections, and what it is about.

A number is read in its clause, as a reviewer reads it: the unit after it (件, %, 万元, 个工作日...), the
words right before it (第, 约, 占), and the nearest term before it that names something: a row, column or
category of the tables (新收, 予以公开, 自然人, 行政复议, 规范性文件...) or something the tables do not count
(主动公开, 培训, 建议提案...). A number that names a figure of the tables is a statement about it, when its
clause's subject is what the tables count: not a part of it (by topic, channel, article, or after 其中),
not cases of any kind, not a combined share or a rate whose base varies; a statement carries the body its
clause names and the year named before it, which :func:`text_figures` checks against the report's agency
and year. One that is a date, a duration, an article, a rate or a count of something else is recognised
as such; the rest are left unexplained, and said so, rather than guessed. The reader's specification is
the table of sentences in ``tests/data/statements.tsv``; ``tests/data/statements-heldout.tsv`` measures it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Final, Literal, NamedTuple

import attrs

from ..._form import (
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
from ..._model import AnnualReport, Metadata
from .patterns import LazyPattern

__all__ = [
    "DATE",
    "PART_OF_YEAR",
    "REMEMBERED_SENTENCE",
    "REMEMBERED_TEXT",
    "UNSURE_REASONS",
    "Statement",
    "Subject",
    "TextFigure",
    "certainty",
    "date_part",
    "forget_texts",
    "part_of_year",
    "plain_statements",
    "read_figures",
    "read_sentence",
    "remembered_figures",
    "remembered_readings",
    "text_figures",
]

FigureKind = Literal["exact", "approximate", "share", "none", "other", "unexplained"]


@attrs.frozen(cache_hash=True)  # a key of the positions it is placed at: hashed once
class Subject:
    """Something the tables count, as the text names it: its cells, and what a share of it is of.

    Attributes:
        id: A stable name: a row or category (``new``, ``granted``), an applicant type
            (``natural_person``), a group and result (``review/upheld``), a row and column
            (``normative_documents/issued``); ``+`` joins what one statement sums
            (``granted+partially_granted``).
        table: The table that holds it.
        readings: The cells whose sum it is, first as it is usually meant, then what else it may mean
            ("收到申请30件" may count last year's requests too); cells a version lacks are left out.
        shares_of: The totals a share of it may be of (``占50%``), likewise.
    """

    id: str
    table: TableKind
    readings: tuple[tuple[CellKey, ...], ...]
    shares_of: tuple[tuple[CellKey, ...], ...] = ()

    def positions(self, version: TemplateVersion, *, shares: bool = False) -> Positions:
        """Each reading (or each total, with ``shares``) as the cells of it the version has, and their places.

        The places are in the table's values; a reading the version lacks entirely is left out. Computed once
        per version: every checked figure of every report goes through it.
        """
        key = (self, version, shares)
        found = _POSITIONS.get(key)
        if found is None:
            index = table_spec(self.table, version).index
            present = (
                tuple(key for key in reading if key in index)
                for reading in (self.shares_of if shares else self.readings)
            )
            found = tuple((keys, tuple(index[key] for key in keys)) for keys in present if keys)
            if len(_POSITIONS) >= 4096:  # joined subjects are as many as texts make: kept bounded
                _POSITIONS.clear()
            _POSITIONS[key] = found
        return found


Positions = tuple[tuple[tuple[CellKey, ...], tuple[int, ...]], ...]
"""Cells and their places in a table's values: see :meth:`Subject.positions`."""
_POSITIONS: dict[tuple[Subject, TemplateVersion, bool], Positions] = {}


@attrs.frozen
class TextFigure:
    """A number in the text (or a "none" statement), read.

    Attributes:
        section: The section whose text holds it.
        sentence: The sentence, as written.
        number: The number as written (``"26"``, ``"２６"``, ``"二十六"``, ``"1.2万"``); empty for a
            "none" statement (``未发生行政复议``).
        kind: ``exact`` (states a figure of the tables), ``approximate`` (约, 近, 余, 多...: not checked
            as a figure), ``share`` (a percentage of a total), ``none`` (says there was none), ``other``
            (a date, duration, article, rate, or a count of something the tables do not hold) or
            ``unexplained``.
        subject: What it is about, for the first four kinds.
        value: The number's value (in 万元 for an amount in 元); 0 for a "none" statement.
        places: For a share or a number in 万 with decimals, the decimal places stated: checked to that
            precision.
        reason: For ``other``, what it was recognised as (``date``, ``duration``, ``article``, ``rate``,
            ``change``, ``another year``, ``part of the year``, ``other count``, ``money``, ``still open``,
            ``identifier``, ``sum``: what there was to process, new and carried over; ``part``: a part
            of a figure, by topic, channel or article, or after 其中;
            ``cases``: cases of any kind; ``reviewing body``: review applications the agency decides;
            ``not disclosure``: things said not to be about disclosure; ``combined share``: a share of
            figures named before it; ``another body``: a figure of another body than the report's agency,
            in :func:`text_figures`).
        at: Where the number is in the sentence (its first character's offset).
        body: For a statement, the body its clause names as what counts (``全区``, ``区政府办``,
            ``市本级``, ``我局``), or ``""`` when none is named: :func:`text_figures` checks it against the
            report's agency.
        year: For a statement, the year named before it in its sentence (``2022年共收到…``), if any:
            :func:`text_figures` checks it against the report's year.
    """

    section: Section | None
    sentence: str
    number: str
    kind: FigureKind
    subject: Subject | None = None
    value: int | Decimal | None = None
    places: int | None = None
    reason: str = ""
    at: int = 0
    body: str = ""
    year: int | None = None


# --- subjects ---------------------------------------------------------------------------------------------

_R, _V, _D = TableKind.REQUESTS, TableKind.REVIEW_LITIGATION, TableKind.ACTIVE_DISCLOSURE
_LEGAL_PERSONS: Final = tuple(a for a in Applicant if a.is_legal_person)


def _requests(
    rows: Sequence[RequestRow], columns: Sequence[Applicant] = (Applicant.TOTAL,)
) -> tuple[CellKey, ...]:
    return tuple((row, column) for row in rows for column in columns)


_PROCESSED_TOTAL: Final = _requests([RequestRow.TOTAL])
_NEW_TOTAL: Final = _requests([RequestRow.NEW])
_RECEIVED_TOTAL: Final = _requests([RequestRow.NEW, RequestRow.CARRIED_OVER])
# Outcome statements are shares of what was processed (or of what was received, as some reports write).
_OUTCOME_TOTALS: Final = (_PROCESSED_TOTAL, _NEW_TOTAL, _RECEIVED_TOTAL)


def _rows(subject_id: str, rows: Sequence[RequestRow], *, shares: bool = True) -> Subject:
    cells = _requests(rows)
    return Subject(subject_id, _R, (cells,), _OUTCOME_TOTALS if shares else ())


def _outcome(prefix: str, *rows: RequestRow) -> Subject:
    sub_rows = tuple(row for row in RequestRow if row.name.startswith(prefix)) + rows
    return _rows(prefix.rstrip("_").lower(), sub_rows)


def _applicant(subject_id: str, columns: Sequence[Applicant]) -> Subject:
    # An applicant type counts new requests, or (as some reports write) what was received or processed.
    rows = ([RequestRow.NEW], [RequestRow.NEW, RequestRow.CARRIED_OVER], [RequestRow.TOTAL])
    return Subject(
        subject_id,
        _R,
        tuple(_requests(r, columns) for r in rows),
        (_NEW_TOTAL, _RECEIVED_TOTAL, _PROCESSED_TOTAL),
    )


def _review(subject_id: str, rows: Sequence[ReviewRow], column: ReviewColumn = ReviewColumn.TOTAL) -> Subject:
    cells = tuple((row, column) for row in rows)
    totals = () if column is ReviewColumn.TOTAL else (tuple((row, ReviewColumn.TOTAL) for row in rows),)
    return Subject(subject_id, _V, (cells,), totals)


def _disclosure(subject_id: str, rows: Sequence[DisclosureRow], *columns: DisclosureColumn) -> Subject:
    # Each column is a reading: the same figure is in 本年制发件数 (2021) or 本年新制作数量 (2019).
    return Subject(subject_id, _D, tuple(tuple((row, column) for row in rows) for column in columns))


_LITIGATION_ROWS: Final = (ReviewRow.LITIGATION_DIRECT, ReviewRow.LITIGATION_AFTER_REVIEW)
_GROUPS: Final = {
    "review": (ReviewRow.ADMINISTRATIVE_REVIEW,),
    "litigation": _LITIGATION_ROWS,
    "litigation_direct": (ReviewRow.LITIGATION_DIRECT,),
    "litigation_after_review": (ReviewRow.LITIGATION_AFTER_REVIEW,),
}
_RESULTS: Final = {
    "upheld": ReviewColumn.UPHELD,
    "corrected": ReviewColumn.CORRECTED,
    "other": ReviewColumn.OTHER,
    "pending": ReviewColumn.PENDING,
}
_DOCUMENTS: Final = {
    "regulations": (DisclosureRow.REGULATIONS,),
    "normative_documents": (DisclosureRow.NORMATIVE_DOCUMENTS,),
}
_ACTIONS: Final = {
    "issued": (DisclosureColumn.ISSUED, DisclosureColumn.NEWLY_MADE),
    "repealed": (DisclosureColumn.REPEALED,),
    "in_force": (DisclosureColumn.IN_FORCE,),
}
_DECISIONS: Final = (DisclosureColumn.DECIDED, DisclosureColumn.DECISIONS)


# --- terms: the words that name things --------------------------------------------------------------------

Role = Literal["subject", "group", "result", "document", "action", "other", "open", "neutral"]


@attrs.frozen
class _Term:
    role: Role
    key: str
    """The subject's id, a group, result, document or action name, or what an ``other`` term counts."""


def _sub_reason_words() -> dict[str, RequestRow]:
    """Each sub-reason by its label without its ordinal (``属于国家秘密``), and by its short forms."""
    words = {}
    for row in RequestRow:
        if row.outcome is not None and row.label[:1].isdigit() and not row.label.endswith("其他"):
            words[row.label.split(".", 1)[1]] = row
            words |= dict.fromkeys(labels.REQUEST_ROW_ALIASES.get(row.key, ()), row)
    return words


_SUB_REASONS: Final = _sub_reason_words()

_SUBJECTS: Final[dict[str, Subject]] = {
    "new": Subject("new", _R, (_NEW_TOTAL, _RECEIVED_TOTAL)),
    "carried_over": _rows("carried_over", [RequestRow.CARRIED_OVER], shares=False),
    "carried_forward": _rows("carried_forward", [RequestRow.CARRIED_FORWARD], shares=False),
    "processed": Subject("processed", _R, (_PROCESSED_TOTAL,)),
    # 办理 may mean what was processed or what there was to process.
    "handled": Subject("processed", _R, (_PROCESSED_TOTAL, _RECEIVED_TOTAL, _NEW_TOTAL)),
    "granted": _rows("granted", [RequestRow.GRANTED]),
    "partially_granted": _rows("partially_granted", [RequestRow.PARTIALLY_GRANTED]),
    "withheld": _outcome("WITHHELD_"),
    "unavailable": _outcome("UNAVAILABLE_"),
    "not_processed": _outcome("NOT_PROCESSED_"),
    "other_processing": Subject(
        "other_processing",
        _R,
        (
            _requests(
                [
                    row
                    for row in RequestRow
                    if row.outcome is not None and row.outcome.key == "other_processing"
                ]
            ),
        ),
        _OUTCOME_TOTALS,
    ),
    **{row.key: _rows(row.key, [row]) for row in set(_SUB_REASONS.values())},
    "natural_person": _applicant("natural_person", [Applicant.NATURAL_PERSON]),
    "legal_person": _applicant("legal_person", _LEGAL_PERSONS),
    **{a.key: _applicant(a.key, [a]) for a in _LEGAL_PERSONS if a is not Applicant.OTHER},
    **{group: _review(group, rows) for group, rows in _GROUPS.items()},
    "licensing": _disclosure("licensing", [DisclosureRow.LICENSING], *_DECISIONS),
    "penalty": _disclosure("penalty", [DisclosureRow.PENALTY], *_DECISIONS),
    "coercion": _disclosure("coercion", [DisclosureRow.COERCION], *_DECISIONS),
    "fees": _disclosure("fees", [DisclosureRow.FEES], DisclosureColumn.FEE_AMOUNT),
}

# 规范性文件: the 2019 label, also found inside the 2021 one (行政规范性文件).
_NORMATIVE: Final = labels.VERSION_DISCLOSURE_ROWS["2019"]["normative_documents"]
_WORDS: Final[dict[str, _Term]] = {
    **dict.fromkeys(("新收", "收到", "受理", "接收", "接到", "新增"), _Term("subject", "new")),
    # 共收到并办理…24件: what was received (the form's first row), also handled; not a sum of the two.
    **dict.fromkeys(
        (f"{receive}{joined}办理" for receive in ("收到", "受理", "接收", "接到") for joined in "并和及"),
        _Term("subject", "new"),
    ),
    **dict.fromkeys(
        (
            *("上年结转", "上年度结转", "上一年度结转", "上年度未办结", "上年遗留"),
            *("上年结转办理", "上年度结转办理", "上一年度结转办理"),  # 上年度结转办理2件: carried over
        ),
        _Term("subject", "carried_over"),
    ),
    **dict.fromkeys(("办结", "答复", "办理完毕", "处理完毕", "作出处理"), _Term("subject", "processed")),
    **dict.fromkeys(("办理", "处理"), _Term("subject", "handled")),
    # 应办理303件: what there was to process (new and carried over), no row of its own.
    **dict.fromkeys(
        (
            *("应办理", "需办理", "需要办理", "共需办理", "应处理", "需处理", "需要处理", "共需处理"),
            *("应予办理", "应予处理"),
        ),
        _Term("other", "sum"),
    ),
    "提出": _Term("subject", "new"),
    **{short: _Term("subject", key) for key, short in labels.OUTCOME_SHORT.items()},
    **{
        alias: _Term("subject", key)
        for key in ("granted", "partially_granted", "other_processing")
        for alias in labels.REQUEST_ROW_ALIASES[key]
    },
    **{word: _Term("subject", row.key) for word, row in _SUB_REASONS.items()},
    Applicant.NATURAL_PERSON.label: _Term("subject", "natural_person"),
    labels.REQUESTS_LEGAL_PERSONS_HEADER: _Term("subject", "legal_person"),
    **{a.label: _Term("subject", a.key) for a in _LEGAL_PERSONS if a is not Applicant.OTHER},
    **{
        alias: _Term("subject", key) for key, aliases in labels.APPLICANT_ALIASES.items() for alias in aliases
    },
    ReviewRow.ADMINISTRATIVE_REVIEW.label: _Term("group", "review"),
    **dict.fromkeys((labels.REVIEW_LITIGATION_HEADER, "起诉", "诉讼"), _Term("group", "litigation")),
    # 复议 alone (复议申请, 复议、诉讼案件) is review; 复议机关 and 复议后起诉 are longer words of their own.
    "复议": _Term("group", "review"),
    **dict.fromkeys(
        (
            *(ReviewRow.LITIGATION_DIRECT.label, "直接起诉", "直接提起行政诉讼", "直接提起诉讼"),
            *("直接被提起行政诉讼", "直接被提起诉讼", "直接被起诉"),
        ),
        _Term("group", "litigation_direct"),
    ),
    **dict.fromkeys(
        (ReviewRow.LITIGATION_AFTER_REVIEW.label, "复议后提起行政诉讼", "复议后提起诉讼"),
        _Term("group", "litigation_after_review"),
    ),
    **{
        column.label: _Term("result", column.key)
        for column in ReviewColumn
        if column is not ReviewColumn.TOTAL
    },
    "维持": _Term("result", "upheld"),
    **dict.fromkeys(
        ("纠正", "纠错", "撤销", "确认违法", "败诉", "责令重新答复", "责令重新作出答复"),
        _Term("result", "corrected"),
    ),
    # 驳回诉讼请求 is how a court upholds an act since 2015 (判决驳回原告诉讼请求).
    **dict.fromkeys(
        (
            f"{judged}{rejected}"
            for judged in ("", "判决")
            for rejected in ("驳回诉讼请求", "驳回原告诉讼请求", "驳回原告的诉讼请求")
        ),
        _Term("result", "upheld"),
    ),
    "判决驳回": _Term("result", "upheld"),
    **dict.fromkeys(("撤诉", "撤回起诉", "撤回诉讼", "终止审理", "终止"), _Term("result", "other")),
    **dict.fromkeys(
        (
            "未审结",
            "正在审理",
            "审理中",
            "尚在审理",
            "仍在审理",
            "尚未判决",
            "尚未开庭",
            "尚未作出复议决定",
            "尚未作出决定",
        ),
        _Term("result", "pending"),
    ),
    DisclosureRow.REGULATIONS.label: _Term("document", "regulations"),
    **dict.fromkeys(
        (DisclosureRow.NORMATIVE_DOCUMENTS.label, _NORMATIVE), _Term("document", "normative_documents")
    ),
    **dict.fromkeys(("制发", "制定", "出台", "印发", "发布", "新制定"), _Term("action", "issued")),
    **dict.fromkeys(("废止", "废除", "宣布失效"), _Term("action", "repealed")),
    "现行有效": _Term("action", "in_force"),
    # 失效2件、废止4件: lapsed documents, no column of the tables (宣布失效 is a repeal). 继续有效17件 after a
    # review (清理, 梳理) counts those kept among the ones reviewed, not surely all in force. Both act on
    # documents as a review does: no column, and no earlier action (新发布…4件) carried to them.
    **dict.fromkeys(("失效", "继续有效"), _Term("action", "reviewed")),
    # 用海用岛项目办理结果17件: the results of other business handled, not requests processed.
    "办理结果": _Term("other", "other count"),
    # 制定发布规范性文件4件，清理废止文件0件，现行有效文件20件: the documents named before, in short words
    # (文件 alone is no document of the tables: it takes the last named before it, or none).
    "废止文件": _Term("action", "repealed"),
    "现行有效文件": _Term("action", "in_force"),
    # Documents reviewed are neither issued nor repealed.
    **dict.fromkeys(("清理", "审查", "备案", "修改", "修订", "修正"), _Term("action", "reviewed")),
    DisclosureRow.LICENSING.label: _Term("subject", "licensing"),
    DisclosureRow.PENALTY.label: _Term("subject", "penalty"),
    DisclosureRow.COERCION.label: _Term("subject", "coercion"),
    **dict.fromkeys((DisclosureRow.FEES.label, "收费金额", "收取费用", "收费"), _Term("subject", "fees")),
    # What is still open is not what was processed; carried forward is a row of its own.
    **dict.fromkeys(
        ("尚未办结", "未办结", "正在办理", "尚在办理", "办理中", "待办理", "待处理"), _Term("open", "")
    ),
    # Words that hold a term's word but name nothing counted: 法定答复期限 is not 答复.
    **dict.fromkeys(
        ("答复期限", "答复时限", "办理期限", "办结时限", "答复期内", "答复期", "办理期内"),
        _Term("neutral", ""),
    ),
    # The answer a review or a court judged (维持原答复, 责令重新答复): not what was processed.
    **dict.fromkeys(("原答复", "重新答复", "重新作出答复"), _Term("neutral", "")),
    # Things the tables do not count: the nearest name before a number decides what it counts.
    **dict.fromkeys(
        (
            "主动公开",
            "按期办结",
            "按时办结",
            "延期办结",
            "逾期办结",
            "工作日内答复",
            "延期答复",
            "延长答复期限",
            "答复书",
            "决定书",
            "通知书",
            "告知书",
            "判决书",
            "裁定书",
            "受理平台",
            "受理点",
            "受理室",
            "受理大厅",
            "受理系统",
            "办件",
            "受理中心",
            "受理窗口",
            "审核",
            "问政",
            "投诉举报",
            "投诉",
            "举报",
            "当面",
            "网上申请",
            "在线申请",
            "信函",
            "邮寄",
            "电子邮件",
            "传真",
            "方式",
            "渠道",
            "提交",
            "复议机关",
            "答复意见",  # 政协提案答复意见37件: the answers to proposals, not requests processed
            "不予受理",  # 不予受理4件: not accepted (the old form's word), neither received nor a row
            "公开信息",
            "发布信息",
            "更新信息",
            "信息处理费",
            "培训",
            "会议",
            "发布会",
            "政务微博",
            "微博",
            "微信",
            "公众号",
            "网站",
            "访问",
            "浏览",
            "点击",
            "留言",
            "咨询",
            "热线",
            "专栏",
            "栏目",
            "解读",
            "建议",
            "提案",
            "议案",
            "信访",
            "来信",
            "来访",
            "工单",
            "诉求",
            "政策",
            "检查",
            "督查",
            "人员",
            "文件",
            "公告",
            "通知",
            "简报",
            "问答",
            "目录",
            "指南",
        ),
        _Term("other", "other count"),
    ),
}
# Longest first: at one place, 结转下年度继续办理 before 办理, 不予公开 before 公开.
# Terms with variable wording, as patterns; tried in order when a match is not one of the words.
_PATTERNS: Final = (
    (
        LazyPattern(r"(?:结转|顺延|转入)(?:至|到)?(?:下一?年度?|\d{4}年度?)(?:继续)?(?:办理|答复)?"),
        _Term("subject", "carried_forward"),
    ),
    (
        LazyPattern(r"(?:未经复议)?直接向(?:人民)?法院(?:提起)?(?:行政)?(?:诉讼|起诉)"),
        _Term("group", "litigation_direct"),
    ),
    # 结转至本年度, 上一年度结转至本年度办理: carried over from last year into this one.
    (
        LazyPattern(r"(?:上一?年度?)?(?:结转|转入)(?:至|到)本年度?(?:继续)?(?:办理)?"),
        _Term("subject", "carried_over"),
    ),
)


def _trie(words: Iterable[str]) -> str:
    """One pattern matching the longest of these words at a place, as a trie (``办(?:结|理(?:完毕)?)``).

    Python's regular expressions try the branches of an alternation one after the other at every place; a
    trie tries one character per level.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:  # a word ends here: the longer words first, then this one
            return f"(?:{body})?" if len(branches) == 1 and len(body) > 1 else body + "?"
        return body

    return pattern(root)


# The words that may begin a pattern's match: found by the trie, then the pattern is tried where they are.
_TRIGGERS: Final = {
    **{"结转": (0, 2), "顺延": (0,), "转入": (0, 2), "直接向": (1,), "未经复议直接向": (1,)},
    **dict.fromkeys(("上年结转", "上年度结转", "上一年度结转"), (2,)),  # a word of its own, or longer
}
_TERMS: Final = LazyPattern(_trie([*_WORDS, *_TRIGGERS]))


def _terms(text: str) -> list[tuple[int, int, _Term]]:
    """Every term of a sentence, longest first at each place, left to right."""
    found: list[tuple[int, int, _Term]] = []
    reached = 0
    for match in _TERMS.finditer(text):
        start, word = match.start(), match.group()
        if start < reached:
            continue  # inside a pattern's match
        if word in _TRIGGERS:
            for pattern, term in (_PATTERNS[index] for index in _TRIGGERS[word]):
                extended = pattern.match(text, start)
                if extended is not None:
                    if term.key == "carried_forward" and _YEAR_BEFORE.search(text, max(0, start - 8), start):
                        # 2022年结转至2023年2件: from a year into the next, the next year's carried over (the
                        # year the figure is of is the one after the first, as for 2022年结转的2件).
                        term = _CARRIED_OVER
                    found.append((start, extended.end(), term))
                    reached = extended.end()
                    break
            else:
                if word in _WORDS:
                    found.append((start, match.end(), _WORDS[word]))
                elif word == "结转" and _YEAR_BEFORE.search(text, max(0, start - 8), start):
                    found.append((start, match.end(), _CARRIED_OVER))  # 2023年结转的申请: into 2024
                elif (
                    word == "结转"
                    and _NUMBER_START.match(text, match.end())
                    and any(term.key == "processed" for _, _, term in found[-_MOST_JOINED:])
                ):
                    found.append((start, match.end(), _CARRIED_FORWARD))  # 办结56件，结转2件: what is left
        else:
            term = _WORDS[word]
            if term.key in _LEGAL_PERSON_TYPES:
                wider = _wider_applicants(text, match.end())
                if wider is not None:
                    found.append((start, wider[0], wider[1]))
                    reached = wider[0]
                    continue
            if term.key in _APPLICANTS and _AFTER_APPLICANT.match(text, match.end()):
                continue  # 企业职工, 企业经营: someone or something else than the applicant type
            found.append((start, match.end(), term))
    return found


def _wider_applicants(text: str, end: int) -> tuple[int, _Term] | None:
    """A legal person's type first in wider words (企业及其他组织, 企业、社会组织等): their end, and meaning.

    The rest of them (…及其他组织) or a list closed by 等 is every legal person; a list of bodies the form
    does not name (企业和社会组织) is some of them, which is not sure. None when no such words follow.
    At most :data:`_MOST_JOINED` bodies of at most 9 characters are looked at.
    """
    at, unnamed, rest = end, False, False
    for _ in range(_MOST_JOINED):
        joined = _JOINED_BODY.match(text, at)
        if joined is None:
            break
        body = joined.group("body")
        rest = rest or body.startswith(("其他", "其它"))
        named = _WORDS.get(body)
        unnamed = unnamed or named is None or named.key not in _APPLICANTS
        at = joined.end()
    closed = _CLOSED_LIST.match(text, at)
    if closed is not None or rest:
        return (closed.end() if closed is not None else at), _Term("subject", "legal_person")
    return (at, _Term("subject", _SOME_APPLICANTS)) if unnamed else None


# A body joined to an applicant type (企业、社会组织, 企业及其他组织), and the 等 that closes a list.
_JOINED_BODY: Final = LazyPattern(
    r"\s*[、和及与或]\s*(?P<body>(?!法人)[\u4e00-\u9fff]{0,6}?"
    r"(?:组织|单位|机构|团体|协会|学会|商会|公司|集团|事务所|学校|医院|合作社))"
)
_CLOSED_LIST: Final = LazyPattern(r"\s*等")
_SOME_APPLICANTS: Final = "some_applicants"
"""Some of the legal persons, not said which (企业和社会组织): no figure of the tables."""


# After an applicant type, a word that makes it part of another noun (企业职工 are natural persons).
_AFTER_APPLICANT: Final = LazyPattern(r"(?![申提的中共占为和及与或均各分数类])[\u4e00-\u9fff]")


# 新收申请、上年结转申请分别为…: the noun a term names may come before the conjunction.
_CARRIED_FROM: Final = LazyPattern(r"\s*年度?\s*结转(?!至下|到下|下)")
_YEAR_BEFORE: Final = LazyPattern(r"((?:19|20)\d\d)\s*年度?\s*$")
_CARRIED_OVER: Final = _Term("subject", "carried_over")
_CONJUNCTION: Final = LazyPattern(
    r"\s*(?:的?(?:申请|案件|决定)(?:数量|件数|数)?)?\s*(?:以及|和|及|与|、|或)\s*"
)


# --- numbers ----------------------------------------------------------------------------------------------

_CHINESE_DIGITS: Final = "零〇一二两三四五六七八九十百千万亿"
_TEN_THOUSANDS: Final = LazyPattern(r"\s*([万亿])(?!元)")
# After a number: approximations (30余件, 30件左右) and the unit.
_AFTER_APPROXIMATE: Final = LazyPattern(r"\s*(?:余|多|来|几)")
_UNITS_WRITTEN: Final = (
    *("个工作日", "工作日", "个自然日", "自然日", "个小时", "小时", "分钟", "个月", "个百分点"),
    *("%", "％", "万元", "余万元", "亿元", "余亿元", "元"),
    *("年度", "年", "月", "日", "天", "周", "星期", "秒", "时", "号", "季度"),
    *(
        "人次",
        "件",
        "份",
        "起",
        "宗",
        "个",
        "项",
        "条",
        "例",
        "次",
        "篇",
        "场",
        "期",
        "人",
        "名",
        "家",
        "批",
        "批次",
    ),
    *(
        "套",
        "部",
        "册",
        "处",
        "所",
        "种",
        "分",
        "章",
        "款",
        "节",
        "户",
        "台",
        "本",
        "张",
        "块",
        "间",
        "栋",
        "辆",
    ),
    *("平方米", "米", "公里", "位", "支", "座", "网", "轮", "届"),
)
_UNIT: Final = LazyPattern(r"\s*(?P<unit>" + _trie(_UNITS_WRITTEN) + ")")
# What may follow a Chinese numeral that counts: a unit's first character, an approximation, a space.
_AFTER_CHINESE: Final = frozenset(
    "个工自小分件份起宗项条例次篇场期人名家批套部册处所种章款节户台本张块间栋辆平米公位支座网轮届"
    "年月日天周星秒时号季元余多来几% \u3000"
)
# A number: Arabic digits (with thousands separators) or Chinese numerals. Every branch begins with a set of
# characters, so that the search skips the other characters quickly.
_NUMBER: Final = LazyPattern(
    rf"[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[{_CHINESE_DIGITS}]+"
)
# Where a sentence may hold something to read: a digit, a Chinese numeral before a unit, a negation.
# (Searched character by character, as a set: Python's regular expressions skip fast only to a set.)
_CANDIDATE: Final = LazyPattern(f"[0-9{_CHINESE_DIGITS}未没无不]")
_NEGATED: Final = ("收取", "涉及", "设置")
"""What 不 may deny in a "none" statement (不收取行政事业性收费); any other 不 is no candidate."""
_NUMBER_START: Final = LazyPattern(f"[0-9{_CHINESE_DIGITS}]")
_ORDINAL: Final = LazyPattern(r"[)）]?\s*(?:条|款|项|章|节|季度|批|次|届|名|位|个|轮|部分)")
_TRAILING_APPROXIMATE: Final = LazyPattern(r"\s*(?:左右|上下|以上|以下|之多)")
_BEFORE_APPROXIMATE: Final = LazyPattern(r"(?:约|近|逾|超过|超|将近|大约|接近|多达)\s*$")
# Before a Chinese numeral only: 数十, 几十, 上百 (before digits, 数 ends a word: 总数30件).
_BEFORE_APPROXIMATE_WORD: Final = LazyPattern(r"(?:数|几|上)$")
_DURATIONS: Final = frozenset(
    "个工作日 工作日 个自然日 自然日 个小时 小时 分钟 个月 天 周 星期 秒 时".split()
)
_DATES: Final = frozenset(("年度", "年", "月", "日", "号", "季度"))
_TABLE_UNITS: Final = frozenset(("件", "份", "起", "宗", "个", "项", "条", "例"))
_COUNT_OF_REQUESTS: Final = frozenset(("件", "份", "宗", "起"))
_RATE: Final = LazyPattern(r"率|同比|环比|增长|增幅|增加|下降|降幅|减少|提高|提升|上升|降低|满意|达到|达")
_SHARE: Final = LazyPattern(r"占")
_APPROXIMATE_SHARE: Final = LazyPattern(r"(?:约|近|逾|超过|将近|大约|接近)占?")
# A clause about something else than this year's figure: a change, a part of the year, another year.
_CHANGE: Final = LazyPattern(r"比|较|相比|同比|环比|增加|减少|增长|下降|持平|率|以来|累计|去年|上年同期")
_WHOLE_YEAR: Final = LazyPattern(r"全年|本年|年内|当年|今年|1\s*月\s*(?:1\s*日\s*)?(?:至|到)\s*12\s*月")
PART_OF_YEAR: Final = LazyPattern(
    r"季度|上半年|下半年|月份"
    r"|(?P<first>\d{1,2})\s*月?\s*(?:至|到|-|—|－|~|～)\s*(?P<last>\d{1,2})\s*月"
    r"|截[至止]\s*(?:(?:19|20)\d\d\s*年)?\s*(?P<until>\d{1,2})\s*月"
)
# Each of its branches holds one of these words. Most sentences hold none, and the pattern, whose \d
# branches give the search no first character to skip to, would be tried at each of their places.
_PART_OF_YEAR_WORDS: Final = ("季度", "半年", "月")
_YEAR_WORD: Final = LazyPattern(r"(?:19|20)\d\d(?=\s*年)")
_SUB_REASON_KEYS: Final = frozenset(row.key for row in _SUB_REASONS.values())
_STATEMENTS: Final = frozenset(("exact", "approximate", "share", "none"))
_GENERAL_SUBJECTS: Final = frozenset(("new", "processed"))
"""Subjects a part of them may be worded as (其中2件…办结): only a row or category the form names is sure."""
_LAST_YEAR: Final = LazyPattern(r"上一?年度?|去年|前一年")
# After the unit, what is counted when it is not a request: 接入53个部门, 2261项事项.
_COUNTED_OTHER: Final = LazyPattern(
    r"\s*(?:部门|单位|乡镇|镇街|街道|社区|村|县区|区县|市县|委办局|科室|事项|平台|系统|网站|账号|栏目|窗口|站点|专栏"
    r"|领域|方面|人大|政协|建议|提案|议案)"  # 办理10件人大建议: proposals
)
# The agency as the body that decides reviews (作为行政复议机关), not as the one reviewed.
_AS_REVIEWER: Final = LazyPattern(r"作为(?:行政)?复议机关")
# What the reviewing body does with a review: receives (受理) or hears (审理) it.
_REVIEWING: Final = LazyPattern(r"受理|审理(?=[^，,。；;]{0,12}?复议)")
_NOT_DISCLOSURE: Final = LazyPattern(r"(?:非|不属于|不涉及)(?:政府)?信息公开|与(?:政府)?信息公开无关")
_TOPIC: Final = LazyPattern(r"(?:涉及|关于|有关|针对)(?P<topic>[^，,。；;：:（）()]{1,16}?)的")
# A topic that is what the tables count: 涉及政府信息公开的行政复议, 涉及本单位的行政诉讼.
_OWN_TOPIC: Final = LazyPattern(r"信息公开|依申请|本|我")
_ARTICLE: Final = LazyPattern(r"(?:依据|根据|按照|依照)[^，,。；;]{0,24}?第[^条，,。；;]{1,6}条")
# Fees waived or refunded: not what was collected.
_WAIVED: Final = LazyPattern(r"免收|免征|减免|减收|减征|退还|退费|清退")
# What 办理, 受理 or 答复 may act on besides requests for information (依申请公开事项 are requests).
_OTHER_OBJECTS: Final = LazyPattern(r"(?<!公开)事项|业务|登记|审批|手续|证照|执照|许可|备案")
# Where letters, messages and calls come, and what they are (县长信箱, 12345热线, 网民留言, 来访信件): what is
# received or processed there is not a request, unless 申请 is named after it (通过市长信箱提交的申请).
_OTHER_CHANNELS: Final = LazyPattern(r"信箱|热线|留言|工单|诉求|来电|来信|来访|信件")
# Cases handled (办理, 应诉): of any matter, unless the words say they are about disclosure.
_HANDLING: Final = LazyPattern(r"办理|应诉")
# A clause naming those a figure counts, before it: 对要求提供公开出版物的，
_FOR_THOSE: Final = LazyPattern(r"\s*对[^，,。；;]{1,40}的\s*")
_THOSE: Final = LazyPattern(r"\s*对?[^，,。；;]{1,40}的\s*")  # 所申请信息本机关不掌握的，告知…233件
# A reason in the text's own words before a category: 对…的，不予处理7件; 因…，其他处理2件.
_QUALIFIED: Final = LazyPattern(r"(?:对|因|属于|由于)[^，,。；;]{1,24}?(?:的|[，,])[^，,。；;]{0,6}$")
# What a part of a figure is worded in: 其中…, （含…）, 在办结的申请中，…
_WITHIN: Final = LazyPattern(r"其中|含|中[，,]")
_CHANNEL: Final = LazyPattern(
    r"通过|经由|网上|网络|在线|当面|现场|信函|邮寄|邮件|传真|电话|平台|窗口|政府网站|门户网站|小程序|客户端"
)
# 征地补偿类申请: a topic as a kind (各类, 该类, 此类 are not topics).
_KIND_OF: Final = LazyPattern(r"(?<![各该此这多两几诸])类(?:政府信息公开|依申请公开|信息公开)?申请")
_COMBINED: Final = LazyPattern(r"合计|共计|总计|累计|二者|两者|三者|两项|三项|以上|上述|共占")
_DEFINED: Final = LazyPattern(r"\s*[（(][^）)]{0,40}?(?:占|/|÷|除以|之比|比例|比重)")

# Who counts: the body a clause names first (after a year or 本年度), when the clause goes on to what it did.
_SELF_BODY: Final = (
    r"(?:我|本)(?:们|单位|机关|部门|中心|公司|集团|系统|街道办事处|街道办|街道|街办|办事处"
    r"|[局委厅办院署所站会校馆处科队室区市县省镇乡旗州])"
    r"|全(?:局|委|厅|署|院|中心|机关)(?![\u4e00-\u9fff]{0,8}?系统)"  # 全厅: the agency as a whole
    r"|[部局厅委署办]机关"  # 部机关: the ministry's own offices
)
_AREAS: Final = r"国|省|市|区|县|镇|乡|旗|州|盟|街道"  # 全国: the country, never one agency's area
_WHOLE_AREA: Final = r"(?:各级行政机关|各级政府|行政机关|各部门|各单位|政府系统)?"
# 全区: the area; 全市教育系统, 全区医疗卫生机构: a sector of it (another body than a department); 各区, 各镇:
# its parts.
_SECTOR: Final = r"[\u4e00-\u9fff]{1,8}?(?:系统|机构|行业)"
_AREA_BODY: Final = (
    # 全区各职能部门、镇街共收到…: the area's bodies listed, up to what they did together (at most 24).
    rf"全(?:{_AREAS})各[^，,。；;：:共合]{{1,24}}?(?=\s*(?:共|合计))"
    rf"|全(?:{_AREAS})(?:{_SECTOR}|{_WHOLE_AREA})|各(?:{_AREAS}|县区|区县|乡镇)"
    r"|各?县[（(][市区、]{1,3}[）)]区?"  # 县（市）区, 各县（市、区）: a city's parts
    r"|全系统"  # the agency's whole system: more than the agency
)
_BODY_ENDS: Final = (
    *("人民政府办公室", "人民政府办公厅", "人民政府", "政府办公室", "政府办公厅", "政府办", "政府"),
    *("街道办事处", "办事处", "委员会", "办公室", "办公厅", "部门", "单位", "乡镇", "镇街", "本级"),
    *("局", "委", "厅", "署", "中心", "办", "街道", "镇", "乡", "行政机关", "机关", "管委会"),
)
"""What a body's name ends with (县自然资源局, 区政府办, 市本级): as a trie, one character tried a level."""
# A name holds no particle or measure word: "无法提供的七件均为本机关…" names no body.
_NAMED_BODY: Final = rf"(?:(?![的件为均是了])[\u4e00-\u9fff]){{1,14}}?{_trie(_BODY_ENDS)}(?:本级)?"
_BODY: Final = LazyPattern(
    # The lead is kept once read (本年度街道: not 本年 and a body 度街道).
    r"\s*(?:(?:19|20)\d\d\s*年度?|本年度|本年|今年|全年|年内|当年|(?P<within>其中)|此外|另有)?+\s*"
    rf"(?P<body>{_SELF_BODY}|{_AREA_BODY}|{_NAMED_BODY}|街道办事处|街道|办事处)"
    r"\s*(?P<aside>[（(][^（）()]{1,12}[）)])?(?P<own>本级)?"
    r"(?=\s*(?:共|合计|全年|今年|本年|年内|累计|已|依法|先后|在|于|代表|作为|通过|办理|受理|收到|接收|新收|接到|答复"
    r"|办结|作出|制发|制定|印发|发布|出台|收取|征收|实施|审理|未|没有|无|严格|认真|积极|坚持|不涉及|涉及|因|被|对"
    r"|政府信息公开|[0-9]))"
)
# 向市政府及市政府办公室提出的申请5件: the body the requests were made to is who counts them.
_ADDRESSED: Final = LazyPattern(
    rf"向(?P<body>{_SELF_BODY}|{_NAMED_BODY})(?:[和及、与]{_NAMED_BODY})?[^，,。；;向]{{0,12}}?提(?:出|交)"
)
_PART_BODY: Final = LazyPattern(r"^各|(?:部门|单位|街道|乡镇|镇街|本级|县区|区县)$")
"""A body that is a part of an area: its departments, its sub-districts, the government itself (本级)."""
_GOVERNMENT: Final = LazyPattern(r"^(?:[\u4e00-\u9fff]{0,8}?)(?:人民)?政府$")
_ITSELF: Final = LazyPattern(r"[（(](?:含|[^（）()]*(?:办公室|办公厅|政府办)[）)])")
"""Brackets after a body that make it the body itself, apart from its area: （含办公厅）, （区政府办）."""
_OWN_LEVEL: Final = LazyPattern("本级")
_WITHIN_BEFORE: Final = LazyPattern(r"其中\s*[，,：:]?\s*$")
"""A clause that only says 其中: the body named in the next clause is a part of a figure before it."""
_IS_SELF: Final = LazyPattern(_SELF_BODY)
_IS_AREA: Final = LazyPattern(rf"全(?P<area>{_AREAS}){_WHOLE_AREA}")
_SHORT_NAMES: Final = (
    ("中华人民共和国", ""),
    ("人民政府", "政府"),
    ("街道办事处", "街道"),
    ("街道办", "街道"),  # 驼峰路街道办: the sub-district's office, as it calls itself
    ("办事处", ""),
    ("办公室", "办"),
    ("办公厅", "办"),
    ("管理委员会", "管委会"),
    ("委员会", "委"),
    ("和", ""),
    ("及", ""),
)

_SENTENCE_END: Final = LazyPattern(r"[。；;！!？?\n]")
_CLAUSE_END: Final = LazyPattern(r"[，,：:（）()\[\]【】]")

# Full-width ASCII (digits, punctuation) and the ideographic space, one for one into ASCII: the part of
# NFKC the patterns need, at a fraction of its cost, and keeping every character at its place.
# Only a text with full-width digits is translated: the patterns take full-width punctuation as it is.
_HALF_WIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH: Final = LazyPattern("[０-９％]")

# "None" statements: no number, a negation and what there was none of.
_APPLICANT_WORDS: Final = "|".join(
    (
        *(a.label for a in Applicant if a not in (Applicant.OTHER, Applicant.TOTAL)),
        labels.REQUESTS_LEGAL_PERSONS_HEADER,
        *labels.APPLICANT_ALIASES["legal_person"],
    )
)
_RECEIVE: Final = r"(?:收到|受理|接收|接到)"
_NOT_REVIEW_TEXT: Final = r"(?:(?!复议|诉讼)[^。；;]){0,20}?"
_NONE: Final = r"(?:(?:未|没有)(?:发生|收到|出现|涉及|被|接到|产生|有|办理|作出|因)|没有|无(?!法|正当))"
# "未发生被行政复议纠错的情况" is about corrections, not about review.
_NOT_RESULT: Final = r"(?![^。；;，,]{0,3}(?:纠错|纠正|败诉|维持))"
# The word each pattern needs, from the labels: a sentence without it is not searched.
_REVIEW_WORD, _LITIGATION_WORD = ReviewRow.ADMINISTRATIVE_REVIEW.label, labels.REVIEW_LITIGATION_HEADER
_FEES_WORD: Final = DisclosureRow.FEES.label
_NONE_STATEMENTS: Final = (
    # "未收到政府信息公开和行政复议申请" lists requests among what was not received; "未收到因政府信息
    # 公开工作引起的行政复议申请" is about review only.
    (
        LazyPattern(
            r"(?:未|没有)"
            + _RECEIVE
            + _NOT_REVIEW_TEXT
            + r"(?:信息公开|依申请)(?:"
            + _NOT_REVIEW_TEXT
            + r"申请(?![^。；;，,]{0,6}?(?:复议|诉讼))|(?:申请)?[和及与、或][^。；;]{0,12}?申请)"
            + r"|无(?:依申请公开|政府信息公开申请)"
            + rf"|(?:未|没有){_RECEIVE}[^。；;，,]{{0,4}}?(?:{_APPLICANT_WORDS})[^。；;，,]{{0,8}}?申请"
            # 未收到依申请公开政府信息, 未接到提出公开政府信息的申请, 未接到群众要求公开的信息
            + rf"|(?:未|没有){_RECEIVE}(?:依申请公开(?!工作)|[^。；;，,复诉]{{0,8}}?(?:要求|申请|提出)公开)"
        ),
        "new",
        "申请",
    ),
    (LazyPattern(_NONE + r"[^。；;，,]{0,20}?行政复议" + _NOT_RESULT), "review", _REVIEW_WORD),
    (
        LazyPattern(_NONE + r"[^。；;，,]{0,20}?(?:行政诉讼|复议[和及与、]诉讼)" + _NOT_RESULT),
        "litigation",
        "诉讼",
    ),
    (
        LazyPattern(
            r"(?:未|没有)(?:制定|制发|出台|印发|发布)[^。；;，,]{0,10}?"
            r"(?P<documents>规章(?:[和及与、或]\s*(?:行政)?规范性文件)?|(?:行政)?规范性文件)"
        ),
        "regulations+normative_documents/issued",
        "规",
    ),
    (
        LazyPattern(
            r"(?:(?:未|没有|不)(?:设置|收取|设立|涉及)[^。；;，,]{0,10}?|无[^。；;，,]{0,6}?)行政事业性收费"
        ),
        "fees",
        _FEES_WORD,
    ),
    (LazyPattern(r"(?:无|没有)(?:上一?年度?)结转|上一?年度?(?:无|没有)结转"), "carried_over", "结转"),
    (
        LazyPattern(
            r"(?:无|没有|未有)(?:需要?)?(?:结转|转入)(?:至|到)?(?:下一?年度?|(?:19|20)\d\d\s*年)"
            r"|(?:无|没有)下一?年度?结转"
        ),
        "carried_forward",
        "结转",
    ),
    *(
        # 未作出不予公开答复: none of one outcome.
        (
            LazyPattern(rf"(?:未|没有)(?:作出|出现|发生)(?:过)?{short}(?:答复|决定|的情况|情况|情形)"),
            key,
            short,
        )
        for key, short in labels.OUTCOME_SHORT.items()
    ),
)
_NONE_WORDS: Final = LazyPattern(r"未|没有|无|不(?:收取|涉及|设置)")  # as _NEGATED


@functools.lru_cache(maxsize=1024)
def _subject(subject_id: str) -> Subject:
    """The subject by its id, joined subjects (``a+b``) and group/result pairs included."""
    if subject_id in _SUBJECTS:
        return _SUBJECTS[subject_id]
    if "+" in subject_id and "/" not in subject_id:
        return _joined([_SUBJECTS[part] for part in subject_id.split("+")])
    rows, _, column = subject_id.partition("/")
    if column in _RESULTS:
        return _review(subject_id, [r for g in rows.split("+") for r in _GROUPS[g]], _RESULTS[column])
    return _disclosure(subject_id, [r for d in rows.split("+") for r in _DOCUMENTS[d]], *_ACTIONS[column])


def _joined(parts: Sequence[Subject]) -> Subject:
    """What a statement about several subjects at once ("予以公开及部分公开N件") means: their sum."""
    if len(parts) == 1:
        return parts[0]
    width = max(len(p.readings) for p in parts)
    readings = tuple(
        tuple(cell for p in parts for cell in p.readings[min(i, len(p.readings) - 1)]) for i in range(width)
    )
    shares = parts[0].shares_of if all(p.shares_of == parts[0].shares_of for p in parts) else ()
    return Subject("+".join(p.id for p in parts), parts[0].table, readings, shares)


# --- reading ----------------------------------------------------------------------------------------------


def text_figures(report: AnnualReport) -> tuple[TextFigure, ...]:
    """Every number the report's text states (sections 一, 五 and 六), read: what it is about, or what it is.

    Example:
        >>> from disclosure_report import text_figures
        >>> from disclosure_report.examples import seed_report
        >>> [(f.number, f.kind) for f in text_figures(seed_report()) if f.kind != "other"][:1]
        [('', 'none')]
    """
    found: tuple[TextFigure, ...] = ()
    for section, text in (
        (Section.OVERVIEW, report.overview),
        (Section.PROBLEMS, report.problems),
        (Section.OTHER_MATTERS, report.other_matters),
    ):
        if text:
            found += _for_report(*_section_figures(text, section), report.metadata)
    return found


def _for_report(
    figures: tuple[TextFigure, ...], scoped: tuple[int, ...], only_year: int | None, metadata: Metadata
) -> tuple[TextFigure, ...]:
    """The figures as statements of the report: each naming a body or a year (``scoped``) checked."""
    if not scoped or only_year == metadata.year:
        return figures  # the usual text: no body named, no other year (2023年，我局…)
    agency, year = metadata.agency, metadata.year
    resolved = list(figures)
    for index in scoped:
        resolved[index] = for_report(figures[index], agency, year)
    return tuple(resolved)


def _scoped(figures: tuple[TextFigure, ...]) -> tuple[tuple[int, ...], int | None]:
    """Where the statements naming a year or another body than the agency itself are, and their one year.

    The year is given when they name one and no body: such a text is decided by the report's year alone.
    """
    scoped = tuple(
        index
        for index, figure in enumerate(figures)
        if figure.kind in _STATEMENTS
        and (figure.year is not None or (figure.body and not _IS_SELF.match(figure.body)))
    )
    years = {figures[index].year for index in scoped}
    alone = all(not figures[index].body or _IS_SELF.match(figures[index].body) for index in scoped)
    only_year = years.pop() if len(years) == 1 and alone else None
    return scoped, only_year


def for_report(figure: TextFigure, agency: str, year: int | None) -> TextFigure:
    """The figure as a statement of a report of ``agency`` for ``year``, or as ``other`` when it is not.

    A statement whose sentence names another year (``2022年共收到…`` in a 2023 report) or another body
    (``全区`` in a department's report, ``区政府办`` or ``市本级`` in a government's) is not a figure of
    the report's tables: it is read as ``other``, with ``another year`` or ``another body``. When the
    report's year is unknown (``None``), a sentence naming any year is not known to be about it either.
    """
    if figure.kind not in _STATEMENTS:
        return figure
    if figure.year is not None and figure.year != year:
        return attrs.evolve(figure, kind="other", reason="another year")
    if figure.body and not about_agency(figure.body, agency):
        return attrs.evolve(figure, kind="other", reason="another body")
    return figure


# --- certainty: whether a statement is sure enough to warn on ----------------------------------------------

UNSURE_REASONS: Final[dict[str, tuple[str, str]]] = {
    "measure word": (
        "量词与表格所计不符（如申请以“条”计）",
        "its measure word is not what the table counts in",
    ),
    "term apart": (
        "数字旁没有表格的栏目名称或其常用简称",
        "no label of the tables (or its listed short form) stands right before the number",
    ),
    "two subjects": ("同一分句合说两项（如“收到和办理”）", "its clause joins two figures (收到和办理)"),
    "area": ("分句提到地区或多个机关（全区、各部门、镇街）", "its sentence names an area or several bodies"),
    "other period": (
        "分句提到上年、同比或部分月份",
        "its clause names last year, a comparison or some months",
    ),
    "part": (
        "分句说的是其中一部分（其中、涉及、按条款、按渠道）",
        "its clause names a part (其中, a topic, an article, a channel)",
    ),
    "other matter": (
        "分句提到复议申请、案件、建议提案、信件、咨询等其他事项",
        "its clause names review applications, cases, proposals, letters or other matters",
    ),
    "combined share": ("比例合说几项或未说明基数", "the share combines figures or its base is not stated"),
    "own categories": (
        "句中按表格以外的类别计数（如不予受理、拒绝）",
        "its sentence counts by categories of its own (不予受理, 拒绝), not the form's",
    ),
}
"""Why a statement is not sure, in Chinese and English: the one list :func:`certainty` and the
``text-figure-unsure`` finding share."""

_CLAUSE_BOUNDARY: Final = LazyPattern(r"[，,；;。：:！!？?\n]")
_LIST_BOUNDARY: Final = LazyPattern(r"[、]")
_AREA_WORDS: Final = LazyPattern(
    r"全(?:国|省|市|区|县|州|旗|盟|街道)|"  # 全镇, 全乡: a township's government is its area's one body
    r"各(?:部门|单位|级|职能|区|县|市|镇|乡|街道|县区|区县)|镇街|乡镇|本级|所属|下属|全系统"
)
_TWO_BODIES: Final = LazyPattern(
    r"(?:政府|办公室|办公厅|政府办|局|委|厅)(?:及|和|与|、)[\u4e00-\u9fff]{0,8}?(?:政府|办公室|办公厅|政府办|局|委|厅)"
)
_OTHER_PERIOD: Final = LazyPattern(
    r"上一?年度?(?!结转|遗留|未办结)|去年|同比|环比|较上年|比上年|月份|季度|上半年|下半年|以来"
    r"|(?:截至|截止)(?!\s*(?:本?年底|年末|(?:(?:19|20)\d\d\s*年)?\s*12\s*月\s*(?:31\s*日|底)))"
    r"|(?<![至到])(?<!12)(?<!\d)\d{1,2}\s*月(?!\s*1\s*日\s*(?:至|到|起))"
)
_PART_WORDS: Final = LazyPattern(
    r"涉及|关于|有关|针对|方面|领域|第[^，,。；;]{1,6}条|条例|按照|依据|根据|依照"
    r"|网络|网上|在线|信函|邮寄|当面|现场|传真|电子邮件|邮箱|平台|系统|窗口|渠道|按时|按期|逾期|法定期限|时限"
)
_CASE_WORDS: Final = r"复议|诉讼|案件"
_NAMED_MATTER_WORDS: Final = r"建议|提案|信件|来信|来访|信访|留言|工单|热线|信箱|咨询|投诉|举报|诉求"
"""Other matters than requests, reviews and suits, by name (事项, 结果 are said of reviews and suits too)."""
_OTHER_MATTER_WORDS: Final = rf"{_CASE_WORDS}|{_NAMED_MATTER_WORDS}|(?<!公开)事项|项目|结果|意见"
_OTHER_MATTERS: Final = LazyPattern(_OTHER_MATTER_WORDS)
_COUNTED_AFTER: Final = LazyPattern(rf"[\u4e00-\u9fff]{{0,4}}?(?:{_OTHER_MATTER_WORDS})")
"""What a measure word counts when a noun follows it (办理10件人大建议): another matter than requests."""
_REVIEW_WORDS: Final = LazyPattern(_CASE_WORDS)
_COMBINED_SHARE: Final = LazyPattern(r"合计|共计|总计|累计|二者|两者|三者|两项|三项|以上|上述|共占|之和")
_RATE_WORD: Final = LazyPattern(r"率")
_FILLER: Final = LazyPattern(
    r"(?:政府信息公开|依申请公开|信息公开|政府信息|依申请|公开申请|申请|的|了|为|是|共|计|总|数|量|件数|达|有|均|各"
    r"|事项|情况|处理|办理|处理决定|决定|数量|总数|总额|金额|收入|依申请公开件|申请件|公开件|案件|相关|信息|原答复"
    r"|提出|提交|请求|告知|申请人|依法|措施|公开政府信息|各类|作出"
    r"|[“”\"‘’]|\s)*"
)
_UNITS_FITTING: Final = {
    "requests": ("件", "份", "宗"),
    "review_litigation": ("件", "起", "宗", "例"),
    "active_disclosure": ("件", "个", "项", "宗", "起", "部"),
}
_MONEY_UNITS: Final = ("万元", "元")
_NAMING_ROLES: Final = frozenset(("subject", "group", "result", "document", "action"))


def certainty(figure: TextFigure) -> str:
    """Whether a statement is sure: ``""`` when it is, else why not (a key of :data:`UNSURE_REASONS`).

    Sure means the sentence says plainly that the figure is this agency's requests (or cases, decisions,
    documents, fees) of the report's year, counted as the form counts them:

    - the measure word fits what the table counts (requests in 件, not 条; fees in 万元);
    - a label of the tables or a listed short form stands right beside the number: before it with only
      the words of a request between (收到政府信息公开申请30件, 作出行政处罚决定627件), or right after it
      (1件被纠正); a row and column (or group and result) has its column (or result) named there;
    - the clause joins no two figures (收到和办理9件, 同意公开或部分公开81件);
    - the sentence names no area or several bodies (全区, 各部门, 市政府及市政府办公室), and the clause no
      other period (上年, 同比, 2月), no part of a total (a topic, an article, a channel, on time), no other
      matter (复议申请, 案件, 建议提案, 信件, also before a total whose subject is only implied, or after the
      measure word: 办理10件人大建议) and no outcome of the text's own (不予受理);
    - a share is of one figure, and no combined share or rate (二者合计占73%, 公开率).

    The tests are structural, a few fixed patterns over the sentence: they learn no wordings, so that a new
    wording makes a statement unsure rather than misread. Only a sure statement may warn; one that is not
    is reported as not checked, with this reason. Approximate figures and numbers that are not statements
    are never checked: ``""`` is returned for them.
    """
    if figure.kind not in _CHECKED_KINDS or figure.subject is None:
        return ""
    sentence, subject = figure.sentence, figure.subject
    table = subject.table.value
    requests = table == _R.value  # by value: a figure of another checkout's reader is judged too
    if figure.kind == "none":
        return _none_certainty(sentence, requests, figure.at)
    before = sentence[max(0, figure.at - _CERTAINTY_WINDOW) : figure.at]
    if _AREA_WORDS.search(before) or _TWO_BODIES.search(before) or _AREA_WORDS.search(figure.body):
        return "area"  # the body may be carried from the part before a semicolon (全县共受理…；无法提供6件)
    start = max((m.end() for m in _CLAUSE_BOUNDARY.finditer(before)), default=0)
    clause = before[start:]
    end = figure.at + len(figure.number)
    after = sentence[end : end + _CERTAINTY_WINDOW]
    if figure.kind == "share":
        if "+" in subject.id or _COMBINED_SHARE.search(clause):
            return "combined share"  # 予以公开和部分公开的…共28件，占49.1%: a share of two figures
        if _RATE_WORD.search(clause) and not _DEFINED.search(clause):
            return "combined share"  # 公开率: its base varies between agencies unless it is stated
    else:
        fitting = _MONEY_UNITS if subject.id == "fees" else _UNITS_FITTING[table]
        if not after.lstrip().startswith(fitting) and not (figure.value == 0 and not _UNIT.match(after)):
            return "measure word"  # 申请2条: items, not requests; a zero needs no measure word (金额为0)
    plain_clause = _ASIDE.sub("", clause)  # 行政强制措施（查封、扣押）26件: an aside is no part of the label
    item = plain_clause[max((m.end() for m in _LIST_BOUNDARY.finditer(plain_clause)), default=0) :]
    general = subject.id in _TOTAL_KEYS
    if general and (_OWN_CATEGORIES.search(before) or _OWN_CATEGORIES.search(after)):
        return "own categories"  # 答复7件，不予受理4件: 答复 is one of the text's own outcomes, not all
    if _OTHER_PERIOD.search(clause) and subject.id != "carried_over":
        return "other period"
    if subject.id in _GENERAL_SUBJECTS and _PART_WORDS.search(clause):
        return "part"
    if general and _OTHER_MATTERS.search(clause if _REQUEST_NOUN.search(item) else before):
        return "other matter"  # its subject implied (已办结3件) is what the sentence named before: 信件
    if _COUNTED_AFTER.match(after, _unit_end(after)):
        return "other matter"  # 办理10件人大建议: what is counted is named after the measure word
    if figure.kind == "share":
        return ""  # its term is the one the share is of, in the clause before
    parts = {_SAME_TOTAL.get(part, part) for part in _SUBJECT_PARTS.split(subject.id)}
    if "分别" in plain_clause:
        return "" if _respectively(plain_clause, after, parts) else "term apart"
    terms = _terms(item)
    if len({_SAME_TOTAL.get(term.key, term.key) for _, _, term in terms if term.key in _TOTAL_KEYS}) > 1:
        return "two subjects"  # 收到和办理9件: which of the two is not said
    if "+" in subject.id and ("或" in item or _TOTAL_KEYS.intersection(subject.id.split("+"))):
        return "two subjects"  # 同意公开或部分公开共81件: one or the other, or both; 收到和办理
    if _JOINED_VERBS.search(item):
        return "two subjects"  # 收到并办理24件: received, or processed?
    if "/" in subject.id and not any(term.key == subject.id.split("/")[1] for _, _, term in terms):
        return "term apart"  # 确定继续有效的…文件33件: the action (or result) itself must be named beside it
    if _label_before(item, terms, parts):
        return ""  # 收到政府信息公开申请30件, 作出行政处罚决定627件: the label right before it
    tail = after[_unit_end(after) :]
    tail = tail[: next((m.start() for m in _CLAUSE_BOUNDARY.finditer(tail)), len(tail))]
    lead = _LINK_AFTER.match(tail)
    first = _terms(tail[lead.end() if lead else 0 :])
    if first and first[0][0] == 0 and _SAME_TOTAL.get(first[0][2].key, first[0][2].key) in parts:
        return ""  # 1件被纠正, 12件将结转至2024年: the label right after it
    return "term apart"


def _respectively(clause: str, after: str, parts: set[str]) -> bool:
    """Whether labels listed, then 分别 and as many numbers, give this number its label in turn.

    予以公开、部分公开分别为12件、15件: the second number is the second label's, when the labels and the
    numbers of the clause are as many; any other count is not sure.
    """
    at = clause.rfind("分别")
    labels = [term for _, _, term in _terms(clause[:at]) if term.role in _NAMING_ROLES]
    rest = after[: next((m.start() for m in _CLAUSE_BOUNDARY.finditer(after)), len(after))]
    earlier = len(_LISTED_NUMBER.findall(clause, at))
    numbers = earlier + 1 + len(_LISTED_NUMBER.findall(rest))
    if len(labels) != numbers:
        return False
    key = labels[earlier].key
    return _SAME_TOTAL.get(key, key) in parts


_LISTED_NUMBER: Final = LazyPattern(r"(?<![0-9.,])[0-9][0-9.,]*")


def _unit_end(after: str) -> int:
    """Where the measure word after a number ends (0 when there is none)."""
    unit = _UNIT.match(after)
    return unit.end() if unit else 0


def _label_before(item: str, terms: list[tuple[int, int, _Term]], parts: set[str]) -> bool:
    """Whether the subject's label is the last before the number, with only the request's words between.

    The words between may hold the outcome a sub-reason is of (属于国家秘密的不予公开3件: 不予公开).
    """
    for index in range(len(terms) - 1, -1, -1):
        _, end, term = terms[index]
        if term.role not in _NAMING_ROLES:
            continue
        if _SAME_TOTAL.get(term.key, term.key) not in parts:
            if any(part.startswith(term.key + "_") for part in parts):
                continue  # the outcome its sub-reason is of, after the sub-reason
            if term.key in _TOTAL_KEYS and not parts & _TOTAL_KEYS:
                continue  # a request's verb after a row's label: 自然人提出申请39件, 无法提供答复9件
            return False
        gap = item[end:]
        for later_start, later_end, _ in reversed(terms[index + 1 :]):
            gap = gap[: later_start - end] + gap[later_end - end :]
        return _FILLER.fullmatch(gap) is not None
    return False


_CHECKED_KINDS: Final = frozenset(("exact", "share", "none"))
_CERTAINTY_WINDOW: Final = 200
"""How far around a number its certainty looks (far beyond any clause of a real report): each test is a
walk over at most this much, whatever the sentence's length."""
_TOTAL_KEYS: Final = frozenset(("new", "processed", "handled", "carried_over", "carried_forward", "sum"))
_SAME_TOTAL: Final = {"handled": "processed"}  # 办理答复8件: one figure
_REQUEST_NOUN: Final = LazyPattern(r"申请|依申请|政府信息公开")
_JOINED_VERBS: Final = LazyPattern(r"(?:收到|受理|接收|接到|新收)\s*[和及并与、]\s*(?:办理|办结|答复|处理)")
_SUBJECT_PARTS: Final = LazyPattern(r"[/+]")
_ASIDE: Final = LazyPattern(r"[（(][^（）()]*[）)]")
_LINK_AFTER: Final = LazyPattern(r"(?:为|被|均为|均|已|将|系|属于|属|是|的|\s)+")
_OWN_CATEGORIES: Final = LazyPattern(r"不予受理|驳回|拒绝|撤回|撤销申请")


@functools.lru_cache(maxsize=256)  # a sentence's "none" statements share it; a long one is walked once
def _none_certainty(sentence: str, requests: bool, at: int) -> str:
    """Whether a "none" statement is sure: its own clause denies the subject itself, nothing it caused.

    The clause is the one the statement starts in (``at``): another clause's plain "none" (无收费情况) says
    nothing of this one. Requests are sure only in a clause naming no other matter (未收到…的投诉, 未收到因
    申请引起的行政诉讼: the complaints and the suits are denied, not the requests); reviews and suits in
    one naming no matter but their own (未发生行政复议). The walk is bounded by :data:`_CERTAINTY_WINDOW`.
    """
    if _AREA_WORDS.search(sentence):
        return "area"
    before = sentence[max(0, at - _CERTAINTY_WINDOW) : at]
    start = max((m.end() for m in _CLAUSE_BOUNDARY.finditer(before)), default=max(0, at - _CERTAINTY_WINDOW))
    boundary = _CLAUSE_BOUNDARY.search(sentence, at, at + _CERTAINTY_WINDOW)
    clause = sentence[start : boundary.start() if boundary else at + _CERTAINTY_WINDOW]
    if not _NONE_WORDS.search(clause):
        return "other matter"  # the statement's own words are not a plain denial of it
    if requests:
        if _denies_another_matter(clause):
            return "other matter"
        # 未收到涉及征地拆迁的申请: none of a part says nothing of the whole. (Reviews and suits are the
        # table's by such words: 针对政府信息公开事务的行政诉讼.)
        return "part" if _PART_WORDS.search(clause) else ""
    if _OTHER_THAN_CASES.search(clause):
        return "other matter"  # 未收到行政复议方面的投诉: complaints, not reviews
    return ""  # 未发生行政复议 (reviews and suits are what they deny; 复议事项, 诉讼案件 are them too)


_OTHER_THAN_CASES: Final = LazyPattern(_NAMED_MATTER_WORDS)
_DISCLOSURE_WORDS: Final = LazyPattern(r"政府信息公开|信息公开|依申请公开")
_COORDINATED: Final = LazyPattern(r"[和及与、或]")


def _denies_another_matter(clause: str) -> bool:
    """Whether a "none" clause about requests denies another matter than them.

    The matter denied is the clause's head: another matter after the requests (…申请方面的投诉, …申请被提起
    行政诉讼), or before them with the disclosure words its modifier (涉及政府信息公开的行政复议申请). Joined
    to the disclosure words, both are denied (未收到政府信息公开和行政复议申请: no requests either).
    """
    requests = [m.end() for m in _REQUEST_NOUN.finditer(clause)]
    for other in _OTHER_MATTERS.finditer(clause):
        if not requests or other.start() >= requests[-1]:
            return True  # the head is the other matter
        named = [m.end() for m in _DISCLOSURE_WORDS.finditer(clause, 0, other.start())]
        if not named or not _COORDINATED.search(clause, named[-1], other.start()):
            return True  # the disclosure words (if any) modify the other matter
    return False


@functools.lru_cache(maxsize=1024)
def about_agency(body: str, agency: str) -> bool:
    """Whether a body a sentence names (``我局``, ``全区``, ``县政府办公室``) is the report's agency.

    Sure only when it is: the agency itself or its own office (我局, 本机关, 我镇综合执法办), a township's
    whole area in its government's report (全镇 in 黄集镇人民政府's: the township has no other reporting
    body), or the agency's own name, whole or in its usual short forms (县政府办公室 for
    丰县人民政府办公室, 国家发展改革委 for 国家发展和改革委员会). A part (市本级, 区政府本级), another office
    (区政府办 in 洪泽区人民政府's report), an abbreviation not derived from the name (县卫健委), a wider area
    (全区 in a department's report) or a county's, district's or city's whole area in its own government's
    report (全区, 全县, 全市: whether its tables count the area or the government alone cannot be told from
    the sentence) is not.
    """
    if _IS_SELF.match(body):
        return True  # 我局, 本机关, and the agency's own offices (我镇综合执法办)
    if "本级" in body:
        return False
    short = _short_name(agency)
    part = body.startswith("其中") or "（" in body or "(" in body
    if part:
        # 其中，区政府收到212件 and 市政府（含市政府办公厅）收到318件 name a government itself as a part of
        # its area's figures: in a government's report, not its tables' figure. A department named so
        # (全省共收到…，其中本厅收到158件) is what it is.
        body = body.removeprefix("其中").split("（")[0].split("(")[0]
        if _IS_SELF.match(body):
            return True
        if short.endswith("政府"):
            return False
    area = _IS_AREA.fullmatch(body)  # 全区政务服务中心 is an office, not the area
    if area is not None:
        # 全区, 全县, 全市 in a county, district or city government's report: the area's figure. Whether
        # the government's tables count its area's bodies or the government alone varies between reports
        # and cannot be told from the sentence, so it is not sure (issue 44). A township's government is
        # its area's one reporting body: 全镇 in a 镇人民政府's report is the government's own.
        level = area.group("area")
        return level in _ONE_BODY_AREAS and short.endswith(level + "政府")
    named = _short_name(body)
    # 黄集镇 in 黄集镇人民政府's report: the area a government is named by is the government's (西湖区共收到…:
    # the district named is, as the older rounds read it, its government; only 全区 says "the whole area").
    return short.endswith(named) or short.endswith(named + "政府") or _abbreviates(named, short)


_AREA_LEVELS: Final = "省市区县州旗盟镇乡"
_DEPARTMENT_KINDS: Final = "局委厅部署办院"
_AREA_LEVEL: Final = LazyPattern(r"[省市区县州旗盟镇乡](?!场)")  # 市场监督管理局: no city in 市场


def _abbreviates(named: str, agency: str) -> bool:
    """Whether a department's name is its agency's, shortened (国家医保局, 区卫健局, 县市场监管局).

    Sure when it keeps the agency's characters in order, ends as the agency does (局, 委, 厅...), keeps at
    least one of its words' characters besides that end (县委 is another body), and names no other area:
    the area it begins with, if any, is the agency's innermost (市公安局 in 苏州市吴中区公安局's report is
    the city's bureau). The characters are matched from the end, each as late as it can be: at most one
    pass over the agency's name.
    """
    if not named or agency.endswith("政府") or named[-1] not in _DEPARTMENT_KINDS or named[-1] != agency[-1]:
        return False
    if len(named) == 2 and named[0] in _AREA_LEVELS and named[1] in "局厅":
        # 省厅, 市局: the department of the agency's own (innermost) level, as its staff call it; in a
        # branch's report (浦东分局, 江苏省税务局第一稽查局) 市局 and 省局 are the bureau above it.
        levels = list(_AREA_LEVEL.finditer(agency))
        if not levels or levels[-1].group() != named[0]:
            return False
        return not any(c in "局厅分" for c in agency[levels[-1].end() : -1])
    at = len(agency)
    matched: list[int] = []
    for character in reversed(named):
        at = agency.rfind(character, 0, at)
        if at < 0:
            return False
        matched.append(at)
    matched.reverse()
    lead = 2 if named.startswith("国家") else 1 if named[0] in _AREA_LEVELS else 0
    words = matched[lead:-1]
    if lead and any(c in _AREA_LEVELS for c in agency[matched[lead - 1] + 1 : matched[lead]]):
        return False  # another area between: 市 in 苏州市吴中区公安局
    return bool(words)


_ONE_BODY_AREAS: Final = "镇乡"
"""Areas whose government is the one body that reports for them: a township has no departments of its own."""


def _short_name(name: str) -> str:
    for long, short in _SHORT_NAMES:
        name = name.replace(long, short)
    return name


REMEMBERED_TEXT: Final = 4_000
"""The longest text whose figures are remembered whole: boilerplate recurs across a corpus word for word
(本年度未收取信息处理费。, 无。), and a report is often validated more than once (read, then checked). The
bound keeps what is remembered small, whatever a batch holds."""
REMEMBERED_SENTENCE: Final = 1_000
"""Likewise for one sentence (a hostile text can be one sentence of a million characters)."""


Figures = tuple[tuple[TextFigure, ...], tuple[int, ...], int | None]
"""A section's figures, where those naming a body or a year are, and the one year they name (see
:func:`_scoped`)."""


def _section_figures(text: str, section: Section) -> Figures:
    """A section's figures, and where those naming a body or a year are (see :func:`for_report`)."""
    if len(text) <= REMEMBERED_TEXT:
        return remembered_figures(text, section)
    figures = tuple(read_figures(text, section))
    return figures, *_scoped(figures)


@functools.lru_cache(maxsize=1024)
def remembered_figures(text: str, section: Section) -> Figures:
    figures = tuple(
        TextFigure(section, sentence, *reading)
        for sentence, readings in remembered_readings(text)
        for reading in readings
    )
    return figures, *_scoped(figures)


@functools.lru_cache(maxsize=1024)
def remembered_readings(text: str) -> tuple[_Read, ...]:
    """A text's sentences read, whatever its section: the figures of :func:`plain_statements` need none."""
    return tuple(_read_sentences(text))


Statement = tuple[TableKind, Callable[[tuple[Any, ...]], Any], int | Decimal]
"""A figure stated exactly, compiled: its table, the sum of its usual reading's cells in the table's values,
and the value stated."""


def plain_statements(report: AnnualReport) -> tuple[Statement, ...] | None:
    """The figures the report's text states (sections 一, 五 and 六), compiled, when each is plain.

    A plain figure is an exact figure or a "none" statement. None when a figure is more than that (a share,
    a figure in 万 with decimals, cells the version lacks) or a number is left unexplained, or when a text is
    too long to be remembered: then the figures are checked one by one. Approximate figures and numbers
    that are not figures of the tables are left out. Remembered, as the sentences read are.
    """
    overview, problems, other_matters = report.overview, report.problems, report.other_matters
    if max(len(overview or ""), len(problems or ""), len(other_matters or "")) > REMEMBERED_TEXT:
        return None
    info = report.metadata
    found = _plain_statements(overview, problems, other_matters, info.version)
    if found is None:
        return None
    statements, scoped, only_year = found
    if not scoped or only_year == info.year:
        return statements  # the usual text: no other year, no body named (2023年，本机关…)
    agency, year = info.agency, info.year
    left_out = [
        index
        for index, body, named_year in scoped
        if (named_year is not None and named_year != year) or (body and not about_agency(body, agency))
    ]
    return tuple(s for index, s in enumerate(statements) if index not in left_out)


Scoped = tuple[tuple[int, str, int | None], ...]
"""The statements that name a body or a year: their place among the statements, the body and the year."""
Compiled = tuple[tuple[Statement, ...], Scoped, int | None]
"""A text's plain statements, those that name a body or a year, and the one year they name when they name
one and no body (the report's year or not: decided at once)."""


@functools.lru_cache(maxsize=1024)
def _plain_statements(
    overview: str | None, problems: str | None, other_matters: str | None, version: TemplateVersion
) -> Compiled | None:
    found: list[Statement] = []
    scoped: list[tuple[int, str, int | None]] = []
    for text in (overview, problems, other_matters):
        if not text:
            continue
        for _, readings in remembered_readings(text):  # not too long: see plain_statements
            for reading in readings:
                if reading.kind in ("unexplained", "share"):
                    return None
                if reading.kind not in ("exact", "none"):
                    continue  # approximate, or not a figure of the tables: not checked
                body = "" if _IS_SELF.match(reading.body) else reading.body  # 我局: always the agency
                if body or reading.year is not None:
                    # Whether it is another body's or year's depends on the report (see for_report).
                    scoped.append((len(found), body, reading.year))
                assert reading.subject is not None
                assert reading.value is not None
                positions = reading.subject.positions(version)
                if reading.places is not None or not positions:
                    return None
                found.append((reading.subject.table, _sum_of(positions[0][1]), reading.value))
    years = {year for _, body, year in scoped if not body}
    only_year = (
        years.pop() if len(years) == 1 and all(not body and year for _, body, year in scoped) else None
    )
    return tuple(found), tuple(scoped), only_year


@functools.cache
def _sum_of(positions: tuple[int, ...]) -> Callable[[tuple[Any, ...]], Any]:
    """The sum of the values at these places, as one generated expression (``v[9] + v[14]``).

    A tenth of ``sum(map(...))``'s cost on one or two cells. Built from places only, never from input.
    """
    adder: Callable[[tuple[Any, ...]], Any] = eval("lambda v: " + " + ".join(f"v[{p}]" for p in positions))
    return adder


def forget_texts() -> None:
    """Forget the texts and sentences read so far (for benchmarks and tests that time reading afresh)."""
    remembered_figures.cache_clear()
    remembered_readings.cache_clear()
    read_sentence.cache_clear()
    _plain_statements.cache_clear()
    _none_certainty.cache_clear()


def read_figures(text: str, section: Section | None = None) -> Iterator[TextFigure]:
    """Every number in ``text`` and every "none" statement, read in its sentence."""
    for sentence, readings in _read_sentences(text):
        for reading in readings:
            yield TextFigure(section, sentence, *reading)


class _Reading(NamedTuple):
    """A number (or a "none" statement) as its sentence reads it: a :class:`TextFigure` less two fields.

    The section and the sentence are left out: the readings of a sentence share them.

    A tuple, not a :class:`TextFigure`: a frozen attrs instance costs a call of ``object.__setattr__`` per
    field (about a microsecond for nine), and the compiled figures of :func:`plain_statements` need none.
    """

    number: str
    kind: FigureKind
    subject: Subject | None = None
    value: int | Decimal | None = None
    places: int | None = None
    reason: str = ""
    at: int = 0
    body: str = ""
    year: int | None = None


_Read = tuple[str, tuple[_Reading, ...]]
"""A sentence as quoted (written, stripped), and what it states."""


def _read_sentences(text: str) -> Iterator[_Read]:
    """Each sentence of ``text`` that may state something (a number, a negation), read."""
    normal = text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text
    ends: list[int] | None = None
    position = 0
    # The body the last part read named, and where that part ended: a part after it and a semicolon that
    # names none is still about it (全县共受理12件，予以公开6件；无法提供6件: the county's figures too).
    last_body, last_end = "", -2
    while (hit := _CANDIDATE.search(normal, position)) is not None:
        position = hit.end()
        if hit.group() in _CHINESE_DIGITS:
            counts, position = _counts(normal, hit.start())
            if not counts:
                continue  # most of a report's text: no number, no negation
        elif hit.group() == "不" and normal[position : position + 2] not in _NEGATED:
            continue  # 不断, 不足: no negation of what there was
        if ends is None:
            ends = [match.start() for match in _SENTENCE_END.finditer(normal)]
            ends.append(len(normal))
        sentence = bisect.bisect_left(ends, hit.start())
        start, end = (ends[sentence - 1] + 1 if sentence else 0), ends[sentence]
        # The translation is one for one: the written sentence has its characters at the same places.
        if end - start <= REMEMBERED_SENTENCE:
            read = read_sentence(normal[start:end], text[start:end])
        else:
            read = _Sentence(normal[start:end], text[start:end]).read_all()
        if last_body and start == last_end + 1 and normal[last_end] in "；;":
            read = _carried(read, last_body)
        last_body = next((r.body for r in reversed(read[1]) if r.kind in _STATEMENTS and r.body), "")
        last_end = end
        yield read
        position = end + 1


def _carried(read: _Read, body: str) -> _Read:
    """A part read with the body of the part before its semicolon, when it names none of its own."""
    readings = read[1]
    if any(r.body for r in readings if r.kind in _STATEMENTS):
        return read
    return read[0], tuple(r._replace(body=body) if r.kind in _STATEMENTS else r for r in readings)


@functools.lru_cache(maxsize=4096)
def read_sentence(sentence: str, written: str) -> _Read:
    """A sentence, read. Remembered: reports repeat whole sentences ("未发生行政复议、行政诉讼")."""
    return _Sentence(sentence, written).read_all()


def _as(
    base: _Reading,
    kind: FigureKind,
    subject: Subject | None = None,
    value: int | Decimal | None = None,
    places: int | None = None,
    reason: str = "",
) -> _Reading:
    """The number read as this."""
    return _Reading(base.number, kind, subject, value, places, reason, base.at)


def _counts(text: str, start: int) -> tuple[bool, int]:
    """Whether the Chinese numeral at ``start`` counts or orders, and where it ends.

    It counts when a unit follows it, orders when 第 comes before it.
    """
    end = start
    while end < len(text) and text[end] in _CHINESE_DIGITS:
        end += 1
    ordinal = text[max(0, start - 2) : start].endswith(("第", "第（", "第("))
    return text[end : end + 1] in _AFTER_CHINESE or ordinal, end


_Found = tuple[int, int, _Term]


_LOOK: Final = 24
"""How far before a number the words qualifying it are looked for (各, 分别, 比上年, 占)."""
_MOST_JOINED: Final = 16
"""The most terms a conjunction joins into one statement (予以公开、部分公开、不予公开…)."""


class _Sentence:
    """One sentence being read: its numbers, the terms that name things, and its clauses.

    Every look-up is a bisection or a walk bounded by a constant, so that a sentence is read in time
    proportional to its length, whatever it holds.
    """

    def __init__(self, sentence: str, written: str) -> None:
        self.text = sentence
        self.written = written
        self.lead = len(written) - len(written.lstrip())
        self.terms: list[_Found] = []
        self.terms_found = False
        self.term_starts: list[int] = []
        self.term_ends: list[int] = []
        self.by_role: dict[str, list[int]] = {}
        self.new_terms: list[int] = []
        self.clauses: list[int] = []
        self.starts: list[int] = []
        self.year: str | None = None  # the year the sentence is about: the first it names
        self.part_of_year = len(sentence)  # where the sentence first names a part of the year
        self.as_reviewer = False
        self.bodies: list[tuple[int, str]] = []  # where each clause naming who counts starts, and who
        self.next_clause = 0  # the next clause to look at for who counts (-1: none left)
        self.unscanned: Iterator[re.Match[str]] | None = None  # the clauses' ends after it
        self.years: list[tuple[int, int]] | None = None  # each year named (not inside a term), and where
        self.named_at: tuple[int, bool] = (0, True)  # the term a number was last read by, and whether before
        self.not_disclosure = False  # the sentence says what it counts is not about disclosure
        self.processing_fee = False  # the sentence is about the processing fee (信息处理费)
        self.stated: list[tuple[int, Subject | None]] = []  # each figure stated so far, and its subject
        self.units: list[str] = []  # each number's unit

    def read_all(self) -> _Read:
        """The sentence as quoted, and every number and "none" statement in it, read."""
        readings = tuple(self.read())
        if len(self.bodies) > 1 and any(_PART_BODY.search(body) for _, body in self.bodies):
            # 区级部门收到213件，街道收到88件，区政府收到40件: a breakdown, the government one of its parts.
            readings = tuple(
                r._replace(body="其中" + r.body)
                if r.kind in _STATEMENTS and _GOVERNMENT.search(r.body)
                else r
                for r in readings
            )
        if "本级" in self.text and self.clauses and self._own_level():
            # 全市共受理1.36万件，市政府本级受理402件: the area's figure beside the government's own; which of
            # them a government's tables count varies between reports, so the area's is not checked. (After
            # 其中, the government's is a part of the area's, the figure the sentence is about.)
            readings = tuple(
                _as(r, kind="other", reason="another body")
                if r.kind in _STATEMENTS
                and (
                    _IS_AREA.match(r.body)
                    or _IS_AREA.match(self.text, self._clause(r.at + self.lead)[0]) is not None
                )
                else r
                for r in readings
            )
        return self.written.strip(), readings

    def _own_level(self) -> bool:
        """Whether the sentence names a government's own level (本级) beside its area, not after 其中.

        Each 本级 looks back at most 16 characters, within its clause.
        """
        for level in _OWN_LEVEL.finditer(self.text):
            low = max(self._clause(level.start())[0], level.start() - 16)
            if self.text.find("其中", low, level.start()) < 0 and not _WITHIN_BEFORE.search(
                self.text, max(0, low - 8), low
            ):
                return True
        return False

    def read(self) -> Iterator[_Reading]:
        if _NONE_WORDS.search(self.text):
            for pattern, subject_id, needed in _NONE_STATEMENTS:
                if needed not in self.text:
                    continue  # a sentence without the word the pattern needs is not searched
                match = pattern.search(self.text)
                if match is not None:
                    documents = match.groupdict().get("documents")
                    found = _subject(_documents_none(documents) if documents else subject_id)
                    if subject_id == "new":
                        # 未收到法人或其他组织提出的申请: none of one applicant type, not none at all.
                        named = [term.key for _, _, term in _terms(match.group()) if term.role == "subject"]
                        if _SOME_APPLICANTS in named:
                            continue  # none of some legal persons, not said which
                        applicants = [key for key in named if key in _APPLICANTS]
                        if applicants:
                            found = _joined([_subject(key) for key in dict.fromkeys(applicants)])
                    body, year = self._body(match.start()), self._year(match.start())
                    yield _Reading("", "none", found, 0, at=match.start() - self.lead, body=body, year=year)
        numbers = list(_numbers(self.text))
        if not numbers:
            return
        self._index(numbers)
        last: Subject | None = None  # the subject of the last statement: what "，占50%" is a share of
        for start, end, unit, approximate, unit_end in numbers:
            number = self.written[start:end]
            base = _Reading(number, "unexplained", at=start - self.lead)
            for figure in self._number(base, start, end, unit, approximate, last, unit_end):
                if figure.kind in ("exact", "approximate") and figure.reason != "share":
                    last = figure.subject
                    if self.stated and self.stated[-1][0] == start:
                        self.stated[-1] = (start, None)  # one number, two subjects (各1件): no one's
                    else:
                        self.stated.append((start, figure.subject))
                if figure.kind in _STATEMENTS:
                    figure = _Reading(
                        *figure[:7],
                        self._addressed(start) or self._body(start),
                        self._carried_from(figure) or self._year(start),
                    )
                yield figure

    def _index_terms(self) -> None:
        """The sentence's terms and where they start and end, found once."""
        if self.terms_found:
            return
        self.terms_found = True
        self.terms = _terms(self.text)
        self.term_starts = [t[0] for t in self.terms]
        self.term_ends = [t[1] for t in self.terms]

    def _body(self, position: int) -> str:
        """The body named last before a position in the sentence, or ``""``.

        The clauses are looked at when a statement asks, up to it: each once, whatever is asked.
        """
        if self.unscanned is None:
            self.unscanned = _CLAUSE_END.finditer(self.text)
        while 0 <= self.next_clause < position:
            found = _BODY.match(self.text, self.next_clause)
            if found is not None:
                body, aside = found.group("body"), found.group("aside") or ""
                if found.group("within") or _WITHIN_BEFORE.search(
                    self.text, max(0, self.next_clause - 6), self.next_clause
                ):
                    body = "其中" + body  # 其中，区政府收到212件: a part of a figure before
                if _ITSELF.match(aside):
                    body += aside  # 市政府（含市政府办公厅）, 区政府（区政府办公室）: the government itself
                body += found.group("own") or ""  # 市政府（市政府办公厅）本级
                self.bodies.append((found.start("body"), body))
            following = next(self.unscanned, None)
            self.next_clause = following.end() if following is not None else -1
        k = bisect.bisect_left(self.bodies, (position,))
        return self.bodies[k - 1][1] if k else ""

    def _addressed(self, position: int) -> str:
        """The body the requests counted at a position were made to (向市政府…提出的), or ``""``.

        Looked for in the :data:`_LOOK` × 2 characters before the position, when they hold 向.
        """
        low = max(0, position - 2 * _LOOK)
        if self.text.find("向", low, position) < 0:
            return ""
        addressed = list(_ADDRESSED.finditer(self.text, low, position))  # bounded: 2 × _LOOK characters
        return addressed[-1].group("body") if addressed else ""

    def _carried_from(self, figure: _Reading) -> int | None:
        """For requests carried over named by the year they come from (2023年结转的27件), the year after it.

        They are the next year's carried-over requests: its report's figure, not the named year's.
        """
        if figure.subject is None or figure.subject.id != "carried_over" or not self.terms:
            return None
        term_start = self.terms[self.named_at[0]][0]
        year = _YEAR_BEFORE.search(self.text, max(0, term_start - 8), term_start)
        return int(year.group(1)) + 1 if year else None

    def _year(self, position: int) -> int | None:
        """The year named last before a position in the sentence (not inside a term), if any."""
        if self.years is None:
            self._index_terms()
            self.years = []
            terms, starts = self.terms, self.term_starts
            for year in _YEAR_WORD.finditer(self.text):
                k = bisect.bisect_right(starts, year.start())
                if k and terms[k - 1][1] > year.start():
                    continue  # 结转2024年办理 is inside a term
                if _CARRIED_FROM.match(self.text, year.end()):
                    continue  # 另有2022年结转1件，共办结5件: the year the 1 comes from, not the 5's
                self.years.append((year.start(), int(year.group())))
        k = bisect.bisect_left(self.years, (position,))
        return self.years[k - 1][1] if k else None

    def _index(self, numbers: Sequence[tuple[int, int, str, bool, int]]) -> None:
        text = self.text
        self._index_terms()
        for i, (_, _, term) in enumerate(self.terms):
            self.by_role.setdefault(term.role, []).append(i)
            if term.role == "subject" and term.key == "new":
                self.new_terms.append(i)
        self.clauses = [0, *(m.end() for m in _CLAUSE_END.finditer(text)), len(text) + 1]
        self.starts = [number[0] for number in numbers]
        self.units = [number[2] for number in numbers]
        year = _YEAR_WORD.search(text)
        self.year = year.group() if year else None
        self.part_of_year = part_of_year(text)
        self.as_reviewer = "复议机关" in text and _AS_REVIEWER.search(text) is not None
        self.not_disclosure = _NOT_DISCLOSURE.search(text) is not None
        self.processing_fee = "信息处理费" in text or "收费通知" in text

    def _clause(self, position: int) -> tuple[int, int]:
        """The clause around a position: where it starts, and where the next begins."""
        k = bisect.bisect_right(self.clauses, position)
        return self.clauses[k - 1], self.clauses[k]

    def _last(self, role: str, before: int, floor: int = -1) -> int | None:
        """The last term of a role before term ``before`` (and starting at ``floor`` or later)."""
        found = self.by_role.get(role, [])
        k = bisect.bisect_left(found, before)
        if k and self.term_starts[found[k - 1]] >= floor:
            return found[k - 1]
        return None

    def _next(self, role: str, start: int, limit: int) -> int | None:
        """The first term of a role from term ``start`` on, starting before ``limit``."""
        found = self.by_role.get(role, [])
        k = bisect.bisect_left(found, start)
        if k < len(found) and self.term_starts[found[k]] < limit:
            return found[k]
        return None

    def _numbers_between(self, start: int, end: int) -> int:
        return bisect.bisect_left(self.starts, end) - bisect.bisect_left(self.starts, start)

    def _number(
        self,
        base: _Reading,
        start: int,
        end: int,
        unit: str,
        approximate: bool,
        last: Subject | None,
        unit_end: int,
    ) -> Iterator[_Reading]:
        text = self.text
        reason = _not_a_figure(text, start, end, unit) or _range(text, start, unit_end)
        if reason:
            yield _as(base, kind="other", reason=reason)
            return
        clause_start, clause_end = self._clause(start)
        if clause_start and text[clause_start - 1] in "）)" and not self._terms_between(clause_start, start):
            # 作出行政许可决定（教师资格认定等）1,126件: the number's words are before the brackets.
            low = max(0, clause_start - 2 * _LOOK)
            opening = max(text.rfind("（", low, clause_start), text.rfind("(", low, clause_start))
            if opening >= 0:
                clause_start = self._clause(opening)[0]
        if unit in ("%", "％"):
            yield self._share(base, start, end, clause_start, last)
            return
        money = unit.endswith("元")
        # "均为0", "数量为0": a figure may be written without its unit after 为.
        bare = not unit and text[max(0, start - 1) : start] in ("为", "是", ":", "：")
        if not money and not bare and unit not in _TABLE_UNITS:
            yield base if not unit else _as(base, kind="other", reason="other count")
            return
        if unit and _COUNTED_OTHER.match(text, unit_end):
            yield _as(base, kind="other", reason="other count")  # 接入53个部门: departments, not requests
            return
        elsewhen = self._elsewhen(clause_start, start)
        if elsewhen:
            yield _as(base, kind="other", reason=elsewhen)
            return
        found = self._named(start, end, clause_start, clause_end)
        if isinstance(found, str) and found in ("", "?") and self._another_year(clause_start, start):
            yield _as(base, kind="other", reason="another year")
            return
        if isinstance(found, str):
            if found == "?" or (not found and (unit in _COUNT_OF_REQUESTS or bare)):
                yield base
            else:
                yield _as(base, kind="other", reason=found or ("money" if money else "other count"))
            return
        subjects, each = found
        if unit in ("项", "条") and any(s.id in _DECIDED for s in subjects):
            # 行政许可事项320项, 行政许可93条 (in a list of items published): items, not decisions.
            yield _as(base, kind="other", reason="items")
            return
        if (
            unit in ("项", "条")
            and subjects[0].table is not _D
            and not self._requests_in(unit, subjects, start)
        ) or (unit == "个" and subjects[0].table is _R):
            yield _as(base, kind="other", reason="other count")  # requests and cases are 件
            return
        zero = bare and text[start:end] in ("0", "零")  # 收费金额为0: an amount of nothing needs no unit
        if money != any(s.id == "fees" for s in subjects) and not zero:
            yield _as(base, kind="other", reason="money" if money else "other count")
            return
        scope = self._scope(subjects, start, clause_start)
        if scope:
            yield _as(base, kind="other", reason=scope)
            return
        value, places = _value(text, start, end, unit)
        kind: FigureKind = "approximate" if approximate else "exact"
        for subject in subjects if each else [_joined(subjects)]:
            yield _as(base, kind=kind, subject=subject, value=value, places=places)

    def _elsewhen(self, clause_start: int, start: int) -> str:
        """Whether the clause is about a change, a part of the year or another year: "比上年减少3件"."""
        near = max(clause_start, start - _LOOK)
        for change in _CHANGE.finditer(self.text, near, start):
            if change.group() == "累计" and _WHOLE_YEAR.search(
                self.text, max(0, change.start() - _LOOK), change.start()
            ):
                continue  # 全年累计受理69件: the year's, summed
            return "change"
        if self.part_of_year < start:
            return "part of the year"
        return "another year" if self._last_year(near, start) else ""

    def _last_year(self, near: int, start: int) -> bool:
        """Whether last year is named between two places (上年度, 去年), not in a form word (上年结转)."""
        for last_year in _LAST_YEAR.finditer(self.text, near, start):
            k = bisect.bisect_right(self.term_starts, last_year.start())
            if not (k and self.term_ends[k - 1] > last_year.start()):  # 上年结转 is a row of the form
                return True
        return False

    def _another_year(self, clause_start: int, start: int) -> bool:
        """Whether the clause names another year than the sentence's first ("2023年收到45件，2022年为38件").

        Asked of a number whose words name nothing: a statement carries its year (:attr:`TextFigure.year`),
        which :func:`for_report` checks against the report's.
        """
        for year in _YEAR_WORD.finditer(self.text, max(clause_start, start - _LOOK), start):
            k = bisect.bisect_right(self.term_starts, year.start())
            inside = bool(k) and self.term_ends[k - 1] > year.start()  # 结转2024年办理
            if year.group() != self.year and not inside:
                return True
        return False

    def _scope(self, subjects: Sequence[Subject], start: int, clause_start: int) -> str:
        """Whether a figure read as the tables' is about less or other than what they count, and what.

        A part of it (涉及征地拆迁的申请20件, 依据第36条第（三）项答复18件, 其中2件于次年1月办结), cases of
        any kind (办理相关案件74件), review applications the agency decides (受理复议申请3件), or things
        the sentence says are not about disclosure (均为非政府信息公开类). Each look is bounded by
        :data:`_LOOK` characters or a clause: the cost stays linear in the sentence.
        """
        text, tables = self.text, {subject.table for subject in subjects}
        general = all(subject.id in _GENERAL_SUBJECTS for subject in subjects)
        index, is_before = self.named_at
        term_start = self.terms[index][0] if self.terms else start
        near = max(clause_start, start - _LOOK)
        if general and not is_before:
            return "part"  # 3件答复被复议机关纠正, 15件已办结: what the requests went through, not a row
        if general and _OTHER_OBJECTS.search(text, max(self.terms[index][1], start - _LOOK), start):
            return "other count"  # 办理建设用地规划许可、不动产登记等事项212件: other business
        if general and self._other_channel(term_start, start):
            return "other count"  # “县长信箱”共受理有效信件3件，已办结3件: letters, not requests
        if (
            general
            and self.terms[index][2].key == "handled"
            and _ADDED.search(text, max(0, term_start - 2 * _LOOK), term_start)
        ):
            return "sum"  # 加上上年结转的9件，全年共处理221件: what there was to process
        if general and self._other_applications(self.terms[index][1], start):
            return "other count"  # 受理专利申请超过500万件: applications for something else
        if (_R in tables or _V in tables) and self.not_disclosure:
            return "not disclosure"
        if _NOT_COUNTED.search(text, start, start + _LOOK) is not None:
            return "another body"  # …另行受理1,204件，未计入本报告统计: said not to be the report's figure
        if (
            _R in tables
            and self._for_those(clause_start) is not None
            and not all(s.id in _SUB_REASON_KEYS for s in subjects)
        ):
            return "part"  # 对涉及征地拆迁的，予以公开5件: those of a topic
        if _R in tables and text.find("案件", near, start) >= 0:
            return "cases"
        if _V in tables and _REVIEWING.search(text, near, start):
            return "reviewing body"  # a review application is received (受理) by the body that decides it
        if _V in tables and text.find("各类", near, start) >= 0:
            return "cases"  # 各类行政复议、行政诉讼案件: of every matter, not the disclosure ones alone
        if (
            _V in tables
            and _HANDLING.search(text, near, start)
            and text.find("案件", near, start) >= 0
            and text.find("信息公开", near, start) < 0
        ):
            return "cases"  # 办理涉及本局的行政诉讼案件15件: cases handled, of any matter
        if _D in tables and self.processing_fee:
            return "money"  # 收费通知, 信息处理费: the processing fee, not 行政事业性收费
        if _D in tables and _WAIVED.search(text, near, start):
            return "money"  # 免收行政事业性收费120万元: fees not collected
        if _R in tables:
            for topic in _TOPIC.finditer(text, near, start):
                if _OWN_TOPIC.search(topic.group("topic")):
                    continue  # 涉及政府信息公开的, 涉及本单位的: what the tables count
                if not self._names_a_subject(topic.start("topic"), topic.end("topic")):
                    return "part"  # 涉及征地拆迁的申请: a topic, not a reason of the form
            for kind in _KIND_OF.finditer(text, near, start):
                k = bisect.bisect_left(self.term_ends, kind.start())
                named = k < len(self.terms) and self.term_starts[k] <= kind.start()
                if not (named and self.terms[k][2].role == "subject"):
                    return "part"  # 征地补偿类申请: a topic, not a reason of the form (信访举报投诉类)
        if _R in tables and is_before and all(subject.id in _CATEGORIES for subject in subjects):
            # A category that has sub-rows, qualified by an article or a reason of its own words, counts one
            # or some of its sub-rows: 依据第十五条不予公开3件, 对无正当理由频繁申请的，不予处理7件. (A reason
            # the form names is its sub-row already: see _specific.)
            articles = list(_ARTICLE.finditer(text, max(0, start - 2 * _LOOK), term_start))
            if articles or _QUALIFIED.search(text, max(0, term_start - _LOOK), term_start):
                return "part"
        if not general:
            return self._within(subjects, start, max(0, start - 2 * _LOOK)) if _R in tables else ""
        if _CHANNEL.search(text, near, start):
            return "part"  # 通过邮寄方式答复28件: the answers sent one way
        near = max(0, start - 2 * _LOOK)
        articles = list(_ARTICLE.finditer(text, near, start))  # bounded: 2 × _LOOK characters
        article = articles[-1] if articles else None
        if article is not None and (not is_before or term_start >= article.end()):
            return "part"  # 依据第36条第（三）项答复18件: the answers under one article
        return self._within(subjects, start, near)

    def _requests_in(self, unit: str, subjects: Sequence[Subject], start: int) -> bool:
        """Whether requests received are counted in 条, 申请 named between the term and the number.

        收到政府信息公开申请0条, 受理依申请信息56条: requests; 依申请公开信息459条 with no term before it is
        not read (items published on request). At most :data:`_LOOK` characters are looked at.
        """
        if unit != "条" or not all(subject.id == "new" for subject in subjects) or not self.terms:
            return False
        index, is_before = self.named_at
        return is_before and self.text.find("申请", max(self.terms[index][1], start - _LOOK), start) >= 0

    def _other_channel(self, term_start: int, start: int) -> bool:
        """Whether a mailbox, hotline or message board is named before a general term, and no 申请 after it.

        At most 2 × :data:`_LOOK` characters before the term are looked at.
        """
        channels = list(_OTHER_CHANNELS.finditer(self.text, max(0, term_start - 2 * _LOOK), term_start))
        return bool(channels) and self.text.find("申请", channels[-1].end(), start) < 0

    def _other_applications(self, after: int, start: int) -> bool:
        """Whether the word right before 申请, after a general term, names another business (受理专利申请).

        Only a word that is not a term and says nothing of disclosure (政府信息公开申请, 依申请) or of which
        requests (新, 有效, 各类) is another business: at most :data:`_OBJECT` characters are looked at.
        """
        at = self.text.find("申请", after, min(start, after + _OBJECT + 2))
        if at <= after:
            return False
        word = self.text[after:at]
        return (
            _OBJECT_WORD.fullmatch(word) is not None
            and _OWN_APPLICATIONS.search(word) is None
            and not self._terms_between(after, at)
        )

    def _within(self, subjects: Sequence[Subject], start: int, near: int) -> str:
        """Whether a figure is a part of one before it (其中…, （含…）, 在办结的申请中，…), not its row.

        A general subject (received, processed) not named after the opening word is a part: 其中2件于次年1月
        办结. So is an outcome category named only after the number (收到申请30件，其中20件予以公开: the
        granted requests count carried-over ones too); a sub-reason so named is its row (其中1件因逾期未
        补正…), and so is an applicant type (其中52件为自然人申请).
        """
        opening = -1
        for opening_word in _WITHIN.finditer(self.text, near, start):
            opening = opening_word.start()
        if opening < 0:
            return ""
        index, is_before = self.named_at
        term_start = self.terms[index][0] if self.terms else start
        if all(subject.id in _GENERAL_SUBJECTS for subject in subjects):
            if not is_before or term_start < opening:
                return "part"
            # 其中职业索赔人提出的申请29件: those of a kind the words say, not the form's row.
            return "part" if self.text.find("的", opening, start) >= 0 else ""
        if not is_before and all(subject.id in _OUTCOMES for subject in subjects):
            return "part"
        return ""

    def _names_a_subject(self, start: int, end: int) -> bool:
        """Whether an outcome's or a reason's term lies between two places: a topic that is a reason.

        涉及国家秘密的 names a reason of the form; 针对企业经营的 a topic, not the applicant type.
        """
        k = bisect.bisect_left(self.term_starts, start)
        if not (k < len(self.terms) and self.term_starts[k] < end):
            return False
        term = self.terms[k][2]
        return term.role == "subject" and term.key not in _APPLICANTS

    def _share(
        self, base: _Reading, start: int, end: int, clause_start: int, last: Subject | None
    ) -> _Reading:
        text = self.text
        if clause_start and text[clause_start - 1] in "）)":
            # 予以公开率（予以公开数占新收申请数的比例）为50%: the clause goes on after the brackets.
            low = max(0, clause_start - 2 * _LOOK)
            opening = max(text.rfind("（", low, clause_start), text.rfind("(", low, clause_start))
            if opening >= 0:
                clause_start = self._clause(opening)[0]
        # "占办结总数的72%": what comes after 占 is the total; what comes before it, the part.
        near = max(clause_start, start - _LOOK)
        share_word = _SHARE.search(text, near, start)
        part_end = share_word.start() if share_word else start
        rate = _RATE.search(text, max(clause_start, part_end - _LOOK), part_end)
        if rate and not (
            rate.group() == "率"
            and self._subject_ends_at(rate.start())
            and _DEFINED.match(text, rate.end()) is not None
        ):
            # 予以公开率 is counted over what each agency chooses (processed, received, new): a rate, unless
            # its definition is stated (予以公开率（予以公开件数占办结总数的比例）).
            return _as(base, kind="other", reason="rate")
        found = self._named(part_end, part_end, clause_start, part_end, number_at=start)
        subject = None if isinstance(found, str) else _joined(found[0])
        if subject is None and found == "" and last is not None:
            if _COMBINED.search(text, max(clause_start, start - _LOOK), start):
                return _as(base, kind="other", reason="combined share")  # 二者合计占73%
            respectively = text.rfind("分别", max(clause_start, start - _LOOK), start)
            if respectively >= 0:
                # "自然人申请189件，法人或其他组织申请24件，分别占88.7%和11.3%": in the figures' order.
                _, clause_end = self._clause(start)
                count = self._numbers_between(respectively, clause_end)
                order = self._numbers_between(respectively, start)
                at = len(self.stated) - count + order  # the figure in the same place before 分别
                subject = self.stated[at][1] if 0 < count <= len(self.stated) and order < count else None
                if subject is None:
                    return _as(base, kind="other", reason="other share")
            else:
                subject = last  # "予以公开15件，占50%"
        if subject is None or not subject.shares_of:
            return _as(base, kind="other", reason="rate" if subject is None else "other share")
        if self._last_year(near, start):
            return _as(base, kind="other", reason="another year")  # 上年度予以公开占比为30.4%
        if share_word is not None and self._names_a_part(share_word.end(), start):
            return _as(base, kind="other", reason="other share")  # 占法人或其他组织申请的60%: of a part
        if self._among_a_part(clause_start):
            return _as(base, kind="other", reason="other share")  # 不予处理的224件中，信访类占60%: of a part
        value, places = _value(text, start, end, "%")
        if _APPROXIMATE_SHARE.search(text, max(clause_start, start - 4), start):
            return _as(base, kind="approximate", subject=subject, value=value, reason="share")
        return _as(base, kind="share", subject=subject, value=value, places=places)

    def _among_a_part(self, clause_start: int) -> bool:
        """Whether a clause before says what a share is among, and it is a part (不予处理的224件中，).

        在办结的申请中 names a total a share may be of; 不予处理的…中 a part, whose shares are no figure. The
        last such clause ending within 2 × :data:`_LOOK` characters before is looked at.
        """
        among = self.text.rfind("中", max(0, clause_start - 2 * _LOOK), max(0, clause_start - 1))
        if among < 0 or self.text[among + 1 : among + 2] not in ("，", ","):
            return False
        return self._names_a_part(self._clause(among)[0], among)

    def _names_a_part(self, start: int, end: int) -> bool:
        """Whether the words between two places name a part of what was received or processed.

        What a share is of is named after 占: 新收申请, 办结总数 and 全部申请 are the totals a share may be
        of; 法人或其他组织申请, 予以公开的申请 are parts, and a share of a part is not a figure of the tables.
        """
        k = bisect.bisect_left(self.term_starts, start)
        while k < len(self.terms) and self.term_starts[k] < end:
            term = self.terms[k][2]
            if term.role in ("subject", "group") and term.key not in _TOTALS:
                return True
            k += 1
        return False

    def _subject_ends_at(self, position: int) -> bool:
        """Whether a subject's name ends here: 予以公开率 is a share, 办结率 a rate."""
        k = bisect.bisect_left(self.term_ends, position)
        return k < len(self.terms) and self.term_ends[k] == position and self.terms[k][2].role == "subject"

    def _named(
        self, start: int, end: int, clause_start: int, clause_end: int, *, number_at: int | None = None
    ) -> tuple[list[Subject], bool] | str:
        """What a number is about: its subjects, and whether 各 or 均 gives the number to each.

        Or, as a string, the other thing it counts: "?" when its words do not say, "" when no word names
        anything. ``number_at`` is where the number is when ``start`` is where its words end (a share's 占):
        terms joined before 分别 give the numbers after it in their order.
        """
        terms = self.terms
        nearest = self._nearest(start, end, clause_start, clause_end)
        if nearest is None or terms[nearest[0]][2].role == "other":
            # 对属于重复申请的，告知…3件: a reason named in the clause before, if any, names the number.
            nearest = self._reason_before(clause_start) or nearest
        if nearest is None:
            return ""
        index, is_before = nearest
        if (
            is_before
            and terms[index][2].role in ("subject", "group", "result")
            and self._stated_between(terms[index][1], start)
        ):
            # The term names a number before this one ("涉及国家秘密1件、涉及某某3件"), unless the words
            # give it to several (分别, 各, 均): this one is named after it, if at all.
            between = self.text[max(terms[index][1], start - _LOOK) : start]
            if not any(word in between for word in ("分别", "各", "均")):
                after = self._named_after(end, clause_end)
                if after is None:
                    return "?"
                index, is_before = after, False
        if is_before:
            index = self._specific(index)
        self.named_at = (index, is_before)
        term = terms[index][2]
        if term.key == _SOME_APPLICANTS:
            return "?"  # 企业和社会组织申请7件: some legal persons, not a column
        between = self.text[max(terms[index][1], start - _LOOK) : start] if is_before else ""
        each = "各" in between or "均" in between
        respectively = "分别" in between
        if term.role == "open":
            # 未办结的12件将结转至2024年继续办理: carried forward; 1件尚在办理中 after a review: pending.
            after = self._named_after(end, clause_end) if is_before else None
            if after is not None and terms[after][2] == _CARRIED_FORWARD:
                return [_subject("carried_forward")], False
            group = self._last("group", index)
            if group is not None and not self._terms_between(terms[group][1], terms[index][0], "subject"):
                return self._result(index, _Term("result", "pending"))
            return "still open"
        if term.role == "other":
            return "other count"
        if term.role == "group" and self.as_reviewer:
            return "other count"  # cases the agency decided as the reviewing body, not cases against it
        if term.role in ("subject", "group"):
            chain = self._chain(index)
            if len(chain) > 1 and respectively:
                # "予以公开、部分公开分别为12件、3件", "予以公开、部分公开分别占40%、10%": the numbers in the
                # order of the terms.
                at = start if number_at is None else number_at
                order = self._numbers_between(terms[index][1], at)
                # As many numbers as terms, or it is not sure which is whose.
                count = self._numbers_between(terms[index][1], self._clause(at)[1])
                return ([_subject(terms[chain[order]][2].key)], False) if count == len(chain) else "?"
            return [_subject(terms[i][2].key) for i in chain], each
        if term.role == "result":
            return self._result(index, term)
        if term.role == "action":
            documents = self._documents(index, clause_end)
            if not documents or term.key == "reviewed":
                return "other count"
            return [_subject(f"{documents}/{term.key}")], False
        # A document named: its action is the nearest before it in the clause, else after it in the clause,
        # else the last of the sentence before it when that one acts on documents ("制发规章2件，规范性文件
        # 14件", not "发布《公报》12期，刊登规范性文件47件"); "新增规章1件" is one issued.
        action = self._last("action", index, clause_start)
        if action is None:
            action = self._next("action", index, clause_end)
        if action is None:
            action = self._last("action", index)
            if action is not None and not self._acts_on_documents(action):
                action = None
        if action is None:
            k = bisect.bisect_left(self.new_terms, index)
            if k and terms[self.new_terms[k - 1]][0] >= clause_start:
                return [_subject(f"{self._documents(index, clause_end)}/issued")], False
            return "?"
        if terms[action][2].key == "reviewed":
            return "other count"
        named = self._documents(index, clause_end).split("+")
        if len(named) > 1 and respectively:
            order = self._numbers_between(terms[index][1], start)
            named = named[order : order + 1]
            if not named:
                return "?"
        return [_subject(f"{'+'.join(named)}/{terms[action][2].key}")], False

    def _for_those(self, clause_start: int) -> int | None:
        """Where the clause before starts, when it is "对…的": it says which of a figure a number counts."""
        if clause_start < 2:
            return None
        previous = self._clause(clause_start - 1)[0]
        return previous if _FOR_THOSE.fullmatch(self.text, previous, clause_start - 1) else None

    def _reason_before(self, clause_start: int) -> tuple[int, bool] | None:
        """A sub-reason named in a clause "对…的" just before a clause that names nothing.

        对要求提供公开出版物的，告知获取途径2件: the two are the requests for publications.
        """
        if clause_start < 2:
            return None
        previous = self._clause(clause_start - 1)[0]
        if not _THOSE.fullmatch(self.text, previous, clause_start - 1):
            return None
        nearest = self._nearest(clause_start - 1, clause_start - 1, previous, clause_start - 1)
        if nearest is None or not nearest[1]:
            return None
        term = self.terms[nearest[0]][2]
        return nearest if term.role == "subject" and term.key in _SUB_REASON_KEYS else None

    def _stated_between(self, start: int, end: int) -> bool:
        """Whether a figure read as a statement lies between two places."""
        k = bisect.bisect_left(self.stated, (start,))
        return k < len(self.stated) and self.stated[k][0] < end

    def _terms_between(self, start: int, end: int, role: str = "") -> bool:
        """Whether a term (of a role, if given) starts between two places."""
        if role:
            found = self.by_role.get(role, [])
            k = bisect.bisect_left(found, bisect.bisect_left(self.term_starts, start))
            return k < len(found) and self.term_starts[found[k]] < end
        k = bisect.bisect_left(self.term_starts, start)
        return k < len(self.terms) and self.term_starts[k] < end

    def _named_after(self, end: int, clause_end: int) -> int | None:
        """The first term after a number in its clause, when it names this number and not a later one."""
        i = bisect.bisect_left(self.term_starts, end)
        for _ in range(_MOST_JOINED):
            if i >= len(self.terms) or self.terms[i][1] > clause_end:
                return None
            if self.terms[i][2].role != "neutral":
                break
            i += 1
        else:
            return None
        if self._numbers_between(end, self.terms[i][0]) or self._numbers_between(
            self.terms[i][1], clause_end
        ):
            return None  # another number is nearer to it
        return i

    def _acts_on_documents(self, action: int) -> bool:
        """Whether an action's object is documents: one is named after it before the next number."""
        after = self.terms[action][1]
        k = bisect.bisect_left(self.starts, after)
        following = self.starts[k] if k < len(self.starts) else len(self.text)
        document = self._next("document", action, following)
        return document is not None

    def _nearest(self, start: int, end: int, clause_start: int, clause_end: int) -> tuple[int, bool] | None:
        """The nearest term before the number in its clause, else the first after it; and which it is."""
        terms = self.terms
        low = bisect.bisect_left(self.term_starts, clause_start)
        i = bisect.bisect_right(self.term_ends, start) - 1
        for _ in range(_MOST_JOINED):
            if i < low or i < 0:
                break
            if terms[i][2].role != "neutral":
                return i, True
            i -= 1
        i = bisect.bisect_left(self.term_starts, end)
        for _ in range(_MOST_JOINED):
            if i >= len(terms) or terms[i][1] > clause_end:
                break
            if terms[i][2].role != "neutral":
                return i, False
            i += 1
        return None

    def _result(self, index: int, term: _Term) -> tuple[list[Subject], bool] | str:
        """A result (维持, 纠正...) of the group named last before it."""
        groups = self.by_role.get("group", [])
        k = bisect.bisect_left(groups, index)
        # 行政诉讼6件，均为直接起诉，驳回4件: the kind describes the 6; the results are the group's before it.
        last_group = self.terms[groups[k - 1]][0] if k else 0
        if k > 1 and _PREDICATE.search(self.text, max(0, last_group - 4), last_group):
            k -= 1
        if not k:
            return "?"
        group = self.terms[groups[k - 1]][2].key
        if group.startswith("litigation_"):
            # "行政诉讼4件，其中直接起诉3件，复议后起诉1件，均为结果维持": the results of both kinds.
            named = {self.terms[g][2].key for g in groups[max(0, k - _MOST_JOINED) : k]}
            if "litigation" in named and len({g for g in named if g.startswith("litigation_")}) > 1:
                group = "litigation"
        return [_subject(f"{group}/{term.key}")], False

    def _specific(self, index: int) -> int:
        """The term that says most about a number, looking back from the nearest one.

        A general word names what a more precise one before it already did: "不予公开答复2件" counts
        withheld requests, "属于国家秘密的不予公开1件" those withheld as secret, "复议后起诉的行政诉讼案件"
        one kind of litigation. The look back stops at the number before.
        """
        terms = self.terms
        k = bisect.bisect_left(self.starts, terms[index][0])
        if k and self.units[k - 1] in _PERSONS:
            k -= 1  # "自然人41人次，提出申请53件": the applicants counted, then their requests
        floor = self.starts[k - 1] if k else 0
        chosen = index
        for i in range(index - 1, max(-1, index - 1 - _MOST_JOINED), -1):
            if terms[i][0] < floor:
                break
            if _refines(terms[i][2], terms[chosen][2]):
                chosen = i
        return chosen

    def _chain(self, index: int) -> list[int]:
        """The terms of the same role joined to this one by 和, 及, 、 ("予以公开及部分公开")."""
        terms, role = self.terms, self.terms[index][2].role
        chain = [index]
        while (
            len(chain) < _MOST_JOINED
            and chain[0] > 0
            and terms[chain[0] - 1][2].role == role
            and _CONJUNCTION.fullmatch(self.text, terms[chain[0] - 1][1], terms[chain[0]][0])
        ):
            chain.insert(0, chain[0] - 1)
        return chain

    def _documents(self, index: int, clause_end: int) -> str:
        """The documents a term is about: named from it on in its clause, else the last named before it."""
        terms = self.terms
        found = self._next("document", index, clause_end)
        if found is None:
            found = self._last("document", index)
        if found is None:
            return ""
        chain = self._chain(found)
        while (
            len(chain) < _MOST_JOINED
            and chain[-1] + 1 < len(terms)
            and terms[chain[-1] + 1][2].role == "document"
            and _CONJUNCTION.fullmatch(self.text, terms[chain[-1]][1], terms[chain[-1] + 1][0])
        ):
            chain.append(chain[-1] + 1)
        return "+".join(dict.fromkeys(terms[i][2].key for i in chain))


# After a figure: the words that say it is not one of the report's (未计入本报告统计, 不纳入本表).
_NOT_COUNTED: Final = LazyPattern(
    r"(?:未|不|没有)(?:计入|纳入|列入|统计在?)(?:本年度?|本|此|该|上述)?(?:报告|年报|表|统计|数据)"
)
_ADDED: Final = LazyPattern(r"加上|连同")
"""Before 办理 or 处理: the figure is what was received and carried over (加上上年结转的9件，共处理…)."""
_OBJECT: Final = 6
"""The longest word before 申请 read as what the applications are for (专利, 病历复印)."""
_OBJECT_WORD: Final = LazyPattern(rf"(?:(?![的在中为])[\u4e00-\u9fff]){{1,{_OBJECT}}}")
# Words before 申请 that say which disclosure requests, not another business: 信息公开申请, 依申请, 新申请.
_OWN_APPLICATIONS: Final = LazyPattern(r"公开|依|^(?:新|有效|各类|全部|所有|书面|群众|公民|相关|同类)$")
# Before a group, words that make it what a figure before was (均为直接起诉), not the subject of what follows.
_PREDICATE: Final = LazyPattern(r"(?:均|都|全部|全|皆)(?:为|是|系|属于?)\s*$")
_GENERAL: Final = frozenset(("processed", "handled"))
_CARRIED_FORWARD: Final = _Term("subject", "carried_forward")
_PERSONS: Final = frozenset(("人次", "人", "名", "家", "位"))
_TOTALS: Final = frozenset(("new", "carried_over", "processed", "handled"))
"""What a share of an outcome or an applicant type is of: what was received, carried over or processed."""
_APPLICANTS: Final = frozenset(("natural_person", "legal_person", *(a.key for a in _LEGAL_PERSONS)))
_LEGAL_PERSON_TYPES: Final = frozenset(a.key for a in _LEGAL_PERSONS)
_DECIDED: Final = frozenset(("licensing", "penalty", "coercion"))
_GRANTS: Final = frozenset(("granted", "partially_granted"))
_OUTCOMES: Final = frozenset((*labels.OUTCOME_SHORT,))
_CATEGORIES: Final = {
    "withheld": "WITHHELD_",
    "unavailable": "UNAVAILABLE_",
    "not_processed": "NOT_PROCESSED_",
    "other_processing": "OTHER_",
}


def _refines(earlier: _Term, later: _Term) -> bool:
    """Whether an earlier term says more precisely what a later one names (:meth:`_Sentence._specific`)."""
    if earlier.role != "subject" and later.role == "subject":
        return False
    if later.role == "subject" and later.key in _GENERAL:
        return (
            earlier.key in _CATEGORIES
            or earlier.key in _GRANTS
            or earlier.key in _SUB_REASON_KEYS
            or earlier.key in _DECIDED
        )
    if later.role == "subject" and later.key in ("new", *_GENERAL):
        return earlier.key in _APPLICANTS or earlier.key == _SOME_APPLICANTS
    if later.role == "subject" and later.key in _CATEGORIES:
        return earlier.role == "subject" and earlier.key.upper().startswith(_CATEGORIES[later.key])
    if later.role == "group" and later.key == "litigation":
        return earlier.role == "group" and earlier.key.startswith("litigation_")
    return False


def _documents_none(documents: str) -> str:
    """The subject of "未制发规章和规范性文件", of "未制发规章" or of "未制发规范性文件"."""
    named = [
        key
        for key, word in (
            ("regulations", DisclosureRow.REGULATIONS.label),
            ("normative_documents", _NORMATIVE),
        )
        if word in documents
    ]
    return "+".join(named) + "/issued"


def _numbers(sentence: str) -> Iterator[tuple[int, int, str, bool, int]]:
    """Each number: where it is (with 万 or 亿), its unit, whether it is approximate, where its unit ends."""
    position = 0
    while (found := _NUMBER_START.search(sentence, position)) is not None:
        match = _NUMBER.match(sentence, found.start())
        assert match is not None  # a digit or a numeral starts a number
        start, end = match.span()
        position = end
        chinese = not match.group()[0].isdigit()
        if chinese and (
            match.group() in ("万", "亿")
            or (
                sentence[end : end + 1] not in _AFTER_CHINESE
                and not sentence[max(0, start - 2) : start].endswith(("第", "第（", "第("))
            )
        ):
            continue  # most Chinese numerals are inside words (一是, 进一步): nothing counted follows them
        large = None if chinese else _TEN_THOUSANDS.match(sentence, end)
        if large:
            end = large.end()  # 1.2万件, 12万人次
        lead = sentence[max(0, start - 4) : start]
        approximate = bool(
            _BEFORE_APPROXIMATE.search(lead) or (chinese and _BEFORE_APPROXIMATE_WORD.search(lead))
        )
        if chinese and lead.endswith("数"):
            start -= 1  # 数十: the number is the approximation
        after = end
        more = _AFTER_APPROXIMATE.match(sentence, after)
        if more:
            approximate, after = True, more.end()
        unit_match = _UNIT.match(sentence, after)
        unit = unit_match.group("unit") if unit_match else ""
        if unit == "分" and sentence[unit_match.end() : unit_match.end() + 1] in ("点", "比", "之"):  # type: ignore[union-attr]
            unit, unit_match = "", None  # 百分点, 百分比, 三分之一
        if unit_match and _TRAILING_APPROXIMATE.match(sentence, unit_match.end()):
            approximate = True
        ordinal = lead.endswith(("第", "第（", "第(")) and _ORDINAL.match(sentence, end)
        if chinese and not unit and not ordinal:
            continue  # a numeral inside a word: 一是, 进一步, 三安全一稳定, 第三方
        yield start, end, unit, approximate, unit_match.end() if unit_match else after


def _not_a_figure(text: str, start: int, end: int, unit: str) -> str:
    """What a number is when it cannot be a figure of the tables: an article, a date, a duration..."""
    before = text[max(0, start - 3) : start]
    if before.endswith(("第", "第（", "第(")) or unit in ("章", "款", "节"):
        return "article"
    if before.endswith(("〔", "[", "［")) or unit == "号" or _identifier(text, start, end, unit):
        return "identifier"
    if unit in _DATES or date_part(text, start, end) or (not unit and _YEAR.fullmatch(text, start, end)):
        return "date"
    if unit in _DURATIONS:
        return "duration"
    if unit == "个百分点":
        return "rate"
    return ""


_RANGE_AFTER: Final = LazyPattern(r"\s*(?:至|到|~|～|—)\s*[0-9零〇一二两三四五六七八九十百千]")
_RANGE_BEFORE: Final = LazyPattern(
    r"[0-9零〇一二两三四五六七八九十百千]\s*(?:件|个|人次|人|名|条|项)?\s*(?:至|到|~|～|—)\s*$"
)


def _range(text: str, start: int, unit_end: int) -> str:
    """Whether a number is an end of a range (8至12个工作日, 200件至250件之间): never one figure."""
    if _RANGE_AFTER.match(text, unit_end) or _RANGE_BEFORE.search(text, max(0, start - 8), start):
        return "range"
    return ""


def _identifier(text: str, start: int, end: int, unit: str) -> bool:
    """A telephone number, a hotline (12345), a code: digits joined by hyphens, or long and without a unit."""
    if text[end : end + 1] == "-" or text[start - 1 : start] == "-":
        return True
    return not unit and end - start >= 5 and text[start].isdigit()


_YEAR: Final = LazyPattern(r"(?:19|20)\d\d")  # "2023，我中心…": a year without 年
DATE: Final = LazyPattern(r"(?:19|20)\d\d[./-]\d{1,2}(?:[./-]\d{1,2})?|\d{1,2}月?(?:至|到|-)\d{1,2}月")


def part_of_year(text: str) -> int:
    """Where a sentence first names a part of the year (三季度, 上半年, 2月至11月, 截至9月底), or its end."""
    if not any(word in text for word in _PART_OF_YEAR_WORDS):
        return len(text)  # the usual sentence, decided without trying the pattern at each place
    for part in PART_OF_YEAR.finditer(text):
        if part.group("first") is not None and (int(part.group("first")), int(part.group("last"))) == (1, 12):
            continue  # 1月至12月: the whole year
        if part.group("until") is not None and int(part.group("until")) == 12:
            continue  # 截至12月31日: the year's end
        return part.start()
    return len(text)


# A date holds one of these. Most numbers have none near them, and DATE, whose branches begin with digits,
# gives the search no first character to skip to: it would be tried at each place around the number.
_DATE_SEPARATOR: Final = LazyPattern(r"[./\-至到]")


def date_part(text: str, start: int, end: int) -> bool:
    """A number within 2023.12.31, 2024-01-15 or 2023/1/1."""
    low, high = max(0, start - 8), end + 6
    if _DATE_SEPARATOR.search(text, low, high) is None:
        return False
    return any(m.start() <= start and end <= m.end() for m in DATE.finditer(text, low, high))


def _value(sentence: str, start: int, end: int, unit: str) -> tuple[int | Decimal, int | None]:
    """The number's value (an amount in 元 given in 万元), and its places for a share or decimals in 万."""
    text = sentence[start:end].replace(",", "").strip()
    scale = 1
    if text.endswith(("万", "亿")):
        scale = 10_000 if text[-1] == "万" else 10**8
        text = text[:-1].strip()
    if unit.endswith("万元"):
        scale = 1  # the figure is in 万元 already
    elif unit.endswith("亿元"):
        scale = 10_000
    elif unit == "元":
        value = _parse(text)
        return Decimal(value) / 10_000, None
    value = _parse(text)
    places = None
    if unit == "%" or (scale > 1 and "." in text):
        places = len(text.partition(".")[2])
    if scale == 1:
        return value, places
    return (Decimal(value) * scale if isinstance(value, Decimal) else value * scale), places


def _parse(text: str) -> int | Decimal:
    if text[0].isdigit():
        return Decimal(text) if "." in text or len(text) > 18 else int(text)
    if text.startswith("数"):
        text = text[1:]
    return _chinese(text)


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


def _chinese(text: str) -> int:
    """A number in Chinese numerals: 二十三, 一百零五, 一万二千, 三亿五千万; 二〇二三 digit by digit."""
    if not any(c in _UNITS or c in "万亿" for c in text):
        return int("".join(str(_DIGITS[c]) for c in text))
    for unit, size in _LARGE:
        if unit in text:
            high, _, low = text.rpartition(unit)
            return (_chinese(high) if high else 1) * size + (_chinese(low) if low else 0)
    total, digit = 0, None
    for character in text:
        if character in _DIGITS:
            digit = _DIGITS[character]
        else:
            total += (1 if digit is None else digit) * _UNITS[character]
            digit = None
    return total + (digit or 0)
