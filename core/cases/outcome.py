"""The outcome a closing step records when its forms already say it.

A workflow whose closing step requires a form (the municipality plugin's "Closing the case")
asks the outcome in that form; the step then records the form's answers as the case's
outcome instead of asking the user to write it again.
"""

from __future__ import annotations

from core.forms.display import answers
from core.forms.submissions import submissions_of_case
from core.forms.versions import stored_version
from core.registry import Transition

OUTCOME_LIMIT = 5_000


async def outcome_from_forms(case_id: int, transition: Transition) -> str:
    """The answers of the latest submission of each of ``transition``'s forms on the case, one
    "label: answer" line each (empty answers and groups left out); empty without forms."""
    latest = {s.form_key: s for s in await submissions_of_case(case_id)}
    lines = []
    for key in transition.forms:
        submission = latest.get(key)
        if submission is None:
            continue
        stored = await stored_version(key, submission.form_version)
        if stored is None:
            continue
        for answer in await answers(stored.schema, submission.values):
            if answer.text and not answer.group:
                lines.append(f"{answer.label}: {answer.text}")
    return "\n".join(lines)[:OUTCOME_LIMIT]
