"""Settings read from HEAOLU_* environment variables and validated at start-up.

Every problem names the variable it comes from, so an operator sees at once what to fix.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parseaddr
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_DATABASE_URL = "sqlite:///./var/heaolu.db"
# A known, public value: fine for the local demo, refused by `heaolu check`.
DEVELOPMENT_SECRET_KEY = "heaolu-development-only-secret-key-do-not-use"  # noqa: S105
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
MIN_SECRET_KEY_LENGTH = 32
DEFAULT_AUDIT_RETENTION_DAYS = 3650
# Audit rows are evidence: none is pruned before it is a year old (the database agrees).
MIN_AUDIT_RETENTION_DAYS = 365
DEFAULT_RETENTION_YEARS = 5
# Used while HEAOLU_SMTP_FROM and HEAOLU_BASE_URL are unset (flagged by `heaolu check`).
DEFAULT_SMTP_FROM = "heaolu@localhost"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
# argon2id's cost: argon2-cffi's defaults (RFC 9106's second recommended profile), and the least
# that `heaolu check` accepts in production (OWASP's password storage minimum).
DEFAULT_ARGON2 = (3, 65536, 4)
MIN_ARGON2_TIME_COST = 2
MIN_ARGON2_MEMORY_KIB = 19456

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SettingsError(ValueError):
    """A HEAOLU_* variable has a value that cannot be used."""


@dataclass(frozen=True)
class SmtpServer:
    """Where e-mail is sent, from ``HEAOLU_SMTP_URL``: ``smtps://`` speaks TLS from the start,
    ``smtp://...?starttls=1`` upgrades the connection, plain ``smtp://`` sends in the clear."""

    host: str
    port: int
    security: str  # "tls", "starttls" or "none"
    username: str = ""
    password: str = field(default="", repr=False)


@dataclass(frozen=True)
class Argon2Cost:
    """How much one password hash costs: passes, memory in KiB, lanes (threads)."""

    time_cost: int = DEFAULT_ARGON2[0]
    memory_kib: int = DEFAULT_ARGON2[1]
    parallelism: int = DEFAULT_ARGON2[2]


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
    # The most pages (4 KiB each) a SQLite file may grow to (``PRAGMA max_page_count`` on every
    # connection); 0: no cap but the disk's.
    sqlite_max_pages: int = 0
    # "required": administrators must use a second factor; "optional": anyone may.
    admin_2fa: str = "required"
    session_idle_minutes: int = 30
    session_max_hours: int = 12
    # `heaolu audit prune` deletes audit rows older than this.
    audit_retention_days: int = DEFAULT_AUDIT_RETENTION_DAYS
    # Years a child's record is kept after they left every kindergarten and school. The audit
    # log is kept at least as long (checked by `from_env`).
    retention_years: int = DEFAULT_RETENTION_YEARS
    # E-mail notifications are off while no SMTP server is set.
    smtp: SmtpServer | None = None
    smtp_from: str | None = None
    # The address users reach heaolu at, for links in e-mail, e.g. https://heaolu.tartu.ee
    base_url: str | None = None
    # The cost of a password hash; lowered only where no real password is kept (the tests).
    argon2: Argon2Cost = Argon2Cost()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        database_url = _database_url(env.get("HEAOLU_DATABASE_URL", DEFAULT_DATABASE_URL))
        hosts_raw = env.get("HEAOLU_ALLOWED_HOSTS")
        settings = cls(
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
            sqlite_max_pages=_count(
                "HEAOLU_SQLITE_MAX_PAGES", env.get("HEAOLU_SQLITE_MAX_PAGES", "0")
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
                "HEAOLU_RETENTION_YEARS",
                env.get("HEAOLU_RETENTION_YEARS", str(DEFAULT_RETENTION_YEARS)),
            ),
            smtp=_smtp(env.get("HEAOLU_SMTP_URL", "")),
            smtp_from=_mail_address(env.get("HEAOLU_SMTP_FROM")),
            base_url=_base_url(env.get("HEAOLU_BASE_URL")),
            argon2=_argon2(env),
        )
        _check_retention(settings.audit_retention_days, settings.retention_years)
        return settings

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    @property
    def mail_from(self) -> str:
        return self.smtp_from or DEFAULT_SMTP_FROM

    @property
    def public_url(self) -> str:
        """The address users reach heaolu at, without a trailing slash."""
        return self.base_url or DEFAULT_BASE_URL

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
        if (
            self.argon2.time_cost < MIN_ARGON2_TIME_COST
            or self.argon2.memory_kib < MIN_ARGON2_MEMORY_KIB
        ):
            problems.append(
                "HEAOLU_ARGON2_TIME_COST / HEAOLU_ARGON2_MEMORY_KIB are below "
                f"{MIN_ARGON2_TIME_COST} passes and {MIN_ARGON2_MEMORY_KIB} KiB: password "
                "hashes would be cheap to guess; unset them to use the defaults."
            )
        if self.smtp is not None:
            problems.extend(self._mail_problems())
        return problems

    def _mail_problems(self) -> list[str]:
        problems = []
        if self.smtp_from is None:
            problems.append(
                f"HEAOLU_SMTP_FROM is not set: e-mail would be sent from {DEFAULT_SMTP_FROM}."
            )
        if self.base_url is None:
            problems.append(
                f"HEAOLU_BASE_URL is not set: links in e-mail would lead to {DEFAULT_BASE_URL}."
            )
        elif not self.base_url.startswith("https://"):
            problems.append("HEAOLU_BASE_URL is not https: links in e-mail would be unencrypted.")
        if self.smtp is not None and self.smtp.password and self.smtp.security == "none":
            problems.append(
                "HEAOLU_SMTP_URL sends the SMTP password unencrypted: use smtps:// or "
                "smtp://...?starttls=1."
            )
        return problems


