"""The surface AST: what the legal engineer wrote, as frozen attrs nodes with spans.

Spans never take part in equality, so two parses of the same spec laid out
differently compare equal (the formatter's round trip relies on this).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from fatiao.source import Span


@attrs.frozen
class Node:
    span: Span = attrs.field(kw_only=True, eq=False, repr=False)


@attrs.frozen
class Name(Node):
    """A name the spec declares or refers to: 违法所得, 一般事故, 篡改伪造数据."""
    text: str


# ---- literals

@attrs.frozen
class QuantityLit(Node):
    """A number with its unit as written: 50万元 is value 500000, unit 元."""
    value: Decimal
    unit: str
    text: str
    per: str | None = None  # 80元/吨二氧化碳当量: a price per unit (examples only)


@attrs.frozen
class FractionLit(Node):
    """A share written as a fraction (三分之二 as 2/3): kept as two whole numbers, never rounded."""
    numerator: int
    denominator: int
    text: str


@attrs.frozen
class FactorLit(Node):
    """A multiple (5x, 5倍) or a percentage (40%), stored as the factor (5, 0.4)."""
    value: Decimal
    text: str


# ---- annotations

@attrs.frozen
class Quote(Node):
    """A sentence of the law, verbatim; `…` marks an elision between fragments."""
    text: str


@attrs.frozen
class Citation(Node):
    """`§ 第二十二条 第一款 （一） "…"`: where in the law a declaration comes from."""
    article: str
    clause: str | None
    item: str | None
    quotes: tuple[Quote, ...]


@attrs.frozen
class Reading(Node):
    """How the spec reads an ambiguous sentence, and why; shown beside the rule in the docs."""
    text: str


@attrs.frozen
class Acknowledge(Node):
    """`acknowledge "fine-ratio" "reason"`: a lint this rule departs from on purpose."""
    code: str
    reason: str


@attrs.frozen
class Implements(Node):
    """`implements "《安全生产法》第一百一十四条（一）" 30万元..100万元`: the higher law's range for this violation."""
    source: str
    low: QuantityLit
    high: QuantityLit


@attrs.frozen
class Validity(Node):
    """`valid from 2023-05-01 until 2024-12-31`: when a declaration is in force, both days included."""
    start: datetime.date | None
    end: datetime.date | None


@attrs.frozen
class AsOf(Node):
    """`as of 违法行为发生日期`: the date fact that decides which law a case falls under."""
    fact: Name


Annotation = Citation | Reading | Acknowledge | Implements | Validity | AsOf


# ---- types of facts

@attrs.frozen
class MoneyType(Node):
    """Money in yuan, or money per unit (平均成交价格: 元 per 吨二氧化碳当量)."""
    per: str | None


@attrs.frozen
class CountType(Node):
    """A count of people or things: 人, 次, 项."""
    unit: str


@attrs.frozen
class QuantityType(Node):
    """A measured quantity: 公顷, 立方米, 吨二氧化碳当量, 年."""
    unit: str


@attrs.frozen
class DateType(Node):
    """A calendar date."""


@attrs.frozen
class DateTimeType(Node):
    """A moment (date and time of day), for periods the law counts in hours."""


@attrs.frozen
class BoolType(Node):
    """A circumstance that holds or not: 拒不改正, 情节严重."""


@attrs.frozen
class RatioType(Node):
    """A proportion such as 40%."""


@attrs.frozen
class EnumType(Node):
    """One value of a declared enum (事故等级)."""
    name: Name


TypeExpr = MoneyType | CountType | QuantityType | DateType | DateTimeType | BoolType | RatioType | EnumType


# ---- expressions (every value is an interval in its unit)

@attrs.frozen
class Quantity(Node):
    """A literal amount: 50万元."""
    lit: QuantityLit


@attrs.frozen
class RangeLit(Node):
    """`50万元..200万元`, or `..10万元` (no lower bound written: from zero)."""
    low: QuantityLit | None
    high: QuantityLit


@attrs.frozen
class Ref(Node):
    """A fact or a `let` value, by name."""
    name: Name


