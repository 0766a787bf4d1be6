"""The municipality plugin's demo: the posts of Tartu's and Elva's networks (sample people)."""

from __future__ import annotations

from core.auth.demo import ensure_account
from core.demo import DemoContext
from plugins.municipality.roles import (
    CASE_MANAGER,
    EDUCATION_COORDINATOR,
    NETWORK_LEADER,
    NETWORK_MEMBER,
    WELFARE_LEAD,
)

TARTU_OFFICE = ("Tartu linn", "Tartu Linnavalitsus")
ELVA_OFFICE = ("Elva vald", "Elva Vallavalitsus")
TARTU_POLICE = ("Tartu linn", "Tartu politseijaoskond")

# username, full name (sample), organisation, role, what the account is for
ACCOUNTS = (
    (
        "tartu.casemanager",
        "Kaie Korraldaja",
        TARTU_OFFICE,
        CASE_MANAGER,
        "municipality case manager, Tartu linn",
    ),
    ("tartu.welfare", "Helle Heaolu", TARTU_OFFICE, WELFARE_LEAD, "welfare lead, Tartu linn"),
    (
        "tartu.networklead",
        "Vello Võrk",
        TARTU_OFFICE,
        NETWORK_LEADER,
        "network leader, Tartu linn",
    ),
    (
        "tartu.education",
        "Eha Haridus",
        TARTU_OFFICE,
        EDUCATION_COORDINATOR,
        "education coordinator, Tartu linn",
    ),
    (
        "tartu.police",
        "Peeter Politsei",
        TARTU_POLICE,
        NETWORK_MEMBER,
        "network member from the police, Tartu linn",
    ),
    (
        "elva.casemanager",
        "Ene Elvast",
        ELVA_OFFICE,
        CASE_MANAGER,
        "municipality case manager, Elva vald",
    ),
)


async def seed_accounts(ctx: DemoContext) -> None:
    for username, full_name, organisation, role, purpose in ACCOUNTS:
        await ensure_account(ctx, username, full_name, organisation, role, purpose)
