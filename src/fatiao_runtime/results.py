"""What a generated rule returns: the decision, the law it rests on, and how it was reached."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Range:
    """A closed interval [low, high] in `unit`: the discretion the law leaves to the authority."""

    low: Decimal
    high: Decimal
    unit: str = "元"

    def __str__(self) -> str:
        from fatiao_runtime.format import fmt_amount

        if self.low == self.high:
            return fmt_amount(self.low, self.unit)
        return f"{fmt_amount(self.low, self.unit)}..{fmt_amount(self.high, self.unit)}"


@dataclass(frozen=True, slots=True)
class Citation:
    """Where in the law a rule comes from, with the sentence it encodes, verbatim."""

    document: str
    article: str
    clause: str | None
    item: str | None
    sentence: str

    def __str__(self) -> str:
        return "".join(p for p in (f"《{self.document}》", self.article, self.clause, self.item) if p)


@dataclass(frozen=True, slots=True)
class Sanction:
    """A consequence other than a fine on the unit: 没收, 责令停产整治, 核减配额, 禁止从事 …

    `modality` is "must" (处, 应当) or "may" (可以): discretion sits on each consequence.
    """

    kind: str
    label: str
    modality: str
    amount: Range | None = None
    period: str | None = None


@dataclass(frozen=True, slots=True)
class IndividualResult:
    """What the persons named by the rule (主要负责人, 直接负责的主管人员…) each face."""

    addressee: str
    fine: Range | None
    fine_modality: str | None
    sanctions: tuple[Sanction, ...]


@dataclass(frozen=True, slots=True)
class PenaltyResult:
    """The decision of a penalty rule for one case."""

    rule: str
    applicable: bool
    fine: Range | None
    fine_modality: str | None
    sanctions: tuple[Sanction, ...]
    individuals: tuple[IndividualResult, ...]
    row: str | None
    citations: tuple[Citation, ...]
    explanation: tuple[str, ...]

    def individual(self, addressee: str) -> IndividualResult | None:
        return next((i for i in self.individuals if i.addressee == addressee), None)


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """When a period the law sets ends."""

    rule: str
    start: datetime.date
    due: datetime.date
    period: str
    citations: tuple[Citation, ...]
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """Whether a condition the law requires holds."""

    rule: str
    compliant: bool
    citations: tuple[Citation, ...]
    explanation: tuple[str, ...]
