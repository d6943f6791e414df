"""JSON against what a tool author would write instead: a pydantic v2 model of the same document.

Run:  pip install 'disclosure-report[bench]' && python benchmarks/json_twin.py [--reports 2000]

The twin is generated from the form (``table_spec``), so it has exactly the library's schema: every key
required and no other, counts whole numbers >= 0 (signed where the form signs them) or null, amounts
decimal strings or null, texts strings or null; strict (no coercion: ``"5"`` is not a count). Every timing
is per report, best of seven runs, all in one process on the same generated reports (``run.py``'s
generator), the jobs taking turns a run each (a disturbance of the shared machine falls on all alike),
and printed as a ratio to the twin or to ``json.loads``, which is what the figures compare.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from disclosure_report import (
    AnnualReport,
    CellKind,
    Section,
    TableKind,
    TemplateVersion,
    from_json,
    render_json,
    table_spec,
    validate,
)
from disclosure_report._validation.statements import forget_texts
from disclosure_report.examples import seed_report

sys.path.insert(0, str(Path(__file__).parent))
from run import corpus

try:
    import pydantic
    from pydantic import BaseModel, ConfigDict, Field, create_model
except ModuleNotFoundError:  # pragma: no cover - a benchmark-only dependency
    sys.exit("the twin needs pydantic: pip install 'disclosure-report[bench]'")

STRICT = ConfigDict(strict=True, extra="forbid")
Count = Annotated[int, Field(ge=0)] | None
SignedCount = int | None
Amount = Annotated[Decimal, Field(ge=0, le=10**12, max_digits=40)] | None
CELL_TYPES: dict[CellKind, Any] = {
    CellKind.COUNT: Count,
    CellKind.SIGNED_COUNT: SignedCount,
    CellKind.MONEY: Amount,  # a decimal string in JSON, read as a Decimal
}


def _table_model(kind: TableKind, version: TemplateVersion) -> type[BaseModel]:
    spec = table_spec(kind, version)
    rows: dict[str, Any] = {}
    for row in spec.rows:
        columns: dict[str, Any] = {}
        for column in row.columns:
            columns[column.key.key] = (CELL_TYPES[column.kind], ...)
        model = create_model(f"{kind.key}_{version.value}_{row.key.key}", __config__=STRICT, **columns)
        rows[row.key.key] = (model, ...)
    return create_model(f"{kind.key}_{version.value}", __config__=STRICT, **rows)


class Metadata(BaseModel):
    model_config = STRICT
    agency: str
    year: Annotated[int, Field(ge=2008, le=2099)]
    version: Literal["2019", "2021"]
    title: str | None
    published: datetime.date | None
    source: str | None
    region: str | None
    division_code: Annotated[str, Field(pattern=r"^[0-9]{6}$")] | None
    level: str | None


Tables = {kind: _table_model(kind, TemplateVersion.V2021) for kind in TableKind}
Report = create_model(
    "Report2021",
    __config__=STRICT,
    schema_version=(Literal[2], ...),
    metadata=(Metadata, ...),
    overview=(str | None, ...),
    active_disclosure=(Tables[TableKind.ACTIVE_DISCLOSURE], ...),
    requests=(Tables[TableKind.REQUESTS], ...),
    review_litigation=(Tables[TableKind.REVIEW_LITIGATION], ...),
    problems=(str | None, ...),
    other_matters=(str | None, ...),
    headings=(dict[Literal[tuple(s.key for s in Section)], str], ...),  # type: ignore[misc]
    preamble=(str | None, ...),
)


Job = tuple[Callable[[Any], object], list[Any], Callable[[], object]]


def best(jobs: dict[str, Job], runs: int = 7) -> dict[str, float]:
    """Seconds per item of each job, the best of ``runs`` (the machine is shared: the least disturbed run).

    The jobs take turns, one run each a round, so that what disturbs the machine for a while disturbs each
    job alike and the ratios compare like with like. A job's third part runs before each of its runs,
    untimed: validation forgets the texts it read, so that each run reads the corpus as a batch does, once
    (within it, sentences that recur are read once).
    """
    elapsed = dict.fromkeys(jobs, float("inf"))
    for _ in range(runs):
        for label, (job, items, before) in jobs.items():
            before()
            start = time.perf_counter()
            for item in items:
                job(item)
            elapsed[label] = min(elapsed[label], time.perf_counter() - start)
    return {label: elapsed[label] / len(jobs[label][1]) for label in jobs}


def _nothing() -> None:
    pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2000)
    args = parser.parse_args()
    reports = list(corpus(args.reports))
    documents = [render_json(report, indent=None) for report in reports]
    # The twin accepts what the library writes, and refuses what it refuses.
    twins = [Report.model_validate_json(document) for document in documents[:50]]
    assert all(twin.model_dump(mode="json")["requests"] for twin in twins)
    wrong = documents[0].replace('"natural_person":', '"natural_person":"5","x":', 1)
    try:
        Report.model_validate_json(wrong)
        raise AssertionError("the twin accepted a string count")
    except pydantic.ValidationError:
        pass

    models = [Report.model_validate_json(document) for document in documents]
    jobs: dict[str, Job] = {"stdlib json.loads": (json.loads, documents, _nothing)}
    try:
        import orjson

        jobs["orjson.loads"] = (orjson.loads, documents, _nothing)
    except ModuleNotFoundError:
        pass
    jobs["pydantic twin validate_json"] = (Report.model_validate_json, documents, _nothing)
    jobs["from_json"] = (from_json, documents, _nothing)
    jobs["validate"] = (validate, reports, forget_texts)
    jobs["validate (texts remembered)"] = (validate, reports, _nothing)
    jobs["pydantic twin model_dump_json"] = (lambda model: model.model_dump_json(), models, _nothing)
    jobs["render_json (indent=None)"] = (lambda report: render_json(report, indent=None), reports, _nothing)
    timings = best(jobs)
    twin = timings["pydantic twin validate_json"]
    loads = timings["stdlib json.loads"]
    dump = timings["pydantic twin model_dump_json"]
    print(
        f"{len(documents)} generated reports, {sum(map(len, documents)) / len(documents) / 1000:.1f} KB each"
    )
    for label, seconds in timings.items():
        print(f"{label:<34} {seconds * 1e6:8.1f} µs")
    print(f"{'from_json / twin validate_json':<34} {timings['from_json'] / twin:8.2f}×  (goal ≤ 1.0)")
    print(f"{'validate / json.loads':<34} {timings['validate'] / loads:8.2f}×  (goal ≤ 0.4)")
    written = timings["render_json (indent=None)"] / dump
    print(f"{'render_json / twin model_dump_json':<34} {written:8.2f}×  (goal ≤ 1.0)")
    remembered = timings["validate (texts remembered)"] / loads
    print(f"{'  the same, texts remembered':<34} {remembered:8.2f}×  (validated again)")
    seed = seed_report()
    seed_document = render_json(seed, indent=None)

    def afresh(report: AnnualReport) -> object:
        forget_texts()
        return validate(report)

    seeds = best(
        {
            "json.loads": (json.loads, [seed_document] * 500, _nothing),
            "read afresh": (afresh, [seed] * 500, _nothing),
            "remembered": (validate, [seed] * 500, _nothing),
        }
    )
    for label in ("read afresh", "remembered"):
        ratio = seeds[label] / seeds["json.loads"]
        print(f"{'seed: validate / json.loads, ' + label:<34} {ratio:8.2f}×  ({seeds[label] * 1e6:.0f} µs)")


if __name__ == "__main__":
    main()
