"""What an editor asks of an open spec: its diagnostics, its declarations, and what a name under the cursor is.

The language server (`lsp.py`) only translates between this module and the
protocol. Diagnostics are the very ones `fatiao check` prints, from the same
stages; the symbol index is read from the AST, so hover and go-to-definition
keep working while the checker still finds mistakes elsewhere in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

import attrs

from fatiao import ast
from fatiao.diagnostics import CompileError, Diagnostic
from fatiao.lawtext import LawText
from fatiao.source import SourceFile, Span
from fatiao.units import DIMENSION_NAMES

RULE_KINDS = {ast.Penalty: "penalty", ast.Deadline: "deadline", ast.Requirement: "requirement"}
DECL_KINDS: dict[type, str] = {ast.FactDecl: "fact", ast.EnumDecl: "enum", ast.LetDecl: "let",
                               ast.Definition: "definition", ast.Example: "example", **RULE_KINDS}


@attrs.frozen
class Symbol:
    """A declared name: a fact, rule, enum, enum member, let or definition."""

    name: str
    kind: str
    decl: ast.Decl
    name_span: Span


@attrs.frozen(eq=False)
class Analysis:
    source: SourceFile
    diagnostics: tuple[Diagnostic, ...]
    spec: ast.Spec | None  # None when the text does not parse
    law: LawText | None

    def symbols(self) -> dict[str, Symbol]:
        return symbol_table(self.spec) if self.spec is not None else {}


def analyse(path: Path, text: str) -> Analysis:
    """Run the front end on an editor's text (not the file on disk) and keep what each stage produced."""
    from fatiao.build_ast import build_ast
    from fatiao.check import check
    from fatiao.lower import lower
    from fatiao.parse import parse
    from fatiao.pipeline import display_path, law_text_for

    source = SourceFile(display_path(path), text)
    spec: ast.Spec | None = None
    law: LawText | None = None
    try:
        spec = build_ast(parse(source), source)
        law = law_text_for(path, spec.meta.title)
        lower(check(spec, law, path.stem))
    except CompileError as err:
        return Analysis(source, tuple(err.diagnostics), spec, law)
    return Analysis(source, (), spec, law)


# ---- the symbol index

def symbol_table(spec: ast.Spec) -> dict[str, Symbol]:
    table: dict[str, Symbol] = {}
    for decl in spec.decls:
        name = getattr(decl, "name", None)
        if isinstance(name, ast.Name) and type(decl) in DECL_KINDS and not isinstance(decl, ast.Example):
            table.setdefault(name.text, Symbol(name.text, DECL_KINDS[type(decl)], decl, name.span))
        if isinstance(decl, ast.EnumDecl):
            for member in decl.members:
                table.setdefault(member.text, Symbol(member.text, "enum member", decl, member.span))
    return table


def _walk(node: object) -> Iterator[object]:
    yield node
    if isinstance(node, tuple):
        for item in node:
            yield from _walk(item)
    elif attrs.has(type(node)):
        for field in attrs.fields(cast(type[attrs.AttrsInstance], type(node))):
            if field.name != "span":
                yield from _walk(getattr(node, field.name))


def names(spec: ast.Spec) -> Iterator[ast.Name]:
    """Every name the spec writes, declarations and references alike."""
    for node in _walk(spec):
        if isinstance(node, ast.Name):
            yield node


def name_at(spec: ast.Spec, offset: int) -> ast.Name | None:
    for name in names(spec):
        if name.span.start <= offset <= name.span.end:
            return name
    return None


def citation_at(spec: ast.Spec, offset: int) -> ast.Citation | None:
    for node in _walk(spec):
        if isinstance(node, ast.Citation) and node.span.start <= offset < node.span.end:
            quotes = [q.span for q in node.quotes]
            if not any(q.start <= offset < q.end for q in quotes):
                return node
    return None


def definition(analysis: Analysis, offset: int) -> Span | None:
    """Where the name under the cursor is declared."""
    if analysis.spec is None:
        return None
    name = name_at(analysis.spec, offset)
    symbol = analysis.symbols().get(name.text) if name is not None else None
    return symbol.name_span if symbol is not None else None


def references(analysis: Analysis, offset: int) -> list[Span]:
    if analysis.spec is None:
        return []
    name = name_at(analysis.spec, offset)
    if name is None or name.text not in analysis.symbols():
        return []
    return [n.span for n in names(analysis.spec) if n.text == name.text]


# ---- hover

