"""Settings: defaults, overridden by a TOML file, then by ``FRONTWATCH_*`` environment variables,
then by command-line options. The resolved settings are saved with every run (``config.json``).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontwatch.errors import ConfigError

MB = 1024 * 1024


def default_home() -> Path:
    """Where frontwatch keeps built artefacts (the gazetteer database): ``$FRONTWATCH_HOME``, else
    ``$XDG_CACHE_HOME/frontwatch``, else ``~/.cache/frontwatch``."""
    if env := os.environ.get("FRONTWATCH_HOME"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontwatch"


@dataclass(frozen=True, slots=True)
class Settings:
    # ingest limits
    max_file_bytes: int = 20 * MB  # a single-document file (txt/html/json) larger than this is skipped
    max_record_bytes: int = 20 * MB  # one JSONL line / CSV record larger than this is skipped
    max_decompressed_ratio: int = 200  # gzip members expanding more than this (and past 1 MB) are refused
    # processing
    batch_size: int = 32
    workers: int = 1
    executor: str = "local"  # local | dask
    scheduler: str | None = None  # dask scheduler address (joins an existing cluster)
    # seconds a document may spend in the per-document stages (clean, nlp, geo, extract) before it is
    # skipped with reason "timeout"; 0 turns the budget off. Generous: an ordinary article takes well
    # under a second, a text at the max_nlp_chars cap full of event sentences ~10 s on 2 cores
    # (docs/reliability.md)
    doc_time_budget_s: float = 60.0
    max_nlp_chars: int = 100_000  # text beyond this is not run through the language layer (noted)
    languages: tuple[str, ...] = ("en",)  # languages the English-only stages accept
    actors_file: str | None = None  # a user actor dictionary added to the bundled one
    # geocoding
    home: str = ""  # filled with default_home() when empty
    geonames_base_url: str = "https://download.geonames.org/export/dump/"
    # report
    tile_url: str | None = None  # an online tile server template; default is the offline basemap

    def resolved_home(self) -> Path:
        return Path(self.home) if self.home else default_home()

    def as_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["home"] = str(self.resolved_home())
        d["languages"] = list(self.languages)
        return d

    def replace(self, **changes: Any) -> Settings:
        clean = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **clean)


def _coerce(name: str, value: Any, current: Any) -> Any:
    try:
        if isinstance(current, bool):
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if isinstance(current, int):
            return int(value)
        if isinstance(current, float):
            return float(value)
        if isinstance(current, tuple):
            if isinstance(value, str):
                return tuple(v.strip() for v in value.split(",") if v.strip())
            return tuple(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r} has an invalid value {value!r}: {exc}") from exc
    return None if value in ("", None) else str(value)


def load_settings(config_file: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Defaults, then the TOML file (a ``[frontwatch]`` table or top-level keys), then the environment."""
    settings = Settings()
    values: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(Settings)}
    if config_file is not None:
        path = Path(config_file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        table = data.get("frontwatch", data)
        for key, value in table.items():
            if key not in names:
                raise ConfigError(f"unknown setting {key!r} in {path}; known: {', '.join(sorted(names))}")
            values[key] = value
    environ = os.environ if env is None else env
    for name in names:
        env_value = environ.get(f"FRONTWATCH_{name.upper()}")
        if env_value is not None:
            values[name] = env_value
    for key, value in values.items():
        values[key] = _coerce(key, value, getattr(settings, key))
    return dataclasses.replace(settings, **values)
