"""The rule catalogue: every check the validator makes, as data.

Each rule has a stable code (part of the public API: never renamed, never reused), a severity, the basis
that justifies it, titles and message templates in Chinese and English, the formula it checks and the
cells it reads. The validator, the findings' messages and the documentation's rule page all read from here.

Severity policy: what the form prints is an error, and so is what its layout implies by definition (a 总计
cell is the total of its parts); what is inferred from practice is a warning; hints are info.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final, Literal

import attrs

from ._language import Language

__all__ = ["BALANCE_CODES", "RULES", "Basis", "Code", "Rule", "Scope", "Severity", "rule"]


class Severity(enum.Enum):
    """How serious a finding is; only errors make a report invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sorts the most serious first."""
        return list(Severity).index(self)

    @property
    def label_zh(self) -> str:
        """The severity in Chinese: 错误, 警告 or 提示."""
        return _SEVERITY_ZH[self.value]

    def label(self, lang: Language) -> str:
        """The severity in ``lang``: 错误/警告/提示, or error/warning/info."""
        return _SEVERITY_ZH[self.value] if lang == "zh" else self.value


_SEVERITY_ZH: Final = {"error": "错误", "warning": "警告", "info": "提示"}


class Basis(enum.Enum):
    """Why a rule holds."""

    PRINTED = "printed"
    """Printed in the form or the regulation (e.g. the 勾稽关系 note of table 三)."""
    LAYOUT = "layout"
    """Implied by the form's layout by definition: a 总计 cell is the total of its parts."""
    PRACTICE = "practice"
    """Inferred from reviewers' practice and real reports; not printed anywhere (a warning at most)."""
    UNVERIFIED = "unverified"
    """Believed to be in the format, but its wording could not be confirmed (a hint at most)."""
    READING = "reading"
    """About reading a published document: what could not be read, or was read with a tolerance."""

    @property
    def description(self) -> str:
        """A sentence for the documentation."""
        return _BASIS_DESCRIPTIONS[self]


_BASIS_DESCRIPTIONS: Final = {
    Basis.PRINTED: "printed in the form or the regulation",
    Basis.LAYOUT: "implied by the form's layout: a 总计 cell is by definition the total of its parts",
    Basis.PRACTICE: "inferred from reviewers' practice and real reports; not printed in the form",
    Basis.UNVERIFIED: "believed to be asked for by the format, but the wording could not be confirmed",
    Basis.READING: "about reading a published document: what could not be read, or was read leniently",
}


class Scope(enum.Enum):
    """What a rule looks at."""

    REPORT = "report"
    """One report: checked by :func:`disclosure_report.validate`."""
    READING = "reading"
    """Reading a published document: what could not be read, or was read with a tolerance."""
    COMPARISON = "comparison"
    """Reports compared with each other (a summary against the reports it sums)."""


@attrs.frozen
class Rule:
    """One check of the catalogue.

    Attributes:
        code: The stable kebab-case code.
        severity: The severity of its findings.
        basis: Why the rule holds.
        title_zh: A short title in Chinese.
        title_en: The same in English.
        formula: What is checked, as a formula or a sentence.
        reads: The cells or parts of the report the rule reads.
        message_zh: The template of a finding's Chinese message (``str.format`` fields).
        message_en: The template of its English message.
        example: A case the rule catches, as a reviewer would describe it.
        scope: What the rule looks at (see :class:`Scope`).
    """

    code: str
    severity: Severity
    basis: Basis
    title_zh: str
    title_en: str
    formula: str
    reads: str
    message_zh: str
    message_en: str
    example: str = ""
    scope: Scope = Scope.REPORT


_E, _W, _I = Severity.ERROR, Severity.WARNING, Severity.INFO

