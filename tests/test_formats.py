"""The registry of formats (``disclosure_report._io.formats``): every format it holds is read back, and a
format is added by a row alone: a fictional one, registered here, is detected, read, found in folders,
checked and written by the command line with no change anywhere else."""

from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings

from disclosure_report import AnnualReport, ReadError, from_json, read_report, render_json
from disclosure_report._cli import main
from disclosure_report._io import formats
from disclosure_report._io.batch import input_files
from disclosure_report._io.formats import FileFormat, by_name, starts_with
from disclosure_report._io.read import FORMATS, detect_format
from disclosure_report._io.read.result import ReadResult
from disclosure_report.strategies import reports, texts

TESTS = Path(__file__).parent
DATA = TESTS / "data"

# Published text keeps words, not layout (as in test_render): a generated line never reads as a heading.
_PUBLISHABLE = texts(
    alphabet="政府信息公开工作主动依法规范管理平台建设监督保障问题改进情况其他事项，、：“”（）", max_size=60
)
_REPORTS = reports(consistent=False, blanks=True, text=_PUBLISHABLE)

_READ_ELSEWHERE = {
    "pdf": ("test_pdf.py", "test_kept_pdfs_read_back_equal"),
    "image": ("test_scan_reports.py", "test_a_report_scanned_at_300_dpi_reads_back_every_cell"),
    "doc": ("test_legacy.py", "test_binary_office_files_read_to_the_report"),
    "xls": ("test_legacy.py", "test_binary_office_files_read_to_the_report"),
}
"""The formats without a writer, and the test that reads a file of each through ``read_report``."""


def _tests_in(module: str) -> set[str]:
    tree = ast.parse((TESTS / module).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_format_is_written_and_read_back_or_read_from_a_sample() -> None:
    for row in formats.formats():
        if row.writer is not None:
            continue  # read back below, from what its writer wrote
        module, test = _READ_ELSEWHERE[row.name]
        assert test in _tests_in(module), (row.name, module, test)


# Each format's own round trip explores the reports (test_render, test_docx, test_excel, test_json, with
# their examples); this one is that every row of the registry writes and reads back through the row, which
# a few dozen reports show as well as a hundred (it wrote the XLSX and DOCX of each: half a minute).
@settings(max_examples=25)
@given(_REPORTS)
def test_every_written_format_reads_back_the_report_s_tables_and_texts(report: AnnualReport) -> None:
    for row in formats.formats():
        if row.writer is None:
            continue
        written = row.write(report)
        data = written.encode("utf-8") if isinstance(written, str) else written
        read = row.read(data, source=f"report{row.extensions[0]}").report
        for part in ("active_disclosure", "requests", "review_litigation", "overview", "problems"):
            assert getattr(read, part) == getattr(report, part), (row.name, part)


def test_a_pdf_sample_is_read_through_its_row(seed: AnnualReport) -> None:
    pytest.importorskip("pdfplumber")
    path = DATA / "seed.libreoffice.pdf"
    result = read_report(path)
    expected = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, source=str(path)))
    assert (result.report, result.findings) == (expected, ())


