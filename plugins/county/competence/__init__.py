"""Competence centre requests (`/county/competence`): a municipality asks the county's
competence centre for help on a case, under consent; the centre accepts, schedules and records
the help given."""

from __future__ import annotations

from collections.abc import Sequence

from core.api import (
    MANAGE_CASES,
    N_,
    AnyRequest,
    CaseView,
    ConsentPurpose,
    CurrentUser,
    DemoContext,
    NavItem,
    Organisation,
    OrganisationKind,
    Panel,
    Sector,
    ensure_account,
    fold,
    translated,
)
from core.api import gettext as _
from plugins.county.competence.pages import PURPOSE, ROUTES
from plugins.county.competence.queries import STATUSES
from plugins.county.competence.subject_access import child_export
from plugins.county.competence.tables import HelpRequest
from plugins.county.part import Part
from plugins.county.roles import COMPETENCE_SPECIALIST, HELP_CASES

CENTRE = (None, "Tartumaa kompetentsikeskus")
CONSENT = ConsentPurpose(
    PURPOSE,
    N_("The county competence centre's help on the case"),
    N_(
        "The case manager shares the case with the county's competence centre so that its "
        "specialist can help the child where the municipality has no such specialist."
    ),
)


def _nav(user: CurrentUser) -> Sequence[NavItem]:
    if user.can(HELP_CASES):
        return (NavItem(_("Competence centre requests"), "/county/competence", order=68),)
    return ()


async def _case_panels(_request: AnyRequest, user: CurrentUser, case: CaseView) -> Sequence[Panel]:
    if not user.can(MANAGE_CASES) or not case.is_open:
        return ()
    asked = await HelpRequest.select(
        HelpRequest.need, HelpRequest.needed_by, HelpRequest.status
    ).where(HelpRequest.case == case.id)
    return (
        Panel(
            _("The county competence centre"),
            "county/competence/_case_panel.html",
            {"case_id": case.id, "asked": asked, "statuses": translated(STATUSES)},
            order=80,
        ),
    )


async def _seed(ctx: DemoContext) -> None:
    """The centre (a sample organisation of the county) and its specialist's demo account."""
    if CENTRE not in ctx.organisations:
        found = await Organisation.select(Organisation.id).where(
            (Organisation.name == CENTRE[1]) & Organisation.municipality.is_null()
        )
        if not found:
            found = await Organisation.insert(
                Organisation(
                    name=CENTRE[1],
                    folded_name=fold(CENTRE[1]),
                    kind=OrganisationKind.support_centre.value,
                    sector=Sector.social.value,
                    municipality=None,
                    sample=True,
                )
            ).returning(Organisation.id)
        ctx.organisations[CENTRE] = found[0]["id"]
    await ensure_account(
        ctx,
        "county.specialist",
        "Siiri Spetsialist",
        CENTRE,
        COMPETENCE_SPECIALIST,
        "competence centre specialist (sample), Tartumaa kompetentsikeskus: accepts the "
        "municipalities' requests for help and joins their cases under consent",
    )


PART = Part(
    routes=ROUTES,
    nav_items=_nav,
    case_panels=_case_panels,
    action_labels={
        "county.competence_asked": N_("Competence centre's help asked"),
        "county.competence_accepted": N_("Competence centre's request accepted"),
        "county.competence_helped": N_("Competence centre's help recorded"),
    },
    object_type_labels={"county_help_request": N_("competence centre request")},
    seed=_seed,
    child_export=child_export,
)
