"""The result columns of a batch, as Arrow, and the Python evaluator as a batch engine.

The SQL views (emit_sql.COLUMNS) and the generated Python module must give the
same table: this module says what that table is in Arrow, turns a generated
rule's result into one row of it, and evaluates a rule the SQL backend cannot
express one Arrow batch at a time. It is imported on Spark's Python workers,
so it needs nothing but pyarrow and the runtime.
"""

from __future__ import annotations

import sys
import types
import zlib
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa

from fatiao_runtime.results import (
    AmountResult,
    ClassificationResult,
    DeadlineResult,
    PenaltyResult,
    RequirementResult,
    Sanction,
)

Result = PenaltyResult | DeadlineResult | RequirementResult | AmountResult | ClassificationResult

MONEY = pa.decimal128(38, 2)
AMOUNT = pa.decimal128(38, 12)
SANCTION = pa.struct([("kind", pa.string()), ("label", pa.string()), ("modality", pa.string()),
                      ("amount_low", AMOUNT), ("amount_high", AMOUNT), ("amount_unit", pa.string()),
                      ("period", pa.string())])
INDIVIDUAL = pa.struct([("addressee", pa.string()), ("fine_low", MONEY), ("fine_high", MONEY),
                        ("fine_modality", pa.string()), ("sanctions", pa.list_(SANCTION))])

# A rule's citations are the same on every row: dictionary-encoded, ten million rows hold four small
# integers each instead of four copies of 《…》第十四条（一） (3.2 s of 4.9 s in evaluate_batch before).
CITATIONS = pa.list_(pa.dictionary(pa.int32(), pa.string()))

COLUMNS: dict[str, list[tuple[str, pa.DataType]]] = {
    "penalty": [("applicable", pa.bool_()), ("fine_low", MONEY), ("fine_high", MONEY), ("fine_modality", pa.string()),
                ("row", pa.string()), ("sanctions", pa.list_(SANCTION)), ("individuals", pa.list_(INDIVIDUAL)),
                ("citations", CITATIONS)],
    "requirement": [("compliant", pa.bool_()), ("citations", CITATIONS)],
    "deadline": [("start", pa.date32()), ("due", pa.date32()), ("period", pa.string()),
                 ("citations", CITATIONS)],
    "amount": [("applicable", pa.bool_()), ("value_low", AMOUNT), ("value_high", AMOUNT), ("unit", pa.string()),
               ("citations", CITATIONS)],
    "classification": [("applicable", pa.bool_()), ("class", pa.string()), ("row", pa.string()),
                       ("citations", CITATIONS)],
}


def result_fields(kind: str) -> list[pa.Field]:
    return [pa.field(name, type_) for name, type_ in COLUMNS[kind]]


def _sanction(s: Sanction) -> dict[str, Any]:
    return {"kind": s.kind, "label": s.label, "modality": s.modality,
            "amount_low": s.amount.low if s.amount else None, "amount_high": s.amount.high if s.amount else None,
            "amount_unit": s.amount.unit if s.amount else None, "period": s.period}


def citation_ids(result: Result) -> list[str]:
    return list(dict.fromkeys(str(c) for c in result.citations))


def result_row(result: Result) -> dict[str, Any]:
    """One row of the result columns, exactly as the SQL view gives it for the same case."""
    if isinstance(result, PenaltyResult):
        return {
            "applicable": result.applicable,
            "fine_low": result.fine.low if result.fine else None,
            "fine_high": result.fine.high if result.fine else None,
            "fine_modality": result.fine_modality,
            "row": result.row,
            "sanctions": [_sanction(s) for s in result.sanctions],
            "individuals": [{"addressee": p.addressee, "fine_low": p.fine.low if p.fine else None,
                             "fine_high": p.fine.high if p.fine else None, "fine_modality": p.fine_modality,
                             "sanctions": [_sanction(s) for s in p.sanctions]} for p in result.individuals],
            "citations": citation_ids(result),
        }
    if isinstance(result, RequirementResult):
        return {"compliant": result.compliant, "citations": citation_ids(result)}
    if isinstance(result, AmountResult):
        return {"applicable": result.applicable, "value_low": result.value.low if result.value else None,
                "value_high": result.value.high if result.value else None,
                "unit": result.value.unit if result.value else None, "citations": citation_ids(result)}
    if isinstance(result, ClassificationResult):
        return {"applicable": result.applicable, "class": result.value, "row": result.row,
                "citations": citation_ids(result)}
    return {"start": result.start, "due": result.due, "period": result.period, "citations": citation_ids(result)}


_MODULES: dict[str, types.ModuleType] = {}


def generated_module(stem: str, source: str) -> types.ModuleType:
    """The generated module, from its text: a Spark worker has no generated/ folder, only what it was sent."""
    key = f"_fatiao_batch_.{stem}_{zlib.crc32(source.encode()):08x}"
    module = _MODULES.get(key)
    if module is None:
        module = types.ModuleType(key)
        module.__file__ = f"<generated {stem}>"
        sys.modules[key] = module
        exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102 - fatiao's own output
        _MODULES[key] = module
    return module


def python_batches(stem: str, source: str, rule: str, kind: str, facts: list[str],
                   batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """Each input batch with the rule's result columns added, computed by the generated module."""
    fn: Callable[..., Any] = generated_module(stem, source).RULES[rule]
    fields = result_fields(kind)
    for batch in batches:
        inputs = batch.select(facts).to_pylist()
        rows = [result_row(fn(**case)) for case in inputs]
        columns = list(batch.columns) + [pa.array([r[f.name] for r in rows], f.type) for f in fields]
        yield pa.RecordBatch.from_arrays(columns, schema=pa.schema(list(batch.schema) + fields))


def constant_citations(ids: list[str], rows: int) -> pa.Array:
    """The citations column for `rows` rows of one rule, built without repeating its strings."""
    import numpy as np

    n = len(ids)
    offsets = pa.array(np.arange(rows + 1, dtype=np.int32) * n)
    indices = pa.array(np.tile(np.arange(n, dtype=np.int32), rows))
    return pa.ListArray.from_arrays(offsets, pa.DictionaryArray.from_arrays(indices, pa.array(ids, pa.string())))


def plain_citations(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch with its citations as plain lists of strings, for engines that read no dictionaries."""
    i = batch.schema.get_field_index("citations")
    plain = pa.field("citations", pa.list_(pa.string()))
    return pa.RecordBatch.from_arrays([*batch.columns[:i], batch.column(i).cast(plain.type), *batch.columns[i + 1:]],
                                      schema=batch.schema.set(i, plain))

