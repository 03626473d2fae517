"""Long commands show progress to a person at a terminal, and nothing extra in a pipe or under CI."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import tempfile

import pytest
from conftest import ROOT

from fatiao.build import spec_paths

FATIAO = [sys.executable, "-m", "fatiao"]
STEMS = [p.stem for p in spec_paths(ROOT)]
# What each command's progress line names, step by step: `build` compiles every spec, then verifies each law.
COMMANDS = {
    "build": (["build", "--check"], STEMS + [f"verify {stem}" for stem in STEMS]),
    "test": (["test"], STEMS),
    "verify": (["verify"], STEMS),
}


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM")}
    env.update(COLUMNS="200", LINES="40", **extra)
    return env


def run_with_terminal_stderr(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run fatiao with stderr on a pseudo-terminal (as in a person's shell) and stdout on a pipe."""
    master, slave = pty.openpty()
    # stdout to a file, not a pipe: a full pipe nobody reads would stall the child while we read the terminal.
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(FATIAO + args, cwd=ROOT, env=env, stdout=out, stderr=slave)
        os.close(slave)
        chunks = []
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # EIO: the child closed its end
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        proc.wait(timeout=120)
        out.seek(0)
        stdout = out.read().decode()
    return proc.returncode, stdout, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_terminal_sees_each_spec_go_by_and_the_line_is_erased(name: str) -> None:
    args, steps = COMMANDS[name]
    code, stdout, terminal = run_with_terminal_stderr(args, _env(TERM="xterm"))
    assert code == 0, terminal
    frames = [f for f in terminal.split("\r\x1b[K") if f]
    shown = [f for f in frames if f.startswith(f"fatiao {name} [")]
    assert [f.split("] ", 1)[1] for f in shown] == [f"{i}/{len(steps)} {s}" for i, s in enumerate(steps)]
    # Every frame is erased before the next, and the last before the command prints anything else.
    assert terminal.count("\r\x1b[K") == len(steps) + 1
    assert not [f for f in shown if "\n" in f], "output was written behind a progress line without erasing it"
    # The command's own output is untouched by the progress line.
    assert stdout == subprocess.run(FATIAO + args, cwd=ROOT, env=_env(), capture_output=True, text=True).stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_under_ci_a_terminal_gets_no_progress(name: str) -> None:
    args, _ = COMMANDS[name]
    code, _, terminal = run_with_terminal_stderr(args, _env(TERM="xterm", CI="true"))
    assert code == 0
    assert "fatiao " + name + " [" not in terminal and "\x1b" not in terminal


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_pipe_gets_no_progress(name: str) -> None:
    args, _ = COMMANDS[name]
    done = subprocess.run(FATIAO + args, cwd=ROOT, env=_env(TERM="xterm"), capture_output=True, text=True)
    assert done.returncode == 0
    assert "\r" not in done.stderr and "\x1b" not in done.stderr and "fatiao " + name + " [" not in done.stderr


def test_a_long_item_is_cut_to_the_terminal_width_counting_chinese_as_two() -> None:
    from fatiao.progress import _fit

    assert _fit("重点排放单位", 7) == "重点排"
    assert _fit("abc", 7) == "abc"
