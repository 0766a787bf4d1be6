"""The plugin's tests run heaolu in process, with every installed plugin, on a fresh SQLite
database for each test (`core.api.testing`): Tartu linn's child protection specialist, its case
manager (no child-protection role), Elva vald's child protection specialist, and one open
child-protection case of a Tartu child."""

from datetime import date

import pytest
from core.api import (
    CHILD_PROTECTION_ROLE,
    CHILD_PROTECTION_STAGE,
    Child,
    NewChild,
    Organisation,
    User,
    add_child,
    open_case,
    testing,
    workflow_of,
)

TARTU, ELVA = "Tartu linn", "Elva vald"
CASE_MANAGER_ROLE = "municipality_case_manager"


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def site(tmp_path):
    site = await testing.TestSite.start(f"sqlite:///{tmp_path / 'test.db'}")
    await site.add_user("specialist", role=CHILD_PROTECTION_ROLE, municipality=TARTU)
    await site.add_user("manager", role=CASE_MANAGER_ROLE, municipality=TARTU)
    await site.add_user("elva", role=CHILD_PROTECTION_ROLE, municipality=ELVA)
    await site.enable("signs_of_safety", TARTU)
    return site


@pytest.fixture
async def case_id(site):
    """An open case of a Tartu child at core's child-protection stage."""
    tartu = await site.municipality(TARTU)
    child_id = await add_child(NewChild("Kertu", "Proov", date(2016, 4, 18), tartu))
    child = await Child.select().where(Child.id == child_id).first()
    office = (
        await Organisation.select(Organisation.id).where(Organisation.municipality == tartu).first()
    )
    specialist = await User.select(User.id).where(User.username == "specialist").first()
    return await open_case(
        site.plugins,
        child=child,
        organisation_id=office["id"],
        workflow=workflow_of(site.plugins, "core.child_protection"),
        responsible=specialist["id"],
        reason="Teade",
        stage=CHILD_PROTECTION_STAGE,
    )
