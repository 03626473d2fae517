"""`fatiao fmt`: one canonical layout for a spec, comments kept, meaning never changed.

The formatter works on the token stream, with the parse tree only telling it
where statements begin and which braces open blocks. It never needs to know
what a declaration means, so declarations added to the grammar later are
laid out sensibly without a change here. The rules:

- two spaces of indentation per open brace; a line the author broke inside
  a statement is indented one level more;
- a block written over several lines has one statement per line and its `}`
  on a line of its own (a comma-separated list in it keeps the author's
  wrapping); a block written on one line stays on one line;
- every top-level declaration, and every annotation above it (`§`,
  `reading`, …), starts a line;
- one space between tokens, none before `,` `:` `)` or after `(`, none around
  `/` (`80元/吨二氧化碳当量`); ranges
  and bands are written tight, as the law writes them (`5万元..50万元`,
  `5x..10x`, `3人以上10人以下`);
- at most one blank line in a row, none at the start or end of a block;
- comments stay where they are; trailing comments on consecutive lines line up.

Line breaks the author chose are kept, and no line is ever broken for length:
a quoted sentence of the law stays on one line, as the law prints it.

Every result is parsed again and compared with the original parse tree; a
layout that would change a single token is never written.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator

import attrs
import lark
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from fatiao.source import SourceFile, cell_width

INDENT = "  "
_GLUE_BEFORE = {",", ":", ")", "/"}  # never a space before these
_GLUE_AFTER = {"(", "/"}  # never a space after these: (a and b), 80元/吨二氧化碳当量
_VALUES = {"QUANTITY", "FACTOR"}  # a `..` after these is written tight: 5万元..50万元
_RANGE = ".."


class FormatterBug(Exception):
    """The formatter produced text that parses differently from its input: a bug in fatiao, never written."""


@attrs.frozen
class _Piece:
    """One token of the output, with what the layout needs to know about it."""

    text: str
    type: str
    start: int
    line: int  # 1-based line in the input
    end_line: int
    is_comment: bool


@functools.cache
def _parser() -> tuple[lark.Lark, list[Token], threading.Lock]:
    from fatiao.parse import grammar_text

    comments: list[Token] = []
    # keep_all_tokens: braces and keywords stay in the tree, so blocks and statements can be found.
    parser = lark.Lark(grammar_text(), parser="lalr", propagate_positions=True, keep_all_tokens=True,
                       maybe_placeholders=False, lexer_callbacks={"COMMENT": comments.append}, cache=True)
    return parser, comments, threading.Lock()


def _parse(text: str) -> tuple[Tree[Token], list[Token]]:
    parser, comments, lock = _parser()
    with lock:
        comments.clear()
        tree = parser.parse(text)
        return tree, list(comments)


@functools.cache
def _annotation_kinds() -> frozenset[str]:
    """The rules an `annotation` can be (citation, reading, …), read from the grammar itself."""
    parser, _, _ = _parser()
    return frozenset(sym.name for rule in parser.rules if rule.origin.name == "annotation"
                     for sym in rule.expansion)


def _first_token(node: Tree[Token] | Token) -> Token | None:
    if isinstance(node, Token):
        return node
    for child in node.children:
        found = _first_token(child)
        if found is not None:
            return found
    return None


def _line_starts(tree: Tree[Token]) -> set[int]:
    """Offsets of the tokens that must begin a line."""
    starts: set[int] = set()

    def mark(node: Tree[Token] | Token) -> None:
        token = _first_token(node)
        if token is not None and token.start_pos is not None:
            starts.add(token.start_pos)

    annotations = _annotation_kinds()

    def mark_annotated(declaration: Tree[Token] | Token) -> None:
        """Each annotation above a declaration (or a version row), and what follows it, on a line of its own."""
        if not isinstance(declaration, Tree):
            return
        after_annotation = False
        for child in declaration.children:
            if isinstance(child, Token) and child.type == "LBRACE":
                break
            if after_annotation:
                mark(child)
            after_annotation = isinstance(child, Tree) and child.data in annotations
            if after_annotation:
                mark(child)

    for declaration in tree.children:
        mark(declaration)
        mark_annotated(declaration)
    for node in tree.iter_subtrees():
        opened: list[int] = []
        for i, child in enumerate(node.children):
            if isinstance(child, Token) and child.type == "LBRACE":
                opened.append(i)
            elif isinstance(child, Token) and child.type == "RBRACE" and opened:
                start = opened.pop()
                brace = node.children[start]
                assert isinstance(brace, Token)
                if brace.line == child.line:
                    continue  # written on one line: stays on one line
                inner = node.children[start + 1 : i]
                if any(isinstance(c, Token) and c.type == "COMMA" for c in inner):
                    # A list (enum members): it starts on a line of its own, wrapped where the author wrapped it.
                    if inner:
                        mark(inner[0])
                else:
                    for statement in inner:
                        mark(statement)
                        mark_annotated(statement)
                mark(child)
    return starts


def _pieces(tree: Tree[Token], comments: list[Token]) -> list[_Piece]:
    tokens = list(tree.scan_values(lambda v: isinstance(v, Token)))
    out = [_Piece(str(t), t.type, t.start_pos or 0, t.line or 1, t.end_line or 1, False) for t in tokens]
    out += [_Piece(str(c).rstrip(), "COMMENT", c.start_pos or 0, c.line or 1, c.line or 1, True) for c in comments]
    return sorted(out, key=lambda p: p.start)


@attrs.define
class _Line:
    indent: int
    code: list[str]
    comment: str | None = None
    blank_before: bool = False

    def code_text(self) -> str:
        return INDENT * self.indent + "".join(self.code)


def _space(prev: _Piece, piece: _Piece, glue: bool) -> str:
    if not glue:
        return " "
    if piece.text in _GLUE_BEFORE or prev.text in _GLUE_AFTER or prev.text == _RANGE:
        return ""
    if piece.text == _RANGE and prev.type in _VALUES:
        return ""
    # Bands are written as the law writes them: 3人以上10人以下, 50万元以上.
    if {prev.type, piece.type} == {"QUANTITY", "BOUND_WORD"}:
        return ""
    return " "


def _breaks_line(prev: _Piece, piece: _Piece, starts: set[int]) -> bool:
    if piece.start in starts or prev.is_comment or piece.is_comment:
        return True
    # The author's line breaks are kept, except before a token that belongs at the end of a line.
    return piece.line > prev.end_line and piece.text not in _GLUE_BEFORE | {"{"}


def _layout(pieces: list[_Piece], starts: set[int], glue: bool) -> list[_Line]:
    first = pieces[0]
    lines = [_Line(0, [], first.text) if first.is_comment else _Line(0, [first.text])]
    depth = 0
    for prev, piece in zip(pieces, pieces[1:], strict=False):
        if not prev.is_comment:
            depth += {"{": 1, "}": -1}.get(prev.text, 0)
        if piece.is_comment and piece.line == prev.end_line and not prev.is_comment:
            lines[-1].comment = piece.text
        elif not _breaks_line(prev, piece, starts):
            lines[-1].code.append(_space(prev, piece, glue) + piece.text)
        else:
            closing = piece.text == "}" and not piece.is_comment
            after_brace = prev.text == "{" and not prev.is_comment
            blank = piece.line - prev.end_line >= 2 and not after_brace and not closing
            # A line the author broke inside a statement is indented one level more than the statement;
            # the next line of a comma-separated list lines up with the list.
            continued = not (piece.start in starts or closing or after_brace or piece.is_comment or prev.text == ",")
            indent = max(depth - closing + continued, 0)
            if piece.is_comment:
                lines.append(_Line(indent, [], piece.text, blank))
            else:
                lines.append(_Line(indent, [piece.text], None, blank))
    return lines


def _aligned(lines: list[_Line]) -> Iterator[str]:
    """Render lines; trailing comments of consecutive lines start in one column (by display width)."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].comment is not None and lines[j].code and (j == i or not lines[j].blank_before):
            j += 1
        run = lines[i:j] if j > i else [lines[i]]
        width = max(cell_width(line.code_text()) for line in run)
        for line in run:
            if line.blank_before:
                yield ""
            code = line.code_text()
            if line.comment is None:
                yield code
            elif not line.code:
                yield INDENT * line.indent + line.comment
            else:
                yield code + " " * (width - cell_width(code) + 2) + line.comment
        i += len(run)


def layout(text: str, glue: bool = True) -> str:
    """The layout alone, unchecked; `format_text` is what callers want."""
    tree, comments = _parse(text)
    pieces = _pieces(tree, comments)
    if not pieces:
        return ""
    lines = _layout(pieces, _line_starts(tree), glue)
    return "\n".join(_aligned(lines)) + "\n"


def format_text(source: SourceFile) -> str:
    """The canonical layout of a spec. A syntax error raises CompileError, located as `fatiao check` does."""
    try:
        original, comments = _parse(source.text)
    except UnexpectedInput:
        from fatiao.parse import parse

        parse(source)  # raises CompileError with the located diagnostic
        raise  # the two parsers agree on what parses; should they not, say so loudly
    expected = [str(c).rstrip() for c in comments]
    for glue in (True, False):
        # Writing tokens tight could in principle let two of them lex as one: then space them all.
        result = layout(source.text, glue)
        try:
            tree, kept = _parse(result)
        except UnexpectedInput:
            continue
        if tree == original and [str(c) for c in kept] == expected:
            return result
    raise FormatterBug(f"formatting {source.path} would change its meaning; the file was left as it is")
