"""Which kinds of unit an organisation may have: core's (a kindergarten's groups, a school's
classes) and those of the plugins enabled in its municipality (``heaolu_unit_kinds``)."""

from __future__ import annotations

from typing import Any

from core.enablement import enabled_plugins
from core.plugins import CORE_PLUGIN_NAME, Plugins
from core.registry import UnitKind


def owner_of(kind: UnitKind) -> str:
    """The plugin that declared ``kind``: its key's prefix (core's keys have none)."""
    return kind.key.split(".", 1)[0] if "." in kind.key else CORE_PLUGIN_NAME


async def offered_unit_kinds(plugins: Plugins, organisation: dict[str, Any]) -> list[UnitKind]:
    """The unit kinds of the organisation's kind, core's first, from core and the plugins
    enabled in the organisation's municipality."""
    allowed = {CORE_PLUGIN_NAME, *await enabled_plugins(plugins, organisation["municipality"])}
    return [
        kind
        for kind in plugins.unit_kinds.values()
        if organisation["kind"] in kind.organisation_kinds and owner_of(kind) in allowed
    ]
