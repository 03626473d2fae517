"""`fatiao fmt`: the canonical layout, comments kept, and never a change of meaning (hypothesis)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import lark
import pytest
from click.testing import CliRunner
from conftest import ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark
from test_fuzz import GRAMMAR, NAMES

from fatiao.build_ast import build_ast
from fatiao.cli import main
from fatiao.diagnostics import CompileError
from fatiao.formatter import format_text, layout
from fatiao.parse import grammar_text, parse
from fatiao.source import SourceFile

SPECS = sorted((ROOT / "specs").glob("*.fatiao"))
# Every spec in the repository that parses: bundled ones, golden cases, and the broken specs of
# tests/errors/ whose mistake is found after parsing (unknown names, wrong units, …).
CORPUS = [p for p in sorted(ROOT.glob("**/*.fatiao")) if ".venv" not in p.parts and "node_modules" not in p.parts
          and "editors" not in p.parts]


def _parses(text: str) -> bool:
    try:
        parse(SourceFile("x.fatiao", text))
    except CompileError:
        return False
    return True


def meaning(text: str) -> object:
    """The AST (spans ignored); where building it fails on a bad literal, the parse tree itself."""
    source = SourceFile("x.fatiao", text)
    tree = parse(source)
    try:
        return build_ast(tree, source)
    except CompileError:
        return tree


def assert_formats_safely(text: str) -> str:
    # The tight layout itself must keep the meaning: format_text would hide a bug by falling back.
    assert meaning(layout(text)) == meaning(text)
    once = format_text(SourceFile("x.fatiao", text))
    assert once == layout(text)
    assert format_text(SourceFile("x.fatiao", once)) == once, "formatting twice changed the text again"
    return once


PARSEABLE = [p for p in CORPUS if _parses(p.read_text(encoding="utf-8"))]


def test_the_corpus_is_not_empty() -> None:
    assert len(SPECS) >= 2 and len(PARSEABLE) >= 20


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_bundled_specs_are_formatted(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    assert format_text(SourceFile(str(spec), text)) == text, f"run `fatiao fmt {spec.relative_to(ROOT)}`"


@pytest.mark.parametrize("spec", PARSEABLE, ids=[str(p.relative_to(ROOT)) for p in PARSEABLE])
def test_every_parseable_spec_formats_idempotently_without_changing_its_ast(spec: Path) -> None:
    assert_formats_safely(spec.read_text(encoding="utf-8"))


MESSY = '''

# 文件头注释
§ 第三十三条   "本条例自2024年5月1日起施行。"   law "x"
{ issuer "国务院"    # 行尾注释
      issued 2024-01-05
      # 块内整行注释


}
fact 违法所得 : money fact 拒不改正: bool  # 一行两个事实
enum 等级 { 一般 , 较大 }
enum 机关 { 县级人民政府 , 设区的市级人民政府,
   省级人民政府 ,国务院 }
example "单价" for 某 { 平均成交价格 = 80元 / 吨二氧化碳当量 expect compliant }



§ 第二十二条 "处5万元以上" reading "r" penalty 甲 on 乙 { must 责令改正
if 违法所得 超过 0元 { confiscate 违法所得 }
  fine cases {
    违法所得 不足 50万元 => 50万元 .. 200万元  # a
         otherwise => 5x .. 10x 违法所得 # bb
  # 块末注释
  }
  may fine .. 1x 违法所得
  must 停止 by 5万元 +
     5万元
  }
requirement 某 { not ( 拒不改正 and
   死亡人数 3人 以上 10人 以下 ) }
'''

CANONICAL = '''# 文件头注释
§ 第三十三条 "本条例自2024年5月1日起施行。"
law "x" {
  issuer "国务院"  # 行尾注释
  issued 2024-01-05
  # 块内整行注释
}
fact 违法所得: money
fact 拒不改正: bool  # 一行两个事实
enum 等级 { 一般, 较大 }
enum 机关 {
  县级人民政府, 设区的市级人民政府,
  省级人民政府, 国务院
}
example "单价" for 某 { 平均成交价格 = 80元/吨二氧化碳当量 expect compliant }

§ 第二十二条 "处5万元以上"
reading "r"
penalty 甲 on 乙 {
  must 责令改正
  if 违法所得 超过 0元 { confiscate 违法所得 }
  fine cases {
    违法所得 不足 50万元 => 50万元..200万元  # a
    otherwise => 5x..10x 违法所得            # bb
    # 块末注释
  }
  may fine ..1x 违法所得
  must 停止 by 5万元 +
    5万元
}
requirement 某 {
  not (拒不改正 and
    死亡人数 3人以上10人以下)
}
'''


def test_canonical_layout() -> None:
    assert format_text(SourceFile("m.fatiao", MESSY)) == CANONICAL
    assert format_text(SourceFile("m.fatiao", CANONICAL)) == CANONICAL


def test_long_law_quotes_stay_on_one_line() -> None:
    quote = "处" + "违法所得5倍以上10倍以下的罚款；" * 20
    text = f'§ 第二十二条 "{quote}"\nlaw "x" {{ }}\n'
    assert f'"{quote}"' in format_text(SourceFile("x.fatiao", text)).splitlines()[0]


def test_comments_are_kept_in_order() -> None:
    for spec in SPECS:
        text = spec.read_text(encoding="utf-8")
        comments = [c.rstrip() for c in re.findall(r'^[^"\n]*?(#[^\n]*)', text, re.M)]
        formatted = format_text(SourceFile("x.fatiao", text))
        assert [c.rstrip() for c in re.findall(r'^[^"\n]*?(#[^\n]*)', formatted, re.M)] == comments


def test_a_syntax_error_is_located_and_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "broken.fatiao"
    spec.write_text('law "x" {\n  issuer 5\n}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["fmt", "broken.fatiao"])
    assert result.exit_code == 1
    assert "broken.fatiao:2:10: error[bad-character]" in result.output
    assert "Traceback" not in result.output
    assert spec.read_text(encoding="utf-8") == 'law "x" {\n  issuer 5\n}\n'


def test_fmt_check_and_rewrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = tmp_path / "m.fatiao"
    spec.write_text(MESSY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    check = runner.invoke(main, ["fmt", "--check", "m.fatiao"])
    assert check.exit_code == 1
    assert "1 of 1 spec(s) would be reformatted" in check.output
    assert spec.read_text(encoding="utf-8") == MESSY
    assert runner.invoke(main, ["fmt", "m.fatiao"]).exit_code == 0
    assert spec.read_text(encoding="utf-8") == CANONICAL
    assert runner.invoke(main, ["fmt", "--check", "m.fatiao"]).exit_code == 0
    piped = runner.invoke(main, ["fmt", "-"], input=MESSY)
    assert piped.exit_code == 0, piped.output
    assert piped.output == CANONICAL


# ---- hypothesis: any layout of a real spec formats to the same meaning, and formatting is idempotent

@functools.cache
def _token_parser() -> lark.Lark:
    return lark.Lark(grammar_text(), parser="lalr", propagate_positions=True, keep_all_tokens=True)


@functools.cache
def _pieces(path: Path) -> tuple[str, tuple[tuple[int, int], ...], tuple[int, ...]]:
    """A spec's text, the spans of its tokens, and where each top-level declaration starts."""
    text = path.read_text(encoding="utf-8")
    tree = _token_parser().parse(text)
    spans = tuple(sorted((t.start_pos, t.end_pos) for t in tree.scan_values(lambda v: isinstance(v, lark.Token))))
    items = tuple(child.meta.start_pos for child in tree.children[1:])
    return text, spans, items


