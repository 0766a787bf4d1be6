"""The app factory: the only place where heaolu's parts are assembled."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from litestar import Litestar, Router
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException
from litestar.plugins.htmx import HTMXPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig
from litestar.types import ControllerRouterHandler

from core import db, i18n
from core.audit import viewer as audit_viewer
from core.auth import admin, passwords, submissions
from core.auth import routes as auth_routes
from core.auth.guard import permission_guard
from core.auth.sessions import SessionMiddleware
from core.cases import case_list, case_page, noticing, plan, reports, steps, timeline
from core.consent import attachments, expiring, overrides
from core.consent import pages as consent_pages
from core.errors import error_page
from core.forms import admin as forms_admin
from core.forms import pages as forms_pages
from core.navigation import NavigationMiddleware
from core.notifications import mail
from core.notifications import pages as notification_pages
from core.pages import healthz, home, me, not_found, ping
from core.people import children, corrections, directory, export
from core.plugins import Plugins, build_plugins
from core.request_id import RequestIdMiddleware
from core.request_log import RequestLogMiddleware, configure_logging
from core.security import SecurityMiddleware
from core.settings import Settings
from core.static import SKIP_COMPRESSION, StaticAssets, default_directory, serve_static
from core.toolbox import pages as toolbox_pages

CORE_ROUTES: tuple[ControllerRouterHandler, ...] = (
    home,
    healthz,
    ping,
    me,
    serve_static,
    not_found,
)


def create_app(settings: Settings, extra_plugins: Sequence[str] = ()) -> Litestar:
    """Build the application for ``settings``; ``extra_plugins`` load like built-ins (tests)."""
    plugins = build_plugins(settings, extra_plugins)
    engine = db.engine_for(settings)
    db.bind_tables(engine, plugins.piccolo_apps)
    mail.configure(settings)
    passwords.configure(settings.argon2)
    static = StaticAssets(default_directory())

    async def start_database() -> None:
        await db.start(engine, settings.database_pool_size)

    async def stop_database() -> None:
        await db.stop(engine)

    return Litestar(
        route_handlers=[
            *CORE_ROUTES,
            *auth_routes.ROUTES,
            *admin.ROUTES,
            *audit_viewer.ROUTES,
            *directory.ROUTES,
            *children.ROUTES,
            *export.ROUTES,
            *corrections.ROUTES,
            *consent_pages.ROUTES,
            *overrides.ROUTES,
            *expiring.ROUTES,
            *notification_pages.ROUTES,
            attachments.download,
            *forms_admin.ROUTES,
            *case_page.ROUTES,
            *case_list.ROUTES,
            *timeline.ROUTES,
            *plan.ROUTES,
            *steps.ROUTES,
            *noticing.ROUTES,
            *reports.ROUTES,
            *forms_pages.ROUTES,
            *toolbox_pages.ROUTES,
            *_plugin_routers(plugins),
        ],
        middleware=[
            RequestIdMiddleware(),
            SecurityMiddleware(settings),
            RequestLogMiddleware(),
            i18n.LanguageMiddleware(),
            SessionMiddleware(engine, plugins, settings),
            db.RequestTransactionMiddleware(engine),
            submissions.SubmissionAnswerMiddleware(),
            NavigationMiddleware(plugins),
        ],
        guards=[permission_guard, submissions.submission_guard],
        template_config=TemplateConfig(
            engine=JinjaTemplateEngine.from_environment(_jinja(plugins, static, settings.debug))
        ),
        plugins=[HTMXPlugin()],
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=500, exclude_opt_key=SKIP_COMPRESSION
        ),
        exception_handlers={
            HTTPException: error_page,
            Exception: error_page,
            submissions.AlreadySubmitted: submissions.answer_repeat,
        },
        on_startup=[start_database],
        on_shutdown=[stop_database],
        state=State({"settings": settings, "plugins": plugins, "engine": engine, "static": static}),
        debug=settings.debug,
        openapi_config=None,
        logging_config=None,
    )


def app_from_env() -> Litestar:
    """Factory for ``uvicorn --factory`` (``heaolu serve``): settings from the environment.

    With ``--workers N`` uvicorn runs it in each worker, a new interpreter that has not run
    `heaolu serve`'s set-up: the JSON request log is configured here, or the workers would
    log nothing."""
    settings = Settings.from_env()
    configure_logging(settings.debug)
    return create_app(settings)


def _plugin_routers(plugins: Plugins) -> list[Router]:
    routers = []
    for plugin, handlers in plugins.collect("heaolu_routes"):
        routers.append(
            Router(path=f"/{plugin}", route_handlers=list(handlers), opt={"plugin": plugin})
        )
    return routers


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(Environment):
    """Jinja's environment, reading a dict's key first: the pages show rows, dicts, whose
    ``row.name`` Jinja answers by asking for the attribute ``name``, which raises, and only
    then for the key (some 600 times a case page). A dict has no attribute but its class's,
    so asking for the key first, when the name is none of those, answers the same."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _jinja(plugins: Plugins, static: StaticAssets, debug: bool) -> Environment:
    environment = _Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in plugins.template_dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n", i18n.FixedLabels],
        trim_blocks=True,
        lstrip_blocks=True,
        # A changed template is read again only while debugging: otherwise every include
        # (one per task, per panel) would ask the file system whether its file changed.
        auto_reload=debug,
    )
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    environment.globals["gettext"] = environment.globals["_"] = i18n.template_gettext(i18n.gettext)
    globals_: dict[str, Any] = {
        "static_url": static.url,
        "submission_key": submissions.new_key,
        # Every timeline entry kind's label, core's and the plugins' (a template translates it).
        "entry_kinds": {key: kind.label for key, kind in plugins.entry_kinds.items()},
        **i18n.jinja_globals(),
    }
    environment.globals.update(globals_)
    environment.filters["date"] = i18n.format_date
    environment.filters["datetime"] = i18n.format_datetime
    # A value a plugin hands over (an export's rows) is shown as the date or time it may be.
    environment.tests["moment"] = lambda value: isinstance(value, datetime)
    environment.tests["day"] = lambda value: (
        isinstance(value, date) and not isinstance(value, datetime)
    )
    return environment
