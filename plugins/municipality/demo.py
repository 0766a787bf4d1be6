"""The municipality plugin's demo: the posts of Tartu's and Elva's networks (sample people),
the two networks with a year of meetings and an action plan (Elva's below the four meetings a
year), a stage-III case in Tartu with a round table and followed-up agreements, and Tartu's
register of children at home with their outreach.

The tables have no sample flag, so every text says it is sample content ("näidis"). Each step
looks up what exists first, so running the demo twice changes nothing. Dates are counted from
today, so held meetings and round tables stay in the past and the year stays the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from piccolo.table import Table

from core.api import (
    DEMO_SCHOOL,
    Case,
    CaseEntry,
    CaseParticipant,
    Child,
    ContactPerson,
    DemoContext,
    EntryKind,
    NewChild,
    Sector,
    Sensitivity,
    add_child,
    demo_isikukood,
    ensure_account,
    open_case,
)
from plugins.municipality.casework.tables import Agreement, RoundTable, RoundTableInvitee
from plugins.municipality.casework.workflow import CASE_MANAGEMENT
from plugins.municipality.insight.common import next_school_start
from plugins.municipality.insight.tables import (
    HomeChild,
    Outreach,
    OutreachKind,
    OutreachOutcome,
)
from plugins.municipality.network.tables import (
    ActivityStatus,
    InformationRow,
    KeptIn,
    Meeting,
    MeetingAttendance,
    MeetingStatus,
    ModelCommitment,
    ModelStatus,
    NetworkLeader,
    NetworkRepresentative,
    PlanActivity,
    RulesVersion,
)
from plugins.municipality.roles import (
    CASE_MANAGER,
    EDUCATION_COORDINATOR,
    NETWORK_LEADER,
    NETWORK_MEMBER,
    WELFARE_LEAD,
)

TARTU_OFFICE = ("Tartu linn", "Tartu Linnavalitsus")
ELVA_OFFICE = ("Elva vald", "Elva Vallavalitsus")
TARTU_POLICE = ("Tartu linn", "Tartu politseijaoskond")

HEALTH_NOTE = "Näidis: pere andis teada, et Aleksander käib regulaarselt logopeedi juures."

# username, full name (sample), organisation, role, what the account is for
ACCOUNTS = (
    (
        "tartu.casemanager",
        "Kaie Korraldaja",
        TARTU_OFFICE,
        CASE_MANAGER,
        "municipality case manager, Tartu linn: cases, guardians' consents, adding and "
        "correcting a child, access-request exports, health entries",
    ),
    ("tartu.welfare", "Helle Heaolu", TARTU_OFFICE, WELFARE_LEAD, "welfare lead, Tartu linn"),
    (
        "tartu.networklead",
        "Vello Võrk",
        TARTU_OFFICE,
        NETWORK_LEADER,
        "network leader, Tartu linn",
    ),
    (
        "tartu.education",
        "Eha Haridus",
        TARTU_OFFICE,
        EDUCATION_COORDINATOR,
        "education coordinator, Tartu linn",
    ),
    (
        "tartu.police",
        "Peeter Politsei",
        TARTU_POLICE,
        NETWORK_MEMBER,
        "network member from the police, Tartu linn",
    ),
    (
        "elva.casemanager",
        "Ene Elvast",
        ELVA_OFFICE,
        CASE_MANAGER,
        "municipality case manager, Elva vald",
    ),
)


async def seed_accounts(ctx: DemoContext) -> None:
    for username, full_name, organisation, role, purpose in ACCOUNTS:
        await ensure_account(ctx, username, full_name, organisation, role, purpose)


async def seed(ctx: DemoContext) -> None:
    await seed_accounts(ctx)
    for network in NETWORKS:
        await seed_network(ctx, network)
    await seed_round_table(ctx)
    await seed_home_children(ctx)


async def _absent(table: type[Table], where: Any) -> bool:
    return not await table.exists().where(where)


# --- The networks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Network:
    municipality: str
    leader: str
    # (organisation name, sector, representative's username or None for the organisation's
    # first directory contact); organisations the demo's scale did not make are left out.
    members: tuple[tuple[str, Sector, str | None], ...]
    # Which of the year's four meetings were held; a last one is planned for December.
    held: int
    model: ModelStatus
    school_system: KeptIn


NETWORKS = (
    Network(
        "Tartu linn",
        "tartu.networklead",
        (
            ("Tartu Linnavalitsus", Sector.social, "tartu.welfare"),
            ("Annelinna Kool", Sector.education, None),
            ("Annelinna Lasteaed", Sector.education, None),
            ("Annelinna Perearstikeskus", Sector.health, None),
            ("Annelinna Noortekeskus", Sector.youth, None),
            ("Tartu politseijaoskond", Sector.police, "tartu.police"),
        ),
        held=4,
        model=ModelStatus.in_place,
        school_system=KeptIn.stuudium,
    ),
    Network(
        "Elva vald",
        "elva.casemanager",
        (
            ("Elva Vallavalitsus", Sector.social, "elva.casemanager"),
            ("Elva Kool", Sector.education, None),
            ("Elva Lasteaed", Sector.education, None),
            ("Elva Perearstikeskus", Sector.health, None),
            ("Elva Noortekeskus", Sector.youth, None),
        ),
        held=2,
        model=ModelStatus.in_preparation,
        school_system=KeptIn.ekool,
    ),
)

RULES = (
    "Näidisdokument, versioon 1.\n\n"
    "Eesmärk: iga laps ja pere saab toe õigel ajal ja ühe kokkulepitud plaani järgi.\n"
    "Väärtused: lapse heaolu on esikohal; räägime lapse ja perega, mitte nende selja taga; "
    "kokkulepped peame.\n"
    "Töökord: võrgustik koguneb vähemalt neli korda aastas; juhtumikorraldaja kutsub "
    "ümarlaua kokku; kokkulepetel on vastutaja ja tähtaeg; koostöö takerdumisest antakse teada "
    "võrgustiku juhile."
)

# (kind of information, kept in, entered by, visible to); the school system is the network's.
INFORMATION: tuple[tuple[str, KeptIn | None, str, str], ...] = (
    (
        "Lapse arengu jälgimine ja arenguvestlused lasteaias (näidis)",
        KeptIn.eliis,
        "Rühmaõpetaja",
        "Lasteaia õpetajad ja tugispetsialistid, lapsevanemad",
    ),
    (
        "Hinded, puudumised ja õppetöö (näidis)",
        None,
        "Klassijuhataja ja aineõpetajad",
        "Kool, õpilane ja lapsevanemad",
    ),
    (
        "Huvikooli osalemine ja puudumised (näidis)",
        KeptIn.ekool,
        "Huvikooli õpetaja",
        "Huvikool ja lapsevanemad",
    ),
    (
        "Märkamisleht, tegevusplaan ja juhtumi käik (näidis)",
        KeptIn.heaolu,
        "Märkaja, tugiteenuste või tugiõppe koordinaator, juhtumikorraldaja",
        "Juhtumi osalised nõusoleku piires",
    ),
    (
        "Ümarlaua protokoll ja kokkulepete täitmine (näidis)",
        KeptIn.heaolu,
        "Protokollija, kokkulepete vastutajad",
        "Ümarlaua osalised",
    ),
)

# (title, agenda, minutes, decisions) of the year's meetings, in order.
MEETINGS = (
    (
        "Võrgustiku koosolek: aasta tegevusplaan (näidis)",
        "1. Eelmise aasta kokkuvõte\n2. Selle aasta tegevusplaan\n3. Infokokkulepe",
        "Näidisprotokoll. Vaadati üle eelmise aasta tulemused ja arutati tegevusplaani.",
        "Tegevusplaan kinnitati. Infokokkulepe jääb kehtima.",
    ),
    (
        "Võrgustiku koosolek: üleminekud lasteaiast kooli (näidis)",
        "1. Koolivalmiduskaartide edastamine\n2. Sügisesed üleminekud",
        "Näidisprotokoll. Lasteaiad ja koolid leppisid kokku kaartide edastamise aja.",
        "Koolivalmiduskaardid edastatakse mai lõpuks.",
    ),
    (
        "Võrgustiku koosolek: juhtumikorralduse mudel (näidis)",
        "1. Juhtumite üleandmine omavalitsusele\n2. Ümarlaudade kogemus",
        "Näidisprotokoll. Arutati juhtumite üleandmist ja ümarlaudade kokkulepete jälgimist.",
        "Ümarlaua kokkulepped kirjutatakse heaolusse vastutaja ja tähtajaga.",
    ),
    (
        "Võrgustiku koosolek: kodused lapsed (näidis)",
        "1. Koduste laste register\n2. Perearstide kaasamine",
        "Näidisprotokoll. Vaadati üle, keda pole veel enne kooliiga tavatud.",
        "Perearstid kutsuvad tavamata pered 5-6-aastase lapse tervisekontrolli.",
    ),
)
PLANNED_MEETING = (
    "Võrgustiku koosolek: aasta kokkuvõte (näidis)",
    "1. Tegevusplaani täitmine\n2. Järgmise aasta eesmärgid",
)

# (title, responsible, deadline month and day, status) of the annual action plan.
ACTIVITIES = (
    (
        "Lasteaedade ja koolide üleminekute kokkulepe (näidis)",
        "Haridusnõunik",
        (5, 31),
        ActivityStatus.done,
    ),
    (
        "Koduste lastega kohtumine koos perearstidega (näidis)",
        "Heaolu valdkonna eest vastutaja",
        (10, 31),
        ActivityStatus.in_progress,
    ),
    (
        "Võrgustiku liikmete koolitus juhtumikorraldusest (näidis)",
        "Võrgustiku juht",
        (12, 15),
        ActivityStatus.planned,
    ),
)


def meeting_days(today: date, count: int) -> list[date]:
    """``count`` days of this year spread evenly from 1 January to ``today``."""
    first = date(today.year, 1, 1)
    span = (today - first).days
    return [first + timedelta(days=span * step // (count + 1)) for step in range(1, count + 1)]


async def seed_network(ctx: DemoContext, network: Network) -> None:
    today = date.today()
    municipality = ctx.municipalities[network.municipality]
    leader = ctx.users[network.leader]
    if await _absent(NetworkLeader, NetworkLeader.municipality == municipality):
        await NetworkLeader(
            municipality=municipality, user=leader, starts_on=date(today.year, 1, 1)
        ).save()
    if await _absent(NetworkRepresentative, NetworkRepresentative.municipality == municipality):
        await _seed_representatives(ctx, network, municipality)
    if await _absent(RulesVersion, RulesVersion.municipality == municipality):
        await RulesVersion(municipality=municipality, version=1, text=RULES, saved_by=leader).save()
    if await _absent(InformationRow, InformationRow.municipality == municipality):
        await InformationRow.insert(
            *(
                InformationRow(
                    municipality=municipality,
                    kind=kind,
                    kept_in=(kept_in or network.school_system).value,
                    entered_by=entered_by,
                    visible_to=visible_to,
                )
                for kind, kept_in, entered_by, visible_to in INFORMATION
            )
        )
    if await _absent(ModelCommitment, ModelCommitment.municipality == municipality):
        await ModelCommitment(
            municipality=municipality,
            status=network.model.value,
            note="Näidis: juhtumikorralduse kord on kirjas võrgustiku töökorras.",
            updated_by=leader,
        ).save()
    year = (Meeting.meets_on >= date(today.year, 1, 1)) & (
        Meeting.meets_on <= date(today.year, 12, 31)
    )
    if await _absent(Meeting, (Meeting.municipality == municipality) & year):
        await _seed_meetings(network, municipality, leader, today)
    if await _absent(
        PlanActivity,
        (PlanActivity.municipality == municipality) & (PlanActivity.year == today.year),
    ):
        await PlanActivity.insert(
            *(
                PlanActivity(
                    municipality=municipality,
                    year=today.year,
                    title=title,
                    responsible=responsible,
                    due_on=date(today.year, *due),
                    status=status.value,
                )
                for title, responsible, due, status in ACTIVITIES
            )
        )


async def _seed_representatives(ctx: DemoContext, network: Network, municipality: int) -> None:
    rows = []
    for name, sector, username in network.members:
        organisation = ctx.organisations.get((network.municipality, name))
        if organisation is None:
            continue
        contact = None
        if username is None:
            contact = (
                await ContactPerson.select(ContactPerson.id)
                .where(ContactPerson.organisation == organisation)
                .order_by(ContactPerson.id)
                .first()
            )
            if contact is None:
                continue
        rows.append(
            NetworkRepresentative(
                municipality=municipality,
                organisation=organisation,
                sector=sector.value,
                contact=contact["id"] if contact else None,
                user=ctx.users[username] if username else None,
            )
        )
    if rows:
        await NetworkRepresentative.insert(*rows)


async def _seed_meetings(network: Network, municipality: int, leader: int, today: date) -> None:
    present = [
        row["id"]
        for row in await NetworkRepresentative.select(NetworkRepresentative.id).where(
            NetworkRepresentative.municipality == municipality
        )
    ]
    for meets_on, (title, agenda, minutes, decisions) in zip(
        meeting_days(today, len(MEETINGS))[: network.held], MEETINGS, strict=False
    ):
        [added] = await Meeting.insert(
            Meeting(
                municipality=municipality,
                meets_on=meets_on,
                title=title,
                agenda=agenda,
                minutes=minutes,
                decisions=decisions,
                status=MeetingStatus.held.value,
                updated_by=leader,
            )
        ).returning(Meeting.id)
        # Everyone but the last representative came (someone is always away).
        attended = present[:-1] or present
        if attended:
            await MeetingAttendance.insert(
                *(MeetingAttendance(meeting=added["id"], representative=r) for r in attended)
            )
    title, agenda = PLANNED_MEETING
    await Meeting(
        municipality=municipality,
        meets_on=max(date(today.year, 12, 10), today),
        title=title,
        agenda=agenda,
        updated_by=leader,
    ).save()


# --- A stage-III case with a round table ---------------------------------------------------------

CASE_CHILD = ("Aleksander", "Mänd")
CASE_REASON = (
    "Näidisjuhtum: korduvad puudumised ja mure toimetulekuga koolis; kool andis juhtumi "
    "omavalitsusele üle valdkondadeüleseks juhtumikorralduseks."
)


async def seed_round_table(ctx: DemoContext) -> None:
    """A case of a sample family's child at stage III in Tartu, with one round table, its
    minutes and two agreements: one fulfilled, one open for the police representative, and a
    health-marked entry the case manager reads (her role may)."""
    given_name, family_name = CASE_CHILD
    child = (
        await Child.select()
        .where((Child.given_name == given_name) & (Child.family_name == family_name))
        .first()
    )
    if child is None or not await _absent(
        Case, (Case.child == child["id"]) & (Case.workflow == CASE_MANAGEMENT.key)
    ):
        return
    manager = ctx.users["tartu.casemanager"]
    police = ctx.users["tartu.police"]
    office = ctx.organisations[TARTU_OFFICE]
    police_station = ctx.organisations[TARTU_POLICE]
    today = date.today()
    opened_on, convened_on, held_on = (today - timedelta(days=days) for days in (24, 20, 10))
    case_id = await open_case(
        ctx.plugins,
        child=child,
        organisation_id=office,
        workflow=CASE_MANAGEMENT,
        responsible=manager,
        reason=CASE_REASON,
    )
    [table] = await RoundTable.insert(
        RoundTable(
            case=case_id,
            convener=manager,
            minutes_taker=manager,
            held_on=held_on,
            starts_at="14:00",
            place="Tartu Linnavalitsus, ruum 204 (näidis)",
            purpose="Näidis: ühine plaan, et Aleksander käiks koolis ja saaks vajaliku toe.",
            minutes=(
                "Näidisprotokoll. Kool kirjeldas puudumisi ja toimetulekut tundides, pere "
                "kirjeldas olukorda kodus. Lepiti kokku ühine tegevusplaan ja järgmine ümarlaud "
                "kuue nädala pärast."
            ),
            child_feedback=(
                "Näidis: Aleksander tahab käia jalgpallitrennis ja vajab abi matemaatikas."
            ),
            parents_feedback="Näidis: ema soovib, et kool annaks puudumistest kiiremini teada.",
            created_by=manager,
            created_at=_at(convened_on),
        )
    ).returning(RoundTable.id)
    participants: list[tuple[int | None, int | None, int]] = [(police, None, police_station)]
    school = ctx.organisations.get(DEMO_SCHOOL)
    if school is not None:
        contact = (
            await ContactPerson.select(ContactPerson.id)
            .where(
                (ContactPerson.organisation == school) & (ContactPerson.post == "Sotsiaalpedagoog")
            )
            .first()
        )
        if contact is not None:
            participants.append((None, contact["id"], school))
    for user, contact_id, organisation in participants:
        await RoundTableInvitee(
            round_table=table["id"],
            user=user,
            contact=contact_id,
            organisation=organisation,
            invited_by=manager,
        ).save()
        await CaseParticipant(
            case=case_id,
            user=user,
            contact=contact_id,
            organisation=organisation,
            task="Ümarlaud",
            added_by=manager,
        ).save()
    await Agreement.insert(
        Agreement(
            round_table=table["id"],
            case=case_id,
            text="Näidis: juhtumikorraldaja kohtub perega ja koostab koos nendega tegevusplaani.",
            responsible=manager,
            due_on=held_on + timedelta(days=7),
            done_at=_at(held_on + timedelta(days=5)),
            done_by=manager,
            done_note="Näidis: kohtusime kodus, tegevusplaan on juhtumi juures.",
        ),
        Agreement(
            round_table=table["id"],
            case=case_id,
            text=(
                "Näidis: piirkonnapolitseinik räägib Aleksandri ja lapsevanematega turvalisest "
                "kooliteest ja vaba aja veetmisest."
            ),
            responsible=police,
            due_on=today + timedelta(days=14),
        ),
    )
    await CaseEntry.insert(
        *(
            CaseEntry(
                case=case_id,
                kind=kind.value,
                body=body,
                sensitivity=sensitivity.value,
                occurred_on=day,
                author=manager,
                author_organisation=office,
                created_at=_at(day),
            )
            for kind, body, sensitivity, day in (
                (
                    EntryKind.form,
                    "Juhtum algatati kooli üleandmise põhjal (näidis).",
                    Sensitivity.none,
                    opened_on,
                ),
                (
                    EntryKind.meeting,
                    "Ümarlaud kutsuti kokku (näidis).",
                    Sensitivity.none,
                    convened_on,
                ),
                (EntryKind.note, HEALTH_NOTE, Sensitivity.health, held_on),
            )
        )
    )
    # The case opened before everything above happened, and its review is due from then.
    await Case.update(
        {
            Case.opened_at: _at(opened_on),
            Case.review_due: opened_on + timedelta(days=CASE_MANAGEMENT.review_days),
        }
    ).where(Case.id == case_id)


def _at(day: date) -> datetime:
    """A sample record's time on ``day``: ten in the morning (UTC)."""
    return datetime.combine(day, time(10), tzinfo=UTC)


