"""Backend: IR → Markdown pages for a documentation site (CommonMark + GFM tables, HTML anchors).

Every piece of text that comes from a spec goes through md_text/md_cell, so a
name or a quote can never become markup, a link or a script.
"""

from __future__ import annotations

import functools
from typing import Any, assert_never

import jinja2

from fatiao import ir
from fatiao.escape import md_cell, md_code, md_comment, md_text, py_str
from fatiao.keywords import CONVENTION_WORDS
from fatiao.literals import chinese_int
from fatiao.words import expr_text
from fatiao_runtime.format import fmt_amount


def article_number(article: str) -> int:
    """第二十二条 → 22 (and a notice's 三、 → 3), for stable ASCII anchors (art-22) that never move."""
    return chinese_int(article.removeprefix("第").removesuffix("条").removesuffix("、"))


@functools.cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("fatiao", "templates"), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, autoescape=False)
    env.filters.update(md=md_text, cell=md_cell, code=md_code, comment=md_comment, py_str=py_str)
    return env


_MODALITY = {"must": "应当（处）", "may": "可以"}


def _amount_words(e: ir.Expr) -> str:
    return expr_text(e)


def _tables(e: ir.Expr, path: str, out: list[dict[str, Any]]) -> None:
    """Every tier table inside an expression, outermost first, each with where it sits."""
    match e:
        case ir.Table():
            rows = []
            for r in e.rows:
                rows.append({"label": r.label or "", "when": r.text, "value": expr_text(r.value)})
            out.append({"path": path, "mode": e.mode, "rows": rows})
            for r in e.rows:
                _tables(r.value, f"{path} → {r.label or r.text}" if path else (r.label or r.text), out)
        case ir.Scale():
            _tables(e.base, path, out)
        case ir.Add():
            for t in e.terms:
                _tables(t, path, out)
        case ir.Sub() | ir.Div():
            _tables(e.left, path, out)
            _tables(e.right, path, out)
        case ir.Extreme():
            for i in e.items:
                _tables(i, path, out)
        case ir.Mul():
            for f in e.factors:
                _tables(f, path, out)
        case ir.Const() | ir.RatioConst() | ir.FactRef() | ir.LetRef() | ir.FineOf() | ir.VersionRef():
            pass
        case _:
            assert_never(e)


def _fine_refs(e: ir.Expr) -> list[str]:
    return [n.rule for n in ir.walk(e) if isinstance(n, ir.FineOf)]


def _sanction(s: ir.Sanction) -> dict[str, Any]:
    if s.kind == "fine":
        assert s.amount is not None
        what = f"罚款 {expr_text(s.amount)}"
    elif s.kind == "confiscate":
        what = s.label
    else:
        what = s.label + (f" {expr_text(s.amount)}" if s.amount is not None else "")
        if s.period:
            what += f"（{s.period}{'内' if s.period != '终身' else ''}）"
    tables: list[dict[str, Any]] = []
    if s.amount is not None:
        _tables(s.amount, "", tables)
    return {"who": s.addressee or "", "what": what, "modality": _MODALITY[s.modality],
            "when": s.when_text or "", "tables": tables}


def _example_row(ex: ir.Example, law: ir.Law) -> dict[str, Any]:
    facts = []
    for name, value in ex.givens:
        fact = law.fact(name)
        if value is None:
            shown = "不明"
        elif isinstance(value, bool):
            shown = "是" if value else "否"
        elif fact.kind in ("money", "count", "quantity"):
            shown = fmt_amount(value, (fact.unit or "").split("/")[0])  # type: ignore[arg-type]
        else:
            shown = str(value)
        facts.append(f"{name} = {shown}")
    if ex.as_of is not None:
        facts.append(f"适用日期 = {ex.as_of}")
    return {"title": ex.title, "facts": "；".join(facts), "expects": "；".join(e.text for e in ex.expects)}


_UNIT_WORDS = {"小时": "小时（自该时刻起连续计算，不因节假日顺延）",
               "工作日": "个工作日（按国务院公布的节假日安排计算，含调休上班日）",
               "日": "日（末日为法定节假日的，顺延至节假日后第一个工作日）",
               "月": "个月（到期月的对应日为末日，无对应日的以该月最后一日为末日；末日为法定节假日的顺延）",
               "年": "年（到期年的对应日为末日，2月29日起算的以2月28日为末日；末日为法定节假日的顺延）"}


def deadline_words(rule: ir.Deadline) -> str:
    """The counting rule of one deadline, in words: what the docs and `describe` say."""
    if rule.when_text is not None:
        return f"仅当{rule.when_text}时适用（否则本期限不适用）。{_counting_words(rule)}"
    return _counting_words(rule)


