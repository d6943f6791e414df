"""The model: construction checks local facts only; tables are built, read and changed by enum keys."""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import (
    MAX_COUNT,
    AgencyLevel,
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    DisclosureTable,
    FieldValueError,
    Metadata,
    RequestRow,
    RequestTable,
    ReviewColumn,
    ReviewRow,
    ReviewTable,
    Section,
    TableKind,
    TemplateVersion,
    table_spec,
)
from disclosure_report._form import CellKind
from disclosure_report._model import TABLE_CLASSES, check_cell

V2019, V2021 = TemplateVersion.V2019, TemplateVersion.V2021
NEW_NP = (RequestRow.NEW, Applicant.NATURAL_PERSON)


def test_build_computes_totals_from_parts() -> None:
    table = RequestTable.build(
        {
            (RequestRow.NEW, Applicant.NATURAL_PERSON): 5,
            (RequestRow.NEW, Applicant.COMMERCIAL_ENTERPRISE): 2,
            (RequestRow.GRANTED, Applicant.NATURAL_PERSON): 3,
            (RequestRow.WITHHELD_STATE_SECRET, Applicant.COMMERCIAL_ENTERPRISE): 1,
            (RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 2,
            (RequestRow.CARRIED_FORWARD, Applicant.COMMERCIAL_ENTERPRISE): 1,
        }
    )
    assert table[RequestRow.NEW, Applicant.TOTAL] == 7
    assert table[RequestRow.TOTAL, Applicant.NATURAL_PERSON] == 3
    assert table[RequestRow.TOTAL, Applicant.COMMERCIAL_ENTERPRISE] == 1
    assert table[RequestRow.TOTAL, Applicant.TOTAL] == 4
    assert table[RequestRow.CARRIED_OVER, Applicant.TOTAL] == 0
    assert table.applicant_sum(RequestRow.NEW) == 7
    assert table.outcome_sum(Applicant.TOTAL) == 4


def test_stated_totals_are_kept_even_when_wrong() -> None:
    table = RequestTable.build(
        {(RequestRow.NEW, Applicant.NATURAL_PERSON): 5, (RequestRow.NEW, Applicant.TOTAL): 9}
    )
    assert table[RequestRow.NEW, Applicant.TOTAL] == 9
    assert table.applicant_sum(RequestRow.NEW) == 5


def test_blank_cells_are_none_never_zero() -> None:
    table = RequestTable.build({NEW_NP: None, (RequestRow.NEW, Applicant.OTHER): 4})
    assert table[NEW_NP] is None
    # A total over a blank part is blank: the sum is unknown, not 4.
    assert table[RequestRow.NEW, Applicant.TOTAL] is None
    assert table.applicant_sum(RequestRow.NEW) is None
    assert [(c.row_key, c.column_key) for c in table.blanks()] == [NEW_NP, (RequestRow.NEW, Applicant.TOTAL)]
    blank = RequestTable.build(default=None)
    assert all(value is None for value in blank.values)


def test_review_table_totals() -> None:
    table = ReviewTable.build({(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.PENDING): 1})
    assert table.row(ReviewRow.ADMINISTRATIVE_REVIEW) == {
        ReviewColumn.UPHELD: 0,
        ReviewColumn.CORRECTED: 0,
        ReviewColumn.OTHER: 0,
        ReviewColumn.PENDING: 1,
        ReviewColumn.TOTAL: 1,
    }
    assert table.result_sum(ReviewRow.LITIGATION_DIRECT) == 0


def test_money_cells_are_decimal() -> None:
    table = DisclosureTable.build({(DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT): Decimal("1.25")})
    assert table[DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT] == Decimal("1.25")
    assert isinstance(DisclosureTable.build()[DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT], Decimal)


def test_rows_iterate_in_form_order_with_labels() -> None:
    rows = list(RequestTable.build().rows())
    assert [spec.label for spec, _ in rows][:3] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
    ]
    assert rows[-1][0].key is RequestRow.CARRIED_FORWARD
    assert list(rows[0][1]) == list(Applicant)
    cells = list(DisclosureTable.build(version=V2019).cells())
    assert len(cells) == 22
    assert cells[0].row.group is not None
    assert cells[0].row.group.label == "第二十条第（一）项"


def test_replace_changes_cells_and_nothing_else() -> None:
    table = RequestTable.build()
    changed = table.replace({NEW_NP: 3})
    assert changed[NEW_NP] == 3
    assert changed[RequestRow.NEW, Applicant.TOTAL] == 0  # stated totals are not recomputed
    assert table[NEW_NP] == 0
    with pytest.raises(KeyError, match="requests table"):
        table.replace({(RequestRow.OTHER_PROCESSING, Applicant.OTHER): 1})


