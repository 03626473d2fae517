"""Reading fact values typed on the command line: 50万元, 3人, 2024-05-01, true, 一般事故, unknown."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fatiao import ir
from fatiao.literals import read_quantity
from fatiao.units import UNITS


class BadValue(ValueError):
    pass


def parse_fact_value(fact: ir.Fact, text: str) -> Any:
    text = text.strip()
    if text == "unknown":
        if fact.fallback is None:
            raise BadValue(f"「{fact.name}」 has no fallback, so it cannot be unknown")
        return None
    match fact.kind:
        case "money" | "quantity":
            try:
                return Decimal(text)
            except InvalidOperation:
                pass
            try:
                value, unit = read_quantity(text)
            except ValueError:
                raise BadValue(f"「{fact.name}」 needs an amount such as 50万元 or 500000, not {text!r}") from None
            base = fact.unit.split("/")[0] if fact.unit else ""
            if UNITS.get(unit, ("?",))[0] != base:
                raise BadValue(f"「{fact.name}」 is in {fact.unit}, not {unit}")
            return value * UNITS[unit][1]
        case "bool":
            if text in ("true", "是", "yes"):
                return True
            if text in ("false", "否", "no"):
                return False
            raise BadValue(f"「{fact.name}」 is true or false, not {text!r}")
        case "date":
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise BadValue(f"「{fact.name}」 is a date such as 2024-05-01, not {text!r}") from None
        case "enum":
            if text not in fact.members:
                raise BadValue(f"「{fact.name}」 is one of {'、'.join(fact.members)}, not {text!r}")
            return text
    raise BadValue(f"cannot read a value for 「{fact.name}」")
