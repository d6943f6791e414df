"""What ``validate`` writes of the reports it checked: text, CSV or JSON lines, a summary, the HTML page.

Whatever the output, the run ends with one line of counts that add up to the inputs given.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._io.cells import guard_row
from .._io.files import write_file
from .._language import Language, said
from .._validation import FLAT_COLUMNS
from .checking import DECISION_COLUMNS, Checked, validate_again
from .exits import Exit, closing
from .messages import message, say
from .progress import Progress

if TYPE_CHECKING:
    import csv

    from .._indicators import IndicatorRow
    from .._io.write.batch_page import BatchPage

SUMMARY_COLUMNS: Final = (
    "file",
    "agency",
    "year",
    "version",
    "status",
    "errors",
    "warnings",
    "first_code",
    "first_zh",
    "first_en",
)
"""The columns of a machine ``--summary``: a row per input, whether it passed, failed or could not be read,
and what to fix first (or why it could not be read) as a stable code and in both languages."""
IDENTITY_COLUMNS: Final = ("file", "agency", "year", "version", "status")
"""The columns before a finding's in the per-finding CSV: whose report it is, and its status."""

MACHINE: Final = ("csv", "jsonl", "json")
"""The outputs for programs: every input in them, its status, stable codes, both languages."""


def write_results(
    checked: Iterable[Checked],
    output: str,
    html: Path | None,
    progress: Progress | None,
    *,
    summary: bool = False,
    lang: Language = "zh",
    keyed: bool = False,
) -> int:
    """Write each checked report as it comes, then the page and the counts; the exit status.

    In the machine outputs (CSV, JSON lines) every input has a row (a line): a report without findings
    one with its status alone, an input that could not be read one with its status, its problem's code,
    where it is and what it is in both languages.
    """
    status = Exit.DONE
    counts = {"reports": 0, "invalid": 0, "unreadable": 0}
    columns = SUMMARY_COLUMNS if summary else (*IDENTITY_COLUMNS, *FLAT_COLUMNS)
    if keyed and not summary:
        columns = (*columns, *DECISION_COLUMNS)
    writer = None
    if output == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, columns, extrasaction="ignore")
        writer.writeheader()
    page = None
    if html is not None:  # the page's code, only when a page is asked for
        from .._io.write.batch_page import BatchPage

        page = BatchPage(lang)
    panel: list[IndicatorRow] = []
    page_findings: dict[str, set[tuple[str, str]]] = {}
    for item in checked:
        if progress is not None:
            progress.step()
        if page is not None:
            add_to_page(page, item, lang)
            if item.panel is not None:
                panel.append(item.panel)
                page_findings[item.panel.fingerprint] = {
                    (str(r["code"]), str(r["severity"])) for r in item.rows
                }
        if item.error is not None:
            if progress is not None:
                progress.say(item.error)
            else:
                say(item.error)
            counts["unreadable"] += 1
            status = Exit.PART_DONE
        else:
            counts["reports"] += 1
            if item.failed:
                counts["invalid"] += 1
                status = max(status, Exit.FINDINGS)
        if summary and output == "text":
            summary_line(item, lang)
        elif summary:
            _write_row(item.summary_row(), output, writer)
        elif output in MACHINE:
            for row in finding_rows(item) if writer is not None else [document(item, keyed)]:
                _write_row(row, output, writer)
        elif item.error is None:
            sys.stdout.write(item.text + reviewed_text(item.reviewed, lang))
    if progress is not None:
        progress.done()
    if page is not None and panel:
        from .._overview import overview_charts

        page.add_charts(overview_charts(panel, page_findings, lang=lang))
    if page is not None and html is not None:
        try:
            write_file(html, page.render())
        except OSError as error:
            say(f"{html}: {error.strerror or error}")
            status = Exit.PART_DONE
    # The counts add up to the reports given: each passed, failed, or could not be read.
    line = message(
        lang,
        "counts",
        total=counts["reports"] + counts["unreadable"],
        passed=counts["reports"] - counts["invalid"],
        failed=counts["invalid"],
        unreadable=counts["unreadable"],
    )
    # The summary always ends the run, with the exit status: on standard output beside the text, on
    # standard error beside machine-readable output.
    ending = "；" if lang == "zh" else "; "
    print(
        line + ending + closing(status, lang),
        file=sys.stdout if output == "text" and not summary else sys.stderr,
    )
    return status


