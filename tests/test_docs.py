"""The README's examples run as they are written, and the docs' promises are tests: the docs cannot go stale.

The pages' own examples run through Sybil (docs/conftest.py); here, what they say that an example cannot
show: the messages of a missing extra or program, and the promises of the API page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .applications import needs_browser, needs_office

README = Path(__file__).parent.parent / "README.md"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    assert blocks[0].strip() == "python3 -m pip install . && python3 -m disclosure_report"
    assert blocks[1].strip() == "python3 -m pip install -e '.[test]' && python3 -m pytest"
    run = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert blocks[1].strip() in run


def test_readme_python_examples_run(capsys: object) -> None:
    code = "\n".join(re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL))
    namespace: dict[str, object] = {}
    exec(compile(code, str(README), "exec"), namespace)
    test = namespace["test_my_tool_accepts_valid_reports"]
    assert callable(test)
    test()


@needs_office
@needs_browser
def test_the_guides_screenshots_are_made_by_a_script(tmp_path: Path) -> None:
    import importlib.util

    from PIL import Image

    script = Path(__file__).parent.parent / "docs" / "screenshots.py"
    spec = importlib.util.spec_from_file_location("screenshots", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.make(tmp_path)
    assert [path.name for path in made] == ["template.png", "batch-page.png", "report-detail.png"]
    for path in made:
        image = Image.open(path).convert("L")
        dark = sum(1 for value in image.tobytes() if value < 100)
        assert dark > 5_000, f"{path.name} shows hardly anything"
    # The guides show the images the script makes.
    guides = {
        name: (Path(__file__).parent.parent / "docs" / "guides" / name).read_text(encoding="utf-8")
        for name in ("agency-staff.md", "reviewers.md")
    }
    assert "template.png" in guides["agency-staff.md"]
    assert "batch-page.png" in guides["reviewers.md"] and "report-detail.png" in guides["reviewers.md"]


# --- the pages a newcomer looks for first -----------------------------------------------------------

DOCS = Path(__file__).parent.parent / "docs"


def test_the_newcomers_pages_are_in_the_table_of_contents() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in ("install", "troubleshooting", "guides/agency-staff", "guides/agency-staff-en"):
        assert f"\n{page}\n" in index, page
        assert (DOCS / f"{page}.md").exists()


def _quoted(page: str) -> list[str]:
    """The messages a page quotes in ``text`` blocks (the others run as doctests)."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```text\n(.*?)```", text, re.DOTALL)]


def _message(error: BaseException) -> str:
    """What a person reads of a ReadError's one problem (its place, then the message)."""
    return str(error).split("\n", 1)[1].strip().split(": ", 1)[1]


def _image_pdf() -> bytes:
    """A PDF whose page is a picture, as a scan is: no text layer."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buffer, "PDF")
    return buffer.getvalue()


def test_the_troubleshooting_page_quotes_the_messages_people_get(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import io
    import sys
    import types

    import openpyxl

    import disclosure_report._io.read as readers
    from disclosure_report import ReadError, from_pdf, read_report, render_template
    from disclosure_report._io.read import legacy, scan
    from disclosure_report._io.workbook import OPENING_SHEET

    quoted = _quoted("troubleshooting.md")
    said: list[str] = []
    # The pdf extra missing.
    with monkeypatch.context() as patch:
        patch.setitem(sys.modules, "pdfplumber", None)
        with pytest.raises(ReadError) as error:
            from_pdf(_image_pdf())
        said.append(_message(error.value))
    # A scan without the ocr extra; with it, but OpenCV without libGL (read_report decides on OCR).
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(_image_pdf())
    with monkeypatch.context() as patch:
        patch.setattr(scan, "ocr_available", lambda: False)
        with pytest.raises(ReadError) as error:
            read_report(scanned)
        said.append(_message(error.value))
    with monkeypatch.context() as patch:

        def recognizer() -> None:
            raise ImportError("libGL.so.1: cannot open shared object file: No such file or directory")

        fake = types.ModuleType("disclosure_report._io.read.ocr_engine")
        fake.recognizer = recognizer  # type: ignore[attr-defined]
        patch.setattr(scan, "ocr_available", lambda: True)
        patch.setitem(sys.modules, "disclosure_report._io.read.ocr_engine", fake)
        patch.setattr(readers, "ocr_engine", fake, raising=False)
        with pytest.raises(ReadError) as error:
            read_report(scanned)
        said.append(_message(error.value).split("; ")[-1])
    # A .doc without LibreOffice.
    with monkeypatch.context() as patch:
        patch.setattr(legacy, "soffice", lambda: None)
        (tmp_path / "报告.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
        with pytest.raises(ReadError) as error:
            read_report(tmp_path / "报告.doc")
        said.append(_message(error.value))
    # The template's refusal of a cell longer than a row prints.
    workbook = openpyxl.load_workbook(io.BytesIO(render_template(year=2024)))
    (rule,) = [v for v in workbook[OPENING_SHEET].data_validations.dataValidation if v.type == "custom"]
    said.append(rule.error)
    assert said == quoted


def test_from_readers_refuse_a_path_naming_the_file_reader_as_the_api_page_says(tmp_path: Path) -> None:
    import disclosure_report

    api = (DOCS / "api.md").read_text(encoding="utf-8")
    assert "A `from_*` function given a path raises `TypeError` naming the `read_*` function to use" in api
    pairs = re.findall(r"\{func\}`(from_\w+)`, \{func\}`(read_\w+)`", api)
    assert len(pairs) >= 8 and ("from_json", "read_json") in pairs
    for content_reader, file_reader in pairs:
        with pytest.raises(TypeError, match=rf"^{content_reader}\(\) takes .*, use {file_reader}\(\)$"):
            getattr(disclosure_report, content_reader)(tmp_path / "report")
