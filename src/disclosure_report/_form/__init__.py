"""The national form, the one source of truth for it: keys, labels, table layouts and versions.

- :mod:`.labels`: every printed text, character for character (data only);
- :mod:`.keys`: the enumerations of sections, tables, rows and columns, with their labels attached, and
  each template version's facts (its document and years);
- :mod:`.specs`: each version as data (:class:`.VersionSpec`): its tables' layouts and its other facts;
- :mod:`.versions`: how the two versions correspond and how a document shows its version.
"""

from . import labels
from .keys import (
    VERSION_FACTS,
    Applicant,
    ArticleItem,
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
    VersionFacts,
)
from .labels import (
    DISCLOSURE_FIRST_HEADER,
    REQUESTS_APPLICANTS_HEADER,
    REQUESTS_LEGAL_PERSONS_HEADER,
    REQUESTS_NOTE,
    REQUESTS_RESULTS_GROUP,
    REVIEW_LITIGATION_HEADER,
)
from .specs import (
    COLUMN_KEYS,
    CURRENT_VERSION,
    REVIEW_TABLE,
    ROW_KEYS,
    VERSION_SPECS,
    CellKey,
    ColumnSpec,
    RowSpec,
    TableSpec,
    VersionSpec,
    table_spec,
    version_spec,
    version_specs,
)
from .versions import version_for_year

__all__ = [
    "COLUMN_KEYS",
    "CURRENT_VERSION",
    "DISCLOSURE_FIRST_HEADER",
    "REQUESTS_APPLICANTS_HEADER",
    "REQUESTS_LEGAL_PERSONS_HEADER",
    "REQUESTS_NOTE",
    "REQUESTS_RESULTS_GROUP",
    "REVIEW_LITIGATION_HEADER",
    "REVIEW_TABLE",
    "ROW_KEYS",
    "VERSION_FACTS",
    "VERSION_SPECS",
    "Applicant",
    "ArticleItem",
    "CellKey",
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
    "VersionFacts",
    "VersionSpec",
    "labels",
    "table_spec",
    "version_for_year",
    "version_spec",
    "version_specs",
]
