"""Backend: IR → an importable Python module (stdlib + fatiao_runtime only).

The module's layout is a jinja2 template; function bodies are printed here by
walking the IR, mirroring interpret.py step for step so that the two agree
on every result, explanation included (tests/test_differential.py).
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import assert_never

import jinja2

from fatiao import ir
from fatiao.escape import py_comment, py_doc, py_name, py_str
from fatiao.words import expr_text
from fatiao_runtime import ops
from fatiao_runtime.results import IndividualResult, Range, Sanction

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "==", "!=": "!="}


@functools.cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("fatiao", "templates"), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters.update(py_str=py_str, py_doc=py_doc, py_comment=py_comment, py_name=py_name)
    return env


class _Body:
    """Prints one rule's body; hoists Decimal constants to module level."""

    def __init__(self, law: ir.Law, consts: dict[Decimal, str], objects: dict[str, str]):
        self.law = law
        self.consts = consts
        self.objects = objects
        self.counter = 0

    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"_{prefix}{self.counter}"

    def dec(self, value: Decimal) -> str:
        key = value
        if key not in self.consts:
            self.consts[key] = f"_D{len(self.consts)}"
        return self.consts[key]

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ir.Expr, rows: bool) -> tuple[list[str], str]:
        """(statements to run first, expression) computing the interval of e."""
        match e:
            case ir.Const() | ir.RatioConst():
                return [], f"({self.dec(e.low)}, {self.dec(e.high)})"
            case ir.FactRef():
                name = py_name(e.name)
                fact = self.law.fact(e.name)
                if fact.fallback is None:
                    return [], f"({name}, {name})"
                var = self.fresh("f")
                pre, code = self.expr(fact.fallback, False)
                lines = [f"if {name} is None:", *_indent(pre), f"    {var} = {code}",
                         f"    _why.append((_ops.fallback, {py_str(e.name)}, {py_str(expr_text(fact.fallback))}, "
                         f"{var}, {py_str(e.unit)}))",
                         "else:", f"    {var} = ({name}, {name})"]
                return lines, var
            case ir.LetRef():
                let = next(x for x in self.law.lets if x.name == e.name)
                pre, code = self.expr(let.value, rows)
                var = self.fresh("l")
                return [*pre, f"{var} = {code}",
                        f"_why.append((_ops.computed, {py_str(let.name)}, {py_str(expr_text(let.value))}, {var}, "
                        f"{py_str(let.unit)}))"], var
            case ir.VersionRef():
                var = self.fresh("v")
                table = self.constant(tuple((r.start, r.end, _const_interval(r.value), r.value_text)
                                            for r in self.law.version(e.name).rows))
                return [f"{var}, _line = _ops.version({py_str(e.name)}, _day, {table})",
                        "_why.append(_line)"], var
            case ir.Scale():
                pre, code = self.expr(e.base, rows)
                return pre, f"_ops.scale({self.dec(e.low)}, {self.dec(e.high)}, {code})"
            case ir.Add() | ir.Mul():
                pres: list[str] = []
                codes = []
                for part in (e.terms if isinstance(e, ir.Add) else e.factors):
                    pre, code = self.expr(part, rows)
                    pres += pre
                    codes.append(code)
                fn = "add" if isinstance(e, ir.Add) else "mul"
                return pres, f"_ops.{fn}({', '.join(codes)})"
            case ir.Sub() | ir.Div():
                lpre, left = self.expr(e.left, rows)
                rpre, right = self.expr(e.right, rows)
                if isinstance(e, ir.Sub):
                    return lpre + rpre, f"_ops.sub({left}, {right})"
                return lpre + rpre, f"_ops.div({left}, {right}, {py_str(e.text)})"
            case ir.Extreme():
                pres: list[str] = []
                codes = []
                for item in e.items:
                    pre, code = self.expr(item, rows)
                    pres += pre
                    codes.append(code)
                fn = "minimum" if e.kind == "min" else "maximum"
                return pres, f"_ops.{fn}({', '.join(codes)})"
            case ir.FineOf():
                rule = self.law.rule(e.rule)
                assert isinstance(rule, ir.Penalty)
                var = self.fresh("r")
                args = ", ".join(py_name(f) for f in rule.facts)
                lines = [f"{var} = _core_{py_name(rule.name)}({args}{', ' if args else ''}[], _day)",
                         f"_why.extend((_ops.prefixed, {py_str('〔' + e.rule + '〕')}, _item) "
                         f"for _item in {var}.explanation.raw)",
                         f"if not {var}.applicable or {var}.fine is None:",
                         f"    raise _ops.NotApplicable({py_str(e.rule)})"]
                return lines, f"({var}.fine.low, {var}.fine.high)"
            case ir.Table():
                return self.table(e, rows)
            case _:
                assert_never(e)

    def table(self, t: ir.Table, rows: bool) -> tuple[list[str], str]:
        var = self.fresh("t")
        lines: list[str] = []

        def chosen(row: ir.Row) -> list[str]:
            out = []
            if rows and row.label is not None:
                out.append(f"_rows.append({py_str(row.label)})")
            pre, code = self.expr(row.value, rows)
            return out + pre + [f"{var} = {code}"]

        no_row = [f"_why.append({py_str(ops.no_row('分档'))})", "raise _ops.NotApplicable('no row')"]
        if t.mode == "first":
            # Nested rather than elif: a row that fails is explained before the next is tried.
            def chain(i: int) -> list[str]:
                if i == len(t.rows):
                    return no_row
                row = t.rows[i]
                taken = f"_why.append({py_str(ops.row_taken(row.label, row.text, row.value_text))})"
                if row.cond is None:
                    return [taken, *chosen(row)]
                return [f"if {self.cond(row.cond)}:", *_indent([taken, *chosen(row)]), "else:",
                        *_indent([f"_why.append({py_str(ops.row_failed(row.label, row.text))})", *chain(i + 1)])]

            return chain(0), var
        hits = self.fresh("h")
        # The rows' words are module constants: a table is read on every call, and printed once.
        labels = self.constant(tuple(r.label for r in t.rows))
        texts = self.constant(tuple(r.text for r in t.rows))
        values = self.constant(tuple(r.value_text for r in t.rows))
        lines.append(f"{hits} = []")
        for i, row in enumerate(t.rows):
            if row.cond is None:
                lines.append(f"{hits}.append({i})")
            else:
                lines += [f"if {self.cond(row.cond)}:", f"    {hits}.append({i})"]
        if len(t.rows) > 1 and t.rows[-1].cond is None:
            # `otherwise` in a highest table: only when no other tier holds.
            lines += [f"if len({hits}) > 1:", f"    {hits}.pop()"]
        lines += [f"if not {hits}:", *_indent(no_row),
                  f"for _i in {hits}:",
                  f"    _why.append((_ops.row_taken, {labels}[_i], {texts}[_i], {values}[_i]))",
                  f"if len({hits}) > 1:",
                  f"    _why.append((_ops.rows_taken, [{labels}[_i] or {texts}[_i] for _i in {hits}]))"]
        for i, row in enumerate(t.rows):
            lines += [f"{'if' if i == 0 else 'elif'} {hits}[-1] == {i}:", *_indent(chosen(row))]
        return lines, var

    # ------------------------------------------------------------------ conditions
    def cond(self, c: ir.Cond) -> str:
        match c:
            case ir.Compare():
                return f"{py_name(c.fact)} {_OPS[c.op]} {self.dec(c.value)}"
            case ir.CompareFacts():
                return f"{py_name(c.left)} {_OPS[c.op]} {py_name(c.right)}"
            case ir.CompareDate():
                return f"{py_name(c.fact)} {_OPS[c.op]} {_date(c.day)}"
            case ir.CompareShifted():
                day = (f"_ops.shifted_in({py_str(c.base)}, {py_name(c.base)}, {c.count}, {py_str(c.unit)}, "
                       f"{c.before}, _why)")
                return f"{py_name(c.fact)} {_OPS[c.op]} {day}"
            case ir.CompareShare():
                if c.denominator is None:
                    return f"{py_name(c.numerator)} {_OPS[c.op]} {self.constant(c.value)}"
                part = (f"_ops.share({py_name(c.numerator)}, {py_name(c.denominator)}, {py_str(c.numerator)}, "
                        f"{py_str(c.denominator)})")
                return f"{part} {_OPS[c.op]} {self.constant(c.value)}"
            case ir.IsNone():
                return f"{py_name(c.fact)} is None"
            case ir.IsTrue():
                return py_name(c.fact)
            case ir.IsMember():
                return f"{py_name(c.fact)} == {py_str(c.member)}"
            case ir.IsClass():
                rule = self.law.rule(c.rule)
                args = "".join(f"{py_name(f)}, " for f in rule.facts)
                return (f"_ops.read_class({py_str(c.rule)}, _core_{py_name(c.rule)}({args}[], _day), _why) "
                        f"== {py_str(c.member)}")
            case ir.Not():
                return f"not ({self.cond(c.item)})"
            case ir.All():
                return " and ".join(f"({self.cond(i)})" for i in c.items)
            case ir.Any():
                return " or ".join(f"({self.cond(i)})" for i in c.items)
            case _:
                assert_never(c)

    # ------------------------------------------------------------------ penalties
    def constant(self, value: object) -> str:
        """A module-level constant for a value known at compile time (repr of frozen runtime objects)."""
        text = repr(value)
        if text not in self.objects:
            self.objects[text] = f"_K{len(self.objects)}"
        return self.objects[text]

    @staticmethod
    def _const(e: ir.Expr | None) -> tuple[Decimal, Decimal] | None:
        if isinstance(e, (ir.Const, ir.RatioConst)):
            return (e.low, e.high)
        return None

    def _static_person(self, rule: ir.Penalty, who: str) -> IndividualResult | None:
        """Everything a person faces, when no condition and no fact can change it."""
        mine = [s for s in rule.sanctions if s.addressee == who]
        if any(s.when is not None or s.kind == "confiscate" or (s.amount is not None and self._const(s.amount) is None)
               for s in mine):
            return None
        fines = [f for f in (self._const(s.amount) for s in mine if s.kind == "fine") if f is not None]
        extra = tuple(self._sanction(s) for s in mine if s.kind != "fine")
        fine, modality = ops.settle(fines, [s.modality for s in mine if s.kind == "fine"])
        return IndividualResult(who, fine, modality, extra)

    @staticmethod
    def _sanction(s: ir.Sanction) -> Sanction:
        amount = None
        if isinstance(s.amount, (ir.Const, ir.RatioConst)):
            low, high = s.amount.low, s.amount.high
            if s.amount_unit == "%":
                low, high = low * 100, high * 100
            amount = Range(low, high, s.amount_unit or "")
        return Sanction(s.kind, s.label, s.modality, amount, s.period)

    def penalty(self, rule: ir.Penalty) -> list[str]:
        out = ["_fines: list[tuple[Decimal, Decimal]] = []", "_mods: list[str] = []",
               "_row: str | None = None", "_sanctions: list[Sanction] = []",
               "_people: dict[str, Any] = {}"]
        cite = f"_CITE_{py_name(rule.name)}"
        if rule.when is not None:
            text = f"适用条件：{rule.when_text}"
            out += [f"if not ({self.cond(rule.when)}):",
                    f"    _why.append({py_str(ops.condition(text, False))})",
                    f"    return PenaltyResult({py_str(rule.name)}, False, None, None, (), (), None, {cite}, "
                    "Explanation(_why))",
                    f"_why.append({py_str(ops.condition(text, True))})"]
        if any(_labels(s.amount) for s in rule.sanctions if s.kind == "fine" and s.addressee is None and s.amount):
            out.append("_rows: list[str] = []")
        out.append("try:")
        body: list[str] = []
        who_default = rule.subject or "单位"
        static = {who: self._static_person(rule, who) for who in dict.fromkeys(
            s.addressee for s in rule.sanctions if s.addressee is not None)}
        seen_people: set[str] = set()
        for s in rule.sanctions:
            step: list[str] = []
            person = static.get(s.addressee) if s.addressee is not None else None
            if s.addressee is not None:
                if person is not None:
                    if s.addressee not in seen_people:
                        step.append(f"_people[{py_str(s.addressee)}] = {self.constant(person)}")
                else:
                    step.append(f"_p = _people.setdefault({py_str(s.addressee)}, ([], [], []))")
                seen_people.add(s.addressee)
            if s.kind == "fine":
                assert s.amount is not None
                unit_fine = s.addressee is None
                labelled = unit_fine and bool(_labels(s.amount))
                who = s.addressee or who_default
                constant = self._const(s.amount)
                if labelled:
                    step.append("_rows.clear()")
                if constant is not None:
                    step.append(f"_v = ({self.dec(constant[0])}, {self.dec(constant[1])})")
                    step.append(f"_why.append({py_str(ops.decided(who + '罚款', constant, '元'))})")
                else:
                    pre, code = self.expr(s.amount, labelled)
                    step += pre + [f"_v = {code}"]
                    step.append(f"_why.append((_ops.decided, {py_str(who + '罚款')}, _v, '元'))")
                if labelled:
                    step += ["if _rows:", "    _row = _rows[-1]"]
                if unit_fine:
                    step += ["_fines.append(_v)", f"_mods.append({py_str(s.modality)})"]
                elif person is None:
                    step += ["_p[0].append(_v)", f"_p[2].append({py_str(s.modality)})"]
            elif person is None:
                target = "_p[1]" if s.addressee is not None else "_sanctions"
                if s.kind != "confiscate" and (s.amount is None or self._const(s.amount) is not None):
                    step.append(f"{target}.append({self.constant(self._sanction(s))})")
                else:
                    assert s.amount is not None
                    pre, code = self.expr(s.amount, False)
                    step += pre + [f"_a = {code}"]
                    if s.amount_unit == "%":
                        amount = "Range(_a[0] * 100, _a[1] * 100, '%')"
                    else:
                        amount = f"Range(_a[0], _a[1], {py_str(s.amount_unit or '')})"
                    step.append(f"{target}.append(Sanction({py_str(s.kind)}, {py_str(s.label)}, "
                                f"{py_str(s.modality)}, {amount}, {py_str(s.period) if s.period else 'None'}))")
            if s.when is not None:
                if s.announce:
                    holds = py_str(ops.governs(s.when_text or "", True, s.announce))
                    fails = py_str(ops.governs(s.when_text or "", False, s.announce))
                    body += [f"if {self.cond(s.when)}:", f"    _why.append({holds})",
                             *_indent(step or ["pass"]), "else:", f"    _why.append({fails})"]
                elif step:
                    body += [f"if {self.cond(s.when)}:", *_indent(step)]
            else:
                body += step
        out += _indent(body or ["pass"])
        out += ["except _ops.NotApplicable:",
                f"    return PenaltyResult({py_str(rule.name)}, False, None, None, (), (), None, {cite}, "
                "Explanation(_why))"]
        if static and all(p is not None for p in static.values()):
            out.append("_individuals = tuple(_people.values())")
        elif static:
            out += ["_individuals = tuple(_ops.individual(_name, _data) for _name, _data in _people.items())"]
        else:
            out.append("_individuals = ()")
        out += ["_fine, _modality = _ops.settle(_fines, _mods)",
                f"return PenaltyResult({py_str(rule.name)}, True, _fine, _modality,",
                f"                     tuple(_sanctions), _individuals, {'_row' if 'rows' in str(out) else 'None'}, "
                f"{cite}, Explanation(_why))"]
        return out

    def amount(self, rule: ir.Amount) -> list[str]:
        cite = f"_CITE_{py_name(rule.name)}"
        refuse = f"return AmountResult({py_str(rule.name)}, False, None, {cite}, Explanation(_why))"
        out: list[str] = []
        if rule.when is not None:
            text = f"适用条件：{rule.when_text}"
            out += [f"if not ({self.cond(rule.when)}):",
                    f"    _why.append({py_str(ops.condition(text, False))})", f"    {refuse}",
                    f"_why.append({py_str(ops.condition(text, True))})"]
        pre, code = self.expr(rule.value, False)
        out += ["try:", *_indent(pre or ["pass"]), f"    _v = {code}", "except _ops.NotApplicable:", f"    {refuse}",
                f"_why.append((_ops.decided, {py_str(rule.name)}, _v, {py_str(rule.unit)}))",
                f"return AmountResult({py_str(rule.name)}, True, _ops.settle_amount(_v, {py_str(rule.unit)}), "
                f"{cite}, Explanation(_why))"]
        return out

    def classification(self, rule: ir.Classification) -> list[str]:
        out = ["_hits: list[tuple[str | None, str, str]] = []"]
        for row in rule.rows:
            hit = f"_hits.append({self.constant((row.label, row.text, row.member))})"
            out += [hit] if row.cond is None else [f"if {self.cond(row.cond)}:", f"    {hit}"]
        out += [f"_member, _label = _ops.classified({py_str(rule.name)}, {self.constant(rule.members)}, _hits, "
                f"{py_str(rule.mode)}, _why)",
                f"return ClassificationResult({py_str(rule.name)}, _member is not None, _member, _label, "
                f"_CITE_{py_name(rule.name)}, Explanation(_why))"]
        return out

    def deadline(self, rule: ir.Deadline) -> list[str]:
        cite = f"_CITE_{py_name(rule.name)}"
        pre, code = self.expr(rule.period, False)
        event = py_str(rule.event)
        if isinstance(rule.period, ir.FactRef):
            count = f"_count = _ops.period_of({py_str(rule.period.name)}, {code}[0], {py_str(rule.unit)})"
        else:
            count = f"_count = int({code}[0])"
        out = [*pre, count, f"_start = {py_name(rule.event)}"]
        if rule.when is not None:
            # The condition decides first: the period is counted only for a deadline that applies.
            out = [f"_start = {py_name(rule.event)}"]
            facts = [self.law.fact(n) for n in ir.cond_facts(rule.when) if n != rule.event]
            text = f"适用条件：{rule.when_text}"
            out += [f"_why.extend(({', '.join(_given(f) for f in facts)}{',' if len(facts) == 1 else ''}))"
                    if facts else "",
                    f"if not ({self.cond(rule.when)}):",
                    f"    _why.append({py_str(ops.condition(text, False))})",
                    f"    return DeadlineResult({py_str(rule.name)}, _start, None, {py_str(rule.period_text)}, {cite}, "
                    f"Explanation([{_given(self.law.fact(rule.event))}, *_why]), applicable=False)",
                    f"_why.append({py_str(ops.condition(text, True))})"]
            out = [line for line in out if line] + [*pre, count]
        out.append(f"_period = _ops.period_words(_count, {py_str(rule.unit)})")
        if rule.before:
            return out + [f"_latest = _ops.latest_day({event}, _start, _count, {py_str(rule.unit)})",
                          f"_lines = [*_ops.latest_why({event}, _start, _period, _latest), *_why]",
                          f"return DeadlineResult({py_str(rule.name)}, _start, _latest, _period, {cite}, "
                          "Explanation(_lines), None, True)"]
        paused = "0"
        if rule.excluding is not None:
            out.append(f"_paused = _ops.tolled({py_str(rule.excluding)}, {py_name(rule.excluding)}, "
                       f"{py_str(rule.unit)})")
            paused = "_paused"
        out += [f"_due = _ops.due_date({event}, _start, _count + {paused}, {py_str(rule.unit)}, {rule.reached})",
                f"_lines = [*_ops.deadline_why({event}, _start, _period, _due, {rule.reached}, "
                f"{py_str(rule.day_note) if rule.day_note else 'None'}), *_why]"]
        if rule.excluding is not None:
            out.append(f"_lines.append(_ops.tolled_why({py_str(rule.excluding)}, _paused, {py_str(rule.unit)}))")
        extended = "None"
        steps = "()"
        if rule.extension is not None:
            n, unit = rule.extension
            out += [f"_extended = _ops.due_date({event}, _due, {n}, {py_str(unit)})",
                    f"_lines.append(_ops.extended_why({py_str(ops.period_words(n, unit))}, _due, _extended))",
                    "_steps = [_extended]"]
            extended = "_extended"
            steps = "tuple(_steps)"
            for step, unit in rule.further:
                if isinstance(step, str):
                    out.append(f"_more = _ops.tolled({py_str(step)}, {py_name(step)}, {py_str(unit)})")
                    words = f"_ops.period_words(_more, {py_str(unit)})"
                else:
                    out.append(f"_more = {step}")
                    words = py_str(ops.period_words(step, unit))
                out += ["_previous = _extended",
                        f"_extended = _ops.due_date({event}, _extended, _more, {py_str(unit)})",
                        f"_lines.append(_ops.further_why({words}, _previous, _extended))",
                        "_steps.append(_extended)"]
        tail = f", False, {steps}" if rule.extension is not None else ""
        first = "_steps[0]" if rule.extension is not None else extended
        out += [f"return DeadlineResult({py_str(rule.name)}, _start, _due, _period, {cite}, "
                f"Explanation(_lines), {first}{tail})"]
        return out


