"""Reading the literals of the language: 50万元, 1.5亿元, 二十日, 5x, 40%, dates, quoted text."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}

QUANTITY_RE = re.compile(
    r"(?P<num>[0-9]+(?:\.[0-9]+)?|[零一二两三四五六七八九十百千]+)(?P<scale>万|亿)?个?(?P<unit>.+)"
)
SCALES = {None: Decimal(1), "万": Decimal(10_000), "亿": Decimal(100_000_000)}


def chinese_int(text: str) -> int:
    """二十 → 20, 十五 → 15, 一百零五 → 105: the numerals that durations are written in."""
    total, digit = 0, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            total += (digit or 1) * _SMALL_UNITS[ch]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + digit


def read_quantity(text: str) -> tuple[Decimal, str]:
    """`50万元` → (500000, 元); `7个工作日` → (7, 工作日); `二十日` → (20, 日)."""
    m = QUANTITY_RE.fullmatch(text)
    if m is None:
        raise ValueError(f"not a quantity: {text}")
    num = m.group("num")
    value = Decimal(num) if num[0].isascii() else Decimal(chinese_int(num))
    return value * SCALES[m.group("scale")], m.group("unit")


def read_factor(text: str) -> Decimal:
    """`5x`/`5倍` → 5; `40%` → 0.4 (exact)."""
    if text.endswith("%"):
        return Decimal(text[:-1]) / Decimal(100)
    return Decimal(text[:-1])


def read_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def read_string(token: str) -> str:
    """Strip the quotes and undo backslash escapes (\\" \\\\ \\n \\t)."""
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body)
