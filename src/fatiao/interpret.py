"""The reference interpreter over the IR: runs spec examples, and is the oracle for generated code."""

from __future__ import annotations

import datetime
import operator
from decimal import Decimal
from typing import Any, assert_never

from fatiao import ir
from fatiao.words import expr_text
from fatiao_runtime import ops
from fatiao_runtime.results import (
    AmountResult,
    Citation,
    ClassificationResult,
    DeadlineResult,
    Explanation,
    PenaltyResult,
    Range,
    RequirementResult,
    Sanction,
)

Result = PenaltyResult | DeadlineResult | RequirementResult | AmountResult | ClassificationResult


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
            case "date" if fact.optional:
                env[name] = ops.optional_date(name, value)
            case "date":
                env[name] = ops.date(name, value)
            case "datetime":
                env[name] = ops.moment(name, value)
            case "enum":
                env[name] = ops.member(name, value, fact.members)
            case _:
                raise AssertionError(fact.kind)
    return env


def given_line(fact: ir.Fact, value: Any) -> str:
    if fact.optional:
        return ops.given_optional(fact.name, value)
    if fact.external:
        return ops.given_external(fact.name, value, fact.unit, fact.external)
    return ops.given(fact.name, value, fact.unit)


_RELATE: dict[str, Any] = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
                           "==": operator.eq, "!=": operator.ne}


def judged_at(rule: ir.Rule, env: dict[str, Any], as_of: Any, why: list[str]) -> datetime.date | None:
    """The date of the case (see ops.in_force), explained; raises NotInForce outside the rule's period."""
    v = rule.validity
    day, line = ops.in_force(rule.name, as_of, v.anchor, env.get(v.anchor) if v.anchor else None,
                             v.start, v.end, v.needs_date, v.source)
    why.append(line)
    return day


class _Run:
    def __init__(self, law: ir.Law, env: dict[str, Any], why: list[str], day: datetime.date | None = None):
        self.law = law
        self.env = env
        self.why = why
        self.day = day
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
                value = self.expr(let.value)
                self.why.append(ops.computed(let.name, expr_text(let.value), value, let.unit))
                return value
            case ir.VersionRef():
                versions = self.law.version(e.name)
                rows = tuple((r.start, r.end, self.expr(r.value), r.value_text) for r in versions.rows)
                value, line = ops.version(e.name, self.day, rows)
                self.why.append(line)
                return value
            case ir.Scale():
                return ops.scale(e.low, e.high, self.expr(e.base))
            case ir.RatioConst():
                return (e.low, e.high)
            case ir.Add():
                return ops.add(*(self.expr(t) for t in e.terms))
            case ir.Mul():
                return ops.mul(*(self.expr(f) for f in e.factors))
            case ir.Sub():
                return ops.sub(self.expr(e.left), self.expr(e.right))
            case ir.Div():
                return ops.div(self.expr(e.left), self.expr(e.right), e.text)
            case ir.Extreme():
                items = [self.expr(i) for i in e.items]
                return ops.minimum(*items) if e.kind == "min" else ops.maximum(*items)
            case ir.FineOf():
                rule = self.law.rule(e.rule)
                assert isinstance(rule, ir.Penalty)
                inner = run_penalty(self.law, rule, self.env, validated=True, day=self.day)
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
            case ir.CompareDate():
                return bool(_RELATE[c.op](self.env[c.fact], c.day))
            case ir.CompareFacts():
                return bool(_RELATE[c.op](self.env[c.left], self.env[c.right]))
            case ir.CompareShifted():
                day = ops.shifted_in(c.base, self.env[c.base], c.count, c.unit, c.before, self.why)
                return bool(_RELATE[c.op](self.env[c.fact], day))
            case ir.CompareShare():
                if c.denominator is None:
                    return bool(_RELATE[c.op](self.env[c.numerator], c.value))
                part = ops.share(self.env[c.numerator], self.env[c.denominator], c.numerator, c.denominator)
                return bool(_RELATE[c.op](part, c.value))
            case ir.IsNone():
                return self.env[c.fact] is None
            case ir.IsTrue():
                return bool(self.env[c.fact])
            case ir.IsMember():
                return bool(self.env[c.fact] == c.member)
            case ir.IsClass():
                rule = self.law.rule(c.rule)
                assert isinstance(rule, ir.Classification)
                inner = run_classification(self.law, rule, self.env, validated=True, day=self.day)
                return ops.read_class(c.rule, inner, self.why) == c.member
            case ir.Not():
                return not self.cond(c.item)
            case ir.All():
                return all(self.cond(i) for i in c.items)
            case ir.Any():
                return any(self.cond(i) for i in c.items)
            case _:
                assert_never(c)


def run_penalty(law: ir.Law, rule: ir.Penalty, facts: dict[str, Any], validated: bool = False,
                day: datetime.date | None = None, as_of: Any = None) -> PenaltyResult:
    env = facts if validated else validate(law, rule.facts, facts)
    why = [] if validated else [given_line(law.fact(n), env[n]) for n in rule.facts]
    if not validated:
        day = judged_at(rule, env, as_of, why)
    run = _Run(law, env, why, day)
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