# Mostly one line with odd spacing, so the formatter's own choices of where to write tokens tight get exercised.
GAPS = st.sampled_from([" "] * 12 + ["  ", "\t", "\n", "\n\n", "\n\n\n", "  \n    ", " # 注释 {\n", "\n# 注释\n"])


@st.composite
def relaid(draw: st.DrawFn) -> str:
    """A slice of a parseable spec (its header and a run of declarations), with whitespace redrawn between tokens."""
    path = draw(st.sampled_from(PARSEABLE))
    text, spans, items = _pieces(path)
    if items:
        first = draw(st.integers(0, len(items) - 1))
        last = min(len(items), first + draw(st.integers(1, 6)))
        end = items[last] if last < len(items) else len(text)
        keep = [(a, b) for a, b in spans if a < items[0] or items[first] <= a < end]
    else:
        keep = list(spans)
    out = []
    for a, b in keep:
        out.append(text[a:b])
        out.append(draw(GAPS))
    return "".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(relaid())
def test_relaid_specs_format_to_the_same_meaning(text: str) -> None:
    assume(_parses(text))
    assert_formats_safely(text)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.filter_too_much])
@given(from_lark(GRAMMAR, explicit={
    "COMMENT": st.sampled_from(["# 注释\n", "#\n", "# } {\n"]),
    "NAME": NAMES,
    "STRING": st.sampled_from(['"处5万元以上50万元以下的罚款"', '""', '"x\\"y # 不是注释"']),
    "ARTICLE": st.sampled_from([" 第二十一条 ", " 第九十九条 "]),
}))
def test_grammar_generated_specs_format_to_the_same_meaning(text: str) -> None:
    assume(_parses(text))
    assert_formats_safely(text)
