"""The words of the language, defined once: the parser's hints, the checker and the docs read them."""

from __future__ import annotations

# ASCII keywords of the grammar (anonymous literals in grammar/fatiao.lark).
KEYWORDS = (
    "law", "issuer", "issued", "published", "effective", "level", "number",
    "reading", "acknowledge", "implements", "fact", "external", "if", "unknown", "money", "per", "count",
    "quantity", "date", "bool", "ratio", "enum", "let", "definition",
    "convention", "includes", "excludes", "in", "penalty", "on", "fine",
    "confiscate", "by", "for", "life", "individual", "must", "may",
    "deadline", "after", "when", "requirement", "of", "cases", "first", "highest",
    "otherwise", "or", "and", "not", "is", "example", "true", "false",
    "expect", "row", "no", "applicable", "due", "compliant", "violated", "none",
    "until", "replaces", "valid", "from", "as", "mean", "extendable", "amount", "versions", "unencoded",
    "extended", "force", "classify", "class", "before", "excluding", "min", "max", "datetime", "then", "latest",
)

# Words whose inclusivity the document's convention decides (以上 includes 本数 by default).
CONVENTION_WORDS = {"以上": ">=", "以下": "<=", "以内": "<="}

# Words whose meaning the law fixes; no convention changes them.
FIXED_WORDS = {
    "不超过": "<=", "不低于": ">=", "不少于": ">=", "至少": ">=", "满": ">=",
    "不足": "<", "不满": "<", "低于": "<", "少于": "<",
    "超过": ">", "高于": ">",
}

# Words a legal engineer may reach for from habit, which fatiao spells otherwise.
FOREIGN_WORDS = {"则": "write the consequence after `=>` or inside `{ }`",
                 "或者": "write `or`", "并且": "write `and`", "或": "write `or`", "且": "write `and`"}

BOUND_WORDS = tuple(CONVENTION_WORDS) + tuple(FIXED_WORDS)
# ASCII keywords that can follow a name: a Chinese name swallows them too (拒不改正and).
TRAILING_KEYWORDS = ("and", "or", "is", "after", "for", "by", "on", "when", "in")
GLUE_SUFFIXES = tuple(sorted(BOUND_WORDS + tuple(FOREIGN_WORDS) + TRAILING_KEYWORDS, key=len, reverse=True))


def glued_suffix(name: str) -> tuple[str, str] | None:
    """Split `违法所得不足` into (`违法所得`, `不足`) when a name swallowed a word after it."""
    for word in GLUE_SUFFIXES:
        if name.endswith(word) and len(name) > len(word):
            return name[: -len(word)], word
    return None
