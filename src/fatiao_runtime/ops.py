"""The semantics that generated modules and the reference interpreter share.

Fact validation, interval arithmetic, rounding and the wording of explanations
live here once, so the two evaluators can only differ in how they walk a rule,
which is what the differential tests compare.
"""

from __future__ import annotations

import calendar as _cal
import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, TypeVar

from fatiao_runtime import calendar as workdays
from fatiao_runtime.errors import FactError, NotInForce
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


def moment(name: str, value: Any) -> datetime.datetime:
    """A date with its time of day, for periods counted in hours; naive (the law's local time)."""
    if value is MISSING:
        raise FactError(name, "missing (a moment, date and time, is needed)")
    if not isinstance(value, datetime.datetime):
        hint = " (a date alone has no time of day; pass datetime.datetime(…))" if isinstance(value, datetime.date) else ""
        raise FactError(name, f"must be a datetime.datetime, not {type(value).__name__}{hint}")
    if value.tzinfo is not None:
        raise FactError(name, "must be a local time without a time zone, as the law counts it")
    return value


def date(name: str, value: Any) -> datetime.date:
    if value is MISSING:
        raise FactError(name, "missing (a date is needed)")
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise FactError(name, f"must be a datetime.date, not {type(value).__name__}")
    return value


def optional_date(name: str, value: Any) -> datetime.date | None:
    """A `date or none` fact: None says there is no such day (no record at all), which the law decides on."""
    if value is None:
        return None
    if value is MISSING:
        raise FactError(name, "missing (a date is needed, or None when there is none)")
    return date(name, value)


_T = TypeVar("_T")


def member(name: str, value: _T, members: tuple[str, ...]) -> _T:
    """One of an enum's values; returned as given, so a Literal-typed argument keeps its type."""
    if value is MISSING:
        raise FactError(name, f"missing (one of {'、'.join(members)})")
    if not isinstance(value, str) or value not in members:
        raise FactError(name, f"must be one of {'、'.join(members)}, not {value!r}")
    return value


# ---------------------------------------------------------------- intervals

def sub(left: Interval, right: Interval) -> Interval:
    return (left[0] - right[1], left[1] - right[0])


def div(left: Interval, right: Interval, divisor: str) -> Interval:
    """Interval division; a divisor that can be zero has no answer, and says which one it was."""
    if right[0] <= 0 <= right[1]:
        raise FactError(divisor, "is zero (or may be), so the law's quotient cannot be computed")
    ends = [a / b for a in left for b in right]
    return (min(ends), max(ends))


def share(numerator: Decimal, denominator: Decimal, top: str, bottom: str) -> Fraction:
    """One fact's share of another, exactly: 4 of 6 is 2/3, not 0.6666…67, so a boundary of 2/3 holds exactly."""
    if denominator == 0:
        raise FactError(bottom, f"is 0, so the share 「{top} ÷ {bottom}」 has no value")
    return Fraction(numerator) / Fraction(denominator)


def minimum(*items: Interval) -> Interval:
    return (min(i[0] for i in items), min(i[1] for i in items))


def maximum(*items: Interval) -> Interval:
    return (max(i[0] for i in items), max(i[1] for i in items))


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
    return f"{name} = {when(value) if isinstance(value, datetime.date) else value}"


def when(d: datetime.date) -> str:
    """2024-06-03, or 2024-06-03 09:30 for a moment."""
    return d.strftime("%Y-%m-%d %H:%M") if isinstance(d, datetime.datetime) else d.isoformat()


def given_external(name: str, value: Any, unit: str | None, source: str) -> str:
    """A value that comes from a law this document only refers to: say where it must come from."""
    return f"{given(name, value, unit)}（外部输入：{source}）"


def fallback(name: str, text: str, value: Interval, unit: str) -> str:
    return f"{name}不明，按{text}计：{fmt_interval(value, unit)}"


def fmt_interval(value: Interval, unit: str) -> str:
    if unit == "":  # a ratio: as the law writes it, in percent
        low, high = (fmt_factor(v, "%") for v in value)
        return low if value[0] == value[1] else f"{low}..{high}"
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


def classified(rule: str, members: tuple[str, ...], hits: list[tuple[str | None, str, str]], mode: str,
               why: list[Any]) -> tuple[str | None, str | None]:
    """The class of a case from the rows that hold (label, words, member), and the lines saying why.

    `first` takes the first row that holds; `highest` the most severe member any row reaches
    (enums list members least severe first), as 事故等级 are graded by whichever criterion is worst.
    An `otherwise` row (words 其他情形) applies only when no other row holds.
    """
    if len(hits) > 1 and hits[-1][1] == "其他情形":
        hits = hits[:-1]
    if not hits:
        why.append(no_row("分类"))
        return None, None
    if mode == "first":
        hits = hits[:1]
    for label, text, member in hits:
        why.append(row_taken(label, text, member))
    label, _, member = max(hits, key=lambda h: members.index(h[2]))
    if len(hits) > 1:
        why.append(f"取其中最重者：{member}")
    return member, label


