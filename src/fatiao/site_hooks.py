"""MkDocs hooks for the documentation site (mkdocs.yml: `hooks: [src/fatiao/site_hooks.py]`).

Every law page `fatiao build` writes joins the navigation under the section
that holds docs/laws/index.md, so a new spec needs no edit of mkdocs.yml.

Material's search segments Chinese text with jieba when it builds the index,
but the browser does not segment what a reader types: a query is one term,
matched against the index's words (and their prefixes). jieba's own dictionary
cuts 「重点排放单位」 into 重点/排放/单位, so a reader searching for the term of
the law would find nothing. The laws' own terms (the parties a penalty falls
on, the defined terms, the short names of facts) are added to jieba's
dictionary, so each is one word in the index and a query for it matches.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from fatiao import ir

log = logging.getLogger("mkdocs.plugins.fatiao")

# Longer fact names are phrases (在同一省级行政区域内从事技术审核业务): as single words they would hide their parts
# from search, which matches only whole words and their prefixes.
_MAX_TERM = 8


def law_terms(law: ir.Law) -> set[str]:
    """The words of a law a reader searches for."""
    terms = {d.name for d in law.definitions} | {f.name for f in law.facts if len(f.name) <= _MAX_TERM}
    for rule in law.rules:
        if isinstance(rule, ir.Penalty):
            terms |= {rule.subject} if rule.subject else set()
            terms |= {s.addressee for s in rule.sanctions if s.addressee}
    return {t for t in terms if len(t) >= 2}


def spec_terms(root: Path) -> set[str]:
    from fatiao.build import spec_paths
    from fatiao.diagnostics import CompileError
    from fatiao.pipeline import front_end

    terms: set[str] = set()
    for path in spec_paths(root):
        try:
            terms |= law_terms(front_end(path))
        except CompileError:
            # A warning, so `mkdocs build --strict` fails: the committed pages of a broken spec are stale.
            log.warning("fatiao: %s does not compile; its terms are not added to search", path)
    return terms


LAWS_INDEX = "laws/index.md"


def add_law_pages(nav: list[Any], docs_dir: Path) -> bool:
    """Append the law pages missing from the nav section that lists laws/index.md; False if there is none."""
    for item in nav:
        section = next(iter(item.values())) if isinstance(item, dict) else None
        if not isinstance(section, list):
            continue
        listed = {next(iter(e.values())) if isinstance(e, dict) else e for e in section}
        if LAWS_INDEX in listed:
            pages = sorted(p.relative_to(docs_dir).as_posix() for p in (docs_dir / "laws").glob("*.md"))
            section.extend(p for p in pages if p not in listed)
            return True
        if add_law_pages(section, docs_dir):
            return True
    return False


def on_config(config: Any) -> Any:
    if config["nav"] is not None and not add_law_pages(config["nav"], Path(config["docs_dir"])):
        log.warning("fatiao: no nav section lists %s, so the law pages are not in the navigation", LAWS_INDEX)
    add_search_terms(Path(config["config_file_path"]).parent)
    return config


def add_search_terms(root: Path) -> None:
    try:
        import jieba
    except ImportError:  # Material then indexes Chinese without segmenting it; nothing to add words to
        return
    jieba.setLogLevel(logging.WARNING)  # its "Building prefix dict…" chatter is not the build's news
    for term in sorted(spec_terms(root)):
        # A frequency well above jieba's common words, so the term wins over its parts.
        jieba.add_word(term, freq=100_000)
