"""Batch evaluation on Apache Spark: the same views and checks as on DuckDB, transpiled by sqlglot.

The session is set so that Spark's decimal arithmetic is as exact as DuckDB's:
ANSI mode (an overflow is an error, never a NULL) and no precision loss (a
product keeps every decimal place, as DuckDB's does, up to DECIMAL(38)). A
rule that SQL cannot express runs through the generated Python module with
mapInArrow, one Arrow batch of a partition at a time, on the workers.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fatiao.batch import RAW, BatchRule, _missing_extra, _replacing, first_failures
from fatiao.batch_input import BatchError, plan
from fatiao.emit_sql import COLUMNS, FACTS_TABLE
from fatiao.escape import sql_ident

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

# Runtime SQL settings every fatiao run needs, also on a session that existed before.
EXACT = {
    "spark.sql.ansi.enabled": "true",
    "spark.sql.decimalOperations.allowPrecisionLoss": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


def spark_session() -> SparkSession:
    """The active session, or a local one (all cores, or FATIAO_SPARK_MASTER) made for fatiao."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise _missing_extra("pyspark", "spark") from None
    # Workers must run the Python that has fatiao and pyarrow installed: this one.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (SparkSession.builder.master(os.environ.get("FATIAO_SPARK_MASTER", "local[*]"))
               .appName("fatiao batch")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "true")
               .config("spark.sql.shuffle.partitions", "4"))
    for key, value in EXACT.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for key, value in EXACT.items():
        spark.conf.set(key, value)
    return spark


@functools.lru_cache(maxsize=256)
def to_spark(sql: str, columns: tuple[str, ...] | None = None) -> str:
    """DuckDB SQL → Spark SQL. With the input's columns, `*` and `* EXCLUDE (…)` become explicit lists,
    which Spark has no syntax for."""
    import sqlglot
    from sqlglot.optimizer.qualify import qualify
    from sqlglot.schema import MappingSchema

    expression = sqlglot.parse_one(sql, read="duckdb")
    if columns is not None:
        schema = MappingSchema({FACTS_TABLE: dict.fromkeys(columns, "VARCHAR")}, dialect="duckdb", normalize=False)
        expression = qualify(expression, schema=schema, dialect="duckdb", quote_identifiers=True,
                             validate_qualify_columns=False)
    return expression.sql(dialect="spark")


def _result_schema(spark: SparkSession, kind: str) -> Any:
    """The result columns as Spark types, read off Spark itself from the SQL types emit_sql declares."""
    casts = ", ".join(f"CAST(NULL AS {sql_type}) AS {sql_ident(name)}" for name, sql_type in COLUMNS[kind])
    return spark.sql(to_spark(f"SELECT {casts}")).schema


def _python_partitions(stem: str, source: str, rule: str, kind: str,
                       facts: list[str]) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from fatiao.batch_results import plain_citations, python_batches

        # Spark reads no dictionary-encoded strings inside a list: its batches get plain ones.
        yield from (plain_citations(b) for b in python_batches(stem, source, rule, kind, facts, batches))

    return run


class SparkRun:
    """One rule over a Spark DataFrame."""

    def __init__(self, rule: BatchRule, spark: SparkSession, raw: DataFrame, source: str):
        self.rule = rule
        self.spark = spark
        self.raw = raw
        self.source = source
        self.rows = 0
        self.facts: DataFrame | None = None

    def prepare(self) -> None:
        self.raw.createOrReplaceTempView(RAW)
        columns = list(self.raw.dtypes)
        input_plan = plan(self.rule.law, self.rule.rule, columns, self.source)
        counts = "".join(f", count_if({c.bad})" for c in input_plan.checks)
        found = self.spark.sql(to_spark(f"SELECT count(*){counts} FROM {RAW}")).collect()[0]
        self.rows = int(found[0])
        if any(found[1:]):
            raise first_failures(list(input_plan.checks), list(found[1:]), self.locate, self.source)
        self.facts = self.spark.sql(to_spark(f"SELECT {input_plan.projection} FROM {RAW}"))
        self.facts.createOrReplaceTempView(FACTS_TABLE)

    def locate(self, check: Any) -> tuple[int, str | None]:
        """The first failing row, counted in the order Spark reads the input (file order for a file)."""
        import pyarrow.compute as pc

        found = self.spark.sql(to_spark(f"SELECT coalesce({check.bad}, FALSE) AS bad, "
                                        f"CAST({sql_ident(check.column)} AS VARCHAR) AS value FROM {RAW}")).toArrow()
        index = pc.index(found.column("bad"), True).as_py()
        return index, found.column("value")[index].as_py()

    def result(self) -> DataFrame:
        assert self.facts is not None, "prepare() first"
        if self.rule.sql.query is not None:
            return self.spark.sql(to_spark(self.rule.sql.query, tuple(self.facts.columns)))
        from pyspark.sql.types import StructType

        schema = StructType(list(self.facts.schema.fields) + list(_result_schema(self.spark, self.rule.kind).fields))
        fn = _python_partitions(self.rule.law.stem, self.rule.python, self.rule.rule.name, self.rule.kind,
                                list(self.rule.rule.facts))
        return self.facts.mapInArrow(fn, schema)


def run_spark_file(rule: BatchRule, input_path: Path, output: Path) -> int:
    """CSV or Parquet in; a Parquet dataset directory (one file per partition) out, moved into place whole."""
    spark = spark_session()
    suffix = input_path.suffix.lower()
    try:
        if suffix == ".csv":
            # Every column as text: batch_input checks and converts it, exactly as on DuckDB.
            raw = spark.read.option("header", "true").option("inferSchema", "false").csv(str(input_path))
        elif suffix in (".parquet", ".pq"):
            raw = spark.read.parquet(str(input_path))
        else:
            raise BatchError(f"{input_path}: input must be a .csv or .parquet file")
    except BatchError:
        raise
    except Exception as err:  # noqa: BLE001 - Spark's reader errors are Java exceptions wrapped in Python
        raise BatchError(f"{input_path}: cannot be read: {str(err).splitlines()[0]}") from None
    run = SparkRun(rule, spark, raw, str(input_path))
    run.prepare()
    with _replacing(output) as temp:
        run.result().write.mode("error").parquet(str(temp))
    return run.rows
