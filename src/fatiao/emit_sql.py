"""Backend: IR → one SQL file per spec (DuckDB dialect), one view per rule, for batch evaluation.

Each view reads the table `fatiao_facts` (one row per case, one column per
fact) and adds the rule's result columns. The semantics mirror
interpret.py step for step, as the Python backend does: tiers by CASE in the
order the table's mode decides, boundaries as the IR fixed them, money as
exact DECIMAL (never DOUBLE), fines rounded half-up to the fen once, at the
end, as fatiao_runtime.ops.settle does. `fatiao batch --engine spark` runs the
same text after sqlglot transpiles it.

What SQL cannot say (a deadline's working-day calendar, an order of persons
that depends on the facts, amounts that would need more decimals than
DECIMAL(38) keeps) is reported here, at compile time, with its place in the
spec; `fatiao batch` evaluates such a rule with the generated Python module.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import assert_never

import attrs

from fatiao import ir
from fatiao.escape import sql_comment, sql_ident, sql_str
from fatiao.source import Span
from fatiao_runtime.results import Citation

FACTS_TABLE = "fatiao_facts"
# Helper columns start with this; `fatiao batch` refuses input columns that do.
HELPER_PREFIX = "__fatiao_"
TIER_PREFIX = HELPER_PREFIX + "tier_"
APPLICABLE = HELPER_PREFIX + "applicable"
STAGE_ALIASES = ("fatiao_tiers", "fatiao_applicable")
# Decimal places an amount may have in batch input; `fatiao batch` refuses more, so the
# scale of every product below is known at compile time.
INPUT_SCALE = 6
# DECIMAL(38) keeps 38 digits: past 18 decimals there would be too few left for large amounts.
MAX_SCALE = 18
AMOUNT_SCALE = 12  # a measure's or confiscation's amount: exact, unrounded, as the Python result has it

MONEY = "DECIMAL(38, 2)"
AMOUNT = f"DECIMAL(38, {AMOUNT_SCALE})"
SANCTION = (f"STRUCT(kind VARCHAR, label VARCHAR, modality VARCHAR, amount_low {AMOUNT}, amount_high {AMOUNT}, "
            "amount_unit VARCHAR, period VARCHAR)")
INDIVIDUAL = (f"STRUCT(addressee VARCHAR, fine_low {MONEY}, fine_high {MONEY}, fine_modality VARCHAR, "
              f"sanctions {SANCTION}[])")

# The result columns of each kind of rule, after the columns of `fatiao_facts`.
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "penalty": (("applicable", "BOOLEAN"), ("fine_low", MONEY), ("fine_high", MONEY), ("fine_modality", "VARCHAR"),
                ("row", "VARCHAR"), ("sanctions", f"{SANCTION}[]"), ("individuals", f"{INDIVIDUAL}[]"),
                ("citations", "VARCHAR[]")),
    "requirement": (("compliant", "BOOLEAN"), ("citations", "VARCHAR[]")),
    "deadline": (("start", "DATE"), ("due", "DATE"), ("period", "VARCHAR"), ("citations", "VARCHAR[]")),
    "amount": (("applicable", "BOOLEAN"), ("value_low", AMOUNT), ("value_high", AMOUNT), ("unit", "VARCHAR"),
               ("citations", "VARCHAR[]")),
    "classification": (("applicable", "BOOLEAN"), ("class", "VARCHAR"), ("row", "VARCHAR"),
                       ("citations", "VARCHAR[]")),
}

_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "=", "!=": "<>"}


@attrs.frozen
class Fallback:
    """A rule the SQL backend cannot express: which construct, why, and where in the spec."""

    rule: str
    construct: str
    reason: str
    span: Span = attrs.field(eq=False, repr=False)

    def message(self) -> str:
        return (f"{self.span.location()}: note: 「{self.rule}」: {self.construct} cannot be expressed in SQL "
                f"({self.reason}); `fatiao batch` evaluates this rule with the generated Python module, "
                "one Arrow batch at a time")


@attrs.frozen
class RuleSql:
    name: str
    kind: str  # penalty, requirement or deadline
    query: str | None  # SELECT … FROM fatiao_facts; None when the rule falls back to Python
    fallback: Fallback | None

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        return COLUMNS[self.kind]


@attrs.frozen
class SqlModule:
    stem: str
    rules: tuple[RuleSql, ...]
    text: str

    def rule(self, name: str) -> RuleSql:
        return next(r for r in self.rules if r.name == name)

    @property
    def fallbacks(self) -> tuple[Fallback, ...]:
        return tuple(r.fallback for r in self.rules if r.fallback is not None)


class _Unsupported(Exception):
    def __init__(self, construct: str, reason: str, span: Span):
        super().__init__(construct)
        self.construct = construct
        self.reason = reason
        self.span = span


# ---------------------------------------------------------------- small SQL builders

def _num(value: Decimal) -> tuple[str, int]:
    """An exact numeric literal without exponent, and its scale."""
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    assert isinstance(exponent, int)
    return format(normal, "f"), max(0, -exponent)


def _dec(value: Decimal) -> tuple[str, int]:
    """A constant in arithmetic: typed DECIMAL, so sums of large constants never overflow an INTEGER."""
    text, scale = _num(value)
    return f"CAST({text} AS DECIMAL(38, {scale}))", scale


class _Typed(str):
    """SQL text whose type is known to be DECIMAL(38, scale), so it needs no CAST to be that."""

    scale: int

    def __new__(cls, text: str, scale: int) -> _Typed:
        typed = super().__new__(cls, text)
        typed.scale = scale
        return typed


def _at(value: str, scale: int) -> _Typed:
    """value as DECIMAL(38, scale): where branches or terms meet, both engines would otherwise pick a
    common type by their own rules, and DuckDB's drops decimals when the widths add up past 38."""
    if isinstance(value, _Typed) and value.scale == scale:
        return value
    return _Typed(f"CAST({value} AS DECIMAL(38, {scale}))", scale)