def validity_words(v: ir.Validity) -> str:
    """施行 2024-05-01 起 / 2023-05-01 至 2024-12-31: for docstrings, docs and `describe`."""
    if v.start and v.end:
        return f"{v.start.isoformat()} 至 {v.end.isoformat()}"
    if v.start:
        return f"自 {v.start.isoformat()} 起"
    if v.end:
        return f"至 {v.end.isoformat()}"
    return ""


def _const_interval(e: ir.Expr) -> tuple[Decimal, Decimal]:
    """A version's value: the checker admits only constants there."""
    assert isinstance(e, (ir.Const, ir.RatioConst)), e
    return (e.low, e.high)


def _date(d: object) -> str:
    import datetime

    assert isinstance(d, datetime.date)
    return f"datetime.date({d.year}, {d.month}, {d.day})"


def _in_force(rule: ir.Rule) -> str:
    v = rule.validity
    anchor = py_name(v.anchor) if v.anchor else "None"
    return (f"_day, _line = _ops.in_force({py_str(rule.name)}, as_of, {py_str(v.anchor) if v.anchor else 'None'}, "
            f"{anchor}, {_date(v.start) if v.start else 'None'}, {_date(v.end) if v.end else 'None'}, "
            f"{v.needs_date}, {py_str(v.source)})")


