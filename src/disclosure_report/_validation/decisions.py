"""Reviewer decisions that last: a finding dismissed or confirmed by its stable key, in a small TOML file.

A finding's key is the report's identity (year, agency and region as the report states them), the rule's
code and the finding's place (a cell, a row, a section): the same finding has the same key on every
rerun, whichever file the report was read from. A decision also records the finding's *figure* (what it
expected and what the report states): a decision applies only while both still match. A finding whose
figure changed (the report was republished with another number) is not dismissed: it stays, marked
``outdated`` with the decision that no longer fits, so that a reviewer looks again. A finding at another
place has another key, and no decision.

The file is TOML, one table per decision, so a reviewer can read and edit it::

    [[decision]]
    key = "2023|应急中心||blank-cell|requests.granted.other"
    figure = "∅→∅"
    decision = "dismiss"
    by = "王审核"
    at = 2024-03-01T10:00:00+08:00
    reason = "原件该单元格确为空白"
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from .._model import AnnualReport, plain
from .findings import Finding, Validation

__all__ = [
    "DECISION_KINDS",
    "Decision",
    "Decisions",
    "Reviewed",
    "apply_decisions",
    "finding_figure",
    "finding_key",
    "report_identity",
]

DecisionKind = Literal["dismiss", "confirm"]
DECISION_KINDS: Final = ("dismiss", "confirm")
"""What a reviewer may decide about a finding: it is a false alarm (dismiss), or it is right (confirm)."""
MAX_DECISIONS_BYTES: Final = 16 * 1024 * 1024
"""The largest decisions file read."""

_ABSENT: Final = "∅"


def report_identity(report: AnnualReport) -> str:
    """Which report a decision is about: its year, agency and region, as the report states them.

    A report that does not name its agency is identified by its content instead (the first 16 hex digits
    of its fingerprint): its decisions then last only while its content does.

    .. versionadded:: 0.1.0
    """
    info = report.metadata
    agency = info.agency or f"#{report.fingerprint[:16]}"
    return f"{info.year}|{agency}|{info.region or ''}"


def _place(finding: Finding) -> str:
    where = finding.location
    if where.table is not None:
        parts = [
            where.table.key,
            where.row.key if where.row else "",
            where.column.key if where.column else "",
        ]
        return ".".join(parts).rstrip(".")
    if where.section is not None:
        return where.section.key
    return "report"


def finding_key(report: AnnualReport, finding: Finding) -> str:
    """A finding's stable key: the report's identity, the rule's code and the finding's place.

    A ``not-checked`` finding counts as the code of the rule it could not check (``not-checked:rule``).

    .. versionadded:: 0.1.0
    """
    code = finding.code
    if code == "not-checked" and "rule" in finding.params:
        code = f"{code}:{finding.params['rule']}"
    return f"{report_identity(report)}|{code}|{_place(finding)}"


def _shown(value: object) -> str:
    if value is None:
        return _ABSENT
    return plain(value) if isinstance(value, Decimal) else str(value)


def finding_figure(finding: Finding) -> str:
    """What a finding expected and what the report states, as a decision records them: ``expected→actual``.

    .. versionadded:: 0.1.0
    """
    return f"{_shown(finding.expected)}→{_shown(finding.actual)}"


def _check_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in DECISION_KINDS:
        raise ValueError(f"a decision is {' or '.join(DECISION_KINDS)}, got {value!r}")


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or (attribute.name in ("key", "by") and not value.strip()):
        raise ValueError(
            f"a decision's {attribute.name} is text{' (not empty)' if attribute.name != 'reason' else ''}"
        )


def _check_at(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, datetime.datetime):
        raise ValueError(f"a decision's time is a date and time, got {value!r}")


@attrs.frozen(kw_only=True)
class Decision:
    """A reviewer's decision about one finding.

    Attributes:
        key: The finding's key (:func:`finding_key`).
        figure: The finding's figure when decided (:func:`finding_figure`): the decision applies while
            the finding's figure is this.
        decision: ``dismiss`` (a false alarm: left out of the findings, and listed as dismissed) or
            ``confirm`` (right: kept, and marked as confirmed).
        by: Who decided.
        at: When.
        reason: Why, in the reviewer's words.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=_check_text)
    figure: str = attrs.field(validator=_check_text)
    decision: DecisionKind = attrs.field(validator=_check_kind)
    by: str = attrs.field(validator=_check_text)
    at: datetime.datetime = attrs.field(validator=_check_at)
    reason: str = attrs.field(default="", validator=_check_text)

    @classmethod
    def of(
        cls,
        report: AnnualReport,
        finding: Finding,
        decision: DecisionKind,
        *,
        by: str,
        reason: str = "",
        at: datetime.datetime | None = None,
    ) -> Decision:
        """A decision about a finding of a report (now, unless ``at`` is given).

        Raises:
            ValueError: ``decision`` is not ``dismiss`` or ``confirm``, or ``by`` is empty.
        """
        when = at if at is not None else datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        return cls(
            key=finding_key(report, finding),
            figure=finding_figure(finding),
            decision=decision,
            by=by,
            at=when,
            reason=reason,
        )


Status = Literal["dismissed", "confirmed", "outdated"]


@attrs.frozen
class Reviewed:
    """A finding a decision is about, and what became of it.

    Attributes:
        finding: The finding.
        decision: The decision (for ``outdated``, the latest one for its key).
        status: ``dismissed`` (left out of the findings), ``confirmed`` (kept), or ``outdated``: the key
            matches but the figure changed since the decision, so the finding is kept for another look.

    .. versionadded:: 0.1.0
    """

    finding: Finding
    decision: Decision
    status: Status


