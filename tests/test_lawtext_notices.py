"""Notices number their sections 一、二、 instead of 第X条: the law-text reader makes each one an
article, so that `§ 一、 "…"` is checked against that section and nothing else."""

from __future__ import annotations

from fatiao.lawtext import LawText

NOTICE = """关于某事项的公告
某部公告2023年第1号

为……，现公告如下：
一、自2023年1月1日起，按照实际发生额的100%加计扣除。
第二段仍属第一部分。
二、在职职工人数在30人（含）以下的企业，免征。
（一）第一项。
"""


def test_notice_sections_are_articles_with_their_clauses_and_items() -> None:
    law = LawText.parse(NOTICE)
    assert list(law.articles) == ["一、", "二、"]
    assert len(law.articles["一、"].clauses) == 2
    assert law.find_quote("第二段仍属第一部分。", "一、", "第二款", None)
    assert law.find_quote("第一项。", "二、", None, "（一）")


def test_a_quote_from_another_section_is_not_found() -> None:
    law = LawText.parse(NOTICE)
    assert not law.find_quote("免征", "一、", None, None)
    assert law.find_quote("免征", "二、", None, None)


def test_the_preamble_before_the_first_section_is_not_an_article() -> None:
    law = LawText.parse(NOTICE)
    assert not law.find_quote("现公告如下", "一、", None, None)


ANNEXED = """某某办法
第一条 本办法自2023年5月1日起施行。
附：某某目录（试行）
序号 矿种 收益率（%）
1 煤层气 0.3
2 地热 T<60℃ 3.6
60℃≤T<90℃ 4.2
10 宝石 8
"""


def test_a_table_after_the_articles_is_cited_row_by_row() -> None:
    """附：… is 附表, its numbered rows 第N行 (by their own number); a line without a number
    continues the row before it, and the last article no longer swallows the table."""
    law = LawText.parse(ANNEXED)
    assert list(law.articles) == ["第一条", "附表"]
    assert not law.find_quote("煤层气", "第一条", None, None)
    assert law.find_quote("2 地热 T<60℃ 3.6 … 60℃≤T<90℃ 4.2", "附表", "第2行", None)
    assert law.find_quote("10 宝石 8", "附表", "第10行", None)
    assert not law.find_quote("宝石", "附表", "第2行", None)
    assert law.place_text("附表", "第3行", None) is None
    assert law.find_quote("某某目录（试行）", "附表", None, None)  # the title belongs to the table
    assert ("附表", "第10行", None) in law.places()
