"""`fatiao verify` finds what the law itself gets wrong, with counterexamples, and says how it is resolved."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from fatiao.cli import main
from fatiao.pipeline import front_end
from fatiao.verify import verify

CASES = ROOT / "tests" / "verify" / "verify_cases.fatiao"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def findings(path):  # type: ignore[no-untyped-def]
    return verify(front_end(path)).findings


def test_safety_article_14_three_injuries_in_two_tiers_resolved_by_highest() -> None:
    found = [f for f in findings(ROOT / "specs" / "production_safety_fines.fatiao")
             if f.code == "tier-overlap" and f.article == "第十四条" and "重伤人数 = 3人" in f.message]
    assert len(found) == 1
    assert "（一）" in found[0].message and "（二）" in found[0].message
    assert found[0].status == "resolved" and "gives （二）" in (found[0].resolution or "")


def test_carbon_article_22_jump_at_fifty_wan_is_found_and_acknowledged() -> None:
    """The jump is the law's own; the spec explains it, so the finding carries the spec's reason."""
    found = [f for f in findings(ROOT / "specs" / "carbon_emissions_trading.fatiao") if f.code == "fine-jump"]
    assert [(f.article, f.status) for f in found] == [("第二十二条", "acknowledged")]
    assert found[0].resolution is not None and "不足50万元" in found[0].resolution
    assert "200万元 and 250万元" in found[0].message
    assert ("违法所得", "499999.99元 / 50万元") in found[0].counterexample


def test_bundled_specs_have_no_open_findings() -> None:
    for path in sorted((ROOT / "specs").glob("*.fatiao")):
        assert not [f for f in findings(path) if f.status == "open"], path


@pytest.mark.parametrize("code,rule,needle", [
    ("escalation-milder", "加重反而减轻", "5万元..50万元 without it, 1万元..5万元 with it"),
    ("non-monotone", "没有违法所得反而更重", "from 0元 to 0.01元"),
    ("tier-gap", "分档有缺口", "重伤人数 = 4人"),
    ("tier-monotonicity", "分档有缺口", "（三）"),
    ("tier-overlap", "分档有缺口", "重伤人数 = 8人"),
    ("fine-ratio", "幅度过宽", "100 times"),
    ("number-not-in-quote", "数字与原文不符", "200000 appears in the rule"),
    ("exceeds-higher-law", "幅度过宽", "up to 100万元, above the 50万元 that 上位法第一条 sets"),
])
def test_each_check_finds_its_planted_problem(code: str, rule: str, needle: str) -> None:
    found = [f for f in findings(CASES) if f.code == code and f.rule == rule]
    assert found and needle in found[0].message, [f.message for f in findings(CASES)]


def test_acknowledged_lints_carry_their_reason_and_do_not_fail() -> None:
    acknowledged = [f for f in findings(CASES) if f.status == "acknowledged"]
    assert acknowledged and all(f.resolution == "acknowledged: test case" for f in acknowledged)


def test_cli_fails_on_open_findings_and_passes_on_bundled_specs() -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["verify", str(CASES)])
    assert bad.exit_code == 1
    assert "warning[fine-ratio]" in bad.output and "warning[exceeds-higher-law]" in bad.output
    assert "3 open" in bad.output
    good = runner.invoke(main, ["verify"])
    assert good.exit_code == 0, good.output
    assert "0 open" in good.output


def test_safety_rules_stay_within_the_work_safety_law() -> None:
    proved = verify(front_end(ROOT / "specs" / "production_safety_fines.fatiao")).proved
    assert any("一般事故单位罚款: never more than the 100万元" in p for p in proved), proved


def test_report_is_generated_with_every_finding() -> None:
    report = (ROOT / "docs" / "verification.md").read_text(encoding="utf-8")
    assert "生产安全事故罚款处罚规定" in report and "`tier-overlap`" in report and "`fine-jump`" in report


def test_an_acknowledgement_whose_lint_never_fires_is_reported(tmp_path: Path) -> None:
    """A reason that explains nothing any more is a finding of its own, open until removed."""
    import shutil

    (tmp_path / "law").mkdir()
    shutil.copy(ROOT / "tests" / "errors" / "law" / "test_regulation.txt", tmp_path / "law" / "test_regulation.txt")
    spec = tmp_path / "test_regulation.fatiao"
    spec.write_text('law "测试条例" { issuer "测试机关" }\n'
                    '§ 第二条 "由主管部门责令改正，处5万元以上50万元以下的罚款"\n'
                    'acknowledge "fine-without-correction" "stale: the rule does order a correction"\n'
                    'penalty 违规 { must 责令改正 fine 5万元..50万元 }\n', encoding="utf-8")
    findings = verify(front_end(spec)).findings
    stale = [f for f in findings if f.code == "bad-acknowledge"]
    assert len(stale) == 1 and stale[0].status == "open"
    assert "fine-without-correction" in stale[0].message


def test_quoted_numbers_read_every_unit_the_law_prints_including_degrees() -> None:
    """NFKC (which folds the PDF's full-width digits) also turns ℃ into °C: 附表第7行's bands must still count."""
    from fatiao.verify import quoted_numbers

    assert quoted_numbers("7 地热 T<60℃ 3.6 … 60℃≤T<90℃ 4.2 … T≥90℃ 4.7") == {Decimal(60), Decimal(90)}
    assert quoted_numbers("处５万元以上５０万元以下的罚款") == {Decimal(50_000), Decimal(500_000)}
