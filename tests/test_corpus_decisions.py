"""Reviewer decisions in the corpus: every finding kept, marked as decided, on every rerun of the export."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Literal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    Decision,
    Decisions,
    RequestRow,
    apply_decisions,
    finding_figure,
    finding_key,
    render_json,
    validate,
)
from disclosure_report._cli import main
from disclosure_report._corpus import export_corpus, open_corpus
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

duckdb = pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

_AT = datetime.datetime(2024, 3, 1, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
_FORMATS = ["duckdb", "parquet"]


def _broken(total: int = 99, agency: str = "某县应急管理局") -> AnnualReport:
    """The seed report with table 三's 总计 not the sum of its rows (balance errors)."""
    seed = seed_report()
    report = seed.with_table(seed.requests.replace({(RequestRow.TOTAL, Applicant.TOTAL): total}))
    return attrs.evolve(report, metadata=attrs.evolve(report.metadata, agency=agency))


def _lines(folder: Path, name: str, *drawn: AnnualReport) -> Path:
    path = folder / name
    path.write_text("\n".join(render_json(r, indent=None) for r in drawn) + "\n", encoding="utf-8")
    return path


def _target(tmp_path: Path, format: str) -> Path:
    return tmp_path / ("corpus.duckdb" if format == "duckdb" else "corpus")


