"""Settings from a config file, the environment and command-line flags (later wins).

Config file: ``$LABORWATCH_CONFIG`` or ``$XDG_CONFIG_HOME/laborwatch/config.toml``, e.g.::

    db = "postgresql+psycopg://user@host/laborwatch"
    max_bytes = 20000000

Environment: ``LABORWATCH_DB``, ``LABORWATCH_MAX_BYTES``, ``LABORWATCH_CONFIG``.
The default database is ``$XDG_DATA_HOME/laborwatch/laborwatch.db`` (usually
``~/.local/share/laborwatch/laborwatch.db``).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from laborwatch.errors import ConfigError

DEFAULT_MAX_BYTES = 20 * 1000 * 1000


def _xdg(var: str, fallback: str) -> Path:
    value = os.environ.get(var)
    return Path(value) if value else Path.home() / fallback


def default_db_url() -> str:
    path = _xdg("XDG_DATA_HOME", ".local/share") / "laborwatch" / "laborwatch.db"
    return f"sqlite:///{path}"


def config_path() -> Path:
    explicit = os.environ.get("LABORWATCH_CONFIG")
    if explicit:
        return Path(explicit)
    return _xdg("XDG_CONFIG_HOME", ".config") / "laborwatch" / "config.toml"


@dataclass(frozen=True)
class Settings:
    db: str
    max_bytes: int = DEFAULT_MAX_BYTES

    def with_overrides(self, **overrides: object) -> Settings:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def load_settings(db: str | None = None, max_bytes: int | None = None) -> Settings:
    """Settings from defaults, then the config file, then the environment, then arguments."""
    values: dict[str, object] = {"db": default_db_url(), "max_bytes": DEFAULT_MAX_BYTES}
    path = config_path()
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    if os.environ.get("LABORWATCH_DB"):
        values["db"] = os.environ["LABORWATCH_DB"]
    if os.environ.get("LABORWATCH_MAX_BYTES"):
        values["max_bytes"] = os.environ["LABORWATCH_MAX_BYTES"]
    try:
        settings = Settings(db=str(values["db"]), max_bytes=int(values["max_bytes"]))
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid setting: {exc}") from exc
    return settings.with_overrides(db=db, max_bytes=max_bytes)
