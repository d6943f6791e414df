"""The reference pages generated from the single sources of truth: the rule catalogue and the form.

The documentation builds its rule page and its format reference from these functions, and
``disclosure-report rules --format markdown`` prints the first; nothing is written twice by hand.
"""

from __future__ import annotations

from ._form import CellKind, TableKind, TemplateVersion, table_spec
from ._rules import RULES, Basis
from .exceptions import PROBLEM_CODES

__all__ = ["format_markdown", "rules_markdown"]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    """The rule catalogue as a Markdown page: one section per rule, in catalogue order."""
    lines = [
        "# Rule catalogue",
        "",
        "Generated from `disclosure_report.RULES`. A code is part of the public API: never renamed, never "
        "reused. Severity policy: what the form prints is an error, and so is what its layout implies by "
        "definition; what is inferred from practice is a warning; hints are info.",
        "",
        "| basis | meaning |",
        "|---|---|",
        *(f"| `{basis.value}` | {_cell(basis.description)} |" for basis in Basis),
        "",
        "| code | severity | basis | title |",
        "|---|---|---|---|",
        *(
            f"| [`{r.code}`](#{r.code}) | {r.severity.value} | {r.basis.value} | {_cell(r.title_zh)} / "
            f"{_cell(r.title_en)} |"
            for r in RULES.values()
        ),
        "",
    ]
    for rule in RULES.values():
        lines += [
            f"({rule.code})=",
            f"## `{rule.code}`",
            "",
            f"**{rule.title_zh}** / {rule.title_en}",
            "",
            f"- Severity: **{rule.severity.value}**",
            f"- Basis: {rule.basis.value} ({rule.basis.description})",
            f"- Formula: {rule.formula}",
            f"- Reads: {rule.reads}",
            f"- Example: {rule.example or '—'}",
            f"- Message: {rule.message_zh} / {rule.message_en}",
            "",
        ]
    lines += [
        "## Problem codes",
        "",
        "An input that cannot become a report raises `ReadError`; each of its problems has one of these "
        "codes (`disclosure_report.PROBLEM_CODES`), as stable as the rule codes.",
        "",
        "| code | meaning |",
        "|---|---|",
        *(f"| `{code}` | {_cell(meaning)} |" for code, meaning in PROBLEM_CODES.items()),
        "",
    ]
    return "\n".join(lines)


_KINDS = {
    CellKind.COUNT: "count ≥ 0",
    CellKind.SIGNED_COUNT: "signed count",
    CellKind.MONEY: "Decimal amount",
}


def format_markdown() -> str:
    """Every table row and column with its label, key, position and cell kind, for both versions."""
    lines = [
        "# Format reference",
        "",
        "Generated from `disclosure_report.table_spec`, the single source of every label. Positions count "
        "data cells row by row in form order (the index into a table's `values`).",
        "",
    ]
    for version in reversed(TemplateVersion):
        lines += [f"## The {version.value} template ({version.document})", ""]
        for kind in TableKind:
            spec = table_spec(kind, version)
            lines += [
                f"### {kind.section.label}",
                "",
                f"{len(spec.rows)} rows, {spec.size} data cells.",
                "",
                "| position | group | row label | row key | column label | column key | cell |",
                "|---|---|---|---|---|---|---|",
            ]
            for index, (row, column) in enumerate(spec.cells):
                group = row.group.label if row.group is not None else ""
                cells = (
                    str(index),
                    _cell(group),
                    _cell(row.label),
                    f"`{row.key.key}`",
                    _cell(column.label),
                    f"`{column.key.key}`",
                    _KINDS[column.kind],
                )
                lines.append(f"| {' | '.join(cells)} |")
            lines.append("")
    return "\n".join(lines)
