"""Reading fact values typed on the command line: 50万元, 3人, 2024-05-01, true, 一般事故, unknown, none."""

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
    if text == "none":
        if not fact.optional:
            raise BadValue(f"「{fact.name}」 always has a value: only a `date or none` fact can be none")
        return None
    match fact.kind:
        case "ratio":
            try:
                return Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
            except InvalidOperation:
                raise BadValue(f"「{fact.name}」 is a ratio such as 50% or 0.5, not {text!r}") from None
        case "money" | "quantity" | "count":
            try:
                return Decimal(text)
            except InvalidOperation:
                pass
            per = None
            if "/" in text:
                text, per = text.split("/", 1)
            try:
                value, unit = read_quantity(text)
            except ValueError:
                raise BadValue(f"「{fact.name}」 needs an amount such as 50万元 or 500000, not {text!r}") from None
            written = f"{UNITS.get(unit, ('?',))[0]}/{UNITS[per][0]}" if per in UNITS else UNITS.get(unit, ("?",))[0]
            if written != (fact.unit or ""):
                raise BadValue(f"「{fact.name}」 is in {fact.unit}, not {unit}{'/' + per if per else ''}")
            base = value * UNITS[unit][1]
            return base / UNITS[per][1] if per else base
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
        case "datetime":
            try:
                return datetime.datetime.fromisoformat(text)
            except ValueError:
                raise BadValue(f"「{fact.name}」 is a moment such as 2024-06-03T09:30, not {text!r}") from None
        case "enum":
            if text not in fact.members:
                raise BadValue(f"「{fact.name}」 is one of {'、'.join(fact.members)}, not {text!r}")
            return text
    raise BadValue(f"cannot read a value for 「{fact.name}」")
