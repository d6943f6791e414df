"""The overview of many reports: the charts of the main indicators and of failing rules, and a page of them.

The charts are built once as data (:class:`~disclosure_report.Chart`, from the indicator panel and the
findings) and drawn either as static SVG in the batch page and the corpus overview page
(``disclosure-report report CORPUS --html``), or by matplotlib for a notebook (:func:`plot_chart`, the
``charts`` extra). A value over a small sample, and a group of peers too small for a median, are left out
of the charts, and each chart's note says how many.
"""

from __future__ import annotations

import collections
import datetime
import html
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final, overload

from ._form import Section
from ._indicators import INDICATORS, MINIMUM_GROUP, IndicatorRow, IndicatorValue, spread
from ._io.write.charts import Chart, ChartSeries, chart_style, charts_html
from ._io.write.html import STYLE
from ._language import Language
from ._model import AgencyLevel, Metadata
from ._similarity import SECTIONS_COMPARED, find_copied_text
from ._validation import Validation

if TYPE_CHECKING:
    import duckdb
    from matplotlib.figure import Figure

__all__ = [
    "MAIN_INDICATORS",
    "CorpusTexts",
    "corpus_copied_text",
    "corpus_findings",
    "corpus_rows",
    "overview_charts",
    "overview_page",
    "plot_chart",
    "render_overview",
    "reports_findings",
]

MAIN_INDICATORS: Final = ("disclosed_share", "withheld_share", "carry_forward_rate")
"""The indicators the overview shows: 予以公开+部分公开, 不予公开 and carried forward."""
_BINS: Final = 10
_TOP_RULES: Final = 12

_WORDS: Final[Mapping[str, tuple[str, str]]] = {
    "distribution": ("{indicator}的分布", "Distribution: {indicator}"),
    "median": ("{indicator}的中位数（按年度、层级）", "Median by year and level: {indicator}"),
    "reports": ("报告数", "Reports"),
    "reports by year": ("报告数（按年度）", "Reports by year"),
    "year": ("年度", "Year"),
    "share": ("比例", "Share"),
    "rules": ("出现错误或警告的规则（报告数）", "Rules with errors or warnings (reports)"),
    "failing": ("有错误的报告比例（按年度、层级）", "Share of reports with errors, by year and level"),
    "rule": ("规则", "Rule"),
    "unknown level": ("层级不明", "level unknown"),
    "counted": (
        "{counted} 份报告；{small} 份因分母少于 {minimum} 未计入；{none} 份无法计算（空白单元格或分母为0）",
        "{counted} reports; {small} left out for a denominator under {minimum}; {none} without a value "
        "(a blank cell, or a denominator of 0)",
    ),
    "groups": (
        "每组（年度×层级）至少 {minimum} 份报告才画中位数；{small} 组太小未画",
        "A median is drawn for a group (year × level) of at least {minimum} reports; {small} group(s) too "
        "small left out",
    ),
    "rules note": (
        "共 {reports} 份报告，列出最常见的 {shown} 条规则",
        "{reports} reports; the {shown} most common rules",
    ),
    "title": ("政府信息公开工作年度报告语料库概览", "Overview of a corpus of annual reports"),
    "summary": (
        "共 {reports} 份报告，{years}；其中 {invalid} 份有错误。",
        "{reports} reports, {years}; {invalid} of them with errors.",
    ),
    "spread": ("主要指标的分布（按年度、层级）", "The main indicators by year and level"),
    "group": ("年度 / 层级", "Year / level"),
    "size": ("报告数", "Reports"),
    "too small": ("太少，不计算", "too few"),
    "charts": ("图表", "Charts"),
    "made": ("生成于 {when}，来源：{source}", "Made on {when} from {source}"),
    "copied": ("文字雷同", "Copied text"),
    "copied counts": (
        "与本机关上一年度报告雷同 {last} 处，与同年度其他机关的报告雷同 {others} 处"
        "（相同部分的 5 字片段至少七成相同）。",
        "{last} section(s) copied from the agency's report of the year before, {others} shared with other "
        "agencies' reports of the year (at least 70% of the 5-character runs alike).",
    ),
    "more copied": ("只列出前 {shown} 处，共 {total} 处。", "The first {shown} of {total} are listed."),
}


def _word(lang: Language, key: str, **values: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**values)


def _title(key: str, lang: Language) -> str:
    indicator = INDICATORS[key]
    return indicator.title_zh if lang == "zh" else indicator.title_en


def _level(level: str | None, lang: Language) -> str:
    if level is None:
        return _word(lang, "unknown level")
    return AgencyLevel(level).label if lang == "zh" else level.replace("_", " ")


