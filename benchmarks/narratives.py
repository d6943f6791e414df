"""The text check on generated narratives: false alarms on correct ones, and each wrong figure named.

Run:  python benchmarks/narratives.py [--reports 200]

For each of ``--reports`` generated consistent reports (seeded, as ``benchmarks/run.py`` makes them, with
a review and a litigation group), a section 一 is written from its tables' 总计 column in one of ten
wordings agencies use (in turn), every figure as the table states it. Then:

- false alarms: the correct narratives that get a ``text-contradicts-table`` warning (should be none);
- wrong figures named: one figure of each narrative is changed (the figures in turn, by 1 to 5), and the
  change counts as named when a ``text-contradicts-table`` warning states that figure's cell with the
  wrong value (a wrong figure that still agrees with another reading of its words is not named).

It imports whatever ``disclosure_report`` is first on the path, so the same command measures another
checkout: ``PYTHONPATH=/path/to/other/src python benchmarks/narratives.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from pathlib import Path

import attrs

from disclosure_report import (
    AnnualReport,
    Applicant,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    TableKind,
    validate,
)

sys.path.insert(0, str(Path(__file__).parent))
from run import make_report

FIGURES = {
    "new": (TableKind.REQUESTS, RequestRow.NEW, Applicant.TOTAL),
    "carried": (TableKind.REQUESTS, RequestRow.CARRIED_OVER, Applicant.TOTAL),
    "processed": (TableKind.REQUESTS, RequestRow.TOTAL, Applicant.TOTAL),
    "granted": (TableKind.REQUESTS, RequestRow.GRANTED, Applicant.TOTAL),
    "partial": (TableKind.REQUESTS, RequestRow.PARTIALLY_GRANTED, Applicant.TOTAL),
    "forward": (TableKind.REQUESTS, RequestRow.CARRIED_FORWARD, Applicant.TOTAL),
    "review": (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL),
}
"""The figures a narrative states that are each one cell of a 总计 column."""

_CHINESE = "零一二三四五六七八九"


def chinese(number: int) -> str:
    """A count in Chinese numerals, as a text writes it (up to 9,999)."""
    if number == 0:
        return "零"
    parts, zero = [], False
    for size, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, size)
        if digit:
            if zero:
                parts.append("零")
            parts.append(("" if digit == 1 and unit == "十" and not parts else _CHINESE[digit]) + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def full_width(number: int) -> str:
    return "".join(chr(ord(c) + 0xFEE0) for c in str(number))


WORDINGS: tuple[tuple[str, Callable[[int], str], str], ...] = (
    (
        "form order",
        str,
        "{year}年，本机关共新收政府信息公开申请{new}件，上年结转{carried}件，办结{processed}件，其中予以公开"
        "{granted}件、部分公开{partial}件，结转下年度继续办理{forward}件。因政府信息公开被申请行政复议{review}件。",
    ),
    (
        "received and answered",
        str,
        "{year}年度共收到政府信息公开申请{new}件，上年度结转{carried}件，全年答复{processed}件，"
        "结转下年度{forward}件。",
    ),
    (
        "outcomes first",
        str,
        "全年予以公开{granted}件，部分公开{partial}件，共办结政府信息公开申请{processed}件；本年新收申请{new}件，"
        "上年结转{carried}件。",
    ),
    (
        "respectively",
        str,
        "予以公开、部分公开分别为{granted}件、{partial}件。本年度新收政府信息公开申请{new}件，办结{processed}件。",
    ),
    (
        "Chinese numerals",
        chinese,
        "本年度共受理政府信息公开申请{new}件，上年结转{carried}件，办结{processed}件，结转下年度继续办理{forward}件。",
    ),
    (
        "full-width digits",
        full_width,
        "本年新收政府信息公开申请{new}件，上年结转{carried}件；办结{processed}件，其中予以公开{granted}件。",
    ),
    (
        "carried over first",
        str,
        "上年结转政府信息公开申请{carried}件，本年新收政府信息公开申请{new}件，本年度办结{processed}件，"
        "结转下年度继续办理{forward}件。",
    ),
    (
        "a unit's words",
        str,
        "{year}年，我局接到依申请公开{new}件，办理完毕{processed}件，其中予以公开{granted}件；"
        "政府信息公开行政复议{review}件。",
    ),
    (
        "spaces as PDFs print them",
        str,
        "{year} 年，本单位受理政府信息公开申请 {new} 件，上年结转 {carried} 件，办结 {processed} 件，"
        "部分公开 {partial} 件，结转下年度 {forward} 件。",
    ),
    (
        "review and litigation",
        str,
        "全年收到政府信息公开申请{new}件，办结{processed}件。本年度发生政府信息公开行政复议案件{review}件。",
    ),
)


def figures_of(report: AnnualReport) -> dict[str, int]:
    values = {}
    for name, (kind, row, column) in FIGURES.items():
        value = report.table(kind)[row, column]
        assert isinstance(value, int)
        values[name] = value
    return values


def narrative(wording: int, values: dict[str, int], year: int) -> str:
    _, write, text = WORDINGS[wording]
    return text.format(year=year, **{name: write(value) for name, value in values.items()})


def with_review(report: AnnualReport, rng: random.Random) -> AnnualReport:
    """The report with a review group of small counts, its total the sum."""
    results = {column: rng.choice((0, 0, 1, 2)) for column in list(ReviewColumn)[:4]}
    cells = {(ReviewRow.ADMINISTRATIVE_REVIEW, column): value for column, value in results.items()}
    cells[(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL)] = sum(results.values())
    return report.with_table(report.review_litigation.replace(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=200)
    options = parser.parse_args()
    rng = random.Random(44)
    false_alarms = named = 0
    missed: list[str] = []
    for number in range(options.reports):
        report = with_review(make_report(rng, number), rng)
        year = report.metadata.year
        wording = number % len(WORDINGS)
        values = figures_of(report)
        text = narrative(wording, values, year)
        found = validate(attrs.evolve(report, overview=text)).filter(code="text-contradicts-table")
        false_alarms += bool(found.findings)
        stated = [name for name in FIGURES if "{" + name + "}" in WORDINGS[wording][2]]
        name = stated[number // len(WORDINGS) % len(stated)]
        wrong = values[name] + rng.randint(1, 5)
        text = narrative(wording, {**values, name: wrong}, year)
        found = validate(attrs.evolve(report, overview=text)).filter(code="text-contradicts-table")
        if any(f.expected == wrong and FIGURES[name] in f.cells for f in found):
            named += 1
        else:
            missed.append(f"{WORDINGS[wording][0]}: {name} {values[name]} → {wrong}: {text}")
    total = options.reports
    print(f"correct narratives with a false alarm: {false_alarms}/{total}")
    print(f"wrong figures named: {named}/{total}")
    for line in missed:
        print("  missed:", line)


if __name__ == "__main__":
    main()
