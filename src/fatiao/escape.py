"""Named escapes for everything a spec puts into generated text: nothing is pasted raw."""

from __future__ import annotations

import keyword
import re
import unicodedata


def py_str(text: str) -> str:
    """A Python string literal for any text (repr escapes quotes, backslashes, newlines)."""
    return repr(text)


def py_doc(text: str) -> str:
    """Docstring-safe text: every backslash and double quote escaped, control characters spelled out."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", lambda m: f"\\x{ord(m.group(0)):02x}", out)


def py_comment(text: str) -> str:
    """One comment line: a newline in the text must not end the comment."""
    return re.sub(r"[\r\n\x00-\x1f]", " ", text)


def py_name(text: str) -> str:
    """A spec name as a Python identifier; the checker has already refused the ones that are not."""
    if not text.isidentifier() or keyword.iskeyword(text):
        raise ValueError(f"not a Python identifier: {text!r}")
    return text


def nfkc(text: str) -> str:
    """Python folds identifiers with NFKC: two names equal after folding are one name to it."""
    return unicodedata.normalize("NFKC", text)


# Characters that can start markup inside a line: emphasis, code, links, HTML,
# tables, attribute lists. Line-start markup (lists, headings) cannot occur:
# every piece of spec text is placed after other text on its line.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_text(text: str) -> str:
    """Markdown text that shows literally: every markup character escaped, HTML made inert."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = escaped.replace("&", "&amp;")
    return escaped.replace("\r", "").replace("\n", "<br>")


def md_comment(text: str) -> str:
    """Text inside an HTML comment: `--` and `>` could end it early."""
    return text.replace("--", "- -").replace(">", "&gt;")


def md_cell(text: str) -> str:
    """Text for a pipe-table cell: as md_text, and never a line break that would end the row."""
    return md_text(text)


def md_code(text: str) -> str:
    """Inline code that cannot be closed early by a backtick inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text.replace(chr(10), ' ')}{pad}{fence}"


def md_anchor(text: str) -> str:
    """A stable ASCII anchor: 第二十二条 → art-22; anything else hashed to stay ASCII and stable."""
    import hashlib

    return "r-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def sql_ident(text: str) -> str:
    """A double-quoted SQL identifier; a `"` inside is doubled, so no name can end the quote early."""
    if "\x00" in text:
        raise ValueError(f"NUL in an SQL identifier: {text!r}")
    return '"' + text.replace('"', '""') + '"'


def sql_str(text: str) -> str:
    """A standard SQL string literal ('' for a quote); backslashes stay literal in DuckDB, and
    sqlglot re-escapes them for dialects (Spark) where a backslash escapes."""
    if "\x00" in text:
        raise ValueError(f"NUL in an SQL string: {text!r}")
    return "'" + text.replace("'", "''") + "'"


def sql_comment(text: str) -> str:
    """Text for a `--` comment: a line break in it would end the comment and start code."""
    return re.sub(r"[\r\n\x00-\x1f\u2028\u2029\x85]", " ", text)
