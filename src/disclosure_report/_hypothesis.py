"""Hypothesis's entry point: ``st.from_type(AnnualReport)`` and the tables work once the package is installed.

Hypothesis runs this hook when it is imported (the ``hypothesis`` entry point in ``pyproject.toml``), so
``disclosure_report`` itself never imports Hypothesis.
"""

from __future__ import annotations


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from . import AnnualReport, DisclosureTable, Metadata, RequestTable, ReviewTable
    from .strategies import disclosure_tables, metadata, reports, request_tables, review_tables

    st.register_type_strategy(AnnualReport, reports())
    st.register_type_strategy(Metadata, metadata())
    st.register_type_strategy(DisclosureTable, disclosure_tables())
    st.register_type_strategy(RequestTable, request_tables())
    st.register_type_strategy(ReviewTable, review_tables())
