"""The TextMate grammar of editors/vscode/, made from the compiler's tables and the grammar's own terminals.

Keywords, bound words and units come from `keywords.py`, `units.py` and
`terminals.py`; the shapes of articles, dates, names and strings are read from
the Lark grammar itself. So the editor colours exactly the words the compiler
knows, and `python tools/sync_grammar.py` rewrites the file after any of them
changes (a test fails until it has).

Patterns are tried in the order Lark's lexer prefers: articles and item labels
(priority 3), then quantities and bound words (priority 2), then keywords and
names. TextMate's `\\b` treats Chinese as word characters, so keywords are
delimited with explicit lookarounds: `违法所得and` is one name to Lark, and
stays one name here.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fatiao.keywords import CONVENTION_WORDS, FIXED_WORDS, KEYWORDS
from fatiao.terminals import ARABIC_AMOUNT, CHINESE_AMOUNT, DURATION_ALTERNATION, UNIT_ALTERNATION, alternation

SCOPE = "source.fatiao"
PATH = "editors/vscode/syntaxes/fatiao.tmLanguage.json"

# Keywords that name a value or a type are coloured apart from the structural ones.
CONSTANT_KEYWORDS = ("true", "false", "unknown", "none", "life")
TYPE_KEYWORDS = ("money", "count", "quantity", "date", "bool", "ratio")
# Keywords after which the next name is the one being declared.
RULE_DECLARERS = ("penalty", "deadline", "requirement", "individual")
VALUE_DECLARERS = ("fact", "let", "enum", "definition")

_CJK = "一-鿿㐀-䶿"
_WORD_BEFORE = f"(?<![_A-Za-z0-9{_CJK}])"
_WORD_AFTER = "(?![_A-Za-z0-9])"


def _noncapturing(pattern: str) -> str:
    """Turn the groups of a fragment into (?:…), so the grammar's own captures keep their numbers."""
    return re.sub(r"\((?!\?)", "(?:", pattern)


def _terminal_patterns() -> dict[str, str]:
    from fatiao.parse import parser

    return {t.name: t.pattern.to_regexp() for t in parser().terminals}


def _words(words: tuple[str, ...] | list[str]) -> str:
    return f"{_WORD_BEFORE}(?:{'|'.join(sorted(words, key=len, reverse=True))}){_WORD_AFTER}"


def tm_grammar() -> dict[str, Any]:
    terminals = _terminal_patterns()
    name = terminals["NAME"]
    units = f"(?:{UNIT_ALTERNATION})"
    other_keywords = [k for k in KEYWORDS if k not in CONSTANT_KEYWORDS + TYPE_KEYWORDS]
    repository: dict[str, Any] = {
        "comment": {"name": "comment.line.number-sign.fatiao", "match": terminals["COMMENT"]},
        "string": {
            "name": "string.quoted.double.fatiao", "begin": '"', "end": '"|$',
            "patterns": [{"name": "constant.character.escape.fatiao", "match": r"\\."}],
        },
        "citation": {"patterns": [
            {"name": "keyword.control.citation.fatiao", "match": "§"},
            {"name": "entity.name.section.article.fatiao", "match": terminals["ARTICLE"]},
            {"name": "entity.name.section.clause.fatiao", "match": terminals["CLAUSE"]},
            {"name": "entity.name.section.item.fatiao", "match": terminals["ITEM"]},
        ]},
        "date": {"name": "constant.numeric.date.fatiao", "match": terminals["DATE"]},
        "quantity": {"patterns": [
            {"name": "constant.numeric.quantity.fatiao",
             "match": f"({_noncapturing(ARABIC_AMOUNT)})({units})",
             "captures": {"1": {"name": "constant.numeric.amount.fatiao"}, "2": {"name": "keyword.other.unit.fatiao"}}},
            {"name": "constant.numeric.quantity.fatiao",
             "match": f"({_noncapturing(CHINESE_AMOUNT)})((?:{DURATION_ALTERNATION}))",
             "captures": {"1": {"name": "constant.numeric.amount.fatiao"}, "2": {"name": "keyword.other.unit.fatiao"}}},
            {"name": "constant.numeric.factor.fatiao", "match": terminals["FACTOR"]},
            {"name": "constant.numeric.fraction.fatiao", "match": terminals["FRACTION"]},
        ]},
        "bound-word": {"name": "keyword.operator.word.bound.fatiao",
                       "match": f"(?:{alternation(list(FIXED_WORDS) + list(CONVENTION_WORDS))})"},
        "unit-after-keyword": {
            "match": f"{_WORD_BEFORE}(per|count|quantity)\\s+({units})",
            "captures": {"1": {"name": "storage.type.fatiao"}, "2": {"name": "keyword.other.unit.fatiao"}},
        },
        "unit-after-slash": {
            "match": f"(/)\\s*({units})",
            "captures": {"1": {"name": "keyword.operator.fatiao"}, "2": {"name": "keyword.other.unit.fatiao"}},
        },
        "declaration": {"patterns": [
            {"match": f"{_WORD_BEFORE}({'|'.join(RULE_DECLARERS)}){_WORD_AFTER}\\s+({name})",
             "captures": {"1": {"name": "keyword.other.fatiao"}, "2": {"name": "entity.name.function.fatiao"}}},
            {"match": f"{_WORD_BEFORE}({'|'.join(VALUE_DECLARERS)}){_WORD_AFTER}\\s+({name})",
             "captures": {"1": {"name": "keyword.other.fatiao"}, "2": {"name": "variable.other.definition.fatiao"}}},
        ]},
        "keyword": {"patterns": [
            {"name": "constant.language.fatiao", "match": _words(CONSTANT_KEYWORDS)},
            {"name": "storage.type.fatiao", "match": _words(TYPE_KEYWORDS)},
            {"name": "keyword.other.fatiao", "match": _words(other_keywords)},
        ]},
        "operator": {"patterns": [
            {"name": "keyword.operator.arrow.fatiao", "match": "=>"},
            {"name": "keyword.operator.range.fatiao", "match": r"\.\."},
            {"name": "keyword.operator.comparison.fatiao", "match": terminals["CMP"]},
            {"name": "keyword.operator.fatiao", "match": r"[=+*/]"},
        ]},
        "punctuation": {"patterns": [
            {"name": "punctuation.section.block.begin.fatiao", "match": r"\{"},
            {"name": "punctuation.section.block.end.fatiao", "match": r"\}"},
            {"name": "punctuation.section.parens.begin.fatiao", "match": r"\("},
            {"name": "punctuation.section.parens.end.fatiao", "match": r"\)"},
            {"name": "punctuation.separator.comma.fatiao", "match": ","},
            {"name": "punctuation.separator.colon.fatiao", "match": ":"},
        ]},
        "name": {"name": "variable.other.fatiao", "match": name},
    }
    order = ["comment", "string", "citation", "date", "quantity", "bound-word", "unit-after-keyword",
             "unit-after-slash", "declaration", "keyword", "operator", "punctuation", "name"]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "fatiao",
        "scopeName": SCOPE,
        "fileTypes": ["fatiao"],
        "comment": "Generated by tools/sync_grammar.py from fatiao's keyword and unit tables: do not edit.",
        "patterns": [{"include": f"#{key}"} for key in order],
        "repository": repository,
    }


def tm_grammar_json() -> str:
    return json.dumps(tm_grammar(), ensure_ascii=False, indent=2) + "\n"
