"""Which forms each municipality has, and the current version of one (`form_for`).

A code form is on for a municipality while its plugin is, unless the municipality switched it
off; core's own forms (the noticing sheet, the Rajaleidja form) are always on, as core is,
but core's instruments of the toolbox (forms with a `core.registry.ToolboxEntry`) are switched
on and off like a plugin's forms. An uploaded form is offered to its owner municipality, or to
every municipality when it is county-wide, and is off until the municipality switches it on.
Choices live in ``core_form_enablement``, one row per municipality and form. A user without a
municipality (a county role) has the code forms of the plugins on by default.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from piccolo.custom_types import Combinable

from core.enablement import enabled_plugins, store_choice
from core.forms.tables import FormSource, FormVersion
from core.forms.versions import StoredVersion, current_version, latest_versions, stored_version
from core.plugins import CORE_PLUGIN_NAME, Plugins
from core.registry import FormSchema
from core.tables import FormEnablement


def _offered_to(municipality_id: int | None) -> Combinable:
    owned: Combinable = FormVersion.owner.is_null()
    if municipality_id is not None:
        owned = owned | (FormVersion.owner == municipality_id)
    return (FormVersion.source == FormSource.upload.value) & owned


async def uploaded_keys(municipality_id: int | None) -> set[str]:
    """Keys of the uploaded forms offered to a municipality (its own and county-wide ones)."""
    rows = await FormVersion.select(FormVersion.key).where(_offered_to(municipality_id))
    return {row["key"] for row in rows}


async def enabled_forms(
    plugins: Plugins, municipality_id: int | None, plugins_on: Collection[str] | None = None
) -> set[str]:
    """Keys of the forms a municipality's users have; ``plugins_on`` are the plugins enabled
    there, when the caller knows them already."""
    if plugins_on is None:
        plugins_on = await enabled_plugins(plugins, municipality_id)
    code = {key for key, owner in plugins.form_owner.items() if owner in plugins_on}
    if municipality_id is None:
        return code
    uploaded = await uploaded_keys(municipality_id)
    enabled = set(code)
    choices = await FormEnablement.select(FormEnablement.form_key, FormEnablement.enabled).where(
        FormEnablement.municipality == municipality_id
    )
    for choice in choices:
        key = choice["form_key"]
        if not _switchable(plugins, key, uploaded, plugins_on):
            continue
        if choice["enabled"]:
            enabled.add(key)
        else:
            enabled.discard(key)
    return enabled


def _switchable(
    plugins: Plugins, key: str, uploaded: set[str], plugins_on: Collection[str] | None = None
) -> bool:
    """Is ``key`` an uploaded form offered to the municipality, a form of a loaded plugin
    other than core (of one that is on, when ``plugins_on`` is given), or an instrument of the
    toolbox that core ships?"""
    owner = plugins.form_owner.get(key)
    if owner is None:
        return key in uploaded
    if owner == CORE_PLUGIN_NAME:
        return plugins.forms[key].toolbox is not None
    return plugins_on is None or owner in plugins_on


async def is_offered(plugins: Plugins, key: str, municipality_id: int) -> bool:
    """May the municipality switch form ``key`` on or off (a loaded plugin's code form, or an
    uploaded form offered to it)?"""
    return _switchable(plugins, key, await uploaded_keys(municipality_id))


async def set_form_enabled(
    plugins: Plugins, key: str, municipality_id: int, enabled: bool, version: int | None = None
) -> None:
    """Switch form ``key`` on or off for a municipality; with ``version`` (a published one), its
    users fill in that version (an adopted version) instead of the current one."""
    if not await is_offered(plugins, key, municipality_id):
        raise ValueError(f"form {key!r} is not offered to municipality {municipality_id}")
    if version is not None and await stored_version(key, version) is None:
        raise ValueError(f"form {key!r} has no version {version}")
    await store_choice(FormEnablement, FormEnablement.form_key, key, municipality_id, enabled)
    await FormEnablement.update({FormEnablement.version: version}).where(
        (FormEnablement.municipality == municipality_id) & (FormEnablement.form_key == key)
    )


async def adopted_versions(key: str) -> dict[int, int]:
    """The version of form ``key`` each municipality adopted, by municipality id (those that
    switched it on with a version)."""
    rows = await FormEnablement.select(FormEnablement.municipality, FormEnablement.version).where(
        (FormEnablement.form_key == key)
        & (FormEnablement.enabled == True)  # noqa: E712 - a SQL comparison
        & FormEnablement.version.is_not_null()
    )
    return {row["municipality"]: row["version"] for row in rows}


async def form_for(plugins: Plugins, key: str, municipality_id: int | None) -> FormSchema | None:
    """The version of form ``key`` a municipality's users fill in: the one it adopted, else the
    current one; None when the form is unknown, not published, or off for that municipality."""
    if key not in await enabled_forms(plugins, municipality_id):
        return None
    adopted = None
    if municipality_id is not None:
        adopted = (
            await FormEnablement.select(FormEnablement.version)
            .where(
                (FormEnablement.municipality == municipality_id)
                & (FormEnablement.form_key == key)
                & FormEnablement.version.is_not_null()
            )
            .first()
        )
    if adopted is not None:
        stored = await stored_version(key, adopted["version"])
    else:
        stored = await current_version(key)
    return None if stored is None else stored.schema


@dataclass(frozen=True)
class OfferedForm:
    """A form as the administration page lists it for one municipality."""

    current: StoredVersion
    plugin: str | None  # the owning plugin of a code form
    enabled: bool
    switchable: bool  # not core's own forms but its instruments, nor a form of a plugin that is off
    adopted: int | None = None  # the version the municipality adopted (`set_form_enabled`)


async def offered_forms(plugins: Plugins, municipality_id: int) -> list[OfferedForm]:
    """The forms a municipality may switch, each at its current version and with the version
    it adopted (a county template's), by key."""
    plugins_on = await enabled_plugins(plugins, municipality_id)
    on = await enabled_forms(plugins, municipality_id)
    uploaded = await uploaded_keys(municipality_id)
    latest = await latest_versions(set(plugins.forms) | uploaded)
    adopted = {
        row["form_key"]: row["version"]
        for row in await FormEnablement.select(
            FormEnablement.form_key, FormEnablement.version
        ).where(
            (FormEnablement.municipality == municipality_id)
            & (FormEnablement.enabled == True)  # noqa: E712 - a SQL comparison
            & FormEnablement.version.is_not_null()
        )
    }
    return [
        OfferedForm(
            current=latest[key],
            plugin=plugins.form_owner.get(key),
            enabled=key in on,
            switchable=_switchable(plugins, key, uploaded, plugins_on),
            adopted=adopted.get(key) if key in on else None,
        )
        for key in sorted(latest)
    ]
