"""The meetings part's demo: this year's union meetings and welfare leads' network (one held
with attendance, the rest planned), the action plan and a sample good practice. Idempotent:
nothing is added when the county's meetings exist."""

from __future__ import annotations

from datetime import date

from core.api import DemoContext, fold
from plugins.county.meetings.tables import (
    CountyAttendance,
    CountyMaterial,
    CountyMeeting,
    CountyPlan,
    MaterialKind,
    MeetingKind,
    MeetingStatus,
)

SAMPLE = "Näidis: "


async def seed(ctx: DemoContext) -> None:
    if await CountyMeeting.exists():
        return
    year = date.today().year
    coordinator = ctx.users.get("county.coordinator")
    [held] = await CountyMeeting.insert(
        CountyMeeting(
            kind=MeetingKind.union.value,
            title=f"{SAMPLE}Liidu kohtumine omavalitsuste meeskondadega",
            meets_on=date(year, 1, 15),
            status=MeetingStatus.held.value,
            notes=f"{SAMPLE}juhtumikorralduse mudelite ülevaade.",
            updated_by=coordinator,
        )
    ).returning(CountyMeeting.id)
    await CountyMeeting.insert(
        CountyMeeting(
            kind=MeetingKind.union.value,
            title=f"{SAMPLE}Liidu sügiskohtumine",
            meets_on=date(year, 12, 31),
            updated_by=coordinator,
        ),
        *(
            CountyMeeting(
                kind=MeetingKind.leads.value,
                title=f"{SAMPLE}Heaolu juhtide võrgustik",
                meets_on=date(year, month, 28),
                updated_by=coordinator,
            )
            for month in (3, 6, 9, 12)
        ),
    )
    towns = sorted(ctx.municipalities.items())[:2]
    if towns:
        await CountyAttendance.insert(
            *(
                CountyAttendance(meeting=held["id"], municipality=town, attendees="Näidis")
                for _name, town in towns
            )
        )
    await CountyPlan(
        year=year, text=f"{SAMPLE}kaks liidu kohtumist, neli võrgustiku kohtumist, üks koolitus."
    ).save()
    title = f"{SAMPLE}Hea tava: ümarlaud lapsevanemaga"
    text = f"{SAMPLE}kuidas kutsuda lapsevanem ümarlauale ja kokku leppida tegevusplaan."
    await CountyMaterial(
        title=title,
        kind=MaterialKind.good_practice.value,
        text=text,
        meeting=held["id"],
        folded=fold(f"{title} {text}"),
        added_by=coordinator,
    ).save()