def _write_row(row: dict[str, Any], output: str, writer: csv.DictWriter[str] | None) -> None:
    if writer is not None:
        writer.writerow(guard_row(row))  # a report's texts in a CSV file never become formulas
    else:
        print(json.dumps(row, ensure_ascii=False))


def finding_rows(item: Checked) -> list[dict[str, Any]]:
    """An input's rows of the per-finding CSV: a row per finding (dismissed ones too), else one row.

    An input that could not be read has one row: its status, the problem's code, place and messages.
    """
    agency, year, version = item.identity
    identity = {"file": item.name, "agency": agency, "year": year, "version": version, "status": item.status}
    if item.reason is not None:
        reason = item.reason
        problem = {
            "code": reason.code,
            "source": reason.place,
            "message_zh": reason.message_zh,
            "message_en": reason.message_en,
        }
        return [{**identity, **problem}]
    dismissed = [row for row in item.reviewed if row["decision"] == "dismissed"]
    rows = [*item.rows, *dismissed]
    return [{**identity, **row} for row in rows] or [identity]


def document(item: Checked, keyed: bool) -> dict[str, Any]:
    """An input's line of the JSON-lines output: whose report, its status, its findings, or its problem."""
    agency, year, version = item.identity
    reason = item.reason
    said: dict[str, Any] = {
        "file": item.name,
        "agency": agency or None,
        "year": year,
        "version": version or None,
        "status": item.status,
        "valid": None if reason is not None else item.valid,
        "findings": list(item.rows),
        "problem": None
        if reason is None
        else {
            "code": reason.code,
            "place": reason.place,
            "message_zh": reason.message_zh,
            "message_en": reason.message_en,
            "more": reason.more,
        },
    }
    if keyed:
        said["reviewed"] = list(item.reviewed)
    return said


def add_to_page(page: BatchPage, item: Checked, lang: Language) -> None:
    """A file's row on the HTML page, and its detail when it has errors or warnings."""
    worth = item.reviewed or any(r["severity"] in ("error", "warning") for r in item.rows)
    if item.report_json is None or not worth:
        page.add(item.summary(lang))
        return
    from .._io.json import from_json

    report = from_json(item.report_json)
    page.add(item.summary(lang), report, validate_again(report, item.rows), item.reviewed)


_STATUS_WORDS: Final = {
    "dismissed": ("已排除", "dismissed"),
    "confirmed": ("已确认", "confirmed"),
    "outdated": ("需复核（数字已变）", "look again (the figure changed)"),
}


def reviewed_text(reviewed: Sequence[dict[str, Any]], lang: Language) -> str:
    """The reviewers' decisions about a report's findings, under its findings in the text output."""
    lines = []
    for row in reviewed:
        zh, en = _STATUS_WORDS[row["decision"]]
        reason = f": {row['decision_reason']}" if row["decision_reason"] else ""
        lines.append(f"  {zh if lang == 'zh' else en:<8} {row['code']:<24} {row['where']}")
        lines.append(f"          {row['decided_by']} {row['decided_at']}{reason}  [{row['key']}]")
    return "\n".join(lines) + "\n" if lines else ""


def summary_line(item: Checked, lang: Language) -> None:
    """An input's line of the text ``--summary``: its status in words, who, counts, what to fix first."""
    row = item.summary(lang)
    year = "" if row["year"] is None else row["year"]
    shown = said(lang, row["status"])
    print(
        f"{shown}\t{row['file']}\t{row['agency']}\t{year}\t{row['errors']}\t{row['warnings']}\t{row['first']}"
    )
