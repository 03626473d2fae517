"""Backends against golden files: tests/golden/<case>.fatiao → <case>.expected.py and <case>.expected.md.

Adding a case means adding files; `pytest --update-goldens` rewrites the expected
outputs for review in `git diff`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT, compare_golden

from fatiao.pipeline import compile_spec

CASES = sorted((ROOT / "tests" / "golden").glob("*.fatiao"))


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_python_golden(case: Path, update_goldens: bool) -> None:
    compiled = compile_spec(case.relative_to(ROOT))
    compare_golden(case.with_suffix(".expected.py"), compiled.python, update_goldens)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_markdown_golden(case: Path, update_goldens: bool) -> None:
    compiled = compile_spec(case.relative_to(ROOT))
    compare_golden(case.with_suffix(".expected.md"), compiled.markdown, update_goldens)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_generated_code_imports_only_stdlib_and_runtime(case: Path) -> None:
    tree = ast.parse(compile_spec(case.relative_to(ROOT)).python)
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= {"__future__", "collections", "datetime", "decimal", "fractions", "typing", "fatiao_runtime"}, imported


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_output_is_byte_deterministic(case: Path) -> None:
    first = compile_spec(case.relative_to(ROOT))
    second = compile_spec(case.relative_to(ROOT))
    assert first.python == second.python and first.markdown == second.markdown
    for text in (first.python, first.markdown):
        assert text.endswith("\n") and "\r" not in text