def _paren(text: str) -> str:
    return f"({text})"


def _and(*parts: str | None) -> str | None:
    """None stands for TRUE: a condition that always holds adds nothing."""
    kept = [p for p in parts if p is not None]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else " AND ".join(_paren(p) for p in kept)


def _or(*parts: str | None) -> str | None:
    if any(p is None for p in parts) or not parts:
        return None
    return parts[0] if len(parts) == 1 else " OR ".join(_paren(p) for p in parts)  # type: ignore[arg-type]


def _indent(text: str, by: str = "    ") -> str:
    return text.replace("\n", "\n" + by)


def _case(branches: list[tuple[str | None, str]], otherwise: str | None = None) -> str:
    """CASE over (condition, value); a None condition always holds, so it ends the CASE."""
    out: list[str] = []
    for cond, value in branches:
        if cond is None:
            otherwise = value
            break
        out.append(f"  WHEN {_indent(cond)} THEN {_indent(value)}")
    if not out:
        return otherwise if otherwise is not None else "NULL"
    if otherwise is not None:
        out.append(f"  ELSE {_indent(otherwise)}")
    return "CASE\n" + "\n".join(out) + "\nEND"


def _switch(subject: str, branches: list[tuple[int, str]], otherwise: str | None = None, total: bool = False) -> str:
    """CASE subject WHEN 1 THEN … : the value of the row a tier column chose (NULL when none holds)."""
    if len(branches) == 1 and otherwise is None and total:
        return branches[0][1]  # the one row, which always holds
    out = [f"  WHEN {i} THEN {_indent(value)}" for i, value in branches]
    if otherwise is not None:
        out.append(f"  ELSE {_indent(otherwise)}")
    return f"CASE {subject}\n" + "\n".join(out) + "\nEND"


def _coalesce(parts: list[str]) -> str | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else f"COALESCE({', '.join(parts)})"


def _round_fen(value: str, scale: int) -> str:
    """Half-up to the fen (四舍五入), exactly as ops.to_fen: inputs are never negative, where
    half-up and half-away-from-zero (what ROUND does on DECIMAL in DuckDB and Spark) agree.
    A value with at most two decimals (known at compile time) has nothing to round."""
    if scale <= 2:
        return _at(value, 2)
    return f"CAST(ROUND({value}, 2) AS {MONEY})"


def _list(items: list[tuple[str | None, str]], element_type: str) -> str:
    """A typed list of (condition, element): elements whose condition fails are left out."""
    if not items:
        return f"CAST([] AS {element_type}[])"
    if all(cond is None for cond, _ in items):
        return f"CAST([{', '.join(e for _, e in items)}] AS {element_type}[])"
    elements = ", ".join(e if cond is None else f"CASE WHEN {cond} THEN {e} END" for cond, e in items)
    return f"CAST(list_filter([{elements}], lambda x: x IS NOT NULL) AS {element_type}[])"


def _struct(fields: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{sql_str(k)}: {v}" for k, v in fields) + "}"


def citation_ids(rule: ir.Rule) -> list[str]:
    """《document》article clause item, once each, in the order the rule cites them."""
    ids = (str(Citation(c.document, c.article, c.clause, c.item, c.sentence)) for c in rule.citations)
    return list(dict.fromkeys(ids))


