"""What happens to a case: opening, timeline entries, transitions, handovers, escalation.

Every function runs inside the request's transaction and leaves the case consistent or raises
before writing: a function that changes the case moves its version first (`bump`), so a save
that lost the race to another raises `CaseConflict` before it wrote anything (the conflict
page's answer commits). The pages (`core.cases.steps` and friends) check access first and
audit; this module enforces the workflow: who may take which transition, which forms it
needs, what the plugins' ``heaolu_validate_transition`` say, and that passing a case on waits
for the receiver's acceptance.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.auth.current import CurrentUser
from core.auth.permissions import MANAGE_CASES
from core.auth.tables import Membership, User
from core.cases.tables import (
    Case,
    CaseEntry,
    CaseParticipant,
    CaseStatus,
    Concern,
    EntryKind,
    Handover,
    HandoverStatus,
    Sensitivity,
)
from core.cases.workflows import (
    CHILD_PROTECTION_STAGE,
    CLOSE_BY_CHILD_PROTECTION,
    stage_of,
    transitions_from,
    workflow_of,
)
from core.consent.recipients import Recipient
from core.consent.registry import CROSS_SECTOR_CASE_WORK
from core.consent.tables import DataScope, ShareOverride
from core.enablement import enabled_plugins
from core.i18n import N_
from core.i18n import gettext as _
from core.kept import Kept
from core.notifications import notify
from core.people.tables import Organisation
from core.plugins import CORE_PLUGIN_NAME, Plugins
from core.registry import Level, Stage, Transition, Workflow
from core.views import CaseView

ESCALATION_LEGAL_BASES = ("child_protection_act_27", "child_protection_act_31")


HANDED_TO_YOU = N_("A case was handed over to you")
ESCALATED_TO_YOU = N_("A case was escalated to child protection and awaits you")
HANDOVER_DECLINED = N_("A handover you sent was declined")


class CaseConflict(Exception):
    """The case changed since the user loaded it (its ``version`` moved on)."""


def now() -> datetime:
    return datetime.now(UTC)


def holds_role(user: CurrentUser, roles: frozenset[str]) -> bool:
    return user.membership is not None and user.membership.role in roles


async def case_manager_roles(
    plugins: Plugins, municipality_id: int, enabled: Collection[str] | None = None
) -> frozenset[str]:
    """The roles that run municipality-level case management in a municipality: those holding
    ``core.case.manage``, and those the municipality's enabled plugins (``enabled``, when the
    caller knows them) let act as case managers (``heaolu_case_manager_roles``), in each case
    only when the plugin declaring the role is enabled there too: with the municipality plugin
    turned off, its case manager is none, and the child protection specialist (core's) takes
    stage III; a school's coordinator is one while the school plugin is on."""
    if enabled is None:
        enabled = await enabled_plugins(plugins, municipality_id)
    on = {CORE_PLUGIN_NAME, *enabled}
    roles = {
        name
        for name, role in plugins.roles.items()
        if MANAGE_CASES in role.permissions and plugins.role_owner.get(name) in on
    }
    found = await plugins.call_for(
        enabled, "heaolu_case_manager_roles", municipality_id=municipality_id
    )
    roles.update(name for name in found if plugins.role_owner.get(name) in on)
    return frozenset(roles)


async def stage_roles(plugins: Plugins, case: dict[str, Any], stage: Stage) -> frozenset[str]:
    """Who may be responsible for the case at ``stage``: the stage's roles, or, for a
    municipality-level stage naming none, the case municipality's case managers."""
    if stage.roles or stage.level is Level.institution:
        return stage.roles
    return await case_manager_roles(plugins, case["municipality"])


async def transition_roles(
    plugins: Plugins, case: dict[str, Any], transition: Transition
) -> frozenset[str]:
    """Who may take ``transition``: its roles, or, when it names none, whoever may be
    responsible at the case's current stage."""
    if transition.roles:
        return transition.roles
    workflow = workflow_of(plugins, case["workflow"])
    return await stage_roles(plugins, case, stage_of(workflow, case["stage"]))


async def open_case(
    plugins: Plugins,
    *,
    child: dict[str, Any],
    organisation_id: int,
    workflow: Workflow,
    responsible: CurrentUser | int,
    reason: str,
    stage: Stage | None = None,
    concern: str = Concern.low.value,
    review_due: date | None = None,
) -> int:
    """Open a case for ``child`` at ``stage`` (by default ``workflow``'s first stage), with
    ``concern`` and ``review_due`` (by default after the workflow's ``review_days``); returns
    its id."""
    first = stage or workflow.stages[0]
    municipality = child["registered_municipality"] or child["residence_municipality"]
    if municipality is None:
        owner = (
            await Organisation.select(Organisation.municipality)
            .where(Organisation.id == organisation_id)
            .first()
        )
        municipality = owner["municipality"] if owner else None
    responsible_id = responsible if isinstance(responsible, int) else responsible.id
    case = Case(
        child=child["id"],
        owner_organisation=organisation_id,
        municipality=municipality,
        workflow=workflow.key,
        stage=first.key,
        level=first.level.value,
        responsible=responsible_id,
        reason=reason,
        concern=concern,
        review_due=review_due or date.today() + timedelta(days=workflow.review_days),
    )
    await case.save()
    row = await Case.select().where(Case.id == case.id).first()
    await plugins.notify(
        await enabled_plugins(plugins, municipality),
        "heaolu_after_case_opened",
        case=row,
        user=None if isinstance(responsible, int) else responsible,
    )
    return int(case.id)


async def add_entry(
    case_id: int,
    kind: EntryKind | str,
    body: str,
    author: CurrentUser,
    *,
    sensitivity: Sensitivity = Sensitivity.none,
    occurred_on: date | None = None,
) -> int:
    """Append an entry to the case's timeline (as ``author`` of their active organisation);
    ``kind`` is core's `EntryKind` or a plugin's ``heaolu_timeline_entry_kinds`` key."""
    membership = author.membership
    assert membership is not None  # the guard lets only users with an active role act
    entry = CaseEntry(
        case=case_id,
        kind=str(kind),
        body=body,
        sensitivity=sensitivity.value,
        occurred_on=occurred_on or date.today(),
        author=author.id,
        author_organisation=membership.organisation_id,
    )
    await entry.save()
    return int(entry.id)


async def bump(case: dict[str, Any], **changes: Any) -> None:
    """Update the case with ``changes`` if nobody saved it since ``case['version']``; else
    `CaseConflict`."""
    result = (
        await Case.update(
            {
                **{getattr(Case, key): value for key, value in changes.items()},
                Case.version: case["version"] + 1,
            }
        )
        .where((Case.id == case["id"]) & (Case.version == case["version"]))
        .returning(Case.id)
    )
    if not result:
        raise CaseConflict()
    case.update(changes, version=case["version"] + 1)


async def workflow_turned_off(plugins: Plugins, case: dict[str, Any]) -> str | None:
    """The plugin whose workflow the case follows, when that plugin is turned off for the
    case's municipality (its forms and pages answer 404 there); else None."""
    enabled = await enabled_plugins(plugins, case["municipality"])
    return owner_turned_off(plugins, case["workflow"], enabled)


def owner_turned_off(plugins: Plugins, workflow_key: str, enabled: Collection[str]) -> str | None:
    """The plugin owning workflow ``workflow_key`` when it is not among ``enabled``; else None."""
    owner = plugins.workflow_owner.get(workflow_key, CORE_PLUGIN_NAME)
    return None if owner == CORE_PLUGIN_NAME or owner in enabled else owner


async def transitions_in_view(
    plugins: Plugins, view: CaseView, user: CurrentUser
) -> list[Transition]:
    """`available_transitions` for a case's page, from its view: the workflow and the enabled
    plugins come from the view, and the case managers are asked at most once."""
    if not view.is_open:
        return []
    out = transitions_from(view.workflow, view.stage.key)
    if owner_turned_off(plugins, view.row["workflow"], view.enabled_plugins) is not None:
        out = tuple(t for t in out if t is CLOSE_BY_CHILD_PROTECTION)
    managers: frozenset[str] | None = None
    allowed = []
    for transition in out:
        roles = transition.roles or view.stage.roles
        if not roles and view.stage.level is Level.municipality:
            if managers is None:
                managers = await case_manager_roles(
                    plugins, view.municipality_id, view.enabled_plugins
                )
            roles = managers
        if holds_role(user, roles):
            allowed.append(transition)
    return allowed


async def open_transitions(plugins: Plugins, case: dict[str, Any]) -> tuple[Transition, ...]:
    """The transitions out of the case's stage that lead somewhere now: none of a workflow
    whose plugin is turned off for the case's municipality, but core's own (child protection
    closing), so no step offered leads to a page that answers 404."""
    workflow = workflow_of(plugins, case["workflow"])
    out = transitions_from(workflow, case["stage"])
    if await workflow_turned_off(plugins, case) is None:
        return out
    return tuple(t for t in out if t is CLOSE_BY_CHILD_PROTECTION)


async def available_transitions(
    plugins: Plugins, case: dict[str, Any], user: CurrentUser
) -> list[Transition]:
    """The open transitions out of the case's stage that ``user``'s active role may take."""
    if case["status"] != CaseStatus.open.value:
        return []
    return [
        t
        for t in await open_transitions(plugins, case)
        if holds_role(user, await transition_roles(plugins, case, t))
    ]


async def find_transition(plugins: Plugins, case: dict[str, Any], key: str) -> Transition | None:
    return next((t for t in await open_transitions(plugins, case) if t.key == key), None)


async def transition_problems(
    plugins: Plugins,
    case: dict[str, Any],
    transition: Transition,
    user: CurrentUser,
    submitted_forms: Collection[str],
) -> list[str]:
    """Every reason ``user`` may not take ``transition`` now: role, missing forms, and the
    problems plugins report through ``heaolu_validate_transition``. Empty when allowed."""
    problems = []
    if case["status"] != CaseStatus.open.value:
        problems.append(_("The case is closed."))
    if not holds_role(user, await transition_roles(plugins, case, transition)):
        problems.append(_("Your role may not take this step."))
    for key in transition.forms:
        if key not in submitted_forms:
            form = plugins.forms.get(key)
            problems.append(
                _("Fill in the form “{form}” first.").format(form=form.title if form else key)
            )
    enabled = await enabled_plugins(plugins, case["municipality"])
    problems.extend(await _validations(plugins, enabled, case, transition, user))
    return problems


async def _validations(
    plugins: Plugins,
    enabled: set[str],
    case: dict[str, Any],
    transition: Transition,
    user: CurrentUser,
) -> list[str]:
    problems = await plugins.call_for(
        enabled, "heaolu_validate_transition", case=case, transition=transition, user=user
    )
    return [str(problem) for problem in problems]


async def after_transition(
    plugins: Plugins, case: dict[str, Any], transition: Transition, user: CurrentUser
) -> None:
    enabled = await enabled_plugins(plugins, case["municipality"])
    await plugins.notify(
        enabled, "heaolu_after_transition", case=case, transition=transition, user=user
    )


@dataclass(frozen=True)
class Receiver:
    user_id: int
    name: str
    organisation: str


async def receivers_for(plugins: Plugins, case: dict[str, Any], stage: Stage) -> list[Receiver]:
    """Who may take the case at ``stage``: active users holding one of its roles
    (`stage_roles`) in the owning organisation (institution level) or in the case's
    municipality (municipality level)."""
    roles = await stage_roles(plugins, case, stage)
    where = Membership.role.is_in(list(roles) or [""]) & Membership.user._.active.eq(True)
    if stage.level is Level.institution:
        where &= Membership.organisation == case["owner_organisation"]
    else:
        where &= Membership.organisation.municipality == case["municipality"]
    rows = await Membership.select(
        Membership.user.as_alias("user_id"),
        Membership.user.full_name.as_alias("name"),
        Membership.organisation.name.as_alias("organisation"),
    ).where(where)
    unique = {row["user_id"]: row for row in rows}
    return sorted(
        (Receiver(row["user_id"], row["name"], row["organisation"]) for row in unique.values()),
        key=lambda receiver: receiver.name,
    )


async def move_to_stage(
    plugins: Plugins, case: dict[str, Any], target: Stage, user: CurrentUser, note: str
) -> None:
    """Move the case to ``target`` now, ``user`` staying responsible."""
    await bump(case, stage=target.key, level=target.level.value)
    body = _("Stage changed to “{stage}”.").format(stage=_(target.label))
    await add_entry(case["id"], EntryKind.stage_change, f"{body}\n{note}".strip(), user)


async def close_case(case: dict[str, Any], user: CurrentUser, outcome: str) -> None:
    """Close the case: no review is due any more."""
    await bump(
        case, status=CaseStatus.closed.value, closed_at=now(), outcome=outcome, review_due=None
    )
    body = _("Case closed.")
    await add_entry(case["id"], EntryKind.stage_change, f"{body}\n{outcome}".strip(), user)


_PENDING_HANDOVER = Kept(
    lambda *, case: (
        Handover.select()
        .where((Handover.case == case) & (Handover.status == HandoverStatus.pending.value))
        .first()
    )
)


async def pending_handover(case_id: int) -> dict[str, Any] | None:
    return await _PENDING_HANDOVER.first(case=case_id)


async def hand_over(
    case: dict[str, Any],
    sender: CurrentUser,
    receiver_id: int,
    to_stage: Stage,
    reason: str,
    *,
    transition: str = "",
    escalation: bool = False,
    to_organisation: int | None = None,
) -> int:
    """Create a pending handover; the sender stays responsible until the receiver accepts.
    ``to_organisation``: the case moves to that organisation on acceptance
    (`core.cases.moving`)."""
    await bump(case)
    handover = Handover(
        case=case["id"],
        sender=sender.id,
        receiver=receiver_id,
        from_stage=case["stage"],
        to_stage=to_stage.key,
        transition=transition,
        escalation=escalation,
        reason=reason,
        to_organisation=to_organisation,
    )
    await handover.save()
    name = await User.select(User.full_name).where(User.id == receiver_id).first()
    values = {"name": name["full_name"] if name else "?", "stage": _(to_stage.label)}
    if to_organisation is None:
        body = _("Handed over to {name} (stage “{stage}”), awaiting acceptance.").format(**values)
    else:
        body = _(
            "Moving to {organisation}: handed over to {name} (stage “{stage}”), awaiting"
            " acceptance."
        ).format(organisation=await organisation_name(to_organisation), **values)
    kind = EntryKind.escalation if escalation else EntryKind.handover
    await add_entry(case["id"], kind, f"{body}\n{reason}".strip(), sender)
    await notify(
        [receiver_id], ESCALATED_TO_YOU if escalation else HANDED_TO_YOU, f"/cases/{case['id']}"
    )
    return int(handover.id)


async def accept_handover(
    plugins: Plugins, case: dict[str, Any], handover: dict[str, Any], user: CurrentUser
) -> None:
    """The receiver takes the case: it moves to the handover's stage with them responsible.
    A handover to another organisation (``to_organisation``) makes that organisation the
    owner, and the participants of the earlier owner stop taking part; at a municipality-level
    stage the case then belongs to the receiving organisation's municipality too (a case led
    by another municipality after the family moved: its roles see it, its child protection
    receives an escalation)."""
    workflow = workflow_of(plugins, case["workflow"])
    target = stage_of(workflow, handover["to_stage"])
    changes: dict[str, Any] = {
        "stage": target.key,
        "level": target.level.value,
        "responsible": user.id,
    }
    moving_to = handover["to_organisation"]
    earlier_owner = case["owner_organisation"]
    if moving_to is not None:
        changes["owner_organisation"] = moving_to
        if target.level is Level.municipality:
            changes["municipality"] = await _municipality_of(moving_to, case["municipality"])
    await bump(case, **changes)
    await Handover.update(
        {Handover.status: HandoverStatus.accepted.value, Handover.decided_at: now()}
    ).where(Handover.id == handover["id"])
    if moving_to is None:
        body = _("Handover accepted; stage “{stage}”.").format(stage=_(target.label))
    else:
        await CaseParticipant.delete().where(
            (CaseParticipant.case == case["id"]) & (CaseParticipant.organisation == earlier_owner)
        )
        body = _("Handover accepted; the case moved to {organisation}, stage “{stage}”.").format(
            organisation=await organisation_name(moving_to), stage=_(target.label)
        )
    await add_entry(case["id"], EntryKind.handover, body, user)
    transition = find_transition_in(workflow, handover)
    if transition is not None:
        await after_transition(plugins, case, transition, user)


async def _municipality_of(organisation_id: int, otherwise: int) -> int:
    """The organisation's municipality; ``otherwise`` for a county-level body (none)."""
    row = (
        await Organisation.select(Organisation.municipality)
        .where(Organisation.id == organisation_id)
        .first()
    )
    found = row["municipality"] if row else None
    return otherwise if found is None else int(found)


async def organisation_name(organisation_id: int) -> str:
    row = (
        await Organisation.select(Organisation.name)
        .where(Organisation.id == organisation_id)
        .first()
    )
    return str(row["name"]) if row else "?"


def find_transition_in(workflow: Workflow, handover: dict[str, Any]) -> Transition | None:
    return next((t for t in workflow.transitions if t.key == handover["transition"]), None)


async def decline_handover(
    case: dict[str, Any], handover: dict[str, Any], user: CurrentUser, reason: str
) -> None:
    """The receiver returns the case; the sender stays responsible, at the same stage."""
    await bump(case)
    await Handover.update(
        {
            Handover.status: HandoverStatus.declined.value,
            Handover.decided_at: now(),
            Handover.decline_reason: reason,
        }
    ).where(Handover.id == handover["id"])
    body = _("Handover declined and returned.")
    await add_entry(case["id"], EntryKind.handover, f"{body}\n{reason}".strip(), user)
    await notify([handover["sender"]], HANDOVER_DECLINED, f"/cases/{case['id']}")


async def escalate(
    case: dict[str, Any],
    user: CurrentUser,
    receiver_id: int,
    reason: str,
    legal_basis: str,
) -> int:
    """Escalate to child protection: records the consent override on ``legal_basis`` (the
    child's data goes to the municipality without consent), marks the case escalated and
    hands it to the child protection specialist ``receiver_id``."""
    membership = user.membership
    assert membership is not None
    await bump(case, escalated_at=now())
    for organisation_id in {membership.organisation_id, case["owner_organisation"]}:
        await ShareOverride(
            child=case["child"],
            purpose=CROSS_SECTOR_CASE_WORK,
            data_scope=DataScope.all.value,
            from_organisation=organisation_id,
            legal_basis=legal_basis,
            explanation=reason,
            decided_by=user.id,
            **Recipient(municipality_id=case["municipality"]).columns(),
        ).save()
    return await hand_over(case, user, receiver_id, CHILD_PROTECTION_STAGE, reason, escalation=True)


async def account_of_contact(contact: dict[str, Any]) -> int | None:
    """The active account of a directory contact: same e-mail, a membership in the contact's
    organisation. None when the contact has no account (they are listed, cannot log in)."""
    email = str(contact["email"]).strip().lower()
    if not email:
        return None
    rows = await Membership.select(Membership.user, Membership.user.email.as_alias("email")).where(
        (Membership.organisation == contact["organisation"]) & Membership.user._.active.eq(True)
    )
    return next((row["user"] for row in rows if str(row["email"]).lower() == email), None)