def _counting_words(rule: ir.Deadline) -> str:
    if rule.before:
        count: int | str = (int(rule.period.low) if isinstance(rule.period, ir.Const) else
                            f"「{rule.period.name}」" if isinstance(rule.period, ir.FactRef) else 0)
        text = (f"「{rule.event}」之日前 {count} {_UNIT_WORDS[rule.unit].split('（')[0]}（向前计算，该日不计入）："
                "所得之日为最迟期限，不因节假日调整。")
        if rule.day_note:
            text += f" 本文件规定{rule.day_note}。"
        return text
    if rule.reached:
        text = (f"自「{rule.event}」之日起满 {expr_text(rule.period)}：届满之日为对应日（"
                f"{'到期月' if rule.unit == '月' else '到期年'}无对应日的为月末日），该日即为届满，不因节假日顺延。")
    else:
        unit = _UNIT_WORDS[rule.unit]
        count = int(rule.period.low) if isinstance(rule.period, ir.Const) else 0
        text = f"自「{rule.event}」之日起 {count} {unit}；起算日不计入。"
        if isinstance(rule.period, ir.FactRef):
            text = f"自「{rule.event}」之日起「{rule.period.name}」（{unit}，整数，由输入给出）；起算日不计入。"
        if isinstance(rule.period, ir.Table):
            text = f"自「{rule.event}」之日起，期限按下表确定（单位：{rule.unit}）；起算日不计入。"
    if rule.day_note:
        text += f" 本文件规定{rule.day_note}。"
    if rule.excluding is not None:
        text += f" 「{rule.excluding}」不计入期限，期限相应延长。"
    if rule.extension is not None:
        text += f" 经批准可以延长 {rule.extension[0]}{rule.extension[1]}（自原届满日起算）。"
        for step, unit in rule.further:
            text += (f" 可以再延长 {step}{unit}（自上一次延长后的届满日起算）。" if isinstance(step, int)
                     else f" 可以再延长「{step}」（长度由决定机关确定，自上一次延长后的届满日起算）。")
    return text


def _shift_note(cond: ir.Cond | None) -> str:
    """How a condition counts the days it compares with, once per page entry that has them."""
    units = {n.unit for n in ir.walk(cond) if isinstance(n, ir.CompareShifted)} if cond is not None else set()
    if not units:
        return ""
    words = ["起算日不计入"]
    if units & {"月", "年"}:
        words.append("按月、年计算的到对应日，没有对应日的为该月最后一日")
    if "工作日" in units:
        words.append("工作日按国务院公布的节假日安排计算")
    return "（条件中由日期推算的那一日：" + "；".join(words) + "；不因节假日顺延。）"


def _validity(v: ir.Validity, law: ir.Law) -> str:
    own = v.start != law.effective or v.end != law.until
    if not own and v.anchor is None:
        return ""
    parts = []
    if own or v.end:
        span = (f"{v.start} 至 {v.end}" if v.start and v.end else f"自 {v.start} 起" if v.start else f"至 {v.end}")
        parts.append(f"施行期间 In force: {span}")
    if v.anchor:
        parts.append(f"按「{v.anchor}」判断适用的规定 (judged as of {v.anchor})")
    return "；".join(parts) + "。"


def _rule(rule: ir.Rule, law: ir.Law, anchors: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"name": rule.name, "anchor": anchors[rule.name], "citations": rule.citations,
                             "readings": rule.readings, "facts": [law.fact(f) for f in rule.facts],
                             "examples": [_example_row(x, law) for x in law.examples if x.rule == rule.name],
                             "line": rule.span.line, "validity": _validity(rule.validity, law), "worked": "",
                             "tables": [],
                             "class_links": [(n, anchors[n]) for n in
                                             sorted({c.rule for c in ir.walk(rule) if isinstance(c, ir.IsClass)})]}
    match rule:
        case ir.Penalty():
            entry["kind"] = "罚则 penalty"
            entry["subject"] = rule.subject or ""
            entry["sanctions"] = [_sanction(s) for s in rule.sanctions]
            refs = sorted({r for s in rule.sanctions if s.amount is not None for r in _fine_refs(s.amount)})
            entry["links"] = [(r, anchors[r]) for r in refs]
        case ir.Deadline():
            entry["kind"] = "期限 deadline"
            entry["words"] = deadline_words(rule)
            _tables(rule.period, "", entry["tables"])
            entry["words"] += _shift_note(rule.when)
            worked = next(((x, e) for x in law.examples if x.rule == rule.name for e in x.expects
                           if e.kind == "due" and e.date is not None), None)
            if worked is not None:
                x, e = worked
                start = dict(x.givens).get(rule.event)
                entry["worked"] = (f"例 Example（{x.title}）：{rule.event}为 {start}，届满日为 {e.date}。"
                                   if start is not None else "")
        case ir.Requirement():
            entry["kind"] = "要求 requirement"
            entry["words"] = rule.text + _shift_note(rule.cond)
        case ir.Classification():
            entry["kind"] = "分类 classification"
            entry["words"] = (f"按下表将情形归入「{rule.enum}」之一（" +
                              ("任一标准达到的最高类别适用" if rule.mode == "highest" else "第一个成立的条件适用") + "）。")
            entry["tables"] = [{"path": "", "mode": rule.mode,
                                "rows": [{"label": r.label or "", "when": r.text, "value": r.member}
                                         for r in rule.rows]}]
        case ir.Amount():
            entry["kind"] = "计算 amount"
            entry["words"] = (f"{rule.name} = {rule.value_text}" +
                              (f"（仅当{rule.when_text}）" if rule.when_text else "") + _shift_note(rule.when))
            tables: list[dict[str, Any]] = []
            _tables(rule.value, "", tables)
            entry["tables"] = tables
        case _:
            assert_never(rule)
    return entry


