"""The national form: every section, table, row, column and label, for both template versions.

This module is the single source of truth for the form (格式). Every official label appears here exactly
once, character for character; the model, the rules, the writers, the readers and the documentation all
read from it. Sources and confidence are in ``shared/spec/format.md`` of the project.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Final

import attrs

__all__ = [
    "DISCLOSURE_TABLES",
    "REQUEST_TABLES",
    "REVIEW_TABLE",
    "Applicant",
    "ArticleItem",
    "CellKind",
    "ColumnSpec",
    "DisclosureColumn",
    "DisclosureRow",
    "FormKey",
    "Outcome",
    "RequestRow",
    "ReviewColumn",
    "ReviewRow",
    "RowSpec",
    "Section",
    "TableKind",
    "TableSpec",
    "TemplateVersion",
    "table_spec",
]


class TemplateVersion(enum.Enum):
    """The version of the national template a report follows.

    ``V2019`` is the trial format (《中华人民共和国政府信息公开工作年度报告格式（试行）》,
    国办公开办函〔2019〕60号), used for the 2019 and 2020 reports. ``V2021`` is the revised format of
    国办公开办函〔2021〕30号, which applies from the 2021 reporting year.
    """

    V2019 = "2019"
    V2021 = "2021"

    @property
    def document(self) -> str:
        """The document that issued this version of the format."""
        return _VERSION_DOCUMENTS[self]

    @property
    def first_year(self) -> int:
        """The first reporting year this version applies to."""
        return 2019 if self is TemplateVersion.V2019 else 2021

    # As for FormKey: members are singletons; the identity hash is computed in C (tables and their
    # layouts are looked up by version all the time).
    __hash__ = object.__hash__


_VERSION_DOCUMENTS: Final = {
    TemplateVersion.V2019: "国办公开办函〔2019〕60号",
    TemplateVersion.V2021: "国办公开办函〔2021〕30号",
}


class FormKey(enum.Enum):
    """Base of every enumeration of the form: the value is a stable snake_case key, the label is official.

    The key is what JSON, the tidy export and finding locations use; it never changes. The label is the
    exact text printed in the form (for rows and columns whose label changed between versions, the label in
    the newest version that has the member; see :meth:`TableSpec.row` for a version's own label).
    """

    @property
    def key(self) -> str:
        """The stable snake_case key."""
        value: str = self.value
        return value

    @property
    def label(self) -> str:
        """The exact official label."""
        return _LABELS[self]

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self.name}"

    # Members are singletons compared by identity; the identity hash is computed in C, Enum's own in
    # Python, and cell lookups keyed by (row, column) are the readers' and validation's hot path.
    __hash__ = object.__hash__


class Section(FormKey):
    """The six sections of the report (Art. 50 of the regulation), in order."""

    OVERVIEW = "overview"
    ACTIVE_DISCLOSURE = "active_disclosure"
    REQUESTS = "requests"
    REVIEW_LITIGATION = "review_litigation"
    PROBLEMS = "problems"
    OTHER_MATTERS = "other_matters"

    @property
    def number(self) -> int:
        """The section's position, 1 to 6."""
        return list(Section).index(self) + 1

    @property
    def heading_variants(self) -> tuple[str, ...]:
        """Other headings seen in real reports for this section (tolerated, reported as info)."""
        return _HEADING_VARIANTS.get(self, ())


class TableKind(FormKey):
    """The three statistical tables, named by the section that holds them."""

    ACTIVE_DISCLOSURE = "active_disclosure"
    REQUESTS = "requests"
    REVIEW_LITIGATION = "review_litigation"

    @property
    def section(self) -> Section:
        """The section this table makes up."""
        return Section(self.value)


class CellKind(enum.Enum):
    """What a data cell may hold."""

    COUNT = "count"
    """A non-negative whole number."""
    SIGNED_COUNT = "signed_count"
    """A whole number that may be negative (the 2019 template's 本年增/减)."""
    MONEY = "money"
    """A non-negative :class:`decimal.Decimal` amount (万元 in the 2021 template)."""


# --- Table 二: 主动公开政府信息情况 --------------------------------------------------------------------


class ArticleItem(FormKey):
    """The items of Art. 20 of the regulation that caption the groups of table 二."""

    ITEM_1 = "item_1"
    ITEM_5 = "item_5"
    ITEM_6 = "item_6"
    ITEM_8 = "item_8"
    ITEM_9 = "item_9"


class DisclosureRow(FormKey):
    """Rows of table 二 (主动公开政府信息情况), across both versions."""

    REGULATIONS = "regulations"
    NORMATIVE_DOCUMENTS = "normative_documents"
    LICENSING = "licensing"
    OTHER_SERVICES = "other_services"
    PENALTY = "penalty"
    COERCION = "coercion"
    FEES = "fees"
    PROCUREMENT = "procurement"


class DisclosureColumn(FormKey):
    """Columns of table 二, across both versions (the two versions share none)."""

    # 2021
    ISSUED = "issued"
    REPEALED = "repealed"
    IN_FORCE = "in_force"
    DECIDED = "decided"
    FEE_AMOUNT = "fee_amount"
    # 2019 trial
    NEWLY_MADE = "newly_made"
    NEWLY_PUBLISHED = "newly_published"
    TOTAL_PUBLISHED = "total_published"
    PREVIOUS_ITEMS = "previous_items"
    CHANGE = "change"
    DECISIONS = "decisions"
    PROCUREMENT_ITEMS = "procurement_items"
    PROCUREMENT_AMOUNT = "procurement_amount"


# --- Table 三: 收到和处理政府信息公开申请情况 ----------------------------------------------------------


class Outcome(FormKey):
    """The outcome categories under 三、本年度办理结果."""

    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD = "withheld"
    UNAVAILABLE = "unavailable"
    NOT_PROCESSED = "not_processed"
    OTHER_PROCESSING = "other_processing"

    @property
    def short_label(self) -> str:
        """The category name without its ordinal, e.g. ``不予公开``."""
        return _OUTCOME_SHORT[self]


class RequestRow(FormKey):
    """Rows of table 三, across both versions, in form order."""

    NEW = "new"
    CARRIED_OVER = "carried_over"
    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    WITHHELD_STATE_SECRET = "withheld_state_secret"
    WITHHELD_PROHIBITED_BY_LAW = "withheld_prohibited_by_law"
    WITHHELD_SECURITY_STABILITY = "withheld_security_stability"
    WITHHELD_THIRD_PARTY = "withheld_third_party"
    WITHHELD_INTERNAL_AFFAIRS = "withheld_internal_affairs"
    WITHHELD_PROCESS_INFORMATION = "withheld_process_information"
    WITHHELD_ENFORCEMENT_FILE = "withheld_enforcement_file"
    WITHHELD_QUERY_MATTER = "withheld_query_matter"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation"
    UNAVAILABLE_STILL_UNCLEAR = "unavailable_still_unclear"
    NOT_PROCESSED_PETITION = "not_processed_petition"
    NOT_PROCESSED_REPEATED = "not_processed_repeated"
    NOT_PROCESSED_PUBLICATION = "not_processed_publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed_excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed_confirmation"
    OTHER_NOT_CORRECTED = "other_not_corrected"
    OTHER_FEE_UNPAID = "other_fee_unpaid"
    OTHER_OTHER = "other_other"
    OTHER_PROCESSING = "other_processing"
    """2019 trial template only: （六）其他处理 as a single row."""
    TOTAL = "total"
    CARRIED_FORWARD = "carried_forward"

    @property
    def outcome(self) -> Outcome | None:
        """The outcome category this row counts, or ``None`` for the non-outcome rows."""
        return _ROW_OUTCOMES.get(self)

    @property
    def is_outcome(self) -> bool:
        """Whether the row is one of the outcome rows summed into （七）总计."""
        return self in _ROW_OUTCOMES


class Applicant(FormKey):
    """Columns of table 三: the applicant types, then the stated 总计."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise"
    RESEARCH_INSTITUTION = "research_institution"
    SOCIAL_WELFARE_ORGANIZATION = "social_welfare_organization"
    LEGAL_SERVICE_INSTITUTION = "legal_service_institution"
    OTHER = "other"
    TOTAL = "total"

    @property
    def is_legal_person(self) -> bool:
        """Whether the column sits under 法人或其他组织."""
        return self not in (Applicant.NATURAL_PERSON, Applicant.TOTAL)


# --- Table 四: 政府信息公开行政复议、行政诉讼情况 -------------------------------------------------------


class ReviewRow(FormKey):
    """The three groups of table 四, stored as its rows: review, then the two kinds of litigation."""

    ADMINISTRATIVE_REVIEW = "administrative_review"
    LITIGATION_DIRECT = "litigation_direct"
    LITIGATION_AFTER_REVIEW = "litigation_after_review"

    @property
    def is_litigation(self) -> bool:
        """Whether the group sits under 行政诉讼."""
        return self is not ReviewRow.ADMINISTRATIVE_REVIEW


class ReviewColumn(FormKey):
    """The five columns of every group of table 四."""

    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"
    PENDING = "pending"
    TOTAL = "total"


_LABELS: Final[Mapping[FormKey, str]] = {
    Section.OVERVIEW: "一、总体情况",
    Section.ACTIVE_DISCLOSURE: "二、主动公开政府信息情况",
    Section.REQUESTS: "三、收到和处理政府信息公开申请情况",
    Section.REVIEW_LITIGATION: "四、政府信息公开行政复议、行政诉讼情况",
    Section.PROBLEMS: "五、存在的主要问题及改进情况",
    Section.OTHER_MATTERS: "六、其他需要报告的事项",
    TableKind.ACTIVE_DISCLOSURE: "主动公开政府信息情况",
    TableKind.REQUESTS: "收到和处理政府信息公开申请情况",
    TableKind.REVIEW_LITIGATION: "政府信息公开行政复议、行政诉讼情况",
    ArticleItem.ITEM_1: "第二十条第（一）项",
    ArticleItem.ITEM_5: "第二十条第（五）项",
    ArticleItem.ITEM_6: "第二十条第（六）项",
    ArticleItem.ITEM_8: "第二十条第（八）项",
    ArticleItem.ITEM_9: "第二十条第（九）项",
    DisclosureRow.REGULATIONS: "规章",
    DisclosureRow.NORMATIVE_DOCUMENTS: "行政规范性文件",
    DisclosureRow.LICENSING: "行政许可",
    DisclosureRow.OTHER_SERVICES: "其他对外管理服务事项",
    DisclosureRow.PENALTY: "行政处罚",
    DisclosureRow.COERCION: "行政强制",
    DisclosureRow.FEES: "行政事业性收费",
    DisclosureRow.PROCUREMENT: "政府集中采购",
    DisclosureColumn.ISSUED: "本年制发件数",
    DisclosureColumn.REPEALED: "本年废止件数",
    DisclosureColumn.IN_FORCE: "现行有效件数",
    DisclosureColumn.DECIDED: "本年处理决定数量",
    DisclosureColumn.FEE_AMOUNT: "本年收费金额（单位：万元）",
    DisclosureColumn.NEWLY_MADE: "本年新制作数量",
    DisclosureColumn.NEWLY_PUBLISHED: "本年新公开数量",
    DisclosureColumn.TOTAL_PUBLISHED: "对外公开总数量",
    DisclosureColumn.PREVIOUS_ITEMS: "上一年项目数量",
    DisclosureColumn.CHANGE: "本年增/减",
    DisclosureColumn.DECISIONS: "处理决定数量",
    DisclosureColumn.PROCUREMENT_ITEMS: "采购项目数量",
    DisclosureColumn.PROCUREMENT_AMOUNT: "采购总金额",
    Outcome.GRANTED: "（一）予以公开",
    Outcome.PARTIALLY_GRANTED: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    Outcome.WITHHELD: "（三）不予公开",
    Outcome.UNAVAILABLE: "（四）无法提供",
    Outcome.NOT_PROCESSED: "（五）不予处理",
    Outcome.OTHER_PROCESSING: "（六）其他处理",
    RequestRow.NEW: "一、本年新收政府信息公开申请数量",
    RequestRow.CARRIED_OVER: "二、上年结转政府信息公开申请数量",
    RequestRow.GRANTED: "（一）予以公开",
    RequestRow.PARTIALLY_GRANTED: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    RequestRow.WITHHELD_STATE_SECRET: "1.属于国家秘密",
    RequestRow.WITHHELD_PROHIBITED_BY_LAW: "2.其他法律行政法规禁止公开",
    RequestRow.WITHHELD_SECURITY_STABILITY: "3.危及“三安全一稳定”",
    RequestRow.WITHHELD_THIRD_PARTY: "4.保护第三方合法权益",
    RequestRow.WITHHELD_INTERNAL_AFFAIRS: "5.属于三类内部事务信息",
    RequestRow.WITHHELD_PROCESS_INFORMATION: "6.属于四类过程性信息",
    RequestRow.WITHHELD_ENFORCEMENT_FILE: "7.属于行政执法案卷",
    RequestRow.WITHHELD_QUERY_MATTER: "8.属于行政查询事项",
    RequestRow.UNAVAILABLE_NOT_HELD: "1.本机关不掌握相关政府信息",
    RequestRow.UNAVAILABLE_NEEDS_CREATION: "2.没有现成信息需要另行制作",
    RequestRow.UNAVAILABLE_STILL_UNCLEAR: "3.补正后申请内容仍不明确",
    RequestRow.NOT_PROCESSED_PETITION: "1.信访举报投诉类申请",
    RequestRow.NOT_PROCESSED_REPEATED: "2.重复申请",
    RequestRow.NOT_PROCESSED_PUBLICATION: "3.要求提供公开出版物",
    RequestRow.NOT_PROCESSED_EXCESSIVE: "4.无正当理由大量反复申请",
    RequestRow.NOT_PROCESSED_CONFIRMATION: "5.要求行政机关确认或重新出具已获取信息",
    RequestRow.OTHER_NOT_CORRECTED: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    RequestRow.OTHER_FEE_UNPAID: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    RequestRow.OTHER_OTHER: "3.其他",
    RequestRow.OTHER_PROCESSING: "（六）其他处理",
    RequestRow.TOTAL: "（七）总计",
    RequestRow.CARRIED_FORWARD: "四、结转下年度继续办理",
    Applicant.NATURAL_PERSON: "自然人",
    Applicant.COMMERCIAL_ENTERPRISE: "商业企业",
    Applicant.RESEARCH_INSTITUTION: "科研机构",
    Applicant.SOCIAL_WELFARE_ORGANIZATION: "社会公益组织",
    Applicant.LEGAL_SERVICE_INSTITUTION: "法律服务机构",
    Applicant.OTHER: "其他",
    Applicant.TOTAL: "总计",
    ReviewRow.ADMINISTRATIVE_REVIEW: "行政复议",
    ReviewRow.LITIGATION_DIRECT: "未经复议直接起诉",
    ReviewRow.LITIGATION_AFTER_REVIEW: "复议后起诉",
    ReviewColumn.UPHELD: "结果维持",
    ReviewColumn.CORRECTED: "结果纠正",
    ReviewColumn.OTHER: "其他结果",
    ReviewColumn.PENDING: "尚未审结",
    ReviewColumn.TOTAL: "总计",
}

_OUTCOME_SHORT: Final = {
    Outcome.GRANTED: "予以公开",
    Outcome.PARTIALLY_GRANTED: "部分公开",
    Outcome.WITHHELD: "不予公开",
    Outcome.UNAVAILABLE: "无法提供",
    Outcome.NOT_PROCESSED: "不予处理",
    Outcome.OTHER_PROCESSING: "其他处理",
}

_HEADING_VARIANTS: Final = {
    Section.PROBLEMS: ("五、政府信息公开工作存在的主要问题及改进情况",),
}

# Group and header texts printed in the tables that are not row or column labels.
REQUESTS_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
"""The note in table 三's top-left cell: the one accounting relation the form prints."""
REQUESTS_APPLICANTS_HEADER: Final = "申请人情况"
REQUESTS_LEGAL_PERSONS_HEADER: Final = "法人或其他组织"
REQUESTS_RESULTS_GROUP: Final = "三、本年度办理结果"
DISCLOSURE_FIRST_HEADER: Final = "信息内容"
REVIEW_LITIGATION_HEADER: Final = "行政诉讼"


def _outcome_rows() -> dict[RequestRow, Outcome]:
    rows = {RequestRow.GRANTED: Outcome.GRANTED, RequestRow.PARTIALLY_GRANTED: Outcome.PARTIALLY_GRANTED}
    categories = {
        Outcome.WITHHELD: "WITHHELD_",
        Outcome.UNAVAILABLE: "UNAVAILABLE_",
        Outcome.NOT_PROCESSED: "NOT_PROCESSED_",
        Outcome.OTHER_PROCESSING: "OTHER_",
    }
    for outcome, prefix in categories.items():
        rows.update({row: outcome for row in RequestRow if row.name.startswith(prefix)})
    return rows


# Sub-reason rows are named after their category (WITHHELD_STATE_SECRET under 不予公开, and so on).
_ROW_OUTCOMES: Final = _outcome_rows()


# --- Table layouts per version -----------------------------------------------------------------------


@attrs.frozen
class ColumnSpec:
    """A data column of a table row: its key, its label in this version, and what its cells hold."""

    key: FormKey
    label: str
    kind: CellKind = CellKind.COUNT


@attrs.frozen
class RowSpec:
    """A data row: its key, its label in this version, its group caption (if any) and its columns."""

    key: FormKey
    label: str
    columns: tuple[ColumnSpec, ...]
    group: FormKey | None = None


@attrs.frozen
class TableSpec:
    """The layout of one table in one template version.

    Cells are numbered row by row in form order; :attr:`index` maps ``(row, column)`` to that number, which
    is also the position of the cell's value in a table's ``values``.
    """

    kind: TableKind
    version: TemplateVersion | None
    rows: tuple[RowSpec, ...]
    row_sums: Mapping[FormKey, tuple[FormKey, ...]] = attrs.field(factory=dict)
    """Rows whose stated value is the sum of other rows, column by column (（七）总计)."""
    column_sums: Mapping[FormKey, tuple[FormKey, ...]] = attrs.field(factory=dict)
    """Columns whose stated value is the sum of other columns, row by row (总计)."""
    index: Mapping[tuple[FormKey, FormKey], int] = attrs.field(init=False, eq=False, repr=False)
    cells: tuple[tuple[RowSpec, ColumnSpec], ...] = attrs.field(init=False, eq=False, repr=False)
    kinds: tuple[CellKind, ...] = attrs.field(init=False, eq=False, repr=False)
    """The kind of every cell, in form order (what a hot loop reads instead of the specs)."""
    keys: tuple[tuple[str, tuple[str, ...]], ...] = attrs.field(init=False, eq=False, repr=False)
    """Every row's key and its columns' keys, as strings, in form order."""

    def __attrs_post_init__(self) -> None:
        cells = tuple((row, column) for row in self.rows for column in row.columns)
        object.__setattr__(self, "cells", cells)
        object.__setattr__(self, "index", {(r.key, c.key): i for i, (r, c) in enumerate(cells)})
        object.__setattr__(self, "kinds", tuple(column.kind for _, column in cells))
        keys = tuple((row.key.key, tuple(column.key.key for column in row.columns)) for row in self.rows)
        object.__setattr__(self, "keys", keys)

    @property
    def size(self) -> int:
        """The number of data cells."""
        return len(self.cells)

    def row(self, key: FormKey) -> RowSpec:
        """The row with this key; :class:`KeyError` if the table has no such row."""
        for row in self.rows:
            if row.key is key:
                return row
        raise KeyError(key)

    def row_keys(self) -> Iterator[FormKey]:
        """The row keys in form order."""
        return (row.key for row in self.rows)


def _columns(*keys: DisclosureColumn, kind: CellKind = CellKind.COUNT) -> tuple[ColumnSpec, ...]:
    return tuple(ColumnSpec(key, key.label, kind) for key in keys)


_DOCUMENT_COLUMNS_2021: Final = _columns(
    DisclosureColumn.ISSUED, DisclosureColumn.REPEALED, DisclosureColumn.IN_FORCE
)
_DECIDED_2021: Final = _columns(DisclosureColumn.DECIDED)

_DISCLOSURE_2021: Final = TableSpec(
    TableKind.ACTIVE_DISCLOSURE,
    TemplateVersion.V2021,
    (
        RowSpec(DisclosureRow.REGULATIONS, "规章", _DOCUMENT_COLUMNS_2021, ArticleItem.ITEM_1),
        RowSpec(
            DisclosureRow.NORMATIVE_DOCUMENTS, "行政规范性文件", _DOCUMENT_COLUMNS_2021, ArticleItem.ITEM_1
        ),
        RowSpec(DisclosureRow.LICENSING, "行政许可", _DECIDED_2021, ArticleItem.ITEM_5),
        RowSpec(DisclosureRow.PENALTY, "行政处罚", _DECIDED_2021, ArticleItem.ITEM_6),
        RowSpec(DisclosureRow.COERCION, "行政强制", _DECIDED_2021, ArticleItem.ITEM_6),
        RowSpec(
            DisclosureRow.FEES,
            "行政事业性收费",
            _columns(DisclosureColumn.FEE_AMOUNT, kind=CellKind.MONEY),
            ArticleItem.ITEM_8,
        ),
    ),
)

_DOCUMENT_COLUMNS_2019: Final = _columns(
    DisclosureColumn.NEWLY_MADE, DisclosureColumn.NEWLY_PUBLISHED, DisclosureColumn.TOTAL_PUBLISHED
)
_PREVIOUS_AND_CHANGE: Final = (
    ColumnSpec(DisclosureColumn.PREVIOUS_ITEMS, DisclosureColumn.PREVIOUS_ITEMS.label),
    ColumnSpec(DisclosureColumn.CHANGE, DisclosureColumn.CHANGE.label, CellKind.SIGNED_COUNT),
)
_ITEMS_2019: Final = (*_PREVIOUS_AND_CHANGE, *_columns(DisclosureColumn.DECISIONS))

_DISCLOSURE_2019: Final = TableSpec(
    TableKind.ACTIVE_DISCLOSURE,
    TemplateVersion.V2019,
    (
        RowSpec(DisclosureRow.REGULATIONS, "规章", _DOCUMENT_COLUMNS_2019, ArticleItem.ITEM_1),
        RowSpec(DisclosureRow.NORMATIVE_DOCUMENTS, "规范性文件", _DOCUMENT_COLUMNS_2019, ArticleItem.ITEM_1),
        RowSpec(DisclosureRow.LICENSING, "行政许可", _ITEMS_2019, ArticleItem.ITEM_5),
        RowSpec(DisclosureRow.OTHER_SERVICES, "其他对外管理服务事项", _ITEMS_2019, ArticleItem.ITEM_5),
        RowSpec(DisclosureRow.PENALTY, "行政处罚", _ITEMS_2019, ArticleItem.ITEM_6),
        RowSpec(DisclosureRow.COERCION, "行政强制", _ITEMS_2019, ArticleItem.ITEM_6),
        RowSpec(DisclosureRow.FEES, "行政事业性收费", _PREVIOUS_AND_CHANGE, ArticleItem.ITEM_8),
        RowSpec(
            DisclosureRow.PROCUREMENT,
            "政府集中采购",
            (
                ColumnSpec(DisclosureColumn.PROCUREMENT_ITEMS, DisclosureColumn.PROCUREMENT_ITEMS.label),
                ColumnSpec(
                    DisclosureColumn.PROCUREMENT_AMOUNT,
                    DisclosureColumn.PROCUREMENT_AMOUNT.label,
                    CellKind.MONEY,
                ),
            ),
            ArticleItem.ITEM_9,
        ),
    ),
)

_APPLICANT_COLUMNS: Final = tuple(ColumnSpec(a, a.label) for a in Applicant)
_APPLICANT_PARTS: Final = tuple(a for a in Applicant if a is not Applicant.TOTAL)


def _request_spec(version: TemplateVersion) -> TableSpec:
    # The 2021 format split （六）其他处理 into three sub-rows; the trial format had it as one row.
    excluded = (
        {RequestRow.OTHER_PROCESSING}
        if version is TemplateVersion.V2021
        else {RequestRow.OTHER_NOT_CORRECTED, RequestRow.OTHER_FEE_UNPAID, RequestRow.OTHER_OTHER}
    )
    rows = tuple(
        RowSpec(row, row.label, _APPLICANT_COLUMNS, row.outcome) for row in RequestRow if row not in excluded
    )
    outcome_rows = tuple(row.key for row in rows if isinstance(row.key, RequestRow) and row.key.is_outcome)
    return TableSpec(
        TableKind.REQUESTS,
        version,
        rows,
        row_sums={RequestRow.TOTAL: outcome_rows},
        column_sums={Applicant.TOTAL: _APPLICANT_PARTS},
    )


_REVIEW_COLUMNS: Final = tuple(ColumnSpec(c, c.label) for c in ReviewColumn)

REVIEW_TABLE: Final = TableSpec(
    TableKind.REVIEW_LITIGATION,
    None,
    tuple(RowSpec(row, row.label, _REVIEW_COLUMNS) for row in ReviewRow),
    column_sums={ReviewColumn.TOTAL: tuple(c for c in ReviewColumn if c is not ReviewColumn.TOTAL)},
)
"""Table 四: identical in both versions."""

DISCLOSURE_TABLES: Final[Mapping[TemplateVersion, TableSpec]] = {
    TemplateVersion.V2019: _DISCLOSURE_2019,
    TemplateVersion.V2021: _DISCLOSURE_2021,
}
REQUEST_TABLES: Final[Mapping[TemplateVersion, TableSpec]] = {
    version: _request_spec(version) for version in TemplateVersion
}


def table_spec(kind: TableKind, version: TemplateVersion) -> TableSpec:
    """The layout of a table in a template version."""
    if kind is TableKind.ACTIVE_DISCLOSURE:
        return DISCLOSURE_TABLES[version]
    if kind is TableKind.REQUESTS:
        return REQUEST_TABLES[version]
    return REVIEW_TABLE
