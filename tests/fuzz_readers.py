"""Robustness: whatever bytes arrive, every reader returns a report or raises ReadError, in bounded time.

Every reader: JSON, text, HTML, DOCX, XLSX and PDF. ``tests/test_fuzz.py`` runs this module in a child
process under a memory limit, so a reader that blows up fails the run instead of the machine; the long
run is ``FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import (
    ReadError,
    from_dict,
    from_docx,
    from_html,
    from_json,
    from_pdf,
    from_text,
    from_xlsx,
    read_report,
    render_docx,
    render_html,
    render_text,
    render_xlsx,
    to_dict,
)
from disclosure_report.examples import seed_report

from . import hostile
from .archives import rewritten
from .conftest import DATA
from .costs import cpu_seconds

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SEED = seed_report()
JSON_TEXT = json.dumps(to_dict(SEED), ensure_ascii=False)
HTML_BYTES = (DATA / "r002.html").read_bytes()
TEXT = render_text(SEED)
DOCX = render_docx(SEED)
XLSX = render_xlsx(SEED)
PDF = (DATA / "seed.libreoffice.pdf").read_bytes()

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    mutable = bytearray(data)
    for position, value in edits:
        mutable[position % len(mutable)] = value
    return bytes(mutable[:cut] if cut is not None else mutable)


MUTATIONS = st.tuples(
    st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), max_size=12),
    st.none() | st.integers(0, 10**9),
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    return found


ALL_PATHS = _paths(to_dict(SEED))[1:]


@FUZZ
@given(st.sampled_from(ALL_PATHS), JSON_VALUES)
def test_any_value_at_any_json_path(path: tuple[Any, ...], value: Any) -> None:
    document = to_dict(SEED)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    try:
        from_dict(document)
    except ReadError as error:
        problems = error.problems
    else:
        return
    assert problems
    assert any(problem.place.startswith("$") for problem in problems)


@FUZZ
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_random_bytes_as_json(data: bytes) -> None:
    with contextlib.suppress(ReadError):
        from_json(data)


@FUZZ
@given(MUTATIONS)
def test_mutated_json(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(ReadError):
        from_json(_mutate(JSON_TEXT.encode("utf-8"), *mutation))


@FUZZ
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    with contextlib.suppress(ReadError):
        from_text(text)


@FUZZ
@given(MUTATIONS)
def test_mutated_text(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    data = _mutate(TEXT.encode("utf-8"), *mutation)
    with contextlib.suppress(ReadError):
        from_text(data.decode("utf-8", errors="replace"))


@FUZZ
@given(MUTATIONS)
def test_mutated_real_html(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(ReadError):
        from_html(_mutate(HTML_BYTES, *mutation))


@FUZZ
@given(
    st.lists(
        st.sampled_from(
            [
                "<table>",
                "<tr>",
                "<td>",
                "</td>",
                "</tr>",
                "</table>",
                "<p>",
                "三、收到和处理政府信息公开申请情况",
                "（七）总计",
                "1",
                "—",
                "<td rowspan=99>",
                "<br>",
            ]
        ),
        max_size=200,
    )
)
def test_random_html_structure(pieces: list[str]) -> None:
    with contextlib.suppress(ReadError):
        from_html("<h1>某局2023年政府信息公开工作年度报告</h1>" + "".join(pieces))


@FUZZ
@given(MUTATIONS)
def test_mutated_docx(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(ReadError):
        from_docx(_mutate(DOCX, *mutation))


@FUZZ
@given(MUTATIONS)
def test_mutated_xlsx(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(ReadError):
        from_xlsx(_mutate(XLSX, *mutation))


# A PDF takes a quarter of a second to read: fewer examples.
PDF_FUZZ = settings(FUZZ, max_examples=max(EXAMPLES // 4, 5))


@PDF_FUZZ
@given(MUTATIONS)
def test_mutated_pdf(mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    with contextlib.suppress(ReadError):
        from_pdf(_mutate(PDF, *mutation))


@PDF_FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_as_pdf(data: bytes) -> None:
    with contextlib.suppress(ReadError):
        from_pdf(b"%PDF-1.4\n" + data)


def _xlsx_with(sheet_xml: bytes) -> bytes:
    return rewritten(XLSX, members={"xl/worksheets/sheet3.xml": sheet_xml})


def test_huge_sheet_dimensions_are_read_within_limits() -> None:
    far = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<dimension ref="A1:XFD1048576"/><sheetData>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    results = []
    assert cpu_seconds(lambda: results.append(from_xlsx(_xlsx_with(far)))) < 30
    result = results[0]  # the table sheet is replaced: its rows are reported missing
    assert any(f.code in ("read-table-missing", "read-row-missing") for f in result.findings)
    merged = far.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    )
    with pytest.raises(ReadError, match="merged ranges cover more than"):
        from_xlsx(_xlsx_with(merged))


def test_render_html_of_the_seed_is_readable() -> None:
    assert from_html(render_html(SEED)).report == SEED


# --- inputs shaped to make pattern matching slow -----------------------------------------------------

MEGABYTE = 1 << 20


@pytest.mark.parametrize(
    "page",
    [
        "<a" + "b" * MEGABYTE,  # a tag that never closes
        "<a" * (MEGABYTE // 2),
        '<a "' * (MEGABYTE // 4) + ">",  # quotes that pair across tags
        "</a" * (MEGABYTE // 3),
        "1<2 " * (MEGABYTE // 4),
        "<!--" * (MEGABYTE // 4),
        # A page whose title comes from <title> only (its site suffix is cut at "-", "|", ...).
        "<title>a" + " " * MEGABYTE + "a</title><p>一、总体情况</p><p>统计时限为2023年</p>",
    ],
)
def test_pathological_html_is_read_in_linear_time(page: str) -> None:
    # Each shape took quadratic time (hours for a megabyte) before the patterns were made possessive and
    # each "<" was tried once; the bound is generous, the failure it guards against is not subtle.
    assert cpu_seconds(lambda: _read_html(page)) < 20


def test_pathological_sheets_and_lines_are_read_in_linear_time() -> None:
    from disclosure_report._io.read.geometry import PAGE_NUMBER

    def read() -> None:
        with contextlib.suppress(ReadError):
            from_xlsx(_xlsx_with(b"<worksheet>" + b"<mergeCell " * (MEGABYTE // 11) + b"</worksheet>"))
        assert not PAGE_NUMBER.match("5" + " " * MEGABYTE + "x")
        with contextlib.suppress(ReadError):
            from_text("一、总体情况\n" + "a" + " —" * (MEGABYTE // 2) + " x\n")  # a label, then "values"

    assert cpu_seconds(read) < 20


def _read_html(page: str) -> None:
    with contextlib.suppress(ReadError):
        from_html(page)


@functools.cache
def _hostile(name: str) -> tuple[bytes, str]:
    shape = hostile.SHAPES[name]
    return shape.build(shape.small_n), shape.suffix


# The hostile shapes, cut and edited at random: each still reads or is refused with a ReadError.
HOSTILE = sorted(name for name in hostile.SHAPES if name != "pdf-long-line")


@settings(FUZZ, max_examples=max(EXAMPLES // 2, 10))
@given(st.sampled_from(HOSTILE), MUTATIONS)
def test_mutated_hostile_shapes(name: str, mutation: tuple[list[tuple[int, int]], int | None]) -> None:
    data, suffix = _hostile(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(_mutate(data, *mutation))
        with contextlib.suppress(ReadError):
            read_report(path)
