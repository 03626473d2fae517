"""`fatiao build`: compile every spec and own generated/fatiao_laws/, generated/sql/ and docs/laws/ entirely."""

from __future__ import annotations

import difflib
from pathlib import Path

import attrs

from fatiao import ir
from fatiao.diagnostics import CompileError, Diagnostic
from fatiao.pipeline import compile_spec
from fatiao.progress import Progress, Quiet

GENERATED = Path("generated") / "fatiao_laws"
GENERATED_SQL = Path("generated") / "sql"
DOCS = Path("docs") / "laws"


@attrs.frozen
class BuildResult:
    files: dict[Path, str]  # relative path → content
    laws: tuple[ir.Law, ...]
    diagnostics: tuple[Diagnostic, ...]
    notes: tuple[str, ...] = ()  # rules the SQL backend leaves to Python, located (not errors)


def spec_paths(root: Path) -> list[Path]:
    return sorted((root / "specs").glob("*.fatiao"))


def build(root: Path, specs: list[Path] | None = None, progress: Progress | None = None) -> BuildResult:
    """Compile all specs in memory; nothing is written here."""
    from fatiao.coverage import INVENTORY, coverage
    from fatiao.emit_markdown import emit_coverage, emit_index, emit_package_index, emit_verification
    from fatiao.emit_sql import compile_sql
    from fatiao.error_index import errors_markdown
    from fatiao.verify import verify

    files: dict[Path, str] = {}
    laws: list[ir.Law] = []
    diagnostics: list[Diagnostic] = []
    notes: list[str] = []
    paths = specs if specs is not None else spec_paths(root)
    progress = progress or Quiet()
    progress.begin(2 * len(paths))  # each spec is compiled, then its law verified
    for path in paths:
        progress.step(path.stem)
        try:
            compiled = compile_spec(path)
        except CompileError as err:
            diagnostics.extend(err.diagnostics)
            continue
        laws.append(compiled.law)
        files[GENERATED / f"{path.stem}.py"] = compiled.python
        files[DOCS / f"{path.stem}.md"] = compiled.markdown
        sql = compile_sql(compiled.law)
        files[GENERATED_SQL / f"{path.stem}.sql"] = sql.text
        notes.extend(f.message() for f in sql.fallbacks)
    files[GENERATED / "__init__.py"] = emit_package_index(laws)
    files[GENERATED / "py.typed"] = ""
    files[DOCS / "index.md"] = emit_index(laws)
    reports = []
    for law in laws:
        progress.step(f"verify {law.stem}")
        reports.append(verify(law))
    files[Path("docs") / "verification.md"] = emit_verification(reports)
    files[Path("docs") / "errors.md"] = errors_markdown()
    if (root / INVENTORY).is_file():
        files[Path("docs") / "coverage.md"] = emit_coverage(coverage(root, laws))
    return BuildResult(files, tuple(laws), tuple(diagnostics), tuple(notes))


def owned_files(root: Path) -> set[Path]:
    found: set[Path] = {Path("docs") / name for name in ("errors.md", "verification.md", "coverage.md")
                        if (root / "docs" / name).is_file()}
    for folder in (GENERATED, GENERATED_SQL, DOCS):
        base = root / folder
        if base.is_dir():
            found |= {p.relative_to(root) for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    return found


def write(root: Path, result: BuildResult) -> list[Path]:
    """Write what changed and delete orphans; returns the paths touched."""
    touched = []
    for rel, content in sorted(result.files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8", newline="\n")
            touched.append(rel)
    for rel in sorted(owned_files(root) - set(result.files)):
        (root / rel).unlink()
        touched.append(rel)
    return touched


def stale(root: Path, result: BuildResult) -> list[str]:
    """A unified diff (or a line) per file that differs from what the specs compile to."""
    problems = []
    for rel, content in sorted(result.files.items()):
        path = root / rel
        if not path.is_file():
            problems.append(f"missing: {rel}")
            continue
        on_disk = path.read_text(encoding="utf-8")
        if on_disk != content:
            diff = difflib.unified_diff(on_disk.splitlines(), content.splitlines(), f"{rel} (on disk)",
                                        f"{rel} (from specs)", lineterm="", n=1)
            problems.append("\n".join(list(diff)[:40]))
    for rel in sorted(owned_files(root) - set(result.files)):
        problems.append(f"orphaned (no spec makes it): {rel}")
    return problems
