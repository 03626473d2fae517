"""Source files and spans: offsets into a text, turned into lines and columns on demand."""

from __future__ import annotations

import bisect
import unicodedata
from pathlib import Path

import attrs


def cell_width(text: str) -> int:
    """Terminal columns taken by text: CJK characters take two, so carets line up."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


@attrs.frozen(eq=False)
class SourceFile:
    """A spec's text with its line starts, so a span can say line and column."""

    path: str
    text: str
    line_starts: tuple[int, ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        starts = [0]
        starts.extend(i + 1 for i, ch in enumerate(self.text) if ch == "\n")
        object.__setattr__(self, "line_starts", tuple(starts))

    @classmethod
    def read(cls, path: Path, display: str | None = None) -> SourceFile:
        return cls(display or str(path), path.read_text(encoding="utf-8"))

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and 1-based column (in characters) of an offset."""
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return self.text[start : end if end >= 0 else len(self.text)]


@attrs.frozen(eq=False)
class Span:
    """Where a node came from: [start, end) offsets into a source file."""

    source: SourceFile = attrs.field(repr=False)
    start: int
    end: int

    @property
    def line(self) -> int:
        return self.source.line_col(self.start)[0]

    @property
    def column(self) -> int:
        return self.source.line_col(self.start)[1]

    @property
    def text(self) -> str:
        return self.source.text[self.start : self.end]

    def location(self) -> str:
        line, col = self.source.line_col(self.start)
        return f"{self.source.path}:{line}:{col}"

    def to(self, other: Span) -> Span:
        return Span(self.source, min(self.start, other.start), max(self.end, other.end))
