"""The plugin's part of a child's records: its rows in the child's subject-access export (the
register of children at home, the round tables of the child's cases and the Rajaleidja
decisions shared with the municipality) and moving its rows when two records of one child are
merged."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.api import N_, Case, CurrentUser, ExportSection, visible_cases
from core.api import gettext as _
from plugins.municipality.casework.tables import RoundTable
from plugins.municipality.insight.common import OUTREACH_KINDS, OUTREACH_OUTCOMES
from plugins.municipality.insight.tables import HomeChild, Outreach, RajaleidjaDecision

HOME_CHILDREN = (
    ("municipality_name", N_("Municipality")),
    ("group_name", N_("Group")),
    ("address_area", N_("Address area")),
    ("added_at", N_("Date")),
)
OUTREACH = (
    ("done_on", N_("Date")),
    ("kind_label", N_("Kind")),
    ("outcome_label", N_("Outcome")),
    ("by_whom", N_("Who made the contact")),
    ("note", N_("Note")),
)
RAJALEIDJA = (
    ("decided_on", N_("Decision date")),
    ("decision", N_("Decision")),
    ("support", N_("Recommended support")),
    ("review_on", N_("Review date")),
    ("shared_at", N_("Shared with the municipality")),
)
ROUND_TABLES = (
    ("case", N_("Case")),
    ("held_on", N_("Date")),
    ("place", N_("Place")),
    ("purpose", N_("Purpose")),
    ("minutes", N_("Minutes")),
    ("child_feedback", N_("The child's feedback")),
    ("parents_feedback", N_("The parents' feedback")),
)


async def child_export(user: CurrentUser, child_ids: Sequence[int]) -> list[ExportSection]:
    """The child's entries in the register of children at home of the user's municipality,
    with their outreach, the Rajaleidja decisions shared with that municipality, and the round
    tables of the child's cases the user may see."""
    ids = list(child_ids) or [0]
    entries: list[dict[str, Any]] = []
    outreach: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    if user.municipality_id is not None:
        decisions = (
            await RajaleidjaDecision.select(
                *(getattr(RajaleidjaDecision, f) for f, _l in RAJALEIDJA)
            )
            .where(
                RajaleidjaDecision.child.is_in(ids)
                & (RajaleidjaDecision.municipality == user.municipality_id)
            )
            .order_by(RajaleidjaDecision.decided_on)
        )
        entry: Any = HomeChild
        entries = (
            await HomeChild.select(
                HomeChild.id,
                entry.municipality.name.as_alias("municipality_name"),
                entry.home_group.name.as_alias("group_name"),
                HomeChild.address_area,
                HomeChild.added_at,
            )
            .where(HomeChild.child.is_in(ids) & (HomeChild.municipality == user.municipality_id))
            .order_by(HomeChild.added_at)
        )
        outreach = (
            await Outreach.select(
                Outreach.done_on, Outreach.kind, Outreach.outcome, Outreach.by_whom, Outreach.note
            )
            .where(Outreach.entry.is_in([row["id"] for row in entries] or [0]))
            .order_by(Outreach.done_on)
        )
        for row in outreach:
            row["kind_label"] = _(OUTREACH_KINDS.get(row["kind"], row["kind"]))
            row["outcome_label"] = _(OUTREACH_OUTCOMES.get(row["outcome"], row["outcome"]))
    cases = Case.select(Case.id).where(Case.child.is_in(ids) & await visible_cases(user))
    round_tables = (
        await RoundTable.select(*(getattr(RoundTable, field) for field, _label in ROUND_TABLES))
        .where(RoundTable.case.is_in(cases))
        .order_by(RoundTable.held_on)
    )
    return [
        ExportSection(
            "municipality.home_children",
            N_("Children at home"),
            HOME_CHILDREN,
            tuple(entries),
        ),
        ExportSection("municipality.outreach", N_("Outreach"), OUTREACH, tuple(outreach)),
        ExportSection(
            "municipality.round_tables", N_("Round tables"), ROUND_TABLES, tuple(round_tables)
        ),
        ExportSection(
            "municipality.rajaleidja",
            N_("Rajaleidja decisions shared with the municipality"),
            RAJALEIDJA,
            tuple(decisions),
        ),
    ]


async def merge_children(merged_id: int, survivor_id: int) -> None:
    """The merged record's entries in the register of children at home (with their outreach)
    and its shared Rajaleidja decisions go to the surviving record; round tables follow their
    cases, which keep their record."""
    await HomeChild.update({HomeChild.child: survivor_id}).where(HomeChild.child == merged_id)
    await RajaleidjaDecision.update({RajaleidjaDecision.child: survivor_id}).where(
        RajaleidjaDecision.child == merged_id
    )
