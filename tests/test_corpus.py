"""The corpus export: a folder of reports in every format into DuckDB and Parquet, and back, exactly."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AgencyLevel,
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    ReadError,
    RequestRow,
    read_report,
    render_docx,
    render_html,
    render_json,
    render_text,
    render_xlsx,
    validate,
)
from disclosure_report._cli import main
from disclosure_report._corpus import CORPUS_TABLES, export_corpus, open_corpus, read_corpus
from disclosure_report._corpus.reading import read_one
from disclosure_report.strategies import reports

from .conftest import DATA

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")


def _variant(seed: AnnualReport, number: int) -> AnnualReport:
    """The seed report of another agency of the same name in another county, with its own figures."""
    requests = seed.requests.replace(
        {
            (RequestRow.NEW, Applicant.NATURAL_PERSON): number,
            (RequestRow.NEW, Applicant.TOTAL): number,
            (RequestRow.GRANTED, Applicant.NATURAL_PERSON): number,
            (RequestRow.GRANTED, Applicant.TOTAL): number,
            (RequestRow.TOTAL, Applicant.NATURAL_PERSON): number,
            (RequestRow.TOTAL, Applicant.TOTAL): number,
        }
    )
    info = attrs.evolve(seed.metadata, agency=f"某{number}县应急管理局", title=None, source=None)
    return attrs.evolve(seed, metadata=info, requests=requests)


@pytest.fixture
def folder(seed: AnnualReport, tmp_path: Path) -> Path:
    """Reports in every format the library writes, a PDF, JSON lines, a copy, and unreadable files."""
    root = tmp_path / "downloads"
    (root / "nested").mkdir(parents=True)
    writers = {
        "json": lambda r: render_json(r).encode(),
        "txt": lambda r: render_text(r).encode(),
        "html": lambda r: render_html(r).encode(),
        "docx": render_docx,
        "xlsx": render_xlsx,
    }
    for number, (extension, write) in enumerate(writers.items(), start=1):
        (root / f"r{number}.{extension}").write_bytes(write(_variant(seed, number)))
    # A blank cell and an amount, kept as they are.
    blanked = _variant(seed, 7).with_table(
        _variant(seed, 7).active_disclosure.replace(
            {(DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT): Decimal("12.3456")}
        )
    )
    blanked = blanked.with_table(blanked.requests.replace({(RequestRow.NEW, Applicant.OTHER): None}))
    (root / "nested" / "blank.json").write_text(render_json(blanked), encoding="utf-8")
    (root / "seed.pdf").write_bytes((DATA / "seed.libreoffice.pdf").read_bytes())
    lines = [render_json(_variant(seed, n), indent=None) for n in (8, 9)]
    (root / "more.jsonl").write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    shutil.copy(root / "r1.json", root / "nested" / "copy-of-r1.json")
    (root / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (root / "empty.txt").write_text("nothing here\n", encoding="utf-8")
    return root


_INPUTS = 13  # 5 formats, blank.json, seed.pdf, 3 JSON lines, the copy, 2 unreadable files
_REPORTS = 9


def _expected(folder: Path) -> dict[str, AnnualReport]:
    """Every distinct report of the folder, as reading each input gives it, by fingerprint."""
    found: dict[str, AnnualReport] = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".jsonl":
            from disclosure_report import from_json

            for line in path.read_text(encoding="utf-8").splitlines()[:2]:
                report = from_json(line)
                found.setdefault(report.fingerprint, report)
        elif path.is_file() and path.name not in ("broken.docx", "empty.txt"):
            report = read_report(path).report
            found.setdefault(report.fingerprint, report)
    return found


def _table(connection: Any, name: str) -> list[tuple[Any, ...]]:
    columns = [column for column, _ in CORPUS_TABLES[name] if column != "exported"]
    return sorted(connection.execute(f"SELECT {', '.join(columns)} FROM {name}").fetchall(), key=repr)


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_a_folder_of_every_format_round_trips(folder: Path, tmp_path: Path, format: str) -> None:
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    summary = export_corpus([folder], target, jobs=2)
    assert attrs.asdict(summary) == {
        "inputs": _INPUTS,
        "skipped": 0,
        "added": _REPORTS,
        "duplicates": 1,
        "unreadable": 3,
    }
    expected = _expected(folder)
    assert len(expected) == _REPORTS
    back = list(read_corpus(target))
    assert {report.fingerprint: report for report in back} == expected
    for report in back:  # where each cell was printed comes back too (positions take no part in ==)
        assert report.positions == expected[report.fingerprint].positions
    blank = next(r for r in back if r.metadata.agency == "某7县应急管理局")
    assert blank.requests[RequestRow.NEW, Applicant.OTHER] is None
    assert blank.active_disclosure[DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT] == Decimal("12.3456")
    with open_corpus(target) as connection:
        statuses = dict(connection.execute("SELECT status, count(*) FROM files GROUP BY status").fetchall())
        assert statuses == {"read": _REPORTS, "duplicate": 1, "unreadable": 3}
        # The copy and its original: the one met second is the duplicate of the other's report.
        (pair,) = connection.execute(
            "SELECT f.file, r.file FROM files f JOIN reports r USING (fingerprint) "
            "WHERE f.status = 'duplicate'"
        ).fetchall()
        assert {Path(name).name for name in pair} == {"r1.json", "copy-of-r1.json"} and pair[0] != pair[1]
        reasons = connection.execute("SELECT file, problem FROM files WHERE status = 'unreadable'").fetchall()
        assert sorted(problem for _, problem in reasons) == ["archive-damaged", "json-syntax", "no-report"]
        # Numbers as numbers: counts as integers, amounts as exact decimals, blanks as NULL.
        count, amount, value = connection.execute(
            "SELECT count, amount, value FROM cells c JOIN reports r USING (fingerprint) "
            "WHERE r.agency = '某7县应急管理局' AND table_key = 'active_disclosure' AND row_key = 'fees' "
            "AND column_key = 'fee_amount'"
        ).fetchone()
        assert (count, amount, value) == (None, Decimal("12.3456"), "12.3456")
        blank_cell = connection.execute(
            "SELECT value, count FROM cells c JOIN reports r USING (fingerprint) "
            "WHERE r.agency = '某7县应急管理局' AND table_key = 'requests' AND row_key = 'new' "
            "AND column_key = 'other'"
        ).fetchone()
        assert blank_cell == (None, None)
        positions = connection.execute("SELECT count(*) FROM positions").fetchone()[0]
        assert positions == sum(len(report.positions) for report in expected.values()) > 0


def test_duckdb_and_parquet_hold_the_same_tables(folder: Path, tmp_path: Path) -> None:
    export_corpus([folder], tmp_path / "corpus.duckdb", jobs=2)
    export_corpus([folder], tmp_path / "parquet", format="parquet", jobs=1)
    with open_corpus(tmp_path / "corpus.duckdb") as one, open_corpus(tmp_path / "parquet") as other:
        for name in CORPUS_TABLES:
            assert _table(one, name) == _table(other, name), name


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_a_second_run_adds_nothing_and_new_files_are_added(
    folder: Path, tmp_path: Path, seed: AnnualReport, format: str
) -> None:
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    export_corpus([folder], target, jobs=1)
    with open_corpus(target) as connection:
        before = {name: _table(connection, name) for name in CORPUS_TABLES}
    again = export_corpus([folder], target, jobs=1)
    assert (again.inputs, again.skipped, again.added) == (_INPUTS, _INPUTS, 0)
    # A new file, and a file changed since (a corrected report republished under the same name).
    (folder / "new.json").write_text(render_json(_variant(seed, 20)), encoding="utf-8")
    (folder / "r1.json").write_text(render_json(_variant(seed, 21)), encoding="utf-8")
    third = export_corpus([folder], target, jobs=1)
    assert (third.skipped, third.added) == (_INPUTS - 1, 2)
    with open_corpus(target) as connection:
        assert len(_table(connection, "reports")) == len(before["reports"]) + 2
        assert len(_table(connection, "files")) == len(before["files"]) + 2


class _Interrupted(Exception):
    pass


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_an_interrupted_run_resumes_without_loss_or_duplicates(
    folder: Path, tmp_path: Path, format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from disclosure_report._corpus import export, reading

    # Read two inputs a task, written four at a time.
    monkeypatch.setattr(reading, "TASK_FILES", 2)
    monkeypatch.setattr(reading, "TASK_LINES", 2)
    monkeypatch.setattr(export, "CHUNK_INPUTS", 4)
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    done = 0

    def stop_half_way(message: str | None) -> None:
        nonlocal done
        done += message is None
        if done == 7:
            raise _Interrupted

    with pytest.raises(_Interrupted):
        export_corpus([folder], target, jobs=1, progress=stop_half_way)
    with open_corpus(target) as connection:
        assert 0 < len(_table(connection, "files")) < _INPUTS
    resumed = export_corpus([folder], target, jobs=1)
    assert resumed.skipped > 0 and resumed.inputs == _INPUTS
    with open_corpus(target) as connection:
        files = _table(connection, "files")
        assert len(files) == _INPUTS and len({row[0] for row in files}) == _INPUTS
        fingerprints = [row[0] for row in _table(connection, "reports")]
        assert len(fingerprints) == len(set(fingerprints)) == _REPORTS
        cells = connection.execute("SELECT count(*) FROM cells").fetchone()[0]
        assert cells == sum(len(r.active_disclosure.values) + 175 + 15 for r in _expected(folder).values())
    assert {r.fingerprint: r for r in read_corpus(target)} == _expected(folder)


def test_parquet_parts_of_a_chunk_never_written_whole_are_dropped(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A run killed after writing a chunk's reports but before its file list: that chunk is not there.
    import pyarrow.parquet as pq

    real = pq.write_table

    def dies_at_the_file_list(table: Any, where: Any, **options: Any) -> None:
        if Path(where).parent.name == "files":
            raise _Interrupted
        real(table, where, **options)

    target = tmp_path / "corpus"
    monkeypatch.setattr(pq, "write_table", dies_at_the_file_list)
    with pytest.raises(_Interrupted):
        export_corpus([folder], target, format="parquet", jobs=1)
    monkeypatch.setattr(pq, "write_table", real)
    assert list((target / "reports").glob("*.parquet"))  # written, but not committed
    export_corpus([folder], target, format="parquet", jobs=1)
    assert {r.fingerprint: r for r in read_corpus(target)} == _expected(folder)
    assert not list(target.rglob("*.tmp"))


def test_the_views_answer_the_usual_questions(seed: AnnualReport, tmp_path: Path) -> None:
    county = AgencyLevel.COUNTY_DEPARTMENT
    this_year = attrs.evolve(
        _variant(seed, 3), metadata=attrs.evolve(_variant(seed, 3).metadata, level=county, year=2023)
    )
    # Last year's report of the same agency carried forward 2 natural persons' requests; this year's
    # says none were carried over.
    last = attrs.evolve(this_year, metadata=attrs.evolve(this_year.metadata, year=2022))
    last = last.with_table(
        last.requests.replace(
            {
                (RequestRow.NEW, Applicant.NATURAL_PERSON): 5,
                (RequestRow.NEW, Applicant.TOTAL): 5,
                (RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 2,
                (RequestRow.CARRIED_FORWARD, Applicant.TOTAL): 2,
            }
        )
    )
    # Another county's agency of the same name: never compared with these.
    other = attrs.evolve(
        last,
        metadata=attrs.evolve(last.metadata, region="别的县", division_code="320813"),
        overview="别的县的概述。",
    )
    # A report whose table 三 does not balance.
    broken = _variant(seed, 5).with_table(
        _variant(seed, 5).requests.replace({(RequestRow.TOTAL, Applicant.TOTAL): 99})
    )
    lines = tmp_path / "reports.jsonl"
    lines.write_text(
        "\n".join(render_json(r, indent=None) for r in (this_year, last, other, broken)), encoding="utf-8"
    )
    target = tmp_path / "corpus.duckdb"
    export_corpus([lines], target, jobs=1)
    with open_corpus(target) as connection:
        rate = connection.execute(
            "SELECT granted, partially_granted, handled, rate FROM disclosure_rates "
            "WHERE agency = ? AND year = 2023",
            [this_year.metadata.agency],
        ).fetchone()
        assert rate == (3, 0, 3, 1.0)
        by_level = connection.execute(
            "SELECT year, level, reports, rate FROM disclosure_rate_by_year_level WHERE level IS NOT NULL"
        ).fetchall()
        assert by_level == [(2022, "county_department", 2, 1.0), (2023, "county_department", 1, 1.0)]
        unbalanced = connection.execute("SELECT agency, codes FROM unbalanced_reports").fetchall()
        assert [agency for agency, _ in unbalanced] == [broken.metadata.agency]
        assert "requests-applicant-total" in unbalanced[0][1]
        mismatches = connection.execute(
            "SELECT agency, year, column_key, carried_forward_last_year, carried_over_this_year "
            "FROM carry_over_mismatches"
        ).fetchall()
        assert mismatches == [
            (this_year.metadata.agency, 2023, "natural_person", 2, 0),
            (this_year.metadata.agency, 2023, "total", 2, 0),
        ]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(reports(consistent=False, blanks=True), min_size=1, max_size=4))
def test_any_reports_come_back_from_the_database_equal(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[AnnualReport]
) -> None:
    folder = tmp_path_factory.mktemp("corpus")
    lines = folder / "reports.jsonl"
    lines.write_text("\n".join(render_json(r, indent=None) for r in drawn) + "\n", encoding="utf-8")
    target = folder / "corpus.duckdb"
    summary = export_corpus([lines], target, jobs=1)
    distinct = {r.fingerprint: r for r in reversed(drawn)}  # the first of each, as the export keeps
    assert summary.added == len(distinct) and summary.duplicates == len(drawn) - len(distinct)
    back = list(read_corpus(target))
    assert len(back) == len(distinct)
    assert {r.fingerprint: r for r in back} == distinct


def test_without_the_extra_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(ModuleNotFoundError, match=r"disclosure-report\[corpus\]"):
        export_corpus([], tmp_path / "corpus.duckdb")
    with pytest.raises(ModuleNotFoundError, match=r"disclosure-report\[corpus\]"):
        open_corpus(tmp_path)


def test_the_command_line_export(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "corpus.duckdb"
    status = main(["--lang", "en", "export", str(folder), "--to", str(target), "--jobs", "2"])
    said = capsys.readouterr().err
    assert status == 2  # some inputs could not be read: said, and the run went on
    assert f"{_INPUTS} inputs: {_REPORTS} reports added, 1 duplicate(s), 3 unreadable" in said
    assert "broken.docx" in said
    status = main(["--lang", "en", "export", str(folder), "--to", str(target)])
    assert f"{_INPUTS} already there" in capsys.readouterr().err
    # As a script would run it, from a fresh process.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure_report",
            "--lang",
            "zh",
            "export",
            str(folder),
            "--to",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "已在库中" in run.stderr


def test_a_report_given_again_is_recorded_once_within_a_task_and_across_tasks(
    seed: AnnualReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from disclosure_report._corpus import reading

    monkeypatch.setattr(reading, "TASK_LINES", 2)  # tasks: [a, a], [a, b]
    one, other = _variant(seed, 1), _variant(seed, 2)
    lines = tmp_path / "reports.jsonl"
    lines.write_text("\n".join(render_json(r, indent=None) for r in (one, one, one, other)), encoding="utf-8")
    target = tmp_path / "corpus.duckdb"
    summary = export_corpus([lines], target, jobs=2)
    assert (summary.added, summary.duplicates) == (2, 2)
    with open_corpus(target) as connection:
        statuses = connection.execute("SELECT file, status FROM files ORDER BY file").fetchall()
        assert [status for _, status in statuses] == ["read", "duplicate", "duplicate", "read"]
        assert connection.execute("SELECT count(*) FROM cells").fetchone()[0] == 2 * 200
        findings = len(validate(one).findings) + len(validate(other).findings)
        assert connection.execute("SELECT count(*) FROM findings").fetchone()[0] == findings > 0
    assert [r.fingerprint for r in read_corpus(target)] == [one.fingerprint, other.fingerprint]


def test_a_corpus_changed_by_hand_is_refused_with_the_place(seed: AnnualReport, tmp_path: Path) -> None:
    lines = tmp_path / "reports.jsonl"
    lines.write_text(render_json(seed, indent=None) + "\n", encoding="utf-8")
    target = tmp_path / "corpus.duckdb"
    export_corpus([lines], target, jobs=1)
    changes = [
        (
            "UPDATE cells SET value = 'many' WHERE row_key = 'new' AND column_key = 'other'",
            "cells requests.new.other",
        ),
        (
            "UPDATE cells SET row_key = 'newest' WHERE row_key = 'new' AND column_key = 'other'",
            "requests.newest",
        ),
        ("UPDATE reports SET headings = '[1]'", "reports"),
        ("UPDATE reports SET level = '县'", "reports"),
    ]
    for change, place in changes:
        edited = tmp_path / f"edited-{len(place)}.duckdb"
        shutil.copy(target, edited)
        connection = duckdb.connect(str(edited))
        connection.execute(change)
        connection.close()
        with pytest.raises(ReadError) as raised:
            list(read_corpus(edited))
        assert raised.value.source.endswith("reports.jsonl:1")
        assert any(place in problem.place for problem in raised.value.problems), raised.value


def test_a_target_that_is_no_corpus_is_said_so(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file that is not a DuckDB database: named, never an "internal error".
    not_a_database = tmp_path / "corpus.duckdb"
    not_a_database.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(ReadError) as raised:
        export_corpus([folder], not_a_database, jobs=1)
    assert raised.value.source == str(not_a_database) and raised.value.problems[0].code == "corpus-invalid"
    assert main(["--lang", "en", "export", str(folder), "--to", str(not_a_database)]) == 3
    said = capsys.readouterr().err
    assert str(not_a_database) in said and "not a corpus" in said and "internal error" not in said
    with pytest.raises(ReadError, match="not a corpus"):
        open_corpus(not_a_database)


def test_a_damaged_parquet_part_is_named_and_its_chunk_read_again(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A part cut short (a power cut before it reached the disk, a full disk): the next export passed it
    # ("13 already there"), then open_corpus and read_corpus failed with DuckDB's raw error.
    target = tmp_path / "corpus"
    export_corpus([folder], target, jobs=1)
    clean = tmp_path / "clean"
    export_corpus([folder], clean, jobs=1)
    (part,) = (target / "cells").glob("*.parquet")
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])
    with pytest.raises(ReadError) as raised:
        open_corpus(target)
    assert raised.value.source == str(part) and raised.value.problems[0].code == "corpus-invalid"
    assert "damaged" in str(raised.value) and "reads its inputs again" in str(raised.value)
    # The export drops the chunk, says so, and reads its inputs again: the corpus a clean run gives.
    assert main(["--lang", "en", "export", str(folder), "--to", str(target)]) == 2
    said = capsys.readouterr().err
    assert f"{part}: damaged" in said and f"{_REPORTS} reports added" in said and "already there" in said
    with open_corpus(target) as repaired, open_corpus(clean) as expected:
        for name in CORPUS_TABLES:
            assert _table(repaired, name) == _table(expected, name), name
    # Any file under a part's name, of any table, is a damaged part too.
    (target / "files" / "0123.parquet").write_bytes(b"junk")
    with pytest.raises(ReadError, match=r"0123\.parquet"):
        list(read_corpus(target))
    assert export_corpus([folder], target, jobs=1).skipped == _INPUTS
    assert not (target / "files" / "0123.parquet").exists()


def test_a_parquet_corpus_is_written_by_one_export_at_a_time(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A second export at once would remove the parts the first one staged, and add its reports again.
    from disclosure_report._corpus.stores import ParquetStore

    target = tmp_path / "corpus"
    first = ParquetStore(target)
    try:
        with pytest.raises(ReadError, match="another export is writing this corpus") as raised:
            export_corpus([folder], target, format="parquet", jobs=1)
        assert raised.value.problems[0].code == "corpus-busy"
        assert main(["export", str(folder), "--to", str(target), "--lang", "en"]) == 3
        assert "another export is writing this corpus" in capsys.readouterr().err
    finally:
        first.close()
    assert export_corpus([folder], target, format="parquet", jobs=1).added == _REPORTS


def test_any_corpus_copies_into_a_new_duckdb_file_or_says_why_not(folder: Path, tmp_path: Path) -> None:
    from disclosure_report import copy_corpus

    export_corpus([folder], tmp_path / "corpus", format="parquet", jobs=1)
    copy_corpus(tmp_path / "corpus", tmp_path / "one.duckdb")
    copy_corpus(tmp_path / "one.duckdb", tmp_path / "two.duckdb")  # a DuckDB file copies too
    with open_corpus(tmp_path / "corpus") as parquet, open_corpus(tmp_path / "two.duckdb") as copied:
        for name in CORPUS_TABLES:
            assert _table(parquet, name) == _table(copied, name), name
    with pytest.raises(OSError, match=r"nowhere/x\.duckdb: cannot be written"):
        copy_corpus(tmp_path / "corpus", tmp_path / "nowhere" / "x.duckdb")
    with pytest.raises(FileNotFoundError, match="no corpus there"):
        copy_corpus(tmp_path / "missing", tmp_path / "three.duckdb")
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == ["corpus", "downloads", "one.duckdb", "two.duckdb"]  # no temporary file left


def test_json_lines_go_to_tasks_by_count_and_by_size() -> None:
    from disclosure_report._corpus.reading import Input, group_inputs
    from disclosure_report._io.batch import Unit

    sizes = [5, 5, 5, 12, 1]
    lines = [Input(Unit(f"a.jsonl:{n}", line="x" * size), "", size) for n, size in enumerate(sizes)]
    groups = [[item.size for item in group] for group in group_inputs(lines, 10, 10, 3)]
    assert groups == [[5, 5], [5], [12], [1]]
    assert [len(group) for group in group_inputs(lines[:1] * 7, 10, 1000, 3)] == [3, 3, 1]


# --- nothing lost, nothing left: names, paths, temporary failures, durability, locks, full disks -------


def _gbk(folder: Path, name: str) -> Path:
    """A path whose last part is ``name`` in GBK bytes, as ``unzip`` writes a Chinese archive's names."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/" + name.encode("gbk")))


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_a_name_that_is_not_utf8_never_stops_the_export(
    seed: AnnualReport, tmp_path: Path, format: str
) -> None:
    # The model refused the name's lone surrogates in metadata.source, the file was "unreadable", and
    # then the files table could not encode its name: "internal error: UnicodeEncodeError", nothing
    # written, not even the good files, and every rerun the same.
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "good.json").write_text(render_json(_variant(seed, 1)), encoding="utf-8")
    named = _gbk(folder, "某局2023年报告.docx")
    named.write_bytes(render_docx(_variant(seed, 2)))
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    summary = export_corpus([folder], target, jobs=1)
    assert (summary.added, summary.unreadable) == (2, 0)
    with open_corpus(target) as connection:
        rows = connection.execute("SELECT file, file_bytes, status FROM files ORDER BY file").fetchall()
        shown = f"{folder}/某局2023年报告.docx"
        assert sorted(rows) == sorted(
            [(str(folder / "good.json"), None, "read"), (shown, os.fsencode(named), "read")]
        )
        (source,) = connection.execute("SELECT source FROM reports WHERE file = ?", [shown]).fetchone()
        assert source == shown
    assert export_corpus([folder], target, jobs=1).skipped == 2
    # A name alike in its display, of other bytes, is another input.
    (folder / "某局2023年报告.docx").write_bytes(named.read_bytes())
    again = export_corpus([folder], target, jobs=1)
    assert (again.skipped, again.duplicates) == (2, 1)


