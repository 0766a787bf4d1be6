"""The plugin manager: loading, choosing, refusing clashes, per-municipality enablement."""

import pytest

from core.enablement import enabled_plugins, is_plugin_enabled, set_plugin_enabled
from core.people.tables import Municipality
from core.plugins import PluginError, build_plugins
from core.settings import Settings
from tests.conftest import NOTES
from tests.helpers import install_entry_point

pytestmark = pytest.mark.anyio

T = "tests.testplugins."
# The third-party example the suite installs (scripts/test.py, `make install`).
EXAMPLES = ("signs_of_safety",)


@pytest.fixture
def outsider_installed(tmp_path, monkeypatch):
    install_entry_point(tmp_path, "heaolu_outsider", "outsider", T + "outsider", "2.3")
    monkeypatch.syspath_prepend(str(tmp_path))


def test_core_is_always_loaded_and_lists_its_hooks(settings):
    plugins = build_plugins(settings)
    core = plugins.by_name["core"]
    assert core.builtin
    assert "heaolu_piccolo_apps" in core.hooks
    builtins = ("municipality", "kindergarten", "school", "county")
    assert plugins.names == (*builtins, *EXAMPLES)
    assert all(plugins.by_name[name].builtin for name in builtins)
    assert not any(plugins.by_name[name].builtin for name in EXAMPLES)


def test_a_third_party_plugin_arrives_through_the_entry_point_group(settings, outsider_installed):
    plugins = build_plugins(settings)
    info = plugins.by_name["outsider"]
    assert (info.version, info.builtin, info.hooks) == ("2.3", False, ("heaolu_nav_items",))


def test_heaolu_plugins_chooses_among_installed_plugins(outsider_installed):
    only_notes = Settings.from_env({"HEAOLU_PLUGINS": "notes"})
    assert build_plugins(only_notes, [T + "notes"]).names == ("notes",)
    everything = Settings.from_env({})
    assert set(build_plugins(everything, [T + "notes"]).names) == {
        "municipality",
        "kindergarten",
        "notes",
        "outsider",
        "school",
        "county",
        *EXAMPLES,
    }


def test_an_unknown_plugin_name_stops_start_up_naming_it():
    settings = Settings.from_env({"HEAOLU_PLUGINS": "notes,nosuchplugin"})
    with pytest.raises(PluginError, match="nosuchplugin") as caught:
        build_plugins(settings, [NOTES])
    assert "notes," not in str(caught.value).split("installed")[0]


def test_a_misspelled_hook_stops_start_up_naming_the_plugin(settings):
    with pytest.raises(PluginError, match="'misspelled'.*heaolu_nav_itemz"):
        build_plugins(settings, [T + "misspelled"])


@pytest.mark.parametrize(
    ("intruder", "claim"),
    [
        ("intruder_permission", "permission 'notes.view'"),
        ("intruder_form", "form key 'notes.feedback'"),
        ("intruder_purpose", "consent purpose 'notes.research'"),
        ("intruder_table", "table 'notes_note'"),
        ("intruder_job", "job kind 'notes.write'"),
        ("intruder_periodic", "periodic job 'notes.daily'"),
    ],
)
def test_two_plugins_claiming_the_same_thing_stop_start_up(settings, intruder, claim):
    with pytest.raises(PluginError) as caught:
        build_plugins(settings, [NOTES, T + intruder])
    assert f"plugins 'notes' and '{intruder}'" in str(caught.value)
    assert claim in str(caught.value)


def test_two_plugins_labelling_one_audit_action_stop_start_up(settings):
    with pytest.raises(PluginError) as caught:
        build_plugins(settings, [T + "intruder_audit_labels"])
    message = str(caught.value)
    assert "plugins 'core' and 'intruder_audit_labels' both label audit action 'case.listed'" in (
        message
    )


def test_two_plugins_with_one_name_would_share_a_url_prefix(settings, tmp_path, monkeypatch):
    install_entry_point(tmp_path, "heaolu_fake_notes", "notes", T + "outsider")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="two plugins are named 'notes'.*/notes/"):
        build_plugins(settings, [NOTES])


def test_a_plugin_may_not_take_a_url_prefix_of_core(settings, tmp_path, monkeypatch):
    install_entry_point(tmp_path, "heaolu_static", "static", T + "outsider")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="'static'.*reserved"):
        build_plugins(settings)


def test_a_plugin_that_fails_to_import_is_named(settings, tmp_path, monkeypatch):
    install_entry_point(tmp_path, "heaolu_broken", "broken", "tests.testplugins.nonexistent")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(PluginError, match="plugin 'broken' failed to load"):
        build_plugins(settings)


async def test_built_ins_start_enabled_third_party_start_disabled(
    settings, outsider_installed, clean_database
):
    from core import db

    plugins = build_plugins(settings, [NOTES])
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)
    tartu, elva = await Municipality.insert(
        Municipality(name="Tartu linn", ehak_code="0793"),
        Municipality(name="Elva vald", ehak_code="0171"),
    ).returning(Municipality.id)

    assert await is_plugin_enabled(plugins, "notes", tartu["id"])
    assert not await is_plugin_enabled(plugins, "outsider", tartu["id"])

    await set_plugin_enabled(plugins, "outsider", tartu["id"], True)
    await set_plugin_enabled(plugins, "notes", tartu["id"], False)
    assert await is_plugin_enabled(plugins, "outsider", tartu["id"])
    assert not await is_plugin_enabled(plugins, "notes", tartu["id"])
    assert await enabled_plugins(plugins, tartu["id"]) == {
        "core",
        "municipality",
        "kindergarten",
        "outsider",
        "school",
        "county",
    }
    # Another municipality keeps the defaults.
    assert await enabled_plugins(plugins, elva["id"]) == {
        "core",
        "municipality",
        "kindergarten",
        "notes",
        "school",
        "county",
    }
    # Changing a choice again updates the one row.
    await set_plugin_enabled(plugins, "outsider", tartu["id"], False)
    assert await enabled_plugins(plugins, tartu["id"]) == {
        "core",
        "municipality",
        "kindergarten",
        "school",
        "county",
    }
    assert await is_plugin_enabled(plugins, "core", tartu["id"])
    assert not await is_plugin_enabled(plugins, "nosuchplugin", tartu["id"])
