"""A municipality administrator manages every user whose memberships are all in their
municipality, the plugin's posts (network roles, which see no child by scope) included."""

import pytest

from core.auth.tables import Membership
from tests.helpers import log_in, make_user, post

pytestmark = pytest.mark.anyio
POSTS = ("tartu.networklead", "tartu.education", "tartu.police")


@pytest.fixture
async def posts(town):
    ids = dict(town)
    ids["tartu.education"] = await make_user(
        "tartu.education", town["tartu_office"], "municipality_education_coordinator"
    )
    return ids


async def test_tartus_administrator_opens_the_network_posts_it_lists(municipality_client, posts):
    assert (await log_in(municipality_client, "tartu.admin")).status_code == 303
    listed = (await municipality_client.get("/admin/users")).text
    for username in POSTS:
        assert username in listed
        page = await municipality_client.get(f"/admin/users/{posts[username]}")
        assert page.status_code == 200, username
        assert username in page.text


async def test_tartus_administrator_gives_a_network_role(municipality_client, posts):
    assert (await log_in(municipality_client, "tartu.admin")).status_code == 303
    user = posts["tartu.casemanager"]
    added = await post(
        municipality_client,
        f"/admin/users/{user}/memberships",
        {
            "organisation": str(posts["tartu_office"]),
            "role": "municipality_youth_coordinator",
            "unit": "",
        },
    )
    assert added.status_code == 303
    assert await Membership.exists().where(
        (Membership.user == user) & (Membership.role == "municipality_youth_coordinator")
    )


async def test_elvas_administrator_does_not_reach_tartus_posts(municipality_client, posts):
    assert (await log_in(municipality_client, "elva.admin")).status_code == 303
    assert "tartu.police" not in (await municipality_client.get("/admin/users")).text
    for username in POSTS:
        page = await municipality_client.get(f"/admin/users/{posts[username]}")
        assert page.status_code == 404, username
