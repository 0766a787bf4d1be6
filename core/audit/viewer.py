"""The audit log viewer: ``/audit`` (50 rows a page, newest first) and ``/audit.csv``.

Both read the same filters from the query string (user id or user name, action, outcome, object
type, object id, and a range of dates typed as dd.mm.yyyy, days in Estonian time) and have the
same reach: a system administrator sees every row; a municipality administrator sees the rows
whose organisation belongs to their municipality, so rows with no organisation (an anonymous
visitor's failed login, say) only a system administrator sees. Rows hold ids; user names,
organisation names and role labels are looked up for display. Viewing and exporting are audited
themselves (``audit.viewed``, ``audit.exported``), after the page's read transaction (see
`core.db.after_read`).

CSV cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab, a carriage return or NUL) get a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.response import Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.audit.labels import label_of, purpose_label
from core.audit.log import Outcome, record
from core.audit.tables import AuditEvent
from core.auth.current import CurrentUser
from core.auth.permissions import VIEW_AUDIT
from core.auth.reach import municipality_reach
from core.auth.tables import User
from core.csv_cells import csv_cell
from core.i18n import N_, format_datetime, start_of_day
from core.i18n import gettext as _
from core.pages import page, plugins_of
from core.parsing import id_or_none, page_number, parse_date
from core.people.tables import Organisation

AnyRequest = Request[Any, Any, Any]
VIEW = {"permission": VIEW_AUDIT}
PAGE_SIZE = 50
# An export is built in memory: more rows than this must be narrowed down first.
EXPORT_LIMIT = 50_000
# Filters matched against a column of the same name; "user" takes an id or a user name.
COLUMN_FILTERS = ("action", "outcome", "object_type", "object_id")
OUTCOME_LABELS = {
    Outcome.allowed: N_("allowed"),
    Outcome.denied: N_("denied"),
    Outcome.failed: N_("failed"),
}


@dataclass(frozen=True)
class Filters:
    """The filters as typed (``values``, for the form and links) and as understood."""

    values: dict[str, str]
    since: datetime | None
    before: datetime | None
    errors: tuple[str, ...]


def _filters(request: AnyRequest) -> Filters:
    names = ("user", *COLUMN_FILTERS, "from", "to")
    values = {name: str(request.query_params.get(name, "")).strip() for name in names}
    errors = []
    since = before = None
    for name, label in (("from", _("From")), ("to", _("To"))):
        if not values[name]:
            continue
        try:
            day = parse_date(values[name])
        except ValueError as exc:
            errors.append(f"{label}: {exc}")
            continue
        if name == "from":
            since = start_of_day(day)
        else:
            before = start_of_day(day + timedelta(days=1))
    if since is not None and before is not None and since >= before:
        errors.append(_("The start date is after the end date."))
    return Filters(values, since, before, tuple(errors))


async def _conditions(user: CurrentUser, filters: Filters) -> list[Any] | None:
    """Where-clauses for the user's reach and the filters; None when nothing can match."""
    clauses: list[Any] = []
    own = municipality_reach(user)
    if own is not None:
        rows = await Organisation.select(Organisation.id).where(Organisation.municipality == own)
        if not rows:
            return None
        clauses.append(AuditEvent.organisation_id.is_in([row["id"] for row in rows]))
    wanted_user = filters.values["user"]
    if wanted_user:
        ids = await _user_ids(wanted_user)
        if not ids:
            return None
        clauses.append(AuditEvent.user_id.is_in(ids))
    for name in COLUMN_FILTERS:
        if filters.values[name]:
            clauses.append(getattr(AuditEvent, name) == filters.values[name])
    if filters.since is not None:
        clauses.append(AuditEvent.at >= filters.since)
    if filters.before is not None:
        clauses.append(AuditEvent.at < filters.before)
    return clauses


async def _user_ids(wanted: str) -> list[int]:
    """The ids a user filter names: the number itself, and the user with that user name."""
    number = id_or_none(wanted)
    ids = [] if number is None else [number]
    named = await User.select(User.id).where(User.username == wanted.lower()).first()
    if named is not None:
        ids.append(named["id"])
    return ids


def _newest_first(clauses: list[Any]) -> Any:
    query = AuditEvent.select().order_by(AuditEvent.at, AuditEvent.id, ascending=False)
    return query.where(*clauses) if clauses else query


