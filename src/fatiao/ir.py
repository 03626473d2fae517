"""The core IR: what a spec means, with every unit normalised and every bound made exact.

Money is in Decimal 元, every comparison carries its operator as the document's
convention decided it, and every rule carries its citations. Backends, the
interpreter and the consistency checks read only this.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction

import attrs

from fatiao.source import Span


@attrs.frozen
class Citation:
    document: str
    article: str
    clause: str | None
    item: str | None
    sentence: str


@attrs.frozen
class Fact:
    """An input. `kind` is money, count, quantity, date, bool, ratio or enum; `unit` as shown to users."""
    name: str
    kind: str
    unit: str | None
    members: tuple[str, ...]
    external: str | None
    fallback: Expr | None
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]
    span: Span = attrs.field(eq=False, repr=False)
    optional: bool = False  # a `date or none` fact: None means there is no such day (no record)


# ---- expressions: each evaluates to an interval [lo, hi] in base units

@attrs.frozen
class Const:
    low: Decimal
    high: Decimal
    unit: str
    text: str  # as the spec wrote it: 50万元..200万元


@attrs.frozen
class FactRef:
    name: str
    unit: str


@attrs.frozen
class LetRef:
    name: str
    unit: str


@attrs.frozen
class Scale:
    """`5x..10x base`: [low × base.low, high × base.high]."""
    low: Decimal
    high: Decimal
    base: Expr
    text: str  # 5倍..10倍, 40%


@attrs.frozen
class RatioConst:
    low: Decimal
    high: Decimal
    text: str


@attrs.frozen
class Add:
    terms: tuple[Expr, ...]


@attrs.frozen
class Mul:
    factors: tuple[Expr, ...]


@attrs.frozen
class VersionRef:
    """A value that changes over time: which version applies depends on the date of the case."""
    name: str
    unit: str


@attrs.frozen
class Sub:
    left: Expr
    right: Expr


@attrs.frozen
class Div:
    left: Expr
    right: Expr
    text: str  # the divisor in words, for the error when it is zero


@attrs.frozen
class Extreme:
    kind: str  # min | max
    items: tuple[Expr, ...]


@attrs.frozen
class FineOf:
    rule: str


@attrs.frozen
class Row:
    label: str | None
    cond: Cond | None
    value: Expr
    text: str  # the row's condition in words, for explanations and docs
    value_text: str  # the row's amount in words

@attrs.frozen
class Table:
    """Tiers. mode `first`: the first row that holds wins; `highest`: the last that holds."""
    mode: str
    rows: tuple[Row, ...]
    span: Span = attrs.field(eq=False, repr=False)


Expr = Const | FactRef | LetRef | Scale | RatioConst | Add | Mul | FineOf | Table | VersionRef | Sub | Div | Extreme


# ---- conditions

@attrs.frozen
class Compare:
    """fact OP value, with OP fixed by the word and the document's convention."""
    fact: str
    op: str  # < <= > >= == !=
    value: Decimal
    unit: str
    text: str  # 违法所得 不足 50万元


@attrs.frozen
class IsTrue:
    fact: str


@attrs.frozen
class IsMember:
    fact: str
    member: str


@attrs.frozen
class Not:
    item: Cond


@attrs.frozen
class All:
    items: tuple[Cond, ...]


@attrs.frozen
class Any:
    items: tuple[Cond, ...]


@attrs.frozen
class CompareDate:
    """A date fact against a day the law names."""
    fact: str
    op: str
    day: datetime.date
    text: str


@attrs.frozen
class CompareFacts:
    """Two facts compared with each other (amounts of one unit, ratios, or dates)."""
    left: str
    op: str
    right: str
    text: str


@attrs.frozen
class CompareShifted:
    """A date fact against a day counted from another date fact, as deadlines count: 5年 before 申请登记日期.

    日 are calendar days and 月/年 follow the corresponding-day rule (a month without the day ends on its
    last day); 工作日 are counted on the official calendar. No holiday moves the day: it is a measure of
    time, not the last day to act.
    """
    fact: str
    op: str
    base: str
    count: int
    unit: str  # 日, 工作日, 月, 年 (after the document's day convention)
    before: bool
    text: str


