"""Core's own site-wide tables."""

from __future__ import annotations

from piccolo.columns import Boolean, ForeignKey, Varchar
from piccolo.table import Table

from core.people.tables import Municipality


class PluginEnablement(Table, tablename="core_plugin_enablement"):
    """A municipality's choice to enable or disable one plugin (absent: the plugin's default).

    One row per (municipality, plugin), enforced by a unique index made in a migration.
    """

    municipality = ForeignKey(references=Municipality, null=False, index=True)
    plugin = Varchar(length=60)
    enabled = Boolean()
