import pytest

from core.settings import DEVELOPMENT_SECRET_KEY, LOCAL_HOSTS, Settings, SettingsError, SmtpServer

GOOD_KEY = "k" * 40


def test_defaults_serve_a_local_sqlite_demo():
    settings = Settings.from_env({})
    assert settings.database_url == "sqlite:///./var/heaolu.db"
    assert settings.plugins is None
    assert settings.allowed_hosts == LOCAL_HOSTS
    assert settings.debug is False
    assert settings.secret_key == DEVELOPMENT_SECRET_KEY
    assert settings.audit_retention_days == 3650


def test_every_variable_is_read():
    settings = Settings.from_env(
        {
            "HEAOLU_DATABASE_URL": "postgresql://heaolu@db/heaolu",
            "HEAOLU_PLUGINS": "school, kindergarten",
            "HEAOLU_SECRET_KEY": GOOD_KEY,
            "HEAOLU_ALLOWED_HOSTS": "heaolu.tartu.ee,Heaolu.Elva.ee",
            "HEAOLU_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/24",
            "HEAOLU_DEBUG": "yes",
            "HEAOLU_DATABASE_POOL_SIZE": "4",
            "HEAOLU_SQLITE_MAX_PAGES": "262144",
            "HEAOLU_AUDIT_RETENTION_DAYS": "2200",
            "HEAOLU_RETENTION_YEARS": "6",
        }
    )
    assert settings.database_pool_size == 4
    assert settings.sqlite_max_pages == 262144
    assert (settings.audit_retention_days, settings.retention_years) == (2200, 6)
    assert settings.plugins == ("school", "kindergarten")
    assert settings.allowed_hosts == ("heaolu.tartu.ee", "heaolu.elva.ee")
    assert [str(n) for n in settings.trusted_proxies] == ["10.0.0.5/32", "10.1.0.0/24"]
    assert settings.debug is True
    assert settings.production_problems() == [
        "HEAOLU_DEBUG is on: error pages would show stack traces."
    ]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HEAOLU_DATABASE_URL", "mysql://x/y"),
        ("HEAOLU_DATABASE_URL", "postgresql://host"),
        ("HEAOLU_DATABASE_URL", "sqlite://"),
        ("HEAOLU_PLUGINS", "school,no such"),
        ("HEAOLU_SECRET_KEY", "short"),
        ("HEAOLU_ALLOWED_HOSTS", " , "),
        ("HEAOLU_TRUSTED_PROXIES", "10.0.0.300"),
        ("HEAOLU_DEBUG", "maybe"),
        ("HEAOLU_DATABASE_POOL_SIZE", "-1"),
        ("HEAOLU_SQLITE_MAX_PAGES", "1 GB"),
        ("HEAOLU_ADMIN_2FA", "sometimes"),
        ("HEAOLU_SESSION_IDLE_MINUTES", "0"),
        ("HEAOLU_SESSION_MAX_HOURS", "twelve"),
        ("HEAOLU_AUDIT_RETENTION_DAYS", "364"),
        ("HEAOLU_AUDIT_RETENTION_DAYS", "ten years"),
        ("HEAOLU_SMTP_URL", "http://mail.example"),
        ("HEAOLU_SMTP_URL", "smtp://"),
        ("HEAOLU_SMTP_URL", "smtp://mail.example:twentyfive"),
        ("HEAOLU_SMTP_URL", "smtp://mail.example?tls=1"),
        ("HEAOLU_SMTP_URL", "smtp://mail.example?starttls=perhaps"),
        ("HEAOLU_SMTP_URL", "smtps://mail.example?starttls=1"),
        ("HEAOLU_SMTP_FROM", "heaolu at tartu"),
        ("HEAOLU_SMTP_FROM", "heaolu@tartu.ee\r\nBcc: everyone@example.org"),
        ("HEAOLU_BASE_URL", "heaolu.tartu.ee"),
        ("HEAOLU_BASE_URL", "https://heaolu.tartu.ee/?x=1"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable, value):
    with pytest.raises(SettingsError, match=f"^{variable}:"):
        Settings.from_env({variable: value})


