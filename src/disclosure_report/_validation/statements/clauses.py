"""The words around a number that say what else it counts, and the "none" statements.

A rate or a change, another period, a part of a figure (a topic, a channel, an article, 其中), another kind
of thing; the ends of clauses and sentences; and the "none" statements (未收到政府信息公开申请), as patterns.
"""

from __future__ import annotations

from typing import Final

from ..._form import Applicant, DisclosureRow, ReviewRow, labels
from .patterns import LazyPattern

__all__ = [
    "APPROXIMATE_SHARE",
    "ARTICLE",
    "AS_REVIEWER",
    "CHANGE",
    "CHANNEL",
    "CLAUSE_END",
    "COMBINED",
    "COUNTED_OTHER",
    "DEFINED",
    "FOR_THOSE",
    "FULL_WIDTH",
    "HALF_WIDTH",
    "HANDLING",
    "KIND_OF",
    "LAST_YEAR",
    "NONE_STATEMENTS",
    "NONE_WORDS",
    "NOT_DISCLOSURE",
    "OTHER_CHANNELS",
    "OTHER_OBJECTS",
    "OWN_TOPIC",
    "QUALIFIED",
    "RATE",
    "REVIEWING",
    "SENTENCE_END",
    "SHARE",
    "THOSE",
    "TOPIC",
    "WAIVED",
    "WHOLE_YEAR",
    "WITHIN",
    "YEAR_WORD",
]


RATE: Final = LazyPattern(r"率|同比|环比|增长|增幅|增加|下降|降幅|减少|提高|提升|上升|降低|满意|达到|达")
SHARE: Final = LazyPattern(r"占")
APPROXIMATE_SHARE: Final = LazyPattern(r"(?:约|近|逾|超过|将近|大约|接近)占?")
# A clause about something else than this year's figure: a change, a part of the year, another year.
CHANGE: Final = LazyPattern(r"比|较|相比|同比|环比|增加|减少|增长|下降|持平|率|以来|累计|去年|上年同期")
WHOLE_YEAR: Final = LazyPattern(r"全年|本年|年内|当年|今年|1\s*月\s*(?:1\s*日\s*)?(?:至|到)\s*12\s*月")
YEAR_WORD: Final = LazyPattern(r"(?:19|20)\d\d(?=\s*年)")
LAST_YEAR: Final = LazyPattern(r"上一?年度?|去年|前一年")
# After the unit, what is counted when it is not a request: 接入53个部门, 2261项事项.
COUNTED_OTHER: Final = LazyPattern(
    r"\s*(?:部门|单位|乡镇|镇街|街道|社区|村|县区|区县|市县|委办局|科室|事项|平台|系统|网站|账号|栏目|窗口|站点|专栏"
    r"|领域|方面|人大|政协|建议|提案|议案)"  # 办理10件人大建议: proposals
)
# The agency as the body that decides reviews (作为行政复议机关), not as the one reviewed.
AS_REVIEWER: Final = LazyPattern(r"作为(?:行政)?复议机关")
# What the reviewing body does with a review: receives (受理) or hears (审理) it.
REVIEWING: Final = LazyPattern(r"受理|审理(?=[^，,。；;]{0,12}?复议)")
NOT_DISCLOSURE: Final = LazyPattern(r"(?:非|不属于|不涉及)(?:政府)?信息公开|与(?:政府)?信息公开无关")
TOPIC: Final = LazyPattern(r"(?:涉及|关于|有关|针对)(?P<topic>[^，,。；;：:（）()]{1,16}?)的")
# A topic that is what the tables count: 涉及政府信息公开的行政复议, 涉及本单位的行政诉讼.
OWN_TOPIC: Final = LazyPattern(r"信息公开|依申请|本|我")
ARTICLE: Final = LazyPattern(r"(?:依据|根据|按照|依照)[^，,。；;]{0,24}?第[^条，,。；;]{1,6}条")
# Fees waived or refunded: not what was collected.
WAIVED: Final = LazyPattern(r"免收|免征|减免|减收|减征|退还|退费|清退")
# What 办理, 受理 or 答复 may act on besides requests for information (依申请公开事项 are requests).
OTHER_OBJECTS: Final = LazyPattern(r"(?<!公开)事项|业务|登记|审批|手续|证照|执照|许可|备案")
# Where letters, messages and calls come, and what they are (县长信箱, 12345热线, 网民留言, 来访信件): what is
# received or processed there is not a request, unless 申请 is named after it (通过市长信箱提交的申请).
OTHER_CHANNELS: Final = LazyPattern(r"信箱|热线|留言|工单|诉求|来电|来信|来访|信件")
# Cases handled (办理, 应诉): of any matter, unless the words say they are about disclosure.
HANDLING: Final = LazyPattern(r"办理|应诉")
# A clause naming those a figure counts, before it: 对要求提供公开出版物的，
FOR_THOSE: Final = LazyPattern(r"\s*对[^，,。；;]{1,40}的\s*")
THOSE: Final = LazyPattern(r"\s*对?[^，,。；;]{1,40}的\s*")  # 所申请信息本机关不掌握的，告知…233件
# A reason in the text's own words before a category: 对…的，不予处理7件; 因…，其他处理2件.
QUALIFIED: Final = LazyPattern(r"(?:对|因|属于|由于)[^，,。；;]{1,24}?(?:的|[，,])[^，,。；;]{0,6}$")
# What a part of a figure is worded in: 其中…, （含…）, 在办结的申请中，…
WITHIN: Final = LazyPattern(r"其中|含|中[，,]")
CHANNEL: Final = LazyPattern(
    r"通过|经由|网上|网络|在线|当面|现场|信函|邮寄|邮件|传真|电话|平台|窗口|政府网站|门户网站|小程序|客户端"
)
# 征地补偿类申请: a topic as a kind (各类, 该类, 此类 are not topics).
KIND_OF: Final = LazyPattern(r"(?<![各该此这多两几诸])类(?:政府信息公开|依申请公开|信息公开)?申请")
COMBINED: Final = LazyPattern(r"合计|共计|总计|累计|二者|两者|三者|两项|三项|以上|上述|共占")
DEFINED: Final = LazyPattern(r"\s*[（(][^）)]{0,40}?(?:占|/|÷|除以|之比|比例|比重)")

SENTENCE_END: Final = LazyPattern(r"[。；;！!？?\n]")
CLAUSE_END: Final = LazyPattern(r"[，,：:（）()\[\]【】]")

# Full-width ASCII (digits, punctuation) and the ideographic space, one for one into ASCII: the part of
# NFKC the patterns need, at a fraction of its cost, and keeping every character at its place.
# Only a text with full-width digits is translated: the patterns take full-width punctuation as it is.
HALF_WIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
FULL_WIDTH: Final = LazyPattern("[０-９％]")

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
NONE_STATEMENTS: Final = (
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
NONE_WORDS: Final = LazyPattern(r"未|没有|无|不(?:收取|涉及|设置)")  # as NEGATED
