"""Diagnosis: the cell to fix behind a table's errors, and relations over blank cells decided as bounds."""

from __future__ import annotations

import itertools
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    Applicant,
    RequestRow,
    ReviewColumn,
    ReviewRow,
    Severity,
    TableKind,
    TemplateVersion,
    validate,
)
from disclosure_report._validation import diagnosis
from disclosure_report._validation.diagnosis import (
    MAX_CAUSE_CELLS,
    MAX_CAUSES,
    WORK_BUDGET,
    Cause,
    Equation,
    causes,
    diagnose,
    diagnosis_finding,
    explain,
    search,
    system_of,
    table_equations,
)
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

from . import broken_tables

RELATIONS = {"requests-balance", "requests-outcome-total", "requests-applicant-total", "review-total"}


def _changed(table, position: int, value: int):  # type: ignore[no-untyped-def]
    values = list(table.values)
    values[position] = value
    return type(table)(table.version, tuple(values))


@given(reports(), st.data())
def test_one_changed_cell_is_named_with_the_value_it_had(report: AnnualReport, data: st.DataObject) -> None:
    table = data.draw(st.sampled_from([report.requests, report.review_litigation]))
    position = data.draw(st.integers(0, len(table.values) - 1))
    original = table.values[position]
    assert isinstance(original, int)
    new = data.draw(st.integers(0, original + 20).filter(lambda value: value != original))
    found, total = causes(_changed(table, position, new))
    fix = Cause(((position, new, original),))
    assert total >= 1
    if total == 1:
        assert found == (fix,)
    assert total > MAX_CAUSES or fix in found
    if table.kind is TableKind.REQUESTS:
        # Every cell of table 三 is read by two relations or more: one change has one explanation.
        assert found == (fix,)


def test_how_often_the_cause_is_unique_and_two_changes_are_found() -> None:
    # Measured on a fixed sample (the closing note and the performance page state the rates).
    rng = random.Random(7)
    unique = both = 0
    for _ in range(150):
        report = seed_report()
        values = [rng.randrange(0, 30) for _ in report.requests.values]
        table = _consistent(report, values)
        position = rng.randrange(len(table.values))
        original = table.values[position]
        assert isinstance(original, int)
        new = original + rng.choice([-1, 1]) * rng.randrange(1, 9)
        if new < 0:
            new = original + 5
        found, total = causes(_changed(table, position, new))
        unique += total == 1 and found == (Cause(((position, new, original),)),)
        first, second = rng.sample(range(len(table.values)), 2)
        before = {first: table.values[first], second: table.values[second]}
        after = {first: before[first] + 3, second: before[second] + 4}  # type: ignore[operator]
        twice = _changed(_changed(table, first, after[first]), second, after[second])
        wanted = {(position, after[position], before[position]) for position in (first, second)}
        found, _ = causes(twice)
        both += any(set(cause.changes) == wanted for cause in found)
    assert unique == 150
    assert both >= 140


def _consistent(report: AnnualReport, draws: list[int]):  # type: ignore[no-untyped-def]
    """A consistent table 三 from random counts for its detail cells."""
    spec = report.requests.spec
    draw = iter(draws)
    cells = {}
    for applicant in (a for a in Applicant if a is not Applicant.TOTAL):
        processed = 0
        for row in spec.row_sums[RequestRow.TOTAL]:
            cells[(row, applicant)] = count = next(draw) % 5
            processed += count
        forward = next(draw) % 5
        carried = next(draw) % (processed + forward + 1)
        cells[(RequestRow.CARRIED_FORWARD, applicant)] = forward
        cells[(RequestRow.CARRIED_OVER, applicant)] = carried
        cells[(RequestRow.NEW, applicant)] = processed + forward - carried
    return type(report.requests).build(cells, version=report.version)


