"""Running the checks: :func:`validate` and the list of built-in checks, :data:`CHECKS`.

A check is a plain function from a report to findings (beancount's plugins, frictionless' checks): a
user's own rule is a function with the same signature, passed in ``extra``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Final, Protocol

import attrs

from .._form import TableKind
from .._model import AnnualReport, CellRef, SourcePosition
from .arithmetic import (
    check_amount_precision,
    check_blanks,
    check_requests_applicant_total,
    check_requests_balance,
    check_requests_outcome_total,
    check_review_total,
    outcome_totals_with_a_stated_group,
    without_unprinted_sub_rows,
)
from .decisions import Decisions, apply_decisions
from .diagnosis import check_likely_cause
from .findings import Finding, Validation, once_per_rule
from .form_checks import check_metadata, check_sections, check_template_version
from .history import check_against_previous
from .text_claims import check_text_against_tables

__all__ = ["CHECKS", "MAKES", "Check", "Read", "validate"]


class Read(Protocol):
    """What a reader returns (:class:`~disclosure_report.ReadResult`): the report and its reading findings."""

    @property
    def report(self) -> AnnualReport: ...

    @property
    def findings(self) -> Sequence[Finding]: ...


Check = Callable[[AnnualReport], Iterable[Finding]]
"""A check: a function from a report to the findings it makes (an iterable, often a generator)."""

CHECKS: Final[tuple[Check, ...]] = (
    check_metadata,
    check_template_version,
    check_sections,
    check_blanks,
    check_amount_precision,
    check_requests_balance,
    check_requests_outcome_total,
    check_requests_applicant_total,
    check_review_total,
    check_likely_cause,
    check_text_against_tables,
)
"""The built-in checks of a single report, in the order their findings are listed.

The cross-year rules need last year's report too; :func:`validate` runs them when given ``previous``.
"""

_RELATION = ("relation-impossible", "blank-determined")
"""What a relation over blank cells makes, besides ``not-checked``: every relation check makes them."""

MAKES: Final[Mapping[Check, tuple[tuple[str, str | None], ...]]] = {
    check_metadata: (
        ("agency-missing", None),
        ("year-unknown", None),
        ("title-not-annual-report", None),
        ("published-late", None),
    ),
    check_template_version: (("template-outdated", None), ("template-premature", None)),
    check_sections: tuple(
        (code, None)
        for code in (
            "section-missing",
            "heading-variant",
            "heading-nonstandard",
            "problems-too-short",
            "fee-statement-missing",
        )
    ),
    check_blanks: (("form-empty", None), ("blank-total", None), ("blank-cell", None)),
    check_amount_precision: (("amount-precision", None),),
    **{
        check: ((code, None), ("not-checked", code), *((made, None) for made in _RELATION))
        for check, code in (
            (check_requests_balance, "requests-balance"),
            (check_requests_outcome_total, "requests-outcome-total"),
            (check_requests_applicant_total, "requests-applicant-total"),
            (check_review_total, "review-total"),
        )
    },
    check_likely_cause: (("likely-cause", None),),
    check_text_against_tables: (
        ("text-contradicts-table", None),
        ("text-figure-unsure", None),
        ("text-figures-unexplained", None),
    ),
}
"""The findings each built-in check can make, as (code, rule) with the rule a ``not-checked`` finding is
about: ``pick`` and ``skip`` leave out a check none of whose findings they keep (its cost with it)."""

_NEEDS: Final[Mapping[Check, tuple[Check, ...]]] = {
    # The likely cause lists the failing relations it explains.
    check_likely_cause: (
        check_requests_balance,
        check_requests_outcome_total,
        check_requests_applicant_total,
        check_review_total,
    ),
}
"""Checks whose findings another check's finding refers to (run whenever it runs)."""

_PREVIOUS_MAKES: Final = (
    ("carried-over-mismatch", None),
    ("not-checked", "carried-over-mismatch"),
    ("in-force-roll-forward", None),
    ("not-checked", "in-force-roll-forward"),
)
"""The findings of the cross-year rules (:func:`check_against_previous`), as :data:`MAKES` gives them."""


