"""Copy Part II of the law inventory into the repo as data: specs/inventory.tsv.

    python tools/import_inventory.py /work/shared/law/inventory.md specs/inventory.tsv

The inventory (one Markdown table per document, D1–D77) lists the rules an
analyst found in the compilation. The coverage report (docs/coverage.md) joins
it with what the specs encode; the project reads only the TSV, never the
original. Columns: doc (D2), title, ref (the 条 column as written: 第二十三条第一款,
四（二）, 一、), kinds (FR, MULT, DL…), rule (the law's words, shortened).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

HEADING = re.compile(r"^## (D\d+)\. (.+?)(?: \((.+)\))?$")


def rows(markdown: str) -> list[tuple[str, str, str, str, str]]:
    out = []
    doc = title = None
    in_part_two = False
    for line in markdown.splitlines():
        if line.startswith("# Part II"):
            in_part_two = True
            continue
        if line.startswith("# Part III"):
            break
        if not in_part_two:
            continue
        m = HEADING.match(line)
        if m:
            doc, title = m.group(1), m.group(2).strip()
            continue
        if doc is None or not line.startswith("| ") or line.startswith("| 条 ") or set(line) <= set("|- "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) < 3:
            continue
        ref, kinds, rule = cells[0], cells[1], cells[2]
        rule = re.sub(r"\s+", " ", rule)
        if len(rule) > 140:
            rule = rule[:139] + "…"
        out.append((doc, title or "", ref, kinds, rule.replace("\t", " ")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    found = rows(args.source.read_text(encoding="utf-8"))
    lines = ["doc\ttitle\tref\tkinds\trule"] + ["\t".join(r) for r in found]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(found)} rules from {len({r[0] for r in found})} documents → {args.out}")


if __name__ == "__main__":
    main()