def _histogram(rows: Sequence[IndicatorRow], key: str, lang: Language, minimum: int) -> Chart:
    counts = [0] * _BINS
    small = none = 0
    for row in rows:
        value = row.values[key]
        if value.value is None:
            none += 1
        elif value.small:
            small += 1
        else:
            counts[min(int(value.value * _BINS), _BINS - 1)] += 1
    categories = tuple(f"{10 * n}–{10 * (n + 1)}%" for n in range(_BINS))
    return Chart(
        "bars",
        _word(lang, "distribution", indicator=_title(key, lang)),
        categories,
        (ChartSeries(_word(lang, "reports"), tuple(float(c) for c in counts)),),
        x_label=_title(key, lang),
        y_label=_word(lang, "reports"),
        note=_word(lang, "counted", counted=sum(counts), small=small, minimum=minimum, none=none),
    )


def _medians(rows: Sequence[IndicatorRow], key: str, lang: Language) -> Chart:
    spreads = spread(rows, key, by=("year", "level"), minimum_group=MINIMUM_GROUP)
    years = sorted({s.group[0] for s in spreads}, key=str)
    levels = sorted({s.group[1] for s in spreads}, key=lambda level: (level is None, str(level)))
    by_group = {s.group: s for s in spreads}
    series = []
    for level in levels:
        values: list[float | None] = []
        for year in years:
            found = by_group.get((year, level))
            values.append(None if found is None or found.p50 is None else float(found.p50))
        series.append(ChartSeries(_level(level if isinstance(level, str) else None, lang), tuple(values)))
    too_small = sum(1 for s in spreads if s.too_small)
    return Chart(
        "lines",
        _word(lang, "median", indicator=_title(key, lang)),
        tuple(str(year) for year in years),
        tuple(series),
        x_label=_word(lang, "year"),
        y_label=_word(lang, "share"),
        note=_word(lang, "groups", minimum=MINIMUM_GROUP, small=too_small),
        percent=True,
    )


def overview_charts(
    rows: Sequence[IndicatorRow],
    findings: Mapping[str, Collection[tuple[str, str]]] | None = None,
    *,
    lang: Language = "zh",
    minimum: int = 10,
) -> list[Chart]:
    """The charts of a batch or corpus: distributions and trends of the main indicators, and failing rules.

    Args:
        rows: The indicator panel (:func:`~disclosure_report.indicators`).
        findings: Each report's findings as ``(code, severity)``, by fingerprint; the failing-rule charts
            are drawn when given.
        lang: The language of titles and notes.
        minimum: The minimum sample the panel was made with (said in the notes).

    Returns:
        The charts, each a :class:`~disclosure_report.Chart` to draw with :func:`plot_chart` (or as SVG
        in the pages).

    .. versionadded:: 0.1.0
    """
    charts = [
        _histogram(rows, "disclosed_share", lang, minimum),
        _histogram(rows, "withheld_share", lang, minimum),
        _medians(rows, "disclosed_share", lang),
    ]
    by_year = collections.Counter(row.year for row in rows if row.year is not None)
    years = sorted(by_year)
    charts.append(
        Chart(
            "bars",
            _word(lang, "reports by year"),
            tuple(str(y) for y in years),
            (ChartSeries(_word(lang, "reports"), tuple(float(by_year[y]) for y in years)),),
            x_label=_word(lang, "year"),
            y_label=_word(lang, "reports"),
        )
    )
    if findings is not None:
        charts += _rule_charts(rows, findings, lang)
    return charts


def _rule_charts(
    rows: Sequence[IndicatorRow], findings: Mapping[str, Collection[tuple[str, str]]], lang: Language
) -> list[Chart]:
    reports_with = collections.Counter[str]()
    for found in findings.values():
        reports_with.update({code for code, severity in found if severity in ("error", "warning")})
    common = reports_with.most_common(_TOP_RULES)
    rules = Chart(
        "bars",
        _word(lang, "rules"),
        tuple(code for code, _ in common),
        (ChartSeries(_word(lang, "reports"), tuple(float(count) for _, count in common)),),
        x_label=_word(lang, "rule"),
        y_label=_word(lang, "reports"),
        note=_word(lang, "rules note", reports=len(rows), shown=len(common)),
    )
    groups: dict[tuple[int, str | None], list[bool]] = {}
    for row in rows:
        if row.year is None:  # a report of no stated year has no place on a line of years
            continue
        failed = any(severity == "error" for _, severity in findings.get(row.fingerprint, ()))
        groups.setdefault((row.year, row.level), []).append(failed)
    years = sorted({year for year, _ in groups})
    levels = sorted({level for _, level in groups}, key=lambda level: (level is None, str(level)))
    series = []
    too_small = 0
    for level in levels:
        values: list[float | None] = []
        for year in years:
            group = groups.get((year, level), [])
            if len(group) < MINIMUM_GROUP:
                too_small += bool(group)
                values.append(None)
            else:
                values.append(sum(group) / len(group))
        series.append(ChartSeries(_level(level, lang), tuple(values)))
    failing = Chart(
        "lines",
        _word(lang, "failing"),
        tuple(str(y) for y in years),
        tuple(series),
        x_label=_word(lang, "year"),
        y_label=_word(lang, "share"),
        note=_word(lang, "groups", minimum=MINIMUM_GROUP, small=too_small),
        percent=True,
    )
    return [rules, failing]