def _labels(e: ir.Expr | None) -> list[str]:
    """Row labels inside an expression: only then does a result need to say which row applied."""
    return [r.label for n in ir.walk(e) if isinstance(n, ir.Table) for r in n.rows if r.label]


def _given(f: ir.Fact) -> str:
    if f.optional:
        return f"(_ops.given_optional, {py_str(f.name)}, {py_name(f.name)})"
    unit = py_str(f.unit) if f.unit else "None"
    if f.external:
        return f"(_ops.given_external, {py_str(f.name)}, {py_name(f.name)}, {unit}, {py_str(f.external)})"
    return f"(_ops.given, {py_str(f.name)}, {py_name(f.name)}, {unit})"


def _indent(lines: list[str], levels: int = 1) -> list[str]:
    return [("    " * levels + line) if line else line for line in lines]


def _validation(fact: ir.Fact) -> str:
    name = py_name(fact.name)
    match fact.kind:
        case "money" | "quantity" if fact.fallback is None:
            # Fast path for the common case (a finite, non-negative Decimal); anything else goes
            # through the runtime, which converts ints and names the fact in its error.
            return (f"if type({name}) is not Decimal or not {name}.is_finite() or {name} < 0:\n"
                    f"    {name} = _ops.amount({py_str(fact.name)}, {name}, {py_str(fact.unit or '')})")
        case "bool":
            return f"if type({name}) is not bool:\n    {name} = _ops.flag({py_str(fact.name)}, {name})"
        case "count":
            return f"{name} = _ops.count({py_str(fact.name)}, {name}, {py_str(fact.unit or '')})"
        case "money" | "quantity":
            fn = "optional_amount" if fact.fallback is not None else "amount"
            return f"{name} = _ops.{fn}({py_str(fact.name)}, {name}, {py_str(fact.unit or '')})"
        case "ratio":
            return f"{name} = _ops.amount({py_str(fact.name)}, {name}, '比例')"
        case "bool":
            return f"{name} = _ops.flag({py_str(fact.name)}, {name})"
        case "date" if fact.optional:
            return f"{name} = _ops.optional_date({py_str(fact.name)}, {name})"
        case "date":
            return f"{name} = _ops.date({py_str(fact.name)}, {name})"
        case "datetime":
            return f"{name} = _ops.moment({py_str(fact.name)}, {name})"
        case "enum":
            return f"{name} = _ops.member({py_str(fact.name)}, {name}, {py_str(fact.members)})"
    raise AssertionError(fact.kind)


