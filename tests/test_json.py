"""JSON: lossless round trips, strict reading with every problem at its JSON path, and the shipped schema."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import (
    AnnualReport,
    DisclosureColumn,
    DisclosureRow,
    ReadError,
    TemplateVersion,
    from_dict,
    from_json,
    json_schema,
    read_json,
    render_json,
    to_dict,
    write_json,
)
from disclosure_report._io import json as json_module
from disclosure_report._io.json import (
    INSTALLED_PATHS,
    JSON_PATHS,
    PATHS_VARIABLE,
    JsonPath,
    json_paths,
    taken_paths,
)
from disclosure_report._io.schema import shipped_schema
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

ARBITRARY = reports(consistent=False, blanks=True)
SCHEMA = jsonschema.Draft202012Validator(json_schema())


@given(ARBITRARY)
def test_round_trip_is_lossless(report: AnnualReport) -> None:
    assert from_json(render_json(report)) == report
    assert from_json(render_json(report, indent=None)) == report


@given(ARBITRARY)
def test_written_documents_follow_the_schema(report: AnnualReport) -> None:
    SCHEMA.validate(json.loads(render_json(report)))


def test_shipped_schema_is_what_the_code_generates() -> None:
    # If this fails, regenerate: python -c "import json, disclosure_report as d; print(json.dumps(...))"
    assert shipped_schema() == json_schema()
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_seed_round_trips_through_a_file(seed: AnnualReport, tmp_path: Any) -> None:
    path = tmp_path / "seed.json"
    write_json(seed, path)
    text = path.read_text(encoding="utf-8")
    assert "应急中心" in text  # Chinese is written as is, not escaped
    assert read_json(path) == seed


def test_amounts_keep_every_digit(seed: AnnualReport) -> None:
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    # Written in plain notation with the places the amount has: one canonical form everywhere.
    for amount, written in [
        ("1.50", "1.50"),
        ("0.0001", "0.0001"),
        ("123456789.1234", "123456789.1234"),
        ("1E+3", "1000"),
        ("0E-8", "0.00000000"),
        ("0", "0"),
    ]:
        report = _with_fee(seed, Decimal(amount))
        document = to_dict(report)
        assert document["active_disclosure"]["fees"]["fee_amount"] == written
        read = from_dict(document).active_disclosure[key]
        assert read == Decimal(amount)
        assert format(read, "f") == written


def _with_fee(report: AnnualReport, amount: Decimal) -> AnnualReport:
    key = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    return attrs.evolve(report, active_disclosure=report.active_disclosure.replace({key: amount}))


def _problems(document: object) -> dict[str, str]:
    with pytest.raises(ReadError) as raised:
        from_dict(document, source="report.json")
    assert str(raised.value).startswith("report.json: cannot read")
    return {problem.place: problem.message for problem in raised.value.problems}


def test_every_bad_value_is_reported_with_its_path(seed: AnnualReport) -> None:
    document = to_dict(seed)
    document["metadata"]["year"] = "2023"
    document["requests"]["new"]["natural_person"] = -1
    document["requests"]["granted"]["total"] = True
    document["requests"]["total"]["other"] = 1.0
    document["active_disclosure"]["fees"]["fee_amount"] = 1.5
    document["review_litigation"]["litigation_direct"]["pending"] = "0"
    problems = _problems(document)
    assert problems == {
        "$.metadata.year": 'expected a whole number, got "2023"',
        "$.requests.new.natural_person": "expected a whole number from 0 to 1000000000, got -1",
        "$.requests.granted.total": "expected a whole number >= 0 or null, got true",
        "$.requests.total.other": "expected a whole number >= 0 or null, got 1.0",
        "$.active_disclosure.fees.fee_amount": 'expected a decimal string such as "12.5" or null, got 1.5',
        "$.review_litigation.litigation_direct.pending": 'expected a whole number >= 0 or null, got "0"',
    }


def test_unknown_and_missing_keys_are_refused(seed: AnnualReport) -> None:
    document = to_dict(seed)
    document["extra"] = 1
    document["metadata"]["agencyname"] = "x"
    del document["problems"]
    document["requests"]["total_2"] = document["requests"].pop("total")
    del document["review_litigation"]["administrative_review"]["total"]
    problems = _problems(document)
    assert set(problems) == {
        "$.extra",
        "$.metadata.agencyname",
        "$.problems",
        "$.requests.total_2",
        "$.requests.total",
        "$.review_litigation.administrative_review.total",
    }
    assert "unknown" in problems["$.extra"]
    assert problems["$.metadata.agencyname"].startswith("unknown key; expected only: agency, year, version")
    assert problems["$.problems"].startswith("missing")


@pytest.mark.parametrize("place", ["", "metadata", "headings", "requests", "requests.new"])
def test_unknown_keys_are_named_up_to_a_limit_and_the_rest_counted(seed: AnnualReport, place: str) -> None:
    # 400,000 unknown keys made as many problems (20 s); now the first ones are named, the rest counted.
    document = to_dict(seed)
    target = document
    for part in filter(None, place.split(".")):
        target = target[part]
    target.update({f"zz{index:03}": 1 for index in range(100)})
    with pytest.raises(ReadError) as raised:
        from_json(json.dumps(document, ensure_ascii=False), source="many.json")
    problems = raised.value.problems
    limit = json_module.MAX_UNKNOWN_KEYS
    assert len(problems) == limit
    assert all(problem.code in ("json-key", "json-value") for problem in problems)
    assert problems[-1].place.endswith(f"zz{limit - 1:03}")
    assert f"and {100 - limit} more unknown keys, not listed" in problems[-1].message


def test_version_decides_the_table_layout(seed: AnnualReport) -> None:
    document = to_dict(seed)
    document["metadata"]["version"] = "2019"
    problems = _problems(document)
    assert "$.active_disclosure.procurement" in problems  # a 2019 row the 2021 document lacks
    assert "$.requests.other_processing" in problems
    assert "$.requests.other_other" in problems
    document["metadata"]["version"] = "2020"
    problems = _problems(document)
    assert problems["$.metadata.version"] == "expected one of '2019', '2021', got \"2020\""
    assert problems["$.requests"].startswith("not checked")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("", "line 1 column 1"),
        ("{", "line 1 column 2"),
        ("[]", "$"),
        ("null", "$"),
        ('{"schema_version": 1}', "$.metadata"),
        ("1" * 5000, "$"),
        ("[" * 100_000, "$"),
    ],
)
def test_unreadable_text_gives_one_clear_error(text: str, place: str) -> None:
    with pytest.raises(ReadError) as raised:
        from_json(text, source="x.json")
    assert place in {p.place for p in raised.value.problems}
    assert "Traceback" not in str(raised.value)


def test_a_missing_file_names_the_file(tmp_path: Any) -> None:
    with pytest.raises(ReadError, match=r"nothing\.json"):
        read_json(tmp_path / "nothing.json")


@given(
    st.dictionaries(
        st.sampled_from(["metadata", "requests", "overview", "x"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
            lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
            max_leaves=10,
        ),
    )
)
def test_any_json_value_is_read_or_refused_cleanly(document: dict[str, Any]) -> None:
    with pytest.raises(ReadError):
        from_dict(document)


@given(ARBITRARY, st.data())
def test_any_wrongly_typed_cell_is_refused_at_its_path(report: AnnualReport, data: st.DataObject) -> None:
    document = to_dict(report)
    table = data.draw(st.sampled_from(["active_disclosure", "requests", "review_litigation"]))
    row = data.draw(st.sampled_from(sorted(document[table])))
    column = data.draw(st.sampled_from(sorted(document[table][row])))
    document[table][row][column] = data.draw(st.sampled_from([[], {}, True, 1.5, "1x", -(10**10)]))
    assert f"$.{table}.{row}.{column}" in _problems(document)


def test_version_1_documents_still_read(seed: AnnualReport) -> None:
    # Written before the metadata had region, division code and level: the same keys but those.
    document = json.loads(render_json(seed))
    document["schema_version"] = 1
    for key in ("region", "division_code", "level"):
        del document["metadata"][key]
    assert from_json(json.dumps(document)) == seed
    # A version 1 document cannot have them.
    document["metadata"]["level"] = "county"
    with pytest.raises(ReadError) as raised:
        from_json(json.dumps(document))
    assert "$.metadata" in str(raised.value) and "level" in str(raised.value)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("level", "县级", "expected one of 'state_council_department'"),
        ("level", 3, "expected an agency level's key"),
        ("division_code", "32081", "six digits"),
        ("division_code", 320813, "expected a string"),
        ("region", ["江苏省"], "expected a string"),
    ],
)
def test_agency_details_are_checked_at_their_path(
    seed: AnnualReport, key: str, value: object, expected: str
) -> None:
    document = json.loads(render_json(seed))
    document["metadata"][key] = value
    with pytest.raises(ReadError) as raised:
        from_json(json.dumps(document))
    (problem,) = raised.value.problems
    assert problem.place == f"$.metadata.{key}" and expected in problem.message


_SEED_DOCUMENT = render_json(seed_report(), indent=None)
_MUTATIONS = [
    ('"natural_person":0', '"natural_person":NaN'),
    ('"natural_person":0', '"natural_person":1e400'),
    ('"natural_person":0', '"natural_person":123456789012345678901234567890'),
    ('"natural_person":0', '"natural_person":-0'),
    ('"natural_person":0', '"natural_person":0.0'),
    ('"agency":"', '"agency":"\\ud800'),
    ('"agency":"', '"agency":"\\u0000'),
    ('"agency":', '"agency":"x","agency":'),
    # Duplicates whose strings hold colons, and colons escaped: the fast paths count colons.
    ('"overview":', '"overview":"a:b\\u003a","overview":'),
    ('"agency":"', '"agency":"\\u003A'),
    ('"headings":{}', '"headings":{"overview":"一、概述：","overview":"一、概述"}'),
    ("{", "\ufeff{"),
    ("{", "[" * 3000 + "{"),
    ('"overview":', '"overview": \t\n'),
    ('"overview":', '"overview":"\x01",'),
]


assert all(old in _SEED_DOCUMENT for old, _ in _MUTATIONS)


@st.composite
def _documents(draw: st.DrawFn) -> str | bytes:
    text = _SEED_DOCUMENT
    for old, new in draw(st.lists(st.sampled_from(_MUTATIONS), max_size=3)):
        text = text.replace(old, new, 1)
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.text(max_size=5)) + text[cut:]
    encoding = draw(st.sampled_from([None, "utf-8", "utf-16", "utf-8-sig"]))
    return text if encoding is None else text.encode(encoding, errors="surrogatepass")


def _outcome(document: str | bytes) -> object:
    try:
        return from_json(document)
    except ReadError as error:
        return [(problem.place, problem.message, problem.code) for problem in error.problems]


def _outcome_on(paths: tuple[JsonPath, ...], document: str | bytes) -> object:
    """What reading gives taking these fast paths alone (none: the reference)."""
    with json_paths(*paths) as taken:
        assert taken == paths  # the switch took them all: the test compares what it means to
        return _outcome(document)


_WITHOUT_ORJSON = pytest.mark.skipif("orjson" not in INSTALLED_PATHS, reason="orjson is not installed")


@_WITHOUT_ORJSON
@given(_documents() | st.text(max_size=50) | st.binary(max_size=50))
def test_orjson_and_the_standard_library_read_every_document_alike(document: str | bytes) -> None:
    assert _outcome_on(("orjson",), document) == _outcome_on((), document)


def _large_amounts() -> st.SearchStrategy[AnnualReport]:
    """Reports whose amount is written with an exponent by str() (1E+2) or with forty digits."""
    amounts = st.sampled_from(
        [Decimal("1E+2"), Decimal("0E-7"), Decimal("9" * 12 + "." + "9" * 27), Decimal("0.00001"), None]
    )
    cell = (DisclosureRow.FEES, DisclosureColumn.FEE_AMOUNT)
    return st.builds(
        lambda report, amount: report.with_table(report.active_disclosure.replace({cell: amount})),
        reports(version=TemplateVersion.V2021),
        amounts,
    )


@_WITHOUT_ORJSON
@given(
    reports() | reports(consistent=False, blanks=True, max_count=10**9) | _large_amounts(),
    st.sampled_from([None, 2]),
)
def test_orjson_and_the_standard_library_write_every_report_alike(
    report: AnnualReport, indent: int | None
) -> None:
    # orjson writes the document around each table's skeleton and cells: the characters must be the
    # standard library's writing the whole document, for every report and both layouts.
    with json_paths("orjson"):
        assert json_module.orjson_text(report, indent) is not None  # taken, not declined
        fast = render_json(report, indent=indent)
    with json_paths():
        assert fast == render_json(report, indent=indent)


@_WITHOUT_ORJSON
def test_texts_with_every_kind_of_character_are_written_alike() -> None:
    awkward = "".join(chr(code) for code in range(0x20)) + '"\\/\x7f\u2028\u2029\ufeff中文𝔘\U0010ffff'
    report = attrs.evolve(seed_report(), overview=awkward, problems="\t", other_matters="")
    for indent in (None, 2):
        with json_paths("orjson"):
            fast = json_module.orjson_text(report, indent)
        with json_paths():
            assert fast == render_json(report, indent=indent)
    assert from_json(render_json(report)) == report
    # Other layouts are the standard library's.
    with json_paths("orjson"):
        assert json_module.orjson_text(report, 4) is None
        fast = render_json(report, indent=4)
    with json_paths():
        assert fast == render_json(report, indent=4)


# --- the switch ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "taken", "warned"),
    [
        ("reference", (), False),
        ("orjson", ("orjson",), False),
        (" orjson , msgspec ", JSON_PATHS, False),
        ("", JSON_PATHS, False),
        ("fast", (), True),
        ("reference,orjson", (), True),
    ],
)
def test_the_variable_switches_the_fast_paths_for_a_process(
    value: str, taken: tuple[str, ...], warned: bool
) -> None:
    # Read at import: a process (a worker too) takes what it was started with; a typo costs speed only.
    program = (
        "import warnings\n"
        "with warnings.catch_warnings(record=True) as said:\n"
        "    warnings.simplefilter('always')\n"
        "    from disclosure_report._io.json import taken_paths\n"
        "print(list(taken_paths()), [str(w.message) for w in said])\n"
    )
    environment = {**os.environ, PATHS_VARIABLE: value}
    ran = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=True
    )
    expected = [path for path in taken if path in INSTALLED_PATHS]
    assert ran.stdout.startswith(f"{expected} ")
    assert (PATHS_VARIABLE in ran.stdout) == warned
    if warned:
        assert "no JSON path" in ran.stdout and "taking the reference alone" in ran.stdout


def test_the_switch_names_only_fast_paths_and_restores_what_was_taken() -> None:
    before = taken_paths()
    with json_paths() as none:
        assert none == () == taken_paths()
        with json_paths(*JSON_PATHS) as every:
            assert every == INSTALLED_PATHS == taken_paths()
        assert taken_paths() == ()
    assert taken_paths() == before
    with pytest.raises(ValueError, match="'cattrs' is no JSON path"), json_paths("cattrs"):  # type: ignore[arg-type]
        pass
    assert taken_paths() == before


# --- the typed fast path (msgspec) -----------------------------------------------------------------------

_WITHOUT_MSGSPEC = pytest.mark.skipif("msgspec" not in INSTALLED_PATHS, reason="msgspec is not installed")
_CELL = '"natural_person":0'
_AMOUNT = '"fee_amount":"0"'
# What the typed schema must refuse as the model does, or leave to the standard path: cells of every wrong
# kind, amounts of every wrong form, keys too many or too few, other layouts.
_CELL_MUTATIONS = [
    (_CELL, '"natural_person":true'),
    (_CELL, '"natural_person":false'),
    (_CELL, '"natural_person":1.0'),
    (_CELL, '"natural_person":-1'),
    (_CELL, '"natural_person":1000000001'),
    (_CELL, '"natural_person":1000000000'),
    (_CELL, '"natural_person":"5"'),
    (_CELL, '"natural_person":[5]'),
    (_CELL, '"natural_person":{}'),
    (_CELL, '"natural_person":null'),
    (_CELL, '"natural_person":0,"natural_person":7'),
    (_CELL, '"natural_person":0,"natural_person":0'),
    ('"preamble":null', '"preamble":"a\\u003ab","preamble":null'),
    ('"preamble":null', '"preamble":"a:b"'),
    (_CELL, '"natural_person":0,"robot":1'),
    (_CELL + ",", ""),
    (_AMOUNT, '"fee_amount":"12.5\\n"'),
    (_AMOUNT, '"fee_amount":" 12.5"'),
    (_AMOUNT, '"fee_amount":"NaN"'),
    (_AMOUNT, '"fee_amount":"-1"'),
    (_AMOUNT, '"fee_amount":"1e13"'),
    (_AMOUNT, '"fee_amount":"0.' + "1" * 45 + '"'),
    (_AMOUNT, '"fee_amount":12.5'),
    (_AMOUNT, '"fee_amount":"12.50"'),
    ('"schema_version":2', '"schema_version":1'),
    ('"schema_version":2', '"schema_version":2.0'),
    ('"version":"2021"', '"version":"2019"'),
    ('"year":2023', '"year":true'),
    ('"headings":{}', '"headings":{"overview":"一、概述"}'),
    ('"headings":{}', '"headings":{"nowhere":"x"}'),
    ('"preamble":null', '"preamble":"\\ud800"'),
]


def _cell_documents() -> st.SearchStrategy[str]:
    seed = render_json(seed_report(), indent=None)
    assert all(old in seed for old, _ in _CELL_MUTATIONS), [o for o, _ in _CELL_MUTATIONS if o not in seed]

    @st.composite
    def mutated(draw: st.DrawFn) -> str:
        text = seed
        for old, new in draw(st.lists(st.sampled_from(_CELL_MUTATIONS), min_size=1, max_size=3)):
            text = text.replace(old, new, 1)
        return text

    return mutated()


@_WITHOUT_MSGSPEC
@_WITHOUT_ORJSON
@pytest.mark.parametrize("paths", [("msgspec",), JSON_PATHS], ids=["msgspec", "msgspec-then-orjson"])
@given(_cell_documents() | _documents() | st.text(max_size=50) | st.binary(max_size=50))
def test_the_typed_path_reads_every_document_as_the_standard_path(
    paths: tuple[JsonPath, ...], document: str | bytes
) -> None:
    # Alone (what it declines, the reference reads) and as installed (what it declines, orjson reads).
    assert _outcome_on(paths, document) == _outcome_on((), document)


@_WITHOUT_MSGSPEC
@given(reports())
def test_the_typed_path_takes_every_2021_report_and_reads_it_exactly(report: AnnualReport) -> None:
    document = render_json(report, indent=None)
    with json_paths("msgspec"):
        typed = json_module.typed_report(document)
    if report.version is TemplateVersion.V2021:
        assert typed == report  # taken, not left to the standard path
        assert typed is not None and [t.values for t in typed.tables()] == [t.values for t in report.tables()]
        assert all(t.complete == (None not in t.values) for t in typed.tables())
    else:
        assert typed is None  # the 2019 layout is read the standard way
    assert from_json(document) == report


@_WITHOUT_MSGSPEC
def test_each_refused_cell_is_said_at_its_path_whichever_path_reads() -> None:
    seed = render_json(seed_report(), indent=None)
    refused = [new for old, new in _CELL_MUTATIONS[:9] if new != '"natural_person":1000000000']
    for new in refused:
        with pytest.raises(ReadError) as raised:
            from_json(seed.replace(_CELL, new, 1))
        (problem,) = raised.value.problems
        assert problem.place == "$.requests.new.natural_person", (new, problem)


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        (_CELL, '"natural_person":25,"natural_person":99', "$.requests.new.natural_person"),
        (_CELL, '"natural_person":0,"natural_person":0', "$.requests.new.natural_person"),
        ('"agency":', '"agency":"某局","agency":', "$.metadata.agency"),
        ('"preamble":null', '"preamble":"前言：","preamble":null', "$.preamble"),
        ('"headings":{}', '"headings":{"overview":"一、概述","overview":"一、概况"}', "$.headings.overview"),
    ],
)
@pytest.mark.parametrize("fast", [True, False])
def test_a_key_written_twice_is_refused_at_its_path_on_every_path(
    old: str, new: str, place: str, fast: bool
) -> None:
    # Each JSON reader kept one of the two silently (the last): a document meant two things to two readers.
    document = render_json(seed_report(), indent=None).replace(old, new, 1)
    for text in (document, document.encode("utf-8")):
        with json_paths(*(JSON_PATHS if fast else ())), pytest.raises(ReadError) as raised:
            from_json(text)
        assert [(p.place, p.code) for p in raised.value.problems] == [(place, "duplicate-key")]


def test_colons_in_strings_escaped_or_not_are_not_keys(seed: AnnualReport) -> None:
    report = attrs.evolve(seed, preamble="时间：2024年1月:a:b", overview="网址：http://example.cn/a:b")
    document = render_json(report)
    escaped = document.replace("1月:a:b", "1月\\u003aa\\u003Ab", 1)
    assert escaped != document
    for text in (document, escaped):
        assert from_json(text) == report
        assert from_json(text.encode("utf-8")) == report


def test_an_amount_is_a_decimal_string_whole(seed: AnnualReport) -> None:
    document = render_json(seed, indent=None).replace(_AMOUNT, '"fee_amount":"12.5\\n"', 1)
    with pytest.raises(ReadError) as raised:
        from_json(document)
    (problem,) = raised.value.problems
    assert problem.place == "$.active_disclosure.fees.fee_amount"
    assert '"12.5\\n"' in problem.message


@pytest.mark.parametrize(
    "nested",
    [
        ('"source":null', '"source":' + "[" * 1000 + "]" * 1000),
        ('"headings":{}', '"headings":{"overview":' + "[" * 1000 + "]" * 1000 + "}"),
    ],
)
def test_deep_nesting_anywhere_is_a_read_error_on_every_path(nested: tuple[str, str]) -> None:
    document = render_json(seed_report(), indent=None).replace(*nested, 1)
    with pytest.raises(ReadError):
        from_json(document)
    for paths in (*((path,) for path in INSTALLED_PATHS), INSTALLED_PATHS):
        assert _outcome_on(paths, document) == _outcome_on((), document)


@pytest.mark.parametrize("amount", ["1e-999999999", "0e999999999", "1e-41", "0e13"])
def test_an_amount_written_with_a_huge_exponent_is_refused(amount: str) -> None:
    # 12 bytes to read, a gigabyte to write in plain notation: refused at its path.
    document = render_json(seed_report(), indent=None).replace(_AMOUNT, f'"fee_amount":"{amount}"', 1)
    with pytest.raises(ReadError) as raised:
        from_json(document)
    (problem,) = raised.value.problems
    assert problem.place == "$.active_disclosure.fees.fee_amount"
    assert "decimal places" in problem.message


def test_rows_must_be_objects_and_figures_stay_plain_data(seed: AnnualReport) -> None:
    import types

    document = to_dict(seed)
    document["requests"]["new"] = types.MappingProxyType(document["requests"]["new"])
    with pytest.raises(ReadError):
        from_dict(document)
    # A text figure and its subject are plain attrs data (what validation caches is not among them).
    from disclosure_report import text_figures

    figure = next(f for f in text_figures(seed) if f.subject is not None)
    assert json.dumps(attrs.asdict(figure), default=str)
