"""The form's vocabulary: template versions, sections, tables, and every row and column as an enumeration.

Each member's value is its stable snake_case key (what JSON, the tidy export and finding locations use);
its official label is attached from :mod:`disclosure_report._form.labels`, the one place labels are
written, when this module is imported.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final, NamedTuple

from . import labels

__all__ = [
    "VERSION_FACTS",
    "Applicant",
    "ArticleItem",
    "CellKind",
    "DisclosureColumn",
    "DisclosureRow",
    "FormKey",
    "Outcome",
    "RequestRow",
    "ReviewColumn",
    "ReviewRow",
    "Section",
    "TableKind",
    "TemplateVersion",
    "VersionFacts",
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
        return VERSION_FACTS[self].document

    @property
    def first_year(self) -> int:
        """The first reporting year this version applies to."""
        return VERSION_FACTS[self].first_year

    # As for FormKey: members are singletons; the identity hash is computed in C (tables and their
    # layouts are looked up by version all the time).
    __hash__ = object.__hash__


# A named tuple, not an attrs class: every command imports this module, and a named tuple is made in a
# fifth of the time (start-up, issue 34).
class VersionFacts(NamedTuple):
    """What a template version is besides its tables: the document that issued it and the years it covers.

    Kept beside :class:`TemplateVersion` rather than in its spec, which is built from the keys of this
    module: the version answers for itself, and its spec (:class:`~disclosure_report._form.VersionSpec`)
    reads the same record.
    """

    document: str
    """The document that issued this version of the format."""
    first_year: int
    """The first reporting year this version applies to."""
    last_year: int | None
    """The last reporting year it applies to; ``None`` while it is the format in force."""


VERSION_FACTS: Final[dict[TemplateVersion, VersionFacts]] = {
    TemplateVersion.V2019: VersionFacts("国办公开办函〔2019〕60号", first_year=2019, last_year=2020),
    TemplateVersion.V2021: VersionFacts("国办公开办函〔2021〕30号", first_year=2021, last_year=None),
}
"""Each template version's facts: a new version is its member, its facts here, and its spec."""


class FormKey(enum.Enum):
    """Base of every enumeration of the form: the value is a stable snake_case key, the label is official.

    The key is what JSON, the tidy export and finding locations use; it never changes. The label is the
    exact text printed in the form (for rows and columns whose label changed between versions, the label in
    the newest version that has the member; see :meth:`TableSpec.row` for a version's own label).
    """

    @property
    def key(self) -> str:
        """The stable snake_case key."""
        value: str = self._value_  # not Enum's value property: keys are read in every hot loop
        return value

    @property
    def label(self) -> str:
        """The exact official label."""
        return _LABELS[self]

    @property
    def traditional_label(self) -> str:
        """The official label in traditional characters (as mirror sites print it)."""
        return labels.traditional(_LABELS[self])

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
        return labels.HEADING_VARIANTS.get(self.key, ())


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
        return labels.OUTCOME_SHORT[self.key]


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


def _attach_labels() -> dict[FormKey, str]:
    """Every member's label from the label tables, which must name exactly the members of each enumeration."""
    tables: dict[type[FormKey], Mapping[str, str]] = {
        Section: labels.SECTIONS,
        TableKind: labels.TABLES,
        ArticleItem: labels.ARTICLE_ITEMS,
        DisclosureRow: labels.DISCLOSURE_ROWS,
        DisclosureColumn: labels.DISCLOSURE_COLUMNS,
        Outcome: labels.OUTCOMES,
        RequestRow: labels.REQUEST_ROWS,
        Applicant: labels.APPLICANTS,
        ReviewRow: labels.REVIEW_ROWS,
        ReviewColumn: labels.REVIEW_COLUMNS,
    }
    found: dict[FormKey, str] = {}
    for cls, table in tables.items():
        keys = {member.key for member in cls}
        if set(table) != keys:
            raise AssertionError(f"labels of {cls.__name__} do not match its members: {set(table) ^ keys}")
        found.update({member: table[member.key] for member in cls})
    return found


_LABELS: Final[Mapping[FormKey, str]] = _attach_labels()