def settle_amount(value: Interval, unit: str) -> Range:
    """A computed amount as a result: money rounded half-up to the fen, once; other units exact."""
    if unit == "元":
        return Range(value[0].quantize(FEN, rounding=ROUND_HALF_UP), value[1].quantize(FEN, rounding=ROUND_HALF_UP),
                     unit)
    return Range(value[0], value[1], unit)


def computed(name: str, words: str, value: Interval, unit: str) -> str:
    """A named value on the way to the result: 未清缴配额金额 = 未清缴配额 × 平均成交价格 = 11.04万元."""
    return f"{name} = {words} = {fmt_interval(value, unit)}"


def decided(label: str, value: Interval, unit: str) -> str:
    return f"{label}：{fmt_interval(value, unit)}"


# ---------------------------------------------------------------- time

def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day n months later; a day the month lacks becomes its last day (01-31 + 1月 → 02-28/29)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def latest_day(fact: str, event: datetime.date, count: int, unit: str) -> datetime.date:
    """The last day to act for a period counted back from an event (提前30日, 听证的七日前).

    The event's own day is not counted. No holiday moves the result: the roll-forward rule
    of the law extends periods that run forward, and moving a day before an event later
    would shorten the notice the law requires.
    """
    try:
        if unit == "工作日":
            return workdays.sub_working_days(event, count)
        if unit == "日":
            return event - datetime.timedelta(days=count)
        return add_months(event, -count if unit == "月" else -12 * count)
    except workdays.CalendarRangeError as err:
        raise FactError(fact, str(err)) from None
    except OverflowError:
        raise FactError(fact, f"{count}{unit} before {event.isoformat()} is before the year 1") from None


def shifted(fact: str, start: datetime.date, count: int, unit: str, before: bool) -> datetime.date:
    """The day a condition compares with (申请登记之日前五年, 事故发生之日后30日), counted as deadlines count:
    the start day is not counted, months and years go to the corresponding day (or the month's last day).
    No holiday moves it: it measures time, it is not the last day to act."""
    if before:
        return latest_day(fact, start, count, unit)
    return due_date(fact, start, count, unit, reached=True)


def shifted_why(fact: str, start: datetime.date, count: int, unit: str, before: bool, day: datetime.date) -> str:
    return (f"{fact}（{start.isoformat()}）{'前' if before else '后'}{period_words(count, unit)}："
            f"{day.isoformat()}（起算日不计入，不因节假日调整）")


def shifted_in(fact: str, start: datetime.date, count: int, unit: str, before: bool,
               why: list[Any]) -> datetime.date:
    """`shifted`, and the day it found said once in the explanation, before the condition that reads it."""
    day = shifted(fact, start, count, unit, before)
    line = (shifted_why, fact, start, count, unit, before, day)
    if line not in why:
        why.append(line)
    return day


def given_optional(name: str, value: Any) -> str:
    """A `date or none` fact as given: its date, or that there is none."""
    return f"{name}：无" if value is None else given(name, value, None)


def latest_why(event: str, day: datetime.date, period: str, latest: datetime.date) -> Explanation:
    return Explanation((given(event, day, None),
                        f"{event}（{day.isoformat()}）前{period}（向前计算，该日不计入）：最迟 {latest.isoformat()}，"
                        "不因节假日调整"))


def tolled_why(fact: str, days: int, unit: str) -> str:
    return f"{fact}（{days}{unit}）不计入期限：期限相应延长{days}{unit}"


def period_of(fact: str, length: Decimal, unit: str) -> int:
    """A period whose length a fact gives (约定的有效期限): whole, and at least one, as a written one must be."""
    if length != length.to_integral_value() or length < 1:
        raise FactError(fact, f"must be a whole number of {unit}, at least 1, to count a period; not {length}")
    return int(length)


def tolled(fact: str, days: Decimal, unit: str) -> int:
    """Days a period does not run (鉴定、检测时间): a whole, non-negative number."""
    if days != days.to_integral_value():
        raise FactError(fact, f"must be a whole number of {unit}, not {days}")
    return int(days)


def due_date(fact: str, start: datetime.date, count: int, unit: str, reached: bool = False) -> datetime.date:
    """The start day is not counted; a last day that is a holiday rolls to the next working day.

    A period that is reached (满二十年即移交) ends on its anniversary whatever day that is:
    it marks when a duty arises, not the last day to act, so no holiday moves it and no
    calendar data is needed, which keeps periods of decades computable.
    """
    if count == 0 and unit == "日":
        return start  # 当天报送, 即时办结: the same day, whatever day it is
    if unit == "小时":
        # 二十四小时内: counted continuously from the moment, never moved off a holiday.
        return start + datetime.timedelta(hours=count)
    try:
        if unit == "工作日":
            return workdays.add_working_days(start, count)
        if unit == "日":
            end = start + datetime.timedelta(days=count)
        elif unit == "月":
            end = add_months(start, count)
        else:
            end = add_months(start, 12 * count)
        return end if reached else workdays.roll_forward(end)
    except workdays.CalendarRangeError as err:
        raise FactError(fact, str(err)) from None
    except OverflowError:
        raise FactError(fact, f"{count}{unit} after {start.isoformat()} is past the year 9999") from None


