"""Reading a sentence: every number in it, read in its clause.

Each number is read as a statement about a figure of the tables or as what else it is
(:func:`read_sentence`, :func:`read_figures`); the reading itself is the class ``_Sentence``.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from ..._form import DisclosureRow, Section, labels
from .bodies import ADDRESSED, BODY, GOVERNMENT, IS_AREA, ITSELF, OWN_LEVEL, PART_BODY, WITHIN_BEFORE
from .clauses import (
    APPROXIMATE_SHARE,
    ARTICLE,
    AS_REVIEWER,
    CHANGE,
    CHANNEL,
    CLAUSE_END,
    COMBINED,
    COUNTED_OTHER,
    DEFINED,
    FOR_THOSE,
    FULL_WIDTH,
    HALF_WIDTH,
    HANDLING,
    KIND_OF,
    LAST_YEAR,
    NONE_STATEMENTS,
    NONE_WORDS,
    NOT_DISCLOSURE,
    OTHER_CHANNELS,
    OTHER_OBJECTS,
    OWN_TOPIC,
    QUALIFIED,
    RATE,
    REVIEWING,
    SENTENCE_END,
    SHARE,
    THOSE,
    TOPIC,
    WAIVED,
    WHOLE_YEAR,
    WITHIN,
    YEAR_WORD,
)
from .figures import STATEMENTS, FigureKind, Subject, TextFigure
from .numbers import (
    CANDIDATE,
    CHINESE_DIGITS,
    COUNT_OF_REQUESTS,
    NEGATED,
    TABLE_UNITS,
    find_numbers,
    not_a_figure,
    number_range,
    number_value,
    numeral_counts,
    part_of_year,
)
from .patterns import LazyPattern
from .terms import (
    APPLICANTS,
    CARRIED_FORWARD_TERM,
    CARRIED_FROM,
    CONJUNCTION,
    DISCLOSURE_TABLE,
    GENERAL_SUBJECTS,
    MOST_JOINED,
    NORMATIVE,
    REQUESTS_TABLE,
    REVIEW_TABLE,
    SOME_APPLICANTS,
    SUB_REASON_KEYS,
    YEAR_BEFORE,
    Term,
    find_terms,
    joined_subject,
    subject_by_id,
)

__all__ = ["REMEMBERED_SENTENCE", "Read", "read_figures", "read_sentence", "read_sentences"]


REMEMBERED_SENTENCE: Final = 1_000
"""Likewise for one sentence (a hostile text can be one sentence of a million characters)."""


def read_figures(text: str, section: Section | None = None) -> Iterator[TextFigure]:
    """Every number in ``text`` and every "none" statement, read in its sentence."""
    for sentence, readings in read_sentences(text):
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


Read = tuple[str, tuple[_Reading, ...]]
"""A sentence as quoted (written, stripped), and what it states."""


def read_sentences(text: str) -> Iterator[Read]:
    """Each sentence of ``text`` that may state something (a number, a negation), read."""
    normal = text.translate(HALF_WIDTH) if FULL_WIDTH.search(text) else text
    ends: list[int] | None = None
    position = 0
    # The body the last part read named, and where that part ended: a part after it and a semicolon that
    # names none is still about it (全县共受理12件，予以公开6件；无法提供6件: the county's figures too).
    last_body, last_end = "", -2
    while (hit := CANDIDATE.search(normal, position)) is not None:
        position = hit.end()
        if hit.group() in CHINESE_DIGITS:
            counts, position = numeral_counts(normal, hit.start())
            if not counts:
                continue  # most of a report's text: no number, no negation
        elif hit.group() == "不" and normal[position : position + 2] not in NEGATED:
            continue  # 不断, 不足: no negation of what there was
        if ends is None:
            ends = [match.start() for match in SENTENCE_END.finditer(normal)]
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
        last_body = next((r.body for r in reversed(read[1]) if r.kind in STATEMENTS and r.body), "")
        last_end = end
        yield read
        position = end + 1


def _carried(read: Read, body: str) -> Read:
    """A part read with the body of the part before its semicolon, when it names none of its own."""
    readings = read[1]
    if any(r.body for r in readings if r.kind in STATEMENTS):
        return read
    return read[0], tuple(r._replace(body=body) if r.kind in STATEMENTS else r for r in readings)


@functools.lru_cache(maxsize=4096)
def read_sentence(sentence: str, written: str) -> Read:
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


_Found = tuple[int, int, Term]


_LOOK: Final = 24
"""How far before a number the words qualifying it are looked for (各, 分别, 比上年, 占)."""


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

    def read_all(self) -> Read:
        """The sentence as quoted, and every number and "none" statement in it, read."""
        readings = tuple(self.read())
        if len(self.bodies) > 1 and any(PART_BODY.search(body) for _, body in self.bodies):
            # 区级部门收到213件，街道收到88件，区政府收到40件: a breakdown, the government one of its parts.
            readings = tuple(
                r._replace(body="其中" + r.body) if r.kind in STATEMENTS and GOVERNMENT.search(r.body) else r
                for r in readings
            )
        if "本级" in self.text and self.clauses and self._own_level():
            # 全市共受理1.36万件，市政府本级受理402件: the area's figure beside the government's own; which of
            # them a government's tables count varies between reports, so the area's is not checked. (After
            # 其中, the government's is a part of the area's, the figure the sentence is about.)
            readings = tuple(
                _as(r, kind="other", reason="another body")
                if r.kind in STATEMENTS
                and (
                    IS_AREA.match(r.body)
                    or IS_AREA.match(self.text, self._clause(r.at + self.lead)[0]) is not None
                )
                else r
                for r in readings
            )
        return self.written.strip(), readings

    def _own_level(self) -> bool:
        """Whether the sentence names a government's own level (本级) beside its area, not after 其中.

        Each 本级 looks back at most 16 characters, within its clause.
        """
        for level in OWN_LEVEL.finditer(self.text):
            low = max(self._clause(level.start())[0], level.start() - 16)
            if self.text.find("其中", low, level.start()) < 0 and not WITHIN_BEFORE.search(
                self.text, max(0, low - 8), low
            ):
                return True
        return False

    def read(self) -> Iterator[_Reading]:
        if NONE_WORDS.search(self.text):
            for pattern, subject_id, needed in NONE_STATEMENTS:
                if needed not in self.text:
                    continue  # a sentence without the word the pattern needs is not searched
                match = pattern.search(self.text)
                if match is not None:
                    documents = match.groupdict().get("documents")
                    found = subject_by_id(_documents_none(documents) if documents else subject_id)
                    if subject_id == "new":
                        # 未收到法人或其他组织提出的申请: none of one applicant type, not none at all.
                        named = [
                            term.key for _, _, term in find_terms(match.group()) if term.role == "subject"
                        ]
                        if SOME_APPLICANTS in named:
                            continue  # none of some legal persons, not said which
                        applicants = [key for key in named if key in APPLICANTS]
                        if applicants:
                            found = joined_subject([subject_by_id(key) for key in dict.fromkeys(applicants)])
                    body, year = self._body(match.start()), self._year(match.start())
                    yield _Reading("", "none", found, 0, at=match.start() - self.lead, body=body, year=year)
        numbers = list(find_numbers(self.text))
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
                if figure.kind in STATEMENTS:
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
        self.terms = find_terms(self.text)
        self.term_starts = [t[0] for t in self.terms]
        self.term_ends = [t[1] for t in self.terms]

    def _body(self, position: int) -> str:
        """The body named last before a position in the sentence, or ``""``.

        The clauses are looked at when a statement asks, up to it: each once, whatever is asked.
        """
        if self.unscanned is None:
            self.unscanned = CLAUSE_END.finditer(self.text)
        while 0 <= self.next_clause < position:
            found = BODY.match(self.text, self.next_clause)
            if found is not None:
                body, aside = found.group("body"), found.group("aside") or ""
                if found.group("within") or WITHIN_BEFORE.search(
                    self.text, max(0, self.next_clause - 6), self.next_clause
                ):
                    body = "其中" + body  # 其中，区政府收到212件: a part of a figure before
                if ITSELF.match(aside):
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
        addressed = list(ADDRESSED.finditer(self.text, low, position))  # bounded: 2 × _LOOK characters
        return addressed[-1].group("body") if addressed else ""

    def _carried_from(self, figure: _Reading) -> int | None:
        """For requests carried over named by the year they come from (2023年结转的27件), the year after it.

        They are the next year's carried-over requests: its report's figure, not the named year's.
        """
        if figure.subject is None or figure.subject.id != "carried_over" or not self.terms:
            return None
        term_start = self.terms[self.named_at[0]][0]
        year = YEAR_BEFORE.search(self.text, max(0, term_start - 8), term_start)
        return int(year.group(1)) + 1 if year else None

    def _year(self, position: int) -> int | None:
        """The year named last before a position in the sentence (not inside a term), if any."""
        if self.years is None:
            self._index_terms()
            self.years = []
            terms, starts = self.terms, self.term_starts
            for year in YEAR_WORD.finditer(self.text):
                k = bisect.bisect_right(starts, year.start())
                if k and terms[k - 1][1] > year.start():
                    continue  # 结转2024年办理 is inside a term
                if CARRIED_FROM.match(self.text, year.end()):
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
        self.clauses = [0, *(m.end() for m in CLAUSE_END.finditer(text)), len(text) + 1]
        self.starts = [number[0] for number in numbers]
        self.units = [number[2] for number in numbers]
        year = YEAR_WORD.search(text)
        self.year = year.group() if year else None
        self.part_of_year = part_of_year(text)
        self.as_reviewer = "复议机关" in text and AS_REVIEWER.search(text) is not None
        self.not_disclosure = NOT_DISCLOSURE.search(text) is not None
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
        reason = not_a_figure(text, start, end, unit) or number_range(text, start, unit_end)
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
        if not money and not bare and unit not in TABLE_UNITS:
            yield base if not unit else _as(base, kind="other", reason="other count")
            return
        if unit and COUNTED_OTHER.match(text, unit_end):
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
            if found == "?" or (not found and (unit in COUNT_OF_REQUESTS or bare)):
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
            and subjects[0].table is not DISCLOSURE_TABLE
            and not self._requests_in(unit, subjects, start)
        ) or (unit == "个" and subjects[0].table is REQUESTS_TABLE):
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
        value, places = number_value(text, start, end, unit)
        kind: FigureKind = "approximate" if approximate else "exact"
        for subject in subjects if each else [joined_subject(subjects)]:
            yield _as(base, kind=kind, subject=subject, value=value, places=places)

    def _elsewhen(self, clause_start: int, start: int) -> str:
        """Whether the clause is about a change, a part of the year or another year: "比上年减少3件"."""
        near = max(clause_start, start - _LOOK)
        for change in CHANGE.finditer(self.text, near, start):
            if change.group() == "累计" and WHOLE_YEAR.search(
                self.text, max(0, change.start() - _LOOK), change.start()
            ):
                continue  # 全年累计受理69件: the year's, summed
            return "change"
        if self.part_of_year < start:
            return "part of the year"
        return "another year" if self._last_year(near, start) else ""

    def _last_year(self, near: int, start: int) -> bool:
        """Whether last year is named between two places (上年度, 去年), not in a form word (上年结转)."""
        for last_year in LAST_YEAR.finditer(self.text, near, start):
            k = bisect.bisect_right(self.term_starts, last_year.start())
            if not (k and self.term_ends[k - 1] > last_year.start()):  # 上年结转 is a row of the form
                return True
        return False

    def _another_year(self, clause_start: int, start: int) -> bool:
        """Whether the clause names another year than the sentence's first ("2023年收到45件，2022年为38件").

        Asked of a number whose words name nothing: a statement carries its year (:attr:`TextFigure.year`),
        which :func:`for_report` checks against the report's.
        """
        for year in YEAR_WORD.finditer(self.text, max(clause_start, start - _LOOK), start):
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
        general = all(subject.id in GENERAL_SUBJECTS for subject in subjects)
        index, is_before = self.named_at
        term_start = self.terms[index][0] if self.terms else start
        near = max(clause_start, start - _LOOK)
        if general and not is_before:
            return "part"  # 3件答复被复议机关纠正, 15件已办结: what the requests went through, not a row
        if general and OTHER_OBJECTS.search(text, max(self.terms[index][1], start - _LOOK), start):
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
        if (REQUESTS_TABLE in tables or REVIEW_TABLE in tables) and self.not_disclosure:
            return "not disclosure"
        if _NOT_COUNTED.search(text, start, start + _LOOK) is not None:
            return "another body"  # …另行受理1,204件，未计入本报告统计: said not to be the report's figure
        if (
            REQUESTS_TABLE in tables
            and self._for_those(clause_start) is not None
            and not all(s.id in SUB_REASON_KEYS for s in subjects)
        ):
            return "part"  # 对涉及征地拆迁的，予以公开5件: those of a topic
        if REQUESTS_TABLE in tables and text.find("案件", near, start) >= 0:
            return "cases"
        if REVIEW_TABLE in tables and REVIEWING.search(text, near, start):
            return "reviewing body"  # a review application is received (受理) by the body that decides it
        if REVIEW_TABLE in tables and text.find("各类", near, start) >= 0:
            return "cases"  # 各类行政复议、行政诉讼案件: of every matter, not the disclosure ones alone
        if (
            REVIEW_TABLE in tables
            and HANDLING.search(text, near, start)
            and text.find("案件", near, start) >= 0
            and text.find("信息公开", near, start) < 0
        ):
            return "cases"  # 办理涉及本局的行政诉讼案件15件: cases handled, of any matter
        if DISCLOSURE_TABLE in tables and self.processing_fee:
            return "money"  # 收费通知, 信息处理费: the processing fee, not 行政事业性收费
        if DISCLOSURE_TABLE in tables and WAIVED.search(text, near, start):
            return "money"  # 免收行政事业性收费120万元: fees not collected
        if REQUESTS_TABLE in tables:
            for topic in TOPIC.finditer(text, near, start):
                if OWN_TOPIC.search(topic.group("topic")):
                    continue  # 涉及政府信息公开的, 涉及本单位的: what the tables count
                if not self._names_a_subject(topic.start("topic"), topic.end("topic")):
                    return "part"  # 涉及征地拆迁的申请: a topic, not a reason of the form
            for kind in KIND_OF.finditer(text, near, start):
                k = bisect.bisect_left(self.term_ends, kind.start())
                named = k < len(self.terms) and self.term_starts[k] <= kind.start()
                if not (named and self.terms[k][2].role == "subject"):
                    return "part"  # 征地补偿类申请: a topic, not a reason of the form (信访举报投诉类)
        if REQUESTS_TABLE in tables and is_before and all(subject.id in _CATEGORIES for subject in subjects):
            # A category that has sub-rows, qualified by an article or a reason of its own words, counts one
            # or some of its sub-rows: 依据第十五条不予公开3件, 对无正当理由频繁申请的，不予处理7件. (A reason
            # the form names is its sub-row already: see _specific.)
            articles = list(ARTICLE.finditer(text, max(0, start - 2 * _LOOK), term_start))
            if articles or QUALIFIED.search(text, max(0, term_start - _LOOK), term_start):
                return "part"
        if not general:
            return (
                self._within(subjects, start, max(0, start - 2 * _LOOK)) if REQUESTS_TABLE in tables else ""
            )
        if CHANNEL.search(text, near, start):
            return "part"  # 通过邮寄方式答复28件: the answers sent one way
        near = max(0, start - 2 * _LOOK)
        articles = list(ARTICLE.finditer(text, near, start))  # bounded: 2 × _LOOK characters
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
        channels = list(OTHER_CHANNELS.finditer(self.text, max(0, term_start - 2 * _LOOK), term_start))
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
        for opening_word in WITHIN.finditer(self.text, near, start):
            opening = opening_word.start()
        if opening < 0:
            return ""
        index, is_before = self.named_at
        term_start = self.terms[index][0] if self.terms else start
        if all(subject.id in GENERAL_SUBJECTS for subject in subjects):
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
        return term.role == "subject" and term.key not in APPLICANTS

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
        share_word = SHARE.search(text, near, start)
        part_end = share_word.start() if share_word else start
        rate = RATE.search(text, max(clause_start, part_end - _LOOK), part_end)
        if rate and not (
            rate.group() == "率"
            and self._subject_ends_at(rate.start())
            and DEFINED.match(text, rate.end()) is not None
        ):
            # 予以公开率 is counted over what each agency chooses (processed, received, new): a rate, unless
            # its definition is stated (予以公开率（予以公开件数占办结总数的比例）).
            return _as(base, kind="other", reason="rate")
        found = self._named(part_end, part_end, clause_start, part_end, number_at=start)
        subject = None if isinstance(found, str) else joined_subject(found[0])
        if subject is None and found == "" and last is not None:
            if COMBINED.search(text, max(clause_start, start - _LOOK), start):
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
        value, places = number_value(text, start, end, "%")
        if APPROXIMATE_SHARE.search(text, max(clause_start, start - 4), start):
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
        if term.key == SOME_APPLICANTS:
            return "?"  # 企业和社会组织申请7件: some legal persons, not a column
        between = self.text[max(terms[index][1], start - _LOOK) : start] if is_before else ""
        each = "各" in between or "均" in between
        respectively = "分别" in between
        if term.role == "open":
            # 未办结的12件将结转至2024年继续办理: carried forward; 1件尚在办理中 after a review: pending.
            after = self._named_after(end, clause_end) if is_before else None
            if after is not None and terms[after][2] == CARRIED_FORWARD_TERM:
                return [subject_by_id("carried_forward")], False
            group = self._last("group", index)
            if group is not None and not self._terms_between(terms[group][1], terms[index][0], "subject"):
                return self._result(index, Term("result", "pending"))
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
                return ([subject_by_id(terms[chain[order]][2].key)], False) if count == len(chain) else "?"
            return [subject_by_id(terms[i][2].key) for i in chain], each
        if term.role == "result":
            return self._result(index, term)
        if term.role == "action":
            documents = self._documents(index, clause_end)
            if not documents or term.key == "reviewed":
                return "other count"
            return [subject_by_id(f"{documents}/{term.key}")], False
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
                return [subject_by_id(f"{self._documents(index, clause_end)}/issued")], False
            return "?"
        if terms[action][2].key == "reviewed":
            return "other count"
        named = self._documents(index, clause_end).split("+")
        if len(named) > 1 and respectively:
            order = self._numbers_between(terms[index][1], start)
            named = named[order : order + 1]
            if not named:
                return "?"
        return [subject_by_id(f"{'+'.join(named)}/{terms[action][2].key}")], False

    def _for_those(self, clause_start: int) -> int | None:
        """Where the clause before starts, when it is "对…的": it says which of a figure a number counts."""
        if clause_start < 2:
            return None
        previous = self._clause(clause_start - 1)[0]
        return previous if FOR_THOSE.fullmatch(self.text, previous, clause_start - 1) else None

    def _reason_before(self, clause_start: int) -> tuple[int, bool] | None:
        """A sub-reason named in a clause "对…的" just before a clause that names nothing.

        对要求提供公开出版物的，告知获取途径2件: the two are the requests for publications.
        """
        if clause_start < 2:
            return None
        previous = self._clause(clause_start - 1)[0]
        if not THOSE.fullmatch(self.text, previous, clause_start - 1):
            return None
        nearest = self._nearest(clause_start - 1, clause_start - 1, previous, clause_start - 1)
        if nearest is None or not nearest[1]:
            return None
        term = self.terms[nearest[0]][2]
        return nearest if term.role == "subject" and term.key in SUB_REASON_KEYS else None

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
        for _ in range(MOST_JOINED):
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
        for _ in range(MOST_JOINED):
            if i < low or i < 0:
                break
            if terms[i][2].role != "neutral":
                return i, True
            i -= 1
        i = bisect.bisect_left(self.term_starts, end)
        for _ in range(MOST_JOINED):
            if i >= len(terms) or terms[i][1] > clause_end:
                break
            if terms[i][2].role != "neutral":
                return i, False
            i += 1
        return None

    def _result(self, index: int, term: Term) -> tuple[list[Subject], bool] | str:
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
            named = {self.terms[g][2].key for g in groups[max(0, k - MOST_JOINED) : k]}
            if "litigation" in named and len({g for g in named if g.startswith("litigation_")}) > 1:
                group = "litigation"
        return [subject_by_id(f"{group}/{term.key}")], False

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
        for i in range(index - 1, max(-1, index - 1 - MOST_JOINED), -1):
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
            len(chain) < MOST_JOINED
            and chain[0] > 0
            and terms[chain[0] - 1][2].role == role
            and CONJUNCTION.fullmatch(self.text, terms[chain[0] - 1][1], terms[chain[0]][0])
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
            len(chain) < MOST_JOINED
            and chain[-1] + 1 < len(terms)
            and terms[chain[-1] + 1][2].role == "document"
            and CONJUNCTION.fullmatch(self.text, terms[chain[-1]][1], terms[chain[-1] + 1][0])
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
_PERSONS: Final = frozenset(("人次", "人", "名", "家", "位"))
_TOTALS: Final = frozenset(("new", "carried_over", "processed", "handled"))
"""What a share of an outcome or an applicant type is of: what was received, carried over or processed."""
_DECIDED: Final = frozenset(("licensing", "penalty", "coercion"))
_GRANTS: Final = frozenset(("granted", "partially_granted"))
_OUTCOMES: Final = frozenset((*labels.OUTCOME_SHORT,))
_CATEGORIES: Final = {
    "withheld": "WITHHELD_",
    "unavailable": "UNAVAILABLE_",
    "not_processed": "NOT_PROCESSED_",
    "other_processing": "OTHER_",
}


def _refines(earlier: Term, later: Term) -> bool:
    """Whether an earlier term says more precisely what a later one names (:meth:`_Sentence._specific`)."""
    if earlier.role != "subject" and later.role == "subject":
        return False
    if later.role == "subject" and later.key in _GENERAL:
        return (
            earlier.key in _CATEGORIES
            or earlier.key in _GRANTS
            or earlier.key in SUB_REASON_KEYS
            or earlier.key in _DECIDED
        )
    if later.role == "subject" and later.key in ("new", *_GENERAL):
        return earlier.key in APPLICANTS or earlier.key == SOME_APPLICANTS
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
            ("normative_documents", NORMATIVE),
        )
        if word in documents
    ]
    return "+".join(named) + "/issued"
