"""Who counts: the body a clause names, and whether it is the report's own agency.

The patterns of a body (我局, 全区, 区政府办, 市本级) and :func:`about_agency`, which decides whether a named
body is the agency whose report it is.
"""

from __future__ import annotations

import functools
from typing import Final

from .patterns import LazyPattern, trie

__all__ = [
    "ADDRESSED",
    "BODY",
    "GOVERNMENT",
    "IS_AREA",
    "IS_SELF",
    "ITSELF",
    "OWN_LEVEL",
    "PART_BODY",
    "WITHIN_BEFORE",
    "about_agency",
]


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
_NAMED_BODY: Final = rf"(?:(?![的件为均是了])[\u4e00-\u9fff]){{1,14}}?{trie(_BODY_ENDS)}(?:本级)?"
BODY: Final = LazyPattern(
    # The lead is kept once read (本年度街道: not 本年 and a body 度街道).
    r"\s*(?:(?:19|20)\d\d\s*年度?|本年度|本年|今年|全年|年内|当年|(?P<within>其中)|此外|另有)?+\s*"
    rf"(?P<body>{_SELF_BODY}|{_AREA_BODY}|{_NAMED_BODY}|街道办事处|街道|办事处)"
    r"\s*(?P<aside>[（(][^（）()]{1,12}[）)])?(?P<own>本级)?"
    r"(?=\s*(?:共|合计|全年|今年|本年|年内|累计|已|依法|先后|在|于|代表|作为|通过|办理|受理|收到|接收|新收|接到|答复"
    r"|办结|作出|制发|制定|印发|发布|出台|收取|征收|实施|审理|未|没有|无|严格|认真|积极|坚持|不涉及|涉及|因|被|对"
    r"|政府信息公开|[0-9]))"
)
# 向市政府及市政府办公室提出的申请5件: the body the requests were made to is who counts them.
ADDRESSED: Final = LazyPattern(
    rf"向(?P<body>{_SELF_BODY}|{_NAMED_BODY})(?:[和及、与]{_NAMED_BODY})?[^，,。；;向]{{0,12}}?提(?:出|交)"
)
PART_BODY: Final = LazyPattern(r"^各|(?:部门|单位|街道|乡镇|镇街|本级|县区|区县)$")
"""A body that is a part of an area: its departments, its sub-districts, the government itself (本级)."""
GOVERNMENT: Final = LazyPattern(r"^(?:[\u4e00-\u9fff]{0,8}?)(?:人民)?政府$")
ITSELF: Final = LazyPattern(r"[（(](?:含|[^（）()]*(?:办公室|办公厅|政府办)[）)])")
"""Brackets after a body that make it the body itself, apart from its area: （含办公厅）, （区政府办）."""
OWN_LEVEL: Final = LazyPattern("本级")
WITHIN_BEFORE: Final = LazyPattern(r"其中\s*[，,：:]?\s*$")
"""A clause that only says 其中: the body named in the next clause is a part of a figure before it."""
IS_SELF: Final = LazyPattern(_SELF_BODY)
IS_AREA: Final = LazyPattern(rf"全(?P<area>{_AREAS}){_WHOLE_AREA}")
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
    if IS_SELF.match(body):
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
        if IS_SELF.match(body):
            return True
        if short.endswith("政府"):
            return False
    area = IS_AREA.fullmatch(body)  # 全区政务服务中心 is an office, not the area
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
