"""Who joined a case because consent let the case's content reach them, and letting them go
once it no longer does.

A *joining* is a case, the participant, and the `may_share` question their taking part rests
on (the child, the case's owner organisation, the recipient organisation, the data scope, the
purpose): a named municipality's case manager taking part (`crossing.reading.content_shared`),
or the specialist of an accepted competence request (`competence.pages`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from core.api import (
    N_,
    TIME_ZONE,
    AnyRequest,
    CaseParticipant,
    CurrentUser,
    JobHandler,
    PeriodicJob,
    Recipient,
    enqueue,
    may_share,
    remove_case_participant,
)
from core.api import gettext as _
from plugins.county.competence.pages import DATA_SCOPE as HELP_SCOPE
from plugins.county.competence.pages import PURPOSE as HELP_PURPOSE
from plugins.county.competence.tables import HelpRequest, HelpStatus
from plugins.county.crossing.reading import CONTENT_SCOPE
from plugins.county.crossing.reading import PURPOSE as CROSSING_PURPOSE
from plugins.county.crossing.tables import NamedMunicipality

KIND = "county.consent_ended_check"
REASON = N_("the consent their taking part rested on no longer allows it")


@dataclass(frozen=True)
class Joining:
    case_id: int
    user_id: int
    child_id: int
    owner_organisation: int
    recipient_organisation: int
    scope: str
    purpose: str


async def _taking_part(case_ids: Sequence[int]) -> set[tuple[int, int]]:
    rows = await CaseParticipant.select(CaseParticipant.case, CaseParticipant.user).where(
        CaseParticipant.case.is_in(list(case_ids) or [0]) & CaseParticipant.user.is_not_null()
    )
    return {(row["case"], row["user"]) for row in rows}


async def joinings(child_ids: Sequence[int] | None = None) -> list[Joining]:
    """The joinings of the children's cases (of every case when None), of those who still
    take part."""
    named_case: Any = NamedMunicipality.case
    named = NamedMunicipality.select(
        NamedMunicipality.case,
        NamedMunicipality.case_manager,
        NamedMunicipality.organisation,
        named_case.child.as_alias("child"),
        named_case.owner_organisation.as_alias("owner"),
        NamedMunicipality.municipality,
        named_case.municipality.as_alias("lead"),
    )
    help_case: Any = HelpRequest.case
    helped = HelpRequest.select(
        HelpRequest.case,
        HelpRequest.specialist,
        HelpRequest.centre,
        help_case.child.as_alias("child"),
        help_case.owner_organisation.as_alias("owner"),
    ).where(
        HelpRequest.specialist.is_not_null()
        & HelpRequest.status.is_in([HelpStatus.accepted.value, HelpStatus.done.value])
    )
    if child_ids is not None:
        named = named.where(named_case.child.is_in(list(child_ids) or [0]))
        helped = helped.where(help_case.child.is_in(list(child_ids) or [0]))
    found = [
        Joining(
            row["case"],
            row["case_manager"],
            row["child"],
            row["owner"],
            row["organisation"],
            CONTENT_SCOPE,
            CROSSING_PURPOSE,
        )
        for row in await named
        if row["municipality"] != row["lead"]
    ] + [
        Joining(
            row["case"],
            row["specialist"],
            row["child"],
            row["owner"],
            row["centre"],
            HELP_SCOPE,
            HELP_PURPOSE,
        )
        for row in await helped
    ]
    taking = await _taking_part(sorted({joining.case_id for joining in found}))
    return [joining for joining in found if (joining.case_id, joining.user_id) in taking]


async def let_go(
    found: Sequence[Joining],
    by: CurrentUser | None,
    request: AnyRequest | None,
    today: date | None = None,
) -> int:
    """Remove each participant whose joining `may_share` no longer allows; how many left."""
    left = 0
    for joining in found:
        decision = await may_share(
            joining.child_id,
            joining.scope,
            joining.owner_organisation,
            Recipient(organisation_id=joining.recipient_organisation),
            joining.purpose,
            today,
        )
        if decision.allowed:
            continue
        left += await remove_case_participant(
            joining.case_id,
            joining.user_id,
            _(REASON),
            by,
            purpose=joining.purpose,
            connection=request,
        )
    return left


async def consent_withdrawn(
    consent: Mapping[str, Any], user: CurrentUser, request: AnyRequest
) -> None:
    """The joinings of the consent's child for the consent's purpose are asked about again."""
    relevant = [
        joining
        for joining in await joinings([consent["child"]])
        if joining.purpose == consent["purpose"]
    ]
    await let_go(relevant, user, request)


async def enqueue_check(now: datetime) -> None:
    day = now.astimezone(TIME_ZONE).date().isoformat()
    await enqueue(KIND, {"day": day}, dedupe_key=f"{KIND}:{day}")


async def check(payload: Mapping[str, Any]) -> None:
    """Daily: every joining is asked about again on the day, so a consent that ran out
    (``valid_until`` passed) lets its participants go."""
    await let_go(await joinings(), None, None, date.fromisoformat(str(payload["day"])))


PERIODIC_JOBS = [PeriodicJob(KIND, enqueue_check)]
JOB_HANDLERS: dict[str, JobHandler] = {KIND: check}