def _reviewed(target: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """The ``reviewed_findings`` view, a row by report (fingerprint) and finding (ordinal)."""
    with open_corpus(target) as connection:
        cursor = connection.execute("SELECT * FROM reviewed_findings")
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    found = {(row["fingerprint"], row["ordinal"]): row for row in rows}
    assert len(found) == len(rows)  # none twice
    return found


def _dismiss(
    report: AnnualReport, code: str, decision: Literal["dismiss", "confirm"] = "dismiss", *, at: Any = _AT
) -> Decision:
    finding = next(f for f in validate(report) if f.code == code)
    return Decision.of(report, finding, decision, by="王审核", at=at, reason="原件如此")


@pytest.mark.parametrize("format", _FORMATS)
def test_dismissed_findings_are_kept_marked_and_survive_every_rerun(tmp_path: Path, format: str) -> None:
    broken = _broken()
    target = _target(tmp_path, format)
    export_corpus([_lines(tmp_path, "a.jsonl", broken)], target, jobs=1)
    before = _reviewed(target)
    assert {row["decision"] for row in before.values()} == {None}
    errors = sorted({row["code"] for row in before.values() if row["severity"] == "error"})
    assert errors  # the report breaks table 三's relations
    decisions = Decisions(
        (*(_dismiss(broken, code) for code in errors[:-1]), _dismiss(broken, errors[-1], "confirm"))
    )

    export_corpus([tmp_path / "a.jsonl"], target, jobs=1, decisions=decisions)  # nothing new to read
    after = _reviewed(target)
    assert after.keys() == before.keys()  # none dropped
    python = apply_decisions(broken, validate(broken), decisions)
    expected = {(finding_key(broken, r.finding), finding_figure(r.finding)): r for r in python.reviewed}
    for row in after.values():
        said = expected.get((row["key"], row["figure"]))
        assert row["decision"] == (said.status if said else None)
        if said is not None:
            who = (row["decided_by"], row["decided_at"], row["decision_reason"])
            assert who == ("王审核", _AT, "原件如此")
    assert {row["decision"] for row in after.values()} >= {"dismissed", "confirmed"}

    # Another run, without the file and with a new report: the decisions stay, and apply to it too.
    other = _broken(total=98, agency="某县应急管理局")
    export_corpus([tmp_path / "a.jsonl", _lines(tmp_path, "b.jsonl", other)], target, jobs=1)
    again = _reviewed(target)
    assert {k: r["decision"] for k, r in again.items() if k in after} == {
        k: r["decision"] for k, r in after.items()
    }


@pytest.mark.parametrize("format", _FORMATS)
def test_a_finding_whose_figure_changed_is_not_dismissed(tmp_path: Path, format: str) -> None:
    broken = _broken(total=99)
    target = _target(tmp_path, format)
    code = next(f.code for f in validate(broken) if f.severity.value == "error")
    decisions = Decisions((_dismiss(broken, code),))
    export_corpus([_lines(tmp_path, "a.jsonl", broken)], target, jobs=1, decisions=decisions)
    # The agency republishes with another wrong total: the same finding's key, another figure.
    republished = _broken(total=97)
    export_corpus([_lines(tmp_path, "b.jsonl", republished)], target, jobs=1)
    rows = _reviewed(target)
    key = decisions.decisions[0].key
    by_report = {row["fingerprint"]: row for row in rows.values() if row["key"] == key}
    assert by_report[broken.fingerprint]["decision"] == "dismissed"
    outdated = by_report[republished.fingerprint]
    assert outdated["decision"] == "outdated" and outdated["decided_by"] == "王审核"
    assert outdated["figure"] != decisions.decisions[0].figure
    with open_corpus(target) as connection:
        unbalanced = connection.execute("SELECT fingerprint FROM unbalanced_reports").fetchall()
    assert (republished.fingerprint,) in unbalanced


@pytest.mark.parametrize("format", _FORMATS)
def test_the_decisions_given_replace_the_corpus_decisions(tmp_path: Path, format: str) -> None:
    broken = _broken()
    target = _target(tmp_path, format)
    lines = _lines(tmp_path, "a.jsonl", broken)
    codes = sorted({f.code for f in validate(broken) if f.severity.value == "error"})
    dismissed = Decisions(tuple(_dismiss(broken, code) for code in codes))
    export_corpus([lines], target, jobs=1, decisions=dismissed)
    with open_corpus(target) as connection:
        assert connection.execute("SELECT count(*) FROM unbalanced_reports").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM decisions").fetchone() == (len(codes),)
    # A later decision about the same finding prevails; a decision withdrawn from the file is gone.
    later = _dismiss(broken, codes[0], "confirm", at=_AT + datetime.timedelta(days=1))
    export_corpus([lines], target, jobs=1, decisions=Decisions((dismissed.decisions[0], later)))
    statuses = {row["code"]: row["decision"] for row in _reviewed(target).values() if row["code"] in codes}
    assert statuses[codes[0]] == "confirmed"
    assert all(statuses[code] is None for code in codes[1:])
    export_corpus([lines], target, jobs=1, decisions=Decisions())
    assert {row["decision"] for row in _reviewed(target).values()} == {None}
    with open_corpus(target) as connection:
        assert connection.execute("SELECT count(*) FROM decisions").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM unbalanced_reports").fetchone() == (1,)


_WHEN = st.integers(0, 3).map(lambda days: _AT + datetime.timedelta(days=days))  # ties too


@pytest.mark.slow  # three exports an example: a second or two each
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(reports(consistent=False, blanks=True, max_count=30), min_size=1, max_size=3), st.data())
def test_dismissals_survive_reruns_and_never_hide_a_changed_finding(
    tmp_path_factory: pytest.TempPathFactory, drawn: list[AnnualReport], data: st.DataObject
) -> None:
    folder = tmp_path_factory.mktemp("corpus")
    target = folder / "corpus.duckdb"
    lines = _lines(folder, "reports.jsonl", *drawn)
    export_corpus([lines], target, jobs=1)
    found = _reviewed(target)
    if not found:
        return
    # Decisions about some of the findings: the figure as found, or another (the report changed since).
    chosen = data.draw(st.lists(st.sampled_from(sorted(found)), max_size=6))
    made = []
    for key, figure in ((found[c]["key"], found[c]["figure"]) for c in chosen):
        changed = data.draw(st.booleans())
        made.append(
            Decision(
                key=key,
                figure=f"{figure}0" if changed else figure,
                decision=data.draw(st.sampled_from(["dismiss", "confirm"])),
                by=data.draw(st.sampled_from(["王审核", "李审核"])),
                at=data.draw(_WHEN),
            )
        )
    decisions = Decisions(tuple(made))
    export_corpus([lines], target, jobs=1, decisions=decisions)
    first = _reviewed(target)
    # A rerun without the file, the first report republished with its 总计 changed (the same agency and
    # year: its findings about that total have the same keys and other figures).
    stated = drawn[0].requests[RequestRow.TOTAL, Applicant.TOTAL]
    republished = drawn[0].with_table(
        drawn[0].requests.replace({(RequestRow.TOTAL, Applicant.TOTAL): (stated or 0) + 1})
    )
    export_corpus([lines, _lines(folder, "republished.jsonl", republished)], target, jobs=1)
    again = _reviewed(target)
    assert {place: again[place] for place in first} == first  # the decisions survive the rerun
    by_key = decisions.by_key()
    for row in again.values():
        key, figure = row["key"], row["figure"]
        about = by_key.get(key, [])
        fitting = [d for d in about if d.figure == figure]
        if fitting:  # the latest decision about the finding as it is
            latest = fitting[-1]
            assert row["decision"] == ("dismissed" if latest.decision == "dismiss" else "confirmed")
            assert (row["decided_by"], row["decided_at"]) == (latest.by, latest.at)
        elif about:  # its figure changed since: never dismissed
            assert row["decision"] == "outdated"
            assert (row["decided_by"], row["decided_at"]) == (about[-1].by, about[-1].at)
        else:
            assert row["decision"] is None


