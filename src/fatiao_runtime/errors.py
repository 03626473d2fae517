"""The one exception a generated rule raises for bad facts: it names the fact, never guesses."""

from __future__ import annotations


class FactError(ValueError):
    """A fact given to a rule is missing, of the wrong type, or out of its domain."""

    def __init__(self, fact: str, problem: str):
        self.fact = fact
        self.problem = problem
        super().__init__(f"fact 「{fact}」: {problem}")


class NotInForce(FactError):
    """The case's date falls outside the period in which the rule (or a value it reads) is in force.

    A subclass of FactError so that callers who catch bad facts catch this too:
    the date is a fact of the case, and the law has no answer for it here.
    """

    def __init__(self, rule: str, day: object, problem: str):
        self.rule = rule
        self.day = day
        FactError.__init__(self, "as_of", problem)