@attrs.frozen
class Decisions:
    """The decisions of a review, by key: read from and written to a small TOML file.

    Attributes:
        decisions: Every decision, in the order made.

    .. versionadded:: 0.1.0
    """

    decisions: tuple[Decision, ...] = ()

    def by_key(self) -> dict[str, list[Decision]]:
        """The decisions about each key, oldest first."""
        found: dict[str, list[Decision]] = {}
        for decision in self.in_order():
            found.setdefault(decision.key, []).append(decision)
        return found

    def in_order(self) -> tuple[Decision, ...]:
        """Every decision, oldest first: by time, and of two at the same time the one made first.

        Of the decisions about a finding, the last in this order prevails.

        .. versionadded:: 0.1.0
        """
        return tuple(sorted(self.decisions, key=lambda d: d.at))

    def add(self, decision: Decision) -> Decisions:
        """These decisions and one more (a later decision about the same key and figure prevails)."""
        return Decisions((*self.decisions, decision))

    @classmethod
    def parse(cls, text: str, *, source: str = "<decisions>") -> Decisions:
        """The decisions a TOML text states.

        Raises:
            ValueError: The text is not TOML, or a decision lacks a field or holds a wrong value; the
                message names the source and the decision (from 1).
        """
        import tomllib  # here, not at the top: a file's check without decisions does not pay for it

        try:
            document = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"{source}: not TOML: {error}") from None
        entries = document.get("decision", [])
        if not isinstance(entries, list):
            raise ValueError(f"{source}: [[decision]] tables expected")
        found = []
        for number, entry in enumerate(entries, 1):
            try:
                found.append(_decision(entry))
            except (ValueError, TypeError, KeyError) as error:
                raise ValueError(f"{source}: decision {number}: {error}") from None
        return cls(tuple(found))

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> Decisions:
        """The decisions of a file; none when the file is not there yet.

        Raises:
            ValueError: The file is not a decisions file (named, with the decision at fault), or too large.
            OSError: The file cannot be read.
        """
        file = Path(path)
        if not file.exists():
            return cls()
        if file.stat().st_size > MAX_DECISIONS_BYTES:
            raise ValueError(f"{file}: more than {MAX_DECISIONS_BYTES} bytes: not a decisions file")
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"{file}: not UTF-8 text ({error.reason})") from None
        return cls.parse(text, source=str(file))

    def render(self) -> str:
        """The decisions as TOML (what :meth:`parse` reads back)."""
        lines = ["# Reviewer decisions about findings (disclosure-report): one [[decision]] per finding.", ""]
        for decision in self.decisions:
            lines += [
                "[[decision]]",
                f"key = {_toml_string(decision.key)}",
                f"figure = {_toml_string(decision.figure)}",
                f"decision = {_toml_string(decision.decision)}",
                f"by = {_toml_string(decision.by)}",
                f"at = {decision.at.isoformat()}",
                f"reason = {_toml_string(decision.reason)}",
                "",
            ]
        return "\n".join(lines)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the decisions to a file, whole or not at all.

        Raises:
            OSError: The file cannot be written.
        """
        file = Path(path)
        temporary = file.with_name(f".{file.name}.tmp")
        temporary.write_text(self.render(), encoding="utf-8")
        os.replace(temporary, file)

    def apply(self, report: AnnualReport, validation: Validation) -> Validation:
        """The validation with these decisions applied (see :func:`apply_decisions`)."""
        return apply_decisions(report, validation, self)


def _decision(entry: object) -> Decision:
    if not isinstance(entry, Mapping):
        raise TypeError("a [[decision]] table expected")
    unknown = set(entry) - {"key", "figure", "decision", "by", "at", "reason"}
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    at = entry["at"]
    if isinstance(at, str):
        at = datetime.datetime.fromisoformat(at)
    elif isinstance(at, datetime.date) and not isinstance(at, datetime.datetime):
        at = datetime.datetime.combine(at, datetime.time())
    if isinstance(at, datetime.datetime) and at.tzinfo is None:
        at = at.replace(tzinfo=datetime.UTC)  # a time without its zone is taken as UTC, as it is written
    return Decision(
        key=entry["key"],
        figure=entry["figure"],
        decision=entry["decision"],
        by=entry["by"],
        at=at,
        reason=entry.get("reason", ""),
    )


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for character in text:
        code = ord(character)
        if character in '"\\':
            out.append("\\" + character)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(character)
    out.append('"')
    return "".join(out)


def apply_decisions(report: AnnualReport, validation: Validation, decisions: Decisions) -> Validation:
    """A report's findings with the reviewers' decisions applied.

    A finding whose key and figure match a decision is dismissed (left out of ``findings``, listed in
    :attr:`Validation.reviewed` as ``dismissed``) or confirmed (kept, and listed as ``confirmed``); the
    latest decision about a key and figure prevails. A finding whose key has decisions but none for its
    figure is kept and listed as ``outdated``: its figure changed since the decision. ``valid`` then
    counts the errors not dismissed.

    .. versionadded:: 0.1.0
    """
    if not decisions.decisions:
        return validation
    by_key = decisions.by_key()
    kept: list[Finding] = []
    reviewed: list[Reviewed] = list(validation.reviewed)
    for finding in validation.findings:
        about = by_key.get(finding_key(report, finding))
        if not about:
            kept.append(finding)
            continue
        figure = finding_figure(finding)
        matching = [d for d in about if d.figure == figure]
        if not matching:
            reviewed.append(Reviewed(finding, about[-1], "outdated"))
            kept.append(finding)
            continue
        latest = matching[-1]
        if latest.decision == "dismiss":
            reviewed.append(Reviewed(finding, latest, "dismissed"))
        else:
            reviewed.append(Reviewed(finding, latest, "confirmed"))
            kept.append(finding)
    return Validation(tuple(kept), tuple(reviewed))