@attrs.frozen
class CompareShare:
    """An exact share compared with a fraction or percentage: 省外专家人数 / 专家组人数 >= 2/3.

    Without a denominator, a ratio fact itself is compared. The share is a Fraction, never rounded.
    """
    numerator: str
    denominator: str | None
    op: str
    value: Fraction
    text: str


@attrs.frozen
class IsNone:
    """A `date or none` fact that has no date."""
    fact: str


@attrs.frozen
class IsClass:
    """Another rule's classification of the same case is this member (no row of it holding: false)."""
    rule: str
    member: str


Cond = (Compare | IsTrue | IsMember | Not | All | Any | CompareFacts | CompareDate | CompareShifted | CompareShare
        | IsNone | IsClass)


# ---- rules

@attrs.frozen
class Validity:
    """When a rule is in force (both days included), and how a case's date is found."""
    start: datetime.date | None
    end: datetime.date | None
    anchor: str | None  # the date fact a case is judged at, when the caller gives no as_of
    needs_date: bool  # the result depends on the date: the rule ends, or reads a versioned value
    source: str  # where the dates come from, in words: 《…》第五十二条 / the spec's header


@attrs.frozen
class Sanction:
    """One consequence: kind fine, confiscate or measure; `when` is None or the `if` it sits under."""
    kind: str
    label: str
    modality: str
    amount: Expr | None
    amount_unit: str | None
    period: str | None
    addressee: str | None
    when: Cond | None
    when_text: str | None
    announce: str | None  # explain `when` here, naming what it governs: the sanctions of its block
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Penalty:
    name: str
    subject: str | None
    when: Cond | None
    when_text: str | None
    sanctions: tuple[Sanction, ...]
    acknowledged: tuple[tuple[str, str], ...]  # (lint code, reason)
    implements: tuple[tuple[str, Decimal, Decimal], ...]  # (higher law, its lowest and highest fine)
    facts: tuple[str, ...]  # every fact the rule reads, in declaration order
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]
    validity: Validity
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Deadline:
    name: str
    period: Expr  # a Const, or a table of them; always a whole number of `unit`
    unit: str  # 日, 工作日, 月, 年: how the period is counted, after the document's day convention
    period_text: str  # as the law writes it: 7个工作日, 五日
    day_note: str | None  # 五日指工作日（第五十七条）, when a convention changed the unit
    reached: bool  # 满N年: ends on the anniversary, not moved off a holiday
    extension: tuple[int, str] | None  # may be extended by so many 日/工作日/月/年
    before: bool  # counted back from the event: the latest day to act
    excluding: str | None  # a fact: days the period does not run (鉴定、检测时间), added at its end
    further: tuple[tuple[int | str, str], ...]  # further extensions: (count or fact name, unit)
    event: str
    facts: tuple[str, ...]
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]
    acknowledged: tuple[tuple[str, str], ...]
    validity: Validity
    span: Span = attrs.field(eq=False, repr=False)
    when: Cond | None = None  # the deadline is set only when this holds; otherwise it does not apply
    when_text: str | None = None


@attrs.frozen
class Requirement:
    name: str
    cond: Cond
    text: str
    facts: tuple[str, ...]
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]
    acknowledged: tuple[tuple[str, str], ...]
    validity: Validity
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Amount:
    """A value the law computes: a deduction, a contribution, a fee."""
    name: str
    when: Cond | None
    when_text: str | None
    value: Expr
    unit: str
    value_text: str
    facts: tuple[str, ...]
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]
    acknowledged: tuple[tuple[str, str], ...]
    validity: Validity
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class ClassRow:
    label: str | None
    cond: Cond | None  # None: otherwise
    member: str
    text: str


