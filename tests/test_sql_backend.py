"""The SQL backend: golden output, text from specs kept literal, every view runs, Spark gets valid SQL,
and what SQL cannot express is said at compile time with its place in the spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, compare_golden

from fatiao.build import GENERATED_SQL, spec_paths
from fatiao.emit_sql import FACTS_TABLE, compile_sql, emit_sql
from fatiao.escape import sql_comment, sql_ident, sql_str
from fatiao.pipeline import compile_spec, front_end
from fatiao_runtime.results import Citation

duckdb = pytest.importorskip("duckdb", reason="the SQL tests run the views on DuckDB: pip install -e '.[dev]'")

GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.fatiao"))
SPECS = spec_paths(ROOT)
TYPES = {"money": "DECIMAL(38, 6)", "quantity": "DECIMAL(38, 6)", "ratio": "DECIMAL(38, 6)", "count": "BIGINT",
         "bool": "BOOLEAN", "enum": "VARCHAR", "date": "DATE", "datetime": "TIMESTAMP"}


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("case", GOLDEN, ids=[c.stem for c in GOLDEN])
def test_sql_golden(case: Path, update_goldens: bool) -> None:
    law = compile_spec(case.relative_to(ROOT)).law
    compare_golden(case.with_suffix(".expected.sql"), emit_sql(law), update_goldens)


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_the_committed_sql_file_runs_whole_on_duckdb(spec: Path) -> None:
    """Every statement of generated/sql/<stem>.sql, as a user would run it, over an empty facts table."""
    law = front_end(spec.relative_to(ROOT))
    columns = ", ".join(f"{sql_ident(f.name)} {TYPES[f.kind]}" for f in law.facts)
    con = duckdb.connect()
    con.execute(f"CREATE TABLE {FACTS_TABLE} (case_id VARCHAR, {columns})")
    con.execute((ROOT / GENERATED_SQL / f"{spec.stem}.sql").read_text(encoding="utf-8"))
    module = compile_sql(law)
    for rule in module.rules:
        if rule.query is None:
            continue
        got = con.sql(f"SELECT * FROM {sql_ident(rule.name)}")
        assert got.columns == ["case_id", *(f.name for f in law.facts), *(n for n, _ in rule.columns)]
        assert got.fetchall() == []


def test_text_from_the_spec_comes_out_literally(tmp_path: Path) -> None:
    """Quotes, backslashes, braces and markup in citations survive as data, never as SQL."""
    law = compile_spec(Path("tests/golden/escaping.fatiao")).law
    rule = compile_sql(law).rules[0]
    assert rule.query is not None
    con = duckdb.connect()
    con.execute(f"CREATE TABLE {FACTS_TABLE} (id INTEGER)")
    con.execute(f"INSERT INTO {FACTS_TABLE} VALUES (1)")
    (citations,) = con.sql(f"SELECT citations FROM ({rule.query})").fetchall()[0]
    want = [str(Citation(c.document, c.article, c.clause, c.item, c.sentence)) for c in law.rules[0].citations]
    assert citations == list(dict.fromkeys(want))
    assert '"""' in citations[0] and "'''" in citations[0] and "\\" in citations[0]


def test_escapes() -> None:
    assert sql_ident('a"b') == '"a""b"'
    assert sql_str("it's \\ fine") == "'it''s \\ fine'"
    assert sql_comment("one\ntwo\r\nthree") == "one two  three"
    con = duckdb.connect()
    text, name = chr(39) * 3 + chr(92), "x" + chr(34) + "y"
    assert con.sql(f"SELECT {sql_str(text)} AS {sql_ident(name)}").fetchall() == [(text,)]
    assert con.sql(f"SELECT {sql_str(text)} AS {sql_ident(name)}").columns == [name]


def test_what_sql_cannot_express_is_reported_with_its_place() -> None:
    law = front_end(Path("specs/carbon_emissions_trading.fatiao"))
    module = compile_sql(law)
    (fallback,) = module.fallbacks
    assert fallback.rule == "反馈核查结果"
    assert fallback.message().startswith("specs/carbon_emissions_trading.fatiao:58:1: note: 「反馈核查结果」: "
                                         "a deadline cannot be expressed in SQL (it counts working days")
    assert module.rule("反馈核查结果").query is None
    assert "--   反馈核查结果: a deadline (it counts working days" in module.text
    assert 'CREATE OR REPLACE TEMP VIEW "反馈核查结果"' not in module.text


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_every_view_transpiles_to_spark_sql(spec: Path) -> None:
    sqlglot = pytest.importorskip("sqlglot")
    from fatiao.batch_spark import to_spark

    law = front_end(spec.relative_to(ROOT))
    for rule in compile_sql(law).rules:
        if rule.query is None:
            continue
        spark_sql = to_spark(rule.query, ("case_id", *law.rule(rule.name).facts))
        assert "EXCLUDE" not in spark_sql and "`case_id`" in spark_sql
        sqlglot.parse_one(spark_sql, read="spark")
