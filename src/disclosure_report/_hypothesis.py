"""Hypothesis's entry point: ``st.from_type(AnnualReport)`` and the tables work once the package is installed.

Hypothesis runs this hook when it is imported (the ``hypothesis`` entry point in ``pyproject.toml``), so
``disclosure_report`` itself never imports Hypothesis. The strategies are looked up only when a type is
resolved: the hook may run while :mod:`disclosure_report.strategies` is itself importing Hypothesis.
"""

from __future__ import annotations

from typing import Any


def _strategy(name: str) -> Any:
    def resolve(_: type) -> Any:
        from . import strategies

        return getattr(strategies, name)()

    return resolve


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from . import AnnualReport, DisclosureTable, Metadata, RequestTable, ReviewTable

    st.register_type_strategy(AnnualReport, _strategy("reports"))
    st.register_type_strategy(Metadata, _strategy("metadata"))
    st.register_type_strategy(DisclosureTable, _strategy("disclosure_tables"))
    st.register_type_strategy(RequestTable, _strategy("request_tables"))
    st.register_type_strategy(ReviewTable, _strategy("review_tables"))
