"""Loading generated module text as a module, without writing it anywhere (fatiao test, tests)."""

from __future__ import annotations

import sys
import types


def load_module(stem: str, text: str) -> types.ModuleType:
    name = f"_fatiao_check_.{stem}"
    module = types.ModuleType(name)
    module.__file__ = f"<generated {stem}>"
    sys.modules[name] = module  # dataclasses and typing look the module up by name
    exec(compile(text, module.__file__, "exec"), module.__dict__)  # noqa: S102 - our own generated code
    return module
