"""Hostile and odd input: bounded time and memory, one bad file never stops a batch, nothing silently wrong.

The shapes are built by ``tests/hostile.py`` (the long measurements: ``python benchmarks/hostile.py``).
Time is checked as growth of CPU time, not as seconds (``tests/costs.py``): at four times the size a linear
reader takes about four times as long, a quadratic one sixteen times, so each shape must stay under eight
times (the best of three runs each, taken in turns).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import disclosure_report._io.read.text as text_reader
from disclosure_report import (
    AnnualReport,
    Applicant,
    DisclosureColumn,
    DisclosureRow,
    ReadError,
    RequestRow,
    from_docx,
    from_html,
    from_json,
    from_pdf,
    from_text,
    from_tidy,
    from_xlsx,
    read_report,
    read_tidy_csv,
    render_docx,
    render_html,
    render_json,
    render_text,
    render_xlsx,
    tidy_rows,
    validate,
    write_json,
    write_tidy_csv,
)
from disclosure_report._io.workers import Failed, run_grouped, run_many
from disclosure_report._io.workers import run as isolation_run
from disclosure_report.examples import seed_report

from . import hostile
from .costs import assert_linear

# --- time: every reader linear on the shapes that were not ----------------------------------------------

GROWTH = {
    "pdf-stream-keywords": 20_000,
    "docx-nested-tables": 8,  # time and memory doubled with each level: 8 and 16 levels tell it
    "docx-nested-paragraphs": 2_000,
    "html-unmatched-end-tags": 5_000,
    "html-implied-end-tags": 5_000,
    "text-tab-padded-row": 10_000,
    "text-tab-padded-review-row": 10_000,
    "xlsx-text-many-rows": 300,
    "pdf-long-string": 8_000,
    "pdf-ruled-grid": 15,
    "pdf-many-chars": 4_000,
    "pdf-bomb-lzw": 2,
}
"""Each shape that took quadratic (or worse) time, and a size at which it takes well under a second."""


def _read(data: bytes, suffix: str, folder: Path) -> None:
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(ReadError):
        read_report(path)


@pytest.mark.slow
@pytest.mark.parametrize("name", GROWTH)
def test_four_times_the_input_takes_about_four_times_the_time(name: str, tmp_path: Path) -> None:
    shape, size = hostile.SHAPES[name], GROWTH[name]
    small, large = shape.build(size // 2), shape.build(2 * size)
    assert_linear(
        lambda: _read(small, shape.suffix, tmp_path), lambda: _read(large, shape.suffix, tmp_path), label=name
    )


# --- memory and time: every shape at the size the issue reported, in a worker with limits ----------------

AT_ISSUE_SIZE = [name for name in hostile.SHAPES if name not in ("xlsx-text-many-rows", "pdf-long-line")]


def _outcome(task: tuple[bytes, str, str]) -> str:
    data, suffix, folder = task
    path = Path(folder) / f"input{suffix}"
    path.write_bytes(data)
    try:
        read_report(path)
    except ReadError as error:
        return error.problems[0].code
    return "read"


@pytest.mark.slow
def test_every_shape_at_its_reported_size_is_read_or_refused_within_limits(tmp_path: Path) -> None:
    # Each ran for minutes or gigabytes; now each is read, or refused with a ReadError, by a worker
    # limited to 30 s and 1 GB (the isolation that batches use, here proving the readers need less).
    tasks = []
    for index, name in enumerate(AT_ISSUE_SIZE):
        shape = hostile.SHAPES[name]
        folder = tmp_path / str(index)
        folder.mkdir()
        tasks.append((shape.build(shape.issue_n), shape.suffix, str(folder)))
    outcomes = dict(
        zip(AT_ISSUE_SIZE, run_many(_outcome, tasks, jobs=2, timeout=30, memory=1024**3), strict=True)
    )
    failed = {name: outcome for name, outcome in outcomes.items() if isinstance(outcome, Failed)}
    assert not failed, {name: outcome.reason for name, outcome in failed.items()}
    assert outcomes["pdf-bomb-lone-cr"] == outcomes["pdf-bomb-endstream-inside"] == "document-limit"
    assert outcomes["pdf-pages-share-heavy-content"] == "document-limit"
    assert outcomes["pdf-bomb-lzw"] == "document-limit"
    for name in ("xlsx-truncated-sheet", "xlsx-non-number", "xlsx-shared-string-index", "xlsx-bad-date"):
        assert outcomes[name] == "document-damaged", name
    for name in ("xlsx-defined-name-ref", "xlsx-defined-name-ref-range", "xlsx-quoted-title-blank"):
        assert outcomes[name] == "read", name  # a broken name falls back to the labels
    for name in ("html-meta-charset-undefined", "html-meta-charset-idna", "html-meta-charset-utf16"):
        assert outcomes[name] == "read", name


def test_a_long_line_and_many_pages_are_refused_before_parsing() -> None:
    line = hostile.SHAPES["pdf-long-line"].build(3 * 1024 * 1024)
    with pytest.raises(ReadError, match="without a line break") as raised:
        from_pdf(line)
    assert raised.value.problems[0].code == "document-limit"


def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "report.pdf"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match="not a regular file") as raised:
        read_report(fifo)
    assert raised.value.problems[0].code == "file-unreadable"
    # A folder named as a report: refused the same way (it was IsADirectoryError, a traceback).
    folder = tmp_path / "report.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="not a regular file"):
        read_report(folder)


def test_isolated_reading_bounds_time_and_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: None
) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(render_text(seed_report()), encoding="utf-8")
    read = read_report(path, isolated=True).report
    assert read.tables() == seed_report().tables() and read.positions  # positions crossed the process
    # A read that never ends (a quick one may finish before a busy machine lets this process look at the
    # clock, and a finished read is taken): its worker is stopped at the limit.
    monkeypatch.setattr(text_reader, "from_text", _forever)  # the text row's reader, looked up as it reads
    with pytest.raises(ReadError, match="took longer than the limit") as raised:
        read_report(path, isolated=True, timeout=0.2)
    assert raised.value.problems[0].code == "resource-limit"
    # A file of megabytes must be held in memory to be read: a worker allowed 1 MB stops with a memory
    # error. Asked from a fresh process: a worker forked from this one (which has run the suite) could
    # find the memory it needs already mapped, free in the heap it inherits.
    big = tmp_path / "big.txt"
    big.write_text(render_text(seed_report()) + ("说明。" * 70_000 + "\n") * 10, encoding="utf-8")
    code = (
        "import sys\n"
        "from disclosure_report import ReadError, read_report\n"
        "try:\n"
        "    read_report(sys.argv[1], isolated=True, memory=1024 * 1024)\n"
        "except ReadError as error:\n"
        "    print(error.problems[0].code, error.problems[0].message)\n"
    )
    said = subprocess.run(
        [sys.executable, "-c", code, str(big)], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert said.startswith("resource-limit") and "memory" in said, said
    outcomes = list(run_many(_allocate, [1, 3 * 1024**3, 2], jobs=2, timeout=30, memory=1024**3))
    assert outcomes[0] == 1 and outcomes[2] == 2
    assert isinstance(outcomes[1], Failed) and "memory" in outcomes[1].reason


def _forever(*args: object, **kwargs: object) -> NoReturn:
    while True:
        time.sleep(60)


def _allocate(size: int) -> int:
    return len(bytearray(size))


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="address space read from /proc")
def test_the_memory_limit_is_what_a_worker_may_add_to_what_it_inherits() -> None:
    # A parent holding a database maps most of a gigabyte (DuckDB does): its forked workers start with
    # that. An absolute limit left them no room at all, and their allocator slow on every call.
    import mmap

    reserved = mmap.mmap(-1, 1536 * 1024**2)  # address space, never touched: no memory used
    try:
        outcomes = list(run_many(_allocate, [256 * 1024**2, 2 * 1024**3], jobs=1, timeout=30, memory=1024**3))
    finally:
        reserved.close()
    assert outcomes[0] == 256 * 1024**2
    assert isinstance(outcomes[1], Failed) and "memory" in outcomes[1].reason


def test_a_forked_worker_inherits_objects_frozen_and_the_parent_is_left_as_it_was() -> None:
    # Frozen, a worker's collections never walk (and so copy, page by page) what it inherits. In a fresh
    # process: one with a single thread forks its workers.
    code = (
        "import gc\n"
        "from disclosure_report._io.workers import run_many\n"
        "def frozen(_):\n"
        "    return gc.get_freeze_count()\n"
        "before = gc.get_freeze_count()\n"
        "(worker,) = run_many(frozen, [0], jobs=1)\n"
        "after = gc.get_freeze_count()\n"
        "gc.freeze()\n"
        "mine = gc.get_freeze_count()\n"
        "list(run_many(frozen, [0], jobs=1))\n"
        "print(before, worker > 1000, after, mine == gc.get_freeze_count() > 0)\n"
    )
    said = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert said.stdout.split() == ["0", "True", "0", "True"], said.stderr


def test_workers_of_a_threaded_process_come_from_a_warm_fork_server(tmp_path: Path) -> None:
    # A fork there could copy a lock another thread holds. The server's workers start warm, and do not
    # import again what the main module imports (each runs the main module again, as __mp_main__).
    (tmp_path / "heavy.py").write_text(
        "import os\nwith open(os.environ['IMPORTS'], 'a') as count:\n    count.write('x')\n", encoding="utf-8"
    )
    # A module that exits unless given its arguments (as argparse at import does): the server, with
    # arguments of its own, cannot import it, and goes on; each worker has the script's arguments.
    (tmp_path / "picky.py").write_text("import sys\nif sys.argv[-1] != 'go':\n    sys.exit(3)\n")
    (tmp_path / "main.py").write_text(
        "import os, sys, threading, time\n"
        "import heavy, picky\n"
        "from disclosure_report._io.workers import run_many\n"
        "def facts(_):\n"
        "    warm = 'disclosure_report._io.read.docx' in sys.modules\n"
        "    return os.getppid(), warm, 'openpyxl' in sys.modules\n"
        "if __name__ == '__main__':\n"
        "    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "    for parent, warm, readers in run_many(facts, range(3), jobs=1):\n"
        "        print(parent != os.getpid(), warm, readers)\n",
        encoding="utf-8",
    )
    imports = tmp_path / "imports"
    said = subprocess.run(
        [sys.executable, str(tmp_path / "main.py"), "go"],
        capture_output=True,
        text=True,
        timeout=120,
        # heavy and picky found first, the package where this process finds it
        env={
            **os.environ,
            "IMPORTS": str(imports),
            "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
        },
    )
    assert said.returncode == 0, said.stderr
    assert said.stdout.split("\n")[:3] == ["True True True"] * 3
    assert imports.read_text() == "xx"  # by the process, and once by the server; by no worker


def _ends_by(how: str) -> str:
    """A task that ends its worker: killed by a signal (as the OOM killer does), or crashed."""
    import faulthandler

    faulthandler.disable()  # a crash on purpose: no traceback on the test's output
    os.kill(os.getpid(), getattr(signal, how))
    time.sleep(10)
    return how


def test_a_worker_ended_by_a_signal_is_said_so_not_put_down_to_memory() -> None:
    # Every death was "its worker ended without a result (a memory limit of 2048 MB?)".
    killed, crashed = run_many(_ends_by, ["SIGKILL", "SIGSEGV"], jobs=2, timeout=30, memory=1024**3)
    assert isinstance(killed, Failed) and killed.code == "system-failure"
    assert "killed by SIGKILL" in killed.reason and "memory limit" not in killed.reason
    assert isinstance(crashed, Failed) and crashed.code == "resource-limit"
    assert "crashed (SIGSEGV; a memory limit of 1024 MB?)" in crashed.reason
    (unlimited,) = run_many(_ends_by, ["SIGSEGV"], jobs=1, timeout=30, memory=None)
    assert isinstance(unlimited, Failed) and unlimited.code == "reader-bug"
    assert unlimited.reason == "its worker crashed (SIGSEGV)"
    with pytest.raises(ReadError) as raised:
        isolation_run(_ends_by, "SIGTERM", source="x.pdf")
    assert raised.value.problems[0].code == "system-failure" and "SIGTERM" in str(raised.value)


_PARENT_KILLED = """
import os, sys, time
from disclosure_report._io.workers import run_many

