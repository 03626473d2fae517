"""Time in fatiao: deadlines, periods in force and versions of a value, as users of a spec meet them.

Properties run on the runtime the generated modules call (fatiao_runtime.ops) and
on specs compiled end to end; the fixed cases pin the law's own counting rules.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fatiao.diagnostics import CompileError
from fatiao.emit_python import emit_python
from fatiao.interpret import run
from fatiao.pipeline import front_end
from fatiao_runtime import NotInForce, calendar, ops
from fatiao_runtime.errors import FactError

D = dt.date
# Starts whose deadlines stay inside the vendored calendar (2004–2026).
STARTS = st.dates(D(2004, 1, 1), D(2026, 9, 30))
UNITS = st.sampled_from(["日", "工作日", "月"])


@given(start=STARTS, n=st.integers(1, 60), unit=UNITS)
@settings(max_examples=400)
def test_a_deadline_never_ends_on_a_day_off(start: dt.date, n: int, unit: str) -> None:
    """Counted in working days, or rolled forward off a holiday: the last day is a working day."""
    if unit == "月":
        n = min(n, 2)
    due = ops.due_date("起算日", start, n, unit)
    assert calendar.is_working_day(due)
    assert due > start


@given(start=st.dates(D(2004, 1, 1), D(2026, 9, 29)), n=st.integers(1, 60), unit=UNITS)
@settings(max_examples=400)
def test_a_later_start_never_ends_earlier(start: dt.date, n: int, unit: str) -> None:
    if unit == "月":
        n = min(n, 2)
    later = start + dt.timedelta(days=1)
    assert ops.due_date("起算日", later, n, unit) >= ops.due_date("起算日", start, n, unit)


@given(start=st.dates(D(1900, 1, 1), D(2300, 12, 31)), years=st.integers(1, 50))
def test_a_reached_period_is_its_anniversary_in_any_year(start: dt.date, years: int) -> None:
    """满N年 needs no calendar: the same day N years on, or 02-28 for a 02-29 start."""
    due = ops.due_date("形成日期", start, years, "年", reached=True)
    assert due.month == start.month
    assert due.day == start.day or (start.month, start.day, due.day) == (2, 29, 28)


@pytest.mark.parametrize(("start", "n", "unit", "due", "why"), [
    (D(2024, 2, 8), 3, "工作日", D(2024, 2, 19), "Spring Festival 02-10..17 skipped; Sunday 02-18 is a make-up day"),
    (D(2024, 2, 8), 2, "工作日", D(2024, 2, 18), "the make-up Sunday 2024-02-18 counts as a working day"),
    (D(2024, 9, 27), 7, "工作日", D(2024, 10, 12), "National Day skipped; Saturday 10-12 is a working day"),
    (D(2024, 2, 29), 1, "月", D(2024, 3, 29), "2024-02-29 + 1个月: the corresponding day exists"),
    (D(2024, 1, 31), 1, "月", D(2024, 2, 29), "no 01-31 in February: its last day, a leap day"),
    (D(2024, 2, 29), 1, "年", D(2025, 2, 28), "a leap-day start ends on 02-28 (a Friday, a working day)"),
    (D(2024, 9, 25), 7, "日", D(2024, 10, 8), "10-02 falls in National Day: rolled to the first working day"),
])
def test_the_laws_counting_rules(start: dt.date, n: int, unit: str, due: dt.date, why: str) -> None:
    assert ops.due_date("起算日", start, n, unit) == due, why


def test_a_deadline_past_the_calendar_is_refused_not_guessed() -> None:
    with pytest.raises(FactError, match="covers only"):
        ops.due_date("起算日", D(2026, 12, 20), 20, "工作日")
    # 满 needs no calendar, so the same span is fine
    assert ops.due_date("起算日", D(2010, 3, 1), 20, "年", reached=True) == D(2030, 3, 1)


# ---------------------------------------------------------------- specs compiled end to end

LAW = """测试通知
（2023年3月29日）

