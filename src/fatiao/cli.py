"""The command line: the only place that prints or chooses an exit code (0 ok, 1 spec errors, 2 usage)."""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from fatiao.diagnostics import CompileError, Diagnostic, render_all

EXIT_SPEC_ERRORS = 1


def _fail(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
    click.echo(render_all(list(diagnostics)), err=True)
    errors = sum(1 for d in diagnostics if d.is_error)
    click.echo(f"\n{errors} error{'s' if errors != 1 else ''}", err=True)
    sys.exit(EXIT_SPEC_ERRORS)


def _guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A bug in fatiao is reported as one, never as a bare traceback."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CompileError as err:
            _fail(err.diagnostics)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `fatiao describe … | head`: the reader left, nothing went wrong
            sys.stderr.close()
            sys.exit(0)
        except Exception as err:  # noqa: BLE001 - the last line of defence
            click.echo(f"internal error in fatiao (please report): {type(err).__name__}: {err}", err=True)
            if "FATIAO_DEBUG" in __import__("os").environ:
                traceback.print_exc()
            sys.exit(3)

    return wrapper


def _spec_files(paths: tuple[Path, ...]) -> list[Path]:
    from fatiao.build import spec_paths

    if not paths:
        return spec_paths(Path.cwd())
    out: list[Path] = []
    for p in paths:
        out.extend(sorted(p.glob("*.fatiao")) if p.is_dir() else [p])
    return out


@click.group()
@click.version_option(package_name="fatiao")
def main() -> None:
    """fatiao (法条): checked specs of Chinese legal obligations, compiled to Python and Markdown."""


@main.command("check")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_guard
def check_cmd(paths: tuple[Path, ...]) -> None:
    """Parse and type-check specs (default: specs/*.fatiao); report every mistake."""
    from fatiao.pipeline import front_end

    diagnostics: list[Diagnostic] = []
    files = _spec_files(paths)
    for path in files:
        try:
            front_end(path)
        except CompileError as err:
            diagnostics.extend(err.diagnostics)
    if any(d.is_error for d in diagnostics):
        _fail(diagnostics)
    click.echo(f"ok: {len(files)} spec{'s' if len(files) != 1 else ''} checked")


@main.command("build")
@click.option("--check", "check_only", is_flag=True, help="Compare with the files on disk; write nothing.")
@click.option("--verbose", is_flag=True, help="List every rule that `fatiao batch` runs outside SQL, and why.")
@_guard
def build_cmd(check_only: bool, verbose: bool) -> None:
    """Compile specs/ into generated/fatiao_laws/ and docs/laws/ (which it owns entirely)."""
    from fatiao.build import build, stale, write
    from fatiao.progress import for_terminal

    root = Path.cwd()
    progress = for_terminal("fatiao build")
    try:
        result = build(root, progress=progress)
    finally:
        progress.end()
    if result.diagnostics:
        _fail(result.diagnostics)
    if check_only:
        problems = stale(root, result)
        if problems:
            click.echo("\n".join(problems), err=True)
            click.echo(f"\n{len(problems)} generated file(s) are stale: run `fatiao build`", err=True)
            sys.exit(EXIT_SPEC_ERRORS)
        click.echo(f"ok: generated/ and docs/ match {len(result.laws)} specs")
        return
    touched = write(root, result)
    if verbose:
        for note in result.notes:
            click.echo(note, err=True)
    elif result.notes:
        click.echo(f"note: {len(result.notes)} rule(s) run through the generated Python module in `fatiao batch` "
                   "(SQL cannot express them; `fatiao build --verbose` lists them, and so does each "
                   "generated/sql/<stem>.sql)", err=True)
    click.echo(f"built {len(result.laws)} specs; {len(touched)} file(s) changed")


@main.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_guard
def test_cmd(paths: tuple[Path, ...]) -> None:
    """Run the examples embedded in specs, through the interpreter and the generated module."""
    from fatiao import examples
    from fatiao.loader import load_module
    from fatiao.pipeline import compile_spec
    from fatiao.progress import for_terminal

    outcomes: list[examples.Outcome] = []
    files = _spec_files(paths)
    progress = for_terminal("fatiao test")
    progress.begin(len(files))
    try:
        for path in files:
            progress.step(path.stem)
            compiled = compile_spec(path)
            module = load_module(compiled.law.stem, compiled.python)
            for ex in compiled.law.examples:
                outcomes.append(examples.run_example(ex, examples.interpreter_for(compiled.law), "interpreter"))
                outcomes.append(examples.run_example(ex, examples.module_evaluator(module), "generated module"))
    finally:
        progress.end()
    failed = examples.diagnostics(outcomes)
    passed = sum(1 for o in outcomes if o.passed)
    if failed:
        click.echo(render_all(failed), err=True)
    click.echo(f"{passed} passed, {len(outcomes) - passed} failed")
    if failed:
        sys.exit(EXIT_SPEC_ERRORS)


def _jsonable(value: Any) -> Any:
    import datetime

    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {k: _jsonable(v) for k, v in value._asdict().items()}
    from fatiao_runtime.results import Explanation

    if isinstance(value, (list, tuple, Explanation)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@main.command("eval")
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("rule")
@click.option("--fact", "facts", multiple=True, metavar="NAME=VALUE", help="A fact, e.g. 违法所得=40万元.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", default=None,
              help="The date the case is judged at (default: the rule's date fact, or the law as it stands).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@_guard
def eval_cmd(spec: Path, rule: str, facts: tuple[str, ...], as_of: str | None, as_json: bool) -> None:
    """Evaluate one rule of a spec on the given facts, and explain the result."""
    from fatiao import interpret
    from fatiao.pipeline import front_end
    from fatiao.values import BadValue, parse_fact_value
    from fatiao_runtime.errors import FactError, NotInForce

    law = front_end(spec)
    names = [r.name for r in law.rules]
    if rule not in names:
        import difflib

        close = difflib.get_close_matches(rule, names, n=1)
        raise click.UsageError(f"no rule 「{rule}」 in {spec}" + (f"; did you mean 「{close[0]}」?" if close else
                                                                    f"; rules: {'、'.join(names)}"))
    given: dict[str, Any] = {}
    for item in facts:
        if "=" not in item:
            raise click.UsageError(f"--fact takes NAME=VALUE, not {item!r}")
        name, text = item.split("=", 1)
        if name not in {f.name for f in law.facts}:
            raise click.UsageError(f"no fact 「{name}」 in {spec}")
        try:
            given[name] = parse_fact_value(law.fact(name), text)
        except BadValue as err:
            raise click.UsageError(str(err)) from None
    day = None
    if as_of is not None:
        import datetime

        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            raise click.UsageError(f"--as-of takes a date YYYY-MM-DD, not {as_of!r}") from None
    try:
        result = interpret.run(law, rule, given, day)
    except NotInForce as err:
        click.echo(f"not in force: {err.problem}", err=True)
        sys.exit(EXIT_SPEC_ERRORS)
    except FactError as err:
        raise click.UsageError(str(err)) from None
    if as_json:
        click.echo(json.dumps(_jsonable(result), ensure_ascii=False, indent=2))
        return
    click.echo(_describe_result(result))


def _describe_result(result: Any) -> str:
    from fatiao_runtime.ops import when
    from fatiao_runtime.results import AmountResult, ClassificationResult, DeadlineResult, PenaltyResult

    lines = [f"{result.rule}"]
    if isinstance(result, PenaltyResult):
        if not result.applicable:
            lines.append("  not applicable to these facts")
        if result.fine is not None:
            lines.append(f"  罚款 fine: {result.fine} ({result.fine_modality})" + (f" [{result.row}]" if result.row else ""))
        for s in result.sanctions:
            lines.append(f"  {s.label}" + (f" {s.amount}" if s.amount else "") + (f" {s.period}" if s.period else "")
                         + f" ({s.modality})")
        for person in result.individuals:
            lines.append(f"  {person.addressee}: 罚款 {person.fine} ({person.fine_modality})" if person.fine
                         else f"  {person.addressee}")
            for s in person.sanctions:
                lines.append(f"    {s.label}" + (f" {s.period}" if s.period else "") + f" ({s.modality})")
    elif isinstance(result, DeadlineResult):
        if result.due is None:
            lines.append("  not applicable to these facts")
        elif result.before:
            lines.append(f"  at the latest {result.due.isoformat()} ({result.period} before {result.start.isoformat()})")
        else:
            lines.append(f"  due {when(result.due)} ({result.period} after {when(result.start)})")
        if result.extended_due is not None:
            lines.append(f"  extended due {result.extended_due.isoformat()} (if the extension is approved)")
        for later in result.extensions[1:]:
            lines.append(f"  further extended due {later.isoformat()} (if a further extension is decided)")
    elif isinstance(result, ClassificationResult):
        lines.append(f"  {result.value}" + (f" [{result.row}]" if result.row else "") if result.applicable
                     else "  no class applies to these facts")
    elif isinstance(result, AmountResult):
        lines.append(f"  {result.value}" if result.applicable else "  not applicable to these facts")
    else:
        lines.append(f"  {'compliant' if result.compliant else 'violated'}")
    lines.append("because:")
    lines.extend(f"  - {line}" for line in result.explanation)
    for c in result.citations:
        lines.append(f"  {c}: “{c.sentence}”")
    return "\n".join(lines)


@main.command("describe")
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@_guard
def describe_cmd(spec: Path, as_json: bool) -> None:
    """List every rule of a spec with its inputs (type, unit), its citation and when it is in force."""
    from fatiao import ir
    from fatiao.emit_markdown import deadline_words
    from fatiao.pipeline import front_end

    law = front_end(spec)
    data = {
        "title": law.title, "issuer": law.issuer,
        "effective": law.effective.isoformat() if law.effective else None,
        "rules": [{
            "name": r.name, "kind": type(r).__name__.lower(),
            "facts": [{"name": f, "kind": law.fact(f).kind, "unit": law.fact(f).unit,
                       "values": list(law.fact(f).members) or None,
                       "if_unknown": law.fact(f).fallback is not None,
                       "may_be_none": law.fact(f).optional,
                       "external": law.fact(f).external} for f in r.facts],
            "citations": [{"article": c.article, "clause": c.clause, "item": c.item, "sentence": c.sentence}
                          for c in r.citations],
            "in_force": {"from": r.validity.start.isoformat() if r.validity.start else None,
                         "until": r.validity.end.isoformat() if r.validity.end else None,
                         "as_of_fact": r.validity.anchor, "needs_date": r.validity.needs_date},
            "counting": deadline_words(r) if isinstance(r, ir.Deadline) else None,
            "applies_when": getattr(r, "when_text", None),
        } for r in law.rules],
        "versions": [{"name": v.name, "unit": v.unit,
                      "rows": [{"from": row.start.isoformat(), "until": row.end.isoformat() if row.end else None,
                                "value": row.value_text} for row in v.rows]} for v in law.versions],
    }
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(f"《{law.title}》" + (f" {law.issuer}" if law.issuer else ""))
    for v in data["versions"]:
        click.echo(f"\n{v['name']} (versions)")
        for row in v["rows"]:
            click.echo(f"  {row['from']} .. {row['until'] or ''}: {row['value']}")
    for r in data["rules"]:
        click.echo(f"\n{r['name']} ({r['kind']})")
        force = r["in_force"]
        if force["from"] or force["until"]:
            click.echo(f"  in force: {force['from'] or ''} .. {force['until'] or ''}"
                       + (f" (judged as of {force['as_of_fact']})" if force["as_of_fact"] else "")
                       + (" (needs --as-of)" if force["needs_date"] and not force["as_of_fact"] else ""))
        if r["applies_when"]:
            click.echo(f"  applies only when: {r['applies_when']}")
        if r["counting"]:
            click.echo(f"  counting: {r['counting']}")
        for c in r["citations"]:
            click.echo(f"  {c['article']}{c['clause'] or ''}{c['item'] or ''}: “{c['sentence']}”")
        for f in r["facts"]:
            extra = f" [{'、'.join(f['values'])}]" if f["values"] else ""
            extra += " (may be unknown)" if f["if_unknown"] else ""
            extra += " (may be none)" if f["may_be_none"] else ""
            extra += f" (external: {f['external']})" if f["external"] else ""
            click.echo(f"  - {f['name']}: {f['kind']}{' ' + f['unit'] if f['unit'] else ''}{extra}")


@main.command("batch")
@click.argument("spec", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("rule")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Facts, one case a row, one column a fact: .csv (with a header) or .parquet.")
@click.option("--output", required=True, type=click.Path(path_type=Path),
              help="Where the results go: .parquet (with --engine spark, a Parquet dataset directory).")
@click.option("--engine", type=click.Choice(["duckdb", "spark"]), default="duckdb", show_default=True,
              help="duckdb: embedded, no server; spark: Apache Spark (pip install 'fatiao[spark]').")
@click.option("--threads", type=click.IntRange(min=1), help="DuckDB threads (default: all cores).")
@_guard
def batch_cmd(spec: Path, rule: str, input_path: Path, output: Path, engine: str, threads: int | None) -> None:
    """Evaluate one rule for every row of a facts file: fine ranges, sanctions, citations per case."""
    from fatiao.batch import BatchError, load_rule, run_file

    try:
        batch_rule = load_rule(spec, rule)
    except BatchError as err:
        raise click.UsageError(str(err)) from None
    if batch_rule.sql.fallback is not None:
        click.echo(batch_rule.sql.fallback.message(), err=True)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=f"{rule} ({engine})", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        summary = run_file(batch_rule, input_path, output, engine=engine, threads=threads, progress=progress)
    except BatchError as err:
        click.echo(str(err), err=True)
        sys.exit(EXIT_SPEC_ERRORS)
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    how = "generated Python" if summary.fallback else "SQL"
    click.echo(f"{summary.rows} row{'s' if summary.rows != 1 else ''} → {output} ({engine}, {how})")


@main.command("verify")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@_guard
def verify_cmd(paths: tuple[Path, ...]) -> None:
    """Check the consistency of the law itself: tiers, monotonicity, jumps, 国发〔2024〕5号 lints."""
    from fatiao.pipeline import front_end
    from fatiao.progress import for_terminal
    from fatiao.verify import STATUS_WORDS, as_diagnostic, verify

    totals: dict[str, int] = dict.fromkeys(STATUS_WORDS, 0)
    diagnostics = []
    files = _spec_files(paths)
    progress = for_terminal("fatiao verify")
    progress.begin(len(files))
    try:
        for path in files:
            progress.step(path.stem)
            report = verify(front_end(path))
            for finding in report.findings:
                totals[finding.status] += 1
                diagnostics.append(as_diagnostic(finding))
    finally:
        progress.end()
    if diagnostics:
        click.echo(render_all(diagnostics), err=True)
    click.echo(", ".join(f"{n} {s}" for s, n in totals.items()))
    if totals["open"]:
        click.echo("open findings need a decision: fix the spec, or acknowledge the lint with its reason", err=True)
        sys.exit(EXIT_SPEC_ERRORS)


@main.command("fmt")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Write nothing; fail if a file is not formatted.")
@_guard
def fmt_cmd(paths: tuple[Path, ...], check_only: bool) -> None:
    """Lay specs out canonically, comments kept (default: specs/*.fatiao; `-` reads stdin, writes stdout)."""
    import difflib

    from fatiao.formatter import format_text
    from fatiao.pipeline import display_path
    from fatiao.source import SourceFile

    if paths == (Path("-"),):
        text = sys.stdin.buffer.read().decode("utf-8")
        formatted = format_text(SourceFile("<stdin>", text))
        if check_only and formatted != text:
            click.echo("<stdin> is not formatted", err=True)
            sys.exit(EXIT_SPEC_ERRORS)
        if not check_only:
            click.echo(formatted, nl=False)
        return
    diagnostics: list[Diagnostic] = []
    changed: list[Path] = []
    files = _spec_files(paths)
    for path in files:
        source = SourceFile.read(path, display_path(path))
        try:
            formatted = format_text(source)
        except CompileError as err:
            diagnostics.extend(err.diagnostics)
            continue
        if formatted == source.text:
            continue
        changed.append(path)
        if check_only:
            diff = difflib.unified_diff(source.text.splitlines(), formatted.splitlines(), f"{source.path} (now)",
                                        f"{source.path} (formatted)", lineterm="", n=1)
            click.echo("\n".join(list(diff)[:30]), err=True)
        else:
            path.write_text(formatted, encoding="utf-8", newline="\n")
            click.echo(f"formatted {source.path}")
    if diagnostics:
        _fail(diagnostics)
    if check_only and changed:
        click.echo(f"\n{len(changed)} of {len(files)} spec(s) would be reformatted: run `fatiao fmt`", err=True)
        sys.exit(EXIT_SPEC_ERRORS)
    plural = "s" if len(files) != 1 else ""
    click.echo(f"ok: {len(files)} spec{plural} formatted" if check_only
               else f"ok: {len(files)} spec{plural} formatted, {len(changed)} rewritten")


@main.command("lsp")
def lsp_cmd() -> None:
    """Run the language server on stdin/stdout, for editors (needs the `lsp` extra)."""
    try:
        from fatiao.lsp import main as serve
    except ImportError as err:
        raise click.UsageError(f"the language server needs pygls ({err.name} is missing): "
                               "pip install 'fatiao[lsp]'") from None
    serve()


@main.command("explain")
@click.argument("code")
def explain_cmd(code: str) -> None:
    """Explain a diagnostic code, e.g. `fatiao explain unit-mismatch`."""
    from fatiao.error_index import entry

    text = entry(code)
    if text is None:
        raise click.UsageError(f"no diagnostic code {code!r}; see docs/errors.md")
    click.echo(text)


if __name__ == "__main__":
    main()