_CATALOGUE: Final = (
    # --- table 三 -----------------------------------------------------------------------------------
    Rule(
        "requests-balance",
        _E,
        Basis.PRINTED,
        "申请数量勾稽关系不平衡",
        "Requests do not balance",
        "一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理, in each of the 7 columns",
        "table 三: rows 一, 二, （七）总计 and 四, every column",
        "{column}列：第一项加第二项之和为{expected}，第三项（七）总计加第四项之和为{actual}，不相等。",
        "Column {column}: new + carried over is {expected}, "
        "but total processed + carried forward is {actual}.",
        example="新收 26 + 上年结转 0 = 26, but （七）总计 25 + 结转 0 = 25 in the 总计 column.",
    ),
    Rule(
        "requests-outcome-total",
        _E,
        Basis.LAYOUT,
        "办理结果总计与各项之和不符",
        "Total processed is not the sum of the outcomes",
        "（七）总计 = （一） + （二） + Σ（三）1–8 + Σ（四）1–3 + Σ（五）1–5 + Σ（六）, in each column",
        "table 三: every outcome row and （七）总计, every column",
        "{column}列：（七）总计填报{actual}，各项办理结果之和为{expected}。",
        "Column {column}: total processed is stated as {actual}, but the outcomes add up to {expected}.",
        example="（一）予以公开 20 + （三）1 属于国家秘密 1 = 21, but （七）总计 states 20.",
    ),
    Rule(
        "requests-applicant-total",
        _E,
        Basis.LAYOUT,
        "申请人总计与各类申请人之和不符",
        "Row total is not the sum of the applicant types",
        "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他, in each of the rows",
        "table 三: every row, all seven columns",
        "“{row}”行：总计填报{actual}，各类申请人之和为{expected}。",
        "Row “{row}”: the total is stated as {actual}, but the applicant types add up to {expected}.",
        example="自然人 3 + 商业企业 1 = 4, but the row's 总计 states 3.",
    ),
    # --- table 四 -----------------------------------------------------------------------------------
    Rule(
        "review-total",
        _E,
        Basis.LAYOUT,
        "复议诉讼总计与各项之和不符",
        "Review or litigation total is not the sum of its results",
        "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结, in each of the three groups",
        "table 四: every group",
        "“{row}”：总计填报{actual}，各项结果之和为{expected}。",
        "{row}: the total is stated as {actual}, but the results add up to {expected}.",
        example="行政复议: 维持 1 + 纠正 1 = 2, but 总计 states 1.",
    ),
    # --- every table --------------------------------------------------------------------------------
    Rule(
        "form-empty",
        _E,
        Basis.LAYOUT,
        "表格未填写",
        "The form is empty",
        "the tables state at least one figure",
        "every cell of tables 二, 三 and 四",
        "三张表格均未填写：请在{count}个填报单元格中填写数字（无数据填0），总计栏会自动计算。",
        "The three tables are empty: fill in the {count} cells to fill (0 where there is nothing to "
        "report); the totals follow from them.",
        example="A fill-in template saved without a figure typed in.",
    ),
    Rule(
        "blank-total",
        _E,
        Basis.LAYOUT,
        "总计栏为空",
        "Blank total",
        "every 总计 cell states a number (one finding per table, listing its blank total cells)",
        "the 总计 cells of tables 三 and 四",
        "{table_zh}有{count}个总计栏未填写数字：{blanks_zh}。",
        "{count} total cell(s) of {table_en} are blank: {blanks_en}.",
        example="The （一）予以公开 / 总计 cell is left empty.",
    ),
    Rule(
        "blank-cell",
        _W,
        Basis.PRACTICE,
        "单元格为空",
        "Blank cell",
        "every data cell states a number, write 0 for none (one finding per table, listing its blank cells)",
        "every data cell that is not a total",
        "{table_zh}有{count}个单元格未填写（无数据应填0）：{blanks_zh}。",
        "{count} cell(s) of {table_en} are blank (write 0 when there is nothing to report): {blanks_en}.",
        example="All five 法人或其他组织 columns are left empty (a real 2023 report).",
    ),
    Rule(
        "not-checked",
        _I,
        Basis.LAYOUT,
        "因空白单元格无法校验",
        "Rule not checked because of blank cells",
        "a relation over a blank cell cannot be checked; the blank is not taken as 0 (one finding per rule, "
        "listing the places)",
        "the cells of the relation",
        "规则{rule}有{count}处涉及空白单元格，无法校验：{place}。",
        "Rule {rule} reads blank cells in {count} place(s) and could not be checked there: {place_en}.",
        example="一 + 二 = （七）总计 + 四 for 科研机构, whose 上年结转 and （七）总计 are both blank.",
    ),
    Rule(
        "relation-impossible",
        _E,
        Basis.LAYOUT,
        "空白单元格无论填什么都无法满足勾稽关系",
        "Relation fails whatever the blank cells hold",
        "counts are never negative: the filled cells of one side of a relation may not exceed the other side",
        "the cells of a relation that reads a blank cell",
        "规则{rule}（{place}）：一侧已填写的单元格之和为{actual}，大于另一侧的{expected}；"
        "空白单元格{blanks}不能为负数，该关系无论如何都不能成立。",
        "Rule {rule} ({place}): the filled cells of one side already add up to {actual}, more than "
        "{expected} on the other; the blank cell(s) {blanks} cannot be negative, so the relation "
        "cannot hold.",
        example="行政复议: 结果纠正 5 and 结果维持 blank, but 总计 states 3.",
    ),
    Rule(
        "blank-determined",
        _I,
        Basis.LAYOUT,
        "空白单元格的值可由勾稽关系确定",
        "A blank cell's value follows from a relation",
        "a relation whose only blank cell is one of its cells says what that cell must hold",
        "the cells of a relation that reads one blank cell",
        "空白单元格“{row}”/“{column}”按规则{rule}（{place}）只能为{expected}。",
        "The blank cell {row} / {column} can only be {expected} under rule {rule} ({place}).",
        example="科研机构 / 上年结转 is blank; 新收 2, （七）总计 2, 结转 0: it can only be 0.",
    ),
    Rule(
        "likely-cause",
        _I,
        Basis.LAYOUT,
        "勾稽错误的最可能原因",
        "Likely cause of the table's errors",
        "the fewest cells whose change makes every relation of the table hold, with the values they "
        "should have (blank cells count as unknowns); when no such set of at most three cells exists, "
        "that the table needs re-checking as a whole",
        "every relation of tables 三 and 四",
        "{table}：{cause_zh}",
        "{table_en}: {cause_en}",
        example="（一）予以公开 / 总计 says 80 where every other figure says 81: the errors of its row and "
        "its column both point to that one cell.",
    ),
    # --- table 二 -----------------------------------------------------------------------------------
    Rule(
        "amount-precision",
        _W,
        Basis.PRACTICE,
        "金额精度异常",
        "Implausibly precise amount",
        "an amount in 万元 has at most 4 decimal places (one yuan)",
        "table 二: 本年收费金额（单位：万元）",
        "“{row}”/“{column}”为{actual}万元，小数超过4位（不足1元）。",
        "{row} / {column} is {actual} 万元, with more than 4 decimal places (finer than one yuan).",
        example="本年收费金额 0.123456 万元 (finer than one yuan).",
    ),
    # --- across years -------------------------------------------------------------------------------
    Rule(
        "carried-over-mismatch",
        _W,
        Basis.PRACTICE,
        "上年结转与上年报告的结转下年度数不符",
        "Carried over does not match last year's carried forward",
        "二、上年结转 (this year) = 四、结转下年度继续办理 (last year), in each column",
        "table 三 row 二 of this year and row 四 of last year's report",
        "{column}列：本年报告“上年结转”为{actual}，上年报告“结转下年度继续办理”为{expected}。",
        "Column {column}: carried over is {actual}, but last year's report carried {expected} forward.",
        example="2023 上年结转 3, but the 2022 report carried 4 forward.",
    ),
    Rule(
        "in-force-roll-forward",
        _W,
        Basis.PRACTICE,
        "现行有效件数与上年数及本年增减不符",
        "Documents in force do not roll forward",
        "现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数 (2021 template)",
        "table 二: 规章 and 行政规范性文件, this year and last year",
        "“{row}”：现行有效件数为{actual}，按上年{previous}件加本年制发减本年废止应为{expected}。",
        "{row}: {actual} in force, but last year's {previous} plus issued minus repealed gives {expected}.",
        example="规章 in force 6 last year, none issued or repealed, 5 in force now.",
    ),
    # --- structure and metadata ---------------------------------------------------------------------
    Rule(
        "template-outdated",
        _E,
        Basis.PRINTED,
        "使用了过时的报告格式",
        "Outdated template",
        "a report for 2021 or later follows the 2021 format (国办公开办函〔2021〕30号)",
        "metadata: year and template version",
        "{year}年度报告应使用2021年版格式，实际使用了{actual}年版（试行）格式。",
        "A report for {year} must follow the 2021 format, but follows the {actual} trial format.",
        example="A 2022 report in the 2019 trial format (规范性文件, 上一年项目数量 …).",
    ),
    Rule(
        "template-premature",
        _W,
        Basis.PRACTICE,
        "报告格式早于发布时间",
        "Template newer than the report",
        "a report for 2019 or 2020 follows the trial format (the 2021 format was issued in September 2021)",
        "metadata: year and template version",
        "{year}年度报告使用了2021年版格式，该格式于2021年9月发布。",
        "A report for {year} follows the 2021 format, which was issued in September 2021.",
        example="A 2020 report in the 2021 format.",
    ),
    Rule(
        "section-missing",
        _E,
        Basis.PRINTED,
        "缺少报告部分",
        "Missing section",
        "all six sections are present (Art. 50; the format: 不能遗漏)",
        "sections 一, 五 and 六",
        "缺少“{section}”部分。",
        "The section “{section}” is missing.",
        example="No 四、政府信息公开行政复议、行政诉讼情况 section.",
    ),
    Rule(
        "heading-variant",
        _I,
        Basis.PRACTICE,
        "标题为常见变体",
        "Heading is a known variant",
        "section headings follow the form; known variants are noted",
        "section headings",
        "“{actual}”为“{expected}”的常见变体。",
        "“{actual}” is a known variant of “{expected}”.",
        example="五、政府信息公开工作存在的主要问题及改进情况.",
    ),
    Rule(
        "heading-nonstandard",
        _W,
        Basis.PRACTICE,
        "标题与格式不一致",
        "Heading differs from the form",
        "section headings follow the form",
        "section headings",
        "标题“{actual}”与格式规定的“{expected}”不一致。",
        "The heading “{actual}” differs from the form's “{expected}”.",
        example="五、存在的主要问题及整改措施.",
    ),
    Rule(
        "problems-too-short",
        _W,
        Basis.PRACTICE,
        "存在的主要问题及改进情况过于简略",
        "Problems section is empty or boilerplate-short",
        "section 五 states problems and improvements in at least {minimum} characters",
        "section 五",
        "“五、存在的主要问题及改进情况”仅有{actual}个字，过于简略。",
        "Section 五 (problems and improvements) has only {actual} characters.",
        example="Section 五 says only “无”.",
    ),
    Rule(
        "fee-statement-missing",
        _I,
        Basis.UNVERIFIED,
        "未说明信息处理费收取情况",
        "No statement on information processing fees",
        "section 六 reports the 信息处理费 charged (believed to be asked for by the 2021 format)",
        "section 六",
        "“六、其他需要报告的事项”未提及信息处理费。",
        "Section 六 does not mention information processing fees (信息处理费).",
        example="Section 六 says only “无”.",
    ),
    Rule(
        "title-not-annual-report",
        _W,
        Basis.PRACTICE,
        "标题未写明年度报告",
        "Title does not say 年度报告",
        "the title names the report a 年度报告 (not a 工作报告)",
        "metadata: title",
        "标题“{actual}”未写明“年度报告”。",
        "The title “{actual}” does not call the report a 年度报告.",
        example="某局2023年政府信息公开工作报告.",
    ),
    Rule(
        "published-late",
        _W,
        Basis.PRINTED,
        "发布时间晚于法定期限",
        "Published after the statutory deadline",
        "published by 3月31日 of the following year (Art. 49; departments by 1月31日)",
        "metadata: publication date and year",
        "报告发布于{actual}，晚于法定期限{expected}。",
        "Published on {actual}, after the statutory deadline of {expected}.",
        example="A 2023 report published on 2024-04-15.",
    ),
    Rule(
        "agency-missing",
        _W,
        Basis.PRACTICE,
        "未写明报告机关",
        "No reporting agency",
        "the report names its agency",
        "metadata: agency",
        "报告未写明报告机关。",
        "The report does not name its agency.",
        example="A report whose title and signature name no agency.",
    ),
    Rule(
        "year-unknown",
        _W,
        Basis.PRACTICE,
        "未能确定报告年度",
        "Reporting year unknown",
        "the report states its reporting year (its title names it; a reader also looks for it in the "
        "headings, the statistics period and the publication date)",
        "metadata: year",
        "报告未写明报告年度（如“2023年度”），与年度有关的检查未进行；读取文档时可用 year= 或 --year 指定。",
        "The report states no reporting year (such as 2023年度): checks that depend on the year are not "
        "made; when reading a document, give it with year= or --year.",
        example="A crawled page whose title line is only 政府信息公开工作年度报告.",
    ),
    # --- text against tables ------------------------------------------------------------------------
    Rule(
        "text-contradicts-table",
        _W,
        Basis.PRACTICE,
        "文字表述与表格数据不符",
        "Text contradicts a table",
        "every figure sections 一, 五 and 六 state (counts, categories, shares, amounts, “none” statements) "
        "agrees with the tables",
        "sections 一, 五, 六 against tables 二, 三 and 四",
        "文字“{evidence}”表明{claim_zh}，但表格中{table_zh}为{actual}。",
        "The text “{evidence}” says {claim_en}, but the table states {table_en} = {actual}.",
        example="Section 一 says 本年度新收政府信息公开申请30件, table 三 counts 26 new requests.",
    ),
    Rule(
        "text-figure-unsure",
        _I,
        Basis.PRACTICE,
        "文字表述与表格不一致，但所指不确定，未核对",
        "A figure of the text disagrees, but what it counts is not sure: not checked",
        "a figure the text states that disagrees with the tables warns only when the sentence says plainly "
        "what it counts (the agency's requests of the year, as the form counts them); otherwise it is "
        "reported here, with why it is not sure",
        "sections 一, 五, 六 against tables 二, 三 and 四",
        "文字“{evidence}”中的{number}可能指{table_zh}（表格中为{actual}），但{reason_zh}，所指不确定，未作核对。",
        "The text “{evidence}” states {number}, which may be {table_en} (the table states {actual}), but "
        "{reason_en}: what it counts is not sure, so it was not checked.",
        example="全年共收到和办理依申请公开9件 with 7 new and 9 processed: received, or processed?",
    ),
    Rule(
        "text-figures-unexplained",
        _I,
        Basis.PRACTICE,
        "文字中有未能识别的数字",
        "Numbers in the text not read",
        "every number in sections 一, 五 and 六 is read as a figure of the tables or recognised as something "
        "else (a date, a duration, an article, a rate, a count of other things)",
        "sections 一, 五 and 六",
        "文字中共有{total}个数字：{read}个按表格数据核对，{approximate}个为约数未核对，{other}个为日期、期限、"
        "条款等其他内容，{actual}个未能识别：{numbers}。",
        "The text has {total} numbers: {read} checked against the tables, {approximate} approximate and not "
        "checked, {other} recognised as dates, durations, articles and the like, and {actual} not read: "
        "{numbers}.",
        example="共30件 in a sentence that names neither requests nor anything else.",
    ),
)

