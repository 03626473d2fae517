"""Stage beside the backends: IR → findings about the consistency of the law itself.

What the IR lets us prove exactly, we prove: every fine in fatiao is piecewise
linear and non-decreasing in each amount between the thresholds a rule compares
against (constants, or positive multiples of non-negative facts). So a sweep of
each amount over its thresholds, one unit either side, and 0 and a large value
visits every piece and every seam: if the fine never goes down and never jumps
along that sweep, it never does anywhere. Conditions on flags and enums are
finite and are enumerated. Where a rule has too many combinations to enumerate,
the other facts are held at a deterministic sample, and the report says so.

Findings have a status:
- law: a property of the law as written (a jump between tiers, a non-monotone fallback);
- resolved: the text is ambiguous or overlapping, and the spec resolves it (and says how);
- acknowledged: a lint the spec acknowledges, with its reason;
- open: a lint nobody has acknowledged; `fatiao verify` fails on these.
"""

from __future__ import annotations

import datetime
import itertools
import random
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from fatiao import interpret, ir
from fatiao.literals import chinese_int
from fatiao.source import Span
from fatiao_runtime.format import fmt_amount
from fatiao_runtime.results import PenaltyResult

GUIDANCE = "国务院关于进一步规范和监督罚款设定与实施的指导意见（国发〔2024〕5号）"
RATIO_SENTENCE = ("规定处以一定幅度的罚款时，除涉及公民生命健康安全、金融安全等情形外，"
                  "罚款的最低数额与最高数额之间一般不超过10倍。")
CORRECTION_SENTENCE = "行政机关实施处罚时应当责令当事人改正或者限期改正违法行为，不得只罚款而不纠正违法行为。"
HIERARCHY_SENTENCE = "规章设定的罚款数额不得超过法律、法规对相似违法行为规定的罚款数额"
LINTS = {"fine-ratio": RATIO_SENTENCE, "fine-without-correction": CORRECTION_SENTENCE,
         "exceeds-higher-law": HIERARCHY_SENTENCE,
         "number-not-in-quote": "every number a rule uses should be in the sentence of the law it cites"}
RULE_LEVELS = ("部门规章", "地方政府规章", "规范性文件")
LARGE = Decimal(10) ** 9
SAMPLES = 48


@attrs.frozen
class Finding:
    code: str
    status: str  # law | resolved | acknowledged | open
    rule: str
    article: str
    span: Span = attrs.field(eq=False, repr=False)
    message: str
    counterexample: tuple[tuple[str, str], ...] = ()
    resolution: str | None = None


@attrs.frozen
class Report:
    law: ir.Law
    findings: tuple[Finding, ...]
    proved: tuple[str, ...]  # properties shown to hold, in words


def _article(rule: ir.Rule) -> str:
    c = rule.citations[0] if rule.citations else None
    return "".join(p for p in (c.article, c.clause) if p) if c else ""


def _show(law: ir.Law, name: str, value: Any) -> str:
    fact = law.fact(name)
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None:
        return "不明"
    if isinstance(value, Decimal):
        return fmt_amount(value, (fact.unit or "").split("/")[0])
    return str(value)


# ---------------------------------------------------------------------- walking the IR

def _thresholds(law: ir.Law, rule: ir.Rule) -> dict[str, set[Decimal]]:
    found: dict[str, set[Decimal]] = {}
    nodes = list(ir.walk(rule))
    for let in law.lets:
        nodes += list(ir.walk(let))
    for fact in law.facts:
        if fact.fallback is not None:
            nodes += list(ir.walk(fact.fallback))
    for node in nodes:
        if isinstance(node, ir.Compare):
            found.setdefault(node.fact, set()).add(node.value)
        if isinstance(node, ir.FineOf):
            inner = law.rule(node.rule)
            for k, v in _thresholds(law, inner).items():
                found.setdefault(k, set()).update(v)
    return found


def in_force_day(rule: ir.Rule) -> Any:
    """A day the rule is in force, for sweeps: the law's answer is only defined inside its period."""
    v = rule.validity
    day = datetime.date(2024, 6, 3)
    if v.start is not None and day < v.start:
        day = v.start
    if v.end is not None and day > v.end:
        day = v.end
    return day


