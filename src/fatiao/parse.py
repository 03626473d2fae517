"""Stage 1: spec text → Lark parse tree; syntax errors become located diagnostics."""

from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

import lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from fatiao.diagnostics import Code, CompileError, Diagnostic, Label
from fatiao.keywords import FOREIGN_WORDS, glued_suffix
from fatiao.source import SourceFile, Span


def grammar_text() -> str:
    """The grammar ships inside the wheel; an editable install reads the repo's grammar/."""
    packaged = resources.files("fatiao") / "grammar" / "fatiao.lark"
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    repo = Path(__file__).resolve().parents[2] / "grammar" / "fatiao.lark"
    return repo.read_text(encoding="utf-8")


@functools.cache
def parser() -> lark.Lark:
    # cache=True keeps the LALR tables in the temp folder, keyed by the grammar's hash: building
    # them costs 0.2 s, and over 10 s where the `interegular` package is installed (Lark then
    # checks every pair of terminals for collisions).
    return lark.Lark(grammar_text(), parser="lalr", propagate_positions=True,
                     maybe_placeholders=True, cache=True)


# What users type, for each terminal the parser may expect.
_TERMINAL_WORDS = {
    "NAME": "a name", "QUANTITY": "a quantity such as 50万元 or 3人",
    "STRING": 'a quoted sentence "…"', "DATE": "a date such as 2024-05-01",
    "ARTICLE": "an article such as 第二十二条", "CLAUSE": "a clause such as 第一款",
    "ITEM": "an item label such as （一）", "FACTOR": "a multiple or percentage such as 5x or 40%",
    "BOUND_WORD": "以上, 以下 or 以内", "STRICT_WORD": "a bound such as 不足 or 超过",
    "CMP": "a comparison such as >=", "FRACTION": "a fraction such as 2/3", "$END": "the end of the file",
}


def _describe_terminal(name: str) -> str:
    if name in _TERMINAL_WORDS:
        return _TERMINAL_WORDS[name]
    for term in parser().terminals:
        if term.name == name and isinstance(term.pattern, lark.lexer.PatternStr):
            return f"`{term.pattern.value}`"
    return name


def _accepted(err: UnexpectedInput, fallback: set[str]) -> set[str]:
    """What the parser would really accept here: LALR lookahead sets merge states and overstate it."""
    interactive = getattr(err, "interactive_parser", None)
    if interactive is not None:
        try:
            return set(interactive.accepts())
        except Exception:  # noqa: BLE001 - fall back to Lark's own (wider) set
            pass
    return fallback


def _expected(names: set[str]) -> str:
    words = sorted({_describe_terminal(n) for n in names})
    if not words:
        return ""
    if len(words) > 10:
        words = words[:10] + ["…"]
    return "; expected " + ", ".join(words)


_NAME_RUN = re.compile(r"[一-鿿㐀-䶿][_A-Za-z一-鿿㐀-䶿]*")


def _glue_hint(source: SourceFile, offset: int) -> tuple[Span, str] | None:
    """Chinese has no spaces: a name swallows the keyword after it. Say so.

    The parser often notices only a token or two later (`违法所得不足 50万元 =>`
    fails at `=>`), so look at every name on the line up to the error.
    """
    line_start = source.text.rfind("\n", 0, offset) + 1
    for run in reversed(list(_NAME_RUN.finditer(source.text, line_start, offset + 1))):
        split = glued_suffix(run.group(0))
        if split is None:
            continue
        head, word = split
        span = Span(source, run.start(), run.end())
        advice = FOREIGN_WORDS.get(word)
        if advice:
            return span, (f"「{run.group(0)}」 was read as one name. fatiao has no keyword 「{word}」: "
                          f"{advice}")
        return span, f"「{run.group(0)}」 was read as one name; put a space before 「{word}」: {head} {word}"
    return None


def _token_text(token: lark.Token) -> str:
    if token.type == "$END":
        return "the end of the file"
    return f"`{token.value}`"


def _diagnostic(source: SourceFile, err: UnexpectedInput) -> Diagnostic:
    if isinstance(err, UnexpectedCharacters):
        ch = source.text[err.pos_in_stream]
        span = Span(source, err.pos_in_stream, err.pos_in_stream + 1)
        hint = None
        if "\uff01" <= ch <= "\uff5e":
            hint = f"write the ASCII character `{chr(ord(ch) - 0xFEE0)}` instead of the full-width `{ch}`"
        elif ch in "“”":
            hint = 'quote law text with ASCII double quotes: "…"'
        else:
            glued = _glue_hint(source, err.pos_in_stream)
            hint = glued[1] if glued else None
        return Diagnostic(Code.BAD_CHARACTER, f"unexpected character `{ch}`{_expected(err.allowed or set())}",
                          span, hint=hint)
    if isinstance(err, UnexpectedEOF) or (isinstance(err, UnexpectedToken) and err.token.type == "$END"):
        end = len(source.text.rstrip())
        span = Span(source, max(0, end - 1), max(1, end))
        expected = err.expected if isinstance(err, UnexpectedEOF) else err.expected
        return Diagnostic(Code.UNEXPECTED_END, f"the file ends too early{_expected(set(expected))}", span,
                          hint="a `{` may be missing its `}`")
    assert isinstance(err, UnexpectedToken)
    token = err.token
    start = token.start_pos if token.start_pos is not None else 0
    span = Span(source, start, start + max(1, len(str(token.value))))
    message = f"unexpected {_token_text(token)}{_expected(_accepted(err, set(err.expected)))}"
    glued = _glue_hint(source, start)
    if glued is None and re.search(r"(?<![_A-Za-z0-9])when\s*$", source.text[:start]) and token.value != "(":
        return Diagnostic(Code.SYNTAX, message, span,
                          hint="write the condition of an amount or a deadline in parentheses: `when (…) =`; "
                               "otherwise its `=` would read as a comparison")
    if glued is None:
        return Diagnostic(Code.SYNTAX, message, span)
    # Point at the name that swallowed the keyword: that is where the fix goes.
    name_span, hint = glued
    return Diagnostic(Code.GLUED_KEYWORD, f"a keyword is glued to the name before it ({message})",
                      name_span, (Label(span, "the parser stopped here"),), hint)


def parse(source: SourceFile) -> lark.Tree:
    """Parse a whole spec; on a syntax error, report it where it is and stop."""
    try:
        return parser().parse(source.text)
    except UnexpectedInput as err:
        raise CompileError([_diagnostic(source, err)]) from None
