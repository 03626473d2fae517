"""A Pygments lexer for fatiao, built from the compiler's own word tables so the two cannot drift.

Registered through the `pygments.lexers` entry point, so MkDocs, Sphinx, rich
and `pygmentize` highlight ```fatiao blocks once fatiao is installed.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text

from fatiao.keywords import BOUND_WORDS, KEYWORDS
from fatiao.terminals import ARABIC_QUANTITY, CHINESE_QUANTITY


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
            (ARABIC_QUANTITY, Number),
            (CHINESE_QUANTITY, Number),
            (r"[0-9]+(\.[0-9]+)?(x|倍|%)", Number),
            (r"[0-9]+/[0-9]+", Number),  # a share: 2/3
            (words(sorted(BOUND_WORDS, key=len, reverse=True)), Operator.Word),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (r"=>|\.\.|>=|<=|!=|[=<>+*/]", Operator),
            (r"[{}(),:]", Punctuation),
            (r"[_A-Za-z][_A-Za-z0-9]*|[一-鿿㐀-䶿][_A-Za-z一-鿿㐀-䶿]*", Name),
            (r".", Text),
        ],
    }
