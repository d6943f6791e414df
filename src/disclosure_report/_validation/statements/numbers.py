"""Numbers as a report writes them, and numbers that are not figures.

Digits, full-width digits and Chinese numerals (二十六), 万 and decimals; the unit after a number and the
words that make it approximate (约, 余); and what is a number but not a figure: a date, a range, an
identifier, a duration, a part of the year.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from .patterns import LazyPattern, trie

__all__ = [
    "CANDIDATE",
    "CHINESE_DIGITS",
    "COUNT_OF_REQUESTS",
    "DATE",
    "NEGATED",
    "NUMBER_START",
    "PART_OF_YEAR",
    "TABLE_UNITS",
    "UNIT",
    "date_part",
    "find_numbers",
    "not_a_figure",
    "number_range",
    "number_value",
    "numeral_counts",
    "part_of_year",
]


CHINESE_DIGITS: Final = "零〇一二两三四五六七八九十百千万亿"
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
UNIT: Final = LazyPattern(r"\s*(?P<unit>" + trie(_UNITS_WRITTEN) + ")")
# What may follow a Chinese numeral that counts: a unit's first character, an approximation, a space.
_AFTER_CHINESE: Final = frozenset(
    "个工自小分件份起宗项条例次篇场期人名家批套部册处所种章款节户台本张块间栋辆平米公位支座网轮届"
    "年月日天周星秒时号季元余多来几% \u3000"
)
# A number: Arabic digits (with thousands separators) or Chinese numerals. Every branch begins with a set of
# characters, so that the search skips the other characters quickly.
_NUMBER: Final = LazyPattern(
    rf"[0-9]{{1,3}}(?:,[0-9]{{3}})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[{CHINESE_DIGITS}]+"
)
# Where a sentence may hold something to read: a digit, a Chinese numeral before a unit, a negation.
# (Searched character by character, as a set: Python's regular expressions skip fast only to a set.)
CANDIDATE: Final = LazyPattern(f"[0-9{CHINESE_DIGITS}未没无不]")
NEGATED: Final = ("收取", "涉及", "设置")
"""What 不 may deny in a "none" statement (不收取行政事业性收费); any other 不 is no candidate."""
NUMBER_START: Final = LazyPattern(f"[0-9{CHINESE_DIGITS}]")
_ORDINAL: Final = LazyPattern(r"[)）]?\s*(?:条|款|项|章|节|季度|批|次|届|名|位|个|轮|部分)")
_TRAILING_APPROXIMATE: Final = LazyPattern(r"\s*(?:左右|上下|以上|以下|之多)")
_BEFORE_APPROXIMATE: Final = LazyPattern(r"(?:约|近|逾|超过|超|将近|大约|接近|多达)\s*$")
# Before a Chinese numeral only: 数十, 几十, 上百 (before digits, 数 ends a word: 总数30件).
_BEFORE_APPROXIMATE_WORD: Final = LazyPattern(r"(?:数|几|上)$")
_DURATIONS: Final = frozenset(
    "个工作日 工作日 个自然日 自然日 个小时 小时 分钟 个月 天 周 星期 秒 时".split()
)
_DATES: Final = frozenset(("年度", "年", "月", "日", "号", "季度"))
TABLE_UNITS: Final = frozenset(("件", "份", "起", "宗", "个", "项", "条", "例"))
COUNT_OF_REQUESTS: Final = frozenset(("件", "份", "宗", "起"))
PART_OF_YEAR: Final = LazyPattern(
    r"季度|上半年|下半年|月份"
    r"|(?P<first>\d{1,2})\s*月?\s*(?:至|到|-|—|－|~|～)\s*(?P<last>\d{1,2})\s*月"
    r"|截[至止]\s*(?:(?:19|20)\d\d\s*年)?\s*(?P<until>\d{1,2})\s*月"
)
# Each of its branches holds one of these words. Most sentences hold none, and the pattern, whose \d
# branches give the search no first character to skip to, would be tried at each of their places.
_PART_OF_YEAR_WORDS: Final = ("季度", "半年", "月")


def numeral_counts(text: str, start: int) -> tuple[bool, int]:
    """Whether the Chinese numeral at ``start`` counts or orders, and where it ends.

    It counts when a unit follows it, orders when 第 comes before it.
    """
    end = start
    while end < len(text) and text[end] in CHINESE_DIGITS:
        end += 1
    ordinal = text[max(0, start - 2) : start].endswith(("第", "第（", "第("))
    return text[end : end + 1] in _AFTER_CHINESE or ordinal, end


def find_numbers(sentence: str) -> Iterator[tuple[int, int, str, bool, int]]:
    """Each number: where it is (with 万 or 亿), its unit, whether it is approximate, where its unit ends."""
    position = 0
    while (found := NUMBER_START.search(sentence, position)) is not None:
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
        unit_match = UNIT.match(sentence, after)
        unit = unit_match.group("unit") if unit_match else ""
        if unit == "分" and sentence[unit_match.end() : unit_match.end() + 1] in ("点", "比", "之"):  # type: ignore[union-attr]
            unit, unit_match = "", None  # 百分点, 百分比, 三分之一
        if unit_match and _TRAILING_APPROXIMATE.match(sentence, unit_match.end()):
            approximate = True
        ordinal = lead.endswith(("第", "第（", "第(")) and _ORDINAL.match(sentence, end)
        if chinese and not unit and not ordinal:
            continue  # a numeral inside a word: 一是, 进一步, 三安全一稳定, 第三方
        yield start, end, unit, approximate, unit_match.end() if unit_match else after


def not_a_figure(text: str, start: int, end: int, unit: str) -> str:
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


def number_range(text: str, start: int, unit_end: int) -> str:
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


def number_value(sentence: str, start: int, end: int, unit: str) -> tuple[int | Decimal, int | None]:
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