def _candidates(law: ir.Law, fact: ir.Fact, limits: set[Decimal], day: Any = None) -> list[Any]:
    match fact.kind:
        case "bool":
            return [False, True]
        case "enum":
            return list(fact.members)
        case "date":
            return [day or datetime.date(2024, 6, 3)]
        case "datetime":
            d = day or datetime.date(2024, 6, 3)
            return [datetime.datetime(d.year, d.month, d.day, 9, 30)]
        case _:
            step = Decimal(1) if fact.kind == "count" else Decimal("0.01")
            values = {Decimal(0), LARGE}
            for t in limits:
                values |= {t - step, t, t + step, t - 1, t + 1}
            out = sorted(v for v in values if v >= 0)
            if fact.fallback is not None:
                out.append(None)
            return out


# ---------------------------------------------------------------------- tier analysis (exact)

Interval = tuple[Decimal | None, bool, Decimal | None, bool]  # low, low closed, high, high closed


def _interval(cmps: list[ir.Compare]) -> Interval | None:
    low: Decimal | None = Decimal(0)
    low_closed, high, high_closed = True, None, False
    for c in cmps:
        match c.op:
            case ">=":
                low, low_closed = c.value, True
            case ">":
                low, low_closed = c.value, False
            case "<=":
                high, high_closed = c.value, True
            case "<":
                high, high_closed = c.value, False
            case "==":
                low, low_closed, high, high_closed = c.value, True, c.value, True
            case _:
                return None
    return (low, low_closed, high, high_closed)


def _criteria(cond: ir.Cond | None) -> dict[str, list[Interval]] | None:
    """A row condition read as, for each fact, the intervals that satisfy it (or None if not of that shape)."""
    if cond is None:
        return None
    items = cond.items if isinstance(cond, ir.Any) else (cond,)
    out: dict[str, list[Interval]] = {}
    for item in items:
        cmps = [item] if isinstance(item, ir.Compare) else list(item.items) if isinstance(item, ir.All) else None
        if not cmps or not all(isinstance(c, ir.Compare) for c in cmps) or len({c.fact for c in cmps}) != 1:
            return None
        interval = _interval(cmps)  # type: ignore[arg-type]
        if interval is None:
            return None
        out.setdefault(cmps[0].fact, []).append(interval)  # type: ignore[union-attr]
    return out


def _meet(a: Interval, b: Interval) -> Decimal | None:
    """A point in both intervals, if any (the lower end of their intersection)."""
    low = max(a[0] or Decimal(0), b[0] or Decimal(0))
    low_closed = (a[1] if (a[0] or 0) == low else True) and (b[1] if (b[0] or 0) == low else True)
    highs = [h for h in (a[2], b[2]) if h is not None]
    high = min(highs) if highs else None
    high_closed = all(x[3] for x in (a, b) if x[2] == high) if high is not None else False
    if high is None or low < high:
        return low if low_closed else low + Decimal("0.01")
    if low == high and low_closed and high_closed:
        return low
    return None


def _interval_words(i: Interval, unit: str) -> str:
    low, lc, high, hc = i
    parts = []
    if low is not None and (low > 0 or not lc):
        parts.append(f"{'≥' if lc else '>'}{fmt_amount(low, unit)}")
    if high is not None:
        parts.append(f"{'≤' if hc else '<'}{fmt_amount(high, unit)}")
    return " 且 ".join(parts) or "任意"


def _tables(rule: ir.Penalty) -> Iterator[ir.Table]:
    for s in rule.sanctions:
        if s.amount is not None:
            for node in ir.walk(s.amount):
                if isinstance(node, ir.Table):
                    yield node


def tier_findings(law: ir.Law, rule: ir.Penalty) -> list[Finding]:
    out: list[Finding] = []
    for table in _tables(rule):
        rows = [(r, _criteria(r.cond)) for r in table.rows]
        for (i, (a, ca)), (j, (b, cb)) in itertools.combinations(enumerate(rows), 2):
            if ca is None or cb is None:
                continue
            for fact in sorted(set(ca) & set(cb)):
                unit = (law.fact(fact).unit or "").split("/")[0]
                for ia in ca[fact]:
                    for ib in cb[fact]:
                        point = _meet(ia, ib)
                        if point is None:
                            continue
                        la, lb = a.label or f"第{i + 1}档", b.label or f"第{j + 1}档"
                        if table.mode == "highest":
                            how = (f"resolved: the spec takes the highest tier any criterion reaches, so "
                                   f"{fact} = {fmt_amount(point, unit)} gives {lb}")
                        else:
                            how = f"resolved: the first tier that holds applies, so it gives {la}"
                        out.append(Finding(
                            "tier-overlap", "resolved", rule.name, _article(rule), table.span,
                            f"{fact} = {fmt_amount(point, unit)} falls in both {la} "
                            f"({_interval_words(ia, unit)}) and {lb} ({_interval_words(ib, unit)})",
                            ((fact, fmt_amount(point, unit)),), how))
        out += _gaps(law, rule, table, rows)
    return out


