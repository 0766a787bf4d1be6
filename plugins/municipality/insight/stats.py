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
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT
from markupsafe import Markup

from core.api import (
    CREATES,
    N_,
    NOTICING_KEY,
    SECTORS,
    AnyRequest,
    Case,
    InputError,
    Plugins,
    csv_cell,
    id_or_none,
    page,
    parse_year,
    plugins_of,
    record,
    stage_of,
    start_of_day,
    user_of,
    workflow_of,
)
from core.api import gettext as _
from plugins.municipality.insight.charts import Bar, bar_chart
from plugins.municipality.insight.common import (
    NOTE_KINDS,
    engine_type,
    municipality_of,
    run_sql,
)
from plugins.municipality.insight.figures import Figures, figures
from plugins.municipality.insight.kept import figures_from, kept, recompute
from plugins.municipality.insight.register import outreach_figures
from plugins.municipality.insight.suppression import THRESHOLD
from plugins.municipality.insight.tables import NoteKind, YearNote
from plugins.municipality.insight.transitions import transition_counts, year_from
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


def _month(column: str) -> str:
    """SQL: the month (1 to 12) of the year in which ``column`` falls, NULL outside the year
    (``:month_1`` to ``:month_13`` are the first moments of the months in Estonian time, the
    last the next new year's)."""
    months = " ".join(f"WHEN {column} < :month_{month + 1} THEN {month}" for month in range(1, 13))
    return f"CASE WHEN {column} < :month_1 THEN NULL {months} END"


# The year's cases of the municipality (opened or closed in it) counted by month opened, by
# month closed, by workflow and stage, by institution and by sector, in one statement: a row
# per group, ``dimension`` naming the grouping. Only the fixed expressions above are put into
# the text; every value is a parameter.
CASE_COUNTS = f"""
WITH year_case AS (
    SELECT c.workflow, c.stage, o.name AS institution, o.sector,
        {_month("c.opened_at")} AS opened_month,
        {_month("c.closed_at")} AS closed_month
    FROM cases_case c
    LEFT JOIN people_organisation o ON o.id = c.owner_organisation
    WHERE (c.municipality = :municipality AND c.opened_at >= :month_1 AND c.opened_at < :month_13)
        OR (c.municipality = :municipality AND c.closed_at >= :month_1 AND c.closed_at < :month_13)
),
counted AS (
    SELECT workflow, stage, institution, sector, opened_month, closed_month,
        CASE WHEN opened_month IS NULL THEN 0 ELSE 1 END AS opened,
        CASE WHEN closed_month IS NULL THEN 0 ELSE 1 END AS closed
    FROM year_case
)
SELECT 'opened_month' AS dimension, opened_month AS month, '' AS workflow, '' AS name,
    count(*) AS opened, 0 AS closed
FROM counted WHERE opened = 1 GROUP BY opened_month
UNION ALL
SELECT 'closed_month', closed_month, '', '', 0, count(*)
FROM counted WHERE closed = 1 GROUP BY closed_month
UNION ALL
SELECT 'stage', 0, workflow, stage, sum(opened), sum(closed)
FROM counted GROUP BY workflow, stage
UNION ALL
SELECT 'institution', 0, '', institution, sum(opened), sum(closed)
FROM counted GROUP BY institution
UNION ALL
SELECT 'sector', 0, '', sector, sum(opened), sum(closed)
FROM counted GROUP BY sector
"""  # noqa: S608


def _year_values(municipality_id: int, year: int) -> dict[str, Any]:
    values: dict[str, Any] = {
        f"month_{month}": start_of_day(date(year, month, 1)) for month in range(1, 13)
    }
    values["month_13"] = start_of_day(date(year + 1, 1, 1))
    values["municipality"] = municipality_id
    return values


def _stage_label(plugins: Plugins, workflow: str, stage: str) -> str:
    """The stage's label; its key when its workflow's plugin no longer offers the stage."""
    try:
        return _(stage_of(workflow_of(plugins, workflow), stage).label)
    except KeyError:
        return stage


def _by(groups: dict[str, list[int]], labels: dict[str, str] | None = None) -> Any:
    names = sorted(groups)
    shown = [_(labels[name]) if labels and name in labels else name for name in names]
    return shown, [groups[name] for name in names]


