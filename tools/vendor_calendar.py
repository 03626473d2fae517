#!/usr/bin/env python3
"""Regenerate ``src/fatiao_runtime/_workdays_data.py`` from ``chinesecalendar``.

The runtime package must stay standard-library only, so the PRC working-day
calendar (statutory holidays and the weekend days turned into working days,
调休) is vendored as plain data.  This tool is the only writer of that file.

Usage::

    python tools/vendor_calendar.py            # rewrite the data file
    python tools/vendor_calendar.py --check    # exit 1 if the file is stale
    python tools/vendor_calendar.py --stdout   # print instead of writing

Needs ``pip install chinesecalendar`` (import name ``chinese_calendar``).

Data model
----------
A day is a working day iff it is Monday..Friday and not a day off, or it is a
Saturday/Sunday that the State Council turned into a working day.  So the file
stores only the two exception lists, as proleptic Gregorian ordinals
(``datetime.date.toordinal()``), grouped by year:

* ``WEEKDAY_HOLIDAYS``: Monday..Friday days that are days off;
* ``WEEKEND_WORKDAYS``: Saturdays/Sundays that are working days (调休).

Corrections
-----------
``CORRECTIONS`` overrides the source on days where it contradicts the State
Council notice.  Each entry cites the notice.  The tool refuses to run if a
correction has become a no-op (the source was fixed upstream), so stale
corrections cannot linger.

Output is byte-deterministic: no timestamps, sorted data, fixed layout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_PATH = REPO_ROOT / "src" / "fatiao_runtime" / "_workdays_data.py"

SOURCE_DISTRIBUTION = "chinesecalendar"

# date -> (is_working_day, citation lines).  Keep this list short and sourced.
CORRECTIONS: dict[dt.date, tuple[bool, tuple[str, ...]]] = {
    # chinesecalendar 1.11.0 treats 2005-12-31 (Saturday) as an ordinary
    # weekend day off (upstream issue LKI/chinese-calendar#125, open).  The
    # notice for 2006 says: 元旦：1月1日—3日放假，共3天 ... 12月31日（星期六）上班.
    # The `holidays` package (China) agrees with the notice.
    dt.date(2005, 12, 31): (
        True,
        (
            "国务院办公厅关于2006年部分节假日安排的通知 (国办发明电〔2005〕35号):",
            "一、元旦：1月1日—3日放假，共3天。……12月31日（星期六）上班。",
        ),
    ),
}

WRAP = 79


def _source_version() -> str:
    import chinese_calendar

    return str(chinese_calendar.__version__)


def _source_years() -> tuple[int, int]:
    """The year range the installed chinese_calendar answers for (inclusive)."""
    import chinese_calendar
    from chinese_calendar import constants

    first = min(constants.holidays).year
    last = max(constants.holidays).year
    # Make sure the range is exactly what the library accepts.
    for year in (first, last):
        chinese_calendar.is_workday(dt.date(year, 1, 1))
        chinese_calendar.is_workday(dt.date(year, 12, 31))
    for year in (first - 1, last + 1):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            continue
        raise SystemExit(f"chinese_calendar unexpectedly answers for {year}")
    return first, last


def collect() -> tuple[str, int, int, list[int], list[int]]:
    """Return (source, first_year, last_year, weekday_holidays, weekend_workdays)."""
    import chinese_calendar

    source = f"{SOURCE_DISTRIBUTION} {_source_version()}"
    first, last = _source_years()
    weekday_holidays: list[int] = []
    weekend_workdays: list[int] = []
    day = dt.date(first, 1, 1)
    end = dt.date(last, 12, 31)
    one = dt.timedelta(days=1)
    while day <= end:
        working = bool(chinese_calendar.is_workday(day))
        if day in CORRECTIONS:
            corrected, _ = CORRECTIONS[day]
            if corrected == working:
                raise SystemExit(
                    f"correction for {day} is a no-op with {source}; "
                    "remove it from CORRECTIONS in tools/vendor_calendar.py"
                )
            working = corrected
        if day.weekday() < 5 and not working:
            weekday_holidays.append(day.toordinal())
        elif day.weekday() >= 5 and working:
            weekend_workdays.append(day.toordinal())
        day += one
    for day in CORRECTIONS:
        if not first <= day.year <= last:
            raise SystemExit(f"correction for {day} is outside {first}..{last}")
    return source, first, last, weekday_holidays, weekend_workdays


def data_digest(first: int, last: int, holidays: list[int], workdays: list[int]) -> str:
    """Content hash of the calendar data; mirrored by tests/test_calendar.py."""
    canon = "{}-{}|{}|{}".format(
        first,
        last,
        ",".join(map(str, sorted(holidays))),
        ",".join(map(str, sorted(workdays))),
    )
    return hashlib.sha256(canon.encode("ascii")).hexdigest()[:16]


def _tuple_lines(name: str, ordinals: list[int]) -> list[str]:
    by_year: dict[int, list[int]] = {}
    for o in sorted(ordinals):
        by_year.setdefault(dt.date.fromordinal(o).year, []).append(o)
    lines = [f"{name} = ("]
    for year in sorted(by_year):
        lines.append(f"    # {year}")
        line = "   "
        for o in by_year[year]:
            item = f" {o},"
            if len(line) + len(item) > WRAP:
                lines.append(line)
                line = "   "
            line += item
        lines.append(line)
    lines.append(")")
    return lines


def render() -> str:
    source, first, last, holidays, workdays = collect()
    digest = data_digest(first, last, holidays, workdays)
    n_corr = len(CORRECTIONS)
    version = f"{source} + {n_corr} correction{'s' if n_corr != 1 else ''} (sha256:{digest})"
    out = [
        f"# Generated by tools/vendor_calendar.py from {source}. Do not edit.",
        "# Source data: https://github.com/LKI/chinese-calendar (MIT License,",
        "# Copyright Lirian Su).",
        "#",
        "# Ordinals are datetime.date.toordinal() values.  A day is a working day",
        "# iff (Mon..Fri and not in WEEKDAY_HOLIDAYS) or (Sat/Sun and in",
        "# WEEKEND_WORKDAYS).  Days outside FIRST_YEAR..LAST_YEAR are unknown.",
    ]
    if CORRECTIONS:
        out.append("#")
        out.append("# Corrections applied on top of the source:")
        for day in sorted(CORRECTIONS):
            working, cite = CORRECTIONS[day]
            kind = "working day" if working else "day off"
            out.append(f"#   {day.isoformat()} -> {kind}, per")
            out.extend(f"#     {line}" for line in cite)
    out += [
        "",
        '"""PRC working-day calendar data (generated; see tools/vendor_calendar.py)."""',
        "",
        f'CALENDAR_SOURCE = "{source}"',
        f'CALENDAR_VERSION = "{version}"',
        f"FIRST_YEAR = {first}",
        f"LAST_YEAR = {last}",
        "",
        "# Monday..Friday days that are days off.",
        *_tuple_lines("WEEKDAY_HOLIDAYS", holidays),
        "",
        "# Saturdays and Sundays that are working days (调休).",
        *_tuple_lines("WEEKEND_WORKDAYS", workdays),
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if the data file is stale")
    group.add_argument("--stdout", action="store_true", help="print instead of writing")
    parser.add_argument("--output", type=Path, default=DATA_PATH, help="data file path")
    args = parser.parse_args(argv)

    text = render()
    data = text.encode("utf-8")
    if args.stdout:
        sys.stdout.write(text)
        return 0
    if args.check:
        current = args.output.read_bytes() if args.output.exists() else b""
        if current != data:
            print(f"{args.output} is stale; run tools/vendor_calendar.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
