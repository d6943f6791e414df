"""The form's structure and metadata: template version, sections and headings, who published, when."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Final

from .._form import Section, version_for_year, version_spec
from .._model import AnnualReport
from .._rules import Code
from .findings import Finding, Location

__all__ = ["PROBLEMS_MINIMUM", "check_metadata", "check_sections", "check_template_version"]

PROBLEMS_MINIMUM: Final = 30
"""Fewer characters than this in section 五 is boilerplate-short."""

# Members read once: on Python 3.11 reading one from its class (Section.PROBLEMS) goes through EnumType, a
# fifth of a microsecond each time, and every report is checked.
_OVERVIEW, _PROBLEMS, _OTHER_MATTERS = Section.OVERVIEW, Section.PROBLEMS, Section.OTHER_MATTERS


def check_template_version(report: AnnualReport) -> Iterator[Finding]:
    """The template version fits the reporting year."""
    year, version = report.metadata.year, report.version
    if year is None:  # not stated: nothing to fit
        return
    expected = version_for_year(year)
    if expected is not version:
        code: Code = "template-outdated" if year > version_spec(version).first_year else "template-premature"
        yield Finding.of(code, Location(), expected=expected.value, actual=version.value, year=year)


def check_sections(report: AnnualReport) -> Iterator[Finding]:
    """The text sections are present, their headings follow the form, and section 五 says something."""
    for section, text in (
        (_OVERVIEW, report.overview),
        (_PROBLEMS, report.problems),
        (_OTHER_MATTERS, report.other_matters),
    ):
        if text is None:
            yield Finding.of("section-missing", Location(section=section), section=section.label)
    for section, heading in report.headings:
        code: Code = "heading-variant" if heading in section.heading_variants else "heading-nonstandard"
        yield Finding.of(code, Location(section=section), expected=section.label, actual=heading)
    problems = report.problems
    if problems is not None:
        length = len("".join(problems.split()))
        if length < PROBLEMS_MINIMUM:
            yield Finding.of(
                "problems-too-short",
                Location(section=_PROBLEMS),
                expected=PROBLEMS_MINIMUM,
                actual=length,
                minimum=PROBLEMS_MINIMUM,
            )
    other = report.other_matters
    if other is not None and version_spec(report.version).fee_statement and "信息处理费" not in other:
        yield Finding.of("fee-statement-missing", Location(section=_OTHER_MATTERS))


def check_metadata(report: AnnualReport) -> Iterator[Finding]:
    """The agency and year are stated, the title says 年度报告, and the report was published in time."""
    info = report.metadata
    if not info.agency.strip():
        yield Finding.of("agency-missing", Location())
    if info.year is None:
        yield Finding.of("year-unknown", Location())
    if info.title is not None and "年度报告" not in "".join(info.title.split()):
        yield Finding.of("title-not-annual-report", Location(), actual=info.title)
    if info.published is not None and info.year is not None:
        deadline = datetime.date(info.year + 1, 3, 31)
        if info.published > deadline:
            yield Finding.of("published-late", Location(), expected=deadline, actual=info.published)