def _annotation(fact: ir.Fact) -> str:
    match fact.kind:
        case "count":
            return "int | Decimal"
        case "money" | "quantity" | "ratio":
            return "Decimal | int | None" if fact.fallback is not None else "Decimal | int"
        case "bool":
            return "bool"
        case "date":
            return "datetime.date | None" if fact.optional else "datetime.date"
        case "datetime":
            return "datetime.datetime"
        case "enum":
            return "Literal[" + ", ".join(py_str(m) for m in fact.members) + "]"
    raise AssertionError(fact.kind)


def fact_doc(fact: ir.Fact) -> str:
    kind = {"money": "金额", "count": "人数或件数（整数）", "quantity": "数量", "bool": "是/否", "date": "日期", "datetime": "时刻（日期和时间）", "enum": "枚举",
            "ratio": "比例（小数，0.5 即 50%）"}[fact.kind]
    parts = [kind]
    if fact.unit:
        parts.append(fact.unit)
    if fact.members:
        parts.append("、".join(fact.members))
    if fact.fallback is not None:
        parts.append(f"不明时按{expr_text(fact.fallback)}计（传 None）")
    if fact.optional:
        parts.append("没有该日期时传 None")
    if fact.external:
        parts.append(f"外部输入：{fact.external}")
    return "，".join(parts)


