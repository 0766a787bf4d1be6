"""The permission guard: every route declares its permission; denials are 403 and audited."""

import pytest
from litestar.routes import HTTPRoute

from core.audit.tables import AuditEvent
from tests.conftest import TEST_PLUGINS, make_app
from tests.helpers import sign_in

pytestmark = pytest.mark.anyio

# The short, named list of routes anyone may reach.
PUBLIC = {
    "/{path:path}",
    "/login",
    "/login/second-factor",
    "/logout",
    "/healthz",
    "/-/ping",
    "/static/{name:str}",
}


def all_handlers(app):
    """Every route handler of the app, less the OPTIONS answers Litestar adds to each path
    (they answer with the allowed methods only, and pass the guard too)."""
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for handler in route.route_handlers:
                if handler.http_methods != {"OPTIONS"}:
                    yield route.path, handler


def test_every_route_states_a_permission_or_is_on_the_public_list(settings):
    app = make_app(settings, TEST_PLUGINS)
    handlers = list(all_handlers(app))
    assert len(handlers) > 20
    for path, handler in handlers:
        if handler.opt.get("public"):
            assert path in PUBLIC, f"{path} is public but not on the public list"
        else:
            assert handler.opt.get("permission"), f"{path} states no permission"


def test_the_guard_is_on_every_route(settings):
    from core.auth.guard import permission_guard

    app = make_app(settings, TEST_PLUGINS)
    for _path, handler in all_handlers(app):
        assert permission_guard in handler.resolve_guards()


async def test_a_missing_permission_is_403_and_audited(staff_client, people):
    response = await staff_client.get("/admin/users")
    assert response.status_code == 403
    assert "<h1>Juurdepääs keelatud</h1>" in response.text
    denied = await AuditEvent.select().where(AuditEvent.action == "permission.denied")
    assert len(denied) == 1
    assert denied[0]["user_id"] == people["tartu.cps"]
    assert denied[0]["outcome"] == "denied"
    assert denied[0]["purpose"] == "core.admin.users"


async def test_a_plugin_page_needs_the_plugins_permission(notes_client, people):
    await sign_in(notes_client, "tartu.cps")
    assert (await notes_client.get("/notes/")).status_code == 403