# ---------------------------------------------------------------- values

@attrs.frozen
class _Val:
    """An interval in SQL: `ok` is when it is defined (None: always; a tier table may have no row
    that holds), `row` the last tier label chosen while computing it (None: never chooses one)."""

    ok: str | None
    low: str
    high: str
    row: str | None
    scale: int
    strict: bool = False  # low, high and row are NULL exactly when ok fails: no need to test ok again
    tier: str | None = None  # the tier column, when the value is one table's pick


def _total(t: ir.Table, nested: Callable[[ir.Expr], ir.Table | None]) -> bool:
    """Some row always holds, down every nested table: the table is never without a value."""
    if not any(r.cond is None for r in t.rows):
        return False
    return all(_total(inner, nested) for r in t.rows if (inner := nested(r.value)) is not None)


@attrs.frozen
class _Settled:
    present: str | None  # some fine applied (None: always)
    low: str
    high: str
    modality: str
    scale: int


@attrs.frozen
class _PenaltySql:
    applicable: str | None
    fine: _Settled | None
    fines_present: str | None
    row: str | None
    sanctions: str
    individuals: str
    # The rule applies exactly when its one fine, a single table's pick, has a value: the fine and
    # row columns are NULL exactly when it does not apply, so they need no test of applicability.
    fine_decides: bool = False