一、自2023年5月1日起，继续实施阶段性降低失业保险费率至1%的政策，实施期限延长至2024年底。
二、本通知自2023年5月1日起执行。
"""


def compile_spec(tmp_path: Path, body: str, effective: str = "2023-05-01") -> Path:
    (tmp_path / "law").mkdir(exist_ok=True)
    (tmp_path / "law" / "notice.txt").write_text(LAW, encoding="utf-8")
    spec = tmp_path / "notice.fatiao"
    header = f'law "测试通知" {{ issuer "测试机关" effective {effective} }}\n'
    spec.write_text(header + textwrap.dedent(body), encoding="utf-8")
    return spec


def load_module(tmp_path: Path, spec: Path, name: str) -> Any:
    law = front_end(spec)
    (tmp_path / f"{name}.py").write_text(emit_python(law), encoding="utf-8")
    sys.path.insert(0, str(tmp_path))
    try:
        sys.modules.pop(name, None)
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))


def version_rows(cuts: list[dt.date], end: dt.date | None) -> str:
    rows = []
    for i, start in enumerate(cuts):
        stop = cuts[i + 1] - dt.timedelta(days=1) if i + 1 < len(cuts) else end
        until = f" until {stop}" if stop else ""
        rows.append(f'  § 一、 "继续实施阶段性降低失业保险费率至1%的政策"\n  from {start}{until} => {i + 1}%\n')
    return "versions 费率 {\n" + "".join(rows) + "}\n"


RATE_RULE = """
fact 工资总额: money
§ 一、 "继续实施阶段性降低失业保险费率至1%的政策"
amount 应缴费 = 费率 * 工资总额
"""


@st.composite
def tilings(draw: Any) -> tuple[list[dt.date], dt.date | None]:
    days = draw(st.lists(st.integers(1, 400), min_size=0, max_size=5, unique=True))
    first = D(2023, 5, 1)
    cuts = [first] + [first + dt.timedelta(days=d) for d in sorted(days)]
    end = draw(st.one_of(st.none(), st.just(cuts[-1] + dt.timedelta(days=draw(st.integers(0, 300))))))
    return cuts, end


@given(tiling=tilings(), probe=st.integers(-30, 800))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_versions_cover_their_span_exactly_once(tmp_path: Path, tiling: Any, probe: int) -> None:
    """Every day of the declared span has exactly one version; days outside have none."""
    cuts, end = tiling
    spec = compile_spec(tmp_path, version_rows(cuts, end) + RATE_RULE)
    law = front_end(spec)
    day = cuts[0] + dt.timedelta(days=probe)
    inside = day >= cuts[0] and (end is None or day <= end)
    if not inside:
        with pytest.raises(NotInForce):
            run(law, "应缴费", {"工资总额": Decimal(100)}, day)
        return
    index = max(i for i, c in enumerate(cuts) if c <= day)
    result = run(law, "应缴费", {"工资总额": Decimal(100)}, day)
    assert result.value is not None and result.value.low == Decimal(index + 1)


@given(tiling=tilings(), shift=st.integers(-3, 3).filter(lambda s: s != 0), which=st.integers(0, 4))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_moved_boundary_is_a_gap_or_an_overlap(tmp_path: Path, tiling: Any, shift: int, which: int) -> None:
    cuts, end = tiling
    if len(cuts) < 2:
        return
    i = 1 + which % (len(cuts) - 1)
    text = version_rows(cuts, end)
    # Move the start of version i, leaving the end of version i-1 where it was.
    moved = cuts[i] + dt.timedelta(days=shift)
    if (i + 1 < len(cuts) and moved >= cuts[i + 1]) or moved <= cuts[i - 1]:
        return
    if i + 1 == len(cuts) and end is not None and moved > end:
        return  # the version would end before it starts: a different mistake
    text = text.replace(f"from {cuts[i]}", f"from {moved}")
    spec = compile_spec(tmp_path, text + RATE_RULE)
    with pytest.raises(CompileError) as err:
        front_end(spec)
    codes = {d.code.value for d in err.value.diagnostics}
    assert codes == ({"version-gap"} if shift > 0 else {"version-overlap"})


def test_generated_module_judges_the_date(tmp_path: Path) -> None:
    spec = compile_spec(tmp_path, version_rows([D(2023, 5, 1)], D(2024, 12, 31)) + RATE_RULE + """
fact 违法行为发生日期: date
§ 二、 "本通知自2023年5月1日起执行。"
as of 违法行为发生日期
amount 按违法日期计 = 费率 * 工资总额
""")
    module = load_module(tmp_path, spec, "notice_time")
    money = Decimal("12345.67")
    # inside the window: 1%, rounded half-up to the fen
    r = module.应缴费(工资总额=money, as_of=D(2024, 2, 29))
    assert r.value.low == Decimal("123.46") and r.value.unit == "元"
    assert any("2023-05-01至2024-12-31的规定为 1%" in line for line in r.explanation)
    # the day after the window: refused, naming when the value was set
    with pytest.raises(NotInForce, match="2023-05-01至2024-12-31"):
        module.应缴费(工资总额=money, as_of=D(2025, 1, 1))
    with pytest.raises(NotInForce, match="not yet in force"):
        module.应缴费(工资总额=money, as_of=D(2023, 4, 30))
    # no date at all: the answer depends on it, so the module asks for one
    with pytest.raises(FactError, match="as_of"):
        module.应缴费(工资总额=money)
    # the rule's own date fact stands in for as_of
    assert module.按违法日期计(工资总额=money, 违法行为发生日期=D(2024, 6, 1)).value.low == Decimal("123.46")
    with pytest.raises(NotInForce):
        module.按违法日期计(工资总额=money, 违法行为发生日期=D(2025, 6, 1))
    # the interpreter agrees, line for line
    law = front_end(spec)
    assert run(law, "应缴费", {"工资总额": money}, D(2024, 2, 29)) == r


def test_the_time_fixture_passes_through_both_engines() -> None:
    """tests/time/notice.fatiao uses every construct of this file; `fatiao test` runs it twice."""
    from click.testing import CliRunner

    from fatiao.cli import main

    spec = Path(__file__).parent / "time" / "notice.fatiao"
    result = CliRunner().invoke(main, ["test", str(spec)])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    verify = CliRunner().invoke(main, ["verify", str(spec)])
    assert verify.exit_code == 0, verify.output


def test_a_period_given_by_a_fact_counts_whole_periods_only() -> None:
    """消保条例 第十八条: the agreed warranty length is a fact; 15.5日 or 0日 cannot be counted, and the
    generated module refuses them by name instead of truncating to a wrong last day."""
    from fatiao_laws import consumer_protection_implementation as law

    from fatiao_runtime.errors import FactError

    rule = law.自交付起算的退货更换修理有效期限
    facts: dict[str, Any] = {"需要经营者另行安装": False, "经营者已履行更换义务": False,
                             "交付商品或者服务完结日期": dt.date(2024, 6, 3), "经营者修理的天数": 0}
    assert rule(约定的退货更换修理等义务有效期限=15, **facts).due == dt.date(2024, 6, 18)
    for bad in (Decimal("15.5"), 0):
        with pytest.raises(FactError) as err:
            rule(约定的退货更换修理等义务有效期限=bad, **facts)
        assert "约定的退货更换修理等义务有效期限" in str(err.value) and "whole number" in str(err.value)
