"""The ``disclosure-report`` command.

Exit status: 0 when every report is valid, 1 when any report has errors (or warnings with ``--strict``),
2 when an input could not be read or the command was misused.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import _version
from ._catalogue import rules_markdown
from ._docx import render_docx
from ._excel import write_template, xlsx_bytes
from ._form import TemplateVersion
from ._json import to_json
from ._model import AnnualReport
from ._read import FORMATS, read_report
from ._reading import ReadResult
from ._render import render_html, render_text
from ._rules import RULES
from ._schema import json_schema
from ._validate import FLAT_COLUMNS, Validation
from .examples import seed_report
from .exceptions import ReadError

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
        help="reports (JSON, text, HTML, DOCX) or directories of them, searched recursively; "
        f"{EXAMPLE} (or nothing) is the bundled seed report",
    )
    check.add_argument("--format", choices=["text", "json", "csv"], default="text", help="output format")
    check.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check.add_argument(
        "--previous", type=Path, metavar="FILE", help="last year's report, for cross-year rules"
    )
    convert = commands.add_parser("convert", help="convert a report between JSON, text, HTML and DOCX")
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
        return _validate_command(
            args.paths or [EXAMPLE], args.format, strict=args.strict, previous=args.previous
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
            found = (p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
            yield from sorted(str(p) for p in found)
        else:
            yield name


def _load(name: str) -> ReadResult:
    if name == EXAMPLE:
        return ReadResult(seed_report(), (), {}, name)
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
        print(f"disclosure-report: {error}", file=sys.stderr)
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
        data = render_docx(report) if output == "docx" else xlsx_bytes(report)
        if target == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(target).write_bytes(data)
        return EXIT_VALID
    text = {"json": lambda r: to_json(r) + "\n", "text": render_text, "html": render_html}[output](report)
    if target == "-":
        sys.stdout.write(text)
    else:
        Path(target).write_text(text, encoding="utf-8")
    return EXIT_VALID


def _validate_command(paths: Sequence[str], output: str, *, strict: bool, previous: Path | None) -> int:
    last_year = None
    if previous is not None:
        try:
            last_year = read_report(previous).report
        except ReadError as error:
            print(f"disclosure-report: {error}", file=sys.stderr)
            return EXIT_UNREADABLE
    status = EXIT_VALID
    counts = {"reports": 0, "invalid": 0, "unreadable": 0}
    writer = csv.DictWriter(sys.stdout, ["file", *FLAT_COLUMNS]) if output == "csv" else None
    if writer is not None:
        writer.writeheader()
    for name in _inputs(paths):
        try:
            result = _load(name)
            report = result.report
            validation = result.validate(previous=last_year)
        except (ReadError, ValueError) as error:
            print(f"disclosure-report: {error}", file=sys.stderr)
            counts["unreadable"] += 1
            status = EXIT_UNREADABLE
            continue
        counts["reports"] += 1
        failed = not validation.valid or (strict and bool(validation.warnings))
        if failed:
            counts["invalid"] += 1
            status = max(status, EXIT_INVALID)
        if writer is not None:
            for row in validation.rows():
                writer.writerow({"file": name, **row})
        elif output == "json":
            document = {"file": name, "valid": validation.valid, "findings": validation.rows()}
            print(json.dumps(document, ensure_ascii=False))
        else:
            _print_validation(name, report, validation, sys.stdout)
    if output == "text":
        print(
            f"{counts['reports']} report(s) checked: {counts['reports'] - counts['invalid']} passed, "
            f"{counts['invalid']} failed, {counts['unreadable']} unreadable"
        )
    return status


def _print_validation(name: str, report: AnnualReport, validation: Validation, out: TextIO) -> None:
    info = report.metadata
    verdict = "valid" if validation.valid else "INVALID"
    out.write(f"{name}: {info.agency} {info.year} ({info.version.value} template): {verdict}, ")
    out.write(
        f"{len(validation.errors)} error(s), {len(validation.warnings)} warning(s), "
        f"{len(validation.infos)} info\n"
    )
    for finding in validation:
        out.write(f"  {finding.severity.value:<7} {finding.code:<24} {finding.location}\n")
        out.write(f"          {finding.message_zh}\n          {finding.message_en}\n")


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