class _Compiler:
    def __init__(self, law: ir.Law, rule: ir.Rule, tiers: list[tuple[str, str]] | None = None):
        self.law = law
        self.rule = rule
        self.tiers: list[tuple[str, str]] = [] if tiers is None else tiers  # (column, CASE choosing the row)

    def unsupported(self, construct: str, reason: str, span: Span | None = None) -> _Unsupported:
        return _Unsupported(construct, reason, span or self.rule.span)

    def fact_scale(self, name: str) -> int:
        return 0 if self.law.fact(name).kind == "count" else INPUT_SCALE

    def expr(self, e: ir.Expr, rows: bool) -> _Val:
        match e:
            case ir.RatioConst():
                (low, s1), (high, s2) = _dec(e.low), _dec(e.high)
                return _Val(None, low, high, None, max(s1, s2), strict=True)
            case ir.Const():
                # Amounts at least to the fen: a table of fines is then already in the result's type.
                (low, s1), (high, s2) = _num(e.low), _num(e.high)
                scale = max(s1, s2, 2)
                return _Val(None, _at(low, scale), _at(high, scale), None, scale, strict=True)
            case ir.FactRef():
                fact = self.law.fact(e.name)
                column = sql_ident(e.name)
                if fact.fallback is None:
                    return _Val(None, column, column, None, self.fact_scale(e.name), strict=True)
                # An unknown amount (NULL) takes the law's fallback range; its tiers, if any, name no row.
                fb = self.expr(fact.fallback, False)
                ok = None if fb.ok is None else f"{column} IS NOT NULL OR {_paren(fb.ok)}"
                scale = max(fb.scale, INPUT_SCALE)
                return _Val(ok, _Typed(f"COALESCE({_at(column, scale)}, {_at(fb.low, scale)})", scale),
                            _Typed(f"COALESCE({_at(column, scale)}, {_at(fb.high, scale)})", scale), None, scale,
                            strict=fb.strict and fb.ok is None)
            case ir.LetRef():
                let = next(x for x in self.law.lets if x.name == e.name)
                return self.expr(let.value, rows)
            case ir.Scale():
                base = self.expr(e.base, rows)
                (low, s1), (high, s2) = _dec(e.low), _dec(e.high)
                return self.checked(_Val(base.ok, f"{low} * {_paren(base.low)}", f"{high} * {_paren(base.high)}",
                                         base.row, max(s1, s2) + base.scale, base.strict and base.row is None), e)
            case ir.Add() | ir.Mul():
                parts = [self.expr(p, rows) for p in (e.terms if isinstance(e, ir.Add) else e.factors)]
                if isinstance(e, ir.Add):
                    scale = max(p.scale for p in parts)
                    lows = _Typed(" + ".join(_at(p.low, scale) for p in parts), scale)
                    highs = _Typed(" + ".join(_at(p.high, scale) for p in parts), scale)
                else:
                    scale = sum(p.scale for p in parts)
                    lows = " * ".join(_paren(p.low) for p in parts)
                    highs = " * ".join(_paren(p.high) for p in parts)
                return self.checked(_Val(_and(*(p.ok for p in parts)), lows, highs,
                                         _coalesce([p.row for p in reversed(parts) if p.row is not None]),
                                         scale), e)
            case ir.FineOf():
                other = self.law.rule(e.rule)
                assert isinstance(other, ir.Penalty)
                inner = _Compiler(self.law, other, self.tiers).penalty(other)
                if inner.fine is None:
                    return _Val("FALSE", "NULL", "NULL", None, 2)
                # The other rule must apply and fine someone; its fine is already rounded to the fen.
                ok = _and(inner.applicable, inner.fines_present)
                fine = inner.fine
                return _Val(ok, _round_fen(fine.low, fine.scale), _round_fen(fine.high, fine.scale), None, 2)
            case ir.Table():
                return self.table(e, rows)
            case ir.VersionRef():
                raise self.unsupported(f"the versioned value 「{e.name}」", "which version applies depends on the "
                                       "date of each case")
            case ir.Sub() | ir.Div() | ir.Extreme():
                raise self.unsupported("a difference, quotient, min or max", "the SQL backend computes sums and "
                                       "products of intervals only")
            case _:
                assert_never(e)

    def checked(self, value: _Val, e: ir.Expr) -> _Val:
        if value.scale > MAX_SCALE:
            raise self.unsupported("an amount", f"its exact value needs {value.scale} decimal places, more than the "
                                   f"{MAX_SCALE} that DECIMAL(38) keeps beside large amounts")
        return value

    def nested(self, e: ir.Expr) -> ir.Table | None:
        """The table a row's value is, through named values (`let`)."""
        while isinstance(e, ir.LetRef):
            e = next(x for x in self.law.lets if x.name == e.name).value
        return e if isinstance(e, ir.Table) else None

    def choose(self, t: ir.Table, leaves: list[ir.Row], render: Callable[[int], str] = str) -> str:
        """A CASE giving the leaf the table takes: a row whose value is itself a table is decided by that
        table's own CASE, evaluated only when this row is taken (as in the interpreter); NULL when none.
        `render` gives what a leaf's branch yields, from its 1-based number."""
        order = list(t.rows)
        otherwise: ir.Row | None = None
        if t.mode == "highest":
            # The last row that holds wins; a closing `otherwise` only when no other row holds.
            if len(order) > 1 and order[-1].cond is None:
                otherwise = order.pop()
            order.reverse()
        if otherwise is not None:
            order.append(otherwise)
        numbers: dict[int, str] = {}
        for row in t.rows:  # leaves are numbered in the table's own order, nested ones in place
            inner = self.nested(row.value)
            if inner is not None:
                numbers[id(row)] = self.choose(inner, leaves, render)
            else:
                leaves.append(row)
                numbers[id(row)] = render(len(leaves))
        return _case([(None if r.cond is None else self.cond(r.cond), numbers[id(r)]) for r in order])

    def table(self, t: ir.Table, rows: bool) -> _Val:
        """The leaf a table (with the tables nested in its rows) takes is computed once, into a tier
        column of the inner SELECT (NULL when no row holds); values, labels and definedness then read
        that column.

        When every leaf's value reads only facts (no other tier column), the tier column is a STRUCT of
        the chosen leaf's values, built in the branch that chooses it: the outer SELECT then reads
        fields instead of running one more CASE per result column, which in DuckDB costs more than
        choosing the leaf (measured with bench/batch_benchmark.py: 24 → 40 M rows/s on 第十四条).
        Otherwise the column holds the leaf's number, and each result is a CASE over it."""
        leaves: list[ir.Row] = []
        outer_labels: dict[int, list[str | None]] = {}

        def collect(table: ir.Table, above: list[str | None]) -> None:
            for row in table.rows:
                inner = self.nested(row.value)
                if inner is not None:
                    collect(inner, above + [row.label])
                else:
                    # Leaves in the table's own order, nested ones in place: the numbering choose() uses.
                    leaves.append(row)
                    outer_labels[id(row)] = above + [row.label]

        collect(t, [])
        tier = sql_ident(f"{TIER_PREFIX}{len(self.tiers) + 1}")
        slot = len(self.tiers)
        self.tiers.append((tier, ""))
        values = [(k, row, self.expr(row.value, rows)) for k, row in enumerate(leaves, 1)]
        scale = max(v.scale for _, _, v in values)
        total = _total(t, self.nested)
        with_ok = any(v.ok is not None for _, _, v in values)

        def label(r: ir.Row, v: _Val) -> str:
            # The interpreter records each chosen row's label on the way down: the last one wins.
            own = next((sql_str(x) for x in reversed(outer_labels[id(r)]) if x is not None), None)
            return _coalesce([x for x in (v.row, own) if x is not None]) or "CAST(NULL AS VARCHAR)"

        labelled = rows and any(any(x is not None for x in outer_labels[id(r)]) or v.row is not None
                                for _, r, v in values)
        fields: dict[int, list[tuple[str, str]]] = {}
        for k, _, v in values:
            fields[k] = [("low", _at(v.low, scale)), ("high", _at(v.high, scale))]
            if with_ok:
                fields[k].append(("ok", v.ok if v.ok is not None else "TRUE"))
            if labelled:
                # The label is read off the leaf's number, not carried in the struct: a query that
                # does not select `row` then builds no string per case (+15% on 第十四条's fines).
                fields[k].append(("n", str(k)))
        packed = not any(HELPER_PREFIX in text for parts in fields.values() for _, text in parts)
        self.tiers[slot] = (tier, self.choose(t, [], (lambda k: _struct(fields[k])) if packed else str))

        def pick(get: str) -> str:
            if packed:
                return f"struct_extract({tier}, {sql_str(get)})"
            return _switch(tier, [(k, dict(parts)[get]) for k, parts in fields.items()], total=total)

        def labels() -> str:
            number = pick("n") if packed else tier
            return _switch(number, [(k, label(r, v)) for k, r, v in values], total=total)

        ok: str | None = None if total else f"{tier} IS NOT NULL"
        if with_ok:
            ok = _and(ok, pick("ok") if packed else
                      _switch(tier, [(k, v.ok) for k, _, v in values if v.ok is not None], "TRUE"))
        row_sql = labels() if labelled else None
        strict = all(v.strict and v.ok is None for _, _, v in values)
        return _Val(ok, _Typed(pick("low"), scale), _Typed(pick("high"), scale), row_sql, scale, strict, tier)

    def cond(self, c: ir.Cond) -> str:
        match c:
            case ir.Compare():
                return f"{sql_ident(c.fact)} {_OPS[c.op]} {_num(c.value)[0]}"
            case ir.IsTrue():
                return sql_ident(c.fact)
            case ir.IsMember():
                return f"{sql_ident(c.fact)} = {sql_str(c.member)}"
            case ir.IsClass():
                raise self.unsupported(f"the class of 「{c.rule}」", "the SQL backend does not compile "
                                       "classifications, so a rule that reads one runs through the generated Python")
            case ir.CompareDate():
                return f"{sql_ident(c.fact)} {_OPS[c.op]} DATE '{c.day.isoformat()}'"
            case ir.CompareFacts():
                return f"{sql_ident(c.left)} {_OPS[c.op]} {sql_ident(c.right)}"
            case ir.CompareShifted():
                raise self.unsupported("a day counted from a date", "months and years go to the corresponding day "
                                       "and working days follow the calendar in fatiao_runtime, which SQL does not "
                                       "have")
            case ir.CompareShare():
                if c.denominator is None:
                    # A ratio fact against p/q, cross-multiplied so that DECIMAL stays exact: x >= 2/3 ⇔ 3x >= 2.
                    p, q = c.value.numerator, c.value.denominator
                    return f"{sql_ident(c.numerator)} * {q} {_OPS[c.op]} {p}"
                raise self.unsupported("a share of one fact in another", "a zero denominator must be refused with "
                                       "the fact named, which a SQL view cannot do")
            case ir.IsNone():
                raise self.unsupported("a date that may be none", "the SQL backend reads every fact as given")
            case ir.Not():
                return f"NOT {_paren(self.cond(c.item))}"
            case ir.All():
                parts = self.conjuncts(c.items)
                return parts[0] if len(parts) == 1 else " AND ".join(_paren(part) for part in parts)
            case ir.Any():
                return " OR ".join(_paren(self.cond(i)) for i in c.items)
            case _:
                assert_never(c)

    def conjuncts(self, items: tuple[ir.Cond, ...]) -> list[str]:
        """`x >= a AND x <= b` (a tier's 以上…以下) as one BETWEEN, which DuckDB evaluates in a single
        pass over the column instead of two comparisons and a conjunction (2.9 → 3.4 × 10⁷ rows/s on
        第十四条); both bounds inclusive, as BETWEEN is in DuckDB and Spark."""
        out: list[str] = []
        rest = list(items)
        while rest:
            first = rest.pop(0)
            second = rest[0] if rest else None
            if (isinstance(first, ir.Compare) and isinstance(second, ir.Compare) and first.fact == second.fact
                    and first.op == ">=" and second.op == "<=" and first.value <= second.value):
                rest.pop(0)
                out.append(f"{sql_ident(first.fact)} BETWEEN {_num(first.value)[0]} AND {_num(second.value)[0]}")
            else:
                out.append(self.cond(first))
        return out

    # ------------------------------------------------------------------ penalties
    def settle(self, fines: list[tuple[str | None, _Val, str]]) -> _Settled | None:
        """ops.settle over the fines whose conditions hold: must fines add up; a may fine adds only to
        the ceiling when a must fine is there too; alone, may fines make a may range."""
        if not fines:
            return None

        scale = max(v.scale for _, v, _ in fines)

        def total(part: list[tuple[str | None, _Val, str]], get: str) -> str:
            terms = [_at(getattr(v, get), scale) if cond is None
                     else f"CASE WHEN {cond} THEN {_at(getattr(v, get), scale)} ELSE {_at('0', scale)} END"
                     for cond, v, _ in part]
            return _Typed(" + ".join(terms), scale)

        must = [f for f in fines if f[2] == "must"]
        may = [f for f in fines if f[2] != "must"]
        any_must = _or(*(c for c, _, _ in must)) if must else "FALSE"
        any_may = _or(*(c for c, _, _ in may)) if may else "FALSE"
        with_must = (total(must, "low"), total(must + may, "high") if may else total(must, "high"), "'must'")
        only_may = (total(may, "low"), total(may, "high"), "'may'") if may else ("NULL", "NULL", "NULL")
        if not must:
            return _Settled(any_may, *only_may, scale)
        if any_must is None:
            return _Settled(None, *with_must, scale)
        if not may:
            return _Settled(any_must, *with_must, scale)
        low, high, modality = (_case([(any_must, a), (any_may, b)]) for a, b in zip(with_must, only_may, strict=True))
        return _Settled(_or(any_must, any_may), _Typed(low, scale), _Typed(high, scale), modality, scale)

    def sanction_struct(self, s: ir.Sanction) -> tuple[str | None, str]:
        """(when the amount is defined, the struct) of a consequence other than a fine."""
        ok = None
        low = high = f"CAST(NULL AS {AMOUNT})"
        unit = "CAST(NULL AS VARCHAR)"
        if s.amount is not None:
            value = self.expr(s.amount, False)
            if value.scale > AMOUNT_SCALE:
                raise self.unsupported(f"the amount of 「{s.label}」", f"its exact value needs {value.scale} decimal "
                                       f"places; results keep {AMOUNT_SCALE}", s.span)
            ok = value.ok
            times = " * 100" if s.amount_unit == "%" else ""
            low = f"CAST({_paren(value.low)}{times} AS {AMOUNT})"
            high = f"CAST({_paren(value.high)}{times} AS {AMOUNT})"
            unit = sql_str(s.amount_unit or "")
        period = sql_str(s.period) if s.period else "CAST(NULL AS VARCHAR)"
        return ok, _struct([("kind", sql_str(s.kind)), ("label", sql_str(s.label)), ("modality", sql_str(s.modality)),
                            ("amount_low", low), ("amount_high", high), ("amount_unit", unit), ("period", period)])

    def penalty(self, rule: ir.Penalty) -> _PenaltySql:
        people = [s.addressee for s in rule.sanctions if s.addressee is not None]
        runs = [a for i, a in enumerate(people) if i == 0 or people[i - 1] != a]
        if len(runs) != len(set(runs)):
            # Persons are listed in the order their first consequence applies; interleaved,
            # that order depends on the facts, which a list literal cannot follow.
            raise self.unsupported("the order of the persons", "their consequences interleave, so who is listed "
                                   "first depends on the facts")
        oks: list[str | None] = []
        unit_fines: list[tuple[str | None, _Val, str]] = []
        rows: list[tuple[str | None, str]] = []
        sanctions: list[tuple[str | None, str]] = []
        persons: dict[str, tuple[list[tuple[str | None, _Val, str]], list[tuple[str | None, str]], list[str | None]]]
        persons = {}
        for s in rule.sanctions:
            when = self.cond(s.when) if s.when is not None else None
            if s.kind == "fine":
                assert s.amount is not None
                labelled = s.addressee is None and any(isinstance(n, ir.Table) and any(r.label for r in n.rows)
                                                       for n in ir.walk(s.amount))
                value = self.expr(s.amount, labelled)
                ok = value.ok
                if s.addressee is None:
                    unit_fines.append((when, value, s.modality))
                    if labelled and value.row is not None:
                        rows.append((when, value.row))
                else:
                    persons.setdefault(s.addressee, ([], [], []))[0].append((when, value, s.modality))
            else:
                ok, struct = self.sanction_struct(s)
                if s.addressee is None:
                    sanctions.append((when, struct))
                else:
                    persons.setdefault(s.addressee, ([], [], []))[1].append((when, struct))
            if s.addressee is not None:
                persons[s.addressee][2].append(when)
            # A sanction whose amount has no tier that holds makes the whole rule inapplicable,
            # but only when its condition holds: otherwise it is never evaluated.
            if ok is not None:
                oks.append(ok if when is None else f"NOT {_paren(when)} OR {_paren(ok)}")
        applicable = _and(self.cond(rule.when) if rule.when is not None else None, *oks)
        fine = self.settle(unit_fines)
        only = unit_fines[0][1] if len(unit_fines) == 1 and unit_fines[0][0] is None else None
        fine_decides = (rule.when is None and only is not None and only.strict and only.tier is not None
                        and oks == [only.ok])
        row = _coalesce([v if c is None else f"CASE WHEN {c} THEN {v} END" for c, v in reversed(rows)])
        individuals: list[tuple[str | None, str]] = []
        for who, (fines, extra, whens) in persons.items():
            settled = self.settle(fines)
            fields = [("addressee", sql_str(who))]
            if settled is None:
                fields += [("fine_low", f"CAST(NULL AS {MONEY})"), ("fine_high", f"CAST(NULL AS {MONEY})"),
                           ("fine_modality", "CAST(NULL AS VARCHAR)")]
            else:
                fields += [("fine_low", _round_fen(settled.low, settled.scale)),
                           ("fine_high", _round_fen(settled.high, settled.scale)),
                           ("fine_modality", settled.modality)]
            fields.append(("sanctions", _list(extra, SANCTION)))
            individuals.append((_or(*whens), _struct(fields)))
        return _PenaltySql(applicable, fine, fine.present if fine else "FALSE", row,
                           _list(sanctions, SANCTION), _list(individuals, INDIVIDUAL), fine_decides)


