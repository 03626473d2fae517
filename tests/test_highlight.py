"""The Pygments lexer: registered by entry point, built from the compiler's tables, never an error token."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.token import Error, Keyword, Name, Number, Operator, String

from fatiao.highlight import FatiaoLexer
from fatiao.keywords import BOUND_WORDS, KEYWORDS

SPECS = sorted((ROOT / "specs").glob("*.fatiao"))


def test_registered_through_the_entry_point() -> None:
    assert isinstance(get_lexer_by_name("fatiao"), FatiaoLexer)
    assert isinstance(get_lexer_for_filename("x.fatiao"), FatiaoLexer)


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_bundled_specs_lex_without_errors_and_round_trip(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    tokens = list(FatiaoLexer(stripnl=False).get_tokens(text))
    assert not [t for t in tokens if t[0] is Error]
    assert "".join(v for _, v in tokens) == text


def test_token_kinds() -> None:
    sample = '§ 第二十二条 "处5万元以上50万元以下的罚款"\npenalty 甲 { fine 违法所得 不足 50万元 => 5x..10x 违法所得 }\n'
    kinds = {v: t for t, v in FatiaoLexer().get_tokens(sample)}
    assert kinds["第二十二条"] is Name.Label
    assert kinds['"处5万元以上50万元以下的罚款"'] is String.Double
    assert kinds["penalty"] in Keyword and kinds["fine"] in Keyword
    assert kinds["不足"] is Operator.Word
    assert kinds["50万元"] in Number and kinds["5x"] in Number
    assert kinds["违法所得"] is Name


def test_every_keyword_and_bound_word_is_highlighted() -> None:
    for word in KEYWORDS:
        kind = next(t for t, v in FatiaoLexer().get_tokens(f"{word} ") if v == word)
        assert kind in Keyword, word
    for word in BOUND_WORDS:
        kind = next(t for t, v in FatiaoLexer().get_tokens(f"甲 {word} 5万元") if v == word)
        assert kind is Operator.Word, word
