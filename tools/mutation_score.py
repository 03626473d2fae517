#!/usr/bin/env python3
"""Mutation test of the checker itself: how many one-number changes to a bundled spec get caught?

Developer tool only (stdlib + fatiao). For each spec in specs/*.fatiao:

1. Mutants. Every number in the spec's *code* (not in quoted law text, not in
   comments, not inside `example` blocks, which are the tests, and not the
   header dates) is changed one at a time:
     quantities  50万元 → 51万元, 49万元, 100万元  (±1 in the last written digit, ×2)
     multiples   5x → 6x, 4x;  percentages 40% → 41%, 39%
   and, as a second family, every bound word has its inclusivity flipped, the
   classic off-by-one: 以上 ↔ 超过, 以下 ↔ 不足 (a postfix band `3人以下` is
   rewritten to the prefix form `不足 3人`; `X以上Y以下` is split into two
   comparisons so that only one end flips), and 不超过 ↔ 不足, 至少 → 超过, …
   Identical texts, negative numbers, and a zero multiple / percentage /
   period / deadline (meaningless) are skipped.

2. For each mutant, on a temp copy beside a copy of specs/law/:
   a. the front end compiles it; a CompileError means "killed by the compiler";
   b. "changes any result?": every rule of the original and of the mutant is
      evaluated by the interpreter on one grid of facts built from the ORIGINAL
      law (verify's `_thresholds`/`_candidates`: every threshold ±1 unit, ±0.01,
      0 and a large value), each amount swept while the other facts are held at
      the facts of every embedded example of the rule and at a few deterministic
      combinations of flags, enum values and amounts. Results are compared field
      by field without the explanation text (which quotes the mutated number
      even when the decision is the same); a FactError on one side only is a
      change. A mutant that changes nothing is "equivalent" and not scored.
      (A rule whose IR, facts, lets and `fine of` dependencies are all equal in
      the mutant is not re-evaluated: the interpreter reads nothing else.)
   c. "killed by examples" if any embedded example fails on the mutant (through
      the interpreter), else "killed by verify" if `verify(mutant)` reports a
      finding (code, status, rule, message) the original does not.

3. Per spec and in total: mutants, equivalent, killed by compiler / examples /
   verify, survived, score = killed / (mutants - equivalent), and every
   survivor with a witness (facts where the mutant's result differs) so that a
   legal engineer can add the missing example.

Usage:
    /work/venv/bin/python tools/mutation_score.py [--limit N] [--spec STEM] [--jobs N]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import lark
from lark.tree import ParseTree

from fatiao import examples, interpret, ir
from fatiao.diagnostics import CompileError
from fatiao.keywords import CONVENTION_WORDS, FIXED_WORDS
from fatiao.literals import chinese_int
from fatiao.parse import parse
from fatiao.pipeline import front_end
from fatiao.source import SourceFile
from fatiao.verify import _candidates, _thresholds, verify
from fatiao_runtime.errors import FactError

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"

# ---------------------------------------------------------------------- mutants


@dataclass(frozen=True)
class Mutant:
    spec: str  # stem
    index: int  # position in the spec's list, for deterministic order
    family: str  # number | boundary
    line: int
    decl: str  # the declaration (rule, let, fact) the change is in
    start: int
    end: int
    before: str  # the source text replaced
    after: str  # its replacement

    @property
    def where(self) -> str:
        return f"{self.spec}:{self.line}"

    @property
    def change(self) -> str:
        return f"{self.before.strip()} → {self.after.strip()}"


_ASCII_NUM = re.compile(r"(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<rest>.*)", re.S)
_CHINESE_NUM = re.compile(r"(?P<num>[零一二两三四五六七八九十百千]+)(?P<rest>.*)", re.S)
_DIGITS = "零一二三四五六七八九"

# The word that writes an operator in prefix form, and the operator with the other inclusivity.
PREFIX_WORD = {">=": "不低于", ">": "超过", "<=": "不超过", "<": "不足"}
FLIP = {">=": ">", ">": ">=", "<=": "<", "<": "<="}


def chinese_numeral(n: int) -> str:
    """20 → 二十, 15 → 十五, 105 → 一百零五 (the inverse of literals.chinese_int, below 1000)."""
    if n < 10:
        return _DIGITS[n]
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if tens == 0 and ones:
            return out + "零" + _DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def _plain(d: Decimal, places: int) -> str:
    text = f"{d:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_variants(text: str, positive: bool, factor: bool) -> list[str]:
    """The one-number changes of a literal. `positive`: zero is meaningless here."""
    m = _ASCII_NUM.fullmatch(text)
    chinese = False
    if m is None:
        m = _CHINESE_NUM.fullmatch(text)
        if m is None:
            return []
        chinese = True
    num, rest = m.group("num"), m.group("rest")
    if chinese:
        value, places = Decimal(chinese_int(num)), 0
    else:
        value = Decimal(num)
        places = len(num.split(".")[1]) if "." in num else 0
    ulp = Decimal(1).scaleb(-places)
    candidates = [value + ulp, value - ulp] + ([] if factor else [value * 2])
    out = []
    for v in candidates:
        if v < 0 or (v == 0 and positive):
            continue
        if chinese:
            if v != v.to_integral_value() or v >= 1000:
                continue
            new = chinese_numeral(int(v)) + rest
        else:
            new = (f"{v:.{places}f}" if v != value * 2 else _plain(v, places)) + rest
        if new != text and new not in out:
            out.append(new)
    return out


def _tokens(tree: ParseTree) -> Iterator[tuple[ParseTree, lark.Token]]:
    for sub in tree.iter_subtrees_topdown():  # type: ignore[no-untyped-call]
        for child in sub.children:
            if isinstance(child, lark.Token):
                yield sub, child


def _decl_name(decl: ParseTree) -> str:
    for child in decl.children:
        if isinstance(child, lark.Token) and child.type == "NAME":
            return str(child)
    return decl.data


def _article(item: ParseTree) -> str | None:
    """The article of the first citation: what lower.py scopes conventions by."""
    for ann in item.children[:-1]:
        if isinstance(ann, lark.Tree) and ann.data == "citation":
            return str(ann.children[0])
    return None


def _conventions(start: ParseTree) -> dict[tuple[str, str | None], bool]:
    out: dict[tuple[str, str | None], bool] = {}
    for item in start.children[1:]:
        decl = item.children[-1] if isinstance(item, lark.Tree) else None
        if isinstance(decl, lark.Tree) and decl.data == "convention":
            word, how, article = decl.children
            includes = isinstance(how, lark.Tree) and how.data == "includes"
            out[(str(word), str(article) if article is not None else None)] = includes
    return out


def _op(word: str, article: str | None, conventions: dict[tuple[str, str | None], bool]) -> str:
    """The operator a bound word stands for, as lower.py decides it."""
    if word in CONVENTION_WORDS:
        includes = conventions.get((word, article), conventions.get((word, None), True))
        op = CONVENTION_WORDS[word]
        return op if includes else op[0]
    return FIXED_WORDS[word]


def mutants_of(path: Path) -> list[Mutant]:
    text = path.read_text(encoding="utf-8")
    source = SourceFile(str(path), text)
    start = parse(source)
    conventions = _conventions(start)
    found: list[tuple[str, Any, str, Any, Any, str]] = []  # family, line, decl, start, end, after

    def number_sites(decl: ParseTree, name: str) -> None:
        for parent, tok in _tokens(decl):
            if tok.type not in ("QUANTITY", "FACTOR"):
                continue
            factor = tok.type == "FACTOR"
            # A zero multiple, percentage, deadline or ban period is refused or means nothing.
            positive = factor or parent.data in ("for_period", "deadline")
            for new in number_variants(str(tok), positive, factor):
                found.append(("number", tok.line, name, tok.start_pos, tok.end_pos, new))

    def boundary_sites(decl: ParseTree, name: str, article: str | None) -> None:
        for sub in decl.iter_subtrees_topdown():  # type: ignore[no-untyped-call]
            if sub.data == "compare":
                fact, cmp, _ = sub.children
                flipped = FLIP.get(str(cmp))
                if flipped:
                    found.append(("boundary", cmp.line, name, cmp.start_pos, cmp.end_pos, flipped))
            if sub.data != "banded":
                continue
            fact, band = sub.children
            if band.data == "band_prefix":
                word, q = band.children
                new = PREFIX_WORD[FLIP[_op(str(word), article, conventions)]]
                found.append(("boundary", word.line, name, word.start_pos, word.end_pos, new))
            elif band.data == "band_one":
                q, word = band.children
                new = " " + PREFIX_WORD[FLIP[_op(str(word), article, conventions)]] + " " + str(q)
                found.append(("boundary", word.line, name, q.start_pos, word.end_pos, new))
            elif band.data == "band_two":
                q1, w1, q2, w2 = band.children
                low = f"{fact} {q1}{w1}"
                high = f"{fact} {q2}{w2}"
                flip_low = f"{fact} {PREFIX_WORD[FLIP[_op(str(w1), article, conventions)]]} {q1}"
                flip_high = f"{fact} {PREFIX_WORD[FLIP[_op(str(w2), article, conventions)]]} {q2}"
                for new in (f"({flip_low} and {high})", f"({low} and {flip_high})"):
                    found.append(("boundary", w1.line, name, fact.start_pos, band.meta.end_pos, " " + new))

    for item in start.children[1:]:
        decl = item.children[-1]
        if not isinstance(decl, lark.Tree) or decl.data in ("example", "convention"):
            continue
        name = _decl_name(decl)
        number_sites(decl, name)
        boundary_sites(decl, name, _article(item))
    found.sort(key=lambda f: (f[3], f[0], f[4], f[5]))
    return [Mutant(path.stem, i, fam, line, decl, s, e, text[s:e], after)
            for i, (fam, line, decl, s, e, after) in enumerate(found)]


def mutant_text(path: Path, m: Mutant) -> str:
    text = path.read_text(encoding="utf-8")
    assert text[m.start:m.end] == m.before
    return text[:m.start] + m.after + text[m.end:]


# ---------------------------------------------------------------------- the grid of facts

COMBOS = 24  # flag/enum combinations per rule (deterministic sample when there are more)
ANCHORS = 4  # random settings of the other amounts, per sampled combination


def _norm(result: Any) -> Any:
    """A result without its explanation: the decision, not the words."""
    return result._replace(explanation=None)


def _evaluate(law: ir.Law, rule: str, facts: dict[str, Any]) -> Any:
    try:
        return _norm(interpret.run(law, rule, facts))
    except FactError:
        return ("FactError",)
    except Exception as err:  # noqa: BLE001 - a crash is a different result too
        return ("crash", type(err).__name__)


def grid_for(law: ir.Law, rule: ir.Rule) -> list[dict[str, Any]]:
    """Deterministic fact assignments around every threshold the ORIGINAL rule compares against."""
    limits = _thresholds(law, rule)
    facts = [law.fact(n) for n in rule.facts]
    cands = {f.name: _candidates(law, f, limits.get(f.name, set())) for f in facts}
    rng = random.Random(f"mutation:{rule.name}")
    discrete = [f.name for f in facts if f.kind in ("bool", "enum")]
    amounts = [f.name for f in facts if f.kind in ("money", "count", "quantity", "ratio")]
    combos = [dict(zip(discrete, vs, strict=True)) for vs in itertools.product(*(cands[n] for n in discrete))]
    if len(combos) > COMBOS:
        combos = rng.sample(combos, COMBOS)

    def middle(name: str) -> Any:
        values = [v for v in cands[name] if v is not None]
        return values[len(values) // 2]

    bases: list[dict[str, Any]] = []
    for i, combo in enumerate(combos):
        base = dict(combo)
        for f in facts:
            if f.name not in base:
                base[f.name] = middle(f.name) if f.kind != "date" else cands[f.name][0]
        bases.append(base)
        if i < 8:  # a few other settings of the amounts: all zero, and random grid points
            bases.append({**base, **{n: Decimal(0) for n in amounts}})
            for _ in range(ANCHORS):
                bases.append({**base, **{n: rng.choice(cands[n]) for n in amounts}})
    for ex in law.examples:
        if ex.rule == rule.name:
            given = interpret.example_facts(ex)
            bases.append({**(bases[0] if bases else {}), **given})
    if not bases:
        bases.append({})
    points: list[dict[str, Any]] = []
    seen: set[tuple[Any, ...]] = set()

    def add(point: dict[str, Any]) -> None:
        key = tuple(sorted((k, repr(v)) for k, v in point.items()))
        if key not in seen:
            seen.add(key)
            points.append(point)

    for base in bases:
        add(base)
        for name in amounts:
            for v in cands[name]:
                add({**base, name: v})
    return points


def _walk(node: object) -> Iterator[object]:
    """A node and every IR node below it."""
    yield node
    if attrs.has(type(node)):
        for f in attrs.fields(type(node)):  # type: ignore[arg-type]
            value = getattr(node, f.name)
            for item in value if isinstance(value, tuple) else (value,):
                if attrs.has(type(item)):
                    yield from _walk(item)


def _fine_refs(node: object) -> set[str]:
    return {n.rule for n in _walk(node) if isinstance(n, ir.FineOf)}


def changed_rules(orig: ir.Law, mut: ir.Law) -> list[str]:
    """The rules whose results may differ: the interpreter reads the rule, facts, lets and `fine of`."""
    names = [r.name for r in orig.rules]
    if orig.facts != mut.facts or orig.lets != mut.lets or [r.name for r in mut.rules] != names:
        return names
    changed = {n for n in names if orig.rule(n) != mut.rule(n)}
    refs = {r.name: _fine_refs(r) for r in orig.rules}
    grew = True
    while grew:
        grew = False
        for n in names:
            if n not in changed and refs[n] & changed:
                changed.add(n)
                grew = True
    return [n for n in names if n in changed]


# ---------------------------------------------------------------------- judging one mutant


@dataclass
class Original:
    law: ir.Law
    grid: dict[str, list[dict[str, Any]]]
    results: dict[str, list[Any]]
    findings: set[tuple[str, str, str, str]]
    finding_kinds: set[tuple[str, str]]


_ORIGINALS: dict[str, Original] = {}


def original(stem: str, snapshot: Path) -> Original:
    """The original law, its grid and results, and its findings: once per worker and spec."""
    if stem not in _ORIGINALS:
        law = front_end(snapshot / f"{stem}.fatiao")
        grid = {r.name: grid_for(law, r) for r in law.rules}
        results = {r.name: [_evaluate(law, r.name, p) for p in grid[r.name]] for r in law.rules}
        findings = {_key(f) for f in verify(law).findings}
        _ORIGINALS[stem] = Original(law, grid, results, findings, {(f[0], f[2]) for f in findings})
    return _ORIGINALS[stem]


def _key(f: Any) -> tuple[str, str, str, str]:
    return (f.code, f.status, f.rule, f.message)


@dataclass
class Verdict:
    mutant: Mutant
    outcome: str  # compiler | examples | verify | survived | equivalent
    detail: str = ""
    examples_kill: bool = False
    verify_kill: str | None = None  # None, or open | new-kind | moved
    changed: list[str] = field(default_factory=list)  # rules whose results changed
    witness: str = ""
    points: int = 0  # grid points evaluated


def _short(result: Any) -> str:
    if isinstance(result, tuple) and result and result[0] in ("FactError", "crash"):
        return "/".join(result)
    if hasattr(result, "applicable"):
        if not result.applicable:
            return "not applicable"
        parts = [f"fine {result.fine}" if result.fine is not None else "no fine"]
        if result.row:
            parts.append(f"row {result.row}")
        parts += [f"{i.addressee} {i.fine}" for i in result.individuals if i.fine is not None]
        measures = [f"{s.label}{'' if s.amount is None else ' ' + str(s.amount)}"
                    f"{'' if s.period is None else ' ' + s.period}"
                    for s in result.sanctions + tuple(x for i in result.individuals for x in i.sanctions)]
        if measures:
            parts.append("、".join(measures))
        return "; ".join(parts)
    if hasattr(result, "due"):
        return f"due {result.due}"
    if hasattr(result, "compliant"):
        return "compliant" if result.compliant else "violated"
    return repr(result)


def _show_facts(point: dict[str, Any]) -> str:
    def show(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        return "unknown" if v is None else str(v)
    return ", ".join(f"{k}={show(v)}" for k, v in point.items())


def judge(m: Mutant, workdir: str) -> Verdict:
    snapshot = Path(workdir) / "original"
    orig = original(m.spec, snapshot)
    folder = Path(workdir) / f"w{os.getpid()}"
    if not folder.is_dir():
        folder.mkdir(parents=True)
        shutil.copytree(snapshot / "law", folder / "law")
    path = folder / f"{m.spec}.fatiao"
    path.write_text(mutant_text(snapshot / f"{m.spec}.fatiao", m), encoding="utf-8")
    try:
        law = front_end(path)
    except CompileError as err:
        first = err.diagnostics[0] if err.diagnostics else None
        detail = f"{first.code.value}: {first.message}" if first is not None else str(err)
        return Verdict(m, "compiler", detail.splitlines()[0] if detail else "")

    # Does it change any result on the common grid?
    changed: list[str] = []
    witness = ""
    points = 0
    for name in changed_rules(orig.law, law):
        for point, before in zip(orig.grid[name], orig.results[name], strict=True):
            points += 1
            after = _evaluate(law, name, point)
            if after != before:
                changed.append(name)
                if not witness:
                    witness = (f"{name}: {_show_facts(point)} → original {_short(before)}; "
                               f"mutant {_short(after)}")
                break

    failing = [o for o in (examples.run_example(ex, examples.interpreter_for(law), "interpreter")
                           for ex in law.examples) if not o.passed]
    new = {_key(f) for f in verify(law).findings} - orig.findings
    verify_kill = None
    if new:
        if any(f[1] == "open" for f in new):
            verify_kill = "open"
        elif any((f[0], f[2]) not in orig.finding_kinds for f in new):
            verify_kill = "new-kind"
        else:
            verify_kill = "moved"
    if failing and not changed:
        # Cannot happen while every example's facts are on the grid; if it does, the example is the witness.
        changed = [failing[0].example.rule]
        witness = f"(not on the grid) example \"{failing[0].example.title}\""
    v = Verdict(m, "survived", examples_kill=bool(failing), verify_kill=verify_kill, changed=changed,
                witness=witness, points=points)
    if not changed:
        v.outcome = "equivalent"
    elif failing:
        v.outcome = "examples"
        v.detail = f"{len(failing)} example(s) fail, e.g. \"{failing[0].example.title}\""
    elif new:
        v.outcome = "verify"
        f = sorted(new)[0]
        v.detail = f"{verify_kill}: {f[0]} ({f[1]}) 「{f[2]}」 {f[3]}"
    return v


# ---------------------------------------------------------------------- reporting

OUTCOMES = ("compiler", "examples", "verify")


def summary_line(label: str, verdicts: list[Verdict]) -> str:
    n = len(verdicts)
    c = Counter(v.outcome for v in verdicts)
    killed = sum(c[o] for o in OUTCOMES)
    scored = n - c["equivalent"]
    score = f"{100 * killed / scored:.1f}%" if scored else "n/a"
    return (f"{label:<28} mutants {n:4}  equivalent {c['equivalent']:4}  killed: compiler {c['compiler']:3}"
            f"  examples {c['examples']:4}  verify {c['verify']:3}  survived {c['survived']:3}"
            f"  score {killed}/{scored} = {score}")


def detail_lines(verdicts: list[Verdict]) -> list[str]:
    scored = [v for v in verdicts if v.outcome != "equivalent"]
    if not scored:
        return []
    out = []
    n = len(scored)
    by_ex = sum(1 for v in scored if v.outcome == "compiler" or v.examples_kill)
    by_ver = sum(1 for v in scored if v.outcome == "compiler" or v.verify_kill)
    strict = sum(1 for v in scored if v.outcome in ("compiler", "examples")
                 or v.verify_kill in ("open", "new-kind"))
    failing_cmd = sum(1 for v in scored if v.outcome in ("compiler", "examples") or v.verify_kill == "open")
    vk = Counter(v.verify_kill for v in scored if v.outcome == "verify")
    out.append(f"    verify kills by kind: new open finding {vk['open']}, new kind of finding {vk['new-kind']},"
               f" only a changed message of an existing finding {vk['moved']}")
    out.append(f"    compiler + examples alone: {by_ex}/{n} = {100 * by_ex / n:.1f}%;"
               f"  compiler + verify alone: {by_ver}/{n} = {100 * by_ver / n:.1f}%")
    out.append(f"    not counting 'moved' verify messages: {strict}/{n} = {100 * strict / n:.1f}%;"
               f"  only what makes a command exit non-zero (check/test/verify): "
               f"{failing_cmd}/{n} = {100 * failing_cmd / n:.1f}%")
    for fam in ("number", "boundary"):
        sub = [v for v in verdicts if v.mutant.family == fam]
        if sub:
            out.append("    " + summary_line(f"  family {fam}", sub).strip())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, help="judge a deterministic sample of N mutants (per run, not per spec)")
    ap.add_argument("--spec", action="append", help="only this spec (stem); may be repeated")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    ap.add_argument("--verbose", action="store_true", help="also list every killed and equivalent mutant")
    args = ap.parse_args()
    began = time.perf_counter()

    paths = sorted(SPECS.glob("*.fatiao"))
    if args.spec:
        paths = [p for p in paths if p.stem in args.spec]
        missing = set(args.spec) - {p.stem for p in paths}
        if missing:
            sys.exit(f"no spec {', '.join(sorted(missing))} in {SPECS}")
    verdicts: list[Verdict] = []
    with tempfile.TemporaryDirectory(prefix="fatiao-mutants-") as workdir:
        # A snapshot: specs may be edited while this runs; every mutant derives from one text.
        snapshot = Path(workdir) / "original"
        shutil.copytree(SPECS / "law", snapshot / "law")
        for p in paths:
            shutil.copy(p, snapshot / p.name)
        mutants = [m for p in paths for m in mutants_of(snapshot / p.name)]
        total = len(mutants)
        if args.limit is not None and args.limit < total:
            mutants = sorted(random.Random(20240501).sample(mutants, args.limit),
                             key=lambda m: (m.spec, m.index))
        print(f"{total} mutants in {len(paths)} spec(s); judging {len(mutants)} with {args.jobs} worker(s)",
              flush=True)
        if args.jobs <= 1:
            for i, m in enumerate(mutants, 1):
                verdicts.append(judge(m, workdir))
                _progress(i, len(mutants), began)
        else:
            with concurrent.futures.ProcessPoolExecutor(args.jobs) as pool:
                # Chunks of one spec keep each worker's cached original warm.
                for i, v in enumerate(pool.map(judge, mutants, itertools.repeat(workdir), chunksize=4), 1):
                    verdicts.append(v)
                    _progress(i, len(mutants), began)

    print()
    for p in paths:
        mine = [v for v in verdicts if v.mutant.spec == p.stem]
        print(summary_line(p.stem, mine))
        print("\n".join(detail_lines(mine)))
    print(summary_line("TOTAL", verdicts))
    print("\n".join(detail_lines(verdicts)))

    survivors = [v for v in verdicts if v.outcome == "survived"]
    print(f"\nSurviving mutants ({len(survivors)}): they change a result, yet nothing fails")
    for v in survivors:
        m = v.mutant
        print(f"  {m.where:<36} [{m.family}] in 「{m.decl}」: {m.change}")
        print(f"      changes {', '.join(v.changed)}")
        print(f"      witness {v.witness}")
    if args.verbose:
        for label in ("compiler", "examples", "verify", "equivalent"):
            print(f"\n{label}:")
            for v in verdicts:
                if v.outcome == label:
                    print(f"  {v.mutant.where:<36} 「{v.mutant.decl}」 {v.mutant.change}   {v.detail}")
    print(f"\nelapsed {time.perf_counter() - began:.1f}s")


_last = [0.0]


def _progress(i: int, n: int, began: float) -> None:
    now = time.perf_counter()
    if i == n or now - _last[0] > 15:
        _last[0] = now
        print(f"  {i}/{n} judged, {now - began:.0f}s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