def big(number):
    with open(os.path.join(sys.argv[1], str(os.getpid())), "w") as note:
        note.write("started")
    time.sleep(1)
    return b"x" * (64 * 1024 * 1024)  # more than a pipe holds: sending waits for a reader

if __name__ == "__main__":
    for _ in run_many(big, range(4), jobs=2):
        pass
"""


@pytest.mark.slow
@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    # The main process SIGKILLed (what the OOM killer does): in 10 of 17 runs a worker stayed blocked
    # for ever writing its result into the pipe, holding the DuckDB file open; whatever waited for the
    # run's output (| tee, a CI step) hung with it.
    parent = subprocess.Popen([sys.executable, "-c", _PARENT_KILLED, str(tmp_path)])
    try:
        ends = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2:
            assert time.monotonic() < ends and parent.poll() is None, "the workers never started"
            time.sleep(0.05)
        time.sleep(1.5)  # the workers are now sending
    finally:
        parent.kill()
        parent.wait()
    workers = [int(path.name) for path in tmp_path.iterdir()]
    ends = time.monotonic() + 5
    while any(_running(pid) for pid in workers) and time.monotonic() < ends:
        time.sleep(0.05)
    assert not any(_running(pid) for pid in workers)


def _running(pid: int) -> bool:
    """Whether a process runs (a zombie has ended: it waits for a parent that reaps it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _judge(item: tuple[str, int]) -> int:
    """A line of a batch: most are quick; one may be slow, kill its worker, or need too much memory."""
    kind, number = item
    if kind == "slow":
        time.sleep(30)
    elif kind == "dies":
        os.kill(os.getpid(), signal.SIGKILL)
    elif kind == "huge":
        return len(bytearray(3 * 1024**3))
    return number


def _outcomes(results: list[Any]) -> list[Any]:
    """Merged results flattened: a list per worker's batch, a Failed alone."""
    flat: list[Any] = []
    for result in results:
        flat.extend(result if isinstance(result, list) else [result])
    return flat


@pytest.mark.slow
def test_the_limits_apply_to_each_line_of_a_task_and_finished_lines_are_kept() -> None:
    # The 60 s limit applied to a task of 256 JSON lines: one slow line, and every line of the task
    # was "unreadable" (63 s for 62 lines, 50 of them valid reports). Each line has its own limit now.
    kinds = ["quick"] * 12
    kinds[3], kinds[8], kinds[10] = "slow", "huge", "slow"
    items = [(kind, number) for number, kind in enumerate(kinds)]
    groups = [items[:6], items[6:]]
    results = list(run_grouped(_judge, groups, merge=list, jobs=2, timeout=1.5, memory=1024**3))
    outcomes = _outcomes(results)
    assert len(outcomes) == 12
    for (kind, number), outcome in zip(items, outcomes, strict=True):
        if kind == "quick":
            assert outcome == number
        else:
            assert isinstance(outcome, Failed) and outcome.argument == (kind, number)
            assert ("limit of 1.5 s" if kind == "slow" else "more memory than the limit") in outcome.reason


@pytest.mark.slow  # each example starts worker processes
@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.sampled_from(["quick"] * 6 + ["dies"]), min_size=1, max_size=14),
    st.integers(1, 6),
)
def test_no_line_is_lost_with_a_dying_worker(kinds: list[str], size: int) -> None:
    # Up to 256 JSON lines were lost with a worker that died: each is now read again or reported alone.
    items = [(kind, number) for number, kind in enumerate(kinds)]
    groups = [items[start : start + size] for start in range(0, len(items), size)]
    outcomes = _outcomes(list(run_grouped(_judge, groups, merge=list, jobs=2, timeout=30, memory=None)))
    assert len(outcomes) == len(items)
    for (kind, number), outcome in zip(items, outcomes, strict=True):
        if kind == "quick":
            assert outcome == number
        else:
            assert isinstance(outcome, Failed) and outcome.code == "system-failure"
            assert "killed by SIGKILL" in outcome.reason