def run_deadline(law: ir.Law, rule: ir.Deadline, facts: dict[str, Any], as_of: Any = None) -> DeadlineResult:
    env = validate(law, rule.facts, facts)
    why: list[str] = []
    run = _Run(law, env, why, judged_at(rule, env, as_of, why))
    start: datetime.date = env[rule.event]
    if rule.when is not None:
        why.extend(given_line(law.fact(n), env[n]) for n in ir.cond_facts(rule.when) if n != rule.event)
        holds = run.cond(rule.when)
        why.append(ops.condition(f"适用条件：{rule.when_text}", holds))
        if not holds:
            lines = (given_line(law.fact(rule.event), start), *why)
            return DeadlineResult(rule.name, start, None, rule.period_text, citations(rule), Explanation(lines),
                                  applicable=False)
    length = run.expr(rule.period)[0]
    count = (ops.period_of(rule.period.name, length, rule.unit) if isinstance(rule.period, ir.FactRef)
             else int(length))
    period = ops.period_words(count, rule.unit)
    if rule.before:
        latest = ops.latest_day(rule.event, start, count, rule.unit)
        lines = [*ops.latest_why(rule.event, start, period, latest), *why]
        return DeadlineResult(rule.name, start, latest, period, citations(rule), Explanation(tuple(lines)), None, True)
    paused = 0
    if rule.excluding is not None:
        paused = ops.tolled(rule.excluding, env[rule.excluding], rule.unit)
    due = ops.due_date(rule.event, start, count + paused, rule.unit, rule.reached)
    lines = [*ops.deadline_why(rule.event, start, period, due, rule.reached, rule.day_note), *why]
    if rule.excluding is not None:
        lines.append(ops.tolled_why(rule.excluding, paused, rule.unit))
    extended = None
    steps: list[datetime.date] = []
    if rule.extension is not None:
        n, unit = rule.extension
        extended = ops.due_date(rule.event, due, n, unit)
        lines.append(ops.extended_why(ops.period_words(n, unit), due, extended))
        steps.append(extended)
        for step, unit in rule.further:
            more = ops.tolled(step, env[step], unit) if isinstance(step, str) else step
            previous, extended = extended, ops.due_date(rule.event, extended, more, unit)
            lines.append(ops.further_why(ops.period_words(more, unit), previous, extended))
            steps.append(extended)
    return DeadlineResult(rule.name, start, due, period, citations(rule), Explanation(tuple(lines)),
                          steps[0] if steps else None, False, tuple(steps))


def run_requirement(law: ir.Law, rule: ir.Requirement, facts: dict[str, Any], as_of: Any = None) -> RequirementResult:
    env = validate(law, rule.facts, facts)
    run = _Run(law, env, [given_line(law.fact(n), env[n]) for n in rule.facts])
    run.day = judged_at(rule, env, as_of, run.why)
    holds = run.cond(rule.cond)
    run.why.append(ops.condition(rule.text, holds))
    return RequirementResult(rule.name, holds, citations(rule), Explanation(run.why))


def run_amount(law: ir.Law, rule: ir.Amount, facts: dict[str, Any], as_of: Any = None) -> AmountResult:
    env = validate(law, rule.facts, facts)
    run = _Run(law, env, [given_line(law.fact(n), env[n]) for n in rule.facts])
    run.day = judged_at(rule, env, as_of, run.why)
    if rule.when is not None:
        holds = run.cond(rule.when)
        run.why.append(ops.condition(f"适用条件：{rule.when_text}", holds))
        if not holds:
            return AmountResult(rule.name, False, None, citations(rule), Explanation(run.why))
    try:
        value = run.expr(rule.value)
    except ops.NotApplicable:
        return AmountResult(rule.name, False, None, citations(rule), Explanation(run.why))
    result = ops.settle_amount(value, rule.unit)
    run.why.append(ops.decided(rule.name, value, rule.unit))
    return AmountResult(rule.name, True, result, citations(rule), Explanation(run.why))


def run_classification(law: ir.Law, rule: ir.Classification, facts: dict[str, Any], as_of: Any = None,
                       validated: bool = False, day: datetime.date | None = None) -> ClassificationResult:
    """With `validated`, another rule is reading this one's class: the facts are checked and the day
    fixed already, and the explanation starts at the rows, as with `fine of`."""
    env = facts if validated else validate(law, rule.facts, facts)
    run = _Run(law, env, [] if validated else [given_line(law.fact(n), env[n]) for n in rule.facts], day)
    if not validated:
        run.day = judged_at(rule, env, as_of, run.why)
    hits = [(r.label, r.text, r.member) for r in rule.rows if r.cond is None or run.cond(r.cond)]
    member, label = ops.classified(rule.name, rule.members, hits, rule.mode, run.why)
    return ClassificationResult(rule.name, member is not None, member, label, citations(rule), Explanation(run.why))


def run(law: ir.Law, rule_name: str, facts: dict[str, Any], as_of: Any = None) -> Result:
    rule = law.rule(rule_name)
    match rule:
        case ir.Penalty():
            return run_penalty(law, rule, facts, as_of=as_of)
        case ir.Deadline():
            return run_deadline(law, rule, facts, as_of)
        case ir.Requirement():
            return run_requirement(law, rule, facts, as_of)
        case ir.Amount():
            return run_amount(law, rule, facts, as_of)
        case ir.Classification():
            return run_classification(law, rule, facts, as_of)
        case _:
            assert_never(rule)


def example_facts(example: ir.Example) -> dict[str, Any]:
    return {name: (Decimal(v) if isinstance(v, Decimal) else v) for name, v in example.givens}