@attrs.frozen
class Classification:
    """The law sorts a case into one member of an enum (least severe first)."""
    name: str
    enum: str
    members: tuple[str, ...]
    mode: str  # first: the first row that holds; highest: the most severe member any row reaches
    rows: tuple[ClassRow, ...]
    facts: tuple[str, ...]
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]
    acknowledged: tuple[tuple[str, str], ...]
    validity: Validity
    span: Span = attrs.field(eq=False, repr=False)


Rule = Penalty | Deadline | Requirement | Amount | Classification


@attrs.frozen
class VersionRow:
    start: datetime.date
    end: datetime.date | None
    value: Expr
    value_text: str
    citations: tuple[Citation, ...]


@attrs.frozen
class Versions:
    name: str
    unit: str
    rows: tuple[VersionRow, ...]
    readings: tuple[str, ...]


@attrs.frozen
class Unencoded:
    """A rule of the law the spec does not encode, and why."""
    reason: str
    citations: tuple[Citation, ...]
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class DayConvention:
    periods: tuple[str, ...]  # 三日, 五日…
    unit: str
    citations: tuple[Citation, ...]


@attrs.frozen
class Let:
    name: str
    value: Expr
    unit: str
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]


@attrs.frozen
class Definition:
    name: str
    text: str | None
    citations: tuple[Citation, ...]
    readings: tuple[str, ...]


@attrs.frozen
class Convention:
    word: str
    includes: bool
    article: str | None
    citations: tuple[Citation, ...]


@attrs.frozen
class Expect:
    kind: str
    subject: str | None
    low: Decimal | None
    high: Decimal | None
    label: str | None
    modality: str | None
    date: datetime.date | None
    period: str | None  # 5年, or 终身
    amount: tuple[Decimal, Decimal, str] | None  # a measure's amount: (low, high, unit), ratios in %
    text: str
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Example:
    title: str
    rule: str
    givens: tuple[tuple[str, object], ...]  # fact → Decimal, bool, date, str (enum) or None (unknown)
    expects: tuple[Expect, ...]
    as_of: datetime.date | None
    span: Span = attrs.field(eq=False, repr=False)


@attrs.frozen
class Law:
    stem: str
    spec_path: str
    title: str
    issuer: str | None
    issued: datetime.date | None
    published: datetime.date | None
    effective: datetime.date | None
    level: str | None
    number: str | None
    facts: tuple[Fact, ...]
    lets: tuple[Let, ...]
    rules: tuple[Rule, ...]
    definitions: tuple[Definition, ...]
    conventions: tuple[Convention, ...]
    examples: tuple[Example, ...]
    law_text_path: str
    until: datetime.date | None = None
    replaces: str | None = None
    versions: tuple[Versions, ...] = ()
    unencoded: tuple[Unencoded, ...] = ()
    day_conventions: tuple[DayConvention, ...] = ()
    header_citations: tuple[Citation, ...] = ()  # the articles that set the document's dates (施行, 废止)

    def version(self, name: str) -> Versions:
        return next(v for v in self.versions if v.name == name)

    def fact(self, name: str) -> Fact:
        return next(f for f in self.facts if f.name == name)

    def rule(self, name: str) -> Rule:
        return next(r for r in self.rules if r.name == name)


def cond_facts(c: Cond) -> tuple[str, ...]:
    """The facts a condition reads, in the order it reads them."""
    found: list[str] = []
    for node in walk(c):
        for field in ("fact", "left", "base", "right", "numerator", "denominator"):
            name = getattr(node, field, None)
            if isinstance(name, str) and name not in found:
                found.append(name)
    return tuple(found)


def walk(node: object) -> Iterator[object]:
    """A node and every IR node below it, depth first (spans and plain values skipped)."""
    yield node
    if attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            if field.name == "span":
                continue
            value = getattr(node, field.name)
            for item in value if isinstance(value, tuple) else (value,):
                if attrs.has(type(item)):
                    yield from walk(item)
