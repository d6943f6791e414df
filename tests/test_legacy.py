"""Word 97–2003, WPS and Excel 97–2003 files, read through a real LibreOffice."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest

from disclosure_report import AnnualReport, ReadError, read_report, write_docx, write_xlsx

from .applications import needs_office, office_convert
from .test_cli import run


@pytest.fixture(scope="module")
def legacy_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed report as .doc and .xls (saved by LibreOffice), and the same bytes as .wps and .et."""
    from disclosure_report.examples import seed_report

    folder = tmp_path_factory.mktemp("legacy")
    write_docx(seed_report(), folder / "seed.docx")
    write_xlsx(seed_report(), folder / "seed.xlsx")
    doc = office_convert(folder / "seed.docx", "doc:MS Word 97", folder / "out")
    rtf = office_convert(folder / "seed.docx", "rtf", folder / "out")
    xls = office_convert(folder / "seed.xlsx", "xls:MS Excel 97", folder / "out", calc=True)
    files = {"doc": doc, "xls": xls, "rtf": rtf}
    # WPS saves its documents and spreadsheets in the same binary formats under its own extensions.
    for name, original in (("wps", doc), ("et", xls)):
        files[name] = folder / "out" / f"seed.{name}"
        shutil.copyfile(original, files[name])
    return files


@needs_office
@pytest.mark.parametrize("kind", ["doc", "wps", "rtf", "xls", "et"])
def test_binary_office_files_read_to_the_report(
    legacy_files: dict[str, Path], seed: AnnualReport, kind: str
) -> None:
    path = legacy_files[kind]
    result = read_report(path)
    assert attrs.evolve(
        result.report, metadata=attrs.evolve(result.report.metadata, source=None)
    ) == attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, source=None))
    assert result.findings == ()
    assert result.source == str(path)  # messages name the user's file, not the converted copy


@needs_office
def test_the_command_line_checks_them_in_a_batch(legacy_files: dict[str, Path]) -> None:
    folder = legacy_files["doc"].parent
    result = run("validate", "--summary", "--format", "csv", str(folder))
    assert result.returncode == 0, result.stderr
    checked = {Path(line.split(",")[0]).suffix for line in result.stdout.splitlines()[1:]}
    assert {".doc", ".wps", ".rtf", ".xls", ".et"} <= checked


@needs_office
def test_a_damaged_binary_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # an OLE header, then nothing
    with pytest.raises(ReadError) as raised:
        read_report(path)
    assert raised.value.source == str(path)


def test_without_libreoffice_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from disclosure_report._io.read import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    path = tmp_path / "report.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    with pytest.raises(ReadError) as raised:
        read_report(path)
    (problem,) = raised.value.problems
    assert problem.code == "dependency-missing"
    assert "LibreOffice" in problem.message and "libreoffice-calc-nogui" in problem.message
    assert ".xlsx" in problem.message


@needs_office
def test_a_conversion_that_takes_too_long_is_stopped_whole(
    legacy_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import time

    from disclosure_report._io.read import legacy

    monkeypatch.setattr(legacy, "CONVERSION_TIMEOUT", 0.5)
    with pytest.raises(ReadError) as raised:
        read_report(legacy_files["doc"])
    assert raised.value.problems[0].code == "resource-limit"
    # Not only the soffice script: the converter it starts is stopped too, not left running.
    time.sleep(1)
    left = subprocess.run(
        ["pgrep", "-f", "disclosure-report-convert-"], capture_output=True, text=True, check=False
    )
    assert left.stdout.strip() == ""
