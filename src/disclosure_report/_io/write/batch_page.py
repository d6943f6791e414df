"""The ``validate --html`` page: a batch of reports as a review office works through it.

It opens on what needs attention: a line that counts, for each rule, the reports failing it (a reviewer's
first question), then a summary table, one row a line per file (file, agency, year, template, status,
errors, warnings and the first thing to fix, or why the file could not be read), failed reports first
(most errors first), then the unreadable, then the passed; sortable and filterable in the page itself.
Each report with errors or warnings has a detail section below, reached from its row: its findings, the
likely cause first, each linking to its cell, and its three tables with the cells to fix marked.

The page is self-contained: inline CSS and script, no network. It stays small for large batches, failing
ones too: the tables' layout is written once per template version (an HTML ``<template>``) and each
report carries only its values and its marks (cells by their place in the values), which the script
puts into a copy of the layout when its tables are opened; a detail lists at most
:data:`LISTED_PER_RULE` findings of a rule and :data:`LISTED_PER_REPORT` in all, and counts the others,
whose cells the tables mark. So a report costs a few kilobytes however many of its cells are wrong.
Without the script the summary and the findings still read; only sorting, filtering and the tables need
it.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..._form import TableKind, TemplateVersion
from ..._language import Language, said
from ..._model import TABLE_CLASSES, AnnualReport, CellRef
from ..._rules import RULES
from ..._validation import Validation, cell_marks
from .charts import Chart, chart_style, charts_html
from .html import STYLE, table_html
from .layout import table_layout
from .sheet_print import width_of

__all__ = ["LISTED_PER_REPORT", "LISTED_PER_RULE", "SUMMARY_FIELDS", "BatchPage"]

SUMMARY_FIELDS: Final = ("file", "agency", "year", "version", "status", "errors", "warnings", "first")
"""The fields of a summary row, as the command line's ``--summary`` gives them."""

_NUMERIC: Final = frozenset({"year", "errors", "warnings"})

_FIRST_WIDTH: Final = 80
"""The most characters the "first thing to fix" column holds (the whole text is in the report's detail,
or, for a file that could not be read, its hover text)."""

_CUT: Final = {"file": 30, "agency": 24, "first": 72}
"""The columns a row's line may cut, and the widths they show (wide characters count 2, as in the CSS)."""

LISTED_PER_RULE: Final = 3
"""The most findings of one rule a report's detail lists; the others are counted, their cells marked."""
LISTED_PER_REPORT: Final = 5
"""The most findings a report's detail lists: with :data:`LISTED_PER_RULE`, what bounds a report's share
of the page (a few kilobytes, however many of its cells are wrong)."""

_ORDER: Final = {"failed": 0, "unreadable": 1, "passed": 2}
"""The summary's order: what needs attention first."""

_WORDS: Final[Mapping[str, tuple[str, str]]] = {
    "title": (
        "政府信息公开工作年度报告校验结果",
        "Validation of annual reports on government information disclosure",
    ),
    "file": ("文件", "File"),
    "agency": ("机关", "Agency"),
    "year": ("年度", "Year"),
    "version": ("格式", "Template"),
    "status": ("结果", "Status"),
    "errors": ("错误", "Errors"),
    "warnings": ("警告", "Warnings"),
    "first": ("首先要改的地方（或无法读取的原因）", "First thing to fix (or why it could not be read)"),
    "all": ("全部", "all"),
    "filter": ("筛选（文件、机关、内容）", "Filter (file, agency, text)"),
    "shown": ("显示", "Showing"),
    "sort": ("点击列标题排序", "click a column heading to sort"),
    "tables": ("表格（标出有问题的单元格）", "Tables (cells with findings marked)"),
    "cell": ("单元格", "cell"),
    "found": (
        "错误 {errors} 个，警告 {warnings} 个，提示 {infos} 个",
        "{errors} error(s), {warnings} warning(s), {infos} info",
    ),
    "template": ("{version}年版", "{version}"),
    "charts": ("这批报告的图表", "Charts of this batch"),
    "reviewed": ("审核意见", "Reviewers' decisions"),
    "dismissed": ("已排除", "dismissed"),
    "confirmed": ("已确认", "confirmed"),
    "outdated": ("需复核（数字已变）", "to look at again (the figure changed)"),
    "decided": ("{by}，{at}", "{by}, {at}"),
    "rules": ("各规则未通过的报告数：", "Reports failing each rule: "),
    "warned": ("警告：", "warnings: "),
    "more": (
        "另有 {counts} 未逐条列出：所涉单元格已在表格中标出，全部结果可用 validate --format csv 导出。",
        "Not listed one by one: {counts}; their cells are marked in the tables, and validate --format csv "
        "lists them all.",
    ),
    "more-count": ("{count} 条 {code}", "{count} {code}"),
}

