"""The national form, the one source of truth for it: keys, labels, table layouts and versions.

- :mod:`.labels`: every printed text, character for character (data only);
- :mod:`.keys`: the enumerations of sections, tables, rows and columns, with their labels attached;
- :mod:`.specs`: each table's layout in each version (rows, columns, cell kinds, totals);
- :mod:`.versions`: how the two versions correspond and how a document shows its version.
"""

from . import labels
from .keys import (
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
    DISCLOSURE_TABLES,
    REQUEST_TABLES,
    REVIEW_TABLE,
    ROW_KEYS,
    CellKey,
    ColumnSpec,
    RowSpec,
    TableSpec,
    table_spec,
)
from .versions import version_for_year

__all__ = [
    "COLUMN_KEYS",
    "DISCLOSURE_FIRST_HEADER",
    "DISCLOSURE_TABLES",
    "REQUESTS_APPLICANTS_HEADER",
    "REQUESTS_LEGAL_PERSONS_HEADER",
    "REQUESTS_NOTE",
    "REQUESTS_RESULTS_GROUP",
    "REQUEST_TABLES",
    "REVIEW_LITIGATION_HEADER",
    "REVIEW_TABLE",
    "ROW_KEYS",
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
    "labels",
    "table_spec",
    "version_for_year",
]
