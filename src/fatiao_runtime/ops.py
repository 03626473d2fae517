"""The semantics that generated modules and the reference interpreter share.

Fact validation, interval arithmetic, rounding and the wording of explanations
live here once, so the two evaluators can only differ in how they walk a rule,
which is what the differential tests compare.
"""

from __future__ import annotations

import calendar as _cal
import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from fatiao_runtime import calendar as workdays
from fatiao_runtime.errors import FactError
from fatiao_runtime.format import fmt_amount, fmt_factor
from fatiao_runtime.results import Explanation, IndividualResult, Range

Interval = tuple[Decimal, Decimal]
FEN = Decimal("0.01")


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class NotApplicable(Exception):
    """No tier of a table holds for these facts, so the rule does not apply to them."""


# ---------------------------------------------------------------- validation

def optional_amount(name: str, value: Any, unit: str) -> Decimal | None:
    """An amount that may be unknown (None): the rule then uses the law's fallback range."""
    if value is None:
        return None
    return amount(name, value, unit)


def amount(name: str, value: Any, unit: str) -> Decimal:
    """Money and quantities: exact Decimal or int, never negative, never float."""
    if value is MISSING:
        raise FactError(name, f"missing (an amount in {unit} is needed)")
    if value is None:
        raise FactError(name, f"must be known (an amount in {unit}); this rule has no fallback for it")
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        hint = " (floats are not exact; pass Decimal('…'))" if isinstance(value, float) else ""
        raise FactError(name, f"must be a Decimal or int amount in {unit}, not {type(value).__name__}{hint}")
    exact = Decimal(value)
    if not exact.is_finite():
        raise FactError(name, f"must be a finite amount, not {exact}")
    if exact < 0:
        raise FactError(name, f"cannot be negative ({exact} {unit})")
    return exact


def count(name: str, value: Any, unit: str) -> Decimal:
    """People, times, items: a whole number; 1.5 deaths is a mistake, not a tier."""
    exact = amount(name, value, unit)
    if exact != exact.to_integral_value():
        raise FactError(name, f"must be a whole number of {unit}, not {exact}")
    return exact


def flag(name: str, value: Any) -> bool:
    if value is MISSING:
        raise FactError(name, "missing (true or false is needed)")
    if not isinstance(value, bool):
        raise FactError(name, f"must be True or False, not {type(value).__name__}")
    return value


def date(name: str, value: Any) -> datetime.date:
    if value is MISSING:
        raise FactError(name, "missing (a date is needed)")
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise FactError(name, f"must be a datetime.date, not {type(value).__name__}")
    return value


_T = TypeVar("_T")


def member(name: str, value: _T, members: tuple[str, ...]) -> _T:
    """One of an enum's values; returned as given, so a Literal-typed argument keeps its type."""
    if value is MISSING:
        raise FactError(name, f"missing (one of {'、'.join(members)})")
    if not isinstance(value, str) or value not in members:
        raise FactError(name, f"must be one of {'、'.join(members)}, not {value!r}")
    return value


# ---------------------------------------------------------------- intervals

def point(value: Decimal) -> Interval:
    return (value, value)


def scale(low: Decimal, high: Decimal, base: Interval) -> Interval:
    return (low * base[0], high * base[1])


def add(*terms: Interval) -> Interval:
    return (sum((t[0] for t in terms), Decimal(0)), sum((t[1] for t in terms), Decimal(0)))


def mul(*factors: Interval) -> Interval:
    low, high = Decimal(1), Decimal(1)
    for f in factors:
        low, high = low * f[0], high * f[1]
    return (low, high)


def to_fen(value: Decimal) -> Decimal:
    """Fines are rounded to the fen, half up (四舍五入), once, at the end."""
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- explanations

def given(name: str, value: Any, unit: str | None) -> str:
    if unit == "比例" and isinstance(value, Decimal):
        return f"{name} = {fmt_factor(value, '%')}"
    if isinstance(value, bool):
        return f"{name}：{'是' if value else '否'}"
    if isinstance(value, (Decimal, int)):
        return f"{name} = {fmt_amount(Decimal(value), unit or '')}"
    if value is None:
        return f"{name}：不明"
    return f"{name} = {value}"


