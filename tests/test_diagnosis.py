"""Diagnosis: the cell to fix behind a table's errors, and relations over blank cells decided as bounds."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Severity,
    TableKind,
    validate,
)
from disclosure_report._validation.diagnosis import MAX_CAUSES, Cause, causes
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

RELATIONS = {"requests-balance", "requests-outcome-total", "requests-applicant-total", "review-total"}


def _changed(table, position: int, value: int):  # type: ignore[no-untyped-def]
    values = list(table.values)
    values[position] = value
    return type(table)(table.version, tuple(values))


@given(reports(), st.data())
def test_one_changed_cell_is_named_with_the_value_it_had(report: AnnualReport, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([report.requests, report.review_litigation]))
    position = data.draw(st.integers(0, len(table.values) - 1))
    original = table.values[position]
    assert isinstance(original, int)
    new = data.draw(st.integers(0, original + 20).filter(lambda value: value != original))
    found, total = causes(_changed(table, position, new))
    fix = Cause(((position, new, original),))
    assert total >= 1
    if total == 1:
        assert found == (fix,)
    assert total > MAX_CAUSES or fix in found
    if table.kind is TableKind.REQUESTS:
        # Every cell of table 三 is read by two relations or more: one change has one explanation.
        assert found == (fix,)


def test_how_often_the_cause_is_unique_and_two_changes_are_found() -> None:
    # Measured on a fixed sample (the closing note and the performance page state the rates).
    rng = random.Random(7)
    unique = both = 0
    for _ in range(150):
        report = seed_report()
        values = [rng.randrange(0, 30) for _ in report.requests.values]
        table = _consistent(report, values)
        position = rng.randrange(len(table.values))
        original = table.values[position]
        assert isinstance(original, int)
        new = original + rng.choice([-1, 1]) * rng.randrange(1, 9)
        if new < 0:
            new = original + 5
        found, total = causes(_changed(table, position, new))
        unique += total == 1 and found == (Cause(((position, new, original),)),)
        first, second = rng.sample(range(len(table.values)), 2)
        before = {first: table.values[first], second: table.values[second]}
        after = {first: before[first] + 3, second: before[second] + 4}  # type: ignore[operator]
        twice = _changed(_changed(table, first, after[first]), second, after[second])
        wanted = {(position, after[position], before[position]) for position in (first, second)}
        found, _ = causes(twice)
        both += any(set(cause.changes) == wanted for cause in found)
    assert unique == 150
    assert both >= 140


def _consistent(report: AnnualReport, draws: list[int]):  # type: ignore[no-untyped-def]
    """A consistent table 三 from random counts for its detail cells."""
    spec = report.requests.spec
    draw = iter(draws)
    cells = {}
    for applicant in (a for a in Applicant if a is not Applicant.TOTAL):
        processed = 0
        for row in spec.row_sums[RequestRow.TOTAL]:
            cells[(row, applicant)] = count = next(draw) % 5
            processed += count
        forward = next(draw) % 5
        carried = next(draw) % (processed + forward + 1)
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
    return type(report.requests).build(cells, version=report.version)


def test_the_likely_cause_is_a_finding_its_symptoms_point_to() -> None:
    seed = seed_report()
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1}))
    validation = validate(wrong)
    (cause,) = validation.filter(code="likely-cause").findings
    assert cause.severity is Severity.INFO and validation.errors
    assert (cause.location.row, cause.location.column) == (RequestRow.GRANTED, Applicant.NATURAL_PERSON)
    assert (cause.actual, cause.expected) == (1, 0)
    assert cause.cells == ((TableKind.REQUESTS, RequestRow.GRANTED, Applicant.NATURAL_PERSON),)
    assert "“（一）予以公开”/“自然人”填报1，应为0" in cause.message_zh
    assert "every other figure agrees" in cause.message_en
    symptoms = [f for f in validation if f.code in RELATIONS]
    assert {f.code for f in symptoms} == {"requests-applicant-total", "requests-outcome-total"}
    assert all(f.params["likely_cause"] == cause.cells for f in symptoms)
    assert {code for code, _ in cause.params["explains"]} == {f.code for f in symptoms}  # type: ignore[attr-defined]


def test_several_equal_causes_are_listed_not_guessed() -> None:
    seed = seed_report()
    wrong = seed.with_table(
        seed.review_litigation.replace({(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): 2})
    )
    (cause,) = validate(wrong).filter(code="likely-cause").findings
    assert cause.params["count"] == 2 and cause.location.row is None
    assert "无法确定是哪一种" in cause.message_zh and "cannot be told" in cause.message_en
    assert set(cause.cells) == {
        (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD),
        (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL),
    }


def test_a_cause_may_fill_a_blank_and_says_so() -> None:
    seed = seed_report()
    table = seed.requests.replace(
        {(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1, (RequestRow.NEW, Applicant.OTHER): None}
    )
    found, total = causes(table)
    spec = table.spec
    granted = spec.index[(RequestRow.GRANTED, Applicant.NATURAL_PERSON)]
    blank = spec.index[(RequestRow.NEW, Applicant.OTHER)]
    assert total == 1 and found == (Cause(((granted, 1, 0),), ((blank, 0),)),)
    (finding,) = validate(seed.with_table(table)).filter(code="likely-cause").findings
    assert "空白“一、本年新收政府信息公开申请数量”/“其他”应为0" in finding.message_zh


# --- relations over blanks, as bounds ------------------------------------------------------------------


@given(reports(), st.data())
def test_blanks_in_a_valid_report_never_make_an_error(report: AnnualReport, data: st.DataObject) -> None:
    tables = [report.requests, report.review_litigation]
    blanked = report
    original = {}
    for table in tables:
        chosen = data.draw(st.sets(st.sampled_from(list(table.spec.index)), max_size=8))
        original.update({(table.kind, *key): table[key] for key in chosen})
        blanked = blanked.with_table(table.replace(dict.fromkeys(chosen)))
    validation = validate(blanked)
    assert not validation.filter(code={*RELATIONS, "relation-impossible", "likely-cause"})
    for finding in validation.filter(code="blank-determined"):
        where = finding.location
        assert finding.expected == original[(where.table, where.row, where.column)]


def test_filled_parts_above_a_stated_total_are_an_error_whatever_the_blanks_hold() -> None:
    seed = seed_report()
    review = seed.review_litigation.replace(
        {
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): None,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.CORRECTED): 5,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL): 3,
        }
    )
    validation = validate(seed.with_table(review))
    (impossible,) = validation.filter(code="relation-impossible").findings
    assert impossible.severity is Severity.ERROR and not validation.valid
    assert (impossible.expected, impossible.actual) == (3, 5)
    assert impossible.params["rule"] == "review-total"
    assert not validation.filter(code="not-checked")


def test_a_single_blank_of_a_relation_is_determined_and_two_are_not() -> None:
    seed = seed_report()
    one = seed.review_litigation.replace(
        {
            (ReviewRow.LITIGATION_DIRECT, ReviewColumn.UPHELD): 4,
            (ReviewRow.LITIGATION_DIRECT, ReviewColumn.PENDING): None,
            (ReviewRow.LITIGATION_DIRECT, ReviewColumn.TOTAL): 6,
        }
    )
    (determined,) = validate(seed.with_table(one)).filter(code="blank-determined").findings
    assert (determined.location.row, determined.location.column, determined.expected) == (
        ReviewRow.LITIGATION_DIRECT,
        ReviewColumn.PENDING,
        2,
    )
    two = one.replace({(ReviewRow.LITIGATION_DIRECT, ReviewColumn.OTHER): None})
    validation = validate(seed.with_table(two))
    assert not validation.filter(code="blank-determined")
    assert [f.params["rule"] for f in validation.filter(code="not-checked")] == ["review-total"]
