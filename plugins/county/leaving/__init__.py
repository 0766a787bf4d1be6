"""Part "A participant leaves when consent ends": a case manager of a named municipality
(`crossing`) and the competence centre's specialist (`competence`) join a case only while
`may_share` lets the case's content reach them. When a guardian withdraws a consent
(core's ``heaolu_after_consent_withdrawn``) or, found by the daily job, a consent runs out,
each such participant of the child's cases is asked about again and, when the content may no
longer reach them, leaves the case (core's `remove_case_participant`, audited)."""

from __future__ import annotations

from plugins.county.leaving.joinings import JOB_HANDLERS, PERIODIC_JOBS, consent_withdrawn
from plugins.county.part import Part

PART = Part(
    periodic_jobs=PERIODIC_JOBS,
    job_handlers=JOB_HANDLERS,
    consent_withdrawn=consent_withdrawn,
)
