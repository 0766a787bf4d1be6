"""What this part shows about a case, shared by its pages, the case panel and "my work"."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from piccolo.columns import Column

from core.api import CaseStatus, Kept, together
from plugins.municipality.casework.tables import Agreement, CooperationProblem, RoundTable

# The columns of round tables, agreements and problems, with the names joined. Built once:
# Piccolo copies a joined table's columns for every join column it makes.


@cache
def _round_table_columns() -> tuple[Column, ...]:
    return (
        RoundTable.id,
        RoundTable.held_on,
        RoundTable.starts_at,
        RoundTable.place,
        RoundTable.convener.full_name.as_alias("convener_name"),
    )


@cache
def _agreement_columns() -> tuple[Column, ...]:
    return (
        *Agreement.all_columns(),
        Agreement.responsible.full_name.as_alias("responsible_name"),
        Agreement.done_by.full_name.as_alias("done_by_name"),
    )


@cache
def _problem_columns() -> tuple[Column, ...]:
    return (
        *CooperationProblem.all_columns(),
        CooperationProblem.raised_by.full_name.as_alias("raised_by_name"),
        CooperationProblem.resolved_by.full_name.as_alias("resolved_by_name"),
        CooperationProblem.agreement.text.as_alias("agreement_text"),
    )


def base(case_id: int) -> str:
    """Where a case's round tables are."""
    return f"/municipality/cases/{case_id}/round-tables"


# The case panel's statements, which every case page of the municipality runs, kept as SQL.
ROUND_TABLES = Kept(
    lambda *, case: (
        RoundTable.select(*_round_table_columns())
        .where(RoundTable.case == case)
        .order_by(RoundTable.held_on, ascending=False)
    )
)
OPEN_AGREEMENTS = Kept(
    lambda *, case: _agreements((Agreement.case == case) & Agreement.done_at.is_null())
)
# "My work" of everyone responsible for agreements, kept as well.
AGREEMENTS_TO_FULFIL = Kept(
    lambda *, user: _agreements(
        (Agreement.responsible == user)
        & Agreement.done_at.is_null()
        & (Agreement.case._.status == CaseStatus.open.value)
    )
)
PROBLEMS = Kept(lambda *, case: _problems(CooperationProblem.case == case))


def _mark_overdue(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    today = date.today()
    for row in rows:
        row["overdue"] = row["done_at"] is None and row["due_on"] < today
    return rows


def _agreements(where: Any) -> Any:
    """The agreements ``where`` allows, with the names, by due date."""
    return Agreement.select(*_agreement_columns()).where(where).order_by(Agreement.due_on)


def _problems(where: Any) -> Any:
    """The cooperation problems ``where`` allows, with the names, newest first."""
    return (
        CooperationProblem.select(*_problem_columns())
        .where(where)
        .order_by(CooperationProblem.raised_at, ascending=False)
    )


async def agreements_of(where: Any) -> list[dict[str, Any]]:
    return _mark_overdue(await _agreements(where))


async def problems_of(where: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = await _problems(where)
    return rows


async def panel_context(case: dict[str, Any], working: bool) -> dict[str, Any]:
    """The case's round tables, open agreements and cooperation problems, and whether the user
    may add to them (``working``: they work on the case, `works_on`)."""
    is_open = case["status"] == CaseStatus.open.value
    round_tables, agreements, problems = await together(
        ROUND_TABLES.asked(case=case["id"]),
        OPEN_AGREEMENTS.asked(case=case["id"]),
        PROBLEMS.asked(case=case["id"]),
    )
    return {
        "case_id": case["id"],
        "round_tables": round_tables,
        "agreements": _mark_overdue(agreements),
        "problems": problems,
        "working": working and is_open,
    }


async def agreements_to_fulfil(user_id: int) -> list[dict[str, Any]]:
    """The open agreements of open cases that ``user_id`` is responsible for, by due date."""
    return _mark_overdue(await AGREEMENTS_TO_FULFIL.rows(user=user_id))
