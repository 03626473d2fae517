"""fatiao benchmark: prints figures measured in one run on this machine; never asserts on time.

    python bench/benchmark.py [--quick]

1. front end throughput: spec lines parsed, built, checked and lowered per second;
2. time to build each bundled document (front end + both backends);
3. per-call cost of a generated rule against hand-written Decimal functions of
   the same rule, as ratios measured in the same run:
   - "equivalent": hand-written code that returns what the generated function
     returns (range, sanctions, individuals, citation, explanation);
   - "bare": hand-written code that validates its inputs and returns the range only.
"""

from __future__ import annotations

import argparse
import sys
import time
import timeit
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "generated")]

from fatiao.build_ast import build_ast  # noqa: E402
from fatiao.check import check  # noqa: E402
from fatiao.lower import lower  # noqa: E402
from fatiao.parse import parse, parser  # noqa: E402
from fatiao.pipeline import compile_spec, law_text_for  # noqa: E402
from fatiao.source import SourceFile  # noqa: E402
from fatiao_runtime import ops  # noqa: E402
from fatiao_runtime.errors import FactError  # noqa: E402
from fatiao_runtime.results import Citation, IndividualResult, PenaltyResult, Range, Sanction  # noqa: E402

SPECS = sorted((ROOT / "specs").glob("*.fatiao"))


def front_end_rate(repeat: int) -> tuple[float, int]:
    sources = [(p, SourceFile(str(p), p.read_text(encoding="utf-8"))) for p in SPECS]
    laws = {p: law_text_for(p, p.read_text(encoding="utf-8").split('"')[1]) for p, _ in sources}
    lines = sum(s.text.count("\n") + 1 for _, s in sources)
    parser()  # grammar tables are built once per process, not per spec
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for path, source in sources:
            lower(check(build_ast(parse(source), source), laws[path], path.stem))
        best = min(best, time.perf_counter() - start)
    return lines / best, lines


def build_times(repeat: int) -> dict[str, float]:
    out = {}
    for path in SPECS:
        samples = []
        for _ in range(repeat):
            start = time.perf_counter()
            compile_spec(path)
            samples.append(time.perf_counter() - start)
        out[path.stem] = min(samples)
    return out


# ---- hand-written versions of 碳排放权交易管理暂行条例 第二十二条 (重点排放单位排放数据弄虚作假)

_FIFTY_WAN, _TWO_HUNDRED_WAN = Decimal(500000), Decimal(2000000)
_FIVE, _TEN, _ZERO = Decimal(5), Decimal(10), Decimal(0)
_PERSON = (Decimal(50000), Decimal(200000))
_PERSON_RANGE = Range(Decimal("50000.00"), Decimal("200000.00"))
_CUT = Range(Decimal(50), Decimal(100), "%")
_ORDER = Sanction("measure", "责令改正", "must", None, None)
_SUSPEND = Sanction("measure", "责令停产整治", "may", None, None)
_CUT_SANCTION = Sanction("measure", "核减下一年度碳排放配额", "must", _CUT, None)
_PEOPLE = "直接负责的主管人员和其他直接责任人员"


def bare(违法所得: Decimal, 拒不改正: bool) -> tuple[Decimal, Decimal]:
    """What a developer writes who wants the unit's fine range and nothing else."""
    if isinstance(违法所得, bool) or not isinstance(违法所得, (int, Decimal)) or 违法所得 < 0:
        raise FactError("违法所得", "must be a non-negative Decimal")
    if not isinstance(拒不改正, bool):
        raise FactError("拒不改正", "must be True or False")
    if 违法所得 < _FIFTY_WAN:
        return _FIFTY_WAN, _TWO_HUNDRED_WAN
    return (违法所得 * _FIVE).quantize(_FEN), (违法所得 * _TEN).quantize(_FEN)


