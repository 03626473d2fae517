"""A rule may read the class another rule gives the same case (`事故等级认定 is 较大事故`).

矿山生产安全事故报告和调查处理办法 第十八条 (who organises the investigation) reads 第七条's level
(事故等级认定) instead of taking the level as a second input, so one accident has one level.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from fatiao_laws import mine_accident_reporting as law

from fatiao.cli import main
from fatiao_runtime.errors import FactError


def who(**facts: object) -> object:
    return law.负责组织事故调查的机关(**facts)


def test_the_level_decided_by_the_worst_criterion_decides_who_investigates() -> None:
    r = who(煤矿事故=False, 死亡人数=1, 重伤人数=10, 直接经济损失额=0)
    assert r.applicable and r.value == "设区的市级人民政府"  # 1 death alone is 一般; 10 serious injuries is 较大
    lines = list(r.explanation)
    assert "按「事故等级认定」，本案属于较大事故" in lines
    assert any(line.startswith("〔事故等级认定〕") for line in lines)


def test_the_classification_is_explained_once_however_many_rows_read_it() -> None:
    # Four rows read 事故等级认定; the last one holds, so all four are evaluated.
    r = who(煤矿事故=False, 死亡人数=0, 重伤人数=0, 直接经济损失额=1_000_000)
    assert r.value == "县级人民政府"
    lines = list(r.explanation)
    assert lines.count("按「事故等级认定」，本案属于一般事故") == 1
    assert sum(line == "〔事故等级认定〕取其中最重者：一般事故" for line in lines) <= 1


def test_a_case_of_no_level_is_no_class_and_the_rule_does_not_apply() -> None:
    r = who(煤矿事故=True, 死亡人数=0, 重伤人数=0, 直接经济损失额=999_999)
    assert not r.applicable and r.value is None
    assert "按「事故等级认定」，本案不属于任何一类" in list(r.explanation)


def test_the_facts_of_the_classification_read_are_inputs_of_the_reading_rule() -> None:
    with pytest.raises(FactError) as err:
        who(煤矿事故=True, 死亡人数=2, 重伤人数=0)  # 直接经济损失额 missing
    assert "直接经济损失额" in str(err.value)
    with pytest.raises(FactError):
        who(煤矿事故=True, 死亡人数=-1, 重伤人数=0, 直接经济损失额=0)


BY_CLASS = """law "测试条例" { issuer "测试机关" }
enum 等级 { 一般, 重大 }
fact 死亡人数: count 人
§ 第一条 "为了测试，制定本条例。"
classify 事故等级: 等级 = cases highest {
  死亡人数 不超过 2人 => 一般
  死亡人数 超过 2人 => 重大
}
§ 第二条 "处5万元以上50万元以下的罚款"
penalty 按等级罚款 {
  fine by 事故等级 {
    一般 => 5万元..20万元
    重大 => 20万元..50万元
  }
}
example "2人：一般" for 按等级罚款 {
  死亡人数 = 2人
  expect fine = 5万元..20万元
}
example "3人：重大" for 按等级罚款 {
  死亡人数 = 3人
  expect fine = 20万元..50万元
}
"""


def test_a_by_table_may_be_keyed_by_another_rules_class(tmp_path: Path) -> None:
    (tmp_path / "law").mkdir()
    shutil.copy(ROOT / "tests" / "errors" / "law" / "test_regulation.txt", tmp_path / "law" / "by_class.txt")
    spec = tmp_path / "by_class.fatiao"
    spec.write_text(BY_CLASS, encoding="utf-8")
    runner = CliRunner()
    tested = runner.invoke(main, ["test", str(spec)])
    assert tested.exit_code == 0, tested.output
    assert "4 passed, 0 failed" in tested.output  # both examples, interpreter and generated module
    shown = runner.invoke(main, ["eval", str(spec), "按等级罚款", "--fact", "死亡人数=3人"])
    assert shown.exit_code == 0, shown.output
    assert "20万元..50万元" in shown.output and "按「事故等级」，本案属于重大" in shown.output
