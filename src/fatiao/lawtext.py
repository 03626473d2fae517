"""The cleaned text of a law document, split into articles, clauses and items.

Quotes in specs are checked against it after removing all whitespace, because
the PDF the text came from inserted spaces and line breaks at random.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

# Regulations number articles 第X条; notices number their sections 一、二、… instead.
_ARTICLE = re.compile(r"^(第[零一二三四五六七八九十百]+条|[一二三四五六七八九十]+、)\s*(.*)$")
_ITEM = re.compile(r"^([（(][一二三四五六七八九十]+[）)])")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十]+[章节]\s")
# What is printed after the last article: 附：<a table's title> (附表) or 附件：<an attachment> (附件).
_ANNEX = re.compile(r"^附(表|件)?[：:]\s*(.*)$")
# A row of such a table starts with its number (序号): 「7 地热 T<60℃ 3.6」; lines that follow it
# without a number (「60℃≤T<90℃ 4.2」) continue the row.
_ROW = re.compile(r"^([0-9]+)\s+\S")
_CN = "零一二三四五六七八九十"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三: how clauses are numbered (第二款)."""
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def squash(text: str) -> str:
    """Compare law text without whitespace: the PDF put spaces and breaks anywhere."""
    return re.sub(r"\s+", "", text)


@attrs.frozen
class Clause:
    """A 款: its opening paragraph and the items （一）（二）… that belong to it."""

    text: str
    items: dict[str, str] = attrs.field(eq=False)

    def full_text(self) -> str:
        return "\n".join([self.text, *self.items.values()])


@attrs.frozen
class Article:
    """An article and its 款; or a table after the articles (附表), whose 款 are its rows 第N行,
    named by the row's own number, and whose title and column heads are its preface."""

    name: str
    clauses: tuple[Clause, ...]
    rows: tuple[str, ...] = ()  # the rows' names (第1行 …) when the article is a table
    preface: str = ""

    def clause_names(self) -> list[str]:
        return list(self.rows) if self.rows else [f"第{chinese_ordinal(i)}款" for i in range(1, len(self.clauses) + 1)]

    def clause(self, name: str) -> Clause | None:
        for label, clause in zip(self.clause_names(), self.clauses, strict=True):
            if label == name:
                return clause
        return None

    def full_text(self) -> str:
        return "\n".join([self.preface, *(c.full_text() for c in self.clauses)] if self.preface else
                         [c.full_text() for c in self.clauses])


@attrs.frozen
class LawText:
    """One document's text, as committed under specs/law/<stem>.txt."""

    path: str
    title: str
    articles: dict[str, Article] = attrs.field(eq=False)

    @classmethod
    def read(cls, path: Path) -> LawText:
        return cls.parse(path.read_text(encoding="utf-8"), str(path))

    @classmethod
    def parse(cls, text: str, path: str = "<law>") -> LawText:
        lines = [line.strip() for line in text.splitlines()]
        title = lines[0] if lines else ""
        articles: dict[str, list[Clause]] = {}
        tables: dict[str, tuple[list[str], list[str]]] = {}  # annex name → (preface lines, row names)
        current: list[Clause] | None = None
        annex: str | None = None
        for line in lines[1:]:
            if not line or _CHAPTER.match(line):
                continue
            m = _ANNEX.match(line)
            if m and current is not None:
                annex = "附件" if m.group(1) == "件" else "附表"
                current = articles.setdefault(annex, [])
                tables[annex] = ([m.group(2)], [])
                continue
            if annex is not None:
                preface, names = tables[annex]
                row = _ROW.match(line)
                if row:
                    names.append(f"第{row.group(1)}行")
                    current.append(Clause(line, {}))  # type: ignore[union-attr]
                elif current:
                    current[-1] = Clause(current[-1].text + "\n" + line, {})
                else:
                    preface.append(line)  # the column heads, before the first row
                continue
            m = _ARTICLE.match(line)
            if m:
                current = articles.setdefault(m.group(1), [])
                current.append(Clause(m.group(2), {}))
                continue
            if current is None:
                continue  # the header lines before the first article
            item = _ITEM.match(line)
            if item and current:
                label = "（" + item.group(1)[1:-1] + "）"
                current[-1].items[label] = line
            else:
                current.append(Clause(line, {}))
        return cls(path, title, {
            k: Article(k, tuple(v), tuple(tables[k][1]), "\n".join(tables[k][0])) if k in tables
            else Article(k, tuple(v))
            for k, v in articles.items()})

    def find_quote(self, quote: str, article: str, clause: str | None, item: str | None) -> bool:
        """Whether every fragment of the quote (split at …) occurs, in order, in that place."""
        where = self.place_text(article, clause, item)
        if where is None:
            return False
        haystack = squash(where)
        pos = 0
        for fragment in (squash(f) for f in re.split(r"…+|\.\.\.", quote)):
            if not fragment:
                continue
            found = haystack.find(fragment, pos)
            if found < 0:
                return False
            pos = found + len(fragment)
        return True

    def places(self) -> list[tuple[str, str | None, str | None]]:
        """Every citable place, most specific first within each article: items, clauses, the article."""
        out: list[tuple[str, str | None, str | None]] = []
        for name, article in self.articles.items():
            for label, clause in zip(article.clause_names(), article.clauses, strict=True):
                named = label if len(article.clauses) > 1 or article.rows else None
                out.extend((name, named, item) for item in clause.items)
                out.append((name, named, None))
            out.append((name, None, None))
        return out

    def place_text(self, article: str, clause: str | None, item: str | None) -> str | None:
        art = self.articles.get(article)
        if art is None:
            return None
        if clause is None:
            if item is None:
                return art.full_text()
            texts = [c.items[item] for c in art.clauses if item in c.items]
            return "\n".join(texts) if texts else None
        cl = art.clause(clause)
        if cl is None:
            return None
        if item is None:
            return cl.full_text()
        return cl.items.get(item)

    def best_match(self, quote: str, article: str) -> str | None:
        """The longest opening of the quote found in the article: tells the author where it diverges."""
        where = self.place_text(article, None, None)
        if where is None:
            return None
        haystack = squash(where)
        first = squash(re.split(r"…+", quote)[0])
        lo, hi = 0, len(first)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if first[:mid] in haystack:
                lo = mid
            else:
                hi = mid - 1
        return first[:lo] if lo else None
