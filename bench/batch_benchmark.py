"""Batch evaluation of 生产安全事故罚款处罚规定 第十四条 (一般事故单位罚款), every engine on the same facts.

    .venv/bin/pip install -e '.[dev,bench,spark]'
    .venv/bin/python bench/batch_benchmark.py --rows 10000000

The facts are generated once: half of the rows sit within one yuan (in fen
steps) or one person of a boundary of the rule (1 or 2 deaths; 3, 6 or 10
serious injuries; 300万, 500万 or 1000万元 of direct loss), the other half are
spread over and past the rule's range. Each engine then computes the fine range
of every row, and is timed and checked against the generated Python module,
which is the reference: a row is wrong when its applicability, lowest or
highest fine differs from the module's, to the fen.

- generated Python: fatiao_laws.production_safety_fines.一般事故单位罚款, row by row (Decimal).
- hand-written numpy: the rule written by hand over int64 fen arrays; the near-limit baseline.
- DuckDB (calculation): the generated view's fine columns (applicable, fine_low, fine_high, row)
  over the Arrow table, into Arrow: the same output the numpy version makes.
- DuckDB (evaluate_batch): the whole API call: input checks, every result column
  (sanctions, individuals, citations) and the input columns, into one Arrow table.
- Spark local: `fatiao batch --engine spark` from Parquet to Parquet (the facts written once, not timed).
- OpenFisca-core: the rule as an OpenFisca variable, inputs set with set_input (its array
  path; the dict path is quadratic); money is a float variable, which OpenFisca stores as float32.

Each engine runs in a fresh process of its own, on the same seeded facts, best of --repeat: measured in
one process, an engine's time depended on which ran before it (whether its arrays landed on pages another
had freed, or on freshly mapped ones that fault on first touch). --same-process measures them in this one.

Use --skip to leave engines out (e.g. --skip spark,python).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "specs" / "production_safety_fines.fatiao"
RULE = "一般事故单位罚款"
YUAN = 100  # fen

# 第十四条: tiers (lowest, highest fine) in yuan, and the bounds that decide them.
TIERS = np.array([[0, 0], [300_000, 500_000], [500_000, 700_000], [700_000, 1_000_000]], dtype=np.int64)
DEATHS = (1, 2)
INJURIES = (3, 6, 10)
LOSSES = (3_000_000, 5_000_000, 10_000_000)


def generate(rows: int, seed: int) -> dict[str, np.ndarray]:
    """Deaths, serious injuries and direct loss (int64 fen); half of the rows near a boundary."""
    rng = np.random.default_rng(seed)
    deaths = rng.integers(0, 4, rows)
    injuries = rng.integers(0, 13, rows)
    loss = rng.integers(0, 12_000_000 * YUAN, rows)
    chosen = rng.random(rows) < 0.5
    which = rng.integers(0, 3, rows)
    n = int(chosen.sum())
    pick_d = chosen & (which == 0)
    deaths[pick_d] = rng.choice(DEATHS, int(pick_d.sum())) + rng.integers(-1, 2, int(pick_d.sum()))
    pick_i = chosen & (which == 1)
    injuries[pick_i] = rng.choice(INJURIES, int(pick_i.sum())) + rng.integers(-1, 2, int(pick_i.sum()))
    pick_l = chosen & (which == 2)
    loss[pick_l] = rng.choice(LOSSES, int(pick_l.sum())) * YUAN + rng.integers(-YUAN, YUAN + 1, int(pick_l.sum()))
    assert n == int(pick_d.sum() + pick_i.sum() + pick_l.sum())
    return {"deaths": deaths.astype(np.int64), "injuries": injuries.astype(np.int64), "loss_fen": loss.astype(np.int64)}


def arrow_table(facts: dict[str, np.ndarray]) -> pa.Table:
    """Money as DECIMAL(18, 2), built from the fen values themselves (no float on the way)."""
    fen = facts["loss_fen"]
    words = np.zeros((len(fen), 2), dtype=np.int64)
    words[:, 0] = fen  # little-endian 128-bit: low word the value, high word its (zero) sign
    loss = pa.Array.from_buffers(pa.decimal128(18, 2), len(fen), [None, pa.py_buffer(words.tobytes())])
    return pa.table({"死亡人数": facts["deaths"], "重伤人数": facts["injuries"], "直接经济损失": loss})


# ---------------------------------------------------------------- engines

def numpy_rule(d: np.ndarray, i: np.ndarray, fen: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """第十四条 by hand: within the 一般事故 caps, the highest tier any criterion reaches (以上/以下 inclusive)."""
    within = (d <= 2) & (i <= 10) & (fen <= 10_000_000 * YUAN)
    third = (d == 2) | ((i >= 6) & (i <= 10)) | ((fen >= 5_000_000 * YUAN) & (fen <= 10_000_000 * YUAN))
    second = (d == 1) | ((i >= 3) & (i <= 6)) | ((fen >= 3_000_000 * YUAN) & (fen <= 5_000_000 * YUAN))
    first = (i <= 3) | (fen <= 3_000_000 * YUAN)
    tier = np.where(third, 3, np.where(second, 2, np.where(first, 1, 0)))
    tier = np.where(within, tier, 0)
    return tier > 0, TIERS[tier, 0] * YUAN, TIERS[tier, 1] * YUAN


def python_rule(facts: dict[str, np.ndarray], rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from fatiao_laws.production_safety_fines import 一般事故单位罚款 as rule

    applicable = np.zeros(rows, dtype=bool)
    low = np.zeros(rows, dtype=np.int64)
    high = np.zeros(rows, dtype=np.int64)
    deaths, injuries, fen = (facts[k][:rows].tolist() for k in ("deaths", "injuries", "loss_fen"))
    for k in range(rows):
        r = rule(死亡人数=deaths[k], 重伤人数=injuries[k], 直接经济损失=Decimal(fen[k]).scaleb(-2))
        if r.applicable and r.fine is not None:
            applicable[k] = True
            low[k] = int(r.fine.low * 100)
            high[k] = int(r.fine.high * 100)
    return applicable, low, high


def fen_of(column: Any) -> np.ndarray:
    """A DECIMAL(38, 2) Arrow column as int64 fen (NULL as 0), read from its buffer, not through floats."""
    array = column.combine_chunks() if hasattr(column, "combine_chunks") else column
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)[array.offset * 2:(array.offset + len(array)) * 2]
    values = words[0::2].copy()
    if array.null_count:
        values[~np.asarray(array.is_valid())] = 0
    return values


def as_fen(out: pa.Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (np.asarray(out.column("applicable").to_numpy(zero_copy_only=False)),
            fen_of(out.column("fine_low")), fen_of(out.column("fine_high")))


def duckdb_calculation(table: pa.Table, threads: int) -> Callable[[], pa.Table]:
    from fatiao.batch import RAW, DuckDBRun, duckdb_connection, load_rule

    rule = load_rule(SPEC, RULE)
    con = duckdb_connection(threads)
    con.register(RAW, table)
    run = DuckDBRun(rule, con, "bench")
    run.prepare()
    assert rule.sql.query is not None
    # The columns the numpy version computes, into Arrow; read back as fen after the clock stops.
    query = f"SELECT applicable, fine_low, fine_high FROM ({rule.sql.query}) AS results"
    return lambda: con.sql(query).to_arrow_table()


def duckdb_api(table: pa.Table, threads: int) -> Callable[[], pa.Table]:
    from fatiao.batch import evaluate_batch, load_rule

    rule = load_rule(SPEC, RULE)

    return lambda: evaluate_batch(rule, table, threads=threads)


def spark_file(table: pa.Table, workdir: Path) -> Callable[[], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    import pyarrow.parquet as pq

    from fatiao.batch import load_rule, run_file

    rule = load_rule(SPEC, RULE)
    facts = workdir / "facts.parquet"
    pq.write_table(table, facts)
    from fatiao.batch_spark import spark_session

    spark_session()  # the JVM starts before the clock does

    def go() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        out_path = workdir / "spark-results.parquet"
        run_file(rule, facts, out_path, engine="spark")
        # Spark writes partitions in input order; read them back in file-name order to compare row by row.
        return as_fen(pq.read_table(out_path, columns=["applicable", "fine_low", "fine_high"]))

    return go


def openfisca(facts: dict[str, np.ndarray]) -> tuple[Callable[[], Any], Callable[[], Any]]:
    """(set the inputs, calculate): 第十四条 as an OpenFisca-core variable over one entity per case."""
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    unit = build_entity(key="unit", plural="units", label="事故发生单位", is_person=True)

    class deaths(Variable):  # noqa: N801 - OpenFisca names variables by their class
        value_type = int
        entity = unit
        definition_period = DateUnit.YEAR

    class injuries(Variable):  # noqa: N801
        value_type = int
        entity = unit
        definition_period = DateUnit.YEAR

    class loss(Variable):  # noqa: N801
        value_type = float
        entity = unit
        definition_period = DateUnit.YEAR

    class fine_tier(Variable):  # noqa: N801
        value_type = int
        entity = unit
        definition_period = DateUnit.YEAR

        def formula(u: Any, period: Any) -> Any:
            d, i, x = u("deaths", period), u("injuries", period), u("loss", period)
            within = (d <= 2) * (i <= 10) * (x <= 10_000_000)
            third = (d == 2) + (i >= 6) * (i <= 10) + (x >= 5_000_000) * (x <= 10_000_000)
            second = (d == 1) + (i >= 3) * (i <= 6) + (x >= 3_000_000) * (x <= 5_000_000)
            first = (i <= 3) + (x <= 3_000_000)
            return np.where(third, 3, np.where(second, 2, np.where(first, 1, 0))) * within

    system = TaxBenefitSystem([unit])
    for variable in (deaths, injuries, loss, fine_tier):
        system.add_variable(variable)
    simulation: Any = None

    def set_inputs() -> None:
        nonlocal simulation
        simulation = SimulationBuilder().build_default_simulation(system, count=len(facts["deaths"]))
        simulation.set_input("deaths", "2024", facts["deaths"])
        simulation.set_input("injuries", "2024", facts["injuries"])
        simulation.set_input("loss", "2024", facts["loss_fen"] / YUAN)

    def calculate() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tier = np.asarray(simulation.calculate("fine_tier", "2024"), dtype=np.int64)
        return tier > 0, TIERS[tier, 0] * YUAN, TIERS[tier, 1] * YUAN

    return set_inputs, calculate


# ---------------------------------------------------------------- the run

def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def wrong(result: tuple[np.ndarray, np.ndarray, np.ndarray], reference: tuple[np.ndarray, ...], rows: int) -> int:
    applicable, low, high = (np.asarray(x)[:rows] for x in result)
    ref_applicable, ref_low, ref_high = (x[:rows] for x in reference)
    bad = (applicable != ref_applicable) | (ref_applicable & ((low != ref_low) | (high != ref_high)))
    return int(bad.sum())


ENGINES = ("numpy", "duckdb", "api", "spark", "openfisca")
LABELS = {
    "numpy": "hand-written numpy (int64 fen)",
    "duckdb": "DuckDB, generated SQL, fine columns ({threads} threads)",
    "api": "DuckDB, evaluate_batch (checks + every column)",
    "spark": "Spark local[*], fatiao batch Parquet → Parquet",
    "openfisca": "OpenFisca-core 46, calculation (float32 money)",
    "openfisca+input": "OpenFisca-core 46, set_input + calculation",
}


def run_engine(name: str, facts: dict[str, np.ndarray], args: argparse.Namespace) -> dict[str, Any]:
    """Time one engine (best of --repeat) and return its seconds and its answers as fen arrays."""
    if name == "numpy":
        seconds, out = timed(lambda: numpy_rule(facts["deaths"], facts["injuries"], facts["loss_fen"]), args.repeat)
        return {"seconds": seconds, "result": out}
    if name == "duckdb":
        seconds, table = timed(duckdb_calculation(arrow_table(facts), args.threads), args.repeat)
        return {"seconds": seconds, "result": as_fen(table)}
    if name == "api":
        seconds, table = timed(duckdb_api(arrow_table(facts), args.threads), args.repeat)
        return {"seconds": seconds, "result": as_fen(table)}
    if name == "spark":
        with tempfile.TemporaryDirectory(prefix="fatiao-bench-") as tmp:
            seconds, out = timed(spark_file(arrow_table(facts), Path(tmp)), 1)
        return {"seconds": seconds, "result": out}
    assert name == "openfisca"
    set_inputs, calculate = openfisca(facts)
    # OpenFisca caches a calculated variable, so each repeat starts from a fresh simulation, its
    # set_input timed apart: best of N, as every other engine.
    input_seconds, seconds, out = float("inf"), float("inf"), None
    for _ in range(args.repeat):
        input_seconds = min(input_seconds, timed(set_inputs, 1)[0])
        once, out = timed(calculate, 1)
        seconds = min(seconds, once)
    return {"seconds": seconds, "input_seconds": input_seconds, "result": out}


def in_own_process(name: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Run one engine in a fresh interpreter on the same facts (same seed). Engines measured in one
    process disturb each other: whether a large array lands on pages another engine freed or on
    freshly mapped ones (a page fault per 4 KiB, about 2 µs here) changed OpenFisca's time by 2x
    depending on which engine ran before it."""
    out = workdir / f"{name}.npz"
    command = [sys.executable, __file__, "--engine", name, "--out", str(out), "--rows", str(args.rows),
               "--threads", str(args.threads), "--repeat", str(args.repeat), "--seed", str(args.seed)]
    subprocess.run(command, check=True)
    with np.load(out) as saved:
        result = (saved["applicable"], saved["low"], saved["high"])
        return {"seconds": float(saved["seconds"]), "input_seconds": float(saved["input_seconds"]),
                "result": result}


