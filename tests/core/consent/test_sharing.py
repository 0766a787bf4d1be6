"""may_share: the one answer to whether a child's data may cross a boundary."""

from datetime import timedelta

import pytest

from core.consent.recipients import Recipient
from core.consent.sharing import CONSENTED, NO_CONSENT, OBJECTED, OVERRIDDEN, may_share
from core.consent.tables import Consent, ShareOverride
from core.people.tables import Sector
from tests.core.consent.conftest import TODAY, add_consent

pytestmark = pytest.mark.anyio
PURPOSE = "core.cross_sector_case_work"


async def ask(family, to, data_scope="all", purpose=PURPOSE, today=None):
    return await may_share(family["mia"], data_scope, family["tartu_school"], to, purpose, today)


def health(family):
    return Recipient(organisation_id=family["health"])


async def test_within_the_same_organisation_no_consent_is_needed(family):
    decision = await ask(family, Recipient(organisation_id=family["tartu_school"]))
    assert decision.allowed


async def test_another_organisation_without_consent_is_denied(family):
    decision = await ask(family, health(family))
    assert (decision.allowed, decision.reason, decision.conflict) == (False, NO_CONSENT, False)


async def test_a_valid_consent_allows_exactly_what_it_covers(family):
    await add_consent(family, "mother", data_scope="health")
    decision = await ask(family, health(family), "health")
    assert (decision.allowed, decision.reason) == (True, CONSENTED)
    assert not (await ask(family, health(family), "all")).allowed  # wider than consented
    assert not (await ask(family, health(family), "education")).allowed
    assert not (await ask(family, health(family), "health", "notes.research")).allowed
    other = Recipient(organisation_id=family["elva_school"])
    assert not (await ask(family, other, "health")).allowed


async def test_a_consent_counts_only_in_its_period(family):
    await add_consent(
        family,
        "mother",
        valid_from=TODAY - timedelta(days=100),
        valid_until=TODAY - timedelta(days=1),
    )
    assert not (await ask(family, health(family))).allowed
    assert (await ask(family, health(family), today=TODAY - timedelta(days=1))).allowed
    assert not (await ask(family, health(family), today=TODAY - timedelta(days=101))).allowed


async def test_a_withdrawn_consent_no_longer_counts(family):
    await add_consent(family, "mother", withdrawn_on=TODAY)
    assert (await ask(family, health(family), today=TODAY - timedelta(days=1))).allowed
    decision = await ask(family, health(family))
    assert (decision.allowed, decision.reason) == (False, OBJECTED)


async def test_consenting_again_after_a_withdrawal_counts(family):
    await add_consent(family, "mother", withdrawn_on=TODAY - timedelta(days=1))
    await add_consent(family, "mother", valid_from=TODAY)
    assert (await ask(family, health(family))).allowed


async def test_withdrawing_one_consent_is_not_outweighed_by_an_older_wider_one(family):
    await Consent.insert(
        Consent(
            child=family["mia"],
            guardian=family["mother"],
            purpose=PURPOSE,
            data_scope="all",
            recipient_sector="health",
            decision="given",
            valid_from=TODAY - timedelta(days=20),
            evidence_kind="paper",
            recorded_by=family["coordinator"],
            recorded_at=TODAY - timedelta(days=20),
        )
    )
    await add_consent(family, "mother", withdrawn_on=TODAY)
    assert not (await ask(family, health(family))).allowed


async def test_a_refusal_by_the_other_custodial_guardian_wins_and_is_a_conflict(family):
    await add_consent(family, "mother")
    await add_consent(
        family,
        "father",
        decision="refused",
        recipient_organisation=None,
        recipient_sector="health",
        data_scope="health",
    )
    decision = await ask(family, health(family))
    assert (decision.allowed, decision.reason, decision.conflict) == (False, OBJECTED, True)
    # a refusal of health data to the health sector says nothing about education data
    education = await ask(family, health(family), "education")
    assert (education.allowed, education.conflict) == (True, False)


async def test_a_withdrawn_refusal_no_longer_objects(family):
    await add_consent(family, "mother")
    await add_consent(family, "father", decision="refused", withdrawn_on=TODAY)
    assert (await ask(family, health(family))).allowed


async def test_a_guardian_without_custody_does_not_count(family):
    await add_consent(family, "stepfather")
    assert not (await ask(family, health(family))).allowed
    await add_consent(family, "mother")
    await add_consent(family, "stepfather", decision="refused")
    decision = await ask(family, health(family))
    assert (decision.allowed, decision.conflict) == (True, False)


async def test_a_consent_to_a_sector_covers_its_organisations(family):
    await add_consent(family, "father", recipient_organisation=None, recipient_sector="health")
    assert (await ask(family, health(family))).allowed
    assert (await ask(family, Recipient(sector=Sector.health))).allowed
    assert not (await ask(family, Recipient(organisation_id=family["elva_school"]))).allowed
    assert not (await ask(family, Recipient(municipality_id=family["tartu"]))).allowed


async def test_a_consent_to_a_municipality_covers_its_organisations(family):
    await add_consent(
        family, "father", recipient_organisation=None, recipient_municipality=family["elva"]
    )
    assert (await ask(family, Recipient(organisation_id=family["elva_school"]))).allowed
    assert (await ask(family, Recipient(municipality_id=family["elva"]))).allowed
    assert not (await ask(family, health(family))).allowed  # in Tartu
    assert not (await ask(family, Recipient(sector=Sector.education))).allowed


async def test_a_consent_to_one_organisation_does_not_cover_its_sector(family):
    await add_consent(family, "mother")
    assert not (await ask(family, Recipient(sector=Sector.health))).allowed


async def test_an_override_allows_sharing_even_against_a_refusal(family):
    await add_consent(family, "mother", decision="refused")
    await ShareOverride.insert(
        ShareOverride(
            child=family["mia"],
            from_organisation=family["tartu_school"],
            purpose=PURPOSE,
            data_scope="all",
            recipient_sector="health",
            legal_basis="child_protection_act_31",
            explanation="Laps on ohus.",
            decided_by=family["coordinator"],
        )
    )
    decision = await ask(family, health(family))
    assert (decision.allowed, decision.reason) == (True, OVERRIDDEN)
    # only from the organisation that decided it, and only to what it names
    elsewhere = await may_share(
        family["mia"], "all", family["tartu_office"], health(family), PURPOSE
    )
    assert not elsewhere.allowed
    assert not (await ask(family, Recipient(organisation_id=family["elva_school"]))).allowed
