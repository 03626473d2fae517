"""Every broken spec in tests/errors/ reports exactly the errors marked inline, at the marked line.

A mark is a comment `# error[code]` on the line where the error must be
reported (`# error[code] @col` pins the column too). Each case also has its full
rendering in `<case>.expected.txt` beside it (no colour, relative paths).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, compare_golden

from fatiao.diagnostics import CompileError, render_all
from fatiao.pipeline import front_end

CASES = sorted((ROOT / "tests" / "errors").glob("*.fatiao"))
MARK = re.compile(r"#\s*error\[([a-z-]+)\](?:\s*@(\d+))?")


def marks(path: Path) -> list[tuple[int, str, int | None]]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for m in MARK.finditer(line):
            found.append((number, m.group(1), int(m.group(2)) if m.group(2) else None))
    return found


def diagnose(path: Path) -> list:
    try:
        front_end(path)
    except CompileError as err:
        return err.diagnostics
    return []


def test_there_are_enough_distinct_mistakes() -> None:
    codes = {code for case in CASES for _, code, _ in marks(case)}
    assert len(CASES) >= 20 and len(codes) >= 15, (len(CASES), sorted(codes))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_marked_errors_are_reported(case: Path) -> None:
    expected = marks(case)
    assert expected, f"{case.name} has no `# error[code]` mark"
    got = diagnose(case)
    got_marks = sorted((d.span.line, d.code.value) for d in got if d.is_error)
    assert got_marks == sorted((line, code) for line, code, _ in expected), render_all(got)
    for line, code, col in expected:
        if col is not None:
            match = [d for d in got if d.span.line == line and d.code.value == code]
            assert match[0].span.column == col, render_all(match)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_every_message_is_located(case: Path) -> None:
    for d in diagnose(case):
        text = render_all([d])
        first = text.splitlines()[0]
        assert re.match(rf"tests/errors/{re.escape(case.name)}:\d+:\d+: (error|warning)\[[a-z-]+\]: ", first), first
        assert "^" in text


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_full_rendering(case: Path, update_goldens: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case pins its whole message: wording, hint, and where the carets sit under Chinese text."""
    monkeypatch.chdir(ROOT)
    expected = case.with_name(case.name.replace(".fatiao", ".expected.txt"))
    compare_golden(expected, render_all(diagnose(case.relative_to(ROOT))) + "\n", update_goldens)