# --- exceptions: only ReadError escapes a reader, findings come from validate ---------------------------


def test_lone_surrogates_cannot_enter_a_report_and_readers_replace_them() -> None:
    with pytest.raises(ValueError, match="no lone surrogate"):
        attrs.evolve(seed_report(), overview="x\ud800y")
    for call in ("render-html-surrogate", "render-docx-surrogate", "write-json-surrogate"):
        with pytest.raises(ValueError, match="no lone surrogate"):
            hostile.CALLS[call]()
    page = render_html(seed_report()).replace("</main>", "<p>\ud800</p></main>")
    assert "\ufffd" in (from_html(page).report.other_matters or "")
    document = render_json(seed_report()).replace('"无"', '"\\ud800"')
    with pytest.raises(ReadError, match=r"\$\.other_matters"):
        from_json(document)


def test_numbers_beyond_the_model_are_findings_not_exceptions() -> None:
    seed = seed_report()
    text = render_text(seed).replace("（一）予以公开\t0", "（一）予以公开\t10000000000", 1)
    result = from_text(text)
    unreadable = [f for f in result.findings if f.code == "read-unreadable-cell"]
    assert [(f.location.row, f.location.column) for f in unreadable] == [
        (RequestRow.GRANTED, Applicant.NATURAL_PERSON)
    ]
    assert result.report.requests[RequestRow.GRANTED, Applicant.NATURAL_PERSON] is None
    with pytest.raises(ReadError, match="not a reporting year") as raised:
        from_text(text.replace("2023", "2007"))
    assert raised.value.problems[0].code == "no-year"
    assert from_text(text.replace("2023", "2007"), year=2023).report.metadata.year == 2023


