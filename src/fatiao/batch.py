"""Batch evaluation: one rule over a table of cases, on DuckDB (embedded, the default) or Apache Spark.

The rule runs as the SQL view emit_sql writes for it, over a table
`fatiao_facts` made from the input once it has passed every check in
batch_input; a rule SQL cannot express runs through the generated Python
module instead, one Arrow batch (or Spark partition) at a time. Either way
the result is the input's columns followed by the rule's result columns
(batch_results.COLUMNS).

    evaluate_batch(rule, table)          # developers: pandas or Arrow in, Arrow out
    run_file(rule, input, output, …)     # `fatiao batch`: CSV or Parquet in, Parquet out
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from fatiao import ir
from fatiao.batch_input import BatchError, InputPlan, plan
from fatiao.emit_sql import FACTS_TABLE, RuleSql, citation_ids, compile_rule
from fatiao.escape import sql_ident, sql_str

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

__all__ = ["BatchError", "BatchRule", "evaluate_batch", "load_rule", "run_file"]

ENGINES = ("duckdb", "spark")
RAW = "fatiao_input"
BATCH_ROWS = 262_144


@attrs.frozen
class BatchRule:
    """A rule ready for batches: its IR, its SQL (or why there is none) and its generated Python."""

    law: ir.Law
    rule: ir.Rule
    sql: RuleSql
    python: str  # the generated module's text: the evaluator when SQL cannot express the rule

    @property
    def kind(self) -> str:
        return self.sql.kind


def _missing_extra(package: str, extra: str) -> BatchError:
    return BatchError(f"batch evaluation needs {package}, which is not installed: "
                      f"pip install 'fatiao[{extra}]'")


def load_rule(spec: Path, name: str) -> BatchRule:
    """Compile `spec` and pick its rule `name`; CompileError for a broken spec, BatchError for an unknown rule."""
    import difflib

    from fatiao.pipeline import compile_spec

    compiled = compile_spec(spec)
    names = [r.name for r in compiled.law.rules]
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        raise BatchError(f"no rule 「{name}」 in {spec}" + (f"; did you mean 「{close[0]}」?" if close
                                                           else f"; its rules: {'、'.join(names)}"))
    rule = compiled.law.rule(name)
    return BatchRule(compiled.law, rule, compile_rule(compiled.law, rule), compiled.python)


def _rule_from_function(fn: Callable[..., Any], spec: Path | None) -> BatchRule:
    """A generated function (fatiao_laws.<stem>.<rule>): its spec is specs/<stem>.fatiao of the checkout
    the package was built from, unless `spec` says where it is."""
    module = sys.modules.get(getattr(fn, "__module__", ""))
    stem = (getattr(fn, "__module__", "") or "").rpartition(".")[2]
    if spec is None and module is not None and getattr(module, "__file__", None):
        candidate = Path(module.__file__).resolve().parents[2] / "specs" / f"{stem}.fatiao"  # type: ignore[arg-type]
        spec = candidate if candidate.is_file() else None
    if spec is None:
        raise BatchError(f"cannot find the spec of {getattr(fn, '__qualname__', fn)!r}: pass spec=Path(…)")
    return load_rule(spec, fn.__name__)


def _as_rule(rule: BatchRule | str | Callable[..., Any], spec: Path | None) -> BatchRule:
    if isinstance(rule, BatchRule):
        return rule
    if isinstance(rule, str):
        if spec is None:
            raise BatchError(f"rule 「{rule}」 given by name: pass spec=Path(…) too")
        return load_rule(spec, rule)
    return _rule_from_function(rule, spec)


def _arrow(table: Any) -> pa.Table:
    import pyarrow as pa

    if isinstance(table, pa.Table):
        return table
    if isinstance(table, pa.RecordBatch):
        return pa.Table.from_batches([table])
    if type(table).__module__.startswith("pandas"):
        return pa.Table.from_pandas(table, preserve_index=False)
    raise BatchError(f"evaluate_batch takes a pyarrow Table or a pandas DataFrame, not {type(table).__name__}")


def _conform(table: pa.Table, kind: str) -> pa.Table:
    """The result columns in their declared Arrow types, whichever engine computed them."""
    from fatiao.batch_results import result_fields

    fields = result_fields(kind)
    schema = table.schema
    for f in fields:
        schema = schema.set(schema.get_field_index(f.name), f)
    return table.cast(schema) if schema != table.schema else table


def evaluate_batch(rule: BatchRule | str | Callable[..., Any], table: Any, *, spec: Path | None = None,
                   engine: str = "duckdb", threads: int | None = None) -> pa.Table:
    """Evaluate `rule` for every row of `table` (pandas or Arrow); returns an Arrow table: the input's
    columns (facts in their checked types), then the rule's results. `rule` is a generated function
    (fatiao_laws.production_safety_fines.一般事故单位罚款), a BatchRule, or a rule name with `spec`.
    Raises BatchError, naming the row and column, when the input cannot be evaluated."""
    batch_rule = _as_rule(rule, spec)
    data = _arrow(table)
    if engine == "duckdb":
        con = duckdb_connection(threads)
        try:
            con.register(RAW, data)
            run = DuckDBRun(batch_rule, con, "input")
            run.prepare()
            return _conform(run.reader().read_all(), batch_rule.kind)
        finally:
            con.close()
    if engine == "spark":
        from fatiao.batch_spark import SparkRun, spark_session

        spark = spark_session()
        run_s = SparkRun(batch_rule, spark, spark.createDataFrame(data), "input")
        run_s.prepare()
        return _conform(run_s.result().toArrow(), batch_rule.kind)
    raise BatchError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")


# ---------------------------------------------------------------- DuckDB

def duckdb_connection(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    try:
        import duckdb
    except ImportError:
        raise _missing_extra("duckdb", "batch") from None
    # Results come back in input order (the Python fallback and error rows rely on it).
    config: dict[str, Any] = {"preserve_insertion_order": True}
    if threads:
        config["threads"] = threads
    return duckdb.connect(config=config)


def first_failures(checks: list[Any], counts: list[int], locate: Callable[[Any], tuple[int, str | None]],
                   source: str) -> BatchError:
    """One line per failed check: the first row that fails it, its value, how many more do."""
    lines = []
    for check, n in zip(checks, counts, strict=True):
        if not n:
            continue
        row, value = locate(check)
        shown = f" (value: {value!r})" if value not in (None, "") else ""
        more = f"; {n - 1} more row{'s' if n > 2 else ''} like it" if n > 1 else ""
        lines.append((row, f"{source}: row {row + 1}, column {check.column}: {check.problem}{shown}{more}"))
    lines.sort()
    return BatchError("\n".join(line for _, line in lines) + "\nnothing was evaluated or written")


class DuckDBRun:
    """One rule over the relation RAW of a DuckDB connection."""

    def __init__(self, rule: BatchRule, con: duckdb.DuckDBPyConnection, source: str):
        self.rule = rule
        self.con = con
        self.source = source
        self.rows = 0

    def prepare(self) -> InputPlan:
        """Check the input (columns, types, then every value) and define fatiao_facts over it."""
        raw = self.con.sql(f"SELECT * FROM {RAW}")
        columns = [(c, str(t)) for c, t in zip(raw.columns, raw.types, strict=True)]
        input_plan = plan(self.rule.law, self.rule.rule, columns, self.source)
        counts = [f"count_if({c.bad})" for c in input_plan.checks]
        found = self.con.sql(f"SELECT count(*){''.join(', ' + c for c in counts)} FROM {RAW}").fetchall()[0]
        self.rows = int(found[0])
        if any(found[1:]):
            raise first_failures(list(input_plan.checks), list(found[1:]), self.locate, self.source)
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {sql_ident(FACTS_TABLE)} AS "
                         f"SELECT {input_plan.projection} FROM {RAW}")
        return input_plan

    def locate(self, check: Any) -> tuple[int, str | None]:
        import pyarrow.compute as pc

        found = self.con.sql(f"SELECT coalesce({check.bad}, FALSE) AS bad, "
                             f"CAST({sql_ident(check.column)} AS VARCHAR) AS value FROM {RAW}").to_arrow_table()
        index = pc.index(found.column("bad"), True).as_py()
        return index, found.column("value")[index].as_py()

    def reader(self, batch_rows: int = BATCH_ROWS) -> pa.RecordBatchReader:
        import pyarrow as pa

        if self.rule.sql.query is not None:
            from fatiao.batch_results import CITATIONS, constant_citations

            # The view's citations are the rule's, on every row: added here, dictionary-encoded, rather
            # than made by DuckDB as ten million lists of strings.
            ids = citation_ids(self.rule.rule)
            inner = self.con.sql(f'SELECT * EXCLUDE ("citations") FROM ({self.rule.sql.query})')
            computed = inner.to_arrow_reader(batch_rows)
            schema = computed.schema.append(pa.field("citations", CITATIONS))

            def with_citations() -> Iterator[pa.RecordBatch]:
                for batch in computed:
                    yield pa.RecordBatch.from_arrays([*batch.columns, constant_citations(ids, batch.num_rows)],
                                                     schema=schema)

            return pa.RecordBatchReader.from_batches(schema, with_citations())
        from fatiao.batch_results import python_batches

        facts = self.con.sql(f"SELECT * FROM {sql_ident(FACTS_TABLE)}").to_arrow_reader(batch_rows)
        batches = python_batches(self.rule.law.stem, self.rule.python, self.rule.rule.name, self.rule.kind,
                                 list(self.rule.rule.facts), iter(facts))
        first = next(batches, None)
        if first is None:
            from fatiao.batch_results import result_fields

            return pa.RecordBatchReader.from_batches(pa.schema(list(facts.schema) + result_fields(self.rule.kind)), [])

        def chain() -> Iterator[pa.RecordBatch]:
            yield first
            yield from batches

        return pa.RecordBatchReader.from_batches(first.schema, chain())


def _register_file(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    """RAW over a CSV (every column read as text, checked and converted by batch_input) or a Parquet file."""
    import duckdb

    suffix = path.suffix.lower()
    if suffix == ".csv":
        reader = f"read_csv({sql_str(str(path))}, header = true, all_varchar = true)"
    elif suffix in (".parquet", ".pq"):
        reader = f"read_parquet({sql_str(str(path))})"
    else:
        raise BatchError(f"{path}: input must be a .csv or .parquet file")
    try:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {RAW} AS SELECT * FROM {reader}")
        con.sql(f"SELECT * FROM {RAW} LIMIT 0").fetchall()
    except duckdb.Error as err:
        raise BatchError(f"{path}: cannot be read: {str(err).splitlines()[0]}") from None
    return str(path)


@attrs.frozen
class Summary:
    rows: int
    engine: str
    fallback: str | None  # why the generated Python evaluated the rule, when it did


@contextlib.contextmanager
def _replacing(output: Path) -> Iterator[Path]:
    """A temporary path beside `output`, moved onto it only when the block succeeds: never half a file."""
    import shutil

    temp = output.with_name(f".{output.name}.partial-{os.getpid()}")
    try:
        yield temp
        if output.is_dir():
            shutil.rmtree(output)
        os.replace(temp, output)
    finally:
        if temp.is_dir():
            shutil.rmtree(temp, ignore_errors=True)
        elif temp.exists():
            temp.unlink()


def run_file(rule: BatchRule, input_path: Path, output: Path, *, engine: str = "duckdb",
             threads: int | None = None, progress: Callable[[int, int], None] | None = None) -> Summary:
    """`fatiao batch`: evaluate `rule` over a CSV or Parquet file into a Parquet file (with Spark, a
    Parquet dataset directory). Checks the whole input first; writes nothing unless all of it is good."""
    if output.suffix.lower() not in (".parquet", ".pq"):
        raise BatchError(f"{output}: the output is written as Parquet; name it …​.parquet")
    if output.resolve() == input_path.resolve():
        raise BatchError(f"{output}: the output would overwrite the input")
    fallback = rule.sql.fallback.message() if rule.sql.fallback else None
    if engine == "spark":
        from fatiao.batch_spark import run_spark_file

        rows = run_spark_file(rule, input_path, output)
        return Summary(rows, engine, fallback)
    if engine != "duckdb":
        raise BatchError(f"unknown engine {engine!r}; one of {', '.join(ENGINES)}")
    import pyarrow.parquet as pq

    con = duckdb_connection(threads)
    try:
        source = _register_file(con, input_path)
        run = DuckDBRun(rule, con, source)
        run.prepare()
        reader = run.reader()
        done = 0
        with _replacing(output) as temp:
            with pq.ParquetWriter(temp, _conform(reader.schema.empty_table(), rule.kind).schema) as writer:
                for batch in reader:
                    table = _conform(pa_table(batch), rule.kind)
                    writer.write_table(table)
                    done += batch.num_rows
                    if progress is not None:
                        progress(done, run.rows)
        return Summary(done, engine, fallback)
    finally:
        con.close()


def pa_table(batch: pa.RecordBatch) -> pa.Table:
    import pyarrow as pa

    return pa.Table.from_batches([batch])