_EXTRA_STYLE: Final = """
body { max-width: 80rem; }
td.suspect { background: #c00000; color: #fff; font-weight: bold; outline: 3px solid #600000; }
td.error { background: #fbe2d5; outline: 1px dashed #c00000; }
td.warning { background: #fff2cc; outline: 1px dashed #bf8f00; }
td.info { background: #ddebf7; }
.controls { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.controls input { flex: 1; min-width: 12rem; padding: 0.3rem; }
#summary td { text-align: left; white-space: nowrap; height: auto; line-height: 1.4; }
#summary td.n { text-align: right; }
/* A row a line: long texts end in an ellipsis (their whole text is the hover text, and the detail's). */
#summary td.first, #summary td.file, #summary td.agency { overflow: hidden; text-overflow: ellipsis; }
#summary td.first { max-width: 36em; } #summary td.file { max-width: 15em; }
#summary td.agency { max-width: 12em; }
#rules { margin: 0.5rem 0; } #rules a { margin-right: 0.8rem; white-space: nowrap; }
#rules .warning { color: #7f6000; }
#summary th { cursor: pointer; user-select: none; white-space: nowrap; }
#summary th[aria-sort=ascending]::after { content: " ▲"; }
#summary th[aria-sort=descending]::after { content: " ▼"; }
tr.passed td.status { color: #2e7d32; } tr.failed td.status { color: #c00000; font-weight: bold; }
tr.unreadable td.status { color: #7f6000; font-weight: bold; }
section.detail { border-top: 2px solid #333; margin-top: 2rem; }
/* Hundreds of details below the summary: laid out when scrolled to, so a large batch opens at once. */
section.detail { content-visibility: auto; contain-intrinsic-size: auto 30rem; }
ol.findings li { margin: 0.3rem 0; } .code, ol.findings code { font-family: monospace; }
li.error > b { color: #c00000; } li.warning > b { color: #7f6000; } ol.findings b { font-weight: normal; }
ul.reviewed li.dismissed { color: #555; } ul.reviewed li.outdated strong { color: #c00000; }
""".strip()

