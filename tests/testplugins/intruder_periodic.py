"""Claims the notes plugin's periodic job: start-up must refuse it."""

from core.hookspecs import hookimpl
from core.registry import PeriodicJob


async def enqueue_nothing(now):
    return None


@hookimpl
def heaolu_periodic_jobs():
    return [PeriodicJob("notes.daily", enqueue_nothing)]
