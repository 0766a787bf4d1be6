"""Data for the network (report step 1.4): figures without personal data.

Cases of the municipality (`Case.municipality`) opened and closed in a calendar year (Estonian
time) by month, by stage (the stage the case is at now, or was at when it closed), by
institution (the owning organisation) and by sector; the time from noticing to support (a
case opened by a noticing sheet: the sheet's time to the first action-plan task, median
days); transitions; outreach to the register's children. Every table is suppressed
(`plugins.municipality.insight.suppression`); no name and no id is shown. Beside the figures
the network's notes of the year: satisfaction surveys and supervision.
"""

from __future__ import annotations

import csv
import io
import statistics
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT
from markupsafe import Markup

from core.audit.log import record
from core.audit.viewer import csv_cell
from core.auth.submissions import CREATES
from core.cases.tables import Case, PlanTask
from core.cases.workflows import stage_of, workflow_of
from core.cases.working import AnyRequest, user_of
from core.db import WRITES
from core.forms.noticing import NOTICING_KEY
from core.forms.tables import FormSubmission
from core.i18n import N_, TIME_ZONE, start_of_day
from core.i18n import gettext as _
from core.pages import page, plugins_of
from core.parsing import InputError, id_or_none, parse_year
from core.people.labels import SECTORS
from core.plugins import Plugins
from plugins.municipality.insight.charts import Bar, bar_chart
from plugins.municipality.insight.common import NOTE_KINDS, municipality_of
from plugins.municipality.insight.figures import Figures, figures
from plugins.municipality.insight.register import outreach_figures
from plugins.municipality.insight.suppression import THRESHOLD
from plugins.municipality.insight.tables import NoteKind, YearNote
from plugins.municipality.insight.transitions import counts, movers, year_from
from plugins.municipality.roles import MANAGE_NETWORK, VIEW_STATS

MONTHS = (
    N_("Jan"),
    N_("Feb"),
    N_("Mar"),
    N_("Apr"),
    N_("May"),
    N_("Jun"),
    N_("Jul"),
    N_("Aug"),
    N_("Sep"),
    N_("Oct"),
    N_("Nov"),
    N_("Dec"),
)
NOTE_LIMIT = 10_000


@dataclass(frozen=True)
class Support:
    """Time from noticing to support: ``cases`` counted (None: under 5) and the median days
    (None when fewer than 5 cases)."""

    cases: int | None
    median_days: float | None


def _in_year(moment: datetime | None, year: int) -> bool:
    return moment is not None and moment.astimezone(TIME_ZONE).year == year


async def _cases(request: AnyRequest, municipality_id: int, year: int) -> list[dict[str, Any]]:
    start, end = start_of_day(date(year, 1, 1)), start_of_day(date(year + 1, 1, 1))
    owner: Any = Case.owner_organisation
    rows: list[dict[str, Any]] = await Case.select(
        Case.id,
        Case.workflow,
        Case.stage,
        Case.opened_at,
        Case.closed_at,
        owner.name.as_alias("institution"),
        owner.sector.as_alias("sector"),
    ).where(
        (Case.municipality == municipality_id)
        & (
            ((Case.opened_at >= start) & (Case.opened_at < end))
            | ((Case.closed_at >= start) & (Case.closed_at < end))
        )
    )
    plugins = plugins_of(request)
    for row in rows:
        row["stage_label"] = _stage_label(plugins, row["workflow"], row["stage"])
        row["opened"] = _in_year(row["opened_at"], year)
        row["closed"] = _in_year(row["closed_at"], year)
    return rows


def _stage_label(plugins: Plugins, workflow: str, stage: str) -> str:
    """The stage's label; its key when its workflow's plugin no longer offers the stage."""
    try:
        return _(stage_of(workflow_of(plugins, workflow), stage).label)
    except KeyError:
        return stage


def _by(rows: list[dict[str, Any]], key: str, labels: dict[str, str] | None = None) -> Any:
    names = sorted({row[key] for row in rows})
    counts = [
        [
            sum(1 for row in rows if row[key] == name and row["opened"]),
            sum(1 for row in rows if row[key] == name and row["closed"]),
        ]
        for name in names
    ]
    shown = [_(labels[name]) if labels and name in labels else name for name in names]
    return shown, counts


