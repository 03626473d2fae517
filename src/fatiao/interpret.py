"""The reference interpreter over the IR: runs spec examples, and is the oracle for generated code."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, assert_never

from fatiao import ir
from fatiao.words import expr_text
from fatiao_runtime import ops
from fatiao_runtime.results import (
    Citation,
    DeadlineResult,
    Explanation,
    PenaltyResult,
    Range,
    RequirementResult,
    Sanction,
)

Result = PenaltyResult | DeadlineResult | RequirementResult


def citations(rule: ir.Rule) -> tuple[Citation, ...]:
    return tuple(Citation(c.document, c.article, c.clause, c.item, c.sentence) for c in rule.citations)


def validate(law: ir.Law, names: tuple[str, ...], facts: dict[str, Any]) -> dict[str, Any]:
    """The same checks, in the same order, as a generated function's prologue."""
    env: dict[str, Any] = {}
    for name in names:
        fact = law.fact(name)
        value = facts.get(name, ops.MISSING)
        match fact.kind:
            case "count":
                env[name] = ops.count(name, value, fact.unit or "")
            case "money" | "quantity":
                if fact.fallback is not None:
                    env[name] = ops.optional_amount(name, value, fact.unit or "")
                else:
                    env[name] = ops.amount(name, value, fact.unit or "")
            case "ratio":
                env[name] = ops.amount(name, value, "比例")
            case "bool":
                env[name] = ops.flag(name, value)
            case "date":
                env[name] = ops.date(name, value)
            case "enum":
                env[name] = ops.member(name, value, fact.members)
            case _:
                raise AssertionError(fact.kind)
    return env


def given_line(fact: ir.Fact, value: Any) -> str:
    if fact.external:
        return ops.given_external(fact.name, value, fact.unit, fact.external)
    return ops.given(fact.name, value, fact.unit)


class _Run:
    def __init__(self, law: ir.Law, env: dict[str, Any], why: list[str]):
        self.law = law
        self.env = env
        self.why = why
        self.rows: list[str] | None = None

    def expr(self, e: ir.Expr) -> ops.Interval:
        match e:
            case ir.Const():
                return (e.low, e.high)
            case ir.FactRef():
                value = self.env[e.name]
                if value is None:
                    fact = self.law.fact(e.name)
                    assert fact.fallback is not None
                    result = self.expr(fact.fallback)
                    self.why.append(ops.fallback(e.name, expr_text(fact.fallback), result, e.unit))
                    return result
                return ops.point(value)
            case ir.LetRef():
                let = next(x for x in self.law.lets if x.name == e.name)
                return self.expr(let.value)
            case ir.Scale():
                return ops.scale(e.low, e.high, self.expr(e.base))
            case ir.RatioConst():
                return (e.low, e.high)
            case ir.Add():
                return ops.add(*(self.expr(t) for t in e.terms))
            case ir.Mul():
                return ops.mul(*(self.expr(f) for f in e.factors))
            case ir.FineOf():
                rule = self.law.rule(e.rule)
                assert isinstance(rule, ir.Penalty)
                inner = run_penalty(self.law, rule, self.env, validated=True)
                self.why.extend(f"〔{e.rule}〕{line}" for line in inner.explanation)
                if not inner.applicable or inner.fine is None:
                    raise ops.NotApplicable(e.rule)
                return (inner.fine.low, inner.fine.high)
            case ir.Table():
                return self.table(e)
            case _:
                assert_never(e)

    def table(self, t: ir.Table) -> ops.Interval:
        taken: list[ir.Row] = []
        for row in t.rows:
            if row.cond is None or self.cond(row.cond):
                taken.append(row)
                if t.mode == "first":
                    break
            elif t.mode == "first":
                self.why.append(ops.row_failed(row.label, row.text))
        if not taken:
            self.why.append(ops.no_row("分档"))
            raise ops.NotApplicable("no row")
        if t.mode == "highest":
            if len(taken) > 1 and taken[-1].cond is None:
                taken.pop()  # `otherwise` in a highest table: only when no other tier holds
            for row in taken:
                self.why.append(ops.row_taken(row.label, row.text, row.value_text))
            if len(taken) > 1:
                self.why.append(ops.rows_taken([r.label or r.text for r in taken]))
        else:
            self.why.append(ops.row_taken(taken[-1].label, taken[-1].text, taken[-1].value_text))
        chosen = taken[-1]
        if self.rows is not None and chosen.label is not None:
            self.rows.append(chosen.label)
        return self.expr(chosen.value)

    def cond(self, c: ir.Cond) -> bool:
        match c:
            case ir.Compare():
                v = self.env[c.fact]
                match c.op:
                    case "<":
                        return bool(v < c.value)
                    case "<=":
                        return bool(v <= c.value)
                    case ">":
                        return bool(v > c.value)
                    case ">=":
                        return bool(v >= c.value)
                    case "==":
                        return bool(v == c.value)
                    case "!=":
                        return bool(v != c.value)
                raise AssertionError(c.op)
            case ir.IsTrue():
                return bool(self.env[c.fact])
            case ir.IsMember():
                return bool(self.env[c.fact] == c.member)
            case ir.Not():
                return not self.cond(c.item)
            case ir.All():
                return all(self.cond(i) for i in c.items)
            case ir.Any():
                return any(self.cond(i) for i in c.items)
            case _:
                assert_never(c)


