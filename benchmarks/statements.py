"""The statement reader's precision and recall on its two sentence tables, and the real samples' warnings.

Run:  python benchmarks/statements.py [--rows]

Reads ``tests/data/statements.tsv`` (the sentences the reader is tuned on) and
``tests/data/statements-heldout.tsv`` (sentences kept apart: never tuned on), and prints, for each, the
precision and recall of the statements read: a statement is a number and what it is about (a figure of
the tables, exact, approximate or a share, or a "none" statement). A number read as a statement that the
table says is something else (another body's, another year's, a part, a rate...) is a false statement:
it would be checked against the tables, and a false warning is what it can give. Each row names the
report it is read in (``report``: the agency and the year; a department of no name and the sentence's
first year when empty): whether a figure is this agency's and this year's depends on it.

The held-out table was written in rounds (notes of the second start ``v2:``, of the third ``v3:``), each
measured once before the reader learnt anything from it: the first before the reader's changes of issue
44, the second after them, the third after the second's misreadings were fixed. A round whose misreadings
were then fixed no longer measures untuned sentences: the last round is the honest figure. Each round is
printed, and the whole.

Later rounds are tables of their own, each written fresh, with reports defined by their table cells:
``tests/data/statements-heldout-2.tsv`` (the fourth round, measured before the reader's changes of its
round), ``tests/data/statements-heldout-3.tsv`` (the fifth, written after them and measured once) and
``tests/data/statements-heldout-4.tsv`` (the sixth, written after the fifth's fixes and measured once) and
``tests/data/statements-heldout-5.tsv`` (the seventh, written after the sixth's fixes and measured once)
and ``tests/data/statements-heldout-6.tsv`` (the eighth, written after the seventh's fixes by an engineer who
had not seen the reader's code, and measured once before anything was learnt from it) and
``tests/data/statements-heldout-7.tsv`` (the ninth: sentences of real published reports found through a
search of stored web pages, labelled and committed before the reader was run on them; measured once at
79.1% precision, 68.0% recall) and ``tests/data/statements-heldout-8.tsv`` (the tenth, written the same way
after the ninth's fixes and measured once: 86.8% precision, 83.6% recall) and
``tests/data/statements-heldout-9.tsv`` (the eleventh, after the tenth's fixes, measured once: 84.8%
precision, 75.7% recall) and ``tests/data/statements-heldout-10.tsv`` (the twelfth, after the eleventh's
fixes, measured once and left untouched: 100.0% precision and recall on its 14 statements) and
``tests/data/statements-heldout-11.tsv`` (the thirteenth, 64 sentences of 27 other real reports, frozen
before the certainty of statements was written and measured once with it, untouched: 92.9% precision and
81.2% recall of statements, 100.0% precision and 75.0% recall of warnings). Any other table of the same
columns can be named on the command line: ``python benchmarks/statements.py path.tsv``.

Beside each table's statements, what a reviewer sees: the statements that may warn (checked and sure, see
``statements.certainty``; a reader without it warns on every checked statement), their precision, and
their recall of the table's statements. A statement that is not sure is reported as not checked
(``text-figure-unsure``), never as a warning.

``--rows`` lists every row read otherwise than the table says. Then, for the real samples in
``../shared/samples`` (and ``tests/data/r002.html``), the ``text-contradicts-table`` warnings validation
gives: a real sample whose text agrees with its tables should have none.

It imports whatever ``disclosure_report`` is first on the path, so the same command measures another
checkout: ``PYTHONPATH=/path/to/other/src python benchmarks/statements.py``.
"""

from __future__ import annotations

import argparse
import collections
import csv
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from disclosure_report._validation import statements

