"""The case's view, built once per request in `core.access.case_view`: the audit row is written
inside it, once, and the plugins' panels get the typed view (the casework test plugin's panel
reads ``case.stage.key``)."""

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case
from core.views import ChildView
from tests.core.cases.conftest import open_case

pytestmark = pytest.mark.anyio


async def test_viewing_a_case_writes_one_allowed_row_and_the_panels_get_its_view(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    [last] = (
        await AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id, ascending=False).limit(1)
    )
    page = await notes_client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "Casework panel for stage I" in page.text
    rows = await AuditEvent.select(AuditEvent.action, AuditEvent.outcome).where(
        AuditEvent.id > last["id"]
    )
    assert rows == [{"action": "case.viewed", "outcome": "allowed"}]


async def test_a_cases_child_view_is_read_from_its_joined_columns(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    row = await Case.select(*Case.all_columns(), *Case.child.all_columns()).first()
    child = ChildView.of(row, "child.")
    assert (child.id, child.name) == (casework["child"], "Mari Mets")
    assert row["id"] == case_id


async def test_the_case_page_asks_which_plugins_are_enabled_at_most_once(notes_client, casework):
    """Once, or not at all: the worker's enablement cache answers for the case's municipality
    once it has read it."""
    from tests.helpers import statements_received

    case_id = await open_case(notes_client, casework)
    with statements_received(notes_client.app.state.engine) as received:
        page = await notes_client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert len([s for s in received if "core_plugin_enablement" in s]) <= 1


async def test_a_case_pages_audit_row_is_one_statement_after_its_read(
    notes_client, casework, settings
):
    """After the read transaction's COMMIT, the row alone: on SQLite in a write transaction
    of its own (`write_at_once`, one trip to a thread), on PostgreSQL one statement, atomic
    without a BEGIN and a COMMIT around it."""
    from tests.helpers import statements_received

    case_id = await open_case(notes_client, casework)
    await notes_client.get(f"/cases/{case_id}")
    with statements_received(notes_client.app.state.engine) as received:
        page = await notes_client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    writes = [i for i, statement in enumerate(received) if statement.startswith("INSERT")]
    assert len(writes) == 1 and "INSERT INTO audit_event" in received[writes[0]], received
    after_read = received[writes[0] - 1 :]
    if settings.is_sqlite:
        assert [after_read[0], after_read[-1]] == ["BEGIN IMMEDIATE", "COMMIT"], received
        assert len(after_read) == 3
    else:
        assert not after_read[0].startswith("BEGIN") and len(after_read) == 2, received