@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_the_same_inputs_by_another_path_are_the_same_inputs(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, format: str
) -> None:
    # Given again by its absolute path after a relative one, every input was recorded again: 310 of
    # them as duplicates of themselves.
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    monkeypatch.chdir(tmp_path)
    assert export_corpus(["downloads"], target, jobs=1).added == _REPORTS
    assert export_corpus([folder], target, jobs=1).skipped == _INPUTS
    (tmp_path / "link").symlink_to(folder)
    assert export_corpus([tmp_path / "link" / "."], target, jobs=1).skipped == _INPUTS
    with open_corpus(target) as connection:
        assert len(_table(connection, "files")) == _INPUTS
        names = [row[0] for row in connection.execute("SELECT file FROM files").fetchall()]
        assert all(name.startswith(f"{folder}/") for name in names)


def _unlucky(item: Any) -> Any:
    """Reading an input as a loaded machine may: a line too slow, a worker killed, a file out of memory."""
    name = item.unit.name
    if name.endswith("more.jsonl:1"):
        time.sleep(30)
    elif name.endswith("more.jsonl:2"):
        os.kill(os.getpid(), signal.SIGKILL)
    elif name.endswith("r2.txt"):
        raise MemoryError
    return read_one(item)  # the real one, imported before the test put this in its place


