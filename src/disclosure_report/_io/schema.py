"""The JSON Schema of the report document, generated from the form's single source of truth.

The package ships the generated schema as ``schema.json``; a test checks that the shipped file is what this
code generates today.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

from .._form import CellKind, Section, TableKind, TableSpec, TemplateVersion, table_spec
from .._model import FIRST_YEAR, LAST_YEAR, MAX_AMOUNT, MAX_COUNT, METADATA_DETAILS, AgencyLevel
from .json import DECIMAL_PATTERN, SCHEMA_VERSION

__all__ = ["SCHEMA_FILE", "json_schema", "shipped_schema"]

SCHEMA_FILE: Final = "schema.json"
METADATA_KEYS: Final = ("agency", "year", "version", *METADATA_DETAILS)

_CELL_DEFS: Final = {
    CellKind.COUNT: {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_COUNT},
    CellKind.SIGNED_COUNT: {"type": ["integer", "null"], "minimum": -MAX_COUNT, "maximum": MAX_COUNT},
    CellKind.MONEY: {
        "type": ["string", "null"],
        "pattern": DECIMAL_PATTERN,
        "maxLength": 40,
        "description": f"A decimal amount as a string, from 0 to {MAX_AMOUNT}; null when blank.",
    },
}


def _table_schema(spec: TableSpec) -> dict[str, Any]:
    rows = {}
    for row in spec.rows:
        columns = {
            column.key.key: {"$ref": f"#/$defs/{column.kind.value}", "title": column.label}
            for column in row.columns
        }
        rows[row.key.key] = {
            "type": "object",
            "title": row.label,
            "properties": columns,
            "required": list(columns),
            "additionalProperties": False,
        }
    return {
        "type": "object",
        "title": spec.kind.label,
        "properties": rows,
        "required": list(rows),
        "additionalProperties": False,
    }


def _def_name(kind: TableKind, version: TemplateVersion) -> str:
    return f"{kind.key}_{version.value}"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents :func:`disclosure_report.to_json` writes."""
    text = {"type": ["string", "null"]}
    definitions: dict[str, Any] = {kind.value: schema for kind, schema in _CELL_DEFS.items()}
    for version in TemplateVersion:
        for kind in TableKind:
            definitions[_def_name(kind, version)] = _table_schema(table_spec(kind, version))
    by_version = [
        {
            "if": {"properties": {"metadata": {"properties": {"version": {"const": version.value}}}}},
            "then": {
                "properties": {
                    kind.key: {"$ref": f"#/$defs/{_def_name(kind, version)}"} for kind in TableKind
                }
            },
        }
        for version in TemplateVersion
    ]
    metadata = {
        "type": "object",
        "properties": {
            "agency": {"type": "string", "title": "报告机关"},
            "year": {
                "type": ["integer", "null"],
                "minimum": FIRST_YEAR,
                "maximum": LAST_YEAR,
                "title": "报告年度",
                "description": "null when the document does not state it",
            },
            "version": {"enum": [v.value for v in TemplateVersion], "title": "格式版本"},
            "title": text,
            "published": {"type": ["string", "null"], "format": "date"},
            "source": text,
            "region": {**text, "title": "地区", "description": "The agency's region, as printed."},
            "division_code": {
                "type": ["string", "null"],
                "pattern": "^[0-9]{6}$",
                "title": "行政区划代码",
                "description": "Six digits (GB/T 2260), the first two a province's.",
            },
            "level": {
                "enum": [*(level.key for level in AgencyLevel), None],
                "title": "机构层级",
                "description": "; ".join(f"{level.key}: {level.label}" for level in AgencyLevel),
            },
        },
        "required": list(METADATA_KEYS),
        "additionalProperties": False,
    }
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION},
        "metadata": metadata,
        "overview": {**text, "title": Section.OVERVIEW.label},
        "active_disclosure": {"type": "object", "title": Section.ACTIVE_DISCLOSURE.label},
        "requests": {"type": "object", "title": Section.REQUESTS.label},
        "review_litigation": {"type": "object", "title": Section.REVIEW_LITIGATION.label},
        "problems": {**text, "title": Section.PROBLEMS.label},
        "other_matters": {**text, "title": Section.OTHER_MATTERS.label},
        "headings": {
            "type": "object",
            "description": "Section headings as printed, where they differ from the form's.",
            "propertyNames": {"enum": [s.key for s in Section]},
            "additionalProperties": {"type": "string"},
        },
        "preamble": {**text, "description": "The text before section 一, if any."},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "政府信息公开工作年度报告 (disclosure-report document)",
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        "allOf": by_version,
        "$defs": definitions,
    }


def shipped_schema() -> dict[str, Any]:
    """The schema file shipped in the package (the same as :func:`json_schema` for this version)."""
    text = resources.files("disclosure_report").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
