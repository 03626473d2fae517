"""Rewrite the files made from fatiao's word and unit tables: the grammar's word terminals and the TextMate grammar.

Run after changing src/fatiao/keywords.py or src/fatiao/units.py (tests/test_editor_tables.py
fails until then):

    .venv/bin/python tools/sync_grammar.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    from fatiao.terminals import sync_grammar

    grammar = ROOT / "grammar" / "fatiao.lark"
    text = grammar.read_text(encoding="utf-8")
    synced = sync_grammar(text)
    if synced != text:
        grammar.write_text(synced, encoding="utf-8", newline="\n")
        print(f"rewrote {grammar.relative_to(ROOT)}")
    # The TextMate grammar reads the terminals of the grammar just written, so it goes second.
    from fatiao.parse import parser
    from fatiao.textmate import PATH, tm_grammar_json

    parser.cache_clear()
    target = ROOT / PATH
    content = tm_grammar_json()
    if not target.is_file() or target.read_text(encoding="utf-8") != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="\n")
        print(f"rewrote {PATH}")


if __name__ == "__main__":
    main()