def test_the_export_command_takes_the_decisions_file(tmp_path: Path) -> None:
    broken = _broken()
    lines = _lines(tmp_path, "a.jsonl", broken)
    code = next(f.code for f in validate(broken) if f.severity.value == "error")
    path = tmp_path / "decisions.toml"
    Decisions((_dismiss(broken, code),)).write(path)
    target = tmp_path / "corpus.duckdb"
    assert main(["export", str(lines), "--to", str(target), "--jobs", "1", "--decisions", str(path)]) == 0
    rows = _reviewed(target)
    assert [row["decision"] for row in rows.values() if row["code"] == code] == ["dismissed"]
    path.write_text("[[decision]]\nkey = 1\n", encoding="utf-8")
    assert main(["export", str(lines), "--to", str(target), "--jobs", "1", "--decisions", str(path)]) != 0
    assert [row["decision"] for row in _reviewed(target).values() if row["code"] == code] == ["dismissed"]


def test_a_copy_of_a_parquet_corpus_keeps_its_decisions(tmp_path: Path) -> None:
    from disclosure_report import copy_corpus

    broken = _broken()
    code = next(f.code for f in validate(broken) if f.severity.value == "error")
    target = _target(tmp_path, "parquet")
    export_corpus(
        [_lines(tmp_path, "a.jsonl", broken)], target, jobs=1, decisions=Decisions((_dismiss(broken, code),))
    )
    copy_corpus(target, tmp_path / "copy.duckdb")
    assert _reviewed(tmp_path / "copy.duckdb") == _reviewed(target)
    assert [row["decision"] for row in _reviewed(target).values() if row["code"] == code] == ["dismissed"]


def test_the_corpus_overview_leaves_dismissed_findings_out(tmp_path: Path) -> None:
    from disclosure_report._overview import corpus_findings

    broken = _broken()
    codes = sorted({f.code for f in validate(broken) if f.severity.value == "error"})
    target = _target(tmp_path, "duckdb")
    lines = _lines(tmp_path, "a.jsonl", broken)
    export_corpus([lines], target, jobs=1)
    with open_corpus(target) as connection:
        assert {code for code, _ in corpus_findings(connection)[broken.fingerprint]} >= set(codes)
    export_corpus([lines], target, jobs=1, decisions=Decisions(tuple(_dismiss(broken, c) for c in codes)))
    with open_corpus(target) as connection:
        left = {code for code, _ in corpus_findings(connection).get(broken.fingerprint, set())}
    assert not left & set(codes)
