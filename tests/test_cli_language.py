"""The command line in one language, and one scheme of exit statuses said by its closing line (39, 40)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    PROBLEM_CODES,
    RULES,
    AnnualReport,
    Applicant,
    RequestRow,
    SourcePosition,
    json_schema,
    render_html,
    write_json,
)
from disclosure_report._cli import main, parser
from disclosure_report._cli.checking import DECISION_COLUMNS
from disclosure_report._cli.exits import MEANINGS, Exit
from disclosure_report._cli.parsing import wrap_wide
from disclosure_report._rules import Basis
from disclosure_report.exceptions import in_chinese, place_for


@pytest.fixture
def inputs(seed: AnnualReport, tmp_path: Path) -> dict[str, Path]:
    """A valid report, a wrong one read from a page (its findings placed in it), and unreadable inputs."""
    good = tmp_path / "good.json"
    write_json(seed, good)
    wrong = seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1})
    page = tmp_path / "wrong.html"
    page.write_text(render_html(attrs.evolve(seed, requests=wrong)), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    lines = tmp_path / "lines.jsonl"
    lines.write_text('{"extra_key": 1}\n{\n', encoding="utf-8")
    return {"good": good, "page": page, "broken": broken, "lines": lines, "missing": tmp_path / "none.json"}


def _said(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The status, standard output and standard error of a command run in this process."""
    try:
        status = main(list(argv))
    except SystemExit as ended:  # --help, and misuse
        status = int(ended.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


def _names(built: argparse.ArgumentParser) -> Iterator[str]:
    """Every option, command and choice of the parser and its commands: what a user types, not words."""
    for action in built._actions:
        yield from action.option_strings
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                yield name
                yield from _names(command)
        elif action.choices is not None:
            yield from (str(choice) for choice in action.choices)


_PROPER: set[str] = {
    *"JSON CSV HTML PDF DOCX XLSX TOML SVG CPU MB OCR WPS Word Markdown Schema DuckDB Parquet".split(),
    *"Dask LibreOffice UTF-8 SHA-256 User-Agent ETag Crawl-delay Ctrl-C http https tcp".split(),
}
"""Names and terms a Chinese text writes in Latin letters (formats, programs, protocols)."""


def _english_words(text: str, allowed: set[str]) -> set[str]:
    """The words in Latin letters that are not codes, keys, options, file names or proper names."""
    words = set()
    for token in re.findall(r"(?<![\w-])-{0,2}[A-Za-z][A-Za-z0-9_.:/-]*", text):
        token = token.rstrip(".:/-")
        if token in allowed or token in _PROPER:
            continue
        if re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)+", token):  # a code, a JSON key
            continue
        if re.fullmatch(
            r"[\w./-]+\.(?:json|jsonl|html|xlsx|pdf|duckdb|txt)(?::\d+)?|\S*/\S*", token
        ):  # a file
            continue
        words.add(token)
    return words


