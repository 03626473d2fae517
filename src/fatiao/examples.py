"""Running the examples embedded in a spec, through the interpreter or a generated module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from fatiao import interpret, ir
from fatiao.diagnostics import Code, Diagnostic
from fatiao.literals import read_quantity
from fatiao_runtime.errors import FactError, NotInForce
from fatiao_runtime.ops import to_fen
from fatiao_runtime.results import (
    AmountResult,
    ClassificationResult,
    DeadlineResult,
    PenaltyResult,
    Range,
    RequirementResult,
)

# (rule, facts, as_of) → result
Evaluator = Callable[[str, dict[str, Any], Any], Any]


@attrs.frozen
class Outcome:
    example: ir.Example
    engine: str
    failures: tuple[tuple[ir.Expect | None, str], ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def interpreter_for(law: ir.Law) -> Evaluator:
    return lambda rule, facts, as_of: interpret.run(law, rule, facts, as_of)


def module_evaluator(module: Any) -> Evaluator:
    def evaluate(rule: str, facts: dict[str, Any], as_of: Any) -> Any:
        return module.RULES[rule](**facts) if as_of is None else module.RULES[rule](**facts, as_of=as_of)

    return evaluate


def _show(r: Range | None) -> str:
    return "none" if r is None else str(r)


def _day(d: Any) -> str:
    return "none" if d is None else str(d.isoformat())


def _expected_range(e: ir.Expect) -> Range | None:
    if e.low is None or e.high is None:
        return None
    return Range(to_fen(e.low), to_fen(e.high), "元")


def _period(text: str | None) -> object:
    """5年 and 五年 are the same period; 终身 is its own."""
    if text is None or text == "终身":
        return text
    return read_quantity(text)


def judge(e: ir.Expect, result: Any) -> str | None:
    """None when the expectation holds, else what was found instead."""
    if isinstance(result, PenaltyResult):
        match e.kind:
            case "not-applicable":
                return None if not result.applicable else f"the rule applies (fine {_show(result.fine)})"
            case "fine":
                want = _expected_range(e)
                return None if result.fine == want else f"fine is {_show(result.fine)}"
            case "individual":
                person = result.individual(e.subject or "")
                got = person.fine if person else None
                return None if got == _expected_range(e) else f"{e.subject}'s fine is {_show(got)}"
            case "fine-modality":
                return None if result.fine_modality == e.modality else f"the fine is `{result.fine_modality}`"
            case "row":
                return None if result.row == e.label else f"row is {result.row or 'none'}"
            case "measure" | "no-measure":
                found = [s for s in result.sanctions + tuple(x for i in result.individuals for x in i.sanctions)
                         if s.label == e.subject]
                if e.kind == "no-measure":
                    return None if not found else f"{e.subject} applies ({found[0].modality})"
                if not found:
                    return f"{e.subject} does not apply"
                if found[0].modality != e.modality:
                    return f"{e.subject} is `{found[0].modality}`"
                if e.period is not None and _period(found[0].period) != _period(e.period):
                    return f"{e.subject} is for {found[0].period or 'no stated period'}"
                if e.amount is not None:
                    got = found[0].amount
                    if got is None or (got.low, got.high, got.unit) != e.amount:
                        return f"{e.subject} is by {got if got is not None else 'no stated amount'}"
                return None
    if isinstance(result, DeadlineResult) and e.kind == "not-applicable":
        return None if not result.applicable else f"the deadline applies (due {_day(result.due)})"
    if isinstance(result, DeadlineResult) and not result.applicable:
        return "the deadline does not apply to these facts"
    if isinstance(result, DeadlineResult) and e.kind == "due":
        return None if result.due == e.date else f"due {_day(result.due)}"
    if isinstance(result, DeadlineResult) and e.kind == "extended-due":
        got = result.extended_due
        return None if got == e.date else f"extended due {got.isoformat() if got else 'none'}"
    if isinstance(result, DeadlineResult) and e.kind == "latest-due":
        last = result.extensions[-1] if result.extensions else None
        return None if last == e.date else f"latest due {last.isoformat() if last else 'none'}"
    if isinstance(result, AmountResult) and e.kind in ("amount", "not-applicable"):
        if e.kind == "not-applicable":
            return None if not result.applicable else f"the rule applies ({_show(result.value)})"
        if result.value is None:
            return "the rule does not apply"
        want = (e.low, e.high)
        got = (result.value.low, result.value.high)
        if result.value.unit == "元":
            want = (to_fen(e.low), to_fen(e.high)) if e.low is not None and e.high is not None else want
        return None if got == want else f"amount is {_show(result.value)}"
    if isinstance(result, ClassificationResult) and e.kind in ("class", "row", "not-applicable"):
        if e.kind == "not-applicable":
            return None if not result.applicable else f"the case is classed {result.value}"
        if e.kind == "row":
            return None if result.row == e.label else f"row is {result.row or 'none'}"
        return None if result.value == e.subject else f"the case is classed {result.value or 'nowhere'}"
    if e.kind == "not-in-force":
        return f"the rule is in force (result {type(result).__name__})"
    if isinstance(result, RequirementResult) and e.kind in ("compliant", "violated"):
        ok = result.compliant == (e.kind == "compliant")
        return None if ok else ("compliant" if result.compliant else "violated")
    return f"`{e.kind}` cannot be judged on this result"


def run_example(example: ir.Example, evaluate: Evaluator, engine: str) -> Outcome:
    facts = interpret.example_facts(example)
    try:
        result = evaluate(example.rule, facts, example.as_of)
    except NotInForce as err:
        if any(e.kind == "not-in-force" for e in example.expects):
            return Outcome(example, engine, ())
        return Outcome(example, engine, ((None, f"the rule is not in force: {err}"),))
    except FactError as err:
        return Outcome(example, engine, ((None, f"the rule refused the facts: {err}"),))
    failures = []
    for e in example.expects:
        found = judge(e, result)
        if found is not None:
            failures.append((e, f"`{e.text}` failed: {found}"))
    return Outcome(example, engine, tuple(failures))


def diagnostics(outcomes: list[Outcome]) -> list[Diagnostic]:
    out = []
    for o in outcomes:
        for expect, failure in o.failures:
            span = expect.span if expect is not None else o.example.span
            out.append(Diagnostic(Code.EXAMPLE_FAILED, f"example \"{o.example.title}\" ({o.engine}): {failure}",
                                  span))
    return out