def test_validate_reads_a_number_of_any_length() -> None:
    validation = hostile.CALLS["validate-long-number"]()
    assert validation.filter(code="text-contradicts-table")  # type: ignore[attr-defined]


# --- nothing silently lost or changed --------------------------------------------------------------------


def test_a_line_reading_like_a_later_heading_stays_text() -> None:
    outcome = hostile.CALLS["text-round-trip-heading-in-overview"]()
    assert outcome == {"blank_tables": [], "same": True, "codes": []}
    seed = seed_report()
    report = attrs.evolve(seed, overview=seed.overview + "\n五、存在的主要问题及改进情况")
    assert from_html(render_html(report)).report == report
    assert from_docx(render_docx(report)).report == report


def test_a_layout_table_around_the_report_adds_nothing_to_the_text() -> None:
    outcome = hostile.CALLS["docx-layout-table"]()
    assert outcome == {"other_matters_chars": 1, "other_matters_head": "无", "same_tables": True}


def test_a_date_ending_section_six_stays_text() -> None:
    seed = seed_report()
    report = attrs.evolve(seed, other_matters="无\n2024年1月15日")
    assert from_text(render_text(report)).report == report
    assert from_html(render_html(report)).report == report
    assert from_docx(render_docx(report)).report == report
    signed = attrs.evolve(report, metadata=attrs.evolve(seed.metadata, published=datetime.date(2024, 1, 20)))
    for reread in (from_text(render_text(signed)), from_html(render_html(signed))):
        assert reread.report == signed


