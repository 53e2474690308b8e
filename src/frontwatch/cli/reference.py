"""Generate docs/cli-reference.md from the commands' own help (a test keeps the file current):
``python -m frontwatch.cli.reference > docs/cli-reference.md``."""

from __future__ import annotations

import os
from typing import Any

import typer.main


def _help(cmd: Any, path: list[str]) -> str:
    from typer.testing import CliRunner

    from frontwatch.cli.main import app

    result = CliRunner().invoke(app, [*path[1:], "--help"], env={"COLUMNS": "100", "TERM": "dumb",
                                                                "NO_COLOR": "1"}, terminal_width=100)
    return result.output


def _walk(cmd: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    out = [(path, cmd)]
    if hasattr(cmd, "commands"):
        for name in sorted(cmd.commands):
            out += _walk(cmd.commands[name], [*path, name])
    return out


def render() -> str:
    from frontwatch.cli.main import app

    os.environ["TERM"] = "dumb"
    root = typer.main.get_command(app)
    lines = ["# CLI reference", "", "Generated from `--help` by `python -m frontwatch.cli.reference`; "
             "`tests/cli/test_reference.py` fails when this file is out of date.", ""]
    for path, cmd in _walk(root, ["frontwatch"]):
        lines += [f"## `{' '.join(path)}`", "", "```text", _plain(_help(cmd, path)).rstrip(), "```", ""]
    return "\n".join(lines)


def _plain(text: str) -> str:
    import re

    return "\n".join(line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()).strip("\n")


if __name__ == "__main__":
    print(render())
