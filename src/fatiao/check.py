"""Stage 3: AST → CheckedSpec. Names, units, ranges, conventions, citations, examples.

A CheckedSpec exists only if checking passed: `lower` accepts nothing else.
Every mistake is collected with its span; the stage raises once, with all of them.
"""

from __future__ import annotations

import builtins
import datetime
import difflib
import keyword
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import assert_never

import attrs

from fatiao import ast
from fatiao.diagnostics import Code, Label, Reporter
from fatiao.keywords import CONVENTION_WORDS, FIXED_WORDS, FOREIGN_WORDS, glued_suffix
from fatiao.lawtext import LawText
from fatiao.source import Span
from fatiao.units import DURATION_UNITS, PERCENT, Dim, dim_of_threshold, to_base


@attrs.frozen
class FactType:
    """What a fact holds: a quantity of some dimension, a date, a bool, a ratio or an enum member."""
    kind: str
    dim: Dim | None = None
    enum: str | None = None

    def describe(self) -> str:
        if self.kind == "quantity" and self.dim is not None:
            return self.dim.describe()
        if self.kind == "enum":
            return f"a value of {self.enum}"
        return {"date": "a date", "datetime": "a moment (date and time)", "bool": "true or false",
                "ratio": "a ratio"}[self.kind]


@attrs.frozen
class CheckedSpec:
    """The proof that a spec passed checking, with what lowering needs to know."""
    spec: ast.Spec
    stem: str
    symbols: dict[str, ast.Decl] = attrs.field(eq=False)
    fact_types: dict[str, FactType] = attrs.field(eq=False)
    let_dims: dict[str, Dim] = attrs.field(eq=False)
    enums: dict[str, tuple[str, ...]] = attrs.field(eq=False)
    conventions: dict[tuple[str, str | None], bool] = attrs.field(eq=False)
    law: LawText
    day_units: dict[Decimal, str] = attrs.field(eq=False, factory=dict)  # 五日 → 工作日, by the document
    versions_dims: dict[str, Dim | None] = attrs.field(eq=False, factory=dict)


# Names a generated module defines or uses itself: a fact or rule with one of
# these names would shadow it.
_RESERVED = frozenset({
    "TITLE", "ISSUER", "LEVEL", "ISSUED", "PUBLISHED", "EFFECTIVE", "RULES", "Decimal", "datetime", "Any",
    "Literal", "Citation", "DeadlineResult", "IndividualResult", "PenaltyResult", "Range", "RequirementResult",
    "Sanction", "annotations",
}) | frozenset(dir(builtins)) | frozenset(keyword.softkwlist)

# The lints of `fatiao verify` a spec may acknowledge (国发〔2024〕5号).
LINT_CODES = ("fine-ratio", "fine-without-correction", "exceeds-higher-law", "number-not-in-quote",
              # properties of the law itself, which a spec may acknowledge once it has explained them
              "escalation-milder", "non-monotone", "fine-jump")

_NEEDS_QUOTE = (ast.Penalty, ast.Deadline, ast.Requirement, ast.Definition, ast.Convention, ast.DayConvention,
                ast.Amount, ast.Classify, ast.Unencoded)
_RULES = (ast.Penalty, ast.Deadline, ast.Requirement, ast.Amount, ast.Classify)


def check(spec: ast.Spec, law: LawText | None, stem: str) -> CheckedSpec:
    reporter = Reporter()
    checker = _Checker(spec, law, reporter)
    checker.run()
    reporter.done()
    assert law is not None
    day_units = {p.value: c.unit for c in checker.day_conventions for p in c.periods}
    return CheckedSpec(spec, stem, checker.symbols, checker.fact_types, checker.let_dims,
                       checker.enums, checker.conventions, law, day_units, checker.versions_dims)


