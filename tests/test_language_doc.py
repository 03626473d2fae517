"""The language reference's examples: every ```fatiao block in docs/language.md parses.

A block that is not a whole spec (it has no `law "…" { … }` header) is given
`law "示例" { }` in front, so that a declaration can be shown on its own.
Blocks fenced as ```fatiao-error show a mistake: they must fail to parse or
to check. When such a block's first line is a comment `# error: CODE`, the
failure must carry that diagnostic code.

The test is about syntax and the checker's own rules only; it needs no law
text (checking runs without one, and the resulting `no-law-text` error is
ignored), so quotes in the reference are not compared with any document here.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from fatiao.build_ast import build_ast
from fatiao.check import check
from fatiao.diagnostics import Code, CompileError, Diagnostic
from fatiao.parse import parse
from fatiao.source import SourceFile

DOC = ROOT / "docs" / "language.md"
PATH = "docs/language.md"
PRELUDE = 'law "示例" { }\n'
# fatiao: an example that parses; fatiao-error: one that is refused; syntax: a schematic form;
# text: output or a file format; python, sh: code in those languages.
INFO_STRINGS = ("fatiao", "fatiao-error", "syntax", "text", "python", "sh")

# An opening fence: up to three spaces, three or more backticks or tildes, the info string.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^\n]*$")
_HEADER = re.compile(r'^[ \t]*law[ \t]+"', re.M)
# A line that starts with a declaration: such a block is a spec and must be fenced as one.
_DECLARATION = re.compile(r'^[ \t]*(?:law[ \t]+"|fact |penalty |deadline |requirement |let |enum )', re.M)
_EXPECTED = re.compile(r"\A\s*#\s*error:\s*([a-z-]+)")


class Block:
    def __init__(self, info: str, text: str, line: int):
        self.info = info
        self.text = text
        self.line = line  # line of the opening fence in docs/language.md

    @property
    def id(self) -> str:
        return f"{self.info}@L{self.line}"

    def program(self) -> str:
        return self.text if _HEADER.search(self.text) else PRELUDE + self.text


def blocks(markdown: str) -> list[Block]:
    """Fenced code blocks, in order, with their info strings (CommonMark fences)."""
    found: list[Block] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m is None:
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2), i
        body: list[str] = []
        i += 1
        while i < len(lines):
            close = re.match(r"^ {0,3}(`{3,}|~{3,})[ \t]*$", lines[i])
            if close and close.group(1)[0] == fence[0] and len(close.group(1)) >= len(fence):
                break
            body.append(lines[i])
            i += 1
        found.append(Block(info, "\n".join(body) + "\n", start + 1))
        i += 1
    return found


def _doc_blocks(info: str) -> list[Block]:
    if not DOC.is_file():
        return []
    return [b for b in blocks(DOC.read_text(encoding="utf-8")) if b.info == info]


def _source(block: Block) -> SourceFile:
    return SourceFile(PATH, block.program())


def _failures(block: Block) -> list[Diagnostic]:
    """Every diagnostic the front end gives for the block, except the missing law text."""
    source = _source(block)
    try:
        spec = build_ast(parse(source), source)
        check(spec, None, "示例")
    except CompileError as err:
        return [d for d in err.diagnostics if d.code is not Code.NO_LAW_TEXT]
    return []


def test_the_reference_exists_and_has_examples() -> None:
    assert DOC.is_file(), "docs/language.md is missing"
    assert len(_doc_blocks("fatiao")) >= 40
    assert _doc_blocks("fatiao-error")


def test_fences_are_closed_and_labelled() -> None:
    """An unclosed fence would swallow the rest of the page; a bare ``` hides an example from this test."""
    text = DOC.read_text(encoding="utf-8")
    fences = [line for line in text.split("\n") if re.match(r"^ {0,3}```", line)]
    assert len(fences) % 2 == 0, "a code fence is not closed"
    for b in blocks(text):
        assert b.info, f"the block at line {b.line} has no info string ({', '.join(INFO_STRINGS)})"
        assert b.info in INFO_STRINGS, f"the block at line {b.line} has an unknown info string {b.info!r}"
        if _DECLARATION.search(b.text):
            assert b.info in ("fatiao", "fatiao-error", "syntax"), \
                f"the block at line {b.line} looks like fatiao but is fenced as {b.info!r}"


@pytest.mark.parametrize("block", _doc_blocks("fatiao"), ids=lambda b: b.id)
def test_example_parses(block: Block) -> None:
    try:
        parse(_source(block))
    except CompileError as err:
        first = err.diagnostics[0]
        pytest.fail(f"docs/language.md block at line {block.line} does not parse: "
                    f"{first.span.location()}: {first.message}\n{block.program()}")


@pytest.mark.parametrize("block", _doc_blocks("fatiao-error"), ids=lambda b: b.id)
def test_error_example_fails(block: Block) -> None:
    failures = _failures(block)
    assert failures, f"the fatiao-error block at line {block.line} parses and checks cleanly:\n{block.program()}"
    expected = _EXPECTED.match(block.text)
    if expected:
        codes = {d.code.value for d in failures}
        assert expected.group(1) in codes, (
            f"the block at line {block.line} should fail with {expected.group(1)}, "
            f"but gives {sorted(codes)}: {[d.message for d in failures]}")


def test_error_codes_named_in_blocks_exist() -> None:
    known = {c.value for c in Code}
    for block in _doc_blocks("fatiao-error"):
        expected = _EXPECTED.match(block.text)
        if expected:
            assert expected.group(1) in known, f"line {block.line}: no diagnostic code {expected.group(1)!r}"


def test_every_diagnostic_code_is_listed() -> None:
    """§19 lists the codes; a code added to the compiler must be added to the reference."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## 19. Diagnostics"):text.index("## 20.")]
    listed = section[section.index("The codes are:"):]
    listed = listed[:listed.index("\n\n")]
    assert set(re.findall(r"`([a-z-]+)`", listed)) == {c.value for c in Code}


def test_every_keyword_is_indexed() -> None:
    """§22 indexes the ASCII keywords; a keyword added to the grammar must be added to the reference."""
    from fatiao.keywords import KEYWORDS

    text = DOC.read_text(encoding="utf-8")
    index = text[text.index("## 22. Keyword index"):]
    indexed = set(re.findall(r"[a-z]+", " ".join(re.findall(r"`([a-z ]+)`", index))))
    assert set(KEYWORDS) <= indexed, f"not in §22: {sorted(set(KEYWORDS) - indexed)}"