def _gaps(law: ir.Law, rule: ir.Penalty, table: ir.Table, rows: list[tuple[ir.Row, Any]]) -> list[Finding]:
    """Values of a fact that fall between the bands of consecutive tiers."""
    if any(r.cond is None for r, _ in rows):
        return []
    out = []
    per_fact: dict[str, list[Interval]] = {}
    for _, crit in rows:
        if crit is None:
            return []
        for fact, intervals in crit.items():
            per_fact.setdefault(fact, []).extend(intervals)
    for fact, intervals in per_fact.items():
        whole = law.fact(fact).kind == "count"
        step = Decimal(1) if whole else Decimal("0.01")
        ordered = sorted(intervals, key=lambda x: (x[0] or Decimal(0), not x[1]))
        reach: Decimal | None = ordered[0][2]
        reach_closed = ordered[0][3]
        for nxt in ordered[1:]:
            if reach is None:
                break
            low, low_closed = nxt[0] or Decimal(0), nxt[1]
            first_missing = reach if not reach_closed else reach + step
            first_covered = low if low_closed else low + step
            if first_missing < first_covered and not (whole and first_missing != first_missing.to_integral_value()):
                unit = (law.fact(fact).unit or "").split("/")[0]
                out.append(Finding(
                    "tier-gap", "law", rule.name, _article(rule), table.span,
                    f"{fact} = {fmt_amount(first_missing, unit)} is in no tier on this criterion",
                    ((fact, fmt_amount(first_missing, unit)),),
                    "the row then depends only on the other criteria"))
            if nxt[2] is None or (reach is not None and nxt[2] > reach) or (nxt[2] == reach and nxt[3]):
                reach, reach_closed = nxt[2], nxt[3]
    return out


def bracket_findings(law: ir.Law, rule: ir.Penalty) -> list[Finding]:
    """A more severe tier (listed later, or a later enum value) never has a lower fine on either end."""
    out = []
    for table in _tables(rule):
        consts = [(r, r.value) for r in table.rows if isinstance(r.value, ir.Const)]
        if table.mode == "first" and not all(isinstance(r.cond, ir.IsMember) for r in table.rows):
            continue  # a first-match table is ordered by specificity, not by severity
        if table.mode == "first":
            fact = law.fact(table.rows[0].cond.fact)  # type: ignore[union-attr]
            order = {m: i for i, m in enumerate(fact.members)}
            consts.sort(key=lambda rc: order[rc[0].cond.member])  # type: ignore[union-attr]
        for (ra, a), (rb, b) in zip(consts, consts[1:], strict=False):
            if b.low < a.low or b.high < a.high:  # type: ignore[union-attr]
                out.append(Finding(
                    "tier-monotonicity", "law", rule.name, _article(rule), table.span,
                    f"the more severe tier {rb.label or rb.text} ({rb.value_text}) has a lower fine than "
                    f"{ra.label or ra.text} ({ra.value_text})"))
    return out


# ---------------------------------------------------------------------- sweeps (exact on piecewise-linear rules)

def _fine(result: PenaltyResult) -> tuple[Decimal, Decimal] | None:
    if not result.applicable or result.fine is None:
        return None
    return (result.fine.low, result.fine.high)


def _measures(result: PenaltyResult) -> set[str]:
    return {s.label for s in result.sanctions} | {f"{p.addressee}{s.label}" for p in result.individuals
                                                  for s in p.sanctions}


