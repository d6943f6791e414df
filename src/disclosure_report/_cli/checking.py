"""Checking reports in worker processes: what a worker does for each, and what it sends back.

The functions a worker runs are top-level functions of this module (spawned workers import them by
name); what they send back is a picklable :class:`Checked`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._io.batch import TASK_BYTES, TASK_FILES, TASK_LINES, Unit
from .._io.json import from_json, render_json
from .._io.read.result import ReadResult
from .._io.workers import Failed, WarmUp, run_grouped
from .._language import Language
from .._model import AnnualReport
from .._validation import (
    Decision,
    Decisions,
    Finding,
    Location,
    Validation,
    apply_decisions,
    finding_figure,
    finding_from_row,
    finding_key,
)
from ..exceptions import PROBLEM_CODES_ZH, Problem, ReadError, in_chinese, place_for
from .inputs import load_task
from .messages import error_text, message, one_line, without_name
from .options import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from .._indicators import IndicatorRow

DECISION_COLUMNS: Final = ("key", "figure", "decision", "decided_by", "decided_at", "decision_reason")
"""The columns ``--decisions`` adds to each finding's row: its key and figure, and the decision about it."""


@attrs.frozen
class Reason:
    """Why an input has no report: a stable problem code, where, and what, in both languages (picklable).

    Attributes:
        code: A code of :data:`~disclosure_report.PROBLEM_CODES`.
        place: Where in the input, as the reader says it (``$.overview``, ``line 3``); empty when the
            reason is about the whole input and said by the command (a bug, a year it cannot place).
        message_en: What, in English.
        message_zh: What, in Chinese.
        more: How many other problems the input has.
    """

    code: str
    place: str
    message_en: str
    message_zh: str
    more: int = 0

    @classmethod
    def of(cls, error: ReadError) -> Reason:
        """The first problem of a read that failed (the others counted)."""
        first = error.problems[0]
        return cls(first.code, first.place, first.message, first.message_for("zh"), len(error.problems) - 1)

    @classmethod
    def said(cls, code: str, key: str, **values: object) -> Reason:
        """A reason the command words (one of its messages), about the whole input."""
        return cls(code, "", message("en", key, **values), message("zh", key, **values))

    @classmethod
    def failed(cls, failed: Failed[Any]) -> Reason:
        """Why a worker gave no result for an input: its limits, or the machine."""
        what = PROBLEM_CODES_ZH[failed.code]
        reason_zh = in_chinese(failed.reason) or what
        zh = message("zh", "not-read", what=what, reason=reason_zh)
        return cls(failed.code, "", message("en", "not-read", reason=failed.reason), zh)

    def message(self, lang: Language) -> str:
        """What, in ``lang``."""
        return self.message_zh if lang == "zh" else self.message_en

    def line(self, name: str, lang: Language) -> str:
        """The reason in one line for a person, the input's name first."""
        if not self.place:
            return f"{name}：{self.message_zh}" if lang == "zh" else f"{name}: {self.message_en}"
        return one_line(ReadError(name, [self.problem(), *[self.problem()] * self.more]), lang)

    def problem(self) -> Problem:
        """The reason as the reader's problem (its English words)."""
        return Problem(self.place, self.message_en, self.code)


