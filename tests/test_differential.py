"""The generated modules and the reference interpreter agree on random facts, explanation included.

Facts are drawn near every threshold the rule compares against (exactly on it,
one fen or one unit either side) as well as at random, and sometimes wrong
(negative, float, missing): then both must refuse them with the same FactError.
"""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fatiao import interpret, ir
from fatiao.build import spec_paths
from fatiao.pipeline import front_end
from fatiao_runtime import ops
from fatiao_runtime.errors import FactError

LAWS = {p.stem: front_end(p) for p in spec_paths(ROOT)}
RULES = [(stem, rule.name) for stem, law in LAWS.items() for rule in law.rules]


def _thresholds(law: ir.Law) -> dict[str, set[Decimal]]:
    found: dict[str, set[Decimal]] = {}

    def walk(node: object) -> None:
        if isinstance(node, ir.Compare):
            found.setdefault(node.fact, set()).add(node.value)
        if hasattr(node, "__attrs_attrs__"):
            for a in node.__attrs_attrs__:  # type: ignore[attr-defined]
                value = getattr(node, a.name)
                for item in value if isinstance(value, tuple) else (value,):
                    walk(item)

    for rule in law.rules:
        walk(rule)
    return found


def fact_strategy(law: ir.Law, fact: ir.Fact, limits: set[Decimal]) -> st.SearchStrategy[Any]:
    match fact.kind:
        case "money" | "quantity" | "count":
            near = [v + d for v in limits for d in (Decimal(-1), Decimal("-0.01"), Decimal(0), Decimal("0.01"),
                                                      Decimal(1)) if v + d >= 0]
            whole = fact.kind == "count"
            if whole:
                near = [v for v in near if v == v.to_integral_value()]
            spread = st.integers(0, 10**9).map(Decimal) if whole else \
                st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
            options = [spread, st.sampled_from(sorted(near))] if near else [spread]
            if fact.fallback is not None:
                options.append(st.none())
            return st.one_of(*options)
        case "ratio":  # a proportion or a multiple: 0.25 is 25%, 4 is 4x
            return st.decimals(min_value=0, max_value=10, places=4, allow_nan=False, allow_infinity=False)
        case "bool":
            return st.booleans()
        case "date":
            days = st.dates(datetime.date(2004, 1, 1), datetime.date(2026, 9, 30))
            return st.one_of(days, st.none()) if fact.optional else days
        case "datetime":
            return st.datetimes(datetime.datetime(2004, 1, 1), datetime.datetime(2026, 9, 30))
        case "enum":
            return st.sampled_from(fact.members)
    raise AssertionError(fact.kind)


BAD = st.sampled_from([Decimal(-1), 1.5, "100", None, True])


def outcome(fn: Any, facts: dict[str, Any]) -> Any:
    try:
        return fn(facts)
    except FactError as err:
        return ("FactError", str(err))


@pytest.mark.parametrize("stem,rule", RULES, ids=[f"{s}:{r}" for s, r in RULES])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_module_equals_interpreter(stem: str, rule: str, data: st.DataObject) -> None:
    law = LAWS[stem]
    module = importlib.import_module(f"fatiao_laws.{stem}")
    target = law.rule(rule)
    limits = _thresholds(law)
    facts: dict[str, Any] = {}
    for name in target.facts:
        fact = law.fact(name)
        facts[name] = data.draw(fact_strategy(law, fact, limits.get(name, set())), label=name)
    for node in ir.walk(target):
        # Days counted from a date and shares are drawn on their boundary and one unit either side too.
        if isinstance(node, ir.CompareShifted) and isinstance(facts.get(node.base), datetime.date) \
                and data.draw(st.booleans(), label="near day"):
            try:
                day = ops.shifted(node.base, facts[node.base], node.count, node.unit, node.before)
            except FactError:
                continue
            facts[node.fact] = day + datetime.timedelta(days=data.draw(st.integers(-1, 1), label="offset"))
        elif isinstance(node, ir.CompareShare) and node.denominator is not None \
                and data.draw(st.booleans(), label="near share"):
            whole = data.draw(st.integers(0, 60), label="denominator")
            part = whole * node.value
            facts[node.denominator] = Decimal(whole)
            facts[node.numerator] = Decimal(max(0, int(part) + data.draw(st.integers(-1, 1), label="offset")))
    if target.facts and data.draw(st.integers(0, 9), label="spoil") == 0:
        victim = data.draw(st.sampled_from(target.facts), label="victim")
        if data.draw(st.booleans(), label="drop"):
            del facts[victim]
        else:
            facts[victim] = data.draw(BAD, label="bad")
    expected = outcome(lambda f: interpret.run(law, rule, f), facts)
    actual = outcome(lambda f: module.RULES[rule](**f), facts)
    assert actual == expected