def test_cells_missing_from_a_version_are_refused() -> None:
    with pytest.raises(KeyError):
        RequestTable.build(version=V2021)[RequestRow.OTHER_PROCESSING, Applicant.TOTAL]
    with pytest.raises(FieldValueError, match="2021 active_disclosure table"):
        DisclosureTable.build({(DisclosureRow.PROCUREMENT, DisclosureColumn.PROCUREMENT_ITEMS): 1})
    assert RequestTable.build(version=V2019)[RequestRow.OTHER_PROCESSING, Applicant.TOTAL] == 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1, "from 0 to"),
        (True, "whole number"),
        (1.0, "whole number"),
        ("3", "whole number"),
        (MAX_COUNT + 1, "from 0 to"),
        (Decimal(2), "whole number"),
    ],
)
def test_count_cells_refuse_non_counts(value: object, expected: str) -> None:
    with pytest.raises(FieldValueError, match=expected) as raised:
        RequestTable.build({NEW_NP: value})  # type: ignore[dict-item]
    assert raised.value.field == "requests[new, natural_person]"
    assert "requests[new, natural_person]" in str(raised.value)


@pytest.mark.parametrize(
    "value", [1.5, Decimal("NaN"), Decimal("Infinity"), Decimal("-0.01"), Decimal("1e13"), float("nan")]
)
def test_money_cells_refuse_non_amounts(value: object) -> None:
    with pytest.raises(FieldValueError, match=r"active_disclosure\[fees, fee_amount\]"):
        DisclosureTable.build({(DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT): value})  # type: ignore[dict-item]


def test_signed_counts_only_where_the_form_has_them() -> None:
    key = (DisclosureRow.LICENSING, DisclosureColumn.CHANGE)
    assert DisclosureTable.build({key: -3}, version=V2019)[key] == -3
    with pytest.raises(FieldValueError):
        DisclosureTable.build({(DisclosureRow.LICENSING, DisclosureColumn.DECISIONS): -3}, version=V2019)


def test_values_tuple_must_fit_the_layout() -> None:
    with pytest.raises(FieldValueError, match="tuple of 15"):
        ReviewTable(V2021, (0,) * 14)
    with pytest.raises(FieldValueError, match="tuple of 15"):
        ReviewTable(V2021, [0] * 15)  # type: ignore[arg-type]
    with pytest.raises(FieldValueError, match="TemplateVersion"):
        ReviewTable("2021", (0,) * 15)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [2007, 2100, True, 2023.0, "2023"])
def test_metadata_refuses_implausible_years(year: object) -> None:
    with pytest.raises(FieldValueError, match=r"metadata\.year"):
        Metadata(agency="x", year=year)  # type: ignore[arg-type]


def test_metadata_checks_types() -> None:
    with pytest.raises(FieldValueError, match=r"metadata\.agency"):
        Metadata(agency=None, year=2023)  # type: ignore[arg-type]
    with pytest.raises(FieldValueError, match=r"metadata\.published"):
        Metadata(agency="x", year=2023, published=datetime.datetime(2024, 1, 1))
    with pytest.raises(FieldValueError, match="version"):
        Metadata(agency="x", year=2023, version="2021")  # type: ignore[arg-type]


def test_a_report_cannot_mix_versions(seed: AnnualReport) -> None:
    with pytest.raises(FieldValueError, match="template version 2021"):
        attrs.evolve(seed, requests=RequestTable.build(version=V2019))
    old = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, version=V2019),
        active_disclosure=DisclosureTable.build(version=V2019),
        requests=RequestTable.build(version=V2019),
        review_litigation=ReviewTable.build(version=V2019),
    )
    assert old.version is V2019


def test_report_fields_are_checked(seed: AnnualReport) -> None:
    with pytest.raises(FieldValueError, match="overview"):
        attrs.evolve(seed, overview=3)
    with pytest.raises(FieldValueError, match="requests"):
        attrs.evolve(seed, requests=seed.review_litigation)
    with pytest.raises(FieldValueError, match="headings"):
        attrs.evolve(seed, headings={"problems": "x"})


def test_reports_are_immutable_and_hashable(seed: AnnualReport) -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        seed.overview = "x"  # type: ignore[misc]
    assert hash(seed) == hash(attrs.evolve(seed))
    assert len({seed, attrs.evolve(seed)}) == 1


def test_sections_and_headings(seed: AnnualReport) -> None:
    assert seed.text(Section.OTHER_MATTERS) == "无"
    with pytest.raises(KeyError):
        seed.text(Section.REQUESTS)
    varied = attrs.evolve(seed, headings={Section.PROBLEMS: "五、存在的主要问题及整改措施"})
    assert varied.heading(Section.PROBLEMS) == "五、存在的主要问题及整改措施"
    assert varied.heading(Section.OVERVIEW) == "一、总体情况"
    assert varied.headings == ((Section.PROBLEMS, "五、存在的主要问题及整改措施"),)


