"""Versions: code schemas are stored once per version, a changed schema needs a new version,
and a submission always renders with the version it was filled in."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core.forms.submissions import submissions_of_child
from core.forms.tables import FormVersion
from core.forms.versions import FormVersionError, sync_code_forms
from core.registry import Bilingual, FieldType, FormField
from tests.core.forms.conftest import FEEDBACK, submit_page
from tests.testplugins.notes import FEEDBACK as FEEDBACK_V1

pytestmark = pytest.mark.anyio


def plugins_of(client):
    return client.app.state.plugins


async def test_heaolu_forms_versions_are_stored_once_by_migrate(kati, school):
    rows = await FormVersion.select(
        FormVersion.key, FormVersion.version, FormVersion.source
    ).order_by(FormVersion.key)
    assert rows == [
        {"key": "casework.assessment", "version": 1, "source": "code"},
        {"key": "core.noticing", "version": 2, "source": "code"},
        {"key": "core.rajaleidja", "version": 1, "source": "code"},
        # Core's sample instruments of the toolbox.
        *(
            {"key": f"core.toolbox_{name}", "version": 1, "source": "code"}
            for name in (
                "behaviour",
                "home",
                "learning",
                "movement",
                "social_emotional",
                "speech",
                "wellbeing",
            )
        ),
        # The built-in plugins' forms, stored when the test database is migrated.
        {"key": "kindergarten.readiness_card", "version": 1, "source": "code"},
        {"key": "kindergarten.support_plan", "version": 1, "source": "code"},
        {"key": "municipality.assessment", "version": 2, "source": "code"},
        {"key": "municipality.closing", "version": 1, "source": "code"},
        {"key": "notes.feedback", "version": 1, "source": "code"},
        {"key": "school.individual_plan", "version": 1, "source": "code"},
    ]
    assert await sync_code_forms(plugins_of(kati)) == []


async def test_a_changed_code_schema_under_the_same_version_stops_start_up(kati, school):
    plugins = plugins_of(kati)
    plugins.forms["notes.feedback"] = replace(FEEDBACK_V1, title=Bilingual("Muudetud"))
    with pytest.raises(FormVersionError) as caught:
        await sync_code_forms(plugins)
    assert "form 'notes.feedback' of plugin 'notes' changed but keeps version 1" in str(
        caught.value
    )


def version_two():
    """notes.feedback version 2: the summary is renamed and a field is added."""
    fields = list(FEEDBACK_V1.fields)
    fields[0] = replace(fields[0], label=Bilingual("Lühikokkuvõte", "Short summary"))
    fields.append(FormField("extra", FieldType.text, Bilingual("Lisainfo", "More")))
    return replace(FEEDBACK_V1, version=2, fields=tuple(fields))


async def test_an_old_submission_renders_with_its_own_version_after_a_new_one(kati, school):
    path = f"/forms/children/{school['mia']}/new/notes.feedback"
    assert (await submit_page(kati, path, FEEDBACK)).status_code == 303
    [old] = await submissions_of_child(school["mia"])

    plugins = plugins_of(kati)
    plugins.forms["notes.feedback"] = version_two()
    assert await sync_code_forms(plugins) == [("notes.feedback", 2)]

    # New submissions get version 2.
    page = await kati.get(path)
    assert "Lühikokkuvõte" in page.text and 'name="f.extra"' in page.text
    assert (await submit_page(kati, path, {**FEEDBACK, "f.extra": "uus"})).status_code == 303
    versions = [s.form_version for s in await submissions_of_child(school["mia"])]
    assert versions == [1, 2]

    # The old one still shows, prints and edits as version 1.
    for url in (f"/forms/submissions/{old.id}", f"/forms/submissions/{old.id}/print"):
        html = (await kati.get(url)).text
        assert "<dt>Kokkuvõte</dt>" in html and "Lühikokkuvõte" not in html
        assert "<dt>Vormi versioon</dt><dd>1</dd>" in html and "notes.feedback" not in html
    edit = (await kati.get(f"/forms/submissions/{old.id}/edit")).text
    assert "Kokkuvõte" in edit and 'name="f.extra"' not in edit
