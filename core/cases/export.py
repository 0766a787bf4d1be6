"""A child's cases, filled-in forms and noticing reports for the full-record export
(`core.people.export`, a guardian's access request).

The export shows what the exporting user may see, by the same rules as the pages: the cases
they may open (`core.access.visible_cases`), every entry of those with its corrections, or,
where their role may not read a sensitive entry or the entry's organisation may not share it
with theirs, the entry's kind, date and author without its text (``withheld``); the plans,
participants and handovers of those cases; the forms on those cases and on the child alone,
their answers only where the author's organisation may share them or a report carried them to
the user; the reports sent from the user's organisation or to the municipality whose reports
the user accepts. Cases the user may not see are left out, as the case list leaves them out:
the organisation holding them answers for them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from piccolo.custom_types import Combinable

from core.access import (
    EntryView,
    entry_author_sector,
    entry_visibility,
    organisations_sharing,
    report_sheets,
    visible_cases,
)
from core.auth.current import CurrentUser
from core.auth.permissions import ACCEPT_REPORTS
from core.auth.tables import User
from core.cases.tables import (
    Case,
    CaseEntry,
    CaseEntryRevision,
    CaseParticipant,
    Handover,
    PlanEvaluation,
    PlanGoal,
    PlanTask,
    Report,
)
from core.cases.workflows import stage_of, workflow_of
from core.forms.display import answers, as_text
from core.forms.tables import FormSubmission
from core.forms.versions import stored_version
from core.plugins import Plugins


async def case_records(
    plugins: Plugins, user: CurrentUser, child_id: int, records: Sequence[int]
) -> dict[str, list[dict[str, Any]]]:
    """The cases, form submissions and reports of ``records`` (the child's record and those
    merged into it) that ``user`` may see, as described above."""
    cases = await _cases(plugins, user, records)
    submissions = await _submissions(user, child_id, records, {case["id"] for case in cases})
    return {
        "cases": cases,
        "form_submissions": submissions,
        "reports": await _reports(user, records),
    }


async def _cases(
    plugins: Plugins, user: CurrentUser, records: Sequence[int]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Case.select(
            *Case.all_columns(),
            Case.owner_organisation.name.as_alias("owner_organisation_name"),
            Case.responsible.full_name.as_alias("responsible_name"),
        )
        .where(Case.child.is_in(list(records)) & await visible_cases(user))
        .order_by(Case.opened_at)
        .order_by(Case.id)
    )
    for case in rows:
        case_id = case["id"]
        case["stage_label"] = _stage_label(plugins, case["workflow"], case["stage"])
        case["participants"] = await _participants(case_id)
        case["goals"] = (
            await PlanGoal.select().where(PlanGoal.case == case_id).order_by(PlanGoal.id)
        )
        case["tasks"] = (
            await PlanTask.select(
                *PlanTask.all_columns(), PlanTask.owner.full_name.as_alias("owner_name")
            )
            .where(PlanTask.case == case_id)
            .order_by(PlanTask.id)
        )
        case["evaluations"] = (
            await PlanEvaluation.select(
                *PlanEvaluation.all_columns(),
                PlanEvaluation.author.full_name.as_alias("author_name"),
            )
            .where(PlanEvaluation.case == case_id)
            .order_by(PlanEvaluation.id)
        )
        case["handovers"] = await _handovers(plugins, case)
        case["entries"] = await _entries(user, case)
    return rows


def _stage_label(plugins: Plugins, workflow: str, stage: str) -> str:
    try:
        return stage_of(workflow_of(plugins, workflow), stage).label
    except KeyError:  # the workflow's plugin is gone; the stage's key is all there is
        return stage


async def _participants(case_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await CaseParticipant.select(
            *CaseParticipant.all_columns(),
            CaseParticipant.user.full_name.as_alias("user_name"),
            CaseParticipant.contact.name.as_alias("contact_name"),
            CaseParticipant.contact.post.as_alias("contact_post"),
            CaseParticipant.organisation.name.as_alias("organisation_name"),
            CaseParticipant.added_by.full_name.as_alias("added_by_name"),
        )
        .where(CaseParticipant.case == case_id)
        .order_by(CaseParticipant.id)
    )
    return rows


async def _handovers(plugins: Plugins, case: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Handover.select(
            *Handover.all_columns(),
            Handover.sender.full_name.as_alias("sender_name"),
            Handover.receiver.full_name.as_alias("receiver_name"),
        )
        .where(Handover.case == case["id"])
        .order_by(Handover.id)
    )
    for row in rows:
        row["from_stage_label"] = _stage_label(plugins, case["workflow"], row["from_stage"])
        row["to_stage_label"] = _stage_label(plugins, case["workflow"], row["to_stage"])
    return rows


async def _entries(user: CurrentUser, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's timeline, oldest first; a withheld entry keeps its kind, date and author."""
    rows: list[dict[str, Any]] = (
        await CaseEntry.select(
            *CaseEntry.all_columns(),
            CaseEntry.author.full_name.as_alias("author_name"),
            CaseEntry.author_organisation.name.as_alias("author_organisation_name"),
            entry_author_sector(),
        )
        .where(CaseEntry.case == case["id"])
        .order_by(CaseEntry.created_at)
        .order_by(CaseEntry.id)
    )
    visibility = await entry_visibility(user, case, rows)
    readable = []
    for row in rows:
        view = visibility.view(row)
        row["withheld"] = None if view is EntryView.full else view.value
        if view is EntryView.full:
            readable.append(row["id"])
        else:
            row["body"] = None
        row["corrections"] = []
    if readable:
        revisions = (
            await CaseEntryRevision.select(
                *CaseEntryRevision.all_columns(),
                CaseEntryRevision.corrected_by.full_name.as_alias("corrected_by_name"),
            )
            .where(CaseEntryRevision.entry.is_in(readable))
            .order_by(CaseEntryRevision.id)
        )
        by_entry = {row["id"]: row for row in rows}
        for revision in revisions:
            by_entry[revision["entry"]]["corrections"].append(revision)
    return rows