def test_every_output_a_person_reads_under_lang_zh_is_chinese(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # English was left in: positions (table 2, row 4), export's messages (cannot read: 1 problem(s)),
    # argparse's usage: and options:, the JSON decoder's and the system's words, a corpus not there.
    allowed = {
        *_names(parser("zh")),
        *RULES,
        *PROBLEM_CODES,
        *(basis.value for basis in Basis),
        *json_schema()["properties"],  # a report's keys, named when one is missing or unknown
        *DECISION_COLUMNS,
        *("key", "figure", "decision", "by", "at", "reason"),  # a decisions file's keys
        *("disclosure-report", "example:seed", "find", "local", "dask"),
        *("xml", "soon", "frobnicate"),  # what the user typed, said back
    }
    good, page, broken, lines = (str(inputs[name]) for name in ("good", "page", "broken", "lines"))
    corpus = str(tmp_path / "corpus")
    decisions = tmp_path / "decisions.toml"
    decisions.write_text("[[decision]]\nkey = 1\n", encoding="utf-8")
    runs: list[tuple[str, ...]] = [
        ("--help",),
        *((command, "--help") for command in ("validate", "export", "convert", "fetch", "report", "copy")),
        *((command, "--help") for command in ("decide", "template", "rules", "schema")),
        ("validate", good, page, broken, lines, str(inputs["missing"])),
        ("validate", "--summary", good, page, broken, lines),
        ("validate", "--format", "json", good),  # its deprecation, on standard error
        ("validate", "--jobs", "0"),
        ("validate", "--format", "xml"),
        ("validate", "--timeout", "soon"),
        ("frobnicate",),
        ("convert", broken, str(tmp_path / "out.json")),
        ("convert", good, str(tmp_path / "out.pdf")),
        ("template",),
        ("template", "-o", str(tmp_path / "t.xlsx"), "--year", "1999"),
        ("export", good, page, broken, lines, "--to", corpus, "--jobs", "1"),
        ("report", str(tmp_path / "none"), "--html", str(tmp_path / "o.html")),
        ("rules",),
        ("validate", good, "--decisions", str(decisions)),
    ]
    machine = {"--format"}  # standard output of a machine format is for programs: both languages
    found = {}
    for argv in runs:
        _, out, err = _said(capsys, "--lang", "zh", *argv)
        shown = err if machine & set(argv) and "xml" not in argv else out + err
        words = _english_words(shown, allowed)
        if words:
            found[" ".join(argv).replace(str(tmp_path), "")] = sorted(words)
    assert not found, "\n".join(f"{argv}: {words}" for argv, words in found.items())
    # The same runs in English say them in English: the scan finds words when there are some.
    _, out, err = _said(capsys, "--lang", "en", "validate", page, broken)
    assert {"table", "row", "Expecting"} <= _english_words(out + err, allowed)


def test_positions_and_problems_in_chinese() -> None:
    assert place_for("page 5, table 3, row 8, cell 2", "zh") == "第 5 页，表 3，第 8 行，第 2 格"
    assert place_for("line 2 column 1", "zh") == "第 2 行第 1 列"
    assert place_for("$.requests.granted", "zh") == "$.requests.granted"  # a JSON path is kept
    assert place_for("page 5, table 3", "en") == "page 5, table 3"
    # What the command line says when an extra is not installed, or a list of addresses is not UTF-8.
    missing = (
        "a corpus needs DuckDB and pyarrow (duckdb is not installed): pip install 'disclosure-report[corpus]'"
    )
    assert (
        in_chinese(missing)
        == "语料库需要 DuckDB 和 pyarrow（未安装 duckdb）：pip install 'disclosure-report[corpus]'"
    )
    assert in_chinese("not UTF-8 text (invalid start byte)") == "不是 UTF-8 文本（无效的起始字节）"
    assert in_chinese("not UTF-8 text (a reason not known here)") is None  # never said half in English


@settings(max_examples=50, deadline=None)
@given(
    st.builds(
        SourcePosition,
        page=st.none() | st.integers(1, 999),
        line=st.none() | st.integers(1, 99_999),
        paragraph=st.none() | st.integers(1, 999),
        table=st.none() | st.integers(1, 99),
        row=st.none() | st.integers(1, 999),
        cell=st.none() | st.integers(1, 99),
    )
)
def test_any_position_in_a_document_is_said_in_chinese(position: SourcePosition) -> None:
    text = str(position)
    said = place_for(text, "zh")
    assert not re.search("[A-Za-z]", said), said
    assert re.findall(r"\d+", said) == re.findall(r"\d+", text)  # every number kept, in order
    assert place_for(text, "en") == text


def _closing(err_or_out: str) -> str:
    return err_or_out.strip().splitlines()[-1]


def test_each_exit_status_is_said_by_the_closing_line(
    inputs: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good, page, broken = str(inputs["good"]), str(inputs["page"]), str(inputs["broken"])
    not_a_corpus = tmp_path / "corpus.duckdb"
    not_a_corpus.write_text("not a database\n", encoding="utf-8")
    cases = [
        (("validate", good), Exit.DONE, "exit status 0: all done"),
        (("validate", good, page), Exit.FINDINGS, "exit status 1: done, and some report has findings"),
        (("validate", good, page, broken), Exit.PART_DONE, "exit status 2: done in part"),
        (
            ("validate", "--previous", str(inputs["missing"]), good),
            Exit.NOTHING_DONE,
            "exit status 3: nothing",
        ),
        (("validate", "--jobs", "0", good), Exit.NOTHING_DONE, "exit status 3: nothing done"),
        (("export", good, "--to", str(tmp_path / "c"), "--jobs", "1"), Exit.DONE, "exit status 0: all done"),
        (("export", good, broken, "--to", str(tmp_path / "c2"), "--jobs", "1"), Exit.PART_DONE, "status 2"),
        (("export", good, "--to", str(not_a_corpus)), Exit.NOTHING_DONE, "exit status 3: nothing done"),
        (("convert", broken, str(tmp_path / "x.json")), Exit.NOTHING_DONE, "exit status 3: nothing done"),
    ]
    for argv, status, closing in cases:
        said, out, err = _said(capsys, "--lang", "en", *argv)
        assert said == status, (argv, out, err)
        assert closing in _closing(err if argv[0] != "validate" or status == 3 else out), (argv, out, err)
    # In Chinese too.
    said, out, _ = _said(capsys, "--lang", "zh", "validate", good, page)
    assert said == 1 and _closing(out).endswith(
        "退出状态 1：已完成，有报告存在所要求级别的问题（错误；加 --strict 时警告也算）"
    )
    # --help lists them.
    _, out, _ = _said(capsys, "--lang", "en", "--help")
    assert all(f"  {int(status):<4} " in out for status in Exit)


def test_machine_outputs_keep_every_input_with_codes_in_both_languages(
    inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good, page, broken = str(inputs["good"]), str(inputs["page"]), str(inputs["broken"])
    for lang in ("zh", "en"):  # the same, whatever the language asked for
        status, out, err = _said(capsys, "--lang", lang, "validate", "--format", "csv", good, page, broken)
        rows = list(csv.DictReader(io.StringIO(out)))
        assert status == 2
        assert {row["file"]: row["status"] for row in rows} == {
            good: "passed",
            page: "failed",
            broken: "unreadable",
        }
        unreadable = next(row for row in rows if row["status"] == "unreadable")
        assert unreadable["code"] == "json-syntax" and unreadable["source"] == "line 1 column 2"
        assert unreadable["message_en"].startswith("not JSON: Expecting") and unreadable[
            "message_zh"
        ].startswith("不是 JSON")
        finding = next(row for row in rows if row["code"] == "requests-applicant-total")
        assert finding["message_zh"] and finding["message_en"] and finding["source"].startswith("table ")
        status, out, err = _said(capsys, "--lang", lang, "validate", "--format", "jsonl", good, broken)
        documents = [json.loads(line) for line in out.splitlines()]
        assert [d["status"] for d in documents] == ["passed", "unreadable"]
        assert documents[1]["problem"]["code"] == "json-syntax" and documents[1]["valid"] is None
        assert "deprecated" not in err and "不推荐" not in err
    # The old name still works, and says it is deprecated.
    status, out, err = _said(capsys, "--lang", "en", "validate", "--format", "json", good)
    assert status == 0 and json.loads(out.splitlines()[0])["status"] == "passed"
    assert "--format json writes JSON Lines (a line per input) and is deprecated: use --format jsonl" in err


def test_the_reference_page_is_the_parser_s_help() -> None:
    from disclosure_report._cli.reference import cli_markdown

    page = cli_markdown()
    built = parser("en")
    for option in _names(built):  # every command, option and choice, as the parser has them
        assert option in page or option == "--allow-loopback", option  # (a test's option, hidden)
    assert all(f"| {int(status)} | {meaning}" in page for status, (_, meaning) in MEANINGS.items())
    conf = (Path(__file__).parent.parent / "docs" / "conf.py").read_text(encoding="utf-8")
    index = (Path(__file__).parent.parent / "docs" / "index.md").read_text(encoding="utf-8")
    assert '"cli.md").write_text(cli_markdown()' in conf and "generated/cli" in index


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["报告", "文件夹", "，", "。", "JSON", "--jobs", "60", " ", "（默认）"]), max_size=60
    ),
    st.integers(20, 100),
)
def test_chinese_help_is_wrapped_to_the_width_a_terminal_shows(parts: list[str], width: int) -> None:
    # Chinese characters take two columns: wrapped by their number, the help ran past the terminal's edge.
    text = "".join(parts)
    lines = wrap_wide(text, width)
    for line in lines:
        columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
        assert columns <= width + 2 or " " not in line, line  # only a word or a mark kept whole may pass
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing broken up
