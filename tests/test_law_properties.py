"""Hypothesis checks what `fatiao verify` claims about the bundled law, on random facts.

verify proves monotonicity by sweeping each amount over its thresholds; here
hypothesis draws arbitrary cases (other facts random too) and checks the claims
directly: raising one amount never lowers a fine that verify says is monotone,
and turning on an aggravating flag never makes the fine milder.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_differential import _thresholds, fact_strategy

from fatiao import interpret, ir
from fatiao.build import spec_paths
from fatiao.pipeline import front_end
from fatiao.verify import verify
from fatiao_runtime.results import PenaltyResult

LAWS = {p.stem: front_end(p) for p in spec_paths(ROOT)}
REPORTS = {stem: verify(law) for stem, law in LAWS.items()}
MONOTONE = [(stem, r.name) for stem, law in LAWS.items() for r in law.rules
            if isinstance(r, ir.Penalty)
            and not any(f.rule == r.name and f.code == "non-monotone" for f in REPORTS[stem].findings)
            and any(law.fact(n).kind in ("money", "count", "quantity") for n in r.facts)]
FLAGGED = [(stem, r.name) for stem, law in LAWS.items() for r in law.rules
           if isinstance(r, ir.Penalty)
           and not any(f.rule == r.name and f.code == "escalation-milder" for f in REPORTS[stem].findings)
           and any(law.fact(n).kind == "bool" for n in r.facts)]


def draw_facts(data: st.DataObject, law: ir.Law, rule: ir.Rule) -> dict[str, Any]:
    limits = _thresholds(law)
    return {n: data.draw(fact_strategy(law, law.fact(n), limits.get(n, set())), label=n) for n in rule.facts}


def fine(law: ir.Law, rule: str, facts: dict[str, Any]) -> tuple[Decimal, Decimal] | None:
    # These properties are about amounts and flags, not dates: a rule in force for a bounded period
    # is judged on a day inside it, whatever date its `as of` fact was drawn as.
    validity = law.rule(rule).validity
    result = interpret.run(law, rule, facts, as_of=validity.start or validity.end)
    assert isinstance(result, PenaltyResult)
    return (result.fine.low, result.fine.high) if result.applicable and result.fine else None


@pytest.mark.parametrize("stem,rule", MONOTONE, ids=[f"{s}:{r}" for s, r in MONOTONE])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_raising_an_amount_never_lowers_the_fine(stem: str, rule: str, data: st.DataObject) -> None:
    law = LAWS[stem]
    target = law.rule(rule)
    facts = draw_facts(data, law, target)
    amounts = [n for n in target.facts if law.fact(n).kind in ("money", "count", "quantity") and facts[n] is not None]
    assume(amounts)
    name = data.draw(st.sampled_from(amounts), label="raised")
    step = data.draw(st.sampled_from([Decimal(1), Decimal(10), Decimal(10_000), Decimal(1_000_000)]), label="by")
    before, after = fine(law, rule, facts), fine(law, rule, {**facts, name: facts[name] + step})
    if before is None or after is None:
        return  # the rule does not apply on one side: nothing to compare
    assert after[0] >= before[0] and after[1] >= before[1], (name, facts, before, after)  # type: ignore[index]


@pytest.mark.parametrize("stem,rule", FLAGGED, ids=[f"{s}:{r}" for s, r in FLAGGED])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_aggravating_flag_never_makes_the_fine_milder(stem: str, rule: str, data: st.DataObject) -> None:
    law = LAWS[stem]
    target = law.rule(rule)
    facts = draw_facts(data, law, target)
    name = data.draw(st.sampled_from([n for n in target.facts if law.fact(n).kind == "bool"]), label="flag")
    off, on = fine(law, rule, {**facts, name: False}), fine(law, rule, {**facts, name: True})
    if off is None or on is None:
        return  # the flag is a precondition here (derivative liability), not an aggravation
    assert on[0] >= off[0] and on[1] >= off[1], (name, facts, off, on)  # type: ignore[index]
