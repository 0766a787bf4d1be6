"""The county coordinator sees no child's record and no case: its scope is the county and it
holds no record permission."""

from datetime import date

import pytest

from tests.core.people.conftest import make_child
from tests.helpers import sign_in

pytestmark = pytest.mark.anyio


async def test_the_county_coordinator_reads_no_child_and_no_case(county_client, county):
    child = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_school"])
    await sign_in(county_client, "county.coordinator")
    assert (await county_client.get("/")).status_code == 200
    assert "Mari Mets" not in (await county_client.get("/children?q=Mets")).text
    assert "Mets, Mari" not in (await county_client.get("/children?q=Mets")).text
    assert (await county_client.get(f"/children/{child}")).status_code == 404
