"""consent_states: where many children's consents for one purpose stand, read at once."""

from datetime import timedelta

import pytest

from core.consent.states import ConsentState, consent_states
from core.consent.tables import Consent
from core.people.tables import Guardian, GuardianLink
from tests.core.consent.conftest import TODAY, add_consent, make_child
from tests.helpers import statements_received

pytestmark = pytest.mark.anyio
PURPOSE = "core.cross_sector_case_work"


async def state_of_mia(family):
    return (await consent_states([family["mia"]], PURPOSE, TODAY))[family["mia"]]


async def test_without_any_answer_both_guardians_with_custody_are_unanswered(family):
    # The stepfather has no custody: he is not asked, and his consent counts for nothing.
    await add_consent(family, "stepfather")
    assert await state_of_mia(family) == ConsentState((), False, ("Jaan Mets", "Mari Mets"))


async def test_a_given_consent_names_its_recipient_and_answers_for_its_guardian(family):
    await add_consent(family, "mother")
    await add_consent(family, "mother", recipient_organisation=None, recipient_sector="education")
    await add_consent(family, "mother", purpose="notes.research")  # another purpose
    state = await state_of_mia(family)
    # The recipients in words, in the user's language (Estonian unless chosen otherwise).
    assert state == ConsentState(
        ("Tartu Tervisekeskus", "Valdkond: Haridus"), False, ("Jaan Mets",)
    )


async def test_a_refusal_is_in_force_until_withdrawn(family):
    await add_consent(family, "mother")
    refusal = await add_consent(family, "father", decision="refused")
    assert await state_of_mia(family) == ConsentState(("Tartu Tervisekeskus",), True, ())
    await Consent.update({Consent.withdrawn_on: TODAY}).where(Consent.id == refusal)
    assert await state_of_mia(family) == ConsentState(("Tartu Tervisekeskus",), False, ())


async def test_a_withdrawn_consent_objects_until_consented_again(family):
    await add_consent(family, "mother", withdrawn_on=TODAY - timedelta(days=2))
    state = await state_of_mia(family)
    assert state == ConsentState((), True, ("Jaan Mets",))
    # Before the withdrawal the consent still counted.
    earlier = await consent_states([family["mia"]], PURPOSE, TODAY - timedelta(days=3))
    assert earlier[family["mia"]] == ConsentState(("Tartu Tervisekeskus",), False, ("Jaan Mets",))
    # A narrower consent does not take the withdrawal back, a covering one does.
    await add_consent(family, "mother", data_scope="health")
    assert (await state_of_mia(family)).refused
    await add_consent(family, "mother")
    assert await state_of_mia(family) == ConsentState(
        ("Tartu Tervisekeskus",), False, ("Jaan Mets",)
    )


async def test_a_consent_outside_its_period_is_no_answer(family):
    await add_consent(
        family,
        "mother",
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    await add_consent(family, "father", valid_from=TODAY + timedelta(days=1))
    assert await state_of_mia(family) == ConsentState((), False, ("Jaan Mets", "Mari Mets"))


async def test_many_children_are_read_with_the_same_statements(family):
    async def add_family(number: int) -> int:
        child = await make_child(f"Laps{number}", "Lepp", family["tartu_school"])
        [parent] = await Guardian.insert(
            Guardian(given_name=f"Vanem{number}", family_name="Lepp")
        ).returning(Guardian.id)
        await GuardianLink.insert(
            GuardianLink(child=child, guardian=parent["id"], relation="mother")
        )
        await Consent.insert(
            Consent(
                child=child,
                guardian=parent["id"],
                purpose=PURPOSE,
                data_scope="all",
                recipient_organisation=family["elva_school"],
                decision="given",
                valid_from=TODAY,
                evidence_kind="paper",
                recorded_by=family["coordinator"],
            )
        )
        return child

    await add_consent(family, "father", decision="refused")
    few = [family["mia"], await add_family(1)]
    many = [*few, *[await add_family(number) for number in range(2, 12)]]
    engine = Consent._meta.db
    with statements_received(engine) as read_few:
        small = await consent_states(few, PURPOSE, TODAY)
    with statements_received(engine) as read_many:
        big = await consent_states([*many, family["elva_child"]], PURPOSE, TODAY)
    assert len(read_many) == len(read_few)
    assert small[family["mia"]] == big[family["mia"]] == ConsentState((), True, ("Mari Mets",))
    assert big[many[-1]] == ConsentState(("Elva Kool",), False, ())
    assert big[family["elva_child"]] == ConsentState()
    assert await consent_states([], PURPOSE, TODAY) == {}