ROOT = Path(__file__).resolve().parent.parent
TABLES = {
    "tuning": ROOT / "tests" / "data" / "statements.tsv",
    "held out": ROOT / "tests" / "data" / "statements-heldout.tsv",
    "held out, fourth round": ROOT / "tests" / "data" / "statements-heldout-2.tsv",
    "held out, fifth round": ROOT / "tests" / "data" / "statements-heldout-3.tsv",
    "held out, sixth round": ROOT / "tests" / "data" / "statements-heldout-4.tsv",
    "held out, seventh round": ROOT / "tests" / "data" / "statements-heldout-5.tsv",
    "held out, eighth round": ROOT / "tests" / "data" / "statements-heldout-6.tsv",
    "held out, ninth round": ROOT / "tests" / "data" / "statements-heldout-7.tsv",
    "held out, tenth round": ROOT / "tests" / "data" / "statements-heldout-8.tsv",
    "held out, eleventh round": ROOT / "tests" / "data" / "statements-heldout-9.tsv",
    "held out, twelfth round": ROOT / "tests" / "data" / "statements-heldout-10.tsv",
    "held out, thirteenth round": ROOT / "tests" / "data" / "statements-heldout-11.tsv",
}
SAMPLES = [
    ROOT.parent / "shared" / "samples" / name
    for name in ("r015.pdf", "r016.pdf", "r017.pdf", "seed-2023-emergency-center.txt")
] + [ROOT / "tests" / "data" / "r002.html"]
DEFAULT_AGENCY = "某县某局"
"""The agency of a row that names none: a department no sentence names."""
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")


def rows(path: Path) -> list[tuple[int, str, tuple[str, ...], str, str, int]]:
    """Each row: its line, sentence, readings, note, and the report's agency and year."""
    with path.open(encoding="utf-8", newline="") as file:
        found = list(csv.reader(file, delimiter="\t", quoting=csv.QUOTE_NONE))
    header = found[0]
    assert header[:3] == ["sentence", "readings", "note"], header
    result = []
    for line, row in enumerate(found[1:], start=2):
        sentence, readings, note = row[:3]
        report = row[3] if len(row) > 3 else ""
        agency, _, year = report.rpartition(" ")
        if not year.isdigit():
            agency, year = report, ""
        first = _YEAR.search(sentence)
        result.append(
            (
                line,
                sentence,
                tuple(r.strip() for r in readings.split(" ; ") if r.strip()),
                note,
                agency or DEFAULT_AGENCY,
                int(year) if year else int(first.group(1)) if first else 2023,
            )
        )
    return result


def reading(figure: Any) -> str:
    """A figure as the tables write it."""
    subject = figure.subject.id if figure.subject else ""
    return {
        "exact": f"{figure.number}={subject}",
        "approximate": f"{figure.number}{'%' if figure.reason == 'share' else ''}~{subject}",
        "share": f"{figure.number}%={subject}",
        "none": f"none={subject}",
        "other": f"{figure.number}=other",
        "unexplained": f"{figure.number}=?",
    }[figure.kind]


def resolver() -> Callable[[Any, str, int], Any]:
    """What the reader makes of a figure in a report of an agency and year (as it is, before it knew)."""
    found: Callable[[Any, str, int], Any] | None = getattr(statements, "for_report", None)
    return found if found is not None else (lambda figure, agency, year: figure)


def read(sentence: str, agency: str, year: int) -> tuple[str, ...]:
    return tuple(entry for entry, _sure in read_with_certainty(sentence, agency, year))


def read_with_certainty(sentence: str, agency: str, year: int) -> tuple[tuple[str, bool], ...]:
    """Each figure as the tables write it, and whether it is sure (may warn); all sure before certainty."""
    resolve = resolver()
    sure: Callable[[Any], str] = getattr(statements, "certainty", lambda figure: "")
    figures = (resolve(f, agency, year) for f in statements.read_figures(sentence))
    return tuple(
        (reading(f), f.kind in ("exact", "share", "none") and not sure(f))  # approximate: never checked
        for f in figures
        if f.number or f.kind == "none"
    )


def is_statement(entry: str) -> bool:
    return not entry.endswith(("=other", "=?"))


