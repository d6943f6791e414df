"""What validation returns: findings with their rule, message, facts and location, and the result.

A finding is data: its rule's stable code and severity, the facts its messages were made from
(:attr:`Finding.params`, with ``expected`` and ``actual``), the cells it involves and where it is, in the
report and in the document the report was read from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._form import COLUMN_KEYS, ROW_KEYS, FormKey, Section, TableKind
from .._language import Language
from .._model import CellRef, SourcePosition, plain
from .._rules import RULES, Code, Rule, Severity
from ..exceptions import ReportErrorsFound

if TYPE_CHECKING:
    from .decisions import Reviewed

__all__ = [
    "FLAT_COLUMNS",
    "Finding",
    "Location",
    "Validation",
    "cell_marks",
    "finding_from_row",
    "findings_by_cell",
    "flat_columns",
    "not_checked",
    "once_per_rule",
]


@attrs.frozen(kw_only=True)
class Location:
    """Where a finding is: a section, and within a table a row and/or a column; and where in the source.

    Attributes:
        section: The section of the report.
        table: The table, for findings about table cells.
        row: The row key, when the finding is about one row (or one cell).
        column: The column key, when the finding is about one column (or one cell).
        source: Where the report came from, when it was read from a file: its sheet and cell, line, page,
            or table, row and cell.
    """

    section: Section | None = None
    table: TableKind | None = None
    row: FormKey | None = None
    column: FormKey | None = None
    source: SourcePosition | None = None

    def __str__(self) -> str:
        return self.describe("en")

    def describe(self, lang: Language) -> str:
        """The location for a person, in ``lang``.

        The section and the row and column labels are the form's (Chinese, as printed); ``lang`` names the
        whole report (报告 or report).
        """
        parts = [self.section.label if self.section else ("报告" if lang == "zh" else "report")]
        if self.row is not None:
            parts.append(self.row.label)
        if self.column is not None:
            parts.append(self.column.label)
        text = " / ".join(parts)
        return f"{text} ({self.source})" if self.source else text


def _catalogue_rule(finding: Finding) -> Rule:
    return RULES[finding.code]


def _params(params: Mapping[str, object]) -> dict[str, object]:
    return dict(params)


@attrs.frozen(kw_only=True)
class Finding:
    """One thing validation found, with its rule's code and severity, a message and an exact location.

    Build one with :meth:`Finding.of`, which writes the messages from the rule's templates.

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
        params: The other facts the messages were made from, by the names of the rule's templates (the
            row and column labels, the rule a ``not-checked`` finding is about, the blank cells...).
        rule: The rule (a rule of the catalogue, or a user's own rule).
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
    params: Mapping[str, object] = attrs.field(factory=dict, converter=_params, hash=False)
    rule: Rule = attrs.field(eq=False, repr=False, default=attrs.Factory(_catalogue_rule, takes_self=True))

    @classmethod
    def of(
        cls,
        rule: Code | Rule,
        location: Location,
        /,
        *,
        expected: object = None,
        actual: object = None,
        cells: Sequence[CellRef] = (),
        evidence: str | None = None,
        **params: object,
    ) -> Finding:
        """A finding of a rule, its messages written from the rule's templates and these facts.

        Args:
            rule: The rule's code in the catalogue, or a rule of your own (for a check of your own).
            location: Where the finding is.
            expected: The value the rule expected, if any.
            actual: The value the report states, if any.
            cells: The cells involved, as ``(table, row, column)``.
            evidence: Quoted text the finding rests on.
            params: The other fields the rule's message templates name.

        Raises:
            KeyError: A code that is not in the catalogue, or a template field not given.
        """
        found = RULES[rule] if isinstance(rule, str) else rule
        values = {"expected": _shown(expected), "actual": _shown(actual), "evidence": evidence, **params}
        return cls(
            code=found.code,
            severity=found.severity,
            message_zh=found.message_zh.format(**values),
            message_en=found.message_en.format(**values),
            location=location,
            expected=expected,
            actual=actual,
            cells=tuple(cells),
            evidence=evidence,
            params=params,
            rule=found,
        )

    @property
    def message(self) -> str:
        """The Chinese message followed by the English one."""
        return f"{self.message_zh} / {self.message_en}"

    def message_for(self, lang: Language) -> str:
        """The message in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en

    def detail_for(self, lang: Language) -> tuple[str, ...]:
        """What the message leaves out, one item a line, in ``lang`` (often nothing).

        The equally small corrections of an ambiguous ``likely-cause``, for instance: the message says how
        many there are and what they share, the detail lists them (the command line, the batch page and
        the annotated workbook show it below the message).

        .. versionadded:: 0.1.0
        """
        lines = self.params.get(f"detail_{lang}", ())
        return tuple(str(line) for line in lines) if isinstance(lines, tuple | list) else ()

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
            "source": None if where.source is None else str(where.source),
            "expected": _plain(self.expected),
            "actual": _plain(self.actual),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "evidence": self.evidence,
            "cells": ";".join(f"{t.key}.{r.key}.{c.key}" for t, r, c in self.cells),
        }


def _shown(value: object) -> str:
    return "空白" if value is None else plain(value) if isinstance(value, Decimal) else str(value)


def _plain(value: object) -> str | int | None:
    if value is None or type(value) is int:
        return value
    return plain(value) if isinstance(value, Decimal) else str(value)


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


def flat_columns(lang: Language | None = None) -> tuple[str, ...]:
    """The keys of :meth:`Validation.rows` for ``lang``: :data:`FLAT_COLUMNS`, or with one ``message``."""
    if lang is None:
        return FLAT_COLUMNS
    return tuple("message" if k == "message_zh" else k for k in FLAT_COLUMNS if k != "message_en")


@attrs.frozen
class Validation:
    """The result of :func:`validate`: every finding, most serious first, in form order within a severity.

    Attributes:
        findings: The findings.
        reviewed: The findings reviewers' decisions are about (see
            :func:`~disclosure_report.apply_decisions`): those dismissed (no longer in ``findings``), those
            confirmed, and those whose figure changed since the decision (``outdated``: still in
            ``findings``).

    .. versionchanged:: 0.1.0
       ``reviewed``.
    """

    findings: tuple[Finding, ...]
    reviewed: tuple[Reviewed, ...] = ()

    @property
    def dismissed(self) -> tuple[Finding, ...]:
        """The findings reviewers dismissed (left out of ``findings``)."""
        return tuple(r.finding for r in self.reviewed if r.status == "dismissed")

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
            KeyError: A code is neither in the catalogue nor found (a typo would otherwise match nothing,
                silently).
        """
        codes = {code} if isinstance(code, str) else set(code) if code is not None else None
        known = RULES.keys() | {f.code for f in self.findings}
        for name in codes or ():
            if name not in known:
                raise KeyError(f"no rule {name!r}; known codes: {', '.join(RULES)}")

        def wanted(f: Finding) -> bool:
            return (codes is None or f.code in codes) and (severity is None or f.severity is severity)

        return Validation(
            tuple(f for f in self.findings if wanted(f)), tuple(r for r in self.reviewed if wanted(r.finding))
        )

    def codes(self) -> set[str]:
        """The codes found."""
        return {f.code for f in self.findings}

    def rows(self, lang: Language | None = None) -> list[dict[str, str | int | None]]:
        """The flat view: one dict per finding, keyed by :data:`FLAT_COLUMNS`.

        Args:
            lang: ``None`` keeps both messages (``message_zh`` and ``message_en``: the view reads back
                through :func:`finding_from_row`); ``"zh"`` or ``"en"`` gives one ``message`` column in
                that language instead, for people (the keys of :func:`flat_columns`).
        """
        rows = [f.as_row() for f in self.findings]
        if lang is None:
            return rows
        shown = "message_zh" if lang == "zh" else "message_en"
        return [{k: (row[shown] if k == "message" else row[k]) for k in flat_columns(lang)} for row in rows]

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


