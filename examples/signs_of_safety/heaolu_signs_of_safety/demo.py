"""The plugin's demo: switched on for Tartu linn (off elsewhere, as every third-party plugin
starts), with one sample child-protection case of Tartu's child protection specialist mapped
twice, its safety scaled at two reviews, a safety plan, the child's three houses and a quality
review. The texts are sample content ("Näidis"). Each step looks up what exists first, so
running the demo twice changes nothing."""

from datetime import date, timedelta

from core.api import (
    CHILD_PROTECTION_STAGE,
    Case,
    CaseStatus,
    Child,
    DemoContext,
    NewChild,
    add_child,
    existing_child,
    open_case,
    set_plugin_enabled,
    workflow_of,
)

from heaolu_signs_of_safety.tables import Houses, MappingVersion, Plan, Review, Scale, Statement

PLUGIN = "signs_of_safety"
MUNICIPALITY = "Tartu linn"
OFFICE = (MUNICIPALITY, "Tartu Linnavalitsus")
SPECIALIST = "tartu.childprotection"
CHILD = {"given_name": "Kertu", "family_name": "Turvaline", "isikukood": ""}
BORN = date(2016, 4, 18)
CORE_WORKFLOW = "core.child_protection"

MAPPINGS = (
    (
        60,
        "Näidis: ema, isa, vanaema, lastekaitsespetsialist, kooli sotsiaalpedagoog",
        "Näidis: kaks korda on isa joobes olles häält tõstnud ja ukse lõhkunud; laps oli kodus.",
        "Näidis: kui isa joob ja vanemad tülitsevad, võib Kertu jälle karta ja haiget saada.",
        "Näidis: isa töötus, võlad.",
        "Näidis: vanaema elab lähedal ja Kertu käib tal iga päev; ema viib Kertu kooli.",
        "Näidis: pere ja võrgustik lepivad kokku turvakava.",
        (
            (
                "Näidis: kui isa joob ja karjub, kardab Kertu ega saa magada.",
                "Näidis: Kertu teab, et kodus on rahulik ja ta saab alati vanaema juurde minna.",
            ),
        ),
    ),
    (
        14,
        "Näidis: ema, isa, vanaema, Kertu, lastekaitsespetsialist",
        "Näidis: kaks korda on isa joobes olles häält tõstnud ja ukse lõhkunud; laps oli kodus.",
        "Näidis: kui isa joob, võib tüli korduda.",
        "Näidis: isa otsib tööd.",
        "Näidis: isa käib nõustamisel; vanaema võtab Kertu enda juurde, kui kodus on tüli.",
        "Näidis: turvakava kolm kuud järjest, siis uus kaardistamine.",
        (
            (
                "Näidis: kui isa joob ja karjub, kardab Kertu ega saa magada.",
                "Näidis: Kertu teab, et kodus on rahulik ja ta saab alati vanaema juurde minna.",
            ),
            (
                "Näidis: Kertu jääb koolist koju, kui kodus on tüli.",
                "Näidis: Kertu käib iga päev koolis ja õpetaja teab, kelle poole ta pöördub.",
            ),
        ),
    ),
)
# Days ago of each review, then each participant's answer.
REVIEWS = (
    (45, (("Näidis: ema", 4), ("Näidis: isa", 5), ("Näidis: lastekaitsespetsialist", 3))),
    (10, (("Näidis: ema", 7), ("Näidis: isa", 7), ("Näidis: lastekaitsespetsialist", 6))),
)


async def _case(ctx: DemoContext) -> int:
    """The sample child's open child-protection case, made when missing."""
    tartu = ctx.municipalities[MUNICIPALITY]
    child_id = await existing_child(CHILD, BORN)
    if child_id is None:
        child_id = await add_child(NewChild(CHILD["given_name"], CHILD["family_name"], BORN, tartu))
    found = (
        await Case.select(Case.id)
        .where(
            (Case.child == child_id)
            & (Case.stage == CHILD_PROTECTION_STAGE.key)
            & (Case.status == CaseStatus.open.value)
        )
        .first()
    )
    if found is not None:
        return int(found["id"])
    child = await Child.select().where(Child.id == child_id).first()
    assert child is not None
    return await open_case(
        ctx.plugins,
        child=child,
        organisation_id=ctx.organisations[OFFICE],
        workflow=workflow_of(ctx.plugins, CORE_WORKFLOW),
        responsible=ctx.users[SPECIALIST],
        reason="Näidis: teade politseilt, tüli kodus",
        stage=CHILD_PROTECTION_STAGE,
    )


async def seed(ctx: DemoContext) -> None:
    tartu = ctx.municipalities[MUNICIPALITY]
    await set_plugin_enabled(ctx.plugins, PLUGIN, tartu, True)
    case_id = await _case(ctx)
    if await MappingVersion.exists().where(MappingVersion.case == case_id):
        return
    today = date.today()
    by = ctx.users[SPECIALIST]
    for version, (days, who, harm, danger, factors, well, steps, pairs) in enumerate(
        MAPPINGS, start=1
    ):
        [row] = await MappingVersion.insert(
            MappingVersion(
                case=case_id,
                version=version,
                held_on=today - timedelta(days=days),
                participants=who,
                past_harm=harm,
                future_danger=danger,
                complicating=factors,
                working_well=well,
                next_steps=steps,
                recorded_by=by,
            )
        ).returning(MappingVersion.id)
        await Statement.insert(
            *(
                Statement(mapping=row["id"], position=position, danger=bad, goal=goal)
                for position, (bad, goal) in enumerate(pairs, start=1)
            )
        )
    for days, answers in REVIEWS:
        await Scale.insert(
            *(
                Scale(
                    case=case_id,
                    review_on=today - timedelta(days=days),
                    participant=participant,
                    score=score,
                    recorded_by=by,
                )
                for participant, score in answers
            )
        )
    await Plan.insert(
        Plan(
            case=case_id,
            agreed_on=today - timedelta(days=14),
            rules="Näidis: kodus ei jooda; tüli korral läheb Kertu vanaema juurde.",
            tasks="Näidis: vanaema helistab igal õhtul; isa käib nõustamisel kord nädalas.",
            monitoring="Näidis: õpetaja ja vanaema annavad spetsialistile kord nädalas teada.",
            network="Näidis: vanaema (turvaline koht), naaber Mari (helistab abi), õpetaja.",
            recorded_by=by,
        )
    )
    await Houses.insert(
        Houses(
            case=case_id,
            heard_on=today - timedelta(days=20),
            heard_by="Näidis: lastekaitsespetsialist",
            worries="Näidis: „Kui issi karjub, ma peidan end teki alla.“",
            good_things="Näidis: „Vanaema teeb pannkooke ja me mängime kaarte.“",
            dreams="Näidis: „Et kodus oleks alati vaikne ja issi oleks rõõmus.“",
            recorded_by=by,
        )
    )
    await Review.insert(
        Review(
            case=case_id,
            municipality=tartu,
            team=ctx.organisations[OFFICE],
            reviewed_on=today - timedelta(days=7),
            with_family=True,
            clear_statements=True,
            child_heard=True,
            scale_followed=True,
            reviewer=by,
        )
    )
