from __future__ import annotations

from pathlib import Path

from frontwatch.cli.reference import render

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli-reference.md"


def test_cli_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8").strip() == render().strip(), (
        "docs/cli-reference.md is out of date: python -m frontwatch.cli.reference > docs/cli-reference.md")


def test_every_command_has_help() -> None:
    text = render()
    for section in text.split("## `")[1:]:
        assert "Usage:" in section
        body = section.split("```text", 1)[1]
        assert len([ln for ln in body.splitlines() if ln.strip()]) > 3, section[:40]