def run_penalty(law: ir.Law, rule: ir.Penalty, facts: dict[str, Any], validated: bool = False) -> PenaltyResult:
    env = facts if validated else validate(law, rule.facts, facts)
    why = [] if validated else [given_line(law.fact(n), env[n]) for n in rule.facts]
    run = _Run(law, env, why)
    unit_fines: list[ops.Interval] = []
    unit_modalities: list[str] = []
    sanctions: list[Sanction] = []
    people: dict[str, tuple[list[ops.Interval], list[Sanction], list[str]]] = {}
    row: str | None = None
    if rule.when is not None:
        holds = run.cond(rule.when)
        why.append(ops.condition(f"适用条件：{rule.when_text}", holds))
        if not holds:
            return PenaltyResult(rule.name, False, None, None, (), (), None, citations(rule), Explanation(why))
    try:
        for s in rule.sanctions:
            if s.when is not None:
                holds = run.cond(s.when)
                if s.announce:
                    why.append(ops.governs(s.when_text or "", holds, s.announce))
                if not holds:
                    continue
            if s.addressee is not None:
                fines, extra, modalities = people.setdefault(s.addressee, ([], [], []))
            if s.kind == "fine":
                assert s.amount is not None
                run.rows = [] if s.addressee is None else None
                value = run.expr(s.amount)
                if run.rows:
                    row = run.rows[-1]
                run.rows = None
                who = s.addressee or rule.subject or "单位"
                why.append(ops.decided(f"{who}罚款", value, "元"))
                if s.addressee is not None:
                    fines.append(value)
                    modalities.append(s.modality)
                else:
                    unit_fines.append(value)
                    unit_modalities.append(s.modality)
                continue
            amount = None
            if s.amount is not None:
                low, high = run.expr(s.amount)
                unit = s.amount_unit or ""
                if unit == "%":
                    low, high = low * 100, high * 100
                amount = Range(low, high, unit)
            sanction = Sanction(s.kind, s.label, s.modality, amount, s.period)
            (extra if s.addressee is not None else sanctions).append(sanction)
    except ops.NotApplicable:
        return PenaltyResult(rule.name, False, None, None, (), (), None, citations(rule), Explanation(why))
    individuals = tuple(ops.individual(name, data) for name, data in people.items())
    fine, modality = ops.settle(unit_fines, unit_modalities)
    return PenaltyResult(rule.name, True, fine, modality, tuple(sanctions),
                         individuals, row, citations(rule), Explanation(why))


def run_deadline(law: ir.Law, rule: ir.Deadline, facts: dict[str, Any]) -> DeadlineResult:
    env = validate(law, rule.facts, facts)
    start: datetime.date = env[rule.event]
    due = ops.due_date(rule.event, start, rule.count, rule.unit)
    period = f"{rule.count}{rule.unit}"
    return DeadlineResult(rule.name, start, due, period, citations(rule), ops.deadline_why(rule.event, start, period, due))


def run_requirement(law: ir.Law, rule: ir.Requirement, facts: dict[str, Any]) -> RequirementResult:
    env = validate(law, rule.facts, facts)
    run = _Run(law, env, [given_line(law.fact(n), env[n]) for n in rule.facts])
    holds = run.cond(rule.cond)
    run.why.append(ops.condition(rule.text, holds))
    return RequirementResult(rule.name, holds, citations(rule), Explanation(run.why))


def run(law: ir.Law, rule_name: str, facts: dict[str, Any]) -> Result:
    rule = law.rule(rule_name)
    match rule:
        case ir.Penalty():
            return run_penalty(law, rule, facts)
        case ir.Deadline():
            return run_deadline(law, rule, facts)
        case ir.Requirement():
            return run_requirement(law, rule, facts)
        case _:
            assert_never(rule)


def example_facts(example: ir.Example) -> dict[str, Any]:
    return {name: (Decimal(v) if isinstance(v, Decimal) else v) for name, v in example.givens}