async def case_figures(plugins: Plugins, municipality_id: int, year: int) -> list[Figures]:
    rows = await run_sql(Case, CASE_COUNTS, **_year_values(municipality_id, year))
    by_month = [[0] * 12, [0] * 12]
    by: dict[str, dict[str, list[int]]] = {"stage": {}, "institution": {}, "sector": {}}
    for row in rows:
        opened, closed = int(row["opened"]), int(row["closed"])
        if row["dimension"] == "opened_month":
            by_month[0][row["month"] - 1] = opened
        elif row["dimension"] == "closed_month":
            by_month[1][row["month"] - 1] = closed
        else:
            name = row["name"]
            if row["dimension"] == "stage":
                name = _stage_label(plugins, row["workflow"], name)
            counts = by[row["dimension"]].setdefault(name, [0, 0])
            counts[0] += opened
            counts[1] += closed
    opened_closed = [_("Opened"), _("Closed")]
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
        ("stage", _("Cases by stage, {year}"), _("Stage"), None),
        ("institution", _("Cases by institution, {year}"), _("Institution"), None),
        (
            "sector",
            _("Cases by sector, {year}"),
            _("Sector"),
            {k.value: v for k, v in SECTORS.items()},
        ),
    ):
        names, counts = _by(by[key], labels)
        tables.append(
            figures(
                f"cases-by-{key}", title.format(year=year), header, names, opened_closed, counts
            )
        )
    return tables


# The days from the noticing sheet (the first, when there are more) to the first action-plan
# task, of the year's cases opened by a noticing sheet that have a task: how many, and the one
# or two middle values (a window function numbers them in order). Each case's first sheet and
# first task are looked up by the case (`forms_submission_case`, `cases_task_case`).
SUPPORT_TIME = """
WITH first_moments AS (
    SELECT
        (SELECT min(f.created_at) FROM forms_submission f
            WHERE f."case" = c.id AND f.form_key = :noticing) AS noticed_at,
        (SELECT min(t.created_at) FROM cases_task t WHERE t."case" = c.id) AS task_at
    FROM cases_case c
    WHERE c.municipality = :municipality AND c.opened_at >= :month_1 AND c.opened_at < :month_13
),
waited AS (
    SELECT {days} AS days
    FROM first_moments
    WHERE noticed_at IS NOT NULL AND task_at IS NOT NULL
),
ranked AS (
    SELECT days, row_number() OVER (ORDER BY days) AS n, count(*) OVER () AS total FROM waited
)
SELECT total, days FROM ranked WHERE n = (total + 1) / 2 OR n = (total + 2) / 2
"""
_DAYS_BETWEEN = {
    "sqlite": "julianday(task_at) - julianday(noticed_at)",
    "postgres": "EXTRACT(EPOCH FROM task_at - noticed_at) / 86400",
}


async def support_time(municipality_id: int, year: int) -> Support:
    """Median days from the noticing sheet to the first action-plan task, over the year's cases
    opened by a noticing sheet that have a task (a wait below zero counts as zero)."""
    values = _year_values(municipality_id, year)
    sql = SUPPORT_TIME.replace("{days}", _DAYS_BETWEEN[engine_type(Case)])
    middle = await run_sql(Case, sql, **values, noticing=NOTICING_KEY)
    if not middle:
        return Support(0, None)
    cases = int(middle[0]["total"])
    if cases < THRESHOLD:
        return Support(None, None)
    days = [max(0.0, float(row["days"])) for row in middle]
    # The median: the middle wait, or the mean of the middle two (as `statistics.median`).
    return Support(cases, round(sum(days) / len(days), 1))


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
    tables = await case_figures(plugins_of(request), municipality_id, year)
    tables.append(await transition_counts(municipality_id, year))
    tables.append(await outreach_figures(municipality_id, date.today()))
    return tables, await support_time(municipality_id, year)


async def kept_figures(
    request: AnyRequest, municipality_id: int, year: int
) -> tuple[list[Figures], Support, datetime]:
    """`all_figures`, computed at most once in `kept.FRESH_FOR`; and when they were."""

    async def compute() -> dict[str, Any]:
        tables, support = await all_figures(request, municipality_id, year)
        return {"tables": [asdict(table) for table in tables], "support": asdict(support)}

    found = await kept(request, municipality_id, year, "stats", compute)
    tables = [figures_from(table) for table in found.figures["tables"]]
    return tables, Support(**found.figures["support"]), found.computed_at


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
    tables, support, computed_at = await kept_figures(request, municipality_id, year)
    return page(
        request,
        "municipality/insight/stats.html",
        {
            "year": year,
            "computed_at": computed_at,
            "recompute": "/municipality/stats/recompute",
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


@get("/stats.csv", opt={"permission": VIEW_STATS})
async def stats_csv(request: AnyRequest) -> Response[bytes] | Template:
    year, error = year_from(request, date.today())
    if error:
        return await _stats_page(request, year, [error], status_code=HTTP_400_BAD_REQUEST)
    tables, support, _computed_at = await kept_figures(
        request, municipality_of(user_of(request)), year
    )
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


@post("/stats/recompute", opt={"permission": VIEW_STATS})
async def recompute_stats(request: AnyRequest) -> Redirect:
    """Compute the year's figures again at the next view (they are kept a few minutes)."""
    year = await recompute(request)
    return Redirect(f"/municipality/stats?year={year}", status_code=303)


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


ROUTES = (stats_page, stats_csv, recompute_stats, add_note, edit_note)