def emit_python(law: ir.Law) -> str:
    consts: dict[Decimal, str] = {}
    objects: dict[str, str] = {}
    body = _Body(law, consts, objects)
    rules = []
    for rule in law.rules:
        facts = [law.fact(n) for n in rule.facts]
        entry = {
            "rule": rule,
            "kind": type(rule).__name__,
            "name": rule.name,
            "params": [(f.name, _annotation(f)) for f in facts],
            "validations": [_validation(f) for f in facts],
            "givens": [_given(f) for f in facts],
            "facts_doc": [(f.name, fact_doc(f)) for f in facts],
            "citations": rule.citations,
            "location": f"{law.spec_path}:{rule.span.line}",
            "readings": rule.readings,
        }
        entry["in_force"] = _in_force(rule)
        entry["validity"] = validity_words(rule.validity)
        entry["as_of_doc"] = (f"the date the case is judged at; default: the fact {rule.validity.anchor}"
                              if rule.validity.anchor else
                              "the date the case is judged at (required)" if rule.validity.needs_date else
                              "the date the case is judged at; default: the law as it stands")
        if isinstance(rule, ir.Penalty):
            entry["body"] = body.penalty(rule)
        elif isinstance(rule, ir.Requirement):
            entry["cond"] = body.cond(rule.cond)
            entry["text"] = rule.text
        elif isinstance(rule, ir.Amount):
            entry["body"] = body.amount(rule)
        elif isinstance(rule, ir.Classification):
            entry["body"] = body.classification(rule)
        else:
            entry["body"] = body.deadline(rule)
        rules.append(entry)
    constants = sorted(((name, str(value)) for value, name in consts.items()), key=lambda x: int(x[0][2:]))
    text = _env().get_template("module.py.jinja").render(law=law, rules=rules, constants=constants,
                                                         objects=[(n, t) for t, n in objects.items()],
                                                         imports="@@IMPORTS@@")
    return text.replace("@@IMPORTS@@", _imports(text.split("@@IMPORTS@@", 1)[1]))