class _Checker:
    def __init__(self, spec: ast.Spec, law: LawText | None, reporter: Reporter):
        self.spec = spec
        self.law = law
        self.r = reporter
        self.symbols: dict[str, ast.Decl] = {}
        self.fact_types: dict[str, FactType] = {}
        self.let_dims: dict[str, Dim] = {}
        self.let_failed: set[str] = set()
        self._facts_cache: dict[int, set[str]] = {}
        self.enums: dict[str, tuple[str, ...]] = {}
        self.conventions: dict[tuple[str, str | None], bool] = {}
        self.day_conventions: list[ast.DayConvention] = []
        self.versions_dims: dict[str, Dim | None] = {}
        self.amount_dims: dict[str, Dim | None] = {}

    # ------------------------------------------------------------------ driver
    def run(self) -> None:
        if self.law is None:
            self.r.error(Code.NO_LAW_TEXT, f"no law text for 《{self.spec.meta.title}》",
                         self.spec.meta.span,
                         hint="put the cleaned text of the document in specs/law/<stem>.txt, "
                              "beside the spec; quotes are checked against it")
        self.check_meta()
        self.declare()
        for cite in self.spec.meta.annotations:
            if isinstance(cite, ast.Citation):
                self.check_citation(cite, required=True)
        # Day conventions change how every deadline counts, wherever they sit in the spec.
        for decl in self.spec.decls:
            if isinstance(decl, ast.DayConvention):
                self.check_day_convention(decl)
        for decl in self.spec.decls:
            self.check_annotations(decl)
            self.check_validity(decl)
            match decl:
                case ast.FactDecl():
                    self.check_fact(decl)
                case ast.EnumDecl() | ast.Definition():
                    pass
                case ast.LetDecl():
                    self.let_dim(decl, set())
                case ast.Convention():
                    self.check_convention(decl)
                case ast.DayConvention():
                    pass
                case ast.Amount():
                    if decl.when is not None:
                        self.check_cond(decl.when)
                    self.amount_dims[decl.name.text] = self.expr_dim(decl.value)
                case ast.Classify():
                    self.check_classify(decl)
                case ast.Versions():
                    self.versions_dim(decl)
                    self.check_versions(decl)
                case ast.Unencoded():
                    if not decl.reason.strip():
                        self.r.error(Code.BAD_META, "say why the rule is not encoded", decl.span)
                case ast.Penalty():
                    if decl.when is not None:
                        self.check_cond(decl.when)
                    self.check_body(decl.body, decl.name.text, top=True)
                case ast.Deadline():
                    self.check_deadline(decl)
                case ast.Requirement():
                    self.check_cond(decl.cond)
                case ast.Example():
                    pass
                case _:
                    assert_never(decl)
        self.check_fine_cycles()
        for decl in self.spec.decls:
            if isinstance(decl, ast.Example):
                self.check_example(decl)

    def check_meta(self) -> None:
        meta = self.spec.meta
        if not meta.title.strip():
            self.r.error(Code.BAD_META, "the law needs its title", meta.span)
        if self.law is not None and meta.title != self.law.title:
            self.r.error(Code.BAD_META,
                         f"the title 《{meta.title}》 differs from the law text's 《{self.law.title}》",
                         meta.span, hint=f"the first line of {self.law.path} is the document's title")
        if meta.until is not None and meta.effective is not None and meta.until < meta.effective:
            self.r.error(Code.BAD_VALIDITY, f"the document ends ({meta.until}) before it takes effect "
                         f"({meta.effective})", meta.span)
        if meta.level is not None and meta.level not in ("法律", "行政法规", "部门规章", "地方性法规",
                                                         "规范性文件"):
            self.r.error(Code.BAD_META, f"unknown level 「{meta.level}」", meta.span,
                         hint="one of 法律, 行政法规, 部门规章, 地方性法规, 规范性文件")

    # ------------------------------------------------------------------ names
    def declare(self) -> None:
        folded: dict[str, ast.Name] = {}
        for decl in self.spec.decls:
            name = getattr(decl, "name", None)
            if name is None:
                continue
            if name.text in _RESERVED or name.text.startswith("_") or keyword.iskeyword(name.text):
                self.r.error(Code.NAME_CLASH, f"「{name.text}」 is reserved in the generated Python module",
                             name.span, hint="choose another name; names starting with _ are reserved too")
            fold = unicodedata.normalize("NFKC", name.text)
            if fold in folded and folded[fold].text != name.text:
                self.r.error(Code.NAME_CLASH, f"「{name.text}」 and 「{folded[fold].text}」 are one name to Python",
                             name.span, labels=(Label(folded[fold].span, "the other one"),))
            folded.setdefault(fold, name)
            if name.text in self.symbols:
                first = self.symbols[name.text]
                self.r.error(Code.DUPLICATE, f"「{name.text}」 is declared twice", name.span,
                             labels=(Label(first.name.span, "first declared here"),))  # type: ignore[union-attr]
                continue
            self.symbols[name.text] = decl
            if isinstance(decl, ast.EnumDecl):
                self.enums[name.text] = tuple(m.text for m in decl.members)
                seen: set[str] = set()
                for m in decl.members:
                    if m.text in seen:
                        self.r.error(Code.DUPLICATE, f"「{m.text}」 appears twice in {name.text}", m.span)
                    seen.add(m.text)
        for decl in self.spec.decls:
            if isinstance(decl, ast.FactDecl):
                self.fact_types[decl.name.text] = self.fact_type(decl.type)

    def unknown(self, name: ast.Name, wanted: str, candidates: list[str]) -> None:
        hint = None
        split = glued_suffix(name.text)
        if split and split[0] in candidates and split[1] in FOREIGN_WORDS:
            hint = (f"「{name.text}」 reads as one name. fatiao has no keyword 「{split[1]}」: "
                    f"{FOREIGN_WORDS[split[1]]}")
        elif split and split[0] in candidates:
            hint = f"「{name.text}」 reads as one name; put a space before 「{split[1]}」: {split[0]} {split[1]}"
        else:
            close = difflib.get_close_matches(name.text, candidates, n=1, cutoff=0.5)
            prefix = [c for c in candidates if name.text.startswith(c) or c.startswith(name.text)]
            if close:
                hint = f"did you mean 「{close[0]}」?"
            elif prefix:
                hint = f"did you mean 「{max(prefix, key=len)}」?"
        self.r.error(Code.UNKNOWN_NAME, f"unknown {wanted} 「{name.text}」", name.span, hint=hint)

    def names_of(self, *kinds: type) -> list[str]:
        return [n for n, d in self.symbols.items() if isinstance(d, kinds)]

    def lookup(self, name: ast.Name, kinds: tuple[type, ...], wanted: str) -> ast.Decl | None:
        decl = self.symbols.get(name.text)
        if decl is None:
            self.unknown(name, wanted, self.names_of(*kinds))
            return None
        if not isinstance(decl, kinds):
            self.r.error(Code.WRONG_KIND, f"「{name.text}」 is {_kind(decl)}, not {wanted}", name.span,
                         labels=(Label(decl.span, "declared here"),))
            return None
        return decl

    # ------------------------------------------------------------------ facts
    def fact_type(self, t: ast.TypeExpr) -> FactType:
        match t:
            case ast.MoneyType():
                dim = Dim.of("元")
                if t.per is not None:
                    dim = dim * Dim.of(t.per, -1)
                return FactType("quantity", dim)
            case ast.CountType() | ast.QuantityType():
                return FactType("quantity", Dim.of(t.unit))
            case ast.DateType():
                return FactType("date")
            case ast.DateTimeType():
                return FactType("datetime")
            case ast.BoolType():
                return FactType("bool")
            case ast.RatioType():
                return FactType("ratio", Dim())
            case ast.EnumType():
                decl = self.symbols.get(t.name.text)
                if not isinstance(decl, ast.EnumDecl):
                    self.unknown(t.name, "type", self.names_of(ast.EnumDecl) + ["money", "count",
                                                                              "quantity", "date", "bool"])
                    return FactType("enum", enum=None)
                return FactType("enum", enum=t.name.text)
            case _:
                assert_never(t)

    def check_fact(self, decl: ast.FactDecl) -> None:
        if decl.optional and self.fact_types[decl.name.text].kind != "date":
            self.r.error(Code.WRONG_KIND, f"only a date can be none (there is no such day); 「{decl.name.text}」 is "
                         f"{self.fact_types[decl.name.text].describe()}", decl.type.span,
                         hint="an amount the authority cannot establish takes `if unknown = …` instead")
        if decl.fallback is not None:
            dim = self.expr_dim(decl.fallback)
            ftype = self.fact_types[decl.name.text]
            if dim is not None and ftype.dim is not None and dim != ftype.dim:
                self.r.error(Code.UNIT_MISMATCH,
                             f"the fallback is {dim.describe()}, but 「{decl.name.text}」 is {ftype.describe()}",
                             _span(decl.fallback))
            if ftype.kind != "quantity":
                self.r.error(Code.WRONG_KIND, "only an amount can fall back to a range when unknown",
                             _span(decl.fallback))

    # ------------------------------------------------------------------ expressions
    def let_dim(self, decl: ast.LetDecl, visiting: set[str]) -> Dim | None:
        if decl.name.text in self.let_dims:
            return self.let_dims[decl.name.text]
        if decl.name.text in self.let_failed:
            return None  # already reported where it is declared
        if decl.name.text in visiting:
            self.r.error(Code.WRONG_KIND, f"「{decl.name.text}」 is defined in terms of itself", decl.name.span)
            return None
        visiting.add(decl.name.text)
        before = len(self.r.diagnostics)
        dim = self.expr_dim(decl.value, visiting)
        visiting.discard(decl.name.text)
        if dim is not None:
            self.let_dims[decl.name.text] = dim
        elif len(self.r.diagnostics) > before:
            self.let_failed.add(decl.name.text)
        return dim

    def expr_dim(self, e: ast.Expr, visiting: set[str] | None = None) -> Dim | None:
        """The dimension of an expression, or None after reporting why it has none."""
        visiting = visiting if visiting is not None else set()
        match e:
            case ast.Quantity():
                return Dim.of(e.lit.unit)
            case ast.RangeLit():
                high = Dim.of(e.high.unit)
                if e.low is not None:
                    if Dim.of(e.low.unit) != high:
                        self.r.error(Code.UNIT_MISMATCH, f"a range from {e.low.text} to {e.high.text} mixes units",
                                     e.span)
                        return None
                    if _base(e.low) > _base(e.high):
                        self.r.error(Code.EMPTY_RANGE, f"the range {e.low.text}..{e.high.text} is empty: "
                                     "its minimum is above its maximum", e.span,
                                     hint="write the smaller bound first")
                return high
            case ast.Ref():
                decl = self.lookup(e.name, (ast.FactDecl, ast.LetDecl, ast.Versions), "fact or value")
                if isinstance(decl, ast.Versions):
                    return self.versions_dim(decl)
                if isinstance(decl, ast.FactDecl):
                    ftype = self.fact_types[decl.name.text]
                    if ftype.kind == "enum" and ftype.enum is None:
                        return None  # its type is unknown: reported at the declaration
                    if ftype.kind not in ("quantity", "ratio"):
                        self.r.error(Code.WRONG_KIND,
                                     f"「{e.name.text}」 is {ftype.describe()}: it has no amount to compute with",
                                     e.span)
                        return None
                    return ftype.dim
                if isinstance(decl, ast.LetDecl):
                    return self.let_dim(decl, visiting)
                return None
            case ast.FineOf():
                target = self.lookup(e.rule, (ast.Penalty,), "penalty")
                if isinstance(target, ast.Penalty) and not any(isinstance(s, ast.Fine) for s in _unit_stmts(target.body)):
                    self.r.error(Code.WRONG_KIND, f"「{e.rule.text}」 fines no unit: `fine of` takes the unit's fine",
                                 e.rule.span, labels=(Label(target.name.span, "declared here"),))
                return Dim.of("元")
            case ast.Scaled():
                self.check_factor(e.factor)
                return self.expr_dim(e.base, visiting)
            case ast.Ratio():
                self.check_factor(e.factor)
                return Dim()
            case ast.Add():
                dims = [self.expr_dim(t, visiting) for t in e.terms]
                return self.same_dim(dims, [_span(t) for t in e.terms], "add")
            case ast.Mul():
                total = Dim()
                for f in e.factors:
                    d = self.expr_dim(f, visiting)
                    if d is None:
                        return None
                    total = total * d
                return total
            case ast.Sub():
                dims = [self.expr_dim(e.left, visiting), self.expr_dim(e.right, visiting)]
                return self.same_dim(dims, [_span(e.left), _span(e.right)], "add")
            case ast.Div():
                left, right = self.expr_dim(e.left, visiting), self.expr_dim(e.right, visiting)
                if left is None or right is None:
                    return None
                return left * right.inverse()
            case ast.Extreme():
                dims = [self.expr_dim(i, visiting) for i in e.items]
                return self.same_dim(dims, [_span(i) for i in e.items], "add")
            case ast.Cases():
                dims = []
                for i, row in enumerate(e.rows):
                    if row.cond is not None:
                        self.check_cond(row.cond)
                    elif i != len(e.rows) - 1:
                        self.r.error(Code.UNREACHABLE_ROW, "rows after `otherwise` can never apply",
                                     e.rows[i + 1].span, hint="put `otherwise` last")
                    dims.append(self.expr_dim(row.value, visiting))
                return self.same_dim(dims, [_span(r.value) for r in e.rows], "tier")
            case ast.ByEnum():
                target = self.symbols.get(e.fact.text)
                enum: str | None
                if isinstance(target, ast.Classify):  # a table keyed by another rule's class of the case
                    enum = target.enum.text
                else:
                    ftype = self.fact_of_kind(e.fact, "enum")
                    enum = ftype.enum if ftype else None
                members = self.enums.get(enum or "", ())
                seen: set[str] = set()
                for row in e.rows:
                    if enum and row.member.text not in members:
                        self.unknown(row.member, f"value of {enum}", list(members))
                    if row.member.text in seen:
                        self.r.error(Code.DUPLICATE, f"「{row.member.text}」 has two rows", row.member.span)
                    seen.add(row.member.text)
                dims = [self.expr_dim(r.value, visiting) for r in e.rows]
                return self.same_dim(dims, [_span(r.value) for r in e.rows], "tier")
            case _:
                assert_never(e)

    def same_dim(self, dims: list[Dim | None], spans: list[Span], what: str) -> Dim | None:
        known = [(d, s) for d, s in zip(dims, spans, strict=False) if d is not None]
        if not known:
            return None
        first, first_span = known[0]
        for d, s in known[1:]:
            if d != first:
                verb = "cannot add" if what == "add" else "tiers of one table must share a unit:"
                self.r.error(Code.UNIT_MISMATCH, f"{verb} {d.describe()} and {first.describe()}", s,
                             labels=(Label(first_span, first.describe()),))
                return None
        return first if len(known) == len(dims) else None

    def check_factor(self, f: ast.FactorRange) -> None:
        for lit in (f.low, f.high):
            if lit is not None and lit.value <= 0:
                self.r.error(Code.BAD_FACTOR, f"{lit.text} is not a positive multiple", lit.span)
        if f.low is not None and f.low.value > f.high.value:
            self.r.error(Code.EMPTY_RANGE, f"the range {f.low.text}..{f.high.text} is empty: "
                         "its minimum is above its maximum", f.span, hint="write the smaller bound first")

    # ------------------------------------------------------------------ conditions
    def fact_of_kind(self, name: ast.Name, kind: str, guarded: frozenset[str] = frozenset()) -> FactType | None:
        """The fact's type, if it is of this kind and has one value; `guarded` are the `date or none` facts
        that the condition around has already found not to be none."""
        decl = self.lookup(name, (ast.FactDecl,), "fact")
        if decl is None:
            return None
        ftype = self.fact_types[name.text]
        if ftype.kind != kind:
            wanted = {"bool": "true or false", "enum": "a value of an enum", "quantity": "an amount",
                      "datetime": "a moment (date and time, for periods in hours)",
                      "ratio": "a ratio (compared with a percentage or a fraction)",
                      "date": "a date"}[kind]
            self.r.error(Code.WRONG_KIND, f"「{name.text}」 is {ftype.describe()}, but here it must be {wanted}",
                         name.span, labels=(Label(decl.span, "declared here"),))
            return None
        assert isinstance(decl, ast.FactDecl)
        if decl.fallback is not None:
            self.r.error(Code.WRONG_KIND,
                         f"「{name.text}」 may be unknown (it has a fallback range), so it cannot decide a condition",
                         name.span)
            return None
        if decl.optional and name.text not in guarded:
            self.none_unguarded(name)
            return None
        return ftype

    def none_unguarded(self, name: ast.Name) -> None:
        self.r.error(Code.WRONG_KIND, f"「{name.text}」 may be none (it is `date or none`), and then there is no day "
                     "to compare or count from", name.span,
                     hint=f"say first what holds when there is none: `{name.text} is none or …`, "
                          f"or `not ({name.text} is none) and …`")

    def share_side(self, name: ast.Name) -> Dim | None:
        """One side of a share (省外专家人数 / 专家组人数): an amount or a ratio with one known value."""
        decl = self.lookup(name, (ast.FactDecl,), "fact")
        if decl is None:
            return None
        ftype = self.fact_types[name.text]
        if ftype.kind not in ("quantity", "ratio"):
            self.r.error(Code.WRONG_KIND, f"「{name.text}」 is {ftype.describe()}: only amounts and ratios can be "
                         "divided", name.span, labels=(Label(decl.span, "declared here"),))
            return None
        if self.fact_of_kind(name, ftype.kind) is None:
            return None
        return ftype.dim

    def check_cond(self, c: ast.Cond, guarded: frozenset[str] = frozenset()) -> None:
        match c:
            case ast.Flag():
                self.fact_of_kind(c.name, "bool")
            case ast.EnumIs():
                target = self.symbols.get(c.fact.text)
                if isinstance(target, ast.Classify):
                    # Another rule's class of the same case: `事故等级认定 is 重大事故`.
                    members = self.enums.get(target.enum.text, ())
                    if members and c.member.text not in members:
                        close = difflib.get_close_matches(c.member.text, list(members), n=1, cutoff=0.5)
                        self.r.error(Code.UNKNOWN_NAME, f"「{target.name.text}」 sorts cases into {target.enum.text}, "
                                     f"which has no 「{c.member.text}」", c.member.span,
                                     labels=(Label(target.name.span, f"classifies into {target.enum.text}"),),
                                     hint=f"did you mean 「{close[0]}」?" if close else
                                     f"its classes are {'、'.join(members)}")
                    return
                ftype = self.fact_of_kind(c.fact, "enum")
                if ftype and ftype.enum and c.member.text not in self.enums.get(ftype.enum, ()):
                    self.unknown(c.member, f"value of {ftype.enum}", list(self.enums.get(ftype.enum, ())))
            case ast.Banded():
                self.check_banded(c)
            case ast.Relate():
                self.check_relate(c, guarded)
            case ast.DateCompare():
                self.fact_of_kind(c.fact, "date", guarded)
            case ast.ShiftedCompare():
                self.fact_of_kind(c.fact, "date", guarded)
                self.fact_of_kind(c.day.base, "date", guarded)
                self.check_shift(c.day)
            case ast.IsNone():
                decl = self.lookup(c.fact, (ast.FactDecl,), "fact")
                if isinstance(decl, ast.FactDecl) and not decl.optional:
                    self.r.error(Code.WRONG_KIND, f"「{c.fact.text}」 is always given: only a fact declared "
                                 "`date or none` can be none", c.span, labels=(Label(decl.span, "declared here"),))
            case ast.Not():
                self.check_cond(c.item, guarded)
            case ast.AnyOf():
                # `X is none or X < …`: the right side is read only when X has a date (evaluation short-circuits).
                for item in c.items:
                    self.check_cond(item, guarded)
                    if isinstance(item, ast.IsNone):
                        guarded |= {item.fact.text}
            case ast.AllOf():
                for item in c.items:
                    self.check_cond(item, guarded)
                    if isinstance(item, ast.Not) and isinstance(item.item, ast.IsNone):
                        guarded |= {item.item.fact.text}
            case _:
                assert_never(c)

    def check_banded(self, c: ast.Banded) -> None:
        for b in c.bounds:
            if isinstance(b.value, ast.FractionLit) and b.value.denominator == 0:
                self.r.error(Code.BAD_LITERAL, f"{b.value.text} divides by zero", b.value.span,
                             hint="a share is written with a denominator above 0, such as 2/3")
        share = any(isinstance(b.value, ast.FractionLit) or b.value.unit == PERCENT for b in c.bounds)
        if c.per is None:
            ftype = self.fact_of_kind(c.fact, "ratio" if share else "quantity")
            dim, subject, where = (ftype.dim if ftype else None), c.fact.text, c.fact.span
        else:
            top, bottom = self.share_side(c.fact), self.share_side(c.per)
            dim = top * bottom.inverse() if top is not None and bottom is not None else None
            subject, where = f"{c.fact.text} / {c.per.text}", c.fact.span.to(c.per.span)
        for b in c.bounds:
            wanted = Dim() if isinstance(b.value, ast.FractionLit) else dim_of_threshold(b.value.unit)
            if dim is not None and dim != wanted:
                hint = None
                if c.per is not None and wanted.is_ratio:
                    hint = "a share divides two amounts of one unit (人 by 人, 元 by 元)"
                self.r.error(Code.UNIT_MISMATCH, f"cannot compare 「{subject}」 ({dim.describe()}) with "
                             f"{b.value.text} ({wanted.describe()})", b.value.span,
                             labels=(Label(where, dim.describe()),), hint=hint)
        if len(c.bounds) == 2:
            low, high = c.bounds
            if low.word != "以上" or high.word not in ("以下", "以内"):
                self.r.error(Code.SYNTAX, "a band of two bounds reads `X以上Y以下`", c.span)
            elif _threshold_value(low.value) > _threshold_value(high.value):
                self.r.error(Code.EMPTY_RANGE, f"{low.value.text}以上{high.value.text}以下 is empty", c.span,
                             hint="write the smaller bound first")

    def check_shift(self, day: ast.ShiftedDate) -> None:
        lit = day.period
        if lit.unit not in ("日", "工作日", "月", "年"):
            self.r.error(Code.UNIT_MISMATCH, f"a day is counted from a date in 日, 工作日, 月 or 年, not "
                         f"{lit.text}", lit.span)
        elif lit.value != lit.value.to_integral_value():
            self.r.error(Code.BAD_LITERAL, "a day is counted from a date in whole periods", lit.span)

    def check_relate(self, c: ast.Relate, guarded: frozenset[str] = frozenset()) -> None:
        """Two facts of one kind and dimension: amounts of one unit, ratios, or dates."""
        sides = []
        for name in (c.left, c.right):
            decl = self.lookup(name, (ast.FactDecl,), "fact")
            if decl is None:
                return
            if isinstance(decl, ast.FactDecl) and decl.optional and name.text not in guarded:
                self.none_unguarded(name)
                return
            sides.append((name, self.fact_types[name.text], decl))
        (ln, lt, ld), (rn, rt, rd) = sides
        for name, ftype, decl in sides:
            if ftype.kind not in ("quantity", "ratio", "date"):
                self.r.error(Code.WRONG_KIND, f"「{name.text}」 is {ftype.describe()}: only amounts, ratios and dates "
                             "can be compared", name.span)
                return
            if isinstance(decl, ast.FactDecl) and decl.fallback is not None:
                self.r.error(Code.WRONG_KIND, f"「{name.text}」 may be unknown (it has a fallback range), so it "
                             "cannot decide a condition", name.span)
                return
        if lt.kind != rt.kind or lt.dim != rt.dim:
            self.r.error(Code.UNIT_MISMATCH, f"cannot compare 「{ln.text}」 ({lt.describe()}) with 「{rn.text}」 "
                         f"({rt.describe()})", c.span)
        if c.word in CONVENTION_WORDS:
            self.r.error(Code.SYNTAX, f"compare two facts with a word of fixed meaning (不超过, 超过, 不低于…) or "
                         f"=, <, <=, >, >=, != — not {c.word}, whose meaning depends on a convention", c.span)

    # ------------------------------------------------------------------ rules
    def check_body(self, body: tuple[ast.Stmt, ...], rule: str, top: bool) -> None:
        for stmt in body:
            match stmt:
                case ast.Fine():
                    dim = self.expr_dim(stmt.value)
                    if dim is not None and not dim.is_money:
                        self.r.error(Code.UNIT_MISMATCH, f"a fine must be money, but this is {dim.describe()}",
                                     _span(stmt.value),
                                     hint="multiply a quantity by a price, e.g. 未清缴配额 * 平均成交价格")
                case ast.Confiscate():
                    self.fact_of_kind(stmt.fact, "quantity")
                case ast.Measure():
                    if stmt.by is not None:
                        self.expr_dim(stmt.by)
                    if stmt.period is not None and stmt.period.unit not in DURATION_UNITS:
                        self.r.error(Code.UNIT_MISMATCH, f"{stmt.period.text} is not a period of time",
                                     stmt.period.span, hint="write e.g. `for 5年`")
                case ast.Individual():
                    if not top:
                        self.r.error(Code.WRONG_KIND, "`individual` blocks cannot nest", stmt.addressee.span)
                    self.check_body(stmt.body, rule, top=False)
                case ast.IfBlock():
                    self.check_cond(stmt.cond)
                    self.check_body(stmt.body, rule, top)
                case _:
                    assert_never(stmt)

    def check_deadline(self, decl: ast.Deadline) -> None:
        if decl.when is not None:
            self.check_cond(decl.when)
        units = ("日", "工作日", "月", "年")
        dim: Dim | None
        if isinstance(decl.period, ast.Ref):
            # The law leaves the length to an agreement or another rule: a known amount of time, whole.
            ftype = self.fact_of_kind(decl.period.name, "quantity")
            dim = None
            if ftype is not None and ftype.dim not in [Dim.of(u) for u in units]:
                self.r.error(Code.UNIT_MISMATCH, f"a period given by a fact counts 日, 工作日, 月 or 年, not "
                             f"{ftype.describe()}", decl.period.span)
            elif ftype is not None:
                dim = ftype.dim
                if decl.reached and dim == Dim.of("工作日"):
                    self.r.error(Code.AMBIGUOUS_PERIOD, "满 counts a period that is reached on its anniversary; "
                                 "working days have no anniversary", decl.period.span)
        else:
            dim = self.expr_dim(decl.period)
        if dim is not None and dim not in [Dim.of(u) for u in (*units, "小时")]:
            self.r.error(Code.UNIT_MISMATCH, f"a deadline counts 日, 工作日, 月, 年 or 小时, not {dim.describe()}",
                         _span(decl.period))
        for lit in _period_lits(decl.period):
            same_day = lit.value == 0 and lit.unit == "日" and not decl.reached and not decl.before
            if lit.value != lit.value.to_integral_value() or (lit.value < 1 and not same_day):
                self.r.error(Code.BAD_LITERAL, "a deadline counts whole periods, at least one (0日, the same day, "
                             "only for a period counted forward)", lit.span)
            elif not isinstance(decl.period, ast.Quantity) and lit.unit == "日" and self.day_means(lit):
                self.r.error(Code.AMBIGUOUS_PERIOD,
                             f"{lit.text} inside a table: the document counts it in working days, "
                             "but only a deadline's own period is converted", lit.span,
                             hint=f"write {lit.text[:-1]}工作日 if the law means working days here")
            if decl.reached and lit.unit == "工作日":
                self.r.error(Code.AMBIGUOUS_PERIOD, "满 counts a period that is reached on its anniversary; "
                             "working days have no anniversary", lit.span)
        for step in decl.further:
            if isinstance(step, ast.QuantityLit):
                if step.unit not in units:
                    self.r.error(Code.UNIT_MISMATCH, f"an extension counts 日, 工作日, 月 or 年, not {step.unit}",
                                 step.span)
            else:
                ftype = self.fact_of_kind(step, "quantity")
                if ftype is not None and ftype.dim not in [Dim.of(u) for u in ("日", "工作日")]:
                    self.r.error(Code.UNIT_MISMATCH, f"an extension's length counts 日 or 工作日, not "
                                 f"{ftype.describe()}", step.span)
        if decl.extension is not None:
            if decl.extension.unit not in units:
                self.r.error(Code.UNIT_MISMATCH, f"an extension counts 日, 工作日, 月 or 年, not "
                             f"{decl.extension.unit}", decl.extension.span)
            if decl.reached:
                self.r.error(Code.WRONG_KIND, "a period that is reached (满) cannot be extended",
                             decl.extension.span)
        hours = dim == Dim.of("小时")
        event = self.symbols.get(decl.event.text)
        if isinstance(event, ast.FactDecl) and event.optional:
            self.r.error(Code.WRONG_KIND, f"「{decl.event.text}」 may be none (it is `date or none`), and a deadline "
                         "needs a day to count from", decl.event.span,
                         hint="a deadline counts from an event that has happened: declare the event as `date`")
        elif decl.event.text not in self.symbols:
            self.unknown(decl.event, "date fact", [n for n, t in self.fact_types.items() if t.kind == "date"])
        elif hours:
            self.fact_of_kind(decl.event, "datetime")
        else:
            self.fact_of_kind(decl.event, "date")
        if hours and (decl.reached or decl.extension is not None or decl.excluding is not None
                      or not isinstance(decl.period, ast.Quantity)):
            self.r.error(Code.AMBIGUOUS_PERIOD, "a period in hours runs continuously from a moment: it cannot be "
                         "reached (满), extended, tolled or chosen from a table", decl.span)
        if decl.before and (decl.reached or decl.extension is not None or decl.excluding is not None):
            self.r.error(Code.AMBIGUOUS_PERIOD, "a period counted back from an event (before) cannot be reached (满), "
                         "extended or tolled: the law gives no rule for that", decl.span)
        if decl.excluding is not None:
            ftype = self.fact_of_kind(decl.excluding, "quantity")
            counted = {Dim.of(u) for u in ("日", "工作日")}
            if ftype is not None and ftype.dim not in counted:
                self.r.error(Code.UNIT_MISMATCH, f"the days not counted must be in 日 or 工作日, not "
                             f"{ftype.describe()}", decl.excluding.span)
            elif dim is not None and dim not in counted:
                self.r.error(Code.AMBIGUOUS_PERIOD, "days not counted can only lengthen a period counted in 日 or "
                             "工作日; the law gives no rule for adding days to months or years", decl.excluding.span)
            elif ftype is not None and dim is not None and dim in counted and ftype.dim != dim:
                self.r.error(Code.AMBIGUOUS_PERIOD, f"the period counts {dim.describe()} but 「{decl.excluding.text}」 "
                             f"is {ftype.describe()}: say which days are not counted in the period's own unit",
                             decl.excluding.span)

    def check_classify(self, decl: ast.Classify) -> None:
        enum = self.lookup(decl.enum, (ast.EnumDecl,), "enum")
        members = self.enums.get(decl.enum.text, ()) if enum is not None else ()
        rows = decl.table.rows
        for i, row in enumerate(rows):
            if row.cond is not None:
                self.check_cond(row.cond)
            elif i != len(rows) - 1:
                self.r.error(Code.UNREACHABLE_ROW, "rows after `otherwise` can never apply", rows[i + 1].span,
                             hint="put `otherwise` last")
            if not isinstance(row.value, ast.Ref):
                self.r.error(Code.WRONG_KIND, f"a classification row names a value of {decl.enum.text}, not an "
                             "amount", _span(row.value))
            elif enum is not None and row.value.name.text not in members:
                self.unknown(row.value.name, f"value of {decl.enum.text}", list(members))

    def day_means(self, lit: ast.QuantityLit) -> str | None:
        """The unit the document's `convention 五日 mean 工作日` gives this many 日, if any."""
        for conv in self.day_conventions:
            if any(p.value == lit.value for p in conv.periods):
                return conv.unit
        return None

    def check_day_convention(self, decl: ast.DayConvention) -> None:
        if self.day_conventions:
            self.r.error(Code.BAD_CONVENTION, "the document's day periods are declared twice", decl.span,
                         labels=(Label(self.day_conventions[0].span, "first declared here"),))
        self.day_conventions.append(decl)
        if decl.unit != "工作日":
            self.r.error(Code.BAD_CONVENTION, f"periods in 日 can be declared to mean 工作日, not {decl.unit}",
                         decl.span)
        for p in decl.periods:
            if p.unit != "日":
                self.r.error(Code.BAD_CONVENTION, f"{p.text} is not a period in 日", p.span)

    def versions_dim(self, decl: ast.Versions) -> Dim | None:
        key = decl.name.text
        if key not in self.versions_dims:
            self.versions_dims[key] = None  # a version that names its own value is caught by lookups
            dims = [self.expr_dim(v.value) for v in decl.rows]
            self.versions_dims[key] = self.same_dim(dims, [_span(v.value) for v in decl.rows], "tier")
        return self.versions_dims[key]

    def check_versions(self, decl: ast.Versions) -> None:
        """Versions must tile their span: sorted, no day in two versions, no day in none."""
        for v in decl.rows:
            if not isinstance(v.value, (ast.Quantity, ast.RangeLit, ast.Ratio)):
                self.r.error(Code.WRONG_KIND, "a version is a value the law states (1%, 5万元, 5万元..10万元), "
                             "not a computation", _span(v.value),
                             hint="compute with the versioned value in an `amount` or `let` instead")
            if not any(isinstance(a, ast.Citation) for a in v.annotations) and not any(
                    isinstance(a, ast.Citation) for a in decl.annotations):
                self.r.error(Code.MISSING_CITATION, "this version does not say which sentence of the law sets it",
                             v.span, hint='put `§ 第X条 "…"` before `from`')
            for a in v.annotations:
                if isinstance(a, ast.Citation):
                    self.check_citation(a, required=True)
            if v.end is not None and v.end < v.start:
                self.r.error(Code.BAD_VALIDITY, f"this version ends ({v.end}) before it starts ({v.start})", v.span)
        for prev, nxt in zip(decl.rows, decl.rows[1:], strict=False):
            if prev.end is None:
                self.r.error(Code.BAD_VALIDITY, "a version with no end date must be the last one", prev.span,
                             labels=(Label(nxt.span, "a later version"),))
                break
            day_after = prev.end + datetime.timedelta(days=1)
            if nxt.start < day_after:
                self.r.error(Code.VERSION_OVERLAP,
                             f"versions of 「{decl.name.text}」 overlap: {nxt.start} is already covered "
                             f"(the version before runs until {prev.end})", nxt.span,
                             labels=(Label(prev.span, "the earlier version"),),
                             hint="one day must belong to exactly one version")
            elif nxt.start > day_after:
                last_gap = nxt.start - datetime.timedelta(days=1)
                gap = f"{day_after}" if last_gap == day_after else f"{day_after}..{last_gap}"
                self.r.error(Code.VERSION_GAP,
                             f"versions of 「{decl.name.text}」 leave a gap: no version covers {gap}", nxt.span,
                             labels=(Label(prev.span, "the earlier version ends here"),),
                             hint="start the next version the day after the last one ends, or declare the "
                                  "period between them")

    def check_validity(self, decl: ast.Decl) -> None:
        meta = self.spec.meta
        for a in decl.annotations:
            if isinstance(a, ast.Validity):
                if not isinstance(decl, _RULES):
                    self.r.error(Code.WRONG_KIND, "only a rule has a period in force", a.span)
                if a.start is not None and a.end is not None and a.end < a.start:
                    self.r.error(Code.BAD_VALIDITY, f"the rule ends ({a.end}) before it starts ({a.start})", a.span)
                if a.start is not None and meta.effective is not None and a.start < meta.effective:
                    self.r.error(Code.BAD_VALIDITY, f"the rule starts ({a.start}) before the document takes "
                                 f"effect ({meta.effective})", a.span)
                if a.end is not None and meta.until is not None and a.end > meta.until:
                    self.r.error(Code.BAD_VALIDITY, f"the rule ends ({a.end}) after the document does "
                                 f"({meta.until})", a.span)
            elif isinstance(a, ast.AsOf):
                if not isinstance(decl, _RULES):
                    self.r.error(Code.WRONG_KIND, "only a rule is judged as of a date", a.span)
                elif a.fact.text not in self.symbols:
                    self.unknown(a.fact, "date fact", [n for n, t in self.fact_types.items() if t.kind == "date"])
                else:
                    self.fact_of_kind(a.fact, "date")

    def check_fine_cycles(self) -> None:
        """A rule may read another's fine (`fine of`) or class (`事故等级认定 is 重大事故`), never its own."""
        graph = {d.name.text: set(_fine_refs(d.body)) for d in self.spec.decls if isinstance(d, ast.Penalty)}
        for d in self.spec.decls:
            if isinstance(d, _RULES):
                graph.setdefault(d.name.text, set()).update(_class_refs(d, self.symbols))
        state: dict[str, int] = {}

        def visit(name: str) -> bool:
            if state.get(name) == 1:
                return True
            if state.get(name) == 2:
                return False
            state[name] = 1
            cyclic = any(visit(n) for n in graph.get(name, ()) if n in graph)
            state[name] = 2
            return cyclic

        for decl in self.spec.decls:
            if isinstance(decl, _RULES) and visit(decl.name.text):
                what = "the fine" if isinstance(decl, ast.Penalty) else "the result"
                self.r.error(Code.WRONG_KIND, f"{what} of 「{decl.name.text}」 depends on itself", decl.name.span)
                return

    def check_convention(self, decl: ast.Convention) -> None:
        key = (decl.word, decl.article)
        if key in self.conventions:
            self.r.error(Code.BAD_CONVENTION, f"the meaning of 「{decl.word}」 is declared twice", decl.span)
        self.conventions[key] = decl.includes
        if decl.article is not None and self.law is not None and decl.article not in self.law.articles:
            self.r.error(Code.UNKNOWN_ARTICLE, f"{decl.article} is not in 《{self.law.title}》", decl.span)

    # ------------------------------------------------------------------ citations
    def check_annotations(self, decl: ast.Decl) -> None:
        cites = [a for a in decl.annotations if isinstance(a, ast.Citation)]
        if isinstance(decl, _NEEDS_QUOTE) and not cites:
            name = getattr(decl, "name", None)
            what = _kind(decl) + (f" 「{name.text}」" if name is not None else "")
            self.r.error(Code.MISSING_CITATION, f"{what} does not say which sentence of the law it encodes",
                         name.span if name is not None else decl.span,
                         hint='put `§ 第X条 "the sentence, verbatim"` on the line before it')
        for cite in cites:
            self.check_citation(cite, required=isinstance(decl, _NEEDS_QUOTE))
        for imp in (a for a in decl.annotations if isinstance(a, ast.Implements)):
            if not isinstance(decl, ast.Penalty):
                self.r.error(Code.WRONG_KIND, "only a penalty implements a higher law's fine", imp.span)
            for lit in (imp.low, imp.high):
                if lit.unit != "元":
                    self.r.error(Code.UNIT_MISMATCH, f"the higher law's fine is money, not {lit.text}", lit.span)
            if _base(imp.low) > _base(imp.high):
                self.r.error(Code.EMPTY_RANGE, "the higher law's range is empty", imp.span)
        for ack in (a for a in decl.annotations if isinstance(a, ast.Acknowledge)):
            if ack.code not in LINT_CODES:
                self.r.error(Code.BAD_ACKNOWLEDGE, f"`fatiao verify` has no lint 「{ack.code}」", ack.span,
                             hint=f"the lints are {', '.join(LINT_CODES)}")
            elif not ack.reason.strip():
                self.r.error(Code.BAD_ACKNOWLEDGE, "an acknowledgement needs its reason", ack.span)
            elif not isinstance(decl, _RULES):
                self.r.error(Code.BAD_ACKNOWLEDGE, "only a rule can acknowledge a lint", ack.span)

    def check_citation(self, cite: ast.Citation, required: bool) -> None:
        if self.law is None:
            return
        article = self.law.articles.get(cite.article)
        if article is None:
            close = difflib.get_close_matches(cite.article, list(self.law.articles), n=1)
            numbered = [name for name, a in self.law.articles.items() if not a.rows and not a.preface]
            annexes = "".join(f", then {name}" for name, a in self.law.articles.items() if a.rows or a.preface)
            self.r.error(Code.UNKNOWN_ARTICLE, f"《{self.law.title}》 has no {cite.article}", cite.span,
                         hint=f"did you mean {close[0]}?" if close else
                         f"its articles run from {numbered[0] if numbered else '?'} to "
                         f"{numbered[-1] if numbered else '?'}{annexes}")
            return
        if cite.clause is not None and article.clause(cite.clause) is None:
            self.r.error(Code.UNKNOWN_CLAUSE, f"{cite.article} has no {cite.clause} "
                         f"(it has {len(article.clauses)} {'行' if article.rows else '款'})", cite.span,
                         hint=f"its rows are {article.rows[0]}…{article.rows[-1]}" if article.rows else None)
            return
        if self.law.place_text(cite.article, cite.clause, cite.item) is None:
            self.r.error(Code.UNKNOWN_CLAUSE, f"{cite.article}{cite.clause or ''} has no item {cite.item}",
                         cite.span)
            return
        if required and not cite.quotes:
            self.r.error(Code.MISSING_QUOTE, f"the citation of {cite.article} quotes no sentence", cite.span,
                         hint='add the sentence it encodes, verbatim: § 第X条 "…"')
        for quote in cite.quotes:
            if not re.sub(r"…|\.\.\.|\s", "", quote.text):
                self.r.error(Code.MISSING_QUOTE, "the quote is empty: it must carry at least some of the sentence",
                             quote.span)
            elif not self.law.find_quote(quote.text, cite.article, cite.clause, cite.item):
                where = "".join(p for p in (cite.article, cite.clause, cite.item) if p)
                best = self.law.best_match(quote.text, cite.article)
                anywhere = [p for p in self.law.places() if self.law.find_quote(quote.text, *p)]
                if anywhere:
                    hint = f"the sentence is in {''.join(x for x in anywhere[0] if x)}"
                elif best:
                    hint = f"the law text matches as far as 「{best[-12:]}」 and then differs"
                else:
                    hint = "copy the sentence from the law text; `…` may stand for an omitted part"
                self.r.error(Code.QUOTE_NOT_FOUND, f"this sentence is not in {where} of 《{self.law.title}》",
                             quote.span, hint=hint)

    # ------------------------------------------------------------------ examples
    def check_example(self, ex: ast.Example) -> None:
        rule = self.lookup(ex.rule, _RULES, "rule")
        given: dict[str, ast.Given] = {}
        for g in ex.givens:
            if g.name.text in given:
                self.r.error(Code.DUPLICATE, f"「{g.name.text}」 is given twice", g.name.span)
            given[g.name.text] = g
            decl = self.lookup(g.name, (ast.FactDecl,), "fact")
            if decl is not None:
                self.check_given(g, self.fact_types[g.name.text], decl)  # type: ignore[arg-type]
        if rule is None:
            return
        for fact in sorted(self.rule_facts(rule)):
            if fact not in given:
                self.r.error(Code.MISSING_FACT, f"the example gives no value for 「{fact}」, which "
                             f"「{ex.rule.text}」 needs", ex.rule.span,
                             hint=f"add `{fact} = …` to the example")
        for g in ex.givens:
            if g.name.text in self.fact_types and g.name.text not in self.rule_facts(rule):
                self.r.error(Code.BAD_EXAMPLE, f"「{ex.rule.text}」 does not use 「{g.name.text}」", g.name.span)
        for e in ex.expects:
            self.check_expect(e, rule)

    def check_given(self, g: ast.Given, ftype: FactType, decl: ast.FactDecl) -> None:
        v = g.value
        if isinstance(v, ast.NoneLit):
            if not decl.optional:
                self.r.error(Code.BAD_EXAMPLE, f"「{g.name.text}」 always has a value: only a fact declared "
                             "`date or none` can be none", v.span)
            return
        ok = {
            "quantity": isinstance(v, ast.QuantityLit) and ftype.dim == _lit_dim(v),
            "ratio": isinstance(v, ast.FactorLit),
            "date": isinstance(v, ast.DateLit),
            "datetime": isinstance(v, ast.DateTimeLit),
            "bool": isinstance(v, ast.BoolLit),
            "enum": isinstance(v, ast.Name) and v.text in self.enums.get(ftype.enum or "", ()),
        }[ftype.kind]
        if isinstance(v, ast.Unknown):
            if decl.fallback is None:
                self.r.error(Code.BAD_EXAMPLE, f"「{g.name.text}」 has no fallback, so it cannot be unknown",
                             v.span)
            return
        if isinstance(v, ast.QuantityLit) and v.value < 0:
            ok = False
        if ok and isinstance(decl.type, ast.CountType) and isinstance(v, ast.QuantityLit) \
                and _base(v) != _base(v).to_integral_value():
            self.r.error(Code.BAD_EXAMPLE, f"「{g.name.text}」 counts whole {decl.type.unit}, not {v.text}", v.span)
            return
        if not ok:
            self.r.error(Code.UNIT_MISMATCH if isinstance(v, ast.QuantityLit) else Code.BAD_EXAMPLE,
                         f"「{g.name.text}」 is {ftype.describe()}; this value does not fit", v.span)

    def rule_facts(self, rule: ast.Decl) -> set[str]:
        """Cached per rule: every example of a rule asks, and a rule has dozens of examples."""
        key = id(rule)
        if key not in self._facts_cache:
            self._facts_cache[key] = set(_facts_of(rule, self.symbols))
        return self._facts_cache[key]

    def check_expect(self, e: ast.Expect, rule: ast.Decl) -> None:
        penalty_only = ("fine", "individual", "row", "measure", "no-measure", "not-applicable", "fine-modality")
        fits = (e.kind == "not-in-force"
                or isinstance(rule, ast.Penalty) and e.kind in penalty_only
                or isinstance(rule, ast.Amount) and e.kind in ("amount", "not-applicable")
                or isinstance(rule, ast.Classify) and e.kind in ("class", "row", "not-applicable")
                or isinstance(rule, ast.Deadline) and e.kind == "due"
                or isinstance(rule, ast.Deadline) and e.kind == "not-applicable" and rule.when is not None
                or isinstance(rule, ast.Deadline) and e.kind == "extended-due" and rule.extension is not None
                or isinstance(rule, ast.Deadline) and e.kind == "latest-due" and bool(rule.further)
                or isinstance(rule, ast.Requirement) and e.kind in ("compliant", "violated"))
        if not fits and isinstance(rule, ast.Deadline) and e.kind == "not-applicable":
            self.r.error(Code.BAD_EXAMPLE, f"「{rule.name.text}」 always applies: it has no `when (…)`", e.span)
            return
        if not fits:
            self.r.error(Code.BAD_EXAMPLE, f"`expect {e.kind}` does not fit {_kind(rule)}", e.span)
            return
        for lit in (e.low, e.high):
            if isinstance(lit, ast.FactorLit):
                if e.kind != "amount":
                    self.r.error(Code.UNIT_MISMATCH, f"a fine is money, not {lit.text}", lit.span)
                return
            if lit is not None and lit.unit != "元" and e.kind in ("fine", "individual"):
                self.r.error(Code.UNIT_MISMATCH, f"a fine is money, not {lit.text}", lit.span)
        if e.period is not None and e.period.unit not in DURATION_UNITS:
            self.r.error(Code.UNIT_MISMATCH, f"{e.period.text} is not a period of time", e.period.span)
        if isinstance(e.low, ast.QuantityLit) and isinstance(e.high, ast.QuantityLit) and _base(e.low) > _base(e.high):
            self.r.error(Code.EMPTY_RANGE, "the expected range is empty", e.span)
        if e.kind == "individual" and isinstance(rule, ast.Penalty):
            names = [s.addressee.text for s in _walk(rule.body) if isinstance(s, ast.Individual)]
            if e.subject is not None and e.subject.text not in names:
                self.unknown(e.subject, "addressee", names)
        if e.kind == "amount" and isinstance(rule, ast.Amount) and e.low is not None:
            want = Dim() if isinstance(e.low, ast.FactorLit) else _lit_dim(e.low)
            got = self.amount_dims.get(rule.name.text)  # None: already reported at the rule
            if got is not None and got != want:
                self.r.error(Code.UNIT_MISMATCH, f"「{rule.name.text}」 is {got.describe()}, but the example expects "
                             f"{want.describe()}", e.span)
        if e.kind == "class" and isinstance(rule, ast.Classify) and e.subject is not None:
            members = list(self.enums.get(rule.enum.text, ()))
            if members and e.subject.text not in members:
                self.unknown(e.subject, f"value of {rule.enum.text}", members)
        if e.kind in ("measure", "no-measure") and isinstance(rule, ast.Penalty) and e.subject is not None:
            labels = [s.label.text for s in _walk(rule.body) if isinstance(s, ast.Measure)]
            labels += [f"没收{s.fact.text}" for s in _walk(rule.body) if isinstance(s, ast.Confiscate)]
            if e.subject.text not in labels:
                self.unknown(e.subject, "sanction", labels)


