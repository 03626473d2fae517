"""What a batch's input must hold, checked before anything is evaluated or written.

For each fact the rule reads, the input must have a column of that name whose
type can carry it exactly (money is DECIMAL, an integer or text, never a
float), and every value must be one the generated Python function would
accept: present unless the law gives a fallback, not negative, whole for
counts, a member for enums. Checks and conversions are SQL (DuckDB dialect),
so DuckDB runs them as they are and Spark after sqlglot transpiles them.
"""

from __future__ import annotations

import difflib
import re

import attrs

from fatiao import ir
from fatiao.emit_sql import COLUMNS, HELPER_PREFIX, INPUT_SCALE
from fatiao.escape import sql_ident, sql_str

TRUE_WORDS = ("true", "t", "yes", "1", "是")
FALSE_WORDS = ("false", "f", "no", "0", "否")


class BatchError(Exception):
    """A mistake in the batch's input or request, told in words: what, where (file, row, column), what to do."""


@attrs.frozen
class Check:
    column: str
    bad: str  # SQL that is TRUE for a row that breaks the check
    problem: str  # what is wrong with such a row, in words


@attrs.frozen
class InputPlan:
    checks: tuple[Check, ...]
    projection: str  # SELECT list over the raw input: every column in order, the facts typed


def type_class(sql_type: str) -> tuple[str, int]:
    """A DuckDB or Spark type name → (integer | decimal | text | float | bool | date | other, decimal scale)."""
    t = sql_type.strip().lower()
    if m := re.fullmatch(r"decimal\((\d+),\s*(\d+)\)", t):
        return "decimal", int(m.group(2))
    if re.fullmatch(r"u?(tinyint|smallint|integer|int|bigint|hugeint|int[1248]|long|short|byte)", t):
        return "integer", 0
    if t in ("varchar", "string", "text") or t.startswith("varchar("):
        return "text", 0
    if t in ("float", "double", "real", "float4", "float8"):
        return "float", 0
    if t in ("boolean", "bool"):
        return "bool", 0
    if t == "date":
        return "date", 0
    if t.startswith("timestamp"):
        return "timestamp", 0
    return "other", 0


def _kind_words(fact: ir.Fact) -> str:
    match fact.kind:
        case "money":
            return "an amount of money in 元"
        case "quantity":
            return f"a quantity in {fact.unit}"
        case "ratio":
            return "a ratio (0.5 for 50%)"
        case "count":
            return f"a whole number of {fact.unit}"
        case "bool":
            return "true or false"
        case "enum":
            return f"one of {'、'.join(fact.members)}"
        case "date":
            return "a date"
        case "datetime":
            return "a moment (date and time)"
    return fact.kind


def _text(column: str, unknown_allowed: bool) -> str:
    """Text input, trimmed; an empty cell (and `unknown`, where the law has a fallback) is NULL."""
    t = f"NULLIF(trim({column}), '')"
    return f"NULLIF({t}, 'unknown')" if unknown_allowed else t


