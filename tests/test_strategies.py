"""The strategies shipped for users' tests: valid reports, reports that break one rule, the entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import RULES, AnnualReport, Scope, Severity, TemplateVersion, validate
from disclosure_report.strategies import BREAKABLE, BrokenReport, broken_reports, reports, request_tables


def test_every_validation_rule_can_be_broken() -> None:
    assert {code for code, rule in RULES.items() if rule.scope is Scope.REPORT} == BREAKABLE
    assert {rule.scope for rule in RULES.values()} == set(Scope)
    assert all(rule.code.startswith("read-") == (rule.scope is Scope.READING) for rule in RULES.values())


@pytest.mark.parametrize("code", sorted(BREAKABLE))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_broken_reports_break_exactly_their_rule(code: str, data: st.DataObject) -> None:
    broken: BrokenReport = data.draw(broken_reports(code))
    validation = validate(broken.report, previous=broken.previous)
    assert code in validation.codes()
    serious = {f.code for f in validation if f.severity is not Severity.INFO}
    assert serious <= {code} | broken.companions, serious
    place = broken.location
    matching = [
        f
        for f in validation.filter(code=code)
        if all(
            getattr(place, part) is None or getattr(f.location, part) is getattr(place, part)
            for part in ("section", "table", "row", "column")
        )
    ]
    assert matching, (place, validation.filter(code=code).findings)


def test_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="unknown or unbreakable rule 'read-row-missing'"):
        broken_reports("read-row-missing")
    with pytest.raises(TypeError, match="version must be a TemplateVersion"):
        reports(version="2021")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="max_count must be an int"):
        request_tables(max_count=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="consistent tables have no blanks"):
        reports(blanks=True)
    with pytest.raises(TypeError, match="years must be"):
        reports(years=2020)  # type: ignore[arg-type]


@settings(max_examples=20)
@given(reports(version=TemplateVersion.V2019, years=(2019, 2020)))
def test_options_are_honoured(report: AnnualReport) -> None:
    assert report.version is TemplateVersion.V2019
    assert 2019 <= report.metadata.year <= 2020


def test_from_type_works_in_a_fresh_interpreter() -> None:
    code = (
        "from hypothesis import given, settings, strategies as st\n"
        "from disclosure_report import AnnualReport, RequestTable, validate\n"
        "@settings(max_examples=5, deadline=None)\n"
        "@given(st.from_type(AnnualReport), st.from_type(RequestTable))\n"
        "def t(report, table):\n"
        "    assert validate(report).valid and isinstance(table, RequestTable)\n"
        "t()\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "ok", result.stderr


@pytest.mark.slow
def test_examples_shrink_to_small_reports() -> None:
    from hypothesis import find

    smallest = find(reports(), lambda r: r.requests[next(iter(r.requests.spec.index))] >= 0)
    assert set(smallest.requests.values) == {0}
    assert smallest.overview == ""


@settings(max_examples=10)
@given(reports(years=(2019, 2020)))
def test_years_choose_the_versions_that_fit(report: AnnualReport) -> None:
    assert report.version is TemplateVersion.V2019
    with pytest.raises(ValueError, match="no year"):
        reports(version=TemplateVersion.V2019, years=(2022, 2024))