AMOUNTS = ["0E-8", "1E+3", "0.30", "0.00001", "123456789012.123456789", "1.5"]


@pytest.mark.parametrize("amount", AMOUNTS)
def test_an_amount_keeps_its_value_and_places_in_every_format(amount: str) -> None:
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    seed = seed_report()
    report = seed.with_table(seed.active_disclosure.replace({key: Decimal(amount)}))
    plain = format(Decimal(amount), "f")
    readings = [
        from_json(render_json(report)),
        from_text(render_text(report)).report,
        from_html(render_html(report)).report,
        from_docx(render_docx(report)).report,
        from_xlsx(render_xlsx(report)).report,
        from_tidy(tidy_rows([report]))[0],
    ]
    for reading in readings:
        value = reading.active_disclosure[key]
        assert value == Decimal(amount) and format(value, "f") == plain


def test_amount_precision_is_exact_beyond_28_digits() -> None:
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    seed = seed_report()
    for amount, flagged in (("123456789012.123456789012345678", True), ("999999999999.0000", False)):
        report = seed.with_table(seed.active_disclosure.replace({key: Decimal(amount)}))
        assert ("amount-precision" in validate(report).codes()) is flagged, amount


def test_the_library_reads_its_own_workbook_whatever_its_texts() -> None:
    # A long repetitive text compresses far better than 200:1; the ratio check spares small members.
    report = attrs.evolve(seed_report(), problems="一是信息公开不够及时。" * 20_000)
    assert from_xlsx(render_xlsx(report)).report == report


