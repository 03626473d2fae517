"""Diagnostics: what went wrong, where, and what to do; rendered apart from being reported."""

from __future__ import annotations

import enum

import attrs

from fatiao.source import Span, cell_width


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Code(enum.Enum):
    """Every diagnostic the compiler can give; each has a section in docs/errors.md."""

    SYNTAX = "syntax"
    UNEXPECTED_END = "unexpected-end"
    BAD_CHARACTER = "bad-character"
    GLUED_KEYWORD = "glued-keyword"
    BAD_LITERAL = "bad-literal"
    DUPLICATE = "duplicate"
    UNKNOWN_NAME = "unknown-name"
    WRONG_KIND = "wrong-kind"
    UNIT_MISMATCH = "unit-mismatch"
    EMPTY_RANGE = "empty-range"
    BAD_FACTOR = "bad-factor"
    MISSING_CITATION = "missing-citation"
    MISSING_QUOTE = "missing-quote"
    UNKNOWN_ARTICLE = "unknown-article"
    UNKNOWN_CLAUSE = "unknown-clause"
    QUOTE_NOT_FOUND = "quote-not-found"
    NO_LAW_TEXT = "no-law-text"
    BAD_CONVENTION = "bad-convention"
    BAD_DATE = "bad-date"
    BAD_EXAMPLE = "bad-example"
    MISSING_FACT = "missing-fact"
    EXAMPLE_FAILED = "example-failed"
    UNREACHABLE_ROW = "unreachable-row"
    BAD_META = "bad-meta"
    NAME_CLASH = "name-clash"


@attrs.frozen
class Label:
    """A secondary place that explains the primary one ("declared here as 公顷")."""

    span: Span
    message: str


@attrs.frozen
class Diagnostic:
    code: Code
    message: str
    span: Span
    labels: tuple[Label, ...] = ()
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class CompileError(Exception):
    """A stage found mistakes in the spec; carries all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.span.source.path, d.span.start))
        super().__init__("\n".join(d.message for d in self.diagnostics))


class Reporter:
    """Collects a stage's diagnostics; `done()` raises once, with all of them."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def error(self, code: Code, message: str, span: Span, *, hint: str | None = None,
              labels: tuple[Label, ...] = ()) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, labels, hint))

    def warn(self, code: Code, message: str, span: Span, *, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, (), hint, Severity.WARNING))

    def done(self) -> None:
        if any(d.is_error for d in self.diagnostics):
            raise CompileError(self.diagnostics)


def _caret_line(line_text: str, start_col: int, end_col: int, mark: str) -> str:
    """Pad by display width so the caret sits under CJK text where the eye expects it."""
    pad = cell_width(line_text[: start_col - 1])
    width = max(1, cell_width(line_text[start_col - 1 : end_col - 1]))
    return " " * pad + mark * width


def _snippet(span: Span, mark: str, note: str | None, gutter: int) -> list[str]:
    source = span.source
    line, col = source.line_col(span.start)
    end_line, end_col = source.line_col(max(span.start, span.end))
    text = source.line_text(line).expandtabs(1)
    if end_line != line:
        end_col = len(text) + 1
    caret = _caret_line(text, col, max(end_col, col + 1), mark)
    if note:
        caret += " " + note
    num = str(line).rjust(gutter)
    return [f"{num} | {text}", f"{' ' * gutter} | {caret}"]


def render(diagnostic: Diagnostic) -> str:
    """gcc-style first line (editors jump to it), then a Rust/Elm-style picture."""
    d = diagnostic
    lines = [f"{d.span.location()}: {d.severity.value}[{d.code.value}]: {d.message}"]
    spans = [d.span] + [label.span for label in d.labels]
    gutter = max(len(str(s.line)) for s in spans)
    lines.append(f"{' ' * gutter} |")
    lines.extend(_snippet(d.span, "^", None, gutter))
    for label in d.labels:
        if label.span.source is not d.span.source:
            lines.append(f"{' ' * gutter} = note: {label.span.location()}: {label.message}")
            continue
        lines.extend(_snippet(label.span, "-", label.message, gutter))
    if d.hint:
        lines.append(f"{' ' * gutter} = hint: {d.hint}")
    return "\n".join(lines)


def render_all(diagnostics: list[Diagnostic]) -> str:
    return "\n\n".join(render(d) for d in diagnostics)
