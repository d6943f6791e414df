"""Comparing reports' texts (copied text) and reviewers' decisions that last."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    RULES,
    AnnualReport,
    Applicant,
    Decision,
    Decisions,
    RequestRow,
    Scope,
    Section,
    Severity,
    apply_decisions,
    find_copied_text,
    finding_figure,
    finding_key,
    validate,
)
from disclosure_report._similarity import COPY_THRESHOLD, MINIMUM_CHARACTERS, TextIndex, similarity
from disclosure_report.examples import seed_report

# Characters of real reports, drawn at random: independently written texts share no long run.
ALPHABET = (
    "政府信息公开工作年度报告本机关主动申请办理依法规范管理平台建设监督保障问题改进情况其他事项"
    "无年月日件万元，。、；：“”（）深化推进落实完善加强制度规定服务群众意见渠道网站栏目培训考核"
)


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(size))


def _edited(rng: random.Random, text: str, every: int) -> str:
    """The text with one character in ``every`` (at random places) replaced by another."""
    characters = list(text)
    for _ in range(len(text) // every):
        position = rng.randrange(len(characters))
        characters[position] = rng.choice([c for c in ALPHABET if c != characters[position]])
    return "".join(characters)


def _report(agency: str, year: int, problems: str, region: str | None = None) -> AnnualReport:
    seed = seed_report()
    info = attrs.evolve(seed.metadata, agency=agency, year=year, region=region)
    return attrs.evolve(seed, metadata=info, problems=problems, overview="", other_matters="")


def test_the_rules_compare_reports_and_are_hints() -> None:
    for code in ("text-copied-from-last-year", "text-shared-with-others"):
        assert RULES[code].scope is Scope.COMPARISON and RULES[code].severity is Severity.INFO


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.integers(MINIMUM_CHARACTERS, 600), st.integers(50, 200))
def test_a_section_copied_with_small_edits_is_found(seed: int, size: int, every: int) -> None:
    rng = random.Random(seed)  # a seed drawn, not Hypothesis's own random: texts as random as written ones
    original = _text(rng, size)
    copied = _edited(rng, original, every)
    assert similarity(original, copied) >= COPY_THRESHOLD
    reports = [
        _report("甲局", 2022, original),
        _report("甲局", 2023, copied),  # the same agency a year later
        _report("乙局", 2023, _edited(rng, copied, 2 * every)),  # another agency copies it
        _report("丙局", 2023, _text(rng, size)),  # written apart
    ]
    found = find_copied_text(reports)
    (last_year,) = found[1].filter(code="text-copied-from-last-year").findings
    assert last_year.location.section is Section.PROBLEMS
    assert last_year.params["previous"] == "甲局 2022" and last_year.params["passage"]
    assert last_year.params["passage"].rstrip("…")[:20] in copied
    shared = found[2].filter(code="text-shared-with-others").findings
    assert len(shared) == 1 and shared[0].params["other"] == "甲局 2023"
    assert not found[0].filter(code="text-copied-from-last-year").findings
    assert not found[3].findings


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 2**32), min_size=2, max_size=5, unique=True), st.integers(MINIMUM_CHARACTERS, 400)
)
def test_independently_written_texts_are_not_copies(seeds: list[int], size: int) -> None:
    texts = [_text(random.Random(seed), size) for seed in seeds]
    reports = [_report(f"机关{n}", 2023 - n % 2, text) for n, text in enumerate(texts)]
    reports += [_report("机关0", 2022, _text(random.Random(size + 2**33), size))]
    assert all(not validation.findings for validation in find_copied_text(reports))


def test_figures_updated_in_a_copied_text_do_not_hide_it() -> None:
    text = "本年度共收到申请30件，办结28件，结转2件。" * 6
    assert similarity(text, text.replace("30", "45").replace("28", "40")) == 1


def test_a_short_section_is_not_compared() -> None:
    short = "无。" * 10
    assert not any(
        v.findings for v in find_copied_text([_report("甲", 2022, short), _report("甲", 2023, short)])
    )


def test_the_same_agency_and_the_same_report_are_not_others() -> None:
    text = _text(random.Random(1), 300)
    one = _report("甲局", 2023, text, region="某县")
    assert not any(v.findings for v in find_copied_text([one, one]))
    # The same name in another county is another agency (its title names the county).
    elsewhere = _report("甲局", 2023, text, region="另一县")
    elsewhere = attrs.evolve(
        elsewhere, metadata=attrs.evolve(elsewhere.metadata, title="另一县甲局2023年年度报告")
    )
    assert [v.codes() for v in find_copied_text([one, elsewhere])] == [{"text-shared-with-others"}] * 2


def test_a_copied_cluster_costs_a_bounded_number_of_comparisons() -> None:
    text = _text(random.Random(2), 300)
    reports = [_report(f"机关{n}", 2023, text) for n in range(200)]
    index = TextIndex()
    for report in reports:
        index.add(report)
    candidates = index.candidates(0, Section.PROBLEMS)
    assert 0 < len(candidates) <= 5  # verified at most MOST_VERIFIED, whatever the cluster's size
    found = find_copied_text(reports)
    assert all(v.codes() == {"text-shared-with-others"} for v in found)
    assert {v.findings[0].params["count"] for v in found} == {5}


# --- decisions -------------------------------------------------------------------------------------------


def _blank(report: AnnualReport) -> AnnualReport:
    return report.with_table(report.requests.replace({(RequestRow.GRANTED, Applicant.OTHER): None}))


AT = datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC)


def test_a_dismissal_survives_a_rerun_and_says_by_whom(tmp_path: Path) -> None:
    report = _blank(seed_report())
    found = validate(report)
    blank = found.filter(code="blank-cell").findings[0]
    decisions = Decisions().add(
        Decision.of(report, blank, "dismiss", by="王审核", reason="原件为空白", at=AT)
    )
    path = tmp_path / "decisions.toml"
    decisions.write(path)
    again = Decisions.read(path)
    assert again == decisions
    # A rerun: the report read afresh, validated again.
    rerun = validate(attrs.evolve(report), decisions=again)
    assert "blank-cell" not in rerun.codes()
    (reviewed,) = [r for r in rerun.reviewed if r.finding.code == "blank-cell"]
    assert (reviewed.status, reviewed.decision.by, reviewed.decision.at) == ("dismissed", "王审核", AT)
    assert rerun.dismissed == (blank,)
    assert len(rerun.findings) == len(found.findings) - 1


def test_a_changed_figure_is_not_dismissed() -> None:
    report = seed_report().with_table(seed_report().requests.replace({(RequestRow.NEW, Applicant.OTHER): 1}))
    (finding,) = validate(report).filter(code="requests-applicant-total").findings
    decisions = Decisions((Decision.of(report, finding, "dismiss", by="李", at=AT),))
    assert "requests-applicant-total" not in validate(report, decisions=decisions).codes()
    changed = report.with_table(report.requests.replace({(RequestRow.NEW, Applicant.OTHER): 2}))
    rerun = validate(changed, decisions=decisions)
    assert "requests-applicant-total" in rerun.codes()
    (outdated,) = [r for r in rerun.reviewed if r.finding.code == "requests-applicant-total"]
    assert outdated.status == "outdated" and outdated.decision.figure != finding_figure(outdated.finding)


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 50), st.integers(1, 50), st.sampled_from(list(Applicant)[:-1]))
def test_dismissals_last_and_never_hide_a_changed_finding(first: int, second: int, column: Applicant) -> None:
    seed = seed_report()
    report = seed.with_table(seed.requests.replace({(RequestRow.NEW, column): first}))
    validation = validate(report)
    decisions = Decisions(
        tuple(Decision.of(report, f, "dismiss", by="审", at=AT) for f in validation.findings)
    )
    assert validate(report, decisions=decisions).findings == ()  # every finding dismissed, on a rerun too
    changed = seed.with_table(seed.requests.replace({(RequestRow.NEW, column): second}))
    rerun = validate(changed, decisions=decisions)
    kept = {(f.code, finding_figure(f)) for f in rerun.findings}
    for finding in validate(changed).findings:
        dismissed = any(
            d.key == finding_key(changed, finding) and d.figure == finding_figure(finding)
            for d in decisions.decisions
        )
        assert dismissed or (finding.code, finding_figure(finding)) in kept


def test_a_confirmed_finding_stays() -> None:
    report = _blank(seed_report())
    blank = validate(report).filter(code="blank-cell").findings[0]
    decisions = Decisions((Decision.of(report, blank, "confirm", by="王", at=AT),))
    rerun = validate(report, decisions=decisions)
    assert blank in rerun.findings and [r.status for r in rerun.reviewed] == ["confirmed"]
    # The latest decision about a finding prevails.
    later = decisions.add(Decision.of(report, blank, "dismiss", by="王", at=AT + datetime.timedelta(days=1)))
    assert blank not in validate(report, decisions=later).findings
    assert apply_decisions(report, validate(report), Decisions()) == validate(report)


def test_a_key_names_the_report_the_rule_and_the_place() -> None:
    report = _blank(seed_report())
    blank = validate(report).filter(code="blank-cell").findings[0]
    assert finding_key(report, blank) == "2023|应急中心||blank-cell|requests.granted.other"
    assert finding_figure(blank) == "∅→∅"


def test_a_wrong_decisions_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        '[[decision]]\nkey = "k"\nfigure = "x"\ndecision = "ignore"\nby = "王"\nat = 2024-01-01\n', "utf-8"
    )
    with pytest.raises(ValueError, match=r"d\.toml: decision 1: a decision is dismiss or confirm"):
        Decisions.read(path)
    path.write_text("not toml [", "utf-8")
    with pytest.raises(ValueError, match="not TOML"):
        Decisions.read(path)
    assert Decisions.read(tmp_path / "none.toml") == Decisions()


@given(st.text(max_size=30))
def test_any_reason_is_written_and_read_back(reason: str) -> None:
    report = _blank(seed_report())
    blank = validate(report).filter(code="blank-cell").findings[0]
    decisions = Decisions((Decision.of(report, blank, "dismiss", by="王", reason=reason, at=AT),))
    if any(0xD800 <= ord(c) <= 0xDFFF for c in reason):
        return  # no file holds a lone surrogate
    assert Decisions.parse(decisions.render()) == decisions
