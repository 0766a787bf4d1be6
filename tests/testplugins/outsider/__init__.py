"""A third-party plugin, installed through the ``heaolu.plugins`` entry-point group."""

from core.hookspecs import hookimpl
from core.registry import NavItem


@hookimpl
def heaolu_nav_items():
    return [NavItem(label="Outsider", href="/outsider/", order=60)]