_SCRIPT: Final = """
(function () {
  const table = document.getElementById("summary"), body = table.tBodies[0];
  const filter = document.getElementById("filter"), status = document.getElementById("status");
  const shown = document.getElementById("shown");
  function apply() {
    const query = filter.value.trim().toLowerCase(), wanted = status.value;
    let count = 0;
    for (const row of body.rows) {
      const keep = (!wanted || row.dataset.status === wanted) &&
        (!query || (row.textContent + " " + (row.dataset.codes || "")).toLowerCase().includes(query));
      row.hidden = !keep;
      if (keep) count++;
    }
    shown.textContent = count;
  }
  filter.addEventListener("input", apply);
  status.addEventListener("change", apply);
  function sort(heading, order) {
    const column = heading.cellIndex, numeric = heading.dataset.type === "number";
    for (const other of table.tHead.rows[0].cells) other.removeAttribute("aria-sort");
    heading.setAttribute("aria-sort", order === 1 ? "ascending" : "descending");
    const key = (row) => row.cells[column].dataset.v ?? row.cells[column].textContent;
    const rows = Array.from(body.rows);
    rows.sort((a, b) => order * (numeric ? Number(key(a)) - Number(key(b))
                                          : key(a).localeCompare(key(b), "zh")));
    body.append(...rows);
  }
  for (const heading of table.tHead.rows[0].cells) {
    heading.addEventListener("click", function () {
      sort(heading, heading.getAttribute("aria-sort") === "ascending" ? -1 : 1);
    });
  }
  // A view can be linked to: ?status=failed&q=应急&sort=errors&order=desc
  const asked = new URLSearchParams(location.search);
  if (asked.has("q")) filter.value = asked.get("q");
  if (asked.has("status")) status.value = asked.get("status");
  const by = Array.from(table.tHead.rows[0].cells).find((th) => th.dataset.field === asked.get("sort"));
  if (by) sort(by, asked.get("order") === "desc" ? -1 : 1);
  apply();
  function draw(box) {
    if (box.dataset.drawn) return;
    box.dataset.drawn = "1";
    // Marks come grouped: "e1,-1:45,52;…", a mark's initial and its findings, then the cells it marks
    // (each by its place in the values).
    const values = box.dataset.values.split("|"), marks = {};
    const names = {s: "suspect", e: "error", w: "warning", i: "info"};
    for (const group of box.dataset.marks.split(";").filter(Boolean)) {
      const [named, cells] = group.split(":");
      const findings = named.slice(1).split(",").filter(Boolean).map(Number);
      for (const cell of cells.split(",")) marks[cell] = [names[named[0]], findings];
    }
    const found = box.parentElement.querySelectorAll("ol.findings > li");
    const unlisted = (box.dataset.unlisted || "").split(" ");
    // A finding listed is named by its place in the list; one not listed (-1, -2, …), by its rule's code.
    const said = (i) => i < 0 ? unlisted[-1 - i] : found[i].querySelector("code").textContent + " " +
                        found[i].querySelector(".m").textContent;
    let next = 0;
    // The layouts of the report's version, in the page's order of the tables; cells are named
    // after the report's detail (d12-requests.new.total), which its findings link to.
    const prefix = box.id.replace(/tables$/, "");
    for (const layout of document.querySelectorAll(`template[id^="t-${box.dataset.version}-"]`)) {
      const copy = layout.content.cloneNode(true);
      for (const cell of copy.querySelectorAll("td[data-cell]")) {
        const mark = marks[next];
        cell.textContent = values[next++];
        cell.id = prefix + cell.dataset.cell;
        if (mark) { cell.className = mark[0]; cell.title = mark[1].map(said).join("\\n"); }
      }
      box.append(copy);
    }
  }
  document.addEventListener("toggle", function (event) {
    if (event.target.matches("details.tables") && event.target.open) draw(event.target);
  }, true);
  function reveal() {
    const target = decodeURIComponent(location.hash.slice(1));
    const found = /^(d[0-9]+)-/.exec(target);
    if (!found) return;
    const box = document.getElementById(found[1] + "-tables");
    if (!box) return;
    box.open = true;
    draw(box);
    const cell = document.getElementById(target);
    if (cell) cell.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", reveal);
  for (const box of document.querySelectorAll("details.tables[open]")) draw(box);
  reveal();
})();
""".strip()


