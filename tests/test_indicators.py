"""The indicator panel, rankings and spreads: each indicator is its definition, blanks included."""

from __future__ import annotations

import random
from fractions import Fraction

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    INDICATORS,
    AgencyLevel,
    AnnualReport,
    Applicant,
    DisclosureTable,
    Metadata,
    RequestRow,
    RequestTable,
    ReviewColumn,
    ReviewRow,
    ReviewTable,
    TemplateVersion,
    correction_rate,
    disclosure_rate,
    indicators,
    indicators_frame,
    rank,
    refusal_rate,
    spread,
)
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

A = Applicant.TOTAL


def _sum(report: AnnualReport, rows: list[RequestRow], column: Applicant = A) -> int | None:
    values = [report.requests.get(row, column) for row in rows if row in report.requests.spec.row_keys()]
    if any(value is None for value in values):
        return None
    return sum(int(v) for v in values if v is not None)


def _rows(prefix: str, report: AnnualReport) -> list[RequestRow]:
    return [
        row
        for row in report.requests.spec.row_keys()
        if isinstance(row, RequestRow) and row.name.startswith(prefix)
    ]


def _review(report: AnnualReport, groups: list[ReviewRow], column: ReviewColumn) -> int | None:
    values = [report.review_litigation[group, column] for group in groups]
    return None if None in values else sum(int(v) for v in values if v is not None)


def _definitions(report: AnnualReport) -> dict[str, tuple[int | None, int | None]]:
    """Each indicator's numerator and denominator, written out from the form by hand."""
    processed = report.requests[RequestRow.TOTAL, A]
    total = None if processed is None else int(processed)
    other = _rows("OTHER_", report)
    unavailable = _sum(report, _rows("UNAVAILABLE_", report))
    found = {
        "granted_share": (_sum(report, [RequestRow.GRANTED]), total),
        "disclosed_share": (_sum(report, [RequestRow.GRANTED, RequestRow.PARTIALLY_GRANTED]), total),
        "withheld_share": (_sum(report, _rows("WITHHELD_", report)), total),
        "unavailable_share": (unavailable, total),
        "not_held_part": (_sum(report, [RequestRow.UNAVAILABLE_NOT_HELD]), unavailable),
        "not_processed_share": (_sum(report, _rows("NOT_PROCESSED_", report)), total),
        "other_processing_share": (_sum(report, other), total),
        "carry_forward_rate": (
            _sum(report, [RequestRow.CARRIED_FORWARD]),
            _sum(report, [RequestRow.NEW, RequestRow.CARRIED_OVER]),
        ),
    }
    for row in _rows("WITHHELD_", report):
        found[f"withheld_{row.name.removeprefix('WITHHELD_').lower()}_share"] = (_sum(report, [row]), total)
    for applicant in Applicant:
        if applicant is not A:
            found[f"{applicant.key}_share"] = (
                _sum(report, [RequestRow.NEW], applicant),
                _sum(report, [RequestRow.NEW]),
            )
    review, litigation = (
        [ReviewRow.ADMINISTRATIVE_REVIEW],
        [ReviewRow.LITIGATION_DIRECT, ReviewRow.LITIGATION_AFTER_REVIEW],
    )
    for name, groups in (("review", review), ("litigation", litigation)):
        found[f"{name}_per_processed"] = (_review(report, groups, ReviewColumn.TOTAL), total)
        cases, pending = (
            _review(report, groups, ReviewColumn.TOTAL),
            _review(report, groups, ReviewColumn.PENDING),
        )
        decided = None if cases is None or pending is None else cases - pending
        found[f"{name}_correction_rate"] = (_review(report, groups, ReviewColumn.CORRECTED), decided)
    return found


