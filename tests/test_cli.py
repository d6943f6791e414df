"""The command line, through the installed console script: output, formats and exit status."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import attrs
import pytest

from disclosure_report import AnnualReport, Applicant, RequestRow, json_schema, render_json, write_json
from disclosure_report._cli import main
from disclosure_report._cli.checking import check


def _script() -> str:
    found = shutil.which("disclosure-report", path=str(Path(sys.executable).parent))
    assert found, "the console script is installed with the package"
    return found


def run(*args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """The command's output, in ``lang`` (the option given before the command, as a user may).

    Run in this process, as the console script runs it (``main``, its standard output and error taken,
    argparse's exits caught): a fresh interpreter a command cost a third of a second, a quarter of the quick
    loop. The console script itself, the locale and signals are tested through ``_script()``.
    """
    out, err = io.BytesIO(), io.BytesIO()
    stdout, stderr = io.TextIOWrapper(out, encoding="utf-8"), io.TextIOWrapper(err, encoding="utf-8")
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            status = main(["--lang", lang, *args])
        except SystemExit as exit:  # --help, and argparse's refusals
            status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        stdout.flush()
        stderr.flush()
    said = (out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))
    return subprocess.CompletedProcess(["disclosure-report", "--lang", lang, *args], status, *said)


@pytest.fixture
def files(seed: AnnualReport, tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "reports" / "good.json"
    bad = tmp_path / "reports" / "sub" / "bad.json"
    broken = tmp_path / "broken.json"
    bad.parent.mkdir(parents=True)
    write_json(seed, good)
    wrong = seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1})
    write_json(attrs.evolve(seed, requests=wrong), bad)
    broken.write_text('{"schema_version": 1, "metadata": 3}', encoding="utf-8")
    return {"good": good, "bad": bad, "broken": broken, "dir": good.parent}


def test_no_arguments_validates_the_bundled_example_and_says_what_it_is() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "disclosure_report", "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    intro, _, checked = result.stdout.partition("\n\n")
    assert intro.startswith("No report given: checking the bundled example")
    assert "disclosure_report/seed-2023-emergency-center.txt" in intro
    assert "disclosure-report validate FILE_OR_DIR" in intro  # what to do next
    assert "应急中心 2023 (2021 template): valid" in checked
    closing = "1 report(s): 1 passed, 0 failed, 0 unreadable; exit status 0: all done"
    assert result.stdout.strip().endswith(closing)
    chinese = subprocess.run(
        [sys.executable, "-m", "disclosure_report", "--lang", "zh"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert chinese.stdout.startswith("没有给出报告文件，校验内置的示例")
    # Machine-readable output stays machine-readable.
    lines = run("validate", "--format", "jsonl").stdout.splitlines()
    assert json.loads(lines[0])["file"] == "example:seed"


def test_valid_report_exits_0(files: dict[str, Path]) -> None:
    result = run("validate", str(files["good"]))
    assert result.returncode == 0, result.stderr


def test_errors_exit_1_and_a_directory_is_searched(files: dict[str, Path]) -> None:
    result = run("validate", str(files["dir"]))
    assert result.returncode == 1
    assert "2 report(s): 1 passed, 1 failed, 0 unreadable" in result.stdout
    assert "requests-outcome-total" in result.stdout


def test_strict_fails_on_warnings(files: dict[str, Path], seed: AnnualReport, tmp_path: Path) -> None:
    warned = tmp_path / "warned.json"
    write_json(attrs.evolve(seed, problems="无"), warned)
    assert run("validate", str(warned)).returncode == 0
    assert run("validate", "--strict", str(warned)).returncode == 1


def test_unreadable_input_exits_2_and_the_batch_goes_on(files: dict[str, Path]) -> None:
    result = run("validate", str(files["broken"]), str(files["bad"]))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()  # one clear line: file, place, reason
    assert "broken.json: $." in line and "more problems" in line
    assert "Traceback" not in result.stderr
    assert "bad.json" in result.stdout


def test_json_and_csv_output(files: dict[str, Path]) -> None:
    lines = run("validate", "--format", "jsonl", str(files["bad"])).stdout.splitlines()
    document = json.loads(lines[0])
    assert document["valid"] is False
    codes = {f["code"] for f in document["findings"]}
    assert {"requests-outcome-total", "requests-applicant-total"} <= codes
    finding = next(f for f in document["findings"] if f["code"] == "requests-applicant-total")
    assert (finding["table"], finding["row"], finding["column"]) == ("requests", "granted", "total")
    assert (finding["expected"], finding["actual"]) == (1, 0)
    rows = list(csv.DictReader(io.StringIO(run("validate", "--format", "csv", str(files["bad"])).stdout)))
    assert {row["code"] for row in rows} == {f["code"] for f in document["findings"]}
    # Each row says whose report it is about.
    assert (rows[0]["file"], rows[0]["agency"], rows[0]["year"], rows[0]["version"]) == (
        str(files["bad"]),
        "应急中心",
        "2023",
        "2021",
    )


def test_a_summary_has_one_row_per_file_and_counts_that_add_up(files: dict[str, Path]) -> None:
    paths = [str(files["good"]), str(files["bad"]), str(files["broken"])]
    result = run("validate", "--summary", "--format", "csv", *paths)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(row["file"], row["status"]) for row in rows] == [
        (paths[0], "passed"),
        (paths[1], "failed"),
        (paths[2], "unreadable"),
    ]
    assert rows[1]["agency"] == "应急中心" and int(rows[1]["errors"]) >= 1 and rows[1]["first_code"]
    # Why it could not be read, by itself: its problem's code, and what it is in both languages.
    assert (rows[2]["first_code"], rows[2]["first_en"]) == ("json-key", rows[2]["first_en"])
    assert rows[2]["first_en"].startswith("missing") and rows[2]["first_zh"].startswith("缺少")
    closing = result.stderr.strip().splitlines()[-1]
    assert closing.startswith("3 report(s): 1 passed, 1 failed, 1 unreadable; exit status 2: done in part")
    lines = run("validate", "--summary", "--format", "jsonl", *paths).stdout.splitlines()
    assert [json.loads(line)["status"] for line in lines] == ["passed", "failed", "unreadable"]


def test_previous_year(files: dict[str, Path], seed: AnnualReport, tmp_path: Path) -> None:
    last = tmp_path / "2022.json"
    carried = seed.requests.replace({(RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 3})
    write_json(attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, year=2022), requests=carried), last)
    result = run("validate", "--previous", str(last), "--format", "jsonl", str(files["good"]))
    assert "carried-over-mismatch" in result.stdout
    # Last year's report unreadable: nothing is checked.
    assert run("validate", "--previous", str(tmp_path / "none.json"), str(files["good"])).returncode == 3


def test_schema_and_rules() -> None:
    assert json.loads(run("schema").stdout) == json_schema()
    rules = json.loads(run("rules", "--format", "json").stdout)
    assert rules[0]["code"] == "requests-balance"
    assert "requests-balance" in run("rules").stdout


def test_misuse_exits_3_and_says_so() -> None:
    for misused in (run("validate", "--format", "xml"), run("frobnicate")):
        assert misused.returncode == 3
        assert misused.stderr.splitlines()[-1].startswith("disclosure-report: exit status 3: nothing done")


def test_convert_between_formats(seed: AnnualReport, tmp_path: Path) -> None:
    source = tmp_path / "seed.json"
    write_json(seed, source)
    for name in ("seed.txt", "seed.html", "seed.docx"):
        result = run("convert", str(source), str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        back = tmp_path / f"{name}.json"
        assert run("convert", str(tmp_path / name), str(back)).returncode == 0
        assert (
            json.loads(back.read_text(encoding="utf-8"))["requests"]
            == json.loads(source.read_text(encoding="utf-8"))["requests"]
        )
    assert run("convert", str(source), "-", "--to", "text").stdout.startswith("应急中心 2023 年")
    assert run("convert", str(source), str(tmp_path / "x.pdf")).returncode == 3
    assert run("convert", str(tmp_path / "none.json"), str(tmp_path / "x.txt")).returncode == 3


def test_validate_published_formats_with_positions(seed: AnnualReport, tmp_path: Path) -> None:
    from disclosure_report import render_html

    wrong = seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1})
    page = tmp_path / "wrong.html"
    page.write_text(render_html(attrs.evolve(seed, requests=wrong)), encoding="utf-8")
    result = run("validate", "--format", "jsonl", str(tmp_path))
    assert result.returncode == 1
    document = json.loads(result.stdout.splitlines()[0])
    finding = next(f for f in document["findings"] if f["code"] == "requests-applicant-total")
    assert finding["source"] == "table 2, row 6, cell 9"


def test_template_command(tmp_path: Path) -> None:
    from disclosure_report import TemplateVersion, read_xlsx

    path = tmp_path / "form.xlsx"
    result = run("template", "-o", str(path), "--year", "2020", "--agency", "某局", "--version", "2019")
    assert result.returncode == 0, result.stderr
    report = read_xlsx(path).report
    assert (report.metadata.agency, report.metadata.year, report.version) == (
        "某局",
        2020,
        TemplateVersion.V2019,
    )
    assert run("template", "-o", str(path), "--year", "1999").returncode == 3
    assert run("template").returncode == 3


def test_json_lines_in_parallel_with_the_batch_order_kept(seed: AnnualReport, tmp_path: Path) -> None:
    from disclosure_report import render_json

    wrong = attrs.evolve(seed, requests=seed.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): 1}))
    lines = [
        render_json(seed, indent=None),
        render_json(wrong, indent=None),
        "{not json",
        render_json(seed, indent=None),
    ]
    path = tmp_path / "year.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        result = run("validate", "--jobs", jobs, "--format", "jsonl", str(path))
        assert result.returncode == 2
        said = [json.loads(line) for line in result.stdout.splitlines()]
        assert [line["file"] for line in said] == [f"{path}:{number}" for number in (1, 2, 3, 4)]
        assert [line["status"] for line in said] == ["passed", "failed", "unreadable", "passed"]
        assert said[2]["problem"]["code"] == "json-syntax" and said[2]["valid"] is None
        assert f"{path}:3: line 1 column 2: not JSON" in result.stderr
    assert run("validate", "--jobs", "0", str(path)).returncode == 3


def test_series_mode(seed: AnnualReport, tmp_path: Path) -> None:
    last = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, year=2022),
        requests=seed.requests.replace({(RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 2}),
    )
    write_json(seed, tmp_path / "2023.json")
    write_json(last, tmp_path / "2022.json")
    plain = run("validate", "--format", "jsonl", str(tmp_path))
    assert "carried-over-mismatch" not in plain.stdout
    series = run("validate", "--series", "--format", "jsonl", str(tmp_path))
    assert "carried-over-mismatch" in series.stdout


def test_year_and_agency_for_documents_that_do_not_state_them(tmp_path: Path) -> None:
    document = tmp_path / "noyear.txt"
    document.write_text("某单位政府信息公开工作报告\n一、总体情况\n无\n", encoding="utf-8")
    # Read with its year unknown (issue 36), the finding naming the option to use, not a keyword.
    unknown = run("validate", str(document))
    assert unknown.returncode == 1 and "--year" in unknown.stdout
    read = run(
        "validate", "--summary", "--format", "jsonl", "--year", "2023", "--agency", "某单位", str(document)
    )
    row = json.loads(read.stdout.splitlines()[0])
    assert (row["agency"], row["year"], row["status"]) == ("某单位", 2023, "failed")
    # The same in series mode, where each file is read before the years are lined up.
    series = run("validate", "--series", "--summary", "--format", "jsonl", "--year", "2023", str(document))
    row = json.loads(series.stdout.splitlines()[0])
    assert (row["year"], row["status"]) == (2023, "failed")


def _on_a_terminal(*args: str) -> str:
    """What the command writes to standard error when that is a terminal (a pseudo-terminal here)."""
    import fcntl
    import os
    import pty
    import struct
    import termios

    controller, terminal = pty.openpty()
    # A terminal of 24 rows and 100 columns (a new pseudo-terminal has none, and a bar needs room).
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        subprocess.run(
            [_script(), *args], stdout=subprocess.DEVNULL, stderr=terminal, check=False, timeout=120
        )
    finally:
        os.close(terminal)
    said = b""
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal is closed: everything written has been read
            break
        if not chunk:
            break
        said += chunk
    os.close(controller)
    return said.decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_and_nowhere_else(seed: AnnualReport, tmp_path: Path) -> None:
    for number in range(3):
        write_json(seed, tmp_path / f"{number}.json")
    (tmp_path / "lines.jsonl").write_text("{}\n{}\n", encoding="utf-8")
    said = _on_a_terminal("validate", "--lang", "en", "--summary", "--jobs", "1", str(tmp_path))
    # Done out of the total (three files and two lines), the rate and the time left.
    assert re.search(r"\d/5 \[", said), said
    assert "report/s" in said and "<" in said
    piped = run("validate", "--summary", str(tmp_path))
    assert "\r" not in piped.stderr and "/5" not in piped.stderr


def _english_and_chinese(finding_en: str, finding_zh: str, said: str) -> tuple[bool, bool]:
    return finding_en in said, finding_zh in said


def test_one_language_for_everything_a_person_reads(files: dict[str, Path]) -> None:
    paths = [str(files["good"]), str(files["bad"]), str(files["broken"])]
    # The findings of the wrong report, in each language, as the library words them.
    zh_message, en_message = "各类申请人之和为1", "the applicant types add up to 1"
    chinese = run("validate", *paths, lang="zh")
    assert "共 3 份报告：1 份通过，1 份未通过，1 份无法读取" in chinese.stdout
    assert "未通过，错误 2 个" in chinese.stdout and "  错误  " in chinese.stdout
    assert zh_message in chinese.stdout and en_message not in chinese.stdout
    assert "无法读取（未知的键，或缺少必需的键）" in chinese.stderr  # what the problem is, in Chinese
    english = run("validate", *paths, lang="en")
    assert "3 report(s): 1 passed, 1 failed, 1 unreadable" in english.stdout
    assert "INVALID, 2 error(s)" in english.stdout and "  error  " in english.stdout
    assert en_message in english.stdout and zh_message not in english.stdout
    # The summary's statuses are words in the language; its CSV and JSON keep stable values.
    summary = run("validate", "--summary", *paths, lang="zh").stdout.splitlines()
    assert [line.split("\t")[0] for line in summary] == ["通过", "未通过", "无法读取"]
    rows = list(
        csv.DictReader(io.StringIO(run("validate", "--summary", "--format", "csv", *paths, lang="zh").stdout))
    )
    assert [row["status"] for row in rows] == ["passed", "failed", "unreadable"]
    assert zh_message in rows[1]["first_zh"] or "应为0" in rows[1]["first_zh"]
    # Misuse too, said before anything is checked.
    misused = run("validate", "--jobs", "0", lang="zh")
    assert misused.returncode == 3 and "--jobs 至少为 1" in misused.stderr and not misused.stdout
    # The help too, and the option is taken after the command as well.
    assert "校验政府信息公开工作年度报告" in run("--help", lang="zh").stdout
    assert "--lang" in run("validate", "--help").stdout
    # Given twice, the last wins, for the help as for the run; an abbreviation counts too.
    twice = subprocess.run(
        [_script(), "--lang", "zh", "validate", "--la", "en", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "check reports" in twice.stdout or "reports (JSON" in twice.stdout
    assert "报告（JSON" not in twice.stdout
    after = subprocess.run(
        [_script(), "validate", "--lang", "en", str(files["bad"])],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "INVALID" in after.stdout


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"LANG": "en_US.UTF-8"}, "INVALID"),
        ({"LANG": "zh_CN.UTF-8"}, "未通过"),
        ({"LANG": "C.UTF-8"}, "未通过"),  # a locale that names no language: the form's
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "INVALID"),
        ({"LANGUAGE": "en:zh", "LANG": "zh_CN.UTF-8"}, "INVALID"),
        ({}, "未通过"),
    ],
)
def test_the_language_follows_the_locale(
    files: dict[str, Path], environment: dict[str, str], expected: str
) -> None:
    import os

    names = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    env = {k: v for k, v in os.environ.items() if k not in names} | environment
    result = subprocess.run(
        [_script(), "validate", str(files["bad"])], capture_output=True, text=True, check=False, env=env
    )
    assert expected in result.stdout


def test_series_with_two_reports_for_one_year_compares_neither(seed: AnnualReport, tmp_path: Path) -> None:
    last = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, year=2022),
        requests=seed.requests.replace({(RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): 2}),
    )
    republished = seed.with_table(seed.active_disclosure)  # the same figures, published again elsewhere
    write_json(last, tmp_path / "2022.json")
    write_json(seed, tmp_path / "2023.json")
    write_json(
        attrs.evolve(republished, metadata=attrs.evolve(seed.metadata, source="again")),
        tmp_path / "2023b.json",
    )
    series = run("validate", "--series", "--format", "jsonl", str(tmp_path))
    assert "carried-over-mismatch" not in series.stdout  # which 2023 follows 2022 cannot be told
    assert "has more than one report for 2023" in series.stderr and "2023b.json" in series.stderr


def test_the_detail_of_a_finding_is_printed_under_its_message(seed: AnnualReport) -> None:
    from disclosure_report import ReviewColumn, ReviewRow, validate
    from disclosure_report._cli.checking import render_validation

    wrong = seed.with_table(
        seed.review_litigation.replace({(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): 2})
    )
    validation = validate(wrong)
    lines = render_validation("wrong.json", wrong, validation, "en").splitlines()
    (cause,) = validation.filter(code="likely-cause")
    at = lines.index(f"          {cause.message_en}")
    assert lines[at + 1 : at + 3] == [f"            {line}" for line in cause.detail_for("en")]
    assert lines[at + 1].startswith("            1. ") and lines[at + 2].startswith("            2. ")


def test_a_file_named_in_gbk_is_checked_under_a_name_people_read(seed: AnnualReport, tmp_path: Path) -> None:
    # A name unzip wrote as GBK bytes: the valid report was "unreadable" (metadata.source refused the
    # name's lone surrogates), and the name could not be printed.
    named = Path(os.fsdecode(os.fsencode(tmp_path) + b"/" + "某局年度报告.json".encode("gbk")))
    write_json(seed, named)
    result = run("validate", "--summary", "--format", "csv", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "某局年度报告.json" in result.stdout and "passed" in result.stdout
    text = run("validate", str(tmp_path))
    assert text.returncode == 0 and f"{tmp_path}/某局年度报告.json" in text.stdout


def _check_unluckily(unit: Any, options: Any) -> Any:
    """Checking a line as a loaded machine may: too slow, or its worker killed."""
    if unit.number == 4:
        time.sleep(30)
    elif unit.number == 7:
        os.kill(os.getpid(), signal.SIGKILL)
    return check(unit, options)  # the real one, imported before the test put this in its place


def test_each_line_of_a_json_lines_file_has_its_own_limits(
    seed: AnnualReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # One limit for a task of 256 lines: after 63 s all 62 lines of a file were "unreadable", the 50
    # valid reports among them. Now a slow line, or one whose worker is killed, is reported alone.
    import multiprocessing

    from disclosure_report._cli import checking, main
    from disclosure_report._io import workers

    monkeypatch.setattr(workers, "_context", lambda: multiprocessing.get_context("fork"))
    monkeypatch.setattr(checking, "check", _check_unluckily)
    lines = tmp_path / "reports.jsonl"
    lines.write_text("".join(render_json(seed, indent=None) + "\n" for _ in range(10)), encoding="utf-8")
    status = main(
        [
            "--lang",
            "en",
            "validate",
            "--summary",
            "--format",
            "csv",
            "--timeout",
            "1",
            "--jobs",
            "2",
            str(lines),
        ]
    )
    said = capsys.readouterr()
    assert status == 2
    rows = {row["file"]: row for row in csv.DictReader(io.StringIO(said.out))}
    assert len(rows) == 10
    slow, killed = rows[f"{lines}:4"], rows[f"{lines}:7"]
    assert slow["status"] == "unreadable" and "took longer than the limit of 1 s" in slow["first_en"]
    assert killed["status"] == "unreadable" and "killed by SIGKILL" in killed["first_en"]
    assert slow["first_zh"] == "未能读取（读取超出了时间或内存限制）：用时超过 1 秒的上限"
    assert [row["status"] for name, row in rows.items() if row not in (slow, killed)] == ["passed"] * 8
    assert "10 report(s): 8 passed, 0 failed, 2 unreadable" in said.err
