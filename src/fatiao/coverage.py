"""The coverage report: the inventory of the law's rules, joined with what the specs encode.

Reads specs/inventory.tsv (Part II of the analysts' inventory, copied into the
repo by tools/import_inventory.py) and the IR of every compiled spec. A rule of
the inventory is *encoded* when a declaration of the spec cites its article
(and clause or item, where the inventory names one), *not encoded* when only an
`unencoded` declaration cites it (the report shows its reason), and *missing*
otherwise. Examples are run through the reference interpreter to count passes;
`fatiao test` runs them through the generated modules too.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from fatiao import ir

INVENTORY = Path("specs") / "inventory.tsv"

# The documents the project has committed to encode completely (issue 4), by inventory id.
SCOPE = ("D1", "D2", "D3", "D4", "D20", "D21", "D27", "D36", "D44", "D45", "D48", "D49", "D50", "D51", "D54",
         "D55", "D63", "D64", "D65", "D66", "D68", "D70", "D71", "D72", "D74", "D75", "D77")

_CN = "零一二三四五六七八九十百"
_ARTICLE_REF = re.compile(rf"^(第[{_CN}]+条)(第[{_CN}]+款)?([（(][{_CN}]+[）)])?")
_SECTION_REF = re.compile(rf"^([{_CN}]+)[、]?([（(][{_CN}]+[）)])?$")
_ITEM_REF = re.compile(rf"^([（(][{_CN}]+[）)])$")
_ANNEX_REF = re.compile(r"^(附[表件])(第[0-9]+行)?$")


@attrs.frozen
class Row:
    doc: str
    title: str
    ref: str
    kinds: str
    rule: str


@attrs.frozen
class Place:
    """Where in a document an inventory row points: any of the parts may be unknown."""
    article: str | None
    clause: str | None
    item: str | None


@attrs.frozen
class Judged:
    row: Row
    status: str  # encoded | not-encoded | missing | unplaced
    by: tuple[str, ...]  # the spec's declarations that cite the place
    reason: str | None


@attrs.frozen
class DocCoverage:
    doc: str
    title: str
    in_scope: bool
    law: ir.Law | None
    rows: tuple[Judged, ...]
    examples: int
    passing: int

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)


def read_inventory(root: Path) -> list[Row]:
    with (root / INVENTORY).open(encoding="utf-8", newline="") as f:
        return [Row(r["doc"], r["title"], r["ref"], r["kinds"], r["rule"]) for r in csv.DictReader(f, delimiter="\t")]


def place(ref: str) -> Place | None:
    """第二十三条第一款 → (第二十三条, 第一款, None); 四（二） → (四、, None, （二）); 附表第7行 → (附表, 第7行, None); 11. → None."""
    ref = ref.replace(" ", "")
    # 第二十条/二十二条, 一（一）6/9/10, 一、二、: the first place named; the sentence match covers the rest.
    ref = re.sub(r"(?<=[）)])[0-9/]+$", "", ref.split("/")[0])
    ref = re.sub(rf"^([{_CN}]+、)[{_CN}]+、$", r"\1", ref)
    m = _ARTICLE_REF.match(ref)
    if m:
        return Place(m.group(1), m.group(2), _full_width(m.group(3)))
    m = _ANNEX_REF.match(ref)
    if m:
        return Place(m.group(1), m.group(2), None)
    m = _SECTION_REF.match(ref)
    if m:
        return Place(m.group(1) + "、", None, _full_width(m.group(2)))
    m = _ITEM_REF.match(ref)
    if m:
        return Place(None, None, _full_width(m.group(1)))
    return None


def _full_width(item: str | None) -> str | None:
    return None if item is None else "（" + item[1:-1] + "）"


def _citing(law: ir.Law) -> Iterator[tuple[str, ir.Citation, str | None]]:
    """(what cites, the citation, the reason when it is an `unencoded` declaration)."""
    for rule in law.rules:
        for c in rule.citations:
            yield rule.name, c, None
    for group in (law.facts, law.lets, law.definitions):
        for decl in group:
            for c in decl.citations:
                yield decl.name, c, None
    for conv in law.conventions:
        for c in conv.citations:
            yield f"convention {conv.word}", c, None
    for day in law.day_conventions:
        for c in day.citations:
            yield "convention " + "、".join(day.periods), c, None
    for versions in law.versions:
        for row in versions.rows:
            for c in row.citations:
                yield versions.name, c, None
    for c in law.header_citations:
        yield "施行日期 effective", c, None
    for u in law.unencoded:
        for c in u.citations:
            yield "unencoded", c, u.reason


def _matches(p: Place, c: ir.Citation) -> bool:
    if p.article is not None and c.article != p.article:
        return False
    if p.clause is not None and c.clause not in (None, p.clause):
        return False
    return p.item is None or c.item in (None, p.item) and (p.article is not None or c.item == p.item)


def _squash(text: str) -> str:
    return re.sub(r"[\s…]|\.\.\.", "", text)


def _quotes(rule: str) -> list[str]:
    """The law's own words in an inventory row (「…」), without the spaces the PDF put in."""
    return [q for q in (_squash(m) for m in re.findall(r"「([^」]+)」?", rule)) if len(q) >= 10]