def sweep_findings(law: ir.Law, rule: ir.Penalty) -> tuple[list[Finding], list[str]]:
    limits = _thresholds(law, rule)
    facts = [law.fact(n) for n in rule.facts]
    day = in_force_day(rule)
    grid = {f.name: _candidates(law, f, limits.get(f.name, set()), day) for f in facts}
    rng = random.Random(rule.name)  # deterministic: the same report on every run
    discrete = [f.name for f in facts if f.kind in ("bool", "enum")]
    combos = [dict(zip(discrete, values, strict=True)) for values in itertools.product(*(grid[n] for n in discrete))]
    if len(combos) > SAMPLES:
        combos = rng.sample(combos, SAMPLES)
    exhaustive = len(list(itertools.product(*(grid[n] for n in discrete)))) <= SAMPLES
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    highest: tuple[Decimal, dict[str, Any]] | None = None  # the largest fine the rule can give, and where

    def base_for(combo: dict[str, Any]) -> dict[str, Any]:
        facts_now = dict(combo)
        for f in facts:
            if f.name not in facts_now:
                values = [v for v in grid[f.name] if v is not None]
                facts_now[f.name] = values[len(values) // 2] if f.kind not in ("date", "datetime") else grid[f.name][0]
        return facts_now

    def run(facts_now: dict[str, Any]) -> PenaltyResult:
        result = interpret.run(law, rule.name, facts_now, day)
        assert isinstance(result, PenaltyResult)
        return result

    for combo in combos:
        base = base_for(combo)
        fine_here = _fine(run(base))
        if fine_here is not None and (highest is None or fine_here[1] > highest[0]):
            highest = (fine_here[1], base)
        for f in facts:
            if f.kind not in ("money", "count", "quantity"):
                continue
            values = [v for v in grid[f.name] if v is not None]
            step = Decimal(1) if f.kind == "count" else Decimal("0.01")
            previous: tuple[Any, tuple[Decimal, Decimal] | None] | None = None
            for v in values:
                fine = _fine(run({**base, f.name: v}))
                if fine is not None and (highest is None or fine[1] > highest[0]):
                    highest = (fine[1], {**base, f.name: v})
                if previous is not None and previous[1] is not None and fine is not None:
                    pv, (plo, phi) = previous[0], previous[1]
                    lo, hi = fine
                    key = (f.name, str(pv))
                    if (lo < plo or hi < phi) and key not in seen:
                        seen.add(key)
                        out.append(_step_finding(law, rule, base, f.name, pv, v, (plo, phi), fine, "non-monotone"))
                    elif v - pv == step and lo > phi and key not in seen:
                        # Only across a seam (one unit apart) is a gap a jump; between distant
                        # sample points a multiple of the amount rises continuously.
                        seen.add(key)
                        out.append(_step_finding(law, rule, base, f.name, pv, v, (plo, phi), fine, "fine-jump"))
                previous = (v, fine)
        for f in facts:
            if f.kind != "bool":
                continue
            off, on = run({**base, f.name: False}), run({**base, f.name: True})
            fine_off, fine_on = _fine(off), _fine(on)
            milder = (fine_off is not None and fine_on is not None
                      and (fine_on[0] < fine_off[0] or fine_on[1] < fine_off[1]))
            both = off.applicable and on.applicable
            lost = _measures(off) - _measures(on) if both else set()
            if lost and _measures(on) - _measures(off):
                lost = set()  # replaced by another measure (5年内禁止 → 终身禁止): not milder by itself
            key = (f.name, "flag")
            if (milder or lost) and key not in seen:
                seen.add(key)
                what = (f"fine {_words(fine_off)} without it, {_words(fine_on)} with it" if milder
                        else f"{'、'.join(sorted(lost))} apply without it and not with it")
                shown = tuple((n, _show(law, n, v)) for n, v in base.items() if n != f.name)
                out.append(Finding("escalation-milder", "law", rule.name, _article(rule), rule.span,
                                   f"「{f.name}」 makes the outcome milder: {what}", shown))
    if law.level in RULE_LEVELS and highest is not None:
        for source, _, top in rule.implements:
            if highest[0] > top:
                shown = tuple((n, _show(law, n, v)) for n, v in highest[1].items())
                out.append(_lint("exceeds-higher-law", rule, rule.span, dict(rule.acknowledged),
                                 f"this 规章 allows a fine up to {fmt_amount(highest[0], '元')}, above the "
                                 f"{fmt_amount(top, '元')} that {source} sets", shown))
    proved = []
    for source, _, top in rule.implements:
        if highest is not None and highest[0] <= top:
            proved.append(f"{rule.name}: never more than the {fmt_amount(top, '元')} that {source} sets "
                          f"(highest reachable: {fmt_amount(highest[0], '元')})")
    if not any(x.code == "non-monotone" for x in out):
        scope = "for every combination of its flags and enum values" if exhaustive else \
            f"for {len(combos)} sampled combinations of its flags and enum values"
        proved.append(f"{rule.name}: raising any amount never lowers the fine ({scope})")
    return out, proved


def _words(fine: tuple[Decimal, Decimal] | None) -> str:
    if fine is None:
        return "none"
    return f"{fmt_amount(fine[0], '元')}..{fmt_amount(fine[1], '元')}"


def _step_finding(law: ir.Law, rule: ir.Penalty, base: dict[str, Any], fact: str, a: Any, b: Any,
                  before: tuple[Decimal, Decimal], after: tuple[Decimal, Decimal], code: str) -> Finding:
    unit = (law.fact(fact).unit or "").split("/")[0]
    others = tuple((n, _show(law, n, v)) for n, v in base.items() if n != fact)
    if code == "non-monotone":
        message = (f"raising {fact} from {fmt_amount(a, unit)} to {fmt_amount(b, unit)} lowers the fine: "
                   f"{_words(before)} → {_words(after)}")
    else:
        message = (f"the fine jumps at {fact} = {fmt_amount(b, unit)}: {_words(before)} at {fmt_amount(a, unit)}, "
                   f"{_words(after)} at {fmt_amount(b, unit)}")
        message += (f"; no fine between {fmt_amount(before[1], '元')} and {fmt_amount(after[0], '元')} "
                    "can be reached near this seam")
    return Finding(code, "law", rule.name, _article(rule), rule.span, message,
                   ((fact, f"{fmt_amount(a, unit)} / {fmt_amount(b, unit)}"), *others))


# ---------------------------------------------------------------------- lints from 国发〔2024〕5号

def lint_findings(law: ir.Law, rule: ir.Penalty) -> list[Finding]:
    out = []
    acknowledged = dict(rule.acknowledged)
    for s in rule.sanctions:
        if s.kind != "fine" or not isinstance(s.amount, ir.Const):
            continue
        if s.amount.low > 0 and s.amount.high > 10 * s.amount.low:
            ratio = s.amount.high / s.amount.low
            out.append(_lint("fine-ratio", rule, s.span, acknowledged,
                             f"the top of {s.amount.text} is {ratio:.4g} times its bottom (more than 10)"))
    # A fine is paired with an order to correct when the order applies whenever the fine does:
    # unconditionally, or under the same condition.
    corrections = [s.when for s in rule.sanctions
                   if s.kind == "measure" and "改正" in s.label and s.addressee is None]
    unpaired = [s for s in rule.sanctions if s.kind == "fine" and s.addressee is None
                and None not in corrections and s.when not in corrections]
    if unpaired:
        out.append(_lint("fine-without-correction", rule, rule.span, acknowledged,
                         "a fine on the unit without an order to correct (责令改正)"))
    return out


def _lint(code: str, rule: ir.Rule, span: Span, acknowledged: dict[str, str], message: str,
          counterexample: tuple[tuple[str, str], ...] = ()) -> Finding:
    reason = acknowledged.get(code)
    status = "acknowledged" if reason is not None else "open"
    source = f"《{GUIDANCE}》: “{LINTS[code]}”" if code != "number-not-in-quote" else LINTS[code]
    return Finding(code, status, rule.name, _article(rule), span, message, counterexample,
                   f"acknowledged: {reason}" if reason else source)


# ---------------------------------------------------------------------- numbers that the quote does not carry

# Any counter the law puts after a number counts: 十名 people, 2个 units, 一周, 30分钟.
_QUOTED_NUMBER = re.compile(r"([0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十百千]+)(万|亿)?(?:个)?"
                            r"(元|人|倍|%|％|工作日|日|天|年|月|周|小时|分钟|公顷|平方米|立方米|吨|次|项|家|件|名|个|份|组|米|ppm|°C)")
# (NFKC, applied first, turns ℃ into °C.)


# 三分之二, 2/3: a share the law writes as a fraction.
_QUOTED_FRACTION = re.compile(r"([零一二两三四五六七八九十百]+)分之([零一二两三四五六七八九十百]+)|([0-9]+)/([0-9]+)")


def quoted_numbers(text: str) -> set[Decimal | Fraction]:
    """Every amount a sentence of the law writes, in base units (万元 → 元, 50% → 0.5, 三分之二 → 2/3)."""
    found: set[Decimal | Fraction] = set()
    for below, above, top, bottom in _QUOTED_FRACTION.findall(unicodedata.normalize("NFKC", text)):
        try:
            pair = (chinese_int(above), chinese_int(below)) if below else (int(top), int(bottom))
        except ValueError:
            continue
        if pair[1]:
            found.add(Fraction(*pair))
    # NFKC first: the PDF printed some digits full-width (５家).
    for number, scale, unit in _QUOTED_NUMBER.findall(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))):
        try:
            value = Decimal(number) if number[0].isascii() else Decimal(chinese_int(number))
        except ValueError:
            continue
        value *= {"万": 10_000, "亿": 100_000_000}.get(scale, 1)
        found.add(value / 100 if unit in ("%", "％") else value)
    return found