# --- Children at home ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeSample:
    given_name: str
    family_name: str
    male: bool
    # Age in years reached in the year of the next school start (7: due at school then; every
    # sample is born before October, so that is the year of `school_start_year`).
    age_at_school_start: int
    address_area: str
    # (kind, outcome, by whom, note, days ago) of each outreach activity.
    outreach: tuple[tuple[OutreachKind, OutreachOutcome, str, str, int], ...]


# Family names the county generator does not draw (`core.people.demo.FAMILY_NAMES`).
HOME_CHILDREN = (
    HomeSample(
        "Kaspar",
        "Kivi",
        True,
        4,
        "Annelinn",
        ((OutreachKind.family_doctor, OutreachOutcome.reached, "perearst", "Näidis.", 60),),
    ),
    HomeSample(
        "Mia",
        "Rand",
        False,
        5,
        "Karlova",
        ((OutreachKind.event, OutreachOutcome.reached, "noortekeskus", "Näidis: pereüritus.", 40),),
    ),
    HomeSample(
        "Oskar",
        "Luik",
        True,
        6,
        "Ropka",
        (
            (OutreachKind.event, OutreachOutcome.not_reached, "haridusnõunik", "Näidis.", 90),
            (OutreachKind.preschool, OutreachOutcome.reached, "eelkool", "Näidis.", 20),
        ),
    ),
    HomeSample(
        "Emma",
        "Nurk",
        False,
        7,
        "Ülejõe",
        (
            (
                OutreachKind.family_doctor,
                OutreachOutcome.not_reached,
                "perearst",
                "Näidis: pere ei tulnud tervisekontrolli.",
                30,
            ),
        ),
    ),
    HomeSample("Robin", "Laan", True, 4, "Tammelinn", ()),
)


