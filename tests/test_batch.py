"""`fatiao batch` and evaluate_batch() on DuckDB: what users see, boundaries included, and every
mistake in the input told with its row and column, with nothing written."""

from __future__ import annotations

import datetime
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from fatiao.cli import main

pa = pytest.importorskip("pyarrow", reason="batch evaluation needs the batch extra: pip install -e '.[dev]'")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb", reason="batch evaluation needs the batch extra: pip install -e '.[dev]'")

from fatiao.batch import BatchError, evaluate_batch, load_rule  # noqa: E402
from fatiao.emit_sql import citation_ids  # noqa: E402

SAFETY = "specs/production_safety_fines.fatiao"
CARBON = "specs/carbon_emissions_trading.fatiao"
EXAMPLE = ROOT / "examples" / "batch" / "第十四条.csv"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def batch(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["batch", *args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_the_readme_example_gives_each_case_its_tier(tmp_path: Path) -> None:
    out = tmp_path / "results.parquet"
    code, stdout, _ = batch(SAFETY, "一般事故单位罚款", "--input", str(EXAMPLE), "--output", str(out))
    assert code == 0, stdout
    assert stdout.strip() == f"12 rows → {out} (duckdb, SQL)"
    rows = {r["案件编号"]: r for r in pq.read_table(out).to_pylist()}
    assert len(rows) == 12
    # 2999999.99 yuan is 300万元以下: （一）; 300万元 itself is also 300万元以上: the highest tier reached, （二）.
    assert (rows["2024-005"]["row"], rows["2024-005"]["fine_low"], rows["2024-005"]["fine_high"]) == \
        ("（一）", Decimal("300000.00"), Decimal("500000.00"))
    assert (rows["2024-006"]["row"], rows["2024-006"]["fine_low"]) == ("（二）", Decimal("500000.00"))
    assert rows["2024-008"]["row"] == "（三）"  # 6 serious injuries: 6人以上10人以下
    assert rows["2024-010"]["applicable"] and rows["2024-010"]["row"] == "（三）"  # 1000万元 exactly
    for past in ("2024-011", "2024-012"):  # 1000万元 and one fen; 3 deaths: no longer 一般事故
        assert rows[past]["applicable"] is False and rows[past]["fine_low"] is None
    assert rows["2024-001"]["citations"][0] == "《生产安全事故罚款处罚规定》第十四条"
    assert rows["2024-001"]["fine_modality"] == "must" and rows["2024-001"]["sanctions"] == []
    assert pq.read_schema(out).field("fine_low").type == pa.decimal128(38, 2)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "facts.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_values_are_named_by_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    facts = _csv(tmp_path, "id,死亡人数,重伤人数,直接经济损失\n"
                           "a,0,1,100\n"
                           "b,1,x,-5\n"
                           "c,1.5,2,1.1234567\n"
                           "d,,2,3万\n"
                           "e,0,0,-1\n")
    out = tmp_path / "results.parquet"
    out.write_bytes(b"an earlier result")
    code, _, stderr = batch(SAFETY, "一般事故单位罚款", "--input", str(facts), "--output", str(out))
    assert code == 1
    assert stderr.splitlines() == [
        f"{facts}: row 2, column 直接经济损失: cannot be negative (value: '-5'); 1 more row like it",
        f"{facts}: row 2, column 重伤人数: is not a whole number of 人 (value: 'x')",
        f"{facts}: row 3, column 死亡人数: is not a whole number of 人 (value: '1.5')",
        f"{facts}: row 3, column 直接经济损失: has more than 6 decimal places; fatiao reads amounts exactly, and "
        "rounds nothing it is given (value: '1.1234567')",
        f"{facts}: row 4, column 死亡人数: is empty (a whole number of 人 is needed)",
        f"{facts}: row 4, column 直接经济损失: is not an amount of money in 元: write plain digits with a decimal "
        "point, such as 2999999.99 (value: '3万')",
        "nothing was evaluated or written",
    ]
    assert out.read_bytes() == b"an earlier result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.csv", "results.parquet"]


def test_a_missing_column_is_named_with_the_nearest_one(tmp_path: Path) -> None:
    facts = _csv(tmp_path, "id,死亡人数,重伤人,直接经济损失\n1,0,0,0\n")
    code, _, stderr = batch(SAFETY, "一般事故单位罚款", "--input", str(facts), "--output", str(tmp_path / "r.parquet"))
    assert code == 1
    assert stderr.splitlines() == [
        f"{facts}: 「一般事故单位罚款」 reads 3 fact(s); the input has no column for:",
        "  重伤人数 (a whole number of 人); is 重伤人 meant?",
        "  (its columns: id, 死亡人数, 重伤人, 直接经济损失)",
    ]
    assert not (tmp_path / "r.parquet").exists()


def test_money_stored_as_floating_point_is_refused(tmp_path: Path) -> None:
    facts = tmp_path / "facts.parquet"
    pq.write_table(pa.table({"死亡人数": [0], "重伤人数": [0], "直接经济损失": [2999999.99]}), facts)
    code, _, stderr = batch(SAFETY, "一般事故单位罚款", "--input", str(facts), "--output", str(tmp_path / "r.parquet"))
    assert code == 1
    assert stderr.startswith(f"{facts}: column 直接经济损失 is DOUBLE, but 「直接经济损失」 is an amount of money in 元. "
                             "Floating point cannot hold amounts exactly")


