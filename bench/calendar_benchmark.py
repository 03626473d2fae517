"""Working-day arithmetic: the vendored runtime calendar against the chinese_calendar package, in one run.

    python bench/calendar_benchmark.py [--quick]

Both answer the same questions on the same random starts (2004–2026) and the
script checks that they agree before it times anything. Printed per call:

- fatiao_runtime.calendar.add_working_days(start, n): the function generated
  deadline rules call (bisect over a sorted table of working days);
- chinese_calendar, the maintained package the table is vendored from, asked the
  same question directly: its find_workday(n, start) counts from the first working
  day on or after start, so for a start on a day off the law's "N working days
  after" is find_workday(n - 1, start) (the start day is not counted either way);
- the generated deadline rule 反馈核查结果 (7个工作日 after 核查完成日期), which adds
  fact validation, the in-force check, its citation and a lazy explanation;
- is_working_day on both sides.

Ratios are chinese_calendar / fatiao: above 1 means the vendored runtime is faster.
Never asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "generated")]

import chinese_calendar  # noqa: E402  (dev dependency: the source of the vendored table)
from fatiao_laws import carbon_emissions_trading as carbon  # noqa: E402

from fatiao_runtime import calendar  # noqa: E402


def per_call(fn: object, calls: int, repeat: int) -> float:
    timer = timeit.Timer(fn)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=repeat, number=1)) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer calls, for a smoke run")
    args = parser.parse_args()
    calls = 2_000 if args.quick else 20_000
    repeat = 3 if args.quick else 5
    rng = random.Random(20241001)
    first, last = dt.date(2004, 1, 1).toordinal(), dt.date(2026, 11, 30).toordinal()
    cases = [(dt.date.fromordinal(rng.randint(first, last)), rng.randint(1, 20)) for _ in range(calls)]

    # Same answers first: a fast wrong calendar is worth nothing.
    def direct(start: dt.date, n: int) -> dt.date:
        return chinese_calendar.find_workday(n if chinese_calendar.is_workday(start) else n - 1, start)

    # The vendored table corrects one day of chinese_calendar 1.11 (2005-12-31, a working
    # Saturday it misses; see fatiao_runtime._workdays_data): every disagreement must span it.
    fixed = dt.date(2005, 12, 31)
    differ = 0
    for start, n in cases:
        ours_day, theirs_day = calendar.add_working_days(start, n), direct(start, n)
        if ours_day != theirs_day:
            assert start < fixed <= max(ours_day, theirs_day), (start, n, ours_day, theirs_day)
            differ += 1
        assert calendar.is_working_day(start) == chinese_calendar.is_workday(start) or start == fixed, start
    calendar.add_working_days(cases[0][0], 1)  # load the table outside the timings

    def ours() -> None:
        for start, n in cases:
            calendar.add_working_days(start, n)

    def theirs() -> None:
        for start, n in cases:
            direct(start, n)

    def generated() -> None:
        for start, _ in cases:
            carbon.反馈核查结果(核查完成日期=start)

    def ours_is() -> None:
        for start, _ in cases:
            calendar.is_working_day(start)

    def theirs_is() -> None:
        for start, _ in cases:
            chinese_calendar.is_workday(start)

    rows = [
        ("add_working_days (fatiao_runtime)", per_call(ours, calls, repeat)),
        ("find_workday (chinese_calendar, direct)", per_call(theirs, calls, repeat)),
        ("generated 反馈核查结果 (7个工作日)", per_call(generated, calls, repeat)),
        ("is_working_day (fatiao_runtime)", per_call(ours_is, calls, repeat)),
        ("is_workday (chinese_calendar)", per_call(theirs_is, calls, repeat)),
    ]
    print(f"{calls} random starts 2004–2026, n = 1..20 working days; best of {repeat}; answers agree except "
          f"{differ} case(s) spanning 2005-12-31, the day the vendored table corrects")
    for label, seconds in rows:
        print(f"  {label:<40} {seconds * 1e6:8.2f} µs/call")
    print(f"  ratio add:  chinese_calendar / fatiao = {rows[1][1] / rows[0][1]:6.1f}x")
    print(f"  ratio is_:  chinese_calendar / fatiao = {rows[4][1] / rows[3][1]:6.1f}x")
    print(f"  generated rule / chinese_calendar find_workday alone = {rows[2][1] / rows[1][1]:6.2f}x")


if __name__ == "__main__":
    main()
