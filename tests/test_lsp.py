"""`fatiao lsp` driven by a real LSP client over stdio (pytest-lsp), as an editor would drive it."""

from __future__ import annotations

import sys

import pytest
import pytest_lsp
from conftest import ROOT
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from fatiao import analysis
from fatiao.source import SourceFile

SPEC = ROOT / "specs" / "carbon_emissions_trading.fatiao"
URI = SPEC.as_uri()
TEXT = SPEC.read_text(encoding="utf-8")
LINES = TEXT.splitlines()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "fatiao", "lsp"]))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=ROOT.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def _diagnostics(client: LanguageClient) -> list[types.Diagnostic]:
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[URI])


def _open(client: LanguageClient, text: str = TEXT, uri: str = URI) -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri=uri, language_id="fatiao", version=1, text=text)))


def _replace_line(client: LanguageClient, line: int, old: str, new: str, version: int) -> None:
    whole_line = types.Range(types.Position(line, 0), types.Position(line, len(old.encode("utf-16-le")) // 2))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=URI, version=version),
        [types.TextDocumentContentChangePartial(range=whole_line, text=new)]))


def _at(line: int, word: str) -> types.Position:
    """The position of `word` on a line, in UTF-16 code units as LSP counts them."""
    return types.Position(line, len(LINES[line][: LINES[line].index(word)].encode("utf-16-le")) // 2)


@pytest.mark.asyncio
async def test_open_break_fix_and_hover(client: LanguageClient) -> None:
    _open(client)
    assert await _diagnostics(client) == []

    # A count of people compared with an area, typed after Chinese text: the column counts each character once.
    line = next(i for i, text in enumerate(LINES) if text.startswith("requirement 现场检查人数与执法证件"))
    broken = LINES[line].replace("不少于 2人", "不少于 2公顷")
    _replace_line(client, line, LINES[line], broken, version=2)
    (diagnostic,) = await _diagnostics(client)
    assert diagnostic.source == "fatiao" and diagnostic.code == "unit-mismatch"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    column = broken.index("2公顷")
    assert diagnostic.range == types.Range(types.Position(line, column), types.Position(line, column + 3))

    _replace_line(client, line, broken, LINES[line], version=3)
    assert await _diagnostics(client) == []

    penalty_line = next(i for i, line in enumerate(LINES) if line.startswith("penalty 重点排放单位排放数据弄虚作假"))
    result = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(URI), _at(penalty_line, "排放数据")))
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert "penalty 重点排放单位排放数据弄虚作假 on 重点排放单位" in result.contents.value
    assert "没收违法所得，并处违法所得5倍以上10倍以下的罚款" in result.contents.value
    assert result.range == types.Range(types.Position(penalty_line, 8), types.Position(penalty_line, 22))


@pytest.mark.asyncio
async def test_a_syntax_error_is_placed_after_chinese_and_astral_characters(client: LanguageClient) -> None:
    # 𠀀 (U+20000) is two UTF-16 code units: an editor's column counts it twice.
    text = 'law "𠀀条例" { issuer "机关" ）\n'
    uri = (ROOT / "specs" / "scratch.fatiao").as_uri()
    _open(client, text, uri)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (diagnostic,) = client.diagnostics[uri]
    assert diagnostic.code == "bad-character"
    column = len('law "𠀀条例" { issuer "机关" '.encode("utf-16-le")) // 2
    assert diagnostic.range.start == types.Position(0, column)
    assert column == len('law "𠀀条例" { issuer "机关" ') + 1
    assert "full-width" in diagnostic.message


@pytest.mark.asyncio
async def test_hover_on_a_fact_shows_its_type_and_unit(client: LanguageClient) -> None:
    _open(client)
    await _diagnostics(client)
    line = LINES.index("fact 未清缴配额: quantity 吨二氧化碳当量")
    result = await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(URI), _at(line, "未清缴配额")))
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert "an amount of emissions, in 吨二氧化碳当量" in result.contents.value
    assert "1个单位碳排放配额相当于向大气排放1吨的二氧化碳当量" in result.contents.value


@pytest.mark.asyncio
async def test_go_to_definition_symbols_and_references(client: LanguageClient) -> None:
    _open(client)
    await _diagnostics(client)
    use = next(i for i, line in enumerate(LINES) if line.startswith("  if 违法所得 超过 0元"))
    found = await client.text_document_definition_async(types.DefinitionParams(
        types.TextDocumentIdentifier(URI), _at(use, "违法所得")))
    assert isinstance(found, types.Location)
    declared = LINES.index("fact 违法所得: money")
    assert found.range == types.Range(types.Position(declared, 5), types.Position(declared, 9))

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(URI), position=_at(declared, "违法所得"),
        context=types.ReferenceContext(include_declaration=True)))
    assert refs is not None and len(refs) > 10

    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        types.TextDocumentIdentifier(URI)))
    assert symbols is not None
    top = {s.name: s for s in symbols if isinstance(s, types.DocumentSymbol)}
    assert top["违法所得"].kind == types.SymbolKind.Variable
    article = top["第二十二条"]
    assert article.kind == types.SymbolKind.Namespace and article.children
    rule = article.children[0]
    assert rule.name == "重点排放单位排放数据弄虚作假" and rule.kind == types.SymbolKind.Function
    assert rule.detail == "penalty 第二十二条、第二十二条（一）、第二十二条（二）、第二十二条（三）"
    examples = [c for c in article.children if c.kind == types.SymbolKind.Event]
    assert len(examples) >= 3 and all("(重点排放单位排放数据弄虚作假)" in e.name for e in examples)
    for child in article.children:
        assert article.range.start.line <= child.range.start.line <= child.range.end.line <= article.range.end.line


@pytest.mark.asyncio
async def test_formatting_returns_the_canonical_layout(client: LanguageClient) -> None:
    from test_formatter import CANONICAL, MESSY

    uri = (ROOT / "specs" / "messy.fatiao").as_uri()
    _open(client, MESSY, uri)
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        types.TextDocumentIdentifier(uri), types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits is not None
    (edit,) = edits
    assert edit.new_text == CANONICAL
    assert edit.range.start == types.Position(0, 0)


def test_positions_count_utf16_code_units() -> None:
    source = SourceFile("x", "甲\n𠀀乙 丙\n")
    offset = source.text.index("丙")
    assert analysis.to_position(source, offset) == (1, 4)
    assert analysis.to_position(source, offset, "utf-8") == (1, 8)
    assert analysis.to_position(source, offset, "utf-32") == (1, 3)
    assert analysis.to_offset(source, 1, 4) == offset
    assert analysis.to_offset(source, 1, 99) == source.text.index("\n", 2)


def test_without_pygls_the_command_says_how_to_install_it() -> None:
    import subprocess

    probe = "import sys; sys.modules['pygls'] = None; from fatiao.cli import main; main(['lsp'])"
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "pip install 'fatiao[lsp]'" in proc.stderr and "Traceback" not in proc.stderr
