"""Tests for fatiao_runtime.calendar (PRC working-day calendar)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import holidays  # a dev dependency: the cross-check below must really run
import pytest

from fatiao_runtime import _workdays_data as data
from fatiao_runtime import calendar as cal
from fatiao_runtime.calendar import (
    CalendarRangeError,
    add_calendar_days,
    add_working_days,
    is_holiday,
    is_working_day,
    roll_forward,
)

D = dt.date
REPO_ROOT = Path(__file__).resolve().parent.parent
FIRST = D(2004, 1, 1)
LAST = D(2026, 12, 31)


def all_days(first: dt.date = FIRST, last: dt.date = LAST):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


# --- cross-checks against independent sources -------------------------------

# Days where our calendar and `holidays.China` disagree.  Empty: the only
# day on which the two upstream sources differ (2005-12-31) is corrected in
# tools/vendor_calendar.py to match the State Council notice, which agrees
# with `holidays`.  Any new disagreement must be investigated and listed here.
KNOWN_DISAGREEMENTS_WITH_HOLIDAYS: dict[dt.date, str] = {}

# Days where our calendar deliberately differs from chinesecalendar 1.11.0.
KNOWN_DISAGREEMENTS_WITH_CHINESE_CALENDAR: dict[dt.date, str] = {
    D(2005, 12, 31): "国办发明电〔2005〕35号: 12月31日（星期六）上班 (upstream issue #125)",
}


def test_matches_holidays_package_every_day():
    cn = holidays.China(years=range(FIRST.year, LAST.year + 1))
    disagreements = {
        day for day in all_days() if is_working_day(day) != cn.is_working_day(day)
    }
    assert disagreements == set(KNOWN_DISAGREEMENTS_WITH_HOLIDAYS)


def test_matches_chinese_calendar_every_day():
    chinese_calendar = pytest.importorskip("chinese_calendar")
    disagreements = {
        day for day in all_days() if is_working_day(day) != chinese_calendar.is_workday(day)
    }
    assert disagreements == set(KNOWN_DISAGREEMENTS_WITH_CHINESE_CALENDAR)


def _load_vendor_tool():
    path = REPO_ROOT / "tools" / "vendor_calendar.py"
    spec = importlib.util.spec_from_file_location("vendor_calendar", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_file_is_regenerated_byte_for_byte():
    chinese_calendar = pytest.importorskip("chinese_calendar")
    if f"chinesecalendar {chinese_calendar.__version__}" != data.CALENDAR_SOURCE:
        pytest.skip(f"installed chinesecalendar {chinese_calendar.__version__} "
                    f"is not the vendored {data.CALENDAR_SOURCE}")
    tool = _load_vendor_tool()
    expected = tool.render().encode("utf-8")
    assert tool.render().encode("utf-8") == expected  # deterministic
    assert (REPO_ROOT / "src/fatiao_runtime/_workdays_data.py").read_bytes() == expected


def test_data_file_shape_and_version_digest():
    assert data.FIRST_YEAR == 2004 and data.LAST_YEAR == 2026
    assert data.CALENDAR_SOURCE == "chinesecalendar 1.11.0"
    for ordinals, weekend in ((data.WEEKDAY_HOLIDAYS, False), (data.WEEKEND_WORKDAYS, True)):
        assert list(ordinals) == sorted(set(ordinals))
        for o in ordinals:
            day = D.fromordinal(o)
            assert FIRST <= day <= LAST
            assert (day.weekday() >= 5) == weekend
    tool = _load_vendor_tool()
    digest = tool.data_digest(data.FIRST_YEAR, data.LAST_YEAR,
                              list(data.WEEKDAY_HOLIDAYS), list(data.WEEKEND_WORKDAYS))
    assert f"sha256:{digest}" in data.CALENDAR_VERSION
    assert cal.CALENDAR_VERSION == data.CALENDAR_VERSION
    assert cal.COVERED_YEARS == tuple(range(2004, 2027))


# --- concrete examples ------------------------------------------------------

def test_national_day_2024():
    for day in range(1, 8):
        assert is_holiday(D(2024, 10, day))
        assert not is_working_day(D(2024, 10, day))
    assert is_working_day(D(2024, 9, 29))   # Sunday, 调休
    assert is_working_day(D(2024, 10, 12))  # Saturday, 调休
    assert is_working_day(D(2024, 9, 30))
    assert is_working_day(D(2024, 10, 8))
    assert is_holiday(D(2024, 10, 13))      # ordinary Sunday


def test_2005_12_31_is_a_working_saturday():
    assert is_working_day(D(2005, 12, 31))
    assert is_holiday(D(2006, 1, 2)) and is_holiday(D(2006, 1, 3))


def test_add_working_days_examples():
    assert add_working_days(D(2024, 9, 30), 1) == D(2024, 10, 8)
    assert add_working_days(D(2024, 9, 28), 1) == D(2024, 9, 29)
    assert add_working_days(D(2024, 9, 28), 2) == D(2024, 9, 30)
    assert add_working_days(D(2024, 9, 28), 3) == D(2024, 10, 8)
    assert add_working_days(D(2024, 10, 3), 5) == D(2024, 10, 12)
    assert type(add_working_days(D(2024, 9, 30), 1)) is D


def test_roll_forward_and_calendar_days():
    assert roll_forward(D(2024, 10, 1)) == D(2024, 10, 8)
    assert roll_forward(D(2024, 10, 8)) == D(2024, 10, 8)
    assert roll_forward(D(2024, 9, 29)) == D(2024, 9, 29)
    assert roll_forward(D(2024, 10, 13)) == D(2024, 10, 14)
    assert add_calendar_days(D(2024, 9, 24), 7) == D(2024, 10, 1)
    assert roll_forward(add_calendar_days(D(2024, 9, 24), 7)) == D(2024, 10, 8)
    assert add_calendar_days(D(2030, 1, 1), 1) == D(2030, 1, 2)  # no data needed


def test_working_days_per_year():
    counts = {y: sum(is_working_day(d) for d in all_days(D(y, 1, 1), D(y, 12, 31)))
              for y in (2023, 2024, 2025, 2026)}
    assert counts == {2023: 249, 2024: 251, 2025: 248, 2026: 248}


def test_add_working_days_agrees_with_stepping():
    def naive(start, n):
        day = start
        while n:
            day += dt.timedelta(days=1)
            if is_working_day(day):
                n -= 1
        return day

    limit = LAST - dt.timedelta(days=200)
    for i, start in enumerate(all_days(FIRST, limit)):
        for n in ((1, 2, 3, 10, 30, 100) if i % 23 == 0 else (1, 5)):
            assert add_working_days(start, n) == naive(start, n), (start, n)
        expected = start if is_working_day(start) else naive(start, 1)
        assert roll_forward(start) == expected


# --- errors -----------------------------------------------------------------

@pytest.mark.parametrize("day", [D(2003, 12, 31), D(2027, 1, 1), D(1, 1, 1), D(9999, 12, 31)])
def test_out_of_range_raises(day):
    for fn in (is_working_day, is_holiday, roll_forward):
        with pytest.raises(CalendarRangeError) as exc:
            fn(day)
        msg = str(exc.value)
        assert day.isoformat() in msg and "2004" in msg and "2026" in msg
        assert exc.value.date == day
    with pytest.raises(CalendarRangeError):
        add_working_days(day, 1)
    assert issubclass(CalendarRangeError, ValueError)


def test_result_past_end_raises():
    last_working = max(d for d in all_days(D(2026, 12, 1)) if is_working_day(d))
    assert add_working_days(D(2026, 12, 1), 1) == D(2026, 12, 2)
    with pytest.raises(CalendarRangeError, match="2026"):
        add_working_days(last_working, 1)
    with pytest.raises(CalendarRangeError):
        add_working_days(D(2026, 1, 1), 400)
    assert add_working_days(FIRST, 1) == D(2004, 1, 2)  # 2004-01-01 is a holiday


@pytest.mark.parametrize("n", [0, -1, -100])
def test_non_positive_n_raises_value_error(n):
    with pytest.raises(ValueError, match="n must be >= 1"):
        add_working_days(D(2024, 9, 30), n)
    with pytest.raises(ValueError, match="n must be >= 1"):
        add_calendar_days(D(2024, 9, 30), n)


@pytest.mark.parametrize("bad", [1.0, True, "1", None])
def test_non_int_n_raises_type_error(bad):
    with pytest.raises(TypeError):
        add_working_days(D(2024, 9, 30), bad)


@pytest.mark.parametrize("bad", [dt.datetime(2024, 10, 1, 9, 0), "2024-10-01", 739160, None])
def test_non_date_raises_type_error(bad):
    for fn in (is_working_day, is_holiday, roll_forward):
        with pytest.raises(TypeError):
            fn(bad)
    with pytest.raises(TypeError):
        add_working_days(bad, 1)
    with pytest.raises(TypeError):
        add_calendar_days(bad, 1)


# --- import hygiene -----------------------------------------------------------

def test_import_is_stdlib_only_and_lazy():
    code = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import fatiao_runtime.calendar as c\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        "std = getattr(sys, 'stdlib_module_names', None)\n"
        "bad = sorted(m for m in new if m != 'fatiao_runtime' and std is not None"
        " and m not in std)\n"
        "assert not bad, bad\n"
        "assert 'fatiao' not in sys.modules\n"
        "assert c._TABLES is None, 'tables must be built lazily'\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT / "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