def emit_markdown(law: ir.Law) -> str:
    sections: dict[str, list[ir.Rule]] = {}
    anchors: dict[str, str] = {}
    for rule in law.rules:
        article = rule.citations[0].article if rule.citations else "其他"
        sections.setdefault(article, []).append(rule)
    for article, rules in sections.items():
        for i, rule in enumerate(rules, start=1):
            anchors[rule.name] = f"art-{article_number(article)}-{i}"
    ordered = sorted(sections.items(), key=lambda kv: article_number(kv[0]))
    articles = [{"name": a, "anchor": f"art-{article_number(a)}", "rules": [_rule(r, law, anchors) for r in rules]}
                for a, rules in ordered]
    conventions = [{"word": w, "includes": any(c.includes for c in law.conventions if c.word == w and c.article is None)
                    if any(c.word == w and c.article is None for c in law.conventions) else True,
                    "declared": any(c.word == w and c.article is None for c in law.conventions)}
                   for w in CONVENTION_WORDS]
    scoped = [c for c in law.conventions if c.article is not None]
    versions = [{"name": v.name, "readings": v.readings,
                 "rows": [{"span": f"{r.start} 至 {r.end}" if r.end else f"自 {r.start} 起", "value": r.value_text,
                           "cite": "；".join(f"{c.article}{c.clause or ''}：“{c.sentence}”" for c in r.citations)}
                          for r in v.rows]} for v in law.versions]
    return _env().get_template("law.md.jinja").render(
        law=law, articles=articles, conventions=conventions, scoped=scoped, versions=versions,
        definitions=law.definitions, facts=law.facts, fact_kind=_fact_kind, fact_note=_fact_note)


def _fact_kind(fact: ir.Fact) -> str:
    kind = {"money": "金额 money", "count": "人数/件数 count", "quantity": "数量 quantity", "bool": "是/否 bool", "date": "日期 date", "datetime": "时刻 datetime",
            "enum": "枚举 enum", "ratio": "比例 ratio"}[fact.kind]
    return kind


def _fact_note(fact: ir.Fact) -> str:
    notes = []
    if fact.members:
        notes.append("、".join(fact.members))
    if fact.fallback is not None:
        notes.append(f"不明时按{expr_text(fact.fallback)}计 (if unknown)")
    if fact.optional:
        notes.append("可以为无：没有该日期 (may be none)")
    if fact.external:
        notes.append(f"外部输入 external: {fact.external}")
    notes.extend(f"{c.article}{c.clause or ''}：“{c.sentence}”" for c in fact.citations)
    notes.extend(fact.readings)
    return "；".join(notes)


def emit_verification(reports: list[Any]) -> str:
    def count(report: Any, status: str) -> int:
        return sum(1 for f in report.findings if f.status == status)

    def example(finding: Any) -> str:
        return "；".join(f"{k} = {v}" for k, v in finding.counterexample)

    ordered = sorted(reports, key=lambda r: r.law.stem)
    return _env().get_template("verification.md.jinja").render(reports=ordered, count=count, example=example)


def emit_index(laws: list[ir.Law]) -> str:
    return _env().get_template("index.md.jinja").render(laws=sorted(laws, key=lambda x: x.stem))


def emit_package_index(laws: list[ir.Law]) -> str:
    return _env().get_template("package_init.py.jinja").render(laws=sorted(laws, key=lambda x: x.stem))



def emit_coverage(docs: list[Any]) -> str:
    scope = [d for d in docs if d.in_scope]
    return _env().get_template("coverage.md.jinja").render(
        docs=docs, total=sum(len(d.rows) for d in docs),
        scope_specs=sum(1 for d in scope if d.law), scope_rows=sum(len(d.rows) for d in scope),
        scope_encoded=sum(d.count("encoded") for d in scope),
        scope_unencoded=sum(d.count("not-encoded") for d in scope),
        scope_missing=sum(d.count("missing") + d.count("unplaced") for d in scope),
        scope_rules=sum(len(d.law.rules) for d in scope if d.law),
        scope_examples=sum(d.examples for d in scope), scope_passing=sum(d.passing for d in scope),
        status_words={"encoded": "已编码 encoded", "not-encoded": "未编码 not encoded", "missing": "缺失 missing",
                      "unplaced": "未定位 unplaced"})
