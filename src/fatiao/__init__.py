"""fatiao (法条): a language and compiler for the numbers in Chinese regulations."""

from fatiao.diagnostics import CompileError, Diagnostic

__version__ = "0.1.0"

__all__ = ["CompileError", "Diagnostic", "__version__"]
