"""Core's own site-wide tables."""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Serial, Varchar
from piccolo.table import Table

from core.people.tables import Municipality


class PluginEnablement(Table, tablename="core_plugin_enablement"):
    """A municipality's choice to enable or disable one plugin (absent: the plugin's default).

    One row per (municipality, plugin), enforced by a unique index made in a migration.
    """

    id = Serial(primary_key=True)
    municipality = ForeignKey(references=Municipality, null=False, index=True)
    plugin = Varchar(length=60)
    enabled = Boolean()


class FormEnablement(Table, tablename="core_form_enablement"):
    """A municipality's choice to enable or disable one form (absent: on with its plugin), and
    the version its users fill in (empty: the current, highest one)."""

    id = Serial(primary_key=True)
    municipality = ForeignKey(references=Municipality, null=False, index=True)
    form_key = Varchar(length=120)
    enabled = Boolean()
    version = Integer(null=True, default=None)


class EnablementVersion(Table, tablename="core_enablement_version"):
    """One row whose ``version`` changes in the transaction of every change to a municipality's
    plugins or forms (`core.enablement.bump_version`). Each worker caches enablement by this
    version, which every logged-in request reads with its session, so a change is seen by every
    worker on its next request.
    """

    id = Serial(primary_key=True)
    version = BigInt(default=0)