# ---------------------------------------------------------------------- helpers

def _kind(decl: ast.Decl) -> str:
    return {ast.FactDecl: "a fact", ast.EnumDecl: "an enum", ast.LetDecl: "a value",
            ast.Definition: "a definition", ast.Convention: "a convention", ast.Penalty: "a penalty",
            ast.Deadline: "a deadline", ast.Requirement: "a requirement", ast.Example: "an example",
            ast.DayConvention: "a convention", ast.Amount: "an amount", ast.Versions: "a versioned value",
            ast.Classify: "a classification",
            ast.Unencoded: "an unencoded rule"}[type(decl)]


def _base(q: ast.QuantityLit) -> Decimal:
    return to_base(q.value, q.unit)


def _threshold_value(v: ast.QuantityLit | ast.FractionLit) -> Decimal | Fraction:
    if isinstance(v, ast.FractionLit):
        return Fraction(v.numerator, v.denominator or 1)
    return _base(v)


def _lit_dim(q: ast.QuantityLit) -> Dim:
    dim = Dim.of(q.unit)
    return dim * Dim.of(q.per, -1) if q.per else dim


def _span(node: object) -> Span:
    return node.span  # type: ignore[attr-defined,no-any-return]


def _walk(body: tuple[ast.Stmt, ...]) -> Iterator[ast.Stmt]:
    for stmt in body:
        yield stmt
        if isinstance(stmt, (ast.Individual, ast.IfBlock)):
            yield from _walk(stmt.body)


