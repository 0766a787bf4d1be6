"""Settings read from HEAOLU_* environment variables and validated at start-up.

Every problem names the variable it comes from, so an operator sees at once what to fix.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "sqlite:///./var/heaolu.db"
# A known, public value: fine for the local demo, refused by `heaolu check`.
DEVELOPMENT_SECRET_KEY = "heaolu-development-only-secret-key-do-not-use"  # noqa: S105
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
MIN_SECRET_KEY_LENGTH = 32
DEFAULT_AUDIT_RETENTION_DAYS = 3650
# Audit rows are evidence: none is pruned before it is a year old (the database agrees).
MIN_AUDIT_RETENTION_DAYS = 365

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """A HEAOLU_* variable has a value that cannot be used."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    # None means "every installed plugin"; a tuple lists exactly the plugins to load.
    plugins: tuple[str, ...] | None = None
    secret_key: str = DEVELOPMENT_SECRET_KEY
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    allowed_hosts_configured: bool = False
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    debug: bool = False
    # PostgreSQL connections each worker keeps open; 0: a new connection per request.
    database_pool_size: int = 10
    # "required": administrators must use a second factor; "optional": anyone may.
    admin_2fa: str = "required"
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    # `heaolu audit prune` deletes audit rows older than this.
    audit_retention_days: int = DEFAULT_AUDIT_RETENTION_DAYS
    # Years a child's record is kept after they left every kindergarten and school.
    retention_years: int = 5

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        database_url = _database_url(env.get("HEAOLU_DATABASE_URL", DEFAULT_DATABASE_URL))
        hosts_raw = env.get("HEAOLU_ALLOWED_HOSTS")
        return cls(
            database_url=database_url,
            plugins=_plugin_list(env.get("HEAOLU_PLUGINS")),
            secret_key=_secret_key(env.get("HEAOLU_SECRET_KEY")),
            allowed_hosts=_allowed_hosts(hosts_raw) if hosts_raw is not None else LOCAL_HOSTS,
            allowed_hosts_configured=hosts_raw is not None,
            trusted_proxies=_trusted_proxies(env.get("HEAOLU_TRUSTED_PROXIES", "")),
            debug=_boolean("HEAOLU_DEBUG", env.get("HEAOLU_DEBUG", "")),
            database_pool_size=_count(
                "HEAOLU_DATABASE_POOL_SIZE", env.get("HEAOLU_DATABASE_POOL_SIZE", "10")
            ),
            admin_2fa=_choice(
                "HEAOLU_ADMIN_2FA",
                env.get("HEAOLU_ADMIN_2FA", "required"),
                ("required", "optional"),
            ),
            session_idle_minutes=_positive(
                "HEAOLU_SESSION_IDLE_MINUTES", env.get("HEAOLU_SESSION_IDLE_MINUTES", "30")
            ),
            session_max_hours=_positive(
                "HEAOLU_SESSION_MAX_HOURS", env.get("HEAOLU_SESSION_MAX_HOURS", "12")
            ),
            audit_retention_days=_at_least(
                "HEAOLU_AUDIT_RETENTION_DAYS",
                env.get("HEAOLU_AUDIT_RETENTION_DAYS", str(DEFAULT_AUDIT_RETENTION_DAYS)),
                MIN_AUDIT_RETENTION_DAYS,
            ),
            retention_years=_positive(
                "HEAOLU_RETENTION_YEARS", env.get("HEAOLU_RETENTION_YEARS", "5")
            ),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    def production_problems(self) -> list[str]:
        """What makes these settings unsafe for production; empty when they are fine."""
        problems = []
        if self.debug:
            problems.append("HEAOLU_DEBUG is on: error pages would show stack traces.")
        if self.secret_key == DEVELOPMENT_SECRET_KEY:
            problems.append("HEAOLU_SECRET_KEY is not set: the public development key is in use.")
        if self.admin_2fa != "required":
            problems.append("HEAOLU_ADMIN_2FA is not 'required': administrators may skip 2FA.")
        if not self.allowed_hosts_configured:
            problems.append(
                "HEAOLU_ALLOWED_HOSTS is not set: name the host names the site is served under."
            )
        return problems


def _database_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme == "sqlite":
        if not parts.path or parts.path == "/":
            raise SettingsError(
                "HEAOLU_DATABASE_URL: a SQLite URL needs a file path, "
                "e.g. sqlite:///./var/heaolu.db"
            )
        return value
    if parts.scheme in {"postgresql", "postgres"}:
        if not parts.path.strip("/"):
            raise SettingsError(
                "HEAOLU_DATABASE_URL: a PostgreSQL URL needs a database name, "
                "e.g. postgresql://heaolu@db.example/heaolu"
            )
        return value
    raise SettingsError(
        f"HEAOLU_DATABASE_URL: unsupported scheme {parts.scheme!r}; "
        "use sqlite:///path/to/file.db or postgresql://user@host/database"
    )


def _plugin_list(value: str | None) -> tuple[str, ...] | None:
    if value is None or not value.strip():
        return None
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    bad = [name for name in names if not name.replace("_", "").isalnum()]
    if bad:
        raise SettingsError(
            f"HEAOLU_PLUGINS: {', '.join(bad)} is not a plugin name "
            "(letters, digits and _ only, separated by commas)"
        )
    return names


def _secret_key(value: str | None) -> str:
    if value is None:
        return DEVELOPMENT_SECRET_KEY
    if len(value) < MIN_SECRET_KEY_LENGTH:
        raise SettingsError(
            f"HEAOLU_SECRET_KEY: must be at least {MIN_SECRET_KEY_LENGTH} characters long; "
            'generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'
        )
    return value


def _allowed_hosts(value: str) -> tuple[str, ...]:
    hosts = tuple(host.strip().lower() for host in value.split(",") if host.strip())
    if not hosts:
        raise SettingsError("HEAOLU_ALLOWED_HOSTS: is set but names no host")
    bad = [host for host in hosts if "/" in host or " " in host]
    if bad:
        raise SettingsError(
            f"HEAOLU_ALLOWED_HOSTS: {', '.join(bad)} is not a host name "
            "(give names such as heaolu.tartu.ee, separated by commas)"
        )
    return hosts


def _trusted_proxies(value: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise SettingsError(
                f"HEAOLU_TRUSTED_PROXIES: {item!r} is not an IP address or network "
                "(e.g. 10.0.0.5 or 10.0.0.0/24)"
            ) from None
    return tuple(networks)


def _choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise SettingsError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _positive(name: str, value: str) -> int:
    return _at_least(name, value, 1)


def _at_least(name: str, value: str, minimum: int) -> int:
    number = _count(name, value)
    if number < minimum:
        raise SettingsError(f"{name}: must be at least {minimum}")
    return number


def _count(name: str, value: str) -> int:
    if not value.strip().isdigit():
        raise SettingsError(f"{name}: expected a whole number (0 or more), got {value!r}")
    return int(value)


def _boolean(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingsError(f"{name}: expected 1/0, true/false, yes/no or on/off, got {value!r}")
