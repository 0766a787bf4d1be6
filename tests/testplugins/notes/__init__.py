"""A test plugin that implements every hook, so each hook is proven end to end."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated

import click
from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from core.hookspecs import hookimpl
from core.i18n import TIME_ZONE
from core.jobs import enqueue
from core.notifications import notify
from core.registry import (
    Bilingual,
    ConsentPurpose,
    FieldType,
    FormField,
    FormSchema,
    NavItem,
    Option,
    Panel,
    PeriodicJob,
    Permission,
    PluginDescription,
    Role,
    Scope,
)

from .tables import Note


@get("/", opt={"permission": "notes.view"})
async def list_notes() -> Template:
    notes = await Note.select(Note.text).order_by(Note.id)
    return Template("notes/list.html", context={"notes": [n["text"] for n in notes]})


Form = Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)]


@post("/add", opt={"permission": "notes.view"})
async def add_note(data: Form) -> Redirect:
    # Read, then write: the pattern that fails with "database is locked" under concurrent
    # writers unless the write lock is taken when the transaction begins.
    await Note.count()
    await asyncio.sleep(0.005)  # other requests run here, between the read and the write
    await Note.insert(Note(text=data["text"]))
    return Redirect("/notes/", status_code=303)


@post("/add-then-fail", opt={"permission": "notes.view"})
async def add_then_fail(request: Request, data: Form) -> Redirect:
    """Writes a note, enqueues a job and notifies the user, then fails."""
    await Note.insert(Note(text=data["text"]))
    await enqueue("notes.write", {"n": 1})
    await notify([request.scope["state"]["user"].id], "Access requested", "/notes/")
    raise RuntimeError("the handler failed after writing")


@post("/notify", opt={"permission": "notes.view"})
async def notify_me(request: Request, data: Form) -> Redirect:
    """Notifies the user who asks, about the address in the form (e.g. a child's page)."""
    await notify([request.scope["state"]["user"].id], "Access requested", data["url"])
    return Redirect("/notes/", status_code=303)


async def write_note(payload):
    """The job `notes.write`: a note naming the job's number and the process that ran it (after
    a short wait, so that concurrent workers overlap)."""
    await asyncio.sleep(0.002)
    await Note.insert(Note(text=f"job {payload['n']} by {os.getpid()}"))


async def enqueue_daily_note(now):
    """The periodic job `notes.daily`: one `notes.write` job per Estonian day, dated."""
    day = now.astimezone(TIME_ZONE).date()
    await enqueue(
        "notes.write",
        {"n": day.isoformat()},
        dedupe_key=f"notes.daily:{day.isoformat()}",
    )


@hookimpl
def heaolu_piccolo_apps():
    return ["tests.testplugins.notes.piccolo_app"]


@hookimpl
def heaolu_routes():
    return [list_notes, add_note, add_then_fail, notify_me]


@hookimpl
def heaolu_template_dirs():
    return [Path(__file__).parent / "templates"]


@hookimpl
def heaolu_locale_dirs():
    return [Path(__file__).parent / "locale"]


@hookimpl
def heaolu_permissions():
    return [Permission("notes.view", "See the notes")]


@hookimpl
def heaolu_roles():
    create = "core.child.create"
    consents = {"core.consent.record", "core.consent.override"}
    records = {"core.records.read", "core.records.write"}
    return [
        Role(
            "notes_reader",
            "Notes reader",
            Scope.organisation,
            frozenset({"notes.view", "core.records.read"}),
        ),
        Role("notes_teacher", "Notes teacher", Scope.unit, frozenset({create, *records})),
        Role(
            "notes_coordinator",
            "Notes coordinator",
            Scope.organisation,
            frozenset({create, "core.child.export", "core.child.edit", *consents, *records}),
        ),
    ]


@hookimpl
def heaolu_consent_purposes():
    return [
        ConsentPurpose(
            "notes.research", "Research on notes", "The notes are read for research on notes."
        )
    ]


# The per-request hooks called, in order: a disabled plugin's must never be.
CALLS: list[str] = []


@hookimpl
async def heaolu_child_panels(child):
    CALLS.append("heaolu_child_panels")
    return [
        Panel(
            title="Notes about the child",
            template="notes/_panel.html",
            context={"count": len(child.given_name)},
        )
    ]


@hookimpl
def heaolu_municipality_settings(municipality_id):
    CALLS.append("heaolu_municipality_settings")
    return [
        Panel(
            title="Notes settings",
            template="notes/_panel.html",
            context={"count": municipality_id},
        )
    ]


@hookimpl
def heaolu_plugin_description():
    return PluginDescription("Notes for testing", ("Notes about children", "The notes panel"))


@hookimpl
async def heaolu_plugin_in_use(municipality_id):
    count = await Note.count()
    return f"{count} notes" if count else None


FEEDBACK = FormSchema(
    key="notes.feedback",
    version=1,
    title=Bilingual("Tagasiside", "Feedback"),
    description=Bilingual("Iga väljatüüp ühel vormil.", "Every field type on one form."),
    fields=(
        FormField("summary", FieldType.text, Bilingual("Kokkuvõte", "Summary"), required=True),
        FormField(
            "details",
            FieldType.long_text,
            Bilingual("Üksikasjad", "Details"),
            help=Bilingual("Kirjuta vabalt.", "Write freely."),
        ),
        FormField("met_on", FieldType.date, Bilingual("Kohtumise päev", "Day of the meeting")),
        FormField(
            "hours", FieldType.number, Bilingual("Tunde", "Hours"), min=0, max=40, required=True
        ),
        FormField(
            "mood",
            FieldType.choice,
            Bilingual("Meeleolu", "Mood"),
            options=(
                Option("good", Bilingual("Hea", "Good")),
                Option("bad", Bilingual("Halb", "Bad")),
            ),
            required=True,
        ),
        FormField(
            "topics",
            FieldType.multiple_choice,
            Bilingual("Teemad", "Topics"),
            options=(
                Option("school", Bilingual("Kool", "School")),
                Option("home", Bilingual("Kodu", "Home")),
                Option("friends", Bilingual("Sõbrad", "Friends")),
            ),
        ),
        FormField(
            "agreed", FieldType.yes_no, Bilingual("Kokku lepitud?", "Agreed?"), required=True
        ),
        FormField("score", FieldType.scale, Bilingual("Hinne", "Score")),
        FormField("contact", FieldType.person, Bilingual("Kontaktisik", "Contact person")),
        FormField(
            "steps",
            FieldType.group,
            Bilingual("Sammud", "Steps"),
            fields=(
                FormField("step", FieldType.text, Bilingual("Samm", "Step"), required=True),
                FormField("due", FieldType.date, Bilingual("Tähtaeg", "Due")),
                FormField("owner", FieldType.person, Bilingual("Vastutaja", "Owner")),
            ),
            max_rows=3,
        ),
    ),
)


@hookimpl
def heaolu_forms():
    return [FEEDBACK]


@hookimpl
async def heaolu_demo_data(ctx):
    # Core's demo data is already there: the note counts its municipalities.
    text = f"demo note ({ctx.scale}, {len(ctx.municipalities)} municipalities)"
    if not await Note.exists().where(Note.text == text):
        await Note.insert(Note(text=text))
    ctx.accounts.append(("notes.demo", "a demo account the notes plugin announces"))


@hookimpl
def heaolu_cli(group):
    @group.command("notes-hello")
    def notes_hello():
        click.echo("hello from the notes plugin")


@hookimpl
async def heaolu_nav_items(request, user):
    CALLS.append("heaolu_nav_items")
    return [NavItem(label="Notes", href="/notes/", order=50)]


@hookimpl
def heaolu_dashboard_panels(request):
    CALLS.append("heaolu_dashboard_panels")
    return [Panel(title="Notes panel", template="notes/_panel.html", context={"count": 3})]


@hookimpl
def heaolu_job_handlers():
    return {"notes.write": write_note}


@hookimpl
def heaolu_periodic_jobs():
    return [PeriodicJob("notes.daily", enqueue_daily_note)]
