"""Shared fixtures: small corpora written for these tests, and the acceptance inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz.profiles import register_profiles

register_profiles()

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("FRONTWATCH_SEEDS", ROOT.parent / "shared" / "seeds"))
SHARED_DATA = Path(os.environ.get("FRONTWATCH_SHARED_DATA", ROOT.parent / "shared" / "data"))
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Built artefacts (the gazetteer) go to one shared temporary home per test session."""
    home = os.environ.get("FRONTWATCH_TEST_HOME")
    if not home:
        home = str(tmp_path_factory.getbasetemp().parent / "frontwatch-home")
        os.environ["FRONTWATCH_TEST_HOME"] = home
    monkeypatch.setenv("FRONTWATCH_HOME", home)


def needs_seeds() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SEEDS.is_dir(), reason=f"acceptance inputs not found at {SEEDS}")


def needs_data(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not (SHARED_DATA / name).exists(), reason=f"{SHARED_DATA / name} not present")
