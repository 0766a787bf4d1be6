"""A plugin with a misspelled hook name: start-up must refuse it."""

from core.hookspecs import hookimpl


@hookimpl
def heaolu_nav_itemz(request, user):
    return []