def test_the_likely_cause_is_a_finding_its_symptoms_point_to() -> None:
    seed = seed_report()
    wrong = seed.with_table(seed.requests.replace({(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1}))
    validation = validate(wrong)
    (cause,) = validation.filter(code="likely-cause").findings
    assert cause.severity is Severity.INFO and validation.errors
    assert (cause.location.row, cause.location.column) == (RequestRow.GRANTED, Applicant.NATURAL_PERSON)
    assert (cause.actual, cause.expected) == (1, 0)
    assert cause.cells == ((TableKind.REQUESTS, RequestRow.GRANTED, Applicant.NATURAL_PERSON),)
    assert "“（一）予以公开”/“自然人”填报1，应为0" in cause.message_zh
    assert "every other figure agrees" in cause.message_en
    symptoms = [f for f in validation if f.code in RELATIONS]
    assert {f.code for f in symptoms} == {"requests-applicant-total", "requests-outcome-total"}
    assert all(f.params["likely_cause"] == cause.cells for f in symptoms)
    assert {code for code, _ in cause.params["explains"]} == {f.code for f in symptoms}  # type: ignore[attr-defined]


def test_several_equal_causes_are_listed_not_guessed() -> None:
    seed = seed_report()
    wrong = seed.with_table(
        seed.review_litigation.replace({(ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): 2})
    )
    (cause,) = validate(wrong).filter(code="likely-cause").findings
    assert cause.params["count"] == 2 and cause.location.row is None
    assert "2种同样少的改法" in cause.message_zh and "2 equally small corrections" in cause.message_en
    assert "无法确定是哪一种" in cause.message_zh and "cannot be told" in cause.message_en
    # The summary says how many and what they share; each alternative is a line of the detail.
    assert "填报" not in cause.message_zh and "states" not in cause.message_en
    assert len(cause.detail_for("zh")) == len(cause.detail_for("en")) == 2
    assert all("填报" in line for line in cause.detail_for("zh"))
    assert set(cause.cells) == {
        (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD),
        (TableKind.REVIEW_LITIGATION, ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL),
    }


def test_a_cause_may_fill_a_blank_and_says_so() -> None:
    seed = seed_report()
    table = seed.requests.replace(
        {(RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1, (RequestRow.NEW, Applicant.OTHER): None}
    )
    found, total = causes(table)
    spec = table.spec
    granted = spec.index[(RequestRow.GRANTED, Applicant.NATURAL_PERSON)]
    blank = spec.index[(RequestRow.NEW, Applicant.OTHER)]
    assert total == 1 and found == (Cause(((granted, 1, 0),), ((blank, 0),)),)
    (finding,) = validate(seed.with_table(table)).filter(code="likely-cause").findings
    assert "空白“一、本年新收政府信息公开申请数量”/“其他”应为0" in finding.message_zh


# --- relations over blanks, as bounds ------------------------------------------------------------------


@given(reports(), st.data())
def test_blanks_in_a_valid_report_never_make_an_error(report: AnnualReport, data: st.DataObject) -> None:
    tables = [report.requests, report.review_litigation]
    blanked = report
    original = {}
    for table in tables:
        chosen = data.draw(st.sets(st.sampled_from(list(table.spec.index)), max_size=8))
        original.update({(table.kind, *key): table[key] for key in chosen})
        blanked = blanked.with_table(table.replace(dict.fromkeys(chosen)))
    validation = validate(blanked)
    assert not validation.filter(code={*RELATIONS, "relation-impossible", "likely-cause"})
    for finding in validation.filter(code="blank-determined"):
        where = finding.location
        assert finding.expected == original[(where.table, where.row, where.column)]


def test_filled_parts_above_a_stated_total_are_an_error_whatever_the_blanks_hold() -> None:
    seed = seed_report()
    review = seed.review_litigation.replace(
        {
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.UPHELD): None,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.CORRECTED): 5,
            (ReviewRow.ADMINISTRATIVE_REVIEW, ReviewColumn.TOTAL): 3,
        }
    )
    validation = validate(seed.with_table(review))
    (impossible,) = validation.filter(code="relation-impossible").findings
    assert impossible.severity is Severity.ERROR and not validation.valid
    assert (impossible.expected, impossible.actual) == (3, 5)
    assert impossible.params["rule"] == "review-total"
    assert not validation.filter(code="not-checked")


def test_a_single_blank_of_a_relation_is_determined_and_two_are_not() -> None:
    seed = seed_report()
    one = seed.review_litigation.replace(
        {
            (ReviewRow.LITIGATION_DIRECT, ReviewColumn.UPHELD): 4,
            (ReviewRow.LITIGATION_DIRECT, ReviewColumn.PENDING): None,
            (ReviewRow.LITIGATION_DIRECT, ReviewColumn.TOTAL): 6,
        }
    )
    (determined,) = validate(seed.with_table(one)).filter(code="blank-determined").findings
    assert (determined.location.row, determined.location.column, determined.expected) == (
        ReviewRow.LITIGATION_DIRECT,
        ReviewColumn.PENDING,
        2,
    )
    two = one.replace({(ReviewRow.LITIGATION_DIRECT, ReviewColumn.OTHER): None})
    validation = validate(seed.with_table(two))
    assert not validation.filter(code="blank-determined")
    assert [f.params["rule"] for f in validation.filter(code="not-checked")] == ["review-total"]


