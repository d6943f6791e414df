"""The 2019 trial template beside the 2021 one: correspondence and conversion, exact or refused.

And a version as data: a test-only fictional version, one spec more, is modelled, validated, written and
read back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

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
    from_json,
    from_text,
    from_xlsx,
    render_json,
    render_text,
    render_xlsx,
    table_spec,
    validate,
)
from disclosure_report._form import (
    VERSION_FACTS,
    ArticleItem,
    DisclosureColumn,
    DisclosureRow,
    RowSpec,
    TableSpec,
    VersionFacts,
)
from disclosure_report._form.specs import VERSION_SPECS, version_specs
from disclosure_report.strategies import broken_reports, metadata, reports, request_tables

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


# --- a version as data ------------------------------------------------------------------------------


def test_the_versions_are_one_list() -> None:
    # What the property tests draw from (strategies ask version_specs()) is every version, oldest first.
    assert [spec.version for spec in version_specs()] == list(TemplateVersion)
    firsts = [spec.first_year for spec in version_specs()]
    assert firsts == sorted(firsts)
    for spec, after in zip(version_specs(), version_specs()[1:], strict=False):
        assert spec.last_year == after.first_year - 1
    assert version_specs()[-1].last_year is None
    # A version's document and years are written once, beside the enumeration; its spec reads them.
    assert list(VERSION_FACTS) == list(TemplateVersion)
    for spec in version_specs():
        facts = VERSION_FACTS[spec.version]
        assert (spec.document, spec.first_year, spec.last_year) == tuple(facts)
        assert (spec.version.document, spec.version.first_year) == (facts.document, facts.first_year)


@contextlib.contextmanager
def fictional_version() -> Iterator[TemplateVersion]:
    """A test-only version "2026": the 2021 format with a row 其他对外管理服务事项 added to table 二.

    What a real new version would be: its enumeration member (made here by hand, as ``enum`` has no way to
    add one) with its facts beside it (its document and first year; the 2021 format ending with 2025), its
    spec in the one list (the row under 第二十条第（五）项, with 2021's column), and no change anywhere else
    in the package.
    """
    member = object.__new__(TemplateVersion)
    member._name_, member._value_, member._sort_order_ = "V2026", "2026", len(TemplateVersion)
    member.__objclass__ = TemplateVersion
    base = VERSION_SPECS[V2021]
    rows = list(base.disclosure.rows)
    licensing = [row.key for row in rows].index(DisclosureRow.LICENSING)
    added = RowSpec(
        DisclosureRow.OTHER_SERVICES,
        DisclosureRow.OTHER_SERVICES.label,
        rows[licensing].columns,
        ArticleItem.ITEM_5,
    )
    rows.insert(licensing + 1, added)
    requests = base.requests
    spec = attrs.evolve(
        base,
        version=member,
        disclosure=TableSpec(TableKind.ACTIVE_DISCLOSURE, member, tuple(rows)),
        requests=TableSpec(
            TableKind.REQUESTS,
            member,
            requests.rows,
            row_sums=requests.row_sums,
            column_sums=requests.column_sums,
        ),
        markers=(),  # the labels it prints are all printed by an older version too
        marker_rows=(),
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(TemplateVersion._value2member_map_, member.value, member)
        patch.setitem(TemplateVersion._member_map_, member.name, member)
        patch.setattr(TemplateVersion, "_member_names_", [*TemplateVersion._member_names_, member.name])
        patch.setitem(VERSION_FACTS, V2021, VersionFacts(V2021.document, V2021.first_year, last_year=2025))
        patch.setitem(VERSION_FACTS, member, VersionFacts("（虚构）国办公开办函〔2026〕1号", 2026, None))
        patch.setitem(VERSION_SPECS, member, spec)
        yield member


def test_a_fictional_version_is_modelled_validated_written_and_read_back() -> None:
    with fictional_version() as v2026:
        assert TemplateVersion("2026") is v2026
        assert v2026.first_year == 2026
        assert VERSION_SPECS[v2026].document == v2026.document == "（虚构）国办公开办函〔2026〕1号"
        assert VERSION_SPECS[V2021].last_year == 2025
        assert (
            table_spec(TableKind.ACTIVE_DISCLOSURE, v2026).size
            == table_spec(TableKind.ACTIVE_DISCLOSURE, V2021).size + 1
        )

        @settings(max_examples=5, deadline=None)
        @given(reports(version=v2026), st.data())
        def round_trip(report: AnnualReport, data: st.DataObject) -> None:
            assert report.version is v2026
            assert report.metadata.year is not None and report.metadata.year >= 2026
            added = (DisclosureRow.OTHER_SERVICES, DisclosureColumn.DECIDED)
            assert report.active_disclosure[added] is not None
            validation = validate(report)
            assert not validation.errors, validation.errors
            assert not validation.warnings, validation.warnings
            assert from_json(render_json(report)) == report
            read = from_xlsx(render_xlsx(report))
            assert read.report == report, read.findings
            # A published text shows no label only this version prints: read in the version given.
            text = from_text(render_text(report), version=v2026)
            assert text.report.tables() == report.tables(), text.findings
            # Its rules: totals are checked in its tables; its years follow the list of versions.
            broken = data.draw(broken_reports("requests-outcome-total", version=v2026))
            assert broken.report.version is v2026
            assert validate(broken.report).filter(code="requests-outcome-total").findings
            old = data.draw(reports(version=V2021))
            late = attrs.evolve(
                old, metadata=attrs.evolve(old.metadata, year=2026, title=None, published=None)
            )
            (outdated,) = validate(late).filter(code="template-outdated").findings
            assert outdated.expected == "2026"
            # Table 三 has the 2021 rows: it converts both ways; table 二 never does.
            assert convert_table(report.requests, V2021).version is V2021
            with pytest.raises(ConversionError, match="no column corresponds"):
                convert_table(report.active_disclosure, V2021)

        round_trip()
        # The property tests draw it with the others: their reports' metadata come from the one list.
        assert find(metadata(), lambda info: info.version is v2026).version is v2026
    assert list(TemplateVersion) == [V2019, V2021]
    assert VERSION_SPECS[V2021].last_year is None
