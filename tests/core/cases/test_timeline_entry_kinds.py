"""A plugin's timeline entry kinds: its entries show with its label (the casework test
plugin's ``casework.home_visit``)."""

import pytest

from core.cases.tables import CaseEntry
from tests.core.cases.conftest import open_case

pytestmark = pytest.mark.anyio


async def test_heaolu_timeline_entry_kinds_label_the_plugins_entries(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    opening = await CaseEntry.select().where(CaseEntry.case == case_id).first()
    await CaseEntry.insert(
        CaseEntry(
            case=case_id,
            kind="casework.home_visit",
            body="Käisime kodus.",
            occurred_on=opening["occurred_on"],
            author=opening["author"],
            author_organisation=opening["author_organisation"],
        )
    )
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert "<strong>Home visit</strong>" in page and "Käisime kodus." in page