def validate(
    report: AnnualReport | Read,
    *,
    previous: AnnualReport | None = None,
    checks: Iterable[Check] = CHECKS,
    extra: Iterable[Check] = (),
    pick: Collection[str] | None = None,
    skip: Collection[str] = (),
    sources: Mapping[CellRef, SourcePosition] | None = None,
    decisions: Decisions | None = None,
) -> Validation:
    """Check a report against every rule of the catalogue, and any checks of your own.

    Args:
        report: The report to check, or what a reader returned (a :class:`~disclosure_report.ReadResult`):
            then the reading findings are included too.
        previous: The same agency's report for the year before, for the cross-year rules.
        checks: The checks to run instead of the built-in ones (:data:`CHECKS`).
        extra: Checks of your own, run after ``checks``: functions with the same signature, making
            findings with :meth:`Finding.of` and a :class:`~disclosure_report.Rule` of your own.
        pick: Keep only the findings of these codes (a ``not-checked`` finding counts as the code of the
            rule it could not check).
        skip: Leave out the findings of these codes (likewise).
        sources: Each cell's position in the document, overriding the positions a read report carries.
        decisions: Reviewers' decisions to apply (:func:`~disclosure_report.apply_decisions`): the
            findings they dismiss are left out, and listed in ``validation.reviewed`` with those they
            confirm and those whose figure changed since.

    Returns:
        The findings, errors first; ``validation.valid`` is true when there is no error. Every finding about
        a cell of a report read from a document carries the cell's position in ``location.source``.

    Raises:
        TypeError: ``report`` or ``previous`` is not an :class:`~disclosure_report.AnnualReport`.
        ValueError: ``previous`` is not for the year before ``report``.

    Example:
        >>> from disclosure_report import validate
        >>> from disclosure_report.examples import seed_report
        >>> validate(seed_report()).valid
        True
    """
    if decisions is not None:
        found = validate(
            report, previous=previous, checks=checks, extra=extra, pick=pick, skip=skip, sources=sources
        )
        read = report if isinstance(report, AnnualReport) else report.report
        return apply_decisions(read, found, decisions)
    reading: Sequence[Finding] = ()
    if not isinstance(report, AnnualReport) and hasattr(report, "findings"):
        reading, report = report.findings, report.report
    if not isinstance(report, AnnualReport):
        raise TypeError(f"validate() needs an AnnualReport or a ReadResult, got {type(report).__name__}")
    findings: list[Finding] = []
    run = (*checks, *extra) if extra else checks
    if pick is not None or skip:
        run = _asked_for(tuple(run), pick, skip)
    for check in run:
        findings.extend(check(report))
    if previous is not None:
        if not isinstance(previous, AnnualReport):
            raise TypeError(f"previous must be an AnnualReport, got {type(previous).__name__}")
        year = report.metadata.year
        if year is None or previous.metadata.year != year - 1:
            before = "unknown" if year is None else year - 1
            raise ValueError(
                f"previous is the report for {previous.metadata.year}, "
                f"but the year before {year if year is not None else 'an unknown year'} is {before}"
            )
        if any(_kept(code, rule, pick, skip) for code, rule in _PREVIOUS_MAKES):
            findings.extend(check_against_previous(report, previous))
    if reading:
        group = next((f for f in reading if f.code == "read-group-one-row"), None)
        stated = group.params.get("stated") if group is not None else None
        if isinstance(stated, Mapping):  # （六）其他处理 printed as one row: its sum stands in for its parts
            findings = outcome_totals_with_a_stated_group(report, stated, findings)
            findings = without_unprinted_sub_rows(report, findings)  # the sub-rows 1–3 are not printed
    if not findings and not reading:
        return _NO_FINDINGS  # the usual report: nothing to place, link, filter or sort
    positions = sources if sources is not None else report.positions
    if positions:
        findings = [_with_source(f, positions) for f in findings]
    findings = _link_causes(_one_hint_per_blank(findings))
    findings[:0] = reading
    if any(f.code == "form-empty" for f in findings):
        # An empty form is one problem: what follows from its blanks would bury it.
        findings = [f for f in findings if f.code not in _FROM_BLANKS]
    findings = once_per_rule(findings)  # a rule not checked in many places is one finding, for people
    if pick is not None or skip:
        findings = [f for f in findings if _wanted(f, pick, skip)]
    findings.sort(key=lambda f: f.severity.rank)  # stable: form order within a severity
    return Validation(tuple(findings))


_NO_FINDINGS: Final = Validation(())
"""The result of a report without findings, made once (it is immutable)."""

_FROM_BLANKS: Final = frozenset(
    {"not-checked", "blank-determined", "relation-impossible", "likely-cause", "read-formula-computed"}
)
"""What an empty form's blanks make: left out when ``form-empty`` says the form is empty."""

