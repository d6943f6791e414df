"""The ``disclosure-report`` command.

Exit status: 0 when every report is valid, 1 when any report has errors (or warnings with ``--strict``),
2 when an input could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

import attrs

from . import _version
from ._form import TemplateVersion
from ._io.json import from_json, render_json
from ._io.read import FORMATS, read_report
from ._io.read.assemble import ReadResult
from ._io.schema import json_schema
from ._io.write.docx import render_docx
from ._io.write.html import render_html
from ._io.write.text import render_text
from ._io.write.xlsx import render_xlsx, write_template
from ._model import AnnualReport
from ._reference_pages import rules_markdown
from ._rules import RULES
from ._validation import FLAT_COLUMNS, Validation, finding_from_row
from .examples import seed_report
from .exceptions import Problem, ReadError

__all__ = ["main"]

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
EXAMPLE = "example:seed"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="disclosure-report",
        description="Validate annual reports on government information disclosure "
        "(政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version.__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("validate", help="check reports against every rule of the form")
    check.add_argument(
        "paths",
        nargs="*",
        metavar="FILE_OR_DIR",
        help="reports (JSON, JSON lines, text, HTML, DOCX, XLSX, PDF) or directories of them, searched "
        "recursively; "
        f"{EXAMPLE} (or nothing) is the bundled seed report",
    )
    check.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output format")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument(
        "--previous", type=Path, metavar="FILE", help="last year's report, for cross-year rules"
    )
    check.add_argument(
        "--series",
        action="store_true",
        help="treat the reports as series: each agency's years are checked against the year before",
    )
    check.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per CPU core)")
    check.add_argument(
        "--html", type=Path, metavar="FILE", help="also write a self-contained HTML page of the findings"
    )
    convert = commands.add_parser(
        "convert", help="convert a report (any readable format, PDF too) to JSON, text, HTML, DOCX or XLSX"
    )
    convert.add_argument("source", metavar="IN", help="the report to read (any supported format)")
    convert.add_argument("target", metavar="OUT", help="the file to write; '-' writes to standard output")
    convert.add_argument(
        "--to",
        choices=["json", "text", "html", "docx", "xlsx"],
        help="output format (default: from OUT's extension)",
    )
    template = commands.add_parser("template", help="write a blank fill-in form (.xlsx)")
    template.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="the .xlsx to write"
    )
    template.add_argument("--year", type=int, help="the reporting year (default: last year)")
    template.add_argument("--agency", default="", help="the reporting agency")
    template.add_argument("--version", choices=[v.value for v in TemplateVersion], default="2021")
    commands.add_parser("schema", help="print the JSON Schema of report documents")
    rules = commands.add_parser("rules", help="print the rule catalogue")
    rules.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "schema":
            print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
            return EXIT_VALID
        if args.command == "rules":
            _print_rules(args.format, sys.stdout)
            return EXIT_VALID
        if args.command == "template":
            return _template_command(args.output, args.year, args.agency, TemplateVersion(args.version))
        if args.command == "convert":
            return _convert_command(args.source, args.target, args.to)
        if args.command is None:  # `python -m disclosure_report`: the main job on the bundled example
            return _validate_command([EXAMPLE], "text", strict=False, previous=None)
        if args.jobs is not None and args.jobs < 1:
            parser.error("--jobs must be at least 1")
        return _validate_command(
            args.paths or [EXAMPLE],
            args.format,
            strict=args.strict,
            previous=args.previous,
            jobs=args.jobs,
            html=args.html,
            series=args.series,
        )
    except BrokenPipeError:  # pragma: no cover - output piped into head and the like
        return EXIT_VALID
    except Exception as error:
        if args.debug:
            raise
        print(
            f"disclosure-report: internal error: {type(error).__name__}: {error} (rerun with --debug)",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE


def _inputs(paths: Sequence[str]) -> Iterator[str]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            suffixes = {*FORMATS, ".jsonl"}
            found = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
            yield from sorted(str(p) for p in found)
        else:
            yield name


def _load(name: str) -> ReadResult:
    if name == EXAMPLE:
        return ReadResult(seed_report(), (), name)
    return read_report(name)


_WRITERS: dict[str, str] = {
    ".json": "json",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
}


def _template_command(output: Path, year: int | None, agency: str, version: TemplateVersion) -> int:
    try:
        write_template(output, agency=agency, year=year, version=version)
    except ValueError as error:  # an implausible year
        print(f"disclosure-report: template: {error}", file=sys.stderr)
        return EXIT_UNREADABLE
    except OSError as error:
        print(f"disclosure-report: {output}: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"wrote {output}")
    return EXIT_VALID


def _convert_command(source: str, target: str, chosen: str | None) -> int:
    try:
        report = _load(source).report
    except ReadError as error:
        print(f"disclosure-report: {_one_line(error)}", file=sys.stderr)
        return EXIT_UNREADABLE
    output = chosen or _WRITERS.get(Path(target).suffix.lower())
    if output is None:
        print(
            f"disclosure-report: {target}: cannot tell the output format from the extension; "
            f"use --to ({', '.join(sorted(set(_WRITERS.values())))})",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if output in ("docx", "xlsx"):
        data = render_docx(report) if output == "docx" else render_xlsx(report)
        if target == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(target).write_bytes(data)
        return EXIT_VALID
    text = {"json": lambda r: render_json(r) + "\n", "text": render_text, "html": render_html}[output](report)
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text, encoding="utf-8")
    return EXIT_VALID


@attrs.frozen
class _Checked:
    """What checking one report gives the parent process (picklable: workers send it back)."""

    name: str
    error: str | None = None
    valid: bool = True
    failed: bool = False
    rows: tuple[dict[str, Any], ...] = ()
    text: str = ""
    report_json: str | None = None


@attrs.frozen
class _Options:
    output: str
    strict: bool
    previous: AnnualReport | None
    keep_reports: bool


_OPTIONS: _Options | None = None


def _set_options(options: _Options) -> None:
    global _OPTIONS
    _OPTIONS = options


def _units(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """Each report to check: a file, or one line of a JSON-lines file (read lazily: memory stays flat)."""
    for name in _inputs(paths):
        if name.endswith(".jsonl"):
            try:
                with open(name, encoding="utf-8") as stream:
                    for number, line in enumerate(stream, start=1):
                        if line.strip():
                            yield f"{name}:{number}", line
            except OSError as error:
                yield name, f"\x00{error.strerror or error}"
        else:
            yield name, None


def _one_line(error: ReadError) -> str:
    first = error.problems[0]
    more = f" (and {len(error.problems) - 1} more problems)" if len(error.problems) > 1 else ""
    return f"{error.source}: {first.place}: {first.message}{more}"


def _check(unit: tuple[str, str | None]) -> _Checked:
    options = _OPTIONS
    assert options is not None
    name, line = unit
    try:
        if line is not None and line.startswith("\x00"):
            raise ReadError(name, [Problem("file", line[1:], "file-unreadable")])
        result = ReadResult(from_json(line, source=name), (), name) if line is not None else _load(name)
        validation = result.validate(previous=options.previous)
    except ReadError as error:
        return _Checked(name, _one_line(error))
    except ValueError as error:
        return _Checked(name, f"{name}: {error}")
    failed = not validation.valid or (options.strict and bool(validation.warnings))
    text = _render_validation(name, result.report, validation) if options.output == "text" else ""
    kept = render_json(result.report, indent=None) if options.keep_reports else None
    return _Checked(name, None, validation.valid, failed, tuple(validation.rows()), text, kept)


def _checked(units: Iterable[tuple[str, str | None]], options: _Options, jobs: int) -> Iterator[_Checked]:
    _set_options(options)
    if jobs <= 1:
        yield from map(_check, units)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(jobs, initializer=_set_options, initargs=(options,)) as pool:
        # imap keeps the input order; it would queue its whole input at once, so it gets it a batch at a
        # time: memory stays flat however many reports there are.
        for batch in _batched(units):
            yield from pool.imap(_check, batch, chunksize=32)


_BATCH: Final = 4096


def _batched(units: Iterable[tuple[str, str | None]]) -> Iterator[list[tuple[str, str | None]]]:
    iterator = iter(units)
    while batch := list(itertools.islice(iterator, _BATCH)):
        yield batch


def _validate_command(
    paths: Sequence[str],
    output: str,
    *,
    strict: bool,
    previous: Path | None,
    jobs: int | None = None,
    html: Path | None = None,
    series: bool = False,
) -> int:
    last_year = None
    if previous is not None:
        try:
            last_year = read_report(previous).report
        except ReadError as error:
            print(f"disclosure-report: {_one_line(error)}", file=sys.stderr)
            return EXIT_UNREADABLE
    if series:
        return _series_command(paths, output, strict=strict, html=html)
    options = _Options(output, strict, last_year, html is not None)
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() else None
    return _report(_checked(_units(paths), options, workers), output, html, progress)


def _report(checked: Iterable[_Checked], output: str, html: Path | None, progress: _Progress | None) -> int:
    status = EXIT_VALID
    counts = {"reports": 0, "invalid": 0, "unreadable": 0}
    writer = csv.DictWriter(sys.stdout, ["file", *FLAT_COLUMNS]) if output == "csv" else None
    if writer is not None:
        writer.writeheader()
    kept: list[tuple[str, AnnualReport, Validation]] = []
    for item in checked:
        if progress is not None:
            progress.step(counts["reports"] + counts["unreadable"] + 1)
        if item.error is not None:
            print(f"disclosure-report: {item.error}", file=sys.stderr)
            counts["unreadable"] += 1
            status = EXIT_UNREADABLE
            continue
        counts["reports"] += 1
        if item.failed:
            counts["invalid"] += 1
            status = max(status, EXIT_INVALID)
        if writer is not None:
            for row in item.rows:
                writer.writerow({"file": item.name, **row})
        elif output == "json":
            document = {"file": item.name, "valid": item.valid, "findings": list(item.rows)}
            print(json.dumps(document, ensure_ascii=False))
        else:
            sys.stdout.write(item.text)
        if html is not None and item.report_json is not None:
            report = from_json(item.report_json)
            kept.append((item.name, report, validate_again(report, item.rows)))
    if progress is not None:
        progress.done()
    if html is not None:
        from ._io.write.findings_page import findings_page

        html.write_text(findings_page(kept), encoding="utf-8")
    if output == "text":
        print(
            f"{counts['reports']} report(s) checked: {counts['reports'] - counts['invalid']} passed, "
            f"{counts['invalid']} failed, {counts['unreadable']} unreadable"
        )
    return status


def validate_again(report: AnnualReport, rows: Sequence[dict[str, Any]]) -> Validation:
    """The findings of a checked report, rebuilt for the HTML page (workers send rows, not objects)."""
    return Validation(tuple(finding_from_row(row) for row in rows))


def _series_command(paths: Sequence[str], output: str, *, strict: bool, html: Path | None) -> int:
    """Validate the reports of each agency as a series: every year against the year before."""
    loaded: list[tuple[str, ReadResult]] = []
    failures: list[_Checked] = []
    for name, line in _units(paths):
        try:
            result = ReadResult(from_json(line, source=name), (), name) if line is not None else _load(name)
        except ReadError as error:
            failures.append(_Checked(name, _one_line(error)))
            continue
        loaded.append((name, result))
    by_agency: dict[str, list[tuple[str, ReadResult]]] = {}
    for name, result in loaded:
        by_agency.setdefault(result.report.metadata.agency, []).append((name, result))
    checked: list[_Checked] = list(failures)
    for items in by_agency.values():
        items.sort(key=lambda item: item[1].report.metadata.year)
        by_year = {result.report.metadata.year: result.report for _, result in items}
        for name, result in items:
            try:
                validation = result.validate(previous=by_year.get(result.report.metadata.year - 1))
            except ValueError as error:
                checked.append(_Checked(name, f"{name}: {error}"))
                continue
            failed = not validation.valid or (strict and bool(validation.warnings))
            text = _render_validation(name, result.report, validation) if output == "text" else ""
            kept = render_json(result.report, indent=None) if html is not None else None
            checked.append(
                _Checked(name, None, validation.valid, failed, tuple(validation.rows()), text, kept)
            )
    return _report(checked, output, html, None)


class _Progress:
    """A one-line progress count on a terminal's standard error."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0

    def step(self, count: int) -> None:
        now = time.monotonic()
        if now - self.last >= 0.2:
            self.last = now
            self.stream.write(f"\r{count} report(s) checked…")
            self.stream.flush()

    def done(self) -> None:
        self.stream.write("\r" + " " * 40 + "\r")
        self.stream.flush()


