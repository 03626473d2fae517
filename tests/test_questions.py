"""docs/questions.md: five real questions answered by the CLI; every command is run and its output compared."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner
from conftest import ROOT

from fatiao.cli import main

PAGE = ROOT / "docs" / "questions.md"
BLOCK = re.compile(r"```console\n\$ (?P<cmd>[^\n]+)\n(?P<out>.*?)\n```", re.S)


def blocks() -> list[tuple[str, str]]:
    return [(m.group("cmd"), m.group("out")) for m in BLOCK.finditer(PAGE.read_text(encoding="utf-8"))]


def test_there_are_five_questions() -> None:
    assert len(blocks()) == 5


@pytest.mark.parametrize(("cmd", "expected"), blocks(), ids=[c.split()[3] for c, _ in blocks()])
def test_the_answer_is_what_the_command_prints(cmd: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    program, *args = shlex.split(cmd)
    assert program == "fatiao"
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n") == expected, "regenerate with: python tools/make_questions_page.py"
