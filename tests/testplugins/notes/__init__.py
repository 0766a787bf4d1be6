"""A test plugin that implements every hook, so each hook is proven end to end."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import click
from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from core.hookspecs import hookimpl
from core.registry import FormSchema, NavItem, Panel, Permission, Role, Scope

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
async def add_then_fail(data: Form) -> Redirect:
    await Note.insert(Note(text=data["text"]))
    raise RuntimeError("the handler failed after writing")


@hookimpl
def heaolu_piccolo_apps():
    return ["tests.testplugins.notes.piccolo_app"]


@hookimpl
def heaolu_routes():
    return [list_notes, add_note, add_then_fail]


@hookimpl
def heaolu_template_dirs():
    return [Path(__file__).parent / "templates"]


@hookimpl
def heaolu_permissions():
    return [Permission("notes.view", "See the notes")]


@hookimpl
def heaolu_roles():
    create = "core.child.create"
    return [
        Role("notes_reader", "Notes reader", Scope.organisation, frozenset({"notes.view"})),
        Role("notes_teacher", "Notes teacher", Scope.unit, frozenset({create})),
        Role(
            "notes_coordinator",
            "Notes coordinator",
            Scope.organisation,
            frozenset({create, "core.child.export", "core.child.edit"}),
        ),
    ]


@hookimpl
def heaolu_child_panels(child):
    return [
        Panel(
            title="Notes about the child",
            template="notes/_panel.html",
            context={"count": len(child["given_name"])},
        )
    ]


@hookimpl
async def heaolu_plugin_in_use(municipality_id):
    count = await Note.count()
    return f"{count} notes" if count else None


@hookimpl
def heaolu_forms():
    return [FormSchema(key="notes.feedback", version=1, title="Feedback")]


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
def heaolu_nav_items(request, user):
    return [NavItem(label="Notes", href="/notes/", order=50)]


@hookimpl
def heaolu_dashboard_panels(request):
    return [Panel(title="Notes panel", template="notes/_panel.html", context={"count": 3})]
