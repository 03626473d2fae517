"""IR → plain Chinese words: how an expression reads in docs and explanations.

The interpreter, the Python backend and the Markdown backend all take their
wording from here, so an explanation reads the same wherever it comes from.
"""

from __future__ import annotations

from typing import assert_never

from fatiao import ir
from fatiao_runtime.format import fmt_amount


def expr_text(e: ir.Expr) -> str:
    match e:
        case ir.Const():
            if e.low == e.high:
                return fmt_amount(e.low, e.unit)
            low = fmt_amount(e.low, e.unit) if e.low else ""
            return f"{low}..{fmt_amount(e.high, e.unit)}" if low else f"{fmt_amount(e.high, e.unit)}以下"
        case ir.FactRef() | ir.LetRef() | ir.VersionRef():
            return e.name
        case ir.Scale():
            return f"{_paren(e.base)}的{_factor_words(e.text)}"
        case ir.RatioConst():
            return _factor_words(e.text)
        case ir.Add():
            return " + ".join(_paren(t) for t in e.terms)
        case ir.Mul():
            return " × ".join(_paren(f) for f in e.factors)
        case ir.FineOf():
            return f"「{e.rule}」的罚款"
        case ir.Sub():
            return f"{_paren(e.left)} − {_paren(e.right)}"
        case ir.Div():
            return f"{_paren(e.left)} ÷ {_paren(e.right)}"
        case ir.Extreme():
            words = "较小者" if e.kind == "min" else "较大者"
            return f"{'、'.join(_paren(i) for i in e.items)}中的{words}"
        case ir.Table():
            return "按下表分档"
        case _:
            assert_never(e)


def _paren(e: ir.Expr) -> str:
    text = expr_text(e)
    return f"（{text}）" if isinstance(e, (ir.Add, ir.Mul, ir.Sub, ir.Div)) else text


def _factor_words(text: str) -> str:
    """`5x..10x` → 5倍至10倍; `..1x` → 1倍以下; `40%` → 40%."""
    text = text.replace("x", "倍")
    if text.startswith(".."):
        return f"{text[2:]}以下"
    return text.replace("..", "至")
