"""What the plugin holds about a child, for the child's subject-access export: the mappings
(with their danger statements and safety goals), the safety scale's answers, the safety plans
and the child's three houses, of the child's cases the exporting user may see, and only when the
user's role does child-protection work (as the plugin's own pages decide)."""

from collections.abc import Sequence
from typing import Any

from core.api import N_, SEE_CHILD_PROTECTION, Case, CurrentUser, ExportSection, visible_cases

from heaolu_signs_of_safety.tables import Houses, MappingVersion, Plan, Scale, Statement

MAPPING_COLUMNS = (
    ("case", N_("Case")),
    ("version", N_("Version")),
    ("held_on", N_("Date of the mapping")),
    ("participants", N_("Who took part")),
    ("past_harm", N_("Past harm")),
    ("future_danger", N_("Future danger")),
    ("complicating", N_("Complicating factors")),
    ("working_well", N_("What is working well")),
    ("next_steps", N_("What needs to happen")),
    ("statements", N_("Danger statements and safety goals")),
)
SCALE_COLUMNS = (
    ("case", N_("Case")),
    ("review_on", N_("Date of the review")),
    ("participant", N_("Participant")),
    ("score", N_("Safety scale (0-10)")),
)
PLAN_COLUMNS = (
    ("case", N_("Case")),
    ("agreed_on", N_("Date agreed")),
    ("rules", N_("Rules the family agrees")),
    ("tasks", N_("Who does what")),
    ("monitoring", N_("How the network knows the plan works")),
    ("network", N_("The family's safety network")),
)
HOUSES_COLUMNS = (
    ("case", N_("Case")),
    ("heard_on", N_("Date heard")),
    ("heard_by", N_("Heard by")),
    ("worries", N_("House of worries")),
    ("good_things", N_("House of good things")),
    ("dreams", N_("House of dreams")),
)


def _only(
    rows: Sequence[dict[str, Any]], columns: tuple[tuple[str, str], ...]
) -> tuple[dict[str, Any], ...]:
    return tuple({key: row[key] for key, _ in columns} for row in rows)


async def sections(user: CurrentUser, child_ids: Sequence[int]) -> list[ExportSection]:
    if not user.can(SEE_CHILD_PROTECTION):
        return []
    cases = [
        row["id"]
        for row in await Case.select(Case.id).where(
            Case.child.is_in(list(child_ids)) & await visible_cases(user)
        )
    ]
    if not cases:
        return []
    mappings = (
        await MappingVersion.select()
        .where(MappingVersion.case.is_in(cases))
        .order_by(MappingVersion.id)
    )
    pairs: dict[int, list[str]] = {}
    if mappings:
        for row in (
            await Statement.select()
            .where(Statement.mapping.is_in([mapping["id"] for mapping in mappings]))
            .order_by(Statement.position)
        ):
            pairs.setdefault(row["mapping"], []).append(f"{row['danger']} → {row['goal']}")
    for mapping in mappings:
        mapping["statements"] = "\n".join(pairs.get(mapping["id"], []))
    scales = await Scale.select().where(Scale.case.is_in(cases)).order_by(Scale.id)
    plans = await Plan.select().where(Plan.case.is_in(cases)).order_by(Plan.id)
    houses = await Houses.select().where(Houses.case.is_in(cases)).order_by(Houses.id)
    return [
        ExportSection(
            "signs_of_safety.mappings",
            N_("Signs of Safety: mappings"),
            MAPPING_COLUMNS,
            _only(mappings, MAPPING_COLUMNS),
        ),
        ExportSection(
            "signs_of_safety.scales",
            N_("Signs of Safety: safety scale"),
            SCALE_COLUMNS,
            _only(scales, SCALE_COLUMNS),
        ),
        ExportSection(
            "signs_of_safety.plans",
            N_("Signs of Safety: safety plans"),
            PLAN_COLUMNS,
            _only(plans, PLAN_COLUMNS),
        ),
        ExportSection(
            "signs_of_safety.houses",
            N_("Signs of Safety: the child's three houses"),
            HOUSES_COLUMNS,
            _only(houses, HOUSES_COLUMNS),
        ),
    ]
