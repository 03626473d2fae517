"""The bundled specs: they compile, their examples pass through both evaluators, and the
committed generated/ and docs/ are exactly what the specs compile to."""

from __future__ import annotations

import importlib
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from fatiao import examples
from fatiao.build import build, spec_paths, stale
from fatiao.pipeline import compile_spec

SPECS = spec_paths(ROOT)


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_there_are_bundled_specs() -> None:
    assert {p.stem for p in SPECS} >= {"carbon_emissions_trading", "production_safety_fines"}


def test_generated_and_docs_are_fresh() -> None:
    result = build(ROOT)
    assert not result.diagnostics
    problems = stale(ROOT, result)
    assert not problems, "stale outputs, run `fatiao build`:\n" + "\n".join(problems)


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_examples_pass_in_interpreter_and_installed_module(spec: Path) -> None:
    law = compile_spec(spec.relative_to(ROOT)).law
    module = importlib.import_module(f"fatiao_laws.{spec.stem}")
    assert law.examples
    for ex in law.examples:
        for engine, evaluate in (("interpreter", examples.interpreter_for(law)),
                                 ("module", examples.module_evaluator(module))):
            outcome = examples.run_example(ex, evaluate, engine)
            assert outcome.passed, (ex.title, engine, outcome.failures)


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_every_cited_article_has_three_examples(spec: Path) -> None:
    law = compile_spec(spec.relative_to(ROOT)).law
    per_article: Counter[str] = Counter()
    for ex in law.examples:
        rule = law.rule(ex.rule)
        for article in {c.article for c in rule.citations}:
            per_article[article] += 1
    cited = {c.article for r in law.rules for c in r.citations}
    thin = {a: per_article[a] for a in cited if per_article[a] < 3}
    assert not thin, f"articles with fewer than three examples: {thin}"


@pytest.mark.parametrize("spec", SPECS, ids=[p.stem for p in SPECS])
def test_every_rule_quotes_the_law(spec: Path) -> None:
    law = compile_spec(spec.relative_to(ROOT)).law
    for rule in law.rules:
        assert rule.citations and all(c.sentence for c in rule.citations), rule.name