_READING: Final = (
    Rule(
        "read-table-missing",
        _E,
        Basis.READING,
        "未找到表格",
        "Table not found",
        "the document has each of the three tables",
        "the document",
        "未找到“{table}”表格，其单元格均按空白处理。",
        "The table “{table}” was not found; its cells are left blank.",
        scope=Scope.READING,
        example="A page with no table under 四、….",
    ),
    Rule(
        "read-row-missing",
        _E,
        Basis.READING,
        "未找到表格行",
        "Row not found",
        "the document has each row of the form",
        "the document's tables",
        "未找到“{row}”行，其单元格均按空白处理。",
        "The row “{row}” was not found; its cells are left blank.",
        scope=Scope.READING,
        example="Table 三 without the （五）不予处理 rows.",
    ),
    Rule(
        "read-row-misaligned",
        _E,
        Basis.READING,
        "表格行无法与格式各栏对齐",
        "Row cannot be aligned to the form's columns",
        "a row has one cell per column of the form; values are never shifted to fit",
        "the document's tables",
        "“{row}”行有{actual}个数据单元格（{found}），格式为{expected}栏，无法逐一对应，该行按空白处理。",
        "Row “{row}” has {actual} value cells ({found}) for {expected} columns; "
        "they cannot be matched one to one, so the row is left blank.",
        scope=Scope.READING,
        example="A row with 6 value cells where the form has 7 columns.",
    ),
    Rule(
        "read-unreadable-cell",
        _E,
        Basis.READING,
        "单元格内容不是有效数字",
        "Cell is not a valid number",
        "a cell holds a number of its column's kind, or nothing",
        "the document's tables",
        "“{row}”/“{column}”的内容“{actual}”不是有效数字，按空白处理。",
        "{row} / {column} holds “{actual}”, which is not a valid number; it is left blank.",
        scope=Scope.READING,
        example="A cell reading 约3.",
    ),
    Rule(
        "read-ocr",
        _I,
        Basis.READING,
        "报告由扫描图像经文字识别读取",
        "Report read from scanned images by OCR",
        "figures read by OCR deserve a look against the scan; uncertain cells are left blank, never guessed",
        "the document's page images",
        "本报告共{pages}页由扫描图像经文字识别（{engine}）读取，数字置信度门槛为{threshold}；数字宜对照原件核对。",
        "{pages} page(s) were read from scanned images by OCR ({engine}), numbers taken at a confidence of "
        "{threshold} or more; check the figures against the scan.",
        scope=Scope.READING,
        example="A signed and stamped report published as a scanned PDF.",
    ),
    Rule(
        "read-ocr-uncertain",
        _W,
        Basis.READING,
        "扫描件单元格识别不确定，按空白处理",
        "Scanned cell not recognised with confidence; left blank",
        "a number is taken from a scan only when every digit is recognised with the threshold's confidence",
        "the document's page images",
        "{place}识别为“{actual}”（最不确定字符的置信度{confidence}），不是置信度达到{threshold}的数字，"
        "按空白处理，请对照原件填写。",
        "{place}: OCR read “{actual}” (least sure character {confidence}), not a number sure to "
        "{threshold}; left blank: check it on the scan.",
        scope=Scope.READING,
        example="A faint 8 read as “AHU”.",
    ),
    Rule(
        "read-ocr-seal",
        _W,
        Basis.READING,
        "扫描件单元格被印章遮盖，按空白处理",
        "Scanned cell under a seal; left blank",
        "a seal that hides the print under it (the rules it crosses vanish), whose ink is as dark as the "
        "print it lies on (a light print's strokes go with the seal's when its ink is taken out), or whose "
        "ink leaves strokes of its own shades across the digits (a medium-grey stroke it bled into went "
        "with it), or that lengthens a digit's stroke into a ruling line found through the digits (taken "
        "out with the rules: a 6 without its stem reads 5), can hide a whole digit or a part of one, so no "
        "number is taken from under it",
        "the document's page images",
        "{place}被遮盖文字的印章覆盖（识别为“{actual}”），不予采信，按空白处理，请对照原件填写。",
        "{place} lies under a seal that hides the print (read as “{actual}”): whatever it reads, it is left "
        "blank: check it on the scan.",
        scope=Scope.READING,
        example="31 read as 1 where the seal's star covers the 3.",
    ),
    Rule(
        "read-ocr-marked",
        _W,
        Basis.READING,
        "扫描件单元格有非印刷的笔画，按空白处理",
        "Scanned cell marked by hand; left blank",
        "print keeps to its cell, its digits stand in line and no ruling line runs through them: ink that "
        "runs across a cell's ruling line (a handwritten correction, a stroke across the table, a rule out "
        "of place), marks out of line with a number's digits (a correction written beside it), or a ruling "
        "line found through the digits (what lay under it is taken out with the rules), is no print, and "
        "where it lies by the print no number is taken",
        "the document's page images",
        "{place}的印刷文字旁有非印刷的笔画（越过表格线，或与数字不成一行，如手写更正；识别为“{actual}”），"
        "不予采信，按空白处理，请对照原件填写。",
        "{place} has marks by its print that are not print (across its ruling line, or out of line with "
        "its digits: a handwritten correction?; read as “{actual}”): it is left blank: check it on the scan.",
        scope=Scope.READING,
        example="A correction written above a cell that reaches into the cell above (62 read as 627).",
    ),
    Rule(
        "read-blank-marker",
        _I,
        Basis.READING,
        "单元格以符号表示空白",
        "Cell marked as blank",
        "a cell holding —, / or 无 states nothing; it is read as blank, not as 0",
        "the document's tables",
        "“{row}”/“{column}”填写“{actual}”，按空白处理（不视为0）。",
        "{row} / {column} holds “{actual}”, read as blank (not as 0).",
        scope=Scope.READING,
        example="A cell reading — or 无.",
    ),
    Rule(
        "read-label-variant",
        _W,
        Basis.READING,
        "表格行标签与格式不一致",
        "Row label differs from the form",
        "row labels are the form's (width, spacing, quotes and script aside)",
        "the document's tables",
        "行标签“{actual}”与格式规定的“{expected}”不一致，已按该行读取。",
        "The row label “{actual}” differs from the form's “{expected}”; it was read as that row.",
        scope=Scope.READING,
        example="规范性文件 in a 2021-format table 二.",
    ),
    Rule(
        "read-group-one-row",
        _W,
        Basis.READING,
        "2021年版表三的（六）其他处理只填了一行",
        "（六）其他处理 stated as one row in a 2021 table 三",
        "the 2021 form splits （六）其他处理 into sub-rows 1–3; the 2019 form had one row",
        "the document's table 三",
        "表三按2021年版格式，但“{label}”只有一行（2019年版的写法），未分列1—3项：该行填报{figures}；"
        "1—3项留空。",
        "Table 三 follows the 2021 form but states “{label}” as one row, as the 2019 form did, without its "
        "sub-rows 1–3: the row states {figures}; the sub-rows are left blank.",
        scope=Scope.READING,
        example="r015.pdf: a 2023 report whose table 三 keeps the single row （六）其他处理.",
    ),
    Rule(
        "read-row-shifted",
        _W,
        Basis.READING,
        "表格行多出空单元格，已唯一对齐",
        "Empty cells too many in a row, aligned the only way possible",
        "a row's value cells match the form's columns one to one; empty cells at its ends are dropped only "
        "when exactly one way of dropping them exists",
        "the document's tables",
        "“{row}”行有{actual}个单元格，格式为{expected}列（{found}）：去掉开头{leading}个、末尾{trailing}个空单元格"
        "后唯一对齐。",
        "Row “{row}” has {actual} cells for {expected} columns ({found}): {leading} empty cell(s) at its "
        "start and {trailing} at its end were dropped, the only way to match them one to one.",
        scope=Scope.READING,
        example="（七）总计 printed as ∅ | 95 | 0 | 0 | 0 | 0 | 0 | 95 under a shifted heading cell.",
    ),
    Rule(
        "read-label-near",
        _W,
        Basis.READING,
        "表格行标签有误，按近似匹配读取",
        "Row label misspelt, read by its closest match",
        "a label that differs from one row's in a few characters and from every other row's in more",
        "the document's tables",
        "行标签“{actual}”不是格式中的标签，按最接近的“{expected}”读取（相差{distance}处；其余各行的标签"
        "至少相差{runner_up}处）。",
        "The row label “{actual}” is not the form's; it was read as the closest, “{expected}” ({distance} "
        "edits apart; every other row's label is at least {runner_up} apart).",
        scope=Scope.READING,
        example="2.其他法律行政止公开 for 2.其他法律行政法规禁止公开 (three characters dropped).",
    ),
    Rule(
        "read-duplicate-row",
        _W,
        Basis.READING,
        "表格行重复",
        "Row appears twice",
        "each row of the form appears once",
        "the document's tables",
        "“{label}”行重复出现，已采用第一次出现的数据（{first}）。",
        "The row “{label}” appears again; the first one ({first}) was kept.",
        scope=Scope.READING,
        example="The 2.重复申请 row twice.",
    ),
    Rule(
        "read-version-guessed",
        _W,
        Basis.READING,
        "无法从标签判断格式版本",
        "Template version not shown by the labels",
        "the labels show which template the report follows (a label only one version prints)",
        "the document's table labels",
        "表格标签未能表明格式版本，按{year}年度推定为{actual}年版。",
        "The labels do not show the template version; {actual} was assumed from the year {year}.",
        scope=Scope.READING,
        example="Tables without any label that only one version prints.",
    ),
    Rule(
        "read-formula-computed",
        _I,
        Basis.READING,
        "公式无缓存结果，已按公式计算",
        "Formula had no cached result; computed",
        "a total formula without a cached result (never recalculated) is computed from its parts",
        "workbook formula cells",
        "公式“{formula}”没有已计算的结果，已按公式计为{actual}（空白项按0计，与电子表格相同）。",
        "The formula “{formula}” had no cached result; it was computed as {actual} (blank parts count 0, as "
        "in a spreadsheet).",
        scope=Scope.READING,
        example="A filled template saved by a tool that does not recalculate.",
    ),
    Rule(
        "read-metadata-missing",
        _W,
        Basis.READING,
        "未能读取报告信息",
        "Report information not found",
        "the title or the signature names the agency",
        "the document's title and signature",
        "未能从标题或落款读取{field}。",
        "The {field} could not be read from the title or the signature.",
        scope=Scope.READING,
        example="A document whose title has no agency name.",
    ),
    Rule(
        "read-metadata-invalid",
        _W,
        Basis.READING,
        "报告信息不合格式",
        "Report information not of its form",
        "a division code is six digits, the first two a province's; a level is one of the levels",
        "the document's or workbook's stated report information",
        "“{field_zh}”写作“{value}”，不合格式（{expected_zh}），未采用。",
        "The {field} is given as “{value}”, not of its form ({expected}): left out.",
        scope=Scope.READING,
        example="A workbook whose 行政区划代码 is 32081 (five digits).",
    ),
    Rule(
        "read-agency-source",
        _I,
        Basis.READING,
        "机关名称的出处",
        "Where the agency's name was read",
        "the agency is read from the title; failing that, from what else the document states",
        "the title, the opening sentence, a page's 发布机构/来源 field, the signature",
        "机关名称“{agency}”取自{where_zh}。",
        "The agency “{agency}” was read from {where_en}.",
        scope=Scope.READING,
        example="A title without the agency, whose opening sentence says 本报告由某县人民政府办公室编制.",
    ),
    Rule(
        "read-agency-differs",
        _I,
        Basis.READING,
        "标题与其他出处的机关名称不同",
        "The title and another part name different agencies",
        "the title's agency is used; another the document states is reported",
        "the title, and the opening sentence, a page's 发布机构/来源 field or the signature",
        "标题所写的机关“{agency}”与{where_zh}所写的“{other}”不同，采用标题中的名称。",
        "The title names the agency “{agency}” and {where_en} names “{other}”: the title's is used.",
        scope=Scope.READING,
        example="A page whose title names one office and whose 发布机构 field names another.",
    ),
    Rule(
        "read-footnote-mark",
        _W,
        Basis.READING,
        "数字后有注释标记，未并入数字",
        "Footnote mark after a number, not joined into it",
        "only real digits (ASCII and full-width 0–9) make a number; a mark after it (①, ², ⑴) is a "
        "footnote's, never a digit",
        "the document's tables",
        "“{row}”/“{column}”填写“{actual}”：“{mark}”视为注释标记，读作{value}（标记不并入数字），请对照原件核对。",
        "{row} / {column} holds “{actual}”: “{mark}” is taken for a footnote mark and the cell read as "
        "{value} (the mark is not a digit); check it against the document.",
        scope=Scope.READING,
        example="15① copied from a Word table with a footnote reference (NFKC would make it 151).",
    ),
    Rule(
        "read-amount-yuan",
        _I,
        Basis.READING,
        "金额以元填写，已换算为万元",
        "Amount written in 元, converted to 万元",
        "the form's amounts are in 万元; one written in 元 is converted exactly (the decimal point moved "
        "four places, never rounded)",
        "the document's amount cells (采购总金额, 本年收费金额)",
        "“{row}”/“{column}”填写“{actual}”（单位为元），已换算为{value}万元（未取舍）。",
        "{row} / {column} holds “{actual}” (in 元): converted to {value} 万元 exactly.",
        scope=Scope.READING,
        example="251000元 in the 采购总金额 cell, read as 25.1 万元.",
    ),
    Rule(
        "read-cells-joined",
        _W,
        Basis.READING,
        "表格行的数字连在一起，已唯一拆分",
        "A row's figures ran together; split the only way possible",
        "a run of digits is split into the row's cells only when exactly one split agrees with the "
        "table's own structure (one digit a cell, its blank markers, the relations between its figures), "
        "and never one that would hide an arithmetic error",
        "the document's tables",
        "“{row}”行的数字连在一起（“{run}”），按{basis_zh}唯一拆分为：{split}。",
        "The figures of row “{row}” ran together (“{run}”); split the only way {basis_en}: {split}.",
        scope=Scope.READING,
        example="一、本年新收政府信息公开申请数量3000025 saved by a crawler, read as 3 0 0 0 0 2 5.",
    ),
    Rule(
        "read-year-source",
        _I,
        Basis.READING,
        "报告年度的出处",
        "Where the reporting year was read",
        "the reporting year is read from the title; failing that, from where else the document states it",
        "the document's headings, opening lines and publication date",
        "标题中没有报告年度，报告年度{year}取自{where_zh}。",
        "The title states no reporting year; the year {year} was read from {where_en}.",
        scope=Scope.READING,
        example="A crawled page titled only 政府信息公开工作年度报告 whose heading says 2023年度.",
    ),
)