def plot_chart(chart: Chart, *, ax: Any = None) -> Figure:
    """Draw a chart with matplotlib (the ``charts`` extra), as the pages draw it in SVG.

    Args:
        chart: A chart of :func:`overview_charts` (or one of your own).
        ax: The matplotlib axes to draw on; a new figure by default.

    Returns:
        The figure (``figure.savefig("chart.png")`` writes it).

    Raises:
        ModuleNotFoundError: matplotlib is not installed (the message says what to install).

    .. versionadded:: 0.1.0
    """
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)  # no window: a file, or a notebook's inline image
        import matplotlib.pyplot as plt
    except ModuleNotFoundError as error:
        raise ModuleNotFoundError(
            "plot_chart needs matplotlib: pip install 'disclosure-report[charts]'", name=error.name
        ) from None
    with matplotlib.rc_context({"font.family": _cjk_fonts(matplotlib)}):
        return _plot(chart, ax, plt, matplotlib)


def _cjk_fonts(matplotlib: Any) -> list[str]:
    """The fonts installed that have Chinese characters, first; matplotlib's own after (for the rest)."""
    names = {font.name for font in matplotlib.font_manager.fontManager.ttflist}
    return [name for name in _CJK_FONTS if name in names] + ["DejaVu Sans"]


# Fonts with Chinese characters on Linux (Debian's fonts-noto-cjk, fonts-wqy-*), macOS and Windows.
_CJK_FONTS: Final = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
)


def _plot(chart: Chart, ax: Any, plt: Any, matplotlib: Any) -> Figure:
    if ax is None:
        figure, ax = plt.subplots(figsize=(7.2, 3.2), layout="constrained")
    else:
        figure = ax.figure
    positions = range(len(chart.categories))
    shades = ("#222222", "#777777", "#aaaaaa", "#444444", "#999999", "#555555")
    styles = ("-", "--", ":", "-.", (0, (1, 2)), (0, (8, 2)))
    markers = ("o", "s", "^", "D", "o", "s")
    count = max(len(chart.series), 1)
    for index, series in enumerate(chart.series):
        values = [float("nan") if v is None else v for v in series.values]
        if chart.kind == "bars":
            width = 0.8 / count
            ax.bar(
                [p - 0.4 + width * (index + 0.5) for p in positions],
                values,
                width,
                label=series.name,
                color=shades[index % 6],
                edgecolor="black",
                linewidth=0.5,
            )
        else:
            ax.plot(
                list(positions),
                values,
                label=series.name,
                color=shades[index % 6],
                linestyle=styles[index % 6],
                marker=markers[index % 6],
            )
    ax.set_xticks(list(positions), chart.categories, rotation=35 if len(chart.categories) > 8 else 0)
    ax.set_title(chart.title)
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    if chart.percent:
        ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        ax.set_ylim(0, 1)
    if len(chart.series) > 1:
        ax.legend()
    if chart.note:
        figure.text(0.01, 0.0, chart.note, fontsize=7, va="bottom")
    drawn: Figure = figure
    return drawn


# --- a corpus --------------------------------------------------------------------------------------------


def corpus_rows(connection: duckdb.DuckDBPyConnection) -> list[IndicatorRow]:
    """The indicator panel of a corpus, from its ``indicators`` view (without year-over-year changes)."""
    cursor = connection.execute("SELECT * FROM indicators ORDER BY year, agency, fingerprint")
    names = [column[0] for column in cursor.description]
    rows = []
    for record in cursor.fetchall():
        got = dict(zip(names, record, strict=True))
        values: dict[str, IndicatorValue] = {}
        for key in INDICATORS:
            top, bottom = got[f"{key}_numerator"], got[f"{key}_denominator"]
            top = None if top is None else int(top)
            bottom = None if bottom is None else int(bottom)
            small = bool(got[f"{key}_small"]) if got[f"{key}_small"] is not None else False
            if top is None or bottom is None:
                values[key] = IndicatorValue(top, bottom, None, "a cell it needs is blank", small)
            elif bottom == 0:
                values[key] = IndicatorValue(top, bottom, None, "the denominator is 0", small)
            else:
                values[key] = IndicatorValue(top, bottom, Fraction(top, bottom), None, small)
        rows.append(
            IndicatorRow(
                fingerprint=got["fingerprint"],
                agency=got["agency"],
                year=int(got["year"]),
                version=got["version"],
                level=got["level"],
                region=got["region"],
                division_code=got["division_code"],
                values=values,
            )
        )
    return rows


