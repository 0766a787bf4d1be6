"""Labels core's audit action and kind of object again: start-up must refuse it."""

from core.hookspecs import hookimpl


@hookimpl
def heaolu_audit_actions():
    return {"case.listed": "Cases looked at"}


@hookimpl
def heaolu_audit_object_types():
    return {"case": "Matter"}