@pytest.mark.slow
@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_failures_of_the_moment_are_read_again_and_failures_of_the_file_are_not(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None, format: str
) -> None:
    # Every input in the files table was skipped by later runs whatever its status: a file that failed
    # because the machine was loaded was never read again (and was recorded as damaged).
    from disclosure_report._corpus import reading

    clean = tmp_path / ("clean.duckdb" if format == "duckdb" else "clean")
    export_corpus([folder], clean, jobs=2)
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    monkeypatch.setattr(reading, "read_one", _unlucky)
    # Each line, each file has its own time limit: the slow line costs itself, not its task.
    first = export_corpus([folder], target, jobs=2, timeout=2)
    assert (first.added, first.unreadable) == (_REPORTS - 3, 3 + 3)
    with open_corpus(target) as connection:
        found = dict(
            connection.execute(
                "SELECT regexp_extract(file, '[^/]*$'), problem || ': ' || reason FROM files "
                "WHERE status = 'unreadable'"
            ).fetchall()
        )
    assert found["more.jsonl:1"].startswith("resource-limit: ") and "limit of 2 s" in found["more.jsonl:1"]
    assert (
        found["more.jsonl:2"].startswith("system-failure: ") and "killed by SIGKILL" in found["more.jsonl:2"]
    )
    assert found["r2.txt"].startswith("resource-limit: ") and "more memory" in found["r2.txt"]
    monkeypatch.setattr(reading, "read_one", read_one)
    again = export_corpus([folder], target, jobs=2)
    assert (again.skipped, again.added, again.unreadable) == (_INPUTS - 3, 3, 0)  # broken files: not again
    with open_corpus(target) as resumed, open_corpus(clean) as expected:
        for name in CORPUS_TABLES:
            assert _table(resumed, name) == _table(expected, name), name
    if format == "parquet":  # the rows replaced are gone from the parts too, not only hidden
        import pyarrow.parquet as pq

        assert (
            sum(pq.read_metadata(part).num_rows for part in (target / "files").glob("*.parquet")) == _INPUTS
        )