def corpus_findings(connection: duckdb.DuckDBPyConnection) -> dict[str, set[tuple[str, str]]]:
    """Each report's findings of a corpus as ``(code, severity)``, by fingerprint.

    Those reviewers dismissed are left out, as the batch page leaves them out (a corpus written before
    decisions had a view has none).
    """
    reviewed = connection.execute(
        "SELECT count(*) FROM duckdb_views() WHERE view_name = 'reviewed_findings'"
    ).fetchone()
    query = "SELECT fingerprint, code, severity FROM " + (
        "reviewed_findings WHERE decision IS DISTINCT FROM 'dismissed'"
        if reviewed and reviewed[0]
        else "findings"
    )
    found: dict[str, set[tuple[str, str]]] = {}
    for fingerprint, code, severity in connection.execute(query).fetchall():
        found.setdefault(fingerprint, set()).add((code, severity))
    return found


class _CorpusTexts:
    """A corpus report's texts, as the copied-text comparison reads them."""

    __slots__ = ("fingerprint", "metadata", "texts")

    def __init__(self, row: tuple[Any, ...]) -> None:
        fingerprint, agency, year, region, title, *texts = row
        self.fingerprint: str = fingerprint
        self.metadata = Metadata(agency=agency, year=int(year), region=region, title=title)
        self.texts: dict[Section, str | None] = dict(zip(SECTIONS_COMPARED, texts, strict=True))

    def text(self, section: Section) -> str | None:
        return self.texts[section]


_TEXT_COLUMNS: Final = "fingerprint, agency, year, region, title, overview, problems, other_matters"