def case_figures(rows: list[dict[str, Any]], year: int) -> list[Figures]:
    opened_closed = [_("Opened"), _("Closed")]
    by_month = [
        [
            sum(
                1
                for row in rows
                if row["opened"] and row["opened_at"].astimezone(TIME_ZONE).month == month
            )
            for month in range(1, 13)
        ],
        [
            sum(
                1
                for row in rows
                if row["closed"] and row["closed_at"].astimezone(TIME_ZONE).month == month
            )
            for month in range(1, 13)
        ],
    ]
    tables = [
        figures(
            "cases-by-month",
            _("Cases opened and closed by month, {year}").format(year=year),
            _("Cases"),
            opened_closed,
            [_(month) for month in MONTHS],
            by_month,
        )
    ]
    for key, title, header, labels in (
        ("stage_label", _("Cases by stage, {year}"), _("Stage"), None),
        ("institution", _("Cases by institution, {year}"), _("Institution"), None),
        (
            "sector",
            _("Cases by sector, {year}"),
            _("Sector"),
            {k.value: v for k, v in SECTORS.items()},
        ),
    ):
        names, counts = _by(rows, key, labels)
        tables.append(
            figures(
                f"cases-by-{key.split('_')[0]}",
                title.format(year=year),
                header,
                names,
                opened_closed,
                counts,
            )
        )
    return tables


async def support_time(rows: list[dict[str, Any]]) -> Support:
    """Median days from the noticing sheet to the first action-plan task, over the year's cases
    opened by a noticing sheet that have a task."""
    ids = [row["id"] for row in rows if row["opened"]]
    if not ids:
        return Support(0, None)
    noticed: dict[int, datetime] = {}
    for sheet in await FormSubmission.select(FormSubmission.case, FormSubmission.created_at).where(
        (FormSubmission.form_key == NOTICING_KEY) & FormSubmission.case.is_in(ids)
    ):
        case = sheet["case"]
        noticed[case] = min(noticed.get(case, sheet["created_at"]), sheet["created_at"])
    first_task: dict[int, datetime] = {}
    if noticed:
        for task in await PlanTask.select(PlanTask.case, PlanTask.created_at).where(
            PlanTask.case.is_in(list(noticed))
        ):
            case = task["case"]
            first_task[case] = min(first_task.get(case, task["created_at"]), task["created_at"])
    days = [
        max(0, (first_task[case] - noticed[case]).total_seconds() / 86_400) for case in first_task
    ]
    if len(days) == 0:
        return Support(0, None)
    if len(days) < THRESHOLD:
        return Support(None, None)
    return Support(len(days), round(statistics.median(days), 1))


def month_charts(table: Figures) -> list[Markup]:
    charts = []
    for index, label in enumerate(table.rows):
        bars = [
            Bar(month, value)
            for month, value in zip(table.columns, table.result.cells[index], strict=True)
        ]
        charts.append(
            bar_chart(
                f"chart-{index}",
                f"{table.title}: {label}",
                _("Bars per month; the same figures are in the table below."),
                bars,
            )
        )
    return charts


async def all_figures(
    request: AnyRequest, municipality_id: int, year: int
) -> tuple[list[Figures], Support]:
    rows = await _cases(request, municipality_id, year)
    tables = case_figures(rows, year)
    tables.append(counts(await movers(municipality_id, year)))
    tables.append(await outreach_figures(municipality_id, date.today()))
    return tables, await support_time(rows)


async def _notes(municipality_id: int, year: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await YearNote.select(
            *YearNote.all_columns(), YearNote.recorded_by.full_name.as_alias("author")
        )
        .where((YearNote.municipality == municipality_id) & (YearNote.year == year))
        .order_by(YearNote.kind)
        .order_by(YearNote.id)
    )
    return rows


