"""How amounts are written in explanations: the same text from the interpreter and generated code."""

from __future__ import annotations

from decimal import Decimal

_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_amount(value: Decimal, unit: str) -> str:
    """500000 元 → 50万元; 150000000 元 → 1.5亿元; 3 人 → 3人. Exact: never rounds."""
    if unit == "元":
        if value >= _YI and value % 1_000_000 == 0:
            return f"{_plain(value / _YI)}亿元"
        if value >= _WAN and value % 100 == 0:
            return f"{_plain(value / _WAN)}万元"
    return f"{_plain(value)}{unit}"


def fmt_factor(value: Decimal, kind: str) -> str:
    """0.4 → 40%; 5 → 5倍."""
    if kind == "%":
        return f"{_plain(value * 100)}%"
    return f"{_plain(value)}倍"
