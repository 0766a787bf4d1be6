"""Saving and reading submissions (filled-in forms) with optimistic locking.

These functions neither check access nor audit: the page that calls them has already let the
user see the child or the case (`core.access`) and records what it did. Saving (`submit`,
`update_submission`) is the one place a submission is stored: the plugins enabled in the
municipality of the organisation holding it (the author's) hear of it through
``heaolu_after_form_saved``, in the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.auth.current import CurrentUser
from core.enablement import enabled_plugins
from core.forms.tables import FormSubmission
from core.kept import Asked, Kept
from core.people.tables import Organisation
from core.plugins import Plugins
from core.registry import FormSchema


@dataclass(frozen=True)
class Submission:
    """A filled-in form as stored: its form's key and version, the child, the case (None when
    filled in on the child alone), the clean ``values`` by field key (dates as ISO text, choices
    as option keys), the author and their organisation (which holds it), and ``version`` (one
    more with every saved correction)."""

    id: int
    form_key: str
    form_version: int
    child_id: int
    case_id: int | None
    values: dict[str, Any]
    author_id: int
    author_organisation_id: int
    created_at: datetime
    updated_at: datetime
    updated_by: int | None
    version: int


def _submission(row: dict[str, Any]) -> Submission:
    data = row["data"]
    return Submission(
        id=row["id"],
        form_key=row["form_key"],
        form_version=row["form_version"],
        child_id=row["child"],
        case_id=row["case"],
        values=json.loads(data) if isinstance(data, str) else data,
        author_id=row["author"],
        author_organisation_id=row["author_organisation"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        updated_by=row["updated_by"],
        version=row["version"],
    )


def _json(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False)


async def _saved(plugins: Plugins, row: dict[str, Any], user: CurrentUser) -> None:
    """Tell the plugins enabled where the submission's organisation is that it was stored."""
    holder = (
        await Organisation.select(Organisation.municipality)
        .where(Organisation.id == row["author_organisation"])
        .first()
    )
    await plugins.notify(
        await enabled_plugins(plugins, holder["municipality"] if holder else None),
        "heaolu_after_form_saved",
        submission=_submission(row),
        user=user,
    )


async def submit(
    plugins: Plugins,
    form: FormSchema,
    values: dict[str, Any],
    *,
    child_id: int,
    case_id: int | None,
    author: CurrentUser,
) -> int:
    """Save ``values`` (an entry's clean values) filled in ``form`` (the version it was filled
    in) about a child, on one of its cases or on the child alone; returns the new id.

    The author's organisation is their active membership's."""
    if author.membership is None:
        raise ValueError("only a user with an active membership can submit a form")
    [row] = await FormSubmission.insert(
        FormSubmission(
            form_key=form.key,
            form_version=form.version,
            child=child_id,
            case=case_id,
            data=_json(values),
            author=author.id,
            author_organisation=author.membership.organisation_id,
        )
    ).returning(*FormSubmission.all_columns())
    await _saved(plugins, row, author)
    return int(row["id"])


async def get_submission(submission_id: int) -> Submission | None:
    row = await FormSubmission.select().where(FormSubmission.id == submission_id).first()
    return None if row is None else _submission(row)


async def update_submission(
    plugins: Plugins,
    submission_id: int,
    expected_version: int,
    values: dict[str, Any],
    editor: CurrentUser,
) -> bool:
    """Replace the values if the submission is still at ``expected_version`` (what the editor
    started from); False, changing nothing, when someone else saved first."""
    changed = (
        await FormSubmission.update(
            {
                FormSubmission.data: _json(values),
                FormSubmission.version: FormSubmission.version + 1,
                FormSubmission.updated_at: datetime.now(UTC),
                FormSubmission.updated_by: editor.id,
            }
        )
        .where((FormSubmission.id == submission_id) & (FormSubmission.version == expected_version))
        .returning(*FormSubmission.all_columns())
    )
    if not changed:
        return False
    await _saved(plugins, changed[0], editor)
    return True


def _of_case(case: Any, *columns: Any) -> Any:
    """The case's submissions (``columns`` of them, or every one), oldest first."""
    return (
        FormSubmission.select(*columns)
        .where(FormSubmission.case == case)
        .order_by(FormSubmission.created_at)
        .order_by(FormSubmission.id)
    )


OF_CASE = Kept(lambda *, case: _of_case(case))


async def submissions_of_case(case_id: int) -> list[Submission]:
    """The case's submissions, oldest first."""
    return [_submission(row) for row in await OF_CASE.rows(case=case_id)]


# What a list of the case's submissions shows (`forms/_submissions.html`): not the answers.
LISTED_OF_CASE = Kept(
    lambda *, case: _of_case(
        case,
        FormSubmission.id,
        FormSubmission.form_key,
        FormSubmission.case.as_alias("case_id"),
        FormSubmission.created_at,
    )
)


def listed_of_case_select(case_id: int) -> Asked:
    """The case's submissions as a list shows them (``id``, ``form_key``, ``case_id``,
    ``created_at``), oldest first, to read `together` with others."""
    return LISTED_OF_CASE.asked(case=case_id)


async def submissions_of_child(child_id: int, without_case: bool = False) -> list[Submission]:
    """The child's submissions (only those on no case when ``without_case``), oldest first.
    The caller leaves out those on cases the user may not see."""
    query = FormSubmission.select().where(FormSubmission.child == child_id)
    if without_case:
        query = query.where(FormSubmission.case.is_null())
    rows = await query.order_by(FormSubmission.created_at).order_by(FormSubmission.id)
    return [_submission(row) for row in rows]


async def has_submission(case_id: int, key: str) -> bool:
    """Has form ``key`` (any version) been filled in on the case?"""
    return bool(
        await FormSubmission.exists().where(
            (FormSubmission.case == case_id) & (FormSubmission.form_key == key)
        )
    )
