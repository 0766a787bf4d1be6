"""``heaolu retention --dry-run|--apply``: remove what heaolu may no longer keep.

- children who left every kindergarten and school more than ``HEAOLU_RETENTION_YEARS`` ago
  (and were added before that), and whose cases, noticing reports and forms are as old: no
  case open or closed since, no report or form since. They go with everything of theirs:
  enrolments, guardian links, corrections, consents, overrides, cases (with their timelines
  and corrections, plans, handovers and participants), forms, reports, and the files of those
  records. A record merged into another goes with the record it leads to, never before it.
  Files name their record without a foreign key (`core.consent.attachments.OWNERS`), so they
  are deleted here by name, together with any file whose record is gone. Audit rows about
  removed children stay, as they hold ids only, until ``heaolu audit prune`` removes them (see
  docs/data-protection.md);
- cases closed more than the same period ago, of children who stay, with everything of the
  case: its timeline, plan, handovers, participants, the forms filled in on it and the
  noticing report it was opened from;
- guardians no remaining child is linked to and no remaining consent names;
- sessions past their absolute lifetime, login throttle rows an hour after their last
  failure, and one-time submission keys a day after their form was sent (all are kept only as
  long as they work).

The child's rows go by the database's ``ON DELETE CASCADE`` from ``people_child`` (and a
case's from ``cases_case``); `tests/core/cases/test_retention.py` reads every table afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import UTC, date, datetime, timedelta
from typing import Any

from piccolo.columns import ForeignKey

from core.auth.submissions import KEEP_FOR
from core.auth.tables import LoginThrottle, Session, SubmissionKey
from core.auth.throttle import FORGET_AFTER
from core.cases.tables import Case, CaseEntry, CaseStatus, Report
from core.consent.attachments import OWNERS, attachments_of
from core.consent.tables import Attachment, Consent, ShareOverride
from core.forms.tables import FormSubmission
from core.people.tables import Child, ChildChange, Enrolment, Guardian, GuardianLink
from core.settings import Settings

# Ids in one IN (...) list: well under SQLite's limit on a statement's parameters.
CHUNK = 500


@dataclass(frozen=True)
class RetentionReport:
    """How many rows of each kind were removed (or, in a dry run, would be)."""

    children: int
    enrolments: int
    guardian_links: int
    corrections: int
    consents: int
    overrides: int
    cases: int
    case_entries: int
    form_submissions: int
    reports: int
    attachments: int
    guardians: int
    sessions: int
    throttle_rows: int
    submission_keys: int

    def counts(self) -> list[tuple[str, int]]:
        """(kind, count) in the order above, for reporting."""
        return [(f.name, n) for f, n in zip(fields(self), astuple(self), strict=True)]


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start : start + CHUNK])


async def _children_past_retention(cutoff: date) -> list[int]:
    """Children added before ``cutoff`` with no enrolment open or ended on or after it, no case
    open or closed on or after it, and no report or form made or changed on or after it, taken
    together with the records merged into them: such a group goes whole or stays whole."""
    added_before = datetime.combine(cutoff, datetime.min.time(), UTC)
    recent = {
        row["child"]
        for row in await Enrolment.select(Enrolment.child).where(
            Enrolment.ends_on.is_null() | (Enrolment.ends_on >= cutoff)
        )
    }
    recent |= {
        row["child"]
        for row in await Case.select(Case.child).where(
            (Case.status == CaseStatus.open.value) | (Case.closed_at >= added_before)
        )
    }
    recent |= {
        row["child"]
        for row in await Report.select(Report.child).where(Report.created_at >= added_before)
    }
    recent |= {
        row["child"]
        for row in await FormSubmission.select(FormSubmission.child).where(
            FormSubmission.updated_at >= added_before
        )
    }
    rows = await Child.select(Child.id, Child.merged_into, Child.created_at)
    merged_into = {row["id"]: row["merged_into"] for row in rows}

    def survivor(child_id: int) -> int:
        seen = {child_id}
        while (following := merged_into.get(child_id)) is not None and following not in seen:
            seen.add(following)
            child_id = following
        return child_id

    kept_groups = {
        survivor(row["id"])
        for row in rows
        if row["id"] in recent or row["created_at"] >= added_before
    }
    return sorted(row["id"] for row in rows if survivor(row["id"]) not in kept_groups)


async def _count_of(column: ForeignKey[Any], ids: list[int]) -> int:
    """How many rows of ``column``'s table refer to one of ``ids``."""
    table = column._meta.table
    total = 0
    for chunk in _chunks(ids):
        total += await table.count().where(column.is_in(chunk))
    return total