# ---------------------------------------------------------------- views

def _select(columns: list[tuple[str, str, str]], stages: list[list[tuple[str, str]]]) -> str:
    """Every input column, then the results. Helper columns (the tier each table takes, whether the
    rule applies) are computed once each, in nested SELECTs, and left out of the result."""
    source = sql_ident(FACTS_TABLE)
    helpers: list[str] = []
    for depth, stage in enumerate(s for s in stages if s):
        inner = ",\n".join(["    *", *(f"    {_indent(expr)} AS {name}" for name, expr in stage)])
        body = f"SELECT\n{inner}\nFROM {source}"
        source = f"(\n    {_indent(body)}\n) AS {sql_ident(STAGE_ALIASES[depth])}"
        helpers += [name for name, _ in stage]
    star = f"    * EXCLUDE ({', '.join(helpers)})" if helpers else "    *"
    results = [f"    {_indent(_cast(expr, sql_type))} AS {sql_ident(name)}" for name, expr, sql_type in columns]
    return "SELECT\n" + ",\n".join([star, *results]) + f"\nFROM {source}"


def _cast(expr: str, sql_type: str) -> str:
    """CAST to the column's type, unless expr is already one CAST to it."""
    if expr.startswith("CAST(") and expr.endswith(f" AS {sql_type})"):
        depth = 0
        for i, ch in enumerate(expr):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0 and i >= 4:
                if i == len(expr) - 1:
                    return expr
                break
    return f"CAST({expr} AS {sql_type})"