_COMPARISON: Final = (
    Rule(
        "aggregate-mismatch",
        _W,
        Basis.PRACTICE,
        "汇总数与所属单位之和不符",
        "Summary differs from the sum of its units",
        "a government's report states, cell by cell, the sum of the reports it summarises",
        "every table cell of the parent and the children",
        "“{row}”/“{column}”填报{actual}，所属{count}个单位之和为{expected}（{children}）。",
        "{row} / {column} states {actual}, but its {count} units add up to {expected} ({children}).",
        scope=Scope.COMPARISON,
        example="A parent report states 5 in a cell whose children's cells add up to 6.",
    ),
    Rule(
        "aggregate-duplicate",
        _W,
        Basis.PRACTICE,
        "同一份报告重复计入汇总",
        "The same report summed more than once",
        "each report is summed once: no two have the same fingerprint",
        "the content of every child report (its fingerprint)",
        "第{positions}份报告（{names}）内容完全相同，同一份报告被计入汇总{count}次。",
        "Reports {positions} ({names}) have the same content: one report is summed {count} times.",
        scope=Scope.COMPARISON,
        example="A county's summary is checked against its towns' reports, one of them downloaded twice.",
    ),
    Rule(
        "text-copied-from-last-year",
        _I,
        Basis.PRACTICE,
        "文字与上年报告雷同",
        "Text copied from last year's report",
        "a text section shares less than 70% of its 5-character shingles (Jaccard; spaces left out, each run "
        "of digits one character) with the same section of the agency's report for the year before",
        "sections 一, 五 and 六 of this report and of the same agency's report for the year before",
        "“{section}”与上年报告（{previous}）的同一部分相似度为{similarity}（阈值{threshold}），"
        "共同段落：“{passage}”。",
        "“{section}” is {similarity} alike the same section of last year's report ({previous}; threshold "
        "{threshold}); a passage both have: “{passage}”.",
        scope=Scope.COMPARISON,
        example="A city's section 五 published three years running with only the year changed (内容雷同, "
        "named a fault by review notices).",
    ),
    Rule(
        "text-shared-with-others",
        _I,
        Basis.PRACTICE,
        "文字与同年度其他机关的报告雷同",
        "Text shared with other agencies' reports",
        "a text section shares less than 70% of its 5-character shingles (Jaccard; spaces left out, each run "
        "of digits one character) with the same section of any other agency's report of the year",
        "sections 一, 五 and 六 of the reports of one year in a batch or corpus",
        "“{section}”与同年度{count}份其他机关的报告高度雷同（最相似：{other}，相似度{similarity}，"
        "阈值{threshold}），共同段落：“{passage}”。",
        "“{section}” is {similarity} alike the same section of {count} other agencies' report(s) of the "
        "year (closest: {other}; threshold {threshold}); a passage both have: “{passage}”.",
        scope=Scope.COMPARISON,
        example="Two departments of one county publishing the same section 五, word for word.",
    ),
)