# --- the search, bounded (issue 35) --------------------------------------------------------------------


def _exhaustive(equations: tuple[Equation, ...], values: list[int | None]) -> tuple[str, list[Cause]]:
    """Every set of at most three stated cells tried, smallest first: the reference for the search."""
    system = system_of(equations, values)
    invalid = any(fixed and not (value >= 0 and int(value) == value) for _, value, _, fixed in system.pivots)
    if not any(system.residuals) and not invalid:
        return "consistent", []
    stated = sorted({p for equation in equations for p, _ in equation if values[p] is not None})
    for size in range(1, MAX_CAUSE_CELLS + 1):
        found = [c for cells in itertools.combinations(stated, size) if (c := explain(system, values, cells))]
        if found:
            return "found", found
    return "none", []


def _grid(rows: int, columns: int) -> tuple[Equation, ...]:
    """A small table: details, a total for each row and each column, and a grand total of the row totals."""
    details = rows * columns
    row_totals = range(details, details + rows)
    column_totals = range(details + rows, details + rows + columns)
    grand = details + rows + columns
    equations = [((*(r * columns + c for c in range(columns)),), row_totals[r]) for r in range(rows)]
    equations += [((*(r * columns + c for r in range(rows)),), column_totals[c]) for c in range(columns)]
    equations.append(((*row_totals,), grand))
    return tuple(tuple(sorted([*((p, 1) for p in parts), (total, -1)])) for parts, total in equations)


@st.composite
def _small_systems(draw: st.DrawFn) -> tuple[tuple[Equation, ...], list[int | None]]:
    """A small table's relations and values: consistent ones with a few cells changed or blanked, or any."""
    if draw(st.booleans()):
        equations = table_equations(TableKind.REVIEW_LITIGATION, TemplateVersion.V2021)
    else:
        equations = _grid(draw(st.integers(2, 3)), draw(st.integers(2, 4)))
    size = 1 + max(p for equation in equations for p, _ in equation)
    values: list[int | None] = list(draw(st.lists(st.integers(0, 6), min_size=size, max_size=size)))
    if draw(st.booleans()):
        for _ in range(2):  # each relation's total (its one coefficient of -1) made to agree
            for equation in equations:
                (total,) = [p for p, c in equation if c == -1]
                values[total] = sum(values[p] or 0 for p, c in equation if c == 1)
        for position in draw(st.lists(st.integers(0, size - 1), max_size=4, unique=True)):
            values[position] = draw(st.one_of(st.none(), st.integers(0, 12)))
    else:
        values = [draw(st.one_of(st.none(), st.integers(0, 9))) if v is not None else None for v in values]
    return equations, values


@settings(deadline=None, max_examples=150)  # each example tries every set of up to three cells
@given(_small_systems())
def test_the_bounded_search_finds_what_trying_every_set_finds(
    system: tuple[tuple[Equation, ...], list[int | None]],
) -> None:
    equations, values = system
    found = search(equations, values)
    outcome, expected = _exhaustive(equations, values)
    assert found.outcome == outcome
    assert sorted(found.causes, key=repr) == sorted(expected, key=repr)
    assert found.work <= WORK_BUDGET


@settings(deadline=None, max_examples=60)
@given(reports(consistent=False, blanks=True), st.integers(1, 400))
def test_the_work_never_exceeds_the_budget(report: AnnualReport, budget: int) -> None:
    for table in (report.requests, report.review_litigation):
        bounded = diagnose(table, budget=budget)
        assert bounded.work <= budget
        full = diagnose(table)
        assert full.work <= WORK_BUDGET
        if bounded.outcome == "stopped":
            # Stopped: nothing named, and what it ruled out is true of the whole search.
            assert not bounded.causes and bounded.work == budget
            assert full.outcome != "found" or len(full.causes[0].changes) > bounded.ruled_out
        else:
            assert bounded == attrs.evolve(full, work=bounded.work)


def _failing(make: object, seed: int) -> AnnualReport:
    return seed_report().with_table(make(random.Random(seed)))  # type: ignore[operator]


