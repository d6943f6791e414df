"""``validate --series``: each agency's reports as a series of years, each checked against the year before.

Every report is read first (in worker processes, with the limits); the years are lined up and checked
in this process.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from .._io.batch import units
from .._io.json import render_json
from .._io.read.result import ReadResult
from .._io.workers import Failed, WarmUp, run_grouped
from .._language import Language
from .._validation import Decisions, apply_decisions
from .checking import (
    Checked,
    Options,
    Reason,
    bug,
    loaded_or_error,
    render_validation,
    tasks,
    with_copied_text,
)
from .messages import message, say
from .options import Limits
from .progress import Progress
from .results import write_results


def check_series(
    paths: Sequence[str],
    output: str,
    *,
    strict: bool,
    html: Path | None,
    jobs: int,
    limits: Limits,
    summary: bool = False,
    agency: str | None = None,
    year: int | None = None,
    lang: Language = "zh",
    decisions: Decisions | None = None,
    compare_texts: bool = False,
    warm: WarmUp | None = None,
) -> int:
    """Validate the reports of each agency as a series: every year against the year before."""
    loaded: list[tuple[str, ReadResult]] = []
    failures: list[Checked] = []
    given = list(units(paths))
    read = functools.partial(loaded_or_error, agency=agency, year=year, lang=lang)
    grouped = run_grouped(
        read, tasks(given), merge=list, jobs=jobs, timeout=limits.timeout, memory=limits.memory, warm=warm
    )
    # A task's reports, one by one; an input that failed on its own limits is one outcome too.
    outcomes = (one for outcome in grouped for one in ([outcome] if isinstance(outcome, Failed) else outcome))
    progress = Progress.on_terminal(paths)  # reading is the slow part: the years are checked at once
    for unit, outcome in zip(given, outcomes, strict=True):
        if progress is not None:
            progress.step()
        if isinstance(outcome, Failed):
            failures.append(Checked.unreadable(unit.shown, Reason.failed(outcome), lang))
        elif isinstance(outcome, Checked):
            failures.append(outcome)
        else:
            loaded.append((unit.shown, outcome))
    if progress is not None:
        progress.done()
    by_agency: dict[str, list[tuple[str, ReadResult]]] = {}
    checked: list[Checked] = list(failures)
    years: dict[str, int] = {}
    for name, result in loaded:
        stated = result.report.metadata.year
        if stated is None:  # a report whose year is unknown has no place in a series
            checked.append(Checked.unreadable(name, Reason.said("no-year", "series-no-year"), lang))
            continue
        years[name] = stated
        by_agency.setdefault(result.report.metadata.agency, []).append((name, result))
    for agency_name, items in by_agency.items():
        items.sort(key=lambda item: years[item[0]])
        files_by_year: dict[int, list[str]] = {}
        for name, _ in items:
            files_by_year.setdefault(years[name], []).append(name)
        # Two reports of one name for one year (a republished report, or two agencies of the same
        # name): which one the year before or after is compared with cannot be told, so neither is.
        for year_given, names in files_by_year.items():
            if len(names) > 1:
                said = message(
                    lang, "series-ambiguous", agency=agency_name, year=year_given, files=", ".join(names)
                )
                if output == "text" and not summary:
                    print(said)
                else:
                    say(said)
        by_year = {
            years[name]: result.report for name, result in items if len(files_by_year[years[name]]) == 1
        }
        for name, result in items:
            try:
                year_of = years[name]
                alone = len(files_by_year[year_of]) == 1
                validation = result.validate(previous=by_year.get(year_of - 1) if alone else None)
                if decisions is not None:
                    validation = apply_decisions(result.report, validation, decisions)
            except ValueError as error:  # not met: each year is checked against the year before it
                checked.append(Checked.unreadable(name, bug(error), lang))
                continue
            failed = not validation.valid or (strict and bool(validation.warnings))
            text = render_validation(name, result.report, validation, lang) if output == "text" else ""
            keep = html is not None or compare_texts
            kept = render_json(result.report, indent=None) if keep else None
            keyed = decisions is not None
            checked.append(
                Checked.of(name, result.report, validation, failed, text, kept, keyed=keyed, lang=lang)
            )
    if compare_texts:
        options = Options(output, strict, None, True, limits, agency, year, lang, decisions)
        checked = with_copied_text(checked, options)
    return write_results(checked, output, html, None, summary=summary, lang=lang, keyed=decisions is not None)
