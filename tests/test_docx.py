"""DOCX: reading Word documents safely, merged cells included, and writing them back."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    ReadError,
    RequestRow,
    SourcePosition,
    from_docx,
    read_docx,
    read_report,
    render_docx,
    render_html,
    render_json,
    render_text,
    write_docx,
)

from .test_render import REPORTS, _as_published


@given(
    REPORTS, st.booleans(), st.sampled_from(["full", "ascii"]), st.sampled_from(["simplified", "traditional"])
)
def test_docx_round_trip(report: AnnualReport, merged: bool, punctuation: str, script: str) -> None:
    data = render_docx(report, merged=merged, punctuation=punctuation, script=script)  # type: ignore[arg-type]
    result = from_docx(data)
    assert result.report == _as_published(report)
    assert result.findings == ()


def test_vertical_merges_are_one_cell(seed: AnnualReport) -> None:
    with zipfile.ZipFile(io.BytesIO(render_docx(seed))) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    assert '<w:vMerge w:val="restart"/>' in document
    assert "<w:vMerge/>" in document
    assert '<w:gridSpan w:val="7"/>' in document  # 申请人情况 spans the seven data columns


def test_read_report_chooses_the_reader(seed: AnnualReport, tmp_path: Path) -> None:
    files = {
        "r.txt": render_text(seed).encode("gb18030"),
        "r.html": render_html(seed).encode("utf-8"),
        "r.docx": render_docx(seed),
        "r.json": render_json(seed).encode("utf-8"),
        "no-extension": render_docx(seed),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        result = read_report(tmp_path / name)
        assert attrs.evolve(result.report.metadata, source=None) == seed.metadata, name
        assert result.report.requests == seed.requests
    with pytest.raises(ReadError, match=r"missing\.docx"):
        read_report(tmp_path / "missing.docx")


def test_cells_carry_their_position(seed: AnnualReport) -> None:
    requests = seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1})
    result = from_docx(render_docx(attrs.evolve(seed, requests=requests)), source="r.docx")
    finding = result.validate().filter(code="requests-applicant-total").findings[0]
    assert finding.location.source == SourcePosition(table=2, row=6, cell=9)
    assert (
        str(finding.location)
        == "三、收到和处理政府信息公开申请情况 / （一）予以公开 / 总计 (table 2, row 6, cell 9)"
    )


# --- hostile files -------------------------------------------------------------------------------------


def _docx_with(document: bytes, *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def test_not_a_docx() -> None:
    with pytest.raises(ReadError, match="not a DOCX file"):
        from_docx(b"%PDF-1.7 ...", source="r.docx")
    with pytest.raises(ReadError, match="not a readable DOCX"):
        from_docx(b"PK\x03\x04 truncated", source="r.docx")


def test_zip_bomb_is_refused_before_inflating() -> None:
    bomb = _docx_with(b"<a>" + b" " * (150 * 1024 * 1024) + b"</a>")
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ReadError, match=r"decompress|zip bomb"):
        from_docx(bomb)


def test_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><a>&lol2;</a>'
    )
    with pytest.raises(ReadError, match="DTDs and entities are not allowed"):
        from_docx(_docx_with(laughs))


def test_external_entities_are_refused() -> None:
    external = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>'
    with pytest.raises(ReadError, match="not allowed"):
        from_docx(_docx_with(external))


def test_malformed_xml_and_missing_parts() -> None:
    with pytest.raises(ReadError, match="not well-formed"):
        from_docx(_docx_with(b"<w:document"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("other.xml", "<a/>")
    with pytest.raises(ReadError, match=r"no word/document\.xml"):
        from_docx(buffer.getvalue())


def test_write_docx(seed: AnnualReport, tmp_path: Path) -> None:
    write_docx(seed, tmp_path / "seed.docx")
    assert read_docx(tmp_path / "seed.docx").report.requests == seed.requests
