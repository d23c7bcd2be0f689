"""Strict readers for settings taken from the environment.

Each helper either returns a value of the right type or stops start-up with a
one-line message naming the variable, so a typo in a deployment never becomes a
silently wrong setting. Secrets may also come from a file named by ``NAME_FILE``
(the convention of container secret stores). Plain Python: no Django import.
"""

from __future__ import annotations

import os
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigError(SystemExit):
    """Raised for a bad environment value; exits with a one-line message."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"K-OFFSET configuration error: {name} {problem}")


def env_str(name: str, default: str | None = None, *, environ=os.environ) -> str | None:
    """The variable's text, or ``default`` when it is unset."""
    value = environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False, *, environ=os.environ) -> bool:
    """A boolean spelt 1/0, true/false, yes/no or on/off (any case)."""
    value = environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(name, f"must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, environ=os.environ) -> int:
    """A whole number, optionally no smaller than ``minimum``."""
    value = environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ConfigError(name, f"must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(name, f"must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: list[str], *, environ=os.environ) -> list[str]:
    """A comma-separated list; blanks between commas are dropped."""
    value = environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_secret(name: str, *, required: bool, environ=os.environ) -> str | None:
    """A secret from ``NAME`` or from the file that ``NAME_FILE`` points to."""
    value = environ.get(name)
    file_name = environ.get(f"{name}_FILE")
    if value is None and file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(f"{name}_FILE", f"cannot be read: {error.strerror}") from None
    if required and not value:
        raise ConfigError(name, f"must be set (or {name}_FILE naming a file that holds it)")
    return value or None


def env_database(name: str, default: str, *, environ=os.environ) -> dict:
    """A Django DATABASES entry from a URL: ``sqlite:///path`` or ``postgres://...``."""
    import dj_database_url

    url = env_str(name, default, environ=environ) or default
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ConfigError(name, f"must start with sqlite:// or postgres://, not {scheme!r}")
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except ValueError as error:
        raise ConfigError(name, f"is not a valid database URL ({error})") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(name, "must name a database, e.g. postgres://user@host:5432/koffset")
    return config
