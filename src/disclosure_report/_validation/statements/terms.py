"""The words that name what the tables count, and finding them in a sentence.

The subjects (rows, columns, categories and their sums), the terms a text names them by (新收, 予以公开,
自然人, 行政复议...), and the terms of a sentence, found longest first (:func:`find_terms`).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Final, Literal

import attrs

from ..._form import (
    Applicant,
    CellKey,
    DisclosureColumn,
    DisclosureRow,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    TableKind,
    labels,
)
from .figures import Subject
from .numbers import NUMBER_START
from .patterns import LazyPattern, trie

__all__ = [
    "APPLICANTS",
    "CARRIED_FORWARD_TERM",
    "CARRIED_FROM",
    "CONJUNCTION",
    "DISCLOSURE_TABLE",
    "GENERAL_SUBJECTS",
    "MOST_JOINED",
    "NORMATIVE",
    "REQUESTS_TABLE",
    "REVIEW_TABLE",
    "SOME_APPLICANTS",
    "SUB_REASON_KEYS",
    "YEAR_BEFORE",
    "Role",
    "Term",
    "find_terms",
    "joined_subject",
    "subject_by_id",
]


REQUESTS_TABLE, REVIEW_TABLE, DISCLOSURE_TABLE = (
    TableKind.REQUESTS,
    TableKind.REVIEW_LITIGATION,
    TableKind.ACTIVE_DISCLOSURE,
)
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
    return Subject(subject_id, REQUESTS_TABLE, (cells,), _OUTCOME_TOTALS if shares else ())


def _outcome(prefix: str, *rows: RequestRow) -> Subject:
    sub_rows = tuple(row for row in RequestRow if row.name.startswith(prefix)) + rows
    return _rows(prefix.rstrip("_").lower(), sub_rows)


def _applicant(subject_id: str, columns: Sequence[Applicant]) -> Subject:
    # An applicant type counts new requests, or (as some reports write) what was received or processed.
    rows = ([RequestRow.NEW], [RequestRow.NEW, RequestRow.CARRIED_OVER], [RequestRow.TOTAL])
    return Subject(
        subject_id,
        REQUESTS_TABLE,
        tuple(_requests(r, columns) for r in rows),
        (_NEW_TOTAL, _RECEIVED_TOTAL, _PROCESSED_TOTAL),
    )


def _review(subject_id: str, rows: Sequence[ReviewRow], column: ReviewColumn = ReviewColumn.TOTAL) -> Subject:
    cells = tuple((row, column) for row in rows)
    totals = () if column is ReviewColumn.TOTAL else (tuple((row, ReviewColumn.TOTAL) for row in rows),)
    return Subject(subject_id, REVIEW_TABLE, (cells,), totals)


def _disclosure(subject_id: str, rows: Sequence[DisclosureRow], *columns: DisclosureColumn) -> Subject:
    # Each column is a reading: the same figure is in 本年制发件数 (2021) or 本年新制作数量 (2019).
    return Subject(
        subject_id, DISCLOSURE_TABLE, tuple(tuple((row, column) for row in rows) for column in columns)
    )


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


Role = Literal["subject", "group", "result", "document", "action", "other", "open", "neutral"]


@attrs.frozen
class Term:
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
    "new": Subject("new", REQUESTS_TABLE, (_NEW_TOTAL, _RECEIVED_TOTAL)),
    "carried_over": _rows("carried_over", [RequestRow.CARRIED_OVER], shares=False),
    "carried_forward": _rows("carried_forward", [RequestRow.CARRIED_FORWARD], shares=False),
    "processed": Subject("processed", REQUESTS_TABLE, (_PROCESSED_TOTAL,)),
    # 办理 may mean what was processed or what there was to process.
    "handled": Subject("processed", REQUESTS_TABLE, (_PROCESSED_TOTAL, _RECEIVED_TOTAL, _NEW_TOTAL)),
    "granted": _rows("granted", [RequestRow.GRANTED]),
    "partially_granted": _rows("partially_granted", [RequestRow.PARTIALLY_GRANTED]),
    "withheld": _outcome("WITHHELD_"),
    "unavailable": _outcome("UNAVAILABLE_"),
    "not_processed": _outcome("NOT_PROCESSED_"),
    "other_processing": Subject(
        "other_processing",
        REQUESTS_TABLE,
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
NORMATIVE: Final = labels.VERSION_DISCLOSURE_ROWS["2019"]["normative_documents"]
_WORDS: Final[dict[str, Term]] = {
    **dict.fromkeys(("新收", "收到", "受理", "接收", "接到", "新增"), Term("subject", "new")),
    # 共收到并办理…24件: what was received (the form's first row), also handled; not a sum of the two.
    **dict.fromkeys(
        (f"{receive}{joined}办理" for receive in ("收到", "受理", "接收", "接到") for joined in "并和及"),
        Term("subject", "new"),
    ),
    **dict.fromkeys(
        (
            *("上年结转", "上年度结转", "上一年度结转", "上年度未办结", "上年遗留"),
            *("上年结转办理", "上年度结转办理", "上一年度结转办理"),  # 上年度结转办理2件: carried over
        ),
        Term("subject", "carried_over"),
    ),
    **dict.fromkeys(("办结", "答复", "办理完毕", "处理完毕", "作出处理"), Term("subject", "processed")),
    **dict.fromkeys(("办理", "处理"), Term("subject", "handled")),
    # 应办理303件: what there was to process (new and carried over), no row of its own.
    **dict.fromkeys(
        (
            *("应办理", "需办理", "需要办理", "共需办理", "应处理", "需处理", "需要处理", "共需处理"),
            *("应予办理", "应予处理"),
        ),
        Term("other", "sum"),
    ),
    "提出": Term("subject", "new"),
    **{short: Term("subject", key) for key, short in labels.OUTCOME_SHORT.items()},
    **{
        alias: Term("subject", key)
        for key in ("granted", "partially_granted", "other_processing")
        for alias in labels.REQUEST_ROW_ALIASES[key]
    },
    **{word: Term("subject", row.key) for word, row in _SUB_REASONS.items()},
    Applicant.NATURAL_PERSON.label: Term("subject", "natural_person"),
    labels.REQUESTS_LEGAL_PERSONS_HEADER: Term("subject", "legal_person"),
    **{a.label: Term("subject", a.key) for a in _LEGAL_PERSONS if a is not Applicant.OTHER},
    **{alias: Term("subject", key) for key, aliases in labels.APPLICANT_ALIASES.items() for alias in aliases},
    ReviewRow.ADMINISTRATIVE_REVIEW.label: Term("group", "review"),
    **dict.fromkeys((labels.REVIEW_LITIGATION_HEADER, "起诉", "诉讼"), Term("group", "litigation")),
    # 复议 alone (复议申请, 复议、诉讼案件) is review; 复议机关 and 复议后起诉 are longer words of their own.
    "复议": Term("group", "review"),
    **dict.fromkeys(
        (
            *(ReviewRow.LITIGATION_DIRECT.label, "直接起诉", "直接提起行政诉讼", "直接提起诉讼"),
            *("直接被提起行政诉讼", "直接被提起诉讼", "直接被起诉"),
        ),
        Term("group", "litigation_direct"),
    ),
    **dict.fromkeys(
        (ReviewRow.LITIGATION_AFTER_REVIEW.label, "复议后提起行政诉讼", "复议后提起诉讼"),
        Term("group", "litigation_after_review"),
    ),
    **{
        column.label: Term("result", column.key)
        for column in ReviewColumn
        if column is not ReviewColumn.TOTAL
    },
    "维持": Term("result", "upheld"),
    **dict.fromkeys(
        ("纠正", "纠错", "撤销", "确认违法", "败诉", "责令重新答复", "责令重新作出答复"),
        Term("result", "corrected"),
    ),
    # 驳回诉讼请求 is how a court upholds an act since 2015 (判决驳回原告诉讼请求).
    **dict.fromkeys(
        (
            f"{judged}{rejected}"
            for judged in ("", "判决")
            for rejected in ("驳回诉讼请求", "驳回原告诉讼请求", "驳回原告的诉讼请求")
        ),
        Term("result", "upheld"),
    ),
    "判决驳回": Term("result", "upheld"),
    **dict.fromkeys(("撤诉", "撤回起诉", "撤回诉讼", "终止审理", "终止"), Term("result", "other")),
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
        Term("result", "pending"),
    ),
    DisclosureRow.REGULATIONS.label: Term("document", "regulations"),
    **dict.fromkeys(
        (DisclosureRow.NORMATIVE_DOCUMENTS.label, NORMATIVE), Term("document", "normative_documents")
    ),
    **dict.fromkeys(("制发", "制定", "出台", "印发", "发布", "新制定"), Term("action", "issued")),
    **dict.fromkeys(("废止", "废除", "宣布失效"), Term("action", "repealed")),
    "现行有效": Term("action", "in_force"),
    # 失效2件、废止4件: lapsed documents, no column of the tables (宣布失效 is a repeal). 继续有效17件 after a
    # review (清理, 梳理) counts those kept among the ones reviewed, not surely all in force. Both act on
    # documents as a review does: no column, and no earlier action (新发布…4件) carried to them.
    **dict.fromkeys(("失效", "继续有效"), Term("action", "reviewed")),
    # 用海用岛项目办理结果17件: the results of other business handled, not requests processed.
    "办理结果": Term("other", "other count"),
    # 制定发布规范性文件4件，清理废止文件0件，现行有效文件20件: the documents named before, in short words
    # (文件 alone is no document of the tables: it takes the last named before it, or none).
    "废止文件": Term("action", "repealed"),
    "现行有效文件": Term("action", "in_force"),
    # Documents reviewed are neither issued nor repealed.
    **dict.fromkeys(("清理", "审查", "备案", "修改", "修订", "修正"), Term("action", "reviewed")),
    DisclosureRow.LICENSING.label: Term("subject", "licensing"),
    DisclosureRow.PENALTY.label: Term("subject", "penalty"),
    DisclosureRow.COERCION.label: Term("subject", "coercion"),
    **dict.fromkeys((DisclosureRow.FEES.label, "收费金额", "收取费用", "收费"), Term("subject", "fees")),
    # What is still open is not what was processed; carried forward is a row of its own.
    **dict.fromkeys(
        ("尚未办结", "未办结", "正在办理", "尚在办理", "办理中", "待办理", "待处理"), Term("open", "")
    ),
    # Words that hold a term's word but name nothing counted: 法定答复期限 is not 答复.
    **dict.fromkeys(
        ("答复期限", "答复时限", "办理期限", "办结时限", "答复期内", "答复期", "办理期内"),
        Term("neutral", ""),
    ),
    # The answer a review or a court judged (维持原答复, 责令重新答复): not what was processed.
    **dict.fromkeys(("原答复", "重新答复", "重新作出答复"), Term("neutral", "")),
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
        Term("other", "other count"),
    ),
}
# Longest first: at one place, 结转下年度继续办理 before 办理, 不予公开 before 公开.
# Terms with variable wording, as patterns; tried in order when a match is not one of the words.
_PATTERNS: Final = (
    (
        LazyPattern(r"(?:结转|顺延|转入)(?:至|到)?(?:下一?年度?|\d{4}年度?)(?:继续)?(?:办理|答复)?"),
        Term("subject", "carried_forward"),
    ),
    (
        LazyPattern(r"(?:未经复议)?直接向(?:人民)?法院(?:提起)?(?:行政)?(?:诉讼|起诉)"),
        Term("group", "litigation_direct"),
    ),
    # 结转至本年度, 上一年度结转至本年度办理: carried over from last year into this one.
    (
        LazyPattern(r"(?:上一?年度?)?(?:结转|转入)(?:至|到)本年度?(?:继续)?(?:办理)?"),
        Term("subject", "carried_over"),
    ),
)


# The words that may begin a pattern's match: found by the trie, then the pattern is tried where they are.
_TRIGGERS: Final = {
    **{"结转": (0, 2), "顺延": (0,), "转入": (0, 2), "直接向": (1,), "未经复议直接向": (1,)},
    **dict.fromkeys(("上年结转", "上年度结转", "上一年度结转"), (2,)),  # a word of its own, or longer
}
_TERMS: Final = LazyPattern(trie([*_WORDS, *_TRIGGERS]))


def find_terms(text: str) -> list[tuple[int, int, Term]]:
    """Every term of a sentence, longest first at each place, left to right."""
    found: list[tuple[int, int, Term]] = []
    reached = 0
    for match in _TERMS.finditer(text):
        start, word = match.start(), match.group()
        if start < reached:
            continue  # inside a pattern's match
        if word in _TRIGGERS:
            for pattern, term in (_PATTERNS[index] for index in _TRIGGERS[word]):
                extended = pattern.match(text, start)
                if extended is not None:
                    if term.key == "carried_forward" and YEAR_BEFORE.search(text, max(0, start - 8), start):
                        # 2022年结转至2023年2件: from a year into the next, the next year's carried over (the
                        # year the figure is of is the one after the first, as for 2022年结转的2件).
                        term = _CARRIED_OVER
                    found.append((start, extended.end(), term))
                    reached = extended.end()
                    break
            else:
                if word in _WORDS:
                    found.append((start, match.end(), _WORDS[word]))
                elif word == "结转" and YEAR_BEFORE.search(text, max(0, start - 8), start):
                    found.append((start, match.end(), _CARRIED_OVER))  # 2023年结转的申请: into 2024
                elif (
                    word == "结转"
                    and NUMBER_START.match(text, match.end())
                    and any(term.key == "processed" for _, _, term in found[-MOST_JOINED:])
                ):
                    found.append(
                        (start, match.end(), CARRIED_FORWARD_TERM)
                    )  # 办结56件，结转2件: what is left
        else:
            term = _WORDS[word]
            if term.key in _LEGAL_PERSON_TYPES:
                wider = _wider_applicants(text, match.end())
                if wider is not None:
                    found.append((start, wider[0], wider[1]))
                    reached = wider[0]
                    continue
            if term.key in APPLICANTS and _AFTER_APPLICANT.match(text, match.end()):
                continue  # 企业职工, 企业经营: someone or something else than the applicant type
            found.append((start, match.end(), term))
    return found


def _wider_applicants(text: str, end: int) -> tuple[int, Term] | None:
    """A legal person's type first in wider words (企业及其他组织, 企业、社会组织等): their end, and meaning.

    The rest of them (…及其他组织) or a list closed by 等 is every legal person; a list of bodies the form
    does not name (企业和社会组织) is some of them, which is not sure. None when no such words follow.
    At most :data:`MOST_JOINED` bodies of at most 9 characters are looked at.
    """
    at, unnamed, rest = end, False, False
    for _ in range(MOST_JOINED):
        joined = _JOINED_BODY.match(text, at)
        if joined is None:
            break
        body = joined.group("body")
        rest = rest or body.startswith(("其他", "其它"))
        named = _WORDS.get(body)
        unnamed = unnamed or named is None or named.key not in APPLICANTS
        at = joined.end()
    closed = _CLOSED_LIST.match(text, at)
    if closed is not None or rest:
        return (closed.end() if closed is not None else at), Term("subject", "legal_person")
    return (at, Term("subject", SOME_APPLICANTS)) if unnamed else None


# A body joined to an applicant type (企业、社会组织, 企业及其他组织), and the 等 that closes a list.
_JOINED_BODY: Final = LazyPattern(
    r"\s*[、和及与或]\s*(?P<body>(?!法人)[\u4e00-\u9fff]{0,6}?"
    r"(?:组织|单位|机构|团体|协会|学会|商会|公司|集团|事务所|学校|医院|合作社))"
)
_CLOSED_LIST: Final = LazyPattern(r"\s*等")
SOME_APPLICANTS: Final = "some_applicants"
"""Some of the legal persons, not said which (企业和社会组织): no figure of the tables."""


# After an applicant type, a word that makes it part of another noun (企业职工 are natural persons).
_AFTER_APPLICANT: Final = LazyPattern(r"(?![申提的中共占为和及与或均各分数类])[\u4e00-\u9fff]")


# 新收申请、上年结转申请分别为…: the noun a term names may come before the conjunction.
CARRIED_FROM: Final = LazyPattern(r"\s*年度?\s*结转(?!至下|到下|下)")
YEAR_BEFORE: Final = LazyPattern(r"((?:19|20)\d\d)\s*年度?\s*$")
_CARRIED_OVER: Final = Term("subject", "carried_over")
CONJUNCTION: Final = LazyPattern(
    r"\s*(?:的?(?:申请|案件|决定)(?:数量|件数|数)?)?\s*(?:以及|和|及|与|、|或)\s*"
)
SUB_REASON_KEYS: Final = frozenset(row.key for row in _SUB_REASONS.values())
GENERAL_SUBJECTS: Final = frozenset(("new", "processed"))
"""Subjects a part of them may be worded as (其中2件…办结): only a row or category the form names is sure."""


@functools.lru_cache(maxsize=1024)
def subject_by_id(subject_id: str) -> Subject:
    """The subject by its id, joined subjects (``a+b``) and group/result pairs included."""
    if subject_id in _SUBJECTS:
        return _SUBJECTS[subject_id]
    if "+" in subject_id and "/" not in subject_id:
        return joined_subject([_SUBJECTS[part] for part in subject_id.split("+")])
    rows, _, column = subject_id.partition("/")
    if column in _RESULTS:
        return _review(subject_id, [r for g in rows.split("+") for r in _GROUPS[g]], _RESULTS[column])
    return _disclosure(subject_id, [r for d in rows.split("+") for r in _DOCUMENTS[d]], *_ACTIONS[column])


def joined_subject(parts: Sequence[Subject]) -> Subject:
    """What a statement about several subjects at once ("予以公开及部分公开N件") means: their sum."""
    if len(parts) == 1:
        return parts[0]
    width = max(len(p.readings) for p in parts)
    readings = tuple(
        tuple(cell for p in parts for cell in p.readings[min(i, len(p.readings) - 1)]) for i in range(width)
    )
    shares = parts[0].shares_of if all(p.shares_of == parts[0].shares_of for p in parts) else ()
    return Subject("+".join(p.id for p in parts), parts[0].table, readings, shares)


MOST_JOINED: Final = 16
"""The most terms a conjunction joins into one statement (予以公开、部分公开、不予公开…)."""
CARRIED_FORWARD_TERM: Final = Term("subject", "carried_forward")
APPLICANTS: Final = frozenset(("natural_person", "legal_person", *(a.key for a in _LEGAL_PERSONS)))
_LEGAL_PERSON_TYPES: Final = frozenset(a.key for a in _LEGAL_PERSONS)