async def _closed_cases_past_retention(cutoff: date, leaving: set[int]) -> list[int]:
    """Cases closed before ``cutoff`` of children who stay (the others go whole)."""
    closed_before = datetime.combine(cutoff, datetime.min.time(), UTC)
    rows = await Case.select(Case.id, Case.child).where(
        (Case.status == CaseStatus.closed.value) & (Case.closed_at < closed_before)
    )
    return sorted(row["id"] for row in rows if row["child"] not in leaving)


async def _cases_of(children: list[int]) -> list[int]:
    ids: list[int] = []
    for chunk in _chunks(children):
        ids += [row["id"] for row in await Case.select(Case.id).where(Case.child.is_in(chunk))]
    return ids


async def _attachments(children: list[int]) -> list[int]:
    """The files of the children's records and the files whose record is gone."""
    ids = [row["id"] for chunk in _chunks(children) for row in await attachments_of(chunk)]
    for owner_type, owner in OWNERS.items():
        orphans = await Attachment.select(Attachment.id).where(
            (Attachment.owner_type == owner_type)
            & Attachment.owner_id.not_in(owner.select(owner.id))
        )
        ids += [row["id"] for row in orphans]
    return sorted(set(ids))


async def _guardians_left_alone(leaving: set[int]) -> list[int]:
    """Guardians whom no remaining child's link or consent names."""
    named = await GuardianLink.select(GuardianLink.guardian, GuardianLink.child)
    named += await Consent.select(Consent.guardian, Consent.child)
    still_named = {row["guardian"] for row in named if row["child"] not in leaving}
    return [row["id"] for row in await Guardian.select(Guardian.id) if row["id"] not in still_named]


async def apply_retention(
    settings: Settings, apply: bool, today: date | None = None
) -> RetentionReport:
    """Count (and with ``apply`` delete) what is past retention; run in one transaction."""
    today = today or date.today()
    cutoff = _years_before(today, settings.retention_years)
    children = await _children_past_retention(cutoff)
    old_cases = await _closed_cases_past_retention(cutoff, set(children))
    cases = await _cases_of(children) + old_cases
    attachments = await _attachments(children)
    guardians = await _guardians_left_alone(set(children))
    now = datetime.now(UTC)
    old_sessions = Session.created_at < now - timedelta(hours=settings.session_max_hours)
    old_throttles = LoginThrottle.last_failure_at < now - FORGET_AFTER
    old_keys = SubmissionKey.created_at < now - KEEP_FOR
    report = RetentionReport(
        children=len(children),
        enrolments=await _count_of(Enrolment.child, children),
        guardian_links=await _count_of(GuardianLink.child, children),
        corrections=await _count_of(ChildChange.child, children),
        consents=await _count_of(Consent.child, children),
        overrides=await _count_of(ShareOverride.child, children),
        cases=len(cases),
        case_entries=await _count_of(CaseEntry.case, cases),
        form_submissions=await _count_of(FormSubmission.child, children)
        + await _count_of(FormSubmission.case, old_cases),
        reports=await _count_of(Report.child, children) + await _count_of(Report.case, old_cases),
        attachments=len(attachments),
        guardians=len(guardians),
        sessions=await Session.count().where(old_sessions),
        throttle_rows=await LoginThrottle.count().where(old_throttles),
        submission_keys=await SubmissionKey.count().where(old_keys),
    )
    if apply:
        for chunk in _chunks(old_cases):
            # The report a case was opened from goes with it (its sheet is the case's form);
            # the case's timeline, plan, handovers, participants and forms go by cascade.
            await Report.delete().where(Report.case.is_in(chunk))
            await Case.delete().where(Case.id.is_in(chunk))
        for chunk in _chunks(children):
            # A record merged into another refers to it; both go, so the reference goes first.
            await Child.update({Child.merged_into: None}).where(Child.id.is_in(chunk))
        for chunk in _chunks(children):
            # Enrolments, links, corrections, consents, overrides, cases, forms and reports go
            # with the child.
            await Child.delete().where(Child.id.is_in(chunk))
        for chunk in _chunks(attachments):
            await Attachment.delete().where(Attachment.id.is_in(chunk))
        for chunk in _chunks(guardians):
            await Guardian.delete().where(Guardian.id.is_in(chunk))
        await Session.delete().where(old_sessions)
        await LoginThrottle.delete().where(old_throttles)
        await SubmissionKey.delete().where(old_keys)
    return report