@attrs.frozen
class Checked:
    """What checking one report gives the parent process (picklable: workers send it back)."""

    name: str
    error: str | None = None
    """Why the input has no report, in one line in the language asked for (``None`` if it has one)."""
    valid: bool = True
    failed: bool = False
    rows: tuple[dict[str, Any], ...] = ()
    text: str = ""
    report_json: str | None = None
    identity: tuple[str, int | None, str] = ("", None, "")
    """The report's agency, year and template version."""
    reviewed: tuple[dict[str, Any], ...] = ()
    """The findings reviewers' decisions are about, each row with its decision (``--decisions``)."""
    panel: IndicatorRow | None = None
    """The report's indicators, for the page's charts."""
    reason: Reason | None = None
    """Why the input has no report, for the machine outputs."""

    @classmethod
    def unreadable(cls, name: str, reason: Reason, lang: Language) -> Checked:
        """An input without a report, and why."""
        return cls(name, reason.line(name, lang), valid=False, reason=reason)

    @property
    def status(self) -> str:
        """``passed``, ``failed`` or ``unreadable``: a stable value for machine outputs."""
        return "unreadable" if self.error is not None else "failed" if self.failed else "passed"

    def first(self) -> dict[str, Any] | None:
        """The finding to fix first: the likely cause, else the first error, else the first warning."""
        return (
            next((r for r in self.rows if r["code"] == "likely-cause"), None)
            or next((r for r in self.rows if r["severity"] == "error"), None)
            or next((r for r in self.rows if r["severity"] == "warning"), None)
        )

    @classmethod
    def of(
        cls,
        name: str,
        report: AnnualReport,
        validation: Validation,
        failed: bool,
        text: str,
        kept: str | None,
        *,
        keyed: bool = False,
        lang: Language = "zh",
    ) -> Checked:
        """What checking a report gave; with ``keyed`` (decisions in use), each row has its key and figure."""
        info = report.metadata
        identity = (info.agency, info.year, info.version.value)
        rows = validation.rows()
        reviewed: tuple[dict[str, Any], ...] = ()
        if keyed:
            status = {id(r.finding): r for r in validation.reviewed}
            rows = [
                {**row, **decision_fields(report, finding, status.get(id(finding)), lang)}
                for row, finding in zip(rows, validation.findings, strict=True)
            ]
            reviewed = tuple(
                {**r.finding.as_row(), **decision_fields(report, r.finding, r, lang)}
                for r in validation.reviewed
            )
        panel = None
        if kept is not None:  # the page's charts
            from .._indicators import indicators

            panel = indicators([report])[0]
        return cls(name, None, validation.valid, failed, tuple(rows), text, kept, identity, reviewed, panel)

    def summary(self, lang: Language) -> dict[str, Any]:
        """One row for the file: who reported, whether it passed, its errors and warnings, what to fix.

        What to fix first is the likely cause, else the first error, else the first warning; for a file
        that could not be read, why.
        """
        agency, year, version = self.identity
        severities = [row["severity"] for row in self.rows]
        first = self.first()
        return {
            "file": self.name,
            "agency": agency,
            "year": year,
            "version": version,
            "status": self.status,
            "errors": severities.count("error"),
            "warnings": severities.count("warning"),
            "first": without_name(self.error, self.name)
            if self.error is not None
            else (first[f"message_{lang}"] if first else ""),
        }

    def summary_row(self) -> dict[str, Any]:
        """The file's row of a machine summary: what to fix first as a code and in both languages."""
        row = {key: value for key, value in self.summary("en").items() if key != "first"}
        first = self.first()
        if self.reason is not None:
            code, zh, en = self.reason.code, self.reason.message_zh, self.reason.message_en
        elif first is not None:
            code, zh, en = first["code"], first["message_zh"], first["message_en"]
        else:
            code = zh = en = ""
        return {**row, "first_code": code, "first_zh": zh, "first_en": en}


def decision_fields(report: AnnualReport, finding: Finding, reviewed: Any, lang: Language) -> dict[str, Any]:
    """A finding's key and figure, and the decision about it, as the columns of its row."""
    decision: Decision | None = reviewed.decision if reviewed is not None else None
    return {
        "key": finding_key(report, finding),
        "figure": finding_figure(finding),
        "decision": reviewed.status if reviewed is not None else "",
        "decided_by": decision.by if decision else "",
        "decided_at": decision.at.isoformat() if decision else "",
        "decision_reason": decision.reason if decision else "",
        "where": where(finding.location, lang),
    }


def where(location: Location, lang: Language) -> str:
    """Where a finding is, for a person, in ``lang``: its position in the document too (``第 3 页，表 2``)."""
    if location.source is None:
        return location.describe(lang)
    text: str = attrs.evolve(location, source=None).describe(lang)
    if lang == "zh":
        return f"{text}（{place_for(str(location.source), lang)}）"
    return f"{text} ({location.source})"


@attrs.frozen
class Options:
    """How each report of a batch is checked, and what is kept of it."""

    output: str
    strict: bool
    previous: AnnualReport | None
    keep_reports: bool
    limits: Limits = DEFAULT_LIMITS
    agency: str | None = None
    year: int | None = None
    lang: Language = "zh"
    decisions: Decisions | None = None


def check(unit: Unit, options: Options) -> Checked:
    """What a worker process does for each report: read it, check it (a top-level function)."""
    name = unit.shown
    try:
        result = load_task(unit, options.agency, options.year)  # already in a worker with limits
        validation = result.validate(previous=options.previous)
        if options.decisions is not None:
            validation = apply_decisions(result.report, validation, options.decisions)
    except ReadError as error:
        return Checked.unreadable(name, Reason.of(error), options.lang)
    except ValueError:  # last year's report is not for the year before
        return Checked.unreadable(name, _not_after(result.report, options.previous), options.lang)
    except MemoryError:  # the worker's to judge: read again on its own, or over the memory limit
        raise
    except Exception as error:  # a bug, met on this file: the batch goes on, and says so
        return Checked.unreadable(name, bug(error), options.lang)
    failed = not validation.valid or (options.strict and bool(validation.warnings))
    text = (
        render_validation(name, result.report, validation, options.lang) if options.output == "text" else ""
    )
    kept = render_json(result.report, indent=None) if options.keep_reports else None
    keyed = options.decisions is not None
    return Checked.of(name, result.report, validation, failed, text, kept, keyed=keyed, lang=options.lang)


def bug(error: Exception) -> Reason:
    """A bug met on an input: the batch goes on, and says so."""
    return Reason.said("reader-bug", "bug", error=error_text(error))


