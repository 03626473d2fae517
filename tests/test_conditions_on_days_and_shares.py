"""The last constructs of issue 4, as users meet them: a deadline that applies only in some cases,
an exact share compared with a fraction, a day counted from a date fact, a date that may be none.

Each is checked through both engines (the reference interpreter and the installed generated
module), on the bundled specs that use them, at and around every boundary the law draws.
"""

from __future__ import annotations

import datetime
import importlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT

from fatiao import interpret
from fatiao.cli import main
from fatiao.pipeline import front_end
from fatiao_runtime.errors import FactError
from fatiao_runtime.results import DeadlineResult

MINE = ROOT / "specs" / "mine_accident_reporting.fatiao"
VOLUNTARY = ROOT / "specs" / "voluntary_emission_reduction.fatiao"
STANDARDS = ROOT / "specs" / "mine_safety_standards.fatiao"
D = datetime.date


def both(spec: Path, rule: str, **facts: Any) -> list[Any]:
    """The rule's result from the interpreter and from the generated module, which must agree."""
    law = front_end(spec)
    module = importlib.import_module(f"fatiao_laws.{spec.stem}")
    results = [interpret.run(law, rule, facts), module.RULES[rule](**facts)]
    assert results[0] == results[1]
    return results


def refusals(spec: Path, rule: str, **facts: Any) -> list[FactError]:
    law = front_end(spec)
    module = importlib.import_module(f"fatiao_laws.{spec.stem}")
    errors = []
    for run in (lambda: interpret.run(law, rule, facts), lambda: module.RULES[rule](**facts)):
        with pytest.raises(FactError) as caught:
            run()
        errors.append(caught.value)
    assert str(errors[0]) == str(errors[1])
    return errors


@pytest.mark.parametrize("end,applies,due", [
    (D(2024, 3, 30), False, None),             # 29 days of rescue
    (D(2024, 3, 31), False, None),             # exactly 30: 超过 excludes the number
    (D(2024, 4, 1), True, D(2024, 4, 8)),      # 31 days
])
def test_the_recount_deadline_applies_only_after_more_than_30_days_of_rescue(
        end: datetime.date, applies: bool, due: datetime.date | None) -> None:
    for result in both(MINE, "重新核定伤亡人数和直接经济损失", 事故发生日期=D(2024, 3, 1), 抢险救援结束日期=end):
        assert isinstance(result, DeadlineResult)
        assert (result.applicable, result.due) == (applies, due)
        assert result.explanation[-1].endswith("：成立" if applies else "：不成立")


def test_a_deadline_result_stays_positionally_compatible() -> None:
    """Callers that built or unpacked DeadlineResult before `applicable` existed still work."""
    old = DeadlineResult("r", D(2024, 1, 1), D(2024, 1, 8), "7日", (), None)  # type: ignore[arg-type]
    assert old.applicable is True and old.extensions == () and old.before is False


@pytest.mark.parametrize("outside,group,compliant", [
    (4, 6, True),    # exactly 2/3: 不低于 includes the number
    (3, 6, False),
    (5, 6, True),
    (6, 9, True),
    (5, 9, False),
    (3, 5, False),   # 60%
    (2, 3, True),
    (666_666_667, 1_000_000_000, True),   # 0.666666667 > 2/3
    (666_666_666, 999_999_999, True),     # exactly 2/3, which a decimal quotient would round
    (666_666_666, 1_000_000_000, False),  # 0.666666666 < 2/3
])
def test_the_outside_expert_share_is_compared_exactly(outside: int, group: int, compliant: bool) -> None:
    for result in both(MINE, "重大事故省外专家占比不低于三分之二",
                       重大事故专家组中事故发生省以外专家人数=outside, 重大事故专家组人数=group):
        assert result.compliant is compliant


