"""The reference pages generated from the single sources of truth: the rule catalogue and the form.

The documentation builds its rule page and its format reference from these functions, and
``disclosure-report rules --format markdown`` prints the first; nothing is written twice by hand.
"""

from __future__ import annotations

from ._form import CellKind, TableKind, TemplateVersion, table_spec
from ._rules import RULES, Basis

__all__ = ["format_markdown", "rules_markdown"]

_EXAMPLES = {
    "requests-balance": "新收 26 + 上年结转 0 = 26, but （七）总计 25 + 结转 0 = 25 in the 总计 column.",
    "requests-outcome-total": "（一）予以公开 20 + （三）1 属于国家秘密 1 = 21, but （七）总计 states 20.",
    "requests-applicant-total": "自然人 3 + 商业企业 1 = 4, but the row's 总计 states 3.",
    "review-total": "行政复议: 维持 1 + 纠正 1 = 2, but 总计 states 1.",
    "blank-total": "The （一）予以公开 / 总计 cell is left empty.",
    "blank-cell": "All five 法人或其他组织 columns are left empty (a real 2023 report).",
    "not-checked": "一 + 二 = （七）总计 + 四 for 科研机构, whose 上年结转 is blank.",
    "amount-precision": "本年收费金额 0.123456 万元 (finer than one yuan).",
    "carried-over-mismatch": "2023 上年结转 3, but the 2022 report carried 4 forward.",
    "in-force-roll-forward": "规章 in force 6 last year, none issued or repealed, 5 in force now.",
    "template-outdated": "A 2022 report in the 2019 trial format (规范性文件, 上一年项目数量 …).",
    "template-premature": "A 2020 report in the 2021 format.",
    "section-missing": "No 四、政府信息公开行政复议、行政诉讼情况 section.",
    "heading-variant": "五、政府信息公开工作存在的主要问题及改进情况.",
    "heading-nonstandard": "五、存在的主要问题及整改措施.",
    "problems-too-short": "Section 五 says only “无”.",
    "fee-statement-missing": "Section 六 says only “无”.",
    "title-not-annual-report": "某局2023年政府信息公开工作报告.",
    "published-late": "A 2023 report published on 2024-04-15.",
    "agency-missing": "A report whose title and signature name no agency.",
    "text-contradicts-table": "Section 一 says 未收到政府信息公开申请, table 三 counts 2 new requests.",
    "read-table-missing": "A page with no table under 四、….",
    "read-row-missing": "Table 三 without the （五）不予处理 rows.",
    "read-row-misaligned": "A row with 6 value cells where the form has 7 columns.",
    "read-unreadable-cell": "A cell reading 约3.",
    "read-blank-marker": "A cell reading — or 无.",
    "read-label-variant": "规范性文件 in a 2021-format table 二.",
    "read-duplicate-row": "The 2.重复申请 row twice.",
    "read-version-guessed": "Tables without any label that only one version prints.",
    "read-formula-computed": "A filled template saved by a tool that does not recalculate.",
    "read-metadata-missing": "A document whose title has no agency name.",
}


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
            f"- Example: {_EXAMPLES.get(rule.code, '—')}",
            f"- Message: {rule.message_zh} / {rule.message_en}",
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