# --- false findings on the regulation's own wording --------------------------------------------------

WORDING = [
    "自收到申请之日起20个工作日内予以答复。",
    "平均办结时间为5个工作日。",
    "办结时限压缩至10个工作日。",
    "本年度未收到因政府信息公开工作引起的行政复议申请。",
    "已办结23件，尚未办结3件。",
    "收到申请数十件。",
    "收到申请约30件，办结20余件。",
]


def _with_requests(new: int, processed: int) -> AnnualReport:
    seed = seed_report()
    cells = {
        (RequestRow.NEW, Applicant.NATURAL_PERSON): new,
        (RequestRow.GRANTED, Applicant.NATURAL_PERSON): processed,
        (RequestRow.CARRIED_FORWARD, Applicant.NATURAL_PERSON): new - processed,
    }
    for (row, _), value in list(cells.items()):
        cells[(row, Applicant.TOTAL)] = value
    for column in (Applicant.NATURAL_PERSON, Applicant.TOTAL):
        cells[(RequestRow.TOTAL, column)] = processed
    return seed.with_table(seed.requests.replace(cells))


@pytest.mark.parametrize("text", WORDING)
def test_real_wording_is_not_read_as_a_contradiction(text: str) -> None:
    report = attrs.evolve(_with_requests(26, 23), overview=text)
    assert "text-contradicts-table" not in validate(report).codes()


@pytest.mark.parametrize(
    ("text", "figure", "off"),
    [("收到申请一万二千件。", 12000, 1), ("收到申请二十六件。", 26, 1), ("收到申请1.2万件。", 12000, 501)],
)
def test_chinese_numerals_and_wan_are_read_exactly(text: str, figure: int, off: int) -> None:
    # 1.2万 is exact to the 千 it writes: 11,500 to 12,500 agree with it, 12,501 does not.
    report = attrs.evolve(_with_requests(figure, figure), overview=text)
    assert "text-contradicts-table" not in validate(report).codes()
    wrong = attrs.evolve(_with_requests(figure + off, figure + off), overview=text)
    assert "text-contradicts-table" in validate(wrong).codes()


# --- formulas never reach a spreadsheet through CSV ------------------------------------------------------

FORMULA = '=HYPERLINK("http://evil.example","x")'


