"""Many reports: sums, summaries against their parts, series, tidy export and ratios."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AgencyLevel,
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    ReadError,
    RequestRow,
    RequestTable,
    ReviewColumn,
    ReviewRow,
    ReviewTable,
    Series,
    TableKind,
    TemplateVersion,
    aggregate,
    compare_with_children,
    correction_rate,
    disclosure_rate,
    from_tidy,
    read_tidy_csv,
    refusal_rate,
    tidy_rows,
    to_dataframe,
    validate,
    write_tidy_csv,
)
from disclosure_report.strategies import reports

V2021 = TemplateVersion.V2021


@given(st.lists(reports(version=V2021, years=(2023, 2023)), min_size=1, max_size=4))
def test_the_sum_of_valid_reports_is_valid(children: list[AnnualReport]) -> None:
    total = aggregate(children, agency="某县人民政府")
    assert validate(total.report).valid
    assert total.contributors == tuple(r.metadata.agency for r in children)
    for kind in TableKind:
        for index, value in enumerate(total.report.table(kind).values):
            assert value == sum(child.table(kind).values[index] for child in children)  # type: ignore[misc]
    found = compare_with_children(total.report, children)
    assert not found.filter(code="aggregate-mismatch").findings
    # Only the same report given twice is a duplicate (Hypothesis gives some).
    groups = len(
        {r.fingerprint for r in children if [c.fingerprint for c in children].count(r.fingerprint) > 1}
    )
    assert len(found.filter(code="aggregate-duplicate").findings) == len(total.duplicates) == groups


def test_a_blank_keeps_the_sum_blank_and_says_who(seed: AnnualReport) -> None:
    key = (RequestRow.NEW, Applicant.OTHER)
    blank = attrs.evolve(
        seed, metadata=attrs.evolve(seed.metadata, agency="乙镇"), requests=seed.requests.replace({key: None})
    )
    total = aggregate([seed, blank], agency="某县")
    assert total.report.requests[key] is None
    assert total.blanks == {(TableKind.REQUESTS, *key): ("乙镇",)}


def test_a_parent_that_differs_in_one_cell_gets_exactly_that_finding(seed: AnnualReport) -> None:
    a = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, agency="甲局"),
        requests=seed.requests.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 2}),
    )
    b = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, agency="乙局"),
        requests=seed.requests.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 3}),
    )
    parent = aggregate([a, b], agency="某县").report
    wrong = parent.with_table(parent.requests.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 4}))
    found = compare_with_children(wrong, [a, b]).findings
    assert [(f.code, f.location.row, f.location.column, f.expected, f.actual) for f in found] == [
        ("aggregate-mismatch", RequestRow.GRANTED, Applicant.NATURAL_PERSON, 5, 4)
    ]
    assert "甲局 2" in found[0].message_zh and "乙局 3" in found[0].message_zh


def test_a_report_given_twice_is_summed_twice_and_said(seed: AnnualReport) -> None:
    a = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, agency="甲镇"))
    b = a.with_table(a.requests.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1}))
    # 乙镇 has the same name as a town elsewhere, but other figures: not a duplicate.
    c = attrs.evolve(b, metadata=attrs.evolve(b.metadata, agency="乙镇"))
    total = aggregate([a, b, c, b], agency="某县")
    assert total.duplicates == ((1, 3),)
    assert total.report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] == 3  # summed as given
    found = compare_with_children(total.report, [a, b, c, b])
    (duplicate,) = found.filter(code="aggregate-duplicate").findings
    assert "第2、4份" in duplicate.message_zh and "2 times" in duplicate.message_en
    assert aggregate([a, c], agency="某县").duplicates == ()


def test_sums_refuse_mixed_inputs(seed: AnnualReport) -> None:
    with pytest.raises(ValueError, match="at least one"):
        aggregate([], agency="x")
    later = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, year=2024))
    with pytest.raises(ValueError, match="different years"):
        aggregate([seed, later], agency="x")


def test_series_checks_across_years_and_gives_changes(seed: AnnualReport) -> None:
    last = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, year=2022),
        requests=seed.requests.replace({(RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 1}),
    )
    series = Series([seed, last])
    assert [r.metadata.year for r in series.reports] == [2022, 2023]
    results = series.validate()
    assert "carried-over-mismatch" in results[2023].codes()
    change = next(
        c for c in series.changes() if c["row"] == "carried_forward" and c["column"] == "natural_person"
    )
    assert (change["previous"], change["value"], change["change"]) == (1, 0, -1)
    with pytest.raises(ValueError, match="one report per year"):
        Series([seed, seed])


@settings(max_examples=40)
@given(
    st.lists(
        st.tuples(reports(consistent=False, blanks=True), st.sampled_from(["应急管理局", "教育局"])),
        min_size=1,
        max_size=4,
    ),
    st.booleans(),
)
def test_tidy_export_round_trips_any_list(named: list[tuple[AnnualReport, str]], repeat: bool) -> None:
    # Agencies whose names repeat (every county has a 应急管理局), the same year, and the same report
    # given twice: every report comes back, none merged into another, none dropped.
    items = [attrs.evolve(r, metadata=attrs.evolve(r.metadata, agency=name)) for r, name in named]
    if repeat:
        items.append(items[0])
    rows = list(tidy_rows(items))
    assert from_tidy(rows) == items
    assert len({row["report"] for row in rows}) == len(items)


def test_tidy_rows_name_their_report(seed: AnnualReport) -> None:
    other = seed.with_table(seed.requests.replace({(RequestRow.NEW, Applicant.OTHER): 1}))
    rows = list(tidy_rows([seed, other, seed]))
    first, second, third = sorted({r["report"] for r in rows}, key=[r["report"] for r in rows].index)
    assert first == seed.fingerprint[:16] and second == other.fingerprint[:16]
    assert third == f"{seed.fingerprint[:16]}-2"  # the same report again: kept, and told apart
    # A file written before the report column is still read, each report by its agency and year.
    old = [{k: v for k, v in row.items() if k != "report"} for row in tidy_rows([seed])]
    assert from_tidy(old) == [seed]
    # Rows of one report that disagree on whose it is are refused, not split into two reports.
    changed = [dict(row) for row in tidy_rows([seed])]
    changed[5]["agency"] = "别的单位"
    with pytest.raises(ReadError, match="differ from its first row"):
        from_tidy(changed)


def test_tidy_rows_carry_who_the_agency_is_and_refuse_what_is_not_of_its_form(seed: AnnualReport) -> None:
    described = attrs.evolve(
        seed,
        metadata=attrs.evolve(
            seed.metadata, region="某市", division_code="320813", level=AgencyLevel.TOWNSHIP
        ),
    )
    rows = list(tidy_rows([described]))
    details = {row["row"]: row["value"] for row in rows if row["table"] == "metadata"}
    assert (details["region"], details["division_code"], details["level"]) == ("某市", "320813", "township")
    assert from_tidy(rows) == [described]
    for field, wrong in (("level", "县"), ("division_code", "32081"), ("published", "2024-13-01")):
        changed = [dict(row, value=wrong, label="") if row["row"] == field else row for row in rows]
        with pytest.raises(ReadError, match=field):
            from_tidy(changed)
    unknown = [*rows, dict(rows[0], row="colour", value="red")]
    with pytest.raises(ReadError, match="unknown metadata row 'colour'"):
        from_tidy(unknown)


def test_a_fingerprint_knows_a_report_however_it_was_read(seed: AnnualReport) -> None:
    from disclosure_report import from_docx, from_html, render_docx, render_html

    from_page = from_html(render_html(seed), source="https://example.invalid/report.html").report
    from_word = from_docx(render_docx(seed), source="report.docx").report
    assert from_page != from_word  # they came from different places
    assert from_page.fingerprint == from_word.fingerprint == seed.fingerprint
    corrected = seed.with_table(seed.requests.replace({(RequestRow.NEW, Applicant.OTHER): 1}))
    assert corrected.fingerprint != seed.fingerprint
    assert len(seed.fingerprint) == 64 and int(seed.fingerprint, 16) >= 0
    # An amount counts by value, as equality does.
    fee = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    one = seed.with_table(seed.active_disclosure.replace({fee: Decimal("1.5")}))
    same = seed.with_table(seed.active_disclosure.replace({fee: Decimal("1.50")}))
    assert one == same and one.fingerprint == same.fingerprint


def test_tidy_csv_and_dataframe(seed: AnnualReport, tmp_path: Path) -> None:
    path = tmp_path / "tidy.csv"
    blanked = seed.with_table(seed.requests.replace({(RequestRow.NEW, Applicant.OTHER): None}))
    write_tidy_csv([blanked], path)
    assert read_tidy_csv(path) == [blanked]
    fee = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    blanked = blanked.with_table(blanked.active_disclosure.replace({fee: Decimal("12.3456")}))
    frame = to_dataframe([blanked, blanked])
    assert len(frame) == 2 * (10 + 175 + 15)
    assert list(frame["report"].unique()) == [blanked.fingerprint[:16], blanked.fingerprint[:16] + "-2"]
    # Numbers in numeric dtypes, never object or float: nullable integers, exact decimals.
    assert str(frame["count"].dtype) == "Int64" and str(frame["year"].dtype) == "int64"
    assert str(frame["amount"].dtype) == "decimal128(38, 18)[pyarrow]"
    row = frame[(frame["table"] == "requests") & (frame["row"] == "new") & (frame["column"] == "other")]
    assert row["value"].isna().all() and row["count"].isna().all()  # a blank is missing, not 0
    fees = frame[(frame["row"] == "fees") & (frame["column"] == "fee_amount")]
    assert list(fees["amount"]) == [Decimal("12.3456")] * 2 and fees["count"].isna().all()
    assert fees["value"].iloc[0] == "12.3456"
    total = frame[(frame["table"] == "requests") & (frame["column"] == "total") & (frame["row"] == "total")]
    assert list(total["count"]) == [blanked.requests[RequestRow.TOTAL, Applicant.TOTAL]] * 2
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ReadError, match="expected the columns"):
        read_tidy_csv(path)


def test_ratios_with_explicit_zero_and_blank_denominators() -> None:
    table = RequestTable.build(
        {
            (RequestRow.GRANTED, Applicant.NATURAL_PERSON): 6,
            (RequestRow.PARTIALLY_GRANTED, Applicant.NATURAL_PERSON): 2,
            (RequestRow.WITHHELD_STATE_SECRET, Applicant.NATURAL_PERSON): 1,
            (RequestRow.NOT_PROCESSED_REPEATED, Applicant.NATURAL_PERSON): 1,
        }
    )
    assert disclosure_rate(table).value == Fraction(8, 10)
    assert refusal_rate(table).value == Fraction(1, 10)
    empty = disclosure_rate(table, applicant=Applicant.OTHER)
    assert (empty.value, empty.reason) == (None, "the denominator is 0")
    blank = disclosure_rate(table.replace({(RequestRow.TOTAL, Applicant.TOTAL): None}))
    assert (blank.value, blank.reason) == (None, "a cell it needs is blank")
    with pytest.raises(ValueError, match="no ratio"):
        float(empty)
    review = ReviewTable.build(
        {(ReviewRow.ADMINISTRATIVE_REVIEW, c): n for c, n in zip(ReviewColumn, (2, 1, 0, 1), strict=False)}
    )
    assert correction_rate(review, group=ReviewRow.ADMINISTRATIVE_REVIEW).value == Fraction(1, 3)
