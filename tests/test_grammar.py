"""The grammar: its word tables agree with the compiler's, and it loads from an installed wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from fatiao.keywords import CONVENTION_WORDS, FIXED_WORDS, KEYWORDS
from fatiao.parse import grammar_text
from fatiao.source import SourceFile
from fatiao.units import UNITS

GRAMMAR = (ROOT / "grammar" / "fatiao.lark").read_text(encoding="utf-8")


def test_units_in_grammar_equal_unit_table() -> None:
    quantity = re.search(r"QUANTITY\.2: /.*?\((吨二氧化碳当量[^)]*)\)/", GRAMMAR)
    assert quantity
    assert set(quantity.group(1).split("|")) == set(UNITS)
    unit_rule = re.search(r'^UNIT: (.*)$', GRAMMAR, re.M)
    assert unit_rule
    assert set(re.findall(r'"([^"]+)"', unit_rule.group(1))) == set(UNITS)


def test_bound_words_in_grammar_equal_keyword_tables() -> None:
    bound = re.search(r'^BOUND_WORD: (.*)$', GRAMMAR, re.M)
    strict = re.search(r'^STRICT_WORD\.2: (.*)$', GRAMMAR, re.M)
    assert bound and strict
    assert set(re.findall(r'"([^"]+)"', bound.group(1))) == set(CONVENTION_WORDS)
    assert set(re.findall(r'"([^"]+)"', strict.group(1))) == set(FIXED_WORDS)


def test_ascii_keywords_in_grammar_equal_keyword_table() -> None:
    rules = "\n".join(line for line in GRAMMAR.splitlines() if not line.lstrip().startswith("//"))
    from fatiao.units import UNITS

    literals = set(re.findall(r'"([a-z]+)"', rules)) - set(UNITS)  # ppm is a unit, not a keyword
    assert literals == set(KEYWORDS)


def test_installed_package_reads_the_repo_grammar() -> None:
    assert grammar_text() == GRAMMAR


@pytest.mark.parametrize("text,unit,value", [("50万元", "元", 500000), ("1.5亿元", "元", 150000000),
                                             ("300元", "元", 300), ("7个工作日", "工作日", 7),
                                             ("二十日", "日", 20), ("5公顷", "公顷", 5)])
def test_quantity_literals(text: str, unit: str, value: int) -> None:
    from fatiao.literals import read_quantity

    assert read_quantity(text) == (value, unit)


def test_ascii_digits_only() -> None:
    from fatiao.diagnostics import CompileError
    from fatiao.parse import parse

    for digit in ("５", "๓", "९"):
        with pytest.raises(CompileError):
            parse(SourceFile("x.fatiao", f'law "x" {{ }} penalty p {{ fine {digit}万元 }}'))


@pytest.mark.slow
def test_wheel_carries_the_grammar(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "fatiao/grammar/fatiao.lark" in names
        assert zf.read("fatiao/grammar/fatiao.lark").decode("utf-8") == GRAMMAR
        assert "fatiao_laws/__init__.py" in names and "fatiao_runtime/ops.py" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True)
    probe = "import fatiao.parse as p; print(p.grammar_text() == open(p.__file__.replace('parse.py', 'grammar/fatiao.lark'), encoding='utf-8').read())"
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "True", out.stderr