def scores(table: Iterable[tuple[int, str, tuple[str, ...], str, str, int]]) -> dict[str, Any]:
    """Precision and recall of the statements read, and the rows read otherwise than the table says."""
    found = expected = right = others = others_right = sure_found = sure_right = 0
    wrong: list[tuple[int, str, list[str], list[str]]] = []
    sentences = 0
    for line, sentence, readings, _note, agency, year in table:
        sentences += 1
        certain = read_with_certainty(sentence, agency, year)
        got = collections.Counter(entry for entry, _ in certain)
        want = collections.Counter(readings)
        got_statements = collections.Counter({k: v for k, v in got.items() if is_statement(k)})
        want_statements = collections.Counter({k: v for k, v in want.items() if is_statement(k)})
        found += sum(got_statements.values())
        expected += sum(want_statements.values())
        right += sum((got_statements & want_statements).values())
        # What a reviewer sees: the sure statements, the only ones that may warn.
        sure = collections.Counter(entry for entry, is_sure in certain if is_sure and is_statement(entry))
        sure_found += sum(sure.values())
        sure_right += sum((sure & want_statements).values())
        want_others = collections.Counter({k: v for k, v in want.items() if not is_statement(k)})
        others += sum(want_others.values())
        others_right += sum((want_others & got).values())
        if got != want:
            wrong.append((line, sentence, sorted(want.elements()), sorted(got.elements())))
    return {
        "sentences": sentences,
        "statements": expected,
        "read": found,
        "right": right,
        "precision": right / found if found else 1.0,
        "recall": right / expected if expected else 1.0,
        "sure": sure_found,
        "sure right": sure_right,
        "warning precision": sure_right / sure_found if sure_found else 1.0,
        "warning recall": sure_right / expected if expected else 1.0,
        "others": others_right / others if others else 1.0,
        "wrong": wrong,
    }


def sample_warnings() -> list[tuple[str, str]]:
    """Each ``text-contradicts-table`` warning validation gives on the real samples present."""
    from disclosure_report import read_report

    found = []
    for path in SAMPLES:
        if not path.exists():
            continue
        for finding in read_report(path).validate().filter(code="text-contradicts-table"):
            found.append((path.name, finding.message_en))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows", action="store_true", help="list the rows read otherwise than the table says"
    )
    parser.add_argument(
        "tables", nargs="*", type=Path, help="sentence tables to measure instead of the project's own"
    )
    options = parser.parse_args()
    parts = []
    named = {str(path): path for path in options.tables} if options.tables else TABLES
    for name, path in named.items():
        if path.exists():
            found = rows(path)
            parts.append((name, found))
            if name == "held out":  # written in rounds: each measured once, before the reader learnt from it
                parts.append(("  first round", [r for r in found if not r[3].startswith(("v2:", "v3:"))]))
                parts.append(("  second round", [r for r in found if r[3].startswith("v2:")]))
                parts.append(("  third round", [r for r in found if r[3].startswith("v3:")]))
    for name, found in parts:
        result = scores(found)
        print(
            f"{name}: {result['sentences']} sentences, {result['statements']} statements; "
            f"{result['read']} read as statements, {result['right']} right: "
            f"precision {result['precision']:.1%}, recall {result['recall']:.1%}; "
            f"sure (may warn) {result['sure']}, {result['sure right']} right: "
            f"warning precision {result['warning precision']:.1%}, recall {result['warning recall']:.1%}; "
            f"other numbers classed right {result['others']:.1%}"
        )
        if options.rows:
            for line, sentence, want, got in result["wrong"]:
                print(f"  line {line}: {sentence}")
                print(f"    table: {' ; '.join(want)}\n    read:  {' ; '.join(got)}")
    warnings = sample_warnings()
    print(f"real samples: {len(warnings)} text-contradicts-table warning(s)")
    for name, message in warnings:
        print(f"  {name}: {message}")


if __name__ == "__main__":
    main()