_GROUPED: Final = frozenset({"blank-cell", "blank-total", "not-checked"})
"""Findings about many cells of a table at once (one per table or rule), located at the table."""

_SYMPTOMS: Final = frozenset(
    {
        "requests-balance",
        "requests-outcome-total",
        "requests-applicant-total",
        "review-total",
        "relation-impossible",
    }
)


def _one_hint_per_blank(findings: list[Finding]) -> list[Finding]:
    """One ``blank-determined`` finding per blank cell and value, naming every rule that determines it.

    A blank read by its row's total and its column's total is determined twice, to the same value when the
    table is otherwise consistent: one hint says so. Two relations that want different values are both
    kept (that is a contradiction, not a repetition).
    """
    hints = [f for f in findings if f.code == "blank-determined"]
    if not hints:
        return findings
    rules: dict[tuple[object, ...], list[object]] = {}
    for hint in hints:
        where = hint.location
        rules.setdefault((where.table, where.row, where.column, hint.expected), []).append(
            hint.params["rule"]
        )
    kept: list[Finding] = []
    seen: set[tuple[object, ...]] = set()
    for finding in findings:
        if finding.code == "blank-determined":
            where = finding.location
            key = (where.table, where.row, where.column, finding.expected)
            if key in seen:
                continue
            seen.add(key)
            finding = attrs.evolve(finding, params={**finding.params, "rules": tuple(rules[key])})
        kept.append(finding)
    return kept


def _link_causes(findings: list[Finding]) -> list[Finding]:
    """Each failing relation points to its table's likely cause, which lists what it explains."""
    causes = {f.location.table: f for f in findings if f.code == "likely-cause"}
    if not causes:
        return findings
    explained: dict[TableKind | None, list[tuple[str, str]]] = {}
    linked = []
    for finding in findings:
        cause = causes.get(finding.location.table) if finding.code in _SYMPTOMS else None
        if cause is not None:
            explained.setdefault(finding.location.table, []).append((finding.code, str(finding.location)))
            if cause.cells:  # no cell when the table needs re-checking as a whole
                finding = attrs.evolve(finding, params={**finding.params, "likely_cause": cause.cells})
        linked.append(finding)
    return [
        attrs.evolve(f, params={**f.params, "explains": tuple(explained.get(f.location.table, ()))})
        if f.code == "likely-cause"
        else f
        for f in linked
    ]


def _wanted(finding: Finding, pick: Collection[str] | None, skip: Collection[str]) -> bool:
    rule = str(finding.params.get("rule", finding.code)) if finding.code == "not-checked" else None
    return _kept(finding.code, rule, pick, skip)


def _kept(code: str, rule: str | None, pick: Collection[str] | None, skip: Collection[str]) -> bool:
    """Whether ``pick`` and ``skip`` keep a finding (a ``not-checked`` one counts as its ``rule``)."""
    named = rule if rule is not None else code
    return (pick is None or named in pick or code in pick) and named not in skip


def _asked_for(checks: Sequence[Check], pick: Collection[str] | None, skip: Collection[str]) -> list[Check]:
    """The checks whose findings ``pick`` and ``skip`` keep, and those they need.

    A check of one's own always runs. The findings that follow from blank cells need the blank check, which
    says whether the form is empty (and then they are left out).
    """
    wanted = {
        check
        for check in checks
        if check not in MAKES or any(_kept(code, rule, pick, skip) for code, rule in MAKES[check])
    }
    wanted.update(needed for check in list(wanted) for needed in _NEEDS.get(check, ()))
    if any(_kept(code, None, pick, skip) for code in _FROM_BLANKS) or any(
        _kept("not-checked", rule, pick, skip) for check in wanted for _, rule in MAKES.get(check, ()) if rule
    ):
        wanted.add(check_blanks)
    return [check for check in checks if check in wanted]


def _with_source(finding: Finding, sources: Mapping[CellRef, SourcePosition]) -> Finding:
    where = finding.location
    if where.source is not None or where.table is None:
        return finding
    if where.row is None and where.column is None and finding.code in _GROUPED:
        return finding  # a table's blank cells: in many places, listed in the message

    if where.row is not None and where.column is not None:
        ref: CellRef | None = (where.table, where.row, where.column)
    else:
        # A relation's stated cell comes last among its cells.
        ref = finding.cells[-1] if finding.cells else None
    position = sources.get(ref) if ref is not None else None
    if position is None:
        return finding
    return attrs.evolve(finding, location=attrs.evolve(where, source=position))
