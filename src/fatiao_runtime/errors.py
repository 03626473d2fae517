"""The one exception a generated rule raises for bad facts: it names the fact, never guesses."""

from __future__ import annotations


class FactError(ValueError):
    """A fact given to a rule is missing, of the wrong type, or out of its domain."""

    def __init__(self, fact: str, problem: str):
        self.fact = fact
        self.problem = problem
        super().__init__(f"fact 「{fact}」: {problem}")