def child(args: argparse.Namespace) -> None:
    measured = run_engine(args.engine, generate(args.rows, args.seed), args)
    applicable, low, high = (np.asarray(x) for x in measured["result"])
    np.savez(args.out, applicable=applicable, low=low, high=high, seconds=measured["seconds"],
             input_seconds=measured.get("input_seconds", float("nan")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads (the machine has 2 cores)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N for the fast engines")
    parser.add_argument("--python-rows", type=int, default=None,
                        help="evaluate only the first N rows with the generated Python (default: all)")
    parser.add_argument("--skip", default="", help="comma-separated: python, numpy, duckdb, api, spark, openfisca")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--same-process", action="store_true",
                        help="measure every engine in this process, one after another (order then matters)")
    parser.add_argument("--engine", choices=ENGINES, help=argparse.SUPPRESS)  # a child measuring one engine
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        child(args)
        return
    skip = set(filter(None, args.skip.split(",")))
    rows = args.rows
    facts = generate(rows, args.seed)
    print(f"生产安全事故罚款处罚规定 第十四条 ({RULE}): {rows:,} rows, half within one yuan or one person of a "
          f"boundary; {os.cpu_count()} cores, DuckDB threads {args.threads}; "
          f"{'one process' if args.same_process else 'each engine in its own process'}, best of {args.repeat}",
          flush=True)

    # The reference: the generated module, row by row; past --python-rows, the numpy version, which
    # must agree with the module on every row both evaluated.
    python_rows = min(rows, args.python_rows or rows)
    start = time.perf_counter()
    reference = python_rule(facts, python_rows)
    python_seconds = time.perf_counter() - start
    by_hand = numpy_rule(facts["deaths"], facts["injuries"], facts["loss_fen"])
    numpy_wrong_sample = wrong(by_hand, reference, python_rows)
    if python_rows < rows:
        reference = tuple(np.concatenate([r, n[python_rows:]]) for r, n in zip(reference, by_hand, strict=True))
    del by_hand

    results: list[tuple[str, float, int, int]] = []
    if "python" not in skip:
        results.append(("generated Python (Decimal, row by row)", python_seconds, python_rows, 0))
    with tempfile.TemporaryDirectory(prefix="fatiao-bench-") as tmp:
        for name in ENGINES:
            if name in skip:
                continue
            measured = (run_engine(name, facts, args) if args.same_process
                        else in_own_process(name, args, Path(tmp)))
            bad = wrong(measured["result"], reference, rows)
            results.append((LABELS[name].format(threads=args.threads), measured["seconds"], rows, bad))
            if name == "openfisca":
                results.append((LABELS["openfisca+input"], measured["seconds"] + measured["input_seconds"], rows,
                                bad))
    print(f"\n{'engine':<52} {'rows':>12} {'seconds':>9} {'rows/s':>14} {'wrong rows':>11}")
    for name, seconds, n, bad in results:
        print(f"{name:<52} {n:>12,} {seconds:>9.3f} {n / seconds:>14,.0f} {bad:>11,}")
    if numpy_wrong_sample:
        print(f"\nwarning: the numpy version differs from the generated module on {numpy_wrong_sample} rows",
              file=sys.stderr)
    by = {name: n / s for name, s, n, _ in results}
    duck = by.get(LABELS["duckdb"].format(threads=args.threads))
    base = by.get(LABELS["numpy"])
    fisca = by.get(LABELS["openfisca"])
    if duck and base:
        print(f"\nDuckDB / numpy: {duck / base:.2f}x" + (f"; DuckDB / OpenFisca: {duck / fisca:.2f}x" if fisca else ""))


if __name__ == "__main__":
    main()
