"""docs/coverage.md: the inventory joined with the specs, as a reader of the report sees it."""

from __future__ import annotations

from conftest import ROOT

from fatiao.build import build
from fatiao.coverage import SCOPE, coverage, place, read_inventory


def test_the_inventory_is_complete_in_the_repo() -> None:
    rows = read_inventory(ROOT)
    assert len(rows) == 447
    assert {r.doc for r in rows} >= set(SCOPE)


def test_references_are_placed_like_the_law_numbers_them() -> None:
    assert place("第二十三条第一款") == place("第二十三条 第一款")
    p = place("第二十三条第一款")
    assert p is not None and (p.article, p.clause, p.item) == ("第二十三条", "第一款", None)
    p = place("四（二）")
    assert p is not None and (p.article, p.item) == ("四、", "（二）")
    p = place("一、")
    assert p is not None and p.article == "一、"
    assert place("末") is None


def test_completed_documents_have_nothing_missing() -> None:
    laws = list(build(ROOT).laws)
    docs = {d.doc: d for d in coverage(ROOT, laws)}
    for doc in ("D2", "D49"):
        d = docs[doc]
        assert d.law is not None
        assert d.count("missing") == 0, [j.row.ref for j in d.rows if j.status == "missing"]
        assert d.examples == d.passing > 0
    # a rule left out is always said why
    for d in docs.values():
        for j in d.rows:
            if j.status == "not-encoded":
                assert j.reason


def test_the_report_names_every_in_scope_document() -> None:
    text = (ROOT / "docs" / "coverage.md").read_text(encoding="utf-8")
    for doc in SCOPE:
        assert f"| {doc} " in text
    assert "未编码 not encoded" in text
