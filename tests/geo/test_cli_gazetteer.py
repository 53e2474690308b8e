from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from frontwatch.cli.gazetteer import gazetteer_app

runner = CliRunner()


def test_gazetteer_import_csv_and_info(tmp_path: Path) -> None:
    home = tmp_path / "home"
    csv_path = tmp_path / "bases.csv"
    csv_path.write_text("name,alternates,lat,lon,country,feature_code\nCamp Test,Test Camp,34.1,38.2,SY,MILB\n"
                        "Broken,,x,y,SY,MILB\n")
    result = runner.invoke(gazetteer_app, ["import", str(csv_path), "--home", str(home), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report[0]["rows"] == 1 and report[0]["skipped"] == 1
    info = runner.invoke(gazetteer_app, ["info", "--home", str(home), "--json"])
    assert info.exit_code == 0, info.output
    data = json.loads(info.stdout)
    assert data["built"] is False and data["imports"][0]["rows"] == 1


def test_gazetteer_import_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(gazetteer_app, ["import", str(tmp_path / "nope.csv"), "--home", str(tmp_path)])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_gazetteer_download_bad_code_is_one_clean_line(tmp_path: Path) -> None:
    result = runner.invoke(gazetteer_app, ["download", "NOT-A-CODE", "--home", str(tmp_path),
                                           "--base-url", "http://127.0.0.1:9/"])
    assert result.exit_code == 2
    assert "FW402" in result.output and "Traceback" not in result.output


def test_gazetteer_help_lists_commands() -> None:
    result = runner.invoke(gazetteer_app, ["--help"])
    assert result.exit_code == 0
    for command in ("import", "download", "build", "info"):
        assert command in result.output
