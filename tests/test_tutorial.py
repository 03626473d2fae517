"""docs/tutorial.md is run as written, so the commands it shows and what they print cannot drift from fatiao.

The page's fenced blocks are played in order in an empty folder:
- a block with `title="PATH"` writes that file (`title="PATH (added at the end)"` appends to it);
- a `console` block runs each `$ command` with bash and compares everything it prints (stdout and stderr, in
  order) with the lines under it; `# exit status N` after a command is the exit status it must end with, 0 otherwise.
Other blocks (the install commands) are for the reader only.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
_FENCE = re.compile(r"^```(\S*)([^\n]*)\n(.*?)^```[ \t]*$", re.S | re.M)
_TITLE = re.compile(r'title="([^"]+)"')
_APPEND = " (added at the end)"
_EXIT = re.compile(r"\s+# exit status (\d+)$")


def blocks(text: str) -> list[tuple[str, str | None, str]]:
    """(language, title, body) of every fenced block, in order."""
    out = []
    for match in _FENCE.finditer(text):
        title = _TITLE.search(match.group(2))
        out.append((match.group(1), title.group(1) if title else None, match.group(3)))
    return out


def commands(console: str) -> list[tuple[str, int, str]]:
    """(command, expected exit status, expected output) of each `$ ` line of a console block."""
    out: list[tuple[str, int, list[str]]] = []
    for line in console.splitlines():
        if line.startswith("$ "):
            command = line[2:]
            status = _EXIT.search(command)
            out.append((_EXIT.sub("", command), int(status.group(1)) if status else 0, []))
        else:
            assert out, f"output before the first command in a console block: {line!r}"
            out[-1][2].append(line)
    return [(command, status, "\n".join(lines)) for command, status, lines in out]


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONUNBUFFERED="1")  # so what goes to stdout and stderr arrives in the order it was printed
    for name in ("CI", "FATIAO_DEBUG", "PYTHONPATH"):
        env.pop(name, None)
    ran = 0
    for language, title, body in blocks(TUTORIAL.read_text(encoding="utf-8")):
        if title:
            append = title.endswith(_APPEND)
            path = tmp_path / title.removesuffix(_APPEND)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a" if append else "w", encoding="utf-8", newline="\n") as f:
                f.write(body)
        elif language == "console":
            for command, status, expected in commands(body):
                done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, timeout=120)
                assert (done.stdout.rstrip("\n"), done.returncode) == (expected, status), f"$ {command}"
                ran += 1
    assert ran >= 10


def test_commands_are_read_with_their_exit_status() -> None:
    parsed = commands("$ fatiao check x  # exit status 1\nerror\n\n1 error\n$ fatiao test x\n8 passed, 0 failed")
    assert parsed == [("fatiao check x", 1, "error\n\n1 error"), ("fatiao test x", 0, "8 passed, 0 failed")]
