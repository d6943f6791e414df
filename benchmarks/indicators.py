"""Benchmark: the indicator panel's rate, and the cost per report of finding copied text as a corpus grows.

Run:  python benchmarks/indicators.py [--panel 20000] [--copied 1000 100000]

The panel is timed on the seeded corpus of ``run.py`` (consistent 2021 reports): reports per second of
``indicators()``, best of three, and of ``rank()`` and ``spread()`` over it.

Copied text is timed on a corpus made on demand, report by report (memory stays that of the sketches):
agencies whose sections 一, 五 and 六 are sentences of stock phrases drawn from a shared pool (so unrelated
reports share phrases, as real ones do), each agency reporting two years; one report in twenty repeats last
year's section 五 with a character in fifty changed, and one in fifty copies another agency's. The figures
are the milliseconds per report (sketching, then comparing), how many other reports a section was
compared with (estimates and exact comparisons), the findings, and the largest memory held (tracemalloc).
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections.abc import Sequence
from typing import overload

import attrs
from run import corpus

from disclosure_report import AnnualReport, indicators, rank, spread
from disclosure_report import _similarity as similarity
from disclosure_report.examples import seed_report

_CHARACTERS = (
    "政府信息公开工作年度报告本机关主动申请办理依法规范管理平台建设监督保障问题改进情况其他事项无年月日件万元"
    "深化推进落实完善加强制度规定服务群众意见渠道网站栏目培训考核领导小组专题会议部署重点领域决策执行结果"
)


def _phrases(count: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(4, 12))) for _ in range(count)]


class Corpus(Sequence[AnnualReport]):
    """``size`` reports made on demand from their number: the same report for the same number."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.phrases = _phrases(3000)
        self.weights = [1 / (rank + 1) for rank in range(len(self.phrases))]  # a few phrases everywhere
        self.seed = seed_report()

    def __len__(self) -> int:
        return self.size

    def _section(self, rng: random.Random, sentences: int) -> str:
        words = rng.choices(self.phrases, self.weights, k=sentences * 6)
        return "。".join("，".join(words[i : i + 6]) for i in range(0, len(words), 6)) + "。"

    def _texts(self, agency: int, year: int) -> tuple[str, str, str]:
        rng = random.Random(agency * 10 + year)
        return self._section(rng, 12), self._section(rng, 8), self._section(rng, 3)

    @overload
    def __getitem__(self, index: int) -> AnnualReport: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[AnnualReport]: ...
    def __getitem__(self, index: int | slice) -> AnnualReport | Sequence[AnnualReport]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if not 0 <= index < self.size:
            raise IndexError(index)
        agency, year = divmod(index, 2)
        overview, problems, other = self._texts(agency, year)
        if agency % 20 == 3 and year == 1:  # last year's section 五 again, lightly edited
            rng = random.Random(index)
            previous = list(self._texts(agency, 0)[1])
            for _ in range(len(previous) // 50):
                previous[rng.randrange(len(previous))] = rng.choice(_CHARACTERS)
            problems = "".join(previous)
        if agency % 50 == 7:  # another agency's section 一 of the same year
            overview = self._texts(agency + 1, year)[0]
        info = attrs.evolve(self.seed.metadata, agency=f"机关{agency}", year=2022 + year)
        return attrs.evolve(
            self.seed, metadata=info, overview=overview, problems=problems, other_matters=other
        )


def panel(count: int) -> None:
    reports = list(corpus(count))
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        rows = indicators(reports)
        best = min(best, time.perf_counter() - started)
    print(f"indicators(): {count / best:,.0f} reports/s ({count} reports, {len(rows[0].values)} indicators)")
    started = time.perf_counter()
    rank(rows, "disclosed_share", small=True)
    spread(rows, "disclosed_share", small=True)
    print(f"rank() + spread() over them: {time.perf_counter() - started:.3f} s")


def copied(count: int) -> None:
    reports = Corpus(count)
    started = time.perf_counter()
    index = similarity.TextIndex()
    for report in reports:
        index.add(report)
    sketched = time.perf_counter() - started
    started = time.perf_counter()
    verified = sum(
        len(index.candidates(number, section))
        for number in range(count)
        for section in similarity.SECTIONS_COMPARED
    )
    searched = time.perf_counter() - started
    started = time.perf_counter()
    found = similarity.find_copied_text(reports)
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    codes: dict[str, int] = {}
    for validation in found:
        for finding in validation:
            codes[finding.code] = codes.get(finding.code, 0) + 1
    making = made(reports)
    print(
        f"copied text, {count:,} reports: find_copied_text {total / count * 1000:.2f} ms/report, of which "
        f"{making * 1000:.2f} making the report here and {(total / count - making) * 1000:.2f} the library's "
        f"(sketching {(sketched / count - making) * 1000:.2f}, finding candidates "
        f"{searched / count * 1000:.2f}, the rest comparing exactly); {verified / count:.2f} exact "
        f"comparisons/report; findings {codes}; peak memory of the process {peak:,.0f} MB"
    )


def made(reports: Corpus) -> float:
    """Seconds to make one report of the corpus (part of every figure above, not of the library's work)."""
    started = time.perf_counter()
    for number in range(200):
        reports[number].fingerprint  # noqa: B018 - what adding a report computes
    return (time.perf_counter() - started) / 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", type=int, default=20_000)
    parser.add_argument("--copied", type=int, nargs="*", default=[1_000, 100_000])
    args = parser.parse_args()
    if args.panel:
        panel(args.panel)
    for count in args.copied:
        copied(count)


if __name__ == "__main__":
    main()