def number_findings(law: ir.Law, rule: ir.Rule) -> list[Finding]:
    """A number in a rule that no sentence it cites contains: a typo, or a reading that must say so."""
    quoted: set[Decimal | Fraction] = set()
    for c in rule.citations:
        quoted |= quoted_numbers(c.sentence)
    used: list[Decimal | Fraction] = []
    for node in ir.walk(rule):
        if isinstance(node, (ir.Const, ir.Scale, ir.RatioConst)):
            used += [node.low, node.high]
        elif isinstance(node, (ir.Compare, ir.CompareShare)):
            used.append(node.value)
        elif isinstance(node, ir.CompareShifted):
            used.append(Decimal(node.count))
    missing = sorted({v for v in used if v != 0 and v not in quoted})
    if not missing or not rule.citations:
        return []
    acknowledged = dict(rule.acknowledged)
    shown = "、".join(str(v) if isinstance(v, Fraction) else format(v.normalize(), "f") for v in missing)
    return [_lint("number-not-in-quote", rule, rule.span, acknowledged,
                  f"{shown} appear{'s' if len(missing) == 1 else ''} in the rule but in none of the sentences it "
                  "cites")]


# ---------------------------------------------------------------------- the whole law

def verify(law: ir.Law) -> Report:
    findings: list[Finding] = []
    proved: list[str] = []
    for rule in law.rules:
        findings += number_findings(law, rule)
        if not isinstance(rule, ir.Penalty):
            continue
        findings += tier_findings(law, rule)
        findings += bracket_findings(law, rule)
        found, shown = sweep_findings(law, rule)
        findings += found
        proved += shown
        findings += lint_findings(law, rule)
    findings = [_acknowledged(law, f) for f in findings]
    findings += stale_acknowledgements(law, findings)
    known = {f.code for f in findings}
    if "tier-monotonicity" not in known:
        proved.append("every tier table: a more severe tier never has a lower fine, on either end")
    proved.append("individual fines and unit fines are kept apart: `fine of` takes only a unit's fine "
                  "and individual results are never added to it (by construction of the IR)")
    return Report(law, tuple(findings), tuple(proved))


