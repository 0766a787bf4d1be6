"""Claims the notes plugin's job kind: start-up must refuse it."""

from core.hookspecs import hookimpl


async def write_elsewhere(payload):
    return None


@hookimpl
def heaolu_job_handlers():
    return {"notes.write": write_elsewhere}
