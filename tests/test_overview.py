"""Charts (static SVG in the pages, matplotlib for notebooks) and the command line's review features."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

from disclosure_report import (
    AgencyLevel,
    AnnualReport,
    Applicant,
    Chart,
    RequestRow,
    indicators,
    overview_charts,
    plot_chart,
    render_json,
)
from disclosure_report._cli import main
from disclosure_report._io.write.charts import ChartSeries, chart_svg
from disclosure_report.examples import seed_report

COPIED = (
    "本机关深入贯彻落实政府信息公开条例，健全工作机制，规范依申请公开办理流程，加强政府网站信息公开专栏建设。"
    * 3
)


@attrs.frozen
class Ran:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """The command, run in this process (its reading workers are still processes of their own)."""

    def command(*args: str, lang: str = "zh") -> Ran:
        status = main(["--lang", lang, *args])
        said = capsys.readouterr()
        return Ran(status, said.out, said.err)

    return command


def _report(number: int, *, granted: int, year: int = 2023, level: AgencyLevel | None = None) -> AnnualReport:
    seed = seed_report()
    cells = {
        (RequestRow.NEW, Applicant.NATURAL_PERSON): 20,
        (RequestRow.GRANTED, Applicant.NATURAL_PERSON): granted,
        (RequestRow.OTHER_OTHER, Applicant.NATURAL_PERSON): 20 - granted,
    }
    info = attrs.evolve(seed.metadata, agency=f"机关{number}", year=year, level=level)
    # Section 一 states no figure the tables contradict; 五 is the same in two reports.
    return attrs.evolve(
        seed,
        metadata=info,
        requests=seed.requests.build(cells),
        overview="",
        problems=COPIED if number < 2 else "",
    )


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    reports = [_report(n, granted=n, level=AgencyLevel.COUNTY) for n in range(6)]
    reports[3] = reports[3].with_table(
        reports[3].requests.replace({(RequestRow.GRANTED, Applicant.OTHER): None})
    )
    path = tmp_path / "batch.jsonl"
    path.write_text("".join(render_json(r, indent=None) + "\n" for r in reports), encoding="utf-8")
    return path


def test_a_chart_is_static_svg_that_says_its_values() -> None:
    chart = Chart(
        "lines",
        "中位数",
        ("2022", "2023"),
        (ChartSeries("县级", (0.25, 0.5)), ChartSeries("市级", (None, 0.75))),
        note="2 组太小未画",
        percent=True,
    )
    svg = chart_svg(chart)
    assert svg.count("<svg") == 1 and "<script" not in svg and "http" not in svg
    assert "<title>县级: 2023: 50%</title>" in svg and "<title>市级: 2023: 75%</title>" in svg
    assert "2 组太小未画" in svg and ">100%<" in svg
    assert 'stroke-dasharray="6 3"' in svg  # the second series is dashed: it prints apart in grey
    empty = Chart("bars", "空", ("a",), (ChartSeries("n", (None,)),))
    assert empty.empty and "∅" in chart_svg(empty)


def test_overview_charts_leave_out_small_samples_and_say_so() -> None:
    rows = indicators([_report(n, granted=n) for n in range(6)] + [_small()])
    charts = overview_charts(rows, {rows[0].fingerprint: {("blank-cell", "warning")}}, lang="en")
    histogram = charts[0]
    assert histogram.series[0].values[:4] == (2.0, 2.0, 2.0, 0.0)  # 0–25% in steps of 5%; 1 of 2 left out
    assert "6 reports; 1 left out for a denominator under 10" in histogram.note
    assert [c.title for c in charts][-2].startswith("Rules with errors")
    assert charts[-2].categories == ("blank-cell",)


def _small() -> AnnualReport:
    report = _report(9, granted=1)
    cells = {(RequestRow.NEW, Applicant.NATURAL_PERSON): 2, (RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1}
    cells[(RequestRow.OTHER_OTHER, Applicant.NATURAL_PERSON)] = 1
    return attrs.evolve(report, requests=report.requests.build(cells))


def test_plot_chart_draws_the_same_chart_with_matplotlib(tmp_path: Path) -> None:
    rows = indicators([_report(n, granted=2 * n, year=2022 + n % 2) for n in range(6)])
    chart = overview_charts(rows)[0]
    figure = plot_chart(chart)
    (axes,) = figure.axes
    assert axes.get_title() == chart.title
    assert [bar.get_height() for bar in axes.patches] == list(chart.series[0].values)
    figure.savefig(tmp_path / "chart.png")
    assert (tmp_path / "chart.png").stat().st_size > 1000


def test_the_batch_page_has_charts_and_the_decisions(
    batch: Path, tmp_path: Path, run: Callable[..., Ran]
) -> None:
    listed = run(
        "validate", str(batch), "--format", "csv", "--decisions", str(tmp_path / "d.toml"), "--jobs", "1"
    )
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    blank = next(r for r in rows if r["code"] == "blank-cell")
    assert blank["key"] == "2023|机关3||blank-cell|requests.granted.other" and blank["decision"] == ""
    decision = [
        "--dismiss",
        "--by",
        "王审核",
        "--reason",
        "原件为空白",
        "--decisions",
        str(tmp_path / "d.toml"),
    ]
    decided = run("decide", blank["key"], "--figure", blank["figure"], *decision)
    assert decided.returncode == 0, decided.stderr
    page = tmp_path / "page.html"
    again = run(
        "validate", str(batch), "--decisions", str(tmp_path / "d.toml"), "--html", str(page), "--jobs", "1"
    )
    assert "已排除" in again.stdout and "王审核" in again.stdout
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") >= 4 and "<h2>这批报告的图表</h2>" in text
    assert text.index('id="summary"') < text.index("charts-section") < text.index('class="detail"')
    assert "@media print" in text and "http" not in text
    # What was dismissed is shown, with who and when, in the report's detail.
    assert re.search(
        r'<li class="dismissed"><strong>已排除</strong> <span class="code">blank-cell</span>', text
    )
    # The CSV lists it as dismissed; a rerun after the figure changed lists the finding again.
    rerun = run(
        "validate", str(batch), "--format", "csv", "--decisions", str(tmp_path / "d.toml"), "--jobs", "1"
    )
    rows = list(csv.DictReader(io.StringIO(rerun.stdout)))
    assert [r["decision"] for r in rows if r["code"] == "blank-cell"] == ["dismissed"]


def test_compare_texts_finds_a_section_two_agencies_share(batch: Path, run: Callable[..., Ran]) -> None:
    result = run("validate", str(batch), "--compare-texts", "--format", "json", "--jobs", "1", lang="en")
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    codes = [{f["code"] for f in d["findings"]} for d in documents]
    assert ["text-shared-with-others" in c for c in codes] == [True, True, False, False, False, False]
    (shared,) = [f for f in documents[0]["findings"] if f["code"] == "text-shared-with-others"]
    assert shared["section"] == "problems" and "机关1 2023" in shared["message_en"]


def test_the_corpus_overview_page(batch: Path, tmp_path: Path, run: Callable[..., Ran]) -> None:
    corpus = tmp_path / "corpus.duckdb"
    assert run("export", str(batch), "--to", str(corpus), "--jobs", "1").returncode == 0
    page = tmp_path / "overview.html"
    result = run("report", str(corpus), "--html", str(page))
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert text.count("<svg") == 6 and "<script" not in text and "http" not in text
    assert "共 6 份报告" in text and "2023 / 县级" in text
    # The corpus's texts compared: the two reports that share section 五 are listed.
    assert "与本机关上一年度报告雷同 0 处，与同年度其他机关的报告雷同 2 处" in text
    assert text.count('<td class="code">text-shared-with-others</td>') == 2
    missing = run("report", str(tmp_path / "none.duckdb"), "--html", str(page))
    assert missing.returncode == 3 and "这里没有语料库" in missing.stderr  # in the language asked for


def test_a_wrong_decisions_file_is_said_before_any_work(
    batch: Path, tmp_path: Path, run: Callable[..., Ran]
) -> None:
    (tmp_path / "d.toml").write_text("[[decision]]\nkey = 1\n", encoding="utf-8")
    result = run("validate", str(batch), "--decisions", str(tmp_path / "d.toml"))
    assert result.returncode == 3 and "第 1 条审核意见" in result.stderr  # in the language asked for
