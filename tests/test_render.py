"""Rendering to the published layouts, and reading back: every layout variant returns the same report."""

from __future__ import annotations

import re

import attrs
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import AnnualReport, from_html, from_text, render_html, render_text
from disclosure_report._io.read.assemble import region_of
from disclosure_report._io.write.layout import title_of
from disclosure_report.strategies import reports, texts

# Published text keeps words, not layout: no spaces, tabs or line breaks inside a line of section text.
# (No 年/报 either, so that a generated line never reads as the report's title.)
PUBLISHABLE = texts(
    alphabet="政府信息公开工作主动依法规范管理平台建设监督保障问题改进情况其他事项，、：“”（）", max_size=60
)
REPORTS = reports(consistent=False, blanks=True, text=PUBLISHABLE)


def _as_published(report: AnnualReport) -> AnnualReport:
    """What a published rendering keeps: a title is always printed; where the file came from and an empty
    preamble are not, nor a division code or level; the region is what the agency's name prints."""
    info = report.metadata
    metadata = attrs.evolve(
        info,
        title=title_of(report),
        source=None,
        region=region_of(info.agency),
        division_code=None,
        level=None,
    )
    return attrs.evolve(report, metadata=metadata, preamble=report.preamble or None)


@given(
    REPORTS,
    st.sampled_from(["own-line", "repeated"]),
    st.sampled_from(["full", "ascii"]),
    st.sampled_from(["simplified", "traditional"]),
)
def test_text_round_trip(report: AnnualReport, labels: str, punctuation: str, script: str) -> None:
    text = render_text(report, labels=labels, punctuation=punctuation, script=script)  # type: ignore[arg-type]
    result = from_text(text)
    assert result.report == _as_published(report)
    assert not [f for f in result.findings if f.code != "read-blank-marker"]


@given(
    REPORTS, st.booleans(), st.sampled_from(["full", "ascii"]), st.sampled_from(["simplified", "traditional"])
)
def test_html_round_trip(report: AnnualReport, merged: bool, punctuation: str, script: str) -> None:
    page = render_html(report, merged=merged, punctuation=punctuation, script=script)  # type: ignore[arg-type]
    result = from_html(page)
    assert result.report == _as_published(report)
    assert result.findings == ()


@given(REPORTS, texts(alphabet="政府<>&\"'/=!-—;#x公开", min_size=1, max_size=80))
def test_markup_characters_in_text_round_trip_through_html(report: AnnualReport, text: str) -> None:
    # What looks like markup in a text ("<a", "&amp;", "<!--") is escaped on the way out and read back
    # as the same characters.
    report = attrs.evolve(report, problems=text)
    result = from_html(render_html(report))
    assert result.report.problems == text


def test_html_is_escaped_and_accessible(seed: AnnualReport) -> None:
    page = render_html(attrs.evolve(seed, overview="<script>alert(1)</script>"))
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page
    assert '<html lang="zh-CN">' in page
    assert page.count("<caption>") == 3
    assert 'scope="row"' in page


# A number in a cell (a 2019 table's 本年增/减 may be negative, an amount has decimals): never a label.
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def as_markdown(text: str, *, delimiter: bool = True, empty_merged: bool = False) -> str:
    """A rendered text as an OCR or conversion pipeline writes it in Markdown: headings marked with ``#``,
    every line of cells a pipe-table row (the first of each table followed by a delimiter row); with
    ``empty_merged``, a row's repeated group labels become empty cells, as merged cells often do."""
    out: list[str] = []
    in_table = False
    for number, line in enumerate(text.split("\n")):
        if "\t" not in line:
            in_table = False
            if number == 0 and line:
                out.append(f"# {line}")
            elif line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") and len(line) < 40:
                out.append(f"## {line}")
            else:
                out.append(line)
            continue
        cells = line.split("\t")
        if empty_merged and out and out[-1].startswith("|"):
            previous = [c.strip() for c in out[-1].strip("|").split("|")]
            cells = [
                "" if i < len(previous) - 1 and c == previous[i] and not _NUMBER.fullmatch(c) else c
                for i, c in enumerate(cells)
            ]
        out.append("| " + " | ".join(cells) + " |")
        if not in_table and delimiter:
            out.append("|" + "---|" * len(cells))
        in_table = True
    return "\n".join(out)


@given(REPORTS, st.sampled_from(["own-line", "repeated"]), st.booleans(), st.booleans())
def test_markdown_round_trip(report: AnnualReport, labels: str, delimiter: bool, empty_merged: bool) -> None:
    text = render_text(report, labels=labels)  # type: ignore[arg-type]
    result = from_text(as_markdown(text, delimiter=delimiter, empty_merged=empty_merged))
    assert result.report == _as_published(report)
    assert not [f for f in result.findings if f.code != "read-blank-marker"]