def _penalty_query(law: ir.Law, rule: ir.Penalty) -> str:
    compiler = _Compiler(law, rule)
    p = compiler.penalty(rule)
    stages = [compiler.tiers]
    applicable = p.applicable
    if applicable is not None and compiler.tiers:
        stages.append([(sql_ident(APPLICABLE), applicable)])
        applicable = sql_ident(APPLICABLE)

    def when_applicable(value: str, empty: str = "NULL") -> str:
        if applicable is None or value == empty:
            return value
        return _case([(applicable, value)], None if empty == "NULL" else empty)

    def decided(value: str) -> str:
        return value if p.fine_decides else when_applicable(value)

    if p.fine is None:
        low = high = modality = "NULL"
    else:
        low = _round_fen(p.fine.low, p.fine.scale)
        high = _round_fen(p.fine.high, p.fine.scale)
        modality = p.fine.modality
        if p.fine.present is not None:
            low, high, modality = (_case([(p.fine.present, x)]) for x in (low, high, modality))
    cites = ", ".join(sql_str(c) for c in citation_ids(rule))
    types = dict(COLUMNS["penalty"])
    return _select([
        ("applicable", applicable or "TRUE", "BOOLEAN"),
        ("fine_low", decided(low), types["fine_low"]),
        ("fine_high", decided(high), types["fine_high"]),
        ("fine_modality", when_applicable(modality), "VARCHAR"),
        ("row", decided(p.row or "NULL"), "VARCHAR"),
        ("sanctions", when_applicable(p.sanctions, f"CAST([] AS {SANCTION}[])"), types["sanctions"]),
        ("individuals", when_applicable(p.individuals, f"CAST([] AS {INDIVIDUAL}[])"), types["individuals"]),
        ("citations", f"[{cites}]", "VARCHAR[]"),
    ], stages)


