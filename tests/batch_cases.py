"""Tables of cases for the batch tests: every threshold a rule compares against, ±1 fen and ±1 person,
and random facts; the generated Python module says what each row must give."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pyarrow as pa
from conftest import ROOT
from hypothesis import strategies as st

from fatiao import ir
from fatiao.batch import BatchRule, load_rule
from fatiao.batch_results import COLUMNS, result_row
from fatiao.build import spec_paths
from fatiao.emit_sql import compile_rule
from fatiao.pipeline import front_end

SPECS = {p.stem: p for p in spec_paths(ROOT)}
LAWS = {stem: front_end(path) for stem, path in SPECS.items()}
# Every rule the SQL backend compiles, and one it cannot (a working-day deadline), so the Python
# fallback path is compared too. Other fallback rules run the generated module on both sides of the
# comparison, which would test nothing and cost minutes.
RULES = [(stem, rule.name) for stem, law in LAWS.items() for rule in law.rules
         if compile_rule(law, rule).query is not None] + [("carbon_emissions_trading", "反馈核查结果")]
IDS = [f"{s}:{r}" for s, r in RULES]

ARROW_TYPES = {"money": pa.decimal128(20, 2), "quantity": pa.decimal128(24, 6), "ratio": pa.decimal128(12, 6),
               "count": pa.int64(), "bool": pa.bool_(), "enum": pa.string(), "date": pa.date32()}
_RULES: dict[tuple[str, str], BatchRule] = {}


def batch_rule(stem: str, name: str) -> BatchRule:
    if (stem, name) not in _RULES:
        _RULES[stem, name] = load_rule(SPECS[stem], name)
    return _RULES[stem, name]


def thresholds(law: ir.Law) -> dict[str, set[Decimal]]:
    found: dict[str, set[Decimal]] = {}
    roots: list[object] = [*law.rules, *(x.value for x in law.lets), *(f.fallback for f in law.facts if f.fallback)]
    for root in roots:
        for node in ir.walk(root):
            if isinstance(node, ir.Compare):
                found.setdefault(node.fact, set()).add(node.value)
    return found


def near(fact: ir.Fact, limits: set[Decimal]) -> list[Decimal]:
    """Each threshold, and one fen (or one person) and one unit either side of it."""
    steps = (Decimal(-1), Decimal(0), Decimal(1)) if fact.kind == "count" else \
        (Decimal(-1), Decimal("-0.01"), Decimal(0), Decimal("0.01"), Decimal(1))
    return sorted({v + d for v in limits for d in steps if v + d >= 0})


def fact_strategy(fact: ir.Fact, limits: set[Decimal]) -> st.SearchStrategy[Any]:
    match fact.kind:
        case "money" | "quantity" | "count" | "ratio":
            whole = fact.kind == "count"
            if whole:
                spread: st.SearchStrategy[Any] = st.integers(0, 10**6)
            elif fact.kind == "ratio":
                spread = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)
            else:
                spread = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
            close = near(fact, limits)
            options = [spread, st.sampled_from([int(v) if whole else v for v in close])] if close else [spread]
            if fact.fallback is not None:
                options.append(st.none())
            return st.one_of(*options)
        case "bool":
            return st.booleans()
        case "date":
            return st.dates(datetime.date(2004, 1, 1), datetime.date(2026, 9, 30))
        case "enum":
            return st.sampled_from(fact.members)
    raise AssertionError(fact.kind)


def rows_strategy(stem: str, name: str, max_rows: int = 40) -> st.SearchStrategy[list[dict[str, Any]]]:
    law = LAWS[stem]
    limits = thresholds(law)
    rule = law.rule(name)
    row = st.fixed_dictionaries({f: fact_strategy(law.fact(f), limits.get(f, set())) for f in rule.facts})
    return st.lists(row, min_size=1, max_size=max_rows)


def boundary_rows(stem: str, name: str) -> list[dict[str, Any]]:
    """Every near-threshold value of every fact at least once, the other facts at their smallest value,
    then each flag and enum member turned on in turn with those values."""
    law = LAWS[stem]
    limits = thresholds(law)
    rule = law.rule(name)
    base: dict[str, Any] = {}
    for f in rule.facts:
        fact = law.fact(f)
        base[f] = {"count": 0, "bool": False, "enum": fact.members[0] if fact.members else None,
                   "date": datetime.date(2024, 6, 3)}.get(fact.kind, Decimal(0))
    rows = [dict(base)]
    for f in rule.facts:
        fact = law.fact(f)
        values: list[Any]
        if fact.kind in ("money", "quantity", "ratio", "count"):
            values = [int(v) if fact.kind == "count" else v for v in near(fact, limits.get(f, set()))]
            if fact.fallback is not None:
                values.append(None)
        elif fact.kind == "bool":
            values = [True]
        elif fact.kind == "enum":
            values = list(fact.members)
        else:
            values = [datetime.date(2024, 9, 30), datetime.date(2024, 12, 31)]
        for value in values:
            for flags in (False, True):
                row = dict(base, **{f: value})
                if flags:
                    row.update({b: True for b in rule.facts if law.fact(b).kind == "bool"})
                rows.append(row)
    return rows


def table(stem: str, name: str, rows: list[dict[str, Any]]) -> pa.Table:
    law = LAWS[stem]
    rule = law.rule(name)
    columns = {"案件编号": pa.array([f"case-{i}" for i in range(len(rows))], pa.string())}
    for f in rule.facts:
        columns[f] = pa.array([r[f] for r in rows], ARROW_TYPES[law.fact(f).kind])
    return pa.table(columns)


def expected(stem: str, name: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    module = importlib.import_module(f"fatiao_laws.{stem}")
    return [result_row(module.RULES[name](**row)) for row in rows]


def results(kind: str, out: pa.Table) -> list[dict[str, Any]]:
    names = [n for n, _ in COLUMNS[kind]]
    return out.select(names).to_pylist()


def first_difference(rows: list[dict[str, Any]], want: list[dict[str, Any]], got: list[dict[str, Any]]) -> str | None:
    for facts, w, g in zip(rows, want, got, strict=True):
        if w != g:
            return f"facts {facts}\n python {w}\n    sql {g}"
    return None
