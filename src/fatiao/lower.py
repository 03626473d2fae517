"""Stage 4: CheckedSpec → IR. Units normalised to base units, bounds made exact, ifs flattened."""

from __future__ import annotations

import functools
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import assert_never

import attrs

from fatiao import ast, ir
from fatiao.check import CheckedSpec, facts_of, names_in
from fatiao.keywords import CONVENTION_WORDS, FIXED_WORDS
from fatiao.units import PERCENT, UNITS, Dim
from fatiao.words import expr_text


def lower(checked: CheckedSpec) -> ir.Law:
    return _Lowerer(checked).law()


def _sanction_name(s: ir.Sanction, subject: ast.Name | None) -> str:
    if s.kind == "fine":
        return f"{s.addressee or (subject.text if subject else '单位')}罚款"
    return f"{s.addressee}{s.label}" if s.addressee else s.label


def _base(q: ast.QuantityLit | ast.FactorLit) -> Decimal:
    if isinstance(q, ast.FactorLit):
        return q.value
    if q.unit == PERCENT:
        return q.value / 100
    value = q.value * UNITS[q.unit][1]
    return value / UNITS[q.per][1] if q.per else value


def _exact(v: ast.QuantityLit | ast.FractionLit) -> Fraction:
    """A threshold as an exact rational number: 2/3 stays 2/3, 60% is 3/5."""
    if isinstance(v, ast.FractionLit):
        return Fraction(v.numerator, v.denominator)
    return Fraction(_base(v))


_DATE_WORDS = {"<": "早于", "<=": "不晚于", ">": "晚于", ">=": "不早于", "==": "为", "!=": "不为"}


def _acks(d: ast.Decl) -> tuple[tuple[str, str], ...]:
    return tuple((a.code, a.reason) for a in d.annotations if isinstance(a, ast.Acknowledge))


