"""The grammar's word terminals and the VS Code extension's TextMate grammar are made from the compiler's tables.

If someone adds a unit to units.py or a bound word to keywords.py and forgets
`python tools/sync_grammar.py`, the parser, the highlighter and the editor
would disagree about what a word is: these tests fail first.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from conftest import ROOT

from fatiao.keywords import BOUND_WORDS, KEYWORDS
from fatiao.terminals import sync_grammar
from fatiao.textmate import CONSTANT_KEYWORDS, PATH, TYPE_KEYWORDS, tm_grammar, tm_grammar_json
from fatiao.units import UNITS

VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = (ROOT / "grammar" / "fatiao.lark").read_text(encoding="utf-8")
STALE = "stale: run `.venv/bin/python tools/sync_grammar.py` and commit the result"


def test_grammar_terminals_are_the_tables() -> None:
    assert sync_grammar(GRAMMAR) == GRAMMAR, STALE


def test_textmate_grammar_is_fresh() -> None:
    assert (ROOT / PATH).read_text(encoding="utf-8") == tm_grammar_json(), STALE


def test_sync_rewrites_a_stale_unit_list() -> None:
    stale = GRAMMAR.replace('"吨二氧化碳当量" | ', "", 1)
    assert stale != GRAMMAR
    assert sync_grammar(stale) == GRAMMAR


def test_sync_refuses_a_grammar_without_the_terminals() -> None:
    with pytest.raises(ValueError, match="UNIT"):
        sync_grammar(re.sub(r"^UNIT: .*$", "", GRAMMAR, flags=re.M))


def test_textmate_colours_every_keyword_bound_word_and_unit() -> None:
    text = json.dumps(tm_grammar(), ensure_ascii=False)
    assert set(CONSTANT_KEYWORDS + TYPE_KEYWORDS) <= set(KEYWORDS)
    for word in KEYWORDS:
        assert re.search(rf"[(|:]{word}[|)]", text), word
    for word in BOUND_WORDS + tuple(UNITS):
        assert word in text, word


def test_extension_manifest_declares_the_language() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "fatiao" and language["extensions"] == [".fatiao"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["scopeName"] == "source.fatiao"
    assert (VSCODE / grammar["path"]).resolve() == (ROOT / PATH).resolve()
    config = json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))
    assert config["comments"]["lineComment"] == "#"
    assert ["{", "}"] in config["brackets"]


@pytest.mark.skipif(shutil.which("npm") is None, reason="node and npm are not installed")
def test_scope_assertions_pass_under_vscode_textmate() -> None:
    """vscode-tmgrammar-test runs the real VS Code tokenizer over editors/vscode/tests/*.test.fatiao."""
    if not (VSCODE / "node_modules" / ".bin" / "vscode-tmgrammar-test").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=VSCODE, check=True, capture_output=True)
    proc = subprocess.run(["npm", "test", "--silent"], cwd=VSCODE, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert proc.stdout.count("run successfuly") == len(list((VSCODE / "tests").glob("*.test.fatiao")))