def _acknowledged(law: ir.Law, finding: Finding) -> Finding:
    """A property of the law the spec has looked at and explains: acknowledged, with the spec's reason."""
    if finding.status != "law":
        return finding
    rule = next((r for r in law.rules if r.name == finding.rule), None)
    reason = dict(rule.acknowledged).get(finding.code) if rule is not None else None
    if reason is None:
        return finding
    return attrs.evolve(finding, status="acknowledged", resolution=f"acknowledged: {reason}")


def stale_acknowledgements(law: ir.Law, findings: list[Finding]) -> list[Finding]:
    """An acknowledgement whose lint no longer fires: its reason now explains nothing, so it must go."""
    fired = {(f.rule, f.code) for f in findings if f.status == "acknowledged"}
    out = []
    for rule in law.rules:
        for code, reason in rule.acknowledged:
            if (rule.name, code) not in fired:
                out.append(Finding("bad-acknowledge", "open", rule.name, _article(rule), rule.span,
                                   f"acknowledges 「{code}」, which `fatiao verify` does not report for this rule",
                                   (), f"remove `acknowledge \"{code}\" …` (its reason was: {reason})"))
    return out


# ---------------------------------------------------------------------- presenting findings

STATUS_WORDS = {
    "law": "a property of the law as written",
    "resolved": "resolved by the spec's reading",
    "acknowledged": "acknowledged in the spec",
    "open": "open: needs a decision",
}


def as_diagnostic(finding: Finding) -> Any:
    from fatiao.diagnostics import Code, Diagnostic, Severity

    example = "; ".join(f"{k} = {v}" for k, v in finding.counterexample)
    hint = " — ".join(p for p in (f"counterexample: {example}" if example else "", finding.resolution or "") if p)
    return Diagnostic(Code(finding.code), f"{finding.article} 「{finding.rule}」: {finding.message} "
                      f"({STATUS_WORDS[finding.status]})", finding.span, (), hint or None, Severity.WARNING)