@attrs.frozen
class FineOf(Node):
    """`fine of 规则`: the fine that another penalty decides (aggravation, aggregation)."""
    rule: Name


@attrs.frozen
class FactorRange(Node):
    """`5x..10x`, `40%`, `..1x` (up to 1×, 等值以下)."""
    low: FactorLit | None
    high: FactorLit


@attrs.frozen
class Scaled(Node):
    """`5x..10x 违法所得`: a multiple or percentage range of a base."""
    factor: FactorRange
    base: Expr


@attrs.frozen
class Ratio(Node):
    """A bare proportion range, e.g. how much of an allowance to cut: 50%..100%."""
    factor: FactorRange


@attrs.frozen
class Add(Node):
    """A sum of separately decided amounts (分别裁量，合并作出)."""
    terms: tuple[Expr, ...]


@attrs.frozen
class Sub(Node):
    """A difference: 应退还金额 - 已抵减金额."""
    left: Expr
    right: Expr


@attrs.frozen
class Div(Node):
    """A quotient: 出口销售额 / 全部销售额; dividing by zero is refused at run time."""
    left: Expr
    right: Expr


@attrs.frozen
class Extreme(Node):
    """`min(a, b)` / `max(a, b)`: 滞纳金不得超过本金, 以较高者为准."""
    kind: str  # min | max
    items: tuple[Expr, ...]


@attrs.frozen
class Mul(Node):
    """A product: 未清缴配额 * 平均成交价格."""
    factors: tuple[Expr, ...]


@attrs.frozen
class CaseRow(Node):
    """One row of a tier table: `（二） 死亡人数 = 1人 or … => 50万元..70万元`."""
    label: str | None
    cond: Cond | None  # None for `otherwise`
    value: Expr


@attrs.frozen
class Cases(Node):
    """A tier table. `first`: the first row that holds; `highest`: the last (most severe) one."""
    mode: str
    rows: tuple[CaseRow, ...]


@attrs.frozen
class ByRow(Node):
    """One row of `by 事故等级 { 一般事故 => … }`."""
    label: str | None
    member: Name
    value: Expr


@attrs.frozen
class ByEnum(Node):
    """A table keyed by the value of an enum fact."""
    fact: Name
    rows: tuple[ByRow, ...]


Expr = Quantity | RangeLit | Ref | FineOf | Scaled | Ratio | Add | Sub | Mul | Div | Extreme | Cases | ByEnum


# ---- conditions

@attrs.frozen
class Flag(Node):
    """A bool fact that holds: 拒不改正."""
    name: Name


@attrs.frozen
class EnumIs(Node):
    """`事故等级 is 一般事故`."""
    fact: Name
    member: Name


@attrs.frozen
class Bound(Node):
    """One bound as the law words it: `50万元 以上`, `不足 50万元`, `>= 3人`, `不低于 2/3`."""
    word: str
    value: QuantityLit | FractionLit


@attrs.frozen
class Banded(Node):
    """A fact within one or two bounds: `重伤人数 3人以上6人以下`; with `per`, the share
    `省外专家人数 / 专家组人数 不低于 2/3`."""
    fact: Name
    bounds: tuple[Bound, ...]
    per: Name | None = None  # the denominator of a share


@attrs.frozen
class ShiftedDate(Node):
    """A day counted from a date fact as a deadline counts: `5年 before 申请登记日期` (申请登记之日前五年)."""
    period: QuantityLit
    before: bool
    base: Name


@attrs.frozen
class ShiftedCompare(Node):
    """A date fact against a day counted from another: `减排量产生日期 >= 5年 before 申请登记日期`."""
    fact: Name
    op: str
    day: ShiftedDate


@attrs.frozen
class IsNone(Node):
    """`最近严重失信记录日期 is none`: a `date or none` fact that has no date (there is no record)."""
    fact: Name


@attrs.frozen
class DateCompare(Node):
    """A date fact against a day the law names: `开工日期 > 2012-11-08` (2012年11月8日之后)."""
    fact: Name
    op: str
    day: datetime.date


