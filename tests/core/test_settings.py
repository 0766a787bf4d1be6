import pytest

from core.settings import DEVELOPMENT_SECRET_KEY, LOCAL_HOSTS, Settings, SettingsError

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
            "HEAOLU_AUDIT_RETENTION_DAYS": "1825",
        }
    )
    assert settings.database_pool_size == 4
    assert settings.audit_retention_days == 1825
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
        ("HEAOLU_ADMIN_2FA", "sometimes"),
        ("HEAOLU_SESSION_IDLE_MINUTES", "0"),
        ("HEAOLU_SESSION_MAX_HOURS", "twelve"),
        ("HEAOLU_AUDIT_RETENTION_DAYS", "364"),
        ("HEAOLU_AUDIT_RETENTION_DAYS", "ten years"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable(variable, value):
    with pytest.raises(SettingsError, match=f"^{variable}:"):
        Settings.from_env({variable: value})


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
