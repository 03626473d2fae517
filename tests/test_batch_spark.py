"""The same views on Apache Spark (local mode): equal to the generated Python modules, to the fen.

Marked `spark`: .ci/run runs these in their own step after installing the spark
extra. Without pyspark they are skipped, saying why. One Spark session serves
every test, and each rule is evaluated on one table per example (its boundary
cases and random facts together), to keep the run to a few minutes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from batch_cases import IDS, RULES, batch_rule, boundary_rows, expected, first_difference, results, rows_strategy, table
from click.testing import CliRunner
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.spark
pytest.importorskip("pyspark", reason="Spark tests need the spark extra and Java 17: pip install -e '.[dev,spark]'")

from fatiao.batch import evaluate_batch  # noqa: E402
from fatiao.cli import main  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def spark() -> Any:
    from fatiao.batch_spark import spark_session

    session = spark_session()
    yield session
    session.stop()


@pytest.mark.parametrize("stem,rule", RULES, ids=IDS)
@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_spark_equals_python_on_boundaries_and_random_facts(stem: str, rule: str, data: st.DataObject) -> None:
    rows = boundary_rows(stem, rule) + data.draw(rows_strategy(stem, rule, max_rows=30), label="rows")
    target = batch_rule(stem, rule)
    out = evaluate_batch(target, table(stem, rule, rows), engine="spark")
    assert out.column("案件编号").to_pylist() == [f"case-{i}" for i in range(len(rows))]
    difference = first_difference(rows, expected(stem, rule, rows), results(target.kind, out))
    assert difference is None, difference


def test_fatiao_batch_on_spark_writes_a_parquet_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.parquet as pq

    monkeypatch.chdir(ROOT)
    out = tmp_path / "results.parquet"
    result = CliRunner().invoke(main, ["batch", "specs/production_safety_fines.fatiao", "一般事故单位罚款", "--engine",
                                       "spark", "--input", "examples/batch/第十四条.csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"12 rows → {out} (spark, SQL)"
    rows = {r["案件编号"]: r for r in pq.read_table(out).to_pylist()}
    assert rows["2024-005"]["row"] == "（一）" and rows["2024-006"]["row"] == "（二）"
    assert rows["2024-011"]["applicable"] is False


def test_bad_input_on_spark_is_named_by_row_and_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    facts = tmp_path / "facts.csv"
    facts.write_text("id,死亡人数,重伤人数,直接经济损失\na,0,1,100\nb,0,1,-5\n", encoding="utf-8")
    out = tmp_path / "results.parquet"
    result = CliRunner().invoke(main, ["batch", "specs/production_safety_fines.fatiao", "一般事故单位罚款", "--engine",
                                       "spark", "--input", str(facts), "--output", str(out)])
    assert result.exit_code == 1
    assert f"{facts}: row 2, column 直接经济损失: cannot be negative (value: '-5')" in result.stderr
    assert not out.exists()
