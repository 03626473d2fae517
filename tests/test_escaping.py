"""Text from a spec never becomes code or markup: tests/golden/escaping.fatiao carries
triple quotes, backslashes, jinja2 delimiters, HTML, pipes and newlines in every
place a string can go (title, issuer, number, quotes, readings, example titles)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from markdown_it import MarkdownIt

from fatiao.pipeline import compile_spec

CASE = Path("tests/golden/escaping.fatiao")
TITLE = '恶意条例"""\'\'\'\\{{ x }}{% y %}<script>alert(1)</script>|*_`'
QUOTE = "引号\"\"\"与'''与反斜杠\\与{{ a }}与{% b %}与<script>alert(2)</script>与|竖线|"
READING = "换行\n之后：\"\"\" ''' \\ {{ c }} {% d %} <script>alert(3)</script> | end"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    return compile_spec(CASE)


def test_python_imports_without_side_effects_and_keeps_text_exact(compiled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "escaping_mod.py").write_text(compiled.python, encoding="utf-8")
    probe = (
        "import escaping_mod as m, sys\n"
        "r = m.违规()\n"
        "print(repr((m.TITLE, m.ISSUER, r.citations[0].sentence, str(r.fine))))\n"
    )
    before = set(tmp_path.iterdir())
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": f"{tmp_path}:{ROOT / 'src'}", "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.stderr == ""
    title, issuer, sentence, fine = eval(out.stdout)  # noqa: S307 - our own repr
    assert title == TITLE
    assert issuer == '机关"""<b>|'
    assert sentence == "处1万元以上2万元以下的罚款 … " + QUOTE
    assert fine == "1万元..2万元"
    assert set(tmp_path.iterdir()) == before  # importing wrote nothing


def _visible_text(html_tokens: list) -> str:  # type: ignore[type-arg]
    out = []
    for tok in html_tokens:
        if tok.type == "inline":
            for child in tok.children or []:
                if child.type in ("text", "code_inline"):
                    out.append(child.content)
                elif child.type in ("html_inline", "html_block"):
                    out.append(child.content)
        elif tok.type == "html_block":
            out.append(tok.content)
    return "\n".join(out)


def test_markdown_shows_text_literally(compiled) -> None:  # type: ignore[no-untyped-def]
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(compiled.markdown)
    html = md.render(compiled.markdown)
    assert "<script>" not in html
    assert "<b>" not in html and "<i>" not in html
    visible = _visible_text(tokens)
    assert TITLE in visible
    assert QUOTE.replace("\n", "") in visible
    for line in READING.split("\n"):
        assert line in visible
    # the table of the example keeps its three columns: the pipe in its title did not split a cell
    rows = [t for t in tokens if t.type == "tr_open"]
    assert rows, "no table rendered"
    inline_html = [t.content for t in tokens if t.type == "inline" for t in (t.children or [])
                   if t.type == "html_inline"]
    assert set(inline_html) <= {"<br>", '<a id="art-1">', "</a>", '<a id="art-1-1">'}
