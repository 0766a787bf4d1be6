"""Core's noticing sheet is an ordinary form: rendered, checked and saved by the engine."""

from __future__ import annotations

import pytest

from core.forms.submissions import submissions_of_child
from tests.core.forms.conftest import submit_page

pytestmark = pytest.mark.anyio


async def test_the_noticing_sheet_asks_what_the_sources_ask(kati, school):
    html = (await kati.get(f"/forms/children/{school['mia']}/new/core.noticing")).text
    for label in (
        "Mida märkasid?",
        "Millest alates?",
        "Millistes olukordades?",
        "Lapse tugevused",
        "Mida on juba proovitud?",
        "Lapsevanemate arvamus",
        "Kas laps on ohus või vajab kohe abi?",
        "Kui turvaline on lapse olukord praegu?",
    ):
        assert label in html
    english = (await kati.get(f"/forms/children/{school['mia']}/new/core.noticing?lang=en")).text
    assert "<h1>Noticing sheet</h1>" in english and "The parents&#39; view" in english


async def test_the_noticing_sheet_needs_its_required_answers(kati, school):
    path = f"/forms/children/{school['mia']}/new/core.noticing"
    response = await submit_page(kati, path, {"f.noticed": "Laps on väsinud"})
    assert response.status_code == 400
    for field in ("danger", "situations", "parents_informed"):
        assert f'id="f-{field}-error"' in response.text
    assert "Laps on väsinud</textarea>" in response.text
    data = {
        "f.danger": "no",
        "f.noticed": "Laps on väsinud",
        "f.situations": "Hommikuti",
        "f.parents_informed": "yes",
        "f.tried.0.what": "Vestlus lapsega",
        "f.tried.0.who": str(school["piret"]),
        "f.safety": "8",
    }
    assert (await submit_page(kati, path, data)).status_code == 303
    [saved] = await submissions_of_child(school["mia"])
    assert saved.form_key == "core.noticing"
    assert saved.values["tried"] == [
        {"what": "Vestlus lapsega", "who": school["piret"], "when": None, "result": None}
    ]
