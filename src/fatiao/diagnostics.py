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
    BAD_ACKNOWLEDGE = "bad-acknowledge"
    BAD_VALIDITY = "bad-validity"
    VERSION_OVERLAP = "version-overlap"
    VERSION_GAP = "version-gap"
    AMBIGUOUS_PERIOD = "ambiguous-period"
    # findings of `fatiao verify` about the law itself
    TIER_OVERLAP = "tier-overlap"
    TIER_GAP = "tier-gap"
    TIER_MONOTONICITY = "tier-monotonicity"
    NON_MONOTONE = "non-monotone"
    FINE_JUMP = "fine-jump"
    ESCALATION_MILDER = "escalation-milder"
    FINE_RATIO = "fine-ratio"
    FINE_WITHOUT_CORRECTION = "fine-without-correction"
    EXCEEDS_HIGHER_LAW = "exceeds-higher-law"
    NUMBER_NOT_IN_QUOTE = "number-not-in-quote"


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


def _marks(text: str, marks: list[tuple[int, int, str]]) -> str:
    """One caret line under `text` for several (start_col, end_col, char) marks, by display width."""
    cells: list[str] = []
    for start, end, ch in sorted(marks):
        pad = cell_width(text[: start - 1])
        width = max(1, cell_width(text[start - 1 : end - 1]))
        if len(cells) < pad:
            cells.extend(" " * (pad - len(cells)))
        for i in range(pad, pad + width):
            if i < len(cells):
                cells[i] = ch if cells[i] == " " else cells[i]
            else:
                cells.append(ch)
    return "".join(cells)


def _columns(span: Span, line: int) -> tuple[int, int]:
    source = span.source
    _, col = source.line_col(span.start)
    end_line, end_col = source.line_col(max(span.start, span.end))
    if end_line != line:
        end_col = len(source.line_text(line)) + 1
    return col, max(end_col, col + 1)


def render(diagnostic: Diagnostic) -> str:
    """gcc-style first line (editors jump to it), then a Rust/Elm-style picture.

    Carets are padded by display width, so they sit under the right character
    even after Chinese text, which takes two columns per character.
    """
    d = diagnostic
    lines = [f"{d.span.location()}: {d.severity.value}[{d.code.value}]: {d.message}"]
    local = [label for label in d.labels if label.span.source is d.span.source]
    spans = [d.span] + [label.span for label in local]
    gutter = max(len(str(s.line)) for s in spans)
    lines.append(f"{' ' * gutter} |")
    by_line: dict[int, list[tuple[Span, str, str | None]]] = {}
    by_line.setdefault(d.span.line, []).append((d.span, "^", None))
    for label in local:
        by_line.setdefault(label.span.line, []).append((label.span, "-", label.message))
    previous = None
    for line in sorted(by_line):
        if previous is not None and line > previous + 1:
            lines.append(f"{' ' * gutter} ...")
        text = d.span.source.line_text(line).expandtabs(1)
        entries = by_line[line]
        lines.append(f"{str(line).rjust(gutter)} | {text}")
        marks = sorted(((*_columns(s, line), ch, m) for s, ch, m in entries), key=lambda x: x[0])
        caret = _marks(text, [(a, b, ch) for a, b, ch, _ in marks])
        # A note goes at the end of the caret line only if its mark is the last one there;
        # otherwise it gets a line of its own under its mark, so it cannot be read as the other's.
        last = marks[-1]
        tail = f" {last[3]}" if last[3] else ""
        lines.append(f"{' ' * gutter} | {caret}{tail}")
        for start, _, _, note in marks[:-1]:
            if note:
                lines.append(f"{' ' * gutter} | {' ' * cell_width(text[: start - 1])}└ {note}")
        previous = line
    for label in d.labels:
        if label.span.source is not d.span.source:
            lines.append(f"{' ' * gutter} = note: {label.span.location()}: {label.message}")
    if d.hint:
        lines.append(f"{' ' * gutter} = hint: {d.hint}")
    return "\n".join(lines)


def render_all(diagnostics: list[Diagnostic]) -> str:
    return "\n\n".join(render(d) for d in diagnostics)
