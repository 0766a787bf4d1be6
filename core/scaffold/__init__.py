"""`heaolu plugin new NAME`: a new plugin as an installable package.

The files under ``template/`` are copied with ``{name}`` and ``{migration_module}`` in their
paths replaced, their ``.tmpl`` suffix dropped and their text filled in with `string.Template`
(``$name``, ``$package``, ``$title``, ``$migration_id``...). The package has its hooks, a Piccolo
app with its first migration (dated when it is made), a page with a form, a role, Estonian and
English catalogues and its own tests; it imports from core only `core.api`.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Collection
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from string import Template

import piccolo

from core.plugins import BUILTIN_PLUGINS, ENTRY_POINT_GROUP, RESERVED_NAMES

TEMPLATE = Path(__file__).parent / "template"
SUFFIX = ".tmpl"
_NAME = re.compile(r"[a-z][a-z0-9_]{1,29}")


class ScaffoldError(ValueError):
    """The plugin cannot be made; the message says why."""


def taken_names(loaded: Collection[str] = ()) -> set[str]:
    """Names a new plugin may not take: core's, the built-in plugins', the installed ones'."""
    installed = {entry_point.name for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    builtin = {module.rsplit(".", 1)[-1] for module in BUILTIN_PLUGINS}
    return set(RESERVED_NAMES) | builtin | installed | set(loaded)


def check_name(name: str, taken: Collection[str]) -> None:
    """Raise `ScaffoldError` unless ``name`` can name a new plugin."""
    if not _NAME.fullmatch(name) or keyword.iskeyword(name) or name.endswith("_"):
        raise ScaffoldError(
            f"{name!r} cannot name a plugin: use 2 to 30 lowercase letters, digits and "
            "underscores, starting with a letter (it becomes a Python name, a URL prefix and "
            "the first part of table names)"
        )
    if name in taken:
        raise ScaffoldError(f"{name!r} is taken by core or by an installed plugin; choose another")


def _variables(name: str, now: datetime) -> dict[str, str]:
    heaolu_version = _heaolu_version()
    return {
        "name": name,
        "package": f"heaolu_{name}",
        "title": name.replace("_", " ").capitalize(),
        "migration_id": now.strftime("%Y-%m-%dT%H:%M:%S:%f"),
        "migration_module": f"{name}_{now.strftime('%Y_%m_%dt%H_%M_%S_%f')}",
        "piccolo_version": piccolo.__VERSION__,
        "heaolu_version": heaolu_version,
        "next_major": str(_major(heaolu_version) + 1),
    }


def _major(version: str) -> int:
    leading = re.match(r"[0-9]+", version)
    return int(leading.group()) if leading else 0


def _heaolu_version() -> str:
    try:
        return metadata.version("heaolu")
    except metadata.PackageNotFoundError:
        return "0"


def scaffold(name: str, parent: Path, taken: Collection[str], now: datetime | None = None) -> Path:
    """Write plugin ``name`` into ``parent/heaolu-<name>`` and return that folder."""
    check_name(name, taken)
    target = parent / f"heaolu-{name}"
    if target.exists():
        raise ScaffoldError(f"{target} exists already")
    variables = _variables(name, now or datetime.now(tz=UTC))
    for source in sorted(TEMPLATE.rglob(f"*{SUFFIX}")):
        relative = str(source.relative_to(TEMPLATE))[: -len(SUFFIX)]
        path = target / relative.format(**variables)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(Template(source.read_text()).substitute(variables))
    return target
