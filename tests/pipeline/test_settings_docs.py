"""docs/configuration.md names every setting, with its environment variable's spelling."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from frontwatch.config import Settings, load_settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "configuration.md"


def test_settings_docs_list_every_setting() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [f.name for f in dataclasses.fields(Settings) if f"| `{f.name}` |" not in text]
    assert not missing, f"docs/configuration.md lacks {missing}"


def test_settings_docs_time_budget_from_file_and_environment(tmp_path: Path) -> None:
    config = tmp_path / "fw.toml"
    config.write_text("[frontwatch]\ndoc_time_budget_s = 120\n", encoding="utf-8")
    assert load_settings(config, env={}).doc_time_budget_s == 120.0
    assert load_settings(config, env={"FRONTWATCH_DOC_TIME_BUDGET_S": "0"}).doc_time_budget_s == 0.0
    assert load_settings(None, env={}).doc_time_budget_s == Settings().doc_time_budget_s == 60.0
