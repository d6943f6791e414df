"""Validation: every rule of the catalogue, as findings with stable codes and exact locations."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import (
    FLAT_COLUMNS,
    RULES,
    AnnualReport,
    Applicant,
    Basis,
    DisclosureColumn,
    DisclosureRow,
    DisclosureTable,
    Location,
    ReportErrorsFound,
    RequestRow,
    RequestTable,
    ReviewColumn,
    ReviewRow,
    ReviewTable,
    Section,
    Severity,
    TableKind,
    TemplateVersion,
    validate,
)
from disclosure_report.strategies import reports

ARITHMETIC = {"requests-balance", "requests-outcome-total", "requests-applicant-total", "review-total"}
V2019, V2021 = TemplateVersion.V2019, TemplateVersion.V2021


# --- the catalogue ---------------------------------------------------------------------------------


def test_catalogue_codes_are_stable_kebab_case() -> None:
    assert list(RULES)[:4] == [
        "requests-balance",
        "requests-outcome-total",
        "requests-applicant-total",
        "review-total",
    ]
    for code, rule in RULES.items():
        assert rule.code == code
        assert code == code.lower() and " " not in code and "_" not in code
        assert rule.title_zh and rule.title_en and rule.formula and rule.reads


def test_severity_follows_the_basis() -> None:
    for rule in RULES.values():
        if rule.basis is Basis.PRACTICE:
            assert rule.severity is not Severity.ERROR, rule.code
        if rule.basis is Basis.UNVERIFIED:
            assert rule.severity is Severity.INFO, rule.code
    assert RULES["requests-balance"].basis is Basis.PRINTED
    assert RULES["requests-balance"].severity is Severity.ERROR


# --- soundness ----------------------------------------------------------------------------------------


def test_seed_report_is_valid(seed: AnnualReport) -> None:
    validation = validate(seed)
    assert validation.valid
    assert not validation.warnings
    # Its section 六 says only "无": the (unverified) 信息处理费 statement is missing, a hint only.
    assert validation.codes() == {"fee-statement-missing"}
    validation.raise_for_errors()


@given(reports())
def test_consistent_reports_have_no_errors_and_no_warnings(report: AnnualReport) -> None:
    validation = validate(report)
    assert not validation.errors, validation.errors
    assert not validation.warnings, validation.warnings


# --- sensitivity -------------------------------------------------------------------------------------


@given(reports(), st.data())
def test_changing_any_related_cell_is_an_error_at_that_cell(
    report: AnnualReport, data: st.DataObject
) -> None:
    table = data.draw(st.sampled_from([report.requests, report.review_litigation]))
    cell = data.draw(st.sampled_from(list(table.cells())))
    assert isinstance(cell.value, int)
    delta = data.draw(st.integers(-cell.value, 1000).filter(lambda d: d != 0))
    changed = report.with_table(table.replace({(cell.row_key, cell.column_key): cell.value + delta}))
    errors = validate(changed).errors
    assert errors
    explained = [
        e
        for e in errors
        if e.code in ARITHMETIC
        and (table.kind, cell.row_key, cell.column_key) in e.cells
        and (e.location.row is cell.row_key or e.location.column is cell.column_key)
        and abs(e.expected - e.actual) == abs(delta)  # type: ignore[operator]
    ]
    assert explained, errors
    # Validation keeps the verdict of the last table it tested: the consistent report checked after the
    # changed one, and the changed one again, each get their own.
    assert validate(report).valid
    assert validate(changed).errors == errors
    assert not validate(report).errors


# --- blanks --------------------------------------------------------------------------------------------


@given(reports(), st.data())
def test_a_blank_cell_is_reported_and_never_taken_as_zero(report: AnnualReport, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from(report.tables()))
    cell = data.draw(st.sampled_from(list(table.cells())))
    key = (cell.row_key, cell.column_key)
    validation = validate(report.with_table(table.replace({key: None})))
    blank = [f for f in validation if f.code in {"blank-cell", "blank-total"}]
    assert [(f.location.table, f.location.row, f.location.column) for f in blank] == [(table.kind, *key)]
    assert not validation.filter(code=ARITHMETIC)
    spec = table.spec
    is_total = cell.row_key in spec.row_sums or cell.column_key in spec.column_sums
    assert blank[0].code == ("blank-total" if is_total else "blank-cell")
    if table.kind is not TableKind.ACTIVE_DISCLOSURE:
        # One blank in a consistent table: every relation over it says what it held.
        determined = validation.filter(code="blank-determined").findings
        assert determined
        assert {(f.location.row, f.location.column, f.expected) for f in determined} == {(*key, cell.value)}


def test_blank_totals_are_errors_and_blank_details_warnings(seed: AnnualReport) -> None:
    requests = seed.requests.replace(
        {(RequestRow.GRANTED, Applicant.TOTAL): None, (RequestRow.NEW, Applicant.OTHER): None}
    )
    validation = validate(attrs.evolve(seed, requests=requests))
    assert [(f.code, f.severity) for f in validation.filter(code={"blank-total", "blank-cell"})] == [
        ("blank-total", Severity.ERROR),
        ("blank-cell", Severity.WARNING),
    ]
    determined = validation.filter(code="blank-determined").findings
    assert len(determined) == 2  # one hint per blank cell, naming every rule that determines it
    assert {rule for f in determined for rule in f.params["rules"]} == {  # type: ignore[attr-defined]
        "requests-balance",
        "requests-outcome-total",
        "requests-applicant-total",
    }
    assert {(f.location.row, f.location.column, f.expected) for f in determined} == {
        (RequestRow.GRANTED, Applicant.TOTAL, 0),
        (RequestRow.NEW, Applicant.OTHER, 0),
    }
    assert not validation.valid


def _legal_persons_blank(seed: AnnualReport) -> AnnualReport:
    """The seed with all five 法人或其他组织 columns of table 三 left blank, as the real r002 leaves them."""
    legal = [a for a in Applicant if a.is_legal_person]
    cells = {(row.key, column): None for row in seed.requests.spec.rows for column in legal}
    return attrs.evolve(seed, requests=seed.requests.replace(cells))


def test_blank_cells_are_one_finding_per_table_listing_them(seed: AnnualReport) -> None:
    validation = validate(_legal_persons_blank(seed))
    (totals,) = validation.filter(code="blank-total").findings
    (details,) = validation.filter(code="blank-cell").findings
    assert (totals.params["count"], details.params["count"]) == (5, 120)
    assert len(details.cells) == 120 and len(details.params["blanks"]) == 120
    assert totals.location == details.location == Location(section=Section.REQUESTS, table=TableKind.REQUESTS)
    # Consecutive rows blank in the same columns are named once, as a run.
    assert "“一、本年新收政府信息公开申请数量”至“3.其他”（23行）的“商业企业”" in details.message_zh
    assert details.message_en.startswith("120 cell(s) of table 三 are blank")
    assert "“（七）总计”的“商业企业”、“科研机构”" in totals.message_zh


def test_a_rule_not_checked_is_one_finding_listing_its_places(seed: AnnualReport) -> None:
    validation = validate(_legal_persons_blank(seed))
    found = validation.filter(code="not-checked").findings
    assert [f.params["rule"] for f in found] == [
        "requests-balance",
        "requests-outcome-total",
        "requests-applicant-total",
    ]
    balance, _, applicants = found
    assert balance.params["places"] == ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
    assert balance.params["count"] == 5 and "有5处涉及空白单元格" in balance.message_zh
    assert applicants.params["count"] == 25  # every row of table 三
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请；" in applicants.message_zh
    # pick and skip still go by the rule a not-checked finding is about.
    assert len(validate(_legal_persons_blank(seed), pick={"requests-balance"}).findings) == 1


def test_one_place_not_checked_is_located_there(seed: AnnualReport) -> None:
    review = seed.review_litigation.replace(
        {
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): None,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.CORRECTED): None,
        }
    )
    (found,) = validate(attrs.evolve(seed, review_litigation=review)).filter(code="not-checked").findings
    assert found.params["count"] == 1
    assert (found.location.row, found.location.column) == (
        ReviewRow.ADMINISTRATIVE_REVIEW,
        ReviewColumn.TOTAL,
    )


def test_sub_rows_a_document_did_not_print_are_no_findings(seed: AnnualReport) -> None:
    # A 2021 table 三 printed with the 2019 layout's single row （六）其他处理 (the real r015 and r016).
    from disclosure_report import from_text, render_text

    text = render_text(seed)
    start, end = text.index("（六）其他处理\n"), text.index("（七）总计")
    result = from_text(text[:start] + "（六）其他处理\t0\t0\t0\t0\t0\t0\t0\n" + text[end:])
    assert "read-group-one-row" in {f.code for f in result.findings}
    validation = result.validate()
    sub_rows = {RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER}
    assert not [f for f in validation if {row for _, row, _ in f.cells} & sub_rows]
    assert not validation.filter(code={"blank-cell", "blank-total", "not-checked"})
    assert validation.valid
    # The report alone does not know the rows were not printed: its blanks are reported.
    assert validate(result.report).filter(code="blank-total")


SHARED_SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
needs_samples = pytest.mark.skipif(
    not SHARED_SAMPLES.is_dir() and not os.environ.get("CI"),
    reason="the real PDFs are read from ../shared/samples (beside the checkout in CI)",
)


@needs_samples
@pytest.mark.parametrize("name", ["r015.pdf", "r016.pdf"])
def test_real_reports_printing_one_other_processing_row_get_nothing_about_its_sub_rows(name: str) -> None:
    # Before: 3 blank-total errors, 18 blank-cell warnings and 3 not-checked per file, all false.
    pytest.importorskip("pdfplumber")
    from disclosure_report import read_pdf

    validation = read_pdf(SHARED_SAMPLES / name).validate()
    sub_rows = {RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER}
    assert not [f for f in validation if f.location.row in sub_rows or {r for _, r, _ in f.cells} & sub_rows]
    assert not validation.filter(code={"blank-cell", "blank-total", "not-checked"})


# --- each arithmetic rule, at its exact place ---------------------------------------------------------


def test_requests_balance_names_the_column(seed: AnnualReport) -> None:
    requests = seed.requests.replace(
        {(RequestRow.NEW, Applicant.NATURAL_PERSON): 3, (RequestRow.NEW, Applicant.TOTAL): 3}
    )
    validation = validate(attrs.evolve(seed, requests=requests))
    balance = validation.filter(code="requests-balance").findings
    assert [(f.location.column, f.expected, f.actual) for f in balance] == [
        (Applicant.NATURAL_PERSON, 3, 0),
        (Applicant.TOTAL, 3, 0),
    ]
    assert (
        balance[0].message_zh == "自然人列：第一项加第二项之和为3，第三项（七）总计加第四项之和为0，不相等。"
    )
    assert balance[0].location.section is Section.REQUESTS
    assert (TableKind.REQUESTS, RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON) in balance[0].cells


def test_every_row_total_of_table_three_is_checked(seed: AnnualReport) -> None:
    for row in seed.requests.spec.rows:
        requests = seed.requests.replace({(row.key, Applicant.RESEARCH_INSTITUTION): 2})
        found = validate(attrs.evolve(seed, requests=requests)).filter(code="requests-applicant-total")
        assert [(f.location.row, f.expected, f.actual) for f in found] == [(row.key, 2, 0)], row.label


def test_outcome_total_counts_every_outcome_row(seed: AnnualReport) -> None:
    for row in seed.requests.spec.row_sums[RequestRow.TOTAL]:
        requests = seed.requests.replace({(row, Applicant.OTHER): 1, (row, Applicant.TOTAL): 1})
        found = validate(attrs.evolve(seed, requests=requests)).filter(code="requests-outcome-total")
        assert {(f.location.column, f.expected, f.actual) for f in found} == {
            (Applicant.OTHER, 1, 0),
            (Applicant.TOTAL, 1, 0),
        }


def test_review_total_per_group(seed: AnnualReport) -> None:
    table = seed.review_litigation.replace({(ReviewRow.LITIGATION_AFTER_REVIEW, ReviewColumn.CORRECTED): 2})
    found = validate(attrs.evolve(seed, review_litigation=table)).filter(code="review-total").findings
    assert [(f.location.row, f.expected, f.actual) for f in found] == [
        (ReviewRow.LITIGATION_AFTER_REVIEW, 2, 0)
    ]
    assert found[0].message_zh == "“复议后起诉”：总计填报0，各项结果之和为2。"


def test_amount_precision(seed: AnnualReport) -> None:
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    fine = attrs.evolve(seed, active_disclosure=seed.active_disclosure.replace({key: Decimal("1.2345")}))
    assert not validate(fine).filter(code="amount-precision")
    precise = attrs.evolve(seed, active_disclosure=seed.active_disclosure.replace({key: Decimal("1.23456")}))
    assert validate(precise).filter(code="amount-precision").findings[0].actual == Decimal("1.23456")
    padded = attrs.evolve(seed, active_disclosure=seed.active_disclosure.replace({key: Decimal("1.200000")}))
    assert not validate(padded).filter(code="amount-precision")


# --- structure and metadata ----------------------------------------------------------------------------


def _as_2019(report: AnnualReport, year: int) -> AnnualReport:
    return attrs.evolve(
        report,
        metadata=attrs.evolve(report.metadata, version=V2019, year=year),
        active_disclosure=DisclosureTable.build(version=V2019),
        requests=RequestTable.build(version=V2019),
        review_litigation=ReviewTable.build(version=V2019),
    )


def test_template_version_fits_the_year(seed: AnnualReport) -> None:
    assert (
        validate(_as_2019(seed, 2022)).filter(code="template-outdated").findings[0].severity is Severity.ERROR
    )
    assert not validate(_as_2019(seed, 2020)).filter(code={"template-outdated", "template-premature"})
    premature = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, year=2020))
    assert validate(premature).codes() >= {"template-premature"}


def test_sections_and_headings(seed: AnnualReport) -> None:
    report = attrs.evolve(
        seed,
        overview=None,
        problems="无",
        headings={
            Section.PROBLEMS: "五、政府信息公开工作存在的主要问题及改进情况",
            Section.OTHER_MATTERS: "六、其他",
        },
    )
    validation = validate(report)
    assert [f.location.section for f in validation.filter(code="section-missing")] == [Section.OVERVIEW]
    assert validation.filter(code="heading-variant").findings[0].location.section is Section.PROBLEMS
    assert validation.filter(code="heading-nonstandard").findings[0].actual == "六、其他"
    assert validation.filter(code="problems-too-short").findings[0].actual == 1


def test_metadata_rules(seed: AnnualReport) -> None:
    info = attrs.evolve(
        seed.metadata,
        agency=" ",
        title="应急中心2023年政府信息公开工作报告",
        published=datetime.date(2024, 4, 1),
    )
    found = validate(attrs.evolve(seed, metadata=info))
    assert {"agency-missing", "title-not-annual-report", "published-late"} <= found.codes()
    on_time = attrs.evolve(seed.metadata, published=datetime.date(2024, 3, 31))
    assert "published-late" not in validate(attrs.evolve(seed, metadata=on_time)).codes()


# --- text against tables --------------------------------------------------------------------------------


def test_the_seed_text_agrees_with_its_tables_until_a_table_changes(seed: AnnualReport) -> None:
    assert not validate(seed).filter(code="text-contradicts-table")
    new = {(RequestRow.NEW, Applicant.NATURAL_PERSON): 2, (RequestRow.NEW, Applicant.TOTAL): 2}
    changed = attrs.evolve(seed, requests=seed.requests.replace(new))
    found = validate(changed).filter(code="text-contradicts-table").findings
    assert len(found) == 1
    assert found[0].evidence is not None and "未收到政府信息公开和行政复议申请" in found[0].evidence
    assert (found[0].expected, found[0].actual) == (0, 2)
    assert found[0].location.section is Section.OVERVIEW
    assert f"“{found[0].evidence}”" in found[0].message_zh
    assert f"“{found[0].evidence}”" in found[0].message_en


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        # Full-width digits are read, and quoted as written.
        ("前言。本年度共收到政府信息公开申请２５件。", "本年度共收到政府信息公开申请２５件"),
        ("前言！本年度共收到政府信息公开申请２５件；其他。", "本年度共收到政府信息公开申请２５件"),
        ("本年度共收到政府信息公开申请　二十五　件", "本年度共收到政府信息公开申请　二十五　件"),
    ],
)
def test_evidence_is_the_sentence_as_written(seed: AnnualReport, text: str, evidence: str) -> None:
    new = {(RequestRow.NEW, Applicant.NATURAL_PERSON): 26, (RequestRow.NEW, Applicant.TOTAL): 26}
    report = attrs.evolve(seed, overview=text, requests=seed.requests.replace(new))
    (found,) = validate(report).filter(code="text-contradicts-table").findings
    assert found.evidence == evidence
    assert (found.expected, found.actual) == (25, 26)


@pytest.mark.parametrize(
    ("table_change", "fragment"),
    [
        ({(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL): 1}, "行政复议"),
        ({(ReviewRow.LITIGATION_DIRECT, ReviewColumn.TOTAL): 1}, "行政诉讼"),
    ],
)
def test_none_statements_about_review_and_litigation(
    seed: AnnualReport, table_change: dict, fragment: str
) -> None:  # type: ignore[type-arg]
    changed = attrs.evolve(seed, review_litigation=seed.review_litigation.replace(table_change))
    found = validate(changed).filter(code="text-contradicts-table").findings
    assert found and all(fragment in (f.evidence or "") for f in found)


def test_none_statements_about_documents_and_fees(seed: AnnualReport) -> None:
    table = seed.active_disclosure.replace(
        {
            (DisclosureRow.NORMATIVE_DOCUMENTS, DisclosureColumn.ISSUED): 1,
            (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT): Decimal("0.5"),
        }
    )
    found = (
        validate(attrs.evolve(seed, active_disclosure=table)).filter(code="text-contradicts-table").findings
    )
    assert {f.evidence for f in found} == {next(s for s in seed.overview.split("。") if "未制定" in s)} | {  # type: ignore[union-attr]
        next(s for s in seed.overview.split("。") if "行政事业性收费" in s)  # type: ignore[union-attr]
    }


@pytest.mark.parametrize(
    ("text", "contradiction"),
    [
        ("本年度共收到依申请信息公开26件。", False),
        ("本年度共收到政府信息公开申请２６件，全部按时办结。", False),
        ("本年度共收到政府信息公开申请25件。", True),
        ("本年度共收到政府信息公开申请二十六件。", False),
        ("本年度共收到政府信息公开申请二十七件。", True),
        ("全年办结26件。", False),
        ("全年办结30件。", True),
        ("收到行政复议申请2件。", True),  # about table 四, which counts no review
        ("收到行政复议申请0件。", False),  # not about requests: table 三 counts 26
        ("未来将继续做好行政复议工作。", False),  # 未来 is not a negation
        ("本年度共收到申请26件，上年结转0件，共办理26件。", False),
        ("本年度共收到申请26件，上年结转4件，共办理30件。", True),  # the table carries none over
        ("尚未办结3件。", False),  # what is still open is not what was processed
    ],
)
def test_numbers_in_text_are_read_in_context(seed: AnnualReport, text: str, contradiction: bool) -> None:
    new = {(RequestRow.NEW, Applicant.NATURAL_PERSON): 26, (RequestRow.NEW, Applicant.TOTAL): 26}
    processed = {(RequestRow.GRANTED, a): 26 for a in (Applicant.NATURAL_PERSON, Applicant.TOTAL)}
    totals = {(RequestRow.TOTAL, a): 26 for a in (Applicant.NATURAL_PERSON, Applicant.TOTAL)}
    report = attrs.evolve(seed, overview=text, requests=seed.requests.replace({**new, **processed, **totals}))
    assert validate(report).valid
    found = validate(report).filter(code="text-contradicts-table")
    assert bool(found) is contradiction, found.findings


def test_every_number_is_considered_not_only_the_first(seed: AnnualReport) -> None:
    text = "本年度收到政府信息公开申请0件；另有说明称收到政府信息公开申请3件。"
    found = validate(attrs.evolve(seed, overview=text)).filter(code="text-contradicts-table").findings
    assert [f.expected for f in found] == [3]


# --- year over year ---------------------------------------------------------------------------------------


def test_carried_over_against_last_year(seed: AnnualReport) -> None:
    last_year = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, year=2022),
        requests=seed.requests.replace({(RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 4}),
    )
    found = validate(seed, previous=last_year).filter(code="carried-over-mismatch").findings
    assert [(f.location.column, f.expected, f.actual) for f in found] == [(Applicant.NATURAL_PERSON, 4, 0)]
    assert found[0].severity is Severity.WARNING
    assert not validate(seed, previous=attrs.evolve(last_year, requests=seed.requests)).warnings


def test_in_force_roll_forward(seed: AnnualReport) -> None:
    key = (DisclosureRow.REGULATIONS, DisclosureColumn.IN_FORCE)
    last_year = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, year=2022),
        active_disclosure=seed.active_disclosure.replace({key: 6}),
    )
    found = validate(seed, previous=last_year).filter(code="in-force-roll-forward").findings
    assert [(f.location.row, f.expected, f.actual) for f in found] == [(DisclosureRow.REGULATIONS, 6, 0)]
    rolled = attrs.evolve(seed, active_disclosure=seed.active_disclosure.replace({key: 6}))
    assert not validate(rolled, previous=last_year).filter(code="in-force-roll-forward")


def test_previous_must_be_the_year_before(seed: AnnualReport) -> None:
    with pytest.raises(ValueError, match="year before 2023 is 2022"):
        validate(seed, previous=seed)
    with pytest.raises(TypeError):
        validate(seed.requests)  # type: ignore[arg-type]


# --- the result -------------------------------------------------------------------------------------------


def test_result_filters_flattens_and_raises(seed: AnnualReport) -> None:
    requests = seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1})
    validation = validate(attrs.evolve(seed, requests=requests, problems=""))
    assert not validation.valid
    assert [f.severity for f in validation] == sorted((f.severity for f in validation), key=lambda s: s.rank)
    assert validation.filter(severity=Severity.WARNING).findings == validation.warnings
    with pytest.raises(KeyError, match="no rule 'requests-balanse'"):
        validation.filter(code="requests-balanse")
    rows = validation.rows()
    assert len(rows) == len(validation) and all(list(row) == list(FLAT_COLUMNS) for row in rows)
    assert rows[0]["table"] == "requests" and rows[0]["severity"] == "error"
    with pytest.raises(ReportErrorsFound) as raised:
        validation.raise_for_errors()
    assert isinstance(raised.value, AssertionError)
    assert len(raised.value.findings) == len(validation.errors)
    assert "requests-outcome-total" in str(raised.value)
    assert "requests-applicant-total" in str(raised.value)


# --- an empty form ----------------------------------------------------------------------------------------


def test_an_unfilled_template_is_one_finding_not_hundreds() -> None:
    from disclosure_report import from_xlsx, render_template

    found = from_xlsx(render_template(agency="某县人民政府", year=2024)).validate()
    table_findings = [
        f for f in found.findings if f.code not in ("problems-too-short", "fee-statement-missing")
    ]
    assert [f.code for f in table_findings] == ["form-empty"]
    assert table_findings[0].params["count"] == 166  # the cells to fill: 10 + 140 + 12 + 4 of tables 二 to 四
    assert "166个填报单元格" in table_findings[0].message_zh
    assert not found.valid


def test_one_figure_makes_the_form_no_longer_empty(seed: AnnualReport) -> None:
    tables = [type(t).build(version=t.version, default=None) for t in seed.tables()]
    empty = AnnualReport.from_tables(seed.metadata, tables)
    assert "form-empty" in validate(empty).codes() and "blank-cell" not in validate(empty).codes()
    one = attrs.evolve(
        empty, requests=empty.requests.replace({(RequestRow.NEW, Applicant.NATURAL_PERSON): 0})
    )
    codes = validate(one).codes()
    assert "form-empty" not in codes and "blank-cell" in codes


# --- one language for people ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "C"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "fr_FR.UTF-8"}, "zh"),  # neither: the language of the form
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LANGUAGE": "en:zh_CN", "LC_ALL": "zh_CN.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "en_US"}, "en"),  # an empty variable is not set
    ],
)
def test_the_default_language_follows_the_locale(environment: dict[str, str], expected: str) -> None:
    from disclosure_report import default_language

    assert default_language(environment) == expected


def test_rows_in_one_language(seed: AnnualReport) -> None:
    from disclosure_report import flat_columns

    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    validation = validate(wrong)
    both = validation.rows()
    assert tuple(both[0]) == FLAT_COLUMNS
    for lang, key in (("zh", "message_zh"), ("en", "message_en")):
        rows = validation.rows(lang=lang)  # type: ignore[arg-type]
        assert (
            tuple(rows[0])
            == flat_columns(lang)
            == tuple(  # type: ignore[arg-type]
                "message" if k == "message_zh" else k for k in FLAT_COLUMNS if k != "message_en"
            )
        )
        assert [r["message"] for r in rows] == [r[key] for r in both]
        assert [{k: v for k, v in r.items() if k != "message"} for r in rows] == [
            {k: v for k, v in r.items() if k not in ("message_zh", "message_en")} for r in both
        ]
    finding = validation.findings[0]
    assert finding.message_for("zh") == finding.message_zh and finding.message_for("en") == finding.message_en
    assert [s.label("zh") for s in Severity] == ["错误", "警告", "提示"]
    assert [s.label("en") for s in Severity] == ["error", "warning", "info"]
    assert Location().describe("zh") == "报告" and Location().describe("en") == "report" == str(Location())
