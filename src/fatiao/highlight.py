"""A Pygments lexer for fatiao, built from the compiler's own word tables so the two cannot drift.

Registered through the `pygments.lexers` entry point, so MkDocs, Sphinx, rich
and `pygmentize` highlight ```fatiao blocks once fatiao is installed.
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text

from fatiao.keywords import BOUND_WORDS, KEYWORDS
from fatiao.units import UNITS

_UNITS = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))


class FatiaoLexer(RegexLexer):
    """Specs of Chinese legal obligations: citations, quotes of the law, amounts with units."""

    name = "fatiao"
    aliases = ["fatiao", "fatiao-error"]
    filenames = ["*.fatiao"]
    mimetypes = ["text/x-fatiao"]

    tokens = {
        "root": [
            (r"\s+", Text),
            (r"#[^\n]*", Comment.Single),
            (r"§", Keyword.Declaration),
            (r"第[零一二三四五六七八九十百]+[条款项]", Name.Label),
            (r"[（(][一二三四五六七八九十]+[）)]", Name.Label),
            (r'"(\\.|[^"\\\n])*"', String.Double),
            (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", Number.Other),
            (rf"[0-9]+(\.[0-9]+)?(万|亿)?个?({_UNITS})", Number),
            (r"[零一二两三四五六七八九十百]+个?(工作日|小时|日|月|年)", Number),
            (r"[0-9]+(\.[0-9]+)?(x|倍|%)", Number),
            (words(sorted(BOUND_WORDS, key=len, reverse=True)), Operator.Word),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (r"=>|\.\.|>=|<=|!=|[=<>+*/]", Operator),
            (r"[{}(),:]", Punctuation),
            (r"[_A-Za-z][_A-Za-z0-9]*|[一-鿿㐀-䶿][_A-Za-z一-鿿㐀-䶿]*", Name),
            (r".", Text),
        ],
    }
