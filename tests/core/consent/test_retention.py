"""`heaolu retention` removes a child past retention with everything of theirs, consents,
sharing without consent and files included, and nothing of a child still kept: checked by
reading every table of the database afterwards."""

import hashlib
import os
import re
from datetime import UTC, date, datetime, timedelta

import anyio
import pytest

from core.consent.attachments import Upload, store
from core.consent.tables import Attachment, Consent, ShareOverride
from core.people.demo_children import isikukood
from core.people.folding import fold
from core.people.tables import Child, ChildChange, Enrolment, Guardian, GuardianLink
from tests.core.consent.conftest import make_child
from tests.helpers import query, run_heaolu

pytestmark = pytest.mark.anyio
TODAY = date.today()
LONG_AGO = datetime.now(UTC) - timedelta(days=7 * 366)
LEFT_ON = TODAY - timedelta(days=6 * 366)
LEAVER_CODE = isikukood(date(2018, 5, 6), male=True, serial=417)
LEAVER_PDF = b"%PDF-1.7\n% nousolek-lahkuja-skaneeritud\n%%EOF\n"
# Words that stand only in the removed child's records (folded: lower case, no diacritics).
MARKERS = (
    "lahkuja",
    "kadunud",
    "ainulaadne",
    "salajane selgitus",
    "vana nimi",
    "nousolek-lahkuja",
    LEAVER_CODE,
    hashlib.sha256(LEAVER_PDF).hexdigest(),
)


async def consent(child_id, guardian_id, recorder, attach=None, **fields):
    values = {
        "child": child_id,
        "guardian": guardian_id,
        "purpose": "core.cross_sector_case_work",
        "data_scope": "all",
        "recipient_sector": "health",
        "decision": "given",
        "valid_from": TODAY - timedelta(days=8 * 365),
        "evidence_kind": "paper",
        "recorded_by": recorder,
        **fields,
    }
    [row] = await Consent.insert(Consent(**values)).returning(Consent.id)
    if attach is not None:
        name, data = attach
        file_id = await store(Upload(name, "application/pdf", data), recorder, "consent", row["id"])
        await Consent.update({Consent.evidence: file_id}).where(Consent.id == row["id"])
    return row["id"]


@pytest.fixture
async def county(people):
    """A child who left Tartu Kool six years ago (the leaver) with a second record merged into
    it, and a child still at school (the stayer). Guardians: one of the leaver only, one of
    both, one linked to the leaver who gave a consent for the stayer."""
    ids = dict(people)
    recorder, school = people["tartu.cps"], people["tartu_school"]
    ids["leaver"] = await make_child("Lahkuja", "Kadunud", None, isikukood=LEAVER_CODE)
    ids["merged"] = await make_child("Lahkuja", "Kadunudteine", None, merged_into=ids["leaver"])
    ids["stayer"] = await make_child("Jääja", "Püsiv", None)
    await Child.update({Child.created_at: LONG_AGO}, force=True)
    await Enrolment.insert(
        Enrolment(
            child=ids["leaver"], organisation=school, starts_on=date(2018, 9, 1), ends_on=LEFT_ON
        ),
        Enrolment(child=ids["stayer"], organisation=school, starts_on=date(2018, 9, 1)),
    )
    only, shared, consenting = await Guardian.insert(
        Guardian(given_name="Ainulaadne", family_name="Kadunud", phone="+372 5000 0001"),
        Guardian(given_name="Jagatud", family_name="Vanem"),
        Guardian(given_name="Nõusolekuga", family_name="Vanem"),
    ).returning(Guardian.id)
    ids["only"], ids["shared"], ids["consenting"] = only["id"], shared["id"], consenting["id"]
    await GuardianLink.insert(
        GuardianLink(child=ids["leaver"], guardian=ids["only"], relation="mother"),
        GuardianLink(child=ids["leaver"], guardian=ids["shared"], relation="father"),
        GuardianLink(child=ids["stayer"], guardian=ids["shared"], relation="father"),
        GuardianLink(child=ids["leaver"], guardian=ids["consenting"], relation="other"),
    )
    await consent(ids["leaver"], ids["only"], recorder, ("Kadunud nõusolek.pdf", LEAVER_PDF))
    await consent(
        ids["leaver"], ids["shared"], recorder, evidence_kind="oral", withdrawn_on=LEFT_ON
    )
    await consent(ids["merged"], ids["only"], recorder, decision="refused")
    await consent(
        ids["stayer"], ids["consenting"], recorder, ("Püsiv nõusolek.pdf", b"%PDF-1.7 stays")
    )
    await ShareOverride.insert(
        ShareOverride(
            child=ids["leaver"],
            from_organisation=school,
            purpose="core.cross_sector_case_work",
            data_scope="all",
            recipient_organisation=people["tartu_office"],
            legal_basis="child_protection_act_27",
            explanation="Salajane selgitus lastekaitsele.",
            decided_by=recorder,
        )
    )
    await ChildChange.insert(
        ChildChange(child=ids["leaver"], field="family_name", old_value="Vana nimi Kadunud")
    )
    # A file whose consent is gone (its record was removed behind heaolu's back).
    await store(Upload("Orb.pdf", "application/pdf", b"%PDF-1.7 orphan"), recorder, "consent", 0)
    return ids


