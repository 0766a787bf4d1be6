"""The agreements' demo: every demo municipality joined the cooperation agreement, and a first
version of the good-cooperation agreement (sample text, marked "Näidis"). Idempotent."""

from __future__ import annotations

from datetime import date

from core.api import DemoContext
from plugins.county.agreements.tables import AgreementMember, CooperationVersion

JOINED_ON = date(2024, 6, 1)
SAMPLE = {
    "values_text": (
        "Näidis. Lapse heaolu on ühine eesmärk; jagame infot ainult lapsevanema nõusolekul või "
        "seaduse alusel; austame teise omavalitsuse otsuseid."
    ),
    "contacts_text": (
        "Näidis. Laps kolib teise omavalitsusse: saatva omavalitsuse juhtumikorraldaja võtab "
        "ühendust vastuvõtva omavalitsuse lastekaitsespetsialistiga. Teenuse ostmine: "
        "sotsiaalosakonna juht. Üldised küsimused: heaolu valdkonna eest vastutaja."
    ),
    "answers_text": (
        "Näidis. Päringule vastatakse kirjalikult viie tööpäeva jooksul; kiireloomulisele "
        "päringule (lapse turvalisus) samal päeval telefoni teel."
    ),
}


async def seed(ctx: DemoContext) -> None:
    for municipality in ctx.municipalities.values():
        if not await AgreementMember.exists().where(AgreementMember.municipality == municipality):
            await AgreementMember(municipality=municipality, joined_on=JOINED_ON).save()
    if not await CooperationVersion.exists():
        await CooperationVersion(
            version=1,
            values_text=SAMPLE["values_text"],
            contacts_text=SAMPLE["contacts_text"],
            answers_text=SAMPLE["answers_text"],
            saved_by=ctx.users.get("county.coordinator"),
        ).save()