def test_a_share_of_nobody_is_refused_naming_the_denominator() -> None:
    for err in refusals(MINE, "重大事故省外专家占比不低于三分之二",
                        重大事故专家组中事故发生省以外专家人数=0, 重大事故专家组人数=0):
        assert err.fact == "重大事故专家组人数"
        assert "is 0" in str(err)


@pytest.mark.parametrize("start,compliant", [
    (D(2021, 3, 15), False), (D(2021, 3, 16), True), (D(2021, 3, 17), True),
])
def test_five_years_before_includes_the_corresponding_day(start: datetime.date, compliant: bool) -> None:
    for result in both(VOLUNTARY, "减排量产生于申请登记之日前五年以内",
                       减排量产生期间起始日期=start, 申请减排量登记日期=D(2026, 3, 16)):
        assert result.compliant is compliant


def test_a_day_counted_back_from_29_february_is_the_last_day_of_february() -> None:
    for day, compliant in ((D(2023, 2, 27), False), (D(2023, 2, 28), True)):
        for result in both(VOLUNTARY, "减排量产生于申请登记之日前五年以内",
                           减排量产生期间起始日期=day, 申请减排量登记日期=D(2028, 2, 29)):
            assert result.compliant is compliant


@pytest.mark.parametrize("record,compliant", [
    (None, True), (D(2020, 6, 29), True), (D(2020, 6, 30), False), (D(2020, 7, 1), False),
])
def test_a_record_within_five_years_fails_and_none_at_all_complies(record: datetime.date | None,
                                                                    compliant: bool) -> None:
    for result in both(VOLUNTARY, "审定与核查机构近五年无严重失信记录",
                       最近一次严重失信记录日期=record, 审定与核查机构条件判断日期=D(2025, 6, 30)):
        assert result.compliant is compliant
        given = "最近一次严重失信记录日期：无" if record is None else f"最近一次严重失信记录日期 = {record}"
        assert given in result.explanation.lines


def test_a_date_that_may_be_none_must_still_be_given() -> None:
    for err in refusals(VOLUNTARY, "审定与核查机构近五年无严重失信记录", 审定与核查机构条件判断日期=D(2025, 6, 30)):
        assert err.fact == "最近一次严重失信记录日期" and "None when there is none" in str(err)


def test_three_quarters_of_the_review_group_is_exact() -> None:
    for agreed, total, passed in ((9, 12, True), (8, 12, False), (11, 15, False), (12, 15, True)):
        for result in both(STANDARDS, "会议审查表决通过", 同意人数=agreed, 审查组总人数=total):
            assert result.compliant is passed