def compile_rule(law: ir.Law, rule: ir.Rule) -> RuleSql:
    kind = type(rule).__name__.lower()
    try:
        if rule.validity.needs_date or rule.validity.anchor is not None:
            raise _Unsupported("a rule in force for a limited period", "whether it applies depends on the date of "
                               "each case, which the SQL views do not take", rule.span)
        match rule:
            case ir.Penalty():
                query = _penalty_query(law, rule)
            case ir.Requirement():
                cites = ", ".join(sql_str(c) for c in citation_ids(rule))
                query = _select([("compliant", _Compiler(law, rule).cond(rule.cond), "BOOLEAN"),
                                 ("citations", f"[{cites}]", "VARCHAR[]")], [])
            case ir.Deadline():
                raise _Unsupported("a deadline", "it counts working days and moves past public holidays with the "
                                   "calendar in fatiao_runtime, which SQL does not have", rule.span)
            case ir.Amount() | ir.Classification():
                raise _Unsupported(f"{'an amount' if isinstance(rule, ir.Amount) else 'a classification'} rule",
                                   "the SQL backend compiles penalties and requirements; this rule runs through the "
                                   "generated Python evaluator", rule.span)
            case _:
                assert_never(rule)
    except _Unsupported as gap:
        return RuleSql(rule.name, kind, None, Fallback(rule.name, gap.construct, gap.reason, gap.span))
    return RuleSql(rule.name, kind, query, None)


