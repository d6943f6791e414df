"""Whether a statement is sure enough to warn on.

:func:`certainty` says why a statement is not sure, by a key of :data:`UNSURE_REASONS`, or that it is.
"""

from __future__ import annotations

import functools
from typing import Final

from .clauses import DEFINED, NONE_WORDS
from .figures import TextFigure
from .numbers import UNIT
from .patterns import LazyPattern
from .terms import GENERAL_SUBJECTS, REQUESTS_TABLE, Term, find_terms

__all__ = ["UNSURE_REASONS", "certainty", "none_certainty"]


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
    requests = table == REQUESTS_TABLE.value  # by value: a figure of another checkout's reader is judged too
    if figure.kind == "none":
        return none_certainty(sentence, requests, figure.at)
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
        if _RATE_WORD.search(clause) and not DEFINED.search(clause):
            return "combined share"  # 公开率: its base varies between agencies unless it is stated
    else:
        fitting = _MONEY_UNITS if subject.id == "fees" else _UNITS_FITTING[table]
        if not after.lstrip().startswith(fitting) and not (figure.value == 0 and not UNIT.match(after)):
            return "measure word"  # 申请2条: items, not requests; a zero needs no measure word (金额为0)
    plain_clause = _ASIDE.sub("", clause)  # 行政强制措施（查封、扣押）26件: an aside is no part of the label
    item = plain_clause[max((m.end() for m in _LIST_BOUNDARY.finditer(plain_clause)), default=0) :]
    general = subject.id in _TOTAL_KEYS
    if general and (_OWN_CATEGORIES.search(before) or _OWN_CATEGORIES.search(after)):
        return "own categories"  # 答复7件，不予受理4件: 答复 is one of the text's own outcomes, not all
    if _OTHER_PERIOD.search(clause) and subject.id != "carried_over":
        return "other period"
    if subject.id in GENERAL_SUBJECTS and _PART_WORDS.search(clause):
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
    terms = find_terms(item)
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
    first = find_terms(tail[lead.end() if lead else 0 :])
    if first and first[0][0] == 0 and _SAME_TOTAL.get(first[0][2].key, first[0][2].key) in parts:
        return ""  # 1件被纠正, 12件将结转至2024年: the label right after it
    return "term apart"


def _respectively(clause: str, after: str, parts: set[str]) -> bool:
    """Whether labels listed, then 分别 and as many numbers, give this number its label in turn.

    予以公开、部分公开分别为12件、15件: the second number is the second label's, when the labels and the
    numbers of the clause are as many; any other count is not sure.
    """
    at = clause.rfind("分别")
    labels = [term for _, _, term in find_terms(clause[:at]) if term.role in _NAMING_ROLES]
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
    unit = UNIT.match(after)
    return unit.end() if unit else 0


def _label_before(item: str, terms: list[tuple[int, int, Term]], parts: set[str]) -> bool:
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
def none_certainty(sentence: str, requests: bool, at: int) -> str:
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
    if not NONE_WORDS.search(clause):
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