def _unit_stmts(body: tuple[ast.Stmt, ...]) -> Iterator[ast.Stmt]:
    """Statements that apply to the unit itself: not inside `individual` blocks."""
    for stmt in body:
        if isinstance(stmt, ast.IfBlock):
            yield from _unit_stmts(stmt.body)
        elif not isinstance(stmt, ast.Individual):
            yield stmt


def _fine_refs(body: tuple[ast.Stmt, ...]) -> Iterator[str]:
    for stmt in _walk(body):
        if isinstance(stmt, ast.Fine):
            yield from (n.rule.text for n in _expr_nodes(stmt.value) if isinstance(n, ast.FineOf))


def _expr_nodes(e: object) -> Iterator[object]:
    yield e
    for child in _children(e):
        yield from _expr_nodes(child)


def _children(node: object) -> Iterator[object]:
    if not attrs.has(type(node)):
        return
    for field in attrs.fields(type(node)):
        if field.name == "span":
            continue
        value = getattr(node, field.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if attrs.has(type(item)) and not isinstance(item, ast.Name):
                yield item


def _names_in(node: object) -> Iterator[str]:
    """Every name a node refers to (facts, lets, penalties), in order."""
    if isinstance(node, ast.Name):
        yield node.text
        return
    if isinstance(node, tuple):
        for item in node:
            yield from _names_in(item)
        return
    if not attrs.has(type(node)):
        return
    for field in attrs.fields(type(node)):
        if field.name in ("span", "annotations", "label", "addressee", "subject", "member"):
            continue
        value = getattr(node, field.name)
        for item in value if isinstance(value, tuple) else (value,):
            yield from _names_in(item)


def _class_refs(decl: ast.Decl, symbols: dict[str, ast.Decl]) -> set[str]:
    """The classifications a rule reads in its conditions, directly or through named values."""
    found: set[str] = set()
    todo: list[ast.Decl] = [decl]
    seen: set[str] = set()
    while todo:
        for name in _names_in(_body_of(todo.pop())):
            target = symbols.get(name)
            if isinstance(target, ast.Classify):
                found.add(name)
            elif isinstance(target, ast.LetDecl) and name not in seen:
                seen.add(name)
                todo.append(target)
    return found


def _body_of(decl: ast.Decl) -> object:
    """What of a declaration can name other declarations: conditions, amounts, periods."""
    if isinstance(decl, ast.Penalty):
        return (decl.when, decl.body)
    if isinstance(decl, ast.Deadline):
        return (decl.when, decl.event, decl.period, decl.excluding, decl.further)
    if isinstance(decl, ast.Requirement):
        return decl.cond
    if isinstance(decl, ast.Amount):
        return (decl.when, decl.value)
    if isinstance(decl, ast.Classify):
        return tuple(r.cond for r in decl.table.rows)
    if isinstance(decl, ast.Versions):
        return tuple(v.value for v in decl.rows)
    if isinstance(decl, ast.LetDecl):
        return decl.value
    if isinstance(decl, ast.FactDecl):
        return decl.fallback
    return None


def _facts_of(decl: ast.Decl, symbols: dict[str, ast.Decl], seen: set[str] | None = None) -> Iterator[str]:
    """The facts a rule reads, through lets, fallbacks, `fine of` and the classifications it reads."""
    seen = seen if seen is not None else set()
    body = _body_of(decl)
    if body is None:
        return
    for name in _names_in(body):
        if name in seen:
            continue
        seen.add(name)
        target = symbols.get(name)
        if isinstance(target, ast.FactDecl):
            yield name
            yield from _facts_of(target, symbols, seen)
        elif isinstance(target, (ast.LetDecl, ast.Penalty, ast.Versions, ast.Classify)):
            yield from _facts_of(target, symbols, seen)
    if isinstance(decl, _RULES):
        for a in decl.annotations:
            if isinstance(a, ast.AsOf) and a.fact.text not in seen and isinstance(symbols.get(a.fact.text), ast.FactDecl):
                seen.add(a.fact.text)
                yield a.fact.text


def _period_lits(e: ast.Expr) -> Iterator[ast.QuantityLit]:
    """The periods a deadline may count: its own, or every row's of its table."""
    match e:
        case ast.Quantity():
            yield e.lit
        case ast.ByEnum():
            for row in e.rows:
                yield from _period_lits(row.value)
        case ast.Cases():
            for crow in e.rows:
                yield from _period_lits(crow.value)
        case _:
            pass


facts_of = _facts_of
names_in = _names_in
CONVENTION = CONVENTION_WORDS
FIXED = FIXED_WORDS
