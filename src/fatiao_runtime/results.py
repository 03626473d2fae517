"""What a generated rule returns: the decision, the law it rests on, and how it was reached.

Results are NamedTuples: immutable, typed, compared by value, and about four
times cheaper to build than frozen dataclasses, which matters when a rule is
evaluated millions of times.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple


class Explanation:
    """How a result was reached, line by line, in plain words.

    Generated code records what happened cheaply (a constant sentence, or a
    formatting function with its values); the lines are written out the first
    time someone reads them. Two explanations are equal when their lines are.
    """

    __slots__ = ("_raw", "_lines")

    def __init__(self, raw: Iterable[Any] = ()) -> None:
        self._raw = tuple(raw)
        self._lines: tuple[str, ...] | None = None

    @property
    def raw(self) -> tuple[Any, ...]:
        return self._raw

    @property
    def lines(self) -> tuple[str, ...]:
        if self._lines is None:
            self._lines = tuple(item if isinstance(item, str) else item[0](*item[1:]) for item in self._raw)
        return self._lines

    def __iter__(self) -> Iterator[str]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self._raw)

    def __getitem__(self, index: int) -> str:
        return self.lines[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Explanation):
            return self.lines == other.lines
        if isinstance(other, (tuple, list)):
            return self.lines == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.lines)

    def __repr__(self) -> str:
        return f"Explanation({self.lines!r})"


class Range(NamedTuple):
    """A closed interval [low, high] in `unit`: the discretion the law leaves to the authority."""

    low: Decimal
    high: Decimal
    unit: str = "元"

    def __str__(self) -> str:
        from fatiao_runtime.format import fmt_amount

        if self.low == self.high:
            return fmt_amount(self.low, self.unit)
        return f"{fmt_amount(self.low, self.unit)}..{fmt_amount(self.high, self.unit)}"


class Citation(NamedTuple):
    """Where in the law a rule comes from, with the sentence it encodes, verbatim."""

    document: str
    article: str
    clause: str | None
    item: str | None
    sentence: str

    def __str__(self) -> str:
        return "".join(p for p in (f"《{self.document}》", self.article, self.clause, self.item) if p)


class Sanction(NamedTuple):
    """A consequence other than a fine on the unit: 没收, 责令停产整治, 核减配额, 禁止从事 …

    `modality` is "must" (处, 应当) or "may" (可以): discretion sits on each consequence.
    """

    kind: str
    label: str
    modality: str
    amount: Range | None = None
    period: str | None = None


class IndividualResult(NamedTuple):
    """What the persons named by the rule (主要负责人, 直接负责的主管人员…) each face."""

    addressee: str
    fine: Range | None
    fine_modality: str | None
    sanctions: tuple[Sanction, ...]


class PenaltyResult(NamedTuple):
    """The decision of a penalty rule for one case."""

    rule: str
    applicable: bool
    fine: Range | None
    fine_modality: str | None
    sanctions: tuple[Sanction, ...]
    individuals: tuple[IndividualResult, ...]
    row: str | None
    citations: tuple[Citation, ...]
    explanation: Explanation

    def individual(self, addressee: str) -> IndividualResult | None:
        return next((i for i in self.individuals if i.addressee == addressee), None)


class DeadlineResult(NamedTuple):
    """When a period the law sets ends; `extended_due` when the law allows an extension.

    A deadline the law sets only in some cases (`when`) has `applicable` False and `due` None
    in the others; every other deadline is always applicable.
    """

    rule: str
    start: datetime.date
    due: datetime.date | None
    period: str
    citations: tuple[Citation, ...]
    explanation: Explanation
    extended_due: datetime.date | None = None
    before: bool = False  # counted back from the event: `due` is the latest day to act
    extensions: tuple[datetime.date, ...] = ()  # the end after each extension in turn; the first is extended_due
    applicable: bool = True


class ClassificationResult(NamedTuple):
    """The class the law puts a case in (一般事故 … 特别重大事故); None when no row holds."""

    rule: str
    applicable: bool
    value: str | None
    row: str | None
    citations: tuple[Citation, ...]
    explanation: Explanation


class AmountResult(NamedTuple):
    """A value the law computes (a deduction, a contribution); None when its condition fails."""

    rule: str
    applicable: bool
    value: Range | None
    citations: tuple[Citation, ...]
    explanation: Explanation


class RequirementResult(NamedTuple):
    """Whether a condition the law requires holds."""

    rule: str
    compliant: bool
    citations: tuple[Citation, ...]
    explanation: Explanation
