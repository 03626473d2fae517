"""The command line as users meet it: exit codes, messages on stderr, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from fatiao.cli import main

CARBON = "specs/carbon_emissions_trading.fatiao"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    runner = CliRunner()

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_check_clean_specs(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output


def test_check_reports_errors_with_exit_1(run) -> None:  # type: ignore[no-untyped-def]
    result = run("check", "tests/errors/unit_mismatch.fatiao")
    assert result.exit_code == 1
    assert "tests/errors/unit_mismatch.fatiao:7:13: error[unit-mismatch]" in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    assert run("eval", CARBON, "没有这条规则").exit_code == 2
    assert run("eval", CARBON, "重点排放单位排放数据弄虚作假", "--fact", "违法所得=很多").exit_code == 2
    assert run("eval", CARBON, "重点排放单位排放数据弄虚作假", "--fact", "不存在=1").exit_code == 2
    assert run("check", "no/such/file.fatiao").exit_code == 2
    assert run("explain", "no-such-code").exit_code == 2


def test_eval_explains_and_cites(run) -> None:  # type: ignore[no-untyped-def]
    result = run("eval", CARBON, "重点排放单位排放数据弄虚作假", "--fact", "违法所得=40万元", "--fact", "拒不改正=false")
    assert result.exit_code == 0, result.output
    assert "50万元..200万元" in result.output
    assert "第二十二条" in result.output
    assert "不足50万元" in result.output


def test_eval_json(run) -> None:  # type: ignore[no-untyped-def]
    result = run("eval", CARBON, "重点排放单位排放数据弄虚作假", "--fact", "违法所得=500000", "--fact", "拒不改正=true", "--json")
    data = json.loads(result.output)
    assert data["fine"] == {"low": "2500000.00", "high": "5000000.00", "unit": "元"}
    assert data["citations"][0]["article"] == "第二十二条"


def test_eval_missing_fact_is_a_usage_error(run) -> None:  # type: ignore[no-untyped-def]
    result = run("eval", CARBON, "重点排放单位排放数据弄虚作假", "--fact", "违法所得=40万元")
    assert result.exit_code == 2
    assert "拒不改正" in result.output


def test_describe_json_lists_inputs_and_citations(run) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run("describe", CARBON, "--json").output)
    rule = next(r for r in data["rules"] if r["name"] == "重点排放单位排放数据弄虚作假")
    assert {"name": "违法所得", "kind": "money", "unit": "元", "values": None, "if_unknown": False, "may_be_none": False,
            "external": None} in rule["facts"]
    assert rule["citations"][0]["article"] == "第二十二条"


def test_explain_prints_every_code(run) -> None:  # type: ignore[no-untyped-def]
    from fatiao.diagnostics import Code

    for code in Code:
        result = run("explain", code.value)
        assert result.exit_code == 0 and code.value in result.output


def test_build_check_detects_a_stale_file(tmp_path: Path) -> None:
    import shutil

    for part in ("specs", "generated", "docs"):
        shutil.copytree(ROOT / part, tmp_path / part)
    target = tmp_path / "generated" / "fatiao_laws" / "carbon_emissions_trading.py"
    target.write_text(target.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    (tmp_path / "docs" / "laws" / "orphan.md").write_text("x", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "fatiao", "build", "--check"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "carbon_emissions_trading.py" in proc.stderr and "orphan.md" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "fatiao", "build"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 0
    proc = subprocess.run([sys.executable, "-m", "fatiao", "build", "--check"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_python_dash_m_runs(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "fatiao", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "check" in proc.stdout