async def _reports(user: CurrentUser, records: Sequence[int]) -> list[dict[str, Any]]:
    membership = user.membership
    if membership is None:
        return []
    reach: Combinable = Report.from_organisation == membership.organisation_id
    if user.can(ACCEPT_REPORTS) and membership.municipality_id is not None:
        reach |= Report.municipality == membership.municipality_id
    rows: list[dict[str, Any]] = (
        await Report.select(
            *Report.all_columns(),
            Report.from_organisation.name.as_alias("from_organisation_name"),
            Report.municipality.name.as_alias("municipality_name"),
            Report.noticer.full_name.as_alias("noticer_name"),
        )
        .where(Report.child.is_in(list(records)) & reach)
        .order_by(Report.id)
    )
    return rows


async def _submissions(
    user: CurrentUser,
    child_id: int,
    records: Sequence[int],
    case_ids: set[int],
) -> list[dict[str, Any]]:
    """The forms on the exported cases and on the child alone; answers only where the author's
    organisation may share them, or a report carried the form to the user
    (`core.access.report_sheets`)."""
    where = FormSubmission.case.is_null() | FormSubmission.case.is_in(sorted(case_ids) or [0])
    rows: list[dict[str, Any]] = (
        await FormSubmission.select(
            *FormSubmission.all_columns(),
            FormSubmission.author.full_name.as_alias("author_name"),
            FormSubmission.author_organisation.name.as_alias("author_organisation_name"),
        )
        .where(FormSubmission.child.is_in(list(records)) & where)
        .order_by(FormSubmission.created_at)
        .order_by(FormSubmission.id)
    )
    shared = await organisations_sharing(
        user, child_id, {row["author_organisation"] for row in rows}
    )
    reported = await report_sheets(user, {row["id"] for row in rows})
    editors = await _names({row["updated_by"] for row in rows if row["updated_by"]})
    for row in rows:
        stored = await stored_version(row["form_key"], row["form_version"])
        row["form_title"] = str(stored.schema.title) if stored else row["form_key"]
        row["updated_by_name"] = editors.get(row["updated_by"] or 0, "")
        data = row["data"]
        values = json.loads(data) if isinstance(data, str) else data
        if row["author_organisation"] in shared or row["id"] in reported:
            row["withheld"] = None
            row["data"] = values
            row["answers"] = (
                [
                    {"label": str(answer.label), "text": as_text(answer)}
                    for answer in await answers(stored.schema, values)
                ]
                if stored
                else []
            )
        else:
            row["withheld"] = EntryView.not_shared.value
            row["data"] = None
            row["answers"] = []
    return rows


async def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(sorted(user_ids)))
    return {row["id"]: row["full_name"] for row in rows}
