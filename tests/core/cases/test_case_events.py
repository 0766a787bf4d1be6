"""The case events a plugin hears, proven with the casework test plugin (its ``heard`` list): a
case opened, a noticing report sent and accepted."""

import pytest

from core.cases.tables import Case, Report
from tests.core.cases.conftest import SHEET, open_case, switch
from tests.helpers import accept_report, post, sign_in
from tests.testplugins.casework import heard

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def no_events_yet():
    heard.clear()
    yield
    heard.clear()


async def test_heaolu_after_case_opened_hears_of_the_new_case(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    assert heard[0] == ("case_opened", case_id)


async def send_report(client, casework):
    """The family doctor notices Mari: a report to Tartu; returns its row."""
    await sign_in(client, "doctor")
    child = {
        "given_name": "Mari",
        "family_name": "Mets",
        "date_of_birth": "05.05.2016",
        "municipality": str(casework["tartu"]),
    }
    assert (await post(client, "/notice", {**child, **SHEET}, "/notice")).status_code == 303
    return await Report.select().first()


async def test_heaolu_after_report_sent_hears_of_the_new_report(notes_client, casework):
    report = await send_report(notes_client, casework)
    assert heard == [
        ("form_saved core.noticing v1", report["submission"]),
        ("report_sent", report["id"]),
    ]


async def test_heaolu_after_report_accepted_follows_the_case_it_opened(notes_client, casework):
    report = await send_report(notes_client, casework)
    await switch(notes_client, "tartu.cps")
    assert (await accept_report(notes_client, report["id"])).status_code == 303
    case = await Case.select().first()
    assert heard[2:] == [("case_opened", case["id"]), ("report_accepted", report["id"])]
