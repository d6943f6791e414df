"""A document's metadata read and written without cattrs, as the converter reads and writes it (issue 40).

``plain_metadata`` reads the metadata of a well-formed document by the converter's own hooks and declines
anything else, which the converter then reads and says what is wrong with: the two give the same result
for every value. Written metadata is what the converter unstructures.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_report import AnnualReport, Metadata, ReadError, from_dict, to_dict
from disclosure_report._io.json import converter, plain_metadata
from disclosure_report.examples import seed_report
from disclosure_report.strategies import reports

# Values every field is tried with: right for some fields, wrong for others.
_VALUES = st.sampled_from(
    [
        None,
        True,
        False,
        0,
        2023,
        -5,
        10**20,
        1.5,
        "",
        "x",
        "应急中心",
        "2019",
        "2020",
        "2021",
        "2023-05-01",
        "2023-13-01",
        "county",
        "province",
        "320829",
        "32082",
        [],
        {},
        ["2021"],
    ]
)
_KEYS = st.sampled_from(
    ["agency", "year", "version", "title", "published", "source", "region", "division_code", "level", "zz"]
)


@st.composite
def _metadata_values(draw: st.DrawFn) -> object:
    """A report's written metadata with a few of its keys changed, added or taken away; or not a dict."""
    value: dict[str, Any] = dict(to_dict(draw(reports()))["metadata"])
    for _ in range(draw(st.integers(0, 3))):
        key = draw(_KEYS)
        if draw(st.booleans()):
            value.pop(key, None)
        else:
            value[key] = draw(_VALUES)
    return value if draw(st.integers(0, 9)) else draw(_VALUES)


def _by_converter(value: object) -> Metadata | None:
    try:
        metadata: Metadata = converter().structure(value, Metadata)
    except Exception:
        return None
    return metadata


@given(_metadata_values())
def test_plain_metadata_is_the_converter_s_or_declines(value: object) -> None:
    plain = plain_metadata(value)
    reference = _by_converter(value)
    assert plain is None or plain == reference
    if reference is not None and type(value) is dict and "zz" not in value:
        assert plain == reference  # a value the converter takes is taken: the path is not a detour


@given(reports(blanks=True, consistent=False))
def test_every_report_s_metadata_is_written_and_read_as_the_converter_does(report: AnnualReport) -> None:
    written = to_dict(report)["metadata"]
    assert written == converter().unstructure(report.metadata)
    assert list(written) == list(converter().unstructure(report.metadata))  # keys in the same order
    assert plain_metadata(written) == report.metadata


def test_wrong_metadata_is_said_by_the_converter_at_its_path() -> None:
    document = to_dict(seed_report())
    document["metadata"]["year"] = True
    document["metadata"]["level"] = "nowhere"
    with pytest.raises(ReadError) as raised:
        from_dict(document)
    places = sorted(problem.place for problem in raised.value.problems)
    assert places == ["$.metadata.level", "$.metadata.year"]