Code = Literal[
    "requests-balance",
    "requests-outcome-total",
    "requests-applicant-total",
    "review-total",
    "form-empty",
    "blank-total",
    "blank-cell",
    "not-checked",
    "relation-impossible",
    "blank-determined",
    "likely-cause",
    "amount-precision",
    "carried-over-mismatch",
    "in-force-roll-forward",
    "template-outdated",
    "template-premature",
    "section-missing",
    "heading-variant",
    "heading-nonstandard",
    "problems-too-short",
    "fee-statement-missing",
    "title-not-annual-report",
    "published-late",
    "agency-missing",
    "year-unknown",
    "text-contradicts-table",
    "text-figure-unsure",
    "text-figures-unexplained",
    "read-table-missing",
    "read-row-missing",
    "read-row-misaligned",
    "read-unreadable-cell",
    "read-ocr",
    "read-ocr-uncertain",
    "read-ocr-seal",
    "read-ocr-marked",
    "read-blank-marker",
    "read-label-variant",
    "read-group-one-row",
    "read-row-shifted",
    "read-label-near",
    "read-duplicate-row",
    "read-version-guessed",
    "read-formula-computed",
    "read-metadata-missing",
    "read-metadata-invalid",
    "read-agency-source",
    "read-agency-differs",
    "read-footnote-mark",
    "read-amount-yuan",
    "read-cells-joined",
    "read-year-source",
    "aggregate-mismatch",
    "aggregate-duplicate",
    "text-copied-from-last-year",
    "text-shared-with-others",
]
"""Every code of the catalogue, for type checkers: a misspelt code in a check is a type error."""

RULES: Final[Mapping[str, Rule]] = {r.code: r for r in (*_CATALOGUE, *_READING, *_COMPARISON)}
"""Every rule, by code, in catalogue order."""

BALANCE_CODES: Final[tuple[Code, ...]] = (
    "requests-balance",
    "requests-outcome-total",
    "requests-applicant-total",
    "review-total",
    "relation-impossible",
)
"""The rules of the relations between a table's figures: a report that breaks one does not balance."""


def rule(code: str) -> Rule:
    """The rule with this code; :class:`KeyError` naming the known codes otherwise."""
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"no rule {code!r}; known codes: {', '.join(RULES)}") from None