@pytest.mark.parametrize(
    ("family", "most_work"),
    [
        # Nothing adds up: 39 relations fail, more than three cells (each in at most three) can meet.
        ("every cell random", 3),
        ("one applicant column random", 3),
        # Two relations over the 总计 column: each of its pairs of cells is a correction.
        ("only the 总计 column", 200),
        ("zeros blank, outcome totals broken", 600),
        ("any counts, half blank", 1_000),
        ("one wrong cell", 3),
        ("two wrong cells", 100),
    ],
)
def test_each_family_of_failing_tables_is_judged_with_little_work(family: str, most_work: int) -> None:
    # The cases of issue 35, which took 0.1 to 84 s each: now a bounded, small number of sets examined.
    make = broken_tables.FAMILIES[family]
    for seed in range(25):
        report = _failing(make, seed)
        result = diagnose(report.requests)
        assert result.outcome != "stopped" and result.work <= most_work, seed
        said = validate(report).filter(code="likely-cause").findings
        assert len(said) == (result.outcome != "consistent")
        if result.outcome == "none":
            (finding,) = said
            assert "more than three cells disagree" in finding.message_en
            assert "需要整体复核" in finding.message_zh and not finding.cells


def test_no_correction_of_three_cells_is_said_once_not_left_out() -> None:
    report = _failing(broken_tables.every_cell_random, 0)
    validation = validate(report)
    (finding,) = validation.filter(code="likely-cause").findings
    assert finding.params["outcome"] == "none" and finding.params["ruled_out"] == MAX_CAUSE_CELLS
    assert finding.message_en.endswith(
        "more than three cells disagree: the table needs re-checking as a whole."
    )
    assert finding.params["explains"]  # the failing relations it is about
    assert all("likely_cause" not in f.params for f in validation if f.code in RELATIONS)


def test_a_search_out_of_work_says_so_and_names_no_cell() -> None:
    table = broken_tables.total_column_random(random.Random(1))
    stopped = diagnose(table, budget=5)
    assert stopped.outcome == "stopped" and stopped.work == 5 and not stopped.causes
    finding = diagnosis_finding(table, stopped)
    assert not finding.cells and finding.location.row is None
    assert (
        "stopped at its limit" in finding.message_en and "needs re-checking as a whole" in finding.message_en
    )
    assert "上限" in finding.message_zh and finding.params["outcome"] == "stopped"


def test_one_and_two_wrong_cells_are_named_with_their_values() -> None:
    rng = random.Random(35)
    for _ in range(30):
        table, changes = broken_tables.wrong_cells(rng, 1)
        ((position, (stated, right)),) = changes.items()
        assert diagnose(table).causes == (Cause(((position, stated, right),)),)
        table, changes = broken_tables.wrong_cells(rng, 2)
        wanted = {(p, stated, right) for p, (stated, right) in changes.items()}
        result = diagnose(table)
        assert result.work <= 100
        assert wanted in [set(cause.changes) for cause in result.causes]


def test_digits_split_across_neighbouring_cells_are_named_as_such() -> None:
    rng = random.Random(12)
    for _ in range(20):
        table, _, (right, zero) = broken_tables.split_digits(rng)
        (finding,) = _likely(table)
        assert finding.params["fault"] == "split-digits" and finding.params["count"] == 1
        assert finding.expected is None and "分错了位置" in finding.message_zh
        assert f"should be {right} and {zero}" in finding.message_en


def test_a_count_moved_into_its_neighbours_cell_is_named_and_listed_first() -> None:
    rng = random.Random(21)
    for _ in range(20):
        table, (first, second), (value, _) = broken_tables.moved_value(rng)
        (finding,) = _likely(table)
        # Other rows can rebalance the two columns too: the moved count is listed first, not chosen (with
        # any other row that happens to show the same count the same way).
        faults = finding.params["faults"]
        shaped = len([f for f in faults if f == "moved-value"])  # type: ignore[attr-defined]
        assert shaped >= 1 and faults[:shaped] == ("moved-value",) * shaped  # type: ignore[index]
        cells = table.spec.cells
        wanted = {(TableKind.REQUESTS, cells[p][0].key, cells[p][1].key) for p in (first, second)}
        listed = [{ref for ref, _, _ in changes} for changes, _ in finding.params["causes"][:shaped]]  # type: ignore[index]
        assert wanted in listed
        assert "像是数字错填入相邻单元格" in finding.message_zh
        assert finding.detail_for("en")[0].startswith("1. the ")
        assert f"the {value} stated in" in "".join(finding.detail_for("en"))


