"""Whatever text it is given, the compiler answers with diagnostics or output: never a traceback."""

from __future__ import annotations

import lark
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from fatiao.build_ast import build_ast
from fatiao.check import check
from fatiao.diagnostics import CompileError, render_all
from fatiao.emit_markdown import emit_markdown
from fatiao.emit_python import emit_python
from fatiao.lawtext import LawText
from fatiao.lower import lower
from fatiao.parse import grammar_text
from fatiao.source import SourceFile

SPECS = sorted((ROOT / "specs").glob("*.fatiao"))
TEXTS = {p.stem: p.read_text(encoding="utf-8") for p in SPECS}
LAWS = {p.stem: LawText.read(ROOT / "specs" / "law" / f"{p.stem}.txt") for p in SPECS}


def compile_text(stem: str, text: str) -> None:
    """The whole pipeline on a text; CompileError is a fine answer, anything else is a bug."""
    source = SourceFile(f"specs/{stem}.fatiao", text)
    try:
        from fatiao.parse import parse

        law = lower(check(build_ast(parse(source), source), LAWS.get(stem), stem))
        emit_python(law)
        emit_markdown(law)
    except CompileError as err:
        rendered = render_all(err.diagnostics)
        assert rendered.startswith(f"specs/{stem}.fatiao:")
        assert all(d.span.start <= len(text) for d in err.diagnostics)


SPICE = list("{}()（）[]\"'\\§=<>.%x倍万元人 \n#0123456789") + ["以上", "以下", "不足", "fine", "must", "or",
                                                              "cases", "=>", "..", "则", "５", "“"]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str]:
    stem = draw(st.sampled_from(sorted(TEXTS)))
    text = TEXTS[stem]
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
        piece = draw(st.sampled_from(SPICE))
        if op == "insert":
            text = text[:pos] + piece + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 12)):]
        elif op == "replace":
            text = text[:pos] + piece + text[pos + len(piece):]
        else:
            words = text.split(" ")
            if len(words) > 2:
                i = draw(st.integers(0, len(words) - 2))
                words[i], words[i + 1] = words[i + 1], words[i]
                text = " ".join(words)
    return stem, text


@pytest.mark.skipif(not SPECS, reason="no bundled specs")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_mutated_specs_never_crash(case: tuple[str, str]) -> None:
    compile_text(*case)


NAMES = st.sampled_from(["违法所得", "拒不改正", "罚款", "事故等级", "一般事故", "死亡人数", "规则"]).map(lambda n: f" {n} ")
GRAMMAR = lark.Lark(grammar_text(), parser="lalr")  # from_lark needs the grammar, which a cached parser drops


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                   HealthCheck.filter_too_much])
@given(from_lark(GRAMMAR, explicit={
    "COMMENT": st.just("# 注释\n"),
    "NAME": NAMES,
    "STRING": st.sampled_from(['"处5万元以上50万元以下的罚款"', '""', '"x\\"y"']),
    "ARTICLE": st.sampled_from([" 第二十一条 ", " 第九十九条 "]),
}))
def test_grammar_generated_specs_never_crash(text: str) -> None:
    compile_text("carbon_emissions_trading", text)
