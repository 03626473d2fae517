"""Generated modules are what a developer would write by hand: they lint clean and type-check strictly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; `pip install -e '.[dev]'` installs it")
    return found


def test_ruff_finds_nothing_in_generated_code_or_the_compiler() -> None:
    targets = [str(ROOT / d) for d in ("generated", "src", "tests", "bench", "tools")]
    proc = subprocess.run([_tool("ruff"), "check", "--no-cache", *targets], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_accepts_generated_code_and_runtime() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