def _says_the_same(row: Row, c: ir.Citation) -> bool:
    """A citation quoting a stretch of the sentence the inventory row quotes (at least 10 characters)."""
    sentence = _squash(c.sentence)
    for quote in _quotes(row.rule):
        for i in range(0, max(len(quote) - 10, 0) + 1, 5):
            if quote[i:i + 10] in sentence:
                return True
    return False


def judge(row: Row, law: ir.Law) -> Judged:
    p = place(row.ref)
    rules, reasons = [], []
    for who, c, reason in _citing(law):
        # Where the inventory's reference names no article the reader can find (附表, 第一部分, 10.),
        # or names an item the spec cites through its section, the row is matched by its sentence.
        if (p is not None and _matches(p, c)) or _says_the_same(row, c):
            (reasons if reason is not None else rules).append(reason if reason is not None else who)
    if p is None and not rules and not reasons:
        return Judged(row, "unplaced", (), None)
    if rules:
        return Judged(row, "encoded", tuple(dict.fromkeys(rules)), None)
    if reasons:
        return Judged(row, "not-encoded", (), "；".join(dict.fromkeys(r for r in reasons if r)))
    return Judged(row, "missing", (), None)


def _norm(title: str) -> str:
    return re.sub(r"[\s《》（）()〔〕]", "", title)


def spec_for(title: str, laws: list[ir.Law]) -> ir.Law | None:
    want = _norm(title)
    exact = [law for law in laws if _norm(law.title) == want]
    if exact:
        return exact[0]
    near = [law for law in laws if want in _norm(law.title) or _norm(law.title) in want]
    return near[0] if len(near) == 1 else None


def coverage(root: Path, laws: list[ir.Law]) -> list[DocCoverage]:
    from fatiao.examples import interpreter_for, run_example

    by_doc: dict[str, list[Row]] = {}
    for row in read_inventory(root):
        by_doc.setdefault(row.doc, []).append(row)
    out = []
    for doc, rows in sorted(by_doc.items(), key=lambda kv: int(kv[0][1:])):
        law = spec_for(rows[0].title, laws)
        judged = tuple(judge(r, law) for r in rows) if law is not None else \
            tuple(Judged(r, "missing", (), None) for r in rows)
        examples = passing = 0
        if law is not None:
            evaluate = interpreter_for(law)
            outcomes = [run_example(x, evaluate, "interpreter") for x in law.examples]
            examples, passing = len(outcomes), sum(1 for o in outcomes if o.passed)
        out.append(DocCoverage(doc, rows[0].title, doc in SCOPE, law, judged, examples, passing))
    return out