def test_eval_says_when_a_deadline_does_not_apply_and_reads_none(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(MINE), "重新核定伤亡人数和直接经济损失",
                                  "--fact", "事故发生日期=2024-03-01", "--fact", "抢险救援结束日期=2024-03-31"])
    assert result.exit_code == 0, result.output
    assert "not applicable to these facts" in result.output
    assert "适用条件：抢险救援结束日期晚于事故发生日期后30日之日：不成立" in result.output
    result = runner.invoke(main, ["eval", str(VOLUNTARY), "审定与核查机构近五年无严重失信记录", "--json",
                                  "--fact", "最近一次严重失信记录日期=none",
                                  "--fact", "审定与核查机构条件判断日期=2025-06-30"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["compliant"] is True
    result = runner.invoke(main, ["eval", str(VOLUNTARY), "审定与核查机构近五年无严重失信记录",
                                  "--fact", "最近一次严重失信记录日期=2020-06-30",
                                  "--fact", "审定与核查机构条件判断日期=none"])
    assert result.exit_code == 2
    assert "only a `date or none` fact can be none" in result.output


def test_eval_refuses_a_zero_denominator_with_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["eval", str(MINE), "重大事故省外专家占比不低于三分之二",
                                       "--fact", "重大事故专家组中事故发生省以外专家人数=0人",
                                       "--fact", "重大事故专家组人数=0人"])
    assert result.exit_code == 2
    assert "重大事故专家组人数" in result.output and "is 0" in result.output
    assert "Traceback" not in result.output


def test_describe_shows_the_condition_and_the_date_that_may_be_none() -> None:
    result = CliRunner().invoke(main, ["describe", str(MINE), "--json"])
    rules = {r["name"]: r for r in json.loads(result.output)["rules"]}
    assert rules["重新核定伤亡人数和直接经济损失"]["applies_when"] == "抢险救援结束日期晚于事故发生日期后30日之日"
    text = CliRunner().invoke(main, ["describe", str(VOLUNTARY)]).output
    assert "最近一次严重失信记录日期: date (may be none)" in text


def test_the_law_page_states_the_rules_in_words() -> None:
    page = (ROOT / "docs" / "laws" / "mine_accident_reporting.md").read_text(encoding="utf-8")
    assert "仅当抢险救援结束日期晚于事故发生日期后30日之日时适用（否则本期限不适用）" in page
    assert "重大事故专家组中事故发生省以外专家人数 ÷ 重大事故专家组人数 不低于2/3（≥）" in page
    page = (ROOT / "docs" / "laws" / "voluntary_emission_reduction.md").read_text(encoding="utf-8")
    assert "没有最近一次严重失信记录日期，或者最近一次严重失信记录日期早于审定与核查机构条件判断日期前五年之日" in page


def test_batch_reads_an_empty_cell_as_no_date(tmp_path: Path) -> None:
    pytest.importorskip("duckdb")
    pq = pytest.importorskip("pyarrow.parquet")
    facts = tmp_path / "facts.csv"
    facts.write_text("案件,最近一次严重失信记录日期,审定与核查机构条件判断日期\n"
                     "a,,2025-06-30\nb,2020-06-30,2025-06-30\nc,2020-06-29,2025-06-30\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    result = CliRunner().invoke(main, ["batch", str(VOLUNTARY), "审定与核查机构近五年无严重失信记录",
                                       "--input", str(facts), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["案件"]: r["compliant"] for r in pq.read_table(out).to_pylist()}
    assert rows == {"a": True, "b": False, "c": True}


def test_a_fraction_threshold_on_a_ratio_fact_compiles_to_exact_sql() -> None:
    duckdb = pytest.importorskip("duckdb")
    from fatiao.emit_sql import compile_sql

    law = front_end(ROOT / "tests" / "golden" / "conditions_on_days_and_shares.fatiao")
    rule = compile_sql(law).rule("减排比例要求")
    assert rule.fallback is None and rule.query is not None
    con = duckdb.connect()
    con.execute('CREATE TABLE fatiao_facts ("减排比例" DECIMAL(38, 10))')
    con.execute("INSERT INTO fatiao_facts VALUES (0.3333333333), (0.3333333334)")
    got = [r[0] for r in con.execute(f"SELECT compliant FROM ({rule.query})").fetchall()]
    assert got == [False, True]
    assert Decimal("0.3333333333") < Decimal(1) / 3


def test_the_explanation_shows_the_day_a_condition_counted() -> None:
    """The reader sees which day 「申请登记之日前五年」 is, not only whether the condition held."""
    module = importlib.import_module("fatiao_laws.voluntary_emission_reduction")
    r = module.减排量产生于申请登记之日前五年以内(减排量产生期间起始日期=D(2021, 3, 15), 申请减排量登记日期=D(2026, 3, 16))
    lines = list(r.explanation)
    assert not r.compliant
    assert lines.count("申请减排量登记日期（2026-03-16）前5年：2021-03-16（起算日不计入，不因节假日调整）") == 1
    shown = CliRunner().invoke(main, ["eval", str(VOLUNTARY), "减排量产生于申请登记之日前五年以内", "--fact",
                                      "减排量产生期间起始日期=2021-03-16", "--fact", "申请减排量登记日期=2026-03-16"])
    assert shown.exit_code == 0 and "前5年：2021-03-16" in shown.output