class CorpusTexts(Sequence[_CorpusTexts]):
    """A corpus's reports' texts, read from the database as they are asked for (memory stays flat).

    Read in order once (by file), then one at a time by position for the pairs compared exactly.
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        listed = connection.execute("SELECT fingerprint FROM reports ORDER BY file").fetchall()
        self.fingerprints: list[str] = [row[0] for row in listed]

    def __len__(self) -> int:
        return len(self.fingerprints)

    def __iter__(self) -> Iterator[_CorpusTexts]:
        cursor = self.connection.cursor().execute(f"SELECT {_TEXT_COLUMNS} FROM reports ORDER BY file")
        while batch := cursor.fetchmany(10_000):
            yield from (_CorpusTexts(row) for row in batch)

    @overload
    def __getitem__(self, index: int) -> _CorpusTexts: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[_CorpusTexts]: ...
    def __getitem__(self, index: int | slice) -> _CorpusTexts | Sequence[_CorpusTexts]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self.connection.execute(
            f"SELECT {_TEXT_COLUMNS} FROM reports WHERE fingerprint = ?", [self.fingerprints[index]]
        ).fetchone()
        assert row is not None
        return _CorpusTexts(row)


def corpus_copied_text(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, Validation]]:
    """The copied-text findings of a corpus's reports: each report's fingerprint and its findings."""
    texts = CorpusTexts(connection)
    return list(zip(texts.fingerprints, find_copied_text(texts), strict=True))


def _copied_table(
    copied: Sequence[tuple[str, Validation]], rows: Sequence[IndicatorRow], lang: Language
) -> str:
    e = html.escape
    who = {row.fingerprint: f"{row.agency} {row.year}" for row in rows}
    found = [(fingerprint, finding) for fingerprint, validation in copied for finding in validation]
    counts = collections.Counter(finding.code for _, finding in found)
    said = _word(
        lang,
        "copied counts",
        last=counts["text-copied-from-last-year"],
        others=counts["text-shared-with-others"],
    )
    out = [f"<h2>{e(_word(lang, 'copied'))}</h2>", f"<p>{e(said)}</p>"]
    if found:
        out.append('<table class="copied"><tbody>')
        for fingerprint, finding in found[:_COPIED_SHOWN]:
            out.append(
                f"<tr><th>{e(who.get(fingerprint, fingerprint[:16]))}</th>"
                f'<td class="code">{e(finding.code)}</td><td>{e(finding.message_for(lang))}</td></tr>'
            )
        out.append("</tbody></table>")
        if len(found) > _COPIED_SHOWN:
            out.append(
                f'<p class="note">{e(_word(lang, "more copied", shown=_COPIED_SHOWN, total=len(found)))}</p>'
            )
    return "\n".join(out)


_COPIED_SHOWN: Final = 200


def _spread_table(rows: Sequence[IndicatorRow], lang: Language) -> str:
    e = html.escape
    head = "".join(f'<th colspan="3">{e(_title(key, lang))}</th>' for key in MAIN_INDICATORS)
    out = [
        '<table class="spread"><thead>',
        f'<tr><th rowspan="2">{e(_word(lang, "group"))}</th>'
        f'<th rowspan="2">{e(_word(lang, "size"))}</th>{head}</tr>',
        "<tr>" + "<th>P10</th><th>P50</th><th>P90</th>" * len(MAIN_INDICATORS) + "</tr>",
        "</thead><tbody>",
    ]
    spreads = {key: spread(rows, key, by=("year", "level")) for key in MAIN_INDICATORS}
    sizes = collections.Counter((row.year, row.level) for row in rows)
    for group in sorted(sizes, key=lambda g: (g[0], g[1] is None, str(g[1]))):
        cells = []
        for key in MAIN_INDICATORS:
            found = next((s for s in spreads[key] if s.group == group), None)
            if found is None or found.too_small:
                cells.append(f'<td colspan="3" class="small">{e(_word(lang, "too small"))}</td>')
            else:
                cells += [
                    f"<td>{float(v) * 100:.1f}%</td>"
                    for v in (found.p10, found.p50, found.p90)
                    if v is not None
                ]
        label = f"{group[0]} / {_level(group[1], lang)}"
        out.append(f"<tr><th>{e(label)}</th><td>{sizes[group]}</td>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def render_overview(
    connection: duckdb.DuckDBPyConnection, *, source: str = "", lang: Language = "zh", texts: bool = True
) -> str:
    """The overview page of a corpus: counts, the spread of the main indicators, and the charts.

    Self-contained HTML: the charts are inline SVG (no script, no network), and the page prints.

    Args:
        connection: The corpus, as :func:`~disclosure_report.open_corpus` opens it.
        source: What to name as the corpus in the page.
        lang: The page's language.
        texts: Compare the reports' texts too (:func:`~disclosure_report.find_copied_text`: about 1 to
            3.5 ms a report, read from the corpus as it goes) and list what is copied.

    .. versionadded:: 0.1.0
    """
    copied = corpus_copied_text(connection) if texts else None
    return overview_page(
        corpus_rows(connection), corpus_findings(connection), source=source, lang=lang, copied=copied
    )


def overview_page(
    rows: Sequence[IndicatorRow],
    findings: Mapping[str, Collection[tuple[str, str]]],
    *,
    source: str,
    lang: Language = "zh",
    copied: Sequence[tuple[str, Validation]] | None = None,
) -> str:
    """The overview page of some reports' panel rows and findings (and copied text, when compared)."""
    e = html.escape
    years = sorted({row.year for row in rows if row.year is not None})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "–")
    invalid = sum(1 for row in rows if any(s == "error" for _, s in findings.get(row.fingerprint, ())))
    when = datetime.date.today().isoformat()
    body = [
        f"<h1>{e(_word(lang, 'title'))}</h1>",
        f"<p>{e(_word(lang, 'summary', reports=len(rows), years=span, invalid=invalid))}</p>",
        f'<p class="note">{e(_word(lang, "made", when=when, source=source))}</p>',
        f"<h2>{e(_word(lang, 'spread'))}</h2>",
        _spread_table(rows, lang),
        charts_html(overview_charts(rows, findings, lang=lang), _word(lang, "charts")),
        *([_copied_table(copied, rows, lang)] if copied is not None else []),
    ]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n'
        '<head>\n<meta charset="utf-8">\n'
        f"<title>{e(_word(lang, 'title'))}</title>\n<style>\n{STYLE}\n{chart_style()}\n"
        "table.spread td { text-align: right; } table.spread td.small { text-align: center; color: #555; }\n"
        "</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n"
    )


def reports_findings(
    items: Iterable[tuple[str, Iterable[Mapping[str, Any]]]],
) -> dict[str, set[tuple[str, str]]]:
    """Findings as ``(code, severity)`` by fingerprint, from flat rows (:meth:`Validation.rows`)."""
    return {fingerprint: {(str(r["code"]), str(r["severity"])) for r in rows} for fingerprint, rows in items}
