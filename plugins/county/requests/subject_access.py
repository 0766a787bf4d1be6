"""The questions about a child in the child's subject-access export: those asked by the user's
municipality or of it, with the answer as shared."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.api import N_, CurrentUser, ExportSection, translated
from core.api import gettext as _
from plugins.county.requests.pages import ABOUT_LABELS, BASIS_LABELS, CHILD, FAMILY
from plugins.county.requests.tables import NoticedRequest

COLUMNS = (
    ("asked_at", N_("Asked")),
    ("from_name", N_("Asked by")),
    ("to_name", N_("Asked of")),
    ("about_label", N_("About")),
    ("purpose", N_("Purpose of the question")),
    ("basis_label", N_("Rests on")),
    ("known_label", N_("Known with us")),
    ("summary", N_("Summary shared")),
    ("contact", N_("Contact person")),
    ("answered_at", N_("Answered")),
)


async def child_export(user: CurrentUser, child_ids: Sequence[int]) -> list[ExportSection]:
    if user.municipality_id is None:
        return []
    source: Any = NoticedRequest.from_municipality
    target: Any = NoticedRequest.to_municipality
    rows = await NoticedRequest.select(
        NoticedRequest.asked_at,
        source.name.as_alias("from_name"),
        target.name.as_alias("to_name"),
        NoticedRequest.family,
        NoticedRequest.purpose,
        NoticedRequest.basis,
        NoticedRequest.known,
        NoticedRequest.summary,
        NoticedRequest.contact,
        NoticedRequest.answered_at,
    ).where(
        NoticedRequest.child.is_in(list(child_ids) or [0])
        & (
            (NoticedRequest.from_municipality == user.municipality_id)
            | (NoticedRequest.to_municipality == user.municipality_id)
        )
    )
    bases = translated(BASIS_LABELS)
    known = {True: _("known"), False: _("not known"), None: ""}
    about = translated(ABOUT_LABELS)
    for row in rows:
        row["about_label"] = about[FAMILY if row.pop("family") else CHILD]
        row["basis_label"] = bases.get(row.pop("basis"), "")
        row["known_label"] = known[row.pop("known")]
    return [
        ExportSection(
            "county.requests",
            N_("Questions to municipalities"),
            COLUMNS,
            tuple(rows),
        )
    ]
