"""Which plugins are enabled for which municipality.

Each municipality enables the plugins that match its structure. A choice is stored in
``core_plugin_enablement``; without one, built-in plugins are enabled and third-party plugins are
disabled until the municipality enables them. Core itself is always on. Forms are enabled the
same way, in ``core_form_enablement`` (`core.forms.enablement`).

Every change of a choice, and every newly offered uploaded form, changes the one row of
``core_enablement_version`` in the same transaction (`bump_version`); each worker caches what it
read by that version (`core.enablement_cache`).
"""

from __future__ import annotations

import time

from piccolo.columns import Varchar

from core.plugins import CORE_PLUGIN_NAME, Plugins
from core.tables import EnablementVersion, FormEnablement, PluginEnablement


def enabled_by_default(plugins: Plugins) -> set[str]:
    return {info.name for info in plugins.infos if info.builtin}


async def enabled_plugins(plugins: Plugins, municipality_id: int | None) -> set[str]:
    """The loaded plugins enabled for a municipality (its defaults when it is None)."""
    enabled = enabled_by_default(plugins)
    if municipality_id is None:
        return enabled
    choices = await PluginEnablement.select(
        PluginEnablement.plugin, PluginEnablement.enabled
    ).where(PluginEnablement.municipality == municipality_id)
    for choice in choices:
        if choice["enabled"]:
            enabled.add(choice["plugin"])
        else:
            enabled.discard(choice["plugin"])
    return enabled & {CORE_PLUGIN_NAME, *plugins.names}


async def is_plugin_enabled(plugins: Plugins, name: str, municipality_id: int) -> bool:
    """Is plugin ``name`` enabled for municipality ``municipality_id``?"""
    if name == CORE_PLUGIN_NAME:
        return True
    return name in await enabled_plugins(plugins, municipality_id)


async def set_plugin_enabled(
    plugins: Plugins, name: str, municipality_id: int, enabled: bool
) -> None:
    if name not in plugins.names:
        raise ValueError(f"plugin {name!r} is not loaded")
    await store_choice(PluginEnablement, PluginEnablement.plugin, name, municipality_id, enabled)


async def bump_version() -> None:
    """Change the enablement version, in the caller's transaction.

    The new version is the old one plus one, or the time in microseconds when that is larger:
    a database restored from a backup (or a test's template) then never meets a worker holding
    another state under the same number.
    """
    now = time.time_ns() // 1000
    await EnablementVersion.raw(
        "UPDATE core_enablement_version SET version = "
        "CASE WHEN version + 1 > {} THEN version + 1 ELSE {} END",
        now,
        now,
    )


async def store_choice(
    table: type[PluginEnablement] | type[FormEnablement],
    key_column: Varchar,
    key: str,
    municipality_id: int,
    enabled: bool,
) -> None:
    """Insert or update a municipality's one choice about a plugin or a form (and bump the
    enablement version)."""
    condition = (table.municipality == municipality_id) & (key_column == key)
    if await table.exists().where(condition):
        await table.update({table.enabled: enabled}).where(condition)
    else:
        await table(
            _data={table.municipality: municipality_id, key_column: key, table.enabled: enabled}
        ).save()
    await bump_version()
