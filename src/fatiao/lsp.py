"""`fatiao lsp`: a language server over stdio (pygls), for any editor that speaks the protocol.

It offers diagnostics as you type (the same located diagnostics as `fatiao
check`), hover on a fact or rule (its type, unit and the sentence of the law it
encodes) and on a citation (the text of the cited article), go to definition,
references, document symbols, and formatting with `fatiao fmt`.

Positions are converted with the encoding the client negotiated (UTF-16
unless it asks otherwise), so columns are right after Chinese text and after
characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from fatiao import analysis, ast
from fatiao.diagnostics import CompileError, Diagnostic, Severity
from fatiao.source import SourceFile, Span

# Wait this long after a keystroke before checking: typing a word costs one check, not one per letter.
DEBOUNCE_SECONDS = 0.15

_SYMBOL_KINDS = {
    "fact": types.SymbolKind.Variable, "let": types.SymbolKind.Constant, "enum": types.SymbolKind.Enum,
    "definition": types.SymbolKind.String, "example": types.SymbolKind.Event,
    "penalty": types.SymbolKind.Function, "deadline": types.SymbolKind.Function,
    "requirement": types.SymbolKind.Function,
}


class FatiaoServer(LanguageServer):
    def __init__(self) -> None:
        from importlib.metadata import version

        super().__init__("fatiao", version("fatiao"))
        # The last analysis of each document that parsed: hover and symbols use it while the text does not parse.
        self.analyses: dict[str, analysis.Analysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}

    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    def range_of(self, span: Span) -> types.Range:
        start = analysis.to_position(span.source, span.start, self.encoding)
        end = analysis.to_position(span.source, max(span.end, span.start), self.encoding)
        return types.Range(types.Position(*start), types.Position(*end))

    def current(self, uri: str) -> analysis.Analysis | None:
        return self.analyses.get(uri)

    def offset(self, uri: str, position: types.Position) -> tuple[analysis.Analysis, int] | None:
        found = self.current(uri)
        if found is None:
            return None
        return found, analysis.to_offset(found.source, position.line, position.character, self.encoding)


server = FatiaoServer()


def _path(uri: str) -> Path:
    # An unsaved buffer has no path; it is checked as if it were a spec of that name in the working folder.
    return Path(to_fs_path(uri) or "untitled.fatiao")


def _to_lsp(ls: FatiaoServer, uri: str, d: Diagnostic) -> types.Diagnostic:
    message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
    related = [types.DiagnosticRelatedInformation(types.Location(uri, ls.range_of(label.span)), label.message)
               for label in d.labels if label.span.source is d.span.source]
    return types.Diagnostic(
        range=ls.range_of(d.span), message=message, source="fatiao", code=d.code.value,
        severity=types.DiagnosticSeverity.Error if d.severity is Severity.ERROR else types.DiagnosticSeverity.Warning,
        related_information=related or None,
    )


def _check(ls: FatiaoServer, uri: str, version: int | None) -> None:
    document = ls.workspace.get_text_document(uri)
    result = analysis.analyse(_path(uri), document.source)
    if document.version != version:
        return  # the text changed while it was checked: the newer check will publish
    if result.spec is not None or uri not in ls.analyses:
        ls.analyses[uri] = result
    else:
        # Keep the last index that parsed, but with the new diagnostics.
        ls.analyses[uri] = analysis.Analysis(ls.analyses[uri].source, result.diagnostics, ls.analyses[uri].spec,
                                             ls.analyses[uri].law)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=[_to_lsp(ls, uri, d) for d in result.diagnostics]))


async def _check_later(ls: FatiaoServer, uri: str, version: int | None) -> None:
    await asyncio.sleep(DEBOUNCE_SECONDS)
    _check(ls, uri, version)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: FatiaoServer, params: types.DidOpenTextDocumentParams) -> None:
    _check(ls, params.text_document.uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: FatiaoServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri in ls.pending:
        ls.pending[uri].cancel()
    ls.pending[uri] = asyncio.ensure_future(_check_later(ls, uri, params.text_document.version))


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: FatiaoServer, params: types.DidSaveTextDocumentParams) -> None:
    # The law text beside the spec may have changed too: check again.
    document = ls.workspace.get_text_document(params.text_document.uri)
    _check(ls, params.text_document.uri, document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: FatiaoServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.analyses.pop(uri, None)
    if uri in ls.pending:
        ls.pending.pop(uri).cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: FatiaoServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.offset(params.text_document.uri, params.position)
    if found is None:
        return None
    result = analysis.hover(*found)
    if result is None:
        return None
    text, span = result
    return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), ls.range_of(span))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: FatiaoServer, params: types.DefinitionParams) -> types.Location | None:
    found = ls.offset(params.text_document.uri, params.position)
    span = analysis.definition(*found) if found is not None else None
    return types.Location(params.text_document.uri, ls.range_of(span)) if span is not None else None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: FatiaoServer, params: types.ReferenceParams) -> list[types.Location]:
    found = ls.offset(params.text_document.uri, params.position)
    spans = analysis.references(*found) if found is not None else []
    return [types.Location(params.text_document.uri, ls.range_of(s)) for s in spans]


def _citations(decl: ast.Decl) -> list[ast.Citation]:
    return [n for n in getattr(decl, "annotations", ()) if isinstance(n, ast.Citation)]


def _symbol(ls: FatiaoServer, decl: ast.Decl) -> types.DocumentSymbol | None:
    kind = analysis.DECL_KINDS.get(type(decl))
    name = decl.rule if isinstance(decl, ast.Example) else getattr(decl, "name", None)
    if kind is None or not isinstance(name, ast.Name):
        return None  # conventions have no name of their own
    label = f"{decl.title} ({name.text})" if isinstance(decl, ast.Example) else name.text
    places = "、".join(dict.fromkeys("".join(p for p in (c.article, c.clause, c.item) if p) for c in _citations(decl)))
    children = [types.DocumentSymbol(m.text, types.SymbolKind.EnumMember, ls.range_of(m.span), ls.range_of(m.span))
                for m in decl.members] if isinstance(decl, ast.EnumDecl) else None
    return types.DocumentSymbol(name=label, kind=_SYMBOL_KINDS[kind], range=ls.range_of(decl.span),
                                selection_range=ls.range_of(name.span), detail=f"{kind} {places}".strip(),
                                children=children)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: FatiaoServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    """The outline as the law is organised: each run of declarations citing one article under that article.

    Examples join their rule's article; a declaration that cites nothing (most facts) stands on its own.
    """
    found = ls.current(params.text_document.uri)
    if found is None or found.spec is None:
        return []
    out: list[types.DocumentSymbol] = []
    group: tuple[str, Span, list[types.DocumentSymbol]] | None = None
    rule_article: dict[str, str] = {}

    def close() -> None:
        if group is not None:
            article, start, members = group
            whole = types.Range(ls.range_of(start).start, members[-1].range.end)
            out.append(types.DocumentSymbol(article, types.SymbolKind.Namespace, whole, ls.range_of(start),
                                            detail=f"{len(members)} declaration{'s' if len(members) > 1 else ''}",
                                            children=members))

    for decl in found.spec.decls:
        symbol = _symbol(ls, decl)
        if symbol is None:
            continue
        cites = _citations(decl)
        article = cites[0].article if cites else None
        if isinstance(decl, ast.Example):
            article = rule_article.get(decl.rule.text)
            if group is None or article != group[0]:
                article = None  # an example far from its rule stays where it is written
        elif article is not None and isinstance(decl, (ast.Penalty, ast.Deadline, ast.Requirement)):
            rule_article[decl.name.text] = article
        if article is not None and group is not None and group[0] == article:
            group[2].append(symbol)
            continue
        close()
        group = None
        if article is None:
            out.append(symbol)
        else:
            group = (article, cites[0].span, [symbol])
    close()
    return out


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: FatiaoServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    from fatiao.formatter import FormatterBug, format_text

    document = ls.workspace.get_text_document(params.text_document.uri)
    source = SourceFile(str(_path(params.text_document.uri)), document.source)
    try:
        formatted = format_text(source)
    except (CompileError, FormatterBug):
        return None  # the diagnostics already say why; formatting waits until the text parses
    if formatted == document.source:
        return []
    end = analysis.to_position(source, len(source.text), ls.encoding)
    whole = types.Range(types.Position(0, 0), types.Position(*end))
    return [types.TextEdit(whole, formatted)]


def main() -> None:
    server.start_io()