@settings(max_examples=30, deadline=None)
@given(reports(consistent=False, blanks=True, max_count=30), st.integers(1, 20))
def test_each_indicator_is_its_definition_blanks_included(report: AnnualReport, minimum: int) -> None:
    (row,) = indicators([report], minimum=minimum)
    definitions = _definitions(report)
    assert set(definitions) == set(INDICATORS) == set(row.values)
    for key, (top, bottom) in definitions.items():
        value = row[key]
        assert (value.numerator, value.denominator) == (top, bottom), key
        if top is None or bottom is None:
            assert value.value is None and value.reason == "a cell it needs is blank"
        elif bottom == 0:
            assert value.value is None and value.reason == "the denominator is 0"
        else:
            assert value.value == Fraction(top, bottom) and value.reason is None
        assert value.small == (bottom is not None and bottom < minimum)
        assert value.change is None  # no year before among the reports


@settings(max_examples=20, deadline=None)
@given(reports(consistent=False, blanks=True, max_count=30))
def test_the_indicators_that_are_ratios_equal_them(report: AnnualReport) -> None:
    (row,) = indicators([report])
    for key, ratio in (
        ("disclosed_share", disclosure_rate(report.requests)),
        ("withheld_share", refusal_rate(report.requests)),
        (
            "review_correction_rate",
            correction_rate(report.review_litigation, group=ReviewRow.ADMINISTRATIVE_REVIEW),
        ),
    ):
        value = row[key]
        assert (value.numerator, value.denominator, value.value, value.reason) == (
            ratio.numerator,
            ratio.denominator,
            ratio.value,
            ratio.reason,
        )


def _with(
    report: AnnualReport, *, year: int | None = None, agency: str | None = None, **cells: int
) -> AnnualReport:
    info = attrs.evolve(
        report.metadata,
        year=year if year is not None else report.metadata.year,
        agency=agency if agency is not None else report.metadata.agency,
    )
    table = report.requests.build(
        {(RequestRow(key), Applicant.NATURAL_PERSON): value for key, value in cells.items()}
    )
    return attrs.evolve(report, metadata=info, requests=table)


def test_a_year_over_year_change_needs_last_years_report_and_only_one() -> None:
    seed = seed_report()
    last = _with(seed, year=2022, new=20, granted=10, other_other=10)
    this = _with(seed, year=2023, new=20, granted=15, other_other=5)
    rows = indicators([this, last])
    assert rows[0]["granted_share"].change == Fraction(1, 4)
    assert rows[0].previous == last.fingerprint and rows[1].previous is None
    # Two reports for 2022 of the one agency: neither is the year before.
    twice = _with(seed, year=2022, new=20, granted=20)
    assert indicators([this, last, twice])[0]["granted_share"].change is None
    assert indicators([this, _with(last, agency="别的机关")])[0].previous is None


def test_a_small_sample_is_flagged_and_left_out_of_ranks() -> None:
    seed = seed_report()
    small = _with(seed, agency="甲", new=2, granted=1, other_other=1)
    (row,) = indicators([small])
    assert row["granted_share"].value == Fraction(1, 2) and row["granted_share"].small
    (ranked,) = rank([row], "granted_share", minimum_group=1)
    assert ranked.rank is None and ranked.size == 0
    (ranked,) = rank([row], "granted_share", minimum_group=1, small=True)
    assert ranked.rank == 1


def _peers(count: int, level: AgencyLevel | None = AgencyLevel.COUNTY) -> list[AnnualReport]:
    seed = seed_report()
    found = []
    for number in range(count):
        report = _with(
            seed, agency=f"机关{number}", new=100, granted=number * 10, other_other=100 - number * 10
        )
        found.append(attrs.evolve(report, metadata=attrs.evolve(report.metadata, level=level, region="某省")))
    return found


def test_ranks_percentiles_and_spread_within_a_group() -> None:
    rows = indicators(_peers(6))
    ranked = rank(rows, "granted_share")
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5, 6]
    assert ranked[0].row.agency == "机关5" and ranked[0].percentile == Fraction(500, 6)
    assert ranked[-1].percentile == 0 and not ranked[0].too_small
    (group,) = spread(rows, "granted_share")
    assert group.group == (2023, "county", "某省") and group.size == 6
    assert (group.p10, group.p50, group.p90) == (Fraction(1, 20), Fraction(1, 4), Fraction(9, 20))


