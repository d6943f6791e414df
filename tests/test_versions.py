"""The 2019 trial template beside the 2021 one: correspondence and conversion, exact or refused."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given

from disclosure_report import (
    REQUEST_ROWS_2021_TO_2019,
    AnnualReport,
    Applicant,
    ConversionError,
    DisclosureTable,
    RequestRow,
    TableKind,
    TemplateVersion,
    convert_report,
    convert_table,
    table_spec,
    validate,
)
from disclosure_report.strategies import reports, request_tables

V2019, V2021 = TemplateVersion.V2019, TemplateVersion.V2021


def test_correspondence_of_table_three() -> None:
    assert set(REQUEST_ROWS_2021_TO_2019) == set(table_spec(TableKind.REQUESTS, V2021).row_keys())
    assert set(REQUEST_ROWS_2021_TO_2019.values()) == set(table_spec(TableKind.REQUESTS, V2019).row_keys())
    merged = [row for row, old in REQUEST_ROWS_2021_TO_2019.items() if row is not old]
    assert merged == [RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER]


@given(request_tables(version=V2021, consistent=False, blanks=True))
def test_table_three_converts_exactly_to_2019(table: object) -> None:
    old = convert_table(table, V2019)  # type: ignore[call-overload]
    for applicant in Applicant:
        parts = [
            table[row, applicant]
            for row in (RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER)
        ]  # type: ignore[index]
        expected = None if None in parts else sum(parts)  # type: ignore[arg-type]
        assert old[RequestRow.OTHER_PROCESSING, applicant] == expected
        assert old[RequestRow.TOTAL, applicant] == table[RequestRow.TOTAL, applicant]  # type: ignore[index]


@given(reports(version=V2021))
def test_a_consistent_report_stays_consistent_in_the_old_shape(report: AnnualReport) -> None:
    old = convert_report(report, V2019, active_disclosure=DisclosureTable.build(version=V2019))
    assert old.version is V2019
    arithmetic = {"requests-balance", "requests-outcome-total", "requests-applicant-total", "review-total"}
    assert not validate(old).filter(code=arithmetic)


def test_what_is_not_exact_is_refused(seed: AnnualReport) -> None:
    with pytest.raises(ConversionError, match="no column corresponds"):
        convert_table(seed.active_disclosure, V2019)
    with pytest.raises(ConversionError, match="pass active_disclosure="):
        convert_report(seed, V2019)
    old = convert_report(seed, V2019, active_disclosure=DisclosureTable.build(version=V2019))
    with pytest.raises(ConversionError, match="cannot be split"):
        convert_table(old.requests, V2021)
    assert convert_table(old.review_litigation, V2021) == seed.review_litigation
    assert convert_report(seed, V2021) is seed
    assert attrs.evolve(old.metadata, version=V2021) == seed.metadata