def compile_sql(law: ir.Law) -> SqlModule:
    rules = tuple(compile_rule(law, r) for r in law.rules)
    return SqlModule(law.stem, rules, _render(law, rules))


def emit_sql(law: ir.Law) -> str:
    return compile_sql(law).text


def _render(law: ir.Law, rules: tuple[RuleSql, ...]) -> str:
    out = [
        f"-- Generated by fatiao from {sql_comment(law.spec_path)}. Do not edit; run `fatiao build`.",
        f"-- 《{sql_comment(law.title)}》 as SQL views, one per rule (DuckDB dialect; `fatiao batch --engine spark`",
        "-- runs the same views after transpiling them with sqlglot).",
        "--",
        f"-- Every view reads the table {FACTS_TABLE}: one row per case, one column per fact the rule reads,",
        "-- checked and typed as `fatiao batch` does: amounts exact (DECIMAL with at most "
        f"{INPUT_SCALE} decimal places, or",
        "-- integers; never DOUBLE), counts BIGINT, flags BOOLEAN, enum values VARCHAR, dates DATE; NULL only",
        "-- for an amount the law gives a fallback for (unknown). It returns every column of "
        f"{FACTS_TABLE}, then the",
        "-- rule's results; money is DECIMAL(38, 2), rounded half-up to the fen.",
    ]
    fallbacks = [r for r in rules if r.fallback is not None]
    if fallbacks:
        out += ["--", "-- Not expressible in SQL (`fatiao batch` runs the generated Python module for these):"]
        for r in fallbacks:
            assert r.fallback is not None
            out.append(f"--   {sql_comment(r.name)}: {sql_comment(r.fallback.construct)} "
                       f"({sql_comment(r.fallback.reason)}; {sql_comment(r.fallback.span.location())})")
    for rule, compiled in zip(law.rules, rules, strict=True):
        out += ["", f"-- ---- {sql_comment(rule.name)} ({sql_comment(law.spec_path)}:{rule.span.line})"]
        out += [f"-- {sql_comment(c)}" for c in citation_ids(rule)]
        if compiled.query is None:
            out.append("-- (evaluated by the generated Python module; see above)")
            continue
        out.append(f"CREATE OR REPLACE TEMP VIEW {sql_ident(rule.name)} AS")
        out.append(compiled.query + ";")
    return "\n".join(out) + "\n"
