"""Stage 2: Lark parse tree → surface AST with spans. The parse tree never leaves this module."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import lark
from lark import Token, Transformer, v_args

from fatiao import ast
from fatiao.diagnostics import Code, Reporter
from fatiao.literals import read_date, read_factor, read_quantity, read_string
from fatiao.source import SourceFile, Span
from fatiao.units import UNITS


class _Builder(Transformer):
    """One method per grammar rule; spans are attached from Lark's meta in `_span`."""

    def __init__(self, source: SourceFile, reporter: Reporter):
        super().__init__()
        self.source = source
        self.reporter = reporter

    # -- helpers
    def _span(self, meta: Any, children: list[Any]) -> Span:
        if not getattr(meta, "empty", True):
            return Span(self.source, meta.start_pos, meta.end_pos)
        spans = [self._child_span(c) for c in children]
        spans = [s for s in spans if s is not None]
        if spans:
            return spans[0].to(spans[-1])
        return Span(self.source, 0, 0)

    def _child_span(self, child: Any) -> Span | None:
        if isinstance(child, Token):
            return self._tok(child)
        return getattr(child, "span", None)

    def _tok(self, token: Token) -> Span:
        return Span(self.source, token.start_pos, token.end_pos)

    def _name(self, token: Token) -> ast.Name:
        return ast.Name(str(token), span=self._tok(token))

    def _quantity(self, token: Token) -> ast.QuantityLit:
        value, unit = read_quantity(str(token))
        return ast.QuantityLit(value, unit, str(token), span=self._tok(token))

    def _factor(self, token: Token) -> ast.FactorLit:
        return ast.FactorLit(read_factor(str(token)), str(token), span=self._tok(token))

    def _date(self, token: Token) -> datetime.date | None:
        try:
            return read_date(str(token))
        except ValueError:
            self.reporter.error(Code.BAD_DATE, f"`{token}` is not a calendar date", self._tok(token),
                                hint="write dates as YYYY-MM-DD, e.g. 2024-05-01")
            return None

    def _datetime(self, token: Token) -> datetime.datetime | None:
        try:
            return datetime.datetime.fromisoformat(str(token))
        except ValueError:
            self.reporter.error(Code.BAD_DATE, f"`{token}` is not a moment of a calendar day", self._tok(token),
                                hint="write moments as YYYY-MM-DDTHH:MM, e.g. 2024-06-03T09:30")
            return None

    @staticmethod
    def _split(children: list[Any]) -> tuple[tuple[Any, ...], list[Any]]:
        kinds = (ast.Citation, ast.Reading, ast.Acknowledge, ast.Implements, ast.Validity, ast.AsOf)
        notes = tuple(c for c in children if isinstance(c, kinds))
        rest = [c for c in children if not isinstance(c, kinds)]
        return notes, rest

    # -- document
    @v_args(meta=True)
    def start(self, meta: Any, children: list[Any]) -> ast.Spec:
        header, *decls = children
        return ast.Spec(header, tuple(decls), span=Span(self.source, 0, len(self.source.text)))

    @v_args(meta=True)
    def header(self, meta: Any, children: list[Any]) -> ast.LawMeta:
        notes, rest = self._split(children)
        title = read_string(str(rest[0]))
        fields: dict[str, Any] = {}
        for key, value, span in rest[1:]:
            if key in fields:
                self.reporter.error(Code.BAD_META, f"`{key}` is given twice", span)
            fields[key] = value
        return ast.LawMeta(notes, title, fields.get("issuer"), fields.get("issued"),
                           fields.get("published"), fields.get("effective"), fields.get("level"),
                           fields.get("number"), fields.get("until"), fields.get("replaces"),
                           span=self._span(meta, children))

    def _meta(self, key: str, value: Any, token: Token) -> tuple[str, Any, Span]:
        return key, value, self._tok(token)

    def meta_issuer(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("issuer", read_string(str(c[0])), c[0])

    def meta_number(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("number", read_string(str(c[0])), c[0])

    def meta_level(self, c: list[Any]) -> tuple[str, Any, Span]:
        return c[0]

    def level(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("level", read_string(str(c[0])), c[0])

    def meta_issued(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("issued", self._date(c[0]), c[0])

    def meta_published(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("published", self._date(c[0]), c[0])

    def meta_effective(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("effective", self._date(c[0]), c[0])

    def meta_until(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("until", self._date(c[0]), c[0])

    def meta_replaces(self, c: list[Token]) -> tuple[str, Any, Span]:
        return self._meta("replaces", read_string(str(c[0])), c[0])

    # -- annotations
    @v_args(meta=True)
    def citation(self, meta: Any, c: list[Any]) -> ast.Citation:
        article, clause, item, *quotes = c
        return ast.Citation(
            str(article), str(clause) if clause else None, _item(item) if item else None,
            tuple(ast.Quote(read_string(str(q)), span=self._tok(q)) for q in quotes),
            span=self._span(meta, c))

    @v_args(meta=True)
    def implements(self, meta: Any, c: list[Token]) -> ast.Implements:
        return ast.Implements(read_string(str(c[0])), self._quantity(c[1]), self._quantity(c[2]),
                              span=self._span(meta, c))

    @v_args(meta=True)
    def acknowledge(self, meta: Any, c: list[Token]) -> ast.Acknowledge:
        return ast.Acknowledge(read_string(str(c[0])), read_string(str(c[1])), span=self._span(meta, c))

    @v_args(meta=True)
    def valid_from(self, meta: Any, c: list[Token]) -> ast.Validity:
        return ast.Validity(self._date(c[0]), self._date(c[1]) if c[1] else None, span=self._span(meta, c))

    @v_args(meta=True)
    def valid_until(self, meta: Any, c: list[Token]) -> ast.Validity:
        return ast.Validity(None, self._date(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def as_of(self, meta: Any, c: list[Token]) -> ast.AsOf:
        return ast.AsOf(self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def reading(self, meta: Any, c: list[Token]) -> ast.Reading:
        return ast.Reading(read_string(str(c[0])), span=self._span(meta, c))

    @v_args(meta=True)
    def item(self, meta: Any, c: list[Any]) -> Any:
        notes, (decl,) = self._split(c)
        if isinstance(decl, ast.Example):
            return decl if not notes else _with_notes(decl, notes)
        return _with_notes(decl, notes)

    # -- declarations (annotations are added by `item`)
    @v_args(meta=True)
    def fact_decl(self, meta: Any, c: list[Any]) -> ast.FactDecl:
        name, type_, *options = c
        external = next((o[1] for o in options if o[0] == "external"), None)
        fallback = next((o[1] for o in options if o[0] == "fallback"), None)
        optional = any(o[0] == "optional" for o in options)
        return ast.FactDecl((), self._name(name), type_, external, fallback, optional, span=self._span(meta, c))

    def fact_external(self, c: list[Token]) -> tuple[str, str]:
        return "external", read_string(str(c[0]))

    def fact_fallback(self, c: list[Any]) -> tuple[str, Any]:
        return "fallback", c[0]

    def fact_optional(self, c: list[Any]) -> tuple[str, bool]:
        return "optional", True

    @v_args(meta=True)
    def money_type(self, meta: Any, c: list[Any]) -> ast.MoneyType:
        return ast.MoneyType(str(c[0]) if c[0] else None, span=self._span(meta, c))

    @v_args(meta=True)
    def count_type(self, meta: Any, c: list[Token]) -> ast.CountType:
        return ast.CountType(str(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def quantity_type(self, meta: Any, c: list[Token]) -> ast.QuantityType:
        return ast.QuantityType(str(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def date_type(self, meta: Any, c: list[Any]) -> ast.DateType:
        return ast.DateType(span=self._span(meta, c))

    @v_args(meta=True)
    def datetime_type(self, meta: Any, c: list[Any]) -> ast.DateTimeType:
        return ast.DateTimeType(span=self._span(meta, c))

    @v_args(meta=True)
    def bool_type(self, meta: Any, c: list[Any]) -> ast.BoolType:
        return ast.BoolType(span=self._span(meta, c))

    @v_args(meta=True)
    def ratio_type(self, meta: Any, c: list[Any]) -> ast.RatioType:
        return ast.RatioType(span=self._span(meta, c))

    @v_args(meta=True)
    def enum_type(self, meta: Any, c: list[Token]) -> ast.EnumType:
        return ast.EnumType(self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def enum_decl(self, meta: Any, c: list[Token]) -> ast.EnumDecl:
        return ast.EnumDecl((), self._name(c[0]), tuple(self._name(t) for t in c[1:]),
                            span=self._span(meta, c))

    @v_args(meta=True)
    def let_decl(self, meta: Any, c: list[Any]) -> ast.LetDecl:
        return ast.LetDecl((), self._name(c[0]), c[1], span=self._span(meta, c))

    @v_args(meta=True)
    def definition(self, meta: Any, c: list[Any]) -> ast.Definition:
        return ast.Definition((), self._name(c[0]), read_string(str(c[1])) if c[1] else None,
                              span=self._span(meta, c))

    def includes(self, c: list[Any]) -> bool:
        return True

    def excludes(self, c: list[Any]) -> bool:
        return False

    @v_args(meta=True)
    def convention(self, meta: Any, c: list[Any]) -> ast.Convention:
        word, includes, article = c
        return ast.Convention((), str(word), includes, str(article) if article else None,
                              span=self._span(meta, c))

    @v_args(meta=True)
    def penalty(self, meta: Any, c: list[Any]) -> ast.Penalty:
        name, subject, when, *body = c
        return ast.Penalty((), self._name(name), self._name(subject) if subject else None, when, tuple(body),
                           span=self._span(meta, c))

    @v_args(meta=True)
    def day_convention(self, meta: Any, c: list[Token]) -> ast.DayConvention:
        *periods, unit = c
        return ast.DayConvention((), tuple(self._quantity(p) for p in periods), str(unit),
                                 span=self._span(meta, c))

    @v_args(meta=True)
    def deadline(self, meta: Any, c: list[Any]) -> ast.Deadline:
        name, when, reached, period, direction, event, extension, tolling = c
        first, further = extension if extension is not None else (None, ())
        return ast.Deadline((), self._name(name), period, self._name(event), reached is not None, first,
                            direction == "before", self._name(tolling) if tolling is not None else None,
                            tuple(further), when, span=self._span(meta, c))

    def after(self, c: list[Any]) -> str:
        return "after"

    def before(self, c: list[Any]) -> str:
        return "before"

    def tolling(self, c: list[Token]) -> Token:
        return c[0]

    @v_args(meta=True)
    def period_fixed(self, meta: Any, c: list[Token]) -> ast.Quantity:
        return ast.Quantity(self._quantity(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def period_fact(self, meta: Any, c: list[Token]) -> ast.Ref:
        return ast.Ref(self._name(c[0]), span=self._span(meta, c))

    def extension(self, c: list[Any]) -> tuple[ast.QuantityLit, list[Any]]:
        return self._quantity(c[0]), c[1:]

    def further_fixed(self, c: list[Token]) -> ast.QuantityLit:
        return self._quantity(c[0])

    def further_fact(self, c: list[Token]) -> ast.Name:
        return self._name(c[0])

    @v_args(meta=True)
    def amount(self, meta: Any, c: list[Any]) -> ast.Amount:
        name, when, value = c
        return ast.Amount((), self._name(name), when, value, span=self._span(meta, c))

    @v_args(meta=True)
    def classify(self, meta: Any, c: list[Any]) -> ast.Classify:
        return ast.Classify((), self._name(c[0]), self._name(c[1]), c[2], span=self._span(meta, c))

    @v_args(meta=True)
    def versions(self, meta: Any, c: list[Any]) -> ast.Versions:
        return ast.Versions((), self._name(c[0]), tuple(c[1:]), span=self._span(meta, c))

    @v_args(meta=True)
    def version(self, meta: Any, c: list[Any]) -> ast.Version:
        notes, (start, end, value) = self._split(c)
        # The version's own span starts at its date, not at the citation above it.
        span = self._tok(start).to(value.span)
        return ast.Version(notes, self._date(start) or datetime.date.min, self._date(end) if end else None, value,
                           span=span)

    @v_args(meta=True)
    def unencoded(self, meta: Any, c: list[Token]) -> ast.Unencoded:
        return ast.Unencoded((), read_string(str(c[0])), span=self._span(meta, c))

    @v_args(meta=True)
    def requirement(self, meta: Any, c: list[Any]) -> ast.Requirement:
        return ast.Requirement((), self._name(c[0]), c[1], span=self._span(meta, c))

    # -- statements
    def must(self, c: list[Any]) -> str:
        return "must"

    def may(self, c: list[Any]) -> str:
        return "may"

    @v_args(meta=True)
    def fine(self, meta: Any, c: list[Any]) -> ast.Fine:
        return ast.Fine(c[0] or "must", c[1], span=self._span(meta, c))

    @v_args(meta=True)
    def confiscate(self, meta: Any, c: list[Any]) -> ast.Confiscate:
        return ast.Confiscate(c[0] or "must", self._name(c[1]), span=self._span(meta, c))

    @v_args(meta=True)
    def measure(self, meta: Any, c: list[Any]) -> ast.Measure:
        modality, label, by, period = c
        return ast.Measure(modality, self._name(label), by,
                           period if isinstance(period, ast.QuantityLit) else None, period == "life",
                           span=self._span(meta, c))

    def measure_by(self, c: list[Any]) -> Any:
        return c[0]

    def for_period(self, c: list[Token]) -> ast.QuantityLit:
        return self._quantity(c[0])

    def for_life(self, c: list[Any]) -> str:
        return "life"

    @v_args(meta=True)
    def individual(self, meta: Any, c: list[Any]) -> ast.Individual:
        return ast.Individual(self._name(c[0]), tuple(c[1:]), span=self._span(meta, c))

    @v_args(meta=True)
    def if_block(self, meta: Any, c: list[Any]) -> ast.IfBlock:
        return ast.IfBlock(c[0], tuple(c[1:]), span=self._span(meta, c))

    # -- expressions
    # Binary nodes from the left-recursive grammar are flattened: a + b + c is one Add.
    @v_args(meta=True)
    def add(self, meta: Any, c: list[Any]) -> ast.Add:
        left, right = c
        terms = left.terms if isinstance(left, ast.Add) else (left,)
        return ast.Add((*terms, right), span=self._span(meta, c))

    @v_args(meta=True)
    def sub(self, meta: Any, c: list[Any]) -> ast.Sub:
        return ast.Sub(c[0], c[1], span=self._span(meta, c))

    @v_args(meta=True)
    def div(self, meta: Any, c: list[Any]) -> ast.Div:
        return ast.Div(c[0], c[1], span=self._span(meta, c))

    @v_args(meta=True)
    def minimum(self, meta: Any, c: list[Any]) -> ast.Extreme:
        return ast.Extreme("min", tuple(c), span=self._span(meta, c))

    @v_args(meta=True)
    def maximum(self, meta: Any, c: list[Any]) -> ast.Extreme:
        return ast.Extreme("max", tuple(c), span=self._span(meta, c))

    @v_args(meta=True)
    def mul(self, meta: Any, c: list[Any]) -> ast.Mul:
        left, right = c
        factors = left.factors if isinstance(left, ast.Mul) else (left,)
        return ast.Mul((*factors, right), span=self._span(meta, c))

    @v_args(meta=True)
    def scaled(self, meta: Any, c: list[Any]) -> ast.Scaled:
        return ast.Scaled(c[0], c[1], span=self._span(meta, c))

    @v_args(meta=True)
    def ratio(self, meta: Any, c: list[Any]) -> ast.Ratio:
        return ast.Ratio(c[0], span=self._span(meta, c))

    @v_args(meta=True)
    def quantity(self, meta: Any, c: list[Token]) -> ast.Quantity:
        return ast.Quantity(self._quantity(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def range(self, meta: Any, c: list[Token]) -> ast.RangeLit:
        return ast.RangeLit(self._quantity(c[0]), self._quantity(c[1]), span=self._span(meta, c))

    @v_args(meta=True)
    def upto(self, meta: Any, c: list[Token]) -> ast.RangeLit:
        return ast.RangeLit(None, self._quantity(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def ref(self, meta: Any, c: list[Token]) -> ast.Ref:
        return ast.Ref(self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def fine_of(self, meta: Any, c: list[Token]) -> ast.FineOf:
        return ast.FineOf(self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def factor_point(self, meta: Any, c: list[Token]) -> ast.FactorRange:
        f = self._factor(c[0])
        return ast.FactorRange(f, f, span=self._span(meta, c))

    @v_args(meta=True)
    def factor_span(self, meta: Any, c: list[Token]) -> ast.FactorRange:
        return ast.FactorRange(self._factor(c[0]), self._factor(c[1]), span=self._span(meta, c))

    @v_args(meta=True)
    def factor_upto(self, meta: Any, c: list[Token]) -> ast.FactorRange:
        return ast.FactorRange(None, self._factor(c[0]), span=self._span(meta, c))

    def first(self, c: list[Any]) -> str:
        return "first"

    def highest(self, c: list[Any]) -> str:
        return "highest"

    @v_args(meta=True)
    def cases(self, meta: Any, c: list[Any]) -> ast.Cases:
        mode, *rows = c
        return ast.Cases(mode or "first", tuple(rows), span=self._span(meta, c))

    @v_args(meta=True)
    def case_when(self, meta: Any, c: list[Any]) -> ast.CaseRow:
        label, cond, value = c
        return ast.CaseRow(_item(label) if label else None, cond, value, span=self._span(meta, c))

    @v_args(meta=True)
    def case_otherwise(self, meta: Any, c: list[Any]) -> ast.CaseRow:
        label, value = c
        return ast.CaseRow(_item(label) if label else None, None, value, span=self._span(meta, c))

    @v_args(meta=True)
    def by_enum(self, meta: Any, c: list[Any]) -> ast.ByEnum:
        return ast.ByEnum(self._name(c[0]), tuple(c[1:]), span=self._span(meta, c))

    @v_args(meta=True)
    def by_row(self, meta: Any, c: list[Any]) -> ast.ByRow:
        label, member, value = c
        return ast.ByRow(_item(label) if label else None, self._name(member), value,
                         span=self._span(meta, c))

    # -- conditions
    @v_args(meta=True)
    def any_of(self, meta: Any, c: list[Any]) -> ast.AnyOf:
        left, right = c
        items = left.items if isinstance(left, ast.AnyOf) else (left,)
        return ast.AnyOf((*items, right), span=self._span(meta, c))

    @v_args(meta=True)
    def all_of(self, meta: Any, c: list[Any]) -> ast.AllOf:
        left, right = c
        items = left.items if isinstance(left, ast.AllOf) else (left,)
        return ast.AllOf((*items, right), span=self._span(meta, c))

    @v_args(meta=True)
    def negate(self, meta: Any, c: list[Any]) -> ast.Not:
        return ast.Not(c[0], span=self._span(meta, c))

    @v_args(meta=True)
    def flag(self, meta: Any, c: list[Token]) -> ast.Flag:
        return ast.Flag(self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def enum_is(self, meta: Any, c: list[Token]) -> ast.EnumIs:
        return ast.EnumIs(self._name(c[0]), self._name(c[1]), span=self._span(meta, c))

    @v_args(meta=True)
    def banded(self, meta: Any, c: list[Any]) -> ast.Banded:
        return ast.Banded(self._name(c[0]), c[1], span=self._span(meta, c))

    @v_args(meta=True)
    def compare(self, meta: Any, c: list[Token]) -> ast.Banded:
        bound = ast.Bound(str(c[1]), self._threshold(c[2]), span=self._tok(c[1]).to(self._tok(c[2])))
        return ast.Banded(self._name(c[0]), (bound,), span=self._span(meta, c))

    @v_args(meta=True)
    def compare_eq(self, meta: Any, c: list[Token]) -> ast.Banded:
        q = self._threshold(c[1])
        return ast.Banded(self._name(c[0]), (ast.Bound("=", q, span=q.span),), span=self._span(meta, c))

    @v_args(meta=True)
    def compare_date(self, meta: Any, c: list[Token]) -> ast.DateCompare:
        return ast.DateCompare(self._name(c[0]), str(c[1]), self._date(c[2]) or datetime.date.min,
                               span=self._span(meta, c))

    @v_args(meta=True)
    def is_none(self, meta: Any, c: list[Token]) -> ast.IsNone:
        return ast.IsNone(self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def shifted_date(self, meta: Any, c: list[Any]) -> ast.ShiftedDate:
        period, direction, base = c
        return ast.ShiftedDate(self._quantity(period), direction == "before", self._name(base),
                               span=self._span(meta, c))

    @v_args(meta=True)
    def compare_shifted(self, meta: Any, c: list[Any]) -> ast.ShiftedCompare:
        op = str(c[1]) if len(c) == 3 else "="  # `NAME = …`: the anonymous "=" is filtered out
        return ast.ShiftedCompare(self._name(c[0]), op, c[-1], span=self._span(meta, c))

    def quotient(self, c: list[Token]) -> tuple[ast.Name, ast.Name]:
        return self._name(c[0]), self._name(c[1])

    @v_args(meta=True)
    def banded_share(self, meta: Any, c: list[Any]) -> ast.Banded:
        (fact, per), bounds = c
        return ast.Banded(fact, bounds, per, span=self._span(meta, c))

    @v_args(meta=True)
    def compare_share(self, meta: Any, c: list[Any]) -> ast.Banded:
        (fact, per), word, value = c
        bound = ast.Bound(str(word), self._threshold(value), span=self._tok(word).to(self._tok(value)))
        return ast.Banded(fact, (bound,), per, span=self._span(meta, c))

    @v_args(meta=True)
    def compare_share_eq(self, meta: Any, c: list[Any]) -> ast.Banded:
        (fact, per), value = c
        q = self._threshold(value)
        return ast.Banded(fact, (ast.Bound("=", q, span=q.span),), per, span=self._span(meta, c))

    @v_args(meta=True)
    def relate_op(self, meta: Any, c: list[Token]) -> ast.Relate:
        word = str(c[1]) if len(c) == 3 else "="  # `NAME = NAME`: the anonymous "=" is filtered out
        return ast.Relate(self._name(c[0]), word, self._name(c[-1]), span=self._span(meta, c))

    @v_args(meta=True)
    def relate_word(self, meta: Any, c: list[Token]) -> ast.Relate:
        return ast.Relate(self._name(c[0]), str(c[1]), self._name(c[2]), span=self._span(meta, c))

    def band_one(self, c: list[Token]) -> tuple[ast.Bound, ...]:
        return (self._bound(c[1], c[0]),)

    def band_two(self, c: list[Token]) -> tuple[ast.Bound, ...]:
        return (self._bound(c[1], c[0]), self._bound(c[3], c[2]))

    def band_prefix(self, c: list[Token]) -> tuple[ast.Bound, ...]:
        return (self._bound(c[0], c[1]),)

    def _bound(self, word: Token, value: Token) -> ast.Bound:
        return ast.Bound(str(word), self._threshold(value), span=self._tok(word).to(self._tok(value)))

    def _threshold(self, token: Token) -> ast.QuantityLit | ast.FractionLit:
        """A quantity, a fraction (2/3), or a percentage kept as written (30% → 30 in unit %), for ratios."""
        if token.type == "FRACTION":
            top, bottom = str(token).split("/")
            return ast.FractionLit(int(top), int(bottom), str(token), span=self._tok(token))
        if token.type != "FACTOR":
            return self._quantity(token)
        text = str(token)
        if not text.endswith("%"):
            self.reporter.error(Code.BAD_LITERAL, f"`{text}` is a multiple; a threshold is an amount or a "
                                "percentage", self._tok(token), hint="write e.g. 30%以上 or 50万元以上")
            return ast.QuantityLit(Decimal(0), "%", text, span=self._tok(token))
        return ast.QuantityLit(Decimal(text[:-1]), "%", text, span=self._tok(token))

    # -- examples
    @v_args(meta=True)
    def example(self, meta: Any, c: list[Any]) -> ast.Example:
        title, rule, on, *rest = c
        givens = tuple(x for x in rest if isinstance(x, ast.Given))
        expects = tuple(x for x in rest if isinstance(x, ast.Expect))
        return ast.Example((), read_string(str(title)), self._name(rule), givens, expects,
                           self._date(on) if on else None, span=self._span(meta, c))

    @v_args(meta=True)
    def given(self, meta: Any, c: list[Any]) -> ast.Given:
        return ast.Given(self._name(c[0]), c[1], span=self._span(meta, c))

    def v_quantity(self, c: list[Token]) -> ast.QuantityLit:
        return self._quantity(c[0])

    def v_per(self, c: list[Token]) -> ast.QuantityLit:
        q = self._quantity(c[0])
        span = self._tok(c[0]).to(self._tok(c[1]))
        return ast.QuantityLit(q.value, q.unit, f"{q.text}/{c[1]}", str(c[1]), span=span)

    def v_factor(self, c: list[Token]) -> ast.FactorLit:
        return self._factor(c[0])

    def v_date(self, c: list[Token]) -> Any:
        value = self._date(c[0])
        return ast.DateLit(value, span=self._tok(c[0])) if value else ast.Unknown(span=self._tok(c[0]))

    def v_datetime(self, c: list[Token]) -> Any:
        value = self._datetime(c[0])
        return ast.DateTimeLit(value, span=self._tok(c[0])) if value else ast.Unknown(span=self._tok(c[0]))

    @v_args(meta=True)
    def v_true(self, meta: Any, c: list[Any]) -> ast.BoolLit:
        return ast.BoolLit(True, span=self._span(meta, c))

    @v_args(meta=True)
    def v_false(self, meta: Any, c: list[Any]) -> ast.BoolLit:
        return ast.BoolLit(False, span=self._span(meta, c))

    @v_args(meta=True)
    def v_unknown(self, meta: Any, c: list[Any]) -> ast.Unknown:
        return ast.Unknown(span=self._span(meta, c))

    @v_args(meta=True)
    def v_none(self, meta: Any, c: list[Any]) -> ast.NoneLit:
        return ast.NoneLit(span=self._span(meta, c))

    def v_enum(self, c: list[Token]) -> ast.Name:
        return self._name(c[0])

    def er_range(self, c: list[Token]) -> tuple[Any, Any]:
        return self._quantity(c[0]), self._quantity(c[1])

    def er_point(self, c: list[Token]) -> tuple[Any, Any]:
        q = self._quantity(c[0])
        return q, q

    def er_factor(self, c: list[Token]) -> tuple[Any, Any]:
        f = self._factor(c[0])
        return f, f

    def er_none(self, c: list[Any]) -> tuple[Any, Any]:
        return None, None

    @v_args(meta=True)
    def expect_fine(self, meta: Any, c: list[Any]) -> ast.Expect:
        low, high = c[0]
        return ast.Expect("fine", low=low, high=high, span=self._span(meta, c))

    @v_args(meta=True)
    def expect_individual_fine(self, meta: Any, c: list[Any]) -> ast.Expect:
        low, high = c[1]
        return ast.Expect("individual", subject=self._name(c[0]), low=low, high=high,
                          span=self._span(meta, c))

    @v_args(meta=True)
    def expect_row(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("row", label=_item(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_measure(self, meta: Any, c: list[Any]) -> ast.Expect:
        period = c[3] if isinstance(c[3], ast.QuantityLit) else None
        return ast.Expect("measure", subject=self._name(c[1]), modality=c[0], period=period,
                          for_life=c[3] == "life", by=c[2], span=self._span(meta, c))

    def eb_factors(self, c: list[Token]) -> tuple[Any, Any, str]:
        return read_factor(str(c[0])) * 100, read_factor(str(c[1])) * 100, "%"

    def eb_quantities(self, c: list[Token]) -> tuple[Any, Any, str]:
        low, high = self._quantity(c[0]), self._quantity(c[1])
        return low.value * UNITS[low.unit][1], high.value * UNITS[high.unit][1], UNITS[high.unit][0]

    def eb_quantity(self, c: list[Token]) -> tuple[Any, Any, str]:
        q = self._quantity(c[0])
        return q.value * UNITS[q.unit][1], q.value * UNITS[q.unit][1], UNITS[q.unit][0]

    @v_args(meta=True)
    def expect_fine_modality(self, meta: Any, c: list[Any]) -> ast.Expect:
        return ast.Expect("fine-modality", modality=c[0], span=self._span(meta, c))

    def ef_period(self, c: list[Token]) -> ast.QuantityLit:
        return self._quantity(c[0])

    def ef_life(self, c: list[Any]) -> str:
        return "life"

    @v_args(meta=True)
    def expect_no_measure(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("no-measure", subject=self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_not_applicable(self, meta: Any, c: list[Any]) -> ast.Expect:
        return ast.Expect("not-applicable", span=self._span(meta, c))

    @v_args(meta=True)
    def expect_due(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("due", date=self._date(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_due_at(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("due", date=self._datetime(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_extended_due(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("extended-due", date=self._date(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_latest_due(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("latest-due", date=self._date(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_amount(self, meta: Any, c: list[Any]) -> ast.Expect:
        low, high = c[0]
        return ast.Expect("amount", low=low, high=high, span=self._span(meta, c))

    @v_args(meta=True)
    def expect_class(self, meta: Any, c: list[Token]) -> ast.Expect:
        return ast.Expect("class", subject=self._name(c[0]), span=self._span(meta, c))

    @v_args(meta=True)
    def expect_not_in_force(self, meta: Any, c: list[Any]) -> ast.Expect:
        return ast.Expect("not-in-force", span=self._span(meta, c))

    @v_args(meta=True)
    def expect_compliant(self, meta: Any, c: list[Any]) -> ast.Expect:
        return ast.Expect("compliant", span=self._span(meta, c))

    @v_args(meta=True)
    def expect_violated(self, meta: Any, c: list[Any]) -> ast.Expect:
        return ast.Expect("violated", span=self._span(meta, c))


def _item(token: Any) -> str:
    """Item labels are normalised to the law's full-width form: (一) → （一）."""
    text = str(token)
    return "（" + text[1:-1] + "）"


def _with_notes(decl: Any, notes: tuple[Any, ...]) -> Any:
    """A declaration keeps its own span: errors about it point at it, not at the citation above."""
    import attrs

    return attrs.evolve(decl, annotations=notes)


def build_ast(tree: lark.Tree, source: SourceFile) -> ast.Spec:
    """Turn the parse tree into the AST; literal mistakes (bad dates) are collected and raised."""
    reporter = Reporter()
    spec = _Builder(source, reporter).transform(tree)
    reporter.done()
    assert isinstance(spec, ast.Spec)
    return spec
