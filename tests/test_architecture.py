"""Stages read only what the stage before them produced; runtime and generated code never import the compiler."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"

# module → compiler modules it must not import (each stage looks only backwards one step).
FORBIDDEN = {
    "parse": {"build_ast", "check", "lower", "ir", "interpret", "emit_python", "emit_markdown"},
    "build_ast": {"check", "lower", "ir", "interpret", "emit_python", "emit_markdown"},
    "check": {"lower", "ir", "interpret", "emit_python", "emit_markdown", "parse"},
    "lower": {"parse", "build_ast", "interpret", "emit_python", "emit_markdown"},
    "interpret": {"parse", "build_ast", "check", "lower", "ast", "emit_python", "emit_markdown"},
    "emit_python": {"parse", "build_ast", "check", "lower", "ast", "interpret", "emit_markdown"},
    "emit_markdown": {"parse", "build_ast", "check", "lower", "ast", "interpret", "emit_python"},
}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_stages_do_not_reach_across() -> None:
    for module, forbidden in FORBIDDEN.items():
        imported = imports_of(SRC / "fatiao" / f"{module}.py")
        bad = {m for m in imported if m.startswith("fatiao.") and m.split(".")[1] in forbidden}
        assert not bad, (module, bad)


def test_runtime_and_generated_code_never_import_the_compiler() -> None:
    files = list((SRC / "fatiao_runtime").glob("*.py")) + list((ROOT / "generated").rglob("*.py"))
    assert files
    for path in files:
        bad = {m for m in imports_of(path) if m == "fatiao" or m.startswith("fatiao.")}
        assert not bad, (path, bad)
