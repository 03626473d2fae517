"""The unit system: dimensions are checked at compile time and erased in generated code.

Each unit has a dimension and a scale to its base unit. Only exact conversions
are allowed (万元 → 元); units that the law never converts (日 and 工作日, 人
and 次) are different dimensions, so mixing them is a compile error.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

# unit → (base unit of its dimension, scale). The list must equal the units in
# the QUANTITY and UNIT terminals of grammar/fatiao.lark (tests/test_grammar.py).
UNITS: dict[str, tuple[str, Decimal]] = {
    "元": ("元", Decimal(1)),
    "人": ("人", Decimal(1)),
    "名": ("人", Decimal(1)),  # 十名检查人员: the law counts people in 名 as well as 人
    "次": ("次", Decimal(1)),
    "项": ("项", Decimal(1)),
    "个": ("个", Decimal(1)),
    "家": ("家", Decimal(1)),
    "件": ("件", Decimal(1)),
    "吨": ("吨", Decimal(1)),
    "吨二氧化碳当量": ("吨二氧化碳当量", Decimal(1)),
    "公顷": ("公顷", Decimal(1)),
    "平方米": ("公顷", Decimal("0.0001")),
    "亩": ("亩", Decimal(1)),
    "立方米": ("立方米", Decimal(1)),
    "米": ("米", Decimal(1)),
    "ppm": ("ppm", Decimal(1)),  # 一氧化碳浓度达到24ppm: a concentration, as the notices write it
    "℃": ("℃", Decimal(1)),  # 地热水温60℃: a temperature
    "组": ("组", Decimal(1)),
    "份": ("份", Decimal(1)),
    "日": ("日", Decimal(1)),
    "工作日": ("工作日", Decimal(1)),
    "小时": ("小时", Decimal(1)),
    "分钟": ("分钟", Decimal(1)),
    "月": ("月", Decimal(1)),
    "年": ("年", Decimal(1)),
}

DURATION_UNITS = ("日", "工作日", "月", "年", "小时", "分钟")

# What each dimension is called in messages.
DIMENSION_NAMES = {
    "元": "money", "人": "a count of people", "次": "a count of times", "项": "a count of items",
    "个": "a count", "家": "a count of units", "件": "a count of cases", "吨": "a mass",
    "吨二氧化碳当量": "an amount of emissions", "公顷": "an area", "亩": "an area in 亩",
    "立方米": "a volume", "日": "a period in days", "工作日": "a period in working days",
    "小时": "a period in hours", "分钟": "a period in minutes", "米": "a length", "组": "a count of sets",
    "份": "a count of copies", "ppm": "a concentration (ppm)", "℃": "a temperature (℃)", "月": "a period in months", "年": "a period in years",
}


@attrs.frozen
class Dim:
    """A product of base units with integer powers: 元, 元/吨二氧化碳当量, or nothing (a ratio)."""

    powers: tuple[tuple[str, int], ...] = ()

    @staticmethod
    def of(unit: str, power: int = 1) -> Dim:
        return Dim(((UNITS[unit][0], power),))

    def __mul__(self, other: Dim) -> Dim:
        total: dict[str, int] = dict(self.powers)
        for base, p in other.powers:
            total[base] = total.get(base, 0) + p
        return Dim(tuple(sorted((b, p) for b, p in total.items() if p)))

    def inverse(self) -> Dim:
        return Dim(tuple((b, -p) for b, p in self.powers))

    @property
    def is_ratio(self) -> bool:
        return not self.powers

    @property
    def is_money(self) -> bool:
        return self.powers == (("元", 1),)

    def describe(self) -> str:
        if not self.powers:
            return "a ratio"
        if len(self.powers) == 1 and self.powers[0][1] == 1:
            return f"{DIMENSION_NAMES[self.powers[0][0]]} ({self.powers[0][0]})"
        return self.symbol()

    def symbol(self) -> str:
        """`元/吨二氧化碳当量`: how the unit is written in docs and results."""
        num = [b if p == 1 else f"{b}^{p}" for b, p in self.powers if p > 0]
        den = [b if p == -1 else f"{b}^{-p}" for b, p in self.powers if p < 0]
        text = "·".join(num) or "1"
        return text + "".join(f"/{d}" for d in den) if (num or den) else ""


# A threshold written as a percentage (30%以上) compares a ratio fact; it is not a unit of UNITS.
PERCENT = "%"


def to_base(value: Decimal, unit: str) -> Decimal:
    if unit == PERCENT:
        return value / 100
    return value * UNITS[unit][1]


def dim_of_threshold(unit: str) -> Dim:
    return Dim() if unit == PERCENT else Dim.of(unit)
