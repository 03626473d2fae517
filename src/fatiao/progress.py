"""Progress of the long commands (`build`, `test`, `verify`): a transient line on a terminal, nothing elsewhere.

The line goes to stderr and is erased when the command ends, so what a command
prints on stdout (and its diagnostics) reads the same with or without it. When
stderr is not a terminal, or under CI (`CI` set) or `TERM=dumb`, nothing is
drawn at all: logs stay free of carriage returns and escape codes.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from typing import Protocol, TextIO


class Progress(Protocol):
    def begin(self, total: int) -> None:
        """The number of steps to come."""

    def step(self, item: str) -> None:
        """One step starts, on `item` (a spec's stem)."""

    def end(self) -> None:
        """All done: leave the screen as it was."""


class Quiet:
    def begin(self, total: int) -> None:
        pass

    def step(self, item: str) -> None:
        pass

    def end(self) -> None:
        pass


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns; CJK characters take two."""
    out, used = [], 0
    for char in text:
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            break
        out.append(char)
    return "".join(out)


class TerminalLine:
    """`label [#####     ] 3/8 carbon_emissions_trading`, redrawn in place on one line."""

    BAR = 20

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self.total = 0
        self.done = 0

    def begin(self, total: int) -> None:
        self.total = max(total, 1)
        self.done = 0

    def step(self, item: str) -> None:
        filled = self.BAR * self.done // self.total
        line = f"{self.label} [{'#' * filled}{' ' * (self.BAR - filled)}] {self.done}/{self.total} {item}"
        columns = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\x1b[K" + _fit(line, columns - 1))
        self.stream.flush()
        self.done += 1

    def end(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def for_terminal(label: str, stream: TextIO | None = None) -> Progress:
    """A progress line on `stream` (stderr) if a person is watching it, else nothing."""
    out = stream if stream is not None else sys.stderr
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb" or not out.isatty():
        return Quiet()
    return TerminalLine(label, out)