def test_parquet_in_with_decimals_and_extra_columns(tmp_path: Path) -> None:
    facts = tmp_path / "facts.parquet"
    pq.write_table(pa.table({"编号": ["x", "y"], "违法所得": pa.array([Decimal("499999.99"), Decimal("500000")],
                                                                   pa.decimal128(12, 2)),
                             "拒不改正": [False, True]}), facts)
    out = tmp_path / "r.parquet"
    code, stdout, _ = batch(CARBON, "重点排放单位排放数据弄虚作假", "--input", str(facts), "--output", str(out))
    assert code == 0, stdout
    x, y = pq.read_table(out).to_pylist()
    assert (x["编号"], x["fine_low"], x["fine_high"]) == ("x", Decimal("500000.00"), Decimal("2000000.00"))
    assert (y["fine_low"], y["fine_high"]) == (Decimal("2500000.00"), Decimal("5000000.00"))  # 5x..10x 违法所得
    assert [s["label"] for s in y["sanctions"]] == ["责令改正", "没收违法所得", "核减下一年度碳排放配额", "责令停产整治"]
    assert y["sanctions"][1]["amount_low"] == Decimal("500000")
    assert y["individuals"][0]["addressee"] == "直接负责的主管人员和其他直接责任人员"


def test_a_rule_sql_cannot_express_runs_in_python_and_says_so(tmp_path: Path) -> None:
    facts = _csv(tmp_path, "核查完成日期\n2024-06-03\n2024-09-30\n")
    out = tmp_path / "r.parquet"
    code, stdout, stderr = batch(CARBON, "反馈核查结果", "--input", str(facts), "--output", str(out))
    assert code == 0
    assert stderr.startswith("specs/carbon_emissions_trading.fatiao:58:1: note: 「反馈核查结果」: a deadline cannot "
                             "be expressed in SQL")
    assert stdout.strip() == f"2 rows → {out} (duckdb, generated Python)"
    assert [r["due"] for r in pq.read_table(out).to_pylist()] == [datetime.date(2024, 6, 13),
                                                                  datetime.date(2024, 10, 15)]


def test_usage_mistakes(tmp_path: Path) -> None:
    code, _, stderr = batch(SAFETY, "一般事故罚款", "--input", str(EXAMPLE), "--output", str(tmp_path / "r.parquet"))
    assert code == 2 and "did you mean 「一般事故单位罚款」?" in stderr
    code, _, stderr = batch(SAFETY, "一般事故单位罚款", "--input", str(EXAMPLE), "--output", str(tmp_path / "r.csv"))
    assert code == 1 and "the output is written as Parquet" in stderr
    text = tmp_path / "facts.txt"
    shutil.copy(EXAMPLE, text)
    code, _, stderr = batch(SAFETY, "一般事故单位罚款", "--input", str(text), "--output", str(tmp_path / "r.parquet"))
    assert code == 1 and stderr.strip() == f"{text}: input must be a .csv or .parquet file"


def test_evaluate_batch_takes_pandas_and_a_generated_function() -> None:
    pd = pytest.importorskip("pandas")
    from fatiao_laws import production_safety_fines as psf

    frame = pd.DataFrame({"死亡人数": [0, 2], "重伤人数": [3, 0],
                          "直接经济损失": [Decimal("3000000.00"), Decimal("10000000.01")]})
    out = evaluate_batch(psf.一般事故单位罚款, frame)
    assert isinstance(out, pa.Table)
    assert out.column("row").to_pylist() == ["（二）", None]
    assert out.column("applicable").to_pylist() == [True, False]
    # The rule's citations on every row, dictionary-encoded (the strings are stored once).
    citations = out.column("citations").combine_chunks()
    assert pa.types.is_dictionary(citations.type.value_type)
    assert citations.to_pylist() == [citation_ids(load_rule(Path(SAFETY), "一般事故单位罚款").rule)] * 2
    assert len(citations.values.dictionary) == 4
    with pytest.raises(BatchError, match="row 1, column 重伤人数: cannot be negative"):
        evaluate_batch(psf.一般事故单位罚款, frame.assign(重伤人数=[-1, 0]))
    with pytest.raises(BatchError, match="would clash with the result columns"):
        evaluate_batch(psf.一般事故单位罚款, frame.assign(fine_low=[1, 2]))


def test_unknown_amounts_take_the_law_s_fallback() -> None:
    rule = load_rule(Path(SAFETY), "主要负责人不立即组织抢救等")
    facts = pa.table({"贻误事故抢救": [False, False], "造成事故扩大": [False, False], "影响事故调查": [False, False],
                      "造成重大社会影响": [False, False],
                      "省级上一年度城镇单位就业人员平均工资": pa.array(["120000", "120000"]),
                      "主要负责人上一年年收入": pa.array(["500000", "unknown"])})
    people = evaluate_batch(rule, facts).column("individuals").to_pylist()
    assert [(p[0]["fine_low"], p[0]["fine_high"]) for p in people] == [
        (Decimal("300000.00"), Decimal("400000.00")),  # 60%..80% of 50万元
        (Decimal("360000.00"), Decimal("960000.00")),  # 60%..80% of 5x..10x 12万元
    ]