async def _displayed(request: AnyRequest, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with the user name, organisation name, role and outcome labels beside the ids."""
    user_ids = {row["user_id"] for row in rows if row["user_id"] is not None}
    organisation_ids = {row["organisation_id"] for row in rows if row["organisation_id"]}
    usernames = {
        u["id"]: u["username"]
        for u in (
            await User.select(User.id, User.username).where(User.id.is_in(list(user_ids)))
            if user_ids
            else []
        )
    }
    organisations = {
        o["id"]: o["name"]
        for o in (
            await Organisation.select(Organisation.id, Organisation.name).where(
                Organisation.id.is_in(list(organisation_ids))
            )
            if organisation_ids
            else []
        )
    }
    plugins = plugins_of(request)
    roles = {name: _(role.label) for name, role in plugins.roles.items()}
    outcomes = {outcome.value: _(label) for outcome, label in OUTCOME_LABELS.items()}
    return [
        {
            **row,
            "time": format_datetime(row["at"]),
            "username": usernames.get(row["user_id"], ""),
            "organisation": organisations.get(row["organisation_id"], ""),
            "role_label": roles.get(row["role"], row["role"] or ""),
            "outcome_label": outcomes.get(row["outcome"], row["outcome"]),
            "action_label": label_of(plugins.audit_actions, row["action"]),
            "object_type_label": label_of(plugins.audit_object_types, row["object_type"] or ""),
            "purpose_label": purpose_label(plugins.consent_purposes, row["purpose"]),
        }
        for row in rows
    ]


def _choices(labels: dict[str, str], chosen: str) -> list[tuple[str, str]]:
    """The labelled keys to filter by, by label; an unlabelled key asked for is kept."""
    choices = sorted(((key, _(text)) for key, text in labels.items()), key=lambda c: c[1])
    if chosen and chosen not in labels:
        choices.insert(0, (chosen, chosen))
    return choices


def _page_number(request: AnyRequest) -> int:
    return page_number(request.query_params.get("page", ""))


def _log_page(
    request: AnyRequest,
    filters: Filters,
    rows: list[dict[str, Any]] | None = None,
    number: int = 1,
    more: bool = False,
    errors: tuple[str, ...] = (),
    status_code: int = 200,
) -> Template:
    query = [(name, value) for name, value in filters.values.items() if value]

    def link(path: str, page_number: int | None = None) -> str:
        params = query if page_number is None else [*query, ("page", str(page_number))]
        return f"{path}?{urlencode(params)}" if params else path

    return page(
        request,
        "audit/log.html",
        {
            "values": filters.values,
            "rows": rows or [],
            "newer_url": link("/audit", number - 1) if number > 1 else "",
            "older_url": link("/audit", number + 1) if more else "",
            "export_url": link("/audit.csv"),
            "errors": errors,
            "outcomes": [(outcome.value, _(label)) for outcome, label in OUTCOME_LABELS.items()],
            "actions": _choices(plugins_of(request).audit_actions, filters.values["action"]),
            "object_types": _choices(
                plugins_of(request).audit_object_types, filters.values["object_type"]
            ),
        },
        status_code=status_code,
    )


@get("/audit", opt=VIEW)
async def audit_log(request: AnyRequest) -> Template:
    filters = _filters(request)
    if filters.errors:
        return _log_page(request, filters, errors=filters.errors, status_code=HTTP_400_BAD_REQUEST)
    number = _page_number(request)
    clauses = await _conditions(request.scope["state"]["user"], filters)
    rows: list[dict[str, Any]] = []
    if clauses is not None:
        rows = await _newest_first(clauses).limit(PAGE_SIZE + 1).offset((number - 1) * PAGE_SIZE)
    await record(request, "audit.viewed")
    shown = await _displayed(request, rows[:PAGE_SIZE])
    return _log_page(request, filters, shown, number, more=len(rows) > PAGE_SIZE)


CSV_COLUMNS = (
    ("id", N_("Id")),
    ("time", N_("Time")),
    ("user_id", N_("User id")),
    ("username", N_("User name")),
    ("role_label", N_("Role")),
    ("organisation_id", N_("Organisation id")),
    ("organisation", N_("Organisation")),
    ("action_label", N_("Action")),
    ("action", N_("Action code")),
    ("object_type_label", N_("Object type")),
    ("object_id", N_("Object id")),
    ("purpose_label", N_("Purpose")),
    ("outcome_label", N_("Outcome")),
    ("request_id", N_("Request code")),
)


@get("/audit.csv", opt=VIEW)
async def audit_export(request: AnyRequest) -> Response[bytes] | Template:
    filters = _filters(request)
    if filters.errors:
        return _log_page(request, filters, errors=filters.errors, status_code=HTTP_400_BAD_REQUEST)
    clauses = await _conditions(request.scope["state"]["user"], filters)
    rows: list[dict[str, Any]] = []
    if clauses is not None:
        rows = await _newest_first(clauses).limit(EXPORT_LIMIT + 1)
    if len(rows) > EXPORT_LIMIT:
        message = _("More than {limit} rows match: narrow the filters to export them.")
        limit = f"{EXPORT_LIMIT:,}".replace(",", " ")
        return _log_page(
            request,
            filters,
            errors=(message.format(limit=limit),),
            status_code=HTTP_400_BAD_REQUEST,
        )
    await record(request, "audit.exported")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_(label) for _key, label in CSV_COLUMNS])
    for row in await _displayed(request, rows):
        writer.writerow([csv_cell(row[key]) for key, _label in CSV_COLUMNS])
    return Response(
        buffer.getvalue().encode("utf-8"),
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="heaolu-audit.csv"'},
    )


ROUTES = (audit_log, audit_export)
