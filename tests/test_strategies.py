"""The strategies shipped for users' tests: valid reports, reports that break one rule, the entry point."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from typing import Any

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


@pytest.mark.parametrize("consistent", [True, False])
def test_counts_reach_zero_both_bounds_and_blanks(consistent: bool) -> None:
    from disclosure_report.strategies import disclosure_tables

    # Counts are decoded from drawn bytes (one draw a table): the bounds, zero and counts between come out
    # in a few dozen tables, and blanks where they are allowed (the same examples every run).
    seen: set[object] = set()

    @settings(max_examples=60, database=None, derandomize=True)
    @given(
        request_tables(max_count=7, consistent=consistent),
        disclosure_tables(version=TemplateVersion.V2019, max_count=7, consistent=consistent),
        request_tables(max_count=7, consistent=False, blanks=not consistent),
    )
    def draw(requests: Any, old: Any, loose: Any) -> None:
        seen.update(("requests", v) for v in requests.values)
        seen.update(("old", v) for v in old.values if not isinstance(v, Decimal))
        seen.update(("loose", v) for v in loose.values)

    draw()
    assert {("requests", 0), ("requests", 7), ("old", -7), ("old", 0), ("old", 7)} <= seen
    assert any(("requests", n) in seen for n in range(1, 7))
    assert any(("old", n) in seen for n in range(-6, 0)) and any(("old", n) in seen for n in range(1, 7))
    assert (("loose", None) in seen) is not consistent


@settings(max_examples=50)
@given(request_tables(max_count=9, consistent=False), request_tables(max_count=9))
def test_no_count_is_outside_its_range(loose: object, consistent: object) -> None:
    from disclosure_report import RequestTable

    assert isinstance(loose, RequestTable) and isinstance(consistent, RequestTable)
    assert all(v is not None and 0 <= v <= 9 for v in loose.values)
    # A consistent table's totals are sums: only the drawn counts are bounded.
    assert all(v is not None and v >= 0 for v in consistent.values)


def test_texts_from_an_alphabet_use_it_and_keep_their_bounds() -> None:
    from hypothesis import find

    from disclosure_report.strategies import texts

    small = texts(min_size=3, max_size=5, alphabet="甲乙")
    assert find(small, lambda t: len(t) == 5 and set(t) == {"甲", "乙"})
    wide = "".join(chr(0x4E00 + n) for n in range(300))  # more than a byte's worth: two bytes a character
    assert find(texts(min_size=1, max_size=4, alphabet=wide), lambda t: wide[-1] in t)
    assert find(texts(min_size=2, max_size=2, alphabet=wide), lambda t: True) == wide[0] * 2
    with pytest.raises(ValueError, match="alphabet"):
        texts(alphabet="")


@settings(max_examples=50)
@given(st.data())
def test_texts_from_an_alphabet_stay_in_it(data: st.DataObject) -> None:
    from disclosure_report.strategies import texts

    alphabet = data.draw(st.text(min_size=1, max_size=400), label="alphabet")
    low = data.draw(st.integers(0, 5), label="min_size")
    high = data.draw(st.integers(low, 10), label="max_size")
    text = data.draw(texts(min_size=low, max_size=high, alphabet=alphabet))
    assert low <= len(text) <= high
    assert set(text) <= set(alphabet)