def test_seed_report_states_zero_everywhere(seed: AnnualReport) -> None:
    assert seed.metadata.year == 2023
    assert seed.version is V2021
    for table in seed.tables():
        assert set(table.values) == {0}
    assert seed.overview is not None
    assert "未收到政府信息公开和行政复议申请" in seed.overview


@pytest.mark.parametrize("code", ["320813", "110101", "820000"])
def test_division_codes_of_their_form_are_kept(code: str) -> None:
    assert Metadata(agency="x", year=2023, division_code=code).division_code == code


@pytest.mark.parametrize(
    "code",
    [
        "32081",  # five digits
        "3208130",  # seven
        "990813",  # 99 is no province's
        "000000",
        "３２０８１３",  # full-width digits: a code is plain digits
        " 320813",
        320813,
    ],
)
def test_division_codes_not_of_their_form_are_refused(code: object) -> None:
    with pytest.raises(FieldValueError, match=r"metadata\.division_code.*six digits"):
        Metadata(agency="x", year=2023, division_code=code)  # type: ignore[arg-type]


def test_agency_levels_by_key_and_label() -> None:
    assert AgencyLevel.parse("县级部门") is AgencyLevel.COUNTY_DEPARTMENT
    assert AgencyLevel.parse(" county_department ") is AgencyLevel.COUNTY_DEPARTMENT
    assert [level.label for level in AgencyLevel][:2] == ["国务院部门", "省级"]
    assert len({level.label for level in AgencyLevel}) == len(AgencyLevel)
    with pytest.raises(ValueError, match="国务院部门、省级"):
        AgencyLevel.parse("县")
    with pytest.raises(FieldValueError, match=r"metadata\.level"):
        Metadata(agency="x", year=2023, level="county")  # type: ignore[arg-type]
    with pytest.raises(FieldValueError, match=r"metadata\.region"):
        Metadata(agency="x", year=2023, region=3)  # type: ignore[arg-type]


def test_what_a_catalogue_adds_takes_no_part_in_the_fingerprint(seed: AnnualReport) -> None:
    # The level describes the agency for a corpus: a catalogue that learns it later must still know the
    # report for the same one. Region and division code say who reported (issue 36): they are identity.
    described = attrs.evolve(
        seed, metadata=attrs.evolve(seed.metadata, level=AgencyLevel.MUNICIPAL_DEPARTMENT)
    )
    assert described != seed
    assert described.fingerprint == seed.fingerprint
    for details in ({"region": "某市"}, {"division_code": "320813"}):
        stated = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, **details))
        assert stated.fingerprint != seed.fingerprint


_CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-3, 3),
    st.integers(MAX_COUNT - 1, MAX_COUNT + 1),
    st.booleans(),
    st.decimals(-1, 10, places=2, allow_nan=False),
    st.just(Decimal("NaN")),
    st.floats(0, 5),
    st.text(max_size=2),
)


@given(st.sampled_from(list(TableKind)), st.sampled_from(list(TemplateVersion)), st.data())
def test_a_table_refuses_exactly_the_cells_that_check_cell_refuses(
    kind: TableKind, version: TemplateVersion, data: st.DataObject
) -> None:
    # A table checks its common cells by a shortcut (a blank, a count in range) and the rest by
    # check_cell; the oracle checks every cell by check_cell. Mostly good values, now and then a bad one.
    spec = table_spec(kind, version)
    good = [st.none() | st.integers(0, 50) if k is CellKind.COUNT else st.none() for k in spec.kinds]
    values = list(data.draw(st.tuples(*good)))
    for _ in range(data.draw(st.integers(0, 2))):
        values[data.draw(st.integers(0, spec.size - 1))] = data.draw(_CELL_VALUES)
    expected: str | None = None
    for (row, column), value in zip(spec.cells, values, strict=True):
        try:
            check_cell(f"{kind.key}[{row.key.key}, {column.key.key}]", column.kind, value)
        except FieldValueError as error:
            expected = str(error)
            break
    try:
        TABLE_CLASSES[kind](version, tuple(values))
        refused = None
    except FieldValueError as error:
        refused = str(error)
    assert refused == expected


@pytest.mark.parametrize("headings", [None, 0, False])
def test_headings_must_be_pairs_or_a_mapping(seed: AnnualReport, headings: object) -> None:
    with pytest.raises((TypeError, FieldValueError)):
        attrs.evolve(seed, headings=headings)
    assert attrs.evolve(seed, headings={}).headings == ()
