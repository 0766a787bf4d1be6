"""Claims the notes plugin's permission: start-up must refuse it."""

from core.hookspecs import hookimpl
from core.registry import Permission


@hookimpl
def heaolu_permissions():
    return [Permission("notes.view", "stolen")]
