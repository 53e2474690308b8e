"""The front-end's own unit tests (web/test/*.test.js, node's test runner), run from pytest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "web"
NODE_TEST_TIMEOUT_S = 120


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed (apt-get install nodejs)")
def test_web_unit_tests_pass() -> None:
    tests = sorted(str(p.relative_to(WEB)) for p in (WEB / "test").glob("*.test.js"))
    assert tests, "no front-end unit tests found"
    run = subprocess.run(["node", "--test", *tests], cwd=WEB, capture_output=True, text=True,
                         timeout=NODE_TEST_TIMEOUT_S, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
