"""The form: one source of truth for labels, keys and layouts of both template versions."""

from __future__ import annotations

import re

import pytest

from disclosure_report import (
    Applicant,
    CellKind,
    DisclosureColumn,
    DisclosureRow,
    FormKey,
    Outcome,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Section,
    TableKind,
    TemplateVersion,
    table_spec,
)
from disclosure_report._form import REQUESTS_NOTE

from .conftest import DATA

V2019, V2021 = TemplateVersion.V2019, TemplateVersion.V2021


@pytest.mark.parametrize(
    ("kind", "version", "rows", "cells"),
    [
        # Sizes printed in the format: 10 and 22 cells in table 二, 25 x 7 and 23 x 7 in table 三, 15 in 四.
        (TableKind.ACTIVE_DISCLOSURE, V2021, 6, 10),
        (TableKind.ACTIVE_DISCLOSURE, V2019, 8, 22),
        (TableKind.REQUESTS, V2021, 25, 175),
        (TableKind.REQUESTS, V2019, 23, 161),
        (TableKind.REVIEW_LITIGATION, V2021, 3, 15),
        (TableKind.REVIEW_LITIGATION, V2019, 3, 15),
    ],
)
def test_table_sizes(kind: TableKind, version: TemplateVersion, rows: int, cells: int) -> None:
    spec = table_spec(kind, version)
    assert (len(spec.rows), spec.size) == (rows, cells)
    assert len(spec.index) == cells


def test_every_member_has_a_label_and_a_unique_key() -> None:
    for enum_class in FormKey.__subclasses__():
        keys = [member.key for member in enum_class]
        assert len(keys) == len(set(keys)), enum_class
        for member in enum_class:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", member.key)
            assert member.label.strip() == member.label != ""


def test_seed_report_labels_are_the_form_labels() -> None:
    # The seed report is a real 2021-format report: every table 三 label appears in it, once brackets and
    # spaces are normalised the way its copy mangled them.
    text = (DATA / "seed-2023-emergency-center.txt").read_text(encoding="utf-8")
    normalised = text.replace("(", "（").replace(")", "）").replace(" ", "")
    for row in table_spec(TableKind.REQUESTS, V2021).rows:
        if row.key is not RequestRow.GRANTED and row.key is not RequestRow.PARTIALLY_GRANTED:
            assert row.label in normalised, row.label
    for member in [*Applicant, *ReviewColumn]:
        # The seed's copy split some headers over two words: 结果 维持.
        assert member.label in text.replace("结果 ", "结果").replace("其他 ", "其他").replace("尚未 ", "尚未")
    for row, column in table_spec(TableKind.ACTIVE_DISCLOSURE, V2021).cells:
        assert row.label in text
        assert column.label in text
    for section in Section:
        assert section.label in text
    assert REQUESTS_NOTE[1:-1] in normalised


def test_labels_that_changed_between_versions() -> None:
    assert (
        table_spec(TableKind.ACTIVE_DISCLOSURE, V2021).row(DisclosureRow.NORMATIVE_DOCUMENTS).label
        == "行政规范性文件"
    )
    assert (
        table_spec(TableKind.ACTIVE_DISCLOSURE, V2019).row(DisclosureRow.NORMATIVE_DOCUMENTS).label
        == "规范性文件"
    )
    with pytest.raises(KeyError):
        table_spec(TableKind.ACTIVE_DISCLOSURE, V2021).row(DisclosureRow.PROCUREMENT)
    rows_2019 = set(table_spec(TableKind.REQUESTS, V2019).row_keys())
    rows_2021 = set(table_spec(TableKind.REQUESTS, V2021).row_keys())
    assert rows_2021 - rows_2019 == {
        RequestRow.OTHER_NOT_CORRECTED,
        RequestRow.OTHER_FEE_UNPAID,
        RequestRow.OTHER_OTHER,
    }
    assert rows_2019 - rows_2021 == {RequestRow.OTHER_PROCESSING}


def test_cell_kinds() -> None:
    kinds_2021 = {
        column.key: column.kind for _, column in table_spec(TableKind.ACTIVE_DISCLOSURE, V2021).cells
    }
    assert kinds_2021[DisclosureColumn.FEE_AMOUNT] is CellKind.MONEY
    assert sum(kind is CellKind.COUNT for kind in kinds_2021.values()) == 4
    kinds_2019 = {
        column.key: column.kind for _, column in table_spec(TableKind.ACTIVE_DISCLOSURE, V2019).cells
    }
    assert kinds_2019[DisclosureColumn.CHANGE] is CellKind.SIGNED_COUNT
    assert kinds_2019[DisclosureColumn.PROCUREMENT_AMOUNT] is CellKind.MONEY
    for version in TemplateVersion:
        for kind in (TableKind.REQUESTS, TableKind.REVIEW_LITIGATION):
            assert {c.kind for _, c in table_spec(kind, version).cells} == {CellKind.COUNT}


def test_outcome_taxonomy() -> None:
    sub_reasons = {outcome: [r for r in RequestRow if r.outcome is outcome] for outcome in Outcome}
    counts_2021 = {
        o: len([r for r in rows if r is not RequestRow.OTHER_PROCESSING]) for o, rows in sub_reasons.items()
    }
    assert counts_2021 == {
        Outcome.GRANTED: 1,
        Outcome.PARTIALLY_GRANTED: 1,
        Outcome.WITHHELD: 8,
        Outcome.UNAVAILABLE: 3,
        Outcome.NOT_PROCESSED: 5,
        Outcome.OTHER_PROCESSING: 3,
    }
    assert [o.short_label for o in Outcome] == [
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    ]
    # 21 outcome rows are summed into （七）总计 in 2021; 19 in the trial template.
    assert len(table_spec(TableKind.REQUESTS, V2021).row_sums[RequestRow.TOTAL]) == 21
    assert len(table_spec(TableKind.REQUESTS, V2019).row_sums[RequestRow.TOTAL]) == 19
    assert not RequestRow.TOTAL.is_outcome
    assert not RequestRow.CARRIED_FORWARD.is_outcome


def test_applicant_and_review_groups() -> None:
    assert [a for a in Applicant if a.is_legal_person] == [
        Applicant.COMMERCIAL_ENTERPRISE,
        Applicant.RESEARCH_INSTITUTION,
        Applicant.SOCIAL_WELFARE_ORGANIZATION,
        Applicant.LEGAL_SERVICE_INSTITUTION,
        Applicant.OTHER,
    ]
    assert [r.is_litigation for r in ReviewRow] == [False, True, True]
    assert [s.number for s in Section] == [1, 2, 3, 4, 5, 6]
    assert TableKind.REQUESTS.section is Section.REQUESTS
    assert V2021.document == "国办公开办函〔2021〕30号"
    assert repr(Applicant.TOTAL) == "Applicant.TOTAL"


@pytest.mark.parametrize("version", list(TemplateVersion))
@pytest.mark.parametrize("kind", list(TableKind))
def test_the_cells_to_fill_are_the_cells_that_are_not_totals(
    kind: TableKind, version: TemplateVersion
) -> None:
    spec = table_spec(kind, version)
    expected = tuple(i for i, (r, c) in enumerate(spec.cells) if spec.parts(r.key, c.key) is None)
    assert spec.inputs == expected
    assert all(not spec.is_total(spec.cells[i][0].key, spec.cells[i][1].key) for i in spec.inputs)