def test_every_extension_means_one_format_and_the_limits_are_the_readers() -> None:
    from disclosure_report._io import json as json_io
    from disclosure_report._io.read import html, legacy, pdf, scan, text

    seen = [extension for row in formats.formats() for extension in row.extensions]
    assert len(seen) == len(set(seen)) == len(FORMATS)
    assert all(extension == extension.lower() and extension.startswith(".") for extension in seen)
    # The readers check their own limit when called directly: the same as the row's.
    own = {
        "json": json_io.MAX_JSON_BYTES,
        "text": text.MAX_TEXT_BYTES,
        "html": html.MAX_HTML_BYTES,
        "pdf": pdf.MAX_PDF_BYTES,
        "image": scan.MAX_SCAN_BYTES,
        "doc": legacy.MAX_LEGACY_BYTES,
        "xls": legacy.MAX_LEGACY_BYTES,
    }
    assert {name: by_name(name).limit for name in own} == own


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\n  %PDF-1.4", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image"),
        (b"\xff\xd8\xff\xe0", "image"),
        (b"II*\x00", "image"),
        (b"MM\x00*", "image"),
        (b"PK\x03\x04[Content_Types].xml xl/workbook.xml", "xlsx"),
        (b"PK\x03\x04[Content_Types].xml word/document.xml", "docx"),
        (b'\xef\xbb\xbf  {"schema_version": 2}', "json"),
        (b"\n<!doctype html>", "html"),
        (b"\xef\xbb\xbf<html>", "html"),
        (b"2023\xe5\xb9\xb4", "text"),
        (b"", "text"),
    ],
)
def test_content_tells_the_format_when_the_extension_does_not(head: bytes, expected: str) -> None:
    assert detect_format(Path("report.bin"), head) == expected
    assert detect_format(Path("report.PDF"), head) == "pdf"  # the extension first, in any case


