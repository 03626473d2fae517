"""The SQL views on DuckDB give, row for row and to the fen, what the generated Python modules give.

For every rule of the bundled specs: one table holding every threshold the
rule compares against (exactly on it, one fen or one person either side),
and tables of random facts drawn by hypothesis. Rules SQL cannot express run
through the Python fallback, so the same comparison checks that path too.
"""

from __future__ import annotations

import pytest
from batch_cases import IDS, RULES, batch_rule, boundary_rows, expected, first_difference, results, rows_strategy, table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fatiao.batch import evaluate_batch

pytest.importorskip("duckdb", reason="the DuckDB path needs the batch extra: pip install -e '.[dev]'")


@pytest.mark.parametrize("stem,rule", RULES, ids=IDS)
def test_duckdb_equals_python_on_every_boundary(stem: str, rule: str) -> None:
    rows = boundary_rows(stem, rule)
    target = batch_rule(stem, rule)
    out = evaluate_batch(target, table(stem, rule, rows))
    assert out.column("案件编号").to_pylist() == [f"case-{i}" for i in range(len(rows))]  # order and input kept
    difference = first_difference(rows, expected(stem, rule, rows), results(target.kind, out))
    assert difference is None, difference


@pytest.mark.parametrize("stem,rule", RULES, ids=IDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_duckdb_equals_python_on_random_facts(stem: str, rule: str, data: st.DataObject) -> None:
    rows = data.draw(rows_strategy(stem, rule), label="rows")
    target = batch_rule(stem, rule)
    out = evaluate_batch(target, table(stem, rule, rows), threads=2)
    difference = first_difference(rows, expected(stem, rule, rows), results(target.kind, out))
    assert difference is None, difference