def test_a_count_moved_into_a_blank_neighbour_is_named() -> None:
    # Its own cell left blank, the count printed in the next one (which held 0).
    table = broken_tables.consistent(random.Random(4))
    spec = table.spec
    first, second = next(
        (spec.index[(row, column)], spec.index[(row, following)])
        for row in broken_tables.OUTCOME_ROWS
        for column, following in itertools.pairwise(broken_tables.APPLICANTS)
        if table[row, column] and table[row, following] == 0
    )
    value = table.values[first]
    values = list(table.values)
    values[first], values[second] = None, value
    (finding,) = _likely(type(table)(table.version, tuple(values)))
    assert finding.params["fault"] == "moved-value"
    assert (
        f"the {value} stated in {diagnosis._cell_name(table, second)} seems to belong in"
        in finding.message_en
    )


def test_many_blank_cells_a_cause_fills_are_counted_and_listed_in_the_detail() -> None:
    seed = seed_report()
    blanks = {
        (row, Applicant.RESEARCH_INSTITUTION): None
        for row in (RequestRow.NEW, RequestRow.CARRIED_OVER, RequestRow.CARRIED_FORWARD)
    }
    table = seed.requests.replace({**blanks, (RequestRow.GRANTED, Applicant.NATURAL_PERSON): 1})
    (finding,) = _likely(table)
    assert finding.params["count"] == 1 and len(finding.params["causes"][0][1]) == 3  # type: ignore[index]
    assert "（另有3个空白单元格随之确定）" in finding.message_zh
    assert finding.detail_for("zh") == tuple(
        f"空白“{row.label}”/“科研机构”应为0"
        for row in table.spec.rows
        if row.key in (RequestRow.NEW, RequestRow.CARRIED_OVER, RequestRow.CARRIED_FORWARD)
    )


def _likely(table: object) -> list[object]:
    return list(validate(seed_report().with_table(table)).filter(code="likely-cause"))  # type: ignore[arg-type]


# --- paid for only when asked for -----------------------------------------------------------------------


def test_skip_and_pick_leave_the_diagnosis_out_and_its_cost_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    report = _failing(broken_tables.one_column_random, 3)

    def refused(table: object, **options: object) -> None:
        raise AssertionError("the diagnosis ran")

    monkeypatch.setattr(diagnosis, "diagnose", refused)
    assert validate(report, skip=("likely-cause",)).filter(code="requests-applicant-total")
    assert validate(report, pick=("requests-balance", "blank-cell")).codes() <= {"requests-balance"}
    with pytest.raises(AssertionError, match="the diagnosis ran"):
        validate(report, pick=("likely-cause",))


def _shown(finding: object) -> tuple[object, ...]:
    f = finding  # type: ignore[assignment]
    return (f.code, f.location, f.message_zh, f.expected, f.actual, f.cells)  # type: ignore[attr-defined]


CODES = sorted(
    {
        "likely-cause",
        "not-checked",
        "blank-cell",
        "blank-total",
        "blank-determined",
        "form-empty",
        "relation-impossible",
        "section-missing",
        "text-contradicts-table",
        *RELATIONS,
    }
)


@settings(deadline=None, max_examples=60)
@given(
    reports(consistent=False, blanks=True), st.sets(st.sampled_from(CODES)), st.sets(st.sampled_from(CODES))
)
def test_skip_and_pick_give_what_filtering_every_finding_gives(
    report: AnnualReport, pick: set[str], skip: set[str]
) -> None:
    every = validate(report)
    for chosen, left_out in ((pick, set()), (None, skip), (pick, skip)):
        wanted = [
            _shown(f)
            for f in every
            if (chosen is None or _rule(f) in chosen or f.code in chosen) and _rule(f) not in left_out
        ]
        assert [_shown(f) for f in validate(report, pick=chosen, skip=left_out)] == wanted


def _rule(finding: object) -> str:
    f = finding  # type: ignore[assignment]
    return str(f.params.get("rule", f.code)) if f.code == "not-checked" else str(f.code)  # type: ignore[attr-defined]


@settings(deadline=None, max_examples=80)
@given(st.data())
def test_each_check_makes_only_the_findings_pick_and_skip_know_it_for(data: st.DataObject) -> None:
    # A check whose declared findings missed a code would be left out by a pick= of that code.
    from disclosure_report._validation.checklist import CHECKS, MAKES
    from disclosure_report.strategies import BREAKABLE, broken_reports

    broken = data.draw(broken_reports(data.draw(st.sampled_from(sorted(BREAKABLE)))))
    report = data.draw(st.sampled_from([broken.report, data.draw(reports(consistent=False, blanks=True))]))
    for check in CHECKS:
        declared = set(MAKES[check])
        for finding in check(report):
            rule = str(finding.params["rule"]) if finding.code == "not-checked" else None
            assert (finding.code, rule) in declared, (check.__name__, finding.code, rule)