def _fact_plan(fact: ir.Fact, column: str, sql_type: str, source: str) -> tuple[list[Check], str]:
    name = fact.name
    col = sql_ident(column)
    cls, scale = type_class(sql_type)
    optional = fact.fallback is not None or fact.optional
    checks: list[Check] = []

    def refuse() -> BatchError:
        hint = ""
        if cls == "float" and fact.kind in ("money", "quantity", "ratio"):
            hint = (" Floating point cannot hold amounts exactly (2999999.99 is stored as 2999999.9899999998); "
                    "store the column as DECIMAL or integers, or as text in a CSV file.")
        return BatchError(f"{source}: column {column} is {sql_type}, but 「{name}」 is {_kind_words(fact)}.{hint}")

    def missing(value: str) -> None:
        if not optional:
            what = f"{_kind_words(fact)} is needed" + ("; this rule has no fallback for it" if fact.kind in (
                "money", "quantity", "ratio") else "")
            checks.append(Check(column, f"{value} IS NULL", f"is empty ({what})"))

    match fact.kind:
        case "money" | "quantity" | "ratio":
            if cls == "text":
                t = _text(col, optional)
                missing(t)
                checks += [
                    Check(column, f"regexp_matches({t}, '^-')", "cannot be negative"),
                    Check(column, f"NOT regexp_matches({t}, '^-?[0-9]+([.][0-9]+)?$')",
                          f"is not {_kind_words(fact)}: write plain digits with a decimal point, such as 2999999.99"),
                    Check(column, f"regexp_matches({t}, '[.][0-9]{{{INPUT_SCALE + 1},}}$')",
                          f"has more than {INPUT_SCALE} decimal places; fatiao reads amounts exactly, and rounds "
                          "nothing it is given"),
                    Check(column, f"regexp_matches({t}, '^-?[0-9]{{{38 - INPUT_SCALE + 1},}}')", "is too large"),
                ]
                return checks, f"CAST({t} AS DECIMAL(38, {INPUT_SCALE}))"
            if cls in ("integer", "decimal"):
                missing(col)
                checks.append(Check(column, f"{col} < 0", "cannot be negative"))
                if cls == "decimal" and scale > INPUT_SCALE:
                    checks.append(Check(column, f"{col} <> ROUND({col}, {INPUT_SCALE})",
                                        f"has more than {INPUT_SCALE} decimal places"))
                    return checks, f"CAST({col} AS DECIMAL(38, {INPUT_SCALE}))"
                return checks, col
            raise refuse()
        case "count":
            if cls == "text":
                t = _text(col, False)
                missing(t)
                checks += [
                    Check(column, f"regexp_matches({t}, '^-')", "cannot be negative"),
                    Check(column, f"NOT regexp_matches({t}, '^-?[0-9]+$')", f"is not {_kind_words(fact)}"),
                    Check(column, f"regexp_matches({t}, '^-?[0-9]{{19,}}$')", "is too large"),
                ]
                return checks, f"CAST({t} AS BIGINT)"
            if cls in ("integer", "decimal", "float"):
                missing(col)
                checks.append(Check(column, f"{col} < 0", "cannot be negative"))
                if cls != "integer":
                    checks.append(Check(column, f"NOT isfinite({col}) OR {col} <> ROUND({col}, 0)" if cls == "float"
                                        else f"{col} <> ROUND({col}, 0)", f"is not {_kind_words(fact)}"))
                return checks, f"CAST({col} AS BIGINT)" if cls != "integer" else col
            raise refuse()
        case "bool":
            if cls == "text":
                t = f"lower({_text(col, False)})"
                missing(t)
                words = ", ".join(sql_str(w) for w in TRUE_WORDS + FALSE_WORDS)
                checks.append(Check(column, f"{t} NOT IN ({words})",
                                    "is not true or false (also accepted: t/f, yes/no, 1/0, 是/否)"))
                return checks, f"{t} IN ({', '.join(sql_str(w) for w in TRUE_WORDS)})"
            if cls == "bool":
                missing(col)
                return checks, col
            if cls == "integer":
                missing(col)
                checks.append(Check(column, f"{col} NOT IN (0, 1)", "is not true or false (1 or 0)"))
                return checks, f"{col} = 1"
            raise refuse()
        case "enum":
            if cls == "text":
                t = _text(col, False)
                missing(t)
                members = ", ".join(sql_str(m) for m in fact.members)
                checks.append(Check(column, f"{t} NOT IN ({members})", f"is not {_kind_words(fact)}"))
                return checks, t
            raise refuse()
        case "date":
            if cls == "text":
                t = _text(col, False)
                missing(t)
                # An empty cell of a `date or none` fact is none, not a bad date.
                checks.append(Check(column, f"{t} IS NOT NULL AND (NOT regexp_matches({t}, "
                                            f"'^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}$') OR TRY_CAST({t} AS DATE) IS NULL)",
                                    "is not a date such as 2024-05-01"))
                return checks, f"CAST({t} AS DATE)"
            if cls == "date":
                missing(col)
                return checks, col
            raise refuse()
        case "datetime":
            if cls == "text":
                t = _text(col, False)
                missing(t)
                checks.append(Check(column, f"TRY_CAST({t} AS TIMESTAMP) IS NULL",
                                    "is not a moment such as 2024-06-03 09:30"))
                return checks, f"CAST({t} AS TIMESTAMP)"
            if cls == "timestamp":
                missing(col)
                return checks, col
            raise refuse()
    raise AssertionError(fact.kind)


def plan(law: ir.Law, rule: ir.Rule, columns: list[tuple[str, str]], source: str) -> InputPlan:
    """Checks and typed projection for `columns` (name, SQL type) as input to `rule`; BatchError when the
    columns cannot serve (one missing, a type that cannot carry the fact, a name the results use)."""
    names = [c for c, _ in columns]
    kind = type(rule).__name__.lower()
    clash = [c for c in names if c.startswith(HELPER_PREFIX) or c in dict(COLUMNS[kind])]
    if clash:
        raise BatchError(f"{source}: column {'、'.join(clash)} would clash with the result columns "
                         f"({', '.join(n for n, _ in COLUMNS[kind])}) or fatiao's helper columns ({HELPER_PREFIX}…); "
                         "rename it")
    absent = [f for f in rule.facts if f not in names]
    if absent:
        lines = []
        for fact in absent:
            close = difflib.get_close_matches(fact, names, n=1, cutoff=0.6)
            lines.append(f"  {fact} ({_kind_words(law.fact(fact))})" + (f"; is {close[0]} meant?" if close else ""))
        raise BatchError(f"{source}: 「{rule.name}」 reads {len(rule.facts)} fact(s); the input has no column for:\n"
                         + "\n".join(lines) + f"\n  (its columns: {', '.join(names) or 'none'})")
    types = dict(columns)
    checks: list[Check] = []
    typed: dict[str, str] = {}
    for name in rule.facts:
        fact_checks, expr = _fact_plan(law.fact(name), name, types[name], source)
        checks += fact_checks
        typed[name] = expr
    projection = ", ".join(f"{typed[c]} AS {sql_ident(c)}" if c in typed else sql_ident(c) for c in names)
    return InputPlan(tuple(checks), projection)