def born_on(sample: HomeSample, today: date, serial: int) -> date:
    """A birthday (January to July, spread over the months by ``serial``) on which the
    child turns ``age_at_school_start`` in the year of the next school start."""
    start = next_school_start(today)
    return date(start.year - sample.age_at_school_start, 1 + serial * 2 % 8, 10 + serial)


async def seed_home_children(ctx: DemoContext) -> None:
    """Tartu's register of children at home, unless its first sample child is there."""
    first = HOME_CHILDREN[0]
    if await Child.exists().where(
        (Child.given_name == first.given_name) & (Child.family_name == first.family_name)
    ):
        return
    today = date.today()
    municipality = ctx.municipalities["Tartu linn"]
    recorder = ctx.users["tartu.welfare"]
    serial = 950
    for index, sample in enumerate(HOME_CHILDREN):
        born = born_on(sample, today, index)
        code = demo_isikukood(born, sample.male, serial)
        while await Child.exists().where(Child.isikukood == code):
            serial += 1
            code = demo_isikukood(born, sample.male, serial)
        child_id = await add_child(
            NewChild(
                given_name=sample.given_name,
                family_name=sample.family_name,
                date_of_birth=born,
                isikukood=code,
                registered_municipality=municipality,
            )
        )
        [entry] = await HomeChild.insert(
            HomeChild(
                child=child_id,
                municipality=municipality,
                address_area=sample.address_area,
                source="import",
                added_by=recorder,
            )
        ).returning(HomeChild.id)
        if sample.outreach:
            await Outreach.insert(
                *(
                    Outreach(
                        entry=entry["id"],
                        kind=kind.value,
                        done_on=today - timedelta(days=days_ago),
                        outcome=outcome.value,
                        by_whom=by_whom,
                        note=note,
                        recorded_by=recorder,
                    )
                    for kind, outcome, by_whom, note, days_ago in sample.outreach
                )
            )
