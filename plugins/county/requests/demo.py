"""The requests' demo: Tartu linn asks Elva vald about a child of tartu.casemanager's case, once
on a guardian's consent (answered by elva.casemanager with a summary) and once, about the
child's family, on a legal basis (unanswered). The texts are sample content."""

from __future__ import annotations

from datetime import date, timedelta

from core.api import Case, DemoContext, Recipient, add_demo_consent, family_of, now
from plugins.county.requests.pages import DATA_SCOPE, PURPOSE
from plugins.county.requests.tables import CONSENT, NoticedRequest

TARTU, ELVA = "Tartu linn", "Elva vald"
SUMMARY = (
    "Näidis: the family was known to Elva's case management in the past year: family "
    "counselling (ten meetings) and a support person for the child; the counselling ended "
    "with the goals met."
)


async def seed(ctx: DemoContext) -> None:
    asker = ctx.users.get("tartu.casemanager")
    answerer = ctx.users.get("elva.casemanager")
    tartu, elva = ctx.municipalities.get(TARTU), ctx.municipalities.get(ELVA)
    if asker is None or answerer is None or tartu is None or elva is None:
        return
    if await NoticedRequest.exists():
        return
    case = (
        await Case.select(Case.child, Case.owner_organisation)
        .where(Case.responsible == asker)
        .first()
    )
    if case is None:
        return
    child = case["child"]
    guardians = [found for found in (await family_of(child)).guardians if found.custody]
    if guardians:
        await add_demo_consent(
            child_id=child,
            guardian_id=guardians[0].id,
            purpose=PURPOSE,
            data_scope=DATA_SCOPE,
            recipient=Recipient(municipality_id=elva),
            recorded_by=asker,
            valid_from=date.today() - timedelta(days=20),
        )
    asked = now() - timedelta(days=14)
    common = {
        "child": child,
        "from_organisation": case["owner_organisation"],
        "from_municipality": tartu,
        "to_municipality": elva,
        "asked_by": asker,
    }
    await NoticedRequest.insert(
        NoticedRequest(
            **common,
            asked_at=asked,
            purpose="Näidis: the family moved to Tartu; to continue the help already given.",
            basis=CONSENT,
            answered_by=answerer,
            answered_at=asked + timedelta(days=2),
            known=True,
            summary=SUMMARY,
            contact="Näidis: Elva Vallavalitsus, case management, phone 700 0000",
        ),
        NoticedRequest(
            **common,
            asked_at=now() - timedelta(days=1),
            family=True,
            purpose="Näidis: the school reports a child in need of assistance; was the family "
            "noticed in Elva?",
            basis="child_protection_act_27",
            explanation="Näidis: a notification of a child in need of assistance was received.",
        ),
    )
