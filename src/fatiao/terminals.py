"""The grammar's word terminals, written from the compiler's tables so the grammar cannot drift from them.

`keywords.py` and `units.py` hold the words; this module turns them into the
lines of grammar/fatiao.lark that define UNIT, QUANTITY, BOUND_WORD and
STRICT_WORD. The Pygments lexer and the TextMate grammar read the same
fragments, so a unit added to `UNITS` is lexed, highlighted and coloured alike
once `python tools/sync_grammar.py` has rewritten the grammar (a test fails
until it has).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fatiao.keywords import CONVENTION_WORDS, FIXED_WORDS
from fatiao.units import DURATION_UNITS, UNITS

# Digits a duration may be spelled in (二十日, 十五个工作日); literals.chinese_int reads them.
CHINESE_NUMERALS = "零一二两三四五六七八九十百"
SCALE_WORDS = ("万", "亿")


def longest_first(words: Iterable[str]) -> list[str]:
    """Alternations try left to right: 吨二氧化碳当量 must come before 吨, 不超过 before 超过."""
    return sorted(words, key=len, reverse=True)


def alternation(words: Iterable[str]) -> str:
    """`a|bc|d` as a regular expression, longest word first."""
    return "|".join(re.escape(w) for w in longest_first(words))


UNIT_ALTERNATION = alternation(UNITS)
DURATION_ALTERNATION = alternation(DURATION_UNITS)
# A number with an optional 万/亿 and 个, then a unit: 50万元, 1.5亿元, 7个工作日, 3人.
ARABIC_AMOUNT = rf"[0-9]+(\.[0-9]+)?({'|'.join(SCALE_WORDS)})?个?"
ARABIC_QUANTITY = rf"{ARABIC_AMOUNT}({UNIT_ALTERNATION})"
# Durations may also be spelled in Chinese numerals, as the law writes them: 二十日, 十五个工作日.
CHINESE_AMOUNT = rf"[{CHINESE_NUMERALS}]+个?"
CHINESE_QUANTITY = rf"{CHINESE_AMOUNT}({DURATION_ALTERNATION})"


def _literal_alternation(words: Iterable[str]) -> str:
    return " | ".join(f'"{w}"' for w in longest_first(words))


def lark_definitions() -> dict[str, str]:
    """Terminal name (with its priority, as the grammar writes it) → the definition's text."""
    return {
        "BOUND_WORD": _literal_alternation(CONVENTION_WORDS),
        # Priority 2: 不足 must lex as a word, not as the start of a Chinese name.
        "STRICT_WORD.2": _literal_alternation(FIXED_WORDS),
        "QUANTITY.2": f"/{ARABIC_QUANTITY}/\n           | /{CHINESE_QUANTITY}/",
        "UNIT": _literal_alternation(UNITS),
    }


# A definition runs from its name to the next line that does not continue it with `|`.
_DEFINITION = re.compile(r"^(?P<name>[A-Z_]+(?:\.\d+)?): .*?(?=\n(?!\s+\|))", re.M | re.S)


def sync_grammar(grammar: str) -> str:
    """The grammar with its table-made terminals rewritten; every other line is kept as it is."""
    wanted = lark_definitions()
    seen: set[str] = set()

    def rewrite(m: re.Match[str]) -> str:
        name = m.group("name")
        if name not in wanted:
            return m.group(0)
        seen.add(name)
        return f"{name}: {wanted[name]}"

    text = _DEFINITION.sub(rewrite, grammar)
    missing = sorted(set(wanted) - seen)
    if missing:
        raise ValueError(f"grammar/fatiao.lark defines no terminal {', '.join(missing)}")
    return text
