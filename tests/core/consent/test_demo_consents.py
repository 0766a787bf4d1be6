"""The demo's consents: the hand-made families show every kind of consent on the pages a
coordinator uses (the county scale's own consents: tests/core/test_cli.py)."""

import re
from datetime import date, timedelta

import pytest

from core.consent.attachments import media_type_of
from core.consent.demo import scanned_form
from core.consent.tables import Attachment, Consent, ShareOverride
from core.demo import DemoContext
from core.i18n import format_date
from core.people.tables import Child, Organisation
from tests.helpers import make_user, sign_in

pytestmark = pytest.mark.anyio
TODAY = date.today()


@pytest.fixture
async def demo(notes_client, settings):
    """The small demo, seeded into the test database as `heaolu demo` seeds it."""
    from core.plugins import build_plugins
    from tests.conftest import TEST_PLUGINS

    plugins = build_plugins(settings, TEST_PLUGINS)
    ctx = DemoContext(scale="small", password="demo password for tests", plugins=plugins)
    for _plugin, result in plugins.collect("heaolu_demo_data", ctx=ctx):
        if result is not None:
            await result
    return ctx


async def coordinator_of(client, ctx, organisation, username):
    await make_user(username, ctx.organisations[("Tartu linn", organisation)], "notes_coordinator")
    await sign_in(client, username)
    return client


async def child_id(given):
    return (await Child.select(Child.id).where(Child.given_name == given).first())["id"]


async def test_the_demo_consents_cover_every_kind(demo):
    rows = await Consent.select()
    assert {row["evidence_kind"] for row in rows} == {"paper", "oral"}
    assert any(row["withdrawn_on"] is not None for row in rows)
    assert any(row["decision"] == "refused" for row in rows)
    assert any(
        row["valid_until"] and TODAY <= row["valid_until"] <= TODAY + timedelta(days=30)
        for row in rows
    )
    scans = await Attachment.select(Attachment.id, Attachment.data, Attachment.filename)
    assert {row["id"] for row in scans} == {row["evidence"] for row in rows if row["evidence"]}
    assert all(media_type_of(bytes(row["data"])) == "application/pdf" for row in scans)
    [override] = await ShareOverride.select()
    assert override["legal_basis"] == "child_protection_act_31"
    police = await Organisation.select(Organisation.id).where(
        Organisation.name == "Tartu politseijaoskond"
    )
    assert override["recipient_organisation"] == police[0]["id"]


async def test_the_kindergarten_coordinator_sees_the_consent_ending_soon(notes_client, demo):
    client = await coordinator_of(notes_client, demo, "Annelinna Lasteaed", "annelinna.lasteaed")
    page = await client.get("/consents/expiring")
    assert page.status_code == 200
    assert "Lotte Jõgi" in page.text
    assert "Priit Jõgi" in page.text
    assert "Aleksander" not in page.text  # another institution's child


async def test_the_school_coordinator_sees_withdrawal_refusal_and_sharing_without_consent(
    notes_client, demo
):
    client = await coordinator_of(notes_client, demo, "Annelinna Kool", "annelinna.kool")
    page = (await client.get(f"/children/{await child_id('Aleksander')}")).text
    assert "tagasi võetud" in page
    assert "Hooldusõigusega lapsevanemad on eri meelt" in page  # the parents living apart disagree
    assert "Lastekaitseseadus § 31" in page
    assert "Nõusolek Aleksander Mänd.pdf" in page
    assert f"tagasi võetud {format_date(TODAY - timedelta(days=14))}" in page


async def test_running_the_demo_again_adds_no_consents(demo):
    before = await Consent.count(), await Attachment.count(), await ShareOverride.count()
    ctx = DemoContext(scale="small", password="demo password for tests", plugins=demo.plugins)
    from core.builtin_hooks import heaolu_demo_data

    await heaolu_demo_data(ctx)
    after = await Consent.count(), await Attachment.count(), await ShareOverride.count()
    assert after == before


def test_the_sample_scan_is_a_well_formed_pdf():
    pdf = scanned_form("Aleksander", "Evelin")
    assert media_type_of(pdf) == "application/pdf"
    xref = int(re.search(rb"startxref\n(\d+)\n", pdf).group(1))
    offsets = re.findall(rb"(\d{10}) 00000 n ", pdf[xref:])
    for number, offset in enumerate(offsets, start=1):
        assert pdf[int(offset) :].startswith(b"%d 0 obj" % number)
    assert "NÕUSOLEK".encode("cp1252") in pdf
