"""Shared test setup: the --update-goldens flag and the paths of the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite expected files from actual output")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def compare_golden(path: Path, actual: str, update: bool) -> None:
    """Full-text comparison; with --update-goldens the expected file is rewritten instead."""
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8", newline="\n")
        if not update:
            pytest.fail(f"{path.name} did not exist; written now, review it and re-run")
        return
    expected = path.read_text(encoding="utf-8")
    if expected != actual:
        import difflib

        diff = "\n".join(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "expected", "actual",
                                              lineterm="", n=2))
        pytest.fail(f"{path.name} differs (run pytest --update-goldens to accept):\n{diff[:6000]}")