def test_the_tidy_csv_guards_formulas_and_reads_them_back(tmp_path: Path) -> None:
    seed = seed_report()
    report = attrs.evolve(seed, metadata=attrs.evolve(seed.metadata, title=FORMULA), overview="'-quoted")
    path = tmp_path / "tidy.csv"
    write_tidy_csv([report], path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert read_tidy_csv(path) == [report]


def _cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "disclosure_report", "--lang", "en", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)


def test_validate_csv_guards_formulas(tmp_path: Path) -> None:
    seed = seed_report()
    wrong = attrs.evolve(
        seed,
        metadata=attrs.evolve(seed.metadata, agency=""),
        overview=f"{FORMULA}本年度未收到政府信息公开申请。",
    )
    wrong = wrong.with_table(wrong.requests.replace({(RequestRow.NEW, Applicant.TOTAL): 1}))
    path = tmp_path / "r.json"
    write_json(wrong, path)
    result = _cli("validate", "--format", "csv", str(path))
    cells = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]
    assert any("HYPERLINK" in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


# --- the command line: one bad file never stops a batch --------------------------------------------------


def test_a_batch_of_hostile_files_beside_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    seed = seed_report()
    for number in range(3):
        write_json(seed, folder / f"good{number}.json")
    (folder / "good.txt").write_text(render_text(seed), encoding="utf-8")
    hostile_files = {
        "nested.docx": hostile.SHAPES["docx-nested-tables"].build(30),
        "bomb.pdf": hostile.SHAPES["pdf-bomb-lone-cr"].build(300),
        "truncated.xlsx": hostile.SHAPES["xlsx-truncated-sheet"].build(1),
        "lines.jsonl": hostile.SHAPES["jsonl-invalid-utf8"].build(3),
        "tags.html": hostile.SHAPES["html-unmatched-end-tags"].build(20000),
    }
    for name, data in hostile_files.items():
        (folder / name).write_bytes(data)
    os.mkfifo(folder / "pipe.pdf")
    # The pipe never gives an end of file: its worker is stopped at the 30 s limit, or the run never ends
    # (a bound ten times the limit, so that a busy machine is not taken for a hang).
    result = _cli(
        "validate", "--jobs", "1000", "--timeout", "30", "--memory", "1024", str(folder), timeout=300
    )
    assert result.returncode == 2
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    # Good: 3 JSON files, the text, and the valid lines of the JSON-lines file.
    checked = result.stdout.count(": valid,") + result.stdout.count(": INVALID,")
    unreadable = len(result.stderr.strip().splitlines())
    counts = f"{checked + unreadable} report(s): {checked} passed, 0 failed, {unreadable} unreadable"
    assert summary.startswith(f"{counts}; exit status 2: done in part")
    for name in ("bomb.pdf", "truncated.xlsx", "lines.jsonl:4", "tags.html", "pipe.pdf"):
        assert name in result.stderr, name
    assert checked >= 6


def test_convert_writes_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("precious", encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = _cli("convert", str(broken), str(target))
    assert result.returncode == 3 and "internal error" not in result.stderr
    assert target.read_text(encoding="utf-8") == "precious"
    seed_file = tmp_path / "seed.json"
    write_json(seed_report(), seed_file)
    for where, reason in (
        (tmp_path, "is a directory"),
        (tmp_path / "missing" / "x.json", "no such directory"),
    ):
        result = _cli("convert", "--to", "json", str(seed_file), str(where))
        assert result.returncode == 3 and reason in result.stderr, result.stderr
    html = _cli("validate", "--html", str(tmp_path / "missing" / "page.html"), str(seed_file))
    assert html.returncode == 3 and "no such directory" in html.stderr
    assert "report(s)" not in html.stdout  # refused before any report was checked


def test_writers_leave_a_file_whole_when_they_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.json"
    write_json(seed_report(), target)
    before = target.read_bytes()

    def full_disk(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("disclosure_report._io.files.os.replace", full_disk)
    changed = attrs.evolve(seed_report(), other_matters="本年度未收取信息处理费。")
    with pytest.raises(OSError, match="No space left"):
        write_json(changed, target)
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["report.json"]  # no temporary file left
