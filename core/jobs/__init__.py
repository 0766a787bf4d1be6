"""Background jobs kept in the database (the app ``jobs``, table ``jobs_job``).

Reminders, e-mail and deadline checks run here, never as loops inside web workers:
``heaolu jobs run`` makes one pass (for cron), ``heaolu jobs worker`` keeps making passes.

The API:

- ``enqueue(kind, payload=None, run_at=None, dedupe_key=None, max_attempts=5) -> int | None``
  (`core.jobs.queue`): enqueue in the current transaction; None when the dedupe key was taken.
- Handlers: a plugin (core included) maps kinds to ``async def handler(payload)`` in the hook
  ``heaolu_job_handlers()``; kinds start with ``<plugin>.``.
- Scheduled work: ``heaolu_periodic_jobs()`` returns ``core.registry.PeriodicJob(name,
  enqueue_due)``; every pass calls ``await enqueue_due(now)``, which enqueues what is due with
  dedupe keys such as ``f"cases.deadlines:{day}"``, so it is enqueued once.
- `core.jobs.runner.JobRunner` claims jobs under a lease and retries failures with backoff;
  its docstring states the guarantees (at least once: handlers must be idempotent).

Working days for deadlines are in `core.working_days`.
"""

from core.jobs.queue import enqueue

__all__ = ["enqueue"]