def test_parquet_parts_reach_the_disk_before_their_chunk_is_committed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Parts were renamed into place without fsync: after a power cut, a chunk's file list could be
    # there and its parts cut short.
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(descriptor: int) -> None:
        events.append(("sync", os.readlink(f"/proc/self/fd/{descriptor}")))
        real_fsync(descriptor)

    def replace(source: Any, target: Any) -> None:
        events.append(("rename", os.fspath(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    export_corpus([folder], tmp_path / "corpus", jobs=1)
    renames = [(index, Path(path)) for index, (kind, path) in enumerate(events) if kind == "rename"]
    commits = [(index, path) for index, path in renames if path.parent.name == "files"]
    assert commits
    for commit, files_part in commits:
        parts = [(i, p) for i, p in renames if p.stem == files_part.stem and p.parent.name != "files"]
        assert parts
        for index, part in [*parts, (commit, files_part)]:
            synced = [i for i, (kind, path) in enumerate(events[:index]) if kind == "sync"]
            assert any(events[i][1].startswith(f"{part}.") for i in synced), f"{part} not synced"
        for index, part in parts:  # each table's folder, after its part is in, before the commit
            between = events[index + 1 : commit]
            assert ("sync", str(part.parent)) in between, f"{part.parent} not synced before the commit"
        assert ("sync", str(files_part.parent)) in events[commit + 1 :]


def test_a_second_export_to_a_duckdb_file_is_refused_as_busy(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It was refused as corpus-invalid ("not a corpus this library can open: IO Error: Could not set
    # lock"), which tells the user the file is damaged when it is only in use.
    from disclosure_report._corpus.stores import DuckDBStore

    target = tmp_path / "corpus.duckdb"
    export_corpus([folder], target, jobs=1)
    first = DuckDBStore(target)
    try:
        with pytest.raises(ReadError, match="another export is writing this corpus") as raised:
            export_corpus([folder], target, jobs=1)
        assert raised.value.problems[0].code == "corpus-busy"
        other = subprocess.run(
            [
                sys.executable,
                "-m",
                "disclosure_report",
                "--lang",
                "en",
                "export",
                str(folder),
                "--to",
                str(target),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert other.returncode == 3 and "another export is writing this corpus" in other.stderr, other.stderr
    finally:
        first.close()
    assert export_corpus([folder], target, jobs=1).skipped == _INPUTS


_SMALL_DISK = 'mount -t tmpfs -o size=300k tmpfs {disk} && exec "$@"'


def _on_a_small_disk(disk: Path, *command: str) -> subprocess.CompletedProcess[str] | None:
    """Run a command with a 300 KB file system mounted at ``disk`` (a mount namespace of its own, as an
    unprivileged user where the system allows); ``None`` where it cannot be made."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rm", "true"], capture_output=True).returncode != 0:
        return None
    script = _SMALL_DISK.format(disk=disk)
    return subprocess.run(
        [unshare, "-rm", "sh", "-c", script, "sh", *command], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_a_full_disk_is_said_so(folder: Path, tmp_path: Path, format: str) -> None:
    # DuckDB's failed commit showed "cannot rollback - no transaction is active" as an internal error.
    disk = tmp_path / "disk"
    disk.mkdir()
    lines = tmp_path / "many.jsonl"
    report = read_report(folder / "r1.json").report
    lines.write_text(
        "".join(render_json(_variant(report, n), indent=None) + "\n" for n in range(1, 1000)),
        encoding="utf-8",
    )
    target = disk / ("corpus.duckdb" if format == "duckdb" else "corpus")
    command = [
        sys.executable,
        "-m",
        "disclosure_report",
        "--lang",
        "en",
        "export",
        str(lines),
        "--to",
        str(target),
    ]
    done = _on_a_small_disk(disk, *command, "--jobs", "1")
    if done is None:
        pytest.skip("no mount namespace here for a small file system")
    assert done.returncode == 3
    assert f"{target}: " in done.stderr and "No space left on device" in done.stderr, done.stderr
    assert "internal error" not in done.stderr and "rollback" not in done.stderr


def test_a_failed_duckdb_commit_says_why_not_that_nothing_rolls_back(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where no small file system can be made: DuckDB's own failure, as a full disk gives it.
    real = duckdb.connect

    class Full:
        def __init__(self, connection: Any) -> None:
            self.connection = connection

        def execute(self, query: str, *arguments: Any) -> Any:
            if query == "COMMIT":
                self.connection.execute("ROLLBACK")  # as a failed commit leaves it: no transaction
                raise duckdb.IOException('Could not write file "corpus.duckdb.wal": No space left on device')
            return self.connection.execute(query, *arguments)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.connection, name)

    monkeypatch.setattr(duckdb, "connect", lambda *arguments, **options: Full(real(*arguments, **options)))
    with pytest.raises(OSError, match="No space left on device") as raised:
        export_corpus([folder], tmp_path / "corpus.duckdb", jobs=1)
    assert raised.value.errno == errno.ENOSPC


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="processes are found through /proc")
@pytest.mark.slow
@pytest.mark.parametrize("format", ["duckdb", "parquet"])
def test_an_export_killed_at_random_points_leaves_nothing_and_resumes_to_a_clean_run(
    seed: AnnualReport, tmp_path: Path, format: str
) -> None:
    # Killed (SIGKILL) at any point, as the out-of-memory killer does: no process of the run goes on, no
    # temporary file stays, and the run after it ends with the corpus a run never killed writes. More
    # kills: DISCLOSURE_REPORT_FAULT_KILLS=50, or `python benchmarks/faults.py`.
    import random

    from . import faults

    inputs = tmp_path / "downloads"
    faults.make_inputs(inputs, [_variant(seed, number) for number in range(1, 41)])
    clean = tmp_path / ("clean.duckdb" if format == "duckdb" else "clean")
    export_corpus([inputs], clean, jobs=2)
    expected = faults.tables(clean)
    target = tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")
    kills = int(os.environ.get("DISCLOSURE_REPORT_FAULT_KILLS", "2"))
    seed_given = int(os.environ.get("DISCLOSURE_REPORT_FAULT_SEED", str(time.time_ns() % 10**6)))
    runs = faults.killed_runs(inputs, target, tmp_path / "tmp", kills, 2.5, random.Random(seed_given))
    for number, run in enumerate(runs):
        where = f"run {number} (DISCLOSURE_REPORT_FAULT_SEED={seed_given})"
        assert run.survivors == (), f"{where}: processes left running: {run.survivors}"
        assert all(name.startswith("disclosure-report-convert-") for name in run.left), where
    assert runs[-1].status in (0, 2) and " 42 inputs: " in runs[-1].said, runs[-1].said  # 2: the broken file
    assert runs[-1].left == ()
    assert faults.leftovers(target) == []
    assert faults.tables(target) == expected