class BatchPage:
    """The page, built one report at a time (only what the page shows is kept, never the reports)."""

    def __init__(self, lang: Language = "zh") -> None:
        self.lang: Language = lang
        self.rows: list[tuple[tuple[int, int, int, int], str]] = []
        """Each file's row, with where it goes in the summary (:meth:`_place`)."""
        self.details: list[str] = []
        self.failing: Counter[str] = Counter()
        """For each rule, the reports with an error of it."""
        self.warned: Counter[str] = Counter()
        """For each rule, the reports with a warning of it."""
        self.counts = {"passed": 0, "failed": 0, "unreadable": 0}
        self.versions: set[TemplateVersion] = set()
        self.charts: list[Chart] = []

    def add_charts(self, charts: Sequence[Chart]) -> None:
        """Show these charts below the summary (static SVG: no script needed, and they print)."""
        self.charts.extend(charts)

    def word(self, key: str, **values: object) -> str:
        """A text of the page in its language."""
        if key not in _WORDS:
            return said(self.lang, key, **values)  # the words the command line says too
        zh, en = _WORDS[key]
        return (zh if self.lang == "zh" else en).format(**values)

    def add(
        self,
        summary: Mapping[str, Any],
        report: AnnualReport | None = None,
        validation: Validation | None = None,
        reviewed: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Add one file.

        Args:
            summary: Its summary row (:data:`SUMMARY_FIELDS`).
            report: The report, for a detail section (given when it was read).
            validation: Its findings; a report with errors or warnings gets a detail section.
            reviewed: The findings reviewers decided about (dismissed, confirmed, or outdated), as rows
                with the finding's ``code``, ``where``, ``message_zh``, ``message_en`` and ``key``, and the
                ``decision`` (the status), ``decided_by``, ``decided_at`` and ``decision_reason``: listed in
                the detail section.
        """
        e = html.escape
        number = len(self.rows) + 1
        status = str(summary["status"])
        self.counts[status] += 1
        detail = None
        # A report with errors or warnings, or with findings reviewers decided about (the dismissed show).
        if (
            report is not None
            and validation is not None
            and (validation.errors or validation.warnings or reviewed)
        ):
            detail = (report, validation)
        cells = []
        for field in SUMMARY_FIELDS:
            value = summary[field]
            text = "" if value is None else str(value)
            if field == "file" and detail:
                title = f' title="{e(text)}"' if width_of(text) > _CUT[field] else ""
                cells.append(f'<td class="file"{title}><a href="#d{number}">{e(text)}</a></td>')
            elif field == "status":
                cells.append(f'<td class="status">{e(self.word(status))}</td>')
            elif field in _NUMERIC:
                # What the column sorts by: the number, and 0 for a blank.
                cells.append(f'<td class="n">{e(text)}</td>' if text else '<td class="n" data-v="0"></td>')
            elif field in _CUT:
                # A row is a line: the place to look, not a paragraph. A text wider than its column ends
                # in an ellipsis; the whole text is in the report's detail below, or else its hover text.
                short = (
                    text[: _FIRST_WIDTH - 1] + "…" if field == "first" and len(text) > _FIRST_WIDTH else text
                )
                wide = width_of(short) > _CUT[field] or short != text
                title = f' title="{e(text)}"' if wide and not (field == "first" and detail) else ""
                cells.append(f'<td class="{field}"{title}>{e(short)}</td>')
            else:
                cells.append(f"<td>{e(text)}</td>")
        codes = ""
        if validation is not None:
            errors = {f.code for f in validation.errors}
            warnings = {f.code for f in validation.warnings}
            self.failing.update(errors)
            self.warned.update(warnings)
            # The rules a row fails, for the filter (a rule's count above the table filters by it).
            codes = f' data-codes="{e(" ".join(sorted(errors | warnings)))}"' if errors | warnings else ""
        row = f'<tr class="{status}" data-status="{status}"{codes}>{"".join(cells)}</tr>'
        self.rows.append((self._place(summary, number), row))
        if detail is not None:
            self.details.append(self._detail(number, summary, *detail, reviewed=reviewed))

    @staticmethod
    def _place(summary: Mapping[str, Any], number: int) -> tuple[int, int, int, int]:
        """Failed first, then unreadable, then passed; most errors, then most warnings, first."""

        def count(field: str) -> int:
            value = summary.get(field)
            return value if isinstance(value, int) else 0

        return (_ORDER.get(str(summary["status"]), 3), -count("errors"), -count("warnings"), number)

    def _detail(
        self,
        number: int,
        summary: Mapping[str, Any],
        report: AnnualReport,
        validation: Validation,
        *,
        reviewed: Sequence[Mapping[str, Any]] = (),
    ) -> str:
        e = html.escape
        prefix = f"d{number}-"
        info = report.metadata
        out = [f'<section class="detail" id="d{number}">']
        out.append(
            f"<h2>{e(str(summary['file']))}：{e(info.agency)} {info.year or '?'} "
            f"（{e(self.word('template', version=info.version.value))}）"
            f' <span class="status">{e(self.word(str(summary["status"])))}</span></h2>'
        )
        out.append(
            "<p>"
            + e(
                self.word(
                    "found",
                    errors=len(validation.errors),
                    warnings=len(validation.warnings),
                    infos=len(validation.infos),
                )
            )
            + "</p>"
        )
        out.append('<ol class="findings">')
        # The likely cause first, then errors, warnings and infos. A few in all, chosen a rule at a time
        # (the first of each rule, then the second…), so that every rule the report fails shows if it can.
        ordered = sorted(validation, key=lambda f: (f.code != "likely-cause", f.severity.rank))
        seen: Counter[str] = Counter()
        turns = []
        for position, finding in enumerate(ordered):
            turns.append((seen[finding.code], position))
            seen[finding.code] += 1
        chosen = {
            position
            for turn, position in sorted(t for t in turns if t[0] < LISTED_PER_RULE)[:LISTED_PER_REPORT]
        }
        listed = [finding for position, finding in enumerate(ordered) if position in chosen]
        left = Counter(finding.code for position, finding in enumerate(ordered) if position not in chosen)
        for finding in listed:
            target = finding.cells[-1] if finding.cells else None
            where = e(finding.location.describe(self.lang))
            if target is not None:
                # The message names the row and column: the place is the link to the cell, short.
                _, row_key, column_key = target
                label = f"{row_key.label} / {column_key.label}"
                where = f'<a href="#{prefix}{_cell_key(target)}">{e(label)}</a>'
            detail = finding.detail_for(self.lang)
            lines = "".join(f"<li>{e(line)}</li>" for line in detail)
            message = e(finding.message_for(self.lang))
            out.append(
                f'<li class="{finding.severity.value}"><b>{e(finding.severity.label(self.lang))}</b> '
                f'<code>{e(finding.code)}</code> {where}：<span class="m">{message}</span>'
                + (f'<ul class="detail">{lines}</ul>' if detail else "")
                + "</li>"
            )
        out.append("</ol>")
        if left:
            counts = "、".join(self.word("more-count", count=n, code=code) for code, n in left.items())
            out.append(f'<p class="more">{e(self.word("more", counts=counts))}</p>')
        out += self._reviewed(reviewed)
        # The tables: the layout of the report's version (written once in the page) and these values.
        self.versions.add(info.version)
        values: list[str] = []
        index: dict[CellRef, int] = {}  # a cell by its place in the values (the layout's order)
        for kind in TableKind:
            table = report.table(kind)
            for row in table_layout(table.spec, table.values, str):
                for cell in row:
                    if not cell.header and cell.ref is not None:
                        index[cell.ref] = len(values)
                        values.append(cell.text)
        # Each marked cell names its findings by their place in the list (a finding not listed, by its
        # code): the script makes the cell's hover text from them, so a message is written once however
        # many cells it marks. Cells marked alike are grouped.
        place = {id(finding): number for number, finding in enumerate(listed)}
        by_code = {code: -1 - number for number, code in enumerate(left)}  # not listed: -1, -2, …
        groups: dict[tuple[str, tuple[int, ...]], list[int]] = {}
        for ref, (mark, found) in cell_marks(validation).items():
            if ref in index:
                named = tuple(
                    dict.fromkeys(place[id(f)] if id(f) in place else by_code[f.code] for f in found[:10])
                )
                groups.setdefault((mark[0], named), []).append(index[ref])
        # As text, compactly: "e1,-1:45,52;s1,2,0:175" (a group's mark, findings, then cells).
        marks = ";".join(
            f"{mark}{','.join(map(str, named))}:{','.join(map(str, cells))}"
            for (mark, named), cells in groups.items()
        )
        unlisted = f' data-unlisted="{e(" ".join(left))}"' if left else ""
        out.append(
            f'<details class="tables" id="d{number}-tables" data-version="{e(info.version.value)}"'
            f' data-values="{e("|".join(values))}"{unlisted} data-marks="{marks}">'
            f"<summary>{e(self.word('tables'))}</summary></details>"
        )
        out.append("</section>")
        return "\n".join(out)

    def _rule_counts(self) -> list[str]:
        """One line above the table: for each rule, how many reports fail it (then warn of it).

        Each count links to the summary filtered to those reports.
        """
        if not self.failing and not self.warned:
            return []
        e = html.escape

        def entries(counted: Counter[str], kind: str) -> str:
            return " ".join(
                f'<a class="{kind}" href="?q={e(code)}" title="{e(_title(code, self.lang))}">'
                f"<code>{e(code)}</code> {count}</a>"
                for code, count in sorted(counted.items(), key=lambda item: (-item[1], item[0]))
            )

        line = f"<strong>{e(self.word('rules'))}</strong>" + entries(self.failing, "error")
        if self.warned:
            warned = f' <span class="warning">{e(self.word("warned"))}</span>'
            line += warned + entries(self.warned, "warning")
        return [f'<p id="rules">{line}</p>']

    def _reviewed(self, reviewed: Sequence[Mapping[str, Any]]) -> list[str]:
        """The reviewers' decisions about a report's findings: what, by whom, when, and why."""
        if not reviewed:
            return []
        e = html.escape
        out = [f"<h3>{e(self.word('reviewed'))}</h3>", '<ul class="reviewed">']
        for row in reviewed:
            status = str(row["decision"])
            decided = self.word("decided", by=row["decided_by"], at=row["decided_at"])
            reason = f"：{e(str(row['decision_reason']))}" if row.get("decision_reason") else ""
            out.append(
                f'<li class="{e(status)}"><strong>{e(self.word(status))}</strong> '
                f'<span class="code">{e(str(row["code"]))}</span> {e(str(row["where"]))}：'
                f"{e(str(row[f'message_{self.lang}']))} <em>（{e(decided)}{reason}）</em>"
                f' <code title="key">{e(str(row["key"]))}</code></li>'
            )
        out.append("</ul>")
        return out

    def render(self) -> str:
        """The page."""
        e = html.escape
        total = sum(self.counts.values())
        counts = self.word("counts", total=total, **self.counts)
        numeric = ' data-type="number"'
        headings = "".join(
            f'<th scope="col" data-field="{field}"{numeric if field in _NUMERIC else ""}>'
            f"{e(self.word(field))}</th>"
            for field in SUMMARY_FIELDS
        )
        options = "".join(
            f'<option value="{value}">{e(self.word(value or "all"))}</option>'
            for value in ("", "failed", "unreadable", "passed")
        )
        body = [
            f"<h1>{e(self.word('title'))}</h1>",
            f'<p id="counts">{e(counts)}</p>',
            *self._rule_counts(),
            '<div class="controls">'
            f'<input id="filter" type="search" placeholder="{e(self.word("filter"))}"'
            f' aria-label="{e(self.word("filter"))}">'
            f'<select id="status" aria-label="{e(self.word("status"))}">{options}</select>'
            f'<span>{e(self.word("shown"))} <span id="shown">{total}</span> / {total}'
            f" · {e(self.word('sort'))}</span></div>",
            f'<table id="summary"><thead><tr>{headings}</tr></thead><tbody>',
            *(row for _, row in sorted(self.rows)),
            "</tbody></table>",
            # Charts of a batch: one report has none worth drawing (its tables follow, open).
            *([charts_html(self.charts, self.word("charts"))] if self.charts and total > 1 else []),
            *self.details,
        ]
        if total == 1 and self.details:  # one report checked: its tables are what the reader came for
            body[-1] = body[-1].replace('<details class="tables"', '<details open class="tables"', 1)
        templates = [
            f'<template id="{_template_id(version, kind)}">'
            + "".join(table_html(TABLE_CLASSES[kind].build(version=version, default=None), str, True))
            + "</template>"
            for version in sorted(self.versions, key=lambda v: v.value)
            for kind in TableKind
        ]
        lang = "zh-CN" if self.lang == "zh" else "en"
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(self.word('title'))}</title>\n"
            f"<style>\n{STYLE}\n{_EXTRA_STYLE}\n{chart_style()}\n</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body)
            + "\n</main>\n"
            + "\n".join(templates)
            + f"\n<script>\n{_SCRIPT}\n</script>\n</body>\n</html>\n"
        )


def _title(code: str, lang: Language) -> str:
    """A rule's short title (its code where the catalogue has none)."""
    found = RULES.get(code)
    if found is None:
        return code
    return found.title_zh if lang == "zh" else found.title_en


def _template_id(version: TemplateVersion, kind: TableKind) -> str:
    return f"t-{version.value}-{kind.key}"


def _cell_key(ref: CellRef) -> str:
    table, row, column = ref
    return f"{table.key}.{row.key}.{column.key}"
