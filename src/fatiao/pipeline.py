"""The whole compiler on one screen: each stage reads only what the stage before it returned."""

from __future__ import annotations

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


def law_text_for(spec_path: Path) -> LawText | None:
    """specs/<stem>.fatiao is checked against specs/law/<stem>.txt."""
    path = spec_path.parent / "law" / f"{spec_path.stem}.txt"
    return LawText.read(path) if path.is_file() else None


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
    checked = check(spec, law_text_for(path), path.stem)
    return lower(checked)


def compile_spec(path: Path) -> Compiled:
    """Spec file → IR and both outputs."""
    from fatiao.emit_markdown import emit_markdown
    from fatiao.emit_python import emit_python

    law = front_end(path)
    return Compiled(law, python=emit_python(law), markdown=emit_markdown(law))