def _render_validation(name: str, report: AnnualReport, validation: Validation) -> str:
    info = report.metadata
    verdict = "valid" if validation.valid else "INVALID"
    lines = [
        f"{name}: {info.agency} {info.year} ({info.version.value} template): {verdict}, "
        f"{len(validation.errors)} error(s), {len(validation.warnings)} warning(s), "
        f"{len(validation.infos)} info"
    ]
    for finding in validation:
        lines.append(f"  {finding.severity.value:<7} {finding.code:<24} {finding.location}")
        lines.append(f"          {finding.message_zh}\n          {finding.message_en}")
    return "\n".join(lines) + "\n"


def _print_rules(output: str, out: TextIO) -> None:
    if output == "markdown":
        out.write(rules_markdown() + "\n")
        return
    if output == "json":
        rows = [
            {
                "code": r.code,
                "severity": r.severity.value,
                "basis": r.basis.value,
                "title_zh": r.title_zh,
                "title_en": r.title_en,
                "formula": r.formula,
                "reads": r.reads,
            }
            for r in RULES.values()
        ]
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for r in RULES.values():
        out.write(f"{r.code:<26} {r.severity.value:<8} {r.basis.value:<10} {r.title_zh} / {r.title_en}\n")


def main_entry() -> None:
    """The console script's entry point."""
    sys.exit(main())