@pytest.mark.parametrize(
    ("years", "shortest_audit_days"),
    [("1", 366), ("5", 1827), ("10", 3653), ("20", 7305)],
)
def test_the_audit_log_is_kept_at_least_as_long_as_a_record_after_leaving(
    years, shortest_audit_days
):
    """Every look at a record since the child left must still be in the log while the record
    is kept, leap days included."""
    env = {"HEAOLU_RETENTION_YEARS": years}
    enough = Settings.from_env({**env, "HEAOLU_AUDIT_RETENTION_DAYS": str(shortest_audit_days)})
    assert enough.audit_retention_days == shortest_audit_days
    with pytest.raises(SettingsError) as short:
        Settings.from_env({**env, "HEAOLU_AUDIT_RETENTION_DAYS": str(shortest_audit_days - 1)})
    message = str(short.value)
    assert message.startswith("HEAOLU_AUDIT_RETENTION_DAYS:")
    assert f"HEAOLU_RETENTION_YEARS ({shortest_audit_days} days)" in message
    assert f"at least {shortest_audit_days}" in message


def test_the_default_periods_agree_and_a_longer_record_period_needs_a_longer_log():
    defaults = Settings.from_env({})
    assert (defaults.retention_years, defaults.audit_retention_days) == (5, 3650)
    with pytest.raises(SettingsError, match="at least 3653"):
        Settings.from_env({"HEAOLU_RETENTION_YEARS": "10"})


def test_heaolu_refuses_to_start_with_a_log_shorter_than_the_record_period():
    from tests.helpers import run_heaolu

    done = run_heaolu(
        "check", env={"HEAOLU_RETENTION_YEARS": "5", "HEAOLU_AUDIT_RETENTION_DAYS": "400"}
    )
    assert done.returncode == 2
    assert "HEAOLU_AUDIT_RETENTION_DAYS: 400 days is shorter than" in done.stderr


def test_production_problems_name_each_unsafe_setting():
    problems = Settings.from_env(
        {"HEAOLU_DEBUG": "1", "HEAOLU_ADMIN_2FA": "optional"}
    ).production_problems()
    assert [p.split()[0] for p in problems] == [
        "HEAOLU_DEBUG",
        "HEAOLU_SECRET_KEY",
        "HEAOLU_ADMIN_2FA",
        "HEAOLU_ALLOWED_HOSTS",
    ]
    safe = Settings.from_env({"HEAOLU_SECRET_KEY": GOOD_KEY, "HEAOLU_ALLOWED_HOSTS": "a.ee"})
    assert safe.production_problems() == []


def test_smtp_settings_are_read_from_the_url():
    settings = Settings.from_env(
        {
            "HEAOLU_SMTP_URL": "smtp://heaolu%40tartu.ee:p%40ss@mail.tartu.ee:587?starttls=1",
            "HEAOLU_SMTP_FROM": "heaolu <heaolu@tartu.ee>",
            "HEAOLU_BASE_URL": "https://heaolu.tartu.ee/",
        }
    )
    assert settings.smtp == SmtpServer("mail.tartu.ee", 587, "starttls", "heaolu@tartu.ee", "p@ss")
    assert "p@ss" not in repr(settings.smtp)
    assert settings.mail_from == "heaolu <heaolu@tartu.ee>"
    assert settings.public_url == "https://heaolu.tartu.ee"
    assert Settings.from_env({"HEAOLU_SMTP_URL": "smtps://mail.tartu.ee"}).smtp == SmtpServer(
        "mail.tartu.ee", 465, "tls"
    )
    assert Settings.from_env({"HEAOLU_SMTP_URL": "smtp://localhost"}).smtp == SmtpServer(
        "localhost", 25, "none"
    )
    assert Settings.from_env({}).smtp is None


def test_production_problems_of_e_mail_settings():
    safe = {"HEAOLU_SECRET_KEY": GOOD_KEY, "HEAOLU_ALLOWED_HOSTS": "a.ee"}
    unfinished = Settings.from_env({**safe, "HEAOLU_SMTP_URL": "smtp://u:secret@mail.a.ee"})
    assert [p.split(" ")[0] for p in unfinished.production_problems()] == [
        "HEAOLU_SMTP_FROM",
        "HEAOLU_BASE_URL",
        "HEAOLU_SMTP_URL",
    ]
    plain_http = Settings.from_env(
        {
            **safe,
            "HEAOLU_SMTP_URL": "smtps://u:secret@mail.a.ee",
            "HEAOLU_SMTP_FROM": "heaolu@a.ee",
            "HEAOLU_BASE_URL": "http://heaolu.a.ee",
        }
    )
    assert plain_http.production_problems() == [
        "HEAOLU_BASE_URL is not https: links in e-mail would be unencrypted."
    ]
    finished = Settings.from_env(
        {
            **safe,
            "HEAOLU_SMTP_URL": "smtp://u:secret@mail.a.ee:587?starttls=1",
            "HEAOLU_SMTP_FROM": "heaolu@a.ee",
            "HEAOLU_BASE_URL": "https://heaolu.a.ee",
        }
    )
    assert finished.production_problems() == []