def given_external(name: str, value: Any, unit: str | None, source: str) -> str:
    """A value that comes from a law this document only refers to: say where it must come from."""
    return f"{given(name, value, unit)}（外部输入：{source}）"


def fallback(name: str, text: str, value: Interval, unit: str) -> str:
    return f"{name}不明，按{text}计：{fmt_interval(value, unit)}"


def fmt_interval(value: Interval, unit: str) -> str:
    if value[0] == value[1]:
        return fmt_amount(value[0], unit)
    return f"{fmt_amount(value[0], unit)}..{fmt_amount(value[1], unit)}"


def row_taken(label: str | None, text: str, value: str) -> str:
    verdict = "适用" if text == "其他情形" else "成立"
    return f"{label or ''}{text}：{verdict} → {value}"


def row_failed(label: str | None, text: str) -> str:
    return f"{label or ''}{text}：不成立"


def rows_taken(labels: list[str]) -> str:
    return f"成立的档次：{'、'.join(labels)}；取最高档 {labels[-1]}"


def no_row(where: str) -> str:
    return f"{where}：没有任何档次成立，本条不适用"


def governs(text: str, holds: bool, what: str) -> str:
    """An `if` of a penalty: whether it holds, and what it brings in or leaves out."""
    return f"{text}：成立 → {what}" if holds else f"{text}：不成立，不适用{what}"


def settle(fines: list[Interval], modalities: list[str]) -> tuple[Range | None, str | None]:
    """The fines one addressee faces, added up: 处 (must) fines in full; a 可以 (may) fine
    only raises the ceiling when a must fine is there too, since the authority may leave it out."""
    if len(fines) == 1:  # the common case, kept cheap
        low, high = fines[0]
        return Range(low.quantize(FEN, rounding=ROUND_HALF_UP), high.quantize(FEN, rounding=ROUND_HALF_UP),
                     "元"), modalities[0]
    must = [f for f, m in zip(fines, modalities, strict=False) if m == "must"]
    may = [f for f, m in zip(fines, modalities, strict=False) if m != "must"]
    if not fines:
        return None, None
    if not must:
        total, modality = add(*may), "may"
    else:
        total, modality = add(*must), "must"
        if may:
            total = (total[0], total[1] + add(*may)[1])
    return Range(to_fen(total[0]), to_fen(total[1]), "元"), modality


def individual(name: str, data: Any) -> IndividualResult:
    """A person's result: fixed at compile time already, or assembled from what applied."""
    if isinstance(data, IndividualResult):
        return data
    fines, extra, modalities = data
    fine, modality = settle(fines, modalities)
    return IndividualResult(name, fine, modality, tuple(extra))


def condition(text: str, holds: bool) -> str:
    return f"{text}：{'成立' if holds else '不成立'}"


def decided(label: str, value: Interval, unit: str) -> str:
    return f"{label}：{fmt_interval(value, unit)}"


# ---------------------------------------------------------------- time

def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day n months later; a day the month lacks becomes its last day (01-31 + 1月 → 02-28/29)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def due_date(fact: str, start: datetime.date, count: int, unit: str) -> datetime.date:
    """The start day is not counted; a last day that is a holiday rolls to the next working day."""
    try:
        if unit == "工作日":
            return workdays.add_working_days(start, count)
        if unit == "日":
            end = start + datetime.timedelta(days=count)
        elif unit == "月":
            end = add_months(start, count)
        else:
            end = add_months(start, 12 * count)
        return workdays.roll_forward(end)
    except workdays.CalendarRangeError as err:
        raise FactError(fact, str(err)) from None


def deadline_why(event: str, start: datetime.date, period: str, due: datetime.date) -> Explanation:
    return Explanation((given(event, start, None),
                        f"自{start.isoformat()}起{period}（起算日不计入），届满日 {due.isoformat()}"))


def prefixed(prefix: str, item: Any) -> str:
    """A line of another rule's explanation, quoted inside this one."""
    return prefix + (item if isinstance(item, str) else item[0](*item[1:]))