def _not_after(report: AnnualReport, previous: AnnualReport | None) -> Reason:
    """A report that does not follow the one given as last year's."""
    year = report.metadata.year
    last = None if previous is None else previous.metadata.year
    return Reason.said("metadata-invalid", "not-after", year="?" if year is None else year, previous=last)


def tasks(units: Iterable[Unit]) -> Iterator[tuple[Unit, ...]]:
    """The work in tasks of a sensible size, in input order, as the export gives its workers.

    Small files go by the dozen, JSON lines by the hundred, a large file alone (see ``TASK_FILES``); each
    input keeps its own limits in its task (see ``run_grouped``). The work is one ``stat`` a file.
    """
    group: list[Unit] = []
    files = lines = size = 0
    for unit in units:
        line = unit.line is not None or unit.number is not None
        weight = unit.size
        if group and (
            files + (not line) > TASK_FILES or lines + line > TASK_LINES or size + weight > TASK_BYTES
        ):
            yield tuple(group)
            group, files, lines, size = [], 0, 0, 0
        group.append(unit)
        files, lines, size = files + (not line), lines + line, size + weight
    if group:
        yield tuple(group)


def checked(
    units: Iterable[Unit], options: Options, jobs: int, warm: WarmUp | None = None
) -> Iterator[Checked]:
    """Each report checked in a worker process with the time and memory limits, in input order.

    The limits apply to each report, a line of a JSON-lines file too: a slow line is reported as such,
    the others of its task checked all the same.
    """
    limits = options.limits
    work = functools.partial(check, options=options)
    outcomes = run_grouped(
        work, tasks(units), merge=list, jobs=jobs, timeout=limits.timeout, memory=limits.memory, warm=warm
    )
    for outcome in outcomes:
        if isinstance(outcome, Failed):
            unit = outcome.argument
            yield Checked.unreadable(unit.shown, Reason.failed(outcome), options.lang)
        else:
            yield from outcome


def loaded_or_error(unit: Unit, agency: str | None, year: int | None, lang: Language) -> ReadResult | Checked:
    """A report read, or the input without one and why (a top-level function, for workers)."""
    try:
        return load_task(unit, agency, year)
    except ReadError as error:
        return Checked.unreadable(unit.shown, Reason.of(error), lang)
    except MemoryError:  # the worker's to judge: over the memory limit
        raise
    except Exception as error:  # a bug, met on this file: the batch goes on, and says so
        return Checked.unreadable(unit.shown, bug(error), lang)


def with_copied_text(checked: list[Checked], options: Options) -> list[Checked]:
    """The checked reports, each with the copied-text findings of comparing it with the others."""
    from .._similarity import find_copied_text

    read = [(number, from_json(item.report_json)) for number, item in enumerate(checked) if item.report_json]
    found = find_copied_text([report for _, report in read])
    for (number, report), copied in zip(read, found, strict=True):
        if not copied.findings:
            continue
        item = checked[number]
        if options.decisions is not None:
            copied = apply_decisions(report, copied, options.decisions)
        before = validate_again(report, item.rows)
        both = Validation(before.findings + copied.findings, copied.reviewed)
        text = render_validation(item.name, report, both, options.lang) if options.output == "text" else ""
        added = Checked.of(
            item.name, report, copied, False, "", None, keyed=options.decisions is not None, lang=options.lang
        )
        checked[number] = attrs.evolve(
            item, rows=item.rows + added.rows, reviewed=item.reviewed + added.reviewed, text=text or item.text
        )
    return checked


def validate_again(report: AnnualReport, rows: Sequence[dict[str, Any]]) -> Validation:
    """The findings of a checked report, rebuilt for the HTML page (workers send rows, not objects)."""
    return Validation(tuple(finding_from_row(row) for row in rows))


def render_validation(name: str, report: AnnualReport, validation: Validation, lang: Language) -> str:
    """A report's findings as text: a heading line, then each finding, its place and its message."""
    info = report.metadata
    heading = message(
        lang,
        "heading",
        name=name,
        agency=info.agency,
        year=info.year if info.year is not None else "?",
        version=info.version.value,
        verdict=message(lang, "valid" if validation.valid else "invalid"),
        errors=len(validation.errors),
        warnings=len(validation.warnings),
        infos=len(validation.infos),
    )
    lines = [heading]
    # The likely cause first: it names the cell to fix that the errors after it are symptoms of.
    ordered = sorted(validation, key=lambda finding: finding.code != "likely-cause")
    # Chinese severities are two characters, each as wide as two letters.
    width = 5 if lang == "zh" else 7
    for finding in ordered:
        severity = finding.severity.label(lang)
        lines.append(f"  {severity:<{width}} {finding.code:<24} {where(finding.location, lang)}")
        lines.append(f"          {finding.message_for(lang)}")
        lines.extend(f"            {line}" for line in finding.detail_for(lang))
    return "\n".join(lines) + "\n"