async def _stats_page(
    request: AnyRequest,
    year: int,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    user = user_of(request)
    municipality_id = municipality_of(user)
    tables, support = await all_figures(request, municipality_id, year)
    return page(
        request,
        "municipality/insight/stats.html",
        {
            "year": year,
            "tables": tables,
            "charts": month_charts(tables[0]),
            "support": support,
            "notes": await _notes(municipality_id, year),
            "note_kinds": NOTE_KINDS,
            "may_note": user.can(MANAGE_NETWORK),
            "errors": errors or [],
            "values": values or {},
        },
        status_code=status_code,
    )


@get("/stats", opt={"permission": VIEW_STATS})
async def stats_page(request: AnyRequest) -> Template:
    year, error = year_from(request, date.today())
    if error:
        return await _stats_page(request, year, [error], status_code=HTTP_400_BAD_REQUEST)
    return await _stats_page(request, year)


@get("/stats.csv", opt={"permission": VIEW_STATS, WRITES: True})
async def stats_csv(request: AnyRequest) -> Response[bytes] | Template:
    year, error = year_from(request, date.today())
    if error:
        return await _stats_page(request, year, [error], status_code=HTTP_400_BAD_REQUEST)
    tables, support = await all_figures(request, municipality_of(user_of(request)), year)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for table in tables:
        writer.writerow([csv_cell(table.title)])
        writer.writerow([csv_cell(cell) for cell in table.header()])
        for line in table.body():
            writer.writerow([csv_cell(cell) for cell in line])
        writer.writerow([])
    writer.writerow([_("Time from noticing to support")])
    writer.writerow([_("Cases"), _("Median days")])
    writer.writerow(
        [
            "<5" if support.cases is None else str(support.cases),
            "" if support.median_days is None else str(support.median_days),
        ]
    )
    await record(request, "municipality.stats.exported", object_type="year", object_id=year)
    return Response(
        buffer.getvalue().encode("utf-8"),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="heaolu-statistika-{year}.csv"'},
    )


def _note_problems(kind: str, text: str) -> list[str]:
    errors = []
    if kind not in NoteKind.__members__:
        errors.append(_("Choose whether the note is about surveys or supervision."))
    if not text or len(text) > NOTE_LIMIT:
        errors.append(_("Write the note (at most 10000 characters)."))
    return errors


@post("/stats/notes", opt={"permission": MANAGE_NETWORK, CREATES: True})
async def add_note(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    municipality_id = municipality_of(user)
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("year", "kind", "text")}
    try:
        year = parse_year(values["year"], 2000, 2100)
    except InputError:
        year = 0
    errors = _note_problems(values["kind"], values["text"])
    if not 2000 <= year <= 2100:
        errors.append(_("Choose a year between 2000 and 2100."))
    if errors:
        shown_year = year if 2000 <= year <= 2100 else date.today().year
        return await _stats_page(request, shown_year, errors, values, HTTP_400_BAD_REQUEST)
    [note] = await YearNote.insert(
        YearNote(
            municipality=municipality_id,
            year=year,
            kind=values["kind"],
            text=values["text"],
            recorded_by=user.id,
        )
    ).returning(YearNote.id)
    await record(
        request, "municipality.year_note.added", object_type="year_note", object_id=note["id"]
    )
    return Redirect(f"/municipality/stats?year={year}#notes", status_code=303)


@post("/stats/notes/{note_id:int}", opt={"permission": MANAGE_NETWORK})
async def edit_note(request: AnyRequest, note_id: FromPath[int]) -> Response[Any]:
    user = user_of(request)
    municipality_id = municipality_of(user)
    note = (
        await YearNote.select()
        .where((YearNote.id == note_id) & (YearNote.municipality == municipality_id))
        .first()
    )
    if note is None:
        raise NotFoundException()
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("kind", "text", "version")}
    errors = _note_problems(values["kind"], values["text"])
    if errors:
        return await _stats_page(request, note["year"], errors, values, HTTP_400_BAD_REQUEST)
    changed = (
        await YearNote.update(
            {
                YearNote.kind: values["kind"],
                YearNote.text: values["text"],
                YearNote.version: note["version"] + 1,
                YearNote.recorded_by: user.id,
            }
        )
        .where((YearNote.id == note_id) & (YearNote.version == _int(values["version"])))
        .returning(YearNote.id)
    )
    if not changed:
        return await _stats_page(
            request,
            note["year"],
            [_("Someone changed this note a moment ago; check it and save again.")],
            values,
            HTTP_409_CONFLICT,
        )
    await record(
        request, "municipality.year_note.changed", object_type="year_note", object_id=note_id
    )
    return Redirect(f"/municipality/stats?year={note['year']}#notes", status_code=303)


def _int(text: str) -> int:
    return id_or_none(text) or -1


ROUTES = (stats_page, stats_csv, add_note, edit_note)