def test_a_group_too_small_says_so() -> None:
    rows = indicators(_peers(3))
    assert {r.too_small for r in rank(rows, "granted_share")} == {True}
    assert all(r.percentile is None for r in rank(rows, "granted_share"))
    (group,) = spread(rows, "granted_share")
    assert group.too_small and group.size == 3 and group.p50 is None
    unknown = indicators(_peers(2, level=None))
    assert {s.group for s in spread(rows + unknown, "granted_share")} == {
        (2023, "county", "某省"),
        (2023, None, "某省"),
    }


def test_equal_values_share_a_rank() -> None:
    seed = seed_report()
    same = [_with(seed, agency=f"机关{n}", new=10, granted=5, other_other=5) for n in range(3)]
    ranked = rank(indicators(same), "granted_share", minimum_group=1)
    assert [r.rank for r in ranked] == [1, 1, 1]
    assert {r.percentile for r in ranked} == {Fraction(100, 3)}


@settings(max_examples=10, deadline=None)
@given(
    st.lists(
        reports(version=TemplateVersion.V2021, consistent=False, blanks=True, max_count=20),
        min_size=1,
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
def test_rankings_do_not_depend_on_the_order_of_the_rows(
    given_reports: list[AnnualReport], shuffler: random.Random
) -> None:
    rows = indicators(given_reports)
    shuffled = list(rows)
    shuffler.shuffle(shuffled)
    for key in ("disclosed_share", "carry_forward_rate"):
        assert rank(rows, key, minimum_group=2) == rank(shuffled, key, minimum_group=2)
        assert spread(rows, key, minimum_group=2) == spread(shuffled, key, minimum_group=2)


def test_wrong_arguments_are_named() -> None:
    rows = indicators([seed_report()])
    with pytest.raises(KeyError, match="no indicator 'made_up'"):
        rank(rows, "made_up")
    with pytest.raises(ValueError, match="cannot group by 'agency'"):
        spread(rows, "granted_share", by=["agency"])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="minimum must be"):
        indicators([seed_report()], minimum=0)


def test_the_panel_as_a_data_frame_keeps_blanks_blank() -> None:
    blank = seed_report().with_table(seed_report().requests.replace({(RequestRow.TOTAL, A): None}))
    frame = indicators_frame(indicators([seed_report(), blank]))
    assert len(frame) == 2
    assert (
        str(frame["granted_share"].dtype) == "Float64"
        and str(frame["granted_share_numerator"].dtype) == "Int64"
    )
    assert frame["granted_share_denominator"].isna().tolist() == [False, True]
    assert frame["granted_share_denominator"][0] == 0


def test_the_corpus_view_gives_the_same_panel(tmp_path: object) -> None:
    from pathlib import Path

    from disclosure_report import export_corpus, open_corpus, render_json

    folder = Path(str(tmp_path))
    made = [*_peers(3), seed_report().with_table(seed_report().requests.replace({(RequestRow.NEW, A): None}))]
    v2019 = TemplateVersion.V2019
    cells = {
        (RequestRow.NEW, Applicant.NATURAL_PERSON): 12,
        (RequestRow.OTHER_PROCESSING, Applicant.NATURAL_PERSON): 12,
    }
    made.append(
        AnnualReport.from_tables(
            Metadata(agency="旧格式", year=2020, version=v2019),
            [
                DisclosureTable.build(version=v2019),
                RequestTable.build(cells, version=v2019),
                ReviewTable.build(version=v2019),
            ],
            overview="",
            problems="",
            other_matters="",
        )
    )
    for number, report in enumerate(made):
        (folder / f"{number}.json").write_text(render_json(report), encoding="utf-8")
    export_corpus([folder], folder / "corpus.duckdb", jobs=1)
    expected = {row.fingerprint: row for row in indicators(made)}
    with open_corpus(folder / "corpus.duckdb") as connection:
        cursor = connection.execute("SELECT * FROM indicators")
        names = [d[0] for d in cursor.description]
        found = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    assert len(found) == len(made)
    for record in found:
        row = expected[record["fingerprint"]]
        for key, value in row.values.items():
            assert (record[f"{key}_numerator"], record[f"{key}_denominator"]) == (
                value.numerator,
                value.denominator,
            ), key
            if value.value is None:
                assert record[key] is None
            else:
                assert record[key] == pytest.approx(float(value.value))
                assert record[f"{key}_small"] == value.small


_WHO = st.tuples(
    st.sampled_from(["甲局", "乙局"]),
    st.sampled_from([None, "某市"]),
    st.sampled_from([None, "110000", "120000"]),
)


@pytest.mark.slow  # an export per example: a second each
@settings(max_examples=6, deadline=None)
@given(
    st.lists(
        st.tuples(reports(consistent=False, blanks=True, max_count=30, years=(2020, 2022)), _WHO),
        min_size=1,
        max_size=6,
    )
)
def test_the_corpus_view_equals_the_panel_year_over_year_changes_included(
    drawn: list[tuple[AnnualReport, tuple[str, str | None, str | None]]],
) -> None:
    import tempfile
    from pathlib import Path

    from disclosure_report import export_corpus, open_corpus, render_json

    pytest.importorskip("duckdb")
    made = [
        attrs.evolve(r, metadata=attrs.evolve(r.metadata, agency=a, region=g, division_code=d))
        for r, (a, g, d) in drawn
    ]
    distinct = list({r.fingerprint: r for r in reversed(made)}.values())  # the corpus keeps each once
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        lines = folder / "reports.jsonl"
        lines.write_text("\n".join(render_json(r, indent=None) for r in distinct) + "\n", encoding="utf-8")
        export_corpus([lines], folder / "corpus.duckdb", jobs=1)
        with open_corpus(folder / "corpus.duckdb") as connection:
            cursor = connection.execute("SELECT * FROM indicators")
            names = [d[0] for d in cursor.description]
            found = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    expected = {row.fingerprint: row for row in indicators(distinct)}
    assert found.keys() == expected.keys()
    for fingerprint, row in expected.items():
        record = found[fingerprint]
        assert record["previous"] == row.previous
        for key, value in row.values.items():
            assert (record[f"{key}_numerator"], record[f"{key}_denominator"]) == (
                value.numerator,
                value.denominator,
            ), key
            assert record[f"{key}_small"] == value.small, key
            for column, exact in ((key, value.value), (f"{key}_change", value.change)):
                if exact is None:
                    assert record[column] is None, column
                else:
                    assert record[column] == pytest.approx(float(exact), rel=1e-12, abs=0), column


def test_the_corpus_view_pairs_last_years_report_as_the_panel_does(tmp_path: object) -> None:
    from pathlib import Path

    from disclosure_report import export_corpus, open_corpus, render_json

    pytest.importorskip("duckdb")
    folder = Path(str(tmp_path))
    seed = seed_report()
    last = _with(seed, year=2022, new=20, granted=10, other_other=10)
    this = _with(seed, year=2023, new=20, granted=15, other_other=5)
    lines = folder / "reports.jsonl"
    lines.write_text("\n".join(render_json(r, indent=None) for r in (this, last)) + "\n", encoding="utf-8")
    export_corpus([lines], folder / "corpus.duckdb", jobs=1)
    with open_corpus(folder / "corpus.duckdb") as connection:
        found = connection.execute(
            "SELECT fingerprint, previous, granted_share_change FROM indicators ORDER BY year"
        ).fetchall()
    assert found == [(last.fingerprint, None, None), (this.fingerprint, last.fingerprint, 0.25)]