@attrs.frozen
class Relate(Node):
    """Two facts compared with each other: `个人费率 不超过 单位费率`, `申请日期 < 期限届满日期`."""
    left: Name
    word: str  # 不超过, 超过, <, >=, …
    right: Name


@attrs.frozen
class Not(Node):
    """`not 拒不改正`."""
    item: Cond


@attrs.frozen
class AllOf(Node):
    """`a and b`."""
    items: tuple[Cond, ...]


@attrs.frozen
class AnyOf(Node):
    """`a or b` (或者)."""
    items: tuple[Cond, ...]


Cond = Flag | EnumIs | Banded | Relate | DateCompare | ShiftedCompare | IsNone | Not | AllOf | AnyOf


# ---- statements inside a penalty

@attrs.frozen
class Fine(Node):
    """A fine on the addressee: `fine 5万元..50万元`; modality 处 (must) unless `may`."""
    modality: str
    value: Expr


@attrs.frozen
class Confiscate(Node):
    """`confiscate 违法所得`: 没收."""
    modality: str
    fact: Name


@attrs.frozen
class Measure(Node):
    """Any other sanction or order: 责令改正, 责令停产整治, 核减配额 by 50%..100%, 禁止从事 for 5年."""
    modality: str
    label: Name
    by: Expr | None
    period: QuantityLit | None
    for_life: bool


@attrs.frozen
class Individual(Node):
    """Sanctions on persons (直接负责的主管人员…), kept apart from the unit's."""
    addressee: Name
    body: tuple[Stmt, ...]


@attrs.frozen
class IfBlock(Node):
    """Sanctions that apply only when a later or aggravating fact holds (拒不改正, 情节严重)."""
    cond: Cond
    body: tuple[Stmt, ...]


Stmt = Fine | Confiscate | Measure | Individual | IfBlock


# ---- declarations

@attrs.frozen
class LawMeta(Node):
    """The document the spec encodes: title, issuer, dates, level in the hierarchy of norms."""
    annotations: tuple[Annotation, ...]
    title: str
    issuer: str | None
    issued: datetime.date | None
    published: datetime.date | None
    effective: datetime.date | None
    level: str | None
    number: str | None
    until: datetime.date | None = None  # the last day in force (a sunset), if the document sets one
    replaces: str | None = None  # the document it repeals, for the docs


@attrs.frozen
class FactDecl(Node):
    """An input a rule needs: `fact 违法所得: money`."""
    annotations: tuple[Annotation, ...]
    name: Name
    type: TypeExpr
    external: str | None
    fallback: Expr | None
    optional: bool = False  # `or none`: the date may not exist at all (no record), unlike an unknown amount


@attrs.frozen
class EnumDecl(Node):
    """An ordered set of values, least severe first: 一般事故, 较大事故, …"""
    annotations: tuple[Annotation, ...]
    name: Name
    members: tuple[Name, ...]


@attrs.frozen
class LetDecl(Node):
    """A named value computed from facts."""
    annotations: tuple[Annotation, ...]
    name: Name
    value: Expr


@attrs.frozen
class Definition(Node):
    """A term the law defines, kept for the docs: 清缴, 上一年年收入."""
    annotations: tuple[Annotation, ...]
    name: Name
    text: str | None


@attrs.frozen
class Convention(Node):
    """How the document reads 以上/以下/以内: whether they include the number itself."""
    annotations: tuple[Annotation, ...]
    word: str
    includes: bool
    article: str | None


@attrs.frozen
class DayConvention(Node):
    """`convention 三日, 五日 mean 工作日`: periods the document counts in working days."""
    annotations: tuple[Annotation, ...]
    periods: tuple[QuantityLit, ...]
    unit: str


@attrs.frozen
class Penalty(Node):
    """What the law imposes for a violation, on a unit and on persons."""
    annotations: tuple[Annotation, ...]
    name: Name
    subject: Name | None
    when: Cond | None  # the penalty applies only when this holds (derivative liability)
    body: tuple[Stmt, ...]