def equivalent(违法所得: Decimal, 拒不改正: bool, cite: tuple[Citation, ...] = ()) -> PenaltyResult:
    """What a developer writes by hand to return everything the generated function returns."""
    违法所得 = ops.amount("违法所得", 违法所得, "元")
    拒不改正 = ops.flag("拒不改正", 拒不改正)
    why = [ops.given("违法所得", 违法所得, "元"), ops.given("拒不改正", 拒不改正, None)]
    sanctions = [_ORDER]
    if 违法所得 > _ZERO:
        why.append("违法所得 超过0元（>）：成立 → 没收违法所得")
        sanctions.append(Sanction("confiscate", "没收违法所得", "must", Range(违法所得, 违法所得, "元"), None))
    else:
        why.append("违法所得 超过0元（>）：不成立，不适用没收违法所得")
    if 违法所得 == _ZERO or 违法所得 < _FIFTY_WAN:
        why.append("违法所得 = 0元，或者违法所得 不足50万元（<）：成立 → 50万元..200万元")
        fine = (_FIFTY_WAN, _TWO_HUNDRED_WAN)
    else:
        why.append("违法所得 = 0元，或者违法所得 不足50万元（<）：不成立")
        why.append("其他情形：适用 → 违法所得的5倍至10倍")
        fine = (违法所得 * _FIVE, 违法所得 * _TEN)
    why.append(ops.decided("重点排放单位罚款", fine, "元"))
    why.append(ops.decided(_PEOPLE + "罚款", _PERSON, "元"))
    if 拒不改正:
        why.append("拒不改正：成立 → 核减下一年度碳排放配额、责令停产整治")
        sanctions += [_CUT_SANCTION, _SUSPEND]
    else:
        why.append("拒不改正：不成立，不适用核减下一年度碳排放配额、责令停产整治")
    return PenaltyResult("重点排放单位排放数据弄虚作假", True, Range(ops.to_fen(fine[0]), ops.to_fen(fine[1])), "must",
                         tuple(sanctions), (IndividualResult(_PEOPLE, _PERSON_RANGE, "must", ()),), None, cite,
                         tuple(why))


_FEN = Decimal("0.01")
CASES = [(Decimal("499999"), False), (Decimal("500000"), True), (Decimal("1234567.89"), False), (Decimal(0), True)]


def per_call(fn, number: int, repeat: int) -> float:  # type: ignore[no-untyped-def]
    def loop() -> None:
        for gains, refused in CASES:
            fn(违法所得=gains, 拒不改正=refused)

    times = timeit.repeat(loop, number=number, repeat=repeat)
    return min(times) / (number * len(CASES))


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__).parse_args([a for a in sys.argv[1:] if a != "--quick"])
    del args
    quick = "--quick" in sys.argv
    repeat = 3 if quick else 7
    rate, lines = front_end_rate(repeat)
    print(f"front end (parse + AST + check + lower): {lines} spec lines, {rate:,.0f} lines/s (target >= 15,000)")
    for stem, seconds in build_times(repeat).items():
        print(f"build {stem}: {seconds * 1000:.1f} ms")
    from fatiao_laws import carbon_emissions_trading as carbon

    generated = carbon.重点排放单位排放数据弄虚作假
    cite = generated(违法所得=Decimal(0), 拒不改正=False).citations
    for gains, refused in CASES:  # the hand-written version really is equivalent: equal results
        assert generated(违法所得=gains, 拒不改正=refused) == equivalent(gains, refused, cite), (gains, refused)
        assert (generated(违法所得=gains, 拒不改正=refused).fine.low,  # type: ignore[union-attr]
                generated(违法所得=gains, 拒不改正=refused).fine.high) == bare(gains, refused)  # type: ignore[union-attr]
    number = 2000 if quick else 10000
    g = per_call(generated, number, repeat)
    e = per_call(equivalent, number, repeat)
    b = per_call(bare, number, repeat)
    print(f"碳排放权交易管理暂行条例 第二十二条 per call: generated {g * 1e6:.2f} µs, hand-written equivalent {e * 1e6:.2f} µs, "
          f"hand-written bare {b * 1e6:.2f} µs")
    print(f"ratio generated / hand-written equivalent: {g / e:.2f} (target <= 1.2)")
    print(f"ratio generated / hand-written bare (range only, no citation or explanation): {g / b:.2f}")


if __name__ == "__main__":
    main()