def counts(output: str) -> dict[str, int]:
    return {kind: int(n) for kind, n in re.findall(r"^  ([a-z -]+): (\d+)$", output, re.M)}


EXPECTED = {
    "children": 2,
    "enrolments": 1,
    "guardian links": 3,
    "corrections": 1,
    "consents and refusals": 3,
    "sharing without consent": 1,
    "cases": 0,
    "case timeline entries": 0,
    "filled-in forms": 0,
    "noticing reports": 0,
    "files": 2,
    "guardians left without children": 1,
    "expired sessions": 0,
    "old login-throttle rows": 0,
    "used one-time submission keys": 0,
}


async def rows(sql: str) -> list[tuple]:
    """Read the test database directly, not through heaolu (in a thread: `query` runs its own
    event loop for PostgreSQL)."""
    return await anyio.to_thread.run_sync(query, os.environ["HEAOLU_DATABASE_URL"], sql)


async def every_table() -> list[str]:
    if os.environ["HEAOLU_DATABASE_URL"].startswith("sqlite"):
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return sorted(name for (name,) in await rows(sql))


async def test_dry_run_counts_each_kind_and_removes_nothing(county):
    before = await Attachment.count(), await Consent.count(), await Child.count()
    dry = run_heaolu("retention", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("would remove (children who left every kindergarten")
    assert counts(dry.stdout) == EXPECTED
    assert (await Attachment.count(), await Consent.count(), await Child.count()) == before


async def test_nothing_of_a_removed_child_remains_in_any_table(county):
    applied = run_heaolu("retention", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.startswith("removed (")
    assert counts(applied.stdout) == EXPECTED
    tables = await every_table()
    assert {"people_child", "consent_consent", "consent_attachment", "audit_event"} <= set(tables)
    for table in tables:
        for row in await rows(f'SELECT * FROM "{table}"'):
            text = fold(str(row))
            assert not [m for m in MARKERS if m in text], f"{table} keeps {row!r}"
    removed = {county["leaver"], county["merged"]}
    for table, column in (
        ("people_child", "merged_into"),
        ("people_enrolment", "child"),
        ("people_guardian_link", "child"),
        ("people_child_change", "child"),
        ("consent_consent", "child"),
        ("consent_share_override", "child"),
    ):
        assert not {v for (v,) in await rows(f"SELECT {column} FROM {table}")} & removed
    assert not {v for (v,) in await rows("SELECT id FROM people_child")} & removed
    stayers_consent = await Consent.select(Consent.id).where(Consent.child == county["stayer"])
    assert await rows("SELECT owner_id FROM consent_attachment") == [(stayers_consent[0]["id"],)]


async def test_what_is_still_needed_stays(county):
    assert run_heaolu("retention", "--apply").returncode == 0
    assert await Child.exists().where(Child.id == county["stayer"])
    guardians = {row["id"] for row in await Guardian.select(Guardian.id)}
    # The shared father stays for the stayer, the consenting guardian for their consent.
    assert guardians == {county["shared"], county["consenting"]}
    [kept] = await Attachment.select(Attachment.filename)
    assert kept["filename"] == "Püsiv nõusolek.pdf"
    assert await GuardianLink.count().where(GuardianLink.child == county["stayer"]) == 1


async def test_a_merged_record_stays_while_the_record_it_leads_to_is_kept(county):
    await Enrolment.update({Enrolment.ends_on: None}).where(Enrolment.child == county["leaver"])
    dry = run_heaolu("retention", "--dry-run")
    assert counts(dry.stdout)["children"] == 0
    assert run_heaolu("retention", "--apply").returncode == 0
    assert await Child.exists().where(Child.id == county["merged"])
    assert await Consent.exists().where(Consent.child == county["merged"])