@attrs.frozen
class Deadline(Node):
    """`deadline 反馈核查结果 = 7个工作日 after 核查完成日期 [extendable by 10个工作日]`."""
    annotations: tuple[Annotation, ...]
    name: Name
    period: Expr  # a Quantity, a by/cases table of them (档案: 20年 or 10年 by 档案馆级别), or a fact (Ref)
    event: Name
    reached: bool = False  # 满N年: the anniversary itself, never moved off a holiday
    extension: QuantityLit | None = None
    before: bool = False  # 提前30日 / 听证的七日前: the latest day to act, counted back from the event
    excluding: Name | None = None  # a fact counting days the period does not run (鉴定、检测时间)
    further: tuple[QuantityLit | Name, ...] = ()  # extensions on top of the first: a period, or a fact
    when: Cond | None = None  # the deadline is set only when this holds (抢险救援时间超过30日的)


@attrs.frozen
class Amount(Node):
    """`amount 加计扣除额 = 100% 研发费用`: a value the law computes (a deduction, a contribution, a fee)."""
    annotations: tuple[Annotation, ...]
    name: Name
    when: Cond | None
    value: Expr


@attrs.frozen
class Classify(Node):
    """`classify 事故等级判定: 事故等级 = cases highest { … => 重大事故 }`: the law sorts a case into a class."""
    annotations: tuple[Annotation, ...]
    name: Name
    enum: Name
    table: Cases


@attrs.frozen
class Version(Node):
    """One period of a versioned value, with its own citation."""
    annotations: tuple[Annotation, ...]
    start: datetime.date
    end: datetime.date | None
    value: Expr


@attrs.frozen
class Versions(Node):
    """A value that the law changes over time: each version cites the text that set it."""
    annotations: tuple[Annotation, ...]
    name: Name
    rows: tuple[Version, ...]


@attrs.frozen
class Unencoded(Node):
    """A rule of the law the spec deliberately does not encode, and why (for the coverage report)."""
    annotations: tuple[Annotation, ...]
    reason: str


@attrs.frozen
class Requirement(Node):
    """A condition the law requires to hold: 检查人员 不少于 2人."""
    annotations: tuple[Annotation, ...]
    name: Name
    cond: Cond


# ---- examples

@attrs.frozen
class Unknown(Node):
    """A fact given as unknown, so its `if unknown` fallback applies."""


@attrs.frozen
class NoneLit(Node):
    """A `date or none` fact given as none: there is no such day (no record at all)."""


@attrs.frozen
class DateLit(Node):
    value: datetime.date


@attrs.frozen
class DateTimeLit(Node):
    value: datetime.datetime


@attrs.frozen
class BoolLit(Node):
    value: bool


GivenValue = QuantityLit | FactorLit | DateLit | DateTimeLit | BoolLit | Unknown | NoneLit | Name


@attrs.frozen
class Given(Node):
    name: Name
    value: GivenValue


@attrs.frozen
class Expect(Node):
    """What an example expects: kind is fine, individual, row, measure, no-measure,
    not-applicable, due, compliant or violated."""
    kind: str
    subject: Name | None = None
    low: QuantityLit | FactorLit | None = None  # a factor (1%) only for amounts that are ratios
    high: QuantityLit | FactorLit | None = None
    label: str | None = None
    modality: str | None = None
    date: datetime.date | None = None
    period: QuantityLit | None = None
    for_life: bool = False
    by: tuple[Decimal, Decimal, str] | None = None  # a measure's amount: 50%..100% (in %) or quantities


@attrs.frozen
class Example(Node):
    """A worked case embedded in the spec; `fatiao test` runs it."""
    annotations: tuple[Annotation, ...]
    title: str
    rule: Name
    givens: tuple[Given, ...]
    expects: tuple[Expect, ...]
    as_of: datetime.date | None = None  # `example … on 2024-06-01`: the date the case is judged at


Decl = (FactDecl | EnumDecl | LetDecl | Definition | Convention | DayConvention | Penalty | Deadline | Requirement
        | Amount | Classify | Versions | Unencoded | Example)


@attrs.frozen
class Spec(Node):
    """A whole spec file: one law document."""
    meta: LawMeta
    decls: tuple[Decl, ...]
