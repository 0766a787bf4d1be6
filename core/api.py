"""The public API of core: the only module a plugin imports from core.

A name listed in ``__all__`` keeps its meaning within a major version (see "Compatibility" in
docs/plugins.md); everything else in core may change without notice.
"""

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from core.audit.log import record
from core.auth.submissions import CREATES
from core.hookspecs import hookimpl
from core.i18n import N_, gettext
from core.pages import current_user, page
from core.parsing import InputError, bounded_text
from core.registry import (
    Bilingual,
    FieldType,
    FormField,
    FormSchema,
    NavItem,
    Option,
    Panel,
    Permission,
    PluginDescription,
    Role,
    Scope,
)

if TYPE_CHECKING:
    from core import plugin_testing as testing

__all__ = [
    "CREATES",
    "N_",
    "Bilingual",
    "FieldType",
    "FormField",
    "FormSchema",
    "InputError",
    "NavItem",
    "Option",
    "Panel",
    "Permission",
    "PluginDescription",
    "Role",
    "Scope",
    "bounded_text",
    "current_user",
    "gettext",
    "hookimpl",
    "page",
    "record",
    "testing",
]


def __getattr__(name: str) -> ModuleType:
    """``testing`` (`core.plugin_testing`) is imported on first use, by a plugin's tests: a
    running site never loads the test client."""
    if name == "testing":
        return importlib.import_module("core.plugin_testing")
    raise AttributeError(f"module 'core.api' has no attribute {name!r}")