def describe_type(t: ast.TypeExpr, spec: ast.Spec) -> str:
    """`money, in 元`: the type and unit of a fact as a reader wants them."""
    match t:
        case ast.MoneyType(per=None):
            return "money, in 元"
        case ast.MoneyType(per=per):
            return f"money per {per}, in 元/{per}"
        case ast.CountType(unit=unit) | ast.QuantityType(unit=unit):
            return f"{DIMENSION_NAMES.get(unit, 'a quantity')}, in {unit}"
        case ast.DateType():
            return "a date"
        case ast.BoolType():
            return "true or false"
        case ast.RatioType():
            return "a ratio such as 40%"
        case ast.EnumType(name=name):
            members = next((d.members for d in spec.decls if isinstance(d, ast.EnumDecl) and d.name.text == name.text),
                           ())
            return f"one of {name.text}: " + "、".join(m.text for m in members) if members else f"a value of {name.text}"
    return "?"


def _place(c: ast.Citation) -> str:
    return "".join(p for p in (c.article, c.clause, c.item) if p)


def _citations(decl: ast.Decl, title: str) -> list[str]:
    lines = []
    for note in getattr(decl, "annotations", ()):
        if isinstance(note, ast.Citation):
            for quote in note.quotes:
                lines.append(f"《{title}》{_place(note)}：\n> {quote.text}")
            if not note.quotes:
                lines.append(f"《{title}》{_place(note)}")
        elif isinstance(note, ast.Reading):
            lines.append(f"*Reading:* {note.text}")
    return lines


def _signature(symbol: Symbol, spec: ast.Spec) -> str:
    decl = symbol.decl
    match decl:
        case _ if symbol.kind == "enum member":
            assert isinstance(decl, ast.EnumDecl)
            return f"{symbol.name}: a value of enum {decl.name.text}"
        case ast.FactDecl():
            extra = " (may be unknown)" if decl.fallback is not None else ""
            extra += f" (external: {decl.external})" if decl.external else ""
            return f"fact {symbol.name}: {describe_type(decl.type, spec)}{extra}"
        case ast.EnumDecl():
            return f"enum {symbol.name}: " + "、".join(m.text for m in decl.members)
        case ast.Penalty():
            return f"penalty {symbol.name}" + (f" on {decl.subject.text}" if decl.subject else "")
        case ast.Deadline():
            return f"deadline {symbol.name} = {decl.period.text} after {decl.event.text}"
        case ast.Requirement():
            return f"requirement {symbol.name}"
        case ast.LetDecl():
            return f"let {symbol.name} = {decl.value.span.text.splitlines()[0]}"
        case ast.Definition():
            return f"definition {symbol.name}" + (f": {decl.text}" if decl.text else "")
    return f"{symbol.kind} {symbol.name}"


def hover(analysis: Analysis, offset: int) -> tuple[str, Span] | None:
    """Markdown for the name or citation under the cursor: its type and unit, and the law it encodes."""
    spec = analysis.spec
    if spec is None:
        return None
    name = name_at(spec, offset)
    symbol = analysis.symbols().get(name.text) if name is not None else None
    if name is not None and symbol is not None:
        parts = [f"```fatiao\n{_signature(symbol, spec)}\n```"]
        parts += _citations(symbol.decl, spec.meta.title)
        return "\n\n".join(parts), name.span
    cite = citation_at(spec, offset)
    if cite is not None and analysis.law is not None:
        text = analysis.law.place_text(cite.article, cite.clause, cite.item)
        if text:
            return f"《{analysis.law.title}》{_place(cite)}：\n\n> {text}", cite.span
    return None


# ---- positions as editors count them

def units(text: str, encoding: str) -> int:
    """Length of text in the editor's code units: UTF-16 by default (a character outside the BMP counts 2)."""
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def to_position(source: SourceFile, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
    """0-based line and 0-based column in code units, as the Language Server Protocol counts them."""
    offset = max(0, min(offset, len(source.text)))
    line, col = source.line_col(offset)
    return line - 1, units(source.line_text(line)[: col - 1], encoding)


def to_offset(source: SourceFile, line: int, character: int, encoding: str = "utf-16") -> int:
    """The inverse of `to_position`; a column past the end of its line means the line's end."""
    if line >= len(source.line_starts):
        return len(source.text)
    text = source.line_text(line + 1)
    count = 0
    for i, ch in enumerate(text):
        if count >= character:
            return source.line_starts[line] + i
        count += units(ch, encoding)
    return source.line_starts[line] + len(text)