def _days_in_years(years: int) -> int:
    """The most days ``years`` calendar years can have: 365 each and a leap day in every four."""
    return 365 * years + (years + 3) // 4


def _check_retention(audit_days: int, record_years: int) -> None:
    """The audit log must still say who has seen a child's record for as long as the record is
    kept after the child left: every look since then is younger than ``record_years``."""
    needed = _days_in_years(record_years)
    if audit_days < needed:
        raise SettingsError(
            f"HEAOLU_AUDIT_RETENTION_DAYS: {audit_days} days is shorter than the "
            f"{record_years} years of HEAOLU_RETENTION_YEARS ({needed} days): the audit log "
            "would forget who has seen a child's record while the record is still kept. "
            f"Set HEAOLU_AUDIT_RETENTION_DAYS to at least {needed}, or lower "
            "HEAOLU_RETENTION_YEARS (see docs/data-protection.md, Retention)."
        )


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


def _argon2(env: Mapping[str, str]) -> Argon2Cost:
    time_cost, memory_kib, parallelism = DEFAULT_ARGON2
    cost = Argon2Cost(
        time_cost=_positive(
            "HEAOLU_ARGON2_TIME_COST", env.get("HEAOLU_ARGON2_TIME_COST", str(time_cost))
        ),
        memory_kib=_count(
            "HEAOLU_ARGON2_MEMORY_KIB", env.get("HEAOLU_ARGON2_MEMORY_KIB", str(memory_kib))
        ),
        parallelism=_positive(
            "HEAOLU_ARGON2_PARALLELISM", env.get("HEAOLU_ARGON2_PARALLELISM", str(parallelism))
        ),
    )
    # argon2 itself needs at least 8 KiB for each lane.
    if cost.memory_kib < 8 * cost.parallelism:
        raise SettingsError(
            f"HEAOLU_ARGON2_MEMORY_KIB: must be at least 8 KiB per lane of "
            f"HEAOLU_ARGON2_PARALLELISM ({8 * cost.parallelism})"
        )
    return cost


def _smtp(value: str) -> SmtpServer | None:
    if not value.strip():
        return None
    example = "e.g. smtp://user:password@mail.example:587?starttls=1 or smtps://mail.example"
    parts = urlsplit(value.strip())
    if parts.scheme not in {"smtp", "smtps"}:
        raise SettingsError(f"HEAOLU_SMTP_URL: the scheme must be smtp or smtps, {example}")
    if not parts.hostname:
        raise SettingsError(f"HEAOLU_SMTP_URL: names no host, {example}")
    try:
        port = parts.port
    except ValueError:
        raise SettingsError(f"HEAOLU_SMTP_URL: the port is not a number, {example}") from None
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = sorted(set(options) - {"starttls"})
    if unknown:
        raise SettingsError(
            f"HEAOLU_SMTP_URL: unknown option {', '.join(unknown)}; the only one is starttls=1"
        )
    starttls = _boolean("HEAOLU_SMTP_URL: starttls", options.get("starttls", "0"))
    if starttls and parts.scheme == "smtps":
        raise SettingsError(
            "HEAOLU_SMTP_URL: smtps:// is encrypted from the start; starttls=1 is for smtp://"
        )
    security = "tls" if parts.scheme == "smtps" else "starttls" if starttls else "none"
    return SmtpServer(
        host=parts.hostname,
        port=port or (465 if parts.scheme == "smtps" else 25),
        security=security,
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
    )


def _mail_address(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    _name, address = parseaddr(value)
    if "@" not in address or any(c in value for c in "\r\n"):
        raise SettingsError(
            f"HEAOLU_SMTP_FROM: {value!r} is not an e-mail address "
            "(e.g. heaolu@tartu.ee or 'heaolu <heaolu@tartu.ee>')"
        )
    return value.strip()


def _base_url(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise SettingsError(
            f"HEAOLU_BASE_URL: {value!r} is not the address of the site "
            "(e.g. https://heaolu.tartu.ee)"
        )
    return value.strip().rstrip("/")


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
    # ASCII digits only: "²" is a digit to str.isdigit() but not to int().
    if not (value.strip().isascii() and value.strip().isdigit()):
        raise SettingsError(f"{name}: expected a whole number (0 or more), got {value!r}")
    return int(value)


def _boolean(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise SettingsError(f"{name}: expected 1/0, true/false, yes/no or on/off, got {value!r}")
