"""The whole compiler on one screen: each stage reads only what the stage before it returned."""

from __future__ import annotations

import difflib
from pathlib import Path

import attrs

from fatiao import ir
from fatiao.build_ast import build_ast
from fatiao.check import check
from fatiao.lawtext import LawText
from fatiao.lower import lower
from fatiao.parse import parse
from fatiao.source import SourceFile


@attrs.frozen
class Compiled:
    law: ir.Law
    python: str
    markdown: str


def law_text_for(spec_path: Path, title: str) -> LawText | None:
    """specs/<stem>.fatiao is checked against specs/law/<stem>.txt, or else the text with its title."""
    folder = spec_path.parent / "law"
    path = folder / f"{spec_path.stem}.txt"
    if path.is_file():
        return LawText.read(path)
    if folder.is_dir():
        titles = {}
        for candidate in sorted(folder.glob("*.txt")):
            titles[candidate.read_text(encoding="utf-8").split("\n", 1)[0].strip()] = candidate
        # The exact title, or failing that the nearest one: then the checker says how the titles differ.
        close = difflib.get_close_matches(title, list(titles), n=1, cutoff=0.75)
        if close:
            return LawText.read(titles[close[0]])
    return None


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def front_end(path: Path) -> ir.Law:
    """Spec file → IR. Raises CompileError with every diagnostic of the first failing stage."""
    source = SourceFile.read(path, display_path(path))
    tree = parse(source)
    spec = build_ast(tree, source)
    checked = check(spec, law_text_for(path, spec.meta.title), path.stem)
    return lower(checked)


def compile_spec(path: Path) -> Compiled:
    """Spec file → IR and both outputs."""
    from fatiao.emit_markdown import emit_markdown
    from fatiao.emit_python import emit_python

    law = front_end(path)
    return Compiled(law, python=emit_python(law), markdown=emit_markdown(law))