def deadline_why(event: str, start: datetime.date, period: str, due: datetime.date, reached: bool = False,
                 note: str | None = None) -> Explanation:
    if isinstance(start, datetime.datetime):
        words = f"自{when(start)}起{period}（连续计算，不因节假日顺延），届满时刻 {when(due)}"
    elif reached:
        words = f"自{start.isoformat()}起满{period}之日为 {due.isoformat()}（届满之日即为该日，不因节假日顺延）"
    else:
        words = f"自{start.isoformat()}起{period}（起算日不计入），届满日 {due.isoformat()}"
    lines = [given(event, start, None)]
    if note:
        lines.append(note)
    lines.append(words)
    return Explanation(tuple(lines))


def period_words(count: int, unit: str) -> str:
    """7个工作日, 3个月, 5日, 20年: a period as Chinese law writes it."""
    return f"{count}{'个' if unit in ('工作日', '月') else ''}{unit}"


def extended_why(period: str, due: datetime.date, extended: datetime.date) -> str:
    return f"经批准可以延长{period}：延长后届满日 {extended.isoformat()}（自原届满日 {due.isoformat()} 起算）"


def further_why(period: str, previous: datetime.date, extended: datetime.date) -> str:
    return f"可以再延长{period}：再延长后届满日 {extended.isoformat()}（自上一次延长后的届满日 {previous.isoformat()} 起算）"


def in_force(rule: str, as_of: Any, anchor: str | None, anchor_value: Any, start: datetime.date | None,
             end: datetime.date | None, needs_date: bool, source: str) -> tuple[datetime.date | None, str]:
    """The date the case is judged at, and how it was found; raises NotInForce outside the rule's period.

    The caller's as_of wins; else the rule's anchor fact (the day of the violation); without
    either, a rule whose answer does not depend on the date is evaluated as the law stands,
    and one whose answer does (it ends, or reads a value with versions) refuses to guess.
    """
    if as_of is not None and as_of is not MISSING:
        day = date("as_of", as_of)
        how = f"适用日期 {day.isoformat()}（调用方给出）"
    elif anchor is not None:
        day = anchor_value
        how = f"适用日期 {day.isoformat()}（{anchor}）"
    elif needs_date:
        span = _span_words(start, end)
        raise FactError("as_of", f"a date is needed: 「{rule}」 is in force {span} and its answer depends on "
                                 "the date; pass as_of=datetime.date(…)")
    else:
        return None, f"未给出适用日期：按现行规定计算（{_span_words(start, end)}施行）"
    if start is not None and day < start:
        raise NotInForce(rule, day, f"「{rule}」 is not yet in force on {day.isoformat()}: "
                                    f"{source}自{start.isoformat()}起施行")
    if end is not None and day > end:
        raise NotInForce(rule, day, f"「{rule}」 is no longer in force on {day.isoformat()}: "
                                    f"{source}施行至{end.isoformat()}")
    return day, how + f"，在施行期间内（{_span_words(start, end)}）"


def _span_words(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"{start.isoformat()}至{end.isoformat()}"
    if start:
        return f"自{start.isoformat()}起"
    if end:
        return f"至{end.isoformat()}"
    return "始终"


def version(name: str, day: datetime.date | None,
            rows: tuple[tuple[datetime.date, datetime.date | None, Interval, str], ...]) -> tuple[Interval, str]:
    """The version of a value in force on the day, and a line saying which one it was."""
    if day is None:
        raise FactError("as_of", f"a date is needed to choose the version of 「{name}」")
    for start, end, value, text in rows:
        if start <= day and (end is None or day <= end):
            until = f"至{end.isoformat()}" if end else "起"
            return value, f"{name}：{start.isoformat()}{until}的规定为 {text}"
    first, last = rows[0][0], rows[-1][1]
    cover = f"{first.isoformat()}至{last.isoformat()}" if last else f"自{first.isoformat()}起"
    raise NotInForce(name, day, f"「{name}」 has no value on {day.isoformat()}: the law sets it for {cover}")


def prefixed(prefix: str, item: Any) -> str:
    """A line of another rule's explanation, quoted inside this one."""
    return prefix + (item if isinstance(item, str) else item[0](*item[1:]))


def class_read(rule: str, member: str | None) -> str:
    return f"按「{rule}」，本案属于{member}" if member is not None else f"按「{rule}」，本案不属于任何一类"


def read_class(rule: str, result: Any, why: list[Any]) -> str | None:
    """The class another rule gives the case (None when none of its rows holds), as a condition of
    this rule reads it. Its explanation is quoted once, however many conditions read it."""
    member: str | None = result.value if result.applicable else None
    line = (class_read, rule, member)
    if line not in why:
        why.extend((prefixed, f"〔{rule}〕", item) for item in result.explanation.raw)
        why.append(line)
    return member