_IMPORTABLE = {
    "Callable": "from collections.abc import Callable",
    "datetime": "import datetime",
    "Decimal": "from decimal import Decimal",
    "Fraction": "from fractions import Fraction",
}
_TYPING = ("Any", "Literal")
_RESULTS = ("AmountResult", "Citation", "ClassificationResult", "DeadlineResult", "Explanation", "IndividualResult", "PenaltyResult", "Range",
            "RequirementResult", "Sanction")


def _imports(text: str) -> str:
    """Import exactly what the module uses, so a linter finds nothing to say about it."""
    def used(name: str) -> bool:
        return re.search(rf"(?<![\w.]){name}\b", text) is not None

    # isort's order: plain imports first, then from-imports, each by module.
    lines = sorted((line for name, line in _IMPORTABLE.items() if used(name)),
                   key=lambda line: (line.startswith("from"), line.split()[1]))
    typing_names = [n for n in _TYPING if used(n)]
    if typing_names:
        lines.append(f"from typing import {', '.join(typing_names)}")
    lines += ["", "from fatiao_runtime import ops as _ops"]
    result_names = [n for n in _RESULTS if used(n)]
    if result_names:
        lines.append("from fatiao_runtime.results import (")
        lines += [f"    {n}," for n in result_names]
        lines.append(")")
    return "\n".join(lines)