def not_checked(
    code: Code,
    location: Location,
    place: str,
    blanks: Sequence[tuple[FormKey, FormKey]],
    cells: Sequence[CellRef],
) -> Finding:
    """The ``not-checked`` finding for a relation of rule ``code`` that reads blank cells.

    :func:`validate` makes a rule's findings one (:func:`once_per_rule`): ``places`` lists where it could
    not be checked, ``blanks`` the blank cells it reads.
    """
    names = "、".join(f"{row.label}/{column.label}" for row, column in blanks)
    return Finding.of(
        "not-checked",
        location,
        cells=cells,
        rule=code,
        place=place,
        place_en=place,
        places=(place,),
        count=1,
        blanks=names,
    )


def once_per_rule(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with each rule's ``not-checked`` findings made one, in the place of the first.

    One finding per rule, for people: the places it could not be checked (``places``, and in the message),
    the blank cells it reads (``blanks``) and every cell involved; located at its table (or the report,
    for a rule over several tables), or where the one place is when there is one.
    """
    by_rule: dict[object, list[Finding]] = {}
    for finding in findings:
        if finding.code == "not-checked":
            by_rule.setdefault(finding.params.get("rule"), []).append(finding)
    if all(len(found) == 1 for found in by_rule.values()):
        return list(findings)  # the usual case: at most one place per rule
    merged: list[Finding] = []
    for finding in findings:
        if finding.code != "not-checked":
            merged.append(finding)
            continue
        found = by_rule.pop(finding.params.get("rule"), None)
        if found is not None:  # the rule's first finding: the others join it
            merged.append(found[0] if len(found) == 1 else _merged(found))
    return merged


def _merged(found: Sequence[Finding]) -> Finding:
    places = tuple(place for f in found for place in _places(f))
    names = (name for f in found for name in str(f.params.get("blanks", "")).split("、"))
    blanks = dict.fromkeys(name for name in names if name)
    cells = tuple(dict.fromkeys(cell for f in found for cell in f.cells))
    tables = {f.location.table for f in found}
    sections = {f.location.section for f in found}
    where = Location(
        section=sections.pop() if len(sections) == 1 else None,
        table=tables.pop() if len(tables) == 1 else None,
    )
    return Finding.of(
        "not-checked",
        where,
        cells=cells,
        rule=found[0].params.get("rule"),
        place="；".join(places),  # a row label may hold 、 (1.申请人无正当理由逾期不补正、行政机关…)
        place_en="; ".join(places),
        places=places,
        count=len(places),
        blanks="、".join(blanks),
    )


def _places(finding: Finding) -> tuple[str, ...]:
    places = finding.params.get("places")
    return tuple(map(str, places)) if isinstance(places, tuple) else (str(finding.params.get("place", "")),)


def _key(keys: Mapping[TableKind, Mapping[str, FormKey]], table: TableKind, key: str) -> FormKey:
    try:
        return keys[table][key]
    except KeyError:
        raise ValueError(f"unknown key {key!r} in table {table.key}") from None


def _optional_key(
    keys: Mapping[TableKind, Mapping[str, FormKey]], table: TableKind | None, key: object
) -> FormKey | None:
    if key is None or key == "":
        return None
    tables = [table] if table is not None else list(TableKind)
    for kind in tables:
        if str(key) in keys[kind]:
            return keys[kind][str(key)]
    raise ValueError(f"unknown key {key!r}")


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
        cells.append((kind, _key(ROW_KEYS, kind, row_key), _key(COLUMN_KEYS, kind, column_key)))
    return Finding(
        code=code,
        severity=RULES[code].severity,
        message_zh=str(row["message_zh"]),
        message_en=str(row["message_en"]),
        location=Location(
            section=Section(row["section"]) if row.get("section") else None,
            table=table,
            row=_optional_key(ROW_KEYS, table, row.get("row")),
            column=_optional_key(COLUMN_KEYS, table, row.get("column")),
            source=SourcePosition.parse(row["source"]) if row.get("source") else None,
        ),
        expected=row.get("expected"),
        actual=row.get("actual"),
        cells=tuple(cells),
        evidence=row.get("evidence"),
    )


def cell_marks(findings: Iterable[Finding]) -> dict[CellRef, tuple[str, list[Finding]]]:
    """How to mark each cell findings involve, and those findings (for a page or a workbook).

    ``suspect`` for a cell a likely cause names (the cell to fix); otherwise the worst severity of the
    findings about it (``error``, ``warning``, ``info``): the cells of a failing relation that are only
    read by it, marked lightly beside the suspect.
    """
    marks: dict[CellRef, tuple[str, list[Finding]]] = {}
    for cell, found in findings_by_cell(findings).items():
        if any(f.code == "likely-cause" for f in found):
            mark = "suspect"
        else:
            mark = min(found, key=lambda f: f.severity.rank).severity.value
        marks[cell] = (mark, found)
    return marks


def findings_by_cell(findings: Iterable[Finding]) -> dict[CellRef, list[Finding]]:
    """The findings that involve each cell, in the order given (for highlighting cells)."""
    cells: dict[CellRef, list[Finding]] = {}
    for finding in findings:
        for cell in finding.cells:
            cells.setdefault(cell, []).append(finding)
    return cells