def test_a_format_not_registered_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.json: no format 'odt' \(the formats are json, text"):
        read_report(path, format="odt")  # type: ignore[arg-type]


def test_a_built_in_format_cannot_be_registered_again_or_taken_away() -> None:
    with pytest.raises(ValueError, match="registered already"):
        formats.register(by_name("pdf"))
    with pytest.raises(ValueError, match="registered already"):
        formats.register(FileFormat("other", "Other", (".pdf",), 1, _read_fiction))
    with pytest.raises(ValueError, match="built-in"):
        formats.unregister("pdf")


# --- a fictional format, registered by a test alone ----------------------------------------------------

_MARK = b"FICTION 1\n"


def _read_fiction(
    data: bytes, *, source: str, agency: str | None, year: int | None, version: object
) -> ReadResult:
    """A fictional format: a line saying so, then the report's JSON document."""
    if not data.startswith(_MARK):
        raise ReadError(source, [])
    report = from_json(data[len(_MARK) :], source=source, agency=agency, year=year)
    return ReadResult(report, (), source)


def _write_fiction(report: AnnualReport) -> bytes:
    return _MARK + render_json(report).encode("utf-8")


_FICTION = FileFormat(
    "fiction",
    "Fiction",
    (".fict", ".fiction"),
    64 * 1024,
    _read_fiction,
    sniff=starts_with(_MARK),
    writer=_write_fiction,
)


@pytest.fixture
def fiction() -> Iterator[FileFormat]:
    with formats.registered(_FICTION) as row:
        yield row
    assert ".fict" not in FORMATS  # taken away again


def test_a_registered_format_is_detected_and_read(
    fiction: FileFormat, seed: AnnualReport, tmp_path: Path, forked: None
) -> None:
    data = _write_fiction(seed)
    by_extension = tmp_path / "seed.FICT"
    by_extension.write_bytes(data)
    by_content = tmp_path / "seed.download"
    by_content.write_bytes(data)
    assert FORMATS[".fict"] == "fiction"
    assert detect_format(by_extension, b"") == detect_format(by_content, data[:512]) == "fiction"
    for path in (by_extension, by_content):
        assert read_report(path).report == seed
        # A worker forked from here has it too (a fork server's, started before, would not: see ``forked``).
        assert read_report(path, isolated=True).report == seed
    assert read_report(by_content, format="fiction").report == seed  # type: ignore[arg-type]


def test_a_registered_format_s_limit_is_checked_before_reading(
    fiction: FileFormat, seed: AnnualReport, tmp_path: Path
) -> None:
    path = tmp_path / "large.fict"
    path.write_bytes(_MARK + b" " * fiction.limit)
    with pytest.raises(ReadError) as caught:
        read_report(path)
    assert caught.value.problems[0].code == "file-too-large"


def test_a_format_whose_reader_opens_the_file_itself_is_refused_too_large_before_it(tmp_path: Path) -> None:
    # A converter's row (as .doc and .xls) is given the path, not the bytes: its limit is checked anyway.
    reached: list[object] = []

    def converter(path: Path, **options: object) -> ReadResult:
        reached.append(path)
        raise AssertionError("a file over the limit reached the reader")

    row = FileFormat("opened", "Opened", (".opened",), 1000, converter, reads_path=True)
    path = tmp_path / "large.opened"
    path.write_bytes(b"x" * 5000)
    with formats.registered(row), pytest.raises(ReadError) as caught:
        read_report(path)
    assert caught.value.problems[0].code == "file-too-large" and str(path) in str(caught.value)
    assert reached == []


def test_a_registered_format_is_found_checked_and_written_by_the_command_line(
    fiction: FileFormat, seed: AnnualReport, tmp_path: Path, capsys: pytest.CaptureFixture[str], forked: None
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "seed.fiction").write_bytes(_write_fiction(seed))
    (folder / "notes.odt").write_bytes(b"not a format here")
    assert list(input_files([str(folder)])) == [str(folder / "seed.fiction")]

    assert main(["validate", str(folder), "--format", "jsonl", "--jobs", "1"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(line["file"], line["status"]) for line in lines] == [(str(folder / "seed.fiction"), "passed")]

    target = tmp_path / "copy.fict"
    assert main(["convert", str(folder / "seed.fiction"), str(target)]) == 0
    assert target.read_bytes() == _write_fiction(seed)
    assert main(["convert", str(folder / "seed.fiction"), str(tmp_path / "copy.json")]) == 0
    assert from_json((tmp_path / "copy.json").read_text(encoding="utf-8")) == seed


def test_a_reader_whose_extra_is_missing_says_what_to_install(tmp_path: Path) -> None:
    needing = FileFormat(
        "needing", "Needing", (".needs",), 1024, "no_such_package_here.reader:read", extra="needing"
    )
    path = tmp_path / "a.needs"
    path.write_bytes(b"x")
    with formats.registered(needing), pytest.raises(ReadError) as caught:
        read_report(path)
    problem = caught.value.problems[0]
    assert problem.code == "dependency-missing"
    assert problem.message == (
        "reading Needing needs no_such_package_here: pip install 'disclosure-report[needing]'"
    )


def test_the_type_of_read_report_s_format_names_the_built_in_formats() -> None:
    from typing import get_args

    from disclosure_report._io.read import Format

    assert list(get_args(Format)) == [row.name for row in formats.formats()]


def test_the_workers_warm_up_is_each_row_s() -> None:
    code = (
        "import json, sys\n"
        "from disclosure_report._io.workers import prepare_workers\n"
        "prepare_workers()\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    said = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    modules = set(json.loads(said.stdout))
    # Each written format's reader and writer, read back (XLSX's reader and openpyxl imported, no
    # workbook written); each row's own warm-up (LibreOffice's leftovers cleaned by the legacy reader's
    # module, pdfplumber imported when the pdf extra is installed).
    read = "disclosure_report._io.read"
    assert {f"{read}.text", f"{read}.html", f"{read}.docx", f"{read}.xlsx", f"{read}.legacy"} <= modules
    assert {f"disclosure_report._io.write.{name}" for name in ("text", "html", "docx")} <= modules
    assert "openpyxl" in modules
    assert ("pdfplumber" in modules) is (importlib.util.find_spec("pdfplumber") is not None)


def test_a_format_whose_warm_up_fails_never_stops_the_workers_warm_up(seed: AnnualReport) -> None:
    from disclosure_report._io.workers import prepare_workers

    def broken_writer(report: AnnualReport) -> bytes:
        raise RuntimeError("this plug-in cannot write")

    row = attrs.evolve(_FICTION, name="broken", extensions=(".broken",), writer=broken_writer)
    with formats.registered(row):
        with pytest.raises(RuntimeError):
            formats.warm_up(row, seed)
        prepare_workers()  # the other formats warmed, the broken one skipped