class _Lowerer:
    def __init__(self, checked: CheckedSpec):
        self.c = checked
        self.title = checked.spec.meta.title
        self.article: str | None = None  # the article a declaration cites, for scoped conventions

    def law(self) -> ir.Law:
        spec = self.c.spec
        m = spec.meta
        facts, lets, rules, defs, convs, examples = [], [], [], [], [], []
        versions, unencoded = [], []
        for d in spec.decls:
            cites = self.citations(d.annotations)
            readings = tuple(a.text for a in d.annotations if isinstance(a, ast.Reading))
            self.article = cites[0].article if cites else None
            match d:
                case ast.FactDecl():
                    t = self.c.fact_types[d.name.text]
                    unit = t.dim.symbol() if t.dim is not None and t.kind == "quantity" else None
                    members = self.c.enums.get(t.enum or "", ())
                    kind = "money" if t.dim == Dim.of("元") else "count" if isinstance(d.type, ast.CountType) else t.kind
                    facts.append(ir.Fact(d.name.text, kind, unit, members,
                                         d.external, self.expr(d.fallback) if d.fallback else None, cites,
                                         readings, d.span, d.optional))
                case ast.EnumDecl():
                    pass
                case ast.LetDecl():
                    lets.append(ir.Let(d.name.text, self.expr(d.value), self.c.let_dims[d.name.text].symbol(),
                                       cites, readings))
                case ast.Definition():
                    defs.append(ir.Definition(d.name.text, d.text, cites, readings))
                case ast.Convention():
                    convs.append(ir.Convention(d.word, d.includes, d.article, cites))
                case ast.DayConvention():
                    pass  # collected once, in day_conventions: deadlines anywhere in the spec read them
                case ast.Penalty():
                    rules.append(self.penalty(d, cites, readings))
                case ast.Deadline():
                    rules.append(self.deadline(d, cites, readings))
                case ast.Requirement():
                    rules.append(ir.Requirement(d.name.text, self.cond(d.cond), self.cond_text(d.cond),
                                                self.facts(d), cites, readings, _acks(d), self.validity(d), d.span))
                case ast.Amount():
                    value = self.expr(d.value)
                    rules.append(ir.Amount(d.name.text, self.cond(d.when) if d.when else None,
                                           self.cond_text(d.when) if d.when else None, value,
                                           self.dim(d.value).symbol(), expr_text(value), self.facts(d), cites,
                                           readings, _acks(d), self.validity(d), d.span))
                case ast.Classify():
                    crows = tuple(ir.ClassRow(r.label, self.cond(r.cond) if r.cond else None,
                                              r.value.name.text if isinstance(r.value, ast.Ref) else "",
                                              self.cond_text(r.cond) if r.cond else "其他情形")
                                  for r in d.table.rows)
                    rules.append(ir.Classification(d.name.text, d.enum.text, self.c.enums.get(d.enum.text, ()),
                                                   d.table.mode, crows, self.facts(d), cites, readings, _acks(d),
                                                   self.validity(d), d.span))
                case ast.Versions():
                    rows = []
                    for v in d.rows:
                        value = self.expr(v.value)
                        rows.append(ir.VersionRow(v.start, v.end, value, expr_text(value),
                                                  self.citations(v.annotations) or cites))
                    dim = self.c.versions_dims.get(d.name.text)
                    versions.append(ir.Versions(d.name.text, dim.symbol() if dim else "", tuple(rows), readings))
                case ast.Unencoded():
                    unencoded.append(ir.Unencoded(d.reason, cites, d.span))
                case ast.Example():
                    examples.append(self.example(d))
                case _:
                    assert_never(d)
        return ir.Law(self.c.stem, m.span.source.path, m.title, m.issuer, m.issued, m.published, m.effective,
                      m.level, m.number, tuple(facts), tuple(lets), tuple(rules), tuple(defs), tuple(convs),
                      tuple(examples), self.c.law.path, m.until, m.replaces, tuple(versions), tuple(unencoded),
                      self.day_conventions, self.citations(m.annotations))

    def validity(self, d: ast.Decl) -> ir.Validity:
        """The rule's period in force: the document's, narrowed by its own `valid` annotation."""
        m = self.c.spec.meta
        start, end = m.effective, m.until
        source = f"《{m.title}》"
        for a in d.annotations:
            if isinstance(a, ast.Validity):
                if a.start is not None:
                    start = max(a.start, start) if start else a.start
                if a.end is not None:
                    end = min(a.end, end) if end else a.end
                source = "本条"
        anchor = next((a.fact.text for a in d.annotations if isinstance(a, ast.AsOf)), None)
        return ir.Validity(start, end, anchor, end is not None or bool(self.versions_read(d, set())), source)

    def versions_read(self, node: object, seen: set[str]) -> set[str]:
        """The versioned values a declaration reads, through values and other rules' fines."""
        out: set[str] = set()
        for name in names_in(node):
            if name in seen:
                continue
            seen.add(name)
            target = self.c.symbols.get(name)
            if isinstance(target, ast.Versions):
                out.add(name)
            elif isinstance(target, (ast.LetDecl, ast.Penalty, ast.FactDecl)):
                out |= self.versions_read(target, seen)
        return out

    def deadline(self, d: ast.Deadline, cites: tuple[ir.Citation, ...], readings: tuple[str, ...]) -> ir.Deadline:
        period = self.expr(d.period)
        unit = self.dim(d.period).symbol()
        note = None
        if isinstance(d.period, ast.Quantity):
            text = d.period.lit.text
            counted = self.c.day_units.get(d.period.lit.value) if unit == "日" else None
            if counted is not None:
                where = next((c.citations[0].article for c in self.day_conventions if c.citations), "")
                note = f"{text}指{counted}（{where}）" if where else f"{text}指{counted}"
                unit = counted
        else:
            text = expr_text(period)
        ext = (int(d.extension.value), d.extension.unit) if d.extension is not None else None
        return ir.Deadline(d.name.text, period, unit, text, note, d.reached, ext, d.before,
                           d.excluding.text if d.excluding else None, self.further(d), d.event.text, self.facts(d),
                           cites, readings, _acks(d), self.validity(d), d.span,
                           self.cond(d.when) if d.when else None, self.cond_text(d.when) if d.when else None)

    def further(self, d: ast.Deadline) -> tuple[tuple[int | str, str], ...]:
        out: list[tuple[int | str, str]] = []
        for step in d.further:
            if isinstance(step, ast.QuantityLit):
                out.append((int(step.value), step.unit))
            else:
                dim = self.c.fact_types[step.text].dim
                out.append((step.text, dim.symbol() if dim else "日"))
        return tuple(out)

    @functools.cached_property
    def day_conventions(self) -> tuple[ir.DayConvention, ...]:
        return tuple(ir.DayConvention(tuple(p.text for p in d.periods), d.unit, self.citations(d.annotations))
                     for d in self.c.spec.decls if isinstance(d, ast.DayConvention))

    def facts(self, decl: ast.Decl) -> tuple[str, ...]:
        used = set(facts_of(decl, self.c.symbols))
        return tuple(n for n in self.c.fact_types if n in used)

    def citations(self, notes: tuple[ast.Annotation, ...]) -> tuple[ir.Citation, ...]:
        out = []
        for a in notes:
            if isinstance(a, ast.Citation):
                sentence = " … ".join(q.text for q in a.quotes)
                out.append(ir.Citation(self.title, a.article, a.clause, a.item, sentence))
        return tuple(out)

    # ------------------------------------------------------------------ penalties
    def penalty(self, d: ast.Penalty, cites: tuple[ir.Citation, ...], readings: tuple[str, ...]) -> ir.Penalty:
        sanctions: list[ir.Sanction] = []
        self.flatten(d.body, None, None, [], sanctions)
        # A condition is explained once for the run of sanctions it governs, naming them.
        announced: list[ir.Sanction] = []
        i = 0
        while i < len(sanctions):
            j = i
            while j < len(sanctions) and sanctions[j].when_text == sanctions[i].when_text:
                j += 1
            names = "、".join(dict.fromkeys(_sanction_name(s, d.subject) for s in sanctions[i:j]))
            for k in range(i, j):
                first = k == i and sanctions[i].when_text is not None
                announced.append(attrs.evolve(sanctions[k], announce=names if first else None))
            i = j
        return ir.Penalty(d.name.text, d.subject.text if d.subject else None,
                          self.cond(d.when) if d.when else None, self.cond_text(d.when) if d.when else None,
                          tuple(announced),
                          tuple((a.code, a.reason) for a in d.annotations if isinstance(a, ast.Acknowledge)),
                          tuple((a.source, _base(a.low), _base(a.high)) for a in d.annotations
                                if isinstance(a, ast.Implements)),
                          self.facts(d), cites, readings, self.validity(d), d.span)

    def flatten(self, body: tuple[ast.Stmt, ...], addressee: str | None, when: ir.Cond | None,
                when_text: list[str], out: list[ir.Sanction]) -> None:
        text = " 且 ".join(when_text) if when_text else None
        for s in body:
            match s:
                case ast.Fine():
                    out.append(ir.Sanction("fine", "罚款", s.modality, self.expr(s.value), "元", None, addressee,
                                           when, text, None, s.span))
                case ast.Confiscate():
                    unit = (self.c.fact_types[s.fact.text].dim or Dim()).symbol()
                    out.append(ir.Sanction("confiscate", f"没收{s.fact.text}", s.modality, ir.FactRef(s.fact.text, unit),
                                           unit, None, addressee, when, text, None, s.span))
                case ast.Measure():
                    unit = None
                    if s.by is not None:
                        unit = self.dim(s.by).symbol() or "%"  # a bare ratio is shown in percent
                    period = "终身" if s.for_life else (s.period.text if s.period else None)
                    out.append(ir.Sanction("measure", s.label.text, s.modality,
                                           self.expr(s.by) if s.by is not None else None, unit, period, addressee,
                                           when, text, None, s.span))
                case ast.Individual():
                    self.flatten(s.body, s.addressee.text, when, when_text, out)
                case ast.IfBlock():
                    cond = self.cond(s.cond)
                    both = cond if when is None else ir.All((when, cond))
                    self.flatten(s.body, addressee, both, [*when_text, self.cond_text(s.cond)], out)
                case _:
                    assert_never(s)

    def dim(self, e: ast.Expr) -> Dim:
        match e:
            case ast.Ratio():
                return Dim()
            case ast.Quantity():
                return Dim.of(e.lit.unit)
            case ast.RangeLit():
                return Dim.of(e.high.unit)
            case ast.Ref():
                if e.name.text in self.c.let_dims:
                    return self.c.let_dims[e.name.text]
                if e.name.text in self.c.versions_dims:
                    return self.c.versions_dims[e.name.text] or Dim()
                return self.c.fact_types[e.name.text].dim or Dim()
            case ast.Scaled():
                return self.dim(e.base)
            case ast.Mul():
                total = Dim()
                for f in e.factors:
                    total = total * self.dim(f)
                return total
            case ast.Sub():
                return self.dim(e.left)
            case ast.Div():
                return self.dim(e.left) * self.dim(e.right).inverse()
            case ast.Extreme():
                return self.dim(e.items[0])
            case ast.Add():
                return self.dim(e.terms[0])
            case ast.Cases():
                return self.dim(e.rows[0].value)
            case ast.ByEnum():
                return self.dim(e.rows[0].value)
            case ast.FineOf():
                return Dim.of("元")
            case _:
                assert_never(e)

    # ------------------------------------------------------------------ expressions
    def expr(self, e: ast.Expr) -> ir.Expr:
        match e:
            case ast.Quantity():
                v = _base(e.lit)
                return ir.Const(v, v, UNITS[e.lit.unit][0], e.lit.text)
            case ast.RangeLit():
                low = _base(e.low) if e.low else Decimal(0)
                text = f"{e.low.text if e.low else ''}..{e.high.text}"
                return ir.Const(low, _base(e.high), UNITS[e.high.unit][0], text)
            case ast.Ref():
                unit = self.dim(e).symbol()
                if e.name.text in self.c.let_dims:
                    return ir.LetRef(e.name.text, unit)
                if e.name.text in self.c.versions_dims:
                    return ir.VersionRef(e.name.text, unit)
                return ir.FactRef(e.name.text, unit)
            case ast.FineOf():
                return ir.FineOf(e.rule.text)
            case ast.Scaled():
                low, high, text = self.factor(e.factor)
                return ir.Scale(low, high, self.expr(e.base), text)
            case ast.Ratio():
                low, high, text = self.factor(e.factor)
                return ir.RatioConst(low, high, text)
            case ast.Add():
                return ir.Add(tuple(self.expr(t) for t in e.terms))
            case ast.Mul():
                return ir.Mul(tuple(self.expr(f) for f in e.factors))
            case ast.Sub():
                return ir.Sub(self.expr(e.left), self.expr(e.right))
            case ast.Div():
                right = self.expr(e.right)
                return ir.Div(self.expr(e.left), right, expr_text(right))
            case ast.Extreme():
                return ir.Extreme(e.kind, tuple(self.expr(i) for i in e.items))
            case ast.Cases():
                rows = tuple(self.row(r.label, self.cond(r.cond) if r.cond else None, r.value,
                                      self.cond_text(r.cond) if r.cond else "其他情形") for r in e.rows)
                return ir.Table(e.mode, rows, e.span)
            case ast.ByEnum():
                keyed: Callable[[str, str], ir.Cond] = (
                    ir.IsClass if isinstance(self.c.symbols.get(e.fact.text), ast.Classify) else ir.IsMember)
                rows = tuple(self.row(r.label, keyed(e.fact.text, r.member.text), r.value,
                                      f"{e.fact.text}为{r.member.text}") for r in e.rows)
                return ir.Table("first", rows, e.span)
            case _:
                assert_never(e)

    def row(self, label: str | None, cond: ir.Cond | None, value: ast.Expr, text: str) -> ir.Row:
        lowered = self.expr(value)
        return ir.Row(label, cond, lowered, text, expr_text(lowered))

    @staticmethod
    def factor(f: ast.FactorRange) -> tuple[Decimal, Decimal, str]:
        low = f.low.value if f.low else Decimal(0)
        text = f.high.text if f.low is f.high or (f.low and f.low.text == f.high.text) else \
            f"{f.low.text if f.low else ''}..{f.high.text}"
        return low, f.high.value, text

    # ------------------------------------------------------------------ conditions
    def op_for(self, word: str) -> str:
        """以上/以下/以内 follow the document's convention (article-scoped first); others are fixed."""
        if word in CONVENTION_WORDS:
            includes = self.c.conventions.get((word, self.article),
                                              self.c.conventions.get((word, None), True))
            op = CONVENTION_WORDS[word]
            return op if includes else op[0]
        if word in FIXED_WORDS:
            return FIXED_WORDS[word]
        return {"=": "==", ">=": ">=", "<=": "<=", ">": ">", "<": "<", "!=": "!="}[word]

    def cond(self, c: ast.Cond) -> ir.Cond:
        match c:
            case ast.Flag():
                return ir.IsTrue(c.name.text)
            case ast.EnumIs():
                if isinstance(self.c.symbols.get(c.fact.text), ast.Classify):
                    return ir.IsClass(c.fact.text, c.member.text)
                return ir.IsMember(c.fact.text, c.member.text)
            case ast.Banded():
                cmps: tuple[ir.Cond, ...]
                if c.per is not None or any(isinstance(b.value, ast.FractionLit) for b in c.bounds):
                    subject = f"{c.fact.text} ÷ {c.per.text}" if c.per is not None else c.fact.text
                    cmps = tuple(ir.CompareShare(c.fact.text, c.per.text if c.per else None, self.op_for(b.word),
                                                 _exact(b.value), self.bound_text(subject, b)) for b in c.bounds)
                else:
                    unit = self.c.fact_types[c.fact.text].dim
                    assert unit is not None
                    cmps = tuple(ir.Compare(c.fact.text, self.op_for(b.word), _base(b.value), unit.symbol(),
                                            self.bound_text(c.fact.text, b))
                                 for b in c.bounds if isinstance(b.value, ast.QuantityLit))
                return cmps[0] if len(cmps) == 1 else ir.All(cmps)
            case ast.ShiftedCompare():
                lit = c.day.period
                unit = self.shift_unit(lit)
                return ir.CompareShifted(c.fact.text, self.op_for(c.op), c.day.base.text, int(lit.value), unit,
                                         c.day.before, self.cond_text(c))
            case ast.IsNone():
                return ir.IsNone(c.fact.text)
            case ast.Relate():
                op = self.op_for(c.word)
                return ir.CompareFacts(c.left.text, op, c.right.text, self.cond_text(c))
            case ast.DateCompare():
                return ir.CompareDate(c.fact.text, self.op_for(c.op), c.day, self.cond_text(c))
            case ast.Not():
                return ir.Not(self.cond(c.item))
            case ast.AllOf():
                return ir.All(tuple(self.cond(i) for i in c.items))
            case ast.AnyOf():
                return ir.Any(tuple(self.cond(i) for i in c.items))
            case _:
                assert_never(c)

    def shift_unit(self, lit: ast.QuantityLit) -> str:
        """The unit a day is counted in: 五日 is 五个工作日 where the document says so (convention … mean)."""
        if lit.unit == "日":
            return self.c.day_units.get(lit.value, "日")
        return lit.unit

    def bound_text(self, fact: str, b: ast.Bound) -> str:
        op = self.op_for(b.word)
        sym = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}[op]
        if b.word in CONVENTION_WORDS:
            return f"{fact} {b.value.text}{b.word}（{sym}，{'含' if '=' in op else '不含'}本数）"
        if b.word in FIXED_WORDS:
            return f"{fact} {b.word}{b.value.text}（{sym}）"
        return f"{fact} {sym} {b.value.text}"

    def cond_text(self, c: ast.Cond) -> str:
        match c:
            case ast.Flag():
                return c.name.text
            case ast.EnumIs():
                return f"{c.fact.text}为{c.member.text}"
            case ast.Banded():
                subject = f"{c.fact.text} ÷ {c.per.text}" if c.per is not None else c.fact.text
                if len(c.bounds) == 2:
                    low, high = c.bounds
                    ops = [self.op_for(b.word) for b in c.bounds]
                    sym = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
                    return (f"{subject} {low.value.text}{low.word}{high.value.text}{high.word}"
                            f"（{sym[ops[0]]}{low.value.text}且{sym[ops[1]]}{high.value.text}）")
                return self.bound_text(subject, c.bounds[0])
            case ast.DateCompare():
                return f"{c.fact.text}{_DATE_WORDS[self.op_for(c.op)]}{c.day.isoformat()}"
            case ast.ShiftedCompare():
                lit = c.day.period
                unit = self.shift_unit(lit)
                note = f"（{lit.text}指{unit}）" if unit != lit.unit else ""
                return (f"{c.fact.text}{_DATE_WORDS[self.op_for(c.op)]}{c.day.base.text}"
                        f"{'前' if c.day.before else '后'}{lit.text}之日{note}")
            case ast.IsNone():
                return f"没有{c.fact.text}"
            case ast.Relate():
                sym = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}[self.op_for(c.word)]
                word = f"{c.word}（{sym}）" if c.word in FIXED_WORDS else sym
                return f"{c.left.text} {word} {c.right.text}"
            case ast.Not():
                return f"非（{self.cond_text(c.item)}）"
            case ast.AllOf():
                return "，且".join(self.cond_text(i) for i in c.items)
            case ast.AnyOf():
                return "，或者".join(self.cond_text(i) for i in c.items)
            case _:
                assert_never(c)

    # ------------------------------------------------------------------ examples
    def example(self, ex: ast.Example) -> ir.Example:
        givens: list[tuple[str, object]] = []
        for g in ex.givens:
            v = g.value
            value: object
            match v:
                case ast.QuantityLit():
                    value = _base(v)
                case ast.DateLit() | ast.DateTimeLit():
                    value = v.value
                case ast.BoolLit():
                    value = v.value
                case ast.FactorLit():
                    value = v.value
                case ast.Unknown() | ast.NoneLit():
                    value = None
                case ast.Name():
                    value = v.text
                case _:
                    assert_never(v)
            givens.append((g.name.text, value))
        expects = tuple(ir.Expect(e.kind, e.subject.text if e.subject else None,
                                  _base(e.low) if e.low else None, _base(e.high) if e.high else None,
                                  e.label, e.modality, e.date,
                                  "终身" if e.for_life else (e.period.text if e.period else None),
                                  e.by, e.span.text, e.span) for e in ex.expects)
        return ir.Example(ex.title, ex.rule.text, tuple(givens), expects, ex.as_of, ex.span)
